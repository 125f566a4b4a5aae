#include "engine/core/Decimation.h"

#include <algorithm>
#include <cmath>

namespace neuroai {

std::vector<PlotPoint> decimateMinMax(std::span<const double> x, std::span<const double> y, double x0, double x1,
                                      int columns)
{
    std::vector<PlotPoint> out;
    const std::size_t n = std::min(x.size(), y.size());
    const auto first = std::size_t(std::lower_bound(x.begin(), x.begin() + std::ptrdiff_t(n), x0) - x.begin());
    const auto last = std::size_t(std::upper_bound(x.begin(), x.begin() + std::ptrdiff_t(n), x1) - x.begin());
    if (first >= last)
        return out;
    columns = std::max(columns, 1);
    if (last - first <= 2 * std::size_t(columns) || !(x1 > x0)) {
        out.reserve(last - first);
        for (std::size_t i = first; i < last; ++i)
            out.push_back({x[i], y[i]});
        return out;
    }
    out.reserve(2 * std::size_t(columns));
    const double scale = double(columns) / (x1 - x0);
    std::size_t i = first;
    while (i < last) {
        const int column = std::min(columns - 1, int((x[i] - x0) * scale));
        std::size_t minIndex = i, maxIndex = i;
        std::size_t j = i + 1;
        for (; j < last && std::min(columns - 1, int((x[j] - x0) * scale)) == column; ++j) {
            if (y[j] < y[minIndex])
                minIndex = j;
            if (y[j] > y[maxIndex])
                maxIndex = j;
        }
        const std::size_t a = std::min(minIndex, maxIndex), b = std::max(minIndex, maxIndex);
        out.push_back({x[a], y[a]});
        if (b != a)
            out.push_back({x[b], y[b]});
        i = j;
    }
    return out;
}

std::pair<double, double> liveTimeView(double t, double windowMs)
{
    if (!(windowMs > 0) || !std::isfinite(t))
        return {t, t};
    if (t >= windowMs)
        return {t - windowMs, t};
    const double step = windowMs / 10.0;
    // The relative tolerance keeps t = 600 on a 600 ms axis (not 700) despite rounding in t / step.
    const double tenths = std::max(1.0, std::ceil(t / step * (1.0 - 1e-12)));
    return {0.0, std::min(windowMs, tenths * step)};
}

}  // namespace neuroai
