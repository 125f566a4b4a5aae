#include "chapters/deep/OptimizerPathsPanel.h"

#include "engine/core/Job.h"
#include "engine/deep/DeepExperiments.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {

const char* const kPathTitle = QT_TRANSLATE_NOOP("OptimizerPathsPanel", "Paths on the loss surface");
const char* const kLossTitle = QT_TRANSLATE_NOOP("OptimizerPathsPanel", "Loss against step");
const char* const kRateTitle = QT_TRANSLATE_NOOP("OptimizerPathsPanel", "Gradient descent against η");
const char* const kNames[] = {"sgd", "momentum", "adam"};

QColor optimiserColour(int k)
{
    using namespace widgets::palette;
    return k == 0 ? blue : (k == 1 ? vermillion : bluishGreen);
}

// Clamps a loss for a log axis (a path that reached the minimum exactly would give 0).
double forLog(double v) { return std::max(v, 1e-12); }

}  // namespace

OptimizerPathsPanel::OptimizerPathsPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("optimizer-paths"), QStringLiteral("deep-learning/optimizer-paths"),
                 deep::optimizerPathsSpecs(), &OptimizerPathsPanel::compute, parent,
                 scalarReadouts(deep::optimizerPathsOutputs()))
{
    setObjectName(QStringLiteral("optimizerPathsPanel"));
    figureWidget()->setObjectName(QStringLiteral("optimizerPathsFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("optimizerPathsReadout"));
    const QString names[] = {tr("SGD"), tr("momentum"), tr("Adam")};

    m_pathPlot = new XYPlot(false, figureWidget());
    m_pathPlot->setObjectName(QStringLiteral("optimizerPathPlot"));
    m_pathPlot->setTitle(tr(kPathTitle));
    m_pathPlot->setAxisTitles(tr("Parameter θ₁ (a.u.)"), tr("Parameter θ₂ (a.u.)"));
    for (int i = 0; i < kContours; ++i)
        m_contours.push_back(m_pathPlot->addSeries(QString(), XYPlot::Style::Line, QColor(200, 200, 200)));
    for (int k = 0; k < 3; ++k)
        m_paths.push_back(m_pathPlot->addSeries(names[k], XYPlot::Style::Line, optimiserColour(k)));
    m_start = m_pathPlot->addSeries(QString(), XYPlot::Style::Diamond, black);  // the black diamond of the text
    m_pathPlot->setXRange(-kExtent, kExtent);
    m_pathPlot->setYRange(-kExtent, kExtent);

    m_lossPlot = new XYPlot(false, figureWidget(), true);
    m_lossPlot->setObjectName(QStringLiteral("optimizerLossPlot"));
    m_lossPlot->setTitle(tr(kLossTitle));
    m_lossPlot->setAxisTitles(tr("Step (count)"), tr("Loss f(θ) (a.u.)"));
    for (int k = 0; k < 3; ++k)
        m_losses.push_back(m_lossPlot->addSeries(names[k], XYPlot::Style::Line, optimiserColour(k)));

    m_ratePlot = new XYPlot(false, figureWidget(), true);
    m_ratePlot->setObjectName(QStringLiteral("optimizerRatePlot"));
    m_ratePlot->setTitle(tr(kRateTitle));
    m_ratePlot->setAxisTitles(tr("Learning rate η (a.u.)"), tr("SGD's final loss (a.u.)"));
    m_limit = m_ratePlot->addSeries(tr("2/L"), XYPlot::Style::Dashed, black);
    m_current = m_ratePlot->addSeries(tr("this η"), XYPlot::Style::Dashed, bluishGreen);
    m_sweep = m_ratePlot->addSeries(QString(), XYPlot::Style::Line, blue);  // the only curve: its axis names it

    for (XYPlot* p : {m_pathPlot, m_lossPlot, m_ratePlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_pathPlot, 0, 0, 2, 1);
    grid->addWidget(m_lossPlot, 0, 1);
    grid->addWidget(m_ratePlot, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_pathPlot, m_lossPlot, m_ratePlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> OptimizerPathsPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                          Progress& progress)
{
    // Deterministic: no seed among the experiment's parameters.
    auto result = std::make_shared<InformationResult>();
    result->experiment = deep::runOptimizerPaths(parameters, progress);
    return result;
}

void OptimizerPathsPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    deep::Quadratic2d q;
    q.curvature = p["curvature"];
    q.condition = p["condition"];
    q.angleDeg = p["angle_deg"];
    const double x0 = p["start_x"], y0 = p["start_y"], eta = p["learning_rate"];

    // Contours: ellipses of equal loss at f0·4^−i (each a factor 2 closer to the minimum).
    const double f0 = std::max(q.value(x0, y0), 1e-9);
    const double a = q.angleDeg * std::numbers::pi / 180, c = std::cos(a), s = std::sin(a);
    for (int i = 0; i < kContours; ++i) {
        const double level = f0 * std::pow(4.0, 1 - i);
        const double ru = std::sqrt(2 * level / q.curvature), rv = std::sqrt(2 * level * q.condition / q.curvature);
        QList<QPointF> ellipse;
        for (int k = 0; k <= 120; ++k) {
            const double t = 2 * std::numbers::pi * k / 120, u = ru * std::cos(t), v = rv * std::sin(t);
            ellipse.append({c * u - s * v, s * u + c * v});
        }
        m_pathPlot->setPoints(m_contours[std::size_t(i)], ellipse);
    }
    for (int k = 0; k < 3; ++k) {
        const std::string base(kNames[k]);
        m_pathPlot->setPoints(m_paths[std::size_t(k)], r.points(("path_" + base).c_str()));
        QList<QPointF> loss = r.points(("loss_" + base).c_str());
        for (QPointF& point : loss)
            point.setY(forLog(point.y()));
        m_lossPlot->setPoints(m_losses[std::size_t(k)], loss);
    }
    m_pathPlot->setPoints(m_start, {{x0, y0}});
    const int steps = int(std::lround(p["steps"]));
    m_lossPlot->setXRange(0, steps);
    double lowest = f0, highest = f0;
    for (QXYSeries* series : m_losses)
        for (const QPointF& point : series->points()) {
            lowest = std::min(lowest, point.y());
            highest = std::max(highest, point.y());
        }
    m_lossPlot->setYRange(std::pow(10.0, std::floor(std::log10(lowest))), std::pow(10.0, std::ceil(std::log10(highest * 1.01))));

    // Eight decades around the start: below them the loss is "at the minimum", above them "diverged" (the curve
    // runs along the edge); more decades would crowd the log axis's labels.
    const double bottom = std::pow(10.0, std::floor(std::log10(f0)) - 4);
    const double top = std::pow(10.0, std::ceil(std::log10(f0)) + 4);
    QList<QPointF> sweep = r.points("sgd_loss_vs_rate");
    for (QPointF& point : sweep)
        point.setY(std::clamp(point.y(), bottom, top));
    m_ratePlot->setPoints(m_sweep, sweep);
    const double limit = r.scalar("stability_limit");
    m_limit->setName(tr("2/L"));
    m_ratePlot->setPoints(m_limit, {{limit, bottom}, {limit, top}});
    m_current->setName(tr("this η"));
    const double right = sweep.isEmpty() ? 3 * limit / 2 : sweep.last().x();
    m_ratePlot->setPoints(m_current, eta <= right ? QList<QPointF>{{eta, bottom}, {eta, top}} : QList<QPointF>{});
    m_ratePlot->setXRange(0, right);
    m_ratePlot->setYRange(bottom, top);

    const double etaL = r.scalar("rate_times_curvature");
    m_readout->setText(tr("η·L = <b>%1</b> %2 2: plain gradient descent %3. After %4 steps the loss is %5 (SGD), %6 "
                          "(momentum) and %7 (Adam), from %8.")
                           .arg(etaL, 0, 'g', 3)
                           .arg(etaL < 2 ? QStringLiteral("&lt;") : QStringLiteral("≥"))  // rich text: a bare "<" opens a tag
                           .arg(etaL < 2 ? tr("converges") : tr("diverges"))
                           .arg(steps)
                           .arg(r.scalar("final_loss_sgd"), 0, 'g', 3)
                           .arg(r.scalar("final_loss_momentum"), 0, 'g', 3)
                           .arg(r.scalar("final_loss_adam"), 0, 'g', 3)
                           .arg(f0, 0, 'g', 3));
}

QList<widgets::DataSeries> OptimizerPathsPanel::dataSeries()
{
    const QString paths = tr(kPathTitle), losses = tr(kLossTitle), rate = tr(kRateTitle);
    QList<widgets::DataSeries> out;
    for (int k = 0; k < 3; ++k) {
        out.append({paths, m_paths[std::size_t(k)]->name(), tr("θ₁"), tr("θ₂"), m_paths[std::size_t(k)]->points()});
        out.append({losses, m_losses[std::size_t(k)]->name(), tr("step"), tr("loss"), m_losses[std::size_t(k)]->points()});
    }
    out.append({rate, tr("SGD"), tr("learning rate η"), tr("loss after the steps"), m_sweep->points()});
    return out;
}

}  // namespace neuroai::chapters
