// Tests for the ISI histogram plot: bins, counts and the adaptation index and CV it names, on hand-computed trains.

#include "engine/analysis/SpikeStats.h"
#include "widgets/IsiHistogramPlot.h"

#include <QAreaSeries>
#include <QLineSeries>
#include <QTest>
#include <QValueAxis>

#include <cmath>

using neuroai::widgets::IsiHistogramPlot;

class TestIsiHistogram : public QObject {
    Q_OBJECT
private slots:
    void adaptingTrain();
    void acceleratingTrainHasNegativeIndex();
    void emptyAndSingle();
    void regularTrainReadsZero();
    void indexReadsTheOnsetNotTheSteadyTrain();
};

void TestIsiHistogram::regularTrainReadsZero()
{
    IsiHistogramPlot plot;
    plot.setIntervals({14.7, 14.7000001, 14.6999999, 14.7});  // A and CV within 1e-8 of 0, of either sign
    QCOMPARE(plot.summary(), QStringLiteral("adaptation index 0.00 · ISI CV 0.00 · 4 intervals"));
}

void TestIsiHistogram::adaptingTrain()
{
    IsiHistogramPlot plot;
    plot.setIntervals({10, 20, 30});
    // A = mean((20 − 10)/30, (30 − 20)/50) = (1/3 + 1/5)/2 = 4/15; CV = sd(10, 20, 30)/20 = 10/20.
    QVERIFY(std::abs(plot.adaptationIndex() - 4.0 / 15.0) < 1e-12);
    QVERIFY(std::abs(plot.cv() - 0.5) < 1e-12);
    // Longest 30 ms → axis to 50 ms in 25 bins of 2 ms.
    QCOMPARE(plot.binMs(), 2.0);
    const QList<QPointF> bins = plot.bins();
    QCOMPARE(bins.size(), 25);
    double total = 0;
    for (const QPointF& b : bins)
        total += b.y();
    QCOMPARE(total, 3.0);
    QCOMPARE(bins[5], QPointF(11, 1));
    QCOMPARE(bins[10], QPointF(21, 1));
    QCOMPARE(bins[15], QPointF(31, 1));
    QCOMPARE(plot.xAxis()->max(), 50.0);
    QCOMPARE(plot.summary(), QStringLiteral("adaptation index 0.27 · ISI CV 0.50 · 3 intervals"));
    QCOMPARE(plot.barSeries()->name(), plot.summary());
    QVERIFY(plot.xAxis()->titleText().endsWith(QStringLiteral("(ms)")));
    QVERIFY(plot.yAxis()->titleText().endsWith(QLatin1Char(')')));
    // The staircase outline closes on the axis at both ends.
    const QList<QPointF> outline = plot.barSeries()->upperSeries()->points();
    QCOMPARE(outline.first(), QPointF(0, 0));
    QCOMPARE(outline.last(), QPointF(50, 0));
}

void TestIsiHistogram::acceleratingTrainHasNegativeIndex()
{
    IsiHistogramPlot plot;
    plot.setIntervals({40, 20, 10});
    // ((20 − 40)/60 + (10 − 20)/30)/2 = (−1/3 − 1/3)/2 = −1/3.
    QVERIFY(std::abs(plot.adaptationIndex() + 1.0 / 3.0) < 1e-12);
    QVERIFY(plot.summary().contains(QStringLiteral("adaptation index -0.33")));
}

void TestIsiHistogram::emptyAndSingle()
{
    IsiHistogramPlot plot;
    QCOMPARE(plot.intervalCount(), 0);
    QCOMPARE(plot.summary(), QStringLiteral("no intervals yet"));
    plot.setIntervals({12.5});
    QCOMPARE(plot.summary(), QStringLiteral("1 interval"));  // no A or CV from a single interval
    plot.clear();
    QCOMPARE(plot.intervalCount(), 0);
}

void TestIsiHistogram::indexReadsTheOnsetNotTheSteadyTrain()
{
    // An accelerating onset, then a long regular train: averaged over every pair the index is within 0.01 of 0;
    // over the onset (the first ten intervals) it is clearly negative.
    std::vector<double> isis{80, 60, 45, 35, 28, 24, 22, 21, 20.5, 20};
    isis.insert(isis.end(), 500, 20.0);
    IsiHistogramPlot plot;
    plot.setIntervals(isis);
    const std::vector<double> onset(isis.begin(), isis.begin() + IsiHistogramPlot::kAdaptationIntervals);
    QCOMPARE(plot.adaptationIndex(), neuroai::adaptationIndex(onset));
    QVERIFY(plot.adaptationIndex() < -0.05);
    QVERIFY(neuroai::adaptationIndex(isis) > -0.01);  // what a mean over every pair read: "-0.00"
    QVERIFY2(plot.summary().startsWith(QStringLiteral("adaptation index -0.")), qPrintable(plot.summary()));
    QVERIFY(plot.summary().endsWith(QStringLiteral("510 intervals")));
}

QTEST_MAIN(TestIsiHistogram)
#include "tst_isihistogram.moc"
