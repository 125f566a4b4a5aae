#pragma once

#include "engine/core/ExperimentResult.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

namespace neuroai {

// Thrown by Progress::throwIfCancelled(); a Job treats it as a cancellation, not as an error.
class JobCancelled : public std::runtime_error {
public:
    JobCancelled() : std::runtime_error("cancelled") {}
};

// A picture of a computation in progress that the work hands to whoever watches it (e.g. the replay learner's SumTree
// during training, drawn live by the GUI). Derived types carry the data; they must be immutable once published.
struct LiveData {
    virtual ~LiveData() = default;
};

// The handle a batch computation reports through and checks for cancellation. Any thread may read it while the
// worker writes it. A default-constructed Progress (synchronous use) is never cancelled unless cancel() is called.
class Progress {
public:
    // Fraction done in [0, 1]; values are clamped and never go backwards (a smaller value is ignored).
    void setFraction(double fraction);
    double fraction() const { return m_fraction.load(std::memory_order_relaxed); }
    // Optional text naming the current stage ("sweeping durations").
    void setStage(std::string stage);
    std::string stage() const;

    // Live data: the work publishes its latest picture (replacing the previous one, which a reader may still hold);
    // a reader takes the newest and can tell a new one by liveVersion() (0 = none yet, then 1, 2, ...).
    void publish(std::shared_ptr<const LiveData> data);
    std::shared_ptr<const LiveData> live() const;
    std::uint64_t liveVersion() const { return m_liveVersion.load(std::memory_order_acquire); }

    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    // Throws JobCancelled if cancel() was called: for loops that would otherwise have to unwind by hand.
    void throwIfCancelled() const
    {
        if (cancelled())
            throw JobCancelled();
    }

private:
    std::atomic<double> m_fraction{0.0};
    std::atomic<bool> m_cancelled{false};
    mutable std::mutex m_stageMutex;
    std::string m_stage;
    std::shared_ptr<const LiveData> m_live;  // guarded by m_stageMutex
    std::atomic<std::uint64_t> m_liveVersion{0};
};

// A batch computation on its own std::thread (started by the constructor). The owner polls isFinished(),
// progress() and stage(), and collects the outcome with takeResult() or error().
//
// Cancellation is cooperative: cancel() only sets a flag that the work reads through Progress::cancelled() (or
// throwIfCancelled()), so it returns at once; the work stops at its next check. The destructor cancels and joins,
// so destroying a running Job is always safe and never leaves a thread behind. An exception escaping the work
// becomes the error message; a cancelled job has neither result nor error.
// Lowers the calling thread's scheduling priority (Linux: nice +10 for this thread only; elsewhere nothing), so that
// a background computation yields the CPU to the GUI thread whenever both want it: the window keeps drawing at its
// frame rate while a model trains on a machine with few cores. Returns false if the system refused.
bool lowerCurrentThreadPriority();

class Job {
public:
    using Work = std::function<ExperimentResult(Progress&)>;
    enum class State { Running, Succeeded, Failed, Cancelled };

    explicit Job(Work work);
    ~Job();
    Job(const Job&) = delete;
    Job& operator=(const Job&) = delete;

    void cancel() { m_progress.cancel(); }
    // Blocks until the worker has finished (idempotent).
    void wait();

    bool isFinished() const { return state() != State::Running; }
    State state() const { return m_state.load(std::memory_order_acquire); }
    double progress() const { return m_progress.fraction(); }
    std::string stage() const { return m_progress.stage(); }
    std::shared_ptr<const LiveData> live() const { return m_progress.live(); }
    std::uint64_t liveVersion() const { return m_progress.liveVersion(); }
    // The result once, after a successful finish; nullopt while running, after failure or cancellation, and on
    // the second call.
    std::optional<ExperimentResult> takeResult();
    // The failure message (empty unless state() == Failed).
    std::string error() const;

private:
    Progress m_progress;
    std::atomic<State> m_state{State::Running};
    mutable std::mutex m_mutex;
    std::optional<ExperimentResult> m_result;
    std::string m_error;
    std::thread m_thread;
};

}  // namespace neuroai
