// Chapter 11's "RNN vs attention" panel (chapters/sequences/RnnVsAttentionPanel.h). Each check would fail if the
// panel or its experiment were wrong:
// - a new panel shows an untrained placeholder, then both models train on a job in turns, the curves growing side by
//   side while it runs (live pictures with equally long curves for both models);
// - the defaults reproduce the chapter's point: attention copies ≥ 95 % of the symbols across a delay of 20, the
//   vanilla RNN stays within a few points of chance (12.5 %);
// - the plots hold what the engine computed, and the held-out example strip agrees with the models' accuracy;
// - the same seed reproduces the run bit for bit (the panel's compute is the engine's experiment);
// - presets load, the Try-this links name existing presets, a prediction exercise answers from the readout, and
//   the export holds every plot.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/JobController.h"
#include "chapters/sequences/RnnVsAttentionPanel.h"
#include "tests/chapters/TryThis.h"
#include "engine/core/ModelRegistry.h"
#include "widgets/XYPlot.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

using namespace neuroai;
using namespace neuroai::chapters;

class TestRnnVsAttentionPanel : public QObject {
    Q_OBJECT
private slots:
    void trainsBothModelsSideBySide()
    {
        RnnVsAttentionPanel panel;
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("accuracy_attention")).has_value());
        QVERIFY(panel.runHeadless(0, 120000));
        QVERIFY(panel.trained());
        QVERIFY(panel.liveCount() > 0);

        const nn::SequenceComparisonRun& run = panel.lastRun();
        const double attention = *panel.readout(QStringLiteral("accuracy_attention"));
        const double rnn = *panel.readout(QStringLiteral("accuracy_rnn"));
        qInfo("delay 20, 150 steps: attention %.3f, RNN %.3f (chance 0.125)", attention, rnn);
        QVERIFY(attention >= 0.95);
        QVERIFY(rnn < 0.2);
        for (int m = 0; m < 2; ++m) {
            QCOMPARE(panel.lossSeries(m)->count(), qsizetype(150));
            QCOMPARE(panel.accuracySeries(m)->count(), qsizetype(run.accuracy[m].x.size()));
            QCOMPARE(panel.accuracySeries(m)->points().back().y(), run.accuracy[m].y.back());
            QCOMPARE(panel.lossSeries(m)->points().front().y(), run.loss[m].y.front());
        }
        // The example: 20 symbols then 20 blanks; attention copies it (nearly) all, the RNN does not.
        const int scored = panel.strip()->scored();
        QCOMPARE(scored, 20);
        QVERIFY(panel.strip()->correct(0) >= 19);
        QVERIFY(panel.strip()->correct(1) <= 8);
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("attention <b>")));
    }

    void livePicturesGrowBothCurvesTogether()
    {
        RnnVsAttentionPanel panel;
        // The panel draws each live picture in its own slot, connected before this one: here the plots show it.
        int pictures = 0, growing = 0;
        bool equal = true;
        qsizetype last = 0;
        connect(panel.jobController(), &JobController::liveData, &panel, [&] {
            ++pictures;
            equal = equal && panel.lossSeries(0)->count() == panel.lossSeries(1)->count();
            growing += panel.lossSeries(0)->count() > last;
            last = panel.lossSeries(0)->count();
        });
        QVERIFY(panel.setParameter(QStringLiteral("steps"), 60).isEmpty());
        QVERIFY(panel.runHeadless(0, 120000));
        QVERIFY(pictures > 0);
        QVERIFY(growing > 0);
        QVERIFY(equal);
        QCOMPARE(panel.lossSeries(0)->count(), qsizetype(60));
        QCOMPARE(panel.lossSeries(1)->count(), qsizetype(60));
    }

    void thePanelShowsTheEnginesExperiment()
    {
        // The registered experiment with the same parameters and seed gives the numbers the panel shows.
        RnnVsAttentionPanel panel;
        QVERIFY(panel.setParameter(QStringLiteral("delay"), 5).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("steps"), 50).isEmpty());
        QVERIFY(panel.runHeadless(0, 120000));
        const ExperimentEntry* info = findExperiment("sequence-comparison");
        QVERIFY(info != nullptr);
        ParamSet p(info->specs());
        p.set("delay", 5);
        p.set("steps", 50);
        p.set("seed", double(panel.seed()));
        Progress progress;
        const ExperimentResult result = info->run(p, progress);
        for (const ResultSeries& s : result.series)
            if (s.name == "accuracy_rnn")
                QCOMPARE(QList<double>(s.y.begin(), s.y.end()),
                         QList<double>(panel.lastRun().accuracy[1].y.begin(), panel.lastRun().accuracy[1].y.end()));
    }

    void presetsTryThisAndPrediction()
    {
        RnnVsAttentionPanel panel;
        QDir folder(QStringLiteral(":/presets/sequences/rnn-vs-attention"));
        QCOMPARE(panel.presets().size(), qsizetype(folder.entryList({QStringLiteral("*.json")}).size()));

        const QString own = testing::chapterSection(QStringLiteral("sequences"), QStringLiteral("## RNN vs attention"));
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QCOMPARE(testing::panelIndex(QStringLiteral("sequences"), QStringLiteral("rnn-vs-attention")), 0);
        const QStringList names = testing::presetLinks(own, 0);
        for (const QString& name : names)
            QVERIFY2(panel.applyPreset(name).isEmpty(), qPrintable(name));
        const qsizetype links = names.size();
        QVERIFY(links >= 7);
        QVERIFY(own.count(QStringLiteral("(predict first)")) >= 2);

        // "Short delay": with 4 steps to carry, the RNN learns the copy too.
        QVERIFY(panel.applyPreset(QStringLiteral("short-delay")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("short-delay")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(exercise.answerChoice(2).isEmpty());  // "almost perfectly"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 120000);
        QVERIFY(exercise.outcome());
        qInfo("delay 4: RNN %.3f", *exercise.outcome());
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }

    void exportsEveryPlot()
    {
        RnnVsAttentionPanel panel;
        QVERIFY(panel.setParameter(QStringLiteral("steps"), 25).isEmpty());
        QVERIFY(panel.runHeadless(0, 120000));
        QStringList plots;
        for (const widgets::DataSeries& s : panel.dataSeries())
            if (!plots.contains(s.plot))
                plots << s.plot;
        QVERIFY2(plots.size() == 3, qPrintable(plots.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestRnnVsAttentionPanel)
#include "tst_rnnvsattentionpanel.moc"
