#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "widgets/HeatmapPlot.h"

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
class ArenaView;
class ParameterPanel;
class XYPlot;
}  // namespace neuroai::widgets

namespace neuroai::chapters {

// A heatmap with square cells (x and y in the same units): the spatial autocorrelogram with the annulus the gridness
// score was taken over drawn on top (two dashed circles: the central peak's radius and the best outer radius), or,
// without an annulus, the attractor sheet.
class AutocorrelogramPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit AutocorrelogramPlot(QWidget* parent = nullptr);
    // Radii in cm; 0 hides the circles.
    void setAnnulus(double innerCm, double outerCm);
    double innerRadius() const { return m_inner; }
    double outerRadius() const { return m_outer; }

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    double m_inner = 0, m_outer = 0;
};

// Chapter 3's grid cells: a random walk through an open field drives one grid cell (an ideal lattice, oscillatory
// interference, or one neuron of a continuous-attractor sheet); its Poisson spikes fill in the rate map live on the
// arena, next to the map's spatial autocorrelogram with the scoring annulus, and readouts of gridness, spacing and
// orientation. For the attractor the sheet's population activity is shown as well, its bumps moving as the animal
// runs.
class GridCellsPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit GridCellsPanel(QWidget* parent = nullptr);
    ~GridCellsPanel() override;

    QString title() const override { return tr("Grid cells"); }
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

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    widgets::ArenaView* arenaView() const { return m_arena; }
    AutocorrelogramPlot* autocorrelogramPlot() const { return m_autocorrelogram; }
    widgets::HeatmapPlot* sheetPlot() const { return m_sheet; }
    widgets::XYPlot* gridnessPlot() const { return m_history; }
    // (explored s, gridness) of every score so far in this run.
    const QList<QPointF>& gridnessHistory() const { return m_points; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }

    static constexpr double kDefaultSpeed = 20.0;  // simulated ms per wall-clock ms: a minute of running in 3 s

private:
    void onParametersChanged();
    void showFrame(const Frame& frame);

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;

    widgets::ParameterPanel* m_panel = nullptr;
    widgets::ArenaView* m_arena = nullptr;
    AutocorrelogramPlot* m_autocorrelogram = nullptr;
    widgets::HeatmapPlot* m_sheet = nullptr;
    widgets::XYPlot* m_history = nullptr;
    QXYSeries* m_gridnessSeries = nullptr;
    QXYSeries* m_gridnessMarkers = nullptr;
    QXYSeries* m_criterionSeries = nullptr;
    QList<QPointF> m_points;
    QGridLayout* m_plots = nullptr;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
