#include "engine/plasticity/RateRuleModel.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::plasticity {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;

Eigen::Matrix2d rotation(double angleRad)
{
    Eigen::Matrix2d r;
    r << std::cos(angleRad), -std::sin(angleRad), std::sin(angleRad), std::cos(angleRad);
    return r;
}
}  // namespace

RateRuleModel::RateRuleModel()
{
    initParameters();
    reset(1);
}

std::vector<ParamSpec> RateRuleModel::specs() const
{
    ParamSpec rule = choiceSpec("rule", "Learning rule", {"hebb", "oja", "bcm"}, Oja,
                                "Hebb Δw = ηyx; Oja Δw = ηy(x − yw); BCM Δw = ηxy(y − θ) with a sliding threshold θ.");
    ParamSpec eta{"eta", "Learning rate η", "", 1e-4, 1, 0.01, Scale::Log,
                  "Weight change per sample, relative to y·x. Large values make the updates overshoot.", 4};
    ParamSpec angle{"cloud_angle", "Cloud angle φ", "deg", 0, 180, 30, Scale::Linear,
                    "Direction of the cloud's long axis (Hebb, Oja) or of the bisector of the two patterns (BCM), "
                    "from the x₁ axis.",
                    0};
    ParamSpec ratio{"axis_ratio", "Axis ratio σ₂/σ₁", "", 0.05, 1, 0.4, Scale::Linear,
                    "Width of the cloud across its long axis relative to along it (σ₁ = 1); 1 is a round cloud.", 2};
    ratio.shownWhenKey = "rule";
    ratio.shownWhenValues = {Hebb, Oja};
    ParamSpec separation{"separation", "Pattern separation s", "deg", 20, 120, 60, Scale::Linear,
                         "Angle between the two BCM input patterns p_A and p_B.", 0};
    separation.shownWhenKey = "rule";
    separation.shownWhenValues = {Bcm};
    ParamSpec noise{"noise", "Pattern jitter σ", "", 0, 0.5, 0.1, Scale::Linear,
                    "Relative standard deviation of a BCM pattern's amplitude: x = (1 + σξ)·p, ξ standard normal.", 2};
    noise.shownWhenKey = "rule";
    noise.shownWhenValues = {Bcm};
    ParamSpec tau{"tau_theta", "Threshold time constant τθ", "samples", 1, 1000, 20, Scale::Log,
                  "How many samples the BCM threshold θ takes to follow y²/y₀ (1: the last sample's value).", 1};
    tau.shownWhenKey = "rule";
    tau.shownWhenValues = {Bcm};
    ParamSpec y0{"y0", "Response scale y₀", "", 0.25, 4, 1, Scale::Log,
                 "BCM's target: θ settles at ⟨y²⟩/y₀, which is K·y₀ = 2y₀ once the neuron is selective.", 2};
    y0.shownWhenKey = "rule";
    y0.shownWhenValues = {Bcm};
    return {rule, eta, angle, ratio, separation, noise, tau, y0};
}

std::vector<ChannelInfo> RateRuleModel::channels() const
{
    return {{"x1", "Input x₁", ""},
            {"x2", "Input x₂", ""},
            {"w1", "Weight w₁", ""},
            {"w2", "Weight w₂", ""},
            {"w_norm", "Weight norm ‖w‖", ""},
            {"angle_error", "Angle between w and e₁", "deg"},
            {"y", "Response y", ""},
            {"theta", "Threshold θ", ""},
            {"response_a", "Response to p_A", ""},
            {"response_b", "Response to p_B", ""}};
}

std::string RateRuleModel::checkConstraints(const ParamSet& /*p*/) const
{
    // Every combination inside the ranges is a valid model (a round cloud has no leading direction, which the panel
    // says; a large η diverges, which the model detects).
    return {};
}

Eigen::Vector2d RateRuleModel::leadingEigenvector() const
{
    const double phi = parameters()["cloud_angle"] * kDeg;
    return {std::cos(phi), std::sin(phi)};
}

Eigen::Matrix2d RateRuleModel::covariance() const
{
    // x = M z with z standard normal: ⟨x xᵀ⟩ = M Mᵀ = R diag(1, r²) Rᵀ.
    return m_mix * m_mix.transpose();
}

Eigen::Matrix2d RateRuleModel::patterns() const { return m_patterns; }

void RateRuleModel::applyParameters(const ParamSet& p)
{
    m_rule = Rule(int(std::lround(p["rule"])));
    const double phi = p["cloud_angle"] * kDeg;
    m_mix = rotation(phi) * Eigen::Vector2d(1.0, p["axis_ratio"]).asDiagonal();
    const double half = 0.5 * p["separation"] * kDeg;
    m_patterns.col(0) = Eigen::Vector2d(std::cos(phi - half), std::sin(phi - half));
    m_patterns.col(1) = Eigen::Vector2d(std::cos(phi + half), std::sin(phi + half));
    m_noise = p["noise"];
    if (m_neuron) {
        const Eigen::VectorXd w = m_neuron->weights();  // a copy: rebuildNeuron replaces the neuron that owns it
        rebuildNeuron(w, m_neuron->theta());
    }
}

void RateRuleModel::rebuildNeuron(const Eigen::VectorXd& w, double theta)
{
    const ParamSet& p = parameters();
    RateRuleParameters rp;
    rp.kind = m_rule == Hebb ? RateRuleKind::Hebb : m_rule == Oja ? RateRuleKind::Oja : RateRuleKind::Bcm;
    rp.eta = p["eta"];
    rp.tauTheta = p["tau_theta"];
    rp.y0 = p["y0"];
    rp.theta0 = std::max(0.0, theta);  // setWeights() puts θ back to theta0: this keeps θ across a change
    rp.rectify = m_rule == Bcm;
    m_neuron = std::make_unique<RateNeuron>(2, rp);
    m_neuron->setWeights(w);
}

void RateRuleModel::reset(std::uint64_t seed)
{
    m_random.reseed(seed);
    const double phi = parameters()["cloud_angle"] * kDeg;
    const double direction = m_rule == Bcm ? phi + (2.0 * m_random.uniform() - 1.0) * 30.0 * kDeg
                                           : 2.0 * std::numbers::pi * m_random.uniform();
    const Eigen::VectorXd w = kInitialNorm * Eigen::Vector2d(std::cos(direction), std::sin(direction));
    rebuildNeuron(w, 0.0);
    m_samples = 0;
    m_y = 0;
    m_thetaMean = 0;
    m_lnNorm.fill(std::log(kInitialNorm));
    m_diverged = false;
    m_divergedAt = 0;
}

Eigen::Vector2d RateRuleModel::drawInput()
{
    if (m_rule != Bcm) {
        const double z1 = m_random.normal();
        const double z2 = m_random.normal();
        return m_mix * Eigen::Vector2d(z1, z2);
    }
    // The pattern's amplitude jitters, its direction does not (see the header for why).
    const int which = m_random.uniform() < 0.5 ? 0 : 1;
    return (1.0 + m_noise * m_random.normal()) * m_patterns.col(which);
}

double RateRuleModel::angleErrorDeg() const
{
    const Eigen::Vector2d w = weights();
    const double norm = w.norm();
    if (!(norm > 0))
        return 90.0;
    const double c = std::min(1.0, std::abs(w.dot(leadingEigenvector())) / norm);
    return std::acos(c) / kDeg;
}

void RateRuleModel::advance(long steps, TraceSink& sink)
{
    if (m_diverged)
        return;
    // θ's running mean over about kSlopeWindow samples (exponential), for the readout against K·y₀.
    const double meanRate = 1.0 / double(kSlopeWindow);
    double values[10];
    for (long s = 0; s < steps; ++s) {
        const Eigen::Vector2d x = drawInput();
        m_y = m_neuron->step(x);
        ++m_samples;
        const Eigen::Vector2d w = weights();
        const double norm = w.norm();
        if (!std::isfinite(norm) || norm > kMaxNorm) {
            // Stop before anything overflows: put back a finite w so the state stays readable.
            if (!std::isfinite(norm))
                m_neuron->setWeights(Eigen::Vector2d(kMaxNorm, 0.0));
            m_diverged = true;
            m_divergedAt = m_samples;
            return;
        }
        m_thetaMean += meanRate * (m_neuron->theta() - m_thetaMean);
        m_lnNorm[std::size_t(m_samples % (kSlopeWindow + 1))] = std::log(norm);
        values[0] = x(0);
        values[1] = x(1);
        values[2] = w(0);
        values[3] = w(1);
        values[4] = norm;
        values[5] = angleErrorDeg();
        values[6] = m_y;
        values[7] = m_neuron->theta();
        values[8] = std::max(0.0, w.dot(m_patterns.col(0)));
        values[9] = std::max(0.0, w.dot(m_patterns.col(1)));
        sink.sample(double(m_samples), values);
    }
}

std::map<std::string, double> RateRuleModel::metrics() const
{
    const Eigen::Vector2d w = weights();
    const Eigen::Vector2d e1 = leadingEigenvector();
    const double ratio = parameters()["axis_ratio"];
    const double slope =
        m_samples >= kSlopeWindow
            ? (m_lnNorm[std::size_t(m_samples % (kSlopeWindow + 1))] -
               m_lnNorm[std::size_t((m_samples + 1) % (kSlopeWindow + 1))]) / double(kSlopeWindow)
            : 0.0;
    return {{"samples", double(m_samples)},
            {"w1", w(0)},
            {"w2", w(1)},
            {"w_norm", w.norm()},
            {"w_angle_deg", std::atan2(w(1), w(0)) / kDeg},
            {"angle_error_deg", angleErrorDeg()},
            {"y", m_y},
            {"theta", m_neuron->theta()},
            {"theta_mean", m_thetaMean},
            {"theta_target", 2.0 * parameters()["y0"]},
            {"response_a", std::max(0.0, w.dot(m_patterns.col(0)))},
            {"response_b", std::max(0.0, w.dot(m_patterns.col(1)))},
            {"lambda1", 1.0},
            {"lambda2", ratio * ratio},
            {"e1_x", e1(0)},
            {"e1_y", e1(1)},
            {"ln_norm_slope", slope},
            {"hebb_slope", std::log1p(parameters()["eta"])},
            {"diverged", m_diverged ? 1.0 : 0.0},
            {"diverged_at", double(m_divergedAt)}};
}

}  // namespace neuroai::plasticity
