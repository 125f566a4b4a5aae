// The live `place-cells` model (engine/space/PlaceCellsModel.h) and the runner's posted commands
// (SimulationRunner::post), which the GUI uses to steer it. Each test would fail if the behaviour were wrong:
// - the registry builds it, a default run is finite, its rate maps fill and the population's information is > 0;
// - narrower fields carry more Skaggs information per spike than wider ones (same walk, same seed);
// - steering: a held direction moves the animal at `speed` (20 cm/s for 1 s: 20 cm ± 0.01), a drawn path is walked
//   to its last point, and with autopilot off the animal stands still without input;
// - on a linear track with precession on, the fitted phase–position slope is within 25 % of −Δφ/(4σ);
// - live parameters keep the run (time goes on), structural ones restart it; a shown cell beyond N is refused;
// - post(): commands run on the engine thread, in order with parameter changes, while a run is going on (TSan runs
//   this suite: label "threading"), and an exception in one becomes an Error event instead of a crash.

#include "engine/core/ModelRegistry.h"
#include "engine/core/SimulationRunner.h"
#include "engine/space/PlaceCellsModel.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>

using neuroai::NullSink;
using neuroai::SimulationRunner;
using neuroai::space::PlaceCellsModel;
using neuroai::space::Vec2;

namespace {
double metric(const PlaceCellsModel& m, const char* key)
{
    const auto all = m.metrics();
    const auto it = all.find(key);
    return it == all.end() ? std::nan("") : it->second;
}
long stepsFor(double ms) { return long(std::lround(ms / PlaceCellsModel::kDtMs)); }
}  // namespace

class TestPlaceCellsModel : public QObject {
    Q_OBJECT
private slots:
    void defaultRunFillsTheMaps()
    {
        auto model = neuroai::createModel("place-cells");
        QVERIFY(model);
        QCOMPARE(model->id(), std::string("place-cells"));
        NullSink sink;
        model->advance(stepsFor(120000), sink);
        QVERIFY(model->stateIsFinite());
        auto& m = dynamic_cast<PlaceCellsModel&>(*model);
        QVERIFY2(metric(m, "coverage") > 0.4, qPrintable(QString::number(metric(m, "coverage"))));
        QVERIFY(metric(m, "spike_count") > 1000);
        QVERIFY(metric(m, "mean_info_bits") > 0.5);
        neuroai::Frame frame;
        m.publish(frame);
        QVERIFY(frame.arena && frame.arena->rateMap);
        QCOMPARE(int(frame.matrices.size()), PlaceCellsModel::kShownCells);
        QCOMPARE(int(frame.pointSets.size()), 3);
        QVERIFY(!frame.pointSets[0].empty());
    }

    void narrowFieldsCarryMoreInformation()
    {
        double info[2];
        const double widths[2] = {5, 15};
        for (int k = 0; k < 2; ++k) {
            PlaceCellsModel m;
            m.setParameter("field_width", widths[k]);
            m.setParameter("smoothing", 0);
            m.reset(4);
            NullSink sink;
            m.advance(stepsFor(300000), sink);
            info[k] = metric(m, "mean_info_bits");
        }
        QVERIFY2(info[0] > info[1] + 0.5, qPrintable(QStringLiteral("σ 5 cm: %1, σ 15 cm: %2 bits/spike").arg(info[0]).arg(info[1])));
    }

    void steeringMovesTheAnimal()
    {
        PlaceCellsModel m;
        m.setParameter("speed", 20);
        NullSink sink;
        const Vec2 start = m.agent().position();
        m.steer({1, 0});
        QVERIFY(m.isSteered());
        m.advance(stepsFor(1000), sink);
        QVERIFY(std::abs(m.agent().position().x - start.x - 20) < 0.01);
        QVERIFY(std::abs(m.agent().position().y - start.y) < 1e-9);
        // With autopilot off the animal stands where the path ends.
        m.setParameter("autopilot", 1);
        m.followPath({{20, 20}, {30, 80}});
        m.advance(stepsFor(6000), sink);  // ~ 31 + 61 cm at 20 cm/s
        QVERIFY(!m.isSteered());
        const Vec2 end = m.agent().position();
        QVERIFY(std::abs(end.x - 30) < 0.05 && std::abs(end.y - 80) < 0.05);
        m.advance(stepsFor(2000), sink);
        QCOMPARE(m.agent().position().x, end.x);
        QCOMPARE(m.agent().position().y, end.y);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.steer({std::nan(""), 0}));
    }

    void precessionIsFittedOnATrack()
    {
        PlaceCellsModel m;
        m.setParameter("arena", PlaceCellsModel::LinearTrack);
        m.setParameter("arena_size", 200);
        m.setParameter("precession", 1);
        m.setParameter("phase_locking", 3);
        m.setParameter("cell", 10);
        m.setParameter("cells", 20);
        m.reset(3);
        NullSink sink;
        m.advance(stepsFor(400000), sink);
        const double model = metric(m, "model_slope_deg_per_cm");
        QCOMPARE(model, -270.0 / (4 * 8));
        const double fitted = metric(m, "precession_slope_deg_per_cm");
        QVERIFY2(std::abs(fitted - model) < 0.25 * std::abs(model),
                 qPrintable(QStringLiteral("fitted %1, model %2 deg/cm from %3 spikes")
                                .arg(fitted).arg(model).arg(metric(m, "phase_points"))));
    }

    void liveAndStructuralParameters()
    {
        PlaceCellsModel m;
        NullSink sink;
        m.advance(stepsFor(5000), sink);
        const double heading = m.agent().heading();
        m.setParameter("cell", 3);
        QCOMPARE(m.agent().heading(), heading);  // showing another cell leaves the walk alone
        m.setParameter("speed", 35);
        m.setParameter("precession", 1);
        QCOMPARE(m.timeMs(), 5000.0);
        m.setParameter("field_width", 12);
        QCOMPARE(m.timeMs(), 0.0);
        QVERIFY_THROWS_EXCEPTION(neuroai::ParameterError, m.setParameter("cell", 64));
        m.setParameter("cells", 100);
        m.setParameter("cell", 99);
        QCOMPARE(m.population().size(), 100);
    }

    void postedCommandsRunOnTheEngineThread()
    {
        SimulationRunner runner(std::make_unique<PlaceCellsModel>(), 1);
        runner.setSpeed(SimulationRunner::kAsFastAsPossible);
        std::atomic<int> onEngine{0}, calls{0};
        const std::thread::id gui = std::this_thread::get_id();
        runner.run();
        for (int i = 0; i < 200; ++i) {
            runner.post([&, i](neuroai::Model& model) {
                calls.fetch_add(1);
                if (std::this_thread::get_id() != gui)
                    onEngine.fetch_add(1);
                dynamic_cast<PlaceCellsModel&>(model).steer({i % 2 ? 1.0 : -1.0, 0.5});
            });
            if (i % 50 == 0)
                runner.setParameter("speed", 10 + i / 10);
        }
        // In order with parameter changes: the last command stands still, after the switch to autopilot off.
        QVERIFY(runner.setParameter("autopilot", 1).empty());
        runner.post([](neuroai::Model& model) { dynamic_cast<PlaceCellsModel&>(model).stopSteering(); });
        runner.post([](neuroai::Model&) { throw std::invalid_argument("steering failed on purpose"); });
        runner.post({});
        runner.pause();
        QVERIFY(runner.waitIdle(20000));
        QCOMPARE(calls.load(), 200);
        QCOMPARE(onEngine.load(), 200);
        const auto events = runner.takeEvents();
        QVERIFY(std::any_of(events.begin(), events.end(), [](const neuroai::RunnerEvent& e) {
            return e.kind == neuroai::RunnerEvent::Kind::Error && e.message.find("on purpose") != std::string::npos;
        }));
        // Stopped and standing still: two frames a moment apart show the animal at the same place.
        std::shared_ptr<const neuroai::Frame> a;
        runner.step(200);
        QVERIFY(runner.waitIdle(20000));
        a = runner.takeFrame();
        QVERIFY(a && a->metrics.count("agent_x_cm"));
        QCOMPARE(a->metrics.at("steered"), 0.0);
        runner.step(500);
        QVERIFY(runner.waitIdle(20000));
        const auto b = runner.takeFrame();
        QVERIFY(b);
        QCOMPARE(b->metrics.at("agent_x_cm"), a->metrics.at("agent_x_cm"));
    }
};

QTEST_APPLESS_MAIN(TestPlaceCellsModel)
#include "tst_placecellsmodel.moc"
