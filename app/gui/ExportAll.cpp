#include "app/gui/ExportAll.h"

#include "app/gui/FrameBenchmark.h"
#include "app/gui/GuiCommandLine.h"
#include "app/gui/MainWindow.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"

#include <spdlog/spdlog.h>

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTemporaryFile>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace neuroai::app {

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "neuroai-explorer: error: %s\n", qPrintable(message));
}

// A file-name part: lower case letters, digits and single dashes ("f-I curve" → "f-i-curve").
QString slug(const QString& text)
{
    static const QRegularExpression other(QStringLiteral("[^a-z0-9]+"));
    QString s = text.toLower().replace(other, QStringLiteral("-"));
    while (s.startsWith(QLatin1Char('-')))
        s.remove(0, 1);
    while (s.endsWith(QLatin1Char('-')))
        s.chop(1);
    return s.isEmpty() ? QStringLiteral("plot") : s;
}

// Creates `dir` (and its parents) and checks that a file can be created in it. Empty on success.
QString prepareFolder(const QString& dir)
{
    std::error_code error;
    const std::filesystem::path path(QFile::encodeName(dir).toStdString());
    std::filesystem::create_directories(path, error);
    if (error)
        return QStringLiteral("--export-all: cannot create folder '%1': %2")
            .arg(QDir::toNativeSeparators(dir), QString::fromLocal8Bit(error.message()));
    if (!std::filesystem::is_directory(path, error))
        return QStringLiteral("--export-all: '%1' is not a folder").arg(QDir::toNativeSeparators(dir));
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".neuroai-probe-XXXXXX")));
    if (!probe.open())
        return QStringLiteral("--export-all: cannot write into folder '%1': %2")
            .arg(QDir::toNativeSeparators(dir), probe.errorString());
    return {};
}

QJsonObject parametersJson(const chapters::ExperimentPanel& panel)
{
    QJsonObject parameters;
    const ParamSet set = panel.currentParameters();
    for (const ParamSpec& spec : set.specs()) {
        const double value = set.get(spec.key);
        const QString key = QString::fromStdString(spec.key);
        if (spec.isChoice() && value >= 0 && value < double(spec.choices.size()))
            parameters.insert(key, QString::fromStdString(spec.choices[std::size_t(value)]));
        else
            parameters.insert(key, value);
    }
    return parameters;
}

QString htmlPage(const QJsonArray& panels, const QString& version, double seconds)
{
    QString html;
    html += QStringLiteral(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        "<title>NeuroAI Explorer figures</title>\n<style>\n"
        "body{font-family:'DejaVu Sans',sans-serif;margin:2em;max-width:1200px;color:#222}\n"
        "section{border-top:1px solid #ccc;padding:1em 0;display:flex;gap:1.5em;align-items:flex-start}\n"
        "img{width:360px;border:1px solid #ddd}\nh2{font-size:1.1em;margin:0 0 .4em}\n"
        "code,td{font-size:.85em}\ntd{padding:0 .6em 0 0;vertical-align:top}\n</style>\n</head>\n<body>\n");
    html += QStringLiteral("<h1>NeuroAI Explorer %1: every panel's figure</h1>\n").arg(version.toHtmlEscaped());
    html += QStringLiteral("<p>%1 panels, each run headless at its defaults; exported in %2 s. "
                           "Rebuild with <code>neuroai-explorer --export-all DIR</code>.</p>\n")
                .arg(panels.size())
                .arg(seconds, 0, 'f', 1);
    for (const QJsonValue& value : panels) {
        const QJsonObject panel = value.toObject();
        const QJsonObject files = panel.value(QStringLiteral("files")).toObject();
        const QString png = files.value(QStringLiteral("png")).toString();
        html += QStringLiteral("<section id=\"%1\">\n").arg(panel.value(QStringLiteral("id")).toString().toHtmlEscaped());
        html += QStringLiteral("<a href=\"%1\"><img src=\"%1\" alt=\"%2\"/></a>\n<div>\n")
                    .arg(png.toHtmlEscaped(), panel.value(QStringLiteral("title")).toString().toHtmlEscaped());
        html += QStringLiteral("<h2>%1 — %2</h2>\n")
                    .arg(panel.value(QStringLiteral("chapter_title")).toString().toHtmlEscaped(),
                         panel.value(QStringLiteral("title")).toString().toHtmlEscaped());
        html += QStringLiteral("<table>\n<tr><td>panel</td><td><code>%1</code></td></tr>\n"
                               "<tr><td>model</td><td>%2</td></tr>\n<tr><td>seed</td><td>%3</td></tr>\n"
                               "<tr><td>simulated</td><td>%4 ms</td></tr>\n<tr><td>version</td><td>%5</td></tr>\n")
                    .arg(panel.value(QStringLiteral("id")).toString().toHtmlEscaped(),
                         panel.value(QStringLiteral("model")).toString().toHtmlEscaped(),
                         panel.value(QStringLiteral("seed")).toVariant().toString(),
                         QString::number(panel.value(QStringLiteral("run_ms")).toDouble()),
                         panel.value(QStringLiteral("version")).toString().toHtmlEscaped());
        QStringList parameters;
        const QJsonObject values = panel.value(QStringLiteral("parameters")).toObject();
        for (auto it = values.begin(); it != values.end(); ++it)
            parameters << QStringLiteral("%1=%2").arg(it.key(), it.value().isString() ? it.value().toString()
                                                                                      : widgets::csvNumber(it.value().toDouble()));
        html += QStringLiteral("<tr><td>parameters</td><td><code>%1</code></td></tr>\n")
                    .arg(parameters.join(QStringLiteral(", ")).toHtmlEscaped());
        QStringList links;
        for (const char* kind : {"png", "svg", "pdf"})
            links << QStringLiteral("<a href=\"%1\">%2</a>")
                         .arg(files.value(QLatin1String(kind)).toString().toHtmlEscaped(), QString::fromLatin1(kind).toUpper());
        html += QStringLiteral("<tr><td>figure</td><td>%1</td></tr>\n").arg(links.join(QStringLiteral(" · ")));
        QStringList csvLinks;
        for (const QJsonValue& csv : files.value(QStringLiteral("csv")).toArray()) {
            const QJsonObject entry = csv.toObject();
            csvLinks << QStringLiteral("<a href=\"%1\">%2</a>")
                            .arg(entry.value(QStringLiteral("file")).toString().toHtmlEscaped(),
                                 entry.value(QStringLiteral("plot")).toString().toHtmlEscaped());
        }
        html += QStringLiteral("<tr><td>data (CSV)</td><td>%1</td></tr>\n</table>\n</div>\n</section>\n")
                    .arg(csvLinks.isEmpty() ? QStringLiteral("none") : csvLinks.join(QStringLiteral(" · ")));
    }
    html += QStringLiteral("</body>\n</html>\n");
    return html;
}

}  // namespace

int runExportAll(const GuiOptions& o)
{
    QElapsedTimer timer;
    timer.start();
    const QString dir = o.exportAllDir;
    if (const QString error = prepareFolder(dir); !error.isEmpty()) {
        printError(error);
        return 1;
    }
    const QString version = QString::fromLatin1(kVersion);
    const double runMs = o.runMs.value_or(1000.0);

    MainWindow window;
    window.setPersistent(false);
    window.resize(o.size.value_or(QSize(1280, 800)));
    window.show();
    settleEvents(50);

    QJsonArray panels;
    int failures = 0;
    int fileCount = 0;
    auto write = [&](const QString& error, const QString& path) {
        if (!error.isEmpty()) {
            printError(error);
            ++failures;
            return false;
        }
        spdlog::debug("wrote {}", path.toStdString());
        ++fileCount;
        return true;
    };
    for (const QString& id : chapters::allPanelIds()) {
        if (!window.showPanel(id)) {
            printError(QStringLiteral("--export-all: panel '%1' could not be opened").arg(id));
            ++failures;
            continue;
        }
        chapters::ExperimentPanel* panel = window.currentPanel();
        if (!panel || panel->panelId() != id) {
            printError(QStringLiteral("--export-all: panel '%1' could not be opened").arg(id));
            ++failures;
            continue;
        }
        if (o.seedGiven)
            if (const QString error = panel->setSeed(o.seed); !error.isEmpty()) {
                printError(QStringLiteral("%1: --seed: %2").arg(id, error));
                ++failures;
                continue;
            }
        settleEvents(20);
        QStringList simulationErrors;
        QMetaObject::Connection errorConnection;
        if (chapters::SimulationController* c = panel->controller())
            errorConnection = QObject::connect(c, &chapters::SimulationController::simulationError, c,
                                               [&simulationErrors](const QString& m) { simulationErrors << m; });
        const auto forget = qScopeGuard([&errorConnection] { QObject::disconnect(errorConnection); });
        if (!panel->runHeadless(runMs)) {
            printError(QStringLiteral("%1: the simulation did not finish in time; nothing was exported").arg(id));
            ++failures;
            continue;
        }
        settleEvents(20);
        if (!simulationErrors.isEmpty()) {
            printError(QStringLiteral("%1: %2 Nothing was exported.").arg(id, simulationErrors.first()));
            ++failures;
            continue;
        }

        const QString base = slug(id.section(QLatin1Char('/'), 0, 0)) + QLatin1Char('-') +
                             slug(id.section(QLatin1Char('/'), 1));
        const QString metadata = panel->metadata();
        QJsonObject files;
        for (const char* kind : {"png", "svg", "pdf"}) {
            const QString name = base + QLatin1Char('.') + QLatin1String(kind);
            const QString path = QDir(dir).filePath(name);
            if (write(window.exportFigure(path, o.scale, o.figureSizeMm), path))
                files.insert(QLatin1String(kind), name);
        }
        QJsonArray csvFiles;
        QStringList usedNames;
        for (const QList<widgets::DataSeries>& plot : widgets::seriesByPlot(panel->dataSeries())) {
            const QString plotName = plot.first().plot;
            QString name = base + QStringLiteral("--") + slug(plotName) + QStringLiteral(".csv");
            for (int k = 2; usedNames.contains(name); ++k)
                name = base + QStringLiteral("--") + slug(plotName) + QStringLiteral("-%1.csv").arg(k);
            usedNames << name;
            const QString path = QDir(dir).filePath(name);
            const QByteArray csv = widgets::toTidyCsv(metadata + QStringLiteral("\nplot: ") + plotName, plot);
            if (write(widgets::FigureExporter::writeFile(path, csv), path))
                csvFiles.append(QJsonObject{{QStringLiteral("file"), name}, {QStringLiteral("plot"), plotName}});
        }
        files.insert(QStringLiteral("csv"), csvFiles);

        const chapters::ChapterInfo* chapter = chapters::findChapter(id.section(QLatin1Char('/'), 0, 0));
        panels.append(QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("chapter"), id.section(QLatin1Char('/'), 0, 0)},
            {QStringLiteral("chapter_title"), chapter ? QString::fromUtf8(chapter->title) : QString()},
            {QStringLiteral("title"), panel->title()},
            {QStringLiteral("model"), panel->currentModel()},
            {QStringLiteral("preset"), panel->captureState().preset},
            {QStringLiteral("parameters"), parametersJson(*panel)},
            {QStringLiteral("seed"), panel->currentSeed() < (quint64(1) << 53) ? QJsonValue(double(panel->currentSeed()))
                                                                                : QJsonValue(QString::number(panel->currentSeed()))},
            {QStringLiteral("run_ms"), runMs},
            {QStringLiteral("version"), version},
            {QStringLiteral("metadata"), metadata},
            {QStringLiteral("files"), files},
        });
    }

    const double seconds = timer.elapsed() / 1000.0;
    const QSizeF figure = o.figureSizeMm;
    const QJsonObject index{
        {QStringLiteral("format"), QStringLiteral("neuroai-explorer-figures")},
        {QStringLiteral("schema"), 1},
        {QStringLiteral("app"), QString::fromLatin1(kApplicationName)},
        {QStringLiteral("version"), version},
        {QStringLiteral("figure_size_mm"), QJsonArray{figure.width(), figure.height()}},
        {QStringLiteral("png_scale"), o.scale},
        {QStringLiteral("run_ms"), runMs},
        {QStringLiteral("panels"), panels},
    };
    const QString jsonPath = QDir(dir).filePath(QStringLiteral("index.json"));
    write(widgets::FigureExporter::writeFile(jsonPath, QJsonDocument(index).toJson(QJsonDocument::Indented)), jsonPath);
    const QString htmlPath = QDir(dir).filePath(QStringLiteral("index.html"));
    write(widgets::FigureExporter::writeFile(htmlPath, htmlPage(panels, version, seconds).toUtf8()), htmlPath);
    spdlog::info("--export-all: wrote {} files for {} panels to {} in {:.1f} s", fileCount, panels.size(),
                 dir.toStdString(), timer.elapsed() / 1000.0);
    return failures == 0 ? 0 : 1;
}

}  // namespace neuroai::app
