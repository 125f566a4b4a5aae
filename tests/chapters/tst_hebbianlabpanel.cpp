// Chapter 2's Hebbian lab panel: the heatmap receives the 2 × N weight matrix with labelled axes and the fixed
// colour range 0 … w_max, and the matrix grows as training steps run; the weight plot draws the four mean-weight
// traces against training step; presets apply (the inhibitory-synapse preset splits the two patterns between the
// post-neurons, the short-τ preset forgets everything); a rejected combination names its parameter; the prediction
// exercise runs on this live panel; exported data hold the traces and the matrix; every Try-this link loads.

#include "chapters/foundations/HebbianLabPanel.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/FigureExporter.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/XYPlot.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <algorithm>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {
double matrixSum(const MatrixImage& m)
{
    double sum = 0;
    for (const float v : m.values)
        sum += v;
    return sum;
}
}  // namespace

class TestHebbianLabPanel : public QObject {
    Q_OBJECT
private slots:
    void heatmapReceivesAGrowingMatrix()
    {
        HebbianLabPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy frames(panel.controller(), &SimulationController::frameReady);
        QVERIFY(panel.runHeadless(20));
        QTRY_VERIFY(!panel.heatmap()->matrix().isEmpty());
        const MatrixImage early = panel.heatmap()->matrix();
        QCOMPARE(early.rows, 2);
        QCOMPARE(early.columns, 10);
        QCOMPARE(QString::fromStdString(early.rowLabel), QStringLiteral("post-neuron"));
        QVERIFY(QString::fromStdString(early.columnLabel).startsWith(QStringLiteral("pre-neuron")));
        QCOMPARE(QString::fromStdString(early.unit), QStringLiteral("mV"));
        QCOMPARE(panel.heatmap()->colourHigh(), 1.0);  // w_max, not fitted to the data
        // Defaults, seed 1: both post-neurons learn (η τ_w λ_on/2 = 0.9 mV), from initial weights of mean 0.45 mV.
        QVERIFY(panel.runHeadless(1500));
        QTRY_VERIFY(panel.heatmap()->matrix().values != early.values);
        const MatrixImage late = panel.heatmap()->matrix();
        QVERIFY2(matrixSum(late) > 1.5 * matrixSum(early),
                 qPrintable(QStringLiteral("%1 → %2").arg(matrixSum(early)).arg(matrixSum(late))));
        QVERIFY(*std::max_element(late.values.begin(), late.values.end()) > 0.7f);
        QVERIFY(frames.count() >= 2);
        // The four mean-weight traces reach the plot, against training step.
        for (int c = 0; c < 4; ++c) {
            const QList<QPointF> points = panel.weightSeries(c)->points();
            QVERIFY(points.size() > 100);
            QVERIFY(points.last().x() > 1400 && points.last().x() <= 1520);
        }
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("step 1520")));
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("post 2: A")));
    }

    void presetsApplyAndInhibitionSplits()
    {
        HebbianLabPanel panel;
        QVERIFY(panel.presets().size() >= 6);
        QVERIFY(panel.applyPreset(QStringLiteral("inhibitory-synapse")).isEmpty());
        QCOMPARE(panel.currentParameters()["w_inh"], 20.0);
        QVERIFY(panel.presetBox()->currentText().contains(QStringLiteral("nhibit")));
        // From seed 1 one neuron claims both patterns and the other falls silent; nothing is shared.
        QVERIFY(panel.runHeadless(3000));
        QVERIFY(*panel.readout(QStringLiteral("shared")) < 0.05);
        QVERIFY(*panel.readout(QStringLiteral("response1_a")) + *panel.readout(QStringLiteral("response2_a")) > 0.9);
        // Seed 6 (as the preset suggests) splits them.
        QVERIFY(panel.setSeed(6).isEmpty());
        QVERIFY(panel.runHeadless(3000));
        const auto r = [&](const char* key) { return *panel.readout(QString::fromLatin1(key)); };
        // One post-neuron answers A and not B, the other B and not A.
        const bool split = (r("response1_a") > 0.9 && r("response1_b") < 0.1 && r("response2_b") > 0.9 &&
                            r("response2_a") < 0.1) ||
                           (r("response1_b") > 0.9 && r("response1_a") < 0.1 && r("response2_a") > 0.9 &&
                            r("response2_b") < 0.1);
        QVERIFY2(split, qPrintable(QStringLiteral("%1 %2 %3 %4").arg(r("response1_a")).arg(r("response1_b"))
                                       .arg(r("response2_a")).arg(r("response2_b"))));

        QVERIFY(panel.applyPreset(QStringLiteral("short-tau")).isEmpty());
        QCOMPARE(panel.currentParameters()["tau_w"], 20.0);
        QVERIFY(panel.runHeadless(600));
        QVERIFY(r("w_mean") < 0.05);  // everything forgotten
    }

    // Each prediction preset, run from t = 0 for its run_ms with seed 1, lands in the answer the chapter text
    // explains (the readout values measured: 0.000, 1.000, 0.000, 0.706, 0.995).
    void predictionPresetsLandWhereTheTextSays()
    {
        struct Case {
            const char* preset;
            const char* readout;
            double steps, low, high;
        };
        HebbianLabPanel panel;
        for (const Case& c : {Case{"short-tau", "w_mean", 600, 0, 0.1}, Case{"long-tau", "w_mean", 2000, 0.9, 1.0},
                              Case{"inhibitory-synapse", "shared", 3000, 0, 0.1},
                              Case{"noisy-sigmoid", "w_mean", 3000, 0.4, 0.95},
                              Case{"linear-runaway", "w_mean", 3000, 0.95, 1.0}}) {
            QVERIFY(panel.applyPreset(QString::fromLatin1(c.preset)).isEmpty());
            QVERIFY(panel.runHeadless(c.steps));
            const double value = *panel.readout(QString::fromLatin1(c.readout));
            QVERIFY2(value >= c.low && value <= c.high, qPrintable(QStringLiteral("%1: %2").arg(c.preset).arg(value)));
        }
    }

    void refusalNamesTheParameter()
    {
        HebbianLabPanel panel;
        const QString refusal = panel.setParameter(QStringLiteral("overlap"), 9);
        QVERIFY2(refusal.contains(QStringLiteral("overlap")), qPrintable(refusal));
        QCOMPARE(panel.currentParameters()["overlap"], 2.0);
    }

    void predictionExerciseRuns()
    {
        HebbianLabPanel panel;
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("short-tau")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("short-tau")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(exercise.answerChoice(0).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 20000);
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }

    void exportedDataHoldTracesAndMatrix()
    {
        HebbianLabPanel panel;
        QVERIFY(panel.runHeadless(300));
        const QList<widgets::DataSeries> series = panel.dataSeries();
        QVERIFY(series.size() >= 7);
        QCOMPARE(series[0].points.size(), 300);  // one sample per training step
        for (const QPointF& p : series[0].points)
            QVERIFY(p.x() >= 1 && p.x() <= 300 && p.y() >= 0 && p.y() <= 1);
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/foundations.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Hebbian learning"));
        QVERIFY(section > 0);
        const qsizetype next = text.indexOf(QStringLiteral("\n## "), section + 5);
        const QString own = text.mid(section, next < 0 ? -1 : next - section);
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        HebbianLabPanel panel;
        const QRegularExpression link(QStringLiteral("\\(preset:3/([a-z0-9-]+)\\)"));
        int links = 0;
        for (auto it = link.globalMatch(own); it.hasNext(); ++links)
            QVERIFY2(panel.applyPreset(it.next().captured(1)).isEmpty(), qPrintable(QString::number(links)));
        QVERIFY(links >= 5);
    }
};

QTEST_MAIN(TestHebbianLabPanel)
#include "tst_hebbianlabpanel.moc"
