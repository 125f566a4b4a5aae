#include "chapters/navigation/PlaceCellsPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "engine/space/PlaceCellsModel.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "place-cells";

double metricOf(const Frame& frame, const std::string& key, double fallback = std::nan(""))
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

// ------------------------------------------------------------------------------------------------ PlaceArenaView

PlaceArenaView::PlaceArenaView(QWidget* parent)
    : widgets::ArenaView(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Steer the animal: click here, then hold the arrow keys, or drag a path with the mouse."));
}

void PlaceArenaView::setSpikes(QList<QPointF> spikesCm)
{
    m_spikes = std::move(spikesCm);
    update();
}

void PlaceArenaView::setPendingPath(QList<QPointF> pathCm)
{
    if (pathCm == m_pending)
        return;
    m_pending = std::move(pathCm);
    update();
}

QPointF PlaceArenaView::mapToArena(const QPointF& w) const
{
    const ArenaScene& s = scene();
    const QPointF a = mapToWidget(s.xMin, s.yMin), b = mapToWidget(s.xMax, s.yMax);
    const double x = b.x() != a.x() ? s.xMin + (w.x() - a.x()) / (b.x() - a.x()) * (s.xMax - s.xMin) : s.xMin;
    const double y = b.y() != a.y() ? s.yMin + (w.y() - a.y()) / (b.y() - a.y()) * (s.yMax - s.yMin) : s.yMin;
    return {x, y};
}

void PlaceArenaView::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::ArenaView::paintOverlay(painter, plot);
    const double s = widgets::PlotStyle::presentationScale();
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Spikes: small red dots with a dark rim, so they read over any colour of the map (at most a few hundred).
    painter.setPen(widgets::PlotStyle::pen(QColor(60, 0, 0), 0.4));
    painter.setBrush(QColor(230, 40, 30, 200));
    const double r = 2.2 * s;
    for (const QPointF& p : m_spikes)
        painter.drawEllipse(mapToWidget(p.x(), p.y()), r, r);
    // The path still to walk (from the engine), and the one being drawn now.
    const auto drawPath = [&](const QList<QPointF>& path, const QColor& colour) {
        if (path.size() < 2)
            return;
        QPen pen = widgets::PlotStyle::pen(colour, 1.6);
        pen.setStyle(Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        QPolygonF line;
        for (const QPointF& p : path)
            line << mapToWidget(p.x(), p.y());
        painter.drawPolyline(line);
    };
    drawPath(m_pending, QColor(255, 255, 255));
    drawPath(m_drawing, widgets::palette::orange);
}

void PlaceArenaView::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (key != Qt::Key_Left && key != Qt::Key_Right && key != Qt::Key_Up && key != Qt::Key_Down) {
        widgets::ArenaView::keyPressEvent(event);
        return;
    }
    event->accept();
    if (event->isAutoRepeat())
        return;
    m_keys.insert(key);
    emitDirection();
}

void PlaceArenaView::keyReleaseEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (!m_keys.contains(key)) {
        widgets::ArenaView::keyReleaseEvent(event);
        return;
    }
    event->accept();
    if (event->isAutoRepeat())
        return;
    m_keys.remove(key);
    emitDirection();
}

void PlaceArenaView::focusOutEvent(QFocusEvent* event)
{
    if (!m_keys.isEmpty()) {  // a key released elsewhere would otherwise keep the animal running
        m_keys.clear();
        emitDirection();
    }
    widgets::ArenaView::focusOutEvent(event);
}

void PlaceArenaView::emitDirection()
{
    QPointF d;
    if (m_keys.contains(Qt::Key_Left))
        d.rx() -= 1;
    if (m_keys.contains(Qt::Key_Right))
        d.rx() += 1;
    if (m_keys.contains(Qt::Key_Up))
        d.ry() += 1;
    if (m_keys.contains(Qt::Key_Down))
        d.ry() -= 1;
    emit steeringChanged(d);
}

void PlaceArenaView::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (event->button() != Qt::LeftButton || !plotRect().contains(event->position().toPoint())) {
        widgets::ArenaView::mousePressEvent(event);
        return;
    }
    m_drawingPath = true;
    m_drawing = {mapToArena(event->position())};
    event->accept();
    update();
}

void PlaceArenaView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_drawingPath) {
        widgets::ArenaView::mouseMoveEvent(event);
        return;
    }
    const QPointF p = mapToArena(event->position());
    const QPointF last = m_drawing.isEmpty() ? QPointF() : m_drawing.last();
    const double span = scene().xMax - scene().xMin;
    if (m_drawing.isEmpty() || std::hypot(p.x() - last.x(), p.y() - last.y()) > span / 200)
        m_drawing << p;
    event->accept();
    update();
}

void PlaceArenaView::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_drawingPath) {
        widgets::ArenaView::mouseReleaseEvent(event);
        return;
    }
    m_drawingPath = false;
    m_drawing << mapToArena(event->position());
    const QList<QPointF> path = m_drawing;
    m_drawing.clear();
    event->accept();
    update();
    emit pathDrawn(path);
}

QList<widgets::DataSeries> PlaceArenaView::dataSeries() const
{
    QList<widgets::DataSeries> out = widgets::ArenaView::dataSeries();
    widgets::DataSeries spikes{title(), tr("spikes of the shown cell"), tr("x (cm)"), tr("y (cm)"), {}};
    spikes.points = m_spikes;
    out << spikes;
    return out;
}

// ------------------------------------------------------------------------------------------------ small plots

RateMapPlot::RateMapPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
    setKeepAspect(true);
}

void RateMapPlot::showMap(MatrixImage map, double highHz, bool colourBar)
{
    // HeatmapPlot draws row 0 at the top; reverse the rows and the bounds so that y grows upwards.
    if (!map.isEmpty()) {
        std::vector<float> flipped(map.values.size());
        for (int r = 0; r < map.rows; ++r)
            std::copy_n(map.values.begin() + std::ptrdiff_t(r) * map.columns, map.columns,
                        flipped.begin() + std::ptrdiff_t(map.rows - 1 - r) * map.columns);
        map.values = std::move(flipped);
        std::swap(map.rowMin, map.rowMax);
    }
    map.minValue = 0;
    map.maxValue = highHz > 0 ? highHz : 1;
    setMatrix(map);
    widgets::ColourBar bar = this->colourBar();
    if (bar.visible != colourBar) {
        bar.visible = colourBar;
        setColourBar(bar);
    }
}

PlaceRasterPlot::PlaceRasterPlot(QWidget* parent)
    : widgets::RasterPlot(parent)
{
}

void PlaceRasterPlot::showRaster(const RasterImage& raster)
{
    setRaster(raster);
    widgets::ImageAxis x{tr("t (s)"), raster.t0Ms / 1000.0, raster.t1Ms / 1000.0, {}};
    widgets::ImageAxis y{tr("Cell index (sorted by field x)"), double(raster.firstNeuron), double(raster.lastNeuron), {}};
    if (!(x.high > x.low)) {
        x.low = 0;
        x.high = 1;
    }
    if (!(y.high > y.low)) {
        y.low = 0;
        y.high = 1;
    }
    setAxes(x, y);
}

// ------------------------------------------------------------------------------------------------ PlaceCellsPanel

PlaceCellsPanel::PlaceCellsPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("placeCellsPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    m_controller->setSpeed(kDefaultSpeed);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("navigation/place-cells"), schema(), &presetErrors,
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
    m_figure->setObjectName(QStringLiteral("placeCellsFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_arena = new PlaceArenaView(m_figure);
    m_arena->setObjectName(QStringLiteral("placeArena"));
    m_arena->setTitle(tr("Shown cell: map, spikes (red), path"));
    m_arena->setToolTip(m_arena->toolTip() + tr(" Its colour bar is the scale of every rate map in the figure."));
    m_arena->setMinimumSize(260, 200);

    auto* mapGrid = new QGridLayout;
    m_mapGrid = mapGrid;
    mapGrid->setSpacing(2);
    for (int k = 0; k < space::PlaceCellsModel::kShownCells; ++k) {
        auto* map = new RateMapPlot(m_figure);
        map->setObjectName(QStringLiteral("placeMap%1").arg(k));
        map->setTitle(tr("Cell –"));
        map->setMinimumSize(140, 110);
        m_maps << map;
        map->installContextMenu([this] { return metadata(); });
    }

    m_raster = new PlaceRasterPlot(m_figure);
    m_raster->setObjectName(QStringLiteral("placeRaster"));
    m_raster->setTitle(tr("Population raster, last 10 s"));
    m_raster->setMinimumSize(260, 140);

    m_phase = new widgets::XYPlot(false, m_figure);
    m_phase->setObjectName(QStringLiteral("placePhase"));
    m_phase->setTitle(tr("Phase precession"));
    m_phase->setAxisTitles(tr("Position in field along the run u (cm)"), tr("θ phase (deg)"));
    m_phaseSpikes = m_phase->addSeries(tr("spikes"), widgets::XYPlot::Style::Markers, widgets::palette::vermillion);
    m_modelLine = m_phase->addSeries(tr("model"), widgets::XYPlot::Style::Dashed, widgets::palette::black);
    m_fitLine = m_phase->addSeries(tr("fit"), widgets::XYPlot::Style::Line, widgets::palette::blue);
    m_phase->setYRange(0, 360);
    m_phase->setXRange(-20, 20);
    m_phase->setMinimumSize(240, 160);

    // Left: the arena above the raster; right: the four maps above the phase plot.
    auto* plots = new QGridLayout;
    m_plots = plots;
    plots->setSpacing(4);
    plots->addWidget(m_arena, 0, 0);
    plots->addLayout(mapGrid, 0, 1);
    plots->addWidget(m_raster, 1, 0);
    plots->addWidget(m_phase, 1, 1);
    plots->setColumnStretch(0, 1);  // at 1280 × 800 a 4 : 5 split left the arena a 125 px square
    plots->setColumnStretch(1, 1);

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("placeReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setToolTip(tr("Skaggs information (bits/spike) = Σ p_i (λ_i/λ̄) log₂(λ_i/λ̄) over the visited bins of "
                             "the smoothed map: how much one spike tells about where the animal is. Recomputed every "
                             "second of simulated time (every tenth of the time explored in long runs)."));
    m_hint = new QLabel(tr("Steer: click the arena, then hold the arrow keys, or drag a path over it with the mouse."),
                        m_figure);
    m_hint->setObjectName(QStringLiteral("placeHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);

    figureLayout->addLayout(plots, 1);
    figureLayout->addWidget(m_readout, 0);
    figureLayout->addWidget(m_hint, 0);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &PlaceCellsPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    connect(m_raster, &widgets::RasterPlot::plotSizeChanged, this, [this] { fitRaster(); });
    connect(m_arena, &PlaceArenaView::steeringChanged, this, &PlaceCellsPanel::steer);
    connect(m_arena, &PlaceArenaView::pathDrawn, this, &PlaceCellsPanel::followPath);
    m_arena->installContextMenu([this] { return metadata(); });
    m_raster->installContextMenu([this] { return metadata(); });
    widgets::FigureExporter::installContextMenu(m_phase, [this] { return metadata(); });

    m_controller->setView(kWindowMs, 400);
    onParametersChanged();
}

PlaceCellsPanel::~PlaceCellsPanel() = default;

QStringList PlaceCellsPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString PlaceCellsPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet PlaceCellsPanel::currentParameters() const { return m_controller->parameters(); }
quint64 PlaceCellsPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> PlaceCellsPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> PlaceCellsPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void PlaceCellsPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList PlaceCellsPanel::readoutNames() const
{
    return {QStringLiteral("info_bits"),        QStringLiteral("mean_info_bits"),
            QStringLiteral("precession_slope_deg_per_cm"), QStringLiteral("model_slope_deg_per_cm"),
            QStringLiteral("mean_rate_hz"),     QStringLiteral("spike_count"),
            QStringLiteral("coverage"),         QStringLiteral("agent_x_cm"),
            QStringLiteral("agent_y_cm")};
}

void PlaceCellsPanel::steer(QPointF direction)
{
    const space::Vec2 d{direction.x(), direction.y()};
    m_controller->post([d](Model& model) {
        if (auto* place = dynamic_cast<space::PlaceCellsModel*>(&model))
            place->steer(d);
    });
}

void PlaceCellsPanel::followPath(const QList<QPointF>& pathCm)
{
    std::vector<space::Vec2> points;
    points.reserve(std::size_t(pathCm.size()));
    for (const QPointF& p : pathCm)
        if (std::isfinite(p.x()) && std::isfinite(p.y()))
            points.push_back({p.x(), p.y()});
    m_controller->post([points = std::move(points)](Model& model) {
        if (auto* place = dynamic_cast<space::PlaceCellsModel*>(&model))
            place->followPath(points);
    });
}

void PlaceCellsPanel::fitRaster()
{
    const QSize pixels = m_raster->plotRect().size() * m_raster->devicePixelRatioF();
    const int cells = std::max(1, m_cells);
    m_controller->setRasterView(std::max(16, pixels.width()), std::clamp(pixels.height(), 1, cells), cells);
}

void PlaceCellsPanel::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    // Open field: maps and arena in true proportions; track: stretched across (a 10 cm wide corridor drawn to
    // scale would be a few pixels high).
    const bool square = int(p["arena"]) == space::PlaceCellsModel::OpenField;
    if (square != m_squareMaps || m_mapGrid->count() == 0) {
        m_squareMaps = square;
        for (int k = 0; k < m_maps.size(); ++k) {
            m_maps[k]->setSquare(square);
            if (m_mapGrid->indexOf(m_maps[k]) < 0)
                m_mapGrid->addWidget(m_maps[k], k / 2, k % 2);
        }
        m_arena->setSquare(square);
        m_plots->setRowStretch(0, square ? 3 : 1);
        m_plots->setRowStretch(1, square ? 2 : 1);
    }
    if (int(p["cells"]) != m_cells) {
        m_cells = int(p["cells"]);
        fitRaster();
    }
    const double sigma = p["field_width"];
    m_phase->setXRange(-2.5 * sigma, 2.5 * sigma);
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, p);
}

void PlaceCellsPanel::showFrame(const Frame& frame)
{
    // One colour scale for every map, the highest peak's, so that rates compare at a glance: the arena's colour bar
    // is the scale of the small maps too.
    double high = 0;
    for (std::size_t k = 0; k < frame.matrices.size() && k < std::size_t(m_maps.size()); ++k)
        high = std::max(high, metricOf(frame, "peak_hz_shown_" + std::to_string(k), 0));
    if (frame.arena && frame.arena->rateMap)
        for (const float v : frame.arena->rateMap->values)
            if (std::isfinite(v))
                high = std::max(high, double(v));
    high = widgets::XYPlot::niceTop(std::max(high, 1.0));
    if (frame.arena) {
        ArenaScene scene = *frame.arena;
        if (scene.rateMap) {
            scene.rateMap->minValue = 0;
            scene.rateMap->maxValue = high;
        }
        m_arena->setScene(scene);
    }
    const auto points = [&](std::size_t set) {
        QList<QPointF> out;
        if (set < frame.pointSets.size()) {
            out.reserve(qsizetype(frame.pointSets[set].size()));
            for (const PlotPoint& q : frame.pointSets[set])
                out.append({q.x, q.y});
        }
        return out;
    };
    m_arena->setSpikes(points(0));
    m_arena->setPendingPath(points(2));
    if (frame.raster)
        m_raster->showRaster(*frame.raster);

    for (int k = 0; k < m_maps.size(); ++k) {
        const std::string suffix = "_" + std::to_string(k);
        if (std::size_t(k) < frame.matrices.size())
            m_maps[k]->showMap(frame.matrices[std::size_t(k)], high, false);
        const double cell = metricOf(frame, "shown_cell" + suffix);
        const double info = metricOf(frame, "info_bits_shown" + suffix);
        const QString title = std::isfinite(cell) ? tr("Cell %1: %2 bits/spike").arg(int(cell)).arg(number(info, 1))
                                                  : tr("Cell –");
        if (title != m_maps[k]->title())  // a new title re-measures the plot's margins
            m_maps[k]->setTitle(title);
    }

    // Qt Charts re-lays out a scatter series on every change: only touch it when the points did change.
    const QList<QPointF> phases = points(1);
    if (phases != m_shownPhases) {
        m_shownPhases = phases;
        m_phase->setPoints(m_phaseSpikes, phases);
    }
    m_phaseCount = int(metricOf(frame, "phase_points", double(phases.size())));
    const double sigma = frame.parameters.contains("field_width") ? frame.parameters["field_width"] : 8.0;
    const bool precession = frame.parameters.contains("precession") && frame.parameters["precession"] > 0.5;
    const double model = metricOf(frame, "model_slope_deg_per_cm", 0);
    const QList<QPointF> modelLine = precession ? QList<QPointF>{{-2 * sigma, 180 - 2 * sigma * model},
                                                                 {2 * sigma, 180 + 2 * sigma * model}}
                                                : QList<QPointF>{};
    if (modelLine != m_shownModelLine) {
        m_shownModelLine = modelLine;
        m_phase->setPoints(m_modelLine, modelLine);
    }
    const double fitted = metricOf(frame, "precession_slope_deg_per_cm");
    const double offset = metricOf(frame, "precession_offset_deg");
    QList<QPointF> fitLine;
    if (std::isfinite(fitted) && std::isfinite(offset)) {
        // The fitted line through u = 0 at its offset (taken into [0, 360)), drawn where it stays on the axis.
        const double at0 = std::fmod(std::fmod(offset, 360.0) + 360.0, 360.0);
        double lo = -2.5 * sigma, hi = 2.5 * sigma;
        if (fitted != 0) {
            const double u0 = (0 - at0) / fitted, u360 = (360 - at0) / fitted;
            lo = std::max(lo, std::min(u0, u360));
            hi = std::min(hi, std::max(u0, u360));
        }
        fitLine = {{lo, at0 + fitted * lo}, {hi, at0 + fitted * hi}};
    }
    if (fitLine != m_shownFitLine) {
        m_shownFitLine = fitLine;
        m_phase->setPoints(m_fitLine, fitLine);
    }

    const double cellIndex = frame.parameters.contains("cell") ? frame.parameters["cell"] : 0;
    QString precessionText;
    if (precession)
        precessionText = tr("<br>precession slope: fitted <b>%1</b>, model %2 (%3 spikes in the field)")
                             .arg(number(fitted, 1, tr("deg/cm")), number(model, 1, tr("deg/cm")))
                             .arg(m_phaseCount);
    const QString readout =
        tr("<b>Cell %1</b> (field at %2, %3 cm): <b>%4 bits/spike</b> &nbsp;·&nbsp; population mean %5 bits/spike"
           "<br>explored %6 · %7 of the arena visited · mean rate %8 per cell%9%10")
            .arg(int(cellIndex))
            .arg(number(metricOf(frame, "field_x_cm"), 0), number(metricOf(frame, "field_y_cm"), 0),
                 number(metricOf(frame, "info_bits"), 2), number(metricOf(frame, "mean_info_bits"), 2),
                 number(frame.timeMs / 1000.0, 0, tr("s")),
                 number(100 * metricOf(frame, "coverage", 0), 0, QStringLiteral("%")),
                 number(metricOf(frame, "mean_rate_hz", 0), 2, tr("Hz")))
            .arg(metricOf(frame, "steered", 0) > 0.5 ? tr(" · <b>steered</b>") : QString(), precessionText);
    if (readout != m_readout->text())  // rich text is laid out again on every change
        m_readout->setText(readout);
}

bool PlaceCellsPanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString PlaceCellsPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter navigation | panel Place cells\nmodel %3 | seed %4 | simulated time "
                          "%5 ms\nparameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 3)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> PlaceCellsPanel::dataSeries()
{
    QList<widgets::DataSeries> series = m_arena->dataSeries();
    for (RateMapPlot* map : m_maps)
        series << map->dataSeries();
    widgets::DataSeries phase{tr("Phase precession"), tr("spike phase against position in field"), tr("u (cm)"),
                              tr("theta phase (deg)"), {}};
    if (const auto frame = m_controller->latestFrame(); frame && frame->pointSets.size() > 1)
        for (const PlotPoint& q : frame->pointSets[1])
            phase.points.append({q.x, q.y});
    series << phase;
    series << m_raster->dataSeries();
    return series;
}

}  // namespace neuroai::chapters
