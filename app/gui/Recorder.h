#pragma once

#include <QByteArray>
#include <QImage>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace neuroai::chapters {
class ExperimentPanel;
}

namespace neuroai::app {

class MainWindow;

// Animated export: a run of a panel recorded frame by frame from its figure widget (the white figure area that
// File → Export figure renders), to an animated GIF or to a numbered PNG sequence.
//
// Determinism: frames are taken in simulated-time steps, never on a wall-clock timer. Frame k shows the panel after
// k × (speed × 1000 / fps) ms of simulated time, where speed is the panel's "× real time" (1 when it runs as fast as
// possible), so the animation plays back at the speed the reader watches the panel run and the result does not
// depend on how fast the machine is. The figure is rendered at a fixed size in pixels (device pixel ratio 1).
//
// Where frames go (recordFormat()):
//   *.gif                 one animated GIF, looping, delay round(100 / fps) hundredths of a second per frame
//                         (GIF counts delays in 1/100 s, so fps is effectively 100 / delay: 30 fps plays at 33.3);
//   *.png                 a numbered sequence next to it: clip.png → clip-00001.png, clip-00002.png, …
//   an existing folder    (or a path ending in '/') DIR/frame-00001.png, DIR/frame-00002.png, …
// Every file is written atomically through FigureExporter::writeFile() (the GIF once, at the end).
struct RecordSettings {
    QString path;
    double fps = 10;
    std::optional<double> durationMs;  // simulated time to record; empty: until stop()
    QSize frameSize{1280, 800};
    bool restart = true;  // start from t = 0 (reset the simulation first)
};

enum class RecordFormat { Gif, PngSequence, Unknown };

constexpr double kMinRecordFps = 1;
constexpr double kMaxRecordFps = 50;  // GIF delays below 2/100 s are slowed down to 1/10 s by most viewers
constexpr int kMaxRecordFrames = 99999;

RecordFormat recordFormat(const QString& path);
// The file of frame `index` (1-based) of a PNG sequence.
QString recordFramePath(const QString& path, int index);
// GIF frame delay in 1/100 s for `fps`.
int gifDelayCentiseconds(double fps);
// Empty if `settings` can be recorded (format, fps, duration, frame size), otherwise a one-line message.
QString checkRecordSettings(const RecordSettings& settings);

// An animated GIF built frame by frame in memory: each frame stores only the rectangle that changed since the last
// one, with its own 256-colour palette built from that rectangle (median cut over the exact colours, weighted by
// pixel count, with the most frequent colours kept exact: white stays white, line colours stay true).
class GifEncoder {
public:
    GifEncoder(QSize size, int delayCentiseconds);
    ~GifEncoder();
    GifEncoder(const GifEncoder&) = delete;
    GifEncoder& operator=(const GifEncoder&) = delete;

    // `frame` must have the encoder's size. Empty on success.
    QString addFrame(const QImage& frame);
    int frameCount() const { return m_frames; }
    // Finishes the file; empty on success and `bytes` holds the GIF.
    QString finish(QByteArray& bytes);

private:
    struct State;
    std::unique_ptr<State> m_state;
    QSize m_size;
    int m_delay;
    int m_frames = 0;
    QImage m_previous;
};

// One recording of one panel. begin() fixes the figure's size (and resets the run when asked), recordFrame()
// advances the simulation by one frame and renders it, finish() writes the files and gives the figure its size
// constraints back. The headless command line calls them in a loop (recordPanel()); the GUI calls recordFrame()
// from a zero-interval timer so the window stays responsive and Stop works.
class Recorder {
public:
    Recorder(chapters::ExperimentPanel* panel, RecordSettings settings);
    ~Recorder();

    QString begin();
    QString recordFrame();
    // True once the planned frames are recorded (never for "until stopped").
    bool complete() const;
    QString finish();

    int frames() const { return m_frames; }
    // -1 when recording until stopped.
    int plannedFrames() const { return m_planned; }
    double frameMs() const { return m_frameMs; }
    double simulatedMs() const { return m_frames * m_frameMs; }
    const RecordSettings& settings() const { return m_settings; }
    // Files written (the GIF, or the PNG frames), after finish().
    QStringList writtenFiles() const { return m_written; }

private:
    void restoreFigure();

    QPointer<chapters::ExperimentPanel> m_panel;
    QPointer<QWidget> m_figure;
    RecordSettings m_settings;
    RecordFormat m_format = RecordFormat::Unknown;
    double m_frameMs = 100;
    double m_dt = 0;
    int m_planned = -1;
    int m_frames = 0;
    QSize m_oldMinimum, m_oldMaximum;
    bool m_fixed = false;
    std::unique_ptr<GifEncoder> m_gif;
    QStringList m_written;
};

// Records synchronously (headless). `progress` is told after each frame. Empty on success.
QString recordPanel(chapters::ExperimentPanel* panel, const RecordSettings& settings,
                    const std::function<void(const Recorder&)>& progress = {}, QStringList* written = nullptr);

// File → Record animation…: the dialog, then a recording driven by a timer with progress and a Stop button in the
// window's status bar.
void recordAnimationInteractive(MainWindow& window);

}  // namespace neuroai::app
