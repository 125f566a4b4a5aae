// Chapter 12 (engine/lm): the tiny character-level language model, its sampling pipeline and LoRA. Each check fails
// if the model were wrong:
// - temperature: T = 0 (and T → 0) puts probability 1 on the argmax (exact ties share it); T = 1 is the plain
//   softmax (to 1e-15); the entropy rises strictly with T towards ln V; greedy generation ignores the generator;
// - top-k keeps exactly the k most probable tokens, in their ratios, renormalised (a tie at the boundary goes to the
//   lower index); top-p keeps the smallest set whose mass reaches p, checked set by set on a hand-made distribution
//   (including a mass reached exactly and a tie); the pipeline applies temperature, then top-k, then top-p;
// - 40 000 draws from a truncated distribution: every frequency within 4 standard errors of its probability,
//   chi-square below the 99.9 % point of its distribution, dropped tokens never drawn;
// - LoRA: the adapter count equals r·(in + out) per matrix and L·r·(8d + 2(d + h)) in all; with B = 0 the logits
//   equal the base model's bit for bit, and removing the adapters restores them bit for bit;
// - the gradients of every model tensor and of the adapters A and B (with B ≠ 0) match central finite differences
//   of the mean next-character cross-entropy, relative error < 1e-6;
// - training lowers the loss, and 250 steps take the tiny model well below the unigram entropy of the text; LoRA
//   fine-tuning lowers the loss on the verse while every base tensor stays bit for bit unchanged;
// - the same seed gives the same losses and the same text, another seed other text;
// - the experiments return their declared outputs; bad input is refused by name.

#include "engine/core/Job.h"
#include "engine/lm/Corpus.h"
#include "engine/lm/LanguageModel.h"
#include "engine/lm/LanguageModelExperiments.h"
#include "engine/lm/LiveTraining.h"
#include "engine/lm/Sampling.h"
#include "engine/nn/Layers.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

using namespace neuroai;
using namespace neuroai::lm;
using neuroai::test::throwsNaming;

namespace {

Eigen::VectorXd vec(std::initializer_list<double> values)
{
    Eigen::VectorXd v(Eigen::Index(values.size()));
    Eigen::Index i = 0;
    for (const double x : values)
        v(i++) = x;
    return v;
}

std::vector<int> supportOf(const Eigen::VectorXd& p)
{
    std::vector<int> s;
    for (Eigen::Index i = 0; i < p.size(); ++i)
        if (p(i) > 0)
            s.push_back(int(i));
    return s;
}

// A very small model for the gradient checks: context 5, d = 8, 2 heads, 1 block, h = 12.
LanguageModelConfig microConfig()
{
    LanguageModelConfig c;
    c.context = 5;
    c.dim = 8;
    c.heads = 2;
    c.layers = 1;
    c.mlpHidden = 12;
    return c;
}

// Worst relative error ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) over `tensors` (absolute when both vanish)
// of the gradient lossAndGradients() leaves against central differences of loss(), h = 1e-5.
double worstGradientError(CharLanguageModel& model, const nn::TensorList& tensors, const TextWindows& windows,
                          std::string& where)
{
    model.lossAndGradients(windows);
    std::vector<Eigen::MatrixXd> analytic;
    for (const nn::Tensor* t : tensors)
        analytic.push_back(t->grad);
    const double h = 1e-5;
    double worst = 0;
    for (std::size_t k = 0; k < tensors.size(); ++k) {
        nn::Tensor& t = *tensors[k];
        Eigen::MatrixXd numeric(t.value.rows(), t.value.cols());
        for (Eigen::Index i = 0; i < t.value.size(); ++i) {
            const double keep = t.value.data()[i];
            t.value.data()[i] = keep + h;
            const double up = model.loss(windows);
            t.value.data()[i] = keep - h;
            const double down = model.loss(windows);
            t.value.data()[i] = keep;
            numeric.data()[i] = (up - down) / (2 * h);
        }
        const double scale = std::max(analytic[k].norm(), numeric.norm());
        const double error = (analytic[k] - numeric).norm() / (scale < 1e-7 ? 1.0 : scale);
        if (error >= worst) {
            worst = error;
            where = t.name;
        }
    }
    return worst;
}

// The declared outputs of an experiment against what it returned: names, order, units, lengths, finite scalars.
void verifyDeclared(const ExperimentResult& r, const std::vector<OutputInfo>& declared)
{
    std::size_t series = 0, scalars = 0;
    for (const OutputInfo& o : declared) {
        if (o.kind == OutputInfo::Kind::Series) {
            QVERIFY(series < r.series.size());
            const ResultSeries& s = r.series[series++];
            QCOMPARE(s.name, o.key);
            QCOMPARE(s.yUnit, o.unit);
            QCOMPARE(s.xUnit, o.xUnit);
            QCOMPARE(s.x.size(), s.y.size());
            QVERIFY2(!s.x.empty(), o.key.c_str());
            for (std::size_t i = 0; i < s.y.size(); ++i)
                QVERIFY(std::isfinite(s.x[i]) && std::isfinite(s.y[i]));
        } else {
            QVERIFY(scalars < r.scalars.size());
            const ResultScalar& s = r.scalars[scalars++];
            QCOMPARE(s.key, o.key);
            QCOMPARE(s.unit, o.unit);
            QVERIFY2(std::isfinite(s.value), o.key.c_str());
        }
    }
    QCOMPARE(series, r.series.size());
    QCOMPARE(scalars, r.scalars.size());
    QVERIFY(!r.notes.empty());
}

}  // namespace

class TestLanguageModel : public QObject {
    Q_OBJECT

private slots:
    void corpusAndVocabulary()
    {
        const Vocabulary& v = builtInVocabulary();
        const std::vector<int> prose = v.encode(brainText());
        QCOMPARE(v.decode(prose), brainText());
        QCOMPARE(v.decode(v.encode(verseText())), verseText());
        QVERIFY(brainText().size() >= 2000 && brainText().size() <= 4096);
        QVERIFY(std::is_sorted(v.characters().begin(), v.characters().end()));
        // Closed forms of the unigram entropy: two equally common symbols, ln 2; one of four 1/2, the others 1/6.
        QVERIFY(std::abs(unigramEntropy({0, 1, 0, 1}, 2) - std::log(2.0)) < 1e-15);
        const double mixed = -(0.5 * std::log(0.5) + 3 * (1.0 / 6) * std::log(1.0 / 6));
        QVERIFY(std::abs(unigramEntropy({0, 0, 0, 1, 2, 3}, 4) - mixed) < 1e-15);
        const double h = unigramEntropy(prose, v.size());
        qInfo("vocabulary %d characters; prose %zu characters, verse %zu; unigram entropy %.4f nats (ln V = %.4f)",
              v.size(), brainText().size(), verseText().size(), h, std::log(double(v.size())));
        QVERIFY(h > 2.5 && h < std::log(double(v.size())));
    }

    void temperature()
    {
        const Eigen::VectorXd z = vec({1.0, -0.5, 2.5, 0.3, 2.4, -3.0});
        // T = 0 and T → 0: everything on the argmax (index 2).
        QCOMPARE(temperatureSoftmax(z, 0), vec({0, 0, 1, 0, 0, 0}));
        QVERIFY(temperatureSoftmax(z, 1e-3)(2) > 1 - 1e-15);
        QCOMPARE(temperatureSoftmax(z, 1e-300), vec({0, 0, 1, 0, 0, 0}));
        // Exactly tied maxima share the limit equally.
        QCOMPARE(temperatureSoftmax(vec({1, 3, 3}), 0), vec({0, 0.5, 0.5}));
        // T = 1 is the plain softmax.
        const Eigen::VectorXd plain = nn::softmaxColumns(z);
        const double diff = (temperatureSoftmax(z, 1) - plain).cwiseAbs().maxCoeff();
        QVERIFY2(diff < 1e-15, qPrintable(QString::number(diff)));
        // Higher T flattens: the entropy rises strictly and approaches ln V.
        double previous = 0;
        QString line;
        for (const double t : {0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 100.0}) {
            const double h = entropyNats(temperatureSoftmax(z, t));
            line += QStringLiteral(" T=%1: %2").arg(t).arg(h, 0, 'f', 4);
            if (t > 0)
                QVERIFY(h > previous);
            previous = h;
        }
        qInfo("entropy (nats) against temperature:%s (ln 6 = %.4f)", qPrintable(line), std::log(6.0));
        QVERIFY(std::log(6.0) - previous < 1e-3);
        // Greedy sampling draws the argmax whatever the generator.
        Random a(1), b(999);
        SamplingSettings greedy;
        greedy.temperature = 0;
        for (int i = 0; i < 20; ++i) {
            QCOMPARE(sampleToken(samplingDistribution(z, greedy), a), 2);
            QCOMPARE(sampleToken(samplingDistribution(z, greedy), b), 2);
        }
        CharLanguageModel model(builtInVocabulary(), tinyLanguageModelConfig(), 4);
        QCOMPARE(model.generate("The brain", 30, greedy, a), model.generate("The brain", 30, greedy, b));
    }

    void topKAndTopP()
    {
        // Ranked: 1 (0.30), 3 (0.25), 4 (0.20), 2 (0.10), 5 (0.10), 0 (0.05).
        const Eigen::VectorXd p = vec({0.05, 0.30, 0.10, 0.25, 0.20, 0.10});
        const Eigen::VectorXd k3 = keepTopK(p, 3);
        QCOMPARE(supportOf(k3), (std::vector<int>{1, 3, 4}));
        QVERIFY(std::abs(k3.sum() - 1) < 1e-15);
        for (const int i : {1, 3, 4})
            QVERIFY(std::abs(k3(i) - p(i) / 0.75) < 1e-15);
        QCOMPARE(supportOf(keepTopK(p, 1)), (std::vector<int>{1}));
        // The 4th place is a tie between tokens 2 and 5 (0.10 each): the lower index is kept, exactly k tokens.
        QCOMPARE(supportOf(keepTopK(p, 4)), (std::vector<int>{1, 2, 3, 4}));
        QCOMPARE(keepTopK(p, 6), p);
        QCOMPARE(keepTopK(p, 50), p);
        for (int k = 1; k <= 6; ++k)
            QCOMPARE(supportSize(keepTopK(p, k)), k);

        // Top-p: the smallest prefix of the ranking whose mass reaches p.
        const auto nucleus = [&](double top) { return supportOf(keepTopP(p, top)); };
        QCOMPARE(nucleus(0.01), (std::vector<int>{1}));
        QCOMPARE(nucleus(0.30), (std::vector<int>{1}));  // reached exactly by the first token
        QCOMPARE(nucleus(0.31), (std::vector<int>{1, 3}));
        QCOMPARE(nucleus(0.55), (std::vector<int>{1, 3}));  // 0.30 + 0.25 reaches 0.55 (up to rounding)
        QCOMPARE(nucleus(0.56), (std::vector<int>{1, 3, 4}));
        QCOMPARE(nucleus(0.75), (std::vector<int>{1, 3, 4}));
        QCOMPARE(nucleus(0.76), (std::vector<int>{1, 2, 3, 4}));  // tie 2 / 5 at the boundary: the lower index
        QCOMPARE(nucleus(0.95), (std::vector<int>{1, 2, 3, 4, 5}));
        QCOMPARE(nucleus(1.0), (std::vector<int>{0, 1, 2, 3, 4, 5}));
        const Eigen::VectorXd n = keepTopP(p, 0.6);
        QVERIFY(std::abs(n.sum() - 1) < 1e-15);
        QVERIFY(std::abs(n(4) - 0.20 / 0.75) < 1e-15);
        // A zero-probability token is never kept, even by top-k.
        QCOMPARE(supportOf(keepTopK(vec({0.5, 0, 0.5}), 3)), (std::vector<int>{0, 2}));

        // The pipeline: temperature, then top-k, then top-p (top-p measured on the top-k renormalised mass).
        const Eigen::VectorXd z = p.array().log().matrix();
        SamplingSettings s;
        s.topK = 3;
        s.topP = 0.7;  // of (0.4, 0.333, 0.267): 0.4 + 0.333 ≥ 0.7
        QCOMPARE(supportOf(samplingDistribution(z, s)), (std::vector<int>{1, 3}));
        s.temperature = 2;
        const Eigen::VectorXd expected = keepTopP(keepTopK(temperatureSoftmax(z, 2), 3), 0.7);
        QVERIFY((samplingDistribution(z, s) - expected).cwiseAbs().maxCoeff() == 0);
    }

    void samplingFrequenciesMatchTheTruncatedDistribution()
    {
        CharLanguageModel model(builtInVocabulary(), tinyLanguageModelConfig(), 11);
        SamplingSettings s;
        s.temperature = 1.5;
        s.topK = 12;
        s.topP = 0.8;
        const Eigen::VectorXd p = samplingDistribution(model.nextTokenLogits(std::string_view("The brain")), s);
        const int n = 40000;
        Random rng(5);
        Eigen::VectorXd counts = Eigen::VectorXd::Zero(p.size());
        for (int i = 0; i < n; ++i)
            counts(sampleToken(p, rng)) += 1;
        double chi2 = 0, worstZ = 0;
        const int kept = supportSize(p);
        for (Eigen::Index i = 0; i < p.size(); ++i) {
            if (p(i) == 0) {
                QCOMPARE(counts(i), 0.0);
                continue;
            }
            const double expected = n * p(i);
            chi2 += (counts(i) - expected) * (counts(i) - expected) / expected;
            const double se = std::sqrt(n * p(i) * (1 - p(i)));
            worstZ = std::max(worstZ, std::abs(counts(i) - expected) / se);
        }
        // The 99.9 % point of chi-square with ν degrees of freedom, Wilson–Hilferty: ν (1 − 2/(9ν) + 3.09 √(2/(9ν)))³.
        const double nu = kept - 1;
        const double bound = nu * std::pow(1 - 2 / (9 * nu) + 3.09 * std::sqrt(2 / (9 * nu)), 3);
        qInfo("%d draws over %d kept characters: chi-square %.2f (ν = %.0f, 99.9 %% point %.2f), worst |z| %.2f", n,
              kept, chi2, nu, bound, worstZ);
        QVERIFY(kept >= 3 && kept <= 12);
        QVERIFY(chi2 < bound);
        QVERIFY(worstZ < 4);
    }

    void loraCountsAndIdentityAtStart()
    {
        const LanguageModelConfig c = tinyLanguageModelConfig();  // d = 16, h = 32, 1 block
        QCOMPARE(loraParameterCount(4, 16, 32), 4L * 48);
        LoraSettings lora;
        lora.rank = 4;
        QCOMPARE(loraParameterCount(c, lora), long(c.layers) * 4 * (8 * c.dim + 2 * (c.dim + c.mlpHidden)));
        QCOMPARE(loraParameterCount(c, lora), 896L);
        const LanguageModelConfig big;
        for (const int r : {1, 2, 8, 16}) {
            lora.rank = r;
            QCOMPARE(loraParameterCount(big, lora),
                     long(big.layers) * r * (8 * big.dim + 2 * (big.dim + big.mlpHidden)));
        }
        lora.rank = 3;
        lora.mlp = false;
        QCOMPARE(loraParameterCount(c, lora), 1L * 3 * 4 * 32);
        lora.mlp = true;
        lora.attention = false;
        QCOMPARE(loraParameterCount(c, lora), 1L * 3 * 2 * 48);
        lora.attention = true;

        CharLanguageModel model(builtInVocabulary(), c, 21);
        const std::vector<int> tokens = builtInVocabulary().encode("A neuron is a small cell");
        const std::vector<std::vector<int>> windows = {std::vector<int>(tokens.begin(), tokens.begin() + 16),
                                                       std::vector<int>(tokens.begin() + 8, tokens.begin() + 24)};
        const nn::Matrix before = model.logits(windows);
        model.addAdapters(lora, 77);
        QCOMPARE(model.adapterParameterCount(), loraParameterCount(c, lora));
        long sum = 0;
        for (const LoraAdapter& a : model.adapters()) {
            QCOMPARE(a.parameterCount(), loraParameterCount(3, int(a.a.value.cols()), int(a.b.value.rows())));
            QVERIFY(a.b.value.isZero(0));
            QVERIFY(!a.a.value.isZero(0));
            sum += a.parameterCount();
        }
        QCOMPARE(sum, 3L * (8 * 16 + 2 * 48));
        QCOMPARE(long(model.adapters().size()), 6L);
        const nn::Matrix adapted = model.logits(windows);
        QVERIFY(adapted == before);  // bit for bit
        // A non-zero B changes the model; removing the adapters restores it bit for bit.
        Random rng(2);
        model.adapters()[0].b.randomise(rng, 0.3);
        QVERIFY((model.logits(windows) - before).cwiseAbs().maxCoeff() > 1e-6);
        model.removeAdapters();
        QVERIFY(model.logits(windows) == before);
        // Merging keeps the adapted function and drops the adapters.
        model.addAdapters(lora, 78);
        model.adapters()[2].b.randomise(rng, 0.3);
        const nn::Matrix changed = model.logits(windows);
        model.mergeAdapters();
        QVERIFY(!model.hasAdapters());
        QVERIFY(model.logits(windows) == changed);
        qInfo("LoRA r = 3 on the tiny model: %ld adapter parameters (formula %ld) against %ld in the model",
              sum, loraParameterCount(c, lora), model.parameterCount());
    }

    void gradientsMatchFiniteDifferences()
    {
        const Vocabulary& v = builtInVocabulary();
        CharLanguageModel model(v, microConfig(), 31);
        Random rng(8);
        const TextWindows w = randomWindows(v.encode(brainText()), 5, 2, rng);
        std::string where;
        const double modelError = worstGradientError(model, model.parameters(), w, where);
        qInfo("model (%ld parameters): worst relative gradient error %.2e (%s)", model.parameterCount(), modelError,
              where.c_str());
        QVERIFY2(modelError < 1e-6, where.c_str());

        LoraSettings lora;
        lora.rank = 2;
        lora.alpha = 3;
        model.addAdapters(lora, 9);
        for (LoraAdapter& a : model.adapters())
            a.b.randomise(rng, 0.5);  // with B = 0 the gradient of A vanishes
        const double adapterError = worstGradientError(model, model.adapterParameters(), w, where);
        qInfo("LoRA adapters (%ld parameters): worst relative gradient error %.2e (%s)",
              model.adapterParameterCount(), adapterError, where.c_str());
        QVERIFY2(adapterError < 1e-6, where.c_str());
    }

    void trainingLowersTheLoss()
    {
        const Vocabulary& v = builtInVocabulary();
        const std::vector<int> prose = v.encode(brainText()), verse = v.encode(verseText());
        CharLanguageModel model(v, tinyLanguageModelConfig(), 1);
        TrainerSettings settings;
        settings.batch = 8;
        settings.learningRate = 1e-2;
        const double initial = model.evaluate(prose);
        LanguageModelTrainer trainer(model, prose, settings, 1);
        const auto start = std::chrono::steady_clock::now();
        trainer.train(30);
        const double after30 = model.evaluate(prose);
        trainer.train(220);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double after250 = model.evaluate(prose);
        const double unigram = unigramEntropy(prose, v.size());
        qInfo("tiny model (%ld parameters): loss on the prose %.3f → %.3f after 30 steps → %.3f after 250 "
              "(unigram %.3f nats); %.2f ms per step",
              model.parameterCount(), initial, after30, after250, unigram, 1000 * seconds / 250);
        QVERIFY(after30 < initial - 0.5);
        QVERIFY(after250 < unigram - 0.3);

        // LoRA fine-tuning on the verse: its loss falls, the base stays bit for bit.
        CharLanguageModel tuned = model;
        LoraSettings lora;
        lora.rank = 4;
        tuned.addAdapters(lora, 3);
        std::vector<Eigen::MatrixXd> frozen;
        for (const nn::Tensor* t : tuned.parameters())
            frozen.push_back(t->value);
        const double verseBefore = tuned.evaluate(verse);
        TrainerSettings fine = settings;
        fine.adaptersOnly = true;
        LanguageModelTrainer adapterTrainer(tuned, verse, fine, 2);
        QCOMPARE(adapterTrainer.trainableParameters(), loraParameterCount(tinyLanguageModelConfig(), lora));
        adapterTrainer.train(40);
        const double verseAfter = tuned.evaluate(verse);
        qInfo("LoRA r = 4 (%ld parameters), 40 steps on the verse: %.3f → %.3f nats", tuned.adapterParameterCount(),
              verseBefore, verseAfter);
        QVERIFY(verseAfter < verseBefore - 0.1);
        tuned.removeAdapters();
        const nn::TensorList after = tuned.parameters();
        for (std::size_t k = 0; k < after.size(); ++k)
            QVERIFY2(after[k]->value == frozen[k], after[k]->name.c_str());
    }

    void sameSeedSameText()
    {
        const Vocabulary& v = builtInVocabulary();
        const std::vector<int> prose = v.encode(brainText());
        const auto run = [&](std::uint64_t seed, std::vector<double>& losses) {
            CharLanguageModel model(v, tinyLanguageModelConfig(), seed);
            LanguageModelTrainer trainer(model, prose, TrainerSettings{}, seed);
            losses = trainer.train(5);
            Random rng(seed);
            SamplingSettings s;
            s.temperature = 0.9;
            s.topP = 0.95;
            return model.generate("The brain", 60, s, rng);
        };
        std::vector<double> l1, l2, l3;
        const std::string a = run(7, l1), b = run(7, l2), c = run(8, l3);
        QCOMPARE(a, b);
        QVERIFY(l1 == l2);
        QVERIFY(a != c);
        QCOMPARE(a.size(), std::size_t(60));
        qInfo("seed 7: \"%s\"", oneLine(a).c_str());
    }

    void experimentsReturnTheirDeclaredOutputs()
    {
        Progress progress;
        ParamSet next(nextTokenSpecs());
        next.set("train_steps", 20);
        next.set("draws", 500);
        next.set("sample_length", 12);
        next.set("top_k", 5);
        const ExperimentResult r = runNextToken(next, progress);
        verifyDeclared(r, nextTokenOutputs());
        const ResultSeries* sampling = r.findSeries("sampling_distribution");
        double mass = 0;
        int kept = 0;
        for (const double y : sampling->y) {
            mass += y;
            kept += y > 0 ? 1 : 0;
        }
        QVERIFY(std::abs(mass - 1) < 1e-12);
        QCOMPARE(double(kept), r.findScalar("kept_characters")->value);
        QVERIFY(kept <= 5);
        QCOMPARE(int(sampling->x.size()), builtInVocabulary().size());
        QCOMPARE(r.findSeries("training_loss")->x.size(), std::size_t(20));
        qInfo("next-token (cheap): %s", r.notes.front().c_str());

        ParamSet lora(loraRankSpecs());
        lora.set("pretrain_steps", 20);
        lora.set("finetune_steps", 5);
        lora.set("max_rank", 4);
        const ExperimentResult q = runLoraRank(lora, progress);
        verifyDeclared(q, loraRankOutputs());
        const ResultSeries* counts = q.findSeries("lora_parameters");
        QCOMPARE(counts->x, (std::vector<double>{1, 2, 4}));
        for (std::size_t i = 0; i < counts->x.size(); ++i)
            QCOMPARE(counts->y[i],
                     double(loraParameterCount(tinyLanguageModelConfig(), LoraSettings{int(counts->x[i])})));
        QCOMPARE(loraRankSweep(16), (std::vector<int>{1, 2, 4, 8, 16}));
        QCOMPARE(loraRankSweep(5), (std::vector<int>{1, 2, 4, 5}));
        lora.set("max_rank", 32);
        QVERIFY(throwsNaming([&] { runLoraRank(lora, progress); }, "max_rank"));
        // A cancelled job stops.
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(JobCancelled, runNextToken(next, cancelled));
    }

    void liveTrainingHoldsOutATenthAndIsDeterministic()
    {
        // The panel's training: the held-out text is the prose's last tenth (cut at a space), never trained on;
        // the tiny model beats the unigram entropy on it; the same seed gives the same curves whether or not
        // snapshots are published; the snapshots' steps only grow.
        const std::string& prose = brainText();
        QCOMPARE(liveTrainingText() + liveHeldOutText(), prose);
        QVERIFY(liveHeldOutText().front() == ' ');
        QVERIFY(std::abs(double(liveHeldOutText().size()) / double(prose.size()) - 0.1) < 0.01);
        LiveTrainingSetup setup;
        setup.steps = 400;
        Progress quiet, live;
        const TrainedCharModel a = trainCharModel(setup, quiet, false);
        const TrainedCharModel b = trainCharModel(setup, live, true);
        QCOMPARE(a.curves.trainingLoss, b.curves.trainingLoss);
        QCOMPARE(a.curves.heldOutLoss, b.curves.heldOutLoss);
        QCOMPARE(int(a.curves.step.size()), 100);
        QCOMPARE(int(a.curves.heldOutStep.size()), 101);  // step 0 too
        QCOMPARE(a.parameters, 3898L);
        QVERIFY(live.liveVersion() == 101);
        const auto last = std::dynamic_pointer_cast<const LiveTrainingSnapshot>(live.live());
        QVERIFY(last && last->step == 400 && !last->sample.empty());
        QVERIFY(last->sample.size() == 60);
        qInfo("tiny model, 400 steps: held-out %.3f nats (best %.3f at step %ld), training text %.3f, unigram %.3f",
              a.heldOutLoss, a.bestHeldOutLoss, a.bestHeldOutStep, a.trainingTextLoss, a.unigramEntropy);
        QVERIFY(a.heldOutLoss < a.unigramEntropy);
        QVERIFY(a.bestHeldOutLoss <= a.heldOutLoss);
        QVERIFY(a.curves.heldOutLoss.front() > std::log(42.0) - 0.5);  // untrained: about a uniform guess
        setup.steps = -1;
        QVERIFY(throwsNaming([&] { trainCharModel(setup, quiet, false); }, "steps"));
    }

    void badInputIsNamed()
    {
        const Eigen::VectorXd z = vec({0.1, 0.2});
        QVERIFY(throwsNaming([&] { temperatureSoftmax(z, -1); }, "temperature"));
        QVERIFY(throwsNaming([&] { temperatureSoftmax(vec({0.1, NAN}), 1); }, "logits"));
        QVERIFY(throwsNaming([&] { keepTopK(z, 0); }, "top_k"));
        QVERIFY(throwsNaming([&] { keepTopP(z, 0); }, "top_p"));
        QVERIFY(throwsNaming([&] { keepTopP(z, 1.5); }, "top_p"));
        QVERIFY(throwsNaming([&] { keepTopK(vec({0.5, -0.1}), 1); }, "probabilities"));
        QVERIFY(throwsNaming([&] { SamplingSettings{1, -1, 1}.validate(); }, "top_k"));
        QVERIFY(throwsNaming([&] { SamplingSettings{NAN, 0, 1}.validate(); }, "temperature"));

        CharLanguageModel model(builtInVocabulary(), tinyLanguageModelConfig(), 1);
        Random rng(1);
        QVERIFY(throwsNaming([&] { model.generate("The brain@", 5, SamplingSettings{}, rng); }, "prompt"));
        QVERIFY(throwsNaming([&] { model.generate("", 5, SamplingSettings{}, rng); }, "prompt"));
        QVERIFY(throwsNaming([&] { model.generate("The", -1, SamplingSettings{}, rng); }, "count"));
        QVERIFY(throwsNaming([&] { Vocabulary("caf\xC3\xA9"); }, "vocabulary"));
        QVERIFY(throwsNaming([&] { Vocabulary("aaaa"); }, "vocabulary"));

        LanguageModelConfig c = tinyLanguageModelConfig();
        c.context = 1;
        QVERIFY(throwsNaming([&] { CharLanguageModel(builtInVocabulary(), c, 1); }, "context"));
        c = tinyLanguageModelConfig();
        c.heads = 3;
        QVERIFY(throwsNaming([&] { CharLanguageModel(builtInVocabulary(), c, 1); }, "heads"));
        QVERIFY(throwsNaming([&] { model.addAdapters(LoraSettings{0}, 1); }, "rank"));
        QVERIFY(throwsNaming([&] { model.addAdapters(LoraSettings{2, 0}, 1); }, "alpha"));
        QVERIFY(throwsNaming([&] { model.addAdapters(LoraSettings{2, 8, false, false}, 1); }, "targets"));
        QVERIFY(throwsNaming([&] { loraParameterCount(4, 0, 8); }, "in"));

        const std::vector<int> prose = builtInVocabulary().encode(brainText());
        TrainerSettings s;
        s.adaptersOnly = true;
        QVERIFY(throwsNaming([&] { LanguageModelTrainer(model, prose, s, 1); }, "adaptersOnly"));
        s.adaptersOnly = false;
        s.batch = 0;
        QVERIFY(throwsNaming([&] { LanguageModelTrainer(model, prose, s, 1); }, "batch"));
        s.batch = 4;
        s.learningRate = -1;
        QVERIFY(throwsNaming([&] { LanguageModelTrainer(model, prose, s, 1); }, "learning_rate"));
        s.learningRate = 1e-3;
        QVERIFY(throwsNaming([&] { LanguageModelTrainer(model, {3}, s, 1); }, "tokens"));
        QVERIFY(throwsNaming([&] { LanguageModelTrainer(model, {3, 999}, s, 1); }, "tokens"));
        QVERIFY(throwsNaming([&] { randomWindows(prose, 0, 2, rng); }, "length"));
        QVERIFY(throwsNaming([&] { randomWindows({1, 2}, 4, 2, rng); }, "tokens"));
        QVERIFY(throwsNaming([&] { loraRankSweep(0); }, "max_rank"));
        QVERIFY(throwsNaming([&] { unigramEntropy({}, 3); }, "tokens"));
    }
};

QTEST_APPLESS_MAIN(TestLanguageModel)
#include "tst_languagemodel.moc"
