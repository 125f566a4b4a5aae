// Chapter 10 "Train a network" (chapters/deep/NetworkTrainingPanel): registered as the chapter's second panel; a new
// panel shows an untrained placeholder and trains on a job, drawing live pictures whose step only grows; at the
// defaults (spirals, Adam, backpropagation) the network reaches > 90 % test accuracy and a training loss < 0.1 nats;
// the decision map is the network's own prediction, oriented right: at least 95 % of the training points sit in a
// cell whose sign of log-odds is their class (a flipped or transposed map gives about half); the curves are the
// engine's; under feedback alignment the angle between Bᵀe and Wᵀe falls from about 90° to below 70° while under
// backpropagation it stays within 75-105°; every plot has a title and units; every preset loads and its prediction
// is answered; the Try-this links name this panel's presets.

#include "chapters/deep/NetworkTrainingPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/JobController.h"
#include "chapters/framework/PanelBinding.h"
#include "engine/core/ModelRegistry.h"
#include "tests/chapters/PanelText.h"
#include "tests/chapters/PresetChecks.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 120000;

// The fraction of the training points whose map cell has the sign of their class (log-odds > 0 ⇔ class 1).
double mapAgreement(const NetworkTrainingPanel& panel)
{
    const MatrixImage& m = panel.mapPlot()->matrix();
    const deep::Points2d& points = panel.mapPlot()->points();
    const double extent = deep::MlpTrainingSnapshot::kMapExtent;
    int agree = 0, counted = 0;
    for (Eigen::Index j = 0; j < points.x.cols(); ++j) {
        const int column = int(std::floor((points.x(0, j) + extent) / (2 * extent) * m.columns));
        const int row = int(std::floor((extent - points.x(1, j)) / (2 * extent) * m.rows));
        if (row < 0 || row >= m.rows || column < 0 || column >= m.columns)
            continue;
        ++counted;
        agree += (m.at(row, column) > 0) == (points.labels[std::size_t(j)] == 1) ? 1 : 0;
    }
    return counted > 0 ? double(agree) / counted : 0.0;
}

}  // namespace

class TestNetworkTrainingPanel : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("deep-learning"), QStringLiteral("network-training")), 1);
        QCOMPARE(findChapter(QStringLiteral("deep-learning"))->number, 10);
        QVERIFY(findExperiment("mlp-training"));
    }

    void trainsLiveAndShowsTheEnginesNetwork()
    {
        NetworkTrainingPanel panel;
        panel.resize(1200, 800);
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("test_accuracy_pct")).has_value());
        // Live pictures arrive while it trains, their step never going back.
        long previous = -1;
        bool monotone = true;
        int liveWhileTraining = 0;
        QObject::connect(panel.jobController(), &JobController::liveData, &panel, [&] {
            if (panel.trained())
                return;
            ++liveWhileTraining;
            monotone = monotone && panel.lastLiveStep() >= previous;
            previous = panel.lastLiveStep();
        });
        QVERIFY(testing::settle(panel, kTimeoutMs));
        QVERIFY(panel.trained());
        qInfo("live pictures while training: %d (last step %ld)", liveWhileTraining, panel.lastLiveStep());
        QVERIFY(liveWhileTraining > 0);
        QVERIFY(monotone);

        const deep::MlpTrainingRun& run = *panel.lastResult().run;
        const double accuracy = testing::readoutOf(panel, "test_accuracy_pct"), loss = testing::readoutOf(panel, "training_loss");
        const double agreement = mapAgreement(panel);
        qInfo("defaults: test accuracy %.2f %%, training loss %.4f nats, map agrees with %.1f %% of the training points",
              accuracy, loss, 100 * agreement);
        QVERIFY(accuracy > 90);
        QVERIFY(loss < 0.1);
        QVERIFY(agreement >= 0.95);
        QCOMPARE(testing::readoutOf(panel, "diverged"), 0.0);

        // The map: 64 × 64 log-odds over [−1.8, 1.8]², clipped to ±6 nats; the 400 training points, 200 a class.
        const MatrixImage& m = panel.mapPlot()->matrix();
        QCOMPARE(m.rows, NetworkTrainingPanel::kMapCells);
        QCOMPARE(m.columns, NetworkTrainingPanel::kMapCells);
        QVERIFY(m.diverging);
        for (float v : m.values)
            QVERIFY(std::abs(v) <= DecisionMapPlot::kClip);
        QCOMPARE(int(panel.mapPlot()->points().x.cols()), 400);
        QCOMPARE(int(std::count(run.final->training->labels.begin(), run.final->training->labels.end(), 1)), 200);
        // Both classes' regions are drawn (a map of one colour would agree with half the points only).
        QVERIFY(std::count_if(m.values.begin(), m.values.end(), [](float v) { return v > 0; }) > 400);
        QVERIFY(std::count_if(m.values.begin(), m.values.end(), [](float v) { return v < 0; }) > 400);

        // The curves are the engine's, one point per evaluation.
        const deep::TrainingCurves& c = run.final->curves;
        QCOMPARE(panel.trainingLossSeries()->count(), qsizetype(c.step.size()));
        QCOMPARE(panel.signalAngleSeries()->count(), qsizetype(c.step.size()));
        QVERIFY(c.step.size() >= 100);
        for (qsizetype i = 0; i < panel.trainingLossSeries()->count(); ++i) {
            QCOMPARE(panel.trainingLossSeries()->at(i).x(), c.step[std::size_t(i)]);
            QCOMPARE(panel.signalAngleSeries()->at(i).y(), c.signalAngleDeg[std::size_t(i)]);
        }
        QVERIFY(panel.trainingLossSeries()->points().last().y() < panel.trainingLossSeries()->points().first().y());

        // Titles and units everywhere.
        for (widgets::XYPlot* plot : {panel.lossPlot(), panel.anglePlot()}) {
            QVERIFY(!plot->chart()->title().isEmpty());
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(testing::hasUnit(axis->titleText()), qPrintable(axis->titleText()));
        }
        QVERIFY(panel.mapPlot()->title().contains(QStringLiteral("test accuracy")));
        QVERIFY(testing::hasUnit(panel.mapPlot()->xAxis().title));
        QVERIFY(testing::hasUnit(panel.mapPlot()->yAxis().title));
        QVERIFY(testing::hasUnit(panel.mapPlot()->colourBar().title));
        const QString text = testing::plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("Backpropagation")) && text.contains(QStringLiteral("test accuracy")),
                 qPrintable(text));

        // The data export carries the map, both classes' points and the four curves.
        const QList<widgets::DataSeries> data = panel.dataSeries();
        QVERIFY(data.size() >= 7);
        QVERIFY(std::any_of(data.begin(), data.end(),
                            [](const widgets::DataSeries& d) { return d.series.contains(QStringLiteral("class 1")); }));
    }

    void feedbackAlignmentAlignsAndBackpropagationDoesNot()
    {
        NetworkTrainingPanel panel;
        QVERIFY(testing::settle(panel, kTimeoutMs));
        const double bpAngle = testing::readoutOf(panel, "signal_angle_deg");
        QVERIFY(testing::setAndWait(panel, "rule", 1, kTimeoutMs));
        const double faAngle = testing::readoutOf(panel, "signal_angle_deg");
        const deep::TrainingCurves& c = panel.lastResult().run->final->curves;
        qInfo("angle between Bᵀe and Wᵀe: backpropagation %.1f°, feedback alignment %.1f° → %.1f°; FA test accuracy "
              "%.2f %%", bpAngle, c.signalAngleDeg.front(), faAngle, testing::readoutOf(panel, "test_accuracy_pct"));
        QVERIFY(bpAngle > 75 && bpAngle < 105);
        QVERIFY(c.signalAngleDeg.front() > 75);
        QVERIFY(faAngle < 70);
        QVERIFY(testing::readoutOf(panel, "test_accuracy_pct") > 85);
        QVERIFY(testing::readoutOf(panel, "training_loss") < c.trainingLoss.front());
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("Feedback alignment")));
    }

    void presetsAndTryThis()
    {
        NetworkTrainingPanel panel;
        QVERIFY(testing::settle(panel, kTimeoutMs));
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 8);
        int predicting = 0;
        const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(predicting >= 5);
        const QStringList tryThis =
            testing::tryThisProblems(presets, QStringLiteral("deep-learning"), QStringLiteral("## Train a network"), 1);
        QVERIFY2(tryThis.isEmpty(), qPrintable(tryThis.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestNetworkTrainingPanel)
#include "tst_networktrainingpanel.moc"
