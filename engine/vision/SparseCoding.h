#pragma once

// Sparse coding of image patches (Olshausen & Field 1996, Nature 381:607; 1997, Vision Res. 37:3311).
//
// A patch x (n × n pixels, a column of n² values) is explained as x ≈ Φa by a basis Φ (n² × K, every column of unit
// norm) with few active coefficients a (K). Inference (the "neural response") minimises the energy
//     E(a) = ½‖x − Φa‖² + λ‖a‖₁,
// a LASSO, by iterative shrinkage-thresholding: with L the largest eigenvalue of ΦᵀΦ (the Lipschitz constant of
// the gradient of the quadratic term) and S_t(z) = sign(z)·max(|z| − t, 0),
//     ISTA:  a ← S_{λ/L}(a + Φᵀ(x − Φa)/L)                                  (E never increases),
//     FISTA: a_k = S_{λ/L}(y_k + Φᵀ(x − Φy_k)/L),  t_{k+1} = (1 + √(1 + 4t_k²))/2,
//            y_{k+1} = a_k + ((t_k − 1)/t_{k+1})(a_k − a_{k−1})               (Beck & Teboulle 2009; O(1/k²)).
// At the optimum the KKT conditions hold: g = Φᵀ(x − Φa) equals λ·sign(a_i) where a_i ≠ 0 and |g_i| ≤ λ elsewhere.
// Learning is stochastic gradient descent on the mean energy over a batch X (n² × B) at the inferred A (K × B):
//     Φ ← Φ + η (X − ΦA)Aᵀ / B,   then every column rescaled to unit norm
// (the normalisation stands in for O&F's gain control: without it Φ grows and a shrinks to dodge the penalty).
//
// Units and scale: patches come from images whitened to unit pixel variance (NaturalImages.h), so an 8 × 8 patch
// has ‖x‖² ≈ 64 on average; λ is in those units.
//
// Defaults, chosen by us for a demo on 8 × 8 patches with K = 64 (complete). Measured with the test's set-up (a pool
// of 10 000 patches from 8 whitened 128 × 128 dead-leaves images, 300 steps, two seeds each; "Gabor-like" is the
// fraction of filters passing FilterShape.h):
//   λ = 1: ≈ 14 % of the coefficients non-zero after learning, the sparsity term ≈ 60 % of the energy. The
//     Gabor-like fraction hardly depends on λ (0.6: 0.66–0.70 with 21 % active; 1: 0.64–0.73; 2: 0.69–0.78 with 6 %
//     active but a worse reconstruction);
//   η = 0.5 with B = 100: the filters are Gabor-like within 150 steps and stay so (a 2 400-step run: 0.66–0.70);
//     η = 0.25 and 1 learn as well (0.64–0.70), η = 2 is too noisy (0.45–0.50, less localised);
//   5 FISTA iterations per batch, from zero: more do not learn better (3: 0.66–0.69; 10: 0.67–0.70; 20: 0.70–0.73;
//     held-out energy within 1 %) and a step stays cheap (≈ 0.6 ms at -O2 on one core: 1 000 steps in < 1 s);
//   no warm start: train() can start each pool patch from its coefficients at its previous visit, but while the
//     basis moves those codes are stale; measured slightly worse (0.63–0.66, less localised, energy 1–2 % higher).
// Olshausen & Field trained larger bases on 12 × 12 to 16 × 16 patches of ten whitened 512 × 512 photographs, over
// thousands of updates; we trade size for a demo that learns in well under a second.
//
// Tests (tests/engine/tst_sparsecoding.cpp): ISTA and FISTA reach the KKT conditions to 1e-6 (measured ≈ 1e-15),
// ISTA's energy never increases (FISTA's does, 11–62 times in a solve), an orthonormal basis gives the closed form
// S_λ(Φᵀx) in one ISTA step; 300 training steps on whitened dead leaves lower the held-out energy by ≥ 35 %
// (measured 43 %) and make ≥ 50 % of the filters Gabor-like (measured 69 %), where the random start, white noise
// and phase-randomised dead leaves (same spectrum, no edges) give none; training can be cancelled, stops when the
// basis turns non-finite, and bad settings throw naming the parameter.

#include "engine/vision/NaturalImages.h"

#include <Eigen/Dense>
#include <Eigen/Eigenvalues>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace neuroai::vision {

enum class LassoMethod { Ista, Fista };

struct LassoOptions {
    LassoMethod method = LassoMethod::Fista;
    int iterations = 30;           // iterations to run (the maximum when tolerance > 0)
    double tolerance = 0.0;        // stop once max|Δa| ≤ tolerance (0: run all iterations)
    bool recordObjective = false;  // single-patch solver: record E after every iteration (entry 0: at the start)
    void validate() const;         // throws std::invalid_argument naming the field
};

struct LassoResult {
    Eigen::VectorXd a;
    int iterations = 0;
    double objective = 0;                 // E at the returned a
    std::vector<double> objectiveTrace;   // with recordObjective
};

// Largest eigenvalue of ΦᵀΦ (the squared largest singular value of Φ).
double lipschitzConstant(const Eigen::MatrixXd& phi);

// min_a ½‖x − Φa‖² + λ‖a‖₁ for one x, from `start` (zero when null). Throws on sizes that do not match, λ < 0 or
// non-finite input.
LassoResult solveLasso(const Eigen::MatrixXd& phi, const Eigen::VectorXd& x, double lambda,
                       const LassoOptions& options = {}, const Eigen::VectorXd* start = nullptr);

// The same for every column of X at once (K × B result), given L (≤ 0: computed). Columns are independent problems;
// the tolerance applies to the largest change over the batch.
Eigen::MatrixXd solveLassoBatch(const Eigen::MatrixXd& phi, const Eigen::MatrixXd& x, double lambda,
                                const LassoOptions& options = {}, const Eigen::MatrixXd* start = nullptr,
                                double lipschitz = 0.0);

struct SparseCodingSettings {
    int patchSize = 8;         // n: patches and basis functions are n × n
    int basisCount = 64;       // K (K = n²: complete; K > n²: overcomplete)
    double lambda = 1.0;       // sparsity weight, in the units of unit-variance whitened pixels
    double learningRate = 0.5; // η
    int batchSize = 100;       // B (train(): patches per step)
    int inferenceIterations = 5;
    LassoMethod method = LassoMethod::Fista;
    bool warmStart = false;    // train(): start each pool patch from its coefficients at its previous visit
    void validate() const;     // throws std::invalid_argument naming the field and its value
};

// Means over the patches of a batch: ½‖x − Φa‖², λ‖a‖₁, and the fraction of non-zero coefficients.
struct SparseObjective {
    double reconstruction = 0;
    double sparsity = 0;
    double activeFraction = 0;
    double total() const { return reconstruction + sparsity; }
};

struct SparseTrainingResult {
    std::vector<SparseObjective> history;  // per step, measured at inference before that step's update
    int steps = 0;
    bool cancelled = false;
    bool diverged = false;                 // the basis became non-finite (η far too large): training stopped
    std::string message;
};

class SparseCoding {
public:
    explicit SparseCoding(const SparseCodingSettings& settings = {}, std::uint64_t seed = 1);

    const SparseCodingSettings& settings() const { return m_settings; }
    int dimension() const { return m_settings.patchSize * m_settings.patchSize; }

    // A random basis (independent standard normal entries, columns normalised) and an empty warm-start cache.
    void reset(std::uint64_t seed);
    // Installs phi (n² × K, finite, no zero column), its columns normalised.
    void setBasis(const Eigen::MatrixXd& phi);
    const Eigen::MatrixXd& basis() const { return m_phi; }
    double lipschitz() const { return m_lipschitz; }
    GrayImage basisFunction(int k) const;         // column k as an n × n image
    std::vector<GrayImage> basisFunctions() const;

    // Coefficients of one patch (n² values) / of every column of X, with the settings' method and iterations
    // (or `iterations` when > 0).
    Eigen::VectorXd infer(const Eigen::VectorXd& x, int iterations = 0) const;
    Eigen::MatrixXd inferBatch(const Eigen::MatrixXd& x, int iterations = 0, const Eigen::MatrixXd* start = nullptr) const;
    // Mean objective of X under the current basis (inference with `iterations`, default the settings').
    SparseObjective evaluate(const Eigen::MatrixXd& x, int iterations = 0) const;

    // One learning step on the batch X (n² × B, any B ≥ 1): infer A (warm started from *coefficients when given
    // with the right size; the result is written back there), update and renormalise Φ. Returns the batch's
    // objective at the inferred A, before the update. Throws std::runtime_error (basis unchanged) if the update
    // makes Φ non-finite.
    SparseObjective trainBatch(const Eigen::MatrixXd& x, Eigen::MatrixXd* coefficients = nullptr);

    // `steps` steps on batches drawn from `pool` (a fresh random order of the pool every pass, seeded), with the
    // warm-start cache when settings().warmStart. `progress(fraction)` is called at most every 20 ms and at the end;
    // returning false cancels (result.cancelled).
    SparseTrainingResult train(const PatchSet& pool, int steps, std::uint64_t seed,
                               const std::function<bool(double)>& progress = {});

    // The patches as columns (n² × count).
    static Eigen::MatrixXd patchMatrix(const PatchSet& patches);

private:
    void checkData(const Eigen::MatrixXd& x) const;
    void updateLipschitz();

    SparseCodingSettings m_settings;
    Eigen::MatrixXd m_phi;
    double m_lipschitz = 1.0;
    struct Work {  // trainBatch's buffers, kept so that a training loop allocates nothing per step
        Eigen::MatrixXd gram, c, a, y, next, grad, residual, phi;
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen;
    } m_work;
    Eigen::MatrixXd m_cache;      // K × pool size, warm-start coefficients of train()'s pool
    std::size_t m_cacheKey = 0;   // identifies the pool the cache belongs to
};

}  // namespace neuroai::vision
