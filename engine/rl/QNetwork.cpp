#include "engine/rl/QNetwork.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {

void checkSize(const char* name, int v)
{
    if (v < 1 || v > 100000)
        throw std::invalid_argument(std::string(name) + " must be in [1, 100000] (got " + std::to_string(v) + ")");
}

}  // namespace

// ---- QNetwork -------------------------------------------------------------------------------------------------------

QNetwork::QNetwork(int inputs, int hidden, int outputs, std::uint64_t seed)
    : m_in(inputs), m_hidden(hidden), m_out(outputs)
{
    checkSize("network inputs", inputs);
    checkSize("network hidden units", hidden);
    checkSize("network outputs", outputs);
    const Eigen::Index nW1 = Eigen::Index(hidden) * inputs, nW2 = Eigen::Index(outputs) * hidden;
    m_theta = Eigen::VectorXd::Zero(nW1 + hidden + nW2 + outputs);
    Random rng(seed);
    const double s1 = std::sqrt(2.0 / inputs), s2 = std::sqrt(2.0 / hidden);
    for (Eigen::Index i = 0; i < nW1; ++i)
        m_theta[i] = s1 * rng.normal();
    for (Eigen::Index i = 0; i < nW2; ++i)
        m_theta[nW1 + hidden + i] = s2 * rng.normal();
}

Eigen::VectorXd QNetwork::forward(const Eigen::VectorXd& x) const
{
    if (x.size() != m_in)
        throw std::invalid_argument("network input has " + std::to_string(x.size()) + " values; expected " +
                                    std::to_string(m_in));
    const Eigen::Index nW1 = Eigen::Index(m_hidden) * m_in, nW2 = Eigen::Index(m_out) * m_hidden;
    const Eigen::Map<const Eigen::MatrixXd> W1(m_theta.data(), m_hidden, m_in);
    const Eigen::Map<const Eigen::VectorXd> b1(m_theta.data() + nW1, m_hidden);
    const Eigen::Map<const Eigen::MatrixXd> W2(m_theta.data() + nW1 + m_hidden, m_out, m_hidden);
    const Eigen::Map<const Eigen::VectorXd> b2(m_theta.data() + nW1 + m_hidden + nW2, m_out);
    const Eigen::VectorXd h = (W1 * x + b1).cwiseMax(0.0);
    return W2 * h + b2;
}

Eigen::MatrixXd QNetwork::forwardBatch(const Eigen::MatrixXd& X) const
{
    if (X.rows() != m_in)
        throw std::invalid_argument("network batch has " + std::to_string(X.rows()) + " input rows; expected " +
                                    std::to_string(m_in));
    const Eigen::Index nW1 = Eigen::Index(m_hidden) * m_in, nW2 = Eigen::Index(m_out) * m_hidden;
    const Eigen::Map<const Eigen::MatrixXd> W1(m_theta.data(), m_hidden, m_in);
    const Eigen::Map<const Eigen::VectorXd> b1(m_theta.data() + nW1, m_hidden);
    const Eigen::Map<const Eigen::MatrixXd> W2(m_theta.data() + nW1 + m_hidden, m_out, m_hidden);
    const Eigen::Map<const Eigen::VectorXd> b2(m_theta.data() + nW1 + m_hidden + nW2, m_out);
    const Eigen::MatrixXd H = ((W1 * X).colwise() + b1).cwiseMax(0.0);
    return (W2 * H).colwise() + b2;
}

double QNetwork::lossAndGradient(const Eigen::MatrixXd& X, const std::vector<int>& actions,
                                 const std::vector<double>& targets, const std::vector<double>& weights,
                                 Eigen::VectorXd& gradient, std::vector<double>* tdErrors) const
{
    const Eigen::Index B = X.cols();
    if (X.rows() != m_in)
        throw std::invalid_argument("network batch has " + std::to_string(X.rows()) + " input rows; expected " +
                                    std::to_string(m_in));
    if (std::size_t(B) != actions.size() || std::size_t(B) != targets.size() ||
        (!weights.empty() && std::size_t(B) != weights.size()))
        throw std::invalid_argument("network batch: " + std::to_string(B) + " inputs, " +
                                    std::to_string(actions.size()) + " actions, " + std::to_string(targets.size()) +
                                    " targets and " + std::to_string(weights.size()) + " weights do not match");
    const Eigen::Index nW1 = Eigen::Index(m_hidden) * m_in, nW2 = Eigen::Index(m_out) * m_hidden;
    const Eigen::Map<const Eigen::MatrixXd> W1(m_theta.data(), m_hidden, m_in);
    const Eigen::Map<const Eigen::VectorXd> b1(m_theta.data() + nW1, m_hidden);
    const Eigen::Map<const Eigen::MatrixXd> W2(m_theta.data() + nW1 + m_hidden, m_out, m_hidden);
    const Eigen::Map<const Eigen::VectorXd> b2(m_theta.data() + nW1 + m_hidden + nW2, m_out);

    const Eigen::MatrixXd pre = (W1 * X).colwise() + b1;  // hidden × B
    const Eigen::MatrixXd H = pre.cwiseMax(0.0);
    const Eigen::MatrixXd Q = (W2 * H).colwise() + b2;    // outputs × B

    // Only the taken action's output carries error: dL/dQ(a_b) = w_b (Q(a_b) − y_b).
    Eigen::MatrixXd dQ = Eigen::MatrixXd::Zero(m_out, B);
    double loss = 0;
    if (tdErrors)
        tdErrors->resize(std::size_t(B));
    for (Eigen::Index b = 0; b < B; ++b) {
        const int a = actions[std::size_t(b)];
        if (a < 0 || a >= m_out)
            throw std::invalid_argument("network batch action " + std::to_string(a) + " is outside [0, " +
                                        std::to_string(m_out) + ")");
        const double w = weights.empty() ? 1.0 : weights[std::size_t(b)];
        const double err = Q(a, b) - targets[std::size_t(b)];
        loss += 0.5 * w * err * err;
        dQ(a, b) = w * err;
        if (tdErrors)
            (*tdErrors)[std::size_t(b)] = -err;
    }
    // Backpropagation through the two layers; the ReLU passes gradient where its input was positive.
    const Eigen::MatrixXd dH = (W2.transpose() * dQ).cwiseProduct((pre.array() > 0.0).cast<double>().matrix());
    gradient.resize(m_theta.size());
    Eigen::Map<Eigen::MatrixXd>(gradient.data(), m_hidden, m_in) = dH * X.transpose();
    gradient.segment(nW1, m_hidden) = dH.rowwise().sum();
    Eigen::Map<Eigen::MatrixXd>(gradient.data() + nW1 + m_hidden, m_out, m_hidden) = dQ * H.transpose();
    gradient.segment(nW1 + m_hidden + nW2, m_out) = dQ.rowwise().sum();
    return loss;
}

// ---- QNetworkAgent --------------------------------------------------------------------------------------------------

namespace {

const QNetworkParameters& validated(const QNetworkParameters& p)
{
    if (!(p.gamma >= 0 && p.gamma <= 1))
        throw std::invalid_argument("gamma must be in [0, 1] (got " + std::to_string(p.gamma) + ")");
    if (!(p.epsilon >= 0 && p.epsilon <= 1))
        throw std::invalid_argument("epsilon must be in [0, 1] (got " + std::to_string(p.epsilon) + ")");
    if (p.targetUpdatePeriod < 1)
        throw std::invalid_argument("target update period K must be >= 1 (got " +
                                    std::to_string(p.targetUpdatePeriod) + ")");
    return p;
}

int encodedSize(const GridMaze& maze, StateEncoding e)
{
    return e == StateEncoding::OneHot ? maze.stateCount() : 2;
}

}  // namespace

QNetworkAgent::QNetworkAgent(const GridMaze& maze, const QNetworkParameters& parameters, std::uint64_t seed)
    : m_rows(maze.rows()), m_cols(maze.cols()), m_p(validated(parameters)),
      m_online(encodedSize(maze, parameters.encoding), parameters.hidden, kActionCount, seed), m_target(m_online),
      m_optimizer(parameters.optimizer, m_online.parameters().size()), m_rng(seed ^ 0x5DEECE66Dull)
{
}

Eigen::VectorXd QNetworkAgent::encode(int state) const
{
    if (state < 0 || state >= stateCount())
        throw std::invalid_argument("state " + std::to_string(state) + " is outside [0, " +
                                    std::to_string(stateCount()) + ")");
    if (m_p.encoding == StateEncoding::OneHot) {
        Eigen::VectorXd x = Eigen::VectorXd::Zero(stateCount());
        x[state] = 1.0;
        return x;
    }
    Eigen::VectorXd x(2);
    x[0] = m_rows > 1 ? double(state / m_cols) / (m_rows - 1) : 0.0;
    x[1] = m_cols > 1 ? double(state % m_cols) / (m_cols - 1) : 0.0;
    return x;
}

Eigen::VectorXd QNetworkAgent::qValues(int state) const
{
    return m_online.forward(encode(state));
}

int QNetworkAgent::selectAction(int state)
{
    const Eigen::VectorXd q = qValues(state);
    const double u = m_rng.uniform();
    if (u < m_p.epsilon)
        return std::min(kActionCount - 1, int(m_rng.uniform() * kActionCount));
    const double best = q.maxCoeff();
    int ties = 0;
    for (int a = 0; a < kActionCount; ++a)
        ties += q[a] == best ? 1 : 0;
    int pick = std::min(ties - 1, int(m_rng.uniform() * ties));
    for (int a = 0; a < kActionCount; ++a)
        if (q[a] == best && pick-- == 0)
            return a;
    return 0;  // not reached
}

int QNetworkAgent::greedyAction(int state) const
{
    const Eigen::VectorXd q = qValues(state);
    int best = 0;
    for (int a = 1; a < kActionCount; ++a)
        if (q[a] > q[best])
            best = a;
    return best;
}

void QNetworkAgent::learnFromTransition(const Experience& t)
{
    trainBatch({t});
}

std::vector<double> QNetworkAgent::trainBatch(const std::vector<Experience>& batch, const std::vector<double>& weights)
{
    if (batch.empty())
        throw std::invalid_argument("trainBatch: the batch is empty");
    if (!weights.empty() && weights.size() != batch.size())
        throw std::invalid_argument("trainBatch: " + std::to_string(weights.size()) + " weights for " +
                                    std::to_string(batch.size()) + " transitions");
    const int inputs = m_online.inputs();
    const auto B = Eigen::Index(batch.size());
    Eigen::MatrixXd X(inputs, B), next(inputs, B);
    std::vector<int> actions(batch.size());
    for (std::size_t b = 0; b < batch.size(); ++b) {
        const Experience& t = batch[b];
        if (t.action < 0 || t.action >= kActionCount)
            throw std::invalid_argument("transition action " + std::to_string(t.action) + " is outside [0, 4)");
        if (!std::isfinite(t.reward))
            throw std::invalid_argument("transition reward must be finite (got " + std::to_string(t.reward) + ")");
        if (t.next < 0 || t.next >= stateCount())
            throw std::invalid_argument("transition next state " + std::to_string(t.next) + " is outside [0, " +
                                        std::to_string(stateCount()) + ")");
        X.col(Eigen::Index(b)) = encode(t.state);
        next.col(Eigen::Index(b)) = encode(t.next);
        actions[b] = t.action;
    }
    // Targets from the target network, all next states in one pass.
    const Eigen::MatrixXd qNext = m_target.forwardBatch(next);
    std::vector<double> targets(batch.size());
    for (std::size_t b = 0; b < batch.size(); ++b) {
        const Experience& t = batch[b];
        targets[b] = t.done ? t.reward : t.reward + m_p.gamma * qNext.col(Eigen::Index(b)).maxCoeff();
    }
    // The mean over the batch: scale the (weighted) per-transition terms by 1/B.
    std::vector<double> w(batch.size(), 1.0 / double(batch.size()));
    if (!weights.empty())
        for (std::size_t b = 0; b < batch.size(); ++b)
            w[b] *= weights[b];
    std::vector<double> td;
    m_online.lossAndGradient(X, actions, targets, w, m_gradient, &td);
    m_optimizer.apply(m_online.parameters(), m_gradient);
    if (m_optimizer.steps() % m_p.targetUpdatePeriod == 0)
        m_target.parameters() = m_online.parameters();
    return td;
}

}  // namespace neuroai::rl
