#include "engine/analysis/SynapticTrain.h"

#include "engine/core/Job.h"
#include "engine/models/LifNeuron.h"

#include <algorithm>
#include <cmath>

namespace neuroai {

TsodyksMarkramParameters synapseParameters(SynapseKind kind)
{
    switch (kind) {
    case SynapseKind::Depressing:
        return TsodyksMarkramParameters::depressing();
    case SynapseKind::Facilitating:
        return TsodyksMarkramParameters::facilitating();
    case SynapseKind::Static:
        return TsodyksMarkramParameters::staticSynapse();
    }
    return TsodyksMarkramParameters::staticSynapse();
}

double synapticTrainDefault(std::string_view key)
{
    static const ParamSet defaults(synapticTrainSpecs());
    return defaults[key];
}

std::vector<ParamSpec> synapticTrainSpecs()
{
    return {
        choiceSpec("synapse", "Synapse type", {"depressing", "facilitating", "static"}, 0,
                   "Depressing: U 0.5, τ_rec 800 ms (Tsodyks & Markram 1997). Facilitating: U 0.03, τ_rec 130 ms, "
                   "τ_facil 530 ms (Tsodyks, Pawelzik & Markram 1998). Static: every pulse releases the same."),
        {"frequency", "Train frequency f", "Hz", 1, 100, 20, Scale::Log,
         "Presynaptic spikes per second; the interval between pulses is 1000/f ms.", 1},
        ParamSpec{"pulses", "Number of pulses", "", 1, 40, 10, Scale::Linear, "Length of the presynaptic train.", 0}
            .asInteger(),
        {"first_psc", "First PSC amplitude a₁", "nA", 0, 40, 12, Scale::Linear,
         "Peak synaptic current of the first pulse (A·U). The perceptron answers every pulse with this value.", 2},
        {"tau_syn", "Synaptic time constant τ_syn", "ms", 1, 20, 5, Scale::Log,
         "Decay time of each postsynaptic current.", 2},
    };
}

SynapticTrainSetup SynapticTrainSetup::fromParameters(const ParamSet& p)
{
    SynapticTrainSetup s;
    s.synapse = synapseParameters(SynapseKind(int(p["synapse"])));
    s.frequencyHz = p["frequency"];
    s.pulses = int(std::lround(p["pulses"]));
    s.firstPscNa = p["first_psc"];
    s.tauSynMs = p["tau_syn"];
    return s;
}

SynapticTrainRun simulateSynapticTrain(const SynapticTrainSetup& s, Progress* progress)
{
    SynapticTrainRun run;
    const double efficacy = s.firstPscNa / s.synapse.u;  // A, so that A·U = a₁
    TsodyksMarkram synapse(s.synapse);
    for (int k = 0; k < s.pulses; ++k) {
        const double t = s.onsetMs + double(k) * s.intervalMs();
        run.pulseTimes.push_back(t);
        run.pscAmplitudes.push_back(efficacy * synapse.spike(t));
        run.perceptronOutput.push_back(s.firstPscNa);
    }
    run.steadyStatePscNa = efficacy * TsodyksMarkram::steadyState(s.synapse, s.intervalMs()).release();

    LifNeuron::Constants c;
    c.tau = s.tauMs;
    c.vRest = s.restMv;
    c.vTh = s.thresholdMv;
    c.vReset = s.resetMv;
    c.r = s.resistanceMOhm;
    c.tRef = 0;
    c.dt = s.dtMs;
    c.decay = std::exp(-c.dt / c.tau);

    const double endMs = (run.pulseTimes.empty() ? s.onsetMs : run.pulseTimes.back()) + s.tailMs;
    const long steps = long(std::ceil(endMs / s.dtMs));
    const double stepDecay = std::exp(-s.dtMs / s.tauSynMs);
    // Mean over a step of a unit current decaying from the step start: (τ/dt)(1 − e^{−dt/τ}).
    const double stepMean = -std::expm1(-s.dtMs / s.tauSynMs) * s.tauSynMs / s.dtMs;
    double v = s.restMv, refractory = 0, current = 0;
    std::size_t next = 0;
    run.t.reserve(std::size_t(steps + 1));
    run.v.reserve(std::size_t(steps + 1));
    run.current.reserve(std::size_t(steps + 1));
    run.t.push_back(0);
    run.v.push_back(v);
    run.current.push_back(0);
    constexpr long kCheckEvery = 4096;
    for (long k = 0; k < steps; ++k) {
        if (progress && k % kCheckEvery == 0) {
            progress->throwIfCancelled();
            progress->setFraction(double(k) / double(steps));
        }
        const double t0 = double(k) * s.dtMs;
        const double t1 = double(k + 1) * s.dtMs;
        double mean = current * stepMean;
        double end = current * stepDecay;
        for (; next < run.pulseTimes.size() && run.pulseTimes[next] < t1; ++next) {
            const double left = t1 - run.pulseTimes[next];  // part of the step after the jump
            const double a = run.pscAmplitudes[next];
            mean += a * -std::expm1(-left / s.tauSynMs) * s.tauSynMs / s.dtMs;
            end += a * std::exp(-left / s.tauSynMs);
        }
        LifNeuron::stepCell(c, v, refractory, mean, t0, [&](double t) { run.spikeTimes.push_back(t); });
        current = end;
        run.t.push_back(t1);
        run.v.push_back(v);
        run.current.push_back(current);
    }

    run.spikesAfterPulse.assign(run.pulseTimes.size(), 0);
    for (const double t : run.spikeTimes) {
        const auto after = std::upper_bound(run.pulseTimes.begin(), run.pulseTimes.end(), t);
        if (after != run.pulseTimes.begin())
            ++run.spikesAfterPulse[std::size_t(after - run.pulseTimes.begin() - 1)];
    }
    return run;
}

std::vector<OutputInfo> synapticTrainOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "psc", "PSC amplitude A·u_k·x_k of each pulse k", "nA", ""},
        {K::Series, "perceptron", "Perceptron output for each pulse k", "nA", ""},
        {K::Series, "membrane", "Membrane potential V of the LIF neuron", "mV", "ms"},
        {K::Series, "synaptic_current", "Synaptic current I_syn into the neuron", "nA", "ms"},
        {K::Series, "spikes", "Spike times of the LIF neuron (at the threshold)", "mV", "ms"},
        {K::Scalar, "steady_state_psc_na", "Steady-state PSC amplitude of the regular train", "nA", ""},
        {K::Scalar, "last_psc_na", "PSC amplitude of the last pulse", "nA", ""},
        {K::Scalar, "spike_count", "Spikes of the LIF neuron", "", ""},
        {K::Scalar, "pulses_followed_by_spikes", "Pulses after which the neuron fired", "", ""},
    };
}

ExperimentResult runSynapticTrainExperiment(const ParamSet& parameters, Progress& progress)
{
    const SynapticTrainSetup setup = SynapticTrainSetup::fromParameters(parameters);
    progress.setStage("simulating the train");
    const SynapticTrainRun run = simulateSynapticTrain(setup, &progress);

    ExperimentResult result;
    ResultSeries psc{"psc", "synapse A·u·x", "pulse number k", "", "PSC amplitude", "nA", {}, run.pscAmplitudes};
    ResultSeries perceptron{"perceptron", "perceptron", "pulse number k", "", "output", "nA", {},
                            run.perceptronOutput};
    for (std::size_t k = 0; k < run.pscAmplitudes.size(); ++k) {
        psc.x.push_back(double(k + 1));
        perceptron.x.push_back(double(k + 1));
    }
    result.series = {
        std::move(psc),
        std::move(perceptron),
        {"membrane", "V", "time t", "ms", "membrane potential V", "mV", run.t, run.v},
        {"synaptic_current", "synaptic current", "time t", "ms", "synaptic current I_syn", "nA", run.t, run.current},
        {"spikes", "spike", "time t", "ms", "threshold V_th", "mV", run.spikeTimes,
         std::vector<double>(run.spikeTimes.size(), setup.thresholdMv)},
    };
    int followed = 0;
    for (const int n : run.spikesAfterPulse)
        followed += n > 0 ? 1 : 0;
    const double last = run.pscAmplitudes.empty() ? 0.0 : run.pscAmplitudes.back();
    result.scalars = {
        {"steady_state_psc_na", "steady-state PSC amplitude", "nA", run.steadyStatePscNa},
        {"last_psc_na", "last PSC amplitude", "nA", last},
        {"spike_count", "spikes of the LIF neuron", "", double(run.spikeTimes.size())},
        {"pulses_followed_by_spikes", "pulses after which the neuron fired", "", double(followed)},
    };
    const ParamSpec* kind = parameters.spec("synapse");
    result.notes = {
        "Perceptron: the same output, " + formatValue(setup.firstPscNa, 3) + " nA, for all " +
            std::to_string(setup.pulses) + " pulses.",
        "Neuron behind a " + kind->display(parameters["synapse"]) + " synapse: fired after " +
            std::to_string(followed) + " of " + std::to_string(setup.pulses) + " pulses; last PSC " +
            formatValue(last, 3) + " nA, steady state " + formatValue(run.steadyStatePscNa, 3) + " nA.",
    };
    return result;
}

}  // namespace neuroai
