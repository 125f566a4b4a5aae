#pragma once

#include <vector>

namespace neuroai::network {

class Projection;

// A rule that changes a projection's weights from the spikes on its two sides (STDP and its relatives). The network
// calls it once per step and projection, so there is one virtual call per step, never one per neuron or synapse; the
// rule keeps whatever traces it needs in its own vectors, sized in prepare().
//
// Within a step the network calls step() after every population has integrated and thresholded and before the spikes
// are delivered, so weights changed by this step's spikes already apply to them. preSpikes and postSpikes are this
// step's spiking neurons of the source and target populations, as indices within them, in increasing order.
class SpikeRule {
public:
    virtual ~SpikeRule() = default;

    // Called when the rule is attached and whenever the network is initialised: size the traces for the
    // projection's pre and post populations and zero them. dtMs is the network's step.
    virtual void prepare(const Projection& projection, double dtMs) = 0;

    // One step: decay the traces over dt, then apply this step's spikes. May change projection.weights().
    virtual void step(Projection& projection, const std::vector<int>& preSpikes,
                      const std::vector<int>& postSpikes) = 0;
};

}  // namespace neuroai::network
