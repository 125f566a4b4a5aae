#pragma once

#include <cstdint>
#include <random>

namespace neuroai {

// The engine's only source of randomness. A given seed gives the same stream on every platform: the generator is
// std::mt19937_64 (fully specified by the standard) and the normal deviates come from our own Box–Muller transform,
// because std::normal_distribution's algorithm is implementation-defined.
class Random {
public:
    explicit Random(std::uint64_t seed = 1) { reseed(seed); }

    void reseed(std::uint64_t seed)
    {
        m_engine.seed(seed);
        m_hasSpare = false;
    }

    // Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; }

    // Standard normal deviate (mean 0, variance 1).
    double normal();

    std::uint64_t bits() { return m_engine(); }

private:
    std::mt19937_64 m_engine;
    double m_spare = 0.0;
    bool m_hasSpare = false;
};

}  // namespace neuroai
