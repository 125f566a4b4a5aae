#pragma once

#include "widgets/PlotView.h"

#include <QList>
#include <QPointF>

#include <optional>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QScatterSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// A measured curve (markers, streamed in point by point) over a reference curve (a line, e.g. an analytic
// solution), with an optional highlighted operating point. Used for f-I curves and any "simulation vs theory" plot.
// The y axis grows to a nice bound above the data; the x range is set by the caller.
class CurvePlot : public PlotView {
    Q_OBJECT
public:
    explicit CurvePlot(QWidget* parent = nullptr);

    void setSeriesNames(const QString& measured, const QString& reference, const QString& operatingPoint);
    void setXRange(double low, double high);

    // Clears the measured points and their cut-short rings.
    void clearMeasured();
    void addMeasured(const QList<QPointF>& points);
    // Rings measured points that were cut short (e.g. an f-I point that hit its FiBudget): their value is measured
    // over a shorter run than the others. The legend names the ring only while there is one.
    void markCutShort(const QList<QPointF>& points);
    void setReference(const QList<QPointF>& points);
    void setOperatingPoint(std::optional<QPointF> point);

    QScatterSeries* measuredSeries() const { return m_measured; }
    QLineSeries* referenceSeries() const { return m_reference; }
    QScatterSeries* operatingPointSeries() const { return m_operating; }
    QScatterSeries* cutShortSeries() const { return m_cutShort; }

protected:
    void styleSeries() override;

private:
    void rescaleY();

    QScatterSeries* m_measured = nullptr;
    QLineSeries* m_reference = nullptr;
    QScatterSeries* m_operating = nullptr;
    QScatterSeries* m_cutShort = nullptr;
};

}  // namespace neuroai::widgets
