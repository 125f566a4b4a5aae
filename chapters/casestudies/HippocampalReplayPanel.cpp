#include "chapters/casestudies/HippocampalReplayPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "hippocampal-replay";
constexpr double kEventsPerSecond[] = {0.5, 1, 2, 5, 10, 50};
constexpr double kEventsShown = 100;
enum { TimeRow = 0, DecodedRow = 1, TrueRow = 2 };  // HippocampalReplayModel::PathRow
enum { MazeTimeRow = 0, DecodedXRow, DecodedYRow, TrueXRow, TrueYRow };  // HippocampalReplayModel::MazePathRow
enum { OpenCell = 0, WallCell = 1, StartCell = 2, GoalCell = 3 };    // HippocampalReplayModel::MazeCell
enum { MazeLayoutMatrix = 3, RouteMatrix = 4, MazePathMatrix = 5 };  // frame.matrices of the maze world

double metricOf(const Frame& frame, const char* key, double fallback = std::nan(""))
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? fallback : it->second;
}

// Starts painting a view: antialiased, white, its title centred at the top, the label font set; returns the title's
// bottom edge (px).
double beginView(QPainter& painter, const QWidget& view, const QString& title)
{
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(view.rect(), Qt::white);
    const QFont bold = widgets::PlotStyle::titleFont();
    const QFontMetrics metrics(bold);
    painter.setFont(bold);
    painter.setPen(QColor(20, 20, 20));
    painter.drawText(QRectF(0, 2, view.width(), metrics.height()), Qt::AlignHCenter, title);
    painter.setFont(widgets::PlotStyle::labelFont());
    return 2.0 + metrics.height();
}

QString number(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    QString s = QString::number(value, 'f', decimals);
    if (s.startsWith(QLatin1Char('-')))
        s.replace(0, 1, QChar(0x2212));
    return s;
}
}  // namespace

QColor replayTimeColour(double fraction)
{
    const double f = std::clamp(fraction, 0.0, 1.0);
    const QColor a = widgets::palette::orange, m = widgets::palette::reddishPurple, b = QColor(40, 60, 200);
    auto mix = [](const QColor& x, const QColor& y, double u) {
        return QColor::fromRgbF(float(x.redF() + (y.redF() - x.redF()) * u), float(x.greenF() + (y.greenF() - x.greenF()) * u),
                                float(x.blueF() + (y.blueF() - x.blueF()) * u));
    };
    return f < 0.5 ? mix(a, m, 2 * f) : mix(m, b, 2 * f - 1);
}

// ------------------------------------------------------------------------------------------------ ReplayRasterPlot

ReplayRasterPlot::ReplayRasterPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
}

void ReplayRasterPlot::setEventWindow(double startMs, double endMs)
{
    if (startMs == m_start && endMs == m_end)
        return;
    m_start = startMs;
    m_end = endMs;
    update();
}

void ReplayRasterPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    if (matrix().isEmpty() || m_end <= m_start)
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(widgets::PlotStyle::pen(widgets::palette::vermillion, 1.0, Qt::DashLine));
    for (const double t : {m_start, m_end}) {
        const double x = mapToWidget(t, 0).x();
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QString text = tr("replay event");
    const QFontMetrics metrics(font);
    const double x0 = mapToWidget(m_start, 0).x(), x1 = mapToWidget(m_end, 0).x();
    const int w = metrics.horizontalAdvance(text) + 6;
    if (x1 - x0 > w) {
        const QRectF box((x0 + x1 - w) / 2, plot.top() + 2, w, metrics.height() + 2);
        painter.fillRect(box, QColor(255, 255, 255, 210));
        painter.setPen(QColor(20, 20, 20));
        painter.drawText(box, Qt::AlignCenter, text);
    }
}

// ------------------------------------------------------------------------------------------------ ReplayPosteriorPlot

ReplayPosteriorPlot::ReplayPosteriorPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
}

void ReplayPosteriorPlot::setPath(const QList<ReplayPathPoint>& path, double durationMs)
{
    m_path = path;
    m_duration = durationMs > 0 ? durationMs : 1;
    update();
}

void ReplayPosteriorPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    if (matrix().isEmpty() || m_path.isEmpty())
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setClipRect(plot);
    painter.setPen(widgets::PlotStyle::pen(Qt::white, 1.0, Qt::DashLine));
    painter.drawLine(mapToWidget(0, m_path.first().trueCm), mapToWidget(m_duration, m_path.last().trueCm));
    const double r = 3.5 * widgets::PlotStyle::presentationScale();
    for (const ReplayPathPoint& p : m_path) {
        if (!std::isfinite(p.decodedCm))
            continue;
        painter.setPen(QPen(Qt::white, 1.2));
        painter.setBrush(replayTimeColour(p.tMs / m_duration));
        painter.drawEllipse(mapToWidget(p.tMs, p.decodedCm), r, r);
    }
    painter.setClipping(false);
}

// ------------------------------------------------------------------------------------------------ ReplayTrackView

ReplayTrackView::ReplayTrackView(QWidget* parent)
    : QWidget(parent)
{
    setProperty("figurePlot", true);  // a plot of the figure (the layout test counts its area)
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void ReplayTrackView::setState(double trackCm, double animalCm, const QList<ReplayPathPoint>& path, double durationMs,
                               double slope)
{
    m_track = trackCm > 0 ? trackCm : 100;
    m_animal = animalCm;
    m_path = path;
    m_duration = durationMs > 0 ? durationMs : 1;
    m_slope = slope;
    update();
}

void ReplayTrackView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const double titleBottom = beginView(painter, *this, tr("Decoded path on the track"));
    const QFont font = widgets::PlotStyle::labelFont(), bold = widgets::PlotStyle::titleFont();
    const QFontMetrics fm(font);
    const double margin = fm.horizontalAdvance(QStringLiteral("reward")) / 2.0 + 8;
    const double left = margin, right = width() - margin;
    auto xOf = [&](double cm) { return left + (right - left) * cm / m_track; };

    const double trackTop = titleBottom + 6, trackH = std::max(14.0, fm.height() * 1.0);
    const QRectF track(left, trackTop, right - left, trackH);
    painter.setPen(QPen(QColor(120, 120, 120), 1));
    painter.setBrush(QColor(235, 228, 210));
    painter.drawRoundedRect(track, 4, 4);
    // The animal where it rests, and the reward well at the right end as a ring drawn over it (both stay visible
    // while the animal sits at the reward).
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(60, 60, 60));
    painter.drawEllipse(QPointF(std::clamp(xOf(m_animal), left + trackH / 2, right - trackH / 2), track.center().y()),
                        trackH * 0.45, trackH * 0.3);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(widgets::palette::bluishGreen, std::max(2.0, trackH * 0.15)));
    painter.drawEllipse(QPointF(xOf(m_track) - trackH / 2, track.center().y()), trackH * 0.38, trackH * 0.38);

    // Axis under the track.
    const double axisY = track.bottom() + 4;
    painter.setPen(QColor(60, 60, 60));
    for (int cm = 0; cm <= int(m_track); cm += 25) {
        const double x = xOf(cm);
        painter.drawLine(QPointF(x, axisY), QPointF(x, axisY + 4));
        const QString label = QString::number(cm);
        painter.drawText(QRectF(x - 30, axisY + 4, 60, fm.height()), Qt::AlignHCenter, label);
    }
    painter.drawText(QRectF(0, axisY + 4 + fm.height(), width(), fm.height()), Qt::AlignHCenter,
                     tr("position on the track (cm)"));

    // The decoded points, one row per decoding bin, top to bottom in time.
    const double pathTop = axisY + 8 + 2 * fm.height(), pathBottom = height() - 4.0;
    if (m_path.isEmpty() || pathBottom - pathTop < 10) {
        if (m_path.isEmpty())
            painter.drawText(QRectF(0, pathTop, width(), fm.height()), Qt::AlignHCenter, tr("no event yet"));
        return;
    }
    const double step = (pathBottom - pathTop) / std::max<qsizetype>(1, m_path.size());
    const double r = std::clamp(step * 0.45, 2.0, 6.0 * widgets::PlotStyle::presentationScale());
    QPointF previous;
    bool havePrevious = false;
    for (qsizetype k = 0; k < m_path.size(); ++k) {
        const ReplayPathPoint& p = m_path[k];
        if (!std::isfinite(p.decodedCm))
            continue;
        const QPointF at(xOf(p.decodedCm), pathTop + (double(k) + 0.5) * step);
        if (havePrevious) {
            painter.setPen(QPen(QColor(170, 170, 170), 1));
            painter.drawLine(previous, at);
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(replayTimeColour(p.tMs / m_duration));
        painter.drawEllipse(at, r, r);
        previous = at;
        havePrevious = true;
    }
    // Direction label in the free corner.
    if (std::isfinite(m_slope)) {
        const QString dir = m_slope < 0 ? tr("← decoded reverse") : tr("decoded forward →");
        painter.setPen(QColor(20, 20, 20));
        painter.setFont(bold);
        painter.drawText(QRectF(4, pathTop, width() - 8, fm.height()), m_slope < 0 ? Qt::AlignLeft : Qt::AlignRight,
                         dir);
    }
}

// ------------------------------------------------------------------------------------------------ HippocampalMazeView

HippocampalMazeView::HippocampalMazeView(QWidget* parent)
    : QWidget(parent)
{
    setProperty("figurePlot", true);
}

void HippocampalMazeView::setMaze(const MatrixImage& layout, const QList<QPointF>& route, double squareCm)
{
    m_rows = layout.rows;
    m_cols = layout.columns;
    m_cells.clear();
    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_cols; ++c)
            m_cells.append(int(layout.at(r, c)));
    m_route = route;
    m_square = squareCm > 0 ? squareCm : 20;
    update();
}

void HippocampalMazeView::setState(bool atGoal, const QList<ReplayMazePoint>& path, double durationMs, double slope)
{
    m_atGoal = atGoal;
    m_path = path;
    m_duration = durationMs > 0 ? durationMs : 1;
    m_slope = slope;
    update();
}

void HippocampalMazeView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const double titleBottom = beginView(painter, *this, tr("Decoded path in the maze"));
    if (m_rows <= 0 || m_cols <= 0)
        return;
    const QFont font = widgets::PlotStyle::labelFont(), bold = widgets::PlotStyle::titleFont();
    const QFontMetrics fm(font);

    // The maze as large as fits between the title and the scale bar.
    const double top = titleBottom + 2, bottom = height() - fm.height() - 10.0;
    const double side = std::min((width() - 8.0) / m_cols, (bottom - top) / m_rows);
    if (side < 4)
        return;
    const double left = (width() - side * m_cols) / 2;
    const double scale = side / m_square;  // px per cm
    auto toWidget = [&](QPointF cm) { return QPointF(left + cm.x() * scale, top + cm.y() * scale); };
    const QRectF mazeRect(left, top, side * m_cols, side * m_rows);

    for (int r = 0; r < m_rows; ++r)
        for (int c = 0; c < m_cols; ++c) {
            const int kind = m_cells.value(r * m_cols + c);
            const QRectF square(left + c * side, top + r * side, side, side);
            painter.setPen(QPen(QColor(210, 204, 190), 1));
            painter.setBrush(kind == WallCell ? QColor(80, 80, 80) : QColor(246, 241, 229));
            painter.drawRect(square);
            if (kind == StartCell || kind == GoalCell) {  // the letter in the square's top-left corner
                QFont letter = bold;
                letter.setPixelSize(std::max(8, int(side * 0.36)));
                painter.setFont(letter);
                painter.setPen(kind == GoalCell ? widgets::palette::bluishGreen : QColor(60, 60, 60));
                painter.drawText(square.adjusted(side * 0.06, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop,
                                 kind == StartCell ? QStringLiteral("S") : QStringLiteral("G"));
            }
        }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(QColor(60, 60, 60), 1.5));
    painter.drawRect(mazeRect);

    // The route the animal runs, dashed.
    if (m_route.size() >= 2) {
        QPainterPath route(toWidget(m_route.first()));
        for (qsizetype k = 1; k < m_route.size(); ++k)
            route.lineTo(toWidget(m_route[k]));
        painter.setPen(widgets::PlotStyle::pen(QColor(150, 150, 150), 1.2, Qt::DashLine));
        painter.drawPath(route);
        // The animal where it rests (at S before a run, at G after one).
        const QPointF at = toWidget(m_atGoal ? m_route.last() : m_route.first());
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(40, 40, 40, 200));
        painter.drawEllipse(at + QPointF(side * 0.18, side * 0.3), side * 0.2, side * 0.12);
    }

    // The replayed path of the latest event: a translucent band ending in an arrowhead.
    QList<QPointF> replayed;
    for (const ReplayMazePoint& p : m_path)
        if (std::isfinite(p.replayed.x()) && (replayed.isEmpty() || replayed.last() != p.replayed))
            replayed.append(p.replayed);
    if (replayed.size() >= 2) {
        QPainterPath band(toWidget(replayed.first()));
        for (qsizetype k = 1; k < replayed.size(); ++k)
            band.lineTo(toWidget(replayed[k]));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(QColor(120, 120, 120, 90), std::max(4.0, side * 0.3), Qt::SolidLine, Qt::RoundCap,
                            Qt::RoundJoin));
        painter.drawPath(band);
        const QPointF tip = toWidget(replayed.last()), from = toWidget(replayed[replayed.size() - 2]);
        const QPointF d = tip - from;
        const double len = std::hypot(d.x(), d.y());
        if (len > 0) {
            const QPointF u = d / len, n(-u.y(), u.x());
            const double a = std::max(6.0, side * 0.35);
            painter.setPen(Qt::NoPen);
            painter.setBrush(QColor(90, 90, 90, 200));
            painter.drawPolygon(QPolygonF{tip + u * a * 0.5, tip - u * a * 0.5 + n * a * 0.5, tip - u * a * 0.5 - n * a * 0.5});
        }
    }

    // Decoded positions, joined in time order, coloured by time.
    const double r = std::clamp(side * 0.12, 2.5, 6.0 * widgets::PlotStyle::presentationScale());
    QPointF previous;
    bool havePrevious = false;
    for (const ReplayMazePoint& p : m_path) {
        if (!std::isfinite(p.decoded.x()))
            continue;
        const QPointF at = toWidget(p.decoded);
        if (havePrevious) {
            painter.setPen(QPen(QColor(110, 110, 110), 1));
            painter.drawLine(previous, at);
        }
        previous = at;
        havePrevious = true;
    }
    for (const ReplayMazePoint& p : m_path) {
        if (!std::isfinite(p.decoded.x()))
            continue;
        painter.setPen(QPen(Qt::white, 1));
        painter.setBrush(replayTimeColour(p.tMs / m_duration));
        painter.drawEllipse(toWidget(p.decoded), r, r);
    }

    // Scale bar and the direction of the fit.
    painter.setFont(font);
    painter.setPen(QPen(QColor(40, 40, 40), 2));
    const double barY = mazeRect.bottom() + 6;
    painter.drawLine(QPointF(mazeRect.left(), barY), QPointF(mazeRect.left() + 20 * scale, barY));
    painter.drawText(QRectF(mazeRect.left() + 20 * scale + 6, barY - fm.height() / 2.0, 120, fm.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, tr("20 cm"));
    QString status = tr("no event yet");
    if (!m_path.isEmpty())
        status = !std::isfinite(m_slope) ? tr("too few spikes to fit")
                 : m_slope < 0           ? tr("decoded reverse (G → S)")
                                         : tr("decoded forward (S → G)");
    painter.drawText(QRectF(mazeRect.left(), barY - fm.height() / 2.0, mazeRect.width(), fm.height()),
                     Qt::AlignRight | Qt::AlignVCenter, status);
}

// ------------------------------------------------------------------------------------------------ panel

HippocampalReplayPanel::HippocampalReplayPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("hippocampalReplayPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    m_controller->setSpeed(kDefaultEventsPerSecond);  // rest time in ms, one event per 1000 ms
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("case-studies/hippocampal-replay"), schema(), &presetErrors,
                            QString::fromLatin1(kModel));
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    const PanelFrame frame = buildPanelFrame(*this);
    const PresetRow presetRow = addPresetRow(frame.controls, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;

    auto* paceRow = new QHBoxLayout;
    auto* paceLabel = new QLabel(tr("Pace"));
    m_pace = new QComboBox;
    m_pace->setObjectName(QStringLiteral("replayPace"));
    m_pace->setToolTip(tr("How many replay events run per second of wall-clock time (one event per second of rest: "
                          "1 event/s is real time; Step runs one event)"));
    for (const double n : kEventsPerSecond)
        m_pace->addItem(tr("%1 events/s").arg(n), n);
    paceLabel->setBuddy(m_pace);
    paceRow->addWidget(paceLabel);
    paceRow->addWidget(m_pace, 1);
    frame.controls->addLayout(paceRow);
    syncPaceBox();

    m_panel = new widgets::ParameterPanel(specs);
    frame.controls->addWidget(m_panel, 1);
    m_figure = frame.figure;
    m_figure->setObjectName(QStringLiteral("replayFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_raster = new ReplayRasterPlot(m_figure);
    m_raster->setObjectName(QStringLiteral("replayRaster"));
    m_raster->setTitle(tr("Spikes of the latest event"));
    m_raster->setMinimumSize(260, 200);

    m_posterior = new ReplayPosteriorPlot(m_figure);
    m_posterior->setObjectName(QStringLiteral("replayPosterior"));
    m_posterior->setTitle(tr("Decoded position (dots, coloured by time)"));
    m_posterior->setMinimumSize(260, 200);

    m_where = new QStackedWidget(m_figure);
    m_track = new ReplayTrackView(m_where);
    m_track->setObjectName(QStringLiteral("replayTrack"));
    m_maze = new HippocampalMazeView(m_where);
    m_maze->setObjectName(QStringLiteral("replayMaze"));
    m_where->addWidget(m_track);
    m_where->addWidget(m_maze);

    m_scores = new widgets::XYPlot(false, m_figure);
    m_scores->setObjectName(QStringLiteral("replayScores"));
    m_scores->setTitle(tr("Replay score per event"));
    m_scores->setAxisTitles(tr("Event (one per second of rest)"), tr("Score r (−1 to 1)"));
    m_forwardSeries = m_scores->addSeries(tr("forward"), widgets::XYPlot::Style::Markers, widgets::palette::blue);
    m_reverseSeries =
        m_scores->addSeries(tr("reverse"), widgets::XYPlot::Style::Markers, widgets::palette::vermillion);
    m_scores->setYRange(-1.05, 1.05);
    m_scores->setXRange(0, kEventsShown);
    m_scores->setMinimumSize(240, 150);

    auto* plots = new QGridLayout;
    plots->setSpacing(4);
    plots->addWidget(m_raster, 0, 0);
    plots->addWidget(m_posterior, 0, 1);
    plots->addWidget(m_where, 1, 0);
    plots->addWidget(m_scores, 1, 1);
    plots->setColumnStretch(0, 1);
    plots->setColumnStretch(1, 1);
    plots->setRowStretch(0, 3);
    plots->setRowStretch(1, 2);

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("replayReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setToolTip(
        tr("Bayesian decoding (Zhang et al. 1998): in each 10 ms bin, P(x | spikes) ∝ Π_i f_i(x)^n_i · exp(−τ Σ_i "
           "f_i(x)) with a uniform prior. The score r is the posterior-weighted correlation of time and position; "
           "an event counts as decoded forward or reverse when the line fit's R² ≥ 0.5."));

    figureLayout->addLayout(plots, 1);
    figureLayout->addWidget(m_readout, 0);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_pace, &QComboBox::activated, this,
            [this](int index) { m_controller->setSpeed(m_pace->itemData(index).toDouble()); });
    connect(m_controller, &SimulationController::frameReady, this, &HippocampalReplayPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    m_raster->installContextMenu([this] { return metadata(); });
    m_posterior->installContextMenu([this] { return metadata(); });

    onParametersChanged();
}

HippocampalReplayPanel::~HippocampalReplayPanel() = default;

QStringList HippocampalReplayPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString HippocampalReplayPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet HippocampalReplayPanel::currentParameters() const { return m_controller->parameters(); }
quint64 HippocampalReplayPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> HippocampalReplayPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> HippocampalReplayPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void HippocampalReplayPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList HippocampalReplayPanel::readoutNames() const
{
    return {QStringLiteral("events"),          QStringLiteral("forward_events"),  QStringLiteral("reverse_events"),
            QStringLiteral("decoded_forward"), QStringLiteral("decoded_reverse"), QStringLiteral("last_r"),
            QStringLiteral("last_slope"),      QStringLiteral("last_r2"),         QStringLiteral("last_error_cm"),
            QStringLiteral("event_ms"),        QStringLiteral("runs"),            QStringLiteral("silent_rests"),
            QStringLiteral("last_backups")};
}

void HippocampalReplayPanel::syncPaceBox()
{
    const double perSecond = m_controller->speed();
    int index = -1;
    for (int i = 0; i < m_pace->count(); ++i)
        if (std::abs(m_pace->itemData(i).toDouble() - perSecond) < 1e-6 * perSecond)
            index = i;
    if (index < 0 && std::isfinite(perSecond)) {
        m_pace->addItem(tr("%1 events/s").arg(perSecond, 0, 'g', 4), perSecond);
        index = m_pace->count() - 1;
    } else if (index < 0) {
        m_pace->addItem(tr("as fast as possible"), perSecond);
        index = m_pace->count() - 1;
    }
    if (index != m_pace->currentIndex())
        m_pace->setCurrentIndex(index);
}

void HippocampalReplayPanel::onParametersChanged()
{
    m_controller->setView(kEventsShown * 1000.0, 400);
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, m_controller->parameters());
}

void HippocampalReplayPanel::showFrame(const Frame& frame)
{
    syncPaceBox();
    const double events = metricOf(frame, "events", 0);
    const bool silent = metricOf(frame, "last_silent", 0) > 0;
    const bool shown = events > 0 && !silent;  // an event with spikes to draw
    // A gain × need event lasts as long as its backups; a whole-track sweep (and the empty view) event_ms.
    const double sweepMs = metricOf(frame, "event_ms", 200);
    const double duration = shown ? metricOf(frame, "last_event_ms", sweepMs) : sweepMs;
    const bool newEvent = events != m_lastEvent;
    m_lastEvent = events;
    // The latest event's pictures change only when a new event arrives (a few per second by default).
    if (newEvent && frame.matrices.size() >= 3) {
        m_raster->setMatrix(frame.matrices[0]);
        m_raster->setEventWindow(0, shown ? duration : -1);
        m_posterior->setMatrix(frame.matrices[1]);
        const MatrixImage& path = frame.matrices[2];
        m_path.clear();
        if (shown)
            for (int b = 0; b < path.columns; ++b)
                m_path.append({double(path.at(TimeRow, b)), double(path.at(DecodedRow, b)), double(path.at(TrueRow, b))});
        m_posterior->setPath(m_path, duration);
        const double slope = shown ? metricOf(frame, "last_slope") : std::nan("");
        const bool maze = metricOf(frame, "world", 0) == 1 && int(frame.matrices.size()) > MazePathMatrix;
        m_mazePath.clear();
        if (maze) {
            const MatrixImage& route = frame.matrices[RouteMatrix];
            QList<QPointF> centres;
            for (int k = 0; k < route.columns && route.rows >= 2; ++k)
                centres.append({double(route.at(0, k)), double(route.at(1, k))});
            const MatrixImage& layout = frame.matrices[MazeLayoutMatrix];
            m_maze->setMaze(layout, centres, layout.columns > 0 ? layout.columnMax / layout.columns : 20);
            const MatrixImage& plane = frame.matrices[MazePathMatrix];
            if (shown)
                for (int b = 0; b < plane.columns; ++b)
                    m_mazePath.append({double(plane.at(MazeTimeRow, b)),
                                       QPointF(plane.at(DecodedXRow, b), plane.at(DecodedYRow, b)),
                                       QPointF(plane.at(TrueXRow, b), plane.at(TrueYRow, b))});
            m_maze->setState(metricOf(frame, "animal_cm", 0) > 0, m_mazePath, duration, slope);
            m_where->setCurrentWidget(m_maze);
        } else {
            m_track->setState(metricOf(frame, "track_cm", 100), metricOf(frame, "animal_cm", 0), m_path, duration,
                              slope);
            m_where->setCurrentWidget(m_track);
        }
        m_posterior->setTitle(maze ? tr("Decoded position on the route") : tr("Decoded position (dots, coloured by time)"));

        m_forwardPoints.clear();
        m_reversePoints.clear();
        for (const TraceView& trace : frame.traces) {
            if (trace.channel.key != "replay_r")
                continue;
            for (const PlotPoint& p : trace.points)
                if (std::isfinite(p.y))
                    (p.y >= 0 ? m_forwardPoints : m_reversePoints).append({p.x / 1000.0, p.y});
        }
        const double right = std::max(kEventsShown, std::ceil(events / 10) * 10);
        if (right != m_scoresRight) {
            m_scores->setXRange(right - kEventsShown, right);
            m_scoresRight = right;
        }
        m_scores->setPoints(m_forwardSeries, m_forwardPoints);
        m_scores->setPoints(m_reverseSeries, m_reversePoints);
    }

    const bool updateText = !frame.running || !m_textClock.isValid() || m_textClock.elapsed() >= 100;
    if (!updateText || !(newEvent || !frame.running))
        return;
    m_textClock.start();
    const bool reverse = metricOf(frame, "last_reverse", 0) > 0;
    const bool gainNeed = m_controller->parameters()["replay_choice"] == 1;
    const bool inMaze = metricOf(frame, "world", 0) == 1;
    const QString place = metricOf(frame, "animal_cm", 0) > 0 ? (inMaze ? tr("goal G (reward)") : tr("reward"))
                                                              : (inMaze ? tr("start S") : tr("start"));
    const QString scores = tr("decoded r&nbsp;=&nbsp;<b>%1</b>, <span style='white-space:nowrap'>speed %2 m/s</span>, "
                                  "R²&nbsp;=&nbsp;%3, error&nbsp;%4&nbsp;cm")
                               .arg(number(metricOf(frame, "last_r"), 2), number(metricOf(frame, "last_slope"), 1),
                                    number(metricOf(frame, "last_r2"), 2), number(metricOf(frame, "last_error_cm"), 1));
    QString last = tr("no event yet");
    if (events > 0 && silent)
        last = tr("rest %1 at the %2: no remembered move is worth a backup (no gain), so <b>nothing is replayed</b>")
                   .arg(number(events, 0), place);
    else if (events > 0 && gainNeed)
        last = tr("rest %1 at the %2: gain × need chose %3 backups → <b>%4</b> replay; %5")
                   .arg(number(events, 0), place, number(metricOf(frame, "last_backups", 0), 0),
                        reverse ? tr("reverse") : tr("forward"), scores);
    else if (events > 0)
        last = tr("event %1: the animal rests at the %2 → <b>%3</b> replay; %4")
                   .arg(number(events, 0), place, reverse ? tr("reverse") : tr("forward"), scores);
    const QString counts =
        gainNeed ? tr("replayed paths: %1 forward, %2 reverse, %3 silent rests")
                       .arg(number(metricOf(frame, "forward_events", 0), 0), number(metricOf(frame, "reverse_events", 0), 0),
                            number(metricOf(frame, "silent_rests", 0), 0))
                 : tr("events by where the animal rested: %1 forward, %2 reverse")
                       .arg(number(metricOf(frame, "forward_events", 0), 0), number(metricOf(frame, "reverse_events", 0), 0));
    m_readout->setText(tr("%1<br>%2; decoded (R²&nbsp;≥&nbsp;0.5): %3 forward, %4 reverse &nbsp;·&nbsp; runs: %5 "
                          "&nbsp;·&nbsp; event length %6&nbsp;ms")
                           .arg(last, counts, number(metricOf(frame, "decoded_forward", 0), 0),
                                number(metricOf(frame, "decoded_reverse", 0), 0), number(metricOf(frame, "runs", 0), 0),
                                number(silent ? 0.0 : duration, 0)));
}

bool HippocampalReplayPanel::showsMaze() const { return m_where->currentWidget() == m_maze; }

bool HippocampalReplayPanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString HippocampalReplayPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter case-studies | panel Hippocampal replay\nmodel %3 | seed %4 | events %5\n"
                          "parameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 0)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> HippocampalReplayPanel::dataSeries()
{
    QList<widgets::DataSeries> series = m_raster->dataSeries();
    series << m_posterior->dataSeries();
    QList<QPointF> decoded, replayed;
    for (const ReplayPathPoint& p : m_path) {
        if (std::isfinite(p.decodedCm))
            decoded.append({p.tMs, p.decodedCm});
        replayed.append({p.tMs, p.trueCm});
    }
    const QString t = tr("time from event start (ms)"),
                  x = showsMaze() ? tr("position along the route (cm)") : tr("position (cm)");
    series << widgets::DataSeries{tr("decoded path"), tr("decoded"), t, x, decoded};
    series << widgets::DataSeries{tr("decoded path"), tr("replayed"), t, x, replayed};
    if (showsMaze()) {
        QList<QPointF> decodedXY, replayedXY;
        for (const ReplayMazePoint& p : m_mazePath) {
            if (std::isfinite(p.decoded.x()))
                decodedXY.append(p.decoded);
            replayedXY.append(p.replayed);
        }
        const QString mx = tr("x in the maze (cm)"), my = tr("y in the maze (cm, down)");
        series << widgets::DataSeries{tr("path in the maze"), tr("decoded"), mx, my, decodedXY};
        series << widgets::DataSeries{tr("path in the maze"), tr("replayed"), mx, my, replayedXY};
    }
    series << widgets::DataSeries{tr("replay score"), tr("forward"), tr("event"), tr("weighted r"), m_forwardPoints};
    series << widgets::DataSeries{tr("replay score"), tr("reverse"), tr("event"), tr("weighted r"), m_reversePoints};
    return series;
}

}  // namespace neuroai::chapters
