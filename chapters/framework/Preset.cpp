#include "chapters/framework/Preset.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace neuroai::chapters {

bool loadPreset(const QString& path, const std::vector<ParamSpec>& specs, const QString& model, Preset& preset,
                QString& error)
{
    const QString name = QFileInfo(path).completeBaseName();
    auto fail = [&](const QString& why) {
        error = QStringLiteral("preset '%1': %2").arg(QFileInfo(path).fileName(), why);
        return false;
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not valid JSON at offset %1 (%2)").arg(parseError.offset).arg(parseError.errorString()));
    if (!document.isObject())
        return fail(QStringLiteral("the top level must be a JSON object"));
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("model")).toString() != model)
        return fail(QStringLiteral("it is for model '%1', not '%2'")
                        .arg(root.value(QStringLiteral("model")).toString(), model));
    if (!root.value(QStringLiteral("parameters")).isObject())
        return fail(QStringLiteral("'parameters' must be an object of key: number"));

    ParamSet parameters(specs);
    const QJsonObject values = root.value(QStringLiteral("parameters")).toObject();
    for (auto it = values.begin(); it != values.end(); ++it) {
        const ParamSpec* spec = parameters.spec(it.key().toStdString());
        const bool choiceName = it.value().isString() && spec && spec->isChoice();
        if (!it.value().isDouble() && !choiceName)
            return fail(QStringLiteral("parameter '%1' must be a number").arg(it.key()));
        try {
            if (choiceName)
                parameters.setFromString(it.key().toStdString() + "=" + it.value().toString().toStdString());
            else
                parameters.set(it.key().toStdString(), it.value().toDouble());
        } catch (const ParameterError& e) {
            return fail(QString::fromStdString(e.what()));
        }
    }
    preset.name = name;
    preset.title = root.value(QStringLiteral("title")).toString(name);
    preset.description = root.value(QStringLiteral("description")).toString();
    preset.model = model;
    preset.parameters = parameters;
    return true;
}

QList<Preset> loadPresets(const QString& folder, const std::vector<ParamSpec>& specs, const QString& model,
                          QStringList* errors)
{
    struct Ordered {
        int order;
        Preset preset;
    };
    std::vector<Ordered> found;
    const QDir dir(QStringLiteral(":/presets/") + folder);
    for (const QFileInfo& info : dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        Preset preset;
        QString error;
        if (!loadPreset(info.filePath(), specs, model, preset, error)) {
            if (errors)
                errors->append(error);
            continue;
        }
        QFile file(info.filePath());
        file.open(QIODevice::ReadOnly);
        const int order = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("order")).toInt(1000);
        found.push_back({order, preset});
    }
    std::stable_sort(found.begin(), found.end(), [](const Ordered& a, const Ordered& b) { return a.order < b.order; });
    QList<Preset> presets;
    for (Ordered& o : found)
        presets.append(std::move(o.preset));
    return presets;
}

}  // namespace neuroai::chapters
