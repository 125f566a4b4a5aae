#pragma once

#include "engine/core/Frame.h"
#include "widgets/PlotView.h"

#include <optional>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QScatterSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// A sliding-window plot of one recorded channel with spike markers.
//
// It draws what the engine sends in a Frame: the trace is already min/max-decimated on the engine thread to the
// plot's pixel width (plotColumns(); plotColumnsChanged() tells the controller when that changes), so an update is
// one QXYSeries::replace() of at most 2·width points whatever the simulation speed. Spikes are triangles along the
// top of the plot at their interpolated times, at most one per pixel column (plotColumns() + 1 markers at most,
// whatever the firing rate); an optional dashed line marks the threshold.
class TimeSeriesPlot : public PlotView {
    Q_OBJECT
public:
    explicit TimeSeriesPlot(QWidget* parent = nullptr);

    void setYRange(double low, double high);
    void setThreshold(std::optional<double> value, const QString& label = QString());
    void setTraceName(const QString& name);

    // Shows channel `channel` of `frame` over [max(0, windowStart), ...] with a fixed window length.
    void showFrame(const Frame& frame, int channel = 0);
    void clear();

    int plotColumns() const;
    QLineSeries* traceSeries() const { return m_trace; }
    QScatterSeries* spikeSeries() const { return m_spikes; }
    QLineSeries* thresholdSeries() const { return m_threshold; }

signals:
    void plotColumnsChanged(int columns);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void styleSeries() override;
    double pinOrigin() const override { return m_windowStart; }

private:
    void placeSpikes();
    void placeThreshold();

    QLineSeries* m_trace = nullptr;
    QScatterSeries* m_spikes = nullptr;
    QLineSeries* m_threshold = nullptr;
    std::optional<double> m_thresholdValue;
    std::vector<double> m_spikeTimes;
    int m_lastColumns = 0;
    double m_windowStart = 0;  // left edge of the shown window (ms); pinned traces follow it
};

}  // namespace neuroai::widgets
