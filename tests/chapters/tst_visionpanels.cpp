// Chapter 4 ("vision"): its three batch panels (chapters/vision/). Checks that each constructs with its defaults
// drawn (images in degrees with square pixels, axis titles with units, the closed-form marks where the formulas put
// them), that a parameter change recomputes on the job and the figure follows it (a wider envelope halves the
// measured orientation half-width to 10.75°; the simple cell's F1/F0 stays 1.58 and the complex cell's below 0.3 when
// the grating turns, while the complex cell's F0 falls to 0.056; a grating at 135° makes the bank's 135° filter the
// strongest and colours the orientation map in that filter's hue), that the traces equal the engine's cell
// responses, that every preset loads and its prediction lands on the intended choice, and that every Try-this link of
// the chapter text names a preset of the right panel.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/vision/FilterBankPanel.h"
#include "chapters/vision/ReceptiveFieldPanel.h"
#include "chapters/vision/SimpleComplexPanel.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocumentFragment>
#include <QXYSeries>

#include <cmath>
#include <map>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 60000;

QString plain(const QLabel* label) { return QTextDocumentFragment::fromHtml(label->text()).toPlainText(); }

const QRegularExpression& unitAtEnd()
{
    static const QRegularExpression unit(QStringLiteral("\\S \\([^()]+\\)$"));
    return unit;
}

// Every chart of a panel has a title and both axis titles end in a unit in parentheses; so do the image plots' axes.
void checkAxisTitles(IntroPanel& panel, int charts, int images)
{
    const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
    QCOMPARE(plots.size(), charts);
    for (widgets::XYPlot* plot : plots) {
        QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
        for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
            QVERIFY2(unitAtEnd().match(axis->titleText()).hasMatch(),
                     qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
    }
    const QList<widgets::ImagePlot*> pictures = panel.findChildren<widgets::ImagePlot*>();
    QCOMPARE(pictures.size(), images);
    for (widgets::ImagePlot* image : pictures) {
        QVERIFY2(!image->title().isEmpty(), qPrintable(image->objectName()));
        QCOMPARE(image->xAxis().title, QStringLiteral("x (deg)"));
        QCOMPARE(image->yAxis().title, QStringLiteral("y (deg)"));
        // Square pixels: the drawn image's aspect equals the data's (a square picture in a square).
        const QRect r = image->plotRect();
        QVERIFY2(std::abs(r.width() - r.height()) <= 1,
                 qPrintable(QStringLiteral("%1: %2 × %3").arg(image->objectName()).arg(r.width()).arg(r.height())));
    }
}

bool setAndWait(IntroPanel& panel, const char* key, double value)
{
    const int before = panel.updateCount();
    const QString error = panel.setParameter(QLatin1String(key), value);
    if (!error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return QTest::qWaitFor([&] { return panel.updateCount() > before && !panel.isComputing(); }, kTimeoutMs);
}

double readoutOf(const IntroPanel& panel, const char* key)
{
    const std::optional<double> v = panel.readout(QLatin1String(key));
    return v ? *v : std::nan("");
}

// Applies every preset, waits for its figure and checks that each prediction's outcome falls in the intended
// choice (name → index).
void checkPresets(IntroPanel& panel, int count, const std::map<QString, int>& answers)
{
    const QList<Preset> presets = panel.presets();
    QCOMPARE(presets.size(), count);
    QVERIFY(panel.findPreset(QStringLiteral("defaults")));
    int predictions = 0;
    for (const Preset& preset : presets) {
        QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
        if (!preset.prediction)
            continue;
        ++predictions;
        QVERIFY2(panel.runHeadless(0, kTimeoutMs), qPrintable(preset.name));
        const std::optional<double> outcome = panel.readout(preset.prediction->readout);
        QVERIFY2(outcome, qPrintable(preset.name));
        const auto expected = answers.find(preset.name);
        QVERIFY2(expected != answers.end(), qPrintable(preset.name));
        QVERIFY2(choiceOf(*preset.prediction, *outcome) == expected->second,
                 qPrintable(QStringLiteral("%1: %2 = %3").arg(preset.name, preset.prediction->readout).arg(*outcome)));
    }
    QCOMPARE(predictions, int(answers.size()));
}

}  // namespace

class TestVisionPanels : public QObject {
    Q_OBJECT
private slots:
    void chapterIsRegistered()
    {
        const ChapterInfo* chapter = findChapter(QStringLiteral("vision"));
        QVERIFY(chapter);
        QCOMPARE(chapter->number, 4);
        QCOMPARE(QString::fromUtf8(chapter->title), QStringLiteral("Visual cortex and CNNs"));
        QCOMPARE(QString::fromUtf8(chapter->part), QStringLiteral("Part II · Brain and information"));
        QCOMPARE(testing::panelIndex(QStringLiteral("vision"), QStringLiteral("receptive-fields")), 0);
        QCOMPARE(testing::panelIndex(QStringLiteral("vision"), QStringLiteral("simple-complex")), 1);
        QCOMPARE(testing::panelIndex(QStringLiteral("vision"), QStringLiteral("filter-bank")), 2);
        int previous = 0;
        for (const ChapterInfo& info : chapterRegistry()) {
            QVERIFY(info.number > previous);
            previous = info.number;
        }
    }

    // --- receptive fields ---

    void receptiveFieldDefaults()
    {
        ReceptiveFieldPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 2, 2);
        QVERIFY(panel.frequencyPlot()->isLogX());
        QVERIFY(!panel.orientationPlot()->isLogX());

        // The kernel over ±2° (65 px at 16 px/deg), even: symmetric about its middle column, peak 1 at the centre;
        // its partner odd: zero on the middle column. One diverging scale, −1 … 1, for both.
        for (SquareHeatmap* plot : {panel.kernelPlot(), panel.quadraturePlot()}) {
            const MatrixImage& m = plot->matrix();
            QCOMPARE(m.rows, 65);
            QCOMPARE(m.columns, 65);
            QVERIFY(m.diverging);
            QCOMPARE(plot->colourLow(), -1.0);
            QCOMPARE(plot->colourHigh(), 1.0);
            QVERIFY(std::abs(m.columnMax - 65 / 32.0) < 1e-12);
        }
        const MatrixImage& even = panel.kernelPlot()->matrix();
        const MatrixImage& odd = panel.quadraturePlot()->matrix();
        QCOMPARE(even.at(32, 32), 1.0f);
        for (int c = 0; c < 32; ++c) {
            QVERIFY(std::abs(even.at(32, c) - even.at(32, 64 - c)) < 1e-6);
            QVERIFY(std::abs(odd.at(32, c) + odd.at(32, 64 - c)) < 1e-6);
        }
        QVERIFY(std::abs(odd.at(32, 32)) < 1e-6);

        // Orientation tuning: 181 orientations, normalised, peak at Δθ = 0; the closed-form marks at ±21.60°.
        const QList<QPointF> simple = panel.orientationSimpleSeries()->points();
        QCOMPARE(simple.size(), 181);
        QCOMPARE(simple[90], QPointF(0, 1));
        QCOMPARE(panel.orientationComplexSeries()->points().size(), 31);
        const QList<QPointF> mark = panel.halfWidthSeries()->points();
        QCOMPARE(mark.size(), 2);
        QVERIFY(std::abs(mark[0].x() + 21.601) < 1e-3);
        // Measured on the curves: 21.60° against 21.60°, 1.137 against 1.137 octaves.
        const double measured = readoutOf(panel, "half_width_measured_deg");
        const double analytic = readoutOf(panel, "half_width_analytic_deg");
        QVERIFY2(std::abs(measured - analytic) < 0.05, qPrintable(QString::number(measured)));
        QVERIFY(std::abs(readoutOf(panel, "bandwidth_measured_oct") - 1.1368) < 0.01);
        QVERIFY(std::abs(readoutOf(panel, "dc_leak_measured") - 0.00719) < 1e-4);
        QVERIFY(readoutOf(panel, "simple_f1_f0") > 1.5);
        QVERIFY(readoutOf(panel, "complex_f1_f0") < 0.01);
        const QString text = plain(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("21.6°")) && text.contains(QStringLiteral("1.14 octaves")) &&
                     text.contains(QStringLiteral("simple 1.59")),
                 qPrintable(text));
        QVERIFY(panel.dataSeries().size() >= 4);
    }

    void widerEnvelopeNarrowsTheTuning()
    {
        ReceptiveFieldPanel panel;
        QVERIFY(panel.setParameter(QStringLiteral("sigma"), 0.5).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(panel.updateCount(), 2, kTimeoutMs);
        QCOMPARE(panel.shownParameters()["sigma"], 0.5);
        // σf = 1: Δθ½ = 2 asin(√(ln2/8)/π) = 10.75°, bandwidth 0.547 octaves.
        const double measured = readoutOf(panel, "half_width_measured_deg");
        qInfo("σ = 0.5°: half-width %.3f° measured, %.3f° closed form; bandwidth %.3f octaves", measured,
              readoutOf(panel, "half_width_analytic_deg"), readoutOf(panel, "bandwidth_measured_oct"));
        QVERIFY2(std::abs(measured - 10.75) < 0.1, qPrintable(QString::number(measured)));
        QVERIFY(std::abs(readoutOf(panel, "bandwidth_measured_oct") - 0.547) < 0.01);
        QVERIFY(std::abs(panel.halfWidthSeries()->points()[0].x() + 10.7525) < 1e-3);
        QVERIFY2(plain(panel.readoutLabel()).contains(QStringLiteral("10.8°")), qPrintable(plain(panel.readoutLabel())));
        // Orientation only turns the picture; the tuning curve stays centred on the preferred orientation.
        QVERIFY(setAndWait(panel, "orientation", 90));
        const MatrixImage& even = panel.kernelPlot()->matrix();
        QCOMPARE(even.at(32, 32), 1.0f);
        QVERIFY(std::abs(even.at(32, 20) - even.at(20, 32)) > 0.1);  // horizontal bars now: row ≠ column profile
        QVERIFY(std::abs(readoutOf(panel, "half_width_measured_deg") - measured) < 1e-6);
        QVERIFY(panel.setParameter(QStringLiteral("sigma"), 5).contains(QStringLiteral("sigma")));
    }

    // --- simple and complex cells ---

    void simpleComplexDefaults()
    {
        SimpleComplexPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 1, 2);
        QVERIFY(readoutOf(panel, "simple_f1_f0") > 1);
        QVERIFY(readoutOf(panel, "complex_f1_f0") < 0.3);
        QCOMPARE(readoutOf(panel, "simple_by_criterion"), 1.0);
        QCOMPARE(readoutOf(panel, "complex_by_criterion"), 0.0);
        const QString text = plain(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("F1/F0 = 1.58 → simple")) &&
                     text.contains(QStringLiteral("F1/F0 = 0.00 → complex")),
                 qPrintable(text));

        // Two cycles of 32 frames: the traces (dot products with gratingImage frames) equal the engine's responses.
        const vision::SimpleComplexRun& run = panel.lastResult().run;
        const QList<QPointF> simple = panel.simpleSeries()->points(), complex = panel.complexSeries()->points();
        QCOMPARE(simple.size(), 65);
        QCOMPARE(simple.last().x(), 2.0);
        for (int n = 0; n < 64; ++n) {
            QVERIFY(std::abs(simple[n].y() - run.simpleResponse.rate[std::size_t(n % 32)]) < 1e-9);
            QVERIFY(std::abs(complex[n].y() - run.complexResponse.rate[std::size_t(n % 32)]) < 1e-9);
        }
        QCOMPARE(panel.linearCellSeries()->points().size(), 65);
        QCOMPARE(panel.snapshotSeries()->points().first().x(), 0.0);

        // The grating picture: grey levels 0 … 1 over ±2°, the receptive field outlined.
        const MatrixImage& grating = panel.gratingPlot()->matrix();
        QCOMPARE(grating.rows, 65);
        QCOMPARE(panel.gratingPlot()->colourLow(), 0.0);
        QCOMPARE(panel.gratingPlot()->colourHigh(), 1.0);
        QVERIFY(panel.gratingPlot()->hasEllipse());
        const QImage& image = panel.gratingPlot()->image();
        const QRgb centre = image.pixel(32, 32);
        QVERIFY(qRed(centre) == qGreen(centre) && qGreen(centre) == qBlue(centre));
        QCOMPARE(qRed(centre), 255);  // at t = 0 the bright bar covers the even cell's centre
        QCOMPARE(panel.dataSeries().size(), 4 + 65);
    }

    void turningTheGratingKeepsTheClassification()
    {
        SimpleComplexPanel panel;
        QVERIFY(setAndWait(panel, "offset", 45));
        const double f0 = readoutOf(panel, "complex_f0");
        qInfo("Δθ = 45°: complex F0 %.4f, simple F1/F0 %.3f, complex F1/F0 %.2g", f0,
              readoutOf(panel, "simple_f1_f0"), readoutOf(panel, "complex_f1_f0"));
        QVERIFY2(f0 > 0.05 && f0 < 0.06, qPrintable(QString::number(f0)));
        QVERIFY(std::abs(readoutOf(panel, "simple_f1_f0") - 1.576) < 0.01);
        QVERIFY(readoutOf(panel, "complex_f1_f0") < 0.3);
        // The plot's range follows the smaller responses.
        const auto* axis = panel.responsePlot()->verticalAxis();
        QVERIFY(axis);
        QVERIFY(panel.gratingPlot()->title().contains(QStringLiteral("45°")));
        // The snapshot moves the cursor and the picture.
        const QImage before = panel.gratingPlot()->image();
        QVERIFY(setAndWait(panel, "snapshot", 0.5));
        QCOMPARE(panel.snapshotSeries()->points().first().x(), 0.5);
        QVERIFY(panel.gratingPlot()->image() != before);
    }

    // --- filter bank ---

    void filterBankDefaults()
    {
        FilterBankPanel panel;
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.updateCount(), 1);
        checkAxisTitles(panel, 1, 3);
        // The test scene's strongest orientation is its grating patch's, 45°.
        QCOMPARE(readoutOf(panel, "strongest_deg"), 45.0);
        QCOMPARE(panel.strongestSeries()->points().first().x(), 45.0);
        QCOMPARE(panel.meanEnergySeries()->points().size(), 9);  // 8 orientations and 180° = 0° again
        QCOMPARE(panel.picturePlot()->matrix().rows, 256);
        QCOMPARE(panel.picturePlot()->xAxis().high, 8.0);
        QCOMPARE(panel.orientationMapPlot()->image().size(), QSize(256, 256));
        QCOMPARE(panel.energyPlot()->matrix().columns, 256);
        QVERIFY(panel.energyPlot()->title().contains(QStringLiteral("vertical bars")));
        QVERIFY2(plain(panel.readoutLabel()).contains(QStringLiteral("θ = 45°")), qPrintable(plain(panel.readoutLabel())));
    }

    void gratingPictureDrivesItsOwnOrientation()
    {
        FilterBankPanel panel;
        QVERIFY(panel.setParameter(QStringLiteral("size"), 128).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("grating_orientation"), 135).isEmpty());
        QVERIFY(setAndWait(panel, "picture", 3));
        QCOMPARE(panel.shownParameters()["picture"], 3.0);
        QCOMPARE(readoutOf(panel, "strongest_deg"), 135.0);
        QVERIFY(std::abs(readoutOf(panel, "dominant_deg") - 135) < 0.5);
        QVERIFY(readoutOf(panel, "orientation_bias") > 0.5);
        QVERIFY(plain(panel.readoutLabel()).contains(QStringLiteral("θ = 135°")));
        // The orientation map's middle is the 135° filter's hue, at full strength.
        const QColor middle = QColor(panel.orientationMapPlot()->image().pixel(64, 64));
        const QColor expected = OrientationMapPlot::orientationColour(135);
        QVERIFY2(std::abs(middle.hsvHueF() - expected.hsvHueF()) < 0.02,
                 qPrintable(QStringLiteral("%1 vs %2").arg(middle.hsvHueF()).arg(expected.hsvHueF())));
        // The shown map follows its slider (the nearest filter).
        QVERIFY(setAndWait(panel, "shown_orientation", 130));
        QCOMPARE(readoutOf(panel, "shown_deg"), 135.0);
        QVERIFY(panel.energyPlot()->title().contains(QStringLiteral("135°")));
    }

    // --- presets and the chapter text ---

    void presetsLoadAndPredictionsLandOnTheirAnswers()
    {
        {
            ReceptiveFieldPanel panel;
            checkPresets(panel, 5, {{QStringLiteral("wide-envelope"), 0}, {QStringLiteral("long-bars"), 1},
                                    {QStringLiteral("few-cycles"), 2}});
        }
        {
            SimpleComplexPanel panel;
            checkPresets(panel, 5, {{QStringLiteral("low-contrast"), 1}, {QStringLiteral("oblique"), 2},
                                    {QStringLiteral("coarse-grating"), 0}});
        }
        {
            FilterBankPanel panel;
            checkPresets(panel, 5, {{QStringLiteral("forest"), 0}, {QStringLiteral("rings"), 0},
                                    {QStringLiteral("grating-30"), 1}});
        }
    }

    void tryThisLinksNamePresets()
    {
        const struct {
            const char* heading;
            const char* id;
            int links;
        } sections[] = {{"## Gabor receptive fields", "receptive-fields", 5},
                        {"## Simple and complex cells", "simple-complex", 5},
                        {"## Filter bank", "filter-bank", 5}};
        ReceptiveFieldPanel rf;
        SimpleComplexPanel sc;
        FilterBankPanel fb;
        IntroPanel* panels[] = {&rf, &sc, &fb};
        for (int i = 0; i < 3; ++i) {
            const QString section = testing::chapterSection(QStringLiteral("vision"), QLatin1String(sections[i].heading));
            QVERIFY2(!section.isEmpty(), sections[i].heading);
            QVERIFY(section.contains(QStringLiteral("### What the plots show")));
            QVERIFY(section.contains(QStringLiteral("### Try this")));
            const int index = testing::panelIndex(QStringLiteral("vision"), QLatin1String(sections[i].id));
            QCOMPARE(index, i);
            const QStringList names = testing::presetLinks(section, index);
            QCOMPARE(names.size(), sections[i].links);
            for (const QString& name : names)
                QVERIFY2(panels[i]->findPreset(name), qPrintable(name));
            // No link to another panel's presets from this section.
            for (int other = 0; other < 3; ++other)
                if (other != i)
                    QVERIFY(testing::presetLinks(section, other).isEmpty());
        }
    }
};

QTEST_MAIN(TestVisionPanels)
#include "tst_visionpanels.moc"
