#pragma once

#include <span>
#include <vector>

namespace neuroai {

struct PlotPoint {
    double x = 0;
    double y = 0;
};

// Min/max decimation for line plots. The x range [x0, x1] is cut into `columns` equal columns; for each column
// holding samples, its minimum and maximum are emitted in the order they occur (one point if they coincide), so
// every spike and every trough survives at any zoom. Input x must be non-decreasing. If the range holds no more
// than 2·columns samples they are returned unchanged. Samples outside [x0, x1] are dropped.
std::vector<PlotPoint> decimateMinMax(std::span<const double> x, std::span<const double> y, double x0, double x1,
                                      int columns);

}  // namespace neuroai
