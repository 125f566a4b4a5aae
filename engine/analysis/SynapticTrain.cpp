#include "engine/analysis/SynapticTrain.h"

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

std::vector<ParamSpec> synapticTrainSpecs()
{
    return {
        choiceSpec("synapse", "Synapse type", {"depressing", "facilitating", "static"}, 0,
                   "Depressing: U 0.5, τ_rec 800 ms (Tsodyks & Markram 1997). Facilitating: U 0.03, τ_rec 130 ms, "
                   "τ_facil 530 ms (Tsodyks, Pawelzik & Markram 1998). Static: every pulse releases the same."),
        {"frequency", "Train frequency f", "Hz", 1, 100, 20, Scale::Log,
         "Presynaptic spikes per second; the interval between pulses is 1000/f ms.", 1},
        {"pulses", "Number of pulses", "", 1, 40, 10, Scale::Linear, "Length of the presynaptic train.", 0},
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

SynapticTrainRun simulateSynapticTrain(const SynapticTrainSetup& s)
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
    for (long k = 0; k < steps; ++k) {
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

}  // namespace neuroai
