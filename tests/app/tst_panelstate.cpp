// The panel state and its one edit path, through the real main window: capture → restore → capture for every panel,
// scenario save → open → save byte-identical for every panel, undo/redo across sliders, typed values, presets, model
// switches and seeds, and hostile scenario files leaving every panel as it was.

#include "app/gui/MainWindow.h"
#include "chapters/foundations/FiringPatterns.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/Scenario.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "widgets/ParameterPanel.h"

#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLineEdit>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoGroup>
#include <QUndoStack>

#include <algorithm>
#include <random>

using neuroai::ParamSpec;
using neuroai::app::MainWindow;
using neuroai::chapters::ExperimentPanel;
using neuroai::chapters::PanelState;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(bytes);
}

// A state different from `state` in every parameter that can differ (seeded random values inside each range, kept
// only if the panel accepts the whole set), in the seed and in the speed.
PanelState perturbed(const ExperimentPanel& panel, const PanelState& state, std::uint32_t seed)
{
    std::mt19937 random(seed);
    PanelState target = state;
    for (int attempt = 0; attempt < 50; ++attempt) {
        PanelState candidate = state;
        for (const ParamSpec& spec : candidate.parameters.specs()) {
            std::uniform_real_distribution<double> unit(0.0, 1.0);
            double value = spec.scale == neuroai::Scale::Log
                               ? spec.min * std::pow(spec.max / spec.min, unit(random))
                               : spec.min + (spec.max - spec.min) * unit(random);
            if (spec.isChoice() || spec.integer)
                value = std::floor(value + 0.5);
            candidate.parameters.set(spec.key, std::clamp(value, spec.min, spec.max));
        }
        if (panel.checkState(candidate).isEmpty()) {
            target = candidate;
            break;
        }
    }
    target.seed = state.seed + 12345;
    if (const_cast<ExperimentPanel&>(panel).controller())  // speed only means something for a running simulation
        target.speed = 0.5;
    target.preset.clear();
    return target;
}

// The smallest panel: a SimulationController and the state hooks, no widgets.
class PopulationPanel final : public ExperimentPanel {
public:
    PopulationPanel()
        : m_controller(new neuroai::chapters::SimulationController(neuroai::createModel("poisson-population"), this))
    {
        setPanelId(QStringLiteral("test/population"));
    }
    QString title() const override { return QStringLiteral("population"); }
    neuroai::chapters::SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return this; }
    QList<neuroai::widgets::DataSeries> dataSeries() override { return {}; }
    QString metadata() const override { return {}; }
    bool runHeadless(double ms, int timeoutMs) override { return m_controller->runBlocking(ms, timeoutMs); }
    QStringList models() const override { return {QStringLiteral("poisson-population")}; }
    QString currentModel() const override { return models().first(); }
    std::vector<ParamSpec> specsFor(const QString&) const override { return m_controller->specs(); }
    neuroai::ParamSet currentParameters() const override { return m_controller->parameters(); }
    quint64 currentSeed() const override { return m_controller->seed(); }
    QList<neuroai::chapters::Preset> presetsFor(const QString&) const override { return {}; }
    void applyState(const PanelState& target, bool restart) override
    {
        m_controller->setParameters(target.parameters);
        m_controller->setSeed(target.seed);
        if (restart)
            m_controller->reset();
    }

private:
    neuroai::chapters::SimulationController* m_controller;
};

}  // namespace

class TestPanelState : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void listPanelsMatchesTheTable();
    void captureRestoreCaptureForEveryPanel();
    void scenarioSaveOpenSaveIsByteIdenticalForEveryPanel();
    void undoRedoSliderDragIsOneStep();
    void undoRedoTypedValuesPresetsAndSeed();
    void undoRedoModelSwitch();
    void undoFollowsTheVisiblePanel();
    void rejectedEditIsNoStep();
    void restartingParameterRestartsTheRun();
    void hostileScenarioLeavesEveryPanelUntouched();
    void scenarioForAnotherPanelSwitchesToIt();

private:
    QTemporaryDir m_dir;
};

void TestPanelState::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestPanelState::listPanelsMatchesTheTable()
{
    MainWindow window;
    window.setPersistent(false);
    for (const QString& id : neuroai::chapters::allPanelIds()) {
        QVERIFY2(window.showPanel(id), qPrintable(id));
        QCOMPARE(window.currentPanel()->panelId(), id);
        QCOMPARE(window.findPanel(id), window.currentPanel());
    }
    QVERIFY(!window.showPanel(QStringLiteral("foundations/nope")));
    QVERIFY(!window.showPanel(QStringLiteral("nope/lif-lab")));
}

void TestPanelState::captureRestoreCaptureForEveryPanel()
{
    MainWindow window;
    window.setPersistent(false);
    std::uint32_t seed = 1;
    for (const QString& id : neuroai::chapters::allPanelIds()) {
        QVERIFY(window.showPanel(id));
        ExperimentPanel* panel = window.currentPanel();
        const PanelState initial = panel->captureState();
        QCOMPARE(initial.panel, id);
        QVERIFY(panel->captureState() == initial);  // capturing changes nothing

        const PanelState target = perturbed(*panel, initial, seed++);
        QVERIFY2(target != initial, qPrintable(id));
        QCOMPARE(panel->binding().restoreState(target, QStringLiteral("test")), QString());
        const PanelState after = panel->captureState();
        QVERIFY2(after == target, qPrintable(id + QStringLiteral(": restore then capture differs")));
        // The toolbar shows the restored seed and speed.
        QCOMPARE(window.seedBox()->text(), QString::number(target.seed));
        if (panel->controller())
            QCOMPARE(window.speedBox()->currentData().toDouble(), 0.5);

        // Every model of the panel, too (the firing-pattern panel runs four).
        for (const QString& model : panel->models()) {
            PanelState other = panel->captureState();
            other.model = model;
            other.parameters = neuroai::ParamSet(panel->specsFor(model));
            QCOMPARE(panel->binding().restoreState(other, QStringLiteral("model")), QString());
            QVERIFY2(panel->captureState() == other, qPrintable(id + QLatin1Char(' ') + model));
        }
        QCOMPARE(panel->binding().restoreState(initial, QStringLiteral("back")), QString());
        QVERIFY(panel->captureState() == initial);
    }
}

void TestPanelState::scenarioSaveOpenSaveIsByteIdenticalForEveryPanel()
{
    MainWindow window;
    window.setPersistent(false);
    std::uint32_t seed = 100;
    for (const QString& id : neuroai::chapters::allPanelIds()) {
        QVERIFY(window.showPanel(id));
        ExperimentPanel* panel = window.currentPanel();
        QCOMPARE(panel->binding().restoreState(perturbed(*panel, panel->captureState(), seed++), QStringLiteral("x")),
                 QString());
        const PanelState saved = panel->captureState();
        const QString first = m_dir.filePath(QString(id).replace(QLatin1Char('/'), QLatin1Char('-')) + QStringLiteral("-1.json"));
        const QString second = m_dir.filePath(QString(id).replace(QLatin1Char('/'), QLatin1Char('-')) + QStringLiteral("-2.json"));
        QCOMPARE(window.saveScenario(first), QString());

        // Away from the state, then open the file: the state comes back whole.
        QCOMPARE(panel->binding().restoreState(perturbed(*panel, saved, seed++), QStringLiteral("y")), QString());
        QVERIFY(panel->captureState() != saved);
        QStringList warnings;
        QCOMPARE(window.openScenario(first, &warnings), QString());
        QVERIFY(warnings.isEmpty());
        QVERIFY2(panel->captureState() == saved, qPrintable(id));
        QCOMPARE(window.saveScenario(second), QString());
        QCOMPARE(readAll(second), readAll(first));
    }
}

void TestPanelState::undoRedoSliderDragIsOneStep()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    ExperimentPanel* panel = window.currentPanel();
    auto* parameters = panel->findChild<neuroai::widgets::ParameterPanel*>();
    QVERIFY(parameters);
    QUndoStack* stack = panel->binding().undoStack();
    QCOMPARE(window.undoGroup()->activeStack(), stack);
    const int steps = stack->count();
    const double before = panel->currentParameters()["i_ext"];

    QSlider* slider = parameters->slider(QStringLiteral("i_ext"));
    slider->setSliderDown(true);  // press: the gesture starts
    for (int position = slider->value() + 10; position <= slider->value() + 200; position += 10)
        slider->setValue(position);
    slider->setSliderDown(false);  // release
    const double dragged = panel->currentParameters()["i_ext"];
    QVERIFY(dragged > before);
    QCOMPARE(stack->count(), steps + 1);  // twenty values, one step

    window.undoAction()->trigger();
    QCOMPARE(panel->currentParameters()["i_ext"], before);
    QCOMPARE(parameters->value(QStringLiteral("i_ext")), before);  // the controls follow
    window.redoAction()->trigger();
    QCOMPARE(panel->currentParameters()["i_ext"], dragged);

    // A second drag is a second step, not merged into the first.
    slider->setSliderDown(true);
    slider->setValue(slider->value() - 50);
    slider->setSliderDown(false);
    QCOMPARE(stack->count(), steps + 2);
}

void TestPanelState::undoRedoTypedValuesPresetsAndSeed()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    ExperimentPanel* panel = window.currentPanel();
    auto* parameters = panel->findChild<neuroai::widgets::ParameterPanel*>();
    const PanelState start = panel->captureState();

    parameters->spinBox(QStringLiteral("tau_m"))->setValue(35);  // typed + Enter
    parameters->spinBox(QStringLiteral("t_ref"))->setValue(4);
    QCOMPARE(panel->applyPreset(QStringLiteral("near-rheobase")), QString());
    QCOMPARE(panel->captureState().preset, QStringLiteral("near-rheobase"));
    QCOMPARE(panel->currentParameters()["i_ext"], 1.65);
    window.seedBox()->setText(QStringLiteral("99"));
    emit window.seedBox()->editingFinished();
    QCOMPARE(panel->currentSeed(), quint64(99));
    QCOMPARE(panel->binding().undoStack()->count(), 4);

    // Ctrl+Z four times walks back through seed, preset, t_ref, tau_m to the start.
    window.undoAction()->trigger();
    QCOMPARE(panel->currentSeed(), start.seed);
    QCOMPARE(window.seedBox()->text(), QString::number(start.seed));
    window.undoAction()->trigger();
    QCOMPARE(panel->currentParameters()["tau_m"], 35.0);
    QCOMPARE(panel->currentParameters()["t_ref"], 4.0);
    QVERIFY(panel->captureState().preset.isEmpty());
    window.undoAction()->trigger();
    QCOMPARE(panel->currentParameters()["t_ref"], start.parameters["t_ref"]);
    window.undoAction()->trigger();
    QVERIFY(panel->captureState() == start);
    QVERIFY(!window.undoAction()->isEnabled());

    // Ctrl+Shift+Z all the way forward again.
    for (int i = 0; i < 4; ++i)
        window.redoAction()->trigger();
    QCOMPARE(panel->currentSeed(), quint64(99));
    QCOMPARE(panel->captureState().preset, QStringLiteral("near-rheobase"));
    QVERIFY(!window.redoAction()->isEnabled());
    QVERIFY(window.undoAction()->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Z"))));
    QVERIFY(window.redoAction()->shortcuts().contains(QKeySequence(QStringLiteral("Ctrl+Shift+Z"))));
}

void TestPanelState::undoRedoModelSwitch()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/firing-patterns")));
    auto* panel = qobject_cast<neuroai::chapters::FiringPatterns*>(window.currentPanel());
    QVERIFY(panel);
    QCOMPARE(panel->binding().undoStack()->count(), 0);  // opening on a preset is no edit
    const PanelState start = panel->captureState();
    QVERIFY(start.model != QStringLiteral("adex"));

    QCOMPARE(panel->applyPreset(QStringLiteral("adex/bursting")), QString());  // switches model and applies
    QCOMPARE(panel->modelId(), QStringLiteral("adex"));
    QCOMPARE(panel->modelBox()->currentData().toString(), QStringLiteral("adex"));
    const PanelState bursting = panel->captureState();
    QCOMPARE(panel->setModel(QStringLiteral("hh")), QString());
    QCOMPARE(panel->controller()->modelId(), std::string("hh"));

    window.undoAction()->trigger();
    QVERIFY(panel->captureState() == bursting);
    QCOMPARE(panel->controller()->modelId(), std::string("adex"));
    window.undoAction()->trigger();
    QVERIFY(panel->captureState() == start);
    QCOMPARE(panel->modelBox()->currentData().toString(), start.model);
    window.redoAction()->trigger();
    window.redoAction()->trigger();
    QCOMPARE(panel->modelId(), QStringLiteral("hh"));
    // The parameter rows belong to the model shown.
    auto* parameters = panel->parameterPanel();
    QVERIFY(parameters->keys().contains(QStringLiteral("g_na")));
}

void TestPanelState::undoFollowsTheVisiblePanel()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("intro/energy")));
    ExperimentPanel* energy = window.currentPanel();
    QCOMPARE(energy->setParameter(QStringLiteral("input_rate"), 0.3), QString());
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    QVERIFY(!window.undoAction()->isEnabled());  // the LIF lab has nothing to undo
    window.undoAction()->trigger();
    QCOMPARE(energy->currentParameters()["input_rate"], 0.3);
    QVERIFY(window.showPanel(QStringLiteral("intro/energy")));
    QVERIFY(window.undoAction()->isEnabled());
    window.undoAction()->trigger();
    QVERIFY(energy->currentParameters()["input_rate"] != 0.3);
}

void TestPanelState::rejectedEditIsNoStep()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    ExperimentPanel* panel = window.currentPanel();
    const PanelState before = panel->captureState();
    const int steps = panel->binding().undoStack()->count();
    // V_reset above V_th: each value is in range, the pair is not.
    const QString error = panel->setParameter(QStringLiteral("v_reset"), before.parameters["v_th"] + 1);
    QVERIFY(!error.isEmpty());
    QVERIFY(panel->captureState() == before);
    QCOMPARE(panel->binding().undoStack()->count(), steps);
    QVERIFY(!panel->setParameter(QStringLiteral("no_such_key"), 1).isEmpty());
    QVERIFY(!panel->setParameter(QStringLiteral("tau_m"), std::nan("")).isEmpty());
    QVERIFY(panel->captureState() == before);
}

void TestPanelState::restartingParameterRestartsTheRun()
{
    // A bare panel around a Poisson population: "n" restarts the run (ParamSpec::restartsRun), "rate_hz" does not.
    PopulationPanel panel;
    auto time = [&panel] {
        panel.controller()->runner().waitIdle();
        panel.controller()->drain();
        return panel.controller()->latestFrame() ? panel.controller()->latestFrame()->timeMs : -1.0;
    };
    QVERIFY(panel.controller()->runBlocking(50));
    QCOMPARE(time(), 50.0);
    QCOMPARE(panel.setParameter(QStringLiteral("rate_hz"), 20), QString());
    QCOMPARE(time(), 50.0);  // the same run goes on at the new rate
    QCOMPARE(panel.setParameter(QStringLiteral("n"), 5000), QString());
    QCOMPARE(time(), 0.0);   // a new population starts at t = 0
    QCOMPARE(panel.currentParameters()["n"], 5000.0);
    QCOMPARE(panel.binding().undoStack()->count(), 2);
}

void TestPanelState::hostileScenarioLeavesEveryPanelUntouched()
{
    MainWindow window;
    window.setPersistent(false);
    QList<PanelState> before;
    for (const QString& id : neuroai::chapters::allPanelIds()) {
        QVERIFY(window.showPanel(id));
        before << window.currentPanel()->captureState();
    }
    QVERIFY(window.showPanel(QStringLiteral("intro/flash")));
    const QString path = m_dir.filePath(QStringLiteral("hostile.json"));
    const QList<QByteArray> hostile{
        R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/lif-lab",
            "state": {"parameters": {"i_ext": 2.5, "tau_m": 1e308}}})",
        R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/lif-lab",
            "state": {"parameters": {"i_ext": 2.5, "v_reset": -40}}})",
        R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/firing-patterns",
            "state": {"model": "adex", "parameters": {"c_m": "fast"}}})",
        R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/time-machine", "state": {}})",
        R"({"format": "neuroai-explorer-scenario", "schema": 2, "panel": "foundations/lif-lab", "state": {}})",
        R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "intro/energy",
            "state": {"view": {"zoom": 2}}})",
        QByteArray(R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/lif-lab", "state": {"extras": )") +
            QByteArray(5000, '[') + QByteArray(5000, ']') + "}}",
    };
    for (const QByteArray& bytes : hostile) {
        writeAll(path, bytes);
        const QString error = window.openScenario(path);
        QVERIFY2(!error.isEmpty(), bytes.left(200).constData());
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(window.currentPanel()->panelId(), QStringLiteral("intro/flash"));  // not even the view moved
    }
    int i = 0;
    for (const QString& id : neuroai::chapters::allPanelIds())
        QVERIFY2(window.findPanel(id)->captureState() == before[i++], qPrintable(id));
}

void TestPanelState::scenarioForAnotherPanelSwitchesToIt()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/firing-patterns")));
    ExperimentPanel* patterns = window.currentPanel();
    QCOMPARE(patterns->applyPreset(QStringLiteral("izhikevich/ch")), QString());
    const QString path = m_dir.filePath(QStringLiteral("chattering.json"));
    QCOMPARE(window.saveScenario(path), QString());
    const PanelState saved = patterns->captureState();
    QCOMPARE(saved.model, QStringLiteral("izhikevich"));
    QCOMPARE(saved.preset, QStringLiteral("ch"));

    QVERIFY(window.showPanel(QStringLiteral("intro/synapse")));
    QCOMPARE(patterns->binding().setModel(QStringLiteral("hh")), QString());
    QCOMPARE(window.openScenario(path), QString());
    QCOMPARE(window.currentPanel(), patterns);
    QVERIFY(patterns->captureState() == saved);
    // One undo step takes the whole scenario back.
    window.undoAction()->trigger();
    QCOMPARE(patterns->currentModel(), QStringLiteral("hh"));
}

QTEST_MAIN(TestPanelState)
#include "tst_panelstate.moc"
