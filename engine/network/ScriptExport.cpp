#include "engine/network/ScriptExport.h"

#include "engine/core/Version.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace neuroai::network {

namespace {

// The shortest decimal that reads back to the same double, always with a '.' or an exponent so Python sees a float.
std::string num(double value)
{
    char buffer[64];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
    std::string text(buffer, error == std::errc() ? end : buffer);
    if (text.find_first_of(".en") == std::string::npos)
        text += ".0";
    return text;
}

std::string integer(long long value) { return std::to_string(value); }

bool isIdentifier(const std::string& name)
{
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
        return false;
    for (const char c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return false;
    return true;
}

void checkExportable(const NetworkDescription& d, const ScriptOptions& o)
{
    validate(d);
    if (!(o.durationMs > 0) || !std::isfinite(o.durationMs))
        throw std::invalid_argument("script export: duration " + std::to_string(o.durationMs) +
                                    " ms is not a positive number");
    // numpy's and PyNN's generators take 32-bit seeds.
    if (o.seed > 0xFFFF'FFFFull)
        throw std::invalid_argument("script export: seed " + std::to_string(o.seed) +
                                    " is too large; Brian2 and PyNN take seeds below 2^32 (4294967296)");
    for (const PopulationDescription& p : d.populations)
        if (!isIdentifier(p.name))
            throw std::invalid_argument("script export: population name '" + p.name +
                                        "' is not a Python identifier");
}

std::string projectionName(const NetworkDescription& d, const ProjectionDescription& p)
{
    return d.populations[std::size_t(p.from)].name + "_to_" + d.populations[std::size_t(p.to)].name;
}

std::string receptorVariable(const ProjectionDescription& p)
{
    return p.receptor == Receptor::Excitatory ? "ge" : "gi";
}

// How many synapses each cell of `to` receives from `from` on average, for the comments.
std::string expectedInputs(const NetworkDescription& d, const ProjectionDescription& p)
{
    const double inputs = p.probability * double(d.populations[std::size_t(p.from)].size);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", inputs);
    return buffer;
}

std::string heading(const NetworkDescription& d, const ScriptOptions& o, const char* simulator)
{
    std::string s = "#!/usr/bin/env python3\n";
    s += "# " + d.title + ", for " + simulator + ".\n";
    s += "# Exported by " + std::string(kApplicationName) + " " + kVersion;
    s += o.commandLine.empty() ? std::string(".\n") : ": " + o.commandLine + "\n";
    s += "#\n"
         "# The same network as NeuroAI Explorer's (neuroai-sim run " + d.id + "): the same equations, parameters,\n"
         "# connection probabilities, initial condition and time step, every number below copied from its engine.\n"
         "# The random numbers come from another generator, so the individual spikes differ; statistics such as the\n"
         "# mean rate agree within their spread from seed to seed.\n"
         "#\n"
         "# Output: one line of JSON (sizes, spikes and rate per population, mean rate), then, last,\n"
         "# 'mean_rate_hz <value>'.\n";
    return s;
}

std::string brian2Script(const NetworkDescription& d, const ScriptOptions& o)
{
    const LifParameters& c = d.cell;
    std::string s = heading(d, o, "Brian2 (2.5 or newer)");
    s += "\nimport json\nimport time\n\nfrom brian2 import *\n\n";
    s += "# ---- Code generation: the ONE line to change ---------------------------------------------------------\n"
         "# 'numpy' needs no compiler; 'cython' compiles the model at run time; 'cpp_standalone' writes and builds a\n"
         "# C++ program (the fastest for large or long runs; Brian2CUDA and Brian2GeNN are devices used the same way).\n"
         "TARGET = 'numpy'\n"
         "# ----------------------------------------------------------------------------------------------------\n"
         "if TARGET == 'cpp_standalone':\n"
         "    set_device('cpp_standalone', build_on_run=True)\n"
         "else:\n"
         "    prefs.codegen.target = TARGET\n\n";
    s += "# ---- Simulation --------------------------------------------------------------------------------------\n";
    s += "seed(" + integer(static_cast<long long>(o.seed)) + ")  # Brian2's random numbers: connectivity and initial v\n";
    s += "defaultclock.dt = " + num(d.dtMs) + "*ms\n";
    s += "duration = " + num(o.durationMs) + "*ms\n\n";
    s += "# ---- Cell: leaky integrate-and-fire with current-based exponential synapses ----------------------------\n"
         "# ge and gi are the synaptic inputs expressed in mV (a current times the membrane resistance).\n";
    s += "tau_m = " + num(c.tauM) + "*ms        # membrane time constant\n";
    s += "tau_e = " + num(c.tauE) + "*ms         # decay of the excitatory input ge\n";
    s += "tau_i = " + num(c.tauI) + "*ms        # decay of the inhibitory input gi\n";
    s += "v_rest = " + num(c.vRest) + "*mV      # leak reversal potential\n";
    s += "v_threshold = " + num(c.vThreshold) + "*mV # a cell spikes when v > v_threshold\n";
    s += "v_reset = " + num(c.vReset) + "*mV     # v after a spike, held there for t_ref\n";
    s += "t_ref = " + num(c.tRef) + "*ms         # refractory period (ge and gi go on decaying)\n";
    s += "v_init_low = " + num(d.initialVLowMv) + "*mV  # v starts uniform in [v_init_low, v_init_high)\n";
    s += "v_init_high = " + num(d.initialVHighMv) + "*mV\n\n";
    s += "eqs = '''\n"
         "dv/dt = (ge + gi - (v - v_rest)) / tau_m : volt (unless refractory)\n"
         "dge/dt = -ge / tau_e : volt\n"
         "dgi/dt = -gi / tau_i : volt\n"
         "'''\n\n";
    s += "# ---- Connectivity: every ordered pair independently with probability p (self-connections allowed) --------\n";
    s += "# (" + num(d.synapsesPerNeuron) + " synapses per neuron on average among " + integer(d.totalNeurons()) +
         " neurons)\n";
    for (const ProjectionDescription& p : d.projections) {
        const std::string name = projectionName(d, p);
        s += "p_" + name + " = " + num(p.probability) + "  # " + expectedInputs(d, p) + " inputs per target cell\n";
        s += "w_" + name + " = " + num(p.weightMv) + "*mV  # each spike adds this to the target's " +
             receptorVariable(p) + "\n";
        if (p.delayMs > 0)
            s += "delay_" + name + " = " + num(p.delayMs) + "*ms\n";
    }
    s += "\n# ---- Populations ---------------------------------------------------------------------------------------\n";
    s += "# Each step Brian2 integrates the equations exactly over dt, finds the cells above threshold, delivers their\n"
         "# spikes (with no delay they act from the next step on) and resets them, the order NeuroAI Explorer uses.\n";
    for (const PopulationDescription& p : d.populations)
        s += "pop_" + p.name + " = NeuronGroup(" + integer(p.size) +
             ", eqs, threshold='v > v_threshold', reset='v = v_reset', refractory=t_ref,\n"
             "                    method='exact', name='" + p.name + "')\n";
    s += "populations = [";
    for (std::size_t k = 0; k < d.populations.size(); ++k)
        s += (k ? ", pop_" : "pop_") + d.populations[k].name;
    s += "]\nfor group in populations:\n"
         "    group.v = 'v_init_low + rand() * (v_init_high - v_init_low)'\n"
         "    group.ge = 0*mV\n"
         "    group.gi = 0*mV\n\n";
    s += "# ---- Projections ---------------------------------------------------------------------------------------\n";
    for (const ProjectionDescription& p : d.projections) {
        const std::string name = projectionName(d, p);
        const std::string& from = d.populations[std::size_t(p.from)].name;
        const std::string& to = d.populations[std::size_t(p.to)].name;
        s += name + " = Synapses(pop_" + from + ", pop_" + to + ", on_pre='" + receptorVariable(p) + "_post += w_" +
             name + "', name='" + name + "')\n";
        s += name + ".connect(p=p_" + name + ")\n";
        if (p.delayMs > 0)
            s += name + ".delay = delay_" + name + "\n";
    }
    s += "projections = [";
    for (std::size_t k = 0; k < d.projections.size(); ++k)
        s += (k ? ", " : "") + projectionName(d, d.projections[k]);
    s += "]\n\n";
    s += "# ---- Run and report ------------------------------------------------------------------------------------\n"
         "monitors = [SpikeMonitor(group, record=False) for group in populations]  # spike counts only\n"
         "# An explicit Network: Brian2's implicit one would miss the monitors made inside the list above.\n"
         "network = Network(populations, projections, monitors)\n"
         "start = time.time()\n"
         "network.run(duration)\n"
         "wall_s = time.time() - start  # with cpp_standalone this includes writing and compiling the program\n"
         "seconds = float(duration / second)\n"
         "result = {'simulator': 'brian2', 'target': TARGET, 'network': '" + d.id + "',\n"
         "          'neurons': sum(len(g) for g in populations),\n"
         "          'synapses': sum(len(p) for p in projections), 'duration_ms': float(duration / ms),\n"
         "          'wall_s': wall_s, 'populations': {}}\n"
         "if TARGET == 'cpp_standalone':\n"
         "    result['loop_s'] = device._last_run_time  # the simulation loop alone\n"
         "total = 0\n"
         "for group, monitor in zip(populations, monitors):\n"
         "    count = int(monitor.num_spikes)\n"
         "    total += count\n"
         "    result['populations'][group.name] = {'neurons': len(group), 'spikes': count,\n"
         "                                         'rate_hz': count / (len(group) * seconds)}\n"
         "result['spikes'] = total\n"
         "result['mean_rate_hz'] = total / (result['neurons'] * seconds)\n"
         "print(json.dumps(result))\n"
         "print('mean_rate_hz %.6g' % result['mean_rate_hz'])\n";
    return s;
}

std::string pynnScript(const NetworkDescription& d, const ScriptOptions& o)
{
    const LifParameters& c = d.cell;
    std::string s = heading(d, o, "PyNN (0.10 or newer)");
    s += "\n# ---- Simulator back-end: the ONE line to change -------------------------------------------------------\n"
         "import pyNN.brian2 as sim  # or: import pyNN.nest as sim / import pyNN.neuron as sim\n"
         "# ----------------------------------------------------------------------------------------------------\n"
         "import json\nimport time\n\nfrom pyNN.random import NumpyRNG, RandomDistribution\n\n";
    s += "# ---- Simulation (PyNN's units: ms, mV, nF, nA) ----------------------------------------------------------\n";
    s += "SEED = " + integer(static_cast<long long>(o.seed)) + "  # connectivity and initial v\n";
    s += "DT_MS = " + num(d.dtMs) + "\n";
    s += "DURATION_MS = " + num(o.durationMs) + "\n\n";
    s += "# ---- Cell: leaky integrate-and-fire with current-based exponential synapses (IF_curr_exp) ---------------\n";
    s += "TAU_M_MS = " + num(c.tauM) + "       # membrane time constant\n";
    s += "TAU_SYN_E_MS = " + num(c.tauE) + "    # decay of the excitatory synaptic current\n";
    s += "TAU_SYN_I_MS = " + num(c.tauI) + "   # decay of the inhibitory synaptic current\n";
    s += "V_REST_MV = " + num(c.vRest) + "     # leak reversal potential\n";
    s += "V_THRESH_MV = " + num(c.vThreshold) + "   # a cell spikes when v > V_THRESH_MV\n";
    s += "V_RESET_MV = " + num(c.vReset) + "    # v after a spike, held there for TAU_REFRAC_MS\n";
    s += "TAU_REFRAC_MS = " + num(c.tRef) + "   # refractory period\n";
    s += "V_INIT_LOW_MV = " + num(d.initialVLowMv) + "  # v starts uniform in [V_INIT_LOW_MV, V_INIT_HIGH_MV)\n";
    s += "V_INIT_HIGH_MV = " + num(d.initialVHighMv) + "\n";
    s += "CM_NF = 1.0  # membrane capacitance: any value gives the same network, the weights are scaled by it\n\n";
    s += "# NeuroAI Explorer's cell (and Brian2's CUBA example's) is  tau_m dv/dt = (ge + gi) - (v - v_rest)  with the\n"
         "# synaptic inputs ge, gi expressed in mV. IF_curr_exp is  c_m dv/dt = c_m (v_rest - v) / tau_m + i_syn  with\n"
         "# i_syn in nA and c_m in nF. Dividing by c_m / tau_m shows they are the same equation when\n"
         "# i_syn = (ge + gi) * c_m / tau_m, and since i_syn decays with the same time constants as ge and gi, a jump of\n"
         "# w mV in ge or gi is a jump of w * c_m / tau_m nA in i_syn (mV * nF / ms = nA), exactly, at every moment.\n"
         "def weight_nA(w_mV):\n"
         "    return w_mV * CM_NF / TAU_M_MS\n\n";
    s += "# Delays: PyNN's back-ends need at least one time step (NEST and NEURON require it). Where the original has\n"
         "# none (a spike acts from the next step on, as in Brian2), the PyNN model's spikes therefore act one step,\n"
         "# DT_MS, later: a lag far shorter than the model's time constants (5 to 20 ms).\n"
         "def delay_ms(d_ms):\n"
         "    return max(d_ms, DT_MS)\n\n";
    s += "# ---- Connectivity: every ordered pair independently with probability p (self-connections allowed) --------\n";
    s += "# (" + num(d.synapsesPerNeuron) + " synapses per neuron on average among " + integer(d.totalNeurons()) +
         " neurons; weights in mV as in the original)\n";
    for (const ProjectionDescription& p : d.projections) {
        const std::string name = projectionName(d, p);
        s += "P_" + name + " = " + num(p.probability) + "  # " + expectedInputs(d, p) + " inputs per target cell\n";
        s += "W_" + name + "_MV = " + num(p.weightMv) + "  # " +
             (p.receptor == Receptor::Excitatory ? "excitatory" : "inhibitory") + "\n";
        s += "DELAY_" + name + "_MS = " + num(p.delayMs) + "\n";
    }
    s += "\n# ---- Populations ---------------------------------------------------------------------------------------\n";
    s += "sim.setup(timestep=DT_MS, min_delay=DT_MS)\n"
         "cell = sim.IF_curr_exp(cm=CM_NF, tau_m=TAU_M_MS, tau_syn_E=TAU_SYN_E_MS, tau_syn_I=TAU_SYN_I_MS,\n"
         "                       v_rest=V_REST_MV, v_thresh=V_THRESH_MV, v_reset=V_RESET_MV,\n"
         "                       tau_refrac=TAU_REFRAC_MS, i_offset=0.0)\n"
         "rng = NumpyRNG(seed=SEED)\n";
    for (const PopulationDescription& p : d.populations)
        s += "pop_" + p.name + " = sim.Population(" + integer(p.size) + ", cell, label='" + p.name + "')\n";
    s += "populations = [";
    for (std::size_t k = 0; k < d.populations.size(); ++k)
        s += (k ? ", pop_" : "pop_") + d.populations[k].name;
    s += "]\nfor population in populations:\n"
         "    population.initialize(v=RandomDistribution('uniform', low=V_INIT_LOW_MV, high=V_INIT_HIGH_MV, rng=rng))\n"
         "    population.record('spikes')\n\n";
    s += "# ---- Projections ---------------------------------------------------------------------------------------\n"
         "# (PyNN 0.10's Brian2 back-end sets each synapse's weight and delay with a search over the projection's\n"
         "# synapses, so building a large projection there takes minutes; NEST and NEURON build them quickly.)\n";
    s += "projections = []\n";
    for (const ProjectionDescription& p : d.projections) {
        const std::string name = projectionName(d, p);
        const std::string& from = d.populations[std::size_t(p.from)].name;
        const std::string& to = d.populations[std::size_t(p.to)].name;
        s += "projections.append(sim.Projection(\n"
             "    pop_" + from + ", pop_" + to + ", sim.FixedProbabilityConnector(P_" + name +
             ", allow_self_connections=True, rng=rng),\n"
             "    sim.StaticSynapse(weight=weight_nA(W_" + name + "_MV), delay=delay_ms(DELAY_" + name + "_MS)),\n"
             "    receptor_type='" + (p.receptor == Receptor::Excitatory ? "excitatory" : "inhibitory") +
             "', label='" + name + "'))\n";
    }
    s += "\n# ---- Run and report ------------------------------------------------------------------------------------\n"
         "start = time.time()\n"
         "sim.run(DURATION_MS)\n"
         "wall_s = time.time() - start\n"
         "seconds = DURATION_MS / 1000.0\n"
         "result = {'simulator': 'pyNN.' + sim.__name__.split('.')[-1], 'network': '" + d.id + "',\n"
         "          'neurons': sum(p.size for p in populations), 'synapses': sum(len(p) for p in projections),\n"
         "          'duration_ms': DURATION_MS, 'wall_s': wall_s, 'populations': {}}\n"
         "total = 0\n"
         "for population in populations:\n"
         "    count = int(sum(population.get_spike_counts().values()))\n"
         "    total += count\n"
         "    result['populations'][population.label] = {'neurons': population.size, 'spikes': count,\n"
         "                                               'rate_hz': count / (population.size * seconds)}\n"
         "result['spikes'] = total\n"
         "result['mean_rate_hz'] = total / (result['neurons'] * seconds)\n"
         "sim.end()\n"
         "print(json.dumps(result))\n"
         "print('mean_rate_hz %.6g' % result['mean_rate_hz'])\n";
    return s;
}

}  // namespace

std::optional<ScriptFormat> parseScriptFormat(std::string_view name)
{
    if (name == "brian2")
        return ScriptFormat::Brian2;
    if (name == "pynn")
        return ScriptFormat::PyNN;
    return std::nullopt;
}

std::string exportScript(const NetworkDescription& description, ScriptFormat format, const ScriptOptions& options)
{
    checkExportable(description, options);
    return format == ScriptFormat::Brian2 ? brian2Script(description, options) : pynnScript(description, options);
}

}  // namespace neuroai::network
