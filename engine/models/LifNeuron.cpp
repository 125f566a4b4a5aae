#include "engine/models/LifNeuron.h"

namespace neuroai {

LifNeuron::LifNeuron()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> LifNeuron::specs() const
{
    return withStimulus({
        {"tau_m", "Membrane time constant τm", "ms", 1, 200, 20, Scale::Log,
         "Time constant of the leak, τm = R·C: how quickly V relaxes towards V∞ = V_rest + R·I.", 2},
        {"v_rest", "Resting potential V_rest", "mV", -90, -30, -70, Scale::Linear,
         "Potential the membrane settles to without input.", 1},
        {"v_th", "Threshold V_th", "mV", -80, 0, -54, Scale::Linear,
         "A spike is emitted when V reaches this potential from below.", 1},
        {"v_reset", "Reset potential V_reset", "mV", -100, -30, -80, Scale::Linear,
         "V is set to this value at the instant of a spike (must be below V_th).", 1},
        {"r_m", "Membrane resistance R", "MΩ", 1, 1000, 10, Scale::Log,
         "Input resistance; a current I shifts the steady state by R·I (1 MΩ × 1 nA = 1 mV).", 1},
        {"i_ext", "Input current I", "nA", -2, 10, 1.8, Scale::Linear,
         "Constant current injected into the cell. Rheobase is (V_th − V_rest)/R.", 3},
        {"t_ref", "Refractory period t_ref", "ms", 0, 50, 0, Scale::Linear,
         "After a spike V is held at V_reset for this long.", 2},
        {"dt", "Time step dt", "ms", 0.001, 1, 0.1, Scale::Log,
         "Integration step. The LIF solution is exact for any dt; dt sets the sampling of the trace and of the noise.",
         3},
    }, {"nA", "pC", -5, 10, 0, 200, 0, 5, 3});
}

std::string LifNeuron::integrationScheme() const
{
    return "Exact: over each step the input is constant and the linear equation is solved in closed form; each "
           "spike is placed at its exact threshold-crossing time inside the step and the reset happens there. "
           "Results do not depend on dt except through the sampling of the trace and of the noise.";
}

std::vector<ChannelInfo> LifNeuron::modelChannels() const
{
    return {{"v", "Membrane potential V", "mV"}};
}

std::string LifNeuron::checkModelConstraints(const ParamSet& p) const
{
    if (p["v_reset"] > p["v_th"] - 0.1)
        return "parameter 'v_reset' (" + formatValue(p["v_reset"]) + " mV) must be at least 0.1 mV below 'v_th' (" +
               formatValue(p["v_th"]) + " mV)";
    return {};
}

void LifNeuron::applyModelParameters(const ParamSet& p)
{
    m_c.tau = p["tau_m"];
    m_c.vRest = p["v_rest"];
    m_c.vTh = p["v_th"];
    m_c.vReset = p["v_reset"];
    m_c.r = p["r_m"];
    m_c.tRef = p["t_ref"];
    m_c.dt = p["dt"];
    m_c.decay = std::exp(-m_c.dt / m_c.tau);
}

void LifNeuron::resizeCells(int n)
{
    m_v.assign(std::size_t(n), m_c.vRest);
    m_refractoryLeft.assign(std::size_t(n), 0.0);
}

void LifNeuron::resetCells()
{
    std::fill(m_v.begin(), m_v.end(), m_c.vRest);
    std::fill(m_refractoryLeft.begin(), m_refractoryLeft.end(), 0.0);
}

void LifNeuron::stepCells(const double* input, double tStart, const SpikeOut& spike)
{
    const std::size_t n = m_v.size();
    double* v = m_v.data();
    double* refractory = m_refractoryLeft.data();
    for (std::size_t i = 0; i < n; ++i)
        stepCell(m_c, v[i], refractory[i], input[i], tStart, [&](double t) { spike(int(i), t); });
}

bool LifNeuron::cellsFinite() const
{
    for (std::size_t i = 0; i < m_v.size(); ++i)
        if (!std::isfinite(m_v[i]) || !std::isfinite(m_refractoryLeft[i]))
            return false;
    return true;
}

std::optional<double> LifNeuron::analyticRateHz(double current) const
{
    const double vInf = m_c.vRest + m_c.r * current;
    if (!(vInf > m_c.vTh))
        return 0.0;
    const double period = m_c.tRef + m_c.tau * std::log((vInf - m_c.vReset) / (vInf - m_c.vTh));
    return 1000.0 / period;
}

}  // namespace neuroai
