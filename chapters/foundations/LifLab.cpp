#include "chapters/foundations/LifLab.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"

#include "engine/core/Stimulus.h"

#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/CurvePlot.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/TimeSeriesPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QVBoxLayout>

#include <cmath>

namespace neuroai::chapters {

namespace {
constexpr double kWindowMs = 500;
constexpr double kSweepDurationMs = 2000;
constexpr int kSweepPoints = 41;
const char* const kModel = "lif";
}  // namespace

LifLab::LifLab(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("lifLab"));
    m_controller = new SimulationController(createModel(kModel), this);
    m_theory = createModel(kModel);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("foundations/lif"), schema(), &presetErrors, QString::fromLatin1(kModel));
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    // --- controls: presets and parameters; the figure: trace, readout, f-I curve ---
    const PanelFrame frame = buildPanelFrame(*this);
    const PresetRow presetRow = addPresetRow(frame.controls, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;
    m_panel = new widgets::ParameterPanel(specs);
    frame.controls->addWidget(m_panel, 1);
    m_figure = frame.figure;
    m_figure->setObjectName(QStringLiteral("lifFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_trace = new widgets::TimeSeriesPlot(m_figure);
    m_trace->setObjectName(QStringLiteral("tracePlot"));
    m_trace->setTitle(tr("Membrane potential"));
    m_trace->setAxisTitles(tr("Time t (ms)"), tr("Membrane potential V (mV)"));
    m_trace->setTraceName(tr("V"));

    m_rate = new QLabel(m_figure);
    m_rate->setObjectName(QStringLiteral("rateReadout"));
    m_rate->setAlignment(Qt::AlignCenter);
    m_rate->setTextFormat(Qt::RichText);
    m_rate->setWordWrap(true);

    m_fi = new widgets::CurvePlot(m_figure);
    m_fi->setObjectName(QStringLiteral("fiPlot"));
    m_fi->setTitle(tr("f-I curve"));
    m_fi->setAxisTitles(tr("Input current I (nA)"), tr("Firing rate f (Hz)"));

    figureLayout->addWidget(m_trace, 3);
    figureLayout->addWidget(m_rate, 0);
    figureLayout->addWidget(m_fi, 2);

    // --- wiring ---
    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &LifLab::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    connect(m_trace, &widgets::TimeSeriesPlot::plotColumnsChanged, this,
            [this](int columns) { m_controller->setView(kWindowMs, columns); });
    for (QWidget* plot : {static_cast<QWidget*>(m_trace), static_cast<QWidget*>(m_fi)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    m_sweep = new FiSweepDriver(
        *m_fi,
        [this] {
            const ParamSet p = m_controller->parameters();
            return FiSweepSetup{[] { return createModel(kModel); }, p,
                                linearSweep(std::min(0.0, p["i_ext"]), sweepUpper(), kSweepPoints), kSweepDurationMs,
                                m_controller->seed()};
        },
        [](const FiPoint& point) { return point.rateHz; }, this);
    connect(m_sweep, &FiSweepDriver::failed, m_panel, &widgets::ParameterPanel::setMessage);

    m_controller->setView(kWindowMs, m_trace->plotColumns());
    onParametersChanged();
    m_sweep->startNow();
}

LifLab::~LifLab() = default;

void LifLab::syncPresetBox()
{
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, m_controller->parameters());
}

QStringList LifLab::models() const { return {QString::fromLatin1(kModel)}; }
QString LifLab::currentModel() const { return QString::fromLatin1(kModel); }

std::vector<ParamSpec> LifLab::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> LifLab::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void LifLab::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

double LifLab::sweepUpper() const
{
    const ParamSet p = m_controller->parameters();
    const double rheobase = (p["v_th"] - p["v_rest"]) / p["r_m"];
    const double upper = std::max({2.5 * rheobase, 1.25 * p["i_ext"], 0.5});
    return std::min(widgets::niceCeiling(upper), m_panel->spec(QStringLiteral("i_ext"))->max);
}

void LifLab::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    m_theory->setParameters(p);
    const double vInf = p["v_rest"] + p["r_m"] * p["i_ext"];
    const double low = std::min({p["v_reset"], p["v_rest"], vInf}) - 5 - 3 * p["r_m"] * (StimulusKind(int(p["stimulus"])) == StimulusKind::Noisy ? p["noise_sigma"] : 0.0);
    const double high = std::max(p["v_th"], std::min(vInf, p["v_th"])) + 10;
    m_trace->setYRange(std::floor(low / 5) * 5, std::ceil(high / 5) * 5);
    m_trace->setThreshold(p["v_th"], tr("threshold V_th"));
    updateAnalytic();
    syncPresetBox();
    m_sweep->schedule();
}

void LifLab::updateAnalytic()
{
    const ParamSet p = m_controller->parameters();
    const double lower = std::min(0.0, p["i_ext"]);
    const double upper = sweepUpper();
    m_fi->setXRange(lower, upper);
    QList<QPointF> curve;
    const double rheobase = (p["v_th"] - p["v_rest"]) / p["r_m"];
    for (int i = 0; i <= 200; ++i) {
        const double current = lower + (upper - lower) * i / 200.0;
        curve.append({current, *m_theory->analyticRateHz(current)});
    }
    // The rate rises steeply just above rheobase (f ∝ 1/ln): sample that corner densely.
    if (rheobase > lower && rheobase < upper) {
        for (int k = 0; k <= 24; ++k) {
            const double current = rheobase * (1 + std::pow(10.0, -6 + 0.25 * k));
            if (current < upper)
                curve.append({current, *m_theory->analyticRateHz(current)});
        }
        curve.append({rheobase, 0.0});
        std::sort(curve.begin(), curve.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
    }
    m_fi->setReference(curve);
    // Short legend names: Qt Charts drops legend entries that do not fit the chart's width.
    m_fi->setSeriesNames(tr("simulated"), (StimulusKind(int(p["stimulus"])) == StimulusKind::Noisy && p["noise_sigma"] > 0) ? tr("analytic, no noise") : tr("analytic"),
                         tr("this cell"));
}

bool LifLab::sweepFinished() const
{
    return m_sweep->finished();
}

void LifLab::showFrame(const Frame& frame)
{
    m_trace->showFrame(frame);
    const auto metric = [&](const char* key) {
        const auto it = frame.metrics.find(key);
        return it == frame.metrics.end() ? 0.0 : it->second;
    };
    const double rate = metric("rate_hz");
    const double current = frame.parameters["i_ext"];
    const double analytic = *m_theory->analyticRateHz(current);
    // The closed form holds for a constant input; for other protocols say so instead of showing a wrong number.
    const auto kind = StimulusKind(int(frame.parameters["stimulus"]));
    const QString reference = kind == StimulusKind::Constant ? tr("analytic %1 Hz").arg(analytic, 0, 'f', 2)
                              : kind == StimulusKind::Noisy  ? tr("analytic without noise %1 Hz").arg(analytic, 0, 'f', 2)
                                                             : tr("analytic rate: constant input only");
    QString text = tr("<b>Firing rate</b> %1 Hz (%2) &nbsp;·&nbsp; %3 spikes &nbsp;·&nbsp; t = %4 ms")
                       .arg(rate, 0, 'f', 2)
                       .arg(reference)
                       .arg(qlonglong(metric("spike_count")))
                       .arg(frame.timeMs, 0, 'f', 1);
    if (kind == StimulusKind::Noisy && frame.parameters["noise_sigma"] > 0)  // irregularity only means something with noise
        text += tr(" &nbsp;·&nbsp; ISI CV %1").arg(metric("isi_cv"), 0, 'f', 2);
    m_rate->setText(text);
    m_fi->setOperatingPoint(QPointF(current, rate));
}

bool LifLab::runHeadless(double ms, int timeoutMs)
{
    const bool ran = m_controller->runBlocking(ms, timeoutMs);
    m_sweep->finishNow();
    return ran;
}

QString LifLab::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter foundations | panel LIF lab\nmodel %3 | seed %4 | simulated time %5 ms\n"
                          "parameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 3)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> LifLab::dataSeries()
{
    QList<widgets::DataSeries> series;
    const Recording recording = m_controller->recording();
    widgets::DataSeries trace{tr("membrane trace"), tr("V"), tr("t (ms)"), tr("V (mV)"), {}};
    if (!recording.values.empty())
        for (std::size_t i = 0; i < recording.t.size(); ++i)
            trace.points.append({recording.t[i], recording.values[0][i]});
    series << trace;
    widgets::DataSeries spikes{tr("membrane trace"), tr("spike"), tr("t (ms)"), tr("V_th (mV)"), {}};
    for (const double t : recording.spikeTimes)
        spikes.points.append({t, recording.parameters.values().empty() ? 0.0 : recording.parameters["v_th"]});
    series << spikes;
    series << widgets::DataSeries{tr("f-I curve"), tr("simulation"), tr("I (nA)"), tr("f (Hz)"), m_sweep->points()};
    series << widgets::DataSeries{tr("f-I curve"), tr("analytic"), tr("I (nA)"), tr("f (Hz)"),
                                  m_fi->referenceSeries()->points()};
    return series;
}

}  // namespace neuroai::chapters
