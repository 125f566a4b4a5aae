#include "engine/core/RasterBinning.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai {

RasterImage binSpikes(std::span<const double> timesMs, std::span<const int> neurons, double t0Ms, double t1Ms,
                      int firstNeuron, int lastNeuron, int width, int height,
                      const std::vector<RasterPopulation>& populations)
{
    RasterImage image;
    image.t0Ms = t0Ms;
    image.t1Ms = t1Ms;
    image.firstNeuron = firstNeuron;
    image.lastNeuron = std::max(lastNeuron, firstNeuron);
    const std::size_t events = std::min(timesMs.size(), neurons.size());
    const long long neuronCount = image.neuronCount();
    const bool validWindow = std::isfinite(t0Ms) && std::isfinite(t1Ms) && t1Ms > t0Ms;
    if (!validWindow || width <= 0 || height <= 0 || neuronCount <= 0) {
        image.dropped = events;
        return image;
    }
    image.width = width;
    image.height = int(std::min<long long>(height, neuronCount));
    image.counts.assign(std::size_t(image.width) * std::size_t(image.height), 0);

    const double columnsPerMs = width / (t1Ms - t0Ms);
    constexpr std::uint16_t saturated = std::numeric_limits<std::uint16_t>::max();
    for (std::size_t i = 0; i < events; ++i) {
        const double t = timesMs[i];
        const int row = image.rowOfNeuron(neurons[i]);
        if (!(t >= t0Ms && t < t1Ms) || row < 0) {
            ++image.dropped;
            continue;
        }
        // Rounding can put a spike just below t1 at column == width.
        const int column = std::min(int((t - t0Ms) * columnsPerMs), width - 1);
        std::uint16_t& count = image.counts[std::size_t(row) * std::size_t(width) + column];
        if (count < saturated)
            ++count;
        ++image.spikeCount;
    }

    assignRasterPopulations(image, populations);
    return image;
}

void assignRasterPopulations(RasterImage& image, const std::vector<RasterPopulation>& populations)
{
    image.rowPopulation.clear();
    image.populationNames.clear();
    image.populationRgb.clear();
    if (!populations.empty()) {
        image.rowPopulation.assign(image.height, 0);
        for (int row = 0; row < image.height; ++row) {
            const int neuron = image.rowFirstNeuron(row);
            std::uint8_t index = 0;
            for (std::size_t p = 0; p < populations.size() && p < 256; ++p)
                if (populations[p].firstNeuron <= neuron)
                    index = std::uint8_t(p);
            image.rowPopulation[row] = index;
        }
        for (const RasterPopulation& p : populations) {
            image.populationNames.push_back(p.name);
            image.populationRgb.push_back(p.rgb);
        }
    }
}

}  // namespace neuroai
