#include "engine/network/ShortTermPlasticity.h"

#include "engine/network/ExactNumber.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace neuroai::network {

namespace {


// e^{−Δ/τ}; τ = 0 is the instantaneous limit (full relaxation before any later spike).
double relaxation(double elapsedMs, double tauMs)
{
    return tauMs > 0.0 ? std::exp(-elapsedMs / tauMs) : 0.0;
}

}  // namespace

ShortTermPlasticity::ShortTermPlasticity(const TsodyksMarkramParameters& parameters, int preCount, double dtMs)
    : m_p(parameters)
    , m_dt(dtMs)
{
    if (!(parameters.u > 0.0 && parameters.u <= 1.0))
        throw std::invalid_argument("short-term plasticity: U " + exactNumber(parameters.u) + " is outside (0, 1]");
    if (!std::isfinite(parameters.tauRecMs) || parameters.tauRecMs < 0.0)
        throw std::invalid_argument("short-term plasticity: tau_rec " + exactNumber(parameters.tauRecMs) +
                                    " ms must be finite and non-negative");
    if (!std::isfinite(parameters.tauFacilMs) || parameters.tauFacilMs < 0.0)
        throw std::invalid_argument("short-term plasticity: tau_facil " + exactNumber(parameters.tauFacilMs) +
                                    " ms must be finite and non-negative");
    if (preCount < 0)
        throw std::invalid_argument("short-term plasticity: negative presynaptic count " + std::to_string(preCount));
    m_u.resize(std::size_t(preCount));
    m_x.resize(std::size_t(preCount));
    m_release.resize(std::size_t(preCount));
    m_lastStep.resize(std::size_t(preCount));
    reset();
}

void ShortTermPlasticity::reset()
{
    std::fill(m_u.begin(), m_u.end(), 0.0);
    std::fill(m_x.begin(), m_x.end(), 1.0);
    std::fill(m_release.begin(), m_release.end(), 0.0);
    std::fill(m_lastStep.begin(), m_lastStep.end(), std::int64_t(-1));
}

double ShortTermPlasticity::spike(int i, std::int64_t step)
{
    const auto k = std::size_t(i);
    double u = m_u[k];
    double x = m_x[k];
    if (m_lastStep[k] >= 0) {
        const double elapsed = double(step - m_lastStep[k]) * m_dt;
        u *= relaxation(elapsed, m_p.tauFacilMs);
        x = 1.0 - (1.0 - x) * relaxation(elapsed, m_p.tauRecMs);
    }
    u += m_p.u * (1.0 - u);
    const double release = u * x;
    m_u[k] = u;
    m_x[k] = x - release;
    m_release[k] = release;
    m_lastStep[k] = step;
    return release;
}

}  // namespace neuroai::network
