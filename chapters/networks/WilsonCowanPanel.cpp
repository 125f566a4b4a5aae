#include "chapters/networks/WilsonCowanPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QCoreApplication>
#include <QChart>
#include <QGraphicsSimpleTextItem>
#include <QGridLayout>
#include <QLabel>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;
using networks::WilsonCowanFigure;

namespace {

constexpr int kBranchSeries = 4;  // segments of each stability the window plot can draw

const char* const kPhaseTitle = QT_TRANSLATE_NOOP("WilsonCowanPanel", "Phase plane");
const char* const kTraceTitle = QT_TRANSLATE_NOOP("WilsonCowanPanel", "Activity over time");
const char* const kWindowTitle = QT_TRANSLATE_NOOP("WilsonCowanPanel", "Fixed points and oscillation against P");
const char* const kETitle = QT_TRANSLATE_NOOP("WilsonCowanPanel", "Excitatory activity E (fraction)");
const char* const kITitle = QT_TRANSLATE_NOOP("WilsonCowanPanel", "Inhibitory activity I (fraction)");

QString trWc(const char* text) { return QCoreApplication::translate("WilsonCowanPanel", text); }

// A curve value kept finite and inside a band of one range height around the visible range (the chart clips it).
double clampToBand(double v, double lo, double hi)
{
    const double band = hi - lo;
    return std::clamp(v, lo - band, hi + band);
}

widgets::PhasePlaneData planeOf(const WilsonCowanFigure& f)
{
    widgets::PhasePlaneData d;
    d.xTitle = trWc(kETitle);
    d.yTitle = trWc(kITitle);
    d.xNullclineName = trWc("E-nullcline");
    d.yNullclineName = trWc("I-nullcline");
    d.xMin = f.eMin;
    d.xMax = f.eMax;
    d.yMin = f.iMin;
    d.yMax = f.iMax;
    for (std::size_t i = 0; i < f.eNullcline.E.size(); ++i)
        d.xNullcline.append({f.eNullcline.E[i], clampToBand(f.eNullcline.I[i], d.yMin, d.yMax)});
    for (std::size_t i = 0; i < f.iNullcline.E.size(); ++i)
        d.yNullcline.append({clampToBand(f.iNullcline.E[i], d.xMin, d.xMax), f.iNullcline.I[i]});
    // Direction field as in computePhasePlaneData: unit directions in range-normalised coordinates.
    const networks::WilsonCowan wc(f.params);
    const int gridX = 19, gridY = 15;
    const double spanX = d.xMax - d.xMin, spanY = d.yMax - d.yMin;
    const double cell = std::min(1.0 / gridX, 1.0 / gridY);
    for (int j = 0; j < gridY; ++j)
        for (int i = 0; i < gridX; ++i) {
            const double x = d.xMin + spanX * (i + 0.5) / gridX, y = d.yMin + spanY * (j + 0.5) / gridY;
            const networks::WcState v = wc.derivative({x, y});
            const double nx = v.E / spanX, ny = v.I / spanY, norm = std::hypot(nx, ny);
            if (!(norm > 0) || !std::isfinite(norm))
                continue;
            const double half = 0.5 * widgets::PhasePlanePlot::kArrowFraction * cell / norm;
            d.arrows.append(QLineF(x - half * nx * spanX, y - half * ny * spanY, x + half * nx * spanX,
                                   y + half * ny * spanY));
        }
    for (const networks::FixedPoint& fp : f.fixedPoints)
        d.fixedPoints.append({QPointF(fp.E, fp.I), QString::fromUtf8(networks::fixedPointKindName(fp.kind)), fp.stable()});
    return d;
}

QString edgeName(networks::WindowEdge edge)
{
    switch (edge) {
    case networks::WindowEdge::Hopf: return QObject::tr("Hopf");
    case networks::WindowEdge::SaddleNode: return QObject::tr("saddle-node");
    case networks::WindowEdge::ScanLimit: return QObject::tr("not found");
    }
    return {};
}

}  // namespace

WilsonCowanPanel::WilsonCowanPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("wilson-cowan"), QStringLiteral("networks/wilson-cowan"),
                 networks::wilsonCowanSpecs(), &WilsonCowanPanel::compute, parent,
                 networkReadouts(networks::wilsonCowanOutputs()))
{
    setObjectName(QStringLiteral("wilsonCowanPanel"));
    figureWidget()->setObjectName(QStringLiteral("wilsonCowanFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("wilsonCowanReadout"));

    m_phase = new widgets::PhasePlanePlot(figureWidget());
    m_phase->setObjectName(QStringLiteral("wilsonCowanPhasePlane"));
    m_phase->setTitle(tr(kPhaseTitle));
    m_phase->setTrajectoryName(tr("trajectory"));
    m_phase->stateSeries()->setName(tr("end"));
    m_phase->setLegendCorner(Qt::TopLeftCorner);  // high inhibition with little excitation: never visited

    m_traces = new XYPlot(false, figureWidget());
    m_traces->setObjectName(QStringLiteral("wilsonCowanTraces"));
    m_traces->setTitle(tr(kTraceTitle));
    m_traces->setAxisTitles(tr("Time t (ms)"), tr("Activity (fraction)"));
    m_eTrace = m_traces->addSeries(tr("E(t)"), XYPlot::Style::Line, vermillion);
    m_iTrace = m_traces->addSeries(tr("I(t)"), XYPlot::Style::Line, bluishGreen);

    m_window = new XYPlot(false, figureWidget());
    m_window->setObjectName(QStringLiteral("wilsonCowanWindow"));
    m_window->setTitle(tr(kWindowTitle));
    m_window->setAxisTitles(tr("Drive P (dimensionless)"), tr(kETitle));
    m_edges = m_window->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);  // named on the plot
    m_current = m_window->addSeries(tr("this P"), XYPlot::Style::Dashed, vermillion);
    for (int k = 0; k < kBranchSeries; ++k) {
        m_stable.append(m_window->addSeries(k == 0 ? tr("stable") : QString(), XYPlot::Style::Line, black));
        m_unstable.append(m_window->addSeries(k == 0 ? tr("unstable") : QString(), XYPlot::Style::Dashed, muted));
    }
    m_simulated = m_window->addSeries(tr("simulated"), XYPlot::Style::Markers, blue);
    m_currentRange = m_window->addSeries(QString(), XYPlot::Style::Diamond, vermillion);
    for (QXYSeries* s : {m_edges, m_current, m_currentRange})
        widgets::PlotView::excludeFromPins(s);
    m_lowLabel = new QGraphicsSimpleTextItem(m_window->chart());
    m_highLabel = new QGraphicsSimpleTextItem(m_window->chart());
    for (QGraphicsSimpleTextItem* label : {m_lowLabel, m_highLabel})
        label->setZValue(4.5);  // above the series
    connect(m_window->chart(), &QChart::plotAreaChanged, this, [this] { placeEdgeLabels(); });

    for (QWidget* p : {static_cast<QWidget*>(m_phase), static_cast<QWidget*>(m_traces),
                       static_cast<QWidget*>(m_window)})
        p->setMinimumSize(150, 130);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    // The phase plane in a tall left column (its legend card then covers only the empty top left), the traces and
    // the window on the right.
    grid->addWidget(m_phase, 0, 0, 2, 1);
    grid->addWidget(m_traces, 0, 1);
    grid->addWidget(m_window, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (QWidget* plot : {static_cast<QWidget*>(m_phase), static_cast<QWidget*>(m_traces),
                          static_cast<QWidget*>(m_window)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> WilsonCowanPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                       Progress& progress)
{
    // Deterministic: no seed among the experiment's parameters.
    auto result = std::make_shared<WilsonCowanResult>();
    result->figure = networks::computeWilsonCowanFigure(parameters, progress);
    result->experiment = networks::wilsonCowanResult(result->figure);
    result->plane = planeOf(result->figure);
    return result;
}

void WilsonCowanPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const WilsonCowanResult&>(shown);
    const WilsonCowanFigure& f = r.figure;
    const double P = f.params.P;

    // --- phase plane ---
    m_phase->setData(r.plane);
    QList<QPointF> trajectory;
    for (std::size_t i = 0; i < f.trajectory.E.size(); ++i)
        trajectory.append({f.trajectory.E[i], f.trajectory.I[i]});
    m_phase->setTrajectory(trajectory);

    // --- traces ---
    QList<QPointF> e, i;
    for (std::size_t k = 0; k < f.trajectory.tMs.size(); ++k) {
        e.append({f.trajectory.tMs[k], f.trajectory.E[k]});
        i.append({f.trajectory.tMs[k], f.trajectory.I[k]});
    }
    m_traces->setPoints(m_eTrace, e);
    m_traces->setPoints(m_iTrace, i);
    m_traces->setXRange(0, f.durationMs);
    double top = 0.05, bottom = 0;
    for (const QList<QPointF>* list : {&e, &i})
        for (const QPointF& p : *list) {
            top = std::max(top, p.y());
            bottom = std::min(bottom, p.y());
        }
    m_traces->setYRange(bottom, XYPlot::niceTop(top * 1.05));

    // --- the window: the fixed-point curve in segments of equal stability ---
    const double span = f.pMax - f.pMin;
    QList<QList<QPointF>> stable, unstable;
    bool previous = false;
    for (std::size_t k = 0; k < f.branch.size(); ++k) {
        const networks::BranchPoint& b = f.branch[k];
        const QPointF point(std::clamp(b.P, f.pMin - span, f.pMax + span), b.E);
        if (k == 0 || b.stable != previous) {
            if (k > 0)  // the new segment starts where the last one ended, so the curve stays joined
                (b.stable ? unstable : stable).last().append(point);
            (b.stable ? stable : unstable).append(QList<QPointF>{});
        }
        (b.stable ? stable : unstable).last().append(point);
        previous = b.stable;
    }
    const auto fill = [this](const QList<QXYSeries*>& pool, QList<QList<QPointF>> segments) {
        // More segments than series (unusual couplings): the last series takes the rest, joined.
        while (segments.size() > pool.size()) {
            segments[pool.size() - 1] += segments.last();
            segments.removeLast();
        }
        for (qsizetype k = 0; k < pool.size(); ++k)
            m_window->setPoints(pool[k], k < segments.size() ? segments[k] : QList<QPointF>{});
    };
    fill(m_stable, stable);
    fill(m_unstable, unstable);
    QList<QPointF> simulated;
    for (std::size_t k = 0; k < f.sweepP.size(); ++k) {
        simulated.append({f.sweepP[k], f.sweepMaxE[k]});
        if (f.sweepMaxE[k] - f.sweepMinE[k] > 1e-4)
            simulated.append({f.sweepP[k], f.sweepMinE[k]});
    }
    m_window->setPoints(m_simulated, simulated);
    const double yLo = f.eMin, yHi = f.eMax, reach = yHi - yLo;
    // Both edges in one series: the connection between them runs outside the plot.
    const networks::OscillationWindow& w = f.window;
    QList<QPointF> edges;
    if (w.lowEdge != networks::WindowEdge::ScanLimit)
        edges << QPointF(w.pLow, yHi + reach) << QPointF(w.pLow, yLo - reach);
    if (w.highEdge != networks::WindowEdge::ScanLimit)
        edges << QPointF(w.pHigh, yLo - reach)
              << QPointF(w.pHigh, yHi + reach);
    m_window->setPoints(m_edges, edges);
    m_window->setPoints(m_current, {{P, yLo - reach}, {P, yHi + reach}});
    m_window->setPoints(m_currentRange, {{P, f.measured.minE}, {P, f.measured.maxE}});
    m_window->setXRange(f.pMin, f.pMax);
    m_window->setYRange(yLo, yHi);
    m_lowLabel->setText(w.lowEdge == networks::WindowEdge::ScanLimit ? QString() : edgeName(w.lowEdge));
    m_highLabel->setText(w.highEdge == networks::WindowEdge::ScanLimit ? QString() : edgeName(w.highEdge));
    placeEdgeLabels();

    // --- readout (two lines: the window, then this drive) ---
    const double hopf = r.scalar("hopf_period_ms");
    QString window;
    if (w.found) {
        window = tr("Oscillation window: <b>%1&nbsp;&lt;&nbsp;P&nbsp;&lt;&nbsp;%2</b> (lower edge <b>%3</b>, upper edge <b>%4</b>")
                     .arg(w.pLow, 0, 'f', 3)
                     .arg(w.pHigh, 0, 'f', 3)
                     .arg(edgeName(w.lowEdge), edgeName(w.highEdge));
        if (hopf > 0)
            window += tr(", 2π/\u2060ω = %1&nbsp;ms at the Hopf point").arg(hopf, 0, 'f', 1);
        window += QLatin1Char(')');
    } else {
        window = tr("No oscillation window inside −5&nbsp;&lt;&nbsp;P&nbsp;&lt;&nbsp;10");
    }
    if (!w.uniqueFixedPoint)
        window += tr("; several fixed points for %1&nbsp;&lt;&nbsp;P&nbsp;&lt;&nbsp;%2").arg(w.multiLow, 0, 'f', 3).arg(w.multiHigh, 0, 'f', 3);
    window += QLatin1Char('.');

    QStringList kinds;
    for (const networks::FixedPoint& fp : f.fixedPoints)
        kinds << QString::fromUtf8(networks::fixedPointKindName(fp.kind));
    const int count = int(f.fixedPoints.size());
    const QString points = count == 1 ? tr("one fixed point: %1").arg(kinds.join(QString()))
                                      : tr("%1 fixed points: %2").arg(count).arg(kinds.join(QStringLiteral(", ")));
    QString here = tr("At P = %1 (%2) the run from (%3, %4) ")
                       .arg(P, 0, 'f', 3)
                       .arg(points)
                       .arg(f.start.E, 0, 'f', 2)
                       .arg(f.start.I, 0, 'f', 2);
    if (f.oscillates)
        here += tr("<b>oscillates</b>: period <b>%1&nbsp;ms</b>").arg(f.measured.periodMs, 0, 'f', 1);
    else
        here += tr("<b>settles</b> at E = %1").arg(f.measured.finalState.E, 0, 'f', 3);
    if (std::isfinite(f.linearPeriodMs))
        here += tr(", 2π/\u2060ω = <b>%1&nbsp;ms</b>").arg(f.linearPeriodMs, 0, 'f', 1);
    if (f.oscillates)
        here += tr(", E from %1 to %2").arg(f.measured.minE, 0, 'f', 3).arg(f.measured.maxE, 0, 'f', 3);
    here += QLatin1Char('.');
    m_readout->setText(window + QStringLiteral("<br>") + here);
}

void WilsonCowanPanel::placeEdgeLabels()
{
    // Each edge's kind at the top of its line: the lower edge's to the left of it (weak drive, high activity: an
    // empty corner), the upper edge's to the right; flipped to the other side where the plot ends.
    const QRectF area = m_window->chart()->plotArea();
    const networks::OscillationWindow* w = m_lowLabel->text().isEmpty() && m_highLabel->text().isEmpty()
                                               ? nullptr
                                               : &lastResult().figure.window;
    const auto place = [&](QGraphicsSimpleTextItem* label, double p, bool left) {
        label->setFont(widgets::PlotStyle::labelFont());
        label->setBrush(widgets::palette::bluishGreen.darker(125));
        const QPointF at = m_window->chart()->mapToPosition(QPointF(p, 0.0), m_edges);
        if (!w || label->text().isEmpty() || !(area.width() > 0) || at.x() < area.left() || at.x() > area.right()) {
            label->setVisible(false);
            return;
        }
        const double width = label->boundingRect().width(), gap = 4;
        double x = left ? at.x() - gap - width : at.x() + gap;
        if (x < area.left() + 1)
            x = at.x() + gap;
        if (x + width > area.right() - 1)
            x = at.x() - gap - width;
        label->setPos(x, area.top() + 2);
        label->setVisible(true);
    };
    if (w) {
        place(m_lowLabel, w->pLow, true);
        place(m_highLabel, w->pHigh, false);
    } else {
        m_lowLabel->setVisible(false);
        m_highLabel->setVisible(false);
    }
}

std::optional<double> WilsonCowanPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return lastResult().scalar(key.toStdString().c_str());
}

QString WilsonCowanPanel::extraMetadata() const { return notesOf(lastResult().experiment); }

QList<widgets::DataSeries> WilsonCowanPanel::dataSeries()
{
    const WilsonCowanResult& r = lastResult();
    const QString phase = tr(kPhaseTitle), traces = tr(kTraceTitle), window = tr(kWindowTitle);
    const QString e = tr("E (fraction)"), i = tr("I (fraction)"), t = tr("t (ms)"),
                  p = tr("P (dimensionless)");
    QList<QPointF> trajectory;
    for (std::size_t k = 0; k < r.figure.trajectory.E.size(); ++k)
        trajectory.append({r.figure.trajectory.E[k], r.figure.trajectory.I[k]});
    return {{phase, tr("E-nullcline"), e, i, r.plane.xNullcline},
            {phase, tr("I-nullcline"), e, i, r.plane.yNullcline},
            {phase, tr("trajectory"), e, i, trajectory},
            {traces, tr("E(t)"), t, e, m_eTrace->points()},
            {traces, tr("I(t)"), t, i, m_iTrace->points()},
            {window, tr("stable fixed points"), p, e, r.points("branch_stable")},
            {window, tr("unstable fixed points"), p, e, r.points("branch_unstable")},
            {window, tr("simulated maximum of E"), p, e, r.points("oscillation_max")},
            {window, tr("simulated minimum of E"), p, e, r.points("oscillation_min")}};
}

}  // namespace neuroai::chapters
