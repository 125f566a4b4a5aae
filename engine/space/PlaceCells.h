#pragma once

#include "engine/core/Random.h"
#include "engine/space/Arena.h"

#include <cstdint>
#include <vector>

namespace neuroai::space {

// Hippocampal place cells (O'Keefe & Dostrovsky 1971) as a population of independent inhomogeneous Poisson neurons
// whose rate depends on where the animal is:
//
//     r_i(x) = b + A · exp(−|x − c_i|² / (2σ²))          (the time-averaged rate, Hz)
//
// with field centre c_i, width σ (cm), peak A above a baseline b. Centres lie on a jittered grid (the arena cut into
// about as many square cells as there are neurons, one centre per cell moved by up to ± jitter/2 of a grid step) or
// uniformly at random. Cells are numbered in order of their centre's x (then y), so a raster by cell index is a
// raster sorted by field position.
//
// Theta phase precession (O'Keefe & Recce 1993; Skaggs et al. 1996), optional: a global theta rhythm of frequency
// f_θ gives the phase θ(t) = 2π f_θ t. As the animal runs through a field, the cell's preferred phase moves from late
// to early in proportion to how far it has come: with u = (x − c_i)·ĥ the signed distance from the centre along the
// direction of travel ĥ (negative while entering),
//
//     φ_i(u) = π − Δφ · u / (4σ)        (so over the field's ±2σ the phase goes from π + Δφ/2 down to π − Δφ/2),
//
// and the instantaneous rate is gated by a von Mises tuning to that phase,
//
//     λ_i(t) = r_i(x) · exp(κ cos(θ(t) − φ_i(u))) / I₀(κ),
//
// whose average over a theta cycle is exactly r_i(x): precession moves spikes within the cycle without changing the
// rate map. The precession slope is −Δφ/(4σ) rad/cm.
//
// Spikes: each step of dt the count of cell i is Poisson with mean λ_i·dt, λ evaluated at the step's midpoint time, so
// the probability of at least one spike in a step is exactly 1 − exp(−λ_i dt). The population is drawn at once: the
// total count is Poisson with mean Σλ_i·dt and each spike goes to cell i with probability λ_i/Σλ (the superposition of
// independent Poisson processes; one or two random numbers per step instead of one per cell).
struct PlaceCellParams {
    enum class Layout { JitteredGrid, Random };
    int cells = 64;
    double fieldSigmaCm = 8.0;
    double peakRateHz = 15.0;     // A, above the baseline
    double baselineHz = 0.1;      // b
    Layout layout = Layout::JitteredGrid;
    double jitter = 0.5;          // jittered grid: displacement up to ± jitter/2 of a grid step per axis, in [0, 1]
    double marginCm = 0.0;        // centres kept at least this far inside the walls
    bool precession = false;
    double thetaHz = 8.0;
    double precessionRangeDeg = 270.0;  // Δφ: phase change across the field's 4σ, in [0, 360]
    double phaseLockingKappa = 2.0;     // κ of the von Mises gate; 0 = no theta modulation
};

struct PlaceField {
    Vec2 centre;  // cm
};

struct PlaceSpike {
    int cell = 0;
    double phaseRad = 0;  // θ at the spike, in [0, 2π) (uniform over the cycle when precession is off)
    double uCm = 0;       // signed distance from the field centre along the direction of travel
};

class PlaceCellPopulation {
public:
    // Throws std::invalid_argument naming the parameter and value for: cells outside [1, 10000], σ <= 0 or > 1000 cm,
    // a negative or non-finite peak or baseline, jitter outside [0, 1], a negative margin or one that leaves no room,
    // theta frequency outside (0, 100] Hz, a precession range outside [0, 360] deg, κ outside [0, 50].
    PlaceCellPopulation(const Arena& arena, const PlaceCellParams& params, std::uint64_t seed);

    int size() const { return int(m_fields.size()); }
    const std::vector<PlaceField>& fields() const { return m_fields; }
    const PlaceCellParams& params() const { return m_params; }

    // Time-averaged rate of one cell at p (Hz).
    double rate(int cell, Vec2 p) const;
    // θ(t) in [0, 2π).
    double thetaPhase(double tMs) const;
    // Preferred phase φ_i(u) for a signed distance u (cm) along the direction of travel, in [0, 2π).
    double preferredPhase(double uCm) const;
    // Slope of the preferred phase against u (rad/cm): −Δφ / (4σ).
    double precessionSlopeRadPerCm() const;

    // One step from tMs to tMs + dtMs with the animal at `position`, moving with `velocity` (cm/s; its direction
    // defines u; when it is below 1 cm/s the last direction of travel is kept). Appends the step's spikes to `out`.
    void step(Vec2 position, Vec2 velocity, double tMs, double dtMs, std::vector<PlaceSpike>& out);
    void reseed(std::uint64_t seed) { m_rng.reseed(seed); }
    // Changes the theta settings of a running population (validated as in the constructor); the fields are kept.
    void setTheta(bool precession, double thetaHz, double precessionRangeDeg, double phaseLockingKappa);

private:
    PlaceCellParams m_params;
    std::vector<PlaceField> m_fields;
    Random m_rng;
    std::vector<double> m_cumulative;  // per step: running sum of λ_i·dt
    std::vector<double> m_u;
    Vec2 m_direction{1, 0};
    double m_inverseI0 = 1;
};

// Skaggs et al. (1993) spatial information, bits per spike:
//     I = Σ_i p_i (λ_i / λ̄) log₂(λ_i / λ̄),   p_i = o_i / Σo,   λ̄ = Σ p_i λ_i,
// over the bins with occupancy o_i > 0 and a finite rate (unvisited or NaN bins are skipped; a zero rate adds 0).
// Returns NaN when no bin is usable or λ̄ = 0 (no spikes: information per spike is undefined). Throws
// std::invalid_argument when the sizes differ, or for a negative rate or a negative / non-finite occupancy (naming
// the bin and value).
double skaggsInformation(const std::vector<double>& rates, const std::vector<double>& occupancy);

// Circular–linear regression of phases (rad) on positions (Kempter et al. 2012): the slope a (rad per unit of x) in
// [minSlope, maxSlope] that maximises R(a) = |mean exp(i(φ_j − a x_j))|, found on a fine grid and refined by golden
// section; the phase offset φ₀ = arg of that mean. Handles the wrap-around of phase that a straight-line fit cannot.
struct CircularLinearFit {
    double slope = 0;   // rad per unit of x
    double offset = 0;  // rad, in (−π, π]
    double resultant = 0;  // R at the best slope, in [0, 1]
};
// Throws std::invalid_argument for fewer than 3 points, mismatched sizes, non-finite values or minSlope >= maxSlope.
CircularLinearFit circularLinearFit(const std::vector<double>& x, const std::vector<double>& phase, double minSlope,
                                    double maxSlope);

}  // namespace neuroai::space
