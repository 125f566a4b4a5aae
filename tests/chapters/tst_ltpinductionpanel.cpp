// The LTP/LTD-induction panel (chapters/stimulation/LtpInductionPanel.h): a batch panel computed on a job. Checks
// that both plots are filled on construction with labelled series (11 measured drifts on the triplet line within a
// few standard errors, the threshold line at A₂₋τ₋/(A₃₊τ₊τ_y), 12 pairing points on the triplet sums), that the
// readout names the numbers, that presets apply (the pair rule moves the dots onto the pair lines; τ_y = 228 ms
// halves the threshold; the predictions answer from readout()), that a bad value is refused by name, that the
// exported data has every series, and that each Try-this link of its chapter section names an existing preset.

#include "chapters/framework/Classroom.h"
#include "chapters/stimulation/LtpInductionPanel.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QFile>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

// Legend labels of a plot's series that are in the legend.
QStringList legend(widgets::XYPlot* plot)
{
    QStringList names;
    for (QLegendMarker* marker : plot->chart()->legend()->markers())
        if (marker->isVisible())
            names << marker->label();
    return names;
}

}  // namespace

class TestLtpInductionPanel : public QObject {
    Q_OBJECT
private slots:
    void bothPlotsAreFilledOnConstruction()
    {
        LtpInductionPanel panel;
        panel.resize(1100, 800);
        panel.show();  // legend markers report visibility only once shown
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        const plasticity::LtpInductionRun& run = panel.lastRun();
        // BCM plot: 11 measured points, each within 4 standard errors of the triplet line's value at its rate.
        const QList<QPointF> measured = panel.measuredDriftSeries()->points();
        QCOMPARE(measured.size(), 11);
        const plasticity::LtpInductionSetup s;
        for (qsizetype i = 0; i < measured.size(); ++i) {
            const double expected = s.expectedDrift(false, measured[i].x());
            QVERIFY2(std::abs(measured[i].y() - expected) <= 4 * run.drift[std::size_t(i)].standardError + 1e-12,
                     qPrintable(QString::number(measured[i].x())));
        }
        QVERIFY(panel.tripletDriftSeries()->points().size() == 101);
        QVERIFY(panel.pairDriftSeries()->points().last().y() < 0);  // the pair rule only depresses here
        // Measured threshold within 5 % of the formula; both in the readout.
        QVERIFY(std::abs(*panel.readout(QStringLiteral("threshold_hz")) / 19.22 - 1) < 0.05);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("threshold_formula_hz")) - 19.22) < 0.01);
        const QString text = panel.readoutLabel()->text();
        QVERIFY2(text.contains(QStringLiteral("19.2 Hz")), qPrintable(text));
        const QString pairingText = panel.pairingReadoutLabel()->text();
        QVERIFY2(pairingText.contains(QStringLiteral("−10 ms")) && pairingText.contains(QStringLiteral("+74.9 %")),
                 qPrintable(pairingText));
        // Pairing plot: 12 simulated points per timing on the triplet sums (the exact all-to-all sum).
        const QList<QPointF> minus = panel.measuredMinusSeries()->points();
        QCOMPARE(minus.size(), 12);
        for (const QPointF& p : minus)
            QVERIFY2(std::abs(p.y() - 100.0 * plasticity::pairingSum(s, false, p.x(), -10)) < 1e-3,
                     qPrintable(QString::number(p.x())));
        QVERIFY(minus.first().y() < -5 && minus.last().y() > 5);  // LTD at 1 Hz, LTP at 50 Hz
        QCOMPARE(panel.tripletMinusSeries()->points().size(), 80);
        for (const QPointF& p : panel.pairMinusSeries()->points())
            QVERIFY(p.y() < 0);
        // Titles, axis labels with units and legends.
        QVERIFY(!panel.bcmPlot()->chart()->title().isEmpty());
        QVERIFY(!panel.pairingPlot()->chart()->title().isEmpty());
        const QStringList bcm = legend(panel.bcmPlot()), pairing = legend(panel.pairingPlot());
        QVERIFY2(bcm.contains(QStringLiteral("triplet rule")) &&
                     bcm.contains(QStringLiteral("pair rule")) &&
                     bcm.contains(QStringLiteral("measured (triplet)")) &&
                     bcm.contains(QStringLiteral("θ = 19.2 Hz")),
                 qPrintable(bcm.join(QStringLiteral(" | "))));
        QVERIFY2(pairing.contains(QStringLiteral("triplet −10 ms")) &&
                     pairing.contains(QStringLiteral("pair −10 ms"))  &&
                     pairing.contains(QStringLiteral("triplet +10 ms")),
                 qPrintable(pairing.join(QStringLiteral(" | "))));
        QCOMPARE(bcm.size(), 4);
        QCOMPARE(pairing.size(), 4);
        QVERIFY(panel.presets().size() >= 6);
    }

    void pairRulePresetMovesTheDotsOntoThePairLines()
    {
        LtpInductionPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.applyPreset(QStringLiteral("pair-rule")).isEmpty());
        QVERIFY(panel.runHeadless(0, 30000));
        QCOMPARE(panel.parameters()["rule"], 1.0);
        const plasticity::LtpInductionSetup s;
        for (const QPointF& p : panel.measuredMinusSeries()->points())
            QVERIFY(std::abs(p.y() - 100.0 * plasticity::pairingSum(s, true, p.x(), -10)) < 1e-3);
        QVERIFY(std::isnan(*panel.readout(QStringLiteral("threshold_hz"))));
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("no zero crossing")));
        QVERIFY(legend(panel.bcmPlot()).contains(QStringLiteral("measured (pair)")));
        QVERIFY(*panel.readout(QStringLiteral("dw_neg10_pair_pct")) < 0);
        QVERIFY(*panel.readout(QStringLiteral("dw_neg10_triplet_pct")) > 0);
    }

    void slowerTauYHalvesTheThreshold()
    {
        LtpInductionPanel panel;
        QSignalSpy spy(&panel, &IntroPanel::updated);
        QVERIFY(panel.setParameter(QStringLiteral("tau_y"), 228).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 30000);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("threshold_formula_hz")) - 9.61) < 0.01);
        QVERIFY(std::abs(*panel.readout(QStringLiteral("threshold_hz")) / 9.61 - 1) < 0.05);
        QVERIFY(panel.setParameter(QStringLiteral("tau_y"), -1).contains(QStringLiteral("tau_y")));
        QVERIFY(panel.setParameter(QStringLiteral("frequency"), 500).contains(QStringLiteral("frequency")));
    }

    void predictionExercise()
    {
        LtpInductionPanel panel;
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("high-frequency")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("high-frequency")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(!panel.figureWidget()->isVisible());
        QVERIFY(exercise.answerChoice(2).isEmpty());  // "potentiation"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 30000);
        QVERIFY(panel.figureWidget()->isVisible());
        QVERIFY(exercise.outcome() && *exercise.outcome() > 5);  // +17 % at 40 Hz
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
        QVERIFY(panel.applyPreset(QStringLiteral("low-frequency")).isEmpty());
        QVERIFY(panel.runHeadless(0, 30000));
        QVERIFY(std::abs(*panel.readout(QStringLiteral("dw_pos10_triplet_pct"))) < 1);
        QVERIFY(*panel.readout(QStringLiteral("dw_pos10_pair_pct")) > 10);
    }

    void exportsEverySeries()
    {
        LtpInductionPanel panel;
        const QList<widgets::DataSeries> data = panel.dataSeries();
        QCOMPARE(data.size(), 9);
        QCOMPARE(data[0].points.size(), 11);
        QCOMPARE(data[4].points.size(), 12);
        for (const widgets::DataSeries& d : data)
            QVERIFY(!d.points.isEmpty() && !d.series.isEmpty());
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/stimulation.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## LTP/LTD induction"));
        QVERIFY(section > 0);
        // The second "## " section of the chapter: the text of panel 1.
        QCOMPARE(text.left(section).count(QRegularExpression(QStringLiteral("(^|\\n)## "))), 1);
        const QString own = text.mid(section);
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        LtpInductionPanel panel;
        const QRegularExpression link(QStringLiteral("\\(preset:1/([a-z0-9-]+)\\)"));
        int links = 0;
        for (auto it = link.globalMatch(own); it.hasNext(); ++links)
            QVERIFY2(panel.applyPreset(it.next().captured(1)).isEmpty(), qPrintable(QString::number(links)));
        QVERIFY(links >= 6);
    }
};

QTEST_MAIN(TestLtpInductionPanel)
#include "tst_ltpinductionpanel.moc"
