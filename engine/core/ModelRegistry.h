#pragma once

#include "engine/core/Model.h"

#include <functional>
#include <memory>
#include <span>
#include <string_view>

namespace neuroai {

// The one table of simulated models. Adding a model is one line in ModelRegistry.cpp.
struct ModelEntry {
    std::string_view id;
    std::string_view title;
    std::function<std::unique_ptr<Model>()> create;
};

std::span<const ModelEntry> modelRegistry();
// nullptr for an unknown id.
std::unique_ptr<Model> createModel(std::string_view id);

}  // namespace neuroai
