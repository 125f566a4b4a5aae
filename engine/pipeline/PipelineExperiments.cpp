#include "engine/pipeline/PipelineExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"
#include "engine/pipeline/Filters.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace neuroai::pipeline {

std::vector<ParamSpec> spikeSortingSpecs()
{
    return {
        ParamSpec{"units", "Units", "", 1, kMaxUnits, 3, Scale::Linear,
                  "Neurons near the electrode, each with its own waveform (the first N of six).", 0, {}, {}, {},
                  "Recording"}
            .asInteger(),
        grouped({"rate_hz", "Firing rate", "Hz", 1, 30, 5, Scale::Log,
                 "Mean rate of each unit (Poisson with a 2.5 ms dead time).", 1},
                "Recording"),
        grouped({"duration_s", "Recording length", "s", 2, 120, 20, Scale::Log,
                 "Length of the recording; the accuracy sweep records this long at every noise level.", 0},
                "Recording"),
        grouped({"noise_uv", "Noise", "µV", 2, 100, 20, Scale::Linear,
                 "SD of the white noise added at every sample (20 kHz), before filtering.", 1},
                "Recording"),
        grouped({"lfp_uv", "Field potential", "µV", 0, 500, 100, Scale::Linear,
                 "Amplitude of the slow local field potential (1.7, 7 and 23 Hz), which the band-pass removes.", 0},
                "Recording"),
        grouped({"low_hz", "Low cutoff", "Hz", 50, 1000, 300, Scale::Log,
                 "High-pass corner of the band-pass (Butterworth, run forward and backward: −6 dB here).", 0},
                "Filter"),
        grouped({"high_hz", "High cutoff", "Hz", 1000, 9000, 3000, Scale::Log,
                 "Low-pass corner of the band-pass (must be above the low cutoff).", 0},
                "Filter"),
        grouped({"threshold_sd", "Threshold", "σ", 2, 10, 4.5, Scale::Linear,
                 "Detection threshold in units of the noise σ = median(|x|)/0.6745 of the filtered trace.", 1},
                "Detection"),
        grouped({"dead_time_ms", "Dead time", "ms", 0.2, 3, 1, Scale::Linear,
                 "After a detected trough, no new detection for this long.", 1},
                "Detection"),
        ParamSpec{"components", "Principal components", "", 1, 10, 3, Scale::Linear,
                  "How many principal components of the 1.6 ms snippets the clustering sees.", 0, {}, {}, {},
                  "Sorting"}
            .asInteger(),
        grouped(choiceSpec("method", "Clustering", {"k-means", "Gaussian mixture"}, 0,
                           "k-means (k-means++ seeds, 8 restarts) or a Gaussian mixture with full covariances fitted "
                           "by EM from the k-means result."),
                "Sorting"),
        ParamSpec{"clusters", "Clusters", "", 1, 8, 3, Scale::Linear,
                  "How many clusters to form; each is labelled with the unit most of its spikes came from.", 0, {},
                  {}, {}, "Sorting"}
            .asInteger(),
        ParamSpec{"seed", "Random seed", "", 1, 1000, 1, Scale::Linear,
                  "Seeds the spike trains, the noise and the clustering.", 0}
            .asInteger(),
    };
}

std::vector<OutputInfo> spikeSortingOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "raw_trace", "Wide-band recording, first 100 ms", "µV", "ms"},
        {K::Series, "filtered_trace", "Band-passed recording, first 100 ms", "µV", "ms"},
        {K::Series, "cluster_waveforms", "Mean snippet of each cluster, clusters one after the other", "µV", "ms"},
        {K::Series, "pc_scores", "PC2 against PC1 of every detected snippet, in time order", "µV", "µV"},
        {K::Series, "sorted_spikes", "Cluster (1, 2, ...; 0 = unsorted) of each detected spike against time", "", "s"},
        {K::Series, "true_spikes", "Unit (1, 2, ...) of each true spike against time", "", "s"},
        {K::Series, "cluster_units", "Unit most of a cluster's spikes come from (0 = none) against the cluster", "",
         ""},
        {K::Series, "accuracy_vs_noise", "Sorting accuracy against the noise level", "%", "µV"},
        {K::Series, "recall_vs_noise", "Spikes detected against the noise level", "%", "µV"},
        {K::Series, "filter_gain", "Gain of the zero-phase band-pass against frequency", "", "Hz"},
        {K::Scalar, "accuracy_pct", "Accuracy: correctly sorted / (true spikes + false detections)", "%", ""},
        {K::Scalar, "recall_pct", "True spikes detected", "%", ""},
        {K::Scalar, "true_spikes", "True spikes in the recording", "", ""},
        {K::Scalar, "events", "Detected events", "", ""},
        {K::Scalar, "false_positives", "Detected events with no true spike within 0.4 ms", "", ""},
        {K::Scalar, "sigma_uv", "Noise estimate σ = median(|x|)/0.6745 of the filtered trace", "µV", ""},
        {K::Scalar, "threshold_uv", "Detection threshold", "µV", ""},
        {K::Scalar, "explained_pct", "Snippet variance the principal components explain", "%", ""},
    };
}

std::vector<double> noiseSweep() { return {5, 10, 15, 20, 25, 30, 40, 50, 60, 80, 100}; }

SortingSetup sortingSetupFrom(const ParamSet& p)
{
    if (!(p["low_hz"] < p["high_hz"]))
        throw ParameterError("low_hz = " + formatValue(p["low_hz"]) + " Hz must be below high_hz = " +
                             formatValue(p["high_hz"]) + " Hz");
    SortingSetup s;
    s.recording.units = intOf(p, "units");
    s.recording.rateHz = p["rate_hz"];
    s.recording.durationS = p["duration_s"];
    s.recording.noiseUv = p["noise_uv"];
    s.recording.lfpUv = p["lfp_uv"];
    s.recording.seed = seedOf(p);
    s.lowHz = p["low_hz"];
    s.highHz = p["high_hz"];
    s.detection.thresholdSd = p["threshold_sd"];
    s.detection.deadTimeMs = p["dead_time_ms"];
    s.components = intOf(p, "components");
    s.method = ClusterMethod(intOf(p, "method"));
    s.clusters = intOf(p, "clusters");
    return s;
}

namespace {

std::string percent(double fraction) { return formatValue(100 * fraction, 1) + " %"; }

}  // namespace

ExperimentResult runSpikeSorting(const ParamSet& p, Progress& progress)
{
    const SortingSetup setup = sortingSetupFrom(p);
    const std::vector<double> levels = noiseSweep();
    const double steps = double(levels.size() + 1);
    progress.setStage("sorting the recording");
    const SortingRun run = sortSpikes(setup);
    progress.setFraction(1 / steps);
    const double fs = run.recording.sampleRateHz;

    ExperimentResult r;
    ResultSeries raw = emptySeries("raw_trace", "wide-band recording", "time", "ms", "voltage", "µV");
    ResultSeries filtered = emptySeries("filtered_trace", "band-passed", "time", "ms", "voltage", "µV");
    const auto excerpt = std::min(run.recording.signal.size(), std::size_t(kTraceExcerptMs * fs / 1000));
    for (std::size_t j = 0; j < excerpt; ++j) {
        const double t = 1000.0 * double(j) / fs;
        raw.x.push_back(t);
        raw.y.push_back(run.recording.signal[j]);
        filtered.x.push_back(t);
        filtered.y.push_back(run.filtered[j]);
    }

    const Detections& d = run.detections;
    ResultSeries waveforms =
        emptySeries("cluster_waveforms", "mean snippet per cluster", "time from trough", "ms", "voltage", "µV");
    ResultSeries scores = emptySeries("pc_scores", "detected snippets", "PC1 score", "µV", "PC2 score", "µV");
    ResultSeries sorted = emptySeries("sorted_spikes", "sorted spikes", "time", "s", "cluster", "");
    const auto length = d.snippets.cols();
    for (int c = 0; run.clustered && c < setup.clusters; ++c) {
        Eigen::VectorXd sum = Eigen::VectorXd::Zero(length);
        int count = 0;
        for (std::size_t e = 0; e < run.labels.size(); ++e)
            if (run.labels[e] == c) {
                sum += d.snippets.row(Eigen::Index(e)).transpose();
                ++count;
            }
        for (Eigen::Index k = 0; k < length && count > 0; ++k) {
            waveforms.x.push_back(1000.0 * double(k - d.preSamples) / fs);
            waveforms.y.push_back(sum(k) / count);
        }
    }
    for (std::size_t e = 0; e < d.troughs.size(); ++e) {
        if (run.clustered) {
            scores.x.push_back(run.pca.scores(Eigen::Index(e), 0));
            scores.y.push_back(run.pca.scores.cols() > 1 ? run.pca.scores(Eigen::Index(e), 1) : 0.0);
        }
        sorted.x.push_back(d.timeMs(e, fs) / 1000);
        sorted.y.push_back(run.labels[e] + 1);
    }
    ResultSeries truth = emptySeries("true_spikes", "true spikes", "time", "s", "unit", "");
    for (std::size_t u = 0; u < run.recording.spikeMs.size(); ++u)
        for (const double t : run.recording.spikeMs[u]) {
            truth.x.push_back(t / 1000);
            truth.y.push_back(double(u + 1));
        }

    ResultSeries clusterUnits = emptySeries("cluster_units", "majority unit", "cluster", "", "unit", "");
    for (std::size_t c = 0; c < run.score.clusterUnit.size(); ++c) {
        clusterUnits.x.push_back(double(c + 1));
        clusterUnits.y.push_back(double(run.score.clusterUnit[c] + 1));
    }

    ResultSeries accuracy = emptySeries("accuracy_vs_noise", "accuracy", "noise SD", "µV", "accuracy", "%");
    ResultSeries recall = emptySeries("recall_vs_noise", "detected", "noise SD", "µV", "true spikes detected", "%");
    progress.setStage("accuracy against noise");
    int done = 1;
    for (const double level : levels) {
        progress.throwIfCancelled();
        SortingSetup at = setup;
        at.recording.noiseUv = level;
        const SortingScore s = level == setup.recording.noiseUv ? run.score : sortSpikes(at).score;
        accuracy.x.push_back(level);
        accuracy.y.push_back(100 * s.accuracy);
        recall.x.push_back(level);
        recall.y.push_back(100 * s.recall);
        progress.setFraction(++done / steps);
    }

    ResultSeries gain = emptySeries("filter_gain", "zero-phase band-pass", "frequency", "Hz", "gain", "");
    for (int i = 0; i <= 60; ++i) {
        const double f = 10 * std::pow(10.0, 3.0 * i / 60);  // 10 Hz to 10 kHz, below the 10 kHz Nyquist limit
        if (f >= fs / 2)
            break;
        gain.x.push_back(f);
        gain.y.push_back(zeroPhaseBandPassGain(f, fs, setup.lowHz, setup.highHz));
    }

    r.series = {raw, filtered, waveforms, scores, sorted, truth, clusterUnits, accuracy, recall, gain};
    const SortingScore& s = run.score;
    r.scalars = {
        {"accuracy_pct", "Accuracy", "%", 100 * s.accuracy},
        {"recall_pct", "Detected", "%", 100 * s.recall},
        {"true_spikes", "True spikes", "", double(s.truthSpikes)},
        {"events", "Detected events", "", double(s.events)},
        {"false_positives", "False detections", "", double(s.falsePositives)},
        {"sigma_uv", "Noise σ (filtered)", "µV", d.sigmaUv},
        {"threshold_uv", "Threshold", "µV", d.thresholdUv},
        {"explained_pct", "Variance explained by the PCs", "%", run.clustered ? 100 * run.pca.explainedFraction() : 0.0},
    };
    r.notes.push_back(std::to_string(s.events) + " events detected at " + signedFixed(d.thresholdUv, 1) +
                      " µV; " + std::to_string(s.matched) + " of " + std::to_string(s.truthSpikes) +
                      " true spikes found (" + percent(s.recall) + "), " + std::to_string(s.falsePositives) +
                      " false detections.");
    if (run.clustered)
        r.notes.push_back("Sorted " + percent(s.accuracy) + " correctly: " + std::to_string(s.correct) +
                          " spikes in the cluster of their own unit, out of " +
                          std::to_string(s.truthSpikes + s.falsePositives) + " (true spikes + false detections).");
    else
        r.notes.push_back("Too few events to cluster (" + std::to_string(s.events) + "): lower the threshold or the "
                          "number of clusters.");
    int unlabelled = 0, shared = 0;
    std::vector<int> clustersOf(std::size_t(setup.recording.units), 0);
    for (const int u : s.clusterUnit)
        if (u < 0)
            ++unlabelled;
        else
            ++clustersOf[std::size_t(u)];
    for (const int n : clustersOf)
        shared += n > 1 ? 1 : 0;
    if (run.clustered && setup.clusters != setup.recording.units)
        r.notes.push_back(std::to_string(setup.clusters) + " clusters for " + std::to_string(setup.recording.units) +
                          " units: " +
                          (setup.clusters > setup.recording.units
                               ? std::to_string(shared) + " unit(s) split over several clusters."
                               : "some units must share a cluster, and their spikes count as wrong."));
    if (unlabelled > 0)
        r.notes.push_back(std::to_string(unlabelled) + " cluster(s) hold no true spike: only false detections.");
    return r;
}

}  // namespace neuroai::pipeline
