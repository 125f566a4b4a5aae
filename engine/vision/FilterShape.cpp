#include "engine/vision/FilterShape.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::vision {

namespace {

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", value);
        throw std::invalid_argument(std::string("FilterShape: ") + name + " = " + buf + " " + what);
    }
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0.0;
    const std::size_t m = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(m), v.end());
    double med = v[m];
    if (v.size() % 2 == 0) {
        const double lower = *std::max_element(v.begin(), v.begin() + std::ptrdiff_t(m));
        med = 0.5 * (med + lower);
    }
    return med;
}

}  // namespace

void FilterShapeSettings::validate() const
{
    require(std::isfinite(maxSpread) && maxSpread > 0, "maxSpread", maxSpread, "must be > 0");
    require(std::isfinite(minOrientation) && minOrientation >= 0 && minOrientation <= 1, "minOrientation",
            minOrientation, "must be in [0, 1]");
}

FilterShapeScore filterShape(const GrayImage& filter, const FilterShapeSettings& settings)
{
    settings.validate();
    filter.validate("FilterShape");
    require(filter.width >= 3, "filter width", filter.width, "must be ≥ 3");
    require(filter.height >= 3, "filter height", filter.height, "must be ≥ 3");
    const int w = filter.width, h = filter.height;
    FilterShapeScore s;

    // Localisation.
    double e = 0, ex = 0, ey = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double q = filter.at(x, y) * filter.at(x, y);
            e += q;
            ex += q * x;
            ey += q * y;
        }
    require(e > 0, "filter energy", e, "must be > 0");
    s.centroidX = ex / e;
    s.centroidY = ey / e;
    double m2 = 0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            const double dx = x - s.centroidX, dy = y - s.centroidY;
            m2 += filter.at(x, y) * filter.at(x, y) * (dx * dx + dy * dy);
        }
    const double uniform = (double(w) * w - 1.0) / 12.0 + (double(h) * h - 1.0) / 12.0;
    s.spread = (m2 / e) / uniform;

    // Orientation: power spectrum on a zero-padded N × N grid by a separable direct DFT (filters are small).
    const int n = std::max(32, 2 * std::max(w, h));
    using Complex = std::complex<double>;
    std::vector<Complex> twiddle(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k)
        twiddle[std::size_t(k)] = std::polar(1.0, -2.0 * std::numbers::pi * k / n);
    std::vector<Complex> rows(std::size_t(h) * std::size_t(n));  // DFT along x of every row
    for (int y = 0; y < h; ++y)
        for (int u = 0; u < n; ++u) {
            Complex acc = 0;
            for (int x = 0; x < w; ++x)
                acc += filter.at(x, y) * twiddle[std::size_t((u * x) % n)];
            rows[std::size_t(y) * std::size_t(n) + std::size_t(u)] = acc;
        }
    Complex resultant = 0;
    double total = 0, radius = 0;
    for (int v = 0; v < n; ++v) {
        const int sv = v <= n / 2 ? v : v - n;
        for (int u = 0; u < n; ++u) {
            const int su = u <= n / 2 ? u : u - n;
            if (su == 0 && sv == 0)
                continue;
            const double r2 = double(su) * su + double(sv) * sv;
            if (4 * r2 > double(n) * n)  // |k| > 0.5 cycles/pixel
                continue;
            Complex acc = 0;
            for (int y = 0; y < h; ++y)
                acc += rows[std::size_t(y) * std::size_t(n) + std::size_t(u)] * twiddle[std::size_t((v * y) % n)];
            const double p = std::norm(acc);
            // e^{2iθ} of k = (su, sv) without trigonometry: (su² − sv² + 2i·su·sv) / |k|².
            resultant += (p / r2) * Complex(double(su) * su - double(sv) * sv, 2.0 * su * sv);
            total += p;
            radius += p * std::sqrt(r2) / n;
        }
    }
    if (total > 0) {
        s.orientationConcentration = std::abs(resultant) / total;
        double axis = 0.5 * std::arg(resultant);
        if (axis < 0)
            axis += std::numbers::pi;
        s.orientationRad = axis;
        s.meanFrequency = radius / total;
    }
    s.localised = s.spread <= settings.maxSpread;
    s.oriented = s.orientationConcentration >= settings.minOrientation;
    s.gaborLike = s.localised && s.oriented;
    return s;
}

FilterShapeSummary filterShapes(const std::vector<GrayImage>& filters, const FilterShapeSettings& settings)
{
    FilterShapeSummary out;
    require(!filters.empty(), "filter count", 0, "must be ≥ 1");
    std::vector<double> spreads, orientations;
    int gabor = 0, localised = 0, oriented = 0;
    for (const GrayImage& f : filters) {
        const FilterShapeScore s = filterShape(f, settings);
        out.scores.push_back(s);
        spreads.push_back(s.spread);
        orientations.push_back(s.orientationConcentration);
        gabor += s.gaborLike;
        localised += s.localised;
        oriented += s.oriented;
    }
    const double n = double(filters.size());
    out.gaborLikeFraction = gabor / n;
    out.localisedFraction = localised / n;
    out.orientedFraction = oriented / n;
    out.medianSpread = median(spreads);
    out.medianOrientation = median(orientations);
    return out;
}

}  // namespace neuroai::vision
