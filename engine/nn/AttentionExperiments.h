#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/Job.h"
#include "engine/core/ParamSpec.h"
#include "engine/nn/Sequence.h"
#include "engine/nn/ShapeImages.h"
#include "engine/nn/VisionTransformer.h"

#include <memory>

namespace neuroai::nn {

// Batch experiments of the attention issue (registered in engine/core/ModelRegistry.cpp), each deterministic for a
// given seed (training stops after a number of steps, never on a clock), reporting progress and honouring
// cancellation at every step.
//
// "vit-training": the tiny Vision Transformer learns the shape images (ShapeImages.h). Parameters: patch_size
// (2, 4 or 8 px), heads (1, 2, 4), layers, dim, steps, batch, learning_rate, noise, seed. Series: train_loss
// (mean cross-entropy per step), test_accuracy (on 400 held-out images every 25 steps). Scalars: final_accuracy,
// steps_to_90 (first evaluation ≥ 0.9; NaN if none), parameters. No wall-clock output, so a seed reproduces a result
// bit for bit; the time per step is `neuroai-sim bench attention`'s.
std::vector<ParamSpec> vitTrainingSpecs();
std::vector<OutputInfo> vitTrainingOutputs();
ExperimentResult runVitTraining(const ParamSet& parameters, Progress& progress);

// The pieces of "vit-training" a panel reuses: the model and data settings a parameter set names, the 400 held-out
// images (fixed, whatever the seed), and the training itself, which keeps the trained model.
VitConfig vitConfig(const ParamSet& parameters);
ShapeImageSettings vitShapeSettings(const ParamSet& parameters);
ShapeImages vitTestImages(const ParamSet& parameters);

// The curves of a training run so far, published every few steps while it trains (`publish`).
struct VitTrainingLive : LiveData {
    ResultSeries loss, accuracy;  // train_loss, test_accuracy
    int step = 0, steps = 0;
};

struct VitTrainingRun {
    std::shared_ptr<VisionTransformer> model;  // trained
    ResultSeries loss, accuracy;               // as "vit-training" reports them
    double stepsTo90 = 0;                      // NaN if never
};
VitTrainingRun trainVit(const ParamSet& parameters, Progress& progress, bool publish = false);

// "sequence-comparison": a causal transformer and a vanilla RNN learn the copy task (Sequence.h) from the same
// sequences: parameters delay (the copy task's length), symbols, steps, batch, learning_rate, rnn_hidden,
// positions (learned, sinusoidal, none), seed. Series: loss_attention, loss_rnn (per step), accuracy_attention,
// accuracy_rnn (on 200 held-out sequences every 25 steps). Scalars: final accuracies, steps_to_95 of each
// (NaN if never), chance.
std::vector<ParamSpec> sequenceComparisonSpecs();
std::vector<OutputInfo> sequenceComparisonOutputs();
ExperimentResult runSequenceComparison(const ParamSet& parameters, Progress& progress);

// The curves of both models so far (they train in turns, step by step, so the curves grow side by side), published
// every few steps while they train, with the latest evaluation's answers on one held-out sequence.
struct SequenceComparisonLive : LiveData {
    ResultSeries loss[2], accuracy[2];  // [0] attention, [1] RNN
    int step = 0, steps = 0;
};

// What both models answer on one held-out sequence (inputs, targets −1 where nothing is scored, and each model's
// argmax at every position).
struct CopyExample {
    std::vector<int> inputs, targets;
    std::vector<int> predicted[2];  // [0] attention, [1] RNN
};

struct SequenceComparisonRun {
    CopyTask task;
    ResultSeries loss[2], accuracy[2];  // [0] attention, [1] RNN, as "sequence-comparison" reports them
    double stepsTo95[2] = {0, 0};       // NaN if never
    CopyExample example;                // after training
    int rnnParameters = 0, attentionParameters = 0;
};
SequenceComparisonRun trainSequenceModels(const ParamSet& parameters, Progress& progress, bool publish = false);
// The held-out example sequence of a copy task (the same for every seed).
CopyExample copyExample(const CopyTask& task);

}  // namespace neuroai::nn
