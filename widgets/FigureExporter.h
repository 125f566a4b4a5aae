#pragma once

#include <QByteArray>
#include <QList>
#include <QPointF>
#include <QSizeF>
#include <QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QImage;
class QWidget;
QT_END_NAMESPACE

namespace neuroai::widgets {

struct DataSeries;

// Writes figures and data. Every export (figure, data, screenshot, the per-plot context menu) is first rendered
// into memory and then written by writeFile(), the one path to disk: through QSaveFile, every step checked, so a
// file appears complete or not at all and an existing file is left byte-identical when anything fails (disk full,
// file size limit, read-only folder). Special paths follow engine/io/AtomicFile.h's checkOutputPath(): devices,
// FIFOs, sockets and directories are refused, a symbolic link is written through to its regular-file target.
// Each function returns an empty string on success, otherwise a one-line message naming the file and the reason
// in the system's words (e.g. "No space left on device").
class FigureExporter {
public:
    enum class Format { Png, Svg, Pdf, Unknown };
    static Format formatForPath(const QString& path);

    // A publication figure: 180 mm wide (a two-column page width) at 4:3, tall enough that stacked plots keep
    // their axis titles unelided.
    static constexpr double kFigureWidthMm = 180.0;
    static constexpr double kFigureHeightMm = 135.0;
    static QSizeF defaultFigureSizeMm() { return {kFigureWidthMm, kFigureHeightMm}; }

    // Renders `widget` (and its children) to PNG, SVG or PDF, chosen by the file's extension. With a valid
    // `figureSizeMm` the widget is laid out for that physical size (at 1.4 × 96 dpi, so that its text is ~7 pt on
    // paper; larger if its layout needs more room) and scaled to the page for the export and put back afterwards; otherwise its on-screen size is
    // used. Plots stacked in one column get the same left and right plot-area edges (alignStackedPlots). PNG is
    // rendered at `scale` × the logical size (scale 2 ≈ 192 dpi) and its DPI is recorded in the file. `metadata`
    // (parameters, seed, app version) is embedded: PNG text chunk "Description", SVG <desc>, PDF document title
    // a PDF also prints it as a visible title (a caption below the figure).
    static QString exportWidget(QWidget* widget, const QString& path, double scale = 2.0,
                                const QString& metadata = QString(), QSizeF figureSizeMm = QSizeF());

    // Gives the plots (PlotView) under `root` that are stacked in one column (same left position and width) a
    // common plot area: the same left and right edge, so their x axes line up. Returns a function that gives the
    // plots back their automatic layout.
    static std::function<void()> alignStackedPlots(QWidget* root);

    // "WxH" in millimetres (e.g. "180x135"), 40–1000 mm each; an invalid QSizeF with `error` set otherwise.
    static QSizeF parseFigureSize(const QString& text, QString* error);

    // Encodes `image` as PNG and writes it (screenshots).
    static QString exportImage(const QImage& image, const QString& path);

    // The one atomic write. `path` "-" writes to standard output (for data exports).
    static QString writeFile(const QString& path, const QByteArray& contents);

    // Gives `plot` a context menu to export just that plot (PNG at 2×, SVG, PDF) or copy it to the clipboard, and,
    // when `data` is given, to export what it draws as a tidy CSV. `metadata` and `data` are asked for at export time.
    static void installContextMenu(QWidget* plot, std::function<QString()> metadata,
                                   std::function<QList<DataSeries>()> data = {});
};

// One plotted series for data export.
struct DataSeries {
    QString plot;    // e.g. "membrane trace"
    QString series;  // e.g. "V"
    QString xLabel;  // with unit, e.g. "t (ms)"
    QString yLabel;  // with unit, e.g. "V (mV)"
    QList<QPointF> points;
};

// A compact CSV. '#' comment lines carry `metadata` and name every series once (its plot, its x and y labels with
// units). When all series share the same x values the table is wide ("<x label>,<series 1>,<series 2>,…", one row
// per x); otherwise it is long ("series,x,y", the series by its name, prefixed "plot: " only where names repeat).
// Numbers are written with 12 significant digits, trailing zeros dropped (0.1*3 is written 0.3); NaN as "nan".
QByteArray toTidyCsv(const QString& metadata, const QList<DataSeries>& series);
// The number format of toTidyCsv.
QString csvNumber(double value);
// The series grouped by their `plot`, in order of first appearance (one CSV per plot).
QList<QList<DataSeries>> seriesByPlot(const QList<DataSeries>& series);

}  // namespace neuroai::widgets
