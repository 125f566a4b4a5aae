#pragma once

#include "engine/core/ImageData.h"

#include <span>
#include <string>
#include <vector>

namespace neuroai {

// A population for raster colouring: the neurons from `firstNeuron` up to the next population's first neuron.
struct RasterPopulation {
    std::string name;
    int firstNeuron = 0;
    std::uint32_t rgb = 0;  // 0xRRGGBB; 0 = the widget's palette
};

// Bins spike events (times in ms, neuron ids, same length) into a raster of `width` time bins over [t0Ms, t1Ms) and
// min(height, neuron count) rows of neurons [firstNeuron, lastNeuron). Spikes outside the window or the range are
// counted in `dropped`; every other spike lands in exactly one pixel (spikeCount + dropped = number of events). Cost:
// O(events + width · height). Populations, if given, must be sorted by firstNeuron; a row takes the population of its
// first neuron. Runs on the engine thread.
RasterImage binSpikes(std::span<const double> timesMs, std::span<const int> neurons, double t0Ms, double t1Ms,
                      int firstNeuron, int lastNeuron, int width, int height,
                      const std::vector<RasterPopulation>& populations = {});

// Gives every row of `image` the population of its first neuron and copies the populations' names and colours
// (populations sorted by firstNeuron; none: one population). O(rows).
void assignRasterPopulations(RasterImage& image, const std::vector<RasterPopulation>& populations);

}  // namespace neuroai
