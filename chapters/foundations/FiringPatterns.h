#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/FiSweepDriver.h"


#include <memory>
#include <optional>
#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractButton;
class QButtonGroup;
class QComboBox;
class QGridLayout;
class QLabel;
class QVBoxLayout;
QT_END_NAMESPACE

namespace neuroai {
class NeuronModel;
struct Frame;
}  // namespace neuroai

namespace neuroai::widgets {
class CurvePlot;
class GatingPlot;
class IsiHistogramPlot;
class ParameterPanel;
class PhasePlanePlot;
class TimeSeriesPlot;
}  // namespace neuroai::widgets

namespace neuroai::chapters {

// "Firing patterns": one neuron model at a time (Hodgkin–Huxley, Izhikevich, AdEx, LIF — those registered), its
// preset gallery (resources/presets/foundations/<model id>/), its parameters, and five views of what it does: the
// membrane trace with spikes, the injected current, the phase plane (2-D models; for Hodgkin–Huxley its gating
// variables m, h, n against time instead; a labelled V–n projection for another model with more variables and no
// such gates; a note for the 1-D LIF), the f-I curve under constant input (swept in the background, streamed)
// with the cell's operating point, and the ISI histogram with adaptation index and CV.
//
// Switching model keeps the panel and its SimulationController (so the main window's connections stay valid) and
// installs the new model in the controller (SimulationController::replaceModel). Everything the GUI computes from
// a model — nullclines, fixed points, the integration-scheme text — comes from a second instance owned by the panel
// (m_theory), never from the running one, which only the engine thread touches.
//
// Preset names: "name" (the current model's, else the first model that has one) or "model/name".
class FiringPatterns final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit FiringPatterns(QWidget* parent = nullptr);
    ~FiringPatterns() override;

    QString title() const override { return tr("Firing patterns"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    bool runHeadless(double ms, int timeoutMs = 120000) override;

    QStringList models() const override { return availableModels(); }
    QString currentModel() const override { return m_modelId; }
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override { return m_controller->parameters(); }
    quint64 currentSeed() const override { return m_controller->seed(); }
    QList<Preset> presetsFor(const QString& model) const override;
    void applyState(const PanelState& target, bool restart) override;

    // Registered neuron models offered by the selector, in the order shown.
    static QStringList availableModels();
    QString modelId() const { return m_modelId; }
    // Switches to model `id` with its default parameters (no preset), as one undo step. Empty on success, otherwise
    // the message.
    QString setModel(const QString& id);
    // The preset in force ("" when the parameters were changed since).
    QString currentPreset() const { return m_presetName; }
    bool hasPhasePlane() const;

    QComboBox* modelBox() const { return m_modelBox; }
    QList<QAbstractButton*> presetButtons() const;
    QLabel* presetDescription() const { return m_presetDescription; }
    QLabel* integrationLabel() const { return m_scheme; }
    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    widgets::TimeSeriesPlot* tracePlot() const { return m_trace; }
    widgets::TimeSeriesPlot* inputPlot() const { return m_input; }
    widgets::PhasePlanePlot* phasePlot() const { return m_phase; }
    QLabel* phaseNote() const { return m_phaseNote; }
    // m, h and n against time, for models that have these gates (Hodgkin–Huxley); hidden otherwise.
    widgets::GatingPlot* gatingPlot() const { return m_gating; }
    widgets::CurvePlot* fiPlot() const { return m_fi; }
    widgets::IsiHistogramPlot* isiPlot() const { return m_isi; }
    // The ISI measures in words ("adaptation index … · ISI CV … · n intervals"), above the histogram.
    QLabel* isiReadout() const { return m_isiReadout; }
    bool sweepFinished() const;
    // The f-I sweep's input range for the current parameters (model's current unit).
    std::pair<double, double> sweepRange() const;
    // Inter-spike intervals (ms) of cell 0 since the last reset or parameter change, as the histogram shows them.
    const std::vector<double>& intervals() const { return m_isis; }

private:
    // Lays the preset buttons out in two columns when every title fits in half the gallery's width, else in one.
    void flowPresetGallery();
    int m_galleryColumns = 0;
    void installModel(const QString& id);
    void rebuildControls();
    void onParametersChanged();
    void syncPresetGallery();
    void showFrame(const Frame& frame);
    void collectIntervals(const Frame& frame);
    void updatePhasePlane(const Frame& frame);
    void resetViews();
    QString modelTitle(const QString& id) const;

    SimulationController* m_controller = nullptr;
    std::unique_ptr<NeuronModel> m_theory;  // GUI-side instance for phase plane and texts; never the running one
    QString m_modelId;
    QString m_presetName;
    QList<Preset> m_presets;

    FiSweepDriver* m_sweep = nullptr;

    // ISIs gathered from the frames (each frame holds the spikes of its window)
    std::vector<double> m_isis;
    std::optional<double> m_lastSpike;
    double m_coveredUntil = -1;

    // phase plane: static content is recomputed when the parameters or the deterministic input change
    bool m_phaseDirty = true;
    double m_phaseInput = 0;
    // axis ranges that grow with the data until the next reset / preset / model change
    std::optional<std::pair<double, double>> m_vRange, m_iRange, m_projectionRange;
    // the phase plane's y range, fitted to the trajectory (fitPhaseYRange) and grown until the next reset
    std::optional<std::pair<double, double>> m_phaseYRange;

    QComboBox* m_modelBox = nullptr;
    QWidget* m_gallery = nullptr;
    QGridLayout* m_galleryLayout = nullptr;
    QButtonGroup* m_presetGroup = nullptr;
    QLabel* m_presetDescription = nullptr;
    QVBoxLayout* m_controlsLayout = nullptr;
    widgets::ParameterPanel* m_panel = nullptr;
    QLabel* m_scheme = nullptr;

    QWidget* m_figure = nullptr;
    widgets::TimeSeriesPlot* m_trace = nullptr;
    widgets::TimeSeriesPlot* m_input = nullptr;
    widgets::PhasePlanePlot* m_phase = nullptr;
    QLabel* m_phaseNote = nullptr;
    widgets::GatingPlot* m_gating = nullptr;
    widgets::CurvePlot* m_fi = nullptr;
    widgets::IsiHistogramPlot* m_isi = nullptr;
    QLabel* m_isiReadout = nullptr;
};

}  // namespace neuroai::chapters
