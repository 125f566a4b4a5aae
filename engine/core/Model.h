#pragma once

#include "engine/core/Clock.h"
#include "engine/core/Frame.h"
#include "engine/core/ParamSpec.h"
#include "engine/core/Recording.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace neuroai {

// The interface every simulated model implements. A model is single-threaded: whoever owns it (the
// SimulationRunner's engine thread, the CLI, a test, a background sweep) is the only one calling it.
//
// Life cycle: construct (parameters at their defaults, state reset with seed 1) → setParameters()/reset() any
// number of times → advance() in chunks. Parameters can change between advance() calls; the state is kept.
class Model {
public:
    virtual ~Model() = default;

    virtual std::string id() const = 0;           // registry key, e.g. "lif"
    virtual std::string title() const = 0;        // e.g. "Leaky integrate-and-fire neuron"
    virtual std::vector<ParamSpec> specs() const = 0;
    virtual std::vector<ChannelInfo> channels() const = 0;

    const ParamSet& parameters() const { return m_parameters; }

    // Applies a complete parameter set. Checks model-level constraints that single ranges cannot express (e.g.
    // V_reset < V_th) and throws ParameterError with a one-line message if one is violated; the model is unchanged
    // then. Derived constants are recomputed here, not every step.
    void setParameters(const ParamSet& parameters);
    // Convenience: validate and apply one value on top of the current set.
    void setParameter(const std::string& key, double value);
    // Checks a candidate set without applying it: empty if acceptable, else the one-line message. Depends only on
    // the argument and the (immutable) specs, never on model state, so any thread may call it.
    std::string validate(const ParamSet& candidate) const;

    // Returns state and time to the initial condition and reseeds the model's random source.
    virtual void reset(std::uint64_t seed) = 0;

    // What the model's time counts; simulated milliseconds unless a model says otherwise (an agent's episodes).
    virtual Clock clock() const { return Clock::simulatedMs(); }

    // Integration time step in ms (models with a fixed step).
    virtual double dt() const = 0;
    // Simulated time since the last reset, in ms.
    virtual double timeMs() const = 0;

    // Advances by `steps` integration steps, reporting samples and spikes to `sink`.
    virtual void advance(long steps, TraceSink& sink) = 0;

    // False if the state holds NaN or ±Inf: the simulation diverged and must stop.
    virtual bool stateIsFinite() const = 0;

    // Summary measurements since the last reset, e.g. "rate_hz", "spike_count".
    virtual std::map<std::string, double> metrics() const = 0;

    // The parameter an f-I sweep varies ("i_ext" for current-driven neurons); empty if the model has none.
    virtual std::string inputKey() const { return {}; }
    // Closed-form steady firing rate (Hz) at input `current` with the current parameters, if one exists.
    virtual std::optional<double> analyticRateHz(double /*current*/) const { return std::nullopt; }

    // Adds model-specific content (matrices, extra metrics) to a frame being published. Default: nothing.
    virtual void publish(Frame& /*frame*/) const {}

protected:
    Model() = default;
    // Called once from a derived constructor with the specs, before anything else.
    void initParameters();
    // Model-specific cross-parameter checks: return an empty string when `p` is acceptable. Must not read state.
    virtual std::string checkConstraints(const ParamSet& /*p*/) const { return {}; }
    // Recompute derived constants from `p` (already validated and stored in parameters()).
    virtual void applyParameters(const ParamSet& p) = 0;

private:
    ParamSet m_parameters;
};

}  // namespace neuroai
