#include "engine/rl/DynaMazeExperiment.h"

#include "engine/core/Job.h"
#include "engine/rl/GridMaze.h"
#include "engine/rl/TabularAgents.h"

#include <cmath>
#include <string>

namespace neuroai::rl {

std::vector<ParamSpec> dynaMazeSpecs()
{
    return {
        ParamSpec{"episodes", "Episodes per run", "", 10, 500, 50, Scale::Linear,
                  "How many episodes each agent is trained for (Figure 8.2 shows 50).", 0}
            .asInteger(),
        ParamSpec{"runs", "Independent runs", "", 1, 100, 30, Scale::Linear,
                  "Runs averaged per curve (the book averages 30); run r uses seed + r for every n.", 0}
            .asInteger(),
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear, "Seed of the first run.", 0}.asInteger(),
        {"alpha", "Step size α", "", 0.01, 1, 0.1, Scale::Log, "Q-learning step size (the book's 0.1).", 2},
        {"gamma", "Discount γ", "", 0.5, 1, 0.95, Scale::Linear, "Discount per move (the book's 0.95).", 2},
        {"epsilon", "Exploration ε", "", 0, 1, 0.1, Scale::Linear,
         "Probability of a uniformly random move (the book's 0.1).", 2},
    };
}

std::vector<OutputInfo> dynaMazeOutputs()
{
    using K = OutputInfo::Kind;
    std::vector<OutputInfo> out;
    for (const int n : kDynaMazePlanningSteps)
        out.push_back({K::Series, "steps_n" + std::to_string(n),
                       "Steps per episode with n = " + std::to_string(n) + " planning steps, mean over runs", "", ""});
    for (const int n : kDynaMazePlanningSteps)
        out.push_back({K::Scalar, "early_n" + std::to_string(n),
                       "Mean steps per episode over episodes 2-10, n = " + std::to_string(n), "", ""});
    out.push_back({K::Scalar, "shortest_path", "Shortest start-to-goal path (BFS)", "", ""});
    for (const int n : kDynaMazePlanningSteps)
        out.push_back({K::Scalar, "optimal_n" + std::to_string(n),
                       "Fraction of runs whose final greedy path is a shortest one, n = " + std::to_string(n), "", ""});
    return out;
}

ExperimentResult runDynaMazeExperiment(const ParamSet& p, Progress& progress)
{
    const int episodes = int(std::lround(p["episodes"]));
    const int runs = int(std::lround(p["runs"]));
    const auto seed = std::uint64_t(std::llround(p["seed"]));
    const TabularParameters tp{p["alpha"], p["gamma"], p["epsilon"]};
    validate(tp);
    const GridMaze maze = GridMaze::dynaMaze();
    const int shortest = maze.shortestPathLength();

    progress.setStage("training Dyna-Q agents");
    ExperimentResult result;
    std::vector<double> early, optimal;
    int done = 0;
    for (const int n : kDynaMazePlanningSteps) {
        std::vector<double> mean(static_cast<std::size_t>(episodes), 0.0);
        double optimalRuns = 0;
        for (int r = 0; r < runs; ++r) {
            progress.throwIfCancelled();
            DynaQAgent agent(maze.stateCount(), kActionCount, tp, n, seed + std::uint64_t(r));
            const std::vector<int> steps = trainEpisodes(maze, agent, episodes);
            for (int e = 0; e < episodes; ++e)
                mean[std::size_t(e)] += steps[std::size_t(e)] / double(runs);
            optimalRuns += greedyPathLength(maze, agent) == shortest ? 1 : 0;
            progress.setFraction(double(++done) / double(3 * runs));
        }
        std::vector<double> x(static_cast<std::size_t>(episodes), 0.0);
        for (int e = 0; e < episodes; ++e)
            x[std::size_t(e)] = e + 1;
        double sum = 0;
        for (int e = 1; e < 10; ++e)
            sum += mean[std::size_t(e)];
        early.push_back(sum / 9);
        optimal.push_back(optimalRuns / runs);
        result.series.push_back({"steps_n" + std::to_string(n), "n = " + std::to_string(n) + " planning steps",
                                 "episode", "", "steps per episode", "", std::move(x), std::move(mean)});
    }
    for (std::size_t k = 0; k < 3; ++k) {
        const std::string n = std::to_string(kDynaMazePlanningSteps[k]);
        result.scalars.push_back({"early_n" + n, "mean steps, episodes 2-10, n = " + n, "", early[k]});
    }
    result.scalars.push_back({"shortest_path", "shortest path", "", double(shortest)});
    for (std::size_t k = 0; k < 3; ++k) {
        const std::string n = std::to_string(kDynaMazePlanningSteps[k]);
        result.scalars.push_back({"optimal_n" + n, "runs with a shortest greedy path, n = " + n, "", optimal[k]});
    }
    result.notes = {"Episodes 2-10 take " + formatValue(early[0], 1) + ", " + formatValue(early[1], 1) + " and " +
                    formatValue(early[2], 1) + " steps on average with n = 0, 5 and 50 planning steps (" +
                    std::to_string(runs) + " runs); the shortest path is " + std::to_string(shortest) + " steps."};
    return result;
}

}  // namespace neuroai::rl
