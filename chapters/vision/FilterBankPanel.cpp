#include "chapters/vision/FilterBankPanel.h"

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
#include <complex>
#include <numbers>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
const char* const kMeanTitle = QT_TRANSLATE_NOOP("FilterBankPanel", "Mean energy of each orientation");

// The bars of filter θ in words (θ is the wave-vector direction; the bars run at θ + 90°).
QString barsOf(double thetaDeg)
{
    const double bars = std::fmod(thetaDeg + 90.0, 180.0);
    if (std::abs(bars - 90) < 1e-9)
        return FilterBankPanel::tr("vertical bars");
    if (bars < 1e-9)
        return FilterBankPanel::tr("horizontal bars");
    return FilterBankPanel::tr("bars at %1°").arg(bars, 0, 'g', 4);
}

QString degrees(double value) { return QStringLiteral("%1°").arg(value, 0, 'g', 4); }
}  // namespace

FilterBankPanel::FilterBankPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("filter-bank"), QStringLiteral("vision/filter-bank"), vision::filterBankSpecs(),
                 &FilterBankPanel::compute, parent, scalarKeys(vision::filterBankOutputs()))
{
    setObjectName(QStringLiteral("filterBankPanel"));
    figureWidget()->setObjectName(QStringLiteral("filterBankFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("filterBankReadout"));

    m_picturePlot = new GreyPicturePlot(figureWidget());
    m_picturePlot->setObjectName(QStringLiteral("filterBankPicture"));
    m_mapPlot = new OrientationMapPlot(figureWidget());
    m_mapPlot->setObjectName(QStringLiteral("filterBankOrientationMap"));
    m_mapPlot->setTitle(tr("Preferred orientation"));
    m_energyPlot = new SquareHeatmap(figureWidget());
    m_energyPlot->setObjectName(QStringLiteral("filterBankEnergy"));

    m_plot = new XYPlot(false, figureWidget());
    m_plot->setObjectName(QStringLiteral("filterBankMeanEnergy"));
    m_plot->setTitle(tr(kMeanTitle));
    m_plot->setAxisTitles(tr("Filter orientation θ (deg)"), tr("Mean energy (optimal = 1)"));
    m_dominant = m_plot->addSeries(tr("dominant"), XYPlot::Style::Dashed, bluishGreen);
    m_meanLine = m_plot->addSeries(QString(), XYPlot::Style::Line, blue);
    m_meanPoints = m_plot->addSeries(QString(), XYPlot::Style::Markers, blue);
    m_shown = m_plot->addSeries(tr("shown map"), XYPlot::Style::Diamond, orange);
    m_strongest = m_plot->addSeries(tr("strongest"), XYPlot::Style::Diamond, vermillion);
    m_plot->setXRange(-5, 185);
    m_plot->setMinimumSize(150, 150);

    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_picturePlot, 0, 0);
    grid->addWidget(m_mapPlot, 0, 1);
    grid->addWidget(m_energyPlot, 1, 0);
    grid->addWidget(m_plot, 1, 1);
    for (int i = 0; i < 2; ++i) {
        grid->setRowStretch(i, 1);
        grid->setColumnStretch(i, 1);
    }
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    widgets::FigureExporter::installContextMenu(m_plot, [this] { return metadata(); });
    for (SquareHeatmap* p : {static_cast<SquareHeatmap*>(m_picturePlot), static_cast<SquareHeatmap*>(m_mapPlot),
                             m_energyPlot})
        p->installContextMenu([this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> FilterBankPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                      Progress& progress)
{
    // Deterministic: no seed among the experiment's parameters.
    auto result = std::make_shared<FilterBankResult>();
    result->run = vision::computeFilterBank(parameters, progress);
    const vision::FilterBankRun& run = result->run;
    const double ppd = run.settings.pixelsPerDegree;
    result->picture = visionMatrix(run.picture, ppd, "luminance", false);

    // Orientation map: per pixel the vector sum of the energies at twice the filter angles.
    const int w = run.picture.width, h = run.picture.height, n = run.settings.orientations;
    std::vector<std::complex<double>> directions;
    for (int j = 0; j < n; ++j)
        directions.push_back(std::polar(1.0, 2 * run.orientationsDeg[std::size_t(j)] * std::numbers::pi / 180));
    std::vector<std::complex<double>> sum(std::size_t(w) * std::size_t(h), 0.0);
    for (int j = 0; j < n; ++j) {
        const vision::Image& e = run.bank.energy[std::size_t(run.bank.index(j))];
        for (std::size_t p = 0; p < sum.size(); ++p)
            sum[p] += e.pixels[p] * directions[std::size_t(j)];
    }
    progress.throwIfCancelled();
    std::vector<double> magnitude(sum.size());
    for (std::size_t p = 0; p < sum.size(); ++p)
        magnitude[p] = std::abs(sum[p]);
    std::vector<double> sorted = magnitude;
    const std::size_t at = std::size_t(0.99 * double(sorted.size() - 1));
    std::nth_element(sorted.begin(), sorted.begin() + std::ptrdiff_t(at), sorted.end());
    const double scale = sorted[at] > 0 ? sorted[at] : 1.0;
    vision::Image strength(w, h);
    QImage coloured(w, h, QImage::Format_RGB32);
    for (int y = 0; y < h; ++y) {
        auto* line = reinterpret_cast<QRgb*>(coloured.scanLine(y));
        for (int x = 0; x < w; ++x) {
            const std::size_t p = std::size_t(y) * std::size_t(w) + std::size_t(x);
            const double s = std::min(1.0, magnitude[p] / scale);
            strength.at(x, y) = s;
            double theta = std::arg(sum[p]) * 90 / std::numbers::pi;
            if (theta < 0)
                theta += 180;
            line[x] = OrientationMapPlot::orientationColour(theta, s).rgb();
        }
    }
    result->strength = visionMatrix(strength, ppd, "orientation strength", false);
    result->strength.minValue = 0;
    result->strength.maxValue = 1;
    result->orientationMap = std::move(coloured);

    result->energy = visionMatrix(run.bank.energy[std::size_t(run.bank.index(run.shown))], ppd, "energy", false);
    result->energy.minValue = 0;  // the map's own maximum at the top (fitValueRange)
    return result;
}

void FilterBankPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const FilterBankResult&>(shown);
    const vision::FilterBankRun& run = result.run;
    const ParamSet& p = result.parameters;
    const QString picture = QString::fromStdString(p.spec("picture")->display(p["picture"]));

    // --- images ---
    m_picturePlot->setTitle(tr("Picture: %1").arg(picture));
    m_picturePlot->showPicture(result.picture, 0, 1);
    m_mapPlot->showMap(result.strength, result.orientationMap);
    const double shownDeg = run.orientationsDeg[std::size_t(run.shown)];
    m_energyPlot->setTitle(tr("Energy, θ = %1 (%2)").arg(degrees(shownDeg), barsOf(shownDeg)));
    m_energyPlot->setMatrix(result.energy);

    // --- mean energy per orientation (the first point repeated at 180°: orientation is periodic) ---
    QList<QPointF> points;
    for (std::size_t j = 0; j < run.meanEnergy.size(); ++j)
        points.append({run.orientationsDeg[j], run.meanEnergy[j]});
    QList<QPointF> line = points;
    line.append({180.0, run.meanEnergy.front()});
    m_plot->setPoints(m_meanLine, line);
    m_plot->setPoints(m_meanPoints, line);
    const double strongestDeg = run.orientationsDeg[std::size_t(run.strongest)];
    const double strongest = run.meanEnergy[std::size_t(run.strongest)];
    m_plot->setPoints(m_strongest, {{strongestDeg, strongest}});
    m_plot->setPoints(m_shown, {{shownDeg, run.meanEnergy[std::size_t(run.shown)]}});
    const double top = XYPlot::niceTop(std::max(strongest, 1e-6) * 1.15);
    m_plot->setYRange(0, top);
    m_plot->setPoints(m_dominant, {{run.dominantDeg, 0.0}, {run.dominantDeg, top}});

    // --- readout ---
    const int size = run.picture.width;
    const int kernel = run.bank.evenKernels.front().width;
    m_readout->setText(tr("<b>%1</b>, %2 × %2 px (%3°), %4 orientations at %5 cycles/deg (σ = %6°, kernels %7 px). "
                          "Strongest: <b>θ = %8</b> (%9), mean energy %10; weakest %11. Dominant orientation "
                          "<b>%12</b>, bias <b>%13</b> (0: every orientation alike, 1: one only).")
                           .arg(picture)
                           .arg(size)
                           .arg(size / run.settings.pixelsPerDegree, 0, 'g', 3)
                           .arg(run.settings.orientations)
                           .arg(run.settings.frequenciesCpd.front(), 0, 'g', 3)
                           .arg(readoutNumber(run.settings.sigmaTimesFrequency / run.settings.frequenciesCpd.front(), 3))
                           .arg(kernel)
                           .arg(degrees(strongestDeg))
                           .arg(barsOf(strongestDeg))
                           .arg(readoutNumber(strongest, 4))
                           .arg(readoutNumber(run.meanEnergy[std::size_t(run.weakest)], 4))
                           .arg(degrees(std::round(run.dominantDeg * 10) / 10))
                           .arg(readoutNumber(run.orientationBias, 2)));
}

std::optional<double> FilterBankPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return scalarOf(lastResult().run.result, key);
}

QString FilterBankPanel::extraMetadata() const { return notesOf(lastResult().run.result); }

QList<widgets::DataSeries> FilterBankPanel::dataSeries()
{
    const vision::FilterBankRun& run = lastResult().run;
    QList<QPointF> points;
    for (std::size_t j = 0; j < run.meanEnergy.size(); ++j)
        points.append({run.orientationsDeg[j], run.meanEnergy[j]});
    return {{tr(kMeanTitle), tr("mean energy"), tr("θ (deg)"), tr("mean energy (optimal grating = 1)"), points}};
}

}  // namespace neuroai::chapters
