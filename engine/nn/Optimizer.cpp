#include "engine/nn/Optimizer.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

void Tensor::randomise(Random& rng, double sd)
{
    for (Eigen::Index k = 0; k < value.size(); ++k)
        value.data()[k] = sd * rng.normal();
}

void zeroGradients(const TensorList& tensors)
{
    for (Tensor* t : tensors)
        t->grad.setZero();
}

Eigen::Index parameterCount(const TensorList& tensors)
{
    Eigen::Index n = 0;
    for (const Tensor* t : tensors)
        n += t->value.size();
    return n;
}

void checkSize(const char* owner, const char* name, int value, int lo, int hi)
{
    if (value < lo || value > hi)
        throw std::invalid_argument(std::string(owner) + ": " + name + " = " + std::to_string(value) +
                                    " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

void checkDivides(const char* owner, const char* divisorName, int divisor, const char* name, int value)
{
    if (divisor < 1 || value % divisor != 0)
        throw std::invalid_argument(std::string(owner) + ": " + divisorName + " = " + std::to_string(divisor) +
                                    " must divide " + name + " = " + std::to_string(value));
}

void checkTransformerShape(const char* owner, int dim, int heads, int layers, int mlpHidden)
{
    checkSize(owner, "dim", dim, 1, 4096);
    checkSize(owner, "heads", heads, 1, 64);
    checkSize(owner, "layers", layers, 1, 64);
    checkSize(owner, "mlpHidden", mlpHidden, 1, 16384);
    checkDivides(owner, "heads", heads, "dim", dim);
}

namespace {
void checkRate(double rate)
{
    if (!(rate > 0 && rate <= 10))
        throw std::invalid_argument("learning rate must be in (0, 10] (got " + std::to_string(rate) + ")");
}
}  // namespace

Optimizer::Optimizer(const OptimizerSettings& s, Eigen::Index parameterCount) : m_s(s)
{
    checkRate(s.learningRate);
    if (!(s.beta1 >= 0 && s.beta1 < 1))
        throw std::invalid_argument("Adam beta1 (momentum) must be in [0, 1) (got " + std::to_string(s.beta1) + ")");
    if (!(s.beta2 >= 0 && s.beta2 < 1))
        throw std::invalid_argument("Adam beta2 must be in [0, 1) (got " + std::to_string(s.beta2) + ")");
    if (!(s.epsilon > 0 && std::isfinite(s.epsilon)))
        throw std::invalid_argument("Adam epsilon must be > 0 (got " + std::to_string(s.epsilon) + ")");
    if (s.kind == OptimizerSettings::Kind::Adam) {
        m_m = Eigen::VectorXd::Zero(parameterCount);
        m_v = Eigen::VectorXd::Zero(parameterCount);
    } else if (s.kind == OptimizerSettings::Kind::Momentum) {
        m_m = Eigen::VectorXd::Zero(parameterCount);  // the velocity v
    }
}

void Optimizer::setLearningRate(double rate)
{
    checkRate(rate);
    m_s.learningRate = rate;
}

void Optimizer::apply(Eigen::Ref<Eigen::VectorXd> theta, const Eigen::Ref<const Eigen::VectorXd>& g)
{
    if (g.size() != theta.size())
        throw std::invalid_argument("optimizer: gradient size " + std::to_string(g.size()) + " differs from " +
                                    std::to_string(theta.size()) + " parameters");
    ++m_t;
    if (m_s.kind == OptimizerSettings::Kind::Sgd) {
        theta -= m_s.learningRate * g;
        return;
    }
    if (m_m.size() != theta.size())
        throw std::invalid_argument("optimizer was built for " + std::to_string(m_m.size()) + " parameters, not " +
                                    std::to_string(theta.size()));
    if (m_s.kind == OptimizerSettings::Kind::Momentum) {
        m_m = m_s.beta1 * m_m + g;
        theta -= m_s.learningRate * m_m;
        return;
    }
    m_m = m_s.beta1 * m_m + (1 - m_s.beta1) * g;
    m_v = m_s.beta2 * m_v + (1 - m_s.beta2) * g.cwiseAbs2();
    const double c1 = 1 - std::pow(m_s.beta1, double(m_t)), c2 = 1 - std::pow(m_s.beta2, double(m_t));
    theta.array() -= m_s.learningRate * (m_m.array() / c1) / ((m_v.array() / c2).sqrt() + m_s.epsilon);
}

TensorOptimizer::TensorOptimizer(const OptimizerSettings& settings, const TensorList& tensors) : m_tensors(tensors)
{
    m_parts.reserve(tensors.size());
    for (const Tensor* t : tensors)
        m_parts.emplace_back(settings, t->value.size());
}

void TensorOptimizer::step()
{
    for (std::size_t k = 0; k < m_tensors.size(); ++k) {
        Tensor& t = *m_tensors[k];
        m_parts[k].apply(Eigen::Map<Eigen::VectorXd>(t.value.data(), t.value.size()),
                         Eigen::Map<const Eigen::VectorXd>(t.grad.data(), t.grad.size()));
    }
    ++m_steps;
}

void TensorOptimizer::setLearningRate(double rate)
{
    for (Optimizer& o : m_parts)
        o.setLearningRate(rate);
}

}  // namespace neuroai::nn
