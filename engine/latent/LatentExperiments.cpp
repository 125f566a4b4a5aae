#include "engine/latent/LatentExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/SpecSupport.h"
#include "engine/latent/Jpca.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace neuroai::latent {

namespace {

// The notes' number format (SpecSupport.h), under a short name: the notes are long sentences.
std::string num(double v, int decimals) { return signedFixed(v, decimals); }

double percentError(double estimate, double truth) { return 100 * (estimate - truth) / truth; }

// The plane of the top two PCs in raw-rate neuron space (normalisation undone), as the engine maps the jPC plane.
std::vector<double> pcNeuronPlane(const PcaResult& pca)
{
    const int n = pca.neurons, k = pca.dimensions;
    Eigen::MatrixXd plane(n, 2);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < 2; ++j)
            plane(i, j) = pca.scale[std::size_t(i)] * pca.components[std::size_t(i) * std::size_t(k) + std::size_t(j)];
    const Eigen::MatrixXd q = orthonormalBasis(plane);
    std::vector<double> out(std::size_t(n) * 2);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < 2; ++j)
            out[std::size_t(i) * 2 + std::size_t(j)] = q(i, j);
    return out;
}

// Condition after condition, T points each: columns 0 and 1 of a [(c·T + t)·stride + j] array.
void addTrajectories(ResultSeries& s, const std::vector<double>& values, int samples, int stride)
{
    for (int i = 0; i < samples; ++i) {
        s.x.push_back(values[std::size_t(i) * std::size_t(stride)]);
        s.y.push_back(values[std::size_t(i) * std::size_t(stride) + 1]);
    }
}

ExperimentResult resultOf(const LatentDynamicsFigure& f)
{
    ExperimentResult r;
    const RotationalPopulation& pop = f.population;
    const ConditionRates& data = pop.observed;
    const int C = data.conditions, T = data.timeBins, samples = C * T;
    const std::string unit = f.analysisConfig.normalize ? "" : "Hz";

    ResultSeries psth = emptySeries("psth", "trial-averaged rate of the shown neuron, conditions one after the other",
                               "time", "ms", "firing rate", "Hz");
    for (int c = 0; c < C; ++c)
        for (int t = 0; t < T; ++t) {
            psth.x.push_back(pop.timeMs[std::size_t(t)]);
            psth.y.push_back(data.at(c, t, f.shownNeuron));
        }
    ResultSeries pc = emptySeries("pc_trajectories", "states projected on the top two PCs, conditions one after the other",
                             "PC1", unit.c_str(), "PC2", unit);
    addTrajectories(pc, f.real.pca.scores, samples, f.real.pca.dimensions);
    ResultSeries jp = emptySeries("jpca_trajectories", "states projected on the jPC plane, conditions one after the other",
                             "jPC1", unit.c_str(), "jPC2", unit);
    addTrajectories(jp, f.real.jpca.projection, samples, 2);
    ResultSeries js = emptySeries("jpca_shuffled_trajectories",
                             "time-shuffled control projected on its own jPC plane, in the shuffled order", "jPC1",
                             unit.c_str(), "jPC2", unit);
    addTrajectories(js, f.shuffled.jpca.projection, samples, 2);
    ResultSeries eig = emptySeries("lds_eigenvalues", "eigenvalues of the fitted A: frequency against decay rate",
                              "decay rate −ln|λ|/dt", "1/s", "frequency |arg λ|/(2π dt)", "Hz");
    for (const EigenMode& m : f.real.lds.modes) {
        eig.x.push_back(m.decayPerS);
        eig.y.push_back(m.frequencyHz);
    }
    r.series = {std::move(psth), std::move(pc), std::move(jp), std::move(js), std::move(eig)};

    const JpcaResult& real = f.real.jpca;
    const JpcaResult& shuf = f.shuffled.jpca;
    const LdsResult& lds = f.real.lds;
    const double ldsHz = lds.hasRotation ? lds.rotationHz : 0.0;
    r.scalars = {
        {"true_hz", "true rotation frequency ω/2π", "Hz", f.trueHz},
        {"jpca_hz", "jPCA rotation frequency (top pair of M_skew)", "Hz", real.rotationHz},
        {"lds_hz", "LDS rotation frequency (complex pair of A holding the most variance; 0 if none)", "Hz", ldsHz},
        {"jpca_error_pct", "jPCA frequency error relative to the truth", "%", percentError(real.rotationHz, f.trueHz)},
        {"lds_error_pct", "LDS frequency error relative to the truth", "%", percentError(ldsHz, f.trueHz)},
        {"true_decay_per_s", "true damping γ of the rotation", "1/s", f.trueDecayPerS},
        {"lds_decay_per_s", "LDS decay rate of its rotation pair", "1/s",
         lds.hasRotation ? lds.rotationDecayPerS : 0.0},
        {"plane_angle_deg", "largest principal angle, true rotation plane vs jPC plane", "deg", f.jpcaPlaneDeg},
        {"pc_plane_angle_deg", "largest principal angle, true rotation plane vs top-2 PC plane", "deg", f.pcPlaneDeg},
        {"r2_skew", "R² of the skew-symmetric fit ẋ = M_skew x", "", real.r2Skew},
        {"r2_full", "R² of the unconstrained fit ẋ = M x", "", real.r2Full},
        {"lds_r2", "R² of the LDS x_{t+1} = A x_t (of the increments)", "", lds.r2},
        {"pc_explained", "variance explained by the k PCs", "",
         [&] {
             double sum = 0;
             for (const double v : f.real.pca.explainedFraction)
                 sum += v;
             return sum;
         }()},
        {"jpc_plane_variance", "variance of the centred data in the jPC plane", "", real.planeVarianceFraction},
        {"shuffled_jpca_hz", "jPCA frequency of the time-shuffled control", "Hz", shuf.rotationHz},
        {"shuffled_plane_angle_deg", "largest principal angle, true plane vs the shuffled control's jPC plane", "deg",
         f.shuffledPlaneDeg},
        {"shuffled_r2_skew", "R² of the skew-symmetric fit, time-shuffled control", "", shuf.r2Skew},
        {"shuffled_r2_full", "R² of the unconstrained fit, time-shuffled control", "", shuf.r2Full},
    };

    r.notes.push_back("True rotation " + num(f.trueHz, 3) + " Hz: jPCA finds " + num(real.rotationHz, 3) + " Hz (" +
                      num(percentError(real.rotationHz, f.trueHz), 1) + " %), the LDS " + num(ldsHz, 3) + " Hz (" +
                      num(percentError(ldsHz, f.trueHz), 1) + " %).");
    r.notes.push_back("The jPC plane is " + num(f.jpcaPlaneDeg, 1) + "° from the true rotation plane (top-2 PCs: " +
                      num(f.pcPlaneDeg, 1) + "°); skew R² " + num(real.r2Skew, 3) + " of an unconstrained " +
                      num(real.r2Full, 3) + ".");
    r.notes.push_back("Time-shuffled control: skew R² " + num(shuf.r2Skew, 3) + " (unconstrained " +
                      num(shuf.r2Full, 3) + "), plane " + num(f.shuffledPlaneDeg, 1) + "° off" +
                      (shuf.r2Skew < 0.05 ? ": no rotation, as it must be." : ": it should find none."));
    return r;
}

}  // namespace

std::vector<ParamSpec> latentDynamicsSpecs()
{
    ParamSpec normalisation =
        choiceSpec("normalisation", "Normalisation", {"soft (range + 5 Hz)", "none"}, 0,
                   "Soft normalisation divides each neuron by its range plus 5 Hz (Churchland et al. 2012), so that a "
                   "few strongly modulated neurons do not dominate the PCs; none analyses the rates in Hz.");
    normalisation.group = "Analysis";
    ParamSpec centring =
        choiceSpec("centring", "Centring", {"cross-condition mean", "neuron mean"}, 0,
                   "Cross-condition mean: subtract, at every time bin, each neuron's mean over the conditions (removes "
                   "what all conditions share, such as the ramp). Neuron mean: subtract each neuron's mean over "
                   "everything, so the shared ramp stays in the data.");
    centring.group = "Analysis";
    return {
        grouped({"rotation_hz", "Rotation frequency ω/2π", "Hz", 0.25, 8, 1.5, Scale::Log,
                 "How fast the population state rotates (1.5 Hz: about 0.6 of a cycle in the 400 ms window).", 2},
                "Population"),
        grouped({"damping", "Damping γ", "1/s", 0, 10, 0.5, Scale::Linear,
                 "Decay rate of the rotation's amplitude, ρ e^{−γt}.", 2},
                "Population"),
        ParamSpec{"conditions", "Conditions C", "", 3, 16, 8, Scale::Linear,
                  "Reach directions: condition c starts at phase 2πc/C of the rotation. From 7 on, the decaying modes "
                  "are uncorrelated with the rotation across conditions.",
                  0, {}, {}, {}, "Population"}
            .asInteger(),
        ParamSpec{"neurons", "Neurons N", "", 10, 150, 60, Scale::Linear,
                  "Recorded neurons, each a random mixture of the latents plus a baseline.", 0, {}, {}, {},
                  "Population"}
            .asInteger(),
        ParamSpec{"decaying_modes", "Decaying modes", "", 0, 4, 3, Scale::Linear,
                  "Condition-dependent latents that decay (τ = 150 ms) without rotating: structure jPCA must not "
                  "mistake for rotation.",
                  0, {}, {}, {}, "Population"}
            .asInteger(),
        ParamSpec{"trials", "Trials per condition", "", 1, 1000, 100, Scale::Log,
                  "Poisson spike trains averaged into each PSTH: fewer trials, noisier rates.", 0, {}, {}, {},
                  "Recording"}
            .asInteger(),
        grouped({"smoothing_ms", "Smoothing σ", "ms", 0, 50, 25, Scale::Linear,
                 "Standard deviation of the Gaussian kernel that smooths each PSTH (0: none).", 0},
                "Recording"),
        normalisation,
        centring,
        ParamSpec{"dimensions", "PCs kept k", "", 2, 16, 6, Scale::Linear,
                  "Dimensions the LDS and jPCA are fitted in (Churchland et al. used 6). More than the data's "
                  "structure lets smoothed noise form spurious rotations.",
                  0, {}, {}, {}, "Analysis"}
            .asInteger(),
        ParamSpec{"seed", "Random seed", "", 1, 1e9, 1, Scale::Linear,
                  "Seeds the loadings, baselines and spikes; the time shuffle uses seed + 100.", 0}
            .asInteger(),
        ParamSpec{"shown_neuron", "Neuron shown", "", 1, 150, 1, Scale::Linear,
                  "Whose rates the PSTH plot shows (1-based; the last neuron if beyond N).", 0, {}, {}, {}, "View"}
            .asInteger(),
    };
}

std::vector<OutputInfo> latentDynamicsOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "psth", "Trial-averaged rate of the shown neuron against time, conditions one after the other",
         "Hz", "ms"},
        {K::Series, "pc_trajectories", "PC2 against PC1, conditions one after the other (Hz without normalisation)", "",
         ""},
        {K::Series, "jpca_trajectories", "jPC2 against jPC1, conditions one after the other", "", ""},
        {K::Series, "jpca_shuffled_trajectories", "jPC2 against jPC1 of the time-shuffled control", "", ""},
        {K::Series, "lds_eigenvalues", "Eigenvalues of A: frequency against decay rate", "Hz", "1/s"},
        {K::Scalar, "true_hz", "True rotation frequency ω/2π", "Hz", ""},
        {K::Scalar, "jpca_hz", "jPCA rotation frequency", "Hz", ""},
        {K::Scalar, "lds_hz", "LDS rotation frequency", "Hz", ""},
        {K::Scalar, "jpca_error_pct", "jPCA frequency error", "%", ""},
        {K::Scalar, "lds_error_pct", "LDS frequency error", "%", ""},
        {K::Scalar, "true_decay_per_s", "True damping γ", "1/s", ""},
        {K::Scalar, "lds_decay_per_s", "LDS decay rate of its rotation pair", "1/s", ""},
        {K::Scalar, "plane_angle_deg", "True rotation plane vs jPC plane (largest principal angle)", "deg", ""},
        {K::Scalar, "pc_plane_angle_deg", "True rotation plane vs top-2 PC plane", "deg", ""},
        {K::Scalar, "r2_skew", "R² of the skew-symmetric fit", "", ""},
        {K::Scalar, "r2_full", "R² of the unconstrained fit", "", ""},
        {K::Scalar, "lds_r2", "R² of the LDS", "", ""},
        {K::Scalar, "pc_explained", "Variance explained by the k PCs", "", ""},
        {K::Scalar, "jpc_plane_variance", "Variance in the jPC plane", "", ""},
        {K::Scalar, "shuffled_jpca_hz", "jPCA frequency of the time-shuffled control", "Hz", ""},
        {K::Scalar, "shuffled_plane_angle_deg", "True plane vs the shuffled control's jPC plane", "deg", ""},
        {K::Scalar, "shuffled_r2_skew", "Skew R², time-shuffled control", "", ""},
        {K::Scalar, "shuffled_r2_full", "Unconstrained R², time-shuffled control", "", ""},
    };
}

RotationalPopulationConfig latentPopulationConfig(const ParamSet& p, std::uint64_t seed)
{
    RotationalPopulationConfig c;
    c.rotationHz = p["rotation_hz"];
    c.rotationDecayPerS = p["damping"];
    c.conditions = intOf(p, "conditions");
    c.neurons = intOf(p, "neurons");
    c.decayingModes = intOf(p, "decaying_modes");
    c.trials = intOf(p, "trials");
    c.smoothingMs = p["smoothing_ms"];
    c.seed = seed;
    return c;
}

LatentAnalysisConfig latentAnalysisConfig(const ParamSet& p)
{
    LatentAnalysisConfig a;
    a.dimensions = intOf(p, "dimensions");
    a.normalize = intOf(p, "normalisation") == 0;
    a.centring = intOf(p, "centring") == 0 ? Centring::CrossConditionMean : Centring::NeuronMean;
    return a;
}

LatentDynamicsFigure computeLatentDynamicsFigure(const ParamSet& p, std::uint64_t seed, Progress& progress)
{
    LatentDynamicsFigure f;
    const RotationalPopulationConfig config = latentPopulationConfig(p, seed);
    f.analysisConfig = latentAnalysisConfig(p);
    config.validate();
    f.analysisConfig.validate();

    progress.setStage("simulating the population");
    f.population = simulateRotationalPopulation(config);
    progress.throwIfCancelled();
    progress.setFraction(0.4);

    progress.setStage("PCA, LDS and jPCA");
    f.real = analyseLatentDynamics(f.population.observed, f.analysisConfig);
    progress.throwIfCancelled();
    progress.setFraction(0.7);

    progress.setStage("time-shuffled control");
    f.shuffleSeed = seed + 100;
    f.shuffledData = shuffleTimeWithinConditions(f.population.observed, f.shuffleSeed);
    f.shuffled = analyseLatentDynamics(f.shuffledData, f.analysisConfig);
    progress.throwIfCancelled();

    const int n = config.neurons;
    f.shownNeuron = std::clamp(intOf(p, "shown_neuron") - 1, 0, n - 1);
    f.trueHz = config.rotationHz;
    f.trueDecayPerS = config.rotationDecayPerS;
    f.jpcaPlaneDeg = planeAngleDeg(f.population.truePlane, f.real.jpca.neuronPlane, n);
    f.shuffledPlaneDeg = planeAngleDeg(f.population.truePlane, f.shuffled.jpca.neuronPlane, n);
    f.pcPlaneDeg = planeAngleDeg(f.population.truePlane, pcNeuronPlane(f.real.pca), n);
    f.result = resultOf(f);
    progress.setFraction(1);
    return f;
}

ExperimentResult runLatentDynamics(const ParamSet& parameters, Progress& progress)
{
    return computeLatentDynamicsFigure(parameters, std::uint64_t(std::llround(parameters["seed"])), progress).result;
}

}  // namespace neuroai::latent
