#pragma once

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

namespace neuroai {
class Progress;
}

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

// "sequence-comparison": a causal transformer and a vanilla RNN learn the copy task (Sequence.h) from the same
// sequences: parameters delay (the copy task's length), symbols, steps, batch, learning_rate, rnn_hidden,
// positions (learned, sinusoidal, none), seed. Series: loss_attention, loss_rnn (per step), accuracy_attention,
// accuracy_rnn (on 200 held-out sequences every 25 steps). Scalars: final accuracies, steps_to_95 of each
// (NaN if never), chance.
std::vector<ParamSpec> sequenceComparisonSpecs();
std::vector<OutputInfo> sequenceComparisonOutputs();
ExperimentResult runSequenceComparison(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::nn
