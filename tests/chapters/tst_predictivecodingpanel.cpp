// The predictive-coding case study (chapters/casestudies/PredictiveCodingPanel.h). Each check would fail if the
// panel's plumbing were wrong:
// - the defaults are drawn: the plotted energy is the engine's, never rises (beyond 1e-12 relative rounding), ends on
//   the ridge (MAP) energy, and the distance to the ridge solution falls below 1e-6; the images show the chosen
//   iterate's prediction and error units;
// - σ² changes L = λmax(UᵀU)/σ² + α as the formula says, recomputed on the job;
// - a step above 2/L shows the divergence message (and finite curves), a step below does not;
// - at the reverse event, more than 80 % of the plotted error energy lies in the outlined mask (the engine test's
//   bound, tst_nextframe), and the trained predictor's error is below 0.3 × the copy-last-frame baseline's;
// - view-only controls (iteration and frame shown) and the inference settings never relearn; history and levels do;
// - the batch experiment (`neuroai-sim run predictive-coding`) gives the panel's numbers;
// - every preset loads and its prediction lands on the intended answer, the Try-this links name this panel's
//   presets, every plot has a title and axis titles with units.

#include "chapters/casestudies/PredictiveCodingPanel.h"
#include "tests/chapters/TryThis.h"
#include "chapters/framework/Chapter.h"
#include "engine/core/Job.h"
#include "engine/predictive/PredictiveExperiments.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QDir>
#include <QLabel>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTest>
#include <QXYSeries>

#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 60000;

bool settle(IntroPanel& panel) { return panel.runHeadless(0, kTimeoutMs); }

bool setAndWait(IntroPanel& panel, const char* key, double value)
{
    const int before = panel.updateCount();
    const QString error = panel.setParameter(QLatin1String(key), value);
    if (!error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return QTest::qWaitFor([&] { return panel.updateCount() > before && !panel.isComputing(); }, kTimeoutMs);
}

double readoutOf(const IntroPanel& panel, const char* key)
{
    const std::optional<double> v = panel.readout(QLatin1String(key));
    return v ? *v : std::nan("");
}

bool sameMatrix(const MatrixImage& m, const std::vector<double>& values)
{
    if (m.values.size() != values.size())
        return false;
    for (std::size_t i = 0; i < values.size(); ++i)
        if (m.values[i] != float(values[i]))
            return false;
    return true;
}

}  // namespace

class TestPredictiveCodingPanel : public QObject {
    Q_OBJECT
private slots:
    void defaultsAreDrawn()
    {
        PredictiveCodingPanel::clearCache();
        const int learnings = PredictiveCodingPanel::learningCount();
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        QCOMPARE(PredictiveCodingPanel::learningCount(), learnings + 1);
        const predictive::PredictiveCodingRun& run = panel.lastResult().run;
        QCOMPARE(panel.tabs()->count(), 2);

        // The energy curve is the engine's, never rises, and ends on the ridge energy.
        const QList<QPointF> energy = panel.energySeries()->points();
        QCOMPARE(energy.size(), qsizetype(run.energy.size()));
        QCOMPARE(energy.size(), qsizetype(201));  // 200 iterations and the start
        for (int t = 0; t < energy.size(); ++t) {
            QCOMPARE(energy[t].x(), double(t));
            QCOMPARE(energy[t].y(), run.energy[std::size_t(t)]);
            // Never rises: at most rounding (1e-12 relative, the engine's threshold) once r sits on r*.
            if (t > 0)
                QVERIFY2(energy[t].y() <= energy[t - 1].y() + 1e-12 * std::max(1.0, energy[t - 1].y()),
                         qPrintable(QString::number(t)));
        }
        QCOMPARE(panel.ridgeSeries()->points().front().y(), run.ridgeEnergy);
        QVERIFY(std::abs(energy.back().y() - run.ridgeEnergy) < 1e-9 * run.ridgeEnergy);
        QCOMPARE(readoutOf(panel, "energy_monotone"), 1.0);
        // ‖r − r*‖ at defaults: k = 1/L contracts by ≤ 1 − α/L per step; measured ≈ 7e-13 after 200.
        const double distance = readoutOf(panel, "final_distance");
        qInfo("defaults: L = %.4f, final distance %.2e, ridge energy %.6f", readoutOf(panel, "lipschitz"), distance,
              run.ridgeEnergy);
        QVERIFY(distance < 1e-6);
        QCOMPARE(panel.distanceSeries()->points().back().y(), std::max(distance, 1e-16));
        QVERIFY(panel.distancePlot()->isLogY());
        QCOMPARE(readoutOf(panel, "diverged"), 0.0);
        QVERIFY(panel.warningLabel()->isHidden());

        // The images: the test patch, the prediction and error units of iteration 5 (the default shown), the basis.
        QCOMPARE(run.shownIteration, 5);
        QVERIFY(sameMatrix(panel.patchPlot()->matrix(), run.patch));
        QVERIFY(sameMatrix(panel.predictionPlot()->matrix(), run.predictions[5]));
        QVERIFY(sameMatrix(panel.errorPlot()->matrix(), run.errors[5]));
        for (std::size_t i = 0; i < run.patch.size(); ++i)
            QVERIFY(std::abs(run.errors[5][i] + run.predictions[5][i] - run.patch[i]) < 1e-12);
        QCOMPARE(int(panel.basisView()->tiles().size()), predictive::kPredictiveCauses);
        QCOMPARE(panel.basisView()->tiles()[3][10], run.models->basis1(10, 3));
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("copying the last frame")));
    }

    void sigmaSetsTheLipschitzConstant()
    {
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        QVERIFY(setAndWait(panel, "sigma2", 4));
        const predictive::PredictiveCodingRun& run = panel.lastResult().run;
        const Eigen::MatrixXd& u = run.models->basis1;
        const double top = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(u.transpose() * u).eigenvalues().maxCoeff();
        QVERIFY(std::abs(readoutOf(panel, "lipschitz") - (top / 4 + 1)) < 1e-9);
        QVERIFY(std::abs(readoutOf(panel, "rate") - 1 / (top / 4 + 1)) < 1e-12);  // step 0.5 × 2/L
        QCOMPARE(readoutOf(panel, "energy_monotone"), 1.0);
    }

    void aStepAboveTheBoundIsReportedAsDivergence()
    {
        PredictiveCodingPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(settle(panel));
        QVERIFY(setAndWait(panel, "step", 1.1));
        const predictive::PredictiveCodingRun& run = panel.lastResult().run;
        QCOMPARE(readoutOf(panel, "diverged"), 1.0);
        QCOMPARE(readoutOf(panel, "energy_monotone"), 0.0);
        QVERIFY(panel.warningLabel()->isVisible());
        QVERIFY(panel.warningLabel()->text().contains(QStringLiteral("diverges")));
        QVERIFY(panel.warningLabel()->text().contains(QStringLiteral("1.10 × 2/L")));
        QVERIFY(run.energy.back() > 1e6 * run.energy.front());
        for (const QPointF& p : panel.energySeries()->points())
            QVERIFY(std::isfinite(p.y()));
        for (const QPointF& p : panel.distanceSeries()->points())
            QVERIFY(std::isfinite(p.y()) && p.y() > 0);
        // The plots of the other tab are hidden until it is chosen.
        QVERIFY(panel.energyPlot()->isVisible());
        QVERIFY(panel.framePlot()->isHidden());
        panel.tabs()->setCurrentIndex(1);
        QVERIFY(panel.framePlot()->isVisible());
        QVERIFY(panel.energyPlot()->isHidden());
        panel.tabs()->setCurrentIndex(0);
        // Back below the bound: the message goes.
        QVERIFY(setAndWait(panel, "step", 0.9));
        QCOMPARE(readoutOf(panel, "diverged"), 0.0);
        QVERIFY(panel.warningLabel()->isHidden());
    }

    void theErrorConcentratesWhereTheBarTurned()
    {
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        const predictive::PredictiveCodingRun& run = panel.lastResult().run;
        // Defaults: bar 1 turns back at t* = 12, the frame shown.
        QCOMPARE(run.movie.eventFrame, 12);
        QCOMPARE(run.shownFrame, 12);
        QVERIFY(panel.frameError()->hasMask());
        // The plotted signed error map: > 80 % of its energy inside the mask (tst_nextframe's bound over 10 movies).
        const MatrixImage& m = panel.frameError()->matrix();
        QCOMPARE(m.values.size(), run.movie.eventMask.size());
        double inside = 0, total = 0;
        for (std::size_t i = 0; i < m.values.size(); ++i) {
            const double e2 = double(m.values[i]) * double(m.values[i]);
            total += e2;
            if (run.movie.eventMask[i])
                inside += e2;
        }
        qInfo("reverse at t* = 12: %.4f of the plotted error energy inside the mask (engine %.4f), mask area %.3f, "
              "jump %.1f",
              inside / total, readoutOf(panel, "mask_fraction"), readoutOf(panel, "mask_area"),
              readoutOf(panel, "event_jump"));
        QVERIFY(inside / total > 0.8);
        QVERIFY(std::abs(inside / total - readoutOf(panel, "mask_fraction")) < 1e-5);
        QVERIFY(readoutOf(panel, "mask_area") < 0.35);
        QVERIFY(readoutOf(panel, "event_jump") > 2.5);
        // Another frame: no mask outline.
        QVERIFY(setAndWait(panel, "shown_frame", 8));
        QVERIFY(!panel.frameError()->hasMask());
    }

    void thePredictorBeatsCopyingTheLastFrame()
    {
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        const predictive::PredictiveCodingRun& run = panel.lastResult().run;
        const QList<QPointF> predictor = panel.predictorSeries()->points(), baseline = panel.baselineSeries()->points();
        QCOMPARE(predictor.size(), qsizetype(20 - 3));  // frames 3 … 19 have a full history of 3
        double sumP = 0, sumB = 0;
        for (int k = 0; k < predictor.size(); ++k) {
            const auto& f = run.frames.frames[std::size_t(predictor[k].x())];
            QCOMPARE(predictor[k].y(), f.meanAbsError);
            QCOMPARE(baseline[k].y(), f.baselineMeanAbsError);
            sumP += predictor[k].y();
            sumB += baseline[k].y();
        }
        QVERIFY(std::abs(sumP / predictor.size() - readoutOf(panel, "predictor_error")) < 1e-12);
        QVERIFY(std::abs(sumB / baseline.size() - readoutOf(panel, "baseline_error_mean")) < 1e-12);
        qInfo("predictor %.5f, baseline %.5f, ratio %.3f", sumP / predictor.size(), sumB / baseline.size(),
              readoutOf(panel, "error_ratio"));
        // tst_nextframe: history 3 stays below 0.3 × the baseline on held-out movies (even with the event here).
        QVERIFY(readoutOf(panel, "error_ratio") < 0.3);
        // History 2 cannot extrapolate to second order: clearly worse, still better than copying.
        QVERIFY(setAndWait(panel, "history", 2));
        QCOMPARE(panel.predictorSeries()->count(), qsizetype(20 - 2));
        QVERIFY(readoutOf(panel, "error_ratio") > 0.35 && readoutOf(panel, "error_ratio") < 0.9);
    }

    void viewChangesDoNotRelearn()
    {
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        const int learnings = PredictiveCodingPanel::learningCount();
        QVERIFY(setAndWait(panel, "shown_iteration", 0));
        QCOMPARE(PredictiveCodingPanel::learningCount(), learnings);
        // Iteration 0: r = 0, so the prediction is blank and the error units are the input itself.
        const predictive::PredictiveCodingRun& run0 = panel.lastResult().run;
        QVERIFY(sameMatrix(panel.errorPlot()->matrix(), run0.patch));
        QVERIFY(!panel.lastResult().learnedNow);
        for (const auto& [key, value] : {std::pair{"shown_frame", 15.0}, std::pair{"sigma2", 2.0},
                                         std::pair{"alpha", 0.5}, std::pair{"step", 0.3},
                                         std::pair{"iterations", 50.0}, std::pair{"event", 2.0},
                                         std::pair{"speed", 0.3}, std::pair{"test_patch", 7.0}}) {
            QVERIFY2(setAndWait(panel, key, value), key);
            QVERIFY2(!panel.lastResult().learnedNow, key);
        }
        QCOMPARE(PredictiveCodingPanel::learningCount(), learnings);
        QCOMPARE(panel.energySeries()->count(), qsizetype(51));
        QCOMPARE(panel.lastResult().run.frames.frames.size(), std::size_t(20));
        // The shown frame's images follow the slider.
        QVERIFY(sameMatrix(panel.framePicture()->matrix(), panel.lastResult().run.movie.frames[15]));
        QVERIFY(sameMatrix(panel.framePrediction()->matrix(), panel.lastResult().run.frames.frames[15].prediction));
        // Levels relearn (a second basis); returning to one level comes from the cache.
        QVERIFY(setAndWait(panel, "levels", 1));
        QCOMPARE(PredictiveCodingPanel::learningCount(), learnings + 1);
        QVERIFY(panel.lastResult().learnedNow);
        QCOMPARE(panel.lastResult().run.models->basis2.cols(), Eigen::Index(predictive::kPredictiveCauses2));
        QCOMPARE(readoutOf(panel, "energy_monotone"), 1.0);
        QVERIFY(setAndWait(panel, "levels", 0));
        QCOMPARE(PredictiveCodingPanel::learningCount(), learnings + 1);
    }

    void theBatchExperimentGivesThePanelsNumbers()
    {
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        QVERIFY(setAndWait(panel, "alpha", 0.3));
        ParamSet p(predictive::predictiveCodingSpecs());
        p.set("alpha", 0.3);
        p.set("seed", double(panel.seed()));
        Progress progress;
        const ExperimentResult result = predictive::runPredictiveCoding(p, progress);
        for (const ResultScalar& s : result.scalars) {
            const double shown = readoutOf(panel, s.key.c_str());
            QVERIFY2(shown == s.value || (std::isnan(shown) && std::isnan(s.value)), s.key.c_str());
        }
        QCOMPARE(result.findSeries("energy")->y.size(), std::size_t(panel.energySeries()->count()));
    }

    void presetsLoadAndPredictionsLand()
    {
        PredictiveCodingPanel panel;
        QDir folder(QStringLiteral(":/presets/case-studies/predictive-coding"));
        QCOMPARE(panel.presets().size(), qsizetype(folder.entryList({QStringLiteral("*.json")}).size()));
        QCOMPARE(panel.presets().size(), qsizetype(7));
        QVERIFY(panel.findPreset(QStringLiteral("defaults")));
        const std::map<QString, double> expected = {{QStringLiteral("step-above-bound"), 1.0},
                                                    {QStringLiteral("history-two"), 0.5}};
        int predictions = 0;
        for (const Preset& preset : panel.presets()) {
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
            QVERIFY2(settle(panel), qPrintable(preset.name));
            if (!preset.prediction)
                continue;
            ++predictions;
            const double outcome = readoutOf(panel, qPrintable(preset.prediction->readout));
            qInfo("%s: %s = %.3f", qPrintable(preset.name), qPrintable(preset.prediction->readout), outcome);
            // step-above-bound: diverged (choice 2 of 2); history-two: the ratio in [0.35, 0.9] (choice 2 of 3).
            if (preset.name == QLatin1String("step-above-bound"))
                QCOMPARE(outcome, 1.0);
            else if (preset.name == QLatin1String("history-two"))
                QVERIFY(outcome > 0.35 && outcome < 0.9);
            else
                QFAIL(qPrintable(preset.name));
        }
        QCOMPARE(predictions, int(expected.size()));
        // fast-bars: beyond the training speeds the predictor is no better than copying.
        QVERIFY(panel.applyPreset(QStringLiteral("fast-bars")).isEmpty());
        QVERIFY(settle(panel));
        QVERIFY(readoutOf(panel, "error_ratio") > 0.9);
        // two-levels: the joint inference reaches its fixed point (slowly) without the energy ever rising.
        QVERIFY(panel.applyPreset(QStringLiteral("two-levels")).isEmpty());
        QVERIFY(settle(panel));
        QCOMPARE(panel.lastResult().run.models->levels, 2);
        QCOMPARE(readoutOf(panel, "energy_monotone"), 1.0);
        QVERIFY(readoutOf(panel, "final_distance") < 1e-5);
        // appear-event: the new bar carries the error at t*.
        QVERIFY(panel.applyPreset(QStringLiteral("appear-event")).isEmpty());
        QVERIFY(settle(panel));
        QVERIFY(readoutOf(panel, "mask_fraction") > 0.8);
        QVERIFY(panel.frameError()->hasMask());
    }

    void tryThisLinksNameThisPanelsPresets()
    {
        PredictiveCodingPanel panel;
        const QString section =
            testing::chapterSection(QStringLiteral("case-studies"), QStringLiteral("## Predictive coding"));
        QVERIFY(!section.isEmpty());
        QVERIFY(section.contains(QStringLiteral("### What the plots show")));
        QVERIFY(section.contains(QStringLiteral("### Try this")));
        const int index = testing::panelIndex(QStringLiteral("case-studies"), QStringLiteral("predictive-coding"));
        QCOMPARE(index, testing::panelIndex(QStringLiteral("case-studies"), QStringLiteral("vision-transformer")) + 1);
        const QStringList names = testing::presetLinks(section, index);
        QCOMPARE(names.size(), 7);
        for (const QString& name : names)
            QVERIFY2(panel.findPreset(name), qPrintable(name));
        // Every link in the section is to this panel.
        const QRegularExpression any(QStringLiteral("\\(preset:(\\d+)/"));
        for (auto it = any.globalMatch(section); it.hasNext();)
            QCOMPARE(it.next().captured(1).toInt(), index);
    }

    void everyPlotHasTitlesAndUnits()
    {
        PredictiveCodingPanel panel;
        QVERIFY(settle(panel));
        static const QRegularExpression unit(QStringLiteral("\\S \\([^()]+\\)$"));
        const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
        QCOMPARE(plots.size(), 3);
        for (widgets::XYPlot* plot : plots) {
            QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(unit.match(axis->titleText()).hasMatch(),
                         qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
        }
        const QList<widgets::ImagePlot*> pictures = panel.findChildren<widgets::ImagePlot*>();
        QCOMPARE(pictures.size(), 6);
        for (widgets::ImagePlot* image : pictures) {
            QVERIFY2(!image->title().isEmpty(), qPrintable(image->objectName()));
            QCOMPARE(image->xAxis().title, QStringLiteral("x (px)"));
            QCOMPARE(image->yAxis().title, QStringLiteral("y (px)"));
        }
        QVERIFY(!panel.basisView()->dataSeries().isEmpty());
        QVERIFY(panel.dataSeries().size() >= 5 + 6 + 16);
    }
};

QTEST_MAIN(TestPredictiveCodingPanel)
#include "tst_predictivecodingpanel.moc"
