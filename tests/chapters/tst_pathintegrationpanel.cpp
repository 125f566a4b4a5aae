// The path-integration panel (chapters/navigation/PathIntegrationPanel.h): a batch panel computed on a job. Checks
// that it shows a figure on construction (the RMS error near σ_v·√(2·dt·T), slope near ½, the estimate drawn over
// the arena and ending where the engine's estimate ends), that a parameter change recomputes it, that no noise
// gives no error and nothing on the log axes, that a gain error on straight runs gives slope ≈ 1 while on the
// default random walk it bends to about 0.6, that the view widens when the estimate leaves the box, that a
// prediction exercise answers from the readout, that exported data holds both plots, and that every Try-this link
// of the chapter section names an existing preset.

#include "chapters/framework/Classroom.h"
#include "chapters/framework/Chapter.h"
#include "chapters/navigation/PathIntegrationPanel.h"
#include "widgets/FigureExporter.h"
#include "widgets/XYPlot.h"

#include <QFile>
#include <QLabel>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

class TestPathIntegrationPanel : public QObject {
    Q_OBJECT
private slots:
    void computesOnConstruction()
    {
        PathIntegrationPanel panel;
        QCOMPARE(panel.updateCount(), 1);
        // Defaults: σ_v = 10 cm/s, dt = 10 ms, T = 100 s, 200 walks → σ_v·√(2·dt·T) = 10·√2 cm.
        const double theory = *panel.readout(QStringLiteral("theory_end_cm"));
        QCOMPARE_LE(std::abs(theory - 10 * std::sqrt(2.0)), 1e-9);
        const double rms = *panel.readout(QStringLiteral("rms_end_cm"));
        const double slope = *panel.readout(QStringLiteral("slope"));
        qInfo("defaults: RMS at 100 s %.3f cm (law %.3f cm), slope %.4f", rms, theory, slope);
        // 200 walks: the RMS scatters by ~1/√400 = 5 %; 12 % is > 2 standard errors. Slope: ±0.05 as in the engine.
        QCOMPARE_LE(std::abs(rms / theory - 1), 0.12);
        QCOMPARE_LE(std::abs(slope - 0.5), 0.05);

        const QList<QPointF> curve = panel.rmsSeries()->points();
        QVERIFY(curve.size() > 80);  // ~30 per decade over 4 decades
        QCOMPARE(curve.back().x(), 100.0);
        QCOMPARE(curve.back().y(), rms);
        const QList<QPointF> reference = panel.referenceSeries()->points();
        QCOMPARE(reference.size(), 2);
        QCOMPARE_LE(std::abs(reference.back().y() - theory), 1e-9);
        QCOMPARE(panel.fitSeries()->points().size(), 2);
        QCOMPARE(panel.fitSeries()->points().front().x(), 1.0);  // the fit range starts at T/100
        QVERIFY(panel.fitSeries()->name().contains(QString::number(slope, 'f', 2)));
        QVERIFY(panel.errorPlot()->isLogX() && panel.errorPlot()->isLogY());
        auto* yAxis = qobject_cast<QLogValueAxis*>(panel.errorPlot()->verticalAxis());
        QVERIFY(yAxis);
        QVERIFY(yAxis->min() <= curve.front().y() && yAxis->max() >= curve.back().y());

        // The arena: the estimate drawn ends where the engine's estimate ends, at most 3001 points of each path.
        const space::IntegratedPath& path = panel.lastRun().shown;
        const auto& estimate = panel.arenaView()->estimate();
        QVERIFY(estimate.size() <= 3001 && estimate.size() > 1000);
        QCOMPARE(estimate.back().x, path.estX.back());
        QCOMPARE(estimate.back().y, path.estY.back());
        QCOMPARE(panel.arenaView()->scene().trajectory.size(), estimate.size());
        QVERIFY(panel.arenaView()->scene().agent.has_value());
        QVERIFY(panel.slopeReadoutLabel()->text().contains(QString::number(slope, 'f', 2)));
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("14.1 cm")));
        QVERIFY(panel.presets().size() >= 7);
    }

    void noiseChangesTheCurve()
    {
        PathIntegrationPanel panel;
        const double before = *panel.readout(QStringLiteral("rms_end_cm"));
        QSignalSpy spy(&panel, &IntroPanel::updated);
        QVERIFY(panel.setParameter(QStringLiteral("velocity_noise"), 20).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 20000);
        // The same walks and noise draws, twice the noise: every error exactly doubles (the additive noise is the
        // only error and enters linearly).
        QCOMPARE_LE(std::abs(*panel.readout(QStringLiteral("theory_end_cm")) - 20 * std::sqrt(2.0)), 1e-9);
        const double rms = *panel.readout(QStringLiteral("rms_end_cm"));
        QCOMPARE_LE(std::abs(rms - 2 * before), 1e-6);  // only rounding of the summed positions differs
        QVERIFY(panel.setParameter(QStringLiteral("velocity_noise"), -1).contains(QStringLiteral("velocity_noise")));
    }

    void noNoiseMeansNoError()
    {
        PathIntegrationPanel panel;
        QVERIFY(panel.applyPreset(QStringLiteral("no-noise")).isEmpty());
        QVERIFY(panel.runHeadless(0, 20000));
        QCOMPARE(*panel.readout(QStringLiteral("rms_end_cm")), 0.0);
        QVERIFY(std::isnan(*panel.readout(QStringLiteral("slope"))));
        QVERIFY(panel.rmsSeries()->points().isEmpty());  // nothing to draw on a log axis
        QVERIFY(panel.fitSeries()->points().isEmpty());
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("No noise")));
        const space::IntegratedPath& path = panel.lastRun().shown;
        for (std::size_t i = 0; i < path.size(); ++i)
            QCOMPARE_LE(path.errorCm[i], 1e-9);
    }

    void gainErrorSlopeDependsOnTheWalk()
    {
        PathIntegrationPanel panel;
        QVERIFY(panel.applyPreset(QStringLiteral("straight-runs")).isEmpty());
        QVERIFY(panel.runHeadless(0, 30000));
        const double straight = *panel.readout(QStringLiteral("slope"));
        QVERIFY(panel.applyPreset(QStringLiteral("gain-error")).isEmpty());
        QVERIFY(panel.runHeadless(0, 30000));
        const double random = *panel.readout(QStringLiteral("slope"));
        qInfo("gain error 10 %%: slope %.3f on straight runs, %.3f on the default random walk", straight, random);
        // Straight runs: error = g·v·t up to the slow turning, slope 1. Random walk: the distance from the start
        // is ballistic below ~1 s and diffusive above, so over [1 s, 100 s] the slope lies between ½ and 0.7.
        QCOMPARE_LE(std::abs(straight - 1.0), 0.05);
        QVERIFY2(random > 0.5 && random < 0.7, qPrintable(QString::number(random)));
        // In the 100 cm box the error is g times the distance from the start (at most 0.1·50·√2 cm).
        QVERIFY(*panel.readout(QStringLiteral("shown_error_end_cm")) <= 0.1 * 50 * std::sqrt(2.0) + 1e-9);
    }

    void viewWidensForAnEstimateOutsideTheBox()
    {
        PathIntegrationPanel panel;
        QVERIFY(panel.setParameter(QStringLiteral("velocity_noise"), 50).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("heading_drift"), 20).isEmpty());
        QVERIFY(panel.runHeadless(0, 30000));
        const space::IntegratedPath& path = panel.lastRun().shown;
        double lowX = 0, highX = 100, lowY = 0, highY = 100;
        for (std::size_t i = 0; i < path.size(); ++i) {
            lowX = std::min(lowX, path.estX[i]);
            highX = std::max(highX, path.estX[i]);
            lowY = std::min(lowY, path.estY[i]);
            highY = std::max(highY, path.estY[i]);
        }
        QVERIFY2(lowX < 0 || highX > 100 || lowY < 0 || highY > 100, "the estimate stayed in the box");
        const ArenaScene& scene = panel.arenaView()->scene();
        // The view holds the estimate (up to the cap of four box sides) and always the whole box.
        QVERIFY(scene.xMin <= std::max(lowX, -150.0) && scene.xMax >= std::min(highX, 250.0));
        QVERIFY(scene.yMin <= std::max(lowY, -150.0) && scene.yMax >= std::min(highY, 250.0));
        QVERIFY(scene.xMin < 0 && scene.xMax > 100);
    }

    void predictionExercise()
    {
        PathIntegrationPanel panel;
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("long-walk")).isEmpty());
        QVERIFY(panel.startExercise(QStringLiteral("long-walk")));
        Exercise& exercise = panel.exercise();
        QCOMPARE(exercise.phase(), Exercise::Phase::Asking);
        QVERIFY(!panel.figureWidget()->isVisible());
        QVERIFY(exercise.answerChoice(1).isEmpty());  // "about twice as large"
        QTRY_COMPARE_WITH_TIMEOUT(exercise.phase(), Exercise::Phase::Done, 30000);
        QVERIFY(exercise.outcome());
        qInfo("RMS error after 400 s: %.2f cm", *exercise.outcome());
        QVERIFY(exercise.verdict() && exercise.verdict()->correct);
    }

    void exportsBothPlots()
    {
        PathIntegrationPanel panel;
        const QList<widgets::DataSeries> data = panel.dataSeries();
        QStringList names;
        for (const widgets::DataSeries& s : data)
            names << s.series;
        QVERIFY2(names.contains(QStringLiteral("trajectory")), qPrintable(names.join(QStringLiteral(", "))));
        QVERIFY(names.contains(QStringLiteral("estimate (integrated)")));
        QVERIFY(names.contains(QStringLiteral("RMS error, 200 walks")));
        QVERIFY(names.contains(QStringLiteral("the walk on the left")));
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/navigation.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Path integration"));
        QVERIFY(section > 0);
        const QString own = text.mid(section);
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        PathIntegrationPanel panel;
        // Links name the panel by its index in the chapter (the k-th "## " section is panel k), so look it up.
        const ChapterInfo* chapter = findChapter(QStringLiteral("navigation"));
        QVERIFY(chapter != nullptr);
        int index = -1;
        for (std::size_t i = 0; i < chapter->panels.size(); ++i)
            if (QLatin1String(chapter->panels[i].id) == QLatin1String("path-integration"))
                index = int(i);
        QVERIFY(index >= 0);
        const QRegularExpression link(QStringLiteral("\\(preset:%1/([a-z0-9-]+)\\)").arg(index));
        int links = 0;
        for (auto it = link.globalMatch(own); it.hasNext(); ++links)
            QVERIFY2(panel.applyPreset(it.next().captured(1)).isEmpty(), qPrintable(QString::number(links)));
        QVERIFY(links >= 7);
        QVERIFY(own.count(QStringLiteral("(predict first)")) >= 3);
    }
};

QTEST_MAIN(TestPathIntegrationPanel)
#include "tst_pathintegrationpanel.moc"
