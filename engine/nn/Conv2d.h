#pragma once

#include "engine/nn/Tensor.h"

#include <string>

namespace neuroai::nn {

// A 2-D convolution layer (as in every deep-learning library it is a cross-correlation: the kernel is not flipped),
// stride 1, with a bias per filter, batched over images:
//
//     y[f, i, j] = b[f] + Σ_c Σ_{u,v=0}^{k−1} w[f, c, u, v] · x[c, i + u − p, j + v − p]
//
// for C input channels of H × W pixels, K filters of k × k, and p = 0 ('valid': the output is (H − k + 1) ×
// (W − k + 1)) or p = (k − 1)/2 for odd k ('same': the output is H × W, pixels outside the image count as 0).
//
// Layout (the column convention of Layers.h: one column per image):
//   input   (C·H·W) × N, pixel (c, row, col) of image n at row (c·H + row)·W + col of column n;
//   output  (K·H'·W') × N, the same channel-major, row-major order over the K feature maps;
//   weight  K × (C·k·k), row f is filter f with entry (c, u, v) at column (c·k + u)·k + v, so each channel of a
//           filter is a k × k image stored row-major (u = row, v = column);
//   bias    K × 1.
// Initial weights are normal with standard deviation initScale / √(C·k²) (initScale 1 is the 1/fan-in variance of
// Linear), the bias is zero.
//
// forward() writes every image's k × k neighbourhoods as the rows of one (N·H'·W') × (C·k²) matrix (im2col), so the
// whole batch is one matrix product with the weights; backward() gets the weight gradient from the same matrix and,
// when asked, scatters the neighbourhood gradients back onto the pixels (col2im). backward() adds into the tensors'
// `grad`, as the other layers do.
enum class Padding { Valid, Same };

struct Conv2dConfig {
    int channels = 1;
    int height = 16;
    int width = 16;
    int filters = 8;
    int kernel = 5;
    Padding padding = Padding::Valid;
    double initScale = 1.0;

    // Throws std::invalid_argument "Conv2d: <field> = <value> must …": sizes in [1, 4096] (filters, channels ≤ 1024,
    // kernel ≤ 64), the kernel no larger than the image for 'valid', odd for 'same', initScale finite and ≥ 0.
    void validate() const;
    int pad() const { return padding == Padding::Same ? (kernel - 1) / 2 : 0; }
    int outHeight() const { return height + 2 * pad() - kernel + 1; }
    int outWidth() const { return width + 2 * pad() - kernel + 1; }
    int inputSize() const { return channels * height * width; }
    int outputSize() const { return filters * outHeight() * outWidth(); }
    int fanIn() const { return channels * kernel * kernel; }
};

class Conv2d {
public:
    Conv2d(std::string name, const Conv2dConfig& config, Random& rng);

    const Conv2dConfig& config() const { return m_config; }
    // x: inputSize × N (N ≥ 1) → outputSize × N. Throws std::invalid_argument for a wrong number of rows or no image.
    Matrix forward(const Matrix& x);
    // dy: outputSize × N of the latest forward. Adds the weight and bias gradients; returns the input gradient
    // (inputSize × N), or an empty matrix when inputGradient is false (a first layer needs none; it saves a product).
    Matrix backward(const Matrix& dy, bool inputGradient = true);
    void collect(TensorList& list) { list.push_back(&m_w), list.push_back(&m_b); }
    Tensor& weight() { return m_w; }
    const Tensor& weight() const { return m_w; }
    Tensor& bias() { return m_b; }

private:
    Conv2dConfig m_config;
    std::string m_name;
    Tensor m_w, m_b;
    Matrix m_cols;  // im2col of the latest forward: (N·H'·W') × (C·k²)
    Eigen::Index m_batch = 0;
};

}  // namespace neuroai::nn
