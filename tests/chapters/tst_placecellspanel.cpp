// Chapter 3's place-cell panel: with the defaults the shown cell's map, its spikes and four small maps fill in and
// the readout gives bits per spike; controls reach the model (a new cell count resizes the raster, precession turns
// on the phase fit near the model's slope); steering moves the animal (the panel's steer(), the arrow keys on the
// arena, a path dragged with the mouse) and, with autopilot off, it stays put without input; every preset loads and
// every "Try this" link names one; the figure and its data export headlessly.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/SimulationController.h"
#include "chapters/navigation/PlaceCellsPanel.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using neuroai::chapters::ChapterInfo;
using neuroai::chapters::findChapter;
using neuroai::chapters::PlaceCellsPanel;

namespace {
double readoutOf(const PlaceCellsPanel& panel, const char* key)
{
    return panel.readout(QString::fromLatin1(key)).value_or(std::nan(""));
}
}  // namespace

class TestPlaceCellsPanel : public QObject {
    Q_OBJECT
private slots:
    void defaultsFillTheMaps()
    {
        PlaceCellsPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.currentParameters()["cells"], 64.0);
        QCOMPARE(panel.currentParameters()["precession"], 0.0);
        QVERIFY(panel.runHeadless(60000));
        QTRY_VERIFY(panel.arenaView()->scene().rateMap.has_value());
        QVERIFY(!panel.arenaView()->scene().trajectory.empty());
        QVERIFY(!panel.arenaView()->spikes().isEmpty());
        QCOMPARE(panel.rateMapPlots().size(), 4);
        for (const auto* map : panel.rateMapPlots()) {
            QVERIFY(!map->matrix().isEmpty());
            QVERIFY2(map->title().contains(QLatin1String("bits/spike")), qPrintable(map->title()));
            QCOMPARE(map->colourHigh(), panel.arenaView()->colourBar().high);  // one scale for every map
        }
        QVERIFY(panel.arenaView()->colourBar().title.contains(QLatin1String("Hz")));
        QTRY_VERIFY(panel.rasterPlot()->raster().spikeCount > 0);
        QCOMPARE(panel.rasterPlot()->raster().lastNeuron, 64);
        const double info = readoutOf(panel, "info_bits");
        QVERIFY2(info > 0.5 && info < 8, qPrintable(QString::number(info)));
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("bits/spike")));
    }

    void controlsReachTheModel()
    {
        PlaceCellsPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.setParameter(QStringLiteral("cell"), 10).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("cells"), 30).isEmpty());
        QVERIFY(panel.runHeadless(5000));
        QTRY_COMPARE(panel.rasterPlot()->raster().lastNeuron, 30);
        // A cell that does not exist is refused with the value named, and nothing changes.
        const QString refusal = panel.setParameter(QStringLiteral("cell"), 45);
        QVERIFY2(refusal.contains(QLatin1String("45")), qPrintable(refusal));
        QCOMPARE(panel.currentParameters()["cell"], 10.0);
        QVERIFY(panel.applyPreset(QStringLiteral("precession")).isEmpty());
        QVERIFY(panel.runHeadless(300000));
        const double model = readoutOf(panel, "model_slope_deg_per_cm");
        QCOMPARE(model, -270.0 / 32);
        const double fitted = readoutOf(panel, "precession_slope_deg_per_cm");
        QVERIFY2(std::abs(fitted - model) < 0.25 * std::abs(model), qPrintable(QString::number(fitted)));
        QVERIFY(panel.phasePointCount() > 50);
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("precession slope")));
    }

    void steeringMovesTheAnimal()
    {
        PlaceCellsPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.applyPreset(QStringLiteral("steer")).isEmpty());  // stands still unless steered
        QVERIFY(panel.runHeadless(1000));
        const double x0 = readoutOf(panel, "agent_x_cm"), y0 = readoutOf(panel, "agent_y_cm");
        QVERIFY(panel.runHeadless(1000));
        QCOMPARE(readoutOf(panel, "agent_x_cm"), x0);

        panel.steer(QPointF(1, 0));
        QVERIFY(panel.runHeadless(1000));  // 20 cm/s for 1 s
        QVERIFY2(std::abs(readoutOf(panel, "agent_x_cm") - x0 - 20) < 0.05,
                 qPrintable(QString::number(readoutOf(panel, "agent_x_cm") - x0)));
        panel.steer(QPointF(0, 0));

        // The arrow keys on the arena: up for half a second.
        auto* arena = panel.arenaView();
        arena->setFocus();
        QTest::keyPress(arena, Qt::Key_Up);
        QVERIFY(panel.runHeadless(500));
        QTest::keyRelease(arena, Qt::Key_Up);
        QVERIFY(panel.runHeadless(500));
        QVERIFY2(std::abs(readoutOf(panel, "agent_y_cm") - y0 - 10) < 0.05,
                 qPrintable(QString::number(readoutOf(panel, "agent_y_cm") - y0)));

        // A path dragged with the mouse: press at one place, release at another; the animal walks there.
        const QPointF from = arena->mapToWidget(20, 20), to = arena->mapToWidget(80, 70);
        QTest::mousePress(arena, Qt::LeftButton, {}, from.toPoint());
        QTest::mouseRelease(arena, Qt::LeftButton, {}, to.toPoint());
        const QPointF target = arena->mapToArena(to.toPoint());
        QVERIFY(panel.runHeadless(12000));
        QVERIFY2(std::abs(readoutOf(panel, "agent_x_cm") - target.x()) < 0.1 &&
                     std::abs(readoutOf(panel, "agent_y_cm") - target.y()) < 0.1,
                 qPrintable(QStringLiteral("at (%1, %2), target (%3, %4)")
                                .arg(readoutOf(panel, "agent_x_cm"))
                                .arg(readoutOf(panel, "agent_y_cm"))
                                .arg(target.x())
                                .arg(target.y())));
        QCOMPARE(readoutOf(panel, "steered"), 0.0);
    }

    void presetsAndTryThisLinks()
    {
        PlaceCellsPanel panel;
        QVERIFY(panel.presets().size() >= 6);
        for (const auto& preset : panel.presets())
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
        QVERIFY(panel.applyPreset(QStringLiteral("linear-track")).isEmpty());
        QCOMPARE(panel.currentParameters()["arena"], 1.0);
        QVERIFY(panel.presetBox()->currentText().contains(QLatin1String("track")));

        QFile file(QStringLiteral(":/chapters/navigation.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Place cells"));
        QVERIFY(section > 0);
        QVERIFY(section < text.indexOf(QStringLiteral("## Grid cells")));
        const qsizetype next = text.indexOf(QStringLiteral("\n## "), section + 5);
        const QString own = text.mid(section, next < 0 ? -1 : next - section);
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        const ChapterInfo* chapter = findChapter(QStringLiteral("navigation"));
        QVERIFY(chapter != nullptr);
        QCOMPARE(QLatin1String(chapter->panels.at(0).id), QLatin1String("place-cells"));
        const QRegularExpression link(QStringLiteral("\\(preset:0/([a-z0-9-]+)\\)"));
        int links = 0;
        for (auto it = link.globalMatch(own); it.hasNext(); ++links)
            QVERIFY2(panel.applyPreset(it.next().captured(1)).isEmpty(), qPrintable(QString::number(links)));
        QVERIFY(links >= 6);
        // No link of this section points at another panel's index.
        QVERIFY(!own.contains(QStringLiteral("preset:1/")) && !own.contains(QStringLiteral("preset:2/")));
    }

    void exportsHeadless()
    {
        PlaceCellsPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.applyPreset(QStringLiteral("precession")).isEmpty());
        QVERIFY(panel.runHeadless(30000));
        QStringList names;
        for (const auto& s : panel.dataSeries())
            names << s.series;
        QVERIFY2(names.contains(QStringLiteral("trajectory")), qPrintable(names.join(QStringLiteral(", "))));
        QVERIFY(names.contains(QStringLiteral("spikes of the shown cell")));
        QVERIFY(names.contains(QStringLiteral("spike phase against position in field")));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("place.png"));
        QVERIFY(neuroai::widgets::FigureExporter::exportWidget(panel.figureWidget(), path, 1.0).isEmpty());
        QVERIFY2(QFileInfo(path).size() > 5000, qPrintable(QString::number(QFileInfo(path).size())));
    }
};

QTEST_MAIN(TestPlaceCellsPanel)
#include "tst_placecellspanel.moc"
