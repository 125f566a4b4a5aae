// The case-studies chapter's hippocampal-replay panel (chapters/casestudies/HippocampalReplayPanel.h) on the live
// model hippocampal-replay (one replay event per step). Each check would fail if the model or the panel's plumbing
// were wrong:
// - defaults: 20× compression, half the rests at the reward, 40 cells, σ = 6 cm, 1 Hz background, 60 Hz peak; the
//   pace is 2 events/s (speed 2: one event per second of rest time);
// - a run shows events: after 30 events the raster holds 40 cells × 300 ms with spikes, the posterior 20 bins, the
//   path 20 decoded points, the score plot 30 points split by sign, and forward + reverse = 30;
// - controls reach the model: fraction_reverse = 1 makes every new event reverse, with r < 0; cells = 60 restarts
//   the run with 60 raster rows; a bad value is refused with the parameter named; the pace box sets the speed;
// - headless export: data series hold raster, posterior, decoded path and scores; the figure renders to SVG;
// - every preset loads, and every "Try this" link of the chapter section names an existing preset at the panel's
//   final index 2 (on this branch the table may have it at index 1: the replay panel merges first).

#include "chapters/casestudies/HippocampalReplayPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/SimulationController.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

class TestHippocampalReplayPanel : public QObject {
    Q_OBJECT
private slots:
    void defaults()
    {
        HippocampalReplayPanel panel;
        const ParamSet p = panel.currentParameters();
        QCOMPARE(p["compression"], 20.0);
        QCOMPARE(p["fraction_reverse"], 0.5);
        QCOMPARE(p["cells"], 40.0);
        QCOMPARE(p["field_width"], 6.0);
        QCOMPARE(p["noise"], 1.0);
        QCOMPARE(p["peak_rate"], 60.0);
        // Rest time in ms, one event per second of it: real-time speed shows one event per second.
        QCOMPARE(panel.controller()->speed(), HippocampalReplayPanel::kDefaultEventsPerSecond);
        QCOMPARE(panel.presetBox()->currentData().toString(), QStringLiteral("defaults"));
    }

    void aRunShowsEvents()
    {
        HippocampalReplayPanel panel;
        panel.resize(1280, 800);
        QVERIFY(panel.runHeadless(30000));
        QTRY_COMPARE(panel.readout(QStringLiteral("events")).value_or(0), 30.0);
        QCOMPARE(panel.readout(QStringLiteral("forward_events")).value_or(0) +
                     panel.readout(QStringLiteral("reverse_events")).value_or(0),
                 30.0);
        QTRY_COMPARE(panel.path().size(), 20);
        const MatrixImage& raster = panel.rasterPlot()->matrix();
        QCOMPARE(raster.rows, 40);
        QCOMPARE(raster.columns, 300);
        double spikes = 0;
        for (const float v : raster.values)
            spikes += v;
        QVERIFY(spikes > 30);
        QCOMPARE(panel.posteriorPlot()->matrix().columns, 20);
        int scores = 0;
        for (const widgets::DataSeries& s : panel.dataSeries())
            if (s.plot == QLatin1String("replay score"))
                scores += int(s.points.size());
        QCOMPARE(scores, 30);
        QVERIFY(!panel.readoutLabel()->text().isEmpty());
    }

    void controlsReachTheModel()
    {
        HippocampalReplayPanel panel;
        panel.resize(1280, 800);
        // The control widget itself (the spin box the reader types into) reaches the model.
        panel.parameterPanel()->spinBox(QStringLiteral("fraction_reverse"))->setValue(1.0);
        QTRY_COMPARE(panel.currentParameters()["fraction_reverse"], 1.0);
        QVERIFY(panel.runHeadless(10000));
        QTRY_COMPARE(panel.readout(QStringLiteral("events")).value_or(0), 10.0);
        QCOMPARE(panel.readout(QStringLiteral("reverse_events")).value_or(-1), 10.0);
        QVERIFY(panel.readout(QStringLiteral("last_r")).value_or(1) < 0);

        QVERIFY(panel.setParameter(QStringLiteral("cells"), 60).isEmpty());
        QCOMPARE(panel.parameterPanel()->value(QStringLiteral("cells")), 60.0);
        QVERIFY(panel.runHeadless(2000));
        QTRY_COMPARE(panel.readout(QStringLiteral("events")).value_or(0), 2.0);  // restarted
        QTRY_COMPARE(panel.rasterPlot()->matrix().rows, 60);

        // Step (the toolbar asks for 1 ms: at least one model step) runs exactly one event.
        panel.controller()->step(1.0);
        QTRY_COMPARE(panel.readout(QStringLiteral("events")).value_or(0), 3.0);

        const int index = panel.paceBox()->findData(10.0);
        QVERIFY(index >= 0);
        panel.paceBox()->setCurrentIndex(index);
        emit panel.paceBox()->activated(index);
        QCOMPARE(panel.controller()->speed(), 10.0);

        const QString refusal = panel.setParameter(QStringLiteral("field_width"), -1);
        QVERIFY2(refusal.contains(QLatin1String("field_width")), qPrintable(refusal));
        QCOMPARE(panel.currentParameters()["field_width"], 6.0);
    }

    void headlessExport()
    {
        HippocampalReplayPanel panel;
        panel.resize(1280, 800);
        QVERIFY(panel.runHeadless(5000));
        QTRY_COMPARE(panel.path().size(), 20);
        QStringList names;
        for (const widgets::DataSeries& s : panel.dataSeries())
            names << s.plot + QLatin1Char('/') + s.series;
        for (const char* name : {"decoded path/decoded", "decoded path/replayed", "replay score/forward",
                                 "replay score/reverse"})
            QVERIFY2(names.contains(QLatin1String(name)), qPrintable(names.join(QStringLiteral(", "))));
        QVERIFY(names.size() >= 6);
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("replay.svg"));
        QCOMPARE(widgets::FigureExporter::exportWidget(panel.figureWidget(), svg, 1.0, panel.metadata(),
                                                       widgets::FigureExporter::defaultFigureSizeMm()),
                 QString());
        QVERIFY(QFileInfo(svg).size() > 1000);
    }

    void presetsLoad()
    {
        HippocampalReplayPanel panel;
        QVERIFY(panel.presets().size() >= 6);
        QCOMPARE(panel.presets().first().name, QStringLiteral("defaults"));
        for (const auto& preset : panel.presets())
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
        QVERIFY(panel.applyPreset(QStringLiteral("reverse-after-reward")).isEmpty());
        QCOMPARE(panel.currentParameters()["fraction_reverse"], 1.0);
        QVERIFY(panel.applyPreset(QStringLiteral("slow-replay")).isEmpty());
        QCOMPARE(panel.currentParameters()["compression"], 5.0);
    }

    // The gain × need preset through the panel: silent rests (the readout says nothing was replayed, and no decoded
    // path is drawn) until the first run; then a reverse replay of 9 backups, from the state next to the reward back to
    // the start, whose path the panel draws.
    void gainNeedPresetReplaysAfterTheFirstRun()
    {
        HippocampalReplayPanel panel;
        panel.resize(1280, 800);
        QVERIFY(panel.applyPreset(QStringLiteral("gain-need")).isEmpty());
        QCOMPARE(panel.currentParameters()["replay_choice"], 1.0);
        QVERIFY(panel.setParameter(QStringLiteral("fraction_reverse"), 0.0).isEmpty());  // stays at the start
        QVERIFY(panel.runHeadless(2000));
        QTRY_COMPARE(panel.readout(QStringLiteral("silent_rests")).value_or(-1), 2.0);
        QTRY_VERIFY2(panel.readoutLabel()->text().contains(QStringLiteral("nothing is replayed")),
                     qPrintable(panel.readoutLabel()->text()));
        QVERIFY(panel.path().isEmpty());

        QVERIFY(panel.setParameter(QStringLiteral("fraction_reverse"), 1.0).isEmpty());  // runs to the reward
        QVERIFY(panel.runHeadless(1000));
        QTRY_COMPARE(panel.readout(QStringLiteral("reverse_events")).value_or(0), 1.0);
        QCOMPARE(panel.readout(QStringLiteral("last_backups")).value_or(0), 9.0);
        QTRY_VERIFY2(panel.readoutLabel()->text().contains(QStringLiteral("9 backups")) &&
                         panel.readoutLabel()->text().contains(QStringLiteral("reverse")),
                     qPrintable(panel.readoutLabel()->text()));
        QTRY_COMPARE(panel.path().size(), 18);  // 8 segments of 22.2 ms = 177.8 ms, in 10 ms bins
        QVERIFY(std::abs(panel.path().first().trueCm - 100.0 * 8 / 9) < 6);  // starts next to the reward
        QVERIFY(panel.path().last().trueCm < 6);                              // ends at the start
    }

    // The Dyna maze preset: the track view gives way to the maze view, which receives the 6 × 9 maze and the 15-square
    // route; every event's decoded points in the plane (56 bins of a 560 ms event) reach the maze view, and with the
    // animal resting at G they move from G towards S; the raster's rows run along the 280 cm route; the field width
    // slider of the maze replaces the track's (and the track's cell count is hidden).
    void theMazePresetDrawsThePathInTheMaze()
    {
        HippocampalReplayPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(panel.applyPreset(QStringLiteral("dyna-maze")).isEmpty());
        QCOMPARE(panel.currentParameters()["world"], 1.0);
        QVERIFY(panel.setParameter(QStringLiteral("fraction_reverse"), 1.0).isEmpty());
        QVERIFY(panel.runHeadless(3000));
        QTRY_COMPARE(panel.readout(QStringLiteral("reverse_events")).value_or(0), 3.0);
        QTRY_VERIFY(panel.showsMaze());
        QVERIFY(panel.mazeView()->isVisible());
        QVERIFY(!panel.trackView()->isVisible());
        QCOMPARE(panel.mazeView()->rows(), 6);
        QCOMPARE(panel.mazeView()->columns(), 9);
        QTRY_COMPARE(panel.path().size(), 56);
        QCOMPARE(panel.rasterPlot()->matrix().rowMax, 280.0);
        // Decoded along the route from S: a reverse event starts near G (280 cm) and ends near S.
        QVERIFY(panel.path().first().trueCm > 270);
        QVERIFY(panel.path().last().trueCm < 10);
        QVERIFY(panel.readout(QStringLiteral("last_slope")).value_or(0) < 0);
        QTRY_VERIFY2(panel.readoutLabel()->text().contains(QStringLiteral("goal G")),
                     qPrintable(panel.readoutLabel()->text()));
        QStringList names;
        for (const widgets::DataSeries& series : panel.dataSeries())
            names << series.plot + QLatin1Char('/') + series.series;
        QVERIFY2(names.contains(QStringLiteral("path in the maze/decoded")), qPrintable(names.join(QStringLiteral(", "))));
        const auto* mazeWidth = panel.parameterPanel()->findChild<QWidget*>(QStringLiteral("slider_maze_field_width"));
        const auto* trackWidth = panel.parameterPanel()->findChild<QWidget*>(QStringLiteral("slider_field_width"));
        const auto* cells = panel.parameterPanel()->findChild<QWidget*>(QStringLiteral("slider_cells"));
        QVERIFY(mazeWidth && trackWidth && cells);
        QTRY_VERIFY(mazeWidth->isVisible());
        QVERIFY(!trackWidth->isVisible());
        QVERIFY(!cells->isVisible());

        // Back to the track: the track view returns.
        QVERIFY(panel.applyPreset(QStringLiteral("defaults")).isEmpty());
        QVERIFY(panel.runHeadless(1000));
        QTRY_VERIFY(!panel.showsMaze());
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/case-studies.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Hippocampal replay"));
        QVERIFY(section >= 0);
        const qsizetype next = text.indexOf(QStringLiteral("\n## "), section + 5);
        const QString own = text.mid(section, next < 0 ? -1 : next - section);
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        const ChapterInfo* chapter = findChapter(QStringLiteral("case-studies"));
        QVERIFY(chapter != nullptr);
        int index = -1, dopamine = -1;
        for (std::size_t i = 0; i < chapter->panels.size(); ++i) {
            if (QLatin1String(chapter->panels[i].id) == QLatin1String("hippocampal-replay"))
                index = int(i);
            if (QLatin1String(chapter->panels[i].id) == QLatin1String("dopamine"))
                dopamine = int(i);
        }
        QVERIFY(index >= 0);
        QCOMPARE(index, dopamine + 1);  // right after the dopamine panel
        constexpr int kFinalIndex = 2;  // replay = 0, dopamine = 1, hippocampal-replay = 2 once merged
        QVERIFY2(index == kFinalIndex || (index == 1 && chapter->panels.size() == 2),
                 qPrintable(QStringLiteral("hippocampal-replay is panel %1 of the chapter table").arg(index)));
        const QRegularExpression anyLink(QStringLiteral("\\(preset:([^/)]+)/([^)]+)\\)"));
        HippocampalReplayPanel panel;
        int links = 0;
        for (auto it = anyLink.globalMatch(own); it.hasNext(); ++links) {
            const QRegularExpressionMatch m = it.next();
            QCOMPARE(m.captured(1), QString::number(kFinalIndex));
            QVERIFY2(panel.applyPreset(m.captured(2)).isEmpty(), qPrintable(m.captured(2)));
        }
        QVERIFY(links >= 6);
    }
};

QTEST_MAIN(TestHippocampalReplayPanel)
#include "tst_hippocampalreplaypanel.moc"
