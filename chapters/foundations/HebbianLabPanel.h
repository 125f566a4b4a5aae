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

// Chapter 2's Hebbian lab (engine/plasticity/HebbianLab.h): Poisson pre-neurons shown pattern A or B each training
// step, two post-neurons, Hebb's rule with forgetting. Live: the heatmap is the weight matrix W (post × pre, colour
// range fixed at 0 … w_max so growth shows as colour), the plot below each post-neuron's mean weight from the
// A-only and the B-only inputs against training step, and the readout how often each post-neuron answers A and B.
// Time is counted in training steps; the panel runs at 100 steps per second of wall time (speed 0.1) so that
// learning unfolds over seconds.
class HebbianLabPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit HebbianLabPanel(QWidget* parent = nullptr);
    ~HebbianLabPanel() override;

    QString title() const override { return tr("Hebbian lab"); }
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
    widgets::HeatmapPlot* heatmap() const { return m_heatmap; }
    widgets::XYPlot* weightPlot() const { return m_weights; }
    // 0: post 1 ← A, 1: post 1 ← B, 2: post 2 ← A, 3: post 2 ← B.
    QXYSeries* weightSeries(int i) const { return m_series[i]; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }

    static constexpr double kWindowSteps = 2000;
    static constexpr double kDefaultSpeed = 0.1;  // steps per wall-clock ms: 100 training steps a second

private:
    void onParametersChanged();
    void showFrame(const Frame& frame);

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;
    double m_weightTop = 1;

    widgets::ParameterPanel* m_panel = nullptr;
    widgets::HeatmapPlot* m_heatmap = nullptr;
    widgets::XYPlot* m_weights = nullptr;
    QXYSeries* m_series[4] = {nullptr, nullptr, nullptr, nullptr};
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
