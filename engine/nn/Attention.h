#pragma once

#include "engine/nn/Layers.h"

#include <vector>

namespace neuroai::nn {

// Multi-head self-attention (Vaswani et al. 2017) over the columns (tokens) of X, d × T:
//   Q = W_q X + b_q,  K = W_k X + b_k,  V = W_v X + b_v   (d × T each; head h uses rows [h·d_h, (h+1)·d_h), d_h = d/H)
//   S_h = Q_hᵀ K_h / (√d_h · τ)            (T × T; row t = query t, column u = key u; τ = temperature)
//   A_h = softmax of each row of S_h         (a causal mask sets S[t, u] = −∞ for u > t before it)
//   O_h = V_h A_hᵀ                            (column t = Σ_u A[t, u] v_u)
//   Y = W_o [O_1; …; O_H] + b_o.
// The backward pass is written out: dV_h = dO_h A_h, dA_h = dO_hᵀ V_h, dS = A ⊙ (dA − rowsum(dA ⊙ A)),
// dQ_h = K_h dSᵀ / (√d_h τ), dK_h = Q_h dS / (√d_h τ), then the four linear maps.
class MultiHeadAttention {
public:
    // Throws std::invalid_argument unless features ≥ 1, heads ≥ 1 and heads divides features.
    MultiHeadAttention(const std::string& name, int features, int heads, Random& rng, bool causal = false);

    int features() const { return m_d; }
    int heads() const { return m_heads; }
    // Throws std::invalid_argument unless τ is finite and > 0.
    void setTemperature(double tau);
    double temperature() const { return m_tau; }
    bool causal() const { return m_causal; }

    // x holds a batch of sequences side by side, `sequenceLength` columns each (0: one sequence of all columns);
    // tokens attend only within their own sequence. The linear maps run on the whole batch at once.
    // Throws std::invalid_argument when the columns are not a whole number of sequences.
    Matrix forward(const Matrix& x, Eigen::Index sequenceLength = 0);
    Matrix backward(const Matrix& dy);
    void collect(TensorList& list);

    // The latest forward pass's attention of head h in sequence s of the batch (T × T, rows sum to 1).
    const Matrix& attention(int head, int sequence = 0) const
    {
        return m_attention.at(std::size_t(sequence) * std::size_t(m_heads) + std::size_t(head));
    }
    int sequences() const { return int(m_attention.size()) / m_heads; }
    // The latest forward pass's raw scores q·k/√d_h of head h in sequence s, before the temperature (T × T).
    Matrix scores(int head, int sequence = 0) const;
    const Matrix& queries() const { return m_q; }
    const Matrix& keys() const { return m_k; }
    const Matrix& values() const { return m_v; }

    Linear& query() { return m_wq; }
    Linear& key() { return m_wk; }
    Linear& value() { return m_wv; }
    Linear& output() { return m_wo; }

private:
    int m_d, m_heads, m_dh;
    bool m_causal;
    double m_tau = 1.0;
    Linear m_wq, m_wk, m_wv, m_wo;
    Matrix m_q, m_k, m_v;
    Eigen::Index m_length = 0;
    std::vector<Matrix> m_attention;  // [sequence · heads + head]
};

// Softmax of each row of `scores`, with entries above the diagonal excluded when `causal`.
Matrix softmaxRows(const Matrix& scores, bool causal = false);

// Sinusoidal positional encoding (Vaswani et al. 2017), d × T: PE[2i, t] = sin(t / 10000^(2i/d)),
// PE[2i+1, t] = cos(t / 10000^(2i/d)).
Matrix sinusoidalEncoding(int features, int tokens);

// Attention rollout (Abnar & Zuidema 2020) of per-layer attention maps (each T × T, averaged over heads by the
// caller): Ã_l = rows normalised of (½ A_l + ½ I), R = Ã_L ⋯ Ã_1. Row t of R: how much each input token contributes
// to output token t. Throws std::invalid_argument for an empty list or maps that are not square and of one size.
Matrix attentionRollout(const std::vector<Matrix>& layers);

}  // namespace neuroai::nn
