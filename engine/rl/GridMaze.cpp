#include "engine/rl/GridMaze.h"

#include <deque>
#include <stdexcept>

namespace neuroai::rl {

namespace {

std::string cellText(Cell c)
{
    return "(" + std::to_string(c.row) + ", " + std::to_string(c.col) + ")";
}

}  // namespace

GridMaze::GridMaze(int rows, int cols, const std::vector<Cell>& walls, Cell start, Cell goal)
    : m_rows(rows), m_cols(cols), m_start(start), m_goal(goal)
{
    if (rows < 1 || rows > 1000)
        throw std::invalid_argument("maze rows must be in [1, 1000] (got " + std::to_string(rows) + ")");
    if (cols < 1 || cols > 1000)
        throw std::invalid_argument("maze cols must be in [1, 1000] (got " + std::to_string(cols) + ")");
    m_wall.assign(std::size_t(rows) * std::size_t(cols), 0);
    if (!contains(start))
        throw std::invalid_argument("maze start " + cellText(start) + " is outside the grid");
    if (!contains(goal))
        throw std::invalid_argument("maze goal " + cellText(goal) + " is outside the grid");
    if (start == goal)
        throw std::invalid_argument("maze start and goal must differ (both " + cellText(start) + ")");
    for (const Cell w : walls) {
        if (!contains(w))
            throw std::invalid_argument("maze wall " + cellText(w) + " is outside the grid");
        if (w == start)
            throw std::invalid_argument("maze wall " + cellText(w) + " covers the start");
        if (w == goal)
            throw std::invalid_argument("maze wall " + cellText(w) + " covers the goal");
        m_wall[std::size_t(state(w))] = 1;
    }
}

GridMaze GridMaze::dynaMaze()
{
    // Figure 8.2 of Sutton & Barto (2nd ed.): the wall blocks, row 0 at the top.
    const std::vector<Cell> walls{{1, 2}, {2, 2}, {3, 2}, {4, 5}, {0, 7}, {1, 7}, {2, 7}};
    return GridMaze(6, 9, walls, Cell{2, 0}, Cell{0, 8});
}

GridMaze GridMaze::openField(int n)
{
    if (n < 2 || n > 1000)
        throw std::invalid_argument("open field size n must be in [2, 1000] (got " + std::to_string(n) + ")");
    return GridMaze(n, n, {}, Cell{n - 1, 0}, Cell{0, n - 1});
}

GridMaze GridMaze::linearTrack(int n)
{
    if (n < 2 || n > 1000)
        throw std::invalid_argument("linear track length n must be in [2, 1000] (got " + std::to_string(n) + ")");
    return GridMaze(1, n, {}, Cell{0, 0}, Cell{0, n - 1});
}

GridMaze GridMaze::fromAscii(std::string_view layout)
{
    std::vector<std::string_view> lines;
    std::size_t begin = 0;
    while (begin < layout.size()) {
        std::size_t end = layout.find('\n', begin);
        if (end == std::string_view::npos)
            end = layout.size();
        lines.push_back(layout.substr(begin, end - begin));
        begin = end + 1;
    }
    while (!lines.empty() && lines.back().empty())
        lines.pop_back();
    if (lines.empty())
        throw std::invalid_argument("maze layout is empty");
    const int rows = int(lines.size());
    const int cols = int(lines.front().size());
    if (rows > 1000 || cols > 1000)
        throw std::invalid_argument("maze layout is " + std::to_string(rows) + " x " + std::to_string(cols) +
                                    "; at most 1000 x 1000 is allowed");
    std::vector<Cell> walls;
    Cell start{-1, -1}, goal{-1, -1};
    for (int r = 0; r < rows; ++r) {
        const std::string_view line = lines[std::size_t(r)];
        if (int(line.size()) != cols)
            throw std::invalid_argument("maze layout row " + std::to_string(r) + " has " + std::to_string(line.size()) +
                                        " characters; row 0 has " + std::to_string(cols));
        for (int c = 0; c < cols; ++c) {
            const char ch = line[std::size_t(c)];
            switch (ch) {
            case '.':
                break;
            case '#':
                walls.push_back({r, c});
                break;
            case 'S':
                if (start.row >= 0)
                    throw std::invalid_argument("maze layout has a second start 'S' at " + cellText({r, c}));
                start = {r, c};
                break;
            case 'G':
                if (goal.row >= 0)
                    throw std::invalid_argument("maze layout has a second goal 'G' at " + cellText({r, c}));
                goal = {r, c};
                break;
            default: {
                const unsigned code = unsigned(static_cast<unsigned char>(ch));
                const std::string shown = (code >= 32 && code < 127) ? "'" + std::string(1, ch) + "'"
                                                                      : "byte " + std::to_string(code);
                throw std::invalid_argument("maze layout: unknown character " + shown + " at " + cellText({r, c}) +
                                            " (allowed: '#', '.', 'S', 'G')");
            }
            }
        }
    }
    if (start.row < 0)
        throw std::invalid_argument("maze layout has no start 'S'");
    if (goal.row < 0)
        throw std::invalid_argument("maze layout has no goal 'G'");
    return GridMaze(rows, cols, walls, start, goal);
}

std::string GridMaze::toAscii() const
{
    std::string out;
    out.reserve(std::size_t(m_rows) * std::size_t(m_cols + 1));
    for (int r = 0; r < m_rows; ++r) {
        for (int c = 0; c < m_cols; ++c) {
            const Cell here{r, c};
            out += here == m_start ? 'S' : here == m_goal ? 'G' : isWall(here) ? '#' : '.';
        }
        out += '\n';
    }
    return out;
}

int GridMaze::state(Cell c) const
{
    if (!contains(c))
        throw std::invalid_argument("maze cell " + cellText(c) + " is outside the " + std::to_string(m_rows) + " x " +
                                    std::to_string(m_cols) + " grid");
    return c.row * m_cols + c.col;
}

void GridMaze::checkState(int s) const
{
    if (s < 0 || s >= stateCount())
        throw std::invalid_argument("maze state " + std::to_string(s) + " is outside [0, " +
                                    std::to_string(stateCount()) + ")");
}

Cell GridMaze::cell(int s) const
{
    checkState(s);
    return Cell{s / m_cols, s % m_cols};
}

bool GridMaze::isWall(Cell c) const
{
    return m_wall[std::size_t(state(c))] != 0;
}

void GridMaze::setWall(Cell c, bool wall)
{
    const int s = state(c);
    if (wall && (c == m_start || c == m_goal))
        throw std::invalid_argument("maze wall " + cellText(c) + " would cover the " +
                                    std::string(c == m_start ? "start" : "goal"));
    m_wall[std::size_t(s)] = wall ? 1 : 0;
}

std::vector<Cell> GridMaze::walls() const
{
    std::vector<Cell> out;
    for (int s = 0; s < stateCount(); ++s)
        if (m_wall[std::size_t(s)] != 0)
            out.push_back(Cell{s / m_cols, s % m_cols});
    return out;
}

StepResult GridMaze::step(int s, int action) const
{
    checkState(s);
    if (m_wall[std::size_t(s)] != 0)
        throw std::invalid_argument("maze step from state " + std::to_string(s) + ", which is a wall " +
                                    cellText(cell(s)));
    if (action < 0 || action >= kActionCount)
        throw std::invalid_argument("maze action must be in [0, 4) (got " + std::to_string(action) + ")");
    static constexpr int kDr[kActionCount] = {-1, 0, 1, 0};  // Up, Right, Down, Left
    static constexpr int kDc[kActionCount] = {0, 1, 0, -1};
    const Cell from = cell(s);
    const Cell to{from.row + kDr[action], from.col + kDc[action]};
    StepResult result;
    result.next = (contains(to) && !isWall(to)) ? state(to) : s;
    result.done = result.next == goalState();
    result.reward = result.done ? 1.0 : 0.0;
    return result;
}

std::vector<int> GridMaze::distancesFrom(Cell from) const
{
    const int source = state(from);
    std::vector<int> dist(std::size_t(stateCount()), -1);
    if (m_wall[std::size_t(source)] != 0)
        return dist;
    std::deque<int> queue{source};
    dist[std::size_t(source)] = 0;
    while (!queue.empty()) {
        const int s = queue.front();
        queue.pop_front();
        for (int a = 0; a < kActionCount; ++a) {
            const int next = step(s, a).next;
            if (dist[std::size_t(next)] < 0) {
                dist[std::size_t(next)] = dist[std::size_t(s)] + 1;
                queue.push_back(next);
            }
        }
    }
    return dist;
}

int GridMaze::shortestPathLength() const
{
    return distancesFrom(m_start)[std::size_t(goalState())];
}

}  // namespace neuroai::rl
