#include "chapters/intro/IntroPanel.h"

#include "chapters/framework/JobController.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"

#include "engine/core/Job.h"
#include "engine/core/Version.h"
#include "widgets/JobProgressBar.h"
#include "widgets/ParameterPanel.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>

namespace neuroai::chapters {

namespace {

thread_local bool t_placeholder = false;

// The panel's seed is PanelState::seed, the same for every panel; an experiment that declares a 'seed' parameter
// gets it from there instead of from a slider of its own.
std::vector<ParamSpec> withoutSeed(std::vector<ParamSpec> specs)
{
    std::erase_if(specs, [](const ParamSpec& s) { return s.key == "seed"; });
    return specs;
}

}  // namespace

IntroPanel::IntroPanel(const QString& model, const QString& presetFolder, std::vector<ParamSpec> specs,
                       ComputeFunction compute, QWidget* parent, QStringList readouts)
    : ExperimentPanel(parent)
    , m_model(model)
    , m_presetFolder(presetFolder)
    , m_readouts(std::move(readouts))
    , m_parameters(withoutSeed(std::move(specs)))
    , m_compute(compute)
    , m_jobs(std::make_unique<JobController>())
{
    QStringList presetErrors;
    m_presets = loadPresets(m_presetFolder, schema(), &presetErrors, model);
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    const PanelFrame frame = buildPanelFrame(*this);
    const PresetRow presetRow = addPresetRow(frame.controls, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;
    m_panel = new widgets::ParameterPanel(m_parameters.specs());
    frame.controls->addWidget(m_panel, 1);

    m_figure = frame.figure;
    m_figureLayout = new QVBoxLayout(m_figure);
    m_figureLayout->setContentsMargins(4, 4, 4, 4);
    m_figureLayout->setSpacing(2);
    m_progressBar = new widgets::JobProgressBar(m_figure);
    m_figureLayout->addWidget(m_progressBar, 0);
    m_jobs->attach(m_progressBar);

    connectParameterPanel(binding(), *m_panel, [this] { return m_parameters; });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });

    connect(m_jobs.get(), &JobController::finished, this, [this] {
        if (m_pending && *m_pending)
            display(std::move(*m_pending));
        m_pending.reset();
    });
    connect(m_jobs.get(), &JobController::liveData, this, [this] {
        if (std::shared_ptr<const LiveData> picture = m_jobs->live())
            drawLive(std::move(picture));
    });
    connect(m_jobs.get(), &JobController::failed, this, [this](const QString& message) {
        m_pending.reset();
        m_panel->setMessage(message);
    });
    connect(m_jobs.get(), &JobController::cancelled, this, [this] {
        m_pending.reset();
        m_panel->setMessage(tr("Computation cancelled: the figure still shows the previous parameters."));
    });
}

IntroPanel::~IntroPanel()
{
    // Cancel and join the jobs while the panel is still whole (their results are never shown).
    m_jobs.reset();
}

void IntroPanel::finishSetup()
{
    m_panel->setValues(m_parameters);
    // The first figure (the defaults, a fraction of a second at most) is computed here, so the panel is never
    // blank; every later state goes through a job.
    Progress progress;
    std::shared_ptr<IntroResult> first = m_compute(m_parameters, m_seed, progress);
    first->parameters = m_parameters;
    first->seed = m_seed;
    display(std::move(first));
    syncPresetBox();
}

void IntroPanel::finishSetupWithPlaceholder()
{
    // Tools that treat training panels apart (--benchmark-gui measures them while they train) read this.
    setProperty("trainsOnJob", true);
    t_placeholder = true;
    finishSetup();
    t_placeholder = false;
    applyState(captureState(), false);
}

bool IntroPanel::isPlaceholder() { return t_placeholder; }

ParamSet IntroPanel::withSeed(std::vector<ParamSpec> engineSpecs, const ParamSet& parameters, std::uint64_t seed)
{
    ParamSet engine(std::move(engineSpecs));
    for (const ParamSpec& spec : engine.specs())
        if (spec.key != "seed")
            engine.set(spec.key, parameters[spec.key]);
    engine.set("seed", double(seed));
    return engine;
}

QLabel* IntroPanel::makeReadout(const QString& objectName)
{
    auto* label = new QLabel(m_figure);
    label->setObjectName(objectName);
    label->setAlignment(Qt::AlignCenter);
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    return label;
}

std::vector<ParamSpec> IntroPanel::specsFor(const QString& model) const
{
    return model == m_model ? m_parameters.specs() : std::vector<ParamSpec>{};
}

QList<Preset> IntroPanel::presetsFor(const QString& model) const
{
    return model == m_model ? m_presets : QList<Preset>{};
}

QString IntroPanel::checkState(const PanelState& state) const
{
    if (!state.view.isEmpty() || !state.extras.isEmpty())
        return tr("state: this panel has no view options or extras to restore");
    return checkParameters(state.parameters);
}

void IntroPanel::applyState(const PanelState& target, bool /*restart*/)
{
    // Nothing runs in time here: every state is computed in full, so a restart has nothing more to do.
    m_parameters = target.parameters;
    m_seed = target.seed;
    m_panel->setValues(m_parameters);
    m_panel->setMessage(QString());
    syncPresetBox();
    startJob();
}

void IntroPanel::startJob()
{
    auto slot = std::make_shared<std::shared_ptr<const IntroResult>>();
    m_pending = slot;
    // The work owns copies of everything it reads: the compute function, the parameters, the seed and its slot.
    m_jobs->start([compute = m_compute, parameters = m_parameters, seed = std::uint64_t(m_seed),
                   slot](Progress& progress) {
        std::shared_ptr<IntroResult> result = compute(parameters, seed, progress);
        result->parameters = parameters;
        result->seed = seed;
        *slot = std::move(result);
        return ExperimentResult{};
    });
}

bool IntroPanel::isComputing() const { return m_jobs->isRunning(); }

bool IntroPanel::runHeadless(double /*ms*/, int timeoutMs)
{
    // Nothing runs in time: the figure must just show the current state. After a cancel (or a failure) it shows an
    // earlier one, so compute again.
    if (!m_jobs->isRunning() && (m_shown->parameters.values() != m_parameters.values() || m_shown->seed != m_seed))
        startJob();
    if (m_jobs->isRunning()) {
        QEventLoop loop;
        bool ended = false;
        const auto quit = [&] {
            ended = true;
            loop.quit();
        };
        const QMetaObject::Connection connections[] = {
            connect(m_jobs.get(), &JobController::finished, &loop, quit),
            connect(m_jobs.get(), &JobController::failed, &loop, quit),
            connect(m_jobs.get(), &JobController::cancelled, &loop, quit)};
        QTimer::singleShot(std::max(0, timeoutMs), &loop, &QEventLoop::quit);
        if (m_jobs->isRunning())
            loop.exec();
        for (const QMetaObject::Connection& c : connections)
            disconnect(c);
        if (!ended)
            return false;
    }
    return m_shown->parameters.values() == m_parameters.values() && m_shown->seed == m_seed;
}

void IntroPanel::display(std::shared_ptr<const IntroResult> result)
{
    m_shown = std::move(result);
    draw(*m_shown);
    ++m_updates;
    emit updated();
}

void IntroPanel::syncPresetBox()
{
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, m_parameters);
}

QString IntroPanel::metadata() const
{
    // The chapter is the preset folder's first part ("intro/synapse", "case-studies/replay"): the base serves
    // batch panels of other chapters too.
    QString text = QStringLiteral("%1 %2 | chapter %3 | panel %4\nmodel %5 | seed %6\nparameters: %7")
                       .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion),
                            m_presetFolder.section(QLatin1Char('/'), 0, 0), title(), m_model)
                       .arg(m_shown->seed)
                       .arg(parameterSummary(m_shown->parameters));
    if (const QString extra = extraMetadata(); !extra.isEmpty())
        text += QLatin1Char('\n') + extra;
    return text;
}

}  // namespace neuroai::chapters
