#include "engine/rl/TdConditioningModel.h"

#include <algorithm>
#include <cmath>

namespace neuroai::rl {

TdConditioningModel::TdConditioningModel()
{
    initParameters();
    reset(1);
}

TdConditioningModel::~TdConditioningModel() = default;

std::vector<ParamSpec> TdConditioningModel::specs() const
{
    ParamSpec gamma{"gamma", "Discount γ", "", 0.3, 1.0, 0.9, Scale::Linear,
                    "How much a reward one step later is worth now. The learned error at the cue is γ^D: a long "
                    "delay or a small γ makes the cue a weak predictor.",
                    2};
    ParamSpec alpha{"alpha", "Learning rate α", "", 0.01, 1.0, 0.2, Scale::Log,
                    "Fraction of each prediction error added to the weight that made the prediction. Larger α: the "
                    "error travels back to the cue in fewer trials.",
                    3};
    ParamSpec delay{"delay", "Cue–reward delay D", "steps", 1, 20, 10, Scale::Linear,
                    "Time steps from the cue (CS) to the reward. Changing it restarts learning (the delay line "
                    "changes length).",
                    0};
    ParamSpec omit{"omit_prob", "Reward omission probability", "", 0.0, 1.0, 0.0, Scale::Linear,
                   "Chance that a trial's reward is left out. Once the reward is predicted, an omitted reward makes "
                   "δ dip to about −1 at the time it was due; the omitted trials learn too.",
                   2};
    ParamSpec trials{"trials", "Trials shown", "trials", 20, double(kMaxTrialsShown), 200, Scale::Log,
                     "How many of the latest trials the heatmap keeps (learning goes on past them).", 0};
    for (ParamSpec* s : {&gamma, &alpha, &delay, &omit})
        s->group = "Learning";
    trials.group = "Display";
    return {gamma, alpha, delay.asInteger().asRestartingRun(), omit, trials.asInteger()};
}

std::vector<ChannelInfo> TdConditioningModel::channels() const
{
    return {{"cs_error", "TD error at the cue δ(c)", ""}, {"reward_error", "TD error at the reward δ(c + D)", ""}};
}

TdSetup TdConditioningModel::setupFrom(const ParamSet& p) const
{
    TdSetup s;
    s.delay = int(p["delay"]);
    s.csStep = kCsStep;
    s.trialSteps = kCsStep + s.delay + kStepsAfterReward + 1;  // the last step index is c + D + kStepsAfterReward
    s.gamma = p["gamma"];
    s.alpha = p["alpha"];
    s.reward = 1.0;
    return s;
}

void TdConditioningModel::applyParameters(const ParamSet& p)
{
    if (!m_td || int(p["delay"]) != m_builtDelay)
        build();
    else
        m_td->setLearning(p["gamma"], p["alpha"]);
}

void TdConditioningModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    build();
}

void TdConditioningModel::build()
{
    const TdSetup s = setupFrom(parameters());
    m_td = std::make_unique<TdConditioning>(s);
    m_builtDelay = s.delay;
    m_rng.reseed(m_seed);
    m_trials = 0;
    m_omitted = 0;
    m_crossover = -1;
    m_first.clear();
    m_recent.clear();
    m_recentOmitted.clear();
}

void TdConditioningModel::advance(long steps, TraceSink& sink)
{
    const double omitProb = parameters()["omit_prob"];
    const auto cs = std::size_t(m_td->setup().csStep), rw = std::size_t(m_td->setup().rewardStep());
    double value[2];
    for (long k = 0; k < steps; ++k) {
        // Draw every trial, omitted or not, so a run's sequence of omissions depends on the seed only.
        const bool omitted = m_rng.uniform() < omitProb;
        TdTrace trace = m_td->runTrial(omitted ? TdProbe::Omitted : TdProbe::Rewarded, true);
        ++m_trials;
        m_omitted += omitted ? 1 : 0;
        if (m_crossover < 0 && !omitted && trace.delta[cs] > trace.delta[rw])
            m_crossover = m_trials;
        value[0] = trace.delta[cs];
        value[1] = trace.delta[rw];
        if (m_trials == 1)
            m_first = trace.delta;
        m_recent.push_back(std::move(trace.delta));
        m_recentOmitted.push_back(omitted);
        if (int(m_recent.size()) > kMaxTrialsShown) {
            m_recent.pop_front();
            m_recentOmitted.pop_front();
        }
        sink.sample(double(m_trials), value);
    }
}

bool TdConditioningModel::stateIsFinite() const
{
    return std::all_of(m_td->weights().begin(), m_td->weights().end(), [](double w) { return std::isfinite(w); });
}

std::vector<double> TdConditioningModel::trialDelta(long trial) const
{
    if (trial == 1 && !m_first.empty())
        return m_first;
    const long oldest = m_trials - long(m_recent.size()) + 1;
    if (trial < oldest || trial > m_trials)
        return {};
    return m_recent[std::size_t(trial - oldest)];
}

std::map<std::string, double> TdConditioningModel::metrics() const
{
    const TdSetup& s = m_td->setup();
    const auto cs = std::size_t(s.csStep), rw = std::size_t(s.rewardStep());
    const long shown = std::min<long>(long(parameters()["trials"]), long(m_recent.size()));
    const long firstShown = m_trials - shown + 1;
    // The probe reads the current weights without learning: what an omitted reward would do now.
    TdConditioning probe = *m_td;
    const TdTrace omitted = probe.runTrial(TdProbe::Omitted, false);
    std::map<std::string, double> m{
        {"trial", double(m_trials)},
        {"gamma_pow_d", std::pow(s.gamma, s.delay)},
        {"value_at_cs", m_td->value(s.csStep)},
        {"probe_dip", omitted.delta[rw]},
        {"omitted_trials", double(m_omitted)},
        {"cs_step", double(s.csStep)},
        {"reward_step", double(s.rewardStep())},
        {"trial_steps", double(s.trialSteps)},
    };
    if (!m_recent.empty()) {
        m["cs_error"] = m_recent.back()[cs];
        m["reward_error"] = m_recent.back()[rw];
        m["latest_omitted"] = m_recentOmitted.back() ? 1.0 : 0.0;
        m["first_trial"] = 1;
        m["middle_trial"] = double(firstShown + (shown - 1) / 2);
        m["latest_trial"] = double(m_trials);
    }
    if (m_crossover > 0)
        m["crossover_trial"] = double(m_crossover);
    return m;
}

void TdConditioningModel::publish(Frame& frame) const
{
    const TdSetup& s = m_td->setup();
    const int T = s.trialSteps;
    const int shown = std::min(int(parameters()["trials"]), int(m_recent.size()));
    const long firstShown = m_trials - shown + 1;

    MatrixImage heat;
    heat.rows = shown;
    heat.columns = T;
    heat.values.reserve(std::size_t(shown) * std::size_t(T));
    for (std::size_t i = m_recent.size() - std::size_t(shown); i < m_recent.size(); ++i)
        for (const double d : m_recent[i])
            heat.values.push_back(float(d));
    heat.diverging = true;
    heat.minValue = -1;  // fixed at ± the reward, so colours mean the same as learning proceeds
    heat.maxValue = 1;
    heat.valueLabel = "TD error δ";
    heat.rowLabel = "trial";
    heat.columnLabel = "time in trial";
    heat.columnUnit = "step";
    heat.rowMin = double(firstShown) - 0.5;
    heat.rowMax = double(m_trials) + 0.5;
    heat.columnMin = -0.5;
    heat.columnMax = T - 0.5;
    frame.matrices.push_back(std::move(heat));

    MatrixImage curves;
    curves.rows = CurveRows;
    curves.columns = T;
    curves.values.assign(std::size_t(CurveRows) * std::size_t(T), std::nanf(""));
    auto fill = [&](int row, const std::vector<double>& values) {
        for (std::size_t t = 0; t < values.size() && t < std::size_t(T); ++t)
            curves.values[std::size_t(row) * std::size_t(T) + t] = float(values[t]);
    };
    if (!m_recent.empty()) {
        fill(FirstTrial, m_first);
        fill(MiddleTrial, trialDelta(firstShown + (shown - 1) / 2));
        fill(LatestTrial, m_recent.back());
    }
    TdConditioning probe = *m_td;
    fill(OmissionProbe, probe.runTrial(TdProbe::Omitted, false).delta);
    std::vector<double> v(static_cast<std::size_t>(T));
    for (int t = 0; t < T; ++t)
        v[std::size_t(t)] = m_td->value(t);
    fill(ValueNow, v);
    curves.valueLabel = "δ(t) of chosen trials, V(t)";
    curves.rowLabel = "curve";
    curves.columnLabel = "time in trial";
    curves.columnUnit = "step";
    curves.minValue = -1;
    curves.maxValue = 1;
    frame.matrices.push_back(std::move(curves));
}

}  // namespace neuroai::rl
