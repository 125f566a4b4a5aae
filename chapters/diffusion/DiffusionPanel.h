#pragma once

#include "chapters/information/InformationFigure.h"
#include "widgets/XYPlot.h"

#include <QList>
#include <QPointF>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QScatterSeries;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::chapters {

// A plot of the data plane: point clouds drawn as small see-through dots (a thousand of them must not merge into a
// blob) and, optionally, a field of arrows painted over the series: one straight line with a small head from each
// start point to start + vector, in data coordinates, clipped to the plot area (a QXYSeries cannot hold disconnected
// segments, and a series per arrow would be hundreds of series).
class DiffusionPlanePlot final : public widgets::XYPlot {
    Q_OBJECT
public:
    explicit DiffusionPlanePlot(QWidget* parent = nullptr);
    // Adds a point cloud (a Markers series drawn with small dots).
    QXYSeries* addCloud(const QString& name, const QColor& colour);
    // The arrows, as drawn (already scaled): starts[i] → starts[i] + vectors[i]. Empty lists clear them.
    void setArrows(const QList<QPointF>& starts, const QList<QPointF>& vectors);
    const QList<QPointF>& arrowStarts() const { return m_starts; }
    const QList<QPointF>& arrowVectors() const { return m_vectors; }

protected:
    void styleSeries() override;
    void drawForeground(QPainter* painter, const QRectF& exposed) override;

private:
    std::vector<QScatterSeries*> m_clouds;
    QList<QPointF> m_starts, m_vectors;
};

// What the panel shows for one state: the engine's result, or (only while the first run trains on a job, at
// construction) nothing yet.
struct DiffusionPanelResult : InformationResult {
    bool ready = false;
};

// Chapter 13: a diffusion model on points of the plane. A mixture of Gaussians is noised by the DDPM forward process
// (linear or cosine schedule, T steps) and regenerated from pure noise by the reverse process, driven by the
// mixture's exact score or by a small network trained with the ε-loss. Plots: the data (grey) and the generated
// samples with the component means and a few reverse paths; the data noised to the chosen step with the score field
// as arrows (Tweedie's displacement (1 − ᾱ_t)∇log p_t, fitted to the grid or at its true length); ᾱ_t against t
// with the chosen step marked; and the network's ε-loss against the exact score's floor. Engine: the batch
// experiment `diffusion` (engine/diffusion/DiffusionExperiments.h); it trains the network, so the first figure is
// computed on a job (finishSetupWithPlaceholder).
class DiffusionPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit DiffusionPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Diffusion in 2-D"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    bool ready() const { return lastResult().ready; }
    const DiffusionPanelResult& lastResult() const
    {
        return static_cast<const DiffusionPanelResult&>(IntroPanel::shownResult());
    }

    DiffusionPlanePlot* samplePlot() const { return m_samplePlot; }
    DiffusionPlanePlot* fieldPlot() const { return m_fieldPlot; }
    widgets::XYPlot* alphaPlot() const { return m_alphaPlot; }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    QXYSeries* dataSeriesOnPlot() const { return m_data; }
    QXYSeries* generatedSeries() const { return m_generated; }
    QXYSeries* meansSeries() const { return m_means; }
    QXYSeries* trajectorySeries(int i) const { return m_paths[std::size_t(i)]; }
    QXYSeries* noisedSeries() const { return m_noised; }
    QXYSeries* scaledMeansSeries() const { return m_scaledMeans; }
    QXYSeries* alphaBarSeries() const { return m_alphaBar; }
    QXYSeries* shownStepSeries() const { return m_shownStep; }
    QXYSeries* lossSeries() const { return m_loss; }
    QXYSeries* floorSeries() const { return m_floor; }
    QLabel* readoutLabel() const { return m_readout; }
    // The factor the arrows are drawn with (1 at true length).
    double arrowScale() const { return m_arrowScale; }

    static constexpr int kMaxTrajectories = 20;   // the engine's limit
    static constexpr int kMaxCloudPoints = 2000;  // at most this many points of each cloud are drawn
    static constexpr double kExtent = 5.0;        // the two plane plots show [−kExtent, kExtent]²
    static constexpr double kFieldExtent = 4.0;   // the engine's score-field lattice covers [−4, 4]²
    static constexpr double kFittedLength = 0.9;  // fitted arrows: the longest is this fraction of the grid spacing

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString checkParameters(const ParamSet& p) const override;
    QString extraMetadata() const override;

private:
    void clearFigure();

    DiffusionPlanePlot* m_samplePlot = nullptr;
    QXYSeries* m_data = nullptr;
    QXYSeries* m_generated = nullptr;
    QXYSeries* m_means = nullptr;
    std::vector<QXYSeries*> m_paths;
    DiffusionPlanePlot* m_fieldPlot = nullptr;
    QXYSeries* m_noised = nullptr;
    QXYSeries* m_scaledMeans = nullptr;
    QXYSeries* m_arrowKey = nullptr;  // no points: the arrows' legend entry
    widgets::XYPlot* m_alphaPlot = nullptr;
    QXYSeries* m_alphaBar = nullptr;
    QXYSeries* m_shownStep = nullptr;
    widgets::XYPlot* m_lossPlot = nullptr;
    QXYSeries* m_loss = nullptr;
    QXYSeries* m_floor = nullptr;
    QLabel* m_readout = nullptr;
    double m_arrowScale = 1.0;
};

}  // namespace neuroai::chapters
