#include "engine/plasticity/LtpInduction.h"

#include "engine/core/Job.h"
#include "engine/network/Projection.h"
#include "engine/plasticity/PairStdp.h"
#include "engine/plasticity/PoissonInputs.h"
#include "engine/plasticity/TripletStdp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

namespace neuroai::plasticity {

namespace {

// Figure 1's synapses start far from both bounds so that the drift is never clipped at the defaults: w0 = 10 with
// w_max = 100 (weight units are those of the A's). Float keeps ~1e-6 absolute resolution at 10, far below the
// per-event changes (~1e-3), and the rounding errors are unbiased.
constexpr float kDriftW0 = 10.0f;
constexpr double kDriftWMax = 100.0;
constexpr double kPairingWMax = 100.0;

}  // namespace

std::vector<ParamSpec> ltpInductionSpecs()
{
    return {
        choiceSpec("rule", "Simulated rule", {"triplet", "pair"}, 0,
                   "Which rule the simulations (the dots) run through. triplet: minimal all-to-all triplet model of "
                   "Pfister & Gerstner (2006). pair: additive all-to-all pair STDP. The curves of both rules are "
                   "always drawn."),
        {"a3_plus", "Triplet potentiation A₃₊", "", 0.0005, 0.05, 6.5e-3, Scale::Log,
         "Potentiation at a post spike = A₃₊ · (pre trace r₁) · (post trace o₂ just before the spike).", 4},
        {"a2_minus", "Depression A₂₋", "", 0.0005, 0.05, 7.1e-3, Scale::Log,
         "Depression at a pre spike = A₂₋ · (post trace o₁), in both rules.", 4},
        {"pair_a_plus", "Pair-rule potentiation A₊", "", 0.0005, 0.05, 6.5e-3, Scale::Log,
         "Potentiation of the pair rule at a post spike = A₊ · (pre trace r₁). The default equals A₃₊: the triplet "
         "rule with o₂ replaced by 1.",
         4},
        {"tau_plus", "Pre trace time constant τ₊", "ms", 2, 100, 16.8, Scale::Log,
         "Decay of r₁, the potentiation side of the window.", 1},
        {"tau_minus", "Post trace time constant τ₋", "ms", 2, 100, 33.7, Scale::Log,
         "Decay of o₁, the depression side of the window.", 1},
        {"tau_y", "Slow post trace time constant τ_y", "ms", 10, 1000, 114, Scale::Log,
         "Decay of o₂, the post neuron's memory of its own recent spikes that gates triplet potentiation.", 0},
        {"pre_rate", "Presynaptic rate ρpre", "Hz", 1, 50, 10, Scale::Log,
         "Poisson rate of the presynaptic neurons in the BCM figure.", 1, {}, {}, {}, "Poisson protocol"},
        {"measure_time", "Measured time per rate T", "s", 1, 60, 10, Scale::Log,
         "How long the drift is measured at each postsynaptic rate (after a warm-up of 10 time constants).", 1, {},
         {}, {}, "Poisson protocol"},
        ParamSpec{"synapses", "Synapses per rate n", "", 50, 5000, 500, Scale::Log,
                  "Independent synapses averaged at each postsynaptic rate: the scatter of the dots shrinks as "
                  "1/√(n·T).",
                  0, {}, {}, {}, "Poisson protocol"}
            .asInteger(),
        ParamSpec{"pairings", "Number of pairings N", "", 1, 100, 60, Scale::Linear,
                  "Pre/post pairs the pairing protocol delivers at each frequency.", 0, {}, {}, {}, "Pairing protocol"}
            .asInteger(),
        {"frequency", "Readout frequency f", "Hz", 0.1, 50, 50, Scale::Log,
         "The pairing frequency at which the readouts give Δw (marked in the pairing figure).", 1, {}, {}, {},
         "Pairing protocol"},
        ParamSpec{"seed", "Random seed", "", 1, 1000000, 1, Scale::Linear, "Seeds the Poisson spike trains.", 0}
            .asInteger(),
    };
}

LtpInductionSetup LtpInductionSetup::fromParameters(const ParamSet& p)
{
    LtpInductionSetup s;
    s.pairRule = int(p["rule"]) == 1;
    s.a3Plus = p["a3_plus"];
    s.a2Minus = p["a2_minus"];
    s.pairAPlus = p["pair_a_plus"];
    s.tauPlusMs = p["tau_plus"];
    s.tauMinusMs = p["tau_minus"];
    s.tauYMs = p["tau_y"];
    s.preRateHz = p["pre_rate"];
    s.durationS = p["measure_time"];
    s.synapses = int(std::lround(p["synapses"]));
    s.pairings = int(std::lround(p["pairings"]));
    s.frequencyHz = p["frequency"];
    s.validate();
    return s;
}

void LtpInductionSetup::validate() const
{
    const auto bad = [](const std::string& key, double value, const std::string& why) {
        throw std::invalid_argument(key + " = " + formatValue(value, 6) + ": " + why);
    };
    const auto positive = [&](const char* key, double v) {
        if (!std::isfinite(v) || !(v > 0))
            bad(key, v, "must be a finite number > 0");
    };
    positive("a3_plus", a3Plus);
    positive("a2_minus", a2Minus);
    if (!std::isfinite(pairAPlus) || !(pairAPlus >= 0))
        bad("pair_a_plus", pairAPlus, "must be a finite number ≥ 0");
    positive("tau_plus", tauPlusMs);
    positive("tau_minus", tauMinusMs);
    positive("tau_y", tauYMs);
    if (!(preRateHz > 0 && preRateHz <= 200))
        bad("pre_rate", preRateHz, "must lie in (0, 200] Hz");
    if (!(durationS > 0 && durationS <= 600))
        bad("measure_time", durationS, "must lie in (0, 600] s");
    if (synapses < 1 || synapses > 100000)
        bad("synapses", synapses, "must be between 1 and 100000");
    if (pairings < 1 || pairings > 1000)
        bad("pairings", pairings, "must be between 1 and 1000");
    if (!(frequencyHz >= 0.1 && frequencyHz <= 50))
        bad("frequency", frequencyHz, "must lie in [0.1, 50] Hz");
    if (!(dtMs > 0 && dtMs <= 1))
        bad("dt", dtMs, "must lie in (0, 1] ms");
    if (!(onsetMs >= 2 * kLtpDeltaTMs))
        bad("onset", onsetMs, "must leave room for Δt = −10 ms");
}

double LtpInductionSetup::thresholdHz() const { return 1000.0 * a2Minus * tauMinusMs / (a3Plus * tauPlusMs * tauYMs); }

namespace {

// Σ_{k≥first} dᵏ for d = e^{−dt/τ}: the mean of a trace sampled at a spike of an independent Bernoulli train,
// divided by the train's spike probability p per step (first = 0: this step's spikes count; 1: only earlier ones).
double geometric(double dtMs, double tauMs, int first)
{
    const double d = std::exp(-dtMs / tauMs);
    return (first == 0 ? 1.0 : d) / (1.0 - d);
}

}  // namespace

double LtpInductionSetup::expectedDrift(bool pair, double postRateHz) const
{
    const double pPre = preRateHz * dtMs / 1000.0, pPost = postRateHz * dtMs / 1000.0;
    const double r1 = pPre * geometric(dtMs, tauPlusMs, 0);    // at a post spike, same-step pre spikes included
    const double o1 = pPost * geometric(dtMs, tauMinusMs, 1);  // at a pre spike, earlier post spikes only
    const double o2 = pPost * geometric(dtMs, tauYMs, 1);      // at a post spike, before its own increment
    const double potentiation = pPost * (pair ? pairAPlus : a3Plus * o2) * r1;  // per step
    const double depression = pPre * a2Minus * o1;
    return (potentiation - depression) * 1000.0 / dtMs;
}

double LtpInductionSetup::gridThresholdHz() const
{
    // Drift ∝ ρpost·(A₃₊·c_r·c_y·ρpost − A₂₋·c₋) with the geometric sums c: zero at ρpost = A₂₋c₋/(A₃₊c_r c_y).
    const double cr = geometric(dtMs, tauPlusMs, 0), cm = geometric(dtMs, tauMinusMs, 1),
                 cy = geometric(dtMs, tauYMs, 1);
    return a2Minus * cm / (a3Plus * cr * cy * dtMs / 1000.0);
}

std::vector<double> ltpPostRates()
{
    std::vector<double> r;
    for (int k = 0; k <= 10; ++k)
        r.push_back(5.0 * k);
    return r;
}

std::vector<double> ltpPairingFrequencies()
{
    // From 1 Hz: below it pairings are already independent (e^{−1000 ms/τ_y} < 2e-4) and each point would cost
    // N/f seconds of 0.1 ms steps; the exact sums (the lines) go on down to 0.1 Hz.
    return {1, 2, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50};
}

namespace {

std::unique_ptr<network::SpikeRule> makeRule(const LtpInductionSetup& s, bool pair, double wMax)
{
    if (pair) {
        PairStdpParameters p;
        p.aPlus = s.pairAPlus;
        p.aMinus = s.a2Minus;
        p.tauPlusMs = s.tauPlusMs;
        p.tauMinusMs = s.tauMinusMs;
        p.wMax = wMax;
        p.dependence = WeightDependence::Additive;
        p.pairing = Pairing::AllToAll;
        return std::make_unique<PairStdp>(p);
    }
    TripletStdpParameters t;  // minimal model: A₂₊ = A₃₋ = 0
    t.a2Plus = 0;
    t.a3Plus = s.a3Plus;
    t.a2Minus = s.a2Minus;
    t.a3Minus = 0;
    t.tauPlusMs = s.tauPlusMs;
    t.tauMinusMs = s.tauMinusMs;
    t.tauYMs = s.tauYMs;
    t.wMax = wMax;
    return std::make_unique<TripletStdp>(t);
}

long warmUpSteps(const LtpInductionSetup& s)
{
    return std::lround(10.0 * std::max({s.tauPlusMs, s.tauMinusMs, s.tauYMs}) / s.dtMs);
}
long measuredSteps(const LtpInductionSetup& s) { return std::lround(s.durationS * 1000.0 / s.dtMs); }

// Spike steps of the pairing protocol: pre at T_k, post at T_k + Δt.
void protocolSteps(const LtpInductionSetup& s, double frequencyHz, double deltaTMs, std::vector<long>& pre,
                   std::vector<long>& post)
{
    pre.clear();
    post.clear();
    const double periodMs = 1000.0 / frequencyHz;
    const long shift = std::lround(deltaTMs / s.dtMs);
    for (int k = 0; k < s.pairings; ++k) {
        const long t = std::lround((s.onsetMs + double(k) * periodMs) / s.dtMs);
        pre.push_back(t);
        post.push_back(t + shift);
    }
}

double pairingSteps(const LtpInductionSetup& s, double frequencyHz)
{
    return (s.onsetMs + kLtpDeltaTMs + double(s.pairings - 1) * 1000.0 / frequencyHz) / s.dtMs;
}

}  // namespace

DriftPoint measureDrift(const LtpInductionSetup& s, double postRateHz, std::uint64_t seed)
{
    s.validate();
    if (!(postRateHz >= 0 && postRateHz <= 200))
        throw std::invalid_argument("post_rate = " + formatValue(postRateHz, 6) + ": must lie in [0, 200] Hz");
    const int n = s.synapses;
    network::SynapseList list;
    for (int i = 0; i < n; ++i)
        list.add(i, i, kDriftW0);
    network::Projection projection = network::Projection::fromList(n, n, list);
    const auto rule = makeRule(s, s.pairRule, kDriftWMax);
    rule->prepare(projection, s.dtMs);
    // Two independent streams per rate: the seeds differ in their low bit and by the rate.
    const std::uint64_t base = seed * 1000003ULL + std::uint64_t(std::llround(postRateHz * 100.0)) * 2ULL;
    PoissonInputs pre(n, s.preRateHz, s.dtMs, base), post(n, postRateHz, s.dtMs, base + 1);
    const long warm = warmUpSteps(s), steps = measuredSteps(s);
    for (long k = 0; k < warm; ++k)
        rule->step(projection, pre.step(), post.step());
    const std::vector<float> start = projection.weights();
    for (long k = 0; k < steps; ++k)
        rule->step(projection, pre.step(), post.step());
    double sum = 0, sum2 = 0;
    DriftPoint d;
    for (std::size_t i = 0; i < start.size(); ++i) {
        const float w = projection.weights()[i];
        const double change = double(w) - double(start[i]);
        sum += change;
        sum2 += change * change;
        if (w <= 0.0f || w >= float(kDriftWMax))
            ++d.clipped;
    }
    const double seconds = double(steps) * s.dtMs / 1000.0;
    const double mean = sum / n;
    d.mean = mean / seconds;
    d.standardError = n > 1 ? std::sqrt(std::max(0.0, sum2 / n - mean * mean) / double(n - 1)) / seconds : 0.0;
    return d;
}

double measurePairing(const LtpInductionSetup& s, bool pairRule, double frequencyHz, double deltaTMs)
{
    s.validate();
    std::vector<long> preSteps, postSteps;
    protocolSteps(s, frequencyHz, deltaTMs, preSteps, postSteps);
    network::SynapseList list;
    list.add(0, 0, float(kLtpPairingW0));
    network::Projection projection = network::Projection::fromList(1, 1, list);
    const auto rule = makeRule(s, pairRule, kPairingWMax);
    rule->prepare(projection, s.dtMs);
    const long last = std::max(preSteps.back(), postSteps.back());
    std::size_t nextPre = 0, nextPost = 0;
    const std::vector<int> none, one{0};
    for (long step = 0; step <= last; ++step) {
        const bool pre = nextPre < preSteps.size() && preSteps[nextPre] == step;
        const bool post = nextPost < postSteps.size() && postSteps[nextPost] == step;
        nextPre += pre ? 1 : 0;
        nextPost += post ? 1 : 0;
        rule->step(projection, pre ? one : none, post ? one : none);
    }
    return double(projection.weights()[0]) - double(float(kLtpPairingW0));
}

double pairingSum(const LtpInductionSetup& s, bool pairRule, double frequencyHz, double deltaTMs)
{
    std::vector<long> pre, post;
    protocolSteps(s, frequencyHz, deltaTMs, pre, post);
    const auto gap = [&](long later, long earlier) { return double(later - earlier) * s.dtMs; };
    double dw = 0;
    for (const long j : post) {
        double r1 = 0, o2 = 0;
        for (const long i : pre)
            if (i <= j)
                r1 += std::exp(-gap(j, i) / s.tauPlusMs);
        for (const long k : post)
            if (k < j)
                o2 += std::exp(-gap(j, k) / s.tauYMs);
        dw += (pairRule ? s.pairAPlus : s.a3Plus * o2) * r1;
    }
    for (const long i : pre)
        for (const long k : post)
            if (k < i)
                dw -= s.a2Minus * std::exp(-gap(i, k) / s.tauMinusMs);
    return dw;
}

double fitThresholdHz(const std::vector<double>& rates, const std::vector<DriftPoint>& drifts, double preRateHz)
{
    // y = drift/(ρpre ρpost) = a + b·ρpost; weights 1/SE².
    double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t k = 0; k < rates.size() && k < drifts.size(); ++k) {
        if (!(rates[k] > 0) || !(drifts[k].standardError > 0))
            continue;
        const double scale = preRateHz * rates[k];
        const double y = drifts[k].mean / scale, se = drifts[k].standardError / scale;
        const double w = 1.0 / (se * se);
        sw += w;
        sx += w * rates[k];
        sy += w * y;
        sxx += w * rates[k] * rates[k];
        sxy += w * rates[k] * y;
    }
    const double det = sw * sxx - sx * sx;
    if (!(det > 0))
        return std::numeric_limits<double>::quiet_NaN();
    const double b = (sw * sxy - sx * sy) / det, a = (sy - b * sx) / sw;
    const double seB = std::sqrt(sw / det);
    if (!(b > 4 * seB))  // no significant rise with ρpost: no threshold (the pair rule's ratio is constant)
        return std::numeric_limits<double>::quiet_NaN();
    return -a / b;
}

LtpInductionRun runLtpInduction(const LtpInductionSetup& s, std::uint64_t seed, Progress* progress)
{
    s.validate();
    LtpInductionRun run;
    run.postRates = ltpPostRates();
    run.frequencies = ltpPairingFrequencies();

    // Work in steps, for the progress fraction.
    const double driftWork = double(warmUpSteps(s) + measuredSteps(s));
    double total = driftWork * double(run.postRates.size()), done = 0;
    for (const double f : run.frequencies)
        total += 2 * pairingSteps(s, f);
    const auto advance = [&](double work) {
        done += work;
        if (progress) {
            progress->throwIfCancelled();
            progress->setFraction(done / total);
        }
    };
    if (progress)
        progress->throwIfCancelled();

    for (const double rate : run.postRates) {
        run.drift.push_back(measureDrift(s, rate, seed));
        run.clipped += run.drift.back().clipped;
        advance(driftWork);
    }
    for (double r = 0; r <= run.postRates.back() + 1e-9; r += 0.5) {
        run.lineRates.push_back(r);
        run.tripletDrift.push_back(s.expectedDrift(false, r));
        run.pairDrift.push_back(s.expectedDrift(true, r));
    }
    run.formulaThresholdHz = s.thresholdHz();
    run.measuredThresholdHz = fitThresholdHz(run.postRates, run.drift, s.preRateHz);

    const double pct = 100.0 / kLtpPairingW0;
    for (const double f : run.frequencies) {
        run.measuredPlusPct.push_back(pct * measurePairing(s, s.pairRule, f, kLtpDeltaTMs));
        run.measuredMinusPct.push_back(pct * measurePairing(s, s.pairRule, f, -kLtpDeltaTMs));
        for (const double pctChange : {run.measuredPlusPct.back(), run.measuredMinusPct.back()})
            run.pairingClipped += pctChange <= -100.0 + 1e-4 ? 1 : 0;
        advance(2 * pairingSteps(s, f));
    }
    const double f0 = 0.1, f1 = run.frequencies.back();
    const int lineCount = 80;
    for (int k = 0; k < lineCount; ++k) {
        const double f = f0 * std::pow(f1 / f0, double(k) / double(lineCount - 1));
        run.lineFrequencies.push_back(f);
        run.tripletPlusPct.push_back(pct * pairingSum(s, false, f, kLtpDeltaTMs));
        run.tripletMinusPct.push_back(pct * pairingSum(s, false, f, -kLtpDeltaTMs));
        run.pairPlusPct.push_back(pct * pairingSum(s, true, f, kLtpDeltaTMs));
        run.pairMinusPct.push_back(pct * pairingSum(s, true, f, -kLtpDeltaTMs));
    }
    run.tripletMinusAtF = pct * pairingSum(s, false, s.frequencyHz, -kLtpDeltaTMs);
    run.pairMinusAtF = pct * pairingSum(s, true, s.frequencyHz, -kLtpDeltaTMs);
    run.tripletPlusAtF = pct * pairingSum(s, false, s.frequencyHz, kLtpDeltaTMs);
    run.pairPlusAtF = pct * pairingSum(s, true, s.frequencyHz, kLtpDeltaTMs);
    if (progress)
        progress->setFraction(1.0);
    return run;
}

std::vector<OutputInfo> ltpInductionOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "drift_measured", "Mean weight drift under Poisson pre and post firing, measured", "1/s", "Hz"},
        {K::Series, "drift_triplet", "Expected drift of the triplet rule", "1/s", "Hz"},
        {K::Series, "drift_pair", "Expected drift of the pair rule", "1/s", "Hz"},
        {K::Series, "pairing_plus_measured", "Δw after the pairing protocol at Δt = +10 ms, measured", "%", "Hz"},
        {K::Series, "pairing_minus_measured", "Δw after the pairing protocol at Δt = −10 ms, measured", "%", "Hz"},
        {K::Series, "pairing_triplet_plus", "Triplet rule's exact sum, Δt = +10 ms", "%", "Hz"},
        {K::Series, "pairing_triplet_minus", "Triplet rule's exact sum, Δt = −10 ms", "%", "Hz"},
        {K::Series, "pairing_pair_plus", "Pair rule's exact sum, Δt = +10 ms", "%", "Hz"},
        {K::Series, "pairing_pair_minus", "Pair rule's exact sum, Δt = −10 ms", "%", "Hz"},
        {K::Scalar, "threshold_hz", "Measured BCM threshold (zero drift)", "Hz", ""},
        {K::Scalar, "threshold_formula_hz", "A₂₋τ₋/(A₃₊τ₊τ_y)", "Hz", ""},
        {K::Scalar, "dw_neg10_triplet_pct", "Triplet rule, Δt = −10 ms at the readout frequency", "%", ""},
        {K::Scalar, "dw_neg10_pair_pct", "Pair rule, Δt = −10 ms at the readout frequency", "%", ""},
        {K::Scalar, "dw_pos10_triplet_pct", "Triplet rule, Δt = +10 ms at the readout frequency", "%", ""},
        {K::Scalar, "dw_pos10_pair_pct", "Pair rule, Δt = +10 ms at the readout frequency", "%", ""},
    };
}

ExperimentResult runLtpInductionExperiment(const ParamSet& parameters, Progress& progress)
{
    const LtpInductionSetup s = LtpInductionSetup::fromParameters(parameters);
    progress.setStage("Poisson drift at each post rate, then the pairing protocol at each frequency");
    const auto seed = std::uint64_t(std::llround(parameters["seed"]));
    const LtpInductionRun run = runLtpInduction(s, seed, &progress);
    ExperimentResult r;
    std::vector<double> measured;
    for (const DriftPoint& d : run.drift)
        measured.push_back(d.mean);
    const std::string rho = "postsynaptic rate ρpost", drift = "mean weight drift dw/dt", f = "pairing frequency f",
                      dw = "weight change Δw/w0";
    r.series = {
        {"drift_measured", "measured drift", rho, "Hz", drift, "1/s", run.postRates, measured},
        {"drift_triplet", "triplet rule, expected", rho, "Hz", drift, "1/s", run.lineRates, run.tripletDrift},
        {"drift_pair", "pair rule, expected", rho, "Hz", drift, "1/s", run.lineRates, run.pairDrift},
        {"pairing_plus_measured", "measured, Δt = +10 ms", f, "Hz", dw, "%", run.frequencies, run.measuredPlusPct},
        {"pairing_minus_measured", "measured, Δt = −10 ms", f, "Hz", dw, "%", run.frequencies, run.measuredMinusPct},
        {"pairing_triplet_plus", "triplet sum, Δt = +10 ms", f, "Hz", dw, "%", run.lineFrequencies,
         run.tripletPlusPct},
        {"pairing_triplet_minus", "triplet sum, Δt = −10 ms", f, "Hz", dw, "%", run.lineFrequencies,
         run.tripletMinusPct},
        {"pairing_pair_plus", "pair sum, Δt = +10 ms", f, "Hz", dw, "%", run.lineFrequencies, run.pairPlusPct},
        {"pairing_pair_minus", "pair sum, Δt = −10 ms", f, "Hz", dw, "%", run.lineFrequencies, run.pairMinusPct},
    };
    r.scalars = {
        {"threshold_hz", "measured BCM threshold", "Hz", run.measuredThresholdHz},
        {"threshold_formula_hz", "A₂₋τ₋/(A₃₊τ₊τ_y)", "Hz", run.formulaThresholdHz},
        {"dw_neg10_triplet_pct", "triplet rule, Δt = −10 ms", "%", run.tripletMinusAtF},
        {"dw_neg10_pair_pct", "pair rule, Δt = −10 ms", "%", run.pairMinusAtF},
        {"dw_pos10_triplet_pct", "triplet rule, Δt = +10 ms", "%", run.tripletPlusAtF},
        {"dw_pos10_pair_pct", "pair rule, Δt = +10 ms", "%", run.pairPlusAtF},
    };
    r.notes = {"Zero drift at " + formatValue(run.measuredThresholdHz, 3) + " Hz measured, " +
                   formatValue(run.formulaThresholdHz, 3) + " Hz from A₂₋τ₋/(A₃₊τ₊τ_y).",
               "At " + formatValue(s.frequencyHz, 3) + " Hz and Δt = −10 ms: triplet " +
                   formatValue(run.tripletMinusAtF, 3) + " %, pair " + formatValue(run.pairMinusAtF, 3) + " %."};
    if (run.clipped > 0)
        r.notes.push_back(std::to_string(run.clipped) + " synapses hit a weight bound; their drift is clipped.");
    return r;
}

}  // namespace neuroai::plasticity
