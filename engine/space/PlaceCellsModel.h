#pragma once

#include "engine/core/Model.h"
#include "engine/space/Arena.h"
#include "engine/space/PlaceCells.h"
#include "engine/space/RateMap.h"

#include <deque>
#include <memory>

namespace neuroai::space {

// Chapter 3's place cells as a live model: an animal in an open field (a random walk with momentum) or on a linear
// track (laps from end to end at `speed`), or steered by the user (arrow keys or a drawn path), a population of place cells (PlaceCells.h) firing
// Poisson spikes for where it is, optionally with theta phase precession, and rate maps of every cell filling in
// (one occupancy map shared by all cells, spike counts per cell). Every second of simulated time (every tenth of the
// time explored in long runs) each cell's Skaggs information is recomputed from its smoothed map, and the shown
// cell's phase–position pairs are fitted by circular–linear regression.
//
// Parameters: cells, layout, field_width, peak_rate, baseline, arena, arena_size restart the experiment (a map mixing
// two populations means nothing); precession, theta, precession_range, phase_locking, speed, autopilot, cell and
// smoothing act on the running state (a change of the precession settings or of the shown cell starts a fresh
// phase plot).
// Steering (posted from the GUI through SimulationRunner::post, never a parameter): steer(direction) moves the
// animal at `speed` while a direction is held; followPath(points) walks a drawn path at `speed` and then hands back
// to the random walk (or stops, with autopilot off).
// Channel: the shown cell's instantaneous rate (Hz). Spikes: neuron = cell index (cells are numbered by field centre
// x). Time step 1 ms.
// Frames: arena = walls, the last 60 s of path, the agent and the shown cell's rate map; matrices[k] = the rate map of
// shown cell k (kShownCells cells spread through the population, metric shown_cell_k names it, info_bits_shown_k its
// information, peak_hz_shown_k its peak); pointSets[0] = the shown cell's spike positions (cm), pointSets[1] its
// (u cm, phase deg) pairs inside 2.5σ of the centre, pointSets[2] the rest of a drawn path being followed (cm).
class PlaceCellsModel final : public Model {
public:
    PlaceCellsModel();
    ~PlaceCellsModel() override;

    std::string id() const override { return "place-cells"; }
    std::string title() const override { return "Place cells: Gaussian fields, Poisson spikes, phase precession"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    double dt() const override { return kDtMs; }
    double timeMs() const override { return m_timeMs; }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override;
    // spike_count, mean_rate_hz (per cell), explored_s, coverage, mean_info_bits, info_bits (shown cell),
    // field_x_cm / field_y_cm (shown cell), agent_x_cm / agent_y_cm, steered (0/1),
    // model_slope_deg_per_cm, phase_points and, once 20 phases are in, precession_slope_deg_per_cm and
    // precession_offset_deg (the fitted phase at u = 0); per shown
    // map k: shown_cell_k, info_bits_shown_k (publish() adds peak_hz_shown_k, the peak of the map it sends).
    std::map<std::string, double> metrics() const override;
    void publish(Frame& frame) const override;

    // --- steering (engine thread: call through SimulationRunner::post) ---
    // Moves at `speed` towards `direction` (any length > 0; it is normalised) until steer({0, 0}) or stopSteering().
    void steer(Vec2 direction);
    // Walks through `points` (cm, clamped into the arena) at `speed`; an empty list cancels a path.
    void followPath(std::vector<Vec2> points);
    void stopSteering();
    bool isSteered() const;

    const PlaceCellPopulation& population() const { return *m_cells; }
    const RandomWalkAgent& agent() const { return *m_agent; }
    // Rates of one cell (Hz per bin, NaN where unvisited) with the current smoothing.
    std::vector<double> cellRates(int cell) const;
    const RateMap& occupancy() const { return *m_occupancy; }
    // The shown cells' indices in matrix order.
    std::vector<int> shownCells() const;

    static constexpr double kDtMs = 1.0;
    static constexpr double kBinCm = 2.5;
    static constexpr double kStatsEveryMs = 1000.0;
    static constexpr int kTrailPoints = 300;     // one every 200 steps (0.2 s): the last 60 s of path
    static constexpr int kShownCells = 4;
    static constexpr int kMaxSpikePoints = 500;    // the last 500 spikes are marked on the arena
    static constexpr int kMaxPhasePoints = 2000;   // fitted on all of them
    static constexpr int kPublishedPhasePoints = 400;  // the last 400 are plotted
    enum ArenaKind { OpenField = 0, LinearTrack = 1 };

private:
    void applyParameters(const ParamSet& p) override;
    std::string checkConstraints(const ParamSet& p) const override;
    void build();
    void buildAgent(Vec2 start);
    void updateStats() const;
    Vec2 clampToArena(Vec2 p) const;

    std::uint64_t m_seed = 1;
    std::map<std::string, double, std::less<>> m_builtValues;
    double m_timeMs = 0;
    long m_steps = 0;
    double m_spikes = 0;
    double m_shownRate = 0;
    int m_shownCell = 0;
    std::vector<double> m_thetaSettings;  // precession, theta, range, kappa of the phase points held
    std::unique_ptr<Arena> m_arena;
    std::unique_ptr<RandomWalkAgent> m_agent;
    std::unique_ptr<PlaceCellPopulation> m_cells;
    std::unique_ptr<RateMap> m_occupancy;
    std::vector<std::vector<float>> m_counts;  // per cell, per bin
    std::vector<PlaceSpike> m_stepSpikes;
    std::deque<ArenaPoint> m_trail;
    std::deque<PlotPoint> m_shownSpikes;  // (x, y) cm
    std::deque<PlotPoint> m_phasePoints;  // (u cm, phase deg)
    Vec2 m_keyDirection{0, 0};
    std::deque<Vec2> m_path;
    std::uint64_t m_agentStreams = 0;
    double m_lapDirection = 1;
    double m_agentSpeed = 0;    // the speed the agent was built with  // track autopilot: +1 running towards larger x

    mutable std::vector<double> m_info;  // bits/spike per cell (NaN: no spikes yet)
    mutable double m_fittedSlope = 0;    // deg/cm, NaN before enough points
    mutable double m_fittedOffset = 0;   // deg at u = 0
    mutable double m_statsTimeMs = -1;
};

}  // namespace neuroai::space
