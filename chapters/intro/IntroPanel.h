#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "engine/core/ParamSpec.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QVBoxLayout;
QT_END_NAMESPACE

namespace neuroai::widgets {
class ParameterPanel;
}

namespace neuroai::chapters {

// Common frame of the chapter 1 panels. Their experiments are short deterministic computations (a few thousand
// exact LIF steps, one synapse, a 5500-synapse network), so they run synchronously on every parameter change
// instead of on a SimulationController: controller() is null and runHeadless() just recomputes.
//
// The base owns the controls (preset box, preset description, ParameterPanel generated from the engine's specs),
// the validated parameter set, presets from :/presets/intro/<folder>, and the white figure widget; a derived panel
// fills figureLayout() with plots and readouts and implements recompute().
class IntroPanel : public ExperimentPanel {
    Q_OBJECT
public:
    SimulationController* controller() override { return nullptr; }
    QWidget* figureWidget() override { return m_figure; }
    QString metadata() const override;
    bool runHeadless(double ms, int timeoutMs = 120000) override;

    QStringList models() const override { return {m_model}; }
    QString currentModel() const override { return m_model; }
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override { return m_parameters; }
    quint64 currentSeed() const override { return m_seed; }
    QList<Preset> presetsFor(const QString& model) const override;
    QString checkState(const PanelState& state) const override;
    void applyState(const PanelState& target, bool restart) override;

    const ParamSet& parameters() const { return m_parameters; }
    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    QComboBox* presetBox() const { return m_presetBox; }
    quint64 seed() const { return m_seed; }
    // How many times the figure has been recomputed (tests wait on it).
    int updateCount() const { return m_updates; }

signals:
    void updated();

protected:
    IntroPanel(const QString& model, const QString& presetFolder, std::vector<ParamSpec> specs, QWidget* parent);

    // Call at the end of the derived constructor, after the figure is built.
    void finishSetup();
    QVBoxLayout* figureLayout() const { return m_figureLayout; }
    // Recomputes the experiment for parameters() and refreshes plots and readouts.
    virtual void recompute() = 0;
    // A combination of values the experiment cannot run (beyond each value's range); empty if fine.
    virtual QString checkParameters(const ParamSet& /*p*/) const { return {}; }
    // Extra lines for the metadata (e.g. derived quantities).
    virtual QString extraMetadata() const { return {}; }
    // A readout label in the app's style (rich text, centred, wrapping).
    QLabel* makeReadout(const QString& objectName);

private:
    void refresh();
    void syncPresetBox();

    QString m_model;
    QString m_presetFolder;
    ParamSet m_parameters;
    QList<Preset> m_presets;
    quint64 m_seed = 1;
    int m_updates = 0;
    widgets::ParameterPanel* m_panel = nullptr;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QWidget* m_figure = nullptr;
    QVBoxLayout* m_figureLayout = nullptr;
};

}  // namespace neuroai::chapters
