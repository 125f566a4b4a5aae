#include "engine/pipeline/SpikeSorting.h"

#include "engine/core/Random.h"
#include "engine/core/Require.h"
#include "engine/pipeline/Filters.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace neuroai::pipeline {

const std::vector<UnitShape>& unitShapes()
{
    // Trough depth and width, repolarisation peak height, delay and width: narrow and broad spikes, deep and
    // shallow ones, and one whose repolarisation is taller than its trough is deep.
    static const std::vector<UnitShape> shapes{
        {110, 0.10, 35, 0.30, 0.15}, {80, 0.20, 45, 0.60, 0.30}, {170, 0.14, 30, 0.45, 0.25},
        {65, 0.12, 70, 0.40, 0.18},  {130, 0.25, 15, 0.70, 0.35}, {95, 0.09, 55, 0.25, 0.10},
    };
    return shapes;
}

double unitWaveform(const UnitShape& s, double t)
{
    const double a = t / s.troughWidthMs, b = (t - s.peakDelayMs) / s.peakWidthMs;
    return -s.troughUv * std::exp(-0.5 * a * a) + s.peakUv * std::exp(-0.5 * b * b);
}

namespace {

constexpr double kSpikeMarginMs = 5;  // true spikes keep this far from either end of the recording
constexpr double kWaveformFromMs = -1.0, kWaveformToMs = 2.5;

void checkRecording(const RecordingSetup& s)
{
    const char* who = "synthesiseRecording";
    require(std::isfinite(s.sampleRateHz) && s.sampleRateHz >= 5000 && s.sampleRateHz <= 100000, who,
            "sample rate (Hz)", s.sampleRateHz, "must lie in [5000, 100000]");
    require(std::isfinite(s.durationS) && s.durationS >= 0.1 && s.durationS <= 600, who, "duration (s)", s.durationS,
            "must lie in [0.1, 600]");
    require(s.units >= 1 && s.units <= kMaxUnits, who, "units", s.units, "must lie in [1, 6]");
    require(std::isfinite(s.refractoryMs) && s.refractoryMs >= 0, who, "refractory period (ms)", s.refractoryMs,
            "must be finite and ≥ 0");
    require(std::isfinite(s.rateHz) && s.rateHz > 0 && s.rateHz * s.refractoryMs / 1000 < 0.5, who, "rate (Hz)",
            s.rateHz, "must be > 0 and below half of 1/refractory period");
    require(std::isfinite(s.noiseUv) && s.noiseUv >= 0, who, "noise (µV)", s.noiseUv, "must be finite and ≥ 0");
    require(std::isfinite(s.lfpUv) && s.lfpUv >= 0, who, "field potential (µV)", s.lfpUv, "must be finite and ≥ 0");
}

double exponential(Random& rng, double mean) { return -mean * std::log(1.0 - rng.uniform()); }

}  // namespace

SyntheticRecording synthesiseRecording(const RecordingSetup& s)
{
    checkRecording(s);
    Random rng(s.seed);
    SyntheticRecording out;
    out.sampleRateHz = s.sampleRateHz;
    const double durationMs = s.durationS * 1000, dtMs = 1000 / s.sampleRateHz;
    const auto samples = std::size_t(std::floor(durationMs / dtMs));
    out.signal.assign(samples, 0.0);

    // The slow field potential, then the noise.
    const double pi2 = 2 * std::numbers::pi;
    const double p1 = pi2 * rng.uniform(), p2 = pi2 * rng.uniform(), p3 = pi2 * rng.uniform();
    for (std::size_t j = 0; j < samples; ++j) {
        const double t = double(j) * dtMs / 1000;
        out.signal[j] = s.lfpUv * (0.6 * std::sin(pi2 * 1.7 * t + p1) + 0.3 * std::sin(pi2 * 7 * t + p2) +
                                   0.1 * std::sin(pi2 * 23 * t + p3)) +
                        s.noiseUv * rng.normal();
    }

    // Dead-time Poisson trains: ISI = refractory + an exponential whose mean makes the rate come out at rateHz.
    const double meanFreeMs = 1000 / s.rateHz - s.refractoryMs;
    out.spikeMs.resize(std::size_t(s.units));
    for (int u = 0; u < s.units; ++u) {
        const UnitShape& shape = unitShapes()[std::size_t(u)];
        std::vector<double>& train = out.spikeMs[std::size_t(u)];
        for (double t = kSpikeMarginMs + exponential(rng, meanFreeMs); t < durationMs - kSpikeMarginMs;
             t += s.refractoryMs + exponential(rng, meanFreeMs)) {
            train.push_back(t);
            const auto first = std::size_t(std::max(0.0, std::ceil((t + kWaveformFromMs) / dtMs)));
            const auto last = std::min(samples - 1, std::size_t(std::floor((t + kWaveformToMs) / dtMs)));
            for (std::size_t j = first; j <= last; ++j)
                out.signal[j] += unitWaveform(shape, double(j) * dtMs - t);
        }
    }
    return out;
}

double robustSigma(const std::vector<double>& x)
{
    if (x.empty())
        return 0;
    std::vector<double> a(x.size());
    std::transform(x.begin(), x.end(), a.begin(), [](double v) { return std::abs(v); });
    const auto mid = a.begin() + std::ptrdiff_t(a.size() / 2);
    std::nth_element(a.begin(), mid, a.end());
    return *mid / 0.6745;
}

Detections detectSpikes(const std::vector<double>& x, double fs, const DetectionSetup& s)
{
    const char* who = "detectSpikes";
    require(std::isfinite(s.thresholdSd) && s.thresholdSd > 0, who, "threshold (SD)", s.thresholdSd, "must be > 0");
    require(std::isfinite(s.deadTimeMs) && s.deadTimeMs >= 0, who, "dead time (ms)", s.deadTimeMs, "must be ≥ 0");
    require(std::isfinite(s.preMs) && s.preMs >= 0 && std::isfinite(s.postMs) && s.postMs > 0, who,
            "snippet length (ms)", s.preMs + s.postMs, "needs pre ≥ 0 and post > 0");
    const double perMs = fs / 1000;
    Detections d;
    d.sigmaUv = robustSigma(x);
    d.thresholdUv = -s.thresholdSd * d.sigmaUv;
    d.preSamples = int(std::lround(s.preMs * perMs));
    const int post = std::max(1, int(std::lround(s.postMs * perMs)));
    const int length = d.preSamples + post;
    const auto n = x.size();
    const auto edge = std::max<std::size_t>(std::size_t(std::ceil(s.edgeMs * perMs)), std::size_t(length));
    const auto align = std::max<std::size_t>(1, std::size_t(std::lround(s.alignMs * perMs)));
    const auto dead = std::size_t(std::lround(s.deadTimeMs * perMs));
    if (d.sigmaUv <= 0 || n <= 2 * edge + 1) {
        d.snippets.resize(0, length);
        return d;
    }
    for (std::size_t i = edge; i + edge < n; ++i) {
        if (!(x[i] < d.thresholdUv && x[i - 1] >= d.thresholdUv))
            continue;
        std::size_t trough = i;
        for (std::size_t j = i + 1; j < std::min(n - edge, i + align); ++j)
            if (x[j] < x[trough])
                trough = j;
        d.troughs.push_back(trough);
        i = std::max(i, trough + dead);  // the loop's ++i moves one past it
    }
    d.snippets.resize(Eigen::Index(d.troughs.size()), length);
    for (std::size_t e = 0; e < d.troughs.size(); ++e)
        for (int k = 0; k < length; ++k)
            d.snippets(Eigen::Index(e), k) = x[d.troughs[e] - std::size_t(d.preSamples) + std::size_t(k)];
    return d;
}

SortingScore scoreSorting(const std::vector<std::vector<double>>& truthMs, const std::vector<double>& eventMs,
                          const std::vector<int>& labels, int clusters, double toleranceMs)
{
    require(labels.size() == eventMs.size(), "scoreSorting", "labels", double(labels.size()),
            "must be one per event");
    require(clusters >= 0, "scoreSorting", "clusters", clusters, "must be ≥ 0");
    SortingScore score;
    std::vector<std::pair<double, int>> truth;
    for (std::size_t u = 0; u < truthMs.size(); ++u)
        for (const double t : truthMs[u])
            truth.emplace_back(t, int(u));
    std::sort(truth.begin(), truth.end());
    score.truthSpikes = int(truth.size());
    score.events = int(eventMs.size());
    score.confusion.assign(truthMs.size(), std::vector<int>(std::size_t(clusters), 0));

    std::vector<std::size_t> order(eventMs.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return eventMs[a] < eventMs[b]; });
    std::vector<bool> used(truth.size(), false);
    std::vector<int> unitOfEvent(eventMs.size(), -1);
    for (const std::size_t e : order) {
        const double t = eventMs[e];
        auto it = std::lower_bound(truth.begin(), truth.end(), std::make_pair(t - toleranceMs, -1));
        std::size_t best = truth.size();
        double bestGap = toleranceMs;
        for (; it != truth.end() && it->first <= t + toleranceMs; ++it) {
            const auto k = std::size_t(it - truth.begin());
            const double gap = std::abs(it->first - t);
            if (!used[k] && gap <= bestGap) {
                if (best == truth.size() || gap < bestGap) {
                    best = k;
                    bestGap = gap;
                }
            }
        }
        if (best == truth.size()) {
            ++score.falsePositives;
            continue;
        }
        used[best] = true;
        ++score.matched;
        unitOfEvent[e] = truth[best].second;
        const int label = labels[e];
        if (label >= 0 && label < clusters)
            ++score.confusion[std::size_t(truth[best].second)][std::size_t(label)];
    }
    score.clusterUnit.assign(std::size_t(clusters), -1);
    for (int c = 0; c < clusters; ++c) {
        int most = 0;
        for (std::size_t u = 0; u < truthMs.size(); ++u)
            if (score.confusion[u][std::size_t(c)] > most) {
                most = score.confusion[u][std::size_t(c)];
                score.clusterUnit[std::size_t(c)] = int(u);
            }
    }
    for (std::size_t e = 0; e < eventMs.size(); ++e)
        if (unitOfEvent[e] >= 0 && labels[e] >= 0 && labels[e] < clusters &&
            score.clusterUnit[std::size_t(labels[e])] == unitOfEvent[e])
            ++score.correct;
    score.missed = score.truthSpikes - score.matched;
    const int denominator = score.truthSpikes + score.falsePositives;
    score.accuracy = denominator > 0 ? double(score.correct) / denominator : 0.0;
    score.recall = score.truthSpikes > 0 ? double(score.matched) / score.truthSpikes : 0.0;
    return score;
}

SortingRun sortSpikes(const SortingSetup& s)
{
    const char* who = "sortSpikes";
    require(s.components >= 1, who, "components", s.components, "must be ≥ 1");
    require(s.clusters >= 1, who, "clusters", s.clusters, "must be ≥ 1");
    require(std::isfinite(s.toleranceMs) && s.toleranceMs > 0, who, "tolerance (ms)", s.toleranceMs, "must be > 0");
    SortingRun run;
    run.recording = synthesiseRecording(s.recording);
    const double fs = run.recording.sampleRateHz;
    run.filtered = zeroPhaseBandPass(run.recording.signal, fs, s.lowHz, s.highHz);
    run.detections = detectSpikes(run.filtered, fs, s.detection);
    const auto events = run.detections.troughs.size();
    const int components = std::min<int>(s.components, int(run.detections.snippets.cols()));
    run.labels.assign(events, -1);
    if (events >= std::size_t(std::max(s.clusters, components + 1))) {
        run.clustered = true;
        run.pca = analysis::principalComponents(run.detections.snippets, components);
        Random rng(s.recording.seed * 0x9E3779B97F4A7C15ULL + 0x5EEDULL);
        if (s.method == ClusterMethod::GaussianMixture) {
            analysis::Mixture m = analysis::gaussianMixture(run.pca.scores, s.clusters, rng);
            run.labels = std::move(m.clusters.labels);
            run.logLikelihood = std::move(m.logLikelihood);
        } else {
            run.labels = analysis::kMeans(run.pca.scores, s.clusters, rng).labels;
        }
    }
    std::vector<double> eventMs(events);
    for (std::size_t e = 0; e < events; ++e)
        eventMs[e] = run.detections.timeMs(e, fs);
    run.score = scoreSorting(run.recording.spikeMs, eventMs, run.labels, s.clusters, s.toleranceMs);
    return run;
}

}  // namespace neuroai::pipeline
