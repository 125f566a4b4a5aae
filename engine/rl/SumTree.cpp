#include "engine/rl/SumTree.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t K = SumTree::kFanout;

std::size_t roundUpToBlock(std::size_t n)
{
    return (n + K - 1) / K * K;
}

// The partial sums c_0 … c_7 of a block's 8 values (c_j = v_0 + … + v_j), in one fixed association that is only 3
// additions deep (a chain of 7 would make every level of a descent and of an update wait ~7 add latencies):
// pairs first, then c_j = c_3 + (partial sum of v_4 … v_j). Rounding is monotone, so c stays non-decreasing, and
// the block's sum stored in its parent is this c_7 bit for bit: the children's slices [c_{j-1}, c_j) tile the
// parent's value exactly.
struct Partials {
    double c[K];
};
inline Partials partialSums(const double* v)
{
    const double p01 = v[0] + v[1];
    const double p23 = v[2] + v[3];
    const double p45 = v[4] + v[5];
    const double p67 = v[6] + v[7];
    const double c3 = p01 + p23;
    return {{v[0], p01, p01 + v[2], c3, c3 + v[4], c3 + p45, c3 + (p45 + v[6]), c3 + (p45 + p67)}};
}
// c_7 of partialSums(), the same additions in the same association.
inline double blockSum(const double* v)
{
    const double p01 = v[0] + v[1];
    const double p23 = v[2] + v[3];
    const double p45 = v[4] + v[5];
    const double p67 = v[6] + v[7];
    return (p01 + p23) + (p45 + p67);
}

// One step of the descent inside a block of 8 child sums: the child whose slice [c_{j-1}, c_j) of the left-to-right
// partial sums c holds u, and u made relative to that child. Written without data-dependent branches (the choice is
// a coin flip every level). When u is at or past the last partial sum (rounding, or a target >= total) the last
// non-empty child is taken. A child with value 0 is never chosen: its slice is empty (c_j = c_{j-1}), and the count
// of partial sums <= u skips it. The block's sum is positive whenever the descent reaches it, so a non-empty child
// exists.
inline std::size_t chooseChild(const double* v, double& u)
{
    const Partials p = partialSums(v);
    double before = 0;       // c_{j-1} for the chosen j
    double beforeLast = 0;   // c_{j-1} for the last non-empty child
    std::size_t count = 0;   // number of partial sums <= u
    std::size_t last = 0;
    for (std::size_t j = 0; j < K; ++j) {
        const bool below = p.c[j] <= u;
        count += std::size_t(below);
        before = below ? p.c[j] : before;
        const bool nonEmpty = v[j] > 0;
        last = nonEmpty ? j : last;
        beforeLast = nonEmpty ? (j == 0 ? 0.0 : p.c[j - 1]) : beforeLast;
    }
    const bool past = count == K;
    u -= past ? beforeLast : before;
    return past ? last : count;
}
}  // namespace

SumTree::SumTree(std::size_t capacity) : m_capacity(capacity)
{
    if (capacity < 1 || capacity > (std::size_t(1) << 30))
        throw std::invalid_argument("SumTree capacity must be in [1, 2^30] (got " + std::to_string(capacity) + ")");
    std::size_t size = roundUpToBlock(capacity);
    std::size_t offset = 0;
    for (;;) {
        m_levelSize.push_back(size);
        m_levelOffset.push_back(offset);
        offset += m_levelOffset.size() == 1 ? size : 3 * size;
        if (size == K)
            break;
        size = roundUpToBlock(size / K);
    }
    m_data.resize(offset);
    clear();
}

void SumTree::clear()
{
    std::fill(m_data.begin(), m_data.end(), 0.0);
    for (std::size_t level = 1; level < m_levelSize.size(); ++level)
        for (std::size_t block = 0; block < m_levelSize[level] / K; ++block)
            std::fill_n(m_data.begin() + std::ptrdiff_t(blockOffset(level, block) + 2 * K), K, kInf);
    m_total = 0;
    m_max = 0;
    m_min = kInf;
}

void SumTree::set(std::size_t i, double value)
{
    if (i >= m_capacity)
        throw std::invalid_argument("SumTree index must be < capacity " + std::to_string(m_capacity) + " (got " +
                                    std::to_string(i) + ")");
    if (!std::isfinite(value) || value < 0)
        throw std::invalid_argument("SumTree priority must be finite and >= 0 (got " + std::to_string(value) + ")");
    double* data = m_data.data();
    data[i] = value;
    // Level 0: the leaf block's sum, maximum and smallest positive value. Then up the levels, each block's three
    // numbers recomputed from its 8 entries (no incremental update, see the header).
    std::size_t entry = i;
    const double* leaves = data + (entry / K) * K;
    double sum = blockSum(leaves);
    double hi = leaves[0];
    double lo = kInf;
    for (std::size_t j = 0; j < K; ++j) {
        hi = std::max(hi, leaves[j]);
        lo = std::min(lo, leaves[j] > 0 ? leaves[j] : kInf);
    }
    for (std::size_t level = 1; level < m_levelSize.size(); ++level) {
        entry /= K;  // the entry of this level that summarises the block just computed
        double* block = data + blockOffset(level, entry / K);
        const std::size_t slot = entry % K;
        block[slot] = sum;
        block[K + slot] = hi;
        block[2 * K + slot] = lo;
        sum = blockSum(block);
        hi = block[K];
        lo = block[2 * K];
        for (std::size_t j = 1; j < K; ++j) {
            hi = std::max(hi, block[K + j]);
            lo = std::min(lo, block[2 * K + j]);
        }
    }
    m_total = sum;
    m_max = hi;
    m_min = lo;
}

std::size_t SumTree::find(double target) const
{
    if (!(m_total > 0))
        throw std::logic_error("SumTree::find on an empty tree (total 0)");
    if (std::isnan(target))
        throw std::invalid_argument("SumTree::find target must not be NaN (got " + std::to_string(target) + ")");
    const double* data = m_data.data();
    double u = std::max(target, 0.0);
    std::size_t entry = 0;  // the entry of the level above whose block we descend into (the root block is 0)
    for (std::size_t level = top() + 1; level-- > 0;)
        entry = entry * K + chooseChild(data + blockOffset(level, entry), u);
    return entry;
}

void SumTree::findMany(std::span<const double> targets, std::span<std::size_t> leaves) const
{
    if (targets.size() != leaves.size())
        throw std::invalid_argument("SumTree::findMany: leaves length must equal targets length " +
                                    std::to_string(targets.size()) + " (got " + std::to_string(leaves.size()) + ")");
    if (!(m_total > 0))
        throw std::logic_error("SumTree::findMany on an empty tree (total 0)");
    const double* data = m_data.data();
    // Up to kLanes descents advance level by level together: their loads are independent, so the memory system
    // serves several cache misses at once instead of one after the other. Same rule per lane as find().
    constexpr std::size_t kLanes = 16;
    for (std::size_t first = 0; first < targets.size(); first += kLanes) {
        const std::size_t lanes = std::min(kLanes, targets.size() - first);
        double u[kLanes];
        std::size_t entry[kLanes];
        for (std::size_t j = 0; j < lanes; ++j) {
            if (std::isnan(targets[first + j]))
                throw std::invalid_argument("SumTree::findMany target must not be NaN (got nan at " +
                                            std::to_string(first + j) + ")");
            u[j] = std::max(targets[first + j], 0.0);
            entry[j] = 0;
        }
        for (std::size_t level = top() + 1; level-- > 0;) {
            for (std::size_t j = 0; j < lanes; ++j) {
                const double* block = data + blockOffset(level, entry[j]);
                __builtin_prefetch(block);
                // The block's maxima and minima too: replay updates the drawn leaves next, and the update rewrites
                // these lines; fetching them now overlaps those misses with the descent's.
                if (level > 0) {
                    __builtin_prefetch(block + K);
                    __builtin_prefetch(block + 2 * K);
                }
            }
            for (std::size_t j = 0; j < lanes; ++j)
                entry[j] = entry[j] * K + chooseChild(data + blockOffset(level, entry[j]), u[j]);
        }
        for (std::size_t j = 0; j < lanes; ++j)
            leaves[first + j] = entry[j];
    }
}

double SumTree::nodeSum(std::size_t level, std::size_t entry) const
{
    if (level >= m_levelSize.size() || entry >= m_levelSize[level])
        throw std::out_of_range("SumTree::nodeSum: no entry " + std::to_string(entry) + " at level " +
                                std::to_string(level));
    return level == 0 ? m_data[entry] : m_data[blockOffset(level, entry / K) + entry % K];
}

double SumTree::nodeMax(std::size_t level, std::size_t entry) const
{
    if (level == 0)
        return nodeSum(0, entry);
    nodeSum(level, entry);  // range check
    return m_data[blockOffset(level, entry / K) + K + entry % K];
}

double SumTree::nodeMinPositive(std::size_t level, std::size_t entry) const
{
    if (level == 0) {
        const double v = nodeSum(0, entry);
        return v > 0 ? v : kInf;
    }
    nodeSum(level, entry);
    return m_data[blockOffset(level, entry / K) + 2 * K + entry % K];
}

}  // namespace neuroai::rl
