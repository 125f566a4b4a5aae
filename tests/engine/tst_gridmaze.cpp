// Grid mazes for tabular RL (issue 11). Properties:
// - the Dyna maze is Sutton & Barto's Example 8.1 cell for cell (6 × 9, start (2, 0), goal (0, 8), the seven wall
//   cells), and BFS finds the book's 14-step shortest path; open field 2(n − 1), linear track n − 1;
// - moves are deterministic: into a wall or off the grid the agent stays put; reward 1 and done only on entering the
//   goal; every free cell's four moves land on a free neighbour or itself;
// - BFS distances agree with an independent Bellman–Ford relaxation on the same grid;
// - ASCII layouts round-trip exactly, and malformed layouts and bad arguments throw std::invalid_argument naming
//   the problem.

#include "engine/rl/GridMaze.h"

#include <QTest>

#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

using namespace neuroai::rl;

namespace {

// The book's drawing of Figure 8.2 (row 0 at the top), typed in independently of GridMaze::dynaMaze().
const char* const kBookDynaMaze =
    ".......#G\n"
    "..#....#.\n"
    "S.#....#.\n"
    "..#......\n"
    ".....#...\n"
    ".........\n";

template <typename F>
QString invalidArgumentMessage(F&& f)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return QString::fromStdString(e.what());
    } catch (...) {
        return QStringLiteral("<other exception>");
    }
    return QStringLiteral("<no exception>");
}

}  // namespace

class TestGridMaze : public QObject {
    Q_OBJECT

private slots:
    void dynaMazeLayout()
    {
        const GridMaze m = GridMaze::dynaMaze();
        QCOMPARE(m.rows(), 6);
        QCOMPARE(m.cols(), 9);
        QCOMPARE(m.stateCount(), 54);
        QVERIFY(m.start() == (Cell{2, 0}));
        QVERIFY(m.goal() == (Cell{0, 8}));
        QCOMPARE(m.startState(), 18);
        QCOMPARE(m.goalState(), 8);
        const std::vector<Cell> expected{{0, 7}, {1, 2}, {1, 7}, {2, 2}, {2, 7}, {3, 2}, {4, 5}};  // row-major
        QVERIFY(m.walls() == expected);
        QCOMPARE(QString::fromStdString(m.toAscii()), QString::fromLatin1(kBookDynaMaze));
        QCOMPARE(m.shortestPathLength(), 14);
    }

    void shortestPathsOfSimpleMazes()
    {
        for (const int n : {2, 3, 7, 20}) {
            QCOMPARE(GridMaze::openField(n).shortestPathLength(), 2 * (n - 1));
            QCOMPARE(GridMaze::linearTrack(n).shortestPathLength(), n - 1);
            QVERIFY(GridMaze::openField(n).walls().empty());
        }
        // A wall across the field with one gap: the path must detour through it.
        const GridMaze detour = GridMaze::fromAscii("S...\n###.\n....\nG...\n");
        QCOMPARE(detour.shortestPathLength(), 3 + 3 + 3);  // right 3, down 3, left 3
        // A sealed goal is unreachable.
        QCOMPARE(GridMaze::fromAscii("S.#G\n").shortestPathLength(), -1);
    }

    // BFS against Bellman–Ford relaxation (distance = 1 + min over neighbours, iterated to a fixed point), which
    // shares nothing with the BFS queue logic.
    void bfsMatchesRelaxation()
    {
        const GridMaze m = GridMaze::dynaMaze();
        const std::vector<int> bfs = m.distancesFrom(m.start());
        std::vector<int> d(std::size_t(m.stateCount()), INT_MAX / 2);
        d[std::size_t(m.startState())] = 0;
        for (bool changed = true; changed;) {
            changed = false;
            for (int s = 0; s < m.stateCount(); ++s) {
                const Cell c = m.cell(s);
                if (m.isWall(c))
                    continue;
                for (const Cell n : {Cell{c.row - 1, c.col}, Cell{c.row + 1, c.col}, Cell{c.row, c.col - 1},
                                     Cell{c.row, c.col + 1}}) {
                    if (!m.contains(n) || m.isWall(n))
                        continue;
                    const int via = d[std::size_t(m.state(n))] + 1;
                    if (via < d[std::size_t(s)]) {
                        d[std::size_t(s)] = via;
                        changed = true;
                    }
                }
            }
        }
        for (int s = 0; s < m.stateCount(); ++s) {
            const int expected = m.isWallState(s) ? -1 : d[std::size_t(s)];
            QCOMPARE(bfs[std::size_t(s)], expected);
        }
        QCOMPARE(d[std::size_t(m.goalState())], 14);
    }

    void movesAreDeterministicAndWallsBlock()
    {
        const GridMaze m = GridMaze::dynaMaze();
        const int up = int(Action::Up), right = int(Action::Right), down = int(Action::Down), left = int(Action::Left);
        // (2, 1) → Right is the wall at (2, 2): stay put.
        QCOMPARE(m.step(m.state({2, 1}), right).next, m.state({2, 1}));
        // (2, 0) → Left is the border: stay put; Up, Down, Right move.
        QCOMPARE(m.step(18, left).next, 18);
        QCOMPARE(m.step(18, up).next, m.state({1, 0}));
        QCOMPARE(m.step(18, down).next, m.state({3, 0}));
        QCOMPARE(m.step(18, right).next, m.state({2, 1}));
        // (3, 5) → Down is the wall at (4, 5); (0, 6) → Right is the wall at (0, 7); (5, 8) → Down is the border.
        QCOMPARE(m.step(m.state({3, 5}), down).next, m.state({3, 5}));
        QCOMPARE(m.step(m.state({0, 6}), right).next, m.state({0, 6}));
        QCOMPARE(m.step(m.state({5, 8}), down).next, m.state({5, 8}));
        // Entering the goal from below: reward 1, done. Every other move: 0, not done.
        const StepResult g = m.step(m.state({1, 8}), up);
        QCOMPARE(g.next, m.goalState());
        QCOMPARE(g.reward, 1.0);
        QVERIFY(g.done);
        for (int s = 0; s < m.stateCount(); ++s) {
            if (m.isWallState(s))
                continue;
            const Cell c = m.cell(s);
            for (int a = 0; a < 4; ++a) {
                const StepResult r = m.step(s, a);
                const StepResult again = m.step(s, a);
                QCOMPARE(r.next, again.next);  // deterministic
                QVERIFY(!m.isWallState(r.next));
                const Cell n = m.cell(r.next);
                QVERIFY(std::abs(n.row - c.row) + std::abs(n.col - c.col) <= 1);
                QCOMPARE(r.done, r.next == m.goalState());
                QCOMPARE(r.reward, r.done ? 1.0 : 0.0);
            }
        }
        // setWall: closing column 3 from top to bottom seals the goal; reopening (4, 3) restores a 14-step path
        // (down round the first wall block, through (4, 3), along row 3, up the right edge).
        GridMaze closed = m;
        for (int r = 0; r < 6; ++r)
            closed.setWall({r, 3}, true);
        QCOMPARE(closed.shortestPathLength(), -1);
        closed.setWall({4, 3}, false);
        QCOMPARE(closed.shortestPathLength(), 14);
    }

    void asciiRoundTrip()
    {
        for (const GridMaze& m : {GridMaze::dynaMaze(), GridMaze::openField(5), GridMaze::linearTrack(10),
                                  GridMaze::fromAscii("#S#\n.G.\n")}) {
            const std::string text = m.toAscii();
            const GridMaze back = GridMaze::fromAscii(text);
            QCOMPARE(back.rows(), m.rows());
            QCOMPARE(back.cols(), m.cols());
            QVERIFY(back.start() == m.start());
            QVERIFY(back.goal() == m.goal());
            QVERIFY(back.walls() == m.walls());
            QCOMPARE(back.toAscii(), text);
        }
        // Without the final newline, and with trailing blank lines, the same maze.
        const GridMaze a = GridMaze::fromAscii("S.#\n..G");
        const GridMaze b = GridMaze::fromAscii("S.#\n..G\n\n\n");
        QCOMPARE(a.toAscii(), std::string("S.#\n..G\n"));
        QCOMPARE(b.toAscii(), a.toAscii());
        QCOMPARE(GridMaze::fromAscii(kBookDynaMaze).shortestPathLength(), 14);
    }

    void badInputThrows()
    {
        const auto msg = [](auto&& f) { return invalidArgumentMessage(f); };
        QVERIFY(msg([] { GridMaze::fromAscii("S.x\n..G\n"); }).contains("'x' at (0, 2)"));
        QVERIFY(msg([] { GridMaze::fromAscii("S..\n.\tG\n"); }).contains("byte 9"));
        QVERIFY(msg([] { GridMaze::fromAscii("...\n..G\n"); }).contains("no start"));
        QVERIFY(msg([] { GridMaze::fromAscii("S..\n...\n"); }).contains("no goal"));
        QVERIFY(msg([] { GridMaze::fromAscii("S.S\n..G\n"); }).contains("second start"));
        QVERIFY(msg([] { GridMaze::fromAscii("S.G\n..G\n"); }).contains("second goal"));
        QVERIFY(msg([] { GridMaze::fromAscii("S..\n.G\n"); }).contains("row 1 has 2"));
        QVERIFY(msg([] { GridMaze::fromAscii(""); }).contains("empty"));
        QVERIFY(msg([] { GridMaze::fromAscii("\n\n"); }).contains("empty"));
        QVERIFY(msg([] { GridMaze(0, 5, {}, {0, 0}, {0, 1}); }).contains("rows must be in [1, 1000] (got 0)"));
        QVERIFY(msg([] { GridMaze(3, -2, {}, {0, 0}, {0, 1}); }).contains("cols must be in [1, 1000] (got -2)"));
        QVERIFY(msg([] { GridMaze(3, 3, {}, {3, 0}, {0, 1}); }).contains("start (3, 0)"));
        QVERIFY(msg([] { GridMaze(3, 3, {}, {0, 0}, {0, -1}); }).contains("goal (0, -1)"));
        QVERIFY(msg([] { GridMaze(3, 3, {}, {1, 1}, {1, 1}); }).contains("must differ"));
        QVERIFY(msg([] { GridMaze(3, 3, {{1, 1}}, {1, 1}, {0, 0}); }).contains("covers the start"));
        QVERIFY(msg([] { GridMaze(3, 3, {{5, 1}}, {1, 1}, {0, 0}); }).contains("wall (5, 1)"));
        QVERIFY(msg([] { GridMaze::openField(1); }).contains("n must be in [2, 1000] (got 1)"));
        QVERIFY(msg([] { GridMaze::linearTrack(-4); }).contains("(got -4)"));
        const GridMaze m = GridMaze::dynaMaze();
        QVERIFY(msg([&] { m.step(m.state({1, 2}), 0); }).contains("wall (1, 2)"));
        QVERIFY(msg([&] { m.step(0, 4); }).contains("action must be in [0, 4) (got 4)"));
        QVERIFY(msg([&] { m.step(54, 0); }).contains("state 54"));
        QVERIFY(msg([&] { m.cell(-1); }).contains("state -1"));
        GridMaze copy = m;
        QVERIFY(msg([&] { copy.setWall({0, 8}, true); }).contains("goal"));
        QVERIFY(msg([&] { copy.setWall({6, 0}, true); }).contains("(6, 0)"));
    }
};

QTEST_APPLESS_MAIN(TestGridMaze)
#include "tst_gridmaze.moc"
