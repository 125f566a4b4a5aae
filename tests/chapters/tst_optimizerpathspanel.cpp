// Chapter 10 "Optimisers" (chapters/deep/OptimizerPathsPanel): registered as the chapter's first panel; the figure is
// drawn at construction with titled, unit-bearing axes and the engine's paths and losses; at the defaults
// (η·L = 0.3) all three optimisers end far below the start; past the limit (η = 2.1/L) SGD's path leaves the plot and
// the readout says it diverges, while momentum (limit 2(1 + μ)/L = 3.6) still converges; the rate sweep jumps at
// 2/L; every preset loads and its prediction is answered; the Try-this links name this panel's presets.

#include "chapters/deep/OptimizerPathsPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/PanelBinding.h"
#include "engine/core/ModelRegistry.h"
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
constexpr int kTimeoutMs = 60000;
}

#define WAIT_SHOWN(panel, updatesBefore)                                                                              \
    QTRY_VERIFY_WITH_TIMEOUT((panel).updateCount() > (updatesBefore) && !(panel).isComputing() &&                     \
                                 (panel).shownParameters().values() == (panel).parameters().values(),                 \
                             kTimeoutMs)

class TestOptimizerPathsPanel : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("deep-learning"), QStringLiteral("optimizer-paths")), 0);
        QCOMPARE(findChapter(QStringLiteral("deep-learning"))->number, 10);
        QVERIFY(findExperiment("optimizer-paths"));
    }

    void defaultsAndDivergence()
    {
        OptimizerPathsPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.updateCount(), 1);
        const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
        QCOMPARE(plots.size(), 3);
        for (widgets::XYPlot* plot : plots) {
            QVERIFY(!plot->chart()->title().isEmpty());
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(testing::hasUnit(axis->titleText()), qPrintable(axis->titleText()));
        }
        const InformationResult& r = panel.lastResult();
        QCOMPARE(panel.pathSeries(0)->points(), r.points("path_sgd"));
        QCOMPARE(panel.pathSeries(2)->points(), r.points("path_adam"));
        const double start = r.points("loss_sgd").first().y();
        for (const char* key : {"final_loss_sgd", "final_loss_momentum", "final_loss_adam"}) {
            qInfo("defaults: %s = %g (start %g)", key, *panel.readout(QLatin1String(key)), start);
            QVERIFY2(*panel.readout(QLatin1String(key)) < 0.05 * start, key);
        }
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("converges")));

        PanelState state = panel.captureState();
        state.parameters.set("learning_rate", 2.1);
        const int updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("past the limit")).isEmpty());
        WAIT_SHOWN(panel, updates);
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("diverges")));
        QVERIFY(*panel.readout(QStringLiteral("final_loss_sgd")) > 1e3 * start);
        QVERIFY(*panel.readout(QStringLiteral("final_loss_momentum")) < 0.05 * start);
        const QList<QPointF> path = panel.pathSeries(0)->points();
        QVERIFY(std::any_of(path.begin(), path.end(), [](const QPointF& p) {
            return std::abs(p.x()) > OptimizerPathsPanel::kExtent || std::abs(p.y()) > OptimizerPathsPanel::kExtent;
        }));
        // The sweep: below 2/L no worse than the start, above it far worse.
        for (const QPointF& p : panel.sweepSeries()->points()) {
            if (p.x() < 1.95)
                QVERIFY(p.y() < start);
            if (p.x() > 2.05)
                QVERIFY(p.y() > 10 * start);
        }
    }

    void presetsAndTryThis()
    {
        OptimizerPathsPanel panel;
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 6);
        int predicting = 0;
        const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(predicting >= 3);
        const QStringList tryThis =
            testing::tryThisProblems(presets, QStringLiteral("deep-learning"), QStringLiteral("## Optimisers"), 0);
        QVERIFY2(tryThis.isEmpty(), qPrintable(tryThis.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestOptimizerPathsPanel)
#include "tst_optimizerpathspanel.moc"
