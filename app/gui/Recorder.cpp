#include "app/gui/Recorder.h"

#include "app/gui/MainWindow.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/SimulationController.h"
#include "engine/io/AtomicFile.h"
#include "widgets/FigureExporter.h"

#include <spdlog/spdlog.h>

#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>

#include <gif_lib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <vector>

namespace neuroai::app {

// ---------------------------------------------------------------------------------------------------------------
// Settings

RecordFormat recordFormat(const QString& path)
{
    if (path.trimmed().isEmpty())
        return RecordFormat::Unknown;
    if (path.endsWith(QLatin1Char('/')) || QFileInfo(path).isDir())
        return RecordFormat::PngSequence;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("gif"))
        return RecordFormat::Gif;
    if (suffix == QLatin1String("png"))
        return RecordFormat::PngSequence;
    return RecordFormat::Unknown;
}

QString recordFramePath(const QString& path, int index)
{
    const QString number = QStringLiteral("%1").arg(index, 5, 10, QLatin1Char('0'));
    if (path.endsWith(QLatin1Char('/')) || QFileInfo(path).isDir())
        return QDir(path).filePath(QStringLiteral("frame-%1.png").arg(number));
    const QFileInfo info(path);
    const QString name = info.completeBaseName() + QLatin1Char('-') + number + QLatin1Char('.') + info.suffix();
    return info.dir().filePath(name);
}

int gifDelayCentiseconds(double fps) { return std::max(2, int(std::lround(100.0 / fps))); }

QString checkRecordSettings(const RecordSettings& s)
{
    if (recordFormat(s.path) == RecordFormat::Unknown)
        return QStringLiteral("'%1' must end in .gif (animated GIF) or .png (numbered PNG frames), or be an existing folder or end in /")
            .arg(s.path);
    if (!std::isfinite(s.fps) || s.fps < kMinRecordFps || s.fps > kMaxRecordFps)
        return QStringLiteral("%1 is not a frame rate from %2 to %3 frames per second")
            .arg(s.fps)
            .arg(kMinRecordFps)
            .arg(kMaxRecordFps);
    if (s.durationMs && (!std::isfinite(*s.durationMs) || *s.durationMs <= 0))
        return QStringLiteral("the recording's duration must be a positive number of simulated milliseconds");
    if (s.frameSize.width() < 64 || s.frameSize.height() < 64 || s.frameSize.width() > 4096 ||
        s.frameSize.height() > 4096)
        return QStringLiteral("a frame of %1x%2 pixels is not between 64x64 and 4096x4096")
            .arg(s.frameSize.width())
            .arg(s.frameSize.height());
    return {};
}

namespace {

// The folder a file will be written to must exist and be writable: checked before a long recording starts.
QString checkOutputFolder(const QString& file)
{
    if (const std::string error = checkOutputPath(QFile::encodeName(file).toStdString()); !error.empty())
        return QString::fromLocal8Bit(error);
    const QFileInfo folder(QFileInfo(file).absolutePath());
    if (!folder.exists())
        return QStringLiteral("cannot write '%1': the folder '%2' does not exist").arg(file, folder.filePath());
    if (!folder.isDir())
        return QStringLiteral("cannot write '%1': '%2' is not a folder").arg(file, folder.filePath());
    if (!folder.isWritable())
        return QStringLiteral("cannot write '%1': the folder '%2' is not writable").arg(file, folder.filePath());
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// Colour quantisation: median cut over the exact colours of a rectangle, weighted by their pixel counts.

struct ColorCount {
    QRgb rgb;
    quint64 count;
};

int channel(QRgb c, int which) { return which == 0 ? qRed(c) : which == 1 ? qGreen(c) : qBlue(c); }

std::vector<QRgb> buildPalette(std::vector<ColorCount> colors)
{
    std::vector<QRgb> palette;
    if (colors.size() <= 256) {
        for (const ColorCount& c : colors)
            palette.push_back(c.rgb);
        return palette;
    }
    // The most frequent colours (background, axis black, line colours) are kept exactly.
    constexpr std::size_t kExact = 32;
    std::vector<ColorCount> byCount = colors;
    std::stable_sort(byCount.begin(), byCount.end(),
                     [](const ColorCount& a, const ColorCount& b) { return a.count > b.count; });
    byCount.resize(kExact);

    struct Box {
        std::size_t begin, end;
    };
    std::vector<Box> boxes{{0, colors.size()}};
    auto range = [&](const Box& box, int& widest) {
        int best = -1;
        for (int ch = 0; ch < 3; ++ch) {
            int lo = 255, hi = 0;
            for (std::size_t i = box.begin; i < box.end; ++i) {
                lo = std::min(lo, channel(colors[i].rgb, ch));
                hi = std::max(hi, channel(colors[i].rgb, ch));
            }
            if (hi - lo > best) {
                best = hi - lo;
                widest = ch;
            }
        }
        return best;
    };
    while (boxes.size() < 256 - kExact) {
        int bestRange = 0, bestChannel = 0;
        std::size_t bestBox = boxes.size();
        for (std::size_t b = 0; b < boxes.size(); ++b) {
            if (boxes[b].end - boxes[b].begin < 2)
                continue;
            int widest = 0;
            const int r = range(boxes[b], widest);
            if (r > bestRange) {
                bestRange = r;
                bestChannel = widest;
                bestBox = b;
            }
        }
        if (bestBox == boxes.size())
            break;
        Box& box = boxes[bestBox];
        std::sort(colors.begin() + std::ptrdiff_t(box.begin), colors.begin() + std::ptrdiff_t(box.end),
                  [bestChannel](const ColorCount& a, const ColorCount& b) {
                      const int ca = channel(a.rgb, bestChannel), cb = channel(b.rgb, bestChannel);
                      return ca != cb ? ca < cb : a.rgb < b.rgb;
                  });
        quint64 total = 0;
        for (std::size_t i = box.begin; i < box.end; ++i)
            total += colors[i].count;
        quint64 running = 0;
        std::size_t split = box.begin + 1;
        for (std::size_t i = box.begin; i + 1 < box.end; ++i) {
            running += colors[i].count;
            split = i + 1;
            if (running * 2 >= total)
                break;
        }
        const Box upper{split, box.end};
        box.end = split;
        boxes.push_back(upper);
    }
    for (const Box& box : boxes) {
        double r = 0, g = 0, b = 0, w = 0;
        for (std::size_t i = box.begin; i < box.end; ++i) {
            const double weight = double(colors[i].count);
            r += weight * qRed(colors[i].rgb);
            g += weight * qGreen(colors[i].rgb);
            b += weight * qBlue(colors[i].rgb);
            w += weight;
        }
        palette.push_back(qRgb(int(std::lround(r / w)), int(std::lround(g / w)), int(std::lround(b / w))));
    }
    for (const ColorCount& c : byCount)
        if (std::find(palette.begin(), palette.end(), c.rgb) == palette.end())
            palette.push_back(c.rgb);
    return palette;
}

int nearest(const std::vector<QRgb>& palette, QRgb c)
{
    int best = 0;
    long bestDistance = std::numeric_limits<long>::max();
    for (std::size_t i = 0; i < palette.size(); ++i) {
        const long dr = qRed(palette[i]) - qRed(c), dg = qGreen(palette[i]) - qGreen(c), db = qBlue(palette[i]) - qBlue(c);
        const long d = 3 * dr * dr + 4 * dg * dg + 2 * db * db;
        if (d < bestDistance) {
            bestDistance = d;
            best = int(i);
            if (d == 0)
                break;
        }
    }
    return best;
}

int appendBytes(GifFileType* gif, const GifByteType* data, int length)
{
    static_cast<QByteArray*>(gif->UserData)->append(reinterpret_cast<const char*>(data), length);
    return length;
}

QString gifError(int code) { return QStringLiteral("GIF encoder: %1").arg(QString::fromLatin1(GifErrorString(code))); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// GIF encoder

struct GifEncoder::State {
    QByteArray bytes;
    GifFileType* gif = nullptr;
    int error = 0;  // first giflib error code
};

GifEncoder::GifEncoder(QSize size, int delayCentiseconds)
    : m_state(std::make_unique<State>()), m_size(size), m_delay(delayCentiseconds)
{
    int error = 0;
    m_state->gif = EGifOpen(&m_state->bytes, appendBytes, &error);
    if (!m_state->gif) {
        m_state->error = error ? error : E_GIF_ERR_NOT_ENOUGH_MEM;
        return;
    }
    EGifSetGifVersion(m_state->gif, true);
    if (EGifPutScreenDesc(m_state->gif, size.width(), size.height(), 8, 0, nullptr) == GIF_ERROR) {
        m_state->error = m_state->gif->Error;
        return;
    }
    // NETSCAPE2.0: loop forever.
    static const GifByteType application[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    static const GifByteType loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(m_state->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(m_state->gif, sizeof application, application) == GIF_ERROR ||
        EGifPutExtensionBlock(m_state->gif, sizeof loop, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(m_state->gif) == GIF_ERROR)
        m_state->error = m_state->gif->Error;
}

GifEncoder::~GifEncoder()
{
    if (m_state->gif) {
        int error = 0;
        EGifCloseFile(m_state->gif, &error);
    }
}

QString GifEncoder::addFrame(const QImage& input)
{
    if (m_state->error)
        return gifError(m_state->error);
    if (input.size() != m_size)
        return QStringLiteral("GIF encoder: a frame of %1x%2 pixels in a %3x%4 animation")
            .arg(input.width())
            .arg(input.height())
            .arg(m_size.width())
            .arg(m_size.height());
    const QImage frame = input.convertToFormat(QImage::Format_RGB32);
    // Only the rectangle that changed since the previous frame is stored; the rest stays (disposal "do not dispose").
    QRect changed(QPoint(0, 0), m_size);
    if (!m_previous.isNull()) {
        int top = m_size.height(), bottom = -1, left = m_size.width(), right = -1;
        for (int y = 0; y < m_size.height(); ++y) {
            const auto* a = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
            const auto* b = reinterpret_cast<const QRgb*>(m_previous.constScanLine(y));
            for (int x = 0; x < m_size.width(); ++x)
                if (a[x] != b[x]) {
                    top = std::min(top, y);
                    bottom = y;
                    left = std::min(left, x);
                    right = std::max(right, x);
                }
        }
        changed = bottom < 0 ? QRect(0, 0, 1, 1) : QRect(QPoint(left, top), QPoint(right, bottom));
    }
    m_previous = frame;

    std::unordered_map<QRgb, quint64> counts;
    for (int y = changed.top(); y <= changed.bottom(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
        for (int x = changed.left(); x <= changed.right(); ++x)
            ++counts[row[x] | 0xff000000u];
    }
    std::vector<ColorCount> colors;
    colors.reserve(counts.size());
    for (const auto& [rgb, count] : counts)
        colors.push_back({rgb, count});
    std::sort(colors.begin(), colors.end(), [](const ColorCount& a, const ColorCount& b) { return a.rgb < b.rgb; });
    const std::vector<QRgb> palette = buildPalette(colors);
    std::unordered_map<QRgb, GifByteType> index;
    index.reserve(colors.size());
    for (const ColorCount& c : colors)
        index[c.rgb] = GifByteType(nearest(palette, c.rgb));

    int mapSize = 2;
    while (mapSize < int(palette.size()))
        mapSize *= 2;
    std::vector<GifColorType> entries(std::size_t(mapSize), GifColorType{0, 0, 0});
    for (std::size_t i = 0; i < palette.size(); ++i)
        entries[i] = GifColorType{GifByteType(qRed(palette[i])), GifByteType(qGreen(palette[i])),
                                  GifByteType(qBlue(palette[i]))};
    ColorMapObject* map = GifMakeMapObject(mapSize, entries.data());
    if (!map)
        return gifError(E_GIF_ERR_NOT_ENOUGH_MEM);

    GraphicsControlBlock control{};
    control.DisposalMode = DISPOSE_DO_NOT;
    control.UserInputFlag = false;
    control.DelayTime = m_delay;
    control.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    const std::size_t length = EGifGCBToExtension(&control, extension);
    GifFileType* gif = m_state->gif;
    bool ok = EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(length), extension) != GIF_ERROR &&
              EGifPutImageDesc(gif, changed.left(), changed.top(), changed.width(), changed.height(), false, map) !=
                  GIF_ERROR;
    GifFreeMapObject(map);
    std::vector<GifByteType> line(std::size_t(changed.width()));
    for (int y = changed.top(); ok && y <= changed.bottom(); ++y) {
        const auto* row = reinterpret_cast<const QRgb*>(frame.constScanLine(y));
        for (int x = changed.left(); x <= changed.right(); ++x)
            line[std::size_t(x - changed.left())] = index[row[x] | 0xff000000u];
        ok = EGifPutLine(gif, line.data(), changed.width()) != GIF_ERROR;
    }
    if (!ok) {
        m_state->error = gif->Error;
        return gifError(m_state->error);
    }
    ++m_frames;
    return {};
}

QString GifEncoder::finish(QByteArray& bytes)
{
    if (m_state->error)
        return gifError(m_state->error);
    int error = 0;
    const int result = EGifCloseFile(m_state->gif, &error);
    m_state->gif = nullptr;
    if (result == GIF_ERROR)
        return gifError(error);
    bytes = std::move(m_state->bytes);
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// Recorder

namespace {
// Posted events only (layout requests, chart updates, queued signals): never timers or input, so a recording
// driven by a timer cannot re-enter itself.
void applyPostedEvents()
{
    for (int i = 0; i < 3; ++i)
        QCoreApplication::sendPostedEvents();
}
}  // namespace

Recorder::Recorder(chapters::ExperimentPanel* panel, RecordSettings settings)
    : m_panel(panel), m_settings(std::move(settings))
{
}

Recorder::~Recorder() { restoreFigure(); }

QString Recorder::begin()
{
    if (const QString error = checkRecordSettings(m_settings); !error.isEmpty())
        return error;
    m_format = recordFormat(m_settings.path);
    if (!m_panel)
        return QStringLiteral("there is no panel to record");
    chapters::SimulationController* controller = m_panel->controller();
    if (!controller)
        return QStringLiteral("panel %1 has no simulation that runs in time (it recomputes on each change): there is "
                              "nothing to animate; use Export figure instead")
            .arg(m_panel->panelId());
    const QString firstFile = m_format == RecordFormat::Gif ? m_settings.path : recordFramePath(m_settings.path, 1);
    if (const QString error = checkOutputFolder(firstFile); !error.isEmpty())
        return error;

    const double speed = controller->speed();
    m_frameMs = (std::isfinite(speed) && speed > 0 ? speed : 1.0) * 1000.0 / m_settings.fps;
    m_dt = controller->stepSize();
    if (m_settings.durationMs) {
        const double frames = std::round(*m_settings.durationMs / m_frameMs);
        if (frames > kMaxRecordFrames)
            return QStringLiteral("%1 ms at %2 fps is more than %3 frames")
                .arg(*m_settings.durationMs)
                .arg(m_settings.fps)
                .arg(kMaxRecordFrames);
        m_planned = std::max(1, int(frames));
    }

    m_figure = m_panel->figureWidget();
    if (!m_figure)
        return QStringLiteral("panel %1 has no figure to record").arg(m_panel->panelId());
    m_oldMinimum = m_figure->minimumSize();
    m_oldMaximum = m_figure->maximumSize();
    m_fixed = true;
    m_figure->setFixedSize(m_settings.frameSize);
    for (int i = 0; i < 10 && m_figure->size() != m_settings.frameSize; ++i) {
        if (QLayout* layout = m_figure->window()->layout())
            layout->activate();
        applyPostedEvents();
    }
    if (m_figure->size() != m_settings.frameSize) {
        const QSize got = m_figure->size();
        restoreFigure();
        return QStringLiteral("the figure cannot be made %1x%2 pixels in this window (it is %3x%4): choose a smaller "
                              "frame size or enlarge the window")
            .arg(m_settings.frameSize.width())
            .arg(m_settings.frameSize.height())
            .arg(got.width())
            .arg(got.height());
    }
    if (m_settings.restart) {
        controller->setRunning(false);
        controller->reset();
    }
    if (m_format == RecordFormat::Gif)
        m_gif = std::make_unique<GifEncoder>(m_settings.frameSize, gifDelayCentiseconds(m_settings.fps));
    m_frames = 0;
    m_written.clear();
    return {};
}

bool Recorder::complete() const { return m_planned >= 0 && m_frames >= m_planned; }

QString Recorder::recordFrame()
{
    if (!m_panel || !m_figure)
        return QStringLiteral("the panel was closed during the recording");
    if (m_frames >= kMaxRecordFrames)
        return QStringLiteral("the recording reached %1 frames, the most it can hold").arg(kMaxRecordFrames);
    chapters::SimulationController* controller = m_panel->controller();
    // Whole simulation steps, counted from the start so rounding never accumulates.
    const long before = std::lround(m_frames * m_frameMs / m_dt);
    const long after = std::lround((m_frames + 1) * m_frameMs / m_dt);
    QString simulationError;
    const QMetaObject::Connection connection =
        controller ? QObject::connect(controller, &chapters::SimulationController::simulationError, m_figure.data(),
                                      [&simulationError](const QString& message) {
                                          if (simulationError.isEmpty())
                                              simulationError = message;
                                      })
                   : QMetaObject::Connection();
    const bool ran = after <= before || m_panel->runHeadless(double(after - before) * m_dt);
    applyPostedEvents();
    QObject::disconnect(connection);
    if (!ran)
        return QStringLiteral("the simulation did not finish frame %1 in time").arg(m_frames + 1);
    if (!simulationError.isEmpty())
        return QStringLiteral("frame %1: %2").arg(m_frames + 1).arg(simulationError);

    QImage image(m_settings.frameSize, QImage::Format_RGB32);
    image.fill(Qt::white);
    m_figure->render(&image, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
    if (m_format == RecordFormat::Gif) {
        if (const QString error = m_gif->addFrame(image); !error.isEmpty())
            return error;
    } else {
        const QString file = recordFramePath(m_settings.path, m_frames + 1);
        if (const QString error = widgets::FigureExporter::exportImage(image, file); !error.isEmpty())
            return error;
        m_written << file;
    }
    ++m_frames;
    return {};
}

QString Recorder::finish()
{
    restoreFigure();
    if (m_frames == 0)
        return QStringLiteral("no frame was recorded: nothing was written");
    if (m_format == RecordFormat::Gif) {
        QByteArray bytes;
        if (const QString error = m_gif->finish(bytes); !error.isEmpty())
            return error;
        m_gif.reset();
        if (const QString error = widgets::FigureExporter::writeFile(m_settings.path, bytes); !error.isEmpty())
            return error;
        m_written << m_settings.path;
    } else if (const QString next = recordFramePath(m_settings.path, m_frames + 1); QFileInfo::exists(next)) {
        spdlog::warn("{} and any later frames are left from an earlier recording", next.toStdString());
    }
    return {};
}

void Recorder::restoreFigure()
{
    if (!m_fixed)
        return;
    m_fixed = false;
    if (m_figure) {
        m_figure->setMinimumSize(m_oldMinimum);
        m_figure->setMaximumSize(m_oldMaximum);
    }
}

QString recordPanel(chapters::ExperimentPanel* panel, const RecordSettings& settings,
                    const std::function<void(const Recorder&)>& progress, QStringList* written)
{
    if (!settings.durationMs)
        return QStringLiteral("a headless recording needs a duration");
    Recorder recorder(panel, settings);
    if (const QString error = recorder.begin(); !error.isEmpty())
        return error;
    while (!recorder.complete()) {
        if (const QString error = recorder.recordFrame(); !error.isEmpty())
            return error;
        if (progress)
            progress(recorder);
    }
    if (const QString error = recorder.finish(); !error.isEmpty())
        return error;
    if (written)
        *written = recorder.writtenFiles();
    return {};
}

// ---------------------------------------------------------------------------------------------------------------
// The GUI: dialog and a timer-driven recording

namespace {

class RecordDialog : public QDialog {
public:
    RecordDialog(const QString& panelTitle, QSize figureSize, const QString& suggestedPath, QWidget* parent)
        : QDialog(parent)
    {
        setWindowTitle(tr("Record animation"));
        auto* form = new QFormLayout;
        auto* explanation = new QLabel(
            tr("Records %1 frame by frame in simulated time, so the result does not depend on this computer's "
               "speed. A frame is taken every speed × 1000 / fps ms of simulated time (speed: the toolbar's "
               "× real time). GIF stores delays in 1/100 s, so the frame rate is rounded to 100 / delay.")
                .arg(panelTitle));
        explanation->setWordWrap(true);
        m_path = new QLineEdit(suggestedPath);
        m_path->setObjectName(QStringLiteral("recordPath"));
        m_path->setToolTip(tr(".gif: one animated GIF. .png: numbered frames NAME-00001.png, … A folder: "
                              "frame-00001.png, … inside it."));
        auto* browse = new QPushButton(tr("Browse…"));
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Record animation"), m_path->text(),
                tr("Animated GIF (*.gif);;Numbered PNG frames (*.png)"));
            if (!path.isEmpty())
                m_path->setText(path);
        });
        auto* pathRow = new QHBoxLayout;
        pathRow->addWidget(m_path, 1);
        pathRow->addWidget(browse);
        form->addRow(tr("File:"), pathRow);

        m_fps = new QDoubleSpinBox;
        m_fps->setObjectName(QStringLiteral("recordFps"));
        m_fps->setRange(kMinRecordFps, kMaxRecordFps);
        m_fps->setDecimals(1);
        m_fps->setValue(10);
        m_fps->setSuffix(tr(" frames/s"));
        form->addRow(tr("Frame rate:"), m_fps);

        m_timed = new QRadioButton(tr("Simulated time:"));
        m_timed->setChecked(true);
        m_duration = new QDoubleSpinBox;
        m_duration->setObjectName(QStringLiteral("recordDuration"));
        m_duration->setRange(1, 1e7);
        m_duration->setDecimals(0);
        m_duration->setValue(2000);
        m_duration->setSuffix(tr(" ms"));
        auto* until = new QRadioButton(tr("Until I press Stop"));
        connect(m_timed, &QRadioButton::toggled, m_duration, &QWidget::setEnabled);
        auto* durationRow = new QHBoxLayout;
        durationRow->addWidget(m_timed);
        durationRow->addWidget(m_duration, 1);
        durationRow->addWidget(until);
        form->addRow(tr("Length:"), durationRow);

        m_width = new QSpinBox;
        m_height = new QSpinBox;
        for (QSpinBox* box : {m_width, m_height}) {
            box->setRange(64, 4096);
            box->setSuffix(tr(" px"));
        }
        m_width->setValue(figureSize.width());
        m_height->setValue(figureSize.height());
        auto* sizeRow = new QHBoxLayout;
        sizeRow->addWidget(m_width);
        sizeRow->addWidget(new QLabel(QStringLiteral("×")));
        sizeRow->addWidget(m_height);
        sizeRow->addStretch(1);
        form->addRow(tr("Frame size:"), sizeRow);

        m_restart = new QCheckBox(tr("Start from t = 0 (reset the simulation first)"));
        m_restart->setChecked(true);
        form->addRow(QString(), m_restart);

        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Record"));
        connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
        auto* layout = new QVBoxLayout(this);
        layout->addWidget(explanation);
        layout->addLayout(form);
        layout->addWidget(buttons);
    }

    RecordSettings settings() const
    {
        RecordSettings s;
        s.path = m_path->text().trimmed();
        s.fps = m_fps->value();
        if (m_timed->isChecked())
            s.durationMs = m_duration->value();
        s.frameSize = QSize(m_width->value(), m_height->value());
        s.restart = m_restart->isChecked();
        return s;
    }

private:
    QLineEdit* m_path = nullptr;
    QDoubleSpinBox* m_fps = nullptr;
    QRadioButton* m_timed = nullptr;
    QDoubleSpinBox* m_duration = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QCheckBox* m_restart = nullptr;
};

// A running recording in the window: one frame per event-loop turn, progress in the status bar, a Stop button.
class RecordingSession : public QObject {
public:
    RecordingSession(MainWindow& window, chapters::ExperimentPanel* panel, const RecordSettings& settings)
        : QObject(&window), m_window(window), m_recorder(panel, settings)
    {
        setObjectName(QStringLiteral("recordingSession"));
    }

    QString start()
    {
        if (const QString error = m_recorder.begin(); !error.isEmpty())
            return error;
        m_stop = new QPushButton(tr("Stop recording"));
        m_stop->setObjectName(QStringLiteral("stopRecording"));
        connect(m_stop, &QPushButton::clicked, this, [this] { m_stopRequested = true; });
        m_window.statusBar()->addPermanentWidget(m_stop);
        QTimer::singleShot(0, this, [this] { next(); });
        return {};
    }

private:
    void next()
    {
        if (m_stopRequested || m_recorder.complete())
            return end({});
        if (const QString error = m_recorder.recordFrame(); !error.isEmpty())
            return end(error);
        const int planned = m_recorder.plannedFrames();
        m_window.statusBar()->showMessage(
            planned > 0 ? tr("Recording: frame %1 of %2 (%3 ms simulated)")
                              .arg(m_recorder.frames())
                              .arg(planned)
                              .arg(m_recorder.simulatedMs(), 0, 'f', 0)
                        : tr("Recording: frame %1 (%2 ms simulated); press Stop recording to finish")
                              .arg(m_recorder.frames())
                              .arg(m_recorder.simulatedMs(), 0, 'f', 0));
        QTimer::singleShot(0, this, [this] { next(); });
    }

    void end(const QString& recordError)
    {
        QString error = recordError;
        if (error.isEmpty())
            error = m_recorder.finish();
        else
            m_recorder.finish();  // keep what was recorded before the error
        if (m_stop)
            m_window.statusBar()->removeWidget(m_stop);
        delete m_stop;
        const QString target = m_recorder.settings().path;
        if (error.isEmpty())
            m_window.statusBar()->showMessage(
                tr("Recorded %1 frames (%2 ms simulated) to %3").arg(m_recorder.frames()).arg(m_recorder.simulatedMs(), 0, 'f', 0).arg(target),
                8000);
        else
            QMessageBox::warning(&m_window, tr("Record animation"), error);
        deleteLater();
    }

    MainWindow& m_window;
    Recorder m_recorder;
    QPointer<QPushButton> m_stop;
    bool m_stopRequested = false;
};

}  // namespace

void recordAnimationInteractive(MainWindow& window)
{
    if (window.findChild<QObject*>(QStringLiteral("recordingSession"), Qt::FindDirectChildrenOnly)) {
        window.statusBar()->showMessage(QObject::tr("A recording is already running: stop it first"), 4000);
        return;
    }
    chapters::ExperimentPanel* panel = window.currentPanel();
    if (!panel) {
        QMessageBox::information(&window, QObject::tr("Record animation"), QObject::tr("Open a panel to record first."));
        return;
    }
    QWidget* figure = panel->figureWidget();
    const QSize figureSize = figure ? figure->size().boundedTo(QSize(4096, 4096)).expandedTo(QSize(64, 64)) : QSize(1280, 800);
    const QString suggested = QDir::home().filePath(panel->panelId().section(QLatin1Char('/'), -1) + QStringLiteral(".gif"));
    RecordDialog dialog(panel->title(), figureSize, suggested, &window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const RecordSettings settings = dialog.settings();
    auto* session = new RecordingSession(window, panel, settings);
    if (const QString error = session->start(); !error.isEmpty()) {
        delete session;
        QMessageBox::warning(&window, QObject::tr("Record animation"), error);
    }
}

}  // namespace neuroai::app
