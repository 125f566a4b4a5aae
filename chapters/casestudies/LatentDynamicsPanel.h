#pragma once

#include "chapters/networks/NetworksFigure.h"
#include "engine/latent/LatentExperiments.h"

#include <QColor>

#include <array>
#include <vector>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// The figure and the ExperimentResult that `neuroai-sim run latent-dynamics` prints for the same parameters.
using LatentDynamicsResult = NetworksResult<latent::LatentDynamicsFigure>;

// Case study "Latent dynamics" (chapter Case studies): a simulated motor-cortex-like population whose state rotates
// after movement onset (several conditions = reach directions), analysed as Churchland et al. (2012) did: PCA, a
// fitted linear dynamical system x_{t+1} = A x_t and jPCA (the best skew-symmetric ẋ = M_skew x), compared with the
// known truth; and the same analysis of a time-shuffled control, which must find no rotation. Plots: one neuron's
// PSTHs, the LDS eigenvalues (frequency against decay rate, the truth marked), and every condition's trajectory in
// the top-2 PC plane, the jPC plane and the control's jPC plane. Engine: the batch experiment `latent-dynamics`
// (engine/latent/LatentExperiments.h); the compute takes a few milliseconds, so every change recomputes.
class LatentDynamicsPanel final : public IntroPanel {
    Q_OBJECT
public:
    // The largest number of conditions the specs allow (one series per condition and plot is made up front).
    static constexpr int kMaxConditions = 16;

    explicit LatentDynamicsPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Latent dynamics"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    const LatentDynamicsResult& lastResult() const { return shownResult(); }
    widgets::XYPlot* psthPlot() const { return m_psthPlot; }
    widgets::XYPlot* eigenPlot() const { return m_eigenPlot; }
    widgets::XYPlot* pcPlot() const { return m_pcPlot; }
    widgets::XYPlot* jpcaPlot() const { return m_jpcaPlot; }
    widgets::XYPlot* shuffledPlot() const { return m_shuffledPlot; }
    // Condition c's drawn series (c < kMaxConditions; empty beyond the shown conditions).
    QXYSeries* psthSeries(int c) const { return m_psth[std::size_t(c)]; }
    QXYSeries* pcSeries(int c) const { return m_pc[std::size_t(c)]; }
    QXYSeries* jpcaSeries(int c) const { return m_jpca[std::size_t(c)]; }
    QXYSeries* shuffledSeries(int c) const { return m_shuffled[std::size_t(c)]; }
    QXYSeries* eigenSeries() const { return m_eigen; }
    QXYSeries* trueModeSeries() const { return m_trueRotation; }
    QLabel* readoutLabel() const { return m_readout; }

    // The colour of condition c of C: a hue wheel, so neighbouring reach directions get neighbouring colours.
    static QColor conditionColour(int c, int conditions);

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    // Sets trajectory plot `index`'s ranges to ±m_halfRange on its shorter side, equal scales on both axes.
    void fitSquare(int index);
    const LatentDynamicsResult& shownResult() const
    {
        return static_cast<const LatentDynamicsResult&>(IntroPanel::shownResult());
    }

    widgets::XYPlot* m_psthPlot = nullptr;
    widgets::XYPlot* m_eigenPlot = nullptr;
    widgets::XYPlot* m_pcPlot = nullptr;
    widgets::XYPlot* m_jpcaPlot = nullptr;
    widgets::XYPlot* m_shuffledPlot = nullptr;
    std::vector<QXYSeries*> m_psth, m_psthTrue, m_pc, m_jpca, m_shuffled;
    QXYSeries* m_pcStart = nullptr;
    QXYSeries* m_jpcaStart = nullptr;
    QXYSeries* m_shuffledStart = nullptr;
    QXYSeries* m_psthLegendObserved = nullptr;
    QXYSeries* m_psthLegendTrue = nullptr;
    QXYSeries* m_eigen = nullptr;
    QXYSeries* m_trueRotation = nullptr;
    QXYSeries* m_trueDecaying = nullptr;
    QXYSeries* m_jpcaMode = nullptr;
    LegendCard* m_eigenLegend = nullptr;
    QLabel* m_readout = nullptr;
    // Half the range of the data shown in each trajectory plot (PC, jPCA, shuffled) and the square fitting.
    std::array<double, 3> m_halfRange{1, 1, 1};
    bool m_fitting = false;
};

}  // namespace neuroai::chapters
