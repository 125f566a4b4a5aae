#include "engine/vision/NaturalImages.h"

#include "engine/core/Require.h"
#include "engine/core/Random.h"

#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::vision {

namespace {

using Complex = std::complex<double>;

void checkSize(const char* who, int width, int height)
{
    require(width >= 8 && width <= 4096, who, "width", width, "must be in [8, 4096]");
    require(height >= 8 && height <= 4096, who, "height", height, "must be in [8, 4096]");
}

// In-place 2-D DFT of a row-major width × height complex array (inverse: scaled by 1/(w·h)).
void fft2(std::vector<Complex>& data, int width, int height, bool inverse)
{
    Eigen::FFT<double> fft;
    std::vector<Complex> in, out;
    in.resize(std::size_t(width));
    for (int y = 0; y < height; ++y) {
        std::copy_n(data.begin() + std::ptrdiff_t(y) * width, width, in.begin());
        if (inverse)
            fft.inv(out, in);
        else
            fft.fwd(out, in);
        std::copy_n(out.begin(), width, data.begin() + std::ptrdiff_t(y) * width);
    }
    in.resize(std::size_t(height));
    for (int x = 0; x < width; ++x) {
        for (int y = 0; y < height; ++y)
            in[std::size_t(y)] = data[std::size_t(y) * std::size_t(width) + std::size_t(x)];
        if (inverse)
            fft.inv(out, in);
        else
            fft.fwd(out, in);
        for (int y = 0; y < height; ++y)
            data[std::size_t(y) * std::size_t(width) + std::size_t(x)] = out[std::size_t(y)];
    }
}

std::vector<Complex> spectrumOf(const GrayImage& image)
{
    std::vector<Complex> data(image.pixels.begin(), image.pixels.end());
    fft2(data, image.width, image.height, false);
    return data;
}

// Signed DFT frequency index of bin k of n: k for k ≤ n/2, k − n above.
int signedIndex(int k, int n) { return k <= n / 2 ? k : k - n; }

// Circular separable Gaussian blur.
void blurCircular(GrayImage& image, double sigma)
{
    const int radius = int(std::ceil(3.0 * sigma));
    std::vector<double> kernel(std::size_t(2 * radius + 1));
    double sum = 0;
    for (int k = -radius; k <= radius; ++k)
        sum += kernel[std::size_t(k + radius)] = std::exp(-0.5 * k * k / (sigma * sigma));
    for (double& k : kernel)
        k /= sum;
    const int w = image.width, h = image.height;
    std::vector<double> tmp(image.pixels.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double s = 0;
            for (int k = -radius; k <= radius; ++k)
                s += kernel[std::size_t(k + radius)] * image.at(((x + k) % w + w) % w, y);
            tmp[std::size_t(y) * std::size_t(w) + std::size_t(x)] = s;
        }
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double s = 0;
            for (int k = -radius; k <= radius; ++k)
                s += kernel[std::size_t(k + radius)] * tmp[std::size_t(((y + k) % h + h) % h) * std::size_t(w) + std::size_t(x)];
            image.at(x, y) = s;
        }
}

}  // namespace

void DeadLeavesSettings::validate() const
{
    const char* who = "DeadLeaves";
    require(std::isfinite(minRadius) && minRadius >= 0.5, who, "minRadius", minRadius, "must be ≥ 0.5 px");
    require(std::isfinite(maxRadius) && maxRadius >= minRadius, who, "maxRadius", maxRadius, "must be ≥ minRadius");
    require(std::isfinite(sizeExponent) && sizeExponent >= 0 && sizeExponent <= 10, who, "sizeExponent", sizeExponent,
            "must be in [0, 10]");
    require(std::isfinite(discFraction) && discFraction >= 0 && discFraction <= 1, who, "discFraction", discFraction,
            "must be in [0, 1]");
    require(std::isfinite(ellipseFraction) && ellipseFraction >= 0 && discFraction + ellipseFraction <= 1, who,
            "ellipseFraction", ellipseFraction, "must be ≥ 0 with discFraction + ellipseFraction ≤ 1");
    require(std::isfinite(maxAspect) && maxAspect >= 1 && maxAspect <= 20, who, "maxAspect", maxAspect,
            "must be in [1, 20]");
    require(std::isfinite(blurSigma) && blurSigma >= 0 && blurSigma <= 10, who, "blurSigma", blurSigma,
            "must be in [0, 10] px");
    require(std::isfinite(noiseSigma) && noiseSigma >= 0, who, "noiseSigma", noiseSigma, "must be ≥ 0");
    require(maxLeaves >= 1, who, "maxLeaves", double(maxLeaves), "must be ≥ 1");
}

GrayImage deadLeaves(int width, int height, std::uint64_t seed, const DeadLeavesSettings& s)
{
    checkSize("DeadLeaves", width, height);
    s.validate();
    Random rng(seed);
    GrayImage image(width, height, 0.5);
    std::vector<unsigned char> covered(image.pixels.size(), 0);
    std::size_t uncovered = covered.size();

    // Inverse CDF of p(r) ∝ r^−α on [rmin, rmax].
    const double a = s.sizeExponent;
    const double rmin = std::min(s.minRadius, 0.5 * std::min(width, height));
    const double rmax = std::clamp(s.maxRadius, rmin, 0.5 * std::min(width, height));
    auto drawRadius = [&](double u) {
        if (rmax <= rmin)
            return rmin;
        if (std::abs(a - 1.0) < 1e-12)
            return rmin * std::pow(rmax / rmin, u);
        const double e = 1.0 - a;
        const double lo = std::pow(rmin, e), hi = std::pow(rmax, e);
        return std::pow(lo + u * (hi - lo), 1.0 / e);
    };

    for (long leaf = 0; leaf < s.maxLeaves && uncovered > 0; ++leaf) {
        const double cx = rng.uniform() * width, cy = rng.uniform() * height;
        const double r = drawRadius(rng.uniform());
        const double grey = rng.uniform();
        const double kind = rng.uniform();
        const double aspect = 1.0 + (s.maxAspect - 1.0) * rng.uniform();
        const double angle = std::numbers::pi * rng.uniform();
        const double c = std::cos(angle), sn = std::sin(angle);
        int shape;  // 0 disc, 1 ellipse, 2 rectangle
        double ha, hb;  // semi-axes (ellipse) or half-sides (rectangle), along the rotated u and v axes
        if (kind < s.discFraction) {
            shape = 0;
            ha = hb = r;
        } else if (kind < s.discFraction + s.ellipseFraction) {
            shape = 1;
            ha = r * std::sqrt(aspect);
            hb = r / std::sqrt(aspect);
        } else {
            shape = 2;  // area 4·ha·hb = π r²
            const double half = 0.5 * std::sqrt(std::numbers::pi) * r;
            ha = half * std::sqrt(aspect);
            hb = half / std::sqrt(aspect);
        }
        const double extent = shape == 0 ? r : shape == 1 ? ha : std::hypot(ha, hb);
        const int x0 = int(std::floor(cx - extent)), x1 = int(std::ceil(cx + extent));
        const int y0 = int(std::floor(cy - extent)), y1 = int(std::ceil(cy + extent));
        for (int py = y0; py <= y1; ++py) {
            const double dy = py + 0.5 - cy;
            const int wy = ((py % height) + height) % height;
            for (int px = x0; px <= x1; ++px) {
                const double dx = px + 0.5 - cx;
                bool inside;
                if (shape == 0) {
                    inside = dx * dx + dy * dy <= r * r;
                } else {
                    const double u = c * dx + sn * dy, v = -sn * dx + c * dy;
                    inside = shape == 1 ? (u * u) / (ha * ha) + (v * v) / (hb * hb) <= 1.0
                                        : std::abs(u) <= ha && std::abs(v) <= hb;
                }
                if (!inside)
                    continue;
                const std::size_t i = std::size_t(wy) * std::size_t(width) + std::size_t(((px % width) + width) % width);
                if (!covered[i]) {
                    covered[i] = 1;
                    image.pixels[i] = grey;
                    --uncovered;
                }
            }
        }
    }
    if (s.blurSigma > 0)
        blurCircular(image, s.blurSigma);
    if (s.noiseSigma > 0)
        for (double& p : image.pixels)
            p += s.noiseSigma * rng.normal();
    return image;
}

GrayImage whiteNoiseImage(int width, int height, std::uint64_t seed, double sigma)
{
    checkSize("WhiteNoise", width, height);
    require(std::isfinite(sigma) && sigma >= 0, "WhiteNoise", "sigma", sigma, "must be ≥ 0");
    Random rng(seed);
    GrayImage image(width, height);
    for (double& p : image.pixels)
        p = sigma * rng.normal();
    return image;
}

GrayImage phaseRandomised(const GrayImage& image, std::uint64_t seed)
{
    image.validate("PhaseRandomised");
    // The phases of white Gaussian noise's DFT are uniform and Hermitian symmetric, so |F_image| · N/|N| is the
    // transform of a real image.
    std::vector<Complex> f = spectrumOf(image);
    const Complex dc = f[0];
    Random rng(seed);
    std::vector<Complex> n(image.pixels.size());
    for (Complex& z : n)
        z = Complex(rng.normal(), 0.0);
    fft2(n, image.width, image.height, false);
    for (std::size_t i = 0; i < f.size(); ++i) {
        const double mag = std::abs(n[i]);
        f[i] = mag > 0 ? std::abs(f[i]) * n[i] / mag : Complex(std::abs(f[i]), 0.0);
    }
    f[0] = dc;  // keep the mean
    fft2(f, image.width, image.height, true);
    GrayImage out(image.width, image.height);
    for (std::size_t i = 0; i < f.size(); ++i)
        out.pixels[i] = f[i].real();
    return out;
}

GrayImage whiten(const GrayImage& image, const WhiteningSettings& s)
{
    image.validate("Whitening");
    require(std::isfinite(s.cutoff) && s.cutoff > 0 && s.cutoff <= 0.5 * std::numbers::sqrt2, "Whitening", "cutoff",
            s.cutoff, "must be in (0, 0.707] cycles/pixel");
    require(std::isfinite(s.targetVariance), "Whitening", "targetVariance", s.targetVariance, "must be finite");
    const int w = image.width, h = image.height;
    std::vector<Complex> f = spectrumOf(image);
    for (int ky = 0; ky < h; ++ky) {
        const double fy = double(signedIndex(ky, h)) / h;
        for (int kx = 0; kx < w; ++kx) {
            const double fx = double(signedIndex(kx, w)) / w;
            const double fr = std::sqrt(fx * fx + fy * fy);
            const double q = fr / s.cutoff;
            f[std::size_t(ky) * std::size_t(w) + std::size_t(kx)] *= fr * std::exp(-q * q * q * q);
        }
    }
    fft2(f, w, h, true);
    GrayImage out(w, h);
    for (std::size_t i = 0; i < f.size(); ++i)
        out.pixels[i] = f[i].real();
    if (s.targetVariance > 0) {
        const double v = out.variance();
        const double m = out.mean();
        const double g = v > 0 ? std::sqrt(s.targetVariance / v) : 0.0;
        for (double& p : out.pixels)
            p = (p - m) * g;
    }
    return out;
}

RadialSpectrum radialAmplitudeSpectrum(const GrayImage& image)
{
    image.validate("RadialSpectrum");
    const int w = image.width, h = image.height;
    const int side = std::min(w, h);
    require(side >= 4, "RadialSpectrum", "image side", side, "must be ≥ 4");
    std::vector<Complex> f = spectrumOf(image);
    const int rings = side / 2;
    std::vector<double> power(std::size_t(rings) + 1, 0.0);
    std::vector<int> count(std::size_t(rings) + 1, 0);
    for (int ky = 0; ky < h; ++ky) {
        const double fy = double(signedIndex(ky, h)) / h;
        for (int kx = 0; kx < w; ++kx) {
            if (kx == 0 && ky == 0)
                continue;
            const double fx = double(signedIndex(kx, w)) / w;
            const int ring = int(std::lround(std::sqrt(fx * fx + fy * fy) * side));
            if (ring < 1 || ring > rings)
                continue;
            power[std::size_t(ring)] += std::norm(f[std::size_t(ky) * std::size_t(w) + std::size_t(kx)]);
            ++count[std::size_t(ring)];
        }
    }
    RadialSpectrum out;
    // White noise of variance σ²: E|F(k)|² = w·h·σ².
    const double norm = 1.0 / (double(w) * double(h));
    for (int k = 1; k <= rings; ++k) {
        if (count[std::size_t(k)] == 0)
            continue;
        out.frequency.push_back(double(k) / side);
        out.amplitude.push_back(std::sqrt(power[std::size_t(k)] / count[std::size_t(k)] * norm));
        out.count.push_back(count[std::size_t(k)]);
    }
    return out;
}

double spectrumSlope(const RadialSpectrum& spectrum, double fMin, double fMax)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = 0;
    for (std::size_t i = 0; i < spectrum.frequency.size() && i < spectrum.amplitude.size(); ++i) {
        const double f = spectrum.frequency[i], a = spectrum.amplitude[i];
        if (f < fMin || f > fMax || !(a > 0))
            continue;
        const double x = std::log(f), y = std::log(a);
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
        ++n;
    }
    require(n >= 3, "SpectrumSlope", "rings in [fMin, fMax]", n, "must be ≥ 3");
    const double den = n * sxx - sx * sx;
    return (n * sxy - sx * sy) / den;
}

PatchSet samplePatches(const std::vector<GrayImage>& images, const PatchSettings& s, std::uint64_t seed)
{
    const char* who = "PatchSampler";
    require(s.size >= 2 && s.size <= 64, who, "size", s.size, "must be in [2, 64]");
    require(s.count >= 1 && s.count <= 10000000, who, "count", s.count, "must be in [1, 1e7]");
    require(!images.empty(), who, "images", 0, "(count) must be ≥ 1");
    for (const GrayImage& im : images) {
        im.validate(who);
        require(im.width >= s.size && im.height >= s.size, who, "image side", std::min(im.width, im.height),
                "must be ≥ the patch size");
    }
    Random rng(seed);
    const int n = s.size;
    const std::size_t n2 = std::size_t(n) * std::size_t(n);
    PatchSet out;
    out.size = n;
    out.count = s.count;
    out.data.resize(n2 * std::size_t(s.count));
    for (int p = 0; p < s.count; ++p) {
        const GrayImage& im = images[std::min(images.size() - 1, std::size_t(rng.uniform() * double(images.size())))];
        const int x0 = std::min(im.width - n, int(rng.uniform() * (im.width - n + 1)));
        const int y0 = std::min(im.height - n, int(rng.uniform() * (im.height - n + 1)));
        double* dst = out.data.data() + n2 * std::size_t(p);
        double mean = 0;
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x)
                mean += dst[std::size_t(y * n + x)] = im.at(x0 + x, y0 + y);
        mean /= double(n2);
        if (s.removeMean)
            for (std::size_t i = 0; i < n2; ++i)
                dst[i] -= mean;
        if (s.normaliseVariance) {
            const double m = s.removeMean ? 0.0 : mean;
            double v = 0;
            for (std::size_t i = 0; i < n2; ++i)
                v += (dst[i] - m) * (dst[i] - m);
            const double sd = std::sqrt(v / double(n2));
            if (sd > 1e-12)
                for (std::size_t i = 0; i < n2; ++i)
                    dst[i] = m + (dst[i] - m) / sd;
        }
    }
    return out;
}

}  // namespace neuroai::vision
