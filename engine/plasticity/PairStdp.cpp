#include "engine/plasticity/PairStdp.h"

#include <algorithm>
#include <cmath>

namespace neuroai::plasticity {

PairStdp::PairStdp(const PairStdpParameters& parameters) : m_p(parameters)
{
    detail::requireNonNegative("aPlus", m_p.aPlus);
    detail::requireNonNegative("aMinus", m_p.aMinus);
    detail::requirePositive("tauPlusMs", m_p.tauPlusMs);
    detail::requirePositive("tauMinusMs", m_p.tauMinusMs);
    detail::requirePositive("wMax", m_p.wMax);
    m_aPlus = float(m_p.aPlus);
    m_aMinus = float(m_p.aMinus);
    m_wMax = float(m_p.wMax);
}

void PairStdp::prepare(const network::Projection& projection, double dtMs)
{
    detail::requirePositive("dtMs", dtMs);
    m_shape = {projection.preCount(), projection.postCount(), projection.synapseCount()};
    m_pre.reset(std::size_t(projection.preCount()), std::exp(-dtMs / m_p.tauPlusMs));
    m_post.reset(std::size_t(projection.postCount()), std::exp(-dtMs / m_p.tauMinusMs));
    m_incomingSource = detail::incomingSources(projection);
}

void PairStdp::step(network::Projection& projection, const std::vector<int>& preSpikes,
                    const std::vector<int>& postSpikes)
{
    m_shape.check(projection, "PairStdp");
    detail::checkSpikes(preSpikes, m_shape.nPre, "preSpikes");
    detail::checkSpikes(postSpikes, m_shape.nPost, "postSpikes");

    // 1. Decay. The pre trace is read at post spikes (potentiation, τ₊), the post trace at pre spikes (τ₋).
    m_pre.decay();
    m_post.decay();

    float* w = projection.weights().data();
    const int* target = projection.targets().data();
    const std::int64_t* incoming = projection.incoming().data();
    const bool additive = m_p.dependence == WeightDependence::Additive;
    const bool nearest = m_p.pairing == Pairing::Nearest;
    const float wMax = m_wMax;

    // 2. Pre spikes: depression by the post trace of each target, then the pre trace.
    // Trace values are stored·scale; the scale goes into the amplitude once per step.
    const float* y = m_post.stored();
    const float aMinus = m_aMinus * m_post.scale();
    for (const int i : preSpikes) {
        const std::int64_t end = projection.rowEnd(i);
        if (additive) {
            for (std::int64_t s = projection.rowBegin(i); s < end; ++s)
                w[s] = std::clamp(w[s] - aMinus * y[target[s]], 0.0f, wMax);
        } else {
            for (std::int64_t s = projection.rowBegin(i); s < end; ++s)
                w[s] = std::clamp(w[s] - aMinus * y[target[s]] * w[s], 0.0f, wMax);
        }
        if (nearest)
            m_pre.set(std::size_t(i), 1.0f);
        else
            m_pre.add(std::size_t(i), 1.0f);
    }

    // 3. Post spikes: potentiation by the pre trace of each source (this step's pre spikes included), then the post
    // trace.
    const float* x = m_pre.stored();  // read after this step's pre spikes were added
    const float aPlus = m_aPlus * m_pre.scale();
    const int* source = m_incomingSource.data();
    for (const int j : postSpikes) {
        const std::int64_t end = projection.columnEnd(j);
        if (additive) {
            for (std::int64_t k = projection.columnBegin(j); k < end; ++k) {
                float& wk = w[incoming[k]];
                wk = std::clamp(wk + aPlus * x[source[k]], 0.0f, wMax);
            }
        } else {
            for (std::int64_t k = projection.columnBegin(j); k < end; ++k) {
                float& wk = w[incoming[k]];
                wk = std::clamp(wk + aPlus * x[source[k]] * (wMax - wk), 0.0f, wMax);
            }
        }
        if (nearest)
            m_post.set(std::size_t(j), 1.0f);
        else
            m_post.add(std::size_t(j), 1.0f);
    }
}

}  // namespace neuroai::plasticity
