#include "engine/nn/Transformer.h"

namespace neuroai::nn {

TransformerBlock::TransformerBlock(const std::string& name, int features, int heads, int hidden, Random& rng,
                                   bool causal)
    : m_norm1(name + ".norm1", features),
      m_attention(name + ".attention", features, heads, rng, causal),
      m_norm2(name + ".norm2", features),
      m_mlp(name + ".mlp", features, hidden, rng)
{
}

Matrix TransformerBlock::forward(const Matrix& x, Eigen::Index sequenceLength)
{
    Matrix h = x + m_attention.forward(m_norm1.forward(x), sequenceLength);
    return h + m_mlp.forward(m_norm2.forward(h));
}

Matrix TransformerBlock::backward(const Matrix& dy)
{
    const Matrix dh = dy + m_norm2.backward(m_mlp.backward(dy));
    return dh + m_norm1.backward(m_attention.backward(dh));
}

void TransformerBlock::collect(TensorList& list)
{
    m_norm1.collect(list);
    m_attention.collect(list);
    m_norm2.collect(list);
    m_mlp.collect(list);
}

Matrix meanHeadAttention(const MultiHeadAttention& attention, int sequence)
{
    Matrix mean = attention.attention(0, sequence);
    for (int h = 1; h < attention.heads(); ++h)
        mean += attention.attention(h, sequence);
    return mean / double(attention.heads());
}

}  // namespace neuroai::nn
