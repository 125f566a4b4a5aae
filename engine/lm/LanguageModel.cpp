#include "engine/lm/LanguageModel.h"

#include "engine/core/Job.h"
#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::lm {

namespace {

nn::SequenceTransformerConfig transformerConfig(const Vocabulary& vocabulary, const LanguageModelConfig& config)
{
    config.validate();
    nn::SequenceTransformerConfig c;
    c.vocabulary = vocabulary.size();
    c.maxLength = config.context;
    c.dim = config.dim;
    c.heads = config.heads;
    c.layers = config.layers;
    c.mlpHidden = config.mlpHidden;
    c.causal = true;
    c.positions = nn::PositionalEncoding::Learned;
    return c;
}

void checkTokens(const std::vector<int>& tokens, int vocabulary, const char* who, const char* name)
{
    for (const int t : tokens)
        require(t >= 0 && t < vocabulary, who, name, t, "is a token outside [0, " + std::to_string(vocabulary) + ")");
}

}  // namespace

// ------------------------------------------------------------------------------------------------ configuration

void LanguageModelConfig::validate() const
{
    nn::checkSize("language model", "context", context, 2, 512);
    nn::checkTransformerShape("language model", dim, heads, layers, mlpHidden);
}

LanguageModelConfig tinyLanguageModelConfig()
{
    LanguageModelConfig c;
    c.context = 16;
    c.dim = 16;
    c.heads = 2;
    c.layers = 1;
    c.mlpHidden = 32;
    return c;
}

void LoraSettings::validate() const
{
    require(rank >= 1 && rank <= 4096, "LoRA", "rank", rank, "must be in [1, 4096]");
    require(std::isfinite(alpha) && alpha > 0, "LoRA", "alpha", alpha, "must be finite and > 0");
    require(attention || mlp, "LoRA", "targets", 0, "must include the attention or the MLP maps");
}

long loraParameterCount(int rank, int in, int out)
{
    require(rank >= 1, "loraParameterCount", "rank", rank, "must be ≥ 1");
    require(in >= 1, "loraParameterCount", "in", in, "must be ≥ 1");
    require(out >= 1, "loraParameterCount", "out", out, "must be ≥ 1");
    return long(rank) * (long(in) + long(out));
}

long loraParameterCount(const LanguageModelConfig& config, const LoraSettings& lora)
{
    config.validate();
    lora.validate();
    long perBlock = 0;
    if (lora.attention)
        perBlock += 4 * loraParameterCount(lora.rank, config.dim, config.dim);
    if (lora.mlp)
        perBlock += loraParameterCount(lora.rank, config.dim, config.mlpHidden) +
                    loraParameterCount(lora.rank, config.mlpHidden, config.dim);
    return long(config.layers) * perBlock;
}

// ------------------------------------------------------------------------------------------------------ windows

namespace {
void checkWindowRequest(const std::vector<int>& tokens, int length, const char* who)
{
    require(length >= 1, who, "length", length, "must be ≥ 1");
    require(tokens.size() >= std::size_t(length) + 1, who, "tokens", double(tokens.size()),
            "must be at least length + 1 = " + std::to_string(length + 1) + " long");
}
}  // namespace

TextWindows randomWindows(const std::vector<int>& tokens, int length, int count, Random& rng)
{
    checkWindowRequest(tokens, length, "randomWindows");
    require(count >= 1, "randomWindows", "count", count, "must be ≥ 1");
    const std::uint64_t starts = std::uint64_t(tokens.size()) - std::uint64_t(length);
    TextWindows w;
    w.inputs.reserve(std::size_t(count));
    w.targets.reserve(std::size_t(count) * std::size_t(length));
    for (int b = 0; b < count; ++b) {
        const auto first = tokens.begin() + std::ptrdiff_t(rng.bits() % starts);
        w.inputs.emplace_back(first, first + length);
        w.targets.insert(w.targets.end(), first + 1, first + 1 + length);
    }
    return w;
}

std::vector<TextWindows> tilingWindows(const std::vector<int>& tokens, int length)
{
    checkWindowRequest(tokens, 1, "tilingWindows");
    require(length >= 1, "tilingWindows", "length", length, "must be ≥ 1");
    std::vector<TextWindows> batches(1);
    const std::size_t predictable = tokens.size() - 1;
    for (std::size_t first = 0; first < predictable; first += std::size_t(length)) {
        const std::size_t n = std::min(std::size_t(length), predictable - first);
        if (n < std::size_t(length))
            batches.emplace_back();
        TextWindows& w = batches.back();
        const auto begin = tokens.begin() + std::ptrdiff_t(first);
        w.inputs.emplace_back(begin, begin + std::ptrdiff_t(n));
        w.targets.insert(w.targets.end(), begin + 1, begin + 1 + std::ptrdiff_t(n));
    }
    if (batches.front().inputs.empty())
        batches.erase(batches.begin());
    return batches;
}

// -------------------------------------------------------------------------------------------------------- model

CharLanguageModel::CharLanguageModel(const Vocabulary& vocabulary, const LanguageModelConfig& config,
                                     std::uint64_t seed)
    : m_vocabulary(vocabulary), m_config(config), m_transformer(transformerConfig(vocabulary, config), seed)
{
}

nn::Matrix CharLanguageModel::logits(const std::vector<std::vector<int>>& inputs)
{
    writeAdaptedWeights();
    return m_transformer.forwardBatch(inputs);
}

namespace {
double meanCrossEntropy(const nn::Matrix& logits, const std::vector<int>& targets, int vocabulary)
{
    require(std::size_t(logits.cols()) == targets.size(), "language model", "targets", double(targets.size()),
            "must number the input positions, " + std::to_string(logits.cols()));
    checkTokens(targets, vocabulary, "language model", "targets entry");
    double loss = 0;
    for (Eigen::Index c = 0; c < logits.cols(); ++c) {
        const double top = logits.col(c).maxCoeff();
        const double logSum = top + std::log((logits.col(c).array() - top).exp().sum());
        loss += logSum - logits(targets[std::size_t(c)], c);
    }
    return loss / double(logits.cols());
}
}  // namespace

double CharLanguageModel::loss(const TextWindows& windows)
{
    return meanCrossEntropy(logits(windows.inputs), windows.targets, m_vocabulary.size());
}

double CharLanguageModel::lossAndGradients(const TextWindows& windows)
{
    const int length = nn::SequenceModel::lengthOf(windows.inputs);
    require(windows.targets.size() == windows.inputs.size() * std::size_t(length), "language model", "targets",
            double(windows.targets.size()), "must number the input positions");
    checkTokens(windows.targets, m_vocabulary.size(), "language model", "targets entry");
    writeAdaptedWeights();
    const nn::TensorList base = parameters();
    nn::zeroGradients(base);
    nn::zeroGradients(adapterParameters());
    const double n = double(windows.targets.size());
    const nn::SequenceBatchResult r =
        nn::accumulateSequenceGradients(m_transformer, windows.inputs, windows.targets, n);
    adapterBackward();
    return r.loss / n;
}

double CharLanguageModel::evaluate(const std::vector<int>& tokens)
{
    checkTokens(tokens, m_vocabulary.size(), "language model", "tokens entry");
    double sum = 0;
    int positions = 0;
    for (const TextWindows& w : tilingWindows(tokens, m_config.context)) {
        sum += loss(w) * w.positions();
        positions += w.positions();
    }
    return sum / positions;
}

Eigen::VectorXd CharLanguageModel::nextTokenLogits(const std::vector<int>& context)
{
    require(!context.empty(), "language model", "context length", 0, "must be ≥ 1 token");
    checkTokens(context, m_vocabulary.size(), "language model", "context token");
    const std::size_t keep = std::min(context.size(), std::size_t(m_config.context));
    const std::vector<int> window(context.end() - std::ptrdiff_t(keep), context.end());
    const nn::Matrix l = logits({window});
    return l.col(l.cols() - 1);
}

Eigen::VectorXd CharLanguageModel::nextTokenLogits(std::string_view context)
{
    return nextTokenLogits(m_vocabulary.encode(context, "context"));
}

std::string CharLanguageModel::generate(std::string_view prompt, int count, const SamplingSettings& settings,
                                        Random& rng)
{
    settings.validate();
    require(count >= 0 && count <= 100000, "language model", "count", count, "must be in [0, 100000]");
    require(!prompt.empty(), "language model", "prompt length", 0, "must be ≥ 1 character");
    std::vector<int> tokens = m_vocabulary.encode(prompt, "prompt");
    std::string out;
    out.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const int next = sampleToken(samplingDistribution(nextTokenLogits(tokens), settings), rng);
        tokens.push_back(next);
        out.push_back(m_vocabulary.character(next));
    }
    return out;
}

nn::TensorList CharLanguageModel::parameters()
{
    return m_transformer.parameters();
}

long CharLanguageModel::parameterCount()
{
    return long(nn::parameterCount(parameters()));
}

// --------------------------------------------------------------------------------------------------------- LoRA

void CharLanguageModel::addAdapters(const LoraSettings& lora, std::uint64_t seed)
{
    lora.validate();
    if (hasAdapters())
        throw std::logic_error("language model: LoRA adapters are already present (remove or merge them first)");
    std::vector<std::string> names;
    for (int l = 0; l < m_config.layers; ++l) {
        const std::string block = "block" + std::to_string(l);
        if (lora.attention)
            for (const char* map : {"query", "key", "value", "output"})
                names.push_back(block + ".attention." + map + ".weight");
        if (lora.mlp)
            for (const char* map : {"in", "out"})
                names.push_back(block + ".mlp." + map + ".weight");
    }
    const nn::TensorList params = parameters();
    Random rng(seed);
    std::vector<LoraAdapter> adapters;
    adapters.reserve(names.size());
    for (const std::string& name : names) {
        const auto found =
            std::find_if(params.begin(), params.end(), [&](const nn::Tensor* t) { return t->name == name; });
        if (found == params.end())
            throw std::logic_error("language model: no weight named " + name + " to adapt");
        const nn::Tensor& w = **found;
        LoraAdapter a;
        a.target = std::size_t(found - params.begin());
        a.targetName = name;
        a.base = w.value;
        const Eigen::Index out = w.value.rows(), in = w.value.cols();
        a.a = nn::Tensor(name + ".lora_A", lora.rank, in);
        a.a.randomise(rng, 1.0 / std::sqrt(double(in)));
        a.b = nn::Tensor(name + ".lora_B", out, lora.rank);
        a.scale = lora.scale();
        adapters.push_back(std::move(a));
    }
    m_adapters = std::move(adapters);
}

void CharLanguageModel::removeAdapters()
{
    const nn::TensorList params = parameters();
    for (const LoraAdapter& a : m_adapters)
        params[a.target]->value = a.base;
    m_adapters.clear();
}

void CharLanguageModel::mergeAdapters()
{
    writeAdaptedWeights();
    m_adapters.clear();
}

nn::TensorList CharLanguageModel::adapterParameters()
{
    nn::TensorList list;
    for (LoraAdapter& a : m_adapters) {
        list.push_back(&a.a);
        list.push_back(&a.b);
    }
    return list;
}

long CharLanguageModel::adapterParameterCount() const
{
    long n = 0;
    for (const LoraAdapter& a : m_adapters)
        n += a.parameterCount();
    return n;
}

void CharLanguageModel::writeAdaptedWeights()
{
    if (m_adapters.empty())
        return;
    const nn::TensorList params = parameters();
    for (const LoraAdapter& a : m_adapters) {
        nn::Tensor& w = *params[a.target];
        w.value = a.base;
        w.value.noalias() += a.scale * (a.b.value * a.a.value);
    }
}

void CharLanguageModel::adapterBackward()
{
    if (m_adapters.empty())
        return;
    const nn::TensorList params = parameters();
    for (LoraAdapter& a : m_adapters) {
        const nn::Matrix& g = params[a.target]->grad;
        a.a.grad.noalias() += a.scale * (a.b.value.transpose() * g);
        a.b.grad.noalias() += a.scale * (g * a.a.value.transpose());
    }
}

// ------------------------------------------------------------------------------------------------------ trainer

void TrainerSettings::validate() const
{
    require(batch >= 1 && batch <= 4096, "trainer", "batch", batch, "must be in [1, 4096]");
    require(std::isfinite(learningRate) && learningRate > 0 && learningRate <= 10, "trainer", "learning_rate",
            learningRate, "must be in (0, 10]");
    require(std::isfinite(clipNorm) && clipNorm >= 0, "trainer", "clip_norm", clipNorm, "must be finite and ≥ 0");
}

namespace {

nn::TensorList trainedTensors(CharLanguageModel& model, const std::vector<int>& tokens, const TrainerSettings& s)
{
    s.validate();
    require(tokens.size() >= 2, "trainer", "tokens", double(tokens.size()), "must be at least 2 long");
    checkTokens(tokens, model.vocabulary().size(), "trainer", "tokens entry");
    require(s.adaptersOnly == model.hasAdapters(), "trainer", "adaptersOnly", s.adaptersOnly ? 1 : 0,
            s.adaptersOnly ? "needs a model with LoRA adapters" :
                             "must be set (1) for a model with LoRA adapters: full training would be overwritten "
                             "by the adapted weights (merge or remove them first)");
    return s.adaptersOnly ? model.adapterParameters() : model.parameters();
}

nn::OptimizerSettings adam(double learningRate)
{
    nn::OptimizerSettings o;
    o.kind = nn::OptimizerSettings::Kind::Adam;
    o.learningRate = learningRate;
    return o;
}

}  // namespace

LanguageModelTrainer::LanguageModelTrainer(CharLanguageModel& model, std::vector<int> tokens,
                                           const TrainerSettings& settings, std::uint64_t seed)
    : m_model(model),
      m_tokens(std::move(tokens)),
      m_settings(settings),
      m_rng(seed),
      m_trained(trainedTensors(model, m_tokens, settings)),
      m_optimizer(adam(settings.learningRate), m_trained)
{
    m_length = int(std::min<std::size_t>(std::size_t(model.config().context), m_tokens.size() - 1));
}

double LanguageModelTrainer::step()
{
    const TextWindows w = randomWindows(m_tokens, m_length, m_settings.batch, m_rng);
    const double loss = m_model.lossAndGradients(w);
    if (m_settings.clipNorm > 0) {
        double squared = 0;
        for (const nn::Tensor* t : m_trained)
            squared += t->grad.squaredNorm();
        const double norm = std::sqrt(squared);
        if (norm > m_settings.clipNorm)
            for (nn::Tensor* t : m_trained)
                t->grad *= m_settings.clipNorm / norm;
    }
    m_optimizer.step();
    ++m_steps;
    return loss;
}

std::vector<double> LanguageModelTrainer::train(int steps, const Progress* progress)
{
    require(steps >= 0, "trainer", "steps", steps, "must be ≥ 0");
    std::vector<double> losses;
    losses.reserve(std::size_t(steps));
    for (int s = 0; s < steps; ++s) {
        if (progress)
            progress->throwIfCancelled();
        losses.push_back(step());
    }
    return losses;
}

long LanguageModelTrainer::trainableParameters() const
{
    return long(nn::parameterCount(m_trained));
}

}  // namespace neuroai::lm
