// The "Inside attention" panel of chapter 11 (chapters/sequences/AttentionInsidePanel.h): a causal transformer
// trained on the copy task, taken apart for one query. Checks that a new panel shows a placeholder and trains on a
// job, reaching a near-perfect copy; that the plotted steps are the engine's own numbers (the scores recomputed from
// the queries and keys, their softmax equal to the plotted weights and to the attention map's row, the masked future
// keys at 0, the Σ column equal to the weighted sum of the values); that temperature, layer, head and query redraw
// without training again, τ → 0 giving a one-hot row and a large τ a flat one; that "no positions" shows an all-zero
// table with a message; that clicking a row of the map selects the query through the undoable binding; that every
// preset loads and applies without an error; and, once the chapter text and registration are in, that the section's
// Try-this links name existing presets.
//

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/JobController.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/sequences/AttentionInsidePanel.h"
#include "tests/chapters/TryThis.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <algorithm>
#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

double maxWeight(const AttentionInsidePanel& panel)
{
    double best = 0;
    for (const QPointF& p : panel.plottedWeights())
        best = std::max(best, p.y());
    return best;
}

// Waits for the panel to show its current state; the elapsed milliseconds.
qint64 settle(AttentionInsidePanel& panel)
{
    QElapsedTimer timer;
    timer.start();
    if (!panel.runHeadless(0, 60000))
        return -1;
    return timer.elapsed();
}

}  // namespace

class TestAttentionInsidePanel : public QObject {
    Q_OBJECT
private slots:
    void trainsOnAJobAndShowsTheEnginesNumbers()
    {
        AttentionInsidePanel::clearCache();
        const int trainings = AttentionInsidePanel::trainingCount();
        AttentionInsidePanel panel;
        // The constructor shows a placeholder and leaves the training to a job.
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("background job")));
        QVERIFY(!panel.readout(QStringLiteral("copy_accuracy")).has_value());
        QSignalSpy updated(&panel, &IntroPanel::updated);
        QElapsedTimer timer;
        timer.start();
        QTRY_COMPARE_WITH_TIMEOUT(updated.count(), 1, 60000);
        QVERIFY2(panel.trained(), qPrintable(panel.parameterPanel()->message()));
        QCOMPARE(AttentionInsidePanel::trainingCount(), trainings + 1);
        QCOMPARE(AttentionInsidePanel::cachedModels(), std::size_t(1));

        const AttentionInsideResult& r = panel.result();
        const double accuracy = *panel.readout(QStringLiteral("copy_accuracy"));
        qInfo("default training: %.2f s (%lld ms until shown), copy accuracy %.3f", r.trainingSeconds,
              timer.elapsed(), accuracy);
        QCOMPARE_GE(accuracy, 0.95);
        QCOMPARE(r.task.length, 6);
        QCOMPARE(r.query, 6);  // the first blank, which copies position 1
        QCOMPARE(r.source(), 0);
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("100.0 %")) || accuracy < 0.9995);

        const int T = r.length(), t = r.query, dh = r.headDim;
        const nn::MultiHeadAttention& mha = r.model->blocks()[std::size_t(r.layer)].attention();
        const nn::Matrix& engineMap = mha.attention(r.head);

        // ② The plotted weights: the visible keys 1…t+1, summing to 1, equal to the engine's attention row.
        const QList<QPointF>& weights = panel.plottedWeights();
        QCOMPARE(weights.size(), qsizetype(t + 1));
        double sum = 0;
        for (qsizetype k = 0; k < weights.size(); ++k) {
            QCOMPARE(weights[k].x(), double(k + 1));
            QCOMPARE_LE(std::abs(weights[k].y() - engineMap(t, k)), 1e-15);
            sum += weights[k].y();
        }
        QCOMPARE_LE(std::abs(sum - 1), 1e-12);
        // The future keys are masked: weight 0 in the engine, listed as masked in the plot.
        for (int u = t + 1; u < T; ++u)
            QCOMPARE(engineMap(t, u), 0.0);
        QCOMPARE(r.weights.size(), std::size_t(T));

        // ① The plotted scores are q_t·k_u/(√d_h τ), recomputed here from the block's queries and keys...
        const nn::Matrix& Q = mha.queries();
        const nn::Matrix& K = mha.keys();
        const QList<QPointF>& scores = panel.plottedScores();
        QCOMPARE(scores.size(), qsizetype(t + 1));
        double top = -1e300;
        for (qsizetype u = 0; u < scores.size(); ++u) {
            const double s = Q.col(t).segment(r.head * dh, dh).dot(K.col(u).segment(r.head * dh, dh)) /
                             (std::sqrt(double(dh)) * r.temperature);
            QCOMPARE_LE(std::abs(scores[u].y() - s), 1e-9 * std::max(1.0, std::abs(s)));
            top = std::max(top, scores[u].y());
        }
        // ... and their softmax is the plotted weights.
        double z = 0;
        for (const QPointF& s : scores)
            z += std::exp(s.y() - top);
        for (qsizetype u = 0; u < scores.size(); ++u)
            QCOMPARE_LE(std::abs(std::exp(scores[u].y() - top) / z - weights[u].y()), 1e-12);

        // The map's highlighted row is the query, and it holds the same weights (as floats).
        QCOMPARE(panel.attentionPlot()->highlightedRow(), t);
        const MatrixImage& map = panel.attentionPlot()->matrix();
        QCOMPARE(map.rows, T);
        QCOMPARE(map.columns, T);
        QCOMPARE(int(map.rowTicks.size()), T);
        QCOMPARE(QString::fromStdString(map.rowTicks[std::size_t(t)]), QStringLiteral("7:·"));
        for (int u = 0; u < T; ++u)
            QCOMPARE_LE(std::abs(double(map.at(t, u)) - engineMap(t, u)), 1e-6);

        // ③ The weighted values: column u is a_u v_u, and the last column (Σ) is their sum, the head's output o_t.
        const nn::Matrix V = mha.values().middleRows(Eigen::Index(r.head) * dh, dh);
        const Eigen::VectorXd expected = V * engineMap.row(t).transpose();
        const MatrixImage& values = panel.valuePlot()->matrix();
        QCOMPARE(values.rows, dh);
        QCOMPARE(values.columns, T + 1);
        QCOMPARE(QString::fromStdString(values.columnTicks.back()), QStringLiteral("Σ"));
        for (int i = 0; i < dh; ++i) {
            QCOMPARE_LE(std::abs(double(values.at(i, T)) - expected(i)), 1e-5 * std::max(1.0, std::abs(expected(i))));
            QCOMPARE_LE(std::abs(double(values.at(i, 0)) - engineMap(t, 0) * V(i, 0)), 1e-5);
            for (int u = t + 1; u < T; ++u)
                QCOMPARE(values.at(i, u), 0.0f);
        }

        // Learned positions: a table that is not zero, and the similarity of a position with itself is 1.
        QVERIFY(r.positionTable.cwiseAbs().maxCoeff() > 0.1);
        QVERIFY(panel.positionPlot()->message().isEmpty());
        QCOMPARE_LE(std::abs(r.positionCosine(3, 3) - 1), 1e-12);

        // Every plot has a title and is exported.
        QStringList plots;
        for (const widgets::DataSeries& s : panel.dataSeries())
            if (!plots.contains(s.plot))
                plots << s.plot;
        QVERIFY2(plots.size() >= 6, qPrintable(plots.join(QStringLiteral(" | "))));
        QVERIFY(panel.metadata().contains(QStringLiteral("copy accuracy")));
    }

    void viewControlsDoNotTrainAgain()
    {
        AttentionInsidePanel::clearCache();
        AttentionInsidePanel panel;
        const qint64 training = settle(panel);
        QVERIFY(training >= 0);
        QVERIFY(panel.trained());
        const int trainings = AttentionInsidePanel::trainingCount();
        const double atOne = maxWeight(panel);

        QVERIFY(panel.setParameter(QStringLiteral("temperature"), 0.05).isEmpty());
        const qint64 cold = settle(panel);
        const double atCold = maxWeight(panel);
        QVERIFY(panel.setParameter(QStringLiteral("temperature"), 20).isEmpty());
        const qint64 hot = settle(panel);
        const double atHot = maxWeight(panel);
        const double hotAccuracy = *panel.readout(QStringLiteral("copy_accuracy"));
        qInfo("training %lld ms; τ = 0.05 redrawn in %lld ms, τ = 20 in %lld ms; max weight %.4f (τ = 0.05), %.4f "
              "(τ = 1), %.4f (τ = 20); accuracy at τ = 20: %.3f",
              training, cold, hot, atCold, atOne, atHot, hotAccuracy);
        QCOMPARE(AttentionInsidePanel::trainingCount(), trainings);
        QCOMPARE(AttentionInsidePanel::cachedModels(), std::size_t(1));
        QVERIFY(cold >= 0 && hot >= 0);  // the times are reported, not asserted: the counters above are the proof
        QCOMPARE_GT(atCold, 0.99);
        QCOMPARE_LT(atHot, 0.6 * atOne);
        QCOMPARE_LT(hotAccuracy, 0.7);  // flat attention mixes the symbols: the copy fails
        QCOMPARE(panel.result().temperature, 20.0);

        // Layer, head and query are views too.
        QVERIFY(panel.setParameter(QStringLiteral("layer"), 2).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("head"), 1).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("query"), 10).isEmpty());
        QVERIFY(settle(panel) >= 0);
        QCOMPARE(panel.result().layer, 1);
        QCOMPARE(panel.result().head, 0);
        QCOMPARE(panel.result().query, 9);
        QCOMPARE(panel.attentionPlot()->highlightedRow(), 9);
        QCOMPARE(AttentionInsidePanel::trainingCount(), trainings);

        // A query past the end of the sequence is shown at the last position, and the readout says so.
        QVERIFY(panel.setParameter(QStringLiteral("query"), 40).isEmpty());
        QVERIFY(settle(panel) >= 0);
        QCOMPARE(panel.result().query, 11);
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("past the end")));
        // An input position copies nothing: no weight on a source to read out.
        QVERIFY(panel.setParameter(QStringLiteral("query"), 3).isEmpty());
        QVERIFY(settle(panel) >= 0);
        QVERIFY(!panel.readout(QStringLiteral("query_weight_on_source")).has_value());
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("input position")));
        QCOMPARE(panel.plottedWeights().size(), qsizetype(3));
        QCOMPARE(AttentionInsidePanel::trainingCount(), trainings);

        // A training parameter does train again.
        QVERIFY(panel.setParameter(QStringLiteral("steps"), 20).isEmpty());
        QVERIFY(settle(panel) >= 0);
        QCOMPARE(AttentionInsidePanel::trainingCount(), trainings + 1);
        QCOMPARE(AttentionInsidePanel::cachedModels(), std::size_t(2));
    }

    void withoutPositionsTheTableIsZero()
    {
        AttentionInsidePanel panel;
        QVERIFY(panel.applyPreset(QStringLiteral("no-positions")).isEmpty());
        QVERIFY(settle(panel) >= 0);
        const AttentionInsideResult& r = panel.result();
        QCOMPARE(r.positions, nn::PositionalEncoding::None);
        QCOMPARE(r.positionTable.cwiseAbs().maxCoeff(), 0.0);
        QVERIFY(!panel.positionPlot()->message().isEmpty());
        QVERIFY(!panel.similarityPlot()->message().isEmpty());
        QVERIFY(panel.positionPlot()->title().contains(QStringLiteral("none")));
        qInfo("no positions: copy accuracy %.3f", *panel.readout(QStringLiteral("copy_accuracy")));
        // Back to learned positions: the message goes.
        QVERIFY(panel.setParameter(QStringLiteral("positions"), 2).isEmpty());
        QVERIFY(settle(panel) >= 0);
        QVERIFY(panel.positionPlot()->message().isEmpty());
    }

    void clickingARowSelectsTheQuery()
    {
        AttentionInsidePanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(settle(panel) >= 0);
        AttentionMapPlot* map = panel.attentionPlot();
        const QPoint centre = map->cellCentre(9, 2);
        QCOMPARE(map->cellAt(centre), QPoint(2, 9));
        QTest::mouseClick(map, Qt::LeftButton, {}, centre);
        QCOMPARE(panel.parameters()["query"], 10.0);
        QVERIFY(settle(panel) >= 0);
        QCOMPARE(map->highlightedRow(), 9);
        QCOMPARE(panel.result().source(), 3);
        // The click was an edit like any other: undo restores the query.
        QUndoStack* undo = panel.binding().undoStack();
        QVERIFY(undo->canUndo());
        undo->undo();
        QCOMPARE(panel.parameters()["query"], 7.0);
        QVERIFY(settle(panel) >= 0);
        QCOMPARE(map->highlightedRow(), 6);
    }

    void everyPresetLoadsAndApplies()
    {
        AttentionInsidePanel panel;
        QVERIFY(settle(panel) >= 0);
        const QList<Preset> presets = panel.presets();
        QCOMPARE_GE(presets.size(), 5);
        QCOMPARE(presets.front().name, QStringLiteral("defaults"));
        for (const Preset& preset : presets) {
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
            QVERIFY2(settle(panel) >= 0, qPrintable(preset.name));
            QVERIFY2(panel.parameterPanel()->message().isEmpty(), qPrintable(panel.parameterPanel()->message()));
            QVERIFY2(panel.trained(), qPrintable(preset.name));
            qInfo("preset %s: copy accuracy %.3f, weight on the source %.3f (the most: head %d of layer %d, %.3f)",
                  qPrintable(preset.name), *panel.readout(QStringLiteral("copy_accuracy")),
                  panel.readout(QStringLiteral("query_weight_on_source")).value_or(-1), panel.result().bestHead + 1,
                  panel.result().bestLayer + 1, panel.result().bestWeight);
        }
    }

    void tryThisLinksNameExistingPresets()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("sequences"), QStringLiteral("attention-inside")), 1);
        const QString own = testing::chapterSection(QStringLiteral("sequences"), QStringLiteral("## Inside attention"));
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        AttentionInsidePanel panel;
        const QStringList links = testing::presetLinks(own, 1);
        for (const QString& name : links)
            QVERIFY2(panel.applyPreset(name).isEmpty(), qPrintable(name));
        QCOMPARE_GE(links.size(), 5);
    }

    void predictionExercise()
    {
        AttentionInsidePanel panel;
        panel.show();
        QVERIFY(settle(panel) >= 0);
        QVERIFY(panel.applyPreset(QStringLiteral("hot")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("hot")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(exercise.answerChoice(1).isEmpty());  // "clearly worse, but far above chance"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 60000);
        QVERIFY(exercise.outcome());
        qInfo("τ = 5: copy accuracy %.3f", *exercise.outcome());
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }
};

QTEST_MAIN(TestAttentionInsidePanel)
#include "tst_attentioninsidepanel.moc"
