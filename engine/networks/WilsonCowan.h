#pragma once

#include <array>
#include <cmath>
#include <complex>
#include <vector>

namespace neuroai::networks {

// One Wilson–Cowan node: the mean activities E (excitatory) and I (inhibitory) of two coupled populations, each the
// fraction of its cells active per unit time (dimensionless, between 0 and k). Wilson & Cowan (1972), "Excitatory
// and inhibitory interactions in localized populations of model neurons", Biophys. J. 12:1–24, equations (11)–(12):
//
//     τE dE/dt = −E + (kE − rE·E) · Se(c1·E − c2·I + P)
//     τI dI/dt = −I + (kI − rI·I) · Si(c3·E − c4·I + Q)
//
// with the subtractive logistic response function of the paper, shifted so that S(0) = 0:
//
//     S(x) = 1/(1 + e^(−a(x−θ))) − 1/(1 + e^(aθ)),   range (−1/(1+e^(aθ)), k_max),  k_max = 1 − 1/(1 + e^(aθ)).
//
// The factor (k − r·X) is the refractory term: a fraction r·X of the cells is refractory, and k, the paper's
// maximum of the response function, bounds the activity from above.
//
// Default parameters: the paper's limit-cycle set (the one its limit-cycle phase plane uses): c1 = 16, c2 = 12,
// c3 = 15, c4 = 3, aE = 1.3, θE = 4, aI = 2, θI = 3.7, rE = rI = 1, Q = 0, and k = k_max of each response function
// (kE = 0.99451, kI = 0.99939). These were checked against secondary sources (re-implementations citing the paper,
// e.g. Yousif et al. 2020's code, which also takes k = k_max, and parameter notes giving P = 1.25 as the paper's
// drive), not against the paper's own text. Setting k = 1 (as some re-implementations do) keeps the picture below
// and moves the window's edges by under 2 % (to 1.0830 and 1.9093). Time: the paper measures time in units of τ (of order 10 ms, the membrane time
// constant); here τE = τI = 10 ms, so times and periods are in ms and rates in 1/ms. Only P (the constant external
// drive to E) is meant to be varied; P = 1.25 is the paper's example drive.
//
// What the class provides: the vector field, RK4 integration, the two nullclines (dE/dt = 0 as a curve I(E); dI/dt
// = 0 as a curve E(I), both written in closed form through the inverse sigmoid), every fixed point for the current
// drive (root finding along the E-nullcline, parametrised by the input x to Se so that the whole curve is covered),
// the Jacobian with its eigenvalues and classification, the window of P where the only fixed point is unstable
// (edges bisected to 1e-9 and classified as Hopf or saddle-node), the linearised period 2π/ω and the period and amplitude measured from a
// simulation.
//
// With the default parameters (numbers measured by tests/engine/tst_wilsoncowan.cpp):
//   * P < 0.90868: one fixed point, a stable node at low activity.
//   * 0.90868 < P < 1.08733: three fixed points (low stable node, saddle, unstable focus), born and killed in
//     saddle-node bifurcations.
//   * 1.08733 < P < 1.87931: one fixed point, an unstable focus: the oscillation window of oscillationWindow(). Its
//     LOWER edge is the saddle-node where the low node and the saddle annihilate (det J = 0 for that pair), not a
//     Hopf point; its UPPER edge is a supercritical Hopf point (trace J = 0, det J = 0.0710/ms², ω = 0.2664 rad/ms,
//     2π/ω = 23.58 ms; amplitude ∝ √(P_H − P)).
//   * P > 1.87931: one stable fixed point again (a focus; a node for P ≈ 3.83–4.45; a focus beyond).
// Bistability, honestly: the stable limit cycle outlives the lower edge. It vanishes in a homoclinic loop through
// the saddle at P ≈ 1.0685 (found by simulation, not by the Jacobian), so for 1.0685 < P < 1.0873 (2.4 % of the
// window's width) the cycle coexists with the low stable node and the outcome depends on where the run starts.
// Near the Hopf edge the simulated period matches 2π/ω (1 % at 3 % of the width inside, 3.4 % at 10 %); towards
// the lower edge the period grows far beyond it (≈ 100 ms against 2π/ω ≈ 42 ms near the saddle-node).
//
// The tests assert: fixed points solve both equations to 1e-12 and lie on both nullclines (also 1e-8 from the
// saddle-node, where two of them are closer than the root finder's grid); the analytic Jacobian equals central
// differences; the window's edges and their kinds; runs 3 % of the window's width inside either edge oscillate and
// runs 3 % outside settle on the fixed point (amplitude < 1e-6; at the Hopf side at the rate Re λ, within 5 %); the
// bistable band between P_hc and the saddle-node; the simulated period within 5 % of 2π/ω up to 10 % of the width
// from the Hopf edge and > 1.5·2π/ω near the saddle-node; amplitude ∝ √(P_H − P); RK4's fourth order; bad input.

// The maximum 1 − 1/(1 + e^(aθ)) of the subtractive sigmoid with slope a and threshold θ.
inline double subtractiveSigmoidMax(double a, double theta) { return 1.0 - 1.0 / (1.0 + std::exp(a * theta)); }

struct WilsonCowanParams {
    double c1 = 16, c2 = 12, c3 = 15, c4 = 3;  // couplings E→E, I→E, E→I, I→I (dimensionless, all ≥ 0)
    double aE = 1.3, thetaE = 4;              // slope and threshold of Se
    double aI = 2, thetaI = 3.7;              // slope and threshold of Si
    double rE = 1, rI = 1;                    // refractory factors (≥ 0)
    double kE = subtractiveSigmoidMax(1.3, 4);  // 0.994514, the maximum of Se (the paper's kE); not updated
    double kI = subtractiveSigmoidMax(2, 3.7);  // 0.999389    when aE, θE, aI or θI change: set it too
    double tauE = 10, tauI = 10;              // ms
    double P = 1.25, Q = 0;                   // external drives to E and to I

    // Throws std::invalid_argument naming the field and its value ("WilsonCowan: tauE = -1 must be > 0").
    void validate() const;
};

struct WcState {
    double E = 0, I = 0;
};

enum class FixedPointKind { StableNode, StableFocus, UnstableNode, UnstableFocus, Saddle, Centre, Degenerate };
const char* fixedPointKindName(FixedPointKind kind);

// The linearisation at a point: J row-major {∂Ė/∂E, ∂Ė/∂I, ∂İ/∂E, ∂İ/∂I} in 1/ms, its trace, determinant and
// eigenvalues (λ1 with Im ≥ 0 first; for real eigenvalues λ1 ≥ λ2).
struct FixedPoint {
    double E = 0, I = 0;
    double x = 0;  // the input c1·E − c2·I + P to Se at the fixed point (the curve parameter of the root finder)
    std::array<double, 4> jacobian{};
    double trace = 0, det = 0;
    std::complex<double> lambda1, lambda2;
    FixedPointKind kind = FixedPointKind::Degenerate;
    bool stable() const { return trace < 0 && det > 0; }
    double omega() const { return std::abs(lambda1.imag()); }  // rad/ms, 0 for real eigenvalues
};

// A nullcline as a polyline (points in order along the curve; possibly extending outside [0, 1]).
struct Nullcline {
    std::vector<double> E, I;
};

// What bounds the window on one side: a Hopf point (the unique fixed point's trace J crosses 0 with det J > 0), a
// saddle-node (two more fixed points appear beyond the edge, det J = 0 for the pair that collides there), or the end
// of the scan (the window was not closed on that side).
enum class WindowEdge { Hopf, SaddleNode, ScanLimit };
const char* windowEdgeName(WindowEdge edge);

// The window of P (all other parameters fixed) where the model has one fixed point and it is unstable
// (trace J > 0, det J > 0): there the only attractor of this bounded planar system is a limit cycle (Poincaré–
// Bendixson). Both edges are bisected to |ΔP| <= 1e-9 on that predicate, then classified. The scan also reports
// the first band of P with more than one fixed point (outside the window, oscillation may coexist with a stable
// fixed point there: the Jacobian alone cannot tell; see the tests).
struct OscillationWindow {
    bool found = false;                   // an unstable interval closed on both sides inside the scan
    double pLow = 0, pHigh = 0;           // its edges
    WindowEdge lowEdge = WindowEdge::ScanLimit, highEdge = WindowEdge::ScanLimit;
    FixedPoint atLow, atHigh;             // the unique fixed point at each edge (the window side of a saddle-node)
    bool uniqueFixedPoint = true;         // one fixed point at every scanned P
    double multiLow = 0, multiHigh = 0;   // first band of P with several fixed points (both 0 when none)
    bool focusThroughout = true;          // complex eigenvalues at every scanned P inside the window
    int windows = 0;                      // separate unstable intervals seen in the scan (1 for the default model)
    double scanMin = 0, scanMax = 0;
    int scanSteps = 0;
};

struct WcTrajectory {
    std::vector<double> tMs, E, I;
    bool diverged = false;  // a NaN/Inf or |state| > 1e6 stopped the run (the vectors end there)
};

// Measured from a simulation after a transient: amplitude = (max E − min E)/2 over the measuring stretch; period =
// mean interval between upward crossings of the stretch's mean of E (linear interpolation between samples; NaN with
// fewer than 3 crossings).
struct OscillationMeasure {
    double amplitude = 0;
    double periodMs = 0;
    double meanE = 0, minE = 0, maxE = 0;
    int crossings = 0;
    WcState finalState;
    bool diverged = false;
};

class WilsonCowan {
public:
    // Throws std::invalid_argument for bad parameters (WilsonCowanParams::validate).
    explicit WilsonCowan(const WilsonCowanParams& params = {});

    const WilsonCowanParams& params() const { return m_p; }
    WilsonCowan withP(double P) const;

    // The subtractive sigmoid, its maximum k_max = 1 − 1/(1 + e^(aθ)), and its inverse on (S(−∞), S(+∞)) (NaN
    // outside).
    static double sigmoid(double x, double a, double theta);
    static double sigmoidMax(double a, double theta);
    static double sigmoidInverse(double y, double a, double theta);

    // dE/dt, dI/dt in 1/ms, with the drives P and Q of the parameters or given ones.
    WcState derivative(WcState s) const { return derivative(s, m_p.P, m_p.Q); }
    WcState derivative(WcState s, double P, double Q) const;
    WcState rk4Step(WcState s, double dtMs) const;
    // RK4 from s0 for durationMs (rounded to whole steps); every `recordEvery`-th state is kept (the first too).
    WcTrajectory simulate(WcState s0, double durationMs, double dtMs, int recordEvery = 1) const;

    // dE/dt = 0 solved for I: I = (c1·E + P − Se⁻¹(E/(kE − rE·E)))/c2 (NaN where E/(kE − rE·E) is outside the range
    // of Se). dI/dt = 0 solved for E: E = (Si⁻¹(I/(kI − rI·I)) + c4·I − Q)/c3.
    double eNullclineI(double E) const;
    double iNullclineE(double I) const;
    // The nullclines as curves for E (resp. I) from lo to hi in `points` samples, NaN samples dropped.
    Nullcline eNullcline(double eLo = 0, double eHi = 0.5, int points = 400) const;
    Nullcline iNullcline(double iLo = 0, double iHi = 0.5, int points = 400) const;

    // All fixed points at the current drive, in order of increasing E. Found along the E-nullcline parametrised by
    // the input x of Se (E = kE·y/(1 + rE·y), y = Se(x), I = (c1·E + P − x)/c2), which covers the whole curve for x
    // in θE ± 40/aE: sign changes of the I-equation on a fine grid of x are bisected to the last bit, and local
    // extrema of it between grid points are searched too (golden section) so that a close pair of roots near a
    // saddle-node is not missed.
    std::vector<FixedPoint> fixedPoints() const;
    FixedPoint analyse(WcState s) const;  // Jacobian, eigenvalues and kind at any point
    std::array<double, 4> jacobian(WcState s) const;

    // Scans P over [pMin, pMax] in `steps` steps and bisects the edges of the first unstable interval.
    OscillationWindow oscillationWindow(double pMin = -1, double pMax = 6, int steps = 700) const;

    // 2π/ω at the (first) fixed point when its eigenvalues are complex, else NaN. ms.
    double linearPeriodMs() const;

    // Simulates from s0 (RK4, dtMs) for transientMs, then measures over measureMs (see OscillationMeasure).
    OscillationMeasure measureOscillation(WcState s0, double transientMs, double measureMs, double dtMs = 0.05) const;

private:
    double fixedPointResidual(double x) const;  // the I-equation along the E-nullcline at Se input x
    WcState nullclinePoint(double x) const;

    WilsonCowanParams m_p;
    double m_offsetE = 0, m_offsetI = 0;  // 1/(1 + e^(aθ)) of Se and Si
};

}  // namespace neuroai::networks
