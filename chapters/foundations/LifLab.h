#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/FiSweepDriver.h"


#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
QT_END_NAMESPACE

namespace neuroai {
class Model;
struct Frame;
}

namespace neuroai::widgets {
class CurvePlot;
class ParameterPanel;
class TimeSeriesPlot;
}  // namespace neuroai::widgets

namespace neuroai::chapters {

// The LIF lab: sliders for every LIF parameter, the membrane trace with spike markers streaming live, a firing-rate
// readout against the analytic rate, and the f-I curve (swept in the background) over the analytic f-I curve.
class LifLab final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit LifLab(QWidget* parent = nullptr);
    ~LifLab() override;

    QString title() const override { return tr("LIF lab"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    bool runHeadless(double ms, int timeoutMs = 120000) override;

    QStringList models() const override;
    QString currentModel() const override;
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override { return m_controller->parameters(); }
    quint64 currentSeed() const override { return m_controller->seed(); }
    QList<Preset> presetsFor(const QString& model) const override;
    void applyState(const PanelState& target, bool restart) override;

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    widgets::TimeSeriesPlot* tracePlot() const { return m_trace; }
    widgets::CurvePlot* fiPlot() const { return m_fi; }
    QLabel* rateLabel() const { return m_rate; }
    QComboBox* presetBox() const { return m_presetBox; }
    bool sweepFinished() const;
    // The f-I sweep's input range [0, upper] for the current parameters (nA).
    double sweepUpper() const;

private:
    void onParametersChanged();
    // Shows the preset whose values equal the current parameters, or "Custom".
    void syncPresetBox();
    void showFrame(const Frame& frame);
    void updateAnalytic();

    SimulationController* m_controller = nullptr;
    std::unique_ptr<Model> m_theory;  // our own LIF instance for closed-form values; never the running one
    FiSweepDriver* m_sweep = nullptr;
    QList<Preset> m_presets;

    widgets::ParameterPanel* m_panel = nullptr;
    widgets::TimeSeriesPlot* m_trace = nullptr;
    widgets::CurvePlot* m_fi = nullptr;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_rate = nullptr;
    QLabel* m_presetDescription = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
