#pragma once

#include "chapters/information/InformationFigure.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// The entropy of a spike train (chapter 7, panel 0): a Poisson train with a dead time is cut into bins of Δt and
// words of L bins, and its entropy rate estimated from the word counts by the plug-in estimator and by
// Miller–Madow's correction, against the bin size (at the recording length) and against the recording length (at
// the bin size), with the reference rate dashed (exact without dead time, else a 20× longer recording). The
// readout adds the direct method on a stimulus-driven neuron: total − noise entropy = information.
// Engine: the batch experiment `spike-entropy` (InformationExperiments.h).
class SpikeEntropyPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit SpikeEntropyPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Entropy of a spike train"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* binPlot() const { return m_binPlot; }
    widgets::XYPlot* lengthPlot() const { return m_lengthPlot; }
    QXYSeries* pluginByBin() const { return m_plugBin; }
    QXYSeries* millerMadowByBin() const { return m_mmBin; }
    QXYSeries* referenceByBin() const { return m_refBin; }
    QXYSeries* pluginByLength() const { return m_plugLen; }
    QXYSeries* millerMadowByLength() const { return m_mmLen; }
    QXYSeries* referenceByLength() const { return m_refLen; }
    QLabel* readoutLabel() const { return m_readout; }
    QLabel* directLabel() const { return m_direct; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    widgets::XYPlot* m_binPlot = nullptr;
    QXYSeries* m_refBin = nullptr;
    QXYSeries* m_binMarker = nullptr;
    QXYSeries* m_plugBinLine = nullptr;
    QXYSeries* m_mmBinLine = nullptr;
    QXYSeries* m_plugBin = nullptr;
    QXYSeries* m_mmBin = nullptr;
    widgets::XYPlot* m_lengthPlot = nullptr;
    QXYSeries* m_refLen = nullptr;
    QXYSeries* m_plugLenLine = nullptr;
    QXYSeries* m_mmLenLine = nullptr;
    QXYSeries* m_plugLen = nullptr;
    QXYSeries* m_mmLen = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_direct = nullptr;
};

}  // namespace neuroai::chapters
