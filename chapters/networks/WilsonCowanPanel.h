#pragma once

#include "chapters/networks/NetworksFigure.h"
#include "engine/networks/NetworkExperiments.h"
#include "widgets/PhasePlanePlot.h"

QT_BEGIN_NAMESPACE
class QGraphicsSimpleTextItem;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

struct WilsonCowanResult : NetworksResult<networks::WilsonCowanFigure> {
    widgets::PhasePlaneData plane;  // nullclines, direction field and fixed points as the phase plane draws them
};

// Chapter 5, panel 0: one Wilson–Cowan node (the 1972 limit-cycle parameters). The phase plane (E- and
// I-nullclines, direction field, classified fixed points, the trajectory from the chosen start), E(t) and I(t), and
// the oscillation window: the fixed points' E against the drive P (stable solid, unstable dashed), the simulated
// minimum and maximum of E at each P from the same start, the window's edges from the Jacobian and this P. Engine:
// the batch experiment `wilson-cowan` (NetworkExperiments.h).
class WilsonCowanPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit WilsonCowanPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Wilson–Cowan node"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    widgets::PhasePlanePlot* phasePlot() const { return m_phase; }
    widgets::XYPlot* tracePlot() const { return m_traces; }
    widgets::XYPlot* windowPlot() const { return m_window; }
    QXYSeries* eTrace() const { return m_eTrace; }
    QXYSeries* iTrace() const { return m_iTrace; }
    // The fixed-point curve as drawn: segments of equal stability.
    const QList<QXYSeries*>& stableBranches() const { return m_stable; }
    const QList<QXYSeries*>& unstableBranches() const { return m_unstable; }
    QXYSeries* simulatedRange() const { return m_simulated; }
    QXYSeries* windowEdges() const { return m_edges; }
    QXYSeries* currentDrive() const { return m_current; }
    QXYSeries* currentRange() const { return m_currentRange; }
    // The kinds of the window's edges written beside their lines ("saddle-node", "Hopf"); hidden without an edge.
    QGraphicsSimpleTextItem* lowEdgeLabel() const { return m_lowLabel; }
    QGraphicsSimpleTextItem* highEdgeLabel() const { return m_highLabel; }
    QLabel* readoutLabel() const { return m_readout; }
    const WilsonCowanResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    void placeEdgeLabels();
    const WilsonCowanResult& shownResult() const
    {
        return static_cast<const WilsonCowanResult&>(IntroPanel::shownResult());
    }
    widgets::PhasePlanePlot* m_phase = nullptr;
    widgets::XYPlot* m_traces = nullptr;
    QXYSeries* m_eTrace = nullptr;
    QXYSeries* m_iTrace = nullptr;
    widgets::XYPlot* m_window = nullptr;
    QList<QXYSeries*> m_stable, m_unstable;
    QXYSeries* m_simulated = nullptr;
    QXYSeries* m_edges = nullptr;
    QXYSeries* m_current = nullptr;
    QXYSeries* m_currentRange = nullptr;
    QGraphicsSimpleTextItem* m_lowLabel = nullptr;
    QGraphicsSimpleTextItem* m_highLabel = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
