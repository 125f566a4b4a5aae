#pragma once

#include <Eigen/Dense>

#include <cstdint>

namespace neuroai {

class Random;

namespace plasticity {

// Rate-based learning rules for one linear neuron y = w·x (optionally rectified, y = max(0, w·x)), stepped one input
// sample at a time so that a panel can show w, y and θ after every sample. Learning rates and time constants are per
// sample (one step() = one presentation), so there are no time units here.
//
//   Hebb:  Δw = η y x                      grows without bound: under the averaged update w ← (I + ηC)w the norm
//                                          ends up growing by the factor 1 + ηλ₁ per sample (λ₁ the largest
//                                          eigenvalue of the input correlation C = ⟨x xᵀ⟩), i.e. ln‖w‖ rises with
//                                          slope ln(1 + ηλ₁).
//   Oja:   Δw = η y (x − y w)              Hebb plus a decay that keeps ‖w‖ → 1; w converges to ± the unit leading
//                                          eigenvector of C (Oja 1982), the first principal component for
//                                          zero-mean input.
//   BCM:   Δw = η x y (y − θ)              potentiation when the response exceeds the threshold, depression below;
//          θ ← θ + (y²/y₀ − θ)/τθ          the threshold slides towards ⟨y²⟩/y₀ (Bienenstock, Cooper & Munro 1982;
//                                          the Intrator–Cooper form with a response scale y₀, which makes θ a
//                                          response). θ is updated after w, from the same y.
//
// BCM with K orthonormal patterns shown with equal probability: the responses y_k = w·p_k evolve independently,
// Δy_k = η y_k (y_k − θ) when p_k is shown, and at a fixed point each y_k is 0 or θ while θ = ⟨y²⟩/y₀. The stable
// fixed points are the selective ones (one y_k = θ, the rest 0), so θ = (1/K)·θ²/y₀, i.e. θ = K·y₀ and the winning
// response is y = K·y₀ (the non-selective ones are unstable: every y_k = θ gives θ = θ²/y₀, y = y₀, and a small
// perturbation grows). This is SCIENCE.md's "θ near K·y₀", exact in the averaged dynamics; sample by sample θ
// fluctuates around it by O(1/√τθ).
enum class RateRuleKind { Hebb, Oja, Bcm };

struct RateRuleParameters {
    RateRuleKind kind = RateRuleKind::Oja;
    double eta = 1e-3;          // learning rate η > 0 (per sample)
    double tauTheta = 100.0;    // BCM: threshold time constant τθ ≥ 1, in samples (1: θ = y²/y₀ of the last sample)
    double y0 = 1.0;            // BCM: response scale y₀ > 0
    double theta0 = 0.0;        // BCM: initial threshold θ ≥ 0
    bool rectify = false;       // y = max(0, w·x) instead of w·x (usual for BCM; all rules accept it)
};

// One neuron and its rule. Throws std::invalid_argument naming the parameter on a bad size or parameter.
class RateNeuron {
public:
    RateNeuron(int inputs, const RateRuleParameters& parameters);

    // Starting weights (size must match); also resets θ to theta0 and the sample count.
    void setWeights(const Eigen::VectorXd& w);
    // Each weight uniform in [low, high) from `random`, in order; θ reset as above.
    void randomiseWeights(double low, double high, Random& random);

    // One sample: computes y from the current w, updates w (and θ for BCM), returns y.
    double step(const Eigen::Ref<const Eigen::VectorXd>& x);
    // The averaged (expected) update for zero-mean input with correlation matrix C, one sample's worth:
    //   Hebb: w ← w + ηCw = (I + ηC)w;  Oja: w ← w + η(Cw − (wᵀCw)w).
    // Linear neuron only (BCM's average needs more than C, and the rectified average is not a function of C): throws
    // std::logic_error for BCM or with rectify on.
    void averagedStep(const Eigen::MatrixXd& correlation);

    // Response to x with the current weights, without learning.
    double response(const Eigen::Ref<const Eigen::VectorXd>& x) const;
    const Eigen::VectorXd& weights() const { return m_w; }
    double theta() const { return m_theta; }
    std::int64_t samples() const { return m_samples; }
    int inputs() const { return int(m_w.size()); }
    const RateRuleParameters& parameters() const { return m_p; }

private:
    RateRuleParameters m_p;
    Eigen::VectorXd m_w;
    double m_theta = 0.0;
    std::int64_t m_samples = 0;
};

// Zero-mean (or given-mean) Gaussian samples with a given covariance, drawn as mean + L z with L the Cholesky factor
// of the covariance and z standard normal deviates from Random (so a seed gives the same cloud on every platform).
// Throws std::invalid_argument unless the covariance is square, symmetric, finite and positive definite.
class GaussianCloud {
public:
    explicit GaussianCloud(const Eigen::MatrixXd& covariance);
    GaussianCloud(const Eigen::MatrixXd& covariance, const Eigen::VectorXd& mean);

    Eigen::VectorXd sample(Random& random) const;
    const Eigen::MatrixXd& covariance() const { return m_covariance; }
    const Eigen::VectorXd& mean() const { return m_mean; }
    int dimension() const { return int(m_mean.size()); }

    // The 2-D covariance with standard deviations sigmaMajor ≥ sigmaMinor > 0 along axes rotated by angleRad from x:
    // R diag(σ₁², σ₂²) Rᵀ. Its leading eigenvector is (cos angle, sin angle), eigenvalue σ₁².
    static Eigen::Matrix2d ellipse(double sigmaMajor, double sigmaMinor, double angleRad);

private:
    Eigen::MatrixXd m_covariance;
    Eigen::VectorXd m_mean;
    Eigen::MatrixXd m_factor;  // lower Cholesky factor
};

}  // namespace plasticity
}  // namespace neuroai
