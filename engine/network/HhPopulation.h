#pragma once

namespace neuroai::network {

// Parameters of a population of Hodgkin–Huxley cells with Traub & Miles (1991) kinetics and exponentially decaying
// synaptic conductances, benchmark 3 of Brette et al. (2007) as Brian2's COBAHH example writes it. Units: mV, ms, nS
// and pF (so nS · mV = pA and pA / pF = mV/ms). The defaults are the benchmark's: a 20 000 µm² patch with 1 µF/cm²
// (200 pF), leak 5e-5 S/cm² (10 nS), g_Na 100 mS/cm² (20 µS), g_K 30 mS/cm² (6 µS).
//   C dv/dt = gL (EL − v) + ge (Ee − v) + gi (Ei − v) − gNa m³ h (v − ENa) − gK n⁴ (v − EK)
//   dx/dt = αx(v) (1 − x) − βx(v) x  for x = m, h, n, with u = v − VT (mV) and rates in 1/ms:
//     αm = 0.32 (13 − u) / (e^{(13 − u)/4} − 1)    βm = 0.28 (u − 40) / (e^{(u − 40)/5} − 1)
//     αh = 0.128 e^{(17 − u)/18}                     βh = 4 / (1 + e^{(40 − u)/5})
//     αn = 0.032 (15 − u) / (e^{(15 − u)/5} − 1)   βn = 0.5 e^{(10 − u)/40}
//   τe dge/dt = −ge,  τi dgi/dt = −gi   (a spike through a synapse adds its weight, in nS, to ge or gi)
// A cell spikes when v > vThreshold and at least tRef has passed since its last spike (Brian2's refractory rule with
// a time: there is no reset, v goes on integrating through the spike and the refractory period).
struct HhParameters {
    double capacitance = 200.0;  // pF
    double gLeak = 10.0;         // nS
    double gNa = 20000.0;        // nS
    double gK = 6000.0;          // nS
    double eLeak = -60.0;
    double eNa = 50.0;
    double eK = -90.0;
    double vT = -63.0;  // shifts the rate curves
    double eExc = 0.0;
    double eInh = -80.0;
    double tauE = 5.0;
    double tauI = 10.0;
    double vThreshold = -20.0;
    double tRef = 3.0;
};

}  // namespace neuroai::network
