#pragma once

// Information theory for spike trains and populations (chapter 7, "information").
//
// Entropy estimators on a histogram of N samples over bins:
//   plug-in       Ĥ = −Σ (n_i/N) log2(n_i/N)
//   Miller–Madow  Ĥ_MM = Ĥ + (m − 1)/(2N ln 2), m = number of bins with n_i > 0 (Miller 1955)
// For N ≫ m the plug-in estimate is biased low by about (m − 1)/(2N ln 2) bits, m the number of bins with
// non-zero probability (Paninski 2003, eq. 4); Miller–Madow adds that term back with the observed m.
//
// Spike trains: a train is cut into bins of Δt (1 if the bin holds a spike, else 0; more than one spike per bin is
// still 1) and into words of L consecutive bins; the word entropy divided by L·Δt is an entropy rate in bits/s. The
// direct method (Strong, Koberle, de Ruyter van Steveninck & Bialek 1998) takes the total entropy rate over a long
// varying stimulus minus the noise entropy rate over repeats of one stimulus segment (the entropy of the word found at
// the same time in every repeat, averaged over times); the difference is the information rate.
//
// Population coding: S equiprobable stimuli (orientations on a circle), n neurons with von Mises tuning
//   λ_j(s) = r0 + (rmax − r0)·exp(κ (cos(2(s − φ_j)) − 1))     (orientation: period 180°)
// counting Poisson spikes in a window T. The mutual information I(S; R) is computed
//   exactly for one neuron (sum over counts up to where the Poisson tails are below 1e-15), and
//   for the population by Monte Carlo over the known model, I = E[log2 p(r|s) − log2 p(r)], with its standard
//   error (no binning, so no binning bias), and
//   from samples by the plug-in estimator on the joint histogram (biased: the panel shows by how much).
//
// Efficient coding (Laughlin 1981): a neuron with a bounded, noise-limited output range carries the most information
// about a stimulus when every output level is used equally often, which its tuning curve achieves by following the
// stimulus' cumulative distribution: r(s) = rmax·F(s) (histogram equalisation).
//
// Channels: a discrete memoryless channel P(y|x); I(X;Y) for an input distribution; its capacity by Blahut–Arimoto
// (Blahut 1972, Arimoto 1972), with the upper bound max_y log2(Σ_x p(x)P(y|x)/q(y)) that brackets the capacity; the
// binary symmetric channel's closed form C = 1 − H2(ε) (ε = 0.1 → 0.531 bits) and the Z channel's
// C = log2(1 + (1 − p)·p^{p/(1−p)}).
//
// All logarithms are base 2 (bits). Randomness only through neuroai::Random, so a seed gives the same numbers.

#include "engine/core/Random.h"

#include <cstdint>
#include <vector>

namespace neuroai::information {

// --- entropy of a histogram ---
double plugInEntropy(const std::vector<double>& counts);
double millerMadowEntropy(const std::vector<double>& counts);
// The first-order bias of the plug-in estimate with m bins of non-zero probability and N samples: −(m−1)/(2N ln 2).
double plugInBias(int m, double n);
// Entropy of a probability vector (must sum to 1 within 1e-9; zeros allowed).
double entropyOf(const std::vector<double>& probabilities);
// The binary entropy H2(p) in bits.
double binaryEntropy(double p);

// --- spike trains ---
// Spike times (ms, sorted) of a Poisson train of rate `rateHz` over [0, durationMs) with an absolute refractory period
// `refractoryMs` (dead time after each spike; 0 for pure Poisson). The rate is the rate of the underlying process
// before dead time; the mean rate of the train is rateHz / (1 + rateHz·refractory).
std::vector<double> poissonTrain(double rateHz, double durationMs, double refractoryMs, Random& rng);
// Words of L bins of width binMs over [0, durationMs), non-overlapping, as integers (bit k = bin k of the word);
// L ≤ 20.
std::vector<std::uint32_t> spikeWords(const std::vector<double>& spikeTimesMs, double durationMs, double binMs,
                                      int wordLength);
// Histogram counts of word values (size 2^L).
std::vector<double> wordHistogram(const std::vector<std::uint32_t>& words, int wordLength);

// Entropy rate of one train's words, both estimators, in bits/s.
struct EntropyRate {
    double plugIn = 0;       // bits/s
    double millerMadow = 0;  // bits/s
    int words = 0;           // samples
    int distinctWords = 0;   // bins of the histogram that were seen
};
EntropyRate wordEntropyRate(const std::vector<double>& spikeTimesMs, double durationMs, double binMs, int wordLength);

// The exact entropy rate (bits/s) of the binarised Poisson train without dead time: bins are independent with
// P(spike) = 1 − e^{−rate·Δt}, so the rate is H2(p)/Δt whatever the word length.
double poissonBinnedEntropyRate(double rateHz, double binMs);

// The direct method on a model neuron whose rate follows a stimulus: rate(t) = max(0, r0 + gain·s(t)) with s(t) a
// smoothed Gaussian noise stimulus (correlation time tauStimMs). `repeats` trials of one `segmentMs` segment give the
// noise entropy; one long run of repeats·segmentMs of a fresh stimulus gives the total entropy.
struct DirectMethodSettings {
    double baseRateHz = 20;
    double gainHz = 40;           // rate change per unit of stimulus (the stimulus has unit variance)
    double tauStimMs = 10;        // stimulus correlation time
    double refractoryMs = 2;
    double binMs = 3;
    int wordLength = 6;
    int repeats = 200;
    double segmentMs = 2000;
    void validate() const;
};
struct DirectMethodResult {
    double totalRate = 0;   // bits/s, plug-in
    double noiseRate = 0;   // bits/s, plug-in (averaged over word positions)
    double totalRateMM = 0; // bits/s, Miller–Madow
    double noiseRateMM = 0; // bits/s, Miller–Madow
    double information() const { return totalRate - noiseRate; }
    double informationMM() const { return totalRateMM - noiseRateMM; }
    double meanRateHz = 0;  // measured over the total run
};
DirectMethodResult directMethod(const DirectMethodSettings& settings, std::uint64_t seed);

// --- population coding ---
struct PopulationSettings {
    int neurons = 8;
    int stimuli = 8;            // equally spaced orientations in [0°, 180°)
    double baseRateHz = 2;      // r0
    double peakRateHz = 30;     // rmax
    double kappa = 2;           // von Mises concentration of the tuning
    double windowMs = 100;      // counting window T
    void validate() const;
};
// Mean counts λ_j(s)·T, indexed [stimulus][neuron].
std::vector<std::vector<double>> meanCounts(const PopulationSettings& settings);
// Exact I(S; R_j) for neuron j alone (bits).
double singleNeuronInformation(const PopulationSettings& settings, int neuron);
struct Estimate {
    double value = 0;
    double standardError = 0;
};
// Monte Carlo I(S; R) of the whole population with `samples` draws (bits).
Estimate populationInformation(const PopulationSettings& settings, int samples, std::uint64_t seed);
// Plug-in estimate of I(S; R_j) for neuron j from `trialsPerStimulus` simulated trials per stimulus (biased upwards
// for few trials); counts above 63 share the last bin.
double sampledSingleNeuronInformation(const PopulationSettings& settings, int neuron, int trialsPerStimulus,
                                      std::uint64_t seed);

// --- efficient coding ---
// Histogram equalisation: the tuning curve r(s) = F(s) (0…1) for the empirical distribution of `samples`, returned on
// `grid` (any points; F is the fraction of samples ≤ s, interpolated linearly between sorted samples).
std::vector<double> equalisingCurve(std::vector<double> samples, const std::vector<double>& grid);
// The entropy (bits) of the output when a tuning curve in [0, 1] is quantised into `levels` equal output levels and
// applied to `samples`. curve(s) is given on `grid` (sorted) and interpolated linearly.
double outputEntropy(const std::vector<double>& samples, const std::vector<double>& grid,
                     const std::vector<double>& curve, int levels);
// Samples of a heavy-tailed "natural" stimulus: local contrast |x| with x Laplacian of unit scale, mixed with a
// Gaussian of weight `gaussianWeight` (0…1) — a stand-in for the contrast distribution Laughlin measured.
std::vector<double> naturalContrastSamples(int count, double gaussianWeight, Random& rng);

// --- channels ---
// P(y|x) as rows x, columns y; every row must sum to 1.
using ChannelMatrix = std::vector<std::vector<double>>;
ChannelMatrix binarySymmetricChannel(double epsilon);
ChannelMatrix zChannel(double p);  // input 1 becomes 0 with probability p; input 0 is always received
double mutualInformation(const ChannelMatrix& channel, const std::vector<double>& inputDistribution);
struct Capacity {
    double bits = 0;                  // lower bound at the last iterate (the capacity to `tolerance`)
    double upperBound = 0;            // max_y D-bound; capacity lies in [bits, upperBound]
    std::vector<double> input;        // the capacity-achieving input distribution
    int iterations = 0;
};
Capacity blahutArimoto(const ChannelMatrix& channel, double tolerance = 1e-12, int maxIterations = 100000);
double bscCapacity(double epsilon);    // 1 − H2(ε)
double zChannelCapacity(double p);     // log2(1 + (1 − p)·p^{p/(1−p)})

}  // namespace neuroai::information
