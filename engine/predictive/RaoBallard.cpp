#include "engine/predictive/RaoBallard.h"

#include "engine/core/Require.h"
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace neuroai::predictive {

namespace {

bool allFinite(const Eigen::MatrixXd& m) { return m.allFinite(); }

double normalCdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

std::vector<double> toStd(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

Eigen::MatrixXd patchMatrix(const char* who, const std::vector<std::vector<double>>& patches, int pixels)
{
    if (patches.empty())
        throw std::invalid_argument(std::string(who) + ": patches is empty");
    Eigen::MatrixXd x(pixels, Eigen::Index(patches.size()));
    for (std::size_t b = 0; b < patches.size(); ++b) {
        if (int(patches[b].size()) != pixels)
            throw std::invalid_argument(std::string(who) + ": patch " + std::to_string(b) + " has " +
                                        std::to_string(patches[b].size()) + " pixels, expected " +
                                        std::to_string(pixels));
        for (int i = 0; i < pixels; ++i) {
            const double v = patches[b][std::size_t(i)];
            if (!std::isfinite(v))
                throw std::invalid_argument(std::string(who) + ": patch " + std::to_string(b) + " pixel " +
                                            std::to_string(i) + " = " + numberText(v) + " is not finite");
            x(i, Eigen::Index(b)) = v;
        }
    }
    return x;
}

Eigen::VectorXd imageVector(const char* who, const std::vector<double>& image, int pixels)
{
    if (int(image.size()) != pixels)
        throw std::invalid_argument(std::string(who) + ": image has " + std::to_string(image.size()) +
                                    " pixels, expected " + std::to_string(pixels));
    Eigen::VectorXd v(pixels);
    for (int i = 0; i < pixels; ++i) {
        v(i) = image[std::size_t(i)];
        if (!std::isfinite(v(i)))
            throw std::invalid_argument(std::string(who) + ": image pixel " + std::to_string(i) + " = " +
                                        numberText(v(i)) + " is not finite");
    }
    return v;
}

double largestEigenvalue(const Eigen::MatrixXd& symmetric)
{
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(symmetric, Eigen::EigenvaluesOnly);
    return eig.eigenvalues().maxCoeff();
}

constexpr double kDivergence = 1e12;  // E > kDivergence·(1 + E₀): the iteration is running away
constexpr double kRounding = 1e-12;   // relative energy increase tolerated as rounding

}  // namespace

// ---------------------------------------------------------------------------------------------------------------------
// Patch source

void OrientedPatchConfig::validate() const
{
    const char* w = "OrientedPatchConfig";
    require(size >= 2 && size <= 64, w, "size", size, "must be in [2, 64]");
    require(int(kind) >= 0 && int(kind) <= 2, w, "kind", int(kind), "must be Bars, Edges or Mixed");
    require(std::isfinite(minWidthPx) && minWidthPx > 0, w, "minWidthPx", minWidthPx, "must be > 0");
    require(std::isfinite(maxWidthPx) && maxWidthPx >= minWidthPx && maxWidthPx <= size, w, "maxWidthPx", maxWidthPx,
            "must be in [minWidthPx, size]");
    require(std::isfinite(blurPx) && blurPx > 0 && blurPx <= size, w, "blurPx", blurPx, "must be in (0, size]");
    require(std::isfinite(maxOffsetPx) && maxOffsetPx >= 0 && maxOffsetPx <= size, w, "maxOffsetPx", maxOffsetPx,
            "must be in [0, size]");
    require(std::isfinite(minContrast) && minContrast >= 0, w, "minContrast", minContrast, "must be >= 0");
    require(std::isfinite(maxContrast) && maxContrast >= minContrast && maxContrast <= 1e3, w, "maxContrast",
            maxContrast, "must be in [minContrast, 1000]");
    require(std::isfinite(noise) && noise >= 0 && noise <= 1e3, w, "noise", noise, "must be in [0, 1000]");
}

std::vector<double> orientedPatch(const OrientedPatchConfig& c, Random& rng)
{
    c.validate();
    const double theta = std::numbers::pi * rng.uniform();  // orientation of the bar's axis / the edge
    const double nx = -std::sin(theta), ny = std::cos(theta);  // unit normal
    const double offset = c.maxOffsetPx * (2 * rng.uniform() - 1);
    const double width = c.minWidthPx + (c.maxWidthPx - c.minWidthPx) * rng.uniform();
    const double amplitude =
        (rng.uniform() < 0.5 ? -1.0 : 1.0) * (c.minContrast + (c.maxContrast - c.minContrast) * rng.uniform());
    bool bar = c.kind == PatchKind::Bars;
    if (c.kind == PatchKind::Mixed)
        bar = rng.uniform() < 0.5;
    const int n = c.size;
    const double mid = 0.5 * (n - 1);
    std::vector<double> patch(std::size_t(n * n));
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const double d = (col - mid) * nx + (row - mid) * ny - offset;  // signed distance from the axis/edge
            const double v = bar ? normalCdf((d + 0.5 * width) / c.blurPx) - normalCdf((d - 0.5 * width) / c.blurPx)
                                 : normalCdf(d / c.blurPx) - 0.5;
            patch[std::size_t(row * n + col)] = amplitude * v + c.noise * rng.normal();
        }
    if (c.removeMean) {
        double mean = 0;
        for (const double v : patch)
            mean += v;
        mean /= double(patch.size());
        for (double& v : patch)
            v -= mean;
    }
    return patch;
}

std::vector<std::vector<double>> orientedPatches(const OrientedPatchConfig& config, int count, std::uint64_t seed)
{
    config.validate();
    require(count >= 0 && count <= 10000000, "OrientedPatchConfig", "count", count, "must be in [0, 1e7]");
    Random rng(seed);
    std::vector<std::vector<double>> patches;
    patches.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        patches.push_back(orientedPatch(config, rng));
    return patches;
}

// ---------------------------------------------------------------------------------------------------------------------
// Options

void RaoBallardParams::validate() const
{
    require(std::isfinite(sigma2) && sigma2 > 0, "RaoBallard", "sigma2", sigma2, "must be > 0");
    require(std::isfinite(alpha) && alpha > 0, "RaoBallard", "alpha", alpha, "must be > 0");
}

void InferenceOptions::validate(int causes) const
{
    const char* w = "InferenceOptions";
    require(std::isfinite(rate) && rate >= 0, w, "rate", rate, "must be >= 0 (0: the default 1/L)");
    require(maxIterations >= 1 && maxIterations <= 10000000, w, "maxIterations", maxIterations, "must be in [1, 1e7]");
    require(std::isfinite(tolerance) && tolerance >= 0, w, "tolerance", tolerance, "must be >= 0");
    if (!initial.empty() && int(initial.size()) != causes)
        throw std::invalid_argument("InferenceOptions: initial has " + std::to_string(initial.size()) +
                                    " values, expected " + std::to_string(causes));
    for (const double v : initial)
        require(std::isfinite(v), w, "initial", v, "must be finite");
}

void LearningOptions::validate() const
{
    const char* w = "LearningOptions";
    require(std::isfinite(learningRate) && learningRate > 0 && learningRate <= 100, w, "learningRate", learningRate,
            "must be in (0, 100]");
    require(std::isfinite(decay) && decay >= 0 && decay <= 100, w, "decay", decay, "must be in [0, 100]");
    require(epochs >= 1 && epochs <= 100000, w, "epochs", epochs, "must be in [1, 100000]");
    require(batchSize >= 1 && batchSize <= 1000000, w, "batchSize", batchSize, "must be in [1, 1e6]");
    require(inferenceSteps >= 0 && inferenceSteps <= 100000, w, "inferenceSteps", inferenceSteps,
            "must be in [0, 100000]");
}

void HierarchyParams::validate() const
{
    const char* w = "RaoBallardHierarchy";
    require(std::isfinite(sigma2) && sigma2 > 0, w, "sigma2", sigma2, "must be > 0");
    require(std::isfinite(sigma2TopDown) && sigma2TopDown > 0, w, "sigma2TopDown", sigma2TopDown, "must be > 0");
    require(std::isfinite(alpha1) && alpha1 >= 0, w, "alpha1", alpha1, "must be >= 0");
    require(std::isfinite(alpha2) && alpha2 > 0, w, "alpha2", alpha2, "must be > 0");
}

// ---------------------------------------------------------------------------------------------------------------------
// Single level

RaoBallard::RaoBallard(Eigen::MatrixXd basis, const RaoBallardParams& params) : m_params(params)
{
    m_params.validate();
    setBasis(basis);
}

Eigen::MatrixXd RaoBallard::randomBasis(int pixels, int causes, double scale, Random& rng)
{
    require(pixels >= 1 && pixels <= 100000, "RaoBallard", "pixels", pixels, "must be in [1, 100000]");
    require(causes >= 1 && causes <= 10000, "RaoBallard", "causes", causes, "must be in [1, 10000]");
    require(std::isfinite(scale) && scale > 0, "RaoBallard", "scale", scale, "must be > 0");
    Eigen::MatrixXd u(pixels, causes);
    const double s = scale / std::sqrt(double(pixels));
    for (int j = 0; j < causes; ++j)
        for (int i = 0; i < pixels; ++i)
            u(i, j) = s * rng.normal();
    return u;
}

void RaoBallard::setBasis(const Eigen::MatrixXd& basis)
{
    if (basis.rows() < 1 || basis.cols() < 1)
        throw std::invalid_argument("RaoBallard: basis is " + std::to_string(basis.rows()) + " x " +
                                    std::to_string(basis.cols()) + ", needs at least one pixel and one cause");
    if (!allFinite(basis))
        throw std::invalid_argument("RaoBallard: basis has a non-finite entry");
    if (m_u.size() > 0 && (basis.rows() != m_u.rows() || basis.cols() != m_u.cols()))
        throw std::invalid_argument("RaoBallard: basis is " + std::to_string(basis.rows()) + " x " +
                                    std::to_string(basis.cols()) + ", expected " + std::to_string(m_u.rows()) + " x " +
                                    std::to_string(m_u.cols()));
    m_u = basis;
}

std::vector<double> RaoBallard::receptiveField(int cause) const
{
    if (cause < 0 || cause >= causes())
        throw std::invalid_argument("RaoBallard: cause " + std::to_string(cause) + " is outside [0, " +
                                    std::to_string(causes()) + ")");
    return toStd(m_u.col(cause));
}

Eigen::VectorXd RaoBallard::toImage(const std::vector<double>& image) const
{
    return imageVector("RaoBallard", image, pixels());
}

double RaoBallard::lipschitz() const
{
    return largestEigenvalue(m_u.transpose() * m_u) / m_params.sigma2 + m_params.alpha;
}

double RaoBallard::energy(const std::vector<double>& image, const std::vector<double>& causesIn) const
{
    const Eigen::VectorXd i = toImage(image);
    if (int(causesIn.size()) != causes())
        throw std::invalid_argument("RaoBallard: causes has " + std::to_string(causesIn.size()) +
                                    " values, expected " + std::to_string(causes()));
    const Eigen::Map<const Eigen::VectorXd> r(causesIn.data(), causes());
    return (i - m_u * r).squaredNorm() / m_params.sigma2 + m_params.alpha * r.squaredNorm();
}

std::vector<double> RaoBallard::ridgeSolution(const std::vector<double>& image) const
{
    const Eigen::VectorXd i = toImage(image);
    Eigen::MatrixXd a = m_u.transpose() * m_u;
    a.diagonal().array() += m_params.sigma2 * m_params.alpha;
    return toStd(a.ldlt().solve(m_u.transpose() * i));
}

InferenceResult RaoBallard::infer(const std::vector<double>& image, const InferenceOptions& options) const
{
    options.validate(causes());
    const Eigen::VectorXd input = toImage(image);
    const double s2 = m_params.sigma2, alpha = m_params.alpha;
    InferenceResult out;
    out.lipschitz = lipschitz();
    out.rate = options.rate > 0 ? options.rate : 1.0 / out.lipschitz;
    const double k = out.rate;

    Eigen::VectorXd r = Eigen::VectorXd::Zero(causes());
    if (!options.initial.empty())
        r = Eigen::Map<const Eigen::VectorXd>(options.initial.data(), causes());
    Eigen::VectorXd prediction = m_u * r;
    Eigen::VectorXd error = input - prediction;
    double e = error.squaredNorm() / s2 + alpha * r.squaredNorm();
    const double e0 = e;
    auto record = [&] {
        out.energy.push_back(e);
        if (options.recordSteps)
            out.steps.push_back({toStd(r), toStd(prediction), toStd(error), e});
    };
    record();
    for (int t = 1; t <= options.maxIterations; ++t) {
        const Eigen::VectorXd step = k * (m_u.transpose() * error / s2 - alpha * r);
        const Eigen::VectorXd rNew = r + step;
        const Eigen::VectorXd predictionNew = m_u * rNew;
        const Eigen::VectorXd errorNew = input - predictionNew;
        const double eNew = errorNew.squaredNorm() / s2 + alpha * rNew.squaredNorm();
        if (!std::isfinite(eNew) || eNew > kDivergence * (1 + e0)) {
            out.diverged = true;
            break;
        }
        const double rise = eNew - e;
        out.maxEnergyIncrease = t == 1 ? rise : std::max(out.maxEnergyIncrease, rise);
        if (rise > kRounding * std::max(1.0, std::abs(e)))
            out.energyIncreased = true;
        r = rNew;
        prediction = predictionNew;
        error = errorNew;
        e = eNew;
        out.iterations = t;
        record();
        if (step.cwiseAbs().maxCoeff() <= options.tolerance) {
            out.converged = true;
            break;
        }
    }
    out.causes = toStd(r);
    out.prediction = toStd(prediction);
    out.error = toStd(error);
    return out;
}

double RaoBallard::reconstructionError(const std::vector<std::vector<double>>& patches) const
{
    return reconstructionError(patchMatrix("RaoBallard", patches, pixels()));
}

double RaoBallard::reconstructionError(const Eigen::MatrixXd& x) const
{
    Eigen::MatrixXd a = m_u.transpose() * m_u;
    a.diagonal().array() += m_params.sigma2 * m_params.alpha;
    const Eigen::MatrixXd r = a.ldlt().solve(m_u.transpose() * x);
    const double total = x.squaredNorm();
    return total > 0 ? (x - m_u * r).squaredNorm() / total : 0.0;
}

LearningResult RaoBallard::learn(const std::vector<std::vector<double>>& patches, const LearningOptions& options,
                                 const std::function<bool(double)>& progress)
{
    options.validate();
    const Eigen::MatrixXd x = patchMatrix("RaoBallard", patches, pixels());
    const double s2 = m_params.sigma2, alpha = m_params.alpha;
    const Eigen::Index n = x.cols();
    const Eigen::Index batches = (n + options.batchSize - 1) / options.batchSize;
    LearningResult out;
    out.reconstructionError.push_back(reconstructionError(x));
    ProgressThrottle report(progress);
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        for (Eigen::Index b = 0; b < batches; ++b) {
            const Eigen::Index first = b * options.batchSize;
            const Eigen::Index size = std::min<Eigen::Index>(options.batchSize, n - first);
            const auto xb = x.middleCols(first, size);
            Eigen::MatrixXd r;
            if (options.inferenceSteps == 0) {
                Eigen::MatrixXd a = m_u.transpose() * m_u;
                a.diagonal().array() += s2 * alpha;
                r = a.ldlt().solve(m_u.transpose() * xb);
            } else {
                const double k = safeRate();
                r = Eigen::MatrixXd::Zero(causes(), size);
                for (int s = 0; s < options.inferenceSteps; ++s)
                    r += k * (m_u.transpose() * (xb - m_u * r) / s2 - alpha * r);
            }
            const Eigen::MatrixXd e = xb - m_u * r;
            const Eigen::MatrixXd next =
                m_u + options.learningRate * (e * r.transpose() / (double(size) * s2) - options.decay * m_u);
            if (!allFinite(next) || next.cwiseAbs().maxCoeff() > 1e6) {
                out.diverged = true;
                return out;
            }
            m_u = next;
            if (!report((double(epoch) + double(b + 1) / double(batches)) / options.epochs)) {
                out.cancelled = true;
                return out;
            }
        }
        out.epochs = epoch + 1;
        out.reconstructionError.push_back(reconstructionError(x));
    }
    report(1.0, true);
    return out;
}

double pcaReconstructionError(const std::vector<std::vector<double>>& fit, const std::vector<std::vector<double>>& test,
                              int m)
{
    if (fit.empty())
        throw std::invalid_argument("pcaReconstructionError: fit is empty");
    const int p = int(fit.front().size());
    require(m >= 0 && m <= p, "pcaReconstructionError", "m", m, "must be in [0, pixels]");
    const Eigen::MatrixXd xf = patchMatrix("pcaReconstructionError", fit, p);
    const Eigen::MatrixXd xt = patchMatrix("pcaReconstructionError", test, p);
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(xf * xf.transpose());
    const Eigen::MatrixXd v = eig.eigenvectors().rightCols(m);  // eigenvalues ascend
    const double total = xt.squaredNorm();
    return total > 0 ? (xt - v * (v.transpose() * xt)).squaredNorm() / total : 0.0;
}

// ---------------------------------------------------------------------------------------------------------------------
// Two levels

RaoBallardHierarchy::RaoBallardHierarchy(Eigen::MatrixXd basis1, Eigen::MatrixXd basis2, const HierarchyParams& params)
    : m_u1(std::move(basis1)), m_u2(std::move(basis2)), m_params(params)
{
    m_params.validate();
    if (m_u1.rows() < 1 || m_u1.cols() < 1 || m_u2.cols() < 1)
        throw std::invalid_argument("RaoBallardHierarchy: basis1 is " + std::to_string(m_u1.rows()) + " x " +
                                    std::to_string(m_u1.cols()) + " and basis2 has " + std::to_string(m_u2.cols()) +
                                    " columns; each needs at least one");
    if (m_u2.rows() != m_u1.cols())
        throw std::invalid_argument("RaoBallardHierarchy: basis2 has " + std::to_string(m_u2.rows()) +
                                    " rows, expected one per level-1 cause (" + std::to_string(m_u1.cols()) + ")");
    if (!allFinite(m_u1) || !allFinite(m_u2))
        throw std::invalid_argument("RaoBallardHierarchy: basis1 or basis2 has a non-finite entry");
}

Eigen::VectorXd RaoBallardHierarchy::toImage(const std::vector<double>& image) const
{
    return imageVector("RaoBallardHierarchy", image, pixels());
}

Eigen::MatrixXd RaoBallardHierarchy::halfHessian() const
{
    const int m1 = causes1(), m2 = causes2();
    const double s2 = m_params.sigma2, td = m_params.sigma2TopDown;
    Eigen::MatrixXd h(m1 + m2, m1 + m2);
    h.topLeftCorner(m1, m1) = m_u1.transpose() * m_u1 / s2;
    h.topLeftCorner(m1, m1).diagonal().array() += 1.0 / td + m_params.alpha1;
    h.topRightCorner(m1, m2) = -m_u2 / td;
    h.bottomLeftCorner(m2, m1) = -m_u2.transpose() / td;
    h.bottomRightCorner(m2, m2) = m_u2.transpose() * m_u2 / td;
    h.bottomRightCorner(m2, m2).diagonal().array() += m_params.alpha2;
    return h;
}

double RaoBallardHierarchy::lipschitz() const { return largestEigenvalue(halfHessian()); }

double RaoBallardHierarchy::energy(const std::vector<double>& image, const std::vector<double>& c1,
                                   const std::vector<double>& c2) const
{
    const Eigen::VectorXd i = toImage(image);
    if (int(c1.size()) != causes1() || int(c2.size()) != causes2())
        throw std::invalid_argument("RaoBallardHierarchy: causes have " + std::to_string(c1.size()) + " and " +
                                    std::to_string(c2.size()) + " values, expected " + std::to_string(causes1()) +
                                    " and " + std::to_string(causes2()));
    const Eigen::Map<const Eigen::VectorXd> r1(c1.data(), causes1()), r2(c2.data(), causes2());
    return (i - m_u1 * r1).squaredNorm() / m_params.sigma2 + (r1 - m_u2 * r2).squaredNorm() / m_params.sigma2TopDown +
           m_params.alpha1 * r1.squaredNorm() + m_params.alpha2 * r2.squaredNorm();
}

Eigen::MatrixXd RaoBallardHierarchy::solveAll(const Eigen::MatrixXd& images) const
{
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(causes1() + causes2(), images.cols());
    b.topRows(causes1()) = m_u1.transpose() * images / m_params.sigma2;
    return halfHessian().ldlt().solve(b);
}

std::vector<double> RaoBallardHierarchy::closedForm(const std::vector<double>& image) const
{
    return toStd(solveAll(toImage(image)).col(0));
}

HierarchyInference RaoBallardHierarchy::infer(const std::vector<double>& image, const InferenceOptions& options) const
{
    const int m1 = causes1(), m2 = causes2();
    options.validate(m1 + m2);
    const Eigen::VectorXd input = toImage(image);
    const double s2 = m_params.sigma2, td = m_params.sigma2TopDown, a1 = m_params.alpha1, a2 = m_params.alpha2;
    HierarchyInference out;
    out.lipschitz = lipschitz();
    out.rate = options.rate > 0 ? options.rate : 1.0 / out.lipschitz;
    const double k = out.rate;

    struct State {
        Eigen::VectorXd r1, r2, p1, e1, p2, e2;
        double energy = 0;
    };
    auto evaluate = [&](Eigen::VectorXd r1, Eigen::VectorXd r2) {
        State s{std::move(r1), std::move(r2), {}, {}, {}, {}, 0};
        s.p1 = m_u1 * s.r1;
        s.e1 = input - s.p1;
        s.p2 = m_u2 * s.r2;
        s.e2 = s.r1 - s.p2;
        s.energy = s.e1.squaredNorm() / s2 + s.e2.squaredNorm() / td + a1 * s.r1.squaredNorm() + a2 * s.r2.squaredNorm();
        return s;
    };
    auto toStep = [](const State& s) {
        return HierarchyStep{toStd(s.r1), toStd(s.r2), toStd(s.p1), toStd(s.e1), toStd(s.p2), toStd(s.e2), s.energy};
    };
    Eigen::VectorXd r1 = Eigen::VectorXd::Zero(m1), r2 = Eigen::VectorXd::Zero(m2);
    if (!options.initial.empty()) {
        r1 = Eigen::Map<const Eigen::VectorXd>(options.initial.data(), m1);
        r2 = Eigen::Map<const Eigen::VectorXd>(options.initial.data() + m1, m2);
    }
    State s = evaluate(r1, r2);
    const double e0 = s.energy;
    out.energy.push_back(s.energy);
    if (options.recordSteps)
        out.steps.push_back(toStep(s));
    for (int t = 1; t <= options.maxIterations; ++t) {
        const Eigen::VectorXd d1 = k * (m_u1.transpose() * s.e1 / s2 - s.e2 / td - a1 * s.r1);
        const Eigen::VectorXd d2 = k * (m_u2.transpose() * s.e2 / td - a2 * s.r2);
        State next = evaluate(s.r1 + d1, s.r2 + d2);
        if (!std::isfinite(next.energy) || next.energy > kDivergence * (1 + e0)) {
            out.diverged = true;
            break;
        }
        const double rise = next.energy - s.energy;
        out.maxEnergyIncrease = t == 1 ? rise : std::max(out.maxEnergyIncrease, rise);
        if (rise > kRounding * std::max(1.0, std::abs(s.energy)))
            out.energyIncreased = true;
        s = std::move(next);
        out.iterations = t;
        out.energy.push_back(s.energy);
        if (options.recordSteps)
            out.steps.push_back(toStep(s));
        if (std::max(d1.cwiseAbs().maxCoeff(), d2.cwiseAbs().maxCoeff()) <= options.tolerance) {
            out.converged = true;
            break;
        }
    }
    out.last = toStep(s);
    return out;
}

double RaoBallardHierarchy::reconstructionError(const std::vector<std::vector<double>>& patches) const
{
    return reconstructionError(patchMatrix("RaoBallardHierarchy", patches, pixels()));
}

double RaoBallardHierarchy::reconstructionError(const Eigen::MatrixXd& x) const
{
    const Eigen::MatrixXd r1 = solveAll(x).topRows(causes1());
    const double total = x.squaredNorm();
    return total > 0 ? (x - m_u1 * r1).squaredNorm() / total : 0.0;
}

LearningResult RaoBallardHierarchy::learn(const std::vector<std::vector<double>>& patches,
                                          const LearningOptions& options, const std::function<bool(double)>& progress)
{
    options.validate();
    const Eigen::MatrixXd x = patchMatrix("RaoBallardHierarchy", patches, pixels());
    const int m1 = causes1(), m2 = causes2();
    const double s2 = m_params.sigma2, td = m_params.sigma2TopDown;
    const Eigen::Index n = x.cols();
    const Eigen::Index batches = (n + options.batchSize - 1) / options.batchSize;
    LearningResult out;
    out.reconstructionError.push_back(reconstructionError(x));
    ProgressThrottle report(progress);
    for (int epoch = 0; epoch < options.epochs; ++epoch) {
        for (Eigen::Index b = 0; b < batches; ++b) {
            const Eigen::Index first = b * options.batchSize;
            const Eigen::Index size = std::min<Eigen::Index>(options.batchSize, n - first);
            const auto xb = x.middleCols(first, size);
            Eigen::MatrixXd r1, r2;
            if (options.inferenceSteps == 0) {
                const Eigen::MatrixXd sol = solveAll(xb);
                r1 = sol.topRows(m1);
                r2 = sol.bottomRows(m2);
            } else {
                const double k = safeRate();
                r1 = Eigen::MatrixXd::Zero(m1, size);
                r2 = Eigen::MatrixXd::Zero(m2, size);
                for (int s = 0; s < options.inferenceSteps; ++s) {
                    const Eigen::MatrixXd e1 = xb - m_u1 * r1, e2 = r1 - m_u2 * r2;
                    r1 += k * (m_u1.transpose() * e1 / s2 - e2 / td - m_params.alpha1 * r1);
                    r2 += k * (m_u2.transpose() * e2 / td - m_params.alpha2 * r2);
                }
            }
            const Eigen::MatrixXd e1 = xb - m_u1 * r1, e2 = r1 - m_u2 * r2;
            const double eta = options.learningRate, lambda = options.decay;
            const Eigen::MatrixXd u1 = m_u1 + eta * (e1 * r1.transpose() / (double(size) * s2) - lambda * m_u1);
            const Eigen::MatrixXd u2 = m_u2 + eta * (e2 * r2.transpose() / (double(size) * td) - lambda * m_u2);
            if (!allFinite(u1) || !allFinite(u2) || u1.cwiseAbs().maxCoeff() > 1e6 || u2.cwiseAbs().maxCoeff() > 1e6) {
                out.diverged = true;
                return out;
            }
            m_u1 = u1;
            m_u2 = u2;
            if (!report((double(epoch) + double(b + 1) / double(batches)) / options.epochs)) {
                out.cancelled = true;
                return out;
            }
        }
        out.epochs = epoch + 1;
        out.reconstructionError.push_back(reconstructionError(x));
    }
    report(1.0, true);
    return out;
}

}  // namespace neuroai::predictive
