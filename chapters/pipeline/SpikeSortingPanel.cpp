#include "chapters/pipeline/SpikeSortingPanel.h"

#include "engine/core/Job.h"
#include "engine/pipeline/PipelineExperiments.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {

const char* const kTraceTitle = QT_TRANSLATE_NOOP("SpikeSortingPanel", "Recording, first 100 ms");
const char* const kWaveformTitle = QT_TRANSLATE_NOOP("SpikeSortingPanel", "Mean snippets");
const char* const kComponentTitle = QT_TRANSLATE_NOOP("SpikeSortingPanel", "Principal components");
const char* const kRasterTitle = QT_TRANSLATE_NOOP("SpikeSortingPanel", "Spikes, first 2 s");
const char* const kAccuracyTitle = QT_TRANSLATE_NOOP("SpikeSortingPanel", "Sorting against noise");

// Cluster colours (Okabe–Ito, then black and yellow for the seventh and eighth).
QColor clusterColour(int cluster)
{
    using namespace widgets::palette;
    const QColor colours[] = {blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, black, yellow};
    return colours[cluster % 8];
}

// Row offsets in the raster: true spikes just below their unit's row, sorted ones just above.
constexpr double kTrueOffset = -0.18, kSortedOffset = 0.18;

}  // namespace

SpikeSortingPanel::SpikeSortingPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("spike-sorting"), QStringLiteral("pipeline/spike-sorting"),
                 pipeline::spikeSortingSpecs(), &SpikeSortingPanel::compute, parent,
                 scalarReadouts(pipeline::spikeSortingOutputs()))
{
    setObjectName(QStringLiteral("spikeSortingPanel"));
    figureWidget()->setObjectName(QStringLiteral("spikeSortingFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("spikeSortingReadout"));

    m_tracePlot = new XYPlot(false, figureWidget());
    m_tracePlot->setObjectName(QStringLiteral("spikeSortingTracePlot"));
    m_tracePlot->setTitle(tr(kTraceTitle));
    m_tracePlot->setAxisTitles(tr("Time (ms)"), tr("Voltage (µV)"));
    m_raw = m_tracePlot->addSeries(tr("raw"), XYPlot::Style::Line, muted);
    m_filtered = m_tracePlot->addSeries(tr("band-passed"), XYPlot::Style::Line, blue);
    m_threshold = m_tracePlot->addSeries(tr("threshold"), XYPlot::Style::Dashed, vermillion);
    m_tracePlot->setXRange(0, pipeline::kTraceExcerptMs);

    m_waveformPlot = new XYPlot(false, figureWidget());
    m_waveformPlot->setObjectName(QStringLiteral("spikeSortingWaveformPlot"));
    m_waveformPlot->setTitle(tr(kWaveformTitle));
    m_waveformPlot->setAxisTitles(tr("Time (ms)"), tr("Voltage (µV)"));  // 0 = the trough
    m_componentPlot = new XYPlot(false, figureWidget());
    m_componentPlot->setObjectName(QStringLiteral("spikeSortingComponentPlot"));
    m_componentPlot->setTitle(tr(kComponentTitle));
    m_componentPlot->setAxisTitles(tr("PC1 score (µV)"), tr("PC2 score (µV)"));
    for (int c = 0; c < kMaxClusters; ++c) {
        m_waveforms.push_back(m_waveformPlot->addSeries(QString(), XYPlot::Style::Line, clusterColour(c)));
        m_components.push_back(m_componentPlot->addSeries(QString(), XYPlot::Style::Markers, clusterColour(c)));
    }

    m_rasterPlot = new XYPlot(false, figureWidget());
    m_rasterPlot->setObjectName(QStringLiteral("spikeSortingRasterPlot"));
    m_rasterPlot->setTitle(tr(kRasterTitle));
    m_rasterPlot->setAxisTitles(tr("Time (s)"), tr("Unit (index)"));
    m_trueSpikes = m_rasterPlot->addSeries(tr("true"), XYPlot::Style::Markers, black);
    m_unsorted = m_rasterPlot->addSeries(QString(), XYPlot::Style::Markers, muted);
    for (int c = 0; c < kMaxClusters; ++c)
        m_sorted.push_back(m_rasterPlot->addSeries(c == 0 ? tr("sorted") : QString(),
                                                   XYPlot::Style::Markers, clusterColour(c)));
    m_rasterPlot->setXRange(0, kRasterSeconds);

    m_accuracyPlot = new XYPlot(false, figureWidget());
    m_accuracyPlot->setObjectName(QStringLiteral("spikeSortingAccuracyPlot"));
    m_accuracyPlot->setTitle(tr(kAccuracyTitle));
    m_accuracyPlot->setAxisTitles(tr("Noise SD (µV)"), tr("Spikes (%)"));
    m_noiseMarker = m_accuracyPlot->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);  // the green line of the text
    m_accuracy = m_accuracyPlot->addSeries(tr("sorted"), XYPlot::Style::Line, blue);
    m_recall = m_accuracyPlot->addSeries(tr("detected"), XYPlot::Style::Dashed, orange);
    m_accuracyPlot->setYRange(0, 105);

    for (XYPlot* p : {m_tracePlot, m_waveformPlot, m_componentPlot, m_rasterPlot, m_accuracyPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_tracePlot, 0, 0, 1, 2);
    grid->addWidget(m_accuracyPlot, 0, 2);
    grid->addWidget(m_waveformPlot, 1, 0);
    grid->addWidget(m_componentPlot, 1, 1);
    grid->addWidget(m_rasterPlot, 1, 2);
    for (int c = 0; c < 3; ++c)
        grid->setColumnStretch(c, 1);
    for (int r = 0; r < 2; ++r)
        grid->setRowStretch(r, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_tracePlot, m_waveformPlot, m_componentPlot, m_rasterPlot, m_accuracyPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> SpikeSortingPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                        Progress& progress)
{
    auto result = std::make_shared<InformationResult>();
    result->experiment =
        pipeline::runSpikeSorting(withSeed(pipeline::spikeSortingSpecs(), parameters, seed), progress);
    return result;
}

QString SpikeSortingPanel::checkParameters(const ParamSet& p) const
{
    if (!(p["low_hz"] < p["high_hz"]))
        return tr("The low cutoff (%1 Hz) must be below the high cutoff (%2 Hz).")
            .arg(p["low_hz"], 0, 'g', 4)
            .arg(p["high_hz"], 0, 'g', 4);
    return {};
}

void SpikeSortingPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const int clusters = int(std::lround(p["clusters"])), units = int(std::lround(p["units"]));

    // --- the trace ---
    const QList<QPointF> raw = r.points("raw_trace"), filtered = r.points("filtered_trace");
    const double threshold = r.scalar("threshold_uv");
    m_tracePlot->setPoints(m_raw, raw);
    m_tracePlot->setPoints(m_filtered, filtered);
    m_threshold->setName(tr("threshold %1 µV").arg(signedNumber(threshold, 0)));
    m_tracePlot->setPoints(m_threshold, {{0.0, threshold}, {pipeline::kTraceExcerptMs, threshold}});
    double low = threshold, high = 0;
    for (const QList<QPointF>* list : {&raw, &filtered})
        for (const QPointF& q : *list) {
            low = std::min(low, q.y());
            high = std::max(high, q.y());
        }
    const double pad = 0.05 * std::max(high - low, 1.0);
    m_tracePlot->setYRange(low - pad, high + pad);

    // --- clusters: which unit each one holds ---
    std::vector<int> unitOf(std::size_t(clusters), 0);
    if (const ResultSeries* s = r.series("cluster_units"))
        for (std::size_t c = 0; c < s->y.size() && c < unitOf.size(); ++c)
            unitOf[c] = int(std::lround(s->y[c]));
    const auto clusterName = [&](int c) {
        const int u = unitOf[std::size_t(c)];
        return u > 0 ? tr("cluster %1 → unit %2").arg(c + 1).arg(u) : tr("cluster %1 → none").arg(c + 1);
    };

    // --- mean snippets, one run of x per cluster ---
    std::vector<QList<QPointF>> waveforms(1);
    if (const ResultSeries* s = r.series("cluster_waveforms"))
        for (std::size_t i = 0; i < s->x.size(); ++i) {
            if (i > 0 && s->x[i] < s->x[i - 1])
                waveforms.emplace_back();
            waveforms.back().append({s->x[i], s->y[i]});
        }
    // --- PC scores and sorted spikes by cluster ---
    std::vector<QList<QPointF>> scores(kMaxClusters), sorted(kMaxClusters);
    QList<QPointF> unsorted;
    const ResultSeries* pcs = r.series("pc_scores");
    const ResultSeries* events = r.series("sorted_spikes");
    if (events)
        for (std::size_t e = 0; e < events->x.size(); ++e) {
            const int c = int(std::lround(events->y[e])) - 1;
            const bool shownCluster = c >= 0 && c < kMaxClusters;
            if (pcs && e < pcs->x.size() && shownCluster)
                scores[std::size_t(c)].append({pcs->x[e], pcs->y[e]});
            if (events->x[e] > kRasterSeconds)
                continue;
            if (shownCluster)
                sorted[std::size_t(c)].append({events->x[e], unitOf[std::size_t(c)] + kSortedOffset});
            else
                unsorted.append({events->x[e], kSortedOffset});
        }
    for (int c = 0; c < kMaxClusters; ++c) {
        // No legend in these two narrow plots (it would not fit): the readout says which unit each colour is.
        const bool present = c < clusters;
        m_waveforms[std::size_t(c)]->setName(present ? clusterName(c) : QString());
        m_waveformPlot->setPoints(m_waveforms[std::size_t(c)],
                                  present && std::size_t(c) < waveforms.size() ? waveforms[std::size_t(c)]
                                                                               : QList<QPointF>{});
        m_components[std::size_t(c)]->setName(present ? clusterName(c) : QString());
        m_componentPlot->setPoints(m_components[std::size_t(c)], scores[std::size_t(c)]);
        m_rasterPlot->setPoints(m_sorted[std::size_t(c)], sorted[std::size_t(c)]);
    }
    // Axis ranges from the data (with a margin), so the snippets and the PC clouds fill their plots.
    const auto fit = [](XYPlot* plot, const std::vector<QList<QPointF>>& lists, bool fitX) {
        double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
        for (const QList<QPointF>& list : lists)
            for (const QPointF& q : list) {
                x0 = std::min(x0, q.x());
                x1 = std::max(x1, q.x());
                y0 = std::min(y0, q.y());
                y1 = std::max(y1, q.y());
            }
        if (!(x1 > x0) || !(y1 > y0))
            return;
        const double px = 0.05 * (x1 - x0), py = 0.08 * (y1 - y0);
        if (fitX)
            plot->setXRange(x0 - px, x1 + px);
        plot->setYRange(y0 - py, y1 + py);
    };
    m_waveformPlot->setXRange(-0.65, 1.0);
    fit(m_waveformPlot, waveforms, false);
    fit(m_componentPlot, scores, true);

    QList<QPointF> truth;
    if (const ResultSeries* s = r.series("true_spikes"))
        for (std::size_t i = 0; i < s->x.size(); ++i)
            if (s->x[i] <= kRasterSeconds)
                truth.append({s->x[i], s->y[i] + kTrueOffset});
    m_rasterPlot->setPoints(m_trueSpikes, truth);
    m_rasterPlot->setPoints(m_unsorted, unsorted);
    m_rasterPlot->setYRange(-0.6, units + 0.6);

    // --- accuracy against noise ---
    const double noise = p["noise_uv"];
    m_accuracyPlot->setPoints(m_accuracy, r.points("accuracy_vs_noise"));
    m_accuracyPlot->setPoints(m_recall, r.points("recall_vs_noise"));
    m_accuracyPlot->setPoints(m_noiseMarker, {{noise, 0.0}, {noise, 105.0}});
    m_accuracyPlot->setXRange(0, 105);

    QStringList mapping;
    for (int c = 0; c < std::min(clusters, kMaxClusters); ++c)
        mapping << QStringLiteral("<span style=\"color:%1\">■</span> %2")
                       .arg(clusterColour(c).name(),
                            unitOf[std::size_t(c)] > 0 ? tr("unit %1").arg(unitOf[std::size_t(c)]) : tr("none"));
    const double accuracy = r.scalar("accuracy_pct");
    m_readout->setText(tr("<b>%1 %</b> of the %2 true spikes sorted into their unit's cluster; %3 % detected, "
                          "%4 false detections. Noise σ after filtering %5 µV, threshold %6 µV; the %7 principal "
                          "components explain %8 % of the snippets' variance. Clusters: %9.")
                           .arg(accuracy, 0, 'f', 1)
                           .arg(r.scalar("true_spikes"), 0, 'f', 0)
                           .arg(r.scalar("recall_pct"), 0, 'f', 1)
                           .arg(r.scalar("false_positives"), 0, 'f', 0)
                           .arg(r.scalar("sigma_uv"), 0, 'f', 1)
                           .arg(signedNumber(threshold, 1))
                           .arg(int(std::lround(p["components"])))
                           .arg(r.scalar("explained_pct"), 0, 'f', 1)
                           .arg(mapping.join(QStringLiteral(", "))));
}

QList<widgets::DataSeries> SpikeSortingPanel::dataSeries()
{
    const QString trace = tr(kTraceTitle), accuracy = tr(kAccuracyTitle), waveform = tr(kWaveformTitle);
    const QString t = tr("time (ms)"), v = tr("voltage (µV)"), noise = tr("noise SD (µV)"), pct = tr("spikes (%)");
    QList<widgets::DataSeries> out{{trace, tr("wide band"), t, v, m_raw->points()},
                                   {trace, tr("band-passed"), t, v, m_filtered->points()},
                                   {accuracy, tr("sorted correctly"), noise, pct, m_accuracy->points()},
                                   {accuracy, tr("detected"), noise, pct, m_recall->points()}};
    for (QXYSeries* s : m_waveforms)
        if (!s->points().isEmpty())
            out.append({waveform, s->name(), tr("time from trough (ms)"), v, s->points()});
    return out;
}

}  // namespace neuroai::chapters
