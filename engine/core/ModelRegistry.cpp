#include "engine/core/ModelRegistry.h"

#include "engine/analysis/EnergyMeter.h"
#include "engine/analysis/FiCurveExperiment.h"
#include "engine/analysis/FlashResponse.h"
#include "engine/analysis/SynapticTrain.h"
#include "engine/information/InformationExperiments.h"
#include "engine/latent/LatentExperiments.h"
#include "engine/models/AdEx.h"
#include "engine/nn/AttentionExperiments.h"
#include "engine/models/HodgkinHuxley.h"
#include "engine/models/Izhikevich.h"
#include "engine/models/LifNeuron.h"
#include "engine/models/PoissonPopulation.h"
#include "engine/networks/NetworkExperiments.h"
#include "engine/network/BalancedNetworkModel.h"
#include "engine/plasticity/SongMillerAbbottModel.h"
#include "engine/predictive/PredictiveExperiments.h"
#include "engine/plasticity/RateRuleModel.h"
#include "engine/plasticity/HebbianLab.h"
#include "engine/classical/ClassicalExperiments.h"
#include "engine/deep/DeepExperiments.h"
#include "engine/diffusion/DiffusionExperiments.h"
#include "engine/frontiers/FrontiersExperiments.h"
#include "engine/lm/LanguageModelExperiments.h"
#include "engine/pipeline/PipelineExperiments.h"
#include "engine/plasticity/StdpWindow.h"
#include "engine/plasticity/LtpInduction.h"
#include "engine/rl/DynaMazeExperiment.h"
#include "engine/rl/ReplayComparison.h"
#include "engine/rl/EpisodicAgent.h"
#include "engine/rl/HippocampalReplayModel.h"
#include "engine/rl/TdConditioningModel.h"
#include "engine/space/PathIntegration.h"
#include "engine/space/GridCellsModel.h"
#include "engine/space/PlaceCellsModel.h"
#include "engine/vision/VisionExperiments.h"

#include <algorithm>

namespace neuroai {

namespace {

template <typename M>
ExperimentEntry modelEntry(std::string_view id, std::string_view title)
{
    ExperimentEntry e;
    e.id = id;
    e.title = title;
    e.kind = ExperimentKind::Model;
    e.clock = M().clock();
    e.create = [] { return std::make_unique<M>(); };
    e.specs = [] { return M().specs(); };
    return e;
}

ExperimentEntry batchEntry(std::string_view id, std::string_view title, Clock clock,
                           std::vector<ParamSpec> (*specs)(), std::vector<OutputInfo> (*outputs)(),
                           ExperimentResult (*run)(const ParamSet&, Progress&))
{
    ExperimentEntry e;
    e.id = id;
    e.title = title;
    e.kind = ExperimentKind::Batch;
    e.clock = std::move(clock);
    e.specs = specs;
    e.outputs = outputs;
    e.run = run;
    return e;
}

}  // namespace

std::span<const ExperimentEntry> experimentRegistry()
{
    static const std::vector<ExperimentEntry> table = {
        modelEntry<LifNeuron>("lif", "Leaky integrate-and-fire neuron"),
        modelEntry<Izhikevich>("izhikevich", "Izhikevich neuron (2003)"),
        modelEntry<AdEx>("adex", "Adaptive exponential integrate-and-fire (AdEx)"),
        modelEntry<HodgkinHuxley>("hh", "Hodgkin–Huxley neuron (squid axon, 1952)"),
        modelEntry<PoissonPopulation>("poisson-population", "Poisson population (independent spike trains)"),
        modelEntry<network::BalancedNetworkModel>("balanced-network",
                                                  "Balanced E/I network of LIF cells (Vogels & Abbott 2005)"),
        batchEntry("intro-flash", "Flash vs sustained input of equal charge: LIF neuron and perceptron",
                   Clock::simulatedMs(), flashSpecs, flashOutputs, runFlashExperiment),
        batchEntry("intro-synapse", "Repeated stimulation through a dynamic synapse into a LIF neuron",
                   Clock::simulatedMs(), synapticTrainSpecs, synapticTrainOutputs, runSynapticTrainExperiment),
        batchEntry("intro-energy", "Energy of dense vs spiking inference, counted operations",
                   Clock{"step", "time step of the spiking network"}, energySpecs, energyOutputs,
                   runEnergyExperiment),
        batchEntry("fi-curve", "f-I curve of a neuron model (firing rate vs input)",
                   Clock{"ms", "simulated time per input value"}, fiCurveSpecs, fiCurveOutputs,
                   runFiCurveExperiment),
        batchEntry("stdp-window", "STDP window: pairing protocol through a spike-timing rule, Δw against Δt",
                   Clock::simulatedMs(), plasticity::stdpWindowSpecs, plasticity::stdpWindowOutputs,
                   plasticity::runStdpWindowExperiment),
        batchEntry("ltp-induction",
                   "LTP/LTD induction: BCM curve under Poisson firing and pairing-frequency dependence, triplet vs pair "
                   "rule",
                   Clock::simulatedMs(), plasticity::ltpInductionSpecs, plasticity::ltpInductionOutputs,
                   plasticity::runLtpInductionExperiment),
        modelEntry<plasticity::SongMillerAbbottModel>(
            "song-miller-abbott", "Competitive STDP onto one neuron (Song, Miller & Abbott 2000)"),
        modelEntry<plasticity::RateRuleModel>("rate-rules-2d", "Hebb, Oja and BCM rules on a 2-D input cloud"),
        modelEntry<plasticity::HebbianLabModel>("hebbian-lab",
                                                "Hebbian lab: Poisson inputs, two threshold neurons, Hebb's rule"),
        batchEntry("dyna-maze", "Dyna-Q on Sutton & Barto's maze: steps per episode with 0, 5 and 50 planning steps",
                   Clock{"episode", "training episode"}, rl::dynaMazeSpecs, rl::dynaMazeOutputs,
                   rl::runDynaMazeExperiment),
        batchEntry("replay-comparison",
                   "Uniform vs prioritized experience replay: a Q-table or a Q-network learns a sparse-reward maze "
                   "from replay only",
                   Clock{"update", "replay update (one minibatch)"}, rl::replayComparisonSpecs,
                   rl::replayComparisonOutputs, rl::runReplayComparisonExperiment),
        batchEntry("path-integration",
                   "Path integration: dead reckoning with noisy self-motion, RMS position error against time",
                   Clock{"s", "walking time"}, space::pathIntegrationSpecs, space::pathIntegrationOutputs,
                   space::runPathIntegrationExperiment),
        modelEntry<space::GridCellsModel>("grid-cells",
                                          "Grid cells: ideal lattice, oscillatory interference, attractor"),
        modelEntry<rl::TdConditioningModel>("td-conditioning",
                                            "Dopamine as a TD error: cue → reward conditioning, trial by trial"),
        modelEntry<space::PlaceCellsModel>("place-cells",
                                           "Place cells: Gaussian fields, Poisson spikes, phase precession"),
        batchEntry("episodic-memory",
                   "Episodic memory agent (episodic control) against Q-learning on the Dyna maze: steps per episode",
                   Clock{"episode", "training episode"}, rl::episodicMemorySpecs, rl::episodicMemoryOutputs,
                   rl::runEpisodicMemoryExperiment),
        modelEntry<rl::HippocampalReplayModel>("hippocampal-replay",
                                               "Hippocampal replay: forward and reverse place-cell sequences"),
        batchEntry("vit-training", "A tiny Vision Transformer learns rendered shapes: loss and held-out accuracy",
                   Clock{"step", "training step (one batch)"}, nn::vitTrainingSpecs, nn::vitTrainingOutputs,
                   nn::runVitTraining),
        batchEntry("sequence-comparison",
                   "Attention against a vanilla RNN on the copy task: held-out accuracy over training",
                   Clock{"step", "training step (one batch)"}, nn::sequenceComparisonSpecs,
                   nn::sequenceComparisonOutputs, nn::runSequenceComparison),
        batchEntry("spike-entropy",
                   "Entropy of a spike train: plug-in vs Miller–Madow against bin size and recording length; the "
                   "direct method",
                   Clock{"s", "recorded time"}, information::spikeEntropySpecs, information::spikeEntropyOutputs,
                   information::runSpikeEntropy),
        batchEntry("population-information",
                   "Mutual information between stimulus and response of a tuned Poisson population",
                   Clock{"ms", "counting window"}, information::populationInformationSpecs,
                   information::populationInformationOutputs, information::runPopulationInformation),
        batchEntry("efficient-coding", "Efficient coding: histogram equalisation of a natural stimulus distribution",
                   Clock{"stimulus", "stimulus presented"}, information::efficientCodingSpecs,
                   information::efficientCodingOutputs, information::runEfficientCoding),
        batchEntry("channel-capacity", "Capacity of a binary channel against noise, and I(X;Y) against the input",
                   Clock{"bit", "bit sent"}, information::channelCapacitySpecs, information::channelCapacityOutputs,
                   information::runChannelCapacity),
        batchEntry("wilson-cowan",
                   "Wilson–Cowan E–I node: phase plane, oscillation window over the drive P, simulated period",
                   Clock::simulatedMs(), networks::wilsonCowanSpecs, networks::wilsonCowanOutputs,
                   networks::runWilsonCowanExperiment),
        batchEntry("two-networks",
                   "Default-mode and executive networks of Wilson–Cowan nodes: task switching, BOLD, correlations "
                   "with and without global-signal regression",
                   Clock{"s", "recorded time"}, networks::twoNetworksSpecs, networks::twoNetworksOutputs,
                   networks::runTwoNetworksExperiment),
        batchEntry("kuramoto", "Kuramoto oscillators: order parameter r(t) and r̄ against the coupling K",
                   Clock{"s", "simulated time"}, networks::kuramotoSpecs, networks::kuramotoOutputs,
                   networks::runKuramotoExperiment),
        batchEntry("gabor-tuning",
                   "Gabor receptive field: orientation and spatial-frequency tuning of a simple and a complex cell, "
                   "measured with drifting gratings against the closed forms",
                   Clock{"grating", "drifting grating presented"}, vision::gaborTuningSpecs,
                   vision::gaborTuningOutputs, vision::runGaborTuning),
        batchEntry("simple-complex",
                   "Simple vs complex cell (energy model) under a drifting grating: responses over two cycles, F1/F0",
                   Clock{"cycle", "drift cycle"}, vision::simpleComplexSpecs, vision::simpleComplexOutputs,
                   vision::runSimpleComplex),
        batchEntry("filter-bank", "A Gabor filter bank applied to a picture: energy maps per orientation",
                   Clock{"picture", "picture filtered"}, vision::filterBankSpecs, vision::filterBankOutputs,
                   vision::runFilterBank),
        batchEntry("learned-filters",
                   "Learned filters: sparse coding of image patches and a small CNN's first layer, Gabor-like or not",
                   Clock{"step", "learning step"}, vision::learnedFiltersSpecs, vision::learnedFiltersOutputs,
                   vision::runLearnedFilters),
        batchEntry("predictive-coding",
                   "Predictive coding: Rao & Ballard inference of an image patch (energy, error units) and a "
                   "PredNet-style next-frame predictor on moving bars",
                   Clock{"iteration", "inference iteration"}, predictive::predictiveCodingSpecs,
                   predictive::predictiveCodingOutputs, predictive::runPredictiveCoding),
        batchEntry("latent-dynamics",
                   "Latent dynamics of a rotating population: PCA, a fitted LDS and jPCA against the true rotation, "
                   "with a time-shuffled control",
                   Clock::simulatedMs(), latent::latentDynamicsSpecs, latent::latentDynamicsOutputs,
                   latent::runLatentDynamics),
        batchEntry("spike-sorting",
                   "Spike sorting of a synthetic recording (band-pass, threshold, PCA, clustering) against its ground "
                   "truth, and the accuracy against the noise",
                   Clock{"s", "recorded time"}, pipeline::spikeSortingSpecs, pipeline::spikeSortingOutputs,
                   pipeline::runSpikeSorting),
        batchEntry("population-decoding",
                   "Decoding a direction from a tuned population: cross-validated accuracy against the number of "
                   "neurons and trials (LDA or logistic regression)",
                   Clock{"trial", "trial decoded"}, classical::populationDecodingSpecs,
                   classical::populationDecodingOutputs, classical::runPopulationDecoding),
        batchEntry("bias-variance",
                   "Bias and variance of polynomial fits: training and test error, bias² and variance against the "
                   "degree",
                   Clock{"fit", "training set fitted"}, classical::biasVarianceSpecs, classical::biasVarianceOutputs,
                   classical::runBiasVariance),
        batchEntry("mlp-training",
                   "A small network trained on 2-D data (spirals, moons, circles, xor) by backpropagation or feedback "
                   "alignment, with SGD, momentum or Adam",
                   Clock{"step", "gradient step"}, deep::mlpTrainingSpecs, deep::mlpTrainingOutputs,
                   deep::runMlpTraining),
        batchEntry("optimizer-paths",
                   "SGD, momentum and Adam on a 2-D quadratic valley, and gradient descent's stability limit 2/L",
                   Clock{"step", "optimiser step"}, deep::optimizerPathsSpecs, deep::optimizerPathsOutputs,
                   deep::runOptimizerPaths),
        batchEntry("next-token",
                   "A tiny character-level language model trained on our own text: the next-character distribution "
                   "with temperature, top-k and top-p, and samples",
                   Clock{"step", "training step"}, lm::nextTokenSpecs, lm::nextTokenOutputs, lm::runNextToken),
        batchEntry("lora-rank",
                   "LoRA fine-tuning on a second text: trainable parameters and the loss reached against the rank, "
                   "beside full fine-tuning",
                   Clock{"step", "fine-tuning step"}, lm::loraRankSpecs, lm::loraRankOutputs, lm::runLoraRank),
        batchEntry("diffusion",
                   "Diffusion on a 2-D point cloud: forward noising, the score field, and reverse sampling with the "
                   "exact score of a Gaussian mixture or a learned one",
                   Clock{"step", "diffusion step"}, diffusion::diffusionSpecs, diffusion::diffusionOutputs,
                   diffusion::runDiffusion),
        batchEntry("ewc",
                   "Catastrophic forgetting of a first task while a network learns a second, and elastic weight "
                   "consolidation against it",
                   Clock{"epoch", "training epoch"}, frontiers::ewcSpecs, frontiers::ewcOutputs, frontiers::runEwc),
        batchEntry("spiking-energy",
                   "A trained network and its spiking conversion on the same task: accuracy and energy against the "
                   "time steps",
                   Clock{"step", "time step of the spiking network"}, frontiers::spikingEnergySpecs,
                   frontiers::spikingEnergyOutputs, frontiers::runSpikingEnergy),
        batchEntry("event-driven",
                   "Event-driven against dense computation: operations and energy against the input density",
                   Clock{"frame", "input frame"}, frontiers::eventDrivenSpecs, frontiers::eventDrivenOutputs,
                   frontiers::runEventDriven),
    };
    return table;
}

const ExperimentEntry* findExperiment(std::string_view id)
{
    const auto entries = experimentRegistry();
    const auto it = std::find_if(entries.begin(), entries.end(), [&](const ExperimentEntry& e) { return e.id == id; });
    return it == entries.end() ? nullptr : &*it;
}

std::string knownExperimentIds()
{
    std::string known;
    for (const ExperimentEntry& e : experimentRegistry())
        known += (known.empty() ? "" : ", ") + std::string(e.id);
    return known;
}

std::span<const ExperimentEntry> modelRegistry()
{
    static const std::vector<ExperimentEntry> models = [] {
        std::vector<ExperimentEntry> out;
        for (const ExperimentEntry& e : experimentRegistry())
            if (e.isModel())
                out.push_back(e);
        return out;
    }();
    return models;
}

std::unique_ptr<Model> createModel(std::string_view id)
{
    const ExperimentEntry* entry = findExperiment(id);
    return entry && entry->isModel() ? entry->create() : nullptr;
}

std::string_view kindName(ExperimentKind kind) { return kind == ExperimentKind::Model ? "model" : "batch"; }

}  // namespace neuroai
