#pragma once

#include <QString>
#include <QWidget>

#include <functional>
#include <vector>

namespace neuroai::chapters {
class SimulationController;
}

namespace neuroai::app {

// GUI frame times while a simulation streams: each tick of a 60 Hz timer drains the controller (which delivers the
// newest frame to the plots) and repaints the whole window synchronously, and the time from the tick's start to the
// end of the repaint is one frame — the GUI's real work per frame, an upper bound on what the event loop does.
struct FrameTimes {
    std::vector<double> frameMs;
    // The GUI thread's own CPU time for each frame: on a shared, loaded machine the wall-clock frame time also counts
    // the time other processes held the core, and this does not.
    std::vector<double> frameCpuMs;
    // Where the rest of a frame's wall time went (Linux; empty elsewhere). Run-queue wait is the time the GUI thread
    // was ready but not on a core (/proc/thread-self/schedstat); blocked is what remains of the wall time after CPU
    // and run-queue wait: sleeping on a lock, a page fault's I/O or the kernel's memory-map lock. Minor faults and
    // voluntary switches are the GUI thread's own counts during the frame (getrusage(RUSAGE_THREAD)).
    std::vector<double> frameRunQueueMs;
    std::vector<double> frameBlockedMs;
    std::vector<double> frameMinorFaults;
    std::vector<double> frameVoluntarySwitches;
    std::vector<double> tickIntervalMs;
    double wallMs = 0;
    double simulatedMs = 0;  // simulated time covered while measuring
};

FrameTimes measureFrameTimes(QWidget& window, chapters::SimulationController& controller, double seconds);
// The same ticks around any per-frame work (e.g. a slider step of a panel that recomputes on every change).
FrameTimes measureFrameTimes(QWidget& window, const std::function<void()>& work, double seconds);

// The benchmark's JSON: {"benchmark": NAME, "window": "WxH", "platform": …, "frames": …, "frame_ms_median": …,
// "frame_ms_p95": …, "frame_ms_max": …, "frame_cpu_ms_median": …, "frame_cpu_ms_p95": …,
// "frame_runqueue_ms_p95": …, "frame_blocked_ms_p95": …, "slow_frames": {the mean wall, CPU, run-queue and blocked
// ms, minor faults and voluntary switches of the frames at or above the wall-time p95},
// "tick_interval_ms_median": …, "tick_interval_ms_p95": …,
// "simulated_ms_per_wall_s": …} plus `extra` ("key": value pairs, already formatted, one per line).
QString frameTimesJson(const QString& name, const QWidget& window, const FrameTimes& times,
                       const QStringList& extra = {});

// Processes events for `ms` of wall time.
void settleEvents(int ms);

// --benchmark-raster N: a spike raster of N Poisson neurons at 10 Hz, streamed at real time through the runner's
// data path (spikes binned to the plot's pixels on the engine thread) into a RasterPlot, measured like
// --benchmark-gui. Prints the JSON; returns the exit code.
int runRasterBenchmark(int neurons, double seconds, const QSize& size);

}  // namespace neuroai::app
