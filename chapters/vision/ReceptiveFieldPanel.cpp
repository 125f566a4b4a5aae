#include "chapters/vision/ReceptiveFieldPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
constexpr int kDisplayPx = 65;  // ±2° at 16 px/deg
constexpr int kComplexEvery = 6;  // complex-cell markers on every 6th orientation (every 6° …)

const char* const kOrientationTitle = QT_TRANSLATE_NOOP("ReceptiveFieldPanel", "Orientation tuning");
const char* const kFrequencyTitle = QT_TRANSLATE_NOOP("ReceptiveFieldPanel", "Spatial-frequency tuning");

MatrixImage kernelImage(const vision::GaborParams& cell)
{
    vision::GaborParams shown = cell;
    shown.size = kDisplayPx;
    MatrixImage m = visionMatrix(vision::gaborKernel(shown), shown.pixelsPerDegree, "weight", true);
    m.minValue = -1;  // peak envelope 1: the same scale for every cell
    m.maxValue = 1;
    return m;
}

QList<QPointF> pointsOf(const std::vector<double>& x, const std::vector<double>& y, int every = 1, int offset = 0)
{
    QList<QPointF> out;
    for (std::size_t i = std::size_t(offset); i < x.size() && i < y.size(); i += std::size_t(every))
        out.append({x[i], y[i]});
    return out;
}

QString degrees(double value) { return readoutNumber(value, 1) + QStringLiteral("°"); }
}  // namespace

ReceptiveFieldPanel::ReceptiveFieldPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("gabor-tuning"), QStringLiteral("vision/receptive-fields"),
                 vision::gaborTuningSpecs(), &ReceptiveFieldPanel::compute, parent,
                 scalarKeys(vision::gaborTuningOutputs()))
{
    setObjectName(QStringLiteral("receptiveFieldPanel"));
    figureWidget()->setObjectName(QStringLiteral("receptiveFieldFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("receptiveFieldReadout"));

    m_kernelPlot = new SquareHeatmap(figureWidget());
    m_kernelPlot->setObjectName(QStringLiteral("receptiveFieldKernel"));
    m_quadraturePlot = new SquareHeatmap(figureWidget());
    m_quadraturePlot->setObjectName(QStringLiteral("receptiveFieldQuadrature"));

    m_orientationPlot = new XYPlot(false, figureWidget());
    m_orientationPlot->setObjectName(QStringLiteral("receptiveFieldOrientationPlot"));
    m_orientationPlot->setTitle(tr(kOrientationTitle));
    m_orientationPlot->setAxisTitles(tr("Grating orientation − preferred, Δθ (deg)"),
                                     tr("Response (peak = 1)"));
    m_oriHalf = m_orientationPlot->addSeries(QString(), XYPlot::Style::Dashed, muted);
    m_oriLeft = m_orientationPlot->addSeries(tr("formula ±Δθ½"), XYPlot::Style::Dashed, bluishGreen);
    m_oriRight = m_orientationPlot->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);
    m_oriSimple = m_orientationPlot->addSeries(tr("simple F1"), XYPlot::Style::Line, blue);
    m_oriComplex = m_orientationPlot->addSeries(tr("complex F0"), XYPlot::Style::Markers, vermillion);
    m_orientationPlot->setXRange(-90, 90);
    m_orientationPlot->setYRange(0, 1.05);

    m_frequencyPlot = new XYPlot(true, figureWidget());
    m_frequencyPlot->setObjectName(QStringLiteral("receptiveFieldFrequencyPlot"));
    m_frequencyPlot->setTitle(tr(kFrequencyTitle));
    m_frequencyPlot->setAxisTitles(tr("Grating spatial frequency (cycles/deg)"), tr("Response (peak = 1)"));
    m_freqHalf = m_frequencyPlot->addSeries(QString(), XYPlot::Style::Dashed, muted);
    m_freqLow = m_frequencyPlot->addSeries(tr("formula f₋, f₊"), XYPlot::Style::Dashed, bluishGreen);
    m_freqHigh = m_frequencyPlot->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);
    m_freqSimple = m_frequencyPlot->addSeries(tr("simple F1"), XYPlot::Style::Line, blue);
    m_freqComplex = m_frequencyPlot->addSeries(tr("complex F0"), XYPlot::Style::Markers, vermillion);
    m_frequencyPlot->setYRange(0, 1.05);

    for (XYPlot* p : {m_orientationPlot, m_frequencyPlot})
        p->setMinimumSize(150, 150);

    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_kernelPlot, 0, 0);
    grid->addWidget(m_quadraturePlot, 0, 1);
    grid->addWidget(m_orientationPlot, 1, 0);
    grid->addWidget(m_frequencyPlot, 1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_orientationPlot, m_frequencyPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    for (SquareHeatmap* p : {m_kernelPlot, m_quadraturePlot})
        p->installContextMenu([this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> ReceptiveFieldPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                          Progress& progress)
{
    // Deterministic: no seed among the experiment's parameters.
    auto result = std::make_shared<ReceptiveFieldResult>();
    result->run = vision::computeGaborTuning(parameters, progress);
    result->kernel = kernelImage(result->run.cell);
    result->quadrature = kernelImage(result->run.cell.withPhase(result->run.cell.phaseDeg + 90));
    return result;
}

void ReceptiveFieldPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const ReceptiveFieldResult&>(shown);
    const vision::GaborTuningRun& run = result.run;
    const vision::GaborParams& cell = run.cell;

    // --- the kernels ---
    const double phase = cell.phaseDeg;
    m_kernelPlot->setTitle(tr("Receptive field, φ = %1").arg(degrees(phase)));
    m_kernelPlot->setMatrix(result.kernel);
    m_quadraturePlot->setTitle(tr("Quadrature partner, φ = %1").arg(degrees(std::fmod(phase + 90, 360.0))));
    m_quadraturePlot->setMatrix(result.quadrature);

    // --- orientation tuning ---
    m_orientationPlot->setPoints(m_oriSimple, pointsOf(run.offsetsDeg, run.orientationSimple));
    m_orientationPlot->setPoints(m_oriComplex,
                                 pointsOf(run.offsetsDeg, run.orientationComplex, kComplexEvery, 0));
    m_orientationPlot->setPoints(m_oriHalf, {{-90.0, 0.5}, {90.0, 0.5}});
    const double half = run.halfWidthAnalyticDeg;
    if (std::isfinite(half)) {
        m_oriLeft->setName(tr("formula ±Δθ½"));
        m_orientationPlot->setPoints(m_oriLeft, {{-half, 0.0}, {-half, 1.05}});
        m_orientationPlot->setPoints(m_oriRight, {{half, 0.0}, {half, 1.05}});
    } else {
        m_oriLeft->setName(tr("formula: none"));
        m_orientationPlot->setPoints(m_oriLeft, {});
        m_orientationPlot->setPoints(m_oriRight, {});
    }

    // --- spatial-frequency tuning ---
    const std::vector<double>& fx = run.frequency.x;
    m_frequencyPlot->setPoints(m_freqSimple, pointsOf(fx, run.frequencySimple));
    m_frequencyPlot->setPoints(m_freqComplex, pointsOf(fx, run.frequencyComplex, 5, 2));
    const double x0 = fx.front(), x1 = fx.back();
    m_frequencyPlot->setXRange(x0, x1);
    m_frequencyPlot->setPoints(m_freqHalf, {{x0, 0.5}, {x1, 0.5}});
    const double low = run.frequencyAnalytic.lowCpd, high = run.frequencyAnalytic.highCpd;
    const bool lowShown = low >= x0 && low <= x1, highShown = high >= x0 && high <= x1;
    m_freqLow->setName(low > 0 ? tr("formula f₋, f₊") : tr("formula f₊"));
    m_frequencyPlot->setPoints(m_freqLow, lowShown ? QList<QPointF>{{low, 0.0}, {low, 1.05}} : QList<QPointF>{});
    m_frequencyPlot->setPoints(m_freqHigh,
                               highShown ? QList<QPointF>{{high, 0.0}, {high, 1.05}} : QList<QPointF>{});
    // The legend entry belongs to whichever line is drawn.
    if (!lowShown && highShown) {
        m_frequencyPlot->setPoints(m_freqLow, {{high, 0.0}, {high, 1.05}});
        m_frequencyPlot->setPoints(m_freqHigh, {});
    }

    // --- readout ---
    const ExperimentResult& r = run.result;
    const auto value = [&](const char* key) { return scalarOf(r, QLatin1String(key)).value_or(std::nan("")); };
    const double bandwidth = value("bandwidth_measured_oct");
    const QString analyticBandwidth = low > 0 ? tr("%1 octaves").arg(readoutNumber(run.bandwidthAnalyticOct, 2))
                                              : tr("unbounded (f₋ ≤ 0)");
    const QString measuredBandwidth = std::isfinite(bandwidth)
                                          ? tr("%1 octaves</b> (f₋ %2, f₊ %3 cycles/deg)<b>")
                                                .arg(readoutNumber(bandwidth, 2))
                                                .arg(readoutNumber(value("f_low_measured_cpd"), 2))
                                                .arg(readoutNumber(value("f_high_measured_cpd"), 2))
                                          : tr("—</b> (no f₋ above %1 cycles/deg)<b>").arg(readoutNumber(x0, 3));
    m_readout->setText(
        tr("σ·f = <b>%1</b>. Half-width Δθ½: measured <b>%2</b> (complex %3), formula <b>%4</b>. Bandwidth: "
           "measured <b>%5</b>, formula <b>%6</b>. DC leak %7 (formula %8). F1/F0 at the optimum: simple <b>%9</b>, "
           "complex <b>%10</b>.")
            .arg(readoutNumber(cell.sigmaDeg * cell.frequencyCpd, 2))
            .arg(degrees(value("half_width_measured_deg")))
            .arg(degrees(value("half_width_complex_deg")))
            .arg(std::isfinite(half) ? degrees(half) : tr("none (above half at ±90°)"))
            .arg(measuredBandwidth)
            .arg(analyticBandwidth)
            .arg(readoutNumber(run.dcLeakMeasured, 4))
            .arg(readoutNumber(run.dcLeakAnalytic, 4))
            .arg(readoutNumber(run.simpleOptimal.modulationRatio(), 2))
            .arg(readoutNumber(run.complexOptimal.modulationRatio(), 2)));
}

std::optional<double> ReceptiveFieldPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return scalarOf(lastResult().run.result, key);
}

QString ReceptiveFieldPanel::extraMetadata() const { return notesOf(lastResult().run.result); }

QList<widgets::DataSeries> ReceptiveFieldPanel::dataSeries()
{
    const ReceptiveFieldResult& r = lastResult();
    const QString orientation = tr(kOrientationTitle), frequency = tr(kFrequencyTitle);
    const QString dtheta = tr("Δθ (deg)"), f = tr("f (cycles/deg)"), y = tr("response (peak = 1)");
    QList<widgets::DataSeries> out{
        {orientation, tr("simple cell F1"), dtheta, y, pointsOf(r.run.offsetsDeg, r.run.orientationSimple)},
        {orientation, tr("complex cell F0"), dtheta, y, pointsOf(r.run.offsetsDeg, r.run.orientationComplex)},
        {frequency, tr("simple cell F1"), f, y, pointsOf(r.run.frequency.x, r.run.frequencySimple)},
        {frequency, tr("complex cell F0"), f, y, pointsOf(r.run.frequency.x, r.run.frequencyComplex)}};
    out += m_kernelPlot->dataSeries();
    out += m_quadraturePlot->dataSeries();
    return out;
}

}  // namespace neuroai::chapters
