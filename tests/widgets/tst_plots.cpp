// Tests for widgets/TimeSeriesPlot and widgets/CurvePlot: what a frame puts on screen (decimated trace with its
// extremes intact, the sliding x window, spike markers inside the window only, the threshold line, axis titles),
// the pixel-width signal the controller decimates to, and the curve plot's series and y scaling.

#include "engine/core/Decimation.h"
#include "engine/core/Frame.h"
#include "widgets/CurvePlot.h"
#include "widgets/PlotStyle.h"
#include "widgets/TimeSeriesPlot.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QGraphicsTextItem>
#include <QLegend>

#include <QLineSeries>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QApplication>
#include <QAction>
#include <QMouseEvent>
#include <QTest>
#include <QWheelEvent>

#include <tuple>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <vector>

using neuroai::Frame;
using neuroai::PlotPoint;
using neuroai::widgets::CurvePlot;
using neuroai::widgets::TimeSeriesPlot;

namespace {

constexpr int kRawSamples = 10'000;
constexpr double kSpikeValue = 30.0;
constexpr double kTroughValue = -83.25;

// A frame as the engine would publish it: `kRawSamples` samples of a flat −70 mV trace over
// [timeMs − windowMs, timeMs] with one single-sample spike at +30 mV and one single-sample trough, min/max-decimated
// to `columns` columns.
Frame makeFrame(double timeMs, double windowMs, int columns, std::vector<double> spikeTimes = {})
{
    Frame frame;
    frame.sequence = 1;
    frame.timeMs = timeMs;
    frame.windowStartMs = timeMs - windowMs;
    const double first = std::max(0.0, frame.windowStartMs);
    std::vector<double> t(kRawSamples), v(kRawSamples, -70.0);
    for (int i = 0; i < kRawSamples; ++i)
        t[std::size_t(i)] = first + (timeMs - first) * double(i + 1) / kRawSamples;
    v[4321] = kSpikeValue;   // a spike one sample wide, far narrower than a pixel column
    v[7777] = kTroughValue;  // and a one-sample trough
    neuroai::TraceView trace;
    trace.channel = {"v", "Membrane potential V", "mV"};
    const auto [viewStart, viewEnd] = neuroai::liveTimeView(timeMs, windowMs);  // as SimulationRunner does
    trace.points = neuroai::decimateMinMax(t, v, viewStart, viewEnd, columns);
    frame.traces.push_back(trace);
    frame.spikeTimes = std::move(spikeTimes);
    frame.spikeNeurons.assign(frame.spikeTimes.size(), 0);
    return frame;
}

}  // namespace

class TestPlots : public QObject {
    Q_OBJECT

private slots:
    void wheelZoomsTimeAndDoubleClickResets();
    void denseSpikeMarkersStayApart();
    void traceIsDecimatedAndKeepsExtremes();
    void xAxisFollowsTheWindow();
    void xAxisAtStartGrowsInTenthsOfTheWindow();
    void slidingWindowOnlyMovesTheRange();
    void rescaledAxisNeverHasMoreTicksInBetween();
    void spikeMarkersOnlyInsideWindow();
    void spikeMarkerOnTheRightEdgeIsWhole();
    void shortAxisIsTitledBySymbolAndUnit();
    void spikeMarkersOfOtherNeuronsAreNotShown();
    void spikeMarkersWereOnePointPerSpike();
    void curvePlotRingsCutShortPoints();
    void axisTitlesWithUnits();
    void thresholdLine();
    void clearEmptiesTheSeries();
    void resizeEmitsPlotColumns();
    void curvePlotMeasuredSeries();
    void curvePlotReferenceAndYAxis();
    void curvePlotOperatingPoint();
    void legendEntryShownAgainTakesItsPlace();
};

void TestPlots::traceIsDecimatedAndKeepsExtremes()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    const int columns = plot.plotColumns();
    QVERIFY(columns >= 16);
    QVERIFY(2 * columns < kRawSamples);  // otherwise decimation would be a no-op and prove nothing

    const Frame frame = makeFrame(1500, 500, columns);
    plot.showFrame(frame);
    const QList<QPointF> points = plot.traceSeries()->points();
    QVERIFY(!points.isEmpty());
    QVERIFY2(points.size() <= 2 * columns, qPrintable(QStringLiteral("%1 points for %2 columns").arg(points.size()).arg(columns)));
    double maxY = -1e300, minY = 1e300;
    for (const QPointF& p : points) {
        maxY = std::max(maxY, p.y());
        minY = std::min(minY, p.y());
    }
    QCOMPARE(maxY, kSpikeValue);   // the narrow spike survived decimation, exactly
    QCOMPARE(minY, kTroughValue);  // so did the trough
    // The points are the frame's points in order, not resampled by the widget.
    QCOMPARE(qsizetype(points.size()), qsizetype(frame.traces[0].points.size()));
    for (qsizetype i = 1; i < points.size(); ++i)
        QVERIFY(points[i].x() >= points[i - 1].x());
}

void TestPlots::xAxisFollowsTheWindow()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.showFrame(makeFrame(1500, 500, plot.plotColumns()));
    QCOMPARE(plot.xAxis()->min(), 1000.0);
    QCOMPARE(plot.xAxis()->max(), 1500.0);
    plot.showFrame(makeFrame(2750.5, 500, plot.plotColumns()));
    QCOMPARE(plot.xAxis()->min(), 2250.5);
    QCOMPARE(plot.xAxis()->max(), 2750.5);
}

void TestPlots::xAxisAtStartGrowsInTenthsOfTheWindow()
{
    // Before a full window has elapsed the axis starts at 0 and ends at t rounded up to a tenth of the window: the
    // trace never ends at 60 % of the axis (the old fixed [0, window]), nor does the axis rescale on every frame.
    using neuroai::liveTimeView;
    QCOMPARE(liveTimeView(0, 1000), std::make_pair(0.0, 100.0));
    QCOMPARE(liveTimeView(600, 1000), std::make_pair(0.0, 600.0));
    QCOMPARE(liveTimeView(600.05, 1000), std::make_pair(0.0, 700.0));
    QCOMPARE(liveTimeView(999.9, 1000), std::make_pair(0.0, 1000.0));
    QCOMPARE(liveTimeView(1000, 1000), std::make_pair(0.0, 1000.0));
    QCOMPARE(liveTimeView(1234.5, 1000), std::make_pair(234.5, 1234.5));
    for (double t = 0.7; t < 1000; t += 13.3) {  // the empty stretch right of the trace stays under a tenth
        const auto [low, high] = liveTimeView(t, 1000);
        QCOMPARE(low, 0.0);
        QVERIFY2(high >= t && high - t < 100.0 + 1e-9, qPrintable(QStringLiteral("t %1: axis ends at %2").arg(t).arg(high)));
    }

    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.showFrame(makeFrame(120, 500, plot.plotColumns()));
    QCOMPARE(plot.xAxis()->min(), 0.0);
    QCOMPARE(plot.xAxis()->max(), 150.0);
    const QList<QPointF> points = plot.traceSeries()->points();
    for (const QPointF& p : points)
        QVERIFY(p.x() >= 0.0 && p.x() <= 120.0);
    QVERIFY(points.last().x() > 119.0);
    // Decimated over the shown axis, not the whole window: a point per pixel column of the 120 ms (the flat trace
    // gives one per column; decimated over [−380, 120] it had 120/500 of the columns).
    QVERIFY2(points.size() >= int(0.95 * plot.plotColumns() * 120.0 / 150.0),
             qPrintable(QStringLiteral("%1 points for %2 columns").arg(points.size()).arg(plot.plotColumns())));
}

void TestPlots::slidingWindowOnlyMovesTheRange()
{
    // Regression (soak, issue 8): every live frame toggled the time axis to fixed ticks and back around setRange, three
    // full axis layouts per frame (each measuring every label through a QTextDocument), about a fifth of all the
    // GUI's allocations in the key storm. Sliding the window must touch the range and nothing else.
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.showFrame(makeFrame(1500, 500, plot.plotColumns()));
    QValueAxis* axis = plot.xAxis();
    const double interval = axis->tickInterval();
    QSignalSpy ranges(axis, &QValueAxis::rangeChanged);
    QSignalSpy types(axis, &QValueAxis::tickTypeChanged);
    QSignalSpy intervals(axis, &QValueAxis::tickIntervalChanged);
    QSignalSpy anchors(axis, &QValueAxis::tickAnchorChanged);
    for (int i = 1; i <= 30; ++i)
        plot.showFrame(makeFrame(1500 + 16.7 * i, 500, plot.plotColumns()));
    QCOMPARE(ranges.count(), 30);
    QCOMPARE(types.count(), 0);
    QCOMPARE(intervals.count(), 0);
    QCOMPARE(anchors.count(), 0);
    QCOMPARE(axis->tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(axis->tickInterval(), interval);
    QCOMPARE(axis->min(), 1500 + 16.7 * 30 - 500);
}

void TestPlots::rescaledAxisNeverHasMoreTicksInBetween()
{
    // With dynamic ticks Qt Charts lays the axis out after each change. Whatever the order of range and interval, no
    // layout in between may have more ticks than the old or the new range: a jump from 0.05 to 1000 with the old
    // interval would create 20 000 tick items, and back again 1000/0.01 = 100 000.
    QValueAxis axis;
    neuroai::widgets::PlotStyle::setNiceRange(&axis, 0, 0.05, 5);
    QCOMPARE(axis.tickType(), QValueAxis::TicksDynamic);
    QCOMPARE(axis.tickInterval(), 0.01);
    auto ticks = [&axis] {
        return axis.tickType() == QValueAxis::TicksFixed ? double(axis.tickCount())
                                                         : (axis.max() - axis.min()) / axis.tickInterval();
    };
    double worst = 0;
    QObject::connect(&axis, &QValueAxis::rangeChanged, [&] { worst = std::max(worst, ticks()); });
    QObject::connect(&axis, &QValueAxis::tickIntervalChanged, [&] { worst = std::max(worst, ticks()); });
    const std::vector<std::pair<double, double>> ranges = {{0, 1000}, {0, 0.05}, {-90, 40}, {1e-3, 2e-3}, {0, 1e6}, {-5, 5}};
    std::pair<double, double> previous = {0, 0.05};
    for (const auto& [low, high] : ranges) {
        const double before = ticks();
        worst = 0;
        neuroai::widgets::PlotStyle::setNiceRange(&axis, low, high, 5);
        QCOMPARE(axis.min(), low);
        QCOMPARE(axis.max(), high);
        QCOMPARE(axis.tickInterval(), neuroai::widgets::niceStep((high - low) / 5));
        const double bound = std::max(before, ticks()) + 1e-9;
        QVERIFY2(worst <= bound, qPrintable(QStringLiteral("[%1, %2] → [%3, %4]: %5 ticks in between, bound %6")
                                                .arg(previous.first).arg(previous.second).arg(low).arg(high)
                                                .arg(worst).arg(bound)));
        previous = {low, high};
    }
}

void TestPlots::spikeMarkersOnlyInsideWindow()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.setYRange(-90, -40);
    // Window [1000, 1500]: 990 and 1600 lie outside, the others inside (1000 and 1500 on the edges).
    plot.showFrame(makeFrame(1500, 500, plot.plotColumns(), {990, 1000, 1123.25, 1400, 1500, 1600}));
    const QList<QPointF> markers = plot.spikeSeries()->points();
    QList<double> times;
    for (const QPointF& p : markers) {
        times << p.x();
        // Markers sit inside the visible y range (near the top), not at the trace value.
        QVERIFY(p.y() > plot.yAxis()->min() && p.y() < plot.yAxis()->max());
        QVERIFY(p.y() > (plot.yAxis()->min() + plot.yAxis()->max()) / 2);
    }
    QCOMPARE(times, (QList<double>{1000, 1123.25, 1400, 1500}));

    // The next frame replaces the markers; it does not accumulate them.
    plot.showFrame(makeFrame(2000, 500, plot.plotColumns(), {1400, 1700}));
    QCOMPARE(plot.spikeSeries()->points().size(), 1);
    QCOMPARE(plot.spikeSeries()->points().first().x(), 1700.0);

    // Changing the y range keeps the markers inside the plot.
    plot.setYRange(-200, 100);
    QCOMPARE(plot.spikeSeries()->points().size(), 1);
    QVERIFY(plot.spikeSeries()->points().first().y() < 100 && plot.spikeSeries()->points().first().y() > 0);
}

void TestPlots::spikeMarkerOnTheRightEdgeIsWhole()
{
    // A spike at the newest time sits on the plot area's right edge; its triangle used to be clipped to the plot
    // area and showed only its left half. Rendered, the marker's vermillion pixels lie on both sides of the edge.
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.setYRange(-90, -40);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.showFrame(makeFrame(1500, 500, plot.plotColumns(), {1500}));
    QCoreApplication::processEvents();
    const QImage image = plot.grab().toImage().convertToFormat(QImage::Format_RGB32);
    const qreal ratio = image.devicePixelRatio();
    const QRectF area = plot.mapFromScene(plot.chart()->mapToScene(plot.chart()->plotArea())).boundingRect();
    const int edge = int(std::lround(area.right() * ratio));
    int left = 0, right = 0;
    // Only around the edge inside the plot's rows: the legend's own "spike" triangle sits above the plot area.
    const int reach = int(std::lround(20 * ratio));
    for (int y = int(area.top() * ratio); y < int(area.bottom() * ratio); ++y)
        for (int x = std::max(0, edge - reach); x < std::min(image.width(), edge + reach); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 180 && c.green() > 50 && c.green() < 140 && c.blue() < 70)  // vermillion #d55e00
                (x < edge ? left : right) += 1;
        }
    QVERIFY2(left > 5, qPrintable(QStringLiteral("no marker left of the edge (%1 px)").arg(left)));
    // Clipped, the right side had 0 px; whole, about a third of the marker's pixels (the edge column and the
    // anti-aliased outline count to the left).
    QVERIFY2(right > 3 && right >= left / 4, qPrintable(QStringLiteral("marker cut at the edge: %1 px left of it, %2 right")
                                               .arg(left).arg(right)));
}

void TestPlots::shortAxisIsTitledBySymbolAndUnit()
{
    using neuroai::widgets::PlotView;
    QCOMPARE(PlotView::shortAxisTitle(QStringLiteral("Rate f (Hz)")), QStringLiteral("f (Hz)"));
    QCOMPARE(PlotView::shortAxisTitle(QStringLiteral("Membrane potential V (mV)")), QStringLiteral("V (mV)"));
    QCOMPARE(PlotView::shortAxisTitle(QStringLiteral("f (Hz)")), QString());      // already short
    QCOMPARE(PlotView::shortAxisTitle(QStringLiteral("Membrane potential")), QString());  // no unit: kept

    // Qt Charts elides a title longer than its axis ("Membrane potential V …"); a squat plot shows the symbol and
    // unit instead, and the full title comes back when the plot grows.
    TimeSeriesPlot plot;
    plot.setAxisTitles(QStringLiteral("Time t (ms)"), QStringLiteral("Membrane potential V (mV)"));
    plot.resize(640, 130);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QTRY_COMPARE(plot.yAxis()->titleText(), QStringLiteral("V (mV)"));
    QCOMPARE(plot.xAxis()->titleText(), QStringLiteral("Time t (ms)"));
    plot.resize(640, 480);
    QTRY_COMPARE(plot.yAxis()->titleText(), QStringLiteral("Membrane potential V (mV)"));
    // A title set by the code while short is the new full title.
    plot.resize(640, 130);
    QTRY_COMPARE(plot.yAxis()->titleText(), QStringLiteral("V (mV)"));
    plot.setAxisTitles(QStringLiteral("Time t (ms)"), QStringLiteral("Current I (nA)"));
    plot.resize(640, 480);
    QTRY_COMPARE(plot.yAxis()->titleText(), QStringLiteral("Current I (nA)"));
}

void TestPlots::spikeMarkersOfOtherNeuronsAreNotShown()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    Frame frame = makeFrame(1500, 500, plot.plotColumns(), {1100, 1200, 1300});
    frame.traces.push_back(frame.traces.front());  // two channels: spikes belong to one neuron each
    frame.spikeNeurons = {0, 1, 1};
    plot.showFrame(frame, 1);
    QCOMPARE(plot.spikeSeries()->points().size(), 2);
    QCOMPARE(plot.spikeSeries()->points().at(0).x(), 1200.0);
    QCOMPARE(plot.spikeSeries()->points().at(1).x(), 1300.0);
}

void TestPlots::axisTitlesWithUnits()
{
    TimeSeriesPlot plot;
    const QString x = QStringLiteral("Time t (ms)");
    const QString y = QStringLiteral("Membrane potential V (mV)");
    plot.setAxisTitles(x, y);
    QCOMPARE(plot.xAxis()->titleText(), x);
    QCOMPARE(plot.yAxis()->titleText(), y);
    static const QRegularExpression unit(QStringLiteral("\\([^()]+\\)$"));
    QVERIFY(unit.match(plot.xAxis()->titleText()).hasMatch());
    QVERIFY(unit.match(plot.yAxis()->titleText()).hasMatch());
    // The axes shown are the ones attached to the trace.
    QVERIFY(plot.traceSeries()->attachedAxes().contains(plot.xAxis()));
    QVERIFY(plot.traceSeries()->attachedAxes().contains(plot.yAxis()));

    CurvePlot curve;
    curve.setAxisTitles(QStringLiteral("Input current I (nA)"), QStringLiteral("Firing rate f (Hz)"));
    QVERIFY(unit.match(curve.xAxis()->titleText()).hasMatch());
    QCOMPARE(curve.yAxis()->titleText(), QStringLiteral("Firing rate f (Hz)"));
}

void TestPlots::thresholdLine()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    QVERIFY(!plot.thresholdSeries()->isVisible());

    plot.showFrame(makeFrame(1500, 500, plot.plotColumns()));
    plot.setThreshold(-54.0, QStringLiteral("threshold V_th"));
    QVERIFY(plot.thresholdSeries()->isVisible());
    QCOMPARE(plot.thresholdSeries()->name(), QStringLiteral("threshold V_th"));
    QList<QPointF> line = plot.thresholdSeries()->points();
    QCOMPARE(line.size(), 2);
    QCOMPARE(line[0], QPointF(1000, -54));
    QCOMPARE(line[1], QPointF(1500, -54));

    // It follows the window as frames arrive.
    plot.showFrame(makeFrame(4000, 500, plot.plotColumns()));
    line = plot.thresholdSeries()->points();
    QCOMPARE(line.size(), 2);
    QCOMPARE(line[0], QPointF(3500, -54));
    QCOMPARE(line[1], QPointF(4000, -54));

    plot.setThreshold(-50.5);
    QCOMPARE(plot.thresholdSeries()->points().at(0).y(), -50.5);
    QCOMPARE(plot.thresholdSeries()->points().at(1).y(), -50.5);

    plot.setThreshold(std::nullopt);
    QVERIFY(!plot.thresholdSeries()->isVisible());
}

void TestPlots::clearEmptiesTheSeries()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.showFrame(makeFrame(1500, 500, plot.plotColumns(), {1200}));
    QVERIFY(!plot.traceSeries()->points().isEmpty());
    QVERIFY(!plot.spikeSeries()->points().isEmpty());
    plot.clear();
    QVERIFY(plot.traceSeries()->points().isEmpty());
    QVERIFY(plot.spikeSeries()->points().isEmpty());
    plot.setYRange(-100, 0);  // re-placing markers must not bring old spikes back
    QVERIFY(plot.spikeSeries()->points().isEmpty());
}

void TestPlots::resizeEmitsPlotColumns()
{
    QWidget window;
    auto* plot = new TimeSeriesPlot(&window);
    window.resize(500, 300);
    plot->resize(500, 300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(plot->chart()->plotArea().width() > 0, 5000);
    const int before = plot->plotColumns();

    QSignalSpy spy(plot, &TimeSeriesPlot::plotColumnsChanged);
    plot->resize(900, 300);
    // The chart lays itself out; the columns reported must match the new plot-area width.
    QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).toInt() == plot->plotColumns(), 5000);
    const int after = spy.last().at(0).toInt();
    QVERIFY2(after > before + 300, qPrintable(QStringLiteral("before %1, after %2").arg(before).arg(after)));
    QVERIFY(after <= 900);
    QCOMPARE(after, int(plot->chart()->plotArea().width()));

    spy.clear();
    plot->resize(400, 300);
    QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty() && spy.last().at(0).toInt() == plot->plotColumns(), 5000);
    QVERIFY(spy.last().at(0).toInt() < 400);
    QVERIFY(spy.last().at(0).toInt() < after);
}

void TestPlots::curvePlotMeasuredSeries()
{
    CurvePlot plot;
    plot.setXRange(0, 5);
    QVERIFY(plot.measuredSeries()->points().isEmpty());
    plot.addMeasured({{0, 0}, {1, 0}});
    plot.addMeasured({{2, 10.5}});
    plot.addMeasured({});
    plot.addMeasured({{3, 20}, {4, 27.25}});
    QCOMPARE(plot.measuredSeries()->points(),
             (QList<QPointF>{{0, 0}, {1, 0}, {2, 10.5}, {3, 20}, {4, 27.25}}));
    plot.clearMeasured();
    QVERIFY(plot.measuredSeries()->points().isEmpty());
    plot.addMeasured({{0.5, 1}});
    QCOMPARE(plot.measuredSeries()->points(), (QList<QPointF>{{0.5, 1}}));
}

void TestPlots::curvePlotReferenceAndYAxis()
{
    CurvePlot plot;
    plot.setXRange(0, 5);
    plot.setReference({{0, 0}, {2, 15}, {4, 37}});
    QCOMPARE(plot.referenceSeries()->points(), (QList<QPointF>{{0, 0}, {2, 15}, {4, 37}}));
    QCOMPARE(plot.yAxis()->min(), 0.0);
    QVERIFY(plot.yAxis()->max() >= 37);
    QVERIFY(plot.yAxis()->max() <= 2 * 37);  // a nice bound, not an arbitrary huge one

    plot.setReference({{1, 1}, {3, 2}});  // replaces, does not append
    QCOMPARE(plot.referenceSeries()->points(), (QList<QPointF>{{1, 1}, {3, 2}}));
    QVERIFY(plot.yAxis()->max() >= 2 && plot.yAxis()->max() < 37);

    // Measured points above the reference make the axis grow to cover them.
    plot.addMeasured({{2, 180}});
    QCOMPARE(plot.yAxis()->min(), 0.0);
    QVERIFY(plot.yAxis()->max() >= 180);
    plot.clearMeasured();
    QVERIFY(plot.yAxis()->max() < 180);

    // Every shown point is inside the y range.
    plot.addMeasured({{0, 0}, {4.5, 99.9}});
    for (const QPointF& p : plot.measuredSeries()->points() + plot.referenceSeries()->points())
        QVERIFY(p.y() >= plot.yAxis()->min() && p.y() <= plot.yAxis()->max());
}

void TestPlots::curvePlotOperatingPoint()
{
    CurvePlot plot;
    plot.setXRange(0, 5);
    QVERIFY(plot.operatingPointSeries()->points().isEmpty());
    plot.setOperatingPoint(QPointF(1.8, 18.95));
    QCOMPARE(plot.operatingPointSeries()->points(), (QList<QPointF>{{1.8, 18.95}}));
    plot.setOperatingPoint(QPointF(2.0, 24.8));  // replaced, still one point
    QCOMPARE(plot.operatingPointSeries()->points(), (QList<QPointF>{{2.0, 24.8}}));
    QVERIFY(plot.yAxis()->max() >= 24.8);
    plot.setOperatingPoint(std::nullopt);
    QVERIFY(plot.operatingPointSeries()->points().isEmpty());
}

// Regression, issue 8: "GUI hangs on a strongly driven LIF cell ... the spike markers are placed one scatter point
// per spike on the GUI thread (widgets/TimeSeriesPlot)". A million spikes in the window give at most one marker
// per pixel column, and every column that holds a spike keeps a marker at one of its spikes.
void TestPlots::spikeMarkersWereOnePointPerSpike()
{
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    plot.setYRange(-90, -40);
    const int columns = plot.plotColumns();
    std::vector<double> spikes;
    for (int i = 0; i < 1'000'000; ++i)
        spikes.push_back(1000.0 + 500.0 * (i + 0.5) / 1'000'000);
    spikes.push_back(1499.9999);  // the last one falls in the final column
    plot.showFrame(makeFrame(1500, 500, columns, spikes));
    const QList<QPointF> markers = plot.spikeSeries()->points();
    QVERIFY2(markers.size() <= columns + 1, qPrintable(QStringLiteral("%1 markers for %2 columns").arg(markers.size()).arg(columns)));
    // Dense firing fills the row with markers spaced by a marker's width and a gap (they would merge into a band
    // if packed one per column; denseSpikeMarkersStayApart).
    const double spacing = 1.3 * plot.spikeSeries()->markerSize();
    QVERIFY2(markers.size() >= int(columns / spacing) - 1, qPrintable(QString::number(markers.size())));
    for (const QPointF& p : markers)
        QVERIFY(p.x() >= 1000 && p.x() <= 1500);

    // Sparse spikes are untouched: one marker each, at its exact time.
    plot.showFrame(makeFrame(1500, 500, columns, {1100, 1250.5, 1400}));
    QCOMPARE(plot.spikeSeries()->points().size(), 3);
    QCOMPARE(plot.spikeSeries()->points().at(1).x(), 1250.5);
}

void TestPlots::curvePlotRingsCutShortPoints()
{
    CurvePlot plot;
    plot.setXRange(0, 10);
    QVERIFY(!plot.cutShortSeries()->isVisible());
    plot.addMeasured({{1, 10}, {2, 20}});
    plot.markCutShort({{2, 20}});
    QCOMPARE(plot.measuredSeries()->count(), 2);  // a cut-short point is still a measured point
    QCOMPARE(plot.cutShortSeries()->points(), (QList<QPointF>{{2, 20}}));
    QVERIFY(plot.cutShortSeries()->isVisible());
    plot.clearMeasured();
    QCOMPARE(plot.cutShortSeries()->count(), 0);
    QVERIFY(!plot.cutShortSeries()->isVisible());
}

void TestPlots::wheelZoomsTimeAndDoubleClickResets()
{
    TimeSeriesPlot plot;
    plot.resize(800, 400);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.showFrame(makeFrame(1500, 1000, plot.plotColumns()));
    QCOMPARE(plot.xAxis()->min(), 500.0);
    QCOMPARE(plot.xAxis()->max(), 1500.0);
    QVERIFY(!plot.isZoomed());
    QVERIFY(!plot.resetViewAction()->isEnabled());
    QList<std::tuple<double, double, bool>> views;
    connect(&plot, &TimeSeriesPlot::timeViewChanged, &plot,
            [&](double low, double high, bool zoomed) { views.append({low, high, zoomed}); });

    // One wheel notch forward over the middle of the plot area: 80 % of the span, about the time under the cursor.
    const QRectF area = plot.chart()->plotArea();
    const QPointF centre = plot.mapFromScene(plot.chart()->mapToScene(area.center()));
    const double tCentre = plot.chart()->mapToValue(area.center(), plot.traceSeries()).x();
    QWheelEvent wheel(centre, plot.viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(plot.viewport(), &wheel);
    QVERIFY(plot.isZoomed());
    QVERIFY(plot.resetViewAction()->isEnabled());
    QVERIFY2(std::abs((plot.xAxis()->max() - plot.xAxis()->min()) - 800.0) < 1e-6,
             qPrintable(QString::number(plot.xAxis()->max() - plot.xAxis()->min())));
    // The time under the cursor stays put (to the pixel the event position was rounded to).
    const double msPerPixel = 1000.0 / area.width();
    QVERIFY(std::abs(0.5 * (plot.xAxis()->min() + plot.xAxis()->max()) - tCentre) < 0.8 * msPerPixel);
    QCOMPARE(views.size(), 1);
    QVERIFY(std::get<2>(views.last()));

    // Zoomed, the view stays put as the simulation goes on…
    const double low = plot.xAxis()->min(), high = plot.xAxis()->max();
    plot.showFrame(makeFrame(1700, 1000, plot.plotColumns()));
    QCOMPARE(plot.xAxis()->min(), low);
    QCOMPARE(plot.xAxis()->max(), high);
    // …a drag pans it (150 px to the right shows earlier times)…
    const QPoint from = centre.toPoint();
    QTest::mousePress(plot.viewport(), Qt::LeftButton, Qt::NoModifier, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(from + QPoint(150, 0)), plot.viewport()->mapToGlobal(QPointF(from + QPoint(150, 0))),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(plot.viewport(), &move);
    QTest::mouseRelease(plot.viewport(), Qt::LeftButton, Qt::NoModifier, from + QPoint(150, 0));
    QVERIFY(plot.xAxis()->min() < low - 1);
    QVERIFY(std::abs((plot.xAxis()->max() - plot.xAxis()->min()) - (high - low)) < 1e-6);
    // …and a double-click returns to the live window, the latest frame's, which is followed again.
    QTest::mouseDClick(plot.viewport(), Qt::LeftButton, Qt::NoModifier, from);
    QVERIFY(!plot.isZoomed());
    QCOMPARE(plot.xAxis()->min(), 700.0);
    QCOMPARE(plot.xAxis()->max(), 1700.0);
    QVERIFY(!std::get<2>(views.last()));
    plot.showFrame(makeFrame(1900, 1000, plot.plotColumns()));
    QCOMPARE(plot.xAxis()->max(), 1900.0);
    // The context-menu action does the same as the double-click.
    plot.zoomTime(0.5, 1400);
    QCOMPARE(plot.xAxis()->min(), 1150.0);
    plot.resetViewAction()->trigger();
    QCOMPARE(plot.xAxis()->min(), 900.0);
}

void TestPlots::denseSpikeMarkersStayApart()
{
    // 400 Hz over a 500 ms window on a 640 px plot: a spike every ~1.3 px. One marker per pixel column drew a band.
    TimeSeriesPlot plot;
    plot.resize(640, 360);
    std::vector<double> spikes;
    for (double t = 1000.25; t < 1500; t += 2.5)
        spikes.push_back(t);
    plot.showFrame(makeFrame(1500, 500, plot.plotColumns(), spikes));
    const QList<QPointF> markers = plot.spikeSeries()->points();
    QVERIFY(markers.size() > 10);
    const double pxPerMs = plot.plotColumns() / (plot.xAxis()->max() - plot.xAxis()->min());
    for (qsizetype i = 1; i < markers.size(); ++i)
        QVERIFY2((markers[i].x() - markers[i - 1].x()) * pxPerMs >= plot.spikeSeries()->markerSize(),
                 qPrintable(QStringLiteral("markers %1 px apart").arg((markers[i].x() - markers[i - 1].x()) * pxPerMs)));
}

namespace {

// The legend's visible labels (each marker's text item) with their places in scene coordinates.
QList<QPair<QString, QRectF>> legendLabels(QChart* chart)
{
    QList<QPair<QString, QRectF>> labels;
    QList<QGraphicsItem*> pending = chart->legend()->childItems();
    while (!pending.isEmpty()) {
        QGraphicsItem* item = pending.takeFirst();
        if (!item->isVisible())
            continue;
        if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && !text->toPlainText().isEmpty())
            labels.append({text->toPlainText(), text->sceneBoundingRect()});
        pending.append(item->childItems());
    }
    return labels;
}

}  // namespace

// A legend entry hidden with setInLegend(false) and shown again must be laid out again: before the fix, an entry
// hidden before the plot was first shown stayed out of the legend when shown again.
void TestPlots::legendEntryShownAgainTakesItsPlace()
{
    neuroai::widgets::XYPlot plot(false);
    plot.setAxisTitles(QStringLiteral("t (s)"), QStringLiteral("y (-)"));
    plot.chart()->legend()->setVisible(true);
    QXYSeries* a = plot.addSeries(QStringLiteral("first"), neuroai::widgets::XYPlot::Style::Line, Qt::black);
    QXYSeries* b = plot.addSeries(QStringLiteral("second"), neuroai::widgets::XYPlot::Style::Line, Qt::black);
    QXYSeries* c = plot.addSeries(QStringLiteral("third"), neuroai::widgets::XYPlot::Style::Line, Qt::black);
    for (QXYSeries* s : {a, b, c})
        plot.setPoints(s, {{0, 0}, {1, 1}});
    plot.setInLegend(b, false);  // hidden before the plot was ever laid out, as a panel does for an absent series
    plot.resize(700, 420);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QTest::qWait(50);
    QCOMPARE(legendLabels(plot.chart()).size(), 2);
    plot.setInLegend(b, true);
    QTest::qWait(50);
    const auto labels = legendLabels(plot.chart());
    QStringList names;
    for (const auto& label : labels)
        names << label.first;
    QCOMPARE(names, QStringList({QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third")}));
    for (int i = 0; i < labels.size(); ++i)
        for (int j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!labels[i].second.intersects(labels[j].second),
                     qPrintable(labels[i].first + QStringLiteral(" overlaps ") + labels[j].first));

    // Hidden and shown again while on screen: back in the same place.
    plot.setInLegend(b, false);
    QTest::qWait(50);
    QCOMPARE(legendLabels(plot.chart()).size(), 2);
    plot.setInLegend(b, true);
    QTest::qWait(50);
    QCOMPARE(legendLabels(plot.chart()), labels);
}

QTEST_MAIN(TestPlots)
#include "tst_plots.moc"
