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

// Traces of one population that all decay by the same factor d = e^{−dt/τ} per step, in O(1) per step: each trace is
// stored divided by a common scale s = dⁿ (n steps since the last renormalisation), so decaying all of them is one
// multiplication of s, reading trace i is stored_i·s and adding a to it adds a/s to stored_i. When s falls below
// 2⁻³⁰ (every 20.8·τ/dt steps) the stored values are multiplied by s and s is reset to 1, so they stay within ~10⁹
// of the traces and float keeps its relative precision. The result equals decaying every trace by d each step, up to
// float rounding (s is kept in double), without touching N traces per step: a rule's cost per step is then O(spikes
// × synapses per spike) however many neurons are silent.
class DecayingTraces {
public:
    void reset(std::size_t n, double decayPerStep)
    {
        m_stored.assign(n, 0.0f);
        m_decay = decayPerStep;
        m_scale = 1.0;
        m_scaleF = 1.0f;
        m_inverse = 1.0f;
    }
    void decay()
    {
        m_scale *= m_decay;
        if (m_scale < 0x1.0p-30) {
            const auto s = float(m_scale);
            for (float& v : m_stored)
                v *= s;
            m_scale = 1.0;
        }
        m_scaleF = float(m_scale);
        m_inverse = float(1.0 / m_scale);
    }
    float value(std::size_t i) const { return m_stored[i] * m_scaleF; }
    void add(std::size_t i, float amount) { m_stored[i] += amount * m_inverse; }
    void set(std::size_t i, float v) { m_stored[i] = v * m_inverse; }
    std::size_t size() const { return m_stored.size(); }
    std::vector<float> values() const
    {
        std::vector<float> out(m_stored.size());
        for (std::size_t i = 0; i < out.size(); ++i)
            out[i] = value(i);
        return out;
    }
    // For a hot loop: value(i) = stored()[i] * scale().
    const float* stored() const { return m_stored.data(); }
    float scale() const { return m_scaleF; }

private:
    std::vector<float> m_stored;
    double m_decay = 1.0;
    double m_scale = 1.0;
    float m_scaleF = 1.0f;
    float m_inverse = 1.0f;
};

}  // namespace neuroai::plasticity::detail
