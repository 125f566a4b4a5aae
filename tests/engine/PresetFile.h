#pragma once

// Loads a preset file from the source tree onto a model with the parser the app uses for presets and scenarios
// (chapters/framework/Scenario), so the engine tests verify exactly the presets users click.

#include "chapters/framework/Scenario.h"
#include "engine/core/Model.h"

#include <QString>

#include <stdexcept>

namespace neuroai::test {

inline QString presetPath(const QString& relative)
{
    return QStringLiteral(NEUROAI_SOURCE_DIR "/resources/presets/") + relative;
}

// Applies the preset at resources/presets/<relative> on top of the model's defaults. Throws on any problem,
// including a key the parser does not know.
inline void applyPresetFile(Model& model, const QString& relative)
{
    QString error;
    const auto document = chapters::readScenarioFile(presetPath(relative), error);
    if (!document)
        throw std::runtime_error(error.toStdString());
    chapters::PanelSchema schema;
    schema.panel = document->panel;
    schema.models = {QString::fromStdString(model.id())};
    schema.specs = [&model](const QString&) { return model.specs(); };
    schema.check = [&model](const chapters::PanelState& state) { return QString::fromStdString(model.validate(state.parameters)); };
    QStringList warnings = document->warnings;
    const auto state = chapters::stateFromJson(*document, schema, error, &warnings);
    if (!state)
        throw std::runtime_error("preset " + relative.toStdString() + ": " + error.toStdString());
    if (!warnings.isEmpty())
        throw std::runtime_error("preset " + relative.toStdString() + ": " + warnings.join(QStringLiteral("; ")).toStdString());
    model.setParameters(state->parameters);
}

}  // namespace neuroai::test
