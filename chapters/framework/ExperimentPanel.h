#pragma once

#include "chapters/framework/Preset.h"
#include "chapters/framework/Scenario.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/FigureExporter.h"

#include <QWidget>

#include <optional>

namespace neuroai::chapters {

class Exercise;
class PanelBinding;
class RunPins;

// One live experiment inside a chapter (a tab of the chapter page): controls, plots and readouts. The main window
// drives the panel it shows through this interface (toolbar, presets, export, scenarios, undo) and so does the
// headless command line.
//
// State: a panel's whole state is one PanelState (model, parameters, seed, speed, preset, view, extras). It is read
// with captureState() and changed only through binding() — the one edit path, with undo — which validates a target
// state with checkState() and then calls applyState(). Derived panels implement the hooks below and route every
// user edit (sliders, preset box, model box) to the binding.
class ExperimentPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentPanel(QWidget* parent = nullptr);
    ~ExperimentPanel() override;

    // Stable id "<chapter>/<panel>" from the chapter table, e.g. "foundations/lif-lab".
    QString panelId() const { return m_panelId; }
    void setPanelId(const QString& id) { m_panelId = id; }

    virtual QString title() const = 0;
    // The simulation the toolbar's run/pause/step/reset/speed act on; nullptr for a panel without one.
    virtual SimulationController* controller() = 0;

    // The widget exported by File → Export figure (plots and readouts, without the controls).
    virtual QWidget* figureWidget() = 0;
    // The plotted data, at full resolution, for File → Export data.
    virtual QList<widgets::DataSeries> dataSeries() = 0;
    // Parameters, seed and app version, embedded in exported files.
    virtual QString metadata() const = 0;

    // Runs `ms` of simulated time from the current state and waits until the plots show it, including background
    // analyses (e.g. the f-I sweep). For headless export and tests; false on timeout.
    virtual bool runHeadless(double ms, int timeoutMs = 120000) = 0;

    // --- state and the edit path ---
    PanelBinding& binding();
    PanelState captureState() const;
    PanelSchema schema() const;
    // Convenience: the binding's edits (one undo step each); empty on success, otherwise the message.
    QString setParameter(const QString& key, double value);
    QString applyPreset(const QString& name);
    QString setSeed(quint64 seed);
    // The presets of the current model.
    QList<Preset> presets() const { return presetsFor(currentModel()); }
    // The specs of the current model (used to resolve choice names such as "stimulus=step").
    std::vector<ParamSpec> parameterSpecs() const { return specsFor(currentModel()); }

    // --- classroom extras (Classroom.h) ---
    // Pinned runs: grey ghosts of the figure's traces, for comparing a run with the next.
    RunPins& pins();
    // The "predict, then run" exercise of this panel.
    Exercise& exercise();
    // Starts the exercise of preset `name` if it asks for a prediction (after the preset was applied); false if
    // it does not.
    bool startExercise(const QString& name);
    // What File → Export data writes: dataSeries() plus the pinned traces, marked "pinned: …".
    QList<widgets::DataSeries> exportSeries();
    // Readouts a prediction may name, and their current values. Default: the neuron readouts of the frames of the
    // panel's simulation (rate_hz, spike_count, …); none for a panel without one.
    virtual QStringList readoutNames() const;
    virtual std::optional<double> readout(const QString& key) const;

    // --- hooks for the binding ---
    // Models the panel can run, the default first.
    virtual QStringList models() const = 0;
    virtual QString currentModel() const = 0;
    virtual std::vector<ParamSpec> specsFor(const QString& model) const = 0;
    virtual ParamSet currentParameters() const = 0;
    virtual quint64 currentSeed() const = 0;
    virtual double currentSpeed() const;  // the controller's speed, 1 without one
    virtual QList<Preset> presetsFor(const QString& model) const = 0;
    // A preset by name: the current model's first, then the other models' ("model/name" picks the model).
    virtual std::optional<Preset> findPreset(const QString& name) const;
    virtual QJsonObject captureView() const { return {}; }
    virtual QJsonObject captureExtras() const { return {}; }
    // True when captureExtras() holds what the panel computed (a trained model), so a scenario saved from the command
    // line waits for the computation first (runHeadless) and carries it.
    virtual bool extrasHoldResults() const { return false; }
    // Checks a complete target state beyond single ranges (cross-parameter constraints, view/extras content); empty
    // if acceptable. Default: the model's own constraints, via a fresh instance from the model registry.
    virtual QString checkState(const PanelState& state) const;
    // Makes `target` (already checked) the panel's state and refreshes the widgets; `restart` also returns the
    // simulation to t = 0 (keeping it running if it ran). Called by the binding only.
    virtual void applyState(const PanelState& target, bool restart) = 0;

private:
    QString m_panelId;
    PanelBinding* m_binding = nullptr;
    RunPins* m_pins = nullptr;
    Exercise* m_exercise = nullptr;
};

}  // namespace neuroai::chapters
