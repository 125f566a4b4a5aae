#include "engine/diffusion/ScoreNet.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>
#include <string>

namespace neuroai::diffusion {

namespace {

constexpr const char* kWho = "ScoreNet";

double frequency(int k) { return std::numbers::pi / 2 * std::ldexp(1.0, k); }

void requireFinite(const nn::Matrix& m, const char* who, const char* name)
{
    for (Eigen::Index k = 0; k < m.size(); ++k)
        require(std::isfinite(m.data()[k]), who, std::string(name) + " entry " + std::to_string(k), m.data()[k],
                "must be finite");
}

}  // namespace

void ScoreNetConfig::validate() const
{
    require(hidden >= 1 && hidden <= 1024, kWho, "hidden", hidden, "must be in [1, 1024]");
    require(layers >= 1 && layers <= 8, kWho, "layers", layers, "must be in [1, 8]");
    require(frequencies >= 0 && frequencies <= 16, kWho, "frequencies", frequencies, "must be in [0, 16]");
}

double silu(double z) { return z / (1 + std::exp(-z)); }

double siluDerivative(double z)
{
    const double s = 1 / (1 + std::exp(-z));
    return s * (1 + z * (1 - s));
}

ScoreNet::ScoreNet(const ScoreNetConfig& config, Random& rng)
    : m_config(nn::validated(config)), m_out("score.out", config.hidden, 2, rng)
{
    int in = 2 + embeddingSize();
    for (int l = 0; l < config.layers; ++l) {
        m_hidden.emplace_back("score.hidden" + std::to_string(l), in, config.hidden, rng);
        in = config.hidden;
    }
    // A small last layer: the untrained net predicts ε̂ ≈ 0 (loss ≈ 2) instead of large random values.
    m_out.weight().value *= 0.1;
}

nn::Matrix ScoreNet::forward(const nn::Matrix& input)
{
    require(input.rows() == 3, kWho, "input rows", double(input.rows()), "must be 3 (x₁, x₂, τ)");
    requireFinite(input, kWho, "input");
    const Eigen::Index B = input.cols();
    m_tau = input.row(2);
    nn::Matrix h(2 + embeddingSize(), B);
    h.topRows(3) = input;
    for (int k = 0; k < m_config.frequencies; ++k) {
        const double w = frequency(k);
        h.row(3 + 2 * k) = (w * m_tau.array()).sin().matrix();
        h.row(4 + 2 * k) = (w * m_tau.array()).cos().matrix();
    }
    m_preActivations.resize(m_hidden.size());
    m_gates.resize(m_hidden.size());
    for (std::size_t l = 0; l < m_hidden.size(); ++l) {
        m_preActivations[l] = m_hidden[l].forward(h);
        // σ(z) as an array expression (Eigen vectorises exp), kept for the backward pass.
        m_gates[l] = (1 + (-m_preActivations[l].array()).exp()).inverse().matrix();
        h = m_preActivations[l].cwiseProduct(m_gates[l]);
    }
    return m_out.forward(h);
}

nn::Matrix ScoreNet::backward(const nn::Matrix& dOutput)
{
    require(dOutput.rows() == 2 && dOutput.cols() == m_tau.cols(), kWho, "output gradient columns",
            double(dOutput.cols()), "must match the latest forward pass (2 rows, one column per sample)");
    nn::Matrix d = m_out.backward(dOutput);
    for (std::size_t l = m_hidden.size(); l-- > 0;) {
        // SiLU'(z) = σ(z)(1 + z(1 − σ(z))).
        const auto s = m_gates[l].array();
        d = (d.array() * s * (1 + m_preActivations[l].array() * (1 - s))).matrix();
        d = m_hidden[l].backward(d);
    }
    // d is ∂L/∂[x; τ; sin(ω_k τ); cos(ω_k τ)]: fold the embedding back onto τ.
    nn::Matrix dInput = d.topRows(3);
    for (int k = 0; k < m_config.frequencies; ++k) {
        const double w = frequency(k);
        dInput.row(2).array() += w * (w * m_tau.array()).cos() * d.row(3 + 2 * k).array() -
                                 w * (w * m_tau.array()).sin() * d.row(4 + 2 * k).array();
    }
    return dInput;
}

nn::TensorList ScoreNet::parameters()
{
    nn::TensorList list;
    for (nn::Linear& l : m_hidden)
        l.collect(list);
    m_out.collect(list);
    return list;
}

nn::Matrix networkInput(const Points& xt, const std::vector<int>& steps, int T)
{
    require(T >= 1, "networkInput", "T", T, "must be ≥ 1");
    require(std::size_t(xt.cols()) == steps.size(), "networkInput", "steps", double(steps.size()),
            "must be one per point");
    nn::Matrix u(3, xt.cols());
    u.topRows(2) = xt;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        require(steps[i] >= 0 && steps[i] <= T, "networkInput", "t", steps[i], "must be in [0, T]");
        u(2, Eigen::Index(i)) = double(steps[i]) / T;
    }
    return u;
}

Points ScoreNet::predict(const Points& xt, int t, int steps)
{
    return forward(networkInput(xt, std::vector<int>(static_cast<std::size_t>(xt.cols()), t), steps));
}

double epsilonLoss(const nn::Matrix& predicted, const nn::Matrix& noise, nn::Matrix* gradient)
{
    require(predicted.rows() == 2 && predicted.cols() >= 1, "epsilonLoss", "predicted columns",
            double(predicted.cols()), "must be ≥ 1 (with 2 rows)");
    require(noise.rows() == predicted.rows() && noise.cols() == predicted.cols(), "epsilonLoss", "noise columns",
            double(noise.cols()), "must match the predictions");
    const nn::Matrix diff = predicted - noise;
    const double B = double(predicted.cols());
    if (gradient)
        *gradient = 2 * diff / B;
    return diff.squaredNorm() / B;
}

void TrainingSettings::validate() const
{
    require(steps >= 0 && steps <= 1'000'000, "TrainingSettings", "steps", steps, "must be in [0, 10⁶]");
    require(batch >= 1 && batch <= 100'000, "TrainingSettings", "batch", batch, "must be in [1, 100000]");
    require(std::isfinite(learningRate) && learningRate > 0 && learningRate <= 1, "TrainingSettings", "learning rate",
            learningRate, "must be in (0, 1]");
    require(std::isfinite(finalRateFraction) && finalRateFraction > 0 && finalRateFraction <= 1, "TrainingSettings",
            "final rate fraction", finalRateFraction, "must be in (0, 1]");
}

TrainingLog trainScoreNet(ScoreNet& net, const GaussianMixture& data, const NoiseSchedule& schedule,
                          const TrainingSettings& settings, Random& rng, const std::function<void(int)>& onStep)
{
    settings.validate();
    const int T = schedule.steps(), B = settings.batch;
    nn::OptimizerSettings adam;
    adam.kind = nn::OptimizerSettings::Kind::Adam;
    adam.learningRate = settings.learningRate;
    const nn::TensorList parameters = net.parameters();
    nn::TensorOptimizer optimizer(adam, parameters);
    // The exact predictor's noised mixtures, one per step, made on first use.
    std::vector<std::unique_ptr<GaussianMixture>> noised(std::size_t(T) + 1);
    TrainingLog log;
    std::vector<int> steps(static_cast<std::size_t>(B));
    for (int step = 0; step < settings.steps; ++step) {
        const Points x0 = data.sample(B, rng);
        Points xt(2, B), eps(2, B), exact(2, B);
        for (int i = 0; i < B; ++i) {
            const int t = 1 + std::min(T - 1, int(rng.uniform() * T));
            steps[std::size_t(i)] = t;
            eps.col(i) = Eigen::Vector2d(rng.normal(), rng.normal());
            xt.col(i) = std::sqrt(schedule.alphaBar(t)) * x0.col(i) + schedule.noiseSd(t) * eps.col(i);
            std::unique_ptr<GaussianMixture>& p = noised[std::size_t(t)];
            if (!p)
                p = std::make_unique<GaussianMixture>(data.noised(schedule.alphaBar(t)));
            exact.col(i) = -schedule.noiseSd(t) * p->score(xt.col(i));
        }
        nn::zeroGradients(parameters);
        nn::Matrix gradient;
        log.loss.push_back(epsilonLoss(net.forward(networkInput(xt, steps, T)), eps, &gradient));
        log.exactLoss.push_back(epsilonLoss(exact, eps));
        net.backward(gradient);
        const double progress = settings.steps > 1 ? double(step) / (settings.steps - 1) : 1.0;
        optimizer.setLearningRate(settings.learningRate * (1 - (1 - settings.finalRateFraction) * progress));
        optimizer.step();
        if (onStep)
            onStep(step + 1);
    }
    return log;
}

NoisePredictor learnedNoisePredictor(ScoreNet& net, const NoiseSchedule& schedule)
{
    return [&net, schedule](const Points& xt, int t) {
        schedule.noiseSd(t);  // validates t
        return Points(net.predict(xt, t, schedule.steps()));
    };
}

}  // namespace neuroai::diffusion
