#pragma once

#include <string>

namespace neuroai {

// What "time" means for an experiment, so the toolbar and exports speak its unit: simulated milliseconds for the
// neuron models, an episode for a learning agent, an iteration for an optimiser. Plain data.
struct Clock {
    std::string unit = "ms";              // short unit as printed after numbers ("ms", "episode", "step")
    std::string label = "simulated time"; // what the unit counts, for axis titles and `describe`

    static Clock simulatedMs() { return {"ms", "simulated time"}; }
    bool operator==(const Clock&) const = default;
};

}  // namespace neuroai
