#pragma once

#include "engine/core/ImageData.h"
#include "widgets/ImagePlot.h"

namespace neuroai::widgets {

// A matrix as a heatmap (weights, attention, rate maps): one texel per cell, scaled nearest-neighbour, row 0 at the
// top; viridis for magnitudes, blue–white–red with the range symmetric about 0 (0 is white) for diverging data;
// NaN cells in a grey of their own, counted beside the colour bar. The colour bar names the value and its unit
// with ticks between min and max. Axes carry the data's labels and units, or its per-cell tick labels (tokens,
// rotated when they do not fit). Hovering shows row, column and value.
class HeatmapPlot : public ImagePlot {
    Q_OBJECT
public:
    explicit HeatmapPlot(QWidget* parent = nullptr);

    void setMatrix(const MatrixImage& matrix);
    const MatrixImage& matrix() const { return m_matrix; }
    long nanCount() const { return colourBar().nanCount; }
    // The colour range in force (symmetric about 0 for diverging data).
    double colourLow() const { return colourBar().low; }
    double colourHigh() const { return colourBar().high; }

    // Cell under a widget position, or {-1, -1}.
    QPoint cellAt(const QPoint& position) const;
    // "row …, column …: value unit" for the cell under `position`; empty outside the image.
    QString toolTipAt(const QPoint& position) const;

    QList<DataSeries> dataSeries() const override;

protected:
    bool event(QEvent* event) override;

private:
    MatrixImage m_matrix;
};

// "label (unit)", or just the label without a unit.
QString titleWithUnit(const QString& label, const QString& unit);

}  // namespace neuroai::widgets
