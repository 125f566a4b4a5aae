#include "chapters/classical/BiasVariancePanel.h"

#include "engine/classical/ClassicalExperiments.h"
#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
const char* const kFitTitle = QT_TRANSLATE_NOOP("BiasVariancePanel", "One training set and its fit");
const char* const kErrorTitle = QT_TRANSLATE_NOOP("BiasVariancePanel", "Errors against model complexity");
constexpr double kFloorOfAxis = 1e-4;  // the log axis's lower end: bias² reaches 1e-4 and below at high degrees
}  // namespace

BiasVariancePanel::BiasVariancePanel(QWidget* parent)
    : InformationPanel(QStringLiteral("bias-variance"), QStringLiteral("classical-ml/bias-variance"),
                 classical::biasVarianceSpecs(), &BiasVariancePanel::compute, parent,
                 scalarReadouts(classical::biasVarianceOutputs()))
{
    setObjectName(QStringLiteral("biasVariancePanel"));
    figureWidget()->setObjectName(QStringLiteral("biasVarianceFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("biasVarianceReadout"));

    m_fitPlot = new XYPlot(false, figureWidget());
    m_fitPlot->setObjectName(QStringLiteral("biasVarianceFitPlot"));
    m_fitPlot->setTitle(tr(kFitTitle));
    m_fitPlot->setAxisTitles(tr("Input x (a.u.)"), tr("Output y (a.u.)"));
    m_truth = m_fitPlot->addSeries(tr("sin(2πx)"), XYPlot::Style::Dashed, black);
    m_fit = m_fitPlot->addSeries(tr("fit"), XYPlot::Style::Line, blue);
    m_points = m_fitPlot->addSeries(tr("training set"), XYPlot::Style::Markers, vermillion);
    m_fitPlot->setXRange(0, 1);
    m_fitPlot->setYRange(-2, 2);

    m_errorPlot = new XYPlot(false, figureWidget(), true);
    m_errorPlot->setObjectName(QStringLiteral("biasVarianceErrorPlot"));
    m_errorPlot->setTitle(tr(kErrorTitle));
    m_errorPlot->setAxisTitles(tr("Polynomial degree (count)"), tr("Mean squared error (a.u.²)"));
    m_floor = m_errorPlot->addSeries(QString(), XYPlot::Style::Dashed, black);  // named in the readout
    m_shown = m_errorPlot->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);
    m_training = m_errorPlot->addSeries(tr("training"), XYPlot::Style::Line, orange);
    m_test = m_errorPlot->addSeries(tr("test"), XYPlot::Style::Line, blue);
    m_bias = m_errorPlot->addSeries(tr("bias²"), XYPlot::Style::Line, reddishPurple);
    m_variance = m_errorPlot->addSeries(tr("variance"), XYPlot::Style::Line, vermillion);

    for (XYPlot* p : {m_fitPlot, m_errorPlot})
        p->setMinimumSize(150, 150);
    auto* row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    row->addWidget(m_fitPlot, 1);
    row->addWidget(m_errorPlot, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(row, 1);
    for (XYPlot* p : {m_fitPlot, m_errorPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> BiasVariancePanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                        Progress& progress)
{
    auto result = std::make_shared<InformationResult>();
    result->experiment =
        classical::runBiasVariance(withSeed(classical::biasVarianceSpecs(), parameters, seed), progress);
    return result;
}

QString BiasVariancePanel::checkParameters(const ParamSet& p) const
{
    if (p["max_degree"] >= p["points"])
        return tr("The highest degree (%1) must be below the number of training points (%2).")
            .arg(int(std::lround(p["max_degree"])))
            .arg(int(std::lround(p["points"])));
    return {};
}

void BiasVariancePanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const int maxDegree = int(std::lround(p["max_degree"]));
    const int degree = std::min(int(std::lround(p["shown_degree"])), maxDegree);
    const double sigma2 = r.scalar("noise_variance");

    m_fitPlot->setPoints(m_truth, r.points("true_function"));
    // The fit may swing far beyond the data between and outside the points: clip it to the plot's range so the
    // picture stays readable (the error plot carries the numbers).
    QList<QPointF> fit = r.points("example_fit");
    for (QPointF& q : fit)
        q.setY(std::clamp(q.y(), -2.5, 2.5));
    m_fit->setName(tr("degree %1 fit").arg(degree));
    m_fitPlot->setPoints(m_fit, fit);
    m_fitPlot->setPoints(m_points, r.points("example_points"));

    const QList<QPointF> training = r.points("training_error"), test = r.points("test_error");
    const QList<QPointF> bias = r.points("bias2"), variance = r.points("variance");
    const auto floored = [](QList<QPointF> points) {
        for (QPointF& q : points)
            q.setY(std::max(q.y(), kFloorOfAxis));
        return points;
    };
    m_errorPlot->setPoints(m_training, floored(training));
    m_errorPlot->setPoints(m_test, floored(test));
    m_errorPlot->setPoints(m_bias, floored(bias));
    m_errorPlot->setPoints(m_variance, floored(variance));
    double top = sigma2;
    for (const QList<QPointF>* list : {&training, &test, &bias, &variance})
        top = std::max(top, largestY({list}));
    top = std::pow(10.0, std::ceil(std::log10(std::max(top, 1e-3) * 1.5)));
    m_errorPlot->setXRange(-0.3, maxDegree + 0.3);
    m_errorPlot->setYRange(kFloorOfAxis, top);
    m_errorPlot->setPoints(m_floor, sigma2 > 0 ? QList<QPointF>{{-0.3, sigma2}, {maxDegree + 0.3, sigma2}}
                                               : QList<QPointF>{});
    m_errorPlot->setPoints(m_shown, {{double(degree), kFloorOfAxis}, {double(degree), top}});

    const int best = int(std::lround(r.scalar("best_degree")));
    m_readout->setText(tr("Degree <b>%1</b> has the lowest test error, <b>%2</b> (noise floor σ² = %3, black dashed "
                          "line). The shown degree %4 (green line): test error %5, training error %6.")
                           .arg(best)
                           .arg(r.scalar("best_test_error"), 0, 'g', 3)
                           .arg(sigma2, 0, 'g', 3)
                           .arg(degree)
                           .arg(r.scalar("shown_test_error"), 0, 'g', 3)
                           .arg(degree < training.size() ? training[degree].y() : 0.0, 0, 'g', 3));
}

QList<widgets::DataSeries> BiasVariancePanel::dataSeries()
{
    const InformationResult& r = lastResult();
    const QString errors = tr(kErrorTitle), fit = tr(kFitTitle);
    const QString degree = tr("polynomial degree"), mse = tr("mean squared error");
    return {{errors, tr("training error"), degree, mse, r.points("training_error")},
            {errors, tr("test error"), degree, mse, r.points("test_error")},
            {errors, tr("bias²"), degree, mse, r.points("bias2")},
            {errors, tr("variance"), degree, mse, r.points("variance")},
            {fit, tr("training set"), tr("x"), tr("y"), r.points("example_points")},
            {fit, m_fit->name(), tr("x"), tr("y"), r.points("example_fit")}};
}

}  // namespace neuroai::chapters
