#include "app/gui/FrameBenchmark.h"

#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "widgets/RasterPlot.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>

#if defined(__linux__)
#include <sys/resource.h>
#endif

namespace neuroai::app {

namespace {

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t rank = std::size_t(std::ceil(q * double(values.size())));
    return values[std::min(values.size() - 1, rank > 0 ? rank - 1 : 0)];
}

// CPU time of the calling thread, ms.
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// What the GUI thread's scheduler and memory counters say at one instant (see FrameTimes).
struct ThreadCounters {
    double runQueueMs = 0;
    double minorFaults = 0;
    double voluntarySwitches = 0;
    bool valid = false;
};

ThreadCounters threadCounters()
{
    ThreadCounters c;
#if defined(__linux__)
    // schedstat: time on the CPU (ns), time waiting on a run queue (ns), time slices.
    std::ifstream schedstat("/proc/thread-self/schedstat");
    unsigned long long onCpu = 0, waiting = 0;
    if (!(schedstat >> onCpu >> waiting))
        return c;
    rusage usage{};
    if (getrusage(RUSAGE_THREAD, &usage) != 0)
        return c;
    c.runQueueMs = double(waiting) / 1e6;
    c.minorFaults = double(usage.ru_minflt);
    c.voluntarySwitches = double(usage.ru_nvcsw);
    c.valid = true;
#endif
    return c;
}

}  // namespace

void settleEvents(int ms)
{
    QElapsedTimer timer;
    timer.start();
    do {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    } while (timer.elapsed() < ms);
}

FrameTimes measureFrameTimes(QWidget& window, const std::function<void()>& work, double seconds)
{
    FrameTimes times;
    QElapsedTimer clock;
    clock.start();
    double lastTick = -1;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(16);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const double begin = double(clock.nsecsElapsed()) / 1e6;
        const double cpuBegin = threadCpuMs();
        const ThreadCounters countersBegin = threadCounters();
        if (lastTick >= 0)
            times.tickIntervalMs.push_back(begin - lastTick);
        lastTick = begin;
        work();
        window.repaint();
        const double wall = double(clock.nsecsElapsed()) / 1e6 - begin;
        const double cpu = threadCpuMs() - cpuBegin;
        times.frameMs.push_back(wall);
        times.frameCpuMs.push_back(cpu);
        if (const ThreadCounters end = threadCounters(); countersBegin.valid && end.valid) {
            const double queued = end.runQueueMs - countersBegin.runQueueMs;
            times.frameRunQueueMs.push_back(queued);
            times.frameBlockedMs.push_back(std::max(0.0, wall - cpu - queued));
            times.frameMinorFaults.push_back(end.minorFaults - countersBegin.minorFaults);
            times.frameVoluntarySwitches.push_back(end.voluntarySwitches - countersBegin.voluntarySwitches);
        }
    });
    ticker.start();
    const double wallStart = double(clock.nsecsElapsed()) / 1e6;
    settleEvents(int(seconds * 1000));
    ticker.stop();
    times.wallMs = double(clock.nsecsElapsed()) / 1e6 - wallStart;
    return times;
}

FrameTimes measureFrameTimes(QWidget& window, chapters::SimulationController& controller, double seconds)
{
    const double startSim = controller.latestFrame() ? controller.latestFrame()->timeMs : 0.0;
    controller.setDrainTimer(false);  // the ticks are the only drain: each frame's whole cost lands in one tick
    FrameTimes times = measureFrameTimes(window, [&controller] { controller.drain(); }, seconds);
    controller.setDrainTimer(true);
    times.simulatedMs = (controller.latestFrame() ? controller.latestFrame()->timeMs : 0.0) - startSim;
    return times;
}

QString frameTimesJson(const QString& name, const QWidget& window, const FrameTimes& t, const QStringList& extra)
{
    QString json = QStringLiteral("{\n  \"benchmark\": \"%1\",\n  \"window\": \"%2x%3\",\n  \"platform\": \"%4\",\n")
                       .arg(name)
                       .arg(window.width())
                       .arg(window.height())
                       .arg(QGuiApplication::platformName());
    json += QStringLiteral("  \"seconds\": %1,\n  \"frames\": %2,\n").arg(t.wallMs / 1000, 0, 'f', 2).arg(t.frameMs.size());
    json += QStringLiteral("  \"frame_ms_median\": %1,\n  \"frame_ms_p95\": %2,\n  \"frame_ms_max\": %3,\n")
                .arg(percentile(t.frameMs, 0.5), 0, 'f', 3)
                .arg(percentile(t.frameMs, 0.95), 0, 'f', 3)
                .arg(percentile(t.frameMs, 1.0), 0, 'f', 3);
    json += QStringLiteral("  \"frame_cpu_ms_median\": %1,\n  \"frame_cpu_ms_p95\": %2,\n")
                .arg(percentile(t.frameCpuMs, 0.5), 0, 'f', 3)
                .arg(percentile(t.frameCpuMs, 0.95), 0, 'f', 3);
    if (!t.frameRunQueueMs.empty() && t.frameRunQueueMs.size() == t.frameMs.size()) {
        json += QStringLiteral("  \"frame_runqueue_ms_p95\": %1,\n  \"frame_blocked_ms_p95\": %2,\n")
                    .arg(percentile(t.frameRunQueueMs, 0.95), 0, 'f', 3)
                    .arg(percentile(t.frameBlockedMs, 0.95), 0, 'f', 3);
        // The slow frames' means say which of the four made them slow.
        const double threshold = percentile(t.frameMs, 0.95);
        double n = 0, wall = 0, cpu = 0, queued = 0, blocked = 0, faults = 0, switches = 0;
        for (std::size_t i = 0; i < t.frameMs.size(); ++i) {
            if (t.frameMs[i] < threshold)
                continue;
            n += 1;
            wall += t.frameMs[i];
            cpu += t.frameCpuMs[i];
            queued += t.frameRunQueueMs[i];
            blocked += t.frameBlockedMs[i];
            faults += t.frameMinorFaults[i];
            switches += t.frameVoluntarySwitches[i];
        }
        n = std::max(n, 1.0);
        json += QStringLiteral("  \"slow_frames\": {\"count\": %1, \"wall_ms\": %2, \"cpu_ms\": %3, \"runqueue_ms\": %4, "
                               "\"blocked_ms\": %5, \"minor_faults\": %6, \"voluntary_switches\": %7},\n")
                    .arg(int(n))
                    .arg(wall / n, 0, 'f', 3)
                    .arg(cpu / n, 0, 'f', 3)
                    .arg(queued / n, 0, 'f', 3)
                    .arg(blocked / n, 0, 'f', 3)
                    .arg(faults / n, 0, 'f', 1)
                    .arg(switches / n, 0, 'f', 1);
    }
    json += QStringLiteral("  \"tick_interval_ms_median\": %1,\n  \"tick_interval_ms_p95\": %2,\n")
                .arg(percentile(t.tickIntervalMs, 0.5), 0, 'f', 3)
                .arg(percentile(t.tickIntervalMs, 0.95), 0, 'f', 3);
    for (const QString& line : extra)
        json += QStringLiteral("  %1,\n").arg(line);
    json += QStringLiteral("  \"simulated_ms_per_wall_s\": %1\n}\n").arg(t.simulatedMs / (t.wallMs / 1000), 0, 'f', 1);
    return json;
}

int runRasterBenchmark(int neurons, double seconds, const QSize& size)
{
    auto model = createModel("poisson-population");
    model->setParameter("n", neurons);
    model->setParameter("rate_hz", 10);
    chapters::SimulationController controller(std::move(model));

    QWidget window;
    window.setObjectName(QStringLiteral("rasterBenchmark"));
    window.resize(size);
    auto* layout = new QVBoxLayout(&window);
    auto* plot = new widgets::RasterPlot(&window);
    plot->setTitle(QObject::tr("%1 Poisson neurons at 10 Hz").arg(neurons));
    layout->addWidget(plot);
    constexpr double kWindowMs = 1000;
    const auto fit = [&](const QSize& pixels) {
        controller.setView(kWindowMs, std::max(16, pixels.width()));
        controller.setRasterView(std::max(16, pixels.width()), std::max(1, pixels.height()), neurons);
    };
    QObject::connect(plot, &widgets::RasterPlot::plotSizeChanged, &controller, fit);
    long shown = 0;
    QObject::connect(&controller, &chapters::SimulationController::frameReady, plot, [plot, &shown](const Frame& frame) {
        if (frame.raster) {
            plot->setRaster(*frame.raster);
            ++shown;
        }
    });
    window.show();
    settleEvents(300);
    fit(plot->plotRect().size() * plot->devicePixelRatioF());
    controller.setSpeed(1.0);  // real time: 10 Hz × N spikes per second of wall time
    controller.setRunning(true);
    settleEvents(int(kWindowMs) + 200);  // warm up until the window is full
    shown = 0;
    const FrameTimes times = measureFrameTimes(window, controller, seconds);
    const long rastersShown = shown;
    controller.setRunning(false);
    const auto frame = controller.latestFrame();
    const QString json = frameTimesJson(
        QStringLiteral("raster-frame-time"), window, times,
        {QStringLiteral("\"neurons\": %1").arg(neurons),
         QStringLiteral("\"rasters_shown\": %1").arg(rastersShown),
         QStringLiteral("\"raster_pixels\": \"%1x%2\"").arg(frame && frame->raster ? frame->raster->width : 0)
             .arg(frame && frame->raster ? frame->raster->height : 0),
         QStringLiteral("\"spikes_in_window\": %1").arg(frame && frame->raster ? frame->raster->spikeCount : 0)});
    std::fputs(qPrintable(json), stdout);
    return frame && frame->raster ? 0 : 1;
}

}  // namespace neuroai::app
