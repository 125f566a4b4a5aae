#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/space/PathIntegration.h"
#include "widgets/ArenaView.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the path-integration figure shows, computed on the job's thread by PathIntegrationPanel::compute.
struct PathIntegrationResult : IntroResult {
    space::PathIntegrationSetup setup;
    space::PathIntegrationRun run;
};

// The arena with two paths: the true walk (ArenaView's fading blue trajectory) and the integrated estimate drawn
// over it in vermillion, with the start, both end points and the error between them. The view widens beyond the
// walls when the estimate leaves the box (it can: nothing holds an estimate inside).
class PathEstimateView final : public widgets::ArenaView {
    Q_OBJECT
public:
    explicit PathEstimateView(QWidget* parent = nullptr);

    // The arena, the true path (scene.trajectory), and the estimate; `endErrorCm` is written next to the error line.
    void setPaths(const ArenaScene& scene, std::vector<ArenaPoint> estimate, ArenaPoint start, double endErrorCm);
    const std::vector<ArenaPoint>& estimate() const { return m_estimate; }

    QList<widgets::DataSeries> dataSeries() const override;

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    std::vector<ArenaPoint> m_estimate;
    ArenaPoint m_start;
    double m_endErrorCm = 0;
};

// Path integration (chapter 3): an animal walks in a 100 cm box and keeps track of its position by adding up its
// noisy sense of its own velocity. Left: the true path and the estimate. Right: the RMS error of an ensemble of
// walks on the open plane against time on log-log axes, the additive-noise law σ_v·√(2·dt·t), the slope fitted over
// the last two decades and the error of the shown walk. A batch panel (IntroPanel). Engine: PathIntegration.h.
class PathIntegrationPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit PathIntegrationPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Path integration"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    PathEstimateView* arenaView() const { return m_arena; }
    widgets::XYPlot* errorPlot() const { return m_plot; }
    QXYSeries* rmsSeries() const { return m_rms; }
    QXYSeries* referenceSeries() const { return m_reference; }
    QXYSeries* fitSeries() const { return m_fit; }
    QXYSeries* shownErrorSeries() const { return m_shownError; }
    QLabel* readoutLabel() const { return m_readout; }            // RMS error at the end
    QLabel* slopeReadoutLabel() const { return m_slopeReadout; }  // the fitted slope
    const space::PathIntegrationRun& lastRun() const { return shownResult().run; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    // The error plot's legend as a column on a white card in the plot's upper left corner, which a rising error
    // curve leaves empty (a row above the plot would elide its entries at half a 1280 px window).
    void placeLegend();
    const PathIntegrationResult& shownResult() const
    {
        return static_cast<const PathIntegrationResult&>(IntroPanel::shownResult());
    }
    PathEstimateView* m_arena = nullptr;
    widgets::XYPlot* m_plot = nullptr;
    QXYSeries* m_reference = nullptr;
    QXYSeries* m_fit = nullptr;
    QXYSeries* m_shownError = nullptr;
    QXYSeries* m_rms = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_slopeReadout = nullptr;
};

}  // namespace neuroai::chapters
