#include "engine/network/BalancedNetworkModel.h"

#include "engine/network/Cuba.h"

#include <cmath>

namespace neuroai::network {

namespace {
enum StimulusMode { Off = 0, Bias = 1, Pulses = 2 };
enum Target { Excitatory = 0, Inhibitory = 1 };
}  // namespace

BalancedNetworkModel::BalancedNetworkModel()
{
    initParameters();
    reset(1);
}

BalancedNetworkModel::~BalancedNetworkModel() = default;

std::vector<ParamSpec> BalancedNetworkModel::specs() const
{
    ParamSpec target = choiceSpec("stim_target", "Stimulated population", {"excitatory", "inhibitory"}, 0,
                                  "The population that receives the stimulus.");
    target.group = "Stimulation";
    ParamSpec mode = choiceSpec("stim_mode", "Stimulation", {"off", "bias", "pulses"}, 0,
                                "Off; a constant bias (DC) input; or rectangular pulses at a fixed rate.");
    mode.group = "Stimulation";
    ParamSpec amplitude{"stim_amplitude", "Stimulus amplitude", "mV", -10, 10, 2, Scale::Linear,
                        "Input to every cell of the target population, as the voltage it would move a cell at rest "
                        "(negative: hyperpolarising).",
                        2};
    amplitude.group = "Stimulation";
    amplitude.shownWhenKey = "stim_mode";
    amplitude.shownWhenValues = {Bias, Pulses};
    ParamSpec rate{"pulse_rate", "Pulse rate", "Hz", 1, 100, 10, Scale::Log, "Pulses per second.", 1};
    rate.group = "Stimulation";
    rate.shownWhenKey = "stim_mode";
    rate.shownWhenValues = {Pulses};
    ParamSpec width{"pulse_width", "Pulse width", "ms", 0.5, 50, 5, Scale::Log,
                    "Duration of each pulse; shorter than the interval between pulses.", 1};
    width.group = "Stimulation";
    width.shownWhenKey = "stim_mode";
    width.shownWhenValues = {Pulses};
    ParamSpec n{"n", "Neurons N", "", 500, 8000, 4000, Scale::Log,
                "Cells in the network, 80 % excitatory and 20 % inhibitory.", 0};
    n.group = "Network";
    ParamSpec k{"k", "Synapses per neuron K", "", 10, 200, 80, Scale::Log,
                "Mean number of synapses each cell receives (connection probability K/N).", 0};
    k.group = "Network";
    ParamSpec we{"we", "Excitatory weight w_E", "mV", 0, 5, 1.62, Scale::Linear,
                 "Jump of ge, and so the voltage drive, that one excitatory spike causes in its targets.", 2};
    we.group = "Synapses";
    ParamSpec wi{"wi", "Inhibitory weight |w_I|", "mV", 0, 30, 9, Scale::Linear,
                 "Size of the (negative) jump of gi that one inhibitory spike causes.", 2};
    wi.group = "Synapses";
    return {we, wi, target, mode, amplitude, rate, width, n.asInteger().asRestartingRun(),
            k.asInteger().asRestartingRun()};
}

std::vector<ChannelInfo> BalancedNetworkModel::channels() const
{
    return {{"rate_e", "Excitatory rate", "Hz"}, {"rate_i", "Inhibitory rate", "Hz"}, {"stimulus", "Stimulus", "mV"}};
}

std::string BalancedNetworkModel::checkConstraints(const ParamSet& p) const
{
    if (int(p["stim_mode"]) == Pulses && p["pulse_width"] >= 1000.0 / p["pulse_rate"])
        return "pulse_width (" + formatValue(p["pulse_width"]) + " ms) must be shorter than the interval between "
               "pulses (" + formatValue(1000.0 / p["pulse_rate"]) + " ms at " + formatValue(p["pulse_rate"]) + " Hz)";
    return {};
}

void BalancedNetworkModel::applyParameters(const ParamSet& p)
{
    const int n = int(std::lround(p["n"]));
    const int k = int(std::lround(p["k"]));
    if (m_network && (n != m_builtNeurons || k != m_builtSynapses))
        build();
    else if (m_network)
        applyWeights();
}

void BalancedNetworkModel::build()
{
    const ParamSet& p = parameters();
    m_builtNeurons = int(std::lround(p["n"]));
    m_builtSynapses = int(std::lround(p["k"]));
    m_network = std::make_unique<Network>(makeCuba(m_builtNeurons, m_builtSynapses, m_seed));
    applyWeights();
    m_smoothE = m_smoothI = m_recentE = m_recentI = 0;
}

void BalancedNetworkModel::applyWeights()
{
    const float we = float(parameters()["we"]);
    const float wi = float(-parameters()["wi"]);
    // makeCuba's projections, in order: E→E, E→I (excitatory), I→E, I→I (inhibitory); every synapse of a
    // projection has the same weight.
    for (int c = 0; c < 4; ++c) {
        std::vector<float>& w = m_network->projection(c).weights();
        std::fill(w.begin(), w.end(), c < 2 ? we : wi);
    }
}

void BalancedNetworkModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    build();
}

double BalancedNetworkModel::stimulusAt(double tMs) const
{
    const ParamSet& p = parameters();
    switch (int(p["stim_mode"])) {
    case Bias:
        return p["stim_amplitude"];
    case Pulses: {
        const double period = 1000.0 / p["pulse_rate"];
        return std::fmod(tMs, period) < p["pulse_width"] ? p["stim_amplitude"] : 0.0;
    }
    default:
        return 0.0;
    }
}

void BalancedNetworkModel::advance(long steps, TraceSink& sink)
{
    Network& net = *m_network;
    const int target = int(parameters()["stim_target"]) == Inhibitory ? 1 : 0;
    const double nE = double(net.size(0)), nI = double(net.size(1));
    const double fast = 1.0 - std::exp(-kDtMs / kRateSmoothingMs);
    const double slow = 1.0 - std::exp(-kDtMs / kRecentRateMs);
    const int offsetI = net.size(0);
    double values[3];
    for (long s = 0; s < steps; ++s) {
        const double t0 = net.timeMs();
        const double stimulus = stimulusAt(t0);
        net.setBias(target, stimulus);
        net.setBias(1 - target, 0.0);
        net.step();
        for (const int j : net.lastSpikes(0))
            sink.spike(t0, j);
        for (const int j : net.lastSpikes(1))
            sink.spike(t0, offsetI + j);
        // Each step's population rate in Hz (spikes per cell per second), then the two exponential averages.
        const double rawE = double(net.lastSpikes(0).size()) / (nE * kDtMs) * 1000.0;
        const double rawI = double(net.lastSpikes(1).size()) / (nI * kDtMs) * 1000.0;
        m_smoothE += fast * (rawE - m_smoothE);
        m_smoothI += fast * (rawI - m_smoothI);
        m_recentE += slow * (rawE - m_recentE);
        m_recentI += slow * (rawI - m_recentI);
        values[0] = m_smoothE;
        values[1] = m_smoothI;
        values[2] = stimulus;
        sink.sample(net.timeMs(), values);
    }
}

bool BalancedNetworkModel::stateIsFinite() const
{
    for (int p = 0; p < m_network->populationCount(); ++p) {
        float sum = 0;
        for (const float v : m_network->v(p))
            sum += v;
        for (const float g : m_network->ge(p))
            sum += g;
        for (const float g : m_network->gi(p))
            sum += g;
        if (!std::isfinite(sum))
            return false;
    }
    return true;
}

std::map<std::string, double> BalancedNetworkModel::metrics() const
{
    const double t = m_network->timeMs();
    const double spikes = double(m_network->spikeCount());
    return {{"spike_count", spikes},
            {"mean_rate_hz", t > 0 ? spikes / double(m_network->totalNeurons()) / t * 1000.0 : 0.0},
            {"rate_e_hz", m_recentE},
            {"rate_i_hz", m_recentI},
            {"synaptic_events", double(m_network->synapticEvents())}};
}

}  // namespace neuroai::network
