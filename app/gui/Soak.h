#pragma once

namespace neuroai::app {

class MainWindow;
struct GuiOptions;

// The memory soak (--soak SECONDS): drives random commands through the real GUI paths at about 5 per second with a
// fixed seed (--seed): first for a warm-up (--soak-warm-up, default 600 s), then for SECONDS of wall time while it
// samples the resident set size (/proc/self/statm) every second. It prints one JSON object: RSS at the start and end
// of the measurement, the slope of a least-squares line through the samples, and that slope as a percentage of the
// starting RSS per hour; to tell a leak from the allocator keeping freed memory, the same for the heap in use
// (mallinfo2); and, so nothing is hidden, the RSS at the warm-up's first sample and the warm-up's own slope.
//
// Why a long warm-up: the live heap is flat from the first minute (heaptrack, and a sampling profiler over the whole
// run), but glibc's free lists spread over more pages for about 8 minutes of this storm before they settle; in a
// 40-minute run RSS rose about 2.5 MB by then and not after. Ten minutes measured from the 30th second would
// report that settling as a slope of 15-25 %/h, which a leak of the kind the soak exists to catch (3 KB per reset was
// the defect in issue 8) does not need to hide behind: it keeps growing after the warm-up.
//
// Commands, each as a user would give it: the main window's Run/Pause, Step and Reset actions, its Preset 1–9
// actions, the current panel's preset box, the chapter's tab widget, and the navigator (another chapter). They are
// issued from a timer inside a running event loop, as key presses are, so that what Qt deletes later is deleted. Before
// the warm-up every chapter and tab is visited once and each simulation runs for about two seconds, so lazily built
// pages and the runners' window history are in place.
//
// Returns 0, or 1 if the growth exceeds kSoakLimitPercentPerHour (or the platform has no /proc/self/statm).
constexpr double kSoakLimitPercentPerHour = 5.0;
int runSoak(MainWindow& window, const GuiOptions& options);

}  // namespace neuroai::app
