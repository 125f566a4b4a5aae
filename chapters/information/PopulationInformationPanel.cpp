#include "chapters/information/PopulationInformationPanel.h"

#include "engine/core/Job.h"
#include "engine/information/Information.h"
#include "engine/information/InformationExperiments.h"
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
constexpr double kPi = 3.14159265358979323846;
constexpr double kEdge = 1.25;  // beyond the swept windows on the log axis, so the end dots are drawn whole

const char* const kTuningTitle = QT_TRANSLATE_NOOP("PopulationInformationPanel", "Tuning curves");
const char* const kWindowTitle =
    QT_TRANSLATE_NOOP("PopulationInformationPanel", "Information against the counting window");
const char* const kNeuronsTitle =
    QT_TRANSLATE_NOOP("PopulationInformationPanel", "Information against population size");

information::PopulationSettings settingsOf(const ParamSet& p)
{
    information::PopulationSettings s;
    s.neurons = int(std::lround(p["neurons"]));
    s.stimuli = int(std::lround(p["stimuli"]));
    s.kappa = p["kappa"];
    s.peakRateHz = p["peak_rate_hz"];
    s.baseRateHz = p["base_rate_hz"];
    s.windowMs = p["window_ms"];
    return s;
}

int maxNeurons()
{
    for (const ParamSpec& s : information::populationInformationSpecs())
        if (s.key == "neurons")
            return int(s.max);
    return 64;
}
}  // namespace

PopulationInformationPanel::PopulationInformationPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("population-information"), QStringLiteral("information/population-information"),
                 information::populationInformationSpecs(), &PopulationInformationPanel::compute, parent,
                 scalarReadouts(information::populationInformationOutputs(),
                                {QStringLiteral("population_share_pct"), QStringLiteral("plugin_bias_bits")}))
{
    setObjectName(QStringLiteral("populationInformationPanel"));
    figureWidget()->setObjectName(QStringLiteral("populationInformationFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("populationReadout"));
    m_pluginReadout = makeReadout(QStringLiteral("populationPluginReadout"));

    m_tuningPlot = new XYPlot(false, figureWidget());
    m_tuningPlot->setObjectName(QStringLiteral("populationTuningPlot"));
    m_tuningPlot->setTitle(tr(kTuningTitle));
    m_tuningPlot->setAxisTitles(tr("Orientation θ (deg)"), tr("Firing rate (Hz)"));
    // One series per neuron the spec allows (drawn under neuron 1); only the first is in the legend.
    for (int j = 1; j < maxNeurons(); ++j)
        m_others.push_back(m_tuningPlot->addSeries(j == 1 ? tr("other neurons") : QString(), XYPlot::Style::Line,
                                                   skyBlue));
    m_neuronOne = m_tuningPlot->addSeries(tr("neuron 1"), XYPlot::Style::Line, vermillion);
    m_stimuli = m_tuningPlot->addSeries(tr("stimuli"), XYPlot::Style::Markers, black);
    m_tuningPlot->setXRange(0, 180);

    m_windowPlot = new XYPlot(true, figureWidget());
    m_windowPlot->setObjectName(QStringLiteral("populationWindowPlot"));
    m_windowPlot->setTitle(tr(kWindowTitle));
    m_windowPlot->setAxisTitles(tr("Counting window T (ms)"), tr("Mutual information I(S;R) (bits)"));
    m_ceiling = m_windowPlot->addSeries(tr("log2 S"), XYPlot::Style::Dashed, black);
    m_windowMarker = m_windowPlot->addSeries(tr("this T"), XYPlot::Style::Dashed, bluishGreen);
    m_populationLine = m_windowPlot->addSeries(QString(), XYPlot::Style::Line, blue);
    m_single = m_windowPlot->addSeries(tr("best neuron"), XYPlot::Style::Line, orange);
    m_pluginLine = m_windowPlot->addSeries(QString(), XYPlot::Style::Line, vermillion);
    m_population = m_windowPlot->addSeries(tr("population"), XYPlot::Style::Markers, blue);
    m_plugin = m_windowPlot->addSeries(tr("neuron 1, plug-in"), XYPlot::Style::Markers, vermillion);
    const std::vector<double> windows = information::informationWindowSweep();
    m_windowPlot->setXRange(windows.front() / kEdge, windows.back() * kEdge);

    m_neuronsPlot = new XYPlot(false, figureWidget());
    m_neuronsPlot->setObjectName(QStringLiteral("populationNeuronsPlot"));
    m_neuronsPlot->setTitle(tr(kNeuronsTitle));
    m_neuronsPlot->setAxisTitles(tr("Neurons n (count)"), tr("I(S;R) (bits)"));
    m_neuronsCeiling = m_neuronsPlot->addSeries(tr("log2 S"), XYPlot::Style::Dashed, black);
    m_byNeuronsLine = m_neuronsPlot->addSeries(QString(), XYPlot::Style::Line, blue);
    m_byNeurons = m_neuronsPlot->addSeries(tr("population"), XYPlot::Style::Markers, blue);

    for (XYPlot* p : {m_tuningPlot, m_windowPlot, m_neuronsPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_tuningPlot, 0, 0);
    grid->addWidget(m_neuronsPlot, 0, 1);
    grid->addWidget(m_windowPlot, 1, 0, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_pluginReadout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_tuningPlot, m_windowPlot, m_neuronsPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> PopulationInformationPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                                 Progress& progress)
{
    auto result = std::make_shared<PopulationInformationResult>();
    result->experiment = information::runPopulationInformation(
        withSeed(information::populationInformationSpecs(), parameters, seed), progress);
    // The tuning curves by the formula of Information.h: λ_j(θ) = r0 + (rmax − r0)·exp(κ(cos 2(θ − φ_j) − 1)),
    // φ_j = 180°·j/n; and neuron 1's rate at each stimulus from the engine's mean counts.
    const information::PopulationSettings s = settingsOf(parameters);
    for (int k = 0; k <= 180; k += 2)
        result->angles.push_back(k);
    result->tuning.resize(std::size_t(s.neurons));
    for (int j = 0; j < s.neurons; ++j) {
        const double preferred = kPi * j / s.neurons;
        for (const double deg : result->angles)
            result->tuning[std::size_t(j)].push_back(
                s.baseRateHz +
                (s.peakRateHz - s.baseRateHz) * std::exp(s.kappa * (std::cos(2 * (deg * kPi / 180 - preferred)) - 1)));
    }
    const std::vector<std::vector<double>> counts = information::meanCounts(s);
    for (int i = 0; i < s.stimuli; ++i)
        result->stimuli.emplace_back(180.0 * i / s.stimuli, counts[std::size_t(i)][0] * 1000 / s.windowMs);
    return result;
}

void PopulationInformationPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const PopulationInformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const int neurons = int(r.tuning.size());
    const int stimuli = int(std::lround(p["stimuli"]));
    const double maxBits = r.scalar("max_bits");

    // --- tuning curves ---
    const auto curve = [&](int j) {
        QList<QPointF> out;
        for (std::size_t k = 0; k < r.angles.size(); ++k)
            out.append({r.angles[k], r.tuning[std::size_t(j)][k]});
        return out;
    };
    for (std::size_t j = 0; j < m_others.size(); ++j)
        m_tuningPlot->setPoints(m_others[j], int(j) + 1 < neurons ? curve(int(j) + 1) : QList<QPointF>{});
    m_tuningPlot->setInLegend(m_others.front(), neurons > 1);
    m_others.front()->setName(neurons > 2 ? tr("neurons 2–%1").arg(neurons) : tr("neuron 2"));
    m_tuningPlot->setPoints(m_neuronOne, curve(0));
    m_stimuli->setName(tr("the %1 stimuli").arg(stimuli));
    m_tuningPlot->setPoints(m_stimuli, QList<QPointF>(r.stimuli.begin(), r.stimuli.end()));
    m_tuningPlot->setYRange(0, XYPlot::niceTop(std::max(1.0, p["peak_rate_hz"]) * 1.1));

    // --- against the window ---
    const QList<QPointF> population = r.points("population_vs_window"), single = r.points("single_vs_window"),
                         plugin = r.points("plugin_vs_window");
    const std::vector<double> windows = information::informationWindowSweep();
    const double x0 = windows.front() / kEdge, x1 = windows.back() * kEdge;
    const double top = XYPlot::niceTop(std::max(maxBits, largestY({&population, &single, &plugin})) * 1.12);
    m_windowPlot->setPoints(m_ceiling, {{x0, maxBits}, {x1, maxBits}});
    const double windowMs = p["window_ms"];
    m_windowPlot->setPoints(m_windowMarker, {{windowMs, 0.0}, {windowMs, top}});
    m_windowPlot->setPoints(m_population, population);
    m_windowPlot->setPoints(m_populationLine, population);
    m_windowPlot->setPoints(m_single, single);
    m_windowPlot->setPoints(m_plugin, plugin);
    m_windowPlot->setPoints(m_pluginLine, plugin);
    m_windowPlot->setYRange(0, top);

    // --- against the number of neurons ---
    const QList<QPointF> byNeurons = r.points("population_vs_neurons");
    const double nTop = std::max(2.0, double(neurons));
    const double margin = 0.04 * nTop;
    m_neuronsPlot->setPoints(m_neuronsCeiling, {{0.0, maxBits}, {nTop + margin, maxBits}});
    m_neuronsPlot->setPoints(m_byNeurons, byNeurons);
    m_neuronsPlot->setPoints(m_byNeuronsLine, byNeurons);
    m_neuronsPlot->setXRange(0, nTop + margin);
    m_neuronsPlot->setYRange(0, XYPlot::niceTop(std::max(maxBits, largestY({&byNeurons})) * 1.12));

    // --- readouts ---
    const double bits = r.scalar("population_bits");
    m_readout->setText(tr("In T = %1 ms the %2 neurons carry <b>%3 ± %4 bits</b> of the log2 %5 = %6 bits there "
                          "are (%7 %); the best neuron alone <b>%8 bits</b>.")
                           .arg(windowMs, 0, 'g', 3)
                           .arg(neurons)
                           .arg(bits, 0, 'f', 2)
                           .arg(r.scalar("population_se"), 0, 'f', 2)
                           .arg(stimuli)
                           .arg(maxBits, 0, 'f', 2)
                           .arg(maxBits > 0 ? 100 * bits / maxBits : 0.0, 0, 'f', 0)
                           .arg(r.scalar("single_bits"), 0, 'f', 2));
    const double neuron1 = r.scalar("neuron1_bits"), estimate = r.scalar("plugin_bits");
    m_pluginReadout->setText(tr("Neuron 1 from %1 trials per stimulus (plug-in): <b>%2 bits</b>, its true value "
                                "<b>%3 bits</b>: a bias of %4 bits.")
                                 .arg(int(std::lround(p["trials"])))
                                 .arg(estimate, 0, 'f', 2)
                                 .arg(neuron1, 0, 'f', 2)
                                 .arg(estimate >= neuron1 ? QStringLiteral("+") + signedNumber(estimate - neuron1, 2)
                                                          : signedNumber(estimate - neuron1, 2)));
}

QString PopulationInformationPanel::checkParameters(const ParamSet& p) const
{
    if (p["base_rate_hz"] > p["peak_rate_hz"])
        return tr("base_rate_hz (%1 Hz) must not exceed peak_rate_hz (%2 Hz): the baseline is the rate far from the "
                  "preferred orientation, the peak the rate at it")
            .arg(p["base_rate_hz"], 0, 'g', 4)
            .arg(p["peak_rate_hz"], 0, 'g', 4);
    return {};
}

int PopulationInformationPanel::tuningCurvesShown() const
{
    int shown = m_neuronOne->points().isEmpty() ? 0 : 1;
    for (const QXYSeries* s : m_others)
        shown += s->points().isEmpty() ? 0 : 1;
    return shown;
}

std::optional<double> PopulationInformationPanel::readout(const QString& key) const
{
    const InformationResult& r = lastResult();
    if (key == QLatin1String("population_share_pct"))
        return 100 * r.scalar("population_bits") / r.scalar("max_bits");
    if (key == QLatin1String("plugin_bias_bits"))
        return r.scalar("plugin_bits") - r.scalar("neuron1_bits");
    if (!readoutNames().contains(key))
        return std::nullopt;
    return r.scalar(key.toStdString().c_str());
}

QString PopulationInformationPanel::extraMetadata() const { return notesText(lastResult().experiment); }

QList<widgets::DataSeries> PopulationInformationPanel::dataSeries()
{
    const QString tuning = tr(kTuningTitle), window = tr(kWindowTitle), size = tr(kNeuronsTitle);
    const QString theta = tr("θ (deg)"), rate = tr("rate (Hz)"), t = tr("T (ms)"), n = tr("n (count)"),
                  info = tr("I(S;R) (bits)");
    QList<widgets::DataSeries> out{{tuning, tr("neuron 1"), theta, rate, m_neuronOne->points()},
                                   {tuning, tr("stimuli"), theta, rate, m_stimuli->points()}};
    for (std::size_t j = 0; j < m_others.size(); ++j)
        if (!m_others[j]->points().isEmpty())
            out.append({tuning, tr("neuron %1").arg(qulonglong(j + 2)), theta, rate, m_others[j]->points()});
    out += QList<widgets::DataSeries>{{window, tr("population (Monte Carlo)"), t, info, m_population->points()},
                                      {window, tr("best single neuron (exact)"), t, info, m_single->points()},
                                      {window, tr("neuron 1, plug-in from trials"), t, info, m_plugin->points()},
                                      {window, tr("log2 S"), t, info, m_ceiling->points()},
                                      {size, tr("population"), n, info, m_byNeurons->points()}};
    return out;
}

}  // namespace neuroai::chapters
