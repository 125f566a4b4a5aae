#pragma once

#include "engine/network/Network.h"

#include <cstdint>

namespace neuroai::network {

// Benchmark 3 of Brette et al. (2007), as Brian2's COBAHH example builds it: N Hodgkin–Huxley cells with Traub–Miles
// kinetics (HhParameters' defaults), 80 % excitatory; every cell of the network receives from each excitatory cell
// with probability p (a spike adds we = 6 nS to ge) and from each inhibitory one with probability p (wi = 67 nS to
// gi), self-connections allowed, no delay; Ee 0, Ei −80 mV, τe 5, τi 10 ms; spikes at v > −20 mV with a 3 ms
// refractory period and no reset. Initial state per cell, from the seed: v = EL + (5 ξ − 5) mV, ge = (1.5 ξ + 4) · 10
// nS, gi = (12 ξ + 20) · 10 nS with ξ standard normal, m = h = n = 0. Population 0 is E, population 1 is I. dt 0.1 ms.
// The example has 4000 cells and p = 0.02; `synapsesPerNeuron` = p · N (80 there) keeps the in-degree as N changes.
Network makeCobaHh(int neurons, double synapsesPerNeuron, std::uint64_t seed);

}  // namespace neuroai::network
