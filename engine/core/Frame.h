#pragma once

#include "engine/core/Decimation.h"
#include "engine/core/ImageData.h"
#include "engine/core/ParamSpec.h"
#include "engine/core/Recording.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace neuroai {

// A decimated view of one recorded channel over the frame's time window.
struct TraceView {
    ChannelInfo channel;
    std::vector<PlotPoint> points;  // x = time (ms), y = value in channel.unit
};

// Spikes handed over as a delta stream (SimulationRunner::takeSpikes): every spike since the previous drain, in the
// order the model emitted them, each exactly once, unlike a frame's spikes (a snapshot of the window, thinned).
struct SpikeBatch {
    std::vector<double> times;    // ms
    std::vector<int> neurons;
    std::uint64_t dropped = 0;    // spikes lost because the GUI did not drain for a long time (the queue is bounded)
};

// What the engine hands to the GUI: a self-contained snapshot, never a delta, so the GUI may skip frames freely.
// Everything in it is already reduced to the plot's pixels on the engine thread — traces to min/max columns, spikes to
// at most a few per column, rasters and matrices to images — so its size follows the screen, not the simulated
// history or the network size. Plain data, no Qt; widgets may include this header.
struct Frame {
    std::uint64_t sequence = 0;
    double timeMs = 0;             // simulated time at publication
    double windowStartMs = 0;      // the traces cover [windowStartMs, timeMs], decimated for the axis
                                   // liveTimeView(timeMs, timeMs − windowStartMs) (shorter early in a run)
    bool running = false;
    double achievedSpeed = 0;      // simulated ms per wall-clock ms since the previous frame (0 when paused)
    std::vector<TraceView> traces; // one per probed channel, min/max-decimated to the requested column count
    // Spikes inside the window (ms), for markers. When the window holds more than a few per pixel column they are
    // thinned to the first spike of each column (spikesThinned): use the raster or the spike stream for counts.
    std::vector<double> spikeTimes;
    std::vector<int> spikeNeurons;
    bool spikesThinned = false;
    std::uint64_t windowSpikeCount = 0;  // spikes in the window before any thinning
    std::optional<RasterImage> raster;   // with SimulationRunner::setRasterView: the window's spikes as pixels
    std::map<std::string, double> metrics;
    std::vector<MatrixImage> matrices;   // downsampled to at most the size set by SimulationRunner::setMatrixView
    std::optional<ArenaScene> arena;     // a spatial model's arena, agent, recent path and rate map (ArenaView)
    // Point sets for scatter plots, in the order and units the model documents (e.g. where a cell fired, spike phase
    // against position); each capped by the model to a few thousand points.
    std::vector<std::vector<PlotPoint>> pointSets;
    // The most recent samples of every channel, thinned by a common stride so that values at one index belong to
    // the same instant (unlike the min/max traces, whose channels are decimated separately). Phase-plane
    // trajectories need this pairing. Empty unless requested with SimulationRunner::setPairedView().
    std::vector<double> pairedT;                    // ms
    std::vector<std::vector<double>> pairedValues;  // pairedValues[channel][i] at pairedT[i]
    ParamSet parameters;           // the parameters in force when the frame was taken
};

// Everything recorded over the current window at full resolution, for data export.
struct Recording {
    std::vector<ChannelInfo> channels;
    std::vector<double> t;                    // ms
    std::vector<std::vector<double>> values;  // values[channel][sample]
    std::vector<double> spikeTimes;
    std::vector<int> spikeNeurons;
    ParamSet parameters;
    std::uint64_t seed = 0;
    std::string modelId;
};

}  // namespace neuroai
