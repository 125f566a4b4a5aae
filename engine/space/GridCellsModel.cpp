#include "engine/space/GridCellsModel.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::space {

namespace {
constexpr double kDegree = std::numbers::pi / 180.0;
constexpr int kAttractorSettleSteps = 500;  // 1 s at 2 ms: the pattern forms from the random start

ParamSpec shownFor(ParamSpec spec, std::vector<double> models)
{
    spec.shownWhenKey = "cell_model";
    spec.shownWhenValues = std::move(models);
    return spec.asRestartingRun();
}
}  // namespace

GridCellsModel::GridCellsModel()
{
    initParameters();
    reset(1);
}

GridCellsModel::~GridCellsModel() = default;

std::vector<ParamSpec> GridCellsModel::specs() const
{
    ParamSpec model = choiceSpec("cell_model", "Grid-cell model", {"ideal lattice", "oscillatory interference",
                                                                   "continuous attractor"},
                                 Ideal,
                                 "Ideal: the lattice written down (three plane waves). Interference: dendritic "
                                 "oscillators beating against theta (Burgess et al. 2007). Attractor: one neuron of "
                                 "a 32 × 28 sheet with centre-surround inhibition (Burak & Fiete 2009).");
    model.asRestartingRun();
    model.group = "Cell";
    ParamSpec spacing{"spacing", "Grid spacing λ", "cm", 20, 100, 40, Scale::Linear,
                      "Distance between neighbouring firing fields of the ideal lattice.", 1};
    ParamSpec orientation{"orientation", "Grid orientation", "deg", 0, 60, 0, Scale::Linear,
                          "Angle of one lattice axis from the x axis (the lattice repeats every 60°).", 0};
    ParamSpec theta{"theta", "Theta frequency f_θ", "Hz", 4, 12, 8, Scale::Linear,
                    "Frequency of the somatic oscillation the dendritic oscillators beat against.", 1};
    ParamSpec beta{"beta", "Speed gain β", "s/cm", 0.002, 0.01, 0.00385, Scale::Log,
                   "How much a dendritic oscillator speeds up per cm/s of running along its direction, relative to "
                   "theta. Spacing G = 2 / (√3 f_θ β).",
                   5};
    ParamSpec phaseNoise{"phase_noise", "Dendritic phase noise", "rad/√s", 0, 2, 0, Scale::Linear,
                         "Random walk of every dendritic phase: the interference model has no error correction.",
                         2};
    ParamSpec gain{"velocity_gain", "Velocity gain α", "s/cm", 0.0005, 0.003, 0.001, Scale::Log,
                   "How strongly running drives the direction-tuned cells, i.e. how fast the sheet's pattern moves "
                   "per cm/s. Larger α: smaller spacing in the arena.",
                   4};
    ParamSpec sheetNoise{"sheet_noise", "Sheet input noise", "", 0, 0.5, 0, Scale::Linear,
                         "SD of the noise added to every sheet cell's input each step, relative to the input A.", 2};
    ParamSpec peak{"peak_rate", "Peak rate", "Hz", 1, 100, 20, Scale::Linear,
                   "Rate at the centre of a field (interference: at a theta peak with all oscillators in phase).", 0};
    ParamSpec arena{"arena", "Arena side", "cm", 60, 200, 100, Scale::Linear, "Side of the square open field.", 0};
    ParamSpec speed{"speed", "Running speed", "cm/s", 5, 50, 25, Scale::Linear,
                    "Mean speed of the random walk (rats explore at 10–30 cm/s).", 0};
    ParamSpec smoothing{"smoothing", "Map smoothing σ", "cm", 0, 10, 3, Scale::Linear,
                        "Gaussian smoothing of the rate map before it is shown and scored.", 1};
    for (ParamSpec* s : {&spacing, &orientation, &theta, &beta, &phaseNoise, &gain, &sheetNoise, &peak})
        s->group = "Cell";
    for (ParamSpec* s : {&arena, &speed, &smoothing})
        s->group = "Arena";
    return {model,
            shownFor(spacing, {Ideal}),
            shownFor(orientation, {Ideal, Interference}),
            shownFor(theta, {Interference}),
            shownFor(beta, {Interference}),
            shownFor(phaseNoise, {Interference}),
            shownFor(gain, {Attractor}),
            shownFor(sheetNoise, {Attractor}),
            peak.asRestartingRun(),
            arena.asRestartingRun(),
            speed.asRestartingRun(),
            smoothing};
}

std::vector<ChannelInfo> GridCellsModel::channels() const { return {{"rate", "Grid cell rate", "Hz"}}; }

std::string GridCellsModel::checkConstraints(const ParamSet& p) const
{
    // The score needs the six peaks around the centre inside the autocorrelogram: spacing at most 2/3 of the arena.
    const int model = int(p["cell_model"]);
    const double spacing = model == Ideal          ? p["spacing"]
                           : model == Interference ? OscillatoryInterferenceCell::predictedSpacingCm(p["theta"], p["beta"])
                                                   : 0.0;
    if (spacing > p["arena"] / 1.5)
        return "grid spacing " + formatValue(spacing) + " cm is too large for a " + formatValue(p["arena"]) +
               " cm arena (at most " + formatValue(p["arena"] / 1.5) + " cm, or the lattice does not repeat inside it)";
    return {};
}

void GridCellsModel::applyParameters(const ParamSet& p)
{
    // Everything but the smoothing restarts the experiment (a map mixing two cells means nothing); the smoothing only
    // changes how the same spikes are shown, so it keeps the map and just rescores it.
    std::map<std::string, double, std::less<>> structural = p.values();
    structural.erase("smoothing");
    if (!m_agent || structural != m_builtValues)
        build();
    else
        m_statsTimeMs = -1;
}

void GridCellsModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    build();
}

void GridCellsModel::build()
{
    const ParamSet& p = parameters();
    m_builtValues = p.values();
    m_builtValues.erase("smoothing");
    const double side = p["arena"];
    const Arena arena = Arena::openField(side);
    AgentParams agent;
    agent.meanSpeedCmPerS = p["speed"];
    agent.speedSdCmPerS = 0.25 * p["speed"];
    m_agent = std::make_unique<RandomWalkAgent>(arena, agent, m_seed, Vec2{side / 2, side / 2});
    const int bins = int(std::lround(side / kBinCm));
    m_map = std::make_unique<RateMap>(side, side, bins, bins);
    m_spikeRng.reseed(m_seed ^ 0x9E3779B97F4A7C15ULL);
    m_ideal.reset();
    m_interference.reset();
    m_sheet.reset();
    const double orientation = p["orientation"] * kDegree;
    switch (int(p["cell_model"])) {
    case Interference: {
        InterferenceParams ip;
        ip.thetaHz = p["theta"];
        ip.betaSPerCm = p["beta"];
        // The lattice's axes lie 30° from the dendrites' directions; shift them so the slider sets the lattice.
        ip.orientationRad = orientation + 30 * kDegree;
        ip.peakHz = 3 * p["peak_rate"];  // the product exceeds the threshold only briefly each theta cycle
        ip.phaseNoise = p["phase_noise"];
        m_interference.emplace(ip, m_seed);
        break;
    }
    case Attractor: {
        AttractorParams ap;
        ap.velocityGain = p["velocity_gain"];
        ap.noise = p["sheet_noise"];
        m_sheet = std::make_unique<ContinuousAttractorSheet>(ap, m_seed);
        m_sheet->settle(kAttractorSettleSteps, kDtMs);
        m_sheetTop = std::max(1e-6, m_sheet->maxActivity());
        break;
    }
    default:
        // The first field at a seed-dependent place, so the lattice is not always aligned with the arena's corner.
        m_ideal.emplace(GridGeometry{p["spacing"], orientation, {side * 0.37, side * 0.61}}, p["peak_rate"]);
        break;
    }
    m_timeMs = 0;
    m_steps = 0;
    m_rate = 0;
    m_spikes = 0;
    m_trail.clear();
    m_score = GridScore{};
    m_autocorrelogram.reset();
    m_statsTimeMs = -1;
}

double GridCellsModel::cellRate(Vec2 v)
{
    if (m_interference)
        return m_interference->step(v, kDtMs);
    if (m_sheet) {
        m_sheet->step(v, kDtMs);
        // Neuron 0 of the sheet; any neuron has the same lattice, shifted.
        return parameters()["peak_rate"] * std::max(0.0, double(m_sheet->activity()[0])) / m_sheetTop;
    }
    return m_ideal->rate(m_agent->position());
}

void GridCellsModel::advance(long steps, TraceSink& sink)
{
    const double dtS = kDtMs * 1e-3;
    double value[1];
    for (long s = 0; s < steps; ++s) {
        const Vec2 before = m_agent->position();
        m_agent->step(kDtMs);
        const Vec2 after = m_agent->position();
        // Self-motion is the actual displacement (reflections at walls included): what the path integrators see.
        const Vec2 v{(after.x - before.x) / dtS, (after.y - before.y) / dtS};
        m_rate = cellRate(v);
        const double t0 = m_timeMs;
        m_timeMs += kDtMs;
        ++m_steps;
        m_map->addOccupancy(after, dtS);
        const int n = poissonCount(m_spikeRng, m_rate, kDtMs);
        if (n > 0) {
            m_map->addSpikes(after, n);
            m_spikes += n;
            for (int k = 0; k < n; ++k)
                sink.spike(t0 + kDtMs * (k + 0.5) / n, 0);
        }
        if (m_steps % 50 == 0) {
            m_trail.push_back({after.x, after.y});
            if (int(m_trail.size()) > kTrailPoints)
                m_trail.pop_front();
        }
        value[0] = m_rate;
        sink.sample(m_timeMs, value);
    }
}

bool GridCellsModel::stateIsFinite() const
{
    const Vec2 p = m_agent->position();
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(m_rate))
        return false;
    return !m_sheet || m_sheet->activity().allFinite();
}

void GridCellsModel::updateStats() const
{
    m_statsTimeMs = m_timeMs;
    if (m_spikes < 1) {
        m_score = GridScore{};
        m_autocorrelogram.reset();
        return;
    }
    const std::vector<double> rates = m_map->rates(parameters()["smoothing"]);
    m_autocorrelogram = spatialAutocorrelogram(rates, m_map->binsX(), m_map->binsY(), m_map->binWidthCm(),
                                               m_map->binHeightCm());
    m_score = gridScore(*m_autocorrelogram);
}

void GridCellsModel::forceStats() const { updateStats(); }

const GridScore& GridCellsModel::score() const
{
    if (m_statsTimeMs < 0 ? m_timeMs > 0 : m_timeMs - m_statsTimeMs >= std::max(kStatsEveryMs, 0.1 * m_timeMs) || m_timeMs < m_statsTimeMs)
        updateStats();
    return m_score;
}

std::map<std::string, double> GridCellsModel::metrics() const
{
    const double seconds = m_timeMs * 1e-3;
    int visited = 0;
    for (const double o : m_map->occupancySeconds())
        visited += o > 0 ? 1 : 0;
    std::map<std::string, double> m{{"spike_count", m_spikes},
                                    {"mean_rate_hz", seconds > 0 ? m_spikes / seconds : 0.0},
                                    {"explored_s", seconds},
                                    {"coverage", double(visited) / double(m_map->occupancySeconds().size())}};
    const ParamSet& p = parameters();
    if (int(p["cell_model"]) == Ideal)
        m["predicted_spacing_cm"] = p["spacing"];
    else if (int(p["cell_model"]) == Interference)
        m["predicted_spacing_cm"] = OscillatoryInterferenceCell::predictedSpacingCm(p["theta"], p["beta"]);
    const GridScore& s = score();
    const auto put = [&](const char* key, double value) {
        if (std::isfinite(value))
            m[key] = value;
    };
    if (m_autocorrelogram) {
        put("gridness", s.gridness);
        put("spacing_cm", s.spacingCm);
        put("orientation_deg", s.orientationDeg);
        put("inner_radius_cm", s.innerRadiusCm);
        put("outer_radius_cm", s.outerRadiusCm);
    }
    return m;
}

void GridCellsModel::publish(Frame& frame) const
{
    ArenaScene scene = m_agent->arena().scene();
    scene.agent = ArenaPoint{m_agent->position().x, m_agent->position().y};
    scene.headingRad = m_agent->heading();
    scene.trajectory.assign(m_trail.begin(), m_trail.end());
    if (m_timeMs > 0) {
        MatrixImage map = m_map->image(parameters()["smoothing"]);
        map.valueLabel = "firing rate";
        scene.rateMap = std::move(map);
    }
    frame.arena = std::move(scene);
    score();
    if (m_autocorrelogram) {
        MatrixImage a = m_autocorrelogram->image();
        a.valueLabel = "autocorrelation r";
        frame.matrices.push_back(std::move(a));
    } else {
        frame.matrices.emplace_back();  // keep the indices: 0 = autocorrelogram, 1 = sheet
    }
    if (m_sheet) {
        MatrixImage s;
        s.rows = m_sheet->rows();
        s.columns = m_sheet->columns();
        s.values.assign(m_sheet->activity().data(), m_sheet->activity().data() + m_sheet->activity().size());
        s.valueLabel = "activity s";
        s.rowLabel = "sheet row";
        s.columnLabel = "sheet column";
        fitValueRange(s);
        s.minValue = 0;
        frame.matrices.push_back(std::move(s));
    }
}

}  // namespace neuroai::space
