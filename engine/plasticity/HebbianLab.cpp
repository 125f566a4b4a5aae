#include "engine/plasticity/HebbianLab.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::plasticity {

namespace {

[[noreturn]] void reject(const char* name, double value, const char* rule)
{
    throw std::invalid_argument(std::string("HebbianLab: ") + name + " = " + formatValue(value) + " " + rule);
}

}  // namespace

void HebbianLabParameters::validate() const
{
    if (preNeurons < 2 || preNeurons > 1000)
        reject("preNeurons", preNeurons, "must be in [2, 1000]");
    if (overlap < 0 || overlap > preNeurons - 2)
        reject("overlap", overlap, "must be in [0, preNeurons − 2] (each pattern keeps a neuron of its own)");
    if (!std::isfinite(rateOnHz) || rateOnHz < 0)
        reject("rateOnHz", rateOnHz, "must be finite and ≥ 0");
    if (!std::isfinite(rateOffHz) || rateOffHz < 0)
        reject("rateOffHz", rateOffHz, "must be finite and ≥ 0");
    if (!std::isfinite(windowMs) || windowMs <= 0)
        reject("windowMs", windowMs, "must be finite and > 0");
    if (std::max(rateOnHz, rateOffHz) * windowMs / 1000.0 > 500.0)
        reject("windowMs", windowMs, "gives more than 500 expected spikes per window at the higher rate");
    if (int(presentation) < 0 || int(presentation) > 1)
        reject("presentation", int(presentation), "must be 0 (random) or 1 (alternate)");
    if (int(output) < 0 || int(output) > 2)
        reject("output", int(output), "must be 0 (threshold), 1 (sigmoid) or 2 (linear)");
    if (!std::isfinite(theta))
        reject("theta", theta, "must be finite");
    if (!std::isfinite(beta) || beta <= 0)
        reject("beta", beta, "must be finite and > 0");
    if (!std::isfinite(noise) || noise < 0)
        reject("noise", noise, "must be finite and ≥ 0");
    if (!std::isfinite(eta) || eta <= 0)
        reject("eta", eta, "must be finite and > 0");
    if (std::isnan(tauW) || tauW < 1)
        reject("tauW", tauW, "must be ≥ 1 step (+∞ turns forgetting off)");
    if (!std::isfinite(wMax) || wMax <= 0)
        reject("wMax", wMax, "must be finite and > 0");
    if (!std::isfinite(wInit) || wInit < 0 || wInit > wMax)
        reject("wInit", wInit, "must be in [0, wMax]");
    if (!std::isfinite(wInhibit) || wInhibit < 0)
        reject("wInhibit", wInhibit, "must be finite and ≥ 0");
}

HebbianNetwork::HebbianNetwork(const HebbianLabParameters& p, std::uint64_t seed)
    : m_p(p)
{
    m_p.validate();
    reset(seed);
}

void HebbianNetwork::setParameters(const HebbianLabParameters& p)
{
    p.validate();
    if (p.preNeurons != m_p.preNeurons)
        throw std::invalid_argument("HebbianNetwork::setParameters: preNeurons = " + std::to_string(p.preNeurons) +
                                    " differs from the network's " + std::to_string(m_p.preNeurons) +
                                    " (build a new network)");
    m_p = p;
    const float top = float(m_p.wMax);
    for (float& w : m_w)
        w = std::min(w, top);
}

void HebbianNetwork::reset(std::uint64_t seed)
{
    m_random.reseed(seed);
    const std::size_t n = std::size_t(m_p.preNeurons);
    m_w.assign(std::size_t(kPost) * n, 0.0f);
    for (float& w : m_w)
        w = float(m_p.wInit * m_random.uniform());
    m_counts.assign(n, 0);
    m_y = {};
    m_pattern = A;
    m_steps = 0;
}

void HebbianNetwork::setWeights(const std::vector<float>& w)
{
    if (w.size() != m_w.size())
        throw std::invalid_argument("HebbianNetwork::setWeights: weights has " + std::to_string(w.size()) +
                                    " values, expected " + std::to_string(m_w.size()) + " (2 × preNeurons)");
    for (std::size_t k = 0; k < w.size(); ++k) {
        if (!std::isfinite(w[k]))
            throw std::invalid_argument("HebbianNetwork::setWeights: weights[" + std::to_string(k) +
                                        "] is not finite");
        m_w[k] = std::clamp(w[k], 0.0f, float(m_p.wMax));
    }
}

double HebbianNetwork::expectedCount(int i, Pattern pattern) const
{
    const bool on = pattern == A ? m_p.inA(i) : m_p.inB(i);
    return (on ? m_p.rateOnHz : m_p.rateOffHz) * m_p.windowMs / 1000.0;
}

int HebbianNetwork::poisson(double mean)
{
    // Inversion: walk the cumulative distribution until it passes one uniform deviate; O(mean) per draw, and mean
    // ≤ 500 keeps e^{−mean} (≈ 7e−218) a normal double. The cap only guards against rounding in the tail.
    if (mean <= 0)
        return 0;
    const double u = m_random.uniform();
    double term = std::exp(-mean);
    double cumulative = term;
    int k = 0;
    const int cap = int(10 * mean) + 100;
    while (u >= cumulative && k < cap) {
        ++k;
        term *= mean / k;
        cumulative += term;
    }
    return k;
}

std::array<double, HebbianNetwork::kPost> HebbianNetwork::outputs(const std::array<double, kPost>& drive) const
{
    // The more strongly driven neuron goes first (lower index on a tie) and inhibits the other.
    const int first = drive[1] > drive[0] ? 1 : 0;
    const int order[kPost] = {first, 1 - first};
    std::array<double, kPost> y{};
    double inhibition = 0;
    for (const int j : order) {
        const double v = drive[std::size_t(j)] - inhibition - m_p.theta;
        double out = 0;
        switch (m_p.output) {
        case HebbianLabParameters::Output::Threshold:
            out = v > 0 ? 1.0 : 0.0;
            break;
        case HebbianLabParameters::Output::Sigmoid:
            out = 1.0 / (1.0 + std::exp(-v / m_p.beta));
            break;
        case HebbianLabParameters::Output::Linear:
            out = std::max(0.0, v / m_p.beta);
            break;
        }
        y[std::size_t(j)] = out;
        inhibition += m_p.wInhibit * out;
    }
    return y;
}

std::array<double, HebbianNetwork::kPost> HebbianNetwork::respond(const std::vector<int>& counts) const
{
    if (counts.size() != std::size_t(m_p.preNeurons))
        throw std::invalid_argument("HebbianNetwork::respond: counts has " + std::to_string(counts.size()) +
                                    " values, expected preNeurons = " + std::to_string(m_p.preNeurons));
    std::array<double, kPost> drive{};
    const std::size_t n = counts.size();
    for (std::size_t j = 0; j < std::size_t(kPost); ++j)
        for (std::size_t i = 0; i < n; ++i)
            drive[j] += double(m_w[j * n + i]) * counts[i];
    return outputs(drive);
}

HebbianNetwork::Pattern HebbianNetwork::step()
{
    const int n = m_p.preNeurons;
    if (m_p.presentation == HebbianLabParameters::Presentation::Alternate)
        m_pattern = m_steps % 2 == 0 ? A : B;
    else
        m_pattern = m_random.uniform() < 0.5 ? A : B;
    for (int i = 0; i < n; ++i)
        m_counts[std::size_t(i)] = poisson(expectedCount(i, m_pattern));

    std::array<double, kPost> drive{};
    for (std::size_t j = 0; j < std::size_t(kPost); ++j) {
        double u = 0;
        const float* row = m_w.data() + j * std::size_t(n);
        for (int i = 0; i < n; ++i)
            u += double(row[i]) * m_counts[std::size_t(i)];
        drive[j] = u;
    }
    if (m_p.noise > 0)  // drawn only when on, so σ = 0 leaves the random stream as without noise
        for (double& u : drive)
            u += m_p.noise * m_random.normal();
    m_y = outputs(drive);

    // Hebb with passive forgetting, then the bounds. Written as w·(1 − 1/τ) + η x y so that τ = ∞ is exactly
    // "no decay".
    const float keep = std::isinf(m_p.tauW) ? 1.0f : float(1.0 - 1.0 / m_p.tauW);
    const float top = float(m_p.wMax);
    for (std::size_t j = 0; j < std::size_t(kPost); ++j) {
        const float gain = float(m_p.eta * m_y[j]);
        float* row = m_w.data() + j * std::size_t(n);
        for (int i = 0; i < n; ++i)
            row[i] = std::clamp(keep * row[i] + gain * float(m_counts[std::size_t(i)]), 0.0f, top);
    }
    ++m_steps;
    return m_pattern;
}

double HebbianNetwork::meanWeightOnlyA(int post) const
{
    double sum = 0;
    int count = 0;
    for (int i = 0; i < m_p.preNeurons; ++i)
        if (m_p.inA(i) && !m_p.inB(i)) {
            sum += weight(post, i);
            ++count;
        }
    return count > 0 ? sum / count : 0.0;
}

double HebbianNetwork::meanWeightOnlyB(int post) const
{
    double sum = 0;
    int count = 0;
    for (int i = 0; i < m_p.preNeurons; ++i)
        if (m_p.inB(i) && !m_p.inA(i)) {
            sum += weight(post, i);
            ++count;
        }
    return count > 0 ? sum / count : 0.0;
}

// ---------------------------------------------------------------------------------------------------------------

namespace {
enum Forgetting { ForgettingOff = 0, ForgettingOn = 1 };
}

HebbianLabModel::HebbianLabModel()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> HebbianLabModel::specs() const
{
    ParamSpec n{"n_pre", "Pre-neurons N", "", 4, 24, 10, Scale::Linear,
                "Poisson input neurons; pattern A is the first half, B the second, sharing the overlap.", 0};
    n.group = "Inputs";
    ParamSpec overlap{"overlap", "Overlap of A and B", "", 0, 22, 2, Scale::Linear,
                      "Pre-neurons that belong to both patterns (at most N − 2).", 0};
    overlap.group = "Inputs";
    ParamSpec rateOn{"rate_on", "Rate in the pattern", "Hz", 5, 100, 40, Scale::Linear,
                     "Firing rate of the pre-neurons of the pattern being shown.", 1};
    rateOn.group = "Inputs";
    ParamSpec rateOff{"rate_off", "Background rate", "Hz", 0, 20, 2, Scale::Linear,
                      "Firing rate of the other pre-neurons.", 1};
    rateOff.group = "Inputs";
    ParamSpec window{"window", "Presentation window T", "ms", 10, 500, 100, Scale::Log,
                     "Duration of one training step; spike counts are Poisson with mean rate × T.", 0};
    window.group = "Inputs";
    ParamSpec presentation = choiceSpec("presentation", "Pattern order", {"random", "alternate"}, 0,
                                        "A or B at random each step, or A, B, A, B, …");
    presentation.group = "Inputs";

    ParamSpec output = choiceSpec("output", "Output", {"threshold", "noisy sigmoid", "linear"}, 0,
                                  "Threshold: y = 1 if the summed EPSPs pass θ. Sigmoid: a firing probability that "
                                  "saturates at 1. Linear: y = (u − θ)/β with no ceiling.");
    output.group = "Post-neurons";
    ParamSpec theta{"theta", "Threshold θ", "mV", 0, 40, 10, Scale::Linear,
                    "Summed EPSPs over the window needed to fire.", 1};
    theta.group = "Post-neurons";
    ParamSpec beta{"beta", "Output scale β", "mV", 0.2, 20, 2, Scale::Log,
                   "Width of the sigmoid, or the mV per unit of linear output.", 1};
    beta.group = "Post-neurons";
    beta.shownWhenKey = "output";
    beta.shownWhenValues = {1, 2};
    ParamSpec noise{"noise", "Noise σ", "mV", 0, 10, 0, Scale::Linear,
                    "Gaussian noise added to each post-neuron's summed input every step.", 1};
    noise.group = "Post-neurons";
    ParamSpec inhibit{"w_inh", "Inhibitory synapse w_inh", "mV", 0, 50, 0, Scale::Linear,
                      "Between the two post-neurons: the one driven harder fires first and inhibits the other "
                      "by this much per unit of its output.", 1};
    inhibit.group = "Post-neurons";

    ParamSpec eta{"eta", "Learning rate η", "mV", 0.0002, 0.05, 0.003, Scale::Log,
                  "Weight change per presynaptic spike when the post-neuron's output is 1.", 4};
    eta.group = "Learning";
    ParamSpec forgetting = choiceSpec("forgetting", "Forgetting", {"off", "on"}, ForgettingOn,
                                      "Passive decay of every weight with time constant τ_w (off: plain Hebb).");
    forgetting.group = "Learning";
    ParamSpec tau{"tau_w", "Forgetting time τ_w", "step", 5, 5000, 150, Scale::Log,
                  "Weights decay by the factor 1 − 1/τ_w every step.", 0};
    tau.group = "Learning";
    tau.shownWhenKey = "forgetting";
    tau.shownWhenValues = {ForgettingOn};
    ParamSpec wMax{"w_max", "Weight bound w_max", "mV", 0.1, 5, 1, Scale::Linear,
                   "Largest EPSP a synapse can reach.", 2};
    wMax.group = "Learning";
    ParamSpec wInit{"w_init", "Initial weights up to", "mV", 0, 5, 0.9, Scale::Linear,
                    "Weights start uniform in [0, w_init) (at most w_max); changing it restarts.", 2};
    wInit.group = "Learning";
    return {n.asInteger().asRestartingRun(),
            overlap.asInteger(),
            rateOn,
            rateOff,
            window,
            presentation,
            output,
            theta,
            beta,
            noise,
            inhibit,
            eta,
            forgetting,
            tau,
            wMax,
            wInit.asRestartingRun()};
}

std::vector<ChannelInfo> HebbianLabModel::channels() const
{
    return {{"w1_a", "Post 1: mean weight from A-only inputs", "mV"},
            {"w1_b", "Post 1: mean weight from B-only inputs", "mV"},
            {"w2_a", "Post 2: mean weight from A-only inputs", "mV"},
            {"w2_b", "Post 2: mean weight from B-only inputs", "mV"},
            {"y1", "Post 1 output", ""},
            {"y2", "Post 2 output", ""}};
}

HebbianLabParameters HebbianLabModel::fromParameters(const ParamSet& p)
{
    HebbianLabParameters h;
    h.preNeurons = int(std::lround(p["n_pre"]));
    h.overlap = int(std::lround(p["overlap"]));
    h.rateOnHz = p["rate_on"];
    h.rateOffHz = p["rate_off"];
    h.windowMs = p["window"];
    h.presentation = HebbianLabParameters::Presentation(int(p["presentation"]));
    h.output = HebbianLabParameters::Output(int(p["output"]));
    h.theta = p["theta"];
    h.beta = p["beta"];
    h.noise = p["noise"];
    h.wInhibit = p["w_inh"];
    h.eta = p["eta"];
    h.tauW = int(p["forgetting"]) == ForgettingOn ? p["tau_w"] : std::numeric_limits<double>::infinity();
    h.wMax = p["w_max"];
    h.wInit = p["w_init"];
    return h;
}

std::string HebbianLabModel::checkConstraints(const ParamSet& p) const
{
    if (p["overlap"] > p["n_pre"] - 2)
        return "overlap (" + formatValue(p["overlap"]) + ") must be at most n_pre − 2 = " +
               formatValue(p["n_pre"] - 2) + ": each pattern needs a pre-neuron of its own";
    if (p["w_init"] > p["w_max"])
        return "w_init (" + formatValue(p["w_init"]) + " mV) must not exceed w_max (" + formatValue(p["w_max"]) +
               " mV)";
    return {};
}

void HebbianLabModel::applyParameters(const ParamSet& p)
{
    const HebbianLabParameters h = fromParameters(p);
    if (m_net && h.preNeurons == m_net->parameters().preNeurons && h.wInit == m_net->parameters().wInit)
        m_net->setParameters(h);
    else if (m_net)
        reset(m_seed);
}

void HebbianLabModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    m_net = std::make_unique<HebbianNetwork>(fromParameters(parameters()), seed);
    for (auto& r : m_response)
        r = {0.0, 0.0};
}

void HebbianLabModel::advance(long steps, TraceSink& sink)
{
    const double rate = 1.0 / kResponseAveraging;
    double values[6];
    for (long s = 0; s < steps; ++s) {
        const HebbianNetwork::Pattern pattern = m_net->step();
        const auto& y = m_net->lastOutputs();
        for (std::size_t j = 0; j < std::size_t(HebbianNetwork::kPost); ++j)
            m_response[j][std::size_t(pattern)] += rate * (y[j] - m_response[j][std::size_t(pattern)]);
        values[0] = m_net->meanWeightOnlyA(0);
        values[1] = m_net->meanWeightOnlyB(0);
        values[2] = m_net->meanWeightOnlyA(1);
        values[3] = m_net->meanWeightOnlyB(1);
        values[4] = y[0];
        values[5] = y[1];
        sink.sample(double(m_net->steps()), values);
    }
}

bool HebbianLabModel::stateIsFinite() const
{
    float sum = 0;
    for (const float w : m_net->weights())
        sum += w;
    return std::isfinite(sum) && std::isfinite(m_net->lastOutputs()[0]) && std::isfinite(m_net->lastOutputs()[1]);
}

std::map<std::string, double> HebbianLabModel::metrics() const
{
    std::map<std::string, double> m;
    m["step"] = double(m_net->steps());
    const int n = m_net->parameters().preNeurons;
    double total = 0;
    for (int j = 0; j < HebbianNetwork::kPost; ++j) {
        const std::string k = std::to_string(j + 1);
        const double ra = m_response[std::size_t(j)][0], rb = m_response[std::size_t(j)][1];
        m["response" + k + "_a"] = ra;
        m["response" + k + "_b"] = rb;
        m["selectivity" + k] = ra + rb > 1e-9 ? (ra - rb) / (ra + rb) : 0.0;
        double norm = 0;
        for (int i = 0; i < n; ++i) {
            const double w = m_net->weight(j, i);
            norm += w * w;
            total += w;
        }
        m["norm" + k] = std::sqrt(norm);
        m["w" + k + "_a"] = m_net->meanWeightOnlyA(j);
        m["w" + k + "_b"] = m_net->meanWeightOnlyB(j);
    }
    m["w_mean"] = total / double(HebbianNetwork::kPost * n);
    // How much the two post-neurons answer the same pattern: for each pattern the smaller of their two responses,
    // the larger of those over A and B. Near 1 when both learned the same pattern, 0 when they split or one is silent.
    m["shared"] = std::max(std::min(m_response[0][0], m_response[1][0]), std::min(m_response[0][1], m_response[1][1]));
    return m;
}

void HebbianLabModel::publish(Frame& frame) const
{
    const HebbianLabParameters& p = m_net->parameters();
    MatrixImage w;
    w.rows = HebbianNetwork::kPost;
    w.columns = p.preNeurons;
    w.values = m_net->weights();
    // A fixed colour range, 0 … w_max, so that growth shows as colour change (a fitted range would rescale it away).
    w.minValue = 0;
    w.maxValue = p.wMax;
    w.valueLabel = "weight w";
    w.unit = "mV";
    w.rowLabel = "post-neuron";
    w.columnLabel = "pre-neuron (pattern)";
    w.rowTicks = {"post 1", "post 2"};
    for (int i = 0; i < p.preNeurons; ++i)
        w.columnTicks.push_back(std::to_string(i + 1) + (p.inA(i) && p.inB(i) ? " AB" : p.inA(i) ? " A" : " B"));
    frame.matrices.push_back(std::move(w));
}

}  // namespace neuroai::plasticity
