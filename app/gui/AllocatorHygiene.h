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

}  // namespace neuroai::app
