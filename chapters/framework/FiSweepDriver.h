#pragma once

#include "engine/analysis/FiSweep.h"

#include <QList>
#include <QObject>
#include <QPointF>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace neuroai::widgets {
class CurvePlot;
}

namespace neuroai::chapters {

// What one f-I sweep runs: fresh models from `factory` with `base` parameters, one per input in `inputs`, each for
// `durationMs`, with `seed`.
struct FiSweepSetup {
    std::function<std::unique_ptr<Model>()> factory;
    ParamSet base;
    std::vector<double> inputs;
    double durationMs = 2000;
    std::uint64_t seed = 1;
};

// The f-I sweep of a panel, run in the background and streamed into a CurvePlot: schedule() after every parameter
// change (a drag starts one sweep, 150 ms after it stops, not one per value), points drained 30 times a second as they
// come, points cut short by the sweep's budget ringed, a failure reported. `setup` is asked for what to sweep when
// the sweep starts; `rate` turns a computed point into the plotted firing rate (Hz).
class FiSweepDriver : public QObject {
    Q_OBJECT
public:
    FiSweepDriver(widgets::CurvePlot& plot, std::function<FiSweepSetup()> setup,
                  std::function<double(const FiPoint&)> rate, QObject* parent = nullptr);

    void schedule();
    void startNow();
    // Cancels and joins a running sweep and clears the plot's points (e.g. the model changes).
    void stop();
    // Starts a sweep if one is due or none ran, waits for it and shows all its points (headless export, tests).
    void finishNow();
    bool finished() const;
    // The plotted points of the current sweep, in order.
    const QList<QPointF>& points() const { return m_points; }

signals:
    void failed(const QString& message);

private:
    void drain();

    widgets::CurvePlot& m_plot;
    std::function<FiSweepSetup()> m_setup;
    std::function<double(const FiPoint&)> m_rate;
    std::unique_ptr<FiSweep> m_sweep;
    QList<QPointF> m_points;
    QTimer m_debounce;
    QTimer m_drain;
};

}  // namespace neuroai::chapters
