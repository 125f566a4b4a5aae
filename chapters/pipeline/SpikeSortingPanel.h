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

// Spike sorting (chapter 8): a synthetic recording whose truth is known, sorted end to end. Plots: the first
// 100 ms of the wide-band and the band-passed trace with the threshold; each cluster's mean snippet; the snippets'
// first two principal components coloured by cluster; the first 2 s of true spikes against sorted ones, row by
// unit; and the accuracy and the detected fraction against the noise level, this noise marked. Engine: the batch
// experiment `spike-sorting` (engine/pipeline/PipelineExperiments.h).
class SpikeSortingPanel final : public InformationPanel {
    Q_OBJECT
public:
    explicit SpikeSortingPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Spike sorting"); }
    QList<widgets::DataSeries> dataSeries() override;

    widgets::XYPlot* tracePlot() const { return m_tracePlot; }
    widgets::XYPlot* waveformPlot() const { return m_waveformPlot; }
    widgets::XYPlot* componentPlot() const { return m_componentPlot; }
    widgets::XYPlot* rasterPlot() const { return m_rasterPlot; }
    widgets::XYPlot* accuracyPlot() const { return m_accuracyPlot; }
    QXYSeries* filteredSeries() const { return m_filtered; }
    QXYSeries* thresholdSeries() const { return m_threshold; }
    QXYSeries* accuracySeries() const { return m_accuracy; }
    const std::vector<QXYSeries*>& waveformSeries() const { return m_waveforms; }
    const std::vector<QXYSeries*>& componentSeries() const { return m_components; }
    QLabel* readoutLabel() const { return m_readout; }

    // The raster's excerpt (s) and the most clusters the plots can colour.
    static constexpr double kRasterSeconds = 2.0;
    static constexpr int kMaxClusters = 8;

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString checkParameters(const ParamSet& p) const override;

private:
    widgets::XYPlot* m_tracePlot = nullptr;
    QXYSeries* m_raw = nullptr;
    QXYSeries* m_filtered = nullptr;
    QXYSeries* m_threshold = nullptr;
    widgets::XYPlot* m_waveformPlot = nullptr;
    std::vector<QXYSeries*> m_waveforms;
    widgets::XYPlot* m_componentPlot = nullptr;
    std::vector<QXYSeries*> m_components;
    widgets::XYPlot* m_rasterPlot = nullptr;
    QXYSeries* m_trueSpikes = nullptr;
    QXYSeries* m_unsorted = nullptr;
    std::vector<QXYSeries*> m_sorted;
    widgets::XYPlot* m_accuracyPlot = nullptr;
    QXYSeries* m_accuracy = nullptr;
    QXYSeries* m_recall = nullptr;
    QXYSeries* m_noiseMarker = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
