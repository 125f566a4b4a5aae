// `neuroai-sim run cuba` and `neuroai-sim export-script cuba` end to end (issue 10), and the exported scripts run under
// Debian's Brian2 and PyNN:
// - run cuba's JSON agrees with itself (spikes per population, binned rates, spike times and indices in range) and
//   with `bench cuba` (same network, same seed: the same number of spikes);
// - its CSV has one row per spike of the JSON run and the rates in its header; bad options exit 2 naming the option;
// - the Brian2 script's mean rate is within 10 % of ours at 4000 cells, 1 s (the issue's criterion), and the PyNN
//   script's on its Brian2 back-end within 10 % at 500 cells (see the test for why that size).
// The script tests skip, saying why, when python3 cannot import brian2 / pyNN.brian2 (Debian: python3-brian,
// python3-pynn; scripts/common.sh installs both).

#include "ProcessResult.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

namespace {

using Result = ProcessResult;

Result run(const QString& program, const QStringList& arguments, int timeoutMs, const QString& workingDir = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("NEUROAI_LOG_LEVEL"), QStringLiteral("warn"));
    process.setProcessEnvironment(environment);
    if (!workingDir.isEmpty())
        process.setWorkingDirectory(workingDir);
    return runToEnd(process, program, arguments, 30000, timeoutMs);
}

Result sim(const QStringList& arguments) { return run(QStringLiteral(NEUROAI_SIM_EXE), arguments, 60000); }

QJsonObject object(const QByteArray& bytes)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    return document.isObject() ? document.object() : QJsonObject();
}

// Debian's interpreter, where python3-brian and python3-pynn install (a python3 earlier in PATH, e.g. pyenv's,
// would not see them); otherwise whatever python3 is on PATH.
QString python()
{
    return QFile::exists(QStringLiteral("/usr/bin/python3")) ? QStringLiteral("/usr/bin/python3")
                                                             : QStringLiteral("python3");
}

// Whether `module` imports: empty if it does; else why not, and whether that is a reason to skip (no python3, or the
// module is not installed) or a failure (python3 hung or crashed).
struct ImportCheck {
    QString problem;
    bool skip = false;
};

ImportCheck checkImport(const QString& module)
{
    // Importing brian2 compiles nothing but reads many files: seconds normally, a minute on a loaded machine.
    const Result r = run(python(), {QStringLiteral("-c"), QStringLiteral("import ") + module}, 300000);
    if (!r.finished) {
        const bool exists = QFile::exists(python()) || !QStandardPaths::findExecutable(python()).isEmpty();
        if (!exists)
            return {QStringLiteral("no python3 on this machine"), true};
        return {python() + QStringLiteral(" did not finish 'import ") + module + QStringLiteral("' within 300 s"),
                false};
    }
    if (r.exitCode != 0) {
        const QStringList lines = r.errorLines();
        const QString last = lines.isEmpty() ? QStringLiteral("exit code %1").arg(r.exitCode) : lines.last();
        return {python() + QStringLiteral(" cannot import ") + module + QStringLiteral(": ") + last,
                last.contains(QStringLiteral("ModuleNotFoundError")) || last.contains(QStringLiteral("ImportError"))};
    }
    return {};
}

#ifdef NEUROAI_SANITIZED
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

#define REQUIRE_MODULE(module)                                                                                        \
    do {                                                                                                              \
        if (kSanitized)                                                                                               \
            QSKIP("sanitizer build: the Python scripts run in the Release build's pass (they check Brian2 and PyNN, " \
                  "not our code, which the other cases cover)");                                                      \
        const ImportCheck check = checkImport(QStringLiteral(module));                                               \
        if (!check.problem.isEmpty()) {                                                                               \
            /* Skips only without python3 or the module (scripts/common.sh installs python3-brian and pyNN, so CI */ \
            /* always runs it); an installed module that fails to import is a failure.                            */ \
            if (check.skip)                                                                                           \
                QSKIP(qPrintable(check.problem));                                                                     \
            QFAIL(qPrintable(check.problem));                                                                         \
        }                                                                                                             \
    } while (false)

// Our mean rate over seeds 1…n at this size, from bench cuba (fast).
double ourMeanRate(int neurons, int seeds)
{
    double sum = 0;
    for (int s = 1; s <= seeds; ++s) {
        const Result r = sim({"bench", "cuba", "--neurons", QString::number(neurons), "--seed", QString::number(s),
                              "--json"});
        sum += object(r.out)[QStringLiteral("mean_rate_hz")].toDouble();
    }
    return sum / seeds;
}

// Exports the script into `dir`, runs it there and returns the rate of its last line (checked against its JSON line).
double runExported(const QTemporaryDir& dir, const QStringList& exportArgs, QString* error)
{
    const QString path = dir.filePath(QStringLiteral("script.py"));
    const Result exported = sim(QStringList{"export-script", "cuba"} + exportArgs + QStringList{"--out", path});
    if (exported.exitCode != 0) {
        *error = QStringLiteral("export failed: ") + QString::fromUtf8(exported.err);
        return -1;
    }
    const Result r = run(python(), {path}, 600000, dir.path());
    if (!r.finished || r.exitCode != 0) {
        *error = QStringLiteral("the script failed (exit %1): ").arg(r.exitCode) + QString::fromUtf8(r.err.right(2000));
        return -1;
    }
    const QStringList lines = QString::fromUtf8(r.out).trimmed().split(QLatin1Char('\n'));
    static const QRegularExpression last(QStringLiteral(R"(^mean_rate_hz ([0-9.eE+-]+)$)"));
    const auto m = last.match(lines.last());
    const QJsonObject json = lines.size() >= 2 ? object(lines[lines.size() - 2].toUtf8()) : QJsonObject();
    if (!m.hasMatch() || json.isEmpty()) {
        *error = QStringLiteral("unexpected output: ") + QString::fromUtf8(r.out.right(2000));
        return -1;
    }
    const double rate = m.captured(1).toDouble();
    // The JSON line and the last line agree, and the JSON's parts add up.
    const QJsonObject populations = json[QStringLiteral("populations")].toObject();
    double spikes = 0;
    for (const QJsonValue& p : populations)
        spikes += p.toObject()[QStringLiteral("spikes")].toDouble();
    if (std::abs(json[QStringLiteral("mean_rate_hz")].toDouble() - rate) > 1e-5 * rate ||
        spikes != json[QStringLiteral("spikes")].toDouble() || populations.size() != 2) {
        *error = QStringLiteral("inconsistent output: ") + QString::fromUtf8(r.out.right(2000));
        return -1;
    }
    qInfo("%s: %s", qPrintable(exportArgs.join(' ')), qPrintable(lines[lines.size() - 2]));
    return rate;
}

}  // namespace

class TestNetworkCli : public QObject {
    Q_OBJECT

private slots:
    void runCubaJson();
    void runCubaCsv();
    void errors_data();
    void errors();
    void exportToStandardOutput();
    void brian2ScriptMatchesOurRate();
    void pynnScriptMatchesOurRate();

private:
    QTemporaryDir m_dir;
};

void TestNetworkCli::runCubaJson()
{
    const Result r = sim({"run", "cuba", "--neurons", "500", "--duration", "300", "--seed", "4", "--rate-bin", "2.5"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject json = object(r.out);
    QCOMPARE(json[QStringLiteral("model")].toString(), QStringLiteral("cuba"));
    QCOMPARE(json[QStringLiteral("kind")].toString(), QStringLiteral("network"));
    QCOMPARE(json[QStringLiteral("neurons")].toInt(), 500);
    QCOMPARE(json[QStringLiteral("duration_ms")].toDouble(), 300.0);
    const QJsonArray populations = json[QStringLiteral("populations")].toArray();
    QCOMPARE(populations.size(), 2);
    QCOMPARE(populations[0].toObject()[QStringLiteral("name")].toString(), QStringLiteral("E"));
    QCOMPARE(populations[0].toObject()[QStringLiteral("size")].toInt(), 400);
    QCOMPARE(populations[1].toObject()[QStringLiteral("size")].toInt(), 100);
    const QJsonObject spikes = json[QStringLiteral("spikes")].toObject();
    const QJsonArray t = spikes[QStringLiteral("t_ms")].toArray(), pop = spikes[QStringLiteral("population")].toArray(),
                     neuron = spikes[QStringLiteral("neuron")].toArray();
    const int count = json[QStringLiteral("spike_count")].toInt();
    QVERIFY(count > 100);
    QCOMPARE(t.size(), count);
    QCOMPARE(pop.size(), count);
    QCOMPARE(neuron.size(), count);
    int perPopulation[2] = {0, 0};
    double previous = 0;
    for (int k = 0; k < count; ++k) {
        const double time = t[k].toDouble();
        const int p = pop[k].toInt(), j = neuron[k].toInt();
        QVERIFY(time >= previous && time < 300);  // in order of time, within the run
        QVERIFY(std::abs(time * 10 - std::round(time * 10)) < 1e-6);  // on the 0.1 ms grid
        QVERIFY(p == 0 || p == 1);
        QVERIFY(j >= 0 && j < (p == 0 ? 400 : 100));
        ++perPopulation[p];
        previous = time;
    }
    for (int p = 0; p < 2; ++p) {
        const QJsonObject o = populations[p].toObject();
        QCOMPARE(o[QStringLiteral("spikes")].toInt(), perPopulation[p]);
        QVERIFY(std::abs(o[QStringLiteral("rate_hz")].toDouble() - perPopulation[p] / (o[QStringLiteral("size")].toDouble() * 0.3)) < 1e-9);
    }
    QVERIFY(std::abs(json[QStringLiteral("mean_rate_hz")].toDouble() - count / (500 * 0.3)) < 1e-9);
    // Binned rates: 120 bins of 2.5 ms whose spikes add up to each population's.
    const QJsonObject rates = json[QStringLiteral("population_rates")].toObject();
    QCOMPARE(rates[QStringLiteral("bin_ms")].toDouble(), 2.5);
    QCOMPARE(rates[QStringLiteral("t_ms")].toArray().size(), 120);
    const int sizes[2] = {400, 100};
    const char* names[2] = {"E", "I"};
    for (int p = 0; p < 2; ++p) {
        double total = 0;
        for (const QJsonValue& v : rates[QLatin1String(names[p])].toArray())
            total += v.toDouble() * sizes[p] * 0.0025;
        QVERIFY2(std::abs(total - perPopulation[p]) < 1e-6 * perPopulation[p], names[p]);
    }
    // The same network as bench cuba: the same spikes.
    const Result bench = sim({"bench", "cuba", "--neurons", "500", "--duration", "300", "--seed", "4", "--json"});
    QCOMPARE(object(bench.out)[QStringLiteral("spikes")].toInt(), count);
}

void TestNetworkCli::runCubaCsv()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(QStringLiteral("cuba.csv"));
    const Result r = sim({"run", "cuba", "--neurons", "400", "--duration", "200", "--seed", "2", "--out", path});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    const Result json = sim({"run", "cuba", "--neurons", "400", "--duration", "200", "--seed", "2"});
    const QJsonObject o = object(json.out);
    int rows = 0;
    bool header = false, rates = false;
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1Char('#'))) {
            rates = rates || line.startsWith(QStringLiteral("# rates_hz: E="));
            continue;
        }
        if (line == QStringLiteral("t_ms,population,neuron")) {
            header = true;
            continue;
        }
        const QStringList fields = line.split(QLatin1Char(','));
        QCOMPARE(fields.size(), 3);
        QVERIFY(fields[1] == QStringLiteral("E") || fields[1] == QStringLiteral("I"));
        ++rows;
    }
    QVERIFY(header);
    QVERIFY(rates);
    QCOMPARE(rows, o[QStringLiteral("spike_count")].toInt());
}

void TestNetworkCli::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("start");
    QTest::newRow("too few neurons") << QStringList{"run", "cuba", "--neurons", "4"} << "run cuba: --neurons '4'";
    QTest::newRow("K > N") << QStringList{"run", "cuba", "--neurons", "50", "--synapses-per-neuron", "60"}
                           << "run cuba: --synapses-per-neuron 60";
    QTest::newRow("rate bin") << QStringList{"run", "cuba", "--rate-bin", "0"} << "run cuba: --rate-bin '0'";
    QTest::newRow("rate bin value") << QStringList{"run", "cuba", "--rate-bin"} << "run cuba: --rate-bin needs a value";
    QTest::newRow("format") << QStringList{"run", "cuba", "--format", "xml"} << "run cuba: --format 'xml'";
    QTest::newRow("missing value") << QStringList{"run", "cuba", "--duration"} << "run cuba: --duration needs";
    QTest::newRow("unknown option") << QStringList{"run", "cuba", "--wat", "1"} << "run cuba: unexpected argument '--wat'";
    QTest::newRow("name not first") << QStringList{"run", "--seed", "2", "cuba"} << "run: cuba is a network";
    QTest::newRow("no format") << QStringList{"export-script", "cuba"} << "export-script: --format is required";
    QTest::newRow("bad format") << QStringList{"export-script", "cuba", "--format", "nest"}
                                << "export-script: --format 'nest'";
    QTest::newRow("unknown network") << QStringList{"export-script", "coba", "--format", "pynn"}
                                     << "export-script: unknown network 'coba'";
    QTest::newRow("no network") << QStringList{"export-script"} << "export-script: which network?";
    QTest::newRow("seed too large") << QStringList{"export-script", "cuba", "--format", "brian2", "--seed", "4294967296"}
                                    << "export-script: --seed 4294967296";
    QTest::newRow("bad seed") << QStringList{"export-script", "cuba", "--format", "brian2", "--seed", "-1"}
                              << "export-script: --seed '-1'";
}

void TestNetworkCli::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, start);
    const Result r = sim(arguments);
    QVERIFY(r.finished);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.errorLines().size(), 1);
    QVERIFY2(r.errorLines().first().startsWith(QStringLiteral("neuroai-sim: error: ") + start),
             qPrintable(r.errorLines().first()));
}

void TestNetworkCli::exportToStandardOutput()
{
    const Result r = sim({"export-script", "cuba", "--format", "pynn", "--neurons", "800", "--seed", "9"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.startsWith("#!/usr/bin/env python3\n"));
    QVERIFY(r.out.contains("pop_E = sim.Population(640, cell, label='E')"));
    QVERIFY(r.out.contains("SEED = 9 "));
    QVERIFY(r.out.contains("--neurons 800 --synapses-per-neuron 80 --duration 1000 --seed 9"));
}

// The issue's criterion at its size: 4000 cells, 1 s, with the script's default code-generation target, numpy (no
// compiler; the run takes 10 s on an idle 2-core machine, 40 s on a loaded one, plus Brian2's import). At this size
// one run's mean rate varies by about 4 % (sd) from seed to seed on either side (Brian2 standalone 5.65 ± 0.26 Hz,
// ours 5.68 ± 0.21 Hz over 10 seeds, tests/data/brian2/README.md), so 10 % is about 2 sd of the difference between
// one Brian2 run and our mean over 10 seeds; the seed is fixed, so the test is deterministic (seed 1: 5.80 Hz against
// 5.68 Hz, 2 %). That every parameter is exported unchanged is tst_scriptexport's job; this test checks that the
// script runs and that its model (equations, units, step order) behaves as ours.
void TestNetworkCli::brian2ScriptMatchesOurRate()
{
    REQUIRE_MODULE("brian2");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const double theirs = runExported(dir, {"--format", "brian2", "--neurons", "4000", "--seed", "1"}, &error);
    QVERIFY2(theirs > 0, qPrintable(error));
    const double ours = ourMeanRate(4000, 10);
    qInfo("Brian2 %.4f Hz, ours %.4f Hz (mean of 10 seeds)", theirs, ours);
    QVERIFY2(std::abs(theirs - ours) < 0.10 * ours, qPrintable(QStringLiteral("Brian2 %1 Hz, ours %2 Hz").arg(theirs).arg(ours)));
}

// PyNN 0.10's Brian2 back-end sets every synapse's weight and delay through a search over the projection's synapses,
// so building the 320 000 synapses of the 4000-cell network would take about half an hour here; this test uses 500
// cells (40 000 synapses: on a loaded 2-core machine 1 min to import PyNN, 1 min to build, 1 min to run). The mean rate depends on the size (finite-size effects), so ours is measured at
// 500 too, over 20 seeds (sd 0.42 Hz, 8 %, mostly from the network's random wiring, not the run's length). One
// PyNN run (fixed seed, so the test is deterministic: seed 1 gives 5.16 Hz against our 5.22) is therefore a weaker
// check than the Brian2 one: 10 % is 1.2 sd here, and over seeds 1-5 PyNN's mean was 8 % above ours (5.67 ± 0.72 Hz;
// tests/data/brian2/README.md discusses this). It still catches a wrong weight conversion (weights in nA without the c_m/τm factor would be 20 times
// too strong). Brian2's numpy target is chosen for the
// back-end by a brian_preferences file in the working directory (no compiler, no cache), not by editing the script.
void TestNetworkCli::pynnScriptMatchesOurRate()
{
    REQUIRE_MODULE("pyNN.brian2");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile preferences(dir.filePath(QStringLiteral("brian_preferences")));
    QVERIFY(preferences.open(QIODevice::WriteOnly));
    preferences.write("codegen.target = 'numpy'\n");
    preferences.close();
    QString error;
    const double theirs =
        runExported(dir, {"--format", "pynn", "--neurons", "500", "--seed", "1"}, &error);
    QVERIFY2(theirs > 0, qPrintable(error));
    const double ours = ourMeanRate(500, 20);
    qInfo("PyNN (Brian2 back-end) %.4f Hz, ours %.4f Hz (mean of 20 seeds)", theirs, ours);
    QVERIFY2(std::abs(theirs - ours) < 0.10 * ours, qPrintable(QStringLiteral("PyNN %1 Hz, ours %2 Hz").arg(theirs).arg(ours)));
}

QTEST_GUILESS_MAIN(TestNetworkCli)
#include "tst_networkcli.moc"
