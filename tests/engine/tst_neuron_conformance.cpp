// One conformance suite run against every neuron model in the registry (LIF, Hodgkin–Huxley, Izhikevich, AdEx, and
// whatever is added later): the contract of engine/models/NeuronModel.h, checked the same way for all of them.
//
// Properties and tolerances:
//  * rest is stable: with i_ext = 0 and the constant protocol there are no spikes and V moves by < 0.01 mV between
//    t = 1 s and t = 2 s;
//  * same seed → bit-identical output with the noisy protocol; another seed → different output;
//  * reset(seed) restores the initial state: a second run after a reset is bit-identical to the first;
//  * the state stays finite for 300 ms with every parameter at its minimum and at its maximum (others default, no
//    bias, a step input at a quarter of the amplitude range), and for every choice value;
//  * random combinations of every parameter (fixed seed, 200 draws per model, log-uniform on log specs, every choice
//    value drawn) and the corners (all minima, all maxima, the two alternating min/max mixes, each for every
//    combination of choice values) either are rejected with a message naming a parameter or keep the state finite
//    (50 ms, at most 20 000 steps);
//  * spikes: times strictly increase and each lies inside the step that reported it, (t_prev, t_prev + dt];
//  * N cells with the same input give exactly the single-cell spikes and state;
//  * the channels: membrane potential first (mV), the input "i_in" last in the model's current unit, equal to the
//    protocol's mean over each step;
//  * every spec is well formed (default inside the range, log scales positive, label and description present).

#include "engine/core/ModelRegistry.h"
#include "engine/core/Rk4.h"
#include "engine/models/NeuronModel.h"

#include <QtTest>

#include <Eigen/Core>

#include <cmath>
#include <random>

using namespace neuroai;

namespace {

std::unique_ptr<NeuronModel> makeNeuron(const QString& id)
{
    std::unique_ptr<Model> model = createModel(id.toStdString());
    auto* neuron = dynamic_cast<NeuronModel*>(model.get());
    if (!neuron)
        return nullptr;
    model.release();
    return std::unique_ptr<NeuronModel>(neuron);
}

long stepsFor(const NeuronModel& model, double ms)
{
    return long(std::llround(ms / model.dt()));
}

// Records samples, spikes and, for each spike, the time of the sample that preceded it (the start of its step).
class CheckingSink final : public TraceSink {
public:
    explicit CheckingSink(double startMs) : lastSample(startMs) {}
    void sample(double tMs, std::span<const double> v) override
    {
        t.push_back(tMs);
        values.emplace_back(v.begin(), v.end());
        lastSample = tMs;
    }
    void spike(double tMs, int neuron) override
    {
        spikes.push_back(tMs);
        neurons.push_back(neuron);
        stepStart.push_back(lastSample);
    }
    double lastSample;
    std::vector<double> t;
    std::vector<std::vector<double>> values;
    std::vector<double> spikes;
    std::vector<int> neurons;
    std::vector<double> stepStart;
};

// No bias, and a step input at `fraction` of the way from 0 to the amplitude spec's maximum, from t0 = 20 ms.
void setStep(NeuronModel& model, double fraction)
{
    ParamSet p = model.parameters();
    p.set("i_ext", 0);
    p.setFromString("stimulus=step");
    p.set("stim_start", 20);
    p.set("stim_amp", fraction * p.spec("stim_amp")->max);
    model.setParameters(p);
}

// Simulates `p` and reports the first problem: empty when the set is rejected with a message naming a parameter or
// the state and metrics stay finite for 50 ms (at most 20 000 steps).
QString finiteOrRejected(const QString& id, const ParamSet& p)
{
    const auto model = makeNeuron(id);
    if (const std::string message = model->validate(p); !message.empty())
        return QString::fromStdString(message).contains(QLatin1String("parameter '"))
                   ? QString()
                   : QStringLiteral("rejected without naming a parameter: %1").arg(QString::fromStdString(message));
    model->setParameters(p);
    model->reset(7);
    NullSink sink;
    const long steps = std::min(stepsFor(*model, 50), 20'000L);
    for (long done = 0; done < steps; done += 500) {
        model->advance(std::min(500L, steps - done), sink);
        if (!model->stateIsFinite())
            return QStringLiteral("state not finite at t = %1 ms").arg(model->timeMs());
    }
    for (const auto& [key, metric] : model->metrics())
        if (!std::isfinite(metric))
            return QStringLiteral("metric %1 not finite").arg(QString::fromStdString(key));
    return {};
}

QString describe(const ParamSet& p)
{
    QStringList parts;
    for (const auto& [key, value] : p.values())
        parts << QStringLiteral("%1=%2").arg(QString::fromStdString(key)).arg(value, 0, 'g', 17);
    return parts.join(QLatin1Char(' '));
}

}  // namespace

class TestNeuronConformance : public QObject {
    Q_OBJECT

private:
    void addModelRows()
    {
        QTest::addColumn<QString>("id");
        int neurons = 0;
        for (const ModelEntry& e : modelRegistry()) {
            if (!makeNeuron(QString::fromUtf8(e.id.data(), qsizetype(e.id.size()))))
                continue;
            ++neurons;
            QTest::newRow(std::string(e.id).c_str()) << QString::fromUtf8(e.id.data(), qsizetype(e.id.size()));
        }
        QVERIFY(neurons >= 1);
    }

private slots:
    void specsAreWellFormed_data() { addModelRows(); }
    void specsAreWellFormed()
    {
        QFETCH(QString, id);
        const auto model = makeNeuron(id);
        QVERIFY(!model->title().empty());
        QVERIFY(!model->integrationScheme().empty());
        QVERIFY(!model->currentUnit().empty());
        QCOMPARE(model->inputKey(), std::string("i_ext"));
        for (const char* key : {"i_ext", "dt", "stimulus", "stim_amp", "stim_start", "noise_sigma"})
            QVERIFY2(model->parameters().contains(key), key);
        QCOMPARE(model->parameters().spec("i_ext")->unit, model->currentUnit());
        for (const ParamSpec& s : model->specs()) {
            QVERIFY2(s.min < s.max, s.key.c_str());
            QVERIFY2(s.defaultValue >= s.min && s.defaultValue <= s.max, s.key.c_str());
            QVERIFY2(s.scale == Scale::Linear || s.min > 0, s.key.c_str());
            QVERIFY2(!s.description.empty() && !s.label.empty(), s.key.c_str());
            if (!s.shownWhenKey.empty())
                QVERIFY2(model->parameters().contains(s.shownWhenKey), s.key.c_str());
        }
        const auto channels = model->channels();
        QVERIFY(channels.size() >= 2);
        QCOMPARE(channels.front().unit, std::string("mV"));
        QCOMPARE(channels.back().key, std::string("i_in"));
        QCOMPARE(channels.back().unit, model->currentUnit());
    }

    void restIsStable_data() { addModelRows(); }
    void restIsStable()
    {
        QFETCH(QString, id);
        const auto model = makeNeuron(id);
        model->setParameter("i_ext", 0.0);
        model->reset(1);
        NullSink sink;
        model->advance(stepsFor(*model, 1000), sink);
        const double v1 = model->membranePotential();
        model->advance(stepsFor(*model, 1000), sink);
        const double v2 = model->membranePotential();
        QCOMPARE(model->metrics().at("spike_count"), 0.0);
        QVERIFY2(std::isfinite(v1) && std::abs(v2 - v1) < 0.01,
                 qPrintable(QStringLiteral("V(1 s) = %1, V(2 s) = %2").arg(v1, 0, 'g', 12).arg(v2, 0, 'g', 12)));
        QVERIFY(v2 > -100 && v2 < -30);  // a plausible resting potential
    }

    void sameSeedSameOutput_data() { addModelRows(); }
    void sameSeedSameOutput()
    {
        QFETCH(QString, id);
        auto run = [&](std::uint64_t seed) {
            const auto model = makeNeuron(id);
            ParamSet p = model->parameters();
            p.setFromString("stimulus=noisy");
            p.set("stim_amp", 0.25 * p.spec("stim_amp")->max);
            p.set("noise_sigma", 0.25 * p.spec("noise_sigma")->max);
            model->setParameters(p);
            model->reset(seed);
            CheckingSink sink(0);
            model->advance(stepsFor(*model, 500), sink);
            return std::make_pair(sink.values, sink.spikes);
        };
        const auto a = run(7);
        const auto b = run(7);
        const auto c = run(8);
        QVERIFY(a.first == b.first);
        QVERIFY(a.second == b.second);
        QVERIFY(a.first != c.first);
    }

    void resetReproducesARun_data() { addModelRows(); }
    void resetReproducesARun()
    {
        QFETCH(QString, id);
        const auto model = makeNeuron(id);
        setStep(*model, 0.25);
        model->reset(3);
        CheckingSink first(0);
        model->advance(stepsFor(*model, 300), first);
        const auto metricsFirst = model->metrics();
        model->advance(stepsFor(*model, 100), first);  // move on, then go back
        model->reset(3);
        QCOMPARE(model->timeMs(), 0.0);
        QCOMPARE(model->metrics().at("spike_count"), 0.0);
        CheckingSink second(0);
        model->advance(stepsFor(*model, 300), second);
        QVERIFY(std::equal(second.values.begin(), second.values.end(), first.values.begin()));
        QVERIFY(std::equal(second.spikes.begin(), second.spikes.end(), first.spikes.begin()));
        QCOMPARE(model->metrics(), metricsFirst);
    }

    void stateStaysFiniteOverEveryRange_data() { addModelRows(); }
    void stateStaysFiniteOverEveryRange()
    {
        QFETCH(QString, id);
        const auto probe = makeNeuron(id);
        int runs = 0;
        for (const ParamSpec& s : probe->specs()) {
            std::vector<double> values = {s.min, s.max};
            if (s.isChoice()) {
                values.clear();
                for (std::size_t i = 0; i < s.choices.size(); ++i)
                    values.push_back(double(i));
            }
            for (const double value : values) {
                const auto model = makeNeuron(id);
                setStep(*model, 0.25);
                ParamSet p = model->parameters();
                if (s.key == "noise_sigma" || s.key == "noise_tau")
                    p.setFromString("stimulus=noisy");
                p.set(s.key, value);
                if (!model->validate(p).empty())
                    continue;  // a combination the model rejects with a message is not a state to simulate
                model->setParameters(p);
                model->reset(1);
                NullSink sink;
                const long steps = std::min(stepsFor(*model, 300), 3'000'000L);
                for (long done = 0; done < steps; done += 1000) {
                    model->advance(std::min(1000L, steps - done), sink);
                    QVERIFY2(model->stateIsFinite(),
                             qPrintable(QStringLiteral("%1 = %2: state not finite at t = %3 ms")
                                            .arg(QString::fromStdString(s.key))
                                            .arg(value)
                                            .arg(model->timeMs())));
                }
                for (const auto& [key, metric] : model->metrics())
                    QVERIFY2(std::isfinite(metric), key.c_str());
                ++runs;
            }
        }
        QVERIFY(runs >= int(probe->specs().size()));
    }

    // Regression, issue 8: "Hodgkin–Huxley with RK4 diverges inside the declared parameter ranges (e.g. method=rk4
    // i_ext=-20 g_l=0.01), which breaks the conformance promise of finite state over every declared range."
    // Random draws and corners of every parameter, for every model and every choice.
    void hhRk4DivergedInsideDeclaredRanges_randomAndCornerDraws_data() { addModelRows(); }
    void hhRk4DivergedInsideDeclaredRanges_randomAndCornerDraws()
    {
        QFETCH(QString, id);
        const auto probe = makeNeuron(id);
        const std::vector<ParamSpec> specs = probe->specs();
        std::vector<const ParamSpec*> choices;
        for (const ParamSpec& s : specs)
            if (s.isChoice())
                choices.push_back(&s);
        int checked = 0;
        auto check = [&](const ParamSet& p) {
            const QString problem = finiteOrRejected(id, p);
            QVERIFY2(problem.isEmpty(), qPrintable(problem + QStringLiteral(" with ") + describe(p)));
            ++checked;
        };

        // Corners: all minima, all maxima and the two alternating mixes, for every combination of choice values.
        std::size_t combinations = 1;
        for (const ParamSpec* c : choices)
            combinations *= c->choices.size();
        for (int corner = 0; corner < 4; ++corner) {
            for (std::size_t combination = 0; combination < combinations; ++combination) {
                ParamSet p = probe->parameters();
                for (std::size_t i = 0; i < specs.size(); ++i) {
                    const ParamSpec& s = specs[i];
                    if (s.isChoice())
                        continue;
                    const bool high = corner == 1 || (corner == 2 && i % 2 == 0) || (corner == 3 && i % 2 == 1);
                    p.set(s.key, high ? s.max : s.min);
                }
                std::size_t rest = combination;
                for (const ParamSpec* c : choices) {
                    p.set(c->key, double(rest % c->choices.size()));
                    rest /= c->choices.size();
                }
                check(p);
                if (QTest::currentTestFailed())
                    return;
            }
        }

        // Random draws (fixed seed): uniform on linear specs, log-uniform on log specs, any choice.
        std::mt19937_64 random(20261201);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int draw = 0; draw < 200; ++draw) {
            ParamSet p = probe->parameters();
            for (const ParamSpec& s : specs) {
                const double u = unit(random);
                double value;
                if (s.isChoice())
                    value = std::min(std::floor(u * double(s.choices.size())), double(s.choices.size() - 1));
                else if (s.scale == Scale::Log && s.min > 0)
                    value = std::exp(std::log(s.min) + u * (std::log(s.max) - std::log(s.min)));
                else
                    value = s.min + u * (s.max - s.min);
                if (s.integer)
                    value = std::round(value);
                p.set(s.key, std::clamp(value, s.min, s.max));
            }
            check(p);
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY(checked >= 204);
    }

    // The probe's example: strong hyperpolarisation with a tiny leak drives V to about −2 V, where βm is ~1e48/ms.
    void hhRk4DivergedInsideDeclaredRanges_probeExample()
    {
        const auto model = makeNeuron(QStringLiteral("hh"));
        ParamSet p = model->parameters();
        p.setFromString("method=rk4");
        p.set("i_ext", -20);
        p.set("g_l", 0.01);
        model->setParameters(p);
        model->reset(1);
        NullSink sink;
        model->advance(stepsFor(*model, 500), sink);
        QVERIFY(model->stateIsFinite());
        QVERIFY(model->membranePotential() < -1000);  // it really went there, and stayed finite
    }

    // The shared integrator is the classical scheme: for dx/dt = −x one step multiplies by the Taylor polynomial of
    // e^{−h} to fourth order, and a per-lane step array gives each lane what the scalar step gives it.
    void sharedRk4StepIsTheClassicalScheme()
    {
        const double h = 0.3;
        const double one = rk4Step(1.0, h, [](double x) { return -x; });
        QCOMPARE(one, 1 - h + h * h / 2 - h * h * h / 6 + h * h * h * h / 24);
        using Lanes = Eigen::Array4d;
        const Lanes steps(0.0, 0.1, 0.3, 1.0);
        const Lanes lanes = rk4Step(Lanes(Lanes::Constant(2.0)), steps, [](const Lanes& x) { return Lanes(-x * x); });
        for (int k = 0; k < 4; ++k)
            QCOMPARE(lanes[k], rk4Step(2.0, steps[k], [](double x) { return -x * x; }));
        QCOMPARE(lanes[0], 2.0);  // h = 0 leaves a lane untouched
    }

    void spikesFollowTheConvention_data() { addModelRows(); }
    void spikesFollowTheConvention()
    {
        QFETCH(QString, id);
        const auto model = makeNeuron(id);
        setStep(*model, 0.25);
        model->reset(1);
        CheckingSink sink(0);
        model->advance(stepsFor(*model, 1000), sink);
        QVERIFY2(sink.spikes.size() >= 3, qPrintable(QStringLiteral("%1 spikes").arg(sink.spikes.size())));
        const double dt = model->dt();
        for (std::size_t i = 0; i < sink.spikes.size(); ++i) {
            if (i > 0)
                QVERIFY(sink.spikes[i] > sink.spikes[i - 1]);
            QVERIFY2(sink.spikes[i] >= sink.stepStart[i] - 1e-9 && sink.spikes[i] <= sink.stepStart[i] + dt + 1e-9,
                     qPrintable(QStringLiteral("spike at %1 reported in the step from %2")
                                    .arg(sink.spikes[i])
                                    .arg(sink.stepStart[i])));
            QCOMPARE(sink.neurons[i], 0);
        }
        QCOMPARE(model->metrics().at("spike_count"), double(sink.spikes.size()));
        QCOMPARE(model->spikeTimes(), sink.spikes);
        // No spike before the step input starts at 20 ms.
        QVERIFY(sink.spikes.front() > 20.0);
        QVERIFY(model->metrics().count("latency_ms"));
        QVERIFY(std::abs(model->metrics().at("latency_ms") - (sink.spikes.front() - 20.0)) < 1e-9);
    }

    void inputChannelIsTheProtocolMean_data() { addModelRows(); }
    void inputChannelIsTheProtocolMean()
    {
        QFETCH(QString, id);
        const auto model = makeNeuron(id);
        ParamSet p = model->parameters();
        p.setFromString("stimulus=train");
        p.set("stim_start", 1.03);
        p.set("stim_duration", 0.5);
        p.set("stim_period", 2.0);
        p.set("stim_count", 3);
        p.set("stim_amp", 0.1 * p.spec("stim_amp")->max);
        model->setParameters(p);
        model->reset(1);
        CheckingSink sink(0);
        model->advance(stepsFor(*model, 20), sink);
        // The charge the channel reports equals the train's: bias·T + count·A·d, to rounding.
        const double dt = model->dt();
        double charge = 0;
        for (const auto& v : sink.values)
            charge += v.back() * dt;
        const double expected = p["i_ext"] * 20.0 + 3 * p["stim_amp"] * 0.5;
        QVERIFY2(std::abs(charge - expected) < 1e-9 * std::max(1.0, std::abs(expected)),
                 qPrintable(QStringLiteral("%1 vs %2").arg(charge, 0, 'g', 15).arg(expected, 0, 'g', 15)));
    }

    void cellsAreIndependentCopies_data() { addModelRows(); }
    void cellsAreIndependentCopies()
    {
        QFETCH(QString, id);
        const auto single = makeNeuron(id);
        setStep(*single, 0.25);
        single->reset(1);
        CheckingSink one(0);
        single->advance(stepsFor(*single, 300), one);
        QVERIFY(!one.spikes.empty());

        const auto many = makeNeuron(id);
        setStep(*many, 0.25);
        many->setCellCount(3);
        many->reset(1);
        CheckingSink three(0);
        many->advance(stepsFor(*many, 300), three);
        QCOMPARE(many->totalSpikeCount(), long(3 * one.spikes.size()));
        for (int cell = 0; cell < 3; ++cell) {
            std::vector<double> times;
            for (std::size_t i = 0; i < three.spikes.size(); ++i)
                if (three.neurons[i] == cell)
                    times.push_back(three.spikes[i]);
            QCOMPARE(times, one.spikes);
            QCOMPARE(many->membranePotential(cell), single->membranePotential());
        }
        QVERIFY(one.values == three.values);  // traces describe cell 0

        // A per-cell bias makes a cell behave like a single model with that much more i_ext.
        const double extra = 0.05 * many->parameters().spec("stim_amp")->max;
        many->setCellBias(std::vector<double>{0.0, extra, 0.0});
        many->reset(1);
        CheckingSink biased(0);
        many->advance(stepsFor(*many, 300), biased);
        single->setParameter("i_ext", single->parameters()["i_ext"] + extra);
        single->reset(1);
        CheckingSink reference(0);
        single->advance(stepsFor(*single, 300), reference);
        std::vector<double> cell1;
        for (std::size_t i = 0; i < biased.spikes.size(); ++i)
            if (biased.neurons[i] == 1)
                cell1.push_back(biased.spikes[i]);
        QCOMPARE(cell1.size(), reference.spikes.size());
        for (std::size_t i = 0; i < cell1.size(); ++i)
            QVERIFY(std::abs(cell1[i] - reference.spikes[i]) < 1e-6);  // (a + b) + c vs (a + c) + b rounding only
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, many->setCellBias(std::vector<double>{1.0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, many->setCellCount(0));
    }

    void badParametersAreRejectedWithAMessage_data() { addModelRows(); }
    void badParametersAreRejectedWithAMessage()
    {
        QFETCH(QString, id);
        const auto model = makeNeuron(id);
        const ParamSet before = model->parameters();
        QVERIFY_THROWS_EXCEPTION(ParameterError, model->setParameter("dt", std::nan("")));
        QVERIFY_THROWS_EXCEPTION(ParameterError, model->setParameter("i_ext", 1e300));
        QVERIFY_THROWS_EXCEPTION(ParameterError, model->setParameter("stimulus", 2.5));
        ParamSet train = before;
        train.setFromString("stimulus=train");
        train.set("stim_duration", 60);
        train.set("stim_period", 50);
        QVERIFY(QString::fromStdString(model->validate(train)).contains("stim_period"));
        QCOMPARE(model->parameters().values(), before.values());
    }
};

QTEST_APPLESS_MAIN(TestNeuronConformance)
#include "tst_neuron_conformance.moc"
