#include "engine/space/RateMap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace neuroai::space {

RateMap::RateMap(double widthCm, double heightCm, int binsX, int binsY)
    : m_width(widthCm), m_height(heightCm), m_nx(binsX), m_ny(binsY)
{
    if (!std::isfinite(widthCm) || widthCm <= 0)
        throw std::invalid_argument("rate map width must be > 0 cm (got " + std::to_string(widthCm) + ")");
    if (!std::isfinite(heightCm) || heightCm <= 0)
        throw std::invalid_argument("rate map height must be > 0 cm (got " + std::to_string(heightCm) + ")");
    if (binsX < 1 || binsX > 1000 || binsY < 1 || binsY > 1000)
        throw std::invalid_argument("rate map bins must be in [1, 1000] on each axis (got " + std::to_string(binsX) +
                                    " × " + std::to_string(binsY) + ")");
    clear();
}

int RateMap::binOf(Vec2 p) const
{
    const int c = std::clamp(int(std::floor(p.x / m_width * m_nx)), 0, m_nx - 1);
    const int r = std::clamp(int(std::floor(p.y / m_height * m_ny)), 0, m_ny - 1);
    return r * m_nx + c;
}

void RateMap::addOccupancy(Vec2 p, double seconds) { m_occupancy[std::size_t(binOf(p))] += seconds; }

void RateMap::addSpikes(Vec2 p, double count) { m_spikes[std::size_t(binOf(p))] += count; }

void RateMap::clear()
{
    m_occupancy.assign(std::size_t(m_nx) * std::size_t(m_ny), 0.0);
    m_spikes.assign(std::size_t(m_nx) * std::size_t(m_ny), 0.0);
}

double RateMap::totalSeconds() const { return std::accumulate(m_occupancy.begin(), m_occupancy.end(), 0.0); }

double RateMap::totalSpikes() const { return std::accumulate(m_spikes.begin(), m_spikes.end(), 0.0); }

std::vector<double> RateMap::rates(double smoothingSigmaCm, double minOccupancySeconds) const
{
    if (!std::isfinite(smoothingSigmaCm) || smoothingSigmaCm < 0)
        throw std::invalid_argument("smoothing sigma must be >= 0 cm (got " + std::to_string(smoothingSigmaCm) + ")");
    std::vector<double> occ = m_occupancy, spk = m_spikes;
    if (smoothingSigmaCm > 0) {
        const double sigmaBins = smoothingSigmaCm / std::sqrt(binWidthCm() * binHeightCm());
        occ = smoothMap(occ, m_nx, m_ny, sigmaBins);
        spk = smoothMap(spk, m_nx, m_ny, sigmaBins);
    }
    std::vector<double> out(occ.size());
    for (std::size_t i = 0; i < occ.size(); ++i)
        out[i] = occ[i] > minOccupancySeconds ? spk[i] / occ[i] : std::numeric_limits<double>::quiet_NaN();
    return out;
}

MatrixImage RateMap::image(double smoothingSigmaCm, double minOccupancySeconds) const
{
    const std::vector<double> r = rates(smoothingSigmaCm, minOccupancySeconds);
    MatrixImage m;
    m.rows = m_ny;
    m.columns = m_nx;
    m.values.assign(r.begin(), r.end());
    m.valueLabel = "rate";
    m.unit = "Hz";
    m.rowLabel = "y";
    m.rowUnit = "cm";
    m.columnLabel = "x";
    m.columnUnit = "cm";
    m.rowMin = 0;
    m.rowMax = m_height;
    m.columnMin = 0;
    m.columnMax = m_width;
    fitValueRange(m);
    if (m.minValue > 0)
        m.minValue = 0;  // rates: colour from 0 Hz up, so "silent" always looks the same
    return m;
}

std::vector<double> smoothMap(const std::vector<double>& map, int nx, int ny, double sigmaBins)
{
    if (map.size() != std::size_t(nx) * std::size_t(ny))
        throw std::invalid_argument("smoothMap: the map size does not match its bins");
    if (!(sigmaBins > 0))
        return map;
    const int half = std::max(1, int(std::ceil(3 * sigmaBins)));
    std::vector<double> kernel(std::size_t(2 * half + 1));
    for (int k = -half; k <= half; ++k)
        kernel[std::size_t(k + half)] = std::exp(-0.5 * (k / sigmaBins) * (k / sigmaBins));
    // One pass along an axis: the weighted mean over the in-range, finite neighbours (renormalised at the borders,
    // so constants stay constant). Spike and occupancy maps are smoothed alike, so their ratio is a rate.
    auto pass = [&](const std::vector<double>& in, bool alongX) {
        std::vector<double> out(in.size(), 0.0);
        for (int r = 0; r < ny; ++r)
            for (int c = 0; c < nx; ++c) {
                double sum = 0, weight = 0;
                for (int k = -half; k <= half; ++k) {
                    const int rr = alongX ? r : r + k, cc = alongX ? c + k : c;
                    if (rr < 0 || rr >= ny || cc < 0 || cc >= nx)
                        continue;
                    const double v = in[std::size_t(rr) * std::size_t(nx) + std::size_t(cc)];
                    if (!std::isfinite(v))
                        continue;
                    const double w = kernel[std::size_t(k + half)];
                    sum += w * v;
                    weight += w;
                }
                out[std::size_t(r) * std::size_t(nx) + std::size_t(c)] = weight > 0 ? sum / weight : 0.0;
            }
        return out;
    };
    return pass(pass(map, true), false);
}

}  // namespace neuroai::space
