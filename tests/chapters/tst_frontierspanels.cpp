// Chapter 14 "Where next" (chapters/frontiers): the three panels are registered in order in chapter 14; each figure
// has titled plots with unit-bearing axes, and its curves are the series of an independent engine run at the same
// parameters and seed.
// Forgetting and EWC: a new panel shows a placeholder and trains on its job; at the defaults the task-A curve of the
// plain plot ends below the EWC plot's (EWC protects A) while its task-B curve ends at least as high, both plots agree
// up to the switch line at the end of task A, the task-A curve (blue) is near 100 % at the switch and task B's near
// chance; the λ sweep trades A for B; this λ's line and diamonds sit at λ and at its two final accuracies and move
// with the slider (λ = 1000: B stays below 50 %).
// Spiking vs dense energy: T* is marked where the readout says; every plotted spiking energy below T* lies under the
// dense line and every one well above it over; with T_max below T* the marker is left out.
// Event-driven cost: d* is marked where the engine puts it; the event-driven energy is below the clocked energy at
// every density under d* and above it over d*; the d* curve for spikes passes through the engine's d* at this fetch
// cost; the readout reports the bitwise check; with free fetches no crossover is drawn and the readout says so.
// Every preset loads and its prediction is answered; each section's Try-this links name exactly its panel's presets.

#include "chapters/framework/Chapter.h"
#include "chapters/frontiers/EventDrivenPanel.h"
#include "chapters/frontiers/ForgettingPanel.h"
#include "chapters/frontiers/SpikingEnergyPanel.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "engine/frontiers/FrontiersExperiments.h"
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

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 120000;
const QString kChapter = QStringLiteral("frontiers");

void checkAxes(QWidget& panel, int plots)
{
    const QList<widgets::XYPlot*> found = panel.findChildren<widgets::XYPlot*>();
    QCOMPARE(found.size(), plots);
    for (widgets::XYPlot* plot : found) {
        const QString title = plot->chart()->title();
        QVERIFY2(!title.isEmpty() && title.size() <= 28, qPrintable(plot->objectName() + QStringLiteral(": ") + title));
        for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
            QVERIFY2(testing::hasUnit(axis->titleText()),
                     qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
    }
}

// The experiment run by the engine itself at its defaults and seed 1 (the panel's defaults and seed).
ExperimentResult engineRun(ExperimentResult (*run)(const ParamSet&, Progress&), std::vector<ParamSpec> specs)
{
    Progress progress;
    return run(ParamSet(std::move(specs)), progress);
}

QList<QPointF> engineSeries(const ExperimentResult& r, const char* name)
{
    QList<QPointF> out;
    if (const ResultSeries* s = r.findSeries(name))
        for (std::size_t i = 0; i < s->x.size() && i < s->y.size(); ++i)
            out.append({s->x[i], s->y[i]});
    return out;
}

double engineScalar(const ExperimentResult& r, const char* key)
{
    const ResultScalar* s = r.findScalar(key);
    return s ? s->value : std::nan("");
}

// The y of the point of `points` at x (NaN if none).
double yAt(const QList<QPointF>& points, double x)
{
    for (const QPointF& p : points)
        if (std::abs(p.x() - x) < 1e-9)
            return p.y();
    return std::nan("");
}

// Every preset loads and its prediction is answered; the section's links name exactly this panel's presets, and no
// other panel's.
void checkPresetsAndSection(IntroPanel& panel, int index, const QString& heading, int minimumPredictions)
{
    const QList<Preset> presets = panel.presets();
    QVERIFY(presets.size() >= 5);
    QVERIFY(std::any_of(presets.begin(), presets.end(),
                        [](const Preset& p) { return p.name == QLatin1String("defaults"); }));
    int predicting = 0;
    const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(predicting >= minimumPredictions);
    const QString own = testing::chapterSection(kChapter, heading);
    QVERIFY2(own.contains(QStringLiteral("### What the plots show")), qPrintable(heading));
    QVERIFY2(own.contains(QStringLiteral("### Try this")), qPrintable(heading));
    const QStringList links = testing::presetLinks(own, index);
    for (const QString& name : links)
        QVERIFY2(std::any_of(presets.begin(), presets.end(), [&](const Preset& p) { return p.name == name; }),
                 qPrintable(name));
    for (const Preset& p : presets)
        QVERIFY2(links.contains(p.name), qPrintable(p.name));
    for (int other = 0; other < 3; ++other)
        if (other != index)
            QVERIFY2(testing::presetLinks(own, other).isEmpty(), qPrintable(heading));
}

}  // namespace

class TestFrontiersPanels : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(kChapter, QStringLiteral("forgetting")), 0);
        QCOMPARE(testing::panelIndex(kChapter, QStringLiteral("spiking-energy")), 1);
        QCOMPARE(testing::panelIndex(kChapter, QStringLiteral("event-driven")), 2);
        const ChapterInfo* chapter = findChapter(kChapter);
        QVERIFY(chapter);
        QCOMPARE(chapter->number, 14);
        QCOMPARE(QString::fromUtf8(chapter->title), QStringLiteral("Where next"));
        QCOMPARE(QString::fromUtf8(chapter->part), QStringLiteral("Part IV · Frontiers"));
        QVERIFY(findExperiment("ewc") && findExperiment("spiking-energy") && findExperiment("event-driven"));
    }

    void forgettingDefaults()
    {
        ForgettingPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.title(), QStringLiteral("Forgetting and EWC"));
        // The first figure is a placeholder: the training runs on the job.
        QVERIFY(!panel.computed());
        QVERIFY(!panel.readout(QStringLiteral("plain_forgetting")).has_value());
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("background")));
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        QVERIFY(panel.computed());
        checkAxes(panel, 4);

        // The curves are the engine's.
        const ExperimentResult engine = engineRun(frontiers::runEwc, frontiers::ewcSpecs());
        const char* const keys[2][2] = {{"plain_accuracy_a", "plain_accuracy_b"}, {"ewc_accuracy_a", "ewc_accuracy_b"}};
        for (const bool ewc : {false, true})
            for (int task = 0; task < 2; ++task)
                QCOMPARE(panel.accuracySeries(ewc, task)->points(), engineSeries(engine, keys[ewc ? 1 : 0][task]));
        QCOMPARE(panel.sweepSeries(0)->points(), engineSeries(engine, "final_a_vs_lambda"));
        QCOMPARE(panel.sweepSeries(1)->points(), engineSeries(engine, "final_b_vs_lambda"));
        const QList<QPointF> fisher = engineSeries(engine, "fisher_sorted");
        const QList<QPointF> drawnFisher = panel.fisherSeries()->points();
        QCOMPARE(drawnFisher.size(), fisher.size());
        const double top = fisher.first().y();
        const double floor = top * std::pow(10.0, -ForgettingPanel::kFisherDecades);
        for (qsizetype i = 0; i < fisher.size(); ++i) {
            QCOMPARE(drawnFisher[i].x(), fisher[i].x());
            if (fisher[i].y() >= floor)
                QCOMPARE(drawnFisher[i].y(), fisher[i].y());
            else
                QVERIFY(drawnFisher[i].y() > 0 && drawnFisher[i].y() <= floor);  // on the log axis's floor
        }
        QCOMPARE(*panel.readout(QStringLiteral("ewc_forgetting")), engineScalar(engine, "ewc_forgetting"));

        // What the plots must show: both runs learn A identically up to the switch; then the plain run's task-A curve
        // falls further than the EWC run's, while its task-B curve ends at least as high.
        const int epochsA = int(std::lround(panel.parameters()["epochs_a"]));
        for (const bool ewc : {false, true}) {
            const QList<QPointF> line = panel.switchSeries(ewc)->points();
            QCOMPARE(line.size(), qsizetype(2));
            QCOMPARE(line.first().x(), double(epochsA));
        }
        for (int task = 0; task < 2; ++task)
            QCOMPARE(panel.accuracySeries(false, task)->points().mid(0, epochsA + 1),
                     panel.accuracySeries(true, task)->points().mid(0, epochsA + 1));
        const double plainA = panel.accuracySeries(false, 0)->points().last().y();
        const double ewcA = panel.accuracySeries(true, 0)->points().last().y();
        const double plainB = panel.accuracySeries(false, 1)->points().last().y();
        const double ewcB = panel.accuracySeries(true, 1)->points().last().y();
        const double atSwitchA = yAt(panel.accuracySeries(false, 0)->points(), epochsA);
        const double atSwitchB = yAt(panel.accuracySeries(false, 1)->points(), epochsA);
        qInfo("defaults: A at the switch %.1f %%, B %.1f %%; after B: plain A %.1f %% B %.1f %%, EWC A %.1f %% "
              "B %.1f %%", atSwitchA, atSwitchB, plainA, plainB, ewcA, ewcB);
        QVERIFY(atSwitchA > 95 && atSwitchB < 30);  // the blue curve is task A's
        QVERIFY(ewcA > plainA + 3);                 // the EWC plot is the protected run
        QVERIFY(plainB >= ewcB);
        // The sweep: stronger λ keeps more of A and learns less of B.
        const QList<QPointF> sweepA = panel.sweepSeries(0)->points(), sweepB = panel.sweepSeries(1)->points();
        QVERIFY(sweepA.last().y() > sweepA.first().y() + 5);
        QVERIFY(sweepB.last().y() < sweepB.first().y() - 20);
        // This λ: its line and its own run's two accuracies.
        QCOMPARE(panel.lambdaMarker()->points().first().x(), 10.0);
        QCOMPARE(panel.chosenSeries(0)->points(), (QList<QPointF>{{10.0, ewcA}}));
        QCOMPARE(panel.chosenSeries(1)->points(), (QList<QPointF>{{10.0, ewcB}}));
        const QString text = testing::plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QString::number(plainA, 'f', 1) + QStringLiteral(" %")) &&
                     text.contains(QString::number(ewcA, 'f', 1) + QStringLiteral(" %")),
                 qPrintable(text));
        QVERIFY(!panel.dataSeries().isEmpty());

        // λ is a slider: at λ = 1000 the marker moves and B is hardly learnt.
        QVERIFY(panel.setParameter(QStringLiteral("lambda"), 1000).isEmpty());
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        QCOMPARE(panel.lambdaMarker()->points().first().x(), 1000.0);
        QCOMPARE(panel.ewcPlot()->chart()->title(), QStringLiteral("With EWC, λ = 1000"));
        const double strongB = panel.chosenSeries(1)->points().first().y();
        qInfo("λ = 1000: B after B %.1f %%, A forgetting %.2f points", strongB,
              *panel.readout(QStringLiteral("ewc_forgetting")));
        QVERIFY(strongB < 50);
        QCOMPARE(strongB, *panel.readout(QStringLiteral("ewc_accuracy_b_after_b")));
    }

    void forgettingPresets()
    {
        ForgettingPanel panel;
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        checkPresetsAndSection(panel, 0, QStringLiteral("## Forgetting and EWC"), 2);
    }

    void spikingDefaults()
    {
        SpikingEnergyPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.title(), QStringLiteral("Spiking vs dense energy"));
        QCOMPARE(panel.updateCount(), 1);
        checkAxes(panel, 4);
        const ExperimentResult engine = engineRun(frontiers::runSpikingEnergy, frontiers::spikingEnergySpecs());
        QCOMPARE(panel.snnAccuracySeries()->points(), engineSeries(engine, "snn_accuracy"));
        QCOMPARE(panel.denseAccuracySeries()->points(), engineSeries(engine, "ann_accuracy"));
        QCOMPARE(panel.snnEnergySeries()->points(), engineSeries(engine, "snn_energy"));
        QCOMPARE(panel.denseEnergySeries()->points(), engineSeries(engine, "dense_energy"));
        QCOMPARE(panel.inputRateSeries()->points(), engineSeries(engine, "input_rate"));
        QCOMPARE(panel.hiddenRateSeries()->points(), engineSeries(engine, "hidden_rate"));
        QCOMPARE(panel.conversionSeries()->points(), engineSeries(engine, "rate_vs_activation"));

        // T* where the engine puts it, on both plots; the spiking energy under the dense line below it, over it well
        // above it (the per-step cost only grows with T, as the hidden units warm up).
        const double breakEven = engineScalar(engine, "break_even_steps");
        for (const bool energy : {false, true}) {
            const QList<QPointF> marker = panel.breakEvenSeries(energy)->points();
            QCOMPARE(marker.size(), qsizetype(2));
            QCOMPARE(marker.first().x(), breakEven);
        }
        const double dense = engineScalar(engine, "dense_energy_nj");
        int below = 0, above = 0;
        for (const QPointF& p : panel.snnEnergySeries()->points()) {
            if (p.x() < breakEven) {
                QVERIFY2(p.y() < dense, qPrintable(QStringLiteral("T = %1").arg(p.x())));
                ++below;
            } else if (p.x() > 1.5 * breakEven) {
                QVERIFY2(p.y() > dense, qPrintable(QStringLiteral("T = %1").arg(p.x())));
                ++above;
            }
        }
        qInfo("defaults: T* = %.2f steps, dense %.2f nJ; %d checkpoints below, %d well above", breakEven, dense, below,
              above);
        QVERIFY(below >= 5 && above >= 3);
        QVERIFY(panel.snnEnergySeries()->points().last().y() > 5 * dense);
        const QString text = testing::plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("T* = %1 steps").arg(breakEven, 0, 'f', 1)), qPrintable(text));

        // T_max below T*: no marker.
        QVERIFY(panel.setParameter(QStringLiteral("max_steps"), 8).isEmpty());
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        qInfo("T_max = 8: T* = %.2f", *panel.readout(QStringLiteral("break_even_steps")));
        QVERIFY(*panel.readout(QStringLiteral("break_even_steps")) > 10);
        QVERIFY(panel.breakEvenSeries(true)->points().isEmpty());
        QCOMPARE(panel.snnEnergySeries()->points().last().x(), 8.0);
    }

    void spikingPresets()
    {
        SpikingEnergyPanel panel;
        checkPresetsAndSection(panel, 1, QStringLiteral("## Spiking vs dense energy"), 2);
    }

    void eventDefaults()
    {
        EventDrivenPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.title(), QStringLiteral("Event-driven cost"));
        QCOMPARE(panel.updateCount(), 1);
        checkAxes(panel, 3);
        const ExperimentResult engine = engineRun(frontiers::runEventDriven, frontiers::eventDrivenSpecs());
        QCOMPARE(panel.denseOpsSeries()->points(), engineSeries(engine, "dense_ops"));
        QCOMPARE(panel.eventOpsSeries()->points(), engineSeries(engine, "event_ops"));
        QCOMPARE(panel.denseEnergySeries()->points(), engineSeries(engine, "dense_energy"));
        QCOMPARE(panel.eventEnergySeries()->points(), engineSeries(engine, "event_energy"));

        // d* where the engine puts it; the event-driven layer cheaper below it and dearer above it.
        const double crossover = engineScalar(engine, "crossover_density_pct");
        qInfo("defaults: d* = %.2f %%, measured %.2f %%", crossover, engineScalar(engine, "measured_crossover_pct"));
        QVERIFY(crossover > 50 && crossover < 100);
        QCOMPARE(panel.crossoverLine()->points().first().x(), crossover);
        const QList<QPointF> clocked = panel.denseEnergySeries()->points();
        const QList<QPointF> events = panel.eventEnergySeries()->points();
        QCOMPARE(events.size(), clocked.size());
        for (qsizetype i = 0; i < events.size(); ++i) {
            if (events[i].x() < crossover - 1)
                QVERIFY2(events[i].y() < clocked[i].y(), qPrintable(QStringLiteral("density %1 %").arg(events[i].x())));
            if (events[i].x() > crossover + 1)
                QVERIFY2(events[i].y() > clocked[i].y(), qPrintable(QStringLiteral("density %1 %").arg(events[i].x())));
        }
        // At 100 % every input is an event: as many updates as the clocked layer's multiply–adds.
        QCOMPARE(panel.eventOpsSeries()->points().last().y(), panel.denseOpsSeries()->points().last().y());
        // The d* curves: the spikes' curve passes through the engine's d* at this fetch cost (5 pJ); graded values
        // lie below spikes everywhere.
        QCOMPARE(yAt(panel.crossoverCurve(0)->points(), 5.0), crossover);
        QCOMPARE(panel.fetchMarker()->points().first().x(), 5.0);
        const QList<QPointF> spikes = panel.crossoverCurve(0)->points(), values = panel.crossoverCurve(1)->points();
        QCOMPARE(spikes.size(), qsizetype(EventDrivenPanel::kFetchPoints));
        for (qsizetype i = 0; i < spikes.size(); ++i)
            QVERIFY(values[i].y() < spikes[i].y());
        QCOMPARE(engineScalar(engine, "mismatched_outputs"), 0.0);
        const QString text = testing::plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("all 41000 outputs identical")), qPrintable(text));

        // Free fetches: spikes are cheaper at every density, and nothing is marked.
        QVERIFY(panel.setParameter(QStringLiteral("fetch_energy"), 0).isEmpty());
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        QVERIFY(*panel.readout(QStringLiteral("crossover_density_pct")) > 100);
        QVERIFY(panel.crossoverLine()->points().isEmpty());
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("every density")));
        for (qsizetype i = 1; i < panel.eventEnergySeries()->count(); ++i)
            QVERIFY(panel.eventEnergySeries()->at(i).y() < panel.denseEnergySeries()->at(i).y());
    }

    void eventPresets()
    {
        EventDrivenPanel panel;
        checkPresetsAndSection(panel, 2, QStringLiteral("## Event-driven cost"), 2);
    }
};

QTEST_MAIN(TestFrontiersPanels)
#include "tst_frontierspanels.moc"
