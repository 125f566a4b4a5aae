// The arena and the random-walk agent (engine/space/Arena.h). Each test would fail if the geometry were wrong:
// - 200 000 steps of the random walk never leave the box, and never cross an interior wall (the side of the wall the
//   agent is on never changes);
// - a straight move into a wall reflects specularly (angle in = angle out, speed kept);
// - the walk explores: every quadrant of a 100 cm box gets > 15 % of the time within 100 s;
// - the speed process has the requested mean (within 5 %);
// - a rate map divides spikes by occupancy per bin, leaves unvisited bins NaN, and smoothing keeps a constant rate
//   constant (the border renormalisation) and a uniform walk's map near its true rate;
// - bad parameters throw std::invalid_argument naming the value.

#include "engine/space/Arena.h"
#include "engine/space/RateMap.h"

#include <QTest>

#include <cmath>
#include <limits>
#include <stdexcept>

using neuroai::space::AgentParams;
using neuroai::space::Arena;
using neuroai::space::RandomWalkAgent;
using neuroai::space::RateMap;
using neuroai::space::Vec2;

class TestArena : public QObject {
    Q_OBJECT
private slots:
    void staysInsideTheBox()
    {
        const Arena arena = Arena::openField(100);
        RandomWalkAgent agent(arena, AgentParams{}, 7, {50, 50});
        for (int i = 0; i < 200000; ++i) {
            agent.step(10.0);
            const Vec2 p = agent.position();
            QVERIFY2(arena.inside(p), qPrintable(QStringLiteral("step %1 at (%2, %3)").arg(i).arg(p.x).arg(p.y)));
        }
    }

    void neverCrossesAnInteriorWall()
    {
        // A wall across the whole box at x = 50 splits it in two: an agent that starts left must stay left.
        Arena arena = Arena::openField(100);
        arena.addWall({50, 0}, {50, 100});
        AgentParams fast;
        fast.meanSpeedCmPerS = 60;  // large steps make tunnelling likely if the crossing test were wrong
        RandomWalkAgent agent(arena, fast, 3, {20, 50});
        for (int i = 0; i < 100000; ++i) {
            agent.step(20.0);
            QVERIFY2(agent.position().x <= 50.0, qPrintable(QString::number(agent.position().x)));
        }
    }

    void reflectsSpecularly()
    {
        const Arena arena = Arena::openField(100);
        RandomWalkAgent agent(arena, AgentParams{}, 1, {90, 50});
        // 30 cm/s along (1, 1)/√2 for 1 s: reaches x = 100 after 10/(30/√2) s, then comes back with vx < 0, vy kept.
        const double c = 30 / std::sqrt(2.0);
        agent.moveWith({c, c}, 1000.0);
        const Vec2 p = agent.position();
        QCOMPARE_LE(std::abs(p.x - (100 - (c * 1.0 - 10))), 1e-6);  // unfolded x = 90 + c, reflected about 100
        QCOMPARE_LE(std::abs(p.y - (50 + c)), 1e-6);
        QVERIFY(std::cos(agent.heading()) < 0);
        QCOMPARE_LE(std::abs(std::sin(agent.heading()) - std::sqrt(0.5)), 1e-9);
    }

    void exploresTheWholeBox()
    {
        const Arena arena = Arena::openField(100);
        RandomWalkAgent agent(arena, AgentParams{}, 11, {50, 50});
        int quadrant[4] = {0, 0, 0, 0};
        const int steps = 10000;  // 100 s at 10 ms
        double speedSum = 0;
        for (int i = 0; i < steps; ++i) {
            agent.step(10.0);
            const Vec2 p = agent.position();
            ++quadrant[(p.x > 50 ? 1 : 0) + (p.y > 50 ? 2 : 0)];
            speedSum += std::hypot(agent.velocity().x, agent.velocity().y);
        }
        for (int q : quadrant)
            QVERIFY2(q > steps * 0.15, qPrintable(QString::number(q)));
        // Reflections keep the speed, so the mean speed is the OU mean (20 cm/s; the clip at 0 is 4 SD away).
        QCOMPARE_LE(std::abs(speedSum / steps - 20.0), 1.0);
    }

    void rateMapDividesSpikesByOccupancy()
    {
        RateMap map(100, 50, 10, 5);
        QCOMPARE(map.binOf({0, 0}), 0);
        QCOMPARE(map.binOf({99.9, 49.9}), 49);
        QCOMPARE(map.binOf({15, 25}), 2 * 10 + 1);
        map.addOccupancy({15, 25}, 2.0);
        map.addSpikes({15, 25}, 6);
        const std::vector<double> r = map.rates();
        QCOMPARE(r[21], 3.0);
        QVERIFY(std::isnan(r[0]));
        QCOMPARE(map.totalSeconds(), 2.0);
        QCOMPARE(map.totalSpikes(), 6.0);
    }

    void smoothingKeepsAConstantRate()
    {
        // Every bin visited with different occupancies but the same 5 Hz: smoothing any width must give 5 Hz exactly.
        RateMap map(100, 100, 20, 20);
        for (int r = 0; r < 20; ++r)
            for (int c = 0; c < 20; ++c) {
                const double occ = 0.1 + 0.05 * ((r * 7 + c * 3) % 11);
                map.addOccupancy({c * 5 + 2.5, r * 5 + 2.5}, occ);
                map.addSpikes({c * 5 + 2.5, r * 5 + 2.5}, 5 * occ);
            }
        for (double sigma : {0.0, 3.0, 10.0})
            for (double v : map.rates(sigma))
                QCOMPARE_LE(std::abs(v - 5.0), 1e-9);
        const neuroai::MatrixImage img = map.image(3.0);
        QCOMPARE(img.rows, 20);
        QCOMPARE(img.unit, std::string("Hz"));
        QCOMPARE(img.columnMax, 100.0);
    }

    void rejectsBadInput()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Arena(0.5, 10));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Arena(nan, 10));
        Arena arena = Arena::openField(100);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, arena.addWall({1, 1}, {1, 1}));
        AgentParams p;
        p.turnTauMs = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RandomWalkAgent(arena, p, 1, {5, 5}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RandomWalkAgent(arena, AgentParams{}, 1, {150, 5}));
        RandomWalkAgent ok(arena, AgentParams{}, 1, {5, 5});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ok.step(0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ok.moveWith({nan, 0}, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RateMap(100, 100, 0, 10));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RateMap(-1, 100, 10, 10));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RateMap(100, 100, 10, 10).rates(nan));
    }
};

QTEST_APPLESS_MAIN(TestArena)
#include "tst_arena.moc"
