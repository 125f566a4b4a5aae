#pragma once

// A trained ReLU network run densely and as a spiking network (ANN-to-SNN conversion), with chapter 1's operation
// counting and energy per operation (engine/analysis/EnergyMeter.h).
//
// Conversion (Diehl et al. 2015, IJCNN; Rueckauer et al. 2017, Front. Neurosci. 11:682): a bias-free ReLU MLP's
// weights are rescaled layer by layer with data-based normalisation. Let s_l be the p-th percentile of hidden layer
// l's ReLU outputs over calibration data (p = 100: the maximum), s_0 = 1 (inputs are rates in [0, 1]) and s_L = 1
// for the output layer. Then W_l ← W_l·s_l / s_{l+1}, so that a hidden unit's normalised activation a/s_{l+1} is
// mostly ≤ 1, a rate a spiking unit can reach.
//
// Spiking network, T time steps per inference (one sample):
//   input  each feature x_i ∈ [0, 1] is a spike train of rate x_i: Bernoulli (spike with probability x_i per step,
//          seeded, as in chapter 1), or regular (an integrate-and-fire encoder: e_i += x_i, spike when e_i ≥ 1,
//          e_i −= 1, so exactly ⌊t·x_i⌋ spikes by step t).
//   hidden non-leaky integrate-and-fire units, threshold 1, reset by subtraction (v ← v − 1), v = 0 at the start;
//          every incoming spike adds its weight, one add per synapse; spikes go on within the same step.
//   output the top layer only integrates (no threshold): the class is the argmax of its accumulated potential
//          (ties, e.g. before any spike arrived, go to the lowest class).
// For a constant input current I per step such a unit fires at rate → clip(I, 0, 1), so the spike rates approach
// the normalised ReLU activations and the SNN's decision approaches the ANN's as T grows.
//
// Counting (as in chapter 1: every executed operation increments its counter, nothing is computed from a formula):
//   dense  one multiply–add per connection: MACs = Σ_l n_l·n_{l+1} per inference.
//   SNN    one add per spike per outgoing synapse: adds(T) = Σ_l spikes_l(T)·n_{l+1}. Threshold tests, resets and
//          the input encoder are not counted, in either network, as in chapter 1.
// Energy E_dense = MACs·e_mac, E_SNN = adds·e_add (chapter 1's per-operation energies by default: Horowitz 2014,
// 45 nm: 4.6 pJ per fp32 multiply–add, 0.9 pJ per fp32 add). With the activity a = adds/(T·S), S = Σ n_l·n_{l+1},
// the SNN is cheaper while a·T < e_mac/e_add (chapter 1's break-even a* = e_mac/(T·e_add)).

#include "engine/analysis/EnergyMeter.h"
#include "engine/frontiers/PatternTasks.h"

#include <cstdint>
#include <vector>

namespace neuroai::frontiers {

enum class InputCoding { Bernoulli, Regular };

struct ConvertedSnn {
    std::vector<int> sizes;
    std::vector<Eigen::MatrixXd> weights;  // rescaled W_l, n_{l+1} × n_l
    std::vector<double> scales;            // s_0 … s_L
};

// Throws std::invalid_argument if the network has biases, the calibration data do not fit it, or the percentile is
// outside [50, 100]. A hidden layer that never activates keeps scale 1.
ConvertedSnn convertToSnn(const ReluMlp& net, const Eigen::MatrixXd& calibration, double percentile = 99.9);

// The p-th percentile (linear interpolation between order statistics) of the entries of `values`.
double percentileOf(std::vector<double> values, double percentile);

struct SnnCheckpoint {
    int steps = 0;                        // T
    double accuracy = 0;                  // fraction of samples classified correctly from the potentials at T
    double addsPerInference = 0;          // mean counted adds over the samples, steps 1..T
    std::vector<double> rates;            // mean spikes per unit and step of each spiking layer (input, hidden…)
    double agreement = 0;                 // fraction of samples whose SNN class equals the ANN's
};

struct SnnEvaluation {
    std::vector<SnnCheckpoint> checkpoints;
    OperationCounts total;                           // counted over every sample, steps 1..T_max
    std::vector<std::uint64_t> spikesPerLayer;       // over every sample, steps 1..T_max (input, hidden…)
    // Per hidden unit of the first hidden layer and per sample: its normalised ANN activation a/s_1 and its SNN
    // rate at T_max (spikes/step), for the first `scatterSamples` samples.
    std::vector<double> normalisedActivation, snnRate;
};

// Runs every sample of `data` for max(checkpoints) steps (checkpoints ascending, each ≥ 1) and reads the state at
// each checkpoint: a run to T is the first T steps of the longest run, so one simulation serves every T. `reference`
// is the ANN's class per sample (for the agreement). The Bernoulli trains come from `seed`.
SnnEvaluation evaluateSnn(const ConvertedSnn& snn, const Dataset& data, const std::vector<int>& checkpoints,
                          InputCoding coding, std::uint64_t seed, const std::vector<int>& reference = {},
                          int scatterSamples = 0);

// One sample through the spiking network for `steps` steps: counted operations, spikes of each spiking layer, and
// the output potentials.
struct SnnSingleRun {
    OperationCounts ops;
    std::vector<std::uint64_t> spikesPerLayer;
    Eigen::VectorXd outputPotential;
};
SnnSingleRun runSnnOnce(const ConvertedSnn& snn, const Eigen::VectorXd& x, int steps, InputCoding coding,
                        std::uint64_t seed);

// The dense pass with every multiply–add counted: the logits of one sample (ReLU on the hidden layers).
Eigen::VectorXd denseCounted(const ReluMlp& net, const Eigen::VectorXd& x, OperationCounts& ops);

}  // namespace neuroai::frontiers
