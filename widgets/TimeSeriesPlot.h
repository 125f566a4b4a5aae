#pragma once

#include "engine/core/Frame.h"
#include "widgets/PlotView.h"

#include <optional>
#include <utility>

QT_BEGIN_NAMESPACE
class QAction;
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
//
// The time axis zooms with the mouse wheel (about the time under the cursor) and pans by dragging; a double-click
// or the context menu's "Reset view" returns to the live window, which follows the simulation. While zoomed the
// view stays put as frames arrive. timeViewChanged() lets stacked plots share one view.
class TimeSeriesPlot : public PlotView {
    Q_OBJECT
public:
    explicit TimeSeriesPlot(QWidget* parent = nullptr);

    void setYRange(double low, double high);
    void setThreshold(std::optional<double> value, const QString& label = QString());
    void setTraceName(const QString& name);
    // Also draws channel `channel` of every frame as a second line (a population's rate beside another's); -1: none.
    void setSecondChannel(int channel, const QString& name);
    // Spike markers along the top (default on). Off for plots of population signals, whose spikes are a raster's.
    void setSpikeMarkersShown(bool shown);

    // Shows channel `channel` of `frame` over [max(0, windowStart), ...] with a fixed window length.
    void showFrame(const Frame& frame, int channel = 0);
    void clear();

    int plotColumns() const;

    // Time-axis view. zoomTime(0.5, t) halves the visible span about t; panTime shifts it by `deltaMs`.
    bool isZoomed() const { return m_view.has_value(); }
    void zoomTime(double factor, double centreMs);
    void panTime(double deltaMs);
    // Shows [lowMs, highMs] (a zoomed view) without emitting timeViewChanged.
    void setTimeView(double lowMs, double highMs);
    // Back to the live window: the last frame's, followed from now on.
    void resetView();
    QAction* resetViewAction() const { return m_resetView; }
    QLineSeries* traceSeries() const { return m_trace; }
    QScatterSeries* spikeSeries() const { return m_spikes; }
    QLineSeries* thresholdSeries() const { return m_threshold; }

signals:
    void plotColumnsChanged(int columns);
    // The user zoomed or panned (zoomed = true, the range shown) or reset the view (zoomed = false).
    void timeViewChanged(double lowMs, double highMs, bool zoomed);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void styleSeries() override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    double pinOrigin() const override { return m_windowStart; }

private:
    void placeSpikes();
    void placeThreshold();
    void showTimeRange(double low, double high);
    void setView(double low, double high, bool notify);

    QLineSeries* m_trace = nullptr;
    QLineSeries* m_second = nullptr;  // created by setSecondChannel
    int m_secondChannel = -1;
    bool m_spikeMarkers = true;
    QScatterSeries* m_spikes = nullptr;
    QLineSeries* m_threshold = nullptr;
    std::optional<double> m_thresholdValue;
    std::vector<double> m_spikeTimes;
    int m_lastColumns = 0;
    std::optional<std::pair<double, double>> m_view;  // the zoomed/panned range; none = follow the simulation
    std::pair<double, double> m_live{0, 500};        // the last frame's window
    std::optional<QPointF> m_dragFrom;                // press position of a pan
    std::pair<double, double> m_dragRange{0, 0};
    QAction* m_resetView = nullptr;
    double m_windowStart = 0;  // left edge of the shown window (ms); pinned traces follow it
};

}  // namespace neuroai::widgets
