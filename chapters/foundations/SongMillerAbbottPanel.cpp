#include "chapters/foundations/SongMillerAbbottPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/Decimation.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "song-miller-abbott";
constexpr int kSynapses = 1000;  // the model's excitatory inputs
constexpr int kRateColumns = 600;  // about the plot's width in pixels at 1280 × 800

double metricOf(const Frame& frame, const char* key)
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? 0.0 : it->second;
}
}  // namespace

SongMillerAbbottPanel::SongMillerAbbottPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("songMillerAbbottPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("foundations/song-miller-abbott"), schema(), &presetErrors,
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
    m_figure->setObjectName(QStringLiteral("songMillerAbbottFigure"));
    auto* grid = new QGridLayout(m_figure);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(2);

    m_histogram = new widgets::XYPlot(false, m_figure);
    m_histogram->setObjectName(QStringLiteral("histogramPlot"));
    m_histogram->setTitle(tr("Weight distribution"));
    m_histogram->setAxisTitles(tr("Weight (fraction of g_max)"), tr("Synapses per bin (count)"));
    m_uniformSeries = m_histogram->addSeries(tr("uniform start"), widgets::XYPlot::Style::Dashed,
                                             widgets::palette::muted);
    m_histogramSeries = m_histogram->addSeries(tr("now"), widgets::XYPlot::Style::Line, widgets::palette::blue);
    m_histogram->setXRange(0, 1);
    m_histogram->setYRange(0, m_countTop);

    m_weights = new widgets::HeatmapPlot(m_figure);
    m_weights->setObjectName(QStringLiteral("weightPlot"));
    m_weights->setTitle(tr("Weights by input (40 inputs per row)"));

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("readout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);  // presentation fonts need a third line at 1280 px

    m_rates = new widgets::XYPlot(false, m_figure);
    m_rates->setObjectName(QStringLiteral("ratePlot"));
    m_rates->setTitle(tr("Output rate of the cell (spikes in the last 5 s)"));
    m_rates->setAxisTitles(tr("Simulated time (s)"), tr("Rate (Hz)"));
    m_inputRateSeries = m_rates->addSeries(tr("rate of each input"), widgets::XYPlot::Style::Dashed,
                                           widgets::palette::muted);
    m_rateSeries = m_rates->addSeries(tr("output rate"), widgets::XYPlot::Style::Line, widgets::palette::vermillion);
    m_rates->setYRange(0, m_rateTop);

    grid->addWidget(m_histogram, 0, 0);
    grid->addWidget(m_weights, 0, 1);
    grid->addWidget(m_readout, 1, 0, 1, 2);
    grid->addWidget(m_rates, 2, 0, 1, 2);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(2, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &SongMillerAbbottPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    widgets::FigureExporter::installContextMenu(m_histogram, [this] { return metadata(); });
    widgets::FigureExporter::installContextMenu(m_rates, [this] { return metadata(); });

    // Only the rate is recorded for the plot (the voltage, sampled each millisecond, means little over minutes),
    // over a 10-minute window of 1 ms samples: a few MB, decimated to kRateColumns columns per frame.
    m_controller->runner().setProbes({"rate"});
    m_controller->setView(kWindowMs, kRateColumns);
    m_controller->setSpeed(kDefaultSpeed);
    onParametersChanged();
}

SongMillerAbbottPanel::~SongMillerAbbottPanel() = default;

void SongMillerAbbottPanel::syncPresetBox()
{
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, m_controller->parameters());
}

QStringList SongMillerAbbottPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString SongMillerAbbottPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet SongMillerAbbottPanel::currentParameters() const { return m_controller->parameters(); }
quint64 SongMillerAbbottPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> SongMillerAbbottPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> SongMillerAbbottPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void SongMillerAbbottPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList SongMillerAbbottPanel::readoutNames() const
{
    return {QStringLiteral("rate_hz"),       QStringLiteral("first_rate_hz"), QStringLiteral("fraction_low"),
            QStringLiteral("fraction_high"), QStringLiteral("mean_weight"),   QStringLiteral("time_s")};
}

void SongMillerAbbottPanel::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    // Where a flat histogram of 1000 synapses lies, and the input rate as a reference for the output rate.
    const double perBin = double(kSynapses) / 25.0;
    m_histogram->setPoints(m_uniformSeries, {{0.0, perBin}, {1.0, perBin}});
    m_rates->setPoints(m_inputRateSeries, {{0.0, p["input_rate"]}, {kWindowMs / 1000.0 * 10, p["input_rate"]}});
    syncPresetBox();
}

void SongMillerAbbottPanel::showFrame(const Frame& frame)
{
    // Histogram: a step outline over the bins of g/g_max.
    if (!frame.matrices.empty()) {
        const MatrixImage& h = frame.matrices[0];
        QList<QPointF> outline;
        m_counts.clear();
        int top = 0;
        const double width = 1.0 / double(std::max(1, h.columns));
        outline.append({0.0, 0.0});
        for (int b = 0; b < h.columns; ++b) {
            const int count = int(std::lround(h.at(0, b)));
            m_counts.append(count);
            top = std::max(top, count);
            outline.append({b * width, double(count)});
            outline.append({(b + 1) * width, double(count)});
        }
        outline.append({1.0, 0.0});
        m_histogram->setPoints(m_histogramSeries, outline);
        // The count axis grows with the tallest bin and shrinks back (with slack, so it does not flicker).
        const double wanted = widgets::XYPlot::niceTop(std::max(60.0, 1.1 * top));
        if (wanted > m_countTop || wanted < 0.4 * m_countTop) {
            m_countTop = wanted;
            m_histogram->setYRange(0, m_countTop);
        }
    }
    if (frame.matrices.size() > 1)
        m_weights->setMatrix(frame.matrices[1]);

    // Output rate against simulated time, in seconds.
    const auto [viewStart, viewEnd] = liveTimeView(frame.timeMs, kWindowMs);
    QList<QPointF> rate;
    double top = frame.parameters.contains("input_rate") ? frame.parameters["input_rate"] : 0.0;
    if (!frame.traces.empty()) {
        rate.reserve(qsizetype(frame.traces[0].points.size()));
        for (const PlotPoint& point : frame.traces[0].points) {
            rate.append({point.x / 1000.0, point.y});
            top = std::max(top, point.y);
        }
    }
    m_rates->setPoints(m_rateSeries, rate);
    m_rates->setXRange(viewStart / 1000.0, std::max(viewEnd, 1000.0) / 1000.0);
    const double wanted = widgets::XYPlot::niceTop(std::max(20.0, 1.1 * top));
    if (wanted > m_rateTop || wanted < 0.4 * m_rateTop) {
        m_rateTop = wanted;
        m_rates->setYRange(0, m_rateTop);
    }

    const double first = metricOf(frame, "first_rate_hz");
    m_readout->setText(tr("<b>Output rate %1 Hz</b> (first 5 s: %2) &nbsp;·&nbsp; t = <b>%3 s</b><br>"
                          "weights below 0.1 g_max: <b>%4 %</b> &nbsp;·&nbsp; above 0.9 g_max: <b>%5 %</b> "
                          "&nbsp;·&nbsp; mean <b>%6 g_max</b>")
                           .arg(metricOf(frame, "rate_hz"), 0, 'f', 1)
                           .arg(first > 0 ? tr("%1 Hz").arg(first, 0, 'f', 1) : tr("not yet"))
                           .arg(frame.timeMs / 1000.0, 0, 'f', 1)
                           .arg(100 * metricOf(frame, "fraction_low"), 0, 'f', 1)
                           .arg(100 * metricOf(frame, "fraction_high"), 0, 'f', 1)
                           .arg(metricOf(frame, "mean_weight"), 0, 'f', 2));
}

bool SongMillerAbbottPanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString SongMillerAbbottPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter foundations | panel Competitive STDP\nmodel %3 | seed %4 | simulated time "
                          "%5 ms\nparameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 3)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> SongMillerAbbottPanel::dataSeries()
{
    QList<widgets::DataSeries> series;
    const Recording recording = m_controller->recording();
    widgets::DataSeries rate{tr("output rate"), tr("spikes in the last 5 s / 5 s"), tr("t (ms)"), tr("rate (Hz)"), {}};
    if (!recording.values.empty())
        for (std::size_t i = 0; i < recording.t.size(); ++i)
            rate.points.append({recording.t[i], recording.values[0][i]});
    series << rate;
    const auto frame = m_controller->latestFrame();
    widgets::DataSeries histogram{tr("weight distribution"), tr("synapses per bin"), tr("g/g_max (bin centre)"),
                                  tr("synapses"), {}};
    widgets::DataSeries weights{tr("weights by input"), tr("weight"), tr("input index"), tr("g/g_max"), {}};
    if (frame && frame->matrices.size() > 1) {
        const MatrixImage& h = frame->matrices[0];
        for (int b = 0; b < h.columns; ++b)
            histogram.points.append({(b + 0.5) / h.columns, double(h.at(0, b))});
        const MatrixImage& w = frame->matrices[1];
        for (int i = 0; i < w.rows * w.columns; ++i)
            if (std::isfinite(w.values[std::size_t(i)]))
                weights.points.append({double(i), double(w.values[std::size_t(i)])});
    }
    series << histogram << weights;
    return series;
}

}  // namespace neuroai::chapters
