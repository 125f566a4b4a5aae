#pragma once

#include "engine/nn/Tensor.h"

namespace neuroai::nn {

// The building blocks of the attention models (issue 12), each with its forward pass and its backward pass written
// out. A layer keeps what its latest forward() needs for backward(); backward() adds the parameter gradients into its
// tensors' `grad` (so a batch is its sequences run one after another) and returns the gradient of its input.
// Activations are matrices whose columns are tokens (or samples) and whose rows are features.

// y = W x + b for every column: W is out × in, He/Xavier-style normal initial weights N(0, 1/in), zero bias.
class Linear {
public:
    Linear(std::string name, int in, int out, Random& rng);
    int in() const { return int(m_w.value.cols()); }
    int out() const { return int(m_w.value.rows()); }
    Matrix forward(const Matrix& x);
    Matrix backward(const Matrix& dy);
    void collect(TensorList& list) { list.push_back(&m_w), list.push_back(&m_b); }
    Tensor& weight() { return m_w; }
    Tensor& bias() { return m_b; }

private:
    Tensor m_w, m_b;
    Matrix m_x;
};

// Layer normalisation over the features of each column (Ba, Kiros & Hinton 2016):
//   x̂ = (x − mean) / √(var + ε),  y = γ ⊙ x̂ + β,   γ = 1, β = 0 initially; var is the biased variance.
class LayerNorm {
public:
    LayerNorm(std::string name, int features, double epsilon = 1e-5);
    Matrix forward(const Matrix& x);
    Matrix backward(const Matrix& dy);
    void collect(TensorList& list) { list.push_back(&m_gain), list.push_back(&m_shift); }

private:
    Tensor m_gain, m_shift;
    double m_eps;
    Matrix m_xhat;
    Eigen::RowVectorXd m_invStd;
};

// GELU, tanh form (Hendrycks & Gimpel 2016): ½ x (1 + tanh(√(2/π) (x + 0.044715 x³))), and its derivative.
double gelu(double x);
double geluDerivative(double x);

// The transformer's feed-forward block: Linear(d → hidden) → GELU → Linear(hidden → d).
class Mlp {
public:
    Mlp(const std::string& name, int features, int hidden, Random& rng);
    Matrix forward(const Matrix& x);
    Matrix backward(const Matrix& dy);
    void collect(TensorList& list);

private:
    Linear m_in, m_out;
    Matrix m_pre;
};

// Softmax of each column of `logits` (numerically stable: the column maximum is subtracted first).
Matrix softmaxColumns(const Matrix& logits);
// Mean cross-entropy of columns of logits against class labels, and its gradient (softmax − one-hot) / batch.
// Throws std::invalid_argument for a label outside [0, rows) or a size mismatch.
double crossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix* gradient);

}  // namespace neuroai::nn
