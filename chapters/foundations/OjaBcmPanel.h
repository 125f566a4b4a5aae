#pragma once

#include "chapters/framework/ExperimentPanel.h"

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

// Chapter 2's "Oja and BCM" panel over the live model rate-rules-2d (engine/plasticity/RateRuleModel.h): one linear
// neuron with two inputs learns from a stream of 2-D samples. The scatter (equal axes) shows the recent inputs, the
// weight vector w as an arrow from the origin with the recent path of its tip, and the cloud's leading eigenvector
// e₁ (dashed) or, for BCM, the two input patterns. On the right, against samples: the angle between w and e₁ and
// ‖w‖ (Hebb, Oja), or the responses to both patterns with the sliding threshold θ and its target K·y₀ (BCM).
// A run that diverges (Hebb always, Oja at a large η) stops with a message saying where and why.
class OjaBcmPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit OjaBcmPanel(QWidget* parent = nullptr);
    ~OjaBcmPanel() override;

    QString title() const override { return tr("Oja and BCM"); }
    SimulationController* controller() override { return m_controller; }
    QWidget* figureWidget() override { return m_figure; }
    QList<widgets::DataSeries> dataSeries() override;
    QString metadata() const override;
    bool runHeadless(double samples, int timeoutMs = 120000) override;

    QStringList models() const override;
    QString currentModel() const override;
    std::vector<ParamSpec> specsFor(const QString& model) const override;
    ParamSet currentParameters() const override;
    quint64 currentSeed() const override;
    QList<Preset> presetsFor(const QString& model) const override;
    void applyState(const PanelState& target, bool restart) override;
    QStringList readoutNames() const override;

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    widgets::XYPlot* scatterPlot() const { return m_scatter; }
    widgets::XYPlot* anglePlot() const { return m_angle; }
    widgets::XYPlot* normPlot() const { return m_norm; }
    widgets::XYPlot* bcmPlot() const { return m_bcm; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }
    // The drawn weight arrow's tip and the drawn eigenvector's direction (data coordinates), for tests.
    QPointF arrowTip() const;
    QPointF drawnEigenvector() const;

    static constexpr double kWindowSamples = 4000;   // the time plots' window
    static constexpr double kScatterSamples = 300;   // inputs shown in the scatter
    static constexpr double kScatterHalfRange = 3;   // the scatter shows at least [−3, 3] on both axes (σ₁ = 1)
    static constexpr double kDefaultSpeed = 0.25;    // samples per wall-clock ms: 250 a second

private:
    void onParametersChanged();
    void syncPresetBox();
    void showFrame(const Frame& frame);
    void fitScatterAspect();
    void drawStatic();
    bool isBcm() const;

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;
    QString m_divergence;  // the message shown while the run is stopped by divergence

    widgets::ParameterPanel* m_panel = nullptr;
    widgets::XYPlot* m_scatter = nullptr;
    widgets::XYPlot* m_angle = nullptr;
    widgets::XYPlot* m_norm = nullptr;
    widgets::XYPlot* m_bcm = nullptr;
    QXYSeries* m_samples = nullptr;
    QXYSeries* m_eigen = nullptr;
    QXYSeries* m_patternLines = nullptr;
    QXYSeries* m_path = nullptr;
    QXYSeries* m_arrow = nullptr;
    QXYSeries* m_angleSeries = nullptr;
    QXYSeries* m_normSeries = nullptr;
    QXYSeries* m_normReference = nullptr;
    QXYSeries* m_responseA = nullptr;
    QXYSeries* m_responseB = nullptr;
    QXYSeries* m_thetaSeries = nullptr;
    QXYSeries* m_thetaTarget = nullptr;
    QPointF m_arrowTip;
    bool m_fitPending = false;
    QSize m_fitSize;
    int m_fitCount = 0;
    double m_normTop = 0;  // the y axes' current tops; 0 = not set yet
    double m_bcmTop = 0;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
