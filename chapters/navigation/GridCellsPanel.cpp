#include "chapters/navigation/GridCellsPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/ArenaView.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "grid-cells";
constexpr int kAttractor = 2;  // GridCellsModel::Attractor

double metricOf(const Frame& frame, const char* key, double fallback = std::nan(""))
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? fallback : it->second;
}

QString number(double value, int decimals, const QString& unit = QString())
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    return QString::number(value, 'f', decimals) + (unit.isEmpty() ? QString() : QStringLiteral(" ") + unit);
}
}  // namespace

// ------------------------------------------------------------------------------------------------ AutocorrelogramPlot

AutocorrelogramPlot::AutocorrelogramPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
    setKeepAspect(true);
}

void AutocorrelogramPlot::setAnnulus(double innerCm, double outerCm)
{
    if (innerCm == m_inner && outerCm == m_outer)
        return;
    m_inner = innerCm;
    m_outer = outerCm;
    update();
}

void AutocorrelogramPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    if (!(m_outer > 0) || matrix().isEmpty())
        return;
    const QPointF centre = mapToWidget(0, 0);
    QPen pen(QColor(20, 20, 20), 1.5, Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const double r : {m_inner, m_outer}) {
        const double rx = mapToWidget(r, 0).x() - centre.x();
        const double ry = centre.y() - mapToWidget(0, r).y();
        painter.drawEllipse(centre, std::abs(rx), std::abs(ry));
    }
}

// ------------------------------------------------------------------------------------------------ GridCellsPanel

GridCellsPanel::GridCellsPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("gridCellsPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    m_controller->setSpeed(kDefaultSpeed);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("navigation/grid-cells"), schema(), &presetErrors,
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
    m_figure->setObjectName(QStringLiteral("gridCellsFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_arena = new widgets::ArenaView(m_figure);
    m_arena->setObjectName(QStringLiteral("gridArena"));
    m_arena->setTitle(tr("Rate map and last 30 s of path"));

    m_autocorrelogram = new AutocorrelogramPlot(m_figure);
    m_autocorrelogram->setObjectName(QStringLiteral("gridAutocorrelogram"));
    m_autocorrelogram->setTitle(tr("Autocorrelogram, annulus dashed"));

    m_sheet = new AutocorrelogramPlot(m_figure);  // no annulus: just a heatmap with square cells
    m_sheet->setObjectName(QStringLiteral("gridSheet"));
    m_sheet->setTitle(tr("Attractor sheet activity"));
    m_sheet->setVisible(false);

    m_history = new widgets::XYPlot(false, m_figure);
    m_history->setObjectName(QStringLiteral("gridnessPlot"));
    m_history->setTitle(tr("Gridness as the map fills in"));
    m_history->setAxisTitles(tr("Time explored t (s)"), tr("Gridness (Δr)"));
    m_gridnessSeries = m_history->addSeries(tr("gridness"), widgets::XYPlot::Style::Line, widgets::palette::blue);
    // Markers as well, so the first score (or a headless run's few frames) shows before there is a line.
    m_gridnessMarkers = m_history->addSeries(tr("gridness"), widgets::XYPlot::Style::Markers, widgets::palette::blue);
    m_history->setInLegend(m_gridnessMarkers, false);
    m_criterionSeries =
        m_history->addSeries(tr("0.3 criterion"), widgets::XYPlot::Style::Dashed, widgets::palette::muted);
    m_history->setYRange(-1, 2);
    m_history->setXRange(0, 60);
    m_history->setMinimumSize(240, 180);  // the narrowest a chart with a legend stays readable

    // The arena above its autocorrelogram (both square, so stacking them gives each the most room in a landscape
    // figure); the gridness history beside them, sharing its column with the attractor's sheet when that is shown.
    m_plots = new QGridLayout;
    m_plots->setSpacing(4);
    m_plots->addWidget(m_arena, 0, 0);
    m_plots->addWidget(m_autocorrelogram, 1, 0);
    m_plots->addWidget(m_history, 0, 1, 2, 1);
    auto* plots = m_plots;

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("gridReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setToolTip(
        tr("Gridness (Sargolini et al. 2006): min(r60°, r120°) − max(r30°, r90°, r150°), the correlations of the "
           "autocorrelogram's annulus with itself rotated, best over outer radii. Spacing and orientation come from "
           "the six peaks nearest the centre. Recomputed every 2 s of simulated time (every tenth of the time explored in long runs)."));

    figureLayout->addLayout(plots, 1);
    figureLayout->addWidget(m_readout, 0);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &GridCellsPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    m_arena->installContextMenu([this] { return metadata(); });
    m_autocorrelogram->installContextMenu([this] { return metadata(); });
    m_sheet->installContextMenu([this] { return metadata(); });

    onParametersChanged();
}

GridCellsPanel::~GridCellsPanel() = default;

QStringList GridCellsPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString GridCellsPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet GridCellsPanel::currentParameters() const { return m_controller->parameters(); }
quint64 GridCellsPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> GridCellsPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> GridCellsPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void GridCellsPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList GridCellsPanel::readoutNames() const
{
    return {QStringLiteral("gridness"),     QStringLiteral("spacing_cm"),  QStringLiteral("orientation_deg"),
            QStringLiteral("mean_rate_hz"), QStringLiteral("spike_count"), QStringLiteral("coverage")};
}

void GridCellsPanel::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    const bool attractor = int(p["cell_model"]) == kAttractor;
    if (attractor != m_sheet->isVisibleTo(m_figure) || m_plots->indexOf(m_sheet) < 0) {
        m_plots->removeWidget(m_history);
        m_plots->removeWidget(m_sheet);
        if (attractor) {
            m_plots->addWidget(m_sheet, 0, 1);
            m_plots->addWidget(m_history, 1, 1);
        } else {
            m_plots->addWidget(m_history, 0, 1, 2, 1);
        }
        m_sheet->setVisible(attractor);
        // The square maps matter most: without the sheet their column gets the larger share.
        m_plots->setColumnStretch(0, attractor ? 1 : 3);
        m_plots->setColumnStretch(1, attractor ? 1 : 2);
    }
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, p);
}

void GridCellsPanel::showFrame(const Frame& frame)
{
    if (frame.arena)
        m_arena->setScene(*frame.arena);
    // The gridness history: one point per new score; a run that went back in time was restarted.
    const double seconds = frame.timeMs / 1000.0;
    if (!m_points.isEmpty() && seconds < m_points.last().x())
        m_points.clear();
    const double score = metricOf(frame, "gridness");
    if (std::isfinite(score) && (m_points.isEmpty() || seconds >= m_points.last().x() + 1.0)) {
        m_points.append({seconds, score});
        const double right = std::max(60.0, widgets::XYPlot::niceTop(seconds * 1.1));
        m_history->setXRange(0, right);
        m_history->setPoints(m_gridnessSeries, m_points);
        m_history->setPoints(m_gridnessMarkers, m_points);
        m_history->setPoints(m_criterionSeries, {{0, 0.3}, {right, 0.3}});
    } else if (m_points.isEmpty()) {
        m_history->setPoints(m_gridnessSeries, {});
        m_history->setPoints(m_gridnessMarkers, {});
    }
    if (!frame.matrices.empty() && !frame.matrices[0].isEmpty())
        m_autocorrelogram->setMatrix(frame.matrices[0]);
    m_autocorrelogram->setAnnulus(metricOf(frame, "inner_radius_cm", 0), metricOf(frame, "outer_radius_cm", 0));
    const bool attractor = frame.parameters.contains("cell_model") && int(frame.parameters["cell_model"]) == kAttractor;
    if (attractor && frame.matrices.size() > 1 && !frame.matrices[1].isEmpty())
        m_sheet->setMatrix(frame.matrices[1]);

    const double gridness = metricOf(frame, "gridness");
    const double predicted = metricOf(frame, "predicted_spacing_cm");
    const QString spacing = number(metricOf(frame, "spacing_cm"), 1, QStringLiteral("cm")) +
                            (std::isfinite(predicted) ? tr(" (model %1)").arg(number(predicted, 1, QStringLiteral("cm")))
                                                      : QString());
    m_readout->setText(tr("<b>Gridness %1</b> &nbsp;·&nbsp; spacing <b>%2</b> &nbsp;·&nbsp; orientation <b>%3</b>"
                          "<br>explored %4 · %5 of the arena visited · %6 spikes, mean %7")
                           .arg(number(gridness, 2), spacing, number(metricOf(frame, "orientation_deg"), 1) + QStringLiteral("°"),
                                number(frame.timeMs / 1000.0, 0, QStringLiteral("s")),
                                number(100 * metricOf(frame, "coverage", 0), 0, QStringLiteral("%")),
                                number(metricOf(frame, "spike_count", 0), 0),
                                number(metricOf(frame, "mean_rate_hz", 0), 2, QStringLiteral("Hz"))));
}

bool GridCellsPanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString GridCellsPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter navigation | panel Grid cells\nmodel %3 | seed %4 | simulated time "
                          "%5 ms\nparameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 3)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> GridCellsPanel::dataSeries()
{
    QList<widgets::DataSeries> series = m_arena->dataSeries();
    widgets::DataSeries history{tr("gridness as the map fills in"), tr("gridness"), tr("t explored (s)"),
                                tr("gridness"), {}};
    for (const QPointF& point : m_points)
        history.points.append(point);
    series << history;
    series << m_autocorrelogram->dataSeries();
    if (m_sheet->isVisible())
        series << m_sheet->dataSeries();
    return series;
}

}  // namespace neuroai::chapters
