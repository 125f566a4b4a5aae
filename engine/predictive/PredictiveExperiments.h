#pragma once

// The predictive-coding case study as a registry entry (batch), computing the panel's whole figure
// (chapters/casestudies/PredictiveCodingPanel) from one parameter set:
//
//   predictive-coding  Part 1, Rao & Ballard (RaoBallard.h): a basis of 16 causes (one level, or two levels with 8
//                      level-2 causes) is learned on 1000 oriented 8 × 8 patches (30 epochs, exact inference, the
//                      paper's σ² = 1, α = 1, λ = 0.02); then a held-out test patch is inferred by gradient descent
//                      with the chosen σ², α, step k (as a fraction of the bound 2/L) and number of iterations. Outputs
//                      the energy E against iteration, the distance ‖r − r*‖ to the fixed point (the ridge / MAP
//                      solution; for two levels the joint linear solve) and every iterate's prediction and error
//                      units. Part 2, PredNet-style next-frame prediction (NextFrame.h): a linear predictor over the
//                      last 2 or 3 frames is fitted by ridge least squares to 20 moving-bar movies (speeds 0.25–0.75
//                      px/frame), then run on a held-out movie (bars at the chosen speed, optionally an unexpected
//                      event at t*): per-frame mean absolute error against copying the last frame, and the share of
//                      the error energy inside the event mask at t*.
//
// The learned part depends only on the seed, the number of levels and the history (the panel caches it by those);
// σ² and α set the inference of the test patch, not the learning, so the basis shown stays the same while they move.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/predictive/NextFrame.h"
#include "engine/predictive/RaoBallard.h"

#include <Eigen/Dense>

#include <memory>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::predictive {

std::vector<ParamSpec> predictiveCodingSpecs();
std::vector<OutputInfo> predictiveCodingOutputs();

inline constexpr int kPredictivePatchSize = 8;   // patches are 8 × 8 px
inline constexpr int kPredictiveCauses = 16;     // level-1 causes m₁
inline constexpr int kPredictiveCauses2 = 8;     // level-2 causes m₂ (two levels)
inline constexpr int kPredictiveTestPatches = 100;

// What learning produced: the basis (U₁, and U₂ for two levels) and the trained next-frame predictor.
struct PredictiveModels {
    int levels = 1;
    Eigen::MatrixXd basis1, basis2;           // p × m₁; m₁ × m₂ (empty for one level)
    std::vector<double> learningError;        // training reconstruction error before learning and after each epoch
    NextFramePredictor predictor;
    NextFrameTraining training;
};

// Learns both models for the parameters' seed, levels and history (the other parameters are not read).
std::shared_ptr<const PredictiveModels> learnPredictiveModels(const ParamSet& parameters, Progress& progress);

struct PredictiveCodingRun {
    std::shared_ptr<const PredictiveModels> models;
    // Part 1
    std::vector<double> patch;                          // the test patch I (64 values, row-major)
    std::vector<std::vector<double>> predictions, errors;  // U₁r₁ and e₁ = I − U₁r₁ of iterate 0 … iterations
    std::vector<double> energy, distance;               // E and ‖r − r*‖ of every iterate ([r₁; r₂] for two levels)
    double ridgeEnergy = 0;                             // E at the fixed point r*
    double lipschitz = 0, rate = 0, boundFraction = 0;  // L, k, and k as a fraction of 2/L
    int iterations = 0;                                 // iterations run (fewer when diverged or converged)
    bool converged = false, diverged = false, energyIncreased = false;
    double maxEnergyIncrease = 0;
    int shownIteration = 0;                             // clamped to [0, iterations]
    // Part 2
    BarMovie movie;
    PredictionRun frames;
    int shownFrame = 0;            // clamped to the movie
    double errorRatio = 0;         // predictor / baseline mean absolute error over the scored frames
    double maskFraction = 0;       // share of the error energy Σ(E⁺² + E⁻²) at t* inside the event mask (NaN: no event)
    double maskArea = 0;           // the mask's share of the frame's pixels (NaN: no event)
    double eventJump = 0;          // error at t* ÷ the largest scored error before t* (NaN: no event)
    ExperimentResult result;
};

// The whole figure. `models` may be given (the panel's cache); it must have been learned for the parameters' seed,
// levels and history. Throws std::invalid_argument for parameters the engine rejects.
PredictiveCodingRun computePredictiveCoding(const ParamSet& parameters, Progress& progress,
                                            std::shared_ptr<const PredictiveModels> models = nullptr);
ExperimentResult runPredictiveCoding(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::predictive
