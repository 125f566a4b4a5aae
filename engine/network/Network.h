#pragma once

#include "engine/core/Random.h"
#include "engine/models/TsodyksMarkram.h"
#include "engine/network/Inputs.h"
#include "engine/network/Monitors.h"
#include "engine/network/HhPopulation.h"
#include "engine/network/Projection.h"
#include "engine/network/ShortTermPlasticity.h"

#include <cstdint>
#include <memory>
#include <optional>
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

class SpikeRule;

// What a population is; the network dispatches on it once per population and step, never per neuron. Cell
// populations have a membrane and receive projections: Lif, CUBA cells whose ge/gi are currents in mV
// (LifParameters); HodgkinHuxley, conductance-based cells whose ge/gi are conductances in nS (HhParameters,
// NetworkHh.cpp). Input populations (Poisson, SpikeTrain) only emit spikes: they have no v, ge or gi (those vectors
// are empty) and cannot be a projection's target.
enum class PopulationKind { Lif, HodgkinHuxley, Poisson, SpikeTrain };
inline bool isInputPopulation(PopulationKind kind)
{
    return kind == PopulationKind::Poisson || kind == PopulationKind::SpikeTrain;
}

// A network of populations joined by projections, advanced in fixed steps of dt with state in float and no virtual
// call per neuron. Each step, in Brian2's order: every population integrates its state over dt by its kind (LIF
// exactly, the system being linear between spikes; HH by exponential Euler), cells above threshold spike, their
// spikes are delivered through the projections into the delay rings, the input due this step is added to ge/gi, and
// spiking cells are reset (LIF) or only made refractory (HH). A spike with delay d steps
// therefore changes its target's ge at the end of the step d steps after the one it was emitted in; with d = 0 it
// acts from the next step on, as in Brian2 with no delay.
//
// Around that order: input populations emit their spikes where cell populations threshold (step 1–2); the learning
// rules attached to projections run once each after every population has spiked and before delivery (SpikeRule.h);
// a projection with short-term plasticity scales each spike's weights by its presynaptic neuron's release u·x
// (ShortTermPlasticity.h); monitors record at the end of the step (Monitors.h).
class Network {
public:
    // The seed drives the network's own random stream (Poisson inputs); initialise reseeds it, so every run from
    // initialise is reproducible.
    explicit Network(double dtMs, std::uint64_t seed = 1);

    // Returns the population's index. Throws std::invalid_argument on a bad size or parameters.
    int addLifPopulation(const std::string& name, int size, const LifParameters& parameters);
    // A Hodgkin–Huxley population at rest: v = EL, m = h = n = 0 (Brian2's default), ge = gi = 0.
    int addHhPopulation(const std::string& name, int size, const HhParameters& parameters);
    // Input populations (Inputs.h). Poisson: every neuron spikes with probability rate·dt per step, from the network's
    // random stream; rates may change at any time and apply from the next step. Spike trains: trains[j] holds neuron
    // j's spike times in ms, emitted in the step k with k·dt ≤ t < (k + 1)·dt (see SpikeTrainSource).
    int addPoissonPopulation(const std::string& name, int size, double rateHz);
    int addSpikeTrainPopulation(const std::string& name, int size, const std::vector<std::vector<double>>& trainsMs);
    void setRate(int population, double rateHz);
    void setRates(int population, const std::vector<float>& ratesHz);
    const std::vector<float>& rates(int population) const;
    // Returns the projection's index. The projection's sizes must match the populations', and the target must be a
    // cell population.
    int addProjection(int from, int to, Receptor receptor, Projection projection);

    // A constant input to every cell of a LIF population, in mV (the voltage it would move a cell at rest; the
    // currents of this model are in mV like ge and gi): τm dv/dt = (ge + gi + bias) − (v − vRest). It takes effect
    // from the next step and costs nothing per cell (it is folded into the resting potential). Throws
    // std::invalid_argument for a bad index or a non-finite value.
    void setBias(int population, double mV);
    double bias(int population) const { return m_populations[std::size_t(population)].bias; }
    // Tsodyks–Markram short-term plasticity on a projection (replacing any it had); its state starts rested.
    void setShortTermPlasticity(int projection, const TsodyksMarkramParameters& parameters);
    void clearShortTermPlasticity(int projection);
    // The projection's per-presynaptic-neuron u, x and last release, or nullptr without short-term plasticity.
    const ShortTermPlasticity* shortTermPlasticity(int projection) const;

    // A learning rule on a projection (replacing any it had; nullptr detaches). Calls rule->prepare() now and at
    // every initialise; rule->step() once per step as SpikeRule.h describes.
    void attachRule(int projection, std::shared_ptr<SpikeRule> rule);

    // Monitors (Monitors.h); they return the monitor's index. Data start at the next step and are emptied by
    // initialise.
    int addRateMonitor(int population, int binSteps);
    int addStateMonitor(int population, StateVariable variable, std::vector<int> neurons, int everySteps);
    const RateMonitor& rateMonitor(int index) const { return m_rateMonitors[std::size_t(index)]; }
    RateMonitor& rateMonitor(int index) { return m_rateMonitors[std::size_t(index)]; }
    const StateMonitor& stateMonitor(int index) const { return m_stateMonitors[std::size_t(index)]; }
    StateMonitor& stateMonitor(int index) { return m_stateMonitors[std::size_t(index)]; }

    void setSeed(std::uint64_t seed);
    std::uint64_t seed() const { return m_seed; }

    // Sets every membrane potential uniformly at random in [low, high) from `random` (in neuron order), ge = gi = 0,
    // and no cell refractory (HH gating variables to 0); empties the delay rings and the spike record; time 0. Also
    // restarts everything else that runs in time: the network's random stream is reseeded, spike trains rewind,
    // short-term plasticity is rested, rules are prepared again, and monitors are emptied.
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
    PopulationKind kind(int population) const { return m_populations[std::size_t(population)].kind; }
    const std::string& name(int population) const { return m_populations[std::size_t(population)].name; }
    int projectionCount() const { return int(m_projections.size()); }
    int totalNeurons() const { return m_totalNeurons; }
    std::size_t synapseCount() const;
    const Projection& projection(int index) const { return m_projections[std::size_t(index)].projection; }
    // For changing weights (not the structure) of a built projection.
    Projection& projection(int index) { return m_projections[std::size_t(index)].projection; }

    // State, for tests and monitors (empty for input populations).
    const std::vector<float>& v(int population) const { return m_populations[std::size_t(population)].v; }
    const std::vector<float>& ge(int population) const { return m_populations[std::size_t(population)].ge; }
    const std::vector<float>& gi(int population) const { return m_populations[std::size_t(population)].gi; }
    std::vector<float>& v(int population) { return m_populations[std::size_t(population)].v; }
    std::vector<float>& ge(int population) { return m_populations[std::size_t(population)].ge; }
    std::vector<float>& gi(int population) { return m_populations[std::size_t(population)].gi; }
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
        float bias = 0;
        int refractorySteps = 0;
        std::vector<float> v, ge, gi;
        std::vector<int> refractoryLeft;
        std::vector<int> spiked;
        DelayRing ringE, ringI;
        PoissonSource poisson;     // kind Poisson
        SpikeTrainSource trains;   // kind SpikeTrain
    };
    struct Connection {
        int from = 0;
        int to = 0;
        Receptor receptor = Receptor::Excitatory;
        Projection projection;
        std::optional<ShortTermPlasticity> stp;
        std::shared_ptr<SpikeRule> rule;
    };

    // Gives a cell population its state vectors (v at initialV, no input, none refractory) and empty rings, and adds it.
    int addCellPopulation(Population pop, float initialV);
    void integrateLif(Population& pop);
    int addInputPopulation(const std::string& name, int size, PopulationKind kind);
    void checkPopulation(int population, const char* what) const;
    void checkProjection(int projection, const char* what) const;
    void integrateHh(Population& pop);  // NetworkHh.cpp

    double m_dt;
    std::uint64_t m_seed;
    Random m_random;
    long m_steps = 0;
    int m_totalNeurons = 0;
    bool m_record = false;
    std::uint64_t m_spikeCount = 0;
    std::uint64_t m_events = 0;
    std::vector<Population> m_populations;
    std::vector<Connection> m_projections;
    std::vector<Spike> m_spikeRecord;
    std::vector<RateMonitor> m_rateMonitors;
    std::vector<StateMonitor> m_stateMonitors;
};

}  // namespace neuroai::network
