#include "chapters/framework/ExperimentPanel.h"

#include "chapters/framework/Classroom.h"
#include "chapters/framework/PanelBinding.h"
#include "engine/core/ModelRegistry.h"

#include <cmath>

namespace neuroai::chapters {

ExperimentPanel::ExperimentPanel(QWidget* parent)
    : QWidget(parent)
{
}

ExperimentPanel::~ExperimentPanel() = default;

PanelBinding& ExperimentPanel::binding()
{
    if (!m_binding)
        m_binding = new PanelBinding(*this);
    return *m_binding;
}

PanelState ExperimentPanel::captureState() const
{
    PanelState state;
    state.panel = m_panelId;
    state.model = currentModel();
    state.preset = m_binding ? m_binding->presetName() : QString();
    state.parameters = currentParameters();
    state.seed = currentSeed();
    state.speed = currentSpeed();
    state.view = captureView();
    state.extras = captureExtras();
    return state;
}

PanelSchema ExperimentPanel::schema() const
{
    PanelSchema schema;
    schema.panel = m_panelId;
    schema.models = models();
    schema.specs = [this](const QString& model) { return specsFor(model); };
    schema.check = [this](const PanelState& state) { return checkState(state); };
    schema.readouts = readoutNames();
    return schema;
}

double ExperimentPanel::currentSpeed() const
{
    auto* self = const_cast<ExperimentPanel*>(this);  // controller() is not const in the interface
    return self->controller() ? self->controller()->speed() : 1.0;
}

RunPins& ExperimentPanel::pins()
{
    if (!m_pins)
        m_pins = new RunPins(*this);
    return *m_pins;
}

Exercise& ExperimentPanel::exercise()
{
    if (!m_exercise)
        m_exercise = new Exercise(*this);
    return *m_exercise;
}

bool ExperimentPanel::startExercise(const QString& name)
{
    const std::optional<Preset> preset = findPreset(name);
    return preset && preset->prediction && exercise().start(*preset);
}

QList<widgets::DataSeries> ExperimentPanel::exportSeries()
{
    QList<widgets::DataSeries> series = dataSeries();
    if (m_pins)
        series += m_pins->dataSeries();
    return series;
}

QStringList ExperimentPanel::readoutNames() const
{
    auto* self = const_cast<ExperimentPanel*>(this);  // controller() is not const in the interface
    return self->controller() ? neuronReadoutKeys() : QStringList{};
}

std::optional<double> ExperimentPanel::readout(const QString& key) const
{
    auto* self = const_cast<ExperimentPanel*>(this);
    SimulationController* controller = self->controller();
    const auto frame = controller ? controller->latestFrame() : nullptr;
    if (!frame)
        return std::nullopt;
    const auto it = frame->metrics.find(key.toStdString());
    if (it == frame->metrics.end() || !std::isfinite(it->second))
        return std::nullopt;
    return it->second;
}

QString ExperimentPanel::setParameter(const QString& key, double value) { return binding().setParameter(key, value); }
QString ExperimentPanel::applyPreset(const QString& name) { return binding().applyPreset(name); }
QString ExperimentPanel::setSeed(quint64 seed) { return binding().setSeed(seed); }

std::optional<Preset> ExperimentPanel::findPreset(const QString& name) const
{
    QString model = currentModel(), bare = name;
    if (const qsizetype slash = name.indexOf(QLatin1Char('/')); slash > 0) {
        model = name.left(slash);
        bare = name.mid(slash + 1);
        if (!models().contains(model))
            return std::nullopt;
    }
    QStringList order{model};
    if (bare == name)
        for (const QString& other : models())
            if (other != model)
                order << other;
    for (const QString& m : order)
        for (const Preset& preset : presetsFor(m))
            if (preset.name == bare)
                return preset;
    return std::nullopt;
}

QString ExperimentPanel::checkState(const PanelState& state) const
{
    const auto model = createModel(state.model.toStdString());
    if (!model)
        return {};
    return QString::fromStdString(model->validate(state.parameters));
}

}  // namespace neuroai::chapters
