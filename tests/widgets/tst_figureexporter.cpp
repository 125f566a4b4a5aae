// Tests for widgets/FigureExporter: PNG/SVG/PDF output (valid files, size and DPI, embedded metadata), refusal of
// unknown formats and unwritable paths with a message naming the path, atomic replacement, and the tidy CSV format
// (comment lines, header, quoting, numbers that read back exactly).

#include "widgets/CurvePlot.h"
#include "widgets/FigureExporter.h"

#include "SafeDevice.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QRegularExpression>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <csignal>
#include <cstring>
#include <limits>
#include <memory>

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using neuroai::widgets::CurvePlot;
using neuroai::widgets::DataSeries;
using neuroai::widgets::FigureExporter;
using neuroai::widgets::toTidyCsv;

namespace {

// Non-ASCII (units such as MΩ, τ), XML-special characters and a second line: what real metadata contains.
const QString kMetadata = QStringLiteral("NeuroAI Explorer 0.1.0 | chapter test\n"
                                         "parameters: tau_m=20 ms, r_m=10 MΩ, τ<5 & \"quoted\"");

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Splits one CSV record (RFC 4180 quoting) into fields.
QStringList parseCsvLine(const QString& line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line[i];
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line[i + 1] == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

// Lowers this process's file size limit (as `ulimit -f` does) for its lifetime, with SIGXFSZ ignored so that a
// write past the limit fails with EFBIG ("File too large") instead of killing the process.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        m_ok = ::getrlimit(RLIMIT_FSIZE, &m_saved) == 0;
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        m_ok = m_ok && ::setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_handler);
    }
    bool ok() const { return m_ok; }

private:
    rlimit m_saved{};
    void (*m_handler)(int) = nullptr;
    bool m_ok = false;
};

QStringList filesIn(const QString& folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

}  // namespace

class TestFigureExporter : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void formatForPath();
    void png_data();
    void png();
    void svg();
    void pdf();
    void unknownExtension();
    void missingFolder();
    void parentIsARegularFile();
    void badScaleLeavesExistingFileUntouched();
    void failedWriteLeavesExistingFileUntouched();
    void successfulExportReplacesExistingFile();
    void nothingToExport();
    void writeFile();
    void csvLayout();
    void csvQuoting();
    void csvNumbersRoundTrip();
    void contextMenuCopiesThePlot();
    void svgExportWasNotAtomic_data();
    void svgExportWasNotAtomic();
    void failedWriteSaidUnknownError();
    void specialFilesWereReplaced_data();
    void specialFilesWereReplaced();
    void symlinkIsWrittenThrough();

private:
    std::unique_ptr<QWidget> m_window;
    CurvePlot* m_plot = nullptr;
    QTemporaryDir m_dir;
};

void TestFigureExporter::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_window = std::make_unique<QWidget>();
    m_plot = new CurvePlot(m_window.get());
    m_plot->setTitle(QStringLiteral("f-I curve"));
    m_plot->setAxisTitles(QStringLiteral("Input current I (nA)"), QStringLiteral("Firing rate f (Hz)"));
    m_plot->setXRange(0, 5);
    m_plot->setReference({{0, 0}, {1.6, 0}, {2, 24.8}, {3, 46}, {5, 80}});
    m_plot->addMeasured({{0, 0}, {2, 24.8}, {3, 46}});
    m_plot->setOperatingPoint(QPointF(1.8, 18.95));
    m_plot->setGeometry(0, 0, 400, 300);
    m_window->resize(400, 300);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QCOMPARE(m_plot->size(), QSize(400, 300));
}

void TestFigureExporter::cleanupTestCase()
{
    m_window.reset();
}

void TestFigureExporter::formatForPath()
{
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("a/b.png")), FigureExporter::Format::Png);
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("B.PNG")), FigureExporter::Format::Png);
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("x.svg")), FigureExporter::Format::Svg);
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("x.pdf")), FigureExporter::Format::Pdf);
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("x.bmp")), FigureExporter::Format::Unknown);
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("png")), FigureExporter::Format::Unknown);
    QCOMPARE(FigureExporter::formatForPath(QStringLiteral("x.png.txt")), FigureExporter::Format::Unknown);
}

void TestFigureExporter::png_data()
{
    QTest::addColumn<double>("scale");
    QTest::newRow("1x") << 1.0;
    QTest::newRow("2x") << 2.0;
}

void TestFigureExporter::png()
{
    QFETCH(double, scale);
    const QString path = m_dir.filePath(QStringLiteral("figure-%1x.png").arg(scale));
    const QString error = FigureExporter::exportWidget(m_plot, path, scale, kMetadata);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith(QByteArray("\x89PNG\r\n\x1a\n", 8)));

    QImageReader reader(path);
    const QImage image = reader.read();
    QVERIFY2(!image.isNull(), qPrintable(reader.errorString()));
    QCOMPARE(image.size(), QSize(int(400 * scale), int(300 * scale)));
    QCOMPARE(image.text(QStringLiteral("Description")), kMetadata);
    const double dpiX = image.dotsPerMeterX() * 0.0254;
    const double dpiY = image.dotsPerMeterY() * 0.0254;
    QVERIFY2(std::abs(dpiX - 96 * scale) < 0.5, qPrintable(QString::number(dpiX)));
    QVERIFY2(std::abs(dpiY - 96 * scale) < 0.5, qPrintable(QString::number(dpiY)));

    // The plot was really drawn: mostly white background, with dark text and lines and the orange markers.
    int white = 0, dark = 0, orange = 0, total = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x) {
            const QRgb p = rgb.pixel(x, y);
            ++total;
            if (p == qRgb(255, 255, 255))
                ++white;
            else if (qRed(p) < 60 && qGreen(p) < 60 && qBlue(p) < 60)
                ++dark;
            else if (qRed(p) > 200 && qGreen(p) > 130 && qGreen(p) < 230 && qBlue(p) < 190 && qRed(p) - qBlue(p) > 50)
                ++orange;  // the dots' see-through orange fill (CurvePlot) on white
        }
    QVERIFY2(white > total / 2, qPrintable(QStringLiteral("%1 of %2 pixels white").arg(white).arg(total)));
    QVERIFY2(dark > 200 * scale * scale, qPrintable(QString::number(dark)));
    QVERIFY2(orange > 20 * scale * scale, qPrintable(QString::number(orange)));

    // No temporary file is left next to it.
    for (const QString& name : filesIn(m_dir.path()))
        QVERIFY2(!name.contains(QStringLiteral("figure-%1x.png.").arg(scale)), qPrintable(name));
}

void TestFigureExporter::svg()
{
    const QString path = m_dir.filePath(QStringLiteral("figure.svg"));
    const QString error = FigureExporter::exportWidget(m_plot, path, 2.0, kMetadata);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith("<?xml") || bytes.contains("<svg"));
    QVERIFY(bytes.contains("<svg"));

    // Well-formed XML whose <desc> is exactly the metadata (escaped where needed).
    QXmlStreamReader xml(bytes);
    QString description;
    bool sawSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("svg"))
            sawSvg = true;
        if (xml.isStartElement() && xml.name() == QLatin1String("desc"))
            description = xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(sawSvg);
    QCOMPARE(description, kMetadata);

    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox(), QRect(0, 0, 400, 300));
}

void TestFigureExporter::pdf()
{
    const QString path = m_dir.filePath(QStringLiteral("figure.pdf"));
    const QString error = FigureExporter::exportWidget(m_plot, path, 2.0, kMetadata);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 1000);
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY2(bytes.trimmed().endsWith("%%EOF"), bytes.right(32).constData());
    // One page exactly the size of the figure: 400 × 300 px at 96 dpi = 300 × 225 pt.
    static const QRegularExpression mediaBox(QStringLiteral("/MediaBox \\[\\s*0\\s+0\\s+([0-9.]+)\\s+([0-9.]+)\\s*\\]"));
    const QString text = QString::fromLatin1(bytes);
    auto boxes = mediaBox.globalMatch(text);
    int pages = 0;
    while (boxes.hasNext()) {
        const QRegularExpressionMatch match = boxes.next();
        QVERIFY2(std::abs(match.captured(1).toDouble() - 300) < 0.01, qPrintable(match.captured(0)));
        QVERIFY2(std::abs(match.captured(2).toDouble() - 225) < 0.01, qPrintable(match.captured(0)));
        ++pages;
    }
    QCOMPARE(pages, 1);
}

void TestFigureExporter::unknownExtension()
{
    const QString path = m_dir.filePath(QStringLiteral("figure.bmp"));
    const QString error = FigureExporter::exportWidget(m_plot, path, 1.0, kMetadata);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(QStringLiteral(".bmp")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    for (const QString& name : filesIn(m_dir.path()))
        QVERIFY2(!name.contains(QStringLiteral("bmp")), qPrintable(name));
}

void TestFigureExporter::missingFolder()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/figure.png"));
    const QString error = FigureExporter::exportWidget(m_plot, path, 1.0, kMetadata);
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("no-such-folder"))));
}

void TestFigureExporter::parentIsARegularFile()
{
    // A path below a regular file cannot be created, not even by root.
    const QString blocker = m_dir.filePath(QStringLiteral("blocker.txt"));
    QVERIFY(FigureExporter::writeFile(blocker, "I am a file").isEmpty());
    for (const QString& name : {QStringLiteral("figure.png"), QStringLiteral("figure.svg"), QStringLiteral("figure.pdf")}) {
        const QString path = blocker + QLatin1Char('/') + name;
        const QString error = FigureExporter::exportWidget(m_plot, path, 1.0, kMetadata);
        QVERIFY2(!error.isEmpty(), qPrintable(path));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path));
    }
    const QString csvPath = blocker + QStringLiteral("/data.csv");
    const QString error = FigureExporter::writeFile(csvPath, "plot,series\n");
    QVERIFY(!error.isEmpty());
    QVERIFY2(error.contains(csvPath), qPrintable(error));
    QCOMPARE(readAll(blocker), QByteArray("I am a file"));
}

void TestFigureExporter::badScaleLeavesExistingFileUntouched()
{
    const QString path = m_dir.filePath(QStringLiteral("keep.png"));
    QVERIFY(FigureExporter::writeFile(path, "old").isEmpty());
    for (const double scale : {100.0, 0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
        const QString error = FigureExporter::exportWidget(m_plot, path, scale, kMetadata);
        QVERIFY2(!error.isEmpty(), qPrintable(QString::number(scale)));
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray("old"));
    }
}

void TestFigureExporter::failedWriteLeavesExistingFileUntouched()
{
    // A figure whose rendering fails (an SVG target that is a folder) must not damage anything.
    const QString folder = m_dir.filePath(QStringLiteral("folder.svg"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(!FigureExporter::exportWidget(m_plot, folder, 1.0, kMetadata).isEmpty());
    QVERIFY(QFileInfo(folder).isDir());
    QVERIFY(filesIn(folder).isEmpty());
}

void TestFigureExporter::successfulExportReplacesExistingFile()
{
    const QString path = m_dir.filePath(QStringLiteral("replace.svg"));
    QVERIFY(FigureExporter::writeFile(path, "old").isEmpty());
    QVERIFY(FigureExporter::exportWidget(m_plot, path, 1.0, kMetadata).isEmpty());
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.contains("<svg"));
    QVERIFY(!bytes.startsWith("old"));
}

void TestFigureExporter::nothingToExport()
{
    const QString path = m_dir.filePath(QStringLiteral("nothing.png"));
    QString error = FigureExporter::exportWidget(nullptr, path, 1.0);
    QVERIFY(!error.isEmpty());
    QVERIFY(error.contains(path));
    QWidget empty;
    empty.resize(0, 0);
    error = FigureExporter::exportWidget(&empty, path, 1.0);
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFileInfo::exists(path));
}

void TestFigureExporter::writeFile()
{
    const QString path = m_dir.filePath(QStringLiteral("data.bin"));
    QByteArray contents("a\0b\nc", 5);
    QVERIFY(FigureExporter::writeFile(path, contents).isEmpty());
    QCOMPARE(readAll(path), contents);
    QVERIFY(FigureExporter::writeFile(path, "new").isEmpty());
    QCOMPARE(readAll(path), QByteArray("new"));
}

void TestFigureExporter::csvLayout()
{
    const QString metadata = QStringLiteral("NeuroAI Explorer 0.1.0\nmodel lif | seed 7\n\nparameters: i_ext=1.8 nA");
    QList<DataSeries> series;
    series << DataSeries{QStringLiteral("membrane trace"), QStringLiteral("V"), QStringLiteral("t (ms)"),
                         QStringLiteral("V (mV)"), {{0.1, -70}, {0.2, -69.5}}};
    series << DataSeries{QStringLiteral("f-I curve"), QStringLiteral("analytic"), QStringLiteral("I (nA)"),
                         QStringLiteral("f (Hz)"), {{2, 24.8}}};
    series << DataSeries{QStringLiteral("empty"), QStringLiteral("none"), QStringLiteral("x"), QStringLiteral("y"), {}};
    const QStringList lines = QString::fromUtf8(toTidyCsv(metadata, series)).split(QLatin1Char('\n'));

    QCOMPARE(lines.value(0), QStringLiteral("# NeuroAI Explorer 0.1.0"));
    QCOMPARE(lines.value(1), QStringLiteral("# model lif | seed 7"));
    QCOMPARE(lines.value(2), QStringLiteral("# parameters: i_ext=1.8 nA"));
    QCOMPARE(lines.value(3), QStringLiteral("plot,series,x_label,y_label,x,y"));
    QCOMPARE(lines.value(4), QStringLiteral("membrane trace,V,t (ms),V (mV),0.1,-70"));
    QCOMPARE(lines.value(5), QStringLiteral("membrane trace,V,t (ms),V (mV),0.2,-69.5"));
    QCOMPARE(lines.value(6), QStringLiteral("f-I curve,analytic,I (nA),f (Hz),2,24.8"));
    QCOMPARE(lines.size(), 8);  // a final newline, and no row for the empty series
    QCOMPARE(lines.value(7), QString());

    // Without metadata there are no comment lines.
    QVERIFY(toTidyCsv(QString(), series).startsWith("plot,series,x_label,y_label,x,y\n"));
}

void TestFigureExporter::csvQuoting()
{
    QList<DataSeries> series;
    series << DataSeries{QStringLiteral("trace, cell 1"), QStringLiteral("the \"V\""), QStringLiteral("t (ms)"),
                         QStringLiteral("V (mV), filtered"), {{1, 2}}};
    const QStringList lines = QString::fromUtf8(toTidyCsv(QString(), series)).split(QLatin1Char('\n'));
    QCOMPARE(lines.value(1), QStringLiteral("\"trace, cell 1\",\"the \"\"V\"\"\",t (ms),\"V (mV), filtered\",1,2"));
    const QStringList fields = parseCsvLine(lines.value(1));
    QCOMPARE(fields, (QStringList{QStringLiteral("trace, cell 1"), QStringLiteral("the \"V\""),
                                  QStringLiteral("t (ms)"), QStringLiteral("V (mV), filtered"), QStringLiteral("1"),
                                  QStringLiteral("2")}));
}

void TestFigureExporter::csvNumbersRoundTrip()
{
    const QList<double> values{0.1 + 0.2,
                               1e-300,
                               -1e-300,
                               5e-324,
                               std::numeric_limits<double>::max(),
                               -std::numeric_limits<double>::min(),
                               1.0 / 3.0,
                               -70.0,
                               123456789.123456789,
                               2.5e17,
                               0.0};
    QList<QPointF> points;
    for (qsizetype i = 0; i < values.size(); ++i)
        points.append({values[i], values[values.size() - 1 - i]});
    const QByteArray csv = toTidyCsv(QStringLiteral("numbers"), {DataSeries{QStringLiteral("p"), QStringLiteral("s"),
                                                                           QStringLiteral("x"), QStringLiteral("y"),
                                                                           points}});
    const QStringList lines = QString::fromUtf8(csv).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2 + values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QStringList fields = parseCsvLine(lines[2 + i]);
        QCOMPARE(fields.size(), 6);
        bool okX = false, okY = false;
        const double x = fields[4].toDouble(&okX);
        const double y = fields[5].toDouble(&okY);
        QVERIFY2(okX && okY, qPrintable(lines[2 + i]));
        QVERIFY2(x == points[i].x(), qPrintable(QStringLiteral("%1 read back as %2").arg(fields[4]).arg(x, 0, 'g', 17)));
        QVERIFY2(y == points[i].y(), qPrintable(QStringLiteral("%1 read back as %2").arg(fields[5]).arg(y, 0, 'g', 17)));
    }
    // Shortest exact form: 0.1 + 0.2 needs 17 significant digits, 1e-300 is not padded.
    QVERIFY(csv.contains(",0.30000000000000004,"));
    QVERIFY(csv.contains(",1e-300,"));
    QVERIFY(csv.contains(",-70,"));
}


void TestFigureExporter::contextMenuCopiesThePlot()
{
    QWidget host;
    auto* plot = new CurvePlot(&host);
    plot->resize(320, 200);
    host.resize(320, 200);
    host.show();
    QVERIFY(QTest::qWaitForWindowExposed(&host));
    int asked = 0;
    FigureExporter::installContextMenu(plot, [&] {
        ++asked;
        return kMetadata;
    });
    QCOMPARE(plot->contextMenuPolicy(), Qt::ActionsContextMenu);
    const QList<QAction*> actions = plot->actions();
    QCOMPARE(actions.size(), 2);
    QApplication::clipboard()->clear();
    actions[1]->trigger();  // "Copy plot as image"
    const QImage copied = QApplication::clipboard()->image();
    QCOMPARE(copied.size(), plot->size() * plot->devicePixelRatio());
    QCOMPARE(asked, 0);  // metadata is only asked for when a file is written
}


// Regression, issue 8: "SVG export is not atomic. A failed SVG export (disk full, e.g. run under `ulimit -f 16`)
// exits 0 and leaves a truncated, invalid SVG in place of the existing file." Every format, and CSV, under a file
// size limit smaller than the new file: the call fails naming the file and the system's reason, the old file is
// byte-identical and no temporary file is left behind.
void TestFigureExporter::svgExportWasNotAtomic_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("svg") << QStringLiteral("limited.svg");
    QTest::newRow("png") << QStringLiteral("limited.png");
    QTest::newRow("pdf") << QStringLiteral("limited.pdf");
    QTest::newRow("csv") << QStringLiteral("limited.csv");
}

void TestFigureExporter::svgExportWasNotAtomic()
{
    QFETCH(QString, name);
    QTemporaryDir dir;
    const QString path = dir.filePath(name);
    const QByteArray old("the previous export, which must survive");
    QVERIFY(FigureExporter::writeFile(path, old).isEmpty());
    QByteArray csv = toTidyCsv(kMetadata, {DataSeries{QStringLiteral("p"), QStringLiteral("s"), QStringLiteral("x"),
                                                      QStringLiteral("y"), {}}});
    for (int i = 0; i < 2000; ++i)
        csv += "p,s,x,y," + QByteArray::number(i) + ",0.123456789\n";
    QString error;
    {
        FileSizeLimit limit(1024);
        QVERIFY(limit.ok());
        error = name.endsWith(QLatin1String(".csv")) ? FigureExporter::writeFile(path, csv)
                                                      : FigureExporter::exportWidget(m_plot, path, 2.0, kMetadata);
    }
    QVERIFY2(!error.isEmpty(), "the export reported success although the file could not be written");
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("File too large")), qPrintable(error));
    QVERIFY2(!error.contains(QLatin1String("Unknown error")), qPrintable(error));
    QCOMPARE(readAll(path), old);
    QCOMPARE(filesIn(dir.path()), QStringList{name});
    // Without the limit the same export succeeds.
    error = name.endsWith(QLatin1String(".csv")) ? FigureExporter::writeFile(path, csv)
                                                  : FigureExporter::exportWidget(m_plot, path, 2.0, kMetadata);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(readAll(path).size() > 1024);
}

// Regression, issue 8: "a failed PNG/CSV write says 'Unknown error'". The image path (screenshots) as well.
void TestFigureExporter::failedWriteSaidUnknownError()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("shot.png"));
    QImage image(300, 200, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)  // noise compresses badly: the PNG is larger than the limit
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb((x * 7919 + y * 104729) % 256, (x * y) % 256, (x ^ y) % 256));
    QString error;
    {
        FileSizeLimit limit(512);
        QVERIFY(limit.ok());
        error = FigureExporter::exportImage(image, path);
    }
    QVERIFY2(error.contains(path) && error.contains(QLatin1String("File too large")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    QVERIFY(FigureExporter::exportImage(image, path).isEmpty());
    QCOMPARE(QImage(path).size(), image.size());
    QVERIFY(!FigureExporter::exportImage(QImage(), path).isEmpty());
}

// Regression, issue 8: "Output paths that are not regular files: a device node, FIFO or symlink target are replaced
// by regular files today (as root `--out /dev/null` would clobber the system's)."
void TestFigureExporter::specialFilesWereReplaced_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("character device") << QStringLiteral("chr") << QStringLiteral("character device");
    QTest::newRow("fifo") << QStringLiteral("fifo") << QStringLiteral("FIFO");
    QTest::newRow("socket") << QStringLiteral("socket") << QStringLiteral("socket");
    QTest::newRow("directory") << QStringLiteral("dir") << QStringLiteral("directory");
    QTest::newRow("link to a fifo") << QStringLiteral("link-fifo") << QStringLiteral("FIFO");
    QTest::newRow("dangling link") << QStringLiteral("dangling") << QStringLiteral("does not exist");
}

void TestFigureExporter::specialFilesWereReplaced()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("out.png"));
    int socketFd = -1;
    if (kind == QLatin1String("chr")) {
        path = QString::fromStdString(neuroai::test::characterDevice(dir.path()));
    } else if (kind == QLatin1String("fifo")) {
        QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
    } else if (kind == QLatin1String("socket")) {
        socketFd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray name = QFile::encodeName(path);
        QVERIFY(std::size_t(name.size()) < sizeof address.sun_path);
        std::memcpy(address.sun_path, name.constData(), std::size_t(name.size()));
        QCOMPARE(::bind(socketFd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    } else if (kind == QLatin1String("dir")) {
        QVERIFY(QDir().mkpath(path));
    } else if (kind == QLatin1String("link-fifo")) {
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        QVERIFY(QFile::link(fifo, path));
    } else if (kind == QLatin1String("dangling")) {
        QVERIFY(QFile::link(dir.filePath(QStringLiteral("missing.png")), path));
    }
    struct stat before {};
    QCOMPARE(::lstat(QFile::encodeName(path).constData(), &before), 0);
    for (const QString& error : {FigureExporter::exportWidget(m_plot, path, 1.0, kMetadata),
                                 FigureExporter::writeFile(path, "data")}) {
        QVERIFY2(error.contains(path) && error.contains(expected), qPrintable(error));
        struct stat after {};
        QCOMPARE(::lstat(QFile::encodeName(path).constData(), &after), 0);
        QCOMPARE(after.st_mode, before.st_mode);  // still the same kind of thing
        QCOMPARE(after.st_ino, before.st_ino);
    }
    if (socketFd >= 0)
        ::close(socketFd);
}

// The documented choice for symbolic links: written through to the regular file they point to; the link stays.
void TestFigureExporter::symlinkIsWrittenThrough()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("real")));
    const QString target = dir.filePath(QStringLiteral("real/figure.svg"));
    QVERIFY(FigureExporter::writeFile(target, "old").isEmpty());
    const QString link = dir.filePath(QStringLiteral("link.svg"));
    QVERIFY(QFile::link(QStringLiteral("real/figure.svg"), link));  // relative, as ln -s makes them
    QVERIFY(FigureExporter::exportWidget(m_plot, link, 1.0, kMetadata).isEmpty());
    QVERIFY(QFileInfo(link).isSymLink());
    QVERIFY(readAll(target).contains("<svg"));
    QVERIFY(FigureExporter::writeFile(link, "csv").isEmpty());
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(readAll(target), QByteArray("csv"));
    QCOMPARE(filesIn(dir.filePath(QStringLiteral("real"))), QStringList{QStringLiteral("figure.svg")});
}

QTEST_MAIN(TestFigureExporter)
#include "tst_figureexporter.moc"
