#include "chapters/stimulation/BalancedNetworkPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/RasterPlot.h"
#include "widgets/TimeSeriesPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "balanced-network";
constexpr std::uint32_t kExcitatoryRgb = 0x0072B2;  // the palette's blue
constexpr std::uint32_t kInhibitoryRgb = 0xD55E00;  // the palette's vermillion
}  // namespace

BalancedNetworkPanel::BalancedNetworkPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("balancedNetworkPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("stimulation/balanced-network"), schema(), &presetErrors,
                            QString::fromLatin1(kModel));
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    const PanelFrame frame = buildPanelFrame(*this);
    const PresetRow presetRow = addPresetRow(frame.controls, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;
    m_panel = new widgets::ParameterPanel(specs);
    frame.controls->addWidget(m_panel, 1);
    m_figure = frame.figure;
    m_figure->setObjectName(QStringLiteral("balancedNetworkFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_raster = new widgets::RasterPlot(m_figure);
    m_raster->setObjectName(QStringLiteral("rasterPlot"));
    m_raster->setTitle(tr("Spikes of every cell, last second"));

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("rateReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);

    m_rates = new widgets::TimeSeriesPlot(m_figure);
    m_rates->setObjectName(QStringLiteral("ratePlot"));
    m_rates->setTitle(tr("Population rates (5 ms smoothing)"));
    m_rates->setAxisTitles(tr("Time t (ms)"), tr("Population rate (Hz)"));
    m_rates->setTraceName(tr("excitatory"));
    m_rates->setSecondChannel(1, tr("inhibitory"));
    m_rates->setSpikeMarkersShown(false);
    m_rates->setYRange(0, m_rateTop);

    figureLayout->addWidget(m_raster, 3);
    figureLayout->addWidget(m_readout, 0);
    figureLayout->addWidget(m_rates, 2);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &BalancedNetworkPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    connect(m_rates, &widgets::TimeSeriesPlot::plotColumnsChanged, this,
            [this](int columns) { m_controller->setView(kWindowMs, columns); });
    connect(m_raster, &widgets::RasterPlot::plotSizeChanged, this, [this] { fitRaster(); });
    widgets::FigureExporter::installContextMenu(m_rates, [this] { return metadata(); });
    m_raster->installContextMenu([this] { return metadata(); });

    m_controller->setView(kWindowMs, m_rates->plotColumns());
    onParametersChanged();
}

BalancedNetworkPanel::~BalancedNetworkPanel() = default;

void BalancedNetworkPanel::fitRaster()
{
    // One raster row per device pixel (several cells per row when the network has more cells than the plot has
    // pixels), one column per pixel: the engine bins to exactly what is shown.
    const QSize pixels = m_raster->plotRect().size() * m_raster->devicePixelRatioF();
    // The engine colours the rows by population, so a frame reaches the plot as it is.
    m_controller->setRasterView(std::max(16, pixels.width()), std::clamp(pixels.height(), 1, std::max(1, m_neurons)),
                                m_neurons,
                                {{tr("excitatory").toStdString(), 0, kExcitatoryRgb},
                                 {tr("inhibitory").toStdString(), m_excitatory, kInhibitoryRgb}});
}

void BalancedNetworkPanel::syncPresetBox()
{
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, m_controller->parameters());
}

QStringList BalancedNetworkPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString BalancedNetworkPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet BalancedNetworkPanel::currentParameters() const { return m_controller->parameters(); }
quint64 BalancedNetworkPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> BalancedNetworkPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> BalancedNetworkPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void BalancedNetworkPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList BalancedNetworkPanel::readoutNames() const
{
    return {QStringLiteral("rate_e_hz"), QStringLiteral("rate_i_hz"), QStringLiteral("mean_rate_hz"),
            QStringLiteral("spike_count")};
}

std::optional<double> BalancedNetworkPanel::readout(const QString& key) const
{
    return ExperimentPanel::readout(key);
}

void BalancedNetworkPanel::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    const int neurons = int(std::lround(p["n"]));
    if (neurons != m_neurons) {
        m_neurons = neurons;
        m_excitatory = int(double(neurons) * 0.8);  // the model's split (makeCuba)
        fitRaster();
    }
    syncPresetBox();
}

QString BalancedNetworkPanel::stimulusText(const ParamSet& p) const
{
    const QString target = int(p["stim_target"]) == 1 ? tr("inhibitory") : tr("excitatory");
    switch (int(p["stim_mode"])) {
    case 1:
        return tr("bias %1 mV into the %2 cells").arg(p["stim_amplitude"], 0, 'f', 2).arg(target);
    case 2:
        return tr("%1 mV pulses of %2 ms at %3 Hz into the %4 cells")
            .arg(p["stim_amplitude"], 0, 'f', 2)
            .arg(p["pulse_width"], 0, 'f', 1)
            .arg(p["pulse_rate"], 0, 'f', 1)
            .arg(target);
    default:
        return tr("no stimulation");
    }
}

void BalancedNetworkPanel::showFrame(const Frame& frame)
{
    if (frame.raster)
        m_raster->setRaster(*frame.raster);
    // The rate axis grows with the largest rate in the window and shrinks back (with some slack so it does not
    // flicker) when the rates fall.
    double top = 0;
    for (std::size_t c = 0; c < 2 && c < frame.traces.size(); ++c)
        for (const PlotPoint& point : frame.traces[c].points)
            top = std::max(top, point.y);
    const double wanted = widgets::niceCeiling(std::max(10.0, 1.15 * top));
    if (wanted > m_rateTop || wanted < 0.4 * m_rateTop) {
        m_rateTop = wanted;
        m_rates->setYRange(0, m_rateTop);
    }
    m_rates->showFrame(frame, 0);
    const auto metric = [&](const char* key) {
        const auto it = frame.metrics.find(key);
        return it == frame.metrics.end() ? 0.0 : it->second;
    };
    m_readout->setText(tr("<b>Rates</b> (last 100 ms) &nbsp;excitatory <b>%1 Hz</b> · inhibitory <b>%2 Hz</b> "
                          "&nbsp;·&nbsp; %3 &nbsp;·&nbsp; t = %4 ms")
                           .arg(metric("rate_e_hz"), 0, 'f', 1)
                           .arg(metric("rate_i_hz"), 0, 'f', 1)
                           .arg(stimulusText(frame.parameters))
                           .arg(frame.timeMs, 0, 'f', 0));
}

bool BalancedNetworkPanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString BalancedNetworkPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter stimulation | panel Balanced network\nmodel %3 | seed %4 | simulated time "
                          "%5 ms\nparameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 3)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> BalancedNetworkPanel::dataSeries()
{
    QList<widgets::DataSeries> series;
    const Recording recording = m_controller->recording();
    const QStringList names{tr("excitatory"), tr("inhibitory"), tr("stimulus")};
    const QStringList units{tr("rate (Hz)"), tr("rate (Hz)"), tr("amplitude (mV)")};
    for (std::size_t c = 0; c < recording.values.size() && c < 3; ++c) {
        widgets::DataSeries trace{c < 2 ? tr("population rates") : tr("stimulation protocol"), names[int(c)], tr("t (ms)"),
                                  units[int(c)], {}};
        for (std::size_t i = 0; i < recording.t.size(); ++i)
            trace.points.append({recording.t[i], recording.values[c][i]});
        series << trace;
    }
    widgets::DataSeries spikes{tr("spikes"), tr("spike"), tr("t (ms)"), tr("cell"), {}};
    for (std::size_t i = 0; i < recording.spikeTimes.size() && i < recording.spikeNeurons.size(); ++i)
        spikes.points.append({recording.spikeTimes[i], double(recording.spikeNeurons[i])});
    series << spikes;
    return series;
}

}  // namespace neuroai::chapters
