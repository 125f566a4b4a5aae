// Tests for chapter 1 ("What is NeuroAI"): the three panels react to their controls (sliders, combo boxes, typed
// values), presets apply and every "Try this" link of the chapter text names an existing preset, the readouts say
// what the engine computed (handbook numbers: 19.5 mV flash vs 4.0 mV sustained; 5500 dense multiply–adds), bad
// input is reported, and figure and data exports work. Every change after construction is computed on a background
// job, so the tests wait for it (QTRY_* on updated(), or runHeadless()).

#include "chapters/intro/EnergyPanel.h"
#include "chapters/intro/FlashPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/intro/SynapsePanel.h"
#include "widgets/FigureExporter.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <QXYSeries>
#include <QtCharts/QChart>

#include <cmath>
#include <memory>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

double peakFormula(double d) { return 10.0 * 20.0 / d * (1.0 - std::exp(-d / 10.0)); }

QXYSeries* seriesNamed(XYPlot* plot, const QString& name)
{
    for (QAbstractSeries* s : plot->chart()->series())
        if (s->name() == name)
            return qobject_cast<QXYSeries*>(s);
    return nullptr;
}

}  // namespace

class TestIntro : public QObject {
    Q_OBJECT
private slots:
    void chapterBuildsThreePanels();
    void tryThisLinksNameExistingPresets();
    void flashReadoutsMatchHandbook();
    void flashSliderChangesPlots();
    void flashPeaksMatchAnalytic();
    void presetsApply();
    void badInputGivesMessage();
    void synapseTypeChangesAmplitudes();
    void synapseFrequencySlider();
    void energyCountsAndBreakEven();
    void energySliderMovesOperatingPoint();
    void energyYRangeHoldsTheCurves();
    void axesHaveUnitsAndLogAxis();
    void exportsWork();
};

void TestIntro::chapterBuildsThreePanels()
{
    const ChapterInfo* info = findChapter(QStringLiteral("intro"));
    QVERIFY(info);
    QCOMPARE(info->number, 1);
    QCOMPARE(QString::fromUtf8(info->title), QStringLiteral("What is NeuroAI"));
    QCOMPARE(QString::fromLatin1(chapterRegistry().front().id), QStringLiteral("intro"));  // listed first
    QWidget window;
    std::unique_ptr<Chapter> chapter(new neuroai::chapters::Chapter(*info, &window));
    chapter->ensureBuilt();
    QVERIFY2(chapter->buildError().isEmpty(), qPrintable(chapter->buildError()));
    QCOMPARE(chapter->panels().size(), 3);
    QVERIFY(qobject_cast<FlashPanel*>(chapter->panels()[0]));
    QVERIFY(qobject_cast<SynapsePanel*>(chapter->panels()[1]));
    QVERIFY(qobject_cast<EnergyPanel*>(chapter->panels()[2]));
    for (ExperimentPanel* panel : chapter->panels()) {
        QVERIFY(!panel->controller());  // computed as a whole on a job, nothing for the toolbar to run
        QVERIFY(panel->figureWidget());
        QVERIFY(panel->presets().size() >= 3);
        QVERIFY(panel->runHeadless(300));
    }
}

void TestIntro::tryThisLinksNameExistingPresets()
{
    QFile file(QStringLiteral(":/chapters/intro.md"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("### Try this")));
    FlashPanel flash;
    SynapsePanel synapse;
    EnergyPanel energy;
    const QList<ExperimentPanel*> panels{&flash, &synapse, &energy};
    const QRegularExpression link(QStringLiteral("\\(preset:(\\d+)/([a-z0-9-]+)\\)"));
    int links = 0;
    QSet<int> panelsLinked;
    for (auto it = link.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const int index = m.captured(1).toInt();
        QVERIFY(index >= 0 && index < panels.size());
        QVERIFY2(panels[index]->applyPreset(m.captured(2)).isEmpty(), qPrintable(m.captured(0)));
        panelsLinked.insert(index);
        ++links;
    }
    QVERIFY(links >= 6);
    QCOMPARE(panelsLinked.size(), 3);
}

void TestIntro::flashReadoutsMatchHandbook()
{
    FlashPanel panel;  // defaults: d 0.5 ms, Q 20 pC, τ 10 ms, R 10 MΩ, θ 10 mV, w 1 mV/pC
    QVERIFY(std::abs(panel.lastRun().peakMv - 19.508) < 0.001);
    QVERIFY(panel.neuronReadout()->text().contains(QStringLiteral("fires")));
    QVERIFY(panel.neuronReadout()->text().contains(QStringLiteral("19.51 mV")));
    QVERIFY(panel.perceptronReadout()->text().contains(QStringLiteral("fires")));

    QSignalSpy spy(&panel, &IntroPanel::updated);
    QVERIFY(panel.setParameter(QStringLiteral("stim_duration"), 50).isEmpty());
    QTRY_COMPARE(spy.count(), 1);
    QVERIFY(std::abs(panel.lastRun().peakMv - 3.973) < 0.001);
    QVERIFY(panel.neuronReadout()->text().contains(QStringLiteral("silent")));
    QVERIFY(panel.neuronReadout()->text().contains(QStringLiteral("3.97 mV")));
    QVERIFY(panel.perceptronReadout()->text().contains(QStringLiteral("fires")));  // the perceptron does not care

    // Less charge than the perceptron's threshold needs: both silent.
    QVERIFY(panel.setParameter(QStringLiteral("stim_charge"), 5).isEmpty());
    QVERIFY(panel.runHeadless(0, 10000));
    QVERIFY(panel.perceptronReadout()->text().contains(QStringLiteral("silent")));
}

void TestIntro::flashSliderChangesPlots()
{
    FlashPanel panel;
    QXYSeries* current = seriesNamed(panel.peakPlot(), QStringLiteral("this d"));
    QXYSeries* trace = seriesNamed(panel.tracePlot(), QStringLiteral("LIF neuron"));
    QVERIFY(current && trace);
    QCOMPARE(current->points().size(), 1);
    QCOMPARE(current->points()[0].x(), 0.5);
    const qsizetype samplesBefore = trace->points().size();

    QSignalSpy spy(&panel, &IntroPanel::updated);
    QSlider* slider = panel.parameterPanel()->slider(QStringLiteral("stim_duration"));
    QVERIFY(slider);
    slider->setValue(slider->maximum());  // log slider: 200 ms
    QTRY_COMPARE(spy.count(), 1);
    QVERIFY(std::abs(current->points()[0].x() - 200) < 1e-9);
    QVERIFY(std::abs(current->points()[0].y() - peakFormula(200)) < 1e-9);
    QVERIFY(trace->points().size() > samplesBefore);  // a longer pulse, a longer trace
    QVERIFY(panel.neuronReadout()->text().contains(QStringLiteral("silent")));
    QCOMPARE(panel.presetBox()->currentIndex(), -1);  // no preset matches: "Custom"
}

void TestIntro::flashPeaksMatchAnalytic()
{
    FlashPanel panel;
    const QList<QPointF> peaks = panel.sweepPeaks();
    QVERIFY(peaks.size() >= 20);
    for (const QPointF& p : peaks)
        QVERIFY2(std::abs(p.y() / peakFormula(p.x()) - 1) < 1e-9, qPrintable(QString("d %1: %2").arg(p.x()).arg(p.y())));
    // The perceptron's drive is one horizontal line at w·Q.
    QXYSeries* perceptron = seriesNamed(panel.peakPlot(), QStringLiteral("perceptron w·Q"));
    QVERIFY(perceptron);
    for (const QPointF& p : perceptron->points())
        QCOMPARE(p.y(), 20.0);
}

void TestIntro::presetsApply()
{
    FlashPanel panel;
    QCOMPARE(panel.presetBox()->currentIndex(), 0);  // defaults are the first preset
    QVERIFY(panel.applyPreset(QStringLiteral("sustained")).isEmpty());
    QCOMPARE(panel.parameters()["stim_duration"], 50.0);
    QCOMPARE(panel.parameterPanel()->value(QStringLiteral("stim_duration")), 50.0);
    QCOMPARE(panel.presetBox()->currentData().toString(), QStringLiteral("sustained"));
    QVERIFY(panel.runHeadless(0, 10000));
    QVERIFY(!panel.lastRun().neuronFires);
    // Choosing from the combo box applies it.
    const int edge = panel.presetBox()->findData(QStringLiteral("edge"));
    QVERIFY(edge >= 0);
    panel.presetBox()->setCurrentIndex(edge);
    emit panel.presetBox()->activated(edge);
    QCOMPARE(panel.parameters()["stim_duration"], 15.0);
    QVERIFY(panel.runHeadless(0, 10000));
    QVERIFY(panel.lastRun().neuronFires);  // 10.4 mV ≥ 10 mV
    QVERIFY(panel.applyPreset(QStringLiteral("nope")).contains(QStringLiteral("unknown preset")));

    SynapsePanel synapse;
    QVERIFY(synapse.applyPreset(QStringLiteral("facilitating")).isEmpty());
    QCOMPARE(synapse.parameters()["synapse"], 1.0);
    QCOMPARE(synapse.parameterPanel()->comboBox(QStringLiteral("synapse"))->currentIndex(), 1);
    EnergyPanel energy;
    QVERIFY(energy.applyPreset(QStringLiteral("long-code")).isEmpty());
    QCOMPARE(energy.parameters()["time_steps"], 100.0);
}

void TestIntro::badInputGivesMessage()
{
    FlashPanel panel;
    const QString error = panel.setParameter(QStringLiteral("tau_m"), -5);
    QVERIFY(error.contains(QStringLiteral("tau_m")));
    QCOMPARE(panel.parameterPanel()->message(), error);
    QCOMPARE(panel.parameters()["tau_m"], 10.0);  // unchanged
    QVERIFY(panel.setParameter(QStringLiteral("tau_m"), std::nan("")).contains(QStringLiteral("tau_m")));
    QVERIFY(panel.setParameter(QStringLiteral("nope"), 1).contains(QStringLiteral("unknown parameter")));
    // A good value clears the message.
    QVERIFY(panel.setParameter(QStringLiteral("tau_m"), 20).isEmpty());
    QVERIFY(panel.parameterPanel()->message().isEmpty());

    EnergyPanel energy;
    QVERIFY(!energy.setParameter(QStringLiteral("input_rate"), 1.5).isEmpty());
    QVERIFY(!energy.parameterPanel()->message().isEmpty());
}

void TestIntro::synapseTypeChangesAmplitudes()
{
    SynapsePanel panel;  // depressing, 20 Hz, 10 pulses, a₁ 12 nA
    QXYSeries* psc = seriesNamed(panel.amplitudePlot(), QStringLiteral("synapse A·u·x"));
    QXYSeries* perceptron = seriesNamed(panel.amplitudePlot(), QStringLiteral("perceptron"));
    QVERIFY(psc && perceptron);
    QCOMPARE(psc->points().size(), 10);
    QVERIFY(std::abs(psc->points()[0].y() - 12) < 1e-12);
    QVERIFY(psc->points()[9].y() < psc->points()[0].y() / 3);  // depression
    for (const QPointF& p : perceptron->points())
        QCOMPARE(p.y(), 12.0);
    QVERIFY(panel.readout()->text().contains(QStringLiteral("fires after pulse 1 ")));

    QSignalSpy spy(&panel, &IntroPanel::updated);
    QComboBox* type = panel.parameterPanel()->comboBox(QStringLiteral("synapse"));
    QVERIFY(type);
    type->setCurrentIndex(1);  // facilitating
    QTRY_COMPARE(spy.count(), 1);
    QVERIFY(psc->points()[9].y() > 3 * psc->points()[0].y());  // facilitation
    QVERIFY(panel.readout()->text().contains(QStringLiteral("facilitating")));
    type->setCurrentIndex(2);  // static
    QTRY_COMPARE(spy.count(), 2);
    for (const QPointF& p : psc->points())
        QVERIFY(std::abs(p.y() - 12) < 1e-12);
    QCOMPARE(panel.lastRun().spikesAfterPulse, std::vector<int>(10, 1));  // fires on every pulse, like the perceptron
}

void TestIntro::synapseFrequencySlider()
{
    SynapsePanel panel;
    QSignalSpy spy(&panel, &IntroPanel::updated);
    QSlider* pulses = panel.parameterPanel()->slider(QStringLiteral("pulses"));
    pulses->setValue(pulses->maximum());
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(int(panel.lastRun().pscAmplitudes.size()), 40);
    const double last20Hz = panel.lastRun().pscAmplitudes.back();
    QSlider* frequency = panel.parameterPanel()->slider(QStringLiteral("frequency"));
    frequency->setValue(frequency->minimum());  // 1 Hz: a second to recover between pulses
    QTRY_COMPARE(spy.count(), 2);
    QCOMPARE(panel.parameters()["frequency"], 1.0);
    QVERIFY(panel.lastRun().pscAmplitudes.back() > 3 * last20Hz);
    QVERIFY(panel.tracePlot()->horizontalAxis());
}

void TestIntro::energyCountsAndBreakEven()
{
    EnergyPanel panel;  // p 0.1, T 20, 4.6 / 0.9 pJ, seed 1
    QCOMPARE(panel.lastDense().ops.multiplyAdds, std::uint64_t(5500));
    const SpikingResult& s = panel.lastSpiking();
    QCOMPARE(s.ops.adds, s.spikesPerLayer[0] * 50 + s.spikesPerLayer[1] * 10);
    QVERIFY(std::abs(panel.breakEven() - 4.6 / (0.9 * 20)) < 1e-12);
    QVERIFY(panel.readout()->text().contains(QStringLiteral("5&#8239;500 fp32 multiply–adds")));
    QVERIFY(panel.readout()->text().contains(QStringLiteral("× less</b> energy")));
    QXYSeries* breakEven = seriesNamed(panel.activityPlot(), QStringLiteral("break-even"));
    QVERIFY(breakEven && breakEven->points().size() == 2);
    QVERIFY(std::abs(breakEven->points()[0].x() - panel.breakEven()) < 1e-12);
    // Dense energy = 5500 × 4.6 pJ = 25.3 nJ.
    QXYSeries* dense = seriesNamed(panel.activityPlot(), QStringLiteral("dense"));
    QVERIFY(std::abs(dense->points()[0].y() - 25.3) < 1e-9);

    // Cheaper adds move the break-even up proportionally.
    QVERIFY(panel.setParameter(QStringLiteral("add_energy"), 0.45).isEmpty());
    QVERIFY(panel.runHeadless(0, 10000));
    QVERIFY(std::abs(panel.breakEven() - 4.6 / (0.45 * 20)) < 1e-12);
    QVERIFY(std::abs(breakEven->points()[0].x() - panel.breakEven()) < 1e-12);
}

void TestIntro::energySliderMovesOperatingPoint()
{
    EnergyPanel panel;
    QXYSeries* current = seriesNamed(panel.activityPlot(), QStringLiteral("this p"));
    QVERIFY(current);
    const QPointF before = current->points().at(0);
    QSignalSpy spy(&panel, &IntroPanel::updated);
    QSlider* rate = panel.parameterPanel()->slider(QStringLiteral("input_rate"));
    rate->setValue(rate->maximum() / 2);  // p = 0.5
    QTRY_COMPARE(spy.count(), 1);
    const QPointF after = current->points().at(0);
    QVERIFY(after.x() > 3 * before.x());
    QVERIFY(after.y() > 3 * before.y());
    QVERIFY(panel.lastSpiking().activity > panel.breakEven());
    QVERIFY(panel.readout()->text().contains(QStringLiteral("× more</b> energy")));
}

void TestIntro::energyYRangeHoldsTheCurves()
{
    // High activity and many steps: the counted energies run far above the dense cost, where a range made from the
    // dense cost let them leave the plot.
    EnergyPanel panel;
    for (const auto& [rate, steps] : {std::pair{1.0, 100.0}, std::pair{0.5, 60.0}, std::pair{0.02, 5.0}}) {
        QVERIFY(panel.setParameter(QStringLiteral("input_rate"), rate).isEmpty());
        QVERIFY(panel.setParameter(QStringLiteral("time_steps"), steps).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing() && panel.shownParameters().values() == panel.parameters().values(),
                                 30000);
        for (XYPlot* plot : {panel.activityPlot(), panel.stepsPlot()}) {
            const auto* y = qobject_cast<QValueAxis*>(plot->chart()->axes(Qt::Vertical).first());
            QVERIFY(y);
            for (QAbstractSeries* abstract : plot->chart()->series()) {
                const auto* series = qobject_cast<QXYSeries*>(abstract);
                for (const QPointF& p : series->points())
                    QVERIFY2(p.y() >= y->min() && p.y() <= y->max() + 1e-9,
                             qPrintable(QStringLiteral("p %1, T %2: %3 at (%4, %5) outside [%6, %7]")
                                            .arg(rate).arg(steps).arg(series->name()).arg(p.x()).arg(p.y())
                                            .arg(y->min()).arg(y->max())));
            }
        }
    }
}

void TestIntro::axesHaveUnitsAndLogAxis()
{
    FlashPanel flash;
    SynapsePanel synapse;
    EnergyPanel energy;
    for (ExperimentPanel* panel : QList<ExperimentPanel*>{&flash, &synapse, &energy})
        for (XYPlot* plot : panel->figureWidget()->findChildren<XYPlot*>()) {
            QCOMPARE(plot->chart()->axes().size(), 2);
            for (QAbstractAxis* axis : plot->chart()->axes())
                QVERIFY2(axis->titleText().endsWith(QLatin1Char(')')) && axis->titleText().contains(QLatin1Char('(')),
                         qPrintable(axis->titleText()));
        }
    QVERIFY(flash.peakPlot()->isLogX());
    QCOMPARE(flash.peakPlot()->horizontalAxis()->type(), QAbstractAxis::AxisTypeLogValue);
}

void TestIntro::exportsWork()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    FlashPanel flash;
    SynapsePanel synapse;
    EnergyPanel energy;
    int index = 0;
    for (ExperimentPanel* panel : QList<ExperimentPanel*>{&flash, &synapse, &energy}) {
        panel->resize(1000, 700);
        const QString metadata = panel->metadata();
        QVERIFY(metadata.contains(QStringLiteral("chapter intro")));
        QVERIFY(metadata.contains(QStringLiteral("seed 1")));
        QVERIFY(metadata.contains(QStringLiteral("parameters: ")));
        const QString png = dir.filePath(QStringLiteral("figure%1.png").arg(index));
        QVERIFY(widgets::FigureExporter::exportWidget(panel->figureWidget(), png, 1.0, metadata).isEmpty());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.text(QStringLiteral("Description")), metadata);
        const QString svg = dir.filePath(QStringLiteral("figure%1.svg").arg(index));
        QVERIFY(widgets::FigureExporter::exportWidget(panel->figureWidget(), svg, 1.0, metadata).isEmpty());
        QVERIFY(QFileInfo(svg).size() > 1000);
        const QList<widgets::DataSeries> series = panel->dataSeries();
        QVERIFY(series.size() >= 3);
        for (const widgets::DataSeries& s : series) {
            QVERIFY(s.xLabel.endsWith(QLatin1Char(')')));
            QVERIFY(s.yLabel.endsWith(QLatin1Char(')')));
        }
        const QByteArray csv = widgets::toTidyCsv(metadata, series);
        QVERIFY(csv.contains("\n# series \""));  // every series named once with its labels
        QVERIFY(csv.contains("\nseries,x,y\n") || !csv.contains(",x,y\n"));
        QVERIFY(csv.startsWith("#"));
        ++index;
    }
    QVERIFY(flash.metadata().contains(QStringLiteral("stim_duration=0.5 ms")));
    QVERIFY(synapse.metadata().contains(QStringLiteral("synapse=depressing")));
    QVERIFY(energy.metadata().contains(QStringLiteral("dense multiply-adds 5500")));
}

QTEST_MAIN(TestIntro)
#include "tst_intro.moc"
