// libFuzzer harness for the scenario loader: any bytes go through the parser the app, its command line and the
// presets use (parseScenario → stateFromJson against panels with one and with four models). Besides crashes and
// sanitizer reports it checks one property: whatever is accepted saves and reopens to the same state and the same
// bytes. Build and run with scripts/fuzz.sh.

#include "chapters/framework/Scenario.h"
#include "engine/core/ModelRegistry.h"

#include <QByteArray>
#include <QStringList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

PanelSchema schemaFor(const QString& panel, const QStringList& models)
{
    PanelSchema schema;
    schema.panel = panel;
    schema.models = models;
    schema.specs = [](const QString& model) { return createModel(model.toStdString())->specs(); };
    schema.check = [](const PanelState& state) {
        return QString::fromStdString(createModel(state.model.toStdString())->validate(state.parameters));
    };
    return schema;
}

void check(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_scenario: property violated: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const PanelSchema schemas[] = {
        schemaFor(QStringLiteral("foundations/lif-lab"), {QStringLiteral("lif")}),
        schemaFor(QStringLiteral("foundations/firing-patterns"),
                  {QStringLiteral("izhikevich"), QStringLiteral("adex"), QStringLiteral("hh"), QStringLiteral("lif")}),
    };
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    QString error;
    const auto document = parseScenario(bytes, error);
    if (!document) {
        check(!error.isEmpty() && !error.contains(QLatin1Char('\n')), "a rejection has a one-line message");
        return 0;
    }
    for (const PanelSchema& schema : schemas) {
        if (document->panel != schema.panel)
            continue;
        QStringList warnings;
        const auto state = stateFromJson(*document, schema, error, &warnings);
        if (!state) {
            check(!error.isEmpty() && !error.contains(QLatin1Char('\n')), "a rejection has a one-line message");
            continue;
        }
        const QByteArray saved = scenarioToJson(*state);
        const auto reopened = parseScenario(saved, error);
        check(reopened.has_value(), "a saved scenario parses");
        const auto restored = stateFromJson(*reopened, schema, error);
        check(restored.has_value(), "a saved scenario is accepted");
        check(*restored == *state, "save → open gives the same state");
        check(scenarioToJson(*restored) == saved, "save → open → save gives the same bytes");
    }
    return 0;
}
