#pragma once

#include "chapters/information/InformationFigure.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Bias and variance (chapter 9): polynomials of degree 0..D fitted to n noisy samples of sin(2πx), repeated over
// many training sets. Plots: one training set with the chosen degree's fit and the true function; and against the
// degree, on a log axis, the training error, the test error, bias², variance and the noise floor σ², with the chosen
// degree marked. Engine: the batch experiment `bias-variance` (engine/classical/ClassicalExperiments.h).
class BiasVariancePanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit BiasVariancePanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Bias and variance"); }
    QList<widgets::DataSeries> dataSeries() override;

    widgets::XYPlot* fitPlot() const { return m_fitPlot; }
    widgets::XYPlot* errorPlot() const { return m_errorPlot; }
    QXYSeries* testSeries() const { return m_test; }
    QXYSeries* trainingSeries() const { return m_training; }
    QXYSeries* biasSeries() const { return m_bias; }
    QXYSeries* varianceSeries() const { return m_variance; }
    QXYSeries* fitSeries() const { return m_fit; }
    QLabel* readoutLabel() const { return m_readout; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString checkParameters(const ParamSet& p) const override;

private:
    widgets::XYPlot* m_fitPlot = nullptr;
    QXYSeries* m_truth = nullptr;
    QXYSeries* m_points = nullptr;
    QXYSeries* m_fit = nullptr;
    widgets::XYPlot* m_errorPlot = nullptr;
    QXYSeries* m_floor = nullptr;
    QXYSeries* m_shown = nullptr;
    QXYSeries* m_training = nullptr;
    QXYSeries* m_test = nullptr;
    QXYSeries* m_bias = nullptr;
    QXYSeries* m_variance = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
