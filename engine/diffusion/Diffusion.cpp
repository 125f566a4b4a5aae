#include "engine/diffusion/Diffusion.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numbers>

namespace neuroai::diffusion {

namespace {

void requireFinitePoints(const Points& x, const char* who, const char* name)
{
    for (Eigen::Index k = 0; k < x.size(); ++k)
        require(std::isfinite(x.data()[k]), who, std::string(name) + " entry " + std::to_string(k), x.data()[k],
                "must be finite");
}

}  // namespace

std::vector<std::string> scheduleNames() { return {"linear", "cosine"}; }
std::vector<std::string> reverseMethodNames() { return {"ancestral (DDPM)", "probability flow (DDIM)"}; }

NoiseSchedule::NoiseSchedule(ScheduleKind kind, int steps) : m_kind(kind)
{
    require(steps >= 2 && steps <= 100'000, "NoiseSchedule", "steps T", steps, "must be in [2, 100000]");
    require(kind == ScheduleKind::Linear || kind == ScheduleKind::Cosine, "NoiseSchedule", "schedule",
            double(int(kind)), "must be linear (0) or cosine (1)");
    const int T = steps;
    m_beta.assign(std::size_t(T) + 1, 0.0);
    m_alphaBar.assign(std::size_t(T) + 1, 1.0);
    if (kind == ScheduleKind::Linear) {
        const double scale = 1000.0 / T, first = 1e-4 * scale, last = 0.02 * scale;
        for (int t = 1; t <= T; ++t)
            m_beta[std::size_t(t)] = std::min(first + (last - first) * double(t - 1) / double(T - 1), kMaxBeta);
    } else {
        const auto f = [&](int t) {
            const double c = std::cos(std::numbers::pi / 2 * (double(t) / T + kCosineOffset) / (1 + kCosineOffset));
            return c * c;
        };
        const double f0 = f(0);
        for (int t = 1; t <= T; ++t)
            m_beta[std::size_t(t)] = std::min(1 - (f(t) / f0) / (f(t - 1) / f0), kMaxBeta);
    }
    for (int t = 1; t <= T; ++t)
        m_alphaBar[std::size_t(t)] = m_alphaBar[std::size_t(t) - 1] * (1 - m_beta[std::size_t(t)]);
}

void NoiseSchedule::checkStep(int t, int from, const char* name) const
{
    require(t >= from && t <= steps(), "NoiseSchedule", name, t,
            from == 0 ? "must be in [0, T]" : "must be in [1, T]");
}

double NoiseSchedule::beta(int t) const
{
    checkStep(t, 1, "t");
    return m_beta[std::size_t(t)];
}

double NoiseSchedule::alpha(int t) const { return 1 - beta(t); }

double NoiseSchedule::alphaBar(int t) const
{
    checkStep(t, 0, "t");
    return m_alphaBar[std::size_t(t)];
}

double NoiseSchedule::noiseSd(int t) const { return std::sqrt(1 - alphaBar(t)); }

double NoiseSchedule::posteriorVariance(int t) const
{
    checkStep(t, 1, "t");
    return m_beta[std::size_t(t)] * (1 - m_alphaBar[std::size_t(t) - 1]) / (1 - m_alphaBar[std::size_t(t)]);
}

Points standardNormalPoints(int n, Random& rng)
{
    require(n >= 0 && n <= 10'000'000, "standardNormalPoints", "n", n, "must be in [0, 10⁷]");
    Points z(2, n);
    for (Eigen::Index k = 0; k < z.size(); ++k)
        z.data()[k] = rng.normal();
    return z;
}

Points noisedPoints(const Points& x0, const NoiseSchedule& schedule, int t, Random& rng, Points* noise)
{
    requireFinitePoints(x0, "noisedPoints", "x0");
    const double a = std::sqrt(schedule.alphaBar(t)), s = schedule.noiseSd(t);
    const Points eps = standardNormalPoints(int(x0.cols()), rng);
    if (noise)
        *noise = eps;
    return a * x0 + s * eps;
}

Points forwardStep(const Points& previous, const NoiseSchedule& schedule, int t, Random& rng)
{
    requireFinitePoints(previous, "forwardStep", "x");
    const double b = schedule.beta(t);
    return std::sqrt(1 - b) * previous + std::sqrt(b) * standardNormalPoints(int(previous.cols()), rng);
}

NoisePredictor exactNoisePredictor(const GaussianMixture& data, const NoiseSchedule& schedule)
{
    // The noised mixtures are made once per step, on first use.
    auto cache = std::make_shared<std::vector<std::unique_ptr<GaussianMixture>>>(std::size_t(schedule.steps()) + 1);
    return [data, schedule, cache](const Points& xt, int t) {
        const double s = schedule.noiseSd(t);  // validates t
        std::unique_ptr<GaussianMixture>& p = (*cache)[std::size_t(t)];
        if (!p)
            p = std::make_unique<GaussianMixture>(data.noised(schedule.alphaBar(t)));
        return Points(-s * p->scores(xt));
    };
}

ReverseResult reverseDiffusion(const NoisePredictor& predictor, const NoiseSchedule& schedule, const Points& xT,
                               Random& rng, const ReverseSettings& settings, const StepCallback& onStep)
{
    constexpr const char* who = "reverseDiffusion";
    require(bool(predictor), who, "predictor", 0, "must be set");
    const ReverseMethod method = settings.method;
    require(method == ReverseMethod::Ancestral || method == ReverseMethod::ProbabilityFlow, who, "method",
            double(int(method)), "must be ancestral (0) or probability flow (1)");
    requireFinitePoints(xT, who, "x_T");
    const int recordPaths = settings.recordPaths;
    require(recordPaths >= 0 && recordPaths <= xT.cols(), who, "recordPaths", recordPaths,
            "must be in [0, number of start points]");
    const double clip = settings.clipDenoised;
    require(std::isfinite(clip) && clip >= 0, who, "clipDenoised", clip, "must be finite and ≥ 0");
    const int T = schedule.steps();
    ReverseResult r;
    r.paths.assign(std::size_t(recordPaths), Points(2, T + 1));
    Points x = xT;
    const auto record = [&](int column) {
        for (int i = 0; i < recordPaths; ++i)
            r.paths[std::size_t(i)].col(column) = x.col(i);
    };
    record(0);
    for (int t = T; t >= 1; --t) {
        const Points eps = predictor(x, t);
        require(eps.cols() == x.cols(), who, "predicted noise columns", double(eps.cols()),
                "must equal the number of points");
        const double beta = schedule.beta(t), abar = schedule.alphaBar(t), abarPrev = schedule.alphaBar(t - 1);
        const double s = schedule.noiseSd(t);
        Points x0;
        if (clip > 0 || method == ReverseMethod::ProbabilityFlow) {
            x0 = (x - s * eps) / std::sqrt(abar);
            if (clip > 0)
                x0 = x0.cwiseMax(-clip).cwiseMin(clip);
        }
        if (method == ReverseMethod::Ancestral) {
            if (clip > 0)
                x = (std::sqrt(abarPrev) * beta / (1 - abar)) * x0 +
                    (std::sqrt(1 - beta) * (1 - abarPrev) / (1 - abar)) * x;
            else
                x = (x - (beta / s) * eps) / std::sqrt(1 - beta);
            if (t > 1)
                x += std::sqrt(schedule.posteriorVariance(t)) * standardNormalPoints(int(x.cols()), rng);
        } else {
            // ε̂ re-derived from the (possibly clipped) x̂_0 keeps the step consistent: x_t = √ᾱ_t x̂_0 + √(1 − ᾱ_t) ε̂.
            const Points e = clip > 0 ? Points((x - std::sqrt(abar) * x0) / s) : eps;
            x = std::sqrt(abarPrev) * x0 + std::sqrt(1 - abarPrev) * e;
        }
        record(T - t + 1);
        if (onStep)
            onStep(T - t + 1);
    }
    r.samples = x;
    return r;
}

ScoreField scoreField(const NoisePredictor& predictor, const NoiseSchedule& schedule, int t, int grid, double extent)
{
    require(bool(predictor), "scoreField", "predictor", 0, "must be set");
    require(grid >= 2 && grid <= 200, "scoreField", "grid", grid, "must be in [2, 200]");
    require(std::isfinite(extent) && extent > 0, "scoreField", "extent", extent, "must be finite and > 0");
    const double s = schedule.noiseSd(t);  // validates t
    ScoreField f;
    f.points.resize(2, grid * grid);
    for (int row = 0; row < grid; ++row)
        for (int col = 0; col < grid; ++col)
            f.points.col(row * grid + col) = Eigen::Vector2d(-extent + 2 * extent * col / (grid - 1),
                                                             -extent + 2 * extent * row / (grid - 1));
    f.vectors = -s * predictor(f.points, t);
    return f;
}

double energyDistance(const Points& x, const Points& y)
{
    require(x.cols() >= 2, "energyDistance", "first sample size", double(x.cols()), "must be ≥ 2");
    require(y.cols() >= 2, "energyDistance", "second sample size", double(y.cols()), "must be ≥ 2");
    requireFinitePoints(x, "energyDistance", "first sample");
    requireFinitePoints(y, "energyDistance", "second sample");
    const auto within = [](const Points& p) {
        double sum = 0;
        for (Eigen::Index i = 0; i < p.cols(); ++i)
            for (Eigen::Index j = i + 1; j < p.cols(); ++j)
                sum += (p.col(i) - p.col(j)).norm();
        return 2 * sum / (double(p.cols()) * double(p.cols() - 1));
    };
    double between = 0;
    for (Eigen::Index i = 0; i < x.cols(); ++i)
        for (Eigen::Index j = 0; j < y.cols(); ++j)
            between += (x.col(i) - y.col(j)).norm();
    between /= double(x.cols()) * double(y.cols());
    return 2 * between - within(x) - within(y);
}

Eigen::Vector2d sampleMean(const Points& x)
{
    require(x.cols() >= 2, "sampleMean", "sample size", double(x.cols()), "must be ≥ 2");
    return x.rowwise().mean();
}

Eigen::Matrix2d sampleCovariance(const Points& x)
{
    const Eigen::Vector2d m = sampleMean(x);
    const Points d = x.colwise() - m;
    return d * d.transpose() / double(x.cols() - 1);
}

}  // namespace neuroai::diffusion
