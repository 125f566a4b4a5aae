// Chapter 2's competitive-STDP panel (chapters/foundations/SongMillerAbbottPanel.h) on the live model
// song-miller-abbott:
// - while the run goes on, the histogram the panel draws changes from frame to frame (QSignalSpy on frameReady,
//   QTRY until a later frame's counts differ), always counts the 1000 synapses, and equals the frame's published
//   histogram; the rate plot holds the rate in Hz against seconds (x ≤ the frame's time in s);
// - the panel starts at its default speed (20× real time) and runs it;
// - presets apply: "correlated" sets c = 0.1 on half of the inputs and restarts the run, the preset box names it;
//   after 60 s of it the first (correlated) rows of the weight map are already stronger on average than the last
//   (a property of the model, checked by its own suite at 200 s; at 60 s, seed 1, the halves' means differ by more
//   than 0.2 of g_max, a wide margin for "stronger");
// - the readout gives numbers in Hz and %, a bad value is refused by name, and the exported data hold the histogram
//   summing to 1000 and a weight for each of the 1000 inputs.

#include "chapters/foundations/SongMillerAbbottPanel.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/XYPlot.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <numeric>

using neuroai::Frame;
using neuroai::chapters::SimulationController;
using neuroai::chapters::SongMillerAbbottPanel;

class TestSongMillerAbbottPanel : public QObject {
    Q_OBJECT
private slots:
    void histogramUpdatesWhileRunning()
    {
        SongMillerAbbottPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.controller()->speed(), SongMillerAbbottPanel::kDefaultSpeed);
        QSignalSpy frames(panel.controller(), &SimulationController::frameReady);
        panel.controller()->setRunning(true);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.histogramCounts().isEmpty(), 10000);
        const QList<int> first = panel.histogramCounts();
        const int framesBefore = int(frames.count());
        // At 20× real time a frame covers a fraction of a second of simulated time, in which hundreds of weights
        // move: the drawn counts change.
        QTRY_VERIFY_WITH_TIMEOUT(frames.count() > framesBefore && panel.histogramCounts() != first, 10000);
        panel.controller()->setRunning(false);
        QTRY_VERIFY(!panel.controller()->runner().isRunning());
        panel.controller()->drain();
        const auto frame = panel.controller()->latestFrame();
        QVERIFY(frame);
        QVERIFY(frame->timeMs > 0);
        const QList<int> counts = panel.histogramCounts();
        QCOMPARE(counts.size(), 25);
        QCOMPARE(std::accumulate(counts.begin(), counts.end(), 0), 1000);
        for (int b = 0; b < 25; ++b)
            QCOMPARE(counts[b], int(frame->matrices[0].at(0, b)));
        // The outline has two points per bin plus the two ends on the axis.
        QCOMPARE(panel.histogramSeries()->count(), 2 * 25 + 2);
        QVERIFY(panel.rateSeries()->count() > 2);
        for (const QPointF& p : panel.rateSeries()->points())
            QVERIFY(p.x() >= 0 && p.x() <= frame->timeMs / 1000.0 + 1e-9 && p.y() >= 0);
        QVERIFY(!panel.weightPlot()->matrix().isEmpty());
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("Hz")));
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("%")));
    }

    void presetsApplyAndRestart()
    {
        SongMillerAbbottPanel panel;
        QVERIFY(panel.presets().size() >= 5);
        QVERIFY(panel.runHeadless(5000));
        QVERIFY(panel.applyPreset(QStringLiteral("correlated")).isEmpty());
        QCOMPARE(panel.currentParameters()["correlation"], 0.1);
        QCOMPARE(panel.currentParameters()["correlated_share"], 50.0);
        QVERIFY(panel.presetBox()->currentText().contains(QLatin1String("Correlated")));
        QVERIFY(panel.controller()->runner().waitIdle());
        panel.controller()->drain();
        QCOMPARE(panel.controller()->latestFrame()->timeMs, 0.0);  // restarted
        QVERIFY(panel.runHeadless(60000));
        const auto frame = panel.controller()->latestFrame();
        QCOMPARE(frame->timeMs, 60000.0);
        const neuroai::MatrixImage& w = frame->matrices[1];
        const double correlated = std::accumulate(w.values.begin(), w.values.begin() + 500, 0.0) / 500;
        const double independent = std::accumulate(w.values.begin() + 500, w.values.begin() + 1000, 0.0) / 500;
        qInfo("after 60 s: mean g/g_max %.3f (correlated half), %.3f (independent half)", correlated, independent);
        QVERIFY2(correlated > independent + 0.2, qPrintable(QStringLiteral("%1 %2").arg(correlated).arg(independent)));

        QVERIFY(panel.applyPreset(QStringLiteral("balanced")).isEmpty());
        QCOMPARE(panel.currentParameters()["a_ratio"], 1.0);
        QCOMPARE(panel.currentParameters()["correlation"], 0.0);  // a preset is a whole parameter set
        QVERIFY(panel.applyPreset(QStringLiteral("high-rate")).isEmpty());
        QCOMPARE(panel.currentParameters()["input_rate"], 30.0);
        QVERIFY(panel.applyPreset(QStringLiteral("fast-learning")).isEmpty());
        QCOMPARE(panel.currentParameters()["a_plus"], 0.02);
        QVERIFY(panel.applyPreset(QStringLiteral("defaults")).isEmpty());
        QCOMPARE(panel.currentParameters()["a_plus"], 0.005);
        QVERIFY(!panel.applyPreset(QStringLiteral("no-such")).isEmpty());
    }

    void refusalsAndExport()
    {
        SongMillerAbbottPanel panel;
        const QString refusal = panel.setParameter(QStringLiteral("correlation"), 2);
        QVERIFY2(refusal.contains(QLatin1String("correlation")), qPrintable(refusal));
        QCOMPARE(panel.currentParameters()["correlation"], 0.0);
        QVERIFY(panel.runHeadless(2000));
        const QList<neuroai::widgets::DataSeries> series = panel.dataSeries();
        QCOMPARE(series.size(), 3);
        QVERIFY(series[0].points.size() >= 2000);  // the rate, one sample per millisecond
        double total = 0;
        for (const QPointF& p : series[1].points)
            total += p.y();
        QCOMPARE(total, 1000.0);
        QCOMPARE(series[2].points.size(), 1000);
        for (const QPointF& p : series[2].points)
            QVERIFY(p.y() >= 0 && p.y() <= 1.0f);
    }
};

QTEST_MAIN(TestSongMillerAbbottPanel)
#include "tst_songmillerabbottpanel.moc"
