#include "engine/core/SimulationRunner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <utility>

namespace neuroai {

namespace {
constexpr double kTargetChunkWallMs = 2.0;      // run-as-fast-as-possible chunks: about this much work each
constexpr long kMaxChunkSteps = 1'000'000;
constexpr double kMaxLagWallMs = 250.0;         // paced mode drops a backlog larger than this
constexpr std::size_t kMaxHistorySamples = 5'000'000;
}  // namespace

// Appends every sample to the window history and notes non-finite values (engine thread only).
class SimulationRunner::HistorySink final : public TraceSink {
public:
    explicit HistorySink(SimulationRunner& runner) : m_runner(runner) {}
    void sample(double tMs, std::span<const double> values) override
    {
        m_runner.m_historyT.push_back(tMs);
        for (std::size_t c = 0; c < m_runner.m_history.size(); ++c) {
            const std::size_t source = m_runner.m_probeIndex[c];
            const double v = source < values.size() ? values[source] : 0.0;
            if (!std::isfinite(v) && !nonFinite) {
                nonFinite = true;
                nonFiniteAtMs = tMs;
            }
            m_runner.m_history[c].values.push_back(v);
        }
    }
    void spike(double tMs, int neuron) override
    {
        m_runner.m_windowSpikes.emplace_back(tMs, neuron);
        if (m_runner.m_raster.on())
            m_runner.m_raster.add(tMs, neuron);
        if (m_runner.m_spikeStream) {
            m_runner.m_spikeOut.times.push_back(tMs);
            m_runner.m_spikeOut.neurons.push_back(neuron);
        }
    }

    bool nonFinite = false;
    double nonFiniteAtMs = 0;  // time of the first non-finite sample

private:
    SimulationRunner& m_runner;
};

SimulationRunner::SimulationRunner(std::unique_ptr<Model> model, std::uint64_t seed)
    : m_modelId(model->id())
    , m_specs(model->specs())
    , m_channels(model->channels())
    , m_clock(model->clock())
    , m_initialStepMs(model->dt())
    , m_model(std::move(model))
    , m_seedEngine(seed)
    , m_history(m_channels.size())
    , m_sink(std::make_unique<HistorySink>(*this))
    , m_requested(m_model->parameters())
    , m_seedRequested(seed)
    , m_probedChannels(m_channels)
{
    m_model->reset(seed);
    for (std::size_t c = 0; c < m_channels.size(); ++c)
        m_probeIndex.push_back(c);
    m_thread = std::thread([this] { threadMain(); });
}

SimulationRunner::~SimulationRunner()
{
    {
        std::lock_guard lock(m_commandMutex);
        m_quit = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

double SimulationRunner::wallMs() const
{
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

void SimulationRunner::enqueue(std::function<void()> command)
{
    {
        std::lock_guard lock(m_commandMutex);
        m_commands.push_back(std::move(command));
    }
    m_wake.notify_all();
}

std::string SimulationRunner::setParameter(const std::string& key, double value)
{
    ParamSet next = parameters();
    try {
        next.set(key, value);
    } catch (const ParameterError& error) {
        return error.what();
    }
    return setParameters(next);
}

std::string SimulationRunner::setParameters(const ParamSet& parameters)
{
    if (std::string message = m_model->validate(parameters); !message.empty())
        return message;
    ParamSet next(m_specs);
    for (const auto& [key, value] : parameters.values())
        next.set(key, value);
    {
        std::lock_guard lock(m_commandMutex);
        m_requested = next;
    }
    enqueue([this, next] {
        try {
            const double oldDt = m_model->dt();
            m_model->setParameters(next);
            if (m_model->dt() != oldDt) {
                m_anchorWallMs = wallMs();
                m_anchorSimMs = m_model->timeMs();
            }
        } catch (const std::exception& error) {
            std::lock_guard lock(m_frameMutex);
            m_events.push_back({RunnerEvent::Kind::Error, error.what()});
        }
        m_dirty = true;
    });
    return {};
}

void SimulationRunner::restoreDefaults()
{
    setParameters(ParamSet(m_specs));
}

ParamSet SimulationRunner::parameters() const
{
    std::lock_guard lock(m_commandMutex);
    return m_requested;
}

void SimulationRunner::setRunningState(bool running)
{
    m_running = running;
    m_runningFlag.store(running);
    m_dirty = true;
}

void SimulationRunner::run()
{
    m_runningFlag.store(true);
    enqueue([this] {
        if (!m_model->stateIsFinite()) {
            setRunningState(false);
            std::lock_guard lock(m_frameMutex);
            m_events.push_back({RunnerEvent::Kind::Error, "The simulation has diverged; press Reset before running it again."});
            return;
        }
        setRunningState(true);
        m_anchorWallMs = wallMs();
        m_anchorSimMs = m_model->timeMs();
    });
}

void SimulationRunner::pause()
{
    m_runningFlag.store(false);
    enqueue([this] {
        setRunningState(false);
        m_stepsPending = 0;
    });
}

void SimulationRunner::step(long steps)
{
    if (steps <= 0)
        return;
    enqueue([this, steps] {
        setRunningState(false);
        if (m_model->stateIsFinite())
            m_stepsPending += steps;
    });
}

void SimulationRunner::reset(std::uint64_t seed)
{
    {
        std::lock_guard lock(m_commandMutex);
        m_seedRequested = seed;
    }
    m_runningFlag.store(false);
    enqueue([this, seed] {
        setRunningState(false);
        m_stepsPending = 0;
        m_seedEngine = seed;
        m_model->reset(seed);
        m_historyT.clear();
        for (Channel& c : m_history)
            c.values.clear();
        m_historyStart = 0;
        m_windowSpikes.clear();
        m_sink->nonFinite = false;
        m_lastPublishSimMs = 0;
        m_spikeOut = {};
        {
            std::lock_guard lock(m_frameMutex);
            m_spikeQueue = {};  // spikes of the run before the reset
        }
        if (m_raster.on())
            m_raster.configure(m_raster.columns, m_raster.rows, m_raster.neurons, m_windowMs);
    });
}

std::uint64_t SimulationRunner::seed() const
{
    std::lock_guard lock(m_commandMutex);
    return m_seedRequested;
}

void SimulationRunner::setSpeed(double speed)
{
    if (std::isnan(speed))
        return;
    speed = std::max(speed, kMinSpeed);
    {
        std::lock_guard lock(m_commandMutex);
        m_speedRequested = speed;
    }
    enqueue([this, speed] {
        m_speed = speed;
        m_anchorWallMs = wallMs();
        m_anchorSimMs = m_model->timeMs();
    });
}

double SimulationRunner::speed() const
{
    std::lock_guard lock(m_commandMutex);
    return m_speedRequested;
}

void SimulationRunner::setView(double windowMs, int columns)
{
    if (!(windowMs > 0) || !std::isfinite(windowMs))
        return;
    columns = std::clamp(columns, 16, 8192);
    enqueue([this, windowMs, columns] {
        const bool rebin = windowMs != m_windowMs;
        m_windowMs = windowMs;
        m_columns = columns;
        if (rebin && m_raster.on())
            rebuildRaster();
        m_dirty = true;
    });
}

std::string SimulationRunner::setProbes(std::vector<std::string> keys)
{
    std::vector<std::size_t> index;
    std::vector<ChannelInfo> probed;
    for (const std::string& key : keys) {
        const auto it = std::find_if(m_channels.begin(), m_channels.end(), [&](const ChannelInfo& c) { return c.key == key; });
        if (it == m_channels.end()) {
            std::string known;
            for (const ChannelInfo& c : m_channels)
                known += (known.empty() ? "" : ", ") + c.key;
            return "model '" + m_modelId + "' records no channel '" + key + "' (known: " + known + ")";
        }
        index.push_back(std::size_t(it - m_channels.begin()));
        probed.push_back(*it);
    }
    if (keys.empty()) {
        probed = m_channels;
        for (std::size_t c = 0; c < m_channels.size(); ++c)
            index.push_back(c);
    }
    {
        std::lock_guard lock(m_frameMutex);
        m_probedChannels = probed;
    }
    enqueue([this, index] {
        m_probeIndex = index;
        m_history.assign(index.size(), Channel{});
        m_historyT.clear();
        m_historyStart = 0;
        m_dirty = true;
    });
    return {};
}

std::vector<ChannelInfo> SimulationRunner::probedChannels() const
{
    std::lock_guard lock(m_frameMutex);
    return m_probedChannels;
}

void SimulationRunner::setRasterView(int columns, int rows, int neurons, std::vector<RasterPopulation> populations)
{
    columns = columns <= 0 ? 0 : std::clamp(columns, 16, 8192);
    rows = std::clamp(rows, 1, std::max(1, std::min(neurons, 8192)));
    neurons = std::max(neurons, 1);
    enqueue([this, columns, rows, neurons, populations = std::move(populations)] {
        m_raster.columns = columns;
        m_raster.rows = rows;
        m_raster.neurons = neurons;
        m_raster.populations = populations;
        if (m_raster.on())
            rebuildRaster();
        else
            m_raster = {};
        m_dirty = true;
    });
}

void SimulationRunner::setSpikeStream(bool on)
{
    enqueue([this, on] {
        m_spikeStream = on;
        if (!on)
            m_spikeOut = {};
    });
}

void SimulationRunner::setMatrixView(int rows, int columns)
{
    rows = std::clamp(rows, 1, 8192);
    columns = std::clamp(columns, 1, 8192);
    enqueue([this, rows, columns] {
        m_matrixRows = rows;
        m_matrixColumns = columns;
        m_dirty = true;
    });
}

SpikeBatch SimulationRunner::takeSpikes()
{
    std::lock_guard lock(m_frameMutex);
    return std::exchange(m_spikeQueue, {});
}

void SimulationRunner::RasterRing::configure(int c, int r, int n, double windowMs)
{
    columns = c;
    rows = r;
    neurons = n;
    binMs = windowMs / double(std::max(c, 1));
    headBin = 0;
    dropped = 0;
    counts.assign(std::size_t(columns) * std::size_t(rows), 0);
}

void SimulationRunner::RasterRing::advanceTo(long long bin)
{
    if (bin <= headBin)
        return;
    const long long fresh = std::min<long long>(bin - headBin, columns);
    for (long long b = bin - fresh + 1; b <= bin; ++b) {
        const std::size_t slot = std::size_t(((b % columns) + columns) % columns);
        std::fill_n(counts.begin() + std::ptrdiff_t(slot * std::size_t(rows)), rows, std::uint16_t(0));
    }
    headBin = bin;
}

void SimulationRunner::RasterRing::add(double tMs, int neuron)
{
    const long long bin = (long long)std::floor(tMs / binMs);
    if (neuron < 0 || neuron >= neurons || bin <= headBin - columns) {
        ++dropped;
        return;
    }
    advanceTo(bin);
    const std::size_t slot = std::size_t(((bin % columns) + columns) % columns);
    const std::size_t row = std::size_t((long long)neuron * rows / neurons);
    std::uint16_t& cell = counts[slot * std::size_t(rows) + row];
    if (cell < 65535)
        ++cell;
}

RasterImage SimulationRunner::RasterRing::image() const
{
    RasterImage image;
    image.width = columns;
    image.height = rows;
    image.firstNeuron = 0;
    image.lastNeuron = neurons;
    image.t1Ms = double(headBin + 1) * binMs;
    image.t0Ms = image.t1Ms - double(columns) * binMs;
    image.dropped = dropped;
    image.counts.assign(std::size_t(columns) * std::size_t(rows), 0);
    for (int x = 0; x < columns; ++x) {  // oldest column first
        const long long bin = headBin - columns + 1 + x;
        const std::size_t slot = std::size_t(((bin % columns) + columns) % columns);
        for (int r = 0; r < rows; ++r) {
            const std::uint16_t count = counts[slot * std::size_t(rows) + std::size_t(r)];
            image.counts[std::size_t(r) * std::size_t(columns) + std::size_t(x)] = count;
            image.spikeCount += count;
        }
    }
    if (!populations.empty())
        assignRasterPopulations(image, populations);
    return image;
}

void SimulationRunner::rebuildRaster()
{
    m_raster.configure(m_raster.columns, m_raster.rows, m_raster.neurons, m_windowMs);
    m_raster.advanceTo((long long)std::floor(m_model->timeMs() / m_raster.binMs));
    for (const auto& [t, neuron] : m_windowSpikes)
        m_raster.add(t, neuron);
}

void SimulationRunner::setPairedView(double ms, int maxPoints)
{
    if (!(ms >= 0) || !std::isfinite(ms))
        return;
    maxPoints = std::clamp(maxPoints, 16, 100000);
    enqueue([this, ms, maxPoints] {
        m_pairedMs = ms;
        m_pairedPoints = maxPoints;
        m_dirty = true;
    });
}

void SimulationRunner::setPublishInterval(double wallMs)
{
    enqueue([this, wallMs] { m_publishIntervalMs = std::clamp(wallMs, 1.0, 1000.0); });
}

void SimulationRunner::post(std::function<void(Model&)> command)
{
    if (!command)
        return;
    enqueue([this, command = std::move(command)] {
        try {
            command(*m_model);
        } catch (const std::exception& error) {
            std::lock_guard lock(m_frameMutex);
            m_events.push_back({RunnerEvent::Kind::Error, error.what()});
        }
        m_dirty = true;
    });
}

std::future<Recording> SimulationRunner::requestRecording()
{
    auto promise = std::make_shared<std::promise<Recording>>();
    std::future<Recording> future = promise->get_future();
    enqueue([this, promise] {
        Recording r;
        r.modelId = m_modelId;
        for (const std::size_t c : m_probeIndex)
            r.channels.push_back(m_channels[c]);
        r.parameters = m_model->parameters();
        r.seed = m_seedEngine;
        r.t.assign(m_historyT.begin() + std::ptrdiff_t(m_historyStart), m_historyT.end());
        for (const Channel& c : m_history)
            r.values.emplace_back(c.values.begin() + std::ptrdiff_t(m_historyStart), c.values.end());
        for (const auto& [t, neuron] : m_windowSpikes) {
            r.spikeTimes.push_back(t);
            r.spikeNeurons.push_back(neuron);
        }
        promise->set_value(std::move(r));
    });
    return future;
}

bool SimulationRunner::waitIdle(double timeoutMs)
{
    std::unique_lock lock(m_commandMutex);
    return m_idle.wait_for(lock, std::chrono::duration<double, std::milli>(timeoutMs),
                           [this] { return m_commands.empty() && !m_busy; });
}

std::shared_ptr<const Frame> SimulationRunner::takeFrame()
{
    std::lock_guard lock(m_frameMutex);
    return std::exchange(m_latestFrame, nullptr);
}

std::vector<RunnerEvent> SimulationRunner::takeEvents()
{
    std::lock_guard lock(m_frameMutex);
    return std::exchange(m_events, {});
}

void SimulationRunner::applyCommands()
{
    // Two vectors swapped back and forth keep their capacity: the engine loop calls this thousands of times a
    // second, and a fresh std::deque per call (which allocates even when empty) was two allocations each time.
    m_applying.clear();  // empty already, unless a command threw last time: those must not run again
    {
        std::lock_guard lock(m_commandMutex);
        if (m_commands.empty())
            return;
        m_applying.swap(m_commands);
    }
    for (auto& command : m_applying)
        command();
    m_applying.clear();  // release what the commands captured now, not at the next call
}

long SimulationRunner::chooseChunk(double now)
{
    const double perStepWall = m_lastChunkWallMs / double(std::max(m_lastChunkSteps, 1L));
    const long adaptive = std::clamp(long(kTargetChunkWallMs / std::max(perStepWall, 1e-9)), 1L, kMaxChunkSteps);
    if (m_stepsPending > 0)
        return std::min(m_stepsPending, adaptive);
    if (std::isinf(m_speed))
        return adaptive;
    const double dt = m_model->dt();
    double target = m_anchorSimMs + m_speed * (now - m_anchorWallMs);
    const double behind = target - m_model->timeMs();
    if (behind > m_speed * kMaxLagWallMs) {  // cannot keep up: drop the backlog rather than stutter forever
        m_anchorWallMs = now;
        m_anchorSimMs = m_model->timeMs();
        target = m_anchorSimMs;
        return std::min(adaptive, std::max(1L, long(m_speed * kMaxLagWallMs / dt)));
    }
    const long due = long(std::floor(behind / dt + 1e-9));
    return std::clamp(due, 0L, adaptive);
}

void SimulationRunner::trimHistory()
{
    const double windowStart = m_model->timeMs() - m_windowMs;
    while (m_historyStart < m_historyT.size() && m_historyT[m_historyStart] < windowStart)
        ++m_historyStart;
    if (m_historyT.size() - m_historyStart > kMaxHistorySamples)
        m_historyStart = m_historyT.size() - kMaxHistorySamples;
    // Compact once the samples that left the window outnumber those still in it: the history then never holds more
    // than about twice the window (plus one chunk), and reaches that size within two windows of running. (Compacting
    // only past 65 536 dead samples let the vectors ratchet up slowly over a long session of runs and resets, which
    // a memory soak reads as growth.) Each compaction moves at most as many samples as were appended since the
    // last one, so the cost stays O(1) per sample.
    if (m_historyStart >= 4096 && m_historyStart >= m_historyT.size() - m_historyStart) {
        m_historyT.erase(m_historyT.begin(), m_historyT.begin() + std::ptrdiff_t(m_historyStart));
        for (Channel& c : m_history)
            c.values.erase(c.values.begin(), c.values.begin() + std::ptrdiff_t(m_historyStart));
        m_historyStart = 0;
    }
    while (!m_windowSpikes.empty() && m_windowSpikes.front().first < windowStart)
        m_windowSpikes.pop_front();
}

void SimulationRunner::publish(double now)
{
    auto frame = std::make_shared<Frame>();
    const double t = m_model->timeMs();
    frame->sequence = ++m_sequence;
    frame->timeMs = t;
    frame->windowStartMs = t - m_windowMs;
    frame->running = m_running || m_stepsPending > 0;
    if (frame->running && now > m_lastPublishWallMs)
        frame->achievedSpeed = (t - m_lastPublishSimMs) / (now - m_lastPublishWallMs);
    const std::span<const double> times(m_historyT.data() + m_historyStart, m_historyT.size() - m_historyStart);
    // Columns span the axis the plot will show (liveTimeView), which is shorter than the window early in a run.
    const auto [viewStart, viewEnd] = liveTimeView(t, m_windowMs);
    for (std::size_t c = 0; c < m_history.size(); ++c) {
        const std::span<const double> values(m_history[c].values.data() + m_historyStart, times.size());
        frame->traces.push_back(
            {m_channels[m_probeIndex[c]], decimateMinMax(times, values, viewStart, viewEnd, m_columns)});
    }
    if (m_pairedMs > 0 && !times.empty()) {
        const double from = t - std::min(m_pairedMs, m_windowMs);
        const auto first = std::size_t(std::lower_bound(times.begin(), times.end(), from) - times.begin());
        const std::size_t count = times.size() - first;
        const std::size_t stride = std::max<std::size_t>(1, (count + std::size_t(m_pairedPoints) - 1) /
                                                                std::size_t(m_pairedPoints));
        frame->pairedValues.resize(m_history.size());
        // Walk back from the newest sample so the current state is always the last point.
        std::vector<std::size_t> picked;
        for (std::size_t i = times.size(); i > first; i = i >= first + stride ? i - stride : first)
            picked.push_back(i - 1);
        std::reverse(picked.begin(), picked.end());
        for (const std::size_t i : picked) {
            frame->pairedT.push_back(times[i]);
            for (std::size_t c = 0; c < m_history.size(); ++c)
                frame->pairedValues[c].push_back(m_history[c].values[m_historyStart + i]);
        }
    }
    thinSpikes(*frame, viewStart, viewEnd);
    if (m_raster.on()) {
        m_raster.advanceTo((long long)std::floor(t / m_raster.binMs));
        frame->raster = m_raster.image();
    }
    frame->metrics = m_model->metrics();
    frame->parameters = m_model->parameters();
    m_model->publish(*frame);
    for (MatrixImage& matrix : frame->matrices)
        if (matrix.rows > m_matrixRows || matrix.columns > m_matrixColumns)
            matrix = downsampleMatrix(matrix, m_matrixRows, m_matrixColumns);
    {
        std::lock_guard lock(m_frameMutex);
        m_latestFrame = std::move(frame);
        if (!m_spikeOut.times.empty()) {  // hand the new spikes over, keeping the queue bounded
            const std::size_t room = kMaxQueuedSpikes - std::min(kMaxQueuedSpikes, m_spikeQueue.times.size());
            const std::size_t taken = std::min(room, m_spikeOut.times.size());
            m_spikeQueue.times.insert(m_spikeQueue.times.end(), m_spikeOut.times.begin(),
                                      m_spikeOut.times.begin() + std::ptrdiff_t(taken));
            m_spikeQueue.neurons.insert(m_spikeQueue.neurons.end(), m_spikeOut.neurons.begin(),
                                        m_spikeOut.neurons.begin() + std::ptrdiff_t(taken));
            m_spikeQueue.dropped += m_spikeOut.times.size() - taken;
            m_spikeOut.times.clear();
            m_spikeOut.neurons.clear();
        }
    }
    m_lastPublishWallMs = now;
    m_lastPublishSimMs = t;
    m_dirty = false;
}

void SimulationRunner::thinSpikes(Frame& frame, double viewStart, double viewEnd) const
{
    frame.windowSpikeCount = m_windowSpikes.size();
    const std::size_t limit = std::size_t(4 * m_columns);
    if (m_windowSpikes.size() <= limit) {
        for (const auto& [spikeT, neuron] : m_windowSpikes) {
            frame.spikeTimes.push_back(spikeT);
            frame.spikeNeurons.push_back(neuron);
        }
        return;
    }
    // More than four per pixel column: the first spike of each column, found by bisection, so the cost is
    // O(columns · log spikes) however many spikes the window holds.
    frame.spikesThinned = true;
    const double width = (viewEnd - viewStart) / double(m_columns);
    auto from = m_windowSpikes.begin();
    for (int column = 0; column < m_columns && from != m_windowSpikes.end(); ++column) {
        const double start = viewStart + width * column;
        from = std::lower_bound(from, m_windowSpikes.end(), start,
                                [](const std::pair<double, int>& s, double t) { return s.first < t; });
        if (from != m_windowSpikes.end() && from->first < start + width) {
            frame.spikeTimes.push_back(from->first);
            frame.spikeNeurons.push_back(from->second);
        }
    }
}

void SimulationRunner::threadMain()
{
    for (;;) {
        {
            std::lock_guard lock(m_commandMutex);
            if (m_quit)
                return;
            m_busy = true;
        }
        applyCommands();

        double now = wallMs();
        const bool active = m_running || m_stepsPending > 0;
        if (!active) {
            if (m_dirty) {
                trimHistory();
                publish(now);
            }
            std::unique_lock lock(m_commandMutex);
            if (m_commands.empty()) {
                m_busy = false;
                m_idle.notify_all();
                m_wake.wait(lock, [this] { return m_quit || !m_commands.empty(); });
            }
            continue;
        }

        const long chunk = chooseChunk(now);
        if (chunk == 0) {
            if (m_dirty && now - m_lastPublishWallMs >= m_publishIntervalMs)
                publish(now);
            // Nothing is due yet: sleep about one step of wall time (bounded), or until a command arrives.
            const double waitMs = std::clamp(std::min(m_model->dt() / m_speed, m_publishIntervalMs), 0.2, 50.0);
            std::unique_lock lock(m_commandMutex);
            m_wake.wait_for(lock, std::chrono::duration<double, std::milli>(waitMs),
                            [this] { return m_quit || !m_commands.empty(); });
            continue;
        }

        const double before = wallMs();
        try {
            m_model->advance(chunk, *m_sink);
        } catch (const std::exception& error) {
            setRunningState(false);
            m_stepsPending = 0;
            spdlog::error("model '{}' failed: {}", m_modelId, error.what());
            std::lock_guard lock(m_frameMutex);
            m_events.push_back({RunnerEvent::Kind::Error, std::string("The simulation stopped: ") + error.what()});
            continue;
        }
        now = wallMs();
        m_lastChunkWallMs = std::max(now - before, 1e-6);
        m_lastChunkSteps = chunk;
        m_dirty = true;
        if (m_stepsPending > 0) {
            m_stepsPending -= chunk;
            if (m_stepsPending <= 0) {
                m_stepsPending = 0;
                m_runningFlag.store(m_running);
            }
        }
        trimHistory();

        if (m_sink->nonFinite || !m_model->stateIsFinite()) {
            setRunningState(false);
            m_stepsPending = 0;
            char when[64];
            std::snprintf(when, sizeof when, "%.3f", m_sink->nonFinite ? m_sink->nonFiniteAtMs : m_model->timeMs());
            const std::string message = std::string("The simulation diverged at t = ") + when +
                                        " ms (a state variable became NaN or infinite) and was stopped. "
                                        "Change the parameters and press Reset.";
            spdlog::warn("{}", message);
            {
                std::lock_guard lock(m_frameMutex);
                m_events.push_back({RunnerEvent::Kind::Diverged, message});
            }
            publish(now);
            continue;
        }
        if (now - m_lastPublishWallMs >= m_publishIntervalMs || !(m_running || m_stepsPending > 0))
            publish(now);
    }
}

}  // namespace neuroai
