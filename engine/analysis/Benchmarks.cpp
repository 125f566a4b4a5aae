#include "engine/analysis/Benchmarks.h"

#include "engine/core/Job.h"
#include "engine/core/SimulationRunner.h"
#include "engine/deep/DeepExperiments.h"
#include "engine/diffusion/DiffusionExperiments.h"
#include "engine/frontiers/FrontiersExperiments.h"
#include "engine/lm/LiveTraining.h"
#include "engine/models/HodgkinHuxley.h"
#include "engine/models/AdEx.h"
#include "engine/models/Izhikevich.h"
#include "engine/models/LifNeuron.h"
#include "engine/rl/ReplayBuffer.h"
#include "engine/rl/SumTree.h"
#include "engine/nn/Sequence.h"
#include "engine/nn/ShapeImages.h"
#include "engine/nn/VisionTransformer.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

namespace neuroai {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Times `body(steps)` in repetitions of `steps` steps: doubles `steps` until one repetition takes ≥ 1/5 of the
// budget, then runs five repetitions and reports the median and the minimum.
template <typename Body>
BenchResult timeCase(std::string name, std::string description, long neurons, double secondsPerCase, Body&& body,
                     double dtMs = 0.1)
{
    long steps = 1000;
    for (;;) {
        const auto start = Clock::now();
        body(steps);
        if (secondsSince(start) >= secondsPerCase / 5 || steps > (1L << 40))
            break;
        steps *= 2;
    }
    std::vector<double> samples;
    double spikes = 0;
    for (int r = 0; r < 5; ++r) {
        const auto start = Clock::now();
        spikes = double(body(steps));
        samples.push_back(secondsSince(start) * 1e9 / (double(steps) * double(neurons)));
    }
    std::sort(samples.begin(), samples.end());
    BenchResult result;
    result.name = std::move(name);
    result.description = std::move(description);
    result.neurons = neurons;
    result.steps = steps;
    result.repetitions = 5;
    result.nsPerNeuronStep = samples[2];
    result.nsPerNeuronStepMin = samples.front();
    result.spikesPerNeuronSecond = spikes / double(neurons) / (double(steps) * dtMs * 1e-3);
    return result;
}

// Times `neuron` (all of its cells) through the model interface; the rate column counts the spikes of every cell.
BenchResult timeNeuron(std::string name, std::string description, NeuronModel& neuron, double secondsPerCase)
{
    NullSink sink;
    return timeCase(std::move(name), std::move(description), neuron.cellCount(), secondsPerCase,
                    [&](long steps) {
                        const long before = neuron.totalSpikeCount();
                        neuron.advance(steps, sink);
                        return neuron.totalSpikeCount() - before;
                    },
                    neuron.dt());
}

// Makes `neuron` a population of n cells with constant inputs evenly spread from lo to hi (via the per-cell bias).
void spreadInputs(NeuronModel& neuron, int n, double lo, double hi)
{
    neuron.setCellCount(n);
    std::vector<double> bias(std::size_t(n), lo);
    for (int i = 0; i < n && n > 1; ++i)
        bias[std::size_t(i)] = lo + (hi - lo) * double(i) / double(n - 1);
    neuron.setCellBias(bias);
}

std::vector<BenchResult> benchLif(double secondsPerCase)
{
    std::vector<BenchResult> results;
    LifNeuron neuron;  // handbook defaults: 1.8 nA, dt 0.1 ms, about 18 Hz
    results.push_back(timeNeuron("lif/1", "one LIF neuron through the Model interface (dt 0.1 ms, I 1.8 nA)", neuron,
                                 secondsPerCase));
    LifNeuron population;  // handbook defaults, i_ext 0 plus a per-cell bias
    population.setParameter("i_ext", 0.0);
    // Currents spread over 1.5–2.5 nA: some cells silent, the rest firing at up to ~45 Hz.
    spreadInputs(population, 10000, 1.5, 2.5);
    results.push_back(timeNeuron("lif/10000", "10,000 independent LIF neurons in one model (I 1.5–2.5 nA)", population,
                                 secondsPerCase));
    return results;
}

// Hodgkin–Huxley at dt 0.025 ms (NEURON's default step), for each integration method. The reference figure is
// NEURON's fixed-step cost per soma-step for 1000 single-compartment hh somas (tests/data/hh_neuron/bench_neuron.py).
std::vector<BenchResult> benchHh(double secondsPerCase)
{
    constexpr double dt = 0.025;
    std::vector<BenchResult> results;
    for (const auto method : {HodgkinHuxley::Method::ExponentialEuler, HodgkinHuxley::Method::Rk4}) {
        const bool rk4 = method == HodgkinHuxley::Method::Rk4;
        const std::string suffix = rk4 ? "/rk4" : "/ee";
        const std::string name = rk4 ? "rk4" : "exponential Euler";
        HodgkinHuxley neuron;  // defaults: 10 µA/cm², about 68 Hz
        neuron.setParameter("method", double(method));
        neuron.setParameter("dt", dt);
        results.push_back(timeNeuron("hh/1" + suffix, "one HH neuron, " + name + ", dt 0.025 ms, I 10 µA/cm²", neuron,
                                     secondsPerCase));
        HodgkinHuxley population;
        population.setParameter("method", double(method));
        population.setParameter("dt", dt);
        population.setParameter("i_ext", 0.0);
        // Densities spread over 0–20 µA/cm²: silent, single-spike and tonically firing cells (up to ~86 Hz).
        spreadInputs(population, 4000, 0.0, 20.0);
        results.push_back(timeNeuron("hh/4000" + suffix,
                                     "4000 independent HH neurons, " + name + ", dt 0.025 ms, I 0–20 µA/cm²",
                                     population, secondsPerCase));
    }
    return results;
}

std::vector<BenchResult> benchRunner(double secondsPerCase)
{
    // Throughput of the threaded runner as fast as possible, with history, decimation and frame publication.
    SimulationRunner runner(std::make_unique<LifNeuron>(), 1);
    runner.setSpeed(SimulationRunner::kAsFastAsPossible);
    runner.setView(500, 1600);
    std::vector<double> samples;
    long steps = 200'000;
    for (int r = 0; r < 6; ++r) {
        const auto start = Clock::now();
        runner.step(steps);
        runner.waitIdle();
        const double seconds = secondsSince(start);
        if (r == 0) {  // calibrate the size of a repetition on the first one
            steps = std::max(10'000L, long(double(steps) * (secondsPerCase / 5) / std::max(seconds, 1e-6)));
            continue;
        }
        samples.push_back(seconds * 1e9 / double(steps));
    }
    std::sort(samples.begin(), samples.end());
    BenchResult result;
    result.name = "runner/lif";
    result.description = "one LIF neuron in the threaded SimulationRunner, as fast as possible, recording + publishing";
    result.neurons = 1;
    result.steps = steps;
    result.repetitions = int(samples.size());
    result.nsPerNeuronStep = samples[samples.size() / 2];
    result.nsPerNeuronStepMin = samples.front();
    if (auto frame = runner.takeFrame())
        result.spikesPerNeuronSecond = frame->metrics.at("mean_rate_hz");
    return result.repetitions ? std::vector<BenchResult>{result} : std::vector<BenchResult>{};
}

// One cell and 10,000 independent cells of a two-variable model at its default step, the population with a spread
// of constant inputs from `lo` to `hi` (some silent, the rest firing at a spread of rates).
template <typename M>
std::vector<BenchResult> benchTwoVariable(const std::string& group, const std::string& what, double single, double lo,
                                          double hi, const std::string& unit, double secondsPerCase)
{
    M neuron;
    neuron.setParameter("i_ext", single);
    neuron.reset(1);
    const std::string step = ", dt " + formatValue(neuron.dt()) + " ms, I ";
    std::vector<BenchResult> results;
    results.push_back(timeNeuron(group + "/1", "one " + what + " neuron" + step + formatValue(single) + " " + unit,
                                 neuron, secondsPerCase));
    M population;
    spreadInputs(population, 10000, lo, hi);
    results.push_back(timeNeuron(group + "/10000",
                                 "10,000 independent " + what + " neurons" + step + formatValue(lo) + "–" +
                                     formatValue(hi) + " " + unit,
                                 population, secondsPerCase));
    return results;
}

std::vector<BenchResult> benchIzhikevich(double secondsPerCase)
{
    // Regular-spiking defaults, paper scheme at dt 0.25 ms.
    return benchTwoVariable<Izhikevich>("izhikevich", "Izhikevich RS (paper scheme)", 10, 0, 20, "mV/ms",
                                        secondsPerCase);
}

std::vector<BenchResult> benchAdex(double secondsPerCase)
{
    // Brette & Gerstner 2005 defaults, RK4 at dt 0.02 ms; rheobase about 627 pA.
    return benchTwoVariable<AdEx>("adex", "AdEx (RK4)", 1000, 400, 1400, "pA", secondsPerCase);
}

// Times `body(n)` (n operations) like timeCase: doubles n (from firstCount) until a repetition takes >= 1/5 of the budget, then reports
// the median and the best of five repetitions in operations per second.
template <typename Body>
BenchResult timeThroughput(std::string name, std::string description, std::string operation, double secondsPerCase,
                           Body&& body, long firstCount = 1000)
{
    long n = firstCount;
    for (;;) {
        const auto start = Clock::now();
        body(n);
        if (secondsSince(start) >= secondsPerCase / 5 || n > (1L << 40))
            break;
        n *= 2;
    }
    std::vector<double> rates, cpuRates;
    for (int r = 0; r < 5; ++r) {
        const auto start = Clock::now();
        const std::clock_t cpuStart = std::clock();
        body(n);
        const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        rates.push_back(double(n) / std::max(secondsSince(start), 1e-9));
        cpuRates.push_back(double(n) / std::max(cpuSeconds, 1e-9));
    }
    std::sort(rates.begin(), rates.end());
    std::sort(cpuRates.begin(), cpuRates.end());
    BenchResult result;
    result.name = std::move(name);
    result.description = std::move(description);
    result.operation = std::move(operation);
    result.steps = n;
    result.operations = n;
    result.repetitions = 5;
    result.opsPerSecond = rates[2];
    result.opsPerSecondBest = rates.back();
    result.opsPerCpuSecond = cpuRates[2];
    return result;
}

// The replay SumTree with 10^6 stored transitions (issue 11: > 5 million operations per second). One operation is a
// proportional draw (prefix-sum descent from the root to a leaf) together with the priority update of the drawn leaf
// (leaf write and recomputation of its ancestors' sum, max and min): the inner loop of prioritized replay, counted
// once per pair (a draw and an update are not counted separately). "sumtree/1e6" draws one leaf at a time,
// "sumtree/1e6/batch32" draws minibatches of 32 with findMany (interleaved descents, as the buffer samples) and then
// updates the 32 leaves. "replay/1e6" is the whole ReplayBuffer path per transition: batches of 32 drawn
// (probabilities, importance weights, transition copies, sample counts) and then updatePriorities (p = |δ| + ε,
// raised to α).
std::vector<BenchResult> benchSumTree(double secondsPerCase)
{
    constexpr std::size_t kStored = 1'000'000;
    constexpr std::size_t kBatch = 32;
    std::vector<BenchResult> results;
    {
        rl::SumTree tree(kStored);
        Random rng(42);
        for (std::size_t i = 0; i < kStored; ++i)
            tree.set(i, 0.01 + rng.uniform());
        std::size_t sink = 0;
        results.push_back(timeThroughput(
            "sumtree/1e6", "SumTree over 10^6 priorities: one proportional draw, then the drawn leaf's update",
            "draw + update", secondsPerCase, [&](long n) {
                for (long k = 0; k < n; ++k) {
                    const std::size_t leaf = tree.find(rng.uniform() * tree.total());
                    tree.set(leaf, 0.01 + rng.uniform());
                    sink += leaf;
                }
            }));
        std::vector<double> targets(kBatch);
        std::vector<std::size_t> leaves(kBatch);
        results.push_back(timeThroughput(
            "sumtree/1e6/batch32",
            "SumTree over 10^6 priorities: 32 draws (findMany), then the 32 drawn leaves' updates",
            "draw + update", secondsPerCase, [&](long n) {
                for (long k = 0; k < n; k += long(kBatch)) {
                    const double total = tree.total();
                    for (double& t : targets)
                        t = rng.uniform() * total;
                    tree.findMany(targets, leaves);
                    for (std::size_t leaf : leaves) {
                        tree.set(leaf, 0.01 + rng.uniform());
                        sink += leaf;
                    }
                }
            }));
        if (sink == 1)  // keeps the loops' results alive
            results.back().description += " ";
    }
    {
        rl::ReplayConfig config;
        config.capacity = kStored;
        config.sampler = rl::ReplaySampler::Proportional;
        rl::ReplayBuffer buffer(config);
        Random rng(43);
        std::vector<std::size_t> slots;
        std::vector<double> deltas;
        for (std::size_t i = 0; i < kStored; ++i) {
            rl::Transition t;
            t.state = int(i % 1000);
            t.nextState = int((i + 1) % 1000);
            slots.push_back(buffer.add(t));
            deltas.push_back(rng.normal());
        }
        buffer.updatePriorities(slots, deltas);
        std::vector<double> td(kBatch);
        results.push_back(timeThroughput(
            "replay/1e6", "ReplayBuffer, proportional, 10^6 transitions: batches of 32 drawn, then their priorities set",
            "draw + update (per transition)", secondsPerCase, [&](long n) {
                for (long k = 0; k < n; k += long(kBatch)) {
                    const rl::ReplayBatch batch = buffer.sample(kBatch, rng);
                    for (std::size_t j = 0; j < kBatch; ++j)
                        td[j] = rng.normal();
                    buffer.updatePriorities(batch.indices, td);
                }
            }));
    }
    return results;
}

// The attention models of issue 12, one operation = the forward and backward pass of one training batch (gradients
// accumulated in the chunks training uses, no optimiser step), the figure to set against PyTorch's for the same model and batch
// (tests/data/pytorch/attention_bench.py runs both): "attention/vit" the default tiny ViT (16 × 16 images, 4 × 4
// patches, d 32, 2 heads, 2 layers, MLP 64) on a batch of 32 rendered shapes; "attention/sequence" the default
// sequence transformer (d 32, 2 heads, 2 layers, MLP 64, causal, learned positions) on 16 copy-task sequences of 40
// tokens; "attention/rnn" the vanilla RNN (embedding 32, 128 units) on the same 16 sequences.
std::vector<BenchResult> benchAttention(double secondsPerCase)
{
    std::vector<BenchResult> results;
    {
        nn::VisionTransformer vit(nn::VitConfig{}, 1);
        const nn::ShapeImages images = nn::renderShapes(nn::ShapeImageSettings{}, 32, 2);
        const nn::TensorList params = vit.parameters();
        std::vector<const Eigen::MatrixXd*> pointers;
        for (const Eigen::MatrixXd& image : images.images)
            pointers.push_back(&image);
        results.push_back(timeThroughput(
            "attention/vit", "tiny ViT (16×16, patches 4×4, d 32, 2 heads, 2 layers): forward + backward, batch 32",
            "batch", secondsPerCase, [&](long n) {
                for (long k = 0; k < n; ++k) {
                    nn::zeroGradients(params);
                    nn::accumulateGradients(vit, pointers, images.labels);
                }
            },
            1));
    }
    const nn::CopyTask task;
    std::vector<std::vector<int>> inputs(16), targets(16);
    Random rng(3);
    for (std::size_t b = 0; b < inputs.size(); ++b)
        task.sample(rng, inputs[b], targets[b]);
    std::vector<int> allTargets;
    for (const std::vector<int>& t : targets)
        allTargets.insert(allTargets.end(), t.begin(), t.end());
    const auto sequenceBatch = [&](nn::SequenceModel& model, const nn::TensorList& params) {
        nn::zeroGradients(params);
        nn::accumulateSequenceGradients(model, inputs, allTargets, double(16 * task.length));
    };
    {
        nn::SequenceTransformerConfig c;
        c.vocabulary = task.vocabulary();
        c.maxLength = task.sequenceLength();
        nn::SequenceTransformer model(c, 1);
        const nn::TensorList params = model.parameters();
        results.push_back(timeThroughput(
            "attention/sequence",
            "sequence transformer (d 32, 2 heads, 2 layers, causal): forward + backward, 16 sequences of 40",
            "batch", secondsPerCase, [&](long n) {
                for (long k = 0; k < n; ++k)
                    sequenceBatch(model, params);
            },
            1));
    }
    {
        nn::VanillaRnn model(task.vocabulary(), 32, 128, 1);
        const nn::TensorList params = model.parameters();
        results.push_back(timeThroughput("attention/rnn",
                                         "vanilla RNN (128 units): forward + backward, 16 sequences of 40", "batch",
                                         secondsPerCase, [&](long n) {
                                             for (long k = 0; k < n; ++k)
                                                 sequenceBatch(model, params);
                                         },
                                         1));
    }
    return results;
}

// The models the panels of chapters 10-14 train, at their defaults: what a reader waits for. Whole runs for the
// quick ones, steps per second for the character model (its training time is steps × the time of a step).
std::vector<BenchResult> benchTraining(double secondsPerCase)
{
    std::vector<BenchResult> results;
    Progress progress;
    // A whole batch experiment at its defaults, as one operation.
    const auto wholeRun = [&](const char* name, const char* description, std::vector<ParamSpec> specs,
                              ExperimentResult (*run)(const ParamSet&, Progress&)) {
        const ParamSet p(std::move(specs));
        results.push_back(timeThroughput(name, description, "run", secondsPerCase, [&](long n) {
            for (long k = 0; k < n; ++k)
                run(p, progress);
        }, 1));
    };
    wholeRun("training/mlp",
             "chapter 10's network at its defaults (spirals, 2 × 16 tanh, Adam, 3000 steps of 32, with the curves)",
             deep::mlpTrainingSpecs(), deep::runMlpTraining);
    for (const lm::ModelSize size : {lm::ModelSize::Tiny, lm::ModelSize::Small}) {
        const lm::Vocabulary& vocabulary = lm::builtInVocabulary();
        lm::CharLanguageModel model(vocabulary, lm::configOf(size), 1);
        const bool tiny = size == lm::ModelSize::Tiny;
        lm::TrainerSettings settings;
        settings.batch = 8;
        settings.learningRate = tiny ? 1e-2 : 3e-3;
        lm::LanguageModelTrainer trainer(model, vocabulary.encode(lm::liveTrainingText()), settings, 2);
        results.push_back(timeThroughput(tiny ? "training/char-tiny" : "training/char-small",
                                         tiny ? "chapter 12's tiny character model (3898 parameters): one Adam step "
                                                "on 8 windows of 16"
                                              : "chapter 12's small character model (62 k parameters): one Adam "
                                                "step on 8 windows of 32",
                                         "step", secondsPerCase, [&](long n) {
                                             for (long k = 0; k < n; ++k)
                                                 trainer.step();
                                         },
                                         tiny ? 50 : 5));
    }
    wholeRun("training/diffusion",
             "chapter 13 at its defaults: the score network's 1000 Adam steps, reverse sampling of 1000 points and "
             "the checks",
             diffusion::diffusionSpecs(), diffusion::runDiffusion);
    wholeRun("training/ewc",
             "chapter 14's forgetting experiment at its defaults (tasks A then B, plain and with EWC, the λ sweep, 3 "
             "seeds)",
             frontiers::ewcSpecs(), frontiers::runEwc);
    return results;
}

}  // namespace

std::span<const BenchGroup> benchmarkGroups()
{
    static const BenchGroup table[] = {
        {"lif", "LIF neuron: 1 cell and 10,000 independent cells", benchLif},
        {"runner", "threaded runner throughput with recording and publication", benchRunner},
        {"izhikevich", "Izhikevich neuron: 1 cell and 10,000 independent cells", benchIzhikevich},
        {"adex", "AdEx neuron: 1 cell and 10,000 independent cells", benchAdex},
        {"hh", "Hodgkin–Huxley neuron: 1 cell and 4000 independent cells, each integration method", benchHh},
        {"sumtree", "prioritized replay: SumTree and ReplayBuffer draw + update throughput with 10^6 transitions",
         benchSumTree},
        {"attention", "attention models: forward + backward per training batch (ViT, sequence transformer, RNN)",
         benchAttention},
        {"training", "the models chapters 10-14 train, at their defaults (whole runs, or steps of the character model)",
         benchTraining},
    };
    return table;
}

}  // namespace neuroai
