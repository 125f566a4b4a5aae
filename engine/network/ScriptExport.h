#pragma once

#include "engine/network/NetworkDescription.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace neuroai::network {

// Writes a network description as a self-contained Python script for another simulator, so a model that outgrows a
// laptop can run on Brian2's standalone/GPU devices or, through PyNN, on NEST or NEURON clusters:
//  * Brian2: the equations as Brian2's CUBA example writes them, one NeuronGroup per population and one Synapses per
//    projection; the code-generation target is one marked line (numpy, cython, cpp_standalone).
//  * PyNN: IF_curr_exp populations and FixedProbabilityConnector projections; the back-end is the marked import line
//    (pyNN.brian2, pyNN.nest, pyNN.neuron). Weights are converted from our mV to PyNN's nA exactly (w · c_m / τm),
//    and delays are at least one step, the least PyNN's back-ends accept (explained in the script).
// Every number is written in the shortest form that reads back to the same double. The script prints one JSON line
// (neurons, synapses, spikes and rate per population, mean rate, wall time) and then, last, "mean_rate_hz <value>".
enum class ScriptFormat { Brian2, PyNN };

std::optional<ScriptFormat> parseScriptFormat(std::string_view name);  // "brian2" or "pynn"

struct ScriptOptions {
    double durationMs = 1000;
    std::uint64_t seed = 1;
    std::string commandLine;  // how the script was made, quoted in its heading (may be empty)
};

// Throws std::invalid_argument for an invalid description (validate()), a non-positive or non-finite duration, or a
// population name that is not a Python identifier.
std::string exportScript(const NetworkDescription& description, ScriptFormat format, const ScriptOptions& options);

}  // namespace neuroai::network
