#include "engine/plasticity/TripletStdp.h"

#include <algorithm>
#include <cmath>

namespace neuroai::plasticity {

TripletStdp::TripletStdp(const TripletStdpParameters& parameters) : m_p(parameters)
{
    detail::requireNonNegative("a2Plus", m_p.a2Plus);
    detail::requireNonNegative("a3Plus", m_p.a3Plus);
    detail::requireNonNegative("a2Minus", m_p.a2Minus);
    detail::requireNonNegative("a3Minus", m_p.a3Minus);
    detail::requirePositive("tauPlusMs", m_p.tauPlusMs);
    detail::requirePositive("tauMinusMs", m_p.tauMinusMs);
    detail::requirePositive("tauXMs", m_p.tauXMs);
    detail::requirePositive("tauYMs", m_p.tauYMs);
    detail::requirePositive("wMax", m_p.wMax);
    m_a2Plus = float(m_p.a2Plus);
    m_a3Plus = float(m_p.a3Plus);
    m_a2Minus = float(m_p.a2Minus);
    m_a3Minus = float(m_p.a3Minus);
    m_wMax = float(m_p.wMax);
}

void TripletStdp::prepare(const network::Projection& projection, double dtMs)
{
    detail::requirePositive("dtMs", dtMs);
    m_shape = {projection.preCount(), projection.postCount(), projection.synapseCount()};
    const auto nPre = std::size_t(projection.preCount()), nPost = std::size_t(projection.postCount());
    m_r1.reset(nPre, std::exp(-dtMs / m_p.tauPlusMs));
    m_r2.reset(nPre, std::exp(-dtMs / m_p.tauXMs));
    m_o1.reset(nPost, std::exp(-dtMs / m_p.tauMinusMs));
    m_o2.reset(nPost, std::exp(-dtMs / m_p.tauYMs));
    m_incomingSource = detail::incomingSources(projection);
}

void TripletStdp::step(network::Projection& projection, const std::vector<int>& preSpikes,
                       const std::vector<int>& postSpikes)
{
    m_shape.check(projection, "TripletStdp");
    detail::checkSpikes(preSpikes, m_shape.nPre, "preSpikes");
    detail::checkSpikes(postSpikes, m_shape.nPost, "postSpikes");

    m_r1.decay();
    m_r2.decay();
    m_o1.decay();
    m_o2.decay();

    float* w = projection.weights().data();
    const int* target = projection.targets().data();
    const std::int64_t* incoming = projection.incoming().data();
    const float wMax = m_wMax;

    const float* o1 = m_o1.stored();
    for (const int i : preSpikes) {
        const auto ui = std::size_t(i);
        const float factor = (m_a2Minus + m_a3Minus * m_r2.value(ui)) * m_o1.scale();  // r₂ before this spike
        const std::int64_t end = projection.rowEnd(i);
        for (std::int64_t s = projection.rowBegin(i); s < end; ++s)
            w[s] = std::clamp(w[s] - factor * o1[target[s]], 0.0f, wMax);
        m_r1.add(ui, 1.0f);
        m_r2.add(ui, 1.0f);
    }

    const float* r1 = m_r1.stored();  // with this step's pre spikes
    const int* source = m_incomingSource.data();
    for (const int j : postSpikes) {
        const auto uj = std::size_t(j);
        const float factor = (m_a2Plus + m_a3Plus * m_o2.value(uj)) * m_r1.scale();  // o₂ before this spike
        const std::int64_t end = projection.columnEnd(j);
        for (std::int64_t k = projection.columnBegin(j); k < end; ++k) {
            float& wk = w[incoming[k]];
            wk = std::clamp(wk + factor * r1[source[k]], 0.0f, wMax);
        }
        m_o1.add(uj, 1.0f);
        m_o2.add(uj, 1.0f);
    }
}

}  // namespace neuroai::plasticity
