#pragma once

#include "chapters/framework/Preset.h"
#include "engine/core/ParamSpec.h"

#include <QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QVBoxLayout;
QT_END_NAMESPACE

namespace neuroai::widgets {
class ParameterPanel;
}

namespace neuroai::chapters {

class PanelBinding;
class SimulationController;
struct PanelState;

// Pieces every simulation-driven ExperimentPanel needs, kept in one place.

// The preset chooser at the top of a panel's controls, added to `layout`: a combo box listing the presets (keys
// 1–9 numbered, descriptions as tooltips, "Custom" when none matches) and, below it, a muted label for the chosen
// preset's description. The caller connects them.
struct PresetRow {
    QComboBox* box = nullptr;
    QLabel* description = nullptr;
};
PresetRow addPresetRow(QVBoxLayout* layout, const QList<Preset>& presets);
// Shows in the preset row the preset whose values equal `current` (and its description), or none ("Custom").
void syncPresetRow(QComboBox* box, QLabel* description, const QList<Preset>& presets, const ParamSet& current);

// The frame every panel is built in: a scrolling controls column on the left and the white figure area on the right
// (the widget File → Export figure renders), both installed in `panel`. The caller fills `controls` and gives
// `figure` a layout.
struct PanelFrame {
    QVBoxLayout* controls = nullptr;
    QWidget* figure = nullptr;
};
PanelFrame buildPanelFrame(QWidget& panel, int minControlsWidth = 280, int maxControlsWidth = 380);

// "key=value unit, …" for exported metadata: full precision, choice parameters by name.
QString parameterSummary(const ParamSet& parameters);

// The part of ExperimentPanel::applyState() every simulation panel shares: parameters (already checked), seed and
// speed to `controller`, then a reset to t = 0 when `restart` or the seed changed (a run keeps running).
void applyToController(SimulationController& controller, const PanelState& target, bool restart);

// Routes every edit of `panel` (drag, typed value, reset button, choice) to `binding`, merging a slider's drag into one
// undo step; a rejected edit shows the binding's message in the panel and puts back the values `current()` returns.
void connectParameterPanel(PanelBinding& binding, widgets::ParameterPanel& panel, std::function<ParamSet()> current);

}  // namespace neuroai::chapters
