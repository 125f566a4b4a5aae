#include "engine/nn/Conv2d.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

void Conv2dConfig::validate() const
{
    const char* owner = "Conv2d";
    checkSize(owner, "channels", channels, 1, 1024);
    checkSize(owner, "height", height, 1, 4096);
    checkSize(owner, "width", width, 1, 4096);
    checkSize(owner, "filters", filters, 1, 1024);
    checkSize(owner, "kernel", kernel, 1, 64);
    if (padding == Padding::Same && kernel % 2 == 0)
        throw std::invalid_argument("Conv2d: kernel = " + std::to_string(kernel) + " must be odd for 'same' padding");
    if (padding == Padding::Valid && (kernel > height || kernel > width))
        throw std::invalid_argument("Conv2d: kernel = " + std::to_string(kernel) + " must not exceed the image (" +
                                    std::to_string(height) + " × " + std::to_string(width) + ") for 'valid' padding");
    if (!(std::isfinite(initScale) && initScale >= 0))
        throw std::invalid_argument("Conv2d: initScale = " + std::to_string(initScale) + " must be finite and ≥ 0");
}

Conv2d::Conv2d(std::string name, const Conv2dConfig& config, Random& rng)
    : m_config(validated(config)),
      m_name(name),
      m_w(name + ".weight", config.filters, config.fanIn()),
      m_b(name + ".bias", config.filters, 1)
{
    m_w.randomise(rng, config.initScale / std::sqrt(double(config.fanIn())));
}

Matrix Conv2d::forward(const Matrix& x)
{
    const Conv2dConfig& c = m_config;
    if (x.rows() != c.inputSize())
        throw std::invalid_argument("Conv2d " + m_name + ": input has " + std::to_string(x.rows()) +
                                    " rows, expected " + std::to_string(c.inputSize()) +
                                    " (channels × height × width)");
    if (x.cols() < 1)
        throw std::invalid_argument("Conv2d " + m_name + ": an empty batch");
    const int k = c.kernel, p = c.pad(), h = c.height, w = c.width, oh = c.outHeight(), ow = c.outWidth();
    const Eigen::Index positions = Eigen::Index(oh) * ow;
    m_batch = x.cols();
    // im2col: row n·H'W' + i·W' + j, column (ch·k + u)·k + v holds x[ch, i + u − p, j + v − p] (0 outside).
    m_cols.resize(m_batch * positions, c.fanIn());
    for (int ch = 0; ch < c.channels; ++ch)
        for (int u = 0; u < k; ++u)
            for (int v = 0; v < k; ++v) {
                double* dst = m_cols.col((Eigen::Index(ch) * k + u) * k + v).data();
                for (Eigen::Index n = 0; n < m_batch; ++n) {
                    const double* image = x.col(n).data() + Eigen::Index(ch) * h * w;
                    for (int i = 0; i < oh; ++i) {
                        const int row = i + u - p;
                        const bool rowInside = row >= 0 && row < h;
                        for (int j = 0; j < ow; ++j) {
                            const int col = j + v - p;
                            *dst++ = rowInside && col >= 0 && col < w ? image[row * w + col] : 0.0;
                        }
                    }
                }
            }
    const Matrix y = m_cols * m_w.value.transpose();  // (N·H'W') × K
    Matrix out(c.outputSize(), m_batch);
    for (Eigen::Index n = 0; n < m_batch; ++n)
        for (int f = 0; f < c.filters; ++f)
            out.col(n).segment(f * positions, positions) =
                y.col(f).segment(n * positions, positions).array() + m_b.value(f, 0);
    return out;
}

Matrix Conv2d::backward(const Matrix& dy, bool inputGradient)
{
    const Conv2dConfig& c = m_config;
    if (dy.rows() != c.outputSize() || dy.cols() != m_batch || m_batch == 0)
        throw std::invalid_argument("Conv2d " + m_name + ": backward with a " + std::to_string(dy.rows()) + " × " +
                                    std::to_string(dy.cols()) + " gradient after a forward of " +
                                    std::to_string(m_batch) + " images of " + std::to_string(c.outputSize()) +
                                    " outputs");
    const int k = c.kernel, p = c.pad(), h = c.height, w = c.width, oh = c.outHeight(), ow = c.outWidth();
    const Eigen::Index positions = Eigen::Index(oh) * ow;
    Matrix dyCols(m_batch * positions, c.filters);  // the layout of forward's product
    for (Eigen::Index n = 0; n < m_batch; ++n)
        for (int f = 0; f < c.filters; ++f)
            dyCols.col(f).segment(n * positions, positions) = dy.col(n).segment(f * positions, positions);
    m_w.grad.noalias() += dyCols.transpose() * m_cols;
    m_b.grad.col(0) += dyCols.colwise().sum().transpose();
    if (!inputGradient)
        return Matrix();
    const Matrix dCols = dyCols * m_w.value;  // (N·H'W') × (C·k²)
    Matrix dx = Matrix::Zero(c.inputSize(), m_batch);
    for (int ch = 0; ch < c.channels; ++ch)
        for (int u = 0; u < k; ++u)
            for (int v = 0; v < k; ++v) {
                const double* src = dCols.col((Eigen::Index(ch) * k + u) * k + v).data();
                for (Eigen::Index n = 0; n < m_batch; ++n) {
                    double* image = dx.col(n).data() + Eigen::Index(ch) * h * w;
                    for (int i = 0; i < oh; ++i) {
                        const int row = i + u - p;
                        const bool rowInside = row >= 0 && row < h;
                        for (int j = 0; j < ow; ++j, ++src) {
                            const int col = j + v - p;
                            if (rowInside && col >= 0 && col < w)
                                image[row * w + col] += *src;
                        }
                    }
                }
            }
    return dx;
}

}  // namespace neuroai::nn
