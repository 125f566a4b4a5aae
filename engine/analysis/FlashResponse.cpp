#include "engine/analysis/FlashResponse.h"

#include "engine/core/Job.h"
#include "engine/core/Stimulus.h"
#include "engine/models/LifNeuron.h"
#include "engine/models/Perceptron.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neuroai {

std::vector<ParamSpec> flashSpecs()
{
    return {
        {"stim_duration", "Pulse duration d", "ms", 0.1, 200, 0.5, Scale::Log,
         "Width of the current pulse. Its height is Q/d, so every duration delivers the same charge.", 2},
        {"stim_charge", "Charge Q", "pC", 0, 50, 20, Scale::Linear,
         "Total charge of the pulse (1 pC = 1 nA for 1 ms): the perceptron's input.", 2},
        {"tau_m", "Membrane time constant τm", "ms", 1, 100, 10, Scale::Log,
         "How long the membrane remembers its input; charge delivered over much longer than τm leaks away.", 2},
        {"r_m", "Membrane resistance R", "MΩ", 1, 100, 10, Scale::Log,
         "Input resistance: a current I held long enough depolarises the cell by R·I.", 1},
        {"threshold", "Threshold θ (above rest)", "mV", 0.5, 50, 10, Scale::Linear,
         "Depolarisation V_th − V_rest at which the neuron fires; the perceptron uses the same threshold.", 2},
        {"weight", "Perceptron weight w", "mV/pC", 0, 5, 1, Scale::Linear,
         "The perceptron's drive is w·Q. With w = R/τm it matches the neuron for very brief flashes.", 3},
    };
}

double flashDefault(std::string_view key)
{
    static const ParamSet defaults(flashSpecs());
    return defaults[key];
}

FlashSetup FlashSetup::fromParameters(const ParamSet& p)
{
    FlashSetup s;
    s.durationMs = p["stim_duration"];
    s.chargePc = p["stim_charge"];
    s.tauMs = p["tau_m"];
    s.resistanceMOhm = p["r_m"];
    s.thresholdMv = p["threshold"];
    s.weightMvPerPc = p["weight"];
    return s;
}

double analyticFlashPeakMv(double resistanceMOhm, double chargePc, double durationMs, double tauMs)
{
    // −expm1 keeps full precision for d ≪ τ, where 1 − e^{−d/τ} would cancel.
    return resistanceMOhm * chargePc / durationMs * -std::expm1(-durationMs / tauMs);
}

namespace {

struct Grid {
    double dt = 0.1;
    long onsetSteps = 0;
    long pulseSteps = 0;
};

Grid gridFor(const FlashSetup& s)
{
    Grid g;
    g.pulseSteps = std::max(1L, long(std::ceil(s.durationMs / s.maxDtMs - 1e-9)));
    g.dt = s.durationMs / double(g.pulseSteps);
    g.onsetSteps = long(std::llround(s.onsetMs / g.dt));
    return g;
}

LifNeuron::Constants constantsFor(const FlashSetup& s, double dt, bool passive)
{
    LifNeuron::Constants c;
    c.tau = s.tauMs;
    c.vRest = s.restMv;
    c.vTh = passive ? std::numeric_limits<double>::infinity() : s.restMv + s.thresholdMv;
    c.vReset = s.restMv;
    c.r = s.resistanceMOhm;
    c.tRef = 0;
    c.dt = dt;
    c.decay = std::exp(-dt / s.tauMs);
    return c;
}

Stimulus flashFor(const FlashSetup& s, const Grid& g)
{
    Stimulus stim;
    stim.kind = StimulusKind::Flash;
    stim.startMs = double(g.onsetSteps) * g.dt;
    stim.durationMs = s.durationMs;
    stim.charge = s.chargePc;
    return stim;
}

}  // namespace

FlashRun simulateFlash(const FlashSetup& setup, double tailMs)
{
    const Grid g = gridFor(setup);
    if (tailMs < 0)
        tailMs = std::max(20.0, 5.0 * setup.tauMs);
    const long total = g.onsetSteps + g.pulseSteps + long(std::ceil(tailMs / g.dt));
    const LifNeuron::Constants active = constantsFor(setup, g.dt, false);
    const LifNeuron::Constants passive = constantsFor(setup, g.dt, true);
    const Stimulus stim = flashFor(setup, g);

    FlashRun run;
    run.dtMs = g.dt;
    run.onsetMs = stim.startMs;
    run.t.reserve(std::size_t(total + 1));
    run.v.reserve(std::size_t(total + 1));
    run.passive.reserve(std::size_t(total + 1));
    double v = setup.restMv, refractory = 0;
    double vp = setup.restMv, refractoryP = 0;
    run.t.push_back(0);
    run.v.push_back(v);
    run.passive.push_back(vp);
    for (long k = 0; k < total; ++k) {
        const double t0 = double(k) * g.dt;
        const double t1 = double(k + 1) * g.dt;
        const double current = stim.meanOver(t0, t1);
        LifNeuron::stepCell(active, v, refractory, current, t0, [&](double t) { run.spikeTimes.push_back(t); });
        LifNeuron::stepCell(passive, vp, refractoryP, current, t0, [](double) {});
        run.t.push_back(t1);
        run.v.push_back(v);
        run.passive.push_back(vp);
        run.peakMv = std::max(run.peakMv, vp - setup.restMv);
    }
    run.neuronFires = !run.spikeTimes.empty();
    const Perceptron perceptron{{setup.weightMvPerPc}, setup.thresholdMv};
    const double inputs[] = {setup.chargePc};
    run.perceptronDrive = perceptron.drive(inputs);
    run.perceptronFires = perceptron.fires(inputs);
    return run;
}

double simulatedFlashPeakMv(const FlashSetup& setup)
{
    const Grid g = gridFor(setup);
    const LifNeuron::Constants passive = constantsFor(setup, g.dt, true);
    const Stimulus stim = flashFor(setup, g);
    double v = setup.restMv, refractory = 0, peak = 0;
    const long total = g.onsetSteps + g.pulseSteps + 2;
    for (long k = 0; k < total; ++k) {
        const double t0 = double(k) * g.dt;
        LifNeuron::stepCell(passive, v, refractory, stim.meanOver(t0, double(k + 1) * g.dt), t0, [](double) {});
        peak = std::max(peak, v - setup.restMv);
    }
    return peak;
}

std::vector<double> flashSweepDurations()
{
    std::vector<double> durations;
    for (int i = 0; i < kFlashSweepPoints; ++i)
        durations.push_back(kFlashSweepMinMs *
                            std::pow(kFlashSweepMaxMs / kFlashSweepMinMs, i / double(kFlashSweepPoints - 1)));
    return durations;
}

std::vector<OutputInfo> flashOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "membrane", "LIF neuron: depolarisation V − V_rest over time", "mV", "ms"},
        {K::Series, "membrane_passive", "The same membrane without threshold", "mV", "ms"},
        {K::Series, "spikes", "Spike times of the LIF neuron (at the threshold)", "mV", "ms"},
        {K::Series, "peak_vs_duration", "Peak depolarisation vs pulse duration, simulated", "mV", "ms"},
        {K::Series, "peak_vs_duration_analytic", "Peak depolarisation vs pulse duration, analytic", "mV", "ms"},
        {K::Scalar, "peak_mv", "Peak depolarisation of the passive membrane, simulated", "mV", ""},
        {K::Scalar, "analytic_peak_mv", "Peak depolarisation, analytic (R·Q/d)(1 − e^(−d/τm))", "mV", ""},
        {K::Scalar, "threshold_mv", "Threshold θ above rest", "mV", ""},
        {K::Scalar, "perceptron_drive_mv", "Perceptron drive w·Q", "mV", ""},
        {K::Scalar, "neuron_fires", "1 if the LIF neuron fires", "", ""},
        {K::Scalar, "perceptron_fires", "1 if the perceptron fires", "", ""},
        {K::Scalar, "spike_count", "Spikes of the LIF neuron", "", ""},
    };
}

ExperimentResult runFlashExperiment(const ParamSet& parameters, Progress& progress)
{
    const FlashSetup setup = FlashSetup::fromParameters(parameters);
    progress.setStage("simulating the pulse");
    const FlashRun run = simulateFlash(setup);
    progress.throwIfCancelled();
    const std::vector<double> durations = flashSweepDurations();
    // The trace is one of 1 + 25 comparable simulations (the sweep's are shorter): count it as one share.
    const double share = 1.0 / double(durations.size() + 1);
    progress.setFraction(share);

    ExperimentResult result;
    ResultSeries membrane{"membrane", "LIF neuron", "time t", "ms", "depolarisation V − V_rest", "mV", run.t, {}};
    ResultSeries passive{"membrane_passive", "without threshold", "time t", "ms", "depolarisation V − V_rest", "mV",
                         run.t, {}};
    for (std::size_t i = 0; i < run.t.size(); ++i) {
        membrane.y.push_back(run.v[i] - setup.restMv);
        passive.y.push_back(run.passive[i] - setup.restMv);
    }
    ResultSeries spikes{"spikes", "spike", "time t", "ms", "threshold θ", "mV", run.spikeTimes,
                        std::vector<double>(run.spikeTimes.size(), setup.thresholdMv)};

    progress.setStage("sweeping pulse durations");
    ResultSeries simulated{"peak_vs_duration", "neuron, simulated", "pulse duration d", "ms", "peak depolarisation",
                           "mV", {}, {}};
    FlashSetup sweep = setup;
    for (std::size_t i = 0; i < durations.size(); ++i) {
        progress.throwIfCancelled();
        sweep.durationMs = durations[i];
        simulated.x.push_back(durations[i]);
        simulated.y.push_back(simulatedFlashPeakMv(sweep));
        progress.setFraction(share * double(i + 2));
    }
    ResultSeries analytic{"peak_vs_duration_analytic", "analytic", "pulse duration d", "ms", "peak depolarisation",
                          "mV", {}, {}};
    for (int i = 0; i <= 200; ++i) {
        const double d = kFlashSweepMinMs * std::pow(kFlashSweepMaxMs / kFlashSweepMinMs, i / 200.0);
        analytic.x.push_back(d);
        analytic.y.push_back(analyticFlashPeakMv(setup.resistanceMOhm, setup.chargePc, d, setup.tauMs));
    }
    result.series = {std::move(membrane), std::move(passive), std::move(spikes), std::move(simulated),
                     std::move(analytic)};

    const double expected = analyticFlashPeakMv(setup.resistanceMOhm, setup.chargePc, setup.durationMs, setup.tauMs);
    result.scalars = {
        {"peak_mv", "peak depolarisation, simulated", "mV", run.peakMv},
        {"analytic_peak_mv", "peak depolarisation, analytic", "mV", expected},
        {"threshold_mv", "threshold θ above rest", "mV", setup.thresholdMv},
        {"perceptron_drive_mv", "perceptron drive w·Q", "mV", run.perceptronDrive},
        {"neuron_fires", "LIF neuron fires", "", run.neuronFires ? 1.0 : 0.0},
        {"perceptron_fires", "perceptron fires", "", run.perceptronFires ? 1.0 : 0.0},
        {"spike_count", "spikes of the LIF neuron", "", double(run.spikeTimes.size())},
    };
    result.notes = {
        std::string("Perceptron (input: total charge Q): ") + (run.perceptronFires ? "fires" : "silent") +
            ", for every pulse duration.",
        std::string("LIF neuron (d = ") + formatValue(setup.durationMs, 4) + " ms): " +
            (run.neuronFires ? "fires" : "silent") + "; peak " + formatValue(run.peakMv, 3) + " mV (analytic " +
            formatValue(expected, 3) + " mV), threshold " + formatValue(setup.thresholdMv, 3) + " mV.",
    };
    return result;
}

}  // namespace neuroai
