#pragma once

#include "widgets/PhasePlanePlot.h"

#include <array>

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

}  // namespace neuroai::chapters
