#include "engine/models/LifNeuron.h"

#include <algorithm>
#include <numeric>

namespace neuroai {

LifNeuron::LifNeuron()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> LifNeuron::specs() const
{
    return {
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
        {"noise_sigma", "Noise amplitude σ", "nA", 0, 5, 0, Scale::Linear,
         "Standard deviation of an Ornstein–Uhlenbeck noise current added to I (seeded).", 3},
        {"noise_tau", "Noise correlation time τ_noise", "ms", 0.1, 100, 5, Scale::Log,
         "Correlation time of the noise current.", 2},
    };
}

std::vector<ChannelInfo> LifNeuron::channels() const
{
    return {{"v", "Membrane potential V", "mV"}};
}

std::string LifNeuron::checkConstraints(const ParamSet& p) const
{
    if (p["v_reset"] > p["v_th"] - 0.1)
        return "parameter 'v_reset' (" + formatValue(p["v_reset"]) + " mV) must be at least 0.1 mV below 'v_th' (" +
               formatValue(p["v_th"]) + " mV)";
    return {};
}

void LifNeuron::applyParameters(const ParamSet& p)
{
    const double oldDt = m_c.dt;
    const double now = timeMs();
    m_c.tau = p["tau_m"];
    m_c.vRest = p["v_rest"];
    m_c.vTh = p["v_th"];
    m_c.vReset = p["v_reset"];
    m_c.r = p["r_m"];
    m_c.tRef = p["t_ref"];
    m_c.dt = p["dt"];
    m_c.decay = std::exp(-m_c.dt / m_c.tau);
    m_current = p["i_ext"];
    m_noiseSigma = p["noise_sigma"];
    m_noiseTau = p["noise_tau"];
    m_noiseDecay = std::exp(-m_c.dt / m_noiseTau);
    m_noiseScale = m_noiseSigma * std::sqrt(1.0 - m_noiseDecay * m_noiseDecay);
    if (m_c.dt != oldDt) {  // keep the clock continuous across a change of step
        m_timeBase = now;
        m_stepsSinceBase = 0;
    }
}

void LifNeuron::reset(std::uint64_t seed)
{
    m_random.reseed(seed);
    m_v = m_c.vRest;
    m_refractoryLeft = 0;
    m_noise = m_noiseSigma > 0 ? m_noiseSigma * m_random.normal() : 0.0;
    m_timeBase = 0;
    m_stepsSinceBase = 0;
    m_spikeCount = 0;
    m_recentSpikes.clear();
}

void LifNeuron::recordSpike(double t)
{
    ++m_spikeCount;
    m_recentSpikes.push_back(t);
}

void LifNeuron::advance(long steps, TraceSink& sink)
{
    const bool noisy = m_noiseSigma > 0;
    for (long k = 0; k < steps; ++k) {
        const double tStart = timeMs();
        double current = m_current;
        if (noisy) {
            current += m_noise;
            m_noise = m_noise * m_noiseDecay + m_noiseScale * m_random.normal();
        }
        stepCell(m_c, m_v, m_refractoryLeft, current, tStart, [&](double t) {
            recordSpike(t);
            sink.spike(t, 0);
        });
        ++m_stepsSinceBase;
        const double value = m_v;
        sink.sample(timeMs(), {&value, 1});
    }
    const double windowStart = timeMs() - kRateWindowMs;
    while (!m_recentSpikes.empty() && m_recentSpikes.front() < windowStart)
        m_recentSpikes.pop_front();
}

std::map<std::string, double> LifNeuron::metrics() const
{
    double rate = 0.0;
    double cv = 0.0;
    const std::size_t n = m_recentSpikes.size();
    if (n >= 2) {
        const double meanIsi = (m_recentSpikes.back() - m_recentSpikes.front()) / double(n - 1);
        rate = 1000.0 / meanIsi;
        double sumSq = 0.0;
        for (std::size_t i = 1; i < n; ++i) {
            const double d = (m_recentSpikes[i] - m_recentSpikes[i - 1]) - meanIsi;
            sumSq += d * d;
        }
        cv = n > 2 ? std::sqrt(sumSq / double(n - 2)) / meanIsi : 0.0;
    }
    const double t = timeMs();
    return {
        {"rate_hz", rate},
        {"isi_cv", cv},
        {"spike_count", double(m_spikeCount)},
        {"mean_rate_hz", t > 0 ? 1000.0 * double(m_spikeCount) / t : 0.0},
        {"v_mv", m_v},
    };
}

std::optional<double> LifNeuron::analyticRateHz(double current) const
{
    const double vInf = m_c.vRest + m_c.r * current;
    if (!(vInf > m_c.vTh))
        return 0.0;
    const double period = m_c.tRef + m_c.tau * std::log((vInf - m_c.vReset) / (vInf - m_c.vTh));
    return 1000.0 / period;
}

LifPopulation::LifPopulation(int size, const LifNeuron::Constants& constants)
    : m_c(constants)
    , m_v(Eigen::ArrayXd::Constant(size, constants.vRest))
    , m_refractoryLeft(Eigen::ArrayXd::Zero(size))
    , m_current(Eigen::ArrayXd::Zero(size))
{
    m_c.decay = std::exp(-m_c.dt / m_c.tau);
}

long LifPopulation::advance(long steps)
{
    long spikes = 0;
    const Eigen::Index n = m_v.size();
    double* v = m_v.data();
    double* refractory = m_refractoryLeft.data();
    const double* current = m_current.data();
    for (long k = 0; k < steps; ++k) {
        const double tStart = timeMs();
        for (Eigen::Index i = 0; i < n; ++i)
            LifNeuron::stepCell(m_c, v[i], refractory[i], current[i], tStart, [&](double) { ++spikes; });
        ++m_steps;
    }
    return spikes;
}

}  // namespace neuroai
