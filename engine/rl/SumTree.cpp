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
    // Recompute each ancestor from its two children: no incremental "+= delta", so no drift (see the header).
    for (k >>= 1; k >= 1; k >>= 1) {
        const std::size_t l = 2 * k;
        m_sum[k] = m_sum[l] + m_sum[l + 1];
        m_max[k] = std::max(m_max[l], m_max[l + 1]);
        m_min[k] = std::min(m_min[l], m_min[l + 1]);
    }
}

std::size_t SumTree::find(double target) const
{
    if (!(m_sum[1] > 0))
        throw std::logic_error("SumTree::find on an empty tree (total 0)");
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

}  // namespace neuroai::rl
