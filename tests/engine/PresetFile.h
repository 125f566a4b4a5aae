#pragma once

// Loads a preset JSON file from the source tree onto a model, the same way the GUI's preset box does (numbers set
// directly, choice names through setFromString), so the engine tests verify exactly the presets users click.

#include "engine/core/Model.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <stdexcept>

namespace neuroai::test {

inline QString presetPath(const QString& relative)
{
    return QStringLiteral(NEUROAI_SOURCE_DIR "/resources/presets/") + relative;
}

// Applies the preset at resources/presets/<relative> on top of the model's defaults. Throws on any problem.
inline void applyPresetFile(Model& model, const QString& relative)
{
    QFile file(presetPath(relative));
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open preset " + relative.toStdString());
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw std::runtime_error("preset " + relative.toStdString() + ": " + error.errorString().toStdString());
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("model")).toString().toStdString() != model.id())
        throw std::runtime_error("preset " + relative.toStdString() + " is for another model");
    ParamSet p(model.specs());
    const QJsonObject values = root.value(QStringLiteral("parameters")).toObject();
    for (auto it = values.begin(); it != values.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (it.value().isString())
            p.setFromString(key + "=" + it.value().toString().toStdString());
        else if (it.value().isDouble())
            p.set(key, it.value().toDouble());
        else
            throw std::runtime_error("preset " + relative.toStdString() + ": bad value for " + key);
    }
    model.setParameters(p);
}

}  // namespace neuroai::test
