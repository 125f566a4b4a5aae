#pragma once

#include "chapters/information/InformationFigure.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Decoding a population (chapter 9): which of S directions was shown, read from the spike counts of N tuned
// neurons by LDA or logistic regression. Plots: the tuning curves with the stimulus directions; the mean count of
// every neuron (by preferred direction) for each stimulus, a hill of activity that moves with the stimulus; the
// cross-validated accuracy against the number of neurons; and against the trials per stimulus, with the accuracy
// on the training trials beside it. Engine: the batch experiment `population-decoding`
// (engine/classical/ClassicalExperiments.h).
class DecodingPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit DecodingPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Decoding a population"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* tuningPlot() const { return m_tuningPlot; }
    widgets::XYPlot* responsePlot() const { return m_responsePlot; }
    widgets::XYPlot* neuronsPlot() const { return m_neuronsPlot; }
    widgets::XYPlot* trialsPlot() const { return m_trialsPlot; }
    QXYSeries* accuracyByNeurons() const { return m_byNeurons; }
    QXYSeries* accuracyByTrials() const { return m_byTrials; }
    QXYSeries* trainingByTrials() const { return m_trainingByTrials; }
    const std::vector<QXYSeries*>& tuningSeries() const { return m_tuning; }
    const std::vector<QXYSeries*>& responseSeries() const { return m_responses; }
    QLabel* readoutLabel() const { return m_readout; }

    // At most this many tuning curves are drawn (every k-th neuron beyond it) and this many stimuli get a response.
    static constexpr int kMaxCurves = 16;
    static constexpr int kMaxStimuli = 16;

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString checkParameters(const ParamSet& p) const override;

private:
    widgets::XYPlot* m_tuningPlot = nullptr;
    std::vector<QXYSeries*> m_tuning;
    QXYSeries* m_stimuli = nullptr;
    widgets::XYPlot* m_responsePlot = nullptr;
    std::vector<QXYSeries*> m_responses;
    widgets::XYPlot* m_neuronsPlot = nullptr;
    QXYSeries* m_neuronsChance = nullptr;
    QXYSeries* m_byNeurons = nullptr;
    widgets::XYPlot* m_trialsPlot = nullptr;
    QXYSeries* m_trialsChance = nullptr;
    QXYSeries* m_byTrials = nullptr;
    QXYSeries* m_trainingByTrials = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
