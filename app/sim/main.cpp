// neuroai-sim: the engine from the command line (list, describe, run, bench). No Qt.

#include "engine/analysis/Benchmarks.h"
#include "engine/core/ModelRegistry.h"
#include "engine/core/Version.h"
#include "engine/io/AtomicFile.h"
#include "engine/io/JsonWriter.h"
#include "engine/models/NeuronModel.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace neuroai;

namespace {

constexpr long kMaxRecordedSamples = 20'000'000;

// A user error: printed as one line "neuroai-sim: error: …" with exit code 2.
struct UsageError {
    std::string message;
};

const char* const kUsage = R"(Usage: neuroai-sim COMMAND [OPTIONS]

Commands:
  list [--json]                     the models the engine provides
  describe MODEL [--json]           every parameter of MODEL: key, label, unit, min, max, default, description
  run MODEL [OPTIONS]               simulate MODEL headless and print or save the result
      --set KEY=VALUE               set a parameter (repeatable); values in the units `describe` lists
      --duration MS                 simulated time in ms (default 1000)
      --seed N                      seed of the random source (default 1)
      --out FILE                    write to FILE (atomically) instead of standard output
      --format json|csv             output format (default: from FILE's extension, else json)
      --no-traces                   leave the sampled traces out (spikes and metrics only)
  bench [NAME...] [--json] [--seconds S]
                                    time the engine (default: every benchmark); S seconds per case (default 1)

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
            if (i + 1 >= args.size())
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

std::unique_ptr<Model> requireModel(const std::string& id)
{
    std::unique_ptr<Model> model = createModel(id);
    if (!model) {
        std::string known;
        for (const ModelEntry& e : modelRegistry())
            known += (known.empty() ? "" : ", ") + std::string(e.id);
        throw UsageError{"unknown model '" + id + "' (known: " + known + ")"};
    }
    return model;
}

std::string scaleName(Scale s) { return s == Scale::Log ? "log" : "linear"; }

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
        for (const ModelEntry& e : modelRegistry()) {
            w.beginObject();
            w.field("id", e.id);
            w.field("title", e.title);
            w.endObject();
        }
        w.endArray();
        std::cout << w.str() << '\n';
        return 0;
    }
    for (const ModelEntry& e : modelRegistry())
        std::printf("%-12s %s\n", std::string(e.id).c_str(), std::string(e.title).c_str());
    return 0;
}

int commandDescribe(const std::vector<std::string>& args)
{
    std::string id;
    bool json = false;
    for (const std::string& a : args) {
        if (a == "--json")
            json = true;
        else if (!a.starts_with("--") && id.empty())
            id = a;
        else
            throw UsageError{"describe: unexpected argument '" + a + "'"};
    }
    if (id.empty())
        throw UsageError{"describe: which model? (see 'neuroai-sim list')"};
    const std::unique_ptr<Model> model = requireModel(id);
    if (json) {
        JsonWriter w;
        w.beginObject();
        w.field("model", model->id());
        w.field("title", model->title());
        w.key("parameters");
        w.beginArray();
        for (const ParamSpec& s : model->specs()) {
            w.beginObject();
            w.field("key", s.key);
            w.field("label", s.label);
            w.field("unit", s.unit);
            w.field("min", s.min);
            w.field("max", s.max);
            w.field("default", s.defaultValue);
            w.field("scale", scaleName(s.scale));
            w.field("description", s.description);
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
        if (const auto* neuron = dynamic_cast<const NeuronModel*>(model.get()))
            w.field("integration", neuron->integrationScheme());
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
        w.endObject();
        std::cout << w.str() << '\n';
        return 0;
    }
    std::printf("%s — %s\n\n", model->id().c_str(), model->title().c_str());
    std::printf("%-12s %-8s %10s %10s %10s  %-7s %s\n", "key", "unit", "default", "min", "max", "scale", "label");
    for (const ParamSpec& s : model->specs())
        std::printf("%-13s %-8s %10s %10s %10s  %-7s %s\n", s.key.c_str(), s.unit.empty() ? "-" : s.unit.c_str(),
                    s.display(s.defaultValue).c_str(), formatValue(s.min).c_str(), formatValue(s.max).c_str(),
                    s.isChoice() ? "choice" : scaleName(s.scale).c_str(), s.label.c_str());
    std::printf("\n");
    for (const ParamSpec& s : model->specs()) {
        std::printf("%-13s %s", s.key.c_str(), s.description.c_str());
        if (s.isChoice()) {
            std::printf(" Choices:");
            for (std::size_t i = 0; i < s.choices.size(); ++i)
                std::printf(" %s (%zu)", s.choices[i].c_str(), i);
        }
        std::printf("\n");
    }
    if (const auto* neuron = dynamic_cast<const NeuronModel*>(model.get()))
        std::printf("\nIntegration: %s\n", neuron->integrationScheme().c_str());
    std::printf("\nRecorded: ");
    for (const ChannelInfo& c : model->channels())
        std::printf("%s (%s, %s) ", c.key.c_str(), c.label.c_str(), c.unit.empty() ? "dimensionless" : c.unit.c_str());
    std::printf("\n");
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
        throw UsageError{"--seed: '" + text + "' is not a non-negative whole number"};
    return seed;
}

std::string toCsv(const Model& model, std::uint64_t seed, double duration, const RecordingSink& rec,
                  const std::map<std::string, double>& metrics)
{
    std::ostringstream out;
    out.precision(17);
    out << "# NeuroAI Explorer " << kVersion << " | neuroai-sim run\n";
    out << "# model=" << model.id() << " seed=" << seed << " duration_ms=" << JsonWriter::number(duration) << '\n';
    out << "# parameters:";
    for (const ParamSpec& s : model.specs())
        out << ' ' << s.key << '=' << JsonWriter::number(model.parameters()[s.key]) << (s.unit.empty() ? "" : s.unit);
    out << "\n# metrics:";
    for (const auto& [k, v] : metrics)
        out << ' ' << k << '=' << JsonWriter::number(v);
    out << "\n# spike_times_ms:";
    for (const double t : rec.spikeTimes)
        out << ' ' << JsonWriter::number(t);
    out << "\nt_ms";
    for (const ChannelInfo& c : model.channels())
        out << ',' << c.key << '_' << c.unit;
    out << '\n';
    for (std::size_t i = 0; i < rec.t.size(); ++i) {
        out << JsonWriter::number(rec.t[i]);
        for (const auto& column : rec.values)
            out << ',' << JsonWriter::number(column[i]);
        out << '\n';
    }
    return out.str();
}

std::string toJson(const Model& model, std::uint64_t seed, double duration, const RecordingSink& rec,
                   const std::map<std::string, double>& metrics, bool traces)
{
    JsonWriter w;
    w.beginObject();
    w.field("app", std::string(kApplicationName) + " " + kVersion);
    w.field("model", model.id());
    w.field("seed", static_cast<long long>(seed));
    w.field("duration_ms", duration);
    w.field("dt_ms", model.dt());
    w.key("parameters");
    w.beginObject();
    for (const ParamSpec& s : model.specs()) {
        w.field(s.key, model.parameters()[s.key]);
    }
    w.endObject();
    w.key("parameter_units");
    w.beginObject();
    for (const ParamSpec& s : model.specs()) {
        w.field(s.key, s.unit);
    }
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
    for (const ChannelInfo& c : model.channels()) {
        w.field(c.key, c.unit);
    }
    w.endObject();
    w.key("spikes");
    w.beginObject();
    w.key("t_ms");
    w.array(rec.spikeTimes);
    w.key("neuron");
    w.array(rec.spikeNeurons);
    w.endObject();
    w.key("metrics");
    w.beginObject();
    for (const auto& [k, v] : metrics) {
        w.field(k, v);
    }
    w.endObject();
    w.endObject();
    return w.str() + "\n";
}

int commandRun(const std::vector<std::string>& args)
{
    std::string id, out, format;
    std::vector<std::string> assignments;
    double duration = 1000;
    std::uint64_t seed = 1;
    bool traces = true;
    auto needValue = [&](std::size_t& i) -> const std::string& {
        if (i + 1 >= args.size())
            throw UsageError{"run: " + args[i] + " needs a value"};
        return args[++i];
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--set")
            assignments.push_back(needValue(i));
        else if (a.starts_with("--set="))
            assignments.push_back(a.substr(6));
        else if (a == "--duration")
            duration = parseDuration(needValue(i));
        else if (a == "--seed")
            seed = parseSeed(needValue(i));
        else if (a == "--out")
            out = needValue(i);
        else if (a == "--format")
            format = needValue(i);
        else if (a == "--no-traces")
            traces = false;
        else if (!a.starts_with("--") && id.empty())
            id = a;
        else
            throw UsageError{"run: unexpected argument '" + a + "'"};
    }
    if (id.empty())
        throw UsageError{"run: which model? (see 'neuroai-sim list')"};
    if (format.empty())
        format = out.ends_with(".csv") ? "csv" : "json";
    if (format != "json" && format != "csv")
        throw UsageError{"--format: '" + format + "' is not a known format (json or csv)"};
    if (format == "csv" && !traces)
        throw UsageError{"--no-traces makes no sense with CSV output, which is the trace"};

    std::unique_ptr<Model> model = requireModel(id);
    ParamSet parameters = model->parameters();
    try {
        for (const std::string& assignment : assignments)
            parameters.setFromString(assignment);
        model->setParameters(parameters);
    } catch (const ParameterError& error) {
        throw UsageError{error.what()};
    }
    const long steps = long(std::llround(duration / model->dt()));
    if (traces && steps > kMaxRecordedSamples)
        throw UsageError{"run: " + std::to_string(steps) + " samples (duration/dt) exceed the " +
                         std::to_string(kMaxRecordedSamples) + " that can be recorded; use a larger dt or --no-traces"};
    model->reset(seed);
    spdlog::info("running {} for {} ms ({} steps, seed {})", id, duration, steps, seed);

    RecordingSink recording(model->channels().size());
    // With --no-traces only spikes are kept: record into a sink that drops samples.
    class SpikesOnly final : public TraceSink {
    public:
        explicit SpikesOnly(RecordingSink& r) : m_r(r) {}
        void sample(double, std::span<const double>) override {}
        void spike(double t, int n) override { m_r.spike(t, n); }

    private:
        RecordingSink& m_r;
    } spikesOnly(recording);
    if (traces) {
        recording.t.reserve(std::size_t(steps));
        for (auto& column : recording.values)
            column.reserve(std::size_t(steps));
    }
    model->advance(steps, traces ? static_cast<TraceSink&>(recording) : static_cast<TraceSink&>(spikesOnly));
    if (!model->stateIsFinite()) {
        std::fprintf(stderr, "neuroai-sim: error: the simulation diverged (a state variable became NaN or infinite) "
                             "before t = %g ms; check the parameters\n", model->timeMs());
        return 1;
    }
    std::map<std::string, double> metrics = model->metrics();
    if (const auto analytic = model->analyticRateHz(model->parameters()[model->inputKey()]); analytic && !model->inputKey().empty())
        metrics["analytic_rate_hz"] = *analytic;

    const std::string text = format == "csv" ? toCsv(*model, seed, duration, recording, metrics)
                                             : toJson(*model, seed, duration, recording, metrics, traces);
    if (out.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
    }
    if (std::string error = writeFileAtomically(out, text); !error.empty()) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.c_str());
        return 1;
    }
    spdlog::info("wrote {}", out);
    return 0;
}

int commandBench(const std::vector<std::string>& args)
{
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
            w.field("neurons", static_cast<long long>(r.neurons));
            w.field("steps", static_cast<long long>(r.steps));
            w.field("repetitions", r.repetitions);
            w.field("ns_per_neuron_step", r.nsPerNeuronStep);
            w.field("ns_per_neuron_step_min", r.nsPerNeuronStepMin);
            w.field("rate_hz", r.spikesPerNeuronSecond);
            w.endObject();
        }
        w.endArray();
        w.endObject();
        std::cout << w.str() << '\n';
        return 0;
    }
    std::printf("%-12s %8s %12s %14s %14s %9s  %s\n", "benchmark", "neurons", "steps/rep", "ns/neuron-step",
                "best ns", "rate Hz", "what");
    for (const BenchResult& r : results)
        std::printf("%-12s %8ld %12ld %14.2f %14.2f %9.1f  %s\n", r.name.c_str(), r.neurons, r.steps,
                    r.nsPerNeuronStep, r.nsPerNeuronStepMin, r.spikesPerNeuronSecond, r.description.c_str());
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
        throw UsageError{"unknown command '" + command + "' (use list, describe, run or bench; --help for details)"};
    } catch (const UsageError& error) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.message.c_str());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "neuroai-sim: error: %s\n", error.what());
        return 1;
    }
}
