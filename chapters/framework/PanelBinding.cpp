#include "chapters/framework/PanelBinding.h"

#include "chapters/framework/ExperimentPanel.h"

#include <QUndoCommand>

#include <array>
#include <memory>

namespace neuroai::chapters {

namespace {

// A state as an undo step keeps it: the parameter values in spec order, without the specs (the panel gives them
// back for the model). A few hundred bytes instead of a map per step, so a lesson's worth of steps stays small.
struct CompactState {
    QString model, preset;
    std::vector<double> values;
    quint64 seed = 1;
    QJsonObject view, extras;

    bool operator==(const CompactState&) const = default;
};
using SharedState = std::shared_ptr<const CompactState>;

CompactState compact(const PanelState& state)
{
    CompactState c{state.model, state.preset, {}, state.seed, state.view, state.extras};
    for (const ParamSpec& spec : state.parameters.specs())
        c.values.push_back(state.parameters[spec.key]);
    return c;
}

PanelState expand(const CompactState& c, ExperimentPanel& panel)
{
    PanelState state;
    state.panel = panel.panelId();
    state.model = c.model;
    state.preset = c.preset;
    state.parameters = ParamSet(panel.specsFor(c.model));
    const std::vector<ParamSpec>& specs = state.parameters.specs();
    for (std::size_t i = 0; i < specs.size() && i < c.values.size(); ++i)
        state.parameters.set(specs[i].key, c.values[i]);
    state.seed = c.seed;
    state.speed = panel.currentSpeed();  // speed is not an edit: undo keeps the current one
    state.view = c.view;
    state.extras = c.extras;
    return state;
}

}  // namespace

// Undo steps share equal states: one step's "after" is the next one's "before", and a class that moves between a
// few presets comes back to the same states again and again. The pool remembers the most recent distinct states
// (weakly: a state lives as long as a step holds it), so a full stack holds a few dozen states instead of two per
// step.
class StatePool {
public:
    SharedState intern(CompactState state)
    {
        for (const std::weak_ptr<const CompactState>& weak : m_recent)
            if (SharedState known = weak.lock(); known && *known == state)
                return known;
        auto shared = std::make_shared<const CompactState>(std::move(state));
        m_recent[m_next] = shared;
        m_next = (m_next + 1) % m_recent.size();
        return shared;
    }

private:
    std::array<std::weak_ptr<const CompactState>, 32> m_recent;
    std::size_t m_next = 0;
};

namespace {

// One undo step: the panel's state before and after. Undo and redo re-apply a whole state, so every kind of change
// (values, preset, model, seed) undoes the same way.
class StateCommand final : public QUndoCommand {
public:
    static constexpr int kId = 0x5eed;

    StateCommand(PanelBinding& binding, StatePool& pool, const PanelState& before, const PanelState& after,
                 const QString& text, bool restart, QString mergeKey, int gesture)
        : QUndoCommand(text)
        , m_binding(binding)
        , m_before(pool.intern(compact(before)))
        , m_after(pool.intern(compact(after)))
        , m_restart(restart)
        , m_mergeKey(std::move(mergeKey))
        , m_gesture(gesture)
    {
    }

    int id() const override { return kId; }
    void undo() override { m_binding.apply(expand(*m_before, m_binding.panel()), m_restart); }
    void redo() override
    {
        if (m_firstRedo) {  // pushed after the change was applied
            m_firstRedo = false;
            return;
        }
        m_binding.apply(expand(*m_after, m_binding.panel()), m_restart);
    }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const StateCommand*>(other);
        if (m_gesture == 0 || next->m_gesture != m_gesture || next->m_mergeKey != m_mergeKey)
            return false;
        m_after = next->m_after;
        return true;
    }

private:
    PanelBinding& m_binding;
    SharedState m_before, m_after;
    bool m_restart;
    QString m_mergeKey;
    int m_gesture;
    bool m_firstRedo = true;
};

}  // namespace

PanelBinding::PanelBinding(ExperimentPanel& panel)
    : QObject(&panel)
    , m_panel(panel)
    , m_pool(std::make_unique<StatePool>())
{
    m_undo.setUndoLimit(200);  // a lesson's worth of steps; equal states are shared between steps (StatePool)
}

PanelBinding::~PanelBinding() = default;

QString PanelBinding::apply(const PanelState& target, bool restart)
{
    if (const QString error = m_panel.checkState(target); !error.isEmpty())
        return error;
    m_applying = true;
    m_preset = target.preset;
    m_panel.applyState(target, restart);
    m_applying = false;
    emit stateChanged();
    return {};
}

QString PanelBinding::push(PanelState target, const QString& text, bool restart, const QString& mergeKey)
{
    if (m_applying)
        return tr("a change is already being applied");
    const PanelState before = m_panel.captureState();
    target.panel = before.panel;
    if (target == before)
        return {};
    if (const QString error = apply(target, restart); !error.isEmpty()) {
        emit rejected(error);
        return error;
    }
    const int gesture = mergeKey.isEmpty() || mergeKey != m_gestureKey ? 0 : m_gesture;
    m_undo.push(new StateCommand(*this, *m_pool, before, m_panel.captureState(), text, restart, mergeKey, gesture));
    return {};
}

QString PanelBinding::setParameter(const QString& key, double value)
{
    PanelState target = m_panel.captureState();
    const ParamSpec* spec = target.parameters.spec(key.toStdString());
    if (!spec) {
        QStringList known;
        for (const ParamSpec& s : target.parameters.specs())
            known << QString::fromStdString(s.key);
        const QString error = tr("unknown parameter '%1' (known: %2)").arg(key, known.join(QStringLiteral(", ")));
        emit rejected(error);
        return error;
    }
    try {
        target.parameters.set(spec->key, value);
    } catch (const ParameterError& e) {
        const QString error = QString::fromStdString(e.what());
        emit rejected(error);
        return error;
    }
    target.preset.clear();
    const QString label = QString::fromStdString(spec->label);
    // A spec may say that a new value only makes sense from t = 0 (a network size, a pulse count).
    return push(target, tr("Change %1").arg(label), spec->restartsRun, key);
}

QString PanelBinding::applyPreset(const QString& name)
{
    const auto preset = m_panel.findPreset(name);
    if (!preset) {
        QStringList names;
        for (const Preset& p : m_panel.presets())
            names << p.name;
        return tr("unknown preset '%1' (known: %2)").arg(name, names.join(QStringLiteral(", ")));
    }
    PanelState target = m_panel.captureState();
    target.model = preset->model;
    target.parameters = preset->parameters;
    target.preset = preset->name;
    const PanelState before = m_panel.captureState();
    if (target == before) {  // the same preset again: restart it, as a click on it promises
        if (const QString error = apply(target, true); !error.isEmpty())
            return error;
        return {};
    }
    return push(target, tr("Preset “%1”").arg(preset->title), true);
}

QString PanelBinding::setModel(const QString& model)
{
    const QStringList models = m_panel.models();
    if (!models.contains(model))
        return tr("unknown model '%1' (known: %2)").arg(model, models.join(QStringLiteral(", ")));
    PanelState target = m_panel.captureState();
    if (target.model == model)
        return {};
    target.model = model;
    target.parameters = ParamSet(m_panel.specsFor(model));
    target.preset.clear();
    return push(target, tr("Switch to model %1").arg(model), true);
}

QString PanelBinding::setSeed(quint64 seed)
{
    PanelState target = m_panel.captureState();
    target.seed = seed;
    return push(target, tr("Seed %1").arg(seed), true);
}

QString PanelBinding::restoreState(const PanelState& state, const QString& undoText)
{
    PanelState target = state;
    target.panel = m_panel.panelId();
    const PanelState before = m_panel.captureState();
    if (target == before)
        return apply(target, true);  // still restart, as opening a scenario promises
    return push(target, undoText, true);
}

QString PanelBinding::openScenario(const ScenarioDocument& document, QStringList* warnings)
{
    QString error;
    const auto state = stateFromJson(document, m_panel.schema(), error, warnings);
    if (!state)
        return error;
    return restoreState(*state, tr("Open scenario"));
}

void PanelBinding::beginGesture(const QString& key)
{
    m_gestureKey = key;
    ++m_gesture;
}

void PanelBinding::endGesture(const QString& key)
{
    if (key == m_gestureKey)
        m_gestureKey.clear();
}

}  // namespace neuroai::chapters
