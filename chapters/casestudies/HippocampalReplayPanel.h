#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "widgets/HeatmapPlot.h"

#include <QElapsedTimer>
#include <QList>
#include <QPointF>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QStackedWidget;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai {
struct Frame;
}

namespace neuroai::widgets {
class ParameterPanel;
class XYPlot;
}  // namespace neuroai::widgets

namespace neuroai::chapters {

// One decoded point of a replay event: time from the event's start (ms) and position on the track (cm).
struct ReplayPathPoint {
    double tMs = 0;
    double decodedCm = 0;
    double trueCm = 0;
};

// The colour of a time within an event, fraction 0 (start) … 1 (end): orange → blue through purple, distinct from
// the viridis heatmaps it is drawn over.
QColor replayTimeColour(double fraction);

// The latest event's raster (cells sorted by field centre) with the event's window (the ripple) marked by dashed
// lines at its start and end.
class ReplayRasterPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit ReplayRasterPlot(QWidget* parent = nullptr);
    void setEventWindow(double startMs, double endMs);

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    double m_start = 0, m_end = -1;
};

// The posterior P(position | spikes) per decoding bin, with the decoded path (dots coloured by time) and the
// replayed trajectory (dashed white).
class ReplayPosteriorPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit ReplayPosteriorPlot(QWidget* parent = nullptr);
    void setPath(const QList<ReplayPathPoint>& path, double durationMs);

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    QList<ReplayPathPoint> m_path;
    double m_duration = 1;
};

// The linear track seen from above: start on the left, reward on the right, the animal where it rests, and the
// decoded path of the latest event as dots along the track, coloured by time and stacked downwards in time order,
// with an arrow for the direction of the fit.
class ReplayTrackView final : public QWidget {
    Q_OBJECT
public:
    explicit ReplayTrackView(QWidget* parent = nullptr);
    void setState(double trackCm, double animalCm, const QList<ReplayPathPoint>& path, double durationMs,
                  double slope);
    QSize minimumSizeHint() const override { return {260, 120}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double m_track = 100, m_animal = 0, m_duration = 1, m_slope = 0;
    QList<ReplayPathPoint> m_path;
};

// One decoding bin of a maze event in the plane (cm; y grows downwards like the maze's rows).
struct ReplayMazePoint {
    double tMs = 0;
    QPointF decoded;  // NaN coordinates for a bin without spikes
    QPointF replayed;
};

// The Dyna maze seen from above (world "Dyna maze"): walls, S and G, the animal's route (dashed), the animal where it
// rests, the replayed path of the latest event (a grey band with an arrowhead where it ends) and the decoded positions
// as dots coloured by time, joined in time order, with a 20 cm scale bar.
class HippocampalMazeView final : public QWidget {
    Q_OBJECT
public:
    explicit HippocampalMazeView(QWidget* parent = nullptr);
    // layout: HippocampalReplayModel's maze matrix (MazeCell values); route: square centres in cm, S first.
    void setMaze(const MatrixImage& layout, const QList<QPointF>& route, double squareCm);
    void setState(bool atGoal, const QList<ReplayMazePoint>& path, double durationMs, double slope);
    QSize minimumSizeHint() const override { return {260, 170}; }
    int rows() const { return m_rows; }
    int columns() const { return m_cols; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    int m_rows = 0, m_cols = 0;
    QList<int> m_cells;
    QList<QPointF> m_route;
    double m_square = 20;
    bool m_atGoal = false;
    QList<ReplayMazePoint> m_path;
    double m_duration = 1, m_slope = 0;
};

// The case-studies chapter's hippocampal-replay panel: place cells on a linear track replay the run during rest,
// reverse after the reward and forward before a run, time-compressed into sharp-wave-ripple events (live model
// `hippocampal-replay`, one event per second of rest time). Shown: the latest event's raster, its decoded posterior and path, the
// path on the track, and the replay score (weighted correlation r of time and decoded position) of every event.
class HippocampalReplayPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit HippocampalReplayPanel(QWidget* parent = nullptr);
    ~HippocampalReplayPanel() override;

    QString title() const override { return tr("Hippocampal replay"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    // `ms` is rest time: one event per 1000 ms.
    bool runHeadless(double ms, int timeoutMs = 120000) override;

    QStringList models() const override;
    QString currentModel() const override;
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override;
    quint64 currentSeed() const override;
    QList<Preset> presetsFor(const QString& model) const override;
    void applyState(const PanelState& target, bool restart) override;
    QStringList readoutNames() const override;

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    ReplayRasterPlot* rasterPlot() const { return m_raster; }
    ReplayPosteriorPlot* posteriorPlot() const { return m_posterior; }
    ReplayTrackView* trackView() const { return m_track; }
    HippocampalMazeView* mazeView() const { return m_maze; }
    bool showsMaze() const;
    widgets::XYPlot* scoresPlot() const { return m_scores; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }
    QComboBox* paceBox() const { return m_pace; }
    const QList<ReplayPathPoint>& path() const { return m_path; }

    static constexpr double kDefaultEventsPerSecond = 2.0;

private:
    void onParametersChanged();
    void showFrame(const Frame& frame);
    void syncPaceBox();

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;

    widgets::ParameterPanel* m_panel = nullptr;
    ReplayRasterPlot* m_raster = nullptr;
    ReplayPosteriorPlot* m_posterior = nullptr;
    ReplayTrackView* m_track = nullptr;
    HippocampalMazeView* m_maze = nullptr;
    QStackedWidget* m_where = nullptr;
    QList<ReplayMazePoint> m_mazePath;
    widgets::XYPlot* m_scores = nullptr;
    QXYSeries* m_forwardSeries = nullptr;
    QXYSeries* m_reverseSeries = nullptr;
    QList<QPointF> m_forwardPoints, m_reversePoints;
    QList<ReplayPathPoint> m_path;
    double m_scoresRight = -1;
    double m_lastEvent = -1;
    QElapsedTimer m_textClock;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QComboBox* m_pace = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
