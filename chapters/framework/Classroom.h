#pragma once

#include "chapters/framework/Preset.h"
#include "chapters/framework/Scenario.h"
#include "widgets/FigureExporter.h"

#include <QFrame>
#include <QObject>

#include <optional>

QT_BEGIN_NAMESPACE
class QButtonGroup;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QVBoxLayout;
class QWidget;
QT_END_NAMESPACE

namespace neuroai::widgets {
class PlotView;
}

namespace neuroai::chapters {

class ExperimentPanel;
class SimulationController;

// Classroom extras every panel gets from the framework: pinned runs and "predict, then run" exercises.

// A readout a panel measures and a prediction may name: key (as in a frame's metrics), words and unit.
struct ReadoutInfo {
    QString key;
    QString label;
    QString unit;
    int decimals = 2;
};
// The readouts of the neuron models' frames (rate_hz, mean_rate_hz, spike_count, isi_cv, latency_ms,
// adaptation_index) and of batch panels (dw_neg10_pct, dw_pos10_pct of the STDP window); nullptr for an unknown key.
// neuronReadoutKeys() lists the neuron ones only.
const ReadoutInfo* findReadout(const QString& key);
QStringList neuronReadoutKeys();

// Pinned runs of one panel: pin() freezes the traces of every plot of the panel's figure as grey ghosts under one
// id; their legend label names what differs between the pinned state and the current one ("pinned: I=1.5 nA"),
// kept up to date as the user edits. At most widgets::PlotView::kMaxPins pins; another drops the oldest. Pins are
// not part of the panel's state: undo, redo and scenarios ignore them.
class RunPins : public QObject {
    Q_OBJECT
public:
    explicit RunPins(ExperimentPanel& panel);

    // Pins the current traces; returns the message for the status line (what was pinned, or why nothing was).
    QString pin();
    void clear();
    int count() const { return int(m_pins.size()); }
    QStringList labels() const;
    // The pinned traces as data series ("pinned: …" in the series column) for CSV exports.
    QList<widgets::DataSeries> dataSeries() const;

signals:
    void changed();

private:
    QList<widgets::PlotView*> plots() const;
    void relabel();
    void settleLegends();
    QString labelFor(const PanelState& pinned, const PanelState& now) const;

    struct Pin {
        int id;
        PanelState state;
        QString label;
    };
    ExperimentPanel& m_panel;
    QList<Pin> m_pins;
    int m_nextId = 1;
};

// The verdict of a prediction against a measured outcome.
struct PredictionVerdict {
    bool correct = false;
    QString text;  // e.g. "✓ within 10 % (off by 3.2 %)", "✗ the outcome is “positive”"
};
PredictionVerdict judgePrediction(const Prediction& prediction, double predicted, double outcome);
// For a choice: the index of the choice containing `outcome`, -1 if none does.
int choiceOf(const Prediction& prediction, double outcome);

// A "predict, then run" exercise on one panel. start() (after the preset was applied) stops the panel's
// simulation at t = 0 and shows the question in a card at the top of the controls; the run does not start until
// the user answers (answerNumber/answerChoice) or skips. Then the simulation runs from t = 0 for the preset's
// run_ms and the card shows prediction and outcome side by side with the verdict. Editing the panel's state while
// the exercise waits or runs cancels it; pressing Run before answering is refused with a word why.
class Exercise : public QObject {
    Q_OBJECT
public:
    enum class Phase { Idle, Asking, Running, Done };

    explicit Exercise(ExperimentPanel& panel);

    // Puts the card at the top of `layout` (buildPanelFrame does this for every panel).
    void installCard(QVBoxLayout* layout);
    // Starts the exercise of `preset`; false (nothing happens) if it has no prediction or the panel neither a
    // simulation nor readouts. A batch panel (no controller) hides its figure while the question waits; the answer
    // waits for the panel's computation (runHeadless) and reads the readout from it.
    bool start(const Preset& preset);
    // Empty on success (the run starts), else the message shown in the card.
    QString answerNumber(double value);
    QString answerChoice(int index);
    void skip();
    void cancel(const QString& why = {});

    Phase phase() const { return m_phase; }
    const std::optional<Prediction>& prediction() const { return m_prediction; }
    std::optional<double> predictedValue() const { return m_predicted; }
    std::optional<double> outcome() const { return m_outcome; }
    std::optional<PredictionVerdict> verdict() const { return m_verdict; }
    QFrame* card() const { return m_card; }

signals:
    void phaseChanged(neuroai::chapters::Exercise::Phase phase);

private:
    void ensureCard();
    void connectController(SimulationController* controller);
    void showQuestion();
    void showRunning();
    void showResult();
    void runNow();
    void onFrame(double timeMs, bool running);
    void setPhase(Phase phase);
    QString predictionText() const;
    QString valueText(double value) const;

    ExperimentPanel& m_panel;
    Phase m_phase = Phase::Idle;
    QString m_title;
    std::optional<Prediction> m_prediction;
    std::optional<double> m_predicted;  // the number, or the chosen index
    std::optional<double> m_outcome;
    double m_outcomeTimeMs = 0;
    std::optional<PredictionVerdict> m_verdict;
    SimulationController* m_connected = nullptr;
    bool m_finishing = false;  // the live run passed run_ms; the exact run to run_ms is under way
    double m_targetMs = 0;

    QFrame* m_card = nullptr;
    QLabel* m_heading = nullptr;
    QLabel* m_question = nullptr;
    QWidget* m_choices = nullptr;
    QButtonGroup* m_choiceGroup = nullptr;
    QWidget* m_numberRow = nullptr;
    QLineEdit* m_number = nullptr;
    QLabel* m_unit = nullptr;
    QLabel* m_message = nullptr;
    QWidget* m_result = nullptr;
    QLabel* m_yours = nullptr;
    QLabel* m_measured = nullptr;
    QLabel* m_verdictLabel = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_skip = nullptr;
    QPushButton* m_close = nullptr;
};

}  // namespace neuroai::chapters
