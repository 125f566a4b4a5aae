// The classroom extras through the main window: the toolbar's "Pin run" and "Clear pins", pinned traces in
// File → Export data and in exported figures, and a "Try this" link that asks for a prediction before its run.
// With NEUROAI_SHOT_DIR set, the window is also saved as PNGs at 1280×800 and 2560×1600 for a look.

#include "app/gui/MainWindow.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/SimulationController.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolBar>
#include <QToolButton>
#include <QUrl>

#include <limits>

using neuroai::app::MainWindow;
using neuroai::chapters::Exercise;

namespace {

void shoot(MainWindow& window, const QString& name)
{
    const QString dir = qEnvironmentVariable("NEUROAI_SHOT_DIR");
    if (dir.isEmpty())
        return;
    for (const QSize size : {QSize(1280, 800), QSize(2560, 1600)}) {
        window.resize(size);
        QTest::qWait(150);
        window.grab().save(QStringLiteral("%1/%2-%3x%4.png").arg(dir, name).arg(size.width()).arg(size.height()));
    }
    // Presentation mode as projected: 1920×1080 and 1280×800.
    window.presentationAction()->setChecked(true);
    for (const QSize size : {QSize(1920, 1080), QSize(1280, 800)}) {
        window.setFixedSize(size);
        QTest::qWait(150);
        window.grab().save(
            QStringLiteral("%1/%2-present-%3x%4.png").arg(dir, name).arg(size.width()).arg(size.height()));
    }
    window.presentationAction()->setChecked(false);
    window.setMinimumSize(0, 0);
    window.setMaximumSize(QWIDGETSIZE_MAX, QWIDGETSIZE_MAX);
    window.resize(1280, 800);
    QTest::qWait(50);
}

}  // namespace

class TestClassroomWindow : public QObject {
    Q_OBJECT
private slots:
    void pinFromTheToolbarAndExport();
    void tryThisAsksBeforeRunning();
};

void TestClassroomWindow::pinFromTheToolbarAndExport()
{
    MainWindow window;
    window.setPersistent(false);
    window.resize(1280, 800);
    window.show();
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    auto* panel = window.currentPanel();
    QVERIFY(panel);
    auto* pin = window.findChild<QAction*>(QStringLiteral("actionPin"));
    auto* clear = window.findChild<QAction*>(QStringLiteral("actionClearPins"));
    QVERIFY(pin && clear);
    // Both are on the toolbar, with their full text at 1280 px (not hidden behind the toolbar's overflow button).
    auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("simulationToolbar"));
    QVERIFY(toolbar);
    for (QAction* action : {pin, clear}) {
        auto* button = qobject_cast<QToolButton*>(toolbar->widgetForAction(action));
        QVERIFY2(button && button->isVisible(), qPrintable(action->text()));
    }

    QVERIFY(panel->runHeadless(600, 20000));
    pin->trigger();
    QCOMPARE(panel->pins().count(), 1);
    QCOMPARE(panel->setParameter(QStringLiteral("i_ext"), 2.5), QString());
    QVERIFY(panel->runHeadless(600, 20000));
    QCOMPARE(panel->pins().labels(), QStringList{QStringLiteral("pinned: I=1.8 nA")});
    shoot(window, QStringLiteral("pinned"));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csvPath = dir.filePath(QStringLiteral("data.csv"));
    QCOMPARE(window.exportData(csvPath), QString());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray data = csv.readAll();
    QVERIFY(data.contains("pinned: I=1.8 nA · V"));
    for (const char* format : {"pdf", "svg", "png"})
        QCOMPARE(window.exportFigure(dir.filePath(QStringLiteral("figure.") + QLatin1String(format)), 1.0), QString());
    if (const QString shots = qEnvironmentVariable("NEUROAI_SHOT_DIR"); !shots.isEmpty())
        for (const char* format : {"pdf", "svg", "png"}) {
            QFile::remove(shots + QStringLiteral("/pinned-figure.") + QLatin1String(format));
            QFile::copy(dir.filePath(QStringLiteral("figure.") + QLatin1String(format)),
                        shots + QStringLiteral("/pinned-figure.") + QLatin1String(format));
        }
    QFile svg(dir.filePath(QStringLiteral("figure.svg")));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("pinned: I=1.8 nA"));

    clear->trigger();
    QCOMPARE(panel->pins().count(), 0);
    QCOMPARE(window.exportData(csvPath), QString());
    QVERIFY(csv.seek(0));
    QFile again(csvPath);
    QVERIFY(again.open(QIODevice::ReadOnly));
    QVERIFY(!again.readAll().contains("pinned"));
}

void TestClassroomWindow::tryThisAsksBeforeRunning()
{
    MainWindow window;
    window.setPersistent(false);
    window.resize(1280, 800);
    window.show();
    QVERIFY(window.showChapter(QStringLiteral("foundations")));
    auto* chapter = window.currentChapter();
    QVERIFY(chapter);
    emit chapter->textBrowser()->anchorClicked(QUrl(QStringLiteral("preset:0/fast-membrane")));
    auto* panel = window.currentPanel();
    QCOMPARE(panel->panelId(), QStringLiteral("foundations/lif-lab"));
    Exercise& exercise = panel->exercise();
    QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
    QVERIFY(exercise.card()->isVisible());
    // The card fits the controls column: its question is wrapped, not cut, and its buttons are inside the card.
    auto* question = exercise.card()->findChild<QLabel*>(QStringLiteral("exerciseQuestion"));
    QVERIFY(question->wordWrap());
    auto* run = exercise.card()->findChild<QPushButton*>(QStringLiteral("exerciseRun"));
    QVERIFY(exercise.card()->rect().contains(QRect(run->mapTo(exercise.card(), QPoint()), run->size())));
    QVERIFY(run->width() >= run->sizeHint().width());
    shoot(window, QStringLiteral("exercise-question"));

    // The toolbar's Run waits for the answer.
    window.runAction()->trigger();
    QVERIFY(!panel->controller()->isRunning());

    panel->controller()->setSpeed(4);
    exercise.card()->findChild<QLineEdit*>(QStringLiteral("exerciseNumber"))->setText(QStringLiteral("60"));
    run->click();
    QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 20000);
    QVERIFY(exercise.verdict().has_value());
    QVERIFY(!exercise.verdict()->correct);  // 60 Hz against ≈ 75.8 Hz: 21 % off, more than the 15 % allowed
    shoot(window, QStringLiteral("exercise-result"));
}

QTEST_MAIN(TestClassroomWindow)
#include "tst_classroomwindow.moc"
