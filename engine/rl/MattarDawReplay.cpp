#include "engine/rl/MattarDawReplay.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

MattarDawReplay::MattarDawReplay(int states, double gamma, double beta, double alpha)
    : m_n(states)
    , m_gamma(gamma)
    , m_beta(beta)
    , m_alpha(alpha)
{
    if (states < 3 || states > 200)
        throw std::invalid_argument("MattarDawReplay: states = " + std::to_string(states) + " must be in [3, 200]");
    if (!(gamma >= 0 && gamma < 1))
        throw std::invalid_argument("MattarDawReplay: gamma = " + std::to_string(gamma) + " must be in [0, 1)");
    if (!(beta >= 0 && std::isfinite(beta)))
        throw std::invalid_argument("MattarDawReplay: beta = " + std::to_string(beta) + " must be finite and ≥ 0");
    if (!(alpha > 0 && alpha <= 1))
        throw std::invalid_argument("MattarDawReplay: alpha = " + std::to_string(alpha) + " must be in (0, 1]");
    m_q.assign(std::size_t(states), std::vector<double>(2, 0.0));
    m_experienced.assign(std::size_t(states), std::vector<bool>(2, false));
}

void MattarDawReplay::setReward(double reward)
{
    if (!(std::isfinite(reward) && reward >= 0))
        throw std::invalid_argument("MattarDawReplay: reward = " + std::to_string(reward) + " must be finite and ≥ 0");
    m_reward = reward;
}

void MattarDawReplay::setQ(int s, int a, double value) { m_q.at(std::size_t(s)).at(std::size_t(a)) = value; }

int MattarDawReplay::next(int s, int a) const { return a == 0 ? std::max(0, s - 1) : std::min(m_n - 1, s + 1); }

double MattarDawReplay::backedUp(int s, int a) const
{
    const int s2 = next(s, a);
    const double future = s2 == goal() ? 0.0 : std::max(q(s2, 0), q(s2, 1));
    return q(s, a) + m_alpha * (reward(s, a) + m_gamma * future - q(s, a));
}

void MattarDawReplay::learn(int s, int a, double alpha)
{
    const int s2 = next(s, a);
    const double future = s2 == goal() ? 0.0 : std::max(q(s2, 0), q(s2, 1));
    m_experienced.at(std::size_t(s)).at(std::size_t(a)) = true;
    m_q[std::size_t(s)][std::size_t(a)] += alpha * (reward(s, a) + m_gamma * future - q(s, a));
}

static std::vector<double> softmax(double q0, double q1, double beta)
{
    const double m = std::max(q0, q1);
    const double e0 = std::exp(beta * (q0 - m)), e1 = std::exp(beta * (q1 - m));
    return {e0 / (e0 + e1), e1 / (e0 + e1)};
}

std::vector<double> MattarDawReplay::policy(int s) const { return softmax(q(s, 0), q(s, 1), m_beta); }

std::vector<double> MattarDawReplay::need(int from) const
{
    // Solve (I − γT)ᵀ-free: row `from` of M is m with m (I − γT) = e_from, i.e. (I − γT)ᵀ mᵀ = e_fromᵀ.
    const int n = m_n;
    std::vector<std::vector<double>> a(std::size_t(n), std::vector<double>(std::size_t(n + 1), 0.0));
    for (int i = 0; i < n; ++i)
        a[std::size_t(i)][std::size_t(i)] = 1.0;
    for (int s = 0; s < n; ++s) {
        if (s == goal())
            continue;  // terminal: no successors
        const std::vector<double> pi = policy(s);
        for (int act = 0; act < 2; ++act)
            a[std::size_t(next(s, act))][std::size_t(s)] -= m_gamma * pi[std::size_t(act)];  // transposed
    }
    a[std::size_t(from)][std::size_t(n)] = 1.0;
    for (int c = 0; c < n; ++c) {  // Gauss–Jordan with partial pivoting
        int p = c;
        for (int r = c + 1; r < n; ++r)
            if (std::abs(a[std::size_t(r)][std::size_t(c)]) > std::abs(a[std::size_t(p)][std::size_t(c)]))
                p = r;
        std::swap(a[std::size_t(c)], a[std::size_t(p)]);
        const double d = a[std::size_t(c)][std::size_t(c)];
        for (int k = c; k <= n; ++k)
            a[std::size_t(c)][std::size_t(k)] /= d;
        for (int r = 0; r < n; ++r) {
            if (r == c || a[std::size_t(r)][std::size_t(c)] == 0.0)
                continue;
            const double f = a[std::size_t(r)][std::size_t(c)];
            for (int k = c; k <= n; ++k)
                a[std::size_t(r)][std::size_t(k)] -= f * a[std::size_t(c)][std::size_t(k)];
        }
    }
    std::vector<double> m(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        m[std::size_t(i)] = a[std::size_t(i)][std::size_t(n)];
    return m;
}

double MattarDawReplay::gain(int s, int a) const
{
    double qNew[2] = {q(s, 0), q(s, 1)};
    qNew[a] = backedUp(s, a);
    const std::vector<double> before = policy(s), after = softmax(qNew[0], qNew[1], m_beta);
    return (after[0] - before[0]) * qNew[0] + (after[1] - before[1]) * qNew[1];
}

MattarDawReplay::Step MattarDawReplay::replayStep(int agentState, double minEvb)
{
    const std::vector<double> m = need(agentState);
    Step best;
    double bestEvb = minEvb;
    for (int s = 0; s < goal(); ++s)
        for (int a = 0; a < 2; ++a) {
            if (m_onlyExperienced && !m_experienced[std::size_t(s)][std::size_t(a)])
                continue;
            const double g = gain(s, a), evb = g * m[std::size_t(s)];
            if (evb > bestEvb + 1e-12) {
                bestEvb = evb;
                best = {s, a, g, m[std::size_t(s)]};
            }
        }
    if (best.state >= 0)
        m_q[std::size_t(best.state)][std::size_t(best.action)] = backedUp(best.state, best.action);
    return best;
}

}  // namespace neuroai::rl
