#include "engine/analysis/FiCurveExperiment.h"

#include "engine/analysis/FiSweep.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"

#include <algorithm>
#include <cmath>

namespace neuroai {

namespace {

constexpr int kModelRange = 0, kCustomRange = 1;

// Ids of the registered models an f-I sweep can drive, in registry order.
const std::vector<std::string>& sweepableModels()
{
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> out;
        for (const ExperimentEntry& e : modelRegistry())
            if (!e.create()->inputKey().empty())
                out.emplace_back(e.id);
        return out;
    }();
    return ids;
}

std::unique_ptr<Model> chosenModel(const ParamSet& p)
{
    const std::string& id = sweepableModels().at(std::size_t(std::lround(p["model"])));
    return createModel(id);
}

}  // namespace

std::vector<ParamSpec> fiCurveSpecs()
{
    ParamSpec model = choiceSpec("model", "Neuron model", sweepableModels(), 0,
                                 "The registered neuron model whose f-I curve is measured (its other parameters at "
                                 "their defaults).");
    model.restartsRun = true;
    ParamSpec range = choiceSpec("range", "Input range", {"model range", "custom"}, kModelRange,
                                 "'model range' sweeps from max(0, the input's minimum) to its maximum; 'custom' "
                                 "uses i_min and i_max.");
    ParamSpec iMin{"i_min", "Lowest input", "", -10000, 10000, 0, Scale::Linear,
                   "First input value, in the unit of the model's input parameter (nA for lif, pA for adex, "
                   "mV/ms for izhikevich, µA/cm² for hh).",
                   3, {}, "range", {double(kCustomRange)}};
    ParamSpec iMax{"i_max", "Highest input", "", -10000, 10000, 10, Scale::Linear,
                   "Last input value, in the unit of the model's input parameter.", 3, {}, "range",
                   {double(kCustomRange)}};
    return {
        model,
        range,
        iMin,
        iMax,
        ParamSpec{"points", "Points", "", 2, 500, 21, Scale::Linear, "Number of evenly spaced input values.", 0}
            .asInteger(),
        ParamSpec{"duration", "Time per point", "ms", 10, 20000, 1000, Scale::Log,
                  "Simulated time from reset at each input value; the rate is the model's rate_hz metric.", 0},
        ParamSpec{"seed", "Random seed", "", 0, 1e9, 1, Scale::Linear,
                  "Seed of the model's random source at every point (noisy stimuli).", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> fiCurveOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "rate_vs_input", "Firing rate vs input (x in the model's input unit)", "Hz", ""},
        {K::Series, "analytic_rate", "Closed-form rate vs input, for models that have one (else empty)", "Hz", ""},
        {K::Scalar, "max_rate_hz", "Highest measured rate", "Hz", ""},
        {K::Scalar, "first_firing_input", "Lowest swept input with a non-zero rate (NaN if none)", "", ""},
    };
}

std::vector<double> fiCurveInputs(const ParamSet& p)
{
    const std::unique_ptr<Model> model = chosenModel(p);
    const ParamSpec* input = model->parameters().spec(model->inputKey());
    double first = std::max(0.0, input->min), last = input->max;
    if (std::lround(p["range"]) == kCustomRange) {
        first = p["i_min"];
        last = p["i_max"];
        if (!(first < last))
            throw ParameterError("parameter 'i_min': " + formatValue(first) + " must be below i_max " +
                                 formatValue(last));
        for (const auto& [key, value] : {std::pair{"i_min", first}, std::pair{"i_max", last}})
            if (value < input->min || value > input->max)
                throw ParameterError("parameter '" + std::string(key) + "': " + formatValue(value) + " " +
                                     input->unit + " is outside the input range of " + model->id() + " [" +
                                     formatValue(input->min) + ", " + formatValue(input->max) + "] " + input->unit);
    }
    return linearSweep(first, last, int(std::lround(p["points"])));
}

ExperimentResult runFiCurveExperiment(const ParamSet& p, Progress& progress)
{
    const std::vector<double> inputs = fiCurveInputs(p);
    const double durationMs = p["duration"];
    const auto seed = std::uint64_t(std::llround(p["seed"]));
    std::unique_ptr<Model> model = chosenModel(p);
    const std::string key = model->inputKey();
    const ParamSpec input = *model->parameters().spec(key);
    const ParamSet base = model->parameters();
    const long steps = long(std::llround(durationMs / model->dt()));
    constexpr long kChunk = 2000;  // steps between cancellation checks: under 1 ms of one HH cell (release build)

    ResultSeries measured{"rate_vs_input", model->id() + ", simulated", input.label, input.unit, "firing rate",
                          "Hz", {}, {}};
    ResultSeries analytic{"analytic_rate", model->id() + ", closed form", input.label, input.unit, "firing rate",
                          "Hz", {}, {}};
    progress.setStage("sweeping " + key + " of " + model->id());
    NullSink sink;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        ParamSet point = base;
        point.set(key, inputs[i]);
        model->setParameters(point);
        model->reset(seed);
        for (long done = 0; done < steps;) {
            progress.throwIfCancelled();
            const long chunk = std::min(kChunk, steps - done);
            model->advance(chunk, sink);
            done += chunk;
            progress.setFraction((double(i) + double(done) / double(steps)) / double(inputs.size()));
        }
        measured.x.push_back(inputs[i]);
        measured.y.push_back(model->metrics().at("rate_hz"));
        if (const auto rate = model->analyticRateHz(inputs[i])) {
            analytic.x.push_back(inputs[i]);
            analytic.y.push_back(*rate);
        }
        progress.setFraction(double(i + 1) / double(inputs.size()));
    }

    ExperimentResult result;
    double maxRate = 0, firstFiring = std::nan("");
    for (std::size_t i = 0; i < measured.x.size(); ++i) {
        maxRate = std::max(maxRate, measured.y[i]);
        if (std::isnan(firstFiring) && measured.y[i] > 0)
            firstFiring = measured.x[i];
    }
    result.scalars = {{"max_rate_hz", "highest measured rate", "Hz", maxRate},
                      {"first_firing_input", "lowest input with a non-zero rate", input.unit, firstFiring}};
    result.notes = {"f-I curve of " + model->id() + ": " + std::to_string(inputs.size()) + " values of " + key +
                        " from " + formatValue(inputs.front()) + " to " + formatValue(inputs.back()) + " " +
                        input.unit + ", " + formatValue(durationMs) + " ms from reset (seed " +
                        std::to_string(seed) + ") at each.",
                    analytic.x.empty() ? model->id() + " has no closed-form rate; analytic_rate is empty."
                                       : "analytic_rate: the closed-form steady rate of " + model->id() + "."};
    result.series = {std::move(measured), std::move(analytic)};
    return result;
}

}  // namespace neuroai
