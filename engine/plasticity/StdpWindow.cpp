#include "engine/plasticity/StdpWindow.h"

#include "engine/core/Job.h"
#include "engine/network/Projection.h"
#include "engine/plasticity/PairStdp.h"
#include "engine/plasticity/TripletStdp.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>

namespace neuroai::plasticity {

std::vector<ParamSpec> stdpWindowSpecs()
{
    ParamSpec bounds = choiceSpec("bounds", "Weight dependence", {"additive", "multiplicative"}, 0,
                                  "additive: every pair changes w by the same amount (hard bounds 0 and w_max). "
                                  "multiplicative: potentiation scales with w_max − w, depression with w (soft "
                                  "bounds). Hidden for the triplet rule, which is always additive here.");
    bounds.shownWhenKey = "rule";
    bounds.shownWhenValues = {double(StdpWindowRule::AllToAll), double(StdpWindowRule::Nearest)};
    return {
        choiceSpec("rule", "Plasticity rule", {"all-to-all", "nearest", "triplet"}, 0,
                   "all-to-all: pair STDP summing every pre/post pair. nearest: pair STDP, each spike pairs only with "
                   "the latest spike of the other side. triplet: minimal all-to-all triplet model of Pfister & "
                   "Gerstner (2006), potentiation A₊·(post trace with τ_y = 114 ms), depression the pair term A₋."),
        {"a_plus", "Potentiation amplitude A₊", "", 0.0005, 0.05, 0.005, Scale::Log,
         "Weight change of one pre-before-post pair at Δt = 0, as a fraction of w_max (triplet: A₃₊).", 4},
        {"a_ratio", "Depression/potentiation ratio A₋/A₊", "", 0.25, 4, 1.05, Scale::Log,
         "A₋ = ratio·A₊ (triplet: A₂₋). Above 1 with τ₋ ≥ τ₊ the window's total area is negative.", 2},
        {"tau_plus", "Potentiation time constant τ₊", "ms", 2, 100, 20, Scale::Log,
         "Decay of the potentiation side of the window (pre before post, Δt > 0).", 1},
        {"tau_minus", "Depression time constant τ₋", "ms", 2, 100, 20, Scale::Log,
         "Decay of the depression side of the window (post before pre, Δt < 0).", 1},
        ParamSpec{"pairings", "Number of pairings N", "", 1, 100, 60, Scale::Linear,
                  "How many pre/post pairs the protocol delivers at each Δt.", 0}
            .asInteger(),
        {"frequency", "Pairing frequency f", "Hz", 0.1, 50, 1, Scale::Log,
         "Pairings per second. Above about 10 Hz the spikes of neighbouring pairings interact as well.", 1},
        bounds,
        {"w0", "Initial weight w0", "", 0.05, 0.95, 0.5, Scale::Linear,
         "Weight before the protocol, as a fraction of w_max = 1. Changes are shown in % of w0.", 2},
    };
}

StdpWindowSetup StdpWindowSetup::fromParameters(const ParamSet& p)
{
    StdpWindowSetup s;
    s.rule = StdpWindowRule(int(p["rule"]));
    s.aPlus = p["a_plus"];
    s.aMinus = p["a_plus"] * p["a_ratio"];
    s.tauPlusMs = p["tau_plus"];
    s.tauMinusMs = p["tau_minus"];
    s.pairings = int(std::lround(p["pairings"]));
    s.frequencyHz = p["frequency"];
    s.multiplicative = int(p["bounds"]) == 1;
    s.w0 = p["w0"];
    s.validate();
    return s;
}

void StdpWindowSetup::validate() const
{
    const auto bad = [](const std::string& key, double value, const std::string& why) {
        throw std::invalid_argument(key + " = " + formatValue(value, 6) + ": " + why);
    };
    if (!(aPlus >= 0) || !std::isfinite(aPlus))
        bad("a_plus", aPlus, "must be a finite number ≥ 0");
    if (!(aMinus >= 0) || !std::isfinite(aMinus))
        bad("a_ratio", aMinus, "A₋ must be a finite number ≥ 0");
    if (!(tauPlusMs > 0) || !std::isfinite(tauPlusMs))
        bad("tau_plus", tauPlusMs, "must be > 0 ms");
    if (!(tauMinusMs > 0) || !std::isfinite(tauMinusMs))
        bad("tau_minus", tauMinusMs, "must be > 0 ms");
    if (pairings < 1 || pairings > 1000)
        bad("pairings", pairings, "must be between 1 and 1000");
    if (!(frequencyHz >= 0.1 && frequencyHz <= 100))
        bad("frequency", frequencyHz, "must be between 0.1 and 100 Hz");
    if (!(w0 >= 0 && w0 <= 1))
        bad("w0", w0, "must lie in [0, w_max = 1]");
    if (!(dtMs > 0) || !(onsetMs >= 100))
        bad("dt", dtMs, "the step must be > 0 and the onset ≥ 100 ms");
}

std::vector<double> stdpWindowGrid()
{
    static const double side[] = {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 26, 31, 37, 44, 52, 62, 80, 100};
    std::vector<double> grid;
    for (auto it = std::rbegin(side); it != std::rend(side); ++it)
        grid.push_back(-*it);
    grid.push_back(0);
    for (const double d : side)
        grid.push_back(d);
    return grid;
}

namespace {

std::unique_ptr<network::SpikeRule> makeRule(const StdpWindowSetup& s)
{
    if (s.rule == StdpWindowRule::Triplet) {
        TripletStdpParameters t;
        t.a2Plus = 0;
        t.a3Plus = s.aPlus;
        t.a2Minus = s.aMinus;
        t.a3Minus = 0;
        t.tauPlusMs = s.tauPlusMs;
        t.tauMinusMs = s.tauMinusMs;
        t.tauYMs = s.tauYMs;
        t.wMax = 1.0;
        return std::make_unique<TripletStdp>(t);
    }
    PairStdpParameters p;
    p.aPlus = s.aPlus;
    p.aMinus = s.aMinus;
    p.tauPlusMs = s.tauPlusMs;
    p.tauMinusMs = s.tauMinusMs;
    p.wMax = 1.0;
    p.dependence = s.multiplicative ? WeightDependence::Multiplicative : WeightDependence::Additive;
    p.pairing = s.rule == StdpWindowRule::Nearest ? Pairing::Nearest : Pairing::AllToAll;
    return std::make_unique<PairStdp>(p);
}

long stepOf(const StdpWindowSetup& s, double ms) { return std::lround(ms / s.dtMs); }

// Spike steps of the protocol: pre at T_k, post at T_k + Δt.
void protocolSteps(const StdpWindowSetup& s, double deltaTMs, std::vector<long>& pre, std::vector<long>& post)
{
    pre.clear();
    post.clear();
    const double periodMs = 1000.0 / s.frequencyHz;
    const long shift = stepOf(s, deltaTMs);
    for (int k = 0; k < s.pairings; ++k) {
        const long t = stepOf(s, s.onsetMs + double(k) * periodMs);
        pre.push_back(t);
        post.push_back(t + shift);
    }
}

double window(const StdpWindowSetup& s, double d)
{
    return d >= 0 ? s.aPlus * std::exp(-d / s.tauPlusMs) : -s.aMinus * std::exp(d / s.tauMinusMs);
}

}  // namespace

double measurePairingProtocol(const StdpWindowSetup& s, double deltaTMs)
{
    s.validate();
    std::vector<long> preSteps, postSteps;
    protocolSteps(s, deltaTMs, preSteps, postSteps);
    network::SynapseList list;
    list.add(0, 0, float(s.w0));
    network::Projection projection = network::Projection::fromList(1, 1, list);
    const auto rule = makeRule(s);
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
    return double(projection.weights()[0]) - double(float(s.w0));
}

double pairRulePrediction(const StdpWindowSetup& s, double deltaTMs)
{
    std::vector<long> pre, post;
    protocolSteps(s, deltaTMs, pre, post);
    double dw = 0;
    if (s.rule != StdpWindowRule::Nearest) {
        for (const long i : pre)
            for (const long j : post)
                dw += window(s, double(j - i) * s.dtMs);
        return dw;
    }
    // Nearest: each post with the latest pre at or before it (same step: pre first), each pre with the latest post
    // strictly before it. Both lists are ascending.
    for (const long j : post) {
        const auto it = std::upper_bound(pre.begin(), pre.end(), j);
        if (it != pre.begin())
            dw += window(s, double(j - *std::prev(it)) * s.dtMs);
    }
    for (const long i : pre) {
        const auto it = std::lower_bound(post.begin(), post.end(), i);
        if (it != post.begin())
            dw += window(s, double(*std::prev(it) - i) * s.dtMs);
    }
    return dw;
}

double biPooShape(const StdpWindowSetup& s, double d)
{
    const double n = double(s.pairings);
    return d >= 0 ? n * s.aPlus * std::exp(-d / kBiPooTauPlusMs) : -n * s.aMinus * std::exp(d / kBiPooTauMinusMs);
}

double StdpWindowRun::at(double d) const
{
    for (std::size_t i = 0; i < deltaT.size(); ++i)
        if (std::abs(deltaT[i] - d) < 1e-9)
            return measuredPct[i];
    return std::numeric_limits<double>::quiet_NaN();
}

StdpWindowRun runStdpWindow(const StdpWindowSetup& s, Progress* progress)
{
    s.validate();
    StdpWindowRun run;
    run.deltaT = stdpWindowGrid();
    const double pct = 100.0 / s.w0;
    for (std::size_t i = 0; i < run.deltaT.size(); ++i) {
        if (progress) {
            progress->throwIfCancelled();
            progress->setFraction(double(i) / double(run.deltaT.size()));
        }
        run.measuredPct.push_back(pct * measurePairingProtocol(s, run.deltaT[i]));
    }
    const double lo = run.deltaT.front(), hi = run.deltaT.back();
    for (double d = lo; d <= hi + 1e-9; d += 0.5) {
        run.lineT.push_back(d);
        run.predictionPct.push_back(pct * pairRulePrediction(s, d));
        run.biPooPct.push_back(pct * biPooShape(s, d));
    }
    if (progress)
        progress->setFraction(1.0);
    return run;
}

std::vector<OutputInfo> stdpWindowOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "measured", "Weight change after the protocol, measured through the rule", "%", "ms"},
        {K::Series, "pair_prediction", "Additive pair-rule sum over the protocol's spike pairs", "%", "ms"},
        {K::Series, "bi_poo", "Bi & Poo window shape (τ₊ 16.8 ms, τ₋ 33.7 ms) with this panel's amplitudes", "%",
         "ms"},
        {K::Scalar, "dw_neg10_pct", "Measured weight change at Δt = −10 ms", "%", ""},
        {K::Scalar, "dw_pos10_pct", "Measured weight change at Δt = +10 ms", "%", ""},
        {K::Scalar, "max_ltp_pct", "Largest measured potentiation", "%", ""},
        {K::Scalar, "max_ltd_pct", "Largest measured depression", "%", ""},
    };
}

ExperimentResult runStdpWindowExperiment(const ParamSet& parameters, Progress& progress)
{
    const StdpWindowSetup setup = StdpWindowSetup::fromParameters(parameters);
    progress.setStage("pairing protocol at each Δt");
    const StdpWindowRun run = runStdpWindow(setup, &progress);
    ExperimentResult result;
    result.series = {
        {"measured", "measured Δw", "spike-timing difference Δt = t_post − t_pre", "ms", "weight change Δw/w0", "%",
         run.deltaT, run.measuredPct},
        {"pair_prediction", "pair-rule sum", "spike-timing difference Δt = t_post − t_pre", "ms",
         "weight change Δw/w0", "%", run.lineT, run.predictionPct},
        {"bi_poo", "Bi & Poo shape", "spike-timing difference Δt = t_post − t_pre", "ms", "weight change Δw/w0", "%",
         run.lineT, run.biPooPct},
    };
    const auto [minIt, maxIt] = std::minmax_element(run.measuredPct.begin(), run.measuredPct.end());
    result.scalars = {
        {"dw_neg10_pct", "weight change at Δt = −10 ms", "%", run.at(-10)},
        {"dw_pos10_pct", "weight change at Δt = +10 ms", "%", run.at(10)},
        {"max_ltp_pct", "largest potentiation", "%", std::max(0.0, *maxIt)},
        {"max_ltd_pct", "largest depression", "%", std::min(0.0, *minIt)},
    };
    result.notes = {"Δw after " + std::to_string(setup.pairings) + " pairings at " +
                    formatValue(setup.frequencyHz, 3) + " Hz: " + formatValue(run.at(10), 3) + " % at Δt = +10 ms, " +
                    formatValue(run.at(-10), 3) + " % at Δt = −10 ms."};
    return result;
}

}  // namespace neuroai::plasticity
