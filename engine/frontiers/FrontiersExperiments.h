#pragma once

// Chapter 14's ("Where next") experiments as registry entries (batch):
//
//   ewc             catastrophic forgetting and elastic weight consolidation: a small MLP learns task A, then task B
//                   (A's patterns with permuted features) plainly and with the EWC penalty; accuracies on both tasks
//                   over training, the final accuracies against λ, the Fisher diagonal. Averaged over seeds.
//   spiking-energy  a trained ReLU network converted to a rate-coded integrate-and-fire network: accuracy, firing
//                   rates and energy (chapter 1's counted operations and per-operation energies) against the time
//                   steps T, next to the dense network's. At the defaults (24 → 32 → 8, Bernoulli inputs of mean
//                   rate ≈ 0.39, seed 1) the spiking network is cheaper than the dense pass below T* ≈ 15 steps
//                   (2.4 against 4.7 nJ at T = 8) and dearer above (39 nJ at T = 128), and it comes within 1 point
//                   of the dense accuracy at T = 16: dense inputs make rate coding barely pay. Sparser inputs
//                   (lower active fraction or noise) move T* up.
//   event-driven    one layer computed densely (clocked) and event-driven (only non-zero inputs cost work):
//                   operations and energy against the input density, the crossover, and a check that both give
//                   bitwise identical outputs.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::frontiers {

std::vector<ParamSpec> ewcSpecs();
std::vector<OutputInfo> ewcOutputs();
ExperimentResult runEwc(const ParamSet& parameters, Progress& progress);
// The λ values of the sweep (the chosen λ is run as well).
std::vector<double> ewcLambdaSweep();

std::vector<ParamSpec> spikingEnergySpecs();
std::vector<OutputInfo> spikingEnergyOutputs();
ExperimentResult runSpikingEnergy(const ParamSet& parameters, Progress& progress);
// The time steps at which the spiking network is read: 1, 2, 3, 4, 6, 8, 12, … below T_max, then T_max.
std::vector<int> spikingCheckpoints(int maxSteps);

std::vector<ParamSpec> eventDrivenSpecs();
std::vector<OutputInfo> eventDrivenOutputs();
ExperimentResult runEventDriven(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::frontiers
