#pragma once

#include <vector>

namespace neuroai {

// Spike-train statistics shared by the engine, the tests and the firing-pattern panel. Times in ms.

// Differences of consecutive spike times.
std::vector<double> interSpikeIntervals(const std::vector<double>& spikeTimes);

// Adaptation index (Naud et al. 2008): the mean over consecutive ISI pairs, after dropping the first `skip`
// intervals, of (ISI_{i+1} − ISI_i)/(ISI_{i+1} + ISI_i). Positive when the train slows down (adaptation), negative
// when it speeds up (acceleration), 0 for a regular train; lies in (−1, 1). Returns 0 with fewer than two ISIs left.
double adaptationIndex(const std::vector<double>& isis, int skip = 0);

// Coefficient of variation of the ISIs (sample standard deviation / mean); 0 with fewer than two ISIs.
double coefficientOfVariation(const std::vector<double>& isis);

struct IsiHistogram {
    double binMs = 1;
    std::vector<double> counts;  // counts[k] covers [k·binMs, (k+1)·binMs)
    long overflow = 0;           // ISIs ≥ counts.size()·binMs
};
// Histogram of `isis` with `bins` bins of width `binMs`.
IsiHistogram isiHistogram(const std::vector<double>& isis, double binMs, int bins);

// Bursts: maximal runs of at least two spikes whose ISIs are all below `maxIsiMs`.
struct BurstSummary {
    int bursts = 0;               // number of bursts
    int spikesInBursts = 0;
    int isolatedSpikes = 0;       // spikes not in any burst
    double meanSpikesPerBurst = 0;
};
BurstSummary detectBursts(const std::vector<double>& spikeTimes, double maxIsiMs);

}  // namespace neuroai
