// Tests for the image plots (RasterPlot, HeatmapPlot, ArenaView): known inputs drawn, known pixels asserted (a spike
// in exactly its pixel and its population's colour, viridis at cell centres and at the colour bar's ends, 0 white
// on a diverging map, the agent where the scene puts it), the CSV of what is drawn, SVG/PDF exports that keep text
// as vectors and embed the image, and no crash on empty, NaN or 1 × 1 data. Links neuroai_widgets only.

#include "engine/core/RasterBinning.h"
#include "widgets/ArenaView.h"
#include "widgets/HeatmapPlot.h"
#include "widgets/PlotStyle.h"
#include "widgets/RasterPlot.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHelpEvent>
#include <QImageReader>
#include <QPainter>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <tuple>
#include <QToolTip>
#include <QXmlStreamReader>

#include <cmath>
#include <limits>
#include <memory>
#include <random>

using namespace neuroai;
using namespace neuroai::widgets;

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

QImage grab(QWidget& widget)
{
    QImage image(widget.size(), QImage::Format_RGB32);
    image.fill(Qt::black);
    widget.render(&image);
    return image;
}

QRgb rgb(const QImage& image, QPointF p) { return image.pixel(int(std::floor(p.x())), int(std::floor(p.y()))) & 0xffffff; }
QRgb rgb(QRgb colour) { return colour & 0xffffff; }

// Number of pixels inside `area` that are not white.
int inkedPixels(const QImage& image, const QRect& area)
{
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            n += rgb(image.pixel(x, y)) != 0xffffff ? 1 : 0;
    return n;
}

MatrixImage matrix(int rows, int columns, std::vector<float> values, bool diverging = false)
{
    MatrixImage m;
    m.rows = rows;
    m.columns = columns;
    m.values = std::move(values);
    m.diverging = diverging;
    m.valueLabel = "weight";
    m.unit = "nS";
    m.rowLabel = "post";
    m.columnLabel = "pre";
    fitValueRange(m);
    return m;
}

QPointF cellCentre(const QRect& plot, int rows, int columns, int row, int column)
{
    return {plot.left() + (column + 0.5) * plot.width() / columns, plot.top() + (row + 0.5) * plot.height() / rows};
}

ArenaScene arena()
{
    ArenaScene s;
    s.xMin = 0;
    s.xMax = 200;
    s.yMin = 0;
    s.yMax = 100;
    s.walls = {{{0, 0}, {200, 0}}, {{200, 0}, {200, 100}}, {{200, 100}, {0, 100}}, {{0, 100}, {0, 0}},
               {{100, 0}, {100, 60}}};
    s.agent = ArenaPoint{50, 25};
    s.headingRad = 0.5;
    s.trajectory = {{20, 20}, {30, 22}, {40, 24}, {50, 25}};
    s.goals = {{170, 80}};
    s.rewards = {{150, 30}};
    return s;
}

// Exports `widget` as SVG and checks it is well-formed XML with an embedded <image> and `text` as a <text>.
void checkSvg(QWidget& widget, const QString& path, const QString& text)
{
    QCOMPARE(FigureExporter::exportWidget(&widget, path, 2.0, QStringLiteral("test <metadata> & more")), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(file.readAll());
    int images = 0;
    QString texts;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("image"))
            ++images;
        if (xml.isCharacters())
            texts += xml.text();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(images >= 1);
    QVERIFY2(texts.contains(text), qPrintable(text));
}
}  // namespace

class TestImagePlots : public QObject {
    Q_OBJECT

private slots:
    void init() { PlotStyle::setPresentationScale(1.0); }
    void cleanup() { PlotStyle::setPresentationScale(1.0); }

    // A 16°-wide picture in a narrow plot asked for two ticks and got only "0" (the nice step 10 exceeded half the
    // range). Every non-empty range now gets at least two, equally spaced, inside it; ordinary ranges are unchanged.
    void niceTicksNeverLeaveASingleTick()
    {
        for (const auto& [a, b, target] : std::vector<std::tuple<double, double, int>>{
                 {-8, 8, 2}, {-8, 8, 1}, {0, 16, 2}, {-0.9, 0.9, 2}, {3, 3.4, 1}, {-1e-6, 1e-6, 2}, {0, 100, 5}}) {
            const std::vector<double> ticks = niceTicks(a, b, target);
            QVERIFY2(ticks.size() >= 2, qPrintable(QStringLiteral("%1..%2: %3 tick(s)").arg(a).arg(b).arg(ticks.size())));
            for (std::size_t i = 0; i < ticks.size(); ++i) {
                QVERIFY(ticks[i] >= a - 1e-12 && ticks[i] <= b + 1e-12);
                if (i >= 2)
                    QVERIFY(std::abs((ticks[i] - ticks[i - 1]) - (ticks[1] - ticks[0])) < 1e-9 * (b - a));
            }
        }
        QCOMPARE(niceTicks(0, 100, 5), (std::vector<double>{0, 20, 40, 60, 80, 100}));
        QVERIFY(niceTicks(1, 1, 3).empty());
    }

    void rasterSpikeLandsInItsPixel();
    void rasterRowsStretchToTheHeight();
    void rasterCountShadesAndLegend();
    void rasterOfSixtyFourThousandNeurons();
    void rasterBinsToThePlotSize();
    void heatmapViridisAtCellCentres();
    void heatmapDivergingPutsZeroAtWhite();
    void heatmapNaNIsGreyAndCounted();
    void heatmapSkipsAnUnchangedMatrix();
    void heatmapTooltipNamesCellAndValue();
    void heatmapTokenLabels();
    void arenaDrawsTheAgentWhereItIs();
    void arenaRateMapRowZeroAtTheBottom();
    void arenaScaleBarLabelFitsItsCard();
    void csvContainsWhatIsDrawn();
    void contextMenuExportsData();
    void vectorExportsEmbedTheImage();
    void pngExportAt1280x800();
    void emptyNaNAndOneByOneDoNotCrash();
    void presentationModeEnlargesText();
};

void TestImagePlots::rasterSpikeLandsInItsPixel()
{
    RasterPlot plot;
    plot.resize(640, 400);
    // The axes and the legend take their room first: the plot area depends on the tick labels and legend entries.
    const std::vector<RasterPopulation> pops = {{"E", 0, 0}, {"I", 2, 0}};
    plot.setRaster(binSpikes(std::vector<double>{}, std::vector<int>{}, 0, 600, 0, 360, 1, 1, pops));
    const QRect area = plot.plotRect();
    // One time bin per pixel column (1 ms each), one neuron per pixel row; populations E (0–1) and I (from 2).
    plot.setRaster(binSpikes(std::vector<double>{10.0}, std::vector<int>{3}, 0, area.width(), 0, area.height(),
                             area.width(), area.height(), pops));
    QCOMPARE(plot.plotRect(), area);
    QCOMPARE(plot.image().size(), area.size());
    const QImage image = grab(plot);
    // Neuron 0 is the bottom row: neuron 3 is the fourth row from the bottom.
    const QPoint pixel(area.left() + 10, area.top() + area.height() - 1 - 3);
    QCOMPARE(rgb(image.pixel(pixel)), rgb(palette::vermillion.rgb()));  // population I, the second Okabe–Ito colour
    QCOMPARE(plot.populationColour(1), palette::vermillion);
    QCOMPARE(inkedPixels(image, area.adjusted(1, 1, -1, -1)), 1);  // exactly one pixel inside the frame
}

void TestImagePlots::rasterRowsStretchToTheHeight()
{
    RasterPlot plot;
    plot.resize(640, 400);
    plot.setRaster(binSpikes(std::vector<double>{}, std::vector<int>{}, 0, 600, 0, 10, 1, 1));
    const QRect area = plot.plotRect();
    // 10 neurons into the plot's height: the binning keeps 10 rows, the plot stretches each to a band.
    plot.setRaster(binSpikes(std::vector<double>{10.0}, std::vector<int>{3}, 0, area.width(), 0, 10, area.width(),
                             area.height()));
    QCOMPARE(plot.image().height(), 10);
    QCOMPARE(plot.plotRect(), area);
    const QImage image = grab(plot);
    const double band = area.height() / 10.0;
    const double x = area.left() + 10.5;
    const double centre = area.top() + area.height() - 3.5 * band;
    QCOMPARE(rgb(image, {x, centre}), rgb(palette::black.rgb()));  // one unnamed population: black
    QCOMPARE(rgb(image, {x, centre - band}), QRgb(0xffffff));        // neuron 4
    QCOMPARE(rgb(image, {x, centre + band}), QRgb(0xffffff));        // neuron 2
    const int inked = inkedPixels(image, area.adjusted(1, 1, -1, -1));
    QVERIFY2(std::abs(inked - band) <= 1.0, qPrintable(QString::number(inked)));  // one column, one band tall
}

void TestImagePlots::rasterCountShadesAndLegend()
{
    const QColor blue = palette::blue;
    QCOMPARE(rgb(RasterPlot::countColour(blue, 0, 5)), QRgb(0xffffff));
    QCOMPARE(rgb(RasterPlot::countColour(blue, 5, 5)), rgb(blue.rgb()));
    const QColor one = QColor::fromRgb(RasterPlot::countColour(blue, 1, 5));
    QVERIFY(one.lightness() > blue.lightness());  // fewer spikes, lighter
    QVERIFY(one.lightness() < 255);               // but never invisible
    RasterPlot plot;
    QCOMPARE(plot.dataSeries().size(), 0);
    const std::vector<RasterPopulation> pops = {{"excitatory", 0, 0}, {"inhibitory", 50, 0x123456}};
    RasterPlot named;
    named.resize(640, 400);
    const QRect bare = named.plotRect();
    named.setRaster(binSpikes(std::vector<double>{}, std::vector<int>{}, 0, 100, 0, 100, 100, 100, pops));
    QVERIFY(named.plotRect().width() < bare.width());  // room for the legend
    QCOMPARE(named.populationColour(1), QColor(0x12, 0x34, 0x56));  // the data's own colour wins
}

void TestImagePlots::rasterOfSixtyFourThousandNeurons()
{
    const int neurons = 64000;
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> time(0, 1000);
    std::vector<double> t(640000);
    std::vector<int> n(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = time(rng);
        n[i] = int(i % neurons);
    }
    RasterPlot plot;
    plot.resize(1280, 800);
    const QSize pixels = plot.plotRect().size();
    const RasterImage raster = binSpikes(t, n, 0, 1000, 0, neurons, pixels.width(), pixels.height());
    QCOMPARE(raster.spikeCount, std::uint64_t(640000));
    QElapsedTimer timer;
    timer.start();
    plot.setRaster(raster);
    const QImage image = grab(plot);
    const double ms = timer.nsecsElapsed() / 1e6;
    qInfo("RasterPlot: 64000 neurons, 640000 spikes, %dx%d pixels: image + paint %.1f ms", pixels.width(),
          pixels.height(), ms);
    QCOMPARE(plot.image().size(), pixels);
    std::uint64_t sum = 0;
    for (const QPointF& p : [&] {
             QList<QPointF> all;
             for (const DataSeries& s : plot.dataSeries())
                 all += s.points;
             return all;
         }())
        sum += std::uint64_t(p.y());
    QCOMPARE(sum, std::uint64_t(640000));  // the CSV holds every spike drawn
    QVERIFY(inkedPixels(image, plot.plotRect().adjusted(1, 1, -1, -1)) > pixels.width() * pixels.height() / 2);
}

void TestImagePlots::rasterBinsToThePlotSize()
{
    RasterPlot plot;
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QSignalSpy sizes(&plot, &RasterPlot::plotSizeChanged);
    plot.resize(700, 420);
    QTRY_VERIFY(!sizes.isEmpty());
    QCOMPARE(sizes.last().at(0).toSize(), plot.plotRect().size());
    plot.setSpikes(std::vector<double>{1, 2, 3}, std::vector<int>{0, 5, 9}, 0, 10, 0, 10);
    QCOMPARE(plot.image().width(), plot.plotRect().width());
    QCOMPARE(plot.raster().spikeCount, std::uint64_t(3));
}

void TestImagePlots::heatmapViridisAtCellCentres()
{
    HeatmapPlot plot;
    plot.resize(640, 400);
    plot.setMatrix(matrix(2, 2, {0, 1, 2, 3}));
    QCOMPARE(plot.colourLow(), 0.0);
    QCOMPARE(plot.colourHigh(), 3.0);
    const QImage image = grab(plot);
    const QRect area = plot.plotRect();
    // Viridis at 0, 1/3, 2/3 and 1 (viridisLite's table).
    QCOMPARE(rgb(image, cellCentre(area, 2, 2, 0, 0)), QRgb(0x440154));
    QCOMPARE(rgb(image, cellCentre(area, 2, 2, 0, 1)), QRgb(0x31688e));
    QCOMPARE(rgb(image, cellCentre(area, 2, 2, 1, 0)), QRgb(0x35b779));
    QCOMPARE(rgb(image, cellCentre(area, 2, 2, 1, 1)), QRgb(0xfde725));
    // Nearest neighbour: no blend one pixel off the border between two cells.
    const QPointF border = cellCentre(area, 2, 2, 0, 0) + QPointF(area.width() / 4.0 - 1.5, 0);
    QCOMPARE(rgb(image, border), QRgb(0x440154));
    QCOMPARE(rgb(image, border + QPointF(2, 0)), QRgb(0x31688e));
    // Colour bar: the maximum at the top, the minimum at the bottom.
    const QRect bar = plot.colourBarRect();
    QVERIFY(bar.isValid());
    QVERIFY(bar.left() > area.right());
    QCOMPARE(rgb(image.pixel(bar.center().x(), bar.top())), QRgb(0xfde725));
    QCOMPARE(rgb(image.pixel(bar.center().x(), bar.bottom())), QRgb(0x440154));
    QCOMPARE(plot.colourBar().title, QStringLiteral("weight (nS)"));
    QCOMPARE(plot.xAxis().title, QStringLiteral("pre"));
}

// Live panels resend the same matrix with every frame; an identical one (NaN cells included) must not repaint, a
// changed one must.
void TestImagePlots::heatmapSkipsAnUnchangedMatrix()
{
    struct PaintCounter : QObject {
        int paints = 0;
        bool eventFilter(QObject*, QEvent* event) override
        {
            paints += event->type() == QEvent::Paint;
            return false;
        }
    } counter;
    HeatmapPlot plot;
    plot.resize(640, 400);
    const float nan = std::numeric_limits<float>::quiet_NaN();
    plot.setMatrix(matrix(2, 2, {0, nan, 2, 3}));
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    QCoreApplication::processEvents();
    plot.installEventFilter(&counter);
    for (int i = 0; i < 5; ++i)
        plot.setMatrix(matrix(2, 2, {0, nan, 2, 3}));
    QTest::qWait(50);
    QCOMPARE(counter.paints, 0);
    plot.setMatrix(matrix(2, 2, {0, nan, 2, 4}));
    QTRY_VERIFY(counter.paints > 0);
    QCOMPARE(plot.colourHigh(), 4.0);
    const int before = counter.paints;
    MatrixImage relabelled = matrix(2, 2, {0, nan, 2, 4});
    relabelled.valueLabel = "rate";
    plot.setMatrix(relabelled);  // same values, new colour-bar title: repaint
    QTRY_VERIFY(counter.paints > before);
    QCOMPARE(plot.colourBar().title, QStringLiteral("rate (nS)"));
}

void TestImagePlots::heatmapDivergingPutsZeroAtWhite()
{
    HeatmapPlot plot;
    plot.resize(640, 400);
    plot.setMatrix(matrix(1, 3, {-2, 0, 1}, true));
    QCOMPARE(plot.colourLow(), -2.0);  // symmetric about 0
    QCOMPARE(plot.colourHigh(), 2.0);
    QCOMPARE(plot.colourBar().map, Colormap::Diverging);
    const QImage image = grab(plot);
    const QRect area = plot.plotRect();
    QCOMPARE(rgb(image, cellCentre(area, 1, 3, 0, 1)), QRgb(0xffffff));
    const QColor negative = QColor::fromRgb(image.pixel(cellCentre(area, 1, 3, 0, 0).toPoint()));
    const QColor positive = QColor::fromRgb(image.pixel(cellCentre(area, 1, 3, 0, 2).toPoint()));
    QVERIFY(negative.blue() > negative.red());
    QVERIFY(positive.red() > positive.blue());
    QCOMPARE(rgb(colormapRgb(Colormap::Diverging, 0.5)), QRgb(0xffffff));
    // The bar's middle is white too (within the one-pixel step of the ramp).
    const QRect bar = plot.colourBarRect();
    const QColor middle = QColor::fromRgb(image.pixel(bar.center().x(), bar.top() + bar.height() / 2));
    QVERIFY(std::min({middle.red(), middle.green(), middle.blue()}) >= 245);
    // A diverging range given asymmetric by the data is made symmetric by the plot as well.
    MatrixImage asymmetric = matrix(1, 2, {-1, 4}, true);
    asymmetric.minValue = -1;
    asymmetric.maxValue = 4;
    plot.setMatrix(asymmetric);
    QCOMPARE(plot.colourLow(), -4.0);
}

void TestImagePlots::heatmapNaNIsGreyAndCounted()
{
    HeatmapPlot plot;
    plot.resize(640, 400);
    plot.setMatrix(matrix(2, 2, {0, kNaN, 2, 3}));
    QCOMPARE(plot.nanCount(), 1L);
    QCOMPARE(plot.colourLow(), 0.0);  // NaN does not spoil the range
    const QImage image = grab(plot);
    const QRect area = plot.plotRect();
    QCOMPARE(rgb(image, cellCentre(area, 2, 2, 0, 1)), rgb(nanColour()));
    QVERIFY(rgb(image, cellCentre(area, 2, 2, 0, 0)) != rgb(nanColour()));
    for (double f = 0; f <= 1; f += 1.0 / 64) {  // neither map contains the NaN grey
        QVERIFY(rgb(colormapRgb(Colormap::Viridis, f)) != rgb(nanColour()));
        QVERIFY(rgb(colormapRgb(Colormap::Diverging, f)) != rgb(nanColour()));
    }
    // The swatch under the bar is drawn in the NaN colour.
    const QRect bar = plot.colourBarRect();
    QVERIFY(bar.bottom() < area.bottom());
    bool swatch = false;
    for (int y = bar.bottom() + 2; y <= area.bottom() + 4; ++y)
        swatch = swatch || rgb(image.pixel(bar.center().x(), y)) == rgb(nanColour());
    QVERIFY(swatch);
}

void TestImagePlots::heatmapTooltipNamesCellAndValue()
{
    HeatmapPlot plot;
    plot.resize(640, 400);
    plot.setMatrix(matrix(2, 2, {0, 1, 2.5, kNaN}));
    const QRect area = plot.plotRect();
    QCOMPARE(plot.cellAt(cellCentre(area, 2, 2, 1, 0).toPoint()), QPoint(0, 1));
    QCOMPARE(plot.toolTipAt(cellCentre(area, 2, 2, 1, 0).toPoint()), QStringLiteral("post 1, pre 0: 2.5 nS"));
    QCOMPARE(plot.toolTipAt(cellCentre(area, 2, 2, 1, 1).toPoint()), QStringLiteral("post 1, pre 1: NaN"));
    QVERIFY(plot.toolTipAt(area.topLeft() - QPoint(5, 5)).isEmpty());
    QCOMPARE(plot.cellAt(area.bottomRight()), QPoint(1, 1));  // the last pixel is still the last cell
    // Hovering shows it.
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const QPoint hover = cellCentre(area, 2, 2, 0, 1).toPoint();
    QHelpEvent help(QEvent::ToolTip, hover, plot.mapToGlobal(hover));
    QApplication::sendEvent(&plot, &help);
    QTRY_COMPARE(QToolTip::text(), QStringLiteral("post 0, pre 1: 1 nS"));
}

void TestImagePlots::heatmapTokenLabels()
{
    HeatmapPlot plot;
    plot.resize(640, 400);
    MatrixImage attention = matrix(3, 3, {1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5});
    attention.rowTicks = attention.columnTicks = {"the", "cat", "sat"};
    attention.rowLabel = "query";
    attention.columnLabel = "key";
    attention.valueLabel = "attention";
    attention.unit.clear();
    plot.setMatrix(attention);
    QCOMPARE(plot.xAxis().cells, QStringList({"the", "cat", "sat"}));
    QCOMPARE(plot.yAxis().cells, QStringList({"the", "cat", "sat"}));
    QCOMPARE(plot.colourBar().title, QStringLiteral("attention"));
    QCOMPARE(plot.toolTipAt(cellCentre(plot.plotRect(), 3, 3, 2, 1).toPoint()),
             QStringLiteral("query 2 “sat”, key 1 “cat”: 0.3"));
    // Tick labels that do not match the matrix are not used.
    attention.columnTicks = {"a"};
    plot.setMatrix(attention);
    QVERIFY(plot.xAxis().cells.isEmpty());
}

void TestImagePlots::arenaDrawsTheAgentWhereItIs()
{
    ArenaView view;
    view.resize(800, 500);
    view.setScene(arena());
    const QRect area = view.plotRect();
    // 200 × 100 cm: the aspect ratio is kept.
    QVERIFY2(std::abs(area.width() - 2.0 * area.height()) <= 2.0, qPrintable(QStringLiteral("%1 x %2")
                                                                               .arg(area.width())
                                                                               .arg(area.height())));
    const QPointF expected(area.left() + 0.25 * area.width(), area.top() + 0.75 * area.height());
    QVERIFY(std::abs(view.agentPosition().x() - expected.x()) < 1e-9);
    QVERIFY(std::abs(view.agentPosition().y() - expected.y()) < 1e-9);
    const QImage image = grab(view);
    QCOMPARE(rgb(image, expected), rgb(palette::vermillion.rgb()));
    // Ahead of the agent (heading 0.5 rad, y up) is still the marker, behind the notch is not.
    const QPointF ahead = expected + QPointF(std::cos(0.5), -std::sin(0.5)) * 6;
    QCOMPARE(rgb(image, ahead), rgb(palette::vermillion.rgb()));
    // The inner wall from (100, 0) to (100, 60) is black at its middle.
    QCOMPARE(rgb(image, view.mapToWidget(100, 30)), QRgb(0x000000));
    QCOMPARE(view.scaleBarCm(), 50.0);
    // The resize keeps the aspect too.
    view.resize(500, 800);
    QVERIFY(std::abs(view.plotRect().width() - 2.0 * view.plotRect().height()) <= 2.0);
}

void TestImagePlots::arenaRateMapRowZeroAtTheBottom()
{
    ArenaScene scene = arena();
    scene.agent.reset();
    scene.walls.clear();
    scene.trajectory.clear();
    scene.goals.clear();
    scene.rewards.clear();
    MatrixImage rate = matrix(2, 2, {0, 1, 2, 3});
    rate.valueLabel = "rate";
    rate.unit = "Hz";
    scene.rateMap = rate;
    ArenaView view;
    view.resize(800, 500);
    view.setScene(scene);
    QCOMPARE(view.colourBar().title, QStringLiteral("rate (Hz)"));
    const QImage image = grab(view);
    QCOMPARE(rgb(image, view.mapToWidget(50, 25)), QRgb(0x440154));   // row 0, column 0: bottom left
    QCOMPARE(rgb(image, view.mapToWidget(150, 75)), QRgb(0xfde725));  // row 1, column 1: top right
    QCOMPARE(rgb(image, view.mapToWidget(50, 75)), QRgb(0x35b779));    // row 1, column 0: top left
    QVERIFY(view.plotRect().right() < view.colourBarRect().left());
}

// Regression: in a small arena view (the place-cell panel at 1280 × 800) the "20 cm" label was centred on the 20 cm
// bar, which was narrower than the label, and read ":0 cn" where the plot clipped it. The card now holds the label
// whole and sits inside the plot, at any size.
void TestImagePlots::arenaScaleBarLabelFitsItsCard()
{
    ArenaView view;
    ArenaScene square;
    square.xMax = 100;
    square.yMax = 100;
    view.setScene(square);
    const QFontMetricsF fm(PlotStyle::labelFont());
    for (const QSize size : {QSize(260, 200), QSize(330, 260), QSize(800, 700)}) {
        view.resize(size);
        grab(view);
        const QRectF card = view.scaleBarCard();
        const QRect plot = view.plotRect();
        const double label = fm.horizontalAdvance(view.scaleBarLabel());
        const double bar = view.scaleBarCm() / 100.0 * plot.width();
        const QRectF text = view.scaleBarLabelRect();
        QVERIFY2(text.width() >= label && card.width() >= bar && card.contains(text),
                 qPrintable(QStringLiteral("card %1 px, label %2 px in a %3 px box, bar %4 px")
                                .arg(card.width()).arg(label).arg(text.width()).arg(bar)));
        QVERIFY2(QRectF(plot).contains(card), qPrintable(QStringLiteral("%1 x %2").arg(size.width()).arg(size.height())));
    }
    view.resize(260, 200);
    grab(view);
    QVERIFY(view.scaleBarCm() / 100.0 * view.plotRect().width() < fm.horizontalAdvance(view.scaleBarLabel()));  // the case
}

void TestImagePlots::csvContainsWhatIsDrawn()
{
    RasterPlot raster;
    raster.setRaster(binSpikes(std::vector<double>{10.2, 10.7, 55}, std::vector<int>{3, 3, 7}, 0, 100, 0, 10, 100,
                               10, {{"E", 0, 0}, {"I", 5, 0}}));
    const QList<DataSeries> spikes = raster.dataSeries();
    QCOMPARE(spikes.size(), 2);
    QCOMPARE(spikes[0].series, QStringLiteral("neuron 3 (E)"));
    QCOMPARE(spikes[0].points, QList<QPointF>({{10.5, 2}}));  // two spikes in the bin [10, 11) ms
    QCOMPARE(spikes[1].series, QStringLiteral("neuron 7 (I)"));
    const QString csv = QString::fromUtf8(toTidyCsv(QStringLiteral("seed=1"), spikes));
    QVERIFY(csv.startsWith(QStringLiteral("# seed=1\n")));
    QVERIFY(csv.contains(QStringLiteral("# series \"neuron 3 (E)\" (plot \"Spike raster\"): x = t (ms), bin centre, y = spikes in bin")));
    QVERIFY(csv.contains(QStringLiteral("\nseries,x,y\nneuron 3 (E),10.5,2\n")));

    HeatmapPlot heatmap;
    heatmap.setMatrix(matrix(2, 2, {0, 1, kNaN, 3}));
    const QList<DataSeries> cells = heatmap.dataSeries();
    QCOMPARE(cells.size(), 2);
    QCOMPARE(cells[1].series, QStringLiteral("post 1"));
    QCOMPARE(cells[1].yLabel, QStringLiteral("weight (nS)"));
    QCOMPARE(cells[1].points[1], QPointF(1, 3));
    QVERIFY(std::isnan(cells[1].points[0].y()));
    // Both rows share the x values: one wide table, a column per post-synaptic cell.
    QVERIFY(QString::fromUtf8(toTidyCsv({}, cells)).contains(QStringLiteral("\npre,post 0,post 1\n0,0,nan\n1,1,3\n")));

    ArenaView view;
    ArenaScene scene = arena();
    MatrixImage rate = matrix(1, 2, {4, 8});
    rate.valueLabel = "rate";
    rate.unit = "Hz";
    scene.rateMap = rate;
    view.setScene(scene);
    const QList<DataSeries> drawn = view.dataSeries();
    QStringList names;
    for (const DataSeries& s : drawn)
        names << s.series;
    QCOMPARE(names, QStringList({"walls (segment end points in pairs)", "trajectory", "agent (heading 0.5 rad)",
                                 "goals", "rewards", "rate map at y = 50 cm"}));
    QCOMPARE(drawn[0].points.size(), 10);
    QCOMPARE(drawn[2].points, QList<QPointF>({{50, 25}}));
    QCOMPARE(drawn[5].points, QList<QPointF>({{50, 4}, {150, 8}}));
    QCOMPARE(drawn[5].yLabel, QStringLiteral("rate (Hz)"));
}

void TestImagePlots::contextMenuExportsData()
{
    HeatmapPlot plot;
    plot.installContextMenu([] { return QStringLiteral("meta"); });
    QStringList texts;
    for (QAction* action : plot.actions())
        texts << action->text();
    QCOMPARE(plot.contextMenuPolicy(), Qt::ActionsContextMenu);
    QVERIFY(texts.contains(QStringLiteral("Export this plot…")));
    QVERIFY(texts.contains(QStringLiteral("Export data of this plot (CSV)…")));
}

void TestImagePlots::vectorExportsEmbedTheImage()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    RasterPlot raster;
    raster.resize(640, 400);
    raster.setSpikes(std::vector<double>{10}, std::vector<int>{3}, 0, 100, 0, 10);
    HeatmapPlot heatmap;
    heatmap.resize(640, 400);
    heatmap.setMatrix(matrix(2, 2, {0, 1, 2, 3}));
    ArenaView view;
    view.resize(640, 400);
    ArenaScene scene = arena();
    scene.rateMap = matrix(2, 2, {0, 1, 2, 3});
    view.setScene(scene);
    const std::pair<QWidget*, QString> cases[] = {
        {&raster, QStringLiteral("t (ms)")}, {&heatmap, QStringLiteral("weight (nS)")}, {&view, QStringLiteral("cm")}};
    // Rendered back, the SVG heatmap has its cells where the widget has them, crisp up to the cell borders.
    const QString svg = dir.filePath(QStringLiteral("heatmap.svg"));
    QCOMPARE(FigureExporter::exportWidget(&heatmap, svg), QString());
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QImage back(heatmap.size(), QImage::Format_RGB32);
    back.fill(Qt::white);
    {
        QPainter painter(&back);
        renderer.render(&painter, QRectF(QPointF(0, 0), heatmap.size()));
    }
    const QRect area = heatmap.plotRect();
    const auto near = [](QRgb a, QRgb b) {
        return std::abs(qRed(a) - qRed(b)) <= 2 && std::abs(qGreen(a) - qGreen(b)) <= 2 &&
               std::abs(qBlue(a) - qBlue(b)) <= 2;
    };
    for (int cell = 0; cell < 4; ++cell) {
        const QRgb expected = colormapRgb(Colormap::Viridis, cell / 3.0);
        const QPointF centre = cellCentre(area, 2, 2, cell / 2, cell % 2);
        QVERIFY2(near(back.pixel(centre.toPoint()), expected), qPrintable(QString::number(cell)));
        // Two pixels inside the cell's left or right border.
        const double inside = area.width() / 4.0 - 2.5;
        QVERIFY(near(back.pixel((centre + QPointF(cell % 2 ? -inside : inside, 0)).toPoint()), expected));
    }

    int i = 0;
    for (const auto& [widget, text] : cases) {
        checkSvg(*widget, dir.filePath(QStringLiteral("plot%1.svg").arg(i)), text);
        const QString pdf = dir.filePath(QStringLiteral("plot%1.pdf").arg(i++));
        QCOMPARE(FigureExporter::exportWidget(widget, pdf), QString());
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("%PDF"));
        QVERIFY(bytes.contains("/Image"));  // the bitmap is an image XObject; the rest are paths and text
    }
}

void TestImagePlots::pngExportAt1280x800()
{
    // Each widget rendered at 1280 × 800 (the size of a presentation window) through the PNG path. The files go to
    // NEUROAI_FIGURE_DIR when it is set, so they can be looked at.
    QTemporaryDir temporary;
    const QString folder = qEnvironmentVariableIsSet("NEUROAI_FIGURE_DIR") ? qEnvironmentVariable("NEUROAI_FIGURE_DIR")
                                                                           : temporary.path();
    std::vector<std::pair<std::unique_ptr<ImagePlot>, QString>> plots;

    auto raster = std::make_unique<RasterPlot>();
    raster->resize(1280, 800);
    {
        std::mt19937_64 rng(11);
        std::vector<double> t;
        std::vector<int> n;
        for (int id = 0; id < 64000; ++id) {
            const double rate = id < 51200 ? 5.0 : 20.0;  // Hz: excitatory slower than inhibitory
            std::exponential_distribution<double> isi(rate / 1000.0);
            for (double time = isi(rng); time < 1000; time += isi(rng)) {
                // A population burst around 400 ms in the excitatory cells.
                t.push_back(time);
                n.push_back(id);
            }
            if (id < 51200 && id % 3 == 0) {
                t.push_back(400 + 20 * std::generate_canonical<double, 32>(rng));
                n.push_back(id);
            }
        }
        const QSize px = raster->plotRect().size();
        raster->setRaster(binSpikes(t, n, 0, 1000, 0, 64000, px.width(), px.height(),
                                    {{"excitatory", 0, 0}, {"inhibitory", 51200, 0}}));
        // The legend narrows the plot: bin again to the final size.
        const QSize final = raster->plotRect().size();
        raster->setRaster(binSpikes(t, n, 0, 1000, 0, 64000, final.width(), final.height(),
                                    {{"excitatory", 0, 0}, {"inhibitory", 51200, 0}}));
        raster->setTitle(QStringLiteral("64 000 neurons, 1 s"));
    }
    plots.emplace_back(std::move(raster), QStringLiteral("raster.png"));

    auto heatmap = std::make_unique<HeatmapPlot>();
    heatmap->resize(1280, 800);
    {
        const std::vector<std::string> tokens = {"The", "cat", "sat", "on", "the", "mat", "because", "it", "was",
                                                 "warm"};
        MatrixImage attention;
        attention.rows = attention.columns = int(tokens.size());
        for (int r = 0; r < attention.rows; ++r) {
            double sum = 0;
            std::vector<float> row;
            for (int c = 0; c < attention.columns; ++c) {
                const float w = c <= r ? float(std::exp(-0.4 * (r - c)) + (c == 1 && r > 6 ? 1.5 : 0)) : 0.f;
                row.push_back(w);
                sum += w;
            }
            for (float w : row)
                attention.values.push_back(float(w / sum));
        }
        attention.values[3] = kNaN;
        attention.rowTicks = attention.columnTicks = tokens;
        attention.rowLabel = "query token";
        attention.columnLabel = "key token";
        attention.valueLabel = "attention weight";
        fitValueRange(attention);
        heatmap->setMatrix(attention);
        heatmap->setTitle(QStringLiteral("Attention, head 3"));
    }
    plots.emplace_back(std::move(heatmap), QStringLiteral("heatmap.png"));

    auto diverging = std::make_unique<HeatmapPlot>();
    diverging->resize(1280, 800);
    {
        MatrixImage w;
        w.rows = 40;
        w.columns = 60;
        for (int r = 0; r < w.rows; ++r)
            for (int c = 0; c < w.columns; ++c)
                w.values.push_back(float(std::sin(c / 6.0) * std::cos(r / 5.0) * 3.0 - 0.5));
        w.diverging = true;
        w.valueLabel = "weight change Δw";
        w.unit = "nS";
        w.rowLabel = "postsynaptic neuron";
        w.columnLabel = "presynaptic neuron";
        fitValueRange(w);
        diverging->setMatrix(w);
        diverging->setTitle(QStringLiteral("STDP weight change"));
    }
    plots.emplace_back(std::move(diverging), QStringLiteral("diverging.png"));

    auto view = std::make_unique<ArenaView>();
    view->resize(1280, 800);
    {
        ArenaScene scene = arena();
        scene.trajectory.clear();
        for (int i = 0; i <= 200; ++i) {
            const double a = i / 200.0 * 6.0;
            scene.trajectory.push_back({30 + 2.5 * i / 10.0 * std::cos(a) + i * 0.1, 30 + 20 * std::sin(a)});
        }
        scene.agent = scene.trajectory.back();
        scene.headingRad = 1.2;
        MatrixImage rate;
        rate.rows = 20;
        rate.columns = 40;
        for (int r = 0; r < rate.rows; ++r)
            for (int c = 0; c < rate.columns; ++c) {
                const double x = (c + 0.5) * 5, y = (r + 0.5) * 5;
                rate.values.push_back(float(12 * std::exp(-((x - 60) * (x - 60) + (y - 40) * (y - 40)) / 300.0)));
            }
        rate.valueLabel = "firing rate";
        rate.unit = "Hz";
        fitValueRange(rate);
        scene.rateMap = rate;
        view->setScene(scene);
        view->setTitle(QStringLiteral("Place cell 17"));
    }
    plots.emplace_back(std::move(view), QStringLiteral("arena.png"));

    // Many tokens: the column labels turn vertical and thin out rather than overlap.
    auto tokens = std::make_unique<HeatmapPlot>();
    tokens->resize(1280, 800);
    {
        MatrixImage m;
        m.rows = m.columns = 48;
        for (int i = 0; i < m.rows * m.columns; ++i)
            m.values.push_back(float(std::cos(i * 0.37) * std::cos(i / 48 * 0.2)));
        for (int i = 0; i < m.columns; ++i)
            m.columnTicks.push_back("token" + std::to_string(i));
        m.rowTicks = m.columnTicks;
        m.rowLabel = "query";
        m.columnLabel = "key";
        m.valueLabel = "score";
        m.diverging = true;
        fitValueRange(m);
        tokens->setMatrix(m);
        tokens->setTitle(QStringLiteral("48 tokens"));
    }
    plots.emplace_back(std::move(tokens), QStringLiteral("tokens.png"));

    for (const auto& [plot, name] : plots) {
        const QString path = QDir(folder).filePath(name);
        QCOMPARE(FigureExporter::exportWidget(plot.get(), path, 1.0), QString());
        QImageReader reader(path);
        QCOMPARE(reader.size(), QSize(1280, 800));
        QString label = plot->xAxis().title;
        if (!plot->xAxis().cells.isEmpty())
            label = plot->xAxis().cells.first();
        checkSvg(*plot, QDir(folder).filePath(QString(name).replace(QStringLiteral(".png"), QStringLiteral(".svg"))),
                 label);
    }
    // Presentation mode: the same arena with text and lines 1.6 times larger.
    PlotStyle::setPresentationScale(1.6);
    ImagePlot* arenaPlot = plots[3].first.get();
    arenaPlot->applyStyle();
    QCOMPARE(FigureExporter::exportWidget(arenaPlot, QDir(folder).filePath(QStringLiteral("arena-presentation.png")),
                                          1.0),
             QString());
}

void TestImagePlots::emptyNaNAndOneByOneDoNotCrash()
{
    RasterPlot raster;
    raster.resize(300, 200);
    grab(raster);
    raster.setRaster(RasterImage{});
    QVERIFY(raster.image().isNull());
    RasterImage broken;
    broken.width = 10;
    broken.height = 10;  // no counts
    raster.setRaster(broken);
    QVERIFY(raster.image().isNull());
    QVERIFY(raster.dataSeries().isEmpty());
    raster.setRaster(binSpikes(std::vector<double>{0.5}, std::vector<int>{0}, 0, 1, 0, 1, 1, 1));
    QCOMPARE(raster.image().size(), QSize(1, 1));
    QCOMPARE(rgb(grab(raster).pixel(raster.plotRect().center())), rgb(palette::black.rgb()));
    raster.resize(10, 10);  // smaller than the margins
    grab(raster);

    HeatmapPlot heatmap;
    heatmap.resize(300, 200);
    grab(heatmap);
    heatmap.setMatrix(MatrixImage{});
    QVERIFY(heatmap.image().isNull());
    QVERIFY(heatmap.dataSeries().isEmpty());
    QVERIFY(heatmap.toolTipAt(heatmap.plotRect().center()).isEmpty());
    MatrixImage short_ = matrix(3, 3, {1, 2});  // fewer values than cells
    heatmap.setMatrix(short_);
    QVERIFY(heatmap.image().isNull());
    heatmap.setMatrix(matrix(1, 1, {kNaN}));
    QCOMPARE(heatmap.nanCount(), 1L);
    QCOMPARE(rgb(grab(heatmap).pixel(heatmap.plotRect().center())), rgb(nanColour()));
    heatmap.setMatrix(matrix(1, 1, {5}));
    QCOMPARE(heatmap.nanCount(), 0L);
    QCOMPARE(rgb(grab(heatmap).pixel(heatmap.plotRect().center())), rgb(colormapRgb(Colormap::Viridis, 0.5)));
    MatrixImage infinite = matrix(1, 2, {-std::numeric_limits<float>::infinity(), 1});
    infinite.minValue = std::numeric_limits<double>::quiet_NaN();
    heatmap.setMatrix(infinite);
    grab(heatmap);
    heatmap.resize(10, 10);
    grab(heatmap);

    ArenaView view;
    view.resize(300, 200);
    grab(view);
    ArenaScene bad;
    bad.xMax = bad.xMin;  // no extent
    bad.agent = ArenaPoint{std::nan(""), 3};
    bad.trajectory = {{0, 0}, {std::nan(""), 1}, {1, 1}};
    bad.walls = {{{0, 0}, {std::numeric_limits<double>::infinity(), 0}}};
    bad.rateMap = MatrixImage{};
    view.setScene(bad);
    QVERIFY(view.agentPosition().isNull());
    QVERIFY(!view.colourBar().visible);
    grab(view);
    ArenaScene one = arena();
    one.rateMap = matrix(1, 1, {kNaN});
    view.setScene(one);
    QCOMPARE(view.colourBar().nanCount, 1L);
    grab(view);
    QVERIFY(!view.dataSeries().isEmpty());
}

void TestImagePlots::presentationModeEnlargesText()
{
    HeatmapPlot plot;
    plot.resize(800, 500);
    plot.setMatrix(matrix(2, 2, {0, 1, 2, 3}));
    const QRect normal = plot.plotRect();
    QSignalSpy sizes(&plot, &ImagePlot::plotSizeChanged);
    PlotStyle::setPresentationScale(2.0);
    ImagePlot::restyleAll(&plot);  // finds nothing below the plot itself …
    plot.applyStyle();             // … so restyle it directly
    const QRect large = plot.plotRect();
    QVERIFY(large.left() > normal.left());      // wider tick labels and axis title
    QVERIFY(large.width() < normal.width());    // and a wider colour bar
    QCOMPARE(sizes.count(), 1);                 // the engine hears of the new pixel size
}

QTEST_MAIN(TestImagePlots)
#include "tst_imageplots.moc"
