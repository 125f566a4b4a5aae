#!/usr/bin/python3
"""Reference data for tests/engine/tst_hh.cpp from NEURON's built-in `hh` mechanism.

How to run (Debian's NEURON, never the pyenv python):
    cd tests/data/hh_neuron && /usr/bin/python3 make_reference.py [--check-convergence]
It rewrites reference.json and golden_trace.csv in this folder (about 2 minutes on one core). Generated with
NEURON 8.2.2 (Debian 12 package `python3-neuron`).

Cell: one compartment, nseg 1, L = diam = sqrt(100/pi) um so that the membrane area (pi*diam*L, no end caps) is
100 um^2; `insert hh`, cm 1 uF/cm^2, celsius 6.3, usetable_hh = 0 so that the rates are computed exactly at every
step instead of being read from NEURON's 200-point table. Initialisation: finitialize(-65) (gates at their steady
state at -65 mV). Integration: fixed step, secondorder = 2 (Crank-Nicolson with second-order gate updates), h.dt =
0.001 ms; --check-convergence compares it with implicit Euler (secondorder = 0) at 0.001 and 0.0005 ms and with
secondorder = 2 at 0.0025 ms, to show the reference has converged.

Input: an IClamp at the centre; a current density I (uA/cm^2) is delivered as amp = I * area * 1e-5 nA
(1 uA/cm^2 * 1 um^2 = 1e-5 nA). NEURON evaluates the clamp at the step midpoint, which for a step whose onset lies on
the time grid equals the step-mean input the engine uses.

Spike: an upward crossing of 0 mV, its time linearly interpolated between the two samples around the crossing.

Protocols (all times in ms):
  rest          no input, V at t = 500.
  step          I switched on at t = 100 and kept on for 1000 ms; spikes counted for 100 <= t < 1100.
  rheobase      smallest I giving >= 1 spike in the step, bisection until (hi - lo)/hi < 1e-4.
  tonic onset   smallest I at which the cell still fires in the last 100 ms of the step (1000 <= t < 1100), same
                bisection. Just below it the cell fires a finite train that dies out (the longer the closer to the
                onset); the rate at the onset is that of the train over the whole step.
  f-I           rate = 1000 * (n - 1) / (t_last - t_first) over the spikes in the step (1000 / mean ISI), Hz;
                also the spike count n.
  first spike   peak of V over the first spike after the onset and its time after the onset (sample maximum at
                dt 0.001 ms); after-hyperpolarisation = minimum of V between the first and second spikes.
  golden trace  constant I = 10 uA/cm^2 from t = 0 (IClamp del 0), V every 0.1 ms for 0..50 ms.
"""

import json
import math
import sys

from neuron import h

h.load_file("stdrun.hoc")

ONSET = 100.0
DURATION = 1000.0


class Cell:
    def __init__(self):
        self.soma = h.Section(name="soma")
        self.soma.nseg = 1
        self.soma.L = self.soma.diam = math.sqrt(100.0 / math.pi)
        self.soma.cm = 1.0
        self.soma.insert("hh")
        self.area = self.soma(0.5).area()  # um^2
        self.clamp = h.IClamp(self.soma(0.5))
        self.v = h.Vector()
        self.t = h.Vector()
        self.v.record(self.soma(0.5)._ref_v)
        self.t.record(h._ref_t)

    def run(self, density, onset, duration, tstop):
        self.clamp.amp = density * self.area * 1e-5
        self.clamp.delay = onset
        self.clamp.dur = duration
        h.finitialize(-65.0)
        h.continuerun(tstop)
        return list(self.t), list(self.v)


def crossings(t, v, t0=-1e300, t1=1e300):
    out = []
    for k in range(1, len(v)):
        if v[k - 1] < 0.0 <= v[k]:
            tc = t[k - 1] + (t[k] - t[k - 1]) * (0.0 - v[k - 1]) / (v[k] - v[k - 1])
            if t0 <= tc < t1:
                out.append(tc)
    return out


def step_spikes(cell, density):
    t, v = cell.run(density, ONSET, DURATION, ONSET + DURATION)
    return t, v, crossings(t, v, ONSET, ONSET + DURATION)


def fires(cell, density, tonic):
    """At least one spike in the step, or (tonic) at least one in its last 100 ms."""
    spikes = step_spikes(cell, density)[2]
    return bool(spikes) and (not tonic or spikes[-1] >= ONSET + DURATION - 100.0)


def bisect(cell, lo, hi, tonic):
    assert not fires(cell, lo, tonic) and fires(cell, hi, tonic)
    while (hi - lo) / hi >= 1e-4:
        mid = 0.5 * (lo + hi)
        if fires(cell, mid, tonic):
            hi = mid
        else:
            lo = mid
    return lo, hi


def first_spike(cell, density):
    t, v, spikes = step_spikes(cell, density)
    # The spike's peak lies within 3 ms of its upward crossing; the AHP between the first and second crossings.
    k0 = next(k for k in range(len(t)) if t[k] >= spikes[0])
    k1 = next(k for k in range(len(t)) if t[k] >= spikes[0] + 3.0)
    kp = max(range(k0, k1), key=lambda k: v[k])
    k2 = next(k for k in range(len(t)) if t[k] >= spikes[1])
    ka = min(range(kp, k2), key=lambda k: v[k])
    return {"current": density, "peak_mv": v[kp], "peak_time_ms": t[kp] - ONSET, "ahp_mv": v[ka],
            "first_crossing_ms": spikes[0] - ONSET}


def fi_point(cell, density):
    spikes = step_spikes(cell, density)[2]
    n = len(spikes)
    rate = 1000.0 * (n - 1) / (spikes[-1] - spikes[0]) if n >= 2 else 0.0
    return {"current": density, "rate_hz": rate, "count": n}


def configure(dt, secondorder):
    h.dt = dt
    h.steps_per_ms = 1.0 / dt
    h.secondorder = secondorder
    h.celsius = 6.3
    h.usetable_hh = 0
    h.cvode_active(0)


def main():
    cell = Cell()
    if "--check-convergence" in sys.argv:
        for dt, so in ((0.001, 0), (0.0005, 0), (0.0025, 2), (0.001, 2)):
            configure(dt, so)
            print(f"dt {dt} secondorder {so}: rest {cell.run(0, 0, 0, 500)[1][-1]:.6f}",
                  fi_point(cell, 10.0), fi_point(cell, 60.0), first_spike(cell, 20.0))
        return
    configure(0.001, 2)
    data = {
        "generator": "tests/data/hh_neuron/make_reference.py",
        "neuron_version": h.nrnversion(),
        "area_um2": cell.area,
        "dt_ms": h.dt,
        "secondorder": int(h.secondorder),
        "celsius": h.celsius,
        "step_onset_ms": ONSET,
        "step_duration_ms": DURATION,
    }
    data["rest_mv"] = cell.run(0.0, 0.0, 0.0, 500.0)[1][-1]
    lo, hi = bisect(cell, 1.0, 4.0, False)
    data["rheobase"] = {"lo": lo, "hi": hi}
    lo, hi = bisect(cell, 4.0, 10.0, True)
    data["tonic_onset"] = {"lo": lo, "hi": hi, "rate_hz_at_hi": fi_point(cell, hi)["rate_hz"],
                           "count_at_lo": fi_point(cell, lo)["count"]}
    data["first_spike"] = [first_spike(cell, i) for i in (10.0, 20.0, 40.0)]
    data["fi"] = [fi_point(cell, float(i)) for i in range(10, 61, 5)]
    with open("reference.json", "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    t, v = cell.run(10.0, 0.0, 1e9, 50.0)
    with open("golden_trace.csv", "w") as f:
        f.write("t_ms,v_mv\n")
        for k in range(0, len(t), 100):
            f.write(f"{t[k]:.4f},{v[k]:.9g}\n")
    print(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
