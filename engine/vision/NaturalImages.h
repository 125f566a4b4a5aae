#pragma once

// Natural-like images of our own for the vision chapter, and the preprocessing that sparse coding needs.
//
// Dead leaves. An image is the front view of an infinite stack of opaque flat shapes ("leaves": discs, ellipses and
// rotated rectangles) of uniformly random grey level, dropped at uniformly random places. The size scale r of a
// leaf (a disc's radius; ellipses and rectangles have the area of the disc of radius r) follows the power law
//     p(r) ∝ r^−α   on [minRadius, maxRadius],   α = 3,
// the scale-invariant choice (Lee, Mumford & Huang 2001, "Occlusion models for natural images"): within the size
// range the image looks alike at every scale, so its power spectrum falls as 1/f² and its amplitude spectrum as 1/f
// (Field 1987), and the occluding contours give it the edges that a Gaussian 1/f noise lacks. The stack is painted
// front to back (a pixel takes the grey of the first leaf that covers it), which is exact and costs one pass over
// each leaf's bounding box; it stops when every pixel is covered. The image lives on a torus (leaves wrap around the
// borders, the blur is circular), so it has no border: the FFT sees no edge at the frame, and any crop is a fair
// sample. A mild Gaussian blur (optics) and additive Gaussian noise (sensor) are optional.
//
// Whitening (Olshausen & Field 1997, "Sparse coding with an overcomplete basis set", Vision Res. 37:3311): the
// zero-phase filter
//     R(f) = f · exp(−(f/f0)⁴),   f = |(fx, fy)| in cycles/pixel,   f0 = 0.4 cycles/pixel (0.8 of Nyquist),
// applied in the Fourier domain. The ramp f undoes the 1/f fall of the amplitude spectrum (flat = white up to
// about f0/2); the exp(−(f/f0)⁴) factor rolls off the corner frequencies where the pixel grid makes the spectrum
// anisotropic and noise dominates. (Their f0 = 200 cycles/picture on 512-pixel images is 0.39 cycles/pixel.) DC is
// removed (R(0) = 0) and the result is scaled to the requested pixel variance (default 1; O&F used 0.1 — λ of
// SparseCoding is chosen for variance 1).
//
// Patches: n × n crops at uniformly random places of uniformly chosen images (seeded), each with its mean removed,
// optionally divided by its own standard deviation. By default the contrast is kept (it carries sparseness: a
// low-contrast patch needs few and small coefficients).
//
// Spectrum measurement: the radially averaged RMS amplitude of the 2-D DFT in rings one cycle/picture wide,
// normalised so that white noise of variance σ² gives σ in every ring; the slope of log amplitude against log
// frequency by least squares over a frequency band.
//
// Defaults (ours): radii 2–64 px with α = 3, 40 % discs, 30 % ellipses, 30 % rectangles of aspect ≤ 4, blur
// σ = 0.4 px, noise 0.005 (grey levels have standard deviation ≈ 0.26). The smallest radius and the blur trade the
// spectrum against what sparse coding learns on 8 × 8 patches: radii from 1 px give a slope nearer −1 (−0.95) but
// more pixel-sized dots among the learned filters; blur ≥ 1 px spreads the filters over the whole patch.
//
// Tests (tests/engine/tst_sparsecoding.cpp) assert that the dead-leaves amplitude spectrum (4 images of 128 × 128)
// falls as f^s with s = −1 ± 0.3 over 4 cycles/picture … 0.2 cycles/pixel (measured −1.14), that whitening adds
// 0.965 ± 0.05 to that slope (R's ramp less its roll-off) and leaves it within ±0.25 of flat (measured −0.17),
// against white noise (slope 0.03; whitened +0.99), that phase randomisation keeps every ring's amplitude, that
// patches have zero mean (and unit variance when asked), and that bad settings throw naming the parameter.

#include "engine/vision/Gabor.h"

#include <cstdint>
#include <vector>

namespace neuroai::vision {

// The vision module's grey-level image (Gabor.h): row-major, pixels[y · width + x], x to the right, y downwards.
// Units are arbitrary (dead leaves: grey levels in [0, 1] before noise).
using GrayImage = Image;

struct DeadLeavesSettings {
    double minRadius = 2.0;      // px, smallest leaf size scale r
    double maxRadius = 64.0;     // px, largest (used: at most half the image's shorter side)
    double sizeExponent = 3.0;   // α of p(r) ∝ r^−α (3: scale invariant, amplitude spectrum ∝ 1/f)
    double discFraction = 0.4;   // probability that a leaf is a disc
    double ellipseFraction = 0.3;  // … an ellipse; the rest (0.3) are rotated rectangles
    double maxAspect = 4.0;      // ellipses and rectangles: aspect ratio uniform in [1, maxAspect], area π r²
    double blurSigma = 0.4;      // px, circular Gaussian blur after painting; 0 = none
    double noiseSigma = 0.005;   // additive Gaussian noise (grey levels); 0 = none
    long maxLeaves = 2000000;    // safety cap; pixels still uncovered then keep grey 0.5

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
};

// A dead-leaves image of width × height pixels (each in [8, 4096]), deterministic for a given seed.
GrayImage deadLeaves(int width, int height, std::uint64_t seed, const DeadLeavesSettings& settings = {});

// Gaussian white noise of standard deviation sigma (a control with no structure).
GrayImage whiteNoiseImage(int width, int height, std::uint64_t seed, double sigma = 1.0);

// The same amplitude spectrum with uniformly random phases (seeded): Gaussian noise with the image's power spectrum
// but no edges (the classic control for what is due to the spectrum alone).
GrayImage phaseRandomised(const GrayImage& image, std::uint64_t seed);

struct WhiteningSettings {
    double cutoff = 0.4;          // f0 in cycles/pixel (Olshausen & Field 1997), in (0, 0.5 · √2]
    double targetVariance = 1.0;  // pixel variance of the result; ≤ 0 keeps the filter's own gain
};

// Olshausen & Field's whitening / low-pass filter R(f) = f·exp(−(f/f0)⁴), by FFT (periodic boundary).
GrayImage whiten(const GrayImage& image, const WhiteningSettings& settings = {});

struct RadialSpectrum {
    std::vector<double> frequency;  // ring centre, cycles/pixel (ring k: k cycles/picture of the shorter side)
    std::vector<double> amplitude;  // RMS amplitude in the ring (white noise of variance σ² → σ)
    std::vector<int> count;         // DFT coefficients in the ring
};

// Radially averaged amplitude spectrum of the image (its mean removed), rings k = 1 … min(w, h)/2.
RadialSpectrum radialAmplitudeSpectrum(const GrayImage& image);

// Least-squares slope of log(amplitude) against log(frequency) over rings with fMin ≤ f ≤ fMax (cycles/pixel).
// Throws if fewer than 3 rings fall in the band.
double spectrumSlope(const RadialSpectrum& spectrum, double fMin, double fMax);

struct PatchSettings {
    int size = 8;                    // n: patches are n × n
    int count = 1000;                // patches to draw
    bool removeMean = true;          // subtract each patch's own mean
    bool normaliseVariance = false;  // divide each patch by its own standard deviation (if > 1e-12)
};

// count patches of size n × n, patch p at data[p · n² + y · n + x].
struct PatchSet {
    int size = 0;
    int count = 0;
    std::vector<double> data;
    const double* patch(int p) const { return data.data() + std::size_t(p) * std::size_t(size) * std::size_t(size); }
};

// Patches drawn uniformly (image uniformly among `images`, top-left corner uniformly among the positions where the
// patch fits), deterministic for a given seed. Every image must be at least n × n.
PatchSet samplePatches(const std::vector<GrayImage>& images, const PatchSettings& settings, std::uint64_t seed);

}  // namespace neuroai::vision
