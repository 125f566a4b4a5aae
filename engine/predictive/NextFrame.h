#pragma once

#include "engine/core/Random.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace neuroai::predictive {

// Next-frame prediction with PredNet-style error units (Lotter, Kreiman & Cox 2017, "Deep predictive coding networks
// for video prediction and unsupervised learning", ICLR), in a small linear form that trains in a fraction of a
// second.
//
// Movies. Frames are width × height grey images (row-major, row 0 at the top, background 0). Each of `bars` bars is
// a w × ℓ rectangle at orientation θ, blurred by a Gaussian of s.d. blurPx (the exact blur of a rectangle, so pixel
// values vary smoothly with the bar's position), moving at constant velocity along its normal (speed in px/frame,
// random sign). Bars are transparent: where they overlap their intensities add (no occlusion, so a scene is the sum
// of its bars). Each bar's centre stays at least marginPx inside the frame for the whole movie (its start is drawn
// inside the region that allows that). Optional unexpected event at frame t* = eventFrame:
//   Reverse — bar 0 turns back: its position at t* is p(t*−1) − v instead of p(t*−1) + v (where it was at t*−2),
//             and it keeps the reversed velocity;
//   Appear  — a new bar (drawn like the others) is present from t* on.
// The movie carries an event mask: the pixels where the changed bar has intensity > maskThreshold × its contrast at
// t*−1 or t*, or (Reverse) would have had at t* without the event, dilated by maskDilationPx (square neighbourhood).
//
// Error units (PredNet): for a frame A and its prediction Â, E = [ReLU(A − Â), ReLU(Â − A)] — one map of pixels
// brighter than predicted, one of pixels darker than predicted.
//
// Predictor. A shared local linear filter over the last `history` frames, constrained so that a still scene is
// predicted unchanged:
//     Â_{t+1}(x) = A_t(x) + Σ_{j=0}^{history−2} Σ_{|δ|∞ ≤ radius} w_j(δ) · D_{t−j}(x + δ),   D_t = A_t − A_{t−1}
// (pixels outside the frame, and frames before the first, count as 0).
//   history 2: a filter over the last two frames whose two kernels sum to the identity. It can learn temporal
//              extrapolation (2A_t − A_{t−1}) and spatial refinements of it, but no velocity-dependent shift (that
//              would need a product of image and motion, beyond any linear map): its error grows as v²·A''.
//   history 3 (default): the last two frames plus what the last error carries. For a two-frame predictor the error
//              units hold E_t = A_t − Â_t = D_t − w∗D_{t−1}, a linear function of D_t and D_{t−1}, so feeding the last
//              error back (as PredNet does) spans the same linear space as adding D_{t−1} — which we do directly,
//              without the recursion. The filter can then extrapolate to second order (3A_t − 3A_{t−1} + A_{t−2}).
// The weights are fitted by ridge least squares over every pixel of every frame t ≥ history − 1 of the training
// movies, target A_{t+1} − A_t: w = (XᵀX + ρ·mean(diag XᵀX)·I)⁻¹ Xᵀy. We chose the closed form over SGD because the
// problem is linear in w: one solve gives the global optimum, with no learning rate or epochs to tune, and the result
// is exactly reproducible. unconstrained = true drops the still-scene constraint (a general filter over the last
// `history` frames plus a bias), for comparison. Least squares minimises the squared error; the panels report the
// mean absolute error, as PredNet's papers do.
// The copy-last-frame baseline predicts Â_{t+1} = A_t.
//
// Defaults: 24 × 24 frames, 20 per movie, 2 bars 2–4 px wide and 10 px long, blur 1 px, speed 0.25–0.75 px/frame;
// filter radius 2 (5 × 5 per map), history 3, ρ = 1e-4 (all our choices, sized to train on ~30 movies in well under a
// second; PredNet's own settings — bouncing balls, KITTI — are far larger).
//
// Tests (tests/engine/tst_nextframe.cpp): on held-out constant-velocity movies the trained predictor's error is a
// small fraction of the copy-last-frame baseline (history 3 well below history 2); at an unexpected event the error
// energy concentrates in the event mask and the frame error jumps; a still scene gives zero error; the movie
// generator is deterministic for a seed; bad input throws naming the parameter.

enum class MovieEvent { None = 0, Reverse = 1, Appear = 2 };

struct BarMovieConfig {
    int width = 24, height = 24;  // pixels
    int frames = 20;
    int bars = 2;
    double minWidthPx = 2.0, maxWidthPx = 4.0;  // bar thickness
    double lengthPx = 10.0;                     // bar length
    double blurPx = 1.0;                        // Gaussian blur s.d. (px)
    double minSpeed = 0.25, maxSpeed = 0.75;      // px per frame, along the bar's normal
    double minContrast = 1.0, maxContrast = 1.0;  // bar intensity range
    double marginPx = 3.0;                      // bar centres stay this far inside the frame
    double noise = 0.0;                         // s.d. of Gaussian pixel noise added to every frame
    MovieEvent event = MovieEvent::None;
    int eventFrame = 12;                        // t* (≥ 2, < frames)
    double maskThreshold = 0.1;
    int maskDilationPx = 1;

    // Throws std::invalid_argument naming the field and its value.
    void validate() const;
};

struct BarMovie {
    int width = 0, height = 0;
    std::vector<std::vector<double>> frames;  // [t][row · width + col]
    int eventFrame = -1;                      // −1 without event
    std::vector<int> eventMask;               // 0/1 per pixel (empty without event)
    std::vector<std::vector<double>> centres;  // [bar][2t], [bar][2t + 1]: x, y of bar centres in px (NaN: absent)
};

// A movie drawn from `seed` (the same seed, the same movie).
BarMovie generateBarMovie(const BarMovieConfig& config, std::uint64_t seed);
// `count` movies from seeds seed, seed + 1, ….
std::vector<BarMovie> generateBarMovies(const BarMovieConfig& config, int count, std::uint64_t seed);

struct NextFrameConfig {
    int radius = 2;             // the filter covers (2·radius + 1)² pixels per input map
    int history = 3;            // frames used (2 or 3)
    double ridge = 1e-4;        // ρ, relative to the mean diagonal of XᵀX
    bool unconstrained = false;  // a general filter over the frames plus a bias instead of the still-scene form

    void validate() const;
};

struct FramePrediction {
    std::vector<double> prediction;     // Â
    std::vector<double> errorPositive;  // ReLU(A − Â)
    std::vector<double> errorNegative;  // ReLU(Â − A)
    double meanAbsError = 0;            // mean |A − Â| over pixels
    double errorEnergy = 0;             // Σ (A − Â)²
    double baselineMeanAbsError = 0;    // mean |A_t − A_{t−1}| (copy last frame; frame 0: mean |A_0|)
};

struct PredictionRun {
    int width = 0, height = 0;
    std::vector<FramePrediction> frames;  // one per movie frame; frame 0 is predicted blank
    int firstScoredFrame = 0;             // = history: the first frame with a full history
    double meanAbsError = 0;              // means over frames ≥ firstScoredFrame
    double baselineMeanAbsError = 0;
};

struct NextFrameTraining {
    bool cancelled = false;
    long samples = 0;            // pixels used (rows of X)
    double trainMeanAbsError = 0;       // of the fitted predictor on the training frames
    double trainBaselineMeanAbsError = 0;
};

class NextFramePredictor {
public:
    explicit NextFramePredictor(const NextFrameConfig& config = {});

    const NextFrameConfig& config() const { return m_config; }
    bool trained() const { return !m_weights.empty(); }
    int inputMaps() const;  // kernels: history − 1 difference maps (or history frames when unconstrained)
    // Weights: inputMaps() kernels of (2·radius + 1)² values each (row-major, offset (−r, −r) first), then the
    // bias when unconstrained. Map 0 is the newest (D_t or A_t).
    const std::vector<double>& weights() const { return m_weights; }
    void setWeights(const std::vector<double>& weights);

    // Fits the weights to the movies (all the same size, ≥ history + 1 frames). progress(fraction) is called at most
    // every 5 ms; returning false cancels (the predictor stays untrained).
    NextFrameTraining train(const std::vector<BarMovie>& movies, const std::function<bool(double)>& progress = {});

    // Â for the frame after frames[t] given frames up to t (needs t ≥ 0).
    std::vector<double> predictNext(const std::vector<std::vector<double>>& frames, int t, int width,
                                    int height) const;
    PredictionRun run(const BarMovie& movie) const;
    PredictionRun run(const std::vector<std::vector<double>>& frames, int width, int height) const;

private:
    int featureCount() const;
    void features(const std::vector<std::vector<double>>& frames, int t, int width, int height, int pixel,
                  double* out) const;

    NextFrameConfig m_config;
    std::vector<double> m_weights;
};

// The PredNet error maps of a frame and its prediction (same sizes; throws otherwise).
void errorUnits(const std::vector<double>& actual, const std::vector<double>& predicted, std::vector<double>& positive,
                std::vector<double>& negative);

}  // namespace neuroai::predictive
