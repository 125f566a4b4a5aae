#pragma once

#include "engine/core/Model.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace neuroai {

struct FiPoint {
    double current = 0;   // input in the unit of the model's input parameter (nA for LIF)
    double rateHz = 0;    // the model's steady rate (metric "rate_hz") after `durationMs`
    double spikeCount = 0;
};

// Evenly spaced input values from `first` to `last` inclusive.
std::vector<double> linearSweep(double first, double last, int count);

// Runs one fresh model per input value and measures its firing rate: the f-I curve.
//
// computeFiCurve() runs synchronously. FiSweep runs the same on a background thread of its own and streams the
// points as they are computed; the controlling thread drains them with takePoints() (on a timer) and may cancel at
// any time. The models are created by the factory inside the worker thread and never shared.
std::vector<FiPoint> computeFiCurve(const std::function<std::unique_ptr<Model>()>& factory, const ParamSet& base,
                                    const std::vector<double>& currents, double durationMs, std::uint64_t seed,
                                    const std::function<bool(const FiPoint&)>& onPoint = {});

class FiSweep {
public:
    FiSweep(std::function<std::unique_ptr<Model>()> factory, ParamSet base, std::vector<double> currents,
            double durationMs, std::uint64_t seed);
    ~FiSweep();  // cancels and joins
    FiSweep(const FiSweep&) = delete;
    FiSweep& operator=(const FiSweep&) = delete;

    std::vector<FiPoint> takePoints();  // points computed since the last call, in sweep order
    bool finished() const { return m_finished.load(); }
    void cancel() { m_cancel.store(true); }
    void wait();
    // Non-empty if the sweep failed (e.g. a current outside the parameter's range).
    std::string error() const;

private:
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_finished{false};
    mutable std::mutex m_mutex;
    std::vector<FiPoint> m_pending;
    std::string m_error;
    std::thread m_thread;
};

}  // namespace neuroai
