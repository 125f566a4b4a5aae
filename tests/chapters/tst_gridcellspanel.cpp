// Chapter 3's grid-cell panel: the ideal cell's rate map fills in live on the arena and its gridness readout passes 1
// (an ideal lattice scores ~1.4 once enough of the box is covered); switching the cell model restarts the map and,
// for the attractor, shows the sheet; the annulus radii reach the autocorrelogram; every preset loads and every
// "Try this" link names one; a spacing too large for the arena is refused with the parameter named.

#include "chapters/framework/SimulationController.h"
#include "chapters/framework/Chapter.h"
#include "chapters/navigation/GridCellsPanel.h"
#include "widgets/ArenaView.h"
#include "widgets/ParameterPanel.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

using neuroai::chapters::GridCellsPanel;

using neuroai::chapters::ChapterInfo;
using neuroai::chapters::findChapter;

class TestGridCellsPanel : public QObject {
    Q_OBJECT
private slots:
    void idealGridnessPassesOne()
    {
        GridCellsPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.runHeadless(90000));  // 90 s of exploring
        QTRY_VERIFY(panel.readout(QStringLiteral("gridness")).has_value());
        const double gridness = *panel.readout(QStringLiteral("gridness"));
        QVERIFY2(gridness > 1.0, qPrintable(QString::number(gridness)));
        const double spacing = *panel.readout(QStringLiteral("spacing_cm"));
        QVERIFY2(std::abs(spacing - 40) < 4, qPrintable(QString::number(spacing)));
        QTRY_VERIFY(panel.arenaView()->scene().rateMap.has_value());
        QVERIFY(!panel.arenaView()->scene().trajectory.empty());
        QVERIFY(!panel.autocorrelogramPlot()->matrix().isEmpty());
        QCOMPARE(panel.autocorrelogramPlot()->matrix().columns, 2 * 40 - 1);
        QVERIFY(panel.autocorrelogramPlot()->outerRadius() > panel.autocorrelogramPlot()->innerRadius());
        QVERIFY(panel.readoutLabel()->text().contains(QLatin1String("Gridness")));
        QVERIFY(!panel.sheetPlot()->isVisible());
    }

    void switchingModelRestartsAndShowsTheSheet()
    {
        GridCellsPanel panel;
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(panel.runHeadless(4000));
        QVERIFY(panel.setParameter(QStringLiteral("cell_model"), 2).isEmpty());
        QVERIFY(panel.sheetPlot()->isVisible());
        QVERIFY(panel.runHeadless(2000));
        QTRY_VERIFY(!panel.sheetPlot()->matrix().isEmpty());
        const auto frame = panel.controller()->latestFrame();
        QVERIFY(frame->timeMs <= 2000 + 1e-9);  // restarted at 0, not continued from 4000 ms
        QCOMPARE(panel.sheetPlot()->matrix().columns, 32);
        QCOMPARE(panel.sheetPlot()->matrix().rows, 28);
        QVERIFY(panel.setParameter(QStringLiteral("cell_model"), 1).isEmpty());
        QVERIFY(!panel.sheetPlot()->isVisible());
        QVERIFY(panel.runHeadless(20000));
        QTRY_VERIFY(panel.readout(QStringLiteral("spike_count")).value_or(0) > 0);
    }

    void presetsLoadAndRefusals()
    {
        GridCellsPanel panel;
        QVERIFY(panel.presets().size() >= 4);
        for (const auto& preset : panel.presets())
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
        QVERIFY(panel.applyPreset(QStringLiteral("attractor")).isEmpty());
        QCOMPARE(panel.currentParameters()["cell_model"], 2.0);
        QVERIFY(panel.presetBox()->currentText().contains(QLatin1String("attractor")));
        QVERIFY(panel.applyPreset(QStringLiteral("defaults")).isEmpty());
        const QString refusal = panel.setParameter(QStringLiteral("spacing"), 90);  // > 100 cm / 1.5
        QVERIFY2(refusal.contains(QLatin1String("spacing")), qPrintable(refusal));
        QCOMPARE(panel.currentParameters()["spacing"], 40.0);
    }

    void tryThisLinksNameExistingPresets()
    {
        QFile file(QStringLiteral(":/chapters/navigation.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype section = text.indexOf(QStringLiteral("## Grid cells"));
        QVERIFY(section > 0);
        const qsizetype next = text.indexOf(QStringLiteral("\n## "), section + 5);
        const QString own = text.mid(section, next < 0 ? -1 : next - section);
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        GridCellsPanel panel;
        // Links name the panel by its index in the chapter (the k-th "## " section is panel k), so look it up.
        const ChapterInfo* chapter = findChapter(QStringLiteral("navigation"));
        QVERIFY(chapter != nullptr);
        int index = -1;
        for (std::size_t i = 0; i < chapter->panels.size(); ++i)
            if (QLatin1String(chapter->panels[i].id) == QLatin1String("grid-cells"))
                index = int(i);
        QVERIFY(index >= 0);
        const QRegularExpression link(QStringLiteral("\\(preset:%1/([a-z0-9-]+)\\)").arg(index));
        int links = 0;
        for (auto it = link.globalMatch(own); it.hasNext(); ++links)
            QVERIFY2(panel.applyPreset(it.next().captured(1)).isEmpty(), qPrintable(QString::number(links)));
        QVERIFY(links >= 6);
    }
};

QTEST_MAIN(TestGridCellsPanel)
#include "tst_gridcellspanel.moc"
