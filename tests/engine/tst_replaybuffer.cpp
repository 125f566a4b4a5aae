// Replay buffers and the SumTree (engine/rl). Each test would fail if the data structure or the sampler were wrong:
// - SumTree: after 10^5 random updates (capacities 1 … 4097, powers of two and not, three random ones, leaves spanning 17 decades and
//   10 % zeros) every internal entry equals the sum of its 8 children exactly in floating point (and their max / min-positive), the tree is bit-identical
//   to one built from scratch from the same leaves (no drift), the root matches a long-double sum of the leaves to
//   1e-9 relative, max and min-positive are the extreme leaves, padding leaves stay 0;
// - find() returns the leaf whose cumulative interval contains the target, and never a zero leaf (targets exactly
//   on boundaries, at/above total, negative); findMany() (interleaved descents) agrees with find() bit for bit;
// - sampled frequencies pass a χ² goodness-of-fit test against P(i) at p = 0.001 (proportional, stratified and not;
//   rank-based; α = 0 against uniform), and the same test rejects a deliberately wrong distribution (its power);
// - importance weights are ≤ 1 with a batch maximum of exactly 1, and equal (N·P)^−β / max w;
// - β anneals linearly and reaches exactly 1; new transitions get the maximum priority (rank 1 for rank-based);
// - the ring buffer overwrites the oldest; zero-priority slots are never drawn;
// - bad input throws std::invalid_argument naming the parameter.
//
// χ² critical values at p = 0.001 (upper tail), computed with mpmath (regularised upper incomplete gamma, 30 digits):
//   df 49: 85.3506, df 63: 103.442, df 99: 148.230.
// Stratified draws (the paper's scheme) are less dispersed than multinomial ones, which only lowers the statistic, so
// the test stays valid (conservative) for them.

#include "engine/core/Random.h"
#include "engine/rl/ReplayBuffer.h"
#include "engine/rl/SumTree.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

using neuroai::Random;
using neuroai::rl::ReplayBatch;
using neuroai::rl::ReplayBuffer;
using neuroai::rl::ReplayConfig;
using neuroai::rl::ReplaySampler;
using neuroai::rl::SumTree;
using neuroai::rl::Transition;
using neuroai::rl::WeightNormalisation;

namespace {

constexpr double kChi2Crit49 = 85.3506;
constexpr double kChi2Crit63 = 103.442;
constexpr double kChi2Crit99 = 148.230;

double chiSquare(const std::vector<double>& counts, const std::vector<double>& p)
{
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    double s = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double e = total * p[i];
        s += (counts[i] - e) * (counts[i] - e) / e;
    }
    return s;
}

std::vector<double> normalised(std::vector<double> w)
{
    const double s = std::accumulate(w.begin(), w.end(), 0.0);
    for (double& x : w)
        x /= s;
    return w;
}

// Fills a buffer with n transitions (state = i) and gives slot i the TD error deltas[i].
void fill(ReplayBuffer& buffer, const std::vector<double>& deltas)
{
    std::vector<std::size_t> idx;
    for (std::size_t i = 0; i < deltas.size(); ++i) {
        Transition t;
        t.state = int(i);
        idx.push_back(buffer.add(t));
    }
    buffer.updatePriorities(idx, deltas);
}

// Draws `draws` transitions in batches of 32 (or the buffer's size if smaller) and returns the counts per slot, read from the buffer's own counters.
std::vector<double> drawCounts(ReplayBuffer& buffer, long draws, std::uint64_t seed)
{
    Random rng(seed);
    buffer.resetSampleCounts();
    const std::size_t batch = std::min<std::size_t>(32, buffer.size());
    for (long d = 0; d < draws; d += long(batch))
        buffer.sample(batch, rng);
    std::vector<double> counts;
    for (std::size_t i = 0; i < buffer.size(); ++i)
        counts.push_back(double(buffer.sampleCounts()[i]));
    return counts;
}

std::vector<double> randomDeltas(std::size_t n, std::uint64_t seed)
{
    // |δ| spread over two decades, so P(i) ranges over a factor of ~16 at α = 0.6.
    Random rng(seed);
    std::vector<double> d(n);
    for (double& x : d)
        x = (rng.uniform() < 0.5 ? -1 : 1) * std::pow(10.0, -1.0 + 2.0 * rng.uniform());
    return d;
}

template <typename F>
void expectInvalid(F&& f, const char* word)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        QVERIFY2(std::string(e.what()).find(word) != std::string::npos,
                 qPrintable(QStringLiteral("message '%1' does not name '%2'").arg(e.what(), word)));
        return;
    }
    QFAIL(qPrintable(QStringLiteral("no std::invalid_argument for %1").arg(word)));
}

// Every internal entry of the 8-ary tree is exactly its block's sum (in the tree's one association: pairs, then
// pairs of pairs), largest leaf and smallest positive leaf; padding is 0 (and +∞ for minima); the top level is one
// block of 8 whose sum is total().
void checkTreeStructure(const SumTree& tree, std::size_t capacity)
{
    constexpr std::size_t K = SumTree::kFanout;
    const std::size_t L = tree.leafCount();
    QVERIFY(L >= capacity && L < capacity + K && L % K == 0);
    for (std::size_t i = capacity; i < L; ++i)
        QCOMPARE(tree.get(i), 0.0);
    auto blockOf = [&](std::size_t level, std::size_t block, double* sum, double* hi, double* lo) {
        double v[K];
        *hi = 0;
        *lo = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < K; ++j) {
            v[j] = tree.nodeSum(level, K * block + j);
            *hi = std::max(*hi, tree.nodeMax(level, K * block + j));
            *lo = std::min(*lo, tree.nodeMinPositive(level, K * block + j));
        }
        *sum = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
    };
    for (std::size_t level = 1; level < tree.levelCount(); ++level) {
        QCOMPARE(tree.levelSize(level) % K, std::size_t(0));
        for (std::size_t e = 0; e < tree.levelSize(level); ++e) {
            double sum = 0, hi = 0, lo = std::numeric_limits<double>::infinity();
            if (e < tree.levelSize(level - 1) / K)
                blockOf(level - 1, e, &sum, &hi, &lo);
            QVERIFY2(tree.nodeSum(level, e) == sum,  // exact: recomputed from the children
                     qPrintable(QStringLiteral("capacity %1 level %2 entry %3").arg(capacity).arg(level).arg(e)));
            QVERIFY(tree.nodeMax(level, e) == hi);
            QVERIFY(tree.nodeMinPositive(level, e) == lo);
        }
    }
    const std::size_t top = tree.levelCount() - 1;
    QCOMPARE(tree.levelSize(top), K);
    double sum = 0, hi = 0, lo = 0;
    blockOf(top, 0, &sum, &hi, &lo);
    QVERIFY(tree.total() == sum);
    QVERIFY(tree.max() == hi);
    QVERIFY(tree.minPositive() == lo);
}

}  // namespace

class TestReplayBuffer : public QObject {
    Q_OBJECT
private slots:
    void sumTreeInvariantsAfterRandomUpdates()
    {
        Random rng(11);
        // Edge cases (1, powers of two and their neighbours) and three capacities drawn at random from [1, 5000].
        std::vector<std::size_t> capacities{1, 2, 3, 7, 64, 1000, 1025, 4097};
        for (int c = 0; c < 3; ++c)
            capacities.push_back(1 + std::size_t(rng.uniform() * 5000));
        for (std::size_t capacity : capacities) {
            SumTree tree(capacity);
            std::vector<double> leaves(capacity, 0.0);
            for (int u = 0; u < 100000; ++u) {
                const auto i = std::min(std::size_t(rng.uniform() * double(capacity)), capacity - 1);
                // 10 % zeros, the rest log-uniform over 1e-8 … 1e9: sums that need many rounding steps.
                const double v = rng.uniform() < 0.1 ? 0.0 : std::pow(10.0, -8.0 + 17.0 * rng.uniform());
                tree.set(i, v);
                leaves[i] = v;
            }
            checkTreeStructure(tree, capacity);
            // No drift: a tree built from scratch from the final leaves is bit-identical, entry for entry.
            SumTree fresh(capacity);
            for (std::size_t i = 0; i < capacity; ++i)
                fresh.set(i, leaves[i]);
            QCOMPARE(fresh.levelCount(), tree.levelCount());
            for (std::size_t level = 0; level < tree.levelCount(); ++level)
                for (std::size_t e = 0; e < tree.levelSize(level); ++e) {
                    QVERIFY(tree.nodeSum(level, e) == fresh.nodeSum(level, e));
                    QVERIFY(tree.nodeMax(level, e) == fresh.nodeMax(level, e));
                    QVERIFY(tree.nodeMinPositive(level, e) == fresh.nodeMinPositive(level, e));
                }
            QVERIFY(tree.total() == fresh.total());
            long double exact = 0;
            for (double v : leaves)
                exact += v;
            // 1e-9 relative: the brief's bound; a pairwise sum over ≤ 13 levels is off by ≲ 13·2^−53 ≈ 1.4e-15.
            const double rel = double(std::abs((long double)tree.total() - exact) / exact);
            QVERIFY2(rel < 1e-9, qPrintable(QString::number(rel)));
            QCOMPARE(tree.max(), *std::max_element(leaves.begin(), leaves.end()));
            double minPos = std::numeric_limits<double>::infinity();
            for (double v : leaves)
                if (v > 0)
                    minPos = std::min(minPos, v);
            QCOMPARE(tree.minPositive(), minPos);
        }
        SumTree empty(5);
        QCOMPARE(empty.max(), 0.0);
        QVERIFY(std::isinf(empty.minPositive()));
        // Fan-out 8: 10^6 leaves need 7 levels (10^6, 125000, 15632, 1960, 248, 32, 8 entries), where a binary tree
        // needs 21; each descent reads one cache line per level.
        SumTree big(1'000'000);
        QCOMPARE(big.levelCount(), std::size_t(7));
        const std::size_t sizes[] = {1'000'000, 125'000, 15'632, 1'960, 248, 32, 8};
        for (std::size_t level = 0; level < 7; ++level)
            QCOMPARE(big.levelSize(level), sizes[level]);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, big.nodeSum(7, 0));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, big.nodeSum(6, 8));
    }

    void findReturnsTheLeafWhoseIntervalHoldsTheTarget()
    {
        Random rng(5);
        SumTree tree(37);
        std::vector<double> leaves(37);
        for (std::size_t i = 0; i < leaves.size(); ++i) {
            leaves[i] = i % 5 == 2 ? 0.0 : rng.uniform() * 3;
            tree.set(i, leaves[i]);
        }
        std::vector<long double> prefix{0};
        for (double v : leaves)
            prefix.push_back(prefix.back() + v);
        for (int n = 0; n < 100000; ++n) {
            const double u = rng.uniform() * tree.total();
            const std::size_t i = tree.find(u);
            QVERIFY(leaves[i] > 0);
            // Away from interval boundaries (1e-12 of the total, far above the rounding of the partial sums) the
            // leaf is the one whose interval contains u.
            const long double tol = 1e-12L * prefix.back();
            if (u > prefix[i] + tol && u < prefix[i + 1] - tol)
                continue;  // inside: correct
            QVERIFY2(std::abs((long double)u - prefix[i]) <= tol || std::abs((long double)u - prefix[i + 1]) <= tol,
                     qPrintable(QStringLiteral("u %1 gave leaf %2").arg(u).arg(i)));
        }
        // findMany is find, bit for bit, in batches that do not fill its lanes evenly (37 = 2·16 + 5), with targets
        // outside [0, total) too.
        std::vector<double> targets(37);
        std::vector<std::size_t> many(37);
        for (int batch = 0; batch < 200; ++batch) {
            for (double& t : targets)
                t = (rng.uniform() * 1.2 - 0.1) * tree.total();
            tree.findMany(targets, many);
            for (std::size_t j = 0; j < targets.size(); ++j)
                QCOMPARE(many[j], tree.find(targets[j]));
        }
        std::vector<std::size_t> tooShort(3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tree.findMany(targets, tooShort));
    }

    void zeroLeavesAreNeverReturned()
    {
        SumTree tree(10);  // leaves 1 and 4 carry all the mass; 0, 2, 3, 5 … 9 (and the 6 padding leaves) are 0
        tree.set(1, 1.0);
        tree.set(4, 2.0);
        QCOMPARE(tree.find(0.0), std::size_t(1));
        QCOMPARE(tree.find(-5.0), std::size_t(1));
        QCOMPARE(tree.find(0.999999), std::size_t(1));
        QCOMPARE(tree.find(1.0), std::size_t(4));  // exactly on the boundary: the next non-empty leaf
        QCOMPARE(tree.find(3.0), std::size_t(4));  // at total: the last non-empty leaf, not the zeros after it
        QCOMPARE(tree.find(std::nextafter(3.0, 10.0)), std::size_t(4));
        QCOMPARE(tree.find(1e300), std::size_t(4));
        Random rng(2);
        for (int n = 0; n < 20000; ++n) {
            const std::size_t i = tree.find(rng.uniform() * 3.0);
            QVERIFY(i == 1 || i == 4);
        }
        QVERIFY_THROWS_EXCEPTION(std::logic_error, SumTree(3).find(0.5));
        expectInvalid([&] { tree.find(std::nan("")); }, "target");

        // Through the buffer: ε = 0 and δ = 0 make a slot's priority exactly 0, and it is never drawn.
        ReplayConfig c;
        c.capacity = 20;
        c.sampler = ReplaySampler::Proportional;
        c.epsilon = 0;
        ReplayBuffer buffer(c);
        std::vector<double> deltas(20, 0.5);
        for (std::size_t i = 0; i < 20; i += 3)
            deltas[i] = 0.0;
        fill(buffer, deltas);
        const auto counts = drawCounts(buffer, 64000, 9);
        for (std::size_t i = 0; i < 20; ++i)
            QVERIFY2((counts[i] == 0) == (deltas[i] == 0.0), qPrintable(QStringLiteral("slot %1").arg(i)));
    }

    void proportionalFrequenciesPassChiSquare_data()
    {
        QTest::addColumn<bool>("stratified");
        QTest::newRow("stratified (paper)") << true;
        QTest::newRow("independent draws") << false;
    }

    void proportionalFrequenciesPassChiSquare()
    {
        QFETCH(bool, stratified);
        ReplayConfig c;
        c.capacity = 50;  // df = 49
        c.sampler = ReplaySampler::Proportional;
        c.alpha = 0.6;
        c.stratified = stratified;
        ReplayBuffer buffer(c);
        const auto deltas = randomDeltas(50, 3);
        fill(buffer, deltas);
        std::vector<double> p, wrong;
        for (double d : deltas) {
            p.push_back(std::pow(std::abs(d) + c.epsilon, 0.6));
            wrong.push_back(std::pow(std::abs(d) + c.epsilon, 0.5));  // α 0.5 instead of 0.6
        }
        p = normalised(p);
        wrong = normalised(wrong);
        for (std::size_t i = 0; i < 50; ++i)
            QVERIFY(std::abs(buffer.probability(i) - p[i]) < 1e-12);
        const auto counts = drawCounts(buffer, 320000, 17);
        const double chi = chiSquare(counts, p);
        const double chiWrong = chiSquare(counts, wrong);
        qInfo("proportional (%s): chi2 = %.1f against P(i), %.1f against alpha 0.5 (df 49, critical %.2f)",
              stratified ? "stratified" : "independent", chi, chiWrong, kChi2Crit49);
        QVERIFY2(chi < kChi2Crit49, qPrintable(QString::number(chi)));
        QVERIFY2(chiWrong > kChi2Crit49, qPrintable(QString::number(chiWrong)));  // the test has power
    }

    void alphaZeroIsUniform()
    {
        ReplayConfig c;
        c.capacity = 100;  // df = 99
        c.sampler = ReplaySampler::Proportional;
        c.alpha = 0;
        ReplayBuffer buffer(c);
        const auto deltas = randomDeltas(100, 4);
        fill(buffer, deltas);
        for (std::size_t i = 0; i < 100; ++i)
            QCOMPARE(buffer.probability(i), 0.01);  // p^0 = 1 for every slot, 1/100 exactly
        const auto counts = drawCounts(buffer, 320000, 21);
        const std::vector<double> uniform(100, 0.01);
        const double chi = chiSquare(counts, uniform);
        qInfo("alpha 0: chi2 = %.1f against uniform (df 99, critical %.2f)", chi, kChi2Crit99);
        QVERIFY2(chi < kChi2Crit99, qPrintable(QString::number(chi)));

        // The uniform sampler too (independent draws, with replacement).
        ReplayConfig u;
        u.capacity = 100;
        ReplayBuffer plain(u);
        fill(plain, deltas);
        const double chiPlain = chiSquare(drawCounts(plain, 320000, 22), uniform);
        qInfo("uniform sampler: chi2 = %.1f (df 99, critical %.2f)", chiPlain, kChi2Crit99);
        QVERIFY2(chiPlain < kChi2Crit99, qPrintable(QString::number(chiPlain)));
    }

    void rankBasedFrequenciesPassChiSquare()
    {
        ReplayConfig c;
        c.capacity = 64;  // df = 63
        c.sampler = ReplaySampler::Rank;
        c.alpha = 0.7;
        ReplayBuffer buffer(c);
        const auto deltas = randomDeltas(64, 6);
        fill(buffer, deltas);
        buffer.resortRanks();
        // Ranks follow |δ| in decreasing order.
        std::vector<std::size_t> byDelta(64);
        std::iota(byDelta.begin(), byDelta.end(), 0);
        std::sort(byDelta.begin(), byDelta.end(),
                  [&](std::size_t a, std::size_t b) { return std::abs(deltas[a]) > std::abs(deltas[b]); });
        for (std::size_t r = 0; r < 64; ++r)
            QCOMPARE(buffer.rank(byDelta[r]), r + 1);
        std::vector<double> p(64), proportional(64);
        for (std::size_t i = 0; i < 64; ++i) {
            p[i] = std::pow(double(buffer.rank(i)), -0.7);
            proportional[i] = std::pow(std::abs(deltas[i]) + c.epsilon, 0.7);  // the other scheme, as a wrong model
        }
        p = normalised(p);
        proportional = normalised(proportional);
        for (std::size_t i = 0; i < 64; ++i)
            QVERIFY(std::abs(buffer.probability(i) - p[i]) < 1e-12);
        const auto counts = drawCounts(buffer, 320000, 8);
        const double chi = chiSquare(counts, p);
        const double chiWrong = chiSquare(counts, proportional);
        qInfo("rank-based: chi2 = %.1f against rank^-0.7, %.1f against proportional (df 63, critical %.2f)", chi,
              chiWrong, kChi2Crit63);
        QVERIFY2(chi < kChi2Crit63, qPrintable(QString::number(chi)));
        QVERIFY2(chiWrong > kChi2Crit63, qPrintable(QString::number(chiWrong)));
    }

    void rankOrderIsResortedLazily()
    {
        ReplayConfig c;
        c.capacity = 6;
        c.sampler = ReplaySampler::Rank;
        c.rankResortInterval = 3;
        ReplayBuffer buffer(c);
        fill(buffer, {0.1, 0.5, 0.3, 0.2, 0.4, 0.6});  // 6 updates: re-sorted at the next sample
        Random rng(1);
        buffer.sample(1, rng);
        QCOMPARE(buffer.rank(5), std::size_t(1));
        QCOMPARE(buffer.rank(0), std::size_t(6));
        // Two updates (< 3): the order is kept; the third triggers a re-sort at the next sample.
        const std::vector<std::size_t> idx{0, 1};
        buffer.updatePriorities(idx, std::vector<double>{2.0, 0.0});
        buffer.sample(1, rng);
        QCOMPARE(buffer.rank(0), std::size_t(6));
        buffer.updatePriorities(std::vector<std::size_t>{2}, std::vector<double>{0.35});
        buffer.sample(1, rng);
        QCOMPARE(buffer.rank(0), std::size_t(1));  // |δ| 2.0
        QCOMPARE(buffer.rank(1), std::size_t(6));  // |δ| 0
        QCOMPARE(buffer.rank(2), std::size_t(4));  // 0.35 after 0.6, 0.4
    }

    void importanceWeights()
    {
        for (auto sampler : {ReplaySampler::Proportional, ReplaySampler::Rank, ReplaySampler::Uniform}) {
            ReplayConfig c;
            c.capacity = 300;
            c.sampler = sampler;
            c.beta0 = 0.4;
            c.betaSteps = 200;
            ReplayBuffer buffer(c);
            fill(buffer, randomDeltas(300, 12));
            Random rng(31);
            for (int b = 0; b < 400; ++b) {
                const ReplayBatch batch = buffer.sample(16, rng);
                QCOMPARE(batch.weights.size(), std::size_t(16));
                const double top = *std::max_element(batch.weights.begin(), batch.weights.end());
                QCOMPARE(top, 1.0);  // exactly, in every batch
                double maxRaw = 0;
                for (double p : batch.probabilities)
                    maxRaw = std::max(maxRaw, std::pow(300 * p, -batch.beta));
                for (std::size_t j = 0; j < 16; ++j) {
                    QVERIFY(batch.weights[j] <= 1.0 && batch.weights[j] > 0);
                    const double expected = std::pow(300 * batch.probabilities[j], -batch.beta) / maxRaw;
                    // 1e-12 relative: two pow() evaluations of the same quantity, rearranged.
                    QVERIFY(std::abs(batch.weights[j] - expected) <= 1e-12 * expected);
                    QCOMPARE(batch.probabilities[j], buffer.probability(batch.indices[j]));
                }
            }
        }
        // Buffer-wide normalisation: weights ≤ 1, and the least likely stored transition weighs exactly 1.
        ReplayConfig c;
        c.capacity = 10;
        c.sampler = ReplaySampler::Proportional;
        c.normalisation = WeightNormalisation::Buffer;
        c.betaSteps = 0;  // β = 1 from the start
        ReplayBuffer buffer(c);
        fill(buffer, {1, 1, 1, 1, 1, 1, 1, 1, 1, 0.001});
        Random rng(3);
        bool sawLeast = false;
        for (int b = 0; b < 2000; ++b) {
            const ReplayBatch batch = buffer.sample(4, rng);
            for (std::size_t j = 0; j < 4; ++j) {
                QVERIFY(batch.weights[j] <= 1.0);
                if (batch.indices[j] == 9) {
                    QCOMPARE(batch.weights[j], 1.0);
                    sawLeast = true;
                } else {
                    QVERIFY(batch.weights[j] < 0.1);  // (P_least / P_i)^1 = (0.001/1)^0.6 ≈ 0.016
                }
            }
        }
        QVERIFY(sawLeast);
    }

    void betaAnnealsLinearlyToOne()
    {
        ReplayConfig c;
        c.capacity = 10;
        c.sampler = ReplaySampler::Proportional;
        c.beta0 = 0.4;
        c.betaSteps = 100;
        ReplayBuffer buffer(c);
        fill(buffer, randomDeltas(10, 1));
        Random rng(1);
        for (long k = 0; k < 150; ++k) {
            const double expected = k >= 100 ? 1.0 : 0.4 + 0.6 * double(k) / 100.0;
            const ReplayBatch batch = buffer.sample(2, rng);
            QVERIFY(std::abs(batch.beta - expected) < 1e-15);
        }
        QCOMPARE(buffer.beta(), 1.0);  // exactly 1 at and after the end of the schedule
        QCOMPARE(buffer.annealSteps(), 150L);
        buffer.setAnnealSteps(50);
        QVERIFY(std::abs(buffer.beta() - 0.7) < 1e-15);
    }

    void newTransitionsGetTheMaximumPriority()
    {
        ReplayConfig c;
        c.capacity = 8;
        c.sampler = ReplaySampler::Proportional;
        c.alpha = 0.6;
        ReplayBuffer buffer(c);
        Transition t;
        QCOMPARE(buffer.tree().get(buffer.add(t)), 1.0);  // empty buffer: priority 1
        buffer.updatePriorities(std::vector<std::size_t>{0}, std::vector<double>{0.2});
        for (int i = 0; i < 4; ++i)
            buffer.add(t);
        buffer.updatePriorities(std::vector<std::size_t>{1, 2, 3, 4}, std::vector<double>{3.0, -5.0, 0.1, 1.0});
        const std::size_t slot = buffer.add(t);
        QCOMPARE(buffer.tree().get(slot), buffer.tree().max());
        QCOMPARE(buffer.tree().get(slot), std::pow(5.0 + c.epsilon, 0.6));
        QVERIFY(std::abs(buffer.priority(slot) - (5.0 + c.epsilon)) < 1e-12);
        // The maximum is the current one: after lowering slot 2, a new transition gets slot 1's priority.
        buffer.updatePriorities(std::vector<std::size_t>{2, slot}, std::vector<double>{0.0, 0.0});
        QCOMPARE(buffer.tree().get(buffer.add(t)), std::pow(3.0 + c.epsilon, 0.6));

        ReplayConfig r = c;
        r.sampler = ReplaySampler::Rank;
        ReplayBuffer ranked(r);
        fill(ranked, {0.5, 2.0, 0.1});
        ranked.resortRanks();
        const std::size_t s = ranked.add(t);
        QCOMPARE(ranked.rank(s), std::size_t(1));
        QCOMPARE(ranked.priority(s), 2.0 + r.epsilon);
        QCOMPARE(ranked.rank(1), std::size_t(2));  // the others move down by one
        QCOMPARE(ranked.rank(0), std::size_t(3));
        QCOMPARE(ranked.rank(2), std::size_t(4));
    }

    void ringBufferOverwritesTheOldest()
    {
        for (auto sampler : {ReplaySampler::Uniform, ReplaySampler::Proportional, ReplaySampler::Rank}) {
            ReplayConfig c;
            c.capacity = 5;
            c.sampler = sampler;
            c.featureDim = 2;
            ReplayBuffer buffer(c);
            Random rng(4);
            for (int i = 0; i < 12; ++i) {
                Transition t;
                t.state = i;
                t.action = i % 3;
                t.reward = 0.5 * i;
                t.nextState = i + 1;
                t.done = i % 4 == 0;
                t.features = {float(i), -float(i)};
                QCOMPARE(buffer.add(t), std::size_t(i % 5));
                QCOMPARE(buffer.size(), std::size_t(std::min(i + 1, 5)));
                if (i == 6)
                    buffer.sample(5, rng);
            }
            QCOMPARE(buffer.nextSlot(), std::size_t(2));
            for (std::size_t s = 0; s < 5; ++s) {
                const Transition t = buffer.at(s);
                const int i = s < 2 ? 10 + int(s) : 5 + int(s);  // slots 0, 1 hold 10, 11; slots 2 … 4 hold 7 … 9
                QCOMPARE(t.state, i);
                QCOMPARE(t.action, i % 3);
                QCOMPARE(t.reward, 0.5 * i);
                QCOMPARE(t.nextState, i + 1);
                QCOMPARE(t.done, i % 4 == 0);
                QCOMPARE(t.features, (std::vector<float>{float(i), -float(i)}));
                QVERIFY(t.nextFeatures.empty());
                QCOMPARE(buffer.sampleCounts()[s], std::uint64_t(0));  // every slot was rewritten after the draw
            }
            if (sampler == ReplaySampler::Rank) {  // ranks stay a permutation through overwrites
                std::vector<std::size_t> ranks;
                for (std::size_t s = 0; s < 5; ++s)
                    ranks.push_back(buffer.rank(s));
                std::sort(ranks.begin(), ranks.end());
                QCOMPARE(ranks, (std::vector<std::size_t>{1, 2, 3, 4, 5}));
                QCOMPARE(buffer.rank(1), std::size_t(1));  // the newest first
            }
        }
    }

    void badInputThrows()
    {
        expectInvalid([] { SumTree t(0); }, "capacity");
        expectInvalid([] { SumTree(4).set(4, 1.0); }, "index");
        expectInvalid([] { SumTree(4).set(0, std::nan("")); }, "priority");
        expectInvalid([] { SumTree(4).set(0, std::numeric_limits<double>::infinity()); }, "priority");
        expectInvalid([] { SumTree(4).set(0, -1.0); }, "priority");

        auto make = [](auto edit) {
            ReplayConfig c;
            c.capacity = 4;
            c.sampler = ReplaySampler::Proportional;
            edit(c);
            ReplayBuffer b(c);
        };
        expectInvalid([&] { make([](ReplayConfig& c) { c.capacity = 0; }); }, "capacity");
        expectInvalid([&] { make([](ReplayConfig& c) { c.alpha = -0.1; }); }, "alpha");
        expectInvalid([&] { make([](ReplayConfig& c) { c.alpha = std::nan(""); }); }, "alpha");
        expectInvalid([&] { make([](ReplayConfig& c) { c.beta0 = 1.5; }); }, "beta0");
        expectInvalid([&] { make([](ReplayConfig& c) { c.betaSteps = -1; }); }, "betaSteps");
        expectInvalid([&] { make([](ReplayConfig& c) { c.epsilon = -1e-3; }); }, "epsilon");
        expectInvalid([&] { make([](ReplayConfig& c) { c.rankResortInterval = 0; }); }, "rankResortInterval");
        expectInvalid([&] { make([](ReplayConfig& c) { c.featureDim = -1; }); }, "featureDim");

        ReplayConfig c;
        c.capacity = 4;
        c.sampler = ReplaySampler::Proportional;
        c.featureDim = 2;
        ReplayBuffer buffer(c);
        Random rng(1);
        expectInvalid([&] { buffer.sample(1, rng); }, "batch size");  // empty
        Transition t;
        t.features = {1.0f};
        expectInvalid([&] { buffer.add(t); }, "features");
        t.features = {1.0f, std::numeric_limits<float>::quiet_NaN()};
        expectInvalid([&] { buffer.add(t); }, "features");
        t.features.clear();
        t.reward = std::numeric_limits<double>::infinity();
        expectInvalid([&] { buffer.add(t); }, "reward");
        t.reward = 0;
        buffer.add(t);
        buffer.add(t);
        expectInvalid([&] { buffer.sample(3, rng); }, "batch size");
        expectInvalid([&] { buffer.sample(0, rng); }, "batch size");
        const std::vector<std::size_t> idx{0, 1};
        expectInvalid([&] { buffer.updatePriorities(idx, std::vector<double>{1.0, std::nan("")}); }, "TD error");
        expectInvalid([&] { buffer.updatePriorities(idx, std::vector<double>{1.0}); }, "tdErrors");
        expectInvalid([&] { buffer.updatePriorities(std::vector<std::size_t>{2}, std::vector<double>{1.0}); }, "slot");
        // A rejected update changes nothing.
        QCOMPARE(buffer.priority(0), 1.0);
        expectInvalid([&] { buffer.setAnnealSteps(-2); }, "anneal");
    }
};

QTEST_APPLESS_MAIN(TestReplayBuffer)
#include "tst_replaybuffer.moc"
