#include "chapters/framework/Classroom.h"

#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/PlotView.h"

#include <QButtonGroup>
#include <QChart>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

namespace {

const QList<ReadoutInfo>& readoutTable()
{
    static const QList<ReadoutInfo> table = {
        {QStringLiteral("rate_hz"), QObject::tr("firing rate"), QStringLiteral("Hz"), 1},
        {QStringLiteral("mean_rate_hz"), QObject::tr("mean firing rate"), QStringLiteral("Hz"), 1},
        {QStringLiteral("spike_count"), QObject::tr("spike count"), QString(), 0},
        {QStringLiteral("isi_cv"), QObject::tr("ISI CV"), QString(), 2},
        {QStringLiteral("latency_ms"), QObject::tr("first-spike latency"), QStringLiteral("ms"), 1},
        {QStringLiteral("adaptation_index"), QObject::tr("adaptation index"), QString(), 3},
    };
    return table;
}

// Readouts of batch panels (not neuron readouts: neuronReadoutKeys() leaves them out).
const QList<ReadoutInfo>& batchReadoutTable()
{
    static const QList<ReadoutInfo> table = {
        {QStringLiteral("dw_neg10_pct"), QObject::tr("weight change at Δt = −10 ms"), QStringLiteral("%"), 1},
        {QStringLiteral("dw_pos10_pct"), QObject::tr("weight change at Δt = +10 ms"), QStringLiteral("%"), 1},
    };
    return table;
}

// The short symbol of a parameter for a legend: the last word of its label when that is a symbol ("Input current
// I" → "I", "Membrane time constant τm" → "τm"), else its key.
QString symbolOf(const ParamSpec& spec)
{
    const QString label = QString::fromStdString(spec.label);
    const QString last = label.section(QLatin1Char(' '), -1);
    if (!last.isEmpty() && last.size() <= 5 && last != label)
        return last;
    return QString::fromStdString(spec.key);
}

QString formatNumber(double value, int decimals)
{
    return QLocale::c().toString(value, 'f', decimals);
}

}  // namespace

const ReadoutInfo* findReadout(const QString& key)
{
    for (const ReadoutInfo& info : readoutTable())
        if (info.key == key)
            return &info;
    for (const ReadoutInfo& info : batchReadoutTable())
        if (info.key == key)
            return &info;
    return nullptr;
}

QStringList neuronReadoutKeys()
{
    QStringList keys;
    for (const ReadoutInfo& info : readoutTable())
        keys << info.key;
    return keys;
}

// ---------------------------------------------------------------------------------------------------------------
// RunPins

RunPins::RunPins(ExperimentPanel& panel)
    : QObject(&panel)
    , m_panel(panel)
{
    connect(&panel.binding(), &PanelBinding::stateChanged, this, &RunPins::relabel);
}

QList<widgets::PlotView*> RunPins::plots() const
{
    QWidget* figure = m_panel.figureWidget();
    return figure ? figure->findChildren<widgets::PlotView*>() : QList<widgets::PlotView*>{};
}

QString RunPins::pin()
{
    const PanelState now = m_panel.captureState();
    const int id = m_nextId;
    const QString label = tr("pinned: as now");
    int copied = 0;
    bool dropped = false;
    if (m_pins.size() >= widgets::PlotView::kMaxPins) {
        for (widgets::PlotView* plot : plots())
            plot->removePin(m_pins.front().id);
        m_pins.removeFirst();
        dropped = true;
    }
    for (widgets::PlotView* plot : plots())
        copied += plot->pinTraces(label, id);
    if (copied == 0)
        return dropped ? tr("Nothing to pin yet (the oldest pin was dropped); run the simulation first")
                       : tr("Nothing to pin yet: run the simulation first");
    ++m_nextId;
    m_pins.append({id, now, label});
    relabel();
    settleLegends();
    emit changed();
    return dropped ? tr("Run pinned (%1 traces); at most %2 pins are kept, so the oldest was dropped")
                         .arg(copied)
                         .arg(widgets::PlotView::kMaxPins)
                   : tr("Run pinned (%1 traces): change a parameter to compare").arg(copied);
}

void RunPins::clear()
{
    for (widgets::PlotView* plot : plots())
        plot->clearPins();
    m_pins.clear();
    settleLegends();
    emit changed();
}

QStringList RunPins::labels() const
{
    QStringList out;
    for (const Pin& pin : m_pins)
        out << pin.label;
    return out;
}

QString RunPins::labelFor(const PanelState& pinned, const PanelState& now) const
{
    QStringList differences;
    if (pinned.model != now.model)
        differences << pinned.model;
    for (const ParamSpec& spec : pinned.parameters.specs()) {
        const double value = pinned.parameters[spec.key];
        const ParamSpec* other = now.parameters.spec(spec.key);
        if (other && now.parameters[spec.key] == value)
            continue;
        if (!other && pinned.model != now.model)
            continue;  // another model: its own parameters do not compare
        const QString unit = spec.unit.empty() || spec.isChoice() ? QString() : QStringLiteral(" ") + QString::fromStdString(spec.unit);
        differences << QStringLiteral("%1=%2%3").arg(symbolOf(spec), QString::fromStdString(spec.display(value)), unit);
    }
    if (pinned.seed != now.seed)
        differences << tr("seed %1").arg(pinned.seed);
    if (differences.isEmpty())
        return tr("pinned: as now");
    // Legends drop entries that do not fit: name two differences at most.
    QString text = tr("pinned: ") + differences.mid(0, 2).join(QStringLiteral(", "));
    if (differences.size() > 2)
        text += tr(" +%1").arg(differences.size() - 2);
    return text;
}

void RunPins::relabel()
{
    if (m_pins.isEmpty())
        return;
    const PanelState now = m_panel.captureState();
    const QList<widgets::PlotView*> views = plots();
    for (Pin& pin : m_pins) {
        const QString label = labelFor(pin.state, now);
        if (label == pin.label)
            continue;
        pin.label = label;
        for (widgets::PlotView* plot : views)
            plot->setPinLabel(pin.id, label);
    }
    settleLegends();
}

void RunPins::settleLegends()
{
    // A legend hides its markers until its posted layout request runs: an export right after a pin (no event-loop
    // pass in between) would otherwise draw the figure without its legend.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

QList<widgets::DataSeries> RunPins::dataSeries() const
{
    QList<widgets::DataSeries> out;
    for (widgets::PlotView* plot : plots()) {
        const QString title = plot->chart()->title();
        const QString x = plot->xAxis() ? plot->xAxis()->titleText() : QString();
        const QString y = plot->yAxis() ? plot->yAxis()->titleText() : QString();
        for (const widgets::PlotView::PinnedTrace& trace : plot->pinnedTraces())
            out.append({title, QStringLiteral("%1 · %2").arg(trace.label, trace.source), x, y, trace.points});
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Verdicts

int choiceOf(const Prediction& prediction, double outcome)
{
    for (qsizetype i = 0; i < prediction.choices.size(); ++i)
        if (prediction.choices[i].contains(outcome))
            return int(i);
    return -1;
}

PredictionVerdict judgePrediction(const Prediction& prediction, double predicted, double outcome)
{
    PredictionVerdict v;
    if (prediction.answer == Prediction::Answer::Choice) {
        const int actual = choiceOf(prediction, outcome);
        v.correct = actual >= 0 && actual == int(predicted);
        if (v.correct)
            v.text = QObject::tr("✓ right: the outcome is “%1”").arg(prediction.choices[actual].label);
        else if (actual >= 0)
            v.text = QObject::tr("✗ not quite: the outcome is “%1”").arg(prediction.choices[actual].label);
        else
            v.text = QObject::tr("✗ the outcome fits none of the choices");
        return v;
    }
    const double percent = 100.0 * prediction.tolerance;
    const QString allowed = QStringLiteral("%1 %").arg(formatNumber(percent, percent < 1 ? 1 : 0));
    if (outcome == 0.0) {
        v.correct = std::abs(predicted) < 1e-12;
        v.text = v.correct ? QObject::tr("✓ exact: the outcome is 0")
                           : QObject::tr("✗ the outcome is 0, so no relative error fits within %1").arg(allowed);
        return v;
    }
    const double off = 100.0 * std::abs(predicted - outcome) / std::abs(outcome);
    v.correct = off <= percent + 1e-9;
    const QString offText = formatNumber(off, off < 10 ? 1 : 0);
    v.text = v.correct ? QObject::tr("✓ within %1 (off by %2 %)").arg(allowed, offText)
                       : QObject::tr("✗ off by %1 % (within %2 counts as right)").arg(offText, allowed);
    return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Exercise

Exercise::Exercise(ExperimentPanel& panel)
    : QObject(&panel)
    , m_panel(panel)
{
    connect(&panel.binding(), &PanelBinding::stateChanged, this, [this] {
        if (m_phase == Phase::Asking || m_phase == Phase::Running)
            cancel(tr("Exercise stopped: the parameters changed. Open its “Try this” link to start again."));
    });
}

void Exercise::installCard(QVBoxLayout* layout)
{
    ensureCard();
    layout->insertWidget(0, m_card);
}

void Exercise::ensureCard()
{
    if (m_card)
        return;
    m_card = new QFrame(&m_panel);
    m_card->setObjectName(QStringLiteral("exerciseCard"));
    m_card->setFrameShape(QFrame::StyledPanel);
    m_card->setAutoFillBackground(true);
    QPalette tint = m_card->palette();
    tint.setColor(QPalette::Window, QColor(255, 248, 225));  // a pale amber: "your turn"
    m_card->setPalette(tint);
    auto* layout = new QVBoxLayout(m_card);
    layout->setContentsMargins(8, 8, 8, 8);
    m_heading = new QLabel(m_card);
    m_heading->setObjectName(QStringLiteral("exerciseHeading"));
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::RichText);
    layout->addWidget(m_heading);
    m_question = new QLabel(m_card);
    m_question->setObjectName(QStringLiteral("exerciseQuestion"));
    m_question->setWordWrap(true);
    layout->addWidget(m_question);

    m_choices = new QWidget(m_card);
    new QVBoxLayout(m_choices);
    m_choices->layout()->setContentsMargins(0, 0, 0, 0);
    m_choiceGroup = new QButtonGroup(this);
    layout->addWidget(m_choices);

    m_numberRow = new QWidget(m_card);
    auto* numberLayout = new QHBoxLayout(m_numberRow);
    numberLayout->setContentsMargins(0, 0, 0, 0);
    m_number = new QLineEdit(m_numberRow);
    m_number->setObjectName(QStringLiteral("exerciseNumber"));
    m_number->setPlaceholderText(tr("your estimate"));
    m_unit = new QLabel(m_numberRow);
    numberLayout->addWidget(m_number, 1);
    numberLayout->addWidget(m_unit, 0);
    layout->addWidget(m_numberRow);
    connect(m_number, &QLineEdit::returnPressed, this, [this] { m_run->click(); });

    m_result = new QWidget(m_card);
    m_result->setObjectName(QStringLiteral("exerciseResult"));
    auto* grid = new QGridLayout(m_result);
    grid->setContentsMargins(0, 4, 0, 0);
    auto* yoursTitle = new QLabel(tr("<b>Your prediction</b>"), m_result);
    auto* measuredTitle = new QLabel(tr("<b>Outcome</b>"), m_result);
    m_yours = new QLabel(m_result);
    m_yours->setObjectName(QStringLiteral("exercisePrediction"));
    m_measured = new QLabel(m_result);
    m_measured->setObjectName(QStringLiteral("exerciseOutcome"));
    for (QLabel* l : {m_yours, m_measured})
        l->setWordWrap(true);
    grid->addWidget(yoursTitle, 0, 0);
    grid->addWidget(measuredTitle, 0, 1);
    grid->addWidget(m_yours, 1, 0, Qt::AlignTop);
    grid->addWidget(m_measured, 1, 1, Qt::AlignTop);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    m_verdictLabel = new QLabel(m_result);
    m_verdictLabel->setObjectName(QStringLiteral("exerciseVerdict"));
    m_verdictLabel->setWordWrap(true);
    grid->addWidget(m_verdictLabel, 2, 0, 1, 2);
    layout->addWidget(m_result);

    m_message = new QLabel(m_card);
    m_message->setObjectName(QStringLiteral("exerciseMessage"));
    m_message->setWordWrap(true);
    QPalette warn = m_message->palette();
    warn.setColor(QPalette::WindowText, QColor(170, 60, 0));
    m_message->setPalette(warn);
    layout->addWidget(m_message);

    auto* buttons = new QHBoxLayout;
    m_run = new QPushButton(tr("Predict && run"), m_card);
    m_run->setObjectName(QStringLiteral("exerciseRun"));
    m_run->setDefault(true);
    m_skip = new QPushButton(tr("Skip, just run"), m_card);
    m_skip->setObjectName(QStringLiteral("exerciseSkip"));
    m_close = new QPushButton(tr("Close"), m_card);
    m_close->setObjectName(QStringLiteral("exerciseClose"));
    buttons->addWidget(m_run);
    buttons->addWidget(m_skip);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    // Close on a row of its own: the card stays as narrow as two buttons (the controls column is narrow, more so
    // with presentation mode's large type).
    auto* closeRow = new QHBoxLayout;
    closeRow->addStretch(1);
    closeRow->addWidget(m_close);
    layout->addLayout(closeRow);
    connect(m_run, &QPushButton::clicked, this, [this] {
        if (!m_prediction)
            return;
        QString error;
        if (m_prediction->answer == Prediction::Answer::Choice) {
            error = answerChoice(m_choiceGroup->checkedId());
        } else {
            bool ok = false;
            const double value = QLocale().toDouble(m_number->text().trimmed(), &ok);
            const double c = ok ? value : QLocale::c().toDouble(m_number->text().trimmed(), &ok);
            error = ok ? answerNumber(c) : tr("“%1” is not a number: type your estimate, e.g. 25").arg(m_number->text());
        }
        m_message->setText(error);
        m_message->setVisible(!error.isEmpty());
    });
    connect(m_skip, &QPushButton::clicked, this, &Exercise::skip);
    connect(m_close, &QPushButton::clicked, this, [this] { cancel(); });
    m_card->hide();
}

bool Exercise::start(const Preset& preset)
{
    SimulationController* controller = m_panel.controller();
    // A batch panel (no controller) computes its whole figure per state: it can take predictions on its readouts.
    if (!preset.prediction || (!controller && m_panel.readoutNames().isEmpty()))
        return false;
    if (m_phase != Phase::Idle)
        cancel();
    m_prediction = preset.prediction;
    m_title = preset.title;
    m_predicted.reset();
    m_outcome.reset();
    m_verdict.reset();
    setPhase(Phase::Asking);
    ensureCard();
    showQuestion();
    if (controller) {
        controller->setRunning(false);
        controller->reset();
        connectController(controller);
    }
    return true;
}

void Exercise::connectController(SimulationController* controller)
{
    if (controller == m_connected)
        return;
    m_connected = controller;
    // The run waits for the answer: a press of Run before it is undone, with the reason in the card.
    connect(controller, &SimulationController::runningChanged, this, [this, controller](bool running) {
        if (running && m_phase == Phase::Asking) {
            controller->reset();  // stops it, and back to t = 0: the runner may have advanced in the meantime
            m_message->setText(tr("Answer or skip the question first: the run starts after your prediction."));
            m_message->show();
        }
    });
    connect(controller, &SimulationController::frameReady, this, [this](const Frame& frame) { onFrame(frame.timeMs, frame.running); });
    connect(controller, &SimulationController::simulationError, this, [this](const QString& message) {
        if (m_phase == Phase::Running)
            cancel(tr("The run failed: %1").arg(message));
    });
}

void Exercise::showQuestion()
{
    const ReadoutInfo* info = findReadout(m_prediction->readout);
    m_heading->setText(tr("<b>Predict, then run</b> · %1").arg(m_title.toHtmlEscaped()));
    m_question->setText(m_prediction->question);
    for (QAbstractButton* b : m_choiceGroup->buttons()) {
        m_choiceGroup->removeButton(b);
        delete b;
    }
    const bool choice = m_prediction->answer == Prediction::Answer::Choice;
    if (choice)
        for (qsizetype i = 0; i < m_prediction->choices.size(); ++i) {
            auto* button = new QRadioButton(m_prediction->choices[i].label, m_choices);
            button->setObjectName(QStringLiteral("exerciseChoice%1").arg(i));
            m_choices->layout()->addWidget(button);
            m_choiceGroup->addButton(button, int(i));
        }
    m_choices->setVisible(choice);
    m_numberRow->setVisible(!choice);
    m_number->clear();
    m_unit->setText(info && !info->unit.isEmpty() ? info->unit : QString());
    m_number->setToolTip(info ? tr("Your estimate of the %1").arg(info->label) : QString());
    m_result->hide();
    m_message->clear();
    m_message->hide();
    m_run->setVisible(true);
    m_run->setEnabled(true);
    m_skip->setVisible(true);
    m_close->setText(tr("Cancel"));
    m_card->show();
}

QString Exercise::answerNumber(double value)
{
    if (m_phase != Phase::Asking || !m_prediction)
        return tr("No question is waiting for an answer");
    if (m_prediction->answer != Prediction::Answer::Number)
        return tr("This question asks for a choice, not a number");
    if (!std::isfinite(value))
        return tr("Type a finite number");
    m_predicted = value;
    runNow();
    return {};
}

QString Exercise::answerChoice(int index)
{
    if (m_phase != Phase::Asking || !m_prediction)
        return tr("No question is waiting for an answer");
    if (m_prediction->answer != Prediction::Answer::Choice)
        return tr("This question asks for a number, not a choice");
    if (index < 0 || index >= m_prediction->choices.size())
        return tr("Pick one of the answers first");
    m_predicted = index;
    if (QAbstractButton* b = m_choiceGroup->button(index))
        b->setChecked(true);
    runNow();
    return {};
}

void Exercise::skip()
{
    if (m_phase != Phase::Asking)
        return;
    m_predicted.reset();
    runNow();
}

void Exercise::cancel(const QString& why)
{
    if (m_phase == Phase::Running)
        if (SimulationController* c = m_panel.controller())
            c->setRunning(false);
    setPhase(Phase::Idle);
    if (!m_card)
        return;
    if (why.isEmpty()) {
        m_card->hide();
        return;
    }
    // Keep the card with the reason, without the controls of a question nobody is asked any more.
    m_choices->hide();
    m_numberRow->hide();
    m_result->hide();
    m_run->hide();
    m_skip->hide();
    m_close->setText(tr("Close"));
    m_message->setText(why);
    m_message->show();
}

void Exercise::runNow()
{
    SimulationController* controller = m_panel.controller();
    if (!controller) {
        // Batch panel: the figure for this state is computed (or being computed); wait for it, then read it.
        setPhase(Phase::Running);
        if (!m_panel.runHeadless(m_prediction->runMs)) {
            cancel(tr("The computation did not finish"));
            return;
        }
        m_outcome = m_panel.readout(m_prediction->readout);
        m_outcomeTimeMs = -1;  // no time axis
        m_verdict = m_outcome && m_predicted ? std::optional(judgePrediction(*m_prediction, *m_predicted, *m_outcome))
                                             : std::nullopt;
        setPhase(Phase::Done);
        showResult();
        return;
    }
    m_finishing = false;
    setPhase(Phase::Running);
    showRunning();
    controller->reset();
    controller->setRunning(true);
}

void Exercise::showRunning()
{
    m_choices->setEnabled(false);
    m_number->setEnabled(false);
    m_run->setEnabled(false);
    m_skip->setVisible(false);
    m_message->setText(tr("Running to t = %1 ms…").arg(m_prediction->runMs, 0, 'g', 6));
    m_message->show();
}

void Exercise::onFrame(double timeMs, bool running)
{
    if (m_phase != Phase::Running)
        return;
    SimulationController* controller = m_panel.controller();
    if (!m_finishing) {
        // The live run, watched at the chosen speed. Frames of a paused runner may be left over from before the
        // reset: only running frames count.
        if (!running || timeMs + 1e-9 < m_prediction->runMs)
            return;
        // The live run stops on a frame, a little past run_ms; the outcome is read at run_ms exactly: the same run
        // (same parameters and seed) again from t = 0, advanced by exactly run_ms.
        m_finishing = true;
        const double dt = controller->stepSize();  // SimulationController::step's grid
        m_targetMs = double(std::max(1L, long(std::llround(m_prediction->runMs / dt)))) * dt;
        controller->reset();
        controller->step(m_prediction->runMs);
        return;
    }
    if (running || std::abs(timeMs - m_targetMs) > 1e-6 * std::max(1.0, m_targetMs))
        return;
    m_finishing = false;
    m_outcome = m_panel.readout(m_prediction->readout);
    m_outcomeTimeMs = timeMs;
    if (m_outcome && m_predicted)
        m_verdict = judgePrediction(*m_prediction, *m_predicted, *m_outcome);
    else
        m_verdict.reset();
    setPhase(Phase::Done);
    showResult();
}

QString Exercise::valueText(double value) const
{
    const ReadoutInfo* info = findReadout(m_prediction->readout);
    const QString number = formatNumber(value, info ? info->decimals : 2);
    return info && !info->unit.isEmpty() ? QStringLiteral("%1 %2").arg(number, info->unit) : number;
}

QString Exercise::predictionText() const
{
    if (!m_predicted)
        return tr("skipped");
    if (m_prediction->answer == Prediction::Answer::Choice)
        return QStringLiteral("“%1”").arg(m_prediction->choices.value(int(*m_predicted)).label);
    return valueText(*m_predicted);
}

void Exercise::showResult()
{
    const ReadoutInfo* info = findReadout(m_prediction->readout);
    const QString what = info ? info->label : m_prediction->readout;
    m_choices->setEnabled(true);
    m_number->setEnabled(true);
    m_choices->hide();
    m_numberRow->hide();
    m_run->hide();
    m_skip->hide();
    m_close->setText(tr("Close"));
    m_message->clear();
    m_message->hide();
    m_yours->setText(predictionText().toHtmlEscaped());
    QString outcome;
    if (m_outcome) {
        outcome = m_outcomeTimeMs < 0 ? tr("%1 %2").arg(what, valueText(*m_outcome))
                                      : tr("%1 %2 at t\u00a0=\u00a0%3\u00a0ms")
                                            .arg(what, valueText(*m_outcome))
                                            .arg(m_outcomeTimeMs, 0, 'f', 0);
        if (m_prediction->answer == Prediction::Answer::Choice)
            if (const int c = choiceOf(*m_prediction, *m_outcome); c >= 0)
                outcome += QStringLiteral(" → “%1”").arg(m_prediction->choices[c].label);
    } else {
        outcome = tr("the panel measured no %1 in this run (too few spikes)").arg(what);
    }
    m_measured->setText(outcome.toHtmlEscaped());
    QPalette p = m_verdictLabel->palette();
    if (m_verdict) {
        p.setColor(QPalette::WindowText, m_verdict->correct ? QColor(0, 110, 70) : QColor(170, 60, 0));
        m_verdictLabel->setText(m_verdict->text);
    } else {
        p.setColor(QPalette::WindowText, QColor(85, 85, 85));
        m_verdictLabel->setText(m_predicted ? tr("No verdict: nothing was measured") : tr("No prediction to compare"));
    }
    m_verdictLabel->setPalette(p);
    m_result->show();
}

void Exercise::setPhase(Phase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    // A batch panel's figure already shows the answer: hidden while the question waits.
    if (!m_panel.controller())
        if (QWidget* figure = m_panel.figureWidget())
            figure->setVisible(phase != Phase::Asking);
    emit phaseChanged(phase);
}

}  // namespace neuroai::chapters
