#include "engine/pipeline/Filters.h"

#include "engine/core/Require.h"

#include <cmath>
#include <complex>
#include <numbers>

namespace neuroai::pipeline {

namespace {

constexpr double kQ = 0.70710678118654752440;  // 1/√2: the Butterworth section's quality factor

void checkCutoff(double cutoffHz, double sampleRateHz)
{
    require(std::isfinite(sampleRateHz) && sampleRateHz > 0, "Biquad", "sample rate", sampleRateHz, "must be > 0 Hz");
    require(std::isfinite(cutoffHz) && cutoffHz > 0 && cutoffHz < sampleRateHz / 2, "Biquad", "cutoff", cutoffHz,
            "must lie between 0 Hz and half the sample rate");
}

// K = tan(π·fc/fs) maps the analogue cutoff onto the digital one (pre-warping).
double warped(double cutoffHz, double sampleRateHz) { return std::tan(std::numbers::pi * cutoffHz / sampleRateHz); }

}  // namespace

Biquad Biquad::butterworthLowPass(double cutoffHz, double sampleRateHz)
{
    checkCutoff(cutoffHz, sampleRateHz);
    const double k = warped(cutoffHz, sampleRateHz), norm = 1 / (1 + k / kQ + k * k);
    Biquad f;
    f.b0 = k * k * norm;
    f.b1 = 2 * f.b0;
    f.b2 = f.b0;
    f.a1 = 2 * (k * k - 1) * norm;
    f.a2 = (1 - k / kQ + k * k) * norm;
    return f;
}

Biquad Biquad::butterworthHighPass(double cutoffHz, double sampleRateHz)
{
    checkCutoff(cutoffHz, sampleRateHz);
    const double k = warped(cutoffHz, sampleRateHz), norm = 1 / (1 + k / kQ + k * k);
    Biquad f;
    f.b0 = norm;
    f.b1 = -2 * norm;
    f.b2 = norm;
    f.a1 = 2 * (k * k - 1) * norm;
    f.a2 = (1 - k / kQ + k * k) * norm;
    return f;
}

double Biquad::gain(double frequencyHz, double sampleRateHz) const
{
    const double w = 2 * std::numbers::pi * frequencyHz / sampleRateHz;
    const std::complex<double> z1 = std::polar(1.0, -w), z2 = z1 * z1;
    return std::abs(b0 + b1 * z1 + b2 * z2) / std::abs(1.0 + a1 * z1 + a2 * z2);
}

void Biquad::apply(std::vector<double>& x) const
{
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (double& v : x) {
        const double y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = v;
        y2 = y1;
        y1 = y;
        v = y;
    }
}

void Biquad::applyBackward(std::vector<double>& x) const
{
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (auto it = x.rbegin(); it != x.rend(); ++it) {
        const double y = b0 * *it + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = *it;
        y2 = y1;
        y1 = y;
        *it = y;
    }
}

std::vector<double> zeroPhaseBandPass(std::vector<double> x, double sampleRateHz, double lowHz, double highHz)
{
    require(lowHz < highHz, "zeroPhaseBandPass", "low cutoff", lowHz, "must be below the high cutoff");
    const Biquad high = Biquad::butterworthHighPass(lowHz, sampleRateHz);
    const Biquad low = Biquad::butterworthLowPass(highHz, sampleRateHz);
    high.apply(x);
    high.applyBackward(x);
    low.apply(x);
    low.applyBackward(x);
    return x;
}

double zeroPhaseBandPassGain(double frequencyHz, double sampleRateHz, double lowHz, double highHz)
{
    const double h = Biquad::butterworthHighPass(lowHz, sampleRateHz).gain(frequencyHz, sampleRateHz);
    const double l = Biquad::butterworthLowPass(highHz, sampleRateHz).gain(frequencyHz, sampleRateHz);
    return h * h * l * l;
}

}  // namespace neuroai::pipeline
