#include "chapters/vision/SimpleComplexPanel.h"

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

const char* const kResponseTitle = QT_TRANSLATE_NOOP("SimpleComplexPanel", "Responses over two drift cycles");

QList<QPointF> pointsOf(const std::vector<double>& x, const std::vector<double>& y)
{
    QList<QPointF> out;
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i)
        out.append({x[i], y[i]});
    return out;
}

QString verdict(double ratio)
{
    return ratio > 1 ? SimpleComplexPanel::tr("simple") : SimpleComplexPanel::tr("complex");
}
}  // namespace

SimpleComplexPanel::SimpleComplexPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("simple-complex"), QStringLiteral("vision/simple-complex"),
                 vision::simpleComplexSpecs(), &SimpleComplexPanel::compute, parent,
                 scalarKeys(vision::simpleComplexOutputs()))
{
    setObjectName(QStringLiteral("simpleComplexPanel"));
    figureWidget()->setObjectName(QStringLiteral("simpleComplexFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("simpleComplexReadout"));

    m_gratingPlot = new GreyPicturePlot(figureWidget());
    m_gratingPlot->setObjectName(QStringLiteral("simpleComplexGrating"));
    m_kernelPlot = new SquareHeatmap(figureWidget());
    m_kernelPlot->setObjectName(QStringLiteral("simpleComplexKernel"));

    m_plot = new XYPlot(false, figureWidget());
    m_plot->setObjectName(QStringLiteral("simpleComplexResponses"));
    m_plot->setTitle(tr(kResponseTitle));
    m_plot->setAxisTitles(tr("Time t (drift cycles)"), tr("Response (optimal = 1)"));
    m_zero = m_plot->addSeries(QString(), XYPlot::Style::Dashed, muted);
    m_snapshot = m_plot->addSeries(tr("snapshot"), XYPlot::Style::Dashed, black);
    m_linearCell = m_plot->addSeries(tr("linear, φ filter"), XYPlot::Style::Dashed, skyBlue);
    m_linearQuadrature = m_plot->addSeries(tr("linear, φ + 90° filter"), XYPlot::Style::Dashed, orange);
    m_simple = m_plot->addSeries(tr("simple cell"), XYPlot::Style::Line, blue);
    m_complex = m_plot->addSeries(tr("complex cell"), XYPlot::Style::Line, vermillion);
    m_plot->setXRange(-0.02, 2.02);  // a snapshot line at 0 or 2 stays off the frame
    m_plot->setMinimumSize(150, 150);

    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_gratingPlot, 0, 0);
    grid->addWidget(m_kernelPlot, 0, 1);
    grid->addWidget(m_plot, 1, 0, 1, 2);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    widgets::FigureExporter::installContextMenu(m_plot, [this] { return metadata(); });
    m_gratingPlot->installContextMenu([this] { return metadata(); });
    m_kernelPlot->installContextMenu([this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> SimpleComplexPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                         Progress& progress)
{
    // Deterministic: no seed among the experiment's parameters.
    auto result = std::make_shared<SimpleComplexResult>();
    result->run = vision::computeSimpleComplex(parameters, progress);
    const vision::SimpleComplexRun& run = result->run;
    const double ppd = run.cell.pixelsPerDegree;
    // The grating as the eye sees it: mean luminance 0.5, amplitude 0.5·c, drifted by the snapshot time.
    const vision::Image frame = vision::gratingImage(kDisplayPx, kDisplayPx, run.grating.orientationDeg,
                                                     run.grating.frequencyCpd, ppd, 0.5 * run.grating.contrast,
                                                     360.0 * run.snapshotCycles, 0.5);
    result->grating = visionMatrix(frame, ppd, "luminance", false);
    vision::GaborParams shown = run.cell;
    shown.size = kDisplayPx;
    result->kernel = visionMatrix(vision::gaborKernel(shown), ppd, "weight", true);
    result->kernel.minValue = -1;
    result->kernel.maxValue = 1;
    return result;
}

void SimpleComplexPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const SimpleComplexResult&>(shown);
    const vision::SimpleComplexRun& run = result.run;

    // --- pictures ---
    m_gratingPlot->setTitle(tr("Grating at t = %1 cycles, Δθ = %2°")
                                .arg(readoutNumber(run.snapshotCycles, 2))
                                .arg(readoutNumber(run.grating.orientationDeg, 0)));
    m_gratingPlot->showPicture(result.grating, 0, 1);
    // The receptive field's envelope at 2σ (the cell sees little beyond it).
    m_gratingPlot->setEllipse({0, 0}, 2 * run.cell.sigmaDeg, 2 * run.cell.sigmaDeg, 0);
    m_kernelPlot->setTitle(tr("Simple cell's receptive field, φ = %1°").arg(readoutNumber(run.cell.phaseDeg, 0)));
    m_kernelPlot->setMatrix(result.kernel);

    // --- traces ---
    m_plot->setPoints(m_linearCell, pointsOf(run.timeCycles, run.linearCell));
    m_plot->setPoints(m_linearQuadrature, pointsOf(run.timeCycles, run.linearQuadrature));
    m_plot->setPoints(m_simple, pointsOf(run.timeCycles, run.simple));
    m_plot->setPoints(m_complex, pointsOf(run.timeCycles, run.complex));
    double extent = 0.05;
    for (const auto* v : {&run.linearCell, &run.linearQuadrature, &run.complex})
        for (const double y : *v)
            extent = std::max(extent, std::abs(y));
    const double top = XYPlot::niceTop(extent * 1.1);
    m_plot->setYRange(-top, top);
    m_plot->setPoints(m_zero, {{-0.02, 0.0}, {2.02, 0.0}});
    m_plot->setPoints(m_snapshot, {{run.snapshotCycles, -top}, {run.snapshotCycles, top}});

    // --- readout ---
    const vision::CellResponse& s = run.simpleResponse;
    const vision::CellResponse& c = run.complexResponse;
    const double sr = s.modulationRatio(), cr = c.modulationRatio();
    m_readout->setText(tr("Simple cell: F0 = %1, F1 = %2, <b>F1/F0 = %3 → %4</b>. Complex cell: F0 = %5, F1 = %6, "
                          "<b>F1/F0 = %7 → %8</b>. Skottun et al. (1991): simple if F1/F0 &gt; 1. Linear amplitudes: "
                          "φ filter %9, φ + 90° filter %10.")
                           .arg(readoutNumber(s.f0, 3))
                           .arg(readoutNumber(s.f1, 3))
                           .arg(readoutNumber(sr, 2))
                           .arg(verdict(sr))
                           .arg(readoutNumber(c.f0, 3))
                           .arg(readoutNumber(c.f1, 3))
                           .arg(readoutNumber(cr, 2))
                           .arg(verdict(cr))
                           .arg(readoutNumber(run.cellAmplitude, 3))
                           .arg(readoutNumber(run.quadratureAmplitude, 3)));
}

std::optional<double> SimpleComplexPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return scalarOf(lastResult().run.result, key);
}

QString SimpleComplexPanel::extraMetadata() const { return notesOf(lastResult().run.result); }

QList<widgets::DataSeries> SimpleComplexPanel::dataSeries()
{
    const vision::SimpleComplexRun& run = lastResult().run;
    const QString plot = tr(kResponseTitle), t = tr("t (drift cycles)"), y = tr("response (optimal grating = 1)");
    QList<widgets::DataSeries> out{{plot, tr("linear, φ filter"), t, y, pointsOf(run.timeCycles, run.linearCell)},
                                   {plot, tr("linear, φ + 90° filter"), t, y,
                                    pointsOf(run.timeCycles, run.linearQuadrature)},
                                   {plot, tr("simple cell"), t, y, pointsOf(run.timeCycles, run.simple)},
                                   {plot, tr("complex cell"), t, y, pointsOf(run.timeCycles, run.complex)}};
    out += m_gratingPlot->dataSeries();
    return out;
}

}  // namespace neuroai::chapters
