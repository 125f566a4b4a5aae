// Screenshot smoke test of every chapter in the registry, every panel, at 1280×800 and 2560×1600: the page builds,
// runs headless, renders something that is not blank, every chart axis is titled with a unit, and the window's
// minimum size fits the smallest supported screen. The PNGs are kept in the build folder for a look by eye.

#include "app/gui/MainWindow.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"

#include <QChartView>
#include <QDir>
#include <QStandardPaths>
#include <QValueAxis>
#include <QtTest>

#include <set>

using namespace neuroai;

class TestChapterSmoke : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyChapterRenders_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QSize>("size");
        for (const chapters::ChapterInfo& info : chapters::chapterRegistry()) {
            QTest::addRow("%s@1280x800", info.id) << QString::fromLatin1(info.id) << QSize(1280, 800);
            QTest::addRow("%s@2560x1600", info.id) << QString::fromLatin1(info.id) << QSize(2560, 1600);
        }
    }

    void everyChapterRenders()
    {
        QFETCH(QString, id);
        QFETCH(QSize, size);
        app::MainWindow window;
        window.setPersistent(false);
        window.resize(size);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.showChapter(id));
        chapters::Chapter* chapter = window.currentChapter();
        QVERIFY(chapter);
        QVERIFY2(chapter->buildError().isEmpty(), qPrintable(chapter->buildError()));
        QVERIFY(!chapter->panels().isEmpty());
        QVERIFY2(window.minimumSizeHint().width() <= 1280 && window.minimumSizeHint().height() <= 800,
                 "the window cannot shrink to 1280x800");

        for (int index = 0; index < chapter->panels().size(); ++index) {
            chapter->setCurrentPanel(index);
            chapters::ExperimentPanel* panel = chapter->currentPanel();
            QVERIFY(panel->runHeadless(300));
            QTest::qWait(50);

            const QImage shot = window.grab().toImage();
            QCOMPARE(shot.size(), size * shot.devicePixelRatio());
            std::set<QRgb> colours;
            for (int y = 0; y < shot.height(); y += 7)
                for (int x = 0; x < shot.width(); x += 7)
                    colours.insert(shot.pixel(x, y));
            QVERIFY2(colours.size() > 40, "the page looks blank");

            const auto charts = panel->figureWidget()->findChildren<QChartView*>();
            QVERIFY2(!charts.isEmpty(), "a panel figure without plots");
            for (QChartView* view : charts) {
                if (view->isHidden())
                    continue;  // hidden by its panel for this model (e.g. the gating plot of a 2-D model)
                QVERIFY(view->isVisible());
                QVERIFY(view->width() > 200 && view->height() > 120);
                for (QAbstractAxis* axis : view->chart()->axes()) {
                    const QString title = axis->titleText();
                    QVERIFY2(title.contains(QLatin1Char('(')) && title.endsWith(QLatin1Char(')')),
                             qPrintable(QStringLiteral("axis title without a unit: '%1'").arg(title)));
                }
            }
            const QString folder = QDir::current().filePath(QStringLiteral("screenshots"));
            QDir().mkpath(folder);
            QVERIFY(shot.save(QStringLiteral("%1/%2-%3-%4x%5.png").arg(folder, id).arg(index).arg(size.width()).arg(size.height())));
        }
    }
};

QTEST_MAIN(TestChapterSmoke)
#include "tst_chaptersmoke.moc"
