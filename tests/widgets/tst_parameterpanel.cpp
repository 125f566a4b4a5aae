// Tests for widgets/ParameterPanel: rows generated from specs, the slider ↔ value mapping (linear and log), clamping,
// signal discipline (one valueChanged per user change, none for setValues or rejected input), reset buttons and the
// message line.

#include "widgets/ParameterPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QToolButton>

#include <cmath>
#include <limits>

using neuroai::ParamSet;
using neuroai::ParamSpec;
using neuroai::Scale;
using neuroai::widgets::ParameterPanel;

namespace {

ParamSpec linearSpec()
{
    return {"i_ext", "Input current I", "nA", -2, 10, 1.8, Scale::Linear, "Injected current.", 3};
}

ParamSpec logSpec()
{
    return {"tau", "Time constant τ", "ms", 1, 1000, 10, Scale::Log, "A quantity spanning decades.", 2};
}

std::vector<ParamSpec> specs() { return {linearSpec(), logSpec()}; }

// A protocol choice with rows shown only for some protocols, shaped like the engine's shared stimulus specs
// (engine/core/Stimulus.h is not a plain data header, so widget tests build the same shape themselves).
enum Protocol { Constant, Step, Pulse, Train, Ramp, Noisy, Flash };
std::vector<ParamSpec> protocolSpecs()
{
    std::vector<ParamSpec> all = {linearSpec()};
    all.push_back(neuroai::choiceSpec("stimulus", "Stimulus protocol",
                                      {"constant", "step", "pulse", "train", "ramp", "noisy", "flash"}, 0,
                                      "Waveform added to the bias current."));
    auto add = [&](const char* key, const char* unit, double max, double value, std::vector<double> shownFor) {
        ParamSpec s{key, key, unit, 0, max, value, Scale::Linear, "A protocol parameter.", 2};
        s.shownWhenKey = "stimulus";
        s.shownWhenValues = std::move(shownFor);
        all.push_back(std::move(s));
    };
    add("stim_amp", "nA", 10, 0, {Step, Pulse, Train, Ramp, Noisy});
    add("stim_start", "ms", 10000, 0, {Step, Pulse, Train, Ramp, Noisy, Flash});
    add("stim_duration", "ms", 10000, 100, {Pulse, Train, Ramp, Flash});
    add("stim_period", "ms", 10000, 200, {Train});
    add("stim_count", "", 1000, 5, {Train});
    add("stim_charge", "pC", 5, 3, {Flash});
    add("noise_sigma", "nA", 5, 0, {Noisy});
    add("noise_tau", "ms", 100, 5, {Noisy});
    return all;
}

}  // namespace

class TestParameterPanel : public QObject {
    Q_OBJECT

private slots:
    void oneRowPerSpec();
    void rowsStartAtDefaults();
    void sliderMappingEndpoints_data();
    void sliderMappingEndpoints();
    void logMidpointIsGeometricMean();
    void linearMidpointIsArithmeticMean();
    void sliderRoundTrip_data();
    void sliderRoundTrip();
    void sliderValueIsRoundedToDecimals();
    void movingSliderEmitsOnceInsideRange();
    void logSliderMovesAlongLogScale();
    void setValueClampsToRange();
    void typedValueIsEmitted();
    void wholeNumberSpecsTakeWholeNumbers();
    void setValueSameValueEmitsNothing();
    void resetButtonFollowsDefault();
    void setValuesDoesNotEmit();
    void setValuesIgnoresUnknownKeys();
    void nonFiniteValuesAreIgnored();
    void unknownKeyIsHarmless();
    void messageShowsAndHides();
    void choiceSpecIsAComboBox();
    void rowsFollowTheChosenProtocol();
    void hiddenKeysStayHidden();
};

void TestParameterPanel::oneRowPerSpec()
{
    ParameterPanel panel(specs());
    QCOMPARE(panel.keys(), (QStringList{QStringLiteral("i_ext"), QStringLiteral("tau")}));
    for (const QString& key : panel.keys()) {
        QVERIFY2(panel.slider(key), qPrintable(key));
        QVERIFY2(panel.spinBox(key), qPrintable(key));
        QVERIFY2(panel.resetButton(key), qPrintable(key));
        QVERIFY(panel.spec(key));
        QCOMPARE(QString::fromStdString(panel.spec(key)->key), key);
        QCOMPARE(panel.slider(key)->minimum(), 0);
        QCOMPARE(panel.slider(key)->maximum(), ParameterPanel::kSliderSteps);
    }
    // Distinct widgets per row.
    QVERIFY(panel.slider(QStringLiteral("i_ext")) != panel.slider(QStringLiteral("tau")));
    QVERIFY(panel.spinBox(QStringLiteral("i_ext")) != panel.spinBox(QStringLiteral("tau")));
    // The typed box knows the range, precision and unit of its spec.
    QDoubleSpinBox* box = panel.spinBox(QStringLiteral("i_ext"));
    QCOMPARE(box->minimum(), -2.0);
    QCOMPARE(box->maximum(), 10.0);
    QCOMPARE(box->decimals(), 3);
    QVERIFY(box->suffix().contains(QStringLiteral("nA")));
    QVERIFY(panel.spinBox(QStringLiteral("tau"))->suffix().contains(QStringLiteral("ms")));

    QVERIFY(!panel.slider(QStringLiteral("nope")));
    QVERIFY(!panel.spinBox(QStringLiteral("nope")));
    QVERIFY(!panel.resetButton(QStringLiteral("nope")));
    QVERIFY(!panel.spec(QStringLiteral("nope")));
    QVERIFY(std::isnan(panel.value(QStringLiteral("nope"))));

    ParameterPanel empty({});
    QVERIFY(empty.keys().isEmpty());
}

void TestParameterPanel::rowsStartAtDefaults()
{
    ParameterPanel panel(specs());
    QCOMPARE(panel.value(QStringLiteral("i_ext")), 1.8);
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);
    QCOMPARE(panel.slider(QStringLiteral("i_ext"))->value(), ParameterPanel::sliderPosition(linearSpec(), 1.8));
    QCOMPARE(panel.slider(QStringLiteral("tau"))->value(), ParameterPanel::sliderPosition(logSpec(), 10.0));
    // log 1..1000: 10 is one third of the way.
    QCOMPARE(panel.slider(QStringLiteral("tau"))->value(), ParameterPanel::kSliderSteps / 3);
}

void TestParameterPanel::sliderMappingEndpoints_data()
{
    QTest::addColumn<bool>("log");
    QTest::newRow("linear") << false;
    QTest::newRow("log") << true;
}

void TestParameterPanel::sliderMappingEndpoints()
{
    QFETCH(bool, log);
    const ParamSpec spec = log ? logSpec() : linearSpec();
    QCOMPARE(ParameterPanel::sliderValue(spec, 0), spec.min);
    QCOMPARE(ParameterPanel::sliderValue(spec, ParameterPanel::kSliderSteps), spec.max);
    QCOMPARE(ParameterPanel::sliderPosition(spec, spec.min), 0);
    QCOMPARE(ParameterPanel::sliderPosition(spec, spec.max), ParameterPanel::kSliderSteps);
    // Positions and values outside the range are clamped, never extrapolated.
    QCOMPARE(ParameterPanel::sliderValue(spec, -50), spec.min);
    QCOMPARE(ParameterPanel::sliderValue(spec, ParameterPanel::kSliderSteps + 50), spec.max);
    QCOMPARE(ParameterPanel::sliderPosition(spec, spec.min - 1e6), 0);
    QCOMPARE(ParameterPanel::sliderPosition(spec, spec.max + 1e6), ParameterPanel::kSliderSteps);
}

void TestParameterPanel::logMidpointIsGeometricMean()
{
    const ParamSpec spec = logSpec();
    const double quantum = std::pow(10.0, -spec.decimals);
    const double geometricMean = std::sqrt(spec.min * spec.max);  // 31.62…
    const double mid = ParameterPanel::sliderValue(spec, ParameterPanel::kSliderSteps / 2);
    QVERIFY2(std::abs(mid - geometricMean) <= quantum / 2 + 1e-12,
             qPrintable(QStringLiteral("midpoint %1, geometric mean %2").arg(mid).arg(geometricMean)));
    // And certainly not the arithmetic mean (500.5), which a linear mapping would give.
    QVERIFY(mid < 40);
    // Quarter positions are the quarter decades: 10^(3/4) and 10^(9/4).
    QVERIFY(std::abs(ParameterPanel::sliderValue(spec, 250) - std::pow(10.0, 0.75)) <= quantum / 2 + 1e-12);
    QVERIFY(std::abs(ParameterPanel::sliderValue(spec, 750) - std::pow(10.0, 2.25)) <= quantum / 2 + 1e-12);
}

void TestParameterPanel::linearMidpointIsArithmeticMean()
{
    const ParamSpec spec = linearSpec();
    QCOMPARE(ParameterPanel::sliderValue(spec, ParameterPanel::kSliderSteps / 2), 4.0);
    QCOMPARE(ParameterPanel::sliderPosition(spec, 4.0), ParameterPanel::kSliderSteps / 2);
}

void TestParameterPanel::sliderRoundTrip_data()
{
    QTest::addColumn<bool>("log");
    QTest::newRow("linear") << false;
    QTest::newRow("log") << true;
}

void TestParameterPanel::sliderRoundTrip()
{
    QFETCH(bool, log);
    const ParamSpec spec = log ? logSpec() : linearSpec();
    double previous = -std::numeric_limits<double>::infinity();
    for (int p = 0; p <= ParameterPanel::kSliderSteps; ++p) {
        const double value = ParameterPanel::sliderValue(spec, p);
        QVERIFY(value >= spec.min && value <= spec.max);
        QVERIFY2(value >= previous, qPrintable(QStringLiteral("not monotonic at position %1").arg(p)));
        previous = value;
        const int back = ParameterPanel::sliderPosition(spec, value);
        QVERIFY2(std::abs(back - p) <= 1,
                 qPrintable(QStringLiteral("position %1 → value %2 → position %3").arg(p).arg(value).arg(back)));
    }
}

void TestParameterPanel::sliderValueIsRoundedToDecimals()
{
    for (const ParamSpec& spec : specs()) {
        const double scale = std::pow(10.0, spec.decimals);
        for (int p = 0; p <= ParameterPanel::kSliderSteps; p += 7) {
            const double value = ParameterPanel::sliderValue(spec, p);
            QVERIFY2(std::abs(value * scale - std::round(value * scale)) < 1e-6,
                     qPrintable(QStringLiteral("%1 at position %2 = %3 has more than %4 decimals")
                                    .arg(QString::fromStdString(spec.key))
                                    .arg(p)
                                    .arg(value, 0, 'g', 17)
                                    .arg(spec.decimals)));
        }
    }
}

void TestParameterPanel::movingSliderEmitsOnceInsideRange()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    QSlider* slider = panel.slider(QStringLiteral("i_ext"));
    const int target = 900;
    slider->setValue(target);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("i_ext"));
    const double emitted = spy.at(0).at(1).toDouble();
    QVERIFY(emitted >= -2 && emitted <= 10);
    QVERIFY(std::abs(emitted - ParameterPanel::sliderValue(linearSpec(), target)) < 1e-9);
    QCOMPARE(emitted, panel.value(QStringLiteral("i_ext")));  // display and signal agree
    QCOMPARE(slider->value(), target);                        // the handle stays where it was put
    // Only the moved row changed.
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);

    spy.clear();
    slider->setValue(0);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toDouble(), -2.0);
    spy.clear();
    slider->setValue(ParameterPanel::kSliderSteps);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toDouble(), 10.0);
}

void TestParameterPanel::logSliderMovesAlongLogScale()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    // log 1..1000 over 1000 steps: position p shows 10^(3p/1000), rounded to 2 decimals.
    for (const int position : {200, 500, 800}) {
        spy.clear();
        panel.slider(QStringLiteral("tau"))->setValue(position);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("tau"));
        const double expected = std::pow(10.0, 3.0 * position / ParameterPanel::kSliderSteps);
        QVERIFY2(std::abs(spy.at(0).at(1).toDouble() - expected) <= 0.005 + 1e-9,
                 qPrintable(QStringLiteral("%1 → %2, expected %3").arg(position).arg(spy.at(0).at(1).toDouble()).arg(expected)));
    }
}

void TestParameterPanel::setValueClampsToRange()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    panel.setValue(QStringLiteral("i_ext"), 1e9);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("i_ext"));
    QCOMPARE(spy.at(0).at(1).toDouble(), 10.0);
    QCOMPARE(panel.value(QStringLiteral("i_ext")), 10.0);
    QCOMPARE(panel.slider(QStringLiteral("i_ext"))->value(), ParameterPanel::kSliderSteps);

    spy.clear();
    panel.setValue(QStringLiteral("tau"), -5);  // below a log range's positive minimum
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toDouble(), 1.0);
    QCOMPARE(panel.slider(QStringLiteral("tau"))->value(), 0);

    // A value inside the range is taken as typed (within the box's precision) and moves the slider.
    spy.clear();
    panel.setValue(QStringLiteral("i_ext"), 2.5);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toDouble(), 2.5);
    QCOMPARE(panel.slider(QStringLiteral("i_ext"))->value(), ParameterPanel::sliderPosition(linearSpec(), 2.5));
}

void TestParameterPanel::typedValueIsEmitted()
{
    // Regression: a value typed into the box (Enter) was never emitted. The box already holds the new value when it
    // reports it, and the panel compared the box with itself, so the model kept the old value while the box showed
    // the new one.
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    QDoubleSpinBox* box = panel.spinBox(QStringLiteral("i_ext"));
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QStringLiteral("3.25"));
    QTest::keyClick(box, Qt::Key_Return);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("i_ext"));
    QCOMPARE(spy.at(0).at(1).toDouble(), 3.25);
    QCOMPARE(panel.slider(QStringLiteral("i_ext"))->value(), ParameterPanel::sliderPosition(linearSpec(), 3.25));
    box->setValue(4.5);  // programmatic change of the box, as from an accessibility tool
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(1).toDouble(), 4.5);
}

void TestParameterPanel::wholeNumberSpecsTakeWholeNumbers()
{
    // A whole-number spec (layer sizes, counts) would reject every slider position between two integers.
    ParamSpec count{"n", "Count", "", 1, 100, 10, neuroai::Scale::Linear, "", 2};
    count.integer = true;
    ParameterPanel panel({count});
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    QCOMPARE(panel.spinBox(QStringLiteral("n"))->decimals(), 0);
    panel.slider(QStringLiteral("n"))->setValue(123);  // 1 + 0.123·99 = 13.18
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(1).toDouble(), 13.0);
    panel.setValue(QStringLiteral("n"), 41.6);
    QCOMPARE(spy.at(1).at(1).toDouble(), 42.0);
}

void TestParameterPanel::setValueSameValueEmitsNothing()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    panel.setValue(QStringLiteral("i_ext"), 1.8);
    QCOMPARE(spy.count(), 0);
    panel.setValue(QStringLiteral("i_ext"), 10);
    panel.setValue(QStringLiteral("i_ext"), 50);  // clamps to the same maximum: no change, no signal
    QCOMPARE(spy.count(), 1);
}

void TestParameterPanel::resetButtonFollowsDefault()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    QToolButton* reset = panel.resetButton(QStringLiteral("tau"));
    QVERIFY(!reset->isEnabled());
    QVERIFY(!panel.resetButton(QStringLiteral("i_ext"))->isEnabled());

    panel.setValue(QStringLiteral("tau"), 50);
    QCOMPARE(spy.count(), 1);
    QVERIFY(reset->isEnabled());
    QVERIFY(!panel.resetButton(QStringLiteral("i_ext"))->isEnabled());  // per row

    spy.clear();
    reset->click();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("tau"));
    QCOMPARE(spy.at(0).at(1).toDouble(), 10.0);
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);
    QCOMPARE(panel.slider(QStringLiteral("tau"))->value(), ParameterPanel::sliderPosition(logSpec(), 10.0));
    QVERIFY(!reset->isEnabled());

    // Moving the slider enables it too; going back to the default value by typing disables it.
    panel.slider(QStringLiteral("i_ext"))->setValue(10);
    QVERIFY(panel.resetButton(QStringLiteral("i_ext"))->isEnabled());
    panel.setValue(QStringLiteral("i_ext"), 1.8);
    QVERIFY(!panel.resetButton(QStringLiteral("i_ext"))->isEnabled());
}

void TestParameterPanel::setValuesDoesNotEmit()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    ParamSet values(specs());
    values.set("i_ext", 3.25);
    values.set("tau", 200);
    panel.setValues(values);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.value(QStringLiteral("i_ext")), 3.25);
    QCOMPARE(panel.value(QStringLiteral("tau")), 200.0);
    QCOMPARE(panel.spinBox(QStringLiteral("tau"))->value(), 200.0);
    QCOMPARE(panel.slider(QStringLiteral("i_ext"))->value(), ParameterPanel::sliderPosition(linearSpec(), 3.25));
    QCOMPARE(panel.slider(QStringLiteral("tau"))->value(), ParameterPanel::sliderPosition(logSpec(), 200));
    QVERIFY(panel.resetButton(QStringLiteral("i_ext"))->isEnabled());
    QVERIFY(panel.resetButton(QStringLiteral("tau"))->isEnabled());

    panel.setValues(ParamSet(specs()));  // back to defaults, silently
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.value(QStringLiteral("i_ext")), 1.8);
    QVERIFY(!panel.resetButton(QStringLiteral("i_ext"))->isEnabled());
}

void TestParameterPanel::setValuesIgnoresUnknownKeys()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    const std::vector<ParamSpec> other{
        {"i_ext", "I", "nA", -2, 10, 1.8, Scale::Linear, "", 3},
        {"other", "Other", "", 0, 1, 0.5, Scale::Linear, "", 2},
    };
    ParamSet values(other);
    values.set("i_ext", -1.5);
    panel.setValues(values);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.value(QStringLiteral("i_ext")), -1.5);
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);
    QCOMPARE(panel.keys().size(), 2);
}

void TestParameterPanel::nonFiniteValuesAreIgnored()
{
    ParameterPanel panel(specs());
    panel.setValue(QStringLiteral("i_ext"), 2.5);
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    const int sliderBefore = panel.slider(QStringLiteral("i_ext"))->value();
    for (const double bad : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity()}) {
        panel.setValue(QStringLiteral("i_ext"), bad);
        panel.setValue(QStringLiteral("tau"), bad);
    }
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.value(QStringLiteral("i_ext")), 2.5);
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);
    QCOMPARE(panel.slider(QStringLiteral("i_ext"))->value(), sliderBefore);
}

void TestParameterPanel::unknownKeyIsHarmless()
{
    ParameterPanel panel(specs());
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    panel.setValue(QStringLiteral("nope"), 1.0);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(panel.value(QStringLiteral("i_ext")), 1.8);
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);
}

void TestParameterPanel::messageShowsAndHides()
{
    QWidget window;
    auto* panel = new ParameterPanel(specs(), &window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* label = panel->findChild<QLabel*>(QStringLiteral("parameterMessage"));
    QVERIFY(label);
    QVERIFY(panel->message().isEmpty());
    QVERIFY(!label->isVisible());

    const QString text = QStringLiteral("parameter 'v_reset' must be below 'v_th'");
    panel->setMessage(text);
    QCOMPARE(panel->message(), text);
    QCOMPARE(label->text(), text);
    QVERIFY(label->isVisible());

    panel->setMessage(QString());
    QVERIFY(panel->message().isEmpty());
    QVERIFY(!label->isVisible());
}

void TestParameterPanel::choiceSpecIsAComboBox()
{
    const std::vector<ParamSpec> all = protocolSpecs();
    ParameterPanel panel(all);
    QComboBox* combo = panel.comboBox(QStringLiteral("stimulus"));
    QVERIFY(combo);
    QCOMPARE(combo->count(), 7);
    QCOMPARE(combo->itemText(6), QStringLiteral("flash"));
    QVERIFY(!panel.comboBox(QStringLiteral("i_ext")));
    QSignalSpy spy(&panel, &ParameterPanel::valueChanged);
    combo->setCurrentIndex(3);  // as if the user picked "train"
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), QStringLiteral("stimulus"));
    QCOMPARE(spy.at(0).at(1).toDouble(), 3.0);
    QCOMPARE(panel.value(QStringLiteral("stimulus")), 3.0);
    ParamSet values(all);
    values.setFromString("stimulus=ramp");
    panel.setValues(values);  // silent, but the combo follows
    QCOMPARE(spy.count(), 1);
    QCOMPARE(combo->currentText(), QStringLiteral("ramp"));
    panel.resetButton(QStringLiteral("stimulus"))->click();
    QCOMPARE(combo->currentText(), QStringLiteral("constant"));
    QCOMPARE(spy.count(), 2);
}

void TestParameterPanel::rowsFollowTheChosenProtocol()
{
    const std::vector<ParamSpec> all = protocolSpecs();
    ParameterPanel panel(all);
    // Constant: only the protocol itself is shown among the stimulus rows.
    QVERIFY(panel.isRowShown(QStringLiteral("i_ext")));
    QVERIFY(panel.isRowShown(QStringLiteral("stimulus")));
    for (const char* key : {"stim_amp", "stim_start", "stim_duration", "stim_period", "stim_count", "stim_charge",
                            "noise_sigma", "noise_tau"})
        QVERIFY2(!panel.isRowShown(QString::fromLatin1(key)), key);
    panel.comboBox(QStringLiteral("stimulus"))->setCurrentIndex(Train);
    for (const char* key : {"stim_amp", "stim_start", "stim_duration", "stim_period", "stim_count"})
        QVERIFY2(panel.isRowShown(QString::fromLatin1(key)), key);
    QVERIFY(!panel.isRowShown(QStringLiteral("stim_charge")));
    QVERIFY(!panel.isRowShown(QStringLiteral("noise_sigma")));
    panel.comboBox(QStringLiteral("stimulus"))->setCurrentIndex(Flash);
    QVERIFY(panel.isRowShown(QStringLiteral("stim_charge")));
    QVERIFY(panel.isRowShown(QStringLiteral("stim_duration")));
    QVERIFY(!panel.isRowShown(QStringLiteral("stim_amp")));
    panel.comboBox(QStringLiteral("stimulus"))->setCurrentIndex(Noisy);
    QVERIFY(panel.isRowShown(QStringLiteral("noise_sigma")));
    QVERIFY(panel.isRowShown(QStringLiteral("noise_tau")));
    QVERIFY(!panel.isRowShown(QStringLiteral("stim_duration")));
}

void TestParameterPanel::hiddenKeysStayHidden()
{
    ParameterPanel panel(specs());
    panel.setHiddenKeys({QStringLiteral("tau")});
    QVERIFY(!panel.isRowShown(QStringLiteral("tau")));
    QVERIFY(panel.isRowShown(QStringLiteral("i_ext")));
    panel.setValue(QStringLiteral("i_ext"), 2.0);
    QVERIFY(!panel.isRowShown(QStringLiteral("tau")));
    QCOMPARE(panel.value(QStringLiteral("tau")), 10.0);  // the value is still there
}

QTEST_MAIN(TestParameterPanel)
#include "tst_parameterpanel.moc"
