#include "engine/diffusion/GaussianMixture.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

namespace neuroai::diffusion {

namespace {

constexpr const char* kWho = "GaussianMixture";

std::string indexed(const char* what, std::size_t k) { return std::string(what) + " " + std::to_string(k); }

// The first entry of m that is not finite (0 if there is none): the value a message about m names.
double firstNonFinite(const Eigen::MatrixXd& m)
{
    for (Eigen::Index k = 0; k < m.size(); ++k)
        if (!std::isfinite(m.data()[k]))
            return m.data()[k];
    return 0;
}

}  // namespace

double standardNormalCdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

GaussianMixture::GaussianMixture(std::vector<double> weights, std::vector<Eigen::Vector2d> means,
                                 std::vector<Eigen::Matrix2d> covariances)
    : m_weights(std::move(weights)), m_means(std::move(means)), m_covariances(std::move(covariances))
{
    const std::size_t k = m_weights.size();
    require(k >= 1 && k <= 64, kWho, "components", double(k), "must be in [1, 64]");
    require(m_means.size() == k, kWho, "means", double(m_means.size()), "must be as many as the weights");
    require(m_covariances.size() == k, kWho, "covariances", double(m_covariances.size()),
            "must be as many as the weights");
    double total = 0;
    for (std::size_t i = 0; i < k; ++i) {
        require(std::isfinite(m_weights[i]) && m_weights[i] > 0, kWho, indexed("weight", i), m_weights[i],
                "must be finite and > 0");
        total += m_weights[i];
        require(m_means[i].allFinite(), kWho, indexed("mean", i) + " entry", firstNonFinite(m_means[i]),
                "must be finite");
        const Eigen::Matrix2d& c = m_covariances[i];
        require(c.allFinite(), kWho, indexed("covariance", i) + " entry", firstNonFinite(c), "must be finite");
        const double scale = c.cwiseAbs().maxCoeff();
        require(std::abs(c(0, 1) - c(1, 0)) <= 1e-12 * scale, kWho, indexed("covariance", i) + " off-diagonal",
                c(0, 1) - c(1, 0), "(difference of the two) must be 0: a covariance is symmetric");
        const double det = c.determinant();
        require(c(0, 0) > 0 && det > 1e-14 * scale * scale, kWho, indexed("covariance", i) + " determinant", det,
                "must be > 0 (positive definite)");
    }
    require(std::isfinite(total), kWho, "total weight", total, "must be finite");
    for (double& w : m_weights)
        w /= total;
    for (std::size_t i = 0; i < k; ++i) {
        const Eigen::Matrix2d& c = m_covariances[i];
        m_precisions.push_back(c.inverse());
        m_cholesky.push_back(c.llt().matrixL());
        m_logNorms.push_back(std::log(m_weights[i]) - std::log(2 * std::numbers::pi) - 0.5 * std::log(c.determinant()));
    }
}

Eigen::Vector2d GaussianMixture::mean() const
{
    Eigen::Vector2d m = Eigen::Vector2d::Zero();
    for (std::size_t k = 0; k < m_weights.size(); ++k)
        m += m_weights[k] * m_means[k];
    return m;
}

Eigen::Matrix2d GaussianMixture::covariance() const
{
    Eigen::Matrix2d second = Eigen::Matrix2d::Zero();
    for (std::size_t k = 0; k < m_weights.size(); ++k)
        second += m_weights[k] * (m_covariances[k] + m_means[k] * m_means[k].transpose());
    const Eigen::Vector2d m = mean();
    Eigen::Matrix2d c = second - m * m.transpose();
    c(1, 0) = c(0, 1);  // exactly symmetric
    return c;
}

GaussianMixture GaussianMixture::momentMatchedGaussian() const { return GaussianMixture({1.0}, {mean()}, {covariance()}); }

Points GaussianMixture::sample(int n, Random& rng, std::vector<int>* labels) const
{
    require(n >= 0 && n <= 10'000'000, kWho, "sample count", n, "must be in [0, 10⁷]");
    Points x(2, n);
    if (labels)
        labels->assign(static_cast<std::size_t>(n), 0);
    const int last = components() - 1;
    for (int i = 0; i < n; ++i) {
        double u = rng.uniform();
        int k = 0;
        while (k < last && u >= m_weights[std::size_t(k)]) {
            u -= m_weights[std::size_t(k)];
            ++k;
        }
        const double z0 = rng.normal(), z1 = rng.normal();
        x.col(i) = m_means[std::size_t(k)] + m_cholesky[std::size_t(k)] * Eigen::Vector2d(z0, z1);
        if (labels)
            (*labels)[std::size_t(i)] = k;
    }
    return x;
}

void GaussianMixture::componentLogs(const Eigen::Vector2d& x, ComponentVector& logs) const
{
    require(std::isfinite(x.x()), kWho, "x", x.x(), "must be finite");
    require(std::isfinite(x.y()), kWho, "y", x.y(), "must be finite");
    logs.resize(components());
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        const Eigen::Vector2d d = x - m_means[k];
        logs(Eigen::Index(k)) = m_logNorms[k] - 0.5 * d.dot(m_precisions[k] * d);
    }
}

double GaussianMixture::logDensity(const Eigen::Vector2d& x) const
{
    ComponentVector logs;
    componentLogs(x, logs);
    const double top = logs.maxCoeff();
    return top + std::log((logs.array() - top).exp().sum());
}

GaussianMixture::ComponentVector GaussianMixture::responsibilitiesOf(const Eigen::Vector2d& x) const
{
    ComponentVector logs;
    componentLogs(x, logs);
    ComponentVector r = (logs.array() - logs.maxCoeff()).exp().matrix();
    return r / r.sum();
}

Eigen::VectorXd GaussianMixture::responsibilities(const Eigen::Vector2d& x) const { return responsibilitiesOf(x); }

int GaussianMixture::mostLikelyComponent(const Eigen::Vector2d& x) const
{
    ComponentVector logs;
    componentLogs(x, logs);
    Eigen::Index best = 0;
    logs.maxCoeff(&best);
    return int(best);
}

Eigen::Vector2d GaussianMixture::score(const Eigen::Vector2d& x) const
{
    const ComponentVector r = responsibilitiesOf(x);
    Eigen::Vector2d s = Eigen::Vector2d::Zero();
    for (std::size_t k = 0; k < m_weights.size(); ++k)
        s -= r(Eigen::Index(k)) * (m_precisions[k] * (x - m_means[k]));
    return s;
}

Points GaussianMixture::scores(const Points& x) const
{
    Points s(2, x.cols());
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        s.col(i) = score(x.col(i));
    return s;
}

GaussianMixture GaussianMixture::noised(double alphaBar) const
{
    require(alphaBar >= 0 && alphaBar <= 1, kWho, "alphaBar", alphaBar, "must be in [0, 1]");
    const double a = std::sqrt(alphaBar);
    std::vector<Eigen::Vector2d> means;
    std::vector<Eigen::Matrix2d> covariances;
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        means.push_back(a * m_means[k]);
        covariances.push_back(alphaBar * m_covariances[k] + (1 - alphaBar) * Eigen::Matrix2d::Identity());
    }
    return GaussianMixture(m_weights, means, covariances);
}

double GaussianMixture::halfPlaneProbability(const Eigen::Vector2d& a, double c) const
{
    require(a.allFinite() && a.norm() > 0, kWho, "direction length", a.norm(), "must be finite and > 0");
    require(std::isfinite(c), kWho, "offset", c, "must be finite");
    double p = 0;
    for (std::size_t k = 0; k < m_weights.size(); ++k)
        p += m_weights[k] * standardNormalCdf((c - a.dot(m_means[k])) / std::sqrt(a.dot(m_covariances[k] * a)));
    return p;
}

std::vector<double> GaussianMixture::assignmentShares(const Points& x) const
{
    std::vector<double> shares(m_weights.size(), 0.0);
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        shares[std::size_t(mostLikelyComponent(x.col(i)))] += 1;
    for (double& s : shares)
        s /= std::max<double>(1, double(x.cols()));
    return shares;
}

std::vector<std::string> mixturePresetNames() { return {"two blobs", "ring of 8", "three clusters"}; }

GaussianMixture mixturePreset(MixturePreset preset)
{
    Eigen::Matrix2d a, b;
    switch (preset) {
    case MixturePreset::TwoBlobs:
        a << 0.5, 0.3, 0.3, 0.4;
        return GaussianMixture({0.35, 0.65}, {{-2, -1}, {1.5, 1.5}}, {a, 0.25 * Eigen::Matrix2d::Identity()});
    case MixturePreset::RingOfEight: {
        std::vector<Eigen::Vector2d> means;
        for (int k = 0; k < 8; ++k) {
            const double angle = 2 * std::numbers::pi * k / 8;
            means.emplace_back(3 * std::cos(angle), 3 * std::sin(angle));
        }
        return GaussianMixture(std::vector<double>(8, 1.0 / 8), means,
                               std::vector<Eigen::Matrix2d>(8, 0.1 * Eigen::Matrix2d::Identity()));
    }
    case MixturePreset::ThreeClusters:
        a << 0.4, 0.15, 0.15, 0.3;
        b << 0.2, -0.1, -0.1, 0.5;
        return GaussianMixture({0.5, 0.3, 0.2}, {{-2, -1.5}, {2, -1}, {0, 2.5}},
                               {a, b, 0.15 * Eigen::Matrix2d::Identity()});
    }
    require(false, "mixturePreset", "preset", double(int(preset)), "is not one of the presets");
    return mixturePreset(MixturePreset::TwoBlobs);
}

}  // namespace neuroai::diffusion
