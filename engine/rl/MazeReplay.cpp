#include "engine/rl/MazeReplay.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok)
        throw std::invalid_argument(std::string("MazeReplay: ") + name + " = " + std::to_string(value) + " " + what);
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double distance2(MazePoint a, MazePoint b) { return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y); }

}  // namespace

void MazeReplayConfig::validate() const
{
    require(std::isfinite(squareCm) && squareCm > 0, "squareCm", squareCm, "must be positive");
    checkReplaySpiking("MazeReplay", fieldSigmaCm, peakRateHz, backgroundHz, runSpeedCmS, compression, dtMs, binMs);
    require(gridPerSquare >= 1 && gridPerSquare <= 20, "gridPerSquare", gridPerSquare, "must be in [1, 20]");
    require(cellsPerSide >= 1 && cellsPerSide <= 10, "cellsPerSide", cellsPerSide, "must be in [1, 10]");
    require(stepMs() <= 10000, "compression", compression, "makes one step of a replay longer than 10 s");
}

MazeReplay::MazeReplay(const GridMaze& maze, const MazeReplayConfig& config)
    : m_maze(maze), m_config(config)
{
    m_config.validate();
    const int perSide = m_config.cellsPerSide;
    for (int s = 0; s < maze.stateCount(); ++s)
        if (!maze.isWallState(s)) {
            const Cell c = maze.cell(s);
            for (int i = 0; i < perSide; ++i)
                for (int j = 0; j < perSide; ++j) {
                    m_cellState.push_back(s);
                    m_fieldCentre.push_back({(c.col + (j + 0.5) / perSide) * m_config.squareCm,
                                             (c.row + (i + 0.5) / perSide) * m_config.squareCm});
                }
        }
    if (m_cellState.empty())
        throw std::invalid_argument("MazeReplay: the maze has no open square");
    const int g = m_config.gridPerSquare;
    const double step = m_config.squareCm / g;
    for (int s = 0; s < maze.stateCount(); ++s) {
        if (maze.isWallState(s))
            continue;
        const Cell c = maze.cell(s);
        for (int i = 0; i < g; ++i)
            for (int j = 0; j < g; ++j)
                m_grid.push_back({c.col * m_config.squareCm + (j + 0.5) * step, c.row * m_config.squareCm + (i + 0.5) * step});
    }
    m_logRate.assign(m_grid.size(), std::vector<double>(m_cellState.size()));
    m_rateSum.assign(m_grid.size(), 0.0);
    for (std::size_t k = 0; k < m_grid.size(); ++k)
        for (int cell = 0; cell < cellCount(); ++cell) {
            const double r = rateHz(cell, m_grid[k]);
            m_logRate[k][std::size_t(cell)] = std::log(std::max(r, 1e-300));
            m_rateSum[k] += r;
        }
}

void MazeReplay::checkState(int state) const
{
    if (state < 0 || state >= m_maze.stateCount())
        throw std::invalid_argument("MazeReplay: state " + std::to_string(state) + " is outside [0, " +
                                    std::to_string(m_maze.stateCount()) + ")");
}

MazePoint MazeReplay::centre(int state) const
{
    const Cell c = m_maze.cell(state);
    return {(c.col + 0.5) * m_config.squareCm, (c.row + 0.5) * m_config.squareCm};
}

double MazeReplay::rateHz(int cell, MazePoint p) const
{
    const double s2 = m_config.fieldSigmaCm * m_config.fieldSigmaCm;
    return m_config.backgroundHz +
           m_config.peakRateHz * std::exp(-distance2(p, m_fieldCentre[std::size_t(cell)]) / (2 * s2));
}

std::vector<int> MazeReplay::shortestRoute(int from, int to) const
{
    checkState(from);
    checkState(to);
    if (m_maze.isWallState(from) || m_maze.isWallState(to))
        return {};
    const std::vector<int> dist = m_maze.distancesFrom(m_maze.cell(to));
    if (dist[std::size_t(from)] < 0)
        return {};
    std::vector<int> route{from};
    int s = from;
    while (s != to) {
        int next = -1;
        for (int a = 0; a < kActionCount && next < 0; ++a) {
            const int n = m_maze.step(s, a).next;
            if (n != s && dist[std::size_t(n)] == dist[std::size_t(s)] - 1)
                next = n;
        }
        s = next;  // exists: s is at a finite distance > 0 from `to`
        route.push_back(s);
    }
    return route;
}

void MazeReplay::checkRoute(const std::vector<int>& route) const
{
    if (route.size() < 2)
        throw std::invalid_argument("MazeReplay: a route needs at least two squares (got " +
                                    std::to_string(route.size()) + ")");
    for (std::size_t k = 0; k < route.size(); ++k) {
        checkState(route[k]);
        if (m_maze.isWallState(route[k]))
            throw std::invalid_argument("MazeReplay: route square " + std::to_string(k) + " (state " +
                                        std::to_string(route[k]) + ") is a wall");
        if (k > 0) {
            const Cell a = m_maze.cell(route[k - 1]), b = m_maze.cell(route[k]);
            if (std::abs(a.row - b.row) + std::abs(a.col - b.col) != 1)
                throw std::invalid_argument("MazeReplay: route squares " + std::to_string(k - 1) + " and " +
                                            std::to_string(k) + " are not neighbours");
        }
    }
}

double MazeReplay::durationMs(const std::vector<int>& route) const
{
    return route.size() < 2 ? 0.0 : double(route.size() - 1) * m_config.stepMs();
}

MazePoint MazeReplay::at(const std::vector<int>& route, double tMs) const
{
    if (route.empty())
        return {kNaN, kNaN};
    const double u = std::clamp(tMs / m_config.stepMs(), 0.0, double(route.size() - 1));
    const std::size_t k = std::min(std::size_t(u), route.size() - 1);
    if (k + 1 >= route.size())
        return centre(route.back());
    const double f = u - double(k);
    const MazePoint a = centre(route[k]), b = centre(route[k + 1]);
    return {a.x + f * (b.x - a.x), a.y + f * (b.y - a.y)};
}

int MazeReplay::binCount(const std::vector<int>& route) const
{
    return std::max(1, int(std::ceil(durationMs(route) / m_config.binMs - 1e-9)));
}

std::vector<std::vector<double>> MazeReplay::expectedCounts(const std::vector<int>& route) const
{
    checkRoute(route);
    const int bins = binCount(route);
    std::vector<std::vector<double>> counts(std::size_t(bins), std::vector<double>(m_cellState.size(), 0.0));
    const double duration = durationMs(route);
    const double dt = m_config.dtMs;
    for (double t = 0; t < duration - 1e-9; t += dt) {
        const double step = std::min(dt, duration - t);
        const MazePoint p = at(route, t + 0.5 * step);
        const std::size_t bin = std::min(std::size_t(bins - 1), std::size_t((t + 0.5 * step) / m_config.binMs));
        for (int cell = 0; cell < cellCount(); ++cell)
            counts[bin][std::size_t(cell)] += rateHz(cell, p) * step * 1e-3;
    }
    return counts;
}

MazeReplayEvent MazeReplay::generate(const std::vector<int>& route, Random& rng, const std::vector<int>& reference) const
{
    checkRoute(route);
    MazeReplayEvent event;
    event.route = route;
    event.durationMs = durationMs(route);
    event.spikeMs.assign(m_cellState.size(), {});
    const int bins = binCount(route);
    std::vector<std::vector<double>> counts(std::size_t(bins), std::vector<double>(m_cellState.size(), 0.0));
    const double dt = m_config.dtMs;
    for (double t = 0; t < event.durationMs - 1e-9; t += dt) {
        const double step = std::min(dt, event.durationMs - t);
        const MazePoint p = at(route, t + 0.5 * step);
        const std::size_t bin = std::min(std::size_t(bins - 1), std::size_t((t + 0.5 * step) / m_config.binMs));
        for (int cell = 0; cell < cellCount(); ++cell) {
            const long n = poissonDeviate(rateHz(cell, p) * step * 1e-3, rng);
            for (long j = 0; j < n; ++j)  // spread within the step
                event.spikeMs[std::size_t(cell)].push_back(t + step * rng.uniform());
            counts[bin][std::size_t(cell)] += double(n);
            event.spikeCount += n;
        }
    }
    for (auto& spikes : event.spikeMs)
        std::sort(spikes.begin(), spikes.end());
    event.decoding = decode(counts, route, reference);
    return event;
}

double MazeReplay::lengthCm(const std::vector<int>& route) const
{
    return route.size() < 2 ? 0.0 : double(route.size() - 1) * m_config.squareCm;
}

double MazeReplay::alongRouteCm(const std::vector<int>& route, MazePoint p) const
{
    double best = std::numeric_limits<double>::infinity(), where = 0;
    for (std::size_t k = 0; k + 1 < route.size(); ++k) {
        const MazePoint a = centre(route[k]), b = centre(route[k + 1]);
        const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
        const double f = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0);
        const double d = distance2(p, {a.x + f * dx, a.y + f * dy});
        if (d < best) {
            best = d;
            where = (double(k) + f) * m_config.squareCm;
        }
    }
    return where;
}

MazeDecoding MazeReplay::decode(const std::vector<std::vector<double>>& counts, const std::vector<int>& route,
                                const std::vector<int>& reference) const
{
    checkRoute(route);
    const std::vector<int>& line = reference.empty() ? route : reference;
    if (!reference.empty())
        checkRoute(reference);
    MazeDecoding out;
    out.routeBinCm = m_config.squareCm / m_config.gridPerSquare;
    const double length = lengthCm(line);
    const int routeBins = std::max(1, int(std::ceil(length / out.routeBinCm - 1e-9)));
    // Every grid point's route bin, and where it lies along the route.
    std::vector<double> gridAlong(m_grid.size());
    std::vector<std::size_t> gridBin(m_grid.size());
    for (std::size_t k = 0; k < m_grid.size(); ++k) {
        gridAlong[k] = alongRouteCm(line, m_grid[k]);
        gridBin[k] = std::size_t(std::clamp(int(gridAlong[k] / out.routeBinCm), 0, routeBins - 1));
    }
    ReplayDecoding& along = out.alongRoute;
    const std::size_t bins = counts.size();
    along.binCentreMs.resize(bins);
    along.decodedCm.assign(bins, kNaN);
    along.trueCm.resize(bins);
    along.posterior.assign(bins, std::vector<double>(std::size_t(routeBins), kNaN));
    std::vector<double> logP(m_grid.size());
    const double duration = durationMs(route);
    double errorSum = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        if (counts[b].size() != m_cellState.size())
            throw std::invalid_argument("MazeReplay: decoding bin " + std::to_string(b) + " has " +
                                        std::to_string(counts[b].size()) + " counts for " +
                                        std::to_string(m_cellState.size()) + " cells");
        const double t0 = double(b) * m_config.binMs;
        const double t1 = std::max(t0 + m_config.dtMs, std::min(t0 + m_config.binMs, duration));
        const double tau = (t1 - t0) * 1e-3;
        along.binCentreMs[b] = 0.5 * (t0 + t1);
        out.truth.push_back(at(route, along.binCentreMs[b]));
        along.trueCm[b] = alongRouteCm(line, out.truth.back());
        double total = 0;
        for (const double n : counts[b]) {
            if (!std::isfinite(n) || n < 0)
                throw std::invalid_argument("MazeReplay: a spike count of " + std::to_string(n) +
                                            " must be finite and ≥ 0");
            total += n;
        }
        if (!(total > 0)) {
            out.decoded.push_back({kNaN, kNaN});
            continue;
        }
        std::size_t arg = 0;
        double bestLog = -std::numeric_limits<double>::infinity();
        for (std::size_t k = 0; k < m_grid.size(); ++k) {
            double l = -tau * m_rateSum[k];
            const std::vector<double>& lr = m_logRate[k];
            for (std::size_t cell = 0; cell < m_cellState.size(); ++cell)
                if (counts[b][cell] > 0)
                    l += counts[b][cell] * lr[cell];
            logP[k] = l;
            if (l > bestLog) {
                bestLog = l;
                arg = k;
            }
        }
        double z = 0;
        for (std::size_t k = 0; k < m_grid.size(); ++k)
            z += std::exp(logP[k] - bestLog);
        std::vector<double>& post = along.posterior[b];
        std::fill(post.begin(), post.end(), 0.0);
        for (std::size_t k = 0; k < m_grid.size(); ++k)
            post[gridBin[k]] += std::exp(logP[k] - bestLog) / z;
        const MazePoint p = m_grid[arg];
        out.decoded.push_back(p);
        along.decodedCm[b] = gridAlong[arg];
        errorSum += std::sqrt(distance2(p, out.truth.back()));
    }
    scoreReplayDecoding(along, out.routeBinCm);
    out.decodedBins = along.decodedBins;
    out.meanErrorCm = out.decodedBins > 0 ? errorSum / out.decodedBins : kNaN;
    return out;
}

}  // namespace neuroai::rl
