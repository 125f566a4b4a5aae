#include "engine/analysis/SpikeStats.h"

#include <cmath>

namespace neuroai {

std::vector<double> interSpikeIntervals(const std::vector<double>& spikeTimes)
{
    std::vector<double> isis;
    if (spikeTimes.size() < 2)
        return isis;
    isis.reserve(spikeTimes.size() - 1);
    for (std::size_t i = 1; i < spikeTimes.size(); ++i)
        isis.push_back(spikeTimes[i] - spikeTimes[i - 1]);
    return isis;
}

double adaptationIndex(const std::vector<double>& isis, int skip)
{
    const std::size_t first = std::size_t(skip < 0 ? 0 : skip);
    if (isis.size() < first + 2)
        return 0.0;
    double sum = 0.0;
    std::size_t terms = 0;
    for (std::size_t i = first + 1; i < isis.size(); ++i) {
        const double total = isis[i] + isis[i - 1];
        if (total > 0) {
            sum += (isis[i] - isis[i - 1]) / total;
            ++terms;
        }
    }
    return terms ? sum / double(terms) : 0.0;
}

double coefficientOfVariation(const std::vector<double>& isis)
{
    if (isis.size() < 2)
        return 0.0;
    double mean = 0.0;
    for (const double d : isis)
        mean += d;
    mean /= double(isis.size());
    double sumSq = 0.0;
    for (const double d : isis)
        sumSq += (d - mean) * (d - mean);
    return mean > 0 ? std::sqrt(sumSq / double(isis.size() - 1)) / mean : 0.0;
}

IsiHistogram isiHistogram(const std::vector<double>& isis, double binMs, int bins)
{
    IsiHistogram h;
    h.binMs = binMs > 0 ? binMs : 1.0;
    h.counts.assign(std::size_t(bins > 0 ? bins : 1), 0.0);
    for (const double d : isis) {
        const double k = std::floor(d / h.binMs);
        if (k >= 0 && k < double(h.counts.size()))
            h.counts[std::size_t(k)] += 1.0;
        else if (k >= double(h.counts.size()))
            ++h.overflow;
    }
    return h;
}

BurstSummary detectBursts(const std::vector<double>& spikeTimes, double maxIsiMs)
{
    BurstSummary s;
    std::size_t i = 0;
    const std::size_t n = spikeTimes.size();
    while (i < n) {
        std::size_t j = i;
        while (j + 1 < n && spikeTimes[j + 1] - spikeTimes[j] < maxIsiMs)
            ++j;
        const std::size_t length = j - i + 1;
        if (length >= 2) {
            ++s.bursts;
            s.spikesInBursts += int(length);
        } else {
            ++s.isolatedSpikes;
        }
        i = j + 1;
    }
    s.meanSpikesPerBurst = s.bursts ? double(s.spikesInBursts) / s.bursts : 0.0;
    return s;
}

}  // namespace neuroai
