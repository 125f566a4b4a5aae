// Chapter 13 "Diffusion in 2-D" (chapters/diffusion/DiffusionPanel): registered as the chapter's only panel; a new
// panel shows a placeholder and computes the defaults (which train the score network) on a job; every plot has a
// short title and unit-bearing axes; the plotted clouds and curves are the engine's series, and each drawn reverse
// path ends on the generated point it produced; the trained network's ε-loss ends within 15 % of the exact score's
// floor. With the exact score the plotted generated cloud has the mixture's mean (within 0.2) and covariance (within
// 12 %, relative Frobenius norm) and the data's cluster shares (within 5 points), which the noised cloud (a wrong
// thing to plot) fails; an independent engine run gives the same points. The drawn arrows are (1 − ᾱ_t)·∇log p_t of
// the noised mixture, computed here independently; a short step along each raises log p_t; fitted arrows keep
// their directions and the longest spans 0.9 of the grid spacing; at t = T every true-length arrow ends at the
// origin (Tweedie: nothing but the mean is left). A learned sampler without training is refused with a message.
// Every preset loads and its prediction is answered; the Try-this links name exactly this panel's presets.

#include "chapters/diffusion/DiffusionPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/PanelBinding.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "engine/diffusion/Diffusion.h"
#include "engine/diffusion/DiffusionExperiments.h"
#include "engine/diffusion/GaussianMixture.h"
#include "tests/chapters/PanelText.h"
#include "tests/chapters/PresetChecks.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLabel>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 120000;

// Sets several parameters in one change (one job) and waits for the figure.
bool setAll(DiffusionPanel& panel, std::initializer_list<std::pair<const char*, double>> values)
{
    PanelState state = panel.captureState();
    for (const auto& [key, value] : values)
        state.parameters.set(key, value);
    const QString error = panel.binding().restoreState(state, QStringLiteral("test"));
    if (!error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return testing::settle(panel, kTimeoutMs);
}

diffusion::Points toPoints(const QList<QPointF>& list)
{
    diffusion::Points p(2, list.size());
    for (qsizetype i = 0; i < list.size(); ++i)
        p.col(i) = Eigen::Vector2d(list[i].x(), list[i].y());
    return p;
}

double relativeCovarianceError(const diffusion::Points& x, const diffusion::GaussianMixture& mixture)
{
    return (diffusion::sampleCovariance(x) - mixture.covariance()).norm() / mixture.covariance().norm();
}

const diffusion::GaussianMixture& threeClusters()
{
    static const diffusion::GaussianMixture m = diffusion::mixturePreset(diffusion::MixturePreset::ThreeClusters);
    return m;
}

}  // namespace

class TestDiffusionPanel : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("diffusion"), QStringLiteral("diffusion")), 0);
        QCOMPARE(findChapter(QStringLiteral("diffusion"))->number, 13);
        QVERIFY(findExperiment("diffusion"));
    }

    void learnedDefaults()
    {
        DiffusionPanel panel;
        panel.resize(1200, 800);
        // The network trains on a job: a placeholder first, no readouts yet.
        QVERIFY(!panel.ready());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("energy_distance")).has_value());
        QVERIFY(testing::settle(panel, kTimeoutMs));
        QVERIFY(panel.ready());

        // Four plots, short titles, units on every axis.
        const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
        QCOMPARE(plots.size(), 4);
        for (widgets::XYPlot* plot : plots) {
            const QString title = plot->chart()->title();
            QVERIFY(!title.isEmpty());
            QVERIFY2(title.size() <= 28, qPrintable(title));
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(testing::hasUnit(axis->titleText()), qPrintable(axis->titleText()));
        }

        // The plotted series are the engine's.
        const DiffusionPanelResult& r = panel.lastResult();
        const QList<QPointF> generated = r.points("generated_samples");
        QCOMPARE(generated.size(), 1000);
        QCOMPARE(panel.generatedSeries()->points(), generated);
        QCOMPARE(panel.dataSeriesOnPlot()->points(), r.points("data_samples"));
        QCOMPARE(panel.noisedSeries()->points(), r.points("noised_samples"));
        QCOMPARE(panel.meansSeries()->points(), r.points("component_means"));
        QCOMPARE(panel.lossSeries()->points(), r.points("loss_curve"));
        QCOMPARE(panel.floorSeries()->points(), r.points("loss_floor"));
        QCOMPARE(panel.alphaBarSeries()->points(), r.points("alpha_bar"));
        QCOMPARE(panel.alphaBarSeries()->count(), 101);

        // Six reverse paths of T + 1 = 101 points; each starts in the noise and ends on the point it generated.
        for (int i = 0; i < DiffusionPanel::kMaxTrajectories; ++i) {
            const QList<QPointF> path = panel.trajectorySeries(i)->points();
            if (i >= 6) {
                QVERIFY(path.isEmpty());
                continue;
            }
            QCOMPARE(path.size(), 101);
            QVERIFY(std::abs(path.last().x() - generated[i].x()) < 1e-12);
            QVERIFY(std::abs(path.last().y() - generated[i].y()) < 1e-12);
        }

        // The shown step sits on the ᾱ curve: t = round(0.3·100) = 30.
        QCOMPARE(panel.shownStepSeries()->count(), 1);
        const QPointF marked = panel.shownStepSeries()->at(0);
        QCOMPARE(marked.x(), 30.0);
        QCOMPARE(marked.y(), panel.alphaBarSeries()->at(30).y());
        QCOMPARE(testing::readoutOf(panel, "shown_step"), 30.0);

        // The network learned: its loss fell from near the zero guess's 2 to within 15 % of the floor, and its
        // cloud is far closer to the data than a single Gaussian.
        const double loss = testing::readoutOf(panel, "final_loss"), floorLoss = testing::readoutOf(panel, "loss_floor_final");
        const double ed = testing::readoutOf(panel, "energy_distance"), edGaussian = testing::readoutOf(panel, "energy_distance_gaussian");
        qInfo("defaults: ε-loss %.4f (floor %.4f); energy distance %.5f (null %.5f, Gaussian %.4f)", loss, floorLoss,
              ed, testing::readoutOf(panel, "energy_distance_null"), edGaussian);
        QVERIFY(panel.lossSeries()->points().first().y() > 1.5);
        QVERIFY(loss < 1.15 * floorLoss);
        QVERIFY(loss >= floorLoss * 0.95);
        QVERIFY(ed < 0.15 * edGaussian);
        const QString text = testing::plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("Trained network")) && text.contains(QStringLiteral("hard to tell")),
                 qPrintable(text));

        // The export carries the clouds, the paths, the field and the curves.
        const QList<widgets::DataSeries> data = panel.dataSeries();
        QVERIFY(data.size() >= 15);
        QVERIFY(std::any_of(data.begin(), data.end(), [](const widgets::DataSeries& d) {
            return d.series.contains(QStringLiteral("true length")) && d.points.size() == 17 * 17;
        }));
    }

    void exactScoreReproducesTheMixture()
    {
        DiffusionPanel panel;
        QVERIFY(setAll(panel, {{"sampler", 0}, {"training_steps", 0}, {"samples", 2000}}));
        QVERIFY(panel.ready());
        const QList<QPointF> plotted = panel.generatedSeries()->points();
        QCOMPARE(plotted.size(), 2000);

        // An independent run of the engine with the same values and seed gives the same points.
        ParamSet engine(diffusion::diffusionSpecs());
        for (const ParamSpec& spec : engine.specs())
            if (spec.key != "seed")
                engine.set(spec.key, panel.parameters()[spec.key]);
        engine.set("seed", double(panel.seed()));
        Progress progress;
        const ExperimentResult own = diffusion::runDiffusion(engine, progress);
        const ResultSeries* ownGenerated = own.findSeries("generated_samples");
        QVERIFY(ownGenerated);
        QCOMPARE(qsizetype(ownGenerated->x.size()), plotted.size());
        for (qsizetype i = 0; i < plotted.size(); ++i) {
            QCOMPARE(plotted[i].x(), ownGenerated->x[std::size_t(i)]);
            QCOMPARE(plotted[i].y(), ownGenerated->y[std::size_t(i)]);
        }

        // The generated cloud has the mixture's moments and the data's cluster shares.
        const diffusion::GaussianMixture& mixture = threeClusters();
        const diffusion::Points x = toPoints(plotted);
        const double meanError = (diffusion::sampleMean(x) - mixture.mean()).norm();
        const double covError = relativeCovarianceError(x, mixture);
        const std::vector<double> shares = mixture.assignmentShares(x);
        const std::vector<double> dataShares = mixture.assignmentShares(toPoints(panel.dataSeriesOnPlot()->points()));
        double shareError = 0;
        for (std::size_t k = 0; k < shares.size(); ++k)
            shareError = std::max(shareError, std::abs(shares[k] - dataShares[k]));
        // The control: the noised cloud (ᾱ_t = 0.40) is what a panel plotting the wrong series would show.
        const double noisedCovError = relativeCovarianceError(toPoints(panel.noisedSeries()->points()), mixture);
        qInfo("exact score, 2000 points: mean off by %.4f, covariance by %.1f %%, shares by %.1f points; the noised "
              "cloud's covariance is off by %.1f %%",
              meanError, 100 * covError, 100 * shareError, 100 * noisedCovError);
        QVERIFY(meanError < 0.2);
        QVERIFY(covError < 0.12);
        QVERIFY(shareError < 0.05);
        QVERIFY(noisedCovError > 0.3);
        QVERIFY(plotted != panel.dataSeriesOnPlot()->points());

        // Untrained: an empty loss plot that says so.
        QCOMPARE(panel.lossSeries()->count(), 0);
        QCOMPARE(panel.lossPlot()->chart()->title(), QStringLiteral("Network not trained"));
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("Exact score")));
    }

    void arrowsFollowTheExactScore()
    {
        DiffusionPanel panel;
        QVERIFY(setAll(panel, {{"sampler", 0}, {"training_steps", 0}, {"samples", 200}, {"arrows", 1}}));
        const double alphaBar = testing::readoutOf(panel, "alpha_bar_shown");
        const diffusion::GaussianMixture noised = threeClusters().noised(alphaBar);
        const QList<QPointF> starts = panel.fieldPlot()->arrowStarts();
        const QList<QPointF> arrows = panel.fieldPlot()->arrowVectors();
        QCOMPARE(starts.size(), 17 * 17);
        QCOMPARE(arrows.size(), starts.size());
        QCOMPARE(panel.arrowScale(), 1.0);
        int uphill = 0;
        double worst = 0;
        for (qsizetype i = 0; i < starts.size(); ++i) {
            const Eigen::Vector2d s(starts[i].x(), starts[i].y()), v(arrows[i].x(), arrows[i].y());
            const Eigen::Vector2d expected = (1 - alphaBar) * noised.score(s);
            worst = std::max(worst, (v - expected).norm() / (1 + expected.norm()));
            uphill += noised.logDensity(s + 0.01 * v) > noised.logDensity(s) ? 1 : 0;
        }
        qInfo("t = 30: arrows match (1 − ᾱ)·∇log p_t to %.2g; %d of %lld point uphill", worst, uphill,
              static_cast<long long>(starts.size()));
        QVERIFY(worst < 1e-9);
        QVERIFY(uphill >= int(0.97 * double(starts.size())));
        // The lattice covers [−4, 4]², x fastest.
        QCOMPARE(starts.first(), QPointF(-4, -4));
        QCOMPARE(starts.last(), QPointF(4, 4));
        QVERIFY(starts[1].x() > starts[0].x());

        // Fitted: one factor for all, the longest spans 0.9 of the spacing (8/16 = 0.5), directions kept.
        QVERIFY(setAll(panel, {{"arrows", 0}}));
        const QList<QPointF> fitted = panel.fieldPlot()->arrowVectors();
        const double scale = panel.arrowScale();
        QCOMPARE(fitted.size(), arrows.size());
        double longest = 0;
        for (qsizetype i = 0; i < fitted.size(); ++i) {
            QVERIFY(std::abs(fitted[i].x() - scale * arrows[i].x()) < 1e-12);
            QVERIFY(std::abs(fitted[i].y() - scale * arrows[i].y()) < 1e-12);
            longest = std::max(longest, std::hypot(fitted[i].x(), fitted[i].y()));
        }
        QVERIFY(std::abs(longest - DiffusionPanel::kFittedLength * 0.5) < 1e-12);
        QVERIFY(scale < 1);  // at t = 30 the true arrows are longer than a grid spacing

        // At t = T nothing but the mean is left: every true-length arrow ends at √ᾱ_T·E[x_0 | x_T] ≈ the origin.
        QVERIFY(setAll(panel, {{"arrows", 1}, {"shown_t", 1}}));
        QCOMPARE(testing::readoutOf(panel, "shown_step"), 100.0);
        const QList<QPointF> lastStarts = panel.fieldPlot()->arrowStarts();
        const QList<QPointF> lastArrows = panel.fieldPlot()->arrowVectors();
        double farthest = 0;
        for (qsizetype i = 0; i < lastStarts.size(); ++i)
            farthest = std::max(farthest, std::hypot(lastStarts[i].x() + lastArrows[i].x(),
                                                     lastStarts[i].y() + lastArrows[i].y()));
        qInfo("t = T: ᾱ_T = %.3g, arrow ends at most %.4f from the origin", testing::readoutOf(panel, "alpha_bar_shown"),
              farthest);
        QVERIFY(farthest < 0.05);
        QVERIFY(panel.fieldPlot()->chart()->title().contains(QStringLiteral("t = 100")));
    }

    void untrainedLearnedSamplerIsRefused()
    {
        DiffusionPanel panel;  // the default sampler is the learned network
        const QString error = panel.setParameter(QStringLiteral("training_steps"), 0);
        QVERIFY2(error.contains(QStringLiteral("training step")), qPrintable(error));
        QCOMPARE(panel.parameters()["training_steps"], 1000.0);
    }

    void presetsAndTryThis()
    {
        DiffusionPanel panel;
        QVERIFY(testing::settle(panel, kTimeoutMs));
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 7);
        QCOMPARE(presets.first().name, QStringLiteral("defaults"));
        int predicting = 0;
        const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(predicting >= 3);
        const QStringList tryThis =
            testing::tryThisProblems(presets, QStringLiteral("diffusion"), QStringLiteral("## Diffusion in 2-D"), 0);
        QVERIFY2(tryThis.isEmpty(), qPrintable(tryThis.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestDiffusionPanel)
#include "tst_diffusionpanel.moc"
