#pragma once

#include <span>
#include <string>
#include <vector>

namespace neuroai {

// A recorded variable: what a model writes every step (e.g. the membrane potential).
struct ChannelInfo {
    std::string key;    // e.g. "v"
    std::string label;  // e.g. "Membrane potential V"
    std::string unit;   // e.g. "mV"
};

// Receives what a model produces while it advances. Times are simulated time in ms.
// sample() is called once per integration step with one value per channel (in the order of Model::channels()),
// at the end of the step. spike() is called once per spike with its interpolated time.
class TraceSink {
public:
    virtual ~TraceSink() = default;
    virtual void sample(double tMs, std::span<const double> values) = 0;
    virtual void spike(double tMs, int neuron) = 0;
};

// Discards everything (for benchmarks and sweeps that only need metrics).
class NullSink final : public TraceSink {
public:
    void sample(double, std::span<const double>) override {}
    void spike(double, int) override {}
};

// Keeps every sample and spike; used by the CLI's `run` and by tests.
class RecordingSink final : public TraceSink {
public:
    explicit RecordingSink(std::size_t channelCount = 1) : values(channelCount) {}
    void sample(double tMs, std::span<const double> v) override
    {
        t.push_back(tMs);
        for (std::size_t c = 0; c < values.size() && c < v.size(); ++c)
            values[c].push_back(v[c]);
    }
    void spike(double tMs, int neuron) override
    {
        spikeTimes.push_back(tMs);
        spikeNeurons.push_back(neuron);
    }

    std::vector<double> t;
    std::vector<std::vector<double>> values;
    std::vector<double> spikeTimes;
    std::vector<int> spikeNeurons;
};

}  // namespace neuroai
