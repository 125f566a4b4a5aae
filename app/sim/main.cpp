// neuroai-sim: the engine from the command line (list, describe, run, bench, export-script). No Qt.

#include "engine/analysis/Benchmarks.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "engine/io/AtomicStream.h"
#include "engine/io/JsonWriter.h"
#include "engine/models/NeuronModel.h"
#include "engine/network/CobaHh.h"
#include "engine/network/Cuba.h"
#include "engine/network/ScriptExport.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <vector>

using namespace neuroai;

namespace {

constexpr long kMaxRecordedSamples = 20'000'000;
// JSON is assembled in memory (traces are columns), so a JSON run with traces is refused up front when its text
// would exceed this; CSV is streamed to the output and needs no such limit.
constexpr double kMaxJsonBytes = 500e6;
// Upper estimate of one number in the output: 17 significant digits, sign, exponent and separator.
constexpr double kBytesPerNumber = 24;
// Spikes are kept until the output is written (CSV lists them in its header): at most this many.
constexpr std::size_t kMaxSpikes = 2'000'000;
// Small enough that a model's own per-chunk bookkeeping (NeuronModel keeps the spikes of the last 2 s for its rate)
// stays bounded between the checks.
constexpr long kChunkSteps = 10'000;

// A user error: printed as one line "neuroai-sim: error: …" with exit code 2.
struct UsageError {
    std::string message;
};

const char* const kUsage = R"(Usage: neuroai-sim COMMAND [OPTIONS]

Commands:
  list [--json]                     everything the engine can run: steppable models and batch experiments
  describe ID [--json]              parameters of ID (key, unit, range, default, choices, whole-number and
                                    restart flags), its recorded channels or result outputs, and its clock
  run ID [OPTIONS]                  run ID headless and print or save the result
      --set KEY=VALUE               set a parameter (repeatable); values in the units `describe` lists
      --duration MS                 simulated time in ms (models only; default 1000)
      --seed N                      seed of the random source (default 1); for a batch experiment with a
                                    'seed' parameter, sets that parameter
      --out FILE                    write to FILE (atomically) instead of standard output
      --format json|csv             output format (default: from FILE's extension, else json); CSV of a
                                    model run is streamed, JSON is limited to 500 MB
      --no-traces                   leave the sampled traces out (models: spikes and metrics only)
  run cuba [OPTIONS]                the Vogels-Abbott CUBA network (see bench cuba): every spike (time,
                                    population, neuron within it) and each population's rate
      --neurons N                   network size (default 4000)
      --synapses-per-neuron K       mean synapses per neuron, connection probability K/N (default 80)
      --duration MS, --seed N, --out FILE, --format json|csv   as above (default 1000 ms, seed 1)
      --rate-bin MS                 bin of the population rates in the JSON (default 1 ms)
  export-script cuba --format brian2|pynn [--neurons N] [--synapses-per-neuron K] [--duration MS] [--seed N]
                [--out FILE]        the same network as a runnable Brian2 or PyNN script (standard output
                                    without --out); its last line prints mean_rate_hz
  bench [NAME...] [--json] [--seconds S]
                                    time the engine (default: every benchmark); S seconds per case (default 1);
                                    neuron models in ns per neuron-step, sumtree (replay) in operations/s
  bench cuba [--neurons N] [--synapses-per-neuron K] [--duration MS] [--seed N] [--json]
                                    the Vogels-Abbott CUBA network as in Brian2's example (default 4000 cells,
                                    80 synapses each, 1000 ms at dt 0.1 ms): wall time of the simulation loop,
                                    spikes, mean rate, synaptic events per second
  bench cobahh [same options as bench cuba]
                                    Brette et al.'s benchmark 3 as in Brian2's COBAHH example: Hodgkin-Huxley
                                    cells with conductance synapses (default 4000 cells, 80 synapses each)

Global options: --log-level trace|debug|info|warn|error|off (or NEUROAI_LOG_LEVEL), --help, --version
)";

void setupLogging(std::vector<std::string>& args)
{
    auto logger = spdlog::stderr_color_mt("neuroai-sim");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
    std::string level = "warn";
    if (const char* env = std::getenv("NEUROAI_LOG_LEVEL"))
        level = env;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--log-level") {
            if (i + 1 >= args.size() || args[i + 1].empty())
                throw UsageError{"--log-level needs a value (trace, debug, info, warn, error, off)"};
            level = args[i + 1];
            args.erase(args.begin() + std::ptrdiff_t(i), args.begin() + std::ptrdiff_t(i) + 2);
            break;
        }
    }
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off")
        throw UsageError{"unknown log level '" + level + "' (use trace, debug, info, warn, error or off)"};
    spdlog::set_level(parsed);
}

const ExperimentEntry& requireEntry(const std::string& id)
{
    const ExperimentEntry* entry = findExperiment(id);
    if (!entry)
        throw UsageError{"unknown model '" + id + "' (known: " + knownExperimentIds() + ")"};
    return *entry;
}

std::string scaleName(Scale s) { return s == Scale::Log ? "log" : "linear"; }

std::string humanBytes(double bytes)
{
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
    int u = 0;
    while (bytes >= 1000 && u < 4) {
        bytes /= 1000;
        ++u;
    }
    return formatValue(bytes, u == 0 ? 0 : 1) + " " + units[u];
}

int commandList(const std::vector<std::string>& args)
{
    bool json = false;
    for (const std::string& a : args) {
        if (a == "--json")
            json = true;
        else
            throw UsageError{"list: unexpected argument '" + a + "'"};
    }
    if (json) {
        JsonWriter w;
        w.beginArray();
        for (const ExperimentEntry& e : experimentRegistry()) {
            w.beginObject();
            w.field("id", e.id);
            w.field("title", e.title);
            w.field("kind", kindName(e.kind));
            w.key("clock");
            w.beginObject();
            w.field("unit", e.clock.unit);
            w.field("label", e.clock.label);
            w.endObject();
            w.endObject();
        }
        w.endArray();
        std::cout << w.str() << '\n';
        return 0;
    }
    std::printf("%-14s %-6s %-8s %s\n", "id", "kind", "clock", "title");
    for (const ExperimentEntry& e : experimentRegistry())
        std::printf("%-14s %-6s %-8s %s\n", std::string(e.id).c_str(), std::string(kindName(e.kind)).c_str(),
                    e.clock.unit.c_str(), std::string(e.title).c_str());
    return 0;
}

std::string flagsOf(const ParamSpec& s)
{
    std::string flags;
    if (s.integer)
        flags += "int";
    if (s.restartsRun)
        flags += flags.empty() ? "restart" : ",restart";
    return flags.empty() ? "-" : flags;
}

int commandDescribe(const std::vector<std::string>& args)
{
    std::string id;
    bool json = false, haveId = false;
    for (const std::string& a : args) {
        if (a == "--json")
            json = true;
        else if (!a.starts_with("--") && !haveId)
            id = a, haveId = true;
        else
            throw UsageError{"describe: unexpected argument '" + a + "'"};
    }
    if (id.empty())
        throw UsageError{haveId ? "describe: the id is empty (see 'neuroai-sim list')"
                                : "describe: which model? (see 'neuroai-sim list')"};
    const ExperimentEntry& entry = requireEntry(id);
    const std::vector<ParamSpec> specs = entry.specs();
    const std::unique_ptr<Model> model = entry.isModel() ? entry.create() : nullptr;
    const auto* neuron = dynamic_cast<const NeuronModel*>(model.get());
    if (json) {
        JsonWriter w;
        w.beginObject();
        w.field("model", entry.id);
        w.field("title", entry.title);
        w.field("kind", kindName(entry.kind));
        w.key("clock");
        w.beginObject();
        w.field("unit", entry.clock.unit);
        w.field("label", entry.clock.label);
        w.endObject();
        w.key("parameters");
        w.beginArray();
        for (const ParamSpec& s : specs) {
            w.beginObject();
            w.field("key", s.key);
            w.field("label", s.label);
            w.field("unit", s.unit);
            w.field("min", s.min);
            w.field("max", s.max);
            w.field("default", s.defaultValue);
            w.field("scale", scaleName(s.scale));
            w.field("description", s.description);
            w.field("integer", s.integer);
            w.field("restarts_run", s.restartsRun);
            if (s.isChoice()) {
                w.key("choices");
                w.beginArray();
                for (const std::string& c : s.choices)
                    w.value(c);
                w.endArray();
            }
            if (!s.group.empty())
                w.field("group", s.group);
            w.endObject();
        }
        w.endArray();
        if (neuron)
            w.field("integration", neuron->integrationScheme());
        if (model) {
            w.key("channels");
            w.beginArray();
            for (const ChannelInfo& c : model->channels()) {
                w.beginObject();
                w.field("key", c.key);
                w.field("label", c.label);
                w.field("unit", c.unit);
                w.endObject();
            }
            w.endArray();
        } else {
            w.key("outputs");
            w.beginArray();
            for (const OutputInfo& o : entry.outputs()) {
                w.beginObject();
                w.field("kind", o.kind == OutputInfo::Kind::Series ? "series" : "scalar");
                w.field("key", o.key);
                w.field("label", o.label);
                w.field("unit", o.unit);
                if (o.kind == OutputInfo::Kind::Series)
                    w.field("x_unit", o.xUnit);
                w.endObject();
            }
            w.endArray();
        }
        w.endObject();
        std::cout << w.str() << '\n';
        return 0;
    }
    std::printf("%s — %s\n%s; clock: %s (%s)\n\n", std::string(entry.id).c_str(), std::string(entry.title).c_str(),
                entry.isModel() ? "steppable model" : "batch experiment", entry.clock.unit.c_str(),
                entry.clock.label.c_str());
    std::printf("%-13s %-8s %10s %10s %10s  %-7s %-12s %s\n", "key", "unit", "default", "min", "max", "scale",
                "flags", "label");
    for (const ParamSpec& s : specs)
        std::printf("%-13s %-8s %10s %10s %10s  %-7s %-12s %s\n", s.key.c_str(), s.unit.empty() ? "-" : s.unit.c_str(),
                    s.display(s.defaultValue).c_str(), formatValue(s.min).c_str(), formatValue(s.max).c_str(),
                    s.isChoice() ? "choice" : scaleName(s.scale).c_str(), flagsOf(s).c_str(), s.label.c_str());
    std::printf("(flags: int = whole numbers only, restart = changing it restarts the run)\n\n");
    for (const ParamSpec& s : specs) {
        std::printf("%-13s %s", s.key.c_str(), s.description.c_str());
        if (s.isChoice()) {
            std::printf(" Choices:");
            for (std::size_t i = 0; i < s.choices.size(); ++i)
                std::printf(" %s (%zu)", s.choices[i].c_str(), i);
        }
        std::printf("\n");
    }
    if (neuron)
        std::printf("\nIntegration: %s\n", neuron->integrationScheme().c_str());
    if (model) {
        std::printf("\nRecorded: ");
        for (const ChannelInfo& c : model->channels())
            std::printf("%s (%s, %s) ", c.key.c_str(), c.label.c_str(),
                        c.unit.empty() ? "dimensionless" : c.unit.c_str());
        std::printf("\n");
    } else {
        std::printf("\nOutputs:\n");
        for (const OutputInfo& o : entry.outputs()) {
            if (o.kind == OutputInfo::Kind::Series)
                std::printf("  series %-26s %s [%s vs %s]\n", o.key.c_str(), o.label.c_str(),
                            o.unit.empty() ? "dimensionless" : o.unit.c_str(),
                            o.xUnit.empty() ? "dimensionless" : o.xUnit.c_str());
            else
                std::printf("  scalar %-26s %s [%s]\n", o.key.c_str(), o.label.c_str(),
                            o.unit.empty() ? "dimensionless" : o.unit.c_str());
        }
    }
    return 0;
}

double parseDuration(const std::string& text)
{
    const std::optional<double> value = parseNumber(text);
    if (!value)
        throw UsageError{"--duration: '" + text + "' is not a finite number of milliseconds"};
    if (*value <= 0 || *value > 1e8)
        throw UsageError{"--duration: " + text + " ms is outside the allowed range (0, 1e8] ms"};
    return *value;
}

std::uint64_t parseSeed(const std::string& text)
{
    std::uint64_t seed = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        throw UsageError{"--seed: '" + text + "' is not a non-negative whole number below 2^64"};
    return seed;
}

// Where the output goes: standard output, or a file written atomically (streamed into a temporary file that is
// renamed over the target only when everything has been written).
class Output {
public:
    explicit Output(std::string path) : m_path(std::move(path))
    {
        if (!m_path.empty())
            if (std::string error = m_file.open(m_path); !error.empty())
                throw std::runtime_error(error);
    }
    void write(std::string_view text)
    {
        if (m_path.empty())
            std::fwrite(text.data(), 1, text.size(), stdout);
        else
            m_file.write(text);
    }
    // Empty on success, else the message.
    std::string finish()
    {
        if (m_path.empty())
            return std::fflush(stdout) == 0 ? std::string() : std::string("cannot write to standard output");
        std::string error = m_file.commit();
        if (error.empty())
            spdlog::info("wrote {}", m_path);
        return error;
    }

private:
    std::string m_path;
    AtomicStream m_file;
};

// Keeps at most kMaxSpikes spikes; beyond that it only counts, so a model that fires without bound cannot exhaust
// memory. The run stops at the next chunk boundary when overflowed() is true.
class SpikeCollector {
public:
    void add(double t, int neuron)
    {
        if (times.size() >= kMaxSpikes) {
            m_overflow = true;
            return;
        }
        times.push_back(t);
        neurons.push_back(neuron);
    }
    bool overflowed() const { return m_overflow; }
    std::vector<double> times;
    std::vector<int> neurons;

private:
    bool m_overflow = false;
};

// Samples into a RecordingSink (if wanted), spikes into the bounded collector.
class JsonRunSink final : public TraceSink {
public:
    JsonRunSink(RecordingSink* samples, SpikeCollector& spikes) : m_samples(samples), m_spikes(spikes) {}
    void sample(double t, std::span<const double> v) override
    {
        if (m_samples)
            m_samples->sample(t, v);
    }
    void spike(double t, int neuron) override { m_spikes.add(t, neuron); }

private:
    RecordingSink* m_samples;
    SpikeCollector& m_spikes;
};

// Formats each sample as a CSV row and hands the text to the output in blocks of about 1 MB.
class CsvStreamSink final : public TraceSink {
public:
    explicit CsvStreamSink(Output& out) : m_out(out) { m_buffer.reserve(kBlock + 4096); }
    ~CsvStreamSink() override { flush(); }
    void sample(double t, std::span<const double> values) override
    {
        m_buffer += JsonWriter::number(t);
        for (const double v : values) {
            m_buffer += ',';
            m_buffer += JsonWriter::number(v);
        }
        m_buffer += '\n';
        if (m_buffer.size() >= kBlock)
            flush();
    }
    void spike(double, int) override {}
    void flush()
    {
        m_out.write(m_buffer);
        m_buffer.clear();
    }

private:
    static constexpr std::size_t kBlock = 1 << 20;
    Output& m_out;
    std::string m_buffer;
};

std::string csvHeader(const Model& model, std::uint64_t seed, double duration, const SpikeCollector& spikes,
                      const std::map<std::string, double>& metrics)
{
    std::string out;
    out += "# NeuroAI Explorer " + std::string(kVersion) + " | neuroai-sim run\n";
    out += "# model=" + model.id() + " seed=" + std::to_string(seed) + " duration_ms=" + JsonWriter::number(duration) +
           " clock=" + model.clock().unit + '\n';
    out += "# parameters:";
    for (const ParamSpec& s : model.specs())
        out += ' ' + s.key + '=' + JsonWriter::number(model.parameters()[s.key]) + s.unit;
    out += "\n# metrics:";
    for (const auto& [k, v] : metrics)
        out += ' ' + k + '=' + JsonWriter::number(v);
    out += "\n# spike_times_ms:";
    for (const double t : spikes.times)
        out += ' ' + JsonWriter::number(t);
    out += "\nt_ms";
    for (const ChannelInfo& c : model.channels())
        out += ',' + c.key + '_' + c.unit;
    out += '\n';
    return out;
}

void writeJson(Output& out, const Model& model, std::uint64_t seed, double duration, const RecordingSink& rec,
               const SpikeCollector& spikes, const std::map<std::string, double>& metrics, bool traces)
{
    JsonWriter w;
    w.beginObject();
    w.field("app", std::string(kApplicationName) + " " + kVersion);
    w.field("model", model.id());
    w.field("kind", "model");
    w.field("seed", seed);
    w.field("duration_ms", duration);
    w.field("dt_ms", model.dt());
    w.field("clock", model.clock().unit);
    w.key("parameters");
    w.beginObject();
    for (const ParamSpec& s : model.specs())
        w.field(s.key, model.parameters()[s.key]);
    w.endObject();
    w.key("parameter_units");
    w.beginObject();
    for (const ParamSpec& s : model.specs())
        w.field(s.key, s.unit);
    w.endObject();
    w.key("traces");
    w.beginObject();
    if (traces) {
        w.key("t_ms");
        w.array(rec.t);
        const auto channels = model.channels();
        for (std::size_t c = 0; c < channels.size(); ++c) {
            w.key(channels[c].key);
            w.array(rec.values[c]);
        }
    }
    w.endObject();
    w.key("trace_units");
    w.beginObject();
    w.field("t_ms", "ms");
    for (const ChannelInfo& c : model.channels())
        w.field(c.key, c.unit);
    w.endObject();
    w.key("spikes");
    w.beginObject();
    w.key("t_ms");
    w.array(spikes.times);
    w.key("neuron");
    w.array(spikes.neurons);
    w.endObject();
    w.key("metrics");
    w.beginObject();
    for (const auto& [k, v] : metrics)
        w.field(k, v);
    w.endObject();
    w.endObject();
    out.write(w.str());
    out.write("\n");
}

struct RunOptions {
    std::string id, out, format;
    std::vector<std::string> assignments;
    std::optional<double> duration;
    std::optional<std::uint64_t> seed;
    bool traces = true;
};

// Advances `steps` in chunks, stopping early when the spike collector overflows. Returns false then.
bool advanceBounded(Model& model, long steps, TraceSink& sink, const SpikeCollector& spikes)
{
    for (long done = 0; done < steps;) {
        const long chunk = std::min(kChunkSteps, steps - done);
        model.advance(chunk, sink);
        done += chunk;
        if (spikes.overflowed())
            return false;
    }
    return true;
}

[[noreturn]] void tooManySpikes(const Model& model)
{
    throw UsageError{"run: the model emitted more than " + std::to_string(kMaxSpikes) + " spikes by t = " +
                     formatValue(model.timeMs(), 3) + " ms, the most neuroai-sim keeps (about " +
                     humanBytes(double(kMaxSpikes) * kBytesPerNumber) +
                     " of spike times); use a shorter --duration or check the parameters (a neuron that fires on "
                     "every step?)"};
}

int runModel(const ExperimentEntry& entry, const RunOptions& o)
{
    std::unique_ptr<Model> model = entry.create();
    ParamSet parameters = model->parameters();
    try {
        for (const std::string& assignment : o.assignments)
            parameters.setFromString(assignment);
        model->setParameters(parameters);
    } catch (const ParameterError& error) {
        throw UsageError{error.what()};
    }
    const double duration = o.duration.value_or(1000.0);
    const std::uint64_t seed = o.seed.value_or(1);
    const long steps = long(std::llround(duration / model->dt()));
    if (o.traces && steps > kMaxRecordedSamples)
        throw UsageError{"run: " + std::to_string(steps) + " samples (duration/dt) exceed the " +
                         std::to_string(kMaxRecordedSamples) + " that can be recorded; use a larger dt or --no-traces"};
    const std::size_t columns = model->channels().size() + 1;
    if (o.format == "json" && o.traces) {
        const double estimate = double(steps) * double(columns) * kBytesPerNumber;
        if (estimate > kMaxJsonBytes)
            throw UsageError{"run: the JSON output would be about " + humanBytes(estimate) + " (" +
                             std::to_string(steps) + " samples x " + std::to_string(columns) +
                             " columns), more than the " + humanBytes(kMaxJsonBytes) +
                             " limit; use --format csv (streamed), --no-traces or a shorter --duration"};
    }
    spdlog::info("running {} for {} ms ({} steps, seed {})", entry.id, duration, steps, seed);

    // First pass: spikes (bounded) and metrics; for JSON also the traces.
    model->reset(seed);
    SpikeCollector spikes;
    RecordingSink recording(model->channels().size());
    const bool keepSamples = o.format == "json" && o.traces;
    if (keepSamples) {
        recording.t.reserve(std::size_t(steps));
        for (auto& column : recording.values)
            column.reserve(std::size_t(steps));
    }
    JsonRunSink firstPass(keepSamples ? &recording : nullptr, spikes);
    if (!advanceBounded(*model, steps, firstPass, spikes))
        tooManySpikes(*model);
    if (!model->stateIsFinite()) {
        std::fprintf(stderr, "neuroai-sim: error: the simulation diverged (a state variable became NaN or infinite) "
                             "before t = %g ms; check the parameters\n", model->timeMs());
        return 1;
    }
    std::map<std::string, double> metrics = model->metrics();
    if (!model->inputKey().empty())
        if (const auto analytic = model->analyticRateHz(model->parameters()[model->inputKey()]))
            metrics["analytic_rate_hz"] = *analytic;

    Output out(o.out);
    if (o.format == "csv") {
        // Second pass from the same seed reproduces the first bit for bit and streams the samples, so the trace is
        // never held in memory.
        out.write(csvHeader(*model, seed, duration, spikes, metrics));
        model->reset(seed);
        CsvStreamSink rows(out);
        for (long done = 0; done < steps;) {
            const long chunk = std::min(kChunkSteps, steps - done);
            model->advance(chunk, rows);
            done += chunk;
        }
        rows.flush();
    } else {
        writeJson(out, *model, seed, duration, recording, spikes, metrics, o.traces);
    }
    if (std::string error = out.finish(); !error.empty()) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.c_str());
        return 1;
    }
    return 0;
}

void writeBatchJson(Output& out, const ExperimentEntry& entry, const ParamSet& p, const ExperimentResult& r)
{
    JsonWriter w;
    w.beginObject();
    w.field("app", std::string(kApplicationName) + " " + kVersion);
    w.field("model", entry.id);
    w.field("kind", "batch");
    w.field("clock", entry.clock.unit);
    w.key("parameters");
    w.beginObject();
    for (const ParamSpec& s : p.specs())
        w.field(s.key, p[s.key]);
    w.endObject();
    w.key("parameter_units");
    w.beginObject();
    for (const ParamSpec& s : p.specs())
        w.field(s.key, s.unit);
    w.endObject();
    w.key("series");
    w.beginArray();
    for (const ResultSeries& s : r.series) {
        w.beginObject();
        w.field("name", s.name);
        w.field("label", s.label);
        w.field("x_label", s.xLabel);
        w.field("x_unit", s.xUnit);
        w.field("y_label", s.yLabel);
        w.field("y_unit", s.yUnit);
        w.key("x");
        w.array(s.x);
        w.key("y");
        w.array(s.y);
        w.endObject();
    }
    w.endArray();
    w.key("scalars");
    w.beginObject();
    for (const ResultScalar& s : r.scalars)
        w.field(s.key, s.value);
    w.endObject();
    w.key("scalar_units");
    w.beginObject();
    for (const ResultScalar& s : r.scalars)
        w.field(s.key, s.unit);
    w.endObject();
    w.key("notes");
    w.beginArray();
    for (const std::string& n : r.notes)
        w.value(n);
    w.endArray();
    w.endObject();
    out.write(w.str());
    out.write("\n");
}

// Tidy CSV: one row per point, "series,x,y", with each series' axes and units and the scalars in '#' lines.
void writeBatchCsv(Output& out, const ExperimentEntry& entry, const ParamSet& p, const ExperimentResult& r)
{
    std::string text = "# NeuroAI Explorer " + std::string(kVersion) + " | neuroai-sim run\n";
    text += "# model=" + std::string(entry.id) + " kind=batch clock=" + entry.clock.unit + '\n';
    text += "# parameters:";
    for (const ParamSpec& s : p.specs())
        text += ' ' + s.key + '=' + JsonWriter::number(p[s.key]) + s.unit;
    text += "\n# scalars:";
    for (const ResultScalar& s : r.scalars)
        text += ' ' + s.key + '=' + JsonWriter::number(s.value) + s.unit;
    text += '\n';
    for (const std::string& n : r.notes)
        text += "# note: " + n + '\n';
    for (const ResultSeries& s : r.series)
        text += "# series " + s.name + ": x = " + s.xLabel + " (" + (s.xUnit.empty() ? "1" : s.xUnit) + "), y = " +
                s.yLabel + " (" + (s.yUnit.empty() ? "1" : s.yUnit) + ")\n";
    text += "series,x,y\n";
    out.write(text);
    for (const ResultSeries& s : r.series) {
        text.clear();
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            text += s.name + ',' + JsonWriter::number(s.x[i]) + ',' + JsonWriter::number(s.y[i]) + '\n';
        out.write(text);
    }
}

int runBatch(const ExperimentEntry& entry, const RunOptions& o)
{
    if (o.duration)
        throw UsageError{"run: --duration applies to steppable models; " + std::string(entry.id) +
                         " is a batch experiment (see 'neuroai-sim describe " + std::string(entry.id) + "')"};
    if (!o.traces)
        throw UsageError{"run: --no-traces applies to steppable models; " + std::string(entry.id) +
                         " is a batch experiment"};
    ParamSet parameters(entry.specs());
    try {
        if (o.seed) {
            if (!parameters.contains("seed"))
                throw UsageError{"run: " + std::string(entry.id) + " is deterministic and has no seed"};
            parameters.set("seed", double(*o.seed));
        }
        for (const std::string& assignment : o.assignments)
            parameters.setFromString(assignment);
    } catch (const ParameterError& error) {
        throw UsageError{error.what()};
    }
    spdlog::info("running batch experiment {}", entry.id);
    Progress progress;
    ExperimentResult result;
    try {
        result = entry.run(parameters, progress);
    } catch (const ParameterError& error) {
        throw UsageError{error.what()};
    }
    Output out(o.out);
    if (o.format == "csv")
        writeBatchCsv(out, entry, parameters, result);
    else
        writeBatchJson(out, entry, parameters, result);
    if (std::string error = out.finish(); !error.empty()) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.c_str());
        return 1;
    }
    return 0;
}

// ---- Networks (issue 10): `run cuba` and `export-script cuba` ----------------------------------------------------

// Networks the command line can run and export. (Apart from the registry: a network is not a steppable Model.)
bool isNetworkId(const std::string& id) { return id == "cuba"; }

struct NetworkOptions {
    std::string id;
    int neurons = 4000;
    double synapsesPerNeuron = 80;
    double durationMs = 1000;
    std::uint64_t seed = 1;
    std::string out;
    std::string format;
    double rateBinMs = 1;  // run only
};

// Parses the options after the network's name; `command` ("run cuba", "export-script") starts every message.
// `extra` handles the command's own options (returns false for an unknown one).
NetworkOptions parseNetworkOptions(const std::string& command, const std::string& id,
                                   const std::vector<std::string>& args,
                                   const std::function<bool(const std::string&, const std::string&, NetworkOptions&)>&
                                       extra)
{
    NetworkOptions o;
    o.id = id;
    auto valueOf = [&](std::size_t& i) -> const std::string& {
        if (i + 1 >= args.size() || args[i + 1].empty())
            throw UsageError{command + ": " + args[i] + " needs a value"};
        return args[++i];
    };
    auto number = [&](const std::string& option, const std::string& text, double low, double high, bool whole) {
        const auto v = parseNumber(text);
        if (!v || *v < low || *v > high || (whole && *v != std::floor(*v)))
            throw UsageError{command + ": " + option + " '" + text + "' is not a" + (whole ? " whole" : "") +
                             " number in [" + formatValue(low) + ", " + formatValue(high) + "]"};
        return *v;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--neurons")
            o.neurons = int(number(a, valueOf(i), 5, 2'000'000, true));
        else if (a == "--synapses-per-neuron")
            o.synapsesPerNeuron = number(a, valueOf(i), 1, 10'000, false);
        else if (a == "--duration")
            o.durationMs = number(a, valueOf(i), 0.1, 3'600'000, false);
        else if (a == "--seed") {
            const std::string& text = valueOf(i);
            try {
                o.seed = parseSeed(text);
            } catch (const UsageError&) {
                throw UsageError{command + ": --seed '" + text + "' is not a non-negative whole number below 2^64"};
            }
        } else if (a == "--out" || a == "--output")
            o.out = valueOf(i);
        else if (a == "--format")
            o.format = valueOf(i);
        else if (a.starts_with("--") && extra(a, i + 1 < args.size() ? args[i + 1] : std::string(), o))
            ++i;
        else
            throw UsageError{command + ": unexpected argument '" + a + "'"};
    }
    if (o.synapsesPerNeuron > o.neurons)
        throw UsageError{command + ": --synapses-per-neuron " + formatValue(o.synapsesPerNeuron) +
                         " exceeds --neurons " + std::to_string(o.neurons)};
    return o;
}

network::NetworkDescription describeNetwork(const NetworkOptions& o)
{
    return network::cubaDescription(o.neurons, o.synapsesPerNeuron);  // isNetworkId() admits only "cuba" so far
}

// `run cuba`: simulates the network and writes every spike (time, population, neuron within it), each population's
// mean rate and, in JSON, its rate in bins of --rate-bin ms.
int runNetwork(const std::vector<std::string>& args)
{
    const std::string id = args.front();
    const std::string command = "run " + id;
    NetworkOptions o = parseNetworkOptions(command, id, std::vector<std::string>(args.begin() + 1, args.end()),
                                           [&](const std::string& option, const std::string& text, NetworkOptions& n) {
                                               if (option != "--rate-bin")
                                                   return false;
                                               if (text.empty())
                                                   throw UsageError{command + ": --rate-bin needs a value"};
                                               const auto v = parseNumber(text);
                                               if (!v || *v < 0.1 || *v > 3'600'000)
                                                   throw UsageError{command + ": --rate-bin '" + text +
                                                                    "' is not a number in [0.1, 3600000] ms"};
                                               n.rateBinMs = *v;
                                               return true;
                                           });
    if (o.format.empty())
        o.format = o.out.ends_with(".csv") ? "csv" : "json";
    if (o.format != "json" && o.format != "csv")
        throw UsageError{command + ": --format '" + o.format + "' is not a known format (json or csv)"};
    network::Network net = network::buildNetwork(describeNetwork(o), o.seed);
    net.setRecordSpikes(true);
    const long steps = std::lround(o.durationMs / net.dt());
    spdlog::info("running {} ({} neurons, {} synapses) for {} ms, seed {}", id, net.totalNeurons(),
                 net.synapseCount(), o.durationMs, o.seed);
    // Checked every 100 steps: a cell spikes at most once per refractory period (CUBA: 5 ms = 50 steps), so the record
    // overshoots the limit by at most two spikes per cell.
    constexpr long kNetworkChunkSteps = 100;
    for (long done = 0; done < steps;) {
        const long chunk = std::min(kNetworkChunkSteps, steps - done);
        net.run(chunk);
        done += chunk;
        if (net.spikes().size() > kMaxSpikes)
            throw UsageError{command + ": the network emitted more than " + std::to_string(kMaxSpikes) +
                             " spikes by t = " + formatValue(net.timeMs(), 3) +
                             " ms, the most neuroai-sim keeps; use a shorter --duration or fewer --neurons"};
    }
    const double seconds = double(steps) * net.dt() / 1000.0;
    const int populations = net.populationCount();
    std::vector<long long> counts(std::size_t(populations), 0);
    for (const network::Network::Spike& s : net.spikes())
        ++counts[std::size_t(s.population)];
    auto rateOf = [&](int p) { return double(counts[std::size_t(p)]) / (double(net.size(p)) * seconds); };
    const double meanRate = double(net.spikes().size()) / (double(net.totalNeurons()) * seconds);
    const network::NetworkDescription description = describeNetwork(o);

    Output out(o.out);
    if (o.format == "csv") {
        std::string text = "# NeuroAI Explorer " + std::string(kVersion) + " | neuroai-sim run\n";
        text += "# model=" + id + " kind=network seed=" + std::to_string(o.seed) +
                " neurons=" + std::to_string(net.totalNeurons()) + " synapses=" + std::to_string(net.synapseCount()) +
                " duration_ms=" + JsonWriter::number(double(steps) * net.dt()) +
                " dt_ms=" + JsonWriter::number(net.dt()) + '\n';
        text += "# populations (neuron = index within the population):";
        for (int p = 0; p < populations; ++p)
            text += ' ' + description.populations[std::size_t(p)].name + '=' + std::to_string(net.size(p));
        text += "\n# rates_hz:";
        for (int p = 0; p < populations; ++p)
            text += ' ' + description.populations[std::size_t(p)].name + '=' + JsonWriter::number(rateOf(p));
        text += " mean=" + JsonWriter::number(meanRate) + "\nt_ms,population,neuron\n";
        for (const network::Network::Spike& s : net.spikes()) {
            text += JsonWriter::number(double(s.step) * net.dt());
            text += ',';
            text += description.populations[std::size_t(s.population)].name;
            text += ',';
            text += std::to_string(s.neuron);
            text += '\n';
            if (text.size() > (1u << 20)) {
                out.write(text);
                text.clear();
            }
        }
        out.write(text);
    } else {
        const long binSteps = std::max(1L, std::lround(o.rateBinMs / net.dt()));
        const std::size_t bins = std::size_t((steps + binSteps - 1) / binSteps);
        std::vector<std::vector<double>> binned(std::size_t(populations), std::vector<double>(bins, 0.0));
        for (const network::Network::Spike& s : net.spikes())
            binned[std::size_t(s.population)][std::size_t(s.step / binSteps)] += 1.0;
        std::vector<double> binStarts(bins);
        for (std::size_t b = 0; b < bins; ++b) {
            binStarts[b] = double(long(b) * binSteps) * net.dt();
            // the last bin may be shorter than the others
            const long width = std::min(binSteps, steps - long(b) * binSteps);
            for (int p = 0; p < populations; ++p)
                binned[std::size_t(p)][b] /= double(net.size(p)) * double(width) * net.dt() / 1000.0;
        }
        JsonWriter w;
        w.beginObject();
        w.field("app", std::string(kApplicationName) + " " + kVersion);
        w.field("model", id);
        w.field("kind", "network");
        w.field("title", description.title);
        w.field("seed", o.seed);
        w.field("neurons", static_cast<long long>(net.totalNeurons()));
        w.field("synapses", static_cast<long long>(net.synapseCount()));
        w.field("synapses_per_neuron", o.synapsesPerNeuron);
        w.field("duration_ms", double(steps) * net.dt());
        w.field("dt_ms", net.dt());
        w.key("populations");
        w.beginArray();
        for (int p = 0; p < populations; ++p) {
            w.beginObject();
            w.field("name", description.populations[std::size_t(p)].name);
            w.field("size", static_cast<long long>(net.size(p)));
            w.field("spikes", counts[std::size_t(p)]);
            w.field("rate_hz", rateOf(p));
            w.endObject();
        }
        w.endArray();
        w.field("spike_count", static_cast<long long>(net.spikes().size()));
        w.field("mean_rate_hz", meanRate);
        w.key("population_rates");
        w.beginObject();
        w.field("bin_ms", double(binSteps) * net.dt());
        w.key("t_ms");
        w.array(binStarts);
        for (int p = 0; p < populations; ++p) {
            w.key(description.populations[std::size_t(p)].name);
            w.array(binned[std::size_t(p)]);
        }
        w.endObject();
        std::vector<double> times;
        std::vector<int> population, neuron;
        times.reserve(net.spikes().size());
        population.reserve(net.spikes().size());
        neuron.reserve(net.spikes().size());
        for (const network::Network::Spike& s : net.spikes()) {
            times.push_back(double(s.step) * net.dt());
            population.push_back(s.population);
            neuron.push_back(s.neuron);
        }
        w.key("spikes");
        w.beginObject();
        w.key("t_ms");
        w.array(times);
        w.key("population");
        w.array(population);
        w.key("neuron");
        w.array(neuron);
        w.endObject();
        w.endObject();
        out.write(w.str());
        out.write("\n");
    }
    if (std::string error = out.finish(); !error.empty()) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.c_str());
        return 1;
    }
    return 0;
}

// `export-script cuba --format brian2|pynn`: the network as a runnable Brian2 or PyNN script.
int commandExportScript(const std::vector<std::string>& args)
{
    if (args.empty() || args.front().starts_with("--"))
        throw UsageError{"export-script: which network? (cuba)"};
    const std::string id = args.front();
    if (!isNetworkId(id))
        throw UsageError{"export-script: unknown network '" + id + "' (known: cuba)"};
    const NetworkOptions o =
        parseNetworkOptions("export-script", id, std::vector<std::string>(args.begin() + 1, args.end()),
                            [](const std::string&, const std::string&, NetworkOptions&) { return false; });
    if (o.format.empty())
        throw UsageError{"export-script: --format is required (brian2 or pynn)"};
    const std::optional<network::ScriptFormat> format = network::parseScriptFormat(o.format);
    if (!format)
        throw UsageError{"export-script: --format '" + o.format + "' is not a known format (brian2 or pynn)"};
    if (o.seed > 0xFFFF'FFFFull)
        throw UsageError{"export-script: --seed " + std::to_string(o.seed) +
                         " is too large; Brian2 and PyNN take seeds below 2^32 (4294967296)"};
    network::ScriptOptions options;
    options.durationMs = o.durationMs;
    options.seed = o.seed;
    options.commandLine = "neuroai-sim export-script " + id + " --format " + o.format + " --neurons " +
                          std::to_string(o.neurons) + " --synapses-per-neuron " +
                          JsonWriter::number(o.synapsesPerNeuron) + " --duration " +
                          JsonWriter::number(o.durationMs) + " --seed " + std::to_string(o.seed);
    const std::string script = network::exportScript(describeNetwork(o), *format, options);
    Output out(o.out);
    out.write(script);
    if (std::string error = out.finish(); !error.empty()) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.c_str());
        return 1;
    }
    return 0;
}

int commandRun(const std::vector<std::string>& args)
{
    if (!args.empty() && isNetworkId(args.front()))
        return runNetwork(args);
    RunOptions o;
    bool haveId = false;
    auto needValue = [&](std::size_t& i) -> const std::string& {
        if (i + 1 >= args.size())
            throw UsageError{"run: " + args[i] + " needs a value"};
        if (args[i + 1].empty())
            throw UsageError{"run: " + args[i] + " needs a non-empty value"};
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--set") {
            o.assignments.push_back(needValue(i));
        } else if (a.starts_with("--set=")) {
            if (a.size() == 6)
                throw UsageError{"run: --set needs a non-empty value"};
            o.assignments.push_back(a.substr(6));
        } else if (a == "--duration") {
            o.duration = parseDuration(needValue(i));
        } else if (a == "--seed") {
            o.seed = parseSeed(needValue(i));
        } else if (a == "--out") {
            o.out = needValue(i);
        } else if (a == "--format") {
            o.format = needValue(i);
        } else if (a == "--no-traces") {
            o.traces = false;
        } else if (!a.starts_with("--") && !haveId) {
            o.id = a;
            haveId = true;
        } else {
            throw UsageError{"run: unexpected argument '" + a + "'"};
        }
    }
    if (o.id.empty())
        throw UsageError{haveId ? "run: the id is empty (see 'neuroai-sim list')"
                                : "run: which model? (see 'neuroai-sim list')"};
    if (o.format.empty())
        o.format = o.out.ends_with(".csv") ? "csv" : "json";
    if (o.format != "json" && o.format != "csv")
        throw UsageError{"--format: '" + o.format + "' is not a known format (json or csv)"};
    if (o.format == "csv" && !o.traces)
        throw UsageError{"--no-traces makes no sense with CSV output, which is the trace"};
    if (isNetworkId(o.id))
        throw UsageError{"run: " + o.id + " is a network; give its name first: neuroai-sim run " + o.id +
                         " [--neurons N] [--duration MS] [--seed N] ..."};
    const ExperimentEntry& entry = requireEntry(o.id);
    return entry.isModel() ? runModel(entry, o) : runBatch(entry, o);
}

// `bench cuba` and `bench cobahh`: builds the network (timed apart), then times the simulation loop alone, as Brian2's
// benchmarks do. `name` is the benchmark's, and says which network to build.
int commandBenchNetwork(const std::string& name, const std::vector<std::string>& args)
{
    const std::string command = "bench " + name;
    bool json = false;
    double neurons = 4000, perNeuron = 80, durationMs = 1000, seed = 1;
    auto value = [&](std::size_t& i, double low, double high, bool whole) {
        if (i + 1 >= args.size())
            throw UsageError{command + ": " + args[i] + " needs a value"};
        const std::string& text = args[++i];
        const auto v = parseNumber(text);
        if (!v || *v < low || *v > high || (whole && *v != std::floor(*v)))
            throw UsageError{command + ": " + args[i - 1] + " '" + text + "' is not a" + (whole ? " whole" : "") +
                             " number in [" + formatValue(low) + ", " + formatValue(high) + "]"};
        return *v;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json")
            json = true;
        else if (args[i] == "--neurons")
            neurons = value(i, 5, 2'000'000, true);
        else if (args[i] == "--synapses-per-neuron")
            perNeuron = value(i, 1, 10'000, false);
        else if (args[i] == "--duration")
            durationMs = value(i, 0.1, 3'600'000, false);
        else if (args[i] == "--seed")
            seed = value(i, 0, 9'007'199'254'740'992.0, true);
        else
            throw UsageError{command + ": unexpected argument '" + args[i] + "'"};
    }
    if (perNeuron > neurons)
        throw UsageError{command + ": --synapses-per-neuron " + formatValue(perNeuron) + " exceeds --neurons " +
                         formatValue(neurons)};
    using Clock = std::chrono::steady_clock;
    const auto built0 = Clock::now();
    network::Network net = name == "cobahh" ? network::makeCobaHh(int(neurons), perNeuron, std::uint64_t(seed))
                                            : network::makeCuba(int(neurons), perNeuron, std::uint64_t(seed));
    const double buildS = std::chrono::duration<double>(Clock::now() - built0).count();
    const long steps = std::lround(durationMs / net.dt());
    const auto run0 = Clock::now();
    const std::clock_t cpu0 = std::clock();  // processor time too: what Brian2's standalone loop timer measures
    net.run(steps);
    const double wallS = std::chrono::duration<double>(Clock::now() - run0).count();
    const double cpuS = double(std::clock() - cpu0) / CLOCKS_PER_SEC;
    const double simulatedS = double(steps) * net.dt() / 1000.0;
    const double rate = double(net.spikeCount()) / (double(net.totalNeurons()) * simulatedS);
    const double eventsPerS = wallS > 0 ? double(net.synapticEvents()) / wallS : 0.0;
    if (json) {
        JsonWriter w;
        w.beginObject();
        w.field("version", kVersion);
        w.field("benchmark", name);
        w.field("neurons", static_cast<long long>(net.totalNeurons()));
        w.field("synapses", static_cast<long long>(net.synapseCount()));
        w.field("duration_ms", double(steps) * net.dt());
        w.field("dt_ms", net.dt());
        w.field("seed", static_cast<long long>(seed));
        w.field("build_s", buildS);
        w.field("wall_s", wallS);
        w.field("cpu_s", cpuS);
        w.field("spikes", static_cast<long long>(net.spikeCount()));
        w.field("mean_rate_hz", rate);
        w.field("synaptic_events", static_cast<long long>(net.synapticEvents()));
        w.field("synaptic_events_per_s", eventsPerS);
        w.endObject();
        std::cout << w.str() << '\n';
        return 0;
    }
    std::printf("%s: %d neurons, %zu synapses, %.0f ms at dt %.2g ms (seed %.0f)\n", name.c_str(), net.totalNeurons(),
                net.synapseCount(), double(steps) * net.dt(), net.dt(), seed);
    std::printf("  build      %.3f s\n  simulate   %.3f s (wall time of the loop)\n  spikes     %llu (mean rate "
                "%.2f Hz)\n  events     %llu (%.3g synaptic events per second)\n",
                buildS, wallS, static_cast<unsigned long long>(net.spikeCount()), rate,
                static_cast<unsigned long long>(net.synapticEvents()), eventsPerS);
    return 0;
}

int commandBench(const std::vector<std::string>& args)
{
    if (!args.empty() && (args[0] == "cuba" || args[0] == "cobahh"))
        return commandBenchNetwork(args[0], std::vector<std::string>(args.begin() + 1, args.end()));
    bool json = false;
    double seconds = 1.0;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--json") {
            json = true;
        } else if (args[i] == "--seconds") {
            if (i + 1 >= args.size())
                throw UsageError{"bench: --seconds needs a value"};
            const auto value = parseNumber(args[++i]);
            if (!value || *value <= 0 || *value > 600)
                throw UsageError{"bench: --seconds must be a number in (0, 600]"};
            seconds = *value;
        } else if (args[i].starts_with("--")) {
            throw UsageError{"bench: unexpected option '" + args[i] + "'"};
        } else {
            names.push_back(args[i]);
        }
    }
    std::vector<const BenchGroup*> selected;
    for (const std::string& name : names) {
        const BenchGroup* found = nullptr;
        for (const BenchGroup& g : benchmarkGroups())
            if (g.name == name)
                found = &g;
        if (!found) {
            std::string known;
            for (const BenchGroup& g : benchmarkGroups())
                known += (known.empty() ? "" : ", ") + std::string(g.name);
            throw UsageError{"bench: unknown benchmark '" + name + "' (known: " + known + ")"};
        }
        selected.push_back(found);
    }
    if (selected.empty())
        for (const BenchGroup& g : benchmarkGroups())
            selected.push_back(&g);

    std::vector<BenchResult> results;
    for (const BenchGroup* g : selected) {
        spdlog::info("bench {}: {}", g->name, g->description);
        for (BenchResult& r : g->run(seconds))
            results.push_back(std::move(r));
    }
    if (json) {
        JsonWriter w;
        w.beginObject();
        w.field("version", kVersion);
        w.key("results");
        w.beginArray();
        for (const BenchResult& r : results) {
            w.beginObject();
            w.field("name", r.name);
            w.field("description", r.description);
            w.field("repetitions", r.repetitions);
            if (!r.isThroughput()) {
                w.field("neurons", static_cast<long long>(r.neurons));
                w.field("steps", static_cast<long long>(r.steps));
                w.field("ns_per_neuron_step", r.nsPerNeuronStep);
                w.field("ns_per_neuron_step_min", r.nsPerNeuronStepMin);
                w.field("rate_hz", r.spikesPerNeuronSecond);
            } else {  // throughput benchmarks (sumtree): operations per second instead of the neuron figures
                w.field("operation", r.operation);
                w.field("operations", static_cast<long long>(r.operations));
                w.field("ops_per_second", r.opsPerSecond);
                w.field("ops_per_second_best", r.opsPerSecondBest);
                w.field("ops_per_cpu_second", r.opsPerCpuSecond);
            }
            w.endObject();
        }
        w.endArray();
        w.endObject();
        std::cout << w.str() << '\n';
        return 0;
    }
    // Neuron benchmarks and throughput benchmarks (ops/s, e.g. the replay SumTree) in separate tables.
    const bool anyNeuron = std::any_of(results.begin(), results.end(), [](const BenchResult& r) { return !r.isThroughput(); });
    const bool anyThroughput = std::any_of(results.begin(), results.end(), [](const BenchResult& r) { return r.isThroughput(); });
    if (anyNeuron)
        std::printf("%-12s %8s %12s %14s %14s %9s  %s\n", "benchmark", "neurons", "steps/rep", "ns/neuron-step",
                    "best ns", "rate Hz", "what");
    for (const BenchResult& r : results)
        if (!r.isThroughput())
            std::printf("%-12s %8ld %12ld %14.2f %14.2f %9.1f  %s\n", r.name.c_str(), r.neurons, r.steps,
                        r.nsPerNeuronStep, r.nsPerNeuronStepMin, r.spikesPerNeuronSecond, r.description.c_str());
    if (anyThroughput)
        std::printf("%s%-20s %10s %11s %11s %11s  %s\n", anyNeuron ? "\n" : "", "benchmark", "ops/rep", "ops/s",
                    "best ops/s", "ops/CPU-s", "what (one operation)");
    for (const BenchResult& r : results)
        if (r.isThroughput())
            std::printf("%-20s %10ld %11.4g %11.4g %11.4g  %s (%s)\n", r.name.c_str(), r.operations, r.opsPerSecond,
                        r.opsPerSecondBest, r.opsPerCpuSecond, r.description.c_str(), r.operation.c_str());
    std::printf("(median of %d repetitions; wall-clock time on this machine)\n", results.empty() ? 0 : results[0].repetitions);
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        setupLogging(args);
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            std::fputs(kUsage, args.empty() ? stderr : stdout);
            return args.empty() ? 2 : 0;
        }
        if (args[0] == "--version") {
            std::printf("neuroai-sim %s\n", kVersion);
            return 0;
        }
        const std::string command = args[0];
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (command == "list")
            return commandList(rest);
        if (command == "describe")
            return commandDescribe(rest);
        if (command == "run")
            return commandRun(rest);
        if (command == "bench")
            return commandBench(rest);
        if (command == "export-script")
            return commandExportScript(rest);
        throw UsageError{"unknown command '" + command +
                         "' (use list, describe, run, bench or export-script; --help for details)"};
    } catch (const UsageError& error) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.message.c_str());
        return 2;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "neuroai-sim: error: out of memory; use a shorter --duration, --no-traces or "
                             "--format csv (streamed)\n");
        return 1;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.what());
        return 1;
    }
}
