#include "engine/analysis/EnergyMeter.h"

#include "engine/core/Job.h"
#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>

namespace neuroai {

long LayeredNetwork::synapseCount() const
{
    long total = 0;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
        total += long(sizes[l]) * sizes[l + 1];
    return total;
}

LayeredNetwork makeLayeredNetwork(const std::vector<int>& sizes, std::uint64_t seed)
{
    LayeredNetwork net;
    net.sizes = sizes;
    Random random(seed);
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const int nIn = sizes[l], nOut = sizes[l + 1];
        std::vector<double> gain(static_cast<std::size_t>(nOut));
        for (double& g : gain)
            g = 0.5 + random.uniform();
        std::vector<float> w(static_cast<std::size_t>(nIn) * static_cast<std::size_t>(nOut));
        for (int i = 0; i < nIn; ++i)
            for (int j = 0; j < nOut; ++j)
                w[std::size_t(i) * std::size_t(nOut) + std::size_t(j)] =
                    float(gain[std::size_t(j)] * (1.0 + random.normal()) / nIn);
        net.weights.push_back(std::move(w));
    }
    return net;
}

DenseResult runDense(const LayeredNetwork& net, const std::vector<float>& input)
{
    DenseResult result;
    std::vector<float> activity = input;
    for (std::size_t l = 0; l + 1 < net.sizes.size(); ++l) {
        const std::size_t nIn = std::size_t(net.sizes[l]), nOut = std::size_t(net.sizes[l + 1]);
        const std::vector<float>& w = net.weights[l];
        std::vector<float> next(nOut, 0.0f);
        for (std::size_t i = 0; i < nIn; ++i) {
            const float x = activity[i];
            const float* row = w.data() + i * nOut;
            for (std::size_t j = 0; j < nOut; ++j) {
                next[j] += row[j] * x;
                ++result.ops.multiplyAdds;
            }
        }
        for (float& y : next)
            y = std::max(y, 0.0f);
        activity = std::move(next);
    }
    result.output = std::move(activity);
    return result;
}

SpikingResult runSpiking(const LayeredNetwork& net, double inputRate, int timeSteps, std::uint64_t seed)
{
    SpikingResult result;
    const std::size_t layers = net.sizes.size();
    result.spikesPerLayer.assign(layers, 0);
    result.spikeCounts.resize(layers);
    std::vector<std::vector<float>> membrane(layers);
    for (std::size_t l = 0; l < layers; ++l) {
        result.spikeCounts[l].assign(std::size_t(net.sizes[l]), 0);
        membrane[l].assign(std::size_t(net.sizes[l]), 0.0f);
    }
    Random random(seed);
    std::vector<std::size_t> spiking, nextSpiking;
    for (int step = 0; step < timeSteps; ++step) {
        spiking.clear();
        for (std::size_t i = 0; i < std::size_t(net.sizes[0]); ++i)
            if (random.uniform() < inputRate)
                spiking.push_back(i);
        for (std::size_t l = 0; l < layers; ++l) {
            result.spikesPerLayer[l] += spiking.size();
            for (const std::size_t i : spiking)
                ++result.spikeCounts[l][i];
            if (l + 1 == layers)
                break;
            // Event-driven propagation: only the units that spiked cost anything, one add per outgoing synapse.
            const std::size_t nOut = std::size_t(net.sizes[l + 1]);
            std::vector<float>& v = membrane[l + 1];
            for (const std::size_t i : spiking) {
                const float* row = net.weights[l].data() + i * nOut;
                for (std::size_t j = 0; j < nOut; ++j) {
                    v[j] += row[j];
                    ++result.ops.adds;
                }
            }
            nextSpiking.clear();
            for (std::size_t j = 0; j < nOut; ++j) {
                if (v[j] >= 1.0f) {
                    v[j] -= 1.0f;
                    nextSpiking.push_back(j);
                }
            }
            spiking.swap(nextSpiking);
        }
    }
    const long synapses = net.synapseCount();
    result.activity = timeSteps > 0 && synapses > 0 ? double(result.ops.adds) / (double(timeSteps) * double(synapses))
                                                    : 0.0;
    return result;
}

double breakEvenActivity(const EnergyCosts& costs, int timeSteps)
{
    return costs.multiplyAddPj / (double(timeSteps) * costs.addPj);
}

double energyDefault(std::string_view key)
{
    static const ParamSet defaults(energySpecs());
    return defaults[key];
}

const std::vector<int>& defaultEnergyNetworkSizes()
{
    static const std::vector<int> sizes = energyNetworkSizes(ParamSet(energySpecs()));
    return sizes;
}

std::vector<int> energyNetworkSizes(const ParamSet& p)
{
    return {int(std::lround(p["n_input"])), int(std::lround(p["n_hidden"])), int(std::lround(p["n_output"]))};
}

std::vector<ParamSpec> energySpecs()
{
    return {
        {"input_rate", "Input spike probability p", "per step", 0, 1, 0.1, Scale::Linear,
         "Chance that an input unit spikes in one time step: the sparsity of the input (the dense network gets "
         "x = p).",
         3},
        ParamSpec{"time_steps", "Time steps T", "", 1, 100, 20, Scale::Linear,
                  "How many steps the spiking network runs for one inference (longer = finer rate code, more "
                  "spikes).",
                  0}
            .asInteger(),
        {"mac_energy", "Energy of an fp32 multiply–add", "pJ", 0.1, 20, 4.6, Scale::Log,
         "Horowitz 2014, 45 nm: 3.7 pJ multiply + 0.9 pJ add.", 2},
        {"add_energy", "Energy of an fp32 add", "pJ", 0.01, 10, 0.9, Scale::Log, "Horowitz 2014, 45 nm: 0.9 pJ.", 2},
        ParamSpec{"seed", "Random seed", "", 1, 1000, 1, Scale::Linear, "Seeds the weights and the input spikes.", 0}
            .asInteger()
            .asRestartingRun(),
        ParamSpec{"n_input", "Input units n₀", "", 1, 500, 100, Scale::Linear, "Size of the input layer.", 0,
                  {}, {}, {}, "Network"}
            .asInteger()
            .asRestartingRun(),
        ParamSpec{"n_hidden", "Hidden units n₁", "", 1, 200, 50, Scale::Linear, "Size of the hidden layer.", 0,
                  {}, {}, {}, "Network"}
            .asInteger()
            .asRestartingRun(),
        ParamSpec{"n_output", "Output units n₂", "", 1, 100, 10, Scale::Linear, "Size of the output layer.", 0,
                  {}, {}, {}, "Network"}
            .asInteger()
            .asRestartingRun(),
    };
}

std::vector<double> energyRateSweep()
{
    std::vector<double> rates;
    for (int k = 0; k <= 20; ++k)
        rates.push_back(k / 20.0);
    return rates;
}

std::vector<int> energyStepSweep() { return {1, 2, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100}; }

std::vector<OutputInfo> energyOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "energy_vs_activity", "Spiking energy (counted adds) vs activity, input rate swept 0 to 1", "nJ",
         "spikes/unit/step"},
        {K::Series, "energy_vs_steps", "Spiking energy (counted adds) vs time steps T at this input rate", "nJ",
         "steps"},
        {K::Scalar, "synapses", "Synapses S = Σ n_in·n_out", "", ""},
        {K::Scalar, "dense_multiply_adds", "fp32 multiply–adds of the dense pass (counted)", "", ""},
        {K::Scalar, "spiking_adds", "fp32 adds of the spiking network (counted)", "", ""},
        {K::Scalar, "dense_energy_nj", "Energy of the dense pass", "nJ", ""},
        {K::Scalar, "spiking_energy_nj", "Energy of the spiking network", "nJ", ""},
        {K::Scalar, "activity", "Activity a = adds/(T·S)", "spikes/unit/step", ""},
        {K::Scalar, "break_even_activity", "Break-even activity a* = e_mac/(T·e_add)", "spikes/unit/step", ""},
        {K::Scalar, "spikes_input", "Spikes of the input layer", "", ""},
        {K::Scalar, "spikes_hidden", "Spikes of the hidden layer", "", ""},
        {K::Scalar, "spikes_output", "Spikes of the output layer", "", ""},
    };
}

EnergyRuns runEnergyRuns(const ParamSet& p, std::uint64_t seed, Progress& progress)
{
    constexpr double kPjPerNj = 1000.0;
    EnergyRuns r;
    const double rate = p["input_rate"];
    r.steps = int(std::lround(p["time_steps"]));
    r.costs = EnergyCosts{p["mac_energy"], p["add_energy"]};
    const std::vector<double> rates = energyRateSweep();
    const std::vector<int> stepValues = energyStepSweep();
    const double runs = double(2 + rates.size() + stepValues.size());
    double done = 0;
    const auto advance = [&] {
        progress.setFraction(++done / runs);
        progress.throwIfCancelled();
    };

    progress.setStage("running both networks");
    const LayeredNetwork net = makeLayeredNetwork(energyNetworkSizes(p), seed);
    r.sizes = net.sizes;
    r.synapses = net.synapseCount();
    r.dense = runDense(net, std::vector<float>(std::size_t(net.sizes.front()), float(rate)));
    advance();
    r.spiking = runSpiking(net, rate, r.steps, seed);
    advance();
    r.breakEven = breakEvenActivity(r.costs, r.steps);
    r.denseNj = double(r.dense.ops.multiplyAdds) * r.costs.multiplyAddPj / kPjPerNj;
    r.spikingNj = double(r.spiking.ops.adds) * r.costs.addPj / kPjPerNj;

    progress.setStage("sweeping input rate and time steps");
    for (const double rateValue : rates) {
        const SpikingResult run = runSpiking(net, rateValue, r.steps, seed);
        r.activitySweep.push_back(run.activity);
        r.activityEnergyNj.push_back(double(run.ops.adds) * r.costs.addPj / kPjPerNj);
        advance();
    }
    for (const int t : stepValues) {
        const SpikingResult run = runSpiking(net, rate, t, seed);
        r.stepSweep.push_back(double(t));
        r.stepEnergyNj.push_back(double(run.ops.adds) * r.costs.addPj / kPjPerNj);
        advance();
    }
    return r;
}

ExperimentResult runEnergyExperiment(const ParamSet& p, Progress& progress)
{
    const EnergyRuns runs = runEnergyRuns(p, std::uint64_t(std::llround(p["seed"])), progress);
    const DenseResult& dense = runs.dense;
    const SpikingResult& spiking = runs.spiking;
    const double denseNj = runs.denseNj, spikingNj = runs.spikingNj, breakEven = runs.breakEven;
    ResultSeries byActivity{"energy_vs_activity", "spiking, counted", "activity a", "spikes/unit/step",
                            "energy E", "nJ", runs.activitySweep, runs.activityEnergyNj};
    ResultSeries bySteps{"energy_vs_steps", "spiking, counted", "time steps T", "steps", "energy E", "nJ",
                         runs.stepSweep, runs.stepEnergyNj};

    ExperimentResult result;
    result.series = {std::move(byActivity), std::move(bySteps)};
    result.scalars = {
        {"synapses", "synapses S", "", double(runs.synapses)},
        {"dense_multiply_adds", "dense fp32 multiply–adds", "", double(dense.ops.multiplyAdds)},
        {"spiking_adds", "spiking fp32 adds", "", double(spiking.ops.adds)},
        {"dense_energy_nj", "dense energy", "nJ", denseNj},
        {"spiking_energy_nj", "spiking energy", "nJ", spikingNj},
        {"activity", "activity a", "spikes/unit/step", spiking.activity},
        {"break_even_activity", "break-even activity a*", "spikes/unit/step", breakEven},
        {"spikes_input", "input spikes", "", double(spiking.spikesPerLayer[0])},
        {"spikes_hidden", "hidden spikes", "", double(spiking.spikesPerLayer[1])},
        {"spikes_output", "output spikes", "", double(spiking.spikesPerLayer[2])},
    };
    const bool cheaper = spikingNj < denseNj;
    const double ratio = cheaper ? denseNj / std::max(spikingNj, 1e-12) : spikingNj / std::max(denseNj, 1e-12);
    result.notes = {"Spiking network: " + formatValue(ratio, 1) + "× " + (cheaper ? "less" : "more") +
                    " energy than the dense pass (activity " + formatValue(spiking.activity, 3) + ", break-even " +
                    formatValue(breakEven, 3) + ")."};
    return result;
}

}  // namespace neuroai
