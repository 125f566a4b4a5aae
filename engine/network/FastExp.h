#pragma once

#include <bit>
#include <cstdint>

namespace neuroai::network {

// e^x in float with no call and no branch, so that a loop calling it vectorises (libm's expf is a call, which stops
// GCC's vectoriser). Range reduction x = k ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2, ln 2 split in two
// parts so that k ln 2 is exact enough (Cody and Waite); e^r by its Taylor polynomial to r^7 (truncation below
// 0.347^8 / 8! ≈ 5e-9 relative); 2^k put straight into the exponent bits. Relative error within about 3e-7 (a few
// float ulps) for x in [−87, 88]; x is clamped to that range, so the result is always a normal, finite float.
inline float fastExp(float x)
{
    constexpr float kLog2e = 1.44269504088896341f;
    constexpr float kLn2Hi = 0.693145751953125f;       // ln 2 to 16 bits: k · kLn2Hi is exact for |k| < 2^8
    constexpr float kLn2Lo = 1.428606765330187045e-6f;  // ln 2 − kLn2Hi
    constexpr float kRound = 12582912.0f;               // 1.5 · 2^23: adding and subtracting it rounds to an integer
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    const float k = (x * kLog2e + kRound) - kRound;
    const float r = (x - k * kLn2Hi) - k * kLn2Lo;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    const std::int32_t bits = (static_cast<std::int32_t>(k) + 127) * (1 << 23);
    return p * std::bit_cast<float>(bits);
}

// y / (e^y − 1), the shape of the HH opening rates α(v) = c (θ − v) / (e^{(θ − v)/s} − 1), which is 0/0 at y = 0.
// For |y| < 0.1 its series 1 − y/2 + y²/12 − y⁴/720 + y⁶/30240 (next term ≈ 1e-14 there) replaces the quotient,
// whose denominator loses relative accuracy as ε/|y| near 0; beyond, e^y − 1 keeps ~ 3e-6 relative accuracy at
// worst. Both sides are computed and one is selected, so the loop stays branch-free.
inline float relativeRate(float y, float ey)
{
    const float y2 = y * y;
    const float series = 1.0f - 0.5f * y + y2 * (1.0f / 12.0f + y2 * (-1.0f / 720.0f + y2 * (1.0f / 30240.0f)));
    const float quotient = y / (ey - 1.0f);
    const bool small = y < 0.1f && y > -0.1f;
    return small ? series : quotient;
}

}  // namespace neuroai::network
