// Chapter 14, "Where next" (engine/frontiers). Continual learning: the diagonal Fisher is non-negative and equals the
// mean squared per-sample gradient of the log-likelihood (true labels) or its expectation over the model's classes;
// the gradient of cross-entropy + EWC penalty matches central differences (< 1e-6 relative); SGD's proximal step
// keeps high-Fisher parameters at θ*_A even for λ = 1e9; and over seeds 1-5 EWC at the default λ = 10 forgets task A
// much less than plain training while task B is still learned. Spiking vs dense: the dense pass counts Σ n_in·n_out
// multiply–adds (as chapter 1's meter does); a hand-built spiking network's spikes, adds and potentials equal a
// hand count; the converted network's accuracy approaches the ANN's as T grows, its hidden rates approach the
// normalised activations, and at the default setting it is cheaper than the dense pass at T = 8 and dearer at
// T = 128, crossing where T* says. Event-driven: bitwise identical outputs, exactly nonzeros × fan-out updates, and
// the counted energies cross at the formula's density. Plus the experiments' declared outputs and bad input.

#include "engine/analysis/EnergyMeter.h"
#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "engine/frontiers/ContinualLearning.h"
#include "engine/frontiers/EventDriven.h"
#include "engine/frontiers/FrontiersExperiments.h"
#include "engine/frontiers/SpikingConversion.h"
#include "engine/nn/Layers.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

using namespace neuroai;
using namespace neuroai::frontiers;
using neuroai::test::throwsNaming;

namespace {

Dataset smallData(int features, int classes, int perClass, std::uint64_t seed)
{
    PatternSetup s;
    s.features = features;
    s.classes = classes;
    s.trainPerClass = perClass;
    s.testPerClass = 1;
    Random rng(seed);
    return makePatternTask(s, rng).train;
}

// Relative error ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) of the EWC objective's gradient, central
// differences with step h.
double objectiveGradientError(ReluMlp& net, const Dataset& data, const EwcPenalty& penalty, double h)
{
    Eigen::VectorXd analytic;
    ewcObjective(net, data, &penalty, &analytic);
    const Eigen::VectorXd theta = net.parameters();
    Eigen::VectorXd numeric(theta.size());
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        Eigen::VectorXd t = theta;
        t[i] = theta[i] + h;
        net.setParameters(t);
        const double up = ewcObjective(net, data, &penalty, nullptr);
        t[i] = theta[i] - h;
        net.setParameters(t);
        const double down = ewcObjective(net, data, &penalty, nullptr);
        numeric[i] = (up - down) / (2 * h);
    }
    net.setParameters(theta);
    return (analytic - numeric).norm() / std::max(analytic.norm(), numeric.norm());
}

// The run returns exactly the declared outputs, in order, with their units, equal x/y lengths, finite scalars and
// at least one note.
bool matchesDeclaration(const ExperimentResult& r, const std::vector<OutputInfo>& outputs)
{
    std::size_t si = 0, ki = 0;
    for (const OutputInfo& o : outputs) {
        if (o.kind == OutputInfo::Kind::Series) {
            if (si >= r.series.size())
                return false;
            const ResultSeries& s = r.series[si++];
            if (s.name != o.key || s.yUnit != o.unit || s.xUnit != o.xUnit || s.x.size() != s.y.size() || s.x.empty())
                return false;
            for (std::size_t k = 0; k < s.x.size(); ++k)
                if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k]))
                    return false;
        } else {
            if (ki >= r.scalars.size())
                return false;
            const ResultScalar& s = r.scalars[ki++];
            if (s.key != o.key || s.unit != o.unit || !std::isfinite(s.value))
                return false;
        }
    }
    return si == r.series.size() && ki == r.scalars.size() && !r.notes.empty();
}

const ResultSeries& seriesOf(const ExperimentResult& r, const char* name)
{
    const ResultSeries* s = r.findSeries(name);
    if (!s)
        qFatal("no series %s", name);
    return *s;
}

}  // namespace

class TestFrontiers : public QObject {
    Q_OBJECT

private slots:
    void fisherIsTheMeanSquaredPerSampleGradient()
    {
        const Dataset data = smallData(6, 3, 5, 11);
        Random rng(3);
        const ReluMlp net({6, 7, 3}, true, rng);
        const Eigen::VectorXd empirical = diagonalFisher(net, data, FisherKind::Empirical);
        const Eigen::VectorXd expected = diagonalFisher(net, data, FisherKind::Expected);
        Eigen::VectorXd byHandEmpirical = Eigen::VectorXd::Zero(net.parameterCount());
        Eigen::VectorXd byHandExpected = byHandEmpirical;
        const Eigen::MatrixXd p = nn::softmaxColumns(net.logits(data.x));
        for (int n = 0; n < data.samples(); ++n) {
            byHandEmpirical += logLikelihoodGradient(net, data.x.col(n), data.labels[std::size_t(n)]).cwiseAbs2();
            for (int k = 0; k < 3; ++k)
                byHandExpected += p(k, n) * logLikelihoodGradient(net, data.x.col(n), k).cwiseAbs2();
        }
        byHandEmpirical /= data.samples();
        byHandExpected /= data.samples();
        const double e1 = (empirical - byHandEmpirical).norm() / byHandEmpirical.norm();
        const double e2 = (expected - byHandExpected).norm() / byHandExpected.norm();
        qInfo("Fisher vs mean squared per-sample gradients: empirical rel. error %.2e, expected %.2e; "
              "max F %.4f / %.4f",
              e1, e2, empirical.maxCoeff(), expected.maxCoeff());
        QVERIFY(e1 < 1e-12);
        QVERIFY(e2 < 1e-12);
        QVERIFY(empirical.minCoeff() >= 0);
        QVERIFY(expected.minCoeff() >= 0);
        QVERIFY(empirical.maxCoeff() > 0);

        // The per-sample gradient itself against central differences of log p(y|x).
        ReluMlp copy = net;
        const Eigen::VectorXd x = data.x.col(0);
        const int y = data.labels[0];
        const auto logp = [&](const ReluMlp& m) {
            const Eigen::MatrixXd q = nn::softmaxColumns(m.logits(x));
            return std::log(q(y, 0));
        };
        const Eigen::VectorXd g = logLikelihoodGradient(net, x, y);
        Eigen::VectorXd numeric(g.size());
        const double h = 1e-6;
        for (Eigen::Index i = 0; i < g.size(); ++i) {
            Eigen::VectorXd t = net.parameters();
            t[i] += h;
            copy.setParameters(t);
            const double up = logp(copy);
            t[i] -= 2 * h;
            copy.setParameters(t);
            numeric[i] = (up - logp(copy)) / (2 * h);
        }
        const double e3 = (g - numeric).norm() / g.norm();
        qInfo("per-sample log-likelihood gradient vs finite differences: %.2e", e3);
        QVERIFY(e3 < 1e-6);
    }

    void ewcGradientMatchesFiniteDifferences()
    {
        const Dataset data = smallData(5, 4, 4, 21);
        for (const bool bias : {true, false}) {
            Random rng(bias ? 5 : 6);
            ReluMlp net(bias ? std::vector<int>{5, 6, 4} : std::vector<int>{5, 6, 5, 4}, bias, rng);
            EwcPenalty penalty;
            penalty.fisher = diagonalFisher(net, data, FisherKind::Expected);
            penalty.anchor = net.parameters();
            for (Eigen::Index i = 0; i < penalty.anchor.size(); ++i)
                penalty.anchor[i] += 0.3 * rng.normal();
            penalty.lambda = 7;
            const double error = objectiveGradientError(net, data, penalty, 1e-6);
            const double share = penalty.value(net.parameters()) / ewcObjective(net, data, &penalty, nullptr);
            qInfo("EWC objective gradient (bias %d): relative error %.2e (penalty %.0f %% of the objective)", int(bias),
                  error, 100 * share);
            QVERIFY(error < 1e-6);
            QVERIFY(share > 0.05);  // the penalty's gradient is really exercised
            // The penalty alone: value and gradient in closed form.
            const Eigen::VectorXd d = net.parameters() - penalty.anchor;
            QVERIFY(std::abs(penalty.value(net.parameters()) -
                             0.5 * 7 * (penalty.fisher.array() * d.array() * d.array()).sum()) < 1e-12);
        }
    }

    void largeLambdaPinsTheImportantParameters()
    {
        ContinualSetup s;
        s.taskA.epochs = 10;
        s.taskB.epochs = 10;
        const TaskPair tasks = makeTaskPair(s);
        const AfterTaskA a = learnTaskA(s, tasks);
        const TaskBRun pinned = learnTaskB(s, tasks, a, 1e9);
        const TaskBRun plain = learnTaskB(s, tasks, a, 0);
        double worstPinned = 0, worstPlain = 0;
        for (Eigen::Index i = 0; i < a.fisher.size(); ++i)
            if (a.fisher[i] > 1e-3) {
                worstPinned = std::max(worstPinned, std::abs(pinned.theta[i] - a.net.parameters()[i]));
                worstPlain = std::max(worstPlain, std::abs(plain.theta[i] - a.net.parameters()[i]));
            }
        qInfo("parameters with F > 1e-3: largest move %.2e at λ = 1e9 (proximal SGD), %.3f plain", worstPinned,
              worstPlain);
        QVERIFY(worstPinned < 1e-4);
        QVERIFY(worstPlain > 0.1);
        QCOMPARE(pinned.accuracyA.back(), a.accuracyA.back());
    }

    void ewcReducesForgettingOverFiveSeeds()
    {
        ContinualSetup s;  // the experiment's defaults: λ = 10
        QCOMPARE(s.lambda, ParamSet(ewcSpecs())["lambda"]);
        double afterA = 0, plainA = 0, plainB = 0, ewcA = 0, ewcB = 0;
        const int seeds = 5;
        for (int seed = 1; seed <= seeds; ++seed) {
            s.seed = std::uint64_t(seed);
            const TaskPair tasks = makeTaskPair(s);
            const AfterTaskA a = learnTaskA(s, tasks);
            const TaskBRun plain = learnTaskB(s, tasks, a, 0);
            const TaskBRun ewc = learnTaskB(s, tasks, a, s.lambda);
            afterA += a.accuracyA.back() / seeds;
            plainA += plain.accuracyA.back() / seeds;
            plainB += plain.accuracyB.back() / seeds;
            ewcA += ewc.accuracyA.back() / seeds;
            ewcB += ewc.accuracyB.back() / seeds;
        }
        qInfo("seeds 1-5: A after A %.3f; after B plain A %.3f B %.3f; EWC (λ = %g) A %.3f B %.3f", afterA, plainA,
              plainB, s.lambda, ewcA, ewcB);
        QVERIFY(afterA > 0.97);
        QVERIFY(afterA - plainA > 0.1);  // plain training forgets
        QVERIFY(ewcA - plainA > 0.08);   // EWC forgets much less
        QVERIFY(afterA - ewcA < 0.5 * (afterA - plainA));
        QVERIFY(ewcB > 0.95);             // and B is still learned
        QVERIFY(plainB > 0.95);
    }

    void denseCountIsTheFormulaAndChapterOnesCount()
    {
        Random rng(9);
        const ReluMlp net({7, 5, 3}, false, rng);
        const Eigen::VectorXd x = Eigen::VectorXd::Constant(7, 0.4);
        OperationCounts ops;
        const Eigen::VectorXd logits = denseCounted(net, x, ops);
        QCOMPARE(ops.multiplyAdds, std::uint64_t(7 * 5 + 5 * 3));
        QCOMPARE(ops.adds, std::uint64_t(0));
        QVERIFY((logits - net.logits(x)).norm() < 1e-12);
        const LayeredNetwork chapterOne = makeLayeredNetwork({7, 5, 3}, 1);
        const DenseResult meter = runDense(chapterOne, std::vector<float>(7, 0.4f));
        QCOMPARE(meter.ops.multiplyAdds, ops.multiplyAdds);
        QCOMPARE(double(chapterOne.synapseCount()), double(ops.multiplyAdds));
        // With biases each output adds one add per unit.
        Random rng2(10);
        const ReluMlp biased({7, 5, 3}, true, rng2);
        OperationCounts ops2;
        denseCounted(biased, x, ops2);
        QCOMPARE(ops2.multiplyAdds, std::uint64_t(50));
        QCOMPARE(ops2.adds, std::uint64_t(5 + 3));
    }

    void spikingCountsMatchAHandCount()
    {
        // 2 inputs → 2 IF units → 2 integrating outputs. Input rates (1, 0.5), regular coding: input 0 spikes every
        // step, input 1 at steps 2 and 4. W0 = identity, so hidden unit 0 spikes every step and unit 1 at steps 2, 4.
        // Over T = 4: 6 input spikes and 6 hidden spikes, each reaching 2 targets: 24 adds. Outputs: W1 · (4, 2).
        ConvertedSnn snn;
        snn.sizes = {2, 2, 2};
        snn.weights = {Eigen::Matrix2d::Identity(), (Eigen::Matrix2d() << 0.5, 0.25, 0.125, 0.75).finished()};
        snn.scales = {1, 1, 1};
        const Eigen::Vector2d x(1.0, 0.5);
        for (const InputCoding coding : {InputCoding::Regular, InputCoding::Bernoulli}) {
            const Eigen::Vector2d input = coding == InputCoding::Regular ? x : Eigen::Vector2d(1.0, 0.0);
            const SnnSingleRun run = runSnnOnce(snn, input, 4, coding, 1);
            if (coding == InputCoding::Regular) {
                QCOMPARE(run.spikesPerLayer, (std::vector<std::uint64_t>{6, 6}));
                QCOMPARE(run.ops.adds, std::uint64_t(24));
                QCOMPARE(run.outputPotential[0], 0.5 * 4 + 0.25 * 2);
                QCOMPARE(run.outputPotential[1], 0.125 * 4 + 0.75 * 2);
            } else {
                // Rates 1 and 0 are deterministic under Bernoulli coding too: 4 + 4 spikes, 16 adds.
                QCOMPARE(run.spikesPerLayer, (std::vector<std::uint64_t>{4, 4}));
                QCOMPARE(run.ops.adds, std::uint64_t(16));
            }
            QCOMPARE(run.ops.multiplyAdds, std::uint64_t(0));
        }
        // The evaluation reads the same counts at each checkpoint (one sample).
        Dataset one;
        one.x = x;
        one.labels = {0};
        one.classes = 2;
        const SnnEvaluation e = evaluateSnn(snn, one, {1, 2, 4}, InputCoding::Regular, 1);
        QCOMPARE(e.checkpoints[0].addsPerInference, 2.0 + 2.0);        // step 1: one input spike, one hidden
        QCOMPARE(e.checkpoints[1].addsPerInference, 4.0 + 8.0);        // step 2: two input spikes, two hidden
        QCOMPARE(e.checkpoints[2].addsPerInference, 24.0);
        QCOMPARE(e.checkpoints[2].rates, (std::vector<double>{6.0 / 8, 6.0 / 8}));
        QCOMPARE(e.total.adds, std::uint64_t(24));
    }

    void convertedNetworkApproachesTheAnnAndItsEnergyCrossesAtTStar()
    {
        Progress progress;
        ParamSet p(spikingEnergySpecs());
        const ExperimentResult r = runSpikingEnergy(p, progress);
        QVERIFY(matchesDeclaration(r, spikingEnergyOutputs()));
        const ResultSeries& acc = seriesOf(r, "snn_accuracy");
        const ResultSeries& agree = seriesOf(r, "agreement");
        const ResultSeries& snnE = seriesOf(r, "snn_energy");
        const double ann = r.findScalar("ann_accuracy_pct")->value;
        const double denseNj = r.findScalar("dense_energy_nj")->value;
        const double tStar = r.findScalar("break_even_steps")->value;
        const auto at = [](const ResultSeries& s, double t) {
            for (std::size_t k = 0; k < s.x.size(); ++k)
                if (s.x[k] == t)
                    return s.y[k];
            qFatal("no T = %g", t);
            return 0.0;
        };
        qInfo("spiking-energy defaults: ANN %.2f %%; SNN %.2f %% at T=1, %.2f at T=4, %.2f at T=16, %.2f at T=128; "
              "agreement %.2f %% at T=128",
              ann, at(acc, 1), at(acc, 4), at(acc, 16), at(acc, 128), at(agree, 128));
        qInfo("energy: dense %.3f nJ (%g MACs); SNN %.3f nJ at T=8, %.3f at T=128; T* = %.2f; "
              "rates in %.3f hidden %.3f",
              denseNj, r.findScalar("dense_multiply_adds")->value, at(snnE, 8), at(snnE, 128), tStar,
              r.findScalar("input_rate")->value, r.findScalar("hidden_rate")->value);
        QCOMPARE(r.findScalar("dense_multiply_adds")->value, 24.0 * 32 + 32.0 * 8);
        QVERIFY(ann > 90);
        QVERIFY(at(acc, 1) < 50);
        QVERIFY(std::abs(at(acc, 128) - ann) <= 1.5);
        QVERIFY(at(agree, 128) >= 98);
        QVERIFY(at(agree, 128) > at(agree, 4));
        // The documented sign: cheaper than the dense pass at T = 8, dearer at T = 128 ...
        QVERIFY(at(snnE, 8) < denseNj);
        QVERIFY(at(snnE, 128) > denseNj);
        // ... and the counted energies cross where T* = MACs·e_mac/(adds per step·e_add) says (the adds per step
        // grow slightly while the hidden layer warms up, hence 15 %).
        double crossing = 0;
        for (std::size_t k = 1; k < snnE.x.size(); ++k)
            if (snnE.y[k] > denseNj) {
                crossing = snnE.x[k - 1] + (snnE.x[k] - snnE.x[k - 1]) * (denseNj - snnE.y[k - 1]) /
                                               (snnE.y[k] - snnE.y[k - 1]);
                break;
            }
        qInfo("counted energies cross at T = %.2f, formula T* = %.2f", crossing, tStar);
        QVERIFY(std::abs(crossing / tStar - 1) < 0.15);

        // Regular coding: the hidden rates at T_max approach the normalised activations clipped to [0, 1].
        p.set("coding", 1);
        p.set("max_steps", 256);
        const ExperimentResult regular = runSpikingEnergy(p, progress);
        const ResultSeries& scatter = seriesOf(regular, "rate_vs_activation");
        double meanError = 0;
        for (std::size_t k = 0; k < scatter.x.size(); ++k)
            meanError += std::abs(scatter.y[k] - std::min(scatter.x[k], 1.0)) / double(scatter.x.size());
        const ResultSeries& agreeRegular = seriesOf(regular, "agreement");
        qInfo("regular coding: mean |rate − clip(a/s)| = %.4f over %zu units × samples; agreement %.2f %% at T=256, "
              "accuracy %.2f %% vs ANN %.2f %%",
              meanError, scatter.x.size(), agreeRegular.y.back(), regular.findScalar("snn_accuracy_pct")->value,
              regular.findScalar("ann_accuracy_pct")->value);
        QVERIFY(meanError < 0.02);
        QVERIFY(agreeRegular.y.back() >= 99);
    }

    void eventDrivenLayerIsExactAndCostsNonzerosTimesFanOut()
    {
        Random rng(4);
        Eigen::MatrixXd w(30, 50);
        for (Eigen::Index k = 0; k < w.size(); ++k)
            w.data()[k] = rng.normal();
        for (const EventPayload payload : {EventPayload::Binary, EventPayload::Graded}) {
            Eigen::VectorXd x = Eigen::VectorXd::Zero(50);
            const std::vector<int> on{0, 3, 17, 18, 31, 40, 49};
            for (const int i : on)
                x[i] = payload == EventPayload::Binary ? 1.0 : 0.1 + rng.uniform();
            x[5] = -0.0;  // a negative zero is no event either
            const LayerPass dense = denseLayer(w, x), event = eventLayer(w, x, payload);
            QCOMPARE(dense.ops.multiplyAdds, std::uint64_t(50 * 30));
            QCOMPARE(event.events, std::uint64_t(on.size()));
            QCOMPARE(event.ops.multiplyAdds + event.ops.adds, std::uint64_t(on.size() * 30));
            QCOMPARE(payload == EventPayload::Binary ? event.ops.adds : event.ops.multiplyAdds,
                     std::uint64_t(on.size() * 30));
            QVERIFY(std::memcmp(dense.y.data(), event.y.data(), sizeof(double) * 30) == 0);
            QVERIFY((dense.y - w * x).norm() < 1e-12);
        }
    }

    void countedEnergiesCrossAtTheFormulasDensity()
    {
        struct Case {
            EventPayload payload;
            double fetch, event;
        };
        for (const Case c : {Case{EventPayload::Binary, 5, 0}, Case{EventPayload::Graded, 5, 200},
                             Case{EventPayload::Binary, 0, 0}}) {
            EventSweepSetup s;
            s.payload = c.payload;
            s.costs.fetchPj = c.fetch;
            s.costs.eventPj = c.event;
            s.frames = 3;
            const EventSweep r = sweepEventDensity(s);
            const double op = (c.payload == EventPayload::Binary ? s.costs.addPj : s.costs.macPj) + c.fetch;
            const double formula = s.costs.macPj / (op + c.event / s.outputs);
            qInfo("payload %s, fetch %g pJ, event %g pJ: d* = %.6f (formula %.6f), measured %.6f; mismatches %llu",
                  c.payload == EventPayload::Binary ? "binary" : "graded", c.fetch, c.event, r.crossover, formula,
                  r.measuredCrossover, static_cast<unsigned long long>(r.mismatches));
            QVERIFY(std::abs(r.crossover - formula) < 1e-12);
            QVERIFY(std::abs(r.measuredCrossover - std::min(formula, 1.0)) < 1e-9);
            QCOMPARE(r.mismatches, std::uint64_t(0));
            QCOMPARE(r.maxAbsDifference, 0.0);
            for (std::size_t k = 0; k < r.density.size(); ++k) {
                QCOMPARE(r.eventOps[k], r.density[k] * s.inputs * s.outputs);  // nonzeros × fan-out, exactly
                QCOMPARE(r.denseOps[k], double(s.inputs) * s.outputs);
                QCOMPARE(r.eventEnergyPj[k] < r.denseEnergyPj[k], r.density[k] < formula);
            }
        }
    }

    void experimentsReturnTheirDeclaredOutputs()
    {
        Progress progress;
        ParamSet ewc(ewcSpecs());
        ewc.set("repeats", 1);
        ewc.set("epochs_a", 4);
        ewc.set("epochs_b", 3);
        const ExperimentResult er = runEwc(ewc, progress);
        QVERIFY(matchesDeclaration(er, ewcOutputs()));
        QCOMPARE(seriesOf(er, "plain_accuracy_a").x.size(), std::size_t(4 + 3 + 1));
        QCOMPARE(seriesOf(er, "final_a_vs_lambda").x, ewcLambdaSweep());
        QCOMPARE(seriesOf(er, "fisher_sorted").x.size(), std::size_t(er.findScalar("parameters")->value));
        // The A phase is shared: both runs agree up to the end of A.
        QCOMPARE(seriesOf(er, "plain_accuracy_a").y[4], seriesOf(er, "ewc_accuracy_a").y[4]);

        ParamSet spiking(spikingEnergySpecs());
        spiking.set("max_steps", 16);
        spiking.set("epochs", 3);
        const ExperimentResult s = runSpikingEnergy(spiking, progress);
        QVERIFY(matchesDeclaration(s, spikingEnergyOutputs()));
        QCOMPARE(spikingCheckpoints(16), (std::vector<int>{1, 2, 3, 4, 6, 8, 12, 16}));
        QCOMPARE(spikingCheckpoints(5), (std::vector<int>{1, 2, 3, 4, 5}));

        ParamSet event(eventDrivenSpecs());
        const ExperimentResult d = runEventDriven(event, progress);
        QVERIFY(matchesDeclaration(d, eventDrivenOutputs()));
        QCOMPARE(d.findScalar("mismatched_outputs")->value, 0.0);
        event.set("inputs", 5000);
        event.set("outputs", 2000);
        event.set("frames", 200);
        QVERIFY(throwsNaming([&] { runEventDriven(event, progress); }, "frames"));

        // Cancellation stops a run.
        Progress cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(JobCancelled, runEwc(ewc, cancelled));
    }

    void badInputThrowsNamingTheValue()
    {
        PatternSetup patterns;
        patterns.features = 1;
        QVERIFY(throwsNaming([&] { patterns.validate(); }, "features = 1"));
        patterns = {};
        patterns.noise = std::nan("");
        QVERIFY(throwsNaming([&] { patterns.validate(); }, "noise = nan"));
        Random rng(1);
        QVERIFY(throwsNaming([&] { ReluMlp({4, 0, 2}, true, rng); }, "layer size = 0"));
        ReluMlp net({4, 3, 2}, true, rng);
        EwcPenalty penalty{net.parameters(), Eigen::VectorXd::Constant(net.parameterCount(), -1.0), 1.0};
        const Dataset data = smallData(4, 2, 3, 2);
        QVERIFY(throwsNaming([&] { ewcObjective(net, data, &penalty, nullptr); }, "fisher = -1"));
        penalty.fisher.setZero();
        penalty.lambda = -2;
        QVERIFY(throwsNaming([&] { ewcObjective(net, data, &penalty, nullptr); }, "lambda = -2"));
        TrainingSetup training;
        training.learningRate = 0;
        QVERIFY(throwsNaming([&] { trainNetwork(net, data, nullptr, training, rng); }, "learning rate = 0"));
        QVERIFY(throwsNaming([&] { convertToSnn(net, data.x); }, "bias"));
        ReluMlp plain({4, 3, 2}, false, rng);
        QVERIFY(throwsNaming([&] { convertToSnn(plain, data.x, 20); }, "percentile = 20"));
        const ConvertedSnn snn = convertToSnn(plain, data.x);
        QVERIFY(throwsNaming([&] { runSnnOnce(snn, Eigen::Vector4d(0, 0.5, 1.5, 0), 4, InputCoding::Regular, 1); },
                             "input rate = 1.5"));
        QVERIFY(throwsNaming([&] { evaluateSnn(snn, data, {4, 2}, InputCoding::Regular, 1); }, "checkpoint = 2"));
        const Eigen::MatrixXd w = Eigen::MatrixXd::Ones(2, 3);
        QVERIFY(throwsNaming([&] { eventLayer(w, Eigen::Vector3d(1, 0.5, 0), EventPayload::Binary); },
                             "binary input = 0.5"));
        QVERIFY(throwsNaming([&] { denseLayer(w, Eigen::Vector3d(1, std::nan(""), 0)); }, "input = nan"));
        EventSweepSetup sweep;
        sweep.inputs = 0;
        QVERIFY(throwsNaming([&] { sweepEventDensity(sweep); }, "inputs = 0"));
        EventCosts costs;
        costs.fetchPj = -1;
        QVERIFY(throwsNaming([&] { crossoverDensity(costs, EventPayload::Binary, 10); }, "fetch energy = -1"));
    }
};

QTEST_APPLESS_MAIN(TestFrontiers)
#include "tst_frontiers.moc"
