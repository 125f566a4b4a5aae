// Min/max decimation: bounded output, every column's extrema kept, order preserved.

#include "engine/core/Decimation.h"
#include "engine/core/Random.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace neuroai;

class TestDecimation : public QObject {
    Q_OBJECT
private slots:
    void smallInputsPassThrough()
    {
        const std::vector<double> x{0, 1, 2, 3}, y{5, 6, 7, 8};
        const auto out = decimateMinMax(x, y, 0, 3, 10);
        QCOMPARE(out.size(), std::size_t(4));
        for (std::size_t i = 0; i < 4; ++i) {
            QCOMPARE(out[i].x, x[i]);
            QCOMPARE(out[i].y, y[i]);
        }
    }

    void keepsEveryColumnsExtrema()
    {
        Random random(42);
        const int n = 100000, columns = 300;
        std::vector<double> x(n), y(n);
        for (int i = 0; i < n; ++i) {
            x[std::size_t(i)] = i * 0.01;
            y[std::size_t(i)] = random.normal();
        }
        y[54321] = 40.0;   // a one-sample spike
        y[12345] = -40.0;  // a one-sample trough
        const double x0 = 0, x1 = (n - 1) * 0.01;
        const auto out = decimateMinMax(x, y, x0, x1, columns);
        QVERIFY(out.size() <= std::size_t(2 * columns));
        QVERIFY(out.size() >= std::size_t(columns));

        // Per column: the decimated min and max equal the raw min and max.
        std::vector<double> rawMin(columns, 1e300), rawMax(columns, -1e300), outMin(columns, 1e300), outMax(columns, -1e300);
        auto column = [&](double xv) { return std::min(columns - 1, int((xv - x0) * columns / (x1 - x0))); };
        for (int i = 0; i < n; ++i) {
            const int c = column(x[std::size_t(i)]);
            rawMin[std::size_t(c)] = std::min(rawMin[std::size_t(c)], y[std::size_t(i)]);
            rawMax[std::size_t(c)] = std::max(rawMax[std::size_t(c)], y[std::size_t(i)]);
        }
        for (const PlotPoint& p : out) {
            const int c = column(p.x);
            outMin[std::size_t(c)] = std::min(outMin[std::size_t(c)], p.y);
            outMax[std::size_t(c)] = std::max(outMax[std::size_t(c)], p.y);
        }
        QCOMPARE(outMin, rawMin);
        QCOMPARE(outMax, rawMax);
        QVERIFY(std::any_of(out.begin(), out.end(), [](const PlotPoint& p) { return p.y == 40.0; }));
        QVERIFY(std::any_of(out.begin(), out.end(), [](const PlotPoint& p) { return p.y == -40.0; }));
        // Points stay in time order and are real samples.
        for (std::size_t i = 1; i < out.size(); ++i)
            QVERIFY(out[i].x >= out[i - 1].x);
    }

    void dropsSamplesOutsideTheRange()
    {
        std::vector<double> x(1000), y(1000);
        for (int i = 0; i < 1000; ++i) {
            x[std::size_t(i)] = i;
            y[std::size_t(i)] = i;
        }
        const auto out = decimateMinMax(x, y, 100, 199.5, 10);
        QVERIFY(!out.empty());
        QCOMPARE(out.front().x, 100.0);
        QCOMPARE(out.back().x, 199.0);
        QVERIFY(out.size() <= 20);
        QVERIFY(decimateMinMax(x, y, 2000, 3000, 10).empty());
    }
};

QTEST_APPLESS_MAIN(TestDecimation)
#include "tst_decimation.moc"
