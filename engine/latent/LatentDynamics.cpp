#include "engine/latent/LatentDynamics.h"

#include "engine/core/Require.h"
#include "engine/core/Random.h"
#include "engine/latent/Jpca.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>

namespace neuroai::latent {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

bool finite(double v) { return std::isfinite(v); }

// Poisson deviate with mean lambda: inversion with one uniform (walk up the cumulative distribution), in pieces of
// mean <= 500 so that e^{−λ} stays representable (a sum of independent Poisson deviates is Poisson). The walk stops
// 40 s.d. above the mean, where the remaining mass is far below a double's resolution.
long poisson(double lambda, Random& rng)
{
    long total = 0;
    while (lambda > 0) {
        const double piece = std::min(lambda, 500.0);
        lambda -= piece;
        const double u = rng.uniform();
        double p = std::exp(-piece), cumulative = p;
        long k = 0;
        const double last = piece + 40 * std::sqrt(piece) + 40;
        while (u >= cumulative && k < last) {
            ++k;
            p *= piece / double(k);
            cumulative += p;
        }
        total += k;
    }
    return total;
}

double softPlus(double u, double s)
{
    const double x = u / s;
    return x > 30 ? u : s * std::log1p(std::exp(x));
}

Eigen::MatrixXd rowMajor(const std::vector<double>& v, int rows, int cols)
{
    Eigen::MatrixXd m(rows, cols);
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j)
            m(i, j) = v[std::size_t(i) * std::size_t(cols) + std::size_t(j)];
    return m;
}

std::vector<double> flatten(const Eigen::MatrixXd& m)
{
    std::vector<double> v(std::size_t(m.rows() * m.cols()));
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            v[std::size_t(i * m.cols() + j)] = m(i, j);
    return v;
}

}  // namespace

void RotationalPopulationConfig::validate() const
{
    const char* who = "RotationalPopulation";
    require(conditions >= 2 && conditions <= 1000, who, "conditions", conditions, "must be in [2, 1000]");
    require(neurons >= latentCount() && neurons <= 2000, who, "neurons", neurons,
            "must be in [latent count, 2000]");
    require(timeBins >= 3 && timeBins <= 100000, who, "timeBins", timeBins, "must be in [3, 100000]");
    require(finite(dtMs) && dtMs > 0 && dtMs <= 1000, who, "dtMs", dtMs, "must be in (0, 1000]");
    require(finite(rotationHz) && rotationHz > 0 && rotationHz < 500.0 / dtMs, who, "rotationHz", rotationHz,
            "must be positive and below the Nyquist frequency 1/(2 dt)");
    require(finite(rotationDecayPerS) && rotationDecayPerS >= 0 && rotationDecayPerS * dtMs < 1000, who,
            "rotationDecayPerS", rotationDecayPerS, "must be >= 0 and below 1/dt");
    require(finite(radius) && radius > 0, who, "radius", radius, "must be positive");
    require(finite(radiusJitter) && radiusJitter >= 0 && radiusJitter <= 0.5, who, "radiusJitter", radiusJitter,
            "must be in [0, 0.5]");
    require(finite(phaseJitterRad) && phaseJitterRad >= 0 && phaseJitterRad <= std::numbers::pi, who,
            "phaseJitterRad", phaseJitterRad, "must be in [0, pi]");
    require(finite(rampAmplitude), who, "rampAmplitude", rampAmplitude, "must be finite");
    require(decayingModes >= 0 && decayingModes <= 4, who, "decayingModes", decayingModes, "must be in [0, 4]");
    require(finite(decayingAmplitude) && decayingAmplitude >= 0, who, "decayingAmplitude", decayingAmplitude,
            "must be >= 0");
    require(finite(decayingTauMs) && decayingTauMs > 0, who, "decayingTauMs", decayingTauMs, "must be positive");
    require(finite(baselineMinHz) && baselineMinHz >= 0, who, "baselineMinHz", baselineMinHz, "must be >= 0");
    require(finite(baselineMaxHz) && baselineMaxHz >= baselineMinHz && baselineMaxHz <= 1000, who, "baselineMaxHz",
            baselineMaxHz, "must be in [baselineMinHz, 1000]");
    require(finite(loadingHz) && loadingHz > 0 && loadingHz <= 1000, who, "loadingHz", loadingHz,
            "must be in (0, 1000]");
    require(finite(minRateHz) && minRateHz >= 0 && minRateHz <= 1000, who, "minRateHz", minRateHz,
            "must be in [0, 1000]");
    require(finite(softPlusHz) && softPlusHz > 0, who, "softPlusHz", softPlusHz, "must be positive");
    require(trials >= 1 && trials <= 100000, who, "trials", trials, "must be in [1, 100000]");
    require(finite(gaussianNoiseHz) && gaussianNoiseHz >= 0, who, "gaussianNoiseHz", gaussianNoiseHz,
            "must be >= 0");
    require(finite(smoothingMs) && smoothingMs >= 0 && smoothingMs <= 100 * dtMs, who, "smoothingMs", smoothingMs,
            "must be in [0, 100 dt]");
    const double pad = std::ceil(3 * smoothingMs / dtMs);
    const double work = double(conditions) * double(neurons) * (double(timeBins) + 2 * pad) *
                        (observation == Observation::Poisson ? double(trials) : 1.0);
    require(work <= 5e7, who, "trials", trials, "makes conditions x neurons x bins x trials exceed 5e7");
}

void ConditionRates::validate() const
{
    const char* who = "ConditionRates";
    require(conditions >= 2, who, "conditions", conditions, "must be >= 2");
    require(timeBins >= 3, who, "timeBins", timeBins, "must be >= 3");
    require(neurons >= 2 && neurons <= 2000, who, "neurons", neurons, "must be in [2, 2000]");
    require(finite(dtMs) && dtMs > 0, who, "dtMs", dtMs, "must be positive");
    const double expected = double(conditions) * double(timeBins) * double(neurons);
    require(expected <= 2e7, who, "timeBins", timeBins, "makes conditions x timeBins x neurons exceed 2e7");
    require(double(hz.size()) == expected, who, "hz.size()", double(hz.size()),
            "must be conditions x timeBins x neurons");
    for (std::size_t i = 0; i < hz.size(); ++i)
        if (!finite(hz[i]))
            throw std::invalid_argument("ConditionRates: hz[" + std::to_string(i) + "] = " + numberText(hz[i]) +
                                        " is not finite");
}

void LatentAnalysisConfig::validate() const
{
    const char* who = "LatentDynamics";
    require(dimensions >= 2 && dimensions <= 30, who, "dimensions", dimensions, "must be in [2, 30]");
    require(finite(softNormHz) && softNormHz >= 0, who, "softNormHz", softNormHz, "must be >= 0");
}

RotationalPopulation simulateRotationalPopulation(const RotationalPopulationConfig& config)
{
    config.validate();
    RotationalPopulation out;
    out.config = config;
    const int C = config.conditions, N = config.neurons, T = config.timeBins, L = config.latentCount();
    out.latents = L;
    const double dt = config.dtMs * 1e-3;
    const double omega = kTwoPi * config.rotationHz;
    const int pad = int(std::ceil(3 * config.smoothingMs / config.dtMs));
    const int padded = T + 2 * pad;
    const int rampIndex = config.rampAmplitude != 0 ? 2 : -1;
    const int firstDecaying = rampIndex >= 0 ? 3 : 2;

    Random rng(config.seed);
    // Read-out: baselines, then loadings, then the conditions' initial states. The loading columns are orthogonal,
    // each of norm loadingHz·√N (Householder QR of a Gaussian N × L matrix, rescaled): entries have s.d. ≈ loadingHz,
    // the rotation is circular (not elliptical) in firing-rate space, and the latents' directions do not overlap.
    out.baselineHz.resize(std::size_t(N));
    for (double& b : out.baselineHz)
        b = config.baselineMinHz + (config.baselineMaxHz - config.baselineMinHz) * rng.uniform();
    {
        Eigen::MatrixXd gauss(N, L);
        for (int n = 0; n < N; ++n)
            for (int l = 0; l < L; ++l)
                gauss(n, l) = rng.normal();
        const Eigen::MatrixXd q = orthonormalBasis(gauss);
        out.loading = flatten(config.loadingHz * std::sqrt(double(N)) * q);
        out.truePlane = flatten(q.leftCols(2));
    }
    std::vector<double> theta(static_cast<std::size_t>(C)), rho(static_cast<std::size_t>(C));
    for (int c = 0; c < C; ++c) {
        theta[std::size_t(c)] = kTwoPi * c / C + config.phaseJitterRad * rng.normal();
        rho[std::size_t(c)] = config.radius * std::max(0.05, 1 + config.radiusJitter * rng.normal());
    }

    // Latents over the padded window (bin i ↔ time (i − pad)·dt).
    std::vector<double> z(std::size_t(C) * std::size_t(padded) * std::size_t(L), 0.0);
    for (int c = 0; c < C; ++c)
        for (int i = 0; i < padded; ++i) {
            const double t = (i - pad) * dt;
            double* zc = &z[(std::size_t(c) * std::size_t(padded) + std::size_t(i)) * std::size_t(L)];
            const double amp = rho[std::size_t(c)] * std::exp(-config.rotationDecayPerS * t);
            zc[0] = amp * std::cos(theta[std::size_t(c)] + omega * t);
            zc[1] = amp * std::sin(theta[std::size_t(c)] + omega * t);
            if (rampIndex >= 0)
                zc[rampIndex] = config.rampAmplitude * t / (T * dt);
            for (int j = 0; j < config.decayingModes; ++j) {
                const double angle = (2 + j / 2) * theta[std::size_t(c)];
                zc[firstDecaying + j] = config.decayingAmplitude * (j % 2 == 0 ? std::cos(angle) : std::sin(angle)) *
                                        std::exp(-t / (config.decayingTauMs * 1e-3));
            }
        }

    // Drive u = L z (without the baseline) over the padded window.
    std::vector<double> rate(std::size_t(C) * std::size_t(padded) * std::size_t(N));
    for (int c = 0; c < C; ++c)
        for (int i = 0; i < padded; ++i) {
            const double* zc = &z[(std::size_t(c) * std::size_t(padded) + std::size_t(i)) * std::size_t(L)];
            for (int n = 0; n < N; ++n) {
                double u = 0;
                for (int l = 0; l < L; ++l)
                    u += out.loading[std::size_t(n * L + l)] * zc[l];
                rate[(std::size_t(c) * std::size_t(padded) + std::size_t(i)) * std::size_t(N) + std::size_t(n)] = u;
            }
        }
    // Linear read-out: raise the baselines that would let a noiseless rate fall below minRateHz.
    if (config.readout == Readout::Linear)
        for (int n = 0; n < N; ++n) {
            double lowest = out.baselineHz[std::size_t(n)];
            for (std::size_t row = 0; row < std::size_t(C) * std::size_t(padded); ++row)
                lowest = std::min(lowest, out.baselineHz[std::size_t(n)] + rate[row * std::size_t(N) + std::size_t(n)]);
            if (lowest < config.minRateHz) {
                out.baselineHz[std::size_t(n)] += config.minRateHz - lowest;
                ++out.raisedBaselines;
            }
        }
    for (std::size_t row = 0; row < std::size_t(C) * std::size_t(padded); ++row)
        for (int n = 0; n < N; ++n) {
            double& r = rate[row * std::size_t(N) + std::size_t(n)];
            const double u = out.baselineHz[std::size_t(n)] + r;
            r = config.readout == Readout::SoftPlus ? softPlus(u, config.softPlusHz) : std::max(u, 0.0);
        }

    // Noisy trial averages.
    std::vector<double> psth(rate.size(), 0.0);
    if (config.observation == Observation::Poisson) {
        // The sampler's work grows with the number of spikes: refuse settings that would take seconds.
        double spikes = 0;
        for (const double r : rate)
            spikes += r * dt * config.trials;
        require(spikes <= 2e8, "RotationalPopulation", "trials", config.trials,
                "gives more than 2e8 expected spikes at these rates and bins");
        // The sum of the trials' counts in a bin is drawn at once: a sum of independent Poisson counts of mean r·dt
        // is Poisson of mean trials·r·dt (the same distribution as drawing every trial, far fewer random numbers).
        const double toHz = 1.0 / (config.trials * dt);
        for (std::size_t j = 0; j < psth.size(); ++j)
            psth[j] = double(poisson(rate[j] * dt * config.trials, rng)) * toHz;
    } else {
        // The mean of `trials` independent N(0, σ²) is N(0, σ²/trials): one draw per bin.
        const double sd = config.gaussianNoiseHz / std::sqrt(double(config.trials));
        for (std::size_t j = 0; j < psth.size(); ++j)
            psth[j] = rate[j] + sd * rng.normal();
    }

    // Gaussian smoothing along time, then the window [pad, pad + T).
    std::vector<double> kernel(std::size_t(2 * pad + 1), 0.0);
    if (pad == 0) {
        kernel[0] = 1;
    } else {
        const double sigmaBins = config.smoothingMs / config.dtMs;
        double sum = 0;
        for (int j = -pad; j <= pad; ++j)
            sum += kernel[std::size_t(j + pad)] = std::exp(-0.5 * j * j / (sigmaBins * sigmaBins));
        for (double& w : kernel)
            w /= sum;
    }
    auto fill = [&](ConditionRates& r) {
        r.conditions = C;
        r.timeBins = T;
        r.neurons = N;
        r.dtMs = config.dtMs;
        r.hz.assign(std::size_t(C) * std::size_t(T) * std::size_t(N), 0.0);
    };
    fill(out.observed);
    fill(out.expected);
    for (int c = 0; c < C; ++c)
        for (int t = 0; t < T; ++t) {
            const std::size_t dst = (std::size_t(c) * std::size_t(T) + std::size_t(t)) * std::size_t(N);
            const std::size_t centre = (std::size_t(c) * std::size_t(padded) + std::size_t(t + pad)) * std::size_t(N);
            for (int n = 0; n < N; ++n)
                out.expected.hz[dst + std::size_t(n)] = rate[centre + std::size_t(n)];
            for (int j = -pad; j <= pad; ++j) {
                const double w = kernel[std::size_t(j + pad)];
                const std::size_t src =
                    (std::size_t(c) * std::size_t(padded) + std::size_t(t + pad + j)) * std::size_t(N);
                for (int n = 0; n < N; ++n)
                    out.observed.hz[dst + std::size_t(n)] += w * psth[src + std::size_t(n)];
            }
        }

    out.latent.resize(std::size_t(C) * std::size_t(T) * std::size_t(L));
    for (int c = 0; c < C; ++c)
        for (int t = 0; t < T; ++t)
            for (int l = 0; l < L; ++l)
                out.latent[(std::size_t(c) * std::size_t(T) + std::size_t(t)) * std::size_t(L) + std::size_t(l)] =
                    z[(std::size_t(c) * std::size_t(padded) + std::size_t(t + pad)) * std::size_t(L) + std::size_t(l)];
    out.timeMs.resize(std::size_t(T));
    for (int t = 0; t < T; ++t)
        out.timeMs[std::size_t(t)] = t * config.dtMs;
    return out;
}

LatentAnalysis analyseLatentDynamics(const ConditionRates& data, const LatentAnalysisConfig& config)
{
    data.validate();
    config.validate();
    const int C = data.conditions, T = data.timeBins, N = data.neurons, k = config.dimensions;
    const int samples = C * T;
    if (k > N)
        throw std::invalid_argument("LatentDynamics: dimensions = " + std::to_string(k) + " exceeds the " +
                                    std::to_string(N) + " neurons");
    // The centred data's rank is at most (C − 1)·T (cross-condition centring) or C·T − 1 (neuron means).
    const int rank = config.centring == Centring::CrossConditionMean ? (C - 1) * T : samples - 1;
    if (k > rank)
        throw std::invalid_argument("LatentDynamics: dimensions = " + std::to_string(k) +
                                    " exceeds the rank of the centred data (" + std::to_string(rank) + ")");
    const double dt = data.dtMs * 1e-3;

    LatentAnalysis out;
    out.conditions = C;
    out.timeBins = T;
    out.dtMs = data.dtMs;

    // 1–2. Normalise and centre.
    Eigen::MatrixXd y = rowMajor(data.hz, samples, N);
    Eigen::VectorXd scale = Eigen::VectorXd::Ones(N);
    if (config.normalize) {
        scale = (y.colwise().maxCoeff() - y.colwise().minCoeff()).transpose().array() + config.softNormHz;
        for (int n = 0; n < N; ++n)
            if (!(scale(n) > 0))
                scale(n) = 1;  // a constant neuron with softNormHz = 0: leave it (it is zero after centring)
        y = y * scale.cwiseInverse().asDiagonal();
    }
    if (config.centring == Centring::CrossConditionMean) {
        for (int t = 0; t < T; ++t) {
            Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(N);
            for (int c = 0; c < C; ++c)
                mean += y.row(c * T + t);
            mean /= C;
            for (int c = 0; c < C; ++c)
                y.row(c * T + t) -= mean;
        }
    } else {
        y.rowwise() -= y.colwise().mean();
    }

    // 3. PCA.
    const PcaBasis basis = principalComponents(y, k);
    const Eigen::MatrixXd x = y * basis.components;  // samples × k
    const double totalVariance = basis.variance.sum();
    PcaResult& pca = out.pca;
    pca.dimensions = k;
    pca.neurons = N;
    pca.components = flatten(basis.components);
    pca.variance.assign(basis.variance.data(), basis.variance.data() + k);
    for (int j = 0; j < k; ++j)
        pca.explainedFraction.push_back(basis.variance(j) / totalVariance);
    pca.scale.assign(scale.data(), scale.data() + N);
    pca.scores = flatten(x);

    const DerivativeSamples pairs = derivativeSamples(x, C, T, dt);
    const Eigen::MatrixXd& prev = pairs.prev;
    const Eigen::MatrixXd& next = pairs.next;

    // 4. LDS x_{t+1} = A x_t.
    {
        LdsResult& lds = out.lds;
        const Eigen::MatrixXd a = fitLinearDynamics(prev, next);
        lds.a = flatten(a);
        {
            const Eigen::MatrixXd inc = next - prev;
            const double total = (inc.rowwise() - inc.colwise().mean()).squaredNorm();
            lds.r2 = total > 0 ? 1.0 - (next - prev * a.transpose()).squaredNorm() / total : 0.0;
        }
        const Eigen::EigenSolver<Eigen::MatrixXd> eig(a);
        if (eig.info() != Eigen::Success)
            throw std::runtime_error("LatentDynamics: eigendecomposition of A failed");
        auto mode = [&](std::complex<double> lambda) {
            EigenMode m;
            m.modulus = std::abs(lambda);
            m.frequencyHz = std::abs(std::arg(lambda)) / (kTwoPi * dt);
            m.decayPerS = -std::log(std::max(m.modulus, 1e-300)) / dt;
            return m;
        };
        double bestVariance = -1;
        for (int j = 0; j < k; ++j) {
            const std::complex<double> lambda = eig.eigenvalues()(j);
            lds.modes.push_back(mode(lambda));
            if (lambda.imag() <= 1e-12 * std::max(1.0, std::abs(lambda)))
                continue;  // real, or the conjugate of a pair already seen
            const Eigen::VectorXcd v = eig.eigenvectors().col(j);
            Eigen::MatrixXd p(k, 2);
            p.col(0) = v.real();
            p.col(1) = v.imag();
            const double var = (x * orthonormalBasis(p)).squaredNorm();
            if (var > bestVariance) {
                bestVariance = var;
                lds.hasRotation = true;
                lds.rotationHz = lds.modes.back().frequencyHz;
                lds.rotationDecayPerS = lds.modes.back().decayPerS;
            }
        }
        std::stable_sort(lds.modes.begin(), lds.modes.end(),
                         [](const EigenMode& l, const EigenMode& r) { return l.modulus > r.modulus; });
    }

    // 5. jPCA.
    {
        JpcaResult& jp = out.jpca;
        const Eigen::MatrixXd& mid = pairs.mid;
        const Eigen::MatrixXd& dx = pairs.derivative;
        const Eigen::MatrixXd mSkew = fitSkewSymmetric(mid, dx);
        const Eigen::MatrixXd mFull = fitLinearDynamics(mid, dx);
        jp.mSkew = flatten(mSkew);
        jp.mFull = flatten(mFull);
        jp.r2Skew = fitR2(mid, dx, mSkew);
        jp.r2Full = fitR2(mid, dx, mFull);

        const Eigen::EigenSolver<Eigen::MatrixXd> eig(mSkew);
        if (eig.info() != Eigen::Success)
            throw std::runtime_error("LatentDynamics: eigendecomposition of M_skew failed");
        int top = -1;
        for (int j = 0; j < k; ++j) {
            const double w = eig.eigenvalues()(j).imag();
            if (w > 0)
                jp.pairFrequenciesHz.push_back(w / kTwoPi);
            if (w > 0 && (top < 0 || w > eig.eigenvalues()(top).imag()))
                top = j;
        }
        std::sort(jp.pairFrequenciesHz.begin(), jp.pairFrequenciesHz.end(), std::greater<>());
        Eigen::MatrixXd q(k, 2);
        if (top >= 0) {
            jp.rotationHz = eig.eigenvalues()(top).imag() / kTwoPi;
            const Eigen::VectorXcd v = eig.eigenvectors().col(top);
            q.col(0) = v.real();
            q.col(1) = -v.imag();
            // u ⊥ w and |u| = |w| for a skew (normal) matrix; Gram–Schmidt removes rounding. Only a tie between two
            // pairs could make u and w dependent: then any unit vector orthogonal to u completes the plane.
            q.col(0).normalize();
            q.col(1) -= q.col(0) * q.col(0).dot(q.col(1));
            if (q.col(1).norm() < 1e-9) {
                Eigen::Index least = 0;
                q.col(0).cwiseAbs().minCoeff(&least);
                q.col(1) = -q.col(0) * q(least, 0);
                q(least, 1) += 1;
            }
            q.col(1).normalize();
        } else {  // M_skew = 0: no rotation at all; the plane of the top two PCs, frequency 0
            q.setZero();
            q(0, 0) = 1;
            q(1, 1) = 1;
        }
        // Rotate within the plane so that the initial states spread most along jPC1.
        Eigen::MatrixXd initial(C, 2);
        for (int c = 0; c < C; ++c)
            initial.row(c) = x.row(c * T) * q;
        const Eigen::Matrix2d spread = initial.transpose() * initial;
        const double phi = 0.5 * std::atan2(2 * spread(0, 1), spread(0, 0) - spread(1, 1));
        Eigen::Matrix2d turn;
        turn << std::cos(phi), -std::sin(phi), std::sin(phi), std::cos(phi);
        q = q * turn;  // a proper rotation: the orientation (counter-clockwise flow) is kept
        if ((x.row(0) * q.col(0))(0) < 0)
            q = -q;  // a half turn, also orientation-preserving: condition 0 starts on the positive jPC1 side
        jp.plane = flatten(q);
        const Eigen::MatrixXd proj = x * q;
        jp.projection = flatten(proj);
        jp.planeVarianceFraction = proj.squaredNorm() / (double(samples) * totalVariance);
        const Eigen::MatrixXd neuronPlane = scale.asDiagonal() * (basis.components * q);
        jp.neuronPlane = flatten(orthonormalBasis(neuronPlane));
    }
    return out;
}

ConditionRates shuffleTimeWithinConditions(const ConditionRates& data, std::uint64_t seed)
{
    data.validate();
    Random rng(seed);
    ConditionRates out = data;
    const std::size_t N = std::size_t(data.neurons), T = std::size_t(data.timeBins);
    std::vector<std::size_t> order(T);
    for (std::size_t c = 0; c < std::size_t(data.conditions); ++c) {
        for (std::size_t t = 0; t < T; ++t)
            order[t] = t;
        for (std::size_t t = T - 1; t > 0; --t)  // Fisher–Yates
            std::swap(order[t], order[std::size_t(rng.bits() % (t + 1))]);
        for (std::size_t t = 0; t < T; ++t)
            for (std::size_t n = 0; n < N; ++n)
                out.hz[(c * T + t) * N + n] = data.hz[(c * T + order[t]) * N + n];
    }
    return out;
}

double planeAngleDeg(const std::vector<double>& planeA, const std::vector<double>& planeB, int neurons)
{
    if (neurons < 2 || planeA.size() != std::size_t(2 * neurons) || planeB.size() != std::size_t(2 * neurons))
        throw std::invalid_argument("planeAngleDeg: planes must be neurons x 2 (neurons = " +
                                    std::to_string(neurons) + ")");
    return largestPrincipalAngleDeg(rowMajor(planeA, neurons, 2), rowMajor(planeB, neurons, 2));
}

}  // namespace neuroai::latent
