#include "chapters/stimulation/LtpInductionPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
// A little beyond the pairing frequencies on the log axis, so the end dots are drawn whole.
constexpr double kEdgeFactor = 1.25;
constexpr double kLowestFrequency = 0.1;  // where the exact-sum lines start

QList<QPointF> points(const std::vector<double>& x, const std::vector<double>& y)
{
    QList<QPointF> out;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        out.append({x[i], y[i]});
    return out;
}

// Signed percentage for the readout: "+74.9 %" / "−31.7 %".
QString pct(double value)
{
    const QString number = QString::number(std::abs(value), 'f', 1);
    return (value < 0 ? QStringLiteral("−") : QStringLiteral("+")) + number + QStringLiteral(" %");
}
}  // namespace

LtpInductionPanel::LtpInductionPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("ltp-induction"), QStringLiteral("stimulation/ltp-ltd"),
                 plasticity::ltpInductionSpecs(), &LtpInductionPanel::compute, parent,
                 {QStringLiteral("threshold_hz"), QStringLiteral("threshold_formula_hz"),
                  QStringLiteral("dw_neg10_triplet_pct"), QStringLiteral("dw_neg10_pair_pct"),
                  QStringLiteral("dw_pos10_triplet_pct"), QStringLiteral("dw_pos10_pair_pct")})
{
    setObjectName(QStringLiteral("ltpInductionPanel"));
    figureWidget()->setObjectName(QStringLiteral("ltpInductionFigure"));
    using namespace widgets::palette;

    // Two short one-line readouts rather than one long one: a wrapped label is squeezed by the plots in
    // presentation mode.
    m_readout = makeReadout(QStringLiteral("ltpInductionReadout"));
    m_pairingReadout = makeReadout(QStringLiteral("ltpPairingReadout"));

    m_bcm = new XYPlot(false, figureWidget());
    m_bcm->setObjectName(QStringLiteral("ltpBcmPlot"));
    m_bcm->setTitle(tr("BCM curve: weight drift under Poisson firing"));
    m_bcm->setAxisTitles(tr("Postsynaptic rate ρpost (Hz)"), tr("Mean weight drift dw/dt (1/s)"));
    m_driftZero = m_bcm->addSeries(QString(), XYPlot::Style::Dashed, muted);
    m_threshold = m_bcm->addSeries(tr("θ"), XYPlot::Style::Dashed, bluishGreen);
    m_driftPair = m_bcm->addSeries(tr("pair rule"), XYPlot::Style::Dashed, blue);
    m_driftTriplet = m_bcm->addSeries(tr("triplet rule"), XYPlot::Style::Line, vermillion);
    m_driftMeasured = m_bcm->addSeries(tr("measured"), XYPlot::Style::Markers, black);

    m_pairing = new XYPlot(true, figureWidget());
    m_pairing->setObjectName(QStringLiteral("ltpPairingPlot"));
    m_pairing->setTitle(tr("Δw against pairing frequency (dots: simulated)"));
    m_pairing->setAxisTitles(tr("Pairing frequency f (Hz)"), tr("Weight change Δw/w0 (%)"));
    m_pairingZero = m_pairing->addSeries(QString(), XYPlot::Style::Dashed, muted);
    m_frequencyMarker = m_pairing->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);
    m_pairPlus = m_pairing->addSeries(tr("pair +10 ms"), XYPlot::Style::Dashed, vermillion);
    m_pairMinus = m_pairing->addSeries(tr("pair −10 ms"), XYPlot::Style::Dashed, blue);
    m_tripletPlus = m_pairing->addSeries(tr("triplet +10 ms"), XYPlot::Style::Line, vermillion);
    m_tripletMinus = m_pairing->addSeries(tr("triplet −10 ms"), XYPlot::Style::Line, blue);
    m_measuredPlus = m_pairing->addSeries(tr("simulated +10 ms"), XYPlot::Style::Markers, orange);
    m_pairing->setInLegend(m_measuredPlus, false);  // the title says what the dots are; the legend stays short
    m_measuredMinus = m_pairing->addSeries(tr("simulated −10 ms"), XYPlot::Style::Diamond, skyBlue);
    m_pairing->setInLegend(m_measuredMinus, false);
    m_pairing->setXRange(kLowestFrequency / kEdgeFactor, plasticity::ltpPairingFrequencies().back() * kEdgeFactor);

    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_pairingReadout, 0);
    figureLayout()->addWidget(m_bcm, 1);
    figureLayout()->addWidget(m_pairing, 1);
    for (QWidget* plot : {static_cast<QWidget*>(m_bcm), static_cast<QWidget*>(m_pairing)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> LtpInductionPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                        Progress& progress)
{
    auto result = std::make_shared<LtpInductionResult>();
    result->setup = plasticity::LtpInductionSetup::fromParameters(parameters);
    progress.setStage("Poisson drift at each post rate, then the pairing protocol at each frequency");
    result->run = plasticity::runLtpInduction(result->setup, seed, &progress);
    return result;
}

void LtpInductionPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const LtpInductionResult&>(shown);
    const plasticity::LtpInductionRun& run = result.run;
    const plasticity::LtpInductionSetup& s = result.setup;
    const QString ruleName = s.pairRule ? tr("pair") : tr("triplet");

    // BCM figure.
    std::vector<double> measured;
    for (const plasticity::DriftPoint& d : run.drift)
        measured.push_back(d.mean);
    m_driftMeasured->setName(tr("measured (%1)").arg(ruleName));
    m_bcm->setPoints(m_driftMeasured, points(run.postRates, measured));
    m_bcm->setPoints(m_driftTriplet, points(run.lineRates, run.tripletDrift));
    m_bcm->setPoints(m_driftPair, points(run.lineRates, run.pairDrift));
    const double x1 = run.postRates.back();
    double low = 0, high = 0;
    using Curve = const std::vector<double>*;
    for (const Curve v : std::initializer_list<Curve>{&measured, &run.tripletDrift, &run.pairDrift})
        for (const double y : *v) {
            low = std::min(low, y);
            high = std::max(high, y);
        }
    const double top = XYPlot::niceTop(std::max(high, 1e-6) * 1.1);
    const double bottom = -XYPlot::niceTop(std::max(-low, 0.05 * top) * 1.15);
    m_bcm->setPoints(m_driftZero, {{0.0, 0.0}, {x1, 0.0}});
    const double theta = run.formulaThresholdHz;
    if (theta <= x1) {
        m_threshold->setName(tr("θ = %1 Hz").arg(theta, 0, 'f', 1));
        m_bcm->setPoints(m_threshold, {{theta, bottom}, {theta, top}});
    } else {
        m_threshold->setName(tr("θ = %1 Hz (off scale)").arg(theta, 0, 'f', 1));
        m_bcm->setPoints(m_threshold, {});
    }
    m_bcm->setXRange(-1.0, x1 + 1.0);
    m_bcm->setYRange(bottom, top);

    // Pairing figure.
    m_pairing->setPoints(m_measuredPlus, points(run.frequencies, run.measuredPlusPct));
    m_pairing->setPoints(m_measuredMinus, points(run.frequencies, run.measuredMinusPct));
    m_measuredPlus->setName(tr("simulated %1, +10 ms").arg(ruleName));
    m_measuredMinus->setName(tr("simulated %1, −10 ms").arg(ruleName));
    m_pairing->setPoints(m_tripletPlus, points(run.lineFrequencies, run.tripletPlusPct));
    m_pairing->setPoints(m_tripletMinus, points(run.lineFrequencies, run.tripletMinusPct));
    m_pairing->setPoints(m_pairPlus, points(run.lineFrequencies, run.pairPlusPct));
    m_pairing->setPoints(m_pairMinus, points(run.lineFrequencies, run.pairMinusPct));
    double extent = 1.0;
    for (const auto* v : {&run.measuredPlusPct, &run.measuredMinusPct, &run.tripletPlusPct, &run.tripletMinusPct,
                          &run.pairPlusPct, &run.pairMinusPct})
        for (const double y : *v)
            extent = std::max(extent, std::abs(y));
    const double span = XYPlot::niceTop(extent * 1.1);
    const double f0 = kLowestFrequency / kEdgeFactor, f1 = run.frequencies.back() * kEdgeFactor;
    m_pairing->setPoints(m_pairingZero, {{f0, 0.0}, {f1, 0.0}});
    m_frequencyMarker->setName(tr("readout f = %1 Hz").arg(s.frequencyHz, 0, 'g', 3));
    m_pairing->setPoints(m_frequencyMarker, {{s.frequencyHz, -span}, {s.frequencyHz, span}});
    m_pairing->setYRange(-span, span);

    // Readouts.
    QString threshold;
    if (std::isfinite(run.measuredThresholdHz))
        threshold = tr("Zero drift at <b>%1 Hz</b> measured, <b>%2 Hz</b> = A₂₋τ₋/(A₃₊τ₊τ_y).")
                        .arg(run.measuredThresholdHz, 0, 'f', 1)
                        .arg(theta, 0, 'f', 1);
    else
        threshold = tr("The %1 rule's drift has no zero crossing; triplet θ = <b>%2 Hz</b>.")
                        .arg(ruleName)
                        .arg(theta, 0, 'f', 1);
    if (run.clipped > 0)
        threshold += tr(" %1 synapses hit a bound (drift clipped).").arg(run.clipped);
    m_readout->setText(threshold);
    QString pairingText = tr("%1 pairings at %2 Hz, triplet / pair: −10 ms <b>%3</b> / <b>%4</b>, "
                             "+10 ms <b>%5</b> / <b>%6</b>.")
                              .arg(s.pairings)
                              .arg(s.frequencyHz, 0, 'g', 3)
                              .arg(pct(run.tripletMinusAtF), pct(run.pairMinusAtF), pct(run.tripletPlusAtF),
                                   pct(run.pairPlusAtF));
    if (run.pairingClipped > 0)
        pairingText += tr(" %1 simulated points reached w = 0.").arg(run.pairingClipped);
    m_pairingReadout->setText(pairingText);
}

std::optional<double> LtpInductionPanel::readout(const QString& key) const
{
    const plasticity::LtpInductionRun& run = lastRun();
    if (key == QLatin1String("threshold_hz"))
        return run.measuredThresholdHz;
    if (key == QLatin1String("threshold_formula_hz"))
        return run.formulaThresholdHz;
    if (key == QLatin1String("dw_neg10_triplet_pct"))
        return run.tripletMinusAtF;
    if (key == QLatin1String("dw_neg10_pair_pct"))
        return run.pairMinusAtF;
    if (key == QLatin1String("dw_pos10_triplet_pct"))
        return run.tripletPlusAtF;
    if (key == QLatin1String("dw_pos10_pair_pct"))
        return run.pairPlusAtF;
    return std::nullopt;
}

QList<widgets::DataSeries> LtpInductionPanel::dataSeries()
{
    const QString bcm = tr("BCM curve: weight drift under Poisson firing");
    const QString pairing = tr("Δw against pairing frequency (dots: simulated)");
    const QString rho = tr("ρpost (Hz)"), drift = tr("dw/dt (1/s)"), f = tr("f (Hz)"), dw = tr("Δw/w0 (%)");
    return {{bcm, m_driftMeasured->name(), rho, drift, m_driftMeasured->points()},
            {bcm, m_driftTriplet->name(), rho, drift, m_driftTriplet->points()},
            {bcm, m_driftPair->name(), rho, drift, m_driftPair->points()},
            {pairing, m_measuredPlus->name(), f, dw, m_measuredPlus->points()},
            {pairing, m_measuredMinus->name(), f, dw, m_measuredMinus->points()},
            {pairing, m_tripletPlus->name(), f, dw, m_tripletPlus->points()},
            {pairing, m_tripletMinus->name(), f, dw, m_tripletMinus->points()},
            {pairing, m_pairPlus->name(), f, dw, m_pairPlus->points()},
            {pairing, m_pairMinus->name(), f, dw, m_pairMinus->points()}};
}

}  // namespace neuroai::chapters
