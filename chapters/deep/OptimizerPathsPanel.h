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

// Optimisers on a loss surface (chapter 10): SGD, momentum and Adam from the same start on a rotated quadratic
// valley ½(L·u² + (L/κ)·v²). Plots: the valley's contour lines with the three paths; their losses against the step
// on a log axis; and plain gradient descent's loss after the same number of steps against the learning rate η,
// with the stability limit 2/L and this η marked. Engine: the batch experiment `optimizer-paths`
// (engine/deep/DeepExperiments.h).
class OptimizerPathsPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit OptimizerPathsPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Optimisers"); }
    QList<widgets::DataSeries> dataSeries() override;

    widgets::XYPlot* pathPlot() const { return m_pathPlot; }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    widgets::XYPlot* ratePlot() const { return m_ratePlot; }
    QXYSeries* pathSeries(int optimiser) const { return m_paths[std::size_t(optimiser)]; }
    QXYSeries* lossSeries(int optimiser) const { return m_losses[std::size_t(optimiser)]; }
    QXYSeries* sweepSeries() const { return m_sweep; }
    QLabel* readoutLabel() const { return m_readout; }

    static constexpr int kContours = 8;
    static constexpr double kExtent = 3.2;  // the path plot shows [−kExtent, kExtent]²

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    widgets::XYPlot* m_pathPlot = nullptr;
    std::vector<QXYSeries*> m_contours;
    std::vector<QXYSeries*> m_paths;
    QXYSeries* m_start = nullptr;
    widgets::XYPlot* m_lossPlot = nullptr;
    std::vector<QXYSeries*> m_losses;
    widgets::XYPlot* m_ratePlot = nullptr;
    QXYSeries* m_limit = nullptr;
    QXYSeries* m_current = nullptr;
    QXYSeries* m_sweep = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
