#pragma once

// Chapter 13's experiment as a registry entry (batch):
//
//   diffusion  a 2-D Gaussian mixture noised by a DDPM forward process (linear or cosine schedule, T steps) and
//              regenerated from N(0, I) by the reverse process, driven either by the mixture's exact score (known
//              in closed form at every step) or by a small MLP trained with the ε-loss. Shows the data, the data
//              noised to a chosen step, the generated samples, a few reverse trajectories, the score field at the
//              chosen step, the network's loss curve against the exact score's floor, and how close the generated
//              samples are to the mixture (moments, component shares, energy distance against two references).
//
// Series layout for drawing (all coordinates are the data plane's, dimensionless):
//   data_samples, noised_samples, generated_samples, component_means: one point per (x, y) pair.
//   trajectories: the first `trajectories` generated samples' paths, one after the other, each T + 1 points from
//                 x_T (pure noise) to x_0.
//   score_field_points: the grid × grid lattice over [−4, 4]², row after row (x fastest);
//   score_field_vectors: at the same index, the arrow (Δx, Δy) = (1 − ᾱ_t) ∇ log p_t — by Tweedie's formula the
//                 displacement from the point to E[√ᾱ_t x_0 | x_t], in data units (draw it unscaled).
//   loss_curve, loss_floor: the ε-loss per training step averaged over windows of ⌈steps/200⌉ steps, against the
//                 window's last step.
//   alpha_bar: ᾱ_t against t = 0 … T.

#include "engine/core/ExperimentResult.h"
#include "engine/core/ParamSpec.h"

#include <vector>

namespace neuroai {
class Progress;
}

namespace neuroai::diffusion {

std::vector<ParamSpec> diffusionSpecs();
std::vector<OutputInfo> diffusionOutputs();
ExperimentResult runDiffusion(const ParamSet& parameters, Progress& progress);

// The step shown for a fraction f of T: round(f·T), at least 1.
int shownStep(double fraction, int steps);

}  // namespace neuroai::diffusion
