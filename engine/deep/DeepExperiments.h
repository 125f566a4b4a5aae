#pragma once

// Chapter 10's experiments as registry entries (batch):
//
//   mlp-training     a fully connected network trained on a 2-D data set (spirals, moons, circles, xor) by
//                    backpropagation or feedback alignment, with SGD, momentum or Adam: loss and accuracy curves,
//                    and the angle between the feedback-alignment and backpropagation signals over training.
//   optimizer-paths  SGD, momentum and Adam on a rotated 2-D quadratic ½(L·u² + (L/κ)·v²) from the same start:
//                    their paths and losses, and SGD's loss after a fixed number of steps against the learning rate
//                    η around the stability limit 2/L.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/deep/FeedforwardNet.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::deep {

std::vector<ParamSpec> mlpTrainingSpecs();
std::vector<OutputInfo> mlpTrainingOutputs();
TrainingSetup trainingSetupFrom(const ParamSet& parameters);
ExperimentResult runMlpTraining(const ParamSet& parameters, Progress& progress);

std::vector<ParamSpec> optimizerPathsSpecs();
std::vector<OutputInfo> optimizerPathsOutputs();
ExperimentResult runOptimizerPaths(const ParamSet& parameters, Progress& progress);

// The loss surface of optimizer-paths: ½(L·u² + (L/κ)·v²) with (u, v) the point rotated by −angle.
struct Quadratic2d {
    double curvature = 1;   // L, the largest curvature
    double condition = 20;  // κ = L / smallest curvature
    double angleDeg = 30;   // rotation of the long axis
    double value(double x, double y) const;
    void gradient(double x, double y, double& gx, double& gy) const;
};

}  // namespace neuroai::deep
