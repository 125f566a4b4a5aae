#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/plasticity/LtpInduction.h"

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the LTP/LTD figures show, computed on the job's thread by LtpInductionPanel::compute.
struct LtpInductionResult : IntroResult {
    plasticity::LtpInductionSetup setup;
    plasticity::LtpInductionRun run;
};

// LTP/LTD induction (chapter 6): two figures computed through the engine's triplet and pair rules.
//  - The BCM curve: the mean weight drift under independent Poisson pre and post firing against the post rate,
//    measured on n synapses per rate (dots) with both rules' expected drift (lines) and the triplet rule's
//    threshold A₂₋τ₋/(A₃₊τ₊τ_y).
//  - The pairing-frequency dependence: Δw after N pairings at Δt = ±10 ms against the pairing frequency, the
//    simulated rule as dots and both rules' exact sums as lines.
// A batch panel (IntroPanel): every change recomputes both figures on a background job. Engine: LtpInduction.h.
class LtpInductionPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit LtpInductionPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("LTP/LTD induction"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::XYPlot* bcmPlot() const { return m_bcm; }
    widgets::XYPlot* pairingPlot() const { return m_pairing; }
    QXYSeries* measuredDriftSeries() const { return m_driftMeasured; }
    QXYSeries* tripletDriftSeries() const { return m_driftTriplet; }
    QXYSeries* pairDriftSeries() const { return m_driftPair; }
    QXYSeries* measuredMinusSeries() const { return m_measuredMinus; }
    QXYSeries* tripletMinusSeries() const { return m_tripletMinus; }
    QXYSeries* pairMinusSeries() const { return m_pairMinus; }
    QLabel* readoutLabel() const { return m_readout; }  // the thresholds
    QLabel* pairingReadoutLabel() const { return m_pairingReadout; }  // both rules' Δw at the readout frequency
    const plasticity::LtpInductionRun& lastRun() const { return shownResult().run; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;

private:
    const LtpInductionResult& shownResult() const
    {
        return static_cast<const LtpInductionResult&>(IntroPanel::shownResult());
    }
    widgets::XYPlot* m_bcm = nullptr;
    QXYSeries* m_driftZero = nullptr;
    QXYSeries* m_threshold = nullptr;
    QXYSeries* m_driftPair = nullptr;
    QXYSeries* m_driftTriplet = nullptr;
    QXYSeries* m_driftMeasured = nullptr;
    widgets::XYPlot* m_pairing = nullptr;
    QXYSeries* m_pairingZero = nullptr;
    QXYSeries* m_frequencyMarker = nullptr;
    QXYSeries* m_pairPlus = nullptr;
    QXYSeries* m_pairMinus = nullptr;
    QXYSeries* m_tripletPlus = nullptr;
    QXYSeries* m_tripletMinus = nullptr;
    QXYSeries* m_measuredPlus = nullptr;
    QXYSeries* m_measuredMinus = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_pairingReadout = nullptr;
};

}  // namespace neuroai::chapters
