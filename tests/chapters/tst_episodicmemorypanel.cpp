// The episodic-memory panel (chapters/casestudies/EpisodicMemoryPanel.h): a batch panel computed on a job. Checks the
// figure shown on construction (defaults: both curves, the episodic agent faster over episodes 1-20, the maze with
// the episodic values and both last paths from S to G), that a parameter change runs a job with progress signals and
// reaches the experiment, that bad values are refused, that exported data holds both plots, and that every Try-this
// link of the chapter section names an existing preset at the panel's final index 3.

#include "chapters/casestudies/EpisodicMemoryPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/JobController.h"
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

class TestEpisodicMemoryPanel : public QObject {
    Q_OBJECT
private slots:
    void computesOnConstruction()
    {
        EpisodicMemoryPanel panel;
        QCOMPARE(panel.updateCount(), 1);
        QCOMPARE(panel.currentParameters()["runs"], 20.0);
        QCOMPARE(panel.currentParameters()["neighbours"], 5.0);
        const double ec = *panel.readout(QStringLiteral("early_episodic"));
        const double q = *panel.readout(QStringLiteral("early_q"));
        qInfo("defaults: episodes 1-20 episodic %.1f, Q-learning %.1f steps", ec, q);
        QVERIFY(ec < 0.5 * q);
        QCOMPARE(panel.episodicMeanSeries()->count(), 50);
        QCOMPARE(panel.qMeanSeries()->count(), 50);
        QVERIFY(panel.curvePlot()->isLogY());
        const auto& c = panel.lastComparison();
        QCOMPARE(panel.mazeView()->episodicPath().front(), c.start);
        QCOMPARE(panel.mazeView()->episodicPath().back(), c.goal);
        QCOMPARE(panel.mazeView()->qPath().back(), c.goal);
        QCOMPARE(panel.mazeView()->matrix().rows, 6);
        QCOMPARE(panel.mazeView()->matrix().columns, 9);
        QCOMPARE(panel.mazeView()->nanCount(), 7L);  // the seven wall cells
        QVERIFY(panel.readoutLabel()->text().contains(QString::number(ec, 'f', 1)));
        QVERIFY(panel.presets().size() >= 7);
    }

    void parameterChangeRunsAJob()
    {
        EpisodicMemoryPanel panel;
        QSignalSpy updated(&panel, &IntroPanel::updated);
        QSignalSpy progress(panel.jobController(), &JobController::progress);
        QVERIFY(panel.setParameter(QStringLiteral("episodes"), 30).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("neighbours"), 1).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1 && !panel.isComputing(), 120000);
        QVERIFY(progress.count() >= 1);
        QCOMPARE(panel.lastComparison().setup.episodes, 30);
        QCOMPARE(panel.lastComparison().setup.episodic.neighbours, 1);
        QCOMPARE(panel.episodicMeanSeries()->count(), 30);
        QVERIFY(panel.setParameter(QStringLiteral("runs"), 3).contains(QStringLiteral("runs")));
        QVERIFY(panel.setParameter(QStringLiteral("capacity"), 0).contains(QStringLiteral("capacity")));
    }

    void presetReachesTheExperiment()
    {
        EpisodicMemoryPanel panel;
        QVERIFY(panel.applyPreset(QStringLiteral("tiny-memory")).isEmpty());
        // The preset's point is the capacity; 10 runs of 10 episodes keep the check short under AddressSanitizer (a
        // 10-entry memory forgets, so its 20 × 50 episodes of ~7000 steps took over 30 s there).
        QVERIFY(panel.setParameter(QStringLiteral("runs"), 10).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("episodes"), 10).isEmpty());
        QVERIFY(panel.runHeadless(0, 120000));
        QCOMPARE(panel.lastComparison().setup.episodic.capacity, 10);
        // 4 actions × at most 10 entries each.
        QVERIFY(*panel.readout(QStringLiteral("memory_size")) <= 40);
        // The maze choice reaches the experiment and the view: a 12 × 12 open field without walls.
        QVERIFY(panel.applyPreset(QStringLiteral("open-field")).isEmpty());
        QVERIFY(panel.runHeadless(0, 120000));
        QCOMPARE(panel.lastComparison().setup.maze, 1);
        QCOMPARE(panel.mazeView()->matrix().rows, rl::kEpisodicOpenFieldSide);
        QCOMPARE(panel.mazeView()->nanCount(), 0L);
        QCOMPARE(panel.mazeView()->episodicPath().back(), panel.lastComparison().goal);
    }

    void exportsBothPlots()
    {
        EpisodicMemoryPanel panel;
        QStringList names;
        for (const widgets::DataSeries& s : panel.dataSeries())
            names << s.series;
        QVERIFY2(names.contains(QStringLiteral("episodic control, mean")), qPrintable(names.join(", ")));
        QVERIFY(names.contains(QStringLiteral("Q-learning, mean")));
        QVERIFY(names.contains(QStringLiteral("episodic: last episode")));
        QVERIFY(names.contains(QStringLiteral("Q-learning: last episode")));
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/case-studies.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Episodic memory"));
        QVERIFY(section >= 0);
        const qsizetype next = text.indexOf(QStringLiteral("\n## "), section + 5);
        const QString own = text.mid(section, next < 0 ? -1 : next - section);
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        const ChapterInfo* chapter = findChapter(QStringLiteral("case-studies"));
        QVERIFY(chapter != nullptr);
        // Links are written for the merged chapter (replay, dopamine, hippocampal-replay, episodic-memory = 3). On a
        // branch without some of the others, every panel before this one must be one of them.
        constexpr int kFinalIndex = 3;
        int index = -1;
        for (std::size_t i = 0; i < chapter->panels.size(); ++i)
            if (QLatin1String(chapter->panels[i].id) == QLatin1String("episodic-memory"))
                index = int(i);
        QVERIFY(index >= 0);
        for (int i = 0; i < index; ++i) {
            const QString id = QLatin1String(chapter->panels[std::size_t(i)].id);
            QVERIFY2(id == QLatin1String("replay") || id == QLatin1String("dopamine") ||
                         id == QLatin1String("hippocampal-replay"),
                     qPrintable(id));
        }
        QVERIFY(index <= kFinalIndex);
        const QRegularExpression anyLink(QStringLiteral("\\(preset:([^/)]+)/([^)]+)\\)"));
        EpisodicMemoryPanel panel;
        int links = 0;
        for (auto it = anyLink.globalMatch(own); it.hasNext(); ++links) {
            const QRegularExpressionMatch m = it.next();
            QCOMPARE(m.captured(1), QString::number(kFinalIndex));
            QVERIFY2(panel.applyPreset(m.captured(2)).isEmpty(), qPrintable(m.captured(2)));
        }
        QVERIFY(links >= 7);
    }
};

QTEST_MAIN(TestEpisodicMemoryPanel)
#include "tst_episodicmemorypanel.moc"
