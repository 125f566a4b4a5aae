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

// Chapter 14, panel 3: one fully connected layer computed clocked (every input read every frame: n_in·n_out
// multiply–adds) and event-driven (only non-zero inputs cost work: each event updates its n_out targets), as the
// fraction of non-zero inputs grows from 0 to 100 %. Plots: counted operations per frame against the density; energy
// per frame against the density with the crossover d* marked; and d* against the cost of fetching a weight out of
// order, for spikes (one add an update) and for graded values (one multiply–add), with this fetch cost marked. The
// readout reports the engine's check that both layers give bitwise identical outputs. Engine: the batch experiment
// `event-driven` (engine/frontiers/FrontiersExperiments.h); the d* curves are the engine's crossoverDensity().
class EventDrivenPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit EventDrivenPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Event-driven cost"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    const FrontiersResult& lastResult() const { return static_cast<const FrontiersResult&>(shownResult()); }

    widgets::XYPlot* opsPlot() const { return m_opsPlot; }
    widgets::XYPlot* energyPlot() const { return m_energyPlot; }
    widgets::XYPlot* crossoverPlot() const { return m_crossoverPlot; }
    QXYSeries* denseOpsSeries() const { return m_denseOps; }
    QXYSeries* eventOpsSeries() const { return m_eventOps; }
    QXYSeries* denseEnergySeries() const { return m_denseEnergy; }
    QXYSeries* eventEnergySeries() const { return m_eventEnergy; }
    // d* in the energy plot (empty when event-driven computation is cheaper at every density).
    QXYSeries* crossoverLine() const { return m_crossoverLine; }
    // d* against the fetch cost for payload 0 (binary spikes) or 1 (graded values); this fetch cost's line.
    QXYSeries* crossoverCurve(int payload) const { return m_crossoverCurves[std::size_t(payload)]; }
    QXYSeries* fetchMarker() const { return m_fetchLine; }
    QLabel* readoutLabel() const { return m_readout; }

    static constexpr int kFetchPoints = 101;  // points of the d* curves

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    void drawCrossoverCurves(const ParamSet& p);

    widgets::XYPlot* m_opsPlot = nullptr;
    widgets::XYPlot* m_energyPlot = nullptr;
    widgets::XYPlot* m_crossoverPlot = nullptr;
    QXYSeries* m_denseOps = nullptr;
    QXYSeries* m_eventOps = nullptr;
    QXYSeries* m_denseEnergy = nullptr;
    QXYSeries* m_eventEnergy = nullptr;
    QXYSeries* m_crossoverLine = nullptr;
    std::array<QXYSeries*, 2> m_crossoverCurves{};
    QXYSeries* m_fetchLine = nullptr;
    QXYSeries* m_hundred = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
