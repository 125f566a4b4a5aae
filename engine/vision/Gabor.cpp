#include "engine/vision/Gabor.h"

#include <unsupported/Eigen/FFT>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <memory>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string>

namespace neuroai::vision {

namespace {

using Complex = std::complex<double>;
constexpr double kPi = std::numbers::pi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kMaxKernel = 2001;
constexpr int kMaxImageSide = 16384;

std::string number(double v)
{
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}

void require(bool ok, const char* who, const char* name, double value, const std::string& what)
{
    if (!ok)
        throw std::invalid_argument(std::string(who) + ": " + name + " = " + number(value) + " " + what);
}

// cos and sin of an angle in degrees, exact at multiples of 90° (so symmetric kernels stay exactly symmetric).
void cosSinDeg(double deg, double& c, double& s)
{
    double r = std::fmod(deg, 360.0);
    if (r < 0)
        r += 360.0;
    if (r == 0) {
        c = 1, s = 0;
    } else if (r == 90) {
        c = 0, s = 1;
    } else if (r == 180) {
        c = -1, s = 0;
    } else if (r == 270) {
        c = 0, s = -1;
    } else {
        c = std::cos(r * kPi / 180.0);
        s = std::sin(r * kPi / 180.0);
    }
}

void checkSigmaFrequency(const char* who, double sigmaDeg, double frequencyCpd)
{
    require(std::isfinite(sigmaDeg) && sigmaDeg > 0, who, "sigmaDeg", sigmaDeg, "must be > 0");
    require(std::isfinite(frequencyCpd) && frequencyCpd > 0, who, "frequencyCpd", frequencyCpd, "must be > 0");
}

// Σ k(p) e^{i 2π f (cos θ, sin θ)·p} over the kernel's pixels, p in deg with y up, for a square kernel centred on its
// middle pixel (the projection of the kernel on a complex grating).
Complex gratingProjection(const Image& k, double pixelsPerDegree, double orientationDeg, double frequencyCpd)
{
    double c, s;
    cosSinDeg(orientationDeg, c, s);
    const double kx = 2 * kPi * frequencyCpd * c, ky = 2 * kPi * frequencyCpd * s;
    const double cx = 0.5 * (k.width - 1), cy = 0.5 * (k.height - 1);
    std::vector<Complex> ex(std::size_t(k.width));
    for (int i = 0; i < k.width; ++i)
        ex[std::size_t(i)] = std::polar(1.0, kx * (i - cx) / pixelsPerDegree);
    Complex z = 0;
    for (int j = 0; j < k.height; ++j) {
        Complex row = 0;
        const double* kr = &k.pixels[std::size_t(j) * std::size_t(k.width)];
        for (int i = 0; i < k.width; ++i)
            row += kr[i] * ex[std::size_t(i)];
        z += row * std::polar(1.0, ky * (cy - j) / pixelsPerDegree);
    }
    return z;
}

void harmonics(CellResponse& r)
{
    const std::size_t n = r.rate.size();
    double sum = 0;
    Complex h = 0;
    for (std::size_t k = 0; k < n; ++k) {
        sum += r.rate[k];
        h += r.rate[k] * std::polar(1.0, -2 * kPi * double(k) / double(n));
    }
    r.f0 = sum / double(n);
    r.f1 = 2.0 * std::abs(h) / double(n);
}

CellResponse simpleFromProjection(Complex z, double contrast, int steps)
{
    CellResponse r;
    r.rate.resize(std::size_t(steps));
    for (int n = 0; n < steps; ++n)
        r.rate[std::size_t(n)] =
            std::max(0.0, contrast * (z * std::polar(1.0, -2 * kPi * n / steps)).real());
    harmonics(r);
    return r;
}

CellResponse complexFromProjections(Complex ze, Complex zo, double contrast, int steps)
{
    CellResponse r;
    r.rate.resize(std::size_t(steps));
    for (int n = 0; n < steps; ++n) {
        const Complex w = std::polar(1.0, -2 * kPi * n / steps);
        r.rate[std::size_t(n)] = contrast * std::hypot((ze * w).real(), (zo * w).real());
    }
    harmonics(r);
    return r;
}

void checkContrastSteps(double contrast, int phaseSteps)
{
    require(std::isfinite(contrast) && contrast >= 0, "DriftingGrating", "contrast", contrast, "must be ≥ 0");
    require(phaseSteps >= 4 && phaseSteps <= 4096, "DriftingGrating", "phaseSteps", phaseSteps,
            "must be in [4, 4096]");
}

// ---- Convolution --------------------------------------------------------------------------------------------------

// Index of pixel i (any integer) of a row/column of n pixels under `mode`, or −1 for a zero pixel.
int edgeIndex(int i, int n, EdgeMode mode)
{
    if (i >= 0 && i < n)
        return i;
    switch (mode) {
    case EdgeMode::Zero:
        return -1;
    case EdgeMode::Replicate:
        return i < 0 ? 0 : n - 1;
    case EdgeMode::Reflect: {
        const int period = 2 * n;
        int m = i % period;
        if (m < 0)
            m += period;
        return m < n ? m : period - 1 - m;
    }
    }
    return -1;
}

// The image with a margin of mx columns and my rows on every side, filled according to the edge mode.
struct Padded {
    int width = 0, height = 0;  // of the image
    int mx = 0, my = 0;
    int pw = 0, ph = 0;         // padded size
    std::vector<double> p;      // row-major pw × ph
    double at(int x, int y) const { return p[std::size_t(y) * std::size_t(pw) + std::size_t(x)]; }
};

Padded pad(const Image& image, int mx, int my, EdgeMode mode)
{
    Padded out;
    out.width = image.width, out.height = image.height, out.mx = mx, out.my = my;
    out.pw = image.width + 2 * mx, out.ph = image.height + 2 * my;
    out.p.assign(std::size_t(out.pw) * std::size_t(out.ph), 0.0);
    std::vector<int> xs(std::size_t(out.pw));
    for (int a = 0; a < out.pw; ++a)
        xs[std::size_t(a)] = edgeIndex(a - mx, image.width, mode);
    for (int b = 0; b < out.ph; ++b) {
        const int y = edgeIndex(b - my, image.height, mode);
        if (y < 0)
            continue;
        double* row = &out.p[std::size_t(b) * std::size_t(out.pw)];
        const double* src = &image.pixels[std::size_t(y) * std::size_t(image.width)];
        for (int a = 0; a < out.pw; ++a)
            if (xs[std::size_t(a)] >= 0)
                row[a] = src[xs[std::size_t(a)]];
    }
    return out;
}

// out(x, y) = Σ k(u, v) · P(x + mx + u − hx, y + my + v − hy), by direct sums.
void directCorrelate(const Padded& P, const Image& k, std::vector<double>& out)
{
    const int hx = (k.width - 1) / 2, hy = (k.height - 1) / 2;
    const int W = P.width, H = P.height;
    out.assign(std::size_t(W) * std::size_t(H), 0.0);
    for (int y = 0; y < H; ++y) {
        double* o = &out[std::size_t(y) * std::size_t(W)];
        for (int v = 0; v < k.height; ++v) {
            const double* prow = &P.p[std::size_t(y + P.my + v - hy) * std::size_t(P.pw)];
            const double* krow = &k.pixels[std::size_t(v) * std::size_t(k.width)];
            for (int u = 0; u < k.width; ++u) {
                const double kv = krow[u];
                if (kv == 0)
                    continue;
                const double* src = prow + (P.mx + u - hx);
                for (int x = 0; x < W; ++x)
                    o[x] += kv * src[x];
            }
        }
    }
}

// Smallest n ≥ minimum whose only prime factors are 2, 3 and 5 (kissfft's fast radices).
int smoothSize(int minimum)
{
    for (int n = std::max(1, minimum);; ++n) {
        int m = n;
        for (const int p : {2, 3, 5})
            while (m % p == 0)
                m /= p;
        if (m == 1)
            return n;
    }
}

// Circular correlation on an N0 × N1 grid by FFT: holds the padded image's spectrum (column-major), correlates
// kernels with it. A kernel's rows are transformed first (only its kh non-zero rows), then each column is transformed,
// multiplied by the image's spectrum and transformed back in one go, and finally the rows of the output are inverted
// (only the H rows inside the image).
class FftCorrelator {
public:
    explicit FftCorrelator(const Padded& P)
        : m_P(P), m_n0(smoothSize(P.pw)), m_n1(smoothSize(P.ph))
    {
        std::vector<Complex> rows(std::size_t(P.ph) * std::size_t(m_n0));
        m_line.assign(std::size_t(m_n0), Complex(0, 0));
        for (int b = 0; b < P.ph; ++b) {
            for (int a = 0; a < P.pw; ++a)
                m_line[std::size_t(a)] = P.at(a, b);
            m_fft.fwd(&rows[std::size_t(b) * std::size_t(m_n0)], m_line.data(), m_n0);
        }
        m_spectrumT.resize(std::size_t(m_n0) * std::size_t(m_n1));
        m_col.assign(std::size_t(m_n1), Complex(0, 0));
        for (int a = 0; a < m_n0; ++a) {
            for (int b = 0; b < P.ph; ++b)
                m_col[std::size_t(b)] = rows[std::size_t(b) * std::size_t(m_n0) + std::size_t(a)];
            m_fft.fwd(&m_spectrumT[std::size_t(a) * std::size_t(m_n1)], m_col.data(), m_n1);
        }
    }

    // Even (and, if given, odd) correlation maps: one complex kernel k_e + i k_o, so one product and one inverse.
    void correlate(const Image& even, const Image* odd, std::vector<double>& evenOut, std::vector<double>* oddOut)
    {
        const int hx = (even.width - 1) / 2, hy = (even.height - 1) / 2;
        const int kh = even.height;
        const int W = m_P.width, H = m_P.height;
        const std::size_t n0 = std::size_t(m_n0), n1 = std::size_t(m_n1);
        // Kernel pixel (u, v) sits at offset s = (u − hx + mx, v − hy + my) from the output pixel in the padded
        // image; placing it at (−s mod N) turns the circular convolution into the wanted correlation.
        m_kernelRows.resize(std::size_t(kh) * n0);
        std::vector<std::size_t> rowIndex(static_cast<std::size_t>(kh));
        for (int v = 0; v < kh; ++v) {
            rowIndex[std::size_t(v)] = std::size_t(wrap(-(v - hy + m_P.my), m_n1));
            std::fill(m_line.begin(), m_line.end(), Complex(0, 0));
            for (int u = 0; u < even.width; ++u)
                m_line[std::size_t(wrap(-(u - hx + m_P.mx), m_n0))] = Complex(even.at(u, v), odd ? odd->at(u, v) : 0.0);
            m_fft.fwd(&m_kernelRows[std::size_t(v) * n0], m_line.data(), m_n0);
        }
        m_buf.resize(std::size_t(H) * n0);
        m_tmp.resize(n1);
        for (std::size_t a = 0; a < n0; ++a) {
            std::fill(m_col.begin(), m_col.end(), Complex(0, 0));
            for (std::size_t v = 0; v < rowIndex.size(); ++v)
                m_col[rowIndex[v]] = m_kernelRows[v * n0 + a];
            m_fft.fwd(m_tmp.data(), m_col.data(), m_n1);
            const Complex* spectrum = &m_spectrumT[a * n1];
            for (std::size_t b = 0; b < n1; ++b)
                m_tmp[b] *= spectrum[b];
            m_fft.inv(m_col.data(), m_tmp.data(), m_n1);
            for (std::size_t y = 0; y < std::size_t(H); ++y)
                m_buf[y * n0 + a] = m_col[y];
        }
        evenOut.resize(std::size_t(W) * std::size_t(H));
        if (oddOut)
            oddOut->resize(evenOut.size());
        for (int y = 0; y < H; ++y) {
            m_fft.inv(m_line.data(), &m_buf[std::size_t(y) * n0], m_n0);
            double* e = &evenOut[std::size_t(y) * std::size_t(W)];
            for (int x = 0; x < W; ++x)
                e[x] = m_line[std::size_t(x)].real();
            if (oddOut) {
                double* o = &(*oddOut)[std::size_t(y) * std::size_t(W)];
                for (int x = 0; x < W; ++x)
                    o[x] = m_line[std::size_t(x)].imag();
            }
        }
    }

private:
    static int wrap(int i, int n) { return ((i % n) + n) % n; }

    const Padded& m_P;
    int m_n0, m_n1;
    std::vector<Complex> m_spectrumT;  // [column · N1 + row]
    std::vector<Complex> m_kernelRows, m_buf, m_line, m_col, m_tmp;
    Eigen::FFT<double> m_fft;
};

void checkKernel(const Image& k, const char* who, const char* what)
{
    k.validate(who, what);
    if (k.width % 2 == 0 || k.height % 2 == 0 || k.width > kMaxKernel || k.height > kMaxKernel)
        throw std::invalid_argument(std::string(who) + ": " + what + " is " + std::to_string(k.width) + " × " +
                                    std::to_string(k.height) + "; width and height must be odd and ≤ 2001");
}

// Direct sums or FFT for one image and kernels of the given size (pairs: both members).
bool useFft(ConvolutionMethod method, const Padded& P, int kw, int kh, int kernelsPerPass)
{
    if (method != ConvolutionMethod::Auto)
        return method == ConvolutionMethod::Fft;
    const double n0 = smoothSize(P.pw), n1 = smoothSize(P.ph);
    const double direct = double(P.width) * P.height * kw * kh * kernelsPerPass;
    const double fft = 3.0 * 2.5 * n0 * n1 * std::log2(n0 * n1);  // kernel forward, inverse, image (amortised)
    return fft < direct;
}

Image toImage(int w, int h, std::vector<double>&& v)
{
    Image out;
    out.width = w, out.height = h;
    out.pixels = std::move(v);
    return out;
}

}  // namespace

// ---- Image ----------------------------------------------------------------------------------------------------------

Image::Image(int w, int h, double value)
    : width(w), height(h), pixels(std::size_t(std::max(0, w)) * std::size_t(std::max(0, h)), value)
{
}

double Image::sum() const
{
    double s = 0;
    for (const double v : pixels)
        s += v;
    return s;
}

double Image::mean() const
{
    return pixels.empty() ? 0.0 : sum() / double(pixels.size());
}

double Image::variance() const
{
    const double m = mean();
    double s = 0;
    for (const double p : pixels)
        s += (p - m) * (p - m);
    return pixels.empty() ? 0.0 : s / double(pixels.size());
}

void Image::validate(const char* who, const char* what) const
{
    if (width <= 0 || height <= 0 || width > kMaxImageSide || height > kMaxImageSide)
        throw std::invalid_argument(std::string(who) + ": " + what + " size " + std::to_string(width) + " × " +
                                    std::to_string(height) + " must be in [1, 16384] on each side");
    if (pixels.size() != std::size_t(width) * std::size_t(height))
        throw std::invalid_argument(std::string(who) + ": " + what + " has " + std::to_string(pixels.size()) +
                                    " pixels for " + std::to_string(width) + " × " + std::to_string(height));
    for (std::size_t i = 0; i < pixels.size(); ++i)
        if (!std::isfinite(pixels[i]))
            throw std::invalid_argument(std::string(who) + ": " + what + " pixel (" +
                                        std::to_string(i % std::size_t(width)) + ", " +
                                        std::to_string(i / std::size_t(width)) + ") = " + number(pixels[i]) +
                                        " is not finite");
}

// ---- Gabor parameters and kernels -----------------------------------------------------------------------------------

void GaborParams::validate() const
{
    const char* who = "Gabor";
    require(std::isfinite(orientationDeg), who, "orientationDeg", orientationDeg, "must be finite");
    require(std::isfinite(phaseDeg), who, "phaseDeg", phaseDeg, "must be finite");
    require(std::isfinite(pixelsPerDegree) && pixelsPerDegree > 0 && pixelsPerDegree <= 10000, who,
            "pixelsPerDegree", pixelsPerDegree, "must be in (0, 10000]");
    checkSigmaFrequency(who, sigmaDeg, frequencyCpd);
    require(frequencyCpd < 0.5 * pixelsPerDegree, who, "frequencyCpd", frequencyCpd,
            "must be below the Nyquist limit pixelsPerDegree/2 = " + number(0.5 * pixelsPerDegree));
    require(std::isfinite(aspectRatio) && aspectRatio >= 0.05 && aspectRatio <= 20, who, "aspectRatio", aspectRatio,
            "must be in [0.05, 20]");
    require(size == 0 || (size >= 3 && size <= kMaxKernel && size % 2 == 1), who, "size", size,
            "must be 0 (automatic) or odd in [3, 2001]");
    if (size == 0) {
        const double half = std::ceil(4.0 * std::max(sigmaDeg, sigmaDeg / aspectRatio) * pixelsPerDegree);
        require(2 * half + 1 <= kMaxKernel, who, "sigmaDeg", sigmaDeg,
                "needs an automatic kernel wider than 2001 px at this pixelsPerDegree and aspectRatio");
    }
}

int GaborParams::kernelSize() const
{
    if (size > 0)
        return size;
    const double half = std::ceil(4.0 * std::max(sigmaDeg, sigmaDeg / aspectRatio) * pixelsPerDegree);
    return int(std::min<double>(2 * half + 1, kMaxKernel));
}

GaborParams GaborParams::withPhase(double phase) const
{
    GaborParams p = *this;
    p.phaseDeg = phase;
    return p;
}

Image gaborKernel(const GaborParams& params)
{
    params.validate();
    const int n = params.kernelSize();
    const int c = (n - 1) / 2;
    double ct, st, cp, sp;
    cosSinDeg(params.orientationDeg, ct, st);
    cosSinDeg(params.phaseDeg, cp, sp);
    const double s2 = 2 * params.sigmaDeg * params.sigmaDeg;
    const double g2 = params.aspectRatio * params.aspectRatio;
    const double k = 2 * kPi * params.frequencyCpd;
    Image out(n, n);
    for (int j = 0; j < n; ++j) {
        const double y = double(c - j) / params.pixelsPerDegree;
        for (int i = 0; i < n; ++i) {
            const double x = double(i - c) / params.pixelsPerDegree;
            const double xp = x * ct + y * st;
            const double yp = -x * st + y * ct;
            const double envelope = std::exp(-(xp * xp + g2 * yp * yp) / s2);
            // cos(k x' − φ) = cos(k x') cos φ + sin(k x') sin φ
            out.at(i, j) = envelope * (std::cos(k * xp) * cp + std::sin(k * xp) * sp);
        }
    }
    return out;
}

Image normalizedGaborKernel(const GaborParams& params)
{
    Image k = gaborKernel(params);
    const double area = kPi * params.sigmaDeg * params.sigmaDeg * params.pixelsPerDegree * params.pixelsPerDegree /
                        params.aspectRatio;
    for (double& v : k.pixels)
        v /= area;
    return k;
}

// ---- Analytic results -----------------------------------------------------------------------------------------------

double orientationHalfWidthDeg(double sigmaDeg, double frequencyCpd, double aspectRatio)
{
    checkSigmaFrequency("orientationHalfWidthDeg", sigmaDeg, frequencyCpd);
    require(std::isfinite(aspectRatio) && aspectRatio > 0, "orientationHalfWidthDeg", "aspectRatio", aspectRatio,
            "must be > 0");
    const double K = std::log(2.0) / (2 * kPi * kPi * sigmaDeg * sigmaDeg * frequencyCpd * frequencyCpd);
    const double A = 1 - 1 / (aspectRatio * aspectRatio), B = 2 / (aspectRatio * aspectRatio);
    const double disc = B * B + 4 * A * K;
    if (disc < 0)
        return kNaN;
    const double w = 2 * K / (B + std::sqrt(disc));  // the root of A w² + B w − K = 0 that is 0 when K = 0
    if (!(w <= 1))
        return kNaN;  // still above half height at 90°
    return std::acos(1 - w) * 180.0 / kPi;
}

FrequencyHalfHeight frequencyHalfHeight(double sigmaDeg, double frequencyCpd)
{
    checkSigmaFrequency("frequencyHalfHeight", sigmaDeg, frequencyCpd);
    const double d = std::sqrt(2 * std::log(2.0)) / (2 * kPi * sigmaDeg);
    return {frequencyCpd - d, frequencyCpd + d};
}

double frequencyBandwidthOctaves(double sigmaDeg, double frequencyCpd)
{
    const FrequencyHalfHeight h = frequencyHalfHeight(sigmaDeg, frequencyCpd);
    if (h.lowCpd <= 0)
        return std::numeric_limits<double>::infinity();
    return std::log2(h.highCpd / h.lowCpd);
}

double evenDcLeak(double sigmaDeg, double frequencyCpd)
{
    checkSigmaFrequency("evenDcLeak", sigmaDeg, frequencyCpd);
    return std::exp(-2 * kPi * kPi * sigmaDeg * sigmaDeg * frequencyCpd * frequencyCpd);
}

double evenDcLeakExact(double sigmaDeg, double frequencyCpd)
{
    checkSigmaFrequency("evenDcLeakExact", sigmaDeg, frequencyCpd);
    const double a = 2 * kPi * kPi * sigmaDeg * sigmaDeg * frequencyCpd * frequencyCpd;
    return std::exp(-a) / (1 + std::exp(-4 * a));
}

double measuredDcLeak(const GaborParams& params)
{
    const Image k = gaborKernel(params);
    const Complex z = gratingProjection(k, params.pixelsPerDegree, params.orientationDeg, params.frequencyCpd);
    return k.sum() / (2 * std::abs(z));
}

// ---- Gratings and cells -------------------------------------------------------------------------------------------

void DriftingGrating::validate(double pixelsPerDegree) const
{
    const char* who = "DriftingGrating";
    require(std::isfinite(orientationDeg), who, "orientationDeg", orientationDeg, "must be finite");
    require(std::isfinite(frequencyCpd) && frequencyCpd >= 0, who, "frequencyCpd", frequencyCpd, "must be ≥ 0");
    require(frequencyCpd < 0.5 * pixelsPerDegree, who, "frequencyCpd", frequencyCpd,
            "must be below the Nyquist limit pixelsPerDegree/2 = " + number(0.5 * pixelsPerDegree));
    checkContrastSteps(contrast, phaseSteps);
}

CellResponse simpleCellResponse(const GaborParams& params, const DriftingGrating& grating)
{
    params.validate();
    grating.validate(params.pixelsPerDegree);
    const Image k = normalizedGaborKernel(params);
    const Complex z = gratingProjection(k, params.pixelsPerDegree, grating.orientationDeg, grating.frequencyCpd);
    return simpleFromProjection(z, grating.contrast, grating.phaseSteps);
}

CellResponse complexCellResponse(const GaborParams& params, const DriftingGrating& grating)
{
    params.validate();
    grating.validate(params.pixelsPerDegree);
    const Image ke = normalizedGaborKernel(params);
    const Image ko = normalizedGaborKernel(params.withPhase(params.phaseDeg + 90));
    const double ppd = params.pixelsPerDegree;
    const Complex ze = gratingProjection(ke, ppd, grating.orientationDeg, grating.frequencyCpd);
    const Complex zo = gratingProjection(ko, ppd, grating.orientationDeg, grating.frequencyCpd);
    return complexFromProjections(ze, zo, grating.contrast, grating.phaseSteps);
}

namespace {

TuningCurve tuning(const GaborParams& params, const std::vector<double>& xs, bool orientation, double contrast,
                   int phaseSteps)
{
    params.validate();
    checkContrastSteps(contrast, phaseSteps);
    if (xs.empty())
        throw std::invalid_argument(orientation ? "orientationTuning: orientationsDeg is empty"
                                                : "frequencyTuning: frequenciesCpd is empty");
    const Image ke = normalizedGaborKernel(params);
    const Image ko = normalizedGaborKernel(params.withPhase(params.phaseDeg + 90));
    TuningCurve t;
    t.x = xs;
    for (const double x : xs) {
        DriftingGrating g;
        g.orientationDeg = orientation ? x : params.orientationDeg;
        g.frequencyCpd = orientation ? params.frequencyCpd : x;
        g.contrast = contrast;
        g.phaseSteps = phaseSteps;
        g.validate(params.pixelsPerDegree);
        const double ppd = params.pixelsPerDegree;
        const Complex ze = gratingProjection(ke, ppd, g.orientationDeg, g.frequencyCpd);
        const Complex zo = gratingProjection(ko, ppd, g.orientationDeg, g.frequencyCpd);
        const CellResponse s = simpleFromProjection(ze, contrast, phaseSteps);
        const CellResponse c = complexFromProjections(ze, zo, contrast, phaseSteps);
        t.simpleF0.push_back(s.f0);
        t.simpleF1.push_back(s.f1);
        t.complexF0.push_back(c.f0);
        t.complexF1.push_back(c.f1);
    }
    return t;
}

}  // namespace

TuningCurve orientationTuning(const GaborParams& params, const std::vector<double>& orientationsDeg, double contrast,
                              int phaseSteps)
{
    return tuning(params, orientationsDeg, true, contrast, phaseSteps);
}

TuningCurve frequencyTuning(const GaborParams& params, const std::vector<double>& frequenciesCpd, double contrast,
                            int phaseSteps)
{
    return tuning(params, frequenciesCpd, false, contrast, phaseSteps);
}

std::vector<double> linearSweep(double from, double to, int points)
{
    require(std::isfinite(from), "linearSweep", "from", from, "must be finite");
    require(std::isfinite(to), "linearSweep", "to", to, "must be finite");
    require(points >= 2 && points <= 1000000, "linearSweep", "points", points, "must be in [2, 1000000]");
    std::vector<double> v(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i)
        v[std::size_t(i)] = from + (to - from) * double(i) / double(points - 1);
    return v;
}

std::vector<double> logSweep(double from, double to, int points)
{
    require(std::isfinite(from) && from > 0, "logSweep", "from", from, "must be > 0");
    require(std::isfinite(to) && to > 0, "logSweep", "to", to, "must be > 0");
    std::vector<double> v = linearSweep(std::log(from), std::log(to), points);
    for (double& x : v)
        x = std::exp(x);
    v.front() = from, v.back() = to;
    return v;
}

double HalfHeight::octaves() const
{
    if (!foundLeft || !foundRight || !(left > 0))
        return kNaN;
    return std::log2(right / left);
}

HalfHeight measureHalfHeight(const std::vector<double>& x, const std::vector<double>& y)
{
    if (x.size() != y.size() || x.size() < 3)
        throw std::invalid_argument("measureHalfHeight: x and y must have the same size ≥ 3 (got " +
                                    std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")");
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            throw std::invalid_argument("measureHalfHeight: sample " + std::to_string(i) + " is not finite");
        if (i > 0 && !(x[i] > x[i - 1]))
            throw std::invalid_argument("measureHalfHeight: x must be strictly increasing (sample " +
                                        std::to_string(i) + ")");
    }
    HalfHeight h;
    const auto peak = std::max_element(y.begin(), y.end());
    h.peakIndex = int(peak - y.begin());
    h.peakX = x[std::size_t(h.peakIndex)];
    h.peakValue = *peak;
    const double half = 0.5 * h.peakValue;
    auto cross = [&](std::size_t inner, std::size_t outer) {
        const double t = (y[inner] - half) / (y[inner] - y[outer]);
        return x[inner] + t * (x[outer] - x[inner]);
    };
    h.left = h.right = kNaN;
    for (std::size_t i = std::size_t(h.peakIndex); i > 0; --i)
        if (y[i - 1] < half) {
            h.left = cross(i, i - 1);
            h.foundLeft = true;
            break;
        }
    for (std::size_t i = std::size_t(h.peakIndex); i + 1 < y.size(); ++i)
        if (y[i + 1] < half) {
            h.right = cross(i, i + 1);
            h.foundRight = true;
            break;
        }
    return h;
}

// ---- Convolution and the filter bank ------------------------------------------------------------------------------

Image convolve(const Image& image, const Image& kernel, EdgeMode edges, ConvolutionMethod method)
{
    image.validate("convolve", "image");
    checkKernel(kernel, "convolve", "kernel");
    const Padded P = pad(image, (kernel.width - 1) / 2, (kernel.height - 1) / 2, edges);
    std::vector<double> out;
    if (useFft(method, P, kernel.width, kernel.height, 1)) {
        FftCorrelator fft(P);
        fft.correlate(kernel, nullptr, out, nullptr);
    } else {
        directCorrelate(P, kernel, out);
    }
    return toImage(image.width, image.height, std::move(out));
}

void convolvePair(const Image& image, const Image& evenKernel, const Image& oddKernel, Image& evenOut, Image& oddOut,
                  EdgeMode edges, ConvolutionMethod method)
{
    image.validate("convolvePair", "image");
    checkKernel(evenKernel, "convolvePair", "evenKernel");
    checkKernel(oddKernel, "convolvePair", "oddKernel");
    if (evenKernel.width != oddKernel.width || evenKernel.height != oddKernel.height)
        throw std::invalid_argument("convolvePair: evenKernel and oddKernel must have the same size");
    const Padded P = pad(image, (evenKernel.width - 1) / 2, (evenKernel.height - 1) / 2, edges);
    std::vector<double> e, o;
    if (useFft(method, P, evenKernel.width, evenKernel.height, 2)) {
        FftCorrelator fft(P);
        fft.correlate(evenKernel, &oddKernel, e, &o);
    } else {
        directCorrelate(P, evenKernel, e);
        directCorrelate(P, oddKernel, o);
    }
    evenOut = toImage(image.width, image.height, std::move(e));
    oddOut = toImage(image.width, image.height, std::move(o));
}

Image energyMap(const Image& even, const Image& odd)
{
    even.validate("energyMap", "even");
    odd.validate("energyMap", "odd");
    if (even.width != odd.width || even.height != odd.height)
        throw std::invalid_argument("energyMap: even and odd must have the same size");
    Image out(even.width, even.height);
    for (std::size_t i = 0; i < out.pixels.size(); ++i)
        out.pixels[i] = std::sqrt(even.pixels[i] * even.pixels[i] + odd.pixels[i] * odd.pixels[i]);
    return out;
}

void FilterBankSettings::validate() const
{
    const char* who = "FilterBank";
    require(orientations >= 1 && orientations <= 64, who, "orientations", orientations, "must be in [1, 64]");
    if (frequenciesCpd.empty() || frequenciesCpd.size() > 16)
        throw std::invalid_argument("FilterBank: frequenciesCpd must hold 1 to 16 frequencies (got " +
                                    std::to_string(frequenciesCpd.size()) + ")");
    require(std::isfinite(sigmaTimesFrequency) && sigmaTimesFrequency >= 0.1 && sigmaTimesFrequency <= 5, who,
            "sigmaTimesFrequency", sigmaTimesFrequency, "must be in [0.1, 5]");
    for (const double f : frequenciesCpd) {
        require(std::isfinite(f) && f > 0, who, "frequenciesCpd", f, "must be > 0");
        GaborParams p;
        p.frequencyCpd = f;
        p.sigmaDeg = sigmaTimesFrequency / f;
        p.aspectRatio = aspectRatio;
        p.pixelsPerDegree = pixelsPerDegree;
        p.size = kernelSize;
        try {
            p.validate();
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument(std::string("FilterBank: the filter at ") + number(f) + " c/deg: " + e.what());
        }
    }
}

FilterBankResponse applyFilterBank(const Image& image, const FilterBankSettings& settings)
{
    settings.validate();
    image.validate("FilterBank", "image");
    FilterBankResponse r;
    r.orientations = settings.orientations;
    r.frequenciesCpd = settings.frequenciesCpd;
    int maxSize = 1;
    for (const double f : settings.frequenciesCpd)
        for (int j = 0; j < settings.orientations; ++j) {
            GaborParams p;
            p.orientationDeg = 180.0 * j / settings.orientations;
            p.frequencyCpd = f;
            p.sigmaDeg = settings.sigmaTimesFrequency / f;
            p.aspectRatio = settings.aspectRatio;
            p.pixelsPerDegree = settings.pixelsPerDegree;
            p.size = settings.kernelSize;
            p.phaseDeg = 0;
            r.filters.push_back(p);
            r.evenKernels.push_back(normalizedGaborKernel(p));
            r.oddKernels.push_back(normalizedGaborKernel(p.withPhase(90)));
            maxSize = std::max(maxSize, r.evenKernels.back().width);
        }
    const int margin = (maxSize - 1) / 2;
    const Padded P = pad(image, margin, margin, settings.edges);
    // Auto: FFT if it beats direct sums over the whole bank (the image's transform is shared).
    bool fft = settings.method == ConvolutionMethod::Fft;
    if (settings.method == ConvolutionMethod::Auto) {
        double direct = 0;
        for (const Image& k : r.evenKernels)
            direct += 2.0 * double(image.width) * image.height * k.width * k.height;
        const double n0 = smoothSize(P.pw), n1 = smoothSize(P.ph);
        const double oneFft = 2.5 * n0 * n1 * std::log2(n0 * n1);
        fft = oneFft * (1 + 2.0 * double(r.filters.size())) < direct;
    }
    std::unique_ptr<FftCorrelator> correlator;
    if (fft)
        correlator = std::make_unique<FftCorrelator>(P);
    for (std::size_t i = 0; i < r.filters.size(); ++i) {
        std::vector<double> e, o;
        if (fft) {
            correlator->correlate(r.evenKernels[i], &r.oddKernels[i], e, &o);
        } else {
            directCorrelate(P, r.evenKernels[i], e);
            directCorrelate(P, r.oddKernels[i], o);
        }
        r.even.push_back(toImage(image.width, image.height, std::move(e)));
        r.odd.push_back(toImage(image.width, image.height, std::move(o)));
        r.energy.push_back(energyMap(r.even.back(), r.odd.back()));
    }
    return r;
}

// ---- Stimuli --------------------------------------------------------------------------------------------------------

Image gratingImage(int width, int height, double orientationDeg, double frequencyCpd, double pixelsPerDegree,
                   double amplitude, double phaseDeg, double mean)
{
    const char* who = "gratingImage";
    require(width >= 1 && width <= kMaxImageSide, who, "width", width, "must be in [1, 16384]");
    require(height >= 1 && height <= kMaxImageSide, who, "height", height, "must be in [1, 16384]");
    require(std::isfinite(orientationDeg), who, "orientationDeg", orientationDeg, "must be finite");
    require(std::isfinite(pixelsPerDegree) && pixelsPerDegree > 0, who, "pixelsPerDegree", pixelsPerDegree,
            "must be > 0");
    require(std::isfinite(frequencyCpd) && frequencyCpd >= 0 && frequencyCpd < 0.5 * pixelsPerDegree, who,
            "frequencyCpd", frequencyCpd, "must be in [0, pixelsPerDegree/2)");
    require(std::isfinite(amplitude), who, "amplitude", amplitude, "must be finite");
    require(std::isfinite(phaseDeg), who, "phaseDeg", phaseDeg, "must be finite");
    require(std::isfinite(mean), who, "mean", mean, "must be finite");
    double c, s;
    cosSinDeg(orientationDeg, c, s);
    const double k = 2 * kPi * frequencyCpd, phi = phaseDeg * kPi / 180.0;
    const double cx = 0.5 * (width - 1), cy = 0.5 * (height - 1);
    Image out(width, height);
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i) {
            const double x = (i - cx) / pixelsPerDegree, y = (cy - j) / pixelsPerDegree;
            out.at(i, j) = mean + amplitude * std::cos(k * (x * c + y * s) - phi);
        }
    return out;
}

TestSceneLayout testSceneLayout(int width, int height)
{
    require(width >= 32 && width <= 4096, "testScene", "width", width, "must be in [32, 4096]");
    require(height >= 32 && height <= 4096, "testScene", "height", height, "must be in [32, 4096]");
    const double W = width, H = height, m = std::min(W, H);
    TestSceneLayout L;
    L.barLength = 0.18 * m;
    L.barWidth = std::max(2.0, 0.03 * m);
    const double bx[4] = {0.14, 0.36, 0.14, 0.36}, by[4] = {0.14, 0.14, 0.40, 0.40};
    for (int i = 0; i < 4; ++i) {
        L.barX[i] = bx[i] * W;
        L.barY[i] = by[i] * H;
        L.barAngleDeg[i] = 45.0 * i;
    }
    L.discX = 0.72 * W, L.discY = 0.27 * H, L.discRadius = 0.14 * m;
    L.patchX = 0.70 * W, L.patchY = 0.65 * H, L.patchRadius = 0.14 * m;
    L.patchOrientationDeg = 45;
    L.patchPeriodPx = std::max(4.0, m / 32);
    L.rampTop = 0.875 * H;
    return L;
}

Image testScene(int width, int height)
{
    const TestSceneLayout L = testSceneLayout(width, height);
    double barC[4], barS[4];
    for (int i = 0; i < 4; ++i)
        cosSinDeg(L.barAngleDeg[i], barC[i], barS[i]);
    double pc, ps;
    cosSinDeg(L.patchOrientationDeg, pc, ps);
    const double kPatch = 2 * kPi / L.patchPeriodPx;
    // Luminance at a point (px, y down); the layers from back to front.
    auto value = [&](double x, double y) {
        if (y >= L.rampTop)
            return x / width;  // the ramp, 0 at the left edge to 1 at the right
        double v = 0.5;
        for (int i = 0; i < 4; ++i) {
            const double dx = x - L.barX[i], dy = L.barY[i] - y;  // y up for the angle
            const double along = dx * barC[i] + dy * barS[i], across = -dx * barS[i] + dy * barC[i];
            if (std::abs(along) <= 0.5 * L.barLength && std::abs(across) <= 0.5 * L.barWidth)
                v = 0.1;
        }
        if (std::hypot(x - L.discX, y - L.discY) <= L.discRadius)
            v = 0.9;
        const double px = x - L.patchX, py = L.patchY - y;
        if (std::hypot(px, py) <= L.patchRadius)
            v = 0.5 + 0.4 * std::cos(kPatch * (px * pc + py * ps));
        return v;
    };
    constexpr int kSub = 4;
    Image out(width, height);
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i) {
            double sum = 0;
            for (int b = 0; b < kSub; ++b)
                for (int a = 0; a < kSub; ++a)
                    sum += value(i + (a + 0.5) / kSub, j + (b + 0.5) / kSub);
            out.at(i, j) = sum / (kSub * kSub);
        }
    return out;
}

}  // namespace neuroai::vision
