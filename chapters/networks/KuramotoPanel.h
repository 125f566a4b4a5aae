#pragma once

#include "chapters/networks/NetworksFigure.h"
#include "engine/networks/NetworkExperiments.h"

#include <QWidget>

#include <vector>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

using KuramotoResult = NetworksResult<networks::KuramotoFigure>;

// The oscillators as dots on the unit circle (locked ones in one colour, drifting ones in another) with the order
// parameter r·e^{iψ} drawn as an arrow from the centre.
class OscillatorCircleView final : public QWidget {
    Q_OBJECT
public:
    explicit OscillatorCircleView(QWidget* parent = nullptr);
    // Phases in rad (any range), which of them are locked, the order parameter and the time of the picture.
    void setState(std::vector<double> phases, std::vector<bool> locked, double r, double psi, double timeS);
    double r() const { return m_r; }
    double psi() const { return m_psi; }
    int lockedCount() const;
    const std::vector<double>& phases() const { return m_phases; }
    QString title() const;
    // Widget position of the unit circle's centre and its radius in pixels (for tests).
    QPointF centre() const;
    double radius() const;

    QSize minimumSizeHint() const override { return {140, 140}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    double titleHeight() const;
    double legendHeight() const;

    std::vector<double> m_phases;
    std::vector<bool> m_locked;
    double m_r = 0, m_psi = 0, m_time = 0;
};

// Chapter 5, panel 2: Kuramoto oscillators. The phases at the end of a run on the unit circle with r·e^{iψ}, r(t)
// with its time average and the N → ∞ value, and r̄ against the coupling K (a sweep from 0 to 3 K_c) with the theory
// (√(1 − K_c/K) for the Lorentzian) and K_c marked. Engine: the batch experiment `kuramoto` (NetworkExperiments.h).
class KuramotoPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit KuramotoPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Kuramoto oscillators"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    OscillatorCircleView* circleView() const { return m_circle; }
    widgets::XYPlot* timePlot() const { return m_timePlot; }
    widgets::XYPlot* sweepPlot() const { return m_sweepPlot; }
    QXYSeries* rSeries() const { return m_r; }
    QXYSeries* sweepSeries() const { return m_sweep; }
    QXYSeries* theorySeries() const { return m_theory; }
    QXYSeries* criticalLine() const { return m_kc; }
    QLabel* readoutLabel() const { return m_readout; }
    const KuramotoResult& lastResult() const { return shownResult(); }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const KuramotoResult& shownResult() const { return static_cast<const KuramotoResult&>(IntroPanel::shownResult()); }
    OscillatorCircleView* m_circle = nullptr;
    widgets::XYPlot* m_timePlot = nullptr;
    QXYSeries* m_r = nullptr;
    QXYSeries* m_rMean = nullptr;
    QXYSeries* m_rTheoryLine = nullptr;
    widgets::XYPlot* m_sweepPlot = nullptr;
    QXYSeries* m_theory = nullptr;
    QXYSeries* m_finite = nullptr;
    QXYSeries* m_kc = nullptr;
    QXYSeries* m_sweep = nullptr;
    QXYSeries* m_current = nullptr;
    LegendCard* m_sweepLegend = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
