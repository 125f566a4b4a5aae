// The trained-model cache of the panels that train (chapters/framework/TrainedCache.h). Its users call it from job
// threads while the GUI thread may call it too, so it runs under ThreadSanitizer. Checks:
// - the least recently used entry leaves first, a find counts as a use, and inserting a key again replaces it;
// - an entry a reader holds stays valid after the cache dropped it;
// - the training key ignores exactly the view-only parameters and tells apart values that print alike;
// - four threads inserting and finding at once never lose an entry they just inserted from under a reader and never
//   exceed the capacity.

#include "chapters/framework/TrainedCache.h"

#include <QtTest>

#include <atomic>
#include <thread>
#include <vector>

using namespace neuroai;
using namespace neuroai::chapters;

class TestTrainedCache : public QObject {
    Q_OBJECT
private slots:
    void leastRecentlyUsedLeavesFirst()
    {
        TrainedCache<int> cache(2);
        cache.insert("a", std::make_shared<const int>(1));
        cache.insert("b", std::make_shared<const int>(2));
        QCOMPARE(*cache.find("a"), 1);  // "a" is now the most recent
        cache.insert("c", std::make_shared<const int>(3));
        QVERIFY(cache.find("b") == nullptr);
        QCOMPARE(*cache.find("a"), 1);
        QCOMPARE(*cache.find("c"), 3);
        cache.insert("a", std::make_shared<const int>(10));
        QCOMPARE(*cache.find("a"), 10);
        QCOMPARE(cache.size(), std::size_t(2));

        const std::shared_ptr<const int> held = cache.find("c");
        cache.clear();
        QCOMPARE(cache.size(), std::size_t(0));
        QCOMPARE(*held, 3);  // a reader's entry outlives the cache's reference
    }

    void theKeyIgnoresOnlyTheViewParameters()
    {
        const std::vector<ParamSpec> specs = {
            {"steps", "Steps", "", 1, 1000, 100, Scale::Linear, "", 0},
            {"rate", "Rate", "", 0, 1, 0.1, Scale::Linear, "", 4},
            {"temperature", "τ", "", 0.01, 10, 1, Scale::Log, "", 2},
        };
        ParamSet a(specs), b(specs);
        b.set("temperature", 5);
        QCOMPARE(trainingKey(a, 1, {"temperature"}), trainingKey(b, 1, {"temperature"}));
        QVERIFY(trainingKey(a, 1, {"temperature"}) != trainingKey(a, 2, {"temperature"}));
        QVERIFY(trainingKey(a, 1, {}) != trainingKey(b, 1, {}));
        b.set("rate", 0.1 + 1e-16);  // prints as 0.1 at any ordinary precision
        if (b["rate"] != a["rate"])
            QVERIFY(trainingKey(a, 1, {"temperature"}) != trainingKey(b, 1, {"temperature"}));
    }

    void concurrentUse()
    {
        TrainedCache<std::vector<int>> cache(3);
        std::atomic<int> lost{0};
        std::atomic<std::size_t> largest{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 2000; ++i) {
                    const std::string key = std::to_string(t) + ":" + std::to_string(i % 5);
                    auto value = std::make_shared<const std::vector<int>>(64, i);
                    cache.insert(key, value);
                    if (std::shared_ptr<const std::vector<int>> found = cache.find(key)) {
                        if (found->size() != 64)
                            ++lost;
                    }
                    const std::size_t size = cache.size();
                    std::size_t seen = largest.load();
                    while (size > seen && !largest.compare_exchange_weak(seen, size)) {
                    }
                }
            });
        for (std::thread& thread : threads)
            thread.join();
        QCOMPARE(lost.load(), 0);
        QVERIFY(largest.load() <= 3);
        QCOMPARE(cache.size(), std::size_t(3));
    }
};

QTEST_MAIN(TestTrainedCache)
#include "tst_trainedcache.moc"
