#include "engine/rl/HippocampalReplayModel.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai::rl {

namespace {

constexpr double kPad = HippocampalReplayModel::kPadMs;

// Labels an image of an event: values 0 … 1, rows of position in cm from 0, columns of time from the event's start.
void labelEventImage(MatrixImage& m, const char* valueLabel, const char* rowLabel, double rowMaxCm, double fromMs,
                     double toMs)
{
    m.minValue = 0;
    m.maxValue = 1;
    m.valueLabel = valueLabel;
    m.rowLabel = rowLabel;
    m.rowUnit = "cm";
    m.rowMin = 0;
    m.rowMax = rowMaxCm;
    m.columnLabel = "time from event start";
    m.columnUnit = "ms";
    m.columnMin = fromMs;
    m.columnMax = toMs;
}

// An event's raster: `rows` rows spanning [0, rowMaxCm], one column per ms from −kPadMs to the event's end + kPadMs,
// zero-filled; one spike in a millisecond is already at the top of the colour scale.
MatrixImage eventRaster(int rows, double durationMs, const char* rowLabel, double rowMaxCm)
{
    MatrixImage raster;
    raster.rows = rows;
    raster.columns = int(std::ceil(durationMs + 2 * kPad));
    raster.values.assign(std::size_t(raster.rows) * std::size_t(raster.columns), 0.0f);
    labelEventImage(raster, "spikes per ms", rowLabel, rowMaxCm, -kPad, raster.columns - kPad);
    return raster;
}

void addSpike(MatrixImage& raster, int row, double tMs)
{
    const int col = std::clamp(int(std::floor(tMs + kPad)), 0, raster.columns - 1);
    raster.values[std::size_t(row) * std::size_t(raster.columns) + std::size_t(col)] += 1.0f;
}

// An event's posterior P(position | spikes): `rows` position bins over [0, rowMaxCm], `bins` decoding bins of binMs,
// NaN-filled (a bin without spikes stays NaN).
MatrixImage eventPosterior(int rows, int bins, const char* rowLabel, double rowMaxCm, double binMs)
{
    MatrixImage posterior;
    posterior.rows = rows;
    posterior.columns = bins;
    posterior.values.assign(std::size_t(rows) * std::size_t(bins), std::nanf(""));
    labelEventImage(posterior, "P(position | spikes)", rowLabel, rowMaxCm, 0, bins * binMs);
    return posterior;
}

// Rows of per-bin numbers (the decoded path), NaN-filled.
MatrixImage eventRows(int rows, int bins, const char* label)
{
    MatrixImage m;
    m.rows = rows;
    m.columns = bins;
    m.values.assign(std::size_t(rows) * std::size_t(bins), std::nanf(""));
    m.valueLabel = label;
    return m;
}

float& entry(MatrixImage& m, int row, int col)
{
    return m.values[std::size_t(row) * std::size_t(m.columns) + std::size_t(col)];
}

}  // namespace

HippocampalReplayModel::HippocampalReplayModel()
{
    initParameters();
    reset(1);
}

HippocampalReplayModel::~HippocampalReplayModel() = default;

std::vector<ParamSpec> HippocampalReplayModel::specs() const
{
    ParamSpec compression{"compression", "Time compression", "×", 5, 40, 20, Scale::Linear,
                          "How many times faster than the run the replayed sequence goes. 20×: the 4 s run along the "
                          "track is replayed in 200 ms, the length of a sharp-wave ripple.",
                          0};
    ParamSpec reverse{"fraction_reverse", "Fraction of rests at the reward", "", 0, 1, 0.5, Scale::Linear,
                      "Chance that an event happens while the animal rests at the reward after a run (a reverse "
                      "event) rather than at the start before a run (a forward event).",
                      2};
    ParamSpec cells{"cells", "Place cells", "cells", 10, 150, 40, Scale::Linear,
                    "Place cells with fields tiling the 100 cm track evenly. Changing it restarts the run.", 0};
    ParamSpec width{"field_width", "Field width σ", "cm", 2, 20, 6, Scale::Linear,
                    "Standard deviation of each cell's Gaussian place field.", 1};
    ParamSpec mazeWidth{"maze_field_width", "Field width σ", "cm", 4, 30, 12, Scale::Linear,
                        "Standard deviation of each place cell's Gaussian field in the maze (four cells per 20 cm "
                        "square, 10 cm apart). Narrow fields leave gaps between the cells, and the background "
                        "spikes of all 188 cells drown the few in-field ones: below about 10 cm fewer and fewer "
                        "events decode.",
                        1};
    width.shownWhenKey = mazeWidth.shownWhenKey = "world";
    width.shownWhenValues = {int(World::Track)};
    mazeWidth.shownWhenValues = {int(World::Maze)};
    ParamSpec noise{"noise", "Background rate", "Hz", 0, 30, 1, Scale::Linear,
                    "Firing rate of every cell outside its field: spikes that carry no position.", 1};
    ParamSpec peak{"peak_rate", "Peak rate in an event", "Hz", 10, 200, 60, Scale::Log,
                   "A cell's rate in a replay event when the replayed position is at its field centre.", 0};
    ParamSpec choice = choiceSpec("replay_choice", "What is replayed", {"the whole run (fixed)", "gain × need"}, 0,
                                  "The whole run: every event sweeps the track (or the maze route), backwards at the "
                                  "reward and forwards at the start. Gain × need (Mattar & Daw 2018): each rest replays the remembered moves "
                                  "whose backup would most improve the route, weighted by how soon the animal will "
                                  "need them; with nothing to gain the rest is silent. Changing it restarts the run.");
    choice.asRestartingRun();
    ParamSpec reward{"reward", "Reward size", "", 0, 4, 1, Scale::Linear,
                     "What the animal finds at the end of each run (gain × need only; takes effect at the next run). "
                     "Raise it and the next rest replays the track backwards; lower it and the rests stay silent.",
                     2};
    reward.shownWhenKey = "replay_choice";
    reward.shownWhenValues = {1};
    ParamSpec world = choiceSpec("world", "Where the animal runs", {"linear track", "Dyna maze"}, 0,
                                 "Linear track: 100 cm from the start to the reward. Dyna maze: Sutton & Barto's 6 × 9 "
                                 "maze of 20 cm squares; the animal runs the shortest route from S to G (14 squares) "
                                 "and replays it as a path through the maze. Changing it restarts the run.");
    world.asRestartingRun();
    cells.shownWhenKey = "world";
    cells.shownWhenValues = {int(World::Track)};
    for (ParamSpec* s : {&world, &choice, &reward, &compression, &reverse})
        s->group = "Replay";
    for (ParamSpec* s : {&cells, &width, &mazeWidth, &noise, &peak})
        s->group = "Place cells";
    return {world,     choice, reward, compression, reverse, cells.asInteger().asRestartingRun(), width,
            mazeWidth, noise,  peak};
}

std::vector<ChannelInfo> HippocampalReplayModel::channels() const
{
    return {{"replay_r", "Replay score: weighted correlation r", ""}, {"replay_slope", "Replay speed", "m/s"}};
}

HippocampalReplayConfig HippocampalReplayModel::configFrom(const ParamSet& p) const
{
    HippocampalReplayConfig c;
    c.cells = int(p["cells"]);
    c.trackCm = kTrackCm;
    c.fieldSigmaCm = p["field_width"];
    c.peakRateHz = p["peak_rate"];
    c.backgroundHz = p["noise"];
    c.compression = p["compression"];
    return c;
}

MazeReplayConfig HippocampalReplayModel::mazeConfigFrom(const ParamSet& p) const
{
    MazeReplayConfig c;
    c.squareCm = kMazeSquareCm;
    c.fieldSigmaCm = p["maze_field_width"];
    c.peakRateHz = p["peak_rate"];
    c.backgroundHz = p["noise"];
    c.compression = p["compression"];
    return c;
}

void HippocampalReplayModel::applyParameters(const ParamSet& p)
{
    m_replay = std::make_unique<HippocampalReplay>(configFrom(p));
    if (m_maze)
        m_maze = std::make_unique<MazeReplay>(m_maze->maze(), mazeConfigFrom(p));
    if (int(p["cells"]) != m_builtCells || int(p["replay_choice"]) != m_builtChoice || int(p["world"]) != m_builtWorld)
        restart();
}

void HippocampalReplayModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    m_replay = std::make_unique<HippocampalReplay>(configFrom(parameters()));
    restart();
}

int HippocampalReplayModel::cellCount() const
{
    return m_maze ? m_maze->cellCount() : m_replay->config().cells;
}

void HippocampalReplayModel::restart()
{
    m_builtCells = m_replay->config().cells;
    m_builtChoice = int(parameters()["replay_choice"]);
    m_builtWorld = int(parameters()["world"]);
    m_world = World(m_builtWorld);
    m_maze.reset();
    m_route.clear();
    m_rasterRow.clear();
    m_mazeLatest = MazeReplayEvent{};
    if (m_world == World::Maze) {
        const GridMaze maze = GridMaze::dynaMaze();
        m_maze = std::make_unique<MazeReplay>(maze, mazeConfigFrom(parameters()));
        m_route = m_maze->shortestRoute(maze.startState(), maze.goalState());
        std::vector<bool> onRoute(std::size_t(maze.stateCount()), false);
        for (const int s : m_route)
            onRoute[std::size_t(s)] = true;
        const int rows = int(std::ceil(m_maze->lengthCm(m_route) / kMazeRasterRowCm));
        for (int cell = 0; cell < m_maze->cellCount(); ++cell)
            m_rasterRow.push_back(
                onRoute[std::size_t(m_maze->cellState(cell))]
                    ? std::clamp(int(m_maze->alongRouteCm(m_route, m_maze->fieldCentre(cell)) / kMazeRasterRowCm), 0,
                                 rows - 1)
                    : -1);
    }
    m_md.reset();
    if (m_builtChoice == int(Choice::GainTimesNeed)) {
        const int chain = m_maze ? int(m_route.size()) : kChainStates;
        m_md = std::make_unique<MattarDawReplay>(chain, kGamma, kSoftmaxBeta, kReplayAlpha);
        m_md->setReplayOnlyExperienced(true);
    }
    m_backups.clear();
    m_silent = 0;
    m_lastSilent = false;
    m_rng.reseed(m_seed);
    m_steps = 0;
    m_events = m_forward = m_reverse = m_decodedForward = m_decodedReverse = m_runs = 0;
    m_atReward = false;
    m_latest = ReplayEvent{};
    m_padSpikes.clear();
}

void HippocampalReplayModel::advance(long steps, TraceSink& sink)
{
    const double fractionReverse = parameters()["fraction_reverse"];
    const HippocampalReplayConfig& c = m_replay->config();
    double value[2];
    for (long k = 0; k < steps; ++k) {
        if (++m_steps % kStepsPerEvent != 0)
            continue;
        const bool reverse = m_rng.uniform() < fractionReverse;
        if (reverse && !m_atReward) {
            ++m_runs;  // it ran from the start to the reward since the last event
            if (m_md) {
                m_md->setReward(parameters()["reward"]);
                for (int s = 0; s < m_md->goal(); ++s)
                    m_md->learn(s, 1, kOnlineAlpha);
            }
        }
        m_atReward = reverse;
        std::vector<int> chain;  // gain × need: the replayed chain states (track) or route indices (maze)
        if (m_md)
            chain = chooseGainNeedChain();
        m_lastSilent = m_md && chain.empty();
        const int cells = cellCount();
        if (m_lastSilent) {
            ++m_silent;
            m_latest = ReplayEvent{};
            m_latest.spikeMs.assign(std::size_t(cells), {});
            m_latest.decoding.slopeCmPerS = m_latest.decoding.r2 = m_latest.decoding.weightedR =
                std::numeric_limits<double>::quiet_NaN();
            m_mazeLatest = MazeReplayEvent{};
            m_mazeLatest.spikeMs.assign(std::size_t(cells), {});
        } else if (m_maze) {
            std::vector<int> squares;
            if (m_md) {
                // The backed-up squares in order; a jump between two backups runs through the route's squares
                // between them, so the replayed path never crosses a wall.
                squares.push_back(m_route[std::size_t(chain.front())]);
                for (std::size_t n = 1; n < chain.size(); ++n)
                    for (int j = chain[n - 1]; j != chain[n];) {
                        j += chain[n] > j ? 1 : -1;
                        squares.push_back(m_route[std::size_t(j)]);
                    }
            } else {
                squares = m_route;
                if (reverse)
                    std::reverse(squares.begin(), squares.end());
            }
            m_mazeLatest = m_maze->generate(squares, m_rng, m_route);
            m_latest = ReplayEvent{};
            m_latest.decoding = m_mazeLatest.decoding.alongRoute;
            const std::vector<double>& along = m_latest.decoding.trueCm;
            m_latest.direction = along.empty() || along.back() >= along.front() ? ReplayDirection::Forward
                                                                                 : ReplayDirection::Reverse;
            m_latest.durationMs = m_mazeLatest.durationMs;
            m_latest.spikeCount = m_mazeLatest.spikeCount;
        } else if (m_md) {
            ReplayPath path;
            for (const int state : chain)
                path.waypointsCm.push_back(chainStateCm(state));
            path.segmentMs = 1000.0 * (kTrackCm / (kChainStates - 1)) / (c.runSpeedCmS * c.compression);
            m_latest = m_replay->generate(path, m_rng);
        } else {
            m_latest = m_replay->generate(reverse ? ReplayDirection::Reverse : ReplayDirection::Forward, m_rng);
        }
        // Background spikes around the event, so the raster shows where the ripple starts and stops.
        m_padSpikes.assign(std::size_t(cells), {});
        for (int i = 0; i < cells; ++i) {
            const long before = poissonDeviate(c.backgroundHz * kPadMs / 1000.0, m_rng);
            const long after = poissonDeviate(c.backgroundHz * kPadMs / 1000.0, m_rng);
            for (long n = 0; n < before; ++n)
                m_padSpikes[std::size_t(i)].push_back(-kPadMs * m_rng.uniform());
            for (long n = 0; n < after; ++n)
                m_padSpikes[std::size_t(i)].push_back(m_latest.durationMs + kPadMs * m_rng.uniform());
        }
        ++m_events;
        if (!m_lastSilent)
            ((m_md ? m_latest.direction == ReplayDirection::Reverse : reverse) ? m_reverse : m_forward) += 1;
        const ReplayDecoding& d = m_latest.decoding;
        if (std::isfinite(d.slopeCmPerS) && d.r2 >= kSignificantR2)
            (d.slopeCmPerS > 0 ? m_decodedForward : m_decodedReverse) += 1;
        value[0] = d.weightedR;
        value[1] = d.slopeCmPerS / 100.0;
        sink.sample(timeMs(), value);
    }
}

std::vector<int> HippocampalReplayModel::chooseGainNeedChain()
{
    m_backups.clear();
    for (int k = 0; k < m_md->states() - 1; ++k) {
        const MattarDawReplay::Step step = m_md->replayStep(0);
        if (step.state < 0)
            break;
        m_backups.push_back(step);
    }
    std::vector<int> chain;
    for (const MattarDawReplay::Step& step : m_backups)
        chain.push_back(step.state);
    if (m_backups.size() == 1)  // one backup: the move it replays
        chain.push_back(m_md->next(m_backups.front().state, m_backups.front().action));
    return chain;
}

std::map<std::string, double> HippocampalReplayModel::metrics() const
{
    std::map<std::string, double> m{
        {"events", double(m_events)},
        {"forward_events", double(m_forward)},
        {"reverse_events", double(m_reverse)},
        {"decoded_forward", double(m_decodedForward)},
        {"decoded_reverse", double(m_decodedReverse)},
        {"runs", double(m_runs)},
        {"event_ms", m_maze ? m_maze->durationMs(m_route) : m_replay->config().eventMs()},
        {"track_cm", m_maze ? m_maze->lengthCm(m_route) : kTrackCm},
        {"animal_cm", m_atReward ? (m_maze ? m_maze->lengthCm(m_route) : kTrackCm) : 0.0},
        {"world", double(int(m_world))},
        {"silent_rests", double(m_silent)},
        {"last_event_ms", m_latest.durationMs},
        {"last_backups", double(m_backups.size())},
        {"last_silent", m_lastSilent ? 1.0 : 0.0},
    };
    if (m_events > 0 && !m_lastSilent) {
        const ReplayDecoding& d = m_latest.decoding;
        m["last_reverse"] = m_latest.direction == ReplayDirection::Reverse ? 1.0 : 0.0;
        m["last_r"] = d.weightedR;
        m["last_slope"] = d.slopeCmPerS / 100.0;
        m["last_r2"] = d.r2;
        m["last_error_cm"] = d.meanAbsErrorCm;
        m["last_spikes"] = double(m_latest.spikeCount);
    }
    return m;
}

void HippocampalReplayModel::publish(Frame& frame) const
{
    if (m_maze) {
        publishMaze(frame);
        return;
    }
    const HippocampalReplayConfig& c = m_replay->config();
    const bool have = m_events > 0 && int(m_latest.spikeMs.size()) == c.cells;
    const double duration = have ? m_latest.durationMs : c.eventMs();

    MatrixImage raster = eventRaster(c.cells, duration, "place field centre", kTrackCm);
    if (have)
        for (int i = 0; i < c.cells; ++i) {
            for (const double t : m_latest.spikeMs[std::size_t(i)])
                addSpike(raster, i, t);
            if (std::size_t(i) < m_padSpikes.size())
                for (const double t : m_padSpikes[std::size_t(i)])
                    addSpike(raster, i, t);
        }
    frame.matrices.push_back(std::move(raster));

    // A gain × need event can be shorter than the whole-track sweep: its own decoding bins.
    const int bins = have && m_latest.path.waypointsCm.size() >= 2 ? m_replay->binCount(m_latest.path)
                                                                   : m_replay->binCount();
    MatrixImage posterior = eventPosterior(c.positionBins, bins, "decoded position", kTrackCm, c.binMs);
    MatrixImage path = eventRows(PathRows, bins, "decoded path");
    if (have) {
        const ReplayDecoding& d = m_latest.decoding;
        for (int b = 0; b < bins && b < int(d.posterior.size()); ++b) {
            const std::size_t k = std::size_t(b);
            for (int p = 0; p < c.positionBins; ++p)
                entry(posterior, p, b) = float(d.posterior[k][std::size_t(p)]);
            entry(path, TimeRow, b) = float(d.binCentreMs[k]);
            entry(path, DecodedRow, b) = float(d.decodedCm[k]);
            entry(path, TrueRow, b) = float(d.trueCm[k]);
        }
    }
    frame.matrices.push_back(std::move(posterior));
    frame.matrices.push_back(std::move(path));
}

void HippocampalReplayModel::publishMaze(Frame& frame) const
{
    const MazeReplay& mr = *m_maze;
    const MazeReplayConfig& c = mr.config();
    const double length = mr.lengthCm(m_route);
    const bool have = m_events > 0 && int(m_mazeLatest.spikeMs.size()) == mr.cellCount();
    const double duration = have && m_mazeLatest.durationMs > 0 ? m_mazeLatest.durationMs : mr.durationMs(m_route);

    const int rasterRows = int(std::ceil(length / kMazeRasterRowCm));
    MatrixImage raster =
        eventRaster(rasterRows, duration, "place field along the route", rasterRows * kMazeRasterRowCm);
    if (have)
        for (int cell = 0; cell < mr.cellCount(); ++cell) {
            const int row = m_rasterRow[std::size_t(cell)];
            if (row < 0)
                continue;
            for (const double t : m_mazeLatest.spikeMs[std::size_t(cell)])
                addSpike(raster, row, t);
            if (std::size_t(cell) < m_padSpikes.size())
                for (const double t : m_padSpikes[std::size_t(cell)])
                    addSpike(raster, row, t);
        }
    frame.matrices.push_back(std::move(raster));

    const MazeDecoding& d = m_mazeLatest.decoding;
    const int bins = have && !m_mazeLatest.route.empty() ? int(d.alongRoute.binCentreMs.size()) : mr.binCount(m_route);
    const int routeBins = have && !d.alongRoute.posterior.empty() ? int(d.alongRoute.posterior.front().size())
                                                                  : int(std::ceil(length * c.gridPerSquare / c.squareCm - 1e-9));
    const double routeBinCm = c.squareCm / c.gridPerSquare;
    MatrixImage posterior =
        eventPosterior(routeBins, bins, "decoded position along the route", routeBins * routeBinCm, c.binMs);
    MatrixImage path = eventRows(PathRows, bins, "decoded path");
    MatrixImage plane = eventRows(MazePathRows, bins, "decoded path in the maze");
    if (have && !m_mazeLatest.route.empty())
        for (int b = 0; b < bins; ++b) {
            const std::size_t k = std::size_t(b);
            for (int p = 0; p < routeBins; ++p)
                entry(posterior, p, b) = float(d.alongRoute.posterior[k][std::size_t(p)]);
            entry(path, TimeRow, b) = entry(plane, MazeTimeRow, b) = float(d.alongRoute.binCentreMs[k]);
            entry(path, DecodedRow, b) = float(d.alongRoute.decodedCm[k]);
            entry(path, TrueRow, b) = float(d.alongRoute.trueCm[k]);
            entry(plane, DecodedXRow, b) = float(d.decoded[k].x);
            entry(plane, DecodedYRow, b) = float(d.decoded[k].y);
            entry(plane, TrueXRow, b) = float(d.truth[k].x);
            entry(plane, TrueYRow, b) = float(d.truth[k].y);
        }
    frame.matrices.push_back(std::move(posterior));
    frame.matrices.push_back(std::move(path));

    const GridMaze& maze = mr.maze();
    MatrixImage layout;
    layout.rows = maze.rows();
    layout.columns = maze.cols();
    layout.values.assign(std::size_t(layout.rows) * std::size_t(layout.columns), float(OpenCell));
    for (int s = 0; s < maze.stateCount(); ++s) {
        const Cell at = maze.cell(s);
        const float value = maze.isWallState(s)        ? float(WallCell)
                            : s == maze.startState() ? float(StartCell)
                            : s == maze.goalState()  ? float(GoalCell)
                                                     : float(OpenCell);
        entry(layout, at.row, at.col) = value;
    }
    layout.valueLabel = "maze";
    layout.rowLabel = "row";
    layout.columnLabel = "column";
    layout.rowMin = 0;
    layout.rowMax = maze.rows() * c.squareCm;
    layout.columnMin = 0;
    layout.columnMax = maze.cols() * c.squareCm;
    layout.rowUnit = layout.columnUnit = "cm";
    frame.matrices.push_back(std::move(layout));

    MatrixImage route;
    route.rows = 2;
    route.columns = int(m_route.size());
    route.values.resize(2 * m_route.size());
    for (std::size_t k = 0; k < m_route.size(); ++k) {
        const MazePoint p = mr.centre(m_route[k]);
        entry(route, 0, int(k)) = float(p.x);
        entry(route, 1, int(k)) = float(p.y);
    }
    route.valueLabel = "route";
    frame.matrices.push_back(std::move(route));
    frame.matrices.push_back(std::move(plane));
}

}  // namespace neuroai::rl
