#pragma once

#include "engine/core/ImageData.h"
#include "engine/core/Random.h"

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai::space {

// Chapter 3's world: a flat arena seen from above, in cm with y upwards (the same convention as ArenaScene, which the
// GUI draws). Positions are doubles; the shared pieces below (arena, trajectory, random-walk agent) are what the place
// cell, grid cell and path-integration code build on.

struct Vec2 {
    double x = 0, y = 0;
};

// A rectangle [0, width] × [0, height] enclosed by its four walls, plus optional interior walls (segments) that the
// agent cannot cross, e.g. a barrier in the middle of an open field.
class Arena {
public:
    // Throws std::invalid_argument naming the value unless 1 cm <= width, height <= 10 000 cm (finite).
    Arena(double widthCm, double heightCm);

    static Arena openField(double sideCm) { return Arena(sideCm, sideCm); }
    // A 1-D-like track: long and narrow (width only a few cm).
    static Arena linearTrack(double lengthCm, double widthCm = 10.0) { return Arena(lengthCm, widthCm); }

    double width() const { return m_width; }
    double height() const { return m_height; }
    // Adds an interior wall; throws std::invalid_argument for non-finite or degenerate (zero-length) segments.
    void addWall(Vec2 a, Vec2 b);
    const std::vector<ArenaWall>& interiorWalls() const { return m_walls; }

    bool inside(Vec2 p) const { return p.x >= 0 && p.x <= m_width && p.y >= 0 && p.y <= m_height; }
    // The first wall (border or interior) crossed by the segment from → to, if any: the crossing point and the wall's
    // unit normal (pointing back towards `from`). Returns false when the move is free.
    bool firstCrossing(Vec2 from, Vec2 to, Vec2& hit, Vec2& normal) const;

    // The arena for ArenaView: bounds, the four border walls and the interior walls.
    ArenaScene scene() const;

private:
    double m_width, m_height;
    std::vector<ArenaWall> m_walls;  // interior walls only
};

// A sampled path: time (ms), position (cm) and velocity (cm/s) at every step.
struct Trajectory {
    double dtMs = 0;
    std::vector<double> x, y;    // cm
    std::vector<double> vx, vy;  // cm/s, the velocity that carried the agent from sample i to i + 1
    std::size_t size() const { return x.size(); }
};

// A rat-like random walk with momentum: speed follows an Ornstein–Uhlenbeck process around `meanSpeed` (clipped at 0)
// and the heading turns with an angular velocity that is itself an Ornstein–Uhlenbeck process, so paths are smooth on
// the scale of `turnTauMs` and the heading decorrelates over a few of them. Walls reflect the heading specularly.
struct AgentParams {
    double meanSpeedCmPerS = 20.0;   // rats explore at ~10–30 cm/s
    double speedSdCmPerS = 5.0;      // stationary SD of the speed process
    double speedTauMs = 1000.0;
    double turnSdRadPerS = 2.0;      // stationary SD of the angular velocity
    double turnTauMs = 300.0;        // momentum: how long a turn persists
    double wallMarginCm = 2.0;       // near a wall the agent turns away (keeps it off the border)
};

class RandomWalkAgent {
public:
    // Starts at `start` with a heading drawn from the seed. Throws std::invalid_argument for a non-finite or negative
    // parameter, a zero time constant, or a start outside the arena.
    RandomWalkAgent(const Arena& arena, const AgentParams& params, std::uint64_t seed, Vec2 start);

    // Advances by dtMs (> 0). Moves are checked against every wall; a crossing is reflected, never tunnelled.
    void step(double dtMs);
    // Forces the velocity for this step (a drawn path or arrow keys): moves by v·dt with the same wall handling.
    void moveWith(Vec2 velocityCmPerS, double dtMs);

    Vec2 position() const { return m_pos; }
    Vec2 velocity() const { return m_vel; }  // cm/s of the last step
    double heading() const { return m_heading; }
    const Arena& arena() const { return m_arena; }

    // Runs `steps` steps of dtMs and records the path (first sample = the current position).
    Trajectory run(std::size_t steps, double dtMs);

private:
    void advance(Vec2 velocity, double dtMs);

    Arena m_arena;
    AgentParams m_params;
    Random m_rng;
    Vec2 m_pos;
    Vec2 m_vel;
    double m_heading = 0;
    double m_speed = 0;
    double m_turnRate = 0;  // rad/s
};

}  // namespace neuroai::space
