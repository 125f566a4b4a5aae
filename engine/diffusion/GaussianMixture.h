#pragma once

// Chapter 13 (multimodal & diffusion): the data distribution of the diffusion experiments, a mixture of K Gaussians
// in the plane,
//   p(x) = Σ_k w_k N(x; μ_k, Σ_k),   Σ_k w_k = 1,  Σ_k symmetric positive definite (2 × 2),
// with its samples, its log density, its exact score
//   ∇ log p(x) = −Σ_k r_k(x) Σ_k⁻¹ (x − μ_k),   r_k(x) = w_k N(x; μ_k, Σ_k) / p(x)   (the responsibilities),
// and the mixture it becomes under the variance-preserving noising x_t = √ᾱ x_0 + √(1 − ᾱ) ε (ε ~ N(0, I)):
//   p_t(x) = Σ_k w_k N(x; √ᾱ μ_k, ᾱ Σ_k + (1 − ᾱ) I),
// so the score of every noised marginal is known in closed form.

#include "engine/core/Random.h"

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace neuroai::diffusion {

// Points of the plane, one per column (as the networks of engine/nn take their samples).
using Points = Eigen::Matrix2Xd;

class GaussianMixture {
public:
    // Weights need not sum to 1 (they are normalised); each must be finite and > 0. Means finite; covariances finite,
    // symmetric (to 1e-12 relative) and positive definite. 1 to 64 components, the three lists of equal length.
    // Throws std::invalid_argument naming the bad value ("weight 2", "covariance 1", ...).
    GaussianMixture(std::vector<double> weights, std::vector<Eigen::Vector2d> means,
                    std::vector<Eigen::Matrix2d> covariances);

    int components() const { return int(m_weights.size()); }
    const std::vector<double>& weights() const { return m_weights; }
    const std::vector<Eigen::Vector2d>& means() const { return m_means; }
    const std::vector<Eigen::Matrix2d>& covariances() const { return m_covariances; }

    // The mixture's mean Σ w_k μ_k and covariance Σ w_k (Σ_k + μ_k μ_kᵀ) − μ μᵀ.
    Eigen::Vector2d mean() const;
    Eigen::Matrix2d covariance() const;
    // The single Gaussian with the mixture's mean and covariance (same first two moments, wrong shape).
    GaussianMixture momentMatchedGaussian() const;

    // n independent draws (component by its weight, then μ_k + L_k z with L_k L_kᵀ = Σ_k); `labels`, if given,
    // receives each draw's component. n in [0, 10⁷].
    Points sample(int n, Random& rng, std::vector<int>* labels = nullptr) const;

    // log p(x) (natural log, density per unit area), computed with log-sum-exp. x must be finite.
    double logDensity(const Eigen::Vector2d& x) const;
    // r_k(x), summing to 1.
    Eigen::VectorXd responsibilities(const Eigen::Vector2d& x) const;
    // The component with the largest responsibility.
    int mostLikelyComponent(const Eigen::Vector2d& x) const;
    // ∇ log p(x), exact.
    Eigen::Vector2d score(const Eigen::Vector2d& x) const;
    // The score of every column.
    Points scores(const Points& x) const;

    // The marginal of √ᾱ x_0 + √(1 − ᾱ) ε for x_0 from this mixture: means √ᾱ μ_k, covariances ᾱ Σ_k + (1 − ᾱ) I.
    // alphaBar in [0, 1].
    GaussianMixture noised(double alphaBar) const;

    // P(aᵀx ≤ c) = Σ_k w_k Φ((c − aᵀμ_k) / √(aᵀ Σ_k a)), a ≠ 0.
    double halfPlaneProbability(const Eigen::Vector2d& a, double c) const;

    // The share of the columns whose most likely component is k, for every k.
    std::vector<double> assignmentShares(const Points& x) const;

private:
    std::vector<double> m_weights;
    std::vector<Eigen::Vector2d> m_means;
    std::vector<Eigen::Matrix2d> m_covariances;
    // Per component: Σ_k⁻¹, the Cholesky factor L_k and log w_k − log 2π − ½ log det Σ_k.
    std::vector<Eigen::Matrix2d> m_precisions, m_cholesky;
    std::vector<double> m_logNorms;

    // log(w_k N(x; μ_k, Σ_k)) for every k (on the stack: at most 64 components).
    using ComponentVector = Eigen::Matrix<double, Eigen::Dynamic, 1, 0, 64, 1>;
    void componentLogs(const Eigen::Vector2d& x, ComponentVector& logs) const;
    ComponentVector responsibilitiesOf(const Eigen::Vector2d& x) const;
};

// The mixtures offered by the experiment, all inside [−4, 4]²:
//   TwoBlobs       weights 0.35 / 0.65: a tilted ellipse at (−2, −1) (Σ = [0.5 0.3; 0.3 0.4]) and a round blob at
//                  (1.5, 1.5) (Σ = 0.25 I);
//   RingOfEight    eight equal components on the circle of radius 3, Σ = 0.1 I (SD 0.32);
//   ThreeClusters  weights 0.5 / 0.3 / 0.2 at (−2, −1.5), (2, −1), (0, 2.5), Σ = [0.4 0.15; 0.15 0.3],
//                  [0.2 −0.1; −0.1 0.5] and 0.15 I.
enum class MixturePreset { TwoBlobs, RingOfEight, ThreeClusters };
std::vector<std::string> mixturePresetNames();  // in the enum's order
GaussianMixture mixturePreset(MixturePreset preset);

// Φ, the standard normal distribution function.
double standardNormalCdf(double z);

}  // namespace neuroai::diffusion
