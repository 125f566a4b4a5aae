#pragma once

// What the panel suites check of a panel's presets: each one loads and computes, and the readout a prediction asks
// about falls into one of its choices.

#include "chapters/framework/ExperimentPanel.h"

#include <QString>
#include <QStringList>

#include <cmath>
#include <optional>

namespace neuroai::testing {

// Waits until the panel shows the state it was last given (a batch panel's job, or a training run, has finished).
inline bool settle(chapters::ExperimentPanel& panel, int timeoutMs) { return panel.runHeadless(0, timeoutMs); }

// Sets one parameter (failing on a refusal, which is printed) and waits for the figure.
inline bool setAndWait(chapters::ExperimentPanel& panel, const char* key, double value, int timeoutMs)
{
    const QString error = panel.setParameter(QLatin1String(key), value);
    if (!error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return settle(panel, timeoutMs);
}

// A readout by name; NaN when the panel has none (yet).
inline double readoutOf(const chapters::ExperimentPanel& panel, const char* key)
{
    const std::optional<double> v = panel.readout(QLatin1String(key));
    return v ? *v : std::nan("");
}

// Applies every preset of `panel` in turn, waits for its figure (runHeadless) and answers its prediction, if it has
// one. Returns the problems found, one line each (empty = none); `predicting` is set to the number of presets with a
// prediction. Each answered value is printed with qInfo.
inline QStringList answerEveryPreset(chapters::ExperimentPanel& panel, int timeoutMs, int& predicting)
{
    QStringList problems;
    predicting = 0;
    for (const chapters::Preset& preset : panel.presets()) {
        if (const QString error = panel.applyPreset(preset.name); !error.isEmpty()) {
            problems << preset.name + QStringLiteral(": ") + error;
            continue;
        }
        if (!panel.runHeadless(0, timeoutMs)) {
            problems << preset.name + QStringLiteral(": no result within the time limit");
            continue;
        }
        if (!preset.prediction)
            continue;
        ++predicting;
        const std::optional<double> value = panel.readout(preset.prediction->readout);
        if (!value || !std::isfinite(*value)) {
            problems << preset.name + QStringLiteral(": no finite readout ") + preset.prediction->readout;
            continue;
        }
        qInfo("%s: %s = %g", qPrintable(preset.name), qPrintable(preset.prediction->readout), *value);
        bool answered = false;
        for (const chapters::PredictionChoice& c : preset.prediction->choices)
            answered = answered || (*value >= c.min && *value < c.max);
        if (!answered)
            problems << preset.name + QStringLiteral(": %1 = %2 matches no choice").arg(preset.prediction->readout).arg(*value);
    }
    return problems;
}

}  // namespace neuroai::testing
