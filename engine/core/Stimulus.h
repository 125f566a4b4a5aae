#pragma once

#include "engine/core/ParamSpec.h"

#include <string>
#include <vector>

namespace neuroai {

// The stimulus protocols shared by every neuron model. The injected input is
//
//   I(t) = i_ext + s(t) (+ η(t) for the noisy protocol)
//
// where i_ext is the model's constant bias and s(t) the protocol's waveform:
//   constant  s = 0 (the bias alone)
//   step      s = A for t ≥ t0
//   pulse     s = A for t0 ≤ t < t0 + d
//   train     `count` pulses of amplitude A and width d, onsets t0, t0 + T, t0 + 2T, … (count 0 = endless)
//   ramp      s rises linearly from 0 at t0 to A at t0 + d, then returns to 0
//   noisy     s = A for t ≥ t0, plus an Ornstein–Uhlenbeck current η (standard deviation σ, correlation time τ)
//             present for all t, seeded by the model's reset seed
//   flash     a pulse of width d carrying the charge Q: A = Q/d (equal charge for every duration)
//
// Models hold the input constant over each integration step at the *mean of s over that step*, so the charge a
// protocol delivers is exact for any dt and any alignment of t0 and d with the time grid.
enum class StimulusKind { Constant = 0, Step, Pulse, Train, Ramp, Noisy, Flash };

const std::vector<std::string>& stimulusKindNames();  // "constant", "step", … in enum order

struct Stimulus {
    StimulusKind kind = StimulusKind::Constant;
    double bias = 0;         // i_ext
    double amplitude = 0;    // A
    double startMs = 0;      // t0
    double durationMs = 0;   // d
    double periodMs = 0;     // T
    int count = 0;           // pulses in a train, 0 = endless
    double charge = 0;       // Q, in current unit × ms
    double noiseSigma = 0;   // σ
    double noiseTauMs = 5;   // τ

    // The deterministic part, I(t) without noise, at the instant t.
    double valueAt(double tMs) const;
    // The mean of the deterministic part over [t0, t1] (t1 > t0), computed exactly.
    double meanOver(double t0, double t1) const;
    bool isNoisy() const { return kind == StimulusKind::Noisy && noiseSigma > 0; }
    // The waveform amplitude actually used (Q/d for a flash, A otherwise).
    double effectiveAmplitude() const;

private:
    double integral(double t) const;  // ∫_{−∞}^{t} s(τ) dτ (the waveform part only, bias excluded)
};

// Units and ranges of the stimulus parameters for one model.
struct StimulusRanges {
    std::string currentUnit;        // e.g. "nA", "pA", "µA/cm²"
    std::string chargeUnit;         // e.g. "pC" (= nA·ms), "fC", "nC/cm²"
    double amplitudeMin = -1, amplitudeMax = 1, amplitudeDefault = 0;
    double chargeMax = 100, chargeDefault = 0;
    double noiseMax = 1;
    int decimals = 3;
};

// The stimulus parameters every neuron model appends to its own: stimulus (choice), stim_amp, stim_start,
// stim_duration, stim_period, stim_count, stim_charge, noise_sigma, noise_tau.
std::vector<ParamSpec> stimulusSpecs(const StimulusRanges& ranges);
// Reads those parameters (and i_ext) from a validated set.
Stimulus stimulusFromParameters(const ParamSet& p);
// Model-level checks shared by all neuron models (e.g. a train's pulse width must not exceed its period).
std::string checkStimulusConstraints(const ParamSet& p);

}  // namespace neuroai
