#include "widgets/ImagePlot.h"

#include "widgets/PlotStyle.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

namespace {
constexpr double kMaxCellLabelPx = 120;  // longer tick labels (tokens) are elided

double scale() { return PlotStyle::presentationScale(); }
double pad() { return 6 * scale(); }
double tickLength() { return 4 * scale(); }

// The image resampled nearest-neighbour to `size` device pixels: drawing it 1:1 avoids the painter's (or an SVG
// viewer's) smoothing between cells.
// Size at which to hand the image to `painter` for `plot`. Raster devices: exactly the device pixels, so the copy
// is 1:1. Vector devices (SVG, PDF) scale embedded bitmaps smoothly in most viewers: give each cell a whole number of
// texels, at least one per logical pixel, so the smoothing stays inside the cells; an image already as fine as the
// plot is embedded as it is (small files for rasters).
QSize imageTarget(const QPainter& painter, const QRect& plot, const QSize& image)
{
    if (painter.paintEngine() && painter.paintEngine()->type() == QPaintEngine::Raster) {
        const QTransform device = painter.deviceTransform();
        const double factor = std::max(1.0, std::hypot(device.m11(), device.m12()));
        return QSize(int(std::lround(plot.width() * factor)), int(std::lround(plot.height() * factor)))
            .boundedTo(QSize(16384, 16384));
    }
    const auto whole = [](int plotPx, int cells) { return cells * std::max(1, (plotPx + cells - 1) / cells); };
    return QSize(whole(plot.width(), image.width()), whole(plot.height(), image.height())).boundedTo(QSize(8192, 8192));
}

QImage resampled(const QImage& image, const QSize& size)
{
    if (image.size() == size)
        return image;
    return image.scaled(size, Qt::IgnoreAspectRatio, Qt::FastTransformation);
}

double widestLabel(const QFontMetricsF& fm, const QStringList& labels)
{
    double widest = 0;
    for (const QString& label : labels)
        widest = std::max(widest, fm.horizontalAdvance(label));
    return std::min(widest, kMaxCellLabelPx * scale());
}

QStringList numericLabels(double a, double b, int target)
{
    const std::vector<double> ticks = niceTicks(a, b, target);
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
    QStringList labels;
    for (const double t : ticks)
        labels << tickLabel(t, step);
    return labels;
}
}  // namespace

std::vector<double> niceTicks(double a, double b, int target)
{
    std::vector<double> ticks;
    const double low = std::min(a, b), high = std::max(a, b);
    if (!std::isfinite(low) || !std::isfinite(high) || !(high > low))
        return ticks;
    // A range just under a nice step (−8…8 asked for 2 ticks gives a step of 10) can hold a single tick, which says
    // nothing about the scale: ask for more until at least two fit.
    for (int wanted = std::max(target, 1); ticks.size() < 2 && wanted <= 64; wanted *= 2) {
        ticks.clear();
        const double step = niceStep((high - low) / wanted);
        for (double k = std::ceil(low / step - 1e-9); k * step <= high + step * 1e-9; k += 1)
            ticks.push_back(k * step);
    }
    return ticks;
}

QString tickLabel(double value, double step)
{
    if (std::abs(value) < step * 1e-9)
        value = 0;
    return QLocale::c().toString(value, 'g', 6);
}

ImagePlot::ImagePlot(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumHeight(160);
}

void ImagePlot::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void ImagePlot::setImage(QImage image)
{
    m_image = std::move(image);
    update();
}

void ImagePlot::setAxes(const ImageAxis& x, const ImageAxis& y)
{
    m_x = x;
    m_y = y;
    notifyPlotSize();
    update();
}

void ImagePlot::setColourBar(const ColourBar& bar)
{
    m_bar = bar;
    notifyPlotSize();
    update();
}

void ImagePlot::setKeepAspect(bool keep)
{
    m_keepAspect = keep;
    notifyPlotSize();
    update();
}

void ImagePlot::installContextMenu(std::function<QString()> metadata)
{
    FigureExporter::installContextMenu(this, std::move(metadata), [this] { return dataSeries(); });
}

void ImagePlot::applyStyle()
{
    updateGeometry();
    notifyPlotSize();
    update();
}

void ImagePlot::restyleAll(QWidget* root)
{
    for (ImagePlot* plot : root->findChildren<ImagePlot*>())
        plot->applyStyle();
}

QSize ImagePlot::minimumSizeHint() const { return QSize(240, 160); }
QSize ImagePlot::sizeHint() const { return QSize(640, 400); }

double ImagePlot::colourBarWidth(const ColourBar& bar) const
{
    const QFontMetricsF labels(PlotStyle::labelFont());
    const QFontMetricsF titles(PlotStyle::axisTitleFont());
    QStringList texts = numericLabels(bar.low, bar.high, 5);
    if (bar.nanCount > 0)
        texts << tr("NaN (%1)").arg(bar.nanCount);
    const double barWidth = 14 * scale();
    return 2 * pad() + barWidth + tickLength() + 3 + widestLabel(labels, texts) + pad() + titles.height() + pad();
}

double ImagePlot::sideWidth() const { return m_bar.visible ? colourBarWidth(m_bar) : 0; }

ImagePlot::Margins ImagePlot::margins() const
{
    const QFontMetricsF labels(PlotStyle::labelFont());
    const QFontMetricsF titles(PlotStyle::axisTitleFont());
    const QFontMetricsF heading(PlotStyle::titleFont());
    Margins m{};
    m.top = m_title.isEmpty() ? 2 * pad() : heading.height() + 2 * pad();
    const double yLabels = m_y.cells.isEmpty() ? widestLabel(labels, numericLabels(m_y.low, m_y.high, 6))
                                               : widestLabel(labels, m_y.cells);
    m.left = pad() + titles.height() + pad() + yLabels + tickLength() + 3;
    // Room for half of the last x label, or the side panel.
    m.right = std::max(sideWidth(), labels.horizontalAdvance(QStringLiteral("00000")) / 2) + pad();
    double xLabels = labels.height();
    if (!m_x.cells.isEmpty()) {
        const double cellPx = std::max(1.0, (width() - m.left - m.right) / m_x.cells.size());
        const double widest = widestLabel(labels, m_x.cells);
        m.rotateXCells = widest + 4 > cellPx;
        if (m.rotateXCells)
            xLabels = widest;
    }
    m.bottom = tickLength() + 3 + xLabels + pad() / 2 + titles.height() + pad();
    m.yLabels = yLabels;
    m.xLabels = xLabels;
    return m;
}

QRect ImagePlot::plotRect() const
{
    if (m_paintingPlot)
        return *m_paintingPlot;
    const Margins m = margins();
    QRectF area(m.left, m.top, width() - m.left - m.right, height() - m.top - m.bottom);
    if (m_keepAspect) {
        const double spanX = std::abs(m_x.high - m_x.low), spanY = std::abs(m_y.high - m_y.low);
        if (spanX > 0 && spanY > 0 && area.width() > 0 && area.height() > 0) {
            const double aspect = spanX / spanY;
            QSizeF fitted(area.width(), area.width() / aspect);
            if (fitted.height() > area.height())
                fitted = QSizeF(area.height() * aspect, area.height());
            area = QRectF(area.center() - QPointF(fitted.width() / 2, fitted.height() / 2), fitted);
        }
    }
    const QRect rect(int(std::lround(area.left())), int(std::lround(area.top())), int(std::floor(area.width())),
                     int(std::floor(area.height())));
    return rect.isValid() ? rect : QRect(int(m.left), int(m.top), 1, 1);
}

QPointF ImagePlot::mapToWidget(double x, double y) const
{
    const QRect plot = plotRect();
    const double fx = m_x.high != m_x.low ? (x - m_x.low) / (m_x.high - m_x.low) : 0.5;
    const double fy = m_y.high != m_y.low ? (y - m_y.low) / (m_y.high - m_y.low) : 0.5;
    return {plot.left() + fx * plot.width(), plot.top() + (1 - fy) * plot.height()};
}

void ImagePlot::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    m_paintingPlot.reset();
    const QRect plot = plotRect();
    m_paintingPlot = plot;

    if (!m_title.isEmpty()) {
        painter.setFont(PlotStyle::titleFont());
        painter.setPen(palette::black);
        const QFontMetricsF heading(PlotStyle::titleFont());
        painter.drawText(QRectF(0, plot.top() - pad() - heading.height(), width(), heading.height()),
                         Qt::AlignCenter, m_title);
    }

    if (!m_image.isNull()) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
        painter.drawImage(QRectF(plot), resampled(m_image, imageTarget(painter, plot, m_image.size())));
    }

    painter.save();
    painter.setClipRect(plot);
    painter.setRenderHint(QPainter::Antialiasing);
    paintOverlay(painter, plot);
    painter.restore();

    paintAxes(painter, plot);
    if (sideWidth() > 0)
        paintSide(painter, sideRect(plot));
    m_paintingPlot.reset();
}

QRectF ImagePlot::sideRect(const QRect& plot) const
{
    return QRectF(plot.left() + plot.width(), plot.top(), sideWidth(), plot.height());
}

QRect ImagePlot::barRectIn(const QRectF& side, const ColourBar& bar) const
{
    const QFontMetricsF labels(PlotStyle::labelFont());
    const double swatch = bar.nanCount > 0 ? labels.height() + pad() : 0;
    return QRect(int(std::lround(side.left() + 2 * pad())), int(side.top()), int(std::lround(14 * scale())),
                 int(std::max(1.0, side.height() - swatch)));
}

QRect ImagePlot::colourBarRect() const
{
    if (!m_bar.visible)
        return {};
    return barRectIn(sideRect(plotRect()), m_bar);
}

void ImagePlot::paintOverlay(QPainter&, const QRect&) {}

void ImagePlot::paintSide(QPainter& painter, const QRectF& side) { paintColourBar(painter, side, m_bar); }

void ImagePlot::paintAxes(QPainter& painter, const QRect& plot) const
{
    const Margins m = margins();
    const QFont labelFont = PlotStyle::labelFont();
    const QFontMetricsF labels(labelFont);
    const QFontMetricsF titles(PlotStyle::axisTitleFont());
    QPen frame(palette::muted);
    frame.setWidthF(1.0);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(frame);
    painter.setBrush(Qt::NoBrush);
    // The frame lies on the pixels just outside the image.
    painter.drawRect(QRectF(plot).adjusted(-0.5, -0.5, 0.5, 0.5));
    painter.setFont(labelFont);

    const double left = plot.left(), right = plot.left() + plot.width();
    const double top = plot.top(), bottom = plot.top() + plot.height();
    const auto elided = [&](const QString& text) {
        return labels.elidedText(text, Qt::ElideRight, kMaxCellLabelPx * scale());
    };

    // x axis
    if (m_x.cells.isEmpty()) {
        const std::vector<double> ticks = niceTicks(m_x.low, m_x.high, std::max(2, plot.width() / 90));
        const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
        for (const double t : ticks) {
            const double x = left + (t - m_x.low) / (m_x.high - m_x.low) * plot.width();
            painter.setPen(frame);
            painter.drawLine(QPointF(x, bottom + 1), QPointF(x, bottom + 1 + tickLength()));
            painter.setPen(palette::black);
            const QString text = tickLabel(t, step);
            const double w = labels.horizontalAdvance(text);
            painter.drawText(QRectF(x - w / 2 - 2, bottom + tickLength() + 3, w + 4, labels.height()),
                             Qt::AlignCenter, text);
        }
    } else {
        const int n = int(m_x.cells.size());
        const double cell = double(plot.width()) / n;
        const double need = m.rotateXCells ? labels.height() * 1.1 : widestLabel(labels, m_x.cells) + 6;
        const int every = std::max(1, int(std::ceil(need / std::max(cell, 1e-9))));
        for (int i = 0; i < n; i += every) {
            const double x = left + (i + 0.5) * cell;
            painter.setPen(frame);
            painter.drawLine(QPointF(x, bottom + 1), QPointF(x, bottom + 1 + tickLength()));
            painter.setPen(palette::black);
            const QString text = elided(m_x.cells[i]);
            if (m.rotateXCells) {
                painter.save();
                painter.translate(x, bottom + tickLength() + 3);
                painter.rotate(-90);
                painter.drawText(QRectF(-kMaxCellLabelPx * scale(), -labels.height() / 2, kMaxCellLabelPx * scale(),
                                        labels.height()),
                                 Qt::AlignRight | Qt::AlignVCenter, text);
                painter.restore();
            } else {
                const double w = labels.horizontalAdvance(text);
                painter.drawText(QRectF(x - w / 2 - 2, bottom + tickLength() + 3, w + 4, labels.height()),
                                 Qt::AlignCenter, text);
            }
        }
    }

    // y axis
    if (m_y.cells.isEmpty()) {
        const std::vector<double> ticks = niceTicks(m_y.low, m_y.high, std::max(2, plot.height() / 60));
        const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
        for (const double t : ticks) {
            const double y = bottom - (t - m_y.low) / (m_y.high - m_y.low) * plot.height();
            painter.setPen(frame);
            painter.drawLine(QPointF(left - 1 - tickLength(), y), QPointF(left - 1, y));
            painter.setPen(palette::black);
            painter.drawText(QRectF(0, y - labels.height() / 2, left - tickLength() - 3, labels.height()),
                             Qt::AlignRight | Qt::AlignVCenter, tickLabel(t, step));
        }
    } else {
        const int n = int(m_y.cells.size());
        const double cell = double(plot.height()) / n;
        const int every = std::max(1, int(std::ceil(labels.height() * 1.1 / std::max(cell, 1e-9))));
        for (int i = 0; i < n; i += every) {
            const double y = top + (i + 0.5) * cell;
            painter.setPen(frame);
            painter.drawLine(QPointF(left - 1 - tickLength(), y), QPointF(left - 1, y));
            painter.setPen(palette::black);
            painter.drawText(QRectF(0, y - labels.height() / 2, left - tickLength() - 3, labels.height()),
                             Qt::AlignRight | Qt::AlignVCenter, elided(m_y.cells[i]));
        }
    }

    // Axis titles
    painter.setFont(PlotStyle::axisTitleFont());
    painter.setPen(palette::black);
    // Titles hug their tick labels, also when the plot is narrower or shorter than the widget (kept aspect).
    painter.drawText(QRectF(left, bottom + tickLength() + 3 + m.xLabels + pad() / 2, right - left, titles.height()),
                     Qt::AlignCenter, m_x.title);
    painter.save();
    painter.translate(left - tickLength() - 3 - m.yLabels - pad() - titles.height(), (top + bottom) / 2);
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2.0 - 100, 0, plot.height() + 200, titles.height()), Qt::AlignCenter,
                     m_y.title);
    painter.restore();
}

void ImagePlot::paintColourBar(QPainter& painter, const QRectF& side, const ColourBar& bar) const
{
    const QFontMetricsF labels(PlotStyle::labelFont());
    const QFontMetricsF titles(PlotStyle::axisTitleFont());
    const QRect barRect = barRectIn(side, bar);
    const double barWidth = barRect.width();
    // One texel per pixel row of the bar, top = high, so both ends show the map's end colours exactly.
    const int levels = std::max(2, barRect.height());
    QImage ramp(1, levels, QImage::Format_RGB32);
    for (int i = 0; i < levels; ++i)
        ramp.setPixel(0, i, colormapRgb(bar.map, 1.0 - double(i) / (levels - 1)));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(QRectF(barRect), resampled(ramp, barRect.size()));
    QPen frame(palette::muted);
    frame.setWidthF(1.0);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(frame);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(barRect).adjusted(-0.5, -0.5, 0.5, 0.5));

    painter.setFont(PlotStyle::labelFont());
    const double labelLeft = barRect.right() + 1 + tickLength() + 3;
    double widest = 0;
    const std::vector<double> ticks = niceTicks(bar.low, bar.high, std::max(2, barRect.height() / 50));
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1;
    for (const double t : ticks) {
        const double y = barRect.top() + (bar.high - t) / (bar.high - bar.low) * barRect.height();
        painter.setPen(frame);
        painter.drawLine(QPointF(barRect.right() + 1, y), QPointF(barRect.right() + 1 + tickLength(), y));
        painter.setPen(palette::black);
        const QString text = tickLabel(t, step);
        widest = std::max(widest, labels.horizontalAdvance(text));
        painter.drawText(QRectF(labelLeft, y - labels.height() / 2, 200, labels.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    if (bar.nanCount > 0) {
        const QRectF box(barRect.left(), barRect.bottom() + pad(), barWidth, labels.height() * 0.8);
        painter.fillRect(box, QColor(nanColour()));
        painter.setPen(frame);
        painter.drawRect(box);
        painter.setPen(palette::black);
        const QString text = tr("NaN (%1)").arg(bar.nanCount);
        widest = std::max(widest, labels.horizontalAdvance(text));
        painter.drawText(QRectF(labelLeft, box.center().y() - labels.height() / 2, 200, labels.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, text);
    }
    // Title, rotated, right of the labels.
    painter.setFont(PlotStyle::axisTitleFont());
    painter.save();
    painter.translate(labelLeft + widest + pad() + titles.height(), barRect.top() + barRect.height() / 2.0);
    painter.rotate(-90);
    painter.drawText(QRectF(-barRect.height() / 2.0 - 100, -titles.height(), barRect.height() + 200, titles.height()),
                     Qt::AlignCenter, bar.title);
    painter.restore();
}

void ImagePlot::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    notifyPlotSize();
}

void ImagePlot::notifyPlotSize()
{
    const QSize pixels = plotRect().size() * devicePixelRatioF();
    if (pixels != m_lastPlotSize) {
        m_lastPlotSize = pixels;
        emit plotSizeChanged(pixels);
    }
}

}  // namespace neuroai::widgets
