#include "widgets/HeatmapPlot.h"

#include <QHelpEvent>
#include <QLocale>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace neuroai::widgets {

namespace {
QStringList toQStrings(const std::vector<std::string>& strings)
{
    QStringList out;
    for (const std::string& s : strings)
        out << QString::fromStdString(s);
    return out;
}

bool hasExplicitBounds(double low, double high) { return std::isfinite(low) && std::isfinite(high) && low != high; }

// Data coordinate of the centre of cell `i` of `n` spanning [low, high]; cell indices when the bounds are equal.
double cellCentre(int i, int n, double low, double high)
{
    if (!hasExplicitBounds(low, high))
        return i;
    return low + (i + 0.5) * (high - low) / n;
}

QString number(double value) { return QLocale::c().toString(value, 'g', 6); }
}  // namespace

QString titleWithUnit(const QString& label, const QString& unit)
{
    return unit.isEmpty() ? label : QStringLiteral("%1 (%2)").arg(label, unit);
}

HeatmapPlot::HeatmapPlot(QWidget* parent)
    : ImagePlot(parent)
{
    setObjectName(QStringLiteral("heatmap"));
    setMatrix(MatrixImage{});
}

namespace {
// The same picture: identical values bit for bit (so NaN cells compare equal), colour range, labels and ticks.
bool samePicture(const MatrixImage& a, const MatrixImage& b)
{
    return a.rows == b.rows && a.columns == b.columns && a.values.size() == b.values.size() &&
           std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(float)) == 0 &&
           a.minValue == b.minValue && a.maxValue == b.maxValue && a.diverging == b.diverging &&
           a.valueLabel == b.valueLabel && a.unit == b.unit && a.rowLabel == b.rowLabel && a.rowUnit == b.rowUnit &&
           a.columnLabel == b.columnLabel && a.columnUnit == b.columnUnit && a.rowMin == b.rowMin &&
           a.rowMax == b.rowMax && a.columnMin == b.columnMin && a.columnMax == b.columnMax &&
           a.rowTicks == b.rowTicks && a.columnTicks == b.columnTicks;
}
}  // namespace

void HeatmapPlot::setMatrix(const MatrixImage& matrix)
{
    // Live panels resend a matrix with every frame although it changes far less often (an autocorrelogram recomputed
    // once a second, a weight matrix between learning events): re-colouring and repainting an unchanged picture 60
    // times a second is what pushed the grid-cell panel's frame time past 16 ms.
    if (!matrix.isEmpty() && m_matrix.rows > 0 && samePicture(matrix, m_matrix))
        return;
    m_matrix = matrix;
    const bool valid = !matrix.isEmpty();
    if (!valid)
        m_matrix.rows = m_matrix.columns = 0;
    const int rows = m_matrix.rows, columns = m_matrix.columns;

    ImageAxis x{titleWithUnit(QString::fromStdString(matrix.columnLabel), QString::fromStdString(matrix.columnUnit)),
                -0.5, columns - 0.5, {}};
    if (hasExplicitBounds(matrix.columnMin, matrix.columnMax)) {
        x.low = matrix.columnMin;
        x.high = matrix.columnMax;
    }
    if (valid && int(matrix.columnTicks.size()) == columns)
        x.cells = toQStrings(matrix.columnTicks);
    // Row 0 at the top: the bottom edge is the last row's end.
    ImageAxis y{titleWithUnit(QString::fromStdString(matrix.rowLabel), QString::fromStdString(matrix.rowUnit)),
                rows - 0.5, -0.5, {}};
    if (hasExplicitBounds(matrix.rowMin, matrix.rowMax)) {
        y.low = matrix.rowMax;
        y.high = matrix.rowMin;
    }
    if (valid && int(matrix.rowTicks.size()) == rows)
        y.cells = toQStrings(matrix.rowTicks);
    if (!valid) {
        x.low = y.high = 0;
        x.high = y.low = 1;
    }
    setAxes(x, y);

    ColourBar bar;
    bar.visible = true;
    bar.map = matrix.diverging ? Colormap::Diverging : Colormap::Viridis;
    bar.low = matrix.minValue;
    bar.high = matrix.maxValue;
    if (matrix.diverging) {
        const double reach = std::max(std::abs(bar.low), std::abs(bar.high));
        bar.low = -reach;
        bar.high = reach;
    }
    if (!std::isfinite(bar.low) || !std::isfinite(bar.high) || !(bar.high > bar.low)) {
        const double centre = std::isfinite(bar.low) ? bar.low : 0;
        bar.low = matrix.diverging ? -1 : centre - 0.5;
        bar.high = matrix.diverging ? 1 : centre + 0.5;
    }
    bar.title = titleWithUnit(matrix.valueLabel.empty() ? tr("value") : QString::fromStdString(matrix.valueLabel),
                              QString::fromStdString(matrix.unit));

    if (!valid) {
        setColourBar(bar);
        setImage(QImage());
        return;
    }
    QImage image(columns, rows, QImage::Format_RGB32);
    const double span = bar.high - bar.low;
    for (int r = 0; r < rows; ++r) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        for (int c = 0; c < columns; ++c) {
            const double v = m_matrix.at(r, c);
            if (std::isnan(v))
                ++bar.nanCount;
            line[c] = colormapRgb(bar.map, (v - bar.low) / span);
        }
    }
    setColourBar(bar);
    setImage(std::move(image));
}

QPoint HeatmapPlot::cellAt(const QPoint& position) const
{
    const QRect plot = plotRect();
    if (m_matrix.rows <= 0 || !plot.contains(position))
        return {-1, -1};
    const int column = std::min(m_matrix.columns - 1, int((position.x() - plot.left()) * double(m_matrix.columns) /
                                                          plot.width()));
    const int row = std::min(m_matrix.rows - 1, int((position.y() - plot.top()) * double(m_matrix.rows) /
                                                    plot.height()));
    return {column, row};
}

QString HeatmapPlot::toolTipAt(const QPoint& position) const
{
    const QPoint cell = cellAt(position);
    if (cell.x() < 0)
        return {};
    const int row = cell.y(), column = cell.x();
    const auto describe = [](const std::vector<std::string>& ticks, int i, int n, double low, double high,
                             const std::string& label, const std::string& unit) {
        QString text = QStringLiteral("%1 %2").arg(QString::fromStdString(label)).arg(i);
        if (int(ticks.size()) == n)
            text += QStringLiteral(" “%1”").arg(QString::fromStdString(ticks[i]));
        else if (hasExplicitBounds(low, high))
            text += QStringLiteral(" (%1 %2)").arg(number(cellCentre(i, n, low, high)),
                                                     QString::fromStdString(unit)).trimmed();
        return text;
    };
    const float value = m_matrix.at(row, column);
    const QString valueText = std::isnan(value) ? QStringLiteral("NaN")
                                                : QStringLiteral("%1 %2").arg(number(value),
                                                                             QString::fromStdString(m_matrix.unit));
    return QStringLiteral("%1, %2: %3")
        .arg(describe(m_matrix.rowTicks, row, m_matrix.rows, m_matrix.rowMin, m_matrix.rowMax, m_matrix.rowLabel,
                      m_matrix.rowUnit),
             describe(m_matrix.columnTicks, column, m_matrix.columns, m_matrix.columnMin, m_matrix.columnMax,
                      m_matrix.columnLabel, m_matrix.columnUnit),
             valueText.trimmed());
}

bool HeatmapPlot::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return ImagePlot::event(event);
}

QList<DataSeries> HeatmapPlot::dataSeries() const
{
    QList<DataSeries> out;
    const QString xLabel = xAxis().title;
    const QString value = colourBar().title;
    for (int r = 0; r < m_matrix.rows; ++r) {
        DataSeries s;
        s.plot = title().isEmpty() ? objectName() : title();
        s.series = QStringLiteral("%1 %2").arg(QString::fromStdString(m_matrix.rowLabel)).arg(r);
        if (int(m_matrix.rowTicks.size()) == m_matrix.rows)
            s.series += QStringLiteral(" (%1)").arg(QString::fromStdString(m_matrix.rowTicks[r]));
        else if (hasExplicitBounds(m_matrix.rowMin, m_matrix.rowMax))
            s.series += QStringLiteral(" at %1").arg(number(cellCentre(r, m_matrix.rows, m_matrix.rowMin,
                                                                        m_matrix.rowMax)));
        s.xLabel = xLabel;
        s.yLabel = value;
        for (int c = 0; c < m_matrix.columns; ++c)
            s.points.append({cellCentre(c, m_matrix.columns, m_matrix.columnMin, m_matrix.columnMax),
                             double(m_matrix.at(r, c))});
        out.append(std::move(s));
    }
    return out;
}

}  // namespace neuroai::widgets
