#pragma once

#include "engine/nn/Attention.h"

namespace neuroai::nn {

// A pre-norm transformer block (the form of GPT-2 and ViT):
//   H = X + Attention(LayerNorm₁(X)),   Y = H + Mlp(LayerNorm₂(H)).
class TransformerBlock {
public:
    TransformerBlock(const std::string& name, int features, int heads, int hidden, Random& rng, bool causal = false);
    // x: a batch of sequences side by side, sequenceLength columns each (0: one sequence).
    Matrix forward(const Matrix& x, Eigen::Index sequenceLength = 0);
    Matrix backward(const Matrix& dy);
    void collect(TensorList& list);
    MultiHeadAttention& attention() { return m_attention; }
    const MultiHeadAttention& attention() const { return m_attention; }

private:
    LayerNorm m_norm1;
    MultiHeadAttention m_attention;
    LayerNorm m_norm2;
    Mlp m_mlp;
};

// The mean over heads of a block's latest attention maps of sequence s (the input of attentionRollout).
Matrix meanHeadAttention(const MultiHeadAttention& attention, int sequence = 0);

}  // namespace neuroai::nn
