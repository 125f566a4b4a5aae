#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai::network {

class Projection;

// Monitors record what the GUI's plots will show, engine-side and without Qt. A network without monitors pays one
// empty-vector test per step for them; each monitor costs, per step, one addition (rates) or, every k steps, one copy
// per watched neuron (states). Their data start at the network's initialise, which empties them.

// Population rate: the spikes of one population counted over bins of k steps (bin b covers steps [b·k, (b+1)·k)
// since initialise), and as a rate in Hz = count / (N · k·dt / 1000). Only complete bins are reported.
class RateMonitor {
public:
    RateMonitor(int population, int populationSize, int binSteps, double dtMs);

    int population() const { return m_population; }
    int binSteps() const { return m_binSteps; }
    double binWidthMs() const { return double(m_binSteps) * m_dt; }
    // Complete bins recorded so far (their indices start at firstBin(), after discardRecorded()).
    const std::vector<std::uint64_t>& counts() const { return m_counts; }
    std::vector<double> ratesHz() const;
    std::int64_t firstBin() const { return m_firstBin; }

    // Called by the network once per step with the population's spikes of the step.
    void record(std::size_t spikes)
    {
        m_pending += spikes;
        if (++m_stepsInBin == m_binSteps) {
            m_counts.push_back(m_pending);
            m_pending = 0;
            m_stepsInBin = 0;
        }
    }
    // Forgets the complete bins (e.g. once the GUI has drawn them); the bin in progress and the numbering go on.
    void discardRecorded();
    void clear();

private:
    int m_population;
    int m_size;
    int m_binSteps;
    double m_dt;
    std::uint64_t m_pending = 0;
    int m_stepsInBin = 0;
    std::int64_t m_firstBin = 0;
    std::vector<std::uint64_t> m_counts;
};

enum class StateVariable { V, Ge, Gi };
const char* stateVariableName(StateVariable variable);

// A state variable of chosen neurons of one population, sampled at the end of every k-th step: the samples are the
// state at t = k·dt, 2k·dt, ... after initialise (after that step's input and resets, which is what the next step
// starts from: Brian2's StateMonitor at the start of a step sees the same values).
class StateMonitor {
public:
    StateMonitor(int population, StateVariable variable, std::vector<int> neurons, int everySteps);

    int population() const { return m_population; }
    StateVariable variable() const { return m_variable; }
    const std::vector<int>& neurons() const { return m_neurons; }
    int everySteps() const { return m_every; }

    std::size_t sampleCount() const { return m_times.size(); }
    const std::vector<double>& timesMs() const { return m_times; }
    // Sample k of the i-th watched neuron (i indexes neurons(), not the population).
    float value(std::size_t sample, std::size_t i) const { return m_values[sample * m_neurons.size() + i]; }
    std::vector<float> trace(std::size_t i) const;

    void sample(double timeMs, const std::vector<float>& state)
    {
        m_times.push_back(timeMs);
        for (const int j : m_neurons)
            m_values.push_back(state[std::size_t(j)]);
    }
    void discardRecorded() { clear(); }
    void clear();

private:
    int m_population;
    StateVariable m_variable;
    std::vector<int> m_neurons;
    int m_every;
    std::vector<double> m_times;
    std::vector<float> m_values;  // sample-major: the watched neurons of sample 0, then of sample 1, ...
};

// Snapshots of a projection's weights, computed on request (nothing is recorded per step).

// Histogram of the weights over [lo, hi] in `bins` equal bins: bin k holds lo + k·w ≤ weight < lo + (k+1)·w, the last
// bin also weight == hi; weights outside [lo, hi] are counted in below/above, not in a bin.
struct WeightHistogram {
    double lo = 0;
    double hi = 1;
    std::vector<std::uint64_t> counts;
    std::uint64_t below = 0;
    std::uint64_t above = 0;
};
WeightHistogram weightHistogram(const Projection& projection, double lo, double hi, int bins);

// Dense pre × post matrix of the weights, row-major by presynaptic neuron (value(i, j) = values[i·post + j]). A pair
// without a synapse is NaN (the heat map shows it apart from a zero weight); several synapses on one pair (allowed,
// e.g. with different delays) are combined by Sum or Mean. Refused with std::invalid_argument above maxCells cells.
enum class Duplicates { Sum, Mean };
struct WeightMatrix {
    int rows = 0;  // presynaptic neurons
    int columns = 0;  // postsynaptic neurons
    std::vector<float> values;
    float value(int i, int j) const { return values[std::size_t(i) * std::size_t(columns) + std::size_t(j)]; }
};
constexpr std::int64_t kMaxWeightMatrixCells = 1'000'000;  // 4 MB of float, a 1000 × 1000 heat map
WeightMatrix weightMatrix(const Projection& projection, Duplicates duplicates = Duplicates::Sum,
                          std::int64_t maxCells = kMaxWeightMatrixCells);

}  // namespace neuroai::network
