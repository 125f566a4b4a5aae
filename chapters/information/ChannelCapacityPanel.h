#pragma once

#include "chapters/information/InformationFigure.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Channel capacity (chapter 7, panel 3): a binary symmetric channel or a Z channel with error probability ε.
// Plots: the capacity against ε (closed form as a line, Blahut–Arimoto as dots, this ε marked), and I(X;Y) against
// the input's P(x = 1) at this ε with the chosen input and the capacity-achieving one marked. Engine: the batch
// experiment `channel-capacity` (InformationExperiments.h).
class ChannelCapacityPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit ChannelCapacityPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Channel capacity"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* capacityPlot() const { return m_capacityPlot; }
    widgets::XYPlot* inputPlot() const { return m_inputPlot; }
    QXYSeries* closedFormSeries() const { return m_closed; }
    QXYSeries* blahutArimotoSeries() const { return m_ba; }
    QXYSeries* currentNoiseMarker() const { return m_currentNoise; }
    QXYSeries* informationSeries() const { return m_mi; }
    QXYSeries* currentInputMarker() const { return m_currentInput; }
    QXYSeries* optimumMarker() const { return m_optimum; }
    QLabel* readoutLabel() const { return m_readout; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    widgets::XYPlot* m_capacityPlot = nullptr;
    QXYSeries* m_noiseLine = nullptr;
    QXYSeries* m_closed = nullptr;
    QXYSeries* m_ba = nullptr;
    QXYSeries* m_currentNoise = nullptr;
    widgets::XYPlot* m_inputPlot = nullptr;
    QXYSeries* m_capacityLine = nullptr;
    QXYSeries* m_mi = nullptr;
    QXYSeries* m_optimum = nullptr;
    QXYSeries* m_currentInput = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
