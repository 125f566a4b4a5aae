#pragma once

// Chapter 5's experiments as registry entries (batch): each computes one panel's whole figure from a parameter set.
//
//   wilson-cowan   one Wilson–Cowan node (WilsonCowan.h, the 1972 limit-cycle set): nullclines, classified fixed
//                  points, a trajectory from a chosen start, the oscillation window over the drive P from the
//                  Jacobian (edges and their kinds) and a bifurcation diagram: the fixed points' E against P (the
//                  whole curve, parametrised by E, with its stability) and the simulated minimum and maximum of E
//                  at each P of a grid, started from the same point; the period 2π/ω of the linearisation against
//                  the simulated one at the chosen P.
//   two-networks   a default-mode and an executive network of Wilson–Cowan nodes switching with a block-design task
//                  (TwoNetworks.h), their BOLD-like signals and the node × node correlation of the BOLD signals
//                  before and after global-signal regression (Connectivity.h), with the within- and
//                  between-network means.
//   kuramoto       mean-field Kuramoto oscillators (Kuramoto.h): r(t) for one coupling K, the phases at the end,
//                  and r̄ against K (a sweep over K/K_c from 0 to 3) beside the N → ∞ theory √(1 − K_c/K).
//
// Each experiment has a "figure" function that returns everything its panel draws (more than the CLI's run prints:
// the classified fixed points, the window's details, every node's time series) and a run function that turns the
// figure into an ExperimentResult; the panels call the figure function and read their readouts from the result, so
// the GUI and `neuroai-sim run` report the same numbers.
//
// Costs with the defaults (Release, one core): wilson-cowan ~0.15 s (the window scan and 49 simulated drives),
// two-networks ~0.3 s (270 s of 8 nodes at 1 ms), kuramoto ~0.35 s (N = 500, 14 runs of 60 s at dt 0.05 s).

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/networks/Connectivity.h"
#include "engine/networks/Kuramoto.h"
#include "engine/networks/TwoNetworks.h"
#include "engine/networks/WilsonCowan.h"

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::networks {

// ------------------------------------------------------------------------------------------------- wilson-cowan

std::vector<ParamSpec> wilsonCowanSpecs();
std::vector<OutputInfo> wilsonCowanOutputs();
ExperimentResult runWilsonCowanExperiment(const ParamSet& parameters, Progress& progress);
// The node the parameters describe (everything not a spec keeps the 1972 value).
WilsonCowanParams wilsonCowanParams(const ParamSet& parameters);

// One point of the fixed-point curve: for a given E there is exactly one drive P at which (E, I) is a fixed point
// (I on the I-nullcline at E, P = Se⁻¹(E/(kE − rE·E)) − c1·E + c2·I), so the curve E ↦ (P, E) is the whole
// bifurcation diagram of the fixed points, folds included.
struct BranchPoint {
    double P = 0, E = 0, I = 0;
    FixedPointKind kind = FixedPointKind::Degenerate;
    bool stable = false;
};

struct WilsonCowanFigure {
    WilsonCowanParams params;
    WcState start;
    double durationMs = 0;
    // Phase plane over [eMin, eMax] × [iMin, iMax].
    double eMin = 0, eMax = 0, iMin = 0, iMax = 0;
    Nullcline eNullcline, iNullcline;
    std::vector<FixedPoint> fixedPoints;  // at the chosen P
    WcTrajectory trajectory;              // from the start for durationMs
    // The window from the Jacobian (scan over [−5, 10]).
    OscillationWindow window;
    // Bifurcation diagram over [pMin, pMax]: the fixed-point curve in order of E (only points with P inside a band
    // around the range), and at each P of the grid the minimum and maximum of E after a transient, from the start.
    double pMin = 0, pMax = 0;
    std::vector<BranchPoint> branch;
    std::vector<double> sweepP, sweepMinE, sweepMaxE;
    // At the chosen P, from the start: a long run (transient 100·τmax, then two halves of 80·τmax each, measured
    // apart). It oscillates if the second half's period is defined and, when a stable fixed point exists, its
    // amplitude exceeds 1e-3 and is at least 0.95 of the first half's (not dying out); with no stable fixed point
    // the run can only end on a limit cycle, so any swing above 1e-6 counts.
    OscillationMeasure measured;
    bool oscillates = false;
    // 2π/ω at the fixed point the run circles (the unstable focus if there is one, else the first fixed point with
    // complex eigenvalues); NaN when no fixed point has complex eigenvalues.
    double linearPeriodMs = 0;
    int linearFrom = -1;  // index into fixedPoints of that point, −1 if none
};

WilsonCowanFigure computeWilsonCowanFigure(const ParamSet& parameters, Progress& progress);
ExperimentResult wilsonCowanResult(const WilsonCowanFigure& figure);
// Codes of an edge in the result's scalars: 0 Hopf, 1 saddle-node, 2 not closed inside the scan.
double windowEdgeCode(WindowEdge edge);

// ------------------------------------------------------------------------------------------------- two-networks

std::vector<ParamSpec> twoNetworksSpecs();
std::vector<OutputInfo> twoNetworksOutputs();
ExperimentResult runTwoNetworksExperiment(const ParamSet& parameters, Progress& progress);
// The settings the parameters describe (a "seed" parameter, when present, sets the seed).
TwoNetworkSettings twoNetworkSettings(const ParamSet& parameters);

struct TwoNetworksFigure {
    TwoNetworkSettings settings;
    TwoNetworkResult run;
    // Network means over nodes (fine activity series and BOLD at the TRs).
    std::vector<double> dmnActivity, execActivity, dmnBold, execBold;
    // Node × node Pearson correlations of the measured BOLD signals (DMN nodes first), raw and after regressing
    // the global signal (the mean over nodes) out of every node; and of the BOLD without the global fluctuation.
    Eigen::MatrixXd correlationRaw, correlationGsr, correlationNeural;
    GroupCorrelation raw, gsr, neural;
};

// `seed` seeds the neural noise and the global fluctuation (the run's "seed" parameter; a panel passes its own).
TwoNetworksFigure computeTwoNetworksFigure(const ParamSet& parameters, std::uint64_t seed, Progress& progress);
ExperimentResult twoNetworksResult(const TwoNetworksFigure& figure);

// ----------------------------------------------------------------------------------------------------- kuramoto

std::vector<ParamSpec> kuramotoSpecs();
std::vector<OutputInfo> kuramotoOutputs();
ExperimentResult runKuramotoExperiment(const ParamSet& parameters, Progress& progress);
KuramotoConfig kuramotoConfig(const ParamSet& parameters);
KuramotoRunSettings kuramotoRunSettings(const ParamSet& parameters);
// The sweep's couplings for critical coupling kc: K/K_c = 0, 0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2,
// 2.5, 3, and the chosen K if it is not among them (in increasing order).
std::vector<double> kuramotoSweepCouplings(double kc, double chosen);

struct KuramotoFigure {
    KuramotoConfig config;
    KuramotoRunSettings settings;
    double kc = 0;       // critical coupling of the distribution
    double rTheory = 0;  // N → ∞ r at the chosen K
    KuramotoRun run;     // at the chosen K
    std::vector<double> omega;  // natural frequencies of that run
    // Inside the locking range |ω − ω0| ≤ K·r̄ (the mean field can hold them at the common frequency; for a symmetric
    // g that frequency is ω0), and their share. (KuramotoRun::lockedFraction measures frequency clusters instead,
    // which a short window cannot resolve when the frequencies are narrow: it counts uncoupled oscillators then.)
    std::vector<bool> locked;
    double lockedFraction = 0;
    KuramotoSweep sweep;
    int realisations = 1;
    // Theory curve on a fine grid of K over the sweep's range.
    std::vector<double> theoryK, theoryR;
};

// `seed` seeds the frequencies (random sampling) and the initial phases; realisation m of the sweep uses seed + m.
KuramotoFigure computeKuramotoFigure(const ParamSet& parameters, std::uint64_t seed, Progress& progress);
ExperimentResult kuramotoResult(const KuramotoFigure& figure);

}  // namespace neuroai::networks
