#include "chapters/casestudies/PredictiveCodingPanel.h"

#include "chapters/framework/TrainedCache.h"
#include "engine/core/Job.h"
#include "widgets/Colormap.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QLogValueAxis>
#include <QPainter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <atomic>
#include <cmath>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

std::atomic<int> g_learnings{0};

TrainedCache<predictive::PredictiveModels>& cache()
{
    static TrainedCache<predictive::PredictiveModels> models(6);
    return models;
}

// Learning reads only the seed, the number of levels and the history; everything else re-infers or redraws.
std::string modelKey(const ParamSet& parameters, std::uint64_t seed)
{
    return "levels=" + std::to_string(int(parameters["levels"])) +
           ";history=" + std::to_string(int(parameters["history"])) + ";seed=" + std::to_string(seed);
}

// The distance plot is logarithmic: an exact zero (a fixed point reached to the last bit) is drawn at this floor.
constexpr double kDistanceFloor = 1e-16;

MatrixImage patchMatrix(const std::vector<double>& values, int side, double range, const char* label)
{
    MatrixImage m;
    m.rows = m.columns = side;
    for (double v : values)
        m.values.push_back(std::isfinite(v) ? float(v) : std::nanf(""));
    m.diverging = true;
    m.minValue = -range;
    m.maxValue = range;
    m.valueLabel = label;
    m.columnLabel = "x";
    m.columnUnit = "px";
    m.rowLabel = "y";
    m.rowUnit = "px";
    m.columnMin = 0;
    m.columnMax = side;
    m.rowMin = 0;  // row 0 at the top, y counted downwards as in the engine
    m.rowMax = side;
    return m;
}

MatrixImage frameMatrix(const std::vector<double>& values, int width, int height, double low, double high,
                        bool diverging, const char* label)
{
    MatrixImage m;
    m.rows = height;
    m.columns = width;
    for (double v : values)
        m.values.push_back(float(v));
    m.diverging = diverging;
    m.minValue = low;
    m.maxValue = high;
    m.valueLabel = label;
    m.columnLabel = "x";
    m.columnUnit = "px";
    m.rowLabel = "y";
    m.rowUnit = "px";
    m.columnMin = 0;
    m.columnMax = width;
    m.rowMin = 0;
    m.rowMax = height;
    return m;
}

double maxAbs(const std::vector<double>& values)
{
    double top = 0;
    for (double v : values)
        if (std::isfinite(v))
            top = std::max(top, std::abs(v));
    return top;
}

QString number(double value, int decimals) { return readoutNumber(value, decimals); }

// An energy: fixed decimals while it is of order one, scientific once a diverging run has blown it up.
QString energyText(double value)
{
    if (std::isfinite(value) && std::abs(value) >= 1e4)
        return QString::number(value, 'e', 2).replace(QLatin1Char('-'), QStringLiteral("−"));
    return readoutNumber(value, 4);
}

QString scientific(double value)
{
    if (!std::isfinite(value))
        return readoutNumber(value, 0);
    return QString::number(value, 'e', 1).replace(QLatin1Char('-'), QStringLiteral("−"));
}

}  // namespace

// --- the basis tiles ---

BasisTilesView::BasisTilesView(QWidget* parent) : QWidget(parent)
{
    setProperty("figurePlot", true);
    setMinimumSize(150, 150);
}

void BasisTilesView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void BasisTilesView::setTiles(std::vector<std::vector<double>> tiles, int side, int columns)
{
    m_tiles = std::move(tiles);
    m_side = side;
    m_columns = std::max(1, columns);
    update();
}

QRectF BasisTilesView::gridRect() const
{
    if (m_tiles.empty() || m_side <= 0)
        return {};
    const QFontMetricsF title(PlotStyle::titleFont()), label(PlotStyle::labelFont());
    const double top = title.height() * 1.5, bottom = label.height() * 1.6;
    const int rows = (int(m_tiles.size()) + m_columns - 1) / m_columns;
    const double gap = gapPx();
    const double availW = width() - 8.0, availH = height() - top - bottom;
    const double cell = std::max(4.0, std::min((availW - gap * (m_columns - 1)) / m_columns,
                                               (availH - gap * (rows - 1)) / rows));
    const double gridW = cell * m_columns + gap * (m_columns - 1), gridH = cell * rows + gap * (rows - 1);
    // The block of title, tiles and caption is centred vertically, so the title sits right above the tiles.
    return {(width() - gridW) / 2, top + (availH - gridH) / 2, gridW, gridH};
}

double BasisTilesView::gapPx() const { return 4 * PlotStyle::presentationScale(); }

QRectF BasisTilesView::tileRect(int index) const
{
    if (index < 0 || index >= int(m_tiles.size()) || m_side <= 0)
        return {};
    const QRectF grid = gridRect();
    const double cell = (grid.width() - gapPx() * (m_columns - 1)) / m_columns;
    const int r = index / m_columns, c = index % m_columns;
    return {grid.left() + c * (cell + gapPx()), grid.top() + r * (cell + gapPx()), cell, cell};
}

void BasisTilesView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const QFontMetricsF titleMetrics(PlotStyle::titleFont()), label(PlotStyle::labelFont());
    const QRectF grid = gridRect();
    painter.setFont(PlotStyle::titleFont());
    painter.setPen(palette::black);
    const double titleH = titleMetrics.height() * 1.5;
    painter.drawText(QRectF(0, std::max(0.0, grid.top() - titleH), width(), titleH), Qt::AlignCenter, m_title);
    for (int k = 0; k < int(m_tiles.size()); ++k) {
        const std::vector<double>& tile = m_tiles[std::size_t(k)];
        const double top = std::max(maxAbs(tile), 1e-300);
        QImage image(m_side, m_side, QImage::Format_RGB32);
        for (int y = 0; y < m_side; ++y)
            for (int x = 0; x < m_side; ++x) {
                const double v = tile[std::size_t(y * m_side + x)];
                image.setPixel(x, y, widgets::colormapRgb(widgets::Colormap::Diverging, 0.5 + 0.5 * v / top));
            }
        const QRectF where = tileRect(k);
        painter.drawImage(where, image);
        painter.setPen(PlotStyle::pen(palette::muted, 0.5));
        painter.drawRect(where);
    }
    painter.setFont(PlotStyle::labelFont());
    painter.setPen(palette::muted);
    painter.drawText(QRectF(0, grid.bottom(), width(), label.height() * 1.6), Qt::AlignCenter,
                     tr("%1 causes, own scales").arg(m_tiles.size()));
}

QList<widgets::DataSeries> BasisTilesView::dataSeries() const
{
    QList<widgets::DataSeries> out;
    for (std::size_t k = 0; k < m_tiles.size(); ++k) {
        QList<QPointF> points;
        for (std::size_t i = 0; i < m_tiles[k].size(); ++i)
            points.append({double(i), m_tiles[k][i]});
        out.append({m_title, tr("cause %1").arg(k + 1), tr("pixel (row-major, from 0)"), tr("weight"), points});
    }
    return out;
}

// --- the masked heatmap ---

MaskedHeatmap::MaskedHeatmap(QWidget* parent) : SquareHeatmap(parent) {}

void MaskedHeatmap::setMask(std::vector<int> mask, int columns)
{
    m_mask = std::move(mask);
    m_columns = columns;
    update();
}

void MaskedHeatmap::paintOverlay(QPainter& painter, const QRect& plot)
{
    SquareHeatmap::paintOverlay(painter, plot);
    if (m_mask.empty() || m_columns <= 0)
        return;
    // The mask's outline: every cell edge between a masked cell and an unmasked one (or the border).
    const int rows = int(m_mask.size()) / m_columns;
    const auto in = [&](int r, int c) {
        return r >= 0 && c >= 0 && r < rows && c < m_columns && m_mask[std::size_t(r * m_columns + c)] != 0;
    };
    painter.setPen(PlotStyle::pen(palette::black, 1.3, Qt::DashLine));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < m_columns; ++c) {
            if (!in(r, c))
                continue;
            if (!in(r - 1, c))
                painter.drawLine(mapToWidget(c, r), mapToWidget(c + 1, r));
            if (!in(r + 1, c))
                painter.drawLine(mapToWidget(c, r + 1), mapToWidget(c + 1, r + 1));
            if (!in(r, c - 1))
                painter.drawLine(mapToWidget(c, r), mapToWidget(c, r + 1));
            if (!in(r, c + 1))
                painter.drawLine(mapToWidget(c + 1, r), mapToWidget(c + 1, r + 1));
        }
}

// --- the panel ---

PredictiveCodingPanel::PredictiveCodingPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("predictive-coding"), QStringLiteral("case-studies/predictive-coding"),
                 predictive::predictiveCodingSpecs(), &PredictiveCodingPanel::compute, parent,
                 scalarKeys(predictive::predictiveCodingOutputs()))
{
    setObjectName(QStringLiteral("predictiveCodingPanel"));
    figureWidget()->setObjectName(QStringLiteral("predictiveCodingFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("predictiveCodingReadout"));
    m_warning = makeReadout(QStringLiteral("predictiveCodingWarning"));
    m_warning->setStyleSheet(QStringLiteral("color: #D55E00; font-weight: bold;"));
    m_warning->hide();

    m_tabs = new QTabWidget(figureWidget());
    m_tabs->setObjectName(QStringLiteral("predictiveCodingTabs"));
    m_tabs->setDocumentMode(true);

    // Part 1: inference.
    auto* inference = new QWidget;
    inference->setObjectName(QStringLiteral("predictiveCodingInference"));
    m_patch = new SquareHeatmap(inference);
    m_patch->setObjectName(QStringLiteral("predictiveCodingPatch"));
    m_prediction = new SquareHeatmap(inference);
    m_prediction->setObjectName(QStringLiteral("predictiveCodingPrediction"));
    m_error = new SquareHeatmap(inference);
    m_error->setObjectName(QStringLiteral("predictiveCodingError"));
    m_basis = new BasisTilesView(inference);
    m_basis->setObjectName(QStringLiteral("predictiveCodingBasis"));

    m_energyPlot = new XYPlot(false, inference);
    m_energyPlot->setObjectName(QStringLiteral("predictiveCodingEnergy"));
    m_energyPlot->setTitle(tr("Energy during inference"));
    m_energyPlot->setAxisTitles(tr("Iteration t (steps)"), tr("Energy E (a.u.)"));
    m_ridge = m_energyPlot->addSeries(tr("ridge r*"), XYPlot::Style::Dashed, bluishGreen);
    m_energy = m_energyPlot->addSeries(tr("E(r_t)"), XYPlot::Style::Line, blue);
    m_energyMark = m_energyPlot->addSeries(tr("shown"), XYPlot::Style::Diamond, vermillion);

    m_distancePlot = new XYPlot(false, inference, true);
    m_distancePlot->setObjectName(QStringLiteral("predictiveCodingDistance"));
    m_distancePlot->setTitle(tr("Distance to the ridge solution r*"));
    m_distancePlot->setAxisTitles(tr("Iteration t (steps)"), tr("‖r − r*‖ (a.u.)"));
    m_distance = m_distancePlot->addSeries(tr("‖r − r*‖"), XYPlot::Style::Line, blue);
    m_distanceMark = m_distancePlot->addSeries(tr("shown"), XYPlot::Style::Diamond, vermillion);

    // Four squares in a row (the three patches share one colour scale, shown once, beside the error units), the two
    // curves below them with room for their legends and log ticks.
    auto* grid1 = new QGridLayout(inference);
    grid1->setContentsMargins(0, 4, 0, 0);
    grid1->setSpacing(4);
    grid1->addWidget(m_patch, 0, 0);
    grid1->addWidget(m_prediction, 0, 1);
    grid1->addWidget(m_error, 0, 2);
    grid1->addWidget(m_basis, 0, 3);
    grid1->addWidget(m_energyPlot, 1, 0, 1, 2);
    grid1->addWidget(m_distancePlot, 1, 2, 1, 2);
    for (int k = 0; k < 4; ++k)
        grid1->setColumnStretch(k, k == 2 ? 5 : 4);
    grid1->setRowStretch(0, 4);
    grid1->setRowStretch(1, 5);

    // Part 2: next-frame prediction.
    auto* nextFrame = new QWidget;
    nextFrame->setObjectName(QStringLiteral("predictiveCodingNextFrame"));
    m_frame = new SquareHeatmap(nextFrame);
    m_frame->setObjectName(QStringLiteral("predictiveCodingFrame"));
    m_framePrediction = new SquareHeatmap(nextFrame);
    m_framePrediction->setObjectName(QStringLiteral("predictiveCodingFramePrediction"));
    m_frameError = new MaskedHeatmap(nextFrame);
    m_frameError->setObjectName(QStringLiteral("predictiveCodingFrameError"));
    m_framePlot = new XYPlot(false, nextFrame);
    m_framePlot->setObjectName(QStringLiteral("predictiveCodingFrameErrors"));
    m_framePlot->setTitle(tr("Prediction error per frame"));
    m_framePlot->setAxisTitles(tr("Frame t (frames)"), tr("Mean |A − Â| (a.u.)"));
    m_eventMark = m_framePlot->addSeries(tr("event t*"), XYPlot::Style::Dashed, muted);
    m_baselineError = m_framePlot->addSeries(tr("copy last frame"), XYPlot::Style::Line, orange);
    m_predictorError = m_framePlot->addSeries(tr("trained predictor"), XYPlot::Style::Line, blue);
    m_frameMark = m_framePlot->addSeries(tr("shown frame"), XYPlot::Style::Diamond, vermillion);

    auto* grid2 = new QGridLayout(nextFrame);
    grid2->setContentsMargins(0, 4, 0, 0);
    grid2->setSpacing(4);
    grid2->addWidget(m_frame, 0, 0);
    grid2->addWidget(m_framePrediction, 0, 1);
    grid2->addWidget(m_frameError, 0, 2);
    grid2->addWidget(m_framePlot, 1, 0, 1, 3);
    // The error map carries the colour bar: its column is wider, so the three images come out about the same size.
    grid2->setColumnStretch(0, 3);
    grid2->setColumnStretch(1, 3);
    grid2->setColumnStretch(2, 4);
    grid2->setRowStretch(0, 4);
    grid2->setRowStretch(1, 5);

    m_tabs->addTab(inference, tr("Rao–Ballard inference"));
    m_tabs->addTab(nextFrame, tr("Next frame"));
    // The plots of the tab not shown are hidden themselves, not only through their page, so whoever walks the
    // figure's plots (the smoke and layout checks, exports) sees only what is on screen.
    const auto syncPages = [this] {
        for (int page = 0; page < m_tabs->count(); ++page)
            for (QWidget* plot : m_tabs->widget(page)->findChildren<QWidget*>(Qt::FindDirectChildrenOnly))
                plot->setVisible(page == m_tabs->currentIndex());
    };
    connect(m_tabs, &QTabWidget::currentChanged, this, syncPages);
    syncPages();

    for (XYPlot* p : {m_energyPlot, m_distancePlot, m_framePlot}) {
        p->setMinimumSize(150, 150);
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    }
    for (SquareHeatmap* p : {m_patch, m_prediction, m_error, m_frame, m_framePrediction,
                             static_cast<SquareHeatmap*>(m_frameError)})
        p->installContextMenu([this] { return metadata(); });

    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_warning, 0);
    figureLayout()->addWidget(m_tabs, 1);
    finishSetup();
}

int PredictiveCodingPanel::learningCount() { return g_learnings.load(); }

void PredictiveCodingPanel::clearCache() { cache().clear(); }

std::shared_ptr<IntroResult> PredictiveCodingPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                            Progress& progress)
{
    auto result = std::make_shared<PredictiveCodingResult>();
    const ParamSet engine = withSeed(predictive::predictiveCodingSpecs(), parameters, seed);
    const std::string key = modelKey(parameters, seed);
    std::shared_ptr<const predictive::PredictiveModels> models = cache().find(key);
    if (!models) {
        models = predictive::learnPredictiveModels(engine, progress);
        ++g_learnings;
        cache().insert(key, models);
        result->learnedNow = true;
    }
    result->run = predictive::computePredictiveCoding(engine, progress, models);
    return result;
}

void PredictiveCodingPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const PredictiveCodingResult&>(shown);
    const predictive::PredictiveCodingRun& run = result.run;
    const predictive::PredictiveModels& models = *run.models;
    using namespace widgets::palette;
    const int side = predictive::kPredictivePatchSize;

    // --- Part 1: images ---
    const int t = run.shownIteration;
    const double range = std::max(maxAbs(run.patch), 1e-12);  // one colour scale for I, U r and e
    m_patch->setTitle(tr("Input patch I"));
    m_patch->setMatrix(patchMatrix(run.patch, side, range, "intensity"));
    m_prediction->setTitle(tr("Prediction (t = %1)").arg(t));
    m_prediction->setMatrix(patchMatrix(run.predictions[std::size_t(t)], side, range, "intensity"));
    // One colour scale for the three, drawn once beside the error units.
    m_patch->setColourBarShown(false);
    m_prediction->setColourBarShown(false);
    m_error->setTitle(tr("Error e = I − U r"));
    m_error->setMatrix(patchMatrix(run.errors[std::size_t(t)], side, range, "I, U r, e"));
    std::vector<std::vector<double>> tiles;
    for (Eigen::Index c = 0; c < models.basis1.cols(); ++c) {
        std::vector<double> tile(std::size_t(models.basis1.rows()));
        for (Eigen::Index i = 0; i < models.basis1.rows(); ++i)
            tile[std::size_t(i)] = models.basis1(i, c);
        tiles.push_back(std::move(tile));
    }
    m_basis->setTitle(models.levels == 1 ? tr("Basis U") : tr("Basis U₁"));
    m_basis->setTiles(std::move(tiles), side, 4);

    // --- Part 1: curves ---
    QList<QPointF> energy, distance;
    double top = run.ridgeEnergy, bottom = run.ridgeEnergy;
    for (std::size_t k = 0; k < run.energy.size(); ++k) {
        energy.append({double(k), run.energy[k]});
        distance.append({double(k), std::max(run.distance[k], kDistanceFloor)});
        top = std::max(top, run.energy[k]);
        bottom = std::min(bottom, run.energy[k]);
    }
    const double last = std::max(1.0, double(run.energy.size() - 1));
    m_energyPlot->setPoints(m_energy, energy);
    m_energyPlot->setPoints(m_ridge, {{0, run.ridgeEnergy}, {last, run.ridgeEnergy}});
    m_energyPlot->setPoints(m_energyMark, {{double(t), run.energy[std::size_t(t)]}});
    m_energyPlot->setXRange(0, last);
    m_energyPlot->setYRange(std::min(0.0, bottom), XYPlot::niceTop(top));
    m_distancePlot->setPoints(m_distance, distance);
    m_distancePlot->setPoints(m_distanceMark, {distance[t]});
    m_distancePlot->setXRange(0, last);
    double dLow = distance.front().y(), dHigh = distance.front().y();
    for (const QPointF& p : distance) {
        dLow = std::min(dLow, p.y());
        dHigh = std::max(dHigh, p.y());
    }
    // One tick per decade while they fit; over many decades (a converged or a diverging run) every 3rd or 4th.
    const double decadeLow = std::floor(std::log10(dLow)), decadeHigh = std::ceil(std::log10(dHigh));
    const int step = decadeHigh - decadeLow > 16 ? 4 : decadeHigh - decadeLow > 6 ? 3 : 1;
    if (auto* axis = qobject_cast<QLogValueAxis*>(m_distancePlot->verticalAxis()))
        axis->setBase(std::pow(10.0, step));
    m_distancePlot->setYRange(std::pow(10.0, step * std::floor(decadeLow / step)),
                              std::pow(10.0, step * std::ceil(decadeHigh / step)));

    // --- Part 2 ---
    const int f = run.shownFrame;
    const predictive::BarMovie& movie = run.movie;
    const predictive::FramePrediction& frame = run.frames.frames[std::size_t(f)];
    double brightest = 1e-12, largestError = 1e-12;
    for (const std::vector<double>& a : movie.frames)
        brightest = std::max(brightest, maxAbs(a));
    std::vector<std::vector<double>> signedErrors;
    for (const predictive::FramePrediction& p : run.frames.frames) {
        std::vector<double> e(p.errorPositive.size());
        for (std::size_t i = 0; i < e.size(); ++i)
            e[i] = p.errorPositive[i] - p.errorNegative[i];
        signedErrors.push_back(std::move(e));
    }
    for (int k = run.frames.firstScoredFrame; k < int(signedErrors.size()); ++k)
        largestError = std::max(largestError, maxAbs(signedErrors[std::size_t(k)]));
    m_frame->setTitle(tr("Frame A at t = %1").arg(f));
    m_frame->setMatrix(frameMatrix(movie.frames[std::size_t(f)], movie.width, movie.height, 0, brightest, false,
                                   "intensity"));
    m_framePrediction->setTitle(tr("Prediction Â"));
    m_framePrediction->setMatrix(frameMatrix(frame.prediction, movie.width, movie.height, 0, brightest, false,
                                             "intensity"));
    const bool atEvent = movie.eventFrame >= 0 && f == movie.eventFrame;
    // Frame and prediction share the grey-level scale 0 … brightest (stated in the text); only the error map, whose
    // scale changes with the movie, carries a colour bar, so the three images are the same size.
    m_frame->setColourBarShown(false);
    m_framePrediction->setColourBarShown(false);
    m_frameError->setTitle(atEvent ? tr("Error E⁺ − E⁻ at t*") : tr("Error E⁺ − E⁻"));
    m_frameError->setMatrix(frameMatrix(signedErrors[std::size_t(f)], movie.width, movie.height, -largestError,
                                        largestError, true, "A − Â"));
    m_frameError->setMask(atEvent ? movie.eventMask : std::vector<int>{}, movie.width);

    QList<QPointF> predictor, baseline;
    double errorTop = 1e-6;
    for (int k = run.frames.firstScoredFrame; k < int(run.frames.frames.size()); ++k) {
        const predictive::FramePrediction& p = run.frames.frames[std::size_t(k)];
        predictor.append({double(k), p.meanAbsError});
        baseline.append({double(k), p.baselineMeanAbsError});
        errorTop = std::max({errorTop, p.meanAbsError, p.baselineMeanAbsError});
    }
    const double yTop = XYPlot::niceTop(errorTop);
    m_framePlot->setPoints(m_predictorError, predictor);
    m_framePlot->setPoints(m_baselineError, baseline);
    m_framePlot->setPoints(m_eventMark, movie.eventFrame >= 0 ? QList<QPointF>{{double(movie.eventFrame), 0.0},
                                                                                {double(movie.eventFrame), yTop}}
                                                               : QList<QPointF>{});
    m_framePlot->setInLegend(m_eventMark, movie.eventFrame >= 0);
    m_framePlot->setPoints(m_frameMark, {{double(f), frame.meanAbsError}});
    m_framePlot->setXRange(0, double(movie.frames.size() - 1));
    m_framePlot->setYRange(0, yTop);

    // --- readouts ---
    if (run.diverged || run.energyIncreased) {
        m_warning->setText(
            tr("Inference diverges: k = %1 × 2/L is above the stability bound, so the error along U's strongest "
               "direction grows by |1 − kL| = %2 each step. %3")
                .arg(number(run.boundFraction, 2), number(std::abs(1 - run.rate * run.lipschitz), 2))
                .arg(run.diverged ? tr("The energy grew a trillion-fold; stopped after %1 iterations.")
                                        .arg(run.iterations)
                                  : tr("The energy rose by up to %1.").arg(scientific(run.maxEnergyIncrease))));
        m_warning->show();
    } else {
        m_warning->clear();
        m_warning->hide();
    }
    QString text = tr("L = %1, k = %2 × 2/L: after %3 iterations E = %4 (ridge %5), ‖r − r*‖ = <b>%6</b>. Next "
                      "frame: mean |error| <b>%7</b> vs <b>%8</b> copying the last frame")
                       .arg(number(run.lipschitz, 2), number(run.boundFraction, 2))
                       .arg(run.iterations)
                       .arg(energyText(run.energy.back()), energyText(run.ridgeEnergy), scientific(run.distance.back()))
                       .arg(number(run.frames.meanAbsError, 4), number(run.frames.baselineMeanAbsError, 4));
    if (movie.eventFrame >= 0)
        text += tr("; at t* = %1, <b>%2 %</b> of the error energy is in the event mask (%3 % of the frame).")
                    .arg(movie.eventFrame)
                    .arg(number(100 * run.maskFraction, 1), number(100 * run.maskArea, 0));
    else
        text += QStringLiteral(".");
    m_readout->setText(text);
}

std::optional<double> PredictiveCodingPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key))
        return std::nullopt;
    return scalarOf(shownResult().run.result, key);
}

QString PredictiveCodingPanel::extraMetadata() const
{
    return notesOf(shownResult().run.result);
}

QList<widgets::DataSeries> PredictiveCodingPanel::dataSeries()
{
    QList<widgets::DataSeries> out;
    const QString iteration = tr("iteration t (steps)");
    out.append({tr("Energy during inference"), tr("E(r_t)"), iteration, tr("energy E"), m_energy->points()});
    out.append({tr("Energy during inference"), tr("ridge r*"), iteration, tr("energy E"), m_ridge->points()});
    out.append({tr("Distance to the ridge solution"), tr("‖r − r*‖"), iteration, tr("‖r_t − r*‖"),
                m_distance->points()});
    out.append({tr("Prediction error per frame"), tr("trained predictor"), tr("frame t"), tr("mean |A − Â|"),
                m_predictorError->points()});
    out.append({tr("Prediction error per frame"), tr("copy last frame"), tr("frame t"), tr("mean |A − Â|"),
                m_baselineError->points()});
    for (SquareHeatmap* p : {m_patch, m_prediction, m_error, m_frame, m_framePrediction,
                             static_cast<SquareHeatmap*>(m_frameError)})
        out.append(p->dataSeries());
    out.append(m_basis->dataSeries());
    return out;
}

}  // namespace neuroai::chapters
