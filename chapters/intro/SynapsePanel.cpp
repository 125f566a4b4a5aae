#include "chapters/intro/SynapsePanel.h"

#include "engine/core/Job.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

SynapsePanel::SynapsePanel(QWidget* parent)
    : IntroPanel(QStringLiteral("intro-synapse"), QStringLiteral("intro/synapse"), synapticTrainSpecs(),
                 &SynapsePanel::compute, parent)
{
    setObjectName(QStringLiteral("synapsePanel"));
    figureWidget()->setObjectName(QStringLiteral("synapseFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("synapseReadout"));

    m_amplitudes = new XYPlot(false, figureWidget());
    m_amplitudes->setObjectName(QStringLiteral("pscPlot"));
    m_amplitudes->setTitle(tr("Response to each pulse of the train"));
    m_amplitudes->setAxisTitles(tr("Pulse number k (count)"), tr("PSC amplitude (nA)"));
    m_perceptron = m_amplitudes->addSeries(tr("perceptron"), XYPlot::Style::Line, bluishGreen);
    m_steady = m_amplitudes->addSeries(tr("steady state"), XYPlot::Style::Dashed, muted);
    m_pscLine = m_amplitudes->addSeries(QString(), XYPlot::Style::Line, orange);
    m_psc = m_amplitudes->addSeries(tr("synapse A·u·x"), XYPlot::Style::Markers, orange);

    m_trace = new XYPlot(false, figureWidget());
    m_trace->setObjectName(QStringLiteral("synapseTracePlot"));
    m_trace->setTitle(tr("LIF neuron behind the synapse"));
    m_trace->setAxisTitles(tr("Time t (ms)"), tr("Membrane potential V (mV)"));
    m_threshold = m_trace->addSeries(tr("threshold"), XYPlot::Style::Dashed, muted);
    m_v = m_trace->addSeries(tr("V"), XYPlot::Style::Line, blue);
    m_pulses = m_trace->addSeries(tr("input pulse"), XYPlot::Style::Markers, skyBlue);
    m_spikes = m_trace->addSeries(tr("spike"), XYPlot::Style::Markers, vermillion);

    figureLayout()->addWidget(m_readout, 0);
    // The trace gets a little more height: its y title (membrane potential) is the longer one.
    figureLayout()->addWidget(m_amplitudes, 4);
    figureLayout()->addWidget(m_trace, 5);
    for (QWidget* plot : {static_cast<QWidget*>(m_amplitudes), static_cast<QWidget*>(m_trace)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> SynapsePanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                   Progress& progress)
{
    auto result = std::make_shared<SynapseResult>();
    result->setup = SynapticTrainSetup::fromParameters(parameters);
    progress.setStage("simulating the train");
    result->run = simulateSynapticTrain(result->setup, &progress);

    // Decimation for the eye: up to two points (min, max, in time order) per column of `stride` samples.
    const SynapticTrainRun& run = result->run;
    const std::size_t stride = std::max<std::size_t>(1, run.t.size() / 2000);
    for (std::size_t i = 0; i < run.t.size(); i += stride) {
        const std::size_t end = std::min(run.t.size(), i + stride);
        const auto [lo, hi] = std::minmax_element(run.v.begin() + long(i), run.v.begin() + long(end));
        const bool lowFirst = lo < hi;
        const auto first = lowFirst ? lo : hi, second = lowFirst ? hi : lo;
        result->plotT.push_back(run.t[std::size_t(first - run.v.begin())]);
        result->plotV.push_back(*first);
        if (stride > 1) {
            result->plotT.push_back(run.t[std::size_t(second - run.v.begin())]);
            result->plotV.push_back(*second);
        }
    }
    return result;
}

void SynapsePanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const SynapseResult&>(shown);
    const SynapticTrainSetup& setup = result.setup;
    const SynapticTrainRun& run = result.run;
    const int n = int(run.pscAmplitudes.size());

    QList<QPointF> psc, perceptron;
    double top = setup.firstPscNa;
    for (int k = 0; k < n; ++k) {
        psc.append({double(k + 1), run.pscAmplitudes[std::size_t(k)]});
        perceptron.append({double(k + 1), run.perceptronOutput[std::size_t(k)]});
        top = std::max(top, run.pscAmplitudes[std::size_t(k)]);
    }
    m_amplitudes->setPoints(m_psc, psc);
    m_amplitudes->setPoints(m_pscLine, psc);
    m_amplitudes->setPoints(m_perceptron, perceptron);
    m_amplitudes->setPoints(m_steady, {{0.5, run.steadyStatePscNa}, {n + 0.5, run.steadyStatePscNa}});
    m_amplitudes->setXRange(0.5, n + 0.5);
    m_amplitudes->setYRange(0, XYPlot::niceTop(std::max({top, run.steadyStatePscNa, 0.1}) * 1.1));

    QList<QPointF> v;
    v.reserve(qsizetype(result.plotT.size()));
    for (std::size_t i = 0; i < result.plotT.size(); ++i)
        v.append({result.plotT[i], result.plotV[i]});
    const double tEnd = run.t.back();
    const double spikeRow = setup.thresholdMv + 3.0, pulseRow = setup.restMv - 3.0;
    QList<QPointF> spikes, pulses;
    for (const double t : run.spikeTimes)
        spikes.append({t, spikeRow});
    for (const double t : run.pulseTimes)
        pulses.append({t, pulseRow});
    m_trace->setPoints(m_v, v);
    m_trace->setPoints(m_threshold, {{0, setup.thresholdMv}, {tEnd, setup.thresholdMv}});
    m_trace->setPoints(m_spikes, spikes);
    m_trace->setPoints(m_pulses, pulses);
    m_trace->setXRange(0, tEnd);
    m_trace->setYRange(pulseRow - 3.0, spikeRow + 3.0);

    // --- readout ---
    QStringList firing;
    int total = 0;
    for (int k = 0; k < n; ++k) {
        if (run.spikesAfterPulse[std::size_t(k)] > 0)
            firing << QString::number(k + 1);
        total += run.spikesAfterPulse[std::size_t(k)];
    }
    const QString neuron = firing.isEmpty()
                               ? tr("silent on every pulse")
                               : tr("fires after pulse %1 (%2 of %3 pulses, %4 %5)")
                                     .arg(firing.join(QStringLiteral(", ")))
                                     .arg(firing.size())
                                     .arg(n)
                                     .arg(total)
                                     .arg(total == 1 ? tr("spike") : tr("spikes"));
    const ParamSet& p = result.parameters;
    const QString kind = QString::fromStdString(p.spec("synapse")->display(p["synapse"]));
    const TsodyksMarkramParameters& tm = setup.synapse;
    m_readout->setText(tr("<b>Perceptron:</b> the same output, %1 nA, for all %2 pulses.<br>"
                          "<b>Neuron</b> (%3 synapse: U %4, τ_rec %5 ms, τ_facil %6 ms): %7. "
                          "Last PSC %8 nA, steady state %9 nA.")
                           .arg(setup.firstPscNa, 0, 'f', 2)
                           .arg(n)
                           .arg(kind)
                           .arg(tm.u, 0, 'g', 3)
                           .arg(tm.tauRecMs, 0, 'g', 4)
                           .arg(tm.tauFacilMs, 0, 'g', 4)
                           .arg(neuron)
                           .arg(n > 0 ? run.pscAmplitudes.back() : 0.0, 0, 'f', 2)
                           .arg(run.steadyStatePscNa, 0, 'f', 2));
}

QList<widgets::DataSeries> SynapsePanel::dataSeries()
{
    const SynapticTrainRun& run = lastRun();
    widgets::DataSeries v{tr("LIF neuron"), tr("V"), tr("t (ms)"), tr("V (mV)"), {}};
    for (std::size_t i = 0; i < run.t.size(); ++i)
        v.points.append({run.t[i], run.v[i]});
    widgets::DataSeries current{tr("LIF neuron"), tr("synaptic current"), tr("t (ms)"), tr("I_syn (nA)"), {}};
    for (std::size_t i = 0; i < run.t.size(); ++i)
        current.points.append({run.t[i], run.current[i]});
    widgets::DataSeries spikes{tr("LIF neuron"), tr("spike"), tr("t (ms)"), tr("V_th (mV)"), {}};
    for (const double t : run.spikeTimes)
        spikes.points.append({t, shownResult().setup.thresholdMv});
    return {{tr("PSC per pulse"), tr("synapse"), tr("k (count)"), tr("PSC (nA)"), m_psc->points()},
            {tr("PSC per pulse"), tr("perceptron"), tr("k (count)"), tr("output (nA)"), m_perceptron->points()},
            v,
            current,
            spikes};
}

}  // namespace neuroai::chapters
