#pragma once

// Gabor receptive fields of V1 simple and complex cells, their responses to drifting gratings, and a Gabor filter
// bank applied to images (issue 13, chapter 4 "vision").
//
// Receptive field. A simple cell's receptive field is modelled as a Gabor function (Marčelja 1980; Daugman 1985;
// Jones & Palmer 1987 fitted cat simple cells with it): a plane-wave carrier under a Gaussian envelope,
//     g(x, y) = exp(−(x'² + γ² y'²) / (2σ²)) · cos(2π f x' − φ),
//     x' =  x cos θ + y sin θ   (across the bars, along the carrier's wave vector),
//     y' = −x sin θ + y cos θ   (along the bars),
// in degrees of visual angle, x to the right and y UP (pixel rows grow downwards, so y = −row / pixelsPerDegree).
//   θ  orientation (deg): the direction of the wave vector, counter-clockwise from +x. The bars run at θ + 90°, so
//      θ = 0 has vertical bars and θ = 90° horizontal ones; a grating with the same θ is the matched one.
//   f  spatial frequency (cycles/deg) of the carrier.
//   φ  phase (deg): 0 = even (cosine, a bright bar flanked by dark ones), 90 = odd (sine, bright where x' > 0).
//   σ  envelope standard deviation (deg) ACROSS the bars; along the bars it is σ/γ (γ = aspectRatio, so γ > 1 gives
//      a short receptive field, γ < 1 long bars). The frequency tuning depends only on σ across the bars.
// The kernel is g sampled on a size × size grid of pixels 1/pixelsPerDegree apart, centred on the middle pixel (size
// odd), with peak envelope 1. normalizedGaborKernel() divides it by π σ² ppd² / γ (half the envelope's volume in
// pixels), so that its dot product with an optimal grating of amplitude 1 is 1 + e^{−8π²σ²f²} ≈ 1 (even cell).
//
// Fourier transform (what the analytic results below come from). With γ = 1, and up to the factor of the phase,
//     ĝ(k) ∝ exp(−2π²σ² |k − k₀|²) + exp(−2π²σ² |k + k₀|²),   k₀ = f (cos θ, sin θ),
// two Gaussian lobes of standard deviation 1/(2πσ) in frequency. A grating of wave vector k modulates a linear cell
// with amplitude |ĝ(k)|. The second lobe adds e^{−8π²σ²f²} of the peak at the optimal grating (5·10⁻⁹ at σf = 0.5),
// more far from it (at low fg and small σf: the simple cell's F1 bandwidth at σf = 0.35 comes out 0.014 octave
// wider than the formula); it is ignored below.
//   Orientation. A grating of the preferred frequency at Δθ from the preferred orientation has |k − k₀| =
//     2f sin(Δθ/2), so the response falls to half at sin(Δθ/2) = √(ln2/8) / (π σ f):
//         Δθ½ = 2 asin(√(ln2/8) / (π σ f)),
//     which is the HALF-width at half height (the offset from the preferred orientation at which the response is
//     half its peak; 21.6° at σf = 0.5). The full width between the two half-height points is 2Δθ½ (43.2°). For
//     γ ≠ 1, with w = 1 − cos Δθ½ and K = ln2 / (2π²σ²f²), the half-height condition σ²f²[(1−cos)² + sin²/γ²] =
//     ln2/(2π²) gives (1 − 1/γ²) w² + (2/γ²) w − K = 0 (orientationHalfWidthDeg solves it).
//   Spatial frequency. At the preferred orientation the response is ∝ exp(−2π²σ²(f_g − f)²): half height at
//     f± = f ± √(2 ln2) / (2πσ), a bandwidth of log2(f₊/f₋) octaves (1.14 at σf = 0.5; infinite when f₋ ≤ 0).
//   DC leak of the even Gabor (φ = 0). Its response to a uniform field of luminance 1 is the kernel's integral (the
//     pixel sum / ppd²), ĝ(0) = (2πσ²/γ) e^{−2π²σ²f²}   (each lobe contributes e^{−2π²σ²f²} of its peak πσ²/γ),
//     while an optimal drifting grating of amplitude 1 (luminance 1 ± 1 about that field: contrast 1) swings its
//     response between ±(πσ²/γ)(1 + e^{−8π²σ²f²}). Hence
//         uniform-field response / peak-to-trough response swing = e^{−a} / (1 + e^{−4a}),   a = 2π²σ²f²,
//     which is e^{−2π²σ²f²} up to the factor 1/(1 + e^{−4a}) (1 − 3·10⁻⁹ at σf = 0.5, 0.96 at σf = 0.2).
//     Relative to the response's PEAK (half the swing) instead, the leak is twice that: 2e^{−a}/(1 + e^{−4a}).
//     evenDcLeak() is issue 13's e^{−2π²σ²f²}, evenDcLeakExact() the ratio above, measuredDcLeak() the same ratio
//     computed from a sampled kernel. The odd Gabor has no DC at all (it is antisymmetric).
//
// Cells and gratings. A drifting grating of orientation θg, frequency fg and contrast c is, about the mean luminance
// (taken as removed before the cell: the DC leak above says what the mean would add),
//     I(x, y, n) = c cos(2π fg (x cos θg + y sin θg) − 2π n / N),   n = 0 … N−1 (one cycle in N steps).
// A linear simple cell responds with the half-wave rectified dot product of its normalised kernel with the image,
//     r_s(n) = max(0, Σ_pixels k·I)     (no threshold),
// and a complex cell by the energy model (Adelson & Bergen 1985) of a quadrature pair (phases φ and φ + 90°),
//     r_c(n) = √(even(n)² + odd(n)²).
// F0 is the mean of r over the N steps and F1 the amplitude of its first harmonic, (2/N)|Σ r(n) e^{−2πin/N}|.
// For an optimal grating the rectified cosine has F1/F0 = (1/2)/(1/π) = π/2 (simple: F1/F0 > 1, Skottun et al. 1991)
// and the energy is constant up to e^{−8π²σ²f²}, so F1/F0 ≈ 0 (complex). For N even F1 is exact (the rectified
// cosine has no odd harmonic but the first); F0 carries a sampling ripple of order 1/N².
// The responses are computed as the sum over pixels via Z = Σ k(p) e^{i 2π fg·p}: r_lin(n) = c Re(Z e^{−2πin/N}) is
// the same number as the kernel summed against frame n of the grating, at the cost of one pass per grating.
//
// Filter bank. n orientations θ_j = j·180°/n × a list of frequencies, σ = sigmaTimesFrequency / f (constant octave
// bandwidth), even and odd kernels (normalised), each correlated with the image; the energy map is √(even² + odd²).
// convolve() computes out(x, y) = Σ_{u,v} k(u, v) · I(x + u − cx, y + v − cy) (cx, cy: the kernel's middle), i.e. the
// response of the cell whose receptive field is the kernel centred on pixel (x, y): like image-processing "filter"
// functions and deep-learning convolutions it is a cross-correlation (the kernel is not flipped; the even kernel is
// symmetric, so it makes no difference there, and the odd kernel's map would change sign). The output has the
// image's size; pixels beyond the border come from EdgeMode (default Reflect). Large problems go through an FFT
// (Eigen's unsupported FFT, kissfft) of the border-padded image, small ones through direct sums; both give the
// same numbers to rounding (~1e−13 relative).
//
// Defaults: f = 2 cycles/deg, σ = 0.25 deg (σf = 0.5: a 1.14-octave SF bandwidth and a 21.6° orientation
// half-width, close to the medians of macaque foveal V1 — about 1.4 octaves, De Valois, Albrecht & Thorell 1982;
// about 20° half-width, De Valois, Yund & Hepler 1982), γ = 1, φ = 0, 16 pixels/deg, kernel size auto (±4σ along the
// longer envelope axis: 33 × 33 px by default).
//
// Tests (tests/engine/tst_gabor.cpp) measure from the model, not from the formulas: the orientation half-width of
// the sampled tuning curves equals Δθ½ within ±1° (σf = 0.35, 0.5, 1; γ = 0.5, 2); the SF bandwidth equals
// log2(f₊/f₋) within ±0.05 octave; the measured DC leak equals e^{−a}/(1 + e^{−4a}) (and e^{−a} where the factor is
// negligible); the odd kernel's sum is 0 and the even/odd pair is orthogonal with the norm difference e^{−4π²σ²f²};
// simple F1/F0 = π/2 > 1 and complex F1/F0 < 0.3 with a phase-invariant energy; convolution equals a direct sum at
// random pixels to 1e−9 and a grating image drives the matched orientation of the bank hardest; bad parameters
// throw naming the parameter.

#include <string>
#include <vector>

namespace neuroai::vision {

// A grey-level image (or a kernel), row-major: pixels[y · width + x], x to the right, y (the row) downwards.
struct Image {
    int width = 0;
    int height = 0;
    std::vector<double> pixels;

    Image() = default;
    Image(int w, int h, double value = 0.0);
    double at(int x, int y) const { return pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)]; }
    double& at(int x, int y) { return pixels[std::size_t(y) * std::size_t(width) + std::size_t(x)]; }
    bool isEmpty() const { return width <= 0 || height <= 0; }
    double sum() const;
    double mean() const;      // 0 for an empty image
    double variance() const;  // population variance over the pixels (0 for an empty image)
    // Throws std::invalid_argument naming `who` and `what` unless width, height > 0 (≤ 16384), pixels.size() ==
    // width·height and every pixel is finite.
    void validate(const char* who, const char* what = "image") const;
};

struct GaborParams {
    double orientationDeg = 0;    // θ, direction of the wave vector (bars at θ + 90°), any finite value
    double frequencyCpd = 2;      // f, cycles/deg, > 0 and below the Nyquist limit pixelsPerDegree / 2
    double phaseDeg = 0;          // φ, 0 = even (cosine), 90 = odd (sine), any finite value
    double sigmaDeg = 0.25;       // σ across the bars, deg, > 0
    double aspectRatio = 1;       // γ: the envelope's σ along the bars is σ/γ; in [0.05, 20]
    int size = 0;                 // kernel side in pixels, odd in [3, 2001]; 0 = automatic (autoSize())
    double pixelsPerDegree = 16;  // sampling, in (0, 10000]

    // Throws std::invalid_argument "Gabor: <field> = <value> must …".
    void validate() const;
    // The side actually used: `size`, or 2·ceil(4·max(σ, σ/γ)·ppd) + 1 when size is 0 (at most 2001).
    int kernelSize() const;
    // The same cell with another phase (for the quadrature partner: phaseDeg + 90).
    GaborParams withPhase(double phase) const;
};

// The sampled Gabor g (peak envelope 1), kernelSize() square, centred on the middle pixel.
Image gaborKernel(const GaborParams& params);
// The same divided by π σ² ppd² / γ: dot product ≈ 1 with an optimal grating of amplitude 1.
Image normalizedGaborKernel(const GaborParams& params);

// ---- Analytic results (continuous Gabor, second Fourier lobe neglected; see the header comment) -------------------

// Δθ½: the half-width at half height of the orientation tuning (deg; the full width is twice this). γ = 1 gives
// 2 asin(√(ln2/8)/(πσf)). NaN when the response does not fall to half within ±90°.
double orientationHalfWidthDeg(double sigmaDeg, double frequencyCpd, double aspectRatio = 1);
struct FrequencyHalfHeight {
    double lowCpd = 0, highCpd = 0;  // f₋, f₊ (f₋ may be ≤ 0: no lower half-height point)
};
FrequencyHalfHeight frequencyHalfHeight(double sigmaDeg, double frequencyCpd);
// log2(f₊/f₋), +∞ when f₋ ≤ 0.
double frequencyBandwidthOctaves(double sigmaDeg, double frequencyCpd);
// e^{−2π²σ²f²}.
double evenDcLeak(double sigmaDeg, double frequencyCpd);
// e^{−a}/(1 + e^{−4a}), a = 2π²σ²f²: the even Gabor's uniform-field response over its peak-to-trough response swing
// to an optimal drifting grating of the same amplitude.
double evenDcLeakExact(double sigmaDeg, double frequencyCpd);
// The same ratio measured on the sampled kernel of `params` (any phase): Σ k / (2 |Σ k(p) e^{i k₀·p}|).
double measuredDcLeak(const GaborParams& params);

// ---- Drifting gratings, simple and complex cells ------------------------------------------------------------------

struct DriftingGrating {
    double orientationDeg = 0;  // θg (same convention as GaborParams: wave-vector direction)
    double frequencyCpd = 2;    // fg ≥ 0, below the cell's Nyquist limit
    double contrast = 1;        // c ≥ 0 (the grating's amplitude about the mean luminance)
    int phaseSteps = 16;        // N frames per drift cycle, in [4, 4096] (even N makes F1 exact)

    void validate(double pixelsPerDegree) const;  // throws "DriftingGrating: <field> = …"
};

struct CellResponse {
    std::vector<double> rate;  // response at each of the N frames (dimensionless: see normalizedGaborKernel)
    double f0 = 0;             // mean over the cycle
    double f1 = 0;             // first-harmonic amplitude
    double modulationRatio() const { return f0 > 0 ? f1 / f0 : 0.0; }  // F1/F0
};

// Half-wave rectified linear response of the cell `params` (its own phase) over one drift cycle.
CellResponse simpleCellResponse(const GaborParams& params, const DriftingGrating& grating);
// Energy model: √(even² + odd²) of the quadrature pair (params.phaseDeg, params.phaseDeg + 90).
CellResponse complexCellResponse(const GaborParams& params, const DriftingGrating& grating);

struct TuningCurve {
    std::vector<double> x;  // grating orientation (deg) or spatial frequency (cycles/deg)
    std::vector<double> simpleF0, simpleF1;    // the simple cell (params' phase), per x
    std::vector<double> complexF0, complexF1;  // the complex cell (quadrature pair), per x
};

// Responses to gratings of the cell's preferred frequency at each orientation in `orientationsDeg`.
TuningCurve orientationTuning(const GaborParams& params, const std::vector<double>& orientationsDeg,
                              double contrast = 1, int phaseSteps = 16);
// Responses to gratings of the cell's preferred orientation at each frequency in `frequenciesCpd`.
TuningCurve frequencyTuning(const GaborParams& params, const std::vector<double>& frequenciesCpd,
                            double contrast = 1, int phaseSteps = 16);
// `points` values evenly spaced from `from` to `to` inclusive (points ≥ 2), and geometrically spaced (from, to > 0).
std::vector<double> linearSweep(double from, double to, int points);
std::vector<double> logSweep(double from, double to, int points);

// Half-height points of a sampled tuning curve: the peak (largest y), then, walking outwards from it on each side,
// the first sample below peak/2, the crossing located by linear interpolation between that sample and its inner
// neighbour. A side without such a sample has found… = false and NaN. x must be strictly increasing, x and y of
// equal size ≥ 3 and finite.
struct HalfHeight {
    int peakIndex = -1;
    double peakX = 0, peakValue = 0;
    double left = 0, right = 0;  // x of the half-height crossings
    bool foundLeft = false, foundRight = false;
    double halfWidth() const { return 0.5 * (right - left); }  // orientation: HWHH
    double fullWidth() const { return right - left; }
    double octaves() const;  // log2(right / left): frequency bandwidth (NaN unless both found and left > 0)
};
HalfHeight measureHalfHeight(const std::vector<double>& x, const std::vector<double>& y);

// ---- Images: convolution, filter bank, stimuli ---------------------------------------------------------------------

// Pixels beyond the image's border: Zero (0), Replicate (the nearest border pixel), Reflect (mirror with the border
// pixel repeated: … c b a | a b c … ; applied repeatedly for kernels larger than the image).
enum class EdgeMode { Zero, Replicate, Reflect };

// How convolve() computes: Auto picks by an operation count (direct sums for small kernels or images, else FFT).
enum class ConvolutionMethod { Auto, Direct, Fft };

// Cross-correlation of `image` with `kernel` (odd width and height, each ≤ 2001), same size as the image (see the
// header comment).
Image convolve(const Image& image, const Image& kernel, EdgeMode edges = EdgeMode::Reflect,
               ConvolutionMethod method = ConvolutionMethod::Auto);
// Both members of a pair at once (one complex FFT serves both): even and odd must have the same odd size.
void convolvePair(const Image& image, const Image& evenKernel, const Image& oddKernel, Image& evenOut, Image& oddOut,
                  EdgeMode edges = EdgeMode::Reflect, ConvolutionMethod method = ConvolutionMethod::Auto);
// √(even² + odd²) pixel by pixel (sizes must match).
Image energyMap(const Image& even, const Image& odd);

struct FilterBankSettings {
    int orientations = 8;                       // θ_j = j · 180°/n, n in [1, 64]
    std::vector<double> frequenciesCpd = {2};   // 1 … 16 frequencies
    double sigmaTimesFrequency = 0.5;           // σf: σ = sigmaTimesFrequency / f, in [0.1, 5]
    double aspectRatio = 1;
    double pixelsPerDegree = 16;
    int kernelSize = 0;                         // 0: automatic per frequency (GaborParams::kernelSize)
    EdgeMode edges = EdgeMode::Reflect;
    ConvolutionMethod method = ConvolutionMethod::Auto;

    void validate() const;  // throws "FilterBank: <field> = …" (and the Gabor checks of every filter)
};

struct FilterBankResponse {
    int orientations = 0;
    std::vector<double> frequenciesCpd;
    // One entry per filter, index = frequencyIndex · orientations + orientationIndex.
    std::vector<GaborParams> filters;             // the even member (phase 0); the odd one has phase 90
    std::vector<Image> evenKernels, oddKernels;   // normalised kernels
    std::vector<Image> even, odd, energy;         // response maps, the image's size
    int index(int orientation, int frequency = 0) const { return frequency * orientations + orientation; }
};
FilterBankResponse applyFilterBank(const Image& image, const FilterBankSettings& settings = {});

// A full-field sinusoidal grating mean + amplitude·cos(2π f (x cos θ + y sin θ) − φ), with x, y in deg from the
// image's centre ((w−1)/2, (h−1)/2), y up — the same coordinates as the kernels.
Image gratingImage(int width, int height, double orientationDeg, double frequencyCpd, double pixelsPerDegree,
                   double amplitude = 0.5, double phaseDeg = 0, double mean = 0.5);

// Where testScene() puts things (pixels, x right, y = row downwards), scaled with the image.
struct TestSceneLayout {
    double barLength = 0, barWidth = 0;
    double barX[4] = {}, barY[4] = {};    // centres of the four bars
    double barAngleDeg[4] = {};           // long axis of each bar, counter-clockwise from horizontal: 0, 45, 90, 135
    double discX = 0, discY = 0, discRadius = 0;
    double patchX = 0, patchY = 0, patchRadius = 0;
    double patchOrientationDeg = 0;       // wave-vector direction of the grating patch (θ convention): 45
    double patchPeriodPx = 0;             // max(4, min(w, h)/32) px
    double rampTop = 0;                   // the ramp fills rows ≥ rampTop
};
TestSceneLayout testSceneLayout(int width, int height);
// A deterministic picture of our own for the convolution demo (grey levels in [0, 1], background 0.5): four dark
// bars at 0°, 45°, 90° and 135° in the upper left quarter, a bright disc upper right, a circular patch of grating
// lower right (orientation 45°), and a left-to-right luminance ramp from 0 to 1 along the bottom eighth. Shapes are
// anti-aliased by 4 × 4 supersampling. width and height in [32, 4096].
Image testScene(int width, int height);

}  // namespace neuroai::vision
