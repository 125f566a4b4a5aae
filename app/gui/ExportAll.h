#pragma once

namespace neuroai::app {

struct GuiOptions;

// neuroai-explorer --export-all DIR: how an author rebuilds a book's figures. Every panel of every chapter (the
// chapter table's order, allPanelIds()) is opened at its defaults, run headless for --run-ms of simulated time
// (default 1000 ms, as --export), and written to DIR as
//   <chapter>-<panel>.png / .svg / .pdf     the figure at --figure-size (default 180x135 mm), --scale for the PNG
//   <chapter>-<panel>--<plot>.csv           one compact CSV per plot (toTidyCsv)
//   index.json, index.html                  every file with its panel id, title, parameters, seed and app version;
//                                           the HTML page shows a thumbnail per panel
// Every file carries the panel's parameters, seed and version (PNG text chunk, SVG <desc>, PDF title, CSV comments).
// DIR is created if missing; files are replaced atomically. An unusable DIR is one line on stderr and exit code 1;
// a panel that fails is reported and the others are still exported (exit code 1).
int runExportAll(const GuiOptions& options);

}  // namespace neuroai::app
