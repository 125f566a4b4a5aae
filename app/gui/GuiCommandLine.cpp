#include "app/gui/GuiCommandLine.h"

#include "app/gui/FrameBenchmark.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Recorder.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/SimulationController.h"
#include "chapters/intro/IntroPanel.h"
#include "engine/core/ParamSpec.h"
#include "widgets/FigureExporter.h"

#include <spdlog/spdlog.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRegularExpression>
#include <QScopeGuard>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace neuroai::app {

namespace {

struct ParserSetup {
    QCommandLineParser parser;
    ParserSetup()
    {
        parser.setApplicationDescription(QStringLiteral("NeuroAI Explorer: live experiments for 'The Neuroscience of AI'."));
        parser.addOptions({
            {QStringLiteral("chapter"), QStringLiteral("Open chapter ID (e.g. foundations)."), QStringLiteral("ID")},
            {QStringLiteral("panel"), QStringLiteral("Open panel ID (e.g. foundations/lif-lab; see --list-panels)."), QStringLiteral("ID")},
            {QStringLiteral("list-panels"), QStringLiteral("Print every panel id, one per line, and exit.")},
            {QStringLiteral("scenario"), QStringLiteral("Open a scenario file (a .json file given alone does the same)."), QStringLiteral("FILE")},
            {QStringLiteral("save-scenario"), QStringLiteral("After all other options, save the panel's state as a scenario and exit."), QStringLiteral("FILE")},
            {QStringLiteral("preset"), QStringLiteral("Apply preset NAME of the chapter's first panel, or PANEL/NAME of panel PANEL (0 = first)."), QStringLiteral("NAME")},
            {QStringLiteral("set"), QStringLiteral("Set a parameter (repeatable)."), QStringLiteral("KEY=VALUE")},
            {QStringLiteral("run-ms"), QStringLiteral("Simulate MS of simulated time (default 1000 with an export)."), QStringLiteral("MS")},
            {QStringLiteral("seed"), QStringLiteral("Seed of the random source (default 1)."), QStringLiteral("N")},
            {QStringLiteral("size"), QStringLiteral("Window size in logical pixels (default 1280x800)."), QStringLiteral("WxH")},
            {QStringLiteral("export"), QStringLiteral("Write the panel's figure (.png, .svg or .pdf) and exit; repeatable (e.g. a PNG and a PDF of the same run)."), QStringLiteral("FILE")},
            {QStringLiteral("export-all"), QStringLiteral("Run every panel of every chapter at its defaults and write a PNG, SVG and PDF per panel, a CSV per plot and index.json/index.html into DIR (created if missing), then exit."), QStringLiteral("DIR")},
            {QStringLiteral("figure-size"), QStringLiteral("Size of exported figures in millimetres (default 180x135)."), QStringLiteral("WxH")},
            {QStringLiteral("scale"), QStringLiteral("PNG export scale, 0.25-8 (default 2 = 192 dpi)."), QStringLiteral("S")},
            {QStringLiteral("export-data"), QStringLiteral("Write the plotted data as CSV and exit."), QStringLiteral("FILE")},
            {QStringLiteral("screenshot"), QStringLiteral("Write a PNG screenshot of the window and exit."), QStringLiteral("FILE")},
            {QStringLiteral("benchmark-gui"), QStringLiteral("Measure GUI frame times for S seconds while simulating as fast as possible."), QStringLiteral("S")},
            {QStringLiteral("benchmark-raster"), QStringLiteral("Measure GUI frame times for 10 s (or --benchmark-gui S) while a raster of N Poisson neurons at 10 Hz streams in real time."), QStringLiteral("N")},
            {QStringLiteral("soak"), QStringLiteral("Drive random commands through the GUI at 5 per second; after the warm-up, measure RSS for S seconds, print its growth as JSON, exit 1 above 5% per hour."), QStringLiteral("S")},
            {QStringLiteral("soak-warm-up"), QStringLiteral("Seconds of the same random commands before --soak starts measuring, 0-86400 (default 600: the allocator's free lists take about 8 minutes to settle)."), QStringLiteral("S")},
            {QStringLiteral("soak-tab-run"), QStringLiteral("Seconds each tab's simulation runs when --soak first opens every tab, so its buffers reach their working size before the warm-up, 0-60 (default 2.2)."), QStringLiteral("S")},
            {QStringLiteral("presentation"), QStringLiteral("Start in presentation mode (full screen, large type; F11 toggles).")},
            {QStringLiteral("record"), QStringLiteral("Record --run-ms of simulated time (default 2000) as an animation and exit: FILE.gif is an animated GIF, FILE.png numbered frames FILE-00001.png, ..., a folder DIR/frame-00001.png, .... One frame per 1000/fps ms of simulated time."), QStringLiteral("FILE")},
            {QStringLiteral("fps"), QStringLiteral("Frames per second of --record, 1-50 (default 10; a GIF stores delays in 1/100 s, so the rate becomes 100/round(100/N))."), QStringLiteral("N")},
            {QStringLiteral("frame-size"), QStringLiteral("Size of --record's frames in pixels (default 1280x800)."), QStringLiteral("WxH")},
            {QStringLiteral("log-level"), QStringLiteral("trace, debug, info, warn, error or off (or NEUROAI_LOG_LEVEL)."), QStringLiteral("LEVEL")},
            {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")},
            {QStringLiteral("version"), QStringLiteral("Show the version.")},
        });
    }
};

std::optional<double> number(const QString& text) { return parseNumber(text.toStdString()); }

// An option given with an empty value (--preset '') is a mistake, never "use the default".
QString emptyValueError(const QCommandLineParser& p)
{
    for (const char* name : {"chapter", "panel", "scenario", "save-scenario", "preset", "set", "run-ms", "seed", "size",
                             "export", "export-all", "figure-size", "scale", "export-data", "screenshot", "benchmark-gui",
                             "benchmark-raster", "soak", "soak-warm-up", "soak-tab-run", "log-level", "record", "fps", "frame-size"}) {
        const QString option = QString::fromLatin1(name);
        if (!p.isSet(option))
            continue;
        for (const QString& value : p.values(option))
            if (value.trimmed().isEmpty())
                return QStringLiteral("--%1: the value is empty").arg(option);
    }
    return {};
}

}  // namespace

namespace {

// Every preset file in the resources, by panel id, from the files themselves (so --help stays true as presets are
// added): model → names, in the order the panel lists them ("order", then name).
QMap<QString, QMap<QString, QStringList>> presetsByPanel()
{
    struct Entry {
        int order;
        QString name;
    };
    QMap<QString, QMap<QString, QList<Entry>>> entries;
    QDirIterator files(QStringLiteral(":/presets"), {QStringLiteral("*.json")}, QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString path = files.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        const QString panel = object.value(QStringLiteral("panel")).toString();
        if (panel.isEmpty())
            continue;
        const QString model = object.value(QStringLiteral("state")).toObject().value(QStringLiteral("model")).toString();
        entries[panel][model].append({object.value(QStringLiteral("order")).toInt(1000), QFileInfo(path).completeBaseName()});
    }
    QMap<QString, QMap<QString, QStringList>> result;
    for (auto panel = entries.begin(); panel != entries.end(); ++panel)
        for (auto model = panel->begin(); model != panel->end(); ++model) {
            QList<Entry> list = model.value();
            std::sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) {
                return a.order != b.order ? a.order < b.order : a.name < b.name;
            });
            QStringList& names = result[panel.key()][model.key()];
            for (const Entry& e : list)
                names << e.name;
        }
    return result;
}

}  // namespace

QString guiUsage()
{
    ParserSetup setup;
    QString text = setup.parser.helpText();
    // Without a QApplication (help works without a display) Qt cannot know the program's name.
    text.replace(QStringLiteral("<executable_name>"), QStringLiteral("neuroai-explorer"));
    text += QStringLiteral("\nChapters (--chapter ID), their panels (--panel ID) and each panel's presets (--preset NAME;"
                           "\nMODEL/NAME picks the model; --set model=MODEL switches the model):\n");
    const auto presets = presetsByPanel();
    for (const chapters::ChapterInfo& chapter : chapters::chapterRegistry()) {
        text += QStringLiteral("  %1  (chapter %2: %3)\n")
                    .arg(QString::fromLatin1(chapter.id))
                    .arg(chapter.number)
                    .arg(QString::fromUtf8(chapter.title));
        for (const chapters::PanelInfo& panel : chapter.panels) {
            const QString id = QStringLiteral("%1/%2").arg(QString::fromLatin1(chapter.id), QString::fromLatin1(panel.id));
            text += QStringLiteral("    %1\n").arg(id);
            const auto models = presets.value(id);
            if (models.isEmpty())
                text += QStringLiteral("      (no presets)\n");
            for (auto model = models.begin(); model != models.end(); ++model)
                text += models.size() > 1 || model.key().isEmpty()
                            ? QStringLiteral("      %1: %2\n").arg(model.key(), model.value().join(QStringLiteral(", ")))
                            : QStringLiteral("      presets: %1\n").arg(model.value().join(QStringLiteral(", ")));
        }
    }
    return text;
}

QString parseGuiOptions(const QStringList& arguments, GuiOptions& o, bool& help, bool& version)
{
    ParserSetup setup;
    QCommandLineParser& p = setup.parser;
    if (!p.parse(QStringList{QStringLiteral("neuroai-explorer")} + arguments))
        return p.errorText();
    // A desktop opens a scenario by passing its path alone.
    const QStringList positional = p.positionalArguments();
    if (positional.size() == 1 && positional.first().endsWith(QLatin1String(".json"), Qt::CaseInsensitive) &&
        !p.isSet(QStringLiteral("scenario")))
        o.scenarioPath = positional.first();
    else if (!positional.isEmpty())
        return QStringLiteral("unexpected argument '%1'").arg(positional.first());
    if (QString error = emptyValueError(p); !error.isEmpty())
        return error;
    help = p.isSet(QStringLiteral("help"));
    version = p.isSet(QStringLiteral("version"));
    o.chapter = p.value(QStringLiteral("chapter"));
    o.panel = p.value(QStringLiteral("panel"));
    o.listPanels = p.isSet(QStringLiteral("list-panels"));
    if (p.isSet(QStringLiteral("scenario")))
        o.scenarioPath = p.value(QStringLiteral("scenario"));
    o.saveScenarioPath = p.value(QStringLiteral("save-scenario"));
    o.preset = p.value(QStringLiteral("preset"));
    o.assignments = p.values(QStringLiteral("set"));
    o.exportPaths = p.values(QStringLiteral("export"));
    o.exportAllDir = p.value(QStringLiteral("export-all"));
    if (p.isSet(QStringLiteral("figure-size"))) {
        QString error;
        o.figureSizeMm = widgets::FigureExporter::parseFigureSize(p.value(QStringLiteral("figure-size")), &error);
        if (!error.isEmpty())
            return QStringLiteral("--figure-size: %1").arg(error);
    }
    if (!o.exportAllDir.isEmpty())
        for (const char* other : {"chapter", "panel", "scenario", "save-scenario", "preset", "set", "export",
                                  "export-data", "screenshot", "benchmark-gui", "benchmark-raster", "soak", "presentation"})
            if (p.isSet(QString::fromLatin1(other)))
                return QStringLiteral("--export-all writes every panel at its defaults; it cannot be combined with --%1")
                    .arg(QString::fromLatin1(other));
    o.exportDataPath = p.value(QStringLiteral("export-data"));
    o.screenshotPath = p.value(QStringLiteral("screenshot"));
    o.logLevel = p.value(QStringLiteral("log-level"));
    o.presentation = p.isSet(QStringLiteral("presentation"));
    if (p.isSet(QStringLiteral("run-ms"))) {
        const auto ms = number(p.value(QStringLiteral("run-ms")));
        if (!ms || *ms <= 0 || *ms > 1e7)
            return QStringLiteral("--run-ms: '%1' is not a number of milliseconds in (0, 1e7]").arg(p.value(QStringLiteral("run-ms")));
        o.runMs = *ms;
    }
    if (p.isSet(QStringLiteral("seed"))) {
        o.seedGiven = true;
        bool ok = false;
        o.seed = p.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return QStringLiteral("--seed: '%1' is not a non-negative whole number").arg(p.value(QStringLiteral("seed")));
    }
    if (p.isSet(QStringLiteral("size"))) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
        const auto match = pattern.match(p.value(QStringLiteral("size")));
        const int w = match.captured(1).toInt(), h = match.captured(2).toInt();
        if (!match.hasMatch() || w < 320 || h < 240 || w > 7680 || h > 4320)
            return QStringLiteral("--size: '%1' is not WIDTHxHEIGHT between 320x240 and 7680x4320").arg(p.value(QStringLiteral("size")));
        o.size = QSize(w, h);
    }
    if (p.isSet(QStringLiteral("scale"))) {
        const auto s = number(p.value(QStringLiteral("scale")));
        if (!s || *s < 0.25 || *s > 8)
            return QStringLiteral("--scale: '%1' is not a number between 0.25 and 8").arg(p.value(QStringLiteral("scale")));
        o.scale = *s;
    }
    if (p.isSet(QStringLiteral("benchmark-gui"))) {
        const auto s = number(p.value(QStringLiteral("benchmark-gui")));
        if (!s || *s <= 0 || *s > 600)
            return QStringLiteral("--benchmark-gui: '%1' is not a number of seconds in (0, 600]").arg(p.value(QStringLiteral("benchmark-gui")));
        o.benchmarkSeconds = *s;
    }
    if (p.isSet(QStringLiteral("benchmark-raster"))) {
        const auto n = number(p.value(QStringLiteral("benchmark-raster")));
        if (!n || *n < 1 || *n > 1e6 || *n != std::floor(*n))
            return QStringLiteral("--benchmark-raster: '%1' is not a whole number of neurons from 1 to 1000000")
                .arg(p.value(QStringLiteral("benchmark-raster")));
        o.rasterNeurons = int(*n);
    }
    if (p.isSet(QStringLiteral("soak"))) {
        const auto s = number(p.value(QStringLiteral("soak")));
        if (!s || *s <= 0 || *s > 86400)
            return QStringLiteral("--soak: '%1' is not a number of seconds in (0, 86400]").arg(p.value(QStringLiteral("soak")));
        o.soakSeconds = *s;
    }
    if (p.isSet(QStringLiteral("soak-warm-up"))) {
        if (!p.isSet(QStringLiteral("soak")))
            return QStringLiteral("--soak-warm-up only applies to --soak");
        const auto s = number(p.value(QStringLiteral("soak-warm-up")));
        if (!s || *s < 0 || *s > 86400)
            return QStringLiteral("--soak-warm-up: '%1' is not a number of seconds in [0, 86400]")
                .arg(p.value(QStringLiteral("soak-warm-up")));
        o.soakWarmUpSeconds = *s;
    }
    if (p.isSet(QStringLiteral("soak-tab-run"))) {
        if (!p.isSet(QStringLiteral("soak")))
            return QStringLiteral("--soak-tab-run only applies to --soak");
        const auto s = number(p.value(QStringLiteral("soak-tab-run")));
        if (!s || *s < 0 || *s > 60)
            return QStringLiteral("--soak-tab-run: '%1' is not a number of seconds in [0, 60]")
                .arg(p.value(QStringLiteral("soak-tab-run")));
        o.soakTabRunSeconds = *s;
    }
    o.recordPath = p.value(QStringLiteral("record"));
    if (p.isSet(QStringLiteral("fps"))) {
        const auto fps = number(p.value(QStringLiteral("fps")));
        if (!fps || *fps < kMinRecordFps || *fps > kMaxRecordFps)
            return QStringLiteral("--fps: '%1' is not a frame rate from %2 to %3 frames per second")
                .arg(p.value(QStringLiteral("fps")))
                .arg(kMinRecordFps)
                .arg(kMaxRecordFps);
        o.fps = *fps;
    }
    if (p.isSet(QStringLiteral("frame-size"))) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2,4})[xX](\\d{2,4})$"));
        const auto match = pattern.match(p.value(QStringLiteral("frame-size")));
        const int w = match.captured(1).toInt(), h = match.captured(2).toInt();
        if (!match.hasMatch() || w < 64 || h < 64 || w > 4096 || h > 4096)
            return QStringLiteral("--frame-size: '%1' is not WIDTHxHEIGHT between 64x64 and 4096x4096")
                .arg(p.value(QStringLiteral("frame-size")));
        o.frameSize = QSize(w, h);
    }
    if (o.recordPath.isEmpty() && (o.fps || o.frameSize))
        return QStringLiteral("--%1 only applies to --record").arg(o.fps ? QStringLiteral("fps") : QStringLiteral("frame-size"));
    if (!o.recordPath.isEmpty() && recordFormat(o.recordPath) == RecordFormat::Unknown)
        return QStringLiteral("--record: '%1' must end in .gif (animated GIF) or .png (numbered PNG frames), or be an existing folder or end in /")
            .arg(o.recordPath);
    for (const QString& path : o.exportPaths) {
        if (widgets::FigureExporter::formatForPath(path) == widgets::FigureExporter::Format::Unknown)
            return QStringLiteral("--export: '%1' must end in .png, .svg or .pdf").arg(path);
        if (o.exportPaths.count(path) > 1)
            return QStringLiteral("--export: '%1' is given twice").arg(path);
    }
    if (!o.screenshotPath.isEmpty() && !o.screenshotPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        return QStringLiteral("--screenshot: '%1' must end in .png").arg(o.screenshotPath);
    if (!o.exportDataPath.isEmpty() && o.exportDataPath != QLatin1String("-") &&
        !o.exportDataPath.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return QStringLiteral("--export-data: '%1' must end in .csv (or be - for standard output)").arg(o.exportDataPath);
    return {};
}

QString applyGuiOptions(MainWindow& window, const GuiOptions& o)
{
    if (o.size)
        window.resize(*o.size);
    if (!o.chapter.isEmpty() && !window.showChapter(o.chapter)) {
        QStringList known;
        for (const chapters::ChapterInfo& info : chapters::chapterRegistry())
            known << QString::fromLatin1(info.id);
        return QStringLiteral("unknown chapter '%1' (known: %2)").arg(o.chapter, known.join(QStringLiteral(", ")));
    }
    if (!o.panel.isEmpty()) {
        if (!o.chapter.isEmpty() && chapters::chapterOfPanel(o.panel) != o.chapter)
            return QStringLiteral("--panel %1 is not in chapter '%2'").arg(o.panel, o.chapter);
        if (!window.showPanel(o.panel))
            return QStringLiteral("unknown panel '%1' (known: %2)")
                .arg(o.panel, chapters::allPanelIds().join(QStringLiteral(", ")));
    }
    if (!o.scenarioPath.isEmpty()) {
        QStringList warnings;
        if (const QString error = window.openScenario(o.scenarioPath, &warnings); !error.isEmpty())
            return error;
        for (const QString& warning : warnings)
            spdlog::warn("scenario '{}': {}", o.scenarioPath.toStdString(), warning.toStdString());
    }
    // --preset PANEL/NAME picks the chapter's panel PANEL first (as the chapter's "Try this" links do).
    QString preset = o.preset;
    if (const qsizetype slash = preset.indexOf(QLatin1Char('/')); slash > 0) {
        bool isIndex = false;
        const int index = preset.left(slash).toInt(&isIndex);
        if (isIndex) {
            chapters::Chapter* chapter = window.currentChapter();
            if (!chapter || index < 0 || index >= chapter->panels().size())
                return QStringLiteral("--preset %1: the chapter has no panel %2").arg(o.preset).arg(index);
            chapter->setCurrentPanel(index);
            preset = preset.mid(slash + 1);
        }
    }
    chapters::ExperimentPanel* panel = window.currentPanel();
    if (!panel) {
        if (chapters::Chapter* chapter = window.currentChapter(); chapter && !chapter->buildError().isEmpty())
            return chapter->buildError();
        return QStringLiteral("the chapter has no experiment panel");
    }
    if (!preset.isEmpty())
        if (const QString error = panel->applyPreset(preset); !error.isEmpty())
            return error;
    // The model comes first, wherever it is on the command line: switching the model starts from its defaults, so
    // the other assignments apply to the model that was asked for.
    const auto specs = panel->parameterSpecs();
    const bool modelIsParameter = std::any_of(specs.begin(), specs.end(), [](const ParamSpec& s) { return s.key == "model"; });
    if (!modelIsParameter)
        for (const QString& assignment : o.assignments)
            if (assignment.startsWith(QLatin1String("model="))) {
                if (const QString error = panel->binding().setModel(assignment.mid(6).trimmed()); !error.isEmpty())
                    return QStringLiteral("--set %1: %2").arg(assignment, error);
            }
    for (const QString& assignment : o.assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return QStringLiteral("malformed assignment '%1': expected KEY=VALUE").arg(assignment);
        const QString key = assignment.left(eq);
        if (key == QLatin1String("model") && !modelIsParameter)
            continue;
        const QString text = assignment.mid(eq + 1);
        auto value = number(text);
        if (!value) {
            // A choice parameter (e.g. stimulus=train) may be given by name.
            for (const ParamSpec& spec : panel->parameterSpecs())
                if (spec.key == key.toStdString() && spec.isChoice())
                    if (const int index = spec.choiceIndex(text.trimmed().toStdString()); index >= 0)
                        value = double(index);
        }
        if (!value)
            return QStringLiteral("parameter '%1': '%2' is not a finite number").arg(key, text);
        if (const QString error = panel->setParameter(key, *value); !error.isEmpty())
            return error;
    }
    if (o.seedGiven)  // the panel's one seed, whatever uses it (simulation noise, network draws)
        if (const QString error = panel->setSeed(o.seed); !error.isEmpty())
            return QStringLiteral("--seed: %1").arg(error);
    if (o.presentation)
        window.setPresentationMode(true);
    return {};
}

namespace {

// Writes --export (each), --export-data and --screenshot from what the window shows; returns how many failed, each
// reported on stderr.
int writeExports(MainWindow& window, const GuiOptions& o)
{
    // Let pending layout passes run first. A type-scale change (presentation mode, a large window) re-measures the
    // widgets through posted LayoutRequest events; grabbed before they ran, a 1920x1080 presentation screenshot
    // showed the figure still at the old column width, drawn over the grown controls column (as --export-all
    // already does).
    settleEvents(20);
    int failures = 0;
    auto report = [&](const QString& message, const QString& path) {
        if (message.isEmpty()) {
            spdlog::info("wrote {}", path.toStdString());
        } else {
            std::fprintf(stderr, "neuroai-explorer: error: %s\n", qPrintable(message));
            ++failures;
        }
    };
    for (const QString& path : o.exportPaths)
        report(window.exportFigure(path, o.scale, o.figureSizeMm), path);
    if (!o.exportDataPath.isEmpty())
        report(window.exportData(o.exportDataPath), o.exportDataPath);
    if (!o.screenshotPath.isEmpty())
        report(widgets::FigureExporter::exportImage(window.grab().toImage(), o.screenshotPath), o.screenshotPath);
    return failures;
}

// --record: the recording is the run (--run-ms of simulated time, default 2000), then any other export shows its end.
int recordHeadless(MainWindow& window, const GuiOptions& o)
{
    RecordSettings settings;
    settings.path = o.recordPath;
    settings.fps = o.fps.value_or(10.0);
    settings.durationMs = o.runMs.value_or(2000.0);
    settings.frameSize = o.frameSize.value_or(QSize(1280, 800));
    QStringList written;
    const QString error = recordPanel(window.currentPanel(), settings, {}, &written);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "neuroai-explorer: error: --record: %s\n", qPrintable(error));
        return 1;
    }
    spdlog::info("wrote {} ({} frame{})", o.recordPath.toStdString(), written.size(), written.size() == 1 ? "" : "s");
    settleEvents(50);
    return writeExports(window, o) == 0 ? 0 : 1;
}

}  // namespace

int runHeadless(MainWindow& window, const GuiOptions& o)
{
    int failures = 0;
    if (!o.saveScenarioPath.isEmpty()) {
        // The state is complete once the options are applied, unless it includes what the panel computes (the
        // Vision Transformer's trained model): then wait for the computation, so the scenario carries it.
        if (chapters::ExperimentPanel* current = window.currentPanel();
            current && current->extrasHoldResults() && !current->runHeadless(0)) {
            std::fprintf(stderr, "neuroai-explorer: error: --save-scenario: the panel's computation did not finish\n");
            ++failures;
        }
        if (const QString error = window.saveScenario(o.saveScenarioPath); !error.isEmpty()) {
            std::fprintf(stderr, "neuroai-explorer: error: %s\n", qPrintable(error));
            ++failures;
        } else {
            spdlog::info("wrote {}", o.saveScenarioPath.toStdString());
        }
    }
    if (o.exportPaths.isEmpty() && o.exportDataPath.isEmpty() && o.screenshotPath.isEmpty() && o.recordPath.isEmpty())
        return failures == 0 ? 0 : 1;
    chapters::ExperimentPanel* panel = window.currentPanel();
    window.show();
    settleEvents(100);  // layout, so the plots know their pixel width
    if (!o.recordPath.isEmpty())
        return recordHeadless(window, o) == 0 && failures == 0 ? 0 : 1;
    const double runMs = o.runMs.value_or(1000.0);
    // A run that diverged (or stopped on an error) has nothing valid to export: its traces hold NaN.
    QStringList simulationErrors;
    QMetaObject::Connection errorConnection;
    if (chapters::SimulationController* c = panel->controller())
        errorConnection = QObject::connect(c, &chapters::SimulationController::simulationError, c,
                                           [&simulationErrors](const QString& message) { simulationErrors << message; });
    const auto forget = qScopeGuard([&errorConnection] { QObject::disconnect(errorConnection); });
    if (!panel->runHeadless(runMs)) {
        std::fprintf(stderr, "neuroai-explorer: error: the simulation did not finish in time\n");
        return 1;
    }
    settleEvents(100);
    if (!simulationErrors.isEmpty()) {
        std::fprintf(stderr, "neuroai-explorer: error: %s Nothing was exported.\n", qPrintable(simulationErrors.first()));
        return 1;
    }
    failures += writeExports(window, o);
    return failures == 0 ? 0 : 1;
}

int runGuiBenchmark(MainWindow& window, const GuiOptions& o)
{
    chapters::ExperimentPanel* panel = window.currentPanel();
    if (!panel) {
        std::fprintf(stderr, "neuroai-explorer: error: there is no panel to benchmark\n");
        return 1;
    }
    window.show();
    settleEvents(300);
    if (chapters::SimulationController* controller = panel->controller()) {
        controller->setSpeed(std::numeric_limits<double>::infinity());
        controller->setRunning(true);
        settleEvents(200);  // warm up
        const FrameTimes times = measureFrameTimes(window, *controller, o.benchmarkSeconds);
        controller->setRunning(false);
        std::fputs(qPrintable(frameTimesJson(QStringLiteral("gui-frame-time"), window, times,
                                             {QStringLiteral("\"panel\": \"%1\"").arg(panel->panelId())})),
                   stdout);
        return 0;
    }
    // A panel that trains on a job: the frames are measured while a training runs and redraws live, as a reader
    // watches it. When a run ends the next one starts with the next seed, so a training is always in progress (the
    // slider drag below would instead cancel and restart it 60 times a second).
    if (panel->property("trainsOnJob").toBool()) {
        auto* trainer = qobject_cast<chapters::IntroPanel*>(panel);
        int runs = 1;
        const FrameTimes times = measureFrameTimes(
            window,
            [&] {
                if (trainer && trainer->isComputing())
                    return;
                chapters::PanelState next = panel->captureState();
                next.seed += 1;
                panel->applyState(next, true);
                ++runs;
            },
            o.benchmarkSeconds);
        std::fputs(qPrintable(frameTimesJson(QStringLiteral("gui-frame-time"), window, times,
                                             {QStringLiteral("\"panel\": \"%1\"").arg(panel->panelId()),
                                              QStringLiteral("\"mode\": \"training\""),
                                              QStringLiteral("\"training_runs\": %1").arg(runs)})),
                   stdout);
        return 0;
    }
    // A panel that computes on every change (chapter 1): each tick is a slider step — the first numeric parameter
    // moves back and forth through its range — so the frame is a full recompute plus the repaint, as when a
    // reader drags that slider.
    const std::vector<ParamSpec> specs = panel->parameterSpecs();
    const auto spec = std::find_if(specs.begin(), specs.end(), [](const ParamSpec& s) { return !s.isChoice(); });
    if (spec == specs.end()) {
        std::fprintf(stderr, "neuroai-explorer: error: the panel has no parameter to drag\n");
        return 1;
    }
    const ParamSpec dragged = *spec;
    const QString key = QString::fromStdString(dragged.key);
    long tick = 0;
    const FrameTimes times = measureFrameTimes(
        window,
        [&] {
            const double phase = double(tick++ % 40) / 20.0;  // 0 → 2, a triangle over 40 ticks
            const double fraction = phase <= 1 ? phase : 2 - phase;
            double value = dragged.min + fraction * (dragged.max - dragged.min);
            if (dragged.integer)
                value = std::round(value);
            panel->setParameter(key, value);
        },
        o.benchmarkSeconds);
    std::fputs(qPrintable(frameTimesJson(QStringLiteral("gui-frame-time"), window, times,
                                         {QStringLiteral("\"panel\": \"%1\"").arg(panel->panelId()),
                                          QStringLiteral("\"dragged_parameter\": \"%1\"").arg(key)})),
               stdout);
    return 0;
}

}  // namespace neuroai::app
