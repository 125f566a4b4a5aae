#include "engine/space/PlaceCellsModel.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace neuroai::space {

namespace {
constexpr double kRadToDeg = 180.0 / std::numbers::pi;
constexpr double kTrackWidthCm = 10.0;
// Keys that only change how the run is shown or driven; every other parameter rebuilds the experiment.
constexpr const char* kLiveKeys[] = {"precession", "theta", "precession_range", "phase_locking",
                                     "speed",      "autopilot", "cell",  "smoothing"};

ParamSpec shownWithPrecession(ParamSpec spec)
{
    spec.shownWhenKey = "precession";
    spec.shownWhenValues = {1};
    spec.group = "Theta";
    return spec;
}

std::map<std::string, double, std::less<>> structuralValues(const ParamSet& p)
{
    std::map<std::string, double, std::less<>> values = p.values();
    for (const char* key : kLiveKeys)
        values.erase(key);
    return values;
}
}  // namespace

PlaceCellsModel::PlaceCellsModel()
{
    initParameters();
    reset(1);
}

PlaceCellsModel::~PlaceCellsModel() = default;

std::vector<ParamSpec> PlaceCellsModel::specs() const
{
    ParamSpec cells{"cells", "Place cells N", "", 4, 400, 64, Scale::Linear,
                    "Number of place cells. They are numbered by the x of their field centre, so the raster is "
                    "sorted by field position.",
                    0};
    cells.asInteger().asRestartingRun();
    ParamSpec layout = choiceSpec("layout", "Field layout", {"jittered grid", "random"}, 0,
                                  "Jittered grid: one field per patch of a grid over the arena, moved at random "
                                  "within it (even coverage). Random: centres anywhere (clumps and gaps).");
    layout.asRestartingRun();
    ParamSpec width{"field_width", "Field width σ", "cm", 3, 30, 8, Scale::Linear,
                    "Standard deviation of each Gaussian field; the field is about 4σ across.", 1};
    ParamSpec peak{"peak_rate", "Peak rate", "Hz", 1, 50, 15, Scale::Linear,
                   "Rate above baseline at a field's centre (CA1 place cells: ~5–40 Hz).", 1};
    ParamSpec baseline{"baseline", "Baseline rate", "Hz", 0, 5, 0.1, Scale::Linear,
                       "Out-of-field rate of every cell.", 2};
    for (ParamSpec* s : {&cells, &layout, &width, &peak, &baseline})
        s->group = "Cells";

    ParamSpec precession = choiceSpec("precession", "Theta phase precession", {"off", "on"}, 0,
                                      "On: spikes are locked to an 8 Hz theta rhythm at a phase that moves from late "
                                      "to early as the animal crosses the field (O'Keefe & Recce 1993). The rate map "
                                      "does not change.");
    precession.group = "Theta";
    ParamSpec theta{"theta", "Theta frequency f_θ", "Hz", 4, 12, 8, Scale::Linear,
                    "Frequency of the theta rhythm that gates the spikes.", 1};
    ParamSpec range{"precession_range", "Precession range Δφ", "deg", 0, 360, 270, Scale::Linear,
                    "Phase change from entering a field (2σ before its centre) to leaving it (2σ after): the slope "
                    "is −Δφ / (4σ).",
                    0};
    ParamSpec locking{"phase_locking", "Phase locking κ", "", 0, 10, 2, Scale::Linear,
                      "Concentration of the von Mises gate: 0 = no theta modulation, larger = spikes at a sharper "
                      "phase.",
                      1};

    ParamSpec arena = choiceSpec("arena", "Arena", {"open field", "linear track"}, OpenField,
                                 "Open field: a square box. Linear track: a 10 cm wide corridor the animal runs "
                                 "back and forth along.");
    arena.asRestartingRun();
    ParamSpec size{"arena_size", "Arena size", "cm", 60, 300, 100, Scale::Linear,
                   "Side of the open field, or length of the track.", 0};
    size.asRestartingRun();
    ParamSpec speed{"speed", "Running speed", "cm/s", 5, 50, 20, Scale::Linear,
                    "Mean speed of the random walk, and the speed when steered (arrow keys, drawn path).", 0};
    ParamSpec autopilot = choiceSpec("autopilot", "When not steered", {"random walk", "stand still"}, 0,
                                     "What the animal does without arrow keys or a drawn path.");
    for (ParamSpec* s : {&arena, &size, &speed, &autopilot})
        s->group = "Arena";

    ParamSpec cell{"cell", "Shown cell", "", 0, 399, 30, Scale::Linear,
                   "The cell whose map is under the arena, whose spikes are marked on the path and whose phases are "
                   "plotted (must be below N).",
                   0};
    cell.asInteger();
    ParamSpec smoothing{"smoothing", "Map smoothing σ", "cm", 0, 10, 2.5, Scale::Linear,
                        "Gaussian smoothing of spike and occupancy maps before dividing.", 1};
    cell.group = smoothing.group = "Display";

    return {cells,
            layout,
            width.asRestartingRun(),
            peak.asRestartingRun(),
            baseline.asRestartingRun(),
            precession,
            shownWithPrecession(theta),
            shownWithPrecession(range),
            shownWithPrecession(locking),
            arena,
            size,
            speed,
            autopilot,
            cell,
            smoothing};
}

std::vector<ChannelInfo> PlaceCellsModel::channels() const { return {{"rate", "Shown cell's rate", "Hz"}}; }

std::string PlaceCellsModel::checkConstraints(const ParamSet& p) const
{
    if (p["cell"] >= p["cells"])
        return "shown cell " + formatValue(p["cell"]) + " does not exist: there are " + formatValue(p["cells"]) +
               " cells (0 to " + formatValue(p["cells"] - 1) + ")";
    return {};
}

void PlaceCellsModel::applyParameters(const ParamSet& p)
{
    if (!m_agent || structuralValues(p) != m_builtValues) {
        build();
        return;
    }
    m_cells->setTheta(p["precession"] > 0.5, p["theta"], p["precession_range"], p["phase_locking"]);
    const std::vector<double> theta{p["precession"], p["theta"], p["precession_range"], p["phase_locking"]};
    if (int(p["cell"]) != m_shownCell || theta != m_thetaSettings) {
        m_phasePoints.clear();
        if (int(p["cell"]) != m_shownCell)
            m_shownSpikes.clear();
        m_shownCell = int(p["cell"]);
        m_thetaSettings = theta;
    }
    if (p["speed"] != m_agentSpeed)
        buildAgent(m_agent->position());  // a new speed: the walk goes on from where the animal is
    m_statsTimeMs = -1;
}

void PlaceCellsModel::reset(std::uint64_t seed)
{
    m_seed = seed;
    build();
}

void PlaceCellsModel::buildAgent(Vec2 start)
{
    AgentParams agent;
    m_agentSpeed = parameters()["speed"];
    agent.meanSpeedCmPerS = m_agentSpeed;
    agent.speedSdCmPerS = 0.25 * parameters()["speed"];
    if (int(parameters()["arena"]) == LinearTrack) {
        agent.turnSdRadPerS = 0.5;  // keeps running along the corridor instead of zigzagging across it
        agent.wallMarginCm = 1.0;
    }
    // Every rebuild takes the next stream of the seed, so a speed change mid-run is still reproducible.
    m_agent = std::make_unique<RandomWalkAgent>(*m_arena, agent, m_seed * 0x9E3779B97F4A7C15ULL + m_agentStreams++,
                                                start);
}

void PlaceCellsModel::build()
{
    const ParamSet& p = parameters();
    m_builtValues = structuralValues(p);
    const double size = p["arena_size"];
    const bool track = int(p["arena"]) == LinearTrack;
    m_arena = std::make_unique<Arena>(track ? Arena::linearTrack(size, kTrackWidthCm) : Arena::openField(size));
    m_agentStreams = 0;
    buildAgent({m_arena->width() / 2, m_arena->height() / 2});

    PlaceCellParams cp;
    cp.cells = int(p["cells"]);
    cp.layout = int(p["layout"]) == 1 ? PlaceCellParams::Layout::Random : PlaceCellParams::Layout::JitteredGrid;
    cp.fieldSigmaCm = p["field_width"];
    cp.peakRateHz = p["peak_rate"];
    cp.baselineHz = p["baseline"];
    cp.precession = p["precession"] > 0.5;
    cp.thetaHz = p["theta"];
    cp.precessionRangeDeg = p["precession_range"];
    cp.phaseLockingKappa = p["phase_locking"];
    m_cells = std::make_unique<PlaceCellPopulation>(*m_arena, cp, m_seed ^ 0xD1B54A32D192ED03ULL);

    const int binsX = std::max(1, int(std::lround(m_arena->width() / kBinCm)));
    const int binsY = std::max(1, int(std::lround(m_arena->height() / kBinCm)));
    m_occupancy = std::make_unique<RateMap>(m_arena->width(), m_arena->height(), binsX, binsY);
    m_counts.assign(std::size_t(cp.cells), std::vector<float>(std::size_t(binsX) * std::size_t(binsY), 0.0f));
    m_info.assign(std::size_t(cp.cells), std::nan(""));
    m_fittedSlope = std::nan("");
    m_statsTimeMs = -1;
    m_timeMs = 0;
    m_steps = 0;
    m_spikes = 0;
    m_shownRate = 0;
    m_shownCell = int(p["cell"]);
    m_thetaSettings = {p["precession"], p["theta"], p["precession_range"], p["phase_locking"]};
    m_trail.clear();
    m_shownSpikes.clear();
    m_phasePoints.clear();
    m_keyDirection = {0, 0};
    m_path.clear();
    m_lapDirection = 1;
}

Vec2 PlaceCellsModel::clampToArena(Vec2 p) const
{
    const double margin = 0.5;
    return {std::clamp(p.x, margin, m_arena->width() - margin), std::clamp(p.y, margin, m_arena->height() - margin)};
}

void PlaceCellsModel::steer(Vec2 direction)
{
    const double length = std::hypot(direction.x, direction.y);
    if (!std::isfinite(length))
        throw std::invalid_argument("steering direction is not finite");
    m_keyDirection = length > 0 ? Vec2{direction.x / length, direction.y / length} : Vec2{0, 0};
    if (length > 0)
        m_path.clear();  // the keys take over from a drawn path
}

void PlaceCellsModel::followPath(std::vector<Vec2> points)
{
    m_path.clear();
    for (const Vec2& q : points) {
        if (!std::isfinite(q.x) || !std::isfinite(q.y))
            throw std::invalid_argument("drawn path: a point is not finite");
        m_path.push_back(clampToArena(q));
    }
    m_keyDirection = {0, 0};
}

void PlaceCellsModel::stopSteering()
{
    m_keyDirection = {0, 0};
    m_path.clear();
}

bool PlaceCellsModel::isSteered() const { return !m_path.empty() || m_keyDirection.x != 0 || m_keyDirection.y != 0; }

void PlaceCellsModel::advance(long steps, TraceSink& sink)
{
    const double dtS = kDtMs * 1e-3;
    const double speed = parameters()["speed"];
    const bool autopilot = int(parameters()["autopilot"]) == 0;
    const bool track = int(parameters()["arena"]) == LinearTrack;
    const double sigma = m_cells->params().fieldSigmaCm;
    const double phaseRadius2 = 6.25 * sigma * sigma;  // 2.5σ
    const Vec2 shownCentre = m_cells->fields()[std::size_t(m_shownCell)].centre;
    double value[1];
    for (long s = 0; s < steps; ++s) {
        const Vec2 before = m_agent->position();
        if (!m_path.empty()) {
            const Vec2 target = m_path.front();
            const double dx = target.x - before.x, dy = target.y - before.y;
            const double distance = std::hypot(dx, dy);
            if (distance <= speed * dtS) {
                m_agent->moveWith({dx / dtS, dy / dtS}, kDtMs);
                m_path.pop_front();
            } else {
                m_agent->moveWith({speed * dx / distance, speed * dy / distance}, kDtMs);
            }
        } else if (m_keyDirection.x != 0 || m_keyDirection.y != 0) {
            m_agent->moveWith({speed * m_keyDirection.x, speed * m_keyDirection.y}, kDtMs);
        } else if (autopilot && track) {
            // Laps, as a rat shuttles along a track for rewards at its ends: along x at `speed`, drifting back to
            // the corridor's midline, turning round 2 cm before each end.
            if (before.x > m_arena->width() - 2)
                m_lapDirection = -1;
            else if (before.x < 2)
                m_lapDirection = 1;
            m_agent->moveWith({m_lapDirection * speed, (m_arena->height() / 2 - before.y) / 0.5}, kDtMs);
        } else if (autopilot) {
            m_agent->step(kDtMs);
        } else {
            m_agent->moveWith({0, 0}, kDtMs);
        }
        const Vec2 after = m_agent->position();
        const Vec2 velocity{(after.x - before.x) / dtS, (after.y - before.y) / dtS};
        m_stepSpikes.clear();
        m_cells->step(after, velocity, m_timeMs, kDtMs, m_stepSpikes);
        const double t0 = m_timeMs;
        m_timeMs += kDtMs;
        ++m_steps;
        m_occupancy->addOccupancy(after, dtS);
        const std::size_t bin = std::size_t(m_occupancy->binOf(after));
        for (std::size_t k = 0; k < m_stepSpikes.size(); ++k) {
            const PlaceSpike& spike = m_stepSpikes[k];
            m_counts[std::size_t(spike.cell)][bin] += 1.0f;
            sink.spike(t0 + kDtMs * (double(k) + 0.5) / double(m_stepSpikes.size()), spike.cell);
            if (spike.cell == m_shownCell) {
                m_shownSpikes.push_back({after.x, after.y});
                if (int(m_shownSpikes.size()) > kMaxSpikePoints)
                    m_shownSpikes.pop_front();
                const double dx = after.x - shownCentre.x, dy = after.y - shownCentre.y;
                if (dx * dx + dy * dy < phaseRadius2) {
                    m_phasePoints.push_back({spike.uCm, spike.phaseRad * kRadToDeg});
                    if (int(m_phasePoints.size()) > kMaxPhasePoints)
                        m_phasePoints.pop_front();
                }
            }
        }
        m_spikes += double(m_stepSpikes.size());
        m_shownRate = m_cells->rate(m_shownCell, after);
        if (m_steps % 200 == 0) {
            m_trail.push_back({after.x, after.y});
            if (int(m_trail.size()) > kTrailPoints)
                m_trail.pop_front();
        }
        value[0] = m_shownRate;
        sink.sample(m_timeMs, value);
    }
}

bool PlaceCellsModel::stateIsFinite() const
{
    const Vec2 p = m_agent->position();
    return std::isfinite(p.x) && std::isfinite(p.y) && std::isfinite(m_shownRate);
}

std::vector<double> PlaceCellsModel::cellRates(int cell) const
{
    const std::vector<float>& counts = m_counts.at(std::size_t(cell));
    std::vector<double> spikes(counts.begin(), counts.end());
    std::vector<double> occupancy = m_occupancy->occupancySeconds();
    const double sigmaBins = parameters()["smoothing"] / kBinCm;
    if (sigmaBins > 0) {
        spikes = smoothMap(spikes, m_occupancy->binsX(), m_occupancy->binsY(), sigmaBins);
        occupancy = smoothMap(occupancy, m_occupancy->binsX(), m_occupancy->binsY(), sigmaBins);
    }
    std::vector<double> rates(spikes.size());
    for (std::size_t i = 0; i < rates.size(); ++i)
        rates[i] = occupancy[i] > 1e-9 ? spikes[i] / occupancy[i] : std::nan("");
    return rates;
}

std::vector<int> PlaceCellsModel::shownCells() const
{
    const int n = m_cells->size();
    std::vector<int> shown;
    for (int k = 0; k < std::min(kShownCells, n); ++k)
        shown.push_back(int(std::lround(double(k) * (n - 1) / std::max(1, std::min(kShownCells, n) - 1))));
    return shown;
}

void PlaceCellsModel::updateStats() const
{
    m_statsTimeMs = m_timeMs;
    const std::vector<double>& occupancy = m_occupancy->occupancySeconds();
    for (int i = 0; i < m_cells->size(); ++i)
        m_info[std::size_t(i)] = skaggsInformation(cellRates(i), occupancy);
    m_fittedSlope = std::nan("");
    if (m_phasePoints.size() >= 20 && parameters()["precession"] > 0.5) {
        std::vector<double> u, phase;
        for (const PlotPoint& q : m_phasePoints) {
            u.push_back(q.x);
            phase.push_back(q.y / kRadToDeg);
        }
        // Search ±3× the steepest slope the parameters allow (360° over 4σ of the narrowest field).
        const double limit = 3 * 2 * std::numbers::pi / (4 * 3.0);
        const CircularLinearFit fit = circularLinearFit(u, phase, -limit, limit);
        m_fittedSlope = fit.slope * kRadToDeg;
        m_fittedOffset = fit.offset * kRadToDeg;
    }
}

std::map<std::string, double> PlaceCellsModel::metrics() const
{
    if (m_statsTimeMs < 0 ? m_timeMs > 0
                          : m_timeMs - m_statsTimeMs >= std::max(kStatsEveryMs, 0.1 * m_timeMs) ||
                                m_timeMs < m_statsTimeMs)
        updateStats();
    const double seconds = m_timeMs * 1e-3;
    int visited = 0;
    for (const double o : m_occupancy->occupancySeconds())
        visited += o > 0 ? 1 : 0;
    const int n = m_cells->size();
    std::map<std::string, double> m{
        {"spike_count", m_spikes},
        {"mean_rate_hz", seconds > 0 ? m_spikes / seconds / n : 0.0},
        {"explored_s", seconds},
        {"coverage", double(visited) / double(m_occupancy->occupancySeconds().size())},
        {"agent_x_cm", m_agent->position().x},
        {"agent_y_cm", m_agent->position().y},
        {"steered", isSteered() ? 1.0 : 0.0},
        {"model_slope_deg_per_cm", m_cells->params().precession ? m_cells->precessionSlopeRadPerCm() * kRadToDeg : 0.0},
        {"field_x_cm", m_cells->fields()[std::size_t(m_shownCell)].centre.x},
        {"field_y_cm", m_cells->fields()[std::size_t(m_shownCell)].centre.y},
        {"phase_points", double(m_phasePoints.size())},
    };
    double sum = 0;
    int counted = 0;
    for (const double bits : m_info)
        if (std::isfinite(bits)) {
            sum += bits;
            ++counted;
        }
    if (counted > 0)
        m["mean_info_bits"] = sum / counted;
    if (std::isfinite(m_info[std::size_t(m_shownCell)]))
        m["info_bits"] = m_info[std::size_t(m_shownCell)];
    if (std::isfinite(m_fittedSlope)) {
        m["precession_slope_deg_per_cm"] = m_fittedSlope;
        m["precession_offset_deg"] = m_fittedOffset;
    }
    const std::vector<int> shown = shownCells();
    for (std::size_t k = 0; k < shown.size(); ++k) {
        const std::string suffix = "_" + std::to_string(k);
        m["shown_cell" + suffix] = shown[k];
        if (std::isfinite(m_info[std::size_t(shown[k])]))
            m["info_bits_shown" + suffix] = m_info[std::size_t(shown[k])];
    }
    return m;
}

void PlaceCellsModel::publish(Frame& frame) const
{
    const auto image = [this](int cell) {
        const std::vector<double> rates = cellRates(cell);
        MatrixImage map;
        map.rows = m_occupancy->binsY();
        map.columns = m_occupancy->binsX();
        map.values.assign(rates.begin(), rates.end());
        map.valueLabel = "rate";
        map.unit = "Hz";
        map.rowLabel = "y";
        map.rowUnit = "cm";
        map.columnLabel = "x";
        map.columnUnit = "cm";
        map.rowMax = m_arena->height();
        map.columnMax = m_arena->width();
        fitValueRange(map);
        map.minValue = 0;
        return map;
    };
    ArenaScene scene = m_arena->scene();
    scene.agent = ArenaPoint{m_agent->position().x, m_agent->position().y};
    scene.headingRad = m_agent->heading();
    scene.trajectory.assign(m_trail.begin(), m_trail.end());
    if (m_timeMs > 0)
        scene.rateMap = image(m_shownCell);
    frame.arena = std::move(scene);
    const std::vector<int> shown = shownCells();
    for (std::size_t k = 0; k < shown.size(); ++k) {
        MatrixImage map = image(shown[k]);
        double peak = 0;
        for (const float v : map.values)
            if (std::isfinite(v))
                peak = std::max(peak, double(v));
        frame.metrics["peak_hz_shown_" + std::to_string(k)] = peak;
        frame.matrices.push_back(std::move(map));
    }
    frame.pointSets.assign(3, {});
    frame.pointSets[0].assign(m_shownSpikes.begin(), m_shownSpikes.end());
    const std::size_t skip = m_phasePoints.size() > std::size_t(kPublishedPhasePoints)
                                 ? m_phasePoints.size() - std::size_t(kPublishedPhasePoints)
                                 : 0;
    frame.pointSets[1].assign(m_phasePoints.begin() + std::ptrdiff_t(skip), m_phasePoints.end());
    for (const Vec2& q : m_path)
        frame.pointSets[2].push_back({q.x, q.y});
}

}  // namespace neuroai::space
