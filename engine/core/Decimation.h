#pragma once

#include <span>
#include <utility>
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

// The time axis a live plot shows at simulated time `t` with a sliding window of `windowMs`: [t − window, t] once the
// run is longer than the window; before that the axis starts at 0 and grows in tenths of the window, so the empty
// stretch right of the trace is always shorter than a tenth of the window (a fixed [0, window] left a trace ending at
// 60 % of the axis when paused at 0.6 windows). Traces and spike markers are decimated over this span, so a young
// run gets the full pixel resolution too.
std::pair<double, double> liveTimeView(double t, double windowMs);

}  // namespace neuroai
