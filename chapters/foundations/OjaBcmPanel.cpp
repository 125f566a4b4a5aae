#include "chapters/foundations/OjaBcmPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/SimulationController.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/PlotAlignment.h"
#include "widgets/XYPlot.h"

#include <spdlog/spdlog.h>

#include <QChart>
#include <QComboBox>
#include <QGridLayout>
#include <QLabel>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::chapters {

namespace {
const char* const kModel = "rate-rules-2d";
constexpr double kDeg = std::numbers::pi / 180.0;
// The model's rule choice and channel order (RateRuleModel.h).
enum Rule { Hebb = 0, Oja = 1, Bcm = 2 };
enum Channel { X1 = 0, X2, W1, W2, WNorm, AngleError, Y, Theta, ResponseA, ResponseB };

double metricOf(const Frame& frame, const char* key)
{
    const auto it = frame.metrics.find(key);
    return it == frame.metrics.end() ? 0.0 : it->second;
}

QList<QPointF> traceOf(const Frame& frame, int channel)
{
    QList<QPointF> points;
    if (channel >= int(frame.traces.size()))
        return points;
    const auto& source = frame.traces[std::size_t(channel)].points;
    points.reserve(qsizetype(source.size()));
    for (const PlotPoint& p : source)
        points.append({p.x, p.y});
    return points;
}

// A sample axis that starts at 0 and shows the frame's window, at least kWindowSamples wide so early frames do not
// stretch a handful of samples over the whole plot.
void setSampleRange(widgets::XYPlot* plot, const Frame& frame, double window)
{
    const double high = std::max(window, frame.timeMs);
    plot->setXRange(high - window, high);
}
}  // namespace

OjaBcmPanel::OjaBcmPanel(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("ojaBcmPanel"));
    m_controller = new SimulationController(createModel(kModel), this);
    const std::vector<ParamSpec>& specs = m_controller->specs();

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("foundations/oja-bcm"), schema(), &presetErrors, QString::fromLatin1(kModel));
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    const PanelFrame frame = buildPanelFrame(*this);
    const PresetRow presetRow = addPresetRow(frame.controls, m_presets);
    m_presetBox = presetRow.box;
    m_presetDescription = presetRow.description;
    m_panel = new widgets::ParameterPanel(specs);
    frame.controls->addWidget(m_panel, 1);
    m_figure = frame.figure;
    m_figure->setObjectName(QStringLiteral("ojaBcmFigure"));
    auto* grid = new QGridLayout(m_figure);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(2);

    namespace pal = widgets::palette;
    using Style = widgets::XYPlot::Style;

    m_readout = new QLabel(m_figure);
    m_readout->setObjectName(QStringLiteral("ojaReadout"));
    m_readout->setAlignment(Qt::AlignCenter);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setWordWrap(true);

    m_scatter = new widgets::XYPlot(false, m_figure);
    m_scatter->setObjectName(QStringLiteral("inputScatter"));
    m_scatter->setTitle(tr("Inputs and the weight vector"));
    m_scatter->setAxisTitles(tr("Input x₁ (a.u.)"), tr("Input x₂ (a.u.)"));
    m_samples = m_scatter->addSeries(tr("inputs x"), Style::Markers, pal::skyBlue);
    m_eigen = m_scatter->addSeries(tr("±e₁"), Style::Dashed, pal::black);
    m_patternLines = m_scatter->addSeries(tr("p_A, p_B"), Style::Dashed, pal::black);
    m_path = m_scatter->addSeries(tr("path of w"), Style::Line, pal::orange);
    m_arrow = m_scatter->addSeries(tr("w"), Style::Line, pal::vermillion);
    for (QValueAxis* axis : {m_scatter->xAxis(), m_scatter->yAxis()}) {
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0);
        axis->setTickInterval(1);
        axis->setLabelFormat(QStringLiteral("%.0f"));
    }

    m_angle = new widgets::XYPlot(false, m_figure);
    m_angle->setObjectName(QStringLiteral("anglePlot"));
    m_angle->setTitle(tr("Angle between w and e₁"));
    m_angle->setAxisTitles(tr("Samples presented n (samples)"), tr("Angle ∠(w, ±e₁) (deg)"));
    m_angleSeries = m_angle->addSeries(QString(), Style::Line, pal::vermillion);
    m_angle->setYRange(0, 90);

    m_norm = new widgets::XYPlot(false, m_figure);
    m_norm->setObjectName(QStringLiteral("normPlot"));
    m_norm->setTitle(tr("Length of the weight vector"));
    m_norm->setAxisTitles(tr("Samples presented n (samples)"), tr("Weight norm ‖w‖ (a.u.)"));
    m_normSeries = m_norm->addSeries(tr("‖w‖"), Style::Line, pal::blue);
    m_normReference = m_norm->addSeries(tr("Oja's fixed point ‖w‖ = 1"), Style::Dashed, pal::black);
    widgets::PlotView::excludeFromPins(m_normReference);

    m_bcm = new widgets::XYPlot(false, m_figure);
    m_bcm->setObjectName(QStringLiteral("bcmPlot"));
    m_bcm->setTitle(tr("BCM responses and threshold θ"));
    // y itself alternates between the two responses sample by sample (a solid band once decimated to the plot's
    // pixels), so the plot shows y for each pattern: the response to p_A and to p_B.
    m_bcm->setAxisTitles(tr("Samples presented n (samples)"), tr("y and θ (a.u.)"));
    m_responseA = m_bcm->addSeries(tr("y to p_A"), Style::Line, pal::blue);
    m_responseB = m_bcm->addSeries(tr("y to p_B"), Style::Line, pal::bluishGreen);
    m_thetaSeries = m_bcm->addSeries(tr("θ"), Style::Line, pal::orange);
    m_thetaTarget = m_bcm->addSeries(tr("K·y₀"), Style::Dashed, pal::black);
    widgets::PlotView::excludeFromPins(m_thetaTarget);

    grid->addWidget(m_readout, 0, 0, 1, 2);
    grid->addWidget(m_scatter, 1, 0, 2, 1);
    grid->addWidget(m_angle, 1, 1);
    grid->addWidget(m_bcm, 1, 1);
    grid->addWidget(m_norm, 2, 1);
    // The angle (or BCM) plot and the norm plot share the sample axis: keep their plot areas one above the other.
    new widgets::PlotAreaAligner({m_angle, m_bcm, m_norm}, this);
    grid->setColumnStretch(0, 5);
    grid->setColumnStretch(1, 4);
    grid->setRowStretch(1, 1);
    grid->setRowStretch(2, 1);

    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
    connect(m_presetBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().applyPreset(m_presetBox->itemData(index).toString());
    });
    connect(m_controller, &SimulationController::frameReady, this, &OjaBcmPanel::showFrame);
    connect(m_controller, &SimulationController::simulationError, this, [this](const QString& message) {
        // The runner's generic message speaks of NaN and ms; the frame that follows names the sample and the cause.
        m_panel->setMessage(m_divergence.isEmpty() ? message : m_divergence);
    });
    // Refit the scatter's ranges after its plot area changed, from the event loop: a new range changes the tick
    // labels, which can move the plot area again, so fitting inside the signal recursed without end.
    connect(m_scatter->chart(), &QChart::plotAreaChanged, this, [this] {
        if (m_fitPending)
            return;
        m_fitPending = true;
        QTimer::singleShot(0, this, [this] {
            m_fitPending = false;
            fitScatterAspect();
        });
    });
    for (widgets::XYPlot* plot : {m_scatter, m_angle, m_norm, m_bcm})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });

    m_controller->setSpeed(kDefaultSpeed);
    m_controller->setView(kWindowSamples, 600);
    m_controller->setPairedView(kScatterSamples, int(kScatterSamples));
    onParametersChanged();
}

OjaBcmPanel::~OjaBcmPanel() = default;

bool OjaBcmPanel::isBcm() const { return int(std::lround(m_controller->parameters()["rule"])) == Bcm; }

QPointF OjaBcmPanel::arrowTip() const { return m_arrowTip; }

QPointF OjaBcmPanel::drawnEigenvector() const
{
    // The dashed line runs from −R·e₁ to +R·e₁: its second point over its length is e₁.
    if (m_eigen->count() < 2)
        return {};
    const QPointF a = m_eigen->at(0), b = m_eigen->at(1);
    const QPointF d = b - a;
    const double length = std::hypot(d.x(), d.y());
    return length > 0 ? d / length : QPointF();
}

void OjaBcmPanel::fitScatterAspect()
{
    // Equal units on both axes, so angles on screen are the true angles: the shorter side of the plot area shows
    // [−R, R] and the longer one proportionally more.
    // A change of less than 0.5 % is left alone, and a plot of unchanged size is refitted at most 4 times, so two
    // layouts that provoke each other cannot keep the event loop busy.
    const QRectF area = m_scatter->chart()->plotArea();
    if (area.width() < 1 || area.height() < 1)
        return;
    if (m_scatter->size() != m_fitSize) {
        m_fitSize = m_scatter->size();
        m_fitCount = 0;
    }
    const double r = kScatterHalfRange;
    const double aspect = area.width() / area.height();
    const double rx = aspect >= 1 ? r * aspect : r, ry = aspect >= 1 ? r : r / aspect;
    const auto differs = [](double a, double b) { return std::abs(a / b - 1) > 0.005; };
    if ((differs(m_scatter->xAxis()->max(), rx) || differs(m_scatter->yAxis()->max(), ry)) && m_fitCount < 4) {
        ++m_fitCount;
        m_scatter->xAxis()->setRange(-rx, rx);
        m_scatter->yAxis()->setRange(-ry, ry);
    }
}

void OjaBcmPanel::drawStatic()
{
    const ParamSet p = m_controller->parameters();
    const double phi = p["cloud_angle"] * kDeg;
    const double reach = 10 * kScatterHalfRange;  // beyond any plot edge
    const bool bcm = isBcm();
    const QPointF e1(std::cos(phi), std::sin(phi));
    m_eigen->replace({-reach * e1, reach * e1});
    m_eigen->setVisible(!bcm);
    m_scatter->setInLegend(m_eigen, !bcm);
    const double half = 0.5 * p["separation"] * kDeg;
    const QPointF a(std::cos(phi - half), std::sin(phi - half)), b(std::cos(phi + half), std::sin(phi + half));
    // Two rays from the origin through the patterns (the pattern clusters sit at their unit points).
    m_patternLines->replace({reach * a, QPointF(0, 0), reach * b});
    m_patternLines->setVisible(bcm);
    m_scatter->setInLegend(m_patternLines, bcm);
    m_angle->setVisible(!bcm);
    m_bcm->setVisible(bcm);
    m_normReference->setVisible(int(std::lround(p["rule"])) == Oja);
    m_norm->setInLegend(m_normReference, int(std::lround(p["rule"])) == Oja);
}

void OjaBcmPanel::syncPresetBox()
{
    syncPresetRow(m_presetBox, m_presetDescription, m_presets, m_controller->parameters());
}

QStringList OjaBcmPanel::models() const { return {QString::fromLatin1(kModel)}; }
QString OjaBcmPanel::currentModel() const { return QString::fromLatin1(kModel); }
ParamSet OjaBcmPanel::currentParameters() const { return m_controller->parameters(); }
quint64 OjaBcmPanel::currentSeed() const { return m_controller->seed(); }

std::vector<ParamSpec> OjaBcmPanel::specsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_controller->specs() : std::vector<ParamSpec>{};
}

QList<Preset> OjaBcmPanel::presetsFor(const QString& model) const
{
    return model == QLatin1String(kModel) ? m_presets : QList<Preset>{};
}

void OjaBcmPanel::applyState(const PanelState& target, bool restart)
{
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    m_divergence.clear();
    onParametersChanged();
}

QStringList OjaBcmPanel::readoutNames() const
{
    return {QStringLiteral("angle_error_deg"), QStringLiteral("w_norm"),       QStringLiteral("theta_mean"),
            QStringLiteral("response_a"),      QStringLiteral("response_b"),   QStringLiteral("ln_norm_slope"),
            QStringLiteral("diverged_at"),     QStringLiteral("samples")};
}

void OjaBcmPanel::onParametersChanged()
{
    drawStatic();
    syncPresetBox();
}

void OjaBcmPanel::showFrame(const Frame& frame)
{
    const int rule = int(std::lround(frame.parameters["rule"]));
    const bool bcm = rule == Bcm;

    // Scatter: the recent inputs (paired samples, so x₁ and x₂ belong together) and the path of w's tip.
    QList<QPointF> inputs, path;
    if (frame.pairedValues.size() > std::size_t(W2)) {
        const auto& x1 = frame.pairedValues[X1];
        const auto& x2 = frame.pairedValues[X2];
        const auto& w1 = frame.pairedValues[W1];
        const auto& w2 = frame.pairedValues[W2];
        inputs.reserve(qsizetype(x1.size()));
        path.reserve(qsizetype(x1.size()));
        for (std::size_t i = 0; i < x1.size() && i < x2.size() && i < w1.size() && i < w2.size(); ++i) {
            inputs.append({x1[i], x2[i]});
            path.append({w1[i], w2[i]});
        }
    }
    m_samples->replace(inputs);
    // Small, pale dots: Qt Charts draws scatter series above line series, and the arrow must stay visible through
    // the cloud. (Set here rather than once because a presentation-mode restyle puts back the plot's default.)
    if (auto* dots = qobject_cast<QScatterSeries*>(m_samples)) {
        const double size = 4.5 * widgets::PlotStyle::presentationScale();
        if (dots->markerSize() != size) {
            dots->setMarkerSize(size);
            dots->setColor(QColor(86, 180, 233, 70));
            dots->setBorderColor(QColor(86, 180, 233, 160));
        }
    }
    // The arrow: origin → w, with a head. A w longer than the plot (Hebb) is drawn shortened to the plot's edge;
    // the readout gives its length.
    const QPointF w(metricOf(frame, "w1"), metricOf(frame, "w2"));
    const double norm = std::hypot(w.x(), w.y());
    const double limit = 0.95 * kScatterHalfRange;
    const QPointF tip = norm > limit ? w * (limit / norm) : w;
    m_arrowTip = tip;
    const double tipLength = std::hypot(tip.x(), tip.y());
    QList<QPointF> arrow{{0, 0}, tip};
    if (tipLength > 1e-9) {
        const QPointF back = -tip / tipLength * std::min(0.25, 0.4 * tipLength);
        const QPointF side(-back.y() * 0.5, back.x() * 0.5);
        arrow << tip + back + side << tip << tip + back - side;
    }
    m_arrow->replace(arrow);
    m_path->replace(norm > limit ? QList<QPointF>{} : path);

    // Time plots over the window.
    if (bcm) {
        const double target = metricOf(frame, "theta_target");
        m_responseA->replace(traceOf(frame, ResponseA));
        m_responseB->replace(traceOf(frame, ResponseB));
        m_thetaSeries->replace(traceOf(frame, Theta));
        const double high = std::max(kWindowSamples, frame.timeMs);
        m_thetaTarget->replace({{high - kWindowSamples, target}, {high, target}});
        double top = 1.5 * target;
        for (const Channel c : {ResponseA, ResponseB, Theta})
            if (std::size_t(c) < frame.traces.size())
                for (const PlotPoint& p : frame.traces[std::size_t(c)].points)
                    top = std::max(top, p.y);
        const double wanted = widgets::XYPlot::niceTop(1.1 * top);
        if (wanted > m_bcmTop || wanted < 0.5 * m_bcmTop) {
            m_bcmTop = wanted;
            m_bcm->setYRange(0, m_bcmTop);
        }
        setSampleRange(m_bcm, frame, kWindowSamples);
    } else {
        m_angleSeries->replace(traceOf(frame, AngleError));
        setSampleRange(m_angle, frame, kWindowSamples);
    }
    m_normSeries->replace(traceOf(frame, WNorm));
    const double high = std::max(kWindowSamples, frame.timeMs);
    m_normReference->replace({{high - kWindowSamples, 1.0}, {high, 1.0}});
    double top = rule == Oja ? 1.2 : 0.6;
    if (std::size_t(WNorm) < frame.traces.size())
        for (const PlotPoint& p : frame.traces[WNorm].points)
            top = std::max(top, p.y);
    const double wanted = widgets::XYPlot::niceTop(1.1 * top);
    if (wanted > m_normTop || wanted < 0.4 * m_normTop) {
        m_normTop = wanted;
        m_norm->setYRange(0, m_normTop);
    }
    setSampleRange(m_norm, frame, kWindowSamples);

    // Readout.
    const double n = metricOf(frame, "samples");
    QString text;
    if (bcm) {
        const double a = metricOf(frame, "response_a"), b = metricOf(frame, "response_b");
        const double larger = std::max(a, b);
        QString verdict;
        if (larger > 0 && std::min(a, b) < 0.1 * larger)
            verdict = tr("selective for %1").arg(a > b ? QStringLiteral("p_A") : QStringLiteral("p_B"));
        else if (larger <= 1e-3)
            verdict = tr("silent: both responses have collapsed");
        else
            verdict = tr("not selective yet");
        text = tr("<b>BCM</b> · n = %1 · responses p_A <b>%2</b>, p_B <b>%3</b> → %4<br>"
                  "y = %9 · θ = %5 · mean θ̄ (last ~500) <b>%6</b> vs K·y₀ = %7 · ‖w‖ = %8")
                   .arg(n, 0, 'f', 0)
                   .arg(a, 0, 'f', 2)
                   .arg(b, 0, 'f', 2)
                   .arg(verdict)
                   .arg(metricOf(frame, "theta"), 0, 'f', 2)
                   .arg(metricOf(frame, "theta_mean"), 0, 'f', 2)
                   .arg(metricOf(frame, "theta_target"), 0, 'f', 2)
                   .arg(metricOf(frame, "w_norm"), 0, 'f', 3)
                   .arg(metricOf(frame, "y"), 0, 'f', 2);
    } else {
        const double ratio = frame.parameters["axis_ratio"];
        const QString angle = ratio > 0.995 ? tr("<b>undefined</b> (round cloud: λ₁ = λ₂, every direction is an "
                                                 "eigenvector)")
                                            : tr("<b>%1°</b>").arg(metricOf(frame, "angle_error_deg"), 0, 'f', 2);
        text = tr("<b>%1</b> · n = %2 · angle between w and e₁: %3 · ‖w‖ = <b>%4</b>%5<br>"
                  "w = (%6, %7) · e₁ = (%8, %9) · λ₁ = 1, λ₂ = %10")
                   .arg(rule == Oja ? tr("Oja") : tr("Hebb"))
                   .arg(n, 0, 'f', 0)
                   .arg(angle)
                   .arg(metricOf(frame, "w_norm"), 0, 'g', 4)
                   .arg(rule == Oja ? tr(" (Oja: → 1)") : QString())
                   .arg(w.x(), 0, 'g', 3)
                   .arg(w.y(), 0, 'g', 3)
                   .arg(metricOf(frame, "e1_x"), 0, 'f', 3)
                   .arg(metricOf(frame, "e1_y"), 0, 'f', 3)
                   .arg(metricOf(frame, "lambda2"), 0, 'f', 3);
        if (rule == Hebb && n >= 500)
            text += tr(" · slope of ln‖w‖ (last 500): <b>%1</b> per sample vs ln(1 + ηλ₁) = %2")
                        .arg(metricOf(frame, "ln_norm_slope"), 0, 'f', 5)
                        .arg(metricOf(frame, "hebb_slope"), 0, 'f', 5);
    }
    if (metricOf(frame, "diverged") > 0) {
        const double at = metricOf(frame, "diverged_at");
        m_divergence = rule == Hebb
                           ? tr("Stopped at sample %1: ‖w‖ passed 10⁶. Hebb's rule has no bound, so w grows by "
                                "about 1 + ηλ₁ per sample for ever. Press Reset, or switch to Oja.")
                                 .arg(at, 0, 'f', 0)
                           : tr("Stopped at sample %1: ‖w‖ passed 10⁶. The learning rate is too large: a sample "
                                "with η·y²·‖x‖²/‖w‖² above about 2 overshoots, and the next one overshoots further. "
                                "Lower η and press Reset.")
                                 .arg(at, 0, 'f', 0);
        m_panel->setMessage(m_divergence);
        text = QStringLiteral("<span style='color:#D55E00'><b>%1</b></span><br>").arg(tr("Diverged")) + text;
    }
    m_readout->setText(text);
}

bool OjaBcmPanel::runHeadless(double samples, int timeoutMs) { return m_controller->runBlocking(samples, timeoutMs); }

QString OjaBcmPanel::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter foundations | panel Oja and BCM\nmodel %3 | seed %4 | samples presented "
                          "%5\nparameters: %6")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), QString::fromLatin1(kModel))
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 0)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> OjaBcmPanel::dataSeries()
{
    QList<widgets::DataSeries> series;
    const Recording recording = m_controller->recording();
    for (std::size_t c = 0; c < recording.values.size() && c < recording.channels.size(); ++c) {
        const ChannelInfo& info = recording.channels[c];
        const QString unit = info.unit.empty() ? tr("a.u.") : QString::fromStdString(info.unit);
        widgets::DataSeries trace{tr("rate rule run"), QString::fromStdString(info.label), tr("n (samples)"),
                                  QStringLiteral("%1 (%2)").arg(QString::fromStdString(info.key), unit), {}};
        for (std::size_t i = 0; i < recording.t.size() && i < recording.values[c].size(); ++i)
            trace.points.append({recording.t[i], recording.values[c][i]});
        series << trace;
    }
    return series;
}

}  // namespace neuroai::chapters
