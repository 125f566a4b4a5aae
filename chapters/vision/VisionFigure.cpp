#include "chapters/vision/VisionFigure.h"

#include "engine/vision/Gabor.h"
#include "widgets/PlotStyle.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::chapters {

namespace {
double presentation() { return widgets::PlotStyle::presentationScale(); }
double pad() { return 6 * presentation(); }
}  // namespace

MatrixImage visionMatrix(const vision::Image& image, double pixelsPerDegree, const std::string& valueLabel,
                         bool diverging)
{
    MatrixImage m;
    m.rows = image.height;
    m.columns = image.width;
    m.values.assign(image.pixels.begin(), image.pixels.end());
    m.diverging = diverging;
    fitValueRange(m);
    m.valueLabel = valueLabel;
    m.columnLabel = "x";
    m.columnUnit = "deg";
    m.rowLabel = "y";
    m.rowUnit = "deg";
    const double halfW = 0.5 * image.width / pixelsPerDegree, halfH = 0.5 * image.height / pixelsPerDegree;
    m.columnMin = -halfW;
    m.columnMax = halfW;
    m.rowMin = halfH;  // row 0 at the top: y grows upwards
    m.rowMax = -halfH;
    return m;
}

QStringList scalarKeys(const std::vector<OutputInfo>& outputs)
{
    QStringList keys;
    for (const OutputInfo& o : outputs)
        if (o.kind == OutputInfo::Kind::Scalar)
            keys << QString::fromStdString(o.key);
    return keys;
}

std::optional<double> scalarOf(const ExperimentResult& result, const QString& key)
{
    if (const ResultScalar* s = result.findScalar(key.toStdString()))
        return s->value;
    return std::nullopt;
}

QString notesOf(const ExperimentResult& result)
{
    QStringList notes;
    for (const std::string& note : result.notes)
        notes << QString::fromStdString(note);
    return notes.join(QLatin1Char('\n'));
}

QString readoutNumber(double value, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("—");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    const QString text = QString::number(std::abs(value), 'f', decimals);
    return value < 0 && text != QString::number(0.0, 'f', decimals) ? QStringLiteral("−") + text : text;
}

// ---- SquareHeatmap ----------------------------------------------------------------------------------------------

SquareHeatmap::SquareHeatmap(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
    setKeepAspect(true);
    setMinimumSize(150, 150);
}

void SquareHeatmap::setColourBarShown(bool shown)
{
    widgets::ColourBar bar = colourBar();
    if (bar.visible != shown) {
        bar.visible = shown;
        setColourBar(bar);
    }
}

void SquareHeatmap::setEllipse(QPointF centre, double a, double b, double angleDeg)
{
    m_ellipse = true;
    m_centre = centre;
    m_a = a;
    m_b = b;
    m_angleDeg = angleDeg;
    update();
}

void SquareHeatmap::clearEllipse()
{
    m_ellipse = false;
    update();
}

void SquareHeatmap::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    if (!m_ellipse)
        return;
    const double c = std::cos(m_angleDeg * std::numbers::pi / 180), s = std::sin(m_angleDeg * std::numbers::pi / 180);
    QPainterPath path;
    constexpr int kPoints = 96;
    for (int i = 0; i <= kPoints; ++i) {
        const double t = 2 * std::numbers::pi * i / kPoints;
        const double u = m_a * std::cos(t), v = m_b * std::sin(t);
        const QPointF p = mapToWidget(m_centre.x() + u * c - v * s, m_centre.y() + u * s + v * c);
        if (i == 0)
            path.moveTo(p);
        else
            path.lineTo(p);
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(widgets::PlotStyle::pen(widgets::palette::orange, 1.2, Qt::DashLine));
    painter.drawPath(path);
}

// ---- GreyPicturePlot --------------------------------------------------------------------------------------------

GreyPicturePlot::GreyPicturePlot(QWidget* parent)
    : SquareHeatmap(parent)
{
}

void GreyPicturePlot::showPicture(MatrixImage picture, double low, double high)
{
    picture.diverging = false;
    picture.minValue = low;
    picture.maxValue = high;
    setMatrix(picture);
    const MatrixImage& m = matrix();
    if (m.isEmpty())
        return;
    QImage grey(m.columns, m.rows, QImage::Format_RGB32);
    const double span = high > low ? high - low : 1.0;
    for (int r = 0; r < m.rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(grey.scanLine(r));
        for (int c = 0; c < m.columns; ++c) {
            const double v = m.at(r, c);
            const int g = std::isfinite(v) ? int(std::lround(255 * std::clamp((v - low) / span, 0.0, 1.0))) : 128;
            line[c] = qRgb(g, g, g);
        }
    }
    setImage(std::move(grey));
}

void GreyPicturePlot::paintSide(QPainter& painter, const QRectF& side)
{
    // The base draws the colour bar with its ticks and title; its ramp is then repainted in grey.
    SquareHeatmap::paintSide(painter, side);
    const QRect bar = colourBarRect();
    if (bar.isEmpty())
        return;
    QLinearGradient ramp(bar.topLeft(), bar.bottomLeft());
    ramp.setColorAt(0, Qt::white);
    ramp.setColorAt(1, Qt::black);
    painter.fillRect(bar, ramp);
    QPen frame(widgets::palette::muted);
    frame.setWidthF(1.0);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(frame);
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(QRectF(bar).adjusted(-0.5, -0.5, 0.5, 0.5));
}

// ---- OrientationMapPlot -----------------------------------------------------------------------------------------

OrientationMapPlot::OrientationMapPlot(QWidget* parent)
    : SquareHeatmap(parent)
{
}

QColor OrientationMapPlot::orientationColour(double thetaDeg, double strength)
{
    double hue = std::fmod(thetaDeg, 180.0) / 180.0;
    if (hue < 0)
        hue += 1;
    return QColor::fromHsvF(float(std::min(hue, 0.9999)), 0.85f, float(std::clamp(strength, 0.0, 1.0)));
}

void OrientationMapPlot::showMap(MatrixImage strength, QImage coloured)
{
    setMatrix(strength);
    setColourBarShown(false);
    setImage(std::move(coloured));
    updateGeometry();
}

QStringList OrientationMapPlot::legendLabels() const
{
    QStringList labels;
    for (int j = 0; j < 8; ++j)
        labels << QStringLiteral("%1°").arg(j * 22.5, 0, 'g', 4);
    return labels;
}

double OrientationMapPlot::sideWidth() const
{
    const QFontMetricsF labels(widgets::PlotStyle::labelFont());
    double widest = labels.horizontalAdvance(tr("filter θ"));
    for (const QString& label : legendLabels())
        widest = std::max(widest, labels.height() * 1.4 + pad() + labels.horizontalAdvance(label));
    return 2 * pad() + widest + pad();
}

void OrientationMapPlot::paintSide(QPainter& painter, const QRectF& side)
{
    const QFont font = widgets::PlotStyle::labelFont();
    const QFontMetricsF fm(font);
    painter.setFont(font);
    const double left = side.left() + 2 * pad();
    const QStringList labels = legendLabels();
    const double rowHeight = std::max(std::min(fm.height() * 1.5, side.height() / (labels.size() + 1)), 1.0);
    const double total = rowHeight * (labels.size() + 1);
    double y = side.top() + std::max(0.0, (side.height() - total) / 2);
    painter.setPen(widgets::palette::black);
    painter.drawText(QRectF(left, y, side.right() - left, rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("filter θ"));
    y += rowHeight;
    const double length = fm.height() * 1.2;
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (int j = 0; j < labels.size(); ++j) {
        const double theta = j * 22.5;
        // The bars of filter θ run at θ + 90° (counter-clockwise from +x; the screen's y points down).
        const double bar = (theta + 90) * std::numbers::pi / 180;
        const QPointF centre(left + length / 2, y + rowHeight / 2);
        const QPointF half(0.5 * length * std::cos(bar), -0.5 * length * std::sin(bar));
        QPen pen(orientationColour(theta));
        pen.setWidthF(std::max(3.0, 0.22 * length));
        pen.setCapStyle(Qt::FlatCap);
        painter.setPen(pen);
        painter.drawLine(centre - half, centre + half);
        painter.setPen(widgets::palette::black);
        painter.drawText(QRectF(left + length + pad(), y, side.right() - left - length - pad(), rowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, labels[j]);
        y += rowHeight;
    }
}

}  // namespace neuroai::chapters
