// Hodgkin–Huxley populations of the Network (HhPopulation.h gives the equations): adding one, and its step.
//
// Integration is exponential Euler, as Brian2 does for the COBAHH example: every equation is linear in its own
// variable once the others are frozen at the start of the step, dx/dt = A − B x, so x moves over dt exactly towards
// A/B with rate B: x ← A/B + (x − A/B) e^{−B dt}. For a gate, A = α, B = α + β; for v, B = (gL + ge + gi + gNa m³h +
// gK n⁴)/C and A/B is the conductance-weighted mean of the reversal potentials. It is first order but unconditionally
// stable and keeps every gate inside [0, 1], which the stiff sodium activation needs at dt = 0.1 ms (forward Euler
// diverges there). All variables are advanced from the same old values, then the synaptic conductances decay exactly.
//
// Speed: state lives in separate float arrays, and the step is one branch-free loop over the cells with no call (the
// exponentials are fastExp, not libm's expf), which GCC vectorises. On x86-64 the loop is also compiled for
// x86-64-v3 (AVX2 + FMA, 8 floats a vector), chosen at load time when the processor has it; the baseline build
// targets SSE2 only. Of the six rate exponentials only four are computed: βh and αn use e^{(40 − u)/5}, the inverse
// of βm's, scaled by e^{−5} for αn.

#include "engine/network/FastExp.h"
#include "engine/network/Network.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

// The x86-64-v3 clone is resolved by an ifunc when the program is loaded, before a sanitizer's runtime has started;
// sanitizer builds therefore keep the one baseline loop (the same source, so the tests still check it).
// Only GCC: its "arch=" form of target_clones is what is used (and tested) here.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && \
    !defined(__SANITIZE_THREAD__)
#define NEUROAI_HH_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define NEUROAI_HH_CLONES
#endif

namespace neuroai::network {

namespace {

struct HhStep {
    float dt, dtOverC, gL, gNa, gK, eL, eNa, eK, vT, eE, eI, decayE, decayI;
};

// Advances cells [0, count) of the given arrays by one step (see the file comment) and counts the refractory steps
// down; the caller thresholds afterwards.
NEUROAI_HH_CLONES void integrateHhCells(const HhStep& c, int count, float* __restrict v, float* __restrict m,
                                        float* __restrict h, float* __restrict n, float* __restrict ge,
                                        float* __restrict gi, int* __restrict left)
{
    constexpr float kExpMinus5 = 6.737946999085467e-3f;  // e^{−5}
    const float dt = c.dt;
    for (int j = 0; j < count; ++j) {
        const float vj = v[j], mj = m[j], hj = h[j], nj = n[j], gej = ge[j], gij = gi[j];
        const float u = vj - c.vT;
        // Opening (α) and closing (β) rates in 1/ms.
        const float y1 = (13.0f - u) * 0.25f;
        const float y2 = (u - 40.0f) * 0.2f;
        const float e1 = fastExp(y1);
        const float e2 = fastExp(y2);
        const float e3 = fastExp((17.0f - u) * (1.0f / 18.0f));
        const float e6 = fastExp((10.0f - u) * (1.0f / 40.0f));
        const float inverseE2 = 1.0f / e2;  // e^{(40 − u)/5}
        const float am = 1.28f * relativeRate(y1, e1);
        const float bm = 1.4f * relativeRate(y2, e2);
        const float ah = 0.128f * e3;
        const float bh = 4.0f / (1.0f + inverseE2);
        const float an = 0.16f * relativeRate(-y2 - 5.0f, kExpMinus5 * inverseE2);
        const float bn = 0.5f * e6;
        // Gates: x ← x∞ + (x − x∞) e^{−(α + β) dt}.
        const float sm = am + bm, sh = ah + bh, sn = an + bn;
        const float mInf = am / sm, hInf = ah / sh, nInf = an / sn;
        m[j] = mInf + (mj - mInf) * fastExp(-sm * dt);
        h[j] = hInf + (hj - hInf) * fastExp(-sh * dt);
        n[j] = nInf + (nj - nInf) * fastExp(-sn * dt);
        // Membrane: v ← v∞ + (v − v∞) e^{−G dt / C}, with the old gates and conductances.
        const float gNa = c.gNa * (mj * mj * mj) * hj;
        const float n2 = nj * nj;
        const float gK = c.gK * (n2 * n2);
        const float total = c.gL + gej + gij + gNa + gK;
        const float driven = c.gL * c.eL + gej * c.eE + gij * c.eI + gNa * c.eNa + gK * c.eK;
        const float vInf = driven / total;
        v[j] = vInf + (vj - vInf) * fastExp(-total * c.dtOverC);
        ge[j] = gej * c.decayE;
        gi[j] = gij * c.decayI;
        left[j] = std::max(left[j] - 1, 0);
    }
}

void requireFinite(double value, const std::string& population, const char* name)
{
    if (!std::isfinite(value))
        throw std::invalid_argument("population '" + population + "': " + name + " must be finite (got " +
                                    std::to_string(value) + ")");
}

void requirePositive(double value, const std::string& population, const char* name)
{
    if (!(value > 0) || !std::isfinite(value))
        throw std::invalid_argument("population '" + population + "': " + name + " must be a positive number (got " +
                                    std::to_string(value) + ")");
}

}  // namespace

int Network::addHhPopulation(const std::string& name, int size, const HhParameters& p)
{
    if (size < 0)
        throw std::invalid_argument("population '" + name + "' has a negative size (" + std::to_string(size) + ")");
    requirePositive(p.capacitance, name, "capacitance");
    requirePositive(p.gLeak, name, "g_leak");
    requirePositive(p.tauE, name, "tau_e");
    requirePositive(p.tauI, name, "tau_i");
    if (!(p.gNa >= 0) || !std::isfinite(p.gNa))
        throw std::invalid_argument("population '" + name + "': g_Na must be a non-negative number (got " +
                                    std::to_string(p.gNa) + ")");
    if (!(p.gK >= 0) || !std::isfinite(p.gK))
        throw std::invalid_argument("population '" + name + "': g_K must be a non-negative number (got " +
                                    std::to_string(p.gK) + ")");
    if (!(p.tRef >= 0) || !std::isfinite(p.tRef))
        throw std::invalid_argument("population '" + name + "': t_ref must be a non-negative number (got " +
                                    std::to_string(p.tRef) + ")");
    requireFinite(p.eLeak, name, "E_leak");
    requireFinite(p.eNa, name, "E_Na");
    requireFinite(p.eK, name, "E_K");
    requireFinite(p.vT, name, "V_T");
    requireFinite(p.eExc, name, "E_e");
    requireFinite(p.eInh, name, "E_i");
    requireFinite(p.vThreshold, name, "v_threshold");
    Population pop;
    pop.name = name;
    pop.kind = PopulationKind::HodgkinHuxley;
    pop.size = size;
    pop.hh = p;
    pop.vThreshold = float(p.vThreshold);
    // Brian2's rule: a cell may spike again once the whole steps since its last spike reach those of t_ref.
    pop.refractorySteps = int(std::llround(p.tRef / m_dt));
    pop.m.assign(std::size_t(size), 0.0f);
    pop.h.assign(std::size_t(size), 0.0f);
    pop.n.assign(std::size_t(size), 0.0f);
    return addCellPopulation(std::move(pop), float(p.eLeak));
}

void Network::integrateHh(Population& pop)
{
    const HhParameters& p = pop.hh;
    const HhStep c{float(m_dt),
                   float(m_dt / p.capacitance),
                   float(p.gLeak),
                   float(p.gNa),
                   float(p.gK),
                   float(p.eLeak),
                   float(p.eNa),
                   float(p.eK),
                   float(p.vT),
                   float(p.eExc),
                   float(p.eInh),
                   float(std::exp(-m_dt / p.tauE)),
                   float(std::exp(-m_dt / p.tauI))};
    integrateHhCells(c, pop.size, pop.v.data(), pop.m.data(), pop.h.data(), pop.n.data(), pop.ge.data(),
                     pop.gi.data(), pop.refractoryLeft.data());
    // Threshold: above it and no longer refractory (refractoryLeft reached 0 in this step's count-down).
    pop.spiked.clear();
    const float threshold = pop.vThreshold;
    const float* v = pop.v.data();
    const int* left = pop.refractoryLeft.data();
    for (int j = 0; j < pop.size; ++j)
        if (v[j] > threshold && left[j] == 0) [[unlikely]]
            pop.spiked.push_back(j);
}

}  // namespace neuroai::network
