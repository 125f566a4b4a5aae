// neuroai-explorer's animated export (--record) and the command line that works without a display (--help,
// --version, --set model=...). Every run here happens with DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM removed from
// the environment: the app must pick the offscreen platform by itself for headless work and need none for --help.

#include <QByteArray>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <gif_lib.h>

#include <cmath>

#include "ProcessResult.h"

namespace {

using Result = ProcessResult;

Result explorer(const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        environment.remove(QString::fromLatin1(name));
    environment.insert(QStringLiteral("NEUROAI_LOG_LEVEL"), QStringLiteral("warn"));
    environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir().path());
    process.setProcessEnvironment(environment);
    return runToEnd(process, QStringLiteral(NEUROAI_EXPLORER_EXE), arguments, 60000, 120000);
}

struct GifInfo {
    QString error;
    int width = 0, height = 0, frames = 0;
    QList<int> delays;        // 1/100 s, per frame
    int changedFrames = 0;    // frames after the first that store more than one pixel
    bool firstHasWhite = false;
    bool loops = false;
};

GifInfo decodeGif(const QString& path)
{
    GifInfo info;
    int error = 0;
    GifFileType* gif = DGifOpenFileName(QFile::encodeName(path).constData(), &error);
    if (!gif) {
        info.error = QString::fromLatin1(GifErrorString(error));
        return info;
    }
    if (DGifSlurp(gif) == GIF_ERROR) {
        info.error = QString::fromLatin1(GifErrorString(gif->Error));
        DGifCloseFile(gif, &error);
        return info;
    }
    info.width = gif->SWidth;
    info.height = gif->SHeight;
    info.frames = gif->ImageCount;
    for (int i = 0; i < gif->ImageCount; ++i) {
        GraphicsControlBlock control{};
        info.delays << (DGifSavedExtensionToGCB(gif, i, &control) == GIF_OK ? control.DelayTime : -1);
        const SavedImage& image = gif->SavedImages[i];
        if (i > 0 && image.ImageDesc.Width * image.ImageDesc.Height > 1)
            ++info.changedFrames;
        if (i == 0 && image.ImageDesc.ColorMap)
            for (int c = 0; c < image.ImageDesc.ColorMap->ColorCount; ++c) {
                const GifColorType& color = image.ImageDesc.ColorMap->Colors[c];
                info.firstHasWhite |= color.Red == 255 && color.Green == 255 && color.Blue == 255;
            }
        for (int e = 0; e < image.ExtensionBlockCount; ++e)
            if (image.ExtensionBlocks[e].Function == APPLICATION_EXT_FUNC_CODE &&
                QByteArray(reinterpret_cast<const char*>(image.ExtensionBlocks[e].Bytes), image.ExtensionBlocks[e].ByteCount)
                    .startsWith("NETSCAPE2.0"))
                info.loops = true;
    }
    for (int e = 0; e < gif->ExtensionBlockCount; ++e)  // giflib keeps trailing extensions on the file
        if (gif->ExtensionBlocks[e].Function == APPLICATION_EXT_FUNC_CODE)
            info.loops = true;
    DGifCloseFile(gif, &error);
    return info;
}

}  // namespace

class TestRecord : public QObject {
    Q_OBJECT
private slots:
    void gifHasTheFramesItPromises();
    void gifDelayFollowsFps_data();
    void gifDelayFollowsFps();
    void gifIsDeterministic();
    void pngSequenceNextToFile();
    void pngSequenceInFolder();
    void badInputGivesOneLine_data();
    void badInputGivesOneLine();
    void helpAndVersionNeedNoDisplay();
    void helpListsEveryPanelAndPreset();
    void setModelByName();
    void setUnknownModel();
};

void TestRecord::gifHasTheFramesItPromises()
{
    QTemporaryDir dir;
    const QString gif = dir.filePath(QStringLiteral("lif.gif"));
    // 500 ms of simulated time at 20 fps and 1× speed: a frame every 50 ms, 10 frames.
    const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/lif-lab"), QStringLiteral("--record"),
                               gif, QStringLiteral("--fps"), QStringLiteral("20"), QStringLiteral("--run-ms"),
                               QStringLiteral("500"), QStringLiteral("--frame-size"), QStringLiteral("400x300")});
    QVERIFY2(r.finished, "neuroai-explorer did not finish");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const GifInfo info = decodeGif(gif);
    QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
    QCOMPARE(info.width, 400);
    QCOMPARE(info.height, 300);
    QVERIFY2(std::abs(info.frames - 10) <= 1, qPrintable(QString::number(info.frames)));
    for (const int delay : info.delays)
        QCOMPARE(delay, 5);
    QVERIFY(info.firstHasWhite);  // the background is exact, not a near-white average
    QVERIFY(info.loops);
    // The trace grows: most frames change something.
    QVERIFY2(info.changedFrames >= info.frames / 2, qPrintable(QString::number(info.changedFrames)));
    // Qt's own reader agrees on the size of the first frame.
    QImage first(gif);
    QCOMPARE(first.size(), QSize(400, 300));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("lif.gif")});  // no temporary file left
}

void TestRecord::gifDelayFollowsFps_data()
{
    QTest::addColumn<QString>("fps");
    QTest::addColumn<int>("delay");
    QTest::addColumn<int>("frames");
    QTest::newRow("5 fps") << QStringLiteral("5") << 20 << 2;
    QTest::newRow("30 fps rounds to 3/100 s") << QStringLiteral("30") << 3 << 12;
    QTest::newRow("50 fps") << QStringLiteral("50") << 2 << 20;
}

void TestRecord::gifDelayFollowsFps()
{
    QFETCH(QString, fps);
    QFETCH(int, delay);
    QFETCH(int, frames);
    QTemporaryDir dir;
    const QString gif = dir.filePath(QStringLiteral("a.gif"));
    const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/firing-patterns"),
                               QStringLiteral("--record"), gif, QStringLiteral("--fps"), fps, QStringLiteral("--run-ms"),
                               QStringLiteral("400"), QStringLiteral("--frame-size"), QStringLiteral("320x200")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const GifInfo info = decodeGif(gif);
    QVERIFY2(info.error.isEmpty(), qPrintable(info.error));
    QVERIFY2(std::abs(info.frames - frames) <= 1, qPrintable(QString::number(info.frames)));
    QCOMPARE(info.delays.size(), info.frames);
    for (const int d : info.delays)
        QCOMPARE(d, delay);
}

void TestRecord::gifIsDeterministic()
{
    QTemporaryDir dir;
    QByteArray bytes[2];
    for (int i = 0; i < 2; ++i) {
        const QString gif = dir.filePath(QStringLiteral("run%1.gif").arg(i));
        const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/lif-lab"), QStringLiteral("--preset"),
                                   QStringLiteral("noisy-subthreshold"), QStringLiteral("--record"), gif,
                                   QStringLiteral("--run-ms"), QStringLiteral("300"), QStringLiteral("--frame-size"),
                                   QStringLiteral("320x240")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile file(gif);
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes[i] = file.readAll();
    }
    QVERIFY(bytes[0].size() > 1000);
    QVERIFY2(bytes[0] == bytes[1], "two recordings of the same run differ");
}

void TestRecord::pngSequenceNextToFile()
{
    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("clip.png"));
    const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/lif-lab"), QStringLiteral("--record"),
                               base, QStringLiteral("--fps"), QStringLiteral("10"), QStringLiteral("--run-ms"),
                               QStringLiteral("300")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files, (QStringList{QStringLiteral("clip-00001.png"), QStringLiteral("clip-00002.png"),
                                 QStringLiteral("clip-00003.png")}));
    for (const QString& name : files) {
        const QImage image(dir.filePath(name));
        QCOMPARE(image.size(), QSize(1280, 800));  // the default frame size
    }
    // The frames show time passing.
    QVERIFY(QImage(dir.filePath(files.first())) != QImage(dir.filePath(files.last())));
}

void TestRecord::pngSequenceInFolder()
{
    QTemporaryDir dir;
    const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/firing-patterns"),
                               QStringLiteral("--record"), dir.path() + QLatin1Char('/'), QStringLiteral("--fps"),
                               QStringLiteral("4"), QStringLiteral("--run-ms"), QStringLiteral("1000"),
                               QStringLiteral("--frame-size"), QStringLiteral("640x400")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList files = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
    QCOMPARE(files.size(), 4);
    QCOMPARE(files.first(), QStringLiteral("frame-00001.png"));
    QCOMPARE(files.last(), QStringLiteral("frame-00004.png"));
    QCOMPARE(QImage(dir.filePath(files.last())).size(), QSize(640, 400));
}

void TestRecord::badInputGivesOneLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QString lif = QStringLiteral("foundations/lif-lab");
    const QString panel = QStringLiteral("--panel");
    const QString record = QStringLiteral("--record");
    QTest::newRow("fps 0") << QStringList{panel, lif, record, QStringLiteral("x.gif"), QStringLiteral("--fps"), QStringLiteral("0")}
                           << QStringLiteral("--fps");
    QTest::newRow("fps 500") << QStringList{panel, lif, record, QStringLiteral("x.gif"), QStringLiteral("--fps"), QStringLiteral("500")}
                             << QStringLiteral("--fps");
    QTest::newRow("fps word") << QStringList{panel, lif, record, QStringLiteral("x.gif"), QStringLiteral("--fps"), QStringLiteral("fast")}
                              << QStringLiteral("--fps");
    QTest::newRow("fps without record") << QStringList{panel, lif, QStringLiteral("--fps"), QStringLiteral("10")}
                                        << QStringLiteral("--record");
    QTest::newRow("unknown format") << QStringList{panel, lif, record, QStringLiteral("x.mp4")} << QStringLiteral("x.mp4");
    QTest::newRow("bad frame size") << QStringList{panel, lif, record, QStringLiteral("x.gif"), QStringLiteral("--frame-size"), QStringLiteral("10x10")}
                                    << QStringLiteral("--frame-size");
    QTest::newRow("missing folder") << QStringList{panel, lif, record, QStringLiteral("/nonexistent-folder-neuroai/x.gif")}
                                    << QStringLiteral("/nonexistent-folder-neuroai");
    QTest::newRow("folder is a file") << QStringList{panel, lif, record, QStringLiteral(NEUROAI_EXPLORER_EXE "/x.gif")}
                                      << QStringLiteral("not a folder");
    QTest::newRow("panel without time") << QStringList{panel, QStringLiteral("intro/flash"), record, QStringLiteral("x.gif")}
                                        << QStringLiteral("nothing to animate");
}

void TestRecord::badInputGivesOneLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    // Relative paths land in the temporary folder, never in the build tree.
    for (QString& a : arguments)
        if (a == QLatin1String("x.gif") || a == QLatin1String("x.mp4"))
            a = dir.filePath(a);
    const Result r = explorer(arguments);
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode != 0, r.err.constData());
    QCOMPARE(r.errorLines().size(), 1);
    QVERIFY2(r.errorLines().first().contains(mentions), qPrintable(r.errorLines().first()));
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void TestRecord::helpAndVersionNeedNoDisplay()
{
    const Result version = explorer({QStringLiteral("--version")});
    QVERIFY(version.finished);
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith("neuroai-explorer "), version.out.constData());
    QVERIFY2(version.err.isEmpty(), version.err.constData());
    const Result help = explorer({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.err.isEmpty(), help.err.constData());
    QVERIFY(help.out.contains("Usage: neuroai-explorer"));
    QVERIFY(help.out.contains("--record <FILE>"));
    QVERIFY(help.out.contains("--fps <N>"));
}

void TestRecord::helpListsEveryPanelAndPreset()
{
    const Result help = explorer({QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    const QString text = QString::fromUtf8(help.out);
    const Result list = explorer({QStringLiteral("--list-panels")});
    QCOMPARE(list.exitCode, 0);
    const QStringList panels = QString::fromUtf8(list.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(panels.size() >= 5);
    for (const QString& id : panels) {
        QVERIFY2(text.contains(QStringLiteral("    ") + id + QLatin1Char('\n')), qPrintable(id));
        QVERIFY2(text.contains(QStringLiteral("  ") + id.section(QLatin1Char('/'), 0, 0) + QStringLiteral("  (chapter")),
                 qPrintable(id));
    }
    // Every preset file of the source tree is listed under its panel.
    int presets = 0;
    QDirIterator files(QStringLiteral(NEUROAI_PRESET_DIR), {QStringLiteral("*.json")}, QDir::Files,
                       QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile file(files.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        const QString panel = object.value(QStringLiteral("panel")).toString();
        const QString name = QFileInfo(file.fileName()).completeBaseName();
        const qsizetype at = text.indexOf(QStringLiteral("    ") + panel + QLatin1Char('\n'));
        QVERIFY2(at >= 0, qPrintable(panel));
        // The name appears in the panel's block (before the next panel's line).
        const qsizetype next = text.indexOf(QRegularExpression(QStringLiteral("\n    \\S")), at + 1);
        const QString block = text.mid(at, next < 0 ? -1 : next - at);
        QVERIFY2(block.contains(QRegularExpression(QStringLiteral("[ ,]%1(,|\n|$)").arg(QRegularExpression::escape(name)))),
                 qPrintable(panel + QLatin1Char('/') + name));
        ++presets;
    }
    QVERIFY(presets >= 20);
}

void TestRecord::setModelByName()
{
    QTemporaryDir dir;
    const QString scenario = dir.filePath(QStringLiteral("s.json"));
    // The model assignment is applied first wherever it stands, so i_amp belongs to the HH model.
    const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/firing-patterns"), QStringLiteral("--set"),
                               QStringLiteral("i_ext=7.5"), QStringLiteral("--set"), QStringLiteral("model=hh"),
                               QStringLiteral("--save-scenario"), scenario});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(scenario);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject state = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("state")).toObject();
    QCOMPARE(state.value(QStringLiteral("model")).toString(), QStringLiteral("hh"));
    QCOMPARE(state.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("i_ext")).toDouble(), 7.5);
    // The LIF lab has one model: naming it is accepted.
    const Result lif = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/lif-lab"), QStringLiteral("--set"),
                                 QStringLiteral("model=lif"), QStringLiteral("--save-scenario"), dir.filePath(QStringLiteral("l.json"))});
    QVERIFY2(lif.exitCode == 0, lif.err.constData());
}

void TestRecord::setUnknownModel()
{
    const Result r = explorer({QStringLiteral("--panel"), QStringLiteral("foundations/firing-patterns"), QStringLiteral("--set"),
                               QStringLiteral("model=banana"), QStringLiteral("--save-scenario"), QStringLiteral("/dev/null")});
    QVERIFY(r.exitCode != 0);
    QCOMPARE(r.errorLines().size(), 1);
    QVERIFY2(r.errorLines().first().contains(QStringLiteral("unknown model 'banana'")), r.err.constData());
    QVERIFY2(r.errorLines().first().contains(QStringLiteral("hh")), r.err.constData());  // names the known models
}

QTEST_GUILESS_MAIN(TestRecord)
#include "tst_record.moc"
