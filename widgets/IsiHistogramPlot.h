#pragma once

#include "widgets/PlotView.h"

#include <QList>
#include <QPointF>

#include <vector>

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QLineSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// Histogram of inter-spike intervals (ms) with the train's adaptation index A and coefficient of variation CV
// (engine/analysis/SpikeStats.h) named in the legend. The bin width is a "nice" step (1, 2, 2.5, 5 × 10^k ms)
// giving about 25 bins up to the longest interval, so a burst's short intervals and the pauses between bursts
// both show; the bars are one filled staircase.
class IsiHistogramPlot : public PlotView {
    Q_OBJECT
public:
    explicit IsiHistogramPlot(QWidget* parent = nullptr);

    // Shows `isis` (ms, in the order they occurred: the adaptation index depends on the order).
    void setIntervals(const std::vector<double>& isis);
    void clear() { setIntervals({}); }

    int intervalCount() const { return int(m_isis.size()); }
    double adaptationIndex() const { return m_adaptation; }
    double cv() const { return m_cv; }
    double binMs() const { return m_binMs; }
    // Bin centres (ms) and counts.
    QList<QPointF> bins() const { return m_bins; }
    // The legend text, e.g. "A 0.12 · CV 0.05 · n 23" (A = adaptation index, n = number of intervals).
    QString summary() const;
    QAreaSeries* barSeries() const { return m_area; }

protected:
    void styleSeries() override;

private:
    std::vector<double> m_isis;
    double m_adaptation = 0, m_cv = 0, m_binMs = 1;
    QList<QPointF> m_bins;
    QLineSeries* m_upper = nullptr;
    QAreaSeries* m_area = nullptr;
};

}  // namespace neuroai::widgets
