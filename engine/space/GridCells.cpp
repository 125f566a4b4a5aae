#include "engine/space/GridCells.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::space {

namespace {
constexpr double kPi = std::numbers::pi;

void require(bool ok, const char* what, double value)
{
    if (!ok || !std::isfinite(value))
        throw std::invalid_argument(std::string(what) + " (got " + std::to_string(value) + ")");
}
}  // namespace

// ---------------------------------------------------------------------------------------------------- ideal grid

IdealGridCell::IdealGridCell(const GridGeometry& geometry, double peakHz, double sharpness)
    : m_geometry(geometry), m_peak(peakHz), m_sharpness(sharpness)
{
    require(geometry.spacingCm > 0, "grid spacing must be > 0 cm", geometry.spacingCm);
    require(true, "grid orientation must be finite", geometry.orientationRad);
    require(true, "grid phase x must be finite", geometry.phaseCm.x);
    require(true, "grid phase y must be finite", geometry.phaseCm.y);
    require(peakHz >= 0, "grid peak rate must be >= 0 Hz", peakHz);
    require(sharpness > 0, "grid field sharpness must be > 0", sharpness);
    // Three plane waves whose crests meet on a triangular lattice of spacing λ: |k| = 4π / (√3 λ).
    const double k = 4 * kPi / (std::sqrt(3.0) * geometry.spacingCm);
    for (int i = 0; i < 3; ++i) {
        const double a = geometry.orientationRad + kPi / 6 + i * kPi / 3;  // wave vectors sit 30° off the lattice axes
        m_k[i][0] = k * std::cos(a);
        m_k[i][1] = k * std::sin(a);
    }
}

double IdealGridCell::lattice(Vec2 p) const
{
    const double dx = p.x - m_geometry.phaseCm.x, dy = p.y - m_geometry.phaseCm.y;
    double g = 0;
    for (const auto& k : m_k)
        g += std::cos(k[0] * dx + k[1] * dy);
    return (g + 1.5) / 4.5;
}

double IdealGridCell::rate(Vec2 p) const
{
    const double u = lattice(p);
    return m_peak * std::expm1(m_sharpness * u) / std::expm1(m_sharpness);
}

// ---------------------------------------------------------------------------------------------------- interference

OscillatoryInterferenceCell::OscillatoryInterferenceCell(const InterferenceParams& params, std::uint64_t seed)
    : m_params(params)
{
    require(params.thetaHz > 0 && params.thetaHz <= 100, "theta frequency must be in (0, 100] Hz", params.thetaHz);
    require(params.betaSPerCm > 0, "interference beta must be > 0 s/cm", params.betaSPerCm);
    require(true, "interference orientation must be finite", params.orientationRad);
    require(params.threshold >= -8 && params.threshold < 8, "interference threshold must be in [-8, 8)",
            params.threshold);
    require(params.peakHz >= 0, "interference peak rate must be >= 0 Hz", params.peakHz);
    require(params.phaseNoise >= 0, "interference phase noise must be >= 0 rad/sqrt(s)", params.phaseNoise);
    for (int k = 0; k < 3; ++k) {
        const double a = params.orientationRad + k * 2 * kPi / 3;
        m_dir[k][0] = std::cos(a);
        m_dir[k][1] = std::sin(a);
    }
    reset(seed);
}

void OscillatoryInterferenceCell::reset(std::uint64_t seed)
{
    m_rng.reseed(seed);
    m_soma = 0;
    for (double& d : m_dendrite)
        d = 0;
}

double OscillatoryInterferenceCell::predictedSpacingCm(double thetaHz, double betaSPerCm)
{
    return 2.0 / (std::sqrt(3.0) * thetaHz * betaSPerCm);
}

double OscillatoryInterferenceCell::step(Vec2 v, double dtMs)
{
    require(dtMs > 0 && dtMs * 1e-3 * m_params.thetaHz <= 0.1,
            "interference step must be > 0 ms and resolve theta (dt * f_theta <= 0.1)", dtMs);
    const double dt = dtMs * 1e-3;
    const double w = 2 * kPi * m_params.thetaHz;
    const double noise = m_params.phaseNoise * std::sqrt(dt);
    m_soma += w * dt;
    for (int k = 0; k < 3; ++k) {
        const double along = v.x * m_dir[k][0] + v.y * m_dir[k][1];
        m_dendrite[k] += w * (1 + m_params.betaSPerCm * along) * dt;
        if (noise > 0)
            m_dendrite[k] += noise * m_rng.normal();
    }
    // Keep the phases small (the relative phase is what matters; both shifted by the same multiple of 2π).
    if (m_soma > 2 * kPi * 1024) {
        const double shift = 2 * kPi * 1024;
        m_soma -= shift;
        for (double& d : m_dendrite)
            d -= shift;
    }
    return rate();
}

double OscillatoryInterferenceCell::rate() const
{
    const double soma = std::cos(m_soma);
    double product = 1;
    for (const double d : m_dendrite)
        product *= std::cos(d) + soma;
    const double excess = product - m_params.threshold;
    return excess > 0 ? m_params.peakHz * excess / (8 - m_params.threshold) : 0.0;
}

// ---------------------------------------------------------------------------------------------------- attractor

ContinuousAttractorSheet::ContinuousAttractorSheet(const AttractorParams& params, std::uint64_t seed)
    : m_params(params), m_n(params.sheetSize)
{
    require(params.sheetSize >= 8 && params.sheetSize <= 64, "attractor sheet size must be in [8, 64] neurons",
            double(params.sheetSize));
    require(params.lambdaNet >= 4 && params.lambdaNet <= params.sheetSize,
            "attractor pattern period lambda_net must be in [4, sheet size] neurons", params.lambdaNet);
    require(params.shift >= 0 && params.shift < params.lambdaNet, "attractor weight shift must be in [0, lambda_net)",
            params.shift);
    require(params.tauMs > 0, "attractor time constant must be > 0 ms", params.tauMs);
    require(params.input > 0, "attractor input A must be > 0", params.input);
    require(params.velocityGain >= 0, "attractor velocity gain must be >= 0 s/cm", params.velocityGain);
    require(params.noise >= 0, "attractor noise must be >= 0", params.noise);

    // A hexagonal pattern fits a torus only if the torus has the lattice's aspect ratio, so the sheet is n wide and
    // round(n·√3/2) tall: two rows of bumps per two columns (λ_net ≈ n/2) then tile it without strain.
    const int nx = m_n, ny = rows(), count = nx * ny;
    m_dirX.resize(count);
    m_dirY.resize(count);
    // Preferred directions in 2 × 2 blocks: (even, even) east, (odd, even) north, (even, odd) west, (odd, odd) south.
    static const float kDx[4] = {1, 0, -1, 0}, kDy[4] = {0, 1, 0, -1};
    for (int r = 0; r < ny; ++r)
        for (int c = 0; c < nx; ++c) {
            const int d = (c % 2) + 2 * (r % 2);
            m_dirX[r * nx + c] = kDx[d];
            m_dirY[r * nx + c] = kDy[d];
        }
    // γ = 1.2 β rather than the paper's 1.05 β: on a torus only two bumps across (the paper's sheet was 128 wide),
    // 1.05 settles into stripes; the somewhat narrower surround of 1.2 β gives hexagonally packed bumps (measured
    // gridness of the population pattern 1.35–1.39 over six seeds, period n/2 for λ_net = 12/32 · n and 2 ms Euler
    // steps; λ_net = 13 also works at 1 ms steps but not at 2 ms).
    const double beta = 3.0 / (params.lambdaNet * params.lambdaNet), gamma = kSurroundRatio * beta;
    m_w.resize(count, count);
    for (int j = 0; j < count; ++j) {
        const double xj = (j % nx) + params.shift * m_dirX[j], yj = (j / nx) + params.shift * m_dirY[j];
        for (int i = 0; i < count; ++i) {
            // Shortest displacement on the torus.
            double dx = (i % nx) - xj, dy = (i / nx) - yj;
            dx -= nx * std::round(dx / nx);
            dy -= ny * std::round(dy / ny);
            const double d2 = dx * dx + dy * dy;
            m_w(i, j) = float(std::exp(-gamma * d2) - std::exp(-beta * d2));
        }
    }
    reset(seed);
}

void ContinuousAttractorSheet::reset(std::uint64_t seed)
{
    m_rng.reseed(seed);
    m_s.resize(neuronCount());
    for (int i = 0; i < neuronCount(); ++i)
        m_s[i] = float(0.1 * m_rng.uniform());
    m_drive.resize(neuronCount());
}

void ContinuousAttractorSheet::step(Vec2 v, double dtMs)
{
    require(dtMs > 0 && dtMs <= m_params.tauMs / 2, "attractor step must be in (0, tau/2] ms", dtMs);
    const float a = float(m_params.input);
    const float alpha = float(m_params.velocityGain);
    // B_i = A (1 + α e_θi · v), then the recurrent input.
    m_drive = (a * (1.0f + alpha * (m_dirX * float(v.x) + m_dirY * float(v.y)).array())).matrix();
    if (m_params.noise > 0)
        for (int i = 0; i < neuronCount(); ++i)
            m_drive[i] += float(m_params.noise * m_params.input * m_rng.normal());
    m_drive.noalias() += m_w * m_s;
    const float k = float(dtMs / m_params.tauMs);
    m_s += k * (m_drive.cwiseMax(0.0f) - m_s);
}

void ContinuousAttractorSheet::settle(int steps, double dtMs)
{
    for (int i = 0; i < steps; ++i)
        step({0, 0}, dtMs);
}

std::vector<double> ContinuousAttractorSheet::activityMap() const
{
    return std::vector<double>(m_s.data(), m_s.data() + m_s.size());
}

// ---------------------------------------------------------------------------------------------------- spikes

int poissonCount(Random& rng, double rateHz, double dtMs)
{
    const double mean = rateHz * dtMs * 1e-3;
    if (!(mean > 0))
        return 0;
    // Knuth's product method: exact, and the mean per step is small here (a few at most).
    const double limit = std::exp(-mean);
    int count = 0;
    double product = rng.uniform();
    while (product > limit && count < 1000) {
        ++count;
        product *= rng.uniform();
    }
    return count;
}

}  // namespace neuroai::space
