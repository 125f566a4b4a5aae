#pragma once

#include <cstdint>
#include <vector>

namespace neuroai::rl {

// Temporal-difference learning on a cue → reward trial, the model behind the "dopamine = reward prediction error"
// account (Montague, Dayan & Sejnowski 1996; Schultz, Dayan & Montague 1997).
//
// A trial is `trialSteps` time steps t = 0 … T−1. A conditioned stimulus (CS, the cue) appears at step c and a
// reward r arrives at step c + D. The state is a tapped delay line (the "complete serial compound"): from the CS on,
// the learner knows how many steps k = t − c have passed since it, and holds one weight w_k, so V(t) = w_{t−c}. Steps
// before the CS have no state at all (V = 0): the cue comes at an unpredictable time, so nothing before it can
// predict it. After the last step V = 0 (the trial ends).
//
// The TD error of the move from step t−1 to step t, credited to step t (the step whose news it reports):
//      δ(t) = r(t) + γ·V(t) − V(t−1),           t = 1 … T−1   (δ(0) = 0),
// and learning (TD(0), online, during the trial) changes the weight of the state that made the prediction:
//      w_{t−1−c} ← w_{t−1−c} + α·δ(t)  when t − 1 ≥ c.
// Fixed point with reward 1: V(c + D − 1) = 1, and going back each step multiplies by γ, so V(c) = γ^{D−1}. Then:
//  - at the CS, δ(c) = γ·V(c) − 0 = γ^D (the cue is the surprise now);
//  - at the reward, δ(c + D) = 1 + γ·V(c + D) − V(c + D − 1) = 1 + 0 − 1 = 0 (fully predicted);
//  - reward omitted: δ(c + D) = 0 + 0 − 1 = −1 (the dip);
//  - reward early at c + E (0 < E < D): δ(c + E) = 1 + γ·V(c+E) − V(c+E−1) = 1, and at the usual time
//    δ(c + D) = −1. (Dopamine cells fire to the early reward as predicted; the dip at the usual time that this
//    delay-line model also predicts was not seen by Hollerman & Schultz 1998, a known limit of the representation.)
// Before learning (w = 0): δ = 1 at the reward and 0 at the CS. Across trials the error moves from the reward back to
// the cue, one step of the delay line per few trials.
struct TdSetup {
    int trialSteps = 25;  // T ≥ 3
    int csStep = 5;       // c ≥ 1 (at least one step before the cue)
    int delay = 10;       // D ≥ 1, with c + D ≤ T − 1
    double gamma = 0.9;   // discount γ ∈ (0, 1]
    double alpha = 0.2;   // learning rate α ∈ (0, 1]
    double reward = 1.0;  // r at the reward step, finite

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
    int rewardStep() const { return csStep + delay; }
};

enum class TdProbe {
    Rewarded,  // the usual trial
    Omitted,   // the reward is left out
    Early      // the reward comes `earlyDelay` steps after the CS instead of D
};

// One trial: δ(t) and V(t) for t = 0 … T−1 (V(t) as it was at the start of the trial).
struct TdTrace {
    std::vector<double> delta;
    std::vector<double> value;
};

class TdConditioning {
public:
    explicit TdConditioning(const TdSetup& setup);  // throws via TdSetup::validate; all weights 0

    // Runs one trial and returns its trace. learn = false leaves the weights unchanged (a probe trial that reads the
    // learned predictions). earlyDelay is used by TdProbe::Early only and must lie in [1, D − 1].
    TdTrace runTrial(TdProbe probe = TdProbe::Rewarded, bool learn = true, int earlyDelay = 0);

    const TdSetup& setup() const { return m_setup; }
    // Changes γ and α between trials, keeping the learned weights (a live panel's sliders): the weights then move
    // towards the new fixed point. Throws std::invalid_argument like TdSetup::validate; nothing changes then.
    void setLearning(double gamma, double alpha);
    // w_k for k = 0 … T−1−c (the delay-line states from the CS to the end of the trial).
    const std::vector<double>& weights() const { return m_w; }
    double value(int step) const;  // V(step): 0 before the CS and outside the trial

private:
    TdSetup m_setup;
    std::vector<double> m_w;
};

// A learning run: `trials` rewarded trials from w = 0, then probes on the learned weights.
struct TdRun {
    std::vector<std::vector<double>> delta;  // δ trace of every learning trial
    std::vector<double> csError;             // δ(c) per trial
    std::vector<double> rewardError;         // δ(c + D) per trial
    int crossoverTrial = -1;  // the first trial (0-based) with δ(c) > δ(c + D); −1 if never
    TdTrace learned;          // a rewarded probe trial after learning (no weight change)
    TdTrace omitted;          // reward omitted
    TdTrace early;            // reward at c + earlyDelay (empty when earlyDelay = 0)
};

// Throws std::invalid_argument for trials outside [1, 100 000] or an earlyDelay other than 0 (no early probe) outside
// [1, D − 1].
TdRun runTdConditioning(const TdSetup& setup, int trials, int earlyDelay);

}  // namespace neuroai::rl
