#pragma once

// Chapter 7's experiments as registry entries (batch): each computes one panel's whole figure from a parameter set.
//
//   spike-entropy          the entropy rate of a (dead-time) Poisson spike train against bin size and against
//                          recording length, plug-in vs Miller–Madow, with the reference rate; and the direct method
//                          (total − noise entropy) on a model neuron driven by a noise stimulus.
//   population-information I(stimulus; response) of a tuned Poisson population: against the counting window and
//                          the number of neurons, the population (Monte Carlo over the known model), the best single
//                          neuron (exact) and neuron 1's plug-in estimate from a finite number of trials.
//   efficient-coding       Laughlin's histogram equalisation: the stimulus density, the tuning curve that follows
//                          its cumulative distribution and a linear one, the output levels' use and their entropy.
//   channel-capacity       a binary symmetric or Z channel: capacity against noise (closed form and Blahut–Arimoto)
//                          and I(X;Y) against the input distribution at the chosen noise.
//
// Reference rate of `spike-entropy`: without dead time the binned Poisson train's exact rate H2(1 − e^{−rΔt})/Δt;
// with one, the Miller–Madow estimate from a recording 20 times as long (at most 2000 s), which the panel labels
// "long-run estimate".

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::information {

std::vector<ParamSpec> spikeEntropySpecs();
std::vector<OutputInfo> spikeEntropyOutputs();
ExperimentResult runSpikeEntropy(const ParamSet& parameters, Progress& progress);
// The bin sizes (ms) and recording lengths (s) of the sweeps (log-spaced; the lengths stop at the recording).
std::vector<double> entropyBinSweep();
std::vector<double> entropyLengthSweep(double recordingS);

std::vector<ParamSpec> populationInformationSpecs();
std::vector<OutputInfo> populationInformationOutputs();
ExperimentResult runPopulationInformation(const ParamSet& parameters, Progress& progress);
std::vector<double> informationWindowSweep();  // ms

std::vector<ParamSpec> efficientCodingSpecs();
std::vector<OutputInfo> efficientCodingOutputs();
ExperimentResult runEfficientCoding(const ParamSet& parameters, Progress& progress);

std::vector<ParamSpec> channelCapacitySpecs();
std::vector<OutputInfo> channelCapacityOutputs();
ExperimentResult runChannelCapacity(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::information
