#include "engine/networks/NetworkExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::networks {

namespace {

// The notes' number format (SpecSupport.h), under a short name: the notes are long sentences.
std::string num(double v, int decimals) { return signedFixed(v, decimals); }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

ParamSpec seedSpec(const char* what)
{
    return ParamSpec{"seed", "Random seed", "", 1, 1e9, 1, Scale::Linear, what, 0}.asInteger();
}

ResultSeries series(const char* name, const char* label, const char* xLabel, const char* xUnit, const char* yLabel,
                    const char* yUnit)
{
    return ResultSeries{name, label, xLabel, xUnit, yLabel, yUnit, {}, {}};
}

void add(ResultSeries& s, double x, double y)
{
    s.x.push_back(x);
    s.y.push_back(y);
}

}  // namespace

// ---------------------------------------------------------------------------------------------- wilson-cowan

std::vector<ParamSpec> wilsonCowanSpecs()
{
    return {
        {"p", "Drive to E, P", "", 0, 4, 1.25, Scale::Linear,
         "Constant external input to the excitatory population (the paper's P). The node oscillates only for P "
         "inside a window; 1.25 is the paper's example.",
         3},
        {"q", "Drive to I, Q", "", -2, 2, 0, Scale::Linear, "Constant external input to the inhibitory population.",
         3},
        {"tau_e", "Time constant τE", "ms", 2, 40, 10, Scale::Linear,
         "How fast the excitatory activity follows its input.", 1},
        {"tau_i", "Time constant τI", "ms", 2, 40, 10, Scale::Linear,
         "How fast the inhibitory activity follows its input. A slower inhibition moves the Hopf edge.", 1},
        ParamSpec{"c1", "E → E coupling c1", "", 0, 30, 16, Scale::Linear,
                  "Recurrent excitation: weight of E in the excitatory population's input.", 1, {}, {}, {},
                  "Couplings"},
        ParamSpec{"c2", "I → E coupling c2", "", 1, 30, 12, Scale::Linear,
                  "Inhibition of the excitatory population.", 1, {}, {}, {}, "Couplings"},
        ParamSpec{"c3", "E → I coupling c3", "", 1, 30, 15, Scale::Linear,
                  "Excitation of the inhibitory population.", 1, {}, {}, {}, "Couplings"},
        ParamSpec{"c4", "I → I coupling c4", "", 0, 20, 3, Scale::Linear,
                  "Self-inhibition of the inhibitory population.", 1, {}, {}, {}, "Couplings"},
        ParamSpec{"e0", "Start E(0)", "", 0, 0.5, 0.1, Scale::Linear,
                  "Excitatory activity where the trajectory and the simulated drives start.", 3, {}, {}, {},
                  "Trajectory"},
        ParamSpec{"i0", "Start I(0)", "", 0, 0.5, 0.05, Scale::Linear,
                  "Inhibitory activity where the trajectory and the simulated drives start.", 3, {}, {}, {},
                  "Trajectory"},
        ParamSpec{"duration_ms", "Duration", "ms", 50, 2000, 400, Scale::Log,
                  "Length of the trajectory in the phase plane and of the E(t), I(t) traces.", 0, {}, {}, {},
                  "Trajectory"},
    };
}

std::vector<OutputInfo> wilsonCowanOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "e_nullcline", "E-nullcline (dE/dt = 0): I against E", "", ""},
        {K::Series, "i_nullcline", "I-nullcline (dI/dt = 0): I against E", "", ""},
        {K::Series, "trajectory_e", "E(t) from the start", "", "ms"},
        {K::Series, "trajectory_i", "I(t) from the start", "", "ms"},
        {K::Series, "branch_stable", "Stable fixed points: E against P", "", ""},
        {K::Series, "branch_unstable", "Unstable fixed points: E against P", "", ""},
        {K::Series, "oscillation_max", "Simulated maximum of E against P", "", ""},
        {K::Series, "oscillation_min", "Simulated minimum of E against P", "", ""},
        {K::Scalar, "window_low", "Lower edge of the oscillation window (P)", "", ""},
        {K::Scalar, "window_high", "Upper edge of the oscillation window (P)", "", ""},
        {K::Scalar, "low_edge", "Kind of the lower edge: 0 Hopf, 1 saddle-node, 2 not found", "", ""},
        {K::Scalar, "high_edge", "Kind of the upper edge: 0 Hopf, 1 saddle-node, 2 not found", "", ""},
        {K::Scalar, "window_found", "1 if the window is closed on both sides inside the scan", "", ""},
        {K::Scalar, "multi_low", "Lower end of the band of P with several fixed points (0: none)", "", ""},
        {K::Scalar, "multi_high", "Upper end of the band of P with several fixed points (0: none)", "", ""},
        {K::Scalar, "hopf_period_ms", "2π/ω at the Hopf edge (0: no Hopf edge)", "ms", ""},
        {K::Scalar, "fixed_points", "Fixed points at this P", "", ""},
        {K::Scalar, "stable_fixed_points", "Stable fixed points at this P", "", ""},
        {K::Scalar, "oscillates", "1 if the run from the start ends on a sustained oscillation", "", ""},
        {K::Scalar, "period_ms", "Simulated period at this P (0: no oscillation)", "ms", ""},
        {K::Scalar, "linear_period_ms", "2π/ω of the linearisation at this P (0: real eigenvalues)", "ms", ""},
        {K::Scalar, "amplitude", "Half the range of E over the last measuring stretch", "", ""},
        {K::Scalar, "e_min", "Minimum of E over the last measuring stretch", "", ""},
        {K::Scalar, "e_max", "Maximum of E over the last measuring stretch", "", ""},
    };
}

WilsonCowanParams wilsonCowanParams(const ParamSet& p)
{
    WilsonCowanParams w;
    w.P = p["p"];
    w.Q = p["q"];
    w.tauE = p["tau_e"];
    w.tauI = p["tau_i"];
    w.c1 = p["c1"];
    w.c2 = p["c2"];
    w.c3 = p["c3"];
    w.c4 = p["c4"];
    return w;
}

double windowEdgeCode(WindowEdge edge)
{
    switch (edge) {
    case WindowEdge::Hopf: return 0;
    case WindowEdge::SaddleNode: return 1;
    case WindowEdge::ScanLimit: return 2;
    }
    return 2;
}

namespace {

// The fixed-point curve E ↦ (P, E, I) (see BranchPoint), sampled at `points` values of E across its open range.
std::vector<BranchPoint> fixedPointCurve(const WilsonCowan& wc, int points)
{
    const WilsonCowanParams& p = wc.params();
    const double offE = 1.0 / (1.0 + std::exp(p.aE * p.thetaE)), maxE = 1.0 - offE;
    const double offI = 1.0 / (1.0 + std::exp(p.aI * p.thetaI)), maxI = 1.0 - offI;
    // E = kE·z/(1 + rE·z) for z = Se(x) in (−offE, maxE); the same for I.
    const double eLo = p.kE * -offE / (1 - p.rE * offE), eHi = p.kE * maxE / (1 + p.rE * maxE);
    const double iLo = p.kI * -offI / (1 - p.rI * offI), iHi = p.kI * maxI / (1 + p.rI * maxI);
    std::vector<BranchPoint> out;
    out.reserve(std::size_t(points));
    for (int k = 0; k < points; ++k) {
        const double E = eLo + (eHi - eLo) * (k + 0.5) / points;
        // I on the I-nullcline: iNullclineE(I) increases from −∞ to +∞ over (iLo, iHi).
        double a = iLo, b = iHi;
        for (int it = 0; it < 80; ++it) {
            const double m = 0.5 * (a + b);
            double e = wc.iNullclineE(m);
            if (std::isnan(e))
                e = m < 0.5 * (iLo + iHi) ? -std::numeric_limits<double>::infinity()
                                          : std::numeric_limits<double>::infinity();
            (e < E ? a : b) = m;
        }
        const double I = 0.5 * (a + b);
        const double x = WilsonCowan::sigmoidInverse(E / (p.kE - p.rE * E), p.aE, p.thetaE);
        const double P = x - p.c1 * E + p.c2 * I;
        if (!std::isfinite(P) || !std::isfinite(I) || std::abs(P) > 1e3)
            continue;
        const FixedPoint f = wc.withP(P).analyse({E, I});
        out.push_back({P, E, I, f.kind, f.stable()});
    }
    return out;
}

}  // namespace

WilsonCowanFigure computeWilsonCowanFigure(const ParamSet& parameters, Progress& progress)
{
    WilsonCowanFigure f;
    f.params = wilsonCowanParams(parameters);
    const WilsonCowan wc(f.params);
    f.start = {parameters["e0"], parameters["i0"]};
    f.durationMs = parameters["duration_ms"];
    const double tauMax = std::max(f.params.tauE, f.params.tauI), tauMin = std::min(f.params.tauE, f.params.tauI);

    progress.setStage("phase plane");
    f.eMin = -0.02;
    f.eMax = 0.52;
    f.iMin = -0.02;
    f.iMax = 0.52;
    f.eNullcline = wc.eNullcline(f.eMin, f.eMax, 541);
    f.iNullcline = wc.iNullcline(f.iMin, f.iMax, 541);
    f.fixedPoints = wc.fixedPoints();
    // Trajectory: RK4 at a hundredth of the faster time constant, ~2000 points kept.
    const double dtTrajectory = 0.005 * tauMin;
    const long steps = std::lround(f.durationMs / dtTrajectory);
    f.trajectory = wc.simulate(f.start, f.durationMs, dtTrajectory, int(std::max(1L, steps / 2000)));
    progress.setFraction(0.02);
    progress.throwIfCancelled();

    progress.setStage("oscillation window from the Jacobian");
    f.window = wc.oscillationWindow(-5, 10, 1000);
    progress.setFraction(0.2);
    progress.throwIfCancelled();

    // The diagram's range: [0, 3] (the 1972 window and its bistable band) widened to the window, the band of
    // several fixed points and the chosen P.
    double lo = 0, hi = 3;
    if (f.window.lowEdge != WindowEdge::ScanLimit)
        lo = std::min(lo, f.window.pLow - 0.5);
    if (f.window.highEdge != WindowEdge::ScanLimit)
        hi = std::max(hi, f.window.pHigh + 0.5);
    if (!f.window.uniqueFixedPoint) {
        lo = std::min(lo, f.window.multiLow - 0.3);
        hi = std::max(hi, f.window.multiHigh + 0.3);
    }
    lo = std::min(lo, f.params.P - 0.3);
    hi = std::max(hi, f.params.P + 0.3);
    f.pMin = std::max(-5.0, lo);
    f.pMax = std::min(10.0, hi);
    f.branch = fixedPointCurve(wc, 1500);

    // Simulated extremes of E over a grid of P, each from the start.
    progress.setStage("simulating the drives");
    const int grid = 49;
    const double dt = 0.02 * tauMin, transient = 50 * tauMax, measure = 25 * tauMax;
    for (int k = 0; k < grid; ++k) {
        progress.throwIfCancelled();
        const double P = f.pMin + (f.pMax - f.pMin) * k / (grid - 1);
        const OscillationMeasure m = wc.withP(P).measureOscillation(f.start, transient, measure, dt);
        if (!m.diverged) {
            f.sweepP.push_back(P);
            f.sweepMinE.push_back(m.minE);
            f.sweepMaxE.push_back(m.maxE);
        }
        progress.setFraction(0.2 + 0.75 * (k + 1) / grid);
    }

    // This P: a long run in two halves.
    progress.setStage("period at this drive");
    const double fine = 0.01 * tauMin;
    const OscillationMeasure first = wc.measureOscillation(f.start, 100 * tauMax, 80 * tauMax, fine);
    const OscillationMeasure second = wc.measureOscillation(first.finalState, 0, 80 * tauMax, fine);
    f.measured = second;
    // Without a stable fixed point the run must end on a limit cycle (the state stays bounded: Poincaré–Bendixson),
    // however slowly it gets there near the Hopf point; with one, it oscillates only if the swing is not dying out.
    const bool anyStable = std::any_of(f.fixedPoints.begin(), f.fixedPoints.end(),
                                       [](const FixedPoint& fp) { return fp.stable(); });
    f.oscillates = !second.diverged && std::isfinite(second.periodMs) &&
                   (anyStable ? second.amplitude > 1e-3 && second.amplitude >= 0.95 * first.amplitude
                              : second.amplitude > 1e-6);
    f.linearPeriodMs = kNaN;
    for (int pass = 0; pass < 2 && f.linearFrom < 0; ++pass)
        for (std::size_t i = 0; i < f.fixedPoints.size(); ++i) {
            const FixedPoint& fp = f.fixedPoints[i];
            if (fp.omega() > 0 && (pass == 1 || fp.kind == FixedPointKind::UnstableFocus)) {
                f.linearFrom = int(i);
                f.linearPeriodMs = 2 * std::numbers::pi / fp.omega();
                break;
            }
        }
    progress.setFraction(1);
    return f;
}

ExperimentResult wilsonCowanResult(const WilsonCowanFigure& f)
{
    ExperimentResult r;
    ResultSeries eNull = series("e_nullcline", "E-nullcline (dE/dt = 0)", "excitatory activity E", "",
                                "inhibitory activity I", "");
    for (std::size_t i = 0; i < f.eNullcline.E.size(); ++i)
        add(eNull, f.eNullcline.E[i], f.eNullcline.I[i]);
    ResultSeries iNull = series("i_nullcline", "I-nullcline (dI/dt = 0)", "excitatory activity E", "",
                                "inhibitory activity I", "");
    for (std::size_t i = 0; i < f.iNullcline.E.size(); ++i)
        add(iNull, f.iNullcline.E[i], f.iNullcline.I[i]);
    ResultSeries te = series("trajectory_e", "E(t)", "time t", "ms", "excitatory activity E", "");
    ResultSeries ti = series("trajectory_i", "I(t)", "time t", "ms", "inhibitory activity I", "");
    for (std::size_t i = 0; i < f.trajectory.tMs.size(); ++i) {
        add(te, f.trajectory.tMs[i], f.trajectory.E[i]);
        add(ti, f.trajectory.tMs[i], f.trajectory.I[i]);
    }
    ResultSeries stable = series("branch_stable", "stable fixed points", "drive P", "", "excitatory activity E", "");
    ResultSeries unstable =
        series("branch_unstable", "unstable fixed points", "drive P", "", "excitatory activity E", "");
    for (const BranchPoint& b : f.branch)
        if (b.P >= f.pMin && b.P <= f.pMax)
            add(b.stable ? stable : unstable, b.P, b.E);
    ResultSeries maxE = series("oscillation_max", "simulated maximum of E", "drive P", "", "excitatory activity E", "");
    ResultSeries minE = series("oscillation_min", "simulated minimum of E", "drive P", "", "excitatory activity E", "");
    for (std::size_t k = 0; k < f.sweepP.size(); ++k) {
        add(maxE, f.sweepP[k], f.sweepMaxE[k]);
        add(minE, f.sweepP[k], f.sweepMinE[k]);
    }
    r.series = {std::move(eNull), std::move(iNull), std::move(te),     std::move(ti),
                std::move(stable), std::move(unstable), std::move(maxE), std::move(minE)};

    const OscillationWindow& w = f.window;
    int stableCount = 0;
    for (const FixedPoint& fp : f.fixedPoints)
        stableCount += fp.stable() ? 1 : 0;
    const double hopfPeriod = w.highEdge == WindowEdge::Hopf && w.atHigh.omega() > 0
                                  ? 2 * std::numbers::pi / w.atHigh.omega()
                                  : (w.lowEdge == WindowEdge::Hopf && w.atLow.omega() > 0
                                         ? 2 * std::numbers::pi / w.atLow.omega()
                                         : 0.0);
    r.scalars = {
        {"window_low", "lower window edge", "", w.lowEdge == WindowEdge::ScanLimit ? 0.0 : w.pLow},
        {"window_high", "upper window edge", "", w.highEdge == WindowEdge::ScanLimit ? 0.0 : w.pHigh},
        {"low_edge", "lower edge kind", "", windowEdgeCode(w.lowEdge)},
        {"high_edge", "upper edge kind", "", windowEdgeCode(w.highEdge)},
        {"window_found", "window found", "", w.found ? 1.0 : 0.0},
        {"multi_low", "several fixed points from P", "", w.uniqueFixedPoint ? 0.0 : w.multiLow},
        {"multi_high", "several fixed points up to P", "", w.uniqueFixedPoint ? 0.0 : w.multiHigh},
        {"hopf_period_ms", "2π/ω at the Hopf edge", "ms", hopfPeriod},
        {"fixed_points", "fixed points", "", double(f.fixedPoints.size())},
        {"stable_fixed_points", "stable fixed points", "", double(stableCount)},
        {"oscillates", "oscillates", "", f.oscillates ? 1.0 : 0.0},
        {"period_ms", "simulated period", "ms", f.oscillates ? f.measured.periodMs : 0.0},
        {"linear_period_ms", "2π/ω of the linearisation", "ms", orZero(f.linearPeriodMs)},
        {"amplitude", "amplitude of E", "", f.measured.amplitude},
        {"e_min", "minimum of E", "", f.measured.minE},
        {"e_max", "maximum of E", "", f.measured.maxE},
    };

    const std::string P = num(f.params.P, 3);
    if (w.found)
        r.notes.push_back("The only fixed point is unstable for " + num(w.pLow, 4) + " < P < " + num(w.pHigh, 4) +
                          ": the lower edge is a " + windowEdgeName(w.lowEdge) + ", the upper a " +
                          windowEdgeName(w.highEdge) + " point.");
    else
        r.notes.push_back("No oscillation window closed on both sides for P in [−5, 10] with these couplings.");
    if (!w.uniqueFixedPoint)
        r.notes.push_back("Several fixed points for " + num(w.multiLow, 4) + " < P < " + num(w.multiHigh, 4) +
                          ": there the outcome can depend on the start.");
    std::string here = "At P = " + P + ": " + std::to_string(f.fixedPoints.size()) + " fixed point" +
                       (f.fixedPoints.size() == 1 ? "" : "s") + " (";
    for (std::size_t i = 0; i < f.fixedPoints.size(); ++i)
        here += std::string(i ? ", " : "") + fixedPointKindName(f.fixedPoints[i].kind);
    here += "); ";
    if (f.oscillates)
        here += "the run from (" + num(f.start.E, 3) + ", " + num(f.start.I, 3) + ") oscillates with period " +
                num(f.measured.periodMs, 1) + " ms and E between " + num(f.measured.minE, 3) + " and " +
                num(f.measured.maxE, 3) + ".";
    else
        here += "the run from (" + num(f.start.E, 3) + ", " + num(f.start.I, 3) + ") settles at E = " +
                num(f.measured.finalState.E, 3) + ".";
    r.notes.push_back(here);
    if (std::isfinite(f.linearPeriodMs))
        r.notes.push_back("The linearisation at the " +
                          std::string(fixedPointKindName(f.fixedPoints[std::size_t(f.linearFrom)].kind)) +
                          " turns with period 2π/ω = " + num(f.linearPeriodMs, 1) + " ms" +
                          (f.oscillates ? " (simulated: " + num(f.measured.periodMs, 1) + " ms)." : "."));
    return r;
}

ExperimentResult runWilsonCowanExperiment(const ParamSet& parameters, Progress& progress)
{
    return wilsonCowanResult(computeWilsonCowanFigure(parameters, progress));
}

// ---------------------------------------------------------------------------------------------- two-networks

std::vector<ParamSpec> twoNetworksSpecs()
{
    const TwoNetworkSettings d;
    return {
        {"task_drive", "Task drive", "", 0, 2, d.taskDrive, Scale::Linear,
         "Extra input to every executive node during task blocks (the second half of each block period).", 2},
        {"w_between", "Competition between networks", "", 0, 12, d.wBetween, Scale::Linear,
         "Weight of one network's mean excitatory activity on the other network's inhibitory populations.", 2},
        {"w_within", "Coupling within a network", "", 0, 6, d.wWithin, Scale::Linear,
         "Weight of the other nodes' mean excitatory activity on a node's excitatory population, inside its own "
         "network.",
         2},
        {"noise", "Input noise σ", "", 0, 1, d.noiseSigma, Scale::Linear,
         "Standard deviation of each node's slow input noise (time constant 2 s), independent across nodes.", 2},
        {"global", "Global signal amplitude", "", 0, 0.15, d.globalAmplitude, Scale::Linear,
         "Size of a slow fluctuation (time constant 10 s) added to every node's BOLD signal alike, as breathing, "
         "heart rate or head motion would. It does not act on the neurons.",
         3},
        {"block_s", "Block period", "s", 10, 120, d.blockPeriodS, Scale::Linear,
         "One rest block followed by one task block of equal length.", 0},
        {"duration_s", "Duration", "s", 60, 900, d.durationS, Scale::Log,
         "Length of the recording (after a 30 s warm-up), sampled every 2 s (TR).", 0},
        ParamSpec{"nodes", "Nodes per network", "", 2, 8, double(d.nodesPerNetwork), Scale::Linear,
                  "Wilson–Cowan nodes in each network.", 0}
            .asInteger()
            .asRestartingRun(),
        seedSpec("Seeds the input noise and the global fluctuation."),
    };
}

std::vector<OutputInfo> twoNetworksOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "task", "Task signal u(t) (0 rest, 1 task)", "", "s"},
        {K::Series, "dmn_activity", "Default-mode network: mean excitatory activity", "", "s"},
        {K::Series, "exec_activity", "Executive network: mean excitatory activity", "", "s"},
        {K::Series, "dmn_bold", "Default-mode network: mean BOLD-like signal at each TR", "", "s"},
        {K::Series, "exec_bold", "Executive network: mean BOLD-like signal at each TR", "", "s"},
        {K::Series, "global_bold", "Global fluctuation added to every node's BOLD signal", "", "s"},
        {K::Series, "correlation_raw", "BOLD correlation matrix, raw (x = row·N + column)", "", ""},
        {K::Series, "correlation_gsr", "BOLD correlation matrix after global-signal regression", "", ""},
        {K::Scalar, "within_dmn_raw", "Mean correlation within the default-mode network, raw", "", ""},
        {K::Scalar, "within_exec_raw", "Mean correlation within the executive network, raw", "", ""},
        {K::Scalar, "between_raw", "Mean correlation between the networks, raw", "", ""},
        {K::Scalar, "within_dmn_gsr", "Mean correlation within the default-mode network after GSR", "", ""},
        {K::Scalar, "within_exec_gsr", "Mean correlation within the executive network after GSR", "", ""},
        {K::Scalar, "between_gsr", "Mean correlation between the networks after GSR", "", ""},
        {K::Scalar, "between_neural", "Mean correlation between the networks without the global fluctuation", "",
         ""},
        {K::Scalar, "dmn_rest", "Default-mode activity in rest blocks", "", ""},
        {K::Scalar, "dmn_task", "Default-mode activity in task blocks", "", ""},
        {K::Scalar, "exec_rest", "Executive activity in rest blocks", "", ""},
        {K::Scalar, "exec_task", "Executive activity in task blocks", "", ""},
    };
}

TwoNetworkSettings twoNetworkSettings(const ParamSet& p)
{
    TwoNetworkSettings s;
    s.taskDrive = p["task_drive"];
    s.wBetween = p["w_between"];
    s.wWithin = p["w_within"];
    s.noiseSigma = p["noise"];
    s.globalAmplitude = p["global"];
    s.blockPeriodS = p["block_s"];
    s.durationS = p["duration_s"];
    s.nodesPerNetwork = intOf(p, "nodes");
    if (p.contains("seed"))
        s.seed = std::uint64_t(std::llround(p["seed"]));
    return s;
}

namespace {

Eigen::MatrixXd toMatrix(const std::vector<std::vector<double>>& rows)
{
    const Eigen::Index n = Eigen::Index(rows.size()), t = rows.empty() ? 0 : Eigen::Index(rows.front().size());
    Eigen::MatrixXd m(n, t);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < t; ++j)
            m(i, j) = rows[std::size_t(i)][std::size_t(j)];
    return m;
}

std::vector<double> meanOver(const std::vector<std::vector<double>>& rows, int from, int count)
{
    std::vector<double> out(rows[std::size_t(from)].size(), 0.0);
    for (int k = from; k < from + count; ++k)
        for (std::size_t j = 0; j < out.size(); ++j)
            out[j] += rows[std::size_t(k)][j] / count;
    return out;
}

// Correlations of node × time data; a node without any fluctuation has no correlation: say why in words.
Eigen::MatrixXd correlationsOf(const Eigen::MatrixXd& x, const std::string& problem)
{
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (!((x.row(i).array() - x.row(i).mean()).abs().maxCoeff() > 1e-12))
            throw ParameterError("two-networks: node " + std::to_string(i + 1) + problem);
    return correlationMatrix(x);
}

}  // namespace

TwoNetworksFigure computeTwoNetworksFigure(const ParamSet& parameters, std::uint64_t seed, Progress& progress)
{
    TwoNetworksFigure f;
    f.settings = twoNetworkSettings(parameters);
    f.settings.seed = seed;
    const TwoNetworks model(f.settings);
    progress.setStage("simulating both networks");
    f.run = model.run([&](double fraction) {
        progress.setFraction(0.95 * fraction);
        return !progress.cancelled();
    });
    progress.throwIfCancelled();
    if (f.run.diverged)
        throw std::runtime_error(f.run.error);
    progress.setStage("correlations");
    const int n = f.settings.nodesPerNetwork;
    f.dmnActivity = meanOver(f.run.activity, 0, n);
    f.execActivity = meanOver(f.run.activity, n, n);
    f.dmnBold = meanOver(f.run.bold, 0, n);
    f.execBold = meanOver(f.run.bold, n, n);
    const Eigen::MatrixXd bold = toMatrix(f.run.bold);
    const std::string still = "'s BOLD signal does not fluctuate, so it has no correlation: give the nodes input "
                              "noise, a task or a global signal";
    const std::string same = " has nothing left after global-signal regression (every node carries the same "
                             "signal): give the nodes input noise or a task";
    f.correlationRaw = correlationsOf(bold, still);
    const Regression gsr = globalSignalRegression(bold);
    f.correlationGsr = correlationsOf(gsr.residuals, same);
    f.correlationNeural = f.settings.globalAmplitude > 0 ? correlationsOf(toMatrix(f.run.boldNeural), same)
                                                         : f.correlationRaw;
    std::vector<int> dmn, exec;
    for (int k = 0; k < n; ++k) {
        dmn.push_back(k);
        exec.push_back(n + k);
    }
    f.raw = groupMeanCorrelations(f.correlationRaw, dmn, exec);
    f.gsr = groupMeanCorrelations(f.correlationGsr, dmn, exec);
    f.neural = groupMeanCorrelations(f.correlationNeural, dmn, exec);
    progress.setFraction(1);
    return f;
}

ExperimentResult twoNetworksResult(const TwoNetworksFigure& f)
{
    ExperimentResult r;
    const TwoNetworkResult& run = f.run;
    ResultSeries task = series("task", "task signal", "time t", "s", "task u", "");
    ResultSeries dmn = series("dmn_activity", "default-mode network", "time t", "s", "mean activity E", "");
    ResultSeries exec = series("exec_activity", "executive network", "time t", "s", "mean activity E", "");
    for (std::size_t j = 0; j < run.tS.size(); ++j) {
        add(task, run.tS[j], run.task[j]);
        add(dmn, run.tS[j], f.dmnActivity[j]);
        add(exec, run.tS[j], f.execActivity[j]);
    }
    ResultSeries dmnBold = series("dmn_bold", "default-mode network", "time t", "s", "BOLD-like signal", "");
    ResultSeries execBold = series("exec_bold", "executive network", "time t", "s", "BOLD-like signal", "");
    ResultSeries global = series("global_bold", "global fluctuation", "time t", "s", "BOLD-like signal", "");
    for (std::size_t j = 0; j < run.tBoldS.size(); ++j) {
        add(dmnBold, run.tBoldS[j], f.dmnBold[j]);
        add(execBold, run.tBoldS[j], f.execBold[j]);
        add(global, run.tBoldS[j], run.global[j]);
    }
    ResultSeries raw = series("correlation_raw", "correlation, raw", "node pair (row·N + column)", "",
                              "Pearson correlation", "");
    ResultSeries gsr = series("correlation_gsr", "correlation after GSR", "node pair (row·N + column)", "",
                              "Pearson correlation", "");
    const Eigen::Index N = f.correlationRaw.rows();
    for (Eigen::Index i = 0; i < N; ++i)
        for (Eigen::Index j = 0; j < N; ++j) {
            add(raw, double(i * N + j), f.correlationRaw(i, j));
            add(gsr, double(i * N + j), f.correlationGsr(i, j));
        }
    r.series = {std::move(task), std::move(dmn), std::move(exec), std::move(dmnBold), std::move(execBold),
                std::move(global), std::move(raw), std::move(gsr)};
    const BlockAverages& a = run.averages;
    r.scalars = {
        {"within_dmn_raw", "within default-mode, raw", "", f.raw.withinA},
        {"within_exec_raw", "within executive, raw", "", f.raw.withinB},
        {"between_raw", "between networks, raw", "", f.raw.between},
        {"within_dmn_gsr", "within default-mode, after GSR", "", f.gsr.withinA},
        {"within_exec_gsr", "within executive, after GSR", "", f.gsr.withinB},
        {"between_gsr", "between networks, after GSR", "", f.gsr.between},
        {"between_neural", "between networks, without the global fluctuation", "", f.neural.between},
        {"dmn_rest", "default-mode activity at rest", "", a.dmnRest},
        {"dmn_task", "default-mode activity in task blocks", "", a.dmnTask},
        {"exec_rest", "executive activity at rest", "", a.execRest},
        {"exec_task", "executive activity in task blocks", "", a.execTask},
    };
    r.notes.push_back("Mean BOLD correlation between the networks: " + num(f.raw.between, 2) + " raw, " +
                      num(f.gsr.between, 2) + " after global-signal regression" +
                      (f.settings.globalAmplitude > 0
                           ? " (" + num(f.neural.between, 2) + " without the global fluctuation)."
                           : "."));
    r.notes.push_back("Within the default-mode network " + num(f.raw.withinA, 2) + " raw, " + num(f.gsr.withinA, 2) +
                      " after GSR; within the executive network " + num(f.raw.withinB, 2) + " raw, " +
                      num(f.gsr.withinB, 2) + " after GSR.");
    if (a.taskSamples > 0 && a.restSamples > 0)
        r.notes.push_back("Mean activity rest → task: default-mode " + num(a.dmnRest, 3) + " → " + num(a.dmnTask, 3) +
                          ", executive " + num(a.execRest, 3) + " → " + num(a.execTask, 3) + ".");
    return r;
}

ExperimentResult runTwoNetworksExperiment(const ParamSet& parameters, Progress& progress)
{
    return twoNetworksResult(
        computeTwoNetworksFigure(parameters, std::uint64_t(std::llround(parameters["seed"])), progress));
}

// -------------------------------------------------------------------------------------------------- kuramoto

std::vector<ParamSpec> kuramotoSpecs()
{
    return {
        ParamSpec{"n", "Oscillators N", "", 10, 20000, 500, Scale::Log,
                  "Number of phase oscillators, all coupled to all. Finite N leaves r ≈ 1/√N below the critical "
                  "coupling; the theory is for N → ∞.",
                  0}
            .asInteger()
            .asRestartingRun(),
        {"gamma", "Frequency spread γ", "rad/s", 0.05, 2, 0.5, Scale::Linear,
         "Width of the natural frequencies: the Lorentzian's half-width at half-maximum, or the Gaussian's standard "
         "deviation. The critical coupling grows with it (K_c = 2γ for the Lorentzian).",
         2},
        {"k", "Coupling K", "rad/s", 0, 6, 1.5, Scale::Linear,
         "Strength of the pull of every oscillator towards the others' mean phase.", 2},
        choiceSpec("frequencies", "Natural frequencies",
                   {"Lorentzian, quantiles", "Lorentzian, random", "Gaussian, random"}, 0,
                   "How the N natural frequencies are drawn: evenly spaced quantiles of a Lorentzian (no sampling "
                   "scatter), random draws from it, or random draws from a Gaussian."),
        {"duration", "Averaging time", "s", 10, 500, 40, Scale::Log,
         "r is averaged over this stretch, after the transient. The sweep uses the same times.", 0},
        {"transient", "Transient", "s", 0, 200, 20, Scale::Linear,
         "Discarded before averaging, so the population can settle (longer near K_c).", 0},
        ParamSpec{"realisations", "Realisations per sweep point", "", 1, 10, 1, Scale::Linear,
                  "Independent runs averaged at each K of the sweep (seeds seed, seed + 1, …): each has its own "
                  "initial phases and, for random draws, its own frequencies.",
                  0}
            .asInteger(),
        seedSpec("Seeds the initial phases and, for random draws, the frequencies."),
    };
}

std::vector<OutputInfo> kuramotoOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "r_vs_time", "Order parameter r(t) at this K", "", "s"},
        {K::Series, "r_vs_k", "Time-averaged r against K (sweep)", "", "rad/s"},
        {K::Series, "r_theory_vs_k", "N → ∞ theory against K", "", "rad/s"},
        {K::Series, "final_phase", "Phase at the end (wrapped to (−π, π]) against natural frequency", "rad", "rad/s"},
        {K::Series, "effective_frequency", "Mean frequency over the window against natural frequency", "rad/s",
         "rad/s"},
        {K::Scalar, "k_c", "Critical coupling K_c", "rad/s", ""},
        {K::Scalar, "r_mean", "Time-averaged r at this K", "", ""},
        {K::Scalar, "r_se", "Standard error of r̄ (block averages)", "", ""},
        {K::Scalar, "r_theory", "N → ∞ r at this K", "", ""},
        {K::Scalar, "locked_fraction", "Fraction of oscillators inside the locking range |ω − ω0| ≤ K r̄", "", ""},
        {K::Scalar, "locked_theory", "N → ∞ locked fraction, P(|ω − ω0| ≤ K r∞)", "", ""},
    };
}

KuramotoConfig kuramotoConfig(const ParamSet& p)
{
    KuramotoConfig c;
    c.oscillators = intOf(p, "n");
    c.gamma = p["gamma"];
    c.coupling = p["k"];
    const int choice = intOf(p, "frequencies");
    c.distribution = choice == 2 ? FrequencyDistribution::Gaussian : FrequencyDistribution::Lorentzian;
    c.sampling = choice == 0 ? FrequencySampling::Quantile : FrequencySampling::Random;
    if (p.contains("seed"))
        c.seed = std::uint64_t(std::llround(p["seed"]));
    return c;
}

KuramotoRunSettings kuramotoRunSettings(const ParamSet& p)
{
    KuramotoRunSettings s;
    s.duration = p["duration"];
    s.transient = p["transient"];
    s.sampleEvery = 0.1;
    s.blocks = 10;
    return s;
}

std::vector<double> kuramotoSweepCouplings(double kc, double chosen)
{
    std::vector<double> k;
    for (const double ratio : {0.0, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0})
        k.push_back(ratio * kc);
    if (std::none_of(k.begin(), k.end(), [&](double v) { return std::abs(v - chosen) <= 1e-9 * (1 + chosen); }))
        k.push_back(chosen);
    std::sort(k.begin(), k.end());
    return k;
}

KuramotoFigure computeKuramotoFigure(const ParamSet& parameters, std::uint64_t seed, Progress& progress)
{
    KuramotoFigure f;
    f.config = kuramotoConfig(parameters);
    f.config.seed = seed;
    f.settings = kuramotoRunSettings(parameters);
    f.realisations = intOf(parameters, "realisations");
    f.config.validate();
    f.kc = f.config.criticalCoupling();
    f.rTheory = theoreticalOrderParameter(f.config, f.config.coupling);
    const std::vector<double> couplings = kuramotoSweepCouplings(f.kc, f.config.coupling);
    const double runs = 1.0 + double(couplings.size()) * f.realisations;

    progress.setStage("oscillators at this K");
    f.omega = naturalFrequencies(f.config);
    f.run = runKuramoto(f.config, f.settings, [&](double fraction) {
        progress.setFraction(fraction / runs);
        return !progress.cancelled();
    });
    progress.throwIfCancelled();

    // The mean field K·r̄ can hold an oscillator at the common frequency only if |ω − ω0| ≤ K·r̄.
    f.locked.resize(f.omega.size());
    int lockedCount = 0;
    for (std::size_t i = 0; i < f.omega.size(); ++i) {
        f.locked[i] = std::abs(f.omega[i] - f.config.omega0) <= f.config.coupling * f.run.rMean;
        lockedCount += f.locked[i] ? 1 : 0;
    }
    f.lockedFraction = f.omega.empty() ? 0.0 : double(lockedCount) / double(f.omega.size());

    progress.setStage("sweep over K");
    f.sweep = sweepCoupling(f.config, couplings, f.settings, f.realisations, false, [&](double fraction) {
        progress.setFraction((1 + fraction * (runs - 1)) / runs);
        return !progress.cancelled();
    });
    progress.throwIfCancelled();

    const double kTop = couplings.back();
    for (int i = 0; i <= 300; ++i) {
        const double K = kTop * i / 300;
        f.theoryK.push_back(K);
        f.theoryR.push_back(theoreticalOrderParameter(f.config, K));
    }
    progress.setFraction(1);
    return f;
}

ExperimentResult kuramotoResult(const KuramotoFigure& f)
{
    ExperimentResult r;
    ResultSeries rt = series("r_vs_time", "order parameter r(t)", "time t", "s", "order parameter r", "");
    for (std::size_t i = 0; i < f.run.time.size(); ++i)
        add(rt, f.run.time[i], f.run.r[i]);
    ResultSeries rk = series("r_vs_k", "simulated r̄", "coupling K", "rad/s", "order parameter r̄", "");
    for (const KuramotoSweepPoint& p : f.sweep.points)
        add(rk, p.coupling, p.rMean);
    ResultSeries th = series("r_theory_vs_k", "N → ∞ theory", "coupling K", "rad/s", "order parameter r", "");
    for (std::size_t i = 0; i < f.theoryK.size(); ++i)
        add(th, f.theoryK[i], f.theoryR[i]);
    ResultSeries phase = series("final_phase", "phase at the end", "natural frequency ω", "rad/s", "phase θ", "rad");
    ResultSeries eff = series("effective_frequency", "mean frequency over the window", "natural frequency ω", "rad/s",
                              "effective frequency", "rad/s");
    const double pi = std::numbers::pi;
    for (std::size_t i = 0; i < f.omega.size(); ++i) {
        const double theta = f.run.finalPhases(Eigen::Index(i));
        add(phase, f.omega[i], std::remainder(theta, 2 * pi));
        if (i < f.run.effectiveFrequency.size())
            add(eff, f.omega[i], f.run.effectiveFrequency[i]);
    }
    r.series = {std::move(rt), std::move(rk), std::move(th), std::move(phase), std::move(eff)};

    // N → ∞ locked fraction: P(|ω − ω0| ≤ K r∞).
    const double reach = f.config.coupling * f.rTheory / f.config.gamma;
    const double lockedTheory = f.config.distribution == FrequencyDistribution::Lorentzian
                                    ? 2 / pi * std::atan(reach)
                                    : std::erf(reach / std::sqrt(2.0));
    r.scalars = {
        {"k_c", "critical coupling", "rad/s", f.kc},
        {"r_mean", "time-averaged r", "", f.run.rMean},
        {"r_se", "standard error of r̄", "", orZero(f.run.rSE)},
        {"r_theory", "theory r∞", "", f.rTheory},
        {"locked_fraction", "fraction inside the locking range", "", f.lockedFraction},
        {"locked_theory", "theory locked fraction", "", lockedTheory},
    };
    r.notes.push_back("N = " + std::to_string(f.config.oscillators) + ", K = " + num(f.config.coupling, 2) +
                      " rad/s = " + num(f.config.coupling / f.kc, 2) + " K_c: r̄ = " + num(f.run.rMean, 3) + " ± " +
                      num(orZero(f.run.rSE), 3) + " against " + num(f.rTheory, 3) + " for N → ∞.");
    r.notes.push_back("Inside the locking range |ω − ω0| ≤ K r̄: " + num(f.lockedFraction, 3) + " of the oscillators (N → ∞: " +
                      num(lockedTheory, 3) + ").");
    if (f.config.coupling < f.kc)
        r.notes.push_back("Below K_c a finite population keeps r of order 1/√N = " +
                          num(1 / std::sqrt(double(f.config.oscillators)), 3) + ".");
    return r;
}

ExperimentResult runKuramotoExperiment(const ParamSet& parameters, Progress& progress)
{
    return kuramotoResult(
        computeKuramotoFigure(parameters, std::uint64_t(std::llround(parameters["seed"])), progress));
}

}  // namespace neuroai::networks
