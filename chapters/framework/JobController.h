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
class JobController : public QObject {
    Q_OBJECT
public:
    explicit JobController(QObject* parent = nullptr);
    ~JobController() override;  // cancels every job and joins its thread

    // Starts `work` on its own thread; cancels the current job first.
    void start(Job::Work work);
    // Cancels the current job (if any) and emits cancelled() at once.
    void cancel();

    bool isRunning() const { return m_job != nullptr; }
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

    std::unique_ptr<Job> m_job;
    std::vector<std::unique_ptr<Job>> m_retiring;
    QTimer m_timer;
    double m_lastFraction = -1;
    QString m_lastStage;
    std::uint64_t m_lastLive = 0;
};

}  // namespace neuroai::chapters
