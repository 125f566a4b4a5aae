#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/analysis/FlashResponse.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

using widgets::XYPlot;

// Everything the flash figure shows, computed on the job's thread by FlashPanel::compute.
struct FlashResult : IntroResult {
    FlashSetup setup;
    FlashRun run;                                     // the trace of this pulse
    std::vector<double> sweepDurations, sweepPeaks;   // ms, mV: simulated peak over the duration sweep
    std::vector<double> curveDurations, curvePeaks;   // ms, mV: the analytic peak, 201 log-spaced durations
    double analyticPeakMv = 0;                        // analytic peak for this pulse
};

// Flash versus sustained input of equal charge: the LIF membrane for the chosen pulse duration, the peak
// depolarisation against duration (simulated dots over the analytic curve, threshold, the perceptron's constant
// drive w·Q), and two verdicts: what the perceptron and what the neuron answer. Engine: FlashResponse.h.
class FlashPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit FlashPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Flash vs sustained"); }
    QList<widgets::DataSeries> dataSeries() override;

    XYPlot* tracePlot() const { return m_trace; }
    XYPlot* peakPlot() const { return m_peak; }
    QLabel* perceptronReadout() const { return m_perceptronReadout; }
    QLabel* neuronReadout() const { return m_neuronReadout; }
    // The run on screen.
    const FlashRun& lastRun() const { return shownResult().run; }
    // The simulated peaks of the sweep over durations (d in ms, peak in mV).
    QList<QPointF> sweepPeaks() const;

    // The figure's data for one state (any thread; only engine functions on its arguments).
    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    const FlashResult& shownResult() const { return static_cast<const FlashResult&>(IntroPanel::shownResult()); }
    XYPlot* m_trace = nullptr;
    XYPlot* m_peak = nullptr;
    QXYSeries* m_traceV = nullptr;
    QXYSeries* m_tracePassive = nullptr;
    QXYSeries* m_traceThreshold = nullptr;
    QXYSeries* m_traceSpikes = nullptr;
    QXYSeries* m_peakSimulated = nullptr;
    QXYSeries* m_peakAnalytic = nullptr;
    QXYSeries* m_peakThreshold = nullptr;
    QXYSeries* m_perceptron = nullptr;
    QXYSeries* m_current = nullptr;
    QLabel* m_perceptronReadout = nullptr;
    QLabel* m_neuronReadout = nullptr;
};

}  // namespace neuroai::chapters
