#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace neuroai {

// Rosenblatt's threshold unit (1958): output 1 when the weighted sum of its inputs reaches the threshold, else 0.
//
//   drive = Σ_i w_i·x_i,        output = 1 if drive ≥ θ else 0.
//
// It has no state and no time: the same input vector gives the same answer however it is delivered, which is what
// the introduction contrasts with a leaky, time-dependent neuron. Units are the caller's (e.g. x in pC, w in
// mV/pC, θ in mV).
struct Perceptron {
    std::vector<double> weights;
    double threshold = 0.0;

    double drive(std::span<const double> inputs) const
    {
        double sum = 0.0;
        for (std::size_t i = 0; i < weights.size() && i < inputs.size(); ++i)
            sum += weights[i] * inputs[i];
        return sum;
    }
    bool fires(std::span<const double> inputs) const { return drive(inputs) >= threshold; }
};

}  // namespace neuroai
