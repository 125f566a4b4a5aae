#include "engine/plasticity/PoissonInputs.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::plasticity {

PoissonInputs::PoissonInputs(int n, double rateHz, double dtMs, std::uint64_t seed, double correlation)
    : m_n(n), m_rateHz(rateHz), m_dt(dtMs), m_c(correlation), m_random(seed)
{
    if (n <= 0)
        throw std::invalid_argument("n must be positive (got " + std::to_string(n) + ")");
    if (!std::isfinite(dtMs) || dtMs <= 0)
        throw std::invalid_argument("dtMs must be a positive number (got " + std::to_string(dtMs) + ")");
    if (!std::isfinite(rateHz) || rateHz < 0 || rateHz * dtMs / 1000.0 > 1.0)
        throw std::invalid_argument("rateHz must lie in [0, 1000/dt] (got " + std::to_string(rateHz) + ")");
    if (!std::isfinite(correlation) || correlation < 0 || correlation > 1)
        throw std::invalid_argument("correlation must lie in [0, 1] (got " + std::to_string(correlation) + ")");
    const double p = rateHz * dtMs / 1000.0;
    m_pSource = correlation > 0 ? p : 0.0;
    m_logIndependent = std::log1p(-(1.0 - correlation) * p);  // −∞ if the independent part fires every step
    m_logCopy = std::log1p(-correlation);
    reseed(seed);
}

void PoissonInputs::reseed(std::uint64_t seed)
{
    m_random.reseed(seed);
    m_next = gap(m_logIndependent);
}

// Failures before the next success of a Bernoulli sequence with ln(1 − q) = logOneMinusQ, by inversion; saturates
// at a huge value when q is 0 (never).
std::int64_t PoissonInputs::gap(double logOneMinusQ)
{
    constexpr double kNever = 4e18;
    if (logOneMinusQ == 0.0)
        return std::int64_t(kNever);
    const double g = std::floor(std::log1p(-m_random.uniform()) / logOneMinusQ);
    return g >= kNever ? std::int64_t(kNever) : std::int64_t(g);
}

const std::vector<int>& PoissonInputs::step()
{
    m_independent.clear();
    while (m_next < m_n) {
        m_independent.push_back(int(m_next));
        m_next += 1 + gap(m_logIndependent);
    }
    m_next -= m_n;
    if (m_pSource == 0.0 || m_random.uniform() >= m_pSource)
        return m_independent;
    // The source fired: copies by geometric skipping over the neuron index, merged with the independent spikes.
    m_copies.clear();
    for (std::int64_t i = gap(m_logCopy); i < m_n; i += 1 + gap(m_logCopy))
        m_copies.push_back(int(i));
    m_spikes.clear();
    std::set_union(m_independent.begin(), m_independent.end(), m_copies.begin(), m_copies.end(),
                   std::back_inserter(m_spikes));
    return m_spikes;
}

}  // namespace neuroai::plasticity
