#pragma once

#include "engine/core/Model.h"
#include "engine/core/Random.h"
#include "engine/core/Stimulus.h"

#include <array>
#include <deque>
#include <span>
#include <vector>

namespace neuroai {

// A fixed point of a 2-D system and its type from the Jacobian's eigenvalues.
struct FixedPoint {
    double x = 0, y = 0;
    std::string kind;  // "stable node", "stable focus", "unstable node", "unstable focus", "saddle", "centre"
    bool stable = false;
};

// Classifies a fixed point from its Jacobian [[a, b], [c, d]] (row-major).
FixedPoint classifyFixedPoint(double x, double y, const std::array<double, 4>& jacobian);

// What a phase-plane plot needs from a 2-D model (Izhikevich: v–u; AdEx: V–w). All derivatives are per ms, for
// the current parameters and a constant input I (in the model's current unit).
class PhasePlane {
public:
    virtual ~PhasePlane() = default;
    virtual ChannelInfo xVariable() const = 0;  // e.g. {"v", "Membrane potential v", "mV"}
    virtual ChannelInfo yVariable() const = 0;  // e.g. {"u", "Recovery variable u", ""}
    virtual std::array<double, 2> derivative(double x, double y, double input) const = 0;
    virtual std::array<double, 4> jacobian(double x, double y, double input) const = 0;
    // The nullclines as functions of x: the y at which dx/dt = 0, and the y at which dy/dt = 0.
    virtual double xNullcline(double x, double input) const = 0;
    virtual double yNullcline(double x, double input) const = 0;
    // All fixed points for constant input, ordered by x, classified.
    virtual std::vector<FixedPoint> fixedPoints(double input) const = 0;
    // The spike cut-off (x at which a spike is registered and the state reset) and the reset value of x.
    virtual double spikeCutoff() const = 0;
    virtual double resetX() const = 0;
    // A sensible window for the plot at the current parameters.
    virtual std::array<double, 4> suggestedRange() const = 0;  // xMin, xMax, yMin, yMax
    // The state of cell 0 now.
    virtual std::array<double, 2> phaseState() const = 0;
};

// The interface every single-compartment neuron model implements (LIF, Hodgkin–Huxley, Izhikevich, AdEx).
//
// It adds to Model:
//  * the shared stimulus protocols (engine/core/Stimulus.h): every neuron model has the parameters i_ext (bias),
//    stimulus, stim_amp, …, noise_tau, and receives at each step the mean of the protocol over that step;
//  * many independent cells as vectorised state: setCellCount(n) gives n cells with the same parameters, each with
//    its own state, its own optional extra bias (setCellBias) and its own noise stream. Traces and metrics describe
//    cell 0; spikes of every cell go to the sink with the cell's index;
//  * spike bookkeeping shared by all models, with one convention: a spike is reported once, at the time the model
//    documents (threshold crossing time for LIF, the time of the cut-off crossing for Izhikevich/AdEx, the upward
//    crossing of 0 mV for Hodgkin–Huxley), interpolated inside the step where the model says so;
//  * the common metrics: rate_hz (1000 / mean ISI over the last 2 s), isi_cv, spike_count, mean_rate_hz, v_mv,
//    latency_ms (first spike after the stimulus onset; absent until there is one), plus model-specific ones.
//
// Channels: the model's own (membrane potential first), then "i_in", the input of cell 0 in the current unit.
class NeuronModel : public Model {
public:
    // ---- Model ----
    std::vector<ChannelInfo> channels() const final;
    void reset(std::uint64_t seed) final;
    double dt() const final { return m_dt; }
    double timeMs() const final { return m_timeBase + double(m_stepsSinceBase) * m_dt; }
    void advance(long steps, TraceSink& sink) final;
    bool stateIsFinite() const final;
    std::map<std::string, double> metrics() const final;
    std::string inputKey() const override { return "i_ext"; }

    // ---- neuron models ----
    virtual std::string currentUnit() const = 0;
    // One or two sentences naming the integration scheme and its consequences, shown in the GUI and `describe`.
    virtual std::string integrationScheme() const = 0;
    // Non-null for 2-D models.
    virtual const PhasePlane* phasePlane() const { return nullptr; }

    int cellCount() const { return m_cells; }
    // Resizes to n ≥ 1 cells and resets (keeping the seed of the last reset).
    void setCellCount(int n);
    // Extra constant input per cell, added to i_ext (size must equal cellCount()).
    void setCellBias(std::span<const double> bias);

    virtual double membranePotential(int cell = 0) const = 0;
    // Spike times of cell 0 since the last reset (ms), at most kMaxStoredSpikes of them (the earliest are kept).
    const std::vector<double>& spikeTimes() const { return m_spikeTimes; }
    long totalSpikeCount() const { return m_totalSpikes; }  // all cells
    const Stimulus& stimulus() const { return m_stimulus; }
    // Input of cell 0 in force during the most recent step (noise included).
    double lastInput() const { return m_lastInput; }

    static constexpr double kRateWindowMs = 2000.0;
    static constexpr std::size_t kMaxStoredSpikes = 100000;

protected:
    NeuronModel() = default;

    // Passed to stepCells(); records a spike of `cell` at time t (ms).
    class SpikeOut {
    public:
        void operator()(int cell, double t) const { m_owner->recordSpike(cell, t, *m_sink); }

    private:
        friend class NeuronModel;
        SpikeOut(NeuronModel* owner, TraceSink* sink) : m_owner(owner), m_sink(sink) {}
        NeuronModel* m_owner;
        TraceSink* m_sink;
    };

    // ---- implemented by each model ----
    virtual std::vector<ChannelInfo> modelChannels() const = 0;
    // Derived constants from the validated parameters (the stimulus and dt are handled here already).
    virtual void applyModelParameters(const ParamSet& p) = 0;
    virtual std::string checkModelConstraints(const ParamSet& /*p*/) const { return {}; }
    // Allocate state for n cells (called before resetCells when the count changes).
    virtual void resizeCells(int n) = 0;
    // Put every cell at its initial condition.
    virtual void resetCells() = 0;
    // Advance every cell by one step of dt() starting at tStart, with input[i] held constant for cell i.
    virtual void stepCells(const double* input, double tStart, const SpikeOut& spike) = 0;
    // The model channels of cell 0 (modelChannels().size() values).
    virtual void sampleCell0(double* out) const = 0;
    virtual bool cellsFinite() const = 0;
    // Extra metrics beyond the common ones.
    virtual void addModelMetrics(std::map<std::string, double>& /*metrics*/) const {}

    // Helper for the derived specs(): own specs + i_ext + dt are the model's; this appends the stimulus ones.
    static std::vector<ParamSpec> withStimulus(std::vector<ParamSpec> own, const StimulusRanges& ranges);

private:
    std::string checkConstraints(const ParamSet& p) const final;
    void applyParameters(const ParamSet& p) final;
    void recordSpike(int cell, double t, TraceSink& sink);

    double m_dt = 0.1;
    Stimulus m_stimulus;
    int m_cells = 1;
    std::vector<double> m_cellBias;
    std::vector<double> m_input;
    std::vector<double> m_noise;  // OU state per cell
    double m_noiseDecay = 0, m_noiseScale = 0;
    double m_lastInput = 0;
    std::uint64_t m_seed = 1;
    Random m_random;

    double m_timeBase = 0;
    long m_stepsSinceBase = 0;
    long m_spikeCount = 0;   // cell 0
    long m_totalSpikes = 0;  // all cells
    std::vector<double> m_spikeTimes;
    std::deque<double> m_recentSpikes;
    std::vector<double> m_sample;
};

}  // namespace neuroai
