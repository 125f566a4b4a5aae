#include "engine/rl/TdConditioning.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {
[[noreturn]] void bad(const std::string& key, double value, const std::string& why)
{
    throw std::invalid_argument(key + " = " + std::to_string(value) + ": " + why);
}
}  // namespace

void TdSetup::validate() const
{
    if (trialSteps < 3 || trialSteps > 100000)
        bad("trialSteps", trialSteps, "must lie in [3, 100000]");
    if (csStep < 1 || csStep >= trialSteps)
        bad("csStep", csStep, "must lie in [1, trialSteps - 1] (one step before the cue at least)");
    if (delay < 1 || csStep + delay > trialSteps - 1)
        bad("delay", delay, "must be >= 1 with csStep + delay <= trialSteps - 1 (the reward inside the trial)");
    if (!std::isfinite(gamma) || gamma <= 0 || gamma > 1)
        bad("gamma", gamma, "must lie in (0, 1]");
    if (!std::isfinite(alpha) || alpha <= 0 || alpha > 1)
        bad("alpha", alpha, "must lie in (0, 1]");
    if (!std::isfinite(reward))
        bad("reward", reward, "must be finite");
}

TdConditioning::TdConditioning(const TdSetup& setup) : m_setup(setup)
{
    m_setup.validate();
    m_w.assign(std::size_t(setup.trialSteps - setup.csStep), 0.0);
}

void TdConditioning::setLearning(double gamma, double alpha)
{
    TdSetup next = m_setup;
    next.gamma = gamma;
    next.alpha = alpha;
    next.validate();
    m_setup = next;
}

double TdConditioning::value(int step) const
{
    if (step < m_setup.csStep || step >= m_setup.trialSteps)
        return 0.0;
    return m_w[std::size_t(step - m_setup.csStep)];
}

TdTrace TdConditioning::runTrial(TdProbe probe, bool learn, int earlyDelay)
{
    const TdSetup& s = m_setup;
    int rewardAt = s.rewardStep();
    if (probe == TdProbe::Omitted)
        rewardAt = -1;
    if (probe == TdProbe::Early) {
        if (earlyDelay < 1 || earlyDelay >= s.delay)
            bad("earlyDelay", earlyDelay, "must lie in [1, delay - 1]");
        rewardAt = s.csStep + earlyDelay;
    }
    const auto T = std::size_t(s.trialSteps);
    TdTrace trace;
    trace.delta.assign(T, 0.0);
    trace.value.resize(T);
    for (int t = 0; t < s.trialSteps; ++t)
        trace.value[std::size_t(t)] = value(t);
    for (int t = 1; t < s.trialSteps; ++t) {
        const double r = t == rewardAt ? s.reward : 0.0;
        // Online: the weight of step t − 1 changes right after its error; V(t) is still this trial's old value.
        const double d = r + s.gamma * value(t) - value(t - 1);
        trace.delta[std::size_t(t)] = d;
        if (learn && t - 1 >= s.csStep)
            m_w[std::size_t(t - 1 - s.csStep)] += s.alpha * d;
    }
    return trace;
}

TdRun runTdConditioning(const TdSetup& setup, int trials, int earlyDelay)
{
    setup.validate();
    if (trials < 1 || trials > 100000)
        bad("trials", trials, "must lie in [1, 100000]");
    if (earlyDelay != 0 && (earlyDelay < 1 || earlyDelay >= setup.delay))
        bad("earlyDelay", earlyDelay, "must be 0 (no early probe) or lie in [1, delay - 1]");
    TdConditioning td(setup);
    TdRun run;
    const auto cs = std::size_t(setup.csStep), rw = std::size_t(setup.rewardStep());
    for (int k = 0; k < trials; ++k) {
        TdTrace trace = td.runTrial();
        run.csError.push_back(trace.delta[cs]);
        run.rewardError.push_back(trace.delta[rw]);
        if (run.crossoverTrial < 0 && trace.delta[cs] > trace.delta[rw])
            run.crossoverTrial = k;
        run.delta.push_back(std::move(trace.delta));
    }
    run.learned = td.runTrial(TdProbe::Rewarded, false);
    run.omitted = td.runTrial(TdProbe::Omitted, false);
    if (earlyDelay != 0)
        run.early = td.runTrial(TdProbe::Early, false, earlyDelay);
    return run;
}

}  // namespace neuroai::rl
