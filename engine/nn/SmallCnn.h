#pragma once

#include "engine/nn/Conv2d.h"
#include "engine/nn/Layers.h"
#include "engine/nn/Optimizer.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace neuroai::nn {

// A small convolutional network trained live, whose first-layer filters are shown next to the sparse-coding filters
// (issue 13, chapter 4 "vision"): do filters learned by backpropagation for a visual task also become oriented, like
// V1 simple cells and sparse-coding bases (Olshausen & Field 1996)? (Krizhevsky, Sutskever & Hinton 2012 showed
// Gabor-like first-layer filters in a large CNN trained on ImageNet; here a tiny one learns within seconds.)
//
// Model:  image (S × S, grey) → Conv2d (K filters k × k, 'valid' or 'same', bias) → ReLU → global pooling of each
//         feature map (average or maximum over positions) → Linear(K → classes) → softmax,
// trained on the mean cross-entropy with Adam (Kingma & Ba 2015) on freshly generated batches, optionally with
// decoupled weight decay on the filters (W ← W − lr · λ · W after each Adam step; Loshchilov & Hutter 2019).
//
// Data set (our choice; rendered on the fly, nothing is downloaded): noisy full-field sinusoidal gratings whose class
// is their orientation, one of n = 4 equally spaced orientations θ_c = c · 180°/n (0°, 45°, 90°, 135°):
//     I(x, y) = a · cos(2π f (x cos θ + y sin θ) + φ) + σ ξ(x, y),      ξ ~ N(0, 1) independent per pixel,
// with x to the right and y upwards from the image centre (pixels), θ = θ_c + a uniform jitter of ±10°, spatial
// frequency f uniform in [0.12, 0.25] cycles/pixel (periods of 4–8 pixels), phase φ uniform, contrast a uniform in
// [0.5, 1], σ = 1. (θ is the direction of the wave vector; the stripes run at θ + 90°.)
// Why this set: only the orientation carries the label, so what the filters must learn is an orientation
// preference; the random phase, frequency and contrast keep it from being solved by a fixed pixel template, and
// with global pooling the network cannot use where something is. A filter separates the classes best when its
// spectrum sits on one orientation of the gratings' band, so the filters leave their white-noise initialisation
// and become oriented stripe/edge patches, each near one of the class orientations, within 100–200 Adam steps
// (the defaults took 0.33 s on one idle core at -O2). The band is chosen so that a full period fits in a 7 × 7
// filter: with [0.08, 0.2] the filters came out as broad edges whose power lies near zero frequency, where the
// spectrum's orientation is blurred (mean concentration 0.56 instead of 0.71 at seed 1). The noise, as strong as
// the signal, keeps the task from being trivial: held-out accuracy climbs from 25 % to about 95 % over the first
// 25 steps and to about 99 % by 200 (at σ = 2 it stays near 82 %).
//
// Orientation of a filter (orientationOf): the 2-D power spectrum P(f) of the filter, its mean removed (so the
// zero-frequency bin and its leakage are empty), zero-padded to an odd n × n grid (n = 2k + 1; odd so that the
// frequency grid is symmetric under 90° rotations and an isotropic spectrum scores exactly 0), and the resultant of
// the doubled angles (an orientation is an axis, θ ≡ θ + 180°):
//     R = |Σ_f P(f) e^{2iφ(f)}| / Σ_f P(f) ∈ [0, 1],   φ(f) = atan2(f_y, f_x),
// i.e. 1 − the circular variance of the spectrum's orientation. For k = 7, white-noise filters score 0.16 on
// average and a sampled grating of 0.2 cycles/pixel 0.70–0.77 (the square window spreads its spectrum; R = 1 needs
// an infinite grating). The preferred orientation ½ arg(Σ P e^{2iφ}) is the angle of the grating the filter answers
// best (the convention of θ above: counter-clockwise from the x axis, y up, in [0°, 180°)).
//
// Defaults: 16 × 16 images, K = 8 filters of 7 × 7 'valid', global average pooling, Adam lr 0.01, batch 32, 300
// steps, weight decay 0, 400 held-out images evaluated every 25 steps.
//
// Tests (tests/engine/tst_smallcnn.cpp): finite-difference gradients of the convolution (weights, bias, input; one
// and two channels, 'valid' and 'same') and of the whole CNN (average and max pooling) to a relative 1e-6; the
// convolution equals a direct nested-loop sum to 1e-12; training with a fixed seed reaches a stated held-out
// accuracy; the trained filters' orientation concentration exceeds the initial one by a stated margin and their
// preferred orientations lie near the class orientations; the data set's and the measure's angle conventions
// agree; the same seed gives identical numbers; cancelling, publishing and weight decay work; bad input is refused
// by name.

// ---------------------------------------------------------------------------------------------------------------
// Data set: oriented gratings.
struct GratingSettings {
    int imageSize = 16;                // images are imageSize × imageSize pixels
    int orientations = 4;              // classes: θ_c = c · 180° / orientations
    double orientationJitterDeg = 10;  // θ = θ_c + uniform(−jitter, +jitter)
    double minFrequency = 0.12;        // cycles per pixel, uniform in [min, max]
    double maxFrequency = 0.25;
    double minContrast = 0.5;          // amplitude a uniform in [minContrast, 1]
    double noise = 1.0;                // standard deviation σ of the white pixel noise

    // Throws std::invalid_argument "gratings: <field> = <value> must …": imageSize in [4, 256], orientations in
    // [2, 16], jitter in [0, 90/orientations), 0 < minFrequency ≤ maxFrequency ≤ 0.5, minContrast in [0, 1],
    // noise in [0, 10].
    void validate() const;
    double classAngleDeg(int label) const { return 180.0 * label / orientations; }
};

struct GratingImages {
    int size = 0;
    Matrix images;            // size² × count, one image per column, row-major (pixel (row, col) at row·size + col)
    std::vector<int> labels;  // the orientation class of each column
};

// `count` images with labels cycling through the classes (each class equally common), drawn from `seed`.
GratingImages renderGratings(const GratingSettings& settings, int count, std::uint64_t seed);
// One image of class `label` (size² values, row-major), its frequency, phase, contrast, jitter and noise from rng.
Eigen::VectorXd renderGrating(const GratingSettings& settings, int label, Random& rng);

// ---------------------------------------------------------------------------------------------------------------
// The network.
enum class Pooling { GlobalAverage, GlobalMax };

struct SmallCnnConfig {
    int imageSize = 16;
    int filters = 8;
    int kernel = 7;
    Padding padding = Padding::Valid;
    Pooling pooling = Pooling::GlobalAverage;
    int classes = 4;
    double initScale = 1.0;  // initial filter weights N(0, (initScale / k)²)

    // Throws std::invalid_argument naming the field (the convolution's checks, classes in [2, 1024]).
    void validate() const;
    Conv2dConfig conv() const;
};

class SmallCnn {
public:
    SmallCnn(const SmallCnnConfig& config, std::uint64_t seed);

    const SmallCnnConfig& config() const { return m_config; }
    // images: imageSize² × N (row-major images, one per column) → logits, classes × N.
    Matrix forward(const Matrix& images);
    // Adds the parameter gradients for dL/dlogits of the latest forward; returns dL/dimages when inputGradient.
    Matrix backward(const Matrix& dLogits, bool inputGradient = false);
    TensorList parameters();
    Conv2d& conv() { return m_conv; }
    Linear& head() { return m_head; }

    // Filter f of the first layer as a k × k image, row-major.
    std::vector<double> filterImage(int filter) const;
    std::vector<std::vector<double>> filterImages() const;

private:
    SmallCnnConfig m_config;
    Random m_rng;  // initial weights: the filters first, then the head
    Conv2d m_conv;
    Linear m_head;
    Matrix m_pre;                        // the convolution's output of the latest forward
    std::vector<Eigen::Index> m_argmax;  // max pooling: the winning position of each (filter, image)
};

// The orientation of a k × k filter (row-major, row 0 at the top) from its power spectrum, as described above.
struct FilterOrientation {
    double concentration = 0;  // R ∈ [0, 1]: 1 − circular variance of the doubled spectral angle, power-weighted
    double angleDeg = 0;       // preferred grating orientation in [0, 180)
};
// Throws std::invalid_argument for a size that is not k², k < 1, or a non-finite value. A filter with no power
// (constant) has concentration 0.
FilterOrientation orientationOf(const std::vector<double>& filter, int kernel);

// ---------------------------------------------------------------------------------------------------------------
// Training.
struct SmallCnnSettings {
    SmallCnnConfig model;
    GratingSettings data;
    int steps = 300;
    int batch = 32;
    double learningRate = 0.01;  // Adam
    double weightDecay = 0;      // decoupled, on the filters only (per step: W ← (1 − lr·λ) W)
    int testImages = 400;        // held-out set, rendered once from its own seed
    int evalEvery = 25;          // held-out loss and accuracy every evalEvery steps (and at step 0 and the end)
    int publishEvery = 25;       // snapshots to the publish callback every publishEvery steps (and at the end)
    std::uint64_t seed = 1;      // initial weights, training batches and held-out set all derive from it

    // Throws std::invalid_argument naming the field; also requires model.imageSize = data.imageSize and
    // model.classes = data.orientations.
    void validate() const;
};

struct SmallCnnSnapshot {
    int step = 0;                              // optimiser steps done
    int steps = 0;                             // steps planned
    std::vector<double> trainLoss;             // mean cross-entropy of each step's batch (before its update)
    std::vector<int> evalSteps;                // the steps at which the held-out set was evaluated
    std::vector<double> testLoss;              // held-out mean cross-entropy at evalSteps
    std::vector<double> testAccuracy;          // held-out fraction correct at evalSteps
    int kernel = 0;                            // k
    std::vector<std::vector<double>> filters;  // first-layer filters, k × k row-major each
};

struct SmallCnnResult : SmallCnnSnapshot {
    std::vector<std::vector<double>> initialFilters;
    bool cancelled = false;
    bool diverged = false;  // a non-finite loss or weight stopped training
    std::string message;    // why training stopped early (empty when it ran to the end)
};

// Trains a SmallCnn from `settings`. `progress(fraction done)` is called after every step (about a millisecond with
// the defaults) and stops training when it returns false (result.cancelled); `publish` receives a snapshot before
// the first step (the initial filters), every publishEvery steps and after the final step (a cancelled run is not
// published again; its result holds the state reached). Throws std::invalid_argument for bad settings.
SmallCnnResult trainSmallCnn(const SmallCnnSettings& settings,
                             const std::function<bool(double fraction)>& progress = {},
                             const std::function<void(const SmallCnnSnapshot&)>& publish = {});

}  // namespace neuroai::nn
