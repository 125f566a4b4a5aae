#pragma once

// Small helpers shared by the batch experiments' spec tables and run functions (engine/*/…Experiments.cpp).

#include "engine/core/ParamSpec.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace neuroai {

// The spec with the heading under which the GUI groups it (e.g. "Sparse coding").
inline ParamSpec grouped(ParamSpec spec, const char* group)
{
    spec.group = group;
    return spec;
}

// A whole-number parameter's value (its spec allows only whole numbers).
inline int intOf(const ParamSet& p, const char* key) { return int(std::lround(p[key])); }

// The parameter "seed" as the engine's seed type.
inline std::uint64_t seedOf(const ParamSet& p) { return std::uint64_t(std::llround(p["seed"])); }

// 0 instead of a non-finite value, for a scalar output whose label says what 0 means (scalars are always finite).
inline double orZero(double v) { return std::isfinite(v) ? v : 0.0; }

// A number for a result's note: fixed decimals (0-9) with a real minus sign ("−0.50", never "-0.50" or "−0.00");
// "n/a" for NaN or infinity.
inline std::string signedFixed(double v, int decimals)
{
    if (!std::isfinite(v))
        return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", std::clamp(decimals, 0, 9), std::abs(v));
    std::string s = buffer;
    if (v < 0 && s.find_first_not_of("0.") != std::string::npos)
        s = "−" + s;
    return s;
}

}  // namespace neuroai
