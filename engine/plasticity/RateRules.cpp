#include "engine/plasticity/RateRules.h"

#include "engine/core/Random.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::plasticity {

namespace {

void requirePositive(const char* name, double value)
{
    if (!std::isfinite(value) || value <= 0.0)
        throw std::invalid_argument(std::string(name) + " must be a positive number (got " + std::to_string(value) +
                                    ")");
}

}  // namespace

RateNeuron::RateNeuron(int inputs, const RateRuleParameters& parameters) : m_p(parameters)
{
    if (inputs <= 0)
        throw std::invalid_argument("inputs must be positive (got " + std::to_string(inputs) + ")");
    requirePositive("eta", m_p.eta);
    requirePositive("y0", m_p.y0);
    if (!std::isfinite(m_p.tauTheta) || m_p.tauTheta < 1.0)
        throw std::invalid_argument("tauTheta must be at least 1 sample (got " + std::to_string(m_p.tauTheta) + ")");
    if (!std::isfinite(m_p.theta0) || m_p.theta0 < 0.0)
        throw std::invalid_argument("theta0 must be a non-negative number (got " + std::to_string(m_p.theta0) + ")");
    m_w = Eigen::VectorXd::Zero(inputs);
    m_theta = m_p.theta0;
}

void RateNeuron::setWeights(const Eigen::VectorXd& w)
{
    if (w.size() != m_w.size())
        throw std::invalid_argument("weights: " + std::to_string(w.size()) + " values for " +
                                    std::to_string(m_w.size()) + " inputs");
    if (!w.allFinite())
        throw std::invalid_argument("weights must be finite");
    m_w = w;
    m_theta = m_p.theta0;
    m_samples = 0;
}

void RateNeuron::randomiseWeights(double low, double high, Random& random)
{
    if (!std::isfinite(low) || !std::isfinite(high) || high < low)
        throw std::invalid_argument("weight range [" + std::to_string(low) + ", " + std::to_string(high) +
                                    ") is not a finite interval");
    Eigen::VectorXd w(m_w.size());
    for (Eigen::Index i = 0; i < w.size(); ++i)
        w[i] = low + (high - low) * random.uniform();
    setWeights(w);
}

double RateNeuron::response(const Eigen::Ref<const Eigen::VectorXd>& x) const
{
    if (x.size() != m_w.size())
        throw std::invalid_argument("input: " + std::to_string(x.size()) + " values for " +
                                    std::to_string(m_w.size()) + " inputs");
    if (!x.allFinite())
        throw std::invalid_argument("input must be finite");
    const double y = m_w.dot(x);
    return m_p.rectify ? std::max(0.0, y) : y;
}

double RateNeuron::step(const Eigen::Ref<const Eigen::VectorXd>& x)
{
    const double y = response(x);
    switch (m_p.kind) {
    case RateRuleKind::Hebb:
        m_w += (m_p.eta * y) * x;
        break;
    case RateRuleKind::Oja:
        // w ← w + ηy(x − yw), written so that the decay uses the old w.
        m_w = (1.0 - m_p.eta * y * y) * m_w + (m_p.eta * y) * x;
        break;
    case RateRuleKind::Bcm:
        m_w += (m_p.eta * y * (y - m_theta)) * x;
        m_theta += (y * y / m_p.y0 - m_theta) / m_p.tauTheta;
        break;
    }
    ++m_samples;
    return y;
}

void RateNeuron::averagedStep(const Eigen::MatrixXd& correlation)
{
    if (m_p.kind == RateRuleKind::Bcm || m_p.rectify)
        throw std::logic_error("averagedStep: only the linear Hebb and Oja rules have an average fixed by C");
    if (correlation.rows() != m_w.size() || correlation.cols() != m_w.size())
        throw std::invalid_argument("correlation must be " + std::to_string(m_w.size()) + " x " +
                                    std::to_string(m_w.size()));
    const Eigen::VectorXd cw = correlation * m_w;
    if (m_p.kind == RateRuleKind::Hebb)
        m_w += m_p.eta * cw;
    else
        m_w += m_p.eta * (cw - m_w.dot(cw) * m_w);
    ++m_samples;
}

GaussianCloud::GaussianCloud(const Eigen::MatrixXd& covariance)
    : GaussianCloud(covariance, Eigen::VectorXd::Zero(covariance.rows()))
{
}

GaussianCloud::GaussianCloud(const Eigen::MatrixXd& covariance, const Eigen::VectorXd& mean)
    : m_covariance(covariance), m_mean(mean)
{
    if (covariance.rows() == 0 || covariance.rows() != covariance.cols())
        throw std::invalid_argument("covariance must be a non-empty square matrix (got " +
                                    std::to_string(covariance.rows()) + " x " + std::to_string(covariance.cols()) +
                                    ")");
    if (mean.size() != covariance.rows())
        throw std::invalid_argument("mean has " + std::to_string(mean.size()) + " values for a " +
                                    std::to_string(covariance.rows()) + "-dimensional covariance");
    if (!covariance.allFinite() || !mean.allFinite())
        throw std::invalid_argument("covariance and mean must be finite");
    if (!covariance.isApprox(covariance.transpose(), 1e-12))
        throw std::invalid_argument("covariance must be symmetric");
    Eigen::LLT<Eigen::MatrixXd> llt(covariance);
    if (llt.info() != Eigen::Success)
        throw std::invalid_argument("covariance must be positive definite");
    m_factor = llt.matrixL();
}

Eigen::VectorXd GaussianCloud::sample(Random& random) const
{
    Eigen::VectorXd z(m_mean.size());
    for (Eigen::Index i = 0; i < z.size(); ++i)
        z[i] = random.normal();
    return m_mean + m_factor * z;
}

Eigen::Matrix2d GaussianCloud::ellipse(double sigmaMajor, double sigmaMinor, double angleRad)
{
    requirePositive("sigmaMinor", sigmaMinor);
    requirePositive("sigmaMajor", sigmaMajor);
    if (sigmaMajor < sigmaMinor)
        throw std::invalid_argument("sigmaMajor (" + std::to_string(sigmaMajor) + ") must not be below sigmaMinor (" +
                                    std::to_string(sigmaMinor) + ")");
    if (!std::isfinite(angleRad))
        throw std::invalid_argument("angle must be finite");
    const double c = std::cos(angleRad), s = std::sin(angleRad);
    Eigen::Matrix2d r;
    r << c, -s, s, c;
    const Eigen::Vector2d variances(sigmaMajor * sigmaMajor, sigmaMinor * sigmaMinor);
    return r * variances.asDiagonal() * r.transpose();
}

}  // namespace neuroai::plasticity
