// Gabor receptive fields, simple/complex cells and the filter bank (engine/vision/Gabor.h). Every width and ratio
// below is MEASURED on the sampled model (tuning curves of the kernels' responses to drifting gratings, sums over the
// kernels' pixels) and compared with the closed forms of the Gabor's Fourier transform; the convolution is compared
// with a direct sum written here, independently of the module's own code.

#include "engine/core/Random.h"
#include "engine/vision/Gabor.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

using namespace neuroai;
using namespace neuroai::vision;
using neuroai::test::throwsNaming;

namespace {

constexpr double kPi = std::numbers::pi;

GaborParams cell(double sigmaTimesF, double aspect = 1, double orientation = 0, double ppd = 16)
{
    GaborParams p;
    p.frequencyCpd = 2;
    p.sigmaDeg = sigmaTimesF / p.frequencyCpd;
    p.aspectRatio = aspect;
    p.orientationDeg = orientation;
    p.pixelsPerDegree = ppd;
    return p;
}

// A sampled kernel fine and large enough for the continuous formulas: 64 px/deg, truncated at ±7σ (the envelope is
// e^{−24.5} ≈ 2·10⁻¹¹ there) along its longer axis.
GaborParams fineCell(double sigmaTimesF, double aspect = 1, double orientation = 0, double phase = 0)
{
    GaborParams p = cell(sigmaTimesF, aspect, orientation, 64);
    p.phaseDeg = phase;
    p.size = 2 * int(std::ceil(7 * std::max(p.sigmaDeg, p.sigmaDeg / aspect) * p.pixelsPerDegree)) + 1;
    return p;
}

// Independent reference for convolve(): the kernel centred on (x, y), pixels outside fetched by the edge rule,
// reflection by repeated mirroring.
int refIndex(int i, int n, EdgeMode mode)
{
    if (mode == EdgeMode::Zero)
        return (i < 0 || i >= n) ? -1 : i;
    if (mode == EdgeMode::Replicate)
        return std::clamp(i, 0, n - 1);
    while (i < 0 || i >= n) {
        if (i < 0)
            i = -1 - i;
        if (i >= n)
            i = 2 * n - 1 - i;
    }
    return i;
}

double directSum(const Image& image, const Image& k, int x, int y, EdgeMode mode)
{
    const int hx = (k.width - 1) / 2, hy = (k.height - 1) / 2;
    double s = 0;
    for (int v = 0; v < k.height; ++v)
        for (int u = 0; u < k.width; ++u) {
            const int xi = refIndex(x + u - hx, image.width, mode), yi = refIndex(y + v - hy, image.height, mode);
            if (xi >= 0 && yi >= 0)
                s += k.at(u, v) * image.at(xi, yi);
        }
    return s;
}

Image randomImage(int w, int h, Random& rng)
{
    Image im(w, h);
    for (double& v : im.pixels)
        v = rng.uniform();
    return im;
}

// Mean of a map over a centred square of side `side`.
double centreMean(const Image& m, int side)
{
    const int x0 = (m.width - side) / 2, y0 = (m.height - side) / 2;
    double s = 0;
    for (int y = y0; y < y0 + side; ++y)
        for (int x = x0; x < x0 + side; ++x)
            s += m.at(x, y);
    return s / (side * side);
}

}  // namespace

class TestGabor : public QObject {
    Q_OBJECT
private slots:
    void orientationHalfWidthMeasuredFromTheModelMatchesTheFormula()
    {
        // The closed form first: 21.6° at σf = 0.5 is the HALF-width (offset from the preferred orientation at half
        // height); the full width between the half-height points is twice it.
        QVERIFY(std::abs(orientationHalfWidthDeg(0.25, 2) - 21.6) < 0.05);
        // Measured: orientation tuning of the sampled model (16 px/deg, f = 2 c/deg, automatic ±4σ kernel), gratings
        // of the preferred frequency every 0.25° over ±90°, N = 16 frames per cycle. The complex cell's F0 and the
        // simple cell's F1 and F0 must all show the formula's half-width within ±1° (issue 13's tolerance; the
        // neglected second Fourier lobe, the ±4σ truncation and the interpolation between 0.25° samples each shift
        // it by far less).
        struct Case {
            double sigmaF, aspect;
        };
        for (const Case c : {Case{0.5, 1}, Case{0.35, 1}, Case{1.0, 1}, Case{0.5, 2}, Case{0.5, 0.5}}) {
            const GaborParams p = cell(c.sigmaF, c.aspect, 30);
            const TuningCurve t = orientationTuning(p, linearSweep(30 - 90, 30 + 90, 721), 1.0, 16);
            const double expected = orientationHalfWidthDeg(p.sigmaDeg, p.frequencyCpd, c.aspect);
            const HalfHeight hc = measureHalfHeight(t.x, t.complexF0);
            const HalfHeight hs1 = measureHalfHeight(t.x, t.simpleF1);
            const HalfHeight hs0 = measureHalfHeight(t.x, t.simpleF0);
            qInfo("σf = %.2f, γ = %.1f: half-width %.3f° (complex F0), %.3f° (simple F1), %.3f° (simple F0); "
                  "formula %.3f°; full width %.2f°",
                  c.sigmaF, c.aspect, hc.halfWidth(), hs1.halfWidth(), hs0.halfWidth(), expected, hc.fullWidth());
            for (const HalfHeight& h : {hc, hs1, hs0}) {
                QVERIFY(h.foundLeft && h.foundRight);
                QVERIFY(std::abs(h.peakX - 30) < 0.01);  // peaks at the preferred orientation
                QVERIFY2(std::abs(h.halfWidth() - expected) < 1.0, qPrintable(QString::number(h.halfWidth())));
            }
            if (c.aspect == 1 && c.sigmaF == 0.5)
                QVERIFY(std::abs(hc.fullWidth() - 2 * 21.6) < 2.0);
        }
    }

    void frequencyBandwidthMeasuredFromTheModelMatchesTheFormula()
    {
        QVERIFY(std::abs(frequencyBandwidthOctaves(0.25, 2) - 1.137) < 0.005);  // the closed form at σf = 0.5
        // SF tuning of the sampled model at the preferred orientation, fg every 0.005 c/deg from 0.02 to 7.9 c/deg
        // (Nyquist 8). Tolerance ±0.05 octave (issue 13's); the measured value is expected much closer.
        for (const double sigmaF : {0.5, 0.7, 0.35}) {
            const GaborParams p = cell(sigmaF, 1, 60);
            const TuningCurve t = frequencyTuning(p, linearSweep(0.02, 7.9, 1577), 1.0, 16);
            const double expected = frequencyBandwidthOctaves(p.sigmaDeg, p.frequencyCpd);
            const HalfHeight hc = measureHalfHeight(t.x, t.complexF0);
            const HalfHeight hs = measureHalfHeight(t.x, t.simpleF1);
            const FrequencyHalfHeight fh = frequencyHalfHeight(p.sigmaDeg, p.frequencyCpd);
            qInfo("σf = %.2f: bandwidth %.4f oct (complex F0), %.4f oct (simple F1); formula %.4f oct "
                  "(f− %.3f / %.3f, f+ %.3f / %.3f c/deg)",
                  sigmaF, hc.octaves(), hs.octaves(), expected, hc.left, fh.lowCpd, hc.right, fh.highCpd);
            QVERIFY(std::abs(hc.octaves() - expected) < 0.05);
            QVERIFY(std::abs(hs.octaves() - expected) < 0.05);
            QVERIFY(std::abs(hc.peakX - p.frequencyCpd) < 0.02);
        }
    }

    void evenDcLeakMatchesTheFourierTransform()
    {
        // DC leak measured on a fine sampled kernel (64 px/deg, ±7σ): Σk / (peak-to-trough swing of the response to
        // the optimal drifting grating). A sampled Gaussian-windowed wave sums to its integral up to aliasing terms
        // e^{−2π²σ²(ppd − f)²} (< 1e−300 here) and truncation (~1e−10 relative), so 1e−6 relative is generous.
        // It must equal e^{−a}/(1 + e^{−4a}), a = 2π²σ²f², at every σf, any orientation and aspect ratio; the
        // brief's e^{−a} agrees with it where e^{−4a} is negligible (σf = 0.5: 3e−9) and not at σf = 0.2 (4 %).
        struct Case {
            double sigmaF, aspect, orientation;
        };
        for (const Case c : {Case{0.5, 1, 0}, Case{0.5, 2, 30}, Case{0.3, 1, 0}, Case{0.2, 1, 75}}) {
            const GaborParams p = fineCell(c.sigmaF, c.aspect, c.orientation);
            const double measured = measuredDcLeak(p);
            const double exact = evenDcLeakExact(p.sigmaDeg, p.frequencyCpd);
            const double approx = evenDcLeak(p.sigmaDeg, p.frequencyCpd);
            qInfo("σf = %.2f, γ = %.0f, θ = %.0f°: DC leak %.9g measured, %.9g = e^-a/(1+e^-4a), %.9g = e^-a",
                  c.sigmaF, c.aspect, c.orientation, measured, exact, approx);
            QVERIFY2(std::abs(measured / exact - 1) < 1e-6, qPrintable(QString::number(measured / exact - 1)));
            if (c.sigmaF == 0.5)
                QVERIFY(std::abs(measured / approx - 1) < 1e-6);  // 0.00719188 = e^{−π²/2}
        }
        QVERIFY(evenDcLeak(0.1, 2) / evenDcLeakExact(0.1, 2) > 1.03);  // the factor 1 + e^{−4a} at σf = 0.2
        // In the cell's own units: the response to a uniform field of luminance 1 (the normalised kernel's sum) is
        // 2e^{−a}/(1 + e^{−4a}) times the peak response to the optimal grating of amplitude 1 (the complex cell's
        // constant energy): twice the leak above, since the peak is half the swing.
        const GaborParams p = fineCell(0.5);
        const double uniform = normalizedGaborKernel(p).sum();
        DriftingGrating g;
        g.frequencyCpd = p.frequencyCpd;
        const double peak = complexCellResponse(p, g).f0;
        QVERIFY(std::abs(uniform / peak / (2 * evenDcLeakExact(p.sigmaDeg, p.frequencyCpd)) - 1) < 1e-6);
    }

    void oddHasNoDcAndThePairIsInQuadrature()
    {
        // g_e = env·cos(u − φ), g_o = env·sin(u − φ), u = 2πf x'. With I₀ = ∫env², I₂ = ∫env²cos 2u = I₀ e^{−b},
        // b = 4π²σ²f²: Σ g_o = 0 (antisymmetric about the middle pixel; rounding only), and
        //   ⟨e,o⟩ = −½ sin 2φ · I₂,  ‖e‖² = ½(I₀ + cos 2φ · I₂),  ‖o‖² = ½(I₀ − cos 2φ · I₂),
        // so φ = 0 gives exact orthogonality with (‖e‖² − ‖o‖²)/(‖e‖² + ‖o‖²) = e^{−b}, and φ = 30° a normalised inner
        // product −sin 60° e^{−b} / √(1 − cos²60° e^{−2b}). Fine grid (sampling error ≪ 1e−9); tolerance 1e−6 relative,
        // 1e−13 for the quantities that are zero by symmetry (rounding of ~10⁵-term sums).
        for (const double sigmaF : {0.5, 0.3}) {
            for (const double theta : {0.0, 30.0, 90.0}) {
                const GaborParams pe = fineCell(sigmaF, 1.5, theta, 0), po = fineCell(sigmaF, 1.5, theta, 90);
                const Image e = gaborKernel(pe), o = gaborKernel(po);
                double sumO = 0, absO = 0, eo = 0, ee = 0, oo = 0, diff = 0;
                for (std::size_t i = 0; i < e.pixels.size(); ++i) {
                    sumO += o.pixels[i];
                    absO += std::abs(o.pixels[i]);
                    eo += e.pixels[i] * o.pixels[i];
                    ee += e.pixels[i] * e.pixels[i];
                    oo += o.pixels[i] * o.pixels[i];
                    diff += (e.pixels[i] - o.pixels[i]) * (e.pixels[i] + o.pixels[i]);
                }
                const double b = 4 * kPi * kPi * pe.sigmaDeg * pe.sigmaDeg * pe.frequencyCpd * pe.frequencyCpd;
                if (theta == 30.0)
                    qInfo("σf = %.1f: odd DC %.2e (of Σ|k| %.1f), <e,o>/(|e||o|) %.2e, "
                          "(|e|²−|o|²)/(|e|²+|o|²) %.9g vs e^-b %.9g",
                          sigmaF, sumO, absO, eo / std::sqrt(ee * oo), diff / (ee + oo), std::exp(-b));
                QVERIFY(std::abs(sumO) < 1e-13 * absO);
                QVERIFY(std::abs(eo) < 1e-13 * std::sqrt(ee * oo));
                QVERIFY(std::abs(diff / (ee + oo) / std::exp(-b) - 1) < 1e-6);
            }
            const Image e = gaborKernel(fineCell(sigmaF, 1, 20, 30)), o = gaborKernel(fineCell(sigmaF, 1, 20, 120));
            double eo = 0, ee = 0, oo = 0;
            for (std::size_t i = 0; i < e.pixels.size(); ++i) {
                eo += e.pixels[i] * o.pixels[i];
                ee += e.pixels[i] * e.pixels[i];
                oo += o.pixels[i] * o.pixels[i];
            }
            const double b = 4 * kPi * kPi * sigmaF * sigmaF;
            const double expected = -std::sin(kPi / 3) * std::exp(-b) / std::sqrt(1 - 0.25 * std::exp(-2 * b));
            const double measured = eo / std::sqrt(ee * oo);
            qInfo("σf = %.1f, φ = 30°/120°: normalised <e,o> %.9g, expected %.9g", sigmaF, measured, expected);
            QVERIFY(std::abs(measured / expected - 1) < 1e-6);
        }
    }

    void complexCellsAreUnmodulatedAndSimpleCellsModulated()
    {
        // Optimal drifting grating, σf = 0.5, at several contrasts and frame counts. The half-rectified linear cell
        // has F1/F0 = π/2 (F1 exact for even N; F0 carries the aliased harmonics N, 2N, … of the rectified cosine,
        // at most (π²/6)(2/π)/N² / (1/π) = 1.3 % at N = 16 and 0.3 % at N = 32, so 2 % tolerance) — above Skottun's
        // criterion of 1. The energy of the quadrature pair is constant up to
        // e^{−8π²σ²f²} = 3e−9: F1/F0 < 0.3 (the criterion), and in fact max − min < 1e−6 of the mean, which a
        // full-wave rectified single cell (also F1 = 0) would fail. Normalised kernels: energy = contrast (±5e−4).
        for (const int steps : {16, 32}) {
            for (const double contrast : {1.0, 0.3}) {
                const GaborParams p = cell(0.5, 1, 30);
                DriftingGrating g;
                g.orientationDeg = 30;
                g.frequencyCpd = 2;
                g.contrast = contrast;
                g.phaseSteps = steps;
                const CellResponse s = simpleCellResponse(p, g);
                const CellResponse c = complexCellResponse(p, g);
                const auto [lo, hi] = std::minmax_element(c.rate.begin(), c.rate.end());
                qInfo("N = %d, c = %.1f: simple F0 %.5f F1 %.5f F1/F0 %.4f (π/2 = %.4f); complex F0 %.6f F1 %.2e "
                      "F1/F0 %.2e, (max−min)/mean %.2e",
                      steps, contrast, s.f0, s.f1, s.modulationRatio(), kPi / 2, c.f0, c.f1, c.modulationRatio(),
                      (*hi - *lo) / c.f0);
                QVERIFY(s.modulationRatio() > 1);
                QVERIFY(std::abs(s.modulationRatio() / (kPi / 2) - 1) < 0.02);
                // The linear response's amplitude is the contrast, up to the ±4σ truncation of the automatic
                // kernel (measured 7e−5 below; 5e−4 allowed).
                QVERIFY(std::abs(s.f1 / (0.5 * contrast) - 1) < 5e-4);  // half-wave: F1 = amplitude / 2
                QVERIFY(c.modulationRatio() < 0.3);
                QVERIFY((*hi - *lo) < 1e-6 * c.f0);
                QVERIFY(std::abs(c.f0 / contrast - 1) < 5e-4);
            }
        }
        // Off-preferred (Δθ = 20°) the complex cell still is unmodulated and the simple cell still modulated.
        DriftingGrating g;
        g.orientationDeg = 50;
        const GaborParams p = cell(0.5, 1, 30);
        QVERIFY(complexCellResponse(p, g).modulationRatio() < 0.3);
        QVERIFY(simpleCellResponse(p, g).modulationRatio() > 1);
    }

    void convolutionEqualsADirectSum()
    {
        // Random image, kernels: a 33 × 33 odd Gabor at 30°, a random 7 × 5 kernel (not symmetric: catches a flipped
        // kernel or swapped axes), and a 81 × 81 Gabor larger than the 64 × 48 image (repeated reflection). Every
        // edge mode, direct and FFT paths, 150 random pixels plus the four corners. Tolerance 1e−9 absolute on
        // outputs of order 10 (FFT rounding is ~1e−13).
        Random rng(13);
        const Image image = randomImage(64, 48, rng);
        GaborParams big = cell(0.5, 1, 30);
        big.phaseDeg = 90;
        big.size = 81;
        Image rnd(7, 5);
        for (double& v : rnd.pixels)
            v = rng.normal();
        const std::vector<Image> kernels = {gaborKernel(cell(0.5, 1, 30).withPhase(90)), rnd, gaborKernel(big)};
        double worst = 0;
        for (const Image& k : kernels)
            for (const EdgeMode mode : {EdgeMode::Zero, EdgeMode::Replicate, EdgeMode::Reflect})
                for (const ConvolutionMethod method : {ConvolutionMethod::Direct, ConvolutionMethod::Fft}) {
                    const Image out = convolve(image, k, mode, method);
                    QCOMPARE(out.width, image.width);
                    QCOMPARE(out.height, image.height);
                    for (int n = 0; n < 154; ++n) {
                        int x = int(rng.uniform() * image.width), y = int(rng.uniform() * image.height);
                        if (n >= 150)
                            x = (n & 1) ? image.width - 1 : 0, y = (n & 2) ? image.height - 1 : 0;
                        const double err = std::abs(out.at(x, y) - directSum(image, k, x, y, mode));
                        worst = std::max(worst, err);
                        QVERIFY2(err < 1e-9, qPrintable(QString("pixel (%1, %2): %3").arg(x).arg(y).arg(err)));
                    }
                }
        qInfo("convolve vs direct sum: largest difference %.2e", worst);
        // The pair path gives each member's own convolution.
        Image e, o;
        const GaborParams p = cell(0.5, 1, 30);
        convolvePair(image, gaborKernel(p), gaborKernel(p.withPhase(90)), e, o, EdgeMode::Reflect,
                     ConvolutionMethod::Fft);
        const Image e2 = convolve(image, gaborKernel(p), EdgeMode::Reflect, ConvolutionMethod::Direct);
        const Image o2 = convolve(image, gaborKernel(p.withPhase(90)), EdgeMode::Reflect, ConvolutionMethod::Direct);
        for (std::size_t i = 0; i < e.pixels.size(); ++i) {
            QVERIFY(std::abs(e.pixels[i] - e2.pixels[i]) < 1e-9);
            QVERIFY(std::abs(o.pixels[i] - o2.pixels[i]) < 1e-9);
        }
    }

    void aGratingDrivesTheMatchedFilterOfTheBank()
    {
        // Zero-mean gratings of amplitude 0.5 at each of the bank's 8 orientations (bank and grating at 2 c/deg), and
        // at 1 and 4 c/deg with a bank of 8 orientations × {1, 2, 4} c/deg; σf = 0.5, 16 px/deg. In the central
        // 48 × 48 px (≥ 40 px from the border, beyond the largest kernel's reach) the mean energy is largest for the
        // matched filter, equals the amplitude (normalised kernels; ±1e−4), and the orthogonal filter gets less than
        // 1e−3 of it (analytic e^{−π²} = 5e−5).
        auto check = [](const FilterBankSettings& s, int fi, int j) {
            const double theta = 22.5 * j, f = s.frequenciesCpd[std::size_t(fi)];
            const Image im = gratingImage(128, 128, theta, f, s.pixelsPerDegree, 0.5, 37, 0);
            const FilterBankResponse r = applyFilterBank(im, s);
            int best = 0;
            std::vector<double> m(r.energy.size());
            for (std::size_t i = 0; i < m.size(); ++i) {
                m[i] = centreMean(r.energy[i], 48);
                if (m[i] > m[std::size_t(best)])
                    best = int(i);
            }
            const double orth = m[std::size_t(r.index((j + 4) % 8, fi))];
            if (j == 2 || s.frequenciesCpd.size() > 1)
                qInfo("grating %.1f° at %.0f c/deg: best filter %.1f° %.0f c/deg, energy %.6f, orthogonal %.2e", theta,
                      f, r.filters[std::size_t(best)].orientationDeg, r.filters[std::size_t(best)].frequencyCpd,
                      m[std::size_t(best)], orth);
            QCOMPARE(best, r.index(j, fi));
            QVERIFY(std::abs(m[std::size_t(best)] - 0.5) < 1e-4);
            QVERIFY(orth < 1e-3 * m[std::size_t(best)]);
        };
        FilterBankSettings one;  // 8 orientations at 2 c/deg
        for (int j = 0; j < 8 && !QTest::currentTestFailed(); ++j)
            check(one, 0, j);
        FilterBankSettings three;
        three.frequenciesCpd = {1, 2, 4};
        if (!QTest::currentTestFailed())
            check(three, 0, 3);
        if (!QTest::currentTestFailed())
            check(three, 2, 6);
    }

    void theTestSceneShowsOrientationSelectivity()
    {
        // The demo picture is deterministic, in [0, 1], and the bank reads its features: at each bar's centre the
        // strongest filter has its wave vector across the bar (θ = bar angle + 90°), and at the grating patch's
        // centre the patch's orientation (45°) wins.
        const Image a = testScene(256, 256), b = testScene(256, 256);
        QVERIFY(a.pixels == b.pixels);
        const auto [lo, hi] = std::minmax_element(a.pixels.begin(), a.pixels.end());
        QVERIFY(*lo >= 0 && *hi <= 1);
        const TestSceneLayout L = testSceneLayout(256, 256);
        FilterBankSettings s;
        s.frequenciesCpd = {1, 2};
        const FilterBankResponse r = applyFilterBank(a, s);
        auto bestOrientation = [&](double x, double y) {
            int best = 0;
            double bestE = -1;
            for (std::size_t i = 0; i < r.energy.size(); ++i) {
                const double e = r.energy[i].at(int(x), int(y));
                if (e > bestE)
                    bestE = e, best = int(i);
            }
            return r.filters[std::size_t(best)].orientationDeg;
        };
        for (int i = 0; i < 4; ++i) {
            const double got = bestOrientation(L.barX[i], L.barY[i]);
            qInfo("bar at %.0f°: strongest filter θ = %.1f°", L.barAngleDeg[i], got);
            QCOMPARE(got, std::fmod(L.barAngleDeg[i] + 90, 180));
        }
        QCOMPARE(bestOrientation(L.patchX, L.patchY), L.patchOrientationDeg);
    }

    void badInputIsRejectedByName()
    {
        auto kernelWith = [](auto change) {
            return [change] {
                GaborParams p;
                change(p);
                gaborKernel(p);
            };
        };
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.sigmaDeg = -1; }), "sigmaDeg = -1"));
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.frequencyCpd = 8; }), "frequencyCpd = 8"));
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.frequencyCpd = 9; }), "Nyquist"));
        QVERIFY(throwsNaming(kernelWith([nan](GaborParams& p) { p.orientationDeg = nan; }), "orientationDeg"));
        QVERIFY(throwsNaming(kernelWith([nan](GaborParams& p) { p.phaseDeg = nan; }), "phaseDeg"));
        QVERIFY(throwsNaming(kernelWith([nan](GaborParams& p) { p.sigmaDeg = nan; }), "sigmaDeg"));
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.aspectRatio = 0; }), "aspectRatio"));
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.size = 32; }), "size"));
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.pixelsPerDegree = 0; }), "pixelsPerDegree"));
        QVERIFY(throwsNaming(kernelWith([](GaborParams& p) { p.sigmaDeg = 100; }), "sigmaDeg"));  // > 2001 px
        DriftingGrating g;
        g.contrast = -0.1;
        QVERIFY(throwsNaming([&] { simpleCellResponse(GaborParams{}, g); }, "contrast"));
        g = {};
        g.phaseSteps = 2;
        QVERIFY(throwsNaming([&] { complexCellResponse(GaborParams{}, g); }, "phaseSteps"));
        g = {};
        g.frequencyCpd = 20;
        QVERIFY(throwsNaming([&] { complexCellResponse(GaborParams{}, g); }, "frequencyCpd"));
        QVERIFY(throwsNaming([&] { orientationTuning(GaborParams{}, {0.0, nan}); }, "orientationDeg"));
        QVERIFY(throwsNaming([] { orientationHalfWidthDeg(-0.25, 2); }, "sigmaDeg"));
        QVERIFY(throwsNaming([nan] { frequencyBandwidthOctaves(0.25, nan); }, "frequencyCpd"));
        const Image image(16, 16, 0.5);
        QVERIFY(throwsNaming([&] { convolve(image, Image(4, 3, 1.0)); }, "kernel"));
        Image broken = image;
        broken.at(3, 4) = nan;
        QVERIFY(throwsNaming([&] { convolve(broken, Image(3, 3, 1.0)); }, "image pixel (3, 4)"));
        broken = image;
        broken.pixels.pop_back();
        QVERIFY(throwsNaming([&] { convolve(broken, Image(3, 3, 1.0)); }, "image has 255 pixels"));
        FilterBankSettings s;
        s.orientations = 0;
        QVERIFY(throwsNaming([&] { applyFilterBank(image, s); }, "orientations"));
        s = {};
        s.frequenciesCpd = {2, 8.5};
        QVERIFY(throwsNaming([&] { applyFilterBank(image, s); }, "FilterBank: the filter at 8.5 c/deg: Gabor: "
                                                                 "frequencyCpd = 8.5 must be below the Nyquist"));
        QVERIFY(throwsNaming([] { measureHalfHeight({0, 2, 1}, {0, 1, 0}); }, "increasing"));
        QVERIFY(throwsNaming([] { testScene(10, 64); }, "width"));
        QVERIFY(throwsNaming([] { gratingImage(8, 8, 0, 9, 16); }, "frequencyCpd"));
    }
};

QTEST_APPLESS_MAIN(TestGabor)
#include "tst_gabor.moc"
