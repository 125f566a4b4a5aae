#pragma once

#include "engine/nn/Optimizer.h"
#include "engine/nn/Transformer.h"

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::nn {

// A tiny Vision Transformer (Dosovitskiy et al. 2021) for grey-scale images:
//   the image is cut into N = (size / patch)² patches, row-major; each patch's p² pixels (row-major) are embedded by
//   one Linear(p² → d); a learned [CLS] token is put in front and learned positions are added (d × (N + 1));
//   L pre-norm transformer blocks (H heads, MLP hidden width); a final LayerNorm of the [CLS] column and a
//   Linear(d → classes) give the logits.
// forward() keeps what backward() needs, so a batch runs its images one after another (trainBatch does).
struct VitConfig {
    int imageSize = 16;
    int patchSize = 4;
    int dim = 32;
    int heads = 2;
    int layers = 2;
    int mlpHidden = 64;
    int classes = 4;

    // Throws std::invalid_argument naming the field: sizes ≥ 1, patchSize divides imageSize, heads divide dim.
    void validate() const;
    int patchesPerSide() const { return imageSize / patchSize; }
    int patchCount() const { return patchesPerSide() * patchesPerSide(); }
    int tokenCount() const { return patchCount() + 1; }
};

class VisionTransformer {
public:
    VisionTransformer(const VitConfig& config, std::uint64_t seed);

    const VitConfig& config() const { return m_config; }
    // The patch tokens of an image, p² × N (column k = patch k, row-major over the grid). Throws for a wrong size.
    Matrix patches(const Eigen::MatrixXd& image) const;
    // Logits (classes × 1) of one image.
    Eigen::VectorXd forward(const Eigen::MatrixXd& image);
    // Accumulates the gradients of the latest forward() for dL/dlogits.
    void backward(const Eigen::VectorXd& dLogits);
    // A batch at once (one column of logits per image): the linear maps, norms and MLPs run on all the batch's tokens
    // together, attention within each image. The same numbers as image by image, in fewer, larger products.
    Matrix forwardBatch(const std::vector<const Eigen::MatrixXd*>& images);
    void backwardBatch(const Matrix& dLogits);

    TensorList parameters();
    Eigen::Index parameterCount();

    // Block l's attention of head h for image `image` of the latest forward (T × T; row 0 is [CLS]).
    const Matrix& attention(int layer, int head, int image = 0) const;
    // Attention rollout over the layers (heads averaged) for an image of the latest forward.
    Matrix rollout(int image = 0) const;

    std::vector<TransformerBlock>& blocks() { return m_blocks; }

    // Saves the configuration and every parameter as text, values as hexadecimal floating point (exact: a loaded
    // model gives bit-identical outputs). load() throws std::invalid_argument naming what is wrong with the text (a
    // wrong header, a bad configuration, a tensor missing, misnamed, of the wrong shape, or a non-finite value).
    void save(std::ostream& out);
    static VisionTransformer load(std::istream& in);

private:
    VitConfig m_config;
    Random m_rng;
    Linear m_embed;
    Tensor m_cls, m_positions;
    std::vector<TransformerBlock> m_blocks;
    LayerNorm m_norm;
    Linear m_head;
    int m_batch = 0;
};

// Forward and backward through a batch in chunks of about 128 token columns (measured: 32 images of 17 tokens took
// 11.1 ms at once and 7.2 ms in chunks of 8, the elementwise work staying in the caches), adding the gradient of
// the batch's mean cross-entropy to the parameters' gradients. Returns the mean loss and writes the right answers.
double accumulateGradients(VisionTransformer& vit, const std::vector<const Eigen::MatrixXd*>& images,
                           const std::vector<int>& labels, int* correct = nullptr);

// One optimiser step on a batch: forward and backward through every image, gradients averaged (mean cross-entropy),
// then `optimizer.step()`. Returns the batch's mean loss and writes how many it classified correctly.
double trainBatch(VisionTransformer& vit, TensorOptimizer& optimizer, const std::vector<const Eigen::MatrixXd*>& images,
                  const std::vector<int>& labels, int* correct = nullptr);

// The fraction of images classified correctly (argmax of the logits). With `progress`, a cancelled job stops within
// 16 images (JobCancelled).
double accuracy(VisionTransformer& vit, const std::vector<Eigen::MatrixXd>& images, const std::vector<int>& labels,
                const Progress* progress = nullptr);

}  // namespace neuroai::nn
