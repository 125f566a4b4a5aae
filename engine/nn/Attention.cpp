#include "engine/nn/Attention.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

MultiHeadAttention::MultiHeadAttention(const std::string& name, int features, int heads, Random& rng, bool causal)
    : m_d(features),
      m_heads(heads),
      m_dh(heads > 0 ? features / heads : 0),
      m_causal(causal),
      m_wq(name + ".query", features, features, rng),
      m_wk(name + ".key", features, features, rng),
      m_wv(name + ".value", features, features, rng),
      m_wo(name + ".output", features, features, rng)
{
    if (heads < 1 || features % heads != 0)
        throw std::invalid_argument("MultiHeadAttention " + name + ": heads = " + std::to_string(heads) +
                                    " must be ≥ 1 and divide the " + std::to_string(features) + " features");
}

void MultiHeadAttention::setTemperature(double tau)
{
    if (!(std::isfinite(tau) && tau > 0))
        throw std::invalid_argument("attention temperature = " + std::to_string(tau) + " must be finite and > 0");
    m_tau = tau;
}

void MultiHeadAttention::collect(TensorList& list)
{
    m_wq.collect(list);
    m_wk.collect(list);
    m_wv.collect(list);
    m_wo.collect(list);
}

Matrix MultiHeadAttention::scores(int head, int sequence) const
{
    const Eigen::Index r = Eigen::Index(head) * m_dh, c = Eigen::Index(sequence) * m_length;
    return m_q.block(r, c, m_dh, m_length).transpose() * m_k.block(r, c, m_dh, m_length) / std::sqrt(double(m_dh));
}

Matrix MultiHeadAttention::forward(const Matrix& x, Eigen::Index sequenceLength)
{
    const Eigen::Index T = sequenceLength > 0 ? sequenceLength : x.cols();
    if (T < 1 || x.cols() % T != 0)
        throw std::invalid_argument("MultiHeadAttention: " + std::to_string(x.cols()) +
                                    " tokens are not a whole number of sequences of " + std::to_string(T));
    m_length = T;
    m_q = m_wq.forward(x);
    m_k = m_wk.forward(x);
    m_v = m_wv.forward(x);
    const Eigen::Index sequences = x.cols() / T;
    const double scale = 1.0 / (std::sqrt(double(m_dh)) * m_tau);
    Matrix o(m_d, x.cols());
    m_attention.resize(std::size_t(sequences * m_heads));
    for (Eigen::Index s = 0; s < sequences; ++s)
        for (int h = 0; h < m_heads; ++h) {
            const Eigen::Index r = Eigen::Index(h) * m_dh, c = s * T;
            Matrix& a = m_attention[std::size_t(s * m_heads + h)];
            a = softmaxRows(scale * (m_q.block(r, c, m_dh, T).transpose() * m_k.block(r, c, m_dh, T)), m_causal);
            o.block(r, c, m_dh, T).noalias() = m_v.block(r, c, m_dh, T) * a.transpose();
        }
    return m_wo.forward(o);
}

Matrix MultiHeadAttention::backward(const Matrix& dy)
{
    const Matrix dO = m_wo.backward(dy);
    const Eigen::Index T = m_length, sequences = dO.cols() / T;
    const double scale = 1.0 / (std::sqrt(double(m_dh)) * m_tau);
    Matrix dQ(m_d, dO.cols()), dK(m_d, dO.cols()), dV(m_d, dO.cols());
    for (Eigen::Index s = 0; s < sequences; ++s)
        for (int h = 0; h < m_heads; ++h) {
            const Eigen::Index r = Eigen::Index(h) * m_dh, c = s * T;
            const Matrix& a = m_attention[std::size_t(s * m_heads + h)];
            const auto dOh = dO.block(r, c, m_dh, T);
            dV.block(r, c, m_dh, T).noalias() = dOh * a;
            const Matrix dA = dOh.transpose() * m_v.block(r, c, m_dh, T);
            // Softmax backward, row by row: dS = A ⊙ (dA − Σ_u dA ⊙ A). Masked entries have A = 0 and get no gradient.
            const Eigen::VectorXd inner = (dA.array() * a.array()).rowwise().sum();
            const Matrix dS = a.array() * (dA.array().colwise() - inner.array());
            dQ.block(r, c, m_dh, T).noalias() = scale * (m_k.block(r, c, m_dh, T) * dS.transpose());
            dK.block(r, c, m_dh, T).noalias() = scale * (m_q.block(r, c, m_dh, T) * dS);
        }
    Matrix dx = m_wq.backward(dQ);
    dx += m_wk.backward(dK);
    dx += m_wv.backward(dV);
    return dx;
}

Matrix softmaxRows(const Matrix& scores, bool causal)
{
    Matrix a(scores.rows(), scores.cols());
    for (Eigen::Index t = 0; t < scores.rows(); ++t) {
        const Eigen::Index visible = causal ? std::min(t + 1, scores.cols()) : scores.cols();
        const double top = scores.row(t).head(visible).maxCoeff();
        double sum = 0;
        for (Eigen::Index u = 0; u < scores.cols(); ++u) {
            const double e = u < visible ? std::exp(scores(t, u) - top) : 0.0;
            a(t, u) = e;
            sum += e;
        }
        a.row(t) /= sum;
    }
    return a;
}

Matrix sinusoidalEncoding(int features, int tokens)
{
    if (features < 1 || tokens < 0)
        throw std::invalid_argument("sinusoidalEncoding: features must be ≥ 1 and tokens ≥ 0");
    Matrix pe(features, tokens);
    for (int t = 0; t < tokens; ++t)
        for (int i = 0; i < features; ++i) {
            const int pair = i / 2;
            const double angle = t / std::pow(10000.0, 2.0 * pair / features);
            pe(i, t) = i % 2 == 0 ? std::sin(angle) : std::cos(angle);
        }
    return pe;
}

Matrix attentionRollout(const std::vector<Matrix>& layers)
{
    if (layers.empty())
        throw std::invalid_argument("attentionRollout: no attention maps");
    const Eigen::Index T = layers.front().rows();
    Matrix rollout = Matrix::Identity(T, T);
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const Matrix& a = layers[l];
        if (a.rows() != T || a.cols() != T)
            throw std::invalid_argument("attentionRollout: map " + std::to_string(l) + " is " +
                                        std::to_string(a.rows()) + " × " + std::to_string(a.cols()) + ", expected " +
                                        std::to_string(T) + " × " + std::to_string(T));
        Matrix mixed = 0.5 * a + 0.5 * Matrix::Identity(T, T);
        mixed = mixed.array().colwise() / mixed.rowwise().sum().array();
        rollout = mixed * rollout;
    }
    return rollout;
}

}  // namespace neuroai::nn
