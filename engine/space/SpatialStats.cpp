#include "engine/space/SpatialStats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::space {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

// Running sums for a Pearson correlation.
struct Pearson {
    double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    void add(double x, double y)
    {
        n += 1;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
    }
    double value(double minCount) const
    {
        if (n < minCount)
            return kNaN;
        const double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        if (!(vx > 1e-12 * std::max(1.0, sxx)) || !(vy > 1e-12 * std::max(1.0, syy)))
            return kNaN;
        return std::clamp((sxy - sx * sy / n) / std::sqrt(vx * vy), -1.0, 1.0);
    }
};

// Bilinear interpolation of the autocorrelogram at lag (x, y) in bins; NaN outside or next to a NaN cell.
double sampleAt(const Autocorrelogram& a, double x, double y)
{
    const double fx = std::floor(x), fy = std::floor(y);
    const int x0 = int(fx), y0 = int(fy);
    if (x0 < -(a.binsX - 1) || x0 + 1 > a.binsX - 1 || y0 < -(a.binsY - 1) || y0 + 1 > a.binsY - 1)
        return kNaN;
    const double tx = x - fx, ty = y - fy;
    const double v00 = a.at(x0, y0), v10 = a.at(x0 + 1, y0), v01 = a.at(x0, y0 + 1), v11 = a.at(x0 + 1, y0 + 1);
    return (1 - ty) * ((1 - tx) * v00 + tx * v10) + ty * ((1 - tx) * v01 + tx * v11);
}
}  // namespace

MatrixImage Autocorrelogram::image() const
{
    MatrixImage m;
    m.rows = rows();
    m.columns = columns();
    m.values.assign(values.begin(), values.end());
    m.diverging = true;
    m.minValue = -1;
    m.maxValue = 1;
    m.valueLabel = "correlation r";
    m.rowLabel = "lag y";
    m.rowUnit = "cm";
    m.columnLabel = "lag x";
    m.columnUnit = "cm";
    m.rowMin = -(binsY - 0.5) * binYCm;
    m.rowMax = (binsY - 0.5) * binYCm;
    m.columnMin = -(binsX - 0.5) * binXCm;
    m.columnMax = (binsX - 0.5) * binXCm;
    return m;
}

Autocorrelogram spatialAutocorrelogram(const std::vector<double>& map, int nx, int ny, double binXCm, double binYCm,
                                       int minOverlap)
{
    if (nx < 2 || ny < 2)
        throw std::invalid_argument("autocorrelogram needs at least 2 x 2 bins (got " + std::to_string(nx) + " x " +
                                    std::to_string(ny) + ")");
    if (map.size() != std::size_t(nx) * std::size_t(ny))
        throw std::invalid_argument("autocorrelogram map size " + std::to_string(map.size()) +
                                    " does not match its bins " + std::to_string(nx) + " x " + std::to_string(ny));
    if (!(binXCm > 0) || !(binYCm > 0) || !std::isfinite(binXCm) || !std::isfinite(binYCm))
        throw std::invalid_argument("autocorrelogram bin size must be > 0 cm (got " + std::to_string(binXCm) + " x " +
                                    std::to_string(binYCm) + ")");
    if (minOverlap < 2)
        throw std::invalid_argument("autocorrelogram minOverlap must be >= 2 bins (got " +
                                    std::to_string(minOverlap) + ")");
    Autocorrelogram a;
    a.binsX = nx;
    a.binsY = ny;
    a.binXCm = binXCm;
    a.binYCm = binYCm;
    a.values.assign(std::size_t(a.rows()) * std::size_t(a.columns()), kNaN);
    // Only half of the lags are computed; A(−τ) pairs the same bins as A(τ) with the roles swapped, so it is copied.
    for (int dy = 0; dy < ny; ++dy)
        for (int dx = -(nx - 1); dx < nx; ++dx) {
            if (dy == 0 && dx < 0)
                continue;
            Pearson p;
            for (int r = 0; r + dy < ny; ++r) {
                const double* row = map.data() + std::size_t(r) * std::size_t(nx);
                const double* shifted = map.data() + std::size_t(r + dy) * std::size_t(nx);
                const int c0 = std::max(0, -dx), c1 = std::min(nx, nx - dx);
                for (int c = c0; c < c1; ++c) {
                    const double u = row[c], v = shifted[c + dx];
                    if (std::isfinite(u) && std::isfinite(v))
                        p.add(u, v);
                }
            }
            const double value = p.value(double(minOverlap));
            a.values[std::size_t(dy + ny - 1) * std::size_t(a.columns()) + std::size_t(dx + nx - 1)] = value;
            a.values[std::size_t(-dy + ny - 1) * std::size_t(a.columns()) + std::size_t(-dx + nx - 1)] = value;
        }
    return a;
}

double rotationalCorrelation(const Autocorrelogram& a, double angle, double rIn, double rOut)
{
    const double c = std::cos(angle), s = std::sin(angle);
    Pearson p;
    for (int dy = -(a.binsY - 1); dy < a.binsY; ++dy)
        for (int dx = -(a.binsX - 1); dx < a.binsX; ++dx) {
            const double x = dx * a.binXCm, y = dy * a.binYCm;
            const double r = std::hypot(x, y);
            if (r < rIn || r > rOut)
                continue;
            const double v = a.at(dx, dy);
            if (!std::isfinite(v))
                continue;
            const double rx = (c * x - s * y) / a.binXCm, ry = (s * x + c * y) / a.binYCm;
            const double w = sampleAt(a, rx, ry);
            if (std::isfinite(w))
                p.add(v, w);
        }
    return p.value(20);
}

GridScore gridScore(const Autocorrelogram& a)
{
    GridScore score;
    score.gridness = score.spacingCm = score.orientationDeg = kNaN;
    const double bin = std::sqrt(a.binXCm * a.binYCm);
    const int nx = a.binsX, ny = a.binsY;

    // 1. Peaks: strict local maxima over the 3 × 3 neighbourhood, refined by parabolas along x and y.
    struct Peak {
        double x, y, r;
    };
    std::vector<Peak> peaks;
    for (int dy = -(ny - 2); dy <= ny - 2; ++dy)
        for (int dx = -(nx - 2); dx <= nx - 2; ++dx) {
            if (dx == 0 && dy == 0)
                continue;
            const double v = a.at(dx, dy);
            if (!std::isfinite(v) || v <= 0)
                continue;
            bool isMax = true;
            for (int j = -1; j <= 1 && isMax; ++j)
                for (int i = -1; i <= 1; ++i) {
                    if (i == 0 && j == 0)
                        continue;
                    const double w = a.at(dx + i, dy + j);
                    if (std::isfinite(w) && w >= v) {
                        isMax = false;
                        break;
                    }
                }
            if (!isMax)
                continue;
            const auto vertex = [](double left, double centre, double right) {
                const double curvature = left - 2 * centre + right;
                if (!std::isfinite(curvature) || curvature >= 0)
                    return 0.0;
                return std::clamp(0.5 * (left - right) / curvature, -0.5, 0.5);
            };
            const double ox = vertex(a.at(dx - 1, dy), v, a.at(dx + 1, dy));
            const double oy = vertex(a.at(dx, dy - 1), v, a.at(dx, dy + 1));
            const double x = (dx + ox) * a.binXCm, y = (dy + oy) * a.binYCm;
            peaks.push_back({x, y, std::hypot(x, y)});
        }
    std::sort(peaks.begin(), peaks.end(), [](const Peak& p, const Peak& q) { return p.r < q.r; });

    // 2. The central peak's radius: where the ring-averaged correlation first turns negative or stops falling.
    const double maxRadius = (std::min(nx, ny) - 1) * bin;  // the largest circle inside the autocorrelogram
    const int rings = int(maxRadius / bin);
    std::vector<double> sum(std::size_t(rings) + 1, 0.0), count(std::size_t(rings) + 1, 0.0);
    for (int dy = -(ny - 1); dy < ny; ++dy)
        for (int dx = -(nx - 1); dx < nx; ++dx) {
            const double r = std::hypot(dx * a.binXCm, dy * a.binYCm) / bin;
            const int k = int(std::lround(r));
            const double v = a.at(dx, dy);
            if (k <= rings && std::isfinite(v)) {
                sum[std::size_t(k)] += v;
                count[std::size_t(k)] += 1;
            }
        }
    double inner = rings * bin;
    double previous = 1.0;
    for (int k = 1; k <= rings; ++k) {
        if (count[std::size_t(k)] == 0)
            continue;
        const double mean = sum[std::size_t(k)] / count[std::size_t(k)];
        if (mean < 0 || mean > previous) {
            inner = (mean < 0 ? k : k - 1) * bin;
            break;
        }
        previous = mean;
    }
    inner = std::max(inner, bin);
    if (!peaks.empty())
        inner = std::min(inner, 0.6 * peaks.front().r);
    score.innerRadiusCm = inner;

    // 3. The six nearest peaks outside the central one: spacing and orientation.
    std::vector<Peak> six;
    for (const Peak& p : peaks)
        if (p.r > inner && six.size() < 6)
            six.push_back(p);
    if (six.size() >= 3) {
        std::vector<double> distances;
        double c6 = 0, s6 = 0;
        for (const Peak& p : six) {
            distances.push_back(p.r);
            const double angle = std::atan2(p.y, p.x);
            c6 += std::cos(6 * angle);
            s6 += std::sin(6 * angle);
            score.peaksCm.push_back({p.x, p.y});
        }
        std::sort(distances.begin(), distances.end());
        const std::size_t m = distances.size();
        score.spacingCm = m % 2 ? distances[m / 2] : 0.5 * (distances[m / 2 - 1] + distances[m / 2]);
        score.orientationDeg = std::atan2(s6, c6) / 6 * 180 / kPi;  // (−30°, 30°]: an axis near 0° reads near 0
    }

    // 4. Expanding annulus: the best gridness over outer radii.
    double outerLimit = maxRadius;
    if (std::isfinite(score.spacingCm))
        outerLimit = std::min(outerLimit, 1.5 * score.spacingCm);
    static const double kAngles[5] = {30, 60, 90, 120, 150};
    for (double outer = inner + 2 * bin; outer <= outerLimit + 1e-9; outer += bin) {
        std::array<double, 5> r{};
        bool valid = true;
        for (int i = 0; i < 5 && valid; ++i) {
            r[std::size_t(i)] = rotationalCorrelation(a, kAngles[i] * kPi / 180, inner, outer);
            valid = std::isfinite(r[std::size_t(i)]);
        }
        if (!valid)
            continue;
        const double g = std::min(r[1], r[3]) - std::max({r[0], r[2], r[4]});
        if (!std::isfinite(score.gridness) || g > score.gridness) {
            score.gridness = g;
            score.outerRadiusCm = outer;
            score.correlations = r;
        }
    }
    return score;
}

}  // namespace neuroai::space
