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
};

// The engine's benchmark table: `neuroai-sim bench NAME` runs every case of a group.
struct BenchGroup {
    std::string_view name;
    std::string_view description;
    std::function<std::vector<BenchResult>(double secondsPerCase)> run;
};

std::span<const BenchGroup> benchmarkGroups();

}  // namespace neuroai
