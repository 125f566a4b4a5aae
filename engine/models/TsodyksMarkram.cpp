#include "engine/models/TsodyksMarkram.h"

#include <algorithm>
#include <cmath>

namespace neuroai {

TsodyksMarkram::TsodyksMarkram(const TsodyksMarkramParameters& parameters)
    : m_p(parameters)
{
    reset();
}

void TsodyksMarkram::reset()
{
    m_x = 1.0;
    m_u = 0.0;
    m_lastSpikeMs = 0.0;
    m_hasSpiked = false;
}

double TsodyksMarkram::decay(double elapsedMs, double tauMs)
{
    // τ = 0 is the instantaneous limit; checked explicitly because −Δ/0 is −inf only for Δ > 0.
    return tauMs > 0.0 ? std::exp(-elapsedMs / tauMs) : 0.0;
}

double TsodyksMarkram::xAt(double tMs) const
{
    if (!m_hasSpiked)
        return m_x;
    return 1.0 - (1.0 - m_x) * decay(tMs - m_lastSpikeMs, m_p.tauRecMs);
}

double TsodyksMarkram::uAt(double tMs) const
{
    if (!m_hasSpiked)
        return m_u;
    return m_u * decay(tMs - m_lastSpikeMs, m_p.tauFacilMs);
}

double TsodyksMarkram::spike(double tMs)
{
    double x = xAt(tMs);
    double u = uAt(tMs);
    u += m_p.u * (1.0 - u);
    const double release = u * x;
    x -= release;
    m_x = x;
    m_u = u;
    m_lastSpikeMs = tMs;
    m_hasSpiked = true;
    return release;
}

TsodyksMarkram::SteadyState TsodyksMarkram::steadyState(const TsodyksMarkramParameters& p, double intervalMs)
{
    const double f = decay(intervalMs, p.tauFacilMs);
    const double d = decay(intervalMs, p.tauRecMs);
    SteadyState s;
    s.u = p.u / (1.0 - (1.0 - p.u) * f);
    s.x = (1.0 - d) / (1.0 - (1.0 - s.u) * d);
    return s;
}

std::vector<double> TsodyksMarkram::regularTrain(const TsodyksMarkramParameters& p, double intervalMs, int count)
{
    TsodyksMarkram synapse(p);
    std::vector<double> releases;
    releases.reserve(std::size_t(std::max(count, 0)));
    for (int k = 0; k < count; ++k)
        releases.push_back(synapse.spike(double(k) * intervalMs));
    return releases;
}

}  // namespace neuroai
