#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace neuroai {

struct BenchResult {
    std::string name;         // e.g. "lif/1"
    std::string description;
    long neurons = 0;
    long steps = 0;           // integration steps per repetition
    int repetitions = 0;
    double nsPerNeuronStep = 0;  // median over repetitions
    double nsPerNeuronStepMin = 0;
    double spikesPerNeuronSecond = 0;  // sanity figure: the simulated firing rate (Hz)

    // Throughput benchmarks that are not about neurons (e.g. the replay SumTree) fill these instead of the neuron
    // figures above, and leave `neurons` at 0: `operations` per repetition, median and best operations per second of
    // wall-clock time, and the median per second of process CPU time (on a loaded machine the wall-clock figure
    // mostly measures the share of a core the benchmark got; the CPU-time one is closer to what the code costs).
    // The CLI prints them in their own "ops/s" table; --json carries them as ops_per_second(_best, _cpu).
    std::string operation;  // what one operation is, e.g. "draw + priority update"
    long operations = 0;
    double opsPerSecond = 0;
    double opsPerSecondBest = 0;
    double opsPerCpuSecond = 0;
    bool isThroughput() const { return opsPerSecond > 0; }
};

// The engine's benchmark table: `neuroai-sim bench NAME` runs every case of a group.
struct BenchGroup {
    std::string_view name;
    std::string_view description;
    std::function<std::vector<BenchResult>(double secondsPerCase)> run;
};

std::span<const BenchGroup> benchmarkGroups();

}  // namespace neuroai
