#pragma once

#include "engine/core/ImageData.h"
#include "engine/space/Arena.h"

#include <array>
#include <vector>

namespace neuroai::space {

// Statistics of 2-D rate maps used to call a cell a grid cell.

// The spatial autocorrelogram of a rate map (binsX × binsY, row-major, row 0 at y = 0, NaN = unvisited): for every
// lag (τx, τy) in bins, the Pearson correlation between the map and the map shifted by that lag, taken over the bins
// where both are finite (Sargolini et al. 2006; Hafting et al. 2005). Lags with fewer than minOverlap such bins, or
// with zero variance on either side, are NaN. The result has (2·binsX − 1) × (2·binsY − 1) cells, lag 0 in the
// middle; A(0, 0) = 1 and A(−τ) = A(τ) by construction (the same pairs of bins, swapped).
struct Autocorrelogram {
    int binsX = 0, binsY = 0;       // of the source map
    double binXCm = 1, binYCm = 1;  // bin size of the source map
    std::vector<double> values;     // (2·binsY − 1) rows × (2·binsX − 1) columns, row 0 = lag −(binsY − 1)

    int columns() const { return 2 * binsX - 1; }
    int rows() const { return 2 * binsY - 1; }
    // The value at lag (dx, dy) bins, |dx| < binsX, |dy| < binsY.
    double at(int dx, int dy) const
    {
        return values[std::size_t(dy + binsY - 1) * std::size_t(columns()) + std::size_t(dx + binsX - 1)];
    }
    // For HeatmapPlot: diverging colours fixed to [−1, 1], axes "lag x/y (cm)".
    MatrixImage image() const;
};

// Throws std::invalid_argument if the map size does not match the bins, bins < 2, bin sizes <= 0 or minOverlap < 2.
Autocorrelogram spatialAutocorrelogram(const std::vector<double>& map, int binsX, int binsY, double binXCm,
                                       double binYCm, int minOverlap = 20);

// The gridness score (Sargolini et al. 2006) with an expanding annulus. Steps:
//  1. peaks: the local maxima of the autocorrelogram (3 × 3 neighbourhood, value > 0, refined to sub-bin position by
//     a parabola through each maximum and its neighbours along x and along y);
//  2. the central peak's radius r_in: the first radius at which the autocorrelogram averaged over a 1-bin ring drops
//     below 0 (or reaches its first minimum), at most 0.6 × the distance of the nearest other peak;
//  3. the six peaks nearest the centre outside r_in give the spacing (their median distance) and the orientation
//     (the 6-fold circular mean of their angles, in (−30°, 30°]: the lattice repeats every 60°);
//  4. for each outer radius R from r_in + 2 bins to min(1.5 × spacing, the largest full circle inside the
//     autocorrelogram) in 1-bin steps, the annulus r_in <= |τ| <= R is correlated (Pearson) with itself rotated by
//     30°, 60°, 90°, 120° and 150° (bilinear interpolation), and
//         gridness(R) = min(r60, r120) − max(r30, r90, r150);
//     the score is the maximum over R (the "expanding annulus" of Langston et al. 2010 / Brandon et al. 2011), which
//     does not need a good guess of where the six peaks are.
// A perfect hexagonal lattice scores about 1.4 (r60 = r120 = 1, r30, r90, r150 ≈ −0.4), a square lattice about −1
// (r90 = 1, r60 ≈ 0), a single field close to 0.
struct GridScore {
    double gridness = 0;        // NaN when no annulus had enough valid bins
    double spacingCm = 0;       // NaN when fewer than 3 peaks were found
    double orientationDeg = 0;  // NaN likewise
    double innerRadiusCm = 0;
    double outerRadiusCm = 0;   // of the best annulus
    std::array<double, 5> correlations{};  // r30, r60, r90, r120, r150 at the best annulus
    std::vector<Vec2> peaksCm;  // the (up to six) peaks used, as lags in cm
};
GridScore gridScore(const Autocorrelogram& autocorrelogram);

// The Pearson correlation between the autocorrelogram and itself rotated by angleRad, over the annulus
// rInCm <= |τ| <= rOutCm (NaN when fewer than 20 bins pair up).
double rotationalCorrelation(const Autocorrelogram& autocorrelogram, double angleRad, double rInCm, double rOutCm);

}  // namespace neuroai::space
