#include "engine/rl/SumTree.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace neuroai::rl {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}

SumTree::SumTree(std::size_t capacity) : m_capacity(capacity), m_leaves(0)
{
    if (capacity < 1 || capacity > (std::size_t(1) << 30))
        throw std::invalid_argument("SumTree capacity must be in [1, 2^30] (got " + std::to_string(capacity) + ")");
    m_leaves = std::bit_ceil(capacity);
    clear();
}

void SumTree::clear()
{
    m_sum.assign(2 * m_leaves, 0.0);
    m_max.assign(2 * m_leaves, 0.0);
    m_min.assign(2 * m_leaves, kInf);
}

void SumTree::set(std::size_t i, double value)
{
    if (i >= m_capacity)
        throw std::invalid_argument("SumTree index must be < capacity " + std::to_string(m_capacity) + " (got " +
                                    std::to_string(i) + ")");
    if (!std::isfinite(value) || value < 0)
        throw std::invalid_argument("SumTree priority must be finite and >= 0 (got " + std::to_string(value) + ")");
    std::size_t k = m_leaves + i;
    m_sum[k] = value;
    m_max[k] = value;
    m_min[k] = value > 0 ? value : kInf;
    // Recompute each ancestor from its two children: no incremental "+= delta", so no drift (see the header). The
    // running values stay in registers and only the siblings are loaded, so there is no store-to-load chain through
    // memory; fl(a + b) = fl(b + a) exactly, so the order of the operands does not change a single bit.
    double sum = m_sum[k];
    double hi = m_max[k];
    double lo = m_min[k];
    for (; k > 1; k >>= 1) {
        const std::size_t sibling = k ^ 1;
        sum = sum + m_sum[sibling];
        hi = std::max(hi, m_max[sibling]);
        lo = std::min(lo, m_min[sibling]);
        m_sum[k >> 1] = sum;
        m_max[k >> 1] = hi;
        m_min[k >> 1] = lo;
    }
}

std::size_t SumTree::find(double target) const
{
    if (!(m_sum[1] > 0))
        throw std::logic_error("SumTree::find on an empty tree (total 0)");
    if (std::isnan(target))
        throw std::invalid_argument("SumTree::find target must not be NaN (got " + std::to_string(target) + ")");
    const double* s = m_sum.data();
    double u = std::max(target, 0.0);
    std::size_t k = 1;
    // Invariant: node k has a positive sum. Since a parent is exactly fl(left + right) with both >= 0, a positive
    // parent has at least one positive child, and the rule below never enters a zero child, so the leaf reached is
    // positive. Written without branches on the data (the comparison feeds the index), which keeps the descent free
    // of mispredictions: the direction at each level is a coin flip.
    while (k < m_leaves) {
        const double left = s[2 * k];
        const double right = s[2 * k + 1];
        const bool goRight = (u >= left && right > 0) || !(left > 0);
        u -= goRight ? left : 0.0;
        k = 2 * k + std::size_t(goRight);
    }
    return k - m_leaves;
}

void SumTree::findMany(std::span<const double> targets, std::span<std::size_t> leaves) const
{
    if (targets.size() != leaves.size())
        throw std::invalid_argument("SumTree::findMany: leaves length must equal targets length " +
                                    std::to_string(targets.size()) + " (got " + std::to_string(leaves.size()) + ")");
    if (!(m_sum[1] > 0))
        throw std::logic_error("SumTree::findMany on an empty tree (total 0)");
    const double* s = m_sum.data();
    // Up to kLanes descents advance level by level together: their loads are independent, so the memory system
    // serves several cache misses at once instead of one after the other. Same rule per lane as find().
    constexpr std::size_t kLanes = 16;
    for (std::size_t first = 0; first < targets.size(); first += kLanes) {
        const std::size_t lanes = std::min(kLanes, targets.size() - first);
        double u[kLanes];
        std::size_t k[kLanes];
        for (std::size_t j = 0; j < lanes; ++j) {
            if (std::isnan(targets[first + j]))
                throw std::invalid_argument("SumTree::findMany target must not be NaN (got nan at " +
                                            std::to_string(first + j) + ")");
            u[j] = std::max(targets[first + j], 0.0);
            k[j] = 1;
        }
        for (std::size_t level = 1; level < m_leaves; level *= 2) {
            for (std::size_t j = 0; j < lanes; ++j) {
                const double left = s[2 * k[j]];
                const double right = s[2 * k[j] + 1];
                const bool goRight = (u[j] >= left && right > 0) || !(left > 0);
                u[j] -= goRight ? left : 0.0;
                k[j] = 2 * k[j] + std::size_t(goRight);
            }
        }
        for (std::size_t j = 0; j < lanes; ++j)
            leaves[first + j] = k[j] - m_leaves;
    }
}

}  // namespace neuroai::rl
