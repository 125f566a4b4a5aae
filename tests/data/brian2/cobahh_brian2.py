#!/usr/bin/python3
"""Brette et al. (2007) benchmark 3 (COBAHH) in Brian2's C++ standalone mode: the reference that
`neuroai-sim bench cobahh` is timed against (see README.md beside this file, section COBAHH).

The model is Brian2's examples/COBAHH.py (same parameters, equations, connectivity, initial values,
threshold and 3 ms refractory period, exponential Euler, dt 0.1 ms, 1 s), with two changes for timing:
no StateMonitor, and a SpikeMonitor with record=False (it only counts spikes per cell).

The project is generated and compiled once (Brian2's default flags: -O3 -ffast-math -march=native),
then its binary is run --runs times. Each run prints one JSON line:
  wall_s          Brian2's own timing of its simulation loop (Network::run in the generated code),
                  read from results/last_run_info.txt. With no OpenMP (openmp_threads 0, the default
                  here) Brian2 measures it with std::clock(), i.e. processor time of the process; with
                  --openmp-threads 1 it uses omp_get_wtime(), i.e. wall-clock time.
  process_wall_s  wall-clock time of the whole binary (loading, building synapses, the loop, writing
                  results), measured here around device.run().
  spikes, mean_rate_hz, neurons, synapses, seed.

Usage: /usr/bin/python3 cobahh_brian2.py [--seed N] [--runs R] [--neurons N] [--openmp-threads T]
                                         [--directory DIR]
"""
import argparse
import json
import os
import tempfile
import time

import brian2
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Equations, defaultclock, device, prefs,
                    run, seed, set_device, ms, mV, nS, umetre, ufarad, cm, siemens, msiemens, second)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--runs', type=int, default=1)
    parser.add_argument('--neurons', type=int, default=4000)
    parser.add_argument('--openmp-threads', type=int, default=0)
    parser.add_argument('--directory', default=None)
    args = parser.parse_args()
    directory = args.directory or tempfile.mkdtemp(prefix='cobahh_brian2_')

    set_device('cpp_standalone', directory=directory, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = args.openmp_threads
    defaultclock.dt = 0.1 * ms
    seed(args.seed)

    area = 20000 * umetre ** 2
    Cm = (1 * ufarad * cm ** -2) * area
    gl = (5e-5 * siemens * cm ** -2) * area
    El = -60 * mV
    EK = -90 * mV
    ENa = 50 * mV
    g_na = (100 * msiemens * cm ** -2) * area
    g_kd = (30 * msiemens * cm ** -2) * area
    VT = -63 * mV
    taue = 5 * ms
    taui = 10 * ms
    Ee = 0 * mV
    Ei = -80 * mV
    we = 6 * nS
    wi = 67 * nS
    eqs = Equations('''
    dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
             g_na*(m*m*m)*h*(v-ENa)-
             g_kd*(n*n*n*n)*(v-EK))/Cm : volt
    dm/dt = alpha_m*(1-m)-beta_m*m : 1
    dn/dt = alpha_n*(1-n)-beta_n*n : 1
    dh/dt = alpha_h*(1-h)-beta_h*h : 1
    dge/dt = -ge*(1./taue) : siemens
    dgi/dt = -gi*(1./taui) : siemens
    alpha_m = 0.32*(mV**-1)*(13*mV-v+VT)/
             (exp((13*mV-v+VT)/(4*mV))-1.)/ms : Hz
    beta_m = 0.28*(mV**-1)*(v-VT-40*mV)/
            (exp((v-VT-40*mV)/(5*mV))-1)/ms : Hz
    alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
    beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
    alpha_n = 0.032*(mV**-1)*(15*mV-v+VT)/
             (exp((15*mV-v+VT)/(5*mV))-1.)/ms : Hz
    beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
    ''')
    N = args.neurons
    NE = int(N * 0.8)
    P = NeuronGroup(N, model=eqs, threshold='v>-20*mV', refractory=3 * ms, method='exponential_euler')
    Pe = P[:NE]
    Pi = P[NE:]
    Ce = Synapses(Pe, P, on_pre='ge+=we')
    Ci = Synapses(Pi, P, on_pre='gi+=wi')
    p = 80.0 / N  # 0.02 at 4000 cells, as in the example
    Ce.connect(p=p)
    Ci.connect(p=p)
    P.v = 'El + (randn() * 5 - 5)*mV'
    P.ge = '(randn() * 1.5 + 4) * 10.*nS'
    P.gi = '(randn() * 12 + 20) * 10.*nS'
    spikes = SpikeMonitor(P, record=False)
    duration = 1 * second
    run(duration)
    device.build(directory=directory, compile=True, run=False)
    for _ in range(args.runs):
        t0 = time.perf_counter()
        device.run(directory, with_output=False, run_args=[])
        process_wall = time.perf_counter() - t0
        count = int(spikes.num_spikes)
        print(json.dumps({
            'simulator': 'brian2 %s cpp_standalone' % brian2.__version__,
            'openmp_threads': args.openmp_threads,
            'neurons': N,
            'synapses': int(len(Ce) + len(Ci)),
            'seed': args.seed,
            'wall_s': float(device._last_run_time),
            'process_wall_s': process_wall,
            'spikes': count,
            'mean_rate_hz': count / (N * float(duration / second)),
        }), flush=True)


if __name__ == '__main__':
    main()
