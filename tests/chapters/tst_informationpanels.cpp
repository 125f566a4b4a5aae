// Chapter 7 ("information"): its four batch panels (chapters/information/). Checks that each constructs with its
// defaults drawn (series filled, axis titles with units, reference lines dashed, readouts with the numbers), that a
// parameter change recomputes on the job and moves the data the right way (spike entropy: a longer recording brings
// Miller–Madow closer to the reference; population: the population never above log2 S + 3 SE, more neurons more
// tuning curves; efficient coding: the equalised entropy above the linear one and close to log2 K; channel: 0.531 bits
// at ε = 0.1, the Z channel's optimum at P(x = 1) = 0.4), that a bad combination (baseline above peak) is refused
// with a message naming both keys, that every preset loads and every prediction's readout answers, and that every
// Try-this link of the chapter text names a preset of the right panel.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/information/ChannelCapacityPanel.h"
#include "chapters/information/EfficientCodingPanel.h"
#include "chapters/information/PopulationInformationPanel.h"
#include "chapters/information/SpikeEntropyPanel.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFile>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocumentFragment>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <memory>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 60000;

QString plain(const QLabel* label) { return QTextDocumentFragment::fromHtml(label->text()).toPlainText(); }

// Every plot of a panel has a title and both axis titles end in a unit in parentheses.
void checkAxisTitles(IntroPanel& panel, int expectedPlots)
{
    const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
    QCOMPARE(plots.size(), expectedPlots);
    static const QRegularExpression unit(QStringLiteral("\\S \\([^()]+\\)$"));
    for (widgets::XYPlot* plot : plots) {
        QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
        for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
            QVERIFY2(unit.match(axis->titleText()).hasMatch(),
                     qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
    }
}

bool dashed(const QXYSeries* s) { return s->pen().style() == Qt::DashLine; }

QStringList legend(widgets::XYPlot* plot)
{
    QStringList names;
    for (QLegendMarker* marker : plot->chart()->legend()->markers())
        if (marker->isVisible())
            names << marker->label();
    return names;
}

// Sets one parameter and waits for the recomputed figure.
bool setAndWait(IntroPanel& panel, const char* key, double value)
{
    QSignalSpy spy(&panel, &IntroPanel::updated);
    const QString error = panel.setParameter(QLatin1String(key), value);
    if (!error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return spy.wait(kTimeoutMs) || spy.count() > 0;
}

double relativeGap(double estimate, double reference) { return std::abs(estimate - reference) / reference; }

}  // namespace

class TestInformationPanels : public QObject {
    Q_OBJECT
private slots:
    void chapterIsRegistered()
    {
        const ChapterInfo* chapter = findChapter(QStringLiteral("information"));
        QVERIFY(chapter);
        QCOMPARE(chapter->number, 7);
        QCOMPARE(QString::fromUtf8(chapter->title), QStringLiteral("Information theory"));
        QCOMPARE(QString::fromUtf8(chapter->part), QStringLiteral("Part II · Brain and information"));
        QCOMPARE(testing::panelIndex(QStringLiteral("information"), QStringLiteral("spike-entropy")), 0);
        QCOMPARE(testing::panelIndex(QStringLiteral("information"), QStringLiteral("population-information")), 1);
        QCOMPARE(testing::panelIndex(QStringLiteral("information"), QStringLiteral("efficient-coding")), 2);
        QCOMPARE(testing::panelIndex(QStringLiteral("information"), QStringLiteral("channel-capacity")), 3);
        // The table stays in chapter order.
        int previous = 0;
        for (const ChapterInfo& info : chapterRegistry()) {
            QVERIFY(info.number > previous);
            previous = info.number;
        }
    }

    // --- spike entropy ---

    void spikeEntropyDefaults()
    {
        SpikeEntropyPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 2);
        QVERIFY(panel.binPlot()->isLogX() && panel.lengthPlot()->isLogX());
        // 12 bin sizes from 0.5 to 20 ms; 6 lengths from 0.5 s to the 20 s recording.
        const QList<QPointF> plug = panel.pluginByBin()->points(), mm = panel.millerMadowByBin()->points(),
                             ref = panel.referenceByBin()->points();
        QCOMPARE(plug.size(), 12);
        QCOMPARE(mm.size(), 12);
        QCOMPARE(ref.size(), 12);
        QCOMPARE(plug.first().x(), 0.5);
        QCOMPARE(plug.last().x(), 20.0);
        for (qsizetype i = 0; i < plug.size(); ++i) {
            QVERIFY2(plug[i].y() <= mm[i].y(), qPrintable(QString::number(plug[i].x())));  // MM adds (m−1)/(2N ln 2)
            QVERIFY2(plug[i].y() < ref[i].y(), qPrintable(QString::number(plug[i].x())));   // the plug-in is low
        }
        QVERIFY(ref.first().y() > ref.last().y());  // finer bins, higher entropy rate
        const QList<QPointF> lengths = panel.pluginByLength()->points();
        QCOMPARE(lengths.size(), 6);
        QCOMPARE(lengths.last().x(), 20.0);
        QVERIFY(dashed(panel.referenceByBin()) && dashed(panel.referenceByLength()));
        QVERIFY(!dashed(panel.pluginByBin()));
        QVERIFY2(legend(panel.binPlot()).contains(QStringLiteral("Miller–Madow")),
                 qPrintable(legend(panel.binPlot()).join(QStringLiteral(" | "))));
        QVERIFY(legend(panel.lengthPlot()).contains(QStringLiteral("long-run estimate (400 s)")));
        // The reference line of the length plot is this bin's reference rate.
        const double reference = *panel.readout(QStringLiteral("reference_rate"));
        QCOMPARE(panel.referenceByLength()->points().first().y(), reference);
        const QString text = plain(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("Miller–Madow")) &&
                     text.contains(QString::number(reference, 'f', 1)) && text.contains(QStringLiteral("of 1024")),
                 qPrintable(text));
        // Direct method: total − noise = information, in bits/s and bits/spike.
        const double total = *panel.readout(QStringLiteral("total_rate")),
                     noise = *panel.readout(QStringLiteral("noise_rate")),
                     info = *panel.readout(QStringLiteral("information_rate"));
        QVERIFY(std::abs(total - noise - info) < 1e-9);
        QVERIFY(info > 10);
        const QString direct = plain(panel.directLabel());
        QVERIFY2(direct.contains(QStringLiteral("bits/spike")) && direct.contains(QString::number(info, 'f', 1)),
                 qPrintable(direct));
        qInfo("defaults: plug-in %.1f, Miller-Madow %.1f, reference %.1f bits/s; direct %.1f - %.1f = %.1f bits/s",
              *panel.readout(QStringLiteral("plugin_rate")), *panel.readout(QStringLiteral("mm_rate")), reference,
              total, noise, info);
        QCOMPARE(panel.dataSeries().size(), 6);
    }

    void longerRecordingBringsMillerMadowCloser()
    {
        SpikeEntropyPanel panel;
        const double gapShort =
            relativeGap(*panel.readout(QStringLiteral("mm_rate")), *panel.readout(QStringLiteral("reference_rate")));
        const double plugShort = *panel.readout(QStringLiteral("plugin_error_pct"));
        QVERIFY(setAndWait(panel, "recording_s", 200));
        QCOMPARE(panel.updateCount(), 2);
        QCOMPARE(panel.shownParameters()["recording_s"], 200.0);
        const double gapLong =
            relativeGap(*panel.readout(QStringLiteral("mm_rate")), *panel.readout(QStringLiteral("reference_rate")));
        qInfo("Miller-Madow off the reference by %.2f %% at 20 s, %.2f %% at 200 s", 100 * gapShort, 100 * gapLong);
        QVERIFY(gapLong < gapShort);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("plugin_error_pct"))) < std::abs(plugShort));
        // The length sweep now reaches 200 s, and its last Miller–Madow point is closer to the reference than its
        // first (0.5 s of data).
        const QList<QPointF> mm = panel.millerMadowByLength()->points();
        QCOMPARE(mm.last().x(), 200.0);
        const double reference = panel.referenceByLength()->points().first().y();
        QVERIFY(relativeGap(mm.last().y(), reference) < relativeGap(mm.first().y(), reference));
        QVERIFY(legend(panel.lengthPlot()).contains(QStringLiteral("long-run estimate (2000 s)")));
    }

    void noDeadTimeHasAnExactReference()
    {
        SpikeEntropyPanel panel;
        QVERIFY(setAndWait(panel, "refractory_ms", 0));
        QCOMPARE(*panel.readout(QStringLiteral("reference_exact")), 1.0);
        // H2(1 − e^{−rΔt})/Δt at r = 40 Hz, Δt = 3 ms.
        const double p = 1 - std::exp(-40 * 0.003);
        const double exact = (-p * std::log2(p) - (1 - p) * std::log2(1 - p)) / 0.003;
        QVERIFY(std::abs(*panel.readout(QStringLiteral("reference_rate")) - exact) < 1e-9);
        QVERIFY(legend(panel.binPlot()).contains(QStringLiteral("exact (Poisson)")));
        QVERIFY(plain(panel.readoutLabel()).contains(QStringLiteral("exact")));
    }

    // --- population information ---

    void populationDefaults()
    {
        PopulationInformationPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 3);
        QVERIFY(panel.windowPlot()->isLogX());
        QCOMPARE(panel.tuningCurvesShown(), 8);
        // Neuron 1 prefers 0°: its curve peaks at 30 Hz there and falls to 2 + 28·e^{−4} Hz at 90°.
        const QList<QPointF> one = panel.neuronOneTuning()->points();
        QCOMPARE(one.first(), QPointF(0, 30));
        const QPointF at90 = one[45];
        QCOMPARE(at90.x(), 90.0);
        QVERIFY(std::abs(at90.y() - (2 + 28 * std::exp(-4.0))) < 1e-9);

        const double maxBits = *panel.readout(QStringLiteral("max_bits"));
        QCOMPARE(maxBits, 3.0);
        // The sweep uses 4000 draws per point, the readout's estimate 20 000: its standard error is √5 times larger.
        const double se = *panel.readout(QStringLiteral("population_se")) * std::sqrt(5.0);
        const QList<QPointF> population = panel.populationByWindow()->points(),
                             single = panel.singleByWindow()->points();
        QCOMPARE(population.size(), 8);
        QCOMPARE(single.size(), 8);
        for (qsizetype i = 0; i < population.size(); ++i) {
            QVERIFY2(population[i].y() <= maxBits + 3 * se, qPrintable(QString::number(population[i].y())));
            QVERIFY(population[i].y() >= single[i].y());  // the population holds its best neuron
            if (i > 0)
                QVERIFY(single[i].y() > single[i - 1].y());  // more spikes, more information
        }
        QVERIFY(population.last().y() > 0.9 * maxBits);  // 1 s: close to the ceiling
        QVERIFY(dashed(panel.ceilingByWindow()));
        QCOMPARE(panel.ceilingByWindow()->points().first().y(), 3.0);
        QCOMPARE(panel.populationByNeurons()->points().size(), 4);  // n = 1, 2, 4, 8
        const QString text = plain(panel.readoutLabel());
        QVERIFY2(text.contains(QString::number(*panel.readout(QStringLiteral("population_bits")), 'f', 2)) &&
                     text.contains(QStringLiteral("3.00 bits")),
                 qPrintable(text));
        // Neuron 1's plug-in estimate from 20 trials per stimulus is biased upwards.
        QVERIFY(*panel.readout(QStringLiteral("plugin_bias_bits")) > 0);
        QVERIFY(plain(panel.pluginLabel()).contains(QStringLiteral("bias of +")));
        QVERIFY(legend(panel.windowPlot()).contains(QStringLiteral("log2 S")));
        QVERIFY(panel.dataSeries().size() >= 8);
    }

    void moreNeuronsMoreCurvesAndInformation()
    {
        PopulationInformationPanel panel;
        const double before = *panel.readout(QStringLiteral("population_bits"));
        QVERIFY(setAndWait(panel, "neurons", 16));
        QCOMPARE(panel.tuningCurvesShown(), 16);
        QCOMPARE(panel.populationByNeurons()->points().size(), 5);  // 1, 2, 4, 8, 16
        QVERIFY(*panel.readout(QStringLiteral("population_bits")) > before);
        QVERIFY(setAndWait(panel, "neurons", 1));
        QCOMPARE(panel.tuningCurvesShown(), 1);
        // One neuron: the Monte Carlo population estimate agrees with the exact single-neuron value.
        QVERIFY(std::abs(*panel.readout(QStringLiteral("population_bits")) -
                         *panel.readout(QStringLiteral("single_bits"))) <
                4 * *panel.readout(QStringLiteral("population_se")) + 1e-3);
    }

    void baselineAbovePeakIsRefused()
    {
        PopulationInformationPanel panel;
        const int updates = panel.updateCount();
        const QString error = panel.setParameter(QStringLiteral("base_rate_hz"), 40);
        QVERIFY2(error.contains(QStringLiteral("base_rate_hz")) && error.contains(QStringLiteral("peak_rate_hz")),
                 qPrintable(error));
        QCOMPARE(panel.parameters()["base_rate_hz"], 2.0);  // the state is untouched
        const QString lower = panel.setParameter(QStringLiteral("peak_rate_hz"), 1);
        QVERIFY2(lower.contains(QStringLiteral("must not exceed")), qPrintable(lower));
        QCOMPARE(panel.parameters()["peak_rate_hz"], 30.0);
        QTest::qWait(50);
        QCOMPARE(panel.updateCount(), updates);
        QVERIFY(!panel.isComputing());
        // Equal rates are allowed: an untuned population carries nothing.
        QVERIFY(setAndWait(panel, "base_rate_hz", 30));
        QVERIFY(std::abs(*panel.readout(QStringLiteral("single_bits"))) < 1e-9);
        QVERIFY(*panel.readout(QStringLiteral("population_bits")) < 0.05);
    }

    // --- efficient coding ---

    void efficientCodingDefaults()
    {
        EfficientCodingPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 3);
        const double eq = *panel.readout(QStringLiteral("entropy_equalised")),
                     lin = *panel.readout(QStringLiteral("entropy_linear")),
                     maxBits = *panel.readout(QStringLiteral("max_bits"));
        qInfo("16 levels: equalised %.3f bits, linear %.3f bits, log2 K %.0f", eq, lin, maxBits);
        QCOMPARE(maxBits, 4.0);
        QVERIFY(eq > lin);
        QVERIFY(eq > maxBits - 0.05 && eq <= maxBits + 1e-12);
        // Shares per level: 16 of them summing to 1, the equalised ones near 1/16, the linear ones crowded low.
        const QList<QPointF> equalised = panel.lastResult().points("levels_equalised"),
                             linear = panel.lastResult().points("levels_linear");
        QCOMPARE(equalised.size(), 16);
        double sumEq = 0, sumLin = 0;
        for (qsizetype k = 0; k < 16; ++k) {
            sumEq += equalised[k].y();
            sumLin += linear[k].y();
            QVERIFY(std::abs(equalised[k].y() - 1.0 / 16) < 0.03);
        }
        QVERIFY(std::abs(sumEq - 1) < 1e-9 && std::abs(sumLin - 1) < 1e-9);
        QVERIFY(linear.first().y() > 3.0 / 16);
        QVERIFY(dashed(panel.uniformLevel()) && dashed(panel.trueCdf()));
        QCOMPARE(panel.uniformLevel()->points().first().y(), 1.0 / 16);
        // The equalising curve rises from 0 to 1 like the true CDF.
        const QList<QPointF> curve = panel.equalisingCurve()->points();
        QVERIFY(curve.first().y() < 0.01 && curve.last().y() > 0.99);
        for (qsizetype i = 1; i < curve.size(); ++i)
            QVERIFY(curve[i].y() >= curve[i - 1].y());
        const QString text = plain(panel.readoutLabel());
        QVERIFY2(text.contains(QString::number(eq, 'f', 2)) && text.contains(QString::number(lin, 'f', 2)),
                 qPrintable(text));
        QCOMPARE(panel.dataSeries().size(), 6);
    }

    void fewerLevels()
    {
        EfficientCodingPanel panel;
        QVERIFY(setAndWait(panel, "levels", 4));
        QCOMPARE(*panel.readout(QStringLiteral("max_bits")), 2.0);
        QCOMPARE(panel.lastResult().points("levels_linear").size(), 4);
        QVERIFY(*panel.readout(QStringLiteral("entropy_equalised")) > *panel.readout(QStringLiteral("entropy_linear")));
        QCOMPARE(panel.uniformLevel()->points().first().y(), 0.25);
        QVERIFY(plain(panel.readoutLabel()).contains(QStringLiteral("K = 4")));
    }

    // --- channel capacity ---

    void channelDefaults()
    {
        ChannelCapacityPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 2);
        // ε = 0.1: C = 1 − H2(0.1) = 0.531 bits, reached at P(x = 1) = 0.5.
        const double c = 1 + 0.1 * std::log2(0.1) + 0.9 * std::log2(0.9);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("capacity_bits")) - c) < 1e-12);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("capacity_ba_bits")) - c) < 1e-9);
        QVERIFY(std::abs(panel.optimumMarker()->points().first().x() - 0.5) < 1e-6);
        QVERIFY(std::abs(panel.optimumMarker()->points().last().y() - c) < 1e-9);
        const QString text = plain(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("0.531 bits")), qPrintable(text));
        QCOMPARE(panel.currentNoiseMarker()->points().first().x(), 0.1);
        QCOMPARE(panel.closedFormSeries()->points().size(), 201);
        QCOMPARE(panel.blahutArimotoSeries()->points().size(), 21);
        for (const QPointF& dot : panel.blahutArimotoSeries()->points()) {
            const double e = dot.x();
            const double h = e <= 0 || e >= 1 ? 0 : -e * std::log2(e) - (1 - e) * std::log2(1 - e);
            QVERIFY2(std::abs(dot.y() - (1 - h)) < 1e-6, qPrintable(QString::number(e)));
        }
        QVERIFY(legend(panel.capacityPlot()).contains(QStringLiteral("C = 1 − H2(ε)")));
        QVERIFY(legend(panel.inputPlot()).contains(QStringLiteral("C = 0.531 bits")));
        QCOMPARE(panel.dataSeries().size(), 3);
    }

    void inputAndZChannel()
    {
        ChannelCapacityPanel panel;
        QVERIFY(setAndWait(panel, "input_p1", 0.1));
        // I = H2(P(y = 1)) − H2(ε) with P(y = 1) = 0.1·0.9 + 0.9·0.1 = 0.18.
        const auto h2 = [](double p) { return -p * std::log2(p) - (1 - p) * std::log2(1 - p); };
        const double expected = h2(0.18) - h2(0.1);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("mi_bits")) - expected) < 1e-12);
        QCOMPARE(panel.currentInputMarker()->points().first().x(), 0.1);
        const double share = *panel.readout(QStringLiteral("share_of_capacity_pct"));
        QVERIFY(std::abs(share - 100 * expected / (1 - h2(0.1))) < 1e-9);
        QVERIFY(setAndWait(panel, "channel", 1));
        QVERIFY(setAndWait(panel, "noise", 0.5));
        // Z channel at p = 0.5: C = log2(1 + 0.5·0.5) = log2 1.25, reached at P(x = 1) = 0.4.
        QVERIFY(std::abs(*panel.readout(QStringLiteral("capacity_bits")) - std::log2(1.25)) < 1e-12);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("optimal_p1")) - 0.4) < 1e-6);
        QVERIFY(std::abs(panel.optimumMarker()->points().first().x() - 0.4) < 1e-6);
        QVERIFY(plain(panel.readoutLabel()).startsWith(QStringLiteral("Z channel")));
    }

    // --- presets, predictions, links ---

    void everyPresetLoadsAndAnswersItsPrediction_data()
    {
        QTest::addColumn<int>("panelIndex");
        for (int i = 0; i < 4; ++i)
            QTest::newRow(findChapter(QStringLiteral("information"))->panels[std::size_t(i)].id) << i;
    }

    void everyPresetLoadsAndAnswersItsPrediction()
    {
        QFETCH(int, panelIndex);
        std::unique_ptr<ExperimentPanel> panel(
            findChapter(QStringLiteral("information"))->panels[std::size_t(panelIndex)].create(nullptr));
        auto* intro = qobject_cast<IntroPanel*>(panel.get());
        QVERIFY(intro);
        const QList<Preset> presets = panel->presets();
        QVERIFY2(presets.size() >= 3, qPrintable(QString::number(presets.size())));
        QVERIFY(std::any_of(presets.begin(), presets.end(),
                            [](const Preset& p) { return p.name == QStringLiteral("defaults"); }));
        int predictions = 0;
        for (const Preset& preset : presets) {
            QVERIFY2(panel->applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
            QVERIFY2(panel->runHeadless(0, kTimeoutMs), qPrintable(preset.name));
            if (!preset.prediction)
                continue;
            ++predictions;
            const QString key = preset.prediction->readout;
            QVERIFY2(panel->readoutNames().contains(key), qPrintable(key));
            const std::optional<double> value = panel->readout(key);
            QVERIFY2(value && std::isfinite(*value), qPrintable(preset.name + QStringLiteral(": ") + key));
            // The outcome falls into one of the offered answers.
            bool answered = false;
            for (const PredictionChoice& c : preset.prediction->choices)
                answered = answered || (*value >= c.min && *value < c.max);
            QVERIFY2(answered, qPrintable(QStringLiteral("%1: %2 = %3").arg(preset.name, key).arg(*value)));
            qInfo("%s: %s = %.3f", qPrintable(preset.name), qPrintable(key), *value);
        }
        QVERIFY(predictions >= 1);
    }

    void predictionExercise()
    {
        ChannelCapacityPanel panel;
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("coin-flip")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("coin-flip")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(exercise.answerChoice(0).isEmpty());  // "0 bits"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, kTimeoutMs);
        QVERIFY(exercise.outcome() && std::abs(*exercise.outcome()) < 1e-12);
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }

    void tryThisLinksResolve_data()
    {
        QTest::addColumn<QString>("heading");
        QTest::addColumn<int>("index");
        QTest::newRow("spike-entropy") << QStringLiteral("## Entropy of a spike train") << 0;
        QTest::newRow("population-information") << QStringLiteral("## Population information") << 1;
        QTest::newRow("efficient-coding") << QStringLiteral("## Efficient coding") << 2;
        QTest::newRow("channel-capacity") << QStringLiteral("## Channel capacity") << 3;
    }

    void tryThisLinksResolve()
    {
        QFETCH(QString, heading);
        QFETCH(int, index);
        const QString own = testing::chapterSection(QStringLiteral("information"), heading);
        QVERIFY2(!own.isEmpty(), qPrintable(heading));
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        // The k-th "## " heading is panel k's section.
        QFile file(QStringLiteral(":/chapters/information.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QCOMPARE(text.left(text.indexOf(heading)).count(QRegularExpression(QStringLiteral("(^|\\n)## "))), index);
        // Links name only this panel, and every one resolves.
        for (int other = 0; other < 4; ++other)
            if (other != index)
                QVERIFY(testing::presetLinks(own, other).isEmpty());
        const QStringList links = testing::presetLinks(own, index);
        QVERIFY2(links.size() >= 3, qPrintable(QString::number(links.size())));
        std::unique_ptr<ExperimentPanel> panel(
            findChapter(QStringLiteral("information"))->panels[std::size_t(index)].create(nullptr));
        for (const QString& name : links)
            QVERIFY2(panel->applyPreset(name).isEmpty(), qPrintable(name));
    }
};

QTEST_MAIN(TestInformationPanels)
#include "tst_informationpanels.moc"
