#pragma once

#include <vector>

namespace neuroai::networks {

// A BOLD-like signal: neural activity convolved with a haemodynamic response function (HRF), then sampled every TR.
//
// The HRF is SPM's canonical double gamma (spm_hrf with its defaults: response delay 6 s, undershoot delay 16 s,
// dispersions 1 s, response/undershoot ratio 6, kernel length 32 s; Friston et al. 1998, "Event-related fMRI:
// characterizing differential responses", NeuroImage 7:30–40; Glover 1999 for the double-gamma form):
//
//     h(t) = [ g(t; k1, θ) − g(t; k2, θ)/ratio ] / (1 − 1/ratio),   g(t; k, θ) = t^(k−1) e^(−t/θ) / (Γ(k) θ^k),
//
// k1 = 6, k2 = 16, θ = 1 s, ratio = 6, t in s, h = 0 for t < 0. Each gamma density has unit area, so the division by
// 1 − 1/ratio gives h unit area over [0, ∞) (SPM instead divides the sampled kernel by its sum; the two differ by
// the part of h beyond the 32 s kernel: the sampled kernel's area is 1.00013). With unit area a constant activity a gives a BOLD signal a: the
// BOLD-like signal is in the units of the activity.
// The modes of the two gammas are (k − 1)θ = 5 s and 15 s. The extrema of h are close to them but not on them: the
// peak is at 4.9985 s (the undershoot gamma is almost flat there), while the trough is at 15.75 s, later than 15 s,
// because the positive lobe is still decaying at 15 s (peakTimeS() and troughTimeS() give the exact extrema by
// bisection on h').
//
// The centroid ∫t·h dt is (k1θ − k2θ/ratio)/(1 − 1/ratio) = 4.0 s: the delay of slow signals (the phase lag of
// a sine slower than the HRF is ≈ 2π·f·4 s), so block-design BOLD trails the neural blocks by ≈ 4 s, not 5 s.
//
// Convolution: y(t_n) = Σ_k dt·h(k·dt)·x(t_n − k·dt), k·dt ≤ kernel length, which turns a unit-area impulse
// (x = 1/dt in one sample) into the sampled HRF exactly; samples before the start are taken as `before` (0 unless
// given). Sampling at TR: the value of the fine series at t = j·TR (j = 0, 1, …, while inside the series), linearly
// interpolated when TR is not a multiple of dt.
//
// Tests (tests/engine/tst_twonetworks.cpp, slot haemodynamics*): peak and trough of the sampled HRF within 0.1 s of
// the analytic extrema, the peak within 0.1 s of the mode 5 s, unit area, an impulse reproducing the HRF,
// linearity and time invariance of the BOLD map.

struct HrfParams {
    double responseShape = 6;     // k1 (dimensionless); the response peaks near (k1 − 1)·θ = 5 s
    double undershootShape = 16;  // k2; the undershoot's gamma has its mode at (k2 − 1)·θ = 15 s
    double scaleS = 1;            // θ, s (SPM's dispersion; the same for both gammas)
    double ratio = 6;             // response-to-undershoot ratio (> 1)
    double lengthS = 32;          // kernel length, s

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
};

struct BoldSeries {
    double trS = 0;
    std::vector<double> tS;    // j·TR
    std::vector<double> bold;  // the BOLD-like signal at tS
};

class Haemodynamics {
public:
    explicit Haemodynamics(const HrfParams& params = {});
    const HrfParams& params() const { return m_p; }

    double hrf(double tS) const;            // h(t), 1/s
    double hrfDerivative(double tS) const;  // h'(t), 1/s²
    // h(k·dt) for k = 0 … floor(length/dt).
    std::vector<double> sampledHrf(double dtS) const;
    double peakTimeS() const;    // the maximum of h (bisection on h' to 1e-12 s)
    double troughTimeS() const;  // the minimum of h after the peak
    // Σ h(k·dt)·dt over the kernel (≈ 1 by construction, see above).
    double sampledArea(double dtS) const;
    static double gammaMode(double shape, double scale) { return (shape - 1) * scale; }

    // The fine BOLD-like series y at the samples of x (see the convolution above).
    std::vector<double> convolve(const std::vector<double>& x, double dtS, double before = 0) const;
    // Values of `fine` (spaced dtS) at t = j·TR.
    static BoldSeries sampleAtTr(const std::vector<double>& fine, double dtS, double trS);
    // convolve then sampleAtTr.
    BoldSeries bold(const std::vector<double>& x, double dtS, double trS, double before = 0) const;

private:
    HrfParams m_p;
    double m_norm1 = 0, m_norm2 = 0;  // 1/(Γ(k) θ^k) of the two gammas, divided by (1 − 1/ratio) (and ratio)
};

}  // namespace neuroai::networks
