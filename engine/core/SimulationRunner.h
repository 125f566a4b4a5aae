#pragma once

#include "engine/core/Frame.h"
#include "engine/core/Model.h"
#include "engine/core/RasterBinning.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace neuroai {

// Something the engine thread reports to the GUI besides frames.
struct RunnerEvent {
    enum class Kind { Diverged, Error };
    Kind kind = Kind::Error;
    std::string message;
};

// Runs one Model on a thread of its own.
//
// THREADING CONTRACT
// - The runner owns the model. After construction only the engine thread touches it; no other thread reads or
//   writes model state, ever.
// - Every public method is called from one controlling thread (the GUI thread, or a test), except where noted.
//   Commands (setParameter, setParameters, restoreDefaults, run, pause, step, reset, setSpeed, setView,
//   requestRecording) only enqueue: they return at once, and the engine thread applies them in order *between*
//   integration chunks, so a step never sees a half-applied change. Parameter values are validated on the calling
//   thread (against the immutable specs) before they are queued, so a bad value is reported synchronously and
//   never reaches the model.
// - Engine → GUI: the engine thread publishes a self-contained Frame (decimated traces, spikes in the window,
//   metrics) at most every publishInterval of wall-clock time and whenever it stops. Publishing swaps a
//   shared_ptr under a mutex held for a pointer swap only; the engine never waits for the GUI. The GUI drains
//   with takeFrame() on a timer (30–60 Hz) and gets the newest frame (older ones are dropped: they are snapshots,
//   not deltas). takeEvents() drains divergence and error reports the same way.
// - Decimation to the plot's pixel width (setView) happens on the engine thread, so the GUI receives at most
//   2·columns points per channel whatever the simulation speed. Only the probed channels are recorded at all
//   (setProbes); spikes reach a frame thinned to a few per pixel column, as a raster image binned to pixels
//   (setRasterView) and, for analyses that must see every spike once, as a bounded delta stream (takeSpikes).
//   Matrices a model publishes are downsampled to setMatrixView's size. Publishing costs O(pixels + samples of the
//   window), never O(network size) or O(history).
// - The destructor stops the engine thread and joins it; it is safe at any moment, also mid-run.
class SimulationRunner {
public:
    static constexpr double kAsFastAsPossible = std::numeric_limits<double>::infinity();
    static constexpr double kMinSpeed = 0.01;

    explicit SimulationRunner(std::unique_ptr<Model> model, std::uint64_t seed = 1);
    ~SimulationRunner();
    SimulationRunner(const SimulationRunner&) = delete;
    SimulationRunner& operator=(const SimulationRunner&) = delete;

    // --- identity (immutable, any thread) ---
    const std::string& modelId() const { return m_modelId; }
    const std::vector<ParamSpec>& specs() const { return m_specs; }
    const std::vector<ChannelInfo>& channels() const { return m_channels; }
    // What the model's time counts (simulated ms, episodes, iterations): the toolbar and exports say it.
    const Clock& clock() const { return m_clock; }
    // The model's integration step when the runner was built (ms). For models whose step is not a parameter ("dt")
    // it is the step for good, so the GUI converts "run x ms" into steps with it (a model may step 1 ms, not 0.1).
    double initialStepMs() const { return m_initialStepMs; }

    // --- commands ---
    // Returns an empty string on success, otherwise the message naming key, value and range (nothing is queued).
    std::string setParameter(const std::string& key, double value);
    std::string setParameters(const ParamSet& parameters);
    void restoreDefaults();
    // The parameter set most recently requested (what the model will use once queued commands are applied).
    ParamSet parameters() const;

    void run();
    void pause();
    void setRunning(bool running) { running ? run() : pause(); }
    // Advances exactly `steps` integration steps (as fast as possible), then stops.
    void step(long steps = 1);
    // Back to the initial state at t = 0 with a new seed; the parameters are kept. Stops a run.
    void reset(std::uint64_t seed);
    std::uint64_t seed() const;
    // Simulated ms per wall-clock ms, clamped to [kMinSpeed, ∞); kAsFastAsPossible for no pacing.
    void setSpeed(double speed);
    double speed() const;
    // Time window (simulated ms) the frames cover, and the number of min/max columns to decimate to.
    void setView(double windowMs, int columns);
    // Also publish the last `ms` (at most the view window) of all channels, thinned by a common stride to at most
    // `maxPoints` samples (Frame::pairedT/pairedValues); ms = 0 turns it off.
    void setPairedView(double ms, int maxPoints);
    void setPublishInterval(double wallMs);
    // Records only the channels with these keys (in this order); empty = every channel. Returns an empty string, or
    // the message naming an unknown key (nothing changes then). Clears the recorded history.
    std::string setProbes(std::vector<std::string> keys);
    // The probed channels (immutable between setProbes calls; any thread after the call returns).
    std::vector<ChannelInfo> probedChannels() const;
    // Publishes the window's spikes of neurons [0, neurons) binned to columns × rows pixels (Frame::raster);
    // columns = 0 turns it off. Rows are capped at the neuron count. Populations, if given (sorted by first neuron),
    // colour the rows (RasterImage::rowPopulation), so the GUI never has to touch the image.
    void setRasterView(int columns, int rows, int neurons, std::vector<RasterPopulation> populations = {});
    // Keeps every spike for takeSpikes() (off by default: it costs a copy per spike).
    void setSpikeStream(bool on);
    // Matrices published by the model are block-averaged down to at most rows × columns cells (default 512 × 512).
    void setMatrixView(int rows, int columns);

    // Full-resolution samples of the current window, taken on the engine thread between chunks.
    std::future<Recording> requestRecording();

    // Runs `command` with the model on the engine thread, between integration chunks and in order with the other
    // commands, then publishes a fresh frame: for GUI gestures that act on the running model without being
    // parameters (steering a simulated animal with the arrow keys or a drawn path). The command must not keep the
    // reference, and must not block; an exception it throws becomes an Error event (takeEvents). Null is ignored.
    void post(std::function<void(Model&)> command);

    // Blocks the caller until every queued command is applied, no run or step is pending, and the final frame is
    // published; false on timeout. For tests and headless export.
    bool waitIdle(double timeoutMs = 60000);

    // --- engine → GUI (drain side) ---
    std::shared_ptr<const Frame> takeFrame();  // nullptr if nothing new since the last call
    std::vector<RunnerEvent> takeEvents();
    // Every spike since the previous call (with setSpikeStream on), in order; at most kMaxQueuedSpikes are kept
    // between drains, the excess is counted in `dropped`.
    SpikeBatch takeSpikes();
    static constexpr std::size_t kMaxQueuedSpikes = 1u << 20;
    bool isRunning() const { return m_runningFlag.load(); }  // any thread

private:
    struct Channel {
        std::vector<double> values;
    };
    class HistorySink;
    // Spikes binned to pixels as they arrive: a ring of time-bin columns over the window (engine thread only).
    struct RasterRing {
        int columns = 0, rows = 0, neurons = 0;
        double binMs = 1;
        long long headBin = 0;                // newest bin; bins (headBin − columns, headBin] are held
        std::vector<std::uint16_t> counts;    // column-major ring: counts[slot · rows + row]
        std::uint64_t dropped = 0;
        std::vector<RasterPopulation> populations;
        bool on() const { return columns > 0; }
        void configure(int columns, int rows, int neurons, double windowMs);
        void advanceTo(long long bin);
        void add(double tMs, int neuron);
        RasterImage image() const;
    };

    void enqueue(std::function<void()> command);
    void threadMain();
    void applyCommands();
    long chooseChunk(double wallNowMs);
    void publish(double wallNowMs);
    void rebuildRaster();
    void thinSpikes(Frame& frame, double viewStart, double viewEnd) const;
    void trimHistory();
    double wallMs() const;
    void setRunningState(bool running);

    // immutable after construction
    std::string m_modelId;
    std::vector<ParamSpec> m_specs;
    std::vector<ChannelInfo> m_channels;
    Clock m_clock;
    double m_initialStepMs = 0.1;

    // owned by the engine thread
    std::unique_ptr<Model> m_model;
    bool m_running = false;
    long m_stepsPending = 0;
    double m_speed = 1.0;
    double m_anchorWallMs = 0, m_anchorSimMs = 0;
    double m_windowMs = 500;
    int m_columns = 800;
    double m_pairedMs = 0;
    int m_pairedPoints = 2000;
    double m_publishIntervalMs = 15;
    double m_lastPublishWallMs = -1e300, m_lastPublishSimMs = 0;
    double m_lastChunkWallMs = 1.0;
    long m_lastChunkSteps = 100;
    bool m_dirty = true;
    std::uint64_t m_seedEngine = 1;
    std::uint64_t m_sequence = 0;
    std::vector<double> m_historyT;
    std::vector<Channel> m_history;
    std::size_t m_historyStart = 0;  // samples before this index have left the window
    std::deque<std::pair<double, int>> m_windowSpikes;
    std::unique_ptr<HistorySink> m_sink;
    std::vector<std::size_t> m_probeIndex;  // model channel of each recorded channel
    RasterRing m_raster;
    bool m_spikeStream = false;
    SpikeBatch m_spikeOut;                  // spikes not yet handed to the queue
    int m_matrixRows = 512, m_matrixColumns = 512;

    // shared: command side
    mutable std::mutex m_commandMutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::vector<std::function<void()>> m_commands;
    std::vector<std::function<void()>> m_applying;  // engine thread only: the batch being run, its capacity reused
    bool m_quit = false;
    bool m_busy = false;  // engine thread is applying commands or advancing
    ParamSet m_requested;
    std::uint64_t m_seedRequested = 1;
    double m_speedRequested = 1.0;

    // shared: publication side
    mutable std::mutex m_frameMutex;
    std::shared_ptr<const Frame> m_latestFrame;
    std::vector<RunnerEvent> m_events;
    SpikeBatch m_spikeQueue;
    std::vector<ChannelInfo> m_probedChannels;  // guarded by m_frameMutex

    std::atomic<bool> m_runningFlag{false};
    std::thread m_thread;  // last member: started after everything else is initialised
};

}  // namespace neuroai
