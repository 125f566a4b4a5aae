#!/usr/bin/python3
"""NEURON's fixed-step cost per soma-step, the reference figure for `neuroai-sim bench hh`.

How to run (Debian's NEURON):  /usr/bin/python3 tests/data/hh_neuron/bench_neuron.py [cells] [tstop_ms]
Builds `cells` (default 1000) independent single-compartment somas (nseg 1, area 100 um^2, `insert hh`, NEURON's
defaults otherwise: usetable_hh = 1, secondorder = 0, celsius 6.3), each with an IClamp whose density is spread over
0-20 uA/cm^2 as in the engine's hh/4000 case, and times h.continuerun(tstop) (default 1000 ms) at dt 0.025 ms with
the fixed-step method, one thread. Prints the wall time and ns per soma-step (the best of three runs).
"""

import math
import sys
import time

from neuron import h

h.load_file("stdrun.hoc")


def main():
    cells = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tstop = float(sys.argv[2]) if len(sys.argv) > 2 else 1000.0
    somas, clamps = [], []
    for i in range(cells):
        s = h.Section(name=f"soma{i}")
        s.nseg = 1
        s.L = s.diam = math.sqrt(100.0 / math.pi)
        s.insert("hh")
        c = h.IClamp(s(0.5))
        c.delay = 0
        c.dur = 1e9
        c.amp = 20.0 * i / max(cells - 1, 1) * s(0.5).area() * 1e-5  # uA/cm^2 -> nA
        somas.append(s)
        clamps.append(c)
    h.cvode_active(0)
    h.dt = 0.025
    h.steps_per_ms = 40
    h.tstop = tstop
    best = float("inf")
    for _ in range(3):
        h.finitialize(-65)
        start = time.perf_counter()
        h.continuerun(tstop)
        best = min(best, time.perf_counter() - start)
    steps = round(tstop / h.dt)
    print(f"{h.nrnversion()}\n{cells} hh somas, dt 0.025 ms, {tstop:g} ms: best {best:.3f} s, "
          f"{best * 1e9 / (cells * steps):.1f} ns per soma-step")


if __name__ == "__main__":
    main()
