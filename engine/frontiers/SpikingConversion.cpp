#include "engine/frontiers/SpikingConversion.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>

namespace neuroai::frontiers {

namespace {

constexpr const char* kSnn = "SpikingConversion";

// The spiking network's state during one inference, advanced a time step at a time.
class Simulator {
public:
    Simulator(const ConvertedSnn& snn, InputCoding coding) : m_snn(snn), m_coding(coding)
    {
        const std::size_t layers = snn.sizes.size();
        m_v.resize(layers);
        for (std::size_t l = 1; l < layers; ++l)
            m_v[l] = Eigen::VectorXd::Zero(snn.sizes[l]);
        spikes.assign(layers - 1, 0);
        if (layers > 2)
            firstHiddenSpikes.assign(std::size_t(snn.sizes[1]), 0);
    }

    void reset(const Eigen::VectorXd& x)
    {
        m_x = x;
        m_encoder = Eigen::VectorXd::Zero(x.size());
        for (std::size_t l = 1; l < m_v.size(); ++l)
            m_v[l].setZero();
        ops = {};
        std::fill(spikes.begin(), spikes.end(), 0);
        std::fill(firstHiddenSpikes.begin(), firstHiddenSpikes.end(), 0);
    }

    void step(Random& rng)
    {
        m_spiking.clear();
        for (Eigen::Index i = 0; i < m_x.size(); ++i) {
            if (m_coding == InputCoding::Bernoulli) {
                if (rng.uniform() < m_x[i])
                    m_spiking.push_back(i);
            } else {
                m_encoder[i] += m_x[i];
                if (m_encoder[i] >= 1.0) {
                    m_encoder[i] -= 1.0;
                    m_spiking.push_back(i);
                }
            }
        }
        const std::size_t top = m_v.size() - 1;
        for (std::size_t l = 0; l < top; ++l) {
            spikes[l] += m_spiking.size();
            if (l == 1)
                for (const Eigen::Index j : m_spiking)
                    ++firstHiddenSpikes[std::size_t(j)];
            // Event-driven: only the units that spiked cost anything, one add per outgoing synapse.
            const Eigen::MatrixXd& w = m_snn.weights[l];
            Eigen::VectorXd& v = m_v[l + 1];
            const Eigen::Index nOut = w.rows();
            for (const Eigen::Index i : m_spiking) {
                const double* column = w.data() + i * nOut;
                for (Eigen::Index j = 0; j < nOut; ++j) {
                    v[j] += column[j];
                    ++ops.adds;
                }
            }
            if (l + 1 == top)
                break;
            m_next.clear();
            for (Eigen::Index j = 0; j < nOut; ++j)
                if (v[j] >= 1.0) {
                    v[j] -= 1.0;
                    m_next.push_back(j);
                }
            m_spiking.swap(m_next);
        }
    }

    const Eigen::VectorXd& outputPotential() const { return m_v.back(); }

    OperationCounts ops;
    std::vector<std::uint64_t> spikes;             // per spiking layer (input, hidden…)
    std::vector<std::uint64_t> firstHiddenSpikes;  // per unit of hidden layer 1

private:
    const ConvertedSnn& m_snn;
    InputCoding m_coding;
    Eigen::VectorXd m_x, m_encoder;
    std::vector<Eigen::VectorXd> m_v;
    std::vector<Eigen::Index> m_spiking, m_next;
};

void checkSnn(const ConvertedSnn& snn)
{
    require(snn.sizes.size() >= 2, kSnn, "layer count", double(snn.sizes.size()), "must be ≥ 2");
    require(snn.weights.size() + 1 == snn.sizes.size(), kSnn, "weight matrices", double(snn.weights.size()),
            "must be one fewer than the layers");
    for (std::size_t l = 0; l < snn.weights.size(); ++l) {
        require(snn.weights[l].rows() == snn.sizes[l + 1] && snn.weights[l].cols() == snn.sizes[l], kSnn,
                "weight rows", double(snn.weights[l].rows()), "do not match the layer sizes");
        require(snn.weights[l].allFinite(), kSnn, "weights", snn.weights[l].sum(), "must be finite");
    }
}

void checkInput(const ConvertedSnn& snn, const Eigen::VectorXd& x)
{
    require(x.size() == snn.sizes.front(), kSnn, "input size", double(x.size()), "differs from the input layer");
    for (Eigen::Index i = 0; i < x.size(); ++i)
        require(std::isfinite(x[i]) && x[i] >= 0 && x[i] <= 1, kSnn, "input rate", x[i], "must be in [0, 1]");
}

}  // namespace

double percentileOf(std::vector<double> values, double percentile)
{
    require(!values.empty(), "percentileOf", "values", 0, "must not be empty");
    require(percentile >= 0 && percentile <= 100, "percentileOf", "percentile", percentile, "must be in [0, 100]");
    std::sort(values.begin(), values.end());
    const double position = percentile / 100.0 * double(values.size() - 1);
    const std::size_t below = std::size_t(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double f = position - double(below);
    return values[below] + f * (values[above] - values[below]);
}

ConvertedSnn convertToSnn(const ReluMlp& net, const Eigen::MatrixXd& calibration, double percentile)
{
    require(!net.hasBias(), kSnn, "bias", 1, "must be absent (the conversion takes a bias-free network)");
    require(percentile >= 50 && percentile <= 100, kSnn, "percentile", percentile, "must be in [50, 100]");
    require(calibration.cols() >= 1, kSnn, "calibration samples", double(calibration.cols()), "must be ≥ 1");
    const ForwardPass pass = net.forward(calibration);
    ConvertedSnn snn;
    snn.sizes = net.sizes();
    const int layers = net.layers();
    snn.scales.assign(std::size_t(layers) + 1, 1.0);
    for (int l = 1; l < layers; ++l) {
        const Eigen::MatrixXd& a = pass.a[std::size_t(l)];
        const double s = percentileOf(std::vector<double>(a.data(), a.data() + a.size()), percentile);
        if (s > 0)
            snn.scales[std::size_t(l)] = s;
    }
    for (int l = 0; l < layers; ++l)
        snn.weights.push_back(net.weight(l) * (snn.scales[std::size_t(l)] / snn.scales[std::size_t(l) + 1]));
    return snn;
}

SnnSingleRun runSnnOnce(const ConvertedSnn& snn, const Eigen::VectorXd& x, int steps, InputCoding coding,
                        std::uint64_t seed)
{
    checkSnn(snn);
    checkInput(snn, x);
    require(steps >= 1 && steps <= 100000, kSnn, "steps", steps, "must be in [1, 100000]");
    Simulator sim(snn, coding);
    sim.reset(x);
    Random rng(seed);
    for (int t = 0; t < steps; ++t)
        sim.step(rng);
    return {sim.ops, sim.spikes, sim.outputPotential()};
}

SnnEvaluation evaluateSnn(const ConvertedSnn& snn, const Dataset& data, const std::vector<int>& checkpoints,
                          InputCoding coding, std::uint64_t seed, const std::vector<int>& reference,
                          int scatterSamples)
{
    checkSnn(snn);
    require(data.samples() >= 1, kSnn, "samples", data.samples(), "must be ≥ 1");
    require(!checkpoints.empty(), kSnn, "checkpoints", 0, "must not be empty");
    for (std::size_t k = 0; k < checkpoints.size(); ++k)
        require(checkpoints[k] >= 1 && checkpoints[k] <= 100000 && (k == 0 || checkpoints[k] > checkpoints[k - 1]),
                kSnn, "checkpoint", checkpoints[k], "must be ascending and in [1, 100000]");
    require(reference.empty() || int(reference.size()) == data.samples(), kSnn, "reference classes",
            double(reference.size()), "must be one per sample (or none)");
    for (Eigen::Index n = 0; n < data.x.cols(); ++n)
        checkInput(snn, data.x.col(n));

    const std::size_t spikingLayers = snn.sizes.size() - 1;
    SnnEvaluation result;
    result.spikesPerLayer.assign(spikingLayers, 0);
    std::vector<int> correct(checkpoints.size(), 0), agree(checkpoints.size(), 0);
    std::vector<double> adds(checkpoints.size(), 0);
    std::vector<std::vector<double>> spikes(checkpoints.size(), std::vector<double>(spikingLayers, 0));
    Simulator sim(snn, coding);
    Random rng(seed);
    const int longest = checkpoints.back();
    const bool scatter = snn.sizes.size() > 2;
    for (int n = 0; n < data.samples(); ++n) {
        sim.reset(data.x.col(n));
        std::size_t next = 0;
        for (int t = 1; t <= longest; ++t) {
            sim.step(rng);
            if (t != checkpoints[next])
                continue;
            Eigen::Index predicted = 0;
            sim.outputPotential().maxCoeff(&predicted);
            // maxCoeff returns the first maximum, as argmaxColumns does.
            correct[next] += int(predicted) == data.labels[std::size_t(n)] ? 1 : 0;
            if (!reference.empty())
                agree[next] += int(predicted) == reference[std::size_t(n)] ? 1 : 0;
            adds[next] += double(sim.ops.adds);
            for (std::size_t l = 0; l < spikingLayers; ++l)
                spikes[next][l] += double(sim.spikes[l]);
            ++next;
        }
        result.total.adds += sim.ops.adds;
        for (std::size_t l = 0; l < spikingLayers; ++l)
            result.spikesPerLayer[l] += sim.spikes[l];
        if (scatter && n < scatterSamples) {
            const Eigen::VectorXd hidden = (snn.weights[0] * data.x.col(n)).cwiseMax(0.0);
            for (Eigen::Index j = 0; j < hidden.size(); ++j) {
                result.normalisedActivation.push_back(hidden[j]);
                result.snnRate.push_back(double(sim.firstHiddenSpikes[std::size_t(j)]) / longest);
            }
        }
    }
    const double samples = data.samples();
    for (std::size_t k = 0; k < checkpoints.size(); ++k) {
        SnnCheckpoint c;
        c.steps = checkpoints[k];
        c.accuracy = correct[k] / samples;
        c.agreement = reference.empty() ? 0.0 : agree[k] / samples;
        c.addsPerInference = adds[k] / samples;
        for (std::size_t l = 0; l < spikingLayers; ++l)
            c.rates.push_back(spikes[k][l] / (samples * c.steps * snn.sizes[l]));
        result.checkpoints.push_back(std::move(c));
    }
    return result;
}

Eigen::VectorXd denseCounted(const ReluMlp& net, const Eigen::VectorXd& x, OperationCounts& ops)
{
    require(x.size() == net.sizes().front(), kSnn, "input size", double(x.size()), "differs from the input layer");
    Eigen::VectorXd a = x;
    for (int l = 0; l < net.layers(); ++l) {
        const Eigen::Map<const Eigen::MatrixXd> w = net.weight(l);
        Eigen::VectorXd z = Eigen::VectorXd::Zero(w.rows());
        for (Eigen::Index i = 0; i < w.cols(); ++i)
            for (Eigen::Index j = 0; j < w.rows(); ++j) {
                z[j] += w(j, i) * a[i];
                ++ops.multiplyAdds;
            }
        if (net.hasBias()) {
            const Eigen::Map<const Eigen::VectorXd> b = net.bias(l);
            for (Eigen::Index j = 0; j < z.size(); ++j) {
                z[j] += b[j];
                ++ops.adds;
            }
        }
        a = l + 1 < net.layers() ? Eigen::VectorXd(z.cwiseMax(0.0)) : z;
    }
    return a;
}

}  // namespace neuroai::frontiers
