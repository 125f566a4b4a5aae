#pragma once

#include <QChartView>

namespace neuroai::widgets {

// Base of the app's plots: a QChartView with a chart styled by PlotStyle. applyStyle() re-applies fonts, line widths
// and marker sizes after PlotStyle's presentation scale changes (presentation mode); restyleAll() does it for every
// plot under a widget.
class PlotView : public QChartView {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    void applyStyle();
    static void restyleAll(QWidget* root);

protected:
    // Pens and marker sizes of the derived plot's series, from PlotStyle. Called by applyStyle(); derived
    // constructors call it once after creating their series.
    virtual void styleSeries() = 0;
};

}  // namespace neuroai::widgets
