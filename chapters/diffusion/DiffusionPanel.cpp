#include "chapters/diffusion/DiffusionPanel.h"

#include "chapters/vision/VisionFigure.h"
#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"
#include "engine/diffusion/DiffusionExperiments.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QLineF>
#include <QPainter>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

const char* const kSampleTitle = QT_TRANSLATE_NOOP("DiffusionPanel", "Data and generated samples");
const char* const kFieldTitle = QT_TRANSLATE_NOOP("DiffusionPanel", "Score at t = %1");
const char* const kAlphaTitle = QT_TRANSLATE_NOOP("DiffusionPanel", "Signal kept, ᾱ_t");
const char* const kLossTitle = QT_TRANSLATE_NOOP("DiffusionPanel", "Training the network");
const char* const kLossUntrainedTitle = QT_TRANSLATE_NOOP("DiffusionPanel", "Network not trained");

const QColor kDataGrey(150, 150, 150);

// The engine's parameters plus the panel's one view option: how long the arrows are drawn.
std::vector<ParamSpec> panelSpecs()
{
    std::vector<ParamSpec> specs = diffusion::diffusionSpecs();
    ParamSpec arrows = choiceSpec("arrows", "Arrow length", {"fitted to the grid", "true displacement"}, 0,
                                  "Each arrow is (1 − ᾱ_t)·∇log p_t, the step from a noisy point to where Tweedie's "
                                  "formula expects it without noise (times √ᾱ_t). True displacement draws that step "
                                  "as it is, so every arrow ends at its expected denoised point; fitted scales all "
                                  "arrows by one factor (shown in the legend) so that the longest spans 0.9 of the "
                                  "grid spacing.");
    arrows.group = "View";
    specs.push_back(arrows);
    return specs;
}

// Only finite points (a diverged reverse path would carry NaN or infinity into Qt Charts).
QList<QPointF> finitePoints(const QList<QPointF>& points)
{
    QList<QPointF> out;
    out.reserve(points.size());
    for (const QPointF& p : points)
        if (std::isfinite(p.x()) && std::isfinite(p.y()))
            out.append(p);
    return out;
}

QList<QPointF> capped(const QList<QPointF>& points)
{
    return points.size() > DiffusionPanel::kMaxCloudPoints ? points.first(DiffusionPanel::kMaxCloudPoints) : points;
}

QString choiceName(const ParamSet& p, const char* key)
{
    const ParamSpec* spec = p.spec(key);
    return spec ? QString::fromStdString(spec->display(p[key])) : QString();
}

// "0.4", "0.074", "2e-05" → a short number for a readout.
QString shortNumber(double v) { return QString::number(v, 'g', 3); }

}  // namespace

// --- the plane plot ---

DiffusionPlanePlot::DiffusionPlanePlot(QWidget* parent) : XYPlot(false, parent) {}

QXYSeries* DiffusionPlanePlot::addCloud(const QString& name, const QColor& colour)
{
    QXYSeries* series = addSeries(name, Style::Markers, colour);
    if (auto* scatter = qobject_cast<QScatterSeries*>(series))
        m_clouds.push_back(scatter);
    styleSeries();
    return series;
}

void DiffusionPlanePlot::styleSeries()
{
    XYPlot::styleSeries();
    // Small solid dots without a rim: a thousand of XYPlot's 7-pixel markers would merge into one blob.
    const double scale = widgets::PlotStyle::presentationScale();
    for (QScatterSeries* cloud : m_clouds) {
        QColor fill = cloud->color();
        fill.setAlpha(150);
        cloud->setColor(fill);
        cloud->setBorderColor(QColor(0, 0, 0, 0));
        cloud->setMarkerSize(4.5 * scale);
    }
}

void DiffusionPlanePlot::setArrows(const QList<QPointF>& starts, const QList<QPointF>& vectors)
{
    m_starts = starts;
    m_vectors = vectors;
    viewport()->update();
}

void DiffusionPlanePlot::drawForeground(QPainter* painter, const QRectF& exposed)
{
    XYPlot::drawForeground(painter, exposed);
    QChart* c = chart();
    if (m_starts.isEmpty() || c->series().isEmpty())
        return;
    QAbstractSeries* anchor = c->series().first();  // every series shares the two axes
    const QRectF area = c->mapRectToScene(c->plotArea());
    if (!(area.width() > 0 && area.height() > 0))
        return;
    painter->save();
    painter->setClipRect(area);
    painter->setRenderHint(QPainter::Antialiasing, true);
    QColor colour = palette::black;
    colour.setAlpha(180);
    painter->setPen(QPen(colour, 0.7 * widgets::PlotStyle::lineWidth(), Qt::SolidLine, Qt::RoundCap));
    const double head = 5.0 * widgets::PlotStyle::presentationScale();
    constexpr double kHalfAngle = 0.45;  // radians, each side of the shaft
    for (qsizetype i = 0; i < m_starts.size() && i < m_vectors.size(); ++i) {
        const QPointF start = m_starts[i], end = m_starts[i] + m_vectors[i];
        if (!std::isfinite(start.x()) || !std::isfinite(start.y()) || !std::isfinite(end.x()) ||
            !std::isfinite(end.y()))
            continue;
        const QPointF from = c->mapToScene(c->mapToPosition(start, anchor));
        const QPointF to = c->mapToScene(c->mapToPosition(end, anchor));
        const QLineF shaft(from, to);
        if (!(shaft.length() > 0.75)) {  // shorter than a pixel: a dot marks the grid point
            painter->drawPoint(from);
            continue;
        }
        painter->drawLine(shaft);
        const double h = std::min(head, 0.45 * shaft.length());
        const double back = std::atan2(from.y() - to.y(), from.x() - to.x());  // from the tip towards the tail
        for (const double side : {-kHalfAngle, kHalfAngle})
            painter->drawLine(to, to + h * QPointF(std::cos(back + side), std::sin(back + side)));
    }
    painter->restore();
}

// --- the panel ---

DiffusionPanel::DiffusionPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("diffusion"), QStringLiteral("diffusion/diffusion"), panelSpecs(),
                 &DiffusionPanel::compute, parent, scalarReadouts(diffusion::diffusionOutputs()))
{
    setObjectName(QStringLiteral("diffusionPanel"));
    figureWidget()->setObjectName(QStringLiteral("diffusionFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("diffusionReadout"));

    // (1) The data, the generated samples, the component means and a few reverse paths.
    m_samplePlot = new DiffusionPlanePlot(figureWidget());
    m_samplePlot->setObjectName(QStringLiteral("diffusionSamplePlot"));
    m_samplePlot->setTitle(tr(kSampleTitle));
    m_samplePlot->setAxisTitles(tr("Position x₁ (a.u.)"), tr("Position x₂ (a.u.)"));
    m_data = m_samplePlot->addCloud(tr("data"), kDataGrey);
    m_generated = m_samplePlot->addCloud(tr("generated"), blue);
    QColor pathColour = vermillion;  // see-through: the jagged ancestral paths must not hide the clouds
    pathColour.setAlpha(170);
    for (int i = 0; i < kMaxTrajectories; ++i)
        m_paths.push_back(m_samplePlot->addSeries(i == 0 ? tr("paths") : QString(), XYPlot::Style::Line, pathColour));
    m_means = m_samplePlot->addSeries(QString(), XYPlot::Style::Diamond, orange);  // named in the chapter text
    m_samplePlot->setXRange(-kExtent, kExtent);
    m_samplePlot->setYRange(-kExtent, kExtent);

    // (2) The data noised to the shown step, with the score field as arrows.
    m_fieldPlot = new DiffusionPlanePlot(figureWidget());
    m_fieldPlot->setObjectName(QStringLiteral("diffusionFieldPlot"));
    m_fieldPlot->setTitle(tr("Score field"));  // until the first result names the step
    m_fieldPlot->setAxisTitles(tr("Position x₁ (a.u.)"), tr("Position x₂ (a.u.)"));
    m_noised = m_fieldPlot->addCloud(tr("noised data"), skyBlue);
    m_arrowKey = m_fieldPlot->addSeries(tr("arrows"), XYPlot::Style::Line, black);
    m_scaledMeans = m_fieldPlot->addSeries(QString(), XYPlot::Style::Diamond, orange);  // √ᾱ_t·μ_k
    m_fieldPlot->setXRange(-kExtent, kExtent);
    m_fieldPlot->setYRange(-kExtent, kExtent);

    // (3) The schedule: ᾱ_t against t, the shown step marked.
    m_alphaPlot = new XYPlot(false, figureWidget());
    m_alphaPlot->setObjectName(QStringLiteral("diffusionAlphaPlot"));
    m_alphaPlot->setTitle(tr(kAlphaTitle));
    m_alphaPlot->setAxisTitles(tr("Step t (count)"), tr("Signal variance ᾱ_t (fraction)"));
    m_alphaBar = m_alphaPlot->addSeries(tr("ᾱ_t"), XYPlot::Style::Line, blue);
    m_shownStep = m_alphaPlot->addSeries(tr("shown t"), XYPlot::Style::Diamond, vermillion);
    m_alphaPlot->setYRange(0, 1);

    // (4) The network's ε-loss against the exact score's on the same batches.
    m_lossPlot = new XYPlot(false, figureWidget());
    m_lossPlot->setObjectName(QStringLiteral("diffusionLossPlot"));
    m_lossPlot->setTitle(tr(kLossTitle));
    m_lossPlot->setAxisTitles(tr("Training step (count)"), tr("ε-loss (a.u.)"));
    m_loss = m_lossPlot->addSeries(tr("network"), XYPlot::Style::Line, blue);
    m_floor = m_lossPlot->addSeries(tr("exact score"), XYPlot::Style::Dashed, black);

    m_samplePlot->setMinimumSize(200, 200);
    m_fieldPlot->setMinimumSize(200, 200);
    for (XYPlot* p : {m_alphaPlot, m_lossPlot})
        p->setMinimumSize(150, 130);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_samplePlot, 0, 0);
    grid->addWidget(m_fieldPlot, 0, 1);
    grid->addWidget(m_alphaPlot, 1, 0);
    grid->addWidget(m_lossPlot, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {static_cast<XYPlot*>(m_samplePlot), static_cast<XYPlot*>(m_fieldPlot), m_alphaPlot, m_lossPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });

    // The defaults train the network for 1000 steps (about half a second): not on the GUI thread.
    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> DiffusionPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                     Progress& progress)
{
    auto result = std::make_shared<DiffusionPanelResult>();
    const ParamSet engine = withSeed(diffusion::diffusionSpecs(), parameters, seed);
    if (isPlaceholder())
        return result;
    result->experiment = diffusion::runDiffusion(engine, progress);
    result->ready = true;
    return result;
}

QString DiffusionPanel::checkParameters(const ParamSet& p) const
{
    if (std::lround(p["sampler"]) == 1 && std::lround(p["training_steps"]) == 0)
        return tr("The learned network needs at least one training step: raise the training steps, or choose the "
                  "exact score.");
    return {};
}

void DiffusionPanel::clearFigure()
{
    for (QXYSeries* s : {m_data, m_generated, m_means, m_noised, m_scaledMeans, m_alphaBar, m_shownStep, m_loss,
                         m_floor})
        s->clear();
    for (QXYSeries* s : m_paths)
        s->clear();
    m_fieldPlot->setArrows({}, {});
    m_arrowScale = 1.0;
}

void DiffusionPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const DiffusionPanelResult&>(shown);
    if (!r.ready) {
        clearFigure();
        m_readout->setText(tr("Training the score network on a background job…"));
        return;
    }
    const ParamSet& p = r.parameters;
    const int T = int(std::lround(p["steps"]));
    const int samples = int(std::lround(p["samples"]));
    const int trainingSteps = int(std::lround(p["training_steps"]));
    const bool learned = std::lround(p["sampler"]) == 1;

    // (1) Data and generated samples.
    m_samplePlot->setPoints(m_data, capped(r.points("data_samples")));
    const QList<QPointF> generated = r.points("generated_samples");
    m_samplePlot->setPoints(m_generated, capped(generated));
    const QList<QPointF> means = r.points("component_means");
    m_samplePlot->setPoints(m_means, means);
    const QList<QPointF> paths = r.points("trajectories");
    const qsizetype perPath = qsizetype(T) + 1;
    const qsizetype pathCount = std::min<qsizetype>(paths.size() / perPath, kMaxTrajectories);
    for (qsizetype i = 0; i < kMaxTrajectories; ++i)
        m_samplePlot->setPoints(m_paths[std::size_t(i)],
                                i < pathCount ? finitePoints(paths.mid(i * perPath, perPath)) : QList<QPointF>{});
    m_samplePlot->setInLegend(m_paths.front(), pathCount > 0);

    // (2) Noised data and the score field.
    const int t = int(std::lround(r.scalar("shown_step")));
    const double alphaBar = r.scalar("alpha_bar_shown");
    m_fieldPlot->setTitle(tr(kFieldTitle).arg(t));
    m_fieldPlot->setPoints(m_noised, capped(r.points("noised_samples")));
    QList<QPointF> scaledMeans = means;
    for (QPointF& m : scaledMeans)
        m *= std::sqrt(std::max(0.0, alphaBar));
    m_fieldPlot->setPoints(m_scaledMeans, scaledMeans);
    const QList<QPointF> starts = r.points("score_field_points");
    QList<QPointF> vectors = r.points("score_field_vectors");
    const int grid = int(std::lround(p["grid"]));
    const double spacing = 2 * kFieldExtent / std::max(1, grid - 1);
    double longest = 0;
    for (const QPointF& v : vectors)
        if (std::isfinite(v.x()) && std::isfinite(v.y()))
            longest = std::max(longest, std::hypot(v.x(), v.y()));
    const bool fitted = std::lround(p["arrows"]) == 0;
    m_arrowScale = fitted && longest > 0 ? kFittedLength * spacing / longest : 1.0;
    for (QPointF& v : vectors)
        v *= m_arrowScale;
    m_fieldPlot->setArrows(starts, vectors);
    m_arrowKey->setName(fitted ? tr("arrows ×%1").arg(QString::number(m_arrowScale, 'g', 2))
                               : tr("arrows, true length"));

    // (3) The schedule.
    m_alphaPlot->setPoints(m_alphaBar, r.points("alpha_bar"));
    m_alphaPlot->setPoints(m_shownStep, {{double(t), alphaBar}});
    m_alphaPlot->setXRange(0, T);
    m_alphaPlot->setYRange(0, 1);

    // (4) The training curves (window means of the ε-loss).
    const QList<QPointF> loss = finitePoints(r.points("loss_curve"));
    const QList<QPointF> floorLoss = finitePoints(r.points("loss_floor"));
    m_lossPlot->setPoints(m_loss, loss);
    m_lossPlot->setPoints(m_floor, floorLoss);
    m_lossPlot->setTitle(trainingSteps > 0 ? tr(kLossTitle) : tr(kLossUntrainedTitle));
    m_lossPlot->setXRange(0, std::max(1, trainingSteps));
    // Predicting ε̂ = 0 scores 2: keep that on the axis; a wild start is cut at 5.
    m_lossPlot->setYRange(0, std::min(5.0, XYPlot::niceTop(std::max(2.0, largestY({&loss, &floorLoss})))));

    // The readout: the verdict on the generated cloud, the network's loss, the shown step.
    QString text;
    const QString who = learned ? tr("Trained network") : tr("Exact score");
    const QString setup = tr("%1 %2 steps, %3")
                              .arg(T)
                              .arg(choiceName(p, "schedule"))
                              .arg(std::lround(p["method"]) == 1 ? tr("probability-flow sampling")
                                                                 : tr("ancestral sampling"));
    const qsizetype diverged = qsizetype(samples) - generated.size();
    if (diverged > 0) {
        text = tr("<b>%1</b>, %2: <b>%3 of %4 generated points diverged</b>, so the cloud is not compared with the "
                  "data.")
                   .arg(who, setup)
                   .arg(diverged)
                   .arg(samples);
    } else {
        const double ed = r.scalar("energy_distance"), edNull = r.scalar("energy_distance_null");
        const double edGaussian = r.scalar("energy_distance_gaussian");
        // Where the cloud sits between the two references: 0 = the data itself, 1 = a single Gaussian.
        const double ratio = edGaussian > 0 ? ed / edGaussian : 0.0;
        const QString verdict = ratio < 0.05   ? tr("hard to tell from the data")
                                : ratio < 0.25 ? tr("close to the data, not equal")
                                : ratio < 1    ? tr("off, but closer than a single Gaussian")
                                               : tr("no closer than a single Gaussian");
        text = tr("<b>%1</b>, %2: <b>%3</b>. Energy distance %4 (data vs data %5, single Gaussian %6); mean off "
                  "by %7, covariance by %8 %, shares by %9 points.")
                   .arg(who, setup, verdict)
                   .arg(readoutNumber(ed, 4), readoutNumber(edNull, 4), readoutNumber(edGaussian, 3))
                   .arg(readoutNumber(r.scalar("mean_error"), 2))
                   .arg(readoutNumber(100 * r.scalar("covariance_error"), 0))
                   .arg(readoutNumber(100 * r.scalar("share_error"), 1));
    }
    text += QStringLiteral("<br>");
    if (trainingSteps > 0)
        text += tr("ε-loss: network %1, exact score %2 (zero guess 2). ")
                    .arg(readoutNumber(r.scalar("final_loss"), 3))
                    .arg(readoutNumber(r.scalar("loss_floor_final"), 3));
    else
        text += tr("Network not trained. ");
    text += tr("At t = %1 of %2, ᾱ_t = %3: x_t = %4·x_0 + %5·ε.")
                .arg(t)
                .arg(T)
                .arg(shortNumber(alphaBar))
                .arg(QString::number(std::sqrt(std::max(0.0, alphaBar)), 'g', 2))
                .arg(QString::number(std::sqrt(std::max(0.0, 1 - alphaBar)), 'g', 2));
    m_readout->setText(text);
}

std::optional<double> DiffusionPanel::readout(const QString& key) const
{
    if (!ready() || !readoutNames().contains(key))
        return std::nullopt;
    return lastResult().scalar(key.toStdString().c_str());
}

QString DiffusionPanel::extraMetadata() const { return ready() ? notesText(lastResult().experiment) : QString(); }

QList<widgets::DataSeries> DiffusionPanel::dataSeries()
{
    QList<widgets::DataSeries> out;
    if (!ready())
        return out;
    const DiffusionPanelResult& r = lastResult();
    const QString samples = tr(kSampleTitle), field = m_fieldPlot->chart()->title();
    const QString xLabel = tr("x₁ (a.u.)"), yLabel = tr("x₂ (a.u.)");
    out.append({samples, tr("data"), xLabel, yLabel, r.points("data_samples")});
    out.append({samples, tr("generated"), xLabel, yLabel, r.points("generated_samples")});
    out.append({samples, tr("component means"), xLabel, yLabel, r.points("component_means")});
    for (std::size_t i = 0; i < m_paths.size(); ++i)
        if (m_paths[i]->count() > 0)
            out.append({samples, tr("reverse path %1").arg(i + 1), xLabel, yLabel, m_paths[i]->points()});
    out.append({field, tr("noised data"), xLabel, yLabel, r.points("noised_samples")});
    out.append({field, tr("√ᾱ_t × component means"), xLabel, yLabel, m_scaledMeans->points()});
    out.append({field, tr("arrow start"), xLabel, yLabel, r.points("score_field_points")});
    out.append({field, tr("arrow (1 − ᾱ_t)·score, true length"), tr("Δx₁ (a.u.)"), tr("Δx₂ (a.u.)"),
                r.points("score_field_vectors")});
    out.append({tr(kAlphaTitle), tr("ᾱ_t"), tr("step t"), tr("ᾱ_t (fraction)"), m_alphaBar->points()});
    out.append({m_lossPlot->chart()->title(), tr("network"), tr("training step"), tr("ε-loss"), m_loss->points()});
    out.append({m_lossPlot->chart()->title(), tr("exact score"), tr("training step"), tr("ε-loss"),
                m_floor->points()});
    return out;
}

}  // namespace neuroai::chapters
