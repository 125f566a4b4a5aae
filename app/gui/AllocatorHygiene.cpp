#include "app/gui/AllocatorHygiene.h"

#include <QPixmapCache>

#include <cstdlib>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace neuroai::app {

void configureAllocator()
{
#if defined(__GLIBC__)
    constexpr int kMmapThresholdBytes = 128 * 1024;  // glibc's initial value, made fixed
    // Setting the threshold switches off glibc's dynamic adjustment of it and of the trim threshold; the trim
    // threshold is set to glibc's own rule (twice the mmap threshold).
    if (!std::getenv("MALLOC_MMAP_THRESHOLD_") && !std::getenv("GLIBC_TUNABLES")) {
        mallopt(M_MMAP_THRESHOLD, kMmapThresholdBytes);
        mallopt(M_TRIM_THRESHOLD, 2 * kMmapThresholdBytes);
    }
#endif
}

void configureGuiCaches() { QPixmapCache::setCacheLimit(kPixmapCacheLimitKiB); }

}  // namespace neuroai::app
