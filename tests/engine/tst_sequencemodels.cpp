// The sequence models of chapter 11 (engine/nn/Sequence.h). Each check fails if the model were wrong:
// - the copy task: the second half's targets are the first half's symbols, only they are scored, inputs there are
//   blanks;
// - the analytic gradients of the sequence transformer (learned and sinusoidal positions, causal) and of the vanilla
//   RNN (backpropagation through time) match central finite differences, relative error < 1e-6;
// - a causal mask makes position t's logits independent of later tokens;
// - on the copy task with a 20-step delay, the same budget (150 Adam steps of 16 sequences, clipped at norm 1) takes
//   the 2-layer attention model to ≥ 95 % of the copied symbols while the vanilla RNN (128 units) stays below 30 %
//   (chance 12.5 %): the RNN has to carry every symbol across 20 steps of its own state, attention looks back at it;
// - bad input is refused by name.

#include "engine/nn/Sequence.h"

#include "GradientCheck.h"
#include "ThrowsNaming.h"

#include <QTest>

using namespace neuroai;
using namespace neuroai::nn;
using neuroai::test::throwsNaming;

namespace {

void verifyModelGradient(const char* what, SequenceModel& model, const std::vector<int>& tokens, Random& rng)
{
    const test::GradientReport report = test::checkGradients(
        [&](const Matrix&) { return model.forward(tokens); },
        [&](const Matrix& dLogits) {
            model.backward(dLogits);
            return Matrix();
        },
        model.parameters(), Matrix::Zero(1, 1), rng);
    qInfo("%s: worst relative gradient error %.2e (%s)", what, report.worst, report.where.c_str());
    QVERIFY2(report.worst < 1e-6, report.where.c_str());
}

double trainAndTest(SequenceModel& model, const CopyTask& task, int steps, int batch)
{
    OptimizerSettings settings;
    settings.learningRate = 3e-3;
    TensorOptimizer optimizer(settings, model.parameters());
    Random rng(3);
    for (int s = 0; s < steps; ++s)
        trainSequenceBatch(model, optimizer, task, batch, rng, 1.0);
    return sequenceAccuracy(model, task, 100, 77);
}

}  // namespace

class TestSequenceModels : public QObject {
    Q_OBJECT
private slots:
    void copyTask()
    {
        const CopyTask task;
        QCOMPARE(task.length, 20);
        Random rng(1);
        std::vector<int> inputs, targets;
        task.sample(rng, inputs, targets);
        QCOMPARE(int(inputs.size()), 40);
        for (int t = 0; t < 20; ++t) {
            QVERIFY(inputs[std::size_t(t)] >= 0 && inputs[std::size_t(t)] < 8);
            QCOMPARE(targets[std::size_t(t)], -1);
            QCOMPARE(inputs[std::size_t(t + 20)], task.blank());
            QCOMPARE(targets[std::size_t(t + 20)], inputs[std::size_t(t)]);
        }
    }

    void gradientsMatchFiniteDifferences()
    {
        Random rng(2);
        const std::vector<int> tokens{3, 0, 4, 4, 1, 2};
        for (const PositionalEncoding positions : {PositionalEncoding::Learned, PositionalEncoding::Sinusoidal}) {
            SequenceTransformerConfig c;
            c.vocabulary = 5;
            c.maxLength = 8;
            c.dim = 8;
            c.heads = 2;
            c.layers = 2;
            c.mlpHidden = 10;
            c.positions = positions;
            SequenceTransformer model(c, 4);
            for (Tensor* t : model.parameters())
                t->randomise(rng, 0.5);
            verifyModelGradient(positions == PositionalEncoding::Learned ? "transformer, learned positions"
                                                                         : "transformer, sinusoidal positions",
                                model, tokens, rng);
        }
        VanillaRnn rnn(5, 4, 7, 5);
        for (Tensor* t : rnn.parameters())
            t->randomise(rng, 0.5);
        verifyModelGradient("vanilla RNN", rnn, tokens, rng);
    }

    // A batch runs in one pass (the transformer's linear maps over all tokens, the RNN's sequences stepping through
    // time together): its logits and accumulated gradients equal those of the sequences one by one (to 1e-12).
    void aBatchEqualsItsSequencesOneByOne()
    {
        const CopyTask task{8, 5};
        Random rng(9);
        std::vector<std::vector<int>> batch(3);
        std::vector<int> targets;
        for (std::vector<int>& s : batch)
            task.sample(rng, s, targets);
        SequenceTransformerConfig c;
        c.vocabulary = task.vocabulary();
        c.maxLength = task.sequenceLength();
        SequenceTransformer transformer(c, 2);
        VanillaRnn rnn(task.vocabulary(), 6, 10, 2);
        for (SequenceModel* model : std::initializer_list<SequenceModel*>{&transformer, &rnn}) {
            const TensorList params = model->parameters();
            const Matrix weights = test::randomMatrix(task.vocabulary(), 3 * task.sequenceLength(), rng);
            zeroGradients(params);
            const Matrix together = model->forwardBatch(batch);
            model->backwardBatch(weights);
            std::vector<Matrix> batchGradients;
            for (const Tensor* t : params)
                batchGradients.push_back(t->grad);
            zeroGradients(params);
            const Eigen::Index T = task.sequenceLength();
            for (std::size_t b = 0; b < 3; ++b) {
                const Matrix alone = model->forward(batch[b]);
                QVERIFY((alone - together.middleCols(Eigen::Index(b) * T, T)).cwiseAbs().maxCoeff() < 1e-12);
                model->backward(weights.middleCols(Eigen::Index(b) * T, T));
            }
            for (std::size_t k = 0; k < params.size(); ++k)
                QVERIFY2((params[k]->grad - batchGradients[k]).cwiseAbs().maxCoeff() < 1e-12, params[k]->name.c_str());
        }
        QVERIFY(throwsNaming([&] { rnn.forwardBatch({{1, 2}, {1}}); }, "in one batch"));
    }

    void theCausalMaskHidesTheFuture()
    {
        SequenceTransformerConfig c;
        c.vocabulary = 5;
        c.maxLength = 8;
        SequenceTransformer model(c, 1);
        const Matrix a = model.forward({1, 2, 3, 4, 0, 1});
        const Matrix b = model.forward({1, 2, 3, 0, 2, 2});  // differs from position 3 on
        QVERIFY((a.leftCols(3) - b.leftCols(3)).cwiseAbs().maxCoeff() < 1e-12);
        QVERIFY((a.col(3) - b.col(3)).cwiseAbs().maxCoeff() > 1e-6);
    }

    void attentionLearnsTheCopyAndTheRnnDoesNot()
    {
        const CopyTask task;  // 8 symbols, a 20-step delay
        SequenceTransformerConfig c;
        c.vocabulary = task.vocabulary();
        c.maxLength = task.sequenceLength();
        SequenceTransformer attention(c, 1);
        VanillaRnn rnn(task.vocabulary(), 32, 128, 1);
        const double attentionAccuracy = trainAndTest(attention, task, 150, 16);
        const double rnnAccuracy = trainAndTest(rnn, task, 150, 16);
        qInfo("copy after a 20-step delay, 150 steps of 16 sequences: attention %.3f, vanilla RNN %.3f (chance %.3f)",
              attentionAccuracy, rnnAccuracy, 1.0 / task.symbols);
        QVERIFY(attentionAccuracy >= 0.95);
        QVERIFY(rnnAccuracy < 0.30);
    }

    void badInputIsRefused()
    {
        CopyTask task;
        task.length = 0;
        QVERIFY(throwsNaming([&] { task.validate(); }, "length"));
        SequenceTransformerConfig c;
        c.heads = 3;
        QVERIFY(throwsNaming([&] { SequenceTransformer(c, 1); }, "heads"));
        SequenceTransformer model(SequenceTransformerConfig{}, 1);
        QVERIFY(throwsNaming([&] { model.forward({1, 99}); }, "token 99"));
        QVERIFY(throwsNaming([&] { model.forward(std::vector<int>(41, 0)); }, "maxLength"));
        QVERIFY(throwsNaming([&] { VanillaRnn(5, 4, 0, 1); }, "hidden"));
    }
};

QTEST_APPLESS_MAIN(TestSequenceModels)
#include "tst_sequencemodels.moc"
