#include "chapters/networks/TwoNetworksPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <string>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

const char* const kActivityTitle = QT_TRANSLATE_NOOP("TwoNetworksPanel", "Task and network activity");
const char* const kBoldTitle = QT_TRANSLATE_NOOP("TwoNetworksPanel", "BOLD-like signals");
const char* const kRawTitle = QT_TRANSLATE_NOOP("TwoNetworksPanel", "BOLD correlation, raw");
const char* const kGsrTitle = QT_TRANSLATE_NOOP("TwoNetworksPanel", "After global-signal regression");

// The task as a square wave between the axis' bottom and top: its rises and falls mark the block edges and its task
// stretches run along the plot's top edge.
QList<QPointF> taskWave(const std::vector<double>& t, const std::vector<double>& u, double lo, double hi)
{
    QList<QPointF> out;
    for (std::size_t j = 0; j < t.size(); ++j) {
        const double y = u[j] > 0.5 ? hi : lo;
        if (j > 0 && (u[j] > 0.5) != (u[j - 1] > 0.5))
            out.append({t[j], u[j - 1] > 0.5 ? hi : lo});
        out.append({t[j], y});
    }
    return out;
}

QList<QPointF> toPoints(const std::vector<double>& x, const std::vector<double>& y)
{
    QList<QPointF> out;
    for (std::size_t j = 0; j < x.size() && j < y.size(); ++j)
        out.append({x[j], y[j]});
    return out;
}

MatrixImage correlationImage(const Eigen::MatrixXd& c, int perNetwork)
{
    MatrixImage m;
    m.rows = m.columns = int(c.rows());
    m.values.resize(std::size_t(m.rows) * std::size_t(m.columns));
    for (int i = 0; i < m.rows; ++i)
        for (int j = 0; j < m.columns; ++j)
            m.values[std::size_t(i) * std::size_t(m.columns) + std::size_t(j)] = float(c(i, j));
    m.diverging = true;
    m.minValue = -1;
    m.maxValue = 1;
    m.valueLabel = QObject::tr("correlation r").toStdString();
    m.rowLabel = QObject::tr("node").toStdString();
    m.columnLabel = QObject::tr("node (D: default, X: executive)").toStdString();
    for (int k = 0; k < m.rows; ++k) {
        const std::string name = (k < perNetwork ? "D" : "X") + std::to_string(k % perNetwork + 1);
        m.rowTicks.push_back(name);
        m.columnTicks.push_back(name);
    }
    return m;
}

}  // namespace

CorrelationMatrixPlot::CorrelationMatrixPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
}

void CorrelationMatrixPlot::setGroupSize(int nodes)
{
    m_group = nodes;
    update();
}

void CorrelationMatrixPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    const MatrixImage& m = matrix();
    if (m.isEmpty() || m_group <= 0 || m_group >= m.rows)
        return;
    const double x = plot.left() + double(plot.width()) * m_group / m.columns;
    const double y = plot.top() + double(plot.height()) * m_group / m.rows;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(PlotStyle::pen(palette::black, 1.1));
    painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
}

TwoNetworksPanel::TwoNetworksPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("two-networks"), QStringLiteral("networks/two-networks"),
                 networks::twoNetworksSpecs(), &TwoNetworksPanel::compute, parent,
                 networkReadouts(networks::twoNetworksOutputs()))
{
    setObjectName(QStringLiteral("twoNetworksPanel"));
    figureWidget()->setObjectName(QStringLiteral("twoNetworksFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("twoNetworksReadout"));

    m_activity = new XYPlot(false, figureWidget());
    m_activity->setObjectName(QStringLiteral("twoNetworksActivity"));
    m_activity->setTitle(tr(kActivityTitle));
    m_activity->setAxisTitles(tr("Time t (s)"), tr("Mean activity E (fraction)"));
    m_taskActivity = m_activity->addSeries(tr("task"), XYPlot::Style::Dashed, muted);
    m_dmnActivity = m_activity->addSeries(tr("default mode"), XYPlot::Style::Line, blue);
    m_execActivity = m_activity->addSeries(tr("executive"), XYPlot::Style::Line, vermillion);

    m_bold = new XYPlot(false, figureWidget());
    m_bold->setObjectName(QStringLiteral("twoNetworksBold"));
    m_bold->setTitle(tr(kBoldTitle));
    m_bold->setAxisTitles(tr("Time t (s)"), tr("BOLD-like signal (activity units)"));
    m_taskBold = m_bold->addSeries(tr("task"), XYPlot::Style::Dashed, muted);
    m_global = m_bold->addSeries(tr("global"), XYPlot::Style::Line, orange);
    m_dmnBold = m_bold->addSeries(tr("default mode"), XYPlot::Style::Line, blue);
    m_execBold = m_bold->addSeries(tr("executive"), XYPlot::Style::Line, vermillion);
    for (QXYSeries* s : {m_taskActivity, m_taskBold})
        widgets::PlotView::excludeFromPins(s);

    m_raw = new CorrelationMatrixPlot(figureWidget());
    m_raw->setObjectName(QStringLiteral("twoNetworksRawMatrix"));
    m_raw->setTitle(tr(kRawTitle));
    m_gsr = new CorrelationMatrixPlot(figureWidget());
    m_gsr->setObjectName(QStringLiteral("twoNetworksGsrMatrix"));
    m_gsr->setTitle(tr(kGsrTitle));

    for (QWidget* p : {static_cast<QWidget*>(m_activity), static_cast<QWidget*>(m_bold), static_cast<QWidget*>(m_raw),
                       static_cast<QWidget*>(m_gsr)})
        p->setMinimumSize(150, 120);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    // Time courses side by side above, the two matrices side by side below.
    grid->addWidget(m_activity, 0, 0);
    grid->addWidget(m_bold, 0, 1);
    grid->addWidget(m_raw, 1, 0);
    grid->addWidget(m_gsr, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* plot : {m_activity, m_bold})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    for (CorrelationMatrixPlot* plot : {m_raw, m_gsr})
        plot->installContextMenu([this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> TwoNetworksPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                       Progress& progress)
{
    auto result = std::make_shared<TwoNetworksResult>();
    result->figure = networks::computeTwoNetworksFigure(parameters, seed, progress);
    result->experiment = networks::twoNetworksResult(result->figure);
    return result;
}

void TwoNetworksPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const TwoNetworksResult&>(shown);
    const networks::TwoNetworksFigure& f = r.figure;
    const networks::TwoNetworkResult& run = f.run;
    const double duration = f.settings.durationS;

    // --- activity ---
    double top = 0.05;
    for (const std::vector<double>* v : {&f.dmnActivity, &f.execActivity})
        for (const double x : *v)
            top = std::max(top, x);
    top = XYPlot::niceTop(top * 1.05);
    m_activity->setPoints(m_dmnActivity, toPoints(run.tS, f.dmnActivity));
    m_activity->setPoints(m_execActivity, toPoints(run.tS, f.execActivity));
    const bool anyTask = f.settings.taskDrive > 0 || f.settings.taskDeactivation > 0;
    m_activity->setPoints(m_taskActivity, anyTask ? taskWave(run.tS, run.task, 0, top) : QList<QPointF>{});
    m_activity->setInLegend(m_taskActivity, anyTask);
    m_activity->setXRange(0, duration);
    m_activity->setYRange(0, top);

    // --- BOLD ---
    double lo = 0, hi = 0.05;
    const bool global = f.settings.globalAmplitude > 0;
    for (const std::vector<double>* v : {&f.dmnBold, &f.execBold, &run.global})
        for (const double x : *v) {
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
    const double step = widgets::niceStep((hi - lo) / 5);
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi * 1.02 / step) * step;
    m_bold->setPoints(m_dmnBold, toPoints(run.tBoldS, f.dmnBold));
    m_bold->setPoints(m_execBold, toPoints(run.tBoldS, f.execBold));
    m_bold->setPoints(m_global, global ? toPoints(run.tBoldS, run.global) : QList<QPointF>{});
    m_bold->setInLegend(m_global, global);
    m_bold->setPoints(m_taskBold, anyTask ? taskWave(run.tS, run.task, lo, hi) : QList<QPointF>{});
    m_bold->setInLegend(m_taskBold, anyTask);
    m_bold->setXRange(0, duration);
    m_bold->setYRange(lo, hi);

    // --- correlation matrices ---
    const int n = f.settings.nodesPerNetwork;
    m_raw->setMatrix(correlationImage(f.correlationRaw, n));
    m_gsr->setMatrix(correlationImage(f.correlationGsr, n));
    m_raw->setGroupSize(n);
    m_gsr->setGroupSize(n);

    // --- readout ---
    const auto v = [](double x) { return fixedNumber(x, 2); };
    QString text = tr("Mean BOLD correlation. Raw: within default mode %1, within executive %2, <b>between %3</b>. "
                      "After global-signal regression: %4, %5, <b>between %6</b>.")
                       .arg(v(f.raw.withinA), v(f.raw.withinB), v(f.raw.between), v(f.gsr.withinA),
                            v(f.gsr.withinB), v(f.gsr.between));
    if (global)
        text += tr(" Without the global fluctuation: between %1.").arg(v(f.neural.between));
    const networks::BlockAverages& a = run.averages;
    if (anyTask && a.taskSamples > 0 && a.restSamples > 0)
        text += tr("<br>Activity rest → task: default mode %1 → %2, executive %3 → %4.")
                    .arg(fixedNumber(a.dmnRest, 3), fixedNumber(a.dmnTask, 3), fixedNumber(a.execRest, 3),
                         fixedNumber(a.execTask, 3));
    m_readout->setText(text);
}

std::optional<double> TwoNetworksPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return lastResult().scalar(key.toStdString().c_str());
}

QString TwoNetworksPanel::extraMetadata() const { return notesOf(lastResult().experiment); }

QList<widgets::DataSeries> TwoNetworksPanel::dataSeries()
{
    const QString activity = tr(kActivityTitle), bold = tr(kBoldTitle);
    const QString t = tr("t (s)"), e = tr("E (fraction)"), b = tr("BOLD (activity units)");
    QList<widgets::DataSeries> out{{activity, tr("task u (0 rest, 1 task)"), t, tr("u"), lastResult().points("task")},
                                   {activity, tr("default mode"), t, e, m_dmnActivity->points()},
                                   {activity, tr("executive"), t, e, m_execActivity->points()},
                                   {bold, tr("default mode"), t, b, m_dmnBold->points()},
                                   {bold, tr("executive"), t, b, m_execBold->points()}};
    if (lastResult().figure.settings.globalAmplitude > 0)
        out.append({bold, tr("global fluctuation"), t, b, m_global->points()});
    out += m_raw->dataSeries();
    out += m_gsr->dataSeries();
    return out;
}

}  // namespace neuroai::chapters
