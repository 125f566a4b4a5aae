#pragma once

#include "widgets/PlotView.h"

#include <QColor>
#include <QList>
#include <QPointF>

#include <vector>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QLogValueAxis;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// A plot of a few named series of the caller's choosing (lines, dashed reference lines, markers, an operating
// point), on a linear or a logarithmic x axis (and optionally a logarithmic y axis, for power laws on log-log axes). Made for curves computed in one go (the chapter 1 panels), so there
// is no streaming here: each series is replaced as a whole. Styled by PlotStyle like every plot in the app.
class XYPlot : public PlotView {
    Q_OBJECT
public:
    enum class Style { Line, Dashed, Markers, Diamond, Bars };

    explicit XYPlot(bool logX, QWidget* parent = nullptr, bool logY = false);

    void setAxisTitles(const QString& x, const QString& y);
    // Adds a series (in legend order). An empty name keeps it out of the legend.
    QXYSeries* addSeries(const QString& name, Style style, const QColor& colour);
    void setPoints(QXYSeries* series, const QList<QPointF>& points);
    void setInLegend(QXYSeries* series, bool shown);
    // Gives a series another colour (kept when the plot is restyled, e.g. for presentation mode).
    void setSeriesColour(QXYSeries* series, const QColor& colour);
    void setXRange(double low, double high);
    void setYRange(double low, double high);
    QAbstractAxis* horizontalAxis() const;
    QAbstractAxis* verticalAxis() const;
    bool isLogX() const { return m_logX != nullptr; }
    bool isLogY() const { return m_logY != nullptr; }
    // A round axis top a little above `value`: the next multiple of a nice step (about five ticks).
    static double niceTop(double value);

protected:
    void styleSeries() override;

private:
    struct Entry {
        QXYSeries* series;
        Style style;
        QColor colour;
    };
    std::vector<Entry> m_entries;
    QLogValueAxis* m_logX = nullptr;
    QLogValueAxis* m_logY = nullptr;
};

}  // namespace neuroai::widgets
