#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace neuroai {

// Energy of one inference of the same small feed-forward network run densely and as a spiking network (chapter 1).
//
// Network: layer sizes n_0 → n_1 → … (default 100 → 50 → 10), all-to-all between consecutive layers, fp32
// weights drawn from a seeded generator: w_ij = g_j·(1 + z_ij)/n_in with z ~ N(0, 1) and a per-unit gain
// g_j ~ U(0.5, 1.5), so a unit's summed weight is about g_j and its spiking rate about g_j times its input rate.
//
// Dense inference: every connection costs one fp32 multiply–add, y_j = max(0, Σ_i w_ij·x_i) (ReLU), layer by
// layer; the input is x_i = p (the same mean drive as the spiking input).
// Spiking inference over T time steps: each input unit spikes with probability p per step (Bernoulli, seeded).
// Every spike adds its outgoing weights to the membranes of the next layer, one fp32 add per outgoing synapse.
// Units are non-leaky integrate-and-fire: after a step's input, a unit with v ≥ 1 emits a spike (delivered to the
// next layer within the same step) and v ← v − 1 (reset by subtraction). Spikes of the last layer are counted but
// go nowhere.
//
// The operation counters are incremented by the code that performs the operations (one increment per executed
// multiply–add or add), never computed from a formula, so tests can compare them with the formulas:
//   dense multiply–adds = Σ_layers n_in·n_out,   spiking adds = Σ_emitted spikes fan-out.
// Only synaptic operations are counted; threshold comparisons and the subtraction at a spike are ignored in both
// networks, as is memory traffic (which dominates real hardware and favours sparse activity even more).
//
// Energy: E_dense = MACs·e_mac, E_spiking = adds·e_add with Horowitz (2014, ISSCC, 45 nm, 0.9 V) per-operation
// energies: fp32 multiply 3.7 pJ + fp32 add 0.9 pJ = 4.6 pJ per multiply–add, 0.9 pJ per add.
// Activity a is the mean number of spikes per unit and step over the layers that project onward, weighted by
// fan-out: a = adds / (T·Σ n_in·n_out). Then E_spiking = a·T·S·e_add with S = Σ n_in·n_out, and spiking is
// cheaper below the break-even activity a* = e_mac / (T·e_add).
//
// Panel parameters (energySpecs(), model id "intro-energy"): input_rate p, time_steps T, mac_energy [pJ],
// add_energy [pJ], seed, and the layer sizes n_input, n_hidden, n_output.
struct LayeredNetwork {
    std::vector<int> sizes;
    std::vector<std::vector<float>> weights;  // weights[l][i·n_out + j]: from unit i of layer l to unit j of l + 1

    long synapseCount() const;  // Σ n_in·n_out
};

LayeredNetwork makeLayeredNetwork(const std::vector<int>& sizes, std::uint64_t seed);

struct OperationCounts {
    std::uint64_t multiplyAdds = 0;
    std::uint64_t adds = 0;
};

struct DenseResult {
    OperationCounts ops;
    std::vector<float> output;
};
DenseResult runDense(const LayeredNetwork& net, const std::vector<float>& input);

struct SpikingResult {
    OperationCounts ops;
    std::vector<std::uint64_t> spikesPerLayer;          // emitted spikes of each layer (input layer included)
    std::vector<std::vector<std::uint32_t>> spikeCounts;  // per layer, per unit
    double activity = 0;                               // adds / (T·S)
};
SpikingResult runSpiking(const LayeredNetwork& net, double inputRate, int timeSteps, std::uint64_t seed);

// Parameter defaults come from energySpecs(), the one place they are written.
double energyDefault(std::string_view key);

struct EnergyCosts {
    double multiplyAddPj = energyDefault("mac_energy");
    double addPj = energyDefault("add_energy");
};
double breakEvenActivity(const EnergyCosts& costs, int timeSteps);

std::vector<ParamSpec> energySpecs();
const std::vector<int>& defaultEnergyNetworkSizes();  // the defaults of n_input, n_hidden, n_output: 100, 50, 10
std::vector<int> energyNetworkSizes(const ParamSet& p);  // n_input, n_hidden, n_output

// The input rates (0, 0.05, …, 1) and time-step counts of the panel's two sweeps.
std::vector<double> energyRateSweep();
std::vector<int> energyStepSweep();

class Progress;
// The whole experiment of the panel as plain data (registry entry "intro-energy"): counted operations and energies
// of both networks, the break-even activity, and energy vs activity and vs time steps. Progress per network run.
ExperimentResult runEnergyExperiment(const ParamSet& parameters, Progress& progress);

// Every run the energy experiment makes, as plain numbers: the network at the parameters (run dense and spiking),
// and the spiking energy swept over energyRateSweep() at this T and over energyStepSweep() at this p. The registry's
// ExperimentResult and the chapter 1 panel are both built from it, so the order of runs (and with it each seeded
// number) exists once. Reports progress per run and honours cancellation.
struct EnergyRuns {
    std::vector<int> sizes;   // layer sizes of the network
    long synapses = 0;        // S = Σ n_in·n_out
    EnergyCosts costs;
    int steps = 0;            // T
    DenseResult dense;
    SpikingResult spiking;
    double denseNj = 0, spikingNj = 0;
    double breakEven = 0;     // a*
    std::vector<double> activitySweep, activityEnergyNj;  // counted, over energyRateSweep() at this T
    std::vector<double> stepSweep, stepEnergyNj;          // counted, over energyStepSweep() at this p
};
EnergyRuns runEnergyRuns(const ParamSet& parameters, std::uint64_t seed, Progress& progress);
std::vector<OutputInfo> energyOutputs();

}  // namespace neuroai
