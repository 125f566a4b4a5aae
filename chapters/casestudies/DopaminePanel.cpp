#include "chapters/casestudies/DopaminePanel.h"

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
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {
const char* const kModel = "td-conditioning";
// TdConditioningModel::CurveRow, in the order the model publishes them.
enum { FirstTrial = 0, MiddleTrial = 1, LatestTrial = 2, OmissionProbe = 3, ValueNow = 4 };
// The runner paces no slower than SimulationRunner::kMinSpeed (0.01 clock units per ms = 10 trials/s); Step is the
// way to go slower.
constexpr double kTrialsPerSecond[] = {10, 20, 50, 100, 250, 1000};

double metricOf(const Frame& frame, const char* key, double fallback = std::nan(""))
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? fallback : it->second;
}

QString number(double value, int decimals)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    QString s = QString::number(value, 'f', decimals);
    if (s.startsWith(QLatin1Char('-')))
        s.replace(0, 1, QChar(0x2212));  // a real minus sign
    return s;
}

// A vertical line from y0 to y1 at x, as a two-point series.
QList<QPointF> vertical(double x, double y0, double y1) { return {{x, y0}, {x, y1}}; }
}  // namespace

// ------------------------------------------------------------------------------------------------ TrialHeatmapPlot

TrialHeatmapPlot::TrialHeatmapPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
}

void TrialHeatmapPlot::setMarks(int cueStep, int rewardStep)
{
    if (cueStep == m_cue && rewardStep == m_reward)
        return;
    m_cue = cueStep;
    m_reward = rewardStep;
    update();
}

void TrialHeatmapPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    if (matrix().isEmpty() || m_cue < 0)
        return;
    painter.setRenderHint(QPainter::Antialiasing, true);
    QFont font = painter.font();
    font.setBold(true);
    painter.setFont(font);
    const QFontMetrics metrics(font);
    const struct {
        int step;
        QString name;
    } marks[] = {{m_cue, tr("cue")}, {m_reward, tr("reward")}};
    QRectF previous;
    for (const auto& mark : marks) {
        // The mark runs along the column's left edge, so the column itself (where δ lives) stays visible; its name
        // sits at the bottom, left of the line: before the cue δ is always 0, and late in a run the steps just
        // before the reward are quiet, so the label hides nothing that moves.
        const double x = mapToWidget(mark.step - 0.5, 0).x();
        painter.setPen(QPen(QColor(20, 20, 20), 1.5, Qt::DashLine));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const int w = metrics.horizontalAdvance(mark.name) + 6;
        const double h = metrics.height() + 2;
        double left = x - w - 2 >= plot.left() ? x - w - 2 : std::min(x + 2, double(plot.right()) - w);
        // Two marks close together (a short delay on a narrow plot): the second label goes right of its line, or
        // one row up, rather than over the first.
        QRectF box(left, plot.bottom() - h - 2, w, h);
        if (box.intersects(previous)) {
            left = std::min(x + 2, double(plot.right()) - w);
            box.moveLeft(left);
            if (box.intersects(previous))
                box.moveTop(previous.top() - h - 2);
        }
        previous = box;
        painter.fillRect(box, QColor(255, 255, 255, 200));
        painter.setPen(QColor(20, 20, 20));
        painter.drawText(box, Qt::AlignCenter, mark.name);
    }
}

// ------------------------------------------------------------------------------------------------ DopaminePanel

DopaminePanel::DopaminePanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("dopaminePanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    m_controller->setSpeed(kDefaultTrialsPerSecond / 1000.0);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("case-studies/dopamine"), schema(), &presetErrors,
                            QString::fromLatin1(kModel));
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    const PanelFrame frame = buildPanelFrame(*this);
    const PresetRow presetRow = addPresetRow(frame.controls, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;

    // The pace: the model's clock counts trials, so its speed is trials per wall-clock millisecond.
    auto* paceRow = new QHBoxLayout;
    auto* paceLabel = new QLabel(tr("Pace"));
    m_pace = new QComboBox;
    m_pace->setObjectName(QStringLiteral("dopaminePace"));
    m_pace->setToolTip(tr("How many conditioning trials run per second of wall-clock time (Step runs one trial)"));
    for (const double n : kTrialsPerSecond)
        m_pace->addItem(tr("%1 trials/s").arg(n), n);
    paceLabel->setBuddy(m_pace);
    paceRow->addWidget(paceLabel);
    paceRow->addWidget(m_pace, 1);
    frame.controls->addLayout(paceRow);
    syncPaceBox();

    m_panel = new widgets::ParameterPanel(specs);
    frame.controls->addWidget(m_panel, 1);
    m_figure = frame.figure;
    m_figure->setObjectName(QStringLiteral("dopamineFigure"));
    auto* figureLayout = new QVBoxLayout(m_figure);
    figureLayout->setContentsMargins(4, 4, 4, 4);
    figureLayout->setSpacing(2);

    m_heatmap = new TrialHeatmapPlot(m_figure);
    m_heatmap->setObjectName(QStringLiteral("dopamineHeatmap"));
    m_heatmap->setTitle(tr("TD error δ over trials"));
    m_heatmap->setMinimumSize(260, 240);

    m_curves = new widgets::XYPlot(false, m_figure);
    m_curves->setObjectName(QStringLiteral("dopamineCurves"));
    m_curves->setTitle(tr("δ(t) in single trials"));
    m_curves->setAxisTitles(tr("Time in trial t (steps)"), tr("δ (rewards)"));
    m_curveSeries << m_curves->addSeries(tr("#1"), widgets::XYPlot::Style::Line, widgets::palette::orange)
                  << m_curves->addSeries(tr("middle"), widgets::XYPlot::Style::Line, widgets::palette::bluishGreen)
                  << m_curves->addSeries(tr("latest"), widgets::XYPlot::Style::Line, widgets::palette::blue)
                  << m_curves->addSeries(tr("omitted"), widgets::XYPlot::Style::Line,
                                         widgets::palette::vermillion);
    m_curveCue = m_curves->addSeries(QString(), widgets::XYPlot::Style::Dashed, widgets::palette::muted);
    m_curveReward = m_curves->addSeries(QString(), widgets::XYPlot::Style::Dashed, widgets::palette::muted);
    m_curves->setYRange(-1.2, 1.2);
    m_curves->setMinimumSize(240, 170);

    m_value = new widgets::XYPlot(false, m_figure);
    m_value->setObjectName(QStringLiteral("dopamineValue"));
    m_value->setTitle(tr("Value V(t) now"));
    m_value->setAxisTitles(tr("Time in trial t (steps)"), tr("V (rewards)"));
    m_valueSeries = m_value->addSeries(tr("V(t)"), widgets::XYPlot::Style::Line, widgets::palette::blue);
    m_valueLimit = m_value->addSeries(tr("learned limit γ^(c+D−1−t)"), widgets::XYPlot::Style::Dashed,
                                      widgets::palette::muted);
    m_value->setYRange(0, 1.1);
    m_value->setMinimumSize(240, 150);

    m_errors = new widgets::XYPlot(false, m_figure);
    m_errors->setObjectName(QStringLiteral("dopamineErrors"));
    m_errors->setTitle(tr("δ at cue and reward per trial"));
    m_errors->setAxisTitles(tr("Trial (number)"), tr("δ (rewards)"));
    m_csErrorSeries = m_errors->addSeries(tr("at the cue"), widgets::XYPlot::Style::Line, widgets::palette::vermillion);
    m_rewardErrorSeries =
        m_errors->addSeries(tr("at the reward"), widgets::XYPlot::Style::Line, widgets::palette::blue);
    m_gammaLevel = m_errors->addSeries(tr("γ^D"), widgets::XYPlot::Style::Dashed, widgets::palette::muted);
    m_errors->setYRange(-1.2, 1.2);
    m_errors->setXRange(0, 200);
    m_errors->setMinimumSize(240, 150);

    // Two rows: the heatmap beside the single-trial curves (the figure's story: the whole run, and what single
    // trials look like), V(t) beside δ at cue and reward. The top row gets more height (every trial a row).
    auto* plots = new QGridLayout;
    plots->setSpacing(4);
    plots->addWidget(m_heatmap, 0, 0);
    plots->addWidget(m_curves, 0, 1);
    plots->addWidget(m_value, 1, 0);
    plots->addWidget(m_errors, 1, 1);
    plots->setColumnStretch(0, 1);
    plots->setColumnStretch(1, 1);
    plots->setRowStretch(0, 3);
    plots->setRowStretch(1, 2);

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("dopamineReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);
    m_readout->setToolTip(
        tr("TD(0) with a tapped delay line: δ(t) = r(t) + γ·V(t) − V(t−1). Learned, V(c + k) = γ^(D−1−k), so the cue "
           "brings δ = γ^D, the predicted reward δ = 0 and an omitted reward δ = −1 (Schultz, Dayan & Montague "
           "1997). The omission probe runs one trial without reward on the current weights and does not learn."));

    figureLayout->addLayout(plots, 1);
    figureLayout->addWidget(m_readout, 0);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_pace, &QComboBox::activated, this,
            [this](int index) { m_controller->setSpeed(m_pace->itemData(index).toDouble() / 1000.0); });
    connect(m_controller, &SimulationController::frameReady, this, &DopaminePanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this,
            [this](const QString& message) { m_panel->setMessage(message); });
    m_heatmap->installContextMenu([this] { return metadata(); });

    onParametersChanged();
}

DopaminePanel::~DopaminePanel() = default;

QStringList DopaminePanel::models() const { return {QString::fromLatin1(kModel)}; }
QString DopaminePanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet DopaminePanel::currentParameters() const { return m_controller->parameters(); }
quint64 DopaminePanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> DopaminePanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> DopaminePanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void DopaminePanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
}

QStringList DopaminePanel::readoutNames() const
{
    return {QStringLiteral("cs_error"),    QStringLiteral("reward_error"),    QStringLiteral("gamma_pow_d"),
            QStringLiteral("probe_dip"),   QStringLiteral("crossover_trial"), QStringLiteral("trial"),
            QStringLiteral("value_at_cs"), QStringLiteral("omitted_trials")};
}

void DopaminePanel::syncPaceBox()
{
    const double perSecond = m_controller->speed() * 1000.0;
    int index = -1;
    for (int i = 0; i < m_pace->count(); ++i)
        if (std::abs(m_pace->itemData(i).toDouble() - perSecond) < 1e-6 * perSecond)
            index = i;
    if (index < 0 && std::isfinite(perSecond)) {  // a speed set elsewhere (the toolbar, a scenario): name it
        m_pace->addItem(tr("%1 trials/s").arg(perSecond, 0, 'g', 4), perSecond);
        index = m_pace->count() - 1;
    } else if (index < 0) {
        m_pace->addItem(tr("as fast as possible"), perSecond);
        index = m_pace->count() - 1;
    }
    if (index != m_pace->currentIndex())
        m_pace->setCurrentIndex(index);
}

void DopaminePanel::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    // The trial-by-trial traces cover the trials the heatmap shows.
    m_controller->setView(p["trials"], 400);
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, p);
}

void DopaminePanel::setSeries(widgets::XYPlot* plot, QXYSeries* series, const QList<QPointF>& points)
{
    // Most curves stay the same from frame to frame (trial 1, a converged V): replacing them costs a chart update.
    QList<QPointF>& shown = m_shownPoints[series];
    if (shown == points && !points.isEmpty())
        return;
    shown = points;
    plot->setPoints(series, points);
}

void DopaminePanel::showFrame(const Frame& frame)
{
    syncPaceBox();
    // Numbers in text (legend names, the readout) change every frame at full speed, faster than anyone reads them,
    // and each change re-lays out a legend or a label: while running they follow at 10 Hz; a stopped run's last
    // frame always shows them exactly.
    const bool updateText = !frame.running || !m_textClock.isValid() || m_textClock.elapsed() >= 100;
    if (updateText)
        m_textClock.start();
    const int cue = int(metricOf(frame, "cs_step", -1));
    const int reward = int(metricOf(frame, "reward_step", -1));
    const int steps = int(metricOf(frame, "trial_steps", 0));
    const double gammaPowD = metricOf(frame, "gamma_pow_d");
    const double gamma = frame.parameters.contains("gamma") ? frame.parameters["gamma"] : std::nan("");
    const double lastTrial = metricOf(frame, "trial", 0);

    if (!frame.matrices.empty()) {
        MatrixImage heat = frame.matrices[0];
        if (heat.isEmpty()) {  // no trial yet: one empty row keeps the axes and the colour bar in place
            heat.rows = 1;
            heat.values.assign(std::size_t(heat.columns), std::nanf(""));
            heat.rowMin = 0.5;
            heat.rowMax = 1.5;
        }
        m_heatmap->setMatrix(heat);
    }
    m_heatmap->setMarks(cue, reward);

    // Single-trial curves and V(t).
    if (frame.matrices.size() > 1 && steps > 0) {
        const MatrixImage& curves = frame.matrices[1];
        for (int row = 0; row < 5 && row < curves.rows; ++row) {
            QList<QPointF> points;
            for (int t = 0; t < curves.columns; ++t)
                if (const float v = curves.at(row, t); std::isfinite(v))
                    points.append({double(t), double(v)});
            m_curvePoints[row] = points;
        }
        const QString middle = tr("#%1").arg(metricOf(frame, "middle_trial", 0), 0, 'f', 0);
        const QString latest = tr("#%1").arg(metricOf(frame, "latest_trial", 0), 0, 'f', 0);
        const QString latestName = !updateText ? m_curveSeries[LatestTrial]->name() :
            latest + (metricOf(frame, "latest_omitted", 0) > 0 ? tr(" (omitted)") : QString());
        if (updateText && m_curveSeries[MiddleTrial]->name() != middle)
            m_curveSeries[MiddleTrial]->setName(middle);
        if (m_curveSeries[LatestTrial]->name() != latestName)
            m_curveSeries[LatestTrial]->setName(latestName);
        for (int row = FirstTrial; row <= OmissionProbe; ++row)
            setSeries(m_curves, m_curveSeries[row], m_curvePoints[row]);
        if (steps != m_steps) {
            m_curves->setXRange(0, steps - 1);
            m_value->setXRange(0, steps - 1);
            m_steps = steps;
        }
        setSeries(m_curves, m_curveCue, vertical(cue, -1.2, 1.2));
        setSeries(m_curves, m_curveReward, vertical(reward, -1.2, 1.2));

        setSeries(m_value, m_valueSeries, m_curvePoints[ValueNow]);
        QList<QPointF> limit;
        for (int t = 0; t < steps; ++t)
            limit.append({double(t), t >= cue && t < reward ? std::pow(gamma, reward - 1 - t) : 0.0});
        setSeries(m_value, m_valueLimit, limit);
    }

    // δ at the cue and at the reward across the trials shown.
    m_csPoints.clear();
    m_rewardPoints.clear();
    for (const TraceView& trace : frame.traces) {
        QList<QPointF>* target = trace.channel.key == "cs_error"       ? &m_csPoints
                                 : trace.channel.key == "reward_error" ? &m_rewardPoints
                                                                       : nullptr;
        if (!target)
            continue;
        target->reserve(qsizetype(trace.points.size()));
        for (const PlotPoint& p : trace.points)
            target->append({p.x, p.y});
    }
    const double shown = frame.parameters.contains("trials") ? frame.parameters["trials"] : 200;
    // The axis moves in steps of a tenth of the window, not every frame (a moving axis re-lays out the chart).
    const double stepTrials = std::max(1.0, std::round(shown / 10));
    const double right = std::max(shown, std::ceil(lastTrial / stepTrials) * stepTrials), left = right - shown;
    if (right != m_errorsRight) {
        m_errors->setXRange(left, right);
        m_errorsRight = right;
    }
    setSeries(m_errors, m_csErrorSeries, m_csPoints);
    setSeries(m_errors, m_rewardErrorSeries, m_rewardPoints);
    setSeries(m_errors, m_gammaLevel, {{left, gammaPowD}, {right, gammaPowD}});

    if (!updateText)
        return;
    const double crossover = metricOf(frame, "crossover_trial");
    const double delay = frame.parameters.contains("delay") ? frame.parameters["delay"] : 0;
    const QString trialText = lastTrial > 0 ? tr("latest: trial %1").arg(lastTrial, 0, 'f', 0) : tr("no trial yet");
    m_readout->setText(
        tr("δ at the cue <b>%1</b> (learned: γ<sup>D</sup> = %2<sup>%3</sup> = <b>%4</b>) &nbsp;·&nbsp; at the reward "
           "<b>%5</b> &nbsp;·&nbsp; omission probe <b>%6</b><br>%7 &nbsp;·&nbsp; %8 &nbsp;·&nbsp; %9 of %10 rewards "
           "omitted")
            .arg(number(metricOf(frame, "cs_error"), 3), number(gamma, 2), QString::number(delay, 'f', 0),
                 number(gammaPowD, 3), number(metricOf(frame, "reward_error"), 3),
                 number(metricOf(frame, "probe_dip"), 2), trialText,
                 std::isfinite(crossover) ? tr("cue above reward from trial %1 on").arg(crossover, 0, 'f', 0)
                                          : tr("reward still above cue"),
                 number(metricOf(frame, "omitted_trials", 0), 0), number(lastTrial, 0)));
}

bool DopaminePanel::runHeadless(double ms, int timeoutMs) { return m_controller->runBlocking(ms, timeoutMs); }

QString DopaminePanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter case-studies | panel Dopamine\nmodel %3 | seed %4 | "
                          "trials run %5\nparameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 0)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> DopaminePanel::dataSeries()
{
    QList<widgets::DataSeries> series = m_heatmap->dataSeries();
    const QString t = tr("t (steps in trial)");
    const QString names[] = {tr("first trial"), tr("middle trial"), tr("latest trial"), tr("omission probe")};
    for (int row = FirstTrial; row <= OmissionProbe; ++row)
        series << widgets::DataSeries{tr("delta in single trials"), names[row], t, tr("delta"), m_curvePoints[row]};
    series << widgets::DataSeries{tr("value now"), tr("V"), t, tr("V (reward units)"), m_curvePoints[ValueNow]};
    series << widgets::DataSeries{tr("delta at cue and reward"), tr("at the cue"), tr("trial"), tr("delta"), m_csPoints};
    series << widgets::DataSeries{tr("delta at cue and reward"), tr("at the reward"), tr("trial"), tr("delta"),
                                  m_rewardPoints};
    return series;
}

}  // namespace neuroai::chapters
