#include "engine/analysis/Benchmarks.h"

#include "engine/core/SimulationRunner.h"
#include "engine/models/LifNeuron.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace neuroai {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Times `body(steps)` in repetitions of `steps` steps: doubles `steps` until one repetition takes ≥ 1/5 of the
// budget, then runs five repetitions and reports the median and the minimum.
template <typename Body>
BenchResult timeCase(std::string name, std::string description, long neurons, double secondsPerCase, Body&& body)
{
    long steps = 1000;
    for (;;) {
        const auto start = Clock::now();
        body(steps);
        if (secondsSince(start) >= secondsPerCase / 5 || steps > (1L << 40))
            break;
        steps *= 2;
    }
    std::vector<double> samples;
    double spikes = 0;
    for (int r = 0; r < 5; ++r) {
        const auto start = Clock::now();
        spikes = double(body(steps));
        samples.push_back(secondsSince(start) * 1e9 / (double(steps) * double(neurons)));
    }
    std::sort(samples.begin(), samples.end());
    BenchResult result;
    result.name = std::move(name);
    result.description = std::move(description);
    result.neurons = neurons;
    result.steps = steps;
    result.repetitions = 5;
    result.nsPerNeuronStep = samples[2];
    result.nsPerNeuronStepMin = samples.front();
    result.spikesPerNeuronSecond = spikes / double(neurons) / (double(steps) * 0.1e-3);
    return result;
}

std::vector<BenchResult> benchLif(double secondsPerCase)
{
    std::vector<BenchResult> results;
    {
        LifNeuron neuron;  // handbook defaults: 1.8 nA, dt 0.1 ms, about 18 Hz
        NullSink sink;
        results.push_back(timeCase("lif/1", "one LIF neuron through the Model interface (dt 0.1 ms, I 1.8 nA)", 1,
                                   secondsPerCase, [&](long steps) {
                                       const double before = neuron.metrics().at("spike_count");
                                       neuron.advance(steps, sink);
                                       return neuron.metrics().at("spike_count") - before;
                                   }));
    }
    {
        constexpr int n = 10000;
        LifNeuron population;  // handbook defaults, i_ext 0 plus a per-cell bias
        population.setParameter("i_ext", 0.0);
        population.setCellCount(n);
        // Currents spread over 1.5–2.5 nA: some cells silent, the rest firing at up to ~45 Hz.
        std::vector<double> bias(n);
        for (int i = 0; i < n; ++i)
            bias[std::size_t(i)] = 1.5 + double(i) / double(n - 1);
        population.setCellBias(bias);
        NullSink sink;
        results.push_back(timeCase("lif/10000", "10,000 independent LIF neurons in one model (I 1.5–2.5 nA)", n,
                                   secondsPerCase, [&](long steps) {
                                       const long before = population.totalSpikeCount();
                                       population.advance(steps, sink);
                                       return population.totalSpikeCount() - before;
                                   }));
    }
    return results;
}

std::vector<BenchResult> benchRunner(double secondsPerCase)
{
    // Throughput of the threaded runner as fast as possible, with history, decimation and frame publication.
    SimulationRunner runner(std::make_unique<LifNeuron>(), 1);
    runner.setSpeed(SimulationRunner::kAsFastAsPossible);
    runner.setView(500, 1600);
    std::vector<double> samples;
    long steps = 200'000;
    for (int r = 0; r < 6; ++r) {
        const auto start = Clock::now();
        runner.step(steps);
        runner.waitIdle();
        const double seconds = secondsSince(start);
        if (r == 0) {  // calibrate the size of a repetition on the first one
            steps = std::max(10'000L, long(double(steps) * (secondsPerCase / 5) / std::max(seconds, 1e-6)));
            continue;
        }
        samples.push_back(seconds * 1e9 / double(steps));
    }
    std::sort(samples.begin(), samples.end());
    BenchResult result;
    result.name = "runner/lif";
    result.description = "one LIF neuron in the threaded SimulationRunner, as fast as possible, recording + publishing";
    result.neurons = 1;
    result.steps = steps;
    result.repetitions = int(samples.size());
    result.nsPerNeuronStep = samples[samples.size() / 2];
    result.nsPerNeuronStepMin = samples.front();
    if (auto frame = runner.takeFrame())
        result.spikesPerNeuronSecond = frame->metrics.at("mean_rate_hz");
    return result.repetitions ? std::vector<BenchResult>{result} : std::vector<BenchResult>{};
}

}  // namespace

std::span<const BenchGroup> benchmarkGroups()
{
    static const BenchGroup table[] = {
        {"lif", "LIF neuron: 1 cell and 10,000 independent cells", benchLif},
        {"runner", "threaded runner throughput with recording and publication", benchRunner},
    };
    return table;
}

}  // namespace neuroai
