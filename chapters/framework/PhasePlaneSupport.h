#pragma once

#include "widgets/PhasePlanePlot.h"

#include <array>
#include <utility>

namespace neuroai {
class PhasePlane;
}

namespace neuroai::chapters {

// Fills the phase-plane plot's plain data from a 2-D model's PhasePlane. It lives here, not in widgets/, because it
// reads a model interface: widgets see only the engine's plain data headers.
//
// Samples the nullclines (curveSamples points over [xMin, xMax]; values far outside the y range are clamped to
// a band around it so the chart never receives ±Inf), the direction field on a gridX × gridY grid inset half a cell
// from the edges, the classified fixed points, cut-off and reset, for constant input `input`. `range` is
// {xMin, xMax, yMin, yMax}.
widgets::PhasePlaneData computePhasePlaneData(const PhasePlane& plane, double input,
                                              const std::array<double, 4>& range, int gridX = 19, int gridY = 15, int curveSamples = 401);

// The y range that shows `trajectory` large instead of as a thin band inside a range made for the whole state
// space: the extent of the trajectory and of `anchors` (y of the fixed points worth keeping in view; those outside
// the suggested range are ignored), padded by 12 % of that extent on each side, at least a tenth of the suggested
// height, and rounded outwards to a nice step. With an empty trajectory, the suggested y range. `suggested` is
// {xMin, xMax, yMin, yMax}; returns {yMin, yMax}.
std::pair<double, double> fitPhaseYRange(const std::array<double, 4>& suggested, const QList<QPointF>& trajectory,
                                         const QList<double>& anchors);

}  // namespace neuroai::chapters
