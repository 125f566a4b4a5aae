#include "chapters/intro/FlashPanel.h"

#include "engine/core/Job.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
constexpr double kMinDuration = kFlashSweepMinMs, kMaxDuration = kFlashSweepMaxMs;
constexpr double kEdgeFactor = 1.12;  // the peak plot's x range reaches this factor beyond the sweep

QString verdict(bool fires)
{
    return fires ? QStringLiteral("<span style='color:#D55E00'><b>fires</b></span>")
                 : QStringLiteral("<span style='color:#0072B2'><b>silent</b></span>");
}
}  // namespace

FlashPanel::FlashPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("intro-flash"), QStringLiteral("intro/flash"), flashSpecs(), &FlashPanel::compute,
                 parent)
{
    setObjectName(QStringLiteral("flashPanel"));
    figureWidget()->setObjectName(QStringLiteral("flashFigure"));
    using widgets::palette::black;
    using widgets::palette::blue;
    using widgets::palette::bluishGreen;
    using widgets::palette::muted;
    using widgets::palette::orange;
    using widgets::palette::reddishPurple;
    using widgets::palette::vermillion;

    auto* verdicts = new QHBoxLayout;
    m_perceptronReadout = makeReadout(QStringLiteral("perceptronReadout"));
    m_neuronReadout = makeReadout(QStringLiteral("neuronReadout"));
    verdicts->addWidget(m_perceptronReadout, 1);
    verdicts->addWidget(m_neuronReadout, 1);

    m_trace = new XYPlot(false, figureWidget());
    m_trace->setObjectName(QStringLiteral("flashTracePlot"));
    m_trace->setTitle(tr("Membrane response to one pulse"));
    m_trace->setAxisTitles(tr("Time t (ms)"), tr("Depolarisation ΔV (mV)"));
    m_traceThreshold = m_trace->addSeries(tr("threshold θ"), XYPlot::Style::Dashed, muted);
    m_tracePassive = m_trace->addSeries(tr("without threshold"), XYPlot::Style::Dashed, reddishPurple);
    m_traceV = m_trace->addSeries(tr("LIF neuron"), XYPlot::Style::Line, blue);
    m_traceSpikes = m_trace->addSeries(tr("spike"), XYPlot::Style::Markers, vermillion);

    m_peak = new XYPlot(true, figureWidget());
    m_peak->setObjectName(QStringLiteral("flashPeakPlot"));
    m_peak->setTitle(tr("Same charge, different durations"));
    m_peak->setAxisTitles(tr("Pulse duration d (ms)"), tr("Peak depolarisation (mV)"));
    m_peakThreshold = m_peak->addSeries(tr("θ"), XYPlot::Style::Dashed, muted);
    m_perceptron = m_peak->addSeries(tr("perceptron w·Q"), XYPlot::Style::Line, bluishGreen);
    m_peakAnalytic = m_peak->addSeries(tr("analytic"), XYPlot::Style::Line, black);
    m_peakSimulated = m_peak->addSeries(tr("neuron, simulated"), XYPlot::Style::Markers, orange);
    m_current = m_peak->addSeries(tr("this d"), XYPlot::Style::Diamond, vermillion);
    // A little beyond the sweep on both sides (log axis: a factor), so the end dots and an operating point at an
    // end of the sweep are drawn whole, not cut by the frame.
    m_peak->setXRange(kMinDuration / kEdgeFactor, kMaxDuration * kEdgeFactor);

    figureLayout()->addLayout(verdicts);
    figureLayout()->addWidget(m_trace, 1);
    figureLayout()->addWidget(m_peak, 1);
    for (QWidget* plot : {static_cast<QWidget*>(m_trace), static_cast<QWidget*>(m_peak)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

QList<QPointF> FlashPanel::sweepPeaks() const { return m_peakSimulated->points(); }

std::shared_ptr<IntroResult> FlashPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                 Progress& progress)
{
    auto result = std::make_shared<FlashResult>();
    const FlashSetup setup = FlashSetup::fromParameters(parameters);
    result->setup = setup;
    progress.setStage("simulating the pulse");
    result->run = simulateFlash(setup);
    const std::vector<double> durations = flashSweepDurations();
    const double share = 1.0 / double(durations.size() + 1);  // the trace counts as one of 1 + 25 simulations
    progress.setFraction(share);

    progress.setStage("sweeping pulse durations");
    FlashSetup sweep = setup;
    for (std::size_t i = 0; i < durations.size(); ++i) {
        progress.throwIfCancelled();
        sweep.durationMs = durations[i];
        result->sweepDurations.push_back(durations[i]);
        result->sweepPeaks.push_back(simulatedFlashPeakMv(sweep));
        progress.setFraction(share * double(i + 2));
    }
    for (int i = 0; i <= 200; ++i) {
        const double d = kMinDuration * std::pow(kMaxDuration / kMinDuration, i / 200.0);
        result->curveDurations.push_back(d);
        result->curvePeaks.push_back(analyticFlashPeakMv(setup.resistanceMOhm, setup.chargePc, d, setup.tauMs));
    }
    result->analyticPeakMv = analyticFlashPeakMv(setup.resistanceMOhm, setup.chargePc, setup.durationMs, setup.tauMs);
    return result;
}

void FlashPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const FlashResult&>(shown);
    const FlashSetup& setup = result.setup;
    const FlashRun& run = result.run;

    // --- trace ---
    QList<QPointF> v, passive;
    v.reserve(qsizetype(run.t.size()));
    passive.reserve(qsizetype(run.t.size()));
    for (std::size_t i = 0; i < run.t.size(); ++i) {
        v.append({run.t[i], run.v[i] - setup.restMv});
        passive.append({run.t[i], run.passive[i] - setup.restMv});
    }
    const double tEnd = run.t.back();
    m_trace->setPoints(m_traceV, v);
    // The threshold-free membrane only differs (and is only worth showing) when the neuron fired.
    m_trace->setPoints(m_tracePassive, run.neuronFires ? passive : QList<QPointF>{});
    m_trace->setInLegend(m_tracePassive, run.neuronFires);
    m_trace->setPoints(m_traceThreshold, {{0, setup.thresholdMv}, {tEnd, setup.thresholdMv}});
    QList<QPointF> spikes;
    for (const double t : run.spikeTimes)
        spikes.append({t, setup.thresholdMv});
    m_trace->setPoints(m_traceSpikes, spikes);
    m_trace->setInLegend(m_traceSpikes, !spikes.isEmpty());
    m_trace->setXRange(0, tEnd);
    double minV = 0;
    for (const QPointF& point : passive)
        minV = std::min(minV, point.y());
    const double top = std::max(run.peakMv, setup.thresholdMv) * 1.1;
    m_trace->setYRange(minV, XYPlot::niceTop(std::max(top, 1.0)));

    // --- peak versus duration ---
    QList<QPointF> analytic, simulated;
    for (std::size_t i = 0; i < result.curveDurations.size(); ++i)
        analytic.append({result.curveDurations[i], result.curvePeaks[i]});
    for (std::size_t i = 0; i < result.sweepDurations.size(); ++i)
        simulated.append({result.sweepDurations[i], result.sweepPeaks[i]});
    m_peak->setPoints(m_peakAnalytic, analytic);
    m_peak->setPoints(m_peakSimulated, simulated);
    const double left = kMinDuration / kEdgeFactor, right = kMaxDuration * kEdgeFactor;  // edge to edge
    m_peak->setPoints(m_peakThreshold, {{left, setup.thresholdMv}, {right, setup.thresholdMv}});
    m_peak->setPoints(m_perceptron, {{left, run.perceptronDrive}, {right, run.perceptronDrive}});
    m_peak->setPoints(m_current, {{setup.durationMs, run.peakMv}});
    const double brief = setup.resistanceMOhm * setup.chargePc / setup.tauMs;  // the d → 0 limit, the largest peak
    m_peak->setYRange(0, XYPlot::niceTop(std::max({brief, setup.thresholdMv, run.perceptronDrive, 1.0}) * 1.08));

    // --- verdicts ---
    m_perceptronReadout->setText(tr("<b>Perceptron</b> (input: total charge Q): %1<br>w·Q = %2 mV %3 θ = %4 mV, "
                                    "for every duration")
                                     .arg(verdict(run.perceptronFires))
                                     .arg(run.perceptronDrive, 0, 'f', 2)
                                     .arg(run.perceptronFires ? QStringLiteral("≥") : QStringLiteral("<"))
                                     .arg(setup.thresholdMv, 0, 'f', 2));
    m_neuronReadout->setText(tr("<b>LIF neuron</b> (d = %1 ms): %2<br>peak %3 mV (analytic %4 mV) %5 θ")
                                 .arg(setup.durationMs, 0, 'g', 4)
                                 .arg(verdict(run.neuronFires))
                                 .arg(run.peakMv, 0, 'f', 2)
                                 .arg(result.analyticPeakMv, 0, 'f', 2)
                                 .arg(run.neuronFires ? QStringLiteral("≥") : QStringLiteral("<")));
}

QList<widgets::DataSeries> FlashPanel::dataSeries()
{
    const FlashRun& run = lastRun();
    const double rest = shownResult().setup.restMv;
    widgets::DataSeries trace{tr("membrane response"), tr("LIF neuron"), tr("t (ms)"), tr("V - V_rest (mV)"), {}};
    widgets::DataSeries passive{tr("membrane response"), tr("without threshold"), tr("t (ms)"), tr("V - V_rest (mV)"), {}};
    for (std::size_t i = 0; i < run.t.size(); ++i) {
        trace.points.append({run.t[i], run.v[i] - rest});
        passive.points.append({run.t[i], run.passive[i] - rest});
    }
    widgets::DataSeries spikes{tr("membrane response"), tr("spike"), tr("t (ms)"), tr("threshold (mV)"), {}};
    for (const double t : run.spikeTimes)
        spikes.points.append({t, shownResult().setup.thresholdMv});
    return {trace,
            passive,
            spikes,
            {tr("peak vs duration"), tr("simulated"), tr("d (ms)"), tr("peak (mV)"), m_peakSimulated->points()},
            {tr("peak vs duration"), tr("analytic"), tr("d (ms)"), tr("peak (mV)"), m_peakAnalytic->points()},
            {tr("peak vs duration"), tr("perceptron w*Q"), tr("d (ms)"), tr("drive (mV)"), m_perceptron->points()},
            {tr("peak vs duration"), tr("threshold"), tr("d (ms)"), tr("theta (mV)"), m_peakThreshold->points()}};
}

}  // namespace neuroai::chapters
