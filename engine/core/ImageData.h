#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace neuroai {

// Images the engine prepares for the GUI, already reduced to the plot's pixels on the engine thread, so drawing
// costs O(pixels) whatever the network size. Plain data, no Qt, no Eigen; widgets may include this header.

// A spike raster binned to pixels: column = time bin, row = a band of neurons. Row r holds neurons
// [rowFirstNeuron(r), rowFirstNeuron(r + 1)); row 0 holds firstNeuron (drawn at the bottom).
struct RasterImage {
    int width = 0;   // time bins
    int height = 0;  // neuron rows
    std::vector<std::uint16_t> counts;  // row-major, counts[row · width + column]; saturates at 65535
    double t0Ms = 0, t1Ms = 0;          // the columns tile [t0Ms, t1Ms)
    int firstNeuron = 0, lastNeuron = 0;  // neurons [firstNeuron, lastNeuron)
    // Optional populations: rowPopulation[r] indexes populationNames / populationRgb (empty: one population).
    std::vector<std::uint8_t> rowPopulation;
    std::vector<std::string> populationNames;
    std::vector<std::uint32_t> populationRgb;  // 0xRRGGBB; empty, or an entry 0: the widget's palette in order
    std::uint64_t spikeCount = 0;  // spikes binned (a saturated pixel still counts all of its spikes here)
    std::uint64_t dropped = 0;     // spikes outside the time window or the neuron range

    bool isEmpty() const { return width <= 0 || height <= 0; }
    int neuronCount() const { return lastNeuron - firstNeuron; }
    double binMs() const { return width > 0 ? (t1Ms - t0Ms) / width : 0; }
    int rowFirstNeuron(int row) const;  // first neuron of `row` (row == height gives lastNeuron)
    int rowOfNeuron(int neuron) const;  // −1 outside [firstNeuron, lastNeuron)
    int populationOfRow(int row) const;
    std::uint16_t at(int row, int column) const { return counts[std::size_t(row) * std::size_t(width) + column]; }
};

// A matrix for a heatmap (weights, attention, rate maps), row-major, already reduced to at most the plot's pixels.
// NaN entries are allowed: the widget draws them in a colour of their own and counts them.
struct MatrixImage {
    int rows = 0;
    int columns = 0;
    std::vector<float> values;  // values[row · columns + column]
    double minValue = 0, maxValue = 1;  // the colour range; fitValueRange() sets it from the data
    bool diverging = false;  // signed data: blue–white–red with the range symmetric about 0 (0 is white)
    std::string valueLabel;  // e.g. "weight"
    std::string unit;        // of the values, e.g. "nS" (empty: dimensionless)
    // Axes: titles and units; the cell edges span [rowMin, rowMax] and [columnMin, columnMax] in those units (row 0
    // at rowMin). Optional tick labels name each row / column (e.g. the tokens of an attention map).
    std::string rowLabel = "row", rowUnit;
    std::string columnLabel = "column", columnUnit;
    double rowMin = 0, rowMax = 0, columnMin = 0, columnMax = 0;  // equal bounds: cell indices 0 … rows
    std::vector<std::string> rowTicks, columnTicks;

    bool isEmpty() const { return rows <= 0 || columns <= 0 || values.size() < std::size_t(rows) * columns; }
    float at(int row, int column) const { return values[std::size_t(row) * std::size_t(columns) + column]; }
};

// Sets minValue/maxValue to the finite extremes of the values (symmetric about 0 when `diverging`); a constant or
// all-NaN matrix gets a unit-wide range around its value so colours stay defined.
void fitValueRange(MatrixImage& matrix);

// Block means of `values` (rows × columns, row-major, NaN ignored; a block of only NaN stays NaN) reduced to at most
// maxRows × maxColumns cells. Labels and ranges are kept; per-cell tick labels are dropped when cells merge.
MatrixImage downsampleMatrix(const MatrixImage& matrix, int maxRows, int maxColumns);

// A 2-D arena in cm, y upwards, heading in radians counter-clockwise from +x.
struct ArenaPoint {
    double x = 0, y = 0;  // cm
};
struct ArenaWall {
    ArenaPoint a, b;
};
struct ArenaScene {
    double xMin = 0, xMax = 100, yMin = 0, yMax = 100;  // bounds (cm)
    std::vector<ArenaWall> walls;
    std::optional<ArenaPoint> agent;
    double headingRad = 0;
    std::vector<ArenaPoint> trajectory;  // oldest first
    // Rate map over the bounds: row 0 is the strip at yMin, column 0 the strip at xMin.
    std::optional<MatrixImage> rateMap;
    std::vector<ArenaPoint> goals;
    std::vector<ArenaPoint> rewards;
};

}  // namespace neuroai
