// Network descriptions and their Brian2/PyNN scripts (issue 10). Properties:
// - makeCuba is buildNetwork(cubaDescription): same seed, same synapses and the same spikes;
// - every number of the description reaches the script unchanged: each `name = value` assignment of the generated
//   Brian2 and PyNN scripts is parsed back and compared for equality with the description (the shortest round-trip
//   form is exact), also for a description whose values differ from CUBA's, so nothing can be hard-coded;
// - the PyNN weights are the mV weights times c_m / tau_m (nA), computed in the script from the exported constants;
// - delays appear where the description has them; PyNN's are at least one step;
// - bad input (seed ≥ 2^32, non-positive or NaN duration, names that are not identifiers, invalid descriptions)
//   throws std::invalid_argument naming it.
// (Running the scripts under Brian2 and PyNN is tests/app/tst_networkcli.)

#include "engine/network/Cuba.h"
#include "engine/network/ScriptExport.h"

#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

using namespace neuroai;
using namespace neuroai::network;

namespace {

// name → value of every line "name = number[*unit]" (a trailing comment allowed).
std::map<std::string, double> assignments(const std::string& script)
{
    std::map<std::string, double> values;
    static const QRegularExpression line(
        QStringLiteral(R"(^([A-Za-z_][A-Za-z0-9_]*) = (-?[0-9][0-9.e+-]*)(\*[A-Za-z]+)?\s*(#.*)?$)"),
        QRegularExpression::MultilineOption);
    auto it = line.globalMatch(QString::fromStdString(script));
    while (it.hasNext()) {
        const auto m = it.next();
        values[m.captured(1).toStdString()] = std::stod(m.captured(2).toStdString());
    }
    return values;
}

NetworkDescription unusual()
{
    NetworkDescription d = cubaDescription(1000, 50);
    d.cell.tauM = 17.25;
    d.cell.tauE = 3.5;
    d.cell.tauI = 7.75;
    d.cell.vRest = -48.125;
    d.cell.vThreshold = -51.5;
    d.cell.vReset = -62.0625;
    d.cell.tRef = 2.2;
    d.initialVLowMv = -61.0;
    d.initialVHighMv = -52.5;
    d.projections[1].delayMs = 1.5;
    d.projections[2].weightMv = -7.3;
    d.projections[3].probability = 0.0375;
    return d;
}

}  // namespace

class TestScriptExport : public QObject {
    Q_OBJECT

private slots:
    void makeCubaIsTheDescriptionBuilt();
    void brian2ScriptCarriesEveryNumber_data();
    void brian2ScriptCarriesEveryNumber();
    void pynnScriptCarriesEveryNumber_data();
    void pynnScriptCarriesEveryNumber();
    void badInputThrows();
};

void TestScriptExport::makeCubaIsTheDescriptionBuilt()
{
    const NetworkDescription d = cubaDescription(600, 80);
    QCOMPARE(d.populations.size(), std::size_t(2));
    QCOMPARE(d.populations[0].size, 480);
    QCOMPARE(d.populations[1].size, 120);
    QCOMPARE(d.totalNeurons(), 600);
    for (const ProjectionDescription& p : d.projections)
        QCOMPARE(p.probability, 80.0 / 600.0);
    Network a = makeCuba(600, 80, 11);
    Network b = buildNetwork(d, 11);
    QCOMPARE(a.synapseCount(), b.synapseCount());
    a.run(2000);
    b.run(2000);
    QVERIFY(a.spikeCount() > 0);
    QCOMPARE(a.spikeCount(), b.spikeCount());
    QCOMPARE(a.v(0), b.v(0));
}

void TestScriptExport::brian2ScriptCarriesEveryNumber_data()
{
    QTest::addColumn<bool>("cuba");
    QTest::newRow("cuba 4000") << true;
    QTest::newRow("altered values") << false;
}

void TestScriptExport::brian2ScriptCarriesEveryNumber()
{
    QFETCH(bool, cuba);
    const NetworkDescription d = cuba ? cubaDescription(4000, 80) : unusual();
    const std::string script = exportScript(d, ScriptFormat::Brian2, {1234.5, 42, "neuroai-sim export-script test"});
    auto values = assignments(script);
    QCOMPARE(values.at("tau_m"), d.cell.tauM);
    QCOMPARE(values.at("tau_e"), d.cell.tauE);
    QCOMPARE(values.at("tau_i"), d.cell.tauI);
    QCOMPARE(values.at("v_rest"), d.cell.vRest);
    QCOMPARE(values.at("v_threshold"), d.cell.vThreshold);
    QCOMPARE(values.at("v_reset"), d.cell.vReset);
    QCOMPARE(values.at("t_ref"), d.cell.tRef);
    QCOMPARE(values.at("v_init_low"), d.initialVLowMv);
    QCOMPARE(values.at("v_init_high"), d.initialVHighMv);
    QCOMPARE(values.at("duration"), 1234.5);
    for (const ProjectionDescription& p : d.projections) {
        const std::string name = d.populations[std::size_t(p.from)].name + "_to_" + d.populations[std::size_t(p.to)].name;
        QCOMPARE(values.at("p_" + name), p.probability);
        QCOMPARE(values.at("w_" + name), p.weightMv);
        const std::string receptor = p.receptor == Receptor::Excitatory ? "ge" : "gi";
        QVERIFY2(script.find("on_pre='" + receptor + "_post += w_" + name + "'") != std::string::npos, name.c_str());
        QCOMPARE(values.count("delay_" + name), std::size_t(p.delayMs > 0 ? 1 : 0));
        if (p.delayMs > 0)
            QCOMPARE(values.at("delay_" + name), p.delayMs);
    }
    for (const PopulationDescription& p : d.populations)
        QVERIFY2(script.find("pop_" + p.name + " = NeuronGroup(" + std::to_string(p.size) + ", eqs") !=
                     std::string::npos, p.name.c_str());
    QVERIFY(script.find("seed(42)") != std::string::npos);
    QVERIFY(script.find("defaultclock.dt = 0.1*ms") != std::string::npos);
    QVERIFY(script.find("dv/dt = (ge + gi - (v - v_rest)) / tau_m : volt (unless refractory)") != std::string::npos);
    QVERIFY(script.find("neuroai-sim export-script test") != std::string::npos);
    // Exactly one line chooses the code-generation target.
    QCOMPARE(QString::fromStdString(script).count(QRegularExpression(QStringLiteral("(?m)^TARGET = '"))), 1);
}

void TestScriptExport::pynnScriptCarriesEveryNumber_data() { brian2ScriptCarriesEveryNumber_data(); }

void TestScriptExport::pynnScriptCarriesEveryNumber()
{
    QFETCH(bool, cuba);
    const NetworkDescription d = cuba ? cubaDescription(4000, 80) : unusual();
    const std::string script = exportScript(d, ScriptFormat::PyNN, {800, 7, {}});
    auto values = assignments(script);
    QCOMPARE(values.at("TAU_M_MS"), d.cell.tauM);
    QCOMPARE(values.at("TAU_SYN_E_MS"), d.cell.tauE);
    QCOMPARE(values.at("TAU_SYN_I_MS"), d.cell.tauI);
    QCOMPARE(values.at("V_REST_MV"), d.cell.vRest);
    QCOMPARE(values.at("V_THRESH_MV"), d.cell.vThreshold);
    QCOMPARE(values.at("V_RESET_MV"), d.cell.vReset);
    QCOMPARE(values.at("TAU_REFRAC_MS"), d.cell.tRef);
    QCOMPARE(values.at("V_INIT_LOW_MV"), d.initialVLowMv);
    QCOMPARE(values.at("V_INIT_HIGH_MV"), d.initialVHighMv);
    QCOMPARE(values.at("DT_MS"), d.dtMs);
    QCOMPARE(values.at("DURATION_MS"), 800.0);
    QCOMPARE(values.at("SEED"), 7.0);
    QVERIFY(values.at("CM_NF") > 0);
    // The weight conversion: i_syn = (ge + gi) · c_m / τm, so w nA = w mV · CM_NF / TAU_M_MS.
    QVERIFY(script.find("def weight_nA(w_mV):\n    return w_mV * CM_NF / TAU_M_MS\n") != std::string::npos);
    QVERIFY(script.find("def delay_ms(d_ms):\n    return max(d_ms, DT_MS)\n") != std::string::npos);
    for (const ProjectionDescription& p : d.projections) {
        const std::string name = d.populations[std::size_t(p.from)].name + "_to_" + d.populations[std::size_t(p.to)].name;
        QCOMPARE(values.at("P_" + name), p.probability);
        QCOMPARE(values.at("W_" + name + "_MV"), p.weightMv);
        QCOMPARE(values.at("DELAY_" + name + "_MS"), p.delayMs);
        const std::string receptor = p.receptor == Receptor::Excitatory ? "excitatory" : "inhibitory";
        QVERIFY2(script.find("weight=weight_nA(W_" + name + "_MV), delay=delay_ms(DELAY_" + name +
                             "_MS)),\n    receptor_type='" + receptor + "'") != std::string::npos, name.c_str());
    }
    for (const PopulationDescription& p : d.populations)
        QVERIFY(script.find("pop_" + p.name + " = sim.Population(" + std::to_string(p.size) + ", cell") !=
                std::string::npos);
    QCOMPARE(QString::fromStdString(script).count(QRegularExpression(QStringLiteral("(?m)^import pyNN\\."))), 1);
    // CUBA's weights in PyNN's units: 1.62 mV · 1 nF / 20 ms = 0.081 nA, −9 mV → −0.45 nA.
    if (cuba) {
        QCOMPARE(values.at("CM_NF"), 1.0);
        QVERIFY(std::abs(values.at("W_E_to_E_MV") * values.at("CM_NF") / values.at("TAU_M_MS") - 0.081) < 1e-15);
        QVERIFY(std::abs(values.at("W_I_to_E_MV") * values.at("CM_NF") / values.at("TAU_M_MS") + 0.45) < 1e-15);
    }
}

void TestScriptExport::badInputThrows()
{
    const NetworkDescription d = cubaDescription(500, 80);
    auto throwsMentioning = [](auto&& call, const std::string& word) {
        try {
            call();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what()).find(word) != std::string::npos;
        }
        return false;
    };
    QVERIFY(throwsMentioning([&] { exportScript(d, ScriptFormat::Brian2, {1000, 1ull << 32, {}}); }, "seed"));
    QVERIFY(!throwsMentioning([&] { exportScript(d, ScriptFormat::Brian2, {1000, (1ull << 32) - 1, {}}); }, "seed"));
    QVERIFY(throwsMentioning([&] { exportScript(d, ScriptFormat::PyNN, {0, 1, {}}); }, "duration"));
    QVERIFY(throwsMentioning(
        [&] { exportScript(d, ScriptFormat::PyNN, {std::numeric_limits<double>::quiet_NaN(), 1, {}}); }, "duration"));
    NetworkDescription badName = d;
    badName.populations[1].name = "in hib";
    QVERIFY(throwsMentioning([&] { exportScript(badName, ScriptFormat::Brian2, {}); }, "in hib"));
    NetworkDescription badP = d;
    badP.projections[2].probability = 1.5;
    QVERIFY(throwsMentioning([&] { exportScript(badP, ScriptFormat::PyNN, {}); }, "probability"));
    QVERIFY(throwsMentioning([&] { buildNetwork(badP, 1); }, "probability"));
    NetworkDescription badDelay = d;
    badDelay.projections[0].delayMs = -0.1;
    QVERIFY(throwsMentioning([&] { exportScript(badDelay, ScriptFormat::Brian2, {}); }, "delay"));
    NetworkDescription badIndex = d;
    badIndex.projections[0].to = 2;
    QVERIFY(throwsMentioning([&] { buildNetwork(badIndex, 1); }, "projection 0"));
    QVERIFY(throwsMentioning([&] { cubaDescription(4, 2); }, "4"));
    QVERIFY(throwsMentioning([&] { cubaDescription(100, 101); }, "101"));
    QVERIFY(parseScriptFormat("brian2") == ScriptFormat::Brian2);
    QVERIFY(parseScriptFormat("pynn") == ScriptFormat::PyNN);
    QVERIFY(!parseScriptFormat("nest"));
}

QTEST_APPLESS_MAIN(TestScriptExport)
#include "tst_scriptexport.moc"
