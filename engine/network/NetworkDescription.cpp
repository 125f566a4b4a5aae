#include "engine/network/NetworkDescription.h"

#include "engine/core/Random.h"

#include <cmath>
#include <stdexcept>

namespace neuroai::network {

int NetworkDescription::totalNeurons() const
{
    long long total = 0;
    for (const PopulationDescription& p : populations)
        total += p.size;
    return int(total);
}

void validate(const NetworkDescription& d)
{
    if (!(d.dtMs > 0) || !std::isfinite(d.dtMs))
        throw std::invalid_argument("network '" + d.id + "': dt must be a positive number (got " +
                                    std::to_string(d.dtMs) + " ms)");
    if (d.populations.empty())
        throw std::invalid_argument("network '" + d.id + "' has no population");
    long long total = 0;
    for (const PopulationDescription& p : d.populations) {
        if (p.size < 1)
            throw std::invalid_argument("network '" + d.id + "': population '" + p.name + "' has size " +
                                        std::to_string(p.size) + " (at least 1)");
        if (p.name.empty())
            throw std::invalid_argument("network '" + d.id + "': a population has no name");
        total += p.size;
    }
    if (total > 10'000'000)
        throw std::invalid_argument("network '" + d.id + "': " + std::to_string(total) +
                                    " neurons, more than 10,000,000");
    const int n = int(d.populations.size());
    for (std::size_t k = 0; k < d.projections.size(); ++k) {
        const ProjectionDescription& p = d.projections[k];
        const std::string which = "network '" + d.id + "': projection " + std::to_string(k);
        if (p.from < 0 || p.from >= n || p.to < 0 || p.to >= n)
            throw std::invalid_argument(which + " joins populations " + std::to_string(p.from) + " and " +
                                        std::to_string(p.to) + ", but there are " + std::to_string(n));
        if (!(p.probability >= 0 && p.probability <= 1))
            throw std::invalid_argument(which + ": probability " + std::to_string(p.probability) +
                                        " is outside [0, 1]");
        if (!std::isfinite(p.weightMv))
            throw std::invalid_argument(which + ": the weight is not a finite number");
        if (!(p.delayMs >= 0) || !std::isfinite(p.delayMs) || p.delayMs / d.dtMs > 65535)
            throw std::invalid_argument(which + ": delay " + std::to_string(p.delayMs) +
                                        " ms is not in [0, 65535 steps]");
    }
    if (!std::isfinite(d.initialVLowMv) || !std::isfinite(d.initialVHighMv) || !(d.initialVLowMv < d.initialVHighMv))
        throw std::invalid_argument("network '" + d.id + "': the initial range of v [" +
                                    std::to_string(d.initialVLowMv) + ", " + std::to_string(d.initialVHighMv) +
                                    ") mV is empty or not finite");
}

Network buildNetwork(const NetworkDescription& d, std::uint64_t seed)
{
    validate(d);
    Network net(d.dtMs);
    for (const PopulationDescription& p : d.populations)
        net.addLifPopulation(p.name, p.size, d.cell);
    Random random(seed);
    for (const ProjectionDescription& p : d.projections) {
        const int pre = d.populations[std::size_t(p.from)].size;
        const int post = d.populations[std::size_t(p.to)].size;
        const int delaySteps = int(std::llround(p.delayMs / d.dtMs));
        net.addProjection(p.from, p.to, p.receptor,
                          Projection::fromList(pre, post,
                                               fixedProbability(pre, post, p.probability, random, float(p.weightMv),
                                                                delaySteps)));
    }
    net.initialiseUniform(d.initialVLowMv, d.initialVHighMv, random);
    return net;
}

}  // namespace neuroai::network
