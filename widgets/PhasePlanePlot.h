#pragma once

#include "widgets/PlotView.h"

#include <QLineF>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <array>
#include <optional>

QT_BEGIN_NAMESPACE
class QGraphicsPathItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// A fixed point as the plot shows it: position and type ("stable node", "saddle", … as classifyFixedPoint names it).
struct PhasePlaneFixedPoint {
    QPointF position;
    QString kind;
    bool stable = false;
    bool isSaddle() const { return kind == QLatin1String("saddle"); }
};

// Everything a phase-plane plot draws, as plain values (data coordinates), so the plot can be tested without a
// model. chapters/framework/PhasePlaneSupport.h fills it from a 2-D model's PhasePlane.
struct PhasePlaneData {
    QString xTitle, yTitle;  // axis titles with their unit in parentheses, e.g. "Membrane potential v (mV)"
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    QString xNullclineName, yNullclineName;  // legend names, e.g. "v-nullcline" (where dv/dt = 0)
    QList<QPointF> xNullcline;               // where dx/dt = 0, sampled along x
    QList<QPointF> yNullcline;               // where dy/dt = 0
    // Direction field: one segment per grid node, starting at the node and pointing along (dx/dt, dy/dt). Lengths
    // are normalised in *plot* proportions (a fixed fraction of a grid cell on screen, whatever the units), so the
    // field shows directions only; speed is not encoded.
    QList<QLineF> arrows;
    QList<PhasePlaneFixedPoint> fixedPoints;
    std::optional<double> spikeCutoff;  // x at which a spike is registered
    std::optional<double> resetX;       // x after the reset
};

// Axis title from a variable's label and unit: "Membrane potential v (mV)"; "(dimensionless)" for an empty unit.
QString axisTitleWithUnit(const QString& label, const QString& unit);

// A 2-D model's phase plane: the two nullclines (solid and dashed, in the legend), the direction field (grey
// segments with small heads, drawn under every curve), fixed points by type (filled circle = stable, open circle =
// unstable, filled square = saddle; the legend names the three, hovering a marker names its exact type), the
// recent trajectory and the current state, and vertical lines at the spike cut-off and the reset, labelled on the
// plot. Below 600 px width the legend becomes a column on a translucent card in the plot's lower right corner.
//
// With no nullclines, field or fixed points in the data the plot draws only the trajectory and the state: that is
// how a panel shows a labelled 2-D projection of a model with more variables (e.g. Hodgkin–Huxley V–n).
class PhasePlanePlot : public PlotView {
    Q_OBJECT
public:
    // Fraction of a grid cell a direction-field arrow spans on screen.
    static constexpr double kArrowFraction = 0.62;
    // Trajectory segments drawn at most (the most recent ones): 400 ms of a cell firing at 150 Hz.
    static constexpr int kMaxSegments = 64;

    explicit PhasePlanePlot(QWidget* parent = nullptr);

    // Replaces the static content (nullclines, field, fixed points, lines, ranges, axis titles).
    void setData(const PhasePlaneData& content);
    const PhasePlaneData& data() const { return m_data; }
    // The trajectory (oldest first) and the current state (its last point, if any). A reset (x falls from near the
    // spike cut-off to the reset: by more than half their distance in one step) breaks it into separate segments,
    // so the jump is not drawn: without the break it shows as a fan of lines across the plot.
    void setTrajectory(const QList<QPointF>& points);
    // The trajectory as last set (all segments joined) and its segments as drawn.
    const QList<QPointF>& trajectory() const { return m_points; }
    QList<QList<QPointF>> trajectorySegments() const;
    // Splits `points` at resets (see setTrajectory). With no cut-off or reset, one segment.
    static QList<QList<QPointF>> splitAtResets(const QList<QPointF>& points, std::optional<double> cutoff,
                                               std::optional<double> reset);
    // Areas (chart coordinates) the direction field keeps clear: the line labels and a legend drawn on the plot.
    QList<QRectF> fieldExclusions() const;
    void clearTrajectory();
    void setTrajectoryName(const QString& name);
    // The corner of the plot area that holds the legend card of a narrow plot (default: lower right, where a
    // neuron's phase plane is usually empty; another model may keep a different corner free).
    void setLegendCorner(Qt::Corner corner);
    Qt::Corner legendCorner() const { return m_legendCorner; }

    QLineSeries* xNullclineSeries() const { return m_xNullcline; }
    QLineSeries* yNullclineSeries() const { return m_yNullcline; }
    QScatterSeries* stableSeries() const { return m_stable; }
    QScatterSeries* unstableSeries() const { return m_unstable; }
    QScatterSeries* saddleSeries() const { return m_saddle; }
    // The first trajectory segment: the one with the legend entry (trajectorySegments() has them all).
    QLineSeries* trajectorySeries() const { return m_trajectory; }
    QScatterSeries* stateSeries() const { return m_state; }
    QLineSeries* cutoffSeries() const { return m_cutoff; }
    QLineSeries* resetSeries() const { return m_reset; }
    QGraphicsSimpleTextItem* cutoffLabel() const { return m_cutoffLabel; }
    // The direction field as drawn (one subpath per arrow), in scene coordinates.
    QGraphicsPathItem* fieldItem() const { return m_field; }

protected:
    void styleSeries() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void placeField();
    void placeLegend();
    void updateLegend();
    void showSegments();

    PhasePlaneData m_data;
    QLineSeries* m_xNullcline = nullptr;
    QLineSeries* m_yNullcline = nullptr;
    QLineSeries* m_cutoff = nullptr;
    QLineSeries* m_reset = nullptr;
    QLineSeries* m_trajectory = nullptr;
    QList<QLineSeries*> m_extraSegments;  // segments 2… of the trajectory, a pool made with the plot
    QList<QPointF> m_points;
    QScatterSeries* m_stable = nullptr;
    QScatterSeries* m_unstable = nullptr;
    QScatterSeries* m_saddle = nullptr;
    QScatterSeries* m_state = nullptr;
    QGraphicsPathItem* m_field = nullptr;
    QGraphicsSimpleTextItem* m_cutoffLabel = nullptr;
    QGraphicsSimpleTextItem* m_resetLabel = nullptr;
    Qt::Corner m_legendCorner = Qt::BottomRightCorner;
};

}  // namespace neuroai::widgets
