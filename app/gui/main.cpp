// neuroai-explorer: the GUI. With --export/--export-data/--screenshot/--record it also runs headless (see GuiCommandLine.h).

#include "app/gui/AllocatorHygiene.h"
#include "app/gui/ExportAll.h"
#include "app/gui/FrameBenchmark.h"
#include "app/gui/GuiCommandLine.h"
#include "app/gui/Logging.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Soak.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/ExperimentPanel.h"
#include "engine/core/Version.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char** argv)
{
    neuroai::app::configureAllocator();
    using namespace neuroai::app;
    // The command line is read before any QApplication exists: --help, --version, --list-panels and bad options
    // need no display.
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    GuiOptions options;
    bool help = false, version = false;
    const QString error = parseGuiOptions(arguments, options, help, version);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "neuroai-explorer: error: %s\n", qPrintable(error));
        return 2;
    }
    if (help) {
        std::fputs(qPrintable(guiUsage()), stdout);
        return 0;
    }
    if (version) {
        std::printf("neuroai-explorer %s\n", neuroai::kVersion);
        return 0;
    }
    if (options.listPanels) {
        for (const QString& id : neuroai::chapters::allPanelIds())
            std::printf("%s\n", qPrintable(id));
        return 0;
    }
    // A headless run (export, export-all, screenshot, record) needs no screen: without one, and without a platform
    // chosen by the user, it renders offscreen.
    if ((options.headless() || !options.exportAllDir.isEmpty()) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
        qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("NeuroAI"));
    QApplication::setApplicationName(QStringLiteral("NeuroAI Explorer"));
    QApplication::setApplicationVersion(QString::fromLatin1(neuroai::kVersion));
    QApplication::setDesktopFileName(QStringLiteral("neuroai-explorer"));
    configureGuiCaches();

    if (const QString logError = setupLogging(options.logLevel); !logError.isEmpty()) {
        std::fprintf(stderr, "neuroai-explorer: error: %s\n", qPrintable(logError));
        return 2;
    }

    if (!options.exportAllDir.isEmpty())
        return runExportAll(options);
    if (options.rasterNeurons > 0)
        return runRasterBenchmark(options.rasterNeurons, options.benchmarkSeconds > 0 ? options.benchmarkSeconds : 10.0,
                                  options.size.value_or(QSize(1280, 800)));

    MainWindow window;
    const bool scripted = options.headless() || options.benchmarkSeconds > 0 || options.soakSeconds > 0;
    window.setPersistent(!scripted);
    if (!scripted)
        window.restoreState();
    if (const QString applyError = applyGuiOptions(window, options); !applyError.isEmpty()) {
        std::fprintf(stderr, "neuroai-explorer: error: %s\n", qPrintable(applyError));
        return 2;
    }
    if (options.headless())
        return runHeadless(window, options);
    if (options.benchmarkSeconds > 0)
        return runGuiBenchmark(window, options);
    if (options.soakSeconds > 0)
        return runSoak(window, options);

    if (!window.presentationMode())  // presentation mode has already shown the window full screen
        window.show();
    if (options.runMs)
        if (auto* panel = window.currentPanel())
            panel->runHeadless(*options.runMs);
    return QApplication::exec();
}
