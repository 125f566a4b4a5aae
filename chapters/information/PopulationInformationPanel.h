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

// The population figure: the engine's result plus every neuron's tuning curve and neuron 1's rate at the stimuli.
struct PopulationInformationResult : InformationResult {
    std::vector<double> angles;               // deg, 0…180
    std::vector<std::vector<double>> tuning;  // [neuron][angle] Hz
    std::vector<QPointF> stimuli;             // (orientation deg, neuron 1's rate Hz) at each of the S stimuli
};

// How much a tuned population tells about a stimulus (chapter 7, panel 1): n Poisson neurons with von Mises tuning
// over orientation and S equally likely orientations. Plots: the tuning curves with the stimuli marked; I(S;R) against
// the counting window for the population (Monte Carlo over the known model), the best single neuron (exact) and
// neuron 1's plug-in estimate from a finite number of trials, with log2 S dashed; I(S;R) against the number of
// neurons. Engine: the batch experiment `population-information` (InformationExperiments.h).
class PopulationInformationPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit PopulationInformationPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Population information"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* tuningPlot() const { return m_tuningPlot; }
    widgets::XYPlot* windowPlot() const { return m_windowPlot; }
    widgets::XYPlot* neuronsPlot() const { return m_neuronsPlot; }
    QXYSeries* populationByWindow() const { return m_population; }
    QXYSeries* singleByWindow() const { return m_single; }
    QXYSeries* pluginByWindow() const { return m_plugin; }
    QXYSeries* ceilingByWindow() const { return m_ceiling; }
    QXYSeries* populationByNeurons() const { return m_byNeurons; }
    QXYSeries* neuronOneTuning() const { return m_neuronOne; }
    // The tuning curves drawn (neuron 1 included).
    int tuningCurvesShown() const;
    QLabel* readoutLabel() const { return m_readout; }
    QLabel* pluginLabel() const { return m_pluginReadout; }
    const PopulationInformationResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString checkParameters(const ParamSet& p) const override;
    QString extraMetadata() const override;

private:
    const PopulationInformationResult& shownResult() const
    {
        return static_cast<const PopulationInformationResult&>(IntroPanel::shownResult());
    }
    widgets::XYPlot* m_tuningPlot = nullptr;
    std::vector<QXYSeries*> m_others;  // neurons 2…n (as many series as the spec allows neurons, less one)
    QXYSeries* m_neuronOne = nullptr;
    QXYSeries* m_stimuli = nullptr;
    widgets::XYPlot* m_windowPlot = nullptr;
    QXYSeries* m_ceiling = nullptr;
    QXYSeries* m_windowMarker = nullptr;
    QXYSeries* m_populationLine = nullptr;
    QXYSeries* m_single = nullptr;
    QXYSeries* m_pluginLine = nullptr;
    QXYSeries* m_population = nullptr;
    QXYSeries* m_plugin = nullptr;
    widgets::XYPlot* m_neuronsPlot = nullptr;
    QXYSeries* m_neuronsCeiling = nullptr;
    QXYSeries* m_byNeuronsLine = nullptr;
    QXYSeries* m_byNeurons = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_pluginReadout = nullptr;
};

}  // namespace neuroai::chapters
