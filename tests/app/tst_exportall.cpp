// End-to-end tests of neuroai-explorer's figure exports for authors (issue 9): --export-all DIR (the files per
// panel, the index, metadata in every format, PDFs as poppler renders them, compact CSVs, replacing old files,
// refusing an unusable folder), several --export values in one run, and --figure-size.

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

#include "ProcessResult.h"

namespace {

using Result = ProcessResult;

Result run(const QString& program, const QStringList& arguments, int timeoutMs = 300000)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NEUROAI_LOG_LEVEL"), QStringLiteral("warn"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    if (!environment.contains(QStringLiteral("XDG_RUNTIME_DIR")))
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtimeDir().path());
    process.setProcessEnvironment(environment);
    return runToEnd(process, program, arguments, 30000, timeoutMs);
}

Result explorer(const QStringList& arguments) { return run(QStringLiteral(NEUROAI_EXPLORER_EXE), arguments); }

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What every exported file must say: the version, the seed and the parameters.
QString missingMetadata(const QString& text)
{
    for (const char* needle : {"NeuroAI Explorer 0.", "seed ", "parameters: "})
        if (!text.contains(QLatin1String(needle)))
            return QString::fromLatin1(needle);
    return {};
}

// Colours (quantised to 16 levels per channel) with clearly saturated hue that cover at least `minPixels` pixels.
QHash<QRgb, int> prominentColours(const QImage& source, int minPixels)
{
    const QImage image = source.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int r = qRed(line[x]), g = qGreen(line[x]), b = qBlue(line[x]);
            if (std::max({r, g, b}) - std::min({r, g, b}) < 90)
                continue;  // grey, black, white, pale blends
            ++counts[qRgb(r / 16 * 16, g / 16 * 16, b / 16 * 16)];
        }
    }
    for (auto it = counts.begin(); it != counts.end();)
        it = it.value() < minPixels ? counts.erase(it) : std::next(it);
    return counts;
}

// Two saturated colours of one hue (within 10°): a line's colour and its edge blended with the white page.
bool sameHue(QRgb a, QRgb b)
{
    const QColor ca = QColor::fromRgb(a), cb = QColor::fromRgb(b);
    const int d = std::abs(ca.hsvHue() - cb.hsvHue());
    return ca.hsvHue() >= 0 && cb.hsvHue() >= 0 && std::min(d, 360 - d) <= 10;
}

}  // namespace

class TestExportAll : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void writesEveryPanelsFiles();
    void indexHtmlShowsEveryPanel();
    void everyFileCarriesMetadata();
    void svgsParse();
    void pdfsRenderWithPopplerLikeThePngs();
    void csvsAreCompactOnePerPlot();
    void existingFilesAreReplaced();
    void unusableFolderIsOneLineError_data();
    void unusableFolderIsOneLineError();
    void exportAllRefusesPanelOptions();
    void severalExportsInOneRun();
    void figureSizeOption();

private:
    QTemporaryDir m_dir;
    QString m_out;
    QJsonObject m_index;
    QStringList m_panelIds;
    qint64 m_elapsedMs = 0;
};

void TestExportAll::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Result list = explorer({QStringLiteral("--list-panels")});
    QCOMPARE(list.exitCode, 0);
    m_panelIds = QString::fromUtf8(list.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(m_panelIds.size() >= 2);

    m_out = m_dir.filePath(QStringLiteral("figures/book"));  // two levels that do not exist yet
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("figures/book"))));
    // A stale file from an earlier export, to be replaced.
    {
        QFile stale(QDir(m_out).filePath(QStringLiteral("foundations-lif-lab.png")));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("stale, not a PNG");
    }
    QElapsedTimer timer;
    timer.start();
    const Result r = explorer({QStringLiteral("--export-all"), m_out});
    m_elapsedMs = timer.elapsed();
    QVERIFY2(r.finished, "--export-all did not finish in time");
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.errorLines().isEmpty(), r.err.constData());
    qInfo("--export-all took %.1f s for %lld panels", m_elapsedMs / 1000.0, qlonglong(m_panelIds.size()));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(readAll(QDir(m_out).filePath(QStringLiteral("index.json"))), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    m_index = document.object();
}

void TestExportAll::writesEveryPanelsFiles()
{
    QCOMPARE(m_index.value(QStringLiteral("format")).toString(), QStringLiteral("neuroai-explorer-figures"));
    const QJsonArray panels = m_index.value(QStringLiteral("panels")).toArray();
    QStringList ids;
    QSet<QString> listed{QStringLiteral("index.json"), QStringLiteral("index.html")};
    for (const QJsonValue& value : panels) {
        const QJsonObject panel = value.toObject();
        const QString id = panel.value(QStringLiteral("id")).toString();
        ids << id;
        QVERIFY2(!panel.value(QStringLiteral("title")).toString().isEmpty(), qPrintable(id));
        QVERIFY2(!panel.value(QStringLiteral("parameters")).toObject().isEmpty(), qPrintable(id));
        QVERIFY2(panel.value(QStringLiteral("seed")).isDouble(), qPrintable(id));
        QVERIFY2(panel.value(QStringLiteral("version")).toString().startsWith(QLatin1String("0.")), qPrintable(id));
        const QJsonObject files = panel.value(QStringLiteral("files")).toObject();
        for (const char* kind : {"png", "svg", "pdf"}) {
            const QString name = files.value(QLatin1String(kind)).toString();
            QVERIFY2(name.endsWith(QLatin1Char('.') + QLatin1String(kind)), qPrintable(id + QLatin1Char(' ') + kind));
            QVERIFY2(QFileInfo(QDir(m_out).filePath(name)).size() > 1000, qPrintable(name));
            listed << name;
        }
        const QJsonArray csvs = files.value(QStringLiteral("csv")).toArray();
        QVERIFY2(!csvs.isEmpty(), qPrintable(id + QStringLiteral(" has no CSV")));
        QSet<QString> plots;
        for (const QJsonValue& csv : csvs) {
            const QString name = csv.toObject().value(QStringLiteral("file")).toString();
            const QString plot = csv.toObject().value(QStringLiteral("plot")).toString();
            QVERIFY2(QFileInfo::exists(QDir(m_out).filePath(name)), qPrintable(name));
            QVERIFY2(!plots.contains(plot), qPrintable(id + QStringLiteral(": two CSVs for plot ") + plot));
            plots << plot;
            listed << name;
        }
    }
    QCOMPARE(ids, m_panelIds);  // every panel of every chapter, in the chapter table's order
    // Nothing else in the folder: no temporary files left, nothing unlisted.
    const QStringList present = QDir(m_out).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QCOMPARE(QSet<QString>(present.begin(), present.end()), listed);
}

void TestExportAll::indexHtmlShowsEveryPanel()
{
    const QString html = QString::fromUtf8(readAll(QDir(m_out).filePath(QStringLiteral("index.html"))));
    QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
    QXmlStreamReader xml(html.section(QLatin1Char('\n'), 1));  // the page is well-formed (XHTML-compatible)
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString() + QStringLiteral(" at line %1").arg(xml.lineNumber())));
    for (const QJsonValue& value : m_index.value(QStringLiteral("panels")).toArray()) {
        const QJsonObject panel = value.toObject();
        const QJsonObject files = panel.value(QStringLiteral("files")).toObject();
        QVERIFY2(html.contains(QStringLiteral("<img src=\"%1\"").arg(files.value(QStringLiteral("png")).toString())),
                 qPrintable(panel.value(QStringLiteral("id")).toString()));
        for (const char* kind : {"svg", "pdf"})
            QVERIFY(html.contains(QStringLiteral("href=\"%1\"").arg(files.value(QLatin1String(kind)).toString())));
        for (const QJsonValue& csv : files.value(QStringLiteral("csv")).toArray())
            QVERIFY(html.contains(QStringLiteral("href=\"%1\"").arg(csv.toObject().value(QStringLiteral("file")).toString())));
        QVERIFY(html.contains(QStringLiteral("<code>%1</code>").arg(panel.value(QStringLiteral("id")).toString())));
    }
}

void TestExportAll::everyFileCarriesMetadata()
{
    const QString pdfinfo = QStandardPaths::findExecutable(QStringLiteral("pdfinfo"));
    const QString pdftotext = QStandardPaths::findExecutable(QStringLiteral("pdftotext"));
    for (const QJsonValue& value : m_index.value(QStringLiteral("panels")).toArray()) {
        const QJsonObject panel = value.toObject();
        const QString id = panel.value(QStringLiteral("id")).toString();
        const QJsonObject files = panel.value(QStringLiteral("files")).toObject();
        const QString seed = QStringLiteral("seed %1").arg(panel.value(QStringLiteral("seed")).toInteger());

        const QImage png(QDir(m_out).filePath(files.value(QStringLiteral("png")).toString()));
        QVERIFY2(!png.isNull(), qPrintable(id));
        const QString description = png.text(QStringLiteral("Description"));
        QVERIFY2(missingMetadata(description).isEmpty(), qPrintable(id + QStringLiteral(" PNG: ") + description));
        QVERIFY2(description.contains(seed), qPrintable(id));
        QVERIFY2(description.contains(panel.value(QStringLiteral("metadata")).toString()), qPrintable(id));

        QXmlStreamReader svg(readAll(QDir(m_out).filePath(files.value(QStringLiteral("svg")).toString())));
        QString desc;
        while (!svg.atEnd())
            if (svg.readNext() == QXmlStreamReader::StartElement && svg.name() == QLatin1String("desc"))
                desc = svg.readElementText();
        QVERIFY2(missingMetadata(desc).isEmpty() && desc.contains(seed), qPrintable(id + QStringLiteral(" SVG: ") + desc));

        const QString pdf = QDir(m_out).filePath(files.value(QStringLiteral("pdf")).toString());
        QVERIFY(readAll(pdf).startsWith("%PDF-"));
        if (!pdfinfo.isEmpty()) {
            QProcess info;
            info.start(pdfinfo, {pdf});
            QVERIFY(info.waitForFinished(30000));
            const QString title = QString::fromUtf8(info.readAllStandardOutput()).section(QStringLiteral("Title:"), 1)
                                      .section(QLatin1Char('\n'), 0, 0);
            QVERIFY2(missingMetadata(title).isEmpty() && title.contains(seed), qPrintable(id + QStringLiteral(" PDF title: ") + title));
        }
        if (!pdftotext.isEmpty()) {  // and the title is on the page
            QProcess text;
            text.start(pdftotext, {pdf, QStringLiteral("-")});
            QVERIFY(text.waitForFinished(30000));
            const QString page = QString::fromUtf8(text.readAllStandardOutput()).simplified();
            QVERIFY2(missingMetadata(page).isEmpty() && page.contains(seed), qPrintable(id + QStringLiteral(" PDF page: ") + page.left(400)));
        }

        for (const QJsonValue& csv : files.value(QStringLiteral("csv")).toArray()) {
            const QString name = csv.toObject().value(QStringLiteral("file")).toString();
            QString comments;
            for (const QString& line : QString::fromUtf8(readAll(QDir(m_out).filePath(name))).split(QLatin1Char('\n')))
                if (line.startsWith(QLatin1Char('#')))
                    comments += line + QLatin1Char('\n');
            QVERIFY2(missingMetadata(comments).isEmpty() && comments.contains(seed), qPrintable(name + QStringLiteral(": ") + comments));
            QVERIFY2(comments.contains(QStringLiteral("# plot: ") + csv.toObject().value(QStringLiteral("plot")).toString()),
                     qPrintable(name));
        }
    }
}

void TestExportAll::svgsParse()
{
    for (const QJsonValue& value : m_index.value(QStringLiteral("panels")).toArray()) {
        const QString name = value.toObject().value(QStringLiteral("files")).toObject().value(QStringLiteral("svg")).toString();
        QXmlStreamReader xml(readAll(QDir(m_out).filePath(name)));
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY2(!xml.hasError(), qPrintable(name + QStringLiteral(": ") + xml.errorString()));
        QSvgRenderer renderer(QDir(m_out).filePath(name));
        QVERIFY2(renderer.isValid(), qPrintable(name));
        // A figure 180 mm wide at 96 dpi is 680 px (more if a panel's layout needs more, scaled on paper).
        QVERIFY2(renderer.viewBox().width() >= 680, qPrintable(name));
    }
}

// Every colour that covers a visible area of the PNG (traces, legend markers, fills) must also be in poppler's
// rendering of the PDF: a legend that shows only its first entry, or a series missing from the PDF, fails here.
void TestExportAll::pdfsRenderWithPopplerLikeThePngs()
{
    const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
    // Skips only outside the project's set-up: scripts/common.sh installs poppler-utils, so CI always runs it.
    if (pdftoppm.isEmpty())
        QSKIP("pdftoppm (poppler-utils, in scripts/common.sh) is not installed");
    QTemporaryDir rasters;
    for (const QJsonValue& value : m_index.value(QStringLiteral("panels")).toArray()) {
        const QJsonObject files = value.toObject().value(QStringLiteral("files")).toObject();
        const QImage png(QDir(m_out).filePath(files.value(QStringLiteral("png")).toString()));
        const QString prefix = rasters.filePath(value.toObject().value(QStringLiteral("id")).toString().replace(QLatin1Char('/'), QLatin1Char('-')));
        QProcess process;
        process.start(pdftoppm, {QStringLiteral("-r"), QStringLiteral("192"), QStringLiteral("-png"),
                                 QStringLiteral("-singlefile"),
                                 QDir(m_out).filePath(files.value(QStringLiteral("pdf")).toString()), prefix});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QImage raster(prefix + QStringLiteral(".png"));
        QVERIFY(!raster.isNull());
        const QHash<QRgb, int> inPdf = prominentColours(raster, 4);
        const QHash<QRgb, int> inPng = prominentColours(png, 150);
        QVERIFY(!inPng.isEmpty());
        for (auto it = inPng.begin(); it != inPng.end(); ++it) {
            bool found = false;
            for (auto p = inPdf.begin(); p != inPdf.end() && !found; ++p)
                found = std::abs(qRed(p.key()) - qRed(it.key())) + std::abs(qGreen(p.key()) - qGreen(it.key())) +
                                std::abs(qBlue(p.key()) - qBlue(it.key())) <=
                            100 ||  // thin lines are antialiased differently by poppler
                        sameHue(p.key(), it.key());  // a line's blended edge: its colour mixed with white
            QVERIFY2(found, qPrintable(QStringLiteral("%1: colour #%2 (%3 px in the PNG) is missing from the PDF")
                                           .arg(files.value(QStringLiteral("pdf")).toString())
                                           .arg(it.key() & 0xffffff, 6, 16, QLatin1Char('0'))
                                           .arg(it.value())));
        }
    }
}

// Regression, issue 9: "CSVs print 0.30000000000000004 and repeat label columns on every row (815 KB for 10 pulses)".
void TestExportAll::csvsAreCompactOnePerPlot()
{
    qint64 largest = 0;
    QString largestName;
    for (const QJsonValue& value : m_index.value(QStringLiteral("panels")).toArray())
        for (const QJsonValue& csv : value.toObject().value(QStringLiteral("files")).toObject().value(QStringLiteral("csv")).toArray()) {
            const QString name = csv.toObject().value(QStringLiteral("file")).toString();
            const QString plot = csv.toObject().value(QStringLiteral("plot")).toString();
            const QByteArray bytes = readAll(QDir(m_out).filePath(name));
            if (bytes.size() > largest) {
                largest = bytes.size();
                largestName = name;
            }
            QVERIFY2(!bytes.contains("0000000000"), qPrintable(name));  // no binary noise such as 0.30000000000000004
            QVERIFY2(bytes.count(plot.toUtf8()) <= 1 + bytes.count("# series"), qPrintable(name));  // labels once
            int rows = 0, columns = -1;
            for (const QByteArray& line : bytes.split('\n')) {
                if (line.isEmpty() || line.startsWith('#'))
                    continue;
                ++rows;
                // Commas inside a quoted field (a series named "uniform, mean − SD") do not separate fields.
                int fields = 1;
                bool quoted = false;
                for (const char c : line) {
                    quoted = c == '"' ? !quoted : quoted;
                    fields += c == ',' && !quoted;
                }
                if (columns < 0)
                    columns = fields;
                QVERIFY2(rows == 1 || fields >= columns, qPrintable(name + QStringLiteral(": ") + QString::fromUtf8(line)));
                if (rows > 1) {  // a row of numbers, the series name at most in front, none above 12 digits
                    // (A wide row may be long, e.g. a heatmap of 200 trials; what must not repeat is text.)
                    int texts = 0;
                    QList<QByteArray> split{QByteArray()};  // fields, commas inside quotes kept
                    bool inQuotes = false;
                    for (const char c : line) {
                        inQuotes = c == '"' ? !inQuotes : inQuotes;
                        if (c == ',' && !inQuotes)
                            split.append(QByteArray());
                        else
                            split.last().append(c);
                    }
                    for (const QByteArray& field : split) {
                        bool isNumber = false;
                        field.toDouble(&isNumber);
                        if (!isNumber) {
                            QVERIFY2(++texts <= 1 || field.isEmpty() || field == "nan",
                                     qPrintable(name + QStringLiteral(": text in a data row: ") + QString::fromUtf8(line.left(200))));
                            continue;
                        }
                        QByteArray digits = field.split('e').first();
                        digits.replace('-', "").replace('.', "");
                        while (digits.startsWith('0'))
                            digits.remove(0, 1);
                        QVERIFY2(digits.size() <= 12, qPrintable(name + QStringLiteral(": ") + QString::fromUtf8(field)));
                    }
                }
            }
            QVERIFY2(rows >= 1, qPrintable(name));
        }
    // 1000 ms of a trace at 0.1 ms with every label on every row was ~800 KB; compact it is far below.
    QVERIFY2(largest < 400 * 1024, qPrintable(QStringLiteral("%1 is %2 bytes").arg(largestName).arg(largest)));
}

void TestExportAll::existingFilesAreReplaced()
{
    const QImage replaced(QDir(m_out).filePath(QStringLiteral("foundations-lif-lab.png")));
    QVERIFY(!replaced.isNull());
}

void TestExportAll::unusableFolderIsOneLineError_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("reason");
    QFile file(m_dir.filePath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QTest::newRow("below a regular file") << m_dir.filePath(QStringLiteral("a-file/figures")) << QStringLiteral("Not a directory");
    QTest::newRow("a regular file") << m_dir.filePath(QStringLiteral("a-file")) << QStringLiteral("a-file");
    QTest::newRow("read-only file system") << QStringLiteral("/proc/neuroai-figures") << QStringLiteral("/proc/neuroai-figures");
}

void TestExportAll::unusableFolderIsOneLineError()
{
    QFETCH(QString, folder);
    QFETCH(QString, reason);
    const Result r = explorer({QStringLiteral("--export-all"), folder});
    QVERIFY(r.finished);
    QVERIFY2(r.exitCode != 0, r.err.constData());
    QCOMPARE(r.errorLines().size(), 1);
    QVERIFY2(r.errorLines().first().startsWith(QLatin1String("neuroai-explorer: error: --export-all")), r.err.constData());
    QVERIFY2(r.errorLines().first().contains(reason), r.err.constData());
}

void TestExportAll::exportAllRefusesPanelOptions()
{
    const Result r = explorer({QStringLiteral("--export-all"), m_dir.filePath(QStringLiteral("x")), QStringLiteral("--panel"),
                               QStringLiteral("foundations/lif-lab")});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errorLines().size(), 1);
    QVERIFY2(r.errorLines().first().contains(QStringLiteral("--panel")), r.err.constData());
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("x"))));
}

// Regression, issue 9: "a second --export silently replaces the first". All are written, from the same run.
void TestExportAll::severalExportsInOneRun()
{
    const QString png = m_dir.filePath(QStringLiteral("several.png"));
    const QString svg = m_dir.filePath(QStringLiteral("several.svg"));
    const QString pdf = m_dir.filePath(QStringLiteral("several.pdf"));
    const Result r = explorer({QStringLiteral("--chapter"), QStringLiteral("foundations"), QStringLiteral("--run-ms"),
                               QStringLiteral("100"), QStringLiteral("--seed"), QStringLiteral("77"),
                               QStringLiteral("--export"), png, QStringLiteral("--export"), svg,
                               QStringLiteral("--export"), pdf});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(QImage(png).text(QStringLiteral("Description")).contains(QStringLiteral("seed 77")));
    QVERIFY(QSvgRenderer(svg).isValid());
    QVERIFY(readAll(pdf).startsWith("%PDF-"));
    // The same file twice is a mistake, not a silent overwrite.
    const Result twice = explorer({QStringLiteral("--export"), png, QStringLiteral("--export"), png});
    QCOMPARE(twice.exitCode, 2);
    QCOMPARE(twice.errorLines().size(), 1);
    QVERIFY2(twice.errorLines().first().contains(QStringLiteral("given twice")), twice.err.constData());
}

void TestExportAll::figureSizeOption()
{
    const QString png = m_dir.filePath(QStringLiteral("sized.png"));
    const Result r = explorer({QStringLiteral("--chapter"), QStringLiteral("foundations"), QStringLiteral("--run-ms"),
                               QStringLiteral("100"), QStringLiteral("--figure-size"), QStringLiteral("240x160"),
                               QStringLiteral("--scale"), QStringLiteral("1"), QStringLiteral("--export"), png});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY2(std::abs(image.width() * 1000.0 / image.dotsPerMeterX() - 240) < 0.5, qPrintable(QString::number(image.width())));
    QVERIFY2(std::abs(image.height() * 1000.0 / image.dotsPerMeterY() - 160) < 0.5, qPrintable(QString::number(image.height())));
    const Result bad = explorer({QStringLiteral("--figure-size"), QStringLiteral("huge"), QStringLiteral("--export"), png});
    QCOMPARE(bad.exitCode, 2);
    QCOMPARE(bad.errorLines().size(), 1);
    QVERIFY2(bad.errorLines().first().contains(QStringLiteral("--figure-size")), bad.err.constData());
}

QTEST_MAIN(TestExportAll)
#include "tst_exportall.moc"
