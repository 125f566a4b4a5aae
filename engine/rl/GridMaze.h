#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace neuroai::rl {

// Deterministic grid worlds for tabular reinforcement learning (issue 11): Sutton & Barto's Dyna maze (Example 8.1),
// an open field and a linear track, or any layout written in ASCII.
//
// Cells are addressed by (row, col) with row 0 at the top, as the book draws its mazes. Every cell, wall or not, has a
// state index row * cols + col, so a Q-table or a heat map over states lines up with the grid directly; wall cells are
// simply never entered. Four actions (Up, Right, Down, Left). A move into a wall or off the grid leaves the agent where
// it was. Entering the goal gives reward 1 and ends the episode; every other transition gives 0.
struct Cell {
    int row = 0, col = 0;
    bool operator==(const Cell&) const = default;
};

enum class Action : int { Up = 0, Right = 1, Down = 2, Left = 3 };
inline constexpr int kActionCount = 4;

// The outcome of one move.
struct StepResult {
    int next = 0;        // state after the move (unchanged if the move hit a wall or the border)
    double reward = 0;   // 1 on entering the goal, else 0
    bool done = false;   // true when `next` is the goal
};

class GridMaze {
public:
    // Throws std::invalid_argument (naming the value) for rows or cols outside [1, 1000], a start or goal outside the
    // grid or on a wall, a start equal to the goal, or a wall cell outside the grid.
    GridMaze(int rows, int cols, const std::vector<Cell>& walls, Cell start, Cell goal);

    // Sutton & Barto (2018), Example 8.1 / Figure 8.2: 6 rows × 9 columns, start (2, 0), goal (0, 8), walls at
    // column 2 rows 1–3, column 5 row 4 and column 7 rows 0–2. The shortest path from start to goal is 14 moves.
    static GridMaze dynaMaze();
    // An n × n field without walls, start at the bottom-left corner, goal at the top-right: shortest path 2(n − 1).
    static GridMaze openField(int n);
    // A 1 × n track, start at the left end, goal at the right end: shortest path n − 1.
    static GridMaze linearTrack(int n);

    // Parses a layout: one line per row (top row first), all of the same length, '#' wall, '.' free, 'S' start,
    // 'G' goal (exactly one of each). Lines end with '\n'; a final newline and trailing blank lines are allowed.
    // Throws std::invalid_argument naming the offending character and its (row, col), a ragged row, an empty layout,
    // or a missing or repeated start/goal.
    static GridMaze fromAscii(std::string_view layout);
    // The inverse of fromAscii: rows joined by '\n', with a final '\n'.
    std::string toAscii() const;

    int rows() const { return m_rows; }
    int cols() const { return m_cols; }
    int stateCount() const { return m_rows * m_cols; }
    static constexpr int actionCount() { return kActionCount; }

    bool contains(Cell c) const { return c.row >= 0 && c.row < m_rows && c.col >= 0 && c.col < m_cols; }
    // Throws std::invalid_argument unless the cell / state is on the grid.
    int state(Cell c) const;
    Cell cell(int state) const;
    bool isWall(Cell c) const;
    bool isWallState(int state) const { return isWall(cell(state)); }
    // Turns a cell into a wall or frees it (for blocking/shortcut variants of the maze); throws std::invalid_argument
    // when the cell is off the grid or is the start or the goal.
    void setWall(Cell c, bool wall);
    std::vector<Cell> walls() const;  // row-major order

    Cell start() const { return m_start; }
    Cell goal() const { return m_goal; }
    int startState() const { return state(m_start); }
    int goalState() const { return state(m_goal); }

    // One deterministic move. Throws std::invalid_argument for a state off the grid or on a wall, or an action
    // outside [0, 4). Stepping from the goal is allowed (it behaves like any free cell); episodes stop there anyway.
    StepResult step(int state, int action) const;

    // Breadth-first distances (in moves) from `from` to every state; −1 for walls and unreachable cells.
    std::vector<int> distancesFrom(Cell from) const;
    // Moves on the shortest start → goal path, or −1 if the goal cannot be reached.
    int shortestPathLength() const;

private:
    void checkState(int state) const;

    int m_rows, m_cols;
    std::vector<unsigned char> m_wall;  // per state, 1 = wall
    Cell m_start, m_goal;
};

}  // namespace neuroai::rl
