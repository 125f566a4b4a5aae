#pragma once

// Chapter 9's experiments as registry entries (batch):
//
//   population-decoding  which of S directions was shown, decoded from the Poisson spike counts of N tuned neurons
//                        by LDA or logistic regression: k-fold cross-validated accuracy against the number of
//                        neurons (evenly spaced subsets of the population) and against the trials per stimulus.
//   bias-variance        polynomials of degree 0..D fitted to n noisy samples of sin(2πx), over many training
//                        sets: training and test error, bias² and variance against the degree.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::classical {

std::vector<ParamSpec> populationDecodingSpecs();
std::vector<OutputInfo> populationDecodingOutputs();
ExperimentResult runPopulationDecoding(const ParamSet& parameters, Progress& progress);
// The population sizes of the sweep: powers of two below n, then n itself.
std::vector<int> neuronSweep(int neurons);
// The trials per stimulus of the sweep: from `folds` up to `trials`, roughly doubling.
std::vector<int> trialSweep(int trials, int folds);
// The columns of an evenly spaced subset of n of the population's `neurons` (preferred directions spread out).
std::vector<int> evenlySpacedNeurons(int n, int neurons);

std::vector<ParamSpec> biasVarianceSpecs();
std::vector<OutputInfo> biasVarianceOutputs();
ExperimentResult runBiasVariance(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::classical
