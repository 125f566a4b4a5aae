#pragma once

#include "chapters/framework/ExperimentPanel.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai {
struct Frame;
}

namespace neuroai::widgets {
class HeatmapPlot;
class ParameterPanel;
class XYPlot;
}  // namespace neuroai::widgets

namespace neuroai::chapters {

// Chapter 2's competitive STDP (Song, Miller & Abbott 2000), live: 1000 excitatory Poisson inputs with plastic
// conductances onto one integrate-and-fire cell (model song-miller-abbott). The histogram of g/g_max (top left)
// starts flat and turns U-shaped, the weights by input index (top right) show which synapses won, and the output
// rate against simulated time (bottom) falls from the uniform start's ~85 Hz to a steady ~15 Hz. The learning takes
// hundreds of simulated seconds, so the panel starts at 20× real time (600 s in 30 s of wall time); the toolbar's
// "as fast as possible" runs it at 120–170× on a loaded 2-core machine (the bare engine: ~1000×).
class SongMillerAbbottPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit SongMillerAbbottPanel(QWidget* parent = nullptr);
    ~SongMillerAbbottPanel() override;

    QString title() const override { return tr("Competitive STDP"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    bool runHeadless(double ms, int timeoutMs = 120000) override;

    QStringList models() const override;
    QString currentModel() const override;
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override;
    quint64 currentSeed() const override;
    QList<Preset> presetsFor(const QString& model) const override;
    void applyState(const PanelState& target, bool restart) override;
    QStringList readoutNames() const override;

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    widgets::XYPlot* histogramPlot() const { return m_histogram; }
    widgets::XYPlot* ratePlot() const { return m_rates; }
    widgets::HeatmapPlot* weightPlot() const { return m_weights; }
    QXYSeries* histogramSeries() const { return m_histogramSeries; }
    QXYSeries* rateSeries() const { return m_rateSeries; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }
    // The histogram counts last drawn (one per bin of g/g_max).
    const QList<int>& histogramCounts() const { return m_counts; }

    static constexpr double kWindowMs = 600000;  // the rate plot's window: 10 minutes of simulated time
    static constexpr double kDefaultSpeed = 20;  // simulated ms per wall-clock ms

private:
    void onParametersChanged();
    void syncPresetBox();
    void showFrame(const Frame& frame);

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;
    QList<int> m_counts;
    double m_rateTop = 100;   // the rate axis' upper end (Hz)
    double m_countTop = 100;  // the histogram's upper end (synapses)

    widgets::ParameterPanel* m_panel = nullptr;
    widgets::XYPlot* m_histogram = nullptr;
    widgets::XYPlot* m_rates = nullptr;
    widgets::HeatmapPlot* m_weights = nullptr;
    QXYSeries* m_histogramSeries = nullptr;
    QXYSeries* m_uniformSeries = nullptr;
    QXYSeries* m_rateSeries = nullptr;
    QXYSeries* m_inputRateSeries = nullptr;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
