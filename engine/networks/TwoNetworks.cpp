#include "engine/networks/TwoNetworks.h"

#include "engine/core/Random.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::networks {

namespace {

void require(bool ok, const char* name, double value, const char* what)
{
    if (!ok)
        throw std::invalid_argument(std::string("TwoNetworks: ") + name + " = " + std::to_string(value) + " " + what);
}

bool finite(double v) { return std::isfinite(v); }

bool isMultiple(double a, double b) { return std::abs(a / b - std::round(a / b)) < 1e-6; }

constexpr std::uint64_t kGlobalStream = 0x9E3779B97F4A7C15ull;  // the global fluctuation's seed is seed ^ this

}  // namespace

WilsonCowanParams TwoNetworkSettings::defaultNode()
{
    WilsonCowanParams p;
    p.P = 2.5;
    return p;
}

TwoNetworkSettings TwoNetworkSettings::withGlobalSignal()
{
    TwoNetworkSettings s;
    s.taskDrive = 0;
    s.globalAmplitude = 0.05;
    s.globalTauS = 10;
    return s;
}

bool TwoNetworkSettings::taskOn(double tS) const
{
    if (tS < 0)
        return false;
    const double phase = std::fmod(tS, blockPeriodS);
    return phase >= 0.5 * blockPeriodS;
}

void TwoNetworkSettings::validate() const
{
    require(nodesPerNetwork >= 1 && nodesPerNetwork <= 64, "nodesPerNetwork", nodesPerNetwork, "must be in [1, 64]");
    node.validate();
    require(finite(wWithin) && wWithin >= 0 && wWithin <= 100, "wWithin", wWithin, "must be in [0, 100]");
    require(finite(wBetween) && wBetween >= 0 && wBetween <= 100, "wBetween", wBetween, "must be in [0, 100]");
    require(finite(taskDrive) && taskDrive >= 0 && taskDrive <= 100, "taskDrive", taskDrive, "must be in [0, 100]");
    require(finite(taskDeactivation) && taskDeactivation >= 0 && taskDeactivation <= 100, "taskDeactivation",
            taskDeactivation, "must be in [0, 100]");
    require(finite(noiseSigma) && noiseSigma >= 0 && noiseSigma <= 100, "noiseSigma", noiseSigma,
            "must be in [0, 100]");
    require(finite(globalAmplitude) && globalAmplitude >= 0 && globalAmplitude <= 100, "globalAmplitude",
            globalAmplitude, "must be in [0, 100]");
    require(finite(dtMs) && dtMs > 0 && dtMs <= 0.2 * std::min(node.tauE, node.tauI), "dtMs", dtMs,
            "must be > 0 and <= a fifth of the node's smaller time constant");
    require(finite(sampleMs) && sampleMs >= dtMs && sampleMs <= 10000 && isMultiple(sampleMs, dtMs), "sampleMs",
            sampleMs, "must be a whole multiple of dtMs, at most 10 s");
    require(finite(noiseTauS) && noiseTauS * 1000 >= dtMs && noiseTauS <= 1e4, "noiseTauS", noiseTauS,
            "must be >= dtMs and <= 1e4 s");
    require(finite(globalTauS) && globalTauS * 1000 >= sampleMs && globalTauS <= 1e4, "globalTauS", globalTauS,
            "must be >= sampleMs and <= 1e4 s");
    require(finite(durationS) && durationS * 1000 >= sampleMs && durationS <= 1e5, "durationS", durationS,
            "must be >= sampleMs and <= 1e5 s");
    require(finite(warmupS) && warmupS >= 0 && warmupS <= 1e4, "warmupS", warmupS, "must be in [0, 1e4]");
    require(finite(blockPeriodS) && blockPeriodS * 1000 >= 2 * sampleMs && blockPeriodS <= 1e5, "blockPeriodS",
            blockPeriodS, "must be >= two samples and <= 1e5 s");
    require(finite(trS) && trS * 1000 >= sampleMs && trS <= durationS, "trS", trS,
            "must be >= sampleMs and <= durationS");
    hrf.validate();
    require(sampleMs <= 1000 * hrf.lengthS, "sampleMs", sampleMs, "must be <= the HRF's length");
    require((durationS + warmupS) * 1000 / dtMs <= 2e9, "durationS", durationS, "needs more than 2e9 steps");
}

TwoNetworks::TwoNetworks(const TwoNetworkSettings& settings) : m_s(settings) { m_s.validate(); }

TwoNetworkResult TwoNetworks::run(const std::function<bool(double fraction)>& progress) const
{
    const TwoNetworkSettings& s = m_s;
    const int n = s.nodesPerNetwork, N = s.nodes();
    const auto nodeCount = std::size_t(N);
    const WilsonCowan node(s.node);
    const long binSteps = std::lround(s.sampleMs / s.dtMs);
    const long warmBins = std::lround(s.warmupS * 1000 / s.sampleMs);
    const long runBins = std::lround(s.durationS * 1000 / s.sampleMs);
    const long totalSteps = (warmBins + runBins) * binSteps;
    const double dt = s.dtMs;

    TwoNetworkResult out;
    out.nodesPerNetwork = n;
    out.sampleS = s.sampleMs / 1000;
    out.trS = s.trS;

    Random rng(s.seed);
    std::vector<double> E(nodeCount), I(nodeCount), xi(nodeCount);
    {
        // Start at the isolated node's (lowest) fixed point; the noise from its stationary distribution.
        const std::vector<FixedPoint> fps = node.fixedPoints();
        const double e0 = fps.empty() ? 0.1 : fps.front().E, i0 = fps.empty() ? 0.1 : fps.front().I;
        for (int k = 0; k < N; ++k) {
            E[std::size_t(k)] = e0;
            I[std::size_t(k)] = i0;
            xi[std::size_t(k)] = s.noiseSigma * rng.normal();
        }
    }
    std::vector<std::vector<double>> binned(nodeCount);  // warm-up and run bins
    for (auto& row : binned)
        row.reserve(std::size_t(warmBins + runBins));
    std::vector<double> binSum(nodeCount, 0.0);
    const double noiseDecay = dt / (1000 * s.noiseTauS);
    const double noiseKick = s.noiseSigma * std::sqrt(2 * noiseDecay);
    const double others = n > 1 ? 1.0 / (n - 1) : 0.0;

    // The right-hand side of all nodes for states (e, i) with the inputs ξ and u held fixed.
    std::vector<double> drive(nodeCount);  // P + ξ + task of each node over the current step
    const auto rhs = [&](const std::vector<double>& e, const std::vector<double>& in, std::vector<double>& de,
                         std::vector<double>& di) {
        double sumDmn = 0, sumExec = 0;
        for (int k = 0; k < n; ++k) {
            sumDmn += e[std::size_t(k)];
            sumExec += e[std::size_t(n + k)];
        }
        for (int k = 0; k < N; ++k) {
            const std::size_t i = std::size_t(k);
            const bool dmn = k < n;
            const double ownSum = dmn ? sumDmn : sumExec, otherSum = dmn ? sumExec : sumDmn;
            const double P = drive[i] + s.wWithin * (ownSum - e[i]) * others;
            const double Q = s.node.Q + s.wBetween * otherSum / n;
            const WcState d = node.derivative({e[i], in[i]}, P, Q);
            de[i] = d.E;
            di[i] = d.I;
        }
    };
    std::vector<double> k1E(nodeCount), k1I(nodeCount), k2E(nodeCount), k2I(nodeCount), k3E(nodeCount),
        k3I(nodeCount), k4E(nodeCount), k4I(nodeCount), tmpE(nodeCount), tmpI(nodeCount);
    const auto stage = [&](const std::vector<double>& dE, const std::vector<double>& dI, double h) {
        for (std::size_t i = 0; i < nodeCount; ++i) {
            tmpE[i] = E[i] + h * dE[i];
            tmpI[i] = I[i] + h * dI[i];
        }
    };

    for (long step = 0; step < totalSteps; ++step) {
        if (progress && (step & 4095) == 0 && !progress(double(step) / double(totalSteps))) {
            TwoNetworkResult cancelled;
            cancelled.cancelled = true;
            return cancelled;
        }
        const double tS = (double(step) - double(warmBins * binSteps)) * dt / 1000;
        const double u = s.taskOn(tS) ? 1.0 : 0.0;
        for (int k = 0; k < N; ++k)
            drive[std::size_t(k)] =
                s.node.P + xi[std::size_t(k)] + (k < n ? -s.taskDeactivation * u : s.taskDrive * u);
        // Classical RK4 on (E, I) with the inputs fixed over the step.
        rhs(E, I, k1E, k1I);
        stage(k1E, k1I, 0.5 * dt);
        rhs(tmpE, tmpI, k2E, k2I);
        stage(k2E, k2I, 0.5 * dt);
        rhs(tmpE, tmpI, k3E, k3I);
        stage(k3E, k3I, dt);
        rhs(tmpE, tmpI, k4E, k4I);
        for (std::size_t i = 0; i < nodeCount; ++i) {
            E[i] += dt / 6 * (k1E[i] + 2 * k2E[i] + 2 * k3E[i] + k4E[i]);
            I[i] += dt / 6 * (k1I[i] + 2 * k2I[i] + 2 * k3I[i] + k4I[i]);
            if (!std::isfinite(E[i]) || !std::isfinite(I[i])) {
                TwoNetworkResult bad;
                bad.diverged = true;
                bad.error = "TwoNetworks: node " + std::to_string(i) + " diverged at t = " + std::to_string(tS) +
                            " s (reduce dtMs or the couplings)";
                return bad;
            }
        }
        // The input noise: Euler–Maruyama step of the OU process.
        for (std::size_t i = 0; i < nodeCount; ++i)
            xi[i] += -xi[i] * noiseDecay + noiseKick * rng.normal();
        for (std::size_t i = 0; i < nodeCount; ++i)
            binSum[i] += E[i];
        if ((step + 1) % binSteps == 0)
            for (std::size_t i = 0; i < nodeCount; ++i) {
                binned[i].push_back(binSum[i] / double(binSteps));
                binSum[i] = 0;
            }
    }
    if (progress)
        progress(1.0);

    // Fine series from t = 0, BOLD through the HRF with the warm-up as its history.
    const Haemodynamics haemo(s.hrf);
    const double sampleS = out.sampleS;
    out.activity.resize(nodeCount);
    out.boldFine.resize(nodeCount);
    for (int k = 0; k < N; ++k) {
        const std::vector<double>& all = binned[std::size_t(k)];
        const std::vector<double> fine = haemo.convolve(all, sampleS, all.front());
        out.activity[std::size_t(k)].assign(all.begin() + warmBins, all.end());
        out.boldFine[std::size_t(k)].assign(fine.begin() + warmBins, fine.end());
    }
    out.tS.resize(std::size_t(runBins));
    out.task.resize(std::size_t(runBins));
    for (long b = 0; b < runBins; ++b) {
        out.tS[std::size_t(b)] = double(b) * sampleS;
        out.task[std::size_t(b)] = s.taskOn(double(b) * sampleS) ? 1.0 : 0.0;
    }
    // The global fluctuation: unit-SD OU on the fine grid, from its own stream.
    Random globalRng(s.seed ^ kGlobalStream);
    const auto binCount = std::size_t(runBins);
    std::vector<double> g(binCount);
    {
        const double decay = sampleS / s.globalTauS, kick = std::sqrt(2 * decay);
        double v = globalRng.normal();
        for (long b = 0; b < runBins; ++b) {
            g[std::size_t(b)] = v;
            v += -v * decay + kick * globalRng.normal();
        }
    }
    const BoldSeries gTr = Haemodynamics::sampleAtTr(g, sampleS, s.trS);
    out.tBoldS = gTr.tS;
    out.global.resize(gTr.bold.size());
    for (std::size_t j = 0; j < gTr.bold.size(); ++j)
        out.global[j] = s.globalAmplitude * gTr.bold[j];
    out.taskAtTr.resize(out.tBoldS.size());
    for (std::size_t j = 0; j < out.tBoldS.size(); ++j)
        out.taskAtTr[j] = s.taskOn(out.tBoldS[j]) ? 1.0 : 0.0;
    out.bold.resize(nodeCount);
    out.boldNeural.resize(nodeCount);
    for (int k = 0; k < N; ++k) {
        out.boldNeural[std::size_t(k)] = Haemodynamics::sampleAtTr(out.boldFine[std::size_t(k)], sampleS, s.trS).bold;
        out.bold[std::size_t(k)] = out.boldNeural[std::size_t(k)];
        for (std::size_t j = 0; j < out.global.size(); ++j)
            out.bold[std::size_t(k)][j] += out.global[j];
    }
    // Block averages of the activity.
    BlockAverages& a = out.averages;
    for (long b = 0; b < runBins; ++b) {
        double dmn = 0, exec = 0;
        for (int k = 0; k < n; ++k) {
            dmn += out.activity[std::size_t(k)][std::size_t(b)];
            exec += out.activity[std::size_t(n + k)][std::size_t(b)];
        }
        dmn /= n;
        exec /= n;
        if (out.task[std::size_t(b)] > 0) {
            a.dmnTask += dmn;
            a.execTask += exec;
            ++a.taskSamples;
        } else {
            a.dmnRest += dmn;
            a.execRest += exec;
            ++a.restSamples;
        }
    }
    if (a.taskSamples > 0) {
        a.dmnTask /= a.taskSamples;
        a.execTask /= a.taskSamples;
    }
    if (a.restSamples > 0) {
        a.dmnRest /= a.restSamples;
        a.execRest /= a.restSamples;
    }
    return out;
}

}  // namespace neuroai::networks
