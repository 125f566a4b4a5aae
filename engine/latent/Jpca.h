#pragma once

// The linear-algebra core of the latent-dynamics case study (issue 13; see LatentDynamics.h for the model, the
// pipeline and what the tests assert). Everything here works on Eigen matrices whose ROWS ARE SAMPLES (one population
// state per row), columns are dimensions; dynamics matrices act on column vectors, ẋ = M x, so a fit solves
// dX ≈ X Mᵀ.
//
// - principalComponents: PCA by the symmetric eigendecomposition of YᵀY (Y already centred by the caller).
// - fitLinearDynamics: unconstrained least squares, Mᵀ = (XᵀX)⁻¹ XᵀdX (column-pivoted QR, no normal equations).
// - fitSkewSymmetric: the least-squares optimum over skew-symmetric M (Mᵀ = −M), the jPCA fit of Churchland et al.
//   (2012). M has p = k(k−1)/2 free entries m_ab (a < b; M_ab = m_ab, M_ba = −m_ab, zero diagonal), and the residual
//   is linear in them: vec(dX − X Mᵀ) = vec(dX) − H m, where column (a,b) of H holds X[:,b] in the block of output
//   column a and −X[:,a] in the block of output column b. The optimum solves the p × p normal equations
//   HᵀH m = Hᵀ vec(dX), whose entries follow from Σ = XᵀX and B = XᵀdX alone:
//     (HᵀH)_{ab,cd} = δ_ac Σ_bd − δ_ad Σ_bc − δ_bc Σ_ad + δ_bd Σ_ac,   (Hᵀ vec dX)_ab = B_ba − B_ab,
//   solved by column-pivoted QR (memory O(k⁴), not O(samples·k³)). M is assembled entry by entry, so M + Mᵀ = 0
//   holds exactly, not just to rounding. At the optimum the gradient restricted to skew directions vanishes:
//   RᵀX − XᵀR = 0 with R = dX − X Mᵀ.
// - largestPrincipalAngleDeg: the largest principal angle between two subspaces (the columns of A and of B), from
//   the singular values of Q_Aᵀ Q_B; computed as asin of the largest singular value of (I − Q_A Q_Aᵀ) Q_B, which is
//   accurate for small angles where acos(σ_min) is not.

#include <Eigen/Dense>

#include <vector>

namespace neuroai::latent {

struct PcaBasis {
    Eigen::MatrixXd components;  // dims × k, orthonormal columns, by decreasing variance
    Eigen::VectorXd variance;    // all eigenvalues of YᵀY / rows (decreasing, clamped at 0), size dims
};

// PCA of a centred data matrix (rows = samples). Sign convention: each component's entry of largest magnitude is
// positive. Throws std::invalid_argument if k is outside [1, cols] or the data have no variance.
PcaBasis principalComponents(const Eigen::MatrixXd& centred, int k);

// Least-squares dynamics matrices for dX ≈ X Mᵀ (see above). Both throw std::invalid_argument for mismatched sizes
// or fewer rows than columns.
Eigen::MatrixXd fitLinearDynamics(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx);
Eigen::MatrixXd fitSkewSymmetric(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx);

// Sum of squared residuals ‖dX − X Mᵀ‖²_F, and R² = 1 − that / ‖dX − column means‖²_F.
double residualSumOfSquares(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx, const Eigen::MatrixXd& m);
double fitR2(const Eigen::MatrixXd& x, const Eigen::MatrixXd& dx, const Eigen::MatrixXd& m);

// The samples of a trajectory fit: states[(c·timeBins + t), :] holds condition c at bin t; every consecutive pair
// within a condition gives prev = x_t, next = x_{t+1}, mid = (x_t + x_{t+1})/2 and derivative = (x_{t+1} − x_t)/dt
// (dt in s), rows ordered by condition, then time. Throws std::invalid_argument on a size mismatch.
struct DerivativeSamples {
    Eigen::MatrixXd prev, next, mid, derivative;
};
DerivativeSamples derivativeSamples(const Eigen::MatrixXd& states, int conditions, int timeBins, double dtS);

// Orthonormal basis of the column space of a (thin Householder QR); a must have full column rank.
Eigen::MatrixXd orthonormalBasis(const Eigen::MatrixXd& a);

// Largest principal angle (degrees, in [0, 90]) between span(a) and span(b), same row count, full column rank.
double largestPrincipalAngleDeg(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b);

}  // namespace neuroai::latent
