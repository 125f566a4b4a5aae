#pragma once

#include "engine/core/ParamSpec.h"

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
struct FlashSetup {
    double durationMs = 0.5;
    double chargePc = 20.0;
    double tauMs = 10.0;
    double resistanceMOhm = 10.0;
    double thresholdMv = 10.0;   // θ = V_th − V_rest
    double weightMvPerPc = 1.0;  // perceptron weight w
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

}  // namespace neuroai
