#pragma once

namespace neuroai::app {

class MainWindow;
struct GuiOptions;

// The memory soak (--soak SECONDS): drives random commands through the real GUI paths at about 5 per second for
// SECONDS of wall time with a fixed seed (--seed), samples the resident set size (/proc/self/statm) every second
// after a warm-up, and prints one JSON object: RSS at the start and end of the measurement, the slope of a
// least-squares line through the samples, and that slope as a percentage of the starting RSS per hour; and, to tell
// a leak from the allocator keeping freed memory, the same for the heap in use (mallinfo2).
//
// Commands, each as a user would give it: the main window's Run/Pause, Step and Reset actions, its Preset 1–9
// actions, the current panel's preset box, the chapter's tab widget, and the navigator (another chapter). They are
// issued from a timer inside a running event loop, as key presses are, so that what Qt deletes later is deleted. Before
// the clock starts every chapter and tab is visited once and each simulation runs for about a second, so lazily
// built pages and the runners' window history do not count as growth; the warm-up (a fifth of the run, 2–30 s)
// lets caches reach their working size.
//
// Returns 0, or 1 if the growth exceeds kSoakLimitPercentPerHour (or the platform has no /proc/self/statm).
constexpr double kSoakLimitPercentPerHour = 5.0;
int runSoak(MainWindow& window, const GuiOptions& options);

}  // namespace neuroai::app
