#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <cstdint>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::plasticity {

// LTP/LTD induction (registry entry "ltp-induction", panel stimulation/ltp-ltd): how the sign of a weight change
// depends on how fast the neurons fire, measured through the engine's real spike rules (TripletStdp, PairStdp).
//
// Rules. The triplet rule is the minimal all-to-all model of Pfister & Gerstner (2006, J Neurosci 26:9673) fitted to
// visual cortex: potentiation A₃₊·r₁·o₂ at each post spike (o₂: the post neuron's own slow trace, τ_y), depression
// A₂₋·o₁ at each pre spike (A₂₊ = A₃₋ = 0). The pair rule for contrast is additive all-to-all PairStdp with its own
// A₊ (default A₃₊, i.e. the triplet rule with o₂ replaced by 1) and the same A₂₋, τ₊, τ₋.
//
// Figure 1, the BCM curve. n independent one-to-one synapses, pre neurons Poisson (Bernoulli per 0.1 ms step) at
// ρpre, post neurons Poisson at ρpost, for each ρpost of 0, 5, …, 50 Hz. After a warm-up of 10·max(τ) (traces
// stationary) the mean weight change over T seconds, divided by T, is the measured drift with its standard error
// over the n synapses. Because pre and post trains are independent and the post train has no memory, the drift's
// expectation is a product of trace means:
//   triplet:  ρpre ρpost (−A₂₋τ₋ + A₃₊τ₊τ_y ρpost)        pair:  ρpre ρpost (A₊τ₊ − A₂₋τ₋)
// in continuous time. On the step grid the trace means are sums of geometric series: at a post spike E[r₁] =
// p_pre/(1 − d₊) (this step's pre spikes included, pre before post), E[o₂] = p_post d_y/(1 − d_y) (earlier post
// spikes only); at a pre spike E[o₁] = p_post d₋/(1 − d₋), with p = ρ·dt and d = e^{−dt/τ}. These exact grid
// expectations are the drawn curves; they differ from the continuous ones by O(dt/τ) (≤ 0.3 % at the defaults).
// The triplet drift changes sign at the BCM-like threshold θ = A₂₋τ₋/(A₃₊τ₊τ_y) (19.2 Hz at the defaults),
// independent of ρpre: depression below, potentiation above. The pair rule's drift is linear in ρpost: no threshold.
// The measured threshold is the zero of a weighted least-squares line through drift/(ρpre ρpost) against ρpost
// (that ratio is linear in ρpost for the minimal triplet rule), weights 1/SE².
//
// Figure 2, the pairing-frequency dependence (protocol of Sjöström, Turrigiano & Nelson 2001, Neuron 32:1149, as
// simulated by Pfister & Gerstner): N pairings at frequency f, pre spike at T_k = t₀ + k/f, post spike at T_k + Δt,
// Δt = ±10 ms, one synapse starting at w0 = 1 (w_max = 100, so the upper bound never acts and the lower one only
// if a change reaches −100 %); the change in % of w0 against f from 0.1 to 50 Hz.
// Lines: the exact all-to-all sums over the protocol's spikes (same-step pre and post count as pre before post):
//   pair:     Σ_{post j} Σ_{pre i ≤ j} A₊e^{−(t_j − t_i)/τ₊} − Σ_{pre i} Σ_{post k < i} A₂₋e^{−(t_i − t_k)/τ₋}
//   triplet:  Σ_{post j} A₃₊ [Σ_{pre i ≤ j} e^{−(t_j − t_i)/τ₊}] [Σ_{post k < j} e^{−(t_j − t_k)/τ_y}]
//             − Σ_{pre i} Σ_{post k < i} A₂₋e^{−(t_i − t_k)/τ₋}
// which the rules reproduce to float precision unless a weight is clipped. At low f only the pair within one
// pairing counts: the pair rule gives the single-pair window, the triplet rule (o₂ ≈ 0 at each post spike) no LTP
// at all. At high f a post spike follows the previous one within 1/f and the triplet term potentiates: LTP at both
// +10 and −10 ms, as Sjöström et al. found at 40–50 Hz. The pair rule's −10 ms change stays negative at every f
// of the range at the defaults: with A₊τ₊ ≤ A₂₋τ₋ and τ₋ > τ₊, the depression of a post-then-pre pair 10 ms apart
// outweighs the potentiation from the next pairing's post spike 1/f − 10 ms later.
struct LtpInductionSetup {
    bool pairRule = false;       // which rule the simulations run (the dots); both rules' curves are drawn
    double a3Plus = 6.5e-3;      // A₃₊ (triplet potentiation)
    double a2Minus = 7.1e-3;     // A₂₋ (depression, both rules)
    double pairAPlus = 6.5e-3;   // A₊ of the pair rule
    double tauPlusMs = 16.8;     // τ₊
    double tauMinusMs = 33.7;    // τ₋
    double tauYMs = 114.0;       // τ_y (triplet post trace o₂)
    double preRateHz = 10.0;     // ρpre in figure 1
    double durationS = 10.0;     // T, measured time per post rate (after the warm-up)
    int synapses = 500;          // n, independent synapses per post rate
    int pairings = 60;           // N in figure 2
    double frequencyHz = 50.0;   // the pairing frequency of the readouts
    double dtMs = 0.1;
    double onsetMs = 100.0;      // t₀ of the pairing protocol (room for Δt = −10 ms)

    static LtpInductionSetup fromParameters(const ParamSet& p);
    // Throws std::invalid_argument naming the first bad field by its parameter key.
    void validate() const;

    // A₂₋τ₋/(A₃₊τ₊τ_y) in Hz (continuous-time threshold of the triplet rule).
    double thresholdHz() const;
    // The exact grid expectation of the drift per second (weight units per s) at ρpost, for one rule.
    double expectedDrift(bool pair, double postRateHz) const;
    // The zero of the triplet rule's grid expectation (Hz).
    double gridThresholdHz() const;
};

inline constexpr double kLtpDeltaTMs = 10.0;  // |Δt| of the pairing protocol (Sjöström et al. 2001)
inline constexpr double kLtpPairingW0 = 1.0;  // w0 of the pairing protocol (w_max = 100)

std::vector<ParamSpec> ltpInductionSpecs();
// Post rates of figure 1 (0, 5, …, 50 Hz) and the pairing frequencies of figure 2's simulated points (1–50 Hz;
// its lines, the exact sums, run from 0.1 Hz).
std::vector<double> ltpPostRates();
std::vector<double> ltpPairingFrequencies();

struct DriftPoint {
    double mean = 0;           // weight units per s
    double standardError = 0;  // of the mean over the n synapses
    int clipped = 0;           // synapses that ended at a bound (the drift is then biased)
};
// Figure 1 at one post rate, through the rule chosen by setup.pairRule.
DriftPoint measureDrift(const LtpInductionSetup& setup, double postRateHz, std::uint64_t seed);
// Figure 2: the change (weight units, w0 = 1) after the pairing protocol at f and Δt, through the chosen rule.
double measurePairing(const LtpInductionSetup& setup, bool pairRule, double frequencyHz, double deltaTMs);
// The exact all-to-all sum over the same protocol (see above).
double pairingSum(const LtpInductionSetup& setup, bool pairRule, double frequencyHz, double deltaTMs);

// Zero of the weighted least-squares line through drift/(ρpre ρpost) against ρpost (points with ρpost > 0);
// NaN if the slope is not significantly positive (e.g. the pair rule).
double fitThresholdHz(const std::vector<double>& postRates, const std::vector<DriftPoint>& drifts, double preRateHz);

struct LtpInductionRun {
    // Figure 1.
    std::vector<double> postRates;             // Hz
    std::vector<DriftPoint> drift;             // measured, chosen rule
    std::vector<double> lineRates;             // Hz, 0.5 Hz spacing
    std::vector<double> tripletDrift, pairDrift;  // grid expectations on lineRates
    double measuredThresholdHz = 0;            // NaN for the pair rule
    double formulaThresholdHz = 0;             // A₂₋τ₋/(A₃₊τ₊τ_y)
    int clipped = 0;                           // synapses clipped over all rates
    // Figure 2 (changes in % of w0).
    std::vector<double> frequencies;           // Hz, the simulated points
    std::vector<double> measuredPlusPct, measuredMinusPct;  // chosen rule, Δt = +10 / −10 ms
    int pairingClipped = 0;                    // simulated points whose weight reached 0 (they leave the sums)
    std::vector<double> lineFrequencies;       // Hz, log-spaced from 0.1 Hz
    std::vector<double> tripletPlusPct, tripletMinusPct, pairPlusPct, pairMinusPct;  // exact sums
    // Exact sums at setup.frequencyHz.
    double tripletMinusAtF = 0, pairMinusAtF = 0, tripletPlusAtF = 0, pairPlusAtF = 0;
};

// With a Progress, reports the fraction done and stops with JobCancelled when cancelled.
LtpInductionRun runLtpInduction(const LtpInductionSetup& setup, std::uint64_t seed, Progress* progress = nullptr);

ExperimentResult runLtpInductionExperiment(const ParamSet& parameters, Progress& progress);
std::vector<OutputInfo> ltpInductionOutputs();

}  // namespace neuroai::plasticity
