// The stimulation chapter's balanced-network panel: the raster reaches the plot coloured by population (excitatory
// rows below the inhibitory ones, split at 80 %), both rate channels are drawn, a stimulation slider changes the
// running network (the readout's excitatory rate rises under a bias into the excitatory cells), presets load, a
// rejected combination shows a message and changes nothing, and the exported data hold the rates and the spikes.

#include "chapters/framework/SimulationController.h"
#include "chapters/stimulation/BalancedNetworkPanel.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/RasterPlot.h"
#include "widgets/TimeSeriesPlot.h"

#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

using neuroai::Frame;
using neuroai::chapters::BalancedNetworkPanel;
using neuroai::chapters::SimulationController;

namespace {
double metric(const Frame& frame, const char* key)
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}
}  // namespace

class TestStimulation : public QObject {
    Q_OBJECT
private slots:
    void rasterIsColouredByPopulation()
    {
        BalancedNetworkPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.runHeadless(300));
        QTRY_VERIFY(!panel.rasterPlot()->raster().isEmpty());
        const neuroai::RasterImage& raster = panel.rasterPlot()->raster();
        QCOMPARE(raster.lastNeuron, 4000);
        QCOMPARE(raster.populationNames.size(), std::size_t(2));
        QCOMPARE(int(raster.rowPopulation.size()), raster.height);
        // Rows whose first cell is excitatory (below 3200) are population 0, the rest population 1.
        for (int row = 0; row < raster.height; ++row)
            QCOMPARE(int(raster.rowPopulation[std::size_t(row)]), raster.rowFirstNeuron(row) >= 3200 ? 1 : 0);
        QVERIFY(raster.spikeCount > 1000);  // 4000 cells at ~5 Hz for 0.3 s: about 6000 spikes
        // Both population rates are drawn, and no spike markers (the raster has the spikes).
        QVERIFY(panel.ratePlot()->traceSeries()->count() > 10);
        QVERIFY(!panel.ratePlot()->spikeSeries()->isVisible());
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("Hz")));
    }

    void biasRaisesTheRunningNetworksRate()
    {
        BalancedNetworkPanel panel;
        QVERIFY(panel.runHeadless(600));
        const double before = metric(*panel.controller()->latestFrame(), "rate_e_hz");
        QVERIFY2(before > 2 && before < 10, qPrintable(QString::number(before)));
        QVERIFY(panel.setParameter(QStringLiteral("stim_mode"), 1).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("stim_amplitude"), 2).isEmpty());
        const double t0 = panel.controller()->latestFrame()->timeMs;
        QVERIFY(panel.runHeadless(600));
        const auto frame = panel.controller()->latestFrame();
        QVERIFY(frame->timeMs > t0 + 500);  // the run went on; it was not restarted
        const double after = metric(*frame, "rate_e_hz");
        QVERIFY2(after > 1.5 * before, qPrintable(QStringLiteral("%1 Hz after, %2 before").arg(after).arg(before)));
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("bias 2.00 mV into the excitatory cells")));
    }

    void presetsAndRefusals()
    {
        BalancedNetworkPanel panel;
        QVERIFY(panel.presets().size() >= 6);
        QVERIFY(panel.applyPreset(QStringLiteral("pulse-train")).isEmpty());
        QCOMPARE(panel.currentParameters()["stim_mode"], 2.0);
        QCOMPARE(panel.presetBox()->currentText().contains(QLatin1String("Pulse train")), true);
        // 20 ms pulses at 50 Hz would leave no gap: refused with the parameter named, nothing changed.
        QVERIFY(panel.setParameter(QStringLiteral("pulse_rate"), 50).isEmpty());
        const QString refusal = panel.setParameter(QStringLiteral("pulse_width"), 20);
        QVERIFY2(refusal.contains(QLatin1String("pulse_width")), qPrintable(refusal));
        QCOMPARE(panel.currentParameters()["pulse_width"], 5.0);
    }

    void exportedDataHoldRatesAndSpikes()
    {
        BalancedNetworkPanel panel;
        QVERIFY(panel.runHeadless(200));
        const QList<neuroai::widgets::DataSeries> series = panel.dataSeries();
        QCOMPARE(series.size(), 4);
        QCOMPARE(series[0].series, QStringLiteral("excitatory"));
        QCOMPARE(series[1].series, QStringLiteral("inhibitory"));
        QVERIFY(series[0].points.size() >= 1000);  // one sample per 0.1 ms step
        QVERIFY(series[3].points.size() > 500);    // spikes: (time, cell)
        for (const QPointF& p : series[3].points)
            QVERIFY(p.y() >= 0 && p.y() < 4000 && p.x() >= 0 && p.x() <= 200);
    }
};

QTEST_MAIN(TestStimulation)
#include "tst_stimulation.moc"
