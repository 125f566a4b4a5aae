#pragma once

#include <QChartView>

#include <initializer_list>

QT_BEGIN_NAMESPACE
class QValueAxis;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// Base of the app's plots: a QChartView with a chart styled by PlotStyle. applyStyle() re-applies fonts, line widths
// and marker sizes after PlotStyle's presentation scale changes (presentation mode); restyleAll() does it for every
// plot under a widget.
class PlotView : public QChartView {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setAxisTitles(const QString& x, const QString& y);
    QValueAxis* xAxis() const { return m_x; }
    QValueAxis* yAxis() const { return m_y; }

    void applyStyle();
    static void restyleAll(QWidget* root);

protected:
    // Pens and marker sizes of the derived plot's series, from PlotStyle. Called by applyStyle(); derived
    // constructors call it once after creating their series.
    virtual void styleSeries() = 0;
    // Adds the plot's series to the chart, attached to the x axis (bottom) and y axis (left).
    void addSeries(std::initializer_list<QXYSeries*> series);

    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};

}  // namespace neuroai::widgets
