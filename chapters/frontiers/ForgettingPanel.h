#pragma once

#include "chapters/frontiers/FrontiersFigure.h"

#include <array>

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Chapter 14, panel 1: catastrophic forgetting and elastic weight consolidation (Kirkpatrick et al. 2017). A small
// ReLU network learns task A, then task B (A's patterns with their features permuted), once plainly and once with
// the EWC penalty (λ/2)·Σ F_i (θ_i − θ*_A,i)². Plots: test accuracy on both tasks over the epochs of A then B,
// without and with EWC (side by side, the switch from A to B and chance marked); the accuracies after B against λ
// over the engine's sweep, with this λ marked; and the sorted Fisher diagonal at θ*_A on a log axis. Training takes
// about half a second at the defaults, so the first figure is computed on the job. Engine: the batch experiment
// `ewc` (engine/frontiers/FrontiersExperiments.h).
class ForgettingPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit ForgettingPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Forgetting and EWC"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    const FrontiersResult& lastResult() const { return static_cast<const FrontiersResult&>(shownResult()); }
    bool computed() const { return lastResult().computed; }

    widgets::XYPlot* plainPlot() const { return m_plainPlot; }
    widgets::XYPlot* ewcPlot() const { return m_ewcPlot; }
    widgets::XYPlot* lambdaPlot() const { return m_lambdaPlot; }
    widgets::XYPlot* fisherPlot() const { return m_fisherPlot; }
    // Accuracy over training on task 0 (A) or 1 (B), without (ewc = false) or with EWC.
    QXYSeries* accuracySeries(bool ewc, int task) const
    {
        return (ewc ? m_ewcCurves : m_plainCurves)[std::size_t(task)];
    }
    // The switch from A to B (vertical line at the last epoch of A) in the plain or the EWC plot.
    QXYSeries* switchSeries(bool ewc) const { return ewc ? m_ewcSwitch : m_plainSwitch; }
    // Accuracy after B against λ, task 0 (A) or 1 (B); this λ's vertical line and its two accuracies (diamonds).
    QXYSeries* sweepSeries(int task) const { return m_sweep[std::size_t(task)]; }
    QXYSeries* lambdaMarker() const { return m_lambdaLine; }
    QXYSeries* chosenSeries(int task) const { return m_chosen[std::size_t(task)]; }
    QXYSeries* fisherSeries() const { return m_fisher; }
    QLabel* readoutLabel() const { return m_readout; }

    // Fisher entries below kFisherDecades decades under the largest sit on the plot's floor (zeros included).
    static constexpr double kFisherDecades = 6;

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    void drawTraining(const FrontiersResult& r, int epochsA, int epochsB);
    void drawSweep(const FrontiersResult& r, double lambda);
    void drawFisher(const FrontiersResult& r);

    widgets::XYPlot* m_plainPlot = nullptr;
    widgets::XYPlot* m_ewcPlot = nullptr;
    widgets::XYPlot* m_lambdaPlot = nullptr;
    widgets::XYPlot* m_fisherPlot = nullptr;
    std::array<QXYSeries*, 2> m_plainCurves{};
    std::array<QXYSeries*, 2> m_ewcCurves{};
    QXYSeries* m_plainChance = nullptr;
    QXYSeries* m_ewcChance = nullptr;
    QXYSeries* m_plainSwitch = nullptr;
    QXYSeries* m_ewcSwitch = nullptr;
    std::array<QXYSeries*, 2> m_sweep{};
    std::array<QXYSeries*, 2> m_chosen{};
    QXYSeries* m_lambdaLine = nullptr;
    QXYSeries* m_fisher = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
