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
// box and spin box frame per size, state and palette; heap profiles of the soak (heaptrack, and a sampling profiler
// at full speed) showed these entries still piling up after 10 minutes of key storm (about 200 KB in 7 minutes),
// growth that would go on towards the limit for hours. With the 2 MiB limit the cache held about 1 MB after a few
// minutes of the soak (the main arena's bytes in use against a 64 KiB limit), so what is on screen stays cached.
inline constexpr int kPixmapCacheLimitKiB = 2048;

// Sets the limit above. Call once a QApplication exists.
void configureGuiCaches();

}  // namespace neuroai::app
