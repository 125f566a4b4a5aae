#include "engine/lm/Sampling.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace neuroai::lm {

namespace {

constexpr double kReachedTolerance = 1e-12;

// Validates a probability vector (non-empty, finite, ≥ 0, positive sum) for `who`; returns its sum.
double checkedMass(const Eigen::VectorXd& p, const char* who)
{
    require(p.size() > 0, who, "probabilities size", 0, "must be ≥ 1");
    double sum = 0;
    for (Eigen::Index i = 0; i < p.size(); ++i) {
        require(std::isfinite(p(i)) && p(i) >= 0, who, "probabilities entry", p(i), "must be finite and ≥ 0");
        sum += p(i);
    }
    require(sum > 0, who, "probabilities sum", sum, "must be > 0");
    return sum;
}

// Token indices by decreasing probability, exact ties by increasing index.
std::vector<Eigen::Index> rankByProbability(const Eigen::VectorXd& p)
{
    std::vector<Eigen::Index> order(static_cast<std::size_t>(p.size()));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return p(a) > p(b); });
    return order;
}

// p restricted to the first `keep` tokens of `order`, renormalised.
Eigen::VectorXd keepFirst(const Eigen::VectorXd& p, const std::vector<Eigen::Index>& order, std::size_t keep)
{
    Eigen::VectorXd out = Eigen::VectorXd::Zero(p.size());
    double sum = 0;
    for (std::size_t i = 0; i < keep; ++i)
        sum += p(order[i]);
    for (std::size_t i = 0; i < keep; ++i)
        out(order[i]) = p(order[i]) / sum;
    return out;
}

}  // namespace

void SamplingSettings::validate() const
{
    require(std::isfinite(temperature) && temperature >= 0, "SamplingSettings", "temperature", temperature,
            "must be finite and ≥ 0");
    require(topK >= 0, "SamplingSettings", "top_k", topK, "must be ≥ 0 (0 = off)");
    require(std::isfinite(topP) && topP > 0 && topP <= 1, "SamplingSettings", "top_p", topP, "must be in (0, 1]");
}

Eigen::VectorXd temperatureSoftmax(const Eigen::VectorXd& logits, double temperature)
{
    require(logits.size() > 0, "temperatureSoftmax", "logits size", 0, "must be ≥ 1");
    for (Eigen::Index i = 0; i < logits.size(); ++i)
        require(std::isfinite(logits(i)), "temperatureSoftmax", "logits entry", logits(i), "must be finite");
    require(std::isfinite(temperature) && temperature >= 0, "temperatureSoftmax", "temperature", temperature,
            "must be finite and ≥ 0");
    const double top = logits.maxCoeff();
    Eigen::VectorXd p(logits.size());
    if (temperature == 0) {
        for (Eigen::Index i = 0; i < logits.size(); ++i)
            p(i) = logits(i) == top ? 1.0 : 0.0;
    } else {
        // (z − max)/T ≤ 0, so no overflow; a tiny T sends the others to exp(−∞) = 0 and keeps the maximum at 1.
        for (Eigen::Index i = 0; i < logits.size(); ++i)
            p(i) = std::exp((logits(i) - top) / temperature);
    }
    return p / p.sum();
}

Eigen::VectorXd keepTopK(const Eigen::VectorXd& probabilities, int k)
{
    require(k >= 1, "keepTopK", "top_k", k, "must be ≥ 1");
    checkedMass(probabilities, "keepTopK");
    const std::vector<Eigen::Index> order = rankByProbability(probabilities);
    std::size_t keep = std::min(order.size(), std::size_t(k));
    while (keep > 0 && probabilities(order[keep - 1]) == 0)
        --keep;
    return keepFirst(probabilities, order, keep);
}

Eigen::VectorXd keepTopP(const Eigen::VectorXd& probabilities, double p)
{
    require(std::isfinite(p) && p > 0 && p <= 1, "keepTopP", "top_p", p, "must be in (0, 1]");
    const double total = checkedMass(probabilities, "keepTopP");
    const std::vector<Eigen::Index> order = rankByProbability(probabilities);
    // The mass is measured against the vector's own total, so a distribution that sums to 1 − 1e-16 is not
    // penalised.
    const double target = p * total - kReachedTolerance * total;
    double running = 0;
    std::size_t keep = 0;
    while (keep < order.size() && probabilities(order[keep]) > 0) {
        running += probabilities(order[keep]);
        ++keep;
        if (running >= target)
            break;
    }
    return keepFirst(probabilities, order, keep);
}

Eigen::VectorXd samplingDistribution(const Eigen::VectorXd& logits, const SamplingSettings& settings)
{
    settings.validate();
    Eigen::VectorXd p = temperatureSoftmax(logits, settings.temperature);
    if (settings.topK > 0)
        p = keepTopK(p, settings.topK);
    if (settings.topP < 1)
        p = keepTopP(p, settings.topP);
    return p;
}

int sampleToken(const Eigen::VectorXd& probabilities, Random& rng)
{
    const double total = checkedMass(probabilities, "sampleToken");
    const double u = rng.uniform() * total;
    double running = 0;
    int last = -1;
    for (Eigen::Index i = 0; i < probabilities.size(); ++i) {
        if (probabilities(i) <= 0)
            continue;
        running += probabilities(i);
        last = int(i);
        if (u < running)
            return last;
    }
    return last;  // u fell past the rounded sum: the last token that has any probability
}

double entropyNats(const Eigen::VectorXd& probabilities)
{
    const double total = checkedMass(probabilities, "entropyNats");
    double h = 0;
    for (Eigen::Index i = 0; i < probabilities.size(); ++i) {
        const double q = probabilities(i) / total;
        if (q > 0)
            h -= q * std::log(q);
    }
    return h;
}

int supportSize(const Eigen::VectorXd& probabilities)
{
    return int((probabilities.array() > 0).count());
}

}  // namespace neuroai::lm
