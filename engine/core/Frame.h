#pragma once

#include "engine/core/Decimation.h"
#include "engine/core/ParamSpec.h"
#include "engine/core/Recording.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace neuroai {

// A decimated view of one recorded channel over the frame's time window.
struct TraceView {
    ChannelInfo channel;
    std::vector<PlotPoint> points;  // x = time (ms), y = value in channel.unit
};

// A dense matrix for heatmaps (row-major), e.g. a weight matrix.
struct MatrixView {
    std::string key;
    std::string label;
    int rows = 0;
    int columns = 0;
    std::vector<double> values;
};

// What the engine hands to the GUI: a self-contained snapshot, never a delta, so the GUI may skip frames freely.
// Plain data, no Qt; widgets may include this header.
struct Frame {
    std::uint64_t sequence = 0;
    double timeMs = 0;             // simulated time at publication
    double windowStartMs = 0;      // the traces cover [windowStartMs, timeMs]
    bool running = false;
    double achievedSpeed = 0;      // simulated ms per wall-clock ms since the previous frame (0 when paused)
    std::vector<TraceView> traces; // one per model channel, min/max-decimated to the requested column count
    std::vector<double> spikeTimes;  // spikes inside the window (ms)
    std::vector<int> spikeNeurons;
    std::map<std::string, double> metrics;
    std::vector<MatrixView> matrices;
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
