#pragma once

#include "engine/networks/Haemodynamics.h"
#include "engine/networks/WilsonCowan.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace neuroai::networks {

// Two competing large-scale networks, a default-mode network (DMN) and an executive (task-positive) network, each a
// few Wilson–Cowan nodes (WilsonCowan.h), switching with a block-design task, seen through a BOLD-like signal
// (Haemodynamics.h). A teaching model of the anticorrelated networks of Fox et al. (2005, PNAS 102:9673) and of why
// global-signal regression matters (Murphy et al. 2009, NeuroImage 44:893): not a fit to data.
//
// Node n of network A (the other network is B), with E_n, I_n as in WilsonCowan.h (same parameters, `node`):
//
//     τE dE_n/dt = −E_n + (kE − rE·E_n)·Se(c1·E_n − c2·I_n + P + ξ_n(t) + wWithin·⟨E⟩_{A∖n} + d_A·u(t))
//     τI dI_n/dt = −I_n + (kI − rI·I_n)·Si(c3·E_n − c4·I_n + Q + wBetween·⟨E⟩_B)
//     dξ_n = −ξ_n/τξ dt + σξ·√(2/τξ) dW_n                   (independent per node; stationary SD σξ)
//
// ⟨E⟩_{A∖n}: mean E of the other nodes of the node's own network (within-network excitation); ⟨E⟩_B: mean E of the
// other network, driving this network's inhibitory population, so each network's activity suppresses the other's
// (competition). u(t) is the task signal: a block design starting with rest, u = 0 for the first half of every
// blockPeriodS and 1 for the second half. The task adds d_exec = taskDrive to the executive nodes' E input and
// d_DMN = −taskDeactivation to the default-mode nodes' (0 by default: the default-mode network is switched off by
// the competition alone; set taskDeactivation > 0 to model a direct deactivation too). ξ_n is slow input noise
// (an Ornstein–Uhlenbeck process, τξ of seconds: the spontaneous fluctuations that resting-state fMRI sees),
// advanced by Euler–Maruyama with step dtMs from one seeded neuroai::Random (the neural stream). Within a step ξ and
// u are held fixed and (E, I) of all nodes advance together by classical RK4: an isolated node at P = 2.5 is a
// weakly damped focus (eigenvalues ≈ −0.013 ± 0.29i per ms), where forward Euler would need dt < 0.32 ms to stay
// stable, while RK4 at 1 ms is stable and accurate to ~(|λ|·dt)^4/120 per step.
//
// Measurement: the activity of a node is its E, averaged over bins of sampleMs; BOLD_n = HRF ∗ E_n (Haemodynamics,
// SPM's canonical HRF) + globalAmplitude·g(t), sampled every trS. g is a shared "global" fluctuation (physiology,
// motion: common to every node and added to the measured signal, not to the neurons): an OU process with unit SD
// and time constant globalTauS, drawn from a second Random seeded from `seed` (so changing its amplitude leaves
// the neural run untouched). The run starts warmupS before t = 0 with the task off; the warm-up settles the nodes
// and gives the HRF its history, and is not part of the output.
//
// Defaults (chosen, not taken from a paper: without noise the network sits at a stable fixed point both at rest,
// every E = 0.190, and in a task block, executive E = 0.482 and default-mode E = 0.024, so that the fluctuations
// are noise-driven and the task response is large): node = WilsonCowan's 1972 set with P = 2.5 (an isolated node
// is then a stable focus above its Hopf point); wWithin =
// 2, wBetween = 6, taskDrive = 1; σξ = 0.3 with τξ = 2 s; blocks of 20 s rest + 20 s task; 240 s; dt 1 ms; bins
// of 100 ms; TR 2 s; no global signal (see withGlobalSignal()).
//
// What tests/engine/tst_twonetworks.cpp asserts (numbers there): the switch (executive activity higher in task
// than in rest blocks, default-mode lower, by stated margins); BOLD lagging neural activity by ≈ the HRF's delay;
// within-network BOLD correlations above between-network ones; the same run for the same seed; and with
// withGlobalSignal(), between-network BOLD correlations that are positive in the raw signal while the networks are
// anticorrelated underneath (without the global term, and after regressing out the mean signal).

struct TwoNetworkSettings {
    int nodesPerNetwork = 4;
    WilsonCowanParams node = defaultNode();  // P: the baseline drive of every node
    double wWithin = 2;           // E → E of the other nodes of the same network (on their mean)
    double wBetween = 6;          // E of one network → I of the other (on the mean E of that network)
    double taskDrive = 1.0;       // added to the executive nodes' E input during task blocks
    double taskDeactivation = 0;  // removed from the default-mode nodes' E input during task blocks
    double blockPeriodS = 40;     // one rest block followed by one task block of equal length
    double noiseSigma = 0.3;      // σξ, SD of each node's input noise
    double noiseTauS = 2;         // τξ, s
    double globalAmplitude = 0;   // of the shared fluctuation added to every node's BOLD (activity units)
    double globalTauS = 10;       // its time constant, s
    double durationS = 240;
    double warmupS = 30;
    double dtMs = 1;              // RK4 step of the node equations, ms
    double sampleMs = 100;        // activity bins (and the fine BOLD series' step)
    double trS = 2;
    std::uint64_t seed = 1;
    HrfParams hrf;

    static WilsonCowanParams defaultNode();
    // The default run at rest (taskDrive = 0) with a strong global fluctuation: globalAmplitude = 0.05, globalTauS
    // = 10 s, about twice the SD of a node's own BOLD (≈ 0.025). The raw between-network BOLD correlation is then
    // positive (+0.52 for seed 1; +0.52 … +0.66 over seeds 1–5) while the networks are anticorrelated underneath
    // (−0.79 without the global term); regressing the mean signal out of every node brings the anticorrelation back
    // (−0.82; −0.72 … −0.82 over seeds 1–5).
    static TwoNetworkSettings withGlobalSignal();

    // Throws std::invalid_argument naming the field and its value ("TwoNetworks: dtMs = 0 must be ...").
    void validate() const;
    int nodes() const { return 2 * nodesPerNetwork; }
    bool taskOn(double tS) const;  // u(t)
};

// Mean activity (E) of each network over the rest and the task samples of the run.
struct BlockAverages {
    double dmnRest = 0, dmnTask = 0, execRest = 0, execTask = 0;
    int restSamples = 0, taskSamples = 0;
};

struct TwoNetworkResult {
    // Nodes 0 … n−1 form the default-mode network, n … 2n−1 the executive one.
    int nodesPerNetwork = 0;
    double sampleS = 0;                         // spacing of the fine series
    std::vector<double> tS;                     // bin starts, s (from 0)
    std::vector<std::vector<double>> activity;  // [node][bin]: E averaged over the bin
    std::vector<double> task;                   // u at the bin starts (0 or 1)
    std::vector<std::vector<double>> boldFine;  // [node][bin]: HRF ∗ E (no global term) on the fine grid
    double trS = 0;
    std::vector<double> tBoldS;                 // j·TR
    std::vector<std::vector<double>> bold;      // [node][TR]: measured, with the global fluctuation
    std::vector<std::vector<double>> boldNeural;  // [node][TR]: the same without the global fluctuation
    std::vector<double> global;                 // globalAmplitude·g at the TRs
    std::vector<double> taskAtTr;               // u at the TRs
    BlockAverages averages;
    bool diverged = false;   // a node's state became NaN/Inf (the run stops; message in `error`)
    bool cancelled = false;  // the progress callback returned false (output empty)
    std::string error;

    bool isDmn(int node) const { return node < nodesPerNetwork; }
};

class TwoNetworks {
public:
    // Throws std::invalid_argument for bad settings.
    explicit TwoNetworks(const TwoNetworkSettings& settings = {});
    const TwoNetworkSettings& settings() const { return m_s; }

    // One run. `progress`, if given, is called with the fraction done every 4096 steps (a few ms) and with 1 at the
    // end; returning false cancels (the result is then empty and flagged `cancelled`).
    TwoNetworkResult run(const std::function<bool(double fraction)>& progress = {}) const;

private:
    TwoNetworkSettings m_s;
};

}  // namespace neuroai::networks
