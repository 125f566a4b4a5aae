#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "widgets/ArenaView.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/RasterPlot.h"

#include <QList>
#include <QPointF>
#include <QSet>

QT_BEGIN_NAMESPACE
class QComboBox;
class QGridLayout;
class QLabel;
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

// The arena of the place-cell panel: ArenaView plus the shown cell's spikes as dots where they fired, the drawn path
// still to be walked (dashed), and steering: the arrow keys (held keys add up to a direction) and a path dragged with
// the left mouse button. It only reports gestures (steeringChanged, pathDrawn); the panel posts them to the model.
class PlaceArenaView final : public widgets::ArenaView {
    Q_OBJECT
public:
    explicit PlaceArenaView(QWidget* parent = nullptr);
    // Open field: cm square on screen. Track: stretched across, or the 10 cm width would be a few pixels high.
    void setSquare(bool square) { setKeepAspect(square); }
    void setSpikes(QList<QPointF> spikesCm);
    void setPendingPath(QList<QPointF> pathCm);
    const QList<QPointF>& spikes() const { return m_spikes; }
    // Widget position → arena cm (inverse of mapToWidget).
    QPointF mapToArena(const QPointF& widgetPosition) const;
    QList<widgets::DataSeries> dataSeries() const override;

signals:
    // Unit-free direction of the held arrow keys (x right, y up); (0, 0) when none is held.
    void steeringChanged(QPointF direction);
    // A path dragged over the arena, in cm, in drawing order.
    void pathDrawn(QList<QPointF> pathCm);

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void emitDirection();

    QList<QPointF> m_spikes, m_pending, m_drawing;
    QSet<int> m_keys;
    bool m_drawingPath = false;
};

// A heatmap whose cells are square when asked (open field), stretched otherwise (a long narrow track).
class RateMapPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit RateMapPlot(QWidget* parent = nullptr);
    void setSquare(bool square) { setKeepAspect(square); }
    // Shows a rate map (row 0 at y = 0) with y upwards like the arena, coloured over [0, highHz]; the colour bar only
    // when asked (small multiples share one scale, and one bar per row says it).
    void showMap(MatrixImage map, double highHz, bool colourBar);
};

// The population raster with the cells' order spelt out on the y axis and time in seconds.
class PlaceRasterPlot final : public widgets::RasterPlot {
    Q_OBJECT
public:
    explicit PlaceRasterPlot(QWidget* parent = nullptr);
    void showRaster(const RasterImage& raster);
};

// Chapter 3's place cells: an animal explores an open field or a linear track (random walk, or steered with the arrow
// keys or a drawn path) while a population of place cells fires Poisson spikes for where it is. The arena shows the
// shown cell's rate map, the path and the places that cell fired; beside it four cells' rate maps with their Skaggs
// information; below, the population raster sorted by field position and the shown cell's theta phase against its
// position in the field (phase precession, with the model's slope and the fitted one).
class PlaceCellsPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit PlaceCellsPanel(QWidget* parent = nullptr);
    ~PlaceCellsPanel() override;

    QString title() const override { return tr("Place cells"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    bool runHeadless(double ms, int timeoutMs = 120000) override;

    QStringList models() const override;
    QString currentModel() const override;
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override;
    quint64 currentSeed() const override;
    QList<Preset> presetsFor(const QString& model) const override;
    void applyState(const PanelState& target, bool restart) override;
    QStringList readoutNames() const override;

    // Steering, as the arena's gestures do it (posted to the model's thread).
    void steer(QPointF direction);
    void followPath(const QList<QPointF>& pathCm);

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    PlaceArenaView* arenaView() const { return m_arena; }
    const QList<RateMapPlot*>& rateMapPlots() const { return m_maps; }
    PlaceRasterPlot* rasterPlot() const { return m_raster; }
    widgets::XYPlot* phasePlot() const { return m_phase; }
    int phasePointCount() const { return m_phaseCount; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }

    static constexpr double kDefaultSpeed = 10.0;  // simulated ms per wall-clock ms
    static constexpr double kWindowMs = 10000.0;   // the raster's time window

private:
    void onParametersChanged();
    void showFrame(const Frame& frame);
    void fitRaster();

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;

    widgets::ParameterPanel* m_panel = nullptr;
    PlaceArenaView* m_arena = nullptr;
    QList<RateMapPlot*> m_maps;
    QGridLayout* m_mapGrid = nullptr;
    QGridLayout* m_plots = nullptr;
    bool m_squareMaps = true;
    PlaceRasterPlot* m_raster = nullptr;
    widgets::XYPlot* m_phase = nullptr;
    QXYSeries* m_phaseSpikes = nullptr;
    QXYSeries* m_modelLine = nullptr;
    QXYSeries* m_fitLine = nullptr;
    int m_phaseCount = 0;
    QList<QPointF> m_shownPhases, m_shownModelLine, m_shownFitLine;
    int m_cells = 0;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_hint = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
