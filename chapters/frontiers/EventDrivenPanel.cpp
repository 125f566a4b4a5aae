#include "chapters/frontiers/EventDrivenPanel.h"

#include "engine/core/Job.h"
#include "engine/frontiers/EventDriven.h"
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

const char* const kOpsTitle = QT_TRANSLATE_NOOP("EventDrivenPanel", "Operations per frame");
const char* const kEnergyTitle = QT_TRANSLATE_NOOP("EventDrivenPanel", "Energy per frame");
const char* const kCrossoverTitle = QT_TRANSLATE_NOOP("EventDrivenPanel", "Crossover against fetch cost");

QColor payloadColour(int payload) { return payload == 0 ? widgets::palette::blue : widgets::palette::vermillion; }

frontiers::EventCosts costsOf(const ParamSet& p)
{
    frontiers::EventCosts c;
    c.macPj = p["mac_energy"];
    c.addPj = p["add_energy"];
    c.fetchPj = p["fetch_energy"];
    c.eventPj = p["event_energy"];
    return c;
}

}  // namespace

EventDrivenPanel::EventDrivenPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("event-driven"), QStringLiteral("frontiers/event-driven"),
                 frontiers::eventDrivenSpecs(), &EventDrivenPanel::compute, parent,
                 scalarReadouts(frontiers::eventDrivenOutputs()))
{
    setObjectName(QStringLiteral("eventDrivenPanel"));
    figureWidget()->setObjectName(QStringLiteral("eventDrivenFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("eventDrivenReadout"));
    const QString density = tr("Input density (%)");

    m_opsPlot = frontiersPlot(*this, QStringLiteral("eventOpsPlot"), tr(kOpsTitle), density,
                              tr("Operations (count)"));
    m_denseOps = m_opsPlot->addSeries(tr("clocked"), XYPlot::Style::Line, black);
    m_eventOps = m_opsPlot->addSeries(tr("event-driven"), XYPlot::Style::Line, bluishGreen);

    m_energyPlot = frontiersPlot(*this, QStringLiteral("eventEnergyPlot"), tr(kEnergyTitle), density,
                                 tr("Energy (nJ)"));
    m_denseEnergy = m_energyPlot->addSeries(tr("clocked"), XYPlot::Style::Line, black);
    m_eventEnergy = m_energyPlot->addSeries(tr("event-driven"), XYPlot::Style::Line, bluishGreen);
    m_crossoverLine = referenceLine(m_energyPlot, tr("d*"), vermillion);
    for (XYPlot* plot : {m_opsPlot, m_energyPlot})
        plot->setXRange(0, 100);

    m_crossoverPlot = frontiersPlot(*this, QStringLiteral("eventCrossoverPlot"), tr(kCrossoverTitle),
                                    tr("Weight fetch per update (pJ)"), tr("Crossover density d* (%)"), false, true);
    const QString payloads[] = {tr("spikes"), tr("values")};
    for (int payload = 0; payload < 2; ++payload)
        m_crossoverCurves[std::size_t(payload)] =
            m_crossoverPlot->addSeries(payloads[payload], XYPlot::Style::Line, payloadColour(payload));
    m_fetchLine = referenceLine(m_crossoverPlot, tr("this fetch"), black);
    m_hundred = referenceLine(m_crossoverPlot, QString(), muted);  // d* = 100 %: cheaper at every density above it

    layOutFigure(figureLayout(), m_readout,
                 {{m_opsPlot, 0, 0}, {m_energyPlot, 0, 1}, {m_crossoverPlot, 1, 0, 1, 2}});
    finishSetup();  // a tenth of a second at the defaults
}

std::shared_ptr<IntroResult> EventDrivenPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                       Progress& progress)
{
    return frontiersRun(frontiers::runEventDriven, withSeed(frontiers::eventDrivenSpecs(), parameters, seed),
                        progress);
}

void EventDrivenPanel::drawCrossoverCurves(const ParamSet& p)
{
    // d*(e_fetch) = e_mac / (e_op + e_fetch + e_event/n_out) from the engine's formula, e_fetch from 0 to a little
    // past this fetch cost.
    frontiers::EventCosts costs = costsOf(p);
    const double fetch = costs.fetchPj;
    const double right = std::max(20.0, XYPlot::niceTop(1.5 * fetch));
    const int outputs = int(std::lround(p["outputs"]));
    double low = 100, high = 100;
    for (int payload = 0; payload < 2; ++payload) {
        const auto kind = payload == 0 ? frontiers::EventPayload::Binary : frontiers::EventPayload::Graded;
        QList<QPointF> curve;
        for (int k = 0; k < kFetchPoints; ++k) {
            costs.fetchPj = right * k / (kFetchPoints - 1);
            const double d = 100 * frontiers::crossoverDensity(costs, kind, outputs);
            if (!std::isfinite(d) || d <= 0)
                continue;
            curve.append({costs.fetchPj, d});
            low = std::min(low, d);
            high = std::max(high, d);
        }
        m_crossoverPlot->setPoints(m_crossoverCurves[std::size_t(payload)], curve);
    }
    const auto [bottom, top] = decades(low, high);
    m_crossoverPlot->setXRange(0, right);
    m_crossoverPlot->setYRange(bottom, top);
    m_crossoverPlot->setPoints(m_fetchLine, verticalLine(fetch, bottom, top));
    m_crossoverPlot->setPoints(m_hundred, horizontalLine(100, 0, right));
}

void EventDrivenPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const FrontiersResult&>(shown);
    const ParamSet& p = r.parameters;

    const QList<QPointF> denseOps = r.points("dense_ops"), eventOps = r.points("event_ops");
    m_opsPlot->setPoints(m_denseOps, denseOps);
    m_opsPlot->setPoints(m_eventOps, eventOps);
    m_opsPlot->setYRange(0, XYPlot::niceTop(std::max(1.0, 1.05 * largestY({&denseOps, &eventOps}))));

    const QList<QPointF> denseEnergy = r.points("dense_energy"), eventEnergy = r.points("event_energy");
    const double top = XYPlot::niceTop(std::max(1e-3, 1.05 * largestY({&denseEnergy, &eventEnergy})));
    m_energyPlot->setPoints(m_denseEnergy, denseEnergy);
    m_energyPlot->setPoints(m_eventEnergy, eventEnergy);
    m_energyPlot->setYRange(0, top);
    const double crossover = r.scalar("crossover_density_pct");
    const bool crosses = std::isfinite(crossover) && crossover < 100 - 1e-6;
    m_energyPlot->setPoints(m_crossoverLine, crosses ? verticalLine(crossover, 0, top) : QList<QPointF>{});
    m_energyPlot->setInLegend(m_crossoverLine, crosses);

    drawCrossoverCurves(p);

    const bool binary = std::lround(p["payload"]) == 0;
    const int outputs = int(std::lround(p["outputs"]));
    const double compared = p["frames"] * (p["points"] + 1) * outputs;
    const double mismatches = r.scalar("mismatched_outputs");
    const QString check =
        mismatches == 0
            ? tr("Bitwise check: <b>all %1 outputs identical</b> in the two layers.").arg(compared, 0, 'f', 0)
            : tr("Bitwise check: <b>%1 of %2 outputs differ</b> (largest difference %3).")
                  .arg(mismatches, 0, 'f', 0)
                  .arg(compared, 0, 'f', 0)
                  .arg(r.scalar("max_abs_difference"), 0, 'g', 3);
    const QString perEvent = tr("one event costs %1 pJ with its %2 updates (%3), the same input %4 pJ clocked")
                                 .arg(r.scalar("event_cost_pj"), 0, 'f', 1)
                                 .arg(outputs)
                                 .arg(binary ? tr("adds") : tr("multiply–adds"))
                                 .arg(outputs * p["mac_energy"], 0, 'f', 1);
    QString verdict;
    if (crosses)
        verdict = tr("Event-driven is cheaper below <b>d* = %1 %</b> non-zero inputs (the counted energies cross at "
                     "%2 %): %3.")
                      .arg(crossover, 0, 'f', 1)
                      .arg(r.scalar("measured_crossover_pct"), 0, 'f', 1)
                      .arg(perEvent);
    else if (std::abs(crossover - 100) < 1e-6)
        verdict = tr("Event-driven is cheaper at <b>every density below 100 %</b> and costs the same when every input "
                     "is non-zero (d* = 100 %): %1.")
                      .arg(perEvent);
    else
        verdict = tr("Event-driven is cheaper at <b>every density</b> (d* = %1 %): %2.")
                      .arg(crossover, 0, 'f', 0)
                      .arg(perEvent);
    m_readout->setText(verdict + QLatin1Char(' ') + check);
}

std::optional<double> EventDrivenPanel::readout(const QString& key) const
{
    return frontiersReadout(*this, lastResult(), key);
}

QString EventDrivenPanel::extraMetadata() const { return frontiersNotes(lastResult()); }

QList<widgets::DataSeries> EventDrivenPanel::dataSeries()
{
    const QString density = tr("input density (%)"), ops = tr(kOpsTitle), energy = tr(kEnergyTitle);
    const QString crossover = tr(kCrossoverTitle), fetch = tr("weight fetch per update (pJ)");
    return {{ops, tr("clocked"), density, tr("multiply–adds per frame"), m_denseOps->points()},
            {ops, tr("event-driven"), density, tr("synaptic updates per frame"), m_eventOps->points()},
            {energy, tr("clocked"), density, tr("energy per frame (nJ)"), m_denseEnergy->points()},
            {energy, tr("event-driven"), density, tr("energy per frame (nJ)"), m_eventEnergy->points()},
            {crossover, tr("spikes"), fetch, tr("crossover density d* (%)"), m_crossoverCurves[0]->points()},
            {crossover, tr("values"), fetch, tr("crossover density d* (%)"), m_crossoverCurves[1]->points()}};
}

}  // namespace neuroai::chapters
