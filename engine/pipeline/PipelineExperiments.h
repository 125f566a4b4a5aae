#pragma once

// Chapter 8's experiment as a registry entry (batch):
//
//   spike-sorting   a synthetic extracellular recording sorted end to end (band-pass, threshold detection, PCA,
//                   k-means or a Gaussian mixture), scored against its ground truth, with the accuracy and the
//                   detected fraction against the noise level (the same recording settings and seed at each level).

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/pipeline/SpikeSorting.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::pipeline {

std::vector<ParamSpec> spikeSortingSpecs();
std::vector<OutputInfo> spikeSortingOutputs();
// The pipeline's settings from a parameter set (throws ParameterError when the low cutoff is not below the high one).
SortingSetup sortingSetupFrom(const ParamSet& parameters);
ExperimentResult runSpikeSorting(const ParamSet& parameters, Progress& progress);
// The noise levels of the accuracy sweep (µV).
std::vector<double> noiseSweep();
// Length of the trace excerpt the result carries (ms, from the start of the recording).
constexpr double kTraceExcerptMs = 100;

}  // namespace neuroai::pipeline
