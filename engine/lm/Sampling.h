#pragma once

// Turning a language model's logits into the next token (chapter 12): temperature, top-k and top-p (nucleus)
// truncation, and drawing from the result. Pure functions of a vector (one entry per token of the vocabulary), so the
// GUI can show every stage of the pipeline and the tests can check each on a hand-made distribution.
//
// The pipeline of samplingDistribution(), in the order common libraries use:
//   1. temperature T:  p_i = exp(z_i / T) / Σ_j exp(z_j / T). T = 1 is the model's own softmax, T > 1 flattens it
//      (its entropy rises towards ln V), T → 0 sharpens it onto the argmax. T = 0 is that limit itself: all the
//      mass on the largest logit (shared equally by exactly tied maxima, which is what the limit gives).
//   2. top-k (k ≥ 1; 0 = off): only the k most probable tokens keep their probability, renormalised to sum to 1.
//   3. top-p (0 < p ≤ 1; 1 = off): only the smallest set of most probable tokens whose mass reaches p is kept,
//      renormalised (Holtzman et al. 2020, "The curious case of neural text degeneration").
//
// Ties. Both truncations rank tokens by probability and break exact ties by the lower token index, so top-k keeps
// exactly k tokens and top-p keeps a smallest set (of several equally small ones, the one with the lower indices):
// for p = (0.4, 0.3, 0.3) and top-p 0.5, tokens 0 and 1 are kept and token 2, tied with 1, is not. Top-p counts the
// mass as reached when the running sum is ≥ p − 1e-12, so that rounding in the sum (0.5 + 0.3 versus 0.8) does not
// add a token. Tokens of probability 0 are never kept (top-k then keeps fewer than k).

#include "engine/core/Random.h"

#include <Eigen/Dense>

namespace neuroai::lm {

struct SamplingSettings {
    double temperature = 1.0;  // ≥ 0, finite; 0 = greedy (argmax)
    int topK = 0;              // 0 = off, else ≥ 1
    double topP = 1.0;         // in (0, 1]; 1 = off
    // Throws std::invalid_argument naming "temperature", "top_k" or "top_p".
    void validate() const;
};

// Softmax of logits / T (stable: the largest logit is subtracted first); T = 0 gives the argmax as above.
// Throws std::invalid_argument naming "logits" (empty or not finite) or "temperature" (negative or not finite).
Eigen::VectorXd temperatureSoftmax(const Eigen::VectorXd& logits, double temperature);

// The k most probable entries of a distribution, renormalised; the others 0. k ≥ size keeps everything.
// Throws std::invalid_argument naming "top_k" (< 1) or "probabilities" (empty, negative, not finite, sum 0).
Eigen::VectorXd keepTopK(const Eigen::VectorXd& probabilities, int k);

// The smallest set of most probable entries whose mass reaches p, renormalised; the others 0.
// Throws std::invalid_argument naming "top_p" (outside (0, 1]) or "probabilities".
Eigen::VectorXd keepTopP(const Eigen::VectorXd& probabilities, double p);

// The whole pipeline: temperature, then top-k, then top-p. The distribution the next token is drawn from.
Eigen::VectorXd samplingDistribution(const Eigen::VectorXd& logits, const SamplingSettings& settings);

// A draw from a distribution by its inverse CDF with one rng.uniform(); never returns a token of probability 0.
// Throws std::invalid_argument naming "probabilities" as keepTopK does.
int sampleToken(const Eigen::VectorXd& probabilities, Random& rng);

// −Σ p ln p in nats (0 ln 0 = 0). Throws as keepTopK does.
double entropyNats(const Eigen::VectorXd& probabilities);

// Number of entries > 0.
int supportSize(const Eigen::VectorXd& probabilities);

}  // namespace neuroai::lm
