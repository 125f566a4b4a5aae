#include "chapters/framework/SimulationController.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace neuroai::chapters {

SimulationController::SimulationController(std::unique_ptr<Model> model, QObject* parent)
    : QObject(parent)
    , m_runner(std::make_unique<SimulationRunner>(std::move(model), 1))
{
    m_runner->setView(m_windowMs, m_columns);
    m_timer.setInterval(16);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SimulationController::drain);
    m_timer.start();
}

SimulationController::~SimulationController() = default;

void SimulationController::replaceModel(std::unique_ptr<Model> model)
{
    if (!model)
        throw std::invalid_argument("SimulationController::replaceModel: no model");
    const double speed = m_runner->speed();
    setRunning(false);
    // Built first so a failure leaves the old runner in place. Assigning destroys the old runner, whose destructor
    // stops and joins its engine thread: nothing touches the old model afterwards, and the new model is only ever
    // touched by the new runner's thread (threading contract, SimulationRunner.h).
    auto fresh = std::make_unique<SimulationRunner>(std::move(model), m_seed);
    m_runner = std::move(fresh);
    m_runner->setView(m_windowMs, m_columns);
    m_runner->setPairedView(m_pairedMs, m_pairedPoints);
    m_runner->setSpikeStream(m_spikeStream);
    m_runner->setRasterView(m_rasterColumns, m_rasterRows, m_rasterNeurons, m_rasterPopulations);
    m_runner->setSpeed(speed);
    m_latest.reset();
    emit modelReplaced();
}

void SimulationController::setRasterView(int columns, int rows, int neurons, std::vector<RasterPopulation> populations)
{
    m_rasterColumns = columns;
    m_rasterRows = rows;
    m_rasterNeurons = neurons;
    m_rasterPopulations = populations;
    m_runner->setRasterView(columns, rows, neurons, std::move(populations));
}

void SimulationController::setSpikeStream(bool on)
{
    m_spikeStream = on;
    m_runner->setSpikeStream(on);
}

void SimulationController::setDrainTimer(bool on)
{
    if (on)
        m_timer.start();
    else
        m_timer.stop();
}

QString SimulationController::setParameter(const QString& key, double value)
{
    return QString::fromStdString(m_runner->setParameter(key.toStdString(), value));
}

QString SimulationController::setParameters(const ParamSet& parameters)
{
    return QString::fromStdString(m_runner->setParameters(parameters));
}

void SimulationController::restoreDefaults() { m_runner->restoreDefaults(); }

void SimulationController::setRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    m_runner->setRunning(running);
    emit runningChanged(running);
}

void SimulationController::step(double ms)
{
    setRunning(false);
    const double dt = stepSize();
    m_runner->step(std::max(1L, long(std::llround(ms / dt))));
}

void SimulationController::reset()
{
    setRunning(false);
    m_runner->reset(m_seed);
}

void SimulationController::setSpeed(double speed) { m_runner->setSpeed(speed); }

void SimulationController::setView(double windowMs, int columns)
{
    m_windowMs = windowMs;
    m_columns = columns;
    m_runner->setView(windowMs, columns);
}

void SimulationController::setPairedView(double ms, int maxPoints)
{
    m_pairedMs = ms;
    m_pairedPoints = maxPoints;
    m_runner->setPairedView(ms, maxPoints);
}

bool SimulationController::runBlocking(double ms, int timeoutMs)
{
    setRunning(false);
    const double dt = stepSize();
    m_runner->step(std::max(1L, long(std::llround(ms / dt))));
    const bool idle = m_runner->waitIdle(timeoutMs);
    drain();
    return idle;
}

Recording SimulationController::recording(int timeoutMs)
{
    std::future<Recording> future = m_runner->requestRecording();
    if (future.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready) {
        spdlog::warn("the engine did not answer a recording request within {} ms", timeoutMs);
        return {};
    }
    return future.get();
}

void SimulationController::drain()
{
    for (const RunnerEvent& event : m_runner->takeEvents()) {
        spdlog::warn("simulation: {}", event.message);
        emit simulationError(QString::fromStdString(event.message));
    }
    std::shared_ptr<const Frame> frame = m_runner->takeFrame();
    if (!frame)
        return;
    m_latest = frame;
    if (m_running && !frame->running && !m_runner->isRunning()) {
        // The engine stopped by itself (divergence or error).
        m_running = false;
        emit runningChanged(false);
    }
    emit frameReady(*frame);
}

}  // namespace neuroai::chapters
