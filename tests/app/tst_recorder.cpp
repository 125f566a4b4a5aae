// The animated export in-process: the GIF encoder's colours (exact up to 256 colours, white and frequent colours
// exact beyond), a recording "until stopped" that gives the figure its size back, and File → Record animation…
// driven through its dialog to a finished GIF.

#include "app/gui/MainWindow.h"
#include "app/gui/Recorder.h"
#include "chapters/framework/ExperimentPanel.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gif_lib.h>

#include <cmath>

using namespace neuroai;

namespace {

// Decodes a GIF file into composed RGB frames (every frame here uses disposal "do not dispose").
QList<QImage> composeGif(const QString& path, QString* error)
{
    QList<QImage> frames;
    int code = 0;
    GifFileType* gif = DGifOpenFileName(QFile::encodeName(path).constData(), &code);
    if (!gif) {
        *error = QString::fromLatin1(GifErrorString(code));
        return frames;
    }
    if (DGifSlurp(gif) == GIF_ERROR) {
        *error = QString::fromLatin1(GifErrorString(gif->Error));
        DGifCloseFile(gif, &code);
        return frames;
    }
    QImage canvas(gif->SWidth, gif->SHeight, QImage::Format_RGB32);
    canvas.fill(Qt::black);
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage& image = gif->SavedImages[i];
        const ColorMapObject* map = image.ImageDesc.ColorMap ? image.ImageDesc.ColorMap : gif->SColorMap;
        for (int y = 0; y < image.ImageDesc.Height; ++y)
            for (int x = 0; x < image.ImageDesc.Width; ++x) {
                const GifColorType c = map->Colors[image.RasterBits[y * image.ImageDesc.Width + x]];
                canvas.setPixel(image.ImageDesc.Left + x, image.ImageDesc.Top + y, qRgb(c.Red, c.Green, c.Blue));
            }
        frames << canvas.copy();
    }
    DGifCloseFile(gif, &code);
    return frames;
}

QString encode(const QList<QImage>& images, const QString& path)
{
    app::GifEncoder encoder(images.first().size(), 10);
    for (const QImage& image : images)
        if (const QString error = encoder.addFrame(image); !error.isEmpty())
            return error;
    QByteArray bytes;
    if (const QString error = encoder.finish(bytes); !error.isEmpty())
        return error;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return QStringLiteral("cannot write the test file");
    return {};
}

}  // namespace

class TestRecorder : public QObject {
    Q_OBJECT
private slots:
    void fewColoursAreExact();
    void manyColoursKeepWhiteAndStayClose();
    void frameOfWrongSizeIsRefused();
    void untilStoppedRestoresTheFigure();
    void recordFromTheMenu();
    void stopEndsAnOpenRecording();
};

void TestRecorder::fewColoursAreExact()
{
    QTemporaryDir dir;
    QList<QImage> images;
    for (int f = 0; f < 3; ++f) {
        QImage image(120, 80, QImage::Format_RGB32);
        image.fill(Qt::white);
        for (int x = 0; x < 40 * (f + 1); ++x)
            for (int y = 30; y < 34; ++y)
                image.setPixel(x, y, qRgb(31, 119, 180));  // a line in the plots' blue, growing frame by frame
        image.setPixel(100, 70, qRgb(214, 39, 40));
        images << image;
    }
    const QString path = dir.filePath(QStringLiteral("few.gif"));
    QVERIFY2(encode(images, path).isEmpty(), "encode");
    QString error;
    const QList<QImage> frames = composeGif(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(frames.size(), 3);
    for (int f = 0; f < 3; ++f)
        QCOMPARE(frames[f], images[f]);
}

void TestRecorder::manyColoursKeepWhiteAndStayClose()
{
    QTemporaryDir dir;
    // White background, a thick blue line and a smooth ramp of 2 000 antialiasing-like shades.
    QImage image(200, 200, QImage::Format_RGB32);
    image.fill(Qt::white);
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 20; ++x) {
            const int i = y * 20 + x;
            image.setPixel(x, y, qRgb(255 - i % 256, 255 - (i / 8) % 256, 200 + (i / 64) % 56));
        }
    for (int y = 150; y < 160; ++y)
        for (int x = 0; x < 200; ++x)
            image.setPixel(x, y, qRgb(31, 119, 180));
    const QString path = dir.filePath(QStringLiteral("many.gif"));
    QVERIFY2(encode({image}, path).isEmpty(), "encode");
    QString error;
    const QList<QImage> frames = composeGif(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(frames.size(), 1);
    const QImage& out = frames.first();
    QCOMPARE(out.pixel(150, 50), qRgb(255, 255, 255));  // background exact
    QCOMPARE(out.pixel(100, 155), qRgb(31, 119, 180));  // line colour exact
    double worst = 0, sum = 0;
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 20; ++x) {
            const QRgb a = image.pixel(x, y), b = out.pixel(x, y);
            const double d = std::sqrt(double((qRed(a) - qRed(b)) * (qRed(a) - qRed(b)) +
                                              (qGreen(a) - qGreen(b)) * (qGreen(a) - qGreen(b)) +
                                              (qBlue(a) - qBlue(b)) * (qBlue(a) - qBlue(b))));
            worst = std::max(worst, d);
            sum += d;
        }
    QVERIFY2(sum / 2000 < 12, qPrintable(QString::number(sum / 2000)));  // mean error of the ramp, in RGB units
    QVERIFY2(worst < 60, qPrintable(QString::number(worst)));
}

void TestRecorder::frameOfWrongSizeIsRefused()
{
    app::GifEncoder encoder(QSize(100, 50), 10);
    QImage image(100, 60, QImage::Format_RGB32);
    image.fill(Qt::white);
    const QString error = encoder.addFrame(image);
    QVERIFY(error.contains(QStringLiteral("100x60")));
    QCOMPARE(encoder.frameCount(), 0);
}

void TestRecorder::untilStoppedRestoresTheFigure()
{
    QTemporaryDir dir;
    app::MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    chapters::ExperimentPanel* panel = window.currentPanel();
    QWidget* figure = panel->figureWidget();
    const QSize minimum = figure->minimumSize(), maximum = figure->maximumSize();
    app::RecordSettings settings;
    settings.path = dir.filePath(QStringLiteral("open.gif"));
    settings.fps = 25;  // 40 ms of simulated time per frame
    settings.frameSize = QSize(500, 320);
    {
        app::Recorder recorder(panel, settings);
        QVERIFY2(recorder.begin().isEmpty(), "begin");
        QCOMPARE(figure->size(), QSize(500, 320));
        QCOMPARE(recorder.plannedFrames(), -1);
        for (int i = 0; i < 4; ++i)
            QVERIFY(recorder.recordFrame().isEmpty());
        QVERIFY(!recorder.complete());
        QCOMPARE(recorder.simulatedMs(), 160.0);
        QVERIFY(recorder.finish().isEmpty());
        QCOMPARE(recorder.writtenFiles(), QStringList{settings.path});
    }
    QCOMPARE(figure->minimumSize(), minimum);
    QCOMPARE(figure->maximumSize(), maximum);
    QString error;
    const QList<QImage> frames = composeGif(settings.path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(frames.size(), 4);
    QCOMPARE(frames.first().size(), QSize(500, 320));
    QVERIFY(frames.first() != frames.last());
}

void TestRecorder::recordFromTheMenu()
{
    QTemporaryDir dir;
    app::MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/lif-lab")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* action = window.findChild<QAction*>(QStringLiteral("actionRecordAnimation"));
    QVERIFY(action);
    const QString path = dir.filePath(QStringLiteral("menu.gif"));
    bool filled = false;
    QTimer::singleShot(200, this, [&] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->findChild<QLineEdit*>(QStringLiteral("recordPath"))->setText(path);
        dialog->findChild<QDoubleSpinBox*>(QStringLiteral("recordFps"))->setValue(10);
        dialog->findChild<QDoubleSpinBox*>(QStringLiteral("recordDuration"))->setValue(500);
        if (qEnvironmentVariableIsSet("NEUROAI_RECORD_DIALOG_SHOT"))
            dialog->grab().save(qEnvironmentVariable("NEUROAI_RECORD_DIALOG_SHOT"));
        filled = true;
        dialog->accept();
    });
    // Progress is shown in the status bar, with the Stop button beside it.
    bool progressShown = false;
    connect(window.statusBar(), &QStatusBar::messageChanged, this, [&](const QString& message) {
        if (!message.startsWith(QStringLiteral("Recording: frame 2 of 5")))
            return;
        progressShown = window.findChild<QPushButton*>(QStringLiteral("stopRecording")) != nullptr;
        if (qEnvironmentVariableIsSet("NEUROAI_RECORD_WINDOW_SHOT"))
            window.grab().save(qEnvironmentVariable("NEUROAI_RECORD_WINDOW_SHOT"));
    });
    action->trigger();
    QVERIFY(filled);
    // The recording runs from the event loop, with a Stop button in the status bar until it ends.
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith(QStringLiteral("Recorded 5 frames")), 30000);
    QVERIFY(!window.findChild<QPushButton*>(QStringLiteral("stopRecording")));
    QString error;
    const QList<QImage> frames = composeGif(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(frames.size(), 5);
    QVERIFY(progressShown);
}

void TestRecorder::stopEndsAnOpenRecording()
{
    QTemporaryDir dir;
    app::MainWindow window;
    window.setPersistent(false);
    QVERIFY(window.showPanel(QStringLiteral("foundations/firing-patterns")));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString path = dir.filePath(QStringLiteral("open.gif"));
    QTimer::singleShot(200, this, [&] {
        auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        dialog->findChild<QLineEdit*>(QStringLiteral("recordPath"))->setText(path);
        for (QRadioButton* button : dialog->findChildren<QRadioButton*>())
            if (button->text().contains(QStringLiteral("Stop")))
                button->setChecked(true);
        dialog->accept();
    });
    window.findChild<QAction*>(QStringLiteral("actionRecordAnimation"))->trigger();
    // Press Stop once frame 3 is on its way.
    connect(window.statusBar(), &QStatusBar::messageChanged, this, [&](const QString& message) {
        if (message.startsWith(QStringLiteral("Recording: frame 3 ")))
            if (auto* stop = window.findChild<QPushButton*>(QStringLiteral("stopRecording")))
                stop->click();
    });
    QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith(QStringLiteral("Recorded 3 frames")), 30000);
    QString error;
    QCOMPARE(composeGif(path, &error).size(), 3);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QTEST_MAIN(TestRecorder)
#include "tst_recorder.moc"
