#include "chapters/framework/SimulationController.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

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
    const double dt = parameters().contains("dt") ? parameters()["dt"] : 0.1;
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

bool SimulationController::runBlocking(double ms, int timeoutMs)
{
    setRunning(false);
    const double dt = parameters().contains("dt") ? parameters()["dt"] : 0.1;
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
