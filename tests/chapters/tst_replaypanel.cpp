// The replay case study panel (chapters/casestudies/ReplayPanel.h): training runs on a job, never on the GUI thread.
// Checks that a new panel shows an untrained placeholder and trains the defaults on a job with progress, ending with
// prioritized replay faster than uniform; that the plots hold what the engine computed (curves per checkpoint, one
// point per seed, the SumTree's root equal to the sum of its leaves, the frequency groups summing to 1); that a
// control reaches the experiment; that the Try-this links of the chapter section name existing presets and a
// prediction exercise answers from the readout; and that the data export holds every plot.

#include "chapters/casestudies/ReplayPanel.h"
#include "tests/chapters/TryThis.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/JobController.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

class TestReplayPanel : public QObject {
    Q_OBJECT
private slots:
    void trainsTheDefaultsOnAJob()
    {
        ReplayPanel panel;
        // The constructor shows a placeholder and leaves the training to a job.
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("speedup")).has_value());
        QSignalSpy progress(panel.jobController(), &JobController::progress);
        QSignalSpy updated(&panel, &IntroPanel::updated);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 60000);
        QVERIFY(panel.trained());
        QVERIFY(progress.count() > 0);

        const rl::ReplayComparisonRun& run = panel.lastRun();
        QCOMPARE(run.setup.seeds, 20);
        const double u = *panel.readout(QStringLiteral("mean_updates_uniform"));
        const double p = *panel.readout(QStringLiteral("mean_updates_prioritized"));
        qInfo("panel defaults: uniform %.0f, prioritized %.0f updates to goal", u, p);
        QVERIFY(p < 0.5 * u);  // the engine test states the margin; the panel shows the same run
        QVERIFY(panel.readoutLabel()->text().contains(QString::number(u, 'f', 0)));

        // Curves: one point per checkpoint; seeds: one point per seed at x = seed.
        QCOMPARE(panel.uniformCurve()->count(), qsizetype(run.checkpoints.size()));
        QCOMPARE(panel.prioritizedCurve()->points().back().y(), run.summaries[1].pathMean.back());
        QXYSeries* seeds = nullptr;
        for (QAbstractSeries* s : panel.seedPlot()->chart()->series())
            if (auto* xy = qobject_cast<QXYSeries*>(s); xy && xy->count() == 20 && xy->name().startsWith("prior"))
                seeds = xy;
        QVERIFY(seeds);
        QCOMPARE(seeds->points().front().x(), 1.0);
        QCOMPARE(seeds->points().front().y(), double(run.summaries[1].updatesToGoal[0]));

        // SumTree: five levels over 16 blocks, each node the sum of its children, the root the total of the leaves.
        const auto& levels = panel.treeView()->levels();
        QCOMPARE(levels.size(), std::size_t(5));
        QCOMPARE(levels.back().size(), std::size_t(16));
        double leaves = 0;
        for (const double v : run.snapshots[1].leaves)
            leaves += v;
        QCOMPARE_LE(std::abs(levels.front().front() - leaves), 1e-9 * leaves);
        for (std::size_t l = 0; l + 1 < levels.size(); ++l)
            for (std::size_t j = 0; j < levels[l].size(); ++j)
                QCOMPARE_LE(std::abs(levels[l][j] - levels[l + 1][2 * j] - levels[l + 1][2 * j + 1]),
                            1e-9 * leaves);
        double draws = 0;
        for (const double d : panel.treeView()->blockDraws())
            draws += d;
        QCOMPARE_LE(std::abs(draws - 1), 1e-9);

        // Frequencies: the theoretical shares of the groups sum to 1, and the observed ones nearly so.
        double theory = 0, observed = 0;
        for (const QPointF& pt : panel.frequencySeries()->points()) {
            theory += pt.x();
            observed += pt.y();
        }
        QCOMPARE_LE(std::abs(theory - 1), 1e-6);
        QCOMPARE_LE(std::abs(observed - 1), 1e-6);
        QVERIFY(panel.presets().size() >= 8);
    }

    void theSumTreeIsDrawnLiveWhileTraining()
    {
        // While the first training job runs, the prioritized sampler's tree is drawn from the pictures the engine
        // publishes: the view is live, names the seed and update, its root is the total of the live leaves and the
        // shares of the latest draws sum to 1. The finished result replaces it with the first seed's final tree.
        ReplayPanel panel;
        int frames = 0, bad = 0;
        long lastUpdate = -1;
        int lastSeed = -1;
        connect(panel.jobController(), &JobController::liveData, &panel, [&] {
            SumTreeView* view = panel.treeView();  // the panel's own slot ran first: the view shows this picture
            const auto picture = std::dynamic_pointer_cast<const rl::ReplayTreeLive>(panel.jobController()->live());
            if (!picture || !view->isLive()) {
                ++bad;
                return;
            }
            ++frames;
            double total = 0;
            for (const double leaf : picture->leaves)
                total += leaf;
            double shares = 0;
            for (const double d : view->blockDraws())
                shares += d;
            if (std::abs(view->levels().front().front() - total) > 1e-9 * total || std::abs(shares - 1) > 1e-9 ||
                !view->caption().contains(QStringLiteral("update %1").arg(picture->updates)))
                ++bad;
            // Within a seed the updates only grow; seeds only advance.
            if (picture->seedIndex < lastSeed || (picture->seedIndex == lastSeed && picture->updates < lastUpdate))
                ++bad;
            lastSeed = picture->seedIndex;
            lastUpdate = picture->updates;
        });
        QSignalSpy updated(&panel, &IntroPanel::updated);
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 60000);
        qInfo("live SumTree frames during the default training: %d (last: seed %d, update %ld)", frames, lastSeed + 1,
              lastUpdate);
        QVERIFY(frames >= 2);
        QCOMPARE(bad, 0);
        QVERIFY(!panel.treeView()->isLive());
        QCOMPARE(panel.treeView()->caption(), QStringLiteral("after training (first seed)"));
    }

    void aQNetworkCanLearnInstead()
    {
        // The learner switch reaches the engine: the network's own controls appear, the table's step size goes.
        ReplayPanel panel;
        QVERIFY(panel.runHeadless(0, 60000));
        QVERIFY(panel.parameterPanel()->isRowShown(QStringLiteral("step_size")));
        QVERIFY(!panel.parameterPanel()->isRowShown(QStringLiteral("hidden")));
        QVERIFY(panel.applyPreset(QStringLiteral("q-network")).isEmpty());
        QCOMPARE(panel.parameters()["learner"], 1.0);
        for (const char* key : {"hidden", "net_batch", "learning_rate", "target_period"})
            QVERIFY2(panel.parameterPanel()->isRowShown(QString::fromLatin1(key)), key);
        for (const char* key : {"step_size", "batch", "priorities"})
            QVERIFY2(!panel.parameterPanel()->isRowShown(QString::fromLatin1(key)), key);
        // Two of the preset's ten seeds keep the suite quick under the sanitizers (a network step costs far more
        // than a table update).
        QVERIFY(panel.setParameter(QStringLiteral("seeds"), 2).isEmpty());
        QVERIFY(panel.runHeadless(0, 120000));
        QCOMPARE(panel.lastRun().setup.learner, rl::ReplayLearner::Network);
        QCOMPARE(panel.lastRun().shortestPath, 14);
        for (const rl::SamplerSummary& s : panel.lastRun().summaries)
            QCOMPARE(s.success.back(), 1.0);  // every seed ends on a path to the goal
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("Q-network")));
    }

    void controlsReachTheExperiment()
    {
        ReplayPanel panel;
        QVERIFY(panel.runHeadless(0, 60000));
        QSignalSpy spy(&panel, &IntroPanel::updated);
        QVERIFY(panel.setParameter(QStringLiteral("seeds"), 3).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("maze"), 3).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("updates"), 1200).isEmpty());
        QVERIFY(panel.runHeadless(0, 60000));
        QCOMPARE(panel.lastRun().setup.seeds, 3);
        QCOMPARE(panel.lastRun().setup.maze, rl::ReplayMaze::Cliffwalk);
        QCOMPARE(panel.lastRun().shortestPath, rl::kCliffwalkLength - 1);
        QCOMPARE(panel.lastRun().summaries[0].updatesToGoal.size(), std::size_t(3));
        QVERIFY(panel.setParameter(QStringLiteral("alpha"), -1).contains(QStringLiteral("alpha")));
    }

    void tryThisLinksNameExistingPresets()
    {
        const QString own = testing::chapterSection(QStringLiteral("case-studies"), QStringLiteral("## Replay"));
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        QCOMPARE(testing::panelIndex(QStringLiteral("case-studies"), QStringLiteral("replay")), 0);
        ReplayPanel panel;
        const QStringList links = testing::presetLinks(own, 0);
        for (const QString& name : links)
            QVERIFY2(panel.applyPreset(name).isEmpty(), qPrintable(name));
        QVERIFY(links.size() >= 8);
        QVERIFY(own.count(QStringLiteral("(predict first)")) >= 3);
    }

    void predictionExercise()
    {
        ReplayPanel panel;
        panel.show();
        QVERIFY(panel.runHeadless(0, 60000));
        QVERIFY(panel.applyPreset(QStringLiteral("alpha-zero")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("alpha-zero")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(exercise.answerChoice(0).isEmpty());  // "about the same"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 60000);
        QVERIFY(exercise.outcome());
        qInfo("alpha = 0: ratio %.2f", *exercise.outcome());
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }

    void exportsEveryPlot()
    {
        ReplayPanel panel;
        QVERIFY(panel.runHeadless(0, 60000));
        QStringList plots;
        for (const widgets::DataSeries& s : panel.dataSeries())
            if (!plots.contains(s.plot))
                plots << s.plot;
        QVERIFY2(plots.size() >= 4, qPrintable(plots.join(QStringLiteral(", "))));
        QStringList names;
        for (const widgets::DataSeries& s : panel.dataSeries())
            names << s.series;
        QVERIFY(names.contains(QStringLiteral("uniform")));
        QVERIFY(names.contains(QStringLiteral("prioritized, mean − SD")));
    }
};

QTEST_MAIN(TestReplayPanel)
#include "tst_replaypanel.moc"
