#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {

class Progress;

// The f-I curve of any registered neuron model as a batch experiment (registry entry "fi-curve"): one fresh
// reset per input value, the model's other parameters at their defaults, the steady rate (metric rate_hz) after
// `duration` ms. The same computation as computeFiCurve() (FiSweep.h), run in chunks so that cancellation is
// honoured within a point and progress moves smoothly.
//
// Parameters: model (a choice over the neuron models with an input parameter), range ("model range": from
// max(0, the input's minimum) to its maximum; "custom": i_min..i_max in the model's input unit), points,
// duration [ms per point], seed.
std::vector<ParamSpec> fiCurveSpecs();
std::vector<OutputInfo> fiCurveOutputs();
// The input values the sweep visits for `parameters` (throws ParameterError naming the bound that is outside the
// chosen model's input range, or an empty/inverted custom range).
std::vector<double> fiCurveInputs(const ParamSet& parameters);
ExperimentResult runFiCurveExperiment(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai
