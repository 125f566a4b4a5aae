// Chapter 9 "Classical machine learning" (chapters/classical): both panels are registered in order; their figures
// are drawn at construction with titled, unit-bearing axes and the engine's numbers. Decoding: the accuracy against
// population size rises from one neuron to all 64 and ends above 95 % (the engine test's setting), the held-out
// curve never lies above the training curve by more than noise, and fewer trials than folds are refused with a
// message. Bias and variance: the test error's minimum lies inside the degree range (U shape) and the readout
// names it; more data moves it up. Every preset loads and its prediction is answered; the Try-this links of each
// section name presets of its own panel.

#include "chapters/classical/BiasVariancePanel.h"
#include "chapters/classical/DecodingPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/PanelBinding.h"
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

void checkAxes(QWidget& panel, int plots)
{
    const QList<widgets::XYPlot*> found = panel.findChildren<widgets::XYPlot*>();
    QCOMPARE(found.size(), plots);
    for (widgets::XYPlot* plot : found) {
        QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
        for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
            QVERIFY2(hasUnit(axis->titleText()), qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
    }
}

// Loads every preset, checks its prediction is answered, and that the section's links name exactly these presets.
void checkPresetsAndSection(IntroPanel& panel, int index, const QString& heading, int minimumPredictions)
{
    const QList<Preset> presets = panel.presets();
    QVERIFY(presets.size() >= 6);
    int predicting = 0;
    const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    QVERIFY(predicting >= minimumPredictions);
    const QString own = testing::chapterSection(QStringLiteral("classical-ml"), heading);
    QVERIFY(own.contains(QStringLiteral("### What the plots show")));
    QVERIFY(own.contains(QStringLiteral("### Try this")));
    const QStringList links = testing::presetLinks(own, index);
    QVERIFY(links.size() >= 6);
    for (const QString& name : links)
        QVERIFY2(std::any_of(presets.begin(), presets.end(), [&](const Preset& p) { return p.name == name; }),
                 qPrintable(name));
    for (const Preset& p : presets)
        QVERIFY2(links.contains(p.name), qPrintable(p.name));
    QVERIFY(testing::presetLinks(own, 1 - index).isEmpty());
}
}  // namespace

#define WAIT_SHOWN(panel, updatesBefore)                                                                              \
    QTRY_VERIFY_WITH_TIMEOUT((panel).updateCount() > (updatesBefore) && !(panel).isComputing() &&                     \
                                 (panel).shownParameters().values() == (panel).parameters().values(),                 \
                             kTimeoutMs)

class TestClassicalPanels : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("classical-ml"), QStringLiteral("population-decoding")), 0);
        QCOMPARE(testing::panelIndex(QStringLiteral("classical-ml"), QStringLiteral("bias-variance")), 1);
        QCOMPARE(findChapter(QStringLiteral("classical-ml"))->number, 9);
        QVERIFY(findExperiment("population-decoding") && findExperiment("bias-variance"));
    }

    void decodingDefaults()
    {
        DecodingPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.updateCount(), 1);
        checkAxes(panel, 4);
        const InformationResult& r = panel.lastResult();
        QCOMPARE(panel.accuracyByNeurons()->points(), r.points("accuracy_vs_neurons"));
        QCOMPARE(panel.accuracyByTrials()->points(), r.points("accuracy_vs_trials"));
        const QList<QPointF> byNeurons = panel.accuracyByNeurons()->points();
        QCOMPARE(byNeurons.first().x(), 1.0);
        QCOMPARE(byNeurons.last().x(), 64.0);
        qInfo("accuracy by neurons: %g %% (1) ... %g %% (64); training %g %%", byNeurons.first().y(),
              byNeurons.last().y(), *panel.readout(QStringLiteral("training_accuracy_pct")));
        QVERIFY(byNeurons.last().y() > 95);
        QVERIFY(byNeurons.last().y() > byNeurons.first().y() + 50);
        // 64 neurons, at most 16 curves: one neuron in 4.
        int drawn = 0;
        for (QXYSeries* s : panel.tuningSeries())
            drawn += s->points().isEmpty() ? 0 : 1;
        QCOMPARE(drawn, 16);
        int responses = 0;
        for (QXYSeries* s : panel.responseSeries())
            responses += s->points().isEmpty() ? 0 : 1;
        QCOMPARE(responses, 8);
        const QString text = plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("%1 %").arg(r.scalar("accuracy_pct"), 0, 'f', 1)), qPrintable(text));

        // Fewer trials than folds: refused with a message, the figure keeps its state.
        PanelState state = panel.captureState();
        state.parameters.set("trials", 5);
        state.parameters.set("folds", 8);
        panel.binding().restoreState(state, QStringLiteral("too few trials"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing(), kTimeoutMs);
        QCOMPARE(panel.shownParameters()["folds"], 5.0);
        QVERIFY2(panel.parameterPanel()->message().contains(QStringLiteral("8 folds")),
                 qPrintable(panel.parameterPanel()->message()));
    }

    void decodingPresets() { DecodingPanel panel; checkPresetsAndSection(panel, 0, QStringLiteral("## Decoding a population"), 3); }

    void biasVarianceDefaults()
    {
        BiasVariancePanel panel;
        panel.resize(1200, 700);
        QCOMPARE(panel.updateCount(), 1);
        checkAxes(panel, 2);
        const InformationResult& r = panel.lastResult();
        QCOMPARE(panel.testSeries()->points().size(), qsizetype(13));
        const QList<QPointF> test = r.points("test_error");
        const int best = int(std::lround(r.scalar("best_degree")));
        qInfo("test error: degree 0 %g, best degree %d %g, degree 12 %g", test.first().y(), best, test[best].y(),
              test.last().y());
        QVERIFY(best > 0 && best < 12);
        QVERIFY(test.first().y() > 2 * test[best].y() && test.last().y() > 2 * test[best].y());
        QVERIFY(plainText(panel.readoutLabel()).contains(QStringLiteral("Degree %1 has the lowest").arg(best)));

        // More data: the best degree moves up.
        PanelState state = panel.captureState();
        state.parameters.set("points", 100);
        const int updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("more data")).isEmpty());
        WAIT_SHOWN(panel, updates);
        QVERIFY(*panel.readout(QStringLiteral("best_degree")) > best);

        // A degree as high as the points: refused.
        state = panel.captureState();
        state.parameters.set("points", 10);
        panel.binding().restoreState(state, QStringLiteral("interpolating"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing(), kTimeoutMs);
        QCOMPARE(panel.shownParameters()["points"], 100.0);
        QVERIFY2(panel.parameterPanel()->message().contains(QStringLiteral("highest degree")),
                 qPrintable(panel.parameterPanel()->message()));
    }

    void biasVariancePresets() { BiasVariancePanel panel; checkPresetsAndSection(panel, 1, QStringLiteral("## Bias and variance"), 3); }
};

QTEST_MAIN(TestClassicalPanels)
#include "tst_classicalpanels.moc"
