// Chapter 8 "Spike sorting" (chapters/pipeline/SpikeSortingPanel): registered as the chapter's first panel; the
// figure is drawn at construction with titled, unit-bearing axes; the plotted traces, accuracy curve, snippets and
// PC scores are the engine's numbers; at the defaults more than 95 % of the spikes are sorted correctly (the engine
// test's criterion); more noise lowers the accuracy once the job has recomputed it; five clusters draw five
// snippets; a low cutoff above the high one is refused with a message and the figure keeps its last good state;
// every preset loads and its prediction is answered; the chapter text's Try-this links name this panel's presets.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/pipeline/SpikeSortingPanel.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "tests/chapters/PanelText.h"
#include "tests/chapters/PresetChecks.h"
#include "tests/chapters/TryThis.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLabel>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {
constexpr int kTimeoutMs = 60000;
using testing::hasUnit;
using testing::plainText;
}  // namespace

#define WAIT_SHOWN(panel, updatesBefore)                                                                              \
    QTRY_VERIFY_WITH_TIMEOUT((panel).updateCount() > (updatesBefore) && !(panel).isComputing() &&                     \
                                 (panel).shownParameters().values() == (panel).parameters().values(),                 \
                             kTimeoutMs)

class TestSpikeSortingPanel : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("pipeline"), QStringLiteral("spike-sorting")), 0);
        const ChapterInfo* chapter = findChapter(QStringLiteral("pipeline"));
        QVERIFY(chapter);
        QCOMPARE(chapter->number, 8);
        const ExperimentEntry* e = findExperiment("spike-sorting");
        QVERIFY(e && e->isBatch());
    }

    void defaultsDrawnWithTheEnginesNumbers()
    {
        SpikeSortingPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.updateCount(), 1);
        const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
        QCOMPARE(plots.size(), 5);
        for (widgets::XYPlot* plot : plots) {
            QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(hasUnit(axis->titleText()),
                         qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
        }

        const InformationResult& r = panel.lastResult();
        QCOMPARE(panel.filteredSeries()->points(), r.points("filtered_trace"));
        QCOMPARE(panel.accuracySeries()->points(), r.points("accuracy_vs_noise"));
        const double threshold = r.scalar("threshold_uv");
        QCOMPARE(panel.thresholdSeries()->points().first().y(), threshold);
        QVERIFY(threshold < 0);

        // One snippet per cluster; the PC scores of all events, split by cluster.
        int waveforms = 0;
        qsizetype scored = 0;
        for (QXYSeries* s : panel.waveformSeries())
            waveforms += s->points().isEmpty() ? 0 : 1;
        for (QXYSeries* s : panel.componentSeries())
            scored += s->points().size();
        QCOMPARE(waveforms, 3);
        QCOMPARE(scored, qsizetype(r.series("pc_scores")->x.size()));
        QCOMPARE(scored, qsizetype(std::lround(r.scalar("events"))));

        const auto at = [&](const char* key) { return *panel.readout(QLatin1String(key)); };
        qInfo("defaults: accuracy %.2f %%, detected %.2f %%, %g false, sigma %.2f uV, threshold %.1f uV, PCs %.1f %%",
              at("accuracy_pct"), at("recall_pct"), at("false_positives"), at("sigma_uv"), at("threshold_uv"),
              at("explained_pct"));
        QVERIFY(at("accuracy_pct") > 95);
        const QString text = plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("%1 %").arg(at("accuracy_pct"), 0, 'f', 1)), qPrintable(text));

        // The registry's run with the panel's state gives the same numbers.
        const ExperimentEntry* e = findExperiment("spike-sorting");
        ParamSet p(e->specs());
        for (const auto& [key, value] : panel.parameters().values())
            p.set(key, value);
        p.set("seed", double(panel.seed()));
        Progress progress;
        const ExperimentResult cli = e->run(p, progress);
        for (const ResultScalar& s : cli.scalars)
            QVERIFY2(at(s.key.c_str()) == s.value, s.key.c_str());

        // More noise: fewer spikes sorted.
        const double before = at("accuracy_pct");
        PanelState state = panel.captureState();
        state.parameters.set("noise_uv", 45);
        int updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("noisier")).isEmpty());
        WAIT_SHOWN(panel, updates);
        qInfo("45 uV: accuracy %.2f %%, detected %.2f %%", at("accuracy_pct"), at("recall_pct"));
        QVERIFY(at("accuracy_pct") < before - 20);

        // Five clusters: five snippets, five legend entries' worth of series.
        state = panel.captureState();
        state.parameters.set("noise_uv", 20);
        state.parameters.set("clusters", 5);
        updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("five clusters")).isEmpty());
        WAIT_SHOWN(panel, updates);
        waveforms = 0;
        for (QXYSeries* s : panel.waveformSeries())
            waveforms += s->points().isEmpty() ? 0 : 1;
        QCOMPARE(waveforms, 5);

        // A low cutoff above the high one is refused; the figure keeps the last good state.
        state = panel.captureState();
        state.parameters.set("low_hz", 1000);
        state.parameters.set("high_hz", 1000);
        updates = panel.updateCount();
        panel.binding().restoreState(state, QStringLiteral("bad band"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing(), kTimeoutMs);
        QCOMPARE(panel.shownParameters()["high_hz"], 3000.0);
        QVERIFY2(panel.parameterPanel()->message().contains(QStringLiteral("low cutoff")),
                 qPrintable(panel.parameterPanel()->message()));
    }

    void presetsAndTryThis()
    {
        SpikeSortingPanel panel;
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 8);
        int predicting = 0;
        const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(predicting >= 5);

        QVERIFY(testing::chapterSection(QStringLiteral("pipeline"), QStringLiteral("## Spike sorting"))
                    .contains(QStringLiteral("### What the plots show")));
        // Every link names a preset and every preset is used by an exercise.
        const QStringList tryThis =
            testing::tryThisProblems(presets, QStringLiteral("pipeline"), QStringLiteral("## Spike sorting"), 0);
        QVERIFY2(tryThis.isEmpty(), qPrintable(tryThis.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestSpikeSortingPanel)
#include "tst_spikesortingpanel.moc"
