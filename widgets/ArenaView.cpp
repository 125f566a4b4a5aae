#include "widgets/ArenaView.h"

#include "widgets/HeatmapPlot.h"
#include "widgets/PlotStyle.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace neuroai::widgets {

namespace {
bool finitePoint(const ArenaPoint& p) { return std::isfinite(p.x) && std::isfinite(p.y); }
QString number(double value) { return QLocale::c().toString(value, 'g', 6); }
}  // namespace

ArenaView::ArenaView(QWidget* parent)
    : ImagePlot(parent)
{
    setObjectName(QStringLiteral("arena"));
    setTitle(tr("Arena"));
    setKeepAspect(true);
    setScene(ArenaScene{});
}

void ArenaView::setScene(const ArenaScene& scene)
{
    m_scene = scene;
    ArenaScene& s = m_scene;
    if (!std::isfinite(s.xMin) || !std::isfinite(s.xMax) || !(s.xMax > s.xMin)) {
        s.xMin = 0;
        s.xMax = 1;
    }
    if (!std::isfinite(s.yMin) || !std::isfinite(s.yMax) || !(s.yMax > s.yMin)) {
        s.yMin = 0;
        s.yMax = 1;
    }
    setAxes({tr("x (cm)"), s.xMin, s.xMax, {}}, {tr("y (cm)"), s.yMin, s.yMax, {}});

    ColourBar bar;
    QImage image;
    if (s.rateMap && !s.rateMap->isEmpty()) {
        const MatrixImage& map = *s.rateMap;
        bar.visible = true;
        bar.map = Colormap::Viridis;
        bar.low = map.minValue;
        bar.high = map.maxValue;
        if (!std::isfinite(bar.low) || !std::isfinite(bar.high) || !(bar.high > bar.low)) {
            bar.low = 0;
            bar.high = 1;
        }
        bar.title = titleWithUnit(map.valueLabel.empty() ? tr("rate") : QString::fromStdString(map.valueLabel),
                                  QString::fromStdString(map.unit));
        image = QImage(map.columns, map.rows, QImage::Format_RGB32);
        for (int r = 0; r < map.rows; ++r) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(map.rows - 1 - r));  // row 0 at yMin, the bottom
            for (int c = 0; c < map.columns; ++c) {
                const double v = map.at(r, c);
                if (std::isnan(v))
                    ++bar.nanCount;
                line[c] = colormapRgb(bar.map, (v - bar.low) / (bar.high - bar.low));
            }
        }
    } else {
        s.rateMap.reset();
    }
    setColourBar(bar);
    setImage(std::move(image));
}

QPointF ArenaView::agentPosition() const
{
    if (!m_scene.agent || !finitePoint(*m_scene.agent))
        return {};
    return mapToWidget(m_scene.agent->x, m_scene.agent->y);
}

double ArenaView::scaleBarCm() const { return niceStep((m_scene.xMax - m_scene.xMin) / 5.0 * 0.8); }

void ArenaView::paintOverlay(QPainter& painter, const QRect& plot)
{
    const double s = PlotStyle::presentationScale();
    const auto at = [this](const ArenaPoint& p) { return mapToWidget(p.x, p.y); };

    // Trajectory: older segments fainter.
    const std::vector<ArenaPoint>& path = m_scene.trajectory;
    const std::size_t n = path.size();
    for (std::size_t i = 1; i < n; ++i) {
        if (!finitePoint(path[i - 1]) || !finitePoint(path[i]))
            continue;
        QColor colour = palette::skyBlue.darker(115);
        colour.setAlphaF(0.12 + 0.88 * double(i) / double(n - 1));
        painter.setPen(PlotStyle::pen(colour, 1.0));
        painter.drawLine(at(path[i - 1]), at(path[i]));
    }

    QPen wall(palette::black);
    wall.setWidthF(2.5 * s);
    wall.setCapStyle(Qt::RoundCap);
    painter.setPen(wall);
    for (const ArenaWall& w : m_scene.walls)
        if (finitePoint(w.a) && finitePoint(w.b))
            painter.drawLine(at(w.a), at(w.b));

    const double marker = 6 * s;
    painter.setBrush(Qt::NoBrush);
    painter.setPen(PlotStyle::pen(palette::bluishGreen, 1.4));
    for (const ArenaPoint& g : m_scene.goals)
        if (finitePoint(g)) {
            painter.drawEllipse(at(g), marker * 1.4, marker * 1.4);
            painter.drawEllipse(at(g), marker * 0.5, marker * 0.5);
        }
    painter.setPen(PlotStyle::pen(palette::black, 0.5));
    painter.setBrush(palette::orange);
    for (const ArenaPoint& r : m_scene.rewards)
        if (finitePoint(r)) {
            const QPointF c = at(r);
            painter.drawPolygon(QPolygonF({c + QPointF(0, -marker), c + QPointF(marker, 0), c + QPointF(0, marker),
                                           c + QPointF(-marker, 0)}));
        }

    if (m_scene.agent && finitePoint(*m_scene.agent)) {
        const QPointF c = at(*m_scene.agent);
        const double heading = std::isfinite(m_scene.headingRad) ? m_scene.headingRad : 0.0;
        // Screen y points down: a counter-clockwise heading turns the other way on screen.
        const QPointF forward(std::cos(heading), -std::sin(heading));
        const QPointF across(-forward.y(), forward.x());
        const double length = 2.2 * marker;
        QPolygonF arrow({c + forward * length, c - forward * length * 0.6 + across * length * 0.6,
                         c - forward * length * 0.3, c - forward * length * 0.6 - across * length * 0.6});
        painter.setPen(PlotStyle::pen(palette::black, 0.6));
        painter.setBrush(palette::vermillion);
        painter.drawPolygon(arrow);
    }

    // Scale bar in the lower left corner, on a white card so it reads over the rate map.
    const double px = scaleBarPixels();
    const QRectF card = scaleBarCardIn(plot);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(255, 255, 255, 210));
    painter.drawRect(card);
    const double barY = card.bottom() - 5 * s;
    QPen bar(palette::black);
    bar.setWidthF(2.5 * s);
    bar.setCapStyle(Qt::FlatCap);
    painter.setPen(bar);
    painter.drawLine(QPointF(card.left() + 4 * s, barY), QPointF(card.left() + 4 * s + px, barY));
    painter.setFont(PlotStyle::labelFont());
    painter.setPen(palette::black);
    // The label is centred on the card, which is as wide as the wider of bar and label (a short bar's label used to
    // be centred on the bar alone and spilled past the card and the plot's left edge).
    painter.drawText(scaleBarLabelRectIn(card), Qt::AlignCenter, scaleBarLabel());
}

QString ArenaView::scaleBarLabel() const { return tr("%1 cm").arg(number(scaleBarCm())); }

double ArenaView::scaleBarPixels() const
{
    return mapToWidget(m_scene.xMin + scaleBarCm(), 0).x() - mapToWidget(m_scene.xMin, 0).x();
}

QRectF ArenaView::scaleBarCardIn(const QRect& plot) const
{
    const double s = PlotStyle::presentationScale();
    const QFontMetricsF fm(PlotStyle::labelFont());
    const double inner = std::max(scaleBarPixels(), fm.horizontalAdvance(scaleBarLabel()));
    return QRectF(plot.left() + 8 * s, plot.bottom() - 8 * s - fm.height() - 10 * s, inner + 8 * s,
                  fm.height() + 10 * s);
}

QRectF ArenaView::scaleBarLabelRectIn(const QRectF& card)
{
    return QRectF(card.left(), card.top() + 1, card.width(), QFontMetricsF(PlotStyle::labelFont()).height());
}

QRectF ArenaView::scaleBarCard() const { return scaleBarCardIn(plotRect()); }
QRectF ArenaView::scaleBarLabelRect() const { return scaleBarLabelRectIn(scaleBarCard()); }

QList<DataSeries> ArenaView::dataSeries() const
{
    QList<DataSeries> out;
    const QString plot = title();
    const QString x = tr("x (cm)"), y = tr("y (cm)");
    const auto series = [&](const QString& name, const std::vector<ArenaPoint>& points) {
        DataSeries s{plot, name, x, y, {}};
        for (const ArenaPoint& p : points)
            s.points.append({p.x, p.y});
        if (!s.points.isEmpty())
            out.append(std::move(s));
    };
    std::vector<ArenaPoint> wallEnds;
    for (const ArenaWall& w : m_scene.walls) {
        wallEnds.push_back(w.a);
        wallEnds.push_back(w.b);
    }
    series(tr("walls (segment end points in pairs)"), wallEnds);
    series(tr("trajectory"), m_scene.trajectory);
    if (m_scene.agent)
        series(tr("agent (heading %1 rad)").arg(number(m_scene.headingRad)), {*m_scene.agent});
    series(tr("goals"), m_scene.goals);
    series(tr("rewards"), m_scene.rewards);
    if (m_scene.rateMap) {
        const MatrixImage& map = *m_scene.rateMap;
        const double cellX = (m_scene.xMax - m_scene.xMin) / map.columns;
        const double cellY = (m_scene.yMax - m_scene.yMin) / map.rows;
        for (int r = 0; r < map.rows; ++r) {
            DataSeries s{plot, tr("rate map at y = %1 cm").arg(number(m_scene.yMin + (r + 0.5) * cellY)), x,
                         colourBar().title, {}};
            for (int c = 0; c < map.columns; ++c)
                s.points.append({m_scene.xMin + (c + 0.5) * cellX, double(map.at(r, c))});
            out.append(std::move(s));
        }
    }
    return out;
}

}  // namespace neuroai::widgets
