#pragma once

// Internal helpers shared by the trace-based spike rules (PairStdp, TripletStdp). Not part of the public API.

#include "engine/network/Projection.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace neuroai::plasticity::detail {

inline void requirePositive(const char* name, double value)
{
    if (!std::isfinite(value) || value <= 0.0)
        throw std::invalid_argument(std::string(name) + " must be a positive number (got " + std::to_string(value) +
                                    ")");
}

inline void requireNonNegative(const char* name, double value)
{
    if (!std::isfinite(value) || value < 0.0)
        throw std::invalid_argument(std::string(name) + " must be a non-negative number (got " +
                                    std::to_string(value) + ")");
}

// The shape a rule was prepared for; step() refuses another projection (its traces would be the wrong size).
struct PreparedShape {
    int nPre = -1;
    int nPost = -1;
    std::size_t synapses = 0;

    void check(const network::Projection& projection, const char* rule) const
    {
        if (nPre < 0)
            throw std::logic_error(std::string(rule) + ": step() before prepare()");
        if (projection.preCount() != nPre || projection.postCount() != nPost || projection.synapseCount() != synapses)
            throw std::invalid_argument(std::string(rule) + ": the projection (" +
                                        std::to_string(projection.preCount()) + " x " +
                                        std::to_string(projection.postCount()) + ", " +
                                        std::to_string(projection.synapseCount()) +
                                        " synapses) is not the one prepared (" + std::to_string(nPre) + " x " +
                                        std::to_string(nPost) + ", " + std::to_string(synapses) + ")");
    }
};

// Indices in a spike list must lie in the population; one comparison per spike, never per synapse.
inline void checkSpikes(const std::vector<int>& spikes, int size, const char* which)
{
    for (const int i : spikes)
        if (i < 0 || i >= size)
            throw std::invalid_argument(std::string(which) + " holds neuron " + std::to_string(i) +
                                        " of a population of " + std::to_string(size));
}

// For each entry k of projection.incoming(), the presynaptic neuron of that synapse. The projection stores only the
// rows' start offsets (source() is a binary search); a rule that walks a post neuron's incoming synapses at every
// post spike needs the source in O(1), so it builds this once, in prepare(): 4 bytes per synapse.
inline std::vector<int> incomingSources(const network::Projection& projection)
{
    std::vector<int> sourceOfSynapse(projection.synapseCount());
    for (int i = 0; i < projection.preCount(); ++i)
        for (std::int64_t s = projection.rowBegin(i); s < projection.rowEnd(i); ++s)
            sourceOfSynapse[std::size_t(s)] = i;
    std::vector<int> sources(projection.incoming().size());
    for (std::size_t k = 0; k < sources.size(); ++k)
        sources[k] = sourceOfSynapse[std::size_t(projection.incoming()[k])];
    return sources;
}

// Multiplies every trace by the same per-step decay factor: a plain loop the compiler vectorises.
inline void decay(std::vector<float>& trace, float factor)
{
    float* t = trace.data();
    const std::size_t n = trace.size();
    for (std::size_t i = 0; i < n; ++i)
        t[i] *= factor;
}

}  // namespace neuroai::plasticity::detail
