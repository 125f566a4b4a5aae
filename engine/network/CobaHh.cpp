#include "engine/network/CobaHh.h"

#include "engine/core/Random.h"

#include <stdexcept>
#include <string>

namespace neuroai::network {

Network makeCobaHh(int neurons, double synapsesPerNeuron, std::uint64_t seed)
{
    if (neurons < 5 || neurons > 10'000'000)
        throw std::invalid_argument("COBAHH needs 5 to 10,000,000 neurons (got " + std::to_string(neurons) + ")");
    const double p = synapsesPerNeuron / double(neurons);
    if (!(p > 0 && p <= 1))
        throw std::invalid_argument("COBAHH: " + std::to_string(synapsesPerNeuron) + " synapses per neuron of " +
                                    std::to_string(neurons) + " is not a probability in (0, 1]");
    const int excitatory = int(double(neurons) * 0.8);
    const int inhibitory = neurons - excitatory;
    const float we = 6.0f;   // nS
    const float wi = 67.0f;  // nS
    Network net(0.1);
    const HhParameters cell;  // the defaults are the benchmark's
    const int e = net.addHhPopulation("E", excitatory, cell);
    const int i = net.addHhPopulation("I", inhibitory, cell);
    Random random(seed);
    // Brian2 draws each Synapses object's pairs at once; the four blocks drawn apart here have the same distribution.
    net.addProjection(e, e, Receptor::Excitatory,
                      Projection::fromList(excitatory, excitatory, fixedProbability(excitatory, excitatory, p, random, we)));
    net.addProjection(e, i, Receptor::Excitatory,
                      Projection::fromList(excitatory, inhibitory, fixedProbability(excitatory, inhibitory, p, random, we)));
    net.addProjection(i, e, Receptor::Inhibitory,
                      Projection::fromList(inhibitory, excitatory, fixedProbability(inhibitory, excitatory, p, random, wi)));
    net.addProjection(i, i, Receptor::Inhibitory,
                      Projection::fromList(inhibitory, inhibitory, fixedProbability(inhibitory, inhibitory, p, random, wi)));
    // The example's initial values, drawn per variable over all cells in index order as Brian2 does.
    for (const int pop : {e, i})
        for (float& v : net.v(pop))
            v = float(cell.eLeak + (random.normal() * 5.0 - 5.0));
    for (const int pop : {e, i})
        for (float& g : net.ge(pop))
            g = float((random.normal() * 1.5 + 4.0) * 10.0);
    for (const int pop : {e, i})
        for (float& g : net.gi(pop))
            g = float((random.normal() * 12.0 + 20.0) * 10.0);
    return net;
}

}  // namespace neuroai::network
