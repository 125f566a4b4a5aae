// The tiny Vision Transformer and its data set (engine/nn/VisionTransformer.h, ShapeImages.h). Each check fails if
// the model were wrong:
// - token counts: a 16 × 16 image in 4 × 4 patches gives 16 patch tokens of 16 values plus [CLS]; a 224 × 224 image
//   in 16 × 16 patches gives 196 tokens of 256 grey values (768 for RGB's three channels, as SCIENCE.md states), and
//   every patch token holds exactly its block of pixels, row-major;
// - the gradient of the whole model (embedding, [CLS], positions, two blocks, norm, head) matches central finite
//   differences of the cross-entropy loss, relative error < 1e-6;
// - training is deterministic: the same seed and batches give bit-identical parameters, another seed does not;
// - it learns: 200 Adam steps of 32 generated images reach ≥ 90 % on 200 held-out images (chance 25 %);
// - a saved model reloads to bit-identical logits; damaged model files are refused with the problem named;
// - the data set: labels cycle through the four shapes, the same seed renders the same pixels, bad settings are
//   refused by name.

#include "engine/nn/ShapeImages.h"
#include "engine/nn/VisionTransformer.h"

#include "GradientCheck.h"
#include "ThrowsNaming.h"

#include <QTest>

#include <sstream>

using namespace neuroai;
using namespace neuroai::nn;
using neuroai::test::throwsNaming;

namespace {

VitConfig tinyConfig()
{
    VitConfig c;
    c.imageSize = 8;
    c.patchSize = 4;
    c.dim = 8;
    c.heads = 2;
    c.layers = 2;
    c.mlpHidden = 12;
    c.classes = 3;
    return c;
}

// Trains `steps` Adam steps on batches of generated shapes drawn from `dataSeed`.
void train(VisionTransformer& vit, int steps, int batch, std::uint64_t dataSeed, double rate)
{
    OptimizerSettings settings;
    settings.learningRate = rate;
    TensorOptimizer optimizer(settings, vit.parameters());
    const ShapeImageSettings shapes;
    Random rng(dataSeed);
    for (int s = 0; s < steps; ++s) {
        std::vector<Eigen::MatrixXd> images;
        std::vector<int> labels;
        for (int b = 0; b < batch; ++b) {
            const int label = int(rng.bits() % kShapeCount);
            images.push_back(renderShape(shapes, Shape(label), rng));
            labels.push_back(label);
        }
        std::vector<const Eigen::MatrixXd*> pointers;
        for (const Eigen::MatrixXd& image : images)
            pointers.push_back(&image);
        trainBatch(vit, optimizer, pointers, labels);
    }
}

}  // namespace

class TestVit : public QObject {
    Q_OBJECT
private slots:
    void tokenCounts()
    {
        const VitConfig defaults;
        QCOMPARE(defaults.patchCount(), 16);
        QCOMPARE(defaults.tokenCount(), 17);
        VitConfig big;
        big.imageSize = 224;
        big.patchSize = 16;
        QCOMPARE(big.patchCount(), 196);
        QCOMPARE(big.tokenCount(), 197);
        const VisionTransformer vit(big, 1);
        Eigen::MatrixXd image(224, 224);
        for (int r = 0; r < 224; ++r)
            for (int c = 0; c < 224; ++c)
                image(r, c) = r * 1000 + c;
        const Matrix p = vit.patches(image);
        QCOMPARE(p.rows(), 256);  // 16 × 16 grey values; × 3 channels = 768 for RGB
        QCOMPARE(p.cols(), 196);
        // Patch (grid row 2, grid column 5) = token 2 · 14 + 5; its value (r, c) is pixel (32 + r, 80 + c).
        for (int r = 0; r < 16; ++r)
            for (int c = 0; c < 16; ++c)
                QCOMPARE(p(r * 16 + c, 2 * 14 + 5), double((32 + r) * 1000 + 80 + c));
        VisionTransformer small(VitConfig{}, 1);
        QCOMPARE(small.forward(Eigen::MatrixXd::Zero(16, 16)).size(), 4);
        QCOMPARE(small.attention(1, 1).rows(), 17);
        const Matrix r = small.rollout();
        QCOMPARE(r.rows(), 17);
        QVERIFY((r.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
    }

    void wholeModelGradient()
    {
        // Loss Σ r ⊙ logits with random r (checkGradients): every logit's path back through head, norm, both blocks,
        // positions, [CLS] and the patch embedding. (Softmax cross-entropy's own gradient: tst_attention.)
        VisionTransformer vit(tinyConfig(), 3);
        Random rng(4);
        for (Tensor* t : vit.parameters())  // random biases and norm parameters too: no path trivially zero
            t->randomise(rng, 0.5);
        const test::GradientReport report = test::checkGradients(
            [&](const Matrix& image) { return Matrix(vit.forward(image)); },
            [&](const Matrix& dLogits) {
                vit.backward(dLogits.col(0));
                return Matrix();
            },
            vit.parameters(), test::randomMatrix(8, 8, rng), rng);
        qInfo("Vision Transformer: worst relative gradient error %.2e (%s) over %ld parameters", report.worst,
              report.where.c_str(), long(vit.parameterCount()));
        QVERIFY2(report.worst < 1e-6, report.where.c_str());
    }

    // The batched pass (linear maps over every image's tokens at once, attention within each image) gives the
    // logits and accumulated gradients of the images one by one (to 1e-12), and the attention of each image.
    void aBatchEqualsItsImagesOneByOne()
    {
        VisionTransformer vit(VitConfig{}, 5);
        const ShapeImages images = renderShapes(ShapeImageSettings{}, 4, 6);
        std::vector<const Eigen::MatrixXd*> pointers;
        for (const Eigen::MatrixXd& image : images.images)
            pointers.push_back(&image);
        Random rng(2);
        const Matrix weights = test::randomMatrix(4, 4, rng);
        const TensorList params = vit.parameters();
        zeroGradients(params);
        const Matrix together = vit.forwardBatch(pointers);
        const Matrix thirdAttention = vit.attention(1, 0, 2);
        vit.backwardBatch(weights);
        std::vector<Matrix> batchGradients;
        for (const Tensor* t : params)
            batchGradients.push_back(t->grad);
        zeroGradients(params);
        for (int b = 0; b < 4; ++b) {
            QVERIFY((vit.forward(images.images[std::size_t(b)]) - together.col(b)).cwiseAbs().maxCoeff() < 1e-12);
            if (b == 2)
                QVERIFY((vit.attention(1, 0) - thirdAttention).cwiseAbs().maxCoeff() < 1e-12);
            vit.backward(weights.col(b));
        }
        for (std::size_t k = 0; k < params.size(); ++k)
            QVERIFY2((params[k]->grad - batchGradients[k]).cwiseAbs().maxCoeff() < 1e-12, params[k]->name.c_str());
    }

    void trainingIsDeterministic()
    {
        VisionTransformer a(VitConfig{}, 7), b(VitConfig{}, 7), c(VitConfig{}, 8);
        train(a, 5, 8, 11, 3e-3);
        train(b, 5, 8, 11, 3e-3);
        train(c, 5, 8, 11, 3e-3);
        const TensorList pa = a.parameters(), pb = b.parameters(), pc = c.parameters();
        double differenceToC = 0;
        for (std::size_t k = 0; k < pa.size(); ++k) {
            QVERIFY(pa[k]->value == pb[k]->value);  // bit for bit
            differenceToC += (pa[k]->value - pc[k]->value).cwiseAbs().sum();
        }
        QVERIFY(differenceToC > 1);
    }

    void itLearnsTheShapes()
    {
        VisionTransformer vit(VitConfig{}, 1);
        const ShapeImages test = renderShapes(ShapeImageSettings{}, 200, 999);
        const double before = accuracy(vit, test.images, test.labels);
        train(vit, 200, 32, 5, 3e-3);
        const double after = accuracy(vit, test.images, test.labels);
        qInfo("held-out accuracy %.3f before training, %.3f after 200 steps of 32 images", before, after);
        QVERIFY(after >= 0.9);
    }

    void aSavedModelReloadsExactly()
    {
        VisionTransformer vit(VitConfig{}, 2);
        train(vit, 3, 8, 1, 3e-3);
        std::stringstream file;
        vit.save(file);
        const std::string text = file.str();
        VisionTransformer loaded = VisionTransformer::load(file);
        const ShapeImages images = renderShapes(ShapeImageSettings{}, 8, 3);
        for (const Eigen::MatrixXd& image : images.images)
            QVERIFY(vit.forward(image) == loaded.forward(image));  // bit for bit
        const auto loadText = [](const std::string& t) {
            std::istringstream in(t);
            VisionTransformer::load(in);
        };
        QVERIFY(throwsNaming([&] { loadText("hello\n"); }, "does not start"));
        std::string wrongShape = text;
        wrongShape.replace(wrongShape.find("config 16 4 32"), 14, "config 16 8 32");
        QVERIFY(throwsNaming([&] { loadText(wrongShape); }, "embed.weight is"));
        QVERIFY(throwsNaming([&] { loadText(text.substr(0, text.size() / 2)); }, "values"));
        std::string badValue = text;
        const std::size_t at = badValue.find("tensor cls");
        badValue.replace(badValue.find('\n', at) + 1, 1, "x");
        QVERIFY(throwsNaming([&] { loadText(badValue); }, "not a finite number"));
        std::string badConfig = text;
        badConfig.replace(badConfig.find("config 16 4 32 2"), 16, "config 16 4 32 3");
        QVERIFY(throwsNaming([&] { loadText(badConfig); }, "heads"));
    }

    void shapeImages()
    {
        const ShapeImages a = renderShapes(ShapeImageSettings{}, 12, 5), b = renderShapes(ShapeImageSettings{}, 12, 5);
        for (int k = 0; k < 12; ++k) {
            QCOMPARE(a.labels[std::size_t(k)], k % kShapeCount);
            QVERIFY(a.images[std::size_t(k)] == b.images[std::size_t(k)]);
            QCOMPARE(a.images[std::size_t(k)].rows(), 16);
        }
        // Without noise, pixels are coverage × brightness: in [0, 1], and every shape covers some pixels fully.
        ShapeImageSettings clean;
        clean.noise = 0;
        const ShapeImages c = renderShapes(clean, 8, 1);
        for (const Eigen::MatrixXd& image : c.images) {
            QVERIFY(image.minCoeff() >= 0);
            QVERIFY(image.maxCoeff() <= 1);
            QVERIFY(image.maxCoeff() >= 0.7);
        }
        ShapeImageSettings bad;
        bad.size = 4;
        QVERIFY(throwsNaming([&] { renderShapes(bad, 1, 1); }, "size"));
        bad = ShapeImageSettings{};
        bad.jitter = 5;
        QVERIFY(throwsNaming([&] { renderShapes(bad, 1, 1); }, "jitter"));
        bad = ShapeImageSettings{};
        bad.noise = std::nan("");
        QVERIFY(throwsNaming([&] { renderShapes(bad, 1, 1); }, "noise"));
        VitConfig config;
        config.patchSize = 5;
        QVERIFY(throwsNaming([&] { VisionTransformer(config, 1); }, "patchSize"));
        QVERIFY(throwsNaming([&] { VisionTransformer(VitConfig{}, 1).patches(Eigen::MatrixXd::Zero(8, 8)); }, "expected"));
    }
};

QTEST_APPLESS_MAIN(TestVit)
#include "tst_vit.moc"
