// Parameter specs and validated parameter sets: the boundary where bad values are rejected with a message.

#include "engine/core/ParamSpec.h"
#include "engine/models/LifNeuron.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace neuroai;

class TestParamSpec : public QObject {
    Q_OBJECT

private:
    static std::vector<ParamSpec> specs()
    {
        return {{"tau", "Time constant", "ms", 1, 100, 20, Scale::Log, "a time constant", 2},
                {"gain", "Gain", "", -1, 1, 0, Scale::Linear, "a gain", 3}};
    }

private slots:
    void defaultsAreComplete()
    {
        const ParamSet p(specs());
        QCOMPARE(p.values().size(), std::size_t(2));
        QCOMPARE(p["tau"], 20.0);
        QCOMPARE(p["gain"], 0.0);
        QVERIFY(p.isDefault("tau"));
    }

    void rejectsOutOfRangeNamingKeyValueAndRange()
    {
        ParamSet p(specs());
        try {
            p.set("tau", 200);
            QFAIL("out-of-range value accepted");
        } catch (const ParameterError& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.contains("tau") && m.contains("200") && m.contains("[1, 100] ms"), qPrintable(m));
        }
        QCOMPARE(p["tau"], 20.0);  // unchanged after a rejected assignment
    }

    void rejectsNonFinite_data()
    {
        QTest::addColumn<double>("value");
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("+inf") << std::numeric_limits<double>::infinity();
        QTest::newRow("-inf") << -std::numeric_limits<double>::infinity();
    }
    void rejectsNonFinite()
    {
        QFETCH(double, value);
        ParamSet p(specs());
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.set("gain", value));
        try {
            p.set("gain", value);
        } catch (const ParameterError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("not a finite number"), e.what());
        }
        QCOMPARE(p["gain"], 0.0);
    }

    void boundsAreInclusive()
    {
        ParamSet p(specs());
        p.set("tau", 1);
        p.set("tau", 100);
        p.set("gain", -1);
        QCOMPARE(p["tau"], 100.0);
        QCOMPARE(p["gain"], -1.0);
    }

    void unknownKeyListsKnownKeys()
    {
        ParamSet p(specs());
        try {
            p.set("taux", 1);
            QFAIL("unknown key accepted");
        } catch (const ParameterError& e) {
            const QString m = QString::fromUtf8(e.what());
            QVERIFY2(m.contains("taux") && m.contains("tau, gain"), qPrintable(m));
        }
    }

    void parsesAssignments_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("plain") << "tau=50" << true << "";
        QTest::newRow("exponent") << "tau=1e1" << true << "";
        QTest::newRow("plus sign") << "gain=+0.5" << true << "";
        QTest::newRow("spaces") << "gain= 0.25 " << true << "";
        QTest::newRow("no equals") << "tau" << false << "KEY=VALUE";
        QTest::newRow("empty key") << "=3" << false << "KEY=VALUE";
        QTest::newRow("empty value") << "tau=" << false << "not a number";
        QTest::newRow("text") << "tau=abc" << false << "'abc' is not a number";
        QTest::newRow("trailing junk") << "tau=5ms" << false << "not a number";
        QTest::newRow("nan") << "tau=nan" << false << "not a finite number";
        QTest::newRow("inf") << "tau=inf" << false << "not a finite number";
        QTest::newRow("range") << "tau=0.5" << false << "outside the allowed range";
        QTest::newRow("unknown") << "foo=1" << false << "unknown parameter 'foo'";
    }
    void parsesAssignments()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(QString, fragment);
        ParamSet p(specs());
        try {
            p.setFromString(text.toStdString());
            QVERIFY2(ok, "a bad assignment was accepted");
        } catch (const ParameterError& e) {
            QVERIFY2(!ok, e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
        }
    }

    void parsedValueIsExact()
    {
        ParamSet p(specs());
        p.setFromString("gain=0.1");
        QCOMPARE(p["gain"], 0.1);
        p.setFromString("tau=1e1");
        QCOMPARE(p["tau"], 10.0);
    }

    void formatTrimsZeros()
    {
        QCOMPARE(formatValue(20.0), std::string("20"));
        QCOMPARE(formatValue(-54.0), std::string("-54"));
        QCOMPARE(formatValue(0.1), std::string("0.1"));
        QCOMPARE(formatValue(-0.0), std::string("0"));
        QCOMPARE(formatValue(1e-9, 3), std::string("1e-09"));
    }

    // Regression, issue 8: "`--set g_na=1e308` prints a wrong 60-digit number in its message (formatValue /
    // ParamSpec::check: use the shortest round-trip representation or %g for huge values)".
    void hugeValueWasPrintedAsSixtyDigits()
    {
        QCOMPARE(formatValue(1e308, 12), std::string("1e+308"));
        QCOMPARE(formatValue(-1.7976931348623157e308), std::string("-1.7976931348623157e+308"));
        QCOMPARE(formatValue(1e15), std::string("1e+15"));
        QCOMPARE(formatValue(123456789012345.0), std::string("123456789012345"));  // below 1e15: fixed, exact
        ParamSet p(specs());
        try {
            p.set("tau", 1e308);
            QFAIL("1e308 accepted");
        } catch (const ParameterError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("value 1e+308 is outside") != std::string::npos, m.c_str());
            QVERIFY2(m.size() < 120, m.c_str());
        }
    }

    void lifSpecsAreConsistent()
    {
        // Every spec of a real model: default inside the range, log scales strictly positive, units stated.
        const LifNeuron lif;
        for (const ParamSpec& s : lif.specs()) {
            QVERIFY2(s.min < s.max, s.key.c_str());
            QVERIFY2(s.defaultValue >= s.min && s.defaultValue <= s.max, s.key.c_str());
            QVERIFY2(s.scale == Scale::Linear || s.min > 0, s.key.c_str());
            // Units stated, except for choices and for counts (which say so in their label).
            QVERIFY2(!s.unit.empty() || s.isChoice() || s.key == "stim_count", s.key.c_str());
            QVERIFY2(!s.description.empty() && !s.label.empty(), s.key.c_str());
        }
    }

    void integerSpecRejectsFractionsWithAMessage()
    {
        ParamSpec n{"n", "Count", "", 1, 40, 10, Scale::Linear, "a count", 2};
        QVERIFY(!n.integer && !n.restartsRun);
        QVERIFY(n.check(2.5).empty());  // not marked yet: any value in range
        n.asInteger();
        const QString m = QString::fromStdString(n.check(2.5));
        QVERIFY2(m.contains("'n'") && m.contains("2.5") && m.contains("whole"), qPrintable(m));
        QVERIFY(n.check(3).empty());
        QVERIFY(!n.check(1e-9 + 3).empty());
        QVERIFY(!n.check(50).empty());  // the range still applies
        ParamSet p({n});
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.set("n", 2.5));
        QVERIFY_THROWS_EXCEPTION(ParameterError, p.setFromString("n=2.5"));
        QCOMPARE(p["n"], 10.0);
        p.setFromString("n=7");
        QCOMPARE(p["n"], 7.0);
    }

    void integerSpecDisplaysWithoutDecimals()
    {
        ParamSpec n{"n", "Count", "", 0, 1e12, 10, Scale::Linear, "a count", 3};
        n.integer = true;  // set directly: display() must not depend on decimals having been reset
        QCOMPARE(n.display(12), std::string("12"));
        QCOMPARE(n.display(123456789012), std::string("123456789012"));
        QCOMPARE(ParamSpec(n).asInteger().decimals, 0);
    }

    void integerCheckOfHugeValues()
    {
        ParamSpec big{"big", "Big", "", 0, 1e300, 1, Scale::Linear, "huge range", 0};
        big.asInteger();
        QVERIFY(big.check(1e299).empty());  // every double this large is a whole number
        QVERIFY(!big.check(1e301).empty());
        QVERIFY(!big.check(0.5).empty());
    }

    void restartsRunIsPlainDataKeptByCopies()
    {
        ParamSpec size{"size", "Size", "", 1, 100, 10, Scale::Linear, "network size", 0};
        QVERIFY(!size.restartsRun);
        const ParamSpec marked = ParamSpec(size).asRestartingRun();
        QVERIFY(marked.restartsRun);
        QVERIFY(!marked.integer);
        const ParamSet p({marked});
        QVERIFY(p.spec("size")->restartsRun);
    }

    void modelLevelConstraintIsChecked()
    {
        LifNeuron lif;
        ParamSet p = lif.parameters();
        p.set("v_reset", -50);  // in its own range, but above V_th = -54
        const std::string message = lif.validate(p);
        QVERIFY(QString::fromStdString(message).contains("v_reset"));
        QVERIFY_THROWS_EXCEPTION(ParameterError, lif.setParameters(p));
        QCOMPARE(lif.parameters()["v_reset"], -80.0);  // the model kept its valid set
    }
};

QTEST_APPLESS_MAIN(TestParamSpec)
#include "tst_paramspec.moc"
