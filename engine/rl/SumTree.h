#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace neuroai::rl {

// A binary sum tree over a fixed number of non-negative leaf values (priorities), the data structure behind
// proportional prioritized replay (Schaul et al. 2016, appendix B.2.1). Sampling leaf i with probability
// p_i / Σp costs O(log N): draw u uniform in [0, total) and descend from the root, going left when u falls inside
// the left child's sum and otherwise subtracting that sum and going right.
//
// Layout: an implicit heap in one array. Node 1 is the root, node k has children 2k and 2k+1, and the leaves sit at
// [L, 2L) where L is the capacity rounded up to a power of two. The L − capacity padding leaves are 0 forever, so they
// carry no probability mass and are never returned. Padding costs at most twice the memory, and buys a tree in which
// every leaf is at the same depth and the leaves are in index order, so a prefix sum over the leaves is exactly the
// left-to-right sum the descent computes (a "2N − 1 nodes" layout with a non-power-of-two N puts leaves on two
// levels and breaks that order).
//
// Floating point: sums are doubles, and an update rewrites the leaf and then recomputes every ancestor as the sum of
// its two children (never "parent += delta"). Each parent is therefore exactly fl(left + right) at all times, and the
// whole tree is a pure function of its leaves: after any sequence of updates it is bit-identical to a tree built from
// scratch, so no rounding error accumulates however many updates are made. The root differs from the exact sum of the
// leaves only by the rounding of one pairwise summation (relative error ≲ log2(L)·2⁻⁵³).
//
// Two parallel trees in the same layout track the largest leaf (new transitions get the maximum priority) and the
// smallest strictly positive leaf (the largest importance weight of the buffer); zero leaves are "empty", so the
// minimum skips them.
class SumTree {
public:
    // Throws std::invalid_argument naming the value unless 1 <= capacity <= 2^30.
    explicit SumTree(std::size_t capacity);

    std::size_t capacity() const { return m_capacity; }
    // The number of leaves including padding (a power of two >= capacity); leaf i is node leafCount() + i.
    std::size_t leafCount() const { return m_leaves; }

    // Sets leaf i to value. Throws std::invalid_argument naming the value unless i < capacity and value is finite
    // and >= 0. O(log N).
    void set(std::size_t i, double value);
    double get(std::size_t i) const { return m_sum[m_leaves + i]; }
    // All leaves to 0.
    void clear();

    double total() const { return m_sum[1]; }
    // The largest leaf (0 when all are 0).
    double max() const { return m_max[1]; }
    // The smallest strictly positive leaf (+∞ when all are 0).
    double minPositive() const { return m_min[1]; }

    // The leaf whose cumulative interval [Σ_{j<i} p_j, Σ_{j<=i} p_j) contains target, for target in [0, total()).
    // Never returns a leaf with value 0: where rounding would steer the descent into an empty subtree (target at or
    // just above total(), or just above a boundary) it goes to the non-empty sibling instead. A target below 0 is
    // treated as 0 and one at or above total() gives the last non-empty leaf. Throws std::logic_error when total()
    // is 0 (nothing to sample) and std::invalid_argument for a NaN target.
    std::size_t find(double target) const;
    // find() for many targets at once (leaves[j] = find(targets[j]), bit for bit), with the descents interleaved so
    // that their cache misses overlap; the sampler's batch path. Throws std::invalid_argument when the lengths differ.
    void findMany(std::span<const double> targets, std::span<std::size_t> leaves) const;

    // The whole sum array in heap layout (index 0 unused), for tests and for drawing the tree.
    std::span<const double> nodes() const { return m_sum; }

private:
    std::size_t m_capacity;
    std::size_t m_leaves;
    std::vector<double> m_sum;  // heap layout, size 2L
    std::vector<double> m_max;
    std::vector<double> m_min;
};

}  // namespace neuroai::rl
