#pragma once

#include <QByteArray>
#include <QList>
#include <QPointF>
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

    // Renders `widget` (and its children) to PNG, SVG or PDF, chosen by the file's extension. PNG is rendered at
    // `scale` × the widget's logical size (scale 2 ≈ 192 dpi) and its DPI is recorded in the file. `metadata`
    // (parameters, seed, app version) is embedded: PNG text chunk "Description", SVG <desc>, PDF subject line.
    static QString exportWidget(QWidget* widget, const QString& path, double scale = 2.0,
                                const QString& metadata = QString());

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

// A tidy CSV: '#' comment lines with `metadata`, then the header "plot,series,x_label,y_label,x,y" and one row per
// point. Numbers are written in the shortest form that reads back exactly.
QByteArray toTidyCsv(const QString& metadata, const QList<DataSeries>& series);

}  // namespace neuroai::widgets
