#include "engine/nn/SmallCnn.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

namespace {

std::string number(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

void checkRange(const char* owner, const char* name, double value, double lo, double hi, bool openLow = false)
{
    if (!(std::isfinite(value) && (openLow ? value > lo : value >= lo) && value <= hi))
        throw std::invalid_argument(std::string(owner) + ": " + name + " = " + number(value) + " must be in " +
                                    (openLow ? "(" : "[") + number(lo) + ", " + number(hi) + "]");
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
void GratingSettings::validate() const
{
    const char* owner = "gratings";
    checkSize(owner, "imageSize", imageSize, 4, 256);
    checkSize(owner, "orientations", orientations, 2, 16);
    if (!(std::isfinite(orientationJitterDeg) && orientationJitterDeg >= 0 &&
          orientationJitterDeg < 90.0 / orientations))
        throw std::invalid_argument("gratings: orientationJitterDeg = " + number(orientationJitterDeg) +
                                    " must be in [0, " + number(90.0 / orientations) +
                                    ") so that the classes do not overlap");
    checkRange(owner, "minFrequency", minFrequency, 0, 0.5, true);
    checkRange(owner, "maxFrequency", maxFrequency, minFrequency, 0.5);
    checkRange(owner, "minContrast", minContrast, 0, 1);
    checkRange(owner, "noise", noise, 0, 10);
}

Eigen::VectorXd renderGrating(const GratingSettings& s, int label, Random& rng)
{
    if (label < 0 || label >= s.orientations)
        throw std::invalid_argument("gratings: label = " + std::to_string(label) + " must be in [0, " +
                                    std::to_string(s.orientations) + ")");
    constexpr double pi = std::numbers::pi;
    const double theta = (s.classAngleDeg(label) + s.orientationJitterDeg * (2 * rng.uniform() - 1)) * pi / 180;
    const double f = s.minFrequency + (s.maxFrequency - s.minFrequency) * rng.uniform();
    const double phase = 2 * pi * rng.uniform();
    const double contrast = s.minContrast + (1 - s.minContrast) * rng.uniform();
    const double kx = 2 * pi * f * std::cos(theta), ky = 2 * pi * f * std::sin(theta);
    const int n = s.imageSize;
    const double mid = 0.5 * (n - 1);
    Eigen::VectorXd image(Eigen::Index(n) * n);
    for (int row = 0; row < n; ++row)
        for (int col = 0; col < n; ++col) {
            const double x = col - mid, y = mid - row;
            image(row * n + col) = contrast * std::cos(kx * x + ky * y + phase) + s.noise * rng.normal();
        }
    return image;
}

GratingImages renderGratings(const GratingSettings& settings, int count, std::uint64_t seed)
{
    settings.validate();
    if (count < 0)
        throw std::invalid_argument("gratings: count = " + std::to_string(count) + " must be ≥ 0");
    Random rng(seed);
    GratingImages out;
    out.size = settings.imageSize;
    out.images.resize(Eigen::Index(settings.imageSize) * settings.imageSize, count);
    for (int k = 0; k < count; ++k) {
        const int label = k % settings.orientations;
        out.images.col(k) = renderGrating(settings, label, rng);
        out.labels.push_back(label);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
void SmallCnnConfig::validate() const
{
    conv().validate();
    checkSize("SmallCnn", "classes", classes, 2, 1024);
}

Conv2dConfig SmallCnnConfig::conv() const
{
    Conv2dConfig c;
    c.channels = 1;
    c.height = c.width = imageSize;
    c.filters = filters;
    c.kernel = kernel;
    c.padding = padding;
    c.initScale = initScale;
    return c;
}

SmallCnn::SmallCnn(const SmallCnnConfig& config, std::uint64_t seed)
    : m_config(validated(config)),
      m_rng(seed),
      m_conv("conv", config.conv(), m_rng),
      m_head("head", config.filters, config.classes, m_rng)
{
}

Matrix SmallCnn::forward(const Matrix& images)
{
    const int filters = m_config.filters;
    m_pre = m_conv.forward(images);
    const Eigen::Index positions = m_pre.rows() / filters, batch = m_pre.cols();
    Matrix pooled(filters, batch);
    if (m_config.pooling == Pooling::GlobalMax)
        m_argmax.assign(std::size_t(filters * batch), 0);
    for (Eigen::Index n = 0; n < batch; ++n)
        for (int f = 0; f < filters; ++f) {
            const auto map = m_pre.col(n).segment(f * positions, positions);
            if (m_config.pooling == Pooling::GlobalAverage) {
                pooled(f, n) = map.cwiseMax(0.0).mean();
            } else {
                Eigen::Index best = 0;
                const double top = map.maxCoeff(&best);
                pooled(f, n) = std::max(top, 0.0);
                m_argmax[std::size_t(n * filters + f)] = best;
            }
        }
    return m_head.forward(pooled);
}

Matrix SmallCnn::backward(const Matrix& dLogits, bool inputGradient)
{
    const int filters = m_config.filters;
    if (m_pre.cols() == 0 || dLogits.cols() != m_pre.cols() || dLogits.rows() != m_config.classes)
        throw std::invalid_argument("SmallCnn: backward with a " + std::to_string(dLogits.rows()) + " × " +
                                    std::to_string(dLogits.cols()) + " gradient after a forward of " +
                                    std::to_string(m_pre.cols()) + " images and " +
                                    std::to_string(m_config.classes) + " classes");
    const Matrix dPooled = m_head.backward(dLogits);
    const Eigen::Index positions = m_pre.rows() / filters, batch = m_pre.cols();
    Matrix dPre = Matrix::Zero(m_pre.rows(), batch);
    for (Eigen::Index n = 0; n < batch; ++n)
        for (int f = 0; f < filters; ++f) {
            const Eigen::Index first = f * positions;
            if (m_config.pooling == Pooling::GlobalAverage) {
                const double share = dPooled(f, n) / double(positions);
                for (Eigen::Index q = first; q < first + positions; ++q)
                    dPre(q, n) = m_pre(q, n) > 0 ? share : 0.0;
            } else {
                const Eigen::Index q = first + m_argmax[std::size_t(n * filters + f)];
                dPre(q, n) = m_pre(q, n) > 0 ? dPooled(f, n) : 0.0;
            }
        }
    return m_conv.backward(dPre, inputGradient);
}

TensorList SmallCnn::parameters()
{
    TensorList list;
    m_conv.collect(list);
    m_head.collect(list);
    return list;
}

std::vector<double> SmallCnn::filterImage(int filter) const
{
    if (filter < 0 || filter >= m_config.filters)
        throw std::invalid_argument("SmallCnn: filter = " + std::to_string(filter) + " must be in [0, " +
                                    std::to_string(m_config.filters) + ")");
    const Eigen::RowVectorXd row = m_conv.weight().value.row(filter);
    return std::vector<double>(row.data(), row.data() + row.size());
}

std::vector<std::vector<double>> SmallCnn::filterImages() const
{
    std::vector<std::vector<double>> out;
    for (int f = 0; f < m_config.filters; ++f)
        out.push_back(filterImage(f));
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
FilterOrientation orientationOf(const std::vector<double>& filter, int kernel)
{
    if (kernel < 1 || kernel > 256)
        throw std::invalid_argument("orientationOf: kernel = " + std::to_string(kernel) + " must be in [1, 256]");
    if (filter.size() != std::size_t(kernel) * std::size_t(kernel))
        throw std::invalid_argument("orientationOf: filter has " + std::to_string(filter.size()) +
                                    " values, expected kernel² = " + std::to_string(kernel * kernel));
    double mean = 0;
    for (const double v : filter) {
        if (!std::isfinite(v))
            throw std::invalid_argument("orientationOf: filter value " + number(v) + " is not finite");
        mean += v;
    }
    mean /= double(filter.size());
    using Complex = std::complex<double>;
    constexpr double pi = std::numbers::pi;
    const int n = 2 * kernel + 1, half = kernel;  // odd grid: frequencies u/n for u in [−half, half]
    const double mid = 0.5 * (kernel - 1);
    // Separable DFT: g(row, u) = Σ_col w e^{−2πi u x / n}, F(u, v) = Σ_row g(row, u) e^{−2πi v y / n}.
    std::vector<Complex> g(std::size_t(kernel) * std::size_t(n));
    for (int row = 0; row < kernel; ++row)
        for (int u = -half; u <= half; ++u) {
            Complex s = 0;
            for (int col = 0; col < kernel; ++col)
                s += (filter[std::size_t(row * kernel + col)] - mean) * std::polar(1.0, -2 * pi * u * (col - mid) / n);
            g[std::size_t(row * n + u + half)] = s;
        }
    Complex resultant = 0;
    double total = 0;
    for (int u = -half; u <= half; ++u)
        for (int v = -half; v <= half; ++v) {
            if (u == 0 && v == 0)
                continue;
            Complex s = 0;
            for (int row = 0; row < kernel; ++row)
                s += g[std::size_t(row * n + u + half)] * std::polar(1.0, -2 * pi * v * (mid - row) / n);
            const double power = std::norm(s);
            const double phi = std::atan2(double(v), double(u));
            resultant += power * std::polar(1.0, 2 * phi);
            total += power;
        }
    FilterOrientation out;
    if (total <= 0)
        return out;
    out.concentration = std::abs(resultant) / total;
    double angle = 0.5 * std::arg(resultant) * 180 / pi;
    if (angle < 0)
        angle += 180;
    out.angleDeg = angle >= 180 ? angle - 180 : angle;
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
void SmallCnnSettings::validate() const
{
    model.validate();
    data.validate();
    const char* owner = "SmallCnn training";
    if (model.imageSize != data.imageSize)
        throw std::invalid_argument(std::string(owner) + ": model.imageSize = " + std::to_string(model.imageSize) +
                                    " must equal data.imageSize = " + std::to_string(data.imageSize));
    if (model.classes != data.orientations)
        throw std::invalid_argument(std::string(owner) + ": model.classes = " + std::to_string(model.classes) +
                                    " must equal data.orientations = " + std::to_string(data.orientations));
    checkSize(owner, "steps", steps, 1, 10000000);
    checkSize(owner, "batch", batch, 1, 4096);
    checkRange(owner, "learningRate", learningRate, 0, 1, true);
    checkRange(owner, "weightDecay", weightDecay, 0, 1000);
    if (!(learningRate * weightDecay < 1))
        throw std::invalid_argument(std::string(owner) + ": weightDecay = " + number(weightDecay) +
                                    " times learningRate must be < 1");
    checkSize(owner, "testImages", testImages, 1, 100000);
    checkSize(owner, "evalEvery", evalEvery, 1, 10000000);
    checkSize(owner, "publishEvery", publishEvery, 1, 10000000);
}

namespace {

// Held-out mean cross-entropy and accuracy, in chunks (the im2col matrix of a chunk stays small).
void evaluate(SmallCnn& net, const GratingImages& test, double& loss, double& accuracy)
{
    constexpr Eigen::Index kChunk = 64;
    const Eigen::Index count = test.images.cols();
    double sum = 0;
    int right = 0;
    for (Eigen::Index first = 0; first < count; first += kChunk) {
        const Eigen::Index size = std::min(kChunk, count - first);
        const Matrix logits = net.forward(test.images.middleCols(first, size));
        const std::vector<int> labels(test.labels.begin() + first, test.labels.begin() + first + size);
        sum += crossEntropy(logits, labels, nullptr) * double(size);
        for (Eigen::Index k = 0; k < size; ++k) {
            Eigen::Index best = 0;
            logits.col(k).maxCoeff(&best);
            right += best == labels[std::size_t(k)] ? 1 : 0;
        }
    }
    loss = sum / double(count);
    accuracy = double(right) / double(count);
}

}  // namespace

SmallCnnResult trainSmallCnn(const SmallCnnSettings& settings, const std::function<bool(double fraction)>& progress,
                             const std::function<void(const SmallCnnSnapshot&)>& publish)
{
    settings.validate();
    // Three independent streams from one seed: the weights (the seed itself), the training batches, the test set.
    const std::uint64_t dataSeed = settings.seed ^ 0x9E3779B97F4A7C15ull;
    const std::uint64_t testSeed = settings.seed ^ 0xD1B54A32D192ED03ull;
    SmallCnn net(settings.model, settings.seed);
    TensorList parameters = net.parameters();
    OptimizerSettings adam;
    adam.learningRate = settings.learningRate;
    TensorOptimizer optimizer(adam, parameters);
    const GratingImages test = renderGratings(settings.data, settings.testImages, testSeed);
    Random rng(dataSeed);

    SmallCnnResult result;
    result.steps = settings.steps;
    result.kernel = settings.model.kernel;
    result.initialFilters = net.filterImages();
    result.filters = result.initialFilters;
    const auto evaluateNow = [&](int step) {
        double loss = 0, accuracy = 0;
        evaluate(net, test, loss, accuracy);
        result.evalSteps.push_back(step);
        result.testLoss.push_back(loss);
        result.testAccuracy.push_back(accuracy);
    };
    evaluateNow(0);
    if (publish)
        publish(result);

    const int pixels = settings.data.imageSize * settings.data.imageSize;
    Matrix images(pixels, settings.batch);
    std::vector<int> labels(std::size_t(settings.batch));
    Matrix dLogits;
    Tensor& filters = net.conv().weight();
    const double shrink = 1 - settings.learningRate * settings.weightDecay;
    for (int step = 0; step < settings.steps; ++step) {
        for (int b = 0; b < settings.batch; ++b) {
            const int label = int(rng.bits() % std::uint64_t(settings.data.orientations));
            labels[std::size_t(b)] = label;
            images.col(b) = renderGrating(settings.data, label, rng);
        }
        zeroGradients(parameters);
        const double loss = crossEntropy(net.forward(images), labels, &dLogits);
        if (!std::isfinite(loss)) {
            result.diverged = true;
            result.message = "SmallCnn: the training loss became " + number(loss) + " at step " +
                             std::to_string(step) + "; lower the learning rate";
            break;
        }
        net.backward(dLogits, false);
        optimizer.step();
        if (shrink < 1)
            filters.value *= shrink;
        result.trainLoss.push_back(loss);
        result.step = step + 1;
        bool finite = true;
        for (const Tensor* t : parameters)
            finite = finite && t->value.allFinite();
        if (!finite) {
            result.diverged = true;
            result.message = "SmallCnn: a weight became non-finite at step " + std::to_string(step + 1) +
                             "; lower the learning rate";
            break;
        }
        const bool last = result.step == settings.steps;
        if (result.step % settings.evalEvery == 0 || last)
            evaluateNow(result.step);
        if (result.step % settings.publishEvery == 0 || last) {
            result.filters = net.filterImages();
            if (publish)
                publish(result);
        }
        if (progress && !progress(double(result.step) / settings.steps)) {
            if (!last) {
                result.cancelled = true;
                result.message = "cancelled after " + std::to_string(result.step) + " of " +
                                 std::to_string(settings.steps) + " steps";
            }
            break;
        }
    }
    result.filters = net.filterImages();
    return result;
}

}  // namespace neuroai::nn
