#pragma once

#include <cstddef>
#include <new>
#include <span>
#include <vector>

namespace neuroai::rl {

// A sum tree over a fixed number of non-negative leaf values (priorities), the data structure behind proportional
// prioritized replay (Schaul et al. 2016, appendix B.2.1). Sampling leaf i with probability p_i / Σp costs
// O(log N): draw u uniform in [0, total) and descend from the root, at each node moving into the child whose slice of
// the node's sum contains u and subtracting the sums of the children before it.
//
// Fan-out 8, one cache line per step. A binary tree over 10^6 leaves is 20 levels deep and its lower levels do not
// fit in cache, so every draw pays a chain of dependent cache misses, one per level. Here a node has 8 children and
// the 8 child sums sit together in one 64-byte-aligned line: a descent reads 7 lines for 10^6 leaves instead of 20
// scattered doubles, and an update rewrites the same 7 lines (the ones the draw just brought into cache when, as in
// replay, the drawn leaf is the one updated).
//
// Levels: level 0 is the leaves, in index order, padded with zeros to a multiple of 8. Entry e of level l + 1
// summarises the 8 entries 8e … 8e + 7 of level l ("block" e of level l); each level is padded to a multiple of 8
// entries, and the top level is a single block of 8 whose sum is the total. For 10^6 leaves the levels hold 10^6,
// 125000, 15632, 1960, 248, 32 and 8 entries. Internal entries keep three numbers per child block: its sum, its
// largest leaf (new transitions get the maximum priority) and its smallest strictly positive leaf (the largest
// importance weight the buffer could give); each is stored as 8 consecutive doubles per block (sums, then maxima,
// then minima), so the descent touches only the sums.
//
// Floating point: an entry's sum is always recomputed from its 8 children, added left to right in a fixed order
// (never "parent += delta"), so every entry is a pure function of the leaves: after any sequence of updates the tree
// is bit-identical to one built from scratch, and no rounding error accumulates however many updates are made. The
// descent uses the same left-to-right partial sums, so the children's slices tile the parent's sum exactly.
class SumTree {
public:
    static constexpr std::size_t kFanout = 8;

    // Throws std::invalid_argument naming the value unless 1 <= capacity <= 2^30.
    explicit SumTree(std::size_t capacity);

    std::size_t capacity() const { return m_capacity; }
    // The number of leaves including padding (capacity rounded up to a multiple of 8).
    std::size_t leafCount() const { return m_levelSize[0]; }

    // Sets leaf i to value. Throws std::invalid_argument naming the value unless i < capacity and value is finite
    // and >= 0. O(log N).
    void set(std::size_t i, double value);
    double get(std::size_t i) const { return m_data[i]; }
    // All leaves to 0.
    void clear();

    double total() const { return m_total; }
    // The largest leaf (0 when all are 0).
    double max() const { return m_max; }
    // The smallest strictly positive leaf (+∞ when all are 0).
    double minPositive() const { return m_min; }

    // The leaf whose cumulative interval [Σ_{j<i} p_j, Σ_{j<=i} p_j) contains target, for target in [0, total()).
    // Never returns a leaf with value 0: where rounding would steer the descent past the end of a node's children
    // (target at or just above total(), or just above a boundary) it takes the node's last non-empty child instead.
    // A target below 0 is treated as 0 and one at or above total() gives the last non-empty leaf. Throws
    // std::logic_error when total() is 0 (nothing to sample) and std::invalid_argument for a NaN target.
    std::size_t find(double target) const;
    // find() for many targets at once (leaves[j] = find(targets[j]), bit for bit), with the descents interleaved so
    // that their cache misses overlap; the sampler's batch path. Throws std::invalid_argument when the lengths differ.
    void findMany(std::span<const double> targets, std::span<std::size_t> leaves) const;

    // The tree's structure, for tests and for drawing it: levelCount() levels, level 0 the leaves; level l has
    // levelSize(l) entries (padding included). Entry e of level l >= 1 summarises entries 8e … 8e + 7 of level l − 1:
    // nodeSum is their sum (left to right), nodeMax their largest leaf and nodeMinPositive their smallest positive leaf
    // (+∞ if none). For level 0 the three are the leaf itself (and +∞ for a zero leaf's minimum).
    std::size_t levelCount() const { return m_levelSize.size(); }
    std::size_t levelSize(std::size_t level) const { return m_levelSize.at(level); }
    double nodeSum(std::size_t level, std::size_t entry) const;
    double nodeMax(std::size_t level, std::size_t entry) const;
    double nodeMinPositive(std::size_t level, std::size_t entry) const;

private:
    template <typename T>
    struct CacheLineAllocator {
        using value_type = T;
        CacheLineAllocator() = default;
        template <typename U>
        CacheLineAllocator(const CacheLineAllocator<U>&) noexcept {}
        T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64))); }
        void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, std::align_val_t(64)); }
        friend bool operator==(const CacheLineAllocator&, const CacheLineAllocator&) { return true; }
    };

    // Where block b of level l starts in m_data: level 0 blocks are 8 doubles (the leaves), blocks of higher levels
    // 24 (8 sums, 8 maxima, 8 minima).
    std::size_t blockOffset(std::size_t level, std::size_t block) const
    {
        return m_levelOffset[level] + block * (level == 0 ? kFanout : 3 * kFanout);
    }
    std::size_t top() const { return m_levelSize.size() - 1; }

    std::size_t m_capacity;
    std::vector<std::size_t> m_levelSize;    // entries per level, multiples of 8; the last is 8
    std::vector<std::size_t> m_levelOffset;  // first double of each level in m_data
    std::vector<double, CacheLineAllocator<double>> m_data;
    double m_total = 0;
    double m_max = 0;
    double m_min = 0;
};

}  // namespace neuroai::rl
