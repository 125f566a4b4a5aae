#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"
#include "engine/plasticity/RateRules.h"

#include <Eigen/Dense>

#include <array>
#include <memory>

namespace neuroai::plasticity {

// One linear rate neuron y = w·x with two inputs, learning by Hebb's, Oja's or the BCM rule (RateRules.h) from a
// stream of 2-D input samples, as a live model for chapter 2's "Oja and BCM" panel. Time counts samples: one step
// is one input presented and one weight update (Clock unit "sample"; dt() = 1 and timeMs() is the sample count, the
// runner's "ms" being samples here).
//
// Inputs.
//   Hebb, Oja: a zero-mean Gaussian cloud x = R(φ)·diag(1, r)·z, z standard normal, so the covariance is
//     C = R diag(1, r²) Rᵀ with eigenvalues λ₁ = 1, λ₂ = r² and leading eigenvector e₁ = (cos φ, sin φ): φ is the
//     cloud angle, r the axis ratio (σ across / σ along). Oja's w turns to ±e₁ with ‖w‖ → 1, at a rate of about
//     η(λ₁ − λ₂) per sample (so a round cloud, r → 1, is slow); Hebb's w turns the same way while ‖w‖ grows by
//     the factor 1 + ηλ₁ per sample.
//   BCM: two unit patterns p_A, p_B at φ − s/2 and φ + s/2 (s the pattern separation), one of them (equal odds)
//     per sample with its amplitude jittered, x = (1 + σξ)·p, ξ standard normal; y = max(0, w·x). In two
//     dimensions two independent patterns can always be told apart: the selective fixed points have w·p_winner = θ
//     and w·p_loser ≤ 0, and then θ = ⟨y²⟩/y₀ = θ²/(2y₀) gives θ = K·y₀ with K = 2 (RateRules.h derives this for
//     orthonormal patterns; only the responses enter, so it holds for any two independent ones). The jitter moves
//     it: with y = r(1 + σξ), ⟨y(y − θ)(1 + σξ)⟩ = 0 gives r(1 + 3σ²) = θ(1 + σ²), and θ = ⟨y²⟩/y₀ then gives
//     θ = K·y₀·(1 + 3σ²)²/(1 + σ²)³ (+3 % at σ = 0.1).
//     Why jitter along the pattern and not isotropic noise: the loser never responds, so nothing holds the part of
//     w that the winner's pattern does not see; noise across p_winner feeds it (its mean growth per sample is about
//     η·(2r − θ)·σ²/2 times itself) and ‖w‖ creeps up without bound until that noise swamps the response. A threshold much slower than the weights (τθ large against 1/(ηθ²)) lets both responses
//     run away and then collapse: the instability of a sluggish sliding threshold.
//
// Start: w at a seed-drawn direction with ‖w‖ = 0.5 (Hebb, Oja: uniform over the circle; BCM: within ±30° of φ, so
// both patterns start with positive responses), θ = 0.
//
// Parameters act on the running state (none restarts the run): switching the rule keeps w (and θ), turning the cloud
// makes w follow it.
//
// Divergence: when ‖w‖ exceeds kMaxNorm (Hebb always gets there; Oja when η is so large that a sample overshoots,
// roughly η‖x‖² > 2) the model stops stepping with w still finite, stateIsFinite() turns false (the runner then
// stops the run with a message) and metrics() reports diverged = 1 and the sample count at which it happened.
//
// Channels (one value per sample): the input x₁, x₂; w₁, w₂, ‖w‖; the angle between w and ±e₁ (deg, 0…90); the
// response y; the threshold θ; the rectified responses to the noise-free patterns p_A and p_B.
class RateRuleModel final : public Model {
public:
    enum Rule { Hebb = 0, Oja = 1, Bcm = 2 };
    static constexpr double kMaxNorm = 1e6;
    static constexpr double kInitialNorm = 0.5;
    static constexpr int kSlopeWindow = 500;  // samples over which metrics() measures the slope of ln‖w‖

    RateRuleModel();

    std::string id() const override { return "rate-rules-2d"; }
    std::string title() const override { return "Hebb, Oja and BCM rules on a 2-D input cloud"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    Clock clock() const override { return {"sample", "input samples presented"}; }
    void reset(std::uint64_t seed) override;
    double dt() const override { return 1.0; }
    double timeMs() const override { return double(m_samples); }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override { return !m_diverged; }
    // samples, w1, w2, w_norm, w_angle_deg (direction of w from the x₁ axis, −180…180), angle_error_deg (between w
    // and ±e₁), y, theta, theta_mean (θ averaged over the last ~kSlopeWindow samples, an exponential average),
    // theta_target (K·y₀ = 2y₀, the noise-free value), response_a, response_b (rectified, to the noise-free patterns), lambda1, lambda2,
    // e1_x, e1_y, ln_norm_slope (measured slope of ln‖w‖ per sample over the last kSlopeWindow samples, 0 before),
    // hebb_slope (ln(1 + ηλ₁), Hebb's expected slope), diverged (0/1), diverged_at (sample, 0 if not).
    std::map<std::string, double> metrics() const override;

    // The analytic leading eigenvector (cos φ, sin φ) of the cloud's covariance, and the covariance itself.
    Eigen::Vector2d leadingEigenvector() const;
    Eigen::Matrix2d covariance() const;
    // The two BCM patterns (unit vectors at φ ∓ s/2), as columns.
    Eigen::Matrix2d patterns() const;
    Eigen::Vector2d weights() const { return {m_neuron->weights()(0), m_neuron->weights()(1)}; }
    double theta() const { return m_neuron->theta(); }
    bool diverged() const { return m_diverged; }
    long long divergedAt() const { return m_divergedAt; }
    // Angle (deg, 0…90) between the line through w and the leading eigenvector's line.
    double angleErrorDeg() const;

private:
    std::string checkConstraints(const ParamSet& p) const override;
    void applyParameters(const ParamSet& p) override;
    void rebuildNeuron(const Eigen::VectorXd& w, double theta);
    Eigen::Vector2d drawInput();

    std::unique_ptr<RateNeuron> m_neuron;
    Random m_random;
    Rule m_rule = Oja;
    Eigen::Matrix2d m_mix = Eigen::Matrix2d::Identity();  // R(φ)·diag(1, r): x = m_mix z
    Eigen::Matrix2d m_patterns = Eigen::Matrix2d::Identity();
    double m_noise = 0.1;
    long long m_samples = 0;
    double m_y = 0;
    double m_thetaMean = 0;
    std::array<double, kSlopeWindow + 1> m_lnNorm{};  // ring of ln‖w‖, one entry per sample
    bool m_diverged = false;
    long long m_divergedAt = 0;
};

}  // namespace neuroai::plasticity
