#pragma once

#include "engine/core/Random.h"

#include <Eigen/Dense>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace neuroai::nn {

// The Vision Transformer's data set, rendered on the fly (nothing is downloaded): grey-scale images of one of four
// shapes — a ring, a filled square, a plus and an X — each at a random centre (±2 px around the middle), size and
// brightness, with Gaussian pixel noise. Pixels are the shape's coverage of the pixel (4 × 4 supersampling) times the
// brightness, plus noise, so edges are anti-aliased. The same seed gives the same images on every platform.
struct ShapeImageSettings {
    int size = 16;             // images are size × size pixels
    double noise = 0.1;        // standard deviation of the pixel noise
    double minRadius = 3.5;    // half the shape's extent, in pixels
    double maxRadius = 6.0;
    double jitter = 2.0;       // largest offset of the centre from the image's middle, in pixels

    // Throws std::invalid_argument naming the setting.
    void validate() const;
};

enum class Shape { Ring = 0, Square = 1, Plus = 2, Cross = 3 };
constexpr int kShapeCount = 4;
const char* shapeName(Shape shape);

struct ShapeImages {
    int size = 0;
    std::vector<Eigen::MatrixXd> images;  // size × size, row 0 at the top
    std::vector<int> labels;              // Shape values
};

// `count` images with labels cycling through the four shapes (so every class is equally common), drawn from `seed`.
ShapeImages renderShapes(const ShapeImageSettings& settings, int count, std::uint64_t seed);

// One image of `shape` (its random centre, size and brightness drawn from rng).
Eigen::MatrixXd renderShape(const ShapeImageSettings& settings, Shape shape, Random& rng);

}  // namespace neuroai::nn
