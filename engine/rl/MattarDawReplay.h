#pragma once

#include <vector>

namespace neuroai::rl {

// Prioritised replay by gain × need (Mattar & Daw 2018) on the linear track as a chain of states 0 … n−1: actions
// left (0) and right (1), deterministic, a wall at state 0, the reward r = 1 on entering the goal n − 1 (terminal).
// Q-values, softmax policy π(a|s) ∝ exp(β Q(s, a)).
// - need(s_k) = M(s_agent, s_k), the successor representation M = (I − γ T_π)⁻¹ under the current policy (the
//   expected discounted number of visits to s_k from the agent's state; the terminal goal has no successors);
// - gain(s, a) = Σ_b [π_new(b|s) − π_old(b|s)] Q_new(s, b), the improvement of the policy at s that the Bellman backup
//   Q(s, a) ← Q(s, a) + α (r + γ max_b Q(s', b) − Q(s, a)) would bring, valued by the updated Q;
// - each replay step backs up the one-step experience (s, a) with the largest gain × need (ties: the lowest s, then a),
//   unless that is ≤ minEvb, and returns it.
class MattarDawReplay {
public:
    struct Step {
        int state = -1;
        int action = -1;
        double gain = 0, need = 0;
    };

    MattarDawReplay(int states, double gamma, double beta, double alpha);

    int states() const { return m_n; }
    int goal() const { return m_n - 1; }
    double q(int s, int a) const { return m_q[std::size_t(s)][std::size_t(a)]; }
    void setQ(int s, int a, double value);
    int next(int s, int a) const;
    double reward(int s, int a) const { return next(s, a) == goal() ? m_reward : 0.0; }
    // The reward on entering the goal (1 unless changed). Throws std::invalid_argument unless finite and ≥ 0.
    void setReward(double reward);
    double rewardSize() const { return m_reward; }
    // One online TD update of the experienced transition (s, a), with learning rate `alpha`; marks (s, a) experienced.
    void learn(int s, int a, double alpha);
    // When on, replay chooses only among experienced transitions (those passed to learn()), as an animal replays its
    // own memories; off (the default), among all of the chain's transitions, whose model the agent is given.
    void setReplayOnlyExperienced(bool on) { m_onlyExperienced = on; }
    bool experienced(int s, int a) const { return m_experienced.at(std::size_t(s)).at(std::size_t(a)); }
    std::vector<double> policy(int s) const;
    // M(from, ·) under the current policy.
    std::vector<double> need(int from) const;
    double gain(int s, int a) const;
    // Chooses, backs up and returns the best experience for an agent at `agentState`; state −1 when none is worth it.
    Step replayStep(int agentState, double minEvb = 1e-9);

private:
    double backedUp(int s, int a) const;

    int m_n;
    double m_gamma, m_beta, m_alpha;
    double m_reward = 1.0;
    bool m_onlyExperienced = false;
    std::vector<std::vector<bool>> m_experienced;
    std::vector<std::vector<double>> m_q;
};

}  // namespace neuroai::rl
