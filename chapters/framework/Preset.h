#pragma once

#include "engine/core/ParamSpec.h"

#include <QList>
#include <QString>

#include <vector>

namespace neuroai::chapters {

// A named set of parameter values for one model, stored as JSON:
//   {"title": "Near rheobase", "description": "…", "model": "lif", "parameters": {"i_ext": 1.65}}
// Keys not listed keep their defaults. The file name (without .json) is the preset's name.
struct Preset {
    QString name;
    QString title;
    QString description;
    QString model;
    ParamSet parameters;  // complete and validated against the model's specs
};

// Parses and validates one preset file. On failure returns false and sets `error` to a one-line message naming the
// file and the problem (malformed JSON, wrong model, unknown key, value out of range, …).
bool loadPreset(const QString& path, const std::vector<ParamSpec>& specs, const QString& model, Preset& preset,
                QString& error);

// Loads every preset of a chapter panel from the resource folder ":/presets/<folder>", sorted by the "order" field
// then by name. Broken files are skipped and reported in `errors`.
QList<Preset> loadPresets(const QString& folder, const std::vector<ParamSpec>& specs, const QString& model,
                          QStringList* errors = nullptr);

}  // namespace neuroai::chapters
