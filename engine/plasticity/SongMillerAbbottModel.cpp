#include "engine/plasticity/SongMillerAbbottModel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai::plasticity {

SongMillerAbbottModel::SongMillerAbbottModel()
{
    initParameters();
    reset(1);
}

SongMillerAbbottModel::~SongMillerAbbottModel() = default;

std::vector<ParamSpec> SongMillerAbbottModel::specs() const
{
    ParamSpec c{"correlation", "Input correlation c", "", 0, 1, 0, Scale::Linear,
                "Each input copies the spikes of a shared hidden source with probability c and fires on its own "
                "otherwise, at the same rate; two inputs then have a zero-lag correlation coefficient of c².",
                2};
    c.group = "Inputs";
    ParamSpec share{"correlated_share", "Correlated share of inputs", "%", 0, 100, 50, Scale::Linear,
                    "Percentage of the inputs (the first ones by index) that carry the correlation c; the rest fire "
                    "independently. 100 %: every input is correlated with every other.",
                    0};
    share.group = "Inputs";
    ParamSpec rate{"input_rate", "Input rate", "Hz", 5, 40, 15, Scale::Linear,
                   "Rate of each of the 1000 excitatory Poisson inputs (the paper uses 10 to 40 Hz).", 1};
    rate.group = "Inputs";
    ParamSpec aPlus{"a_plus", "Potentiation A₊", "", 0.001, 0.05, 0.005, Scale::Log,
                    "Weight change of one pre-before-post pairing at Δt → 0, as a fraction of g_max. Larger learns "
                    "faster but the weights jitter more.",
                    4};
    aPlus.group = "STDP";
    ParamSpec ratio{"a_ratio", "Depression/potentiation A₋/A₊", "", 0.8, 1.5, 1.05, Scale::Linear,
                    "Size of the depression step relative to A₊ (τ₋ = τ₊ = 20 ms). Above 1, depression wins for "
                    "uncorrelated spikes: the synapses compete.",
                    3};
    ratio.group = "STDP";
    ParamSpec gMax{"g_max", "Maximum conductance g_max", "g_leak", 0.005, 0.05, 0.015, Scale::Log,
                   "Upper bound of each excitatory peak conductance, in units of the leak conductance.", 4};
    gMax.group = "STDP";
    return {c.asRestartingRun(), share.asRestartingRun(), rate.asRestartingRun(), aPlus.asRestartingRun(), ratio.asRestartingRun(),
            gMax.asRestartingRun()};
}

std::vector<ChannelInfo> SongMillerAbbottModel::channels() const
{
    return {{"v", "Membrane potential V", "mV"}, {"rate", "Output rate (last 5 s)", "Hz"}};
}

SongMillerAbbottParameters SongMillerAbbottModel::simulationParameters(const ParamSet& p)
{
    SongMillerAbbottParameters s;
    s.correlation = p["correlation"];
    s.correlatedFraction = p["correlated_share"] / 100.0;
    s.excitatoryRateHz = p["input_rate"];
    s.aPlus = p["a_plus"];
    s.aMinusRatio = p["a_ratio"];
    s.gMax = p["g_max"];
    s.rateWindowMs = kRateWindowMs;
    return s;
}

void SongMillerAbbottModel::applyParameters(const ParamSet& /*p*/)
{
    if (m_sim)
        build();
}

void SongMillerAbbottModel::build()
{
    m_sim = std::make_unique<SongMillerAbbott>(simulationParameters(parameters()), m_seed);
    m_firstRateHz = 0;
    m_windowCounts.assign(std::size_t(std::llround(kRateWindowMs / kStepMs)), 0);
    m_windowSpikes = 0;
}

void SongMillerAbbottModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    build();
}

void SongMillerAbbottModel::advance(long steps, TraceSink& sink)
{
    SongMillerAbbott& sim = *m_sim;
    double values[2];
    for (long s = 0; s < steps; ++s) {
        const std::uint64_t before = sim.outputSpikes();
        sim.advance(kStepMs);
        const double t = sim.timeMs();
        const auto fired = std::uint32_t(sim.outputSpikes() - before);
        for (std::uint32_t k = 0; k < fired; ++k)
            sink.spike(t, 0);
        // The window's count: this millisecond's spikes replace those of the millisecond one window ago.
        const std::size_t slot = std::size_t(std::llround(t / kStepMs)) % m_windowCounts.size();
        m_windowSpikes += fired;
        m_windowSpikes -= m_windowCounts[slot];
        m_windowCounts[slot] = fired;
        values[0] = sim.v();
        values[1] = rateHz();
        // The first full window's rate, kept for the "before → now" readout.
        if (m_firstRateHz == 0 && t >= kRateWindowMs - 0.5 * kStepMs && t < kRateWindowMs + 0.5 * kStepMs)
            m_firstRateHz = values[1];
        sink.sample(t, values);
    }
}

double SongMillerAbbottModel::rateHz() const
{
    const double t = m_sim->timeMs();
    return double(m_windowSpikes) * 1000.0 / std::min(kRateWindowMs, std::max(t, kMinRateSpanMs));
}

bool SongMillerAbbottModel::stateIsFinite() const
{
    // The weights are clipped to [0, g_max] and the voltage is a convex combination of finite reversal potentials
    // and its previous value, so only corrupt state could be non-finite; checked all the same.
    if (!std::isfinite(m_sim->v()))
        return false;
    float sum = 0;
    for (const float w : m_sim->weights())
        sum += w;
    return std::isfinite(sum);
}

std::map<std::string, double> SongMillerAbbottModel::metrics() const
{
    const std::vector<float>& w = m_sim->weights();
    const double gMax = m_sim->parameters().gMax;
    int low = 0, high = 0;
    double sum = 0;
    for (const float g : w) {
        const double x = double(g) / gMax;
        low += x < kLowFraction ? 1 : 0;
        high += x > kHighFraction ? 1 : 0;
        sum += x;
    }
    const double n = double(w.size());
    const double c = m_sim->parameters().correlation;
    return {{"rate_hz", rateHz()},
            {"first_rate_hz", m_firstRateHz},
            {"time_s", m_sim->timeMs() / 1000.0},
            {"spike_count", double(m_sim->outputSpikes())},
            {"fraction_low", double(low) / n},
            {"fraction_high", double(high) / n},
            {"mean_weight", sum / n},
            {"input_correlation", c * c}};
}

void SongMillerAbbottModel::publish(Frame& frame) const
{
    MatrixImage histogram;
    const std::vector<int> counts = m_sim->histogram(kBins);
    histogram.rows = 1;
    histogram.columns = kBins;
    histogram.values.assign(counts.begin(), counts.end());
    histogram.valueLabel = "synapses";
    histogram.rowLabel = "";
    histogram.columnLabel = "g/g_max";
    histogram.columnMin = 0;
    histogram.columnMax = 1;
    histogram.rowMin = 0;
    histogram.rowMax = 1;
    fitValueRange(histogram);
    frame.matrices.push_back(std::move(histogram));

    MatrixImage weights;
    const std::vector<float>& w = m_sim->weights();
    const int n = int(w.size());
    weights.columns = kWeightColumns;
    weights.rows = (n + kWeightColumns - 1) / kWeightColumns;
    weights.values.assign(std::size_t(weights.rows) * std::size_t(weights.columns),
                          std::numeric_limits<float>::quiet_NaN());
    const float scale = float(1.0 / m_sim->parameters().gMax);
    for (int i = 0; i < n; ++i)
        weights.values[std::size_t(i)] = w[std::size_t(i)] * scale;
    weights.minValue = 0;
    weights.maxValue = 1;
    weights.valueLabel = "g/g_max";
    // Row r holds inputs 40r … 40r + 39: the row axis reads the first input of a row, the column axis the offset.
    weights.rowLabel = "input (row start)";
    weights.rowMin = 0;
    weights.rowMax = double(weights.rows * kWeightColumns);
    weights.columnLabel = "input (offset in row)";
    weights.columnMin = 0;
    weights.columnMax = kWeightColumns;
    frame.matrices.push_back(std::move(weights));
}

}  // namespace neuroai::plasticity
