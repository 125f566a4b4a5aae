#include "chapters/information/EfficientCodingPanel.h"

#include "engine/core/Job.h"
#include "engine/information/InformationExperiments.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotAlignment.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
// The stimulus axis: the engine's grid runs to 6 (a contrast beyond it has probability below 0.3 %).
constexpr double kStimulusTop = 6;

const char* const kDensityTitle = QT_TRANSLATE_NOOP("EfficientCodingPanel", "Stimulus distribution");
const char* const kCurveTitle = QT_TRANSLATE_NOOP("EfficientCodingPanel", "Tuning curves");
const char* const kLevelTitle = QT_TRANSLATE_NOOP("EfficientCodingPanel", "Use of the output levels");

// Bars as a step outline: the share of level k spans [k − ½, k + ½].
QList<QPointF> steps(const QList<QPointF>& levels)
{
    QList<QPointF> out;
    if (levels.isEmpty())
        return out;
    out.append({levels.first().x() - 0.5, 0.0});
    for (const QPointF& level : levels) {
        out.append({level.x() - 0.5, level.y()});
        out.append({level.x() + 0.5, level.y()});
    }
    out.append({levels.last().x() + 0.5, 0.0});
    return out;
}
}  // namespace

EfficientCodingPanel::EfficientCodingPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("efficient-coding"), QStringLiteral("information/efficient-coding"),
                 information::efficientCodingSpecs(), &EfficientCodingPanel::compute, parent,
                 scalarReadouts(information::efficientCodingOutputs(),
                                {QStringLiteral("equalised_pct"), QStringLiteral("linear_pct")}))
{
    setObjectName(QStringLiteral("efficientCodingPanel"));
    figureWidget()->setObjectName(QStringLiteral("efficientCodingFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("efficientCodingReadout"));

    m_densityPlot = new XYPlot(false, figureWidget());
    m_densityPlot->setObjectName(QStringLiteral("efficientDensityPlot"));
    m_densityPlot->setTitle(tr(kDensityTitle));
    m_densityPlot->setAxisTitles(tr("Stimulus contrast s (a.u.)"), tr("Probability density (1/a.u.)"));
    m_density = m_densityPlot->addSeries(tr("p(s), test stimuli"), XYPlot::Style::Line, black);
    m_densityPlot->setXRange(0, kStimulusTop);

    m_curvePlot = new XYPlot(false, figureWidget());
    m_curvePlot->setObjectName(QStringLiteral("efficientCurvePlot"));
    m_curvePlot->setTitle(tr(kCurveTitle));
    m_curvePlot->setAxisTitles(tr("Stimulus contrast s (a.u.)"), tr("Response r/r_max (fraction)"));
    m_cdf = m_curvePlot->addSeries(tr("true CDF F(s)"), XYPlot::Style::Dashed, black);
    m_linear = m_curvePlot->addSeries(tr("linear"), XYPlot::Style::Line, vermillion);
    m_equalising = m_curvePlot->addSeries(tr("equalising"), XYPlot::Style::Line, blue);
    m_curvePlot->setXRange(0, kStimulusTop);
    m_curvePlot->setYRange(0, 1.05);

    m_levelPlot = new XYPlot(false, figureWidget());
    m_levelPlot->setObjectName(QStringLiteral("efficientLevelPlot"));
    m_levelPlot->setTitle(tr(kLevelTitle));
    m_levelPlot->setAxisTitles(tr("Output level k (index)"), tr("Share of stimuli p_k (fraction)"));
    m_uniform = m_levelPlot->addSeries(tr("1/K"), XYPlot::Style::Dashed, black);
    m_levelsLinearStep = m_levelPlot->addSeries(tr("linear"), XYPlot::Style::Line, vermillion);
    m_levelsEqualisedStep = m_levelPlot->addSeries(tr("equalising"), XYPlot::Style::Line, blue);
    m_levelsLinear = m_levelPlot->addSeries(QString(), XYPlot::Style::Markers, vermillion);
    m_levelsEqualised = m_levelPlot->addSeries(QString(), XYPlot::Style::Markers, blue);

    for (XYPlot* p : {m_densityPlot, m_curvePlot, m_levelPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_densityPlot, 0, 0);
    grid->addWidget(m_curvePlot, 1, 0);
    grid->addWidget(m_levelPlot, 0, 1, 2, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    new widgets::PlotAreaAligner({m_densityPlot, m_curvePlot}, this);
    for (XYPlot* p : {m_densityPlot, m_curvePlot, m_levelPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> EfficientCodingPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                           Progress& progress)
{
    auto result = std::make_shared<InformationResult>();
    result->experiment =
        information::runEfficientCoding(withSeed(information::efficientCodingSpecs(), parameters, seed), progress);
    return result;
}

void EfficientCodingPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const int levels = int(std::lround(p["levels"]));

    const QList<QPointF> density = r.points("density");
    m_densityPlot->setPoints(m_density, density);
    m_densityPlot->setYRange(0, XYPlot::niceTop(std::max(0.1, largestY({&density})) * 1.08));

    m_curvePlot->setPoints(m_cdf, r.points("true_cdf"));
    m_curvePlot->setPoints(m_linear, r.points("linear_curve"));
    m_curvePlot->setPoints(m_equalising, r.points("equalising_curve"));

    const QList<QPointF> equalised = r.points("levels_equalised"), linear = r.points("levels_linear");
    m_levelPlot->setPoints(m_levelsEqualisedStep, steps(equalised));
    m_levelPlot->setPoints(m_levelsLinearStep, steps(linear));
    // Dots at the level centres only while they stay apart; beyond that the outline says it all.
    const bool dots = levels <= 24;
    m_levelPlot->setPoints(m_levelsEqualised, dots ? equalised : QList<QPointF>{});
    m_levelPlot->setPoints(m_levelsLinear, dots ? linear : QList<QPointF>{});
    m_uniform->setName(tr("1/K = %1").arg(1.0 / levels, 0, 'g', 3));
    m_levelPlot->setPoints(m_uniform, {{0.5, 1.0 / levels}, {levels + 0.5, 1.0 / levels}});
    m_levelPlot->setXRange(0.5 - 0.02 * levels, levels + 0.5 + 0.02 * levels);
    m_levelPlot->setYRange(0, XYPlot::niceTop(std::max(1.0 / levels, largestY({&equalised, &linear})) * 1.1));

    const double hEq = r.scalar("entropy_equalised"), hLin = r.scalar("entropy_linear"),
                 maxBits = r.scalar("max_bits");
    m_readout->setText(tr("K = %1 output levels, at most log2 K = %2 bits per stimulus: the equalising curve uses "
                          "<b>%3 bits</b> (%4 %), the linear one <b>%5 bits</b> (%6 %).")
                           .arg(levels)
                           .arg(maxBits, 0, 'f', 2)
                           .arg(hEq, 0, 'f', 2)
                           .arg(100 * hEq / maxBits, 0, 'f', 1)
                           .arg(hLin, 0, 'f', 2)
                           .arg(100 * hLin / maxBits, 0, 'f', 1));
}

std::optional<double> EfficientCodingPanel::readout(const QString& key) const
{
    const InformationResult& r = lastResult();
    if (key == QLatin1String("equalised_pct"))
        return 100 * r.scalar("entropy_equalised") / r.scalar("max_bits");
    if (key == QLatin1String("linear_pct"))
        return 100 * r.scalar("entropy_linear") / r.scalar("max_bits");
    return InformationPanel::readout(key);
}

QList<widgets::DataSeries> EfficientCodingPanel::dataSeries()
{
    const InformationResult& r = lastResult();
    const QString density = tr(kDensityTitle), curves = tr(kCurveTitle), use = tr(kLevelTitle);
    const QString s = tr("s (a.u.)"), response = tr("r/r_max (fraction)"), k = tr("level k (index)"),
                  share = tr("share (fraction)");
    return {{density, tr("p(s)"), s, tr("density (1/a.u.)"), m_density->points()},
            {curves, tr("equalising"), s, response, m_equalising->points()},
            {curves, tr("true CDF"), s, response, m_cdf->points()},
            {curves, tr("linear"), s, response, m_linear->points()},
            {use, tr("equalising"), k, share, r.points("levels_equalised")},
            {use, tr("linear"), k, share, r.points("levels_linear")}};
}

}  // namespace neuroai::chapters
