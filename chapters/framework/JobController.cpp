#include "chapters/framework/JobController.h"

#include "widgets/JobProgressBar.h"

#include <algorithm>

namespace neuroai::chapters {

JobController::JobController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<neuroai::ExperimentResult>();
    m_timer.setInterval(33);  // 30 Hz
    connect(&m_timer, &QTimer::timeout, this, &JobController::poll);
}

JobController::~JobController()
{
    // Cancel everything first, so the joins below overlap instead of adding up.
    if (m_job)
        m_job->cancel();
    for (const auto& job : m_retiring)
        job->cancel();
    m_pending.reset();
    m_job.reset();
    m_retiring.clear();
}

void JobController::start(Job::Work work)
{
    retireCurrent();
    m_lastFraction = -1;
    m_lastStage.clear();
    m_lastLive = 0;
    reapRetired();
    if (int(m_retiring.size()) > kMaxRetiring) {
        // Too many cancelled jobs still hold the cores: this work waits (replacing any older waiting work, which
        // never ran) and poll() launches it once one of them has stopped.
        m_pending = std::make_unique<Job::Work>(std::move(work));
        m_timer.start();
        emit started();
        return;
    }
    m_pending.reset();
    launch(std::move(work));
    emit started();
}

void JobController::launch(Job::Work work)
{
    // The GUI's jobs run below the GUI thread's priority: on two cores, a training job and the window would otherwise
    // share a core evenly whenever anything else runs, and frames would wait for the job's time slice.
    m_job = std::make_unique<Job>([work = std::move(work)](Progress& progress) {
        lowerCurrentThreadPriority();
        return work(progress);
    });
    m_timer.start();
}

void JobController::cancel()
{
    if (!isRunning())
        return;
    m_pending.reset();
    retireCurrent();
    emit cancelled();
}

void JobController::retireCurrent()
{
    if (!m_job)
        return;
    m_job->cancel();
    m_retiring.push_back(std::move(m_job));
}

void JobController::reapRetired()
{
    // Join retired jobs whose threads have stopped (never blocks: they are finished).
    m_retiring.erase(std::remove_if(m_retiring.begin(), m_retiring.end(),
                                    [](const std::unique_ptr<Job>& job) { return job->isFinished(); }),
                     m_retiring.end());
}

void JobController::poll()
{
    reapRetired();
    if (m_pending && int(m_retiring.size()) <= kMaxRetiring) {
        std::unique_ptr<Job::Work> work = std::move(m_pending);
        launch(std::move(*work));
    }
    if (!m_job) {
        if (m_retiring.empty() && !m_pending)
            m_timer.stop();
        return;
    }
    const double fraction = m_job->progress();
    const QString stage = QString::fromStdString(m_job->stage());
    if (fraction != m_lastFraction || stage != m_lastStage) {
        m_lastFraction = fraction;
        m_lastStage = stage;
        emit progress(fraction, stage);
    }
    if (const std::uint64_t version = m_job->liveVersion(); version != m_lastLive) {
        m_lastLive = version;
        emit liveData();
        if (!m_job)  // a slot started or cancelled jobs
            return;
    }
    if (!m_job->isFinished())
        return;
    // Take the job out before emitting, so a slot may start the next one.
    std::unique_ptr<Job> job = std::move(m_job);
    job->wait();
    switch (job->state()) {
    case Job::State::Succeeded:
        if (std::optional<ExperimentResult> result = job->takeResult())
            emit finished(*result);
        break;
    case Job::State::Failed:
        emit failed(QString::fromStdString(job->error()));
        break;
    case Job::State::Cancelled:  // only by the work itself (cancel() retires the job before this point)
        emit cancelled();
        break;
    case Job::State::Running:
        break;
    }
    if (!m_job && !m_pending && m_retiring.empty())
        m_timer.stop();
}

void JobController::attach(widgets::JobProgressBar* bar)
{
    connect(this, &JobController::started, bar, &widgets::JobProgressBar::jobStarted);
    connect(this, &JobController::progress, bar, &widgets::JobProgressBar::setProgress);
    connect(this, &JobController::finished, bar, &widgets::JobProgressBar::jobEnded);
    connect(this, &JobController::failed, bar, &widgets::JobProgressBar::jobEnded);
    connect(this, &JobController::cancelled, bar, &widgets::JobProgressBar::jobEnded);
    connect(bar, &widgets::JobProgressBar::cancelRequested, this, &JobController::cancel);
}

}  // namespace neuroai::chapters
