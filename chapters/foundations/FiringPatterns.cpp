#include "chapters/foundations/FiringPatterns.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/PanelSupport.h"
#include "chapters/framework/PhasePlaneSupport.h"

#include "chapters/framework/SimulationController.h"
#include "engine/analysis/SpikeStats.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Stimulus.h"
#include "engine/core/Version.h"
#include "engine/models/NeuronModel.h"
#include "widgets/CurvePlot.h"
#include "widgets/GatingPlot.h"
#include "widgets/IsiHistogramPlot.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PhasePlanePlot.h"
#include "widgets/PlotAlignment.h"
#include "widgets/PlotStyle.h"
#include "widgets/TimeSeriesPlot.h"

#include <spdlog/spdlog.h>

#include <QAbstractButton>
#include <QButtonGroup>
#include <QChart>
#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHash>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>
#include <cmath>
#include <stdexcept>

namespace neuroai::chapters {

namespace {
constexpr double kWindowMs = 1000;      // long enough for a burst cycle or a delayed onset
constexpr double kTrajectoryMs = 400;   // recent history drawn in the phase plane
constexpr double kSweepDurationMs = 2000;
constexpr int kSweepPoints = 31;
constexpr std::size_t kMaxIntervals = 2000;

// The order of the selector: the three models of the chapter's section, then LIF for comparison.
const char* const kModelOrder[] = {"hh", "izhikevich", "adex", "lif"};
const char* const kDefaultModel = "izhikevich";

std::unique_ptr<NeuronModel> createNeuron(const QString& id)
{
    std::unique_ptr<Model> model = createModel(id.toStdString());
    if (auto* neuron = dynamic_cast<NeuronModel*>(model.get())) {
        model.release();
        return std::unique_ptr<NeuronModel>(neuron);
    }
    return nullptr;
}

QPalette mutedPalette(QPalette palette)
{
    // A palette, not a style sheet: fonts still follow the app (presentation mode).
    palette.setColor(QPalette::WindowText, QColor(85, 85, 85));
    return palette;
}

// A range grown to hold [low, high], rounded outwards to multiples of `step`.
std::pair<double, double> grow(const std::optional<std::pair<double, double>>& current, double low, double high,
                               double step)
{
    double lo = std::floor(low / step) * step, hi = std::ceil(high / step) * step;
    if (current) {
        lo = std::min(lo, current->first);
        hi = std::max(hi, current->second);
    }
    if (!(hi > lo))
        hi = lo + step;
    return {lo, hi};
}

// Calls `onResize` whenever the watched widget is resized.
class ResizeWatcher : public QObject {
public:
    ResizeWatcher(QWidget* watched, std::function<void()> onResize)
        : QObject(watched)
        , m_onResize(std::move(onResize))
    {
        watched->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Resize || event->type() == QEvent::FontChange)
            m_onResize();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onResize;
};

int channelIndex(const Frame& frame, const std::string& key)
{
    for (std::size_t i = 0; i < frame.traces.size(); ++i)
        if (frame.traces[i].channel.key == key)
            return int(i);
    return -1;
}

}  // namespace

QStringList FiringPatterns::availableModels()
{
    QStringList ids;
    for (const char* id : kModelOrder)
        if (createNeuron(QString::fromLatin1(id)))
            ids << QString::fromLatin1(id);
    return ids;
}

FiringPatterns::FiringPatterns(QWidget* parent)
    : ExperimentPanel(parent)
{
    setObjectName(QStringLiteral("firingPatterns"));
    const QStringList models = availableModels();
    if (models.isEmpty())
        throw std::runtime_error("no neuron model is registered");
    const QString initial =
        models.contains(QLatin1String(kDefaultModel)) ? QString::fromLatin1(kDefaultModel) : models.first();
    m_controller = new SimulationController(createModel(initial.toStdString()), this);

    // --- controls: model, preset gallery, parameters, integration scheme ---
    const PanelFrame frame = buildPanelFrame(*this, 350, 370);
    m_controlsLayout = frame.controls;
    QWidget* controls = m_controlsLayout->parentWidget();
    auto* modelRow = new QFormLayout;
    m_modelBox = new QComboBox(controls);
    m_modelBox->setObjectName(QStringLiteral("modelBox"));
    for (const QString& id : models)
        m_modelBox->addItem(modelTitle(id), id);
    m_modelBox->setToolTip(tr("The neuron model simulated in this panel"));
    modelRow->addRow(tr("Model"), m_modelBox);
    m_controlsLayout->addLayout(modelRow);

    auto* presetHeading = new QLabel(tr("<b>Firing patterns</b> (keys 1–9)"), controls);
    m_controlsLayout->addWidget(presetHeading);
    m_gallery = new QWidget(controls);
    m_gallery->setObjectName(QStringLiteral("presetGallery"));
    m_galleryLayout = new QGridLayout(m_gallery);
    m_galleryLayout->setContentsMargins(0, 0, 0, 0);
    m_galleryLayout->setSpacing(3);
    m_presetGroup = new QButtonGroup(this);
    m_presetGroup->setExclusive(true);
    m_controlsLayout->addWidget(m_gallery);
    new ResizeWatcher(m_gallery, [this] { flowPresetGallery(); });
    m_presetDescription = new QLabel(controls);
    m_presetDescription->setObjectName(QStringLiteral("presetDescription"));
    m_presetDescription->setWordWrap(true);
    m_presetDescription->setPalette(mutedPalette(m_presetDescription->palette()));
    m_controlsLayout->addWidget(m_presetDescription);
    // The parameter panel is inserted here (index 4) by rebuildControls().
    m_scheme = new QLabel(controls);
    m_scheme->setObjectName(QStringLiteral("integrationScheme"));
    m_scheme->setWordWrap(true);
    m_scheme->setTextFormat(Qt::RichText);
    m_scheme->setPalette(mutedPalette(m_scheme->palette()));
    m_controlsLayout->addWidget(m_scheme);
    m_controlsLayout->addStretch(1);

    // --- the figure ---
    m_figure = frame.figure;
    m_figure->setObjectName(QStringLiteral("firingFigure"));
    auto* grid = new QGridLayout(m_figure);
    grid->setContentsMargins(4, 4, 4, 4);
    grid->setSpacing(2);

    m_trace = new widgets::TimeSeriesPlot(m_figure);
    m_trace->setObjectName(QStringLiteral("tracePlot"));
    m_trace->setAxisTitles(tr("Time t (ms)"), tr("Voltage V (mV)"));
    m_trace->setTraceName(tr("V"));
    // The input strip below shares the time axis and carries its labels.
    m_trace->xAxis()->setTitleVisible(false);
    m_trace->xAxis()->setLabelsVisible(false);

    m_input = new widgets::TimeSeriesPlot(m_figure);
    m_input->setObjectName(QStringLiteral("inputPlot"));
    m_input->setTraceName(tr("input I"));
    m_input->chart()->legend()->hide();
    // A strip, 125–200 px at normal type, growing with the plots' type so its tick labels and title keep their room.
    const auto sizeInputStrip = [this] {
        const double type = std::max(1.0, widgets::PlotStyle::presentationScale());
        m_input->setMinimumHeight(int(125 * type));
        m_input->setMaximumHeight(int((type > 1.0 ? 180 : 200) * type));
    };
    sizeInputStrip();
    new ResizeWatcher(m_input, sizeInputStrip);
    {
        QPen pen(widgets::palette::bluishGreen);
        pen.setWidthF(widgets::PlotStyle::lineWidth());
        m_input->traceSeries()->setPen(pen);
    }

    m_phase = new widgets::PhasePlanePlot(m_figure);
    m_phase->setObjectName(QStringLiteral("phasePlot"));
    m_phaseNote = new QLabel(m_figure);
    m_phaseNote->setObjectName(QStringLiteral("phaseNote"));
    m_phaseNote->setWordWrap(true);
    m_phaseNote->setAlignment(Qt::AlignCenter);
    m_phaseNote->setMargin(12);
    m_phaseNote->setPalette(mutedPalette(m_phaseNote->palette()));

    m_gating = new widgets::GatingPlot(m_figure);
    m_gating->setObjectName(QStringLiteral("gatingPlot"));
    m_gating->setTitle(tr("Gating variables m, h, n"));
    m_gating->setToolTip(tr("The open fractions of the Hodgkin–Huxley gates: sodium activation m, sodium "
                            "inactivation h and potassium activation n. In a spike m rises first, then h falls and "
                            "n rises; both recover before the next spike can fire."));
    m_gating->hide();

    m_fi = new widgets::CurvePlot(m_figure);
    m_fi->setObjectName(QStringLiteral("fiPlot"));
    m_fi->setSeriesNames(tr("f-I curve"), tr("—"), tr("this cell"));
    m_fi->setToolTip(tr("Firing rate (spikes per second over the run) against constant input: each dot is a separate "
                        "2 s simulation, run in the background; the diamond is the cell you are watching."));
    m_fi->referenceSeries()->setVisible(false);
    for (QLegendMarker* marker : m_fi->chart()->legend()->markers(m_fi->referenceSeries()))
        marker->setVisible(false);

    m_isi = new widgets::IsiHistogramPlot(m_figure);
    m_isi->setObjectName(QStringLiteral("isiPlot"));
    m_isi->setToolTip(tr("Intervals between the spikes since the last reset or change. Adaptation index: the "
                         "mean relative change between consecutive intervals over the first %1 (> 0 the cell slows "
                         "down, < 0 it speeds up). ISI CV: standard deviation of all the intervals over their mean.")
                          .arg(widgets::IsiHistogramPlot::kAdaptationIntervals));
    for (widgets::PlotView* plot :
         std::initializer_list<widgets::PlotView*>{m_trace, m_input, m_phase, m_gating, m_fi, m_isi})
        plot->chart()->layout()->setContentsMargins(0, 0, 0, 0);  // every pixel of height counts at 1280×800

    // The voltage and the input share the time axis: their plot areas keep one left edge and width.
    new widgets::PlotAreaAligner({m_trace, m_input}, this);
    grid->addWidget(m_trace, 0, 0, 1, 2);
    grid->addWidget(m_input, 1, 0, 1, 2);
    // The phase plane (or the note that replaces it) and, for Hodgkin–Huxley, the gating variables below it.
    auto* phaseColumn = new QVBoxLayout;
    phaseColumn->setContentsMargins(0, 0, 0, 0);
    phaseColumn->setSpacing(2);
    phaseColumn->addWidget(m_phase, 1);
    phaseColumn->addWidget(m_phaseNote, 1);
    phaseColumn->addWidget(m_gating, 1);
    grid->addLayout(phaseColumn, 2, 0, 2, 1);
    grid->addWidget(m_fi, 2, 1);
    // The ISI measures as a wrapped line above the histogram: as a legend entry they were elided at 1280 px.
    m_isiReadout = new QLabel(m_figure);
    m_isiReadout->setObjectName(QStringLiteral("isiReadout"));
    m_isiReadout->setWordWrap(true);
    m_isiReadout->setAlignment(Qt::AlignCenter);
    m_isiReadout->setToolTip(m_isi->toolTip());
    m_isi->chart()->legend()->hide();
    auto* isiColumn = new QVBoxLayout;
    isiColumn->setContentsMargins(0, 0, 0, 0);
    isiColumn->setSpacing(0);
    isiColumn->addWidget(m_isiReadout, 0);
    isiColumn->addWidget(m_isi, 1);
    grid->addLayout(isiColumn, 3, 1);
    grid->setRowStretch(0, 5);
    grid->setRowStretch(1, 2);
    grid->setRowStretch(2, 4);
    grid->setRowStretch(3, 4);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);

    // --- wiring ---
    connect(m_modelBox, &QComboBox::activated, this, [this](int index) {
        if (index >= 0)
            binding().setModel(m_modelBox->itemData(index).toString());
    });
    connect(m_presetGroup, &QButtonGroup::buttonClicked, this, [this](QAbstractButton* button) {
        binding().applyPreset(m_modelId + QLatin1Char('/') + button->property("presetName").toString());
    });

    connect(m_controller, &SimulationController::frameReady, this, &FiringPatterns::showFrame);
    // The trace and the input strip below it share one time axis: zooming or panning one moves the other.
    const auto follow = [this](widgets::TimeSeriesPlot* from, widgets::TimeSeriesPlot* to) {
        connect(from, &widgets::TimeSeriesPlot::timeViewChanged, to, [to](double low, double high, bool zoomed) {
            if (zoomed)
                to->setTimeView(low, high);
            else
                to->resetView();
        });
    };
    follow(m_trace, m_input);
    follow(m_input, m_trace);
    connect(m_controller, &SimulationController::simulationError, this, [this](const QString& message) {
        if (m_panel)
            m_panel->setMessage(message);
    });
    connect(m_trace, &widgets::TimeSeriesPlot::plotColumnsChanged, this,
            [this](int columns) { m_controller->setView(kWindowMs, columns); });
    for (QWidget* plot : {static_cast<QWidget*>(m_trace), static_cast<QWidget*>(m_input),
                          static_cast<QWidget*>(m_phase), static_cast<QWidget*>(m_fi), static_cast<QWidget*>(m_isi)})
        widgets::FigureExporter::installContextMenu(plot, [this] { return metadata(); });
    m_sweep = new FiSweepDriver(
        *m_fi,
        [this] {
            ParamSet base = m_controller->parameters();
            base.set("stimulus", 0);  // constant input: the f-I curve is the steady response to I = i_ext
            const auto [lower, upper] = sweepRange();
            const std::string id = m_modelId.toStdString();
            return FiSweepSetup{[id] { return createModel(id); }, base, linearSweep(lower, upper, kSweepPoints),
                                kSweepDurationMs, m_controller->seed()};
        },
        // Spikes per second over the whole run rather than the model's rate_hz (1000 / mean ISI): for a cell that
        // fires one short burst and falls silent, the mean ISI is that of the burst, which would read as hundreds
        // of hertz. A point cut short by the sweep's budget counts over the time it ran.
        [](const FiPoint& point) {
            return point.spikeCount * 1000.0 / (point.cutShort ? point.simulatedMs : kSweepDurationMs);
        },
        this);
    connect(m_sweep, &FiSweepDriver::failed, this, [this](const QString& message) {
        if (m_panel)
            m_panel->setMessage(message);
    });

    m_controller->setView(kWindowMs, m_trace->plotColumns());
    m_controller->setPairedView(kTrajectoryMs, 3000);
    m_controller->setSpikeStream(true);  // the ISI histogram counts every spike once
    installModel(initial);
    // Open on the first preset: a pattern to look at rather than a silent cell at its defaults. This is where the
    // panel starts, not an edit, so it is no undo step.
    if (!m_presets.isEmpty()) {
        PanelState start = captureState();
        start.parameters = m_presets.first().parameters;
        start.preset = m_presets.first().name;
        binding().apply(start, true);
    }
    m_sweep->startNow();
}

FiringPatterns::~FiringPatterns() = default;

QString FiringPatterns::modelTitle(const QString& id) const
{
    for (const ModelEntry& entry : modelRegistry())
        if (entry.id == id.toStdString())
            return QString::fromUtf8(entry.title.data(), qsizetype(entry.title.size()));
    return id;
}

bool FiringPatterns::hasPhasePlane() const { return m_theory && m_theory->phasePlane(); }

QString FiringPatterns::setModel(const QString& id)
{
    return binding().setModel(id);
}

std::vector<ParamSpec> FiringPatterns::specsFor(const QString& model) const
{
    if (model == m_modelId)
        return m_controller->specs();
    if (!availableModels().contains(model))
        return {};
    return createModel(model.toStdString())->specs();
}

QList<Preset> FiringPatterns::presetsFor(const QString& model) const
{
    if (model == m_modelId)
        return m_presets;
    if (!availableModels().contains(model))
        return {};
    return loadPresets(QStringLiteral("foundations/") + model, schema(), nullptr, model);
}

void FiringPatterns::applyState(const PanelState& target, bool restart)
{
    const bool modelChanged = target.model != m_modelId;
    if (modelChanged)
        installModel(target.model);  // a fresh runner at t = 0
    applyToController(*m_controller, target, restart);
    m_panel->setValues(target.parameters);
    m_panel->setMessage(QString());
    onParametersChanged();
    if (modelChanged)
        m_sweep->startNow();
}

void FiringPatterns::installModel(const QString& id)
{
    std::unique_ptr<NeuronModel> theory = createNeuron(id);
    if (!theory)
        throw std::runtime_error("model '" + id.toStdString() + "' is not a neuron model");
    if (m_controller->modelId() != id.toStdString())
        m_controller->replaceModel(createModel(id.toStdString()));
    m_theory = std::move(theory);
    m_modelId = id;
    m_presetName.clear();
    m_modelBox->setCurrentIndex(m_modelBox->findData(id));

    QStringList presetErrors;
    m_presets = loadPresets(QStringLiteral("foundations/") + id, schema(), &presetErrors, id);
    for (const QString& error : presetErrors)
        spdlog::error("{}", error.toStdString());

    rebuildControls();
    if (m_sweep)
        m_sweep->stop();  // cancels and joins a sweep of the previous model
    m_fi->clearMeasured();
    m_fi->setOperatingPoint(std::nullopt);
    m_trace->clear();
    m_input->clear();
    m_phase->clearTrajectory();
    m_gating->clear();

    const QString unit = QString::fromStdString(m_theory->currentUnit());
    m_input->setAxisTitles(tr("Time t (ms)"), widgets::axisTitleWithUnit(tr("I"), unit));
    m_fi->setAxisTitles(widgets::axisTitleWithUnit(tr("Input I"), unit), tr("Rate f (Hz)"));
    const QString scheme = QString::fromStdString(m_theory->integrationScheme());
    m_scheme->setText(tr("<b>Integration.</b> %1").arg(scheme.toHtmlEscaped()));
    m_scheme->setToolTip(m_scheme->text());

    const bool plane = m_theory->phasePlane() != nullptr;
    const bool projection = !plane && m_theory->channels().size() > 2;  // model channels + "i_in"
    QStringList gates;
    for (const ChannelInfo& c : m_theory->channels())
        if (c.key == "m" || c.key == "h" || c.key == "n")
            gates << QString::fromStdString(c.key);
    // Hodgkin–Huxley: its gates against time take the phase plane's place (the chapter's text asks the reader to
    // watch them); a V–n projection is only for a model with more variables and no such gates.
    const bool gating = gates.size() == 3;
    if (gating)
        m_gating->setChannels({QStringLiteral("m"), QStringLiteral("h"), QStringLiteral("n")},
                              {QStringLiteral("m"), QStringLiteral("h"), QStringLiteral("n")});
    m_gating->setVisible(gating);
    m_phase->setVisible(plane || (projection && !gating));
    m_phaseNote->setVisible(!plane && !projection);
    m_phaseNote->setText(tr("This model has a single state variable, V: there is no phase plane to draw. "
                            "Its whole dynamics is the line dV/dt = f(V) of the equation in the chapter text."));
    onParametersChanged();
}

void FiringPatterns::rebuildControls()
{
    // Preset gallery: two columns of buttons, one per preset of this model.
    for (QAbstractButton* button : m_presetGroup->buttons()) {
        m_presetGroup->removeButton(button);
        delete button;
    }
    for (int i = 0; i < m_presets.size(); ++i) {
        auto* button = new QPushButton(m_presets[i].title, m_gallery);
        button->setCheckable(true);
        button->setProperty("presetName", m_presets[i].name);
        button->setToolTip(i < 9 ? tr("%1 (key %2)").arg(m_presets[i].description).arg(i + 1)
                                 : m_presets[i].description);
        // Ignored: the gallery never widens the column; flowPresetGallery() picks one or two columns so that every
        // title is shown whole.
        button->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        m_presetGroup->addButton(button, i);
    }
    m_gallery->setVisible(!m_presets.isEmpty());
    m_galleryColumns = 0;
    flowPresetGallery();

    // Parameters with the stimulus first: the input is what explains the trace, so it is in sight without scrolling.
    std::vector<ParamSpec> specs = m_controller->specs();
    std::stable_partition(specs.begin(), specs.end(), [](const ParamSpec& s) { return s.group == "Stimulus"; });

    // Parameters: a fresh panel for the new specs, in the place of the old one.
    auto* panel = new widgets::ParameterPanel(specs);
    panel->setObjectName(QStringLiteral("parameterPanel"));
    if (m_panel) {
        delete m_controlsLayout->replaceWidget(m_panel, panel);  // the caller owns the returned layout item
        delete m_panel;
    } else {
        m_controlsLayout->insertWidget(m_controlsLayout->indexOf(m_scheme), panel);
    }
    m_panel = panel;
    m_panel->setValues(m_controller->parameters());
    connectParameterPanel(binding(), *m_panel, [this] { return m_controller->parameters(); });
}

void FiringPatterns::flowPresetGallery()
{
    const QList<QAbstractButton*> buttons = m_presetGroup->buttons();
    int widest = 0;
    for (QAbstractButton* button : buttons) {
        QFont font = button->font();
        widest = std::max(widest, QFontMetrics(font).horizontalAdvance(button->text()) + 24);
    }
    const int available = m_gallery->width() > 0 ? m_gallery->width() : 0;
    const int columns = available >= 2 * widest + m_galleryLayout->horizontalSpacing() ? 2 : 1;
    if (columns == m_galleryColumns && !buttons.isEmpty() && m_galleryLayout->indexOf(buttons.first()) >= 0)
        return;
    m_galleryColumns = columns;
    for (QAbstractButton* button : buttons)
        m_galleryLayout->removeWidget(button);
    for (QAbstractButton* button : buttons) {
        const int i = m_presetGroup->id(button);
        m_galleryLayout->addWidget(button, i / columns, i % columns);
    }
}

QList<QAbstractButton*> FiringPatterns::presetButtons() const { return m_presetGroup->buttons(); }

void FiringPatterns::syncPresetGallery()
{
    const ParamSet p = m_controller->parameters();
    m_presetName.clear();
    for (const Preset& preset : m_presets)
        if (preset.parameters.values() == p.values()) {
            m_presetName = preset.name;
            break;
        }
    // Uncheck all first: an exclusive group refuses to leave every button unchecked.
    m_presetGroup->setExclusive(false);
    for (QAbstractButton* button : m_presetGroup->buttons())
        button->setChecked(!m_presetName.isEmpty() && button->property("presetName").toString() == m_presetName);
    m_presetGroup->setExclusive(true);
    QString description = tr("Custom parameters.");
    QString pattern = tr("custom parameters");
    for (const Preset& preset : m_presets)
        if (preset.name == m_presetName) {
            description = preset.description;
            pattern = preset.title;
        }
    m_presetDescription->setText(description);
    static const QHash<QString, QString> shortNames{{QStringLiteral("hh"), tr("Hodgkin–Huxley")},
                                                    {QStringLiteral("izhikevich"), tr("Izhikevich")},
                                                    {QStringLiteral("adex"), tr("AdEx")},
                                                    {QStringLiteral("lif"), tr("LIF")}};
    m_trace->setTitle(tr("%1 — %2").arg(shortNames.value(m_modelId, modelTitle(m_modelId)), pattern));
}

void FiringPatterns::resetViews()
{
    m_isis.clear();
    m_lastSpike.reset();
    m_coveredUntil = -1;
    m_isi->clear();
    m_isiReadout->setText(m_isi->summary());
    m_vRange.reset();
    m_iRange.reset();
    m_projectionRange.reset();
    m_phaseYRange.reset();
    m_phase->clearTrajectory();
    m_gating->clear();
}

void FiringPatterns::onParametersChanged()
{
    const ParamSet p = m_controller->parameters();
    m_theory->setParameters(p);
    m_phaseDirty = true;
    resetViews();

    // Voltage axis: start from what the model's own numbers suggest; showFrame() widens it to the data.
    if (const PhasePlane* plane = m_theory->phasePlane()) {
        const auto range = plane->suggestedRange();
        m_vRange = grow(std::nullopt, range[0], std::max(range[1], plane->spikeCutoff()), 10);
        m_trace->setThreshold(plane->spikeCutoff(), tr("spike cut-off"));
    } else if (p.contains("v_th")) {
        m_vRange = grow(std::nullopt, std::min(p["v_reset"], p["v_rest"]) - 5, p["v_th"] + 5, 10);
        m_trace->setThreshold(p["v_th"], tr("threshold V_th"));
    } else {
        m_vRange = {-80.0, 50.0};
        m_trace->setThreshold(std::nullopt);
    }
    m_trace->setYRange(m_vRange->first, m_vRange->second);
    const Stimulus stimulus = stimulusFromParameters(p);
    const double amplitude = stimulus.kind == StimulusKind::Constant ? 0.0 : stimulus.effectiveAmplitude();
    const double inputLow = std::min({0.0, stimulus.bias, stimulus.bias + amplitude});
    const double inputHigh = std::max({0.0, stimulus.bias, stimulus.bias + amplitude});
    const double inputStep = widgets::niceStep(std::max(inputHigh - inputLow, 1e-3) / 2);
    m_iRange = grow(std::nullopt, inputLow - 0.1 * inputStep, inputHigh + 0.1 * inputStep, inputStep);
    m_input->setYRange(m_iRange->first, m_iRange->second);

    const auto [lower, upper] = sweepRange();
    m_fi->setXRange(lower, upper);
    syncPresetGallery();
    m_sweep->schedule();
}

std::pair<double, double> FiringPatterns::sweepRange() const
{
    const ParamSet p = m_controller->parameters();
    const ParamSpec* spec = p.spec("i_ext");
    const Stimulus stimulus = stimulusFromParameters(p);
    // The largest constant-equivalent input the protocol reaches, so the operating point lies inside the sweep.
    const double amplitude = stimulus.kind == StimulusKind::Constant ? 0.0 : stimulus.effectiveAmplitude();
    const double peak = std::max(stimulus.bias, stimulus.bias + amplitude);
    const double lower = std::max(spec->min, std::min(0.0, stimulus.bias));
    const double wanted = std::max({1.5 * std::abs(peak), 0.1 * (spec->max - lower), 1e-3});
    const double upper = std::min(spec->max, lower + widgets::niceCeiling(wanted));
    return {lower, upper};
}

bool FiringPatterns::sweepFinished() const
{
    return m_sweep->finished();
}

void FiringPatterns::collectIntervals(const Frame& frame)
{
    // Every spike once, from the runner's delta stream: frames are snapshots that the GUI may skip and that thin a
    // dense window, so they cannot give exact intervals.
    const SpikeBatch batch = m_controller->takeSpikes();
    if (frame.timeMs < m_coveredUntil) {  // a reset: start again
        m_isis.clear();
        m_lastSpike.reset();
    }
    m_coveredUntil = frame.timeMs;
    if (batch.dropped > 0)  // the queue overflowed: no interval may span the spikes that were lost
        m_lastSpike.reset();
    bool changed = false;
    for (std::size_t i = 0; i < batch.times.size(); ++i) {
        if (batch.neurons[i] != 0)
            continue;
        const double t = batch.times[i];
        if (m_lastSpike && t > *m_lastSpike) {
            m_isis.push_back(t - *m_lastSpike);
            changed = true;
        }
        m_lastSpike = t;
    }
    if (m_isis.size() > kMaxIntervals) {
        // The onset intervals stay: the adaptation index is read from them (IsiHistogramPlot).
        const auto keep = std::ptrdiff_t(widgets::IsiHistogramPlot::kAdaptationIntervals);
        m_isis.erase(m_isis.begin() + keep, m_isis.end() - std::ptrdiff_t(kMaxIntervals) + keep);
        changed = true;
    }
    if (changed || (m_isis.empty() && m_isi->intervalCount() != 0))
    {
        m_isi->setIntervals(m_isis);
        m_isiReadout->setText(m_isi->summary());
    }
}

void FiringPatterns::updatePhasePlane(const Frame& frame)
{
    if (m_phase->isHidden())
        return;
    const PhasePlane* plane = m_theory->phasePlane();
    std::string xKey, yKey;
    if (plane) {
        xKey = plane->xVariable().key;
        yKey = plane->yVariable().key;
        // The nullclines belong to the input the cell receives now (its deterministic part): a step moves them.
        const double input = stimulusFromParameters(m_controller->parameters()).valueAt(frame.timeMs);
        // The y range follows the trajectory (grown, never shrunk, until the next reset): a range made for the
        // whole state space leaves AdEx's adaptation current a thin band.
        std::array<double, 4> range = plane->suggestedRange();
        const int xi = channelIndex(frame, xKey), yi = channelIndex(frame, yKey);
        if (xi >= 0 && yi >= 0 && std::size_t(std::max(xi, yi)) < frame.pairedValues.size()) {
            QList<QPointF> recent;
            const auto& xs = frame.pairedValues[std::size_t(xi)];
            const auto& ys = frame.pairedValues[std::size_t(yi)];
            for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i)
                recent.append({xs[i], ys[i]});
            QList<double> anchors;
            for (const FixedPoint& fp : plane->fixedPoints(input))
                if (fp.x >= range[0] && fp.x <= range[1])
                    anchors.append(fp.y);
            if (!recent.isEmpty()) {
                auto fitted = fitPhaseYRange(range, recent, anchors);
                if (m_phaseYRange) {
                    fitted.first = std::min(fitted.first, m_phaseYRange->first);
                    fitted.second = std::max(fitted.second, m_phaseYRange->second);
                }
                if (fitted != m_phaseYRange) {
                    m_phaseYRange = fitted;
                    m_phaseDirty = true;
                }
            }
        }
        if (m_phaseYRange) {
            range[2] = m_phaseYRange->first;
            range[3] = m_phaseYRange->second;
        }
        if (m_phaseDirty || input != m_phaseInput) {
            m_phaseInput = input;
            m_phaseDirty = false;
            widgets::PhasePlaneData content = computePhasePlaneData(*plane, input, range);
            // Symbols, not names, on the axes: the plot is small at 1280 px and the names are in the trace titles.
            content.xTitle = widgets::axisTitleWithUnit(QString::fromStdString(plane->xVariable().key),
                                                        QString::fromStdString(plane->xVariable().unit));
            content.yTitle = widgets::axisTitleWithUnit(QString::fromStdString(plane->yVariable().key),
                                                        QString::fromStdString(plane->yVariable().unit));
            m_phase->setData(content);
            const QString inputText =
                tr("I = %1 %2").arg(input, 0, 'g', 4).arg(QString::fromStdString(m_theory->currentUnit()));
            m_phase->setTitle(m_phase->width() >= 360 ? tr("Phase plane at %1").arg(inputText) : tr("Phase plane"));
            m_phase->setTrajectoryName(tr("trajectory"));
            m_phase->setToolTip(tr("Phase plane at %1: the %2-nullcline (orange, where d%2/dt = 0), the %3-nullcline "
                                   "(green dashed, where d%3/dt = 0), the direction of motion (grey arrows), rest "
                                   "states and the recent trajectory (blue). Hover a fixed point for its type.")
                                    .arg(inputText, QString::fromStdString(xKey), QString::fromStdString(yKey)));
        }
    } else {
        // More than two variables: a projection of the trajectory onto V and the potassium activation n (or the
        // model's second variable), clearly titled as such.
        const std::vector<ChannelInfo> channels = m_theory->channels();
        xKey = channels[0].key;
        yKey = channels[1].key;
        for (const ChannelInfo& c : channels)
            if (c.key == "n")
                yKey = c.key;
        if (m_phaseDirty) {
            m_phaseDirty = false;
            widgets::PhasePlaneData content;
            for (const ChannelInfo& c : channels) {
                const QString title =
                    widgets::axisTitleWithUnit(QString::fromStdString(c.key), QString::fromStdString(c.unit));
                if (c.key == xKey)
                    content.xTitle = title;
                if (c.key == yKey)
                    content.yTitle = title;
            }
            content.xMin = m_vRange ? m_vRange->first : -80;
            content.xMax = m_vRange ? m_vRange->second : 50;
            content.yMin = 0;
            content.yMax = 1;
            m_phase->setData(content);
            m_phase->setTitle(tr("Projection on %1–%2")
                                  .arg(QString::fromStdString(xKey).toUpper(), QString::fromStdString(yKey)));
            m_phase->setToolTip(tr("Not a phase plane: the model has %1 state variables, so its trajectory is "
                                   "projected onto two of them and may cross itself.")
                                    .arg(channels.size() - 1));
            m_phase->setTrajectoryName(tr("trajectory"));
        }
    }
    const int xi = channelIndex(frame, xKey), yi = channelIndex(frame, yKey);
    if (xi < 0 || yi < 0)
        return;
    // The paired history (all channels thinned by one stride) keeps x and y of each point from the same instant;
    // the min/max traces cannot, since each channel is decimated on its own.
    QList<QPointF> trajectory;
    if (std::size_t(std::max(xi, yi)) < frame.pairedValues.size()) {
        const auto& xs = frame.pairedValues[std::size_t(xi)];
        const auto& ys = frame.pairedValues[std::size_t(yi)];
        trajectory.reserve(qsizetype(xs.size()));
        for (std::size_t i = 0; i < xs.size() && i < ys.size(); ++i)
            trajectory.append({xs[i], ys[i]});
    }
    if (!plane && !trajectory.isEmpty()) {
        // Keep the projection's x axis in step with the voltage trace.
        widgets::PhasePlaneData content = m_phase->data();
        if (m_vRange && (content.xMin != m_vRange->first || content.xMax != m_vRange->second)) {
            content.xMin = m_vRange->first;
            content.xMax = m_vRange->second;
            m_phase->setData(content);
        }
    }
    m_phase->setTrajectory(trajectory);
}

void FiringPatterns::showFrame(const Frame& frame)
{
    m_trace->showFrame(frame, 0);
    const int inputChannel = channelIndex(frame, "i_in");
    if (inputChannel >= 0)
        m_input->showFrame(frame, inputChannel);
    if (m_gating->isVisibleTo(m_figure))
        m_gating->showFrame(frame);

    // Axes grow to hold the data (never clip a spike), and start afresh at a reset / preset / model change.
    const auto extent = [](const std::vector<PlotPoint>& points) {
        double lo = 1e300, hi = -1e300;
        for (const PlotPoint& p : points) {
            lo = std::min(lo, p.y);
            hi = std::max(hi, p.y);
        }
        return std::pair{lo, hi};
    };
    if (!frame.traces.empty() && !frame.traces[0].points.empty()) {
        const auto [lo, hi] = extent(frame.traces[0].points);
        const auto range = grow(m_vRange, lo - 2, hi + 2, 10);
        if (range != m_vRange) {
            m_vRange = range;
            m_trace->setYRange(range.first, range.second);
        }
    }
    if (inputChannel >= 0 && !frame.traces[std::size_t(inputChannel)].points.empty()) {
        const auto [lo, hi] = extent(frame.traces[std::size_t(inputChannel)].points);
        const double step = widgets::niceStep(std::max(hi - std::min(lo, 0.0), 1e-3) / 2);
        const auto range = grow(m_iRange, std::min(lo, 0.0) - 0.05 * step, hi + 0.05 * step, step);
        if (range != m_iRange) {
            m_iRange = range;
            m_input->setYRange(range.first, range.second);
        }
    }

    collectIntervals(frame);
    updatePhasePlane(frame);

    const auto rate = frame.metrics.find("mean_rate_hz");  // the same measure as the f-I dots
    const double input = stimulusFromParameters(frame.parameters).valueAt(frame.timeMs);
    const auto [lower, upper] = sweepRange();
    if (rate != frame.metrics.end() && input >= lower && input <= upper)
        m_fi->setOperatingPoint(QPointF(input, rate->second));
    else
        m_fi->setOperatingPoint(std::nullopt);
}

bool FiringPatterns::runHeadless(double ms, int timeoutMs)
{
    const bool ran = m_controller->runBlocking(ms, timeoutMs);
    m_sweep->finishNow();
    return ran;
}

QString FiringPatterns::metadata() const
{
    const auto frame = m_controller->latestFrame();
    return QStringLiteral("%1 %2 | chapter foundations | panel Firing patterns\nmodel %3 | preset %4 | seed %5 | "
                          "simulated time %6 ms\nparameters: %7")
        .arg(QString::fromLatin1(kApplicationName), QString::fromLatin1(kVersion), m_modelId,
             m_presetName.isEmpty() ? QStringLiteral("custom") : m_presetName)
        .arg(m_controller->seed())
        .arg(frame ? frame->timeMs : 0.0, 0, 'f', 3)
        .arg(parameterSummary(m_controller->parameters()));
}

QList<widgets::DataSeries> FiringPatterns::dataSeries()
{
    QList<widgets::DataSeries> series;
    const Recording recording = m_controller->recording();
    const QString unit = QString::fromStdString(m_theory->currentUnit());
    for (std::size_t c = 0; c < recording.channels.size() && c < recording.values.size(); ++c) {
        const ChannelInfo& info = recording.channels[c];
        const QString key = QString::fromStdString(info.key);
        const bool gate = m_gating->isVisibleTo(m_figure) && m_gating->channels().contains(key);
        const QString plot = c == 0                           ? tr("membrane trace")
                             : key == QLatin1String("i_in") ? tr("input current")
                             : gate                         ? tr("gating variables")
                                                            : tr("state");
        widgets::DataSeries s{plot, key, tr("t (ms)"),
                              widgets::axisTitleWithUnit(key, QString::fromStdString(info.unit)), {}};
        for (std::size_t i = 0; i < recording.t.size(); ++i)
            s.points.append({recording.t[i], recording.values[c][i]});
        series << s;
    }
    widgets::DataSeries spikes{tr("membrane trace"), tr("spike"), tr("t (ms)"), tr("spike index (count)"), {}};
    for (std::size_t i = 0; i < recording.spikeTimes.size(); ++i)
        if (i >= recording.spikeNeurons.size() || recording.spikeNeurons[i] == 0)
            spikes.points.append({recording.spikeTimes[i], double(spikes.points.size())});
    series << spikes;
    series << widgets::DataSeries{tr("f-I curve"), tr("simulation"), widgets::axisTitleWithUnit(tr("I"), unit),
                                  tr("f (Hz)"), m_sweep->points()};
    series << widgets::DataSeries{tr("ISI histogram"), tr("count"), tr("ISI bin centre (ms)"), tr("count (intervals)"),
                                  m_isi->bins()};
    const widgets::PhasePlaneData& plane = m_phase->data();
    if (m_phase->isVisibleTo(m_figure)) {
        if (!plane.xNullcline.isEmpty())
            series << widgets::DataSeries{tr("phase plane"), plane.xNullclineName, plane.xTitle, plane.yTitle,
                                          plane.xNullcline};
        if (!plane.yNullcline.isEmpty())
            series << widgets::DataSeries{tr("phase plane"), plane.yNullclineName, plane.xTitle, plane.yTitle,
                                          plane.yNullcline};
        QList<QPointF> fixedPoints;
        for (const widgets::PhasePlaneFixedPoint& fp : plane.fixedPoints)
            fixedPoints.append(fp.position);
        if (!fixedPoints.isEmpty())
            series << widgets::DataSeries{tr("phase plane"), tr("fixed points"), plane.xTitle, plane.yTitle,
                                          fixedPoints};
        series << widgets::DataSeries{tr("phase plane"), tr("trajectory (decimated)"), plane.xTitle, plane.yTitle,
                                      m_phase->trajectory()};
    }
    return series;
}

}  // namespace neuroai::chapters
