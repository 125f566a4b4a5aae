// The network engine's inputs, short-term plasticity, learning-rule hook and monitors (issue 10). Properties:
// - a Poisson population's counts have the binomial mean and variance, per step over the population and per neuron
//   over time (tolerances 4 standard errors of each statistic, fixed seed), per-neuron rates included (thinning);
//   a rate change applies from the next step; the stream is reproducible from the network's seed and initialise
//   reseeds it;
// - a spike-train population emits exactly the steps floor(t/dt + 1e-6), and its spikes reach a LIF target's ge
//   exactly delay steps later; bad times are refused with the neuron named;
// - Tsodyks–Markram on a projection releases exactly the closed-form recursion (engine/models/TsodyksMarkram) to 1e-9
//   for regular and irregular trains, depressing and facilitating, and the target's ge receives w·u·x;
// - a SpikeRule sees, once per step, exactly the step's spikes of both sides in increasing order, is prepared at
//   attach and at initialise, and a weight it changes applies to the same step's delivery;
// - monitors: rates of a spike-train population per bin, a state monitor's samples of a known ge decay, a weight
//   histogram and matrix of a hand-made projection;
// - initialise restarts inputs, short-term plasticity, rules and monitors: a second run repeats the first exactly.

#include "engine/core/Random.h"
#include "engine/models/TsodyksMarkram.h"
#include "engine/network/Monitors.h"
#include "engine/network/Network.h"
#include "engine/network/Projection.h"
#include "engine/network/SpikeRule.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>
#include <tuple>
#include <vector>

using namespace neuroai;
using namespace neuroai::network;

namespace {

struct Moments {
    double mean = 0;
    double variance = 0;  // unbiased
};

template <typename T>
Moments moments(const std::vector<T>& values)
{
    Moments m;
    const auto n = double(values.size());
    for (const T v : values)
        m.mean += double(v);
    m.mean /= n;
    for (const T v : values)
        m.variance += (double(v) - m.mean) * (double(v) - m.mean);
    m.variance /= n - 1;
    return m;
}

// A LIF cell population that never fires: lets a test read its ge as the sum of what arrived.
LifParameters silentCell()
{
    LifParameters p;
    p.vThreshold = 1e6;
    return p;
}

QString message(const std::function<void()>& f)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no exception)");
}

// Logs what the network hands it, and at one chosen step sets every weight to a new value.
class RecordingRule final : public SpikeRule {
public:
    void prepare(const Projection& projection, double dtMs) override
    {
        ++prepares;
        preCount = projection.preCount();
        postCount = projection.postCount();
        dt = dtMs;
        calls = 0;
        log.clear();
    }
    void step(Projection& projection, const std::vector<int>& preSpikes, const std::vector<int>& postSpikes) override
    {
        lastPre = preSpikes;
        lastPost = postSpikes;
        for (const int i : preSpikes)
            log.push_back({calls, 0, i});
        for (const int j : postSpikes)
            log.push_back({calls, 1, j});
        if (calls == changeAtCall)
            std::fill(projection.weights().begin(), projection.weights().end(), newWeight);
        ++calls;
    }

    struct Entry {
        long call;
        int side;  // 0 pre, 1 post
        int neuron;
    };
    int prepares = 0;
    int preCount = -1;
    int postCount = -1;
    double dt = 0;
    long calls = 0;
    long changeAtCall = -1;
    float newWeight = 0;
    std::vector<int> lastPre, lastPost;
    std::vector<Entry> log;
};

}  // namespace

class TestNetInputs : public QObject {
    Q_OBJECT

private slots:
    void poissonCountsAreBinomial()
    {
        // 1000 neurons at 20 Hz, dt 0.1 ms: p = 0.002 per neuron and step; 5000 steps.
        const int n = 1000, steps = 5000;
        const double p = 20.0 * 0.1 / 1000.0;
        Network net(0.1, 7);
        const int pop = net.addPoissonPopulation("in", n, 20.0);
        QCOMPARE(net.kind(pop), PopulationKind::Poisson);
        QVERIFY(net.v(pop).empty());
        net.setRecordSpikes(true);
        std::vector<int> perStep;
        std::vector<int> perNeuron(std::size_t(n), 0);
        for (int s = 0; s < steps; ++s) {
            net.step();
            const std::vector<int>& spiked = net.lastSpikes(pop);
            QVERIFY(std::is_sorted(spiked.begin(), spiked.end()));
            QVERIFY(std::adjacent_find(spiked.begin(), spiked.end()) == spiked.end());
            QVERIFY(spiked.empty() || (spiked.front() >= 0 && spiked.back() < n));
            perStep.push_back(int(spiked.size()));
            for (const int j : spiked)
                ++perNeuron[std::size_t(j)];
        }
        QCOMPARE(net.spikeCount(), std::uint64_t(net.spikes().size()));
        // Per step: Binomial(1000, p), mean 2, variance 1.996. The standard error of the mean over 5000 steps is
        // sqrt(1.996/5000) = 0.020; that of the sample variance sqrt((μ4 − σ⁴)/n) ≈ sqrt(10/5000) = 0.045 (μ4 of the
        // near-Poisson count λ + 3λ²). Tolerances are 4 standard errors. Correlated neurons would inflate the variance.
        const Moments step = moments(perStep);
        const double stepMean = n * p, stepVar = n * p * (1 - p);
        QVERIFY2(std::abs(step.mean - stepMean) < 4 * std::sqrt(stepVar / steps),
                 qPrintable(QStringLiteral("per-step mean %1, expected %2").arg(step.mean).arg(stepMean)));
        QVERIFY2(std::abs(step.variance - stepVar) < 4 * 0.045,
                 qPrintable(QStringLiteral("per-step variance %1, expected %2").arg(step.variance).arg(stepVar)));
        // Per neuron over 5000 steps: Binomial(5000, p), mean 10, variance 9.98; over 1000 neurons the standard errors
        // are 0.10 (mean) and sqrt((λ + 2λ²)/1000) ≈ 0.46 (variance). Correlation in time would inflate the variance.
        const Moments neuron = moments(perNeuron);
        const double neuronMean = steps * p, neuronVar = steps * p * (1 - p);
        qInfo("per step: mean %.4f var %.4f (expected %.4f, %.4f); per neuron: mean %.4f var %.4f (expected %.4f, %.4f)",
              step.mean, step.variance, stepMean, stepVar, neuron.mean, neuron.variance, neuronMean, neuronVar);
        QVERIFY2(std::abs(neuron.mean - neuronMean) < 4 * std::sqrt(neuronVar / n),
                 qPrintable(QStringLiteral("per-neuron mean %1, expected %2").arg(neuron.mean).arg(neuronMean)));
        QVERIFY2(std::abs(neuron.variance - neuronVar) < 4 * 0.46,
                 qPrintable(QStringLiteral("per-neuron variance %1, expected %2").arg(neuron.variance).arg(neuronVar)));
    }

    void perNeuronRatesAreThinnedExactly()
    {
        // Three groups of 200 neurons at 0, 5 and 40 Hz in one population, 5000 steps of 0.1 ms: group counts are
        // Binomial(10⁶, p) with p = 0, 5·10⁻⁴, 4·10⁻³; tolerance 4σ.
        Network net(0.1, 3);
        const int pop = net.addPoissonPopulation("mixed", 600, 0.0);
        std::vector<float> rates(600);
        for (int j = 0; j < 600; ++j)
            rates[std::size_t(j)] = j % 3 == 0 ? 0.0f : (j % 3 == 1 ? 5.0f : 40.0f);
        net.setRates(pop, rates);
        QCOMPARE(net.rates(pop), rates);
        std::vector<double> count(3, 0.0);
        for (int s = 0; s < 5000; ++s) {
            net.step();
            for (const int j : net.lastSpikes(pop))
                count[std::size_t(j % 3)] += 1;
        }
        QCOMPARE(count[0], 0.0);
        qInfo("group counts: 0 Hz %.0f, 5 Hz %.0f (expected 500), 40 Hz %.0f (expected 4000)", count[0], count[1], count[2]);
        for (const int g : {1, 2}) {
            const double pg = (g == 1 ? 5.0 : 40.0) * 1e-4, trials = 200.0 * 5000.0;
            const double mean = trials * pg, sigma = std::sqrt(trials * pg * (1 - pg));
            QVERIFY2(std::abs(count[std::size_t(g)] - mean) < 4 * sigma,
                     qPrintable(QStringLiteral("group %1: %2 spikes, expected %3 ± %4").arg(g).arg(count[std::size_t(g)])
                                    .arg(mean).arg(sigma)));
        }
    }

    void rateChangeTakesEffectNextStep()
    {
        Network net(0.1, 11);
        const int pop = net.addPoissonPopulation("in", 500, 10.0);
        net.run(100);
        QVERIFY(net.spikeCount() > 0);  // 500·100·0.001 = 50 expected
        net.setRate(pop, 0.0);
        const std::uint64_t before = net.spikeCount();
        net.run(1000);
        QCOMPARE(net.spikeCount(), before);  // silent from the very next step
        net.setRate(pop, 80.0);
        net.run(2000);
        // 500·2000·0.008 = 8000 expected, σ = sqrt(8000·0.992) ≈ 89; tolerance 4σ.
        const double got = double(net.spikeCount() - before);
        qInfo("80 Hz for 2000 steps: %.0f spikes (expected 8000 ± 89)", got);
        QVERIFY2(std::abs(got - 8000.0) < 4 * 89.1, qPrintable(QString::number(got)));
        net.setRate(pop, 10000.0);  // 1/dt: every neuron every step
        net.step();
        QCOMPARE(net.lastSpikes(pop).size(), std::size_t(500));
        // Refusals name the value.
        QVERIFY(message([&] { net.setRate(pop, -1.0); }).contains("-1 Hz"));
        QVERIFY(message([&] { net.setRate(pop, 10000.5); }).contains("1/dt"));
        QVERIFY(message([&] { net.setRate(pop, std::nan("")); }).contains("nan"));
        QVERIFY(message([&] { net.setRates(pop, std::vector<float>(499, 1.0f)); }).contains("499 values for 500"));
        std::vector<float> bad(500, 1.0f);
        bad[7] = -2.0f;
        QVERIFY(message([&] { net.setRates(pop, bad); }).contains("neuron 7"));
        const int cells = net.addLifPopulation("cells", 2, {});
        QVERIFY(message([&] { net.setRate(cells, 1.0); }).contains("not a Poisson population"));
        QVERIFY(message([&] { net.addPoissonPopulation("neg", -1, 1.0); }).contains("negative size"));
    }

    void poissonStreamIsReproducible()
    {
        auto run = [](Network& net) {
            net.setRecordSpikes(true);
            net.run(3000);
            std::vector<std::pair<std::int64_t, int>> out;
            for (const Network::Spike& s : net.spikes())
                out.emplace_back(s.step, s.neuron);
            return out;
        };
        Network a(0.1, 5), b(0.1, 5), c(0.1, 6);
        for (Network* net : {&a, &b, &c})
            net->addPoissonPopulation("in", 300, 15.0);
        const auto first = run(a);
        QVERIFY(first.size() > 500);  // 300·3000·0.0015 = 1350 expected
        QCOMPARE(run(b), first);
        QVERIFY(run(c) != first);
        Random init(1);
        a.initialiseUniform(0, 0, init);  // reseeds the network's stream
        QCOMPARE(run(a), first);
    }

    void spikeTrainEmitsTheStepsAndArrivesDelayLater()
    {
        const double dt = 0.1;
        const int delay = 4;
        Network net(dt);
        // Unsorted on purpose; 0.3 ms is stored as 0.29999999999999999 and 0.3/0.1 = 2.9999999999999996: step 3.
        const std::vector<std::vector<double>> trains{{1.05, 0.0, 0.3, 0.25}, {}, {0.3, 5.0}};
        const int src = net.addSpikeTrainPopulation("trains", 3, trains);
        const LifParameters cell = silentCell();
        const int dst = net.addLifPopulation("cells", 3, cell);
        net.addProjection(src, dst, Receptor::Excitatory, Projection::fromList(3, 3, oneToOne(3, 2.0f, delay), delay));
        net.setRecordSpikes(true);
        Random init(1);
        net.initialiseUniform(-60, -60, init);
        // Expected (step, neuron), ordered by step then neuron: 0.0→0, 0.25→2, 0.3→3, 1.05→10 (floor(10.5)), 5.0→50.
        const std::vector<std::pair<std::int64_t, int>> expected{{0, 0}, {2, 0}, {3, 0}, {3, 2}, {10, 0}, {50, 2}};
        const float decay = float(std::exp(-dt / cell.tauE));
        std::vector<float> previous(3, 0.0f);
        for (std::int64_t k = 0; k < 60; ++k) {
            net.step();
            for (int j = 0; j < 3; ++j) {
                // Input arrives at the end of step k for a spike emitted in step k − delay.
                const bool arrives = std::find(expected.begin(), expected.end(),
                                               std::pair<std::int64_t, int>{k - delay, j}) != expected.end();
                const float want = previous[std::size_t(j)] * decay + (arrives ? 2.0f : 0.0f);
                const float ge = net.ge(dst)[std::size_t(j)];
                if (!(std::abs(ge - want) <= 1e-6f * (1.0f + want)))
                    QFAIL(qPrintable(QStringLiteral("step %1 cell %2: ge %3, expected %4").arg(k).arg(j).arg(ge).arg(want)));
                previous[std::size_t(j)] = ge;
            }
        }
        std::vector<std::pair<std::int64_t, int>> got;
        for (const Network::Spike& s : net.spikes())
            if (s.population == src)
                got.emplace_back(s.step, s.neuron);
        QCOMPARE(got, expected);
        QCOMPARE(net.synapticEvents(), std::uint64_t(expected.size()));
        // initialise rewinds the trains.
        net.initialiseUniform(-60, -60, init);
        net.run(60);
        QCOMPARE(net.spikes().size(), expected.size());
    }

    void badSpikeTrainsAndInputTargetsAreRefused()
    {
        Network net(0.1);
        QVERIFY(message([&] { net.addSpikeTrainPopulation("t", 2, {{1.0}, {std::nan("")}}); }).contains("neuron 1"));
        QVERIFY(message([&] { net.addSpikeTrainPopulation("t", 1, {{-0.5}}); }).contains("-0.5 ms"));
        QVERIFY(message([&] { net.addSpikeTrainPopulation("t", 1, {{0.1, 0.15}}); }).contains("two spikes in step 1"));
        QVERIFY(message([&] { net.addSpikeTrainPopulation("t", 3, {{1.0}}); }).contains("1 trains for 3 neurons"));
        QVERIFY(message([&] { net.addSpikeTrainPopulation("t", 1, {{INFINITY}}); }).contains("inf"));
        QCOMPARE(net.populationCount(), 0);
        const int in = net.addSpikeTrainPopulation("in", 2, {{0.5}, {}});
        const int cells = net.addLifPopulation("cells", 2, {});
        QVERIFY(message([&] {
                    net.addProjection(cells, in, Receptor::Excitatory, Projection::fromList(2, 2, oneToOne(2, 1.0f)));
                }).contains("cannot be a projection's target"));
        QVERIFY(message([&] { net.addStateMonitor(in, StateVariable::V, {0}, 1); }).contains("has no v"));
        QVERIFY(message([&] { net.addStateMonitor(cells, StateVariable::Ge, {2}, 1); }).contains("neuron 2"));
        QVERIFY(message([&] { net.addRateMonitor(5, 1); }).contains("population 5 does not exist"));
        QVERIFY(message([&] { net.addRateMonitor(in, 0); }).contains("bin of 0 steps"));
        QVERIFY(message([&] { net.attachRule(0, nullptr); }).contains("projection 0 does not exist"));
    }

    void shortTermPlasticityEqualsTheRecursion_data()
    {
        QTest::addColumn<double>("U");
        QTest::addColumn<double>("tauRec");
        QTest::addColumn<double>("tauFacil");
        const TsodyksMarkramParameters d = TsodyksMarkramParameters::depressing();
        const TsodyksMarkramParameters f = TsodyksMarkramParameters::facilitating();
        QTest::newRow("depressing U 0.5, τD 800") << d.u << d.tauRecMs << d.tauFacilMs;
        QTest::newRow("facilitating U 0.03, τD 130, τF 530") << f.u << f.tauRecMs << f.tauFacilMs;
    }
    void shortTermPlasticityEqualsTheRecursion()
    {
        QFETCH(double, U);
        QFETCH(double, tauRec);
        QFETCH(double, tauFacil);
        const TsodyksMarkramParameters tm{U, tauRec, tauFacil};
        const double dt = 0.1;
        // Presynaptic neuron 0: a regular 40 Hz train of 20 spikes; neuron 1: an irregular train (intervals 1–300 ms
        // drawn from a fixed seed, on the 0.1 ms grid), both starting rested.
        std::vector<std::vector<double>> trains(2);
        for (int k = 0; k < 20; ++k)
            trains[0].push_back(5.0 + 25.0 * k);
        Random random(42);
        long step = 30;
        for (int k = 0; k < 30; ++k) {
            trains[1].push_back(double(step) * dt);
            step += 10 + long(random.uniform() * 2990);
        }
        Network net(dt);
        const int pre = net.addSpikeTrainPopulation("pre", 2, trains);
        const LifParameters cell = silentCell();
        const int post = net.addLifPopulation("post", 3, cell);
        SynapseList list;
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 3; ++j)
                list.add(i, j, 0.5f + float(i) + 0.25f * float(j));
        const int proj = net.addProjection(pre, post, Receptor::Excitatory, Projection::fromList(2, 3, list));
        QVERIFY(net.shortTermPlasticity(proj) == nullptr);
        net.setShortTermPlasticity(proj, tm);
        const ShortTermPlasticity* stp = net.shortTermPlasticity(proj);
        QVERIFY(stp != nullptr);
        QCOMPARE(stp->u(0), 0.0);
        QCOMPARE(stp->x(1), 1.0);

        // The reference: the model's own event-driven class, fed the times as given (not the network's steps).
        std::vector<TsodyksMarkram> reference(2, TsodyksMarkram(tm));
        std::vector<std::size_t> next(2, 0);
        std::vector<std::vector<double>> releases(2);
        const float decay = float(std::exp(-dt / cell.tauE));
        std::vector<float> previous(3, 0.0f);
        double worst = 0;
        const long steps = long(std::ceil(trains[1].back() / dt)) + 5;
        for (long k = 0; k < steps; ++k) {
            net.step();
            std::vector<double> release(2, 0.0);
            for (const int i : net.lastSpikes(pre)) {
                const double expected = reference[std::size_t(i)].spike(trains[std::size_t(i)][next[std::size_t(i)]++]);
                release[std::size_t(i)] = stp->lastRelease(i);
                releases[std::size_t(i)].push_back(release[std::size_t(i)]);
                QCOMPARE(stp->lastSpikeStep(i), std::int64_t(k));
                worst = std::max({worst, std::abs(release[std::size_t(i)] - expected),
                                  std::abs(stp->u(i) - reference[std::size_t(i)].u()),
                                  std::abs(stp->x(i) - reference[std::size_t(i)].x())});
            }
            // The target's ge receives Σ_i w_ij·u_i·x_i (delay 0: at the end of this step). Float tolerance: the
            // network rounds u·x to float and sums in float.
            for (int j = 0; j < 3; ++j) {
                double input = 0;
                for (int i = 0; i < 2; ++i)
                    input += double(0.5f + float(i) + 0.25f * float(j)) * release[std::size_t(i)];
                const double want = double(previous[std::size_t(j)] * decay) + input;
                const float ge = net.ge(post)[std::size_t(j)];
                if (!(std::abs(double(ge) - want) < 1e-6 * (1.0 + want)))  // the message only on failure: 45 000 steps
                    QFAIL(qPrintable(QStringLiteral("step %1 cell %2: ge %3, expected %4").arg(k).arg(j).arg(ge).arg(want)));
                previous[std::size_t(j)] = ge;
            }
        }
        QCOMPARE(next[0], std::size_t(20));
        QCOMPARE(next[1], std::size_t(30));
        qInfo("largest deviation from the recursion %.3g over %zu + %zu spikes", worst, next[0], next[1]);
        QVERIFY2(worst < 1e-9, qPrintable(QStringLiteral("largest deviation %1").arg(worst)));
        // The regular train against the class's own closed-form helper, and the dynamics really act (so the
        // comparison above is not between two constants): depression halves the release, facilitation raises it.
        const std::vector<double> regular = TsodyksMarkram::regularTrain(tm, 25.0, 20);
        for (std::size_t k = 0; k < 20; ++k)
            QVERIFY(std::abs(releases[0][k] - regular[k]) < 1e-9);
        if (tauFacil == 0)
            QVERIFY(releases[0].back() < 0.5 * releases[0].front());
        else
            QVERIFY(releases[0].back() > 2.0 * releases[0].front());
        net.clearShortTermPlasticity(proj);
        QVERIFY(net.shortTermPlasticity(proj) == nullptr);
    }

    void badShortTermPlasticityIsRefused()
    {
        Network net(0.1);
        const int a = net.addLifPopulation("a", 2, {});
        const int proj = net.addProjection(a, a, Receptor::Excitatory, Projection::fromList(2, 2, oneToOne(2, 1.0f)));
        QVERIFY(message([&] { net.setShortTermPlasticity(proj, {0.0, 100, 0}); }).contains("U 0 is outside"));
        QVERIFY(message([&] { net.setShortTermPlasticity(proj, {1.5, 100, 0}); }).contains("U 1.5"));
        QVERIFY(message([&] { net.setShortTermPlasticity(proj, {0.5, -1, 0}); }).contains("tau_rec -1"));
        QVERIFY(message([&] { net.setShortTermPlasticity(proj, {0.5, 1, std::nan("")}); }).contains("tau_facil nan"));
        QVERIFY(message([&] { net.setShortTermPlasticity(3, {}); }).contains("projection 3 does not exist"));
    }

    void ruleSeesTheStepsSpikesAndChangesThisStepsDelivery()
    {
        const double dt = 0.1;
        Network net(dt);
        // Source: 4 neurons with simultaneous spikes in steps 20, 100 and 150.
        const int src = net.addSpikeTrainPopulation("src", 4, {{2.0, 10.0, 15.0}, {2.0, 15.0}, {}, {10.0, 15.0}});
        // Target: cells whose rest lies above threshold, so they fire regularly by themselves (post spikes).
        LifParameters firing;
        firing.vRest = -40.0;
        const int dst = net.addLifPopulation("dst", 3, firing);
        const int proj = net.addProjection(src, dst, Receptor::Excitatory,
                                           Projection::fromList(4, 3, allToAll(4, 3, 1.0f)));
        auto rule = std::make_shared<RecordingRule>();
        rule->changeAtCall = 100;  // the step of the second volley
        rule->newWeight = 3.0f;
        net.attachRule(proj, rule);
        QCOMPARE(rule->prepares, 1);
        QCOMPARE(rule->preCount, 4);
        QCOMPARE(rule->postCount, 3);
        QCOMPARE(rule->dt, dt);
        net.setRecordSpikes(true);
        Random init(3);
        net.initialiseUniform(-60, -45, init);
        QCOMPARE(rule->prepares, 2);
        const float decay = float(std::exp(-dt / firing.tauE));
        std::vector<float> previous(3, 0.0f);
        for (long k = 0; k < 300; ++k) {
            net.step();
            QCOMPARE(rule->calls, k + 1);  // once per step, spikes or not
            QCOMPARE(rule->lastPre, net.lastSpikes(src));
            QCOMPARE(rule->lastPost, net.lastSpikes(dst));
            QVERIFY(std::is_sorted(rule->lastPost.begin(), rule->lastPost.end()));
            // Each source spike adds the weight it had at delivery: 1 before step 100, 3 from step 100 on.
            const float w = k < 100 ? 1.0f : 3.0f;
            for (int j = 0; j < 3; ++j) {
                const float want = previous[std::size_t(j)] * decay + w * float(net.lastSpikes(src).size());
                if (!(std::abs(net.ge(dst)[std::size_t(j)] - want) <= 1e-6f * (1 + want)))
                    QFAIL(qPrintable(QStringLiteral("step %1: ge %2, expected %3").arg(k).arg(net.ge(dst)[std::size_t(j)])
                                         .arg(want)));
                previous[std::size_t(j)] = net.ge(dst)[std::size_t(j)];
            }
            if (k == 100)
                QCOMPARE(net.lastSpikes(src), (std::vector<int>{0, 3}));
        }
        // The whole log equals the spike record.
        std::vector<std::tuple<long, int, int>> fromRecord, fromRule;
        for (const Network::Spike& s : net.spikes())
            fromRecord.emplace_back(long(s.step), s.population == src ? 0 : 1, s.neuron);
        for (const RecordingRule::Entry& e : rule->log)
            fromRule.emplace_back(e.call, e.side, e.neuron);
        std::sort(fromRecord.begin(), fromRecord.end());
        std::sort(fromRule.begin(), fromRule.end());
        QCOMPARE(fromRule, fromRecord);
        QVERIFY(std::count_if(fromRule.begin(), fromRule.end(), [](const auto& e) { return std::get<1>(e) == 1; }) >= 3);
        // Detached, it is no longer called.
        net.attachRule(proj, nullptr);
        net.step();
        QCOMPARE(rule->calls, 300L);
    }

    void rateMonitorCountsASpikeTrainPopulation()
    {
        // 4 neurons, bins of 10 steps = 1 ms: bin 0 has 2 spikes, bin 1 none, bin 2 all four, bin 3 one.
        Network net(0.1);
        const int pop = net.addSpikeTrainPopulation("in", 4, {{0.0, 2.5}, {0.95, 2.5}, {2.5, 3.2}, {2.5}});
        const int m = net.addRateMonitor(pop, 10);
        net.run(45);  // 4 complete bins, the fifth in progress
        QCOMPARE(net.rateMonitor(m).counts(), (std::vector<std::uint64_t>{2, 0, 4, 1}));
        QCOMPARE(net.rateMonitor(m).binWidthMs(), 1.0);
        // Hz = count / (4 neurons · 1 ms) — exact in double for these counts.
        QCOMPARE(net.rateMonitor(m).ratesHz(), (std::vector<double>{500.0, 0.0, 1000.0, 250.0}));
        net.rateMonitor(m).discardRecorded();
        QCOMPARE(net.rateMonitor(m).firstBin(), std::int64_t(4));
        net.run(5);
        QCOMPARE(net.rateMonitor(m).counts(), (std::vector<std::uint64_t>{0}));
        Random init(1);
        net.initialiseUniform(0, 0, init);
        QVERIFY(net.rateMonitor(m).counts().empty());
        QCOMPARE(net.rateMonitor(m).firstBin(), std::int64_t(0));
        net.run(10);
        QCOMPARE(net.rateMonitor(m).counts(), (std::vector<std::uint64_t>{2}));
    }

    void stateMonitorSamplesAKnownDecay()
    {
        // Neuron 2 of a silent LIF population gets 1.5 through a synapse at the end of step 5 (t = 0.6 ms), after
        // which ge = 1.5·e^{−(t − 0.6)/τe}; neuron 0 gets nothing. Sampled every 3 steps.
        const double dt = 0.1;
        Network net(dt);
        const int in = net.addSpikeTrainPopulation("in", 1, {{0.5}});
        const LifParameters cell = silentCell();
        const int cells = net.addLifPopulation("cells", 3, cell);
        SynapseList list;
        list.add(0, 2, 1.5f);
        net.addProjection(in, cells, Receptor::Excitatory, Projection::fromList(1, 3, list));
        const int m = net.addStateMonitor(cells, StateVariable::Ge, {2, 0}, 3);
        const int mv = net.addStateMonitor(cells, StateVariable::V, {1}, 5);
        net.run(40);
        const StateMonitor& mon = net.stateMonitor(m);
        QCOMPARE(mon.sampleCount(), std::size_t(13));  // steps 3, 6, ..., 39
        for (std::size_t k = 0; k < mon.sampleCount(); ++k) {
            const double t = double(3 * (k + 1)) * dt;
            QVERIFY(std::abs(mon.timesMs()[k] - t) < 1e-12);
            const double want = t < 0.55 ? 0.0 : 1.5 * std::exp(-(t - 0.6) / cell.tauE);
            // float state decayed once per step: relative 1e-6 over 40 steps
            QVERIFY2(std::abs(double(mon.value(k, 0)) - want) < 1e-6 * (1 + want),
                     qPrintable(QStringLiteral("t %1: ge %2, expected %3").arg(t).arg(mon.value(k, 0)).arg(want)));
            QCOMPARE(mon.value(k, 1), 0.0f);
        }
        QCOMPARE(mon.trace(0).size(), std::size_t(13));
        QCOMPARE(net.stateMonitor(mv).sampleCount(), std::size_t(8));
        QCOMPARE(net.stateMonitor(mv).trace(0).back(), net.v(cells)[1]);  // the state at the end of step 40
    }

    void weightHistogramAndMatrixOfAHandMadeProjection()
    {
        SynapseList list;
        list.add(0, 0, -1.0f);   // below
        list.add(0, 1, 0.0f);    // bin 0 (lo is in the first bin)
        list.add(0, 2, 0.125f);  // bin 0
        list.add(1, 0, 0.25f);   // bin 1 (a bin's left edge is in it)
        list.add(1, 1, 0.5f);    // bin 2
        list.add(1, 1, 0.75f);   // bin 3, and a second synapse on the pair (1, 1)
        list.add(2, 2, 1.0f);    // bin 3 (hi is in the last bin)
        list.add(2, 0, 2.0f);    // above
        const Projection proj = Projection::fromList(3, 3, list);
        const WeightHistogram h = weightHistogram(proj, 0.0, 1.0, 4);
        QCOMPARE(h.counts, (std::vector<std::uint64_t>{2, 1, 1, 2}));
        QCOMPARE(h.below, std::uint64_t(1));
        QCOMPARE(h.above, std::uint64_t(1));
        QVERIFY(message([&] { weightHistogram(proj, 1.0, 1.0, 4); }).contains("lo < hi"));
        QVERIFY(message([&] { weightHistogram(proj, 0.0, 1.0, 0); }).contains("0 bins"));

        const WeightMatrix sum = weightMatrix(proj, Duplicates::Sum);
        QCOMPARE(sum.rows, 3);
        QCOMPARE(sum.columns, 3);
        QCOMPARE(sum.value(0, 0), -1.0f);
        QCOMPARE(sum.value(1, 1), 1.25f);
        QCOMPARE(sum.value(2, 0), 2.0f);
        QVERIFY(std::isnan(sum.value(1, 2)));  // no synapse
        QVERIFY(std::isnan(sum.value(2, 1)));
        QCOMPARE(weightMatrix(proj, Duplicates::Mean).value(1, 1), 0.625f);
        int present = 0;
        for (const float v : sum.values)
            present += std::isnan(v) ? 0 : 1;
        QCOMPARE(present, 7);  // 8 synapses on 7 pairs
        const Projection big = Projection::fromList(1001, 1000, SynapseList{});
        QVERIFY2(message([&] { weightMatrix(big); }).contains("1001 × 1000 = 1001000 cells exceeds the limit of 1000000"),
                 qPrintable(message([&] { weightMatrix(big); })));
        QCOMPARE(weightMatrix(big, Duplicates::Sum, 2'000'000).values.size(), std::size_t(1001000));
    }

    void initialiseRestartsEverything()
    {
        // Poisson and spike-train inputs, short-term plasticity, a rule and monitors: after initialise a second run
        // repeats the first exactly.
        const double dt = 0.1;
        Network net(dt, 99);
        const int noise = net.addPoissonPopulation("noise", 200, 30.0);
        const int train = net.addSpikeTrainPopulation("train", 2, {{1.0, 3.0, 7.5}, {2.0, 20.0}});
        const int cells = net.addLifPopulation("cells", 50, {});
        Random build(4);
        const int pNoise = net.addProjection(noise, cells, Receptor::Excitatory,
                                             Projection::fromList(200, 50, fixedProbability(200, 50, 0.2, build, 0.8f, 2), 2));
        net.addProjection(train, cells, Receptor::Inhibitory, Projection::fromList(2, 50, allToAll(2, 50, -2.0f)));
        net.setShortTermPlasticity(pNoise, TsodyksMarkramParameters::depressing());
        auto rule = std::make_shared<RecordingRule>();
        net.attachRule(pNoise, rule);
        const int rates = net.addRateMonitor(cells, 50);
        const int state = net.addStateMonitor(cells, StateVariable::V, {0, 10, 49}, 7);
        net.setRecordSpikes(true);

        struct Snapshot {
            std::vector<std::tuple<std::int64_t, int, int>> spikes;
            std::vector<double> u, x;
            std::vector<std::uint64_t> counts;
            std::vector<float> trace;
            long calls = 0;
            bool startedClean = false;
            bool operator==(const Snapshot&) const = default;
        };
        auto run = [&] {
            Random init(8);
            net.initialiseUniform(-60, -50, init);
            Snapshot s;
            // Checked by the caller (QCOMPARE cannot return from a lambda that returns a value).
            s.startedClean = net.steps() == 0 && net.rateMonitor(rates).counts().empty() &&
                             net.stateMonitor(state).sampleCount() == 0 && net.spikes().empty() &&
                             rule->calls == 0 && rule->log.empty();
            for (int i = 0; i < 200; ++i)
                s.startedClean = s.startedClean && net.shortTermPlasticity(pNoise)->x(i) == 1.0 &&
                                 net.shortTermPlasticity(pNoise)->u(i) == 0.0 &&
                                 net.shortTermPlasticity(pNoise)->lastSpikeStep(i) == -1;
            net.run(2000);
            for (const Network::Spike& sp : net.spikes())
                s.spikes.emplace_back(sp.step, sp.population, sp.neuron);
            for (int i = 0; i < 200; ++i) {
                s.u.push_back(net.shortTermPlasticity(pNoise)->u(i));
                s.x.push_back(net.shortTermPlasticity(pNoise)->x(i));
            }
            s.counts = net.rateMonitor(rates).counts();
            s.trace = net.stateMonitor(state).trace(2);
            s.calls = rule->calls;
            return s;
        };
        const Snapshot first = run();
        QVERIFY(first.startedClean);
        QVERIFY(first.spikes.size() > 1000);
        QVERIFY(std::any_of(first.counts.begin(), first.counts.end(), [](std::uint64_t c) { return c > 0; }));
        QCOMPARE(first.counts.size(), std::size_t(40));
        QVERIFY(*std::min_element(first.x.begin(), first.x.end()) < 0.99);  // depression acted
        const int preparesBefore = rule->prepares;
        const Snapshot second = run();
        QCOMPARE(rule->prepares, preparesBefore + 1);
        QVERIFY(second.startedClean);
        QVERIFY(second == first);
    }
};

QTEST_GUILESS_MAIN(TestNetInputs)
#include "tst_netinputs.moc"
