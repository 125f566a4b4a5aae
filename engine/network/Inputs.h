#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai {

class Random;

namespace network {

// Input populations of a Network: neurons without a membrane that only emit spikes. Each fills the list of the step's
// spiking neurons (in increasing order, as the learning-rule contract requires); the network then records and delivers
// those spikes exactly as it does a cell population's.

// Independent Bernoulli spike trains: in every step neuron j spikes with probability p_j = r_j·dt (r_j in Hz, dt in
// ms, so p_j = r_j·dt/1000), independently of every other neuron and step. This is Brian2's PoissonGroup rule
// (rand() < rates·dt), so the count of a neuron over n steps is Binomial(n, p_j); it differs from 1 − e^{−r·dt}
// (the continuous-time process) by O((r·dt)²), 2·10⁻⁶ relative at 20 Hz and dt 0.1 ms. Rates are limited to 1/dt.
//
// Drawing: geometric skipping over the population with the largest probability p_max, then thinning. The gap to the
// next neuron that would spike at p_max is Geometric(p_max), one uniform and one log per candidate; a candidate j is
// kept with probability r_j / r_max (skipped when all rates are equal). Each neuron then spikes with probability
// p_max · r_j / r_max = p_j, independently, and a step costs O(1 + N·p_max) draws instead of N: at 1 000 neurons and
// 20 Hz that is 2 candidates a step instead of 1 000 uniforms. A per-neuron exponential countdown would cost as little
// but draws the continuous-time process (several events could fall in one step and must be merged), and a rate change
// would have to redraw every pending countdown; with skipping a new rate simply applies from the next step.
class PoissonSource {
public:
    PoissonSource() = default;
    PoissonSource(int size, double rateHz, double dtMs);

    // Throws std::invalid_argument for a negative, non-finite or too high (above 1000/dt Hz) rate, or a vector of
    // the wrong length.
    void setRate(double rateHz);
    void setRates(const std::vector<float>& ratesHz);
    const std::vector<float>& rates() const { return m_rate; }

    // Appends this step's spiking neurons, in increasing order, to `spiked` (which the caller has cleared).
    void fire(Random& random, std::vector<int>& spiked) const;

private:
    void checkRate(double rateHz, int neuron) const;
    void update();

    int m_size = 0;
    double m_dt = 0.1;
    std::vector<float> m_rate;  // Hz
    float m_maxRate = 0.0f;
    double m_maxProbability = 0.0;
    double m_logMiss = 0.0;  // ln(1 − p_max)
    bool m_uniform = true;   // every rate equal: no thinning
};

// User-supplied spike times per neuron (ms). Rounding rule: the step that advances the network from k·dt to
// (k + 1)·dt emits the spikes with k·dt ≤ t < (k + 1)·dt, i.e. k = floor(t/dt + 10⁻⁶); the small shift makes a time
// meant to lie on a step boundary but stored a few ulps below it (0.3 ms / 0.1 ms = 2.9999999999999996) count as on
// it. Times are sorted here; each must be finite and non-negative, and two spikes of one neuron may not fall in the
// same step (a neuron spikes at most once per step; Brian2's SpikeGeneratorGroup refuses this too).
class SpikeTrainSource {
public:
    SpikeTrainSource() = default;
    // Throws std::invalid_argument naming the neuron and the time for a bad spike, or when trains.size() != size.
    SpikeTrainSource(const std::string& name, int size, const std::vector<std::vector<double>>& timesMs, double dtMs);

    // Appends the spikes of step `step` to `spiked`, in increasing neuron order. Steps are visited in order;
    // a spike whose step has already passed is skipped.
    void fire(std::int64_t step, std::vector<int>& spiked);
    // Back to the start of the trains (the network's initialise).
    void rewind() { m_cursor = 0; }

    // Every spike as (step, neuron), ordered by step and then neuron.
    const std::vector<std::int64_t>& eventSteps() const { return m_step; }
    const std::vector<int>& eventNeurons() const { return m_neuron; }

private:
    std::vector<std::int64_t> m_step;
    std::vector<int> m_neuron;
    std::size_t m_cursor = 0;
};

}  // namespace network
}  // namespace neuroai
