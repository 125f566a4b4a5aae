#include "engine/core/ModelRegistry.h"

#include "engine/models/LifNeuron.h"

#include <algorithm>

namespace neuroai {

std::span<const ModelEntry> modelRegistry()
{
    static const ModelEntry table[] = {
        {"lif", "Leaky integrate-and-fire neuron", [] { return std::make_unique<LifNeuron>(); }},
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
