#include "chapters/framework/Scenario.h"

#include "engine/core/Version.h"
#include "engine/io/AtomicFile.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai::chapters {

namespace {

constexpr qsizetype kMaxIdLength = 128;
constexpr qsizetype kMaxTextLength = 4000;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53: every integer up to here is exact in a double
constexpr double kMaxSpeed = 1e9;

QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

// Control characters escaped, so that a message quoting the text stays one line.
QString escaped(const QString& text)
{
    QString out;
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Separator_Line ||
            c.category() == QChar::Separator_Paragraph)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

// A piece of the file quoted in a message: escaped, and cut if long.
QString shortened(const QString& text)
{
    return text.size() <= 40 ? escaped(text) : escaped(text.left(37)) + QStringLiteral("…");
}

// Reads an optional string member; false (with `error`) if present but not a string or too long.
bool readString(const QJsonObject& object, const QString& key, const QString& path, qsizetype maxLength,
                QString& out, QString& error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return true;
    if (!value.isString()) {
        error = QStringLiteral("%1: expected a string, got %2").arg(path, typeName(value));
        return false;
    }
    if (value.toString().size() > maxLength) {
        error = QStringLiteral("%1: the text is %2 characters long; at most %3 are allowed")
                    .arg(path)
                    .arg(value.toString().size())
                    .arg(maxLength);
        return false;
    }
    out = value.toString();
    return true;
}

bool readInteger(const QJsonValue& value, const QString& path, double low, double high, double& out, QString& error)
{
    if (!value.isDouble()) {
        error = QStringLiteral("%1: expected a whole number, got %2").arg(path, typeName(value));
        return false;
    }
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number) || number < low || number > high) {
        error = QStringLiteral("%1: %2 is not a whole number between %3 and %4")
                    .arg(path, QString::fromStdString(formatValue(number, 17)), QString::number(low, 'g', 17),
                         QString::number(high, 'g', 17));
        return false;
    }
    out = number;
    return true;
}

void warnUnknownKeys(const QJsonObject& object, const QStringList& known, const QString& path, QStringList& warnings)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            warnings << QStringLiteral("%1: unknown key '%2' ignored").arg(path, shortened(it.key()));
}

bool validPanelId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$"));
    return id.size() <= kMaxIdLength && pattern.match(id).hasMatch();
}

std::optional<quint64> readSeed(const QJsonValue& value, QString& error)
{
    const QString path = QStringLiteral("state.seed");
    if (value.isString()) {
        const QString text = value.toString();
        bool ok = text.size() <= 20 && !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
            return c >= QLatin1Char('0') && c <= QLatin1Char('9');
        });
        const quint64 seed = ok ? text.toULongLong(&ok) : 0;
        if (!ok) {
            error = QStringLiteral("%1: '%2' is not a whole number between 0 and 18446744073709551615")
                        .arg(path, shortened(text));
            return std::nullopt;
        }
        return seed;
    }
    double number = 0;
    if (!readInteger(value, path, 0, kMaxExactInteger, number, error)) {
        if (value.isDouble())
            error += QStringLiteral(" (write larger seeds as a string of digits)");
        return std::nullopt;
    }
    return quint64(number);
}

}  // namespace

bool PanelState::operator==(const PanelState& other) const
{
    return panel == other.panel && model == other.model && preset == other.preset &&
           parameters.values() == other.parameters.values() && seed == other.seed &&
           (speed == other.speed || (std::isinf(speed) && std::isinf(other.speed))) && view == other.view &&
           extras == other.extras;
}

bool Prediction::operator==(const Prediction& other) const
{
    if (question != other.question || readout != other.readout || runMs != other.runMs || answer != other.answer ||
        tolerance != other.tolerance || choices.size() != other.choices.size())
        return false;
    for (qsizetype i = 0; i < choices.size(); ++i)
        if (choices[i].label != other.choices[i].label || choices[i].min != other.choices[i].min ||
            choices[i].max != other.choices[i].max)
            return false;
    return true;
}

namespace {

// A finite number member in [low, high]; `present` false when the key is absent.
bool readNumber(const QJsonObject& object, const QString& key, const QString& path, double low, double high,
                double& out, QString& error, bool* present = nullptr)
{
    const QJsonValue value = object.value(key);
    if (present)
        *present = !value.isUndefined();
    if (value.isUndefined())
        return true;
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < low || value.toDouble() > high) {
        error = value.isDouble()
                    ? QStringLiteral("%1: %2 is outside %3 … %4")
                          .arg(path, QString::fromStdString(formatValue(value.toDouble(), 17)),
                               QString::number(low, 'g', 17), QString::number(high, 'g', 17))
                    : QStringLiteral("%1: expected a number, got %2").arg(path, typeName(value));
        return false;
    }
    out = value.toDouble();
    return true;
}

constexpr int kMaxChoices = 6;
constexpr qsizetype kMaxLabelLength = 80;
constexpr double kMaxRunMs = 600000;  // ten simulated minutes: an exercise waits for its run

}  // namespace

std::optional<Prediction> parsePrediction(const QJsonValue& value, QString& error)
{
    if (!value.isObject()) {
        error = QStringLiteral("predict: expected an object, got %1").arg(typeName(value));
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    QStringList unknown;
    warnUnknownKeys(object,
                    {QStringLiteral("question"), QStringLiteral("readout"), QStringLiteral("run_ms"),
                     QStringLiteral("answer"), QStringLiteral("tolerance"), QStringLiteral("choices")},
                    QStringLiteral("predict"), unknown);
    if (!unknown.isEmpty()) {  // a prediction is read by people mid-lesson: a misspelt key is an error, not a hint
        error = unknown.first().replace(QStringLiteral(" ignored"), QString());
        return std::nullopt;
    }
    Prediction p;
    for (const char* key : {"question", "readout", "answer"})
        if (!object.contains(QLatin1String(key))) {
            error = QStringLiteral("predict.%1: missing").arg(QLatin1String(key));
            return std::nullopt;
        }
    QString answer;
    if (!readString(object, QStringLiteral("question"), QStringLiteral("predict.question"), kMaxTextLength, p.question,
                    error) ||
        !readString(object, QStringLiteral("readout"), QStringLiteral("predict.readout"), kMaxIdLength, p.readout,
                    error) ||
        !readString(object, QStringLiteral("answer"), QStringLiteral("predict.answer"), kMaxIdLength, answer, error))
        return std::nullopt;
    if (p.question.trimmed().isEmpty()) {
        error = QStringLiteral("predict.question: empty; write the question the student answers");
        return std::nullopt;
    }
    static const QRegularExpression readoutPattern(QStringLiteral("^[a-z][a-z0-9_]*$"));
    if (!readoutPattern.match(p.readout).hasMatch()) {
        error = QStringLiteral("predict.readout: '%1' is not a readout name such as 'rate_hz'").arg(shortened(p.readout));
        return std::nullopt;
    }
    bool hasRun = false;
    if (!readNumber(object, QStringLiteral("run_ms"), QStringLiteral("predict.run_ms"), 1, kMaxRunMs, p.runMs, error,
                    &hasRun))
        return std::nullopt;
    if (!hasRun) {
        error = QStringLiteral("predict.run_ms: missing (the simulated time, in ms, after which the outcome is read)");
        return std::nullopt;
    }
    if (answer == QLatin1String("number")) {
        p.answer = Prediction::Answer::Number;
        if (object.contains(QStringLiteral("choices"))) {
            error = QStringLiteral("predict.choices: only for \"answer\": \"choice\"");
            return std::nullopt;
        }
        if (!readNumber(object, QStringLiteral("tolerance"), QStringLiteral("predict.tolerance"), 0.001, 1,
                        p.tolerance, error))
            return std::nullopt;
        return p;
    }
    if (answer != QLatin1String("choice")) {
        error = QStringLiteral("predict.answer: '%1' is not \"number\" or \"choice\"").arg(shortened(answer));
        return std::nullopt;
    }
    p.answer = Prediction::Answer::Choice;
    if (object.contains(QStringLiteral("tolerance"))) {
        error = QStringLiteral("predict.tolerance: only for \"answer\": \"number\"");
        return std::nullopt;
    }
    const QJsonValue choices = object.value(QStringLiteral("choices"));
    if (!choices.isArray()) {
        error = choices.isUndefined() ? QStringLiteral("predict.choices: missing (a choice question lists its answers)")
                                      : QStringLiteral("predict.choices: expected an array, got %1").arg(typeName(choices));
        return std::nullopt;
    }
    const QJsonArray list = choices.toArray();
    if (list.size() < 2 || list.size() > kMaxChoices) {
        error = QStringLiteral("predict.choices: %1 answers; give 2 to %2").arg(list.size()).arg(kMaxChoices);
        return std::nullopt;
    }
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("predict.choices[%1]").arg(i);
        if (!list[i].isObject()) {
            error = QStringLiteral("%1: expected an object {\"label\", \"min\", \"max\"}, got %2").arg(path, typeName(list[i]));
            return std::nullopt;
        }
        const QJsonObject item = list[i].toObject();
        QStringList extra;
        warnUnknownKeys(item, {QStringLiteral("label"), QStringLiteral("min"), QStringLiteral("max")}, path, extra);
        if (!extra.isEmpty()) {
            error = extra.first().replace(QStringLiteral(" ignored"), QString());
            return std::nullopt;
        }
        PredictionChoice c;
        if (!readString(item, QStringLiteral("label"), path + QStringLiteral(".label"), kMaxLabelLength, c.label, error))
            return std::nullopt;
        if (c.label.trimmed().isEmpty()) {
            error = QStringLiteral("%1.label: missing or empty").arg(path);
            return std::nullopt;
        }
        const double inf = std::numeric_limits<double>::max();
        if (!readNumber(item, QStringLiteral("min"), path + QStringLiteral(".min"), -inf, inf, c.min, error) ||
            !readNumber(item, QStringLiteral("max"), path + QStringLiteral(".max"), -inf, inf, c.max, error))
            return std::nullopt;
        if (!(c.min < c.max)) {
            error = QStringLiteral("%1: min %2 is not below max %3")
                        .arg(path, QString::number(c.min, 'g', 17), QString::number(c.max, 'g', 17));
            return std::nullopt;
        }
        for (qsizetype j = 0; j < p.choices.size(); ++j) {
            if (p.choices[j].label == c.label) {
                error = QStringLiteral("%1.label: '%2' is already choice %3").arg(path, shortened(c.label)).arg(j);
                return std::nullopt;
            }
            if (c.min < p.choices[j].max && p.choices[j].min < c.max) {
                error = QStringLiteral("%1: its range overlaps predict.choices[%2]").arg(path).arg(j);
                return std::nullopt;
            }
        }
        p.choices.append(c);
    }
    return p;
}

QString chapterOfPanel(const QString& panelId)
{
    return panelId.section(QLatin1Char('/'), 0, 0);
}

std::optional<ScenarioDocument> parseScenario(const QByteArray& bytes, QString& error)
{
    if (bytes.size() > kMaxScenarioBytes) {
        error = QStringLiteral("the file has %1 bytes; a scenario has at most %2").arg(bytes.size()).arg(kMaxScenarioBytes);
        return std::nullopt;
    }
    if (bytes.trimmed().isEmpty()) {
        error = QStringLiteral("the file is empty");
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = QStringLiteral("not valid JSON at byte %1: %2").arg(parseError.offset).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!json.isObject()) {
        error = QStringLiteral("the top level must be a JSON object");
        return std::nullopt;
    }
    const QJsonObject root = json.object();
    ScenarioDocument document;
    warnUnknownKeys(root,
                    {QStringLiteral("format"), QStringLiteral("schema"), QStringLiteral("app_version"),
                     QStringLiteral("chapter"), QStringLiteral("panel"), QStringLiteral("title"),
                     QStringLiteral("description"), QStringLiteral("order"), QStringLiteral("state"),
                     QStringLiteral("predict")},
                    QStringLiteral("scenario"), document.warnings);

    QString format;
    if (!readString(root, QStringLiteral("format"), QStringLiteral("format"), kMaxIdLength, format, error))
        return std::nullopt;
    if (format != QLatin1String(kScenarioFormat)) {
        error = root.contains(QStringLiteral("format"))
                    ? QStringLiteral("format: '%1' is not a NeuroAI Explorer scenario (expected '%2')")
                          .arg(shortened(format), QLatin1String(kScenarioFormat))
                    : QStringLiteral("format: missing; a scenario starts with \"format\": \"%1\"")
                          .arg(QLatin1String(kScenarioFormat));
        return std::nullopt;
    }
    if (!root.contains(QStringLiteral("schema"))) {
        error = QStringLiteral("schema: missing (this version reads schema %1)").arg(kScenarioSchema);
        return std::nullopt;
    }
    double schema = 0;
    if (!readInteger(root.value(QStringLiteral("schema")), QStringLiteral("schema"), 1, 1e9, schema, error))
        return std::nullopt;
    if (schema > kScenarioSchema) {
        error = QStringLiteral("schema: the file was written by a newer NeuroAI Explorer (schema %1); this version "
                               "%2 reads schema %3 — please update the app")
                    .arg(qint64(schema))
                    .arg(QLatin1String(kVersion))
                    .arg(kScenarioSchema);
        return std::nullopt;
    }
    document.schema = int(schema);
    if (!readString(root, QStringLiteral("app_version"), QStringLiteral("app_version"), kMaxIdLength,
                    document.appVersion, error) ||
        !readString(root, QStringLiteral("panel"), QStringLiteral("panel"), kMaxIdLength, document.panel, error) ||
        !readString(root, QStringLiteral("chapter"), QStringLiteral("chapter"), kMaxIdLength, document.chapter, error) ||
        !readString(root, QStringLiteral("title"), QStringLiteral("title"), kMaxTextLength, document.title, error) ||
        !readString(root, QStringLiteral("description"), QStringLiteral("description"), kMaxTextLength,
                    document.description, error))
        return std::nullopt;
    if (!validPanelId(document.panel)) {
        error = root.contains(QStringLiteral("panel"))
                    ? QStringLiteral("panel: '%1' is not a panel id such as 'foundations/lif-lab'").arg(shortened(document.panel))
                    : QStringLiteral("panel: missing (e.g. \"panel\": \"foundations/lif-lab\")");
        return std::nullopt;
    }
    if (document.chapter.isEmpty())
        document.chapter = chapterOfPanel(document.panel);
    if (document.chapter != chapterOfPanel(document.panel)) {
        error = QStringLiteral("chapter: '%1' does not match the panel '%2'").arg(shortened(document.chapter), document.panel);
        return std::nullopt;
    }
    if (root.contains(QStringLiteral("order"))) {
        double order = 0;
        if (!readInteger(root.value(QStringLiteral("order")), QStringLiteral("order"), 0, 1e6, order, error))
            return std::nullopt;
        document.order = int(order);
    }
    if (root.contains(QStringLiteral("predict"))) {
        document.prediction = parsePrediction(root.value(QStringLiteral("predict")), error);
        if (!document.prediction)
            return std::nullopt;
    }
    const QJsonValue state = root.value(QStringLiteral("state"));
    if (!state.isObject()) {
        error = state.isUndefined() ? QStringLiteral("state: missing")
                                    : QStringLiteral("state: expected an object, got %1").arg(typeName(state));
        return std::nullopt;
    }
    document.state = state.toObject();
    return document;
}

std::optional<ScenarioDocument> readScenarioFile(const QString& path, QString& error)
{
    const QFileInfo info(path);
    auto fail = [&](const QString& why) {
        error = QStringLiteral("scenario '%1': %2").arg(escaped(path), why);
        return std::nullopt;
    };
    if (path.isEmpty())
        return fail(QStringLiteral("no file name given"));
    if (!info.exists())
        return fail(QStringLiteral("no such file"));
    if (!info.isFile())
        return fail(QStringLiteral("not a regular file"));
    if (info.size() > kMaxScenarioBytes)
        return fail(QStringLiteral("the file has %1 bytes; a scenario has at most %2").arg(info.size()).arg(kMaxScenarioBytes));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(file.errorString());
    const QByteArray bytes = file.read(kMaxScenarioBytes + 1);  // the file may have grown since the size check
    QString why;
    auto document = parseScenario(bytes, why);
    if (!document)
        return fail(why);
    return document;
}

std::optional<PanelState> stateFromJson(const ScenarioDocument& document, const PanelSchema& schema, QString& error,
                                        QStringList* warnings)
{
    QStringList ignored;
    QStringList& notes = warnings ? *warnings : ignored;
    if (document.panel != schema.panel) {
        error = QStringLiteral("panel: the scenario is for '%1', not '%2'").arg(document.panel, schema.panel);
        return std::nullopt;
    }
    const QJsonObject& json = document.state;
    warnUnknownKeys(json,
                    {QStringLiteral("model"), QStringLiteral("preset"), QStringLiteral("seed"), QStringLiteral("speed"),
                     QStringLiteral("parameters"), QStringLiteral("view"), QStringLiteral("extras")},
                    QStringLiteral("state"), notes);
    PanelState state;
    state.panel = schema.panel;
    state.model = schema.models.value(0);
    if (!readString(json, QStringLiteral("model"), QStringLiteral("state.model"), kMaxIdLength, state.model, error))
        return std::nullopt;
    if (!schema.models.contains(state.model)) {
        error = QStringLiteral("state.model: '%1' is not a model of this panel (known: %2)")
                    .arg(shortened(state.model), schema.models.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    if (!readString(json, QStringLiteral("preset"), QStringLiteral("state.preset"), kMaxIdLength, state.preset, error))
        return std::nullopt;
    if (json.contains(QStringLiteral("seed"))) {
        const auto seed = readSeed(json.value(QStringLiteral("seed")), error);
        if (!seed)
            return std::nullopt;
        state.seed = *seed;
    }
    if (json.contains(QStringLiteral("speed"))) {
        const QJsonValue speed = json.value(QStringLiteral("speed"));
        if (speed.isString() && speed.toString() == QLatin1String("max")) {
            state.speed = std::numeric_limits<double>::infinity();
        } else if (!speed.isDouble() || !(speed.toDouble() >= 0.01 && speed.toDouble() <= kMaxSpeed)) {
            error = QStringLiteral("state.speed: expected a number from 0.01 to 1e9 (simulated ms per wall-clock ms) "
                                   "or \"max\", got %1")
                        .arg(speed.isDouble() ? QString::fromStdString(formatValue(speed.toDouble(), 17))
                                              : typeName(speed));
            return std::nullopt;
        } else {
            state.speed = speed.toDouble();
        }
    }
    state.parameters = ParamSet(schema.specs(state.model));
    const QJsonValue parameters = json.value(QStringLiteral("parameters"));
    if (!parameters.isUndefined() && !parameters.isObject()) {
        error = QStringLiteral("state.parameters: expected an object of key: value, got %1").arg(typeName(parameters));
        return std::nullopt;
    }
    const QJsonObject values = parameters.toObject();
    for (auto it = values.begin(); it != values.end(); ++it) {
        const QString path = QStringLiteral("state.parameters.%1").arg(shortened(it.key()));
        const ParamSpec* spec = state.parameters.spec(it.key().toStdString());
        if (!spec) {
            notes << QStringLiteral("%1: model '%2' has no such parameter; ignored").arg(path, state.model);
            continue;
        }
        double value = 0;
        if (it.value().isString() && spec->isChoice()) {
            const int index = spec->choiceIndex(it.value().toString().toStdString());
            if (index < 0) {
                QStringList names;
                for (const std::string& name : spec->choices)
                    names << QString::fromStdString(name);
                error = QStringLiteral("%1: '%2' is not one of %3")
                            .arg(path, shortened(it.value().toString()), names.join(QStringLiteral(", ")));
                return std::nullopt;
            }
            value = index;
        } else if (it.value().isDouble()) {
            value = it.value().toDouble();
        } else {
            error = QStringLiteral("%1: expected %2, got %3")
                        .arg(path, spec->isChoice() ? QStringLiteral("a choice name") : QStringLiteral("a number"),
                             typeName(it.value()));
            return std::nullopt;
        }
        try {
            state.parameters.set(spec->key, value);
        } catch (const ParameterError& e) {
            error = QStringLiteral("state.parameters: %1").arg(QString::fromStdString(e.what()));
            return std::nullopt;
        }
    }
    for (const char* key : {"view", "extras"}) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isObject()) {
            error = QStringLiteral("state.%1: expected an object, got %2").arg(QLatin1String(key), typeName(value));
            return std::nullopt;
        }
    }
    state.view = json.value(QStringLiteral("view")).toObject();
    state.extras = json.value(QStringLiteral("extras")).toObject();
    if (schema.check)
        if (const QString problem = schema.check(state); !problem.isEmpty()) {
            error = problem;
            return std::nullopt;
        }
    return state;
}

QByteArray scenarioToJson(const PanelState& state, const QString& title, const QString& description)
{
    QJsonObject parameters;
    for (const ParamSpec& spec : state.parameters.specs()) {
        const double value = state.parameters[spec.key];
        parameters.insert(QString::fromStdString(spec.key),
                          spec.isChoice() ? QJsonValue(QString::fromStdString(spec.display(value))) : QJsonValue(value));
    }
    QJsonObject json;
    json.insert(QStringLiteral("model"), state.model);
    json.insert(QStringLiteral("preset"), state.preset);
    json.insert(QStringLiteral("seed"), state.seed <= quint64(kMaxExactInteger) ? QJsonValue(double(state.seed))
                                                                                : QJsonValue(QString::number(state.seed)));
    json.insert(QStringLiteral("speed"),
                std::isinf(state.speed) ? QJsonValue(QStringLiteral("max")) : QJsonValue(state.speed));
    json.insert(QStringLiteral("parameters"), parameters);
    json.insert(QStringLiteral("view"), state.view);
    json.insert(QStringLiteral("extras"), state.extras);

    QJsonObject root;
    root.insert(QStringLiteral("format"), QLatin1String(kScenarioFormat));
    root.insert(QStringLiteral("schema"), kScenarioSchema);
    root.insert(QStringLiteral("app_version"), QLatin1String(kVersion));
    root.insert(QStringLiteral("chapter"), chapterOfPanel(state.panel));
    root.insert(QStringLiteral("panel"), state.panel);
    if (!title.isEmpty())
        root.insert(QStringLiteral("title"), title);
    if (!description.isEmpty())
        root.insert(QStringLiteral("description"), description);
    root.insert(QStringLiteral("state"), json);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QString writeScenarioFile(const QString& path, const PanelState& state)
{
    if (path.isEmpty())
        return QStringLiteral("cannot write a scenario: no file name given");
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return QStringLiteral("cannot write scenario '%1': it exists and is not a regular file").arg(path);
    // Not QSaveFile: Qt 6.4's QSaveFile::commit() reports success after a short write (a full disk leaves a
    // truncated file behind). The engine's writer checks every write, fsyncs and renames.
    const QByteArray bytes = scenarioToJson(state);
    const std::string error = writeFileAtomically(path.toStdString(), std::string_view(bytes.constData(), std::size_t(bytes.size())));
    return QString::fromStdString(error);
}

}  // namespace neuroai::chapters
