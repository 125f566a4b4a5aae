#include "engine/nn/Sequence.h"

#include "engine/core/Job.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::nn {

void CopyTask::validate() const
{
    checkSize("copy task", "symbols", symbols, 2, 64);
    checkSize("copy task", "length", length, 1, 64);
}

void CopyTask::sample(Random& rng, std::vector<int>& inputs, std::vector<int>& targets) const
{
    inputs.assign(std::size_t(sequenceLength()), blank());
    targets.assign(std::size_t(sequenceLength()), -1);
    for (int t = 0; t < length; ++t) {
        const int s = int(rng.bits() % std::uint64_t(symbols));
        inputs[std::size_t(t)] = s;
        targets[std::size_t(t + length)] = s;
    }
}

Embedding::Embedding(const std::string& name, int vocabulary, int features, Random& rng)
    : m_table(name + ".table", features, vocabulary)
{
    if (vocabulary < 1 || features < 1)
        throw std::invalid_argument("Embedding " + name + ": vocabulary and features must be ≥ 1");
    m_table.randomise(rng, 1.0);
}

Matrix Embedding::forward(const std::vector<int>& tokens)
{
    Matrix out(m_table.value.rows(), Eigen::Index(tokens.size()));
    for (std::size_t t = 0; t < tokens.size(); ++t) {
        if (tokens[t] < 0 || tokens[t] >= vocabulary())
            throw std::invalid_argument(m_table.name + ": token " + std::to_string(tokens[t]) + " outside [0, " +
                                        std::to_string(vocabulary()) + ")");
        out.col(Eigen::Index(t)) = m_table.value.col(tokens[t]);
    }
    m_tokens = tokens;
    return out;
}

void Embedding::backward(const Matrix& dy)
{
    for (std::size_t t = 0; t < m_tokens.size(); ++t)
        m_table.grad.col(m_tokens[t]) += dy.col(Eigen::Index(t));
}

void SequenceTransformerConfig::validate() const
{
    const char* owner = "sequence transformer";
    checkSize(owner, "vocabulary", vocabulary, 2, 4096);
    checkSize(owner, "maxLength", maxLength, 1, 4096);
    checkTransformerShape(owner, dim, heads, layers, mlpHidden);
}

SequenceTransformer::SequenceTransformer(const SequenceTransformerConfig& config, std::uint64_t seed)
    : m_config(validated(config)),
      m_rng(seed),
      m_embedding("embedding", config.vocabulary, config.dim, m_rng),
      m_positions("positions", config.dim, config.maxLength),
      m_norm("norm", config.dim),
      m_head("head", config.dim, config.vocabulary, m_rng)
{
    if (config.positions == PositionalEncoding::Learned)
        m_positions.randomise(m_rng, 1.0);
    m_fixedPositions = config.positions == PositionalEncoding::Sinusoidal ? sinusoidalEncoding(config.dim, config.maxLength)
                                                                          : Matrix::Zero(config.dim, config.maxLength);
    m_blocks.reserve(std::size_t(config.layers));
    for (int l = 0; l < config.layers; ++l)
        m_blocks.emplace_back("block" + std::to_string(l), config.dim, config.heads, config.mlpHidden, m_rng,
                              config.causal);
}

Matrix SequenceTransformer::positionTable() const
{
    return m_config.positions == PositionalEncoding::Learned ? m_positions.value : m_fixedPositions;
}

void SequenceTransformer::setTemperature(double tau)
{
    for (TransformerBlock& block : m_blocks)
        block.attention().setTemperature(tau);
}

int SequenceModel::lengthOf(const std::vector<std::vector<int>>& sequences)
{
    if (sequences.empty() || sequences.front().empty())
        throw std::invalid_argument("sequence model: an empty batch or an empty sequence");
    const std::size_t length = sequences.front().size();
    for (const std::vector<int>& s : sequences)
        if (s.size() != length)
            throw std::invalid_argument("sequence model: sequences of " + std::to_string(length) + " and " +
                                        std::to_string(s.size()) + " tokens in one batch");
    return int(length);
}

Matrix SequenceTransformer::forwardBatch(const std::vector<std::vector<int>>& sequences)
{
    const int length = lengthOf(sequences);
    if (length > m_config.maxLength)
        throw std::invalid_argument("sequence transformer: " + std::to_string(length) +
                                    " tokens, expected 1 to maxLength = " + std::to_string(m_config.maxLength));
    m_length = length;
    m_batch = int(sequences.size());
    std::vector<int> tokens;
    tokens.reserve(std::size_t(m_batch) * std::size_t(length));
    for (const std::vector<int>& s : sequences)
        tokens.insert(tokens.end(), s.begin(), s.end());
    Matrix x = m_embedding.forward(tokens);
    const Matrix& positions = m_config.positions == PositionalEncoding::Learned ? m_positions.value : m_fixedPositions;
    for (int b = 0; b < m_batch; ++b)
        x.middleCols(Eigen::Index(b) * length, length) += positions.leftCols(length);
    for (TransformerBlock& block : m_blocks)
        x = block.forward(x, length);
    return m_head.forward(m_norm.forward(x));
}

void SequenceTransformer::backwardBatch(const Matrix& dLogits)
{
    Matrix dx = m_norm.backward(m_head.backward(dLogits));
    for (auto it = m_blocks.rbegin(); it != m_blocks.rend(); ++it)
        dx = it->backward(dx);
    if (m_config.positions == PositionalEncoding::Learned)
        for (int b = 0; b < m_batch; ++b)
            m_positions.grad.leftCols(m_length) += dx.middleCols(Eigen::Index(b) * m_length, m_length);
    m_embedding.backward(dx);
}

TensorList SequenceTransformer::parameters()
{
    TensorList list;
    m_embedding.collect(list);
    if (m_config.positions == PositionalEncoding::Learned)
        list.push_back(&m_positions);
    for (TransformerBlock& block : m_blocks)
        block.collect(list);
    m_norm.collect(list);
    m_head.collect(list);
    return list;
}

namespace {
std::uint64_t checkedRnn(int vocabulary, int embedding, int hidden, std::uint64_t seed)
{
    checkSize("vanilla RNN", "vocabulary", vocabulary, 1, 16384);
    checkSize("vanilla RNN", "embedding", embedding, 1, 16384);
    checkSize("vanilla RNN", "hidden", hidden, 1, 16384);
    return seed;
}
}  // namespace

VanillaRnn::VanillaRnn(int vocabulary, int embedding, int hidden, std::uint64_t seed)
    : m_rng(checkedRnn(vocabulary, embedding, hidden, seed)),
      m_embedding("rnn.embedding", vocabulary, embedding, m_rng),
      m_wx("rnn.input", hidden, embedding),
      m_wh("rnn.recurrent", hidden, hidden),
      m_b("rnn.bias", hidden, 1),
      m_out("rnn.output", hidden, vocabulary, m_rng)
{
    m_wx.randomise(m_rng, 1.0 / std::sqrt(double(embedding)));
    m_wh.randomise(m_rng, 1.0 / std::sqrt(double(hidden)));
}

Matrix VanillaRnn::forwardBatch(const std::vector<std::vector<int>>& sequences)
{
    m_length = lengthOf(sequences);
    m_batch = int(sequences.size());
    const Eigen::Index B = m_batch, T = m_length, H = m_wh.value.rows();
    std::vector<int> timeMajor(std::size_t(B * T));
    for (Eigen::Index t = 0; t < T; ++t)
        for (Eigen::Index b = 0; b < B; ++b)
            timeMajor[std::size_t(t * B + b)] = sequences[std::size_t(b)][std::size_t(t)];
    m_e = m_embedding.forward(timeMajor);
    m_h.resize(H, T * B);
    for (Eigen::Index t = 0; t < T; ++t) {
        Matrix a = m_wx.value * m_e.middleCols(t * B, B);
        if (t > 0)
            a.noalias() += m_wh.value * m_h.middleCols((t - 1) * B, B);
        a.colwise() += m_b.value.col(0);
        m_h.middleCols(t * B, B) = a.array().tanh().matrix();
    }
    const Matrix logits = m_out.forward(m_h);
    Matrix out(logits.rows(), logits.cols());  // back to sequence-major
    for (Eigen::Index t = 0; t < T; ++t)
        for (Eigen::Index b = 0; b < B; ++b)
            out.col(b * T + t) = logits.col(t * B + b);
    return out;
}

void VanillaRnn::backwardBatch(const Matrix& dLogits)
{
    const Eigen::Index B = m_batch, T = m_length;
    Matrix timeMajor(dLogits.rows(), dLogits.cols());
    for (Eigen::Index t = 0; t < T; ++t)
        for (Eigen::Index b = 0; b < B; ++b)
            timeMajor.col(t * B + b) = dLogits.col(b * T + t);
    const Matrix dH = m_out.backward(timeMajor);
    Matrix de(m_e.rows(), T * B);
    Matrix carried = Matrix::Zero(m_h.rows(), B);
    for (Eigen::Index t = T - 1; t >= 0; --t) {
        const Matrix dh = dH.middleCols(t * B, B) + carried;
        const Matrix da = dh.array() * (1 - m_h.middleCols(t * B, B).array().square());
        m_wx.grad.noalias() += da * m_e.middleCols(t * B, B).transpose();
        if (t > 0)
            m_wh.grad.noalias() += da * m_h.middleCols((t - 1) * B, B).transpose();
        m_b.grad.col(0) += da.rowwise().sum();
        de.middleCols(t * B, B).noalias() = m_wx.value.transpose() * da;
        carried.noalias() = m_wh.value.transpose() * da;
    }
    m_embedding.backward(de);
}

TensorList VanillaRnn::parameters()
{
    TensorList list;
    m_embedding.collect(list);
    list.push_back(&m_wx);
    list.push_back(&m_wh);
    list.push_back(&m_b);
    m_out.collect(list);
    return list;
}

namespace {

// Cross-entropy over the scored positions (targets ≥ 0) of a batch's columns: adds the summed loss and its gradient (not yet divided by
// the batch's scored count) and counts the right answers.
void scoreSequence(const Matrix& logits, const std::vector<int>& targets, Matrix& dLogits, double& loss, int& scored,
                   int& correct)
{
    const Matrix p = softmaxColumns(logits);
    dLogits = Matrix::Zero(logits.rows(), logits.cols());
    for (std::size_t t = 0; t < targets.size(); ++t) {
        const int y = targets[t];
        if (y < 0)
            continue;
        const Eigen::Index c = Eigen::Index(t);
        loss -= std::log(std::max(p(y, c), 1e-300));
        dLogits.col(c) = p.col(c);
        dLogits(y, c) -= 1;
        Eigen::Index best = 0;
        logits.col(c).maxCoeff(&best);
        correct += int(best) == y ? 1 : 0;
        ++scored;
    }
}

// Calls f(part, partTargets) for consecutive chunks of the batch, each of the size the model runs fastest.
template <class F>
void forEachChunk(const SequenceModel& model, const std::vector<std::vector<int>>& inputs,
                  const std::vector<int>& targets, int length, F&& f)
{
    const std::size_t chunk = model.preferredColumns() > 0
                                  ? std::size_t(std::max(1, model.preferredColumns() / length))
                                  : inputs.size();
    for (std::size_t first = 0; first < inputs.size(); first += chunk) {
        const std::size_t last = std::min(inputs.size(), first + chunk);
        const std::vector<std::vector<int>> part(inputs.begin() + std::ptrdiff_t(first),
                                                 inputs.begin() + std::ptrdiff_t(last));
        const std::vector<int> partTargets(targets.begin() + std::ptrdiff_t(first * std::size_t(length)),
                                           targets.begin() + std::ptrdiff_t(last * std::size_t(length)));
        f(part, partTargets);
    }
}

}  // namespace

SequenceBatchResult accumulateSequenceGradients(SequenceModel& model, const std::vector<std::vector<int>>& inputs,
                                                const std::vector<int>& targets, double scale)
{
    const int length = SequenceModel::lengthOf(inputs);
    if (targets.size() != inputs.size() * std::size_t(length))
        throw std::invalid_argument("accumulateSequenceGradients: " + std::to_string(targets.size()) + " targets for " +
                                    std::to_string(inputs.size()) + " sequences of " + std::to_string(length));
    SequenceBatchResult result;
    Matrix dLogits;
    forEachChunk(model, inputs, targets, length,
                 [&](const std::vector<std::vector<int>>& part, const std::vector<int>& partTargets) {
                     scoreSequence(model.forwardBatch(part), partTargets, dLogits, result.loss, result.scored,
                                   result.correct);
                     model.backwardBatch(dLogits / scale);
                 });
    return result;
}

SequenceBatchResult trainSequenceBatch(SequenceModel& model, TensorOptimizer& optimizer, const CopyTask& task,
                                       int batch, Random& rng, double clipNorm)
{
    task.validate();
    if (batch < 1)
        throw std::invalid_argument("trainSequenceBatch: batch = " + std::to_string(batch) + " must be ≥ 1");
    const TensorList params = model.parameters();
    zeroGradients(params);
    SequenceBatchResult result;
    const double n = double(batch) * task.length;
    std::vector<std::vector<int>> inputs(static_cast<std::size_t>(batch));
    std::vector<int> targets, allTargets;
    for (std::vector<int>& sequence : inputs) {
        task.sample(rng, sequence, targets);
        allTargets.insert(allTargets.end(), targets.begin(), targets.end());
    }
    result = accumulateSequenceGradients(model, inputs, allTargets, n);
    result.loss /= n;
    double squared = 0;
    for (const Tensor* t : params)
        squared += t->grad.squaredNorm();
    result.gradientNorm = std::sqrt(squared);
    if (clipNorm > 0 && result.gradientNorm > clipNorm)
        for (Tensor* t : params)
            t->grad *= clipNorm / result.gradientNorm;
    optimizer.step();
    return result;
}

double sequenceAccuracy(SequenceModel& model, const CopyTask& task, int sequences, std::uint64_t seed,
                        const Progress* progress)
{
    task.validate();
    if (sequences < 1)
        throw std::invalid_argument("sequenceAccuracy: sequences = " + std::to_string(sequences) + " must be ≥ 1");
    Random rng(seed);
    std::vector<std::vector<int>> inputs(static_cast<std::size_t>(sequences));
    std::vector<int> targets, allTargets;
    for (std::vector<int>& sequence : inputs) {
        task.sample(rng, sequence, targets);
        allTargets.insert(allTargets.end(), targets.begin(), targets.end());
    }
    Matrix dLogits;
    double loss = 0;
    int scored = 0, correct = 0;
    forEachChunk(model, inputs, allTargets, task.sequenceLength(),
                 [&](const std::vector<std::vector<int>>& part, const std::vector<int>& partTargets) {
                     if (progress)
                         progress->throwIfCancelled();
                     scoreSequence(model.forwardBatch(part), partTargets, dLogits, loss, scored, correct);
                 });
    return scored > 0 ? double(correct) / scored : 0.0;
}

}  // namespace neuroai::nn
