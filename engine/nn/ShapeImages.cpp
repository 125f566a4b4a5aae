#include "engine/nn/ShapeImages.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace neuroai::nn {

void ShapeImageSettings::validate() const
{
    const auto fail = [](const std::string& what) { throw std::invalid_argument("shape images: " + what); };
    if (size < 8 || size > 64)
        fail("size = " + std::to_string(size) + " must be in [8, 64]");
    if (!(std::isfinite(noise) && noise >= 0 && noise <= 2))
        fail("noise = " + std::to_string(noise) + " must be in [0, 2]");
    if (!(std::isfinite(minRadius) && minRadius >= 1 && maxRadius >= minRadius && std::isfinite(maxRadius)))
        fail("radius range [" + std::to_string(minRadius) + ", " + std::to_string(maxRadius) +
             "] must start at ≥ 1 and not be reversed");
    if (!(std::isfinite(jitter) && jitter >= 0 && maxRadius + jitter <= size / 2.0))
        fail("jitter = " + std::to_string(jitter) + " must be ≥ 0 and keep the largest shape inside the image");
}

const char* shapeName(Shape shape)
{
    switch (shape) {
    case Shape::Ring:
        return "ring";
    case Shape::Square:
        return "square";
    case Shape::Plus:
        return "plus";
    case Shape::Cross:
        return "X";
    }
    return "?";
}

namespace {

// Is the point (dx, dy) from the centre (in pixels) inside the shape of half-extent r?
bool inside(Shape shape, double dx, double dy, double r)
{
    const double stroke = std::max(1.0, 0.3 * r);  // bar and ring thickness
    switch (shape) {
    case Shape::Ring: {
        const double d = std::hypot(dx, dy);
        return d <= r && d >= r - stroke;
    }
    case Shape::Square:
        return std::abs(dx) <= 0.8 * r && std::abs(dy) <= 0.8 * r;
    case Shape::Plus:
        return (std::abs(dx) <= stroke / 2 && std::abs(dy) <= r) || (std::abs(dy) <= stroke / 2 && std::abs(dx) <= r);
    case Shape::Cross: {
        const double u = (dx + dy) / std::sqrt(2.0), v = (dx - dy) / std::sqrt(2.0);
        return (std::abs(u) <= stroke / 2 && std::abs(v) <= r) || (std::abs(v) <= stroke / 2 && std::abs(u) <= r);
    }
    }
    return false;
}

}  // namespace

Eigen::MatrixXd renderShape(const ShapeImageSettings& s, Shape shape, Random& rng)
{
    const double mid = s.size / 2.0;
    const double cx = mid + s.jitter * (2 * rng.uniform() - 1), cy = mid + s.jitter * (2 * rng.uniform() - 1);
    const double r = s.minRadius + (s.maxRadius - s.minRadius) * rng.uniform();
    const double brightness = 0.7 + 0.3 * rng.uniform();
    constexpr int kSub = 4;
    Eigen::MatrixXd image(s.size, s.size);
    for (int row = 0; row < s.size; ++row)
        for (int col = 0; col < s.size; ++col) {
            int hits = 0;
            for (int i = 0; i < kSub; ++i)
                for (int j = 0; j < kSub; ++j)
                    hits += inside(shape, col + (j + 0.5) / kSub - cx, row + (i + 0.5) / kSub - cy, r) ? 1 : 0;
            image(row, col) = brightness * hits / double(kSub * kSub) + s.noise * rng.normal();
        }
    return image;
}

ShapeImages renderShapes(const ShapeImageSettings& settings, int count, std::uint64_t seed)
{
    settings.validate();
    if (count < 0)
        throw std::invalid_argument("shape images: count = " + std::to_string(count) + " must be ≥ 0");
    Random rng(seed);
    ShapeImages out;
    out.size = settings.size;
    out.images.reserve(std::size_t(count));
    for (int k = 0; k < count; ++k) {
        const Shape shape = Shape(k % kShapeCount);
        out.images.push_back(renderShape(settings, shape, rng));
        out.labels.push_back(int(shape));
    }
    return out;
}

}  // namespace neuroai::nn
