#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::plasticity {

// The STDP window measured with the pairing protocol (registry entry "stdp-window", panel foundations/stdp-window).
// For every Δt of a fixed grid (−100 … +100 ms, 41 values, denser near 0) a fresh one-synapse projection starts
// at w0 and receives N pairings at frequency f: pairing k puts a presynaptic spike at T_k = t₀ + k/f and a
// postsynaptic one at T_k + Δt (Δt = t_post − t_pre). The real engine rule (PairStdp all-to-all or nearest, or
// TripletStdp) runs step by step on a 0.1 ms grid; the measured change is w_end − w0.
//
// Prediction line: the additive pair rule summed over the protocol's spike pairs, exactly (no approximation in f):
//   all-to-all: Σ_{i,j} K(t_post,j − t_pre,i),  nearest: each post with the latest pre at or before it and each pre
//   with the latest post strictly before it, where K(s) = A₊e^{−s/τ₊} (s ≥ 0), −A₋e^{s/τ₋} (s < 0).
// At low f (1/f ≫ τ) only the pairs of the same pairing count and both reduce to N·K(Δt). It is the pair rule's
// value whatever rule is measured (for the triplet rule and multiplicative bounds it is a reference, not a fit).
//
// Bi & Poo shape: N·A₊e^{−Δt/16.8 ms} and −N·A₋e^{Δt/33.7 ms}: this panel's amplitudes with the time constants of
// the exponential fits to the Bi & Poo (1998, J Neurosci 18:10464) hippocampal-culture data as given in Bi & Poo
// (2001, Annu Rev Neurosci 24:139) and used by Pfister & Gerstner (2006, J Neurosci 26:9673). A shape, no data.
//
// Parameters (stdpWindowSpecs()): rule (all-to-all | nearest | triplet), a_plus A₊, a_ratio A₋/A₊, tau_plus τ₊ [ms],
// tau_minus τ₋ [ms], pairings N, frequency f [Hz], bounds (additive | multiplicative), w0 (fraction of w_max = 1).
// Triplet: minimal all-to-all model of Pfister & Gerstner, A₃₊ = A₊, A₂₋ = A₋, A₂₊ = A₃₋ = 0, τ_y = 114 ms; always
// additive. Changes are reported in % of w0.
enum class StdpWindowRule { AllToAll = 0, Nearest = 1, Triplet = 2 };

struct StdpWindowSetup {
    StdpWindowRule rule = StdpWindowRule::AllToAll;
    double aPlus = 0.005;
    double aMinus = 0.00525;
    double tauPlusMs = 20.0;
    double tauMinusMs = 20.0;
    int pairings = 60;
    double frequencyHz = 1.0;
    bool multiplicative = false;
    double w0 = 0.5;
    double tauYMs = 114.0;  // triplet post trace o₂
    double dtMs = 0.1;
    double onsetMs = 150.0;  // t₀: room for Δt down to −100 ms

    static StdpWindowSetup fromParameters(const ParamSet& p);
    // Throws std::invalid_argument naming the first bad field (as its parameter key).
    void validate() const;
};

inline constexpr double kBiPooTauPlusMs = 16.8;
inline constexpr double kBiPooTauMinusMs = 33.7;

std::vector<ParamSpec> stdpWindowSpecs();
// The 41 Δt values (ms), ascending, symmetric about 0, multiples of 0.1 ms.
std::vector<double> stdpWindowGrid();

// Final weight minus w0 after the protocol at one Δt (ms; rounded to the step grid), through the engine rule.
double measurePairingProtocol(const StdpWindowSetup& setup, double deltaTMs);
// The additive pair-rule sum over the protocol's pairs at one Δt (see above).
double pairRulePrediction(const StdpWindowSetup& setup, double deltaTMs);
// N·A₊e^{−Δt/16.8} or −N·A₋e^{Δt/33.7}.
double biPooShape(const StdpWindowSetup& setup, double deltaTMs);

struct StdpWindowRun {
    std::vector<double> deltaT;        // ms, the grid
    std::vector<double> measuredPct;   // 100·Δw/w0
    std::vector<double> lineT;         // ms, 0.5 ms spacing over the grid's span
    std::vector<double> predictionPct; // pair-rule sum, 100·Δw/w0
    std::vector<double> biPooPct;      // Bi & Poo shape, 100·Δw/w0
    double at(double deltaTMs) const;  // measured % at a grid value (NaN if not on the grid)
};

// With a Progress, reports the fraction of Δt values done and stops with JobCancelled when cancelled.
StdpWindowRun runStdpWindow(const StdpWindowSetup& setup, Progress* progress = nullptr);

ExperimentResult runStdpWindowExperiment(const ParamSet& parameters, Progress& progress);
std::vector<OutputInfo> stdpWindowOutputs();

}  // namespace neuroai::plasticity
