#pragma once

#include "widgets/FigureExporter.h"

#include <QSize>
#include <QSizeF>
#include <QString>
#include <QStringList>

#include <optional>

namespace neuroai::app {

class MainWindow;

// The GUI's command line. With --export-all it exports every panel (app/gui/ExportAll.h). With --export (repeatable),
// --export-data or --screenshot it builds the page, runs the simulation for
// --run-ms of simulated time, writes the files and exits (0 on success); it works on the offscreen platform and
// under Xvfb. --benchmark-gui measures the GUI frame time while the simulation runs as fast as possible.
struct GuiOptions {
    QString chapter;
    QString panel;                  // --panel CHAPTER/PANEL
    QString scenarioPath;           // --scenario FILE, or a .json file given as the only argument (from the desktop)
    QString saveScenarioPath;       // --save-scenario FILE: the state after every other option
    bool listPanels = false;
    QString preset;
    QStringList assignments;        // KEY=VALUE
    std::optional<double> runMs;
    std::optional<QSize> size;
    QStringList exportPaths;        // --export FILE, repeatable: .png, .svg or .pdf
    QString exportAllDir;           // --export-all DIR: every panel's figures, data and an index (app/gui/ExportAll.h)
    QSizeF figureSizeMm{widgets::FigureExporter::defaultFigureSizeMm()};  // --figure-size WxH (mm)
    QString exportDataPath;         // .csv
    QString screenshotPath;         // .png
    double scale = 2.0;             // PNG export scale (2 = 192 dpi)
    quint64 seed = 1;
    bool seedGiven = false;         // --seed was on the command line
    QString logLevel;
    double benchmarkSeconds = 0;    // > 0: run the GUI frame-time benchmark
    int rasterNeurons = 0;          // > 0: run the raster benchmark with this many neurons
    double soakSeconds = 0;         // > 0: run the memory soak (app/gui/Soak.h) and measure for this long
    double soakWarmUpSeconds = 600; // the same storm, unmeasured, before the measurement (--soak-warm-up)
    double soakTabRunSeconds = 2.2; // each tab's first run, before the warm-up (--soak-tab-run)
    bool presentation = false;      // start in presentation mode
    QString recordPath;             // --record FILE: .gif, .png (numbered frames) or a folder (app/gui/Recorder.h)
    std::optional<double> fps;      // --fps N (default 10)
    std::optional<QSize> frameSize; // --frame-size WxH (default 1280x800)

    bool headless() const
    {
        return !exportPaths.isEmpty() || !exportDataPath.isEmpty() || !screenshotPath.isEmpty() ||
               !saveScenarioPath.isEmpty() || !recordPath.isEmpty();
    }
};

// Parses `arguments` (without the program name). Returns an empty string on success, otherwise a one-line message.
// Sets `help`/`version` when those were asked for.
QString parseGuiOptions(const QStringList& arguments, GuiOptions& options, bool& help, bool& version);
// The options, then every chapter, its panels and each panel's presets (from the chapter table and the preset files
// in the resources). Needs no QApplication.
QString guiUsage();

// Applies chapter, panel, scenario, preset, --set, seed and presentation mode to a constructed window, in that order.
// Empty on success, otherwise the message.
QString applyGuiOptions(MainWindow& window, const GuiOptions& options);
// Runs the headless part (simulate, export, screenshot). Returns the process exit code; messages go to stderr.
int runHeadless(MainWindow& window, const GuiOptions& options);
// Runs the GUI frame-time benchmark and prints its figures. Returns the exit code.
int runGuiBenchmark(MainWindow& window, const GuiOptions& options);

}  // namespace neuroai::app
