#pragma once

// Is a filter (a small image: a learned basis function, a receptive field, a CNN first-layer kernel) localised and
// oriented like a simple cell's Gabor receptive field? Two measures, each with a threshold, no fit:
//
// Localisation: the energy-weighted spatial spread around the energy centroid, relative to that of a uniform
// filter of the same size W × H,
//     w(x,y) = f(x,y)²,  c = Σ w·p / Σ w,  spread = [Σ w·|p − c|² / Σ w] / [(W² − 1)/12 + (H² − 1)/12],
// 1 for energy spread evenly (a uniform filter exactly; a plane-wave grating ≈ 1; white noise ≈ 0.97), small for
// energy packed in one place. A Gaussian envelope exp(−r²/2σ²) on an N × N grid has spread ≈ 6σ²/(N² − 1), so the
// threshold spread ≤ 0.5 means an envelope σ no wider than √((N² − 1)/12), the standard deviation of a position
// drawn uniformly across the filter (2.29 px on 8 × 8). The filter's mean is NOT removed first (a blob stays a blob).
//
// Orientation: how concentrated the filter's 2-D power spectrum P(k) is over orientation — the resultant length of
// the doubled angle (k and −k agree: an orientation is an axis, not a direction), power weighted:
//     R = |Σ_k P(k) e^{2iθ_k}| / Σ_k P(k),   k ≠ 0, |k| ≤ 0.5 cycles/pixel,
// i.e. 1 − R is the circular variance of the doubled angle. P is the DFT of the filter zero-padded to an
// M × M grid, M = max(32, 2·max(W, H)) (a smooth spectrum, fine angles); the disc |k| ≤ 0.5 cycles/pixel is balanced
// in doubled angle on that grid, so a flat spectrum (an impulse) scores exactly 0. For a Gabor R depends mostly on
// σ·f (envelope σ in px × carrier f in cycles/pixel), measured on 8 × 8 (median over positions, orientations and
// phases): σf 0.2 → 0.50, 0.25 → 0.62, 0.3 → 0.72, 0.4 → 0.82, 0.5 → 0.89. The threshold R ≥ 0.5 is thus a Gabor
// with σf ≥ 0.2, a half-amplitude bandwidth of at most ≈ 5 octaves: permissive (macaque V1 cells: median ≈ 1.4
// octaves, De Valois, Albrecht & Thorell 1982), it rejects only the unoriented.
//
// Verdict: gaborLike = (spread ≤ maxSpread) && (R ≥ minOrientation), defaults 0.5 and 0.5. Measured on 8 × 8
// (tests/engine/tst_sparsecoding.cpp and the calibration behind it):
//   - white-noise filters (20 000): spread median 0.97, 0.1 % quantile 0.66, minimum 0.55; R median 0.14, 99 %
//     quantile 0.35, maximum 0.55 (0.01 % reach 0.5): none passes both;
//   - Gabors with σ 1–2.2 px, σf 0.25–0.6, any orientation and phase, centred within ±1 px: all pass (spread
//     median 0.24, R 0.84);
//   - plane-wave gratings: oriented (R ≈ 0.8) but not localised (spread ≈ 1); isotropic Gaussian blobs and
//     differences of Gaussians: localised (spread ≈ 0.17) but not oriented (R ≈ 0).
// Each half of the criterion thus rejects a different non-Gabor, and chance alone practically never passes both.
// Units: spread and R are dimensionless, orientations in radians (of the wave vector: the stripes run
// perpendicular to it), frequencies in cycles/pixel.

#include "engine/vision/NaturalImages.h"

#include <vector>

namespace neuroai::vision {

struct FilterShapeSettings {
    double maxSpread = 0.5;       // localised if spread ≤ this
    double minOrientation = 0.5;  // oriented if R ≥ this
    void validate() const;        // throws std::invalid_argument naming the field
};

struct FilterShapeScore {
    double centroidX = 0, centroidY = 0;  // energy centroid, px (pixel centres at integer coordinates)
    double spread = 0;                    // energy spread / a uniform filter's (see above)
    double orientationConcentration = 0;  // R in [0, 1]
    double orientationRad = 0;            // mean axis of the wave vector (½·arg of the resultant), in [0, π): 0 along
                                          // +x, π/2 along +y (image rows, downwards)
    double meanFrequency = 0;             // power-weighted mean |k| over the disc, cycles/pixel
    bool localised = false;
    bool oriented = false;
    bool gaborLike = false;
};

// Scores one filter (at least 3 × 3, finite, not all zero). Throws std::invalid_argument otherwise.
FilterShapeScore filterShape(const GrayImage& filter, const FilterShapeSettings& settings = {});
inline bool isGaborLike(const GrayImage& filter, const FilterShapeSettings& settings = {})
{
    return filterShape(filter, settings).gaborLike;
}

struct FilterShapeSummary {
    std::vector<FilterShapeScore> scores;
    double gaborLikeFraction = 0;
    double localisedFraction = 0;
    double orientedFraction = 0;
    double medianSpread = 0;
    double medianOrientation = 0;
};

FilterShapeSummary filterShapes(const std::vector<GrayImage>& filters, const FilterShapeSettings& settings = {});

}  // namespace neuroai::vision
