#pragma once

// Chapter 12's tiny large language model: a character-level causal transformer (nn::SequenceTransformer: token
// embedding + learned positions → pre-norm blocks → LayerNorm → Linear to the vocabulary) trained to predict the
// next character of the built-in text (Corpus.h), sampling (Sampling.h), and LoRA fine-tuning.
//
// Next-token prediction. A window of T characters c_1..c_T is the input and c_2..c_{T+1} the targets: the causal
// mask makes position t see only c_1..c_t, so one pass scores T predictions. The loss is their mean cross-entropy in
// nats; a model that knew only the character frequencies would reach the unigram entropy (Corpus.h), ≈ 3.0 nats on
// brainText().
//
// Training speed, measured with the defaults (LanguageModelConfig: 2 blocks of d = 48, 4 heads, MLP 192, context 32,
// 62 250 parameters; TrainerSettings: batch 16, Adam 3e-3, clip 1) in Release on a 2-core machine busy with CI:
// 25–35 ms per step. Mean batch loss over steps 1–100: 2.53 nats (3.3 s); 401–500: 1.26 (16 s); 901–1000: 0.43
// (32 s); after 1500 steps (53 s) 0.28 nats on the whole prose, against 2.92 for the unigram model and ln 42 = 3.74
// for a uniform guess. The prose is only 2.6 KB, so most of that is memorisation: trained on its first 90 %, the
// loss on the held-out last 10 % is best (2.28 nats, still well below the unigram 2.92) after ~200 steps (~7 s) and
// then rises (2.88 at 500, 5.2 at 1500) while the training loss keeps falling. Samples after ~1000 steps recombine
// whole phrases of the text. The tiny config (tinyLanguageModelConfig, 3 898 parameters, batch 8, Adam 1e-2) takes
// about 1 ms per step and reaches 2.34 nats on the prose after 250 steps.
//
// LoRA (Hu et al. 2021, "LoRA: Low-rank adaptation of large language models"). An adapted weight matrix W (out × in)
// becomes W0 + (α/r)·B·A with W0 frozen, A (r × in) drawn N(0, 1/in) and B (out × r) zero, so at the start the
// model is exactly the pre-trained one; only A and B train: r·(in + out) numbers per matrix instead of in·out.
// Adapted here: the four d × d maps of every attention (query, key, value, output) and the MLP's two maps
// (d → h, h → d), so a model with L blocks has L·r·(4·2d + 2(d + h)) adapter parameters (loraParameterCount).
// The adapted matrix is applied merged: before every forward pass W = W0 + (α/r)·B·A is written into the layer's
// weight, and after the backward pass the layer's weight gradient G = ∂L/∂W gives ∂L/∂B = (α/r)·G·Aᵀ and
// ∂L/∂A = (α/r)·Bᵀ·G, which is the same function and the same gradients as the unmerged form W0·x + (α/r)·B·(A·x).
// With B = 0 the written weight is W0 + 0, bit for bit W0.
//
// Threads: a model and its trainer are used by one thread at a time (the GUI trains on a job's thread and reads
// the results the job publishes).

#include "engine/lm/Corpus.h"
#include "engine/lm/Sampling.h"
#include "engine/nn/Sequence.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::lm {

struct LanguageModelConfig {
    int context = 32;    // T: the longest window the model reads (its learned positions)
    int dim = 48;        // d
    int heads = 4;       // must divide d
    int layers = 2;      // L
    int mlpHidden = 192;  // h
    // Throws std::invalid_argument naming the field (context in [2, 512], the shape as nn::checkTransformerShape).
    void validate() const;
};

// A very small configuration for the batch experiments and the tests: context 16, d = 16, 2 heads, 1 block, h = 32.
LanguageModelConfig tinyLanguageModelConfig();

struct LoraSettings {
    int rank = 4;             // r ≥ 1
    double alpha = 8;         // α > 0; the update is scaled by α / r
    bool attention = true;    // adapt the query, key, value and output maps of every block
    bool mlp = true;          // adapt the MLP's two maps of every block
    // Throws std::invalid_argument naming "rank", "alpha" or "targets" (neither attention nor MLP).
    void validate() const;
    double scale() const { return alpha / rank; }
};

// r·(in + out): the trainable numbers of one adapted out × in matrix. Throws naming "rank", "in" or "out" (< 1).
long loraParameterCount(int rank, int in, int out);
// All the adapters of a model: L · Σ over its adapted matrices of r·(in + out).
long loraParameterCount(const LanguageModelConfig& config, const LoraSettings& lora);

// One adapter: the target weight (by its index in the transformer's parameters() and its name), the frozen W0,
// and the trainable A (r × in) and B (out × r).
struct LoraAdapter {
    std::size_t target = 0;
    std::string targetName;
    nn::Matrix base;
    nn::Tensor a, b;
    double scale = 1;
    int rank() const { return int(a.value.rows()); }
    long parameterCount() const { return long(a.value.size() + b.value.size()); }
};

// A batch of windows of a text: inputs (each of one length T) and the targets, the next character of every input
// position, concatenated window after window (as nn::accumulateSequenceGradients takes them).
struct TextWindows {
    std::vector<std::vector<int>> inputs;
    std::vector<int> targets;
    int positions() const { return int(targets.size()); }
};

// `count` windows of `length` at uniformly random starts in the text (each needs length + 1 tokens).
// Throws std::invalid_argument naming "length", "count" or "tokens" (shorter than length + 1).
TextWindows randomWindows(const std::vector<int>& tokens, int length, int count, Random& rng);
// Consecutive non-overlapping windows of `length` covering the text once (the last one may be shorter, and then
// forms a batch of its own in evaluate()). Throws as randomWindows does.
std::vector<TextWindows> tilingWindows(const std::vector<int>& tokens, int length);

class CharLanguageModel {
public:
    // Throws std::invalid_argument naming the config field.
    CharLanguageModel(const Vocabulary& vocabulary, const LanguageModelConfig& config, std::uint64_t seed);

    const Vocabulary& vocabulary() const { return m_vocabulary; }
    const LanguageModelConfig& config() const { return m_config; }
    nn::SequenceTransformer& transformer() { return m_transformer; }

    // Logits (V × positions) of a batch of windows of one length ≤ context: column b·T + t predicts the token after
    // inputs[b][t]. Throws std::invalid_argument for an empty batch, mixed lengths, a length above the context or a
    // token outside the vocabulary.
    nn::Matrix logits(const std::vector<std::vector<int>>& inputs);
    // Mean cross-entropy (nats) of the windows' targets, without gradients.
    double loss(const TextWindows& windows);
    // The same loss; the gradients of the base parameters and of the adapters (if any) are set to its gradient
    // (zeroed first).
    double lossAndGradients(const TextWindows& windows);
    // Mean cross-entropy over a whole text, window by window (tilingWindows of the context length).
    double evaluate(const std::vector<int>& tokens);

    // The logits of the token after `context` (only its last config().context tokens are read).
    // Throws std::invalid_argument naming "context" when it is empty or holds a token outside the vocabulary.
    Eigen::VectorXd nextTokenLogits(const std::vector<int>& context);
    Eigen::VectorXd nextTokenLogits(std::string_view context);
    // `count` characters after `prompt`, each drawn from samplingDistribution() of the logits given the prompt and
    // what was drawn so far. Throws std::invalid_argument naming "prompt" (empty or a character outside the
    // vocabulary), "count" (outside [0, 100000]) or the sampling setting.
    std::string generate(std::string_view prompt, int count, const SamplingSettings& settings, Random& rng);

    // The transformer's own parameters (embedding, positions, blocks, final norm, head).
    nn::TensorList parameters();
    long parameterCount();

    // LoRA. addAdapters() adapts the matrices `lora` names (A drawn from `seed`, B = 0); throws std::logic_error if
    // adapters are already present. removeAdapters() restores W0; mergeAdapters() keeps W0 + (α/r)·B·A as the new
    // base weights and drops the adapters. Pointers to adapter tensors (adapterParameters(), a trainer) are invalid
    // after either.
    void addAdapters(const LoraSettings& lora, std::uint64_t seed);
    void removeAdapters();
    void mergeAdapters();
    bool hasAdapters() const { return !m_adapters.empty(); }
    std::vector<LoraAdapter>& adapters() { return m_adapters; }
    const std::vector<LoraAdapter>& adapters() const { return m_adapters; }
    nn::TensorList adapterParameters();
    long adapterParameterCount() const;

private:
    void writeAdaptedWeights();  // W = W0 + (α/r)·B·A for every adapter
    void adapterBackward();      // ∂L/∂A and ∂L/∂B from the weights' gradients

    Vocabulary m_vocabulary;
    LanguageModelConfig m_config;
    nn::SequenceTransformer m_transformer;
    std::vector<LoraAdapter> m_adapters;
};

struct TrainerSettings {
    int batch = 16;              // windows per step
    double learningRate = 3e-3;  // Adam
    double clipNorm = 1.0;       // global gradient norm clip of the trained tensors (0 = off)
    bool adaptersOnly = false;   // train only the LoRA adapters (the model must have them), else every base
                                 // parameter (the model must have none: they would overwrite the base weights)
    // Throws std::invalid_argument naming "batch", "learning_rate" or "clip_norm".
    void validate() const;
};

// Step-by-step training of a model on one text: each step draws `batch` random windows of the context length
// (from its own generator, seeded), computes the mean next-character cross-entropy and its gradient, clips and takes
// an Adam step. The same model, text, settings and seed give the same losses bit for bit. The trainer keeps a
// reference to the model (which must outlive it) and pointers to the trained tensors.
class LanguageModelTrainer {
public:
    // Throws std::invalid_argument naming "tokens" (shorter than 2 or outside the vocabulary) or the setting, and
    // "adaptersOnly" when it does not match whether the model has adapters.
    LanguageModelTrainer(CharLanguageModel& model, std::vector<int> tokens, const TrainerSettings& settings,
                         std::uint64_t seed);
    LanguageModelTrainer(const LanguageModelTrainer&) = delete;
    LanguageModelTrainer& operator=(const LanguageModelTrainer&) = delete;

    // One step; returns the batch's mean loss (nats) before the update.
    double step();
    // `steps` steps; returns their losses. With `progress`, a cancelled job stops between steps (JobCancelled).
    std::vector<double> train(int steps, const Progress* progress = nullptr);
    long steps() const { return m_steps; }
    // Numbers the optimiser updates.
    long trainableParameters() const;
    int windowLength() const { return m_length; }

private:
    CharLanguageModel& m_model;
    std::vector<int> m_tokens;
    TrainerSettings m_settings;
    Random m_rng;
    int m_length = 0;
    nn::TensorList m_trained;
    nn::TensorOptimizer m_optimizer;
    long m_steps = 0;
};

}  // namespace neuroai::lm
