#pragma once

#include "chapters/framework/Scenario.h"

#include <QList>
#include <QString>

namespace neuroai::chapters {

// A preset is a scenario shipped in the resources (:/presets/<chapter>/<folder>/<name>.json), read by the same
// parser as a scenario the user saved. It names its home panel and usually only the parameters it changes; the
// rest take the model's defaults. Another panel that runs the same model may borrow it (the firing-pattern panel
// offers the LIF lab's presets for its LIF model).
struct Preset {
    QString name;         // the file name without .json
    QString title;
    QString description;
    int order = 1000;     // position in the preset list (then by name)
    QString model;
    ParamSet parameters;  // complete and validated against the model's specs
    // "Predict, then run" (Scenario.h): the question asked before the preset's run; its readout is one the panel
    // declares (checked on load).
    std::optional<Prediction> prediction;
};

// Reads one preset file and checks its state against `schema` (the panel that will apply it; the file's own panel
// may differ). Unlike a user's scenario, a preset with a key nobody reads is an error (it ships with the app: the
// key is a typo). On failure returns false and sets `error` to one line naming the file and the problem.
bool loadPreset(const QString& path, const PanelSchema& schema, Preset& preset, QString& error);

// Every preset in the folder ":/presets/<folder>" (or a directory path starting with '/' or ':'), sorted by "order"
// then by name. With `model` set, presets for another model are errors. Broken files are skipped and reported in
// `errors`.
QList<Preset> loadPresets(const QString& folder, const PanelSchema& schema, QStringList* errors = nullptr,
                          const QString& model = {});

}  // namespace neuroai::chapters
