#pragma once

#include <QMargins>
#include <QObject>
#include <QPointer>

#include <vector>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace neuroai::widgets {

// Keeps the plot areas of charts stacked on one shared axis (e.g. a voltage trace above its input current) at the
// same left edge and width, whatever the width of each chart's y tick labels: each chart gets extra left/right
// margin so its plot area matches the narrowest common one. Qt Charts lays each chart out on its own, so without
// this a "−100" label on one plot and a "0.5" label on the other shift their time axes against each other.
// Realigns whenever a chart's plot area changes (resize, new tick labels, restyle). Owned by `parent`.
class PlotAreaAligner : public QObject {
    Q_OBJECT
public:
    PlotAreaAligner(std::vector<QChartView*> views, QObject* parent);
    // Aligns now (also called by itself after every layout change).
    void align();

private:
    struct Entry {
        QPointer<QChartView> view;
        QMargins base;   // the margins the chart's style set (without our additions)
        QMargins applied; // what we last set
    };
    std::vector<Entry> m_entries;
    bool m_pending = false;
};

}  // namespace neuroai::widgets
