// Tests for the foundations chapter's firing-pattern panel: the model selector rebuilds parameters and plots on the
// same controller, every preset of every registered neuron model runs and fires exactly as an independent run of
// the model does, the f-I sweep streams in, the phase plane appears for 2-D models only (with the Izhikevich fixed
// points of SCIENCE.md), the ISI statistics, the exports and the chapter's model-qualified preset links.

#include "chapters/foundations/FiringPatterns.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/SimulationController.h"
#include "engine/analysis/FiSweep.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Recording.h"
#include "engine/models/NeuronModel.h"
#include "widgets/CurvePlot.h"
#include "widgets/GatingPlot.h"
#include "widgets/IsiHistogramPlot.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PhasePlanePlot.h"
#include "widgets/TimeSeriesPlot.h"

#include <QAbstractButton>
#include <QAreaSeries>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTest>
#include <QTextBrowser>
#include <QValueAxis>

#include <cmath>
#include <memory>

using neuroai::chapters::FiringPatterns;
using neuroai::chapters::SimulationController;
namespace widgets = neuroai::widgets;

namespace {

double metric(const neuroai::Frame& frame, const char* key)
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? std::nan("") : it->second;
}

// Spikes of cell 0 in an independent run of `model` with `parameters` for `ms` from reset(seed).
long independentSpikeCount(const QString& model, const neuroai::ParamSet& parameters, double ms, std::uint64_t seed)
{
    std::unique_ptr<neuroai::Model> m = neuroai::createModel(model.toStdString());
    m->setParameters(parameters);
    m->reset(seed);
    neuroai::NullSink sink;
    m->advance(long(std::llround(ms / m->dt())), sink);
    return long(m->metrics().at("spike_count"));
}

bool isTwoDimensional(const QString& model)
{
    std::unique_ptr<neuroai::Model> m = neuroai::createModel(model.toStdString());
    auto* neuron = dynamic_cast<neuroai::NeuronModel*>(m.get());
    return neuron && neuron->phasePlane();
}

}  // namespace

class TestFiringPatterns : public QObject {
    Q_OBJECT
private slots:
    void selectorListsRegisteredNeurons();
    void switchingModelRebuildsParametersAndPlots();
    void everyPresetRunsAndFiresAsTheModelDoes();
    void knownPatternsFireOrStaySilent();
    void fiPointsStreamIn();
    void phasePlaneOnlyForTwoDimensionalModels();
    void izhikevichFixedPointsAtZeroInput();
    void isiStatisticsOfRegularSpiking();
    void exportsNameModelAndPreset();
    void chapterLinkSwitchesModel();
    void unknownNamesAreReported();
    void adexPhasePlaneShowsTheTrajectoryLarge();
    void hodgkinHuxleyShowsGatingVariables();
    void isiLegendSpellsOutItsMeasures();
    void acceleratingPresetReadsNegativeIndex();
};

void TestFiringPatterns::selectorListsRegisteredNeurons()
{
    FiringPatterns panel;
    const QStringList models = FiringPatterns::availableModels();
    QVERIFY(models.contains(QStringLiteral("lif")));
    QCOMPARE(panel.modelBox()->count(), models.size());
    for (const QString& id : models) {
        QVERIFY(neuroai::createModel(id.toStdString()));
        QVERIFY(panel.modelBox()->findData(id) >= 0);
    }
    for (const char* id : {"hh", "izhikevich", "adex"})
        if (neuroai::createModel(id))
            QVERIFY2(models.contains(QLatin1String(id)), id);
    QCOMPARE(panel.modelBox()->currentData().toString(), panel.modelId());
    QVERIFY(!panel.integrationLabel()->text().isEmpty());
}

void TestFiringPatterns::switchingModelRebuildsParametersAndPlots()
{
    FiringPatterns panel;
    SimulationController* controller = panel.controller();
    for (const QString& id : FiringPatterns::availableModels()) {
        const auto* before = panel.parameterPanel();
        const QString previous = panel.modelId();
        QVERIFY(panel.setModel(id).isEmpty());
        if (id != previous)
            QVERIFY(before != panel.parameterPanel());  // rebuilt for the new specs (created before the old is deleted)
        QCOMPARE(panel.modelId(), id);
        QCOMPARE(panel.controller(), controller);  // same controller: the main window's connections stay valid
        QCOMPARE(QString::fromStdString(controller->modelId()), id);
        // Every parameter of the model, the stimulus group first (it explains the trace), the rest in spec order.
        QStringList keys, rest;
        for (const neuroai::ParamSpec& spec : controller->specs())
            (spec.group == "Stimulus" ? keys : rest) << QString::fromStdString(spec.key);
        QVERIFY(!keys.isEmpty());
        QCOMPARE(panel.parameterPanel()->keys(), keys + rest);
        QCOMPARE(panel.modelBox()->currentData().toString(), id);
        // Presets of this model only, one gallery button each.
        QCOMPARE(panel.presetButtons().size(), panel.presets().size());
        for (const auto& preset : panel.presets())
            QCOMPARE(preset.model, id);
        // The integration scheme is shown, and it is this model's.
        std::unique_ptr<neuroai::Model> model = neuroai::createModel(id.toStdString());
        const QString scheme = QString::fromStdString(dynamic_cast<neuroai::NeuronModel&>(*model).integrationScheme());
        QVERIFY2(panel.integrationLabel()->text().contains(scheme.left(30).toHtmlEscaped()), qPrintable(id));
        // The plots follow: the input strip in the model's current unit, the f-I axis too.
        const QString unit = QString::fromStdString(dynamic_cast<neuroai::NeuronModel&>(*model).currentUnit());
        QVERIFY2(panel.inputPlot()->yAxis()->titleText().endsWith(QStringLiteral("(%1)").arg(unit)), qPrintable(id));
        QVERIFY2(panel.fiPlot()->xAxis()->titleText().endsWith(QStringLiteral("(%1)").arg(unit)), qPrintable(id));
        QVERIFY(panel.controller()->runBlocking(50, 60000));
        QVERIFY(controller->latestFrame());
        QCOMPARE(controller->latestFrame()->parameters.specs().size(), controller->specs().size());
        QVERIFY(!panel.tracePlot()->traceSeries()->points().isEmpty());
        QVERIFY(!panel.inputPlot()->traceSeries()->points().isEmpty());
    }
}

void TestFiringPatterns::everyPresetRunsAndFiresAsTheModelDoes()
{
    constexpr double kMs = 600;
    FiringPatterns panel;
    int presets = 0;
    for (const QString& id : FiringPatterns::availableModels()) {
        QVERIFY(panel.setModel(id).isEmpty());
        for (const neuroai::chapters::Preset& preset : panel.presets()) {
            const QString name = id + QLatin1Char('/') + preset.name;
            const QString error = panel.applyPreset(name);
            QVERIFY2(error.isEmpty(), qPrintable(name + QStringLiteral(": ") + error));
            QCOMPARE(panel.currentPreset(), preset.name);
            QCOMPARE(panel.controller()->parameters().values(), preset.parameters.values());
            QVERIFY2(panel.controller()->runBlocking(kMs, 60000), qPrintable(name));
            const auto frame = panel.controller()->latestFrame();
            QVERIFY2(frame && std::abs(frame->timeMs - kMs) < 1e-6, qPrintable(name));
            QVERIFY2(panel.parameterPanel()->message().isEmpty(), qPrintable(name + panel.parameterPanel()->message()));
            // Exactly the spikes of an independent run of the model with the preset's values and the same seed.
            const long expected = independentSpikeCount(id, preset.parameters, kMs, panel.controller()->seed());
            QCOMPARE(long(metric(*frame, "spike_count")), expected);
            // The panel's ISI list agrees with the spikes it saw.
            if (expected >= 2)
                QCOMPARE(long(panel.intervals().size()), expected - 1);
            ++presets;
        }
    }
    QVERIFY(presets >= 5);
}

void TestFiringPatterns::knownPatternsFireOrStaySilent()
{
    // Patterns whose nature the preset describes: the tonic and regular-spiking ones fire repeatedly in 600 ms,
    // a subthreshold one does not fire.
    struct Case {
        const char* model;
        const char* preset;
        bool fires;
    };
    FiringPatterns panel;
    int checked = 0;
    const Case cases[] = {{"izhikevich", "rs", true}, {"izhikevich", "fs", true}, {"izhikevich", "ch", true},
                          {"adex", "tonic", true},     {"adex", "adapting", true}, {"hh", "tonic", true},
                          {"hh", "subthreshold", false}};
    for (const Case& c : cases) {
        const QString name = QStringLiteral("%1/%2").arg(QLatin1String(c.model), QLatin1String(c.preset));
        if (!FiringPatterns::availableModels().contains(QLatin1String(c.model)))
            continue;
        QVERIFY2(panel.applyPreset(name).isEmpty(), qPrintable(name));
        QVERIFY(panel.controller()->runBlocking(600, 60000));
        const double spikes = metric(*panel.controller()->latestFrame(), "spike_count");
        if (c.fires)
            QVERIFY2(spikes >= 3, qPrintable(QStringLiteral("%1: %2 spikes").arg(name).arg(spikes)));
        else
            QVERIFY2(spikes == 0, qPrintable(QStringLiteral("%1: %2 spikes").arg(name).arg(spikes)));
        ++checked;
    }
    QVERIFY(checked >= 1);
}

void TestFiringPatterns::fiPointsStreamIn()
{
    FiringPatterns panel;
    const QString model = FiringPatterns::availableModels().contains(QStringLiteral("izhikevich"))
                              ? QStringLiteral("izhikevich") : QStringLiteral("lif");
    QVERIFY(panel.setModel(model).isEmpty());
    if (!panel.presets().isEmpty())
        QVERIFY(panel.applyPreset(panel.presets().first().name).isEmpty());
    const auto [lower, upper] = panel.sweepRange();
    QVERIFY(upper > lower);
    // Drained by the panel's own timer while the sweep runs (a parameter change restarts it from an empty plot).
    QTRY_VERIFY_WITH_TIMEOUT(panel.sweepFinished(), 120000);
    QVERIFY2(panel.parameterPanel()->message().isEmpty(), qPrintable(panel.parameterPanel()->message()));
    const QList<QPointF> points = panel.fiPlot()->measuredSeries()->points();
    QCOMPARE(points.size(), 31);
    const std::vector<double> currents = neuroai::linearSweep(lower, upper, 31);
    for (qsizetype i = 0; i < points.size(); ++i) {
        QCOMPARE(points[i].x(), currents[std::size_t(i)]);
        QVERIFY(points[i].y() >= 0);
    }
    // Silent without input, firing at the top of the range (the range is chosen to cross rheobase).
    if (lower >= 0)
        QCOMPARE(points.first().y(), 0.0);
    QVERIFY(points.last().y() > 0);
    // The f-I curve is measured at constant input, whatever the preset's protocol.
    neuroai::ParamSet constant = panel.controller()->parameters();
    constant.set("stimulus", 0);
    constant.set("i_ext", upper);
    std::unique_ptr<neuroai::Model> m = neuroai::createModel(model.toStdString());
    m->setParameters(constant);
    m->reset(panel.controller()->seed());
    neuroai::NullSink sink;
    m->advance(long(std::llround(2000 / m->dt())), sink);
    QCOMPARE(points.last().y(), m->metrics().at("spike_count") / 2.0);  // spikes per second over the 2 s run
}

void TestFiringPatterns::phasePlaneOnlyForTwoDimensionalModels()
{
    FiringPatterns panel;
    panel.resize(1400, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (const QString& id : FiringPatterns::availableModels()) {
        QVERIFY(panel.setModel(id).isEmpty());
        if (!panel.presets().isEmpty())
            QVERIFY(panel.applyPreset(panel.presets().first().name).isEmpty());
        QVERIFY(panel.controller()->runBlocking(300, 60000));
        const bool plane = isTwoDimensional(id);
        QCOMPARE(panel.hasPhasePlane(), plane);
        if (plane) {
            QVERIFY2(panel.phasePlot()->isVisible(), qPrintable(id));
            QVERIFY(!panel.phaseNote()->isVisible());
            QVERIFY(panel.phasePlot()->xNullclineSeries()->count() > 100);
            QVERIFY(panel.phasePlot()->yNullclineSeries()->count() > 100);
            QVERIFY(!panel.phasePlot()->data().arrows.isEmpty());
            QVERIFY(panel.phasePlot()->cutoffSeries()->count() == 2);
            QVERIFY(panel.phasePlot()->trajectory().size() > 10);
            QVERIFY(panel.phasePlot()->chart()->title().contains(QStringLiteral("Phase plane")));
        } else if (id == QStringLiteral("lif")) {
            QVERIFY(!panel.phasePlot()->isVisible());
            QVERIFY(panel.phaseNote()->isVisible());
            QVERIFY(!panel.phaseNote()->text().isEmpty());
        } else {
            // More than two variables (Hodgkin–Huxley): its gating variables against time take the phase
            // plane's place (hodgkinHuxleyShowsGatingVariables).
            QVERIFY2(!panel.phasePlot()->isVisible(), qPrintable(id));
            QVERIFY(panel.gatingPlot()->isVisible());
            QVERIFY(!panel.phaseNote()->isVisible());
        }
    }
}

void TestFiringPatterns::izhikevichFixedPointsAtZeroInput()
{
    // The model is registered; a missing registration must fail here, not skip silently.
    QVERIFY(FiringPatterns::availableModels().contains(QStringLiteral("izhikevich")));
    FiringPatterns panel;
    QVERIFY(panel.setModel(QStringLiteral("izhikevich")).isEmpty());
    QVERIFY(panel.setParameter(QStringLiteral("stimulus"), 0).isEmpty());  // constant input…
    QVERIFY(panel.setParameter(QStringLiteral("i_ext"), 0).isEmpty());     // …of zero
    QVERIFY(panel.setParameter(QStringLiteral("b"), 0.2).isEmpty());
    QCOMPARE(panel.controller()->parameters()["b"], 0.2);
    QCOMPARE(panel.controller()->parameters()["i_ext"], 0.0);
    QVERIFY(panel.controller()->runBlocking(20, 60000));
    // SCIENCE.md: for b = 0.2 and I = 0 the rest is at −70 mV and the saddle at −50 mV, exactly.
    const auto& fixedPoints = panel.phasePlot()->data().fixedPoints;
    QCOMPARE(fixedPoints.size(), 2);
    QVERIFY(std::abs(fixedPoints[0].position.x() + 70) < 1e-6);
    QVERIFY(fixedPoints[0].stable);
    QVERIFY(std::abs(fixedPoints[1].position.x() + 50) < 1e-6);
    QVERIFY(fixedPoints[1].isSaddle());
    QCOMPARE(panel.phasePlot()->stableSeries()->count(), 1);
    QCOMPARE(panel.phasePlot()->saddleSeries()->count(), 1);
    QVERIFY(panel.phasePlot()->xAxis()->titleText().endsWith(QStringLiteral("(mV)")));
}

void TestFiringPatterns::isiStatisticsOfRegularSpiking()
{
    // The model is registered; a missing registration must fail here, not skip silently.
    QVERIFY(FiringPatterns::availableModels().contains(QStringLiteral("izhikevich")));
    FiringPatterns panel;
    QVERIFY(panel.applyPreset(QStringLiteral("izhikevich/rs")).isEmpty());
    QVERIFY(panel.controller()->runBlocking(800, 60000));
    const std::vector<double>& isis = panel.intervals();
    QVERIFY(isis.size() >= 5);
    QCOMPARE(panel.isiPlot()->intervalCount(), int(isis.size()));
    // Regular spiking adapts: the intervals lengthen, so the adaptation index is positive.
    QVERIFY2(panel.isiPlot()->adaptationIndex() > 0, qPrintable(QString::number(panel.isiPlot()->adaptationIndex())));
    QVERIFY(isis.back() > isis.front());
    // The intervals are the differences of the recorded spike times.
    const neuroai::Recording recording = panel.controller()->recording();
    std::vector<double> times;
    for (std::size_t i = 0; i < recording.spikeTimes.size(); ++i)
        if (recording.spikeNeurons.empty() || recording.spikeNeurons[i] == 0)
            times.push_back(recording.spikeTimes[i]);
    QCOMPARE(times.size(), isis.size() + 1);  // 800 ms fits the 1000 ms window
    for (std::size_t i = 0; i < isis.size(); ++i)
        QVERIFY(std::abs(isis[i] - (times[i + 1] - times[i])) < 1e-9);
}

void TestFiringPatterns::exportsNameModelAndPreset()
{
    FiringPatterns panel;
    const QString model = FiringPatterns::availableModels().contains(QStringLiteral("adex"))
                              ? QStringLiteral("adex") : panel.modelId();
    QVERIFY(panel.setModel(model).isEmpty());
    QVERIFY(!panel.presets().isEmpty());
    const QString preset = panel.presets().first().name;
    QVERIFY(panel.applyPreset(preset).isEmpty());
    QVERIFY(panel.runHeadless(400, 120000));
    QVERIFY(panel.sweepFinished());
    const QList<neuroai::widgets::DataSeries> series = panel.dataSeries();
    QVERIFY(!series.isEmpty());
    bool trace = false, fi = false, input = false;
    for (const auto& s : series) {
        QVERIFY2(s.xLabel.endsWith(QLatin1Char(')')) && s.yLabel.endsWith(QLatin1Char(')')),
                 qPrintable(s.plot + s.series));
        if (s.plot == QStringLiteral("membrane trace") && s.series == QStringLiteral("v")) {
            trace = true;
            QVERIFY(s.points.size() > 100);
            QVERIFY(std::abs(s.points.last().x() - 400) < 1e-6);
        }
        if (s.plot == QStringLiteral("f-I curve")) {
            fi = true;
            QCOMPARE(s.points.size(), 31);
        }
        if (s.plot == QStringLiteral("input current"))
            input = !s.points.isEmpty();
    }
    QVERIFY(trace);
    QVERIFY(fi);
    QVERIFY(input);
    const QString metadata = panel.metadata();
    QVERIFY2(metadata.contains(QStringLiteral("model %1").arg(model)), qPrintable(metadata));
    QVERIFY2(metadata.contains(QStringLiteral("preset %1").arg(preset)), qPrintable(metadata));
    QVERIFY2(metadata.contains(QStringLiteral("Firing patterns")), qPrintable(metadata));
    QVERIFY2(metadata.contains(QStringLiteral("stimulus=")), qPrintable(metadata));
    // A change makes it custom.
    QVERIFY(panel.setParameter(QStringLiteral("i_ext"), panel.controller()->parameters()["i_ext"] + 1).isEmpty());
    QVERIFY(panel.metadata().contains(QStringLiteral("preset custom")));
    QCOMPARE(panel.currentPreset(), QString());
}

void TestFiringPatterns::chapterLinkSwitchesModel()
{
    const QStringList models = FiringPatterns::availableModels();
    const QString model =
        models.contains(QStringLiteral("izhikevich")) ? QStringLiteral("izhikevich") : QStringLiteral("lif");
    const QString preset = model == QStringLiteral("izhikevich") ? QStringLiteral("ch") : QStringLiteral("refractory");
    const neuroai::chapters::ChapterInfo* info = neuroai::chapters::findChapter(QStringLiteral("foundations"));
    QVERIFY(info);
    QWidget window;
    std::unique_ptr<neuroai::chapters::Chapter> chapter(new neuroai::chapters::Chapter(*info, &window));
    chapter->ensureBuilt();
    QVERIFY2(chapter->buildError().isEmpty(), qPrintable(chapter->buildError()));
    QCOMPARE(chapter->panels().size(), 6);  // LIF lab, firing patterns, STDP window, Hebbian lab, Oja and BCM, competitive STDP
    auto* panel = qobject_cast<FiringPatterns*>(chapter->panels()[1]);
    QVERIFY(panel);
    if (models.size() > 1)  // start from another model, so the link has to switch
        QVERIFY(panel->setModel(models.first() == model ? models.last() : models.first()).isEmpty());
    emit chapter->textBrowser()->anchorClicked(QUrl(QStringLiteral("preset:1/%1/%2").arg(model, preset)));
    QCOMPARE(chapter->currentPanel(), panel);
    QCOMPARE(panel->modelId(), model);
    QCOMPARE(panel->currentPreset(), preset);
    // A two-part link still means panel/name.
    emit chapter->textBrowser()->anchorClicked(QUrl(QStringLiteral("preset:0/refractory")));
    QCOMPARE(chapter->currentPanel(), chapter->panels()[0]);
}

void TestFiringPatterns::unknownNamesAreReported()
{
    FiringPatterns panel;
    const QString model = panel.modelId();
    QString error = panel.setModel(QStringLiteral("nope"));
    QVERIFY2(error.contains(QStringLiteral("nope")) && error.contains(model), qPrintable(error));
    error = panel.applyPreset(QStringLiteral("no-such-preset"));
    QVERIFY2(error.contains(QStringLiteral("no-such-preset")), qPrintable(error));
    error = panel.applyPreset(QStringLiteral("nope/rs"));
    QVERIFY2(error.contains(QStringLiteral("nope")), qPrintable(error));
    QCOMPARE(panel.modelId(), model);
}

void TestFiringPatterns::adexPhasePlaneShowsTheTrajectoryLarge()
{
    QVERIFY(FiringPatterns::availableModels().contains(QStringLiteral("adex")));
    FiringPatterns panel;
    panel.resize(1400, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.setModel(QStringLiteral("adex")).isEmpty());
    QVERIFY(!panel.presets().isEmpty());
    for (const auto& preset : panel.presets()) {
        QVERIFY(panel.applyPreset(preset.name).isEmpty());
        QVERIFY(panel.controller()->runBlocking(600, 60000));
        const auto* plot = panel.phasePlot();
        const QList<QPointF>& trajectory = plot->trajectory();
        QVERIFY2(trajectory.size() > 10, qPrintable(preset.name));
        double lo = 1e300, hi = -1e300;
        for (const QPointF& p : trajectory) {
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
        const double yMin = plot->yAxis()->min(), yMax = plot->yAxis()->max();
        const QString where = QStringLiteral("%1: w in [%2, %3], axis [%4, %5]")
                                  .arg(preset.name).arg(lo).arg(hi).arg(yMin).arg(yMax);
        // The whole trajectory is inside the axis, off its edges…
        QVERIFY2(lo > yMin && hi < yMax, qPrintable(where));
        // …and not a thin band: w's excursion fills a good part of the axis (the suggested range, made for the
        // whole state space, left it a few per cent).
        const auto suggested = [&] {
            std::unique_ptr<neuroai::Model> m = neuroai::createModel("adex");
            m->setParameters(panel.controller()->parameters());
            return dynamic_cast<neuroai::NeuronModel&>(*m).phasePlane()->suggestedRange();
        }();
        qInfo("%s; suggested y [%g, %g]", qPrintable(where), suggested[2], suggested[3]);
        // (The range only grows until the next reset, so it also holds the onset that has left the 400 ms trail.)
        if (hi - lo > 0.02 * (suggested[3] - suggested[2])) {
            const double share = (hi - lo) / (yMax - yMin), before = (hi - lo) / (suggested[3] - suggested[2]);
            QVERIFY2(share >= 0.25 && share >= before, qPrintable(where));
        }
        // No drawn segment joins the spike to its reset.
        const double span = *plot->data().spikeCutoff - *plot->data().resetX;
        for (const QList<QPointF>& segment : plot->trajectorySegments())
            for (qsizetype i = 1; i < segment.size(); ++i)
                QVERIFY2(segment[i - 1].x() - segment[i].x() < 0.5 * span, qPrintable(preset.name));
    }
}

void TestFiringPatterns::hodgkinHuxleyShowsGatingVariables()
{
    QVERIFY(FiringPatterns::availableModels().contains(QStringLiteral("hh")));
    FiringPatterns panel;
    panel.resize(1400, 900);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.setModel(QStringLiteral("izhikevich")).isEmpty());
    QVERIFY(!panel.gatingPlot()->isVisible());  // no gates in a 2-D model
    QVERIFY(panel.applyPreset(QStringLiteral("hh/tonic")).isEmpty());
    QVERIFY(panel.presetDescription()->text().contains(QStringLiteral("m rise")));  // the text the plot backs
    QVERIFY(panel.controller()->runBlocking(200, 60000));
    widgets::GatingPlot* gating = panel.gatingPlot();
    QVERIFY(gating->isVisible());
    QCOMPARE(gating->channels(), (QStringList{QStringLiteral("m"), QStringLiteral("h"), QStringLiteral("n")}));
    QVERIFY(gating->yAxis()->titleText().contains(QStringLiteral("(dimensionless)")));
    QVERIFY(gating->yAxis()->min() <= 0 && gating->yAxis()->max() >= 1);
    QCOMPARE(gating->xAxis()->max(), panel.tracePlot()->xAxis()->max());  // the trace's time window
    for (int i = 0; i < 3; ++i) {
        const QList<QPointF> points = gating->lines()[i]->points();
        QVERIFY2(points.size() > 20, qPrintable(gating->lines()[i]->name()));
        double lo = 1, hi = 0;
        for (const QPointF& p : points) {
            QVERIFY(p.y() >= 0 && p.y() <= 1);
            lo = std::min(lo, p.y());
            hi = std::max(hi, p.y());
        }
        QVERIFY2(hi - lo > 0.2, qPrintable(gating->lines()[i]->name()));  // the gates swing during spikes
    }
    // Exports label the gates as such.
    bool exported = false;
    for (const auto& s : panel.dataSeries())
        exported |= s.plot == QStringLiteral("gating variables") && s.series == QStringLiteral("h");
    QVERIFY(exported);
}

void TestFiringPatterns::isiLegendSpellsOutItsMeasures()
{
    FiringPatterns panel;
    QVERIFY(panel.applyPreset(QStringLiteral("izhikevich/rs")).isEmpty());
    QVERIFY(panel.controller()->runBlocking(800, 60000));
    const QString legend = panel.isiReadout()->text();
    QCOMPARE(legend, panel.isiPlot()->summary());
    QVERIFY(panel.isiReadout()->wordWrap());  // wraps in a narrow column, never elided
    QVERIFY2(legend.startsWith(QStringLiteral("adaptation index ")), qPrintable(legend));
    QVERIFY(legend.contains(QStringLiteral(" · ISI CV ")));
    QVERIFY(legend.endsWith(QStringLiteral("%1 intervals").arg(panel.intervals().size())));
    QVERIFY(!legend.contains(QStringLiteral("A ")) && !legend.contains(QStringLiteral(" n ")));
}

void TestFiringPatterns::acceleratingPresetReadsNegativeIndex()
{
    // The preset's exercise asks the reader to predict the sign of the adaptation index: the readout must show it
    // negative, also after a long run (the steady train that follows the onset once pulled it to "0.00").
    QVERIFY(FiringPatterns::availableModels().contains(QStringLiteral("adex")));
    FiringPatterns panel;
    QVERIFY(panel.applyPreset(QStringLiteral("adex/delayed-accelerating")).isEmpty());
    QVERIFY(panel.controller()->runBlocking(5000, 60000));
    QVERIFY2(panel.intervals().size() > std::size_t(widgets::IsiHistogramPlot::kAdaptationIntervals),
             qPrintable(QString::number(panel.intervals().size())));
    const QString legend = panel.isiPlot()->barSeries()->name();
    QVERIFY2(panel.isiPlot()->adaptationIndex() <= -0.005 && legend.startsWith(QStringLiteral("adaptation index -0.")),
             qPrintable(legend));
    // And an adapting preset reads positive.
    QVERIFY(panel.applyPreset(QStringLiteral("adex/adapting")).isEmpty());
    QVERIFY(panel.controller()->runBlocking(5000, 60000));
    QVERIFY2(panel.isiPlot()->adaptationIndex() > 0.005, qPrintable(panel.isiPlot()->barSeries()->name()));
}

QTEST_MAIN(TestFiringPatterns)
#include "tst_firingpatterns.moc"
