#include "chapters/framework/FiSweepDriver.h"

#include "widgets/CurvePlot.h"

namespace neuroai::chapters {

FiSweepDriver::FiSweepDriver(widgets::CurvePlot& plot, std::function<FiSweepSetup()> setup,
                             std::function<double(const FiPoint&)> rate, QObject* parent)
    : QObject(parent)
    , m_plot(plot)
    , m_setup(std::move(setup))
    , m_rate(std::move(rate))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &FiSweepDriver::startNow);
    m_drain.setInterval(33);
    connect(&m_drain, &QTimer::timeout, this, &FiSweepDriver::drain);
}

void FiSweepDriver::schedule() { m_debounce.start(); }

void FiSweepDriver::startNow()
{
    m_debounce.stop();
    FiSweepSetup s = m_setup();
    m_sweep.reset();  // cancels and joins the previous sweep before the new one starts
    m_sweep = std::make_unique<FiSweep>(std::move(s.factory), std::move(s.base), std::move(s.inputs), s.durationMs,
                                        s.seed);
    m_points.clear();
    m_plot.clearMeasured();
    m_drain.start();
}

void FiSweepDriver::stop()
{
    m_debounce.stop();
    m_drain.stop();
    m_sweep.reset();
    m_points.clear();
    m_plot.clearMeasured();
}

void FiSweepDriver::finishNow()
{
    if (m_debounce.isActive() || !m_sweep)
        startNow();
    m_sweep->wait();
    drain();
}

bool FiSweepDriver::finished() const
{
    return m_sweep && m_sweep->finished() && !m_drain.isActive() && !m_debounce.isActive();
}

void FiSweepDriver::drain()
{
    if (!m_sweep)
        return;
    const bool done = m_sweep->finished();  // read before draining: no point can arrive after `done`
    QList<QPointF> points, cutShort;
    for (const FiPoint& point : m_sweep->takePoints()) {
        points.append({point.current, m_rate(point)});
        if (point.cutShort)
            cutShort.append(points.back());
    }
    m_points.append(points);
    m_plot.addMeasured(points);
    m_plot.markCutShort(cutShort);
    if (done) {
        m_drain.stop();
        if (const std::string error = m_sweep->error(); !error.empty())
            emit failed(tr("f-I sweep failed: %1").arg(QString::fromStdString(error)));
    }
}

}  // namespace neuroai::chapters
