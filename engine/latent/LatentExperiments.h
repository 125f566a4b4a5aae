#pragma once

// The latent-dynamics case study as a registry entry (batch experiment `latent-dynamics`), computed from one
// parameter set on the model and analysis of LatentDynamics.h:
//
//   1. simulate the rotational population (C conditions, N neurons, 40 bins of 10 ms, Poisson spikes averaged over
//      `trials` trials and smoothed) with rotation frequency ω/2π and damping γ;
//   2. analyse it (normalisation, centring, PCA to k dimensions, LDS x_{t+1} = A x_t, jPCA);
//   3. the control: the same analysis of the data with every condition's time bins shuffled (seed + 100, as the
//      engine test does), which must find no rotation;
//   4. compare with the truth: frequencies (true, jPCA, LDS, % errors), the largest principal angle between the true
//      rotation plane in neuron space and the jPC plane (real and shuffled) and the plane of the top two PCs.
//
// Series (each trajectory series holds the conditions one after the other, T points each, condition 0 first):
//   psth                      the shown neuron's trial-averaged, smoothed rate against time (Hz against ms)
//   pc_trajectories           PC1 against PC2 (normalised rate, or Hz without normalisation)
//   jpca_trajectories         jPC1 against jPC2 of the real data
//   jpca_shuffled_trajectories jPC1 against jPC2 of the time-shuffled data, in its shuffled order
//   lds_eigenvalues           each eigenvalue λ of A: frequency |arg λ|/(2π dt) (Hz) against decay rate
//                             −ln|λ|/dt (1/s)
// The panel (chapters/casestudies/LatentDynamicsPanel) draws the same figure; the run…() function returns only the
// ExperimentResult `neuroai-sim run latent-dynamics` prints.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/latent/LatentDynamics.h"

#include <cstdint>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::latent {

std::vector<ParamSpec> latentDynamicsSpecs();
std::vector<OutputInfo> latentDynamicsOutputs();

// The engine configurations of a parameter set (the seed passed separately: the panel's own seed, or the "seed"
// parameter for the registry's run).
RotationalPopulationConfig latentPopulationConfig(const ParamSet& parameters, std::uint64_t seed);
LatentAnalysisConfig latentAnalysisConfig(const ParamSet& parameters);

struct LatentDynamicsFigure {
    RotationalPopulation population;
    LatentAnalysisConfig analysisConfig;
    LatentAnalysis real;
    std::uint64_t shuffleSeed = 0;
    ConditionRates shuffledData;
    LatentAnalysis shuffled;
    int shownNeuron = 0;          // 0-based, clamped to the population
    double trueHz = 0, trueDecayPerS = 0;
    double jpcaPlaneDeg = 0;      // true rotation plane vs the real data's jPC plane (neuron space)
    double shuffledPlaneDeg = 0;  // vs the shuffled data's jPC plane
    double pcPlaneDeg = 0;        // vs the plane of the top two PCs
    ExperimentResult result;
};

// Throws std::invalid_argument (from the engine, naming the field) for settings it cannot run.
LatentDynamicsFigure computeLatentDynamicsFigure(const ParamSet& parameters, std::uint64_t seed, Progress& progress);
ExperimentResult runLatentDynamics(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::latent
