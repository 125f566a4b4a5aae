#pragma once

#include "engine/network/Network.h"

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai::network {

// A network model written down as numbers, not as built state: populations of one cell type, projections given by
// their connection rule, and the initial condition. The engine builds a Network from it (buildNetwork) and the script
// exporters (ScriptExport.h) translate the same description into Brian2 or PyNN, so the exported model and ours cannot
// drift apart: every number in an exported script comes from here.
//
// Today there is one cell type (CUBA's LIF with current-based exponential synapses, LifParameters); a conductance-
// based one (COBAHH) would add a cell-type field and its parameters.
struct PopulationDescription {
    std::string name;
    int size = 0;
};

// Every ordered pair (i in `from`, j in `to`) is connected independently with `probability` (self-connections
// allowed when from == to, as in Brian2's connect(p=…)); each spike adds weightMv to the target's ge (excitatory) or
// gi (inhibitory) after delayMs (0: from the next step on, Brian2's convention for no delay).
struct ProjectionDescription {
    int from = 0;
    int to = 0;
    Receptor receptor = Receptor::Excitatory;
    double probability = 0;
    double weightMv = 0;
    double delayMs = 0;
};

struct NetworkDescription {
    std::string id;     // e.g. "cuba": the name the command line uses
    std::string title;  // one line, for the script's heading
    double dtMs = 0.1;
    LifParameters cell;
    std::vector<PopulationDescription> populations;
    std::vector<ProjectionDescription> projections;
    // v starts uniform in [initialVLowMv, initialVHighMv), ge = gi = 0, no cell refractory.
    double initialVLowMv = 0;
    double initialVHighMv = 0;
    double synapsesPerNeuron = 0;  // the K the probabilities were derived from (for the record)

    int totalNeurons() const;
};

// Throws std::invalid_argument naming what is wrong (sizes, probabilities outside [0, 1], non-finite weights,
// negative or non-finite delays, bad indices, an empty initial range).
void validate(const NetworkDescription& description);

// Builds the network: the projections are drawn in the description's order from one Random seeded with `seed`, then
// the membrane potentials, so a given description and seed always give the same network.
Network buildNetwork(const NetworkDescription& description, std::uint64_t seed);

}  // namespace neuroai::network
