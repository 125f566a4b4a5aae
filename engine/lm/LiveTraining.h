#pragma once

// Chapter 12's panel trains a character model on the prose live, on a job, and then samples from it without
// training again. This is that training: the model (the tiny or the small configuration) learns from the first 90 %
// of brainText() while the last 10 % is held out, so the panel can show the two losses part ways as the model starts
// to memorise; every few steps it publishes the curves so far and a fresh sample continuation (Progress::publish).
//
// Learning rates: 1e-2 for the tiny model (as the batch experiments), 3e-3 for the small one (LanguageModel.h's
// measured defaults); batches of 8 windows of the context length; deterministic per seed.

#include "engine/core/Job.h"
#include "engine/lm/LanguageModel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai::lm {

enum class ModelSize { Tiny = 0, Small = 1 };

// The configuration of a size: tinyLanguageModelConfig() or the LanguageModelConfig defaults.
LanguageModelConfig configOf(ModelSize size);

struct LiveTrainingSetup {
    ModelSize size = ModelSize::Tiny;
    int steps = 1500;        // in [0, 20000]
    std::uint64_t seed = 1;
    // Throws std::invalid_argument naming "steps".
    void validate() const;
};

struct LiveTrainingCurves {
    // Mean batch loss over each block of `every` steps, at the block's last step.
    std::vector<double> step, trainingLoss;
    // Cross-entropy on the held-out tenth, at step 0 and after every block.
    std::vector<double> heldOutStep, heldOutLoss;
};

// What a running training publishes after every block of steps (about 100 over the run).
struct LiveTrainingSnapshot : LiveData {
    long step = 0, steps = 0;
    LiveTrainingCurves curves;
    std::string sample;  // kLivePrompt continued by the current model (T = 0.8, top-p 0.9), refreshed every block
};

// The prompt of the live samples.
inline constexpr const char* kLivePrompt = "The brain";

struct TrainedCharModel {
    CharLanguageModel model;
    LiveTrainingCurves curves;
    double trainingTextLoss = 0;  // cross-entropy on the training 90 % after training (nats)
    double heldOutLoss = 0;       // on the held-out 10 % after training
    double bestHeldOutLoss = 0;   // the lowest held-out loss seen, and the step it was seen at
    long bestHeldOutStep = 0;
    double unigramEntropy = 0;    // of the training text: what knowing only the character frequencies gives
    long parameters = 0;          // the model's trainable numbers
    std::string lastSample;
};

// The training text (the first 90 % of brainText(), cut at a space) and the held-out rest.
const std::string& liveTrainingText();
const std::string& liveHeldOutText();

// Trains one model. With `publish`, a LiveTrainingSnapshot after every block. Honours cancellation between steps.
TrainedCharModel trainCharModel(const LiveTrainingSetup& setup, Progress& progress, bool publish);

}  // namespace neuroai::lm
