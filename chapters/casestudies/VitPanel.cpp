#include "chapters/casestudies/VitPanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/TrainedCache.h"
#include "engine/core/Job.h"
#include "engine/nn/AttentionExperiments.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <sstream>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {


std::atomic<int> g_trainings{0};

TrainedCache<VitTrainedModel>& cache()
{
    static TrainedCache<VitTrainedModel> models(6);
    return models;
}

// The image shown and the query token only redraw; every other parameter (and the seed) names a training run.
std::string modelKey(const ParamSet& parameters, std::uint64_t seed)
{
    return trainingKey(parameters, seed, {"image", "query"});
}

std::vector<ParamSpec> panelSpecs()
{
    std::vector<ParamSpec> specs = nn::vitTrainingSpecs();
    ParamSpec image{"image", "Image shown", "", 1, 400, 1, Scale::Linear,
                    "Which of the 400 held-out test images the attention maps are drawn for (redraws without "
                    "training).",
                    0};
    image.asInteger().group = "View";
    ParamSpec query{"query", "Query token", "", 0, 64, 0, Scale::Linear,
                    "Whose attention is drawn: 0 = the [CLS] token (what the classifier reads), k = patch k, counted "
                    "row by row from the top left. Clicking a patch sets it; clicking it again returns to [CLS].",
                    0};
    query.asInteger().group = "View";
    specs.push_back(image);
    specs.push_back(query);
    return specs;
}

QString shapeLabel(int shape) { return QString::fromLatin1(nn::shapeName(nn::Shape(shape))); }

QJsonArray toJson(const std::vector<double>& values)
{
    QJsonArray out;
    for (double v : values)
        out.append(v);
    return out;
}

std::vector<double> fromJson(const QJsonValue& value)
{
    std::vector<double> out;
    for (const QJsonValue& v : value.toArray())
        out.push_back(v.toDouble(std::nan("")));
    return out;
}

QString configText(const nn::VitConfig& c)
{
    return QObject::tr("patch %1 px, %2 heads, %3 layers, d = %4").arg(c.patchSize).arg(c.heads).arg(c.layers).arg(c.dim);
}

// The trained model a state carries (extras "vit_model", its curves, and "trained_for": the training key of the
// parameters and seed it was trained with). An edit of a training parameter keeps the extras of the state it started
// from, so a model trained for other settings is not an error: it is simply not used (`*usable` false). A model
// that claims the state's settings must load and match them. Empty message when the extras are acceptable.
QString readSavedModel(const QJsonObject& extras, const ParamSet& parameters, std::uint64_t seed,
                       VitTrainedModel* entry, bool* usable = nullptr)
{
    if (usable)
        *usable = false;
    const QStringList known = {QStringLiteral("vit_model"),      QStringLiteral("trained_for"),
                               QStringLiteral("loss"),           QStringLiteral("accuracy_steps"),
                               QStringLiteral("accuracy"),       QStringLiteral("steps_to_90")};
    for (const QString& key : extras.keys())
        if (!known.contains(key))
            return QObject::tr("extras: unknown entry \"%1\" (this panel keeps only a trained model)").arg(key);
    if (extras.isEmpty())
        return {};
    if (!extras.value(QStringLiteral("trained_for")).isString())
        return QObject::tr("extras.trained_for: missing (the settings the saved model was trained with)");
    if (extras.value(QStringLiteral("trained_for")).toString().toStdString() != modelKey(parameters, seed))
        return {};
    if (!extras.value(QStringLiteral("vit_model")).isString())
        return QObject::tr("extras.vit_model: missing or not a text");
    const std::string text = extras.value(QStringLiteral("vit_model")).toString().toStdString();
    long long parameterCount = 0;
    try {
        std::istringstream in(text);
        nn::VisionTransformer model = nn::VisionTransformer::load(in);
        parameterCount = model.parameterCount();
        const nn::VitConfig want = nn::vitConfig(parameters);
        const nn::VitConfig& have = model.config();
        if (have.patchSize != want.patchSize || have.heads != want.heads || have.layers != want.layers ||
            have.dim != want.dim || have.mlpHidden != want.mlpHidden || have.imageSize != want.imageSize ||
            have.classes != want.classes)
            return QObject::tr("extras.vit_model: the saved model has %1, but the parameters ask for %2")
                .arg(configText(have), configText(want));
    } catch (const std::exception& e) {
        return QObject::tr("extras.vit_model: %1").arg(QString::fromStdString(e.what()));
    }
    const std::vector<double> loss = fromJson(extras.value(QStringLiteral("loss")));
    const std::vector<double> steps = fromJson(extras.value(QStringLiteral("accuracy_steps")));
    const std::vector<double> accuracy = fromJson(extras.value(QStringLiteral("accuracy")));
    if (steps.size() != accuracy.size())
        return QObject::tr("extras: accuracy_steps and accuracy differ in length (%1 and %2)")
            .arg(steps.size())
            .arg(accuracy.size());
    for (const std::vector<double>* values : {&loss, &steps, &accuracy})
        for (double v : *values)
            if (!std::isfinite(v))
                return QObject::tr("extras: the training curves hold a value that is not a finite number");
    if (usable)
        *usable = true;
    if (entry) {
        entry->text = text;
        entry->loss.name = "train_loss";
        entry->accuracy.name = "test_accuracy";
        for (std::size_t k = 0; k < loss.size(); ++k) {
            entry->loss.x.push_back(double(k + 1));
            entry->loss.y.push_back(loss[k]);
        }
        entry->accuracy.x = steps;
        entry->accuracy.y = accuracy;
        entry->stepsTo90 = extras.value(QStringLiteral("steps_to_90")).toDouble(std::nan(""));
        entry->parameters = parameterCount;
    }
    return {};
}

}  // namespace

// --- the patch attention tiles ---

PatchAttentionView::PatchAttentionView(QWidget* parent) : QWidget(parent)
{
    setProperty("figurePlot", true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setCursor(Qt::PointingHandCursor);
}

void PatchAttentionView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void PatchAttentionView::setLegendShown(bool shown)
{
    m_legend = shown;
    update();
}

void PatchAttentionView::setContent(const Eigen::MatrixXd& image, int patchesPerSide, std::vector<Tile> tiles,
                                    int columns, int query)
{
    m_image = image;
    m_side = patchesPerSide;
    m_tiles = std::move(tiles);
    m_columns = std::max(1, columns);
    m_query = query;
    update();
}

void PatchAttentionView::clear()
{
    m_image.resize(0, 0);
    m_tiles.clear();
    m_side = 0;
    update();
}

QRectF PatchAttentionView::imageRect(int index) const
{
    if (index < 0 || index >= int(m_tiles.size()))
        return {};
    const QFontMetricsF title(PlotStyle::axisTitleFont()), label(PlotStyle::labelFont());
    const double top = m_title.isEmpty() ? 4 : title.height() * 1.4;
    const double legend = m_legend ? label.height() * 1.5 : 4.0;
    const int rows = (int(m_tiles.size()) + m_columns - 1) / m_columns;
    const double cellW = (width() - 8.0) / m_columns;
    const double cellH = (height() - top - legend) / rows;
    const double caption = label.height() * 1.2;
    const double side = std::max(8.0, std::min(cellW - 8, cellH - caption - 6));
    const int r = index / m_columns, c = index % m_columns;
    const double x = 4 + c * cellW + (cellW - side) / 2;
    const double y = top + r * cellH + caption + (cellH - caption - side) / 2;
    return {x, y, side, side};
}

int PatchAttentionView::patchAt(const QPointF& position) const
{
    if (m_side <= 0)
        return 0;
    for (int t = 0; t < int(m_tiles.size()); ++t) {
        const QRectF r = imageRect(t);
        if (!r.contains(position))
            continue;
        const int col = std::clamp(int((position.x() - r.left()) / r.width() * m_side), 0, m_side - 1);
        const int row = std::clamp(int((position.y() - r.top()) / r.height() * m_side), 0, m_side - 1);
        return row * m_side + col + 1;
    }
    return 0;
}

void PatchAttentionView::mousePressEvent(QMouseEvent* event)
{
    if (const int patch = patchAt(event->position()); patch > 0 && event->button() == Qt::LeftButton)
        emit patchClicked(patch);
    QWidget::mousePressEvent(event);
}

void PatchAttentionView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const QFont titleFont = PlotStyle::axisTitleFont(), labelFont = PlotStyle::labelFont();
    const QFontMetricsF title(titleFont), label(labelFont);
    if (!m_title.isEmpty()) {
        painter.setFont(titleFont);
        painter.setPen(palette::black);
        painter.drawText(QRectF(0, 0, width(), title.height() * 1.4), Qt::AlignCenter, m_title);
    }
    if (m_tiles.empty() || m_image.size() == 0 || m_side <= 0)
        return;
    const double lo = m_image.minCoeff(), hi = m_image.maxCoeff();
    const double span = hi > lo ? hi - lo : 1.0;
    const int n = int(m_image.rows());
    const double cellsPerPatch = double(n) / m_side;
    const QColor heat(213, 60, 0);
    for (int t = 0; t < int(m_tiles.size()); ++t) {
        const Tile& tile = m_tiles[std::size_t(t)];
        const QRectF r = imageRect(t);
        painter.setFont(labelFont);
        painter.setPen(palette::black);
        painter.drawText(QRectF(r.left() - 40, r.top() - label.height() * 1.2, r.width() + 80, label.height() * 1.2),
                         Qt::AlignCenter, tile.caption);
        // The image in grey (lighter when a map lies over it, so the colours stay readable).
        const double px = r.width() / n;
        const double lift = tile.weights.empty() ? 0.0 : 0.35;
        for (int y = 0; y < n; ++y)
            for (int x = 0; x < n; ++x) {
                const double g = (m_image(y, x) - lo) / span;
                const int grey = int(std::lround(255 * (lift + (1 - lift) * std::clamp(g, 0.0, 1.0))));
                painter.fillRect(QRectF(r.left() + x * px, r.top() + y * px, px + 0.5, px + 0.5),
                                 QColor(grey, grey, grey));
            }
        if (!tile.weights.empty()) {
            const double top = *std::max_element(tile.weights.begin(), tile.weights.end());
            const double pw = r.width() / m_side;
            for (int k = 0; k < int(tile.weights.size()) && k < m_side * m_side; ++k) {
                const double f = top > 0 ? std::clamp(tile.weights[std::size_t(k)] / top, 0.0, 1.0) : 0.0;
                QColor c = heat;
                c.setAlphaF(float(0.8 * f));
                painter.fillRect(QRectF(r.left() + (k % m_side) * pw, r.top() + (k / m_side) * pw, pw, pw), c);
            }
            if (cellsPerPatch > 1) {
                painter.setPen(QPen(QColor(255, 255, 255, 120), 1));
                for (int k = 1; k < m_side; ++k) {
                    painter.drawLine(QPointF(r.left() + k * pw, r.top()), QPointF(r.left() + k * pw, r.bottom()));
                    painter.drawLine(QPointF(r.left(), r.top() + k * pw), QPointF(r.right(), r.top() + k * pw));
                }
            }
        }
        painter.setPen(QPen(palette::muted, 1));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(r);
        if (m_query > 0 && m_query <= m_side * m_side) {
            const double pw = r.width() / m_side;
            const int k = m_query - 1;
            painter.setPen(PlotStyle::pen(palette::skyBlue, 1.6));
            painter.drawRect(QRectF(r.left() + (k % m_side) * pw, r.top() + (k / m_side) * pw, pw, pw));
        }
    }
    if (!m_legend)
        return;
    painter.setFont(labelFont);
    painter.setPen(palette::muted);
    painter.drawText(QRectF(0, height() - label.height() * 1.5, width(), label.height() * 1.5),
                     Qt::AlignCenter | Qt::TextWordWrap,
                     m_query > 0 ? tr("red: weight ÷ the tile's largest · blue outline: the query patch")
                                 : tr("red: weight ÷ the tile's largest · click a patch to make it the query"));
}

QList<widgets::DataSeries> PatchAttentionView::dataSeries() const
{
    QList<widgets::DataSeries> out;
    for (const Tile& tile : m_tiles) {
        if (tile.weights.empty())
            continue;
        QList<QPointF> points;
        for (std::size_t k = 0; k < tile.weights.size(); ++k)
            points.append({double(k + 1), tile.weights[k]});
        out.append({m_title, tile.caption, tr("patch (row-major, from 1)"), tr("attention weight"), points});
    }
    return out;
}

// --- the panel ---

VitPanel::VitPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("vit-training"), QStringLiteral("case-studies/vision-transformer"), panelSpecs(),
                 &VitPanel::compute, parent,
                 {QStringLiteral("final_accuracy"), QStringLiteral("steps_to_90"), QStringLiteral("cls_weight")})
{
    setObjectName(QStringLiteral("vitPanel"));
    figureWidget()->setObjectName(QStringLiteral("vitFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("vitReadout"));

    m_lossPlot = new XYPlot(false, figureWidget());
    m_lossPlot->setObjectName(QStringLiteral("vitLoss"));
    m_lossPlot->setTitle(tr("Training loss"));
    m_lossPlot->setAxisTitles(tr("Training step (batches)"), tr("Cross-entropy (nats)"));
    m_loss = m_lossPlot->addSeries(tr("batch loss"), XYPlot::Style::Line, blue);
    m_lossPlot->setInLegend(m_loss, false);

    m_accuracyPlot = new XYPlot(false, figureWidget());
    m_accuracyPlot->setObjectName(QStringLiteral("vitAccuracy"));
    m_accuracyPlot->setTitle(tr("Held-out accuracy"));
    m_accuracyPlot->setAxisTitles(tr("Training step (batches)"), tr("Accuracy (fraction)"));
    m_chance = m_accuracyPlot->addSeries(tr("chance"), XYPlot::Style::Dashed, muted);
    m_target = m_accuracyPlot->addSeries(tr("90 %"), XYPlot::Style::Dashed, bluishGreen);
    m_accuracy = m_accuracyPlot->addSeries(tr("ViT"), XYPlot::Style::Line, vermillion);

    m_rollout = new PatchAttentionView(figureWidget());
    m_rollout->setObjectName(QStringLiteral("vitRollout"));
    m_rollout->setLegendShown(false);
    m_heads = new PatchAttentionView(figureWidget());
    m_heads->setObjectName(QStringLiteral("vitHeads"));
    for (PatchAttentionView* view : {m_rollout, m_heads})
        connect(view, &PatchAttentionView::patchClicked, this, [this](int patch) {
            const int current = int(parameters()["query"]);
            binding().setParameter(QStringLiteral("query"), patch == current ? 0 : patch);
        });

    for (XYPlot* p : {m_lossPlot, m_accuracyPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_lossPlot, 0, 0);
    grid->addWidget(m_accuracyPlot, 0, 1);
    grid->addWidget(m_rollout, 0, 2);
    grid->addWidget(m_heads, 1, 0, 1, 3);
    grid->setColumnStretch(0, 4);
    grid->setColumnStretch(1, 4);
    grid->setColumnStretch(2, 5);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_lossPlot, m_accuracyPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });

    finishSetupWithPlaceholder();
}

int VitPanel::trainingCount() { return g_trainings.load(); }

void VitPanel::clearCache() { cache().clear(); }

std::shared_ptr<IntroResult> VitPanel::compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress)
{
    auto result = std::make_shared<VitResult>();
    const ParamSet training = withSeed(nn::vitTrainingSpecs(), parameters, seed);
    const nn::VitConfig config = nn::vitConfig(training);
    result->patchesPerSide = config.patchesPerSide();
    result->layers = config.layers;
    result->heads = config.heads;
    result->imageSize = config.imageSize;
    if (isPlaceholder())
        return result;

    const std::string key = modelKey(parameters, seed);
    std::shared_ptr<const VitTrainedModel> trained = cache().find(key);
    result->fromCache = trained != nullptr;
    if (!trained) {
        nn::VitTrainingRun run = nn::trainVit(training, progress, true);
        ++g_trainings;
        auto entry = std::make_shared<VitTrainedModel>();
        std::ostringstream out;
        run.model->save(out);
        entry->text = out.str();
        entry->loss = std::move(run.loss);
        entry->accuracy = std::move(run.accuracy);
        entry->stepsTo90 = run.stepsTo90;
        entry->parameters = run.model->parameterCount();
        cache().insert(key, entry);
        trained = std::move(entry);
    }
    progress.setStage("drawing the attention maps");
    result->model = trained;
    result->trained = true;

    // A copy of the model for this job: its forward pass keeps what a backward pass would need.
    std::istringstream in(trained->text);
    nn::VisionTransformer vit = nn::VisionTransformer::load(in);
    const nn::ShapeImages test = nn::vitTestImages(training);
    result->imageIndex = std::clamp(int(parameters["image"]) - 1, 0, int(test.images.size()) - 1);
    result->image = test.images[std::size_t(result->imageIndex)];
    result->label = test.labels[std::size_t(result->imageIndex)];
    const Eigen::VectorXd logits = vit.forward(result->image);
    const Eigen::VectorXd e = (logits.array() - logits.maxCoeff()).exp();
    const Eigen::VectorXd p = e / e.sum();
    result->probabilities.assign(p.data(), p.data() + p.size());
    Eigen::Index best = 0;
    p.maxCoeff(&best);
    result->predicted = int(best);

    const int patches = config.patchCount();
    result->query = int(parameters["query"]);
    if (result->query > patches) {
        result->queryClamped = true;
        result->query = 0;
    }
    for (int l = 0; l < config.layers; ++l)
        for (int h = 0; h < config.heads; ++h) {
            const nn::Matrix& a = vit.attention(l, h, 0);
            result->clsWeight.push_back(a(result->query, 0));
            std::vector<double> row(static_cast<std::size_t>(patches));
            for (int k = 0; k < patches; ++k)
                row[std::size_t(k)] = a(result->query, k + 1);
            result->maps.push_back(std::move(row));
        }
    const nn::Matrix rollout = vit.rollout(0);
    result->rolloutCls = rollout(result->query, 0);
    for (int k = 0; k < patches; ++k)
        result->rollout.push_back(rollout(result->query, k + 1));
    return result;
}

void VitPanel::drawCurves(const ResultSeries& loss, const ResultSeries& accuracy, int steps)
{
    QList<QPointF> lossPoints, accuracyPoints;
    double top = 0.1;
    for (std::size_t k = 0; k < loss.x.size(); ++k) {
        lossPoints.append({loss.x[k], loss.y[k]});
        top = std::max(top, loss.y[k]);
    }
    for (std::size_t k = 0; k < accuracy.x.size(); ++k)
        accuracyPoints.append({accuracy.x[k], accuracy.y[k]});
    m_lossPlot->setPoints(m_loss, lossPoints);
    m_accuracyPlot->setPoints(m_accuracy, accuracyPoints);
    const double end = std::max(1, steps);
    m_accuracyPlot->setPoints(m_chance, {{0, 0.25}, {end, 0.25}});
    m_accuracyPlot->setPoints(m_target, {{0, 0.9}, {end, 0.9}});
    m_lossPlot->setXRange(0, end);
    m_lossPlot->setYRange(0, XYPlot::niceTop(top));
    m_accuracyPlot->setXRange(0, end);
    m_accuracyPlot->setYRange(0, 1);
}

void VitPanel::drawLive(std::shared_ptr<const LiveData> picture)
{
    auto live = std::dynamic_pointer_cast<const nn::VitTrainingLive>(std::move(picture));
    if (!live)
        return;
    drawCurves(live->loss, live->accuracy, live->steps);
    m_readout->setText(tr("Training the Vision Transformer on a background job: step <b>%1</b> of %2, held-out "
                          "accuracy <b>%3 %</b>. The maps appear when it is done.")
                           .arg(live->step)
                           .arg(live->steps)
                           .arg(live->accuracy.y.empty() ? 0.0 : 100 * live->accuracy.y.back(), 0, 'f', 1));
}

void VitPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const VitResult&>(shown);
    const int steps = int(result.parameters["steps"]);
    if (!result.trained) {
        drawCurves({}, {}, steps);
        m_readout->setText(tr("Training the Vision Transformer (%1 steps) on a background job…").arg(steps));
        m_heads->clear();
        m_rollout->clear();
        m_heads->setTitle(tr("Attention per layer and head"));
        m_rollout->setTitle(tr("Attention rollout"));
        return;
    }
    const VitTrainedModel& model = *result.model;
    drawCurves(model.loss, model.accuracy, steps);

    const QString who = result.query == 0 ? tr("[CLS]") : tr("patch %1").arg(result.query);
    std::vector<PatchAttentionView::Tile> tiles;
    for (int l = 0; l < result.layers; ++l)
        for (int h = 0; h < result.heads; ++h) {
            const std::size_t i = std::size_t(l * result.heads + h);
            const double top = *std::max_element(result.maps[i].begin(), result.maps[i].end());
            tiles.push_back({tr("layer %1 · head %2 (max %3)").arg(l + 1).arg(h + 1).arg(top, 0, 'f', 2),
                             result.maps[i]});
        }
    const int count = int(tiles.size());
    m_heads->setTitle(tr("Attention of %1 over the patches, per layer and head").arg(who));
    m_heads->setContent(result.image, result.patchesPerSide, std::move(tiles), std::min(count, 8), result.query);
    m_rollout->setTitle(tr("Attention rollout from %1").arg(who));
    m_rollout->setContent(result.image, result.patchesPerSide,
                          {{tr("image %1: %2").arg(result.imageIndex + 1).arg(shapeLabel(result.label)), {}},
                           {tr("rollout, %1 layers").arg(result.layers), result.rollout}},
                          2, result.query);

    const double final = model.accuracy.y.empty() ? 0.0 : model.accuracy.y.back();
    QString text = tr("Test image <b>%1</b> of 400 is a <b>%2</b>; the model says <b>%3</b> (p = %4). Held-out "
                      "accuracy <b>%5 %</b> after %6 steps")
                       .arg(result.imageIndex + 1)
                       .arg(shapeLabel(result.label), shapeLabel(result.predicted))
                       .arg(result.probabilities[std::size_t(result.predicted)], 0, 'f', 2)
                       .arg(100 * final, 0, 'f', 1)
                       .arg(model.loss.x.empty() ? 0 : int(model.loss.x.back()));
    text += std::isfinite(model.stepsTo90) ? tr(" (90 % at step %1)").arg(int(model.stepsTo90))
                                           : tr(" (90 % not reached)");
    text += tr("; %1 parameters%2.")
                .arg(model.parameters)
                .arg(result.fromCache ? tr(", trained earlier for these settings") : QString());
    if (result.queryClamped)
        text += tr(" Patch %1 does not exist with %2 patches: showing [CLS].")
                    .arg(int(result.parameters["query"]))
                    .arg(result.patchesPerSide * result.patchesPerSide);
    m_readout->setText(text);
}

std::optional<double> VitPanel::readout(const QString& key) const
{
    if (!trained())
        return std::nullopt;
    const VitResult& r = shownResult();
    if (key == QLatin1String("final_accuracy") && !r.model->accuracy.y.empty())
        return r.model->accuracy.y.back();
    if (key == QLatin1String("steps_to_90"))
        return r.model->stepsTo90;
    if (key == QLatin1String("cls_weight") && !r.clsWeight.empty())
        return r.clsWeight.back();  // the last layer's last head: how much the query keeps looking at [CLS]
    return std::nullopt;
}

QString VitPanel::extraMetadata() const
{
    const VitResult& r = shownResult();
    if (!r.trained)
        return {};
    return QStringLiteral("image %1 (%2), query %3, %4 patches per side")
        .arg(r.imageIndex + 1)
        .arg(shapeLabel(r.label))
        .arg(r.query == 0 ? QStringLiteral("[CLS]") : QString::number(r.query))
        .arg(r.patchesPerSide);
}

QJsonObject VitPanel::captureExtras() const
{
    // The trained model goes with the state only while it is the one the current parameters ask for.
    const VitResult& r = shownResult();
    if (!r.trained || !r.model || modelKey(r.parameters, r.seed) != modelKey(parameters(), seed()))
        return {};
    if (m_extrasModel != r.model) {
        const VitTrainedModel& m = *r.model;
        QJsonObject extras;
        extras.insert(QStringLiteral("trained_for"), QString::fromStdString(modelKey(r.parameters, r.seed)));
        extras.insert(QStringLiteral("vit_model"), QString::fromStdString(m.text));
        extras.insert(QStringLiteral("loss"), toJson(m.loss.y));
        extras.insert(QStringLiteral("accuracy_steps"), toJson(m.accuracy.x));
        extras.insert(QStringLiteral("accuracy"), toJson(m.accuracy.y));
        if (std::isfinite(m.stepsTo90))
            extras.insert(QStringLiteral("steps_to_90"), m.stepsTo90);
        m_extras = extras;
        m_extrasModel = r.model;
    }
    return m_extras;
}

QString VitPanel::checkState(const PanelState& state) const
{
    if (!state.view.isEmpty())
        return tr("state: this panel has no view options to restore");
    if (const QString error = readSavedModel(state.extras, state.parameters, state.seed, nullptr); !error.isEmpty())
        return error;
    return checkParameters(state.parameters);
}

void VitPanel::applyState(const PanelState& target, bool restart)
{
    // A state that carries its trained model (an opened scenario, or undo back to it) puts the model in the cache
    // under its parameters, so the job that follows draws from it instead of training.
    if (!target.extras.isEmpty()) {
        auto entry = std::make_shared<VitTrainedModel>();
        bool usable = false;
        if (readSavedModel(target.extras, target.parameters, target.seed, entry.get(), &usable).isEmpty() && usable)
            cache().insert(modelKey(target.parameters, target.seed), std::move(entry));
    }
    IntroPanel::applyState(target, restart);
}

QList<widgets::DataSeries> VitPanel::dataSeries()
{
    QList<widgets::DataSeries> out;
    if (m_loss->count() > 0)
        out.append({tr("Training loss"), tr("batch loss"), tr("step"), tr("cross-entropy (nats)"), m_loss->points()});
    if (m_accuracy->count() > 0)
        out.append({tr("Held-out accuracy"), tr("ViT"), tr("step"), tr("accuracy"), m_accuracy->points()});
    out.append(m_heads->dataSeries());
    out.append(m_rollout->dataSeries());
    return out;
}

}  // namespace neuroai::chapters
