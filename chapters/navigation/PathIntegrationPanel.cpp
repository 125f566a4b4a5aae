#include "chapters/navigation/PathIntegrationPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QFontMetricsF>
#include <QChart>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
// At most this many points of each path are drawn (the walk has 100 samples a second).
constexpr std::size_t kMaxDrawnPoints = 3000;
// The view widens to show an estimate that left the box, but not beyond this many box sides around it.
constexpr double kMaxViewSides = 4.0;

QString cm(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + QStringLiteral(" cm");
}
}  // namespace

// --- the arena with the estimate ---

PathEstimateView::PathEstimateView(QWidget* parent)
    : ArenaView(parent)
{
}

void PathEstimateView::setPaths(const ArenaScene& scene, std::vector<ArenaPoint> estimate, ArenaPoint start,
                                double endErrorCm)
{
    m_estimate = std::move(estimate);
    m_start = start;
    m_endErrorCm = endErrorCm;
    setScene(scene);
    update();
}

void PathEstimateView::paintOverlay(QPainter& painter, const QRect& plot)
{
    using namespace widgets;
    ArenaView::paintOverlay(painter, plot);
    const double s = PlotStyle::presentationScale();
    const auto at = [this](const ArenaPoint& p) { return mapToWidget(p.x, p.y); };
    const std::size_t n = m_estimate.size();
    // The estimate, fading like the true path so the two read the same way (old faint, recent strong).
    for (std::size_t i = 1; i < n; ++i) {
        QColor colour = palette::vermillion;
        colour.setAlphaF(0.15 + 0.85 * double(i) / double(n - 1));
        painter.setPen(PlotStyle::pen(colour, 1.0));
        painter.drawLine(at(m_estimate[i - 1]), at(m_estimate[i]));
    }
    const double marker = 5 * s;
    if (n > 0) {
        // The error at the end: a dashed line from the true position (the agent) to the estimate.
        if (const auto& agent = scene().agent) {
            painter.setPen(PlotStyle::pen(palette::black, 1.0, Qt::DashLine));
            painter.drawLine(at(*agent), at(m_estimate.back()));
        }
        painter.setPen(PlotStyle::pen(palette::black, 0.6));
        painter.setBrush(palette::vermillion);
        painter.drawEllipse(at(m_estimate.back()), marker, marker);
    }
    // The start: where both paths begin (a white disc with a black rim).
    painter.setPen(PlotStyle::pen(palette::black, 1.2));
    painter.setBrush(Qt::white);
    painter.drawEllipse(at(m_start), marker, marker);

    // Legend card in the upper left corner.
    const QFont font = PlotStyle::labelFont();
    const QFontMetricsF fm(font);
    const QStringList labels = {tr("true path"), tr("estimate (integrated)"),
                                tr("error at the end: %1").arg(cm(m_endErrorCm))};
    double textWidth = 0;
    for (const QString& l : labels)
        textWidth = std::max(textWidth, fm.horizontalAdvance(l));
    const double sample = 22 * s, pad = 6 * s, line = fm.height() + 2 * s;
    const QRectF card(plot.left() + 8 * s, plot.top() + 8 * s, pad * 3 + sample + textWidth,
                      pad * 2 + line * double(labels.size()));
    painter.setPen(PlotStyle::pen(palette::grid, 1.0));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRect(card);
    painter.setFont(font);
    const QColor colours[] = {palette::skyBlue.darker(115), palette::vermillion, palette::black};
    for (int i = 0; i < labels.size(); ++i) {
        const double y = card.top() + pad + line * (i + 0.5);
        painter.setPen(PlotStyle::pen(colours[i], i == 2 ? 1.0 : 1.6, i == 2 ? Qt::DashLine : Qt::SolidLine));
        painter.drawLine(QPointF(card.left() + pad, y), QPointF(card.left() + pad + sample, y));
        painter.setPen(palette::black);
        painter.drawText(QRectF(card.left() + 2 * pad + sample, y - line / 2, textWidth + pad, line),
                         Qt::AlignLeft | Qt::AlignVCenter, labels[i]);
    }
}

QList<widgets::DataSeries> PathEstimateView::dataSeries() const
{
    QList<widgets::DataSeries> out = ArenaView::dataSeries();
    widgets::DataSeries estimate{title(), tr("estimate (integrated)"), tr("x (cm)"), tr("y (cm)"), {}};
    for (const ArenaPoint& p : m_estimate)
        estimate.points.append({p.x, p.y});
    if (!estimate.points.isEmpty())
        out.append(std::move(estimate));
    return out;
}

// --- the panel ---

PathIntegrationPanel::PathIntegrationPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("path-integration"), QStringLiteral("navigation/path-integration"),
                 space::pathIntegrationSpecs(), &PathIntegrationPanel::compute, parent,
                 {QStringLiteral("slope"), QStringLiteral("rms_end_cm"), QStringLiteral("theory_end_cm"),
                  QStringLiteral("shown_error_end_cm")})
{
    setObjectName(QStringLiteral("pathIntegrationPanel"));
    figureWidget()->setObjectName(QStringLiteral("pathIntegrationFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("pathIntegrationReadout"));
    m_slopeReadout = makeReadout(QStringLiteral("pathIntegrationSlopeReadout"));

    m_arena = new PathEstimateView(figureWidget());
    m_arena->setObjectName(QStringLiteral("pathIntegrationArena"));
    m_arena->setTitle(tr("True path and integrated estimate"));

    m_plot = new XYPlot(true, figureWidget(), true);
    m_plot->setObjectName(QStringLiteral("pathIntegrationErrorPlot"));
    m_plot->setTitle(tr("Position error against time (log-log)"));
    m_plot->setAxisTitles(tr("Time t (s)"), tr("Position error (cm)"));
    m_reference = m_plot->addSeries(tr("σ_v·√(2·dt·t), slope ½"), XYPlot::Style::Dashed, bluishGreen);
    connect(m_plot->chart(), &QChart::plotAreaChanged, this, &PathIntegrationPanel::placeLegend,
            Qt::QueuedConnection);
    m_fit = m_plot->addSeries(tr("fit"), XYPlot::Style::Dashed, black);
    m_shownError = m_plot->addSeries(tr("the walk on the left"), XYPlot::Style::Line, skyBlue);
    m_rms = m_plot->addSeries(tr("RMS error"), XYPlot::Style::Line, vermillion);

    // Explicit minimum sizes: the log-log chart's own minimum size hint grows with the presentation font until the
    // panel (and, through the stacked chapters, the whole window) no longer fits a 1920-px projector screen.
    m_arena->setMinimumSize(240, 200);
    m_plot->setMinimumSize(240, 200);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_arena, 1);
    row->addWidget(m_plot, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_slopeReadout, 0);
    figureLayout()->addLayout(row, 1);
    widgets::FigureExporter::installContextMenu(m_plot, [this] { return metadata(); });
    m_arena->installContextMenu([this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> PathIntegrationPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                           Progress& progress)
{
    auto result = std::make_shared<PathIntegrationResult>();
    result->setup = space::PathIntegrationSetup::fromParameters(parameters);
    result->setup.drift.seed = seed;  // the panel's seed (PanelState::seed) replaces the "seed" parameter
    progress.setStage("integrating the walks of the ensemble");
    result->run = space::runPathIntegration(result->setup, &progress);
    return result;
}

void PathIntegrationPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const PathIntegrationResult&>(shown);
    const space::PathIntegrationRun& run = result.run;
    const space::PathIntegrationSetup& s = result.setup;
    const space::IntegratedPath& path = run.shown;

    // --- arena ---
    const std::size_t n = path.size();
    const std::size_t stride = std::max<std::size_t>(1, (n + kMaxDrawnPoints - 1) / kMaxDrawnPoints);
    ArenaScene scene = space::Arena::openField(s.arenaSideCm).scene();
    std::vector<ArenaPoint> estimate;
    double x0 = 0, x1 = s.arenaSideCm, y0 = 0, y1 = s.arenaSideCm;
    for (std::size_t i = 0; i < n; i += stride) {
        scene.trajectory.push_back({path.trueX[i], path.trueY[i]});
        estimate.push_back({path.estX[i], path.estY[i]});
    }
    if ((n - 1) % stride != 0) {  // always end on the last sample, where the error is read
        scene.trajectory.push_back({path.trueX[n - 1], path.trueY[n - 1]});
        estimate.push_back({path.estX[n - 1], path.estY[n - 1]});
    }
    for (const ArenaPoint& p : estimate) {
        x0 = std::min(x0, p.x);
        x1 = std::max(x1, p.x);
        y0 = std::min(y0, p.y);
        y1 = std::max(y1, p.y);
    }
    // Everything the estimate reached, up to kMaxViewSides box sides (an estimate that ran very far is cut).
    const double side = s.arenaSideCm, limit = (kMaxViewSides - 1) / 2 * side;
    x0 = std::max(x0, -limit);
    y0 = std::max(y0, -limit);
    x1 = std::min(x1, side + limit);
    y1 = std::min(y1, side + limit);
    // Bands above (the legend card) and below (the scale bar) so neither covers the paths or the walls.
    const double span = std::max(x1 - x0, y1 - y0);
    const double margin = 0.04 * span;
    scene.xMin = x0 - margin;
    scene.xMax = x1 + margin;
    scene.yMin = y0 - 0.12 * span;
    scene.yMax = y1 + 0.36 * span;
    scene.agent = ArenaPoint{path.trueX[n - 1], path.trueY[n - 1]};
    if (n >= 2)
        scene.headingRad = std::atan2(path.trueY[n - 1] - path.trueY[n - 2], path.trueX[n - 1] - path.trueX[n - 2]);
    m_arena->setPaths(scene, std::move(estimate), {path.trueX[0], path.trueY[0]}, path.errorCm.back());

    // --- error plot ---
    const space::DriftEnsemble& e = run.ensemble;
    QList<QPointF> rms, walk, reference, fit;
    double low = std::numeric_limits<double>::infinity(), high = 0;
    const auto include = [&](double y) {
        if (y > 0 && std::isfinite(y)) {
            low = std::min(low, y);
            high = std::max(high, y);
        }
    };
    for (std::size_t j = 0; j < e.timeS.size(); ++j) {
        if (e.rmsCm[j] > 0)
            rms.append({e.timeS[j], e.rmsCm[j]});
        include(e.rmsCm[j]);
        const auto step = std::size_t(e.steps[j]);
        if (step < n && path.errorCm[step] > 0) {
            walk.append({e.timeS[j], path.errorCm[step]});
            include(path.errorCm[step]);
        }
    }
    const double tFirst = e.timeS.front(), tEnd = e.timeS.back();
    const double sigma = s.drift.noise.velocitySdCmPerS;
    if (sigma > 0) {
        m_reference->setName(tr("σ_v·√(2·dt·t), slope ½"));
        for (const double t : {tFirst, tEnd}) {
            const double y = space::additiveRmsCm(sigma, s.drift.dtMs, t * 1000.0 / s.drift.dtMs);
            reference.append({t, y});
            include(y);
        }
    } else if (std::isfinite(run.fit.slope)) {
        // No additive noise: a √t line through the fitted RMS at the fit's start, for comparison.
        m_reference->setName(tr("∝ √t, slope ½"));
        const double y0Ref = run.fit.at(run.fit.t0);
        for (const double t : {tFirst, tEnd})
            reference.append({t, y0Ref * std::sqrt(t / run.fit.t0)});
        include(reference.front().y());
    }
    const bool fitted = std::isfinite(run.fit.slope);
    if (fitted) {
        m_fit->setName(tr("fit, slope %1").arg(run.fit.slope, 0, 'f', 2));
        fit.append({run.fit.t0, run.fit.at(run.fit.t0)});
        fit.append({run.fit.t1, run.fit.at(run.fit.t1)});
    } else {
        m_fit->setName(tr("fit (no error to fit)"));
    }
    m_rms->setName(tr("RMS error, %1 walks").arg(s.drift.seeds));
    m_plot->setPoints(m_rms, rms);
    m_plot->setPoints(m_shownError, walk);
    m_plot->setPoints(m_reference, reference);
    m_plot->setPoints(m_fit, fit);
    m_plot->setInLegend(m_reference, !reference.isEmpty());
    m_plot->setInLegend(m_fit, fitted);
    // A hair beyond the ends, so the log axes label the end decades too (an end exactly on 10^k loses its label).
    m_plot->setXRange(tFirst * 0.999, tEnd * 1.001);
    if (high > 0) {
        // Whole decades around the data (at least one), so the ticks are 10^k.
        const double lo = std::pow(10.0, std::floor(std::log10(low)));
        double hi = std::pow(10.0, std::ceil(std::log10(high)));
        if (hi <= lo)
            hi = lo * 10;
        m_plot->setYRange(lo * 0.999, hi * 1.001);
    } else {
        m_plot->setYRange(0.01, 1.0);
    }

    // --- readout ---
    if (!fitted) {
        m_readout->setText(tr("No noise: the estimate follows the true path exactly."));
        m_slopeReadout->setText(tr("The error is <b>0 cm</b> at every time: no slope to fit."));
        placeLegend();
        return;
    }
    // Two short one-line readouts: a long wrapped label is squeezed by the plots in presentation mode.
    QString theory;
    if (sigma > 0)
        theory = tr(", σ<sub>v</sub>·√(2·dt·T) = %1").arg(cm(run.theoryEndCm));
    m_readout->setText(
        tr("After <b>%1 s</b>: RMS error <b>%2</b>%3.").arg(tEnd, 0, 'g', 4).arg(cm(run.rmsEndCm), theory));
    m_slopeReadout->setText(tr("Log-log slope <b>%1</b> over [%2 s, %3 s].")
                                .arg(run.fit.slope, 0, 'f', 2)
                                .arg(run.fit.t0, 0, 'g', 3)
                                .arg(tEnd, 0, 'g', 4));
    placeLegend();
}

void PathIntegrationPanel::placeLegend()
{
    QChart* chart = m_plot->chart();
    QLegend* legend = chart->legend();
    // Set every time: presentation mode restyles the legend as a row above the plot (PlotStyle::styleChart).
    if (legend->isAttachedToChart())
        legend->detachFromChart();
    if (legend->alignment() != Qt::AlignLeft)
        legend->setAlignment(Qt::AlignLeft);  // a detached legend lays out by its alignment: one column
    legend->setBackgroundVisible(true);
    legend->setBrush(QColor(255, 255, 255, 225));
    legend->setPen(QPen(widgets::palette::grid));
    // The size from the visible entries (a detached legend's own size hint lags behind marker changes).
    const QFontMetricsF metrics(legend->font());
    int rows = 0;
    double text = 0;
    for (QLegendMarker* marker : legend->markers())
        if (marker->isVisible()) {
            ++rows;
            text = std::max(text, metrics.horizontalAdvance(marker->label()));
        }
    legend->setVisible(rows > 0);
    const QRectF area = chart->plotArea();
    const double w = std::min(text + 4.0 * metrics.height() + 20, 0.9 * area.width());  // marker, spacing, margins
    const double h = std::min(rows * (metrics.height() + 10) + 14, area.height());
    legend->setGeometry(QRectF(area.left() + 4, area.top() + 4, w, h));
    legend->update();
}

std::optional<double> PathIntegrationPanel::readout(const QString& key) const
{
    const space::PathIntegrationRun& run = lastRun();
    if (key == QLatin1String("slope"))
        return run.fit.slope;
    if (key == QLatin1String("rms_end_cm"))
        return run.rmsEndCm;
    if (key == QLatin1String("theory_end_cm"))
        return run.theoryEndCm;
    if (key == QLatin1String("shown_error_end_cm"))
        return run.shown.errorCm.back();
    return std::nullopt;
}

QList<widgets::DataSeries> PathIntegrationPanel::dataSeries()
{
    const QString plot = tr("Position error against time (log-log)");
    const QString t = tr("t (s)"), err = tr("error (cm)");
    QList<widgets::DataSeries> out = m_arena->dataSeries();
    for (QXYSeries* series : {m_rms, m_shownError, m_reference, m_fit})
        if (series->count() > 0)
            out.append({plot, series->name(), t, err, series->points()});
    return out;
}

}  // namespace neuroai::chapters
