// The SimulationRunner's threading contract (engine/core/SimulationRunner.h). Runs under ThreadSanitizer in CI.

#include "engine/core/SimulationRunner.h"
#include "engine/models/LifNeuron.h"
#include "engine/models/PoissonPopulation.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <malloc.h>
#include <thread>

using namespace neuroai;

namespace {

// A model that checks, at every step, that it never sees a half-applied parameter change: its parameters "a" and
// "b" must always be equal (a model-level constraint), and a command that changes both must arrive atomically.
// With "nan_after" > 0 its output becomes NaN after that many steps, to exercise divergence handling.
class ProbeModel final : public Model {
public:
    ProbeModel()
    {
        initParameters();
        alive.fetch_add(1);
    }
    ~ProbeModel() override { alive.fetch_sub(1); }
    std::string id() const override { return "probe"; }
    std::string title() const override { return "probe"; }
    std::vector<ParamSpec> specs() const override
    {
        return {{"a", "a", "1", 0, 1000, 0, Scale::Linear, "first copy", 0},
                {"b", "b", "1", 0, 1000, 0, Scale::Linear, "second copy", 0},
                {"nan_after", "NaN after", "steps", 0, 1e9, 0, Scale::Linear, "0 = never", 0}};
    }
    std::vector<ChannelInfo> channels() const override { return {{"x", "step index", "1"}}; }
    Clock clock() const override { return {"probe step", "steps of the probe"}; }
    void reset(std::uint64_t seed) override
    {
        m_steps = 0;
        m_seed = seed;
        m_value = 0;
    }
    double dt() const override { return 0.1; }
    double timeMs() const override { return double(m_steps) * 0.1; }
    void advance(long steps, TraceSink& sink) override
    {
        for (long k = 0; k < steps; ++k) {
            if (m_a != m_b)
                torn.fetch_add(1);
            ++m_steps;
            m_value = (m_nanAfter > 0 && m_steps >= m_nanAfter) ? std::nan("") : double(m_steps);
            sink.sample(timeMs(), {&m_value, 1});
        }
        totalSteps.fetch_add(steps);
    }
    bool stateIsFinite() const override { return std::isfinite(m_value); }
    std::map<std::string, double> metrics() const override
    {
        return {{"steps", double(m_steps)}, {"seed", double(m_seed)}, {"a", m_a}};
    }

    inline static std::atomic<long> torn{0};
    inline static std::atomic<int> alive{0};
    inline static std::atomic<long> totalSteps{0};

private:
    std::string checkConstraints(const ParamSet& p) const override
    {
        return p["a"] == p["b"] ? std::string() : std::string("a and b must be equal");
    }
    void applyParameters(const ParamSet& p) override
    {
        m_a = p["a"];
        m_b = p["b"];
        m_nanAfter = long(p["nan_after"]);
    }
    long m_steps = 0;
    std::uint64_t m_seed = 0;
    double m_value = 0;
    double m_a = 0, m_b = 0;
    long m_nanAfter = 0;
};

std::shared_ptr<const Frame> latest(SimulationRunner& runner, std::shared_ptr<const Frame>& keep)
{
    if (auto f = runner.takeFrame())
        keep = f;
    return keep;
}

}  // namespace

class TestRunner : public QObject {
    Q_OBJECT
private slots:
    void stepAdvancesExactly()
    {
        SimulationRunner runner(std::make_unique<ProbeModel>());
        runner.step(37);
        QVERIFY(runner.waitIdle(10000));
        auto frame = runner.takeFrame();
        QVERIFY(frame);
        QCOMPARE(frame->metrics.at("steps"), 37.0);
        QVERIFY(!frame->running);
        runner.step(1);
        runner.step(2);
        QVERIFY(runner.waitIdle(10000));
        QCOMPARE(runner.takeFrame()->metrics.at("steps"), 40.0);
    }

    void commandsAreAppliedBetweenSteps()
    {
        ProbeModel::torn = 0;
        SimulationRunner runner(std::make_unique<ProbeModel>());
        runner.setSpeed(SimulationRunner::kAsFastAsPossible);
        runner.run();
        for (int k = 1; k <= 300; ++k) {
            ParamSet p = runner.parameters();
            p.set("a", k);
            p.set("b", k);
            QVERIFY(runner.setParameters(p).empty());
            if (k % 50 == 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        runner.pause();
        QVERIFY(runner.waitIdle(10000));
        auto frame = runner.takeFrame();
        QVERIFY(frame);
        QCOMPARE(frame->parameters["a"], 300.0);
        QCOMPARE(frame->metrics.at("a"), 300.0);
        QVERIFY(frame->metrics.at("steps") > 0);
        QCOMPARE(ProbeModel::torn.load(), 0L);
    }

    void badValuesAreRejectedSynchronously()
    {
        SimulationRunner runner(std::make_unique<ProbeModel>());
        QVERIFY(QString::fromStdString(runner.setParameter("a", 5000)).contains("outside the allowed range"));
        QVERIFY(QString::fromStdString(runner.setParameter("a", std::nan(""))).contains("not a finite number"));
        QVERIFY(QString::fromStdString(runner.setParameter("zzz", 1)).contains("unknown parameter"));
        QVERIFY(QString::fromStdString(runner.setParameter("a", 5)).contains("must be equal"));  // model constraint
        QCOMPARE(runner.parameters()["a"], 0.0);
        SimulationRunner lif(std::make_unique<LifNeuron>());
        QVERIFY(QString::fromStdString(lif.setParameter("v_reset", -40)).contains("v_reset"));
    }

    void pausePauses()
    {
        SimulationRunner runner(std::make_unique<LifNeuron>());
        runner.setSpeed(SimulationRunner::kAsFastAsPossible);
        std::shared_ptr<const Frame> keep;
        runner.run();
        QTRY_VERIFY_WITH_TIMEOUT(latest(runner, keep) && keep->timeMs > 100, 10000);
        QVERIFY(runner.isRunning());
        runner.pause();
        QVERIFY(runner.waitIdle(10000));
        QVERIFY(!runner.isRunning());
        const double stopped = latest(runner, keep)->timeMs;
        QVERIFY(!keep->running);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        const auto after = runner.takeFrame();
        QVERIFY(!after || after->timeMs == stopped);
        runner.step(10);
        QVERIFY(runner.waitIdle(10000));
        QVERIFY(std::abs(latest(runner, keep)->timeMs - (stopped + 1.0)) < 1e-9);
    }

    void resetRestoresInitialStateAndDefaults()
    {
        SimulationRunner runner(std::make_unique<LifNeuron>(), 3);
        QVERIFY(runner.setParameter("i_ext", 2.5).empty());
        runner.step(5000);
        QVERIFY(runner.waitIdle(10000));
        auto before = runner.takeFrame();
        QVERIFY(before->metrics.at("spike_count") > 0);
        runner.reset(9);
        QVERIFY(runner.waitIdle(10000));
        auto after = runner.takeFrame();
        QCOMPARE(after->timeMs, 0.0);
        QCOMPARE(after->metrics.at("spike_count"), 0.0);
        QCOMPARE(after->metrics.at("v_mv"), -70.0);
        QVERIFY(after->traces.at(0).points.empty());
        QCOMPARE(after->parameters["i_ext"], 2.5);  // reset keeps the parameters...
        QCOMPARE(runner.seed(), std::uint64_t(9));
        runner.restoreDefaults();                     // ...restoreDefaults brings back the declared defaults
        QVERIFY(runner.waitIdle(10000));
        QCOMPARE(runner.takeFrame()->parameters["i_ext"], 1.8);
        QCOMPARE(runner.parameters()["i_ext"], 1.8);
    }

    void sameSeedSameFrames()
    {
        auto runOnce = [](std::uint64_t seed) {
            SimulationRunner runner(std::make_unique<LifNeuron>(), seed);
            runner.setParameter("stimulus", 5);
            runner.setParameter("noise_sigma", 0.6);
            runner.setParameter("i_ext", 1.4);
            runner.reset(seed);
            runner.step(20000);
            runner.waitIdle(10000);
            return runner.requestRecording().get();
        };
        const Recording a = runOnce(11), b = runOnce(11), c = runOnce(12);
        QVERIFY(!a.t.empty());
        QCOMPARE(a.values, b.values);
        QCOMPARE(a.spikeTimes, b.spikeTimes);
        QVERIFY(a.values != c.values);
    }

    void framesAreDecimatedToTheView()
    {
        SimulationRunner runner(std::make_unique<LifNeuron>());
        runner.setView(500, 100);
        runner.step(100000);  // 10 s
        QVERIFY(runner.waitIdle(20000));
        auto frame = runner.takeFrame();
        QVERIFY(frame);
        QCOMPARE(frame->windowStartMs, frame->timeMs - 500);
        const auto& points = frame->traces.at(0).points;
        QVERIFY(points.size() <= 200);
        QVERIFY(points.size() >= 100);
        QVERIFY(points.front().x >= frame->windowStartMs);
        QVERIFY(std::abs(points.back().x - frame->timeMs) < 1e-9);
        // Spikes in the frame are the ones inside the window, at ~18.95 Hz: 9 or 10 of them.
        QVERIFY(frame->spikeTimes.size() >= 9 && frame->spikeTimes.size() <= 10);
        for (const double t : frame->spikeTimes)
            QVERIFY(t >= frame->windowStartMs && t <= frame->timeMs);
        // The full-resolution recording holds every sample of the window.
        const Recording r = runner.requestRecording().get();
        QVERIFY(r.t.size() >= 5000 && r.t.size() <= 5001);
        QCOMPARE(r.values.at(0).size(), r.t.size());
    }

    void pairedViewKeepsChannelsTogether()
    {
        // The paired history thins every channel by the same stride: each point is one instant of the recording,
        // the newest sample is included, and the count respects the limit.
        SimulationRunner runner(std::make_unique<LifNeuron>());
        runner.setView(500, 100);
        QVERIFY(runner.waitIdle(10000));
        QVERIFY(runner.takeFrame()->pairedT.empty());  // off unless asked for
        runner.setPairedView(200, 300);
        runner.step(20000);  // 2 s
        QVERIFY(runner.waitIdle(20000));
        auto frame = runner.takeFrame();
        QVERIFY(frame);
        QCOMPARE(frame->pairedValues.size(), frame->traces.size());
        QVERIFY(frame->pairedT.size() <= 300 && frame->pairedT.size() >= 250);
        QCOMPARE(frame->pairedT.back(), frame->timeMs);
        QVERIFY(frame->pairedT.front() >= frame->timeMs - 200 - 1e-9);
        const Recording r = runner.requestRecording().get();
        for (std::size_t i = 0; i < frame->pairedT.size(); ++i) {
            if (i > 0)
                QVERIFY(frame->pairedT[i] > frame->pairedT[i - 1]);
            const auto at = std::lower_bound(r.t.begin(), r.t.end(), frame->pairedT[i]);
            QVERIFY(at != r.t.end() && *at == frame->pairedT[i]);
            const std::size_t k = std::size_t(at - r.t.begin());
            for (std::size_t c = 0; c < r.values.size(); ++c)
                QCOMPARE(frame->pairedValues[c][i], r.values[c][k]);
        }
    }

    void engineNeverWaitsForTheGui()
    {
        // Nobody drains frames: the engine must still finish a long run.
        SimulationRunner runner(std::make_unique<LifNeuron>());
        runner.setPublishInterval(1);
        runner.step(2'000'000);
        QVERIFY(runner.waitIdle(60000));
        QVERIFY(std::abs(runner.takeFrame()->timeMs - 200000.0) < 1e-6);
    }

    void pacingNeverRunsAhead()
    {
        // At 1× real time the simulation may lag, but never run ahead of the wall clock.
        SimulationRunner runner(std::make_unique<LifNeuron>());
        runner.setSpeed(1.0);
        const auto start = std::chrono::steady_clock::now();
        runner.run();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        runner.pause();
        runner.waitIdle(10000);
        const double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        const double simulated = runner.takeFrame()->timeMs;
        QVERIFY2(simulated > 0 && simulated <= wall + 1.0, qPrintable(QString("%1 ms in %2 ms").arg(simulated).arg(wall)));

        SimulationRunner slow(std::make_unique<LifNeuron>());
        slow.setSpeed(0.01);
        const auto slowStart = std::chrono::steady_clock::now();
        slow.run();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        slow.pause();
        slow.waitIdle(10000);
        const double slowWall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - slowStart).count();
        QVERIFY(slow.takeFrame()->timeMs <= 0.01 * slowWall + 0.1 + 1e-9);
        QCOMPARE(slow.speed(), 0.01);
        slow.setSpeed(0.0001);
        QCOMPARE(slow.speed(), SimulationRunner::kMinSpeed);  // clamped
    }

    // Regression, issue 8 ("Memory leak under a key storm ... e.g. history vectors never shrunk"): the window history
    // of a long run stays within about twice the window. A LIF at dt = 0.1 ms with a 500 ms window keeps 5 000
    // samples of 3 series; compacting only past 65 536 dead samples let it hold ~70 000 (3 MB) before. 20 s of
    // simulated time, then 500 resets, grow the heap by less than 1 MB.
    void historyVectorsWereNeverShrunk()
    {
        const std::size_t before = mallinfo2().uordblks + mallinfo2().hblkhd;
        {
            SimulationRunner runner(std::make_unique<LifNeuron>());
            runner.setView(500, 800);
            runner.setSpeed(SimulationRunner::kAsFastAsPossible);
            for (int i = 0; i < 20; ++i) {
                runner.step(10000);  // 1 s each
                QVERIFY(runner.waitIdle(20000));
                runner.takeFrame();
            }
            QVERIFY(std::abs(double(runner.requestRecording().get().t.size()) - 5000) <= 1);  // the window, both ends
            const long grown = long(mallinfo2().uordblks + mallinfo2().hblkhd) - long(before);
            QVERIFY2(grown < 1024 * 1024, qPrintable(QStringLiteral("%1 bytes after 20 s").arg(grown)));
            for (int i = 0; i < 500; ++i) {
                runner.reset(1);
                runner.step(10);
                QVERIFY(runner.waitIdle(5000));
                runner.takeFrame();
            }
            const long afterResets = long(mallinfo2().uordblks + mallinfo2().hblkhd) - long(before);
            QVERIFY2(afterResets < 1024 * 1024, qPrintable(QStringLiteral("%1 bytes after 500 resets").arg(afterResets)));
        }
    }

    void divergenceStopsWithAMessage()
    {
        SimulationRunner runner(std::make_unique<ProbeModel>());
        QVERIFY(runner.setParameter("nan_after", 500).empty());
        runner.setSpeed(SimulationRunner::kAsFastAsPossible);
        runner.run();
        std::vector<RunnerEvent> events;
        const auto collect = [&] {
            for (RunnerEvent& e : runner.takeEvents())
                events.push_back(std::move(e));
            return !events.empty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(collect(), 10000);
        QCOMPARE(int(events.front().kind), int(RunnerEvent::Kind::Diverged));
        QVERIFY(QString::fromStdString(events.front().message).contains("diverged at t = 50.000 ms"));
        QVERIFY(runner.waitIdle(10000));
        QVERIFY(!runner.isRunning());
        // Running again without a reset is refused with a message; after a reset it runs.
        runner.run();
        QVERIFY(runner.waitIdle(10000));
        events = runner.takeEvents();
        QCOMPARE(events.size(), std::size_t(1));
        QVERIFY(QString::fromStdString(events[0].message).contains("Reset"));
        runner.reset(1);
        runner.step(100);
        QVERIFY(runner.waitIdle(10000));
        QVERIFY(runner.takeEvents().empty());
        QCOMPARE(runner.takeFrame()->metrics.at("steps"), 100.0);
    }

    void destructionMidRunIsClean()
    {
        const int aliveBefore = ProbeModel::alive.load();
        for (int i = 0; i < 20; ++i) {
            auto runner = std::make_unique<SimulationRunner>(std::make_unique<ProbeModel>());
            runner->setSpeed(i % 2 ? SimulationRunner::kAsFastAsPossible : 1.0);
            runner->run();
            QCOMPARE(ProbeModel::alive.load(), aliveBefore + 1);
            (void)runner->requestRecording();  // a promise left pending must not hang or leak
            std::this_thread::sleep_for(std::chrono::milliseconds(i % 5));
            runner.reset();
        }
        // Every model was destroyed with its runner (and no hang, crash or sanitizer report on the way).
        QCOMPARE(ProbeModel::alive.load(), aliveBefore);
    }

    // --- the data path for large models ---

    void clockIsTheModels()
    {
        SimulationRunner probe(std::make_unique<ProbeModel>());
        QCOMPARE(probe.clock().unit, std::string("probe step"));
        QCOMPARE(probe.clock().label, std::string("steps of the probe"));
        SimulationRunner lif(std::make_unique<LifNeuron>());
        QVERIFY(lif.clock() == Clock::simulatedMs());
    }

    void probesRecordOnlyWhatIsAsked()
    {
        SimulationRunner runner(std::make_unique<LifNeuron>());
        QCOMPARE(runner.probedChannels().size(), std::size_t(2));  // v and i_in by default
        const std::string error = runner.setProbes({"voltage"});
        QVERIFY2(error.find("'voltage'") != std::string::npos && error.find("v, i_in") != std::string::npos, error.c_str());
        QCOMPARE(runner.setProbes({"i_in"}), std::string());
        QCOMPARE(runner.probedChannels().size(), std::size_t(1));
        runner.step(1000);
        QVERIFY(runner.waitIdle(10000));
        const auto frame = runner.takeFrame();
        QCOMPARE(frame->traces.size(), std::size_t(1));
        QCOMPARE(frame->traces[0].channel.key, std::string("i_in"));
        QCOMPARE(frame->traces[0].points.back().y, 1.8);  // the default constant input, nA
        const Recording r = runner.requestRecording().get();
        QCOMPARE(r.channels.size(), std::size_t(1));
        QCOMPARE(r.values.size(), std::size_t(1));
        QCOMPARE(r.values[0].size(), r.t.size());
        QCOMPARE(runner.setProbes({}), std::string());  // back to every channel
        runner.step(10);
        QVERIFY(runner.waitIdle(10000));
        QCOMPARE(runner.takeFrame()->traces.size(), std::size_t(2));
    }

    void rasterHoldsEverySpikeOfTheWindowInPixels()
    {
        auto model = std::make_unique<PoissonPopulation>();
        model->setParameter("n", 64000);
        model->setParameter("rate_hz", 10);
        SimulationRunner runner(std::move(model), 3);
        runner.setView(500, 800);
        runner.setRasterView(800, 400, 64000);
        runner.setSpikeStream(true);
        runner.step(3000);  // 300 ms: the whole run is inside the 500 ms window
        QVERIFY(runner.waitIdle(20000));
        const auto frame = runner.takeFrame();
        QVERIFY(frame && frame->raster);
        const RasterImage& raster = *frame->raster;
        QCOMPARE(raster.width, 800);
        QCOMPARE(raster.height, 400);
        QCOMPARE(raster.counts.size(), std::size_t(800 * 400));
        const double spikes = frame->metrics.at("spike_count");
        QVERIFY(spikes > 150000);  // 64,000 × 10 Hz × 0.3 s ≈ 192,000
        QCOMPARE(double(raster.spikeCount), spikes);
        QCOMPARE(raster.dropped, std::uint64_t(0));
        QVERIFY(std::abs(raster.t1Ms - frame->timeMs) <= raster.binMs() + 1e-9);
        QVERIFY(std::abs(raster.t1Ms - raster.t0Ms - 500) < 1e-9);
        // The frame itself stays O(pixels): spikes are thinned to the first of each pixel column.
        QVERIFY(frame->spikesThinned);
        QCOMPARE(frame->windowSpikeCount, std::uint64_t(spikes));
        QVERIFY(frame->spikeTimes.size() <= 800);
        // The delta stream hands over every spike exactly once, in time order step by step.
        const SpikeBatch batch = runner.takeSpikes();
        QCOMPARE(double(batch.times.size()), spikes);
        QCOMPARE(batch.dropped, std::uint64_t(0));
        QVERIFY(runner.takeSpikes().times.empty());
        // Each pixel column counts the spikes of its time bin: compare one column with the stream.
        const int column = 500;  // inside the run
        const double binStart = raster.t0Ms + column * raster.binMs();
        std::uint64_t inBin = 0, inColumn = 0;
        for (const double t : batch.times)
            inBin += t >= binStart && t < binStart + raster.binMs();
        for (int row = 0; row < raster.height; ++row)
            inColumn += raster.at(row, column);
        QCOMPARE(inColumn, inBin);
    }

    void rasterSlidesWithTheWindow()
    {
        auto model = std::make_unique<PoissonPopulation>();
        model->setParameter("n", 1000);
        model->setParameter("rate_hz", 50);
        SimulationRunner runner(std::move(model));
        runner.setView(100, 200);
        runner.setRasterView(200, 100, 1000);
        runner.setSpikeStream(true);
        runner.step(20000);  // 2 s, the window shows the last 100 ms
        QVERIFY(runner.waitIdle(20000));
        const auto frame = runner.takeFrame();
        const SpikeBatch batch = runner.takeSpikes();
        std::uint64_t expected = 0;
        for (const double t : batch.times)
            expected += t >= frame->raster->t0Ms && t < frame->raster->t1Ms;
        QCOMPARE(frame->raster->spikeCount, expected);
        QVERIFY(expected > 3000 && expected < 7000);  // 1000 × 50 Hz × 0.1 s = 5000
        runner.reset(1);
        QVERIFY(runner.waitIdle(10000));
        QCOMPARE(runner.takeFrame()->raster->spikeCount, std::uint64_t(0));
    }

    void spikeStreamIsBounded()
    {
        auto model = std::make_unique<PoissonPopulation>();
        model->setParameter("n", 1'000'000);
        model->setParameter("rate_hz", 500);
        model->setParameter("dt", 1);
        SimulationRunner runner(std::move(model));
        runner.setSpikeStream(true);
        runner.step(4);  // about 1.6 million spikes, nobody drains
        QVERIFY(runner.waitIdle(20000));
        const SpikeBatch batch = runner.takeSpikes();
        QCOMPARE(batch.times.size(), SimulationRunner::kMaxQueuedSpikes);
        QVERIFY(batch.dropped > 100000);
        QCOMPARE(double(batch.times.size() + batch.dropped), runner.takeFrame()->metrics.at("spike_count"));
    }

    void strongDriveKeepsFramesSmall()
    {
        // Regression (issue 8): a LIF cell firing ~5,000 times per simulated ms put every spike of the window into
        // every frame (millions), and the GUI placed one marker per spike.
        auto lif = std::make_unique<LifNeuron>();
        lif->setParameter("r_m", 1000);
        lif->setParameter("i_ext", 10);
        lif->setParameter("v_reset", -54.1);
        SimulationRunner runner(std::move(lif));
        runner.setView(500, 800);
        runner.step(2000);  // 200 ms
        QVERIFY(runner.waitIdle(60000));
        const auto frame = runner.takeFrame();
        QVERIFY(frame->windowSpikeCount > 100000);
        QVERIFY(frame->spikesThinned);
        QVERIFY(frame->spikeTimes.size() <= 800);
        for (std::size_t i = 1; i < frame->spikeTimes.size(); ++i)
            QVERIFY(frame->spikeTimes[i] > frame->spikeTimes[i - 1]);
    }
};

QTEST_APPLESS_MAIN(TestRunner)
#include "tst_runner.moc"
