#pragma once

#include "engine/core/Random.h"

#include <vector>

namespace neuroai::rl {

// Hippocampal replay on a linear track (the case-studies chapter's replay-of-place-cells panel).
//
// The track runs from the start (x = 0) to the reward (x = L). N place cells have Gaussian fields
//     f_i(x) = r_bg + r_peak · exp(−(x − c_i)² / (2σ²)),   c_i = (i + ½)·L/N,
// so cell i is also the i-th cell sorted by field position. A replay event (a sharp-wave ripple) sweeps a virtual
// position x(t) along the whole track at the running speed times the compression factor:
//     REVERSE: from the reward back to the start (what follows a reward, Foster & Wilson 2006);
//     FORWARD: from the start (where the animal rests before a run) towards the reward (Diba & Buzsáki 2007).
// With L = 100 cm, 25 cm/s and 20× compression an event lasts L / (v·c) = 200 ms. Spikes are Poisson with rate
// f_i(x(t)), drawn in steps of dtMs. The event is decoded in bins of binMs with the Bayesian decoder of Zhang et al.
// (1998) under a uniform prior and Poisson likelihood on a grid of positionBins positions:
//     log P(x | n) = Σ_i n_i log f_i(x) − τ Σ_i f_i(x) + const,   τ = bin width,
// and the decoded path is the maximum a posteriori position of each bin with at least one spike. The replay score is
// the straight-line fit of decoded position against time: its slope (cm/s of virtual movement; negative = towards
// the start, i.e. reverse) and R²; and the posterior-weighted correlation r between time and position.
struct HippocampalReplayConfig {
    int cells = 40;
    double trackCm = 100;
    double fieldSigmaCm = 6;
    double peakRateHz = 60;       // in-event peak rate of a cell at its field centre
    double backgroundHz = 1;      // noise: every cell's rate outside its field
    double runSpeedCmS = 25;      // the speed the replayed trajectory is compressed from
    double compression = 20;      // replay speed / running speed
    double binMs = 10;            // decoding bin
    double dtMs = 1;              // spike generation step
    int positionBins = 50;        // decoder grid (L / positionBins cm per bin)

    // Throws std::invalid_argument naming the parameter and the value.
    void validate() const;
    double eventMs() const { return 1000.0 * trackCm / (runSpeedCmS * compression); }
    double fieldCentre(int cell) const { return (cell + 0.5) * trackCm / cells; }
    double rateHz(int cell, double x) const;
    double positionBinCm() const { return trackCm / positionBins; }
};

enum class ReplayDirection { Forward, Reverse };

// A replayed trajectory: the virtual position moves through `waypointsCm` in order, spending `segmentMs` on each
// segment, linearly in between. A straight sweep along the whole track has two waypoints and one segment of
// eventMs(); a replay chosen by gain × need (MattarDawReplay) visits the replayed states' positions in the order they
// were backed up.
struct ReplayPath {
    std::vector<double> waypointsCm;
    double segmentMs = 0;

    double durationMs() const;
    double at(double tMs) const;  // clamped to [0, durationMs]
    // Where the path ends minus where it starts (cm): > 0 runs towards the reward.
    double netCm() const;
};

struct ReplayDecoding {
    std::vector<double> binCentreMs;     // per decoding bin
    std::vector<double> decodedCm;       // MAP position (NaN in bins without spikes)
    std::vector<double> trueCm;          // the replayed position at the bin centre
    std::vector<std::vector<double>> posterior;  // [bin][position bin], sums to 1 (all NaN for empty bins)
    double slopeCmPerS = 0;  // fit of decoded position on time (virtual speed), NaN if < 3 bins decoded
    double r2 = 0;
    double weightedR = 0;    // posterior-weighted correlation of time and position
    double meanAbsErrorCm = 0;  // |decoded − true| averaged over decoded bins
    int decodedBins = 0;
};

struct ReplayEvent {
    ReplayDirection direction = ReplayDirection::Reverse;  // of the replayed path: Forward when netCm ≥ 0
    ReplayPath path;
    double durationMs = 0;
    std::vector<std::vector<double>> spikeMs;  // per cell, times from the event's start
    long spikeCount = 0;
    ReplayDecoding decoding;
};

class HippocampalReplay {
public:
    explicit HippocampalReplay(const HippocampalReplayConfig& config);

    const HippocampalReplayConfig& config() const { return m_config; }
    // The sweep along the whole track: from the start to the reward (Forward) or back (Reverse), in eventMs().
    ReplayPath straightPath(ReplayDirection direction) const;
    // The replayed position at time t (ms) into a straight event.
    double trajectoryCm(ReplayDirection direction, double tMs) const;
    // The expected spike count of one event summed over cells (integral of the rates, on the dtMs grid).
    double expectedSpikeCount(ReplayDirection direction) const;
    // One event with Poisson spikes, decoded. The path version throws std::invalid_argument for fewer than two
    // waypoints, a waypoint off the track, segmentMs ≤ 0 or non-finite, or an event longer than 60 s.
    ReplayEvent generate(ReplayDirection direction, Random& rng) const;
    ReplayEvent generate(const ReplayPath& path, Random& rng) const;
    // Decodes counts[bin][cell] (non-integer counts allowed: a noiseless event passes expected counts).
    ReplayDecoding decode(const std::vector<std::vector<double>>& counts, ReplayDirection direction) const;
    ReplayDecoding decode(const std::vector<std::vector<double>>& counts, const ReplayPath& path) const;
    // Expected counts per decoding bin (the noiseless event).
    std::vector<std::vector<double>> expectedCounts(ReplayDirection direction) const;
    std::vector<std::vector<double>> expectedCounts(const ReplayPath& path) const;
    int binCount() const;  // of a straight event
    int binCount(const ReplayPath& path) const;

private:
    void check(const ReplayPath& path) const;

    HippocampalReplayConfig m_config;
    std::vector<std::vector<double>> m_logRate;  // [position bin][cell]
    std::vector<double> m_rateSum;               // Σ_i f_i(x) per position bin (Hz)
};

// Scores a decoded event from its per-bin fields (binCentreMs, decodedCm with NaN for empty bins, trueCm, posterior
// whose p-th bin is centred at (p + ½)·positionBinCm): fills decodedBins, meanAbsErrorCm, slopeCmPerS, r2 and
// weightedR (NaN with fewer than 3 decoded bins). Shared by the track's decoder and the maze's along-route one.
void scoreReplayDecoding(ReplayDecoding& d, double positionBinCm);

// The checks every replay model shares (the place fields' width and rates, the replay's speed and time steps), used by
// HippocampalReplayConfig and MazeReplayConfig. Throws std::invalid_argument "owner: field = value must …".
void checkReplaySpiking(const char* owner, double fieldSigmaCm, double peakRateHz, double backgroundHz,
                        double runSpeedCmS, double compression, double dtMs, double binMs);

// Poisson deviate with mean lambda (inversion; lambda up to a few hundred).
long poissonDeviate(double lambda, Random& rng);

}  // namespace neuroai::rl
