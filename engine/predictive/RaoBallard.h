#pragma once

#include "engine/core/Random.h"

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <vector>

namespace neuroai::predictive {

// Predictive coding after Rao & Ballard (1999, Nature Neuroscience 2:79), in its linear-Gaussian form.
//
// Generative model. An image patch I (p = n² pixels, row-major) is generated from m causes r through a basis U
// (p × m, one column per cause, the cause's "receptive field"): I = U r + Gaussian noise of variance σ² per pixel,
// with a Gaussian prior on the causes of precision α (density ∝ exp(−α‖r‖²)).
//
// Energy (the factor convention of the paper, no ½ anywhere):
//     E(r) = (1/σ²)‖I − U r‖² + α‖r‖²
// which is −2 log p(I, r) up to a constant. Its gradient is ∇E = −2[Uᵀ(I − U r)/σ² − α r].
//
// Inference. The causes descend the energy: r ← r − (k/2)∇E, i.e.
//     r ← r + k·(Uᵀ e / σ² − α r),     e = I − U r   (the error units: input minus top-down prediction U r)
// which is the paper's dr/dt = −(k₁/2)∂E/∂r with Euler step 1. Writing H = UᵀU/σ² + αI (half the Hessian of E), the
// step is r ← r − k(H r − UᵀI/σ²), so the iteration is plain gradient descent on ½E with step k and its gradient's
// Lipschitz constant is L = λ_max(H) = λ_max(UᵀU)/σ² + α. It decreases E monotonically iff 0 < k < 2/L (every
// eigen-component of r − r* is multiplied by 1 − kλ_i each step); the default step is k = 1/L, half the bound.
// Above 2/L the component along the top eigenvector grows as |1 − kL|ᵗ: the iteration diverges, and infer()
// reports it in a flag (it stops before anything overflows; no NaN is ever returned).
// The unique fixed point (α > 0) is the ridge / MAP solution
//     r* = (UᵀU + σ²α I)⁻¹ Uᵀ I.
//
// Two-level hierarchy (RaoBallardHierarchy). The level-1 causes r₁ (m₁) are themselves predicted by level-2 causes
// r₂ (m₂) through U₂ (m₁ × m₂): r₁ = U₂ r₂ + noise of variance σ_td² (the top-down prediction). Joint energy
//     E(r₁, r₂) = (1/σ²)‖I − U₁r₁‖² + (1/σ_td²)‖r₁ − U₂r₂‖² + α₁‖r₁‖² + α₂‖r₂‖²
// with two kinds of error units, e₁ = I − U₁r₁ (level 1, pixels) and e₂ = r₁ − U₂r₂ (level 2, one per level-1
// cause). Inference descends the joint energy with step k:
//     r₁ ← r₁ + k·(U₁ᵀe₁/σ² − e₂/σ_td² − α₁r₁),      r₂ ← r₂ + k·(U₂ᵀe₂/σ_td² − α₂r₂)
// (level 1 is pulled by the image from below and by the prediction from above). Half the joint Hessian is
//     H = [[U₁ᵀU₁/σ² + (1/σ_td² + α₁)I,  −U₂/σ_td²], [−U₂ᵀ/σ_td²,  U₂ᵀU₂/σ_td² + α₂I]]
// and the fixed point solves H [r₁; r₂] = [U₁ᵀI/σ²; 0]; the same step bound k < 2/λ_max(H) holds.
//
// Learning (Hebbian with decay, the paper's dU/dt = (k₂/σ²) e rᵀ − k₂λU): after inference on a batch of B patches,
//     U ← U + η·( (1/B)Σ_b e_b r_bᵀ / σ² − λU )
// (e_b, r_b at the end of inference for patch b), and likewise U₂ ← U₂ + η·((1/B)Σ e₂ r₂ᵀ/σ_td² − λU₂) in the
// hierarchy. With a Gaussian prior the learned basis spans (a shrunk version of) the patches' principal subspace, so
// learned receptive fields are PCA-like mixtures of oriented structure, not the localised Gabor-like fields a sparse
// prior gives.
//
// Default parameters: σ² = 1, σ_td² = 10, α₁ = 1, α₂ = 0.05, λ = 0.02, the values of Rao & Ballard's (1999)
// simulations; their patches were 16 × 16 with 32 level-1 causes, ours default to 8 × 8 with 16 so that learning
// runs in a fraction of a second. The learning rate η = 0.1 per batch of 10 and the 30 epochs are ours (stable and
// converged for patches of unit contrast; see the tests).
//
// Image source. OrientedPatchConfig renders a simple deterministic stand-in for whitened natural-image patches:
// one blurred bar or edge per patch (random orientation, offset, width, contrast sign and amplitude), its mean
// removed (as a centre-surround filter would), plus Gaussian pixel noise. Any other patch vectors can be used.
//
// Tests (tests/engine/tst_raoballard.cpp): gradient-descent inference converges to the ridge solution; the energy
// never increases for k < 2/L and k > 2/L is flagged as diverging; the two-level fixed point equals the joint linear
// solve and the Schur-complement (marginal) form, with non-increasing joint energy; learning cuts the held-out
// reconstruction error to a fraction of its start and reaches the closed-form learning equilibrium below; bad input
// throws naming the parameter.
//
// Learning equilibrium (single level, Gaussian prior). With C = E[IIᵀ] and s = σ²α, the stationary points of
// E[ΔU] = 0 have U's columns spanning eigenvectors of C; along an eigenvector of variance c the learned gain u² (the
// squared singular value of U) solves (u² + s)² = c·s/(σ²λ), which has a solution only if c > sσ²λ = σ⁴αλ. The
// residual energy left along each learned direction is then c·(s/(u² + s))² = σ⁴αλ, independent of c, so the
// training error settles at (Σ_{unlearned} c_i + m·σ⁴αλ) / tr C.

// ---------------------------------------------------------------------------------------------------------------------
// Patch source

enum class PatchKind { Bars = 0, Edges = 1, Mixed = 2 };

struct OrientedPatchConfig {
    int size = 8;              // patches are size × size pixels, row-major, row 0 at the top
    PatchKind kind = PatchKind::Mixed;
    double minWidthPx = 1.0;   // bar width range (pixels); unused for edges
    double maxWidthPx = 3.0;
    double blurPx = 0.6;       // standard deviation of the Gaussian blur of the bar/edge profile (pixels)
    double maxOffsetPx = 2.0;  // largest distance of the bar's axis / the edge from the patch centre (pixels)
    double minContrast = 0.5;  // amplitude range; the sign is random
    double maxContrast = 1.0;
    double noise = 0.05;       // standard deviation of the Gaussian pixel noise
    bool removeMean = true;    // subtract the patch's mean (after noise): every patch then has zero DC

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
};

// One patch drawn from rng.
std::vector<double> orientedPatch(const OrientedPatchConfig& config, Random& rng);
// `count` patches from `seed` (the same seed, the same patches).
std::vector<std::vector<double>> orientedPatches(const OrientedPatchConfig& config, int count, std::uint64_t seed);

// ---------------------------------------------------------------------------------------------------------------------
// Single level

struct RaoBallardParams {
    double sigma2 = 1.0;  // σ²: variance of the pixel noise (the inverse precision of the level-1 error units)
    double alpha = 1.0;   // α: precision of the Gaussian prior on the causes (> 0: the fixed point is unique)

    void validate() const;
};

struct InferenceOptions {
    double rate = 0;              // k; 0 selects the safe default 1/L
    int maxIterations = 5000;
    double tolerance = 1e-11;     // stop when max_i |Δr_i| ≤ tolerance (converged)
    bool recordSteps = true;      // keep causes, prediction and error of every iterate (else only the energies)
    std::vector<double> initial;  // r at iteration 0; empty: zeros

    void validate(int causes) const;
};

// One iterate of single-level inference.
struct InferenceStep {
    std::vector<double> causes;      // r (m)
    std::vector<double> prediction;  // U r (p)
    std::vector<double> error;       // e = I − U r (p)
    double energy = 0;               // E(r)
};

struct InferenceResult {
    std::vector<double> causes, prediction, error;  // at the last finite iterate
    std::vector<double> energy;                     // E of iterate 0, 1, …, iterations (iterations + 1 values)
    std::vector<InferenceStep> steps;               // the same iterates in full, when recorded
    int iterations = 0;
    double rate = 0;                 // the k used
    double lipschitz = 0;            // L
    bool converged = false;          // the tolerance was met
    bool diverged = false;           // E grew past 1e12·(1 + E₀): the iteration runs away (k too large); stopped
    bool energyIncreased = false;    // some step raised E by more than 1e-12·max(1, E) (never for k < 2/L)
    double maxEnergyIncrease = 0;    // the largest E_{t+1} − E_t seen (≤ 0 when monotone)
};

struct LearningOptions {
    double learningRate = 0.1;   // η
    double decay = 0.02;         // λ (weight decay of U)
    int epochs = 30;             // passes through the patches (in order)
    int batchSize = 10;          // patches per update (the last batch of an epoch may be smaller)
    int inferenceSteps = 0;      // 0: infer each patch exactly (the converged fixed point); else this many steps of
                                 // the gradient dynamics from r = 0 with the default k

    void validate() const;
};

struct LearningResult {
    std::vector<double> reconstructionError;  // on the training patches, before learning and after every epoch
    int epochs = 0;                           // epochs completed
    bool cancelled = false;
    bool diverged = false;                    // U became non-finite or exploded; the last finite U was kept
};

class RaoBallard {
public:
    // U is p × m (pixels × causes). Throws std::invalid_argument for an empty or non-finite U or bad parameters.
    RaoBallard(Eigen::MatrixXd basis, const RaoBallardParams& params = {});

    // A p × m basis of i.i.d. normal entries scaled by `scale` / √p (columns of norm ≈ scale).
    static Eigen::MatrixXd randomBasis(int pixels, int causes, double scale, Random& rng);

    int pixels() const { return int(m_u.rows()); }
    int causes() const { return int(m_u.cols()); }
    const Eigen::MatrixXd& basis() const { return m_u; }
    void setBasis(const Eigen::MatrixXd& basis);
    const RaoBallardParams& params() const { return m_params; }
    std::vector<double> receptiveField(int cause) const;  // column `cause` of U (a patch, row-major)

    double lipschitz() const;                   // L = λ_max(UᵀU)/σ² + α
    double safeRate() const { return 1.0 / lipschitz(); }  // the default k (= half the bound 2/L)
    double energy(const std::vector<double>& image, const std::vector<double>& causes) const;
    std::vector<double> ridgeSolution(const std::vector<double>& image) const;  // (UᵀU + σ²αI)⁻¹UᵀI
    InferenceResult infer(const std::vector<double>& image, const InferenceOptions& options = {}) const;

    // Σ‖I − U r*‖² / Σ‖I‖² over the patches, r* the converged (ridge) causes: the fraction of patch energy the
    // model does not reconstruct.
    double reconstructionError(const std::vector<std::vector<double>>& patches) const;

    // Learns U from the patches (see the header comment). `progress(fraction)` is called after every batch at most
    // every 5 ms; returning false cancels (U keeps what was learned so far).
    LearningResult learn(const std::vector<std::vector<double>>& patches, const LearningOptions& options = {},
                         const std::function<bool(double)>& progress = {});

private:
    Eigen::VectorXd toImage(const std::vector<double>& image) const;
    double reconstructionError(const Eigen::MatrixXd& patches) const;  // one patch per column

    Eigen::MatrixXd m_u;
    RaoBallardParams m_params;
};

// The fraction of patch energy left by the best rank-m linear reconstruction (projection on the top m principal
// directions of the uncentred second-moment matrix of `fit`, evaluated on `test`): the floor any basis of m causes
// can reach without a prior.
double pcaReconstructionError(const std::vector<std::vector<double>>& fit, const std::vector<std::vector<double>>& test,
                              int m);

// ---------------------------------------------------------------------------------------------------------------------
// Two levels

struct HierarchyParams {
    double sigma2 = 1.0;          // σ²: level-1 (pixel) error variance
    double sigma2TopDown = 10.0;  // σ_td²: variance of r₁ around the top-down prediction U₂r₂
    double alpha1 = 1.0;          // α₁: prior precision on r₁ (≥ 0)
    double alpha2 = 0.05;         // α₂: prior precision on r₂ (> 0)

    void validate() const;
};

struct HierarchyStep {
    std::vector<double> causes1, causes2;            // r₁ (m₁), r₂ (m₂)
    std::vector<double> prediction1, error1;         // U₁r₁ and e₁ = I − U₁r₁ (p)
    std::vector<double> prediction2, error2;         // U₂r₂ and e₂ = r₁ − U₂r₂ (m₁)
    double energy = 0;
};

struct HierarchyInference {
    HierarchyStep last;               // the last finite iterate
    std::vector<double> energy;       // joint E of iterate 0 … iterations
    std::vector<HierarchyStep> steps;  // when recorded
    int iterations = 0;
    double rate = 0, lipschitz = 0;
    bool converged = false, diverged = false, energyIncreased = false;
    double maxEnergyIncrease = 0;
};

class RaoBallardHierarchy {
public:
    // U₁ is p × m₁, U₂ is m₁ × m₂.
    RaoBallardHierarchy(Eigen::MatrixXd basis1, Eigen::MatrixXd basis2, const HierarchyParams& params = {});

    int pixels() const { return int(m_u1.rows()); }
    int causes1() const { return int(m_u1.cols()); }
    int causes2() const { return int(m_u2.cols()); }
    const Eigen::MatrixXd& basis1() const { return m_u1; }
    const Eigen::MatrixXd& basis2() const { return m_u2; }
    const HierarchyParams& params() const { return m_params; }

    Eigen::MatrixXd halfHessian() const;  // H above, (m₁ + m₂)²
    double lipschitz() const;             // λ_max(H)
    double safeRate() const { return 1.0 / lipschitz(); }
    double energy(const std::vector<double>& image, const std::vector<double>& causes1,
                  const std::vector<double>& causes2) const;
    // The fixed point by one linear solve of H x = [U₁ᵀI/σ²; 0]: x = [r₁*; r₂*] (m₁ + m₂ values).
    std::vector<double> closedForm(const std::vector<double>& image) const;
    // options.initial, when given, holds [r₁; r₂] (m₁ + m₂ values).
    HierarchyInference infer(const std::vector<double>& image, const InferenceOptions& options = {}) const;

    // Learns U₁ and U₂ together (exact joint inference per patch, then the two Hebbian updates).
    // reconstructionError in the result is the level-1 fraction Σ‖I − U₁r₁*‖²/Σ‖I‖².
    LearningResult learn(const std::vector<std::vector<double>>& patches, const LearningOptions& options = {},
                         const std::function<bool(double)>& progress = {});
    double reconstructionError(const std::vector<std::vector<double>>& patches) const;

private:
    Eigen::VectorXd toImage(const std::vector<double>& image) const;
    Eigen::MatrixXd solveAll(const Eigen::MatrixXd& images) const;  // fixed points of the columns, (m₁+m₂) × B
    double reconstructionError(const Eigen::MatrixXd& patches) const;

    Eigen::MatrixXd m_u1, m_u2;
    HierarchyParams m_params;
};

}  // namespace neuroai::predictive
