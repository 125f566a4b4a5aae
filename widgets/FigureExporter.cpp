#include "widgets/FigureExporter.h"

#include "engine/io/AtomicFile.h"
#include "widgets/PlotView.h"

#include <QAction>
#include <QBuffer>
#include <QApplication>
#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QStandardPaths>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QLocale>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QPointer>
#include <QWidget>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace neuroai::widgets {

namespace {

QString failure(const QString& path, const QString& reason)
{
    return QStringLiteral("cannot write '%1': %2").arg(QDir::toNativeSeparators(path), reason);
}

// The system's own words for a failed step: errno if the step set it, otherwise Qt's text (never "Unknown error").
QString reasonFor(const QFileDevice& file, int error)
{
    if (error != 0)
        return QString::fromLocal8Bit(std::strerror(error));
    const QString text = file.errorString();
    if (text.isEmpty() || text == QLatin1String("Unknown error"))
        return QStringLiteral("the operating system reported a write error");
    return text;
}

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Lets pending layout requests (widget layouts, the charts' graphics layouts) run, without timers or input.
void settleLayouts()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::sendPostedEvents();
}

constexpr double kDevicePixelsPerMm = 96.0 / 25.4;
constexpr double kFigureLayoutScale = 1.4;

// Draws the PDF's visible title (a caption under the figure): the metadata's first line in bold, the rest below it,
// wrapped to `width`.
// Returns the height used; with `painter` null only measures.
double drawPdfTitle(QPainter* painter, QPaintDevice* device, const QString& metadata, double width,
                    double devicePerMm)
{
    const double pad = 3.0 * devicePerMm;
    QFont headline(QStringLiteral("DejaVu Sans"));
    headline.setPointSizeF(9);
    headline.setBold(true);
    QFont body(QStringLiteral("DejaVu Sans"));
    body.setPointSizeF(7);
    const QString first = metadata.section(QLatin1Char('\n'), 0, 0);
    const QString rest = metadata.section(QLatin1Char('\n'), 1);
    const double inner = width - 2 * pad;
    const QRectF firstRect = QFontMetricsF(headline, device)
                                 .boundingRect(QRectF(0, 0, inner, 1e6), Qt::TextWordWrap, first);
    const QRectF restRect = rest.isEmpty() ? QRectF()
                                           : QFontMetricsF(body, device)
                                                 .boundingRect(QRectF(0, 0, inner, 1e6), Qt::TextWordWrap, rest);
    if (painter) {
        painter->save();
        painter->setPen(Qt::black);
        painter->setFont(headline);
        painter->drawText(QRectF(pad, pad, inner, firstRect.height()), Qt::TextWordWrap, first);
        painter->setPen(QColor(0x40, 0x40, 0x40));
        painter->setFont(body);
        painter->drawText(QRectF(pad, pad + firstRect.height(), inner, restRect.height()), Qt::TextWordWrap, rest);
        painter->restore();
    }
    return firstRect.height() + restRect.height() + 2 * pad;
}

// Poppler drew only the first entry of a Qt Charts legend in our PDFs: the legend's items clip their children, and
// the clip paths QPdfWriter writes for the nested, translated items leave every entry after the first clipped away.
// Nothing in a laid-out chart lies outside its item, so for a PDF the clipping is switched off and given back after.
std::function<void()> unclipCharts(QWidget* root)
{
    std::vector<std::pair<QGraphicsItem*, QGraphicsItem::GraphicsItemFlags>> changed;
    for (PlotView* plot : root->findChildren<PlotView*>()) {
        if (!plot->scene())
            continue;
        for (QGraphicsItem* item : plot->scene()->items()) {
            const QGraphicsItem::GraphicsItemFlags flags = item->flags();
            if (flags & (QGraphicsItem::ItemClipsChildrenToShape | QGraphicsItem::ItemClipsToShape)) {
                changed.emplace_back(item, flags);
                item->setFlag(QGraphicsItem::ItemClipsChildrenToShape, false);
                item->setFlag(QGraphicsItem::ItemClipsToShape, false);
            }
        }
    }
    return [changed] {
        for (const auto& [item, flags] : changed)
            item->setFlags(flags);
    };
}

}  // namespace

FigureExporter::Format FigureExporter::formatForPath(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return Format::Png;
    if (suffix == QLatin1String("svg"))
        return Format::Svg;
    if (suffix == QLatin1String("pdf"))
        return Format::Pdf;
    return Format::Unknown;
}

QSizeF FigureExporter::parseFigureSize(const QString& text, QString* error)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*[xX×]\\s*(\\d+(?:\\.\\d+)?)\\s*(?:mm)?\\s*$"));
    const auto match = pattern.match(text);
    const double w = match.captured(1).toDouble(), h = match.captured(2).toDouble();
    if (!match.hasMatch() || w < 40 || h < 40 || w > 1000 || h > 1000) {
        if (error)
            *error = QStringLiteral("'%1' is not WIDTHxHEIGHT in millimetres, each from 40 to 1000 (e.g. 180x135)")
                         .arg(text);
        return {};
    }
    return {w, h};
}

std::function<void()> FigureExporter::alignStackedPlots(QWidget* root)
{
    if (!root)
        return [] {};
    struct Placed {
        QPointer<PlotView> plot;
        int x, width;
    };
    std::vector<Placed> plots;
    for (PlotView* plot : root->findChildren<PlotView*>())
        if (plot->isVisibleTo(root) && plot->width() > 0)
            plots.push_back({plot, plot->mapTo(root, QPoint(0, 0)).x(), plot->width()});
    std::vector<QPointer<PlotView>> changed;
    std::vector<bool> used(plots.size(), false);
    for (std::size_t i = 0; i < plots.size(); ++i) {
        if (used[i])
            continue;
        std::vector<std::size_t> column{i};
        for (std::size_t j = i + 1; j < plots.size(); ++j)
            if (!used[j] && std::abs(plots[j].x - plots[i].x) <= 2 && std::abs(plots[j].width - plots[i].width) <= 2)
                column.push_back(j);
        for (std::size_t k : column)
            used[k] = true;
        if (column.size() < 2)
            continue;
        double left = 0, right = 1e9;
        for (std::size_t k : column) {
            const QRectF area = plots[k].plot->chart()->plotArea();
            left = std::max(left, area.left());
            right = std::min(right, area.right());
        }
        if (right - left < 20)
            continue;
        for (std::size_t k : column) {
            QChart* chart = plots[k].plot->chart();
            const QRectF area = chart->plotArea();
            chart->setPlotArea(QRectF(left, area.top(), right - left, area.height()));
            changed.push_back(plots[k].plot);
        }
    }
    settleLayouts();
    return [changed] {
        for (const QPointer<PlotView>& plot : changed)
            if (plot)
                plot->chart()->setPlotArea(QRectF());
        settleLayouts();
    };
}

QString FigureExporter::exportWidget(QWidget* widget, const QString& path, double scale, const QString& metadata,
                                     QSizeF figureSizeMm)
{
    // Refuse a device, FIFO or directory first: that is the most fundamental problem with the request.
    if (const std::string error = checkOutputPath(QFile::encodeName(path).toStdString()); !error.empty())
        return QString::fromLocal8Bit(error);
    if (!widget)
        return failure(path, QStringLiteral("there is nothing to export"));
    const Format format = formatForPath(path);
    if (format == Format::Unknown)
        return failure(path, QStringLiteral("unknown figure format '.%1' (use .png, .svg or .pdf)")
                                 .arg(QFileInfo(path).suffix()));
    if (!std::isfinite(scale) || scale < 0.25 || scale > 8)
        return failure(path, QStringLiteral("scale %1 is outside the allowed range 0.25–8").arg(scale));
    const bool physical = figureSizeMm.isValid() && !figureSizeMm.isEmpty();
    if (!physical && widget->size().isEmpty())
        return failure(path, QStringLiteral("the figure has no size yet"));

    // At a figure size the widget is laid out at that size (96 dpi) for the export; a layout that needs more room
    // gets it at the same aspect ratio, and the page scales it to fit.
    QSize size = widget->size();
    QSizeF pageDevice = size;  // the figure's size on the page, in 1/96 inch
    const QSize screenSize = widget->size();
    if (physical) {
        pageDevice = figureSizeMm * kDevicePixelsPerMm;
        // Laid out 1.4 × larger than the page at 96 dpi: the app's 13 px text comes out at ~7 pt on paper (a
        // journal's figure text) and axis labels have the room they have on screen instead of being elided.
        QSizeF logical = pageDevice * kFigureLayoutScale;
        const QSize minimum = widget->minimumSizeHint().expandedTo(widget->minimumSize());
        const double grow = std::max({1.0, minimum.width() / logical.width(), minimum.height() / logical.height()});
        logical *= grow;
        size = QSize(int(std::lround(logical.width())), int(std::lround(logical.height())));
        widget->resize(size);
        settleLayouts();
    }
    const std::function<void()> unalign = alignStackedPlots(widget);
    const auto restore = qScopeGuard([&] {
        unalign();
        if (physical) {
            widget->resize(screenSize);
            settleLayouts();
        }
    });

    // Rendered into memory first, then written in one step through writeFile(): a failure of the disk can never
    // leave a truncated file behind, whatever the format.
    QByteArray bytes;
    QBuffer file(&bytes);
    file.open(QIODevice::WriteOnly);
    const QString software = QStringLiteral("NeuroAI Explorer");

    switch (format) {
    case Format::Png: {
        QImage image(QSize(int(std::lround(size.width() * scale)), int(std::lround(size.height() * scale))),
                     QImage::Format_ARGB32_Premultiplied);
        image.setDevicePixelRatio(scale);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        }
        // The recorded DPI makes the image print at the figure size.
        const double dpi = 96.0 * scale * size.width() / pageDevice.width();
        const int dotsPerMeter = int(std::lround(dpi / 0.0254));
        image.setDotsPerMeterX(dotsPerMeter);
        image.setDotsPerMeterY(dotsPerMeter);
        image.setText(QStringLiteral("Software"), software);
        if (!metadata.isEmpty())
            image.setText(QStringLiteral("Description"), metadata);
        QImageWriter writer(&file, "png");
        if (!writer.write(image))
            return failure(path, QStringLiteral("PNG encoding failed: %1").arg(writer.errorString()));
        break;
    }
    case Format::Svg: {
        QSvgGenerator generator;
        generator.setOutputDevice(&file);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setResolution(int(std::lround(96.0 * size.width() / pageDevice.width())));  // 72 makes text 25% small
        generator.setTitle(software);
        generator.setDescription(metadata.toHtmlEscaped());  // Qt writes <desc> verbatim: '<' or '&' would break the XML
        QPainter painter;
        if (!painter.begin(&generator))
            return failure(path, QStringLiteral("the SVG painter could not start"));
        widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        painter.end();
        break;
    }
    case Format::Pdf: {
        QPdfWriter writer(&file);
        writer.setCreator(software);
        // The document title carries everything (viewers show it, pdfinfo prints it); the page shows it too.
        writer.setTitle(QString(metadata).replace(QLatin1Char('\n'), QStringLiteral(" — ")));
        // The figure is drawn without any painter transform: poppler lost every legend entry but the first when
        // it was drawn translated or scaled. A layout larger than the page is fitted by a higher resolution instead.
        const double fit = std::min(pageDevice.width() / size.width(), pageDevice.height() / size.height());
        const int dpi = fit < 1 ? int(std::ceil(96 / fit)) : 96;
        writer.setResolution(dpi);
        const QSizeF page = pageDevice * (dpi / 96.0);  // in the writer's device units
        const double caption =
            metadata.isEmpty() ? 0.0 : drawPdfTitle(nullptr, &writer, metadata, page.width(), dpi / 25.4);
        // One page: the figure with its title as a caption below, no margins.
        writer.setPageSize(QPageSize(QSizeF(page.width(), page.height() + caption) * (72.0 / dpi), QPageSize::Point,
                                     QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            return failure(path, QStringLiteral("the PDF painter could not start"));
        {
            const std::function<void()> reclip = unclipCharts(widget);
            const auto reclipGuard = qScopeGuard(reclip);
            widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
        }
        if (caption > 0) {
            painter.translate(0, page.height());
            drawPdfTitle(&painter, &writer, metadata, page.width(), dpi / 25.4);
        }
        painter.end();
        break;
    }
    case Format::Unknown:
        break;
    }
    file.close();
    if (bytes.isEmpty())
        return failure(path, QStringLiteral("the figure rendered to nothing"));
    return writeFile(path, bytes);
}

QString FigureExporter::writeFile(const QString& path, const QByteArray& contents)
{
    if (path == QLatin1String("-")) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly) || out.write(contents) != contents.size() || !out.flush())
            return QStringLiteral("cannot write to standard output: %1").arg(reasonFor(out, errno));
        return {};
    }
    std::string target;
    if (const std::string error = checkOutputPath(QFile::encodeName(path).toStdString(), &target); !error.empty())
        return QString::fromLocal8Bit(error);
    // errno is cleared before each step so that a failure is reported with the errno of that step.
    QSaveFile file(QFile::decodeName(QByteArray::fromStdString(target)));
    errno = 0;
    if (!file.open(QIODevice::WriteOnly))
        return failure(path, reasonFor(file, errno));
    errno = 0;
    if (file.write(contents) != contents.size() || !file.flush()) {
        const QString reason = reasonFor(file, errno);
        file.cancelWriting();
        return failure(path, reason);
    }
    errno = 0;
    if (!file.commit())
        return failure(path, reasonFor(file, errno));
    return {};
}

QString FigureExporter::exportImage(const QImage& image, const QString& path)
{
    if (image.isNull())
        return failure(path, QStringLiteral("there is nothing to export"));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!writer.write(image))
        return failure(path, QStringLiteral("PNG encoding failed: %1").arg(writer.errorString()));
    buffer.close();
    return writeFile(path, bytes);
}

void FigureExporter::installContextMenu(QWidget* plot, std::function<QString()> metadata,
                                        std::function<QList<DataSeries>()> data)
{
    plot->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* exportAction = new QAction(QObject::tr("Export this plot…"), plot);
    QObject::connect(exportAction, &QAction::triggered, plot, [plot, metadata] {
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
        const QString path = QFileDialog::getSaveFileName(
            plot, QObject::tr("Export plot"), QDir(folder).filePath(plot->objectName() + QStringLiteral(".png")),
            QObject::tr("PNG image, 192 dpi (*.png);;SVG vector drawing (*.svg);;PDF document (*.pdf)"));
        if (path.isEmpty())
            return;
        if (const QString error = exportWidget(plot, path, 2.0, metadata ? metadata() : QString()); !error.isEmpty())
            QMessageBox::warning(plot, QObject::tr("Export plot"), error);
    });
    auto* copyAction = new QAction(QObject::tr("Copy plot as image"), plot);
    QObject::connect(copyAction, &QAction::triggered, plot, [plot] {
        QApplication::clipboard()->setPixmap(plot->grab());
    });
    plot->addAction(exportAction);
    plot->addAction(copyAction);
    if (data) {
        auto* csvAction = new QAction(QObject::tr("Export data of this plot (CSV)…"), plot);
        QObject::connect(csvAction, &QAction::triggered, plot, [plot, metadata, data] {
            const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
            const QString path = QFileDialog::getSaveFileName(
                plot, QObject::tr("Export data"), QDir(folder).filePath(plot->objectName() + QStringLiteral(".csv")),
                QObject::tr("CSV table (*.csv)"));
            if (path.isEmpty())
                return;
            const QByteArray csv = toTidyCsv(metadata ? metadata() : QString(), data());
            if (const QString error = writeFile(path, csv); !error.isEmpty())
                QMessageBox::warning(plot, QObject::tr("Export data"), error);
        });
        plot->addAction(csvAction);
    }
}

QString csvNumber(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (value == 0)
        return QStringLiteral("0");
    // 12 significant digits: the data's precision (simulation steps are multiples of decimal constants), without
    // the binary noise of a product such as 0.1*3 = 0.30000000000000004. 'g' drops trailing zeros.
    return QLocale::c().toString(value, 'g', 12);
}

QList<QList<DataSeries>> seriesByPlot(const QList<DataSeries>& series)
{
    QList<QList<DataSeries>> groups;
    QStringList plots;
    for (const DataSeries& s : series) {
        qsizetype index = plots.indexOf(s.plot);
        if (index < 0) {
            plots << s.plot;
            groups.emplace_back();
            index = plots.size() - 1;
        }
        groups[index].append(s);
    }
    return groups;
}

QByteArray toTidyCsv(const QString& metadata, const QList<DataSeries>& series)
{
    QString out;
    for (const QString& line : metadata.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out += QStringLiteral("# ") + line + QLatin1Char('\n');
    // A name per series: its own where unique, "plot: series" where the name repeats.
    QStringList names;
    for (const DataSeries& s : series) {
        const bool repeated = std::count_if(series.begin(), series.end(),
                                            [&s](const DataSeries& other) { return other.series == s.series; }) > 1;
        QString name = repeated && !s.plot.isEmpty() ? s.plot + QStringLiteral(": ") + s.series : s.series;
        for (int k = 2; names.contains(name); ++k)
            name = (repeated && !s.plot.isEmpty() ? s.plot + QStringLiteral(": ") + s.series : s.series) +
                   QStringLiteral(" #%1").arg(k);
        names << name;
    }
    for (qsizetype i = 0; i < series.size(); ++i)
        out += QStringLiteral("# series \"%1\" (plot \"%2\"): x = %3, y = %4, %5 points\n")
                   .arg(names[i], series[i].plot, series[i].xLabel, series[i].yLabel)
                   .arg(series[i].points.size());
    bool sharedX = !series.isEmpty() && !series.first().points.isEmpty();
    for (const DataSeries& s : series) {
        if (!sharedX || s.points.size() != series.first().points.size())
            sharedX = false;
        for (qsizetype p = 0; sharedX && p < s.points.size(); ++p)
            if (s.points[p].x() != series.first().points[p].x())
                sharedX = false;
    }
    if (sharedX) {  // wide: one row per x value
        out += csvField(series.first().xLabel);
        for (const QString& name : names)
            out += QLatin1Char(',') + csvField(name);
        out += QLatin1Char('\n');
        for (qsizetype p = 0; p < series.first().points.size(); ++p) {
            out += csvNumber(series.first().points[p].x());
            for (const DataSeries& s : series)
                out += QLatin1Char(',') + csvNumber(s.points[p].y());
            out += QLatin1Char('\n');
        }
    } else {  // long: one row per point
        out += QStringLiteral("series,x,y\n");
        for (qsizetype i = 0; i < series.size(); ++i) {
            const QString prefix = csvField(names[i]) + QLatin1Char(',');
            for (const QPointF& p : series[i].points)
                out += prefix + csvNumber(p.x()) + QLatin1Char(',') + csvNumber(p.y()) + QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

}  // namespace neuroai::widgets
