// Tests for the engine-side image data (engine/core/RasterBinning.h, ImageData.h): spikes land in exactly one pixel,
// counts are conserved (also for 64 000 neurons), edges and bad events are dropped and counted, rows map to neuron
// bands consistently, and the matrix helpers ignore NaN. Links neuroai_engine_data only.

#include "engine/core/ImageData.h"
#include "engine/core/RasterBinning.h"

#include <QElapsedTimer>
#include <QTest>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using namespace neuroai;

namespace {
std::uint64_t total(const RasterImage& r) { return std::accumulate(r.counts.begin(), r.counts.end(), std::uint64_t(0)); }
}  // namespace

class TestRasterBinning : public QObject {
    Q_OBJECT

private slots:
    void oneSpikeLandsInItsPixel();
    void binningConservesTheSpikeCount();
    void sixtyFourThousandNeuronsBinExactly();
    void windowEdgesAndBadEvents();
    void fewerNeuronsThanRowsGivesOneRowPerNeuron();
    void rowsAndNeuronsAgree();
    void rowsTakeTheirPopulation();
    void invalidWindowDropsEverything();
    void fitValueRangeIgnoresNaN();
    void downsampleAveragesBlocks();
};

void TestRasterBinning::oneSpikeLandsInItsPixel()
{
    const std::vector<double> t = {10.0};
    const std::vector<int> n = {3};
    const RasterImage r = binSpikes(t, n, 0, 100, 0, 10, 100, 10);
    QCOMPARE(r.width, 100);
    QCOMPARE(r.height, 10);
    QCOMPARE(r.spikeCount, std::uint64_t(1));
    QCOMPARE(r.at(3, 10), std::uint16_t(1));
    QCOMPARE(total(r), std::uint64_t(1));
    QCOMPARE(r.binMs(), 1.0);
}

void TestRasterBinning::binningConservesTheSpikeCount()
{
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> time(-50, 1050);  // some before and after the window
    std::uniform_int_distribution<int> neuron(-5, 1004);       // some outside the range
    std::vector<double> t(20000);
    std::vector<int> n(t.size());
    std::uint64_t inside = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = time(rng);
        n[i] = neuron(rng);
        inside += (t[i] >= 0 && t[i] < 1000 && n[i] >= 0 && n[i] < 1000) ? 1 : 0;
    }
    const RasterImage r = binSpikes(t, n, 0, 1000, 0, 1000, 333, 77);
    QCOMPARE(r.spikeCount, inside);
    QCOMPARE(r.spikeCount + r.dropped, std::uint64_t(t.size()));
    QCOMPARE(total(r), inside);
}

void TestRasterBinning::sixtyFourThousandNeuronsBinExactly()
{
    // 64 000 neurons firing at 10 Hz for 1 s: 640 000 spikes, binned into 800 × 400 pixels (160 neurons per row).
    const int neurons = 64000;
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> phase(0, 100);
    std::vector<double> t;
    std::vector<int> n;
    t.reserve(640000);
    n.reserve(640000);
    for (int id = 0; id < neurons; ++id) {
        const double offset = phase(rng);
        for (int k = 0; k < 10; ++k) {
            t.push_back(offset + 100.0 * k);
            n.push_back(id);
        }
    }
    QElapsedTimer timer;
    timer.start();
    const RasterImage r = binSpikes(t, n, 0, 1000, 0, neurons, 800, 400);
    const double ms = timer.nsecsElapsed() / 1e6;
    qInfo("binning 640000 spikes of 64000 neurons into 800x400: %.2f ms", ms);
    QCOMPARE(r.width, 800);
    QCOMPARE(r.height, 400);
    QCOMPARE(r.dropped, std::uint64_t(0));
    QCOMPARE(r.spikeCount, std::uint64_t(640000));
    QCOMPARE(total(r), std::uint64_t(640000));
    for (int row = 0; row <= 400; ++row)
        QCOMPARE(r.rowFirstNeuron(row), 160 * row);
    // Every row holds 160 neurons × 10 spikes.
    for (int row = 0; row < 400; row += 37) {
        std::uint64_t rowTotal = 0;
        for (int c = 0; c < 800; ++c)
            rowTotal += r.at(row, c);
        QCOMPARE(rowTotal, std::uint64_t(1600));
    }
}

void TestRasterBinning::windowEdgesAndBadEvents()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> t = {0.0, std::nextafter(100.0, 0.0), 100.0, -1e-9, nan, 50, 50};
    const std::vector<int> n = {0, 9, 0, 0, 0, 10, -1};
    const RasterImage r = binSpikes(t, n, 0, 100, 0, 10, 7, 10);
    QCOMPARE(r.spikeCount, std::uint64_t(2));
    QCOMPARE(r.dropped, std::uint64_t(5));  // t = t1, t < t0, NaN, neuron = last, neuron < first
    QCOMPARE(r.at(0, 0), std::uint16_t(1));
    QCOMPARE(r.at(9, 6), std::uint16_t(1));  // just below t1: the last column, not one past it
    // Mismatched lengths: only the common prefix are events.
    const RasterImage shorter = binSpikes(std::vector<double>{1, 2, 3}, std::vector<int>{1}, 0, 10, 0, 10, 10, 10);
    QCOMPARE(shorter.spikeCount + shorter.dropped, std::uint64_t(1));
}

void TestRasterBinning::fewerNeuronsThanRowsGivesOneRowPerNeuron()
{
    const RasterImage r = binSpikes(std::vector<double>{5}, std::vector<int>{12}, 0, 10, 10, 15, 10, 400);
    QCOMPARE(r.height, 5);
    QCOMPARE(r.rowOfNeuron(12), 2);
    QCOMPARE(r.at(2, 5), std::uint16_t(1));
}

void TestRasterBinning::rowsAndNeuronsAgree()
{
    RasterImage r;
    r.firstNeuron = 100;
    r.lastNeuron = 100 + 1000;
    r.height = 7;
    r.width = 1;
    for (int neuron = r.firstNeuron; neuron < r.lastNeuron; ++neuron) {
        const int row = r.rowOfNeuron(neuron);
        QVERIFY(row >= 0 && row < r.height);
        QVERIFY(neuron >= r.rowFirstNeuron(row));
        QVERIFY(neuron < r.rowFirstNeuron(row + 1));
    }
    QCOMPARE(r.rowFirstNeuron(0), 100);
    QCOMPARE(r.rowFirstNeuron(7), 1100);
    QCOMPARE(r.rowOfNeuron(99), -1);
    QCOMPARE(r.rowOfNeuron(1100), -1);
}

void TestRasterBinning::rowsTakeTheirPopulation()
{
    const std::vector<RasterPopulation> pops = {{"E", 0, 0}, {"I", 80, 0xff0000}};
    const RasterImage r = binSpikes(std::vector<double>{}, std::vector<int>{}, 0, 10, 0, 100, 10, 10, pops);
    QCOMPARE(int(r.rowPopulation.size()), 10);
    QCOMPARE(r.populationOfRow(7), 0);
    QCOMPARE(r.populationOfRow(8), 1);
    QCOMPARE(r.populationNames.at(1), std::string("I"));
    QCOMPARE(r.populationRgb.at(1), std::uint32_t(0xff0000));
}

void TestRasterBinning::invalidWindowDropsEverything()
{
    const std::vector<double> t = {1, 2};
    const std::vector<int> n = {0, 1};
    for (const auto& [t0, t1] : {std::pair{10.0, 10.0}, std::pair{10.0, 0.0},
                                 std::pair{0.0, std::numeric_limits<double>::infinity()}}) {
        const RasterImage r = binSpikes(t, n, t0, t1, 0, 2, 10, 10);
        QVERIFY(r.isEmpty());
        QCOMPARE(r.dropped, std::uint64_t(2));
    }
    QVERIFY(binSpikes(t, n, 0, 10, 0, 2, 0, 10).isEmpty());
    QVERIFY(binSpikes(t, n, 0, 10, 5, 5, 10, 10).isEmpty());
}

void TestRasterBinning::fitValueRangeIgnoresNaN()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    MatrixImage m;
    m.rows = 1;
    m.columns = 4;
    m.values = {nan, -1, 3, nan};
    fitValueRange(m);
    QCOMPARE(m.minValue, -1.0);
    QCOMPARE(m.maxValue, 3.0);
    m.diverging = true;
    fitValueRange(m);
    QCOMPARE(m.minValue, -3.0);
    QCOMPARE(m.maxValue, 3.0);
    m.diverging = false;
    m.values = {2, 2, 2, 2};  // constant: a unit range around the value
    fitValueRange(m);
    QCOMPARE(m.minValue, 1.5);
    QCOMPARE(m.maxValue, 2.5);
    m.values = {nan, nan, nan, nan};
    fitValueRange(m);
    QVERIFY(m.maxValue > m.minValue);
}

void TestRasterBinning::downsampleAveragesBlocks()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    MatrixImage m;
    m.rows = 2;
    m.columns = 4;
    m.values = {1, 3, nan, nan, 5, 7, nan, 4};
    m.columnTicks = {"a", "b", "c", "d"};
    const MatrixImage d = downsampleMatrix(m, 1, 2);
    QCOMPARE(d.rows, 1);
    QCOMPARE(d.columns, 2);
    QCOMPARE(d.at(0, 0), 4.0f);  // mean of 1, 3, 5, 7
    QCOMPARE(d.at(0, 1), 4.0f);  // NaN ignored
    QVERIFY(d.columnTicks.empty());
    QCOMPARE(d.columnMax, 4.0);  // edges kept in cell units of the original
    m.values = {1, 2, nan, nan, 3, 4, nan, nan};
    QVERIFY(std::isnan(downsampleMatrix(m, 1, 2).at(0, 1)));  // a block of NaN stays NaN
    QCOMPARE(downsampleMatrix(m, 10, 10).columns, 4);       // already small enough: unchanged
}

QTEST_APPLESS_MAIN(TestRasterBinning)
#include "tst_rasterbinning.moc"
