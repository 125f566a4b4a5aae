#include "chapters/vision/LearnedFiltersPanel.h"

#include "chapters/framework/TrainedCache.h"
#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>
#include <numeric>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

std::atomic<int> g_trainings{0};

TrainedCache<vision::LearnedFiltersRun>& cache()
{
    static TrainedCache<vision::LearnedFiltersRun> runs(6);
    return runs;
}

// The tile order only redraws; every other parameter (and the seed) names a training run.
std::string runKey(const ParamSet& parameters, std::uint64_t seed) { return trainingKey(parameters, seed, {"order"}); }

std::vector<ParamSpec> panelSpecs()
{
    std::vector<ParamSpec> specs = vision::learnedFiltersSpecs();
    ParamSpec order = choiceSpec("order", "Tile order", {"as learned", "by orientation"}, 0,
                                 "How the tiles are arranged (redraws without training): in the order of the basis "
                                 "and of the CNN's filters, or sorted by preferred orientation (the sparse-coding "
                                 "tiles that pass the Gabor-like test first).");
    order.group = "View";
    specs.push_back(order);
    return specs;
}

const QColor kGaborFrame = palette::vermillion;

std::vector<double> pixelsOf(const vision::Image& image) { return image.pixels; }

}  // namespace

// --- the tiles ---

FilterTileView::FilterTileView(QWidget* parent) : QWidget(parent)
{
    setProperty("figurePlot", true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
}

void FilterTileView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void FilterTileView::setLegend(const QString& legend)
{
    m_legend = legend;
    update();
}

void FilterTileView::setContent(std::vector<Tile> tiles, int columns)
{
    m_tiles = std::move(tiles);
    m_columns = std::max(1, columns);
    update();
}

void FilterTileView::clear()
{
    m_tiles.clear();
    update();
}

double FilterTileView::legendHeight() const
{
    if (m_legend.isEmpty())
        return 4.0;
    const QFontMetricsF label(PlotStyle::labelFont());
    const QRectF box = label.boundingRect(QRectF(0, 0, std::max(40, width() - 8), 1e5), Qt::TextWordWrap, m_legend);
    return box.height() + label.height() * 0.4;
}

bool FilterTileView::hasCaptions() const
{
    return std::any_of(m_tiles.begin(), m_tiles.end(), [](const Tile& t) { return !t.caption.isEmpty(); });
}

double FilterTileView::titleHeight() const
{
    if (m_title.isEmpty())
        return 4.0;
    const QFontMetricsF title(PlotStyle::axisTitleFont());
    const QRectF box = title.boundingRect(QRectF(0, 0, std::max(40, width() - 8), 1e5), Qt::TextWordWrap, m_title);
    return box.height() + title.height() * 0.5;
}

double FilterTileView::captionWidth() const
{
    const QFontMetricsF label(PlotStyle::labelFont());
    double widest = 0;
    for (const Tile& t : m_tiles)
        if (!t.caption.isEmpty())
            widest = std::max(widest, label.horizontalAdvance(t.caption) + label.height() * 0.6);
    return widest;
}

FilterTileView::Geometry FilterTileView::geometry(int columns) const
{
    const QFontMetricsF label(PlotStyle::labelFont());
    Geometry g;
    g.columns = columns;
    g.rows = (int(m_tiles.size()) + columns - 1) / columns;
    g.top = titleHeight();
    g.caption = hasCaptions() ? label.height() * 1.15 : 0.0;
    const double cellW = (width() - 8.0) / columns;
    const double cellH = (height() - g.top - legendHeight()) / std::max(1, g.rows);
    g.gap = std::clamp(0.1 * std::min(cellW, cellH), 6.0, 12.0);
    g.side = std::max(6.0, std::min(cellW - g.gap, cellH - g.caption - g.gap));
    g.pitchX = std::max(g.side + g.gap, captionWidth());  // captions of neighbours never overlap
    g.fits = cellW >= captionWidth();
    return g;
}

FilterTileView::Geometry FilterTileView::layoutGeometry() const
{
    // Up to the requested number of columns: the one that gives the largest tiles with captions that fit.
    const int most = std::max(1, std::min(m_columns, int(m_tiles.size())));
    Geometry best = geometry(most);
    if (!hasCaptions())
        return best;
    bool found = best.fits;
    for (int c = most - 1; c >= 1; --c) {
        const Geometry g = geometry(c);
        if (g.fits && (!found || g.side > best.side)) {
            best = g;
            found = true;
        }
    }
    return best;
}

QRectF FilterTileView::tileRect(int index) const
{
    if (index < 0 || index >= int(m_tiles.size()))
        return {};
    const Geometry g = layoutGeometry();
    // The grid is centred as a block, so the tiles sit together however wide the view is.
    const double blockW = g.columns * g.pitchX;
    const double blockH = g.rows * (g.side + g.caption + g.gap);
    const double left = (width() - blockW) / 2 + (g.pitchX - g.side) / 2;
    const double y0 = g.top + std::max(0.0, (height() - g.top - legendHeight() - blockH) / 2) + g.gap / 2;
    const int r = index / g.columns, c = index % g.columns;
    return {left + c * g.pitchX, y0 + r * (g.side + g.caption + g.gap), g.side, g.side};
}

void FilterTileView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const QFont titleFont = PlotStyle::axisTitleFont(), labelFont = PlotStyle::labelFont();
    const QFontMetricsF label(labelFont);
    if (!m_title.isEmpty()) {
        painter.setFont(titleFont);
        painter.setPen(palette::black);
        painter.drawText(QRectF(4, 0, width() - 8, titleHeight()), Qt::AlignCenter | Qt::TextWordWrap, m_title);
    }
    for (int t = 0; t < int(m_tiles.size()); ++t) {
        const Tile& tile = m_tiles[std::size_t(t)];
        const QRectF r = tileRect(t);
        const int n = tile.size;
        if (n > 0 && int(tile.values.size()) == n * n) {
            double peak = 0;
            for (double v : tile.values)
                peak = std::max(peak, std::abs(v));
            const double px = r.width() / n;
            for (int y = 0; y < n; ++y)
                for (int x = 0; x < n; ++x) {
                    const double v = peak > 0 ? tile.values[std::size_t(y * n + x)] / peak : 0.0;
                    const int grey = std::clamp(int(std::lround(127.5 + 127.5 * v)), 0, 255);
                    painter.fillRect(QRectF(r.left() + x * px, r.top() + y * px, px + 0.5, px + 0.5),
                                     QColor(grey, grey, grey));
                }
        }
        painter.setBrush(Qt::NoBrush);
        if (tile.frame.isValid()) {
            const double w = std::clamp(r.width() / 14, 2.0, 5.0);
            painter.setPen(QPen(tile.frame, w, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
            painter.drawRect(r.adjusted(-w / 2, -w / 2, w / 2, w / 2));
        } else {
            painter.setPen(QPen(palette::muted, 1));
            painter.drawRect(r);
        }
        if (!tile.caption.isEmpty()) {
            painter.setFont(labelFont);
            painter.setPen(palette::black);
            const double w = std::max(r.width(), captionWidth());
            painter.drawText(QRectF(r.center().x() - w / 2, r.bottom() + 3, w, label.height() * 1.15),
                             Qt::AlignHCenter | Qt::AlignTop, tile.caption);
        }
    }
    if (m_legend.isEmpty())
        return;
    painter.setFont(labelFont);
    painter.setPen(palette::muted);
    const double h = legendHeight();
    painter.drawText(QRectF(4, height() - h, width() - 8, h), Qt::AlignCenter | Qt::TextWordWrap, m_legend);
}

QList<widgets::DataSeries> FilterTileView::dataSeries() const
{
    QList<widgets::DataSeries> out;
    for (std::size_t t = 0; t < m_tiles.size(); ++t) {
        const Tile& tile = m_tiles[t];
        QList<QPointF> points;
        for (std::size_t k = 0; k < tile.values.size(); ++k)
            points.append({double(k), tile.values[k]});
        const QString name = tile.caption.isEmpty() ? tr("tile %1").arg(t + 1)
                                                    : tr("tile %1 (%2)").arg(t + 1).arg(tile.caption);
        out.append({m_title, name, tr("pixel (row-major, from 0)"), tr("weight"), points});
    }
    return out;
}

// --- the panel ---

LearnedFiltersPanel::LearnedFiltersPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("learned-filters"), QStringLiteral("vision/learned-filters"), panelSpecs(),
                 &LearnedFiltersPanel::compute, parent, scalarKeys(vision::learnedFiltersOutputs()))
{
    setObjectName(QStringLiteral("learnedFiltersPanel"));
    figureWidget()->setObjectName(QStringLiteral("learnedFiltersFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("learnedFiltersReadout"));

    m_sparseTiles = new FilterTileView(figureWidget());
    m_sparseTiles->setObjectName(QStringLiteral("learnedFiltersSparseTiles"));
    m_sparseTiles->setLegend(tr("Orange frame: Gabor-like (spread ≤ 0.5 and R ≥ 0.5). Each tile scaled to its "
                                "largest |weight|, mid-grey = 0."));
    m_cnnTiles = new FilterTileView(figureWidget());
    m_cnnTiles->setObjectName(QStringLiteral("learnedFiltersCnnTiles"));
    m_cnnTiles->setLegend(tr("θ: preferred grating orientation (frame hue as in the filter-bank map); R: its "
                             "concentration."));

    m_energyPlot = new XYPlot(false, figureWidget());
    m_energyPlot->setObjectName(QStringLiteral("learnedFiltersEnergy"));
    m_energyPlot->setTitle(tr("Held-out energy"));
    m_energyPlot->setAxisTitles(tr("Learning step (batches)"), tr("Energy E (pixel variance)"));
    m_energy = m_energyPlot->addSeries(tr("E"), XYPlot::Style::Line, blue);
    m_reconstruction = m_energyPlot->addSeries(tr("error"), XYPlot::Style::Dashed, orange);
    m_sparsity = m_energyPlot->addSeries(tr("λ‖a‖₁"), XYPlot::Style::Dashed, bluishGreen);

    m_accuracyPlot = new XYPlot(false, figureWidget());
    m_accuracyPlot->setObjectName(QStringLiteral("learnedFiltersAccuracy"));
    m_accuracyPlot->setTitle(tr("Held-out accuracy"));
    m_accuracyPlot->setAxisTitles(tr("Training step (batches)"), tr("Accuracy (fraction)"));
    m_chance = m_accuracyPlot->addSeries(tr("chance 25 %"), XYPlot::Style::Dashed, muted);
    m_accuracy = m_accuracyPlot->addSeries(tr("CNN"), XYPlot::Style::Line, vermillion);

    for (XYPlot* p : {m_energyPlot, m_accuracyPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_sparseTiles, 0, 0);
    grid->addWidget(m_cnnTiles, 0, 1);
    grid->addWidget(m_energyPlot, 1, 0);
    grid->addWidget(m_accuracyPlot, 1, 1);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_energyPlot, m_accuracyPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });

    finishSetupWithPlaceholder();
}

int LearnedFiltersPanel::trainingCount() { return g_trainings.load(); }

void LearnedFiltersPanel::clearCache() { cache().clear(); }

std::shared_ptr<IntroResult> LearnedFiltersPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                          Progress& progress)
{
    auto result = std::make_shared<LearnedFiltersResult>();
    const ParamSet engine = withSeed(vision::learnedFiltersSpecs(), parameters, seed);
    if (isPlaceholder())
        return result;
    const std::string key = runKey(parameters, seed);
    std::shared_ptr<const vision::LearnedFiltersRun> run = cache().find(key);
    result->fromCache = run != nullptr;
    if (!run) {
        auto fresh = std::make_shared<vision::LearnedFiltersRun>(vision::computeLearnedFilters(engine, progress, true));
        ++g_trainings;
        cache().insert(key, fresh);
        run = std::move(fresh);
    }
    result->run = std::move(run);
    result->trained = true;
    return result;
}

std::vector<int> LearnedFiltersPanel::sparseOrder(const vision::LearnedFiltersRun& run, bool byOrientation)
{
    std::vector<int> order(run.shapes.scores.size());
    std::iota(order.begin(), order.end(), 0);
    if (byOrientation)
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            const vision::FilterShapeScore& x = run.shapes.scores[std::size_t(a)];
            const vision::FilterShapeScore& y = run.shapes.scores[std::size_t(b)];
            if (x.gaborLike != y.gaborLike)
                return x.gaborLike;
            return x.orientationRad < y.orientationRad;
        });
    return order;
}

std::vector<int> LearnedFiltersPanel::cnnOrder(const vision::LearnedFiltersRun& run, bool byOrientation)
{
    std::vector<int> order(run.cnnOrientations.size());
    std::iota(order.begin(), order.end(), 0);
    if (byOrientation)
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
            return run.cnnOrientations[std::size_t(a)].angleDeg < run.cnnOrientations[std::size_t(b)].angleDeg;
        });
    return order;
}

void LearnedFiltersPanel::drawBasis(const std::vector<vision::Image>& basis, const vision::FilterShapeSummary& shapes,
                                    const std::vector<int>& order, int randomStart)
{
    std::vector<FilterTileView::Tile> tiles;
    for (int k : order) {
        const vision::Image& f = basis[std::size_t(k)];
        FilterTileView::Tile tile;
        tile.size = f.width;
        tile.values = pixelsOf(f);
        if (std::size_t(k) < shapes.scores.size() && shapes.scores[std::size_t(k)].gaborLike)
            tile.frame = kGaborFrame;
        tiles.push_back(std::move(tile));
    }
    const int count = int(tiles.size());
    const int columns = std::max(1, int(std::ceil(std::sqrt(double(count)))));
    QString title = tr("Sparse coding: %1 of %2 filters Gabor-like")
                        .arg(int(std::lround(shapes.gaborLikeFraction * count)))
                        .arg(count);
    if (randomStart >= 0)
        title += tr(" (random start: %1)").arg(randomStart);
    m_sparseTiles->setTitle(title);
    m_sparseTiles->setContent(std::move(tiles), columns);
}

void LearnedFiltersPanel::drawEnergy(const ResultSeries& energy, const ResultSeries* reconstruction,
                                     const ResultSeries* sparsity, int steps)
{
    const auto points = [](const ResultSeries* s) {
        QList<QPointF> out;
        if (s)
            for (std::size_t k = 0; k < s->x.size(); ++k)
                out.append({s->x[k], s->y[k]});
        return out;
    };
    double top = 1;
    for (const ResultSeries* s : {&energy, reconstruction, sparsity})
        if (s)
            for (double v : s->y)
                if (std::isfinite(v))
                    top = std::max(top, v);
    m_energyPlot->setPoints(m_energy, points(&energy));
    m_energyPlot->setPoints(m_reconstruction, points(reconstruction));
    m_energyPlot->setPoints(m_sparsity, points(sparsity));
    m_energyPlot->setXRange(0, std::max(1, steps));
    m_energyPlot->setYRange(0, XYPlot::niceTop(top));
}

void LearnedFiltersPanel::drawCnn(const nn::SmallCnnSnapshot& cnn, const std::vector<int>& order, int steps)
{
    QList<QPointF> accuracy;
    for (std::size_t k = 0; k < cnn.evalSteps.size() && k < cnn.testAccuracy.size(); ++k)
        accuracy.append({double(cnn.evalSteps[k]), cnn.testAccuracy[k]});
    m_accuracyPlot->setPoints(m_accuracy, accuracy);
    const double end = std::max(1, steps);
    m_accuracyPlot->setPoints(m_chance, {{0, 0.25}, {end, 0.25}});
    m_accuracyPlot->setXRange(0, end);
    m_accuracyPlot->setYRange(0, 1);

    std::vector<FilterTileView::Tile> tiles;
    double meanR = 0;
    for (int k : order) {
        if (std::size_t(k) >= cnn.filters.size())
            continue;
        const nn::FilterOrientation o = nn::orientationOf(cnn.filters[std::size_t(k)], cnn.kernel);
        meanR += o.concentration / double(cnn.filters.size());
        FilterTileView::Tile tile;
        tile.size = cnn.kernel;
        tile.values = cnn.filters[std::size_t(k)];
        tile.caption = tr("θ %1° · R %2").arg(o.angleDeg, 0, 'f', 0).arg(readoutNumber(o.concentration, 2));
        tile.frame = OrientationMapPlot::orientationColour(o.angleDeg);
        tiles.push_back(std::move(tile));
    }
    const int count = int(tiles.size());
    m_cnnTiles->setTitle(tr("CNN: %1 first-layer filters of %2 × %2, mean R %3")
                             .arg(count)
                             .arg(cnn.kernel)
                             .arg(readoutNumber(meanR, 2)));
    m_cnnTiles->setContent(std::move(tiles), std::min(count, 4));
}

void LearnedFiltersPanel::drawLive(std::shared_ptr<const LiveData> picture)
{
    auto live = std::dynamic_pointer_cast<const vision::LearnedFiltersLive>(std::move(picture));
    if (!live)
        return;
    const vision::FilterShapeSummary shapes = vision::filterShapes(live->basis);
    std::vector<int> order(live->basis.size());
    std::iota(order.begin(), order.end(), 0);
    drawBasis(live->basis, shapes, order);
    drawEnergy(live->energy, &live->reconstruction, &live->sparsity, live->sparseSteps);
    const int cnnSteps = live->cnnStarted ? live->cnn.steps : int(parameters()["cnn_steps"]);
    if (live->cnnStarted) {
        std::vector<int> cnnOrder(live->cnn.filters.size());
        std::iota(cnnOrder.begin(), cnnOrder.end(), 0);
        drawCnn(live->cnn, cnnOrder, cnnSteps);
        m_readout->setText(tr("Sparse coding done (%1 steps). The CNN learns on a job: step <b>%2</b> of %3, "
                              "<b>%4 %</b> held out.")
                               .arg(live->sparseStep)
                               .arg(live->cnn.step)
                               .arg(live->cnn.steps)
                               .arg(readoutNumber(live->cnn.testAccuracy.empty()
                                                      ? 0.0
                                                      : 100 * live->cnn.testAccuracy.back(),
                                                  1)));
    } else {
        drawCnn({}, {}, cnnSteps);
        m_cnnTiles->setTitle(tr("CNN: first-layer filters (after sparse coding)"));
        m_readout->setText(tr("Sparse coding learns on a job: step <b>%1</b> of %2, %3 % Gabor-like so far.")
                               .arg(live->sparseStep)
                               .arg(live->sparseSteps)
                               .arg(readoutNumber(100 * shapes.gaborLikeFraction, 0)));
    }
}

void LearnedFiltersPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const LearnedFiltersResult&>(shown);
    if (!result.trained) {
        drawEnergy({}, nullptr, nullptr, int(result.parameters["sparse_steps"]));
        drawCnn({}, {}, int(result.parameters["cnn_steps"]));
        m_sparseTiles->clear();
        m_cnnTiles->clear();
        m_sparseTiles->setTitle(tr("Sparse coding: basis functions"));
        m_cnnTiles->setTitle(tr("CNN: first-layer filters"));
        m_readout->setText(tr("Learning the filters on a background job…"));
        return;
    }
    const vision::LearnedFiltersRun& run = *result.run;
    const bool byOrientation = int(result.parameters["order"]) == 1;
    drawBasis(run.basis, run.shapes, sparseOrder(run, byOrientation),
              int(std::lround(run.initialShapes.gaborLikeFraction * double(run.basis.size()))));
    drawEnergy(run.energy, &run.reconstruction, &run.sparsity, int(result.parameters["sparse_steps"]));
    drawCnn(run.cnn, cnnOrder(run, byOrientation), int(result.parameters["cnn_steps"]));

    const double before = run.energy.y.front(), after = run.energy.y.back();
    const double accuracy = run.cnn.testAccuracy.empty() ? std::nan("") : run.cnn.testAccuracy.back();
    const QString source = QString::fromStdString(result.parameters.spec("images")->display(result.parameters["images"]));
    // Two lines at most in presentation mode at 1280 × 800, so the plots keep the screen; the rest (the start's
    // share, the active coefficients, the CNN's loss and R) is in the tile titles, the exported notes and readouts.
    QString text = tr("<b>%1</b>: <b>%2 %</b> of the filters Gabor-like, energy %3 → %4. CNN: <b>%5 %</b> held out "
                      "(chance 25 %).")
                       .arg(source)
                       .arg(readoutNumber(100 * run.shapes.gaborLikeFraction, 0))
                       .arg(readoutNumber(before, 1))
                       .arg(readoutNumber(after, 1))
                       .arg(readoutNumber(100 * accuracy, 1));
    if (run.sparseDiverged)
        text += tr(" Sparse coding stopped early: %1").arg(QString::fromStdString(run.sparseMessage));
    if (!run.cnn.message.empty())
        text += tr(" CNN: %1").arg(QString::fromStdString(run.cnn.message));
    m_readout->setText(text);
}

std::optional<double> LearnedFiltersPanel::readout(const QString& key) const
{
    if (!trained() || !readoutNames().contains(key))
        return std::nullopt;
    return scalarOf(lastResult().run->result, key);
}

QString LearnedFiltersPanel::extraMetadata() const
{
    return trained() ? notesOf(lastResult().run->result) : QString();
}

QList<widgets::DataSeries> LearnedFiltersPanel::dataSeries()
{
    QList<widgets::DataSeries> out;
    const QString step = tr("step (batches)");
    if (m_energy->count() > 0)
        out.append({tr("Sparse coding: held-out energy"), tr("energy"), step, tr("energy (pixel variance)"), m_energy->points()});
    if (m_reconstruction->count() > 0)
        out.append({tr("Sparse coding: held-out energy"), tr("reconstruction"), step, tr("energy (pixel variance)"),
                    m_reconstruction->points()});
    if (m_sparsity->count() > 0)
        out.append({tr("Sparse coding: held-out energy"), tr("sparsity"), step, tr("energy (pixel variance)"), m_sparsity->points()});
    if (m_accuracy->count() > 0)
        out.append({tr("CNN: held-out accuracy"), tr("CNN"), step, tr("accuracy (fraction)"), m_accuracy->points()});
    out.append(m_sparseTiles->dataSeries());
    out.append(m_cnnTiles->dataSeries());
    return out;
}

}  // namespace neuroai::chapters
