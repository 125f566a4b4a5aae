#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <string_view>
#include <vector>

namespace neuroai {

// Flash versus sustained input of equal charge, seen by a LIF neuron and by a perceptron (chapter 1).
//
// A square current pulse of duration d carrying the charge Q (amplitude Q/d, the shared "flash" stimulus protocol
// of engine/core/Stimulus.h) drives a LIF membrane from rest. Below threshold the depolarisation is largest at the
// end of the pulse:
//
//   ΔV_peak(d) = (R·Q/d)·(1 − e^{−d/τm})                       (mV for R in MΩ, Q in pC, d and τm in ms)
//
// which falls from R·Q/τm for a brief flash to R·Q/d for a long one. The neuron fires when ΔV_peak reaches the
// threshold depolarisation θ = V_th − V_rest. A perceptron whose single input is the total charge Q (weight w in
// mV/pC, the same threshold θ) gives the same answer for every d.
//
// The simulation uses LifNeuron's exact step (LifNeuron::stepCell) with the flash's mean current over each step
// (Stimulus::meanOver). The step is chosen so that onset and end of the pulse fall on step boundaries
// (dt = d / ceil(d / maxDt)), so the sampled maximum is the true peak and agrees with the formula to rounding.
//
// Panel parameters (flashSpecs(), model id "intro-flash"): stim_duration d [ms], stim_charge Q [pC], tau_m [ms],
// r_m [MΩ], threshold θ [mV above rest], weight w [mV/pC].
//
// The fields that are parameters take their defaults from flashSpecs(), the one place they are written.
double flashDefault(std::string_view key);

struct FlashSetup {
    double durationMs = flashDefault("stim_duration");
    double chargePc = flashDefault("stim_charge");
    double tauMs = flashDefault("tau_m");
    double resistanceMOhm = flashDefault("r_m");
    double thresholdMv = flashDefault("threshold");      // θ = V_th − V_rest
    double weightMvPerPc = flashDefault("weight");       // perceptron weight w
    double restMv = -70.0;
    double maxDtMs = 0.1;
    double onsetMs = 5.0;        // before the pulse, the trace shows rest

    static FlashSetup fromParameters(const ParamSet& p);
};

std::vector<ParamSpec> flashSpecs();

double analyticFlashPeakMv(double resistanceMOhm, double chargePc, double durationMs, double tauMs);

struct FlashRun {
    double dtMs = 0;
    double onsetMs = 0;
    std::vector<double> t;        // ms, end of each step (t[0] = 0 is the initial state)
    std::vector<double> v;        // mV, the LIF membrane with threshold and reset (reset to rest)
    std::vector<double> passive;  // mV, the same membrane without threshold
    std::vector<double> spikeTimes;
    double peakMv = 0;            // max of passive − rest (simulated peak depolarisation)
    bool neuronFires = false;
    double perceptronDrive = 0;   // w·Q (mV)
    bool perceptronFires = false;
};

// Simulates from t = 0 to the end of the pulse plus `tailMs` (default 5 τm, at least 20 ms).
FlashRun simulateFlash(const FlashSetup& setup, double tailMs = -1);

// Only the simulated peak depolarisation (mV), integrating to the end of the pulse.
double simulatedFlashPeakMv(const FlashSetup& setup);

// The durations of the "same charge, different durations" sweep: kFlashSweepPoints log-spaced values from
// kFlashSweepMinMs to kFlashSweepMaxMs (the range of stim_duration).
constexpr double kFlashSweepMinMs = 0.1, kFlashSweepMaxMs = 200;
constexpr int kFlashSweepPoints = 25;
std::vector<double> flashSweepDurations();

class Progress;
// The whole experiment of the panel as plain data (registry entry "intro-flash"): the trace of this pulse, the
// simulated and analytic peak over the duration sweep, and the verdicts. Reports progress per swept duration and
// stops with JobCancelled when cancelled.
ExperimentResult runFlashExperiment(const ParamSet& parameters, Progress& progress);
std::vector<OutputInfo> flashOutputs();

}  // namespace neuroai
