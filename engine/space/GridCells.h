#pragma once

#include "engine/core/Random.h"
#include "engine/space/Arena.h"

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <vector>

namespace neuroai::space {

// Grid cells of the medial entorhinal cortex fire at the vertices of a triangular (hexagonal) lattice that tiles the
// whole arena (Hafting et al. 2005). Three ways to get such a cell, from "assume the answer" to "a network that
// computes it":
//   1. IdealGridCell: the lattice written down directly, as the sum of three plane waves 60° apart.
//   2. OscillatoryInterferenceCell: Burgess, Barry & O'Keefe (2007): dendritic oscillators whose frequency rises
//      with the running speed along a preferred direction beat against somatic theta; the beat phase integrates
//      the position along that direction, and three such directions 60° apart interfere into a lattice.
//   3. ContinuousAttractorSheet: Burak & Fiete (2009): a sheet of rate neurons with centre–surround inhibition forms
//      a hexagonal activity pattern by itself; direction-tuned cells with slightly shifted outgoing weights make the
//      velocity input push the pattern across the sheet, so one neuron fires wherever the pattern's bumps have
//      passed over it, i.e. on a lattice in the arena.

// The lattice of an ideal grid: node spacing λ (cm, distance between neighbouring fields), orientation (rad, the
// angle of one lattice axis from +x, meaningful modulo 60°) and the position of one field (phase, cm).
struct GridGeometry {
    double spacingCm = 40.0;
    double orientationRad = 0.0;
    Vec2 phaseCm{0.0, 0.0};
};

// Ideal grid: with wave vectors k_i of length 4π / (√3 λ) at orientation + 0°, 60°, 120°, the sum
// g(x) = Σ_i cos(k_i · (x − phase)) ranges over [−1.5, 3] and reaches its maximum 3 exactly on the triangular lattice
// of spacing λ (the three waves are in phase only there). The rate is g mapped to [0, 1] and exponentiated,
// rate = peak · (exp(κ·u) − 1) / (exp(κ) − 1) with u = (g + 1.5) / 4.5, so fields are compact bumps (κ = 3: a field
// falls to half its peak at about 0.2 λ from its centre) and the rate between fields is 0.
class IdealGridCell {
public:
    // Throws std::invalid_argument naming the value unless spacing > 0, peak >= 0, sharpness > 0 and all finite.
    IdealGridCell(const GridGeometry& geometry, double peakHz, double sharpness = 3.0);

    double rate(Vec2 p) const;
    // The lattice sum g(x) normalised to [0, 1] (1 on the fields' centres).
    double lattice(Vec2 p) const;
    const GridGeometry& geometry() const { return m_geometry; }

private:
    GridGeometry m_geometry;
    double m_peak, m_sharpness;
    double m_k[3][2];  // wave vectors (rad/cm)
};

// Oscillatory interference (Burgess, Barry & O'Keefe 2007). The soma oscillates at theta, f_θ; dendrite k oscillates
// at f_θ · (1 + β · v · d_k), with d_k a unit vector (preferred directions orientation + 0°, 120°, 240°, which form
// the same lattice as 0°, 60°, 120°) and v the velocity. The phase of dendrite k relative to the soma is therefore
// Δ_k = 2π f_θ β (x − x₀) · d_k: it integrates the displacement along d_k, and the dendrite and soma are in phase
// every L = 1 / (f_θ β) cm along d_k (the band spacing). Each dendrite's input sums with somatic theta,
// a_k = cos φ_k + cos φ_soma, whose amplitude 2|cos(Δ_k / 2)| is largest when they are in phase; the cell fires
// when the product a_1 a_2 a_3 exceeds a threshold. The three band patterns coincide on a triangular lattice whose
// spacing is the band spacing divided by sin 60° and whose axes lie 30° from the preferred directions:
//     G = 2 / (√3 · f_θ · β)          (e.g. f_θ = 8 Hz, β = 0.00385 s/cm: L = 32.5 cm, G = 37.5 cm).
// Phase noise (a random walk of each dendritic phase, σ rad/√s) shows the model's weakness: the lattice drifts and
// smears within seconds once σ is a fair fraction of a radian per √s.
struct InterferenceParams {
    double thetaHz = 8.0;          // somatic theta frequency f_θ
    double betaSPerCm = 0.00385;   // β: relative frequency increase per cm/s of speed along d_k (s/cm)
    double orientationRad = 0.0;
    double threshold = 2.0;        // on the product a_1 a_2 a_3 ∈ [−8, 8]
    double peakHz = 30.0;          // rate when the product is 8 (all oscillators in phase at a theta peak)
    double phaseNoise = 0.0;       // σ of each dendrite's phase random walk (rad/√s)
};

class OscillatoryInterferenceCell {
public:
    // Throws std::invalid_argument naming the value unless θ in (0, 100] Hz, β > 0, threshold in [−8, 8), peak >= 0,
    // noise >= 0, all finite.
    OscillatoryInterferenceCell(const InterferenceParams& params, std::uint64_t seed);

    // Advances all phases by dtMs (> 0, small enough to resolve theta: dt·f_θ <= 0.1) with the animal moving at
    // `velocity` (cm/s); returns the instantaneous rate (Hz) at the end of the step.
    double step(Vec2 velocityCmPerS, double dtMs);
    double rate() const;
    // Phases back to 0 (soma and dendrites in phase: a field at the current position).
    void reset(std::uint64_t seed);

    // G = 2 / (√3 f_θ β), cm.
    static double predictedSpacingCm(double thetaHz, double betaSPerCm);
    const InterferenceParams& params() const { return m_params; }
    // Dendrite k's phase relative to the soma (rad, unwrapped).
    double relativePhase(int k) const { return m_dendrite[k] - m_soma; }

private:
    InterferenceParams m_params;
    Random m_rng;
    double m_soma = 0;
    double m_dendrite[3] = {0, 0, 0};
    double m_dir[3][2];
};

// Continuous attractor (Burak & Fiete 2009), periodic version: an n × round(n·√3/2) sheet on a torus. Neuron i sits at x_i
// (sheet coordinates) and prefers one of four directions θ_i (E, N, W, S in 2 × 2 blocks). Its outgoing weights are
// the centre–surround kernel shifted along its preferred direction,
//     W_ij = W0(x_i − x_j − ℓ e_θj),   W0(u) = a·exp(−γ|u|²) − exp(−β|u|²),  β = 3 / λ_net², γ = 1.2 β, a = 1,
// purely inhibitory for a = 1 (the first term narrower than the second), so a uniform state is unstable and a
// hexagonal pattern of bumps forms (period ≈ 1.3 λ_net neurons, locked to n/2 by the torus; the paper's γ = 1.05 β gives stripes on a torus this
// small, see GridCells.cpp). Dynamics τ ds/dt = −s + [W s + B]₊ with input
// B_i = A (1 + α e_θi · v): moving along θ drives the cells preferring θ harder, and their shifted weights push the
// pattern along θ at a speed proportional to α|v|. Noise adds σ·N(0, 1) to every cell's input each step.
// The weights are a dense N × N float matrix (N = neurons; n = 32: 896 cells, 3 MB), so one step is a single Eigen matrix–vector product.
struct AttractorParams {
    int sheetSize = 32;             // n (neurons per side)
    double lambdaNet = 12.0;        // kernel scale (neurons); 12 on a 32-wide sheet gives a period of 16 = n/2
    double shift = 2.0;             // ℓ (neurons)
    double tauMs = 10.0;
    double input = 1.0;             // A
    double velocityGain = 0.001;    // α (s/cm): larger → the pattern moves faster → smaller spacing in the arena
                                    // (n = 32: about 0.5 neuron per cm at 0.001, so 16 neurons ≈ 30 cm)
    double noise = 0.0;             // σ of the input noise (in units of A)
};

class ContinuousAttractorSheet {
public:
    // Throws std::invalid_argument naming the value unless 8 <= n <= 64, 4 <= λ_net <= n, 0 <= ℓ < λ_net,
    // τ > 0, A > 0, α >= 0, noise >= 0, all finite. Starts from small random activity (seeded).
    ContinuousAttractorSheet(const AttractorParams& params, std::uint64_t seed);

    // One Euler step of dtMs (0 < dt <= τ / 2) with the animal's velocity (cm/s).
    void step(Vec2 velocityCmPerS, double dtMs);
    // `steps` steps without motion: lets the pattern form from the random start.
    void settle(int steps, double dtMs);
    void reset(std::uint64_t seed);

    int columns() const { return m_n; }
    // round(n · √3 / 2): the torus has the aspect ratio of a hexagonal lattice.
    int rows() const { return int(std::lround(m_n * 0.8660254037844386)); }
    int neuronCount() const { return columns() * rows(); }
    const Eigen::VectorXf& activity() const { return m_s; }
    // The activity as a rows() × columns() row-major map (row = sheet y).
    std::vector<double> activityMap() const;
    double maxActivity() const { return double(m_s.maxCoeff()); }
    const AttractorParams& params() const { return m_params; }

    static constexpr double kSurroundRatio = 1.2;  // γ / β

private:
    AttractorParams m_params;
    int m_n;
    Random m_rng;
    Eigen::MatrixXf m_w;          // W_ij: row i (post), column j (pre)
    Eigen::VectorXf m_s, m_drive;
    Eigen::VectorXf m_dirX, m_dirY;  // each neuron's preferred direction
};

// Poisson spikes from a rate: the number of spikes in a step of dtMs at `rateHz`, an exact Poisson draw with mean
// rate·dt (Knuth's product method; the mean per step is well below 1 here).
int poissonCount(Random& rng, double rateHz, double dtMs);

}  // namespace neuroai::space
