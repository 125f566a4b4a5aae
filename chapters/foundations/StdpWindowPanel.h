#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/plasticity/StdpWindow.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the STDP-window figure shows, computed on the job's thread by StdpWindowPanel::compute.
struct StdpWindowResult : IntroResult {
    plasticity::StdpWindowSetup setup;
    plasticity::StdpWindowRun run;
};

// The STDP window measured live: for each of 41 spike-timing differences Δt the pairing protocol (N pre/post pairs
// at frequency f) runs through the engine's pair or triplet rule on a one-synapse projection; the measured weight
// changes are plotted against Δt with the pair rule's exact sum over the protocol and the Bi & Poo window shape.
// A batch panel like chapter 1's (IntroPanel): every change recomputes the figure on a background job.
// Engine: StdpWindow.h, PairStdp.h, TripletStdp.h.
class StdpWindowPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit StdpWindowPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("STDP window"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* windowPlot() const { return m_plot; }
    QXYSeries* measuredSeries() const { return m_measured; }
    QXYSeries* predictionSeries() const { return m_prediction; }
    QLabel* readoutLabel() const { return m_readout; }
    const plasticity::StdpWindowRun& lastRun() const { return shownResult().run; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    const StdpWindowResult& shownResult() const
    {
        return static_cast<const StdpWindowResult&>(IntroPanel::shownResult());
    }
    widgets::XYPlot* m_plot = nullptr;
    QXYSeries* m_measured = nullptr;
    QXYSeries* m_prediction = nullptr;
    QXYSeries* m_biPoo = nullptr;
    QXYSeries* m_zero = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
