#include "chapters/information/SpikeEntropyPanel.h"

#include "engine/core/Job.h"
#include "engine/information/InformationExperiments.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <utility>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
// A little beyond the swept values on the log axes, so the end dots are drawn whole.
constexpr double kEdge = 1.25;

const char* const kBinTitle = QT_TRANSLATE_NOOP("SpikeEntropyPanel", "Entropy rate against bin size");
const char* const kLengthTitle = QT_TRANSLATE_NOOP("SpikeEntropyPanel", "Entropy rate against recording length");
}  // namespace

SpikeEntropyPanel::SpikeEntropyPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("spike-entropy"), QStringLiteral("information/spike-entropy"),
                 information::spikeEntropySpecs(), &SpikeEntropyPanel::compute, parent,
                 scalarReadouts(information::spikeEntropyOutputs(),
                                {QStringLiteral("plugin_error_pct"), QStringLiteral("mm_error_pct")}))
{
    setObjectName(QStringLiteral("spikeEntropyPanel"));
    figureWidget()->setObjectName(QStringLiteral("spikeEntropyFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("spikeEntropyReadout"));
    m_direct = makeReadout(QStringLiteral("spikeEntropyDirect"));

    m_binPlot = new XYPlot(true, figureWidget());
    m_binPlot->setObjectName(QStringLiteral("spikeEntropyBinPlot"));
    m_binPlot->setTitle(tr(kBinTitle));
    m_binPlot->setAxisTitles(tr("Bin size Δt (ms)"), tr("Entropy rate (bits/s)"));
    m_refBin = m_binPlot->addSeries(tr("reference"), XYPlot::Style::Dashed, black);
    m_binMarker = m_binPlot->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);
    m_plugBinLine = m_binPlot->addSeries(QString(), XYPlot::Style::Line, vermillion);
    m_mmBinLine = m_binPlot->addSeries(QString(), XYPlot::Style::Line, blue);
    m_plugBin = m_binPlot->addSeries(tr("plug-in"), XYPlot::Style::Markers, vermillion);
    m_mmBin = m_binPlot->addSeries(tr("Miller–Madow"), XYPlot::Style::Markers, blue);
    m_binPlot->setXRange(information::entropyBinSweep().front() / kEdge,
                         information::entropyBinSweep().back() * kEdge);

    m_lengthPlot = new XYPlot(true, figureWidget());
    m_lengthPlot->setObjectName(QStringLiteral("spikeEntropyLengthPlot"));
    m_lengthPlot->setTitle(tr(kLengthTitle));
    m_lengthPlot->setAxisTitles(tr("Recording length (s)"), tr("Entropy rate (bits/s)"));
    m_refLen = m_lengthPlot->addSeries(tr("reference"), XYPlot::Style::Dashed, black);
    m_plugLenLine = m_lengthPlot->addSeries(QString(), XYPlot::Style::Line, vermillion);
    m_mmLenLine = m_lengthPlot->addSeries(QString(), XYPlot::Style::Line, blue);
    m_plugLen = m_lengthPlot->addSeries(tr("plug-in"), XYPlot::Style::Markers, vermillion);
    m_mmLen = m_lengthPlot->addSeries(tr("Miller–Madow"), XYPlot::Style::Markers, blue);

    for (XYPlot* p : {m_binPlot, m_lengthPlot})
        p->setMinimumSize(150, 150);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_direct, 0);
    figureLayout()->addWidget(m_binPlot, 1);
    figureLayout()->addWidget(m_lengthPlot, 1);
    for (QWidget* plot : {static_cast<QWidget*>(m_binPlot), static_cast<QWidget*>(m_lengthPlot)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> SpikeEntropyPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                        Progress& progress)
{
    auto result = std::make_shared<InformationResult>();
    result->experiment =
        information::runSpikeEntropy(withSeed(information::spikeEntropySpecs(), parameters, seed), progress);
    return result;
}

void SpikeEntropyPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const bool exact = r.scalar("reference_exact") > 0.5;
    const QString referenceName =
        exact ? tr("exact (Poisson)") : tr("long-run estimate (%1 s)").arg(r.scalar("reference_s"), 0, 'g', 4);
    const double binMs = p["bin_ms"], recordingS = p["recording_s"];

    // --- against the bin size ---
    const QList<QPointF> plugBin = r.points("plugin_vs_bin"), mmBin = r.points("mm_vs_bin"),
                         refBin = r.points("reference_vs_bin");
    m_refBin->setName(referenceName);
    for (auto [series, points] : {std::pair{m_plugBin, &plugBin}, std::pair{m_plugBinLine, &plugBin},
                                  std::pair{m_mmBin, &mmBin}, std::pair{m_mmBinLine, &mmBin},
                                  std::pair{m_refBin, &refBin}})
        m_binPlot->setPoints(series, *points);
    const double binTop = XYPlot::niceTop(std::max(1.0, largestY({&plugBin, &mmBin, &refBin})) * 1.08);
    m_binMarker->setName(tr("this Δt = %1 ms").arg(binMs, 0, 'g', 3));
    m_binPlot->setInLegend(m_binMarker, true);
    m_binPlot->setPoints(m_binMarker, {{binMs, 0.0}, {binMs, binTop}});
    m_binPlot->setYRange(0, binTop);

    // --- against the recording length ---
    const QList<QPointF> plugLen = r.points("plugin_vs_length"), mmLen = r.points("mm_vs_length");
    const double reference = r.scalar("reference_rate");
    const double x0 = (plugLen.isEmpty() ? 0.5 : plugLen.first().x()) / kEdge, x1 = recordingS * kEdge;
    m_refLen->setName(referenceName);
    m_lengthPlot->setPoints(m_plugLen, plugLen);
    m_lengthPlot->setPoints(m_plugLenLine, plugLen);
    m_lengthPlot->setPoints(m_mmLen, mmLen);
    m_lengthPlot->setPoints(m_mmLenLine, mmLen);
    m_lengthPlot->setPoints(m_refLen, {{x0, reference}, {x1, reference}});
    m_lengthPlot->setXRange(x0, x1);
    // The estimates approach the reference from below: the axis starts at 0 so the size of the bias reads fairly.
    const double lengthTop = XYPlot::niceTop(std::max({1.0, reference, largestY({&plugLen, &mmLen})}) * 1.08);
    m_lengthPlot->setYRange(0, lengthTop);

    // --- readouts ---
    const double plugin = r.scalar("plugin_rate"), mm = r.scalar("mm_rate");
    const int length = int(std::lround(p["word_length"]));
    const QString gap = reference > 0 ? tr("; off by %1 % (plug-in) and %2 % (Miller–Madow)")
                                            .arg(signedNumber(100 * (plugin - reference) / reference, 1),
                                                 signedNumber(100 * (mm - reference) / reference, 1))
                                      : QString();
    m_readout->setText(tr("Δt = %1 ms, L = %2, %3 s (mean rate %4 Hz, %5 of %6 words seen): plug-in <b>%7</b>, "
                          "Miller–Madow <b>%8</b>, %9 <b>%10 bits/s</b>%11.")
                           .arg(binMs, 0, 'g', 3)
                           .arg(length)
                           .arg(recordingS, 0, 'g', 4)
                           .arg(r.scalar("mean_rate_hz"), 0, 'f', 1)
                           .arg(r.scalar("distinct_words"), 0, 'f', 0)
                           .arg(1 << length)
                           .arg(signedNumber(plugin, 1), signedNumber(mm, 1), exact ? tr("exact") : tr("long-run"),
                                signedNumber(reference, 1), gap));
    m_direct->setText(tr("Direct method (gain %1 Hz, %2 repeats of 1 s): total %3 − noise %4 = <b>%5 bits/s</b> "
                         "about the stimulus, <b>%6 bits/spike</b>.")
                          .arg(p["stim_gain_hz"], 0, 'g', 3)
                          .arg(int(std::lround(p["repeats"])))
                          .arg(signedNumber(r.scalar("total_rate"), 1), signedNumber(r.scalar("noise_rate"), 1),
                               signedNumber(r.scalar("information_rate"), 1),
                               signedNumber(r.scalar("bits_per_spike"), 2)));
}

std::optional<double> SpikeEntropyPanel::readout(const QString& key) const
{
    const InformationResult& r = lastResult();
    const double reference = r.scalar("reference_rate");
    if (key == QLatin1String("plugin_error_pct"))
        return 100 * (r.scalar("plugin_rate") - reference) / reference;
    if (key == QLatin1String("mm_error_pct"))
        return 100 * (r.scalar("mm_rate") - reference) / reference;
    return InformationPanel::readout(key);
}

QString SpikeEntropyPanel::extraMetadata() const
{
    return notesText(lastResult().experiment);
}

QList<widgets::DataSeries> SpikeEntropyPanel::dataSeries()
{
    const QString bin = tr(kBinTitle), length = tr(kLengthTitle);
    const QString dt = tr("Δt (ms)"), len = tr("recording (s)"), h = tr("entropy rate (bits/s)");
    return {{bin, tr("plug-in"), dt, h, m_plugBin->points()},
            {bin, tr("Miller–Madow"), dt, h, m_mmBin->points()},
            {bin, m_refBin->name(), dt, h, m_refBin->points()},
            {length, tr("plug-in"), len, h, m_plugLen->points()},
            {length, tr("Miller–Madow"), len, h, m_mmLen->points()},
            {length, m_refLen->name(), len, h, m_refLen->points()}};
}

}  // namespace neuroai::chapters
