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
#include "engine/core/Job.h"
#include "engine/core/ParamSpec.h"
#include "engine/deep/FeedforwardNet.h"

#include <memory>
#include <vector>

namespace neuroai::deep {

std::vector<ParamSpec> mlpTrainingSpecs();
std::vector<OutputInfo> mlpTrainingOutputs();
TrainingSetup trainingSetupFrom(const ParamSet& parameters);
ExperimentResult runMlpTraining(const ParamSet& parameters, Progress& progress);

// What a running mlp-training publishes for a live figure (Progress::publish) after every evaluation, and the last
// picture of a finished run: the curves so far and the class-1 probability on a grid over the plane.
struct MlpTrainingSnapshot : LiveData {
    long step = 0;    // steps taken
    long steps = 0;   // steps asked for
    bool diverged = false;
    TrainingCurves curves;
    int mapCells = 0;                 // the map is mapCells × mapCells
    double mapExtent = kMapExtent;    // over [−mapExtent, mapExtent]²
    std::vector<double> probability;  // P(class 1), row-major from the top row (y = +mapExtent) down
    std::shared_ptr<const Points2d> training;  // the training points (the same object in every snapshot of a run)
    static constexpr double kMapExtent = 1.8;
};

struct MlpTrainingRun {
    ExperimentResult result;
    Points2d training, test;
    std::shared_ptr<const MlpTrainingSnapshot> final;  // the trained network's map and curves
};

// The whole experiment. With `publish`, a snapshot after every evaluation (about 100 over the run) for the panel;
// mapCells sets the map's resolution (in [2, 400]; a snapshot costs mapCells² forward passes). pauseMs > 0 waits
// that long after each published snapshot (slow motion for a class to watch; cancellation still ends it within
// 10 ms); it does not change what is computed.
MlpTrainingRun trainMlp(const ParamSet& parameters, Progress& progress, bool publish = false, int mapCells = 64,
                        int pauseMs = 0);

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
