// Place cells (engine/space/PlaceCells.h). Each test would fail if the model or the statistic were wrong:
// - Skaggs information of a uniform map is exactly 0, whatever the occupancy;
// - Skaggs information of a 1-D Gaussian field sampled finely on a finite track equals the closed form (below) to
//   1e-6 bits/spike, for a centred and an off-centre field;
// - a long stationary dwell gives every cell rate·T spikes within 4 Poisson SDs, with and without the theta gate
//   (the von Mises gate is normalised by I0(κ), so it must not change the mean);
// - a rate map built from a long random walk peaks within two bins of every field's centre;
// - phase precession: runs straight through a field, the circular–linear regression of spike phase on position has
//   the configured slope −Δφ/(4σ) within 10 %, and zero slope with precession off;
// - cells are numbered by field centre x; bad parameters throw std::invalid_argument naming the value.

#include "engine/space/PlaceCells.h"
#include "engine/space/RateMap.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

using namespace neuroai::space;

namespace {
// Closed form for λ(x) = A exp(−(x − c)²/2σ²) on the track [0, L] with uniform occupancy (p(x) = 1/L):
//   S  = ∫₀ᴸ exp(−(x − c)²/2σ²) dx = σ √(π/2) [erf((L − c)/(σ√2)) + erf(c/(σ√2))],   λ̄ = A S / L,
//   M₂ = ∫₀ᴸ (x − c)² exp(−(x − c)²/2σ²) dx = σ² S − σ² [(L − c) e^{−(L − c)²/2σ²} + c e^{−c²/2σ²}]
//        (integration by parts of u · u e^{−u²/2σ²}),
//   I  = (1/L) ∫ (λ/λ̄) log₂(λ/λ̄) dx = [ ln(L/S) − M₂ / (2σ² S) ] / ln 2   bits/spike (independent of A).
// For L → ∞ this is log₂(L / (σ√(2π))) − 1/(2 ln 2).
double gaussianTrackInformation(double L, double c, double sigma)
{
    const double r2 = std::sqrt(2.0);
    const double S = sigma * std::sqrt(std::numbers::pi / 2) * (std::erf((L - c) / (sigma * r2)) + std::erf(c / (sigma * r2)));
    const double M2 = sigma * sigma * S -
                      sigma * sigma * ((L - c) * std::exp(-(L - c) * (L - c) / (2 * sigma * sigma)) +
                                       c * std::exp(-c * c / (2 * sigma * sigma)));
    return (std::log(L / S) - M2 / (2 * sigma * sigma * S)) / std::numbers::ln2;
}
}  // namespace

class TestPlaceCells : public QObject {
    Q_OBJECT
private slots:
    void skaggsOfAUniformMapIsZero()
    {
        std::vector<double> rates(400, 7.5), occupancy(400);
        for (std::size_t i = 0; i < occupancy.size(); ++i)
            occupancy[i] = 0.1 + double(i % 17);  // uneven occupancy: still no information
        QCOMPARE(skaggsInformation(rates, occupancy), 0.0);
        // Unvisited / NaN bins are skipped, not counted as zero rate.
        rates[3] = std::numeric_limits<double>::quiet_NaN();
        occupancy[5] = 0;
        rates[5] = 1000;
        QCOMPARE(skaggsInformation(rates, occupancy), 0.0);
        // No spikes at all: undefined.
        QVERIFY(std::isnan(skaggsInformation(std::vector<double>(4, 0.0), std::vector<double>(4, 1.0))));
    }

    void skaggsOfAGaussianFieldMatchesTheClosedForm_data()
    {
        QTest::addColumn<double>("length");
        QTest::addColumn<double>("centre");
        QTest::addColumn<double>("sigma");
        QTest::newRow("centred") << 100.0 << 50.0 << 10.0;
        QTest::newRow("off centre, cut by the end") << 150.0 << 12.0 << 9.0;
        QTest::newRow("wide, cut by both ends") << 60.0 << 25.0 << 30.0;
    }
    void skaggsOfAGaussianFieldMatchesTheClosedForm()
    {
        QFETCH(double, length);
        QFETCH(double, centre);
        QFETCH(double, sigma);
        const int bins = 200000;  // midpoint rule: error ~ (h/σ)² ≈ 1e-8 relative
        std::vector<double> rates(bins), occupancy(bins, 0.02);
        const double h = length / bins;
        for (int i = 0; i < bins; ++i) {
            const double x = (i + 0.5) * h - centre;
            rates[std::size_t(i)] = 20.0 * std::exp(-x * x / (2 * sigma * sigma));
        }
        const double expected = gaussianTrackInformation(length, centre, sigma);
        const double measured = skaggsInformation(rates, occupancy);
        QVERIFY2(std::abs(measured - expected) < 1e-6,
                 qPrintable(QStringLiteral("measured %1, closed form %2").arg(measured, 0, 'g', 12).arg(expected, 0, 'g', 12)));
        QVERIFY(expected > 0.01);  // a field, not a flat map (the wide one carries the least: 0.020 bits/spike)
    }

    void skaggsRejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, skaggsInformation({1, 2}, {1}));
        try {
            skaggsInformation({1, -2}, {1, 1});
            QFAIL("a negative rate was accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("-2")));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 skaggsInformation({1, 2}, {1, std::numeric_limits<double>::infinity()}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, skaggsInformation({1, 2}, {1, -0.5}));
    }

    void stationaryCountsMatchRateTimesDuration_data()
    {
        QTest::addColumn<bool>("precession");
        QTest::newRow("no theta") << false;
        QTest::newRow("theta gate, kappa 3") << true;
    }
    void stationaryCountsMatchRateTimesDuration()
    {
        QFETCH(bool, precession);
        const Arena arena = Arena::openField(100);
        PlaceCellParams p;
        p.cells = 6;
        p.fieldSigmaCm = 12;
        p.peakRateHz = 20;
        p.baselineHz = 0.5;
        p.precession = precession;
        p.phaseLockingKappa = 3;
        PlaceCellPopulation cells(arena, p, 11);
        const Vec2 at{40, 55};
        const double dtMs = 1.0;
        const long steps = 400000;  // 400 s = 3200 theta cycles exactly at 8 Hz
        std::vector<PlaceSpike> spikes;
        std::vector<double> counts(6, 0.0);
        for (long s = 0; s < steps; ++s) {
            spikes.clear();
            cells.step(at, {20, 0}, double(s) * dtMs, dtMs, spikes);
            for (const PlaceSpike& spike : spikes)
                counts[std::size_t(spike.cell)] += 1;
        }
        const double seconds = steps * dtMs * 1e-3;
        for (int i = 0; i < 6; ++i) {
            const double expected = cells.rate(i, at) * seconds;
            // Poisson: SD = √expected; 4 SD (two-sided p ≈ 6e-5 per cell).
            QVERIFY2(std::abs(counts[std::size_t(i)] - expected) < 4 * std::sqrt(expected),
                     qPrintable(QStringLiteral("cell %1: %2 spikes, expected %3").arg(i).arg(counts[std::size_t(i)]).arg(expected)));
        }
    }

    void fieldsPeakAtTheirCentres()
    {
        const Arena arena = Arena::openField(100);
        PlaceCellParams p;
        p.cells = 4;
        p.fieldSigmaCm = 8;
        p.peakRateHz = 30;
        p.baselineHz = 0;
        p.marginCm = 15;
        PlaceCellPopulation cells(arena, p, 3);
        AgentParams ap;
        ap.meanSpeedCmPerS = 30;
        RandomWalkAgent agent(arena, ap, 5, {50, 50});
        std::vector<RateMap> maps(4, RateMap(100, 100, 40, 40));
        std::vector<PlaceSpike> spikes;
        const double dtMs = 2.0;
        for (long s = 0; s < 600000; ++s) {  // 1200 s of exploration
            const Vec2 before = agent.position();
            agent.step(dtMs);
            const Vec2 after = agent.position();
            spikes.clear();
            cells.step(after, {(after.x - before.x) / (dtMs * 1e-3), (after.y - before.y) / (dtMs * 1e-3)},
                       s * dtMs, dtMs, spikes);
            for (RateMap& m : maps)
                m.addOccupancy(after, dtMs * 1e-3);
            for (const PlaceSpike& spike : spikes)
                maps[std::size_t(spike.cell)].addSpikes(after);
        }
        for (int i = 0; i < 4; ++i) {
            const std::vector<double> rates = maps[std::size_t(i)].rates(2.5);
            int best = -1;
            for (int b = 0; b < int(rates.size()); ++b)
                if (std::isfinite(rates[std::size_t(b)]) && (best < 0 || rates[std::size_t(b)] > rates[std::size_t(best)]))
                    best = b;
            const int centreBin = maps[std::size_t(i)].binOf(cells.fields()[std::size_t(i)].centre);
            const int dx = std::abs(best % 40 - centreBin % 40), dy = std::abs(best / 40 - centreBin / 40);
            QVERIFY2(dx <= 2 && dy <= 2, qPrintable(QStringLiteral("cell %1 peaks %2, %3 bins from its centre").arg(i).arg(dx).arg(dy)));
            // The map's information should be close to that of the true field under the same occupancy.
            QVERIFY(skaggsInformation(maps[std::size_t(i)].rates(), maps[std::size_t(i)].occupancySeconds()) > 1.0);
        }
    }

    void precessionSlopeMatchesTheConfiguredOne_data()
    {
        QTest::addColumn<double>("range");
        QTest::addColumn<double>("sigma");
        QTest::addColumn<double>("direction");
        QTest::newRow("270 deg, sigma 8, rightwards") << 270.0 << 8.0 << 1.0;
        QTest::newRow("180 deg, sigma 12, leftwards") << 180.0 << 12.0 << -1.0;
        QTest::newRow("360 deg, sigma 6, rightwards") << 360.0 << 6.0 << 1.0;
    }
    void precessionSlopeMatchesTheConfiguredOne()
    {
        QFETCH(double, range);
        QFETCH(double, sigma);
        QFETCH(double, direction);
        const Arena arena = Arena::linearTrack(200, 10);
        PlaceCellParams p;
        p.cells = 1;
        p.fieldSigmaCm = sigma;
        p.peakRateHz = 30;
        p.baselineHz = 0;
        p.precession = true;
        p.precessionRangeDeg = range;
        p.phaseLockingKappa = 4;
        PlaceCellPopulation cells(arena, p, 21);
        const Vec2 centre = cells.fields()[0].centre;
        const double speed = 25, dtMs = 1.0;
        std::vector<double> u, phase;
        std::vector<PlaceSpike> spikes;
        double t = 0;
        for (int pass = 0; pass < 60; ++pass) {
            // Enter the field 3σ before its centre and leave 3σ after it.
            const double start = centre.x - direction * 3 * sigma;
            const int steps = int(6 * sigma / (speed * dtMs * 1e-3));
            for (int s = 0; s < steps; ++s) {
                const Vec2 at{start + direction * speed * s * dtMs * 1e-3, centre.y};
                spikes.clear();
                cells.step(at, {direction * speed, 0}, t, dtMs, spikes);
                t += dtMs;
                for (const PlaceSpike& spike : spikes) {
                    u.push_back(spike.uCm);
                    phase.push_back(spike.phaseRad);
                }
            }
            t += 37.0;  // a pause between passes, so passes start at different theta phases
        }
        QVERIFY(u.size() > 300);
        const double expected = cells.precessionSlopeRadPerCm();
        QCOMPARE(expected, -(range * std::numbers::pi / 180) / (4 * sigma));
        const CircularLinearFit fit = circularLinearFit(u, phase, -4 * std::abs(expected), 4 * std::abs(expected));
        QVERIFY2(std::abs(fit.slope - expected) < 0.1 * std::abs(expected),
                 qPrintable(QStringLiteral("fitted %1 deg/cm, configured %2 deg/cm")
                                .arg(fit.slope * 180 / std::numbers::pi)
                                .arg(expected * 180 / std::numbers::pi)));
        // The fitted line passes through the centre at phase π (the middle of the range).
        QVERIFY(std::abs(std::remainder(fit.offset - std::numbers::pi, 2 * std::numbers::pi)) < 0.35);
    }

    void withoutPrecessionPhaseDoesNotDependOnPosition()
    {
        // With the gate but no precession range, phases cluster at π wherever the animal is.
        const Arena arena = Arena::linearTrack(200, 10);
        PlaceCellParams p;
        p.cells = 1;
        p.peakRateHz = 30;
        p.baselineHz = 0;
        p.precession = true;
        p.precessionRangeDeg = 0;
        p.phaseLockingKappa = 4;
        PlaceCellPopulation cells(arena, p, 2);
        std::vector<double> u, phase;
        std::vector<PlaceSpike> spikes;
        const Vec2 c = cells.fields()[0].centre;
        for (int s = 0; s < 200000; ++s) {
            const double x = c.x - 24 + std::fmod(s * 0.025, 48.0);
            spikes.clear();
            cells.step({x, c.y}, {25, 0}, s, 1.0, spikes);
            for (const PlaceSpike& spike : spikes) {
                u.push_back(spike.uCm);
                phase.push_back(spike.phaseRad);
            }
        }
        const CircularLinearFit fit = circularLinearFit(u, phase, -0.5, 0.5);
        QVERIFY2(std::abs(fit.slope) < 0.01, qPrintable(QString::number(fit.slope)));
    }

    void circularLinearFitRecoversAWrappedLine()
    {
        std::vector<double> x, phase;
        for (int i = 0; i < 200; ++i) {
            x.push_back(i * 0.1);
            phase.push_back(std::fmod(5.0 - 0.7 * x.back() + 40 * 2 * std::numbers::pi, 2 * std::numbers::pi));
        }
        const CircularLinearFit fit = circularLinearFit(x, phase, -2, 2);
        QVERIFY(std::abs(fit.slope + 0.7) < 1e-6);
        QVERIFY(std::abs(std::remainder(fit.offset - 5.0, 2 * std::numbers::pi)) < 1e-6);
        QVERIFY(fit.resultant > 0.999999);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, circularLinearFit({1, 2}, {1, 2}, -1, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, circularLinearFit({1, 2, 3}, {1, 2, 3}, 1, -1));
    }

    void layoutIsSortedAndInside_data()
    {
        QTest::addColumn<int>("layout");
        QTest::newRow("jittered grid") << int(PlaceCellParams::Layout::JitteredGrid);
        QTest::newRow("random") << int(PlaceCellParams::Layout::Random);
    }
    void layoutIsSortedAndInside()
    {
        QFETCH(int, layout);
        const Arena arena(150, 80);
        PlaceCellParams p;
        p.cells = 37;
        p.layout = PlaceCellParams::Layout(layout);
        p.jitter = 1;
        PlaceCellPopulation cells(arena, p, 9);
        QCOMPARE(cells.size(), 37);
        for (int i = 0; i < cells.size(); ++i) {
            const Vec2 c = cells.fields()[std::size_t(i)].centre;
            QVERIFY(arena.inside(c));
            if (i > 0)
                QVERIFY(cells.fields()[std::size_t(i - 1)].centre.x <= c.x);
            QCOMPARE(cells.rate(i, c), p.baselineHz + p.peakRateHz);
        }
        if (p.layout == PlaceCellParams::Layout::JitteredGrid) {
            // A grid covers the arena: every quarter of it holds some centres.
            int quarters[4] = {0, 0, 0, 0};
            for (const PlaceField& f : cells.fields())
                ++quarters[(f.centre.x > 75 ? 1 : 0) + (f.centre.y > 40 ? 2 : 0)];
            for (const int q : quarters)
                QVERIFY(q >= 5);
        }
    }

    void badParametersAreRejected()
    {
        const Arena arena = Arena::openField(100);
        const auto rejects = [&](PlaceCellParams p, const char* needle) {
            try {
                PlaceCellPopulation cells(arena, p, 1);
            } catch (const std::invalid_argument& e) {
                return QString::fromUtf8(e.what()).contains(QString::fromUtf8(needle));
            }
            return false;
        };
        PlaceCellParams p;
        p.cells = 0;
        QVERIFY(rejects(p, "cell count = 0"));
        p = {};
        p.fieldSigmaCm = -3;
        QVERIFY(rejects(p, "-3"));
        p = {};
        p.peakRateHz = std::numeric_limits<double>::quiet_NaN();
        QVERIFY(rejects(p, "peak rate"));
        p = {};
        p.baselineHz = -1;
        QVERIFY(rejects(p, "baseline"));
        p = {};
        p.jitter = 1.5;
        QVERIFY(rejects(p, "1.5"));
        p = {};
        p.thetaHz = 0;
        QVERIFY(rejects(p, "theta"));
        p = {};
        p.precessionRangeDeg = 400;
        QVERIFY(rejects(p, "400"));
        p = {};
        p.phaseLockingKappa = -1;
        QVERIFY(rejects(p, "kappa"));
        p = {};
        p.marginCm = 60;
        QVERIFY(rejects(p, "margin"));
        PlaceCellPopulation cells(arena, PlaceCellParams{}, 1);
        std::vector<PlaceSpike> out;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, cells.step({1, 1}, {0, 0}, 0, 0, out));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 cells.step({std::nan(""), 1}, {0, 0}, 0, 1, out));
    }
};

QTEST_APPLESS_MAIN(TestPlaceCells)
#include "tst_placecells.moc"
