#include "widgets/RasterPlot.h"

#include "engine/core/RasterBinning.h"
#include "widgets/PlotStyle.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

namespace {
const QColor& okabeIto(int i)
{
    static const QColor order[] = {palette::blue,    palette::vermillion, palette::bluishGreen, palette::reddishPurple,
                                   palette::orange,  palette::skyBlue,    palette::yellow,      palette::black};
    return order[std::size_t(i) % std::size(order)];
}

QString populationName(const RasterImage& raster, int population)
{
    if (std::size_t(population) < raster.populationNames.size())
        return QString::fromStdString(raster.populationNames[population]);
    return QObject::tr("population %1").arg(population);
}
}  // namespace

RasterPlot::RasterPlot(QWidget* parent)
    : ImagePlot(parent)
{
    setObjectName(QStringLiteral("raster"));
    setTitle(tr("Spike raster"));
    setRaster(RasterImage{});
}

QColor RasterPlot::populationColour(int population) const
{
    if (std::size_t(population) < m_raster.populationRgb.size() && m_raster.populationRgb[population] != 0)
        return QColor::fromRgb(QRgb(m_raster.populationRgb[population]));
    if (m_raster.populationNames.empty() && m_raster.populationRgb.empty())
        return palette::black;  // one unnamed population
    return okabeIto(population);
}

QRgb RasterPlot::countColour(const QColor& population, int count, int maxCount)
{
    if (count <= 0)
        return qRgb(255, 255, 255);
    const double level = maxCount <= 1 ? 1.0
                                       : 0.35 + 0.65 * std::log1p(std::min(count, maxCount)) / std::log1p(maxCount);
    const auto mix = [level](int c) { return int(std::lround(255 + (c - 255) * level)); };
    return qRgb(mix(population.red()), mix(population.green()), mix(population.blue()));
}

void RasterPlot::setAxesFor(const RasterImage& raster)
{
    ImageAxis x{tr("t (ms)"), raster.t0Ms, raster.t1Ms, {}};
    ImageAxis y{tr("neuron"), double(raster.firstNeuron), double(raster.lastNeuron), {}};
    if (!(x.high > x.low) || !std::isfinite(x.low) || !std::isfinite(x.high)) {
        x.low = 0;
        x.high = 1;
    }
    if (!(y.high > y.low)) {
        y.low = 0;
        y.high = 1;
    }
    setAxes(x, y);
}

void RasterPlot::setRaster(const RasterImage& raster)
{
    m_raster = raster;
    const bool valid = !raster.isEmpty() && raster.counts.size() >= std::size_t(raster.width) * raster.height;
    setAxesFor(raster);
    if (!valid) {
        m_raster.width = m_raster.height = 0;
        setImage(QImage());
        return;
    }
    int maxCount = 0;
    for (const std::uint16_t c : raster.counts)
        maxCount = std::max<int>(maxCount, c);
    // One colour table per population for the counts that occur (a log per pixel would cost more than the rest of
    // the frame: 64,000 neurons fill most of the 800 000 pixels of a full-screen raster).
    const int lutSize = std::min(maxCount, 4095) + 1;
    std::vector<std::vector<QRgb>> tables;
    // Two images used in turn: the plot holds the one drawn last, the other is written without a new allocation (a
    // raster is hundreds of kilobytes, and a fresh one per frame cost page faults on every frame).
    QImage& image = m_buffers[m_nextBuffer];
    m_nextBuffer = 1 - m_nextBuffer;
    if (image.width() != raster.width || image.height() != raster.height || image.isDetached() == false)
        image = QImage(raster.width, raster.height, QImage::Format_RGB32);
    for (int row = 0; row < raster.height; ++row) {
        const int population = raster.populationOfRow(row);
        if (std::size_t(population) >= tables.size())
            tables.resize(std::size_t(population) + 1);
        std::vector<QRgb>& table = tables[std::size_t(population)];
        const QColor colour = populationColour(population);
        if (table.empty())
            for (int count = 0; count < lutSize; ++count)
                table.push_back(countColour(colour, count, maxCount));
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(raster.height - 1 - row));  // first neuron at the bottom
        const std::uint16_t* counts = raster.counts.data() + std::size_t(row) * std::size_t(raster.width);
        for (int column = 0; column < raster.width; ++column)
            line[column] = counts[column] < lutSize ? table[counts[column]] : countColour(colour, counts[column], maxCount);
    }
    setImage(image);
}

void RasterPlot::setSpikes(std::span<const double> timesMs, std::span<const int> neurons, double t0Ms, double t1Ms,
                           int firstNeuron, int lastNeuron)
{
    // The tick labels of the new neuron range decide the plot's width: lay the axes out first, then bin.
    RasterImage frame;
    frame.t0Ms = t0Ms;
    frame.t1Ms = t1Ms;
    frame.firstNeuron = firstNeuron;
    frame.lastNeuron = lastNeuron;
    setAxesFor(frame);
    const QSize pixels = plotRect().size() * devicePixelRatioF();
    setRaster(binSpikes(timesMs, neurons, t0Ms, t1Ms, firstNeuron, lastNeuron, std::max(1, pixels.width()),
                        std::max(1, pixels.height())));
}

double RasterPlot::sideWidth() const
{
    if (m_raster.populationNames.empty())
        return 0;
    const QFontMetricsF labels(PlotStyle::labelFont());
    double widest = 0;
    for (int p = 0; p < int(m_raster.populationNames.size()); ++p)
        widest = std::max(widest, labels.horizontalAdvance(populationName(m_raster, p)));
    return 12 * PlotStyle::presentationScale() + labels.height() + 6 + widest + 6;
}

void RasterPlot::paintSide(QPainter& painter, const QRectF& side)
{
    const QFontMetricsF labels(PlotStyle::labelFont());
    painter.setFont(PlotStyle::labelFont());
    const double left = side.left() + 12 * PlotStyle::presentationScale();
    const double box = labels.height() * 0.75;
    double y = side.top();
    for (int p = 0; p < int(m_raster.populationNames.size()); ++p) {
        painter.fillRect(QRectF(left, y + (labels.height() - box) / 2, box, box), populationColour(p));
        painter.setPen(palette::black);
        painter.drawText(QRectF(left + box + 6, y, side.right() - left - box - 6, labels.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, populationName(m_raster, p));
        y += labels.height() * 1.3;
    }
}

QList<DataSeries> RasterPlot::dataSeries() const
{
    QList<DataSeries> out;
    if (m_raster.isEmpty())
        return out;
    const double bin = m_raster.binMs();
    for (int row = 0; row < m_raster.height; ++row) {
        DataSeries s;
        s.plot = title();
        const int first = m_raster.rowFirstNeuron(row), last = m_raster.rowFirstNeuron(row + 1) - 1;
        s.series = first == last ? tr("neuron %1").arg(first) : tr("neurons %1–%2").arg(first).arg(last);
        if (!m_raster.populationNames.empty())
            s.series += QStringLiteral(" (%1)").arg(populationName(m_raster, m_raster.populationOfRow(row)));
        s.xLabel = tr("t (ms), bin centre");
        s.yLabel = tr("spikes in bin");
        for (int column = 0; column < m_raster.width; ++column)
            if (const int count = m_raster.at(row, column); count > 0)
                s.points.append({m_raster.t0Ms + (column + 0.5) * bin, double(count)});
        if (!s.points.isEmpty())
            out.append(std::move(s));
    }
    return out;
}

}  // namespace neuroai::widgets
