#pragma once

// Finite-difference gradient checks for the network layers (engine/nn). The loss is L = Σ R ⊙ f(x) for a fixed
// random R of the output's shape, so every output entry's gradient path is exercised; each parameter and each input
// entry is nudged by ±h and the central difference (L(θ + h) − L(θ − h)) / 2h compared with the analytic gradient.
// The error of a tensor is ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖), the worst over the tensors is
// reported (a tensor whose gradient vanishes on both sides is compared absolutely). With h = 1e-5 in double precision the truncation error is O(h²) ≈ 1e-10 relative and rounding about
// 1e-16 / 1e-5 ≈ 1e-11, so correct gradients land far below 1e-6 and a wrong one lands near 1.

#include "engine/nn/Tensor.h"

#include <algorithm>
#include <functional>
#include <string>

namespace neuroai::test {

struct GradientReport {
    double worst = 0;     // the largest relative error over the tensors and the input
    std::string where;    // the tensor (or "input") it belongs to
};

inline GradientReport checkGradients(const std::function<nn::Matrix(const nn::Matrix&)>& forward,
                                     const std::function<nn::Matrix(const nn::Matrix&)>& backward,
                                     const nn::TensorList& parameters, nn::Matrix x, Random& rng, double h = 1e-5)
{
    nn::Matrix r = forward(x);
    for (Eigen::Index k = 0; k < r.size(); ++k)
        r.data()[k] = rng.normal();
    const auto loss = [&](const nn::Matrix& input) { return (forward(input).array() * r.array()).sum(); };
    nn::zeroGradients(parameters);
    forward(x);
    const nn::Matrix dx = backward(r);

    GradientReport report;
    const auto compare = [&](const Eigen::MatrixXd& analytic, const Eigen::MatrixXd& numeric, const std::string& name) {
        // A gradient that vanishes identically (the key bias of attention: softmax ignores a constant added to a row
        // of scores) is compared absolutely: both sides are then rounding noise, and a wrong non-zero gradient is
        // far above kVanishing.
        constexpr double kVanishing = 1e-7;
        const double scale = std::max(analytic.norm(), numeric.norm());
        const double error = (analytic - numeric).norm() / (scale < kVanishing ? 1.0 : scale);
        if (report.where.empty() || error > report.worst) {
            report.worst = error;
            report.where = name;
        }
    };
    for (nn::Tensor* t : parameters) {
        Eigen::MatrixXd numeric(t->value.rows(), t->value.cols());
        for (Eigen::Index k = 0; k < t->value.size(); ++k) {
            const double keep = t->value.data()[k];
            t->value.data()[k] = keep + h;
            const double up = loss(x);
            t->value.data()[k] = keep - h;
            const double down = loss(x);
            t->value.data()[k] = keep;
            numeric.data()[k] = (up - down) / (2 * h);
        }
        compare(t->grad, numeric, t->name);
    }
    if (dx.size() == 0)  // a model that does not pass a gradient to its input (images)
        return report;
    Eigen::MatrixXd numeric(x.rows(), x.cols());
    for (Eigen::Index k = 0; k < x.size(); ++k) {
        const double keep = x.data()[k];
        x.data()[k] = keep + h;
        const double up = loss(x);
        x.data()[k] = keep - h;
        const double down = loss(x);
        x.data()[k] = keep;
        numeric.data()[k] = (up - down) / (2 * h);
    }
    compare(dx, numeric, "input");
    return report;
}

inline nn::Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, Random& rng, double sd = 1.0)
{
    nn::Matrix m(rows, cols);
    for (Eigen::Index k = 0; k < m.size(); ++k)
        m.data()[k] = sd * rng.normal();
    return m;
}

}  // namespace neuroai::test
