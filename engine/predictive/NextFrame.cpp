#include "engine/predictive/NextFrame.h"

#include "engine/core/Require.h"
#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>

namespace neuroai::predictive {

namespace {

double normalCdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

struct Bar {
    double cx = 0, cy = 0;  // centre at frame 0 (px)
    double vx = 0, vy = 0;  // px / frame
    double ux = 1, uy = 0;  // unit vector along the bar
    double width = 1, contrast = 1;
};

// Draws a bar whose centre stays ≥ margin inside the frame for `frames` frames from its start.
Bar drawBar(const BarMovieConfig& c, int frames, Random& rng)
{
    for (int attempt = 0; attempt < 1000; ++attempt) {
        Bar b;
        const double theta = std::numbers::pi * rng.uniform();
        b.ux = std::cos(theta);
        b.uy = std::sin(theta);
        const double speed = c.minSpeed + (c.maxSpeed - c.minSpeed) * rng.uniform();
        const double sign = rng.uniform() < 0.5 ? -1.0 : 1.0;
        b.vx = -b.uy * speed * sign;  // along the normal (−sin θ, cos θ)
        b.vy = b.ux * speed * sign;
        b.width = c.minWidthPx + (c.maxWidthPx - c.minWidthPx) * rng.uniform();
        b.contrast = c.minContrast + (c.maxContrast - c.minContrast) * rng.uniform();
        const double travel = double(std::max(frames - 1, 0));
        const double dx = b.vx * travel, dy = b.vy * travel;
        // The path [c, c + d] must lie in [m, size − 1 − m] on each axis.
        const double x0 = c.marginPx - std::min(0.0, dx), x1 = c.width - 1 - c.marginPx - std::max(0.0, dx);
        const double y0 = c.marginPx - std::min(0.0, dy), y1 = c.height - 1 - c.marginPx - std::max(0.0, dy);
        const double ux = rng.uniform(), uy = rng.uniform();
        if (x1 < x0 || y1 < y0)
            continue;
        b.cx = x0 + (x1 - x0) * ux;
        b.cy = y0 + (y1 - y0) * uy;
        return b;
    }
    throw std::invalid_argument("BarMovieConfig: no bar path fits the frame (maxSpeed = " + numberText(c.maxSpeed) +
                                ", frames = " + std::to_string(c.frames) + ", marginPx = " + numberText(c.marginPx) + ")");
}

// Intensity of a blurred w × ℓ rectangle centred at (cx, cy) at pixel (x, y).
double barIntensity(const Bar& b, double cx, double cy, double length, double blur, double x, double y)
{
    const double along = (x - cx) * b.ux + (y - cy) * b.uy;
    const double across = -(x - cx) * b.uy + (y - cy) * b.ux;
    // Beyond 8 blur widths from the rectangle the blurred profile is below Φ(−8) ≈ 6e-16: skip the erfc calls.
    if (std::abs(along) > 0.5 * length + 8 * blur || std::abs(across) > 0.5 * b.width + 8 * blur)
        return 0.0;
    const double a = normalCdf((along + 0.5 * length) / blur) - normalCdf((along - 0.5 * length) / blur);
    const double n = normalCdf((across + 0.5 * b.width) / blur) - normalCdf((across - 0.5 * b.width) / blur);
    return b.contrast * a * n;
}

void drawInto(std::vector<double>& frame, const BarMovieConfig& c, const Bar& b, double cx, double cy)
{
    for (int row = 0; row < c.height; ++row)
        for (int col = 0; col < c.width; ++col) {
            double& v = frame[std::size_t(row * c.width + col)];
            v += barIntensity(b, cx, cy, c.lengthPx, c.blurPx, col, row);
        }
}

void markInto(std::vector<int>& mask, const BarMovieConfig& c, const Bar& b, double cx, double cy)
{
    for (int row = 0; row < c.height; ++row)
        for (int col = 0; col < c.width; ++col)
            if (barIntensity(b, cx, cy, c.lengthPx, c.blurPx, col, row) > c.maskThreshold * b.contrast)
                mask[std::size_t(row * c.width + col)] = 1;
}

void checkFrames(const std::vector<std::vector<double>>& frames, int width, int height)
{
    require(width >= 1 && width <= 4096, "NextFramePredictor", "width", width, "must be in [1, 4096]");
    require(height >= 1 && height <= 4096, "NextFramePredictor", "height", height, "must be in [1, 4096]");
    for (std::size_t t = 0; t < frames.size(); ++t) {
        if (frames[t].size() != std::size_t(width) * std::size_t(height))
            throw std::invalid_argument("NextFramePredictor: frame " + std::to_string(t) + " has " +
                                        std::to_string(frames[t].size()) + " pixels, expected " +
                                        std::to_string(width) + " x " + std::to_string(height));
        for (const double v : frames[t])
            if (!std::isfinite(v))
                throw std::invalid_argument("NextFramePredictor: frame " + std::to_string(t) + " has a pixel = " +
                                            numberText(v) + " (not finite)");
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------------
// Movies

void BarMovieConfig::validate() const
{
    const char* w = "BarMovieConfig";
    require(width >= 4 && width <= 512, w, "width", width, "must be in [4, 512]");
    require(height >= 4 && height <= 512, w, "height", height, "must be in [4, 512]");
    require(frames >= 2 && frames <= 10000, w, "frames", frames, "must be in [2, 10000]");
    require(bars >= 0 && bars <= 100, w, "bars", bars, "must be in [0, 100]");
    require(std::isfinite(minWidthPx) && minWidthPx > 0, w, "minWidthPx", minWidthPx, "must be > 0");
    require(std::isfinite(maxWidthPx) && maxWidthPx >= minWidthPx && maxWidthPx <= std::max(width, height), w,
            "maxWidthPx", maxWidthPx, "must be in [minWidthPx, frame size]");
    require(std::isfinite(lengthPx) && lengthPx > 0 && lengthPx <= 4 * std::max(width, height), w, "lengthPx",
            lengthPx, "must be in (0, 4 × frame size]");
    require(std::isfinite(blurPx) && blurPx > 0 && blurPx <= std::max(width, height), w, "blurPx", blurPx,
            "must be in (0, frame size]");
    require(std::isfinite(minSpeed) && minSpeed >= 0, w, "minSpeed", minSpeed, "must be >= 0");
    require(std::isfinite(maxSpeed) && maxSpeed >= minSpeed && maxSpeed <= std::max(width, height), w, "maxSpeed",
            maxSpeed, "must be in [minSpeed, frame size]");
    require(std::isfinite(minContrast) && minContrast > 0, w, "minContrast", minContrast, "must be > 0");
    require(std::isfinite(maxContrast) && maxContrast >= minContrast && maxContrast <= 1e3, w, "maxContrast",
            maxContrast, "must be in [minContrast, 1000]");
    require(std::isfinite(marginPx) && marginPx >= 0 && 2 * marginPx < std::min(width, height) - 1, w, "marginPx",
            marginPx, "must be >= 0 and leave room inside the frame");
    require(std::isfinite(noise) && noise >= 0 && noise <= 1e3, w, "noise", noise, "must be in [0, 1000]");
    require(int(event) >= 0 && int(event) <= 2, w, "event", int(event), "must be None, Reverse or Appear");
    if (event != MovieEvent::None) {
        require(eventFrame >= 2 && eventFrame < frames, w, "eventFrame", eventFrame, "must be in [2, frames)");
        require(event != MovieEvent::Reverse || bars >= 1, w, "bars", bars, "must be >= 1 for a Reverse event");
    }
    require(std::isfinite(maskThreshold) && maskThreshold > 0 && maskThreshold < 1, w, "maskThreshold", maskThreshold,
            "must be in (0, 1)");
    require(maskDilationPx >= 0 && maskDilationPx <= 64, w, "maskDilationPx", maskDilationPx, "must be in [0, 64]");
}

BarMovie generateBarMovie(const BarMovieConfig& c, std::uint64_t seed)
{
    c.validate();
    Random rng(seed);
    const int n = c.width * c.height;
    std::vector<Bar> bars;
    for (int i = 0; i < c.bars; ++i)
        bars.push_back(drawBar(c, c.frames, rng));
    // The appearing bar: its path fits from t* to the end.
    Bar extra;
    if (c.event == MovieEvent::Appear)
        extra = drawBar(c, c.frames - c.eventFrame, rng);
    BarMovie m;
    m.width = c.width;
    m.height = c.height;
    const int barCount = c.bars + (c.event == MovieEvent::Appear ? 1 : 0);
    m.centres.assign(std::size_t(barCount), std::vector<double>(std::size_t(2 * c.frames),
                                                                  std::numeric_limits<double>::quiet_NaN()));
    // Position of bar i at frame t (with the event's change).
    auto position = [&](int i, int t, bool withEvent, double& x, double& y) {
        const Bar& b = bars[std::size_t(i)];
        double s = t;  // frames travelled along v
        if (withEvent && c.event == MovieEvent::Reverse && i == 0 && t >= c.eventFrame)
            s = 2.0 * (c.eventFrame - 1) - t;  // p(t*−1) − v·(t − t* + 1)
        x = b.cx + b.vx * s;
        y = b.cy + b.vy * s;
    };
    for (int t = 0; t < c.frames; ++t) {
        std::vector<double> frame(std::size_t(n), 0.0);
        for (int i = 0; i < c.bars; ++i) {
            double x = 0, y = 0;
            position(i, t, true, x, y);
            drawInto(frame, c, bars[std::size_t(i)], x, y);
            m.centres[std::size_t(i)][std::size_t(2 * t)] = x;
            m.centres[std::size_t(i)][std::size_t(2 * t + 1)] = y;
        }
        if (c.event == MovieEvent::Appear && t >= c.eventFrame) {
            const double s = t - c.eventFrame;
            const double x = extra.cx + extra.vx * s, y = extra.cy + extra.vy * s;
            drawInto(frame, c, extra, x, y);
            m.centres[std::size_t(c.bars)][std::size_t(2 * t)] = x;
            m.centres[std::size_t(c.bars)][std::size_t(2 * t + 1)] = y;
        }
        if (c.noise > 0)
            for (double& v : frame)
                v += c.noise * rng.normal();
        m.frames.push_back(std::move(frame));
    }
    if (c.event != MovieEvent::None) {
        m.eventFrame = c.eventFrame;
        std::vector<int> mask(std::size_t(n), 0);
        if (c.event == MovieEvent::Reverse) {
            double x = 0, y = 0;
            position(0, c.eventFrame - 1, true, x, y);
            markInto(mask, c, bars[0], x, y);
            position(0, c.eventFrame, true, x, y);
            markInto(mask, c, bars[0], x, y);
            position(0, c.eventFrame, false, x, y);  // where it would have been
            markInto(mask, c, bars[0], x, y);
        } else {
            markInto(mask, c, extra, extra.cx, extra.cy);
        }
        m.eventMask.assign(std::size_t(n), 0);
        const int d = c.maskDilationPx;
        for (int row = 0; row < c.height; ++row)
            for (int col = 0; col < c.width; ++col) {
                bool hit = false;
                for (int dr = -d; dr <= d && !hit; ++dr)
                    for (int dc = -d; dc <= d && !hit; ++dc) {
                        const int r = row + dr, q = col + dc;
                        hit = r >= 0 && r < c.height && q >= 0 && q < c.width && mask[std::size_t(r * c.width + q)];
                    }
                m.eventMask[std::size_t(row * c.width + col)] = hit ? 1 : 0;
            }
    }
    return m;
}

std::vector<BarMovie> generateBarMovies(const BarMovieConfig& config, int count, std::uint64_t seed)
{
    require(count >= 0 && count <= 100000, "BarMovieConfig", "count", count, "must be in [0, 100000]");
    std::vector<BarMovie> movies;
    for (int i = 0; i < count; ++i)
        movies.push_back(generateBarMovie(config, seed + std::uint64_t(i)));
    return movies;
}

void errorUnits(const std::vector<double>& actual, const std::vector<double>& predicted, std::vector<double>& positive,
                std::vector<double>& negative)
{
    if (actual.size() != predicted.size())
        throw std::invalid_argument("errorUnits: actual has " + std::to_string(actual.size()) +
                                    " pixels but predicted has " + std::to_string(predicted.size()));
    positive.assign(actual.size(), 0.0);
    negative.assign(actual.size(), 0.0);
    for (std::size_t i = 0; i < actual.size(); ++i) {
        const double d = actual[i] - predicted[i];
        positive[i] = std::max(d, 0.0);
        negative[i] = std::max(-d, 0.0);
    }
}

// ---------------------------------------------------------------------------------------------------------------------
// Predictor

void NextFrameConfig::validate() const
{
    const char* w = "NextFramePredictor";
    require(radius >= 0 && radius <= 10, w, "radius", radius, "must be in [0, 10]");
    require(history >= 2 && history <= 3, w, "history", history, "must be 2 or 3");
    require(std::isfinite(ridge) && ridge >= 0 && ridge <= 1e6, w, "ridge", ridge, "must be in [0, 1e6]");
}

NextFramePredictor::NextFramePredictor(const NextFrameConfig& config) : m_config(config) { m_config.validate(); }

int NextFramePredictor::inputMaps() const
{
    return m_config.unconstrained ? m_config.history : m_config.history - 1;
}

int NextFramePredictor::featureCount() const
{
    const int side = 2 * m_config.radius + 1;
    return inputMaps() * side * side + (m_config.unconstrained ? 1 : 0);
}

void NextFramePredictor::setWeights(const std::vector<double>& weights)
{
    if (int(weights.size()) != featureCount())
        throw std::invalid_argument("NextFramePredictor: weights has " + std::to_string(weights.size()) +
                                    " values, expected " + std::to_string(featureCount()));
    for (const double v : weights)
        require(std::isfinite(v), "NextFramePredictor", "weights", v, "must be finite");
    m_weights = weights;
}

// The input maps for predicting frame t + 1 are A_{t−j} (unconstrained) or D_{t−j} = A_{t−j} − A_{t−j−1}; a map
// reaching before frame 0 is zero.
void NextFramePredictor::features(const std::vector<std::vector<double>>& frames, int t, int width, int height,
                                  int pixel, double* out) const
{
    const int r = m_config.radius;
    const int row = pixel / width, col = pixel % width;
    int k = 0;
    for (int j = 0; j < inputMaps(); ++j) {
        const int a = t - j;  // newer frame of the map
        const bool present = m_config.unconstrained ? a >= 0 : a - 1 >= 0;
        for (int dr = -r; dr <= r; ++dr)
            for (int dc = -r; dc <= r; ++dc, ++k) {
                const int y = row + dr, x = col + dc;
                if (!present || y < 0 || y >= height || x < 0 || x >= width) {
                    out[k] = 0;
                    continue;
                }
                const std::size_t p = std::size_t(y * width + x);
                out[k] = m_config.unconstrained ? frames[std::size_t(a)][p]
                                                : frames[std::size_t(a)][p] - frames[std::size_t(a - 1)][p];
            }
    }
    if (m_config.unconstrained)
        out[k] = 1.0;
}

NextFrameTraining NextFramePredictor::train(const std::vector<BarMovie>& movies,
                                            const std::function<bool(double)>& progress)
{
    if (movies.empty())
        throw std::invalid_argument("NextFramePredictor: movies is empty");
    const int width = movies.front().width, height = movies.front().height;
    for (std::size_t i = 0; i < movies.size(); ++i) {
        if (movies[i].width != width || movies[i].height != height)
            throw std::invalid_argument("NextFramePredictor: movie " + std::to_string(i) + " is " +
                                        std::to_string(movies[i].width) + " x " + std::to_string(movies[i].height) +
                                        ", the first is " + std::to_string(width) + " x " + std::to_string(height));
        if (int(movies[i].frames.size()) < m_config.history + 1)
            throw std::invalid_argument("NextFramePredictor: movie " + std::to_string(i) + " has " +
                                        std::to_string(movies[i].frames.size()) + " frames, needs history + 1 = " +
                                        std::to_string(m_config.history + 1));
        checkFrames(movies[i].frames, width, height);
    }
    const int p = featureCount();
    const int n = width * height;
    Eigen::MatrixXd xtx = Eigen::MatrixXd::Zero(p, p);
    Eigen::VectorXd xty = Eigen::VectorXd::Zero(p);
    Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x(n, p);
    Eigen::VectorXd y(n);
    NextFrameTraining out;
    ProgressThrottle report(progress);
    for (std::size_t i = 0; i < movies.size(); ++i) {
        const auto& frames = movies[i].frames;
        for (int t = m_config.history - 1; t + 1 < int(frames.size()); ++t) {
            for (int pix = 0; pix < n; ++pix) {
                features(frames, t, width, height, pix, x.row(pix).data());
                const double next = frames[std::size_t(t + 1)][std::size_t(pix)];
                y(pix) = m_config.unconstrained ? next : next - frames[std::size_t(t)][std::size_t(pix)];
            }
            xtx.selfadjointView<Eigen::Lower>().rankUpdate(x.transpose());
            xty += x.transpose() * y;
            out.samples += n;
        }
        if (!report(double(i + 1) / double(movies.size()))) {
            out.cancelled = true;
            return out;
        }
    }
    xtx = xtx.selfadjointView<Eigen::Lower>();
    const double scale = std::max(xtx.diagonal().mean(), 1e-300);
    xtx.diagonal().array() += m_config.ridge * scale;
    const Eigen::VectorXd w = xtx.ldlt().solve(xty);
    if (!w.allFinite())
        throw std::invalid_argument("NextFramePredictor: the training movies do not determine the weights (set ridge > 0)");
    m_weights.assign(w.data(), w.data() + w.size());
    double mae = 0, base = 0;
    int count = 0;
    for (const BarMovie& m : movies) {
        const PredictionRun run = this->run(m);
        mae += run.meanAbsError;
        base += run.baselineMeanAbsError;
        ++count;
    }
    out.trainMeanAbsError = mae / count;
    out.trainBaselineMeanAbsError = base / count;
    report(1.0, true);
    return out;
}

std::vector<double> NextFramePredictor::predictNext(const std::vector<std::vector<double>>& frames, int t, int width,
                                                    int height) const
{
    if (!trained())
        throw std::invalid_argument("NextFramePredictor: not trained (call train or setWeights first)");
    if (t < 0 || t >= int(frames.size()))
        throw std::invalid_argument("NextFramePredictor: t = " + std::to_string(t) + " is outside [0, " +
                                    std::to_string(frames.size()) + ")");
    const int n = width * height;
    const int p = featureCount();
    std::vector<double> f(static_cast<std::size_t>(p));
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int pix = 0; pix < n; ++pix) {
        features(frames, t, width, height, pix, f.data());
        double v = m_config.unconstrained ? 0.0 : frames[std::size_t(t)][std::size_t(pix)];
        for (int k = 0; k < p; ++k)
            v += m_weights[std::size_t(k)] * f[std::size_t(k)];
        out[std::size_t(pix)] = v;
    }
    return out;
}

PredictionRun NextFramePredictor::run(const BarMovie& movie) const { return run(movie.frames, movie.width, movie.height); }

PredictionRun NextFramePredictor::run(const std::vector<std::vector<double>>& frames, int width, int height) const
{
    checkFrames(frames, width, height);
    if (!trained())
        throw std::invalid_argument("NextFramePredictor: not trained (call train or setWeights first)");
    PredictionRun run;
    run.width = width;
    run.height = height;
    run.firstScoredFrame = m_config.history;
    const std::size_t n = std::size_t(width) * std::size_t(height);
    int scored = 0;
    for (std::size_t t = 0; t < frames.size(); ++t) {
        FramePrediction f;
        f.prediction = t == 0 ? std::vector<double>(n, 0.0) : predictNext(frames, int(t) - 1, width, height);
        errorUnits(frames[t], f.prediction, f.errorPositive, f.errorNegative);
        double base = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double d = frames[t][i] - f.prediction[i];
            f.meanAbsError += std::abs(d);
            f.errorEnergy += d * d;
            base += std::abs(frames[t][i] - (t == 0 ? 0.0 : frames[t - 1][i]));
        }
        f.meanAbsError /= double(n);
        f.baselineMeanAbsError = base / double(n);
        if (int(t) >= run.firstScoredFrame) {
            run.meanAbsError += f.meanAbsError;
            run.baselineMeanAbsError += f.baselineMeanAbsError;
            ++scored;
        }
        run.frames.push_back(std::move(f));
    }
    if (scored > 0) {
        run.meanAbsError /= scored;
        run.baselineMeanAbsError /= scored;
    }
    return run;
}

}  // namespace neuroai::predictive
