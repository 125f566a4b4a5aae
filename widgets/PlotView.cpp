#include "widgets/PlotView.h"

#include "widgets/ImagePlot.h"
#include "widgets/PlotStyle.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QFontMetricsF>
#include <QRegularExpression>
#include <QTextDocumentFragment>
#include <QValueAxis>

#include <algorithm>

namespace neuroai::widgets {

PlotView::PlotView(QWidget* parent)
    : QChartView(parent)
{
    QChart* chart = PlotStyle::createChart(this);
    m_x = new QValueAxis(chart);
    m_y = new QValueAxis(chart);
    // Queued: the new plot area is known once the layout pass is over, and a title changed inside it would
    // re-enter the layout.
    connect(chart, &QChart::plotAreaChanged, this, &PlotView::fitAxisTitles, Qt::QueuedConnection);
}

namespace {
const char* const kFullTitleProperty = "neuroaiFullTitle";
}  // namespace

QString PlotView::shortAxisTitle(const QString& title)
{
    // The last word before the unit in parentheses, with the unit: "Membrane potential V (mV)" → "V (mV)".
    static const QRegularExpression pattern(QStringLiteral("^.*\\s(\\S+\\s\\([^()]*\\))\\s*$"));
    const QRegularExpressionMatch match = pattern.match(title);
    return match.hasMatch() && match.captured(1) != title ? match.captured(1) : QString();
}

void PlotView::fitAxisTitles()
{
    if (m_fittingTitles)
        return;
    m_fittingTitles = true;
    const QRectF area = chart()->plotArea();
    for (QAbstractAxis* axis : chart()->axes()) {
        // The full title is whatever the code last set: a shown title that is neither the remembered full one nor
        // its short form was set since.
        QString full = axis->property(kFullTitleProperty).toString();
        const QString shown = axis->titleText();
        if (full.isEmpty() || (shown != full && shown != shortAxisTitle(full))) {
            full = shown;
            axis->setProperty(kFullTitleProperty, full);
        }
        const QString shorter = shortAxisTitle(full);
        if (shorter.isEmpty() || !axis->isTitleVisible())
            continue;
        const double length = axis->orientation() == Qt::Vertical ? area.height() : area.width();
        const QString plainFull = QTextDocumentFragment::fromHtml(full).toPlainText();
        const bool fits = QFontMetricsF(axis->titleFont()).horizontalAdvance(plainFull) + 2 <= length;
        const QString wanted = fits ? full : shorter;
        if (shown != wanted)
            axis->setTitleText(wanted);
    }
    m_fittingTitles = false;
}

void PlotView::setTitle(const QString& title) { chart()->setTitle(title); }

void PlotView::setAxisTitles(const QString& x, const QString& y)
{
    m_x->setTitleText(x);
    m_y->setTitleText(y);
}

void PlotView::addSeries(std::initializer_list<QXYSeries*> series)
{
    PlotStyle::addSeriesWithAxes(chart(), series, m_x, m_y, m_x->titleText(), m_y->titleText());
}

void PlotView::applyStyle()
{
    PlotStyle::styleChart(chart());
    for (QAbstractAxis* axis : chart()->axes())
        if (auto* value = qobject_cast<QValueAxis*>(axis))
            PlotStyle::styleAxis(value, value->titleText());
    styleSeries();
    styleGhosts();
}

namespace {
const char* const kNoPinProperty = "neuroaiNoPin";
const char* const kGhostProperty = "neuroaiGhost";
}  // namespace

void PlotView::excludeFromPins(QXYSeries* series) { series->setProperty(kNoPinProperty, true); }

int PlotView::pinTraces(const QString& label, int id)
{
    QList<QXYSeries*> sources;
    for (QAbstractSeries* s : chart()->series()) {
        auto* xy = qobject_cast<QXYSeries*>(s);
        if (xy && xy->isVisible() && xy->count() >= 2 && !xy->property(kNoPinProperty).toBool() &&
            !xy->property(kGhostProperty).toBool())
            sources << xy;
    }
    if (sources.isEmpty())
        return 0;
    removePin(id);
    if (int(m_pins.size()) >= kMaxPins)
        removePin(m_pins.front().id);
    const double origin = pinOrigin();
    Pin pin;
    pin.id = id;
    pin.label = label;
    for (QXYSeries* source : sources) {
        // A thin line also for markers (a line through the measured points): grey dots drawn over the live ones
        // would hide them where the curve did not change.
        QXYSeries* ghost = new QLineSeries(chart());
        ghost->setProperty(kGhostProperty, true);
        ghost->setName(label);
        Ghost g{ghost, source->name(), {}};
        g.relative.reserve(source->count());
        for (const QPointF& p : source->points())
            g.relative.append({p.x() - origin, p.y()});
        ghost->replace(source->points());
        chart()->addSeries(ghost);
        for (QAbstractAxis* axis : source->attachedAxes())
            ghost->attachAxis(axis);
        pin.ghosts.push_back(std::move(g));
    }
    m_pins.push_back(std::move(pin));
    styleGhosts();
    return int(sources.size());
}

void PlotView::clearPins()
{
    for (Pin& pin : m_pins)
        for (Ghost& g : pin.ghosts) {
            chart()->removeSeries(g.series);
            delete g.series;
        }
    m_pins.clear();
}

void PlotView::removePin(int id)
{
    for (auto it = m_pins.begin(); it != m_pins.end(); ++it) {
        if (it->id != id)
            continue;
        for (Ghost& g : it->ghosts) {
            chart()->removeSeries(g.series);
            delete g.series;
        }
        m_pins.erase(it);
        styleGhosts();
        return;
    }
}

void PlotView::setPinLabel(int id, const QString& label)
{
    for (Pin& pin : m_pins)
        if (pin.id == id) {
            pin.label = label;
            for (Ghost& g : pin.ghosts)
                g.series->setName(label);
            styleGhosts();  // a renamed series gets a fresh legend marker
        }
}

QList<PlotView::PinnedTrace> PlotView::pinnedTraces() const
{
    QList<PinnedTrace> out;
    for (const Pin& pin : m_pins)
        for (const Ghost& g : pin.ghosts)
            out.append({pin.label, g.source, g.series->points()});
    return out;
}

QList<QXYSeries*> PlotView::pinSeries() const
{
    QList<QXYSeries*> out;
    for (const Pin& pin : m_pins)
        for (const Ghost& g : pin.ghosts)
            out << g.series;
    return out;
}

void PlotView::placePins()
{
    const double origin = pinOrigin();
    for (Pin& pin : m_pins)
        for (Ghost& g : pin.ghosts) {
            QList<QPointF> points;
            points.reserve(g.relative.size());
            for (const QPointF& p : g.relative)
                points.append({p.x() + origin, p.y()});
            g.series->replace(points);
        }
}

void PlotView::styleGhosts()
{
    // Light grey, thin, a shade darker for newer pins so that several stay apart; one legend entry per pin.
    const int count = int(m_pins.size());
    for (int i = 0; i < count; ++i) {
        const int shade = std::min(150 + 16 * (count - 1 - i), 215);  // newest 150, older lighter
        const QColor grey(shade, shade, shade);
        bool first = true;
        for (Ghost& g : m_pins[std::size_t(i)].ghosts) {
            QPen pen(grey);
            pen.setWidthF(0.6 * PlotStyle::lineWidth());
            g.series->setPen(pen);
            for (QLegendMarker* marker : chart()->legend()->markers(g.series))
                marker->setVisible(first);
            first = false;
        }
    }
}

void PlotView::restyleAll(QWidget* root)
{
    for (PlotView* plot : root->findChildren<PlotView*>())
        plot->applyStyle();
    ImagePlot::restyleAll(root);  // the image plots read their fonts at paint time: they only need a repaint
}

}  // namespace neuroai::widgets
