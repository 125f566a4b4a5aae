#include "widgets/Colormap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace neuroai::widgets {

namespace {
struct Rgb {
    int r, g, b;
};

// Viridis at ten equally spaced stops (Smith & van der Walt's map, as tabulated by viridisLite); linear
// interpolation between stops stays within a few levels of the full 256-entry table.
constexpr std::array<Rgb, 10> kViridis = {{{0x44, 0x01, 0x54}, {0x48, 0x28, 0x78}, {0x3e, 0x4a, 0x89},
                                           {0x31, 0x68, 0x8e}, {0x26, 0x82, 0x8e}, {0x1f, 0x9e, 0x89},
                                           {0x35, 0xb7, 0x79}, {0x6d, 0xcd, 0x59}, {0xb4, 0xde, 0x2c},
                                           {0xfd, 0xe7, 0x25}}};

// Blue–white–red, symmetric lightness steps on either side of a pure white middle (ColorBrewer RdBu hues).
constexpr std::array<Rgb, 9> kDiverging = {{{0x05, 0x30, 0x61}, {0x21, 0x66, 0xac}, {0x43, 0x93, 0xc3},
                                            {0x92, 0xc5, 0xde}, {0xff, 0xff, 0xff}, {0xf4, 0xa5, 0x82},
                                            {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f}}};

template <std::size_t N>
QRgb interpolate(const std::array<Rgb, N>& stops, double fraction)
{
    const double position = std::clamp(fraction, 0.0, 1.0) * (N - 1);
    const std::size_t i = std::min(std::size_t(position), N - 2);
    const double w = position - double(i);
    const auto mix = [w](int a, int b) { return int(std::lround(a + (b - a) * w)); };
    return qRgb(mix(stops[i].r, stops[i + 1].r), mix(stops[i].g, stops[i + 1].g), mix(stops[i].b, stops[i + 1].b));
}
}  // namespace

QRgb colormapRgb(Colormap map, double fraction)
{
    if (std::isnan(fraction))
        return nanColour();
    return map == Colormap::Viridis ? interpolate(kViridis, fraction) : interpolate(kDiverging, fraction);
}

}  // namespace neuroai::widgets
