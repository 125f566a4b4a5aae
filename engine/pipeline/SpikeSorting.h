#pragma once

// Chapter 8's data-science pipeline, end to end on a recording whose truth is known:
//
//   synthetic extracellular trace (units with distinct waveforms firing as dead-time Poisson processes, a slow
//   local field potential, white noise) → zero-phase 300–3000 Hz band-pass → negative threshold at k·σ, with σ
//   estimated as median(|x|)/0.6745 so that the spikes themselves do not inflate it (Quiroga et al. 2004) →
//   snippets aligned on their trough → PCA → k-means or a Gaussian mixture → sorted spike trains, scored against
//   the ground truth.
//
// Units: time in ms (spike times, waveforms) or s (durations), voltage in µV, frequency in Hz.

#include "engine/analysis/Clustering.h"

#include <cstdint>
#include <vector>

namespace neuroai::pipeline {

// One unit's extracellular waveform, trough at t = 0:
//   v(t) = −trough·exp(−t²/(2·troughWidth²)) + peak·exp(−(t − peakDelay)²/(2·peakWidth²))
struct UnitShape {
    double troughUv = 100;
    double troughWidthMs = 0.12;
    double peakUv = 30;
    double peakDelayMs = 0.4;
    double peakWidthMs = 0.2;
};
// The six units a recording can hold, in order: each differs from the others in depth, width or repolarisation.
const std::vector<UnitShape>& unitShapes();
double unitWaveform(const UnitShape& shape, double tMs);
constexpr int kMaxUnits = 6;

struct RecordingSetup {
    double sampleRateHz = 20000;
    double durationS = 20;
    int units = 3;            // 1..kMaxUnits, the first `units` of unitShapes()
    double rateHz = 5;        // mean rate of each unit
    double refractoryMs = 2.5;
    double noiseUv = 20;      // SD of the white noise added at every sample (before filtering)
    double lfpUv = 100;       // amplitude of the slow field potential (1.7, 7 and 23 Hz components)
    std::uint64_t seed = 1;
};

struct SyntheticRecording {
    double sampleRateHz = 0;
    std::vector<double> signal;               // µV, one value per sample
    std::vector<std::vector<double>> spikeMs;  // per unit, trough times, sorted
};
// Throws std::invalid_argument naming a value out of range (non-finite, units outside 1..6, rate·refractory ≥ 0.5).
SyntheticRecording synthesiseRecording(const RecordingSetup& setup);

struct DetectionSetup {
    double thresholdSd = 4.5;  // threshold at −thresholdSd·σ
    double deadTimeMs = 1.0;   // after a trough, no new detection for this long
    double preMs = 0.6;        // snippet before the trough
    double postMs = 1.0;       // snippet after it
    double alignMs = 0.5;      // the trough is the minimum within this long after the crossing
    double edgeMs = 3.0;       // crossings this close to either end are ignored (filter start-up)
};

struct Detections {
    double sigmaUv = 0;       // median(|x|)/0.6745 of the filtered trace
    double thresholdUv = 0;   // −thresholdSd·σ
    int preSamples = 0;       // the trough's index inside a snippet
    std::vector<std::size_t> troughs;  // sample index of each event, increasing
    Eigen::MatrixXd snippets;           // events × samples per snippet, µV
    double timeMs(std::size_t event, double sampleRateHz) const { return 1000.0 * double(troughs[event]) / sampleRateHz; }
};
// The robust noise estimate median(|x|)/0.6745 (for Gaussian noise it equals the SD).
double robustSigma(const std::vector<double>& x);
Detections detectSpikes(const std::vector<double>& filtered, double sampleRateHz, const DetectionSetup& setup);

struct SortingScore {
    int truthSpikes = 0;
    int events = 0;
    int matched = 0;         // events within the tolerance of a not yet matched true spike
    int correct = 0;         // matched events whose cluster is labelled with their unit
    int falsePositives = 0;  // events matching no true spike
    int missed = 0;          // true spikes no event matched
    double accuracy = 0;     // correct / (truthSpikes + falsePositives)
    double recall = 0;       // matched / truthSpikes
    std::vector<int> clusterUnit;              // per cluster, the unit most of its matched events belong to (−1: none)
    std::vector<std::vector<int>> confusion;   // [unit][cluster] matched events
};
// Matches events to true spikes in time order (each to the nearest unmatched true spike within toleranceMs), labels
// every cluster with the unit most of its matched events come from, and counts. labels[i] in [0, clusters) or −1
// (unsorted, never correct).
SortingScore scoreSorting(const std::vector<std::vector<double>>& truthMs, const std::vector<double>& eventMs,
                          const std::vector<int>& labels, int clusters, double toleranceMs);

enum class ClusterMethod { KMeans = 0, GaussianMixture = 1 };

struct SortingSetup {
    RecordingSetup recording;
    double lowHz = 300;
    double highHz = 3000;
    DetectionSetup detection;
    int components = 3;   // principal components the clustering sees
    int clusters = 3;
    ClusterMethod method = ClusterMethod::KMeans;
    double toleranceMs = 0.4;
};

struct SortingRun {
    SyntheticRecording recording;
    std::vector<double> filtered;
    Detections detections;
    bool clustered = false;     // false when there were fewer events than max(clusters, components + 1)
    analysis::Pca pca;
    std::vector<int> labels;    // per event (−1 if not clustered)
    std::vector<double> logLikelihood;  // Gaussian mixture only: mean log density per EM step
    SortingScore score;
};
SortingRun sortSpikes(const SortingSetup& setup);

}  // namespace neuroai::pipeline
