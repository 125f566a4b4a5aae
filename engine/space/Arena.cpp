#include "engine/space/Arena.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace neuroai::space {

namespace {

void requireFinite(double v, const char* name)
{
    if (!std::isfinite(v))
        throw std::invalid_argument(std::string(name) + " must be finite (got " + std::to_string(v) + ")");
}

void requireNonNegative(double v, const char* name)
{
    requireFinite(v, name);
    if (v < 0)
        throw std::invalid_argument(std::string(name) + " must be >= 0 (got " + std::to_string(v) + ")");
}

void requirePositive(double v, const char* name)
{
    requireFinite(v, name);
    if (v <= 0)
        throw std::invalid_argument(std::string(name) + " must be > 0 (got " + std::to_string(v) + ")");
}

double cross(Vec2 a, Vec2 b) { return a.x * b.y - a.y * b.x; }

// Intersection of segment p → p + r with segment q → q + s: the fraction t along the move, or a value > 1 if none.
double segmentHit(Vec2 p, Vec2 r, Vec2 q, Vec2 s)
{
    const double denom = cross(r, s);
    if (std::abs(denom) < 1e-15)
        return 2.0;  // parallel (sliding along a wall is not a crossing)
    const Vec2 qp{q.x - p.x, q.y - p.y};
    const double t = cross(qp, s) / denom;
    const double u = cross(qp, r) / denom;
    if (t < 0 || t > 1 || u < 0 || u > 1)
        return 2.0;
    return t;
}

}  // namespace

Arena::Arena(double widthCm, double heightCm) : m_width(widthCm), m_height(heightCm)
{
    requireFinite(widthCm, "arena width (cm)");
    requireFinite(heightCm, "arena height (cm)");
    if (widthCm < 1 || widthCm > 10000)
        throw std::invalid_argument("arena width must be in [1, 10000] cm (got " + std::to_string(widthCm) + ")");
    if (heightCm < 1 || heightCm > 10000)
        throw std::invalid_argument("arena height must be in [1, 10000] cm (got " + std::to_string(heightCm) + ")");
}

void Arena::addWall(Vec2 a, Vec2 b)
{
    requireFinite(a.x, "wall x");
    requireFinite(a.y, "wall y");
    requireFinite(b.x, "wall x");
    requireFinite(b.y, "wall y");
    if (std::hypot(b.x - a.x, b.y - a.y) < 1e-9)
        throw std::invalid_argument("a wall needs two distinct end points");
    m_walls.push_back({{a.x, a.y}, {b.x, b.y}});
}

bool Arena::firstCrossing(Vec2 from, Vec2 to, Vec2& hit, Vec2& normal) const
{
    const Vec2 r{to.x - from.x, to.y - from.y};
    double best = 2.0;
    Vec2 bestWallDir{};
    auto consider = [&](Vec2 a, Vec2 b) {
        const Vec2 s{b.x - a.x, b.y - a.y};
        const double t = segmentHit(from, r, a, s);
        if (t < best) {
            best = t;
            bestWallDir = s;
        }
    };
    consider({0, 0}, {m_width, 0});
    consider({m_width, 0}, {m_width, m_height});
    consider({m_width, m_height}, {0, m_height});
    consider({0, m_height}, {0, 0});
    for (const ArenaWall& w : m_walls)
        consider({w.a.x, w.a.y}, {w.b.x, w.b.y});
    if (best > 1.0)
        return false;
    hit = {from.x + best * r.x, from.y + best * r.y};
    const double len = std::hypot(bestWallDir.x, bestWallDir.y);
    normal = {-bestWallDir.y / len, bestWallDir.x / len};
    if (normal.x * r.x + normal.y * r.y > 0)  // point the normal back towards where the agent came from
        normal = {-normal.x, -normal.y};
    return true;
}

ArenaScene Arena::scene() const
{
    ArenaScene s;
    s.xMin = 0;
    s.xMax = m_width;
    s.yMin = 0;
    s.yMax = m_height;
    s.walls = {{{0, 0}, {m_width, 0}},
               {{m_width, 0}, {m_width, m_height}},
               {{m_width, m_height}, {0, m_height}},
               {{0, m_height}, {0, 0}}};
    s.walls.insert(s.walls.end(), m_walls.begin(), m_walls.end());
    return s;
}

RandomWalkAgent::RandomWalkAgent(const Arena& arena, const AgentParams& params, std::uint64_t seed, Vec2 start)
    : m_arena(arena), m_params(params), m_rng(seed), m_pos(start)
{
    requireNonNegative(params.meanSpeedCmPerS, "mean speed (cm/s)");
    requireNonNegative(params.speedSdCmPerS, "speed SD (cm/s)");
    requirePositive(params.speedTauMs, "speed time constant (ms)");
    requireNonNegative(params.turnSdRadPerS, "turning SD (rad/s)");
    requirePositive(params.turnTauMs, "turning time constant (ms)");
    requireNonNegative(params.wallMarginCm, "wall margin (cm)");
    requireFinite(start.x, "start x (cm)");
    requireFinite(start.y, "start y (cm)");
    if (!arena.inside(start))
        throw std::invalid_argument("the agent must start inside the arena");
    m_heading = 2 * std::numbers::pi * m_rng.uniform();
    m_speed = params.meanSpeedCmPerS;
}

void RandomWalkAgent::step(double dtMs)
{
    requirePositive(dtMs, "time step (ms)");
    // Exact Ornstein–Uhlenbeck updates (stable for any dt): x ← μ + (x − μ)·e^{−dt/τ} + σ·√(1 − e^{−2dt/τ})·ξ.
    const double as = std::exp(-dtMs / m_params.speedTauMs);
    m_speed = m_params.meanSpeedCmPerS + (m_speed - m_params.meanSpeedCmPerS) * as +
              m_params.speedSdCmPerS * std::sqrt(1 - as * as) * m_rng.normal();
    m_speed = std::max(0.0, m_speed);
    const double at = std::exp(-dtMs / m_params.turnTauMs);
    m_turnRate = m_turnRate * at + m_params.turnSdRadPerS * std::sqrt(1 - at * at) * m_rng.normal();
    m_heading = std::remainder(m_heading + m_turnRate * dtMs * 1e-3, 2 * std::numbers::pi);

    // Near the border, turn away from a wall the agent is heading into, as a rat does instead of bumping along it.
    const double m = m_params.wallMarginCm;
    double hx = std::cos(m_heading), hy = std::sin(m_heading);
    if ((m_pos.x < m && hx < 0) || (m_pos.x > m_arena.width() - m && hx > 0))
        hx = -hx;
    if ((m_pos.y < m && hy < 0) || (m_pos.y > m_arena.height() - m && hy > 0))
        hy = -hy;
    m_heading = std::atan2(hy, hx);
    advance({m_speed * hx, m_speed * hy}, dtMs);
}

void RandomWalkAgent::moveWith(Vec2 velocityCmPerS, double dtMs)
{
    requirePositive(dtMs, "time step (ms)");
    requireFinite(velocityCmPerS.x, "velocity x (cm/s)");
    requireFinite(velocityCmPerS.y, "velocity y (cm/s)");
    const double speed = std::hypot(velocityCmPerS.x, velocityCmPerS.y);
    if (speed > 0)
        m_heading = std::atan2(velocityCmPerS.y, velocityCmPerS.x);
    m_speed = speed;
    advance(velocityCmPerS, dtMs);
}

void RandomWalkAgent::advance(Vec2 v, double dtMs)
{
    const Vec2 start = m_pos;
    double remaining = dtMs * 1e-3;  // s
    Vec2 vel = v;
    // A move may bounce off several walls (a corner); four bounces in one step is already far beyond any sane dt.
    for (int bounce = 0; bounce < 4 && remaining > 0; ++bounce) {
        const Vec2 to{m_pos.x + vel.x * remaining, m_pos.y + vel.y * remaining};
        Vec2 hit, n;
        if (!m_arena.firstCrossing(m_pos, to, hit, n)) {
            m_pos = to;
            remaining = 0;
            break;
        }
        const double full = std::hypot(to.x - m_pos.x, to.y - m_pos.y);
        const double used = std::hypot(hit.x - m_pos.x, hit.y - m_pos.y);
        remaining *= full > 0 ? std::max(0.0, 1 - used / full) : 0;
        // Stop a hair before the wall and reflect the velocity: v ← v − 2(v·n)n.
        m_pos = {hit.x + 1e-9 * n.x, hit.y + 1e-9 * n.y};
        const double vn = vel.x * n.x + vel.y * n.y;
        vel = {vel.x - 2 * vn * n.x, vel.y - 2 * vn * n.y};
    }
    m_pos.x = std::clamp(m_pos.x, 0.0, m_arena.width());
    m_pos.y = std::clamp(m_pos.y, 0.0, m_arena.height());
    m_heading = std::atan2(vel.y, vel.x);
    const double dtS = dtMs * 1e-3;
    m_vel = {(m_pos.x - start.x) / dtS, (m_pos.y - start.y) / dtS};
}

Trajectory RandomWalkAgent::run(std::size_t steps, double dtMs)
{
    requirePositive(dtMs, "time step (ms)");
    Trajectory tr;
    tr.dtMs = dtMs;
    tr.x.reserve(steps + 1);
    tr.y.reserve(steps + 1);
    tr.vx.reserve(steps + 1);
    tr.vy.reserve(steps + 1);
    tr.x.push_back(m_pos.x);
    tr.y.push_back(m_pos.y);
    for (std::size_t i = 0; i < steps; ++i) {
        step(dtMs);
        tr.vx.push_back(m_vel.x);
        tr.vy.push_back(m_vel.y);
        tr.x.push_back(m_pos.x);
        tr.y.push_back(m_pos.y);
    }
    tr.vx.push_back(m_vel.x);
    tr.vy.push_back(m_vel.y);
    return tr;
}

}  // namespace neuroai::space
