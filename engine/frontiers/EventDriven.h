#pragma once

// Event-driven against clocked dense computation of one fully connected layer, y = W·x (W: n_out × n_in), as the
// fraction of non-zero inputs (the density d, 1 − sparsity) varies.
//
//   dense (clocked)  every input is read every frame: n_in·n_out multiply–adds, whatever x holds.
//   event-driven     only a non-zero input is an event; each event updates its n_out targets: nnz·n_out synaptic
//                    updates and nnz events. A binary event (a spike, x_i = 1) updates with an add, y_j += w_ji; a
//                    graded event (a value) with a multiply–add, y_j += w_ji·x_i.
// Both run through the inputs in ascending order and start from y = +0, so they perform the same floating-point
// additions in the same order except the dense layer's extra additions of w·0 = ±0, which change nothing: the
// outputs are bitwise identical (for finite inputs).
//
// Counting: each executed operation increments its counter (as in chapter 1). Energy model (pJ):
//   E_dense = n_in·n_out·e_mac
//   E_event = nnz·(n_out·(e_op + e_fetch) + e_event)
// e_mac, e_add: chapter 1's fp32 energies (Horowitz 2014, 45 nm: 4.6 pJ multiply–add, 0.9 pJ add); e_op = e_add for
// binary events, e_mac for graded ones. e_fetch: the extra memory access of an event-driven update, which reads its
// weight from wherever the event's fan-out is stored instead of streaming the weight matrix in order (default 5 pJ,
// a 32-bit read from an 8 KB SRAM in Horowitz's table); e_event: the fixed cost of routing and decoding one event
// (default 0: an assumption to vary). The crossover density where the two energies are equal is
//   d* = e_mac / (e_op + e_fetch + e_event/n_out),
// below which event-driven computation is cheaper; d* ≥ 1 means it is cheaper at every density.

#include "engine/analysis/EnergyMeter.h"
#include "engine/core/Random.h"

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <vector>

namespace neuroai::frontiers {

enum class EventPayload { Binary, Graded };

struct LayerPass {
    Eigen::VectorXd y;
    OperationCounts ops;      // multiplyAdds and adds actually executed
    std::uint64_t events = 0;  // non-zero inputs processed (event-driven only)
};

// The clocked layer: n_in·n_out multiply–adds. Throws std::invalid_argument for a size mismatch or a non-finite
// entry.
LayerPass denseLayer(const Eigen::MatrixXd& w, const Eigen::VectorXd& x);
// The event-driven layer: for binary payloads every non-zero input must be exactly 1 (throws otherwise).
LayerPass eventLayer(const Eigen::MatrixXd& w, const Eigen::VectorXd& x, EventPayload payload);

struct EventCosts {
    double macPj = energyDefault("mac_energy");
    double addPj = energyDefault("add_energy");
    double fetchPj = 5.0;
    double eventPj = 0.0;
    void validate() const;  // all finite, e_mac > 0, the others ≥ 0
};

double denseEnergyPj(const EventCosts& costs, int inputs, int outputs);
double eventEnergyPj(const EventCosts& costs, EventPayload payload, std::uint64_t events, int outputs);
// d* (may exceed 1, or be +∞ when every event-driven cost is zero).
double crossoverDensity(const EventCosts& costs, EventPayload payload, int outputs);

struct EventSweepSetup {
    int inputs = 400;             // n_in, 1..100000
    int outputs = 100;            // n_out, 1..100000
    int frames = 10;              // input vectors per density, 1..100000
    int densitySteps = 40;        // densities k/densitySteps, k = 0..densitySteps (2..1000)
    EventPayload payload = EventPayload::Binary;
    EventCosts costs;
    std::uint64_t seed = 1;
    void validate() const;
};

struct EventSweep {
    std::vector<double> density;           // exact fraction nnz/n_in of each point
    std::vector<double> denseOps, eventOps;  // per frame: dense multiply–adds; event-driven synaptic updates
    std::vector<double> events;              // per frame
    std::vector<double> denseEnergyPj, eventEnergyPj;  // per frame
    double maxAbsDifference = 0;  // largest |y_dense − y_event| over every frame (0 when identical)
    std::uint64_t mismatches = 0;  // output entries whose bits differ
    double crossover = 0;          // d* from the formula
    double measuredCrossover = 0;  // where the counted energies cross (linear interpolation), or 1 if they never do
};

// For each density, `frames` inputs with exactly round(d·n_in) non-zeros at random positions (graded values are
// uniform in (0, 1]), all through both layers with the same random W (N(0, 1/n_in)).
// `afterPoint(k)` (if given) is called after each density and may throw to stop.
EventSweep sweepEventDensity(const EventSweepSetup& setup, const std::function<void(int)>& afterPoint = {});

}  // namespace neuroai::frontiers
