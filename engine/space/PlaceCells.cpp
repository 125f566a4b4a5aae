#include "engine/space/PlaceCells.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::space {

namespace {
constexpr double kTwoPi = 2.0 * std::numbers::pi;

std::string text(double value)
{
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    return buffer;
}

void require(bool ok, const char* name, double value, const char* rule)
{
    if (!ok)
        throw std::invalid_argument(std::string("place cells: ") + name + " = " + text(value) + " (" + rule + ")");
}

double wrapPhase(double phase)
{
    phase = std::fmod(phase, kTwoPi);
    return phase < 0 ? phase + kTwoPi : phase;
}

// Knuth's product method: exact; the means per step here are small.
int poissonDraw(Random& rng, double mean)
{
    if (!(mean > 0))
        return 0;
    const double limit = std::exp(-mean);
    int count = 0;
    double product = rng.uniform();
    while (product > limit && count < 100000) {
        ++count;
        product *= rng.uniform();
    }
    return count;
}
}  // namespace

PlaceCellPopulation::PlaceCellPopulation(const Arena& arena, const PlaceCellParams& params, std::uint64_t seed)
    : m_params(params)
    , m_rng(seed)
{
    const PlaceCellParams& p = params;
    require(p.cells >= 1 && p.cells <= 10000, "cell count", p.cells, "1 to 10000");
    require(std::isfinite(p.fieldSigmaCm) && p.fieldSigmaCm > 0 && p.fieldSigmaCm <= 1000, "field width sigma (cm)",
            p.fieldSigmaCm, "above 0, at most 1000");
    require(std::isfinite(p.peakRateHz) && p.peakRateHz >= 0, "peak rate (Hz)", p.peakRateHz, "finite, >= 0");
    require(std::isfinite(p.baselineHz) && p.baselineHz >= 0, "baseline rate (Hz)", p.baselineHz, "finite, >= 0");
    require(std::isfinite(p.jitter) && p.jitter >= 0 && p.jitter <= 1, "jitter", p.jitter, "0 to 1");
    const double room = std::min(arena.width(), arena.height()) / 2;
    require(std::isfinite(p.marginCm) && p.marginCm >= 0 && p.marginCm < room, "margin (cm)", p.marginCm,
            "at least 0 and less than half the arena's shorter side");
    setTheta(p.precession, p.thetaHz, p.precessionRangeDeg, p.phaseLockingKappa);

    const double x0 = p.marginCm, y0 = p.marginCm;
    const double w = arena.width() - 2 * p.marginCm, h = arena.height() - 2 * p.marginCm;
    m_fields.resize(std::size_t(p.cells));
    if (p.layout == PlaceCellParams::Layout::Random) {
        for (PlaceField& f : m_fields) {
            f.centre.x = x0 + w * m_rng.uniform();
            f.centre.y = y0 + h * m_rng.uniform();
        }
    } else {
        // About square grid cells: nx · ny >= n with nx : ny close to w : h; n of the nx · ny sites are chosen at
        // random (a partial last row would otherwise leave one side of the arena empty).
        const int n = p.cells;
        int nx = std::max(1, int(std::ceil(std::sqrt(double(n) * w / h))));
        nx = std::min(nx, n);
        const int ny = (n + nx - 1) / nx;
        std::vector<int> sites(std::size_t(nx) * std::size_t(ny));
        for (std::size_t i = 0; i < sites.size(); ++i)
            sites[i] = int(i);
        for (std::size_t i = 0; i < std::size_t(n); ++i) {  // partial Fisher–Yates: the first n sites
            const std::size_t j = i + std::size_t(m_rng.uniform() * double(sites.size() - i));
            std::swap(sites[i], sites[std::min(j, sites.size() - 1)]);
        }
        const double sx = w / nx, sy = h / ny;
        for (int i = 0; i < n; ++i) {
            const int column = sites[std::size_t(i)] % nx, row = sites[std::size_t(i)] / nx;
            PlaceField& f = m_fields[std::size_t(i)];
            f.centre.x = x0 + sx * (column + 0.5 + p.jitter * (m_rng.uniform() - 0.5));
            f.centre.y = y0 + sy * (row + 0.5 + p.jitter * (m_rng.uniform() - 0.5));
        }
    }
    std::sort(m_fields.begin(), m_fields.end(), [](const PlaceField& a, const PlaceField& b) {
        return a.centre.x != b.centre.x ? a.centre.x < b.centre.x : a.centre.y < b.centre.y;
    });
    m_cumulative.resize(m_fields.size());
    m_u.resize(m_fields.size());
}

void PlaceCellPopulation::setTheta(bool precession, double thetaHz, double precessionRangeDeg, double kappa)
{
    require(std::isfinite(thetaHz) && thetaHz > 0 && thetaHz <= 100, "theta frequency (Hz)", thetaHz,
            "above 0, at most 100");
    require(std::isfinite(precessionRangeDeg) && precessionRangeDeg >= 0 && precessionRangeDeg <= 360,
            "precession range (deg)", precessionRangeDeg, "0 to 360");
    require(std::isfinite(kappa) && kappa >= 0 && kappa <= 50, "phase locking kappa", kappa, "0 to 50");
    m_params.precession = precession;
    m_params.thetaHz = thetaHz;
    m_params.precessionRangeDeg = precessionRangeDeg;
    m_params.phaseLockingKappa = kappa;
    m_inverseI0 = 1.0 / std::cyl_bessel_i(0.0, kappa);
}

double PlaceCellPopulation::rate(int cell, Vec2 p) const
{
    const PlaceField& f = m_fields.at(std::size_t(cell));
    const double dx = p.x - f.centre.x, dy = p.y - f.centre.y;
    const double s = m_params.fieldSigmaCm;
    return m_params.baselineHz + m_params.peakRateHz * std::exp(-(dx * dx + dy * dy) / (2 * s * s));
}

double PlaceCellPopulation::thetaPhase(double tMs) const
{
    // fmod of the cycle count first keeps the phase accurate over long runs.
    const double cycles = std::fmod(m_params.thetaHz * tMs * 1e-3, 1.0);
    return wrapPhase(kTwoPi * cycles);
}

double PlaceCellPopulation::precessionSlopeRadPerCm() const
{
    return -(m_params.precessionRangeDeg * std::numbers::pi / 180.0) / (4 * m_params.fieldSigmaCm);
}

double PlaceCellPopulation::preferredPhase(double uCm) const
{
    return wrapPhase(std::numbers::pi + precessionSlopeRadPerCm() * uCm);
}

void PlaceCellPopulation::step(Vec2 position, Vec2 velocity, double tMs, double dtMs, std::vector<PlaceSpike>& out)
{
    require(std::isfinite(dtMs) && dtMs > 0, "time step (ms)", dtMs, "finite, above 0");
    require(std::isfinite(position.x) && std::isfinite(position.y), "position x (cm)", position.x,
            "the position must be finite");
    const double speed = std::hypot(velocity.x, velocity.y);
    if (std::isfinite(speed) && speed >= 1.0)
        m_direction = {velocity.x / speed, velocity.y / speed};

    const double dtS = dtMs * 1e-3;
    const double s = m_params.fieldSigmaCm;
    const double inverseTwoVar = 1.0 / (2 * s * s);
    const double cutoff = 36 * s * s;  // beyond 6σ the field adds < 1.6e-8 of its peak: the baseline alone
    const bool theta = m_params.precession && m_params.phaseLockingKappa > 0;
    const double phase = thetaPhase(tMs + 0.5 * dtMs);
    const double slope = precessionSlopeRadPerCm();
    const double kappa = m_params.phaseLockingKappa;
    double total = 0;
    const std::size_t n = m_fields.size();
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = position.x - m_fields[i].centre.x, dy = position.y - m_fields[i].centre.y;
        const double d2 = dx * dx + dy * dy;
        double lambda = m_params.baselineHz;
        if (d2 < cutoff)
            lambda += m_params.peakRateHz * std::exp(-d2 * inverseTwoVar);
        const double u = dx * m_direction.x + dy * m_direction.y;
        m_u[i] = u;
        if (theta)
            lambda *= std::exp(kappa * std::cos(phase - (std::numbers::pi + slope * u))) * m_inverseI0;
        total += lambda * dtS;
        m_cumulative[i] = total;
    }
    const int count = poissonDraw(m_rng, total);
    for (int k = 0; k < count; ++k) {
        const double target = m_rng.uniform() * total;
        const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), target);
        const std::size_t cell = std::min(std::size_t(it - m_cumulative.begin()), n - 1);
        out.push_back({int(cell), phase, m_u[cell]});
    }
}

double skaggsInformation(const std::vector<double>& rates, const std::vector<double>& occupancy)
{
    if (rates.size() != occupancy.size())
        throw std::invalid_argument("Skaggs information: " + std::to_string(rates.size()) + " rates but " +
                                    std::to_string(occupancy.size()) + " occupancy bins");
    double totalOccupancy = 0, weighted = 0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
        const double o = occupancy[i];
        if (!std::isfinite(o) || o < 0)
            throw std::invalid_argument("Skaggs information: occupancy of bin " + std::to_string(i) + " = " +
                                        text(o) + " (must be finite and >= 0)");
        if (!(o > 0) || std::isnan(rates[i]))
            continue;
        if (rates[i] < 0 || !std::isfinite(rates[i]))
            throw std::invalid_argument("Skaggs information: rate of bin " + std::to_string(i) + " = " +
                                        text(rates[i]) + " Hz (must be finite and >= 0)");
        totalOccupancy += o;
        weighted += o * rates[i];
    }
    if (!(totalOccupancy > 0) || !(weighted > 0))
        return std::nan("");
    const double mean = weighted / totalOccupancy;
    double bits = 0;
    for (std::size_t i = 0; i < rates.size(); ++i) {
        const double o = occupancy[i];
        if (!(o > 0) || std::isnan(rates[i]) || !(rates[i] > 0))
            continue;
        const double ratio = rates[i] / mean;
        bits += (o / totalOccupancy) * ratio * std::log2(ratio);
    }
    return bits;
}

namespace {
double resultantAt(const std::vector<double>& x, const std::vector<double>& phase, double slope,
                   std::complex<double>* mean = nullptr)
{
    double c = 0, s = 0;
    for (std::size_t j = 0; j < x.size(); ++j) {
        const double a = phase[j] - slope * x[j];
        c += std::cos(a);
        s += std::sin(a);
    }
    const double n = double(x.size());
    if (mean)
        *mean = {c / n, s / n};
    return std::hypot(c, s) / n;
}
}  // namespace

CircularLinearFit circularLinearFit(const std::vector<double>& x, const std::vector<double>& phase, double minSlope,
                                    double maxSlope)
{
    if (x.size() != phase.size())
        throw std::invalid_argument("circular-linear fit: " + std::to_string(x.size()) + " positions but " +
                                    std::to_string(phase.size()) + " phases");
    if (x.size() < 3)
        throw std::invalid_argument("circular-linear fit: " + std::to_string(x.size()) +
                                    " points (at least 3 are needed)");
    if (!std::isfinite(minSlope) || !std::isfinite(maxSlope) || !(minSlope < maxSlope))
        throw std::invalid_argument("circular-linear fit: slope range [" + text(minSlope) + ", " + text(maxSlope) +
                                    "] is empty or not finite");
    for (std::size_t j = 0; j < x.size(); ++j)
        if (!std::isfinite(x[j]) || !std::isfinite(phase[j]))
            throw std::invalid_argument("circular-linear fit: point " + std::to_string(j) + " is not finite (x = " +
                                        text(x[j]) + ", phase = " + text(phase[j]) + ")");
    constexpr int kGrid = 1000;
    const double step = (maxSlope - minSlope) / kGrid;
    double best = minSlope, bestR = -1;
    for (int k = 0; k <= kGrid; ++k) {
        const double a = minSlope + k * step;
        const double r = resultantAt(x, phase, a);
        if (r > bestR) {
            bestR = r;
            best = a;
        }
    }
    // Golden-section refinement inside the neighbouring grid cells.
    double lo = std::max(minSlope, best - step), hi = std::min(maxSlope, best + step);
    const double g = (std::sqrt(5.0) - 1) / 2;
    double a1 = hi - g * (hi - lo), a2 = lo + g * (hi - lo);
    double r1 = resultantAt(x, phase, a1), r2 = resultantAt(x, phase, a2);
    for (int it = 0; it < 60; ++it) {
        if (r1 > r2) {
            hi = a2;
            a2 = a1;
            r2 = r1;
            a1 = hi - g * (hi - lo);
            r1 = resultantAt(x, phase, a1);
        } else {
            lo = a1;
            a1 = a2;
            r1 = r2;
            a2 = lo + g * (hi - lo);
            r2 = resultantAt(x, phase, a2);
        }
    }
    const double refined = 0.5 * (lo + hi);
    CircularLinearFit fit;
    std::complex<double> mean;
    const double r = resultantAt(x, phase, refined, &mean);
    fit.slope = r >= bestR ? refined : best;
    fit.resultant = resultantAt(x, phase, fit.slope, &mean);
    fit.offset = std::arg(mean);
    return fit;
}

}  // namespace neuroai::space
