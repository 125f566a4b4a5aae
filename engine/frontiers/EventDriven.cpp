#include "engine/frontiers/EventDriven.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace neuroai::frontiers {

namespace {

constexpr const char* kEvent = "EventDriven";

void checkLayer(const Eigen::MatrixXd& w, const Eigen::VectorXd& x)
{
    require(w.rows() >= 1 && w.cols() >= 1, kEvent, "weight rows", double(w.rows()), "and columns must be ≥ 1");
    require(x.size() == w.cols(), kEvent, "input size", double(x.size()), "must equal the weight columns");
    require(w.allFinite(), kEvent, "weights", w.sum(), "must be finite");
    for (Eigen::Index i = 0; i < x.size(); ++i)
        require(std::isfinite(x[i]), kEvent, "input", x[i], "must be finite");
}

}  // namespace

LayerPass denseLayer(const Eigen::MatrixXd& w, const Eigen::VectorXd& x)
{
    checkLayer(w, x);
    LayerPass pass;
    pass.y = Eigen::VectorXd::Zero(w.rows());
    const Eigen::Index nOut = w.rows();
    for (Eigen::Index i = 0; i < w.cols(); ++i) {
        const double* column = w.data() + i * nOut;
        const double xi = x[i];
        for (Eigen::Index j = 0; j < nOut; ++j) {
            pass.y[j] += column[j] * xi;
            ++pass.ops.multiplyAdds;
        }
    }
    return pass;
}

LayerPass eventLayer(const Eigen::MatrixXd& w, const Eigen::VectorXd& x, EventPayload payload)
{
    checkLayer(w, x);
    if (payload == EventPayload::Binary)
        for (Eigen::Index i = 0; i < x.size(); ++i)
            require(x[i] == 0.0 || x[i] == 1.0, kEvent, "binary input", x[i], "must be 0 or 1");
    LayerPass pass;
    pass.y = Eigen::VectorXd::Zero(w.rows());
    const Eigen::Index nOut = w.rows();
    for (Eigen::Index i = 0; i < w.cols(); ++i) {
        const double xi = x[i];
        if (xi == 0.0)
            continue;  // no event, no work
        ++pass.events;
        const double* column = w.data() + i * nOut;
        if (payload == EventPayload::Binary) {
            for (Eigen::Index j = 0; j < nOut; ++j) {
                pass.y[j] += column[j];
                ++pass.ops.adds;
            }
        } else {
            for (Eigen::Index j = 0; j < nOut; ++j) {
                pass.y[j] += column[j] * xi;
                ++pass.ops.multiplyAdds;
            }
        }
    }
    return pass;
}

void EventCosts::validate() const
{
    require(std::isfinite(macPj) && macPj > 0, kEvent, "mac energy", macPj, "must be finite and > 0");
    require(std::isfinite(addPj) && addPj >= 0, kEvent, "add energy", addPj, "must be finite and ≥ 0");
    require(std::isfinite(fetchPj) && fetchPj >= 0, kEvent, "fetch energy", fetchPj, "must be finite and ≥ 0");
    require(std::isfinite(eventPj) && eventPj >= 0, kEvent, "event energy", eventPj, "must be finite and ≥ 0");
}

double denseEnergyPj(const EventCosts& costs, int inputs, int outputs)
{
    costs.validate();
    return double(inputs) * double(outputs) * costs.macPj;
}

namespace {
double updatePj(const EventCosts& costs, EventPayload payload)
{
    return (payload == EventPayload::Binary ? costs.addPj : costs.macPj) + costs.fetchPj;
}
}  // namespace

double eventEnergyPj(const EventCosts& costs, EventPayload payload, std::uint64_t events, int outputs)
{
    costs.validate();
    return double(events) * (double(outputs) * updatePj(costs, payload) + costs.eventPj);
}

double crossoverDensity(const EventCosts& costs, EventPayload payload, int outputs)
{
    costs.validate();
    require(outputs >= 1, kEvent, "outputs", outputs, "must be ≥ 1");
    const double perUpdate = updatePj(costs, payload) + costs.eventPj / outputs;
    return perUpdate > 0 ? costs.macPj / perUpdate : std::numeric_limits<double>::infinity();
}

void EventSweepSetup::validate() const
{
    require(inputs >= 1 && inputs <= 100000, kEvent, "inputs", inputs, "must be in [1, 100000]");
    require(outputs >= 1 && outputs <= 100000, kEvent, "outputs", outputs, "must be in [1, 100000]");
    require(frames >= 1 && frames <= 100000, kEvent, "frames", frames, "must be in [1, 100000]");
    require(densitySteps >= 2 && densitySteps <= 1000, kEvent, "density steps", densitySteps, "must be in [2, 1000]");
    require(double(inputs) * outputs * frames * (densitySteps + 1.0) <= 2e9, kEvent, "work", 
            double(inputs) * outputs * frames * (densitySteps + 1.0), "must be ≤ 2e9 operations");
    costs.validate();
}

EventSweep sweepEventDensity(const EventSweepSetup& s, const std::function<void(int)>& afterPoint)
{
    s.validate();
    Random rng(s.seed);
    Eigen::MatrixXd w(s.outputs, s.inputs);
    const double sd = 1.0 / std::sqrt(double(s.inputs));
    for (Eigen::Index k = 0; k < w.size(); ++k)
        w.data()[k] = sd * rng.normal();
    EventSweep r;
    r.crossover = crossoverDensity(s.costs, s.payload, s.outputs);
    const double dense = denseEnergyPj(s.costs, s.inputs, s.outputs);
    std::vector<int> order(static_cast<std::size_t>(s.inputs));
    for (int k = 0; k <= s.densitySteps; ++k) {
        const int nonzeros = int(std::lround(double(k) * s.inputs / s.densitySteps));
        double denseOps = 0, eventOps = 0, events = 0;
        for (int f = 0; f < s.frames; ++f) {
            // `nonzeros` distinct positions: the first entries of a random permutation (partial Fisher–Yates).
            for (int i = 0; i < s.inputs; ++i)
                order[std::size_t(i)] = i;
            Eigen::VectorXd x = Eigen::VectorXd::Zero(s.inputs);
            for (int i = 0; i < nonzeros; ++i) {
                const int j = i + std::min(s.inputs - 1 - i, int(rng.uniform() * (s.inputs - i)));
                std::swap(order[std::size_t(i)], order[std::size_t(j)]);
                x[order[std::size_t(i)]] = s.payload == EventPayload::Binary ? 1.0 : 1.0 - rng.uniform();
            }
            const LayerPass a = denseLayer(w, x), b = eventLayer(w, x, s.payload);
            denseOps += double(a.ops.multiplyAdds + a.ops.adds);
            eventOps += double(b.ops.multiplyAdds + b.ops.adds);
            events += double(b.events);
            for (Eigen::Index j = 0; j < a.y.size(); ++j) {
                r.maxAbsDifference = std::max(r.maxAbsDifference, std::abs(a.y[j] - b.y[j]));
                r.mismatches += std::memcmp(&a.y[j], &b.y[j], sizeof(double)) != 0 ? 1 : 0;
            }
        }
        r.density.push_back(double(nonzeros) / s.inputs);
        r.denseOps.push_back(denseOps / s.frames);
        r.eventOps.push_back(eventOps / s.frames);
        r.events.push_back(events / s.frames);
        r.denseEnergyPj.push_back(dense);
        r.eventEnergyPj.push_back(eventOps / s.frames * updatePj(s.costs, s.payload) +
                                  events / s.frames * s.costs.eventPj);
        if (afterPoint)
            afterPoint(k);
    }
    // Where the counted energies cross: the first point above the dense energy, interpolated from the one before.
    r.measuredCrossover = 1.0;
    for (std::size_t k = 1; k < r.density.size(); ++k)
        if (r.eventEnergyPj[k] > r.denseEnergyPj[k]) {
            const double below = r.denseEnergyPj[k - 1] - r.eventEnergyPj[k - 1];
            const double above = r.eventEnergyPj[k] - r.denseEnergyPj[k];
            r.measuredCrossover = r.density[k - 1] + (r.density[k] - r.density[k - 1]) * below / (below + above);
            break;
        }
    return r;
}

}  // namespace neuroai::frontiers
