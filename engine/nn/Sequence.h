#pragma once

#include "engine/nn/Optimizer.h"
#include "engine/nn/Transformer.h"

#include <cstdint>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::nn {

// The sequence models of chapter 11 (RNN against attention on a task with a long-range dependency).

// The copy task (Hochreiter & Schmidhuber 1997's long-delay recall, in the form of Graves et al. 2014): a sequence of
// `length` random symbols from an alphabet of `symbols`, then `length` blanks (token `symbols`); at each blank the
// model must output the symbol seen `length` steps earlier. Only the blank positions are scored; chance is
// 1/symbols. A model reading left to right must carry every symbol across `length` steps.
struct CopyTask {
    int symbols = 8;
    int length = 20;

    // Throws std::invalid_argument naming the field (symbols in [2, 64], length in [1, 64]).
    void validate() const;
    int vocabulary() const { return symbols + 1; }
    int blank() const { return symbols; }
    int sequenceLength() const { return 2 * length; }
    // Inputs and targets of one sequence; targets are −1 where nothing is scored.
    void sample(Random& rng, std::vector<int>& inputs, std::vector<int>& targets) const;
};

// Token embedding: column t of the output is column tokens[t] of E (d × vocabulary, N(0, 1) initial values).
class Embedding {
public:
    Embedding(const std::string& name, int vocabulary, int features, Random& rng);
    Matrix forward(const std::vector<int>& tokens);
    void backward(const Matrix& dy);
    void collect(TensorList& list) { list.push_back(&m_table); }
    int vocabulary() const { return int(m_table.value.cols()); }

private:
    Tensor m_table;
    std::vector<int> m_tokens;
};

// A model mapping token sequences to logits (vocabulary × T per sequence, one column per position). A batch of
// sequences of one length runs at once: its logits are the sequences' columns side by side.
class SequenceModel {
public:
    virtual ~SequenceModel() = default;
    // Throws std::invalid_argument for an empty batch, sequences of different lengths, or a token outside the
    // vocabulary.
    virtual Matrix forwardBatch(const std::vector<std::vector<int>>& sequences) = 0;
    virtual void backwardBatch(const Matrix& dLogits) = 0;
    virtual TensorList parameters() = 0;
    Matrix forward(const std::vector<int>& tokens) { return forwardBatch({tokens}); }
    void backward(const Matrix& dLogits) { backwardBatch(dLogits); }
    // How many token columns a pass runs fastest with (0: the whole batch). Measured for d = 32: the transformer's
    // elementwise work leaves the caches beyond about 128 columns (16 sequences of 40 at once took 16.8 ms, in
    // chunks of one or two 10 ms), while the RNN gains from stepping the whole batch together.
    virtual int preferredColumns() const { return 0; }

    // The common length of a batch's sequences; throws as forwardBatch documents.
    static int lengthOf(const std::vector<std::vector<int>>& sequences);
};

enum class PositionalEncoding { None = 0, Sinusoidal = 1, Learned = 2 };

struct SequenceTransformerConfig {
    int vocabulary = 9;
    int maxLength = 40;
    int dim = 32;
    int heads = 2;
    int layers = 2;
    int mlpHidden = 64;
    bool causal = true;
    PositionalEncoding positions = PositionalEncoding::Learned;
    // Throws std::invalid_argument naming the field.
    void validate() const;
};

// Embedding + positions → L transformer blocks → a final LayerNorm → Linear(d → vocabulary) at every position.
class SequenceTransformer final : public SequenceModel {
public:
    SequenceTransformer(const SequenceTransformerConfig& config, std::uint64_t seed);
    Matrix forwardBatch(const std::vector<std::vector<int>>& sequences) override;
    void backwardBatch(const Matrix& dLogits) override;
    TensorList parameters() override;
    int preferredColumns() const override { return 128; }
    const SequenceTransformerConfig& config() const { return m_config; }
    std::vector<TransformerBlock>& blocks() { return m_blocks; }
    const std::vector<TransformerBlock>& blocks() const { return m_blocks; }
    // The positions added to the embedded tokens (d × maxLength): sinusoidal, learned or zero.
    Matrix positionTable() const;
    // Sets the temperature of every block's attention.
    void setTemperature(double tau);

private:
    SequenceTransformerConfig m_config;
    Random m_rng;
    Embedding m_embedding;
    Tensor m_positions;  // learned positions (d × maxLength); unused otherwise
    Matrix m_fixedPositions;
    std::vector<TransformerBlock> m_blocks;
    LayerNorm m_norm;
    Linear m_head;
    int m_length = 0, m_batch = 0;
};

// A vanilla (Elman) recurrent network: h_t = tanh(W_x e_t + W_h h_{t−1} + b), h_{−1} = 0, logits_t = W_y h_t + b_y,
// e_t the token's embedding; backpropagation through time written out.
class VanillaRnn final : public SequenceModel {
public:
    VanillaRnn(int vocabulary, int embedding, int hidden, std::uint64_t seed);
    // The batch's sequences step through time together (hidden × batch products).
    Matrix forwardBatch(const std::vector<std::vector<int>>& sequences) override;
    void backwardBatch(const Matrix& dLogits) override;
    TensorList parameters() override;
    int hidden() const { return int(m_wh.value.rows()); }

private:
    Random m_rng;
    Embedding m_embedding;
    Tensor m_wx, m_wh, m_b;
    Linear m_out;
    Matrix m_e, m_h;  // embedded inputs and hidden states, time-major: column t · batch + b
    int m_length = 0, m_batch = 0;
};

struct SequenceBatchResult {
    double loss = 0;      // mean cross-entropy over the scored positions
    int scored = 0;       // scored positions in the batch
    int correct = 0;      // of them, predicted right (argmax)
    double gradientNorm = 0;  // before clipping
};

// Forward and backward through `inputs` (all of one length) in the chunks the model runs fastest, adding to the
// parameters' gradients that of the summed cross-entropy over the scored positions (`targets`, the sequences'
// targets concatenated, −1 where nothing is scored) divided by `scale`. Returns the summed loss (not divided), the
// scored count and the right answers; gradientNorm stays 0.
SequenceBatchResult accumulateSequenceGradients(SequenceModel& model, const std::vector<std::vector<int>>& inputs,
                                                const std::vector<int>& targets, double scale);

// One optimiser step on `batch` sequences of the task: the mean cross-entropy over the scored positions, its
// gradient clipped to a global norm of at most `clipNorm` (≤ 0: no clipping), then optimizer.step().
SequenceBatchResult trainSequenceBatch(SequenceModel& model, TensorOptimizer& optimizer, const CopyTask& task,
                                       int batch, Random& rng, double clipNorm = 1.0);

// Fraction of scored positions predicted right over `sequences` fresh sequences drawn from `seed`. With `progress`,
// a cancelled job stops between chunks (JobCancelled) instead of finishing the evaluation.
double sequenceAccuracy(SequenceModel& model, const CopyTask& task, int sequences, std::uint64_t seed,
                        const Progress* progress = nullptr);

}  // namespace neuroai::nn
