#pragma once

#include "widgets/Colormap.h"
#include "widgets/FigureExporter.h"

#include <QImage>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <optional>
#include <vector>

namespace neuroai::widgets {

// One axis of an image plot: the data values at the image's two edges (x: left, right; y: bottom, top) with nice
// numeric ticks between them, or one label per image cell (e.g. tokens), shown instead of numbers.
struct ImageAxis {
    QString title;      // with its unit, e.g. "t (ms)"
    double low = 0;     // value at the left (x) or bottom (y) edge
    double high = 1;    // value at the right (x) or top (y) edge
    QStringList cells;  // optional: labels of the cells, left to right (x) or top to bottom (y)
};

// A colour bar beside the image: the map over [low, high] with nice ticks, its title (with unit), and a NaN swatch
// naming how many cells are NaN when there are any.
struct ColourBar {
    bool visible = false;
    Colormap map = Colormap::Viridis;
    double low = 0, high = 1;
    QString title;
    long nanCount = 0;
};

// Base of the image plots (RasterPlot, HeatmapPlot, ArenaView): a QWidget that paints a QImage with one texel per
// data cell, scaled nearest-neighbour into the plot area (no blur; O(pixels) whatever the data size), framed by a
// title, labelled axes with nice ticks and an optional colour bar, in PlotStyle's fonts and palette. Fonts are read
// at paint time, so presentation mode applies on the next repaint (applyStyle() forces one). Exports through
// FigureExporter::exportWidget keep text and axes as vectors and embed the image as a bitmap, pre-scaled so that
// viewers do not blur the cells.
class ImagePlot : public QWidget {
    Q_OBJECT
public:
    explicit ImagePlot(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    QString title() const { return m_title; }
    const ImageAxis& xAxis() const { return m_x; }
    const ImageAxis& yAxis() const { return m_y; }
    const ColourBar& colourBar() const { return m_bar; }
    // The image as built from the data (one texel per cell, before scaling).
    const QImage& image() const { return m_image; }

    // Where the image is drawn, in widget coordinates, for the current size and fonts.
    QRect plotRect() const;
    // Where the colour bar's ramp is drawn (empty when there is none).
    QRect colourBarRect() const;
    // Widget position of a data point (x along the x axis, y along the y axis).
    QPointF mapToWidget(double x, double y) const;

    // What is drawn, for toTidyCsv().
    virtual QList<DataSeries> dataSeries() const = 0;
    // The per-plot context menu of every plot: export this plot (PNG/SVG/PDF), copy, export its data as CSV.
    void installContextMenu(std::function<QString()> metadata);

    void applyStyle();
    static void restyleAll(QWidget* root);

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

signals:
    // The plot area changed size (device pixels): the engine can bin the next image to exactly this many pixels.
    void plotSizeChanged(const QSize& devicePixels);

protected:
    void setImage(QImage image);
    void setAxes(const ImageAxis& x, const ImageAxis& y);
    void setColourBar(const ColourBar& bar);
    // Keep data units square (x span : y span) inside the available area, e.g. for an arena.
    void setKeepAspect(bool keep);

    // Width reserved right of the plot (colour bar by default) and its painting.
    virtual double sideWidth() const;
    virtual void paintSide(QPainter& painter, const QRectF& side);
    // Drawn over the image, clipped to the plot area (e.g. walls, agent, scale bar).
    virtual void paintOverlay(QPainter& painter, const QRect& plot);

    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

    // Paints a colour bar into `side` (used by the default paintSide and by plots that add a legend).
    void paintColourBar(QPainter& painter, const QRectF& side, const ColourBar& bar) const;
    double colourBarWidth(const ColourBar& bar) const;

private:
    struct Margins {
        double left, top, right, bottom;
        double yLabels, xLabels;  // room taken by the tick labels
        bool rotateXCells;
    };
    Margins margins() const;
    void paintAxes(QPainter& painter, const QRect& plot) const;
    QRectF sideRect(const QRect& plot) const;
    QRect barRectIn(const QRectF& side, const ColourBar& bar) const;
    void notifyPlotSize();

    QString m_title;
    ImageAxis m_x, m_y;
    ColourBar m_bar;
    QImage m_image;
    bool m_keepAspect = false;
    // plotRect() while a paint is in progress: overlays map every trajectory point through mapToWidget(), and
    // plotRect() measures the tick labels' text each time (that text shaping was most of the arena panels' frame time).
    // The geometry cannot change during a paint, so paintEvent computes it once.
    std::optional<QRect> m_paintingPlot;
    QSize m_lastPlotSize;
};

// Ticks at multiples of a nice step (1, 2, 2.5, 5 × 10^k) inside [min(a, b), max(a, b)], about `target` of them and
// never a single one for a non-empty range.
std::vector<double> niceTicks(double a, double b, int target);
// A tick label: shortest form, no "-0".
QString tickLabel(double value, double step);

}  // namespace neuroai::widgets
