#include "engine/models/NeuronModel.h"

#include "engine/analysis/SpikeStats.h"

#include <cmath>
#include <stdexcept>

namespace neuroai {

FixedPoint classifyFixedPoint(double x, double y, const std::array<double, 4>& j)
{
    FixedPoint fp{x, y, {}, false};
    const double trace = j[0] + j[3];
    const double det = j[0] * j[3] - j[1] * j[2];
    const double disc = trace * trace - 4.0 * det;
    if (det < 0) {
        fp.kind = "saddle";
    } else if (trace == 0.0) {
        fp.kind = "centre";
    } else {
        fp.stable = trace < 0;
        fp.kind = std::string(fp.stable ? "stable " : "unstable ") + (disc < 0 ? "focus" : "node");
    }
    return fp;
}

std::vector<ParamSpec> NeuronModel::withStimulus(std::vector<ParamSpec> own, const StimulusRanges& ranges)
{
    for (ParamSpec& s : stimulusSpecs(ranges))
        own.push_back(std::move(s));
    return own;
}

std::vector<ChannelInfo> NeuronModel::channels() const
{
    std::vector<ChannelInfo> result = modelChannels();
    result.push_back({"i_in", "Input current I", currentUnit()});
    return result;
}

std::string NeuronModel::checkConstraints(const ParamSet& p) const
{
    if (std::string message = checkStimulusConstraints(p); !message.empty())
        return message;
    return checkModelConstraints(p);
}

void NeuronModel::applyParameters(const ParamSet& p)
{
    const double oldDt = m_dt;
    const double now = timeMs();
    m_dt = p["dt"];
    if (m_dt != oldDt) {  // keep the clock continuous across a change of step
        m_timeBase = now;
        m_stepsSinceBase = 0;
    }
    const bool wasNoisy = m_stimulus.isNoisy();
    m_stimulus = stimulusFromParameters(p);
    m_noiseDecay = std::exp(-m_dt / m_stimulus.noiseTauMs);
    m_noiseScale = m_stimulus.noiseSigma * std::sqrt(1.0 - m_noiseDecay * m_noiseDecay);
    if (m_stimulus.isNoisy() && !wasNoisy) {  // noise switched on mid-run: start from the stationary distribution
        for (double& n : m_noise)
            n = m_stimulus.noiseSigma * m_random.normal();
    }
    applyModelParameters(p);
}

void NeuronModel::setCellCount(int n)
{
    if (n < 1)
        throw std::invalid_argument("a neuron model needs at least one cell (got " + std::to_string(n) + ")");
    m_cells = n;
    m_cellBias.assign(std::size_t(n), 0.0);
    reset(m_seed);
}

void NeuronModel::setCellBias(std::span<const double> bias)
{
    if (int(bias.size()) != m_cells)
        throw std::invalid_argument("setCellBias: got " + std::to_string(bias.size()) + " values for " +
                                    std::to_string(m_cells) + " cells");
    m_cellBias.assign(bias.begin(), bias.end());
}

void NeuronModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    m_random.reseed(seed);
    if (int(m_input.size()) != m_cells) {
        m_input.assign(std::size_t(m_cells), 0.0);
        m_noise.assign(std::size_t(m_cells), 0.0);
        if (int(m_cellBias.size()) != m_cells)
            m_cellBias.assign(std::size_t(m_cells), 0.0);
        resizeCells(m_cells);
    }
    resetCells();
    for (double& n : m_noise)
        n = m_stimulus.isNoisy() ? m_stimulus.noiseSigma * m_random.normal() : 0.0;
    m_timeBase = 0;
    m_stepsSinceBase = 0;
    m_spikeCount = 0;
    m_totalSpikes = 0;
    m_spikeTimes.clear();
    m_recentSpikes.clear();
    m_lastInput = m_stimulus.meanOver(0.0, m_dt);
    m_sample.assign(modelChannels().size() + 1, 0.0);
}

void NeuronModel::recordSpike(int cell, double t, TraceSink& sink)
{
    ++m_totalSpikes;
    if (cell == 0) {
        ++m_spikeCount;
        m_recentSpikes.push_back(t);
        if (m_spikeTimes.size() < kMaxStoredSpikes)
            m_spikeTimes.push_back(t);
    }
    sink.spike(t, cell);
}

void NeuronModel::advance(long steps, TraceSink& sink)
{
    const bool noisy = m_stimulus.isNoisy();
    const bool constant = m_stimulus.kind == StimulusKind::Constant;
    const std::size_t cells = std::size_t(m_cells);
    const SpikeOut spikeOut(this, &sink);
    const std::size_t modelChannelCount = m_sample.size() - 1;
    for (long k = 0; k < steps; ++k) {
        const double tStart = timeMs();
        const double common = constant ? m_stimulus.bias : m_stimulus.meanOver(tStart, tStart + m_dt);
        if (noisy) {
            for (std::size_t i = 0; i < cells; ++i) {
                double& eta = m_noise[i];
                m_input[i] = common + m_cellBias[i] + eta;
                eta = eta * m_noiseDecay + m_noiseScale * m_random.normal();
            }
        } else {
            for (std::size_t i = 0; i < cells; ++i)
                m_input[i] = common + m_cellBias[i];
        }
        m_lastInput = m_input[0];
        stepCells(m_input.data(), tStart, spikeOut);
        ++m_stepsSinceBase;
        sampleCell0(m_sample.data());
        m_sample[modelChannelCount] = m_lastInput;
        sink.sample(timeMs(), m_sample);
    }
    const double windowStart = timeMs() - kRateWindowMs;
    while (!m_recentSpikes.empty() && m_recentSpikes.front() < windowStart)
        m_recentSpikes.pop_front();
}

bool NeuronModel::stateIsFinite() const
{
    if (!cellsFinite())
        return false;
    for (const double n : m_noise)
        if (!std::isfinite(n))
            return false;
    return true;
}

std::map<std::string, double> NeuronModel::metrics() const
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
    std::map<std::string, double> result = {
        {"rate_hz", rate},
        {"isi_cv", cv},
        {"spike_count", double(m_spikeCount)},
        {"mean_rate_hz", t > 0 ? 1000.0 * double(m_spikeCount) / t : 0.0},
        {"v_mv", membranePotential(0)},
    };
    const double onset = m_stimulus.kind == StimulusKind::Constant ? 0.0 : m_stimulus.startMs;
    for (const double s : m_spikeTimes) {
        if (s >= onset) {
            result["latency_ms"] = s - onset;
            break;
        }
    }
    const std::vector<double> isis = interSpikeIntervals(m_spikeTimes);
    if (isis.size() >= 3)
        result["adaptation_index"] = adaptationIndex(isis);
    addModelMetrics(result);
    return result;
}

}  // namespace neuroai
