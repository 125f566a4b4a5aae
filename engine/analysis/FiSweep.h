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
    double rateHz = 0;    // the model's steady rate (metric "rate_hz") at the end of the point's run
    double spikeCount = 0;
    double simulatedMs = 0;  // how long the point ran: `durationMs`, or less when cut short
    bool cutShort = false;   // the point hit its FiBudget before `durationMs`; rateHz is measured over simulatedMs
};

// What one point of a sweep may cost at most. A strongly driven cell (e.g. a LIF with R = 1 GΩ at 10 nA fires
// ~5000 spikes per simulated ms) would otherwise take minutes per point; its rate is well measured long before.
// A point stops at whichever limit comes first and is marked cutShort. Checked every kCheckSteps steps, so a point
// may overshoot by one such chunk.
struct FiBudget {
    long maxSpikes = 100'000;   // spikes of the cell per point
    double maxWallMs = 500;     // wall-clock time per point (ms)
    static constexpr long kCheckSteps = 100;
};

// Evenly spaced input values from `first` to `last` inclusive.
std::vector<double> linearSweep(double first, double last, int count);

// Runs one fresh model per input value and measures its firing rate: the f-I curve.
//
// computeFiCurve() runs synchronously; each point obeys `budget`. It stops early when onPoint returns false or
// when `cancel` becomes true (checked with the budget, also inside a point; the interrupted point is dropped).
// FiSweep runs the same on a background thread of its own and streams the points as they are computed; the
// controlling thread drains them with takePoints() (on a timer) and may cancel at any time, which takes effect
// within one budget check. The models are created by the factory inside the worker thread and never shared.
std::vector<FiPoint> computeFiCurve(const std::function<std::unique_ptr<Model>()>& factory, const ParamSet& base,
                                    const std::vector<double>& currents, double durationMs, std::uint64_t seed,
                                    const std::function<bool(const FiPoint&)>& onPoint = {},
                                    const FiBudget& budget = {}, const std::atomic<bool>* cancel = nullptr);

class FiSweep {
public:
    FiSweep(std::function<std::unique_ptr<Model>()> factory, ParamSet base, std::vector<double> currents,
            double durationMs, std::uint64_t seed, FiBudget budget = {});
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
