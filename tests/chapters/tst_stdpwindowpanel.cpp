// The STDP-window panel (chapters/foundations/StdpWindowPanel.h): a batch panel computed on a job. Checks that it
// shows a figure on construction (41 measured points on the pair-rule line at the defaults), that a parameter
// change recomputes the curve, that its presets apply (including the triplet one that potentiates at Δt = −10 ms
// and answers the prediction readout), that its exported data has the three series, and that every Try-this link
// of its chapter section names an existing preset.

#include "chapters/foundations/StdpWindowPanel.h"
#include "chapters/framework/Classroom.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

class TestStdpWindowPanel : public QObject {
    Q_OBJECT
private slots:
    void computesOnConstruction()
    {
        StdpWindowPanel panel;
        QCOMPARE(panel.updateCount(), 1);
        const QList<QPointF> measured = panel.measuredSeries()->points();
        QCOMPARE(measured.size(), 41);
        // Defaults: 60 pairings at 1 Hz, A₊ 0.005, w0 0.5 → +60 % at Δt = 0, −63 % just below.
        QCOMPARE(measured[20].x(), 0.0);
        QVERIFY2(std::abs(measured[20].y() - 60.0) < 0.01, qPrintable(QString::number(measured[20].y())));
        QVERIFY(std::abs(measured[19].y() + 63.0 * std::exp(-1.0 / 20.0)) < 0.01);
        // Every dot on the prediction line (which is sampled every 0.5 ms, so each grid value is on it).
        const QList<QPointF> line = panel.predictionSeries()->points();
        for (const QPointF& dot : measured) {
            const auto it = std::find_if(line.begin(), line.end(),
                                         [&](const QPointF& p) { return std::abs(p.x() - dot.x()) < 1e-9; });
            QVERIFY(it != line.end());
            QVERIFY2(std::abs(it->y() - dot.y()) < 0.01, qPrintable(QString::number(dot.x())));
        }
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("all-to-all")));
        QVERIFY(panel.presets().size() >= 5);
    }

    void tauPlusChangesTheCurve()
    {
        StdpWindowPanel panel;
        const double before = panel.lastRun().at(10);
        QSignalSpy spy(&panel, &IntroPanel::updated);
        QVERIFY(panel.setParameter(QStringLiteral("tau_plus"), 40).isEmpty());
        QTRY_COMPARE(spy.count(), 1);
        const double after = panel.lastRun().at(10);
        // 60·0.005·e^{−10/τ₊}/0.5: 36.4 % with τ₊ = 20 ms, 46.7 % with 40 ms.
        QVERIFY2(std::abs(before - 60.0 * std::exp(-0.5)) < 0.01, qPrintable(QString::number(before)));
        QVERIFY2(std::abs(after - 60.0 * std::exp(-0.25)) < 0.01, qPrintable(QString::number(after)));
        QCOMPARE(panel.measuredSeries()->points()[28].x(), 10.0);
        QCOMPARE(panel.measuredSeries()->points()[28].y(), after);
        // The depression side is untouched.
        QVERIFY(std::abs(panel.lastRun().at(-10) + 63.0 * std::exp(-0.5)) < 0.01);
        QVERIFY(panel.setParameter(QStringLiteral("tau_plus"), -1).contains(QStringLiteral("tau_plus")));
    }

    void tripletPresetPotentiatesAtNegativeTiming()
    {
        StdpWindowPanel panel;
        QVERIFY(panel.applyPreset(QStringLiteral("pair-50hz")).isEmpty());
        QVERIFY(panel.runHeadless(0, 20000));
        const double pair = *panel.readout(QStringLiteral("dw_neg10_pct"));
        QVERIFY(panel.applyPreset(QStringLiteral("triplet-50hz")).isEmpty());
        QVERIFY(panel.runHeadless(0, 20000));
        QCOMPARE(panel.parameters()["rule"], 2.0);
        QCOMPARE(panel.parameters()["frequency"], 50.0);
        QVERIFY(panel.presetBox()->currentText().endsWith(QStringLiteral("Triplet rule at 50 Hz")));
        const double triplet = *panel.readout(QStringLiteral("dw_neg10_pct"));
        qInfo("Δw/w0 at Δt = −10 ms, 15 pairings at 50 Hz: pair rule %.2f %%, triplet rule %.2f %%", pair, triplet);
        QVERIFY(pair < -2);
        QVERIFY(triplet > 2);
        // The triplet rule here is always additive, so the weight-dependence control is hidden for it (and shown
        // again for the pair rules).
        QVERIFY(!panel.parameterPanel()->isRowShown(QStringLiteral("bounds")));
        QVERIFY(panel.applyPreset(QStringLiteral("pair-50hz")).isEmpty());
        QVERIFY(panel.parameterPanel()->isRowShown(QStringLiteral("bounds")));
        QVERIFY(panel.readoutNames().contains(QStringLiteral("dw_neg10_pct")));
        QVERIFY(!panel.readout(QStringLiteral("rate_hz")));
    }

    void predictionExerciseOnABatchPanel()
    {
        StdpWindowPanel panel;
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("triplet-50hz")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("triplet-50hz")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(!panel.figureWidget()->isVisible());  // the plot would give the answer away
        QVERIFY(exercise.answerChoice(2).isEmpty());   // "potentiation"
        QCOMPARE(exercise.phase(), Exercise::Phase::Done);
        QVERIFY(panel.figureWidget()->isVisible());
        QVERIFY(exercise.outcome() && *exercise.outcome() > 2);
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
        // A preset without a prediction starts nothing.
        QVERIFY(panel.applyPreset(QStringLiteral("defaults")).isEmpty());
        QVERIFY(!panel.startExercise(QStringLiteral("defaults")));
    }

    void exportsThreeSeries()
    {
        StdpWindowPanel panel;
        const QList<widgets::DataSeries> data = panel.dataSeries();
        QCOMPARE(data.size(), 3);
        QCOMPARE(data[0].points.size(), 41);
        QVERIFY(data[1].points.size() > 300);
        for (const widgets::DataSeries& s : data)
            QCOMPARE(s.plot, data[0].plot);
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/foundations.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Spike-timing-dependent plasticity"));
        QVERIFY(section > 0);
        const QString own = text.mid(section);
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        StdpWindowPanel panel;
        const QRegularExpression link(QStringLiteral("\\(preset:2/([a-z0-9-]+)\\)"));
        int links = 0;
        for (auto it = link.globalMatch(own); it.hasNext(); ++links)
            QVERIFY2(panel.applyPreset(it.next().captured(1)).isEmpty(), qPrintable(QString::number(links)));
        QVERIFY(links >= 5);
    }
};

QTEST_MAIN(TestStdpWindowPanel)
#include "tst_stdpwindowpanel.moc"
