#include "chapters/framework/PhasePlaneSupport.h"

#include "engine/models/NeuronModel.h"
#include "widgets/PlotStyle.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace neuroai::chapters {

namespace {
using widgets::PhasePlanePlot;

// Keeps a nullcline sample finite and inside a band of one range height around the visible range: the chart clips
// what lies outside, and with hundreds of samples the clamped neighbour of an edge sample bends the visible part
// by less than a pixel.
std::optional<double> clampCurve(double y, double yMin, double yMax)
{
    if (std::isnan(y))
        return std::nullopt;
    const double band = yMax - yMin;
    return std::clamp(y, yMin - band, yMax + band);
}
}  // namespace

widgets::PhasePlaneData computePhasePlaneData(const PhasePlane& plane, double input,
                                              const std::array<double, 4>& range, int gridX, int gridY, int curveSamples)
{
    widgets::PhasePlaneData d;
    const ChannelInfo xv = plane.xVariable();
    const ChannelInfo yv = plane.yVariable();
    d.xTitle = widgets::axisTitleWithUnit(QString::fromStdString(xv.label), QString::fromStdString(xv.unit));
    d.yTitle = widgets::axisTitleWithUnit(QString::fromStdString(yv.label), QString::fromStdString(yv.unit));
    const QString xKey = QString::fromStdString(xv.key);
    const QString yKey = QString::fromStdString(yv.key);
    d.xNullclineName = QStringLiteral("%1-nullcline").arg(xKey);
    d.yNullclineName = QStringLiteral("%1-nullcline").arg(yKey);
    d.xMin = range[0];
    d.xMax = range[1];
    d.yMin = range[2];
    d.yMax = range[3];
    if (!(d.xMax > d.xMin) || !(d.yMax > d.yMin))
        return d;
    const double spanX = d.xMax - d.xMin, spanY = d.yMax - d.yMin;

    curveSamples = std::max(curveSamples, 2);
    for (int i = 0; i < curveSamples; ++i) {
        const double x = d.xMin + spanX * i / (curveSamples - 1);
        if (const auto y = clampCurve(plane.xNullcline(x, input), d.yMin, d.yMax))
            d.xNullcline.append({x, *y});
        if (const auto y = clampCurve(plane.yNullcline(x, input), d.yMin, d.yMax))
            d.yNullcline.append({x, *y});
    }

    // Direction field: unit direction in range-normalised coordinates, centred on each node. The plot rescales the
    // segments to a fixed screen length; the data keep a sensible length for export and tests.
    const double cell = std::min(1.0 / std::max(gridX, 1), 1.0 / std::max(gridY, 1));
    for (int j = 0; j < gridY; ++j) {
        for (int i = 0; i < gridX; ++i) {
            const double x = d.xMin + spanX * (i + 0.5) / gridX;
            const double y = d.yMin + spanY * (j + 0.5) / gridY;
            const auto [dx, dy] = plane.derivative(x, y, input);
            const double nx = dx / spanX, ny = dy / spanY;
            const double norm = std::hypot(nx, ny);
            if (!(norm > 0) || !std::isfinite(norm))
                continue;  // a node on a fixed point, or where the field overflows: no direction to show
            const double half = 0.5 * PhasePlanePlot::kArrowFraction * cell / norm;
            d.arrows.append(QLineF(x - half * nx * spanX, y - half * ny * spanY, x + half * nx * spanX,
                                   y + half * ny * spanY));
        }
    }

    for (const FixedPoint& fp : plane.fixedPoints(input))
        d.fixedPoints.append({QPointF(fp.x, fp.y), QString::fromStdString(fp.kind), fp.stable});
    d.spikeCutoff = plane.spikeCutoff();
    d.resetX = plane.resetX();
    return d;
}

std::pair<double, double> fitPhaseYRange(const std::array<double, 4>& suggested, const QList<QPointF>& trajectory,
                                         const QList<double>& anchors)
{
    const double sLo = suggested[2], sHi = suggested[3];
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const QPointF& p : trajectory)
        if (std::isfinite(p.y())) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
    if (!(hi >= lo) || !(sHi > sLo))
        return {sLo, sHi};
    for (const double y : anchors)
        if (std::isfinite(y) && y >= sLo && y <= sHi) {
            lo = std::min(lo, y);
            hi = std::max(hi, y);
        }
    const double minimum = 0.1 * (sHi - sLo);
    if (hi - lo < minimum) {
        const double centre = 0.5 * (lo + hi);
        lo = centre - 0.5 * minimum;
        hi = centre + 0.5 * minimum;
    }
    const double pad = 0.12 * (hi - lo);
    lo -= pad;
    hi += pad;
    const double step = widgets::niceStep((hi - lo) / 5);
    return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

}  // namespace neuroai::chapters
