#pragma once

#include "chapters/information/InformationFigure.h"

#include <vector>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Chapter 12, panel 2: LoRA (Hu et al. 2021). A tiny model pre-trained on the prose is fine-tuned on the verse with
// low-rank adapters of rank 1, 2, 4, … and, for comparison, with every parameter. Plots: the trainable parameters
// against the rank (the adapters' L·r·Σ(in + out), a straight line, against the whole model); the verse loss each
// rank reaches, with full fine-tuning's and the loss before fine-tuning; and the two fine-tuning curves. Engine: the
// batch experiment `lora-rank` (engine/lm/LanguageModelExperiments.h).
class LoraRankPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit LoraRankPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("LoRA fine-tuning"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* parameterPlot() const { return m_parameterPlot; }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    widgets::XYPlot* curvePlot() const { return m_curvePlot; }
    QXYSeries* loraParameterSeries() const { return m_loraParameters; }
    QXYSeries* lossSeries() const { return m_loss; }
    QLabel* readoutLabel() const { return m_readout; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    widgets::XYPlot* m_parameterPlot = nullptr;
    QXYSeries* m_loraParameters = nullptr;
    QXYSeries* m_fullParameters = nullptr;
    widgets::XYPlot* m_lossPlot = nullptr;
    QXYSeries* m_loss = nullptr;
    QXYSeries* m_fullLoss = nullptr;
    QXYSeries* m_baseLoss = nullptr;
    widgets::XYPlot* m_curvePlot = nullptr;
    QXYSeries* m_fullCurve = nullptr;
    QXYSeries* m_loraCurve = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
