#pragma once

#include "engine/core/Model.h"
#include "engine/space/Arena.h"
#include "engine/space/GridCells.h"
#include "engine/space/RateMap.h"
#include "engine/space/SpatialStats.h"

#include <deque>
#include <memory>
#include <optional>

namespace neuroai::space {

// Chapter 3's grid-cell experiment as a live model: a rat-like random walk through an open field, one grid cell
// driven by the walk (an ideal lattice, oscillatory interference, or one neuron of a continuous-attractor sheet),
// Poisson spikes from its rate, and the rate map filling in as the animal explores. Every 2 s of simulated time (or
// every tenth of the time explored, when that is longer: a long run at full speed would otherwise spend its time
// rescoring) the smoothed map's spatial autocorrelogram and gridness score are recomputed (SpatialStats.h).
//
// Parameters: cell_model (ideal / interference / attractor); spacing and orientation (ideal; the orientation also
// turns the interference model's directions); theta and beta (interference: spacing 2 / (√3 f_θ β)); phase_noise
// (interference, rad/√s); velocity_gain and sheet_noise (attractor); peak_rate (Hz); arena (cm) and speed (cm/s) of
// the walk. All of these restart the experiment (a rate map mixing two cells means nothing); smoothing (cm) only
// changes how the map is shown and scored.
// Channel: the cell's instantaneous rate (Hz). Spikes: neuron 0. Time step 2 ms (theta must be resolved).
// Frames: the arena with the rate map, the last 30 s of path and the agent; matrices[0] = the autocorrelogram
// (diverging, lags in cm), matrices[1] = the attractor sheet's population activity (attractor model only).
class GridCellsModel final : public Model {
public:
    GridCellsModel();
    ~GridCellsModel() override;

    std::string id() const override { return "grid-cells"; }
    std::string title() const override { return "Grid cells: ideal lattice, oscillatory interference, attractor"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    void reset(std::uint64_t seed) override;
    double dt() const override { return kDtMs; }
    double timeMs() const override { return m_timeMs; }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override;
    // spike_count, mean_rate_hz, explored_s, coverage (fraction of bins visited), and once a score exists:
    // gridness, spacing_cm, orientation_deg, inner_radius_cm, outer_radius_cm; predicted_spacing_cm for the ideal
    // (λ) and interference (2 / (√3 f_θ β)) models.
    std::map<std::string, double> metrics() const override;
    void publish(Frame& frame) const override;

    const RateMap& rateMap() const { return *m_map; }
    // The latest score (recomputed when older than max(kStatsEveryMs, t/10) of simulated time); forceStats()
    // recomputes now.
    const GridScore& score() const;
    void forceStats() const;
    const ContinuousAttractorSheet* sheet() const { return m_sheet.get(); }

    static constexpr double kDtMs = 2.0;
    static constexpr double kBinCm = 2.5;
    static constexpr double kStatsEveryMs = 2000.0;
    static constexpr int kTrailPoints = 300;  // one every 50 steps (0.1 s): the last 30 s of path
    enum CellModel { Ideal = 0, Interference = 1, Attractor = 2 };

private:
    std::string checkConstraints(const ParamSet& p) const override;
    void applyParameters(const ParamSet& p) override;
    void build();
    double cellRate(Vec2 velocity);
    void updateStats() const;

    std::uint64_t m_seed = 1;
    std::map<std::string, double, std::less<>> m_builtValues;  // the parameters the cell was built with (no smoothing)
    double m_timeMs = 0;
    long m_steps = 0;
    double m_rate = 0;
    double m_spikes = 0;
    std::unique_ptr<RandomWalkAgent> m_agent;
    std::unique_ptr<RateMap> m_map;
    std::optional<IdealGridCell> m_ideal;
    std::optional<OscillatoryInterferenceCell> m_interference;
    std::unique_ptr<ContinuousAttractorSheet> m_sheet;
    double m_sheetTop = 1;  // the sheet's peak activity after settling (rate = peak · s / top)
    Random m_spikeRng;
    std::deque<ArenaPoint> m_trail;

    mutable GridScore m_score;
    mutable std::optional<Autocorrelogram> m_autocorrelogram;
    mutable double m_statsTimeMs = -1;
};

}  // namespace neuroai::space
