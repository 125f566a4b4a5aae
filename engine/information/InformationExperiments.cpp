#include "engine/information/InformationExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"
#include "engine/information/Information.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace neuroai::information {

namespace {
ParamSpec seedSpec(const char* what)
{
    return ParamSpec{"seed", "Random seed", "", 1, 1000, 1, Scale::Linear, what, 0}.asInteger();
}

std::string bits(double v, int decimals = 3)
{
    return formatValue(v, decimals) + " bits";
}
}  // namespace

// ---------------------------------------------------------------------------------------------- spike-entropy

std::vector<ParamSpec> spikeEntropySpecs()
{
    return {
        {"rate_hz", "Firing rate r", "Hz", 1, 200, 40, Scale::Log,
         "Rate of the Poisson process before the dead time (the train's mean rate is r/(1 + r·t_ref)).", 1},
        {"refractory_ms", "Dead time t_ref", "ms", 0, 10, 2, Scale::Linear,
         "No spike for this long after each spike. 0 = a pure Poisson train, whose entropy is known exactly.", 1},
        {"bin_ms", "Bin size Δt", "ms", 0.5, 20, 3, Scale::Log,
         "Width of a time bin: a bin is 1 if it holds a spike. The length-sweep plot uses this bin.", 1},
        ParamSpec{"word_length", "Word length L", "bins", 1, 12, 10, Scale::Linear,
                  "Bins per word: the estimators count how often each of the 2^L words occurs.", 0}
            .asInteger(),
        {"recording_s", "Recording length", "s", 1, 1000, 20, Scale::Log,
         "How much data the estimators see. The bin-size plot uses this length.", 0},
        ParamSpec{"stim_gain_hz", "Stimulus gain", "Hz", 0, 100, 40, Scale::Linear,
                  "Direct method: the rate is r + gain·s(t) (at least 0), s a unit-variance noise stimulus with a "
                  "10 ms correlation time. 0 = the stimulus has no effect.",
                  0, {}, {}, {}, "Direct method"},
        ParamSpec{"repeats", "Repeats of the stimulus", "", 10, 500, 100, Scale::Log,
                  "Direct method: trials of the same 1 s stimulus segment; the noise entropy is estimated from one "
                  "word per trial at each time.",
                  0, {}, {}, {}, "Direct method"}
            .asInteger(),
        seedSpec("Seeds the spike trains and the stimulus."),
    };
}

std::vector<OutputInfo> spikeEntropyOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "plugin_vs_bin", "Plug-in entropy rate against bin size", "bits/s", "ms"},
        {K::Series, "mm_vs_bin", "Miller–Madow entropy rate against bin size", "bits/s", "ms"},
        {K::Series, "reference_vs_bin", "Reference entropy rate (exact or long-run) against bin size", "bits/s", "ms"},
        {K::Series, "plugin_vs_length", "Plug-in entropy rate against recording length", "bits/s", "s"},
        {K::Series, "mm_vs_length", "Miller–Madow entropy rate against recording length", "bits/s", "s"},
        {K::Scalar, "plugin_rate", "Plug-in entropy rate at this bin and length", "bits/s", ""},
        {K::Scalar, "mm_rate", "Miller–Madow entropy rate at this bin and length", "bits/s", ""},
        {K::Scalar, "reference_rate", "Reference entropy rate at this bin", "bits/s", ""},
        {K::Scalar, "reference_exact", "1 if the reference is exact (no dead time), 0 if a long-run estimate", "", ""},
        {K::Scalar, "reference_s", "Length of the long-run recording", "s", ""},
        {K::Scalar, "mean_rate_hz", "Mean rate of the recorded train", "Hz", ""},
        {K::Scalar, "distinct_words", "Distinct words seen at this bin and length", "", ""},
        {K::Scalar, "total_rate", "Direct method: total entropy rate (Miller–Madow)", "bits/s", ""},
        {K::Scalar, "noise_rate", "Direct method: noise entropy rate (Miller–Madow)", "bits/s", ""},
        {K::Scalar, "information_rate", "Direct method: information rate, total − noise (Miller–Madow)", "bits/s",
         ""},
        {K::Scalar, "information_rate_plugin", "Direct method: information rate from plug-in entropies", "bits/s",
         ""},
        {K::Scalar, "bits_per_spike", "Direct method: information per spike", "bits/spike", ""},
    };
}

std::vector<double> entropyBinSweep()
{
    return {0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 20};
}

std::vector<double> entropyLengthSweep(double recordingS)
{
    std::vector<double> out;
    for (const double s : {0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0})
        if (s < recordingS * (1 - 1e-9))
            out.push_back(s);
    out.push_back(recordingS);
    return out;
}

ExperimentResult runSpikeEntropy(const ParamSet& p, Progress& progress)
{
    const double rate = p["rate_hz"], refractory = p["refractory_ms"], binMs = p["bin_ms"];
    const int length = intOf(p, "word_length");
    const double recordingMs = p["recording_s"] * 1000;
    const bool exact = refractory == 0;
    const double referenceMs = std::min(20 * recordingMs, 2.0e6);
    Random rng(seedOf(p));
    progress.setStage("spike train");
    const std::vector<double> longTrain = poissonTrain(rate, std::max(referenceMs, recordingMs), refractory, rng);
    const auto prefix = [&](double ms) {
        return std::vector<double>(longTrain.begin(),
                                   std::lower_bound(longTrain.begin(), longTrain.end(), ms));
    };
    const std::vector<double> recording = prefix(recordingMs);
    const auto referenceAt = [&](double bin) {
        return exact ? poissonBinnedEntropyRate(rate, bin) : wordEntropyRate(longTrain, referenceMs, bin, length).millerMadow;
    };

    ExperimentResult result;
    ResultSeries plugBin{"plugin_vs_bin", "plug-in", "bin size Δt", "ms", "entropy rate", "bits/s", {}, {}};
    ResultSeries mmBin{"mm_vs_bin", "Miller–Madow", "bin size Δt", "ms", "entropy rate", "bits/s", {}, {}};
    ResultSeries refBin{"reference_vs_bin", exact ? "exact (Poisson)" : "long-run estimate", "bin size Δt", "ms",
                        "entropy rate", "bits/s", {}, {}};
    const std::vector<double> binSweep = entropyBinSweep();
    const std::vector<double> lengths = entropyLengthSweep(p["recording_s"]);
    const double steps = double(binSweep.size() + lengths.size() + 1);
    int done = 0;
    progress.setStage("entropy against bin size");
    for (const double bin : binSweep) {
        progress.throwIfCancelled();
        if (bin * length <= recordingMs) {
            const EntropyRate r = wordEntropyRate(recording, recordingMs, bin, length);
            plugBin.x.push_back(bin);
            plugBin.y.push_back(r.plugIn);
            mmBin.x.push_back(bin);
            mmBin.y.push_back(r.millerMadow);
            refBin.x.push_back(bin);
            refBin.y.push_back(referenceAt(bin));
        }
        progress.setFraction(++done / steps);
    }
    ResultSeries plugLen{"plugin_vs_length", "plug-in", "recording length", "s", "entropy rate", "bits/s", {}, {}};
    ResultSeries mmLen{"mm_vs_length", "Miller–Madow", "recording length", "s", "entropy rate", "bits/s", {}, {}};
    progress.setStage("entropy against recording length");
    for (const double s : lengths) {
        progress.throwIfCancelled();
        if (binMs * length <= s * 1000) {
            const EntropyRate r = wordEntropyRate(prefix(s * 1000), s * 1000, binMs, length);
            plugLen.x.push_back(s);
            plugLen.y.push_back(r.plugIn);
            mmLen.x.push_back(s);
            mmLen.y.push_back(r.millerMadow);
        }
        progress.setFraction(++done / steps);
    }
    const EntropyRate here = wordEntropyRate(recording, recordingMs, binMs, length);
    const double reference = referenceAt(binMs);

    progress.setStage("direct method");
    progress.throwIfCancelled();
    DirectMethodSettings d;
    d.baseRateHz = rate;
    d.gainHz = p["stim_gain_hz"];
    d.refractoryMs = refractory;
    d.binMs = binMs;
    d.wordLength = length;
    d.repeats = intOf(p, "repeats");
    d.segmentMs = 1000;
    const DirectMethodResult direct = directMethod(d, seedOf(p) + 1);
    progress.setFraction(1);

    result.series = {std::move(plugBin), std::move(mmBin), std::move(refBin), std::move(plugLen), std::move(mmLen)};
    const double meanRate = double(recording.size()) / (recordingMs / 1000);
    result.scalars = {
        {"plugin_rate", "plug-in entropy rate", "bits/s", here.plugIn},
        {"mm_rate", "Miller–Madow entropy rate", "bits/s", here.millerMadow},
        {"reference_rate", exact ? "exact entropy rate" : "long-run entropy rate", "bits/s", reference},
        {"reference_exact", "reference is exact", "", exact ? 1.0 : 0.0},
        {"reference_s", "long-run recording", "s", exact ? 0.0 : referenceMs / 1000},
        {"mean_rate_hz", "mean rate", "Hz", meanRate},
        {"distinct_words", "distinct words seen", "", double(here.distinctWords)},
        {"total_rate", "total entropy rate", "bits/s", direct.totalRateMM},
        {"noise_rate", "noise entropy rate", "bits/s", direct.noiseRateMM},
        {"information_rate", "information rate", "bits/s", direct.informationMM()},
        {"information_rate_plugin", "information rate (plug-in)", "bits/s", direct.information()},
        {"bits_per_spike", "information per spike", "bits/spike",
         direct.meanRateHz > 0 ? direct.informationMM() / direct.meanRateHz : 0.0},
    };
    result.notes = {
        "At Δt = " + formatValue(binMs, 2) + " ms, L = " + std::to_string(length) + ", " +
            formatValue(p["recording_s"], 1) + " s: plug-in " + formatValue(here.plugIn, 1) + ", Miller–Madow " +
            formatValue(here.millerMadow, 1) + ", " + (exact ? "exact " : "long-run ") + formatValue(reference, 1) +
            " bits/s (" + std::to_string(here.distinctWords) + " of " + std::to_string(1 << length) +
            " words seen).",
        "Direct method: " + formatValue(direct.totalRateMM, 1) + " − " + formatValue(direct.noiseRateMM, 1) + " = " +
            formatValue(direct.informationMM(), 1) + " bits/s about the stimulus (plug-in: " +
            formatValue(direct.information(), 1) + ").",
    };
    return result;
}

// ------------------------------------------------------------------------------------- population-information

std::vector<ParamSpec> populationInformationSpecs()
{
    return {
        ParamSpec{"neurons", "Neurons n", "", 1, 64, 8, Scale::Linear,
                  "Size of the population; preferred orientations are spread evenly over 180°.", 0}
            .asInteger(),
        ParamSpec{"stimuli", "Stimuli S", "", 2, 32, 8, Scale::Linear,
                  "Equally likely orientations, evenly spaced over 180°: at most log2 S bits to learn.", 0}
            .asInteger(),
        {"kappa", "Tuning sharpness κ", "", 0, 10, 2, Scale::Linear,
         "Von Mises concentration: 0 = untuned, large = narrow tuning curves.", 2},
        {"peak_rate_hz", "Peak rate", "Hz", 1, 200, 30, Scale::Log, "Rate at the preferred orientation.", 1},
        {"base_rate_hz", "Baseline rate", "Hz", 0, 50, 2, Scale::Linear,
         "Rate far from the preferred orientation (at most the peak rate).", 1},
        {"window_ms", "Counting window T", "ms", 5, 1000, 100, Scale::Log,
         "Spikes are counted over this window (Poisson counts).", 0},
        ParamSpec{"trials", "Trials per stimulus", "", 2, 1000, 20, Scale::Log,
                  "For the plug-in estimate from data: how many trials of each stimulus an experimenter recorded.",
                  0}
            .asInteger(),
        seedSpec("Seeds the Monte Carlo samples and the simulated trials."),
    };
}

std::vector<OutputInfo> populationInformationOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "population_vs_window", "Population I(S;R) against the counting window", "bits", "ms"},
        {K::Series, "single_vs_window", "Best single neuron's I(S;R) against the window (exact)", "bits", "ms"},
        {K::Series, "plugin_vs_window", "Neuron 1's plug-in estimate from the trials against the window", "bits",
         "ms"},
        {K::Series, "population_vs_neurons", "Population I(S;R) against the number of neurons", "bits", ""},
        {K::Series, "tuning", "Neuron 1's tuning curve", "Hz", "deg"},
        {K::Scalar, "population_bits", "Population I(S;R) at this window", "bits", ""},
        {K::Scalar, "population_se", "Its Monte Carlo standard error", "bits", ""},
        {K::Scalar, "single_bits", "Best single neuron's I(S;R) (exact)", "bits", ""},
        {K::Scalar, "neuron1_bits", "Neuron 1's I(S;R) (exact)", "bits", ""},
        {K::Scalar, "plugin_bits", "Neuron 1's plug-in estimate from the trials", "bits", ""},
        {K::Scalar, "max_bits", "Stimulus entropy log2 S (the most there is to learn)", "bits", ""},
    };
}

std::vector<double> informationWindowSweep()
{
    return {5, 10, 20, 50, 100, 200, 500, 1000};
}

ExperimentResult runPopulationInformation(const ParamSet& p, Progress& progress)
{
    PopulationSettings s;
    s.neurons = intOf(p, "neurons");
    s.stimuli = intOf(p, "stimuli");
    s.kappa = p["kappa"];
    s.peakRateHz = p["peak_rate_hz"];
    s.baseRateHz = p["base_rate_hz"];
    s.windowMs = p["window_ms"];
    s.validate();
    const int trials = intOf(p, "trials");
    const std::uint64_t seed = seedOf(p);
    constexpr int kSamples = 4000;  // Monte Carlo draws per point of the sweeps (SE ≈ 0.01–0.02 bits)

    const auto bestSingle = [](const PopulationSettings& settings) {
        // Neurons differ only by their preferred orientation; with S a multiple of n they are equivalent, otherwise
        // the best is found among them all.
        double best = 0;
        for (int j = 0; j < settings.neurons; ++j)
            best = std::max(best, singleNeuronInformation(settings, j));
        return best;
    };

    ExperimentResult result;
    ResultSeries popW{"population_vs_window", "population (Monte Carlo)", "counting window T", "ms", "I(S;R)", "bits",
                      {}, {}};
    ResultSeries oneW{"single_vs_window", "best single neuron (exact)", "counting window T", "ms", "I(S;R)", "bits",
                      {}, {}};
    ResultSeries plugW{"plugin_vs_window", "neuron 1, plug-in from trials", "counting window T", "ms", "I(S;R)",
                       "bits", {}, {}};
    const std::vector<double> windows = informationWindowSweep();
    std::vector<int> sizes;
    for (int n = 1; n < s.neurons; n *= 2)
        sizes.push_back(n);
    sizes.push_back(s.neurons);
    const double steps = double(windows.size() + sizes.size() + 1);
    int done = 0;
    progress.setStage("information against the window");
    for (std::size_t k = 0; k < windows.size(); ++k) {
        progress.throwIfCancelled();
        PopulationSettings w = s;
        w.windowMs = windows[k];
        if (w.peakRateHz * w.windowMs / 1000 <= 600) {
            popW.x.push_back(w.windowMs);
            popW.y.push_back(populationInformation(w, kSamples, seed + k).value);
            oneW.x.push_back(w.windowMs);
            oneW.y.push_back(bestSingle(w));
            plugW.x.push_back(w.windowMs);
            plugW.y.push_back(sampledSingleNeuronInformation(w, 0, trials, seed + 100 + k));
        }
        progress.setFraction(++done / steps);
    }
    ResultSeries popN{"population_vs_neurons", "population (Monte Carlo)", "neurons n", "", "I(S;R)", "bits", {}, {}};
    progress.setStage("information against the population size");
    for (std::size_t k = 0; k < sizes.size(); ++k) {
        progress.throwIfCancelled();
        PopulationSettings n = s;
        n.neurons = sizes[k];
        popN.x.push_back(sizes[k]);
        popN.y.push_back(populationInformation(n, kSamples, seed + 200 + k).value);
        progress.setFraction(++done / steps);
    }
    ResultSeries tuning{"tuning", "neuron 1", "stimulus orientation", "deg", "rate", "Hz", {}, {}};
    constexpr double pi = 3.14159265358979323846;
    for (int k = 0; k <= 180; k += 2) {
        const double theta = k * pi / 180;
        tuning.x.push_back(k);
        tuning.y.push_back(s.baseRateHz + (s.peakRateHz - s.baseRateHz) * std::exp(s.kappa * (std::cos(2 * theta) - 1)));
    }
    progress.setStage("information at this window");
    const Estimate here = populationInformation(s, 20000, seed + 300);
    const double single = bestSingle(s);
    const double neuron1 = singleNeuronInformation(s, 0);
    const double plugin = sampledSingleNeuronInformation(s, 0, trials, seed + 400);
    progress.setFraction(1);

    result.series = {std::move(popW), std::move(oneW), std::move(plugW), std::move(popN), std::move(tuning)};
    const double maxBits = std::log2(double(s.stimuli));
    result.scalars = {
        {"population_bits", "population I(S;R)", "bits", here.value},
        {"population_se", "Monte Carlo standard error", "bits", here.standardError},
        {"single_bits", "best single neuron", "bits", single},
        {"neuron1_bits", "neuron 1 (exact)", "bits", neuron1},
        {"plugin_bits", "neuron 1, plug-in from trials", "bits", plugin},
        {"max_bits", "log2 S", "bits", maxBits},
    };
    result.notes = {
        "In " + formatValue(s.windowMs, 0) + " ms the population carries " + bits(here.value) + " ± " +
            formatValue(here.standardError, 3) + " of the " + bits(maxBits) + " there are; its best neuron alone " +
            bits(single) + ".",
        "Neuron 1 from " + std::to_string(trials) + " trials per stimulus (plug-in): " + bits(plugin) +
            " against the true " + bits(neuron1) + ".",
    };
    return result;
}

// ------------------------------------------------------------------------------------------- efficient-coding

std::vector<ParamSpec> efficientCodingSpecs()
{
    return {
        ParamSpec{"levels", "Output levels K", "", 2, 64, 16, Scale::Linear,
                  "How many response levels the neuron can tell apart (its noise limit): at most log2 K bits.", 0}
            .asInteger(),
        {"gaussian_weight", "Gaussian share of the stimulus", "", 0, 1, 0.3, Scale::Linear,
         "The stimulus is a contrast |x|: x Laplacian (heavy tails, as natural contrasts) with this share drawn "
         "from a Gaussian instead.",
         2},
        ParamSpec{"samples", "Stimuli experienced", "", 20, 100000, 2000, Scale::Log,
                  "How many stimuli the tuning curve is adapted to (the empirical distribution it equalises).", 0}
            .asInteger(),
        seedSpec("Seeds the experienced and the test stimuli."),
    };
}

std::vector<OutputInfo> efficientCodingOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "density", "Probability density of the stimulus (test samples)", "", ""},
        {K::Series, "equalising_curve", "Tuning curve r/r_max that equalises the experienced stimuli", "", ""},
        {K::Series, "true_cdf", "The stimulus' true cumulative distribution", "", ""},
        {K::Series, "linear_curve", "A linear tuning curve r/r_max up to the 99th percentile", "", ""},
        {K::Series, "levels_equalised", "Share of test stimuli per output level, equalising curve", "", ""},
        {K::Series, "levels_linear", "Share of test stimuli per output level, linear curve", "", ""},
        {K::Scalar, "entropy_equalised", "Output entropy, equalising curve", "bits", ""},
        {K::Scalar, "entropy_linear", "Output entropy, linear curve", "bits", ""},
        {K::Scalar, "max_bits", "log2 K", "bits", ""},
    };
}

ExperimentResult runEfficientCoding(const ParamSet& p, Progress& progress)
{
    const int levels = intOf(p, "levels");
    const double w = p["gaussian_weight"];
    Random rng(seedOf(p));
    progress.setStage("stimuli");
    const std::vector<double> experienced = naturalContrastSamples(intOf(p, "samples"), w, rng);
    const std::vector<double> test = naturalContrastSamples(100000, w, rng);
    constexpr double top = 6;
    std::vector<double> grid;
    for (int k = 0; k <= 240; ++k)
        grid.push_back(top * k / 240);
    progress.throwIfCancelled();
    const std::vector<double> curve = equalisingCurve(experienced, grid);
    std::vector<double> sorted = experienced;
    std::sort(sorted.begin(), sorted.end());
    const double p99 = std::max(1e-9, sorted[std::size_t(0.99 * double(sorted.size() - 1))]);
    std::vector<double> linear, truth;
    for (const double s : grid) {
        linear.push_back(std::min(1.0, s / p99));
        truth.push_back(w * std::erf(s / std::sqrt(2.0)) + (1 - w) * (1 - std::exp(-s)));
    }
    // Density of the test stimuli in 60 bins over [0, top].
    ResultSeries density{"density", "stimulus density", "stimulus s (contrast)", "", "probability density", "", {}, {}};
    {
        constexpr int bins = 60;
        std::vector<double> counts(bins, 0.0);
        for (const double s : test)
            if (s < top)
                counts[std::size_t(s / top * bins)] += 1;
        for (int b = 0; b < bins; ++b) {
            density.x.push_back((b + 0.5) * top / bins);
            density.y.push_back(counts[std::size_t(b)] / double(test.size()) / (top / bins));
        }
    }
    progress.throwIfCancelled();
    const auto levelUse = [&](const std::vector<double>& c, const char* name, const char* label) {
        ResultSeries use{name, label, "output level", "", "share of stimuli", "", {}, {}};
        std::vector<double> counts(std::size_t(levels), 0.0);
        for (const double s : test) {
            double v;
            if (s >= grid.back()) {
                v = c.back();
            } else {
                const std::size_t k = std::size_t(s / top * 240);
                const double t = (s - grid[k]) / (grid[k + 1] - grid[k]);
                v = c[k] + t * (c[k + 1] - c[k]);
            }
            counts[std::size_t(std::clamp(int(std::floor(v * levels)), 0, levels - 1))] += 1;
        }
        for (int l = 0; l < levels; ++l) {
            use.x.push_back(l + 1);
            use.y.push_back(counts[std::size_t(l)] / double(test.size()));
        }
        return use;
    };
    const double hEq = outputEntropy(test, grid, curve, levels);
    const double hLin = outputEntropy(test, grid, linear, levels);
    progress.setFraction(1);

    ExperimentResult result;
    result.series = {
        std::move(density),
        {"equalising_curve", "equalising (adapted)", "stimulus s (contrast)", "", "response r/r_max", "", grid, curve},
        {"true_cdf", "true cumulative distribution", "stimulus s (contrast)", "", "F(s)", "", grid, truth},
        {"linear_curve", "linear", "stimulus s (contrast)", "", "response r/r_max", "", grid, linear},
        levelUse(curve, "levels_equalised", "equalising"),
        levelUse(linear, "levels_linear", "linear"),
    };
    const double maxBits = std::log2(double(levels));
    result.scalars = {
        {"entropy_equalised", "output entropy, equalising", "bits", hEq},
        {"entropy_linear", "output entropy, linear", "bits", hLin},
        {"max_bits", "log2 K", "bits", maxBits},
    };
    result.notes = {"With " + std::to_string(levels) + " levels the equalising curve carries " + bits(hEq) +
                    " per stimulus (at most " + bits(maxBits) + "), the linear one " + bits(hLin) + "."};
    return result;
}

// ------------------------------------------------------------------------------------------- channel-capacity

std::vector<ParamSpec> channelCapacitySpecs()
{
    return {
        choiceSpec("channel", "Channel", {"binary symmetric", "Z channel"}, 0,
                   "Binary symmetric: each bit flips with probability ε. Z channel: a 1 is read as 0 with "
                   "probability ε, a 0 always arrives."),
        {"noise", "Error probability ε", "", 0, 1, 0.1, Scale::Linear, "The channel's flip probability.", 3},
        {"input_p1", "Input P(x = 1)", "", 0, 1, 0.5, Scale::Linear,
         "How often the sender sends a 1: the information it gets through depends on it.", 3},
    };
}

std::vector<OutputInfo> channelCapacityOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "capacity_closed", "Capacity against ε, closed form", "bits", ""},
        {K::Series, "capacity_ba", "Capacity against ε, Blahut–Arimoto", "bits", ""},
        {K::Series, "mi_vs_input", "I(X;Y) against P(x = 1) at this ε", "bits", ""},
        {K::Scalar, "capacity_bits", "Capacity (closed form)", "bits", ""},
        {K::Scalar, "capacity_ba_bits", "Capacity (Blahut–Arimoto)", "bits", ""},
        {K::Scalar, "optimal_p1", "Capacity-achieving P(x = 1)", "", ""},
        {K::Scalar, "mi_bits", "I(X;Y) at this input", "bits", ""},
    };
}

ExperimentResult runChannelCapacity(const ParamSet& p, Progress& progress)
{
    const bool z = intOf(p, "channel") == 1;
    const double eps = p["noise"], p1 = p["input_p1"];
    const auto channelAt = [z](double e) { return z ? zChannel(e) : binarySymmetricChannel(e); };
    const auto closedForm = [z](double e) { return z ? zChannelCapacity(e) : bscCapacity(e); };
    ResultSeries closed{"capacity_closed", z ? "log2(1 + (1−ε)·ε^(ε/(1−ε)))" : "1 − H2(ε)", "error probability ε", "",
                        "capacity C", "bits", {}, {}};
    for (int k = 0; k <= 200; ++k) {
        closed.x.push_back(k / 200.0);
        closed.y.push_back(closedForm(k / 200.0));
    }
    ResultSeries ba{"capacity_ba", "Blahut–Arimoto", "error probability ε", "", "capacity C", "bits", {}, {}};
    for (int k = 0; k <= 20; ++k) {
        progress.throwIfCancelled();
        ba.x.push_back(k / 20.0);
        ba.y.push_back(blahutArimoto(channelAt(k / 20.0), 1e-10).bits);
    }
    const ChannelMatrix channel = channelAt(eps);
    ResultSeries mi{"mi_vs_input", "I(X;Y)", "input P(x = 1)", "", "mutual information", "bits", {}, {}};
    for (int k = 0; k <= 200; ++k) {
        const double q = k / 200.0;
        mi.x.push_back(q);
        mi.y.push_back(mutualInformation(channel, {1 - q, q}));
    }
    const Capacity c = blahutArimoto(channel);
    const double here = mutualInformation(channel, {1 - p1, p1});
    progress.setFraction(1);
    ExperimentResult result;
    result.series = {std::move(closed), std::move(ba), std::move(mi)};
    result.scalars = {
        {"capacity_bits", "capacity (closed form)", "bits", closedForm(eps)},
        {"capacity_ba_bits", "capacity (Blahut–Arimoto)", "bits", c.bits},
        {"optimal_p1", "capacity-achieving P(x = 1)", "", c.input[1]},
        {"mi_bits", "I(X;Y) at this input", "bits", here},
    };
    result.notes = {std::string(z ? "Z channel" : "Binary symmetric channel") + " at ε = " + formatValue(eps, 3) +
                    ": capacity " + bits(closedForm(eps)) + " with P(x = 1) = " + formatValue(c.input[1], 3) +
                    "; at P(x = 1) = " + formatValue(p1, 3) + " it carries " + bits(here) + "."};
    return result;
}

}  // namespace neuroai::information
