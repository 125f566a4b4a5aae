#include "chapters/frontiers/SpikingEnergyPanel.h"

#include "engine/core/Job.h"
#include "engine/frontiers/FrontiersExperiments.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {

const char* const kAccuracyTitle = QT_TRANSLATE_NOOP("SpikingEnergyPanel", "Accuracy against T");
const char* const kEnergyTitle = QT_TRANSLATE_NOOP("SpikingEnergyPanel", "Energy per inference");
const char* const kRateTitle = QT_TRANSLATE_NOOP("SpikingEnergyPanel", "Firing rates against T");
const char* const kConversionTitle = QT_TRANSLATE_NOOP("SpikingEnergyPanel", "Spike rate vs activation");

}  // namespace

SpikingEnergyPanel::SpikingEnergyPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("spiking-energy"), QStringLiteral("frontiers/spiking-energy"),
                 frontiers::spikingEnergySpecs(), &SpikingEnergyPanel::compute, parent,
                 scalarReadouts(frontiers::spikingEnergyOutputs()))
{
    setObjectName(QStringLiteral("spikingEnergyPanel"));
    figureWidget()->setObjectName(QStringLiteral("spikingEnergyFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("spikingEnergyReadout"));
    const QString steps = tr("Time steps T (steps)");

    m_accuracyPlot = frontiersPlot(*this, QStringLiteral("spikingAccuracyPlot"), tr(kAccuracyTitle), steps,
                                   tr("Test accuracy (%)"), true);
    m_snnAccuracy = m_accuracyPlot->addSeries(tr("spiking"), XYPlot::Style::Line, blue);
    m_denseAccuracy = referenceLine(m_accuracyPlot, tr("dense"), black);
    m_accuracyBreakEven = referenceLine(m_accuracyPlot, tr("T*"), vermillion);
    m_accuracyPlot->setYRange(0, 100);

    m_energyPlot = frontiersPlot(*this, QStringLiteral("spikingEnergyPlot"), tr(kEnergyTitle), steps,
                                 tr("Energy (nJ)"), true, true);
    m_snnEnergy = m_energyPlot->addSeries(tr("spiking"), XYPlot::Style::Line, blue);
    m_denseEnergy = referenceLine(m_energyPlot, tr("dense"), black);
    m_energyBreakEven = referenceLine(m_energyPlot, tr("T*"), vermillion);

    m_ratePlot = frontiersPlot(*this, QStringLiteral("spikingRatePlot"), tr(kRateTitle), steps,
                               tr("Firing rate (spikes/step)"), true);
    m_inputRate = m_ratePlot->addSeries(tr("input"), XYPlot::Style::Line, orange);
    m_hiddenRate = m_ratePlot->addSeries(tr("hidden"), XYPlot::Style::Line, bluishGreen);

    m_conversionPlot = frontiersPlot(*this, QStringLiteral("spikingConversionPlot"), tr(kConversionTitle),
                                     tr("ANN activation a/s (a.u.)"), tr("Spike rate (spikes/step)"));
    m_conversion = m_conversionPlot->addSeries(tr("hidden units"), XYPlot::Style::Markers, skyBlue);
    m_ideal = referenceLine(m_conversionPlot, tr("ideal"), black);
    m_conversionPlot->setYRange(0, 1.1);  // at most one spike a step; room above it

    layOutFigure(figureLayout(), m_readout,
                 {{m_accuracyPlot, 0, 0}, {m_energyPlot, 0, 1}, {m_ratePlot, 1, 0}, {m_conversionPlot, 1, 1}});
    finishSetup();  // a tenth of a second at the defaults
}

std::shared_ptr<IntroResult> SpikingEnergyPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                         Progress& progress)
{
    return frontiersRun(frontiers::runSpikingEnergy, withSeed(frontiers::spikingEnergySpecs(), parameters, seed),
                        progress);
}

void SpikingEnergyPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const FrontiersResult&>(shown);
    const int maxSteps = int(std::lround(r.parameters["max_steps"]));
    // T from 1 to T_max on a log axis, with a little room on both sides.
    const double left = 0.8, right = 1.25 * maxSteps;
    for (XYPlot* plot : {m_accuracyPlot, m_energyPlot, m_ratePlot})
        plot->setXRange(left, right);
    const double breakEven = r.scalar("break_even_steps");
    const bool breakEvenShown = std::isfinite(breakEven) && breakEven > left && breakEven < right;

    // --- accuracy ---
    m_accuracyPlot->setPoints(m_snnAccuracy, r.points("snn_accuracy"));
    m_accuracyPlot->setPoints(m_denseAccuracy, r.points("ann_accuracy"));
    m_accuracyPlot->setPoints(m_accuracyBreakEven,
                              breakEvenShown ? verticalLine(breakEven, 0, 100, true) : QList<QPointF>{});

    // --- energy, on decades that hold both networks' ---
    const QList<QPointF> snnEnergy = r.points("snn_energy"), denseEnergy = r.points("dense_energy");
    double low = std::numeric_limits<double>::infinity(), high = 0;
    for (const QList<QPointF>* list : {&snnEnergy, &denseEnergy})
        for (const QPointF& p : *list)
            if (p.y() > 0) {
                low = std::min(low, p.y());
                high = std::max(high, p.y());
            }
    const auto [bottom, top] = high > 0 ? decades(low, high) : std::pair{0.1, 10.0};
    m_energyPlot->setYRange(bottom, top);
    m_energyPlot->setPoints(m_snnEnergy, snnEnergy);
    m_energyPlot->setPoints(m_denseEnergy, denseEnergy);
    m_energyPlot->setPoints(m_energyBreakEven,
                            breakEvenShown ? verticalLine(breakEven, bottom, top, true) : QList<QPointF>{});

    // --- firing rates ---
    const QList<QPointF> input = r.points("input_rate"), hidden = r.points("hidden_rate");
    m_ratePlot->setPoints(m_inputRate, input);
    m_ratePlot->setPoints(m_hiddenRate, hidden);
    m_ratePlot->setYRange(0, XYPlot::niceTop(std::max(0.1, 1.1 * largestY({&input, &hidden}))));

    // --- the conversion: rate against normalised activation, and the ideal clip(a, 0, 1) ---
    const QList<QPointF> conversion = r.points("rate_vs_activation");
    double widest = 1;
    for (const QPointF& p : conversion)
        widest = std::max(widest, p.x());
    m_conversionPlot->setPoints(m_conversion, conversion);
    m_conversionPlot->setPoints(m_ideal, {{0, 0}, {1, 1}, {widest, 1}});
    m_conversionPlot->setXRange(0, XYPlot::niceTop(1.05 * widest));

    const double denseNj = r.scalar("dense_energy_nj");
    const double addsPerStep = r.scalar("snn_adds") / std::max(1, maxSteps);
    const int match = int(std::lround(r.scalar("steps_to_match")));
    const QString matched =
        match > 0 ? tr("it comes within 1 point of the dense accuracy at T = %1, for %2× the dense energy")
                        .arg(match)
                        .arg(QString::number(r.scalar("energy_ratio_at_match"), 'f', 2))
                  : tr("it does not come within 1 point of the dense accuracy in %1 steps").arg(maxSteps);
    m_readout->setText(tr("Dense: <b>%1 %</b> correct with %2 multiply–adds, <b>%3 nJ</b> an inference. Spiking: "
                          "about %4 adds a step, so it is cheaper only below <b>T* = %5 steps</b>; %6. At T = %7: "
                          "%8 %, %9 nJ.")
                           .arg(QString::number(r.scalar("ann_accuracy_pct"), 'f', 1))
                           .arg(QString::number(r.scalar("dense_multiply_adds"), 'f', 0))
                           .arg(QString::number(denseNj, 'g', 3))
                           .arg(QString::number(addsPerStep, 'f', 0))
                           .arg(QString::number(breakEven, 'f', 1))
                           .arg(matched)
                           .arg(maxSteps)
                           .arg(QString::number(r.scalar("snn_accuracy_pct"), 'f', 1))
                           .arg(QString::number(r.scalar("snn_energy_nj"), 'g', 3)));
}

std::optional<double> SpikingEnergyPanel::readout(const QString& key) const
{
    return frontiersReadout(*this, lastResult(), key);
}

QString SpikingEnergyPanel::extraMetadata() const { return frontiersNotes(lastResult()); }

QList<widgets::DataSeries> SpikingEnergyPanel::dataSeries()
{
    const QString steps = tr("time steps T");
    const QString accuracy = tr(kAccuracyTitle), energy = tr(kEnergyTitle), rates = tr(kRateTitle);
    const QString spikesPerStep = tr("firing rate (spikes/step)");
    return {{accuracy, tr("spiking"), steps, tr("test accuracy (%)"), m_snnAccuracy->points()},
            {accuracy, tr("dense"), steps, tr("test accuracy (%)"), m_denseAccuracy->points()},
            {energy, tr("spiking"), steps, tr("energy (nJ)"), m_snnEnergy->points()},
            {energy, tr("dense"), steps, tr("energy (nJ)"), m_denseEnergy->points()},
            {rates, tr("input"), steps, spikesPerStep, m_inputRate->points()},
            {rates, tr("hidden"), steps, spikesPerStep, m_hiddenRate->points()},
            {tr(kConversionTitle), tr("hidden units × samples"), tr("normalised ANN activation a/s"), spikesPerStep,
             m_conversion->points()}};
}

}  // namespace neuroai::chapters
