#include "chapters/networks/KuramotoPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QFontMetricsF>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

const char* const kTimeTitle = QT_TRANSLATE_NOOP("KuramotoPanel", "Order parameter over time");
const char* const kSweepTitle = QT_TRANSLATE_NOOP("KuramotoPanel", "Order parameter against coupling");

QColor translucent(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

}  // namespace

// ------------------------------------------------------------------------------------------- the unit circle

OscillatorCircleView::OscillatorCircleView(QWidget* parent)
    : QWidget(parent)
{
    setProperty("figurePlot", true);  // a plot of the figure (the layout test counts its area)
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(140, 140);
}

void OscillatorCircleView::setState(std::vector<double> phases, std::vector<bool> locked, double r, double psi,
                                    double timeS)
{
    m_phases = std::move(phases);
    m_locked = std::move(locked);
    m_locked.resize(m_phases.size(), false);
    m_r = r;
    m_psi = psi;
    m_time = timeS;
    update();
}

int OscillatorCircleView::lockedCount() const { return int(std::count(m_locked.begin(), m_locked.end(), true)); }

QString OscillatorCircleView::title() const { return tr("Phases at t = %1 s").arg(m_time, 0, 'f', 0); }

double OscillatorCircleView::titleHeight() const { return QFontMetricsF(PlotStyle::titleFont()).height() * 1.5; }

double OscillatorCircleView::legendHeight() const { return QFontMetricsF(PlotStyle::labelFont()).height() * 1.8; }

QPointF OscillatorCircleView::centre() const
{
    const double top = titleHeight(), bottom = height() - legendHeight();
    return {width() / 2.0, (top + bottom) / 2.0};
}

double OscillatorCircleView::radius() const
{
    const double label = QFontMetricsF(PlotStyle::labelFont()).height();
    const double h = height() - titleHeight() - legendHeight() - 2 * label, w = width() - 4 * label;
    return std::max(10.0, 0.5 * std::min(w, h));
}

void OscillatorCircleView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFont titleFont = PlotStyle::titleFont(), label = PlotStyle::labelFont();
    painter.setFont(titleFont);
    painter.setPen(palette::black);
    painter.drawText(QRectF(0, 0, width(), titleHeight()), Qt::AlignCenter, title());

    const QPointF c = centre();
    const double R = radius();
    const double scale = PlotStyle::presentationScale();
    // Axes and the unit circle.
    painter.setPen(PlotStyle::pen(palette::grid, 0.6));
    painter.drawLine(QPointF(c.x() - R * 1.12, c.y()), QPointF(c.x() + R * 1.12, c.y()));
    painter.drawLine(QPointF(c.x(), c.y() - R * 1.12), QPointF(c.x(), c.y() + R * 1.12));
    painter.setPen(PlotStyle::pen(palette::muted, 0.6));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(c, R, R);
    painter.setFont(label);
    const QFontMetricsF lm(label);
    painter.setPen(palette::muted);
    painter.drawText(QRectF(c.x() + R * 1.02, c.y() - lm.height(), lm.horizontalAdvance(QStringLiteral("0 ")) + 4,
                            lm.height()),
                     Qt::AlignLeft | Qt::AlignBottom, QStringLiteral("0"));
    painter.drawText(QRectF(c.x() - 40, c.y() - R - lm.height() * 1.25, 80, lm.height()), Qt::AlignCenter,
                     QStringLiteral("π/2"));

    // The oscillators: drifting first, locked on top; translucent, so a crowd reads darker.
    const double dot = std::max(3.0, 5.0 * scale);
    const int alpha = m_phases.size() > 2000 ? 60 : m_phases.size() > 300 ? 110 : 200;
    for (const bool lockedPass : {false, true}) {
        QPolygonF points;
        for (std::size_t i = 0; i < m_phases.size(); ++i)
            if (m_locked[i] == lockedPass)
                points.append(c + QPointF(R * std::cos(m_phases[i]), -R * std::sin(m_phases[i])));
        QPen pen(translucent(lockedPass ? palette::vermillion : palette::blue, alpha));
        pen.setWidthF(dot);
        pen.setCapStyle(Qt::RoundCap);
        painter.setPen(pen);
        painter.drawPoints(points);
    }

    // r·e^{iψ}.
    const QPointF tip = c + QPointF(R * m_r * std::cos(m_psi), -R * m_r * std::sin(m_psi));
    painter.setPen(PlotStyle::pen(palette::black, 1.4));
    painter.drawLine(c, tip);
    if (m_r * R > 6) {
        const double head = 9 * scale, angle = std::atan2(c.y() - tip.y(), c.x() - tip.x());
        QPainterPath arrow;
        arrow.moveTo(tip);
        arrow.lineTo(tip + QPointF(head * std::cos(angle + 0.4), head * std::sin(angle + 0.4)));
        arrow.lineTo(tip + QPointF(head * std::cos(angle - 0.4), head * std::sin(angle - 0.4)));
        arrow.closeSubpath();
        painter.setBrush(palette::black);
        painter.drawPath(arrow);
    }
    painter.setBrush(palette::black);
    painter.drawEllipse(c, 2.5 * scale, 2.5 * scale);
    const QString rText = tr("r = %1").arg(m_r, 0, 'f', 3);
    painter.setFont(label);
    painter.setPen(palette::black);
    const double side = std::cos(m_psi) >= 0 ? -1 : 1;  // the label on the side away from the arrow
    const QRectF rBox(c.x() + (side > 0 ? 6 : -6 - lm.horizontalAdvance(rText)), c.y() + 4,
                      lm.horizontalAdvance(rText) + 2, lm.height());
    painter.drawText(rBox, Qt::AlignLeft | Qt::AlignTop, rText);

    // Legend.
    const double y = height() - legendHeight() * 0.5;
    const QString locked = tr("locked (%1)").arg(lockedCount());
    const QString drifting = tr("drifting (%1)").arg(int(m_phases.size()) - lockedCount());
    const QString order = tr("arrow: r·e^iψ");
    const double gap = lm.height();
    const double total = 3 * gap + lm.horizontalAdvance(locked) + lm.horizontalAdvance(drifting) + 2 * gap +
                         lm.horizontalAdvance(order);
    double x = std::max(2.0, (width() - total) / 2);
    for (const auto& [colour, text] : {std::pair{palette::vermillion, locked}, std::pair{palette::blue, drifting}}) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(x + gap * 0.4, y), dot * 0.7, dot * 0.7);
        painter.setPen(palette::black);
        painter.drawText(QRectF(x + gap, y - lm.height() / 2, lm.horizontalAdvance(text) + 2, lm.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, text);
        x += gap * 2 + lm.horizontalAdvance(text);
    }
    painter.drawText(QRectF(x, y - lm.height() / 2, lm.horizontalAdvance(order) + 2, lm.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, order);
}

// ------------------------------------------------------------------------------------------------ the panel

KuramotoPanel::KuramotoPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("kuramoto"), QStringLiteral("networks/kuramoto"), networks::kuramotoSpecs(),
                 &KuramotoPanel::compute, parent, networkReadouts(networks::kuramotoOutputs()))
{
    setObjectName(QStringLiteral("kuramotoPanel"));
    figureWidget()->setObjectName(QStringLiteral("kuramotoFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("kuramotoReadout"));

    m_circle = new OscillatorCircleView(figureWidget());
    m_circle->setObjectName(QStringLiteral("kuramotoCircle"));

    m_timePlot = new XYPlot(false, figureWidget());
    m_timePlot->setObjectName(QStringLiteral("kuramotoTime"));
    m_timePlot->setTitle(tr(kTimeTitle));
    m_timePlot->setAxisTitles(tr("Time t (s)"), tr("Order parameter r (dimensionless)"));
    m_rTheoryLine = m_timePlot->addSeries(tr("N → ∞"), XYPlot::Style::Dashed, black);
    m_r = m_timePlot->addSeries(tr("r(t)"), XYPlot::Style::Line, blue);
    m_rMean = m_timePlot->addSeries(tr("time average"), XYPlot::Style::Dashed, vermillion);

    m_sweepPlot = new XYPlot(false, figureWidget());
    m_sweepPlot->setObjectName(QStringLiteral("kuramotoSweep"));
    m_sweepPlot->setTitle(tr(kSweepTitle));
    m_sweepPlot->setAxisTitles(tr("Coupling K (rad/s)"), tr("Time-averaged r̄ (dimensionless)"));
    m_kc = m_sweepPlot->addSeries(tr("K_c"), XYPlot::Style::Dashed, bluishGreen);
    m_finite = m_sweepPlot->addSeries(tr("1/√N"), XYPlot::Style::Dashed, muted);
    m_theory = m_sweepPlot->addSeries(tr("N → ∞"), XYPlot::Style::Line, black);
    m_sweep = m_sweepPlot->addSeries(tr("simulated"), XYPlot::Style::Markers, blue);
    m_current = m_sweepPlot->addSeries(tr("this K"), XYPlot::Style::Diamond, vermillion);
    for (QXYSeries* s : {m_kc, m_finite, m_current, m_rTheoryLine})
        widgets::PlotView::excludeFromPins(s);
    m_sweepLegend = new LegendCard(m_sweepPlot, Qt::TopLeftCorner);  // weak coupling, high r: never reached

    for (XYPlot* p : {m_timePlot, m_sweepPlot})
        p->setMinimumSize(150, 130);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_circle, 0, 0);
    grid->addWidget(m_timePlot, 0, 1);
    grid->addWidget(m_sweepPlot, 1, 0, 1, 2);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 3);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (QWidget* plot : {static_cast<QWidget*>(m_circle), static_cast<QWidget*>(m_timePlot),
                          static_cast<QWidget*>(m_sweepPlot)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> KuramotoPanel::compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress)
{
    auto result = std::make_shared<KuramotoResult>();
    result->figure = networks::computeKuramotoFigure(parameters, seed, progress);
    result->experiment = networks::kuramotoResult(result->figure);
    return result;
}

void KuramotoPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const KuramotoResult&>(shown);
    const networks::KuramotoFigure& f = r.figure;
    const networks::KuramotoRun& run = f.run;
    const double K = f.config.coupling, kc = f.kc, N = f.config.oscillators;
    const bool lorentzian = f.config.distribution == networks::FrequencyDistribution::Lorentzian;

    // --- circle: locked = inside the locking range |ω − ω0| ≤ K r̄ ---
    std::vector<double> phases(std::size_t(run.finalPhases.size()));
    for (std::size_t i = 0; i < phases.size(); ++i)
        phases[i] = run.finalPhases(Eigen::Index(i));
    std::vector<bool> locked = f.locked;
    const double tEnd = run.time.empty() ? 0.0 : run.time.back();
    m_circle->setState(std::move(phases), std::move(locked), run.r.empty() ? 0.0 : run.r.back(),
                       run.psi.empty() ? 0.0 : run.psi.back(), tEnd);

    // --- r(t) ---
    QList<QPointF> rt;
    for (std::size_t i = 0; i < run.time.size(); ++i)
        rt.append({run.time[i], run.r[i]});
    m_timePlot->setPoints(m_r, rt);
    const double t0 = f.settings.transient;
    m_rMean->setName(tr("time average %1").arg(run.rMean, 0, 'f', 3));
    m_timePlot->setPoints(m_rMean, {{t0, run.rMean}, {tEnd, run.rMean}});
    m_rTheoryLine->setName(tr("N → ∞: %1").arg(f.rTheory, 0, 'f', 3));
    m_timePlot->setPoints(m_rTheoryLine, {{0.0, f.rTheory}, {tEnd, f.rTheory}});
    m_timePlot->setXRange(0, std::max(tEnd, 1.0));
    m_timePlot->setYRange(0, 1);

    // --- r̄ against K ---
    QList<QPointF> theory, sweep;
    for (std::size_t i = 0; i < f.theoryK.size(); ++i)
        theory.append({f.theoryK[i], f.theoryR[i]});
    double kTop = f.theoryK.empty() ? 1.0 : f.theoryK.back();
    for (const networks::KuramotoSweepPoint& p : f.sweep.points)
        if (std::isfinite(p.rMean))
            sweep.append({p.coupling, p.rMean});
    m_theory->setName(lorentzian ? tr("√(1 − K_c/K)") : tr("N → ∞ (self-consistency)"));
    m_sweepPlot->setPoints(m_theory, theory);
    m_sweepPlot->setPoints(m_sweep, sweep);
    m_kc->setName(tr("K_c = %1").arg(kc, 0, 'f', 2));
    m_sweepPlot->setPoints(m_kc, {{kc, 0.0}, {kc, 1.0}});
    const double floor = 1 / std::sqrt(N);
    m_sweepPlot->setPoints(m_finite, {{0.0, floor}, {kTop * 1.02, floor}});
    m_sweepPlot->setPoints(m_current, {{K, run.rMean}});
    m_sweepPlot->setXRange(-0.02 * kTop, kTop * 1.02);
    m_sweepPlot->setYRange(0, 1);
    m_sweepLegend->place();

    // --- readout ---
    const QString distribution =
        QStringLiteral("(%1)").arg(QString::fromStdString(r.parameters.spec("frequencies")->display(r.parameters["frequencies"])));
    QString text = tr("N = %1 oscillators, natural frequencies %2 with width γ = %3&nbsp;rad/s: K_c = <b>%4&nbsp;rad/s</b>. "
                      "At K = %5&nbsp;rad/s (%6&nbsp;K_c): r̄ = <b>%7 ± %8</b> (standard error over time blocks), N → ∞ theory "
                      "<b>%9</b>.")
                       .arg(int(N))
                       .arg(distribution)
                       .arg(f.config.gamma, 0, 'f', 2)
                       .arg(kc, 0, 'f', 3)
                       .arg(K, 0, 'f', 2)
                       .arg(K / kc, 0, 'f', 2)
                       .arg(run.rMean, 0, 'f', 3)
                       .arg(std::isfinite(run.rSE) ? run.rSE : 0.0, 0, 'f', 3)
                       .arg(f.rTheory, 0, 'f', 3);
    text += tr(" Locked (|ω − ω0| ≤ K r̄): %1 % (N → ∞: %2 %).")
                .arg(100 * r.scalar("locked_fraction"), 0, 'f', 1)
                .arg(100 * r.scalar("locked_theory"), 0, 'f', 1);
    if (K < kc)
        text += tr(" Below K_c a finite population keeps r near 1/√N = %1.").arg(floor, 0, 'f', 3);
    m_readout->setText(text);
}

std::optional<double> KuramotoPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return lastResult().scalar(key.toStdString().c_str());
}

QString KuramotoPanel::extraMetadata() const { return notesOf(lastResult().experiment); }

QList<widgets::DataSeries> KuramotoPanel::dataSeries()
{
    const KuramotoResult& r = lastResult();
    const QString circle = m_circle->title(), time = tr(kTimeTitle), sweep = tr(kSweepTitle);
    const QString rLabel = tr("r (dimensionless)");
    return {{circle, tr("phase at the end against natural frequency"), tr("ω (rad/s)"), tr("θ (rad)"),
             r.points("final_phase")},
            {time, tr("r(t)"), tr("t (s)"), rLabel, m_r->points()},
            {sweep, tr("simulated"), tr("K (rad/s)"), rLabel, m_sweep->points()},
            {sweep, m_theory->name(), tr("K (rad/s)"), rLabel, m_theory->points()}};
}

}  // namespace neuroai::chapters
