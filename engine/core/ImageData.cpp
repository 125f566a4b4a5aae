#include "engine/core/ImageData.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai {

int RasterImage::rowFirstNeuron(int row) const
{
    if (height <= 0)
        return firstNeuron;
    const long long n = neuronCount();
    // Row r holds the neurons whose offset k satisfies floor(k · height / n) = r, i.e. k ≥ ceil(r · n / height).
    return firstNeuron + int((static_cast<long long>(row) * n + height - 1) / height);
}

int RasterImage::rowOfNeuron(int neuron) const
{
    if (neuron < firstNeuron || neuron >= lastNeuron || height <= 0)
        return -1;
    return int(static_cast<long long>(neuron - firstNeuron) * height / neuronCount());
}

int RasterImage::populationOfRow(int row) const
{
    if (row < 0 || std::size_t(row) >= rowPopulation.size())
        return 0;
    return rowPopulation[row];
}

void fitValueRange(MatrixImage& matrix)
{
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const float v : matrix.values) {
        if (!std::isfinite(v))
            continue;
        low = std::min<double>(low, v);
        high = std::max<double>(high, v);
    }
    if (!(low <= high)) {  // no finite value
        low = 0;
        high = 0;
    }
    if (matrix.diverging) {
        const double reach = std::max(std::abs(low), std::abs(high));
        low = -reach;
        high = reach;
    }
    if (!(high > low)) {
        low -= 0.5;
        high += 0.5;
    }
    matrix.minValue = low;
    matrix.maxValue = high;
}

MatrixImage downsampleMatrix(const MatrixImage& matrix, int maxRows, int maxColumns)
{
    if (matrix.isEmpty() || maxRows <= 0 || maxColumns <= 0 ||
        (matrix.rows <= maxRows && matrix.columns <= maxColumns))
        return matrix;
    MatrixImage out = matrix;
    out.rows = std::min(matrix.rows, maxRows);
    out.columns = std::min(matrix.columns, maxColumns);
    if (out.rows != matrix.rows)
        out.rowTicks.clear();
    if (out.columns != matrix.columns)
        out.columnTicks.clear();
    // Keep the edges in data units: cell indices become explicit bounds when the cells merge.
    if (out.rowMax == out.rowMin)
        out.rowMax = matrix.rows;
    if (out.columnMax == out.columnMin)
        out.columnMax = matrix.columns;
    out.values.assign(std::size_t(out.rows) * out.columns, std::numeric_limits<float>::quiet_NaN());
    for (int r = 0; r < out.rows; ++r) {
        const int r0 = int(static_cast<long long>(r) * matrix.rows / out.rows);
        const int r1 = int(static_cast<long long>(r + 1) * matrix.rows / out.rows);
        for (int c = 0; c < out.columns; ++c) {
            const int c0 = int(static_cast<long long>(c) * matrix.columns / out.columns);
            const int c1 = int(static_cast<long long>(c + 1) * matrix.columns / out.columns);
            double sum = 0;
            long n = 0;
            for (int i = r0; i < r1; ++i)
                for (int j = c0; j < c1; ++j)
                    if (const float v = matrix.at(i, j); !std::isnan(v)) {
                        sum += v;
                        ++n;
                    }
            if (n > 0)
                out.values[std::size_t(r) * out.columns + c] = float(sum / n);
        }
    }
    return out;
}

}  // namespace neuroai
