#pragma once

// Chapter 9, bias and variance: polynomials of rising degree fitted by least squares to a few noisy samples of
// f(x) = sin(2πx) on [0, 1], repeated over many independent training sets. For every degree the test error on
// fresh noisy points, the training error, and the decomposition of the expected squared error against f,
//   E_D[(ĝ(x) − f(x))²] = (E_D[ĝ(x)] − f(x))² + Var_D[ĝ(x)]     (bias² + variance, averaged over x),
// which holds exactly for the sample moments; the test error adds the noise variance σ² on average.

#include <cstdint>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::classical {

// Where the training inputs lie. Uniform: independent draws on [0, 1] (gaps and the ends make high degrees swing
// wildly between and beyond the points). Stratified: one draw in each of n equal bins. Grid: fixed at (i + ½)/n,
// only the noise varies, and the test points are the same inputs with fresh noise; then the variance term is
// exactly σ²(d + 1)/n for plain least squares (the hat matrix's trace over n).
enum class Design { Uniform = 0, Stratified = 1, Grid = 2 };

struct BiasVarianceSetup {
    int trainingPoints = 20;
    Design design = Design::Stratified;
    double noiseSd = 0.3;
    int maxDegree = 12;      // degrees 0..maxDegree (each < trainingPoints)
    int repetitions = 200;   // independent training sets
    int testPoints = 500;    // fresh inputs for the test error and the decomposition (Grid: the training inputs)
    double ridge = 0;        // λ‖c‖² on the coefficients of the scaled Legendre basis (0 = plain least squares)
    std::uint64_t seed = 1;
};

struct BiasVarianceCurves {
    std::vector<int> degrees;
    std::vector<double> trainingError;  // mean over training sets of the mean squared residual on the training set
    std::vector<double> testError;      // mean squared error on noisy fresh points
    std::vector<double> bias2;          // x-average of (E_D ĝ − f)²
    std::vector<double> variance;       // x-average of Var_D ĝ (population variance over the training sets)
    std::vector<double> errorAgainstF;  // x-average of E_D (ĝ − f)²: equals bias2 + variance
    // One training set and each degree's fit to it, for the picture.
    std::vector<double> exampleX, exampleY;
    std::vector<std::vector<double>> exampleFit;  // per degree, on fitGrid
    std::vector<double> fitGrid;
    int bestDegree = 0;  // lowest test error
};

double trueFunction(double x);
// Throws std::invalid_argument naming a value out of range; with a Progress, reports the share of training sets
// done and stops with JobCancelled when it is cancelled.
BiasVarianceCurves biasVariance(const BiasVarianceSetup& setup, Progress* progress = nullptr);

// Least-squares (optionally ridge) polynomial fit of degree d on [0, 1] in the Legendre basis of 2x − 1:
// the coefficients, and the fit's value at x.
std::vector<double> fitPolynomial(const std::vector<double>& x, const std::vector<double>& y, int degree,
                                  double ridge);
double evaluatePolynomial(const std::vector<double>& coefficients, double x);

}  // namespace neuroai::classical
