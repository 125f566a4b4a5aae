#pragma once

#include "engine/core/Job.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>
#include <vector>

Q_DECLARE_METATYPE(neuroai::ExperimentResult)

namespace neuroai::widgets {
class JobProgressBar;
}

namespace neuroai::chapters {

// The GUI side of a background Job (engine/core/Job.h): starts it, polls it at 30 Hz on the GUI thread and turns
// what it finds into signals. At most one job is current: starting a new one cancels the previous one, whose
// outcome is then never reported (latest wins). A cancelled job's thread is not waited for on the GUI thread; it
// finishes in the background and is joined once it has stopped, or by the destructor at the latest.
//
// A slider dragged at 60 Hz starts a job per tick, and a job notices its cancellation only at its next check, so
// cancelled jobs used to pile up: about 25 threads at once on frontiers/event-driven, all competing for two cores
// with the window and with Qt's own painting threads, which the GUI thread waits for (the frame-time benchmark's
// slow frames were 2 ms of CPU inside 10-50 ms of wall time). So a new job starts at once only while at most
// kMaxRetiring cancelled jobs are still running; otherwise its work waits as the pending job, replaced by any newer
// start, and starts as soon as a retired job stops. The pending job counts as running (isRunning, started()).
class JobController : public QObject {
    Q_OBJECT
public:
    explicit JobController(QObject* parent = nullptr);
    ~JobController() override;  // cancels every job and joins its thread

    // Starts `work` on its own thread; cancels the current job first.
    void start(Job::Work work);
    // Cancels the current job (if any) and emits cancelled() at once.
    void cancel();

    // Cancelled jobs that may still be running when a new one starts; beyond that, the new one waits (above).
    static constexpr int kMaxRetiring = 1;

    bool isRunning() const { return m_job != nullptr || m_pending != nullptr; }
    // True while the current work waits for cancelled jobs to stop before it starts.
    bool isPending() const { return m_pending != nullptr; }
    // Progress of the current job in [0, 1] (0 if none).
    double fraction() const { return m_job ? m_job->progress() : 0.0; }
    // The current job's newest live data (Progress::publish), null if none or no job; liveData() says when it changes.
    std::shared_ptr<const LiveData> live() const { return m_job ? m_job->live() : nullptr; }
    // Cancelled jobs whose threads have not stopped yet.
    int retiringCount() const { return int(m_retiring.size()); }
    // Wires a progress bar: shown after its delay while a job runs, its Cancel button cancels.
    void attach(widgets::JobProgressBar* bar);

signals:
    void started();
    void progress(double fraction, const QString& stage);
    // The current job published new live data (checked at each poll, so at most 30 times a second).
    void liveData();
    void finished(const neuroai::ExperimentResult& result);
    void failed(const QString& message);
    void cancelled();

private:
    void poll();
    void retireCurrent();
    void launch(Job::Work work);
    void reapRetired();

    std::unique_ptr<Job> m_job;
    std::unique_ptr<Job::Work> m_pending;  // started but not yet launched (see the class comment)
    std::vector<std::unique_ptr<Job>> m_retiring;
    QTimer m_timer;
    double m_lastFraction = -1;
    QString m_lastStage;
    std::uint64_t m_lastLive = 0;
};

}  // namespace neuroai::chapters
