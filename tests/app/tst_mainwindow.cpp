// Tests for the main window (navigator from the chapter table, toolbar actions driving the current controller,
// exports) and the GUI's command line (option parsing and applying options to a window).

#include "app/gui/GuiCommandLine.h"
#include "app/gui/MainWindow.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "widgets/PlotStyle.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QLineSeries>
#include <QMenuBar>
#include <QToolButton>
#include <QFontInfo>
#include <QSettings>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QLabel>
#include <QMenu>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolBar>
#include <QTreeWidget>

#include <cmath>
#include <malloc.h>
#include <limits>
#include <memory>
#include <span>

using neuroai::app::GuiOptions;
using neuroai::app::MainWindow;
using neuroai::chapters::ExperimentPanel;
using neuroai::chapters::SimulationController;

namespace {

SimulationController* controllerOf(const MainWindow& window)
{
    return window.currentPanel() ? window.currentPanel()->controller() : nullptr;
}

double latestTime(const SimulationController* controller)
{
    const auto frame = controller->latestFrame();
    return frame ? frame->timeMs : std::numeric_limits<double>::quiet_NaN();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString parseError(const QStringList& arguments)
{
    GuiOptions options;
    bool help = false, version = false;
    return neuroai::app::parseGuiOptions(arguments, options, help, version);
}

QString applyError(const GuiOptions& options)
{
    MainWindow window;
    window.setPersistent(false);
    return neuroai::app::applyGuiOptions(window, options);
}

// A test-only model: the LIF neuron, except that from t = 20 ms on its samples are NaN and its state is reported as
// non-finite, as a model that blows up. The runner stops it with a Diverged event.
class DivergingLif final : public neuroai::Model {
public:
    DivergingLif() : m_inner(neuroai::createModel("lif")) { initParameters(); }
    std::string id() const override { return "lif"; }
    std::string title() const override { return "LIF that diverges at 20 ms"; }
    std::vector<neuroai::ParamSpec> specs() const override { return m_inner->specs(); }
    std::vector<neuroai::ChannelInfo> channels() const override { return m_inner->channels(); }
    void reset(std::uint64_t seed) override { m_inner->reset(seed); }
    double dt() const override { return m_inner->dt(); }
    double timeMs() const override { return m_inner->timeMs(); }
    void advance(long steps, neuroai::TraceSink& sink) override
    {
        class Poison final : public neuroai::TraceSink {
        public:
            explicit Poison(neuroai::TraceSink& out) : m_out(out) {}
            void sample(double t, std::span<const double> values) override
            {
                if (t <= kDivergesAtMs)
                    return m_out.sample(t, values);
                const std::vector<double> bad(values.size(), std::numeric_limits<double>::quiet_NaN());
                m_out.sample(t, bad);
            }
            void spike(double t, int neuron) override { m_out.spike(t, neuron); }

        private:
            neuroai::TraceSink& m_out;
        } poison(sink);
        m_inner->advance(steps, poison);
    }
    bool stateIsFinite() const override { return m_inner->timeMs() <= kDivergesAtMs; }
    std::map<std::string, double> metrics() const override { return m_inner->metrics(); }

    static constexpr double kDivergesAtMs = 20.0;

protected:
    void applyParameters(const neuroai::ParamSet& p) override { m_inner->setParameters(p); }

private:
    std::unique_ptr<neuroai::Model> m_inner;
};

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void navigatorListsTheRegistry();
    void showChapter();
    void runActionTogglesController();
    void stepAndReset();
    void speedBox();
    void presetMenuNamesThePresets();
    void greyedRunSaysWhy();
    void keyboardShortcuts();
    void geometryAndChapterAreRemembered();
    void presentationMode();
    void largeWindowScalesType();
    void exports();
    void divergedRunsExportedNaN();
    void resetLeakedUnderAKeyStorm();
    void parseGoodOptions();
    void parseHelpAndVersion();
    void parseBadOptions_data();
    void parseBadOptions();
    void applyGoodOptions();
    void applyBadOptions_data();
    void applyBadOptions();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestMainWindow::navigatorListsTheRegistry()
{
    MainWindow window;
    window.setPersistent(false);
    QTreeWidget* navigator = window.navigator();
    QVERIFY(navigator);

    QStringList expectedParts;
    for (const auto& info : neuroai::chapters::chapterRegistry())
        if (!expectedParts.contains(QString::fromUtf8(info.part)))
            expectedParts << QString::fromUtf8(info.part);
    QCOMPARE(navigator->topLevelItemCount(), expectedParts.size());

    QStringList listed;
    for (int i = 0; i < navigator->topLevelItemCount(); ++i) {
        QTreeWidgetItem* part = navigator->topLevelItem(i);
        QCOMPARE(part->text(0), expectedParts[i]);
        QVERIFY(part->data(0, Qt::UserRole).toString().isEmpty());  // a heading, not a chapter
        QVERIFY(!(part->flags() & Qt::ItemIsSelectable));
        for (int c = 0; c < part->childCount(); ++c) {
            QTreeWidgetItem* item = part->child(c);
            QCOMPARE(item->childCount(), 0);
            const QString id = item->data(0, Qt::UserRole).toString();
            const auto* info = neuroai::chapters::findChapter(id);
            QVERIFY2(info, qPrintable(QStringLiteral("navigator lists unknown chapter '%1'").arg(id)));
            QCOMPARE(QString::fromUtf8(info->part), part->text(0));
            QVERIFY(item->text(0).contains(QString::fromUtf8(info->title)));
            QVERIFY(item->text(0).startsWith(QString::number(info->number)));
            listed << id;
        }
    }
    QStringList expected;
    for (const auto& info : neuroai::chapters::chapterRegistry())
        expected << QString::fromLatin1(info.id);
    listed.sort();
    expected.sort();
    QCOMPARE(listed, expected);
}

void TestMainWindow::presetMenuNamesThePresets()
{
    MainWindow window;
    window.setPersistent(false);
    for (const QString& panelId : {QStringLiteral("foundations/firing-patterns"), QStringLiteral("intro/flash")}) {
        QVERIFY(window.showPanel(panelId));
        ExperimentPanel* panel = window.currentPanel();
        QVERIFY(panel);
        const auto presets = panel->presets();
        QVERIFY2(!presets.isEmpty(), qPrintable(panelId));
        emit window.presetMenu()->aboutToShow();
        QStringList shown;
        for (QAction* action : window.presetMenu()->actions())
            if (action->isVisible())
                shown << action->text();
        QCOMPARE(shown.size(), std::min<qsizetype>(presets.size(), 9));
        for (qsizetype i = 0; i < shown.size(); ++i) {
            QVERIFY2(shown[i].contains(presets[i].title), qPrintable(shown[i]));
            QVERIFY(!shown[i].startsWith(QStringLiteral("Preset ")));
        }
    }
    // A model switch changes the presets: the menu follows.
    QVERIFY(window.showPanel(QStringLiteral("foundations/firing-patterns")));
    auto* firing = window.currentPanel();
    QVERIFY(firing->applyPreset(QStringLiteral("hh/tonic")).isEmpty());
    emit window.presetMenu()->aboutToShow();
    const auto hh = firing->presets();
    QVERIFY(window.presetMenu()->actions().first()->text().contains(hh.first().title));
}

void TestMainWindow::greyedRunSaysWhy()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("intro/flash")));  // computed as a background job, no clock
    for (QAction* action : {window.runAction(), window.stepAction(), window.resetAction()}) {
        QVERIFY(!action->isEnabled());
        QVERIFY2(action->toolTip().contains(QStringLiteral("background")), qPrintable(action->toolTip()));
    }
    QVERIFY(window.statusLabel()->text().contains(QStringLiteral("background")));
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    QVERIFY(window.runAction()->isEnabled());
    QVERIFY(!window.runAction()->toolTip().contains(QStringLiteral("background")));
}

void TestMainWindow::showChapter()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));
    QVERIFY(window.currentChapter());
    QCOMPARE(window.currentChapter()->id(), QStringLiteral("foundations"));
    QVERIFY(window.currentChapter()->isBuilt());
    QVERIFY(window.currentPanel());
    QCOMPARE(window.navigator()->currentItem()->data(0, Qt::UserRole).toString(), QStringLiteral("foundations"));

    QVERIFY(!window.showChapter(QStringLiteral("nope")));
    QVERIFY(!window.showChapter(QString()));
    QCOMPARE(window.currentChapter()->id(), QStringLiteral("foundations"));  // unchanged
}

void TestMainWindow::runActionTogglesController()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
    SimulationController* controller = controllerOf(window);
    QVERIFY(controller);
    QVERIFY(window.runAction()->isEnabled());
    QVERIFY(!controller->isRunning());
    QCOMPARE(window.runAction()->text(), QStringLiteral("Run"));
    QVERIFY(!window.runAction()->isChecked());

    window.runAction()->trigger();
    QVERIFY(controller->isRunning());
    QCOMPARE(window.runAction()->text(), QStringLiteral("Pause"));
    QVERIFY(window.runAction()->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(latestTime(controller) > 0, 20000);  // time advances

    window.runAction()->trigger();
    QVERIFY(!controller->isRunning());
    QCOMPARE(window.runAction()->text(), QStringLiteral("Run"));
    QVERIFY(!window.runAction()->isChecked());

    // The action also follows the controller when something else starts or stops it.
    controller->setRunning(true);
    QCOMPARE(window.runAction()->text(), QStringLiteral("Pause"));
    QVERIFY(window.runAction()->isChecked());
    controller->setRunning(false);
    QCOMPARE(window.runAction()->text(), QStringLiteral("Run"));
}

void TestMainWindow::stepAndReset()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
    SimulationController* controller = controllerOf(window);
    QVERIFY(controller);
    QTRY_VERIFY_WITH_TIMEOUT(latestTime(controller) == 0.0, 20000);

    window.stepAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(latestTime(controller) - 1.0) < 1e-9, 20000);
    QVERIFY(!controller->isRunning());
    window.stepAction()->trigger();
    window.stepAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(latestTime(controller) - 3.0) < 1e-9, 20000);

    window.resetAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(latestTime(controller) == 0.0, 20000);
    QVERIFY(!controller->isRunning());

    // Step pauses a running simulation.
    window.runAction()->trigger();
    QVERIFY(controller->isRunning());
    window.stepAction()->trigger();
    QVERIFY(!controller->isRunning());
    QCOMPARE(window.runAction()->text(), QStringLiteral("Run"));
    window.resetAction()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(latestTime(controller) == 0.0 && !controller->latestFrame()->running, 20000);
}

void TestMainWindow::speedBox()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
    QComboBox* speed = window.speedBox();
    QVERIFY(speed);
    const QList<double> choices = MainWindow::speedChoices();
    QCOMPARE(speed->count(), choices.size());
    QCOMPARE(speed->itemText(speed->count() - 1), QStringLiteral("As fast as possible"));
    QVERIFY(std::isinf(speed->itemData(speed->count() - 1).toDouble()));
    QCOMPARE(speed->currentData().toDouble(), 1.0);  // real time by default
    SimulationController* controller = controllerOf(window);
    QCOMPARE(controller->speed(), 1.0);
    speed->setCurrentIndex(speed->count() - 1);
    QVERIFY(std::isinf(controller->speed()));
    speed->setCurrentIndex(0);
    QCOMPARE(controller->speed(), choices.first());
}

void TestMainWindow::keyboardShortcuts()
{
    // The classroom keys: Space run/pause, → step 1 ms, R reset, 1–9 presets.
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.navigator()->setFocus();  // not an editor, which would take the keys as text
    SimulationController* controller = controllerOf(window);
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(controller->isRunning());
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!controller->isRunning());
    QTest::keyClick(&window, Qt::Key_R);
    QTRY_VERIFY_WITH_TIMEOUT(latestTime(controller) == 0.0, 20000);
    QTest::keyClick(&window, Qt::Key_Right);
    QTRY_VERIFY_WITH_TIMEOUT(std::abs(latestTime(controller) - 1.0) < 1e-9, 20000);
    const auto presets = window.currentPanel()->presets();
    QVERIFY(presets.size() >= 3);
    QTest::keyClick(&window, Qt::Key_3);
    QCOMPARE(controller->parameters().values(), presets[2].parameters.values());
    QTest::keyClick(&window, Qt::Key_1);
    QCOMPARE(controller->parameters().values(), presets[0].parameters.values());
}

void TestMainWindow::geometryAndChapterAreRemembered()
{
    QSettings().clear();
    QRect saved;
    {
        MainWindow window;
        window.setPersistent(true);
        QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
        window.setGeometry(40, 50, 1111, 777);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();  // closeEvent writes the settings
        saved = window.geometry();
    }
    QCOMPARE(QSettings().value(QStringLiteral("window/chapter")).toString(), QStringLiteral("foundations"));
    MainWindow restored;
    restored.restoreState();
    QCOMPARE(restored.size(), saved.size());
    QCOMPARE(restored.currentChapter()->id(), QStringLiteral("foundations"));
    QSettings().clear();
    // A window that is not persistent (headless runs, tests) writes nothing.
    {
        MainWindow window;
        window.setPersistent(false);
        window.show();
        window.close();
    }
    QVERIFY(QSettings().allKeys().isEmpty());
}

void TestMainWindow::presentationMode()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto* trace = window.currentPanel()->figureWidget()->findChild<QChartView*>(QStringLiteral("tracePlot"));
    QVERIFY(trace);
    auto* line = qobject_cast<QLineSeries*>(trace->chart()->series().at(1));
    QVERIFY(line);
    const double titleSize = trace->chart()->titleFont().pointSizeF();
    const double lineWidth = line->pen().widthF();
    const double appFont = QApplication::font().pointSizeF();
    const bool textShown = window.currentChapter()->isTextShown();

    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.presentationMode());
    QVERIFY(window.presentationAction()->isChecked());
    QVERIFY(window.windowState() & Qt::WindowFullScreen);
    window.resize(1280, 800);  // the offscreen screen is smaller than a projector's
    QApplication::processEvents();
    // Body text of at least 20 px; plot type and lines grow by the same factor as the body text.
    QVERIFY2(QFontInfo(QApplication::font()).pixelSize() >= 20,
             qPrintable(QString::number(QFontInfo(QApplication::font()).pixelSize())));
    const double scale = window.typeScale();
    QVERIFY(scale > 1.5);
    QVERIFY(std::abs(QApplication::font().pointSizeF() - appFont * scale) < 0.01);
    const double plotScale = neuroai::widgets::PlotStyle::presentationScale();
    QVERIFY(plotScale > 1.0);
    QVERIFY(std::abs(trace->chart()->titleFont().pointSizeF() - plotScale * titleSize) < 0.01);
    QVERIFY(std::abs(line->pen().widthF() - plotScale * lineWidth) < 1e-9);
    QCOMPARE(line->pen().color(), QColor(0, 114, 178));  // restyling keeps the colour-blind-safe palette
    QVERIFY(!window.navigator()->isVisible());               // the experiment gets the screen
    QVERIFY(!window.currentChapter()->textBrowser()->isVisible());
    QVERIFY(!window.menuBar()->isVisible());
    window.resize(1920, 1080);  // a larger projector: larger type
    QApplication::processEvents();
    QVERIFY(window.typeScale() > scale);

    QTest::keyClick(&window, Qt::Key_Escape);
    QVERIFY(!window.presentationMode());
    QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
    window.resize(1280, 800);
    QApplication::processEvents();
    QCOMPARE(window.typeScale(), 1.0);
    QCOMPARE(QApplication::font().pointSizeF(), appFont);
    QCOMPARE(trace->chart()->titleFont().pointSizeF(), titleSize);
    QCOMPARE(line->pen().widthF(), lineWidth);
    QVERIFY(window.navigator()->isVisible());
    QVERIFY(window.menuBar()->isVisible());
    QCOMPARE(window.currentChapter()->isTextShown(), textShown);
}

// A large window scales its type (and the side columns with it); the chapter text column stays a reading measure
// wide enough for its formulas and is folded away only when the experiment would be squeezed.
void TestMainWindow::largeWindowScalesType()
{
    int normalPx = 0;
    {  // the type scale is application-wide: one window at a time, as in the app
        MainWindow window;
        window.setPersistent(false);
        QVERIFY(window.showChapter(QStringLiteral("foundations")));
        window.resize(1280, 800);
        window.show();
        QApplication::processEvents();
        QCOMPARE(window.typeScale(), 1.0);
        normalPx = QFontInfo(QApplication::font()).pixelSize();
        auto* chapter = window.currentChapter();
        QVERIFY(!chapter->isTextShown());  // 1280 px: the experiment needs the width; the toggle brings the text back
        QVERIFY(chapter->textToggle()->isVisible());
        chapter->textToggle()->click();
        QVERIFY(chapter->isTextShown());
        chapter->textToggle()->click();
        QVERIFY(!chapter->isTextShown());
    }

    MainWindow large;
    large.setPersistent(false);
    QVERIFY(large.showChapter(QStringLiteral("foundations")));
    large.resize(2560, 1600);
    large.show();
    QApplication::processEvents();
    QVERIFY(large.typeScale() >= 1.25);
    QVERIFY(QFontInfo(QApplication::font()).pixelSize() > normalPx);
    auto* text = large.currentChapter()->textBrowser();
    QVERIFY(large.currentChapter()->isTextShown());
    QVERIFY2(text->width() >= 500, qPrintable(QString::number(text->width())));
    // No formula wraps: the widest formula line fits in the text's viewport.
    const QFontMetrics metrics(text->font());
    QVERIFY(metrics.horizontalAdvance(QStringLiteral("f = 1 / ( t_ref + τm · ln[(V∞ − V_reset)/(V∞ − V_th)] ).")) <
            text->viewport()->width());
    QVERIFY(text->document()->toRawText().contains(QString(QStringLiteral("τm · dV/dt")).replace(QLatin1Char(' '), QChar(0x00A0))));
    // The controls column grew with the type.
    auto* controls = large.currentPanel()->findChild<QWidget*>(QStringLiteral("controlsColumn"));
    QVERIFY(controls);
    QVERIFY2(controls->width() > 380, qPrintable(QString::number(controls->width())));
    large.close();
}

void TestMainWindow::exports()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));  // chapter 1 (intro) has no running simulation
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.currentPanel()->runHeadless(200, 20000));

    const QString png = m_dir.filePath(QStringLiteral("figure.png"));
    QString error = window.exportFigure(png, 1.0, QSizeF());  // no figure size: the on-screen size
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), window.currentPanel()->figureWidget()->size());
    // The default: a 180 × 135 mm figure, whatever the window's size, and the window's layout is given back.
    const QSize onScreen = window.currentPanel()->figureWidget()->size();
    const QString figurePng = m_dir.filePath(QStringLiteral("figure-180mm.png"));
    error = window.exportFigure(figurePng, 2.0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QImage figure(figurePng);
    QVERIFY2(std::abs(figure.width() * 3.0 / (figure.height() * 4.0) - 1.0) < 0.01,
             qPrintable(QStringLiteral("%1x%2 is not 4:3").arg(figure.width()).arg(figure.height())));
    QVERIFY(std::abs(figure.width() / (figure.dotsPerMeterX() / 1000.0) - 180.0) < 1.0);  // prints 180 mm wide
    QVERIFY(std::abs(figure.height() / (figure.dotsPerMeterY() / 1000.0) - 135.0) < 1.0);
    QCOMPARE(window.currentPanel()->figureWidget()->size(), onScreen);
    QVERIFY(image.text(QStringLiteral("Description")).contains(QStringLiteral("i_ext=")));

    const QString svg = m_dir.filePath(QStringLiteral("figure.svg"));
    error = window.exportFigure(svg, 2.0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(readAll(svg).contains("<svg"));

    const QString pdf = m_dir.filePath(QStringLiteral("figure.pdf"));
    error = window.exportFigure(pdf, 2.0);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(readAll(pdf).startsWith("%PDF-"));

    const QString csv = m_dir.filePath(QStringLiteral("data.csv"));
    error = window.exportData(csv);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList lines = QString::fromUtf8(readAll(csv)).split(QLatin1Char('\n'));
    QVERIFY(lines.contains(QStringLiteral("series,x,y")));
    QVERIFY(lines.first().startsWith(QLatin1Char('#')));
    int traceRows = 0;
    for (const QString& line : lines)
        if (line.startsWith(QStringLiteral("V,")))
            ++traceRows;
    QVERIFY2(traceRows >= 1990, qPrintable(QString::number(traceRows)));  // 200 ms at 0.1 ms

    const QString bad = m_dir.filePath(QStringLiteral("figure.bmp"));
    QVERIFY(!window.exportFigure(bad, 1.0).isEmpty());
    QVERIFY(!QFile::exists(bad));
}

// Regression, issue 8: "Diverged runs export NaN. When the simulation diverges, the GUI still writes the CSV full of
// `nan` and exits 0 (`neuroai-sim` correctly refuses). Headless exports of a diverged run (`--export`,
// `--export-data`, `--screenshot`) must exit 1 with the divergence message."
void TestMainWindow::divergedRunsExportedNaN()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));
    SimulationController* controller = controllerOf(window);
    QVERIFY(controller);
    controller->replaceModel(std::make_unique<DivergingLif>());
    QSignalSpy errors(controller, &SimulationController::simulationError);
    GuiOptions options;
    options.runMs = 100;
    options.exportPaths = {m_dir.filePath(QStringLiteral("diverged.svg"))};
    options.exportDataPath = m_dir.filePath(QStringLiteral("diverged.csv"));
    options.screenshotPath = m_dir.filePath(QStringLiteral("diverged.png"));
    QCOMPARE(neuroai::app::runHeadless(window, options), 1);
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().first().toString().contains(QStringLiteral("diverged at t = 20.")),
             qPrintable(errors.first().first().toString()));
    for (const QString& path : {options.exportPaths.value(0), options.exportDataPath, options.screenshotPath})
        QVERIFY2(!QFile::exists(path), qPrintable(path));

    // The same window exports normally once the model behaves.
    controller->replaceModel(neuroai::createModel("lif"));
    QCOMPARE(neuroai::app::runHeadless(window, options), 0);
    QVERIFY(!readAll(options.exportDataPath).contains("nan"));
}

// Regression, issue 8: "Memory leak under a key storm ... reset alone leaks ~3 KB per press (0.4 MB per 136 resets,
// no simulated time)". Each press re-created the Run action's icon; every new QIcon has a new cache key, so each
// toolbar repaint added its pixmaps to QPixmapCache again. 500 presses of Reset, each followed by a toolbar
// repaint, must grow the heap by less than 100 KB (it was ~1.6 MB). (Run/Pause is not measured here: a running
// simulation legitimately fills the runner's window history, a bounded sawtooth of about 1.5 MB.)
void TestMainWindow::resetLeakedUnderAKeyStorm()
{
    MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showChapter(QStringLiteral("foundations")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("simulationToolbar"));
    QVERIFY(toolbar);
    auto press = [&](QAction* action) {
        action->trigger();
        QCoreApplication::processEvents();
        toolbar->repaint();
    };
    for (int i = 0; i < 50; ++i)  // warm-up: caches reach their working size
        press(window.resetAction());
    const std::size_t before = mallinfo2().uordblks;
    for (int i = 0; i < 500; ++i)
        press(window.resetAction());
    const long growth = long(mallinfo2().uordblks) - long(before);
    QVERIFY2(growth < 100 * 1024, qPrintable(QStringLiteral("heap grew by %1 bytes over 500 resets").arg(growth)));
}

void TestMainWindow::parseGoodOptions()
{
    GuiOptions options;
    bool help = true, version = true;
    const QString error = neuroai::app::parseGuiOptions(
        {QStringLiteral("--chapter"), QStringLiteral("foundations"), QStringLiteral("--preset"),
         QStringLiteral("refractory"), QStringLiteral("--set"), QStringLiteral("i_ext=2"), QStringLiteral("--set"),
         QStringLiteral("t_ref=1.5"), QStringLiteral("--run-ms"), QStringLiteral("500"), QStringLiteral("--size"),
         QStringLiteral("1280x800"), QStringLiteral("--scale"), QStringLiteral("1.5"), QStringLiteral("--seed"),
         QStringLiteral("42"), QStringLiteral("--export"), QStringLiteral("out/fig.pdf"),
         QStringLiteral("--export-data"), QStringLiteral("out/data.csv"), QStringLiteral("--screenshot"),
         QStringLiteral("out/shot.png")},
        options, help, version);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!help);
    QVERIFY(!version);
    QCOMPARE(options.chapter, QStringLiteral("foundations"));
    QCOMPARE(options.preset, QStringLiteral("refractory"));
    QCOMPARE(options.assignments, (QStringList{QStringLiteral("i_ext=2"), QStringLiteral("t_ref=1.5")}));
    QVERIFY(options.runMs.has_value());
    QCOMPARE(*options.runMs, 500.0);
    QVERIFY(options.size.has_value());
    QCOMPARE(*options.size, QSize(1280, 800));
    QCOMPARE(options.scale, 1.5);
    QCOMPARE(options.seed, quint64(42));
    QCOMPARE(options.exportPaths, QStringList{QStringLiteral("out/fig.pdf")});
    QCOMPARE(options.exportDataPath, QStringLiteral("out/data.csv"));
    QCOMPARE(options.screenshotPath, QStringLiteral("out/shot.png"));
    QVERIFY(options.headless());

    GuiOptions defaults;
    QVERIFY(neuroai::app::parseGuiOptions({}, defaults, help, version).isEmpty());
    QVERIFY(!defaults.headless());
    QVERIFY(!defaults.runMs);
    QVERIFY(!defaults.size);
    QCOMPARE(defaults.scale, 2.0);
    QCOMPARE(defaults.seed, quint64(1));
    // The equals form works as well.
    GuiOptions equals;
    QVERIFY(neuroai::app::parseGuiOptions({QStringLiteral("--size=640x480"), QStringLiteral("--export=a.PNG")}, equals,
                                          help, version)
                .isEmpty());
    QCOMPARE(*equals.size, QSize(640, 480));
}

void TestMainWindow::parseHelpAndVersion()
{
    GuiOptions options;
    bool help = false, version = false;
    QVERIFY(neuroai::app::parseGuiOptions({QStringLiteral("--help")}, options, help, version).isEmpty());
    QVERIFY(help);
    QVERIFY(!version);
    help = false;
    QVERIFY(neuroai::app::parseGuiOptions({QStringLiteral("--version")}, options, help, version).isEmpty());
    QVERIFY(version);
    QVERIFY(neuroai::app::guiUsage().contains(QStringLiteral("--screenshot")));
}

void TestMainWindow::parseBadOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("size 12x") << QStringList{QStringLiteral("--size"), QStringLiteral("12x")} << QStringLiteral("--size");
    QTest::newRow("size tiny") << QStringList{QStringLiteral("--size"), QStringLiteral("20x20")} << QStringLiteral("--size");
    QTest::newRow("size words") << QStringList{QStringLiteral("--size=wide")} << QStringLiteral("--size");
    QTest::newRow("run-ms negative") << QStringList{QStringLiteral("--run-ms"), QStringLiteral("-5")} << QStringLiteral("--run-ms");
    QTest::newRow("run-ms zero") << QStringList{QStringLiteral("--run-ms=0")} << QStringLiteral("--run-ms");
    QTest::newRow("run-ms nan") << QStringList{QStringLiteral("--run-ms=nan")} << QStringLiteral("--run-ms");
    QTest::newRow("scale abc") << QStringList{QStringLiteral("--scale"), QStringLiteral("abc")} << QStringLiteral("--scale");
    QTest::newRow("scale 100") << QStringList{QStringLiteral("--scale"), QStringLiteral("100")} << QStringLiteral("--scale");
    QTest::newRow("export bmp") << QStringList{QStringLiteral("--export"), QStringLiteral("x.bmp")} << QStringLiteral("--export");
    QTest::newRow("screenshot jpg") << QStringList{QStringLiteral("--screenshot"), QStringLiteral("x.jpg")} << QStringLiteral("--screenshot");
    QTest::newRow("export-data txt") << QStringList{QStringLiteral("--export-data"), QStringLiteral("x.txt")} << QStringLiteral("--export-data");
    QTest::newRow("seed negative") << QStringList{QStringLiteral("--seed=-3")} << QStringLiteral("--seed");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << QStringLiteral("frobnicate");
    QTest::newRow("missing value") << QStringList{QStringLiteral("--chapter")} << QStringLiteral("chapter");
    QTest::newRow("positional") << QStringList{QStringLiteral("foundations")} << QStringLiteral("foundations");
}

void TestMainWindow::parseBadOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const QString error = parseError(arguments);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(mentions), qPrintable(error));
    QVERIFY2(!error.trimmed().contains(QLatin1Char('\n')), qPrintable(error));
}

void TestMainWindow::applyGoodOptions()
{
    GuiOptions options;
    bool help = false, version = false;
    QVERIFY(neuroai::app::parseGuiOptions({QStringLiteral("--chapter=foundations"), QStringLiteral("--preset=refractory"),
                                           QStringLiteral("--set=t_ref=2"), QStringLiteral("--seed=7"),
                                           QStringLiteral("--size=1024x700")},
                                          options, help, version)
                .isEmpty());
    MainWindow window;
    window.setPersistent(false);
    const QString error = neuroai::app::applyGuiOptions(window, options);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(window.size(), QSize(1024, 700));
    SimulationController* controller = controllerOf(window);
    QVERIFY(controller);
    QCOMPARE(controller->parameters()["i_ext"], 4.0);  // from the preset
    QCOMPARE(controller->parameters()["t_ref"], 2.0);  // --set after the preset wins
    QCOMPARE(controller->seed(), quint64(7));
    QCOMPARE(controller->runner().seed(), quint64(7));
}

void TestMainWindow::applyBadOptions_data()
{
    QTest::addColumn<QString>("chapter");
    QTest::addColumn<QString>("preset");
    QTest::addColumn<QStringList>("assignments");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("unknown chapter") << QStringLiteral("nope") << QString() << QStringList{}
                                     << QStringList{QStringLiteral("nope"), QStringLiteral("foundations")};
    QTest::newRow("unknown preset") << QStringLiteral("foundations") << QStringLiteral("nope") << QStringList{}
                                    << QStringList{QStringLiteral("nope"), QStringLiteral("refractory")};
    QTest::newRow("unknown key") << QStringLiteral("foundations") << QString() << QStringList{QStringLiteral("foo=1")}
                                 << QStringList{QStringLiteral("'foo'")};
    QTest::newRow("not a number") << QStringLiteral("foundations") << QString() << QStringList{QStringLiteral("i_ext=abc")}
                                  << QStringList{QStringLiteral("i_ext"), QStringLiteral("abc")};
    QTest::newRow("non-finite") << QStringLiteral("foundations") << QString() << QStringList{QStringLiteral("i_ext=inf")}
                                << QStringList{QStringLiteral("i_ext"), QStringLiteral("inf")};
    QTest::newRow("out of range") << QStringLiteral("foundations") << QString() << QStringList{QStringLiteral("i_ext=99")}
                                  << QStringList{QStringLiteral("i_ext"), QStringLiteral("99"), QStringLiteral("[-2, 10]")};
    QTest::newRow("no equals") << QStringLiteral("foundations") << QString() << QStringList{QStringLiteral("i_ext")}
                               << QStringList{QStringLiteral("i_ext"), QStringLiteral("KEY=VALUE")};
    QTest::newRow("constraint") << QStringLiteral("foundations") << QString() << QStringList{QStringLiteral("v_reset=-40")}
                                << QStringList{QStringLiteral("v_reset")};
}

void TestMainWindow::applyBadOptions()
{
    QFETCH(QString, chapter);
    QFETCH(QString, preset);
    QFETCH(QStringList, assignments);
    QFETCH(QStringList, mentions);
    GuiOptions options;
    options.chapter = chapter;
    options.preset = preset;
    options.assignments = assignments;
    const QString error = applyError(options);
    QVERIFY(!error.isEmpty());
    for (const QString& mention : mentions)
        QVERIFY2(error.contains(mention), qPrintable(QStringLiteral("'%1' does not mention '%2'").arg(error, mention)));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
