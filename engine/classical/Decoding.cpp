#include "engine/classical/Decoding.h"

#include "engine/core/Random.h"
#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace neuroai::classical {

namespace {

void checkPopulation(const PopulationSetup& s)
{
    const char* who = "simulatePopulation";
    require(s.neurons >= 1 && s.neurons <= 1024, who, "neurons", s.neurons, "must lie in [1, 1024]");
    require(s.stimuli >= 2 && s.stimuli <= 64, who, "stimuli", s.stimuli, "must lie in [2, 64]");
    require(s.trialsPerStimulus >= 2 && s.trialsPerStimulus <= 5000, who, "trials per stimulus", s.trialsPerStimulus,
            "must lie in [2, 5000]");
    require(std::isfinite(s.baselineHz) && s.baselineHz >= 0 && s.baselineHz <= 200, who, "baseline rate (Hz)",
            s.baselineHz, "must lie in [0, 200]");
    require(std::isfinite(s.peakHz) && s.peakHz >= 0 && s.peakHz <= 200, who, "peak rate (Hz)", s.peakHz,
            "must lie in [0, 200]");
    require(std::isfinite(s.kappa) && s.kappa >= 0 && s.kappa <= 50, who, "kappa", s.kappa, "must lie in [0, 50]");
    require(std::isfinite(s.windowMs) && s.windowMs > 0 && s.windowMs <= 2000, who, "window (ms)", s.windowMs,
            "must lie in (0, 2000]");
}

// Poisson deviate by inversion (the means here stay below 800, so e^{−μ} does not underflow).
int poisson(Random& rng, double mean)
{
    if (mean <= 0)
        return 0;
    double u = rng.uniform(), p = std::exp(-mean), cumulative = p;
    int k = 0;
    while (u > cumulative && k < 100000) {
        ++k;
        p *= mean / k;
        cumulative += p;
        if (p == 0)
            break;
    }
    return k;
}

Eigen::MatrixXd oneHot(const std::vector<int>& labels, int classes)
{
    Eigen::MatrixXd y = Eigen::MatrixXd::Zero(Eigen::Index(labels.size()), classes);
    for (std::size_t i = 0; i < labels.size(); ++i)
        y(Eigen::Index(i), labels[i]) = 1;
    return y;
}

}  // namespace

double preferredDirection(int neuron, int neurons) { return 360.0 * (neuron + 0.5) / neurons; }

double tuningRate(const PopulationSetup& s, int neuron, double directionDeg)
{
    const double delta = (directionDeg - preferredDirection(neuron, s.neurons)) * std::numbers::pi / 180;
    return s.baselineHz + s.peakHz * std::exp(s.kappa * (std::cos(delta) - 1));
}

Dataset simulatePopulation(const PopulationSetup& s)
{
    checkPopulation(s);
    Random rng(s.seed);
    Dataset d;
    d.classes = s.stimuli;
    d.x.resize(Eigen::Index(s.stimuli) * s.trialsPerStimulus, s.neurons);
    d.labels.reserve(std::size_t(s.stimuli) * std::size_t(s.trialsPerStimulus));
    for (int k = 0; k < s.stimuli; ++k) {
        const double direction = 360.0 * k / s.stimuli;
        for (int t = 0; t < s.trialsPerStimulus; ++t) {
            const Eigen::Index row = Eigen::Index(k) * s.trialsPerStimulus + t;
            for (int i = 0; i < s.neurons; ++i)
                d.x(row, i) = poisson(rng, tuningRate(s, i, direction) * s.windowMs / 1000);
            d.labels.push_back(k);
        }
    }
    return d;
}

double softmaxLoss(const Eigen::MatrixXd& x, const std::vector<int>& labels, const Eigen::MatrixXd& w,
                   const Eigen::VectorXd& b, double l2, Eigen::MatrixXd* gradW, Eigen::VectorXd* gradB)
{
    const auto n = x.rows();
    Eigen::MatrixXd logits = x * w.transpose();
    logits.rowwise() += b.transpose();
    double loss = 0;
    for (Eigen::Index i = 0; i < n; ++i) {
        const double top = logits.row(i).maxCoeff();
        logits.row(i).array() -= top;
        const double logSum = std::log(logits.row(i).array().exp().sum());
        loss -= logits(i, labels[std::size_t(i)]) - logSum;
        logits.row(i) = (logits.row(i).array() - logSum).exp();  // now the probabilities
    }
    loss = loss / double(n) + 0.5 * l2 * w.squaredNorm();
    if (gradW || gradB) {
        const Eigen::MatrixXd residual = (logits - oneHot(labels, int(w.rows()))) / double(n);
        if (gradW)
            *gradW = residual.transpose() * x + l2 * w;
        if (gradB)
            *gradB = residual.colwise().sum().transpose();
    }
    return loss;
}

LinearClassifier LinearClassifier::train(const Dataset& data, const std::vector<int>& rows, const ClassifierSetup& s)
{
    require(!rows.empty(), "LinearClassifier", "training trials", 0, "must not be empty");
    require(std::isfinite(s.shrinkage) && s.shrinkage >= 0 && s.shrinkage <= 1, "LinearClassifier", "shrinkage",
            s.shrinkage, "must lie in [0, 1]");
    require(std::isfinite(s.l2) && s.l2 >= 0, "LinearClassifier", "l2", s.l2, "must be finite and ≥ 0");
    const auto n = Eigen::Index(rows.size()), d = data.x.cols();
    const int classes = data.classes;
    Eigen::MatrixXd x(n, d);
    std::vector<int> labels(rows.size());
    for (Eigen::Index i = 0; i < n; ++i) {
        x.row(i) = data.x.row(rows[std::size_t(i)]);
        labels[std::size_t(i)] = data.labels[std::size_t(rows[std::size_t(i)])];
    }
    LinearClassifier c;
    c.m_mean = x.colwise().mean();
    x.rowwise() -= c.m_mean;
    c.m_scale = (x.colwise().squaredNorm() / double(std::max<Eigen::Index>(n - 1, 1))).array().sqrt();
    for (Eigen::Index j = 0; j < d; ++j)
        if (!(c.m_scale(j) > 1e-12))
            c.m_scale(j) = 1;
    x.array().rowwise() /= c.m_scale.array();

    if (s.kind == Classifier::Lda) {
        Eigen::MatrixXd means = Eigen::MatrixXd::Zero(classes, d);
        std::vector<double> counts(std::size_t(classes), 0);
        for (Eigen::Index i = 0; i < n; ++i) {
            means.row(labels[std::size_t(i)]) += x.row(i);
            counts[std::size_t(labels[std::size_t(i)])] += 1;
        }
        for (int k = 0; k < classes; ++k)
            if (counts[std::size_t(k)] > 0)
                means.row(k) /= counts[std::size_t(k)];
        Eigen::MatrixXd within = Eigen::MatrixXd::Zero(d, d);
        for (Eigen::Index i = 0; i < n; ++i) {
            const Eigen::RowVectorXd r = x.row(i) - means.row(labels[std::size_t(i)]);
            within.noalias() += r.transpose() * r;
        }
        within /= double(std::max<Eigen::Index>(n - classes, 1));
        const double average = within.trace() / double(d);
        Eigen::MatrixXd shrunk = (1 - s.shrinkage) * within;
        // A tiny floor keeps an unshrunk covariance of constant features invertible.
        shrunk.diagonal().array() += s.shrinkage * average + 1e-9 * std::max(average, 1.0);
        const Eigen::LDLT<Eigen::MatrixXd> solver(shrunk);
        c.m_w = solver.solve(means.transpose()).transpose();  // classes × d
        c.m_b.resize(classes);
        for (int k = 0; k < classes; ++k) {
            const double prior = counts[std::size_t(k)] / double(n);
            c.m_b(k) = -0.5 * c.m_w.row(k).dot(means.row(k)) +
                       (prior > 0 ? std::log(prior) : -std::numeric_limits<double>::infinity());
        }
        return c;
    }

    // Logistic regression: Nesterov's accelerated gradient with step 1/L and a restart whenever the momentum step
    // would raise the loss (then a plain gradient step, which cannot), so the recorded loss never increases.
    require(s.iterations >= 1 && s.iterations <= 100000, "LinearClassifier", "iterations", s.iterations,
            "must lie in [1, 100000]");
    Eigen::MatrixXd xb(n, d + 1);
    xb << x, Eigen::VectorXd::Ones(n);
    const double largest =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(xb.transpose() * xb / double(n), Eigen::EigenvaluesOnly)
            .eigenvalues()
            .maxCoeff();
    const double step = 1 / (0.5 * largest + s.l2);
    Eigen::MatrixXd w = Eigen::MatrixXd::Zero(classes, d), wPrev = w, gw;
    Eigen::VectorXd b = Eigen::VectorXd::Zero(classes), bPrev = b, gb;
    double loss = softmaxLoss(x, labels, w, b, s.l2);
    double momentum = 1;
    for (int it = 0; it < s.iterations; ++it) {
        const double next = 0.5 * (1 + std::sqrt(1 + 4 * momentum * momentum));
        const double beta = (momentum - 1) / next;
        const Eigen::MatrixXd yw = w + beta * (w - wPrev);
        const Eigen::VectorXd yb = b + beta * (b - bPrev);
        softmaxLoss(x, labels, yw, yb, s.l2, &gw, &gb);
        Eigen::MatrixXd candidateW = yw - step * gw;
        Eigen::VectorXd candidateB = yb - step * gb;
        double candidate = softmaxLoss(x, labels, candidateW, candidateB, s.l2);
        momentum = next;
        if (candidate > loss) {
            softmaxLoss(x, labels, w, b, s.l2, &gw, &gb);
            candidateW = w - step * gw;
            candidateB = b - step * gb;
            candidate = softmaxLoss(x, labels, candidateW, candidateB, s.l2);
            momentum = 1;
        }
        wPrev = w;
        bPrev = b;
        w = candidateW;
        b = candidateB;
        loss = candidate;
        c.m_loss.push_back(loss);
    }
    c.m_w = w;
    c.m_b = b;
    return c;
}

int LinearClassifier::predict(const Eigen::Ref<const Eigen::RowVectorXd>& x) const
{
    const Eigen::RowVectorXd z = (x - m_mean).array() / m_scale.array();
    const Eigen::VectorXd scores = m_w * z.transpose() + m_b;
    Eigen::Index best = 0;
    scores.maxCoeff(&best);
    return int(best);
}

double crossValidatedAccuracy(const Dataset& full, const ClassifierSetup& setup, int folds, std::uint64_t seed,
                              const std::vector<int>& features)
{
    Dataset data;
    const Dataset* use = &full;
    if (!features.empty()) {
        data.classes = full.classes;
        data.labels = full.labels;
        data.x.resize(full.x.rows(), Eigen::Index(features.size()));
        for (std::size_t j = 0; j < features.size(); ++j) {
            require(features[j] >= 0 && features[j] < full.x.cols(), "crossValidatedAccuracy", "feature",
                    features[j], "is not a column of the data");
            data.x.col(Eigen::Index(j)) = full.x.col(features[j]);
        }
        use = &data;
    }
    std::vector<std::vector<int>> byClass(std::size_t(use->classes));
    for (std::size_t i = 0; i < use->labels.size(); ++i)
        byClass[std::size_t(use->labels[i])].push_back(int(i));
    std::size_t fewest = use->labels.size();
    for (const auto& rows : byClass)
        fewest = std::min(fewest, rows.size());
    require(folds >= 2 && std::size_t(folds) <= fewest, "crossValidatedAccuracy", "folds", folds,
            "must lie between 2 and the trials of the rarest stimulus");
    Random rng(seed);
    std::vector<int> foldOf(use->labels.size(), 0);
    for (auto& rows : byClass) {
        for (std::size_t i = rows.size(); i > 1; --i)
            std::swap(rows[i - 1], rows[std::size_t(rng.uniform() * double(i)) % i]);
        for (std::size_t i = 0; i < rows.size(); ++i)
            foldOf[std::size_t(rows[i])] = int(i % std::size_t(folds));
    }
    int correct = 0;
    for (int f = 0; f < folds; ++f) {
        std::vector<int> train, test;
        for (std::size_t i = 0; i < foldOf.size(); ++i)
            (foldOf[i] == f ? test : train).push_back(int(i));
        const LinearClassifier c = LinearClassifier::train(*use, train, setup);
        for (const int i : test)
            correct += c.predict(use->x.row(i)) == use->labels[std::size_t(i)] ? 1 : 0;
    }
    return double(correct) / double(use->labels.size());
}

double bayesAccuracyTwoGaussians(double mahalanobis)
{
    return 0.5 * std::erfc(-mahalanobis / (2 * std::numbers::sqrt2));
}

}  // namespace neuroai::classical
