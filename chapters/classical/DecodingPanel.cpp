#include "chapters/classical/DecodingPanel.h"

#include "engine/classical/ClassicalExperiments.h"
#include "engine/core/Job.h"
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

const char* const kTuningTitle = QT_TRANSLATE_NOOP("DecodingPanel", "Tuning curves");
const char* const kResponseTitle = QT_TRANSLATE_NOOP("DecodingPanel", "Mean response to each stimulus");
const char* const kNeuronsTitle = QT_TRANSLATE_NOOP("DecodingPanel", "Accuracy against population size");
const char* const kTrialsTitle = QT_TRANSLATE_NOOP("DecodingPanel", "Accuracy against trials");

QColor stimulusColour(int k)
{
    using namespace widgets::palette;
    const QColor colours[] = {blue, vermillion, bluishGreen, orange, reddishPurple, skyBlue, black, muted};
    return colours[k % 8];
}

// A series' points split where x falls back (one run per neuron or stimulus).
std::vector<QList<QPointF>> runs(const ResultSeries* s)
{
    std::vector<QList<QPointF>> out;
    if (!s)
        return out;
    for (std::size_t i = 0; i < s->x.size(); ++i) {
        if (out.empty() || (i > 0 && s->x[i] < s->x[i - 1]))
            out.emplace_back();
        out.back().append({s->x[i], s->y[i]});
    }
    return out;
}

}  // namespace

DecodingPanel::DecodingPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("population-decoding"), QStringLiteral("classical-ml/population-decoding"),
                 classical::populationDecodingSpecs(), &DecodingPanel::compute, parent,
                 scalarReadouts(classical::populationDecodingOutputs(), {QStringLiteral("gap_pct")}))
{
    setObjectName(QStringLiteral("decodingPanel"));
    figureWidget()->setObjectName(QStringLiteral("decodingFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("decodingReadout"));

    m_tuningPlot = new XYPlot(false, figureWidget());
    m_tuningPlot->setObjectName(QStringLiteral("decodingTuningPlot"));
    m_tuningPlot->setTitle(tr(kTuningTitle));
    m_tuningPlot->setAxisTitles(tr("Direction θ (deg)"), tr("Firing rate (Hz)"));
    for (int i = 0; i < kMaxCurves; ++i)
        m_tuning.push_back(m_tuningPlot->addSeries(i == 0 ? tr("neurons") : QString(), XYPlot::Style::Line, skyBlue));
    m_stimuli = m_tuningPlot->addSeries(tr("stimuli"), XYPlot::Style::Markers, black);
    m_tuningPlot->setXRange(0, 360);

    m_responsePlot = new XYPlot(false, figureWidget());
    m_responsePlot->setObjectName(QStringLiteral("decodingResponsePlot"));
    m_responsePlot->setTitle(tr(kResponseTitle));
    m_responsePlot->setAxisTitles(tr("Preferred direction (deg)"), tr("Mean count (spikes)"));
    for (int k = 0; k < kMaxStimuli; ++k)
        m_responses.push_back(m_responsePlot->addSeries(QString(), XYPlot::Style::Line, stimulusColour(k)));
    m_responsePlot->setXRange(0, 360);

    m_neuronsPlot = new XYPlot(true, figureWidget());
    m_neuronsPlot->setObjectName(QStringLiteral("decodingNeuronsPlot"));
    m_neuronsPlot->setTitle(tr(kNeuronsTitle));
    m_neuronsPlot->setAxisTitles(tr("Neurons N (count)"), tr("Held-out accuracy (%)"));
    m_neuronsChance = m_neuronsPlot->addSeries(tr("chance"), XYPlot::Style::Dashed, black);
    m_byNeurons = m_neuronsPlot->addSeries(tr("cross-validated"), XYPlot::Style::Line, blue);
    m_neuronsPlot->setYRange(0, 105);

    m_trialsPlot = new XYPlot(true, figureWidget());
    m_trialsPlot->setObjectName(QStringLiteral("decodingTrialsPlot"));
    m_trialsPlot->setTitle(tr(kTrialsTitle));
    m_trialsPlot->setAxisTitles(tr("Trials per stimulus (count)"), tr("Accuracy (%)"));
    m_trialsChance = m_trialsPlot->addSeries(tr("chance"), XYPlot::Style::Dashed, black);
    m_trainingByTrials = m_trialsPlot->addSeries(tr("training trials"), XYPlot::Style::Line, orange);
    m_byTrials = m_trialsPlot->addSeries(tr("held out"), XYPlot::Style::Line, blue);
    m_trialsPlot->setYRange(0, 105);

    for (XYPlot* p : {m_tuningPlot, m_responsePlot, m_neuronsPlot, m_trialsPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_tuningPlot, 0, 0);
    grid->addWidget(m_responsePlot, 0, 1);
    grid->addWidget(m_neuronsPlot, 1, 0);
    grid->addWidget(m_trialsPlot, 1, 1);
    for (int i = 0; i < 2; ++i) {
        grid->setRowStretch(i, 1);
        grid->setColumnStretch(i, 1);
    }
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_tuningPlot, m_responsePlot, m_neuronsPlot, m_trialsPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> DecodingPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                    Progress& progress)
{
    auto result = std::make_shared<InformationResult>();
    result->experiment =
        classical::runPopulationDecoding(withSeed(classical::populationDecodingSpecs(), parameters, seed), progress);
    return result;
}

QString DecodingPanel::checkParameters(const ParamSet& p) const
{
    if (p["folds"] > p["trials"])
        return tr("%1 folds need at least %1 trials of every stimulus (now %2).")
            .arg(int(std::lround(p["folds"])))
            .arg(int(std::lround(p["trials"])));
    return {};
}

void DecodingPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const int neurons = int(std::lround(p["neurons"])), stimuli = int(std::lround(p["stimuli"]));
    const double chance = r.scalar("chance_pct");

    // --- tuning curves: every k-th neuron, at most kMaxCurves ---
    const std::vector<QList<QPointF>> curves = runs(r.series("tuning_curves"));
    const int step = std::max(1, (neurons + kMaxCurves - 1) / kMaxCurves);
    double top = 0;
    for (int i = 0; i < kMaxCurves; ++i) {
        const int neuron = i * step;
        const bool drawn = neuron < neurons && std::size_t(neuron) < curves.size();
        m_tuningPlot->setPoints(m_tuning[std::size_t(i)], drawn ? curves[std::size_t(neuron)] : QList<QPointF>{});
        if (drawn)
            top = std::max(top, largestY({&curves[std::size_t(neuron)]}));
    }
    m_tuning.front()->setName(step == 1 ? tr("all %1 neurons").arg(neurons) : tr("1 neuron in %1").arg(step));
    QList<QPointF> directions;
    for (int k = 0; k < stimuli; ++k)
        directions.append({360.0 * k / stimuli, 0.0});
    m_tuningPlot->setPoints(m_stimuli, directions);
    m_tuningPlot->setYRange(0, XYPlot::niceTop(std::max(top, 1.0) * 1.1));

    // --- mean responses, one per stimulus ---
    const std::vector<QList<QPointF>> responses = runs(r.series("mean_counts"));
    double topCount = 0;
    for (int k = 0; k < kMaxStimuli; ++k) {
        const bool drawn = k < stimuli && std::size_t(k) < responses.size();
        m_responsePlot->setPoints(m_responses[std::size_t(k)], drawn ? responses[std::size_t(k)] : QList<QPointF>{});
        // No legend (eight entries would not fit): each hill is centred on its stimulus's direction.
        m_responses[std::size_t(k)]->setName(drawn ? tr("θ = %1°").arg(360.0 * k / stimuli, 0, 'g', 4) : QString());
        if (drawn)
            topCount = std::max(topCount, largestY({&responses[std::size_t(k)]}));
    }
    m_responsePlot->setYRange(0, XYPlot::niceTop(std::max(topCount, 0.5) * 1.1));

    // --- accuracy against neurons and trials ---
    const QList<QPointF> byNeurons = r.points("accuracy_vs_neurons");
    const QList<QPointF> byTrials = r.points("accuracy_vs_trials");
    m_neuronsPlot->setPoints(m_byNeurons, byNeurons);
    m_trialsPlot->setPoints(m_byTrials, byTrials);
    m_trialsPlot->setPoints(m_trainingByTrials, r.points("training_vs_trials"));
    const auto span = [](const QList<QPointF>& points) {
        return points.isEmpty() ? std::pair{1.0, 2.0} : std::pair{points.first().x(), points.last().x()};
    };
    const auto [n0, n1] = span(byNeurons);
    const auto [t0, t1] = span(byTrials);
    m_neuronsPlot->setXRange(n0 / 1.25, std::max(n1, n0 * 2) * 1.25);
    m_trialsPlot->setXRange(t0 / 1.25, std::max(t1, t0 * 2) * 1.25);
    m_neuronsChance->setName(tr("chance, %1 %").arg(chance, 0, 'g', 3));
    m_trialsChance->setName(tr("chance, %1 %").arg(chance, 0, 'g', 3));
    m_neuronsPlot->setPoints(m_neuronsChance, {{n0 / 1.25, chance}, {std::max(n1, n0 * 2) * 1.25, chance}});
    m_trialsPlot->setPoints(m_trialsChance, {{t0 / 1.25, chance}, {std::max(t1, t0 * 2) * 1.25, chance}});

    const double accuracy = r.scalar("accuracy_pct"), training = r.scalar("training_accuracy_pct");
    const bool lda = std::lround(p["classifier"]) == 0;
    m_readout->setText(tr("%1 decodes <b>%2 %</b> of held-out trials with all %3 neurons (chance %4 %, one neuron "
                          "%5 %). On its own training trials: %6 %.")
                           .arg(lda ? tr("LDA") : tr("Logistic regression"))
                           .arg(accuracy, 0, 'f', 1)
                           .arg(neurons)
                           .arg(chance, 0, 'g', 3)
                           .arg(byNeurons.isEmpty() ? 0.0 : byNeurons.first().y(), 0, 'f', 1)
                           .arg(training, 0, 'f', 1));
}

std::optional<double> DecodingPanel::readout(const QString& key) const
{
    const InformationResult& r = lastResult();
    if (key == QLatin1String("gap_pct"))
        return r.scalar("training_accuracy_pct") - r.scalar("accuracy_pct");
    return InformationPanel::readout(key);
}

QList<widgets::DataSeries> DecodingPanel::dataSeries()
{
    const QString neurons = tr(kNeuronsTitle), trials = tr(kTrialsTitle), pct = tr("accuracy (%)");
    return {{neurons, tr("cross-validated"), tr("neurons"), pct, m_byNeurons->points()},
            {trials, tr("held out"), tr("trials per stimulus"), pct, m_byTrials->points()},
            {trials, tr("training trials"), tr("trials per stimulus"), pct, m_trainingByTrials->points()}};
}

}  // namespace neuroai::chapters
