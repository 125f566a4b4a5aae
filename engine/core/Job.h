#pragma once

#include "engine/core/ExperimentResult.h"

#include <atomic>
#include <functional>
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
};

// A batch computation on its own std::thread (started by the constructor). The owner polls isFinished(),
// progress() and stage(), and collects the outcome with takeResult() or error().
//
// Cancellation is cooperative: cancel() only sets a flag that the work reads through Progress::cancelled() (or
// throwIfCancelled()), so it returns at once; the work stops at its next check. The destructor cancels and joins,
// so destroying a running Job is always safe and never leaves a thread behind. An exception escaping the work
// becomes the error message; a cancelled job has neither result nor error.
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
