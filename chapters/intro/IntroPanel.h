#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "engine/core/ParamSpec.h"

#include <cstdint>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QVBoxLayout;
QT_END_NAMESPACE

namespace neuroai {
class Progress;
struct LiveData;
}

namespace neuroai::widgets {
class JobProgressBar;
class ParameterPanel;
}

namespace neuroai::chapters {

class JobController;

// What a chapter 1 panel computed for one state: derived panels extend it with their engine results. Immutable
// once computed; parameters and seed are the state it was computed for (filled in by IntroPanel).
struct IntroResult {
    virtual ~IntroResult() = default;
    ParamSet parameters;
    std::uint64_t seed = 0;
};

// Common frame of the chapter 1 panels. Their experiments are batch computations of the whole figure (no time
// runs), so there is no SimulationController (controller() is null). Every state change starts the panel's
// compute function on a background Job (JobController, latest wins: a new change cancels the computation still
// running); when it finishes, draw() shows the result on the GUI thread. Until then the previous figure stays; a
// JobProgressBar above the plots appears once a computation takes longer than 0.3 s and can cancel it. Only the
// first figure (the defaults, at construction) is computed synchronously, so a new panel is never blank.
//
// The base owns the controls (preset box, preset description, ParameterPanel generated from the engine's specs),
// the validated parameter set, presets from :/presets/intro/<folder>, the job and the white figure widget; a
// derived panel fills figureLayout() with plots and readouts, passes its compute function and implements draw().
class IntroPanel : public ExperimentPanel {
    Q_OBJECT
public:
    ~IntroPanel() override;

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
    QStringList readoutNames() const override { return m_readouts; }
    void applyState(const PanelState& target, bool restart) override;

    const ParamSet& parameters() const { return m_parameters; }
    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    QComboBox* presetBox() const { return m_presetBox; }
    quint64 seed() const { return m_seed; }
    // How many results have been shown (tests wait on it).
    int updateCount() const { return m_updates; }
    JobController* jobController() const { return m_jobs.get(); }
    widgets::JobProgressBar* progressBar() const { return m_progressBar; }
    // True while a computation for the current state is running (the figure still shows an earlier state).
    bool isComputing() const;
    // The state the figure shows (may lag parameters()/seed() while a job runs or after a cancel).
    const ParamSet& shownParameters() const { return m_shown->parameters; }
    quint64 shownSeed() const { return m_shown->seed; }

signals:
    void updated();

protected:
    // Computes the whole figure's data for one state on a job's thread. It may use only its arguments (no panel
    // members, no widgets), reports progress and stops with JobCancelled when cancelled (Job.h).
    using ComputeFunction = std::shared_ptr<IntroResult> (*)(const ParamSet& parameters, std::uint64_t seed,
                                                             Progress& progress);

    // presetFolder is below :/presets (e.g. "intro/synapse"); readouts are the names a preset's "predict" block may
    // use (the derived panel answers them in readout()).
    IntroPanel(const QString& model, const QString& presetFolder, std::vector<ParamSpec> specs,
               ComputeFunction compute, QWidget* parent, QStringList readouts = {});

    // Call at the end of the derived constructor, after the figure is built: computes and shows the first figure.
    void finishSetup();
    // The same for a panel whose computation trains (seconds, not a fraction of one): the first, synchronous call
    // of the compute function happens with isPlaceholder() true and must return at once with an untrained result
    // the panel draws as "training…"; the real computation then starts on a job, so nothing trains on the GUI thread.
    void finishSetupWithPlaceholder();
    // True only on the GUI thread during finishSetupWithPlaceholder()'s call of the compute function.
    static bool isPlaceholder();
    // The engine's parameter set for an experiment whose specs declare a "seed": the panel's values of the other
    // keys plus the panel's seed (throws ParameterError for a seed outside the spec's range).
    static ParamSet withSeed(std::vector<ParamSpec> engineSpecs, const ParamSet& parameters, std::uint64_t seed);
    QVBoxLayout* figureLayout() const { return m_figureLayout; }
    // Draws plots and readouts from a result of the panel's compute function (GUI thread).
    virtual void draw(const IntroResult& result) = 0;
    // Draws live data the running job published (Progress::publish), at most 30 times a second, until draw() shows
    // its result (GUI thread). The default ignores it.
    virtual void drawLive(std::shared_ptr<const LiveData> /*data*/) {}
    // The result on screen (never null after finishSetup()).
    const IntroResult& shownResult() const { return *m_shown; }
    // A combination of values the experiment cannot run (beyond each value's range); empty if fine.
    virtual QString checkParameters(const ParamSet& /*p*/) const { return {}; }
    // Extra lines for the metadata (e.g. derived quantities).
    virtual QString extraMetadata() const { return {}; }
    // A readout label in the app's style (rich text, centred, wrapping).
    QLabel* makeReadout(const QString& objectName);

private:
    void startJob();
    void display(std::shared_ptr<const IntroResult> result);
    void syncPresetBox();

    QString m_model;
    QString m_presetFolder;
    QStringList m_readouts;
    ParamSet m_parameters;
    QList<Preset> m_presets;
    quint64 m_seed = 1;
    int m_updates = 0;
    ComputeFunction m_compute = nullptr;
    std::shared_ptr<const IntroResult> m_shown;
    // Where the current job puts its result; each job has its own slot, so a cancelled job never writes into the
    // current one. Read only after JobController::finished (the worker thread has been joined).
    std::shared_ptr<std::shared_ptr<const IntroResult>> m_pending;
    std::unique_ptr<JobController> m_jobs;
    widgets::JobProgressBar* m_progressBar = nullptr;
    widgets::ParameterPanel* m_panel = nullptr;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QWidget* m_figure = nullptr;
    QVBoxLayout* m_figureLayout = nullptr;
};

}  // namespace neuroai::chapters
