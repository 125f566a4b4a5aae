#pragma once

#include "engine/network/Network.h"
#include "engine/network/NetworkDescription.h"

#include <cstdint>

namespace neuroai::network {

// The Vogels & Abbott (2005) CUBA network as Brian2's example builds it: N LIF cells (80 % excitatory, 20 %
// inhibitory), each pair connected with probability synapsesPerNeuron / N (80 per neuron: p = 2 % at 4000 cells),
// self-connections allowed, no delay; an excitatory spike adds 1.62 mV to ge (60 · 0.27 / 10), an inhibitory one
// −9 mV to gi (−20 · 4.5 / 10); τm 20, τe 5, τi 10 ms, El −49, threshold −50, reset −60 mV, 5 ms refractory;
// v starts uniform in [reset, threshold). Population 0 is E, population 1 is I. dt 0.1 ms.
//
// cubaDescription writes it down (four projections, E→E, E→I, I→E, I→I, drawn in that order); makeCuba builds it.
// Both throw std::invalid_argument on a size outside [5, 10,000,000] or synapsesPerNeuron / N outside (0, 1].
NetworkDescription cubaDescription(int neurons, double synapsesPerNeuron);
Network makeCuba(int neurons, double synapsesPerNeuron, std::uint64_t seed);

}  // namespace neuroai::network
