#!/usr/bin/env python3
"""Vogels & Abbott (2005) CUBA network as in Brian2's example, in Brian2's C++ standalone mode on one thread.

The reference `neuroai-sim bench cuba` is timed against (tests/data/brian2/README.md). Same model and numbers as
NeuroAI Explorer's engine/network/Cuba.cpp: N LIF cells, 80 % excitatory, every ordered pair connected with
probability K/N (self-connections allowed, no delay), we = 60*0.27/10 mV, wi = -20*4.5/10 mV, tau_m 20, tau_e 5,
tau_i 10 ms, El -49, threshold -50, reset -60 mV, refractory 5 ms, v uniform in [reset, threshold), dt 0.1 ms.

    /usr/bin/python3 cuba_brian2.py [--neurons 4000] [--synapses-per-neuron 80] [--seed 1] [--duration 1000]
                                    [--build-dir DIR]

Prints one line of JSON: neurons, synapses, seed, duration_ms, loop_s (Brian2's own timing of the simulation loop,
device._last_run_time, without code generation, compilation and network construction), spikes, mean_rate_hz.
"""
import argparse
import json
import os
import tempfile

from brian2 import *

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument('--neurons', type=int, default=4000)
parser.add_argument('--synapses-per-neuron', type=float, default=80.0)
parser.add_argument('--seed', type=int, default=1)
parser.add_argument('--duration', type=float, default=1000.0, help='simulated time in ms')
parser.add_argument('--build-dir', default=None, help='where Brian2 writes the C++ project (default: a temp dir)')
args = parser.parse_args()

N = args.neurons
build_dir = args.build_dir or tempfile.mkdtemp(prefix='cuba_standalone_')
set_device('cpp_standalone', directory=build_dir)
prefs.devices.cpp_standalone.openmp_threads = 0  # one thread, as neuroai-sim bench cuba
seed(args.seed)
defaultclock.dt = 0.1*ms

# Model (Brian2's CUBA example)
taum = 20*ms
taue = 5*ms
taui = 10*ms
Vt = -50*mV
Vr = -60*mV
El = -49*mV
eqs = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
P = NeuronGroup(N, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='exact')
P.v = 'Vr + rand() * (Vt - Vr)'
P.ge = 0*mV
P.gi = 0*mV

# Connectivity: probability K/N for every ordered pair, the first 80 % of the cells excitatory
we = (60*0.27/10)*mV
wi = (-20*4.5/10)*mV
p = args.synapses_per_neuron / N
Ne = int(0.8 * N)
Ce = Synapses(P, P, on_pre='ge += we')
Ci = Synapses(P, P, on_pre='gi += wi')
Ce.connect('i<Ne', p=p)
Ci.connect('i>=Ne', p=p)

s_mon = SpikeMonitor(P, record=False)  # spike count only
run(args.duration*ms)

seconds = args.duration / 1000.0
print(json.dumps({'simulator': 'brian2 ' + str(__import__('brian2').__version__) + ' cpp_standalone, 1 thread',
                  'neurons': N, 'synapses': int(len(Ce) + len(Ci)), 'seed': args.seed,
                  'duration_ms': args.duration, 'loop_s': float(device._last_run_time),
                  'spikes': int(s_mon.num_spikes), 'mean_rate_hz': int(s_mon.num_spikes) / (N * seconds)}))
