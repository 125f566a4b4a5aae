#pragma once

namespace neuroai::app {

// Keeps the resident set from creeping up under glibc's allocator.
//
// What the soak found: Qt Charts strokes every line series into a QPainterPath on each redraw (hundreds of KB to a
// few MB, grown by repeated reallocation), and the simulation jobs return results of similar size. glibc raises its
// mmap threshold to the size of every mmapped block that is freed, so after a few redraws such transient blocks come
// from the heap instead of mmap; freed, they leave holes among long-lived allocations that are not given back, and
// the resident set keeps rising although the live heap does not. A fixed threshold (blocks of 128 KiB and more always
// come from mmap and go back to the system when freed) cut the soak's RSS slope by a factor of three.
//
// Call before QApplication is constructed. A no-op on other C libraries, and when the user tuned the allocator
// through MALLOC_MMAP_THRESHOLD_ or GLIBC_TUNABLES.
void configureAllocator();

// QPixmapCache's limit for the GUI, in KiB. Qt's default is 10 MiB. The Fusion style caches a pixmap of each combo
// box, spin box and button frame per size, state and palette, and a key storm that visits every panel keeps adding
// entries: heap profiles of the soak (heaptrack, and a sampling profiler at full speed) showed them still piling up
// after 10 minutes (about 200 KB in 7 minutes). Measured with `--soak 600` (600 s warm-up), seeds 1 and 7: RSS slopes
// of 8.1 and 6.7 %/h at 2 MiB, 2.4 and 3.8 %/h at 512 KiB. The heap in use rose alike in both (mallinfo2), so the
// difference is in what the arenas keep around the cached pixmaps, and two seeds a side is thin evidence; the
// smaller limit costs nothing we could measure (a miss means Fusion draws that frame again; --benchmark-gui on firing
// patterns differed by less than its run-to-run noise).
inline constexpr int kPixmapCacheLimitKiB = 512;

// Sets the limit above. Call once a QApplication exists.
void configureGuiCaches();

}  // namespace neuroai::app
