#pragma once

#include "chapters/framework/Scenario.h"

#include <QObject>
#include <QUndoStack>

#include <memory>

namespace neuroai::chapters {

class ExperimentPanel;

// The one edit path of a panel. Every change of its state — a slider, a typed box, a preset, a "Try this" link, a
// model switch, --set on the command line, an opened scenario, undo and redo — goes through here, and only here is
// the panel's state changed (ExperimentPanel::applyState, which alone talks to the simulation controller).
//
// Each accepted change is one step on the panel's undo stack; the values a slider passes through between press and
// release merge into one step. A rejected change leaves the state untouched and returns the message (one line
// naming the key and the reason). Speed is captured in a state but is not an edit: undo never changes it.
class PanelBinding : public QObject {
    Q_OBJECT
public:
    explicit PanelBinding(ExperimentPanel& panel);
    ~PanelBinding() override;

    QUndoStack* undoStack() { return &m_undo; }
    ExperimentPanel& panel() { return m_panel; }

    // Restarts the run when the spec says a new value needs it (ParamSpec::restartsRun).
    QString setParameter(const QString& key, double value);
    QString applyPreset(const QString& name);
    QString setModel(const QString& model);
    QString setSeed(quint64 seed);
    // Replaces the whole state (an opened scenario), as one undo step, and restarts the run.
    QString restoreState(const PanelState& state, const QString& undoText);
    // Checks `document` against the panel and restores it; warnings (unknown keys) are appended to `warnings`.
    QString openScenario(const ScenarioDocument& document, QStringList* warnings = nullptr);

    // The preset the current state came from ("" after any other change).
    QString presetName() const { return m_preset; }

    // Slider gestures (connected to widgets::ParameterPanel::dragStarted/dragFinished).
    void beginGesture(const QString& key);
    void endGesture(const QString& key);

    // Applies `target` without recording an undo step (undo/redo and the panel's own construction use it).
    QString apply(const PanelState& target, bool restart);

signals:
    // The state changed (any source, including undo/redo): panels refresh their widgets, the window its toolbar.
    void stateChanged();
    // An edit was refused; the panel shows `message`.
    void rejected(const QString& message);

private:
    QString push(PanelState target, const QString& text, bool restart, const QString& mergeKey = {});

    ExperimentPanel& m_panel;
    std::unique_ptr<class StatePool> m_pool;  // recent states, shared by the undo steps
    QUndoStack m_undo;
    QString m_preset;
    QString m_gestureKey;
    int m_gesture = 0;  // serial of the current slider gesture; 0 = none
    bool m_applying = false;
};

}  // namespace neuroai::chapters
