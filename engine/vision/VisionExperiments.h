#pragma once

// Chapter 4's Gabor experiments as registry entries (batch): each computes one panel's whole figure from a parameter
// set, on the model of Gabor.h (16 pixels per degree throughout).
//
//   gabor-tuning    one Gabor receptive field (θ, f, φ, σ, γ): orientation tuning (gratings of the preferred
//                   frequency, Δθ = −90 … 90° in 1° steps) and spatial-frequency tuning (121 log-spaced frequencies
//                   at the preferred orientation) of the simple cell (F1 of the half-wave rectified response) and of
//                   the energy-model complex cell (F0), each normalised to its peak; half widths and half-height
//                   frequencies measured on those curves against the closed forms; the DC leak of the cell's kernel
//                   measured and predicted (e^{−a}/(1 + e^{−4a})·cos φ, a = 2π²σ²f²); F1/F0 of both cells for the
//                   optimal grating.
//   simple-complex  one cell (preferred orientation 0°: vertical bars; f, σ, φ) and one drifting grating (orientation
//                   offset, frequency, contrast) over two drift cycles of 32 frames each: the linear responses of the
//                   cell's filter (φ) and of its quadrature partner (φ + 90°), the simple cell (half-wave rectified
//                   φ response) and the complex cell (√ of the sum of squares); F0, F1 and F1/F0 of both from the
//                   engine's simpleCellResponse / complexCellResponse (Skottun et al. 1991: simple if F1/F0 > 1).
//                   The traces are dot products of the normalised kernels with each frame of gratingImage(), an
//                   independent route to the same numbers (tests compare them to 1e−9).
//   filter-bank     a picture of our own (testScene, a procedural forest, concentric rings, a grating, or dead
//                   leaves from NaturalImages.h), its mean removed, through a bank of n orientations at one
//                   frequency (σ = σf/f): the energy map of every orientation, the mean energy per orientation, the
//                   strongest orientation and the picture's dominant orientation from the energy-weighted vector sum
//                   of 2θ.
//   learned-filters sparse coding (SparseCoding.h, Olshausen & Field) learns a basis of 8 × 8 filters from patches of
//                   whitened dead leaves (or of two controls without edges: phase-randomised dead leaves, white
//                   noise), with its held-out energy against the step; a small CNN (nn/SmallCnn.h) learns to classify
//                   noisy gratings by orientation, with its held-out accuracy; both sets of filters are scored
//                   (FilterShape.h's Gabor-like verdict for the basis, orientationOf's R for the CNN's filters).
//
// The panels (chapters/vision/) call the compute…() functions, which return the images and curves they draw together
// with the ExperimentResult that `neuroai-sim run` prints; the run…() functions return only the latter.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"
#include "engine/core/Job.h"
#include "engine/nn/SmallCnn.h"
#include "engine/vision/FilterShape.h"
#include "engine/vision/Gabor.h"
#include "engine/vision/SparseCoding.h"

#include <memory>
#include <vector>

namespace neuroai::vision {

// Sampling of every chapter 4 experiment.
inline constexpr double kVisionPixelsPerDegree = 16;

// ---- gabor-tuning ------------------------------------------------------------------------------------------------

std::vector<ParamSpec> gaborTuningSpecs();
std::vector<OutputInfo> gaborTuningOutputs();

struct GaborTuningRun {
    GaborParams cell;       // the simple cell's filter (phase φ); the complex cell adds φ + 90°
    TuningCurve orientation;  // x = absolute grating orientation θ + Δθ (deg)
    TuningCurve frequency;    // x = grating frequency (cycles/deg)
    std::vector<double> offsetsDeg;  // Δθ of each orientation sample
    // Normalised curves (each divided by its own peak).
    std::vector<double> orientationSimple, orientationComplex, frequencySimple, frequencyComplex;
    HalfHeight orientationSimpleHalf, orientationComplexHalf, frequencySimpleHalf, frequencyComplexHalf;
    double halfWidthAnalyticDeg = 0;          // NaN when the response stays above half within ±90°
    FrequencyHalfHeight frequencyAnalytic;    // f₋ may be ≤ 0
    double bandwidthAnalyticOct = 0;          // +∞ when f₋ ≤ 0
    double dcLeakMeasured = 0, dcLeakAnalytic = 0;
    CellResponse simpleOptimal, complexOptimal;  // responses to the optimal grating (contrast 1)
    ExperimentResult result;
};
GaborTuningRun computeGaborTuning(const ParamSet& parameters, Progress& progress);
ExperimentResult runGaborTuning(const ParamSet& parameters, Progress& progress);
// The cell of a gabor-tuning parameter set.
GaborParams gaborTuningCell(const ParamSet& parameters);

// ---- simple-complex ----------------------------------------------------------------------------------------------

std::vector<ParamSpec> simpleComplexSpecs();
std::vector<OutputInfo> simpleComplexOutputs();

struct SimpleComplexRun {
    GaborParams cell;           // preferred orientation 0, phase φ
    DriftingGrating grating;    // one cycle in `phaseSteps` frames
    std::vector<double> timeCycles;  // 2·N + 1 samples from 0 to 2 drift cycles
    std::vector<double> linearCell, linearQuadrature;  // φ and φ + 90° filters, signed
    std::vector<double> simple, complex;               // max(0, linearCell), √(cell² + quadrature²)
    CellResponse simpleResponse, complexResponse;      // the engine's, over one cycle (F0, F1)
    double cellAmplitude = 0, quadratureAmplitude = 0;  // peak of each linear response over the cycle
    double snapshotCycles = 0;                          // the time the panel's grating picture shows
    double simpleAtSnapshot = 0, complexAtSnapshot = 0;
    ExperimentResult result;
};
SimpleComplexRun computeSimpleComplex(const ParamSet& parameters, Progress& progress);
ExperimentResult runSimpleComplex(const ParamSet& parameters, Progress& progress);

// ---- filter-bank -------------------------------------------------------------------------------------------------

std::vector<ParamSpec> filterBankSpecs();
std::vector<OutputInfo> filterBankOutputs();

enum class BankPicture { TestScene = 0, Forest = 1, Rings = 2, Grating = 3, DeadLeaves = 4 };
// The picture of a filter-bank run, size × size grey levels in [0, 1] (all of our own making, deterministic).
Image bankPicture(BankPicture picture, int size, double gratingOrientationDeg);
// A landscape of our own: sky, hills, tree trunks with branches, a fence, grass (seeded, anti-aliased).
Image forestScene(int width, int height);
// Concentric rings about the centre with a period of max(4, min(w, h)/32) px, in a disc of radius 0.48·min(w, h)
// (faded out over the last period) on mean grey: every orientation, each as much as any other.
Image ringsImage(int width, int height);

struct FilterBankRun {
    Image picture;
    FilterBankSettings settings;
    FilterBankResponse bank;          // energy maps of every filter; even/odd maps of the shown filter only
    std::vector<double> orientationsDeg, meanEnergy;
    int strongest = 0, weakest = 0;   // filter indices
    int shown = 0;                    // the filter nearest the `shown_orientation` parameter
    double dominantDeg = 0;           // half the angle of Σ_j E_j e^{2iθ_j} (E_j: mean energy), in [0, 180)
    double orientationBias = 0;       // |Σ_j E_j e^{2iθ_j}| / Σ_j E_j, in [0, 1]
    double maxEnergy = 0;             // over all maps and pixels
    ExperimentResult result;
};
FilterBankRun computeFilterBank(const ParamSet& parameters, Progress& progress);
ExperimentResult runFilterBank(const ParamSet& parameters, Progress& progress);

// ---- learned-filters ---------------------------------------------------------------------------------------------

std::vector<ParamSpec> learnedFiltersSpecs();
std::vector<OutputInfo> learnedFiltersOutputs();

// Where the sparse-coding patches come from: 8 training and 2 held-out pictures of 128 × 128 px, fixed (the seed
// draws the initial basis and the order of the patches).
enum class FilterImages { WhitenedDeadLeaves = 0, PhaseRandomised = 1, WhiteNoise = 2 };
inline constexpr int kFilterPatchSize = 8;
inline constexpr int kFilterPoolPatches = 10000;
inline constexpr int kFilterHeldOutPatches = 200;
inline constexpr int kFilterHeldOutIterations = 50;  // FISTA iterations of the held-out codes
inline constexpr int kFilterEvaluations = 20;        // held-out evaluations over the training (plus step 0)

// The training and held-out pictures of an image source (as train on them: whitened where the source says so).
std::vector<Image> learnedFilterImages(FilterImages source, bool heldOut);

// What the running experiment publishes (Progress::publish) for a live figure: first the sparse-coding basis and
// its curve after every evaluation, then the CNN's snapshots.
struct LearnedFiltersLive : LiveData {
    bool cnnStarted = false;
    int sparseStep = 0, sparseSteps = 0;
    std::vector<Image> basis;             // the current basis functions, 8 × 8 each
    ResultSeries energy, reconstruction, sparsity;  // held-out energy and its terms so far
    nn::SmallCnnSnapshot cnn;             // valid when cnnStarted
};

struct LearnedFiltersRun {
    FilterImages source = FilterImages::WhitenedDeadLeaves;
    std::vector<Image> basis, initialBasis;           // patchSize × patchSize each
    FilterShapeSummary shapes, initialShapes;         // FilterShape.h's verdicts of both
    ResultSeries energy, reconstruction, sparsity;    // held-out mean energy and its two terms against the step
    ResultSeries active;                              // held-out fraction of non-zero coefficients against the step
    SparseObjective finalObjective;                   // held out, after the last step
    bool sparseDiverged = false;
    std::string sparseMessage;
    nn::SmallCnnResult cnn;                           // filters, curves (accuracy, loss) of the small CNN
    std::vector<nn::FilterOrientation> cnnOrientations, cnnInitialOrientations;
    double cnnMeanConcentration = 0, cnnInitialMeanConcentration = 0;
    ExperimentResult result;
};
// The whole experiment; with `publish`, live pictures for the panel (LearnedFiltersLive).
LearnedFiltersRun computeLearnedFilters(const ParamSet& parameters, Progress& progress, bool publish = false);
ExperimentResult runLearnedFilters(const ParamSet& parameters, Progress& progress);

}  // namespace neuroai::vision
