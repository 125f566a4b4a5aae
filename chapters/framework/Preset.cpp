#include "chapters/framework/Preset.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace neuroai::chapters {

bool loadPreset(const QString& path, const PanelSchema& schema, Preset& preset, QString& error)
{
    const QString file = QFileInfo(path).fileName();
    QString why;
    auto document = readScenarioFile(path, why);
    if (!document) {
        error = QStringLiteral("preset '%1': %2").arg(file, why.section(QStringLiteral("': "), 1));
        return false;
    }
    // Borrowed presets are checked against the borrowing panel: only model and parameters carry over.
    ScenarioDocument borrowed = *document;
    borrowed.panel = schema.panel;
    QStringList warnings = document->warnings;
    const auto state = stateFromJson(borrowed, schema, why, &warnings);
    if (!state) {
        error = QStringLiteral("preset '%1': %2").arg(file, why);
        return false;
    }
    // Presets ship with the app: a key we do not understand is a mistake in the file, not a newer version's key.
    if (!warnings.isEmpty()) {
        error = QStringLiteral("preset '%1': %2").arg(file, warnings.first());
        return false;
    }
    if (document->prediction && !schema.readouts.contains(document->prediction->readout)) {
        error = schema.readouts.isEmpty()
                    ? QStringLiteral("preset '%1': predict.readout: panel '%2' has no readouts to predict")
                          .arg(file, schema.panel)
                    : QStringLiteral("preset '%1': predict.readout: '%2' is not a readout of panel '%3' (known: %4)")
                          .arg(file, document->prediction->readout, schema.panel,
                               schema.readouts.join(QStringLiteral(", ")));
        return false;
    }
    preset.name = QFileInfo(path).completeBaseName();
    preset.prediction = document->prediction;
    preset.title = document->title.isEmpty() ? preset.name : document->title;
    preset.description = document->description;
    preset.order = document->order;
    preset.model = state->model;
    preset.parameters = state->parameters;
    return true;
}

QList<Preset> loadPresets(const QString& folder, const PanelSchema& schema, QStringList* errors, const QString& model)
{
    const bool path = folder.startsWith(QLatin1Char('/')) || folder.startsWith(QLatin1Char(':'));
    const QDir dir(path ? folder : QStringLiteral(":/presets/") + folder);
    QList<Preset> presets;
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        Preset preset;
        QString error;
        if (!loadPreset(info.filePath(), schema, preset, error)) {
            if (errors)
                errors->append(error);
            continue;
        }
        if (!model.isEmpty() && preset.model != model) {
            if (errors)
                errors->append(QStringLiteral("preset '%1': it is for model '%2', not '%3'")
                                   .arg(info.fileName(), preset.model, model));
            continue;
        }
        presets.append(preset);
    }
    std::stable_sort(presets.begin(), presets.end(), [](const Preset& a, const Preset& b) { return a.order < b.order; });
    return presets;
}

}  // namespace neuroai::chapters
