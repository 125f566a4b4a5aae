#pragma once

#include "engine/core/ParamSpec.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <QList>

#include <functional>
#include <limits>
#include <optional>
#include <vector>

namespace neuroai::chapters {

// Everything that makes a panel look and behave the way it does, in one value: what a scenario file stores, what an
// undo step restores and what a preset sets (partially). Captured by ExperimentPanel::captureState(), applied only
// through the panel's PanelBinding.
struct PanelState {
    QString panel;              // stable panel id, e.g. "foundations/lif-lab"
    QString model;              // model id, e.g. "lif"
    QString preset;             // the preset the state came from; empty when the user changed something since
    ParamSet parameters;        // complete and validated against the model's specs
    quint64 seed = 1;           // the one seed of the panel (simulation noise, network draws, …)
    double speed = 1.0;         // simulated ms per wall-clock ms; infinity = as fast as possible
    QJsonObject view;           // view options the panel declares (may be empty)
    QJsonObject extras;         // panel-specific state (may be empty)

    bool operator==(const PanelState& other) const;
    bool operator!=(const PanelState& other) const { return !(*this == other); }
};

// What a scenario's state is checked against: the panel's models and the specs of each. Provided by the panel.
struct PanelSchema {
    QString panel;                                                  // the panel's id
    QStringList models;                                             // models the panel can run
    std::function<std::vector<ParamSpec>(const QString&)> specs;    // specs of one of `models`
    // Cross-parameter constraints (e.g. V_reset < V_th) and the view/extras content: empty if acceptable.
    std::function<QString(const PanelState&)> check;
    // Readouts a "predict" block may name (ExperimentPanel::readoutNames()); empty: the panel takes no predictions.
    QStringList readouts;
};

// A scenario file: human-readable JSON with a versioned schema.
//
//   {"format": "neuroai-explorer-scenario", "schema": 1, "app_version": "0.1.0",
//    "chapter": "foundations", "panel": "foundations/lif-lab",
//    "title": "…", "description": "…", "order": 1,                  (optional; shipped presets use them)
//    "state": {"model": "lif", "preset": "", "seed": 1, "speed": 1 | "max",
//              "parameters": {"tau_m": 20, "stimulus": "constant", …}, "view": {}, "extras": {}}}
//
// Parameters missing from "state" take the model's defaults, so a preset lists only what it changes; a saved
// scenario lists everything. Choice parameters are written by name. Seeds above 2^53 are written as decimal strings
// (a JSON number cannot hold them exactly). Unknown keys are reported as warnings; anything else that is wrong is an
// error naming the key and the reason, and nothing is applied.
// "Predict, then run": a "Try this" preset may ask for a prediction before its run. Written in the file as
//
//   "predict": {"question": "…", "readout": "rate_hz", "run_ms": 2000,
//               "answer": "number", "tolerance": 0.1}                          (a number in the readout's unit)
//   "predict": {"question": "…", "readout": "adaptation_index", "run_ms": 1500,
//               "answer": "choice", "choices": [{"label": "negative", "max": -0.01},
//                                               {"label": "about zero", "min": -0.01, "max": 0.01},
//                                               {"label": "positive", "min": 0.01}]}
//
// The outcome is the panel's readout `readout` after `run_ms` of simulated time from t = 0. A number is right when
// it lies within `tolerance` (relative, default 0.1 = 10 %) of the outcome; a choice when the outcome falls in its
// range [min, max) (an open end when min or max is left out). Ranges must not overlap.
struct PredictionChoice {
    QString label;
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
    bool contains(double value) const { return value >= min && value < max; }
};
struct Prediction {
    enum class Answer { Number, Choice };
    QString question;
    QString readout;
    double runMs = 1000;
    Answer answer = Answer::Number;
    double tolerance = 0.1;
    QList<PredictionChoice> choices;
    bool operator==(const Prediction& other) const;
};

struct ScenarioDocument {
    int schema = 0;
    QString appVersion;
    QString chapter;
    QString panel;
    QString title;
    QString description;
    int order = 1000;
    std::optional<Prediction> prediction;  // the optional "predict" block, checked structurally
    QJsonObject state;  // checked structurally; its values are checked against the panel by stateFromJson()
    QStringList warnings;
};

inline constexpr int kScenarioSchema = 1;
inline constexpr qint64 kMaxScenarioBytes = 1 << 20;  // a scenario is a few KB; anything larger is refused unread
inline constexpr const char* kScenarioFormat = "neuroai-explorer-scenario";

// Parses the envelope of a scenario: JSON syntax, size, format, schema version, the types of the known keys.
// nullopt on error, with `error` set to one line naming the key and the reason.
std::optional<ScenarioDocument> parseScenario(const QByteArray& bytes, QString& error);
// Reads `path` (refusing files over kMaxScenarioBytes before reading them) and parses it. Errors name the file.
std::optional<ScenarioDocument> readScenarioFile(const QString& path, QString& error);

// Turns a document's "state" into a complete PanelState for `schema` (defaults for missing parameters). nullopt on
// error (unknown model, wrong type, value out of range, violated constraint), with `error` naming the key.
// Unknown keys are appended to `warnings`.
std::optional<PanelState> stateFromJson(const ScenarioDocument& document, const PanelSchema& schema, QString& error,
                                        QStringList* warnings = nullptr);

// The JSON text of a complete scenario for `state` (indented, keys sorted, numbers in their shortest exact form), so
// that save → open → save gives the same bytes. `title`/`description` are written when not empty.
QByteArray scenarioToJson(const PanelState& state, const QString& title = {}, const QString& description = {});
// Writes scenarioToJson() atomically (temporary file, every write checked, fsync, rename): the old file is replaced
// whole or not at all. Refuses special files. Empty on success, else the message naming the file and the reason.
QString writeScenarioFile(const QString& path, const PanelState& state);

// Parses a "predict" block (see Prediction); nullopt with `error` naming the key (e.g. "predict.run_ms: …").
std::optional<Prediction> parsePrediction(const QJsonValue& value, QString& error);

// The chapter part of a panel id ("foundations" of "foundations/lif-lab").
QString chapterOfPanel(const QString& panelId);

}  // namespace neuroai::chapters
