#pragma once

#include "chapters/framework/ExperimentPanel.h"
#include "widgets/HeatmapPlot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QPointF>

QT_BEGIN_NAMESPACE
class QComboBox;
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

// The δ(trial, t) heatmap with the cue (CS) and reward times marked by labelled dashed vertical lines.
class TrialHeatmapPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit TrialHeatmapPlot(QWidget* parent = nullptr);
    // Steps within the trial (column centres); negative hides the marks.
    void setMarks(int cueStep, int rewardStep);
    int cueStep() const { return m_cue; }
    int rewardStep() const { return m_reward; }

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    int m_cue = -1, m_reward = -1;
};

// The case-studies chapter's dopamine panel (Schultz, Dayan & Montague 1997): TD(0) with a tapped delay line learns
// a cue → reward contingency, one trial per step of the live model `td-conditioning`, so the reader watches the
// prediction error δ move from the reward back to the cue as the trials go by. Shown: the heatmap of δ over trials
// and time in the trial; δ(t) of the first, a middle and the latest trial and of an omission probe (the dip at the
// reward time); V(t) with its learned limit; δ at the cue and at the reward across trials against γ^D; and the
// numbers. The pace is the panel's "trials per second" (the model's clock counts trials).
class DopaminePanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit DopaminePanel(QWidget* parent = nullptr);
    ~DopaminePanel() override;

    QString title() const override { return tr("Dopamine"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    // `ms` counts trials here (the model's clock).
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
    TrialHeatmapPlot* heatmap() const { return m_heatmap; }
    widgets::XYPlot* curvesPlot() const { return m_curves; }
    widgets::XYPlot* valuePlot() const { return m_value; }
    widgets::XYPlot* errorsPlot() const { return m_errors; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }
    QComboBox* paceBox() const { return m_pace; }
    // The curves as last drawn (x = step in the trial): first, middle, latest trial, omission probe, V(t).
    const QList<QPointF>& curve(int row) const { return m_curvePoints[row]; }

    static constexpr double kDefaultTrialsPerSecond = 20.0;

private:
    void onParametersChanged();
    void showFrame(const Frame& frame);
    void syncPaceBox();
    void setSeries(widgets::XYPlot* plot, QXYSeries* series, const QList<QPointF>& points);

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;

    widgets::ParameterPanel* m_panel = nullptr;
    TrialHeatmapPlot* m_heatmap = nullptr;
    widgets::XYPlot* m_curves = nullptr;
    widgets::XYPlot* m_value = nullptr;
    widgets::XYPlot* m_errors = nullptr;
    QList<QXYSeries*> m_curveSeries;  // first, middle, latest, omission probe
    QXYSeries* m_curveCue = nullptr;
    QXYSeries* m_curveReward = nullptr;
    QXYSeries* m_valueSeries = nullptr;
    QXYSeries* m_valueLimit = nullptr;
    QXYSeries* m_csErrorSeries = nullptr;
    QXYSeries* m_rewardErrorSeries = nullptr;
    QXYSeries* m_gammaLevel = nullptr;
    QList<QPointF> m_curvePoints[5];
    QList<QPointF> m_csPoints, m_rewardPoints;
    QHash<QXYSeries*, QList<QPointF>> m_shownPoints;
    double m_errorsRight = -1;
    int m_steps = -1;  // trial length the x axes were set for
    QElapsedTimer m_textClock;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QComboBox* m_pace = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
