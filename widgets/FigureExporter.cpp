#include "widgets/FigureExporter.h"

#include "engine/io/AtomicFile.h"

#include <QAction>
#include <QBuffer>
#include <QApplication>
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
#include <QWidget>

#include <cerrno>
#include <cmath>
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

QString FigureExporter::exportWidget(QWidget* widget, const QString& path, double scale, const QString& metadata)
{
    // Refuse a device, FIFO or directory first: that is the most fundamental problem with the request.
    if (const std::string error = checkOutputPath(QFile::encodeName(path).toStdString()); !error.empty())
        return QString::fromLocal8Bit(error);
    if (!widget)
        return failure(path, QStringLiteral("there is nothing to export"));
    const QSize size = widget->size();
    if (size.isEmpty())
        return failure(path, QStringLiteral("the figure has no size yet"));
    const Format format = formatForPath(path);
    if (format == Format::Unknown)
        return failure(path, QStringLiteral("unknown figure format '.%1' (use .png, .svg or .pdf)")
                                 .arg(QFileInfo(path).suffix()));
    if (!std::isfinite(scale) || scale < 0.25 || scale > 8)
        return failure(path, QStringLiteral("scale %1 is outside the allowed range 0.25–8").arg(scale));


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
        const int dotsPerMeter = int(std::lround(96.0 * scale / 0.0254));
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
        generator.setResolution(96);  // the default of 72 makes text 25% too small
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
        writer.setTitle(metadata.section(QLatin1Char('\n'), 0, 0));
        writer.setResolution(96);
        // One page exactly the size of the figure (1 px = 0.75 pt at 96 dpi), no margins.
        writer.setPageSize(QPageSize(QSizeF(size.width() * 0.75, size.height() * 0.75), QPageSize::Point,
                                     QString(), QPageSize::ExactMatch));
        writer.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&writer))
            return failure(path, QStringLiteral("the PDF painter could not start"));
        const double fit = std::min(double(writer.width()) / size.width(), double(writer.height()) / size.height());
        painter.scale(fit, fit);
        widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren);
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

QByteArray toTidyCsv(const QString& metadata, const QList<DataSeries>& series)
{
    QString out;
    for (const QString& line : metadata.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out += QStringLiteral("# ") + line + QLatin1Char('\n');
    out += QStringLiteral("plot,series,x_label,y_label,x,y\n");
    const QLocale c = QLocale::c();
    for (const DataSeries& s : series) {
        const QString prefix = csvField(s.plot) + QLatin1Char(',') + csvField(s.series) + QLatin1Char(',') +
                               csvField(s.xLabel) + QLatin1Char(',') + csvField(s.yLabel) + QLatin1Char(',');
        for (const QPointF& p : s.points)
            out += prefix + c.toString(p.x(), 'g', QLocale::FloatingPointShortest) + QLatin1Char(',') +
                   c.toString(p.y(), 'g', QLocale::FloatingPointShortest) + QLatin1Char('\n');
    }
    return out.toUtf8();
}

}  // namespace neuroai::widgets
