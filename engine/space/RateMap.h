#pragma once

#include "engine/core/ImageData.h"
#include "engine/space/Arena.h"

#include <string>
#include <vector>

namespace neuroai::space {

// A firing-rate map as experimenters build one: the arena is cut into square-ish bins; every time step adds its
// duration to the occupancy of the bin the animal is in, and every spike adds one count to that bin. The rate of a
// bin is spikes / occupancy (Hz); bins never visited are NaN ("no data", not zero). Optional Gaussian smoothing is
// applied to the spike and occupancy maps separately before dividing (the usual "adaptive-free" smoothing), so a
// briefly visited bin does not get an extreme rate.
class RateMap {
public:
    // Throws std::invalid_argument unless width, height > 0 and 1 <= bins <= 1000 on each axis.
    RateMap(double widthCm, double heightCm, int binsX, int binsY);

    int binsX() const { return m_nx; }
    int binsY() const { return m_ny; }
    double binWidthCm() const { return m_width / m_nx; }
    double binHeightCm() const { return m_height / m_ny; }
    // The bin that holds p (clamped to the border bins), row-major index row · binsX + column, row 0 at y = 0.
    int binOf(Vec2 p) const;

    void addOccupancy(Vec2 p, double seconds);
    void addSpikes(Vec2 p, double count = 1.0);
    void clear();

    const std::vector<double>& occupancySeconds() const { return m_occupancy; }
    const std::vector<double>& spikeCounts() const { return m_spikes; }
    double totalSeconds() const;
    double totalSpikes() const;

    // Rates (Hz) per bin, NaN where the (smoothed) occupancy is below minOccupancySeconds. sigmaCm = 0: no smoothing.
    std::vector<double> rates(double smoothingSigmaCm = 0.0, double minOccupancySeconds = 1e-9) const;
    // The rates as a heatmap image for ArenaView / HeatmapPlot (rows = y bins, row 0 at y = 0), labelled in cm and Hz.
    MatrixImage image(double smoothingSigmaCm = 0.0, double minOccupancySeconds = 1e-9) const;

private:
    double m_width, m_height;
    int m_nx, m_ny;
    std::vector<double> m_occupancy;  // s
    std::vector<double> m_spikes;     // counts
};

// Separable Gaussian smoothing of a binsX × binsY map (row-major), sigma in bins; the kernel is truncated at 3σ and
// renormalised at the borders (so a constant map stays constant). NaN entries count as 0 with weight 0.
std::vector<double> smoothMap(const std::vector<double>& map, int binsX, int binsY, double sigmaBins);

}  // namespace neuroai::space
