// Tests for the phase-plane widget and its data helper (chapters/framework/PhasePlaneSupport.h: it reads a model, so
// it lives in chapters/), against 2-D systems whose nullclines and fixed points are known in closed form: the
// Izhikevich (2003) equations at I = 0 with b = 0.2 (rest −70 mV is a stable node, −50 mV a saddle), and a linear
// spiral source (the origin is an unstable focus).

#include "chapters/framework/PhasePlaneSupport.h"
#include "engine/models/NeuronModel.h"
#include "widgets/PhasePlanePlot.h"

#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QPainterPath>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QChart>
#include <QTest>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

using neuroai::ChannelInfo;
using neuroai::FixedPoint;
using neuroai::PhasePlane;
using neuroai::widgets::PhasePlaneData;
using neuroai::widgets::PhasePlanePlot;

namespace {

// v' = 0.04 v² + 5 v + 140 − u + I,  u' = a (b v − u). Fixed points: u = b v and 0.04 v² + (5 − b) v + 140 + I = 0.
class QuadraticTestPlane final : public PhasePlane {
public:
    double a = 0.02, b = 0.2;
    ChannelInfo xVariable() const override { return {"v", "Membrane potential v", "mV"}; }
    ChannelInfo yVariable() const override { return {"u", "Recovery variable u", "mV/ms"}; }
    std::array<double, 2> derivative(double v, double u, double input) const override
    {
        return {0.04 * v * v + 5 * v + 140 - u + input, a * (b * v - u)};
    }
    std::array<double, 4> jacobian(double v, double, double) const override { return {0.08 * v + 5, -1, a * b, -a}; }
    double xNullcline(double v, double input) const override { return 0.04 * v * v + 5 * v + 140 + input; }
    double yNullcline(double v, double) const override { return b * v; }
    std::vector<FixedPoint> fixedPoints(double input) const override
    {
        const double A = 0.04, B = 5 - b, C = 140 + input, disc = B * B - 4 * A * C;
        if (disc < 0)
            return {};
        std::vector<FixedPoint> points;
        for (const double v : {(-B - std::sqrt(disc)) / (2 * A), (-B + std::sqrt(disc)) / (2 * A)})
            points.push_back(neuroai::classifyFixedPoint(v, b * v, jacobian(v, b * v, input)));
        return points;
    }
    double spikeCutoff() const override { return 30; }
    double resetX() const override { return -65; }
    std::array<double, 4> suggestedRange() const override { return {-85, 35, -20, 10}; }
    std::array<double, 2> phaseState() const override { return {-70, -14}; }
};

// x' = 0.1 x − y,  y' = x + 0.1 y: eigenvalues 0.1 ± i, an unstable focus at the origin; nullclines y = 0.1 x and
// y = −10 x.
class SpiralTestPlane final : public PhasePlane {
public:
    ChannelInfo xVariable() const override { return {"x", "State x", ""}; }
    ChannelInfo yVariable() const override { return {"y", "State y", ""}; }
    std::array<double, 2> derivative(double x, double y, double) const override { return {0.1 * x - y, x + 0.1 * y}; }
    std::array<double, 4> jacobian(double, double, double) const override { return {0.1, -1, 1, 0.1}; }
    double xNullcline(double x, double) const override { return 0.1 * x; }
    double yNullcline(double x, double) const override { return -10 * x; }
    std::vector<FixedPoint> fixedPoints(double) const override
    {
        return {neuroai::classifyFixedPoint(0, 0, jacobian(0, 0, 0))};
    }
    double spikeCutoff() const override { return 1e9; }
    double resetX() const override { return -1e9; }
    std::array<double, 4> suggestedRange() const override { return {-1, 1, -1, 1}; }
    std::array<double, 2> phaseState() const override { return {0, 0}; }
};

bool legendShows(PhasePlanePlot& plot, QAbstractSeries* series)
{
    const auto markers = plot.chart()->legend()->markers(series);
    return !markers.isEmpty() && markers.first()->isVisible();
}

}  // namespace

class TestPhasePlane : public QObject {
    Q_OBJECT
private slots:
    void nullclinesFollowTheEquations();
    void fixedPointsOfTheQuadraticSystem();
    void inputMovesTheVNullcline();
    void arrowsPointAlongTheField();
    void axisTitlesCarryUnits();
    void plotBuildsItsSeries();
    void unstableFocusIsOpenMarker();
    void trajectoryAndState();
    void trajectoryBreaksAtResets();
    void arrowsKeepClearOfLabelsAndLegend();
};

void TestPhasePlane::nullclinesFollowTheEquations()
{
    const QuadraticTestPlane plane;
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(plane, 0.0, {-85, 35, -20, 10}, 19, 15, 241);
    QCOMPARE(d.xNullcline.size(), 241);
    QCOMPARE(d.yNullcline.size(), 241);
    QCOMPARE(d.xNullcline.first().x(), -85.0);
    QCOMPARE(d.xNullcline.last().x(), 35.0);
    int inside = 0;
    for (const QPointF& p : d.xNullcline) {
        const double exact = 0.04 * p.x() * p.x() + 5 * p.x() + 140;
        // Inside the band of one range height around [−20, 10] the value is exact; beyond it, clamped to the band.
        if (exact >= -50 && exact <= 40) {
            QVERIFY(std::abs(p.y() - exact) < 1e-12);
            ++inside;
        } else {
            QVERIFY(p.y() == -50.0 || p.y() == 40.0);
        }
    }
    QVERIFY(inside > 50);
    for (const QPointF& p : d.yNullcline)
        QVERIFY(std::abs(p.y() - 0.2 * p.x()) < 1e-12);
    QCOMPARE(d.xNullclineName, QStringLiteral("v-nullcline"));
    QCOMPARE(d.yNullclineName, QStringLiteral("u-nullcline"));
    QCOMPARE(*d.spikeCutoff, 30.0);
    QCOMPARE(*d.resetX, -65.0);
}

void TestPhasePlane::fixedPointsOfTheQuadraticSystem()
{
    const QuadraticTestPlane plane;
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(plane, 0.0, plane.suggestedRange());
    QCOMPARE(d.fixedPoints.size(), 2);
    // 0.04 v² + 4.8 v + 140 = 0 → v = −70 and −50 (exact), u = 0.2 v.
    QVERIFY(std::abs(d.fixedPoints[0].position.x() + 70) < 1e-9);
    QVERIFY(std::abs(d.fixedPoints[0].position.y() + 14) < 1e-9);
    QCOMPARE(d.fixedPoints[0].kind, QStringLiteral("stable node"));
    QVERIFY(d.fixedPoints[0].stable);
    QVERIFY(std::abs(d.fixedPoints[1].position.x() + 50) < 1e-9);
    QCOMPARE(d.fixedPoints[1].kind, QStringLiteral("saddle"));
    QVERIFY(d.fixedPoints[1].isSaddle());
    // Each lies on both nullclines.
    for (const auto& fp : d.fixedPoints) {
        QVERIFY(std::abs(plane.xNullcline(fp.position.x(), 0) - fp.position.y()) < 1e-9);
        QVERIFY(std::abs(plane.yNullcline(fp.position.x(), 0) - fp.position.y()) < 1e-9);
    }
}

void TestPhasePlane::inputMovesTheVNullcline()
{
    // Above the saddle-node input (I > 4.8²/(4·0.04) − 140 = 4) the two fixed points annihilate: tonic firing.
    const QuadraticTestPlane plane;
    const PhasePlaneData below = neuroai::chapters::computePhasePlaneData(plane, 3.9, plane.suggestedRange());
    const PhasePlaneData above = neuroai::chapters::computePhasePlaneData(plane, 4.1, plane.suggestedRange());
    QCOMPARE(below.fixedPoints.size(), 2);
    QCOMPARE(above.fixedPoints.size(), 0);
    for (qsizetype i = 0; i < below.xNullcline.size(); ++i)
        if (std::abs(below.xNullcline[i].y()) < 15)
            QVERIFY(std::abs(above.xNullcline[i].y() - below.xNullcline[i].y() - 0.2) < 1e-9);
}

void TestPhasePlane::arrowsPointAlongTheField()
{
    const QuadraticTestPlane plane;
    const std::array<double, 4> range{-85, 35, -20, 10};
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(plane, 0.0, range, 12, 9);
    QCOMPARE(d.arrows.size(), 12 * 9);  // no grid node falls on a fixed point here
    const double spanX = 120, spanY = 30;
    for (const QLineF& arrow : d.arrows) {
        const QPointF centre = 0.5 * (arrow.p1() + arrow.p2());
        const auto [dx, dy] = plane.derivative(centre.x(), centre.y(), 0.0);
        // In range-normalised coordinates the arrow is parallel to the field, points the same way, and has the
        // same length everywhere (directions only).
        const double ax = arrow.dx() / spanX, ay = arrow.dy() / spanY;
        const double fx = dx / spanX, fy = dy / spanY;
        const double cross = ax * fy - ay * fx, dot = ax * fx + ay * fy;
        QVERIFY(dot > 0);
        QVERIFY(std::abs(cross) <= 1e-9 * std::hypot(ax, ay) * std::hypot(fx, fy));
        QVERIFY(std::abs(std::hypot(ax, ay) - 0.62 / 12) < 1e-12);
    }
    // Grid nodes sit half a cell inside the edges.
    QVERIFY(std::abs(0.5 * (d.arrows.first().p1().x() + d.arrows.first().p2().x()) - (-85 + 120 * 0.5 / 12)) < 1e-9);
}

void TestPhasePlane::axisTitlesCarryUnits()
{
    const QuadraticTestPlane quadratic;
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(quadratic, 0.0, quadratic.suggestedRange());
    QCOMPARE(d.xTitle, QStringLiteral("Membrane potential v (mV)"));
    QCOMPARE(d.yTitle, QStringLiteral("Recovery variable u (mV/ms)"));
    const SpiralTestPlane spiral;
    const PhasePlaneData s = neuroai::chapters::computePhasePlaneData(spiral, 0.0, spiral.suggestedRange());
    QCOMPARE(s.xTitle, QStringLiteral("State x (dimensionless)"));
}

void TestPhasePlane::plotBuildsItsSeries()
{
    const QuadraticTestPlane plane;
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(plane, 0.0, plane.suggestedRange());
    PhasePlanePlot plot;
    plot.resize(640, 480);
    plot.setData(d);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));

    QCOMPARE(plot.xNullclineSeries()->points(), d.xNullcline);
    QCOMPARE(plot.yNullclineSeries()->points(), d.yNullcline);
    QCOMPARE(plot.xNullclineSeries()->name(), d.xNullclineName);
    QVERIFY(plot.xNullclineSeries()->pen().style() != plot.yNullclineSeries()->pen().style());
    QVERIFY(plot.xNullclineSeries()->pen().color() != plot.yNullclineSeries()->pen().color());
    QCOMPARE(plot.stableSeries()->points(), QList<QPointF>{d.fixedPoints[0].position});
    QCOMPARE(plot.saddleSeries()->points(), QList<QPointF>{d.fixedPoints[1].position});
    QCOMPARE(plot.unstableSeries()->count(), 0);
    QVERIFY(legendShows(plot, plot.xNullclineSeries()));
    QVERIFY(legendShows(plot, plot.yNullclineSeries()));
    QVERIFY(legendShows(plot, plot.stableSeries()));
    QVERIFY(legendShows(plot, plot.saddleSeries()));
    QVERIFY(!legendShows(plot, plot.unstableSeries()));  // nothing of that kind drawn: no legend entry
    // Stable points filled, unstable open (white fill).
    QCOMPARE(plot.stableSeries()->color(), plot.stableSeries()->borderColor());
    QCOMPARE(plot.unstableSeries()->color(), QColor(Qt::white));
    // Cut-off and reset: vertical lines.
    QCOMPARE(plot.cutoffSeries()->count(), 2);
    QCOMPARE(plot.cutoffSeries()->at(0).x(), 30.0);
    QCOMPARE(plot.cutoffSeries()->at(1).x(), 30.0);
    QCOMPARE(plot.resetSeries()->at(0).x(), -65.0);
    QVERIFY(plot.cutoffLabel()->isVisible());             // named on the plot…
    QVERIFY(!legendShows(plot, plot.cutoffSeries()));     // …not in the legend
    QCOMPARE(plot.xAxis()->titleText(), d.xTitle);
    QCOMPARE(plot.yAxis()->titleText(), d.yTitle);
    QCOMPARE(plot.xAxis()->min(), -85.0);
    QCOMPARE(plot.yAxis()->max(), 10.0);
    // The field is drawn under the series: a path with a shaft and a two-segment head per arrow.
    QTRY_VERIFY(!plot.fieldItem()->path().isEmpty());
    // Five elements per arrow drawn; the few next to the line labels are left out (arrowsKeepClearOfLabelsAndLegend).
    const int elements = plot.fieldItem()->path().elementCount();
    QCOMPARE(elements % 5, 0);
    QVERIFY2(elements <= 5 * d.arrows.size() && elements >= 4 * d.arrows.size(), qPrintable(QString::number(elements)));
    QVERIFY(plot.fieldItem()->zValue() < 4);  // Qt Charts draws series at z = 4
    QVERIFY(plot.chart()->plotArea().contains(plot.fieldItem()->path().boundingRect().center()));
}

void TestPhasePlane::unstableFocusIsOpenMarker()
{
    const SpiralTestPlane plane;
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(plane, 0.0, plane.suggestedRange(), 10, 10);
    QCOMPARE(d.fixedPoints.size(), 1);
    QCOMPARE(d.fixedPoints[0].kind, QStringLiteral("unstable focus"));
    // 10 × 10 nodes at ±0.1, ±0.3, …: none at the origin, so every node has an arrow.
    QCOMPARE(d.arrows.size(), 100);
    PhasePlanePlot plot;
    plot.setData(d);
    QCOMPARE(plot.unstableSeries()->points(), QList<QPointF>{QPointF(0, 0)});
    QCOMPARE(plot.stableSeries()->count(), 0);
    QCOMPARE(plot.saddleSeries()->count(), 0);
}

void TestPhasePlane::trajectoryAndState()
{
    PhasePlanePlot plot;
    plot.resize(500, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QVERIFY(!plot.trajectorySeries()->isVisible());
    const QList<QPointF> path{{-70, -14}, {-60, -13}, {-40, -12}};
    plot.setTrajectory(path);
    QCOMPARE(plot.trajectorySeries()->points(), path);
    QCOMPARE(plot.stateSeries()->points(), QList<QPointF>{QPointF(-40, -12)});
    QVERIFY(legendShows(plot, plot.trajectorySeries()));
    plot.clearTrajectory();
    QCOMPARE(plot.stateSeries()->count(), 0);
    QVERIFY(!legendShows(plot, plot.stateSeries()));
}

void TestPhasePlane::trajectoryBreaksAtResets()
{
    // Two spikes of the quadratic system (cut-off 30 mV, reset −65 mV), sampled coarsely as the decimated history
    // is: the sample before a reset may lie well below the cut-off.
    const QuadraticTestPlane plane;
    PhasePlanePlot plot;
    plot.resize(640, 480);
    plot.setData(neuroai::chapters::computePhasePlaneData(plane, 0.0, plane.suggestedRange()));
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const QList<QPointF> path{{-70, -14}, {-60, -13.5}, {-45, -13}, {-20, -12.5}, {25, -12},   // spike 1
                              {-65, -4},  {-58, -4.5},  {-40, -5},  {-10, -5.5},               // reset, spike 2
                              {-65, 4},   {-62, 3.5}};                                         // reset
    plot.setTrajectory(path);
    QCOMPARE(plot.trajectory(), path);
    const QList<QList<QPointF>> segments = plot.trajectorySegments();
    QCOMPARE(segments.size(), 3);
    QCOMPARE(segments[0].size(), 5);
    QCOMPARE(segments[1].first(), QPointF(-65, -4));
    QCOMPARE(segments[2].last(), QPointF(-62, 3.5));
    // No drawn segment spans a reset: inside each, x never falls by more than a fifth of cut-off − reset.
    for (const QList<QPointF>& segment : segments)
        for (qsizetype i = 1; i < segment.size(); ++i)
            QVERIFY2(segment[i - 1].x() - segment[i].x() < 0.2 * 95, qPrintable(QString::number(segment[i].x())));
    QCOMPARE(plot.stateSeries()->points(), QList<QPointF>{QPointF(-62, 3.5)});
    // One legend entry for the whole trajectory.
    int trajectoryEntries = 0;
    for (QLegendMarker* marker : plot.chart()->legend()->markers())
        if (marker->isVisible() && marker->label() == plot.trajectorySeries()->name())
            ++trajectoryEntries;
    QCOMPARE(trajectoryEntries, 1);
    // Fewer segments later: the spare series are emptied, not left with old points.
    plot.setTrajectory(path.mid(0, 7));
    QCOMPARE(plot.trajectorySegments().size(), 2);
    // A sample at the cut-off that already holds the reset's jump in y (AdEx: w += b at the spike) is drawn with
    // the y it arrived with: the jump is the reset's, which is not drawn.
    plot.setTrajectory({{-60, -10}, {-20, -10}, {30, -2}, {-65, -2}});
    QCOMPARE(plot.trajectorySegments().first().last(), QPointF(30, -10));
    QCOMPARE(plot.trajectory()[2], QPointF(30, -2));  // the data keep the sample as recorded
    // A model without resets (a projection) is never split.
    QCOMPARE(PhasePlanePlot::splitAtResets(path, std::nullopt, std::nullopt).size(), 1);
}

void TestPhasePlane::arrowsKeepClearOfLabelsAndLegend()
{
    const QuadraticTestPlane plane;
    const PhasePlaneData d = neuroai::chapters::computePhasePlaneData(plane, 0.0, plane.suggestedRange(), 25, 20);
    for (const QSize size : {QSize(900, 600), QSize(480, 400)}) {  // legend above the plot; legend on the plot
        PhasePlanePlot plot;
        plot.resize(size);
        plot.setData(d);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QTRY_VERIFY(!plot.fieldItem()->path().isEmpty());
        QVERIFY(plot.cutoffLabel()->isVisible());
        const QList<QRectF> clear = plot.fieldExclusions();
        QVERIFY(clear.size() >= 2);
        if (size.width() < 600)
            QVERIFY(!plot.chart()->legend()->isAttachedToChart());
        const QRectF label = plot.cutoffLabel()->mapRectToParent(plot.cutoffLabel()->boundingRect());
        QVERIFY(std::any_of(clear.begin(), clear.end(), [&](const QRectF& r) { return r.contains(label); }));
        const QPainterPath path = plot.fieldItem()->path();
        for (int i = 0; i < path.elementCount(); ++i) {
            const QPointF p = path.elementAt(i);
            for (const QRectF& r : clear)
                QVERIFY2(!r.contains(p), qPrintable(QStringLiteral("arrow point (%1, %2) inside a label or legend")
                                                        .arg(p.x()).arg(p.y())));
        }
    }
}

QTEST_MAIN(TestPhasePlane)
#include "tst_phaseplane.moc"
