#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::rl {

// Sutton & Barto's Figure 8.2 as a batch experiment (registry entry "dyna-maze"; `neuroai-sim run dyna-maze
// --format csv` prints it): Dyna-Q with n = 0, 5 and 50 planning steps on the Dyna maze, steps per episode averaged
// over `runs` independent runs (run r uses seed + r for every n, so the curves share their first episode).
//
// Parameters (dynaMazeSpecs()): episodes, runs, seed, alpha α, gamma γ, epsilon ε (the book's 0.1, 0.95, 0.1).
// Series steps_n0, steps_n5, steps_n50: mean moves per episode against the episode number (1-based).
// Scalars: early_n0/n5/n50, the mean over episodes 2–10 (the span where planning matters); shortest_path (BFS, 14);
// optimal_n0/n5/n50, the fraction of runs whose final greedy path is a shortest one.
inline constexpr int kDynaMazePlanningSteps[3] = {0, 5, 50};

std::vector<ParamSpec> dynaMazeSpecs();
std::vector<OutputInfo> dynaMazeOutputs();
// Reports the fraction of runs done and stops with JobCancelled when cancelled.
ExperimentResult runDynaMazeExperiment(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::rl
