#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"
#include "engine/rl/HippocampalReplay.h"
#include "engine/rl/MattarDawReplay.h"
#include "engine/rl/MazeReplay.h"

#include <memory>
#include <vector>

namespace neuroai::rl {

// The case-studies chapter's hippocampal-replay panel as a live model. The clock is rest time in ms; one step is
// kEventIntervalMs (1 s, about the interval of sharp-wave ripples in quiet wakefulness) and ends with one replay event,
// so the k-th event is published at t = k s, real-time speed shows one event per second and Step runs one event. The animal shuttles along a 100 cm track: it rests at the start before a run and at the reward after it.
// Each event draws where the animal rests: at the reward with probability fraction_reverse (the event is REVERSE,
// from the reward back to the start), else at the start (FORWARD, from the start towards the reward); when the place
// changes from the start to the reward the animal has run a lap. The event's spikes are Poisson (HippocampalReplay),
// with kPadMs of background activity before and after it, and are decoded (Zhang et al. 1998).
//
// What is replayed (parameter replay_choice):
//   "the whole run (fixed)" (0): the whole track, in reverse while the animal rests at the reward, forward while it
//     rests at the start;
//   "gain × need" (1): the sequence MattarDawReplay chooses (Mattar & Daw 2018). The track is a chain of kChainStates
//     states (state k at k·L/(kChainStates − 1) cm, the reward at the far end); each run learns Q(s, right) online
//     (α = kOnlineAlpha) and delivers the reward (parameter reward, read at each run's end). At each rest up to
//     kMaxBackups backups are chosen one after another, each the experienced transition with the largest gain × need
//     (need from the start, where the next run begins; backups with α = kReplayAlpha), and the event replays the
//     positions of the backed-up states in that order, one state spacing per (spacing / running speed / compression).
//     When no backup gains anything the rest is silent (no event, only background spikes). Predicted, and asserted in
//     tests/engine/tst_hippocampalreplay.cpp: nothing before the first reward; a reverse sweep from the reward after
//     the first run; silence once the values are learned; a reverse sweep again after the reward grows, none after it
//     shrinks (what Ambrose, Pfeiffer & Foster 2016 saw, and Mattar & Daw's account of it).
//
// Parameters: world (restarts), replay_choice (restarts), reward, compression, fraction_reverse, cells (track; restarts),
// field_width (track's σ, cm), maze_field_width (the maze's σ, cm), noise (background rate, Hz), peak_rate (Hz).
// Channels, one sample per event (x = the event's time, k · 1000 ms): replay_r (posterior-weighted correlation of time
// and decoded position; > 0 forward, < 0 reverse) and replay_slope (virtual speed of the fit, m/s).
// Frames: matrices[0] = the latest event's raster (rows = cells sorted by field centre, spanning the track in cm;
// columns = 1 ms from −kPadMs to the event's end + kPadMs; values = spike counts); matrices[1] = its posterior
// P(x | spikes) (rows = position bins, columns = decoding bins; NaN where a bin has no spike); matrices[2] = the path,
// rows PathRow (bin centre ms, decoded cm, true cm), one column per decoding bin.
//
// Where (parameter world, restarts): "linear track" (0) as above, or "Dyna maze" (1): Sutton & Barto's 6 × 9 maze of
// 20 cm squares (MazeReplay: 2 × 2 place cells per open square, 188 in all), the animal running the shortest route
// from S to G (14 moves, 280 cm) and resting at either end. A fixed event replays the whole route (forward at S,
// backwards at G); gain × need runs on the route as a chain of its 15 squares (the animal only ever runs the route,
// so only its moves are remembered) and replays the backed-up squares in order, filling a jump between two backups
// with the squares of the route between them. Positions along the route are the "cm" of the channels, the metrics
// (track_cm = the route's length, animal_cm) and matrices[0–2]: the raster's rows are kMazeRasterRowCm bins of the
// along-route position of the fields of the route's cells (spikes summed over the cells of a row), the posterior is
// linearised along the route (MazeDecoding). Three more matrices: [3] the maze (rows × columns of squares: MazeCell
// values), [4] the route (rows x, y in cm; one column per square, S first), [5] the event in the plane, rows
// MazePathRow (bin centre ms, decoded x, y, true x, y in cm), one column per decoding bin.
class HippocampalReplayModel final : public Model {
public:
    HippocampalReplayModel();
    ~HippocampalReplayModel() override;

    std::string id() const override { return "hippocampal-replay"; }
    std::string title() const override { return "Hippocampal replay: forward and reverse place-cell sequences"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    double dt() const override { return kStepMs; }
    double timeMs() const override { return double(m_steps) * kStepMs; }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override { return true; }  // no state that integrates
    // events, forward_events, reverse_events (fixed mode: by where the animal rested; gain × need: by the replayed
    // path's direction), silent_rests, last_backups, last_silent (1/0), decoded_forward / decoded_reverse (sign of
    // the fitted slope with R² ≥ kSignificantR2), runs, last_reverse (1/0), last_r, last_slope (m/s), last_r2,
    // last_error_cm (mean |decoded − true|), last_spikes, event_ms, track_cm, animal_cm (where it rests now).
    std::map<std::string, double> metrics() const override;
    void publish(Frame& frame) const override;

    enum PathRow { TimeRow = 0, DecodedRow = 1, TrueRow = 2, PathRows = 3 };
    enum MazePathRow { MazeTimeRow = 0, DecodedXRow, DecodedYRow, TrueXRow, TrueYRow, MazePathRows };
    enum MazeCell { OpenCell = 0, WallCell = 1, StartCell = 2, GoalCell = 3 };
    enum class World { Track = 0, Maze = 1 };
    static constexpr double kMazeSquareCm = 20;
    static constexpr double kMazeRasterRowCm = 5;
    static constexpr double kPadMs = 50;
    static constexpr double kStepMs = 1000;
    static constexpr long kStepsPerEvent = 1;  // one event per 1000 ms of rest
    static constexpr double kEventIntervalMs = kStepMs * kStepsPerEvent;
    static constexpr double kTrackCm = 100;
    static constexpr double kSignificantR2 = 0.5;
    enum class Choice { Fixed = 0, GainTimesNeed = 1 };
    static constexpr int kChainStates = 10;
    static constexpr int kMaxBackups = kChainStates - 1;
    static constexpr double kGamma = 0.9, kSoftmaxBeta = 5.0, kReplayAlpha = 1.0, kOnlineAlpha = 0.1;
    static double chainStateCm(int state) { return state * kTrackCm / (kChainStates - 1); }
    // The gain × need learner (null in the fixed mode) and the backups of the latest rest.
    const MattarDawReplay* gainNeed() const { return m_md.get(); }
    const std::vector<MattarDawReplay::Step>& lastBackups() const { return m_backups; }

    const HippocampalReplay& replay() const { return *m_replay; }
    World world() const { return m_world; }
    // The maze world's replay model and route (null and empty on the track), and the squares of its latest event.
    const MazeReplay* mazeReplay() const { return m_maze.get(); }
    const std::vector<int>& route() const { return m_route; }
    const MazeReplayEvent& latestMazeEvent() const { return m_mazeLatest; }
    const ReplayEvent* latestEvent() const { return m_events > 0 ? &m_latest : nullptr; }

private:
    void applyParameters(const ParamSet& p) override;
    HippocampalReplayConfig configFrom(const ParamSet& p) const;
    MazeReplayConfig mazeConfigFrom(const ParamSet& p) const;
    void restart();
    // The chain states (track) or route indices (maze) replayed at one rest in the gain × need mode, in order; empty
    // when the rest is silent.
    std::vector<int> chooseGainNeedChain();
    int cellCount() const;
    void publishMaze(Frame& frame) const;

    std::uint64_t m_seed = 1;
    Random m_rng;
    std::unique_ptr<HippocampalReplay> m_replay;
    int m_builtCells = -1;
    int m_builtChoice = -1;
    int m_builtWorld = -1;
    World m_world = World::Track;
    std::unique_ptr<MazeReplay> m_maze;
    std::vector<int> m_route;
    std::vector<int> m_rasterRow;  // per maze cell: its raster row (−1 off the route)
    MazeReplayEvent m_mazeLatest;
    std::unique_ptr<MattarDawReplay> m_md;
    std::vector<MattarDawReplay::Step> m_backups;
    long m_silent = 0;
    bool m_lastSilent = false;
    long m_steps = 0;
    long m_events = 0, m_forward = 0, m_reverse = 0, m_decodedForward = 0, m_decodedReverse = 0, m_runs = 0;
    bool m_atReward = false;
    ReplayEvent m_latest;
    std::vector<std::vector<double>> m_padSpikes;  // background spikes per cell before (< 0) and after the event
};

}  // namespace neuroai::rl
