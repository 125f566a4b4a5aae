#include "engine/network/Cuba.h"

#include "engine/core/Random.h"

#include <stdexcept>
#include <string>

namespace neuroai::network {

Network makeCuba(int neurons, double synapsesPerNeuron, std::uint64_t seed)
{
    if (neurons < 5 || neurons > 10'000'000)
        throw std::invalid_argument("CUBA needs 5 to 10,000,000 neurons (got " + std::to_string(neurons) + ")");
    const double p = synapsesPerNeuron / double(neurons);
    if (!(p > 0 && p <= 1))
        throw std::invalid_argument("CUBA: " + std::to_string(synapsesPerNeuron) + " synapses per neuron of " +
                                    std::to_string(neurons) + " is not a probability in (0, 1]");
    const int excitatory = int(double(neurons) * 0.8);
    const int inhibitory = neurons - excitatory;
    const float we = float(60.0 * 0.27 / 10.0);   // mV
    const float wi = float(-20.0 * 4.5 / 10.0);   // mV
    Network net(0.1);
    const LifParameters cell;  // the defaults are CUBA's
    const int e = net.addLifPopulation("E", excitatory, cell);
    const int i = net.addLifPopulation("I", inhibitory, cell);
    Random random(seed);
    // Brian2 draws the synapses of the whole group at once; here each of the four blocks is drawn on its own, which
    // is the same distribution (every pair independent with probability p).
    net.addProjection(e, e, Receptor::Excitatory,
                      Projection::fromList(excitatory, excitatory, fixedProbability(excitatory, excitatory, p, random, we)));
    net.addProjection(e, i, Receptor::Excitatory,
                      Projection::fromList(excitatory, inhibitory, fixedProbability(excitatory, inhibitory, p, random, we)));
    net.addProjection(i, e, Receptor::Inhibitory,
                      Projection::fromList(inhibitory, excitatory, fixedProbability(inhibitory, excitatory, p, random, wi)));
    net.addProjection(i, i, Receptor::Inhibitory,
                      Projection::fromList(inhibitory, inhibitory, fixedProbability(inhibitory, inhibitory, p, random, wi)));
    net.initialiseUniform(cell.vReset, cell.vThreshold, random);
    return net;
}

}  // namespace neuroai::network
