#include "chapters/intro/EnergyPanel.h"

#include "engine/core/Job.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
constexpr double kPjPerNj = 1000.0;

QString layerText(const std::vector<int>& sizes, const QString& separator)
{
    QStringList parts;
    for (const int n : sizes)
        parts << QString::number(n);
    return parts.join(separator);
}
}  // namespace

EnergyPanel::EnergyPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("intro-energy"), QStringLiteral("intro/energy"), energySpecs(), &EnergyPanel::compute,
                  parent)
{
    setObjectName(QStringLiteral("energyPanel"));
    figureWidget()->setObjectName(QStringLiteral("energyFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("energyReadout"));

    m_activityPlot = new XYPlot(false, figureWidget());
    m_activityPlot->setObjectName(QStringLiteral("energyActivityPlot"));
    m_activityPlot->setTitle(tr("Energy per inference vs activity"));
    m_activityPlot->setAxisTitles(tr("Activity a (spikes per unit per step)"), tr("Energy E (nJ)"));
    m_denseLine = m_activityPlot->addSeries(tr("dense"), XYPlot::Style::Line, blue);
    m_breakEvenLine = m_activityPlot->addSeries(tr("break-even"), XYPlot::Style::Dashed, muted);
    m_spikeLaw = m_activityPlot->addSeries(tr("a·T·S·e_add"), XYPlot::Style::Line, black);
    m_spikeMeasured = m_activityPlot->addSeries(tr("spiking, counted"), XYPlot::Style::Markers, orange);
    m_current = m_activityPlot->addSeries(tr("this p"), XYPlot::Style::Diamond, vermillion);

    m_stepsPlot = new XYPlot(false, figureWidget());
    m_stepsPlot->setObjectName(QStringLiteral("energyStepsPlot"));
    m_stepsPlot->setTitle(tr("Energy per inference vs time steps"));
    m_stepsPlot->setAxisTitles(tr("Time steps T (steps)"), tr("Energy E (nJ)"));
    m_denseSteps = m_stepsPlot->addSeries(tr("dense"), XYPlot::Style::Line, blue);
    m_spikeSteps = m_stepsPlot->addSeries(tr("spiking, counted"), XYPlot::Style::Markers, orange);
    m_currentSteps = m_stepsPlot->addSeries(tr("this T"), XYPlot::Style::Diamond, vermillion);
    m_stepsPlot->setXRange(-2, 102);  // whole dots at T = 1 and T = 100

    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_activityPlot, 1);
    figureLayout()->addWidget(m_stepsPlot, 1);
    for (QWidget* plot : {static_cast<QWidget*>(m_activityPlot), static_cast<QWidget*>(m_stepsPlot)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> EnergyPanel::compute(const ParamSet& p, std::uint64_t seed, Progress& progress)
{
    auto result = std::make_shared<EnergyResult>();
    static_cast<EnergyRuns&>(*result) = runEnergyRuns(p, seed, progress);
    return result;
}

void EnergyPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const EnergyResult&>(shown);
    const int steps = result.steps;
    const EnergyCosts& costs = result.costs;
    const double synapses = double(result.synapses);
    const double denseNj = result.denseNj, spikingNj = result.spikingNj;
    const SpikingResult& spiking = result.spiking;

    // --- energy vs activity: a sweep over the input rate at this T ---
    QList<QPointF> measured;
    double maxActivity = 0;
    for (std::size_t k = 0; k < result.activitySweep.size(); ++k) {
        measured.append({result.activitySweep[k], result.activityEnergyNj[k]});
        maxActivity = std::max(maxActivity, result.activitySweep[k]);
    }
    const double xTop = std::max(1.0, maxActivity);
    const double lawAtTop = xTop * steps * synapses * costs.addPj / kPjPerNj;
    // The y range holds every measured point and the operating point (a counted energy is never off the plot),
    // and the dense cost; the law's line is shown up to 3× the dense cost and stops at the top edge beyond.
    double measuredTop = spikingNj;
    for (const QPointF& p : measured)
        measuredTop = std::max(measuredTop, p.y());
    const double yTop =
        XYPlot::niceTop(std::max({denseNj, measuredTop, std::min(lawAtTop, 3.0 * denseNj)}) * 1.08);
    m_activityPlot->setPoints(m_spikeMeasured, measured);
    const double lawSlope = lawAtTop / xTop;
    m_activityPlot->setPoints(m_spikeLaw, lawAtTop <= yTop || !(lawSlope > 0)
                                              ? QList<QPointF>{{0, 0}, {xTop, lawAtTop}}
                                              : QList<QPointF>{{0, 0}, {yTop / lawSlope, yTop}});
    m_activityPlot->setPoints(m_denseLine, {{-0.02 * xTop, denseNj}, {1.02 * xTop, denseNj}});
    const double breakEven = result.breakEven;
    m_activityPlot->setPoints(m_breakEvenLine, breakEven <= xTop ? QList<QPointF>{{breakEven, 0}, {breakEven, yTop}}
                                                                 : QList<QPointF>{});
    m_activityPlot->setPoints(m_current, {{spiking.activity, spikingNj}});
    m_activityPlot->setXRange(-0.02 * xTop, 1.02 * xTop);  // whole dots at a = 0 and at the top
    m_activityPlot->setYRange(0, yTop);

    // --- energy vs T at this input rate ---
    QList<QPointF> bySteps;
    double stepsTop = denseNj;
    for (std::size_t k = 0; k < result.stepSweep.size(); ++k) {
        bySteps.append({result.stepSweep[k], result.stepEnergyNj[k]});
        stepsTop = std::max(stepsTop, bySteps.back().y());
    }
    m_stepsPlot->setPoints(m_spikeSteps, bySteps);
    m_stepsPlot->setPoints(m_denseSteps, {{-2, denseNj}, {102, denseNj}});
    m_stepsPlot->setPoints(m_currentSteps, {{double(steps), spikingNj}});
    m_stepsPlot->setYRange(0, XYPlot::niceTop(std::max({stepsTop, spikingNj, 1e-3}) * 1.08));

    // --- readout: the counts ---
    // Digits grouped by threes with a narrow no-break space (5 500, 12 345 678), whatever the locale.
    const auto count = [](std::uint64_t n) {
        QString digits = QString::number(qulonglong(n));
        for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
            digits.insert(i, QStringLiteral("&#8239;"));
        return digits;
    };
    const QString verdict = spikingNj < denseNj
                                ? tr("spiking: <b>%1× less</b> energy").arg(denseNj / std::max(spikingNj, 1e-12), 0, 'f', 1)
                                : tr("spiking: <b>%1× more</b> energy").arg(spikingNj / std::max(denseNj, 1e-12), 0, 'f', 1);
    m_readout->setText(
        // The gaps between the columns are non-breaking spaces, not cell padding: they grow with the type (in
        // presentation mode two-pixel padding let "multiply–adds" run into "25.30 nJ").
        tr("<table cellspacing='0' cellpadding='2' align='center'>"
           "<tr><td><b>network</b></td><td align='right'>&nbsp;&nbsp;&nbsp;<b>operations</b></td>"
           "<td align='right'>&nbsp;&nbsp;&nbsp;<b>energy</b></td></tr>"
           "<tr><td>Dense (%13, S = %1 synapses)</td><td align='right'>&nbsp;&nbsp;&nbsp;%2 fp32 multiply–adds</td>"
           "<td align='right'>&nbsp;&nbsp;&nbsp;%3 nJ</td></tr>"
           "<tr><td>Spiking, T = %4 (spikes: %5 in, %6 hidden, %7 out)</td>"
           "<td align='right'>&nbsp;&nbsp;&nbsp;%8 fp32 adds</td>"
           "<td align='right'>&nbsp;&nbsp;&nbsp;%9 nJ</td></tr></table>"
           "activity a = %10 &nbsp;·&nbsp; break-even a* = e_mac/(T·e_add) = %11<br>%12")
            .arg(count(std::uint64_t(synapses)))
            .arg(count(result.dense.ops.multiplyAdds))
            .arg(denseNj, 0, 'f', 2)
            .arg(steps)
            .arg(count(spiking.spikesPerLayer[0]))
            .arg(count(spiking.spikesPerLayer[1]))
            .arg(count(spiking.spikesPerLayer[2]))
            .arg(count(spiking.ops.adds))
            .arg(spikingNj, 0, 'f', 2)
            .arg(spiking.activity, 0, 'f', 3)
            .arg(breakEven, 0, 'f', 3)
            .arg(verdict)
            .arg(layerText(result.sizes, QStringLiteral("–"))));
}

QString EnergyPanel::extraMetadata() const
{
    const EnergyResult& result = shownResult();
    return QStringLiteral("network %5 | dense multiply-adds %1 | spiking adds %2 | activity %3 | break-even %4")
        .arg(qulonglong(result.dense.ops.multiplyAdds))
        .arg(qulonglong(result.spiking.ops.adds))
        .arg(result.spiking.activity, 0, 'g', 6)
        .arg(result.breakEven, 0, 'g', 6)
        .arg(layerText(result.sizes, QStringLiteral("-")));
}

QList<widgets::DataSeries> EnergyPanel::dataSeries()
{
    return {{tr("energy vs activity"), tr("spiking, counted"), tr("a (spikes/unit/step)"), tr("E (nJ)"), m_spikeMeasured->points()},
            {tr("energy vs activity"), tr("dense"), tr("a (spikes/unit/step)"), tr("E (nJ)"), m_denseLine->points()},
            {tr("energy vs activity"), tr("break-even"), tr("a (spikes/unit/step)"), tr("E (nJ)"), m_breakEvenLine->points()},
            {tr("energy vs time steps"), tr("spiking, counted"), tr("T (steps)"), tr("E (nJ)"), m_spikeSteps->points()},
            {tr("energy vs time steps"), tr("dense"), tr("T (steps)"), tr("E (nJ)"), m_denseSteps->points()}};
}

}  // namespace neuroai::chapters
