#!/usr/bin/python3
"""Golden traces for tst_cobahh: three COBAHH cells (the example's equations and parameters) with fixed
initial states and fixed synapses, no randomness, run 100 ms in Brian2's runtime mode (numpy, float64)
with exponential Euler at dt 0.1 ms, threshold v > -20 mV and a 3 ms refractory period.

  cell 0 starts depolarised with a large ge and fires first; 0 -> 1 and 0 -> 2 are excitatory (40 nS),
  1 -> 2 is inhibitory (67 nS), 2 -> 0 and 1 -> 0 excitatory (60 nS), so activity goes round a few times.

Writes, beside this script:
  cobahh_golden_v.csv       step, v0, v1, v2 (mV) at t = step * dt, before that step's update (StateMonitor)
  cobahh_golden_spikes.csv  step, cell of every spike (the step in which v crossed the threshold)
Usage: /usr/bin/python3 cobahh_golden.py
"""
import os

import numpy as np
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, StateMonitor, Equations, defaultclock, prefs, run,
                    ms, mV, nS, umetre, ufarad, cm, siemens, msiemens)

prefs.codegen.target = 'numpy'
defaultclock.dt = 0.1 * ms

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

P = NeuronGroup(3, model=eqs, threshold='v>-20*mV', refractory=3 * ms, method='exponential_euler')
P.v = [-55, -62, -65] * mV
P.ge = [300, 10, 0] * nS
P.gi = [0, 0, 20] * nS
# m = h = n = 0, Brian2's default, as in the example.
E = Synapses(P, P, 'w : siemens', on_pre='ge += w')
E.connect(i=[0, 0, 2, 1], j=[1, 2, 0, 0])
E.w = [40, 40, 60, 60] * nS
I = Synapses(P, P, 'w : siemens', on_pre='gi += w')
I.connect(i=[1], j=[2])
I.w = 67 * nS

trace = StateMonitor(P, 'v', record=True)
spikes = SpikeMonitor(P)
run(100 * ms)

here = os.path.dirname(os.path.abspath(__file__))
steps = np.rint(trace.t / defaultclock.dt).astype(int)
with open(os.path.join(here, 'cobahh_golden_v.csv'), 'w') as f:
    f.write('# Brian2 %s runtime (numpy), cobahh_golden.py: step,v0_mV,v1_mV,v2_mV\n' % __import__('brian2').__version__)
    for k, s in enumerate(steps):
        f.write('%d,%.9g,%.9g,%.9g\n' % (s, trace.v[0][k] / mV, trace.v[1][k] / mV, trace.v[2][k] / mV))
with open(os.path.join(here, 'cobahh_golden_spikes.csv'), 'w') as f:
    f.write('# Brian2 runtime (numpy), cobahh_golden.py: step,cell\n')
    for t, i in sorted(zip(np.rint(spikes.t / defaultclock.dt).astype(int), spikes.i)):
        f.write('%d,%d\n' % (t, i))
print('%d spikes: %s' % (spikes.num_spikes, sorted(zip(np.rint(spikes.t / defaultclock.dt).astype(int), spikes.i))))
