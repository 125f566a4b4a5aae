#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

namespace neuroai::plasticity {

// The foundations chapter's Hebbian lab: N Poisson pre-neurons, two post-neurons, a weight matrix W (2 × N) that
// grows by Hebb's rule over training steps.
//
// One training step is one presentation of an input pattern for a window of T ms:
//   1. A pattern P is chosen, A or B (alternately, or at random with probability ½ each). The two patterns are
//      overlapping groups of pre-neurons: A = [0, s_A), B = [N − s_B, N) with s_A + s_B = N + overlap, so the
//      `overlap` neurons in the middle belong to both. Pre-neuron i fires at rate_on if it belongs to P, else at
//      rate_off (background).
//   2. Each pre-neuron's spike count in the window is drawn, x_i ~ Poisson(λ_i) with λ_i = rate_i · T (independent
//      neurons and steps). Counting spikes rather than simulating their times is exact for what the rule sees:
//      the rule below only uses the count.
//   3. Each post-neuron sums its EPSPs over the window, u_j = Σ_i W_ji x_i (mV: W_ji is the depolarisation one
//      spike of pre-neuron i causes), plus Gaussian noise ξ_j of s.d. σ. Output y_j, one of
//        threshold  y = H(v − θ)            (1 if the neuron fired in the window, else 0),
//        sigmoid    y = 1/(1 + e^{−(v−θ)/β}) (a firing probability: saturates at 0 and 1),
//        linear     y = max(0, (v − θ)/β)   (a rate without a ceiling),
//      where v_j = u_j + ξ_j − w_inh · Σ_{k fired before j} y_k. The optional inhibitory synapse between the two
//      post-neurons (strength w_inh, mV per unit of output) acts in order of drive: the post-neuron with the larger
//      u + ξ reaches threshold first and inhibits the other, never the reverse (ties: the lower index first). This
//      is lateral inhibition of an integrate-and-fire pair compressed into one step: whoever is driven harder
//      fires earlier, and the IPSP arrives while the other is still integrating.
//   4. Hebb's rule with forgetting, then the bounds:
//        W_ji ← clip(W_ji + η x_i y_j − W_ji / τ_w, 0, w_max)
//      τ_w (in steps) is a passive decay: with it off (τ_w = ∞) weights only ever grow, and w_max is all that
//      stops them.
//
// What it shows. Under the averaged update with a constant ⟨x_i y_j⟩ = c (e.g. a post-neuron that always fires),
// W_ji(n) = η τ_w c (1 − (1 − 1/τ_w)^n) + W_ji(0)(1 − 1/τ_w)^n: weights settle at η τ_w c, and without decay they
// grow linearly, η c per step. With the linear output (θ = 0, no decay, no clipping) the expected row w_j obeys
// E[w_j(n+1)] = (I + (η/β) C) E[w_j(n)] with C = ⟨x xᵀ⟩ = ½ Σ_P (diag λ^P + λ^P λ^Pᵀ), so it grows exponentially
// at the rate of C's largest eigenvalue: runaway Hebbian growth. A saturating output (threshold or sigmoid) turns
// that into linear growth, and forgetting bounds it. For a threshold neuron each pattern's weights are bistable:
// a pattern that drives the neuron above θ often enough is learned (its weights climb to about η τ_w λ_on/2),
// one that does not is forgotten; a τ_w too short forgets everything. Plain Hebb is not competitive: both post-
// neurons learn the same patterns. The inhibitory synapse adds the competition: only one post-neuron responds to
// each pattern, so two neurons that start with different preferences split A and B between them (or, from an
// unlucky start, one claims both and the other falls silent — the "dead unit" of competitive learning; from random
// initial weights with the defaults this is the more common outcome: about 1 seed in 5 splits).
//
// Why two post-neurons, fixed: the handbook's lab is a two-neuron circuit, and lateral inhibition needs a pair;
// the heatmap stays legible. The pattern sizes follow from N and the overlap, so the panel can label columns.
struct HebbianLabParameters {
    enum class Output { Threshold = 0, Sigmoid = 1, Linear = 2 };
    enum class Presentation { Random = 0, Alternate = 1 };

    int preNeurons = 10;        // N ≥ 2
    int overlap = 2;            // neurons in both patterns, 0 ≤ overlap ≤ N − 2 (each pattern keeps one of its own)
    double rateOnHz = 40;       // rate of a neuron in the presented pattern, ≥ 0
    double rateOffHz = 2;       // background rate of the others, ≥ 0
    double windowMs = 100;      // presentation window T > 0; λ = rate·T ≤ 500
    Presentation presentation = Presentation::Random;
    Output output = Output::Threshold;
    double theta = 10;          // threshold θ (mV), finite (may be negative)
    double beta = 2;            // sigmoid / linear scale β > 0 (mV)
    double noise = 0;           // s.d. σ ≥ 0 of the Gaussian noise on u (mV)
    double eta = 0.003;         // learning rate η > 0 (mV per spike per unit of output)
    double tauW = 150;          // forgetting time constant τ_w ≥ 1 (steps); +∞: no forgetting
    double wMax = 1;            // upper bound of every weight, > 0 (mV)
    double wInit = 0.9;         // initial weights uniform in [0, wInit), 0 ≤ wInit ≤ wMax
    double wInhibit = 0;        // lateral inhibition w_inh ≥ 0 (mV per unit of output)

    // Throws std::invalid_argument naming the first bad field and its value.
    void validate() const;
    int sizeA() const { return (preNeurons + overlap + 1) / 2; }
    int sizeB() const { return preNeurons + overlap - sizeA(); }
    bool inA(int i) const { return i < sizeA(); }
    bool inB(int i) const { return i >= preNeurons - sizeB(); }
};

// The network itself, Qt- and Model-free, so tests can drive it step by step and set weights directly.
class HebbianNetwork {
public:
    static constexpr int kPost = 2;
    enum Pattern { A = 0, B = 1 };

    explicit HebbianNetwork(const HebbianLabParameters& p, std::uint64_t seed = 1);

    // New parameters keeping the weights (clipped to the new w_max) and the random stream. N must not change:
    // throws std::invalid_argument for a different preNeurons (rebuild instead).
    void setParameters(const HebbianLabParameters& p);
    // Fresh random weights from `seed`, step count 0.
    void reset(std::uint64_t seed);
    // Weights row-major, post × pre (2 × N); values are clipped to [0, w_max]. Throws on a wrong size.
    void setWeights(const std::vector<float>& w);

    // One training step (pattern, counts, outputs, learning). Returns the pattern presented.
    Pattern step();
    // Outputs for given counts with the current weights, no noise and no learning (for tests and readouts).
    std::array<double, kPost> respond(const std::vector<int>& counts) const;

    const HebbianLabParameters& parameters() const { return m_p; }
    const std::vector<float>& weights() const { return m_w; }
    float weight(int post, int pre) const { return m_w[std::size_t(post * m_p.preNeurons + pre)]; }
    const std::vector<int>& lastCounts() const { return m_counts; }
    const std::array<double, kPost>& lastOutputs() const { return m_y; }
    Pattern lastPattern() const { return m_pattern; }
    std::int64_t steps() const { return m_steps; }
    // Expected spike count of pre-neuron i when `pattern` is shown.
    double expectedCount(int i, Pattern pattern) const;
    // Mean weight of post-neuron j from the neurons only in A (only in B, in both).
    double meanWeightOnlyA(int post) const;
    double meanWeightOnlyB(int post) const;

private:
    std::array<double, kPost> outputs(const std::array<double, kPost>& drive) const;
    int poisson(double mean);

    HebbianLabParameters m_p;
    Random m_random;
    std::vector<float> m_w;  // post × pre
    std::vector<int> m_counts;
    std::array<double, kPost> m_y{};
    Pattern m_pattern = A;
    std::int64_t m_steps = 0;
};

// The live model (registry id "hebbian-lab"): time is counted in training steps (dt = 1 step).
// Channels: each post-neuron's mean weight from the neurons only in A and only in B (mV), and its output y.
// Metrics: step, the responses ⟨y_j | A⟩ and ⟨y_j | B⟩ averaged over about the last 50 presentations of each
// pattern (exponential average), the selectivity (⟨y|A⟩ − ⟨y|B⟩)/(⟨y|A⟩ + ⟨y|B⟩) of each post-neuron (0 while
// silent), its weight norm ‖w_j‖, its mean weights from the A-only and B-only inputs (w1_a, w1_b, …),
// the mean of all weights, and `shared`: max over patterns of min(⟨y₁|P⟩, ⟨y₂|P⟩), how much both answer one pattern. publish() adds the weight matrix (2 × N, colour range
// [0, w_max]).
class HebbianLabModel final : public Model {
public:
    HebbianLabModel();

    std::string id() const override { return "hebbian-lab"; }
    std::string title() const override { return "Hebbian lab: Poisson inputs, two threshold neurons, Hebb's rule"; }
    std::vector<ParamSpec> specs() const override;
    std::vector<ChannelInfo> channels() const override;
    Clock clock() const override { return {"step", "training step"}; }
    void reset(std::uint64_t seed) override;
    double dt() const override { return 1.0; }
    double timeMs() const override { return double(m_net ? m_net->steps() : 0); }
    void advance(long steps, TraceSink& sink) override;
    bool stateIsFinite() const override;
    std::map<std::string, double> metrics() const override;
    void publish(Frame& frame) const override;

    const HebbianNetwork& network() const { return *m_net; }
    // The engine-level parameters a parameter set stands for.
    static HebbianLabParameters fromParameters(const ParamSet& p);

    static constexpr double kResponseAveraging = 50;  // presentations of one pattern

private:
    std::string checkConstraints(const ParamSet& p) const override;
    void applyParameters(const ParamSet& p) override;

    std::unique_ptr<HebbianNetwork> m_net;
    std::uint64_t m_seed = 1;
    std::array<std::array<double, 2>, HebbianNetwork::kPost> m_response{};  // [post][pattern]
};

}  // namespace neuroai::plasticity
