#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/models/TsodyksMarkram.h"

#include <string_view>
#include <vector>

namespace neuroai {

// Repeated stimulation through a dynamic synapse (chapter 1): a regular presynaptic train of `pulses` spikes at
// `frequencyHz` goes through a Tsodyks–Markram synapse (engine/models/TsodyksMarkram.h) into a LIF neuron; a
// perceptron receiving the same train answers every repeat identically.
//
// Synaptic current: each presynaptic spike k at t_k adds a jump of height a_k = A·u_k·x_k (nA) to an exponentially
// decaying current, I_syn(t) = Σ_k a_k·e^{−(t − t_k)/τ_syn} for t ≥ t_k. The efficacy is given as the amplitude of
// the first PSC, a₁ = A·U, so depressing, facilitating and static synapses start equal and differ only by their
// dynamics. The perceptron's output for pulse k is w·1 = a₁ for every k.
//
// The LIF membrane (τm 20 ms, R 10 MΩ, V_rest −70 mV, V_th −55 mV, reset to −70 mV, dt 0.1 ms) uses LifNeuron's
// exact step with the synaptic current's exact mean over each step (events inside a step included), the same
// convention as the shared stimulus protocols.
//
// Panel parameters (synapticTrainSpecs(), model id "intro-synapse"): synapse (depressing | facilitating | static),
// frequency [Hz], pulses, first_psc a₁ [nA], tau_syn [ms].
//
// The fields that are parameters take their defaults from synapticTrainSpecs(), the one place they are written.
double synapticTrainDefault(std::string_view key);
enum class SynapseKind { Depressing = 0, Facilitating = 1, Static = 2 };
TsodyksMarkramParameters synapseParameters(SynapseKind kind);

struct SynapticTrainSetup {
    TsodyksMarkramParameters synapse = synapseParameters(SynapseKind(int(synapticTrainDefault("synapse"))));
    double frequencyHz = synapticTrainDefault("frequency");
    int pulses = int(synapticTrainDefault("pulses"));
    double firstPscNa = synapticTrainDefault("first_psc");  // a₁ = A·U
    double tauSynMs = synapticTrainDefault("tau_syn");
    double onsetMs = 20.0;
    double tailMs = 150.0;
    double tauMs = 20.0, resistanceMOhm = 10.0, restMv = -70.0, thresholdMv = -55.0, resetMv = -70.0;
    double dtMs = 0.1;

    static SynapticTrainSetup fromParameters(const ParamSet& p);
    double intervalMs() const { return 1000.0 / frequencyHz; }
};

std::vector<ParamSpec> synapticTrainSpecs();

struct SynapticTrainRun {
    std::vector<double> pulseTimes;        // ms
    std::vector<double> pscAmplitudes;     // nA, A·u_k·x_k
    std::vector<double> perceptronOutput;  // nA, a₁ for every pulse
    std::vector<double> t, v, current;     // ms, mV, nA (end of each step)
    std::vector<double> spikeTimes;        // ms
    std::vector<int> spikesAfterPulse;     // spikes between pulse k and pulse k+1 (the last: until the end)
    double steadyStatePscNa = 0;           // A·u_ss·x_ss
};

class Progress;
// With a Progress, reports the fraction of steps done and stops with JobCancelled when cancelled (checked every
// few thousand steps).
SynapticTrainRun simulateSynapticTrain(const SynapticTrainSetup& setup, Progress* progress = nullptr);

// The whole experiment of the panel as plain data (registry entry "intro-synapse").
ExperimentResult runSynapticTrainExperiment(const ParamSet& parameters, Progress& progress);
std::vector<OutputInfo> synapticTrainOutputs();

}  // namespace neuroai
