#include "engine/analysis/FiSweep.h"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace neuroai {

std::vector<double> linearSweep(double first, double last, int count)
{
    std::vector<double> values;
    if (count <= 0)
        return values;
    if (count == 1)
        return {first};
    values.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        values.push_back(first + (last - first) * double(i) / double(count - 1));
    return values;
}

namespace {

// Counts spikes and ignores samples: all a sweep point needs to watch its budget.
class SpikeCounter final : public TraceSink {
public:
    void sample(double, std::span<const double>) override {}
    void spike(double, int) override { ++count; }
    long count = 0;
};

}  // namespace

std::vector<FiPoint> computeFiCurve(const std::function<std::unique_ptr<Model>()>& factory, const ParamSet& base,
                                    const std::vector<double>& currents, double durationMs, std::uint64_t seed,
                                    const std::function<bool(const FiPoint&)>& onPoint, const FiBudget& budget,
                                    const std::atomic<bool>* cancel)
{
    using SteadyClock = std::chrono::steady_clock;
    std::vector<FiPoint> points;
    std::unique_ptr<Model> model = factory();
    const std::string key = model->inputKey();
    if (key.empty())
        throw std::invalid_argument("model '" + model->id() + "' has no input parameter to sweep");
    for (const double current : currents) {
        ParamSet p = base;
        p.set(key, current);
        model->setParameters(p);
        model->reset(seed);
        const long steps = long(std::llround(durationMs / model->dt()));
        SpikeCounter counter;
        const SteadyClock::time_point start = SteadyClock::now();
        bool cutShort = false;
        for (long done = 0; done < steps;) {
            const long chunk = std::min(FiBudget::kCheckSteps, steps - done);
            model->advance(chunk, counter);
            done += chunk;
            if (cancel && cancel->load())
                return points;
            const double wallMs = std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count();
            if (done < steps && (counter.count >= budget.maxSpikes || wallMs >= budget.maxWallMs)) {
                cutShort = true;
                break;
            }
        }
        const auto metrics = model->metrics();
        const FiPoint point{current, metrics.at("rate_hz"), metrics.at("spike_count"), model->timeMs(), cutShort};
        points.push_back(point);
        if (onPoint && !onPoint(point))
            break;
    }
    return points;
}

FiSweep::FiSweep(std::function<std::unique_ptr<Model>()> factory, ParamSet base, std::vector<double> currents,
                 double durationMs, std::uint64_t seed, FiBudget budget)
{
    m_thread = std::thread([this, factory = std::move(factory), base = std::move(base),
                            currents = std::move(currents), durationMs, seed, budget] {
        try {
            computeFiCurve(
                factory, base, currents, durationMs, seed,
                [this](const FiPoint& point) {
                    std::lock_guard lock(m_mutex);
                    m_pending.push_back(point);
                    return !m_cancel.load();
                },
                budget, &m_cancel);
        } catch (const std::exception& error) {
            std::lock_guard lock(m_mutex);
            m_error = error.what();
        }
        m_finished.store(true);
    });
}

FiSweep::~FiSweep()
{
    cancel();
    wait();
}

void FiSweep::wait()
{
    if (m_thread.joinable())
        m_thread.join();
}

std::vector<FiPoint> FiSweep::takePoints()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_pending, {});
}

std::string FiSweep::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

}  // namespace neuroai
