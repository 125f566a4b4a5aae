#pragma once

#include "chapters/framework/Preset.h"
#include "engine/core/ParamSpec.h"

#include <QString>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QVBoxLayout;
QT_END_NAMESPACE

namespace neuroai::widgets {
class ParameterPanel;
}

namespace neuroai::chapters {

class SimulationController;

// Pieces every simulation-driven ExperimentPanel needs, kept in one place.

// The preset chooser at the top of a panel's controls, added to `layout`: a combo box listing the presets (keys
// 1–9 numbered, descriptions as tooltips, "Custom" when none matches) and, below it, a muted label for the chosen
// preset's description. The caller connects them.
struct PresetRow {
    QComboBox* box = nullptr;
    QLabel* description = nullptr;
};
PresetRow addPresetRow(QVBoxLayout* layout, const QList<Preset>& presets);

// "key=value unit, …" for exported metadata: full precision, choice parameters by name.
QString parameterSummary(const ParamSet& parameters);

// A change the user made in `panel`: applied to the controller, or, if the model rejects it, the message shown in
// the panel and the panel reset to the values the model really uses. True when applied.
bool applyPanelChange(SimulationController& controller, widgets::ParameterPanel& panel, const QString& key,
                      double value);

// ExperimentPanel::setParameter for such panels: the key must be one of the panel's, the value inside its range
// and acceptable to the model; the panel then shows the new values. Empty on success, else the message.
QString setPanelParameter(SimulationController& controller, widgets::ParameterPanel& panel, const QString& key,
                          double value);

}  // namespace neuroai::chapters
