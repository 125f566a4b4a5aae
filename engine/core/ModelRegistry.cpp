#include "engine/core/ModelRegistry.h"

#include "engine/models/AdEx.h"
#include "engine/models/HodgkinHuxley.h"
#include "engine/models/Izhikevich.h"
#include "engine/models/LifNeuron.h"

#include <algorithm>

namespace neuroai {

std::span<const ModelEntry> modelRegistry()
{
    static const ModelEntry table[] = {
        {"lif", "Leaky integrate-and-fire neuron", [] { return std::make_unique<LifNeuron>(); }},
        {"izhikevich", "Izhikevich neuron (2003)", [] { return std::make_unique<Izhikevich>(); }},
        {"adex", "Adaptive exponential integrate-and-fire (AdEx)", [] { return std::make_unique<AdEx>(); }},
        {"hh", "Hodgkin–Huxley neuron (squid axon, 1952)", [] { return std::make_unique<HodgkinHuxley>(); }},
    };
    return table;
}

std::unique_ptr<Model> createModel(std::string_view id)
{
    const auto entries = modelRegistry();
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const ModelEntry& e) { return e.id == id; });
    return it == entries.end() ? nullptr : it->create();
}

}  // namespace neuroai
