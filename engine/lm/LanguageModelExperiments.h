#pragma once

// Chapter 12's experiments as registry entries (batch). Each trains a very small character model (tiny config:
// d = 16, 1 block, context 16; about 1 ms per step) on the built-in text for a few hundred steps, so its defaults
// finish in about a second; the numbers are deterministic for a seed (training stops after a number of steps, never
// on a clock).
//
//   next-token  the distribution over the next character after a prompt, at each stage of the sampling pipeline
//               (the model's softmax, after the temperature, after top-k and top-p), the frequencies of many draws
//               from it, and a sampled continuation (in the notes). Series x = the character's ASCII code
//               (10 = newline, 32 = space), so a plot can label each bar with its character.
//   lora-rank   a model pre-trained on brainText() is fine-tuned on verseText() with LoRA adapters of rank
//               1, 2, 4, … up to max_rank (A from the seed, B = 0, same steps and learning rate each) and, for
//               comparison, with every parameter: trainable parameters and the verse loss reached against the rank.
//
// For the GUI: the real model (LanguageModelConfig defaults, ≈ 62 k parameters) should train live on a Job,
// LanguageModelTrainer::step() in a loop with Progress::throwIfCancelled() between steps, publishing the loss curve
// and a fresh sample (CharLanguageModel::generate) every ~50 steps. At ≈ 25–35 ms per step the loss drops visibly
// within seconds, words appear after ~300 steps and whole phrases of the text after ~1000 (numbers in
// LanguageModel.h); also show the loss on a held-out part of the prose, which bottoms out near step 200 as the model
// starts to memorise. The panel's sampling controls then act on nextTokenLogits() of the trained model through
// samplingDistribution() (instant, no retraining); LoRA fine-tuning on the verse is a second job on a copy of the
// trained model (adaptersOnly = true).

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <string>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::lm {

// The prompts "next-token" offers (its "prompt" choice, in order).
const std::vector<std::string>& nextTokenPrompts();

// The sampling controls: prompt (a nextTokenPrompts() choice), temperature, top_k and top_p, in group "Sampling".
// Shared by next-token and chapter 12's panel.
std::vector<ParamSpec> samplingSpecs();
std::vector<ParamSpec> nextTokenSpecs();
std::vector<OutputInfo> nextTokenOutputs();
ExperimentResult runNextToken(const ParamSet& parameters, Progress& progress);

// The ranks "lora-rank" fine-tunes with: 1, 2, 4, … (powers of two below maxRank), then maxRank.
// Throws std::invalid_argument naming "max_rank" below 1.
std::vector<int> loraRankSweep(int maxRank);

std::vector<ParamSpec> loraRankSpecs();
std::vector<OutputInfo> loraRankOutputs();
ExperimentResult runLoraRank(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::lm
