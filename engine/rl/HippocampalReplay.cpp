#include "engine/rl/HippocampalReplay.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {
void requireFor(const char* owner, bool ok, const char* name, double value, const char* what)
{
    if (!ok)
        throw std::invalid_argument(std::string(owner) + ": " + name + " = " + std::to_string(value) + " " + what);
}

void require(bool ok, const char* name, double value, const char* what)
{
    requireFor("HippocampalReplay", ok, name, value, what);
}
}  // namespace

void checkReplaySpiking(const char* owner, double fieldSigmaCm, double peakRateHz, double backgroundHz,
                        double runSpeedCmS, double compression, double dtMs, double binMs)
{
    const auto positive = [&](double v, const char* name) {
        requireFor(owner, std::isfinite(v) && v > 0, name, v, "must be positive");
    };
    positive(fieldSigmaCm, "fieldSigmaCm");
    positive(peakRateHz, "peakRateHz");
    requireFor(owner, std::isfinite(backgroundHz) && backgroundHz >= 0, "backgroundHz", backgroundHz, "must be ≥ 0");
    positive(runSpeedCmS, "runSpeedCmS");
    positive(compression, "compression");
    requireFor(owner, std::isfinite(dtMs) && dtMs > 0 && dtMs <= 10, "dtMs", dtMs, "must be in (0, 10]");
    requireFor(owner, std::isfinite(binMs) && binMs >= dtMs, "binMs", binMs, "must be ≥ dtMs");
}

void HippocampalReplayConfig::validate() const
{
    require(cells >= 2 && cells <= 1000, "cells", cells, "must be in [2, 1000]");
    require(std::isfinite(trackCm) && trackCm > 0, "trackCm", trackCm, "must be positive");
    checkReplaySpiking("HippocampalReplay", fieldSigmaCm, peakRateHz, backgroundHz, runSpeedCmS, compression, dtMs,
                       binMs);
    require(positionBins >= 2 && positionBins <= 2000, "positionBins", positionBins, "must be in [2, 2000]");
    require(eventMs() <= 60000, "compression", compression, "makes an event longer than 60 s");
}

double HippocampalReplayConfig::rateHz(int cell, double x) const
{
    const double d = x - fieldCentre(cell);
    return backgroundHz + peakRateHz * std::exp(-d * d / (2 * fieldSigmaCm * fieldSigmaCm));
}

long poissonDeviate(double lambda, Random& rng)
{
    if (!(lambda > 0))
        return 0;
    if (lambda > 500)  // never at the rates used here; keeps exp(−λ) representable
        return std::max(0L, std::lround(lambda + std::sqrt(lambda) * rng.normal()));
    const double limit = std::exp(-lambda);
    long k = 0;
    double p = rng.uniform();
    while (p > limit) {
        ++k;
        p *= rng.uniform();
    }
    return k;
}

HippocampalReplay::HippocampalReplay(const HippocampalReplayConfig& config)
    : m_config(config)
{
    m_config.validate();
    const int P = m_config.positionBins;
    m_logRate.assign(std::size_t(P), std::vector<double>(std::size_t(m_config.cells)));
    m_rateSum.assign(std::size_t(P), 0.0);
    for (int p = 0; p < P; ++p) {
        const double x = (p + 0.5) * m_config.positionBinCm();
        for (int i = 0; i < m_config.cells; ++i) {
            // A floor keeps log f finite without background noise: a spike far from a field then costs a lot, not ∞.
            const double f = std::max(m_config.rateHz(i, x), 1e-6);
            m_logRate[std::size_t(p)][std::size_t(i)] = std::log(f);
            m_rateSum[std::size_t(p)] += f;
        }
    }
}

double ReplayPath::durationMs() const
{
    return waypointsCm.size() < 2 ? 0.0 : double(waypointsCm.size() - 1) * segmentMs;
}

double ReplayPath::at(double tMs) const
{
    if (waypointsCm.empty())
        return std::numeric_limits<double>::quiet_NaN();
    if (waypointsCm.size() == 1 || !(segmentMs > 0))
        return waypointsCm.front();
    const double u = std::clamp(tMs / segmentMs, 0.0, double(waypointsCm.size() - 1));
    const std::size_t k = std::min(std::size_t(u), waypointsCm.size() - 2);
    const double f = u - double(k);
    return (1 - f) * waypointsCm[k] + f * waypointsCm[k + 1];
}

double ReplayPath::netCm() const { return waypointsCm.empty() ? 0.0 : waypointsCm.back() - waypointsCm.front(); }

ReplayPath HippocampalReplay::straightPath(ReplayDirection direction) const
{
    const double L = m_config.trackCm;
    return ReplayPath{direction == ReplayDirection::Forward ? std::vector<double>{0.0, L} : std::vector<double>{L, 0.0},
                      m_config.eventMs()};
}

void HippocampalReplay::check(const ReplayPath& path) const
{
    if (path.waypointsCm.size() < 2)
        throw std::invalid_argument("HippocampalReplay: a replayed path needs at least 2 waypoints, not " +
                                    std::to_string(path.waypointsCm.size()));
    for (const double x : path.waypointsCm)
        require(std::isfinite(x) && x >= 0 && x <= m_config.trackCm, "waypoint", x, "must lie on the track");
    require(std::isfinite(path.segmentMs) && path.segmentMs > 0, "segmentMs", path.segmentMs, "must be positive");
    require(path.durationMs() <= 60000, "segmentMs", path.segmentMs, "makes an event longer than 60 s");
}

double HippocampalReplay::trajectoryCm(ReplayDirection direction, double tMs) const
{
    return straightPath(direction).at(tMs);
}

int HippocampalReplay::binCount() const { return binCount(straightPath(ReplayDirection::Forward)); }

int HippocampalReplay::binCount(const ReplayPath& path) const
{
    return std::max(1, int(std::ceil(path.durationMs() / m_config.binMs - 1e-9)));
}

double HippocampalReplay::expectedSpikeCount(ReplayDirection direction) const
{
    double total = 0;
    for (const auto& bin : expectedCounts(direction))
        for (const double n : bin)
            total += n;
    return total;
}

std::vector<std::vector<double>> HippocampalReplay::expectedCounts(ReplayDirection direction) const
{
    return expectedCounts(straightPath(direction));
}

std::vector<std::vector<double>> HippocampalReplay::expectedCounts(const ReplayPath& path) const
{
    check(path);
    const int bins = binCount(path);
    const int steps = int(std::ceil(path.durationMs() / m_config.dtMs - 1e-9));
    std::vector<std::vector<double>> counts(std::size_t(bins), std::vector<double>(std::size_t(m_config.cells)));
    for (int s = 0; s < steps; ++s) {
        const double t = (s + 0.5) * m_config.dtMs;
        const int b = std::min(bins - 1, int(t / m_config.binMs));
        const double x = path.at(t);
        for (int i = 0; i < m_config.cells; ++i)
            counts[std::size_t(b)][std::size_t(i)] += m_config.rateHz(i, x) * m_config.dtMs / 1000.0;
    }
    return counts;
}

ReplayEvent HippocampalReplay::generate(ReplayDirection direction, Random& rng) const
{
    return generate(straightPath(direction), rng);
}

ReplayEvent HippocampalReplay::generate(const ReplayPath& path, Random& rng) const
{
    check(path);
    ReplayEvent event;
    event.path = path;
    event.direction = path.netCm() >= 0 ? ReplayDirection::Forward : ReplayDirection::Reverse;
    event.durationMs = path.durationMs();
    event.spikeMs.assign(std::size_t(m_config.cells), {});
    const int bins = binCount(path);
    std::vector<std::vector<double>> counts(std::size_t(bins), std::vector<double>(std::size_t(m_config.cells)));
    const int steps = int(std::ceil(event.durationMs / m_config.dtMs - 1e-9));
    for (int s = 0; s < steps; ++s) {
        const double t0 = s * m_config.dtMs;
        const double x = path.at(t0 + 0.5 * m_config.dtMs);
        const int b = std::min(bins - 1, int((t0 + 0.5 * m_config.dtMs) / m_config.binMs));
        for (int i = 0; i < m_config.cells; ++i) {
            const long n = poissonDeviate(m_config.rateHz(i, x) * m_config.dtMs / 1000.0, rng);
            for (long k = 0; k < n; ++k)
                event.spikeMs[std::size_t(i)].push_back(t0 + rng.uniform() * m_config.dtMs);
            counts[std::size_t(b)][std::size_t(i)] += double(n);
            event.spikeCount += n;
        }
    }
    for (auto& times : event.spikeMs)
        std::sort(times.begin(), times.end());
    event.decoding = decode(counts, path);
    return event;
}

ReplayDecoding HippocampalReplay::decode(const std::vector<std::vector<double>>& counts,
                                         ReplayDirection direction) const
{
    return decode(counts, straightPath(direction));
}

ReplayDecoding HippocampalReplay::decode(const std::vector<std::vector<double>>& counts,
                                         const ReplayPath& path) const
{
    check(path);
    const int P = m_config.positionBins;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    ReplayDecoding d;
    const std::size_t bins = counts.size();
    d.binCentreMs.resize(bins);
    d.decodedCm.assign(bins, nan);
    d.trueCm.resize(bins);
    d.posterior.assign(bins, std::vector<double>(std::size_t(P), nan));
    std::vector<double> logP(static_cast<std::size_t>(P));
    for (std::size_t b = 0; b < bins; ++b) {
        if (counts[b].size() != std::size_t(m_config.cells))
            throw std::invalid_argument("HippocampalReplay::decode: bin " + std::to_string(b) + " has " +
                                        std::to_string(counts[b].size()) + " counts, expected cells = " +
                                        std::to_string(m_config.cells));
        const double t0 = double(b) * m_config.binMs;
        const double t1 = std::min(t0 + m_config.binMs, path.durationMs());
        const double tau = (t1 - t0) / 1000.0;
        d.binCentreMs[b] = 0.5 * (t0 + t1);
        d.trueCm[b] = path.at(d.binCentreMs[b]);
        double total = 0;
        for (const double n : counts[b]) {
            if (!std::isfinite(n) || n < 0)
                throw std::invalid_argument("HippocampalReplay::decode: count = " + std::to_string(n) +
                                            " must be finite and ≥ 0");
            total += n;
        }
        if (total <= 0)
            continue;
        double best = -std::numeric_limits<double>::infinity();
        int arg = 0;
        for (int p = 0; p < P; ++p) {
            double l = -tau * m_rateSum[std::size_t(p)];
            const auto& lr = m_logRate[std::size_t(p)];
            for (int i = 0; i < m_config.cells; ++i)
                l += counts[b][std::size_t(i)] * lr[std::size_t(i)];
            logP[std::size_t(p)] = l;
            if (l > best) {
                best = l;
                arg = p;
            }
        }
        double z = 0;
        for (int p = 0; p < P; ++p)
            z += std::exp(logP[std::size_t(p)] - best);
        for (int p = 0; p < P; ++p)
            d.posterior[b][std::size_t(p)] = std::exp(logP[std::size_t(p)] - best) / z;
        d.decodedCm[b] = (arg + 0.5) * m_config.positionBinCm();
    }
    scoreReplayDecoding(d, m_config.positionBinCm());
    return d;
}

void scoreReplayDecoding(ReplayDecoding& d, double positionBinCm)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    double sw = 0, swt = 0, swx = 0, swtt = 0, swxx = 0, swtx = 0;  // posterior-weighted moments
    std::vector<double> ts, xs;
    double errorSum = 0;
    for (std::size_t b = 0; b < d.decodedCm.size(); ++b) {
        if (!std::isfinite(d.decodedCm[b]))
            continue;
        const double t = d.binCentreMs[b];
        ts.push_back(t);
        xs.push_back(d.decodedCm[b]);
        errorSum += std::abs(d.decodedCm[b] - d.trueCm[b]);
        const std::vector<double>& post = d.posterior[b];
        for (std::size_t p = 0; p < post.size(); ++p) {
            const double w = post[p], x = (double(p) + 0.5) * positionBinCm;
            sw += w;
            swt += w * t;
            swx += w * x;
            swtt += w * t * t;
            swxx += w * x * x;
            swtx += w * t * x;
        }
    }
    d.decodedBins = int(ts.size());
    d.meanAbsErrorCm = d.decodedBins > 0 ? errorSum / d.decodedBins : nan;
    if (d.decodedBins < 3) {
        d.slopeCmPerS = d.r2 = d.weightedR = nan;
        return;
    }
    const double n = double(ts.size());
    double mt = 0, mx = 0;
    for (std::size_t k = 0; k < ts.size(); ++k) {
        mt += ts[k] / n;
        mx += xs[k] / n;
    }
    double stt = 0, sxx = 0, stx = 0;
    for (std::size_t k = 0; k < ts.size(); ++k) {
        stt += (ts[k] - mt) * (ts[k] - mt);
        sxx += (xs[k] - mx) * (xs[k] - mx);
        stx += (ts[k] - mt) * (xs[k] - mx);
    }
    d.slopeCmPerS = stt > 0 ? 1000.0 * stx / stt : nan;
    d.r2 = stt > 0 && sxx > 0 ? stx * stx / (stt * sxx) : 0.0;
    const double ct = swtt / sw - (swt / sw) * (swt / sw), cx = swxx / sw - (swx / sw) * (swx / sw);
    const double ctx = swtx / sw - (swt / sw) * (swx / sw);
    d.weightedR = ct > 0 && cx > 0 ? ctx / std::sqrt(ct * cx) : 0.0;
}

}  // namespace neuroai::rl
