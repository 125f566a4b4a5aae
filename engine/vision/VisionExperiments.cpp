#include "engine/vision/VisionExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "engine/core/Require.h"
#include "engine/core/SpecSupport.h"
#include "engine/vision/NaturalImages.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace neuroai::vision {

namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int kTuningSteps = 16;   // frames per drift cycle of the tuning gratings
constexpr int kTraceSteps = 32;    // frames per drift cycle of the simple-complex traces

std::string fixed(double v, int decimals)
{
    if (!std::isfinite(v))
        return std::isnan(v) ? "—" : (v > 0 ? "∞" : "−∞");
    if (std::abs(v) < 0.5 * std::pow(10.0, -decimals))
        return "0";  // rounding noise such as 6e−17
    return formatValue(v, decimals);
}

std::vector<double> normalised(const std::vector<double>& y)
{
    const double peak = y.empty() ? 0.0 : *std::max_element(y.begin(), y.end());
    std::vector<double> out(y.size(), 0.0);
    if (peak > 0)
        for (std::size_t i = 0; i < y.size(); ++i)
            out[i] = y[i] / peak;
    return out;
}

double halfWidthOf(const HalfHeight& h)
{
    return h.foundLeft && h.foundRight ? h.halfWidth() : kNaN;
}

}  // namespace

// ------------------------------------------------------------------------------------------------- gabor-tuning

std::vector<ParamSpec> gaborTuningSpecs()
{
    return {
        {"orientation", "Orientation θ", "deg", 0, 180, 0, Scale::Linear,
         "Direction of the carrier's wave vector, counter-clockwise from the right. The bars run at θ + 90°: "
         "θ = 0 has vertical bars, 90° horizontal ones.",
         0},
        {"frequency", "Spatial frequency f", "cycles/deg", 0.5, 4, 2, Scale::Log,
         "Cycles of the carrier per degree of visual angle: the grating the cell likes best.", 2},
        {"phase", "Phase φ", "deg", 0, 360, 0, Scale::Linear,
         "Where the carrier sits under the envelope: 0 = even (a bright bar between dark flanks), 90 = odd (an "
         "edge: dark on one side, bright on the other), 180 = a dark bar.",
         0},
        {"sigma", "Envelope width σ", "deg", 0.08, 0.6, 0.25, Scale::Log,
         "Standard deviation of the Gaussian envelope across the bars. The tuning depends on σ·f, the number of "
         "carrier cycles under the envelope: more cycles, sharper tuning.",
         3},
        {"aspect", "Aspect ratio γ", "", 0.3, 3, 1, Scale::Log,
         "The envelope's width along the bars is σ/γ: γ < 1 gives long bars (sharper orientation tuning), γ > 1 "
         "short ones. The frequency tuning does not depend on it.",
         2},
    };
}

std::vector<OutputInfo> gaborTuningOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "orientation_simple", "Simple cell F1 against grating orientation − preferred (normalised)", "",
         "deg"},
        {K::Series, "orientation_complex", "Complex cell F0 against grating orientation − preferred (normalised)", "",
         "deg"},
        {K::Series, "frequency_simple", "Simple cell F1 against grating frequency (normalised)", "", "cycles/deg"},
        {K::Series, "frequency_complex", "Complex cell F0 against grating frequency (normalised)", "", "cycles/deg"},
        {K::Scalar, "half_width_measured_deg", "Orientation half-width at half height, simple cell F1", "deg", ""},
        {K::Scalar, "half_width_complex_deg", "Orientation half-width at half height, complex cell F0", "deg", ""},
        {K::Scalar, "half_width_analytic_deg", "Orientation half-width at half height, closed form", "deg", ""},
        {K::Scalar, "f_low_measured_cpd", "Lower half-height frequency f₋, simple cell F1", "cycles/deg", ""},
        {K::Scalar, "f_high_measured_cpd", "Upper half-height frequency f₊, simple cell F1", "cycles/deg", ""},
        {K::Scalar, "f_low_analytic_cpd", "Lower half-height frequency f₋, closed form", "cycles/deg", ""},
        {K::Scalar, "f_high_analytic_cpd", "Upper half-height frequency f₊, closed form", "cycles/deg", ""},
        {K::Scalar, "bandwidth_measured_oct", "Spatial-frequency bandwidth log2(f₊/f₋), simple cell F1", "octaves",
         ""},
        {K::Scalar, "bandwidth_complex_oct", "Spatial-frequency bandwidth log2(f₊/f₋), complex cell F0", "octaves",
         ""},
        {K::Scalar, "bandwidth_analytic_oct", "Spatial-frequency bandwidth, closed form", "octaves", ""},
        {K::Scalar, "dc_leak_measured", "Uniform-field response / response swing to the optimal grating, sampled kernel",
         "", ""},
        {K::Scalar, "dc_leak_analytic", "The same, closed form e^{−a}/(1 + e^{−4a})·cos φ, a = 2π²σ²f²", "", ""},
        {K::Scalar, "simple_f1_f0", "Simple cell F1/F0 for the optimal grating", "", ""},
        {K::Scalar, "complex_f1_f0", "Complex cell F1/F0 for the optimal grating", "", ""},
        {K::Scalar, "kernel_px", "Side of the sampled kernel (16 px per degree)", "px", ""},
    };
}

GaborParams gaborTuningCell(const ParamSet& p)
{
    GaborParams cell;
    cell.orientationDeg = p["orientation"];
    cell.frequencyCpd = p["frequency"];
    cell.phaseDeg = p["phase"];
    cell.sigmaDeg = p["sigma"];
    cell.aspectRatio = p["aspect"];
    cell.pixelsPerDegree = kVisionPixelsPerDegree;
    return cell;
}

GaborTuningRun computeGaborTuning(const ParamSet& p, Progress& progress)
{
    GaborTuningRun run;
    run.cell = gaborTuningCell(p);
    run.cell.validate();
    const GaborParams& cell = run.cell;
    const double f = cell.frequencyCpd, sigma = cell.sigmaDeg;

    progress.setStage("orientation tuning");
    run.offsetsDeg = linearSweep(-90, 90, 181);
    std::vector<double> orientations;
    for (const double d : run.offsetsDeg)
        orientations.push_back(cell.orientationDeg + d);
    run.orientation = orientationTuning(cell, orientations, 1.0, kTuningSteps);
    progress.throwIfCancelled();
    progress.setFraction(0.5);

    progress.setStage("spatial-frequency tuning");
    // From five octaves below f to well past the upper half-height point, below the Nyquist limit (8 cycles/deg).
    const double spread = std::sqrt(2 * std::log(2.0)) / (2 * kPi * sigma);
    const double top = std::min(std::max(4 * f, f + 2.5 * spread), 0.47 * kVisionPixelsPerDegree);
    run.frequency = frequencyTuning(cell, logSweep(f / 32, top, 121), 1.0, kTuningSteps);
    progress.throwIfCancelled();
    progress.setFraction(0.9);

    run.orientationSimple = normalised(run.orientation.simpleF1);
    run.orientationComplex = normalised(run.orientation.complexF0);
    run.frequencySimple = normalised(run.frequency.simpleF1);
    run.frequencyComplex = normalised(run.frequency.complexF0);
    run.orientationSimpleHalf = measureHalfHeight(run.offsetsDeg, run.orientationSimple);
    run.orientationComplexHalf = measureHalfHeight(run.offsetsDeg, run.orientationComplex);
    run.frequencySimpleHalf = measureHalfHeight(run.frequency.x, run.frequencySimple);
    run.frequencyComplexHalf = measureHalfHeight(run.frequency.x, run.frequencyComplex);

    run.halfWidthAnalyticDeg = orientationHalfWidthDeg(sigma, f, cell.aspectRatio);
    run.frequencyAnalytic = frequencyHalfHeight(sigma, f);
    run.bandwidthAnalyticOct = frequencyBandwidthOctaves(sigma, f);
    run.dcLeakMeasured = measuredDcLeak(cell);
    run.dcLeakAnalytic = evenDcLeakExact(sigma, f) * std::cos(cell.phaseDeg * kPi / 180);

    DriftingGrating optimal;
    optimal.orientationDeg = cell.orientationDeg;
    optimal.frequencyCpd = f;
    optimal.contrast = 1;
    optimal.phaseSteps = kTuningSteps;
    run.simpleOptimal = simpleCellResponse(cell, optimal);
    run.complexOptimal = complexCellResponse(cell, optimal);

    // ---- the result the CLI prints ----
    ExperimentResult& r = run.result;
    const auto series = [](const char* name, const char* label, const char* xLabel, const char* xUnit,
                           const std::vector<double>& x, const std::vector<double>& y) {
        return ResultSeries{name, label, xLabel, xUnit, "response / peak", "", x, y};
    };
    r.series = {
        series("orientation_simple", "simple cell F1", "grating orientation − preferred", "deg", run.offsetsDeg,
               run.orientationSimple),
        series("orientation_complex", "complex cell F0", "grating orientation − preferred", "deg", run.offsetsDeg,
               run.orientationComplex),
        series("frequency_simple", "simple cell F1", "grating spatial frequency", "cycles/deg", run.frequency.x,
               run.frequencySimple),
        series("frequency_complex", "complex cell F0", "grating spatial frequency", "cycles/deg", run.frequency.x,
               run.frequencyComplex),
    };
    const HalfHeight& fs = run.frequencySimpleHalf;
    const double bandwidthMeasured = fs.octaves();
    const double bandwidthComplex = run.frequencyComplexHalf.octaves();
    const double fLowAnalytic = run.frequencyAnalytic.lowCpd > 0 ? run.frequencyAnalytic.lowCpd : kNaN;
    const double bandwidthAnalytic = std::isfinite(run.bandwidthAnalyticOct) ? run.bandwidthAnalyticOct : kNaN;
    r.scalars = {
        {"half_width_measured_deg", "orientation half-width (simple F1)", "deg", halfWidthOf(run.orientationSimpleHalf)},
        {"half_width_complex_deg", "orientation half-width (complex F0)", "deg",
         halfWidthOf(run.orientationComplexHalf)},
        {"half_width_analytic_deg", "orientation half-width (closed form)", "deg", run.halfWidthAnalyticDeg},
        {"f_low_measured_cpd", "f₋ (simple F1)", "cycles/deg", fs.foundLeft ? fs.left : kNaN},
        {"f_high_measured_cpd", "f₊ (simple F1)", "cycles/deg", fs.foundRight ? fs.right : kNaN},
        {"f_low_analytic_cpd", "f₋ (closed form)", "cycles/deg", fLowAnalytic},
        {"f_high_analytic_cpd", "f₊ (closed form)", "cycles/deg", run.frequencyAnalytic.highCpd},
        {"bandwidth_measured_oct", "bandwidth (simple F1)", "octaves", bandwidthMeasured},
        {"bandwidth_complex_oct", "bandwidth (complex F0)", "octaves", bandwidthComplex},
        {"bandwidth_analytic_oct", "bandwidth (closed form)", "octaves", bandwidthAnalytic},
        {"dc_leak_measured", "DC leak (sampled kernel)", "", run.dcLeakMeasured},
        {"dc_leak_analytic", "DC leak (closed form)", "", run.dcLeakAnalytic},
        {"simple_f1_f0", "simple cell F1/F0", "", run.simpleOptimal.modulationRatio()},
        {"complex_f1_f0", "complex cell F1/F0", "", run.complexOptimal.modulationRatio()},
        {"kernel_px", "kernel side", "px", double(cell.kernelSize())},
    };
    r.notes = {
        "σf = " + fixed(sigma * f, 3) + ": orientation half-width at half height " +
            fixed(halfWidthOf(run.orientationSimpleHalf), 2) + "° measured (simple F1), " +
            fixed(halfWidthOf(run.orientationComplexHalf), 2) + "° (complex F0), " + fixed(run.halfWidthAnalyticDeg, 2) +
            "° closed form.",
        "Spatial-frequency bandwidth " + fixed(bandwidthMeasured, 3) + " octaves measured (f₋ = " +
            fixed(fs.foundLeft ? fs.left : kNaN, 3) + ", f₊ = " + fixed(fs.foundRight ? fs.right : kNaN, 3) +
            " cycles/deg), " + fixed(bandwidthAnalytic, 3) + " octaves closed form" +
            (run.frequencyAnalytic.lowCpd > 0 ? "." : " (f₋ ≤ 0: no lower half-height point)."),
        "Optimal grating: simple cell F1/F0 = " + fixed(run.simpleOptimal.modulationRatio(), 3) +
            ", complex cell F1/F0 = " + fixed(run.complexOptimal.modulationRatio(), 3) +
            " (Skottun et al. 1991: simple if F1/F0 > 1).",
        "DC leak (uniform-field response / response swing to the optimal grating): " + fixed(run.dcLeakMeasured, 5) +
            " measured, " + fixed(run.dcLeakAnalytic, 5) + " closed form.",
    };
    progress.setFraction(1);
    return run;
}

ExperimentResult runGaborTuning(const ParamSet& parameters, Progress& progress)
{
    return computeGaborTuning(parameters, progress).result;
}

// ------------------------------------------------------------------------------------------------ simple-complex

std::vector<ParamSpec> simpleComplexSpecs()
{
    return {
        grouped({"frequency", "Preferred frequency f", "cycles/deg", 0.5, 4, 2, Scale::Log,
                 "The spatial frequency of the cell's carrier. Its preferred orientation is 0 (vertical bars).", 2},
                "Cell"),
        grouped({"sigma", "Envelope width σ", "deg", 0.08, 0.6, 0.25, Scale::Log,
                 "Standard deviation of the cell's Gaussian envelope.", 3},
                "Cell"),
        grouped({"phase", "Phase φ", "deg", 0, 360, 0, Scale::Linear,
                 "Phase of the simple cell's filter (0 = even, 90 = odd). The complex cell pools the filters at φ and "
                 "φ + 90°, so its response does not depend on φ.",
                 0},
                "Cell"),
        grouped({"offset", "Orientation offset Δθ", "deg", -90, 90, 0, Scale::Linear,
                 "The grating's orientation minus the cell's preferred orientation.", 0},
                "Drifting grating"),
        grouped({"grating_frequency", "Grating frequency", "cycles/deg", 0.1, 7, 2, Scale::Log,
                 "Spatial frequency of the drifting grating (below the 8 cycles/deg Nyquist limit of 16 px/deg).", 2},
                "Drifting grating"),
        grouped({"contrast", "Contrast c", "", 0.05, 1, 1, Scale::Linear,
                 "Amplitude of the grating about the mean luminance. Every response here is proportional to it.", 2},
                "Drifting grating"),
        grouped({"snapshot", "Snapshot time", "cycles", 0, 2, 0, Scale::Linear,
                 "When the picture of the grating is taken, in drift cycles; marked on the response plot.", 2},
                "Drifting grating"),
    };
}

std::vector<OutputInfo> simpleComplexOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "linear_cell", "Linear response of the cell's filter (φ) over two drift cycles", "", "cycles"},
        {K::Series, "linear_quadrature", "Linear response of the quadrature filter (φ + 90°)", "", "cycles"},
        {K::Series, "simple", "Simple cell: half-wave rectified linear response", "", "cycles"},
        {K::Series, "complex", "Complex cell: energy √(cell² + quadrature²)", "", "cycles"},
        {K::Scalar, "simple_f0", "Simple cell mean response F0", "", ""},
        {K::Scalar, "simple_f1", "Simple cell first-harmonic amplitude F1", "", ""},
        {K::Scalar, "simple_f1_f0", "Simple cell F1/F0", "", ""},
        {K::Scalar, "complex_f0", "Complex cell mean response F0", "", ""},
        {K::Scalar, "complex_f1", "Complex cell first-harmonic amplitude F1", "", ""},
        {K::Scalar, "complex_f1_f0", "Complex cell F1/F0", "", ""},
        {K::Scalar, "simple_by_criterion", "1 if the simple cell is classed simple (F1/F0 > 1), else 0", "", ""},
        {K::Scalar, "complex_by_criterion", "1 if the complex cell is classed simple (F1/F0 > 1), else 0", "", ""},
        {K::Scalar, "cell_amplitude", "Peak of the φ filter's linear response", "", ""},
        {K::Scalar, "quadrature_amplitude", "Peak of the φ + 90° filter's linear response", "", ""},
        {K::Scalar, "simple_at_snapshot", "Simple cell response at the snapshot time", "", ""},
        {K::Scalar, "complex_at_snapshot", "Complex cell response at the snapshot time", "", ""},
    };
}

SimpleComplexRun computeSimpleComplex(const ParamSet& p, Progress& progress)
{
    SimpleComplexRun run;
    run.cell.orientationDeg = 0;
    run.cell.frequencyCpd = p["frequency"];
    run.cell.sigmaDeg = p["sigma"];
    run.cell.phaseDeg = p["phase"];
    run.cell.aspectRatio = 1;
    run.cell.pixelsPerDegree = kVisionPixelsPerDegree;
    run.cell.validate();
    run.grating.orientationDeg = p["offset"];
    run.grating.frequencyCpd = p["grating_frequency"];
    run.grating.contrast = p["contrast"];
    run.grating.phaseSteps = kTraceSteps;
    run.grating.validate(kVisionPixelsPerDegree);
    run.snapshotCycles = p["snapshot"];

    progress.setStage("responses to the drifting grating");
    run.simpleResponse = simpleCellResponse(run.cell, run.grating);
    run.complexResponse = complexCellResponse(run.cell, run.grating);

    // The traces: each frame of the grating (gratingImage, same coordinates as the kernels) against both kernels.
    const Image cellKernel = normalizedGaborKernel(run.cell);
    const Image quadratureKernel = normalizedGaborKernel(run.cell.withPhase(run.cell.phaseDeg + 90));
    const int side = cellKernel.width;
    const auto dot = [](const Image& a, const Image& b) {
        double s = 0;
        for (std::size_t i = 0; i < a.pixels.size(); ++i)
            s += a.pixels[i] * b.pixels[i];
        return s;
    };
    const int frames = 2 * kTraceSteps + 1;
    for (int n = 0; n < frames; ++n) {
        progress.throwIfCancelled();
        const Image frame = gratingImage(side, side, run.grating.orientationDeg, run.grating.frequencyCpd,
                                         kVisionPixelsPerDegree, run.grating.contrast, 360.0 * n / kTraceSteps, 0.0);
        const double a = dot(cellKernel, frame), b = dot(quadratureKernel, frame);
        run.timeCycles.push_back(double(n) / kTraceSteps);
        run.linearCell.push_back(a);
        run.linearQuadrature.push_back(b);
        run.simple.push_back(std::max(0.0, a));
        run.complex.push_back(std::hypot(a, b));
        run.cellAmplitude = std::max(run.cellAmplitude, std::abs(a));
        run.quadratureAmplitude = std::max(run.quadratureAmplitude, std::abs(b));
        progress.setFraction(double(n + 1) / frames);
    }
    // The responses at the snapshot time, interpolated between frames.
    {
        const double at = run.snapshotCycles * kTraceSteps;
        const int i = std::clamp(int(std::floor(at)), 0, frames - 2);
        const double t = at - i;
        run.simpleAtSnapshot = (1 - t) * run.simple[std::size_t(i)] + t * run.simple[std::size_t(i) + 1];
        run.complexAtSnapshot = (1 - t) * run.complex[std::size_t(i)] + t * run.complex[std::size_t(i) + 1];
    }

    ExperimentResult& r = run.result;
    const auto series = [&](const char* name, const char* label, const std::vector<double>& y) {
        return ResultSeries{name, label, "time", "cycles", "response", "", run.timeCycles, y};
    };
    r.series = {series("linear_cell", "linear, φ filter", run.linearCell),
                series("linear_quadrature", "linear, φ + 90° filter", run.linearQuadrature),
                series("simple", "simple cell", run.simple), series("complex", "complex cell", run.complex)};
    const double simpleRatio = run.simpleResponse.modulationRatio();
    const double complexRatio = run.complexResponse.modulationRatio();
    r.scalars = {
        {"simple_f0", "simple F0", "", run.simpleResponse.f0},
        {"simple_f1", "simple F1", "", run.simpleResponse.f1},
        {"simple_f1_f0", "simple F1/F0", "", simpleRatio},
        {"complex_f0", "complex F0", "", run.complexResponse.f0},
        {"complex_f1", "complex F1", "", run.complexResponse.f1},
        {"complex_f1_f0", "complex F1/F0", "", complexRatio},
        {"simple_by_criterion", "simple cell classed simple", "", simpleRatio > 1 ? 1.0 : 0.0},
        {"complex_by_criterion", "complex cell classed simple", "", complexRatio > 1 ? 1.0 : 0.0},
        {"cell_amplitude", "φ filter amplitude", "", run.cellAmplitude},
        {"quadrature_amplitude", "φ + 90° filter amplitude", "", run.quadratureAmplitude},
        {"simple_at_snapshot", "simple at snapshot", "", run.simpleAtSnapshot},
        {"complex_at_snapshot", "complex at snapshot", "", run.complexAtSnapshot},
    };
    const auto verdict = [](double ratio) { return ratio > 1 ? "simple" : "complex"; };
    r.notes = {
        "Simple cell: F0 = " + fixed(run.simpleResponse.f0, 4) + ", F1 = " + fixed(run.simpleResponse.f1, 4) +
            ", F1/F0 = " + fixed(simpleRatio, 3) + " → classed " + verdict(simpleRatio) + ".",
        "Complex cell: F0 = " + fixed(run.complexResponse.f0, 4) + ", F1 = " + fixed(run.complexResponse.f1, 4) +
            ", F1/F0 = " + fixed(complexRatio, 3) + " → classed " + verdict(complexRatio) +
            " (Skottun et al. 1991: simple if F1/F0 > 1).",
        "Linear amplitudes: φ filter " + fixed(run.cellAmplitude, 4) + ", φ + 90° filter " +
            fixed(run.quadratureAmplitude, 4) + " (equal amplitudes make the energy constant).",
    };
    return run;
}

ExperimentResult runSimpleComplex(const ParamSet& parameters, Progress& progress)
{
    return computeSimpleComplex(parameters, progress).result;
}

// --------------------------------------------------------------------------------------------------- filter-bank

namespace {

// Painting with anti-aliasing: the share of 4 × 4 sub-samples of a pixel inside a shape, blended over what is there.
constexpr int kSub = 4;

template <typename Inside>
void paintShape(Image& image, double x0, double y0, double x1, double y1, double value, Inside inside)
{
    const int i0 = std::max(0, int(std::floor(x0))), i1 = std::min(image.width - 1, int(std::ceil(x1)));
    const int j0 = std::max(0, int(std::floor(y0))), j1 = std::min(image.height - 1, int(std::ceil(y1)));
    for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i) {
            int hits = 0;
            for (int b = 0; b < kSub; ++b)
                for (int a = 0; a < kSub; ++a)
                    hits += inside(i + (a + 0.5) / kSub, j + (b + 0.5) / kSub) ? 1 : 0;
            if (hits > 0) {
                const double cover = double(hits) / (kSub * kSub);
                double& px = image.at(i, j);
                px = (1 - cover) * px + cover * value;
            }
        }
}

// A stroke of half-width w from (ax, ay) to (bx, by), pixel coordinates, rounded ends.
void paintStroke(Image& image, double ax, double ay, double bx, double by, double w, double value)
{
    const double dx = bx - ax, dy = by - ay, len2 = std::max(dx * dx + dy * dy, 1e-12);
    paintShape(image, std::min(ax, bx) - w, std::min(ay, by) - w, std::max(ax, bx) + w, std::max(ay, by) + w, value,
               [&](double x, double y) {
                   const double t = std::clamp(((x - ax) * dx + (y - ay) * dy) / len2, 0.0, 1.0);
                   const double ex = x - (ax + t * dx), ey = y - (ay + t * dy);
                   return ex * ex + ey * ey <= w * w;
               });
}

double uniformIn(Random& rng, double low, double high)
{
    return low + (high - low) * rng.uniform();
}

}  // namespace

Image forestScene(int width, int height)
{
    require(width >= 32 && width <= 4096, "forestScene", "width", width, "must be in [32, 4096]");
    require(height >= 32 && height <= 4096, "forestScene", "height", height, "must be in [32, 4096]");
    const double W = width, H = height, m = std::min(W, H);
    Random rng(20240413);
    Image img(width, height);
    // Sky, brighter towards the top; hills; the ground with a fine texture, darker towards the viewer.
    const auto horizon = [&](double x) {
        return H * (0.50 + 0.05 * std::sin(2 * kPi * 1.3 * x / W + 0.7) + 0.025 * std::sin(2 * kPi * 3.1 * x / W + 2));
    };
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i)
            img.at(i, j) = 0.82 - 0.12 * j / H;
    paintShape(img, 0, 0.35 * H, W, H, 0.48, [&](double x, double y) { return y >= horizon(x); });
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i)
            if (j + 0.5 > horizon(i + 0.5) + 1)
                img.at(i, j) += -0.10 * (j - 0.5 * H) / H + 0.03 * (2 * rng.uniform() - 1);

    // Tree trunks (tilted a little) with branches; nearer trees stand lower and are wider.
    const double trunkX[] = {0.07, 0.24, 0.41, 0.58, 0.76, 0.92};
    for (const double fx : trunkX) {
        const double near = rng.uniform();
        const double x = (fx + uniformIn(rng, -0.03, 0.03)) * W;
        const double base = H * (0.62 + 0.25 * near);
        const double w = m * (0.012 + 0.02 * near);
        const double tilt = uniformIn(rng, -4, 4) * kPi / 180;
        const double topX = x + std::tan(tilt) * (base + 0.1 * H);
        const double value = uniformIn(rng, 0.12, 0.26);
        paintStroke(img, x, base, topX, -0.1 * H, w, value);
        const int branches = 3 + int(rng.uniform() * 2);
        for (int b = 0; b < branches; ++b) {
            const double along = uniformIn(rng, 0.05, 0.55);  // from the top of the picture down the trunk
            const double sx = topX + (x - topX) * along, sy = -0.1 * H + (base + 0.1 * H) * along;
            const double side = (b % 2 == 0) ? 1.0 : -1.0;
            const double angle = uniformIn(rng, 35, 60) * kPi / 180;  // from the vertical
            const double length = m * uniformIn(rng, 0.07, 0.15);
            paintStroke(img, sx, sy, sx + side * length * std::sin(angle), sy - length * std::cos(angle),
                        0.45 * w, value + 0.04);
        }
    }

    // A fence: two horizontal rails and posts.
    const double rail1 = 0.74 * H, rail2 = 0.81 * H, railW = std::max(1.2, 0.008 * m);
    for (double px = 0.03 * W; px < W; px += 0.11 * W)
        paintStroke(img, px, rail1 - 0.04 * H, px, 0.86 * H, std::max(1.2, 0.009 * m), 0.72);
    paintStroke(img, -0.05 * W, rail1, 1.05 * W, rail1 - 0.01 * H, railW, 0.76);
    paintStroke(img, -0.05 * W, rail2, 1.05 * W, rail2 + 0.005 * H, railW, 0.76);

    // Grass in the foreground: short blades, mostly upright.
    const int blades = int(0.006 * W * H);
    for (int b = 0; b < blades; ++b) {
        const double x = uniformIn(rng, 0, W), y = uniformIn(rng, 0.83 * H, 1.02 * H);
        const double length = m * uniformIn(rng, 0.02, 0.06);
        const double angle = uniformIn(rng, -25, 25) * kPi / 180;
        const double value = rng.uniform() < 0.5 ? uniformIn(rng, 0.55, 0.75) : uniformIn(rng, 0.2, 0.35);
        paintStroke(img, x, y, x + length * std::sin(angle), y - length * std::cos(angle), std::max(0.5, 0.003 * m),
                    value);
    }
    for (double& v : img.pixels)
        v = std::clamp(v, 0.0, 1.0);
    return img;
}

Image ringsImage(int width, int height)
{
    require(width >= 32 && width <= 4096, "ringsImage", "width", width, "must be in [32, 4096]");
    require(height >= 32 && height <= 4096, "ringsImage", "height", height, "must be in [32, 4096]");
    const double period = std::max(4.0, std::min(width, height) / 32.0);
    const double cx = 0.5 * width, cy = 0.5 * height;
    // A disc, so that no orientation gets more ring than another (a square frame would add the corners' diagonals);
    // the contrast fades out over the last period before the rim.
    const double rim = 0.48 * std::min(width, height);
    Image img(width, height);
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i) {
            double sum = 0;
            for (int b = 0; b < kSub; ++b)
                for (int a = 0; a < kSub; ++a) {
                    const double r = std::hypot(i + (a + 0.5) / kSub - cx, j + (b + 0.5) / kSub - cy);
                    const double fade = std::clamp((rim - r) / period, 0.0, 1.0);
                    const double window = std::sin(0.5 * kPi * fade) * std::sin(0.5 * kPi * fade);
                    sum += 0.5 + 0.4 * window * std::cos(2 * kPi * r / period);
                }
            img.at(i, j) = sum / (kSub * kSub);
        }
    return img;
}

Image bankPicture(BankPicture picture, int size, double gratingOrientationDeg)
{
    switch (picture) {
    case BankPicture::TestScene:
        return testScene(size, size);
    case BankPicture::Forest:
        return forestScene(size, size);
    case BankPicture::Rings:
        return ringsImage(size, size);
    case BankPicture::Grating:
        // 2 cycles/deg at 16 px/deg: the period of the test scene's patch and of the rings at 256 px.
        return gratingImage(size, size, gratingOrientationDeg, 2.0, kVisionPixelsPerDegree, 0.4, 0, 0.5);
    case BankPicture::DeadLeaves: {
        // NaturalImages.h's occlusion model, one fixed seed, grey levels clipped to [0, 1] (the sensor noise may
        // step past them).
        Image leaves = deadLeaves(size, size, 4);
        for (double& v : leaves.pixels)
            v = std::clamp(v, 0.0, 1.0);
        return leaves;
    }
    }
    throw std::invalid_argument("bankPicture: unknown picture");
}

std::vector<ParamSpec> filterBankSpecs()
{
    ParamSpec picture = choiceSpec("picture", "Picture", {"test scene", "forest", "rings", "grating", "dead leaves"},
                                   0,
                                   "What the bank looks at, all drawn by this program: bars at four orientations, a "
                                   "disc, a patch of grating and a ramp; a landscape with trees, a fence and grass; "
                                   "concentric rings (every orientation somewhere); a full-field grating at 2 "
                                   "cycles/deg; overlapping shapes of every size, with the statistics of natural "
                                   "images (dead leaves).");
    picture.group = "Input";
    ParamSpec edges = choiceSpec("edges", "Beyond the border", {"reflect", "replicate", "zero"}, 0,
                                 "What the filters see past the picture's edge: its mirror image, the border pixel "
                                 "repeated, or black (zero, after the mean is removed: the mean grey).");
    edges.group = "Filter bank";
    return {
        picture,
        ParamSpec{"grating_orientation", "Grating orientation", "deg", 0, 180, 45, Scale::Linear,
                  "Wave-vector direction of the grating picture (bars at this + 90°).", 0, {}, "picture", {3},
                  "Input"},
        ParamSpec{"size", "Picture size", "px", 64, 384, 256, Scale::Linear,
                  "Side of the square picture, at 16 px per degree (256 px = 16°).", 0, {}, {}, {}, "Input"}
            .asInteger(),
        ParamSpec{"orientations", "Orientations n", "", 2, 16, 8, Scale::Linear,
                  "Filters at θ = 0, 180°/n, 2·180°/n, …", 0, {}, {}, {}, "Filter bank"}
            .asInteger(),
        grouped({"frequency", "Spatial frequency f", "cycles/deg", 1, 4, 2, Scale::Log,
                 "The frequency of every filter in the bank.", 2},
                "Filter bank"),
        grouped({"sigma_f", "Envelope σ·f", "", 0.25, 1.5, 0.5, Scale::Log,
                 "Envelope width times frequency (σ = σf/f): carrier cycles under the envelope. Larger: sharper "
                 "tuning, larger receptive fields, more DC leak when small.",
                 2},
                "Filter bank"),
        grouped({"aspect", "Aspect ratio γ", "", 0.5, 3, 1, Scale::Log,
                 "Envelope width along the bars is σ/γ (γ < 1: long bars).", 2},
                "Filter bank"),
        edges,
        grouped({"shown_orientation", "Shown filter θ", "deg", 0, 180, 0, Scale::Linear,
                 "Which orientation's energy map is drawn (the nearest filter of the bank).", 1},
                "View"),
    };
}

std::vector<OutputInfo> filterBankOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "mean_energy", "Mean energy over the picture against filter orientation θ", "", "deg"},
        {K::Scalar, "strongest_deg", "Orientation θ of the filter with the largest mean energy", "deg", ""},
        {K::Scalar, "strongest_energy", "Its mean energy", "", ""},
        {K::Scalar, "weakest_energy", "The smallest mean energy of any orientation", "", ""},
        {K::Scalar, "dominant_deg", "Dominant orientation: half the angle of Σ E_j e^{2iθ_j}", "deg", ""},
        {K::Scalar, "orientation_bias", "|Σ E_j e^{2iθ_j}| / Σ E_j (0: no preferred orientation, 1: one only)", "",
         ""},
        {K::Scalar, "shown_deg", "Orientation θ of the filter whose map is shown", "deg", ""},
        {K::Scalar, "max_energy", "Largest energy of any filter at any pixel", "", ""},
        {K::Scalar, "kernel_px", "Side of the kernels", "px", ""},
    };
}

FilterBankRun computeFilterBank(const ParamSet& p, Progress& progress)
{
    FilterBankRun run;
    progress.setStage("picture");
    const int size = intOf(p, "size");
    run.picture = bankPicture(BankPicture(intOf(p, "picture")), size, p["grating_orientation"]);
    progress.throwIfCancelled();

    FilterBankSettings& s = run.settings;
    s.orientations = intOf(p, "orientations");
    s.frequenciesCpd = {p["frequency"]};
    s.sigmaTimesFrequency = p["sigma_f"];
    s.aspectRatio = p["aspect"];
    s.pixelsPerDegree = kVisionPixelsPerDegree;
    s.edges = std::array{EdgeMode::Reflect, EdgeMode::Replicate, EdgeMode::Zero}[std::size_t(intOf(p, "edges"))];
    s.validate();

    // The filters see the picture about its mean luminance (as the cells of the tuning experiments see gratings).
    Image centred = run.picture;
    const double mean = centred.sum() / double(centred.pixels.size());
    for (double& v : centred.pixels)
        v -= mean;

    progress.setStage("filter bank");
    progress.setFraction(0.1);
    run.bank = applyFilterBank(centred, s);
    progress.throwIfCancelled();
    progress.setFraction(0.9);

    const int n = s.orientations;
    const double step = 180.0 / n;
    run.shown = int(std::lround(p["shown_orientation"] / step)) % n;
    std::complex<double> vector = 0;
    double total = 0;
    for (int j = 0; j < n; ++j) {
        const Image& e = run.bank.energy[std::size_t(run.bank.index(j))];
        const double meanEnergy = e.sum() / double(e.pixels.size());
        run.orientationsDeg.push_back(j * step);
        run.meanEnergy.push_back(meanEnergy);
        run.maxEnergy = std::max(run.maxEnergy, *std::max_element(e.pixels.begin(), e.pixels.end()));
        vector += meanEnergy * std::polar(1.0, 2 * j * step * kPi / 180);
        total += meanEnergy;
    }
    run.strongest = int(std::max_element(run.meanEnergy.begin(), run.meanEnergy.end()) - run.meanEnergy.begin());
    run.weakest = int(std::min_element(run.meanEnergy.begin(), run.meanEnergy.end()) - run.meanEnergy.begin());
    run.orientationBias = total > 0 ? std::abs(vector) / total : 0.0;
    double dominant = std::arg(vector) * 90 / kPi;  // half the angle, in degrees
    if (dominant < 0)
        dominant += 180;
    run.dominantDeg = run.orientationBias > 1e-12 ? dominant : 0.0;
    // Keep the energy maps; the signed maps only for the shown filter (memory: 16 filters × 384² px × 3 maps).
    for (int j = 0; j < n; ++j)
        if (j != run.shown) {
            run.bank.even[std::size_t(j)] = Image();
            run.bank.odd[std::size_t(j)] = Image();
        }

    ExperimentResult& r = run.result;
    r.series = {ResultSeries{"mean_energy", "mean energy", "filter orientation θ", "deg", "mean energy", "",
                             run.orientationsDeg, run.meanEnergy}};
    const int kernel = run.bank.evenKernels.front().width;
    r.scalars = {
        {"strongest_deg", "strongest orientation", "deg", run.orientationsDeg[std::size_t(run.strongest)]},
        {"strongest_energy", "its mean energy", "", run.meanEnergy[std::size_t(run.strongest)]},
        {"weakest_energy", "weakest mean energy", "", run.meanEnergy[std::size_t(run.weakest)]},
        {"dominant_deg", "dominant orientation", "deg", run.dominantDeg},
        {"orientation_bias", "orientation bias", "", run.orientationBias},
        {"shown_deg", "shown filter", "deg", run.orientationsDeg[std::size_t(run.shown)]},
        {"max_energy", "largest energy", "", run.maxEnergy},
        {"kernel_px", "kernel side", "px", double(kernel)},
    };
    const std::string picture = p.spec("picture")->display(p["picture"]);
    r.notes = {
        "Picture: " + picture + ", " + std::to_string(size) + " × " + std::to_string(size) + " px (" +
            fixed(size / kVisionPixelsPerDegree, 3) + "° square), mean " + fixed(mean, 3) + " removed.",
        std::to_string(n) + " orientations at " + fixed(p["frequency"], 3) + " cycles/deg, σ = " +
            fixed(p["sigma_f"] / p["frequency"], 3) + "°, kernels " + std::to_string(kernel) + " px: strongest θ = " +
            fixed(run.orientationsDeg[std::size_t(run.strongest)], 2) + "° (mean energy " +
            fixed(run.meanEnergy[std::size_t(run.strongest)], 4) + "), weakest " +
            fixed(run.meanEnergy[std::size_t(run.weakest)], 4) + ".",
        "Dominant orientation " + fixed(run.dominantDeg, 1) + "° with bias " + fixed(run.orientationBias, 3) +
            " (θ is the filters' wave-vector direction: bars at θ + 90°).",
    };
    progress.setFraction(1);
    return run;
}

ExperimentResult runFilterBank(const ParamSet& parameters, Progress& progress)
{
    return computeFilterBank(parameters, progress).result;
}

// ---- learned-filters ---------------------------------------------------------------------------------------------

std::vector<ParamSpec> learnedFiltersSpecs()
{
    ParamSpec images = choiceSpec("images", "Images",
                                  {"whitened dead leaves", "phase-randomised dead leaves", "white noise"}, 0,
                                  "Where the 8 × 8 training patches come from: dead leaves (overlapping shapes of "
                                  "every size: edges and a 1/f spectrum) whitened as Olshausen & Field did; the same "
                                  "pictures with random Fourier phases (the same spectrum, no edges), whitened; or "
                                  "white noise of unit variance (no structure at all).");
    images.group = "Sparse coding";
    return {
        images,
        grouped({"lambda", "Sparsity λ", "", 0.1, 4, 1, Scale::Log,
                 "Weight of the penalty λ‖a‖₁ in the energy (units of unit-variance whitened pixels): larger, fewer "
                 "active coefficients and a worse reconstruction.",
                 2},
                "Sparse coding"),
        grouped({"learning_rate", "Learning rate η", "", 0.05, 2, 0.5, Scale::Log,
                 "Step of the basis update Φ ← Φ + η (X − ΦA)Aᵀ/B on batches of B = 100 patches.", 2},
                "Sparse coding"),
        grouped(ParamSpec{"sparse_steps", "Steps", "", 20, 2000, 300, Scale::Log,
                          "Learning steps of the basis, one batch of 100 patches each.", 0}
                    .asInteger(),
                "Sparse coding"),
        grouped(ParamSpec{"bases", "Basis functions K", "", 16, 128, 64, Scale::Linear,
                          "Number of 8 × 8 basis functions (64: complete, more: overcomplete).", 0}
                    .asInteger(),
                "Sparse coding"),
        ParamSpec{"seed", "Seed", "", 1, 1e9, 1, Scale::Linear,
                  "Seeds the random initial basis and the order of the patches (the pictures are fixed).", 0}
            .asInteger(),
        grouped(ParamSpec{"cnn_steps", "CNN steps", "", 10, 2000, 300, Scale::Log,
                          "Adam steps of the small CNN, one batch of 32 freshly drawn gratings each.", 0}
                    .asInteger(),
                "CNN"),
        grouped(ParamSpec{"cnn_filters", "CNN filters", "", 2, 16, 8, Scale::Linear,
                          "First-layer filters (7 × 7) of the CNN.", 0}
                    .asInteger(),
                "CNN"),
        grouped({"cnn_noise", "Pixel noise σ", "", 0, 3, 1, Scale::Linear,
                 "Standard deviation of the white noise on the gratings (their contrast is 0.5–1): larger, a harder "
                 "task.",
                 2},
                "CNN"),
        grouped(ParamSpec{"cnn_seed", "CNN seed", "", 1, 1e9, 1, Scale::Linear,
                          "Seeds the CNN's initial weights, its training gratings and its held-out set.", 0}
                    .asInteger(),
                "CNN"),
    };
}

std::vector<OutputInfo> learnedFiltersOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "energy", "Sparse coding: held-out mean energy ½‖x − Φa‖² + λ‖a‖₁ against the step", "", ""},
        {K::Series, "reconstruction", "Sparse coding: held-out mean ½‖x − Φa‖² against the step", "", ""},
        {K::Series, "sparsity", "Sparse coding: held-out mean λ‖a‖₁ against the step", "", ""},
        {K::Series, "cnn_accuracy", "CNN: held-out accuracy (400 gratings) against the step", "", ""},
        {K::Series, "cnn_loss", "CNN: held-out cross-entropy against the step", "nats", ""},
        {K::Scalar, "gabor_like_fraction", "Fraction of the learned basis functions that are Gabor-like", "", ""},
        {K::Scalar, "initial_gabor_like_fraction", "The same for the random initial basis", "", ""},
        {K::Scalar, "active_fraction", "Held-out fraction of non-zero coefficients after learning", "", ""},
        {K::Scalar, "final_energy", "Held-out mean energy after learning", "", ""},
        {K::Scalar, "energy_fall", "Relative fall of the held-out energy from step 0", "", ""},
        {K::Scalar, "cnn_final_accuracy", "CNN: held-out accuracy after the last step", "", ""},
        {K::Scalar, "cnn_mean_concentration", "CNN: mean orientation concentration R of the trained filters", "", ""},
        {K::Scalar, "cnn_initial_mean_concentration", "CNN: the same for the initial filters", "", ""},
    };
}

std::vector<Image> learnedFilterImages(FilterImages source, bool heldOut)
{
    const int count = heldOut ? 2 : 8;
    const std::uint64_t first = heldOut ? 200 : 100;
    std::vector<Image> images;
    for (int i = 0; i < count; ++i) {
        const std::uint64_t seed = first + std::uint64_t(i);
        if (source == FilterImages::WhiteNoise) {
            images.push_back(whiteNoiseImage(128, 128, seed + 200));  // already white with unit variance
            continue;
        }
        Image picture = deadLeaves(128, 128, seed);
        if (source == FilterImages::PhaseRandomised)
            picture = phaseRandomised(picture, seed + 400);
        images.push_back(whiten(picture));
    }
    return images;
}

LearnedFiltersRun computeLearnedFilters(const ParamSet& p, Progress& progress, bool publish)
{
    LearnedFiltersRun run;
    run.source = FilterImages(intOf(p, "images"));
    const int steps = intOf(p, "sparse_steps");
    const auto seed = std::uint64_t(p["seed"]);

    // --- sparse coding ---
    progress.setStage("sparse coding: pictures");
    PatchSettings patches;
    patches.size = kFilterPatchSize;
    patches.count = kFilterPoolPatches;
    const PatchSet pool = samplePatches(learnedFilterImages(run.source, false), patches, seed ^ 0x9A7C);
    patches.count = kFilterHeldOutPatches;
    const Eigen::MatrixXd held =
        SparseCoding::patchMatrix(samplePatches(learnedFilterImages(run.source, true), patches, 12));
    progress.throwIfCancelled();

    SparseCodingSettings settings;
    settings.patchSize = kFilterPatchSize;
    settings.basisCount = intOf(p, "bases");
    settings.lambda = p["lambda"];
    settings.learningRate = p["learning_rate"];
    settings.validate();
    SparseCoding coder(settings, seed);
    run.initialBasis = coder.basisFunctions();
    run.initialShapes = filterShapes(run.initialBasis);

    run.energy = ResultSeries{"energy", "held-out energy", "step", "", "energy", "", {}, {}};
    run.reconstruction = ResultSeries{"reconstruction", "½‖x − Φa‖²", "step", "", "energy", "", {}, {}};
    run.sparsity = ResultSeries{"sparsity", "λ‖a‖₁", "step", "", "energy", "", {}, {}};
    run.active = ResultSeries{"active", "active coefficients", "step", "", "fraction", "", {}, {}};
    const auto evaluate = [&](int step) {
        const SparseObjective o = coder.evaluate(held, kFilterHeldOutIterations);
        run.energy.x.push_back(step);
        run.energy.y.push_back(o.total());
        run.reconstruction.x.push_back(step);
        run.reconstruction.y.push_back(o.reconstruction);
        run.sparsity.x.push_back(step);
        run.sparsity.y.push_back(o.sparsity);
        run.active.x.push_back(step);
        run.active.y.push_back(o.activeFraction);
        run.finalObjective = o;
    };
    const auto share = [&](int step) {
        if (!publish)
            return;
        auto live = std::make_shared<LearnedFiltersLive>();
        live->sparseStep = step;
        live->sparseSteps = steps;
        live->basis = coder.basisFunctions();
        live->energy = run.energy;
        live->reconstruction = run.reconstruction;
        live->sparsity = run.sparsity;
        progress.publish(std::move(live));
    };
    // The sparse part is about half the work: its fraction runs to 0.5.
    progress.setStage("sparse coding: learning");
    evaluate(0);
    share(0);
    const int chunk = std::max(1, (steps + kFilterEvaluations - 1) / kFilterEvaluations);
    int done = 0;
    while (done < steps) {
        const int n = std::min(chunk, steps - done);
        const SparseTrainingResult r = coder.train(pool, n, seed * 1000003u + std::uint64_t(done),
                                                   [&](double f) {
                                                       progress.setFraction(0.5 * (done + f * n) / steps);
                                                       return !progress.cancelled();
                                                   });
        progress.throwIfCancelled();
        done += r.steps;
        if (r.diverged) {
            run.sparseDiverged = true;
            run.sparseMessage = r.message;
            break;
        }
        evaluate(done);
        share(done);
    }
    run.basis = coder.basisFunctions();
    run.shapes = filterShapes(run.basis);

    // --- the small CNN ---
    progress.setStage("CNN: training");
    nn::SmallCnnSettings cnn;
    cnn.steps = intOf(p, "cnn_steps");
    cnn.model.filters = intOf(p, "cnn_filters");
    cnn.data.noise = p["cnn_noise"];
    cnn.seed = std::uint64_t(p["cnn_seed"]);
    run.cnn = nn::trainSmallCnn(
        cnn,
        [&](double f) {
            progress.setFraction(0.5 + 0.5 * f);
            return !progress.cancelled();
        },
        [&](const nn::SmallCnnSnapshot& snapshot) {
            if (!publish)
                return;
            auto live = std::make_shared<LearnedFiltersLive>();
            live->cnnStarted = true;
            live->sparseStep = done;
            live->sparseSteps = steps;
            live->basis = run.basis;
            live->energy = run.energy;
            live->reconstruction = run.reconstruction;
            live->sparsity = run.sparsity;
            live->cnn = snapshot;
            progress.publish(std::move(live));
        });
    progress.throwIfCancelled();
    for (const auto& f : run.cnn.filters) {
        run.cnnOrientations.push_back(nn::orientationOf(f, run.cnn.kernel));
        run.cnnMeanConcentration += run.cnnOrientations.back().concentration / double(run.cnn.filters.size());
    }
    for (const auto& f : run.cnn.initialFilters) {
        run.cnnInitialOrientations.push_back(nn::orientationOf(f, run.cnn.kernel));
        run.cnnInitialMeanConcentration +=
            run.cnnInitialOrientations.back().concentration / double(run.cnn.initialFilters.size());
    }

    // --- the batch result ---
    ExperimentResult& r = run.result;
    std::vector<double> evalSteps(run.cnn.evalSteps.begin(), run.cnn.evalSteps.end());
    r.series = {run.energy, run.reconstruction, run.sparsity,
                ResultSeries{"cnn_accuracy", "CNN held-out accuracy", "step", "", "accuracy", "", evalSteps,
                             run.cnn.testAccuracy},
                ResultSeries{"cnn_loss", "CNN held-out loss", "step", "", "cross-entropy", "nats", evalSteps,
                             run.cnn.testLoss}};
    const double before = run.energy.y.front(), after = run.energy.y.back();
    const double finalAccuracy = run.cnn.testAccuracy.empty() ? kNaN : run.cnn.testAccuracy.back();
    r.scalars = {
        {"gabor_like_fraction", "Gabor-like fraction (learned)", "", run.shapes.gaborLikeFraction},
        {"initial_gabor_like_fraction", "Gabor-like fraction (initial)", "", run.initialShapes.gaborLikeFraction},
        {"active_fraction", "active coefficients", "", run.finalObjective.activeFraction},
        {"final_energy", "held-out energy", "", after},
        {"energy_fall", "energy fall", "", before > 0 ? 1 - after / before : kNaN},
        {"cnn_final_accuracy", "CNN held-out accuracy", "", finalAccuracy},
        {"cnn_mean_concentration", "CNN mean R", "", run.cnnMeanConcentration},
        {"cnn_initial_mean_concentration", "CNN initial mean R", "", run.cnnInitialMeanConcentration},
    };
    const std::string source = p.spec("images")->display(p["images"]);
    r.notes = {
        "Sparse coding on " + source + ": K = " + std::to_string(settings.basisCount) + " basis functions of 8 × 8, λ = " +
            fixed(settings.lambda, 3) + ", η = " + fixed(settings.learningRate, 3) + ", " + std::to_string(done) +
            " steps of 100 patches from a pool of 10 000; held out: 200 patches of 2 other pictures, " +
            std::to_string(kFilterHeldOutIterations) + " FISTA iterations.",
        "Held-out energy " + fixed(before, 3) + " → " + fixed(after, 3) + " (reconstruction " +
            fixed(run.finalObjective.reconstruction, 3) + " + sparsity " + fixed(run.finalObjective.sparsity, 3) +
            "), " + fixed(100 * run.finalObjective.activeFraction, 1) + " % of the coefficients non-zero.",
        "Gabor-like (spread ≤ 0.5 and R ≥ 0.5): " + fixed(100 * run.shapes.gaborLikeFraction, 1) +
            " % of the learned basis, " + fixed(100 * run.initialShapes.gaborLikeFraction, 1) +
            " % of the random initial one.",
        "CNN: " + std::to_string(cnn.model.filters) + " filters of 7 × 7 on 16 × 16 gratings of 4 orientations (σ = " +
            fixed(cnn.data.noise, 2) + "), " + std::to_string(run.cnn.step) + " Adam steps: held-out accuracy " +
            fixed(100 * finalAccuracy, 1) + " % (chance 25 %), mean R of the filters " +
            fixed(run.cnnInitialMeanConcentration, 3) + " → " + fixed(run.cnnMeanConcentration, 3) + ".",
    };
    if (run.sparseDiverged)
        r.notes.push_back("Sparse coding stopped early: " + run.sparseMessage);
    if (!run.cnn.message.empty())
        r.notes.push_back("CNN: " + run.cnn.message);
    progress.setFraction(1);
    return run;
}

ExperimentResult runLearnedFilters(const ParamSet& parameters, Progress& progress)
{
    return computeLearnedFilters(parameters, progress).result;
}

}  // namespace neuroai::vision
