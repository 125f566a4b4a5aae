#include "chapters/foundations/HebbianLabPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "hebbian-lab";

double metricOf(const Frame& frame, const char* key)
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? 0.0 : it->second;
}
}  // namespace

HebbianLabPanel::HebbianLabPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("hebbianLabPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    m_controller->setSpeed(kDefaultSpeed);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("foundations/hebbian-lab"), schema(), &presetErrors,
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
    m_figure->setObjectName(QStringLiteral("hebbianLabFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_heatmap = new widgets::HeatmapPlot(m_figure);
    m_heatmap->setObjectName(QStringLiteral("weightHeatmap"));
    m_heatmap->setTitle(tr("Weight matrix W: post-neuron × pre-neuron"));

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("hebbianReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setToolTip(tr("How often each post-neuron fired (mean output) over about the last 50 presentations of "
                             "each pattern, its weight norm ‖w‖, and the training step."));

    using widgets::XYPlot;
    namespace palette = widgets::palette;
    m_weights = new XYPlot(false, m_figure);
    m_weights->setObjectName(QStringLiteral("weightPlot"));
    m_weights->setTitle(tr("Mean weight from the inputs only in A and only in B"));
    m_weights->setAxisTitles(tr("Training step n (step)"), tr("Mean weight w (mV)"));
    m_series[0] = m_weights->addSeries(tr("post 1 ← A"), XYPlot::Style::Line, palette::blue);
    m_series[1] = m_weights->addSeries(tr("post 1 ← B"), XYPlot::Style::Line, palette::skyBlue);
    m_series[2] = m_weights->addSeries(tr("post 2 ← A"), XYPlot::Style::Line, palette::vermillion);
    m_series[3] = m_weights->addSeries(tr("post 2 ← B"), XYPlot::Style::Line, palette::orange);
    m_weights->setXRange(0, kWindowSteps);
    m_weights->setYRange(0, 1);

    figureLayout->addWidget(m_heatmap, 3);
    figureLayout->addWidget(m_readout, 0);
    figureLayout->addWidget(m_weights, 3);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &HebbianLabPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    widgets::FigureExporter::installContextMenu(m_weights, [this] { return metadata(); });
    m_heatmap->installContextMenu([this] { return metadata(); });

    // The weights change slowly compared with a pixel column: 400 columns over 2000 steps keep every trend.
    m_controller->setView(kWindowSteps, 400);
    onParametersChanged();
}

HebbianLabPanel::~HebbianLabPanel() = default;

QStringList HebbianLabPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString HebbianLabPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet HebbianLabPanel::currentParameters() const { return m_controller->parameters(); }
quint64 HebbianLabPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> HebbianLabPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> HebbianLabPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void HebbianLabPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList HebbianLabPanel::readoutNames() const
{
    return {QStringLiteral("response1_a"), QStringLiteral("response1_b"), QStringLiteral("response2_a"),
            QStringLiteral("response2_b"), QStringLiteral("selectivity1"), QStringLiteral("selectivity2"),
            QStringLiteral("norm1"),       QStringLiteral("norm2"),       QStringLiteral("w_mean"),
            QStringLiteral("shared"),      QStringLiteral("w1_a"),        QStringLiteral("w1_b"),
            QStringLiteral("w2_a"),        QStringLiteral("w2_b")};
}

void HebbianLabPanel::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    // The weight axis ends a little above w_max (the weights never pass it).
    const double top = widgets::XYPlot::niceTop(p["w_max"] * 1.05);
    if (top != m_weightTop) {
        m_weightTop = top;
        m_weights->setYRange(0, m_weightTop);
    }
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, p);
}

void HebbianLabPanel::showFrame(const Frame& frame)
{
    for (const MatrixImage& matrix : frame.matrices)
        if (matrix.rows == 2) {
            m_heatmap->setMatrix(matrix);
            break;
        }
    const double t = frame.timeMs;
    const double low = std::max(0.0, t - kWindowSteps);
    m_weights->setXRange(low, std::max(low + kWindowSteps, t));
    for (std::size_t c = 0; c < 4 && c < frame.traces.size(); ++c) {
        QList<QPointF> points;
        points.reserve(qsizetype(frame.traces[c].points.size()));
        for (const PlotPoint& point : frame.traces[c].points)
            points.append({point.x, point.y});
        m_weights->setPoints(m_series[c], points);
    }
    // Threshold and sigmoid outputs are firing probabilities, shown in %; the linear output has no ceiling, so its
    // mean output is shown as a number.
    const bool linear = frame.parameters.contains("output") && int(frame.parameters["output"]) == 2;
    const auto out = [&](const char* key) {
        return linear ? QString::number(metricOf(frame, key), 'f', 2)
                      : QString::number(100.0 * metricOf(frame, key), 'f', 0) + QStringLiteral(" %");
    };
    m_readout->setText(tr("<b>%1</b> &nbsp;post 1: A <b>%2</b>, B <b>%3</b> "
                          "&nbsp;·&nbsp; post 2: A <b>%4</b>, B <b>%5</b> &nbsp;·&nbsp; ‖w₁‖ %6, ‖w₂‖ %7 mV "
                          "&nbsp;·&nbsp; step %8")
                           .arg(linear ? tr("Mean output y for") : tr("Fires for"))
                           .arg(out("response1_a"), out("response1_b"), out("response2_a"), out("response2_b"))
                           .arg(metricOf(frame, "norm1"), 0, 'f', 2)
                           .arg(metricOf(frame, "norm2"), 0, 'f', 2)
                           .arg(t, 0, 'f', 0));
}

bool HebbianLabPanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString HebbianLabPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter foundations | panel Hebbian lab\nmodel %3 | seed %4 | training steps %5\n"
                          "parameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 0)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> HebbianLabPanel::dataSeries()
{
    QList<widgets::DataSeries> series;
    const Recording recording = m_controller->recording();
    const QStringList names{tr("post 1 from A-only inputs"), tr("post 1 from B-only inputs"),
                            tr("post 2 from A-only inputs"), tr("post 2 from B-only inputs"), tr("post 1 output"),
                            tr("post 2 output")};
    for (std::size_t c = 0; c < recording.values.size() && c < 6; ++c) {
        widgets::DataSeries trace{c < 4 ? tr("mean weights") : tr("post-neuron outputs"), names[int(c)], tr("training step"),
                                  c < 4 ? tr("weight (mV)") : tr("output y"), {}};
        for (std::size_t i = 0; i < recording.t.size(); ++i)
            trace.points.append({recording.t[i], recording.values[c][i]});
        series << trace;
    }
    series << m_heatmap->dataSeries();
    return series;
}

}  // namespace neuroai::chapters
