// The attention layers of engine/nn (issue 12). Each check fails if the model were wrong:
// - every row of every head's attention sums to 1 (to 1e-12) and is ≥ 0; a causal mask zeroes the upper triangle;
// - temperature τ → 0 makes each row one-hot at its largest score, τ → ∞ makes it uniform (1/T to 1e-5);
// - without positional encoding, self-attention is permutation-equivariant (Y(XP) = Y(X)P to 1e-12), and adding the
//   sinusoidal encoding breaks it;
// - for unit-variance q and k, q·k/√d has variance 1 (within 4 standard errors over 19 200 independent pairs), the
//   unscaled q·k variance d;
// - the analytic gradients of Linear, LayerNorm, the GELU MLP, multi-head attention (plain, causal, at τ = 0.7), a
//   pre-norm transformer block and softmax cross-entropy match central finite differences: relative error < 1e-6 in
//   double precision for every parameter tensor and the input;
// - attention rollout for uniform attention is 0.5^L·I + (1 − 0.5^L)·U exactly (to 1e-12), and its rows sum to 1;
// - the sinusoidal encoding's first pair is sin t, cos t; bad sizes and temperatures are refused by name.

#include "engine/nn/Attention.h"
#include "engine/nn/Transformer.h"

#include "GradientCheck.h"
#include "ThrowsNaming.h"

#include <QTest>

#include <cmath>
#include <numeric>

using namespace neuroai;
using namespace neuroai::nn;
using neuroai::test::checkGradients;
using neuroai::test::randomMatrix;
using neuroai::test::throwsNaming;

namespace {

void verifyGradients(const char* what, const std::function<Matrix(const Matrix&)>& forward,
                     const std::function<Matrix(const Matrix&)>& backward, const TensorList& parameters,
                     const Matrix& x, Random& rng)
{
    const test::GradientReport report = checkGradients(forward, backward, parameters, x, rng);
    qInfo("%s: worst relative gradient error %.2e (%s)", what, report.worst, report.where.c_str());
    QVERIFY2(report.worst < 1e-6, qPrintable(QStringLiteral("%1: %2 in %3")
                                                  .arg(QLatin1String(what))
                                                  .arg(report.worst)
                                                  .arg(QString::fromStdString(report.where))));
}

}  // namespace

class TestAttention : public QObject {
    Q_OBJECT
private slots:
    void rowsSumToOne()
    {
        Random rng(1);
        for (const bool causal : {false, true}) {
            MultiHeadAttention mha("a", 8, 2, rng, causal);
            mha.forward(randomMatrix(8, 7, rng));
            for (int h = 0; h < 2; ++h) {
                const Matrix& a = mha.attention(h);
                QCOMPARE(a.rows(), 7);
                QCOMPARE(a.cols(), 7);
                QVERIFY(a.minCoeff() >= 0);
                QVERIFY((a.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
                if (causal)
                    for (Eigen::Index t = 0; t < 7; ++t)
                        for (Eigen::Index u = t + 1; u < 7; ++u)
                            QCOMPARE(a(t, u), 0.0);
            }
        }
    }

    void temperatureLimits()
    {
        Random rng(2);
        MultiHeadAttention mha("a", 8, 2, rng);
        const Matrix x = randomMatrix(8, 6, rng);
        mha.setTemperature(1e-6);
        mha.forward(x);
        for (int h = 0; h < 2; ++h) {
            const Matrix s = mha.scores(h);
            const Matrix& a = mha.attention(h);
            for (Eigen::Index t = 0; t < 6; ++t) {
                Eigen::Index best = 0;
                s.row(t).maxCoeff(&best);
                QVERIFY2(a(t, best) > 1 - 1e-9, qPrintable(QString::number(a(t, best), 'g', 12)));
            }
        }
        mha.setTemperature(1e6);
        mha.forward(x);
        for (int h = 0; h < 2; ++h)
            QVERIFY((mha.attention(h).array() - 1.0 / 6).abs().maxCoeff() < 1e-5);
    }

    void permutationEquivariantWithoutPositions()
    {
        Random rng(3);
        TransformerBlock block("b", 8, 2, 16, rng);
        const Matrix x = randomMatrix(8, 5, rng);
        const std::vector<int> order{3, 0, 4, 1, 2};
        Matrix permuted(8, 5);
        for (int k = 0; k < 5; ++k)
            permuted.col(k) = x.col(order[std::size_t(k)]);
        const Matrix y = block.forward(x), yPermuted = block.forward(permuted);
        double worst = 0;
        for (int k = 0; k < 5; ++k)
            worst = std::max(worst, (yPermuted.col(k) - y.col(order[std::size_t(k)])).cwiseAbs().maxCoeff());
        QVERIFY2(worst < 1e-12, qPrintable(QString::number(worst)));
        // With positions added the same permutation changes the outputs.
        const Matrix pe = sinusoidalEncoding(8, 5);
        const Matrix z = block.forward(x + pe), zPermuted = block.forward(permuted + pe);
        double change = 0;
        for (int k = 0; k < 5; ++k)
            change = std::max(change, (zPermuted.col(k) - z.col(order[std::size_t(k)])).cwiseAbs().maxCoeff());
        QVERIFY2(change > 1e-3, qPrintable(QString::number(change)));
    }

    void scaledScoresHaveUnitVariance()
    {
        // Identity query and key maps, one head, d = 64: scores(0) = xᵀx'/√d for unit-normal x. 600 sequences of
        // 64 tokens give 32 independent pairs each (token t with token t + 32).
        constexpr int d = 64, T = 64, sequences = 600;
        Random rng(4);
        MultiHeadAttention mha("a", d, 1, rng);
        mha.query().weight().value.setIdentity();
        mha.key().weight().value.setIdentity();
        double sum = 0, sumSq = 0, rawSq = 0;
        int n = 0;
        for (int s = 0; s < sequences; ++s) {
            mha.forward(randomMatrix(d, T, rng));
            const Matrix scores = mha.scores(0);
            for (int t = 0; t < T / 2; ++t) {
                const double v = scores(t, t + T / 2);
                sum += v;
                sumSq += v * v;
                rawSq += v * v * d;
                ++n;
            }
        }
        const double mean = sum / n, var = sumSq / n - mean * mean;
        // Var of a sample variance: (μ₄ − σ⁴)/n with μ₄ = 3 + 6/d for a sum of d products of unit normals over √d.
        const double se = std::sqrt((2.0 + 6.0 / d) / n);
        qInfo("Var(q·k/√d) = %.4f over %d pairs (standard error %.4f); Var(q·k) = %.1f for d = %d", var, n, se,
              rawSq / n, d);
        QVERIFY(std::abs(var - 1) < 4 * se);
        QVERIFY(std::abs(rawSq / n / d - 1) < 4 * se);
        QVERIFY(std::abs(mean) < 4 / std::sqrt(double(n)));
    }

    void gradientsMatchFiniteDifferences()
    {
        Random rng(5);
        {
            Linear layer("linear", 5, 3, rng);
            layer.bias().randomise(rng, 0.5);
            TensorList p;
            layer.collect(p);
            verifyGradients(
                "Linear", [&](const Matrix& x) { return layer.forward(x); },
                [&](const Matrix& dy) { return layer.backward(dy); }, p, randomMatrix(5, 4, rng), rng);
        }
        {
            LayerNorm norm("norm", 6);
            TensorList p;
            norm.collect(p);
            for (Tensor* t : p)
                t->randomise(rng, 1.0);
            verifyGradients(
                "LayerNorm", [&](const Matrix& x) { return norm.forward(x); },
                [&](const Matrix& dy) { return norm.backward(dy); }, p, randomMatrix(6, 4, rng, 2.0), rng);
        }
        {
            Mlp mlp("mlp", 4, 9, rng);
            TensorList p;
            mlp.collect(p);
            verifyGradients(
                "MLP (GELU)", [&](const Matrix& x) { return mlp.forward(x); },
                [&](const Matrix& dy) { return mlp.backward(dy); }, p, randomMatrix(4, 5, rng), rng);
        }
        for (const bool causal : {false, true}) {
            MultiHeadAttention mha("attention", 8, 2, rng, causal);
            mha.setTemperature(0.7);
            TensorList p;
            mha.collect(p);
            for (Tensor* t : p)
                if (t->value.cols() == 1)
                    t->randomise(rng, 0.3);  // non-zero biases, so their gradients are exercised
            verifyGradients(
                causal ? "attention (causal, τ 0.7)" : "attention (τ 0.7)",
                [&](const Matrix& x) { return mha.forward(x); }, [&](const Matrix& dy) { return mha.backward(dy); },
                p, randomMatrix(8, 6, rng), rng);
        }
        {
            TransformerBlock block("block", 8, 2, 16, rng);
            TensorList p;
            block.collect(p);
            verifyGradients(
                "transformer block", [&](const Matrix& x) { return block.forward(x); },
                [&](const Matrix& dy) { return block.backward(dy); }, p, randomMatrix(8, 5, rng), rng);
        }
        {
            // Cross-entropy: its gradient against finite differences of the loss itself.
            const Matrix logits = randomMatrix(4, 6, rng, 2.0);
            const std::vector<int> labels{0, 3, 1, 1, 2, 3};
            Matrix grad;
            crossEntropy(logits, labels, &grad);
            Matrix numeric(4, 6);
            for (Eigen::Index k = 0; k < logits.size(); ++k) {
                Matrix up = logits, down = logits;
                up.data()[k] += 1e-5;
                down.data()[k] -= 1e-5;
                numeric.data()[k] = (crossEntropy(up, labels, nullptr) - crossEntropy(down, labels, nullptr)) / 2e-5;
            }
            const double error = (grad - numeric).norm() / grad.norm();
            qInfo("cross-entropy: relative gradient error %.2e", error);
            QVERIFY(error < 1e-6);
        }
    }

    void rolloutOfUniformAttention()
    {
        constexpr int T = 5;
        const Matrix uniform = Matrix::Constant(T, T, 1.0 / T);
        for (int layers = 1; layers <= 4; ++layers) {
            const Matrix r = attentionRollout(std::vector<Matrix>(std::size_t(layers), uniform));
            const double keep = std::pow(0.5, layers);
            const Matrix expected = keep * Matrix::Identity(T, T) + (1 - keep) * uniform;
            QVERIFY((r - expected).cwiseAbs().maxCoeff() < 1e-12);
        }
        Random rng(6);
        std::vector<Matrix> maps;
        for (int l = 0; l < 3; ++l)
            maps.push_back(softmaxRows(randomMatrix(T, T, rng)));
        const Matrix r = attentionRollout(maps);
        QVERIFY((r.rowwise().sum().array() - 1).abs().maxCoeff() < 1e-12);
        QVERIFY(r.minCoeff() >= 0);
    }

    void sinusoidalEncodingValues()
    {
        const Matrix pe = sinusoidalEncoding(6, 10);
        for (int t = 0; t < 10; ++t) {
            QCOMPARE(pe(0, t), std::sin(double(t)));
            QCOMPARE(pe(1, t), std::cos(double(t)));
            QVERIFY(std::abs(pe(4, t) - std::sin(t / std::pow(10000.0, 4.0 / 6))) < 1e-15);
        }
    }

    void badInputIsRefused()
    {
        Random rng(7);
        QVERIFY(throwsNaming([&] { MultiHeadAttention("a", 10, 3, rng); }, "divide"));
        MultiHeadAttention mha("a", 8, 2, rng);
        QVERIFY(throwsNaming([&] { mha.setTemperature(0); }, "temperature"));
        QVERIFY(throwsNaming([&] { mha.setTemperature(std::nan("")); }, "temperature"));
        QVERIFY(throwsNaming([&] { mha.forward(Matrix::Zero(7, 3)); }, "features"));
        QVERIFY(throwsNaming([&] { attentionRollout({}); }, "no attention"));
        QVERIFY(throwsNaming([&] { attentionRollout({Matrix::Identity(3, 3), Matrix::Identity(4, 4)}); }, "expected"));
        QVERIFY(throwsNaming([&] { crossEntropy(Matrix::Zero(3, 2), {0, 5}, nullptr); }, "label 5"));
    }
};

QTEST_APPLESS_MAIN(TestAttention)
#include "tst_attention.moc"
