#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"
#include "engine/rl/TdConditioning.h"

#include <deque>
#include <memory>
#include <vector>

namespace neuroai::rl {

// The case-studies chapter's dopamine panel as a live model: TdConditioning (a tapped-delay-line TD(0) learner on a
// cue → reward trial) run one trial per step, so the reader watches the prediction error δ travel from the reward
// back to the cue as the trials go by, at the pace the panel's speed sets (the model's clock counts trials).
//
// The trial: the cue (CS) at step kCsStep, the reward D steps later, kStepsAfterReward more steps, so
// T = kCsStep + D + kStepsAfterReward + 1. With probability omit_prob a trial's reward is left out (drawn from the seeded
// source); such a trial learns as well (partial reinforcement), and its dip shows in the heatmap.
//
// Parameters: gamma (γ) and alpha (α) change between trials and keep the learned weights; delay (D) restarts the
// run (the delay line changes length); omit_prob; trials, how many of the latest trials the heatmap keeps.
// Channels, one sample per trial (x = the trial's number): cs_error δ(c) and reward_error δ(c + D).
// Frames: matrices[0] = δ(trial, t) of the last `trials` trials (rows oldest first, row edges at trial numbers
// ± 0.5, columns t = 0 … T−1), diverging, colour range fixed at ±1 (the reward); matrices[1] = the curves, one row
// each (CurveRow): δ(t) of the first trial of the run, of the middle trial of the heatmap's window, of the latest
// trial, of an omission probe on the current weights (no learning), and V(t) now.
class TdConditioningModel final : public Model {
public:
    TdConditioningModel();
    ~TdConditioningModel() override;

    std::string id() const override { return "td-conditioning"; }
    std::string title() const override { return "Dopamine as a TD error: cue → reward conditioning, trial by trial"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    Clock clock() const override { return {"trial", "conditioning trial"}; }
    double dt() const override { return 1.0; }  // one trial per step
    double timeMs() const override { return double(m_trials); }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override;
    // trial (count so far), cs_error and reward_error (latest trial), gamma_pow_d (γ^D, the learned error at the
    // cue), value_at_cs (V(c)), probe_dip (δ at the reward time of an omission probe on the current weights),
    // omitted_trials, cs_step, reward_step, trial_steps, first_trial, middle_trial, latest_trial (the numbers of the
    // curves' trials), and crossover_trial (the first trial with δ(c) > δ(c + D); absent until there is one).
    std::map<std::string, double> metrics() const override;
    void publish(Frame& frame) const override;

    enum CurveRow { FirstTrial = 0, MiddleTrial = 1, LatestTrial = 2, OmissionProbe = 3, ValueNow = 4, CurveRows = 5 };
    static constexpr int kCsStep = 4;
    static constexpr int kStepsAfterReward = 5;
    static constexpr int kMaxTrialsShown = 1000;

    const TdConditioning& learner() const { return *m_td; }
    long trialsRun() const { return m_trials; }
    // δ of the trial with this 1-based number if it is still kept (the last `trials` ones, and the first), else empty.
    std::vector<double> trialDelta(long trial) const;

private:
    void applyParameters(const ParamSet& p) override;
    void build();
    TdSetup setupFrom(const ParamSet& p) const;

    std::uint64_t m_seed = 1;
    Random m_rng;
    std::unique_ptr<TdConditioning> m_td;
    int m_builtDelay = -1;
    long m_trials = 0;
    long m_omitted = 0;
    long m_crossover = -1;  // 1-based, −1 until δ(c) > δ(c + D) in some trial
    std::vector<double> m_first;             // δ of trial 1
    std::deque<std::vector<double>> m_recent;  // δ of the last kMaxTrialsShown trials, oldest first
    std::deque<bool> m_recentOmitted;
};

}  // namespace neuroai::rl
