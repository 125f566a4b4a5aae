#pragma once

#include "engine/core/Random.h"

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace neuroai::nn {

// One trainable parameter array of a network and its gradient, both rows × cols in double precision (the models are
// small, and the finite-difference gradient checks need more than float's 7 digits). Layers own their tensors and
// list them through collect(); optimisers, gradient checks and saving walk that list.
struct Tensor {
    std::string name;
    Eigen::MatrixXd value;
    Eigen::MatrixXd grad;

    Tensor() = default;
    Tensor(std::string tensorName, Eigen::Index rows, Eigen::Index cols)
        : name(std::move(tensorName)), value(Eigen::MatrixXd::Zero(rows, cols)), grad(Eigen::MatrixXd::Zero(rows, cols))
    {
    }
    // Normal entries with standard deviation `sd`.
    void randomise(Random& rng, double sd);
};

using TensorList = std::vector<Tensor*>;

void zeroGradients(const TensorList& tensors);
Eigen::Index parameterCount(const TensorList& tensors);

// Configuration checks shared by the models: throw std::invalid_argument "owner: name = value must …".
void checkSize(const char* owner, const char* name, int value, int lo, int hi);
void checkDivides(const char* owner, const char* divisorName, int divisor, const char* name, int value);
// The shape of a transformer stack: dim in [1, 4096], heads in [1, 64] dividing dim, layers in [1, 64], mlpHidden in
// [1, 16384].
void checkTransformerShape(const char* owner, int dim, int heads, int layers, int mlpHidden);
// `config` after config.validate() (which throws): validates a configuration in a member initialiser list.
template <class Config>
const Config& validated(const Config& config)
{
    config.validate();
    return config;
}

// Activations: the columns of a matrix are the tokens (or the samples), the rows their features.
using Matrix = Eigen::MatrixXd;

}  // namespace neuroai::nn
