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
    // The adaptation index describes the response's onset: it is taken over the first this-many intervals. Over
    // a long run the steady train dominates a mean over every pair and pulls any index to 0, so an adapting or an
    // accelerating cell would read "0.00" a few seconds after the change the index is meant to show.
    static constexpr int kAdaptationIntervals = 10;

    explicit IsiHistogramPlot(QWidget* parent = nullptr);

    // Shows `isis` (ms, in the order they occurred since the start or the last change: the adaptation index depends
    // on the order and reads the first kAdaptationIntervals of them).
    void setIntervals(const std::vector<double>& isis);
    void clear() { setIntervals({}); }

    int intervalCount() const { return int(m_isis.size()); }
    double adaptationIndex() const { return m_adaptation; }
    double cv() const { return m_cv; }
    double binMs() const { return m_binMs; }
    // Bin centres (ms) and counts.
    QList<QPointF> bins() const { return m_bins; }
    // The legend text, spelled out: "adaptation index 0.12 · ISI CV 0.05 · 23 intervals".
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
