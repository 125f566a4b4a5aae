#include "engine/network/Cuba.h"

#include <stdexcept>
#include <string>

namespace neuroai::network {

NetworkDescription cubaDescription(int neurons, double synapsesPerNeuron)
{
    if (neurons < 5 || neurons > 10'000'000)
        throw std::invalid_argument("CUBA needs 5 to 10,000,000 neurons (got " + std::to_string(neurons) + ")");
    const double p = synapsesPerNeuron / double(neurons);
    if (!(p > 0 && p <= 1))
        throw std::invalid_argument("CUBA: " + std::to_string(synapsesPerNeuron) + " synapses per neuron of " +
                                    std::to_string(neurons) + " is not a probability in (0, 1]");
    const int excitatory = int(double(neurons) * 0.8);
    const int inhibitory = neurons - excitatory;
    // Weights as in Brian2's example (after Vogels & Abbott's conductances times driving force over their gain):
    // the float the engine stores is the same whether it is computed here or in the script.
    const double we = 60.0 * 0.27 / 10.0;   // mV
    const double wi = -20.0 * 4.5 / 10.0;   // mV
    NetworkDescription d;
    d.id = "cuba";
    d.title = "Vogels & Abbott (2005) CUBA benchmark network, as in Brian2's example";
    d.dtMs = 0.1;
    d.cell = LifParameters{};  // the defaults are CUBA's
    d.populations = {{"E", excitatory}, {"I", inhibitory}};
    // Brian2 draws the synapses of the whole group at once; here each of the four blocks is drawn on its own, which
    // is the same distribution (every pair independent with probability p).
    d.projections = {{0, 0, Receptor::Excitatory, p, we, 0.0},
                     {0, 1, Receptor::Excitatory, p, we, 0.0},
                     {1, 0, Receptor::Inhibitory, p, wi, 0.0},
                     {1, 1, Receptor::Inhibitory, p, wi, 0.0}};
    d.initialVLowMv = d.cell.vReset;
    d.initialVHighMv = d.cell.vThreshold;
    d.synapsesPerNeuron = synapsesPerNeuron;
    return d;
}

Network makeCuba(int neurons, double synapsesPerNeuron, std::uint64_t seed)
{
    return buildNetwork(cubaDescription(neurons, synapsesPerNeuron), seed);
}

}  // namespace neuroai::network
