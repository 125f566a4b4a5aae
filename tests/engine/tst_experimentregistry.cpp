// The one experiment registry: every entry complete for its kind, the chapter 1 panel ids registered with the
// panels' own specs, clocks as plain data, declared outputs equal to what a run returns, struct defaults equal to
// spec defaults, the f-I experiment equal to computeFiCurve, and the batch experiments equal to their analyses.

#include "engine/analysis/EnergyMeter.h"
#include "engine/analysis/FiCurveExperiment.h"
#include "engine/analysis/FiSweep.h"
#include "engine/analysis/FlashResponse.h"
#include "engine/analysis/SynapticTrain.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Stimulus.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <set>

using namespace neuroai;

namespace {

std::set<std::string> keysOf(const std::vector<ParamSpec>& specs)
{
    std::set<std::string> keys;
    for (const ParamSpec& s : specs)
        keys.insert(s.key);
    return keys;
}

ExperimentResult runDefaults(const ExperimentEntry& entry)
{
    Progress progress;
    return entry.run(ParamSet(entry.specs()), progress);
}

}  // namespace

class TestExperimentRegistry : public QObject {
    Q_OBJECT
private slots:
    void everyEntryIsCompleteForItsKind()
    {
        std::set<std::string> ids;
        for (const ExperimentEntry& e : experimentRegistry()) {
            const std::string id(e.id);
            QVERIFY2(ids.insert(id).second, id.c_str());
            QVERIFY(!e.title.empty());
            QVERIFY2(!e.clock.unit.empty() && !e.clock.label.empty(), id.c_str());
            const std::vector<ParamSpec> specs = e.specs();
            QVERIFY2(!specs.empty(), id.c_str());
            QCOMPARE(keysOf(specs).size(), specs.size());  // unique keys
            for (const ParamSpec& s : specs) {
                QVERIFY2(s.check(s.defaultValue).empty(), (id + "." + s.key).c_str());
                if (s.integer)
                    QVERIFY2(s.defaultValue == std::floor(s.defaultValue), (id + "." + s.key).c_str());
            }
            if (e.isModel()) {
                QVERIFY2(e.create && !e.run && !e.outputs, id.c_str());
                const auto model = e.create();
                QCOMPARE(model->id(), id);
                QCOMPARE(keysOf(model->specs()), keysOf(specs));
            } else {
                QVERIFY2(!e.create && e.run && e.outputs, id.c_str());
                QVERIFY(!e.outputs().empty());
            }
        }
        for (const char* id : {"lif", "izhikevich", "adex", "hh", "poisson-population", "balanced-network", "intro-flash", "intro-synapse",
                               "intro-energy", "fi-curve", "stdp-window", "ltp-induction",
                               "song-miller-abbott", "rate-rules-2d", "hebbian-lab", "dyna-maze",
                               "path-integration", "grid-cells", "td-conditioning", "replay-comparison",
                               "place-cells", "episodic-memory", "hippocampal-replay",
                               "spike-entropy", "population-information", "efficient-coding", "channel-capacity",
                               "gabor-tuning", "simple-complex", "filter-bank", "learned-filters", "predictive-coding",
                               "latent-dynamics",
                               "wilson-cowan", "two-networks", "kuramoto", "spike-sorting",
                               "population-decoding", "bias-variance",
                               "mlp-training", "optimizer-paths", "next-token", "lora-rank",
                               "diffusion", "ewc", "spiking-energy", "event-driven"})
            QVERIFY2(ids.count(id), id);
        QVERIFY(findExperiment("no-such-thing") == nullptr);
        QVERIFY(QString::fromStdString(knownExperimentIds()).contains("intro-synapse"));
    }

    void modelRegistryListsOnlySteppableModels()
    {
        std::vector<std::string> ids;
        for (const ModelEntry& e : modelRegistry()) {
            QVERIFY(e.isModel());
            ids.emplace_back(e.id);
        }
        QCOMPARE(ids, (std::vector<std::string>{"lif", "izhikevich", "adex", "hh", "poisson-population", "balanced-network",
                                                 "song-miller-abbott", "rate-rules-2d", "hebbian-lab", "grid-cells",
                                                 "td-conditioning", "place-cells", "hippocampal-replay"}));
        QVERIFY(createModel("intro-flash") == nullptr);  // a batch experiment is not a model
        QVERIFY(createModel("lif") != nullptr);
    }

    void chapterOnePanelIdsCarryThePanelsSpecs()
    {
        // The panels construct IntroPanel("intro-flash", …, flashSpecs()) etc.; the registry must serve the same.
        const std::pair<const char*, std::vector<ParamSpec>> panels[] = {
            {"intro-flash", flashSpecs()}, {"intro-synapse", synapticTrainSpecs()}, {"intro-energy", energySpecs()}};
        for (const auto& [id, specs] : panels) {
            const ExperimentEntry* e = findExperiment(id);
            QVERIFY2(e && e->isBatch(), id);
            const ParamSet registry(e->specs()), panel(specs);
            QVERIFY2(registry.values() == panel.values(), id);
        }
    }

    void clocksArePlainDataAndMatchTheModels()
    {
        for (const ExperimentEntry& e : modelRegistry())
            QVERIFY2(e.clock == e.create()->clock(), std::string(e.id).c_str());
        QCOMPARE(findExperiment("lif")->clock, (Clock{"ms", "simulated time"}));
        QCOMPARE(findExperiment("intro-energy")->clock.unit, std::string("step"));
        QCOMPARE(findExperiment("intro-flash")->clock.unit, std::string("ms"));
        const Clock episode{"episode", "training episode"};
        Clock copy = episode;
        QVERIFY(copy == episode);
        copy.unit = "iteration";
        QVERIFY(!(copy == episode));
    }

    void declaredOutputsEqualWhatARunReturns()
    {
        for (const ExperimentEntry& e : experimentRegistry()) {
            if (!e.isBatch())
                continue;
            const std::string id(e.id);
            const ExperimentResult r = runDefaults(e);
            std::vector<std::string> declaredSeries, declaredScalars, gotSeries, gotScalars;
            for (const OutputInfo& o : e.outputs()) {
                if (o.kind == OutputInfo::Kind::Series) {
                    declaredSeries.push_back(o.key);
                    const ResultSeries* s = r.findSeries(o.key);
                    QVERIFY2(s, (id + ": no series " + o.key).c_str());
                    QCOMPARE(s->yUnit, o.unit);
                    if (id != "fi-curve")  // its x unit is the chosen model's input unit
                        QCOMPARE(s->xUnit, o.xUnit);
                    QCOMPARE(s->x.size(), s->y.size());
                } else {
                    declaredScalars.push_back(o.key);
                    const ResultScalar* s = r.findScalar(o.key);
                    QVERIFY2(s, (id + ": no scalar " + o.key).c_str());
                    if (!(id == "fi-curve" && o.key == "first_firing_input"))
                        QCOMPARE(s->unit, o.unit);
                }
            }
            for (const ResultSeries& s : r.series)
                gotSeries.push_back(s.name);
            for (const ResultScalar& s : r.scalars)
                gotScalars.push_back(s.key);
            QCOMPARE(gotSeries, declaredSeries);
            QCOMPARE(gotScalars, declaredScalars);
            QVERIFY2(!r.notes.empty(), id.c_str());
        }
    }

    void structDefaultsEqualSpecDefaults()
    {
        const FlashSetup flash;
        const FlashSetup flashFromSpecs = FlashSetup::fromParameters(ParamSet(flashSpecs()));
        QCOMPARE(flash.durationMs, flashFromSpecs.durationMs);
        QCOMPARE(flash.chargePc, flashFromSpecs.chargePc);
        QCOMPARE(flash.tauMs, flashFromSpecs.tauMs);
        QCOMPARE(flash.resistanceMOhm, flashFromSpecs.resistanceMOhm);
        QCOMPARE(flash.thresholdMv, flashFromSpecs.thresholdMv);
        QCOMPARE(flash.weightMvPerPc, flashFromSpecs.weightMvPerPc);

        const SynapticTrainSetup train;
        const SynapticTrainSetup trainFromSpecs = SynapticTrainSetup::fromParameters(ParamSet(synapticTrainSpecs()));
        QCOMPARE(train.synapse.u, trainFromSpecs.synapse.u);
        QCOMPARE(train.synapse.tauRecMs, trainFromSpecs.synapse.tauRecMs);
        QCOMPARE(train.synapse.tauFacilMs, trainFromSpecs.synapse.tauFacilMs);
        QCOMPARE(train.frequencyHz, trainFromSpecs.frequencyHz);
        QCOMPARE(train.pulses, trainFromSpecs.pulses);
        QCOMPARE(train.firstPscNa, trainFromSpecs.firstPscNa);
        QCOMPARE(train.tauSynMs, trainFromSpecs.tauSynMs);

        const ParamSet energy(energySpecs());
        const EnergyCosts costs;
        QCOMPARE(costs.multiplyAddPj, energy["mac_energy"]);
        QCOMPARE(costs.addPj, energy["add_energy"]);
        QCOMPARE(defaultEnergyNetworkSizes(), energyNetworkSizes(energy));
        QCOMPARE(defaultEnergyNetworkSizes(), (std::vector<int>{100, 50, 10}));
    }

    void countsSizesAndSeedsAreWholeNumbers()
    {
        const ParamSet energy(energySpecs());
        for (const char* key : {"n_input", "n_hidden", "n_output"}) {
            QVERIFY2(energy.spec(key)->integer, key);
            QVERIFY2(energy.spec(key)->restartsRun, key);
        }
        QVERIFY(energy.spec("seed")->integer);
        QVERIFY(energy.spec("time_steps")->integer);
        QVERIFY(ParamSet(synapticTrainSpecs()).spec("pulses")->integer);
        QVERIFY(ParamSet(stimulusSpecs(StimulusRanges{})).spec("stim_count")->integer);
        const ParamSet fi(fiCurveSpecs());
        QVERIFY(fi.spec("points")->integer);
        QVERIFY(fi.spec("model")->restartsRun);
        QVERIFY(!fi.spec("duration")->integer);
    }

    void fiCurveExperimentEqualsComputeFiCurve_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("lif") << QStringLiteral("lif");
        QTest::newRow("hh") << QStringLiteral("hh");
        QTest::newRow("adex") << QStringLiteral("adex");
    }

    void fiCurveExperimentEqualsComputeFiCurve()
    {
        QFETCH(QString, model);
        ParamSet p(fiCurveSpecs());
        p.setFromString("model=" + model.toStdString());
        p.set("points", 7);
        p.set("duration", 400);
        p.set("seed", 3);
        Progress progress;
        const ExperimentResult r = runFiCurveExperiment(p, progress);
        const std::vector<double> inputs = fiCurveInputs(p);
        const auto factory = [id = model.toStdString()] { return createModel(id); };
        const auto points = computeFiCurve(factory, factory()->parameters(), inputs, 400, 3);
        const ResultSeries* rates = r.findSeries("rate_vs_input");
        QVERIFY(rates);
        QCOMPARE(rates->x, inputs);
        QCOMPARE(rates->y.size(), points.size());
        for (std::size_t i = 0; i < points.size(); ++i)
            QVERIFY2(std::memcmp(&rates->y[i], &points[i].rateHz, sizeof(double)) == 0, qPrintable(QString::number(i)));
        // The model range starts at max(0, min) and ends at the input's maximum.
        const auto m = factory();
        QCOMPARE(inputs.front(), std::max(0.0, m->parameters().spec("i_ext")->min));
        QCOMPARE(inputs.back(), m->parameters().spec("i_ext")->max);
        QVERIFY(r.findScalar("max_rate_hz")->value > 0);
    }

    void fiCurveRejectsARangeOutsideTheModel()
    {
        ParamSet p(fiCurveSpecs());
        p.setFromString("range=custom");
        p.set("i_min", 0);
        p.set("i_max", 50);  // LIF: [-2, 10] nA
        try {
            (void)fiCurveInputs(p);
            QFAIL("an input outside the model's range was accepted");
        } catch (const ParameterError& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.contains("i_max") && m.contains("lif") && m.contains("nA"), qPrintable(m));
        }
        p.set("i_max", -1);
        QVERIFY_THROWS_EXCEPTION(ParameterError, fiCurveInputs(p));  // inverted range
        p.set("i_max", 4);
        QCOMPARE(fiCurveInputs(p).back(), 4.0);
    }

    void batchResultsEqualTheirAnalyses()
    {
        Progress progress;
        ParamSet flashParams(flashSpecs());
        flashParams.set("stim_duration", 3);
        const ExperimentResult flash = runFlashExperiment(flashParams, progress);
        const FlashRun run = simulateFlash(FlashSetup::fromParameters(flashParams));
        QCOMPARE(flash.findScalar("peak_mv")->value, run.peakMv);
        QCOMPARE(flash.findSeries("membrane")->x, run.t);
        QCOMPARE(flash.findSeries("peak_vs_duration")->x, flashSweepDurations());
        QCOMPARE(flash.findScalar("neuron_fires")->value, run.neuronFires ? 1.0 : 0.0);

        const ParamSet trainParams(synapticTrainSpecs());
        const ExperimentResult train = runSynapticTrainExperiment(trainParams, progress);
        const SynapticTrainRun trainRun = simulateSynapticTrain(SynapticTrainSetup::fromParameters(trainParams));
        QCOMPARE(train.findSeries("psc")->y, trainRun.pscAmplitudes);
        QCOMPARE(train.findSeries("membrane")->y, trainRun.v);
        QCOMPARE(train.findScalar("steady_state_psc_na")->value, trainRun.steadyStatePscNa);

        ParamSet energyParams(energySpecs());
        energyParams.set("n_hidden", 20);
        const ExperimentResult energy = runEnergyExperiment(energyParams, progress);
        QCOMPARE(energy.findScalar("dense_multiply_adds")->value, 100.0 * 20 + 20.0 * 10);  // counted = Σ n_in·n_out
        QCOMPARE(energy.findScalar("synapses")->value, 2200.0);
        const ResultSeries* bySteps = energy.findSeries("energy_vs_steps");
        QCOMPARE(bySteps->x.size(), energyStepSweep().size());
    }

    void synapticTrainReportsProgressFromInsideTheTrain()
    {
        // One simulation, no sweep: only progress reported from inside the step loop can get near 1.
        Progress progress;
        ParamSet p(synapticTrainSpecs());
        p.set("frequency", 1);
        p.set("pulses", 40);  // about 400 000 LIF steps
        (void)runSynapticTrainExperiment(p, progress);
        QVERIFY2(progress.fraction() > 0.95, qPrintable(QString::number(progress.fraction())));
    }
};

QTEST_APPLESS_MAIN(TestExperimentRegistry)
#include "tst_experimentregistry.moc"
