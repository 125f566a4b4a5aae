#include "engine/analysis/EnergyMeter.h"

#include "engine/core/Random.h"

#include <algorithm>

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

const std::vector<int>& defaultEnergyNetworkSizes()
{
    static const std::vector<int> sizes = {100, 50, 10};
    return sizes;
}

std::vector<ParamSpec> energySpecs()
{
    return {
        {"input_rate", "Input spike probability p", "per step", 0, 1, 0.1, Scale::Linear,
         "Chance that an input unit spikes in one time step: the sparsity of the input (the dense network gets "
         "x = p).",
         3},
        {"time_steps", "Time steps T", "", 1, 100, 20, Scale::Linear,
         "How many steps the spiking network runs for one inference (longer = finer rate code, more spikes).", 0},
        {"mac_energy", "Energy of an fp32 multiply–add", "pJ", 0.1, 20, 4.6, Scale::Log,
         "Horowitz 2014, 45 nm: 3.7 pJ multiply + 0.9 pJ add.", 2},
        {"add_energy", "Energy of an fp32 add", "pJ", 0.01, 10, 0.9, Scale::Log, "Horowitz 2014, 45 nm: 0.9 pJ.", 2},
        {"seed", "Random seed", "", 1, 1000, 1, Scale::Linear, "Seeds the weights and the input spikes.", 0},
    };
}

}  // namespace neuroai
