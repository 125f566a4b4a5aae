#pragma once

#include "engine/core/Clock.h"
#include "engine/core/ExperimentResult.h"
#include "engine/core/Model.h"

#include <functional>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace neuroai {

class Progress;

// The one table of everything the engine can run (ModelRegistry.cpp): steppable models, which a SimulationRunner
// advances in time, and batch experiments, which compute a complete result from a parameter set in one call. The
// ids are the model names that panels, presets and neuroai-sim use ("lif", "intro-flash", …). Adding an entry is
// one row in ModelRegistry.cpp.
enum class ExperimentKind { Model, Batch };

struct ExperimentEntry {
    std::string_view id;
    std::string_view title;
    ExperimentKind kind = ExperimentKind::Model;
    Clock clock;  // what "time" means for this entry (a model's entry equals its Model::clock())
    // The parameters: the single source of every default.
    std::function<std::vector<ParamSpec>()> specs;
    // Model kind: a fresh model with default parameters. Empty for batch experiments.
    std::function<std::unique_ptr<Model>()> create;
    // Batch kind: the computation. Validates what single ranges cannot (throws ParameterError), reports progress
    // and honours cancellation through `progress`. Empty for models.
    std::function<ExperimentResult(const ParamSet&, Progress&)> run;
    // Batch kind: the series and scalars every result contains. Empty for models (their outputs are channels()).
    std::function<std::vector<OutputInfo>()> outputs;

    bool isModel() const { return kind == ExperimentKind::Model; }
    bool isBatch() const { return kind == ExperimentKind::Batch; }
};
// Existing code says ModelEntry for the steppable models.
using ModelEntry = ExperimentEntry;

std::span<const ExperimentEntry> experimentRegistry();
// nullptr for an unknown id.
const ExperimentEntry* findExperiment(std::string_view id);
std::string knownExperimentIds();  // "lif, izhikevich, …" for error messages

// Only the steppable models, in table order.
std::span<const ExperimentEntry> modelRegistry();
// nullptr for an unknown id or a batch experiment.
std::unique_ptr<Model> createModel(std::string_view id);

std::string_view kindName(ExperimentKind kind);  // "model" | "batch"

}  // namespace neuroai
