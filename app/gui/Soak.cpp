#include "app/gui/Soak.h"

#include "app/gui/GuiCommandLine.h"
#include "app/gui/MainWindow.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace neuroai::app {

namespace {

constexpr int kCommandIntervalMs = 200;  // 5 commands per second

// Resident set size in KiB, or -1 where /proc is missing.
long residentKiB()
{
    std::FILE* file = std::fopen("/proc/self/statm", "r");
    if (!file)
        return -1;
    long size = 0, resident = 0;
    const int read = std::fscanf(file, "%ld %ld", &size, &resident);
    std::fclose(file);
    return read == 2 ? resident * (::sysconf(_SC_PAGESIZE) / 1024) : -1;
}

// Anonymous and file-backed parts of the RSS (RssAnon, RssFile in /proc/self/status), in KiB; -1 where missing.
struct RssSplit {
    long anonymousKiB = -1;
    long fileKiB = -1;
};

RssSplit rssSplit()
{
    RssSplit split;
    std::FILE* file = std::fopen("/proc/self/status", "r");
    if (!file)
        return split;
    char line[256];
    while (std::fgets(line, sizeof line, file)) {
        if (std::strncmp(line, "RssAnon:", 8) == 0)
            split.anonymousKiB = std::strtol(line + 8, nullptr, 10);
        else if (std::strncmp(line, "RssFile:", 8) == 0)
            split.fileKiB = std::strtol(line + 8, nullptr, 10);
    }
    std::fclose(file);
    return split;
}

// Bytes the program has allocated and not freed (all malloc arenas, mmapped blocks included), in KiB: the RSS minus
// library pages, free memory the allocator keeps and thread stacks. A leak grows this; fragmentation does not.
double heapInUseKiB()
{
    const struct mallinfo2 info = mallinfo2();
    return double(info.uordblks + info.hblkhd) / 1024.0;
}

// Least-squares slope of y against x.
double slopeOf(const std::vector<double>& x, const std::vector<double>& y)
{
    const std::size_t n = x.size();
    if (n < 2)
        return 0;
    double meanX = 0, meanY = 0;
    for (std::size_t i = 0; i < n; ++i) {
        meanX += x[i] / double(n);
        meanY += y[i] / double(n);
    }
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxy += (x[i] - meanX) * (y[i] - meanY);
        sxx += (x[i] - meanX) * (x[i] - meanX);
    }
    return sxx > 0 ? sxy / sxx : 0;
}

// Runs a real event loop for `ms`, as the app does. Not processEvents() at the top level: there, objects that Qt
// deletes with deleteLater() wait for an event loop that never comes.
void processFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

QList<QTreeWidgetItem*> chapterItems(QTreeWidget* navigator)
{
    QList<QTreeWidgetItem*> items;
    for (QTreeWidgetItemIterator it(navigator); *it; ++it)
        if (!(*it)->data(0, Qt::UserRole).toString().isEmpty())
            items << *it;
    return items;
}

QList<QAction*> presetActions(MainWindow& window)
{
    QList<QAction*> actions;
    for (QAction* action : window.findChildren<QAction*>()) {
        const QKeySequence shortcut = action->shortcut();
        if (shortcut.count() == 1 && shortcut[0].key() >= Qt::Key_1 && shortcut[0].key() <= Qt::Key_9 &&
            shortcut[0].keyboardModifiers() == Qt::NoModifier)
            actions << action;
    }
    return actions;
}

// Drives one random command; returns its name.
const char* randomCommand(MainWindow& window, std::mt19937_64& random, const QList<QAction*>& presets,
                          const QList<QTreeWidgetItem*>& chapters)
{
    auto pick = [&random](qsizetype n) { return qsizetype(std::uniform_int_distribution<qsizetype>(0, n - 1)(random)); };
    switch (pick(8)) {
    case 0:
    case 1:
        window.runAction()->trigger();
        return "run/pause";
    case 2:
        window.stepAction()->trigger();
        return "step";
    case 3:
        window.resetAction()->trigger();
        return "reset";
    case 4:
        if (!presets.isEmpty())
            presets[pick(presets.size())]->trigger();
        return "preset action";
    case 5:
        if (chapters::ExperimentPanel* panel = window.currentPanel())
            if (auto* box = panel->findChild<QComboBox*>(QStringLiteral("presetBox")); box && box->count() > 0) {
                const int index = int(pick(box->count()));
                box->setCurrentIndex(index);
                emit box->activated(index);  // what choosing an entry with the mouse emits
            }
        return "preset box";
    case 6:
        if (chapters::Chapter* chapter = window.currentChapter())
            if (auto* tabs = chapter->findChild<QTabWidget*>(); tabs && tabs->count() > 0)
                tabs->setCurrentIndex(int(pick(tabs->count())));
        return "tab";
    default:
        if (!chapters.isEmpty())
            window.navigator()->setCurrentItem(chapters[pick(chapters.size())]);
        return "chapter";
    }
}

}  // namespace

int runSoak(MainWindow& window, const GuiOptions& options)
{
    window.show();
    processFor(300);
    const QList<QTreeWidgetItem*> chapters = chapterItems(window.navigator());
    const QList<QAction*> presets = presetActions(window);
    QTreeWidgetItem* start = window.navigator()->currentItem();
    // Build every page and tab once (lazy construction is not growth), and run each simulation for two of its
    // windows (--soak-tab-run, 2.2 s by default) so its history buffers have their working size before the clock
    // starts.
    for (QTreeWidgetItem* item : chapters) {
        window.navigator()->setCurrentItem(item);
        if (chapters::Chapter* chapter = window.currentChapter())
            if (auto* tabs = chapter->findChild<QTabWidget*>())
                for (int i = 0; i < tabs->count(); ++i) {
                    tabs->setCurrentIndex(i);
                    processFor(50);
                    if (window.runAction()->isEnabled() && options.soakTabRunSeconds > 0) {
                        window.runAction()->trigger();
                        processFor(int(options.soakTabRunSeconds * 1000.0));
                        window.runAction()->trigger();
                    }
                }
    }
    window.navigator()->setCurrentItem(start);
    processFor(200);

    std::mt19937_64 random(options.seed);
    const double warmUpMs = options.soakWarmUpSeconds * 1000.0;
    const double totalMs = warmUpMs + options.soakSeconds * 1000.0;
    std::vector<double> warmSeconds, warmKiB;  // the warm-up's samples: reported, not judged
    std::vector<double> sampleSeconds, sampleKiB, sampleHeapKiB;
    long commands = 0;
    QElapsedTimer clock;
    clock.start();
    // Commands and samples come from timers inside an event loop, as a user's key presses do.
    QEventLoop loop;
    QTimer commandTimer, sampleTimer;
    commandTimer.setTimerType(Qt::PreciseTimer);
    commandTimer.setInterval(kCommandIntervalMs);
    QObject::connect(&commandTimer, &QTimer::timeout, &loop, [&] {
        if (double(clock.elapsed()) >= totalMs) {
            loop.quit();
            return;
        }
        randomCommand(window, random, presets, chapters);
        ++commands;
    });
    sampleTimer.setTimerType(Qt::PreciseTimer);
    sampleTimer.setInterval(1000);
    QObject::connect(&sampleTimer, &QTimer::timeout, &loop, [&] {
        const double now = double(clock.elapsed());
        const double kib = double(residentKiB());
        if (now < warmUpMs) {
            warmSeconds.push_back(now / 1000.0);
            warmKiB.push_back(kib);
        } else {
            sampleSeconds.push_back(now / 1000.0);
            sampleKiB.push_back(kib);
            sampleHeapKiB.push_back(heapInUseKiB());
        }
        if (spdlog::should_log(spdlog::level::debug)) {
            const struct mallinfo2 info = mallinfo2();
            const chapters::ExperimentPanel* panel = window.currentPanel();
            const RssSplit split = rssSplit();
            spdlog::debug("soak: t {:.0f} s{}, RSS {:.0f} KiB ({} KiB anonymous, {} KiB file), arenas {} KiB ({} KiB "
                          "in use, {} KiB free), mmapped {} KiB, panel {}",
                          now / 1000.0, now < warmUpMs ? " (warm-up)" : "", kib, split.anonymousKiB, split.fileKiB,
                          info.arena / 1024, info.uordblks / 1024, info.fordblks / 1024, info.hblkhd / 1024,
                          panel ? panel->panelId().toStdString() : std::string("-"));
        }
    });
    commandTimer.start();
    sampleTimer.start();
    QTimer::singleShot(int(totalMs) + kCommandIntervalMs, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();

    const std::size_t n = sampleSeconds.size();
    const double slope = slopeOf(sampleSeconds, sampleKiB);  // KiB per second
    const double heapSlope = slopeOf(sampleSeconds, sampleHeapKiB);
    const double startKiB = n > 0 ? sampleKiB.front() : double(residentKiB());
    const double endKiB = n > 0 ? sampleKiB.back() : double(residentKiB());
    const double percentPerHour = startKiB > 0 ? 100.0 * slope * 3600.0 / startKiB : 0.0;
    // Diagnostic, not the criterion: the slope over the second half alone tells a growth that settles (caches and
    // bounded stacks filling early on) from one that goes on.
    const std::vector<double> lateSeconds(sampleSeconds.begin() + std::ptrdiff_t(n / 2), sampleSeconds.end());
    const std::vector<double> lateKiB(sampleKiB.begin() + std::ptrdiff_t(n / 2), sampleKiB.end());
    const double lateSlope = lateSeconds.size() >= 2 ? slopeOf(lateSeconds, lateKiB) : 0.0;
    const bool measured = n >= 2 && startKiB > 0;
    const bool ok = measured && percentPerHour <= kSoakLimitPercentPerHour;
    // The warm-up's own numbers, so what it settled is on record: RSS at its first sample and its slope.
    const double warmStartKiB = warmKiB.empty() ? startKiB : warmKiB.front();
    const double warmSlope = warmKiB.size() >= 2 ? slopeOf(warmSeconds, warmKiB) : 0.0;
    std::printf("{\n  \"soak\": \"gui-key-storm\",\n  \"seconds\": %.1f,\n  \"warm_up_seconds\": %.1f,\n"
                "  \"seed\": %llu,\n  \"commands\": %ld,\n  \"commands_per_second\": %.2f,\n"
                "  \"warm_up_rss_start_kib\": %.0f,\n  \"warm_up_slope_kib_per_minute\": %.3f,\n  \"samples\": %zu,\n"
                "  \"rss_start_kib\": %.0f,\n  \"rss_end_kib\": %.0f,\n  \"slope_kib_per_minute\": %.3f,\n"
                "  \"growth_percent_per_hour\": %.3f,\n  \"limit_percent_per_hour\": %.1f,\n"
                "  \"heap_in_use_start_kib\": %.0f,\n  \"heap_in_use_end_kib\": %.0f,\n"
                "  \"heap_in_use_slope_kib_per_minute\": %.3f,\n"
                "  \"second_half_slope_kib_per_minute\": %.3f,\n  \"second_half_growth_percent_per_hour\": %.3f,\n"
                "  \"ok\": %s\n}\n",
                options.soakSeconds, options.soakWarmUpSeconds, static_cast<unsigned long long>(options.seed), commands,
                double(commands) / (double(clock.elapsed()) / 1000.0), warmStartKiB, warmSlope * 60.0, n, startKiB,
                endKiB, slope * 60.0, percentPerHour, kSoakLimitPercentPerHour,
                n > 0 ? sampleHeapKiB.front() : heapInUseKiB(), n > 0 ? sampleHeapKiB.back() : heapInUseKiB(),
                heapSlope * 60.0, lateSlope * 60.0, startKiB > 0 ? 100.0 * lateSlope * 3600.0 / startKiB : 0.0,
                ok ? "true" : "false");
    std::fflush(stdout);
    if (!measured)
        std::fprintf(stderr, "neuroai-explorer: error: --soak needs at least two RSS samples from /proc/self/statm "
                             "(run longer than the warm-up)\n");
    else if (!ok)
        std::fprintf(stderr, "neuroai-explorer: error: memory grew by %.2f%% per hour (limit %.1f%%)\n",
                     percentPerHour, kSoakLimitPercentPerHour);
    return ok ? 0 : 1;
}

}  // namespace neuroai::app
