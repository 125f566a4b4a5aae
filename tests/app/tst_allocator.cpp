// The allocator settings that keep the GUI's resident set flat (app/gui/AllocatorHygiene.h). glibc only: the suite is
// not built under the sanitizers, whose allocators replace glibc's.
#include "app/gui/AllocatorHygiene.h"

#include <QPixmapCache>
#include <QtTest>

#include <cstdlib>
#include <cstring>

#include <malloc.h>

namespace {

std::size_t mappedBytes() { return mallinfo2().hblkhd; }

}  // namespace

class TestAllocator : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { neuroai::app::configureAllocator(); }

    // glibc's default raises the mmap threshold to the size of any mmapped block that is freed; afterwards a
    // 512 KiB block would come from the heap and, freed, stay resident. With the fixed threshold it still comes
    // from mmap.
    void largeBlocksStayMmappedAfterAHugeOneIsFreed()
    {
        {
            auto* huge = static_cast<char*>(std::malloc(24u << 20));
            QVERIFY(huge);
            std::memset(huge, 1, 24u << 20);
            std::free(huge);
        }
        const std::size_t before = mappedBytes();
        auto* block = static_cast<char*>(std::malloc(512u << 10));
        QVERIFY(block);
        std::memset(block, 2, 512u << 10);
        QVERIFY2(mappedBytes() >= before + (512u << 10),
                 qPrintable(QStringLiteral("mmapped %1 → %2 bytes").arg(before).arg(mappedBytes())));
        std::free(block);
        QCOMPARE(mappedBytes(), before);
    }

    // The pixmap cache is bounded well below Qt's 10 MiB default (style pixmaps piled up towards it in the soak).
    void pixmapCacheIsBounded()
    {
        QCOMPARE(QPixmapCache::cacheLimit(), 10240);  // Qt's default, before the app's setting
        neuroai::app::configureGuiCaches();
        QCOMPARE(QPixmapCache::cacheLimit(), neuroai::app::kPixmapCacheLimitKiB);
        QVERIFY(neuroai::app::kPixmapCacheLimitKiB <= 512);
    }
};

QTEST_GUILESS_MAIN(TestAllocator)
#include "tst_allocator.moc"
