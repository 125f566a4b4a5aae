#pragma once

// Chapter 13: a small learned noise predictor for the 2-D diffusion, trained with the DDPM ε-loss (Ho et al. 2020,
// L_simple; equivalent to denoising score matching, Vincent 2011, since ε̂ = −√(1 − ᾱ_t) · score):
//   L = mean over the batch of ‖ε̂(√ᾱ_t x_0 + √(1 − ᾱ_t) ε, t) − ε‖²,  x_0 ~ data, t ~ U{1..T}, ε ~ N(0, I).
// Predicting 0 scores L = 2; the exact predictor reaches the floor E‖ε − E[ε | x_t]‖², which no network can beat.
//
// Network (columns = samples): input u = [x₁; x₂; τ] with τ = t/T ∈ [0, 1]; the time embedding
//   e(τ) = [τ, sin(ω_k τ), cos(ω_k τ) for k = 0 … F−1],  ω_k = π·2^k / 2,
// then h₁ = SiLU(W₁ [x; e] + b₁), h_{l+1} = SiLU(W_{l+1} h_l + b_{l+1}), ε̂ = W_out h_L + b_out,
// SiLU(z) = z·σ(z) (Elfwing et al. 2018), σ the logistic function. The backward pass is written out, including the
// gradient with respect to x and τ (through the embedding).

#include "engine/diffusion/Diffusion.h"
#include "engine/nn/Layers.h"
#include "engine/nn/Optimizer.h"

#include <functional>
#include <vector>

namespace neuroai::diffusion {

struct ScoreNetConfig {
    int hidden = 64;          // units per hidden layer, [1, 1024]
    int layers = 2;           // hidden layers, [1, 8]
    int frequencies = 4;      // F, sine/cosine pairs of the time embedding, [0, 16]
    void validate() const;    // throws std::invalid_argument naming the field
};

// SiLU and its derivative σ(z)(1 + z(1 − σ(z))).
double silu(double z);
double siluDerivative(double z);

class ScoreNet {
public:
    ScoreNet(const ScoreNetConfig& config, Random& rng);
    const ScoreNetConfig& config() const { return m_config; }
    int embeddingSize() const { return 1 + 2 * m_config.frequencies; }

    // ε̂ for the columns of `input` = [x₁; x₂; τ] (3 × B, finite). Keeps what backward() needs.
    nn::Matrix forward(const nn::Matrix& input);
    // Adds the parameter gradients of the latest forward() into the tensors' `grad`; returns ∂/∂input (3 × B).
    nn::Matrix backward(const nn::Matrix& dOutput);
    // ε̂ for points x_t at step t of a schedule of `steps` steps (τ = t/steps).
    Points predict(const Points& xt, int t, int steps);
    nn::TensorList parameters();

private:
    ScoreNetConfig m_config;
    std::vector<nn::Linear> m_hidden;
    nn::Linear m_out;
    nn::Matrix m_tau;                      // 1 × B
    std::vector<nn::Matrix> m_preActivations, m_gates;  // per hidden layer: z and σ(z)
};

// The ε-loss of predictions against the true noise (both 2 × B, B ≥ 1): mean over columns of ‖ε̂ − ε‖².
// `gradient` (if given) receives ∂L/∂ε̂ = 2(ε̂ − ε)/B.
double epsilonLoss(const nn::Matrix& predicted, const nn::Matrix& noise, nn::Matrix* gradient = nullptr);

// The network's input for noised points at step t of a T-step schedule: [x; t/T].
nn::Matrix networkInput(const Points& xt, const std::vector<int>& steps, int T);

struct TrainingSettings {
    int steps = 1500;             // optimiser steps, [0, 10⁶]
    int batch = 128;              // samples per step, [1, 100 000]
    double learningRate = 3e-3;   // Adam's rate at the start, (0, 1]
    double finalRateFraction = 0.1;  // the rate decays linearly to this fraction of itself, (0, 1]
    void validate() const;
};

struct TrainingLog {
    std::vector<double> loss;       // the network's ε-loss on each step's batch (before the step)
    std::vector<double> exactLoss;  // the exact predictor's ε-loss on the same batch (the floor)
};

// Trains `net` with Adam (engine/nn Optimizer) on fresh batches from `data` noised by `schedule`; `onStep`
// (optional) is called after each step with the number done and may throw to cancel.
TrainingLog trainScoreNet(ScoreNet& net, const GaussianMixture& data, const NoiseSchedule& schedule,
                          const TrainingSettings& settings, Random& rng, const std::function<void(int)>& onStep = {});

// The network as a noise predictor for `schedule` (holds a reference: the net must outlive it).
NoisePredictor learnedNoisePredictor(ScoreNet& net, const NoiseSchedule& schedule);

}  // namespace neuroai::diffusion
