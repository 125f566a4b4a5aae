#pragma once

#include "chapters/networks/NetworksFigure.h"
#include "engine/networks/NetworkExperiments.h"
#include "widgets/HeatmapPlot.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

using TwoNetworksResult = NetworksResult<networks::TwoNetworksFigure>;

// A node × node correlation matrix (diverging colours, −1 … 1) with lines between the two networks' blocks.
class CorrelationMatrixPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit CorrelationMatrixPlot(QWidget* parent = nullptr);
    // The first `nodes` rows and columns form the first group; a line is drawn after them.
    void setGroupSize(int nodes);
    int groupSize() const { return m_group; }

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    int m_group = 0;
};

// Chapter 5, panel 1: a default-mode and an executive network of Wilson–Cowan nodes competing through each other's
// inhibition, switched by a block-design task; their mean activity with the task blocks, their BOLD-like signals (the
// activity through SPM's haemodynamic response, plus an optional global fluctuation), and the node correlation matrix
// of the BOLD signals before and after global-signal regression, with the within- and between-network means. Engine:
// the batch experiment `two-networks` (NetworkExperiments.h).
class TwoNetworksPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit TwoNetworksPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Two networks"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* activityPlot() const { return m_activity; }
    widgets::XYPlot* boldPlot() const { return m_bold; }
    CorrelationMatrixPlot* rawMatrix() const { return m_raw; }
    CorrelationMatrixPlot* gsrMatrix() const { return m_gsr; }
    QXYSeries* dmnActivity() const { return m_dmnActivity; }
    QXYSeries* execActivity() const { return m_execActivity; }
    QXYSeries* dmnBold() const { return m_dmnBold; }
    QXYSeries* execBold() const { return m_execBold; }
    QXYSeries* globalBold() const { return m_global; }
    QLabel* readoutLabel() const { return m_readout; }
    const TwoNetworksResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const TwoNetworksResult& shownResult() const
    {
        return static_cast<const TwoNetworksResult&>(IntroPanel::shownResult());
    }
    widgets::XYPlot* m_activity = nullptr;
    QXYSeries* m_taskActivity = nullptr;
    QXYSeries* m_dmnActivity = nullptr;
    QXYSeries* m_execActivity = nullptr;
    widgets::XYPlot* m_bold = nullptr;
    QXYSeries* m_taskBold = nullptr;
    QXYSeries* m_global = nullptr;
    QXYSeries* m_dmnBold = nullptr;
    QXYSeries* m_execBold = nullptr;
    CorrelationMatrixPlot* m_raw = nullptr;
    CorrelationMatrixPlot* m_gsr = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
