#include "engine/vision/SparseCoding.h"

#include "engine/core/Random.h"

#include <Eigen/Eigenvalues>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numeric>
#include <stdexcept>

namespace neuroai::vision {

namespace {

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%g", value);
        throw std::invalid_argument(std::string("SparseCoding: ") + name + " = " + buf + " " + what);
    }
}

// Soft threshold of every entry: sign(z)·max(|z| − t, 0) = max(z − t, 0) + min(z + t, 0) (vectorisable).
void shrink(Eigen::MatrixXd& z, double t)
{
    z = (z.array() - t).cwiseMax(0.0) + (z.array() + t).cwiseMin(0.0);
}

double energy(const Eigen::MatrixXd& phi, const Eigen::VectorXd& x, const Eigen::VectorXd& a, double lambda)
{
    return 0.5 * (x - phi * a).squaredNorm() + lambda * a.lpNorm<1>();
}

void checkLassoInput(const Eigen::MatrixXd& phi, const Eigen::MatrixXd& x, double lambda)
{
    require(phi.rows() >= 1 && phi.cols() >= 1, "basis columns", double(phi.cols()), "must be ≥ 1");
    require(phi.allFinite(), "basis", 0, "(an entry) must be finite");
    require(x.rows() == phi.rows(), "patch length", double(x.rows()), "must equal the basis rows");
    require(x.allFinite(), "patch", 0, "(an entry) must be finite");
    require(std::isfinite(lambda) && lambda >= 0, "lambda", lambda, "must be ≥ 0");
}

// The iterations shared by both solvers, in place on A (K × B), with the Gram matrix G = ΦᵀΦ and C = ΦᵀX; y, next
// and grad are work buffers (resized as needed, so that repeated calls allocate nothing). `afterStep(a)` is called
// after every iteration (may be empty). Returns the iterations done.
int iterate(const Eigen::MatrixXd& gram, const Eigen::MatrixXd& c, Eigen::MatrixXd& a, double lambda,
            double lipschitz, const LassoOptions& o, Eigen::MatrixXd& y, Eigen::MatrixXd& next, Eigen::MatrixXd& grad,
            const std::function<void(const Eigen::MatrixXd&)>& afterStep)
{
    const double step = 1.0 / lipschitz, threshold = lambda / lipschitz;
    y = a;
    next.resize(a.rows(), a.cols());
    grad.resize(a.rows(), a.cols());
    double t = 1.0;
    int done = 0;
    for (int k = 0; k < o.iterations; ++k) {
        grad.noalias() = gram * y;
        next = y - step * (grad - c);
        shrink(next, threshold);
        double change = 0;
        if (o.tolerance > 0)
            change = (next - a).cwiseAbs().maxCoeff();
        if (o.method == LassoMethod::Fista) {
            const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
            y = next + ((t - 1.0) / tNext) * (next - a);
            t = tNext;
        } else {
            y = next;
        }
        a.swap(next);
        ++done;
        if (afterStep)
            afterStep(a);
        if (o.tolerance > 0 && change <= o.tolerance)
            break;
    }
    return done;
}

}  // namespace

void LassoOptions::validate() const
{
    require(iterations >= 0 && iterations <= 10000000, "iterations", iterations, "must be in [0, 1e7]");
    require(std::isfinite(tolerance) && tolerance >= 0, "tolerance", tolerance, "must be ≥ 0");
}

double lipschitzConstant(const Eigen::MatrixXd& phi)
{
    require(phi.rows() >= 1 && phi.cols() >= 1, "basis columns", double(phi.cols()), "must be ≥ 1");
    // The non-zero spectra of ΦᵀΦ and ΦΦᵀ agree: take the smaller one.
    const Eigen::MatrixXd g = phi.cols() <= phi.rows() ? Eigen::MatrixXd(phi.transpose() * phi)
                                                       : Eigen::MatrixXd(phi * phi.transpose());
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(g, Eigen::EigenvaluesOnly);
    return eig.eigenvalues().maxCoeff();
}

LassoResult solveLasso(const Eigen::MatrixXd& phi, const Eigen::VectorXd& x, double lambda, const LassoOptions& o,
                       const Eigen::VectorXd* start)
{
    o.validate();
    checkLassoInput(phi, x, lambda);
    if (start)
        require(start->size() == phi.cols() && start->allFinite(), "start size", double(start->size()),
                "must equal the basis columns (finite)");
    const double lipschitz = lipschitzConstant(phi);
    require(lipschitz > 0, "basis norm", lipschitz, "must be > 0");
    const Eigen::MatrixXd gram = phi.transpose() * phi;
    const Eigen::MatrixXd c = phi.transpose() * x;
    Eigen::MatrixXd a = start ? Eigen::MatrixXd(*start) : Eigen::MatrixXd::Zero(phi.cols(), 1);
    LassoResult r;
    if (o.recordObjective)
        r.objectiveTrace.push_back(energy(phi, x, a.col(0), lambda));
    std::function<void(const Eigen::MatrixXd&)> record;
    if (o.recordObjective)
        record = [&](const Eigen::MatrixXd& v) { r.objectiveTrace.push_back(energy(phi, x, v.col(0), lambda)); };
    Eigen::MatrixXd y, next, grad;
    r.iterations = iterate(gram, c, a, lambda, lipschitz, o, y, next, grad, record);
    r.a = a.col(0);
    r.objective = energy(phi, x, r.a, lambda);
    return r;
}

Eigen::MatrixXd solveLassoBatch(const Eigen::MatrixXd& phi, const Eigen::MatrixXd& x, double lambda,
                                const LassoOptions& o, const Eigen::MatrixXd* start, double lipschitz)
{
    o.validate();
    checkLassoInput(phi, x, lambda);
    if (start)
        require(start->rows() == phi.cols() && start->cols() == x.cols(), "start columns", double(start->cols()),
                "must match the batch (and the rows the basis columns)");
    if (!(lipschitz > 0))
        lipschitz = lipschitzConstant(phi);
    require(std::isfinite(lipschitz) && lipschitz > 0, "basis norm", lipschitz, "must be > 0");
    const Eigen::MatrixXd gram = phi.transpose() * phi;
    const Eigen::MatrixXd c = phi.transpose() * x;
    Eigen::MatrixXd a = start ? *start : Eigen::MatrixXd::Zero(phi.cols(), x.cols());
    Eigen::MatrixXd y, next, grad;
    iterate(gram, c, a, lambda, lipschitz, o, y, next, grad, {});
    return a;
}

void SparseCodingSettings::validate() const
{
    require(patchSize >= 2 && patchSize <= 32, "patchSize", patchSize, "must be in [2, 32]");
    require(basisCount >= 1 && basisCount <= 4096, "basisCount", basisCount, "must be in [1, 4096]");
    require(std::isfinite(lambda) && lambda >= 0, "lambda", lambda, "must be ≥ 0");
    require(std::isfinite(learningRate) && learningRate >= 0, "learningRate", learningRate, "must be ≥ 0");
    require(batchSize >= 1 && batchSize <= 100000, "batchSize", batchSize, "must be in [1, 100000]");
    require(inferenceIterations >= 1 && inferenceIterations <= 100000, "inferenceIterations", inferenceIterations,
            "must be in [1, 100000]");
}

SparseCoding::SparseCoding(const SparseCodingSettings& settings, std::uint64_t seed)
    : m_settings(settings)
{
    m_settings.validate();
    reset(seed);
}

void SparseCoding::reset(std::uint64_t seed)
{
    Random rng(seed);
    Eigen::MatrixXd phi(dimension(), m_settings.basisCount);
    for (Eigen::Index k = 0; k < phi.cols(); ++k)
        for (Eigen::Index i = 0; i < phi.rows(); ++i)
            phi(i, k) = rng.normal();
    m_cache.resize(0, 0);
    m_cacheKey = 0;
    setBasis(phi);
}

void SparseCoding::setBasis(const Eigen::MatrixXd& phi)
{
    require(phi.rows() == dimension(), "basis rows", double(phi.rows()), "must equal patchSize²");
    require(phi.cols() == m_settings.basisCount, "basis columns", double(phi.cols()), "must equal basisCount");
    require(phi.allFinite(), "basis", 0, "(an entry) must be finite");
    Eigen::MatrixXd normalised = phi;
    for (Eigen::Index k = 0; k < phi.cols(); ++k) {
        const double norm = phi.col(k).norm();
        require(norm > 1e-12, "basis column norm", norm, "must be > 0");
        normalised.col(k) /= norm;
    }
    m_phi = std::move(normalised);
    updateLipschitz();
}

void SparseCoding::updateLipschitz()
{
    // As lipschitzConstant(), with the solver's buffers kept between calls.
    if (m_phi.cols() <= m_phi.rows())
        m_work.gram.noalias() = m_phi.transpose() * m_phi;
    else
        m_work.gram.noalias() = m_phi * m_phi.transpose();
    m_work.eigen.compute(m_work.gram, Eigen::EigenvaluesOnly);
    m_lipschitz = m_work.eigen.eigenvalues().maxCoeff();
}

GrayImage SparseCoding::basisFunction(int k) const
{
    require(k >= 0 && k < m_settings.basisCount, "basis index", k, "must be in [0, basisCount)");
    const int n = m_settings.patchSize;
    GrayImage im(n, n);
    for (int i = 0; i < n * n; ++i)
        im.pixels[std::size_t(i)] = m_phi(i, k);
    return im;
}

std::vector<GrayImage> SparseCoding::basisFunctions() const
{
    std::vector<GrayImage> out;
    for (int k = 0; k < m_settings.basisCount; ++k)
        out.push_back(basisFunction(k));
    return out;
}

void SparseCoding::checkData(const Eigen::MatrixXd& x) const
{
    require(x.rows() == dimension(), "patch length", double(x.rows()), "must equal patchSize²");
    require(x.cols() >= 1, "batch columns", double(x.cols()), "must be ≥ 1");
    require(x.allFinite(), "patch", 0, "(an entry) must be finite");
}

Eigen::VectorXd SparseCoding::infer(const Eigen::VectorXd& x, int iterations) const
{
    return inferBatch(Eigen::MatrixXd(x), iterations).col(0);
}

Eigen::MatrixXd SparseCoding::inferBatch(const Eigen::MatrixXd& x, int iterations, const Eigen::MatrixXd* start) const
{
    checkData(x);
    LassoOptions o;
    o.method = m_settings.method;
    o.iterations = iterations > 0 ? iterations : m_settings.inferenceIterations;
    return solveLassoBatch(m_phi, x, m_settings.lambda, o, start, m_lipschitz);
}

namespace {

SparseObjective objectiveOf(const Eigen::MatrixXd& x, const Eigen::MatrixXd& a, double lambda,
                            const Eigen::MatrixXd& residual)
{
    SparseObjective s;
    const double b = double(x.cols());
    s.reconstruction = 0.5 * residual.squaredNorm() / b;
    s.sparsity = lambda * a.cwiseAbs().sum() / b;
    s.activeFraction = double((a.array() != 0.0).count()) / double(a.size());
    return s;
}

}  // namespace

SparseObjective SparseCoding::evaluate(const Eigen::MatrixXd& x, int iterations) const
{
    const Eigen::MatrixXd a = inferBatch(x, iterations);
    const Eigen::MatrixXd residual = x - m_phi * a;
    return objectiveOf(x, a, m_settings.lambda, residual);
}

SparseObjective SparseCoding::trainBatch(const Eigen::MatrixXd& x, Eigen::MatrixXd* coefficients)
{
    checkData(x);
    // Inference with member work buffers (a training loop then allocates nothing per step).
    const bool warm = coefficients && coefficients->rows() == m_phi.cols() && coefficients->cols() == x.cols() &&
                      coefficients->allFinite();
    if (warm)
        m_work.a = *coefficients;
    else
        m_work.a.setZero(m_phi.cols(), x.cols());
    m_work.gram.noalias() = m_phi.transpose() * m_phi;
    m_work.c.noalias() = m_phi.transpose() * x;
    LassoOptions o;
    o.method = m_settings.method;
    o.iterations = m_settings.inferenceIterations;
    iterate(m_work.gram, m_work.c, m_work.a, m_settings.lambda, m_lipschitz, o, m_work.y, m_work.next, m_work.grad, {});
    const Eigen::MatrixXd& a = m_work.a;
    m_work.residual = x;
    m_work.residual.noalias() -= m_phi * a;
    const SparseObjective s = objectiveOf(x, a, m_settings.lambda, m_work.residual);
    // Φ ← Φ + η (X − ΦA)Aᵀ / B, then unit columns.
    m_work.phi = m_phi;
    m_work.phi.noalias() += (m_settings.learningRate / double(x.cols())) * (m_work.residual * a.transpose());
    if (!m_work.phi.allFinite() || !std::isfinite(s.total()))
        throw std::runtime_error("SparseCoding: the basis became non-finite (learningRate too large?)");
    for (Eigen::Index k = 0; k < m_work.phi.cols(); ++k) {
        const double norm = m_work.phi.col(k).norm();
        if (norm > 1e-12)
            m_work.phi.col(k) /= norm;
        else
            m_work.phi.col(k) = m_phi.col(k);  // degenerate update: keep the old column
    }
    m_phi.swap(m_work.phi);
    updateLipschitz();
    if (coefficients)
        *coefficients = a;
    return s;
}

Eigen::MatrixXd SparseCoding::patchMatrix(const PatchSet& patches)
{
    require(patches.size >= 1 && patches.count >= 1, "patch count", patches.count, "must be ≥ 1");
    const std::size_t n2 = std::size_t(patches.size) * std::size_t(patches.size);
    require(patches.data.size() == n2 * std::size_t(patches.count), "patch data size", double(patches.data.size()),
            "must equal count · size²");
    Eigen::MatrixXd x(Eigen::Index(n2), patches.count);
    for (int p = 0; p < patches.count; ++p)
        for (std::size_t i = 0; i < n2; ++i)
            x(Eigen::Index(i), p) = patches.patch(p)[i];
    return x;
}

SparseTrainingResult SparseCoding::train(const PatchSet& pool, int steps, std::uint64_t seed,
                                         const std::function<bool(double)>& progress)
{
    require(pool.size == m_settings.patchSize, "pool patch size", pool.size, "must equal patchSize");
    require(steps >= 0, "steps", steps, "must be ≥ 0");
    const Eigen::MatrixXd all = patchMatrix(pool);
    checkData(all);
    const int count = pool.count;
    const int batch = std::min(m_settings.batchSize, count);

    // The warm-start cache belongs to one pool: a cheap fingerprint of its contents.
    const bool warm = m_settings.warmStart;
    if (warm) {
        std::size_t key = 1469598103934665603ull ^ std::size_t(count);
        for (const double v : pool.data) {
            std::uint64_t bits;
            std::memcpy(&bits, &v, sizeof bits);
            key = (key ^ std::size_t(bits)) * 1099511628211ull;
        }
        if (m_cache.cols() != count || m_cache.rows() != m_phi.cols() || m_cacheKey != key) {
            m_cache = Eigen::MatrixXd::Zero(m_phi.cols(), count);
            m_cacheKey = key;
        }
    }

    Random rng(seed);
    std::vector<int> order(static_cast<std::size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    std::size_t next = order.size();  // forces a shuffle before the first batch

    SparseTrainingResult result;
    using Clock = std::chrono::steady_clock;
    auto lastReport = Clock::now();
    Eigen::MatrixXd x(all.rows(), batch), a(m_phi.cols(), batch);
    std::vector<int> idx(static_cast<std::size_t>(batch));
    for (int step = 0; step < steps; ++step) {
        for (int j = 0; j < batch; ++j) {
            if (next >= order.size()) {
                for (std::size_t i = order.size() - 1; i > 0; --i)
                    std::swap(order[i], order[std::min(i, std::size_t(rng.uniform() * double(i + 1)))]);
                next = 0;
            }
            idx[std::size_t(j)] = order[next++];
            x.col(j) = all.col(idx[std::size_t(j)]);
            if (warm)
                a.col(j) = m_cache.col(idx[std::size_t(j)]);
        }
        try {
            result.history.push_back(trainBatch(x, warm ? &a : nullptr));
        } catch (const std::runtime_error& e) {
            result.diverged = true;
            result.message = e.what();
            break;
        }
        if (warm)
            for (int j = 0; j < batch; ++j)
                m_cache.col(idx[std::size_t(j)]) = a.col(j);
        ++result.steps;
        if (progress) {
            const auto now = Clock::now();
            if (step + 1 == steps || now - lastReport >= std::chrono::milliseconds(20)) {
                lastReport = now;
                if (!progress(double(step + 1) / steps)) {
                    result.cancelled = step + 1 < steps;
                    break;
                }
            }
        }
    }
    return result;
}

}  // namespace neuroai::vision
