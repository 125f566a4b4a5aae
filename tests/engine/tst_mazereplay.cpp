// Hippocampal replay on a 2-D maze (engine/rl/MazeReplay.h). Checks the route (a shortest path of neighbouring open
// squares, its length the maze's BFS distance), the timing (one square per stepMs), that the noiseless event decodes
// to the replayed position within the decoder's grid, that Poisson events decode along the route forwards or
// backwards as replayed (progress slope of the right sign and about the replay speed), and that bad routes and
// settings are rejected by name.

#include "engine/rl/MazeReplay.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>

using namespace neuroai;
using namespace neuroai::rl;
using neuroai::test::throwsNaming;

class TestMazeReplay : public QObject {
    Q_OBJECT
private slots:
    void theRouteIsAShortestPathOfNeighbours()
    {
        const GridMaze maze = GridMaze::dynaMaze();
        const MazeReplay replay(maze, {});
        QCOMPARE(replay.cellCount(), 4 * (maze.stateCount() - int(maze.walls().size())));  // 2 × 2 per open square
        const std::vector<int> route = replay.shortestRoute(maze.startState(), maze.goalState());
        QCOMPARE(int(route.size()) - 1, maze.shortestPathLength());  // 14 moves
        QCOMPARE(route.front(), maze.startState());
        QCOMPARE(route.back(), maze.goalState());
        replay.checkRoute(route);  // neighbours, no wall
        // Backwards: as short, from the goal to the start.
        const std::vector<int> back = replay.shortestRoute(maze.goalState(), maze.startState());
        QCOMPARE(back.size(), route.size());
        QCOMPARE(back.front(), maze.goalState());
        // Timing: 20 cm squares at 25 cm/s × 20 take 40 ms each.
        QCOMPARE(replay.config().stepMs(), 40.0);
        QCOMPARE(replay.durationMs(route), 14 * 40.0);
        const MazePoint mid = replay.at(route, 20.0);  // halfway between the first two centres
        const MazePoint a = replay.centre(route[0]), b = replay.centre(route[1]);
        QCOMPARE(mid.x, 0.5 * (a.x + b.x));
        QCOMPARE(mid.y, 0.5 * (a.y + b.y));
    }

    void theNoiselessEventDecodesToTheReplayedPosition()
    {
        // Expected counts (no Poisson noise): the MAP position of every bin is within one decoder grid step of the
        // replayed position at the bin centre (grid 20/3 cm; the position moves 5 cm within a 10 ms bin).
        const GridMaze maze = GridMaze::dynaMaze();
        const MazeReplay replay(maze, {});
        const std::vector<int> route = replay.shortestRoute(maze.goalState(), maze.startState());
        const MazeDecoding d = replay.decode(replay.expectedCounts(route), route);
        QCOMPARE(d.decodedBins, replay.binCount(route));
        const double grid = replay.config().squareCm / replay.config().gridPerSquare;
        for (std::size_t b = 0; b < d.decoded.size(); ++b) {
            const double err = std::hypot(d.decoded[b].x - d.truth[b].x, d.decoded[b].y - d.truth[b].y);
            QVERIFY2(err <= grid, qPrintable(QString("bin %1: %2 cm").arg(b).arg(err)));
        }
        // Along the route: 500 cm/s (one 20 cm square per 40 ms), within 5 %, and a straight line (R² > 0.99).
        QVERIFY2(std::abs(d.alongRoute.slopeCmPerS - 500.0) < 25, qPrintable(QString::number(d.alongRoute.slopeCmPerS)));
        QVERIFY(d.alongRoute.r2 > 0.99);
        QVERIFY(d.alongRoute.weightedR > 0.9);
        // The linearised posterior of every decoded bin sums to 1 over the route bins.
        for (const std::vector<double>& post : d.alongRoute.posterior) {
            double sum = 0;
            for (const double p : post)
                sum += p;
            QVERIFY(std::abs(sum - 1) < 1e-12);
        }
    }

    void poissonEventsDecodeAlongTheRoute()
    {
        // 20 Poisson events per direction on the Dyna maze's start-goal route: reverse events (goal → start) decode
        // with progress along the goal → start route growing at about 500 cm/s (25 squares/s), and the same spikes
        // decoded against the start → goal route move backwards; the mean error stays well under one square.
        const GridMaze maze = GridMaze::dynaMaze();
        const MazeReplay replay(maze, {});
        const std::vector<int> forward = replay.shortestRoute(maze.startState(), maze.goalState());
        std::vector<int> reverse(forward.rbegin(), forward.rend());
        Random rng(2026);
        double errorSum = 0, slopeSum = 0, backSlopeSum = 0, shuffledSum = 0;
        int n = 0;
        for (int k = 0; k < 20; ++k) {
            const MazeReplayEvent e = replay.generate(reverse, rng);
            QVERIFY(e.spikeCount > 0);
            // One cell per square: about 1.7 spikes expected per 10 ms bin, so P(empty bin) ≈ e^−1.7 ≈ 0.18.
            QVERIFY(std::size_t(e.decoding.decodedBins) >= e.decoding.decoded.size() * 6 / 10);
            errorSum += e.decoding.meanErrorCm;
            slopeSum += e.decoding.alongRoute.slopeCmPerS;
            // Rebuild the counts from the spikes and decode against the forward route.
            std::vector<std::vector<double>> counts(std::size_t(replay.binCount(reverse)),
                                                    std::vector<double>(std::size_t(replay.cellCount()), 0.0));
            for (int cell = 0; cell < replay.cellCount(); ++cell)
                for (const double t : e.spikeMs[std::size_t(cell)])
                    counts[std::min(counts.size() - 1, std::size_t(t / replay.config().binMs))][std::size_t(cell)] += 1;
            backSlopeSum += replay.decode(counts, forward).alongRoute.slopeCmPerS;
            // The same counts with the cells' identities rotated by half the population: the decoder has only the
            // spike totals to go by, and the error is that of a guess.
            auto shuffled = counts;
            const std::size_t cells = std::size_t(replay.cellCount());
            for (std::size_t b = 0; b < counts.size(); ++b)
                for (std::size_t c = 0; c < cells; ++c)
                    shuffled[b][(c + cells / 2) % cells] = counts[b][c];
            shuffledSum += replay.decode(shuffled, reverse).meanErrorCm;
            ++n;
        }
        const double error = errorSum / n, slope = slopeSum / n, backSlope = backSlopeSum / n;
        const double shuffledError = shuffledSum / n;
        qInfo("20 reverse events: mean decoding error %.1f cm (square 20 cm; %.1f cm with the cells' identities "
              "rotated), %.0f cm/s along the replayed route, %.0f along the opposite one",
              error, shuffledError, slope, backSlope);
        QVERIFY(error < 15);  // under a square (measured 11.6 cm)
        QVERIFY(shuffledError > 3 * error);
        QVERIFY(std::abs(slope - 500) < 60);
        QVERIFY(std::abs(backSlope + 500) < 60);
    }

    void badInputIsRejected()
    {
        const GridMaze maze = GridMaze::dynaMaze();
        const MazeReplay replay(maze, {});
        const int s = maze.startState();
        QVERIFY(throwsNaming([&] { replay.checkRoute({s}); }, "at least two"));
        QVERIFY(throwsNaming([&] { replay.checkRoute({s, maze.goalState()}); }, "neighbours"));
        QVERIFY(throwsNaming([&] { replay.checkRoute({s, -1}); }, "outside"));
        const int wall = maze.state(maze.walls().front());
        QVERIFY(throwsNaming([&] { replay.checkRoute({s, wall}); }, "wall"));
        QVERIFY(throwsNaming(
            [&] {
                MazeReplayConfig c;
                c.fieldSigmaCm = std::nan("");
                MazeReplay bad(maze, c);
            },
            "fieldSigmaCm"));
        QVERIFY(throwsNaming(
            [&] {
                MazeReplayConfig c;
                c.compression = 1e-4;
                MazeReplay bad(maze, c);
            },
            "compression"));
        QVERIFY(throwsNaming([&] { replay.decode({{1.0, 2.0}}, replay.shortestRoute(s, maze.goalState())); },
                             "counts for"));
        QVERIFY(replay.shortestRoute(s, wall).empty());
    }
};

QTEST_APPLESS_MAIN(TestMazeReplay)
#include "tst_mazereplay.moc"
