// Chapter 5 ("networks"): its three batch panels (chapters/networks/). One test function per panel, so each panel's
// defaults are computed once: the figure is drawn at construction (axis titles with units, series filled, readout
// with the numbers), a parameter change recomputes it on the job (QTRY on updateCount) and the figure follows, every
// preset loads, every prediction's readout lands in one of its answers, and every Try-this link of the panel's
// section of the chapter text names one of its presets.
//
// Numbers asserted (1972 parameters, seed 1): the window 1.0873 < P < 1.8793 with a saddle-node lower and a Hopf
// upper edge; at P = 1.25 one unstable focus, a cycle of period 50 ms against 2π/ω = 33.6 ms; at P = 0.8 the run
// settles; at P = 1.85 the simulated period within 5 % of 2π/ω. Two networks: the task raises the executive and
// lowers the default-mode activity; with the global-signal preset the raw between-network BOLD correlation is
// positive and negative after GSR, in the readout and in the drawn matrices. Kuramoto: r̄ at 1.5 K_c within 0.02 of
// √(1/3), the sweep's point at 2 K_c and a run of N = 2000 at 2 K_c within 0.01 of √(1/2); r̄ < 0.15 at 0.5 K_c.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/networks/KuramotoPanel.h"
#include "chapters/networks/TwoNetworksPanel.h"
#include "chapters/networks/WilsonCowanPanel.h"
#include "tests/chapters/PanelText.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFile>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QRegularExpression>
#include <QTest>
#include <QTextDocumentFragment>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 60000;

using testing::hasUnit;
using testing::plainText;

void checkAxisTitles(IntroPanel& panel, int expectedPlots)
{
    const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
    QCOMPARE(plots.size(), expectedPlots);
    for (widgets::XYPlot* plot : plots) {
        QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
        for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
            QVERIFY2(hasUnit(axis->titleText()), qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
    }
}

// Called with a preset's name once its figure is shown (for checks beyond the prediction's).
using AfterPreset = std::function<void(const QString& name)>;

// Applies a preset and, if it predicts, waits for its figure, runs `after` and checks that the prediction's readout
// falls into one of its answers.
void applyAndCheckPrediction(IntroPanel& panel, const Preset& preset, const AfterPreset& after)
{
    QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
    if (!preset.prediction)
        return;  // loaded; its figure is computed by the job (the next preset cancels it)
    QVERIFY2(panel.runHeadless(0, kTimeoutMs), qPrintable(preset.name));
    QCOMPARE(panel.shownParameters().values(), panel.parameters().values());
    if (after) {
        after(preset.name);
        if (QTest::currentTestFailed())
            return;
    }
    const QString key = preset.prediction->readout;
    QVERIFY2(panel.readoutNames().contains(key), qPrintable(key));
    const std::optional<double> value = panel.readout(key);
    QVERIFY2(value && std::isfinite(*value), qPrintable(preset.name + QStringLiteral(": ") + key));
    bool answered = false;
    for (const PredictionChoice& c : preset.prediction->choices)
        answered = answered || (*value >= c.min && *value < c.max);
    QVERIFY2(answered, qPrintable(QStringLiteral("%1: %2 = %3").arg(preset.name, key).arg(*value)));
    qInfo("%s: %s = %.4g", qPrintable(preset.name), qPrintable(key), *value);
}

// Every preset loads (those with a prediction computed and answered), at least `predictions` of them predict, and
// the Try-this links of the panel's section name presets of this panel only.
void checkPresetsAndLinks(IntroPanel& panel, const QString& heading, int index, int predictions,
                          const AfterPreset& after = {})
{
    const QList<Preset> presets = panel.presets();
    QVERIFY2(presets.size() >= 3, qPrintable(QString::number(presets.size())));
    QVERIFY(std::any_of(presets.begin(), presets.end(), [](const Preset& p) { return p.name == QStringLiteral("defaults"); }));
    int predicting = 0;
    for (const Preset& preset : presets) {
        applyAndCheckPrediction(panel, preset, after);
        if (QTest::currentTestFailed())
            return;
        predicting += preset.prediction ? 1 : 0;
    }
    QVERIFY(predicting >= predictions);

    const QString own = testing::chapterSection(QStringLiteral("networks"), heading);
    QVERIFY2(!own.isEmpty(), qPrintable(heading));
    QVERIFY(own.contains(QStringLiteral("### What the plots show")));
    QVERIFY(own.contains(QStringLiteral("### Try this")));
    QFile file(QStringLiteral(":/chapters/networks.md"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    // The k-th "## " heading is panel k's section.
    QCOMPARE(text.left(text.indexOf(heading)).count(QRegularExpression(QStringLiteral("(^|\\n)## "))), index);
    for (int other = 0; other < 3; ++other)
        if (other != index)
            QVERIFY(testing::presetLinks(own, other).isEmpty());
    const QStringList links = testing::presetLinks(own, index);
    QVERIFY2(links.size() >= 4, qPrintable(QString::number(links.size())));
    for (const QString& name : links)
        QVERIFY2(std::any_of(presets.begin(), presets.end(), [&](const Preset& p) { return p.name == name; }),
                 qPrintable(name));
}

// Mean of a square block of a drawn matrix (rows r0…r0+n−1, columns c0…c0+n−1), the diagonal left out.
double blockMean(const MatrixImage& m, int r0, int c0, int n)
{
    double sum = 0;
    int count = 0;
    for (int i = r0; i < r0 + n; ++i)
        for (int j = c0; j < c0 + n; ++j)
            if (i != j) {
                sum += m.at(i, j);
                ++count;
            }
    return sum / count;
}

}  // namespace

// Waits until the figure shows the current state (a new result, nothing computing, the shown parameters current).
#define WAIT_SHOWN(panel, updatesBefore)                                                                              \
    QTRY_VERIFY_WITH_TIMEOUT((panel).updateCount() > (updatesBefore) && !(panel).isComputing() &&                     \
                                 (panel).shownParameters().values() == (panel).parameters().values(),                 \
                             kTimeoutMs)

class TestNetworksPanels : public QObject {
    Q_OBJECT
private slots:
    void chapterIsRegistered()
    {
        const ChapterInfo* chapter = findChapter(QStringLiteral("networks"));
        QVERIFY(chapter);
        QCOMPARE(chapter->number, 5);
        QCOMPARE(QString::fromUtf8(chapter->title), QStringLiteral("Brain networks"));
        QCOMPARE(QString::fromUtf8(chapter->part), QStringLiteral("Part II · Brain and information"));
        QCOMPARE(testing::panelIndex(QStringLiteral("networks"), QStringLiteral("wilson-cowan")), 0);
        QCOMPARE(testing::panelIndex(QStringLiteral("networks"), QStringLiteral("two-networks")), 1);
        QCOMPARE(testing::panelIndex(QStringLiteral("networks"), QStringLiteral("kuramoto")), 2);
        int previous = 0;
        for (const ChapterInfo& info : chapterRegistry()) {
            QVERIFY(info.number > previous);
            previous = info.number;
        }
    }

    void wilsonCowan()
    {
        WilsonCowanPanel panel;
        panel.resize(1100, 800);
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 2);
        const widgets::PhasePlanePlot* phase = panel.phasePlot();
        QVERIFY(hasUnit(phase->xAxis()->titleText()) && hasUnit(phase->yAxis()->titleText()));
        QVERIFY(phase->xNullclineSeries()->count() > 100 && phase->yNullclineSeries()->count() > 100);

        // The window from the Jacobian and its edges, in the result, the readout and the plot.
        const auto at = [&](const char* key) { return *panel.readout(QLatin1String(key)); };
        QVERIFY2(std::abs(at("window_low") - 1.08733) < 1e-4, qPrintable(QString::number(at("window_low"))));
        QVERIFY2(std::abs(at("window_high") - 1.87931) < 1e-4, qPrintable(QString::number(at("window_high"))));
        QCOMPARE(at("low_edge"), 1.0);   // saddle-node
        QCOMPARE(at("high_edge"), 0.0);  // Hopf
        QVERIFY(std::abs(at("multi_low") - 0.90868) < 1e-4);
        const QString text = plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("1.087 < P < 1.879")) && text.contains(QStringLiteral("saddle-node")) &&
                     text.contains(QStringLiteral("Hopf")),
                 qPrintable(text));
        const QList<QPointF> edges = panel.windowEdges()->points();
        QCOMPARE(edges.size(), 4);
        QVERIFY(std::abs(edges.first().x() - 1.08733) < 1e-4 && std::abs(edges.last().x() - 1.87931) < 1e-4);
        QCOMPARE(panel.lowEdgeLabel()->text(), QStringLiteral("saddle-node"));
        QCOMPARE(panel.highEdgeLabel()->text(), QStringLiteral("Hopf"));

        // P = 1.25: one unstable focus inside a stable cycle; the period is far from 2π/ω this deep in the window.
        QCOMPARE(phase->data().fixedPoints.size(), 1);
        QVERIFY(!phase->data().fixedPoints.first().stable);
        QCOMPARE(phase->data().fixedPoints.first().kind, QStringLiteral("unstable focus"));
        QCOMPARE(at("oscillates"), 1.0);
        QVERIFY2(std::abs(at("period_ms") - 50.0) < 1.0, qPrintable(QString::number(at("period_ms"))));
        QVERIFY2(std::abs(at("linear_period_ms") - 33.6) < 0.1, qPrintable(QString::number(at("linear_period_ms"))));
        QVERIFY2(text.contains(QStringLiteral("oscillates")) && text.contains(QStringLiteral("50.0 ms")) &&
                     text.contains(QStringLiteral("33.6 ms")),
                 qPrintable(text));
        QVERIFY(phase->trajectory().size() > 500);
        QCOMPARE(panel.eTrace()->points().size(), phase->trajectory().size());
        // The fixed-point curve: stable at weak and strong drive, unstable in between; simulated extremes beside it.
        QVERIFY(!panel.stableBranches().first()->points().isEmpty());
        QVERIFY(!panel.unstableBranches().first()->points().isEmpty());
        QVERIFY(panel.simulatedRange()->points().size() > 49);  // a maximum and a minimum inside the window
        QCOMPARE(panel.currentDrive()->points().first().x(), 1.25);
        QCOMPARE(panel.dataSeries().size(), 9);

        // Near the Hopf edge the simulated period approaches 2π/ω (parameter change through the slider path).
        const int updates = panel.updateCount();
        QVERIFY(panel.setParameter(QStringLiteral("p"), 1.85).isEmpty());
        WAIT_SHOWN(panel, updates);
        QCOMPARE(at("oscillates"), 1.0);
        const double ratio = at("period_ms") / at("linear_period_ms");
        qInfo("P = 1.85: simulated %.2f ms, 2π/ω %.2f ms", at("period_ms"), at("linear_period_ms"));
        QVERIFY2(std::abs(ratio - 1) < 0.05, qPrintable(QString::number(ratio)));
        QVERIFY(at("amplitude") < 0.04);  // a small cycle, born at the Hopf point

        // Below the window (a prediction preset): the run settles, the figure follows.
        checkPresetsAndLinks(panel, QStringLiteral("## A Wilson–Cowan node"), 0, 2, [&](const QString& name) {
            if (name != QStringLiteral("below-window"))
                return;
            QCOMPARE(at("oscillates"), 0.0);
            QCOMPARE(at("period_ms"), 0.0);
            QVERIFY(plainText(panel.readoutLabel()).contains(QStringLiteral("settles")));
            QCOMPARE(panel.currentDrive()->points().first().x(), 0.8);
            QVERIFY(panel.phasePlot()->data().fixedPoints.first().stable);
        });
    }

    void twoNetworks()
    {
        TwoNetworksPanel panel;
        panel.resize(1100, 800);
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 2);
        const auto at = [&](const char* key) { return *panel.readout(QLatin1String(key)); };
        // The task switches the networks: executive up, default mode down.
        QVERIFY2(at("exec_task") > at("exec_rest") + 0.2, qPrintable(QString::number(at("exec_task"))));
        QVERIFY2(at("dmn_task") < at("dmn_rest") - 0.1, qPrintable(QString::number(at("dmn_task"))));
        QVERIFY(at("within_dmn_raw") > at("between_raw") && at("within_exec_raw") > at("between_raw"));
        QCOMPARE(panel.dmnActivity()->points().size(), 2400);  // 240 s in 100 ms bins
        QCOMPARE(panel.dmnBold()->points().size(), 120);       // one sample per 2 s
        QVERIFY(panel.globalBold()->points().isEmpty());       // no global fluctuation by default
        // The matrices: 8 × 8, diverging on [−1, 1], DMN first, a line after node 4.
        for (CorrelationMatrixPlot* m : {panel.rawMatrix(), panel.gsrMatrix()}) {
            QCOMPARE(m->matrix().rows, 8);
            QVERIFY(m->matrix().diverging);
            QCOMPARE(m->colourLow(), -1.0);
            QCOMPARE(m->colourHigh(), 1.0);
            QCOMPARE(m->groupSize(), 4);
            QCOMPARE(QString::fromStdString(m->matrix().rowTicks.front()), QStringLiteral("D1"));
            QCOMPARE(QString::fromStdString(m->matrix().rowTicks.back()), QStringLiteral("X4"));
        }
        QVERIFY(plainText(panel.readoutLabel()).contains(QStringLiteral("after global-signal regression"),
                                                     Qt::CaseInsensitive));

        // The global-signal preset (a prediction preset): positive raw between-network correlation, negative after
        // GSR, in the readout and in the drawn matrices.
        bool globalChecked = false;
        checkPresetsAndLinks(panel, QStringLiteral("## Default mode and executive networks"), 1, 2, [&](const QString& name) {
            if (name != QStringLiteral("global-signal"))
                return;
            globalChecked = true;
            qInfo("global signal: between raw %.3f, after GSR %.3f, without the global term %.3f", at("between_raw"),
                  at("between_gsr"), at("between_neural"));
            QVERIFY(at("between_raw") > 0.3);
            QVERIFY(at("between_gsr") < -0.5);
            QVERIFY(at("between_neural") < -0.5);
            const MatrixImage& raw = panel.rawMatrix()->matrix();
            const MatrixImage& gsr = panel.gsrMatrix()->matrix();
            QVERIFY2(blockMean(raw, 0, 4, 4) > 0.3, qPrintable(QString::number(blockMean(raw, 0, 4, 4))));
            QVERIFY2(blockMean(gsr, 0, 4, 4) < -0.5, qPrintable(QString::number(blockMean(gsr, 0, 4, 4))));
            QVERIFY(std::abs(blockMean(gsr, 0, 4, 4) - at("between_gsr")) < 1e-6);
            QCOMPARE(panel.globalBold()->points().size(), 120);
            QVERIFY(panel.boldPlot()->chart()->legend()->markers(panel.globalBold()).first()->isVisible());
            const QString text = plainText(panel.readoutLabel());
            QVERIFY2(text.contains(QStringLiteral("Without the global fluctuation")), qPrintable(text));
            QVERIFY(!text.contains(QStringLiteral("rest → task")));  // no task in this preset
        });
        QVERIFY(globalChecked);
    }

    void kuramoto()
    {
        KuramotoPanel panel;
        panel.resize(1100, 800);
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 2);
        const auto at = [&](const char* key) { return *panel.readout(QLatin1String(key)); };
        QCOMPARE(at("k_c"), 1.0);
        QVERIFY2(std::abs(at("r_mean") - std::sqrt(1.0 / 3)) < 0.02, qPrintable(QString::number(at("r_mean"))));
        QCOMPARE(at("r_theory"), std::sqrt(1 - 1 / 1.5));
        QVERIFY(std::abs(at("locked_fraction") - at("locked_theory")) < 0.03);
        // The sweep: 13 couplings from 0 to 3 K_c, with 2 K_c near √(1/2).
        const QList<QPointF> sweep = panel.sweepSeries()->points();
        QCOMPARE(sweep.size(), 13);
        const auto twice = std::find_if(sweep.begin(), sweep.end(), [](const QPointF& p) { return p.x() == 2.0; });
        QVERIFY(twice != sweep.end());
        QVERIFY2(std::abs(twice->y() - std::sqrt(0.5)) < 0.02, qPrintable(QString::number(twice->y())));
        QCOMPARE(panel.criticalLine()->points().first().x(), 1.0);
        QVERIFY(panel.theorySeries()->points().size() > 100);
        QCOMPARE(panel.circleView()->phases().size(), std::size_t(500));
        QVERIFY(std::abs(panel.circleView()->lockedCount() / 500.0 - at("locked_theory")) < 0.05);
        const QString text = plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("K_c = 1.000 rad/s")) && text.contains(QStringLiteral("0.577")),
                 qPrintable(text));

        // Large N at 2 K_c (one state change: four parameters at once).
        PanelState state = panel.captureState();
        state.parameters.set("n", 2000);
        state.parameters.set("k", 2);
        state.parameters.set("duration", 10);
        state.parameters.set("transient", 10);
        const int updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("large N")).isEmpty());
        WAIT_SHOWN(panel, updates);
        qInfo("N = 2000, K = 2 K_c: r = %.4f ± %.4f (theory %.4f)", at("r_mean"), at("r_se"), at("r_theory"));
        QVERIFY2(std::abs(at("r_mean") - std::sqrt(0.5)) < 0.01, qPrintable(QString::number(at("r_mean"))));
        QCOMPARE(panel.circleView()->phases().size(), std::size_t(2000));
        QVERIFY(std::abs(panel.rSeries()->points().last().x() - 20.0) < 1e-9);

        // Below K_c (a prediction preset): r stays near the finite-size level.
        bool belowChecked = false;
        checkPresetsAndLinks(panel, QStringLiteral("## Synchrony of coupled oscillators"), 2, 1, [&](const QString& name) {
            if (name != QStringLiteral("below-critical"))
                return;
            belowChecked = true;
            QVERIFY(at("r_mean") < 0.15);
            QVERIFY(plainText(panel.readoutLabel()).contains(QStringLiteral("Below K_c")));
        });
        QVERIFY(belowChecked);
    }

    void predictionExercise()
    {
        // Predict, then run: the card asks, the job computes, the verdict follows (2 presets' computations).
        WilsonCowanPanel panel;
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("below-window")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("below-window")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(exercise.answerChoice(0).isEmpty());  // "no, it settles"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, kTimeoutMs);
        QVERIFY(exercise.outcome() && *exercise.outcome() == 0.0);
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }
};

QTEST_MAIN(TestNetworksPanels)
#include "tst_networkspanels.moc"
