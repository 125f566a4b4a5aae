// Tests for the classroom extras of the chapter framework (chapters/framework/Classroom.h): pinned runs (ghost
// series with the pinned data, labels naming what differs, the cap, exports, undo untouched) and "predict, then
// run" exercises (the prediction block of the preset format, the run waiting for the answer, prediction and
// outcome side by side with the right verdict).

#include "chapters/framework/Chapter.h"
#include "chapters/foundations/FiringPatterns.h"
#include "chapters/foundations/LifLab.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/Preset.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/CurvePlot.h"
#include "widgets/FigureExporter.h"
#include "widgets/TimeSeriesPlot.h"

#include <QChart>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QRadioButton>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUrl>
#include <QUndoStack>

#include <cmath>
#include <limits>
#include <memory>

using neuroai::chapters::Exercise;
using neuroai::chapters::FiringPatterns;
using neuroai::chapters::LifLab;
using neuroai::chapters::Prediction;
using neuroai::chapters::PredictionChoice;
using neuroai::widgets::PlotView;

namespace {

// The steady LIF rate for the handbook defaults with τm and I given (t_ref 0), written out independently.
double lifRate(double tau, double current, double tRef = 0)
{
    const double vInf = -70 + 10 * current;
    return 1000.0 / (tRef + tau * std::log((vInf + 80) / (vInf + 54)));
}

QList<QPointF> shifted(const QList<QPointF>& points, double dx)
{
    QList<QPointF> out;
    for (const QPointF& p : points)
        out.append({p.x() + dx, p.y()});
    return out;
}

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

QByteArray lifPreset(const QByteArray& predict)
{
    return R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/lif-lab",
               "title": "t", "state": {"model": "lif", "parameters": {"tau_m": 5}}, "predict": )" +
           predict + "}";
}

}  // namespace

class TestClassroom : public QObject {
    Q_OBJECT
private slots:
    void pinCopiesTracesAndClearRemovesThem();
    void pinsSurviveParameterChangeAndUndo();
    void pinsAppearInCsvAndSvg();
    void pinsAreCapped();
    void timeSeriesGhostFollowsTheWindow();
    void verdicts();
    void brokenPredictionBlocksNameTheKey();
    void shippedExercisesLoad();
    void predictionWaitsForTheAnswerThenShowsBothSideBySide();
    void wrongNumberAndChoiceVerdicts();
    void editingCancelsTheExercise();
    void tryThisLinkAsksFirst();
    void shippedExercisesMeasureWhatTheyAsk();
};

void TestClassroom::pinCopiesTracesAndClearRemovesThem()
{
    LifLab lab;
    lab.resize(1000, 700);
    lab.show();
    QVERIFY(lab.runHeadless(300, 20000));
    auto* trace = lab.tracePlot();
    auto* fi = lab.fiPlot();
    const int seriesBefore = int(trace->chart()->series().size());
    const int fiSeriesBefore = int(fi->chart()->series().size());
    const QList<QPointF> live = trace->traceSeries()->points();
    const QList<QPointF> reference = fi->referenceSeries()->points();
    QVERIFY(live.size() > 10);

    QSignalSpy changed(&lab.pins(), &neuroai::chapters::RunPins::changed);
    const QString message = lab.pins().pin();
    QVERIFY2(message.contains(QLatin1String("pinned")), qPrintable(message));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(lab.pins().count(), 1);
    // The trace plot: one ghost, of the trace only (not the threshold line, not the spike markers), same points.
    QCOMPARE(trace->pinSeries().size(), 1);
    QCOMPARE(trace->pinSeries().first()->points(), live);
    QCOMPARE(trace->chart()->series().size(), seriesBefore + 1);
    // The f-I plot: ghosts of the analytic curve and of the simulated points (as a thin line through them), not of
    // the operating point.
    const QList<QXYSeries*> fiGhosts = fi->pinSeries();
    QCOMPARE(fiGhosts.size(), 2);
    bool referenceCopied = false;
    for (QXYSeries* g : fiGhosts)
        referenceCopied |= g->points() == reference;
    QVERIFY(referenceCopied);
    // Ghosts are grey and thinner than the live trace, with one legend entry per pin; the live entries stay.
    QLineSeries* ghost = qobject_cast<QLineSeries*>(trace->pinSeries().first());
    QVERIFY(ghost);
    QCOMPARE(ghost->pen().color().red(), ghost->pen().color().blue());
    QVERIFY(ghost->pen().widthF() < trace->traceSeries()->pen().widthF());
    QCOMPARE(ghost->attachedAxes().size(), 2);
    // (The legend lays its markers out on the next event-loop pass, hiding them meanwhile.)
    const QList<QXYSeries*> liveSeries = {trace->traceSeries(), fi->referenceSeries(), fi->measuredSeries()};
    for (QXYSeries* s : liveSeries)
        for (QLegendMarker* marker : s->chart()->legend()->markers(s))
            QTRY_VERIFY2(marker->isVisible(), qPrintable(s->name()));
    QTest::qWait(50);
    int ghostEntries = 0;
    for (QXYSeries* g : fiGhosts)
        for (QLegendMarker* marker : fi->chart()->legend()->markers(g))
            ghostEntries += marker->isVisible();
    QCOMPARE(ghostEntries, 1);

    lab.pins().clear();
    QCOMPARE(lab.pins().count(), 0);
    QVERIFY(trace->pinSeries().isEmpty());
    QVERIFY(fi->pinSeries().isEmpty());
    QCOMPARE(trace->chart()->series().size(), seriesBefore);
    QCOMPARE(fi->chart()->series().size(), fiSeriesBefore);
}

void TestClassroom::pinsSurviveParameterChangeAndUndo()
{
    LifLab lab;
    QVERIFY(lab.runHeadless(300, 20000));
    lab.pins().pin();
    const QList<QPointF> pinned = lab.tracePlot()->pinSeries().first()->points();
    QCOMPARE(lab.pins().labels(), QStringList{QStringLiteral("pinned: as now")});
    const int undoSteps = lab.binding().undoStack()->count();

    QCOMPARE(lab.setParameter(QStringLiteral("i_ext"), 2.5), QString());
    // The label names the parameter that differs, with the pinned value.
    QCOMPARE(lab.pins().labels(), QStringList{QStringLiteral("pinned: I=1.8 nA")});
    QCOMPARE(lab.tracePlot()->pinSeries().first()->name(), QStringLiteral("pinned: I=1.8 nA"));
    QVERIFY(lab.runHeadless(100, 20000));
    QCOMPARE(lab.pins().count(), 1);
    QCOMPARE(lab.tracePlot()->pinSeries().size(), 1);
    QVERIFY(lab.tracePlot()->traceSeries()->points() != pinned);  // the live trace moved on; the ghost is frozen

    // Pinning pushed no undo step; undo restores the parameter and leaves the pin in place, relabelled.
    QCOMPARE(lab.binding().undoStack()->count(), undoSteps + 1);
    lab.binding().undoStack()->undo();
    QCOMPARE(lab.currentParameters()["i_ext"], 1.8);
    QCOMPARE(lab.pins().count(), 1);
    QCOMPARE(lab.pins().labels(), QStringList{QStringLiteral("pinned: as now")});
    // Pins are not state: the captured state (and so a saved scenario) is what it was before pinning.
    QVERIFY(!lab.captureState().extras.contains(QStringLiteral("pins")));
}

void TestClassroom::pinsAppearInCsvAndSvg()
{
    LifLab lab;
    QVERIFY(lab.runHeadless(300, 20000));
    lab.pins().pin();
    const QList<QPointF> pinned = lab.tracePlot()->pinSeries().first()->points();
    QCOMPARE(lab.setParameter(QStringLiteral("i_ext"), 2.5), QString());

    const QList<neuroai::widgets::DataSeries> series = lab.exportSeries();
    QCOMPARE(series.size(), lab.dataSeries().size() + 3);  // the trace ghost and the two f-I ghosts
    bool found = false;
    for (const auto& s : series)
        if (s.series == QStringLiteral("pinned: I=1.8 nA · V")) {
            found = true;
            QCOMPARE(s.points, pinned);
            QCOMPARE(s.plot, QStringLiteral("Membrane potential"));
            QCOMPARE(s.xLabel, QStringLiteral("Time t (ms)"));
        }
    QVERIFY2(found, "the pinned trace is missing from the exported series");
    const QByteArray csv = neuroai::widgets::toTidyCsv(lab.metadata(), series);
    QVERIFY(csv.contains("pinned: I=1.8 nA · V"));
    QVERIFY(csv.contains("pinned: I=1.8 nA · analytic"));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    lab.resize(1280, 800);
    lab.show();  // laid out as a reader sees it
    QVERIFY(QTest::qWaitForWindowExposed(&lab));
    const QString svgPath = dir.filePath(QStringLiteral("pinned.svg"));
    QCOMPARE(neuroai::widgets::FigureExporter::exportWidget(lab.figureWidget(), svgPath, 1.0, lab.metadata(),
                                                                   neuroai::widgets::FigureExporter::defaultFigureSizeMm()),
             QString());
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray text = svg.readAll();
    QVERIFY2(text.contains("pinned: I=1.8 nA"), "legend label missing");  // SVG splits text at script changes: ASCII here
    // The ghost is drawn: its light grey stroke is in the SVG.
    const QColor grey = qobject_cast<QLineSeries*>(lab.tracePlot()->pinSeries().first())->pen().color();
    QVERIFY2(text.contains(grey.name().toLatin1()), qPrintable(grey.name()));
}

void TestClassroom::pinsAreCapped()
{
    LifLab lab;
    QVERIFY(lab.runHeadless(200, 20000));
    QString last;
    for (int i = 0; i < PlotView::kMaxPins + 1; ++i) {
        QCOMPARE(lab.setParameter(QStringLiteral("i_ext"), 2.0 + 0.1 * i), QString());
        QVERIFY(lab.runHeadless(50, 20000));
        last = lab.pins().pin();
    }
    QCOMPARE(lab.pins().count(), PlotView::kMaxPins);
    QCOMPARE(lab.tracePlot()->pinCount(), PlotView::kMaxPins);
    QCOMPARE(lab.fiPlot()->pinCount(), PlotView::kMaxPins);
    QVERIFY2(last.contains(QLatin1String("oldest")), qPrintable(last));
    // The oldest (I = 2.0) went; the newest is the current state.
    const QStringList labels = lab.pins().labels();
    QVERIFY(!labels.join(QLatin1Char('|')).contains(QLatin1String("I=2 nA")));
    QCOMPARE(labels.last(), QStringLiteral("pinned: as now"));
    QCOMPARE(labels.first(), QStringLiteral("pinned: I=2.1 nA"));
}

void TestClassroom::timeSeriesGhostFollowsTheWindow()
{
    // A ghost is pinned relative to the window's left edge: when the window slides, it slides with it.
    neuroai::widgets::TimeSeriesPlot plot;
    plot.resize(600, 300);
    neuroai::Frame frame;
    frame.windowStartMs = 0;
    frame.timeMs = 500;
    neuroai::TraceView trace;
    for (int i = 0; i <= 100; ++i)
        trace.points.push_back({5.0 * i, -70.0 + 0.1 * i});
    frame.traces.push_back(trace);
    plot.showFrame(frame);
    QCOMPARE(plot.pinTraces(QStringLiteral("pinned: x")), 1);
    const QList<QPointF> first = plot.pinSeries().first()->points();
    frame.windowStartMs = 200;
    frame.timeMs = 700;
    plot.showFrame(frame);
    QCOMPARE(plot.pinSeries().first()->points(), shifted(first, 200));
    QCOMPARE(plot.pinnedTraces().first().points, shifted(first, 200));
}

void TestClassroom::verdicts()
{
    Prediction number;
    number.answer = Prediction::Answer::Number;
    number.tolerance = 0.1;
    auto v = neuroai::chapters::judgePrediction(number, 105, 100);
    QVERIFY(v.correct);
    QVERIFY2(v.text.contains(QLatin1String("within 10 %")), qPrintable(v.text));
    v = neuroai::chapters::judgePrediction(number, 111, 100);
    QVERIFY(!v.correct);
    QVERIFY2(v.text.contains(QLatin1String("off by 11 %")), qPrintable(v.text));
    v = neuroai::chapters::judgePrediction(number, 90, 100);
    QVERIFY(v.correct);
    v = neuroai::chapters::judgePrediction(number, 0, 0);
    QVERIFY(v.correct);
    v = neuroai::chapters::judgePrediction(number, 2, 0);
    QVERIFY(!v.correct);

    Prediction choice;
    choice.answer = Prediction::Answer::Choice;
    choice.choices = {PredictionChoice{QStringLiteral("negative"), -std::numeric_limits<double>::infinity(), -0.01},
                      PredictionChoice{QStringLiteral("about zero"), -0.01, 0.01},
                      PredictionChoice{QStringLiteral("positive"), 0.01, std::numeric_limits<double>::infinity()}};
    QCOMPARE(neuroai::chapters::choiceOf(choice, -0.2), 0);
    QCOMPARE(neuroai::chapters::choiceOf(choice, 0.01), 2);  // ranges are [min, max)
    v = neuroai::chapters::judgePrediction(choice, 0, -0.2);
    QVERIFY(v.correct);
    v = neuroai::chapters::judgePrediction(choice, 2, -0.2);
    QVERIFY(!v.correct);
    QVERIFY2(v.text.contains(QLatin1String("negative")), qPrintable(v.text));
}

void TestClassroom::brokenPredictionBlocksNameTheKey()
{
    LifLab lab;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    struct Case {
        QByteArray predict;
        QString key;
    };
    const QList<Case> cases = {
        {R"({"question": "q", "readout": "rate_hz", "answer": "number"})", QStringLiteral("predict.run_ms")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "number", "run_ms": 1000, "tolerance": 5})",
         QStringLiteral("predict.tolerance")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "number", "run_ms": -3})", QStringLiteral("predict.run_ms")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "guess", "run_ms": 1000})", QStringLiteral("predict.answer")},
        {R"({"question": "", "readout": "rate_hz", "answer": "number", "run_ms": 1000})", QStringLiteral("predict.question")},
        {R"({"readout": "rate_hz", "answer": "number", "run_ms": 1000})", QStringLiteral("predict.question")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "number", "run_ms": 1000, "tolerence": 0.1})",
         QStringLiteral("tolerence")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "choice", "run_ms": 1000})", QStringLiteral("predict.choices")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "choice", "run_ms": 1000,
             "choices": [{"label": "a", "max": 5}, {"label": "b", "min": 4}]})",
         QStringLiteral("predict.choices[1]")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "choice", "run_ms": 1000,
             "choices": [{"label": "a", "max": 5}, {"label": "b", "min": 9, "max": 2}]})",
         QStringLiteral("predict.choices[1]")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "choice", "run_ms": 1000,
             "choices": [{"label": "a", "max": 5}, {"min": 5}]})",
         QStringLiteral("predict.choices[1].label")},
        {R"({"question": "q", "readout": "rate_hz", "answer": "choice", "run_ms": 1000,
             "choices": [{"label": "a", "max": 5}]})",
         QStringLiteral("predict.choices")},
        {R"("faster")", QStringLiteral("predict")},
        {R"({"question": "q", "readout": "Rate Hz", "answer": "number", "run_ms": 1000})", QStringLiteral("predict.readout")},
        // Well formed, but a readout this panel does not measure: caught when the preset is loaded for the panel.
        {R"({"question": "q", "readout": "peak_mv", "answer": "number", "run_ms": 1000})", QStringLiteral("predict.readout")},
    };
    int index = 0;
    for (const Case& c : cases) {
        const QString path = writeFile(dir, QStringLiteral("broken-%1.json").arg(index++), lifPreset(c.predict));
        QVERIFY(!path.isEmpty());
        neuroai::chapters::Preset preset;
        QString error;
        QVERIFY2(!neuroai::chapters::loadPreset(path, lab.schema(), preset, error), c.predict.constData());
        QVERIFY2(error.contains(c.key), qPrintable(error + QStringLiteral("  (expected the key ") + c.key + ")"));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        QVERIFY2(error.contains(QFileInfo(path).fileName()), qPrintable(error));  // names the file too
    }
    // The same block, well formed, loads; on a panel without a simulation it is refused by name.
    const QString good = writeFile(dir, QStringLiteral("good.json"),
                                   lifPreset(R"({"question": "q", "readout": "rate_hz", "answer": "number", "run_ms": 1000})"));
    neuroai::chapters::Preset preset;
    QString error;
    QVERIFY2(neuroai::chapters::loadPreset(good, lab.schema(), preset, error), qPrintable(error));
    QVERIFY(preset.prediction.has_value());
    QCOMPARE(preset.prediction->runMs, 1000.0);
    QCOMPARE(preset.prediction->tolerance, 0.1);
    auto schema = lab.schema();
    schema.readouts.clear();
    QVERIFY(!neuroai::chapters::loadPreset(good, schema, preset, error));
    QVERIFY2(error.contains(QLatin1String("predict.readout")), qPrintable(error));
}

void TestClassroom::shippedExercisesLoad()
{
    // The shipped "Try this" exercises: they load (a broken file is skipped, so count them) and name a readout.
    LifLab lab;
    int lif = 0;
    for (const auto& preset : lab.presets())
        lif += preset.prediction.has_value();
    QVERIFY2(lif >= 2, "the LIF lab ships at least two exercises");
    FiringPatterns patterns;
    int adex = 0;
    for (const auto& preset : patterns.presetsFor(QStringLiteral("adex")))
        adex += preset.prediction.has_value();
    QVERIFY2(adex >= 1, "the firing-pattern panel ships at least one AdEx exercise");
}

void TestClassroom::predictionWaitsForTheAnswerThenShowsBothSideBySide()
{
    LifLab lab;
    lab.resize(1280, 800);
    lab.show();
    auto* controller = lab.controller();
    controller->setSpeed(std::numeric_limits<double>::infinity());
    QCOMPARE(lab.applyPreset(QStringLiteral("fast-membrane")), QString());
    QVERIFY(lab.startExercise(QStringLiteral("fast-membrane")));
    Exercise& exercise = lab.exercise();
    QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
    QVERIFY(exercise.card()->isVisible());
    auto* question = exercise.card()->findChild<QLabel*>(QStringLiteral("exerciseQuestion"));
    QVERIFY(question && question->text().contains(QStringLiteral("τm")));
    QVERIFY(!controller->isRunning());

    // Run is refused until the question is answered, with a word why.
    controller->setRunning(true);
    QVERIFY(!controller->isRunning());
    auto* message = exercise.card()->findChild<QLabel*>(QStringLiteral("exerciseMessage"));
    QVERIFY(message->text().contains(QLatin1String("first")));
    // Nothing advances while the question waits (a frame of the instant before the refusal may still arrive).
    QTest::qWait(100);
    const double waiting = controller->latestFrame() ? controller->latestFrame()->timeMs : 0.0;
    QTest::qWait(150);
    QCOMPARE(controller->latestFrame() ? controller->latestFrame()->timeMs : 0.0, waiting);
    QVERIFY(!controller->isRunning());

    // A typo in the answer box is a message, not a run.
    auto* box = exercise.card()->findChild<QLineEdit*>(QStringLiteral("exerciseNumber"));
    auto* run = exercise.card()->findChild<QPushButton*>(QStringLiteral("exerciseRun"));
    box->setText(QStringLiteral("fast"));
    run->click();
    QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
    QVERIFY(message->text().contains(QLatin1String("not a number")));

    // The answer through the card: τm 5 ms fires at the handbook rate of τm 5 ms.
    const double expected = lifRate(5, 1.8);  // ≈ 75.8 Hz
    box->setText(QStringLiteral("72"));
    QSignalSpy phases(&exercise, &Exercise::phaseChanged);
    run->click();
    QCOMPARE(exercise.phase(), Exercise::Phase::Running);
    QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 20000);
    QVERIFY(!controller->isRunning());
    QVERIFY(controller->latestFrame()->timeMs >= exercise.prediction()->runMs);
    QVERIFY(exercise.outcome().has_value());
    QVERIFY2(std::abs(*exercise.outcome() - expected) < 0.01 * expected,
             qPrintable(QString::number(*exercise.outcome())));
    QCOMPARE(*exercise.predictedValue(), 72.0);
    QVERIFY(exercise.verdict()->correct);  // 72 vs 75.8: 5 % off, within the 15 % the exercise allows

    auto* yours = exercise.card()->findChild<QLabel*>(QStringLiteral("exercisePrediction"));
    auto* outcome = exercise.card()->findChild<QLabel*>(QStringLiteral("exerciseOutcome"));
    auto* verdict = exercise.card()->findChild<QLabel*>(QStringLiteral("exerciseVerdict"));
    QCOMPARE(yours->text(), QStringLiteral("72.0 Hz"));
    QVERIFY2(outcome->text().contains(QStringLiteral("%1 Hz").arg(*exercise.outcome(), 0, 'f', 1)), qPrintable(outcome->text()));
    QVERIFY(verdict->text().startsWith(QStringLiteral("✓ within 15 %")));
    // Side by side: the prediction and the outcome are on one row, prediction on the left.
    QVERIFY(yours->isVisible() && outcome->isVisible());
    QCOMPARE(yours->mapTo(exercise.card(), QPoint()).y(), outcome->mapTo(exercise.card(), QPoint()).y());
    QVERIFY(yours->mapTo(exercise.card(), QPoint()).x() < outcome->mapTo(exercise.card(), QPoint()).x());
}

void TestClassroom::wrongNumberAndChoiceVerdicts()
{
    LifLab lab;
    lab.controller()->setSpeed(std::numeric_limits<double>::infinity());
    Exercise& exercise = lab.exercise();
    // The default rate as a guess for the fast membrane: far off.
    QCOMPARE(lab.applyPreset(QStringLiteral("fast-membrane")), QString());
    QVERIFY(lab.startExercise(QStringLiteral("fast-membrane")));
    QCOMPARE(exercise.answerChoice(0), QStringLiteral("This question asks for a number, not a choice"));
    QCOMPARE(exercise.answerNumber(19), QString());
    QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 20000);
    QVERIFY(!exercise.verdict()->correct);
    QVERIFY2(exercise.verdict()->text.contains(QLatin1String("off by 75 %")), qPrintable(exercise.verdict()->text));

    // A choice exercise: just above rheobase the rate falls well below the default 19 Hz.
    QCOMPARE(lab.applyPreset(QStringLiteral("near-rheobase")), QString());
    QVERIFY(lab.startExercise(QStringLiteral("near-rheobase")));
    QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
    const Prediction prediction = *exercise.prediction();
    QCOMPARE(prediction.answer, Prediction::Answer::Choice);
    const int right = neuroai::chapters::choiceOf(prediction, lifRate(20, 1.65));
    QVERIFY(right >= 0);
    auto* button = exercise.card()->findChild<QRadioButton*>(QStringLiteral("exerciseChoice%1").arg(right));
    QVERIFY(button);
    button->setChecked(true);
    exercise.card()->findChild<QPushButton*>(QStringLiteral("exerciseRun"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 20000);
    QVERIFY2(exercise.verdict()->correct, qPrintable(exercise.verdict()->text));
    QCOMPARE(neuroai::chapters::choiceOf(prediction, *exercise.outcome()), right);

    // Skipping runs without a verdict but still shows the outcome.
    QVERIFY(lab.startExercise(QStringLiteral("near-rheobase")));
    exercise.skip();
    QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 20000);
    QVERIFY(!exercise.verdict().has_value());
    QVERIFY(exercise.outcome().has_value());
    QCOMPARE(exercise.card()->findChild<QLabel*>(QStringLiteral("exercisePrediction"))->text(), QStringLiteral("skipped"));

    // A preset without a prediction starts no exercise.
    QVERIFY(!lab.startExercise(QStringLiteral("defaults")));
}

void TestClassroom::editingCancelsTheExercise()
{
    LifLab lab;
    QCOMPARE(lab.applyPreset(QStringLiteral("fast-membrane")), QString());
    QVERIFY(lab.startExercise(QStringLiteral("fast-membrane")));
    QCOMPARE(lab.setParameter(QStringLiteral("i_ext"), 2.0), QString());
    QCOMPARE(lab.exercise().phase(), Exercise::Phase::Idle);
    auto* message = lab.exercise().card()->findChild<QLabel*>(QStringLiteral("exerciseMessage"));
    QVERIFY(message->text().contains(QLatin1String("parameters changed")));
    QVERIFY(!lab.exercise().card()->findChild<QPushButton*>(QStringLiteral("exerciseRun"))->isVisibleTo(lab.exercise().card()));
}

void TestClassroom::tryThisLinkAsksFirst()
{
    // The chapter text's "Try this" link applies the preset and asks the question; a link without one just applies.
    const neuroai::chapters::ChapterInfo* info = neuroai::chapters::findChapter(QStringLiteral("foundations"));
    QVERIFY(info);
    QWidget window;
    std::unique_ptr<neuroai::chapters::Chapter> chapter(new neuroai::chapters::Chapter(*info, &window));
    chapter->ensureBuilt();
    QVERIFY2(chapter->buildError().isEmpty(), qPrintable(chapter->buildError()));
    auto* lab = qobject_cast<LifLab*>(chapter->panels()[0]);
    QVERIFY(lab);
    QSignalSpy status(chapter.get(), &neuroai::chapters::Chapter::statusMessage);
    emit chapter->textBrowser()->anchorClicked(QUrl(QStringLiteral("preset:0/refractory")));
    QCOMPARE(lab->currentParameters()["t_ref"], 5.0);
    QCOMPARE(lab->exercise().phase(), Exercise::Phase::Asking);
    QVERIFY(!lab->controller()->isRunning());
    QVERIFY(status.last().first().toString().contains(QLatin1String("prediction")));
    emit chapter->textBrowser()->anchorClicked(QUrl(QStringLiteral("preset:0/noisy-subthreshold")));
    QCOMPARE(lab->exercise().phase(), Exercise::Phase::Idle);  // the preset changed the state: the question is gone
}

void TestClassroom::shippedExercisesMeasureWhatTheyAsk()
{
    // The refractory exercise: the rate of I = 4 nA with t_ref = 5 ms, 1/(t_ref + τ ln(50/24)) ≈ 50.8 Hz.
    {
        LifLab lab;
        lab.controller()->setSpeed(std::numeric_limits<double>::infinity());
        QCOMPARE(lab.applyPreset(QStringLiteral("refractory")), QString());
        QVERIFY(lab.startExercise(QStringLiteral("refractory")));
        QCOMPARE(lab.exercise().answerNumber(200), QString());  // the ceiling 1/t_ref is the tempting wrong answer
        QTRY_COMPARE_WITH_TIMEOUT(lab.exercise().phase(), Exercise::Phase::Done, 20000);
        const double expected = lifRate(20, 4, 5);
        QVERIFY2(std::abs(*lab.exercise().outcome() - expected) < 0.01 * expected,
                 qPrintable(QString::number(*lab.exercise().outcome())));
        QVERIFY(!lab.exercise().verdict()->correct);
    }
    // The AdEx exercise: negative a makes the intervals shorten (negative adaptation index) within run_ms.
    FiringPatterns panel;
    QVERIFY(FiringPatterns::availableModels().contains(QStringLiteral("adex")));  // always registered
    panel.controller()->setSpeed(std::numeric_limits<double>::infinity());
    QCOMPARE(panel.applyPreset(QStringLiteral("adex/delayed-accelerating")), QString());
    QVERIFY(panel.startExercise(QStringLiteral("adex/delayed-accelerating")));
    const Prediction prediction = *panel.exercise().prediction();
    QCOMPARE(prediction.readout, QStringLiteral("adaptation_index"));
    QCOMPARE(panel.exercise().answerChoice(2), QString());  // "shorter and shorter"
    QTRY_COMPARE_WITH_TIMEOUT(panel.exercise().phase(), Exercise::Phase::Done, 30000);
    QVERIFY(panel.exercise().outcome().has_value());
    QVERIFY2(*panel.exercise().outcome() < -0.01, qPrintable(QString::number(*panel.exercise().outcome())));
    QVERIFY2(panel.exercise().verdict()->correct, qPrintable(panel.exercise().verdict()->text));
    QCOMPARE(panel.controller()->latestFrame()->timeMs, prediction.runMs);  // read at run_ms exactly
}

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
