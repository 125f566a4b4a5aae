#pragma once

#include "chapters/framework/ExperimentPanel.h"

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
QT_END_NAMESPACE

namespace neuroai {
struct Frame;
}

namespace neuroai::widgets {
class ParameterPanel;
class RasterPlot;
class TimeSeriesPlot;
}  // namespace neuroai::widgets

namespace neuroai::chapters {

// Chapter 6's balanced network (Vogels & Abbott 2005): 4000 LIF cells, 80 % excitatory, kept firing irregularly by
// recurrent excitation and inhibition. The raster shows every cell over the last second (excitatory rows blue,
// inhibitory vermillion), the plot below both population rates; sliders move the E and I weights in the running
// network, and stimulation (a bias or a pulse train into a chosen population) shifts the firing live.
class BalancedNetworkPanel final : public ExperimentPanel {
    Q_OBJECT
public:
    explicit BalancedNetworkPanel(QWidget* parent = nullptr);
    ~BalancedNetworkPanel() override;

    QString title() const override { return tr("Balanced network"); }
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
    std::optional<double> readout(const QString& key) const override;

    widgets::ParameterPanel* parameterPanel() const { return m_panel; }
    widgets::RasterPlot* rasterPlot() const { return m_raster; }
    widgets::TimeSeriesPlot* ratePlot() const { return m_rates; }
    QLabel* readoutLabel() const { return m_readout; }
    QComboBox* presetBox() const { return m_presetBox; }

    static constexpr double kWindowMs = 1000;

private:
    void onParametersChanged();
    void syncPresetBox();
    void showFrame(const Frame& frame);
    void fitRaster();
    QString stimulusText(const ParamSet& p) const;

    SimulationController* m_controller = nullptr;
    QList<Preset> m_presets;
    int m_neurons = 0;
    int m_excitatory = 0;
    double m_rateTop = 20;  // the rate axis' upper end (Hz)

    widgets::ParameterPanel* m_panel = nullptr;
    widgets::RasterPlot* m_raster = nullptr;
    widgets::TimeSeriesPlot* m_rates = nullptr;
    QComboBox* m_presetBox = nullptr;
    QLabel* m_presetDescription = nullptr;
    QLabel* m_readout = nullptr;
    QWidget* m_figure = nullptr;
};

}  // namespace neuroai::chapters
