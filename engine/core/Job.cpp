#include "engine/core/Job.h"

#include <utility>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <new>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace neuroai {

void Progress::setFraction(double fraction)
{
    if (!std::isfinite(fraction))
        return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    double current = m_fraction.load(std::memory_order_relaxed);
    while (fraction > current && !m_fraction.compare_exchange_weak(current, fraction, std::memory_order_relaxed)) {
    }
}

void Progress::setStage(std::string stage)
{
    std::lock_guard lock(m_stageMutex);
    m_stage = std::move(stage);
}

std::string Progress::stage() const
{
    std::lock_guard lock(m_stageMutex);
    return m_stage;
}

void Progress::publish(std::shared_ptr<const LiveData> data)
{
    std::shared_ptr<const LiveData> previous;  // released outside the lock
    {
        std::lock_guard lock(m_stageMutex);
        previous = std::exchange(m_live, std::move(data));
    }
    m_liveVersion.fetch_add(1, std::memory_order_release);
}

std::shared_ptr<const LiveData> Progress::live() const
{
    std::lock_guard lock(m_stageMutex);
    return m_live;
}

bool lowerCurrentThreadPriority()
{
#if defined(__linux__)
    // On Linux a thread is a task with its own nice value: PRIO_PROCESS with the thread id changes only this one.
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, tid);
    if (errno != 0)
        return false;
    return setpriority(PRIO_PROCESS, tid, std::min(current + 10, 19)) == 0;
#else
    return false;
#endif
}

Job::Job(Work work)
{
    m_thread = std::thread([this, work = std::move(work)] {
        State outcome = State::Succeeded;
        try {
            ExperimentResult result = work(m_progress);
            if (m_progress.cancelled()) {
                outcome = State::Cancelled;
            } else {
                std::lock_guard lock(m_mutex);
                m_result = std::move(result);
            }
        } catch (const JobCancelled&) {
            outcome = State::Cancelled;
        } catch (const std::bad_alloc&) {
            std::lock_guard lock(m_mutex);
            m_error = "out of memory";
            outcome = State::Failed;
        } catch (const std::exception& error) {
            std::lock_guard lock(m_mutex);
            m_error = error.what();
            outcome = State::Failed;
        } catch (...) {
            std::lock_guard lock(m_mutex);
            m_error = "unknown error";
            outcome = State::Failed;
        }
        if (outcome == State::Succeeded)
            m_progress.setFraction(1.0);
        m_state.store(outcome, std::memory_order_release);
    });
}

Job::~Job()
{
    cancel();
    wait();
}

void Job::wait()
{
    if (m_thread.joinable() && m_thread.get_id() != std::this_thread::get_id())
        m_thread.join();
}

std::optional<ExperimentResult> Job::takeResult()
{
    if (state() != State::Succeeded)
        return std::nullopt;
    std::lock_guard lock(m_mutex);
    std::optional<ExperimentResult> result = std::move(m_result);
    m_result.reset();
    return result;
}

std::string Job::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

}  // namespace neuroai
