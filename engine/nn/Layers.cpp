#include "engine/nn/Layers.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

Linear::Linear(std::string name, int in, int out, Random& rng)
    : m_w(name + ".weight", out, in), m_b(name + ".bias", out, 1)
{
    if (in < 1 || out < 1)
        throw std::invalid_argument("Linear " + name + ": sizes must be ≥ 1 (got " + std::to_string(in) + " → " +
                                    std::to_string(out) + ")");
    m_w.randomise(rng, 1.0 / std::sqrt(double(in)));
}

Matrix Linear::forward(const Matrix& x)
{
    if (x.rows() != m_w.value.cols())
        throw std::invalid_argument(m_w.name + ": input has " + std::to_string(x.rows()) + " features, expected " +
                                    std::to_string(m_w.value.cols()));
    m_x = x;
    Matrix y = m_w.value * x;
    y.colwise() += m_b.value.col(0);
    return y;
}

Matrix Linear::backward(const Matrix& dy)
{
    m_w.grad.noalias() += dy * m_x.transpose();
    m_b.grad.col(0) += dy.rowwise().sum();
    return m_w.value.transpose() * dy;
}

LayerNorm::LayerNorm(std::string name, int features, double epsilon)
    : m_gain(name + ".gain", features, 1), m_shift(name + ".shift", features, 1), m_eps(epsilon)
{
    if (features < 1)
        throw std::invalid_argument("LayerNorm " + name + ": features must be ≥ 1");
    m_gain.value.setOnes();
}

Matrix LayerNorm::forward(const Matrix& x)
{
    if (x.rows() != m_gain.value.rows())
        throw std::invalid_argument(m_gain.name + ": input has " + std::to_string(x.rows()) + " features, expected " +
                                    std::to_string(m_gain.value.rows()));
    const Eigen::RowVectorXd mean = x.colwise().mean();
    m_xhat = x.rowwise() - mean;
    const Eigen::RowVectorXd var = m_xhat.cwiseAbs2().colwise().mean();
    m_invStd = (var.array() + m_eps).rsqrt().matrix();
    m_xhat = m_xhat.array().rowwise() * m_invStd.array();
    Matrix y = m_xhat.array().colwise() * m_gain.value.col(0).array();
    y.colwise() += m_shift.value.col(0);
    return y;
}

Matrix LayerNorm::backward(const Matrix& dy)
{
    m_gain.grad.col(0) += (dy.array() * m_xhat.array()).rowwise().sum().matrix();
    m_shift.grad.col(0) += dy.rowwise().sum();
    const Matrix dxhat = dy.array().colwise() * m_gain.value.col(0).array();
    // dx = (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)) / σ, per column.
    const Eigen::RowVectorXd meanD = dxhat.colwise().mean();
    const Eigen::RowVectorXd meanDX = (dxhat.array() * m_xhat.array()).colwise().mean().matrix();
    Matrix dx = dxhat.rowwise() - meanD;
    dx -= (m_xhat.array().rowwise() * meanDX.array()).matrix();
    return dx.array().rowwise() * m_invStd.array();
}

namespace {
constexpr double kGeluC = 0.7978845608028654;  // √(2/π)
constexpr double kGeluA = 0.044715;
}  // namespace

double gelu(double x)
{
    return 0.5 * x * (1 + std::tanh(kGeluC * (x + kGeluA * x * x * x)));
}

double geluDerivative(double x)
{
    const double t = std::tanh(kGeluC * (x + kGeluA * x * x * x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * kGeluC * (1 + 3 * kGeluA * x * x);
}

Mlp::Mlp(const std::string& name, int features, int hidden, Random& rng)
    : m_in(name + ".in", features, hidden, rng), m_out(name + ".out", hidden, features, rng)
{
}

Matrix Mlp::forward(const Matrix& x)
{
    m_pre = m_in.forward(x);
    return m_out.forward(m_pre.unaryExpr([](double v) { return gelu(v); }));
}

Matrix Mlp::backward(const Matrix& dy)
{
    const Matrix dh = m_out.backward(dy);
    return m_in.backward(dh.cwiseProduct(m_pre.unaryExpr([](double v) { return geluDerivative(v); })));
}

void Mlp::collect(TensorList& list)
{
    m_in.collect(list);
    m_out.collect(list);
}

Matrix softmaxColumns(const Matrix& logits)
{
    Matrix p = logits.rowwise() - logits.colwise().maxCoeff();
    p = p.array().exp();
    return p.array().rowwise() / p.colwise().sum().array();
}

double crossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix* gradient)
{
    if (std::size_t(logits.cols()) != labels.size() || labels.empty())
        throw std::invalid_argument("crossEntropy: " + std::to_string(labels.size()) + " labels for " +
                                    std::to_string(logits.cols()) + " columns");
    const Matrix p = softmaxColumns(logits);
    const double n = double(labels.size());
    double loss = 0;
    for (std::size_t c = 0; c < labels.size(); ++c) {
        const int y = labels[c];
        if (y < 0 || y >= logits.rows())
            throw std::invalid_argument("crossEntropy: label " + std::to_string(y) + " outside [0, " +
                                        std::to_string(logits.rows()) + ")");
        loss -= std::log(std::max(p(y, Eigen::Index(c)), 1e-300));
    }
    if (gradient) {
        *gradient = p / n;
        for (std::size_t c = 0; c < labels.size(); ++c)
            (*gradient)(labels[c], Eigen::Index(c)) -= 1.0 / n;
    }
    return loss / n;
}

}  // namespace neuroai::nn
