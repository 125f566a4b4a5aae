#include "chapters/deep/NetworkTrainingPanel.h"

#include "chapters/vision/VisionFigure.h"
#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

const char* const kMapTitle = QT_TRANSLATE_NOOP("NetworkTrainingPanel", "Decision map");
const char* const kLossTitle = QT_TRANSLATE_NOOP("NetworkTrainingPanel", "Cross-entropy loss");
const char* const kAngleTitle = QT_TRANSLATE_NOOP("NetworkTrainingPanel", "Alignment angle");

constexpr int kSlowMotionPauseMs = 40;
constexpr double kLossFloor = 1e-4;  // nats  // × ~100 snapshots: about 4 s of training to watch

std::vector<ParamSpec> panelSpecs()
{
    std::vector<ParamSpec> specs = deep::mlpTrainingSpecs();
    ParamSpec pace = choiceSpec("pace", "Pace", {"full speed", "slow motion"}, 0,
                                "Full speed trains as fast as the machine allows. Slow motion pauses 40 ms after "
                                "each of the ~100 redraws (about 4 s more), so a class can watch the boundary form; "
                                "the result is the same.");
    pace.group = "View";
    specs.push_back(pace);
    return specs;
}

double logOdds(double p)
{
    const double q = std::clamp(p, 1e-12, 1 - 1e-12);
    return std::clamp(std::log(q / (1 - q)), -DecisionMapPlot::kClip, DecisionMapPlot::kClip);
}

QList<QPointF> curve(const std::vector<double>& x, const std::vector<double>& y, double scale = 1)
{
    QList<QPointF> out;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        if (std::isfinite(y[i]))
            out.append({x[i], scale * y[i]});
    return out;
}

QString optimiserName(const ParamSet& p)
{
    return QString::fromStdString(p.spec("optimizer")->display(p["optimizer"]));
}

}  // namespace

// --- the decision map ---

DecisionMapPlot::DecisionMapPlot(QWidget* parent) : widgets::HeatmapPlot(parent)
{
    setTitle(NetworkTrainingPanel::tr(kMapTitle));
    setKeepAspect(true);  // the plane is isotropic: a circle must look round
    setMap({}, 0, deep::MlpTrainingSnapshot::kMapExtent);
}

void DecisionMapPlot::setMap(const std::vector<double>& probability, int cells, double extent)
{
    MatrixImage m;
    const bool valid = cells > 0 && probability.size() == std::size_t(cells) * std::size_t(cells);
    m.rows = m.columns = valid ? cells : 1;
    m.values.assign(std::size_t(m.rows) * std::size_t(m.columns), 0.0f);
    if (valid)
        for (std::size_t k = 0; k < probability.size(); ++k)
            m.values[k] = float(logOdds(probability[k]));
    m.diverging = true;
    m.minValue = -kClip;
    m.maxValue = kClip;
    m.valueLabel = "log-odds ln(P₁/P₀)";
    m.unit = "nats";
    m.columnLabel = "Input x₁";
    m.columnUnit = "a.u.";
    m.rowLabel = "Input x₂";
    m.rowUnit = "a.u.";
    m.columnMin = -extent;
    m.columnMax = extent;
    m.rowMin = extent;  // row 0 is the top row
    m.rowMax = -extent;
    setMatrix(m);
}

void DecisionMapPlot::setPoints(const deep::Points2d& points)
{
    m_points = points;
    update();
}

void DecisionMapPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    if (m_points.x.cols() == 0)
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    const double r = std::clamp(plot.width() / 110.0, 2.5, 7.0);
    painter.setPen(QPen(palette::black, std::max(0.8, r / 4)));
    for (Eigen::Index j = 0; j < m_points.x.cols(); ++j) {
        const QPointF c = mapToWidget(m_points.x(0, j), m_points.x(1, j));
        if (!plot.contains(c.toPoint()))
            continue;
        if (m_points.labels[std::size_t(j)] == 0) {
            painter.setBrush(palette::blue);
            painter.drawEllipse(c, r, r);
        } else {
            painter.setBrush(palette::vermillion);
            painter.drawRect(QRectF(c.x() - r * 0.9, c.y() - r * 0.9, 1.8 * r, 1.8 * r));
        }
    }
}

QList<widgets::DataSeries> DecisionMapPlot::dataSeries() const
{
    QList<widgets::DataSeries> out = widgets::HeatmapPlot::dataSeries();
    for (int label = 0; label < 2; ++label) {
        QList<QPointF> points;
        for (Eigen::Index j = 0; j < m_points.x.cols(); ++j)
            if (m_points.labels[std::size_t(j)] == label)
                points.append({m_points.x(0, j), m_points.x(1, j)});
        out.append({title(), NetworkTrainingPanel::tr("training points, class %1").arg(label),
                    NetworkTrainingPanel::tr("x₁ (a.u.)"), NetworkTrainingPanel::tr("x₂ (a.u.)"), points});
    }
    return out;
}

// --- the panel ---

NetworkTrainingPanel::NetworkTrainingPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("mlp-training"), QStringLiteral("deep-learning/network-training"), panelSpecs(),
                 &NetworkTrainingPanel::compute, parent, scalarReadouts(deep::mlpTrainingOutputs()))
{
    setObjectName(QStringLiteral("networkTrainingPanel"));
    figureWidget()->setObjectName(QStringLiteral("networkTrainingFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("networkTrainingReadout"));

    m_map = new DecisionMapPlot(figureWidget());
    m_map->setObjectName(QStringLiteral("networkTrainingMap"));

    m_lossPlot = new XYPlot(false, figureWidget(), true);
    m_lossPlot->setObjectName(QStringLiteral("networkTrainingLoss"));
    m_lossPlot->setTitle(tr(kLossTitle));
    m_lossPlot->setAxisTitles(tr("Step (count)"), tr("Loss (nats)"));
    m_trainingLoss = m_lossPlot->addSeries(tr("training"), XYPlot::Style::Line, blue);
    m_testLoss = m_lossPlot->addSeries(tr("test"), XYPlot::Style::Dashed, vermillion);

    m_anglePlot = new XYPlot(false, figureWidget());
    m_anglePlot->setObjectName(QStringLiteral("networkTrainingAngle"));
    m_anglePlot->setTitle(tr(kAngleTitle));
    m_anglePlot->setAxisTitles(tr("Step (count)"), tr("Angle (°)"));
    m_orthogonal = m_anglePlot->addSeries(tr("90°"), XYPlot::Style::Dashed, muted);
    m_signalAngle = m_anglePlot->addSeries(tr("Bᵀe vs Wᵀe"), XYPlot::Style::Line, bluishGreen);
    m_weightAngle = m_anglePlot->addSeries(tr("W vs B"), XYPlot::Style::Dashed, orange);
    m_anglePlot->setYRange(0, 180);

    m_map->setMinimumSize(220, 220);
    for (XYPlot* p : {m_lossPlot, m_anglePlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    // The map on top across the figure (it is square, and the figure is usually at least as tall as it is wide),
    // the two curves side by side below it.
    grid->addWidget(m_map, 0, 0, 1, 2);
    grid->addWidget(m_lossPlot, 1, 0);
    grid->addWidget(m_anglePlot, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_lossPlot, m_anglePlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    m_map->installContextMenu([this] { return metadata(); });

    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> NetworkTrainingPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                           Progress& progress)
{
    auto result = std::make_shared<Result>();
    const ParamSet engine = withSeed(deep::mlpTrainingSpecs(), parameters, seed);
    if (isPlaceholder())
        return result;
    const int pause = int(std::lround(parameters["pace"])) == 1 ? kSlowMotionPauseMs : 0;
    result->run = std::make_shared<const deep::MlpTrainingRun>(deep::trainMlp(engine, progress, true, kMapCells, pause));
    result->trained = true;
    return result;
}

void NetworkTrainingPanel::drawCurves(const deep::TrainingCurves& c, long steps)
{
    // A log axis: the loss falls over decades. Losses below kLossFloor sit on the axis's floor.
    const auto clamped = [](QList<QPointF> points) {
        for (QPointF& p : points)
            p.setY(std::clamp(p.y(), kLossFloor, 1e3));
        return points;
    };
    m_lossPlot->setPoints(m_trainingLoss, clamped(curve(c.step, c.trainingLoss)));
    m_lossPlot->setPoints(m_testLoss, clamped(curve(c.step, c.testLoss)));
    const double end = double(std::max(1L, steps));
    m_lossPlot->setXRange(0, end);
    double low = 0.1, high = 1;  // ln 2 = 0.69 nats, a coin flip, always on the axis
    for (const QXYSeries* s : {m_trainingLoss, m_testLoss})
        for (const QPointF& p : s->points()) {
            low = std::min(low, p.y());
            high = std::max(high, p.y());
        }
    m_lossPlot->setYRange(std::pow(10.0, std::floor(std::log10(low))), std::pow(10.0, std::ceil(std::log10(high))));
    m_anglePlot->setPoints(m_signalAngle, curve(c.step, c.signalAngleDeg));
    m_anglePlot->setPoints(m_weightAngle, curve(c.step, c.weightAngleDeg));
    m_anglePlot->setPoints(m_orthogonal, {{0, 90}, {end, 90}});
    m_anglePlot->setXRange(0, end);
}

void NetworkTrainingPanel::drawSnapshot(const deep::MlpTrainingSnapshot& s)
{
    m_map->setMap(s.probability, s.mapCells, s.mapExtent);
    if (s.training && s.training != m_shownPoints) {
        m_map->setPoints(*s.training);
        m_shownPoints = s.training;
    }
    drawCurves(s.curves, s.steps);
    const auto last = [](const std::vector<double>& v) { return v.empty() ? std::nan("") : v.back(); };
    const double accuracy = 100 * last(s.curves.testAccuracy);
    m_map->setTitle(std::isfinite(accuracy)
                        ? tr("%1: test accuracy %2 %").arg(tr(kMapTitle), readoutNumber(accuracy, 1))
                        : tr(kMapTitle));
}

void NetworkTrainingPanel::drawLive(std::shared_ptr<const LiveData> picture)
{
    auto snapshot = std::dynamic_pointer_cast<const deep::MlpTrainingSnapshot>(std::move(picture));
    if (!snapshot)
        return;
    ++m_liveFrames;
    m_lastLiveStep = snapshot->step;
    drawSnapshot(*snapshot);
    const auto last = [](const std::vector<double>& v) { return v.empty() ? std::nan("") : v.back(); };
    m_readout->setText(tr("Training on a background job: step <b>%1</b> of %2, training loss %3 nats, test accuracy "
                          "<b>%4 %</b>, angle between Bᵀe and Wᵀe %5°.")
                           .arg(snapshot->step)
                           .arg(snapshot->steps)
                           .arg(readoutNumber(last(snapshot->curves.trainingLoss), 3))
                           .arg(readoutNumber(100 * last(snapshot->curves.testAccuracy), 1))
                           .arg(readoutNumber(last(snapshot->curves.signalAngleDeg), 0)));
}

void NetworkTrainingPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const Result&>(shown);
    if (!result.trained) {
        m_map->setMap({}, 0, deep::MlpTrainingSnapshot::kMapExtent);
        m_map->setPoints({});
        m_shownPoints = nullptr;
        drawCurves({}, long(std::lround(result.parameters["steps"])));
        m_readout->setText(tr("Training the network on a background job…"));
        return;
    }
    const deep::MlpTrainingRun& run = *result.run;
    drawSnapshot(*run.final);
    const ExperimentResult& r = run.result;
    const auto scalar = [&](const char* key) {
        const ResultScalar* s = r.findScalar(key);
        return s ? s->value : std::nan("");
    };
    const ParamSet& p = result.parameters;
    const bool fa = int(std::lround(p["rule"])) == int(deep::LearningRule::FeedbackAlignment);
    const QString setup = tr("%1, η = %2, %3 × %4 %5 units, %6 parameters")
                              .arg(optimiserName(p))
                              .arg(p["learning_rate"], 0, 'g', 3)
                              .arg(int(std::lround(p["depth"])))
                              .arg(int(std::lround(p["width"])))
                              .arg(QString::fromStdString(p.spec("activation")->display(p["activation"])))
                              .arg(int(scalar("parameters")));
    if (scalar("diverged") > 0.5) {
        m_readout->setText(tr("<b>Diverged</b> at step %1 (%2): the weights grew past 10¹². Lower the learning "
                              "rate.")
                               .arg(run.final->step)
                               .arg(setup));
        return;
    }
    const std::vector<double>& angles = run.final->curves.signalAngleDeg;
    const QString angle = angles.empty()
                              ? QString()
                              : tr(" Angle between Bᵀe and Wᵀe: %1° → <b>%2°</b>%3.")
                                    .arg(readoutNumber(angles.front(), 0), readoutNumber(angles.back(), 0),
                                         fa ? tr(" (feedback alignment: the forward weights came to agree with B)")
                                            : tr(" (backpropagation does not use B: a control)"));
    m_readout->setText(tr("%1 after %2 steps (%3): training loss <b>%4 nats</b>, test accuracy <b>%5 %</b> "
                          "(training %6 %).%7")
                           .arg(fa ? tr("Feedback alignment") : tr("Backpropagation"))
                           .arg(run.final->step)
                           .arg(setup)
                           .arg(readoutNumber(scalar("training_loss"), 3))
                           .arg(readoutNumber(scalar("test_accuracy_pct"), 1))
                           .arg(readoutNumber(scalar("training_accuracy_pct"), 1))
                           .arg(angle));
}

std::optional<double> NetworkTrainingPanel::readout(const QString& key) const
{
    if (!trained() || !readoutNames().contains(key))
        return std::nullopt;
    return scalarOf(lastResult().run->result, key);
}

QString NetworkTrainingPanel::extraMetadata() const
{
    return trained() ? notesText(lastResult().run->result) : QString();
}

QList<widgets::DataSeries> NetworkTrainingPanel::dataSeries()
{
    const QString losses = tr(kLossTitle), angles = tr(kAngleTitle), step = tr("step");
    QList<widgets::DataSeries> out = m_map->dataSeries();
    out.append({losses, tr("training"), step, tr("cross-entropy (nats)"), m_trainingLoss->points()});
    out.append({losses, tr("test"), step, tr("cross-entropy (nats)"), m_testLoss->points()});
    out.append({angles, tr("B^T e vs W^T e"), step, tr("angle (degrees)"), m_signalAngle->points()});
    out.append({angles, tr("W vs B"), step, tr("angle (degrees)"), m_weightAngle->points()});
    return out;
}

}  // namespace neuroai::chapters
