// Tests for the foundations chapter's LIF lab and the SimulationController it runs on: firing rates against the
// closed-form LIF rate, a slider changing the *running* simulation, pause, presets, rejected parameters, the
// background f-I sweep, data export content, and how divergence is reported.

#include "chapters/framework/Chapter.h"
#include "chapters/foundations/LifLab.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/Model.h"
#include "widgets/CurvePlot.h"
#include "widgets/ParameterPanel.h"
#include "widgets/TimeSeriesPlot.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QTextBrowser>

#include <cmath>
#include <malloc.h>
#include <limits>
#include <memory>

using neuroai::Frame;
using neuroai::ParamSet;
using neuroai::ParamSpec;
using neuroai::chapters::LifLab;
using neuroai::chapters::SimulationController;
using neuroai::widgets::ParameterPanel;

namespace {

struct LifParameters {
    double tau = 20, vRest = -70, vTh = -54, vReset = -80, r = 10, tRef = 0;
};

// The steady LIF rate, 1000 / (t_ref + τ ln((V∞ − V_reset)/(V∞ − V_th))) Hz with V∞ = V_rest + R·I; 0 at or below
// rheobase. Written out here, independent of the engine's own analyticRateHz().
double lifRate(double current, const LifParameters& p = {})
{
    const double vInf = p.vRest + p.r * current;
    if (!(vInf > p.vTh))
        return 0.0;
    return 1000.0 / (p.tRef + p.tau * std::log((vInf - p.vReset) / (vInf - p.vTh)));
}

double metric(const Frame& frame, const char* key)
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

bool closeRelative(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance * std::abs(expected);
}

// A model whose state turns NaN after `divergeAfter` steps, to exercise the divergence path of runner and controller.
class DivergingModel final : public neuroai::Model {
public:
    explicit DivergingModel(long divergeAfter)
        : m_divergeAfter(divergeAfter)
    {
        initParameters();
    }
    std::string id() const override { return "diverging"; }
    std::string title() const override { return "Test model that diverges"; }
    std::vector<ParamSpec> specs() const override
    {
        return {{"gain", "Gain", "", 0, 2, 1, neuroai::Scale::Linear, "Growth per step.", 2}};
    }
    std::vector<neuroai::ChannelInfo> channels() const override { return {{"x", "State x", "mV"}}; }
    void reset(std::uint64_t) override
    {
        m_steps = 0;
        m_x = 0;
    }
    double dt() const override { return 0.1; }
    double timeMs() const override { return double(m_steps) * 0.1; }
    void advance(long steps, neuroai::TraceSink& sink) override
    {
        for (long k = 0; k < steps; ++k) {
            ++m_steps;
            m_x = m_steps > m_divergeAfter ? std::numeric_limits<double>::quiet_NaN() : 1.0;
            sink.sample(timeMs(), {&m_x, 1});
        }
    }
    bool stateIsFinite() const override { return std::isfinite(m_x); }
    std::map<std::string, double> metrics() const override { return {{"x", m_x}}; }

private:
    void applyParameters(const ParamSet&) override {}

    long m_divergeAfter;
    long m_steps = 0;
    double m_x = 0;
};

}  // namespace

class TestFoundations : public QObject {
    Q_OBJECT

private slots:
    void analyticRateMatchesHandbook();
    void chapterBuildsItsPanels();
    void presetsAreListed();
    void headlessRunMatchesAnalyticRate();
    void sliderChangesRunningSimulation();
    void pauseStopsTime();
    void applyPresetUpdatesModelAndPanel();
    void unknownPresetIsReported();
    void constraintViolationIsRejected();
    void outOfRangeIsRejected();
    void panelRejectionShowsMessage();
    void fiSweepMatchesAnalyticCurve();
    void dataSeriesAndMetadata();
    void simulationErrorReachesPanel();
    void controllerReportsDivergence();
    void divergedModelRefusesToRun();
    void strongDriveHungTheGui();
    void resetsGrewTheHeap();
};

void TestFoundations::analyticRateMatchesHandbook()
{
    // The numbers quoted in the handbook and in the brief, so the formula below is the one we mean.
    QVERIFY(std::abs(lifRate(1.8) - 18.95) < 0.01);
    QVERIFY(std::abs(lifRate(2.0) - 24.815) < 0.001);
    QCOMPARE(lifRate(1.6), 0.0);
}

void TestFoundations::chapterBuildsItsPanels()
{
    const neuroai::chapters::ChapterInfo* info = neuroai::chapters::findChapter(QStringLiteral("foundations"));
    QVERIFY(info);
    QWidget window;
    std::unique_ptr<neuroai::chapters::Chapter> owned(new neuroai::chapters::Chapter(*info, &window));
    auto* chapter = owned.get();
    QVERIFY(chapter);
    QVERIFY(!chapter->isBuilt());
    QVERIFY(chapter->panels().isEmpty());  // lazy: nothing before it is needed
    chapter->ensureBuilt();
    QVERIFY2(chapter->buildError().isEmpty(), qPrintable(chapter->buildError()));
    QCOMPARE(chapter->panels().size(), 6);  // LIF lab, firing patterns, STDP window, Hebbian lab, Oja and BCM, competitive STDP
    auto* lab = qobject_cast<LifLab*>(chapter->panels().first());
    QVERIFY(lab);
    QCOMPARE(chapter->currentPanel(), lab);
    QVERIFY(lab->controller());
    QVERIFY(lab->figureWidget());
    QVERIFY(chapter->textBrowser());
    QVERIFY(!chapter->textBrowser()->toPlainText().isEmpty());
    QVERIFY(!chapter->findChild<QWidget*>(QStringLiteral("chapterError")));
}

void TestFoundations::presetsAreListed()
{
    LifLab lab;
    QStringList names;
    for (const auto& preset : lab.presets())
        names << preset.name;
    for (const char* expected : {"defaults", "near-rheobase", "refractory", "noisy-subthreshold", "fast-membrane"})
        QVERIFY2(names.contains(QLatin1String(expected)), expected);
    QCOMPARE(lab.presetBox()->count(), names.size());
}

void TestFoundations::headlessRunMatchesAnalyticRate()
{
    LifLab lab;
    QVERIFY(lab.runHeadless(2000, 20000));
    const std::shared_ptr<const Frame> frame = lab.controller()->latestFrame();
    QVERIFY(frame);
    QVERIFY(std::abs(frame->timeMs - 2000.0) < 1e-6);
    QVERIFY(!frame->running);
    QVERIFY(!lab.controller()->isRunning());
    const double rate = metric(*frame, "rate_hz");
    const double expected = lifRate(1.8);
    QVERIFY2(closeRelative(rate, expected, 1e-6),
             qPrintable(QStringLiteral("rate %1 Hz, analytic %2 Hz").arg(rate, 0, 'g', 12).arg(expected, 0, 'g', 12)));
    // 2000 ms at ~18.95 Hz: the first spike comes from rest, then one every 52.8 ms.
    QCOMPARE(metric(*frame, "spike_count"), 38.0);
    QCOMPARE(frame->parameters["i_ext"], 1.8);
    // The trace window is the last 500 ms and the plot shows it.
    QVERIFY(std::abs(frame->windowStartMs - 1500.0) < 1e-6);
    QVERIFY(!frame->traces.empty());
    QVERIFY(!frame->traces.front().points.empty());
}

void TestFoundations::sliderChangesRunningSimulation()
{
    LifLab lab;
    SimulationController* controller = lab.controller();
    ParameterPanel* panel = lab.parameterPanel();
    QSignalSpy running(controller, &SimulationController::runningChanged);
    controller->setSpeed(std::numeric_limits<double>::infinity());
    controller->setRunning(true);
    QCOMPARE(running.count(), 1);
    QCOMPARE(running.last().at(0).toBool(), true);
    QVERIFY(controller->isRunning());

    // Running with the defaults first: a full rate window at I = 1.8 nA.
    QTRY_VERIFY_WITH_TIMEOUT(controller->latestFrame() && controller->latestFrame()->timeMs > 2100, 20000);
    QVERIFY(closeRelative(metric(*controller->latestFrame(), "rate_hz"), lifRate(1.8), 1e-6));

    // Drag the current slider to the position for 2 nA, as a user would, while the simulation runs.
    const ParamSpec* spec = panel->spec(QStringLiteral("i_ext"));
    QVERIFY(spec);
    const int position = ParameterPanel::sliderPosition(*spec, 2.0);
    panel->slider(QStringLiteral("i_ext"))->setValue(position);
    const double current = panel->value(QStringLiteral("i_ext"));
    QVERIFY(std::abs(current - ParameterPanel::sliderValue(*spec, position)) < 1e-9);
    QVERIFY(std::abs(current - 2.0) <= (spec->max - spec->min) / ParameterPanel::kSliderSteps);
    QCOMPARE(controller->parameters()["i_ext"], current);  // requested at once…

    // …and applied by the running engine, without a reset.
    double changedAt = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto frame = controller->latestFrame();
            if (!frame || frame->parameters["i_ext"] != current)
                return false;
            changedAt = frame->timeMs;
            return true;
        }(),
        20000);
    QVERIFY(changedAt > 2100);  // time went on: the simulation was not restarted
    QVERIFY(controller->isRunning());

    // Once the 2 s rate window holds only spikes at the new current, the measured rate is the analytic one.
    const double expected = lifRate(current);
    QVERIFY(std::abs(expected - lifRate(2.0)) < 0.5);  // one slider step from 2 nA
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto frame = controller->latestFrame();
            return frame && frame->timeMs > changedAt + 2100 && frame->parameters["i_ext"] == current;
        }(),
        20000);
    const auto frame = controller->latestFrame();
    const double rate = metric(*frame, "rate_hz");
    QVERIFY2(closeRelative(rate, expected, 1e-6),
             qPrintable(QStringLiteral("rate %1 Hz at I = %2 nA, analytic %3 Hz (t = %4 ms)")
                            .arg(rate, 0, 'g', 12)
                            .arg(current)
                            .arg(expected, 0, 'g', 12)
                            .arg(frame->timeMs)));

    // Typing exactly 2 nA in the panel goes the same way.
    panel->setValue(QStringLiteral("i_ext"), 2.0);
    QCOMPARE(controller->parameters()["i_ext"], 2.0);
    double typedAt = -1;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto f = controller->latestFrame();
            if (!f || f->parameters["i_ext"] != 2.0)
                return false;
            typedAt = f->timeMs;
            return true;
        }(),
        20000);
    QTRY_VERIFY_WITH_TIMEOUT(controller->latestFrame()->timeMs > typedAt + 2100, 20000);
    const double typedRate = metric(*controller->latestFrame(), "rate_hz");
    QVERIFY2(closeRelative(typedRate, lifRate(2.0), 1e-6),
             qPrintable(QStringLiteral("rate %1 Hz, analytic %2 Hz").arg(typedRate, 0, 'g', 12).arg(lifRate(2.0), 0, 'g', 12)));
    controller->setRunning(false);
}

void TestFoundations::pauseStopsTime()
{
    LifLab lab;
    SimulationController* controller = lab.controller();
    controller->setSpeed(std::numeric_limits<double>::infinity());
    controller->setRunning(true);
    QTRY_VERIFY_WITH_TIMEOUT(controller->latestFrame() && controller->latestFrame()->timeMs > 100, 20000);

    QSignalSpy running(controller, &SimulationController::runningChanged);
    controller->setRunning(false);
    QCOMPARE(running.count(), 1);
    QCOMPARE(running.first().at(0).toBool(), false);
    QVERIFY(!controller->isRunning());
    // The engine acknowledges with a final, non-running frame…
    QTRY_VERIFY_WITH_TIMEOUT(controller->latestFrame() && !controller->latestFrame()->running, 20000);
    QVERIFY(!controller->runner().isRunning());
    const auto first = controller->latestFrame();
    const double stoppedAt = first->timeMs;
    QVERIFY(stoppedAt > 100);

    // …after which simulated time stands still.
    QElapsedTimer wall;
    wall.start();
    while (wall.elapsed() < 200)
        QTest::qWait(20);  // keep the event loop (and the controller's drain timer) running
    const auto second = controller->latestFrame();
    QCOMPARE(second->timeMs, stoppedAt);
    QVERIFY(!second->running);
    QCOMPARE(running.count(), 1);

    // Running again continues from there rather than from 0.
    controller->setRunning(true);
    QTRY_VERIFY_WITH_TIMEOUT(controller->latestFrame()->timeMs > stoppedAt + 10, 20000);
    controller->setRunning(false);
}

void TestFoundations::applyPresetUpdatesModelAndPanel()
{
    LifLab lab;
    SimulationController* controller = lab.controller();
    ParameterPanel* panel = lab.parameterPanel();
    QSignalSpy panelSignals(panel, &ParameterPanel::valueChanged);

    panel->setValue(QStringLiteral("tau_m"), 35);  // a custom change the preset must undo
    QCOMPARE(controller->parameters()["tau_m"], 35.0);
    panelSignals.clear();

    const QString error = lab.applyPreset(QStringLiteral("refractory"));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(controller->parameters()["i_ext"], 4.0);
    QCOMPARE(controller->parameters()["t_ref"], 5.0);
    QCOMPARE(controller->parameters()["tau_m"], 20.0);  // keys the preset omits go back to their defaults
    QCOMPARE(panel->value(QStringLiteral("i_ext")), 4.0);
    QCOMPARE(panel->value(QStringLiteral("t_ref")), 5.0);
    QCOMPARE(panel->value(QStringLiteral("tau_m")), 20.0);
    QCOMPARE(panel->slider(QStringLiteral("i_ext"))->value(), ParameterPanel::sliderPosition(*panel->spec(QStringLiteral("i_ext")), 4.0));
    QVERIFY(panelSignals.isEmpty());  // showing the preset does not echo back as user changes
    QCOMPARE(lab.presetBox()->currentData().toString(), QStringLiteral("refractory"));

    // The engine runs with it: the rate approaches the analytic rate with the refractory period.
    QVERIFY(lab.runHeadless(2000, 20000));
    const auto frame = controller->latestFrame();
    QCOMPARE(frame->parameters["t_ref"], 5.0);
    LifParameters refractory;
    refractory.tRef = 5;
    QVERIFY(closeRelative(metric(*frame, "rate_hz"), lifRate(4.0, refractory), 1e-6));

    // A user change after a preset marks the preset box as custom again.
    panel->setValue(QStringLiteral("i_ext"), 3.0);
    QCOMPARE(lab.presetBox()->currentIndex(), -1);
}

void TestFoundations::unknownPresetIsReported()
{
    LifLab lab;
    const ParamSet before = lab.controller()->parameters();
    const QString error = lab.applyPreset(QStringLiteral("nope"));
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral("nope")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("defaults")), qPrintable(error));  // lists the known ones
    QCOMPARE(lab.controller()->parameters().values(), before.values());
}

void TestFoundations::constraintViolationIsRejected()
{
    LifLab lab;
    lab.setParameter(QStringLiteral("tau_m"), 30);
    const ParamSet before = lab.controller()->parameters();
    const QString error = lab.setParameter(QStringLiteral("v_reset"), -50);  // above v_th = −54
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral("v_reset")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("v_th")), qPrintable(error));
    QCOMPARE(lab.controller()->parameters().values(), before.values());
    QCOMPARE(lab.parameterPanel()->value(QStringLiteral("v_reset")), -80.0);

    // The engine never sees it either.
    QVERIFY(lab.runHeadless(10, 20000));
    QCOMPARE(lab.controller()->latestFrame()->parameters["v_reset"], -80.0);
    QCOMPARE(lab.controller()->latestFrame()->parameters["tau_m"], 30.0);
}

void TestFoundations::outOfRangeIsRejected()
{
    LifLab lab;
    const ParamSet before = lab.controller()->parameters();
    QString error = lab.setParameter(QStringLiteral("i_ext"), 1e9);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral("i_ext")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("[-2, 10]")), qPrintable(error));
    error = lab.setParameter(QStringLiteral("i_ext"), std::numeric_limits<double>::quiet_NaN());
    QVERIFY2(error.contains(QStringLiteral("i_ext")), qPrintable(error));
    error = lab.setParameter(QStringLiteral("no_such_key"), 1.0);
    QVERIFY2(error.contains(QStringLiteral("no_such_key")), qPrintable(error));
    QCOMPARE(lab.controller()->parameters().values(), before.values());
    QCOMPARE(lab.parameterPanel()->value(QStringLiteral("i_ext")), 1.8);

    // In range is accepted and shown.
    QVERIFY(lab.setParameter(QStringLiteral("i_ext"), 2.5).isEmpty());
    QCOMPARE(lab.controller()->parameters()["i_ext"], 2.5);
    QCOMPARE(lab.parameterPanel()->value(QStringLiteral("i_ext")), 2.5);
}

void TestFoundations::panelRejectionShowsMessage()
{
    // A combination the model refuses, entered on the panel: the message appears and the panel shows the values
    // the model really uses.
    LifLab lab;
    ParameterPanel* panel = lab.parameterPanel();
    panel->setValue(QStringLiteral("v_reset"), -50);
    QVERIFY2(panel->message().contains(QStringLiteral("v_reset")), qPrintable(panel->message()));
    QCOMPARE(panel->value(QStringLiteral("v_reset")), -80.0);
    QCOMPARE(lab.controller()->parameters()["v_reset"], -80.0);
    // A good change clears the message.
    panel->setValue(QStringLiteral("v_reset"), -75);
    QVERIFY(panel->message().isEmpty());
    QCOMPARE(lab.controller()->parameters()["v_reset"], -75.0);
}

void TestFoundations::fiSweepMatchesAnalyticCurve()
{
    LifLab lab;
    QVERIFY(lab.runHeadless(2000, 20000));
    QVERIFY(lab.sweepFinished());
    const QList<QPointF> measured = lab.fiPlot()->measuredSeries()->points();
    QCOMPARE(measured.size(), 41);
    QCOMPARE(measured.first().x(), 0.0);
    QCOMPARE(measured.last().x(), lab.sweepUpper());
    QVERIFY(lab.sweepUpper() > 1.6);  // the sweep crosses rheobase
    int silent = 0, firing = 0;
    for (qsizetype i = 0; i < measured.size(); ++i) {
        const QPointF& p = measured[i];
        if (i > 0)
            QVERIFY(p.x() > measured[i - 1].x());
        const double expected = lifRate(p.x());
        if (p.x() <= 1.6) {
            QVERIFY2(p.y() == 0.0, qPrintable(QStringLiteral("%1 Hz at %2 nA, below rheobase").arg(p.y()).arg(p.x())));
            ++silent;
        } else if (expected == 0.0) {
            QVERIFY(std::abs(p.y()) <= 1e-9);
        } else {
            QVERIFY2(closeRelative(p.y(), expected, 1e-6),
                     qPrintable(QStringLiteral("%1 Hz at %2 nA, analytic %3 Hz").arg(p.y(), 0, 'g', 12).arg(p.x()).arg(expected, 0, 'g', 12)));
            ++firing;
        }
    }
    QVERIFY(silent >= 5);
    QVERIFY(firing >= 5);

    // The analytic reference is drawn too, and agrees with the closed form.
    const QList<QPointF> reference = lab.fiPlot()->referenceSeries()->points();
    QVERIFY(!reference.isEmpty());
    for (const QPointF& p : reference)
        QVERIFY(std::abs(p.y() - lifRate(p.x())) <= 1e-9 * std::max(1.0, lifRate(p.x())));
    // The operating point marks the current setting at its measured rate.
    const QList<QPointF> operating = lab.fiPlot()->operatingPointSeries()->points();
    QCOMPARE(operating.size(), 1);
    QCOMPARE(operating.first().x(), 1.8);
    QVERIFY(closeRelative(operating.first().y(), lifRate(1.8), 1e-6));
}

void TestFoundations::dataSeriesAndMetadata()
{
    LifLab lab;
    QVERIFY(lab.runHeadless(2000, 20000));
    const QList<neuroai::widgets::DataSeries> series = lab.dataSeries();
    const neuroai::widgets::DataSeries* trace = nullptr;
    const neuroai::widgets::DataSeries* fi = nullptr;
    for (const auto& s : series) {
        if (s.plot == QStringLiteral("membrane trace") && s.series == QStringLiteral("V"))
            trace = &s;
        if (s.plot == QStringLiteral("f-I curve") && s.series == QStringLiteral("simulation"))
            fi = &s;
    }
    QVERIFY(trace);
    QVERIFY(trace->xLabel.contains(QStringLiteral("(ms)")));
    QVERIFY(trace->yLabel.contains(QStringLiteral("(mV)")));
    // Full resolution over the 500 ms window: 0.1 ms steps.
    QVERIFY2(trace->points.size() >= 4900, qPrintable(QString::number(trace->points.size())));
    for (qsizetype i = 1; i < trace->points.size(); ++i)
        QVERIFY(trace->points[i].x() > trace->points[i - 1].x());
    QVERIFY(std::abs(trace->points.last().x() - 2000.0) < 1e-6);
    QVERIFY(trace->points.first().x() >= 1500.0 - 1e-6);
    double vMin = 1e300, vMax = -1e300;
    for (const QPointF& p : trace->points) {
        vMin = std::min(vMin, p.y());
        vMax = std::max(vMax, p.y());
    }
    QVERIFY(vMin >= -80.0 - 1e-9);  // never below the reset
    QVERIFY(vMax < -54.0);          // never above threshold in a sample
    QVERIFY(fi);
    QCOMPARE(fi->points.size(), 41);

    const QString metadata = lab.metadata();
    QVERIFY2(metadata.contains(QStringLiteral("seed")), qPrintable(metadata));
    QVERIFY2(metadata.contains(QStringLiteral("lif")), qPrintable(metadata));
    QVERIFY2(metadata.contains(QStringLiteral("i_ext=1.8")), qPrintable(metadata));
    QVERIFY2(metadata.contains(QStringLiteral("2000.000 ms")), qPrintable(metadata));
}

void TestFoundations::simulationErrorReachesPanel()
{
    LifLab lab;
    QVERIFY(lab.parameterPanel()->message().isEmpty());
    const QString message = QStringLiteral("The simulation diverged at t = 12.300 ms");
    emit lab.controller()->simulationError(message);
    QCOMPARE(lab.parameterPanel()->message(), message);
}

void TestFoundations::controllerReportsDivergence()
{
    SimulationController controller(std::make_unique<DivergingModel>(50));
    QSignalSpy errors(&controller, &SimulationController::simulationError);
    QSignalSpy running(&controller, &SimulationController::runningChanged);
    controller.setSpeed(std::numeric_limits<double>::infinity());
    controller.setRunning(true);
    QCOMPARE(running.count(), 1);
    QCOMPARE(running.last().at(0).toBool(), true);

    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 20000);
    const QString message = errors.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("diverged")), qPrintable(message));
    QTRY_VERIFY_WITH_TIMEOUT(running.count() == 2, 20000);
    QCOMPARE(running.last().at(0).toBool(), false);
    QVERIFY(!controller.isRunning());
    QVERIFY(!controller.runner().isRunning());
    QCOMPARE(errors.count(), 1);  // reported once, not on every drain
    const auto frame = controller.latestFrame();
    QVERIFY(frame);
    QVERIFY(!frame->running);
    QVERIFY(frame->timeMs >= 5.0);  // it ran up to the divergence…
    // …and stays stopped.
    const double stoppedAt = frame->timeMs;
    QTest::qWait(100);
    QCOMPARE(controller.latestFrame()->timeMs, stoppedAt);
}

void TestFoundations::divergedModelRefusesToRun()
{
    SimulationController controller(std::make_unique<DivergingModel>(5));
    QSignalSpy errors(&controller, &SimulationController::simulationError);
    QSignalSpy running(&controller, &SimulationController::runningChanged);
    QVERIFY(controller.runBlocking(10, 20000));  // diverges during the step
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 20000);
    errors.clear();
    running.clear();

    controller.setRunning(true);
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 20000);
    QVERIFY2(errors.first().at(0).toString().contains(QStringLiteral("Reset")), qPrintable(errors.first().at(0).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isRunning(), 20000);
    QCOMPARE(running.last().at(0).toBool(), false);

    // After a reset it runs again from t = 0.
    controller.reset();
    QTRY_VERIFY_WITH_TIMEOUT(controller.latestFrame() && controller.latestFrame()->timeMs == 0.0, 20000);
}

// Regression, issue 8: "GUI hangs on a strongly driven LIF cell (`neuroai-explorer --chapter foundations --set
// r_m=1000 --set i_ext=10 --set v_reset=-54.1`, ~5,000 spikes per simulated ms)": the same parameters through the
// LIF lab finish within bounds, the spike markers are decimated to the plot's columns, and the f-I points that hit
// the sweep's budget are ringed in the plot.
void TestFoundations::strongDriveHungTheGui()
{
    LifLab lab;
    lab.resize(1100, 750);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    QVERIFY(lab.setParameter(QStringLiteral("r_m"), 1000).isEmpty());
    QVERIFY(lab.setParameter(QStringLiteral("i_ext"), 10).isEmpty());
    QVERIFY(lab.setParameter(QStringLiteral("v_reset"), -54.1).isEmpty());
    // The defect was a hang (the run never returned); the deadline below bounds it. Its wall time is not asserted:
    // under ThreadSanitizer on a shared 2-core machine this run took 11 s in CI, 2 s in Release.
    QVERIFY(lab.runHeadless(100, 120000));
    QVERIFY(lab.sweepFinished());
    const auto frame = lab.controller()->latestFrame();
    QVERIFY(frame);
    QVERIFY2(metric(*frame, "spike_count") > 400'000, qPrintable(QString::number(metric(*frame, "spike_count"))));
    const int columns = lab.tracePlot()->plotColumns();
    const qsizetype markers = lab.tracePlot()->spikeSeries()->count();
    QVERIFY2(markers > 0 && markers <= 2 * columns, qPrintable(QStringLiteral("%1 markers, %2 columns").arg(markers).arg(columns)));
    QVERIFY(lab.fiPlot()->cutShortSeries()->count() > 0);
    QVERIFY(lab.fiPlot()->cutShortSeries()->isVisible());
    QCOMPARE(lab.fiPlot()->measuredSeries()->count(), 41);
}

// Regression, issue 8: "Memory leak under a key storm ... reset alone leaks ~3 KB per press". The chapter side of
// a reset (controller → runner → a fresh frame → the LIF lab's plots and readout) keeps the heap flat: 500 resets,
// each drained and shown, grow it by less than 64 KB.
void TestFoundations::resetsGrewTheHeap()
{
    LifLab lab;
    lab.resize(1000, 700);
    lab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    SimulationController* controller = lab.controller();
    // The lab's f-I sweep allocates on its own thread: let it finish first, or the heap measures it too.
    QTRY_VERIFY_WITH_TIMEOUT(lab.sweepFinished(), 30000);
    auto reset = [&] {
        controller->reset();
        QVERIFY(controller->runner().waitIdle(5000));
        controller->drain();
        QCoreApplication::processEvents();
    };
    for (int i = 0; i < 50; ++i)
        reset();
    const std::size_t before = mallinfo2().uordblks;
    for (int i = 0; i < 500; ++i)
        reset();
    const long growth = long(mallinfo2().uordblks) - long(before);
    QVERIFY2(growth < 64 * 1024, qPrintable(QStringLiteral("heap grew by %1 bytes over 500 resets").arg(growth)));
}

QTEST_MAIN(TestFoundations)
#include "tst_foundations.moc"
