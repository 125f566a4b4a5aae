#pragma once

#include "engine/core/SimulationRunner.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace neuroai::chapters {

// The GUI side of a SimulationRunner: forwards commands to it and drains its frames on a timer (60 Hz), emitting
// frameReady() with the newest frame only. Lives on the GUI thread; never touches the model (see the threading
// contract in engine/core/SimulationRunner.h).
class SimulationController : public QObject {
    Q_OBJECT
public:
    explicit SimulationController(std::unique_ptr<Model> model, QObject* parent = nullptr);
    ~SimulationController() override;

    SimulationRunner& runner() { return *m_runner; }
    // Installs another model (e.g. the firing-pattern panel's model selector): stops a run, destroys the old runner
    // (joining its engine thread) and starts a fresh runner for `model` at t = 0 with the current seed, keeping the
    // view and the speed. The controller object stays the same, so connections to it stay valid; the old runner's
    // frames are dropped and latestFrame() is empty until the new runner publishes. Throws std::invalid_argument
    // for a null model.
    void replaceModel(std::unique_ptr<Model> model);
    std::string modelId() const { return m_runner->modelId(); }
    const std::vector<ParamSpec>& specs() const { return m_runner->specs(); }
    const Clock& clock() const { return m_runner->clock(); }
    ParamSet parameters() const { return m_runner->parameters(); }

    // Empty on success, otherwise the message (nothing is applied).
    QString setParameter(const QString& key, double value);
    QString setParameters(const ParamSet& parameters);
    void restoreDefaults();

    bool isRunning() const { return m_running; }
    void setRunning(bool running);
    void toggleRunning() { setRunning(!m_running); }
    // The step (ms) that step() and runBlocking() count in: the "dt" parameter where the model has one, else the
    // model's fixed step.
    double stepMs() const;
    // Advances by `ms` of simulated time (at least one step) and stops.
    void step(double ms);
    // Back to t = 0 with the current seed.
    void reset();
    quint64 seed() const { return m_seed; }
    void setSeed(quint64 seed) { m_seed = seed; }
    void setSpeed(double speed);
    double speed() const { return m_runner->speed(); }
    void setView(double windowMs, int columns);
    // See SimulationRunner::setPairedView (kept across replaceModel).
    void setPairedView(double ms, int maxPoints);
    double windowMs() const { return m_windowMs; }
    // See SimulationRunner::setRasterView (kept across replaceModel).
    void setRasterView(int columns, int rows, int neurons, std::vector<RasterPopulation> populations = {});
    // See SimulationRunner::setSpikeStream / takeSpikes (the setting is kept across replaceModel).
    void setSpikeStream(bool on);
    SpikeBatch takeSpikes() { return m_runner->takeSpikes(); }

    // Runs `ms` of simulated time as fast as possible and blocks until the engine is idle, then delivers the final
    // frame. For headless export and tests; false on timeout.
    bool runBlocking(double ms, int timeoutMs = 120000);
    // Full-resolution samples of the current window (waits for the engine thread between two chunks).
    Recording recording(int timeoutMs = 10000);
    // Runs `command` with the model on the engine thread between chunks (SimulationRunner::post): steering and
    // other gestures that are not parameters. It goes to the runner of the moment (after replaceModel, the new one).
    void post(std::function<void(Model&)> command) { m_runner->post(std::move(command)); }

    std::shared_ptr<const Frame> latestFrame() const { return m_latest; }
    // Drains the runner now (the timer does this 60 times a second).
    void drain();
    // Turns the 60 Hz drain timer off (a benchmark that drains itself, so every frame's cost lands in its tick).
    void setDrainTimer(bool on);

signals:
    void frameReady(const neuroai::Frame& frame);
    void runningChanged(bool running);
    void simulationError(const QString& message);
    // After replaceModel(): specs and channels may differ from before.
    void modelReplaced();

private:
    std::unique_ptr<SimulationRunner> m_runner;
    QTimer m_timer;
    std::shared_ptr<const Frame> m_latest;
    bool m_running = false;
    quint64 m_seed = 1;
    double m_windowMs = 500;
    int m_columns = 800;
    double m_pairedMs = 0;
    int m_pairedPoints = 2000;
    bool m_spikeStream = false;
    int m_rasterColumns = 0, m_rasterRows = 1, m_rasterNeurons = 1;
    std::vector<RasterPopulation> m_rasterPopulations;
};

}  // namespace neuroai::chapters
