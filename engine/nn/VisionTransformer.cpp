#include "engine/nn/VisionTransformer.h"

#include "engine/core/Job.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

void VitConfig::validate() const
{
    const char* owner = "Vision Transformer";
    checkSize(owner, "imageSize", imageSize, 1, 4096);
    checkSize(owner, "patchSize", patchSize, 1, 4096);
    checkSize(owner, "classes", classes, 1, 4096);
    checkDivides(owner, "patchSize", patchSize, "imageSize", imageSize);
    checkTransformerShape(owner, dim, heads, layers, mlpHidden);
}

VisionTransformer::VisionTransformer(const VitConfig& config, std::uint64_t seed)
    : m_config(validated(config)),
      m_rng(seed),
      m_embed("embed", config.patchSize * config.patchSize, config.dim, m_rng),
      m_cls("cls", config.dim, 1),
      m_positions("positions", config.dim, config.tokenCount()),
      m_norm("norm", config.dim),
      m_head("head", config.dim, config.classes, m_rng)
{
    m_cls.randomise(m_rng, 0.02);
    m_positions.randomise(m_rng, 0.02);
    m_blocks.reserve(std::size_t(config.layers));
    for (int l = 0; l < config.layers; ++l)
        m_blocks.emplace_back("block" + std::to_string(l), config.dim, config.heads, config.mlpHidden, m_rng);
}

Matrix VisionTransformer::patches(const Eigen::MatrixXd& image) const
{
    const int s = m_config.imageSize, p = m_config.patchSize, n = m_config.patchesPerSide();
    if (image.rows() != s || image.cols() != s)
        throw std::invalid_argument("Vision Transformer: image is " + std::to_string(image.rows()) + " × " +
                                    std::to_string(image.cols()) + ", expected " + std::to_string(s) + " × " +
                                    std::to_string(s));
    Matrix out(p * p, n * n);
    for (int gr = 0; gr < n; ++gr)
        for (int gc = 0; gc < n; ++gc)
            for (int r = 0; r < p; ++r)
                for (int c = 0; c < p; ++c)
                    out(r * p + c, gr * n + gc) = image(gr * p + r, gc * p + c);
    return out;
}

Eigen::VectorXd VisionTransformer::forward(const Eigen::MatrixXd& image)
{
    return forwardBatch({&image}).col(0);
}

void VisionTransformer::backward(const Eigen::VectorXd& dLogits)
{
    backwardBatch(dLogits);
}

Matrix VisionTransformer::forwardBatch(const std::vector<const Eigen::MatrixXd*>& images)
{
    if (images.empty())
        throw std::invalid_argument("Vision Transformer: an empty batch");
    const int n = m_config.patchCount(), tokens = m_config.tokenCount(), p2 = m_config.patchSize * m_config.patchSize;
    m_batch = int(images.size());
    Matrix allPatches(p2, Eigen::Index(m_batch) * n);
    for (int b = 0; b < m_batch; ++b)
        allPatches.middleCols(Eigen::Index(b) * n, n) = patches(*images[std::size_t(b)]);
    const Matrix embedded = m_embed.forward(allPatches);
    Matrix x(m_config.dim, Eigen::Index(m_batch) * tokens);
    for (int b = 0; b < m_batch; ++b) {
        const Eigen::Index c = Eigen::Index(b) * tokens;
        x.col(c) = m_cls.value.col(0);
        x.middleCols(c + 1, n) = embedded.middleCols(Eigen::Index(b) * n, n);
        x.middleCols(c, tokens) += m_positions.value;
    }
    for (TransformerBlock& block : m_blocks)
        x = block.forward(x, tokens);
    Matrix cls(m_config.dim, m_batch);
    for (int b = 0; b < m_batch; ++b)
        cls.col(b) = x.col(Eigen::Index(b) * tokens);
    return m_head.forward(m_norm.forward(cls));
}

void VisionTransformer::backwardBatch(const Matrix& dLogits)
{
    if (dLogits.cols() != m_batch || dLogits.rows() != m_config.classes)
        throw std::invalid_argument("Vision Transformer: backward with " + std::to_string(dLogits.cols()) +
                                    " columns after a forward of " + std::to_string(m_batch));
    const int n = m_config.patchCount(), tokens = m_config.tokenCount();
    const Matrix dCls = m_norm.backward(m_head.backward(dLogits));
    Matrix dx = Matrix::Zero(m_config.dim, Eigen::Index(m_batch) * tokens);
    for (int b = 0; b < m_batch; ++b)
        dx.col(Eigen::Index(b) * tokens) = dCls.col(b);
    for (auto it = m_blocks.rbegin(); it != m_blocks.rend(); ++it)
        dx = it->backward(dx);
    Matrix dEmbedded(m_config.dim, Eigen::Index(m_batch) * n);
    for (int b = 0; b < m_batch; ++b) {
        const Eigen::Index c = Eigen::Index(b) * tokens;
        m_positions.grad += dx.middleCols(c, tokens);
        m_cls.grad.col(0) += dx.col(c);
        dEmbedded.middleCols(Eigen::Index(b) * n, n) = dx.middleCols(c + 1, n);
    }
    m_embed.backward(dEmbedded);
}

TensorList VisionTransformer::parameters()
{
    TensorList list;
    m_embed.collect(list);
    list.push_back(&m_cls);
    list.push_back(&m_positions);
    for (TransformerBlock& block : m_blocks)
        block.collect(list);
    m_norm.collect(list);
    m_head.collect(list);
    return list;
}

Eigen::Index VisionTransformer::parameterCount() { return nn::parameterCount(parameters()); }

const Matrix& VisionTransformer::attention(int layer, int head, int image) const
{
    return m_blocks.at(std::size_t(layer)).attention().attention(head, image);
}

Matrix VisionTransformer::rollout(int image) const
{
    std::vector<Matrix> maps;
    for (const TransformerBlock& block : m_blocks)
        maps.push_back(meanHeadAttention(block.attention(), image));
    return attentionRollout(maps);
}

namespace {
constexpr const char* kModelHeader = "neuroai-vision-transformer 1";
}  // namespace

void VisionTransformer::save(std::ostream& out)
{
    const VitConfig& c = m_config;
    out << kModelHeader << '\n'
        << "config " << c.imageSize << ' ' << c.patchSize << ' ' << c.dim << ' ' << c.heads << ' ' << c.layers << ' '
        << c.mlpHidden << ' ' << c.classes << '\n';
    char buffer[40];
    for (const Tensor* t : parameters()) {
        out << "tensor " << t->name << ' ' << t->value.rows() << ' ' << t->value.cols() << '\n';
        for (Eigen::Index k = 0; k < t->value.size(); ++k) {
            std::snprintf(buffer, sizeof buffer, "%a", t->value.data()[k]);
            out << buffer << (k + 1 == t->value.size() ? '\n' : ' ');
        }
    }
}

VisionTransformer VisionTransformer::load(std::istream& in)
{
    const auto fail = [](const std::string& what) {
        throw std::invalid_argument("Vision Transformer model file: " + what);
    };
    std::string line;
    if (!std::getline(in, line) || line != kModelHeader)
        fail("it does not start with \"" + std::string(kModelHeader) + "\"");
    std::string word;
    VitConfig c;
    if (!(in >> word) || word != "config" ||
        !(in >> c.imageSize >> c.patchSize >> c.dim >> c.heads >> c.layers >> c.mlpHidden >> c.classes))
        fail("the configuration line is missing or incomplete");
    try {
        c.validate();
    } catch (const std::invalid_argument& e) {
        fail(e.what());
    }
    VisionTransformer vit(c, 1);
    for (Tensor* t : vit.parameters()) {
        std::string name;
        Eigen::Index rows = 0, cols = 0;
        if (!(in >> word >> name >> rows >> cols) || word != "tensor")
            fail("tensor " + t->name + " is missing");
        if (name != t->name)
            fail("found tensor " + name + " where " + t->name + " was expected");
        if (rows != t->value.rows() || cols != t->value.cols())
            fail("tensor " + name + " is " + std::to_string(rows) + " × " + std::to_string(cols) + ", expected " +
                 std::to_string(t->value.rows()) + " × " + std::to_string(t->value.cols()));
        for (Eigen::Index k = 0; k < t->value.size(); ++k) {
            if (!(in >> word))
                fail("tensor " + name + " ends after " + std::to_string(k) + " of " +
                     std::to_string(t->value.size()) + " values");
            char* end = nullptr;
            const double v = std::strtod(word.c_str(), &end);
            if (end == word.c_str() || *end != '\0' || !std::isfinite(v))
                fail("tensor " + name + " value " + std::to_string(k) + " (\"" + word + "\") is not a finite number");
            t->value.data()[k] = v;
        }
    }
    return vit;
}

double accumulateGradients(VisionTransformer& vit, const std::vector<const Eigen::MatrixXd*>& images,
                           const std::vector<int>& labels, int* correct)
{
    if (images.empty() || images.size() != labels.size())
        throw std::invalid_argument("Vision Transformer: " + std::to_string(images.size()) + " images for " +
                                    std::to_string(labels.size()) + " labels");
    constexpr int kChunkColumns = 128;
    const std::size_t chunk = std::size_t(std::max(1, kChunkColumns / vit.config().tokenCount()));
    double loss = 0;
    int right = 0;
    Matrix dLogits;
    for (std::size_t first = 0; first < images.size(); first += chunk) {
        const std::size_t last = std::min(images.size(), first + chunk);
        const std::vector<const Eigen::MatrixXd*> part(images.begin() + std::ptrdiff_t(first),
                                                       images.begin() + std::ptrdiff_t(last));
        const std::vector<int> partLabels(labels.begin() + std::ptrdiff_t(first), labels.begin() + std::ptrdiff_t(last));
        const Matrix logits = vit.forwardBatch(part);
        const double share = double(part.size()) / double(images.size());  // the chunk's weight in the batch mean
        loss += share * crossEntropy(logits, partLabels, &dLogits);
        vit.backwardBatch(share * dLogits);
        for (std::size_t k = 0; k < part.size(); ++k) {
            Eigen::Index best = 0;
            logits.col(Eigen::Index(k)).maxCoeff(&best);
            right += int(best) == partLabels[k] ? 1 : 0;
        }
    }
    if (correct)
        *correct = right;
    return loss;
}

double trainBatch(VisionTransformer& vit, TensorOptimizer& optimizer, const std::vector<const Eigen::MatrixXd*>& images,
                  const std::vector<int>& labels, int* correct)
{
    zeroGradients(vit.parameters());
    const double loss = accumulateGradients(vit, images, labels, correct);
    optimizer.step();
    return loss;
}

double accuracy(VisionTransformer& vit, const std::vector<Eigen::MatrixXd>& images, const std::vector<int>& labels,
                const Progress* progress)
{
    if (images.empty() || images.size() != labels.size())
        throw std::invalid_argument("accuracy: " + std::to_string(images.size()) + " images for " +
                                    std::to_string(labels.size()) + " labels");
    int right = 0;
    for (std::size_t k = 0; k < images.size(); ++k) {
        if (progress && k % 16 == 0)
            progress->throwIfCancelled();
        Eigen::Index best = 0;
        vit.forward(images[k]).maxCoeff(&best);
        right += int(best) == labels[k] ? 1 : 0;
    }
    return double(right) / double(images.size());
}

}  // namespace neuroai::nn
