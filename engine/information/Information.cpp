#include "engine/information/Information.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace neuroai::information {

namespace {
constexpr double kLn2 = 0.69314718055994530942;

[[noreturn]] void fail(const std::string& owner, const std::string& what)
{
    throw std::invalid_argument(owner + ": " + what);
}

std::string show(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    std::string s = std::to_string(v);
    // 20.000000 → 20, 0.100000 → 0.1
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0')
            s.pop_back();
        if (!s.empty() && s.back() == '.')
            s.pop_back();
    }
    return s;
}

void requireRange(const char* owner, const char* name, double value, double lo, double hi)
{
    if (!std::isfinite(value) || value < lo || value > hi)
        fail(owner, std::string(name) + " = " + show(value) + " must be in [" + show(lo) + ", " + show(hi) + "]");
}

void requirePositive(const char* owner, const char* name, double value)
{
    if (!std::isfinite(value) || value <= 0)
        fail(owner, std::string(name) + " = " + show(value) + " must be a finite number > 0");
}

double totalOf(const char* owner, const std::vector<double>& counts)
{
    if (counts.empty())
        fail(owner, "the histogram has no bins");
    double total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (!std::isfinite(counts[i]) || counts[i] < 0)
            fail(owner, "count " + std::to_string(i) + " = " + show(counts[i]) + " must be finite and >= 0");
        total += counts[i];
    }
    if (!(total > 0))
        fail(owner, "the histogram is empty (all counts are 0)");
    return total;
}

// A Poisson deviate of mean lambda (≤ 700) by inversion from 0: O(lambda) steps, exact up to rounding.
int poissonDeviate(double lambda, Random& rng)
{
    double p = std::exp(-lambda);
    double cumulative = p;
    const double u = rng.uniform();
    int k = 0;
    while (u > cumulative && k < 100000) {
        ++k;
        p *= lambda / k;
        cumulative += p;
        if (p == 0 && double(k) > lambda)
            break;
    }
    return k;
}

double logPoisson(int k, double lambda)
{
    // log P(k | λ) without the log k! term (it cancels in every ratio we take) — but keep it for the exact sums.
    return k * std::log(lambda) - lambda - std::lgamma(k + 1.0);
}
}  // namespace

// --- entropy ---

double plugInEntropy(const std::vector<double>& counts)
{
    const double total = totalOf("plugInEntropy", counts);
    double h = 0;
    for (const double c : counts)
        if (c > 0) {
            const double p = c / total;
            h -= p * std::log2(p);
        }
    return h;
}

double millerMadowEntropy(const std::vector<double>& counts)
{
    const double total = totalOf("millerMadowEntropy", counts);
    const auto seen = std::count_if(counts.begin(), counts.end(), [](double c) { return c > 0; });
    return plugInEntropy(counts) + double(seen - 1) / (2.0 * total * kLn2);
}

double plugInBias(int m, double n)
{
    if (m < 1)
        fail("plugInBias", "m = " + std::to_string(m) + " bins must be >= 1");
    requirePositive("plugInBias", "N", n);
    return -double(m - 1) / (2.0 * n * kLn2);
}

double entropyOf(const std::vector<double>& probabilities)
{
    const double total = totalOf("entropyOf", probabilities);
    if (std::abs(total - 1.0) > 1e-9)
        fail("entropyOf", "the probabilities sum to " + show(total) + ", not 1");
    double h = 0;
    for (const double p : probabilities)
        if (p > 0)
            h -= p * std::log2(p);
    return h;
}

double binaryEntropy(double p)
{
    requireRange("binaryEntropy", "p", p, 0, 1);
    if (p == 0 || p == 1)
        return 0;
    return -p * std::log2(p) - (1 - p) * std::log2(1 - p);
}

// --- spike trains ---

std::vector<double> poissonTrain(double rateHz, double durationMs, double refractoryMs, Random& rng)
{
    requireRange("poissonTrain", "rateHz", rateHz, 0, 1000);
    requireRange("poissonTrain", "durationMs", durationMs, 0, 1e8);
    requireRange("poissonTrain", "refractoryMs", refractoryMs, 0, 100);
    std::vector<double> spikes;
    if (rateHz == 0)
        return spikes;
    const double meanIntervalMs = 1000.0 / rateHz;
    double t = 0;
    for (;;) {
        t += -std::log(1.0 - rng.uniform()) * meanIntervalMs;  // uniform() < 1, so the log is finite
        if (t >= durationMs)
            break;
        spikes.push_back(t);
        t += refractoryMs;
    }
    return spikes;
}

std::vector<std::uint32_t> spikeWords(const std::vector<double>& spikeTimesMs, double durationMs, double binMs,
                                      int wordLength)
{
    requirePositive("spikeWords", "durationMs", durationMs);
    requireRange("spikeWords", "binMs", binMs, 1e-3, durationMs);
    if (wordLength < 1 || wordLength > 20)
        fail("spikeWords", "wordLength = " + std::to_string(wordLength) + " must be in [1, 20]");
    const auto bins = static_cast<std::size_t>(std::floor(durationMs / binMs + 1e-9));
    const std::size_t words = bins / std::size_t(wordLength);
    if (words == 0)
        fail("spikeWords", "durationMs = " + show(durationMs) + " holds no word of " + std::to_string(wordLength) +
                               " bins of " + show(binMs) + " ms");
    std::vector<std::uint32_t> out(words, 0);
    double previous = -std::numeric_limits<double>::infinity();
    for (const double t : spikeTimesMs) {
        if (!std::isfinite(t) || t < previous)
            fail("spikeWords", "spike times must be finite and sorted (time " + show(t) + ")");
        previous = t;
        if (t < 0)
            continue;
        const auto bin = static_cast<std::size_t>(t / binMs);
        const std::size_t word = bin / std::size_t(wordLength);
        if (word >= words)
            break;
        out[word] |= std::uint32_t(1) << (bin % std::size_t(wordLength));
    }
    return out;
}

std::vector<double> wordHistogram(const std::vector<std::uint32_t>& words, int wordLength)
{
    if (wordLength < 1 || wordLength > 20)
        fail("wordHistogram", "wordLength = " + std::to_string(wordLength) + " must be in [1, 20]");
    std::vector<double> counts(std::size_t(1) << wordLength, 0.0);
    for (const std::uint32_t w : words) {
        if (w >= counts.size())
            fail("wordHistogram", "word " + std::to_string(w) + " has more than " + std::to_string(wordLength) +
                                      " bits");
        counts[w] += 1;
    }
    return counts;
}

EntropyRate wordEntropyRate(const std::vector<double>& spikeTimesMs, double durationMs, double binMs, int wordLength)
{
    const std::vector<std::uint32_t> words = spikeWords(spikeTimesMs, durationMs, binMs, wordLength);
    const std::vector<double> counts = wordHistogram(words, wordLength);
    EntropyRate r;
    const double seconds = wordLength * binMs / 1000.0;
    r.plugIn = plugInEntropy(counts) / seconds;
    r.millerMadow = millerMadowEntropy(counts) / seconds;
    r.words = int(words.size());
    r.distinctWords = int(std::count_if(counts.begin(), counts.end(), [](double c) { return c > 0; }));
    return r;
}

double poissonBinnedEntropyRate(double rateHz, double binMs)
{
    requireRange("poissonBinnedEntropyRate", "rateHz", rateHz, 0, 1000);
    requirePositive("poissonBinnedEntropyRate", "binMs", binMs);
    const double p = 1.0 - std::exp(-rateHz * binMs / 1000.0);
    return binaryEntropy(p) / (binMs / 1000.0);
}

void DirectMethodSettings::validate() const
{
    const char* owner = "DirectMethod";
    requireRange(owner, "baseRateHz", baseRateHz, 0, 500);
    requireRange(owner, "gainHz", gainHz, 0, 500);
    requireRange(owner, "tauStimMs", tauStimMs, 0.5, 1000);
    requireRange(owner, "refractoryMs", refractoryMs, 0, 20);
    requireRange(owner, "binMs", binMs, 0.5, 50);
    if (wordLength < 1 || wordLength > 16)
        fail(owner, "wordLength = " + std::to_string(wordLength) + " must be in [1, 16]");
    if (repeats < 10 || repeats > 100000)
        fail(owner, "repeats = " + std::to_string(repeats) + " must be in [10, 100000]");
    requireRange(owner, "segmentMs", segmentMs, binMs * wordLength, 1e6);
    if (double(repeats) * segmentMs > 2e6)
        fail(owner, "repeats × segmentMs = " + show(double(repeats) * segmentMs) + " ms is above the 2000 s limit");
}

namespace {
// One trial of the rate model in 0.1 ms steps: a spike in a step with probability rate·dt unless inside the dead
// time. `stimulus` is sampled at the same steps.
std::vector<double> modelTrain(const DirectMethodSettings& s, const std::vector<double>& stimulus, double dtMs,
                               Random& rng)
{
    std::vector<double> spikes;
    double lastSpike = -1e9;
    for (std::size_t k = 0; k < stimulus.size(); ++k) {
        const double t = double(k) * dtMs;
        const double rate = std::max(0.0, s.baseRateHz + s.gainHz * stimulus[k]);
        const double p = rate * dtMs / 1000.0;
        const double u = rng.uniform();
        if (t - lastSpike >= s.refractoryMs && u < p) {
            spikes.push_back(t + 0.5 * dtMs);
            lastSpike = t;
        }
    }
    return spikes;
}

// Unit-variance Ornstein–Uhlenbeck samples with correlation time tau, exact update over dt.
std::vector<double> ouStimulus(std::size_t steps, double dtMs, double tauMs, Random& rng)
{
    std::vector<double> s(steps);
    const double a = std::exp(-dtMs / tauMs);
    const double b = std::sqrt(1 - a * a);
    double x = rng.normal();
    for (std::size_t k = 0; k < steps; ++k) {
        s[k] = x;
        x = a * x + b * rng.normal();
    }
    return s;
}
}  // namespace

DirectMethodResult directMethod(const DirectMethodSettings& s, std::uint64_t seed)
{
    s.validate();
    constexpr double dtMs = 0.1;
    Random rng(seed);
    const auto segmentSteps = static_cast<std::size_t>(std::llround(s.segmentMs / dtMs));
    const double wordMs = s.binMs * s.wordLength;
    const double wordSeconds = wordMs / 1000.0;
    DirectMethodResult result;

    // Noise entropy: the same stimulus segment, `repeats` times; at each word position the words across repeats.
    const std::vector<double> frozen = ouStimulus(segmentSteps, dtMs, s.tauStimMs, rng);
    std::vector<std::vector<std::uint32_t>> trials;
    trials.reserve(std::size_t(s.repeats));
    for (int r = 0; r < s.repeats; ++r)
        trials.push_back(spikeWords(modelTrain(s, frozen, dtMs, rng), s.segmentMs, s.binMs, s.wordLength));
    const std::size_t positions = trials.front().size();
    double noise = 0, noiseMM = 0;
    std::vector<std::uint32_t> column(std::size_t(s.repeats));
    for (std::size_t w = 0; w < positions; ++w) {
        for (int r = 0; r < s.repeats; ++r)
            column[std::size_t(r)] = trials[std::size_t(r)][w];
        const std::vector<double> counts = wordHistogram(column, s.wordLength);
        noise += plugInEntropy(counts);
        noiseMM += millerMadowEntropy(counts);
    }
    result.noiseRate = noise / double(positions) / wordSeconds;
    result.noiseRateMM = noiseMM / double(positions) / wordSeconds;

    // Total entropy: one long run of the same length with a fresh stimulus.
    const double totalMs = s.segmentMs * s.repeats;
    const std::vector<double> varying =
        ouStimulus(static_cast<std::size_t>(std::llround(totalMs / dtMs)), dtMs, s.tauStimMs, rng);
    const std::vector<double> train = modelTrain(s, varying, dtMs, rng);
    const EntropyRate total = wordEntropyRate(train, totalMs, s.binMs, s.wordLength);
    result.totalRate = total.plugIn;
    result.totalRateMM = total.millerMadow;
    result.meanRateHz = double(train.size()) / (totalMs / 1000.0);
    return result;
}

// --- population coding ---

void PopulationSettings::validate() const
{
    const char* owner = "PopulationCode";
    if (neurons < 1 || neurons > 256)
        fail(owner, "neurons = " + std::to_string(neurons) + " must be in [1, 256]");
    if (stimuli < 2 || stimuli > 64)
        fail(owner, "stimuli = " + std::to_string(stimuli) + " must be in [2, 64]");
    requireRange(owner, "baseRateHz", baseRateHz, 0, 500);
    requireRange(owner, "peakRateHz", peakRateHz, 0.01, 500);
    requireRange(owner, "kappa", kappa, 0, 50);
    requireRange(owner, "windowMs", windowMs, 1, 2000);
    if (baseRateHz > peakRateHz)
        fail(owner, "baseRateHz = " + show(baseRateHz) + " must not exceed peakRateHz = " + show(peakRateHz));
    if (peakRateHz * windowMs / 1000.0 > 600)
        fail(owner, "peakRateHz × windowMs = " + show(peakRateHz * windowMs / 1000.0) +
                        " expected spikes is above the limit of 600");
}

std::vector<std::vector<double>> meanCounts(const PopulationSettings& s)
{
    s.validate();
    constexpr double pi = 3.14159265358979323846;
    std::vector<std::vector<double>> lambda(std::size_t(s.stimuli), std::vector<double>(std::size_t(s.neurons)));
    for (int i = 0; i < s.stimuli; ++i) {
        const double stimulus = pi * i / s.stimuli;  // orientation in radians, [0, π)
        for (int j = 0; j < s.neurons; ++j) {
            const double preferred = pi * j / s.neurons;
            const double rate =
                s.baseRateHz + (s.peakRateHz - s.baseRateHz) * std::exp(s.kappa * (std::cos(2 * (stimulus - preferred)) - 1));
            // A floor keeps every count possible under every stimulus (log-likelihoods stay finite).
            lambda[std::size_t(i)][std::size_t(j)] = std::max(rate, 1e-9) * s.windowMs / 1000.0;
        }
    }
    return lambda;
}

double singleNeuronInformation(const PopulationSettings& s, int neuron)
{
    if (neuron < 0 || neuron >= s.neurons)
        fail("singleNeuronInformation", "neuron = " + std::to_string(neuron) + " is outside [0, " +
                                            std::to_string(s.neurons) + ")");
    const auto lambda = meanCounts(s);
    double top = 0;
    for (const auto& row : lambda)
        top = std::max(top, row[std::size_t(neuron)]);
    const int kMax = int(std::ceil(top + 15 * std::sqrt(top) + 30));
    const double ps = 1.0 / s.stimuli;
    double info = 0;
    for (int k = 0; k <= kMax; ++k) {
        double pk = 0;
        std::vector<double> conditional(std::size_t(s.stimuli));
        for (int i = 0; i < s.stimuli; ++i) {
            conditional[std::size_t(i)] = std::exp(logPoisson(k, lambda[std::size_t(i)][std::size_t(neuron)]));
            pk += ps * conditional[std::size_t(i)];
        }
        if (pk <= 0)
            continue;
        for (const double c : conditional)
            if (c > 0)
                info += ps * c * std::log2(c / pk);
    }
    return std::max(0.0, info);
}

Estimate populationInformation(const PopulationSettings& s, int samples, std::uint64_t seed)
{
    if (samples < 2 || samples > 100000000)
        fail("populationInformation", "samples = " + std::to_string(samples) + " must be in [2, 1e8]");
    const auto lambda = meanCounts(s);
    const std::size_t S = std::size_t(s.stimuli), n = std::size_t(s.neurons);
    // log λ and Σλ per stimulus, so a sample's log-likelihood under each stimulus is Σ k_j log λ_sj − Σ λ_sj.
    std::vector<std::vector<double>> logLambda(S, std::vector<double>(n));
    std::vector<double> sumLambda(S, 0.0);
    for (std::size_t i = 0; i < S; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            logLambda[i][j] = std::log(lambda[i][j]);
            sumLambda[i] += lambda[i][j];
        }
    Random rng(seed);
    std::vector<int> counts(n);
    std::vector<double> logLik(S);
    double mean = 0, m2 = 0;
    for (int t = 0; t < samples; ++t) {
        const std::size_t stimulus = std::min(S - 1, std::size_t(rng.uniform() * double(S)));
        for (std::size_t j = 0; j < n; ++j)
            counts[j] = poissonDeviate(lambda[stimulus][j], rng);
        double top = -std::numeric_limits<double>::infinity();
        for (std::size_t i = 0; i < S; ++i) {
            double l = -sumLambda[i];
            for (std::size_t j = 0; j < n; ++j)
                l += counts[j] * logLambda[i][j];
            logLik[i] = l;
            top = std::max(top, l);
        }
        double sum = 0;
        for (const double l : logLik)
            sum += std::exp(l - top);
        const double logMarginal = top + std::log(sum / double(S));
        const double value = (logLik[stimulus] - logMarginal) / kLn2;
        // Welford's running mean and variance.
        const double delta = value - mean;
        mean += delta / (t + 1);
        m2 += delta * (value - mean);
    }
    Estimate e;
    e.value = mean;
    e.standardError = std::sqrt(m2 / (samples - 1) / samples);
    return e;
}

double sampledSingleNeuronInformation(const PopulationSettings& s, int neuron, int trialsPerStimulus,
                                      std::uint64_t seed)
{
    if (neuron < 0 || neuron >= s.neurons)
        fail("sampledSingleNeuronInformation", "neuron = " + std::to_string(neuron) + " is outside [0, " +
                                                   std::to_string(s.neurons) + ")");
    if (trialsPerStimulus < 1 || trialsPerStimulus > 1000000)
        fail("sampledSingleNeuronInformation",
             "trialsPerStimulus = " + std::to_string(trialsPerStimulus) + " must be in [1, 1e6]");
    const auto lambda = meanCounts(s);
    constexpr int kBins = 64;
    Random rng(seed);
    const std::size_t S = std::size_t(s.stimuli);
    std::vector<std::vector<double>> joint(S, std::vector<double>(kBins, 0.0));
    for (std::size_t i = 0; i < S; ++i)
        for (int t = 0; t < trialsPerStimulus; ++t)
            joint[i][std::size_t(std::min(kBins - 1, poissonDeviate(lambda[i][std::size_t(neuron)], rng)))] += 1;
    // I = H(R) − H(R|S), both plug-in; H(R|S) = mean over the (equiprobable) stimuli.
    std::vector<double> marginal(kBins, 0.0);
    double conditional = 0;
    for (const auto& row : joint) {
        for (int k = 0; k < kBins; ++k)
            marginal[std::size_t(k)] += row[std::size_t(k)];
        conditional += plugInEntropy(row) / double(S);
    }
    return plugInEntropy(marginal) - conditional;
}

// --- efficient coding ---

std::vector<double> equalisingCurve(std::vector<double> samples, const std::vector<double>& grid)
{
    if (samples.size() < 2)
        fail("equalisingCurve", "needs at least 2 samples (got " + std::to_string(samples.size()) + ")");
    for (const double x : samples)
        if (!std::isfinite(x))
            fail("equalisingCurve", "a sample is not finite (" + show(x) + ")");
    std::sort(samples.begin(), samples.end());
    const double n = double(samples.size());
    std::vector<double> curve;
    curve.reserve(grid.size());
    for (const double s : grid) {
        if (!std::isfinite(s))
            fail("equalisingCurve", "a grid point is not finite (" + show(s) + ")");
        // F at the k-th sorted sample (0-based) is (k + 1)/n; linear in between; 0 below the first, 1 above the last.
        const auto upper = std::upper_bound(samples.begin(), samples.end(), s);
        const auto k = std::size_t(upper - samples.begin());  // samples ≤ s
        if (k == 0) {
            curve.push_back(0.0);
        } else if (k == samples.size()) {
            curve.push_back(1.0);
        } else {
            const double lo = samples[k - 1], hi = samples[k];
            const double frac = hi > lo ? (s - lo) / (hi - lo) : 0.0;
            curve.push_back((double(k) + frac) / n);
        }
    }
    return curve;
}

double outputEntropy(const std::vector<double>& samples, const std::vector<double>& grid,
                     const std::vector<double>& curve, int levels)
{
    if (levels < 2 || levels > 4096)
        fail("outputEntropy", "levels = " + std::to_string(levels) + " must be in [2, 4096]");
    if (grid.size() < 2 || grid.size() != curve.size())
        fail("outputEntropy", "grid and curve must have the same size >= 2 (got " + std::to_string(grid.size()) +
                                  " and " + std::to_string(curve.size()) + ")");
    if (!std::is_sorted(grid.begin(), grid.end()))
        fail("outputEntropy", "the grid must be sorted");
    if (samples.empty())
        fail("outputEntropy", "no samples");
    std::vector<double> counts(std::size_t(levels), 0.0);
    for (const double s : samples) {
        double c;
        if (s <= grid.front()) {
            c = curve.front();
        } else if (s >= grid.back()) {
            c = curve.back();
        } else {
            const auto it = std::upper_bound(grid.begin(), grid.end(), s);
            const std::size_t k = std::size_t(it - grid.begin());
            const double t = (s - grid[k - 1]) / (grid[k] - grid[k - 1]);
            c = curve[k - 1] + t * (curve[k] - curve[k - 1]);
        }
        if (!std::isfinite(c))
            fail("outputEntropy", "the curve is not finite");
        const int level = std::clamp(int(std::floor(c * levels)), 0, levels - 1);
        counts[std::size_t(level)] += 1;
    }
    return plugInEntropy(counts);
}

std::vector<double> naturalContrastSamples(int count, double gaussianWeight, Random& rng)
{
    if (count < 1 || count > 100000000)
        fail("naturalContrastSamples", "count = " + std::to_string(count) + " must be in [1, 1e8]");
    requireRange("naturalContrastSamples", "gaussianWeight", gaussianWeight, 0, 1);
    std::vector<double> out(static_cast<std::size_t>(count));
    for (double& x : out) {
        if (rng.uniform() < gaussianWeight)
            x = std::abs(rng.normal());
        else
            x = -std::log(1.0 - rng.uniform());  // |Laplace(0, 1)| is Exponential(1)
    }
    return out;
}

// --- channels ---

namespace {
void checkChannel(const char* owner, const ChannelMatrix& channel)
{
    if (channel.empty() || channel.front().empty())
        fail(owner, "the channel matrix is empty");
    const std::size_t ny = channel.front().size();
    for (std::size_t x = 0; x < channel.size(); ++x) {
        if (channel[x].size() != ny)
            fail(owner, "row " + std::to_string(x) + " has " + std::to_string(channel[x].size()) +
                            " outputs, row 0 has " + std::to_string(ny));
        double sum = 0;
        for (const double p : channel[x]) {
            if (!std::isfinite(p) || p < 0 || p > 1)
                fail(owner, "P(y|x) in row " + std::to_string(x) + " = " + show(p) + " must be in [0, 1]");
            sum += p;
        }
        if (std::abs(sum - 1) > 1e-9)
            fail(owner, "row " + std::to_string(x) + " sums to " + show(sum) + ", not 1");
    }
}

std::vector<double> outputDistribution(const ChannelMatrix& channel, const std::vector<double>& input)
{
    std::vector<double> q(channel.front().size(), 0.0);
    for (std::size_t x = 0; x < channel.size(); ++x)
        for (std::size_t y = 0; y < q.size(); ++y)
            q[y] += input[x] * channel[x][y];
    return q;
}

// D(x) = Σ_y P(y|x) ln(P(y|x)/q(y)), in nats.
double divergenceNats(const std::vector<double>& row, const std::vector<double>& q)
{
    double d = 0;
    for (std::size_t y = 0; y < row.size(); ++y)
        if (row[y] > 0)
            d += row[y] * std::log(row[y] / q[y]);
    return d;
}
}  // namespace

ChannelMatrix binarySymmetricChannel(double epsilon)
{
    requireRange("binarySymmetricChannel", "epsilon", epsilon, 0, 1);
    return {{1 - epsilon, epsilon}, {epsilon, 1 - epsilon}};
}

ChannelMatrix zChannel(double p)
{
    requireRange("zChannel", "p", p, 0, 1);
    return {{1, 0}, {p, 1 - p}};
}

double mutualInformation(const ChannelMatrix& channel, const std::vector<double>& input)
{
    checkChannel("mutualInformation", channel);
    if (input.size() != channel.size())
        fail("mutualInformation", "the input distribution has " + std::to_string(input.size()) +
                                      " entries, the channel " + std::to_string(channel.size()) + " inputs");
    (void)entropyOf(input);  // validates: finite, ≥ 0, sums to 1
    const std::vector<double> q = outputDistribution(channel, input);
    double info = 0;
    for (std::size_t x = 0; x < channel.size(); ++x)
        if (input[x] > 0)
            info += input[x] * divergenceNats(channel[x], q);
    return info / kLn2;
}

Capacity blahutArimoto(const ChannelMatrix& channel, double tolerance, int maxIterations)
{
    checkChannel("blahutArimoto", channel);
    requireRange("blahutArimoto", "tolerance", tolerance, 1e-15, 1);
    if (maxIterations < 1)
        fail("blahutArimoto", "maxIterations = " + std::to_string(maxIterations) + " must be >= 1");
    const std::size_t nx = channel.size();
    std::vector<double> p(nx, 1.0 / double(nx));
    std::vector<double> d(nx);
    Capacity c;
    for (int it = 1; it <= maxIterations; ++it) {
        const std::vector<double> q = outputDistribution(channel, p);
        double z = 0, upper = -std::numeric_limits<double>::infinity();
        for (std::size_t x = 0; x < nx; ++x) {
            d[x] = divergenceNats(channel[x], q);
            z += p[x] * std::exp(d[x]);
            upper = std::max(upper, d[x]);
        }
        const double lower = std::log(z);
        c.bits = lower / kLn2;
        c.upperBound = upper / kLn2;
        c.iterations = it;
        // The bounds hold for the current p: lower ≤ C ≤ upper.
        for (std::size_t x = 0; x < nx; ++x)
            p[x] = p[x] * std::exp(d[x]) / z;
        if (upper - lower < tolerance * kLn2)
            break;
    }
    c.input = p;
    return c;
}

double bscCapacity(double epsilon)
{
    requireRange("bscCapacity", "epsilon", epsilon, 0, 1);
    return 1.0 - binaryEntropy(epsilon);
}

double zChannelCapacity(double p)
{
    requireRange("zChannelCapacity", "p", p, 0, 1);
    if (p == 1)
        return 0;
    if (p == 0)
        return 1;
    return std::log2(1.0 + (1.0 - p) * std::pow(p, p / (1.0 - p)));
}

}  // namespace neuroai::information
