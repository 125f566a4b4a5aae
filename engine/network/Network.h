#pragma once

#include "engine/network/HhPopulation.h"
#include "engine/network/Projection.h"

#include <cstdint>
#include <string>
#include <vector>

namespace neuroai::network {

// Parameters of a population of leaky integrate-and-fire cells with current-based exponential synapses, the cell of
// the Vogels & Abbott (2005) CUBA benchmark as Brian2's example writes it: voltages in mV, times in ms.
//   τm dv/dt = (ge + gi) − (v − vRest)   (v held at vReset for tRef after a spike)
//   τe dge/dt = −ge,  τi dgi/dt = −gi     (a spike through a synapse adds its weight, in mV, to ge or gi)
struct LifParameters {
    double tauM = 20.0;
    double tauE = 5.0;
    double tauI = 10.0;
    double vRest = -49.0;
    double vThreshold = -50.0;
    double vReset = -60.0;
    double tRef = 5.0;
};

enum class Receptor { Excitatory, Inhibitory };

// What a population's cells are; the network dispatches on it once per population and step, never per neuron.
// Lif: CUBA cells, ge/gi are currents in mV (LifParameters). HodgkinHuxley: conductance-based cells, ge/gi are
// conductances in nS (HhParameters, NetworkHh.cpp).
enum class PopulationKind { Lif, HodgkinHuxley };

// A network of populations joined by projections, advanced in fixed steps of dt with state in float and no virtual
// call per neuron. Each step, in Brian2's order: every population integrates its state over dt by its kind (LIF
// exactly, the system being linear between spikes; HH by exponential Euler), cells above threshold spike, their
// spikes are delivered through the projections into the delay rings, the input due this step is added to ge/gi, and
// spiking cells are reset (LIF) or only made refractory (HH). A spike with delay d steps
// therefore changes its target's ge at the end of the step d steps after the one it was emitted in; with d = 0 it
// acts from the next step on, as in Brian2 with no delay.
class Network {
public:
    explicit Network(double dtMs);

    // Returns the population's index. Throws std::invalid_argument on a bad size or parameters.
    int addLifPopulation(const std::string& name, int size, const LifParameters& parameters);
    // A Hodgkin–Huxley population at rest: v = EL, m = h = n = 0 (Brian2's default), ge = gi = 0.
    int addHhPopulation(const std::string& name, int size, const HhParameters& parameters);
    // Returns the projection's index. The projection's sizes must match the populations'.
    int addProjection(int from, int to, Receptor receptor, Projection projection);

    // Sets every membrane potential uniformly at random in [low, high) from `random` (in neuron order), ge = gi = 0,
    // HH gating variables to 0, and no cell refractory; empties the delay rings and the spike record; time 0.
    void initialiseUniform(double low, double high, Random& random);

    void step();
    void run(long steps)
    {
        for (long s = 0; s < steps; ++s)
            step();
    }

    double dt() const { return m_dt; }
    long steps() const { return m_steps; }
    double timeMs() const { return double(m_steps) * m_dt; }
    int populationCount() const { return int(m_populations.size()); }
    int size(int population) const { return m_populations[std::size_t(population)].size; }
    int totalNeurons() const { return m_totalNeurons; }
    std::size_t synapseCount() const;
    const Projection& projection(int index) const { return m_projections[std::size_t(index)].projection; }

    // State, for tests and monitors.
    const std::vector<float>& v(int population) const { return m_populations[std::size_t(population)].v; }
    const std::vector<float>& ge(int population) const { return m_populations[std::size_t(population)].ge; }
    const std::vector<float>& gi(int population) const { return m_populations[std::size_t(population)].gi; }
    std::vector<float>& v(int population) { return m_populations[std::size_t(population)].v; }
    std::vector<float>& ge(int population) { return m_populations[std::size_t(population)].ge; }
    std::vector<float>& gi(int population) { return m_populations[std::size_t(population)].gi; }
    PopulationKind kind(int population) const { return m_populations[std::size_t(population)].kind; }
    // HH gating variables (empty for other kinds).
    const std::vector<float>& m(int population) const { return m_populations[std::size_t(population)].m; }
    const std::vector<float>& h(int population) const { return m_populations[std::size_t(population)].h; }
    const std::vector<float>& n(int population) const { return m_populations[std::size_t(population)].n; }

    // Spikes of the last step, as neuron indices within each population.
    const std::vector<int>& lastSpikes(int population) const { return m_populations[std::size_t(population)].spiked; }
    // Every spike since initialise, if recording is on: (step, population, neuron), in order of time.
    struct Spike {
        std::int64_t step;
        int population;
        int neuron;
    };
    void setRecordSpikes(bool on) { m_record = on; }
    const std::vector<Spike>& spikes() const { return m_spikeRecord; }
    std::uint64_t spikeCount() const { return m_spikeCount; }
    std::uint64_t synapticEvents() const { return m_events; }  // synapses a spike went through

private:
    struct Population {
        std::string name;
        PopulationKind kind = PopulationKind::Lif;
        int size = 0;
        LifParameters parameters;
        HhParameters hh;
        std::vector<float> m, h, n;  // HH gating variables
        // exact per-step coefficients (see the .cpp)
        float decayM = 0, decayE = 0, decayI = 0, fromE = 0, fromI = 0, vRest = 0, vThreshold = 0, vReset = 0;
        int refractorySteps = 0;
        std::vector<float> v, ge, gi;
        std::vector<int> refractoryLeft;
        std::vector<int> spiked;
        DelayRing ringE, ringI;
    };
    struct Connection {
        int from = 0;
        int to = 0;
        Receptor receptor = Receptor::Excitatory;
        Projection projection;
    };

    void integrateLif(Population& pop);
    void integrateHh(Population& pop);  // NetworkHh.cpp

    double m_dt;
    long m_steps = 0;
    int m_totalNeurons = 0;
    bool m_record = false;
    std::uint64_t m_spikeCount = 0;
    std::uint64_t m_events = 0;
    std::vector<Population> m_populations;
    std::vector<Connection> m_projections;
    std::vector<Spike> m_spikeRecord;
};

}  // namespace neuroai::network
