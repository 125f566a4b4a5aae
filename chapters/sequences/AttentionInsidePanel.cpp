#include "chapters/sequences/AttentionInsidePanel.h"

#include "chapters/framework/PanelBinding.h"
#include "chapters/framework/TrainedCache.h"
#include "engine/core/Job.h"
#include "engine/core/Random.h"
#include "widgets/ParameterPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QXYSeries>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>

namespace neuroai::chapters {

using widgets::XYPlot;
namespace palette = widgets::palette;
using widgets::PlotStyle;

namespace {


// The task and training setup that are not controls: the alphabet of the copy task, the batch, and the held-out
// sequences (the same seed as the sequence-comparison experiment's test set, so both panels score alike).
constexpr int kSymbols = 8;
constexpr int kBatch = 16;
constexpr int kTestSequences = 200;
constexpr std::uint64_t kTestSeed = 0x7E57;
// The one sequence taken apart: a fixed draw (not one of the training batches) whose first six symbols are all
// different and whose first twelve use all eight, so a head that looks at the wrong position shows it, whatever the
// delay up to 12. (The first held-out sequence, from kTestSeed, starts B F C C C C: a blank copying any of the last
// four C's looks right.)
constexpr std::uint64_t kSequenceSeed = 0x7F54;
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A trained model with what is known only at training time (how long it took, its accuracy at τ = 1), so a view
// change neither trains nor scores the τ = 1 model again.
struct TrainedCopyModel {
    nn::SequenceTransformer model;
    double seconds = 0;
    double accuracy = 0;
};

// Shared by every panel of this kind: a second panel (or a preset switching back) finds its model here.
TrainedCache<TrainedCopyModel>& trainedModels()
{
    static TrainedCache<TrainedCopyModel> cache(4);
    return cache;
}

std::atomic<int> g_trainings{0};

QString tokenName(int token, int symbols)
{
    return token >= symbols ? QStringLiteral("·") : QString(QChar(char16_t(u'A' + token)));
}

// "7:·", "2:C": the position (1-based) and the token, so both stay readable on a tick.
std::vector<std::string> tokenTicks(const std::vector<int>& tokens, int symbols)
{
    std::vector<std::string> ticks;
    for (std::size_t t = 0; t < tokens.size(); ++t)
        ticks.push_back(QStringLiteral("%1:%2").arg(t + 1).arg(tokenName(tokens[t], symbols)).toStdString());
    return ticks;
}

QString positionsName(nn::PositionalEncoding p)
{
    switch (p) {
    case nn::PositionalEncoding::None:
        return QObject::tr("none");
    case nn::PositionalEncoding::Sinusoidal:
        return QObject::tr("sinusoidal");
    case nn::PositionalEncoding::Learned:
        return QObject::tr("learned");
    }
    return {};
}

// A matrix of doubles as a heatmap's matrix (row-major floats).
MatrixImage toImage(const nn::Matrix& m)
{
    MatrixImage image;
    image.rows = int(m.rows());
    image.columns = int(m.cols());
    image.values.resize(static_cast<std::size_t>(m.size()));
    for (Eigen::Index r = 0; r < m.rows(); ++r)
        for (Eigen::Index c = 0; c < m.cols(); ++c)
            image.values[std::size_t(r * m.cols() + c)] = float(m(r, c));
    return image;
}

// Outlined bars (one per key, 0.8 wide) drawn as one line: a bar chart without a category axis, so the x axis keeps
// the key positions as numbers.
QList<QPointF> barOutline(const QList<QPointF>& values)
{
    QList<QPointF> outline;
    for (const QPointF& v : values) {
        outline.append({v.x() - 0.4, 0});
        outline.append({v.x() - 0.4, v.y()});
        outline.append({v.x() + 0.4, v.y()});
        outline.append({v.x() + 0.4, 0});
    }
    return outline;
}

// The x axis of the per-key plots: one cell per key position, ticks on whole positions (every one for a short
// sequence, every second or fifth for longer ones), never at 2.5.
void setKeyAxis(XYPlot* plot, int length)
{
    QValueAxis* axis = plot->xAxis();
    const int step = length <= 8 ? 1 : length <= 20 ? 2 : 5;
    // Fixed ticks while the range and interval change (PlotStyle::setNiceRange explains why), then dynamic.
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(0.5, length + 0.5);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%d"));
    axis->setTickType(QValueAxis::TicksDynamic);
}

}  // namespace

// "1", "2", …: whole positions as cell labels (numeric axes would put ticks at 2.5 and 7.5).
std::vector<std::string> positionTicks(int length)
{
    std::vector<std::string> ticks;
    for (int t = 1; t <= length; ++t)
        ticks.push_back(std::to_string(t));
    return ticks;
}

// --- the heatmaps with a highlighted query ---

AttentionMapPlot::AttentionMapPlot(QWidget* parent)
    : widgets::HeatmapPlot(parent)
{
    setProperty("figurePlot", true);  // a plot of the figure (the layout test counts its area)
}

void AttentionMapPlot::setHighlight(int row, int markedColumn)
{
    if (row == m_row && markedColumn == m_marked)
        return;
    m_row = row;
    m_marked = markedColumn;
    update();
}

void AttentionMapPlot::setSeparatorBefore(int column)
{
    if (column != m_separator) {
        m_separator = column;
        update();
    }
}

void AttentionMapPlot::setMessage(const QString& message)
{
    if (message != m_message) {
        m_message = message;
        update();
    }
}

QPoint AttentionMapPlot::cellCentre(int row, int column) const
{
    // Cell (r, c) is centred on its index when the axes carry cell labels (tokens); with explicit bounds the centre
    // is half a cell in from the edge. The plot rectangle and the matrix size give both.
    const QRect plot = plotRect();
    const MatrixImage& m = matrix();
    if (m.rows <= 0 || m.columns <= 0)
        return plot.center();
    return {int(plot.left() + (column + 0.5) * plot.width() / m.columns),
            int(plot.top() + (row + 0.5) * plot.height() / m.rows)};
}

void AttentionMapPlot::paintOverlay(QPainter& painter, const QRect& plot)
{
    widgets::HeatmapPlot::paintOverlay(painter, plot);
    const MatrixImage& m = matrix();
    painter.setRenderHint(QPainter::Antialiasing, true);
    if (!m.isEmpty()) {
        const double cw = double(plot.width()) / m.columns, ch = double(plot.height()) / m.rows;
        if (m_separator > 0 && m_separator < m.columns) {
            const double x = plot.left() + m_separator * cw;
            painter.setPen(PlotStyle::pen(palette::black, 1.2));
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
        if (m_row >= 0 && m_row < m.rows) {
            // A white line inside a black one: visible on the dark and the bright end of the colour map.
            const QRectF row(plot.left(), plot.top() + m_row * ch, plot.width(), ch);
            painter.setBrush(Qt::NoBrush);
            painter.setPen(PlotStyle::pen(palette::black, 1.6));
            painter.drawRect(row.adjusted(1, 1, -1, -1));
            painter.setPen(PlotStyle::pen(Qt::white, 0.6));
            painter.drawRect(row.adjusted(2.5, 2.5, -2.5, -2.5));
            if (m_marked >= 0 && m_marked < m.columns) {
                const QRectF cell(plot.left() + m_marked * cw, row.top(), cw, ch);
                painter.setPen(PlotStyle::pen(palette::vermillion, 1.6));
                painter.drawRect(cell.adjusted(-1, -1, 1, 1));
            }
        }
    }
    if (!m_message.isEmpty()) {
        QFont font = PlotStyle::axisTitleFont();
        painter.setFont(font);
        const QFontMetricsF fm(font);
        const QRectF box = plot.adjusted(plot.width() / 10, 0, -plot.width() / 10, 0);
        QRectF text = fm.boundingRect(box, Qt::AlignCenter | Qt::TextWordWrap, m_message);
        text.adjust(-8, -6, 8, 6);
        painter.setPen(PlotStyle::pen(palette::muted, 0.6));
        painter.setBrush(QColor(255, 255, 255, 235));
        painter.drawRoundedRect(text, 4, 4);
        painter.setPen(palette::black);
        painter.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
}

void AttentionMapPlot::mousePressEvent(QMouseEvent* event)
{
    const QPoint cell = cellAt(event->position().toPoint());
    if (event->button() == Qt::LeftButton && cell.y() >= 0) {
        emit rowClicked(cell.y());
        event->accept();
        return;
    }
    widgets::HeatmapPlot::mousePressEvent(event);
}

// --- the panel ---

std::vector<ParamSpec> AttentionInsidePanel::specs()
{
    const auto view = [](ParamSpec s) {
        s.group = "View (no retraining)";
        return s;
    };
    const auto training = [](ParamSpec s) {
        s.group = "Training";
        return s;
    };
    return {
        view({"temperature", "Temperature τ", "", 0.05, 20, 1, Scale::Log,
              "Divides every score before the softmax: small τ sharpens attention towards one key, large τ spreads it "
              "evenly. The model was trained at τ = 1.",
              2}),
        view(ParamSpec{"layer", "Layer", "", 1, 2, 1, Scale::Linear, "Which transformer block's attention is shown.",
                       0}
                 .asInteger()),
        view(ParamSpec{"head", "Head", "", 1, 2, 2, Scale::Linear, "Which of the block's two heads is shown.", 0}
                 .asInteger()),
        view(ParamSpec{"query", "Query position", "", 1, 40, 7, Scale::Linear,
                       "The token whose attention is taken apart (1-based; click a row of the map). Past the end of "
                       "the sequence the last position is shown.",
                       0}
                 .asInteger()),
        training(ParamSpec{"delay", "Delay (symbols to copy)", "steps", 1, 20, 6, Scale::Linear,
                           "How many symbols are shown before they must be copied; the sequence is twice as long.", 0}
                     .asInteger()),
        training(choiceSpec("positions", "Positional encoding", {"none", "sinusoidal", "learned"}, 2,
                            "What is added to each token to say where it is. Without it the model can tell positions "
                            "apart only through the causal mask.")),
        training(ParamSpec{"steps", "Training steps", "", 10, 2000, 300, Scale::Log,
                           "Adam steps of 16 fresh sequences each.", 0}
                     .asInteger()),
        training({"learning_rate", "Learning rate", "", 1e-4, 0.1, 3e-3, Scale::Log, "Adam's step size.", 4}),
    };
}

std::size_t AttentionInsidePanel::cachedModels() { return trainedModels().size(); }
void AttentionInsidePanel::clearCache() { trainedModels().clear(); }
int AttentionInsidePanel::trainingCount() { return g_trainings.load(); }

AttentionInsidePanel::AttentionInsidePanel(QWidget* parent)
    : IntroPanel(QStringLiteral("attention-inside"), QStringLiteral("sequences/attention-inside"), specs(),
                 &AttentionInsidePanel::compute, parent,
                 {QStringLiteral("copy_accuracy"), QStringLiteral("query_weight_on_source"),
                  QStringLiteral("query_max_weight")})
{
    setObjectName(QStringLiteral("attentionInsidePanel"));
    figureWidget()->setObjectName(QStringLiteral("attentionInsideFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("attentionInsideReadout"));

    m_attention = new AttentionMapPlot(figureWidget());
    m_attention->setObjectName(QStringLiteral("attentionMap"));
    m_attention->setToolTip(tr("Click a row to take that query apart."));
    connect(m_attention, &AttentionMapPlot::rowClicked, this, [this](int row) {
        // Through the binding, so a click is an undoable edit like a slider move.
        const QString error = binding().setParameter(QStringLiteral("query"), row + 1);
        if (!error.isEmpty())
            parameterPanel()->setMessage(error);
    });

    m_scores = new XYPlot(false, figureWidget());
    m_scores->setObjectName(QStringLiteral("attentionScores"));
    // The legend names only what the axes do not: the source key's bar and the masked keys.
    m_scoreBars = m_scores->addSeries(QString(), XYPlot::Style::Line, blue);
    m_scoreSource = m_scores->addSeries(tr("source"), XYPlot::Style::Line, vermillion);
    m_scoreMasked = m_scores->addSeries(tr("masked"), XYPlot::Style::Markers, muted);

    m_weights = new XYPlot(false, figureWidget());
    m_weights->setObjectName(QStringLiteral("attentionWeights"));
    m_weightBars = m_weights->addSeries(QString(), XYPlot::Style::Line, blue);
    m_weightSource = m_weights->addSeries(tr("source"), XYPlot::Style::Line, vermillion);
    m_weightMasked = m_weights->addSeries(tr("masked"), XYPlot::Style::Markers, muted);

    m_values = new AttentionMapPlot(figureWidget());
    m_values->setObjectName(QStringLiteral("attentionValues"));
    m_positions = new AttentionMapPlot(figureWidget());
    m_positions->setObjectName(QStringLiteral("attentionPositions"));
    m_similarity = new AttentionMapPlot(figureWidget());
    m_similarity->setObjectName(QStringLiteral("attentionPositionSimilarity"));

    for (QWidget* w : std::initializer_list<QWidget*>{m_attention, m_scores, m_weights, m_values, m_positions,
                                                       m_similarity})
        w->setMinimumSize(180, 170);
    // Top row: the map and the two steps of one row of it (scores, then softmax); bottom row: what the weights
    // multiply (the values, and their sum) beside the positions the model was given.
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_attention, 0, 0);
    grid->addWidget(m_scores, 0, 1);
    grid->addWidget(m_weights, 0, 2);
    grid->addWidget(m_values, 1, 0);
    grid->addWidget(m_positions, 1, 1);
    grid->addWidget(m_similarity, 1, 2);
    // The map gets the widest column: its tick labels name every token.
    grid->setColumnStretch(0, 5);
    grid->setColumnStretch(1, 4);
    grid->setColumnStretch(2, 4);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_scores, m_weights})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    for (AttentionMapPlot* p : {m_attention, m_values, m_positions, m_similarity})
        p->installContextMenu([this] { return metadata(); });

    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> AttentionInsidePanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                           Progress& progress)
{
    auto result = std::make_shared<AttentionInsideResult>();
    nn::CopyTask& task = result->task;
    task.symbols = kSymbols;
    task.length = int(parameters["delay"]);
    task.validate();
    const int length = task.sequenceLength();
    result->positions = nn::PositionalEncoding(int(parameters["positions"]));
    result->temperature = parameters["temperature"];
    result->layer = int(parameters["layer"]) - 1;
    result->head = int(parameters["head"]) - 1;
    result->requestedQuery = int(parameters["query"]) - 1;
    result->query = std::clamp(result->requestedQuery, 0, length - 1);
    result->steps = int(parameters["steps"]);
    {
        Random rng(kSequenceSeed);
        task.sample(rng, result->tokens, result->targets);
    }
    if (isPlaceholder())
        return result;

    // Only the training parameters (and the seed) name a model: the view controls redraw from the cached one.
    const std::string key = trainingKey(parameters, seed, {"temperature", "layer", "head", "query"});
    std::shared_ptr<const TrainedCopyModel> trained = trainedModels().find(key);
    if (!trained) {
        progress.setStage("training the transformer on the copy task");
        const auto start = std::chrono::steady_clock::now();
        nn::SequenceTransformerConfig config;
        config.vocabulary = task.vocabulary();
        config.maxLength = length;
        config.positions = result->positions;
        nn::SequenceTransformer model(config, seed);
        {
            nn::OptimizerSettings settings;
            settings.learningRate = parameters["learning_rate"];
            nn::TensorOptimizer optimizer(settings, model.parameters());
            Random rng(seed ^ 0x5E0);  // the training sequences (the sequence-comparison experiment's stream)
            for (int step = 1; step <= result->steps; ++step) {
                progress.throwIfCancelled();
                nn::trainSequenceBatch(model, optimizer, task, kBatch, rng, 1.0);
                progress.setFraction(0.95 * step / result->steps);
            }
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        progress.setStage("scoring the trained model");
        const double accuracy = nn::sequenceAccuracy(model, task, kTestSequences, kTestSeed, &progress);
        trained = std::make_shared<const TrainedCopyModel>(TrainedCopyModel{std::move(model), seconds, accuracy});
        trainedModels().insert(key, trained);
        g_trainings.fetch_add(1);
        result->trainingSeconds = seconds;
    }
    progress.throwIfCancelled();

    // A copy runs the forward passes: they write the attention caches, and the cached model is shared.
    auto model = std::make_shared<nn::SequenceTransformer>(trained->model);
    model->setTemperature(result->temperature);
    result->accuracyAtOne = trained->accuracy;
    result->accuracy = result->temperature == 1.0
                           ? trained->accuracy
                           : nn::sequenceAccuracy(*model, task, kTestSequences, kTestSeed, &progress);
    // Last, so that the caches hold the test sequence's pass.
    const nn::Matrix logits = model->forward(result->tokens);
    for (Eigen::Index t = 0; t < logits.cols(); ++t) {
        Eigen::Index best = 0;
        logits.col(t).maxCoeff(&best);
        result->predictions.push_back(int(best));
    }

    const int layers = int(model->blocks().size());
    result->layer = std::clamp(result->layer, 0, layers - 1);
    const nn::MultiHeadAttention& attention = model->blocks()[std::size_t(result->layer)].attention();
    result->head = std::clamp(result->head, 0, attention.heads() - 1);
    const int dh = attention.features() / attention.heads();
    result->headDim = dh;
    const int t = result->query;
    result->attention = attention.attention(result->head);
    // scores() is q·k/√d_h before the temperature; the softmax that made the map divided it by τ as well.
    const nn::Matrix raw = attention.scores(result->head);
    result->scores.assign(static_cast<std::size_t>(length), -kInf);
    result->weights.assign(static_cast<std::size_t>(length), 0.0);
    for (int u = 0; u < length; ++u) {
        if (!attention.causal() || u <= t)
            result->scores[std::size_t(u)] = raw(t, u) / result->temperature;
        result->weights[std::size_t(u)] = result->attention(t, u);
    }
    const nn::Matrix values = attention.values().middleRows(Eigen::Index(result->head) * dh, dh);
    result->weightedValues.resize(dh, length);
    for (int u = 0; u < length; ++u)
        result->weightedValues.col(u) = result->weights[std::size_t(u)] * values.col(u);
    const Eigen::VectorXd out = result->weightedValues.rowwise().sum();
    result->output.assign(out.data(), out.data() + out.size());

    // Which head looks at the source most (the readout names it when it is not the one shown).
    if (const int src = result->source(); src >= 0)
        for (int l = 0; l < layers; ++l) {
            const nn::MultiHeadAttention& a = model->blocks()[std::size_t(l)].attention();
            for (int h = 0; h < a.heads(); ++h)
                if (a.attention(h)(t, src) > result->bestWeight) {
                    result->bestWeight = a.attention(h)(t, src);
                    result->bestLayer = l;
                    result->bestHead = h;
                }
        }

    result->positionTable = model->positionTable().leftCols(length);
    const Eigen::VectorXd norms = result->positionTable.colwise().norm().transpose();
    result->positionCosine.resize(length, length);
    for (int a = 0; a < length; ++a)
        for (int b = 0; b < length; ++b)
            result->positionCosine(a, b) =
                norms(a) > 1e-12 && norms(b) > 1e-12
                    ? result->positionTable.col(a).dot(result->positionTable.col(b)) / (norms(a) * norms(b))
                    : kNaN;
    result->model = std::move(model);
    result->trained = true;
    return result;
}

void AttentionInsidePanel::clearPlots(int length)
{
    // The axes the trained figure will have, so that the placeholder's ticks are whole keys and round scores.
    setKeyAxis(m_scores, length);
    m_scores->setYRange(-5, 5);
    setKeyAxis(m_weights, length);
    m_weights->setYRange(0, 1.05);
    m_scoreValues.clear();
    m_weightValues.clear();
    m_maskedKeys.clear();
    for (QXYSeries* s : {m_scoreBars, m_scoreSource, m_scoreMasked})
        m_scores->setPoints(s, {});
    for (QXYSeries* s : {m_weightBars, m_weightSource, m_weightMasked})
        m_weights->setPoints(s, {});
    for (AttentionMapPlot* p : {m_attention, m_values, m_positions, m_similarity}) {
        p->setMatrix(MatrixImage{});
        p->setHighlight(-1, -1);
        p->setMessage(QString());
    }
}

void AttentionInsidePanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const AttentionInsideResult&>(shown);
    const int length = r.task.sequenceLength();
    const int shownLayer = r.layer + 1, shownHead = r.head + 1;
    const QString tau = QString::number(r.temperature, 'g', 3);
    m_attention->setTitle(tr("Head %1, layer %2, τ = %3").arg(shownHead).arg(shownLayer).arg(tau));
    m_scores->setTitle(tr("① Scores"));
    m_scores->setAxisTitles(tr("Key u (index)"), tr("s_u = q·k / (√d_h τ)"));
    m_weights->setTitle(tr("② Softmax"));
    m_weights->setAxisTitles(tr("Key u (index)"), tr("Weight a_u (fraction)"));
    m_values->setTitle(tr("③ a_u·v_u, then Σ"));
    m_positions->setTitle(tr("Positions (%1)").arg(positionsName(r.positions)));
    m_similarity->setTitle(tr("Cosine similarity"));
    if (!r.trained) {
        m_readout->setText(tr("Training the transformer (%1 steps on the copy task, delay %2) on a background job…")
                               .arg(r.steps)
                               .arg(r.task.length));
        clearPlots(length);
        return;
    }
    const std::vector<std::string> ticks = tokenTicks(r.tokens, r.task.symbols);
    const int t = r.query, src = r.source();

    // --- the attention map: rows are queries, columns keys; the range is fixed to [0, 1] so that the temperature's
    // effect shows as colour, not only as a rescaled bar ---
    MatrixImage map = toImage(r.attention);
    map.minValue = 0;
    map.maxValue = 1;
    map.valueLabel = tr("weight a").toStdString();
    map.rowLabel = tr("Query (pos:token)").toStdString();
    map.columnLabel = tr("Key (pos:token)").toStdString();
    map.rowTicks = ticks;
    map.columnTicks = ticks;
    m_attention->setMatrix(map);
    m_attention->setHighlight(t, src);

    // --- ① scores and ② weights for the chosen query, one bar per visible key ---
    m_scoreValues.clear();
    m_weightValues.clear();
    m_maskedKeys.clear();
    QList<QPointF> scoreSource, weightSource;
    double low = 0, high = 0;
    for (int u = 0; u < length; ++u) {
        const double x = u + 1;
        if (!std::isfinite(r.scores[std::size_t(u)])) {
            m_maskedKeys.append({x, 0});
            continue;
        }
        const QPointF score(x, r.scores[std::size_t(u)]), weight(x, r.weights[std::size_t(u)]);
        m_scoreValues.append(score);
        m_weightValues.append(weight);
        if (u == src) {
            scoreSource.append(score);
            weightSource.append(weight);
        }
        low = std::min(low, score.y());
        high = std::max(high, score.y());
    }
    QList<QPointF> otherScores, otherWeights;
    for (qsizetype k = 0; k < m_scoreValues.size(); ++k)
        if (int(m_scoreValues[k].x()) - 1 != src) {
            otherScores.append(m_scoreValues[k]);
            otherWeights.append(m_weightValues[k]);
        }
    const double pad = 0.08 * std::max(1e-9, high - low);
    const double yLow = low - pad, yHigh = high + pad;
    QList<QPointF> maskedScores;
    for (const QPointF& m : m_maskedKeys)
        maskedScores.append({m.x(), yLow});  // −∞ has no place on the axis: the masked keys sit on its floor
    m_scores->setPoints(m_scoreBars, barOutline(otherScores));
    m_scores->setPoints(m_scoreSource, barOutline(scoreSource));
    m_scores->setPoints(m_scoreMasked, maskedScores);
    m_scores->setInLegend(m_scoreSource, src >= 0);
    m_scores->setInLegend(m_scoreMasked, !m_maskedKeys.isEmpty());
    setKeyAxis(m_scores, length);
    m_scores->setYRange(yLow, yHigh);
    m_weights->setPoints(m_weightBars, barOutline(otherWeights));
    m_weights->setPoints(m_weightSource, barOutline(weightSource));
    m_weights->setPoints(m_weightMasked, m_maskedKeys);
    m_weights->setInLegend(m_weightSource, src >= 0);
    m_weights->setInLegend(m_weightMasked, !m_maskedKeys.isEmpty());
    setKeyAxis(m_weights, length);
    m_weights->setYRange(0, 1.05);

    // --- ③ the head's values times their weights, and the output (their sum) in the last column ---
    nn::Matrix weighted(r.headDim, length + 1);
    weighted.leftCols(length) = r.weightedValues;
    for (int i = 0; i < r.headDim; ++i)
        weighted(i, length) = r.output[std::size_t(i)];
    MatrixImage values = toImage(weighted);
    values.diverging = true;
    fitValueRange(values);
    values.valueLabel = tr("a_u·v_u").toStdString();
    values.rowLabel = tr("Dimension").toStdString();
    values.rowUnit = tr("index").toStdString();
    values.rowMin = 0.5;
    values.rowMax = r.headDim + 0.5;
    values.columnLabel = tr("Key u, then Σ").toStdString();
    values.columnTicks = ticks;
    values.columnTicks.push_back("Σ");
    m_values->setMatrix(values);
    m_values->setSeparatorBefore(length);

    // --- the positions: the table (dimension × position) and how alike two positions are ---
    MatrixImage table = toImage(r.positionTable);
    table.diverging = true;
    fitValueRange(table);
    table.valueLabel = tr("added value").toStdString();
    table.rowLabel = tr("Dimension").toStdString();
    table.rowUnit = tr("index").toStdString();
    table.rowMin = 0.5;
    table.rowMax = double(r.positionTable.rows()) + 0.5;
    table.columnLabel = tr("Position").toStdString();
    table.columnTicks = positionTicks(length);
    m_positions->setMatrix(table);
    MatrixImage cosine = toImage(r.positionCosine);
    cosine.diverging = true;
    cosine.minValue = -1;
    cosine.maxValue = 1;
    cosine.valueLabel = tr("cos").toStdString();
    cosine.rowLabel = tr("Position").toStdString();
    cosine.columnLabel = tr("Position").toStdString();
    cosine.rowTicks = cosine.columnTicks = positionTicks(length);
    if (r.positions == nn::PositionalEncoding::None) {
        // Nothing to compare: every position is the zero vector. Say so instead of drawing an empty-looking map.
        m_positions->setTitle(tr("Positions: none"));
        m_positions->setMessage(tr("No positional encoding: every position adds the zero vector, so only the "
                                   "causal mask tells positions apart."));
        // The cosines are NaN (0/0): grey cells, counted beside the colour bar, under the reason.
        m_similarity->setTitle(tr("Similarity: undefined"));
        m_similarity->setMessage(tr("All positions are the zero vector: no angle between them."));
    } else {
        m_positions->setMessage(QString());
        m_similarity->setMessage(QString());
    }
    m_similarity->setMatrix(cosine);
    m_similarity->setHighlight(r.positions == nn::PositionalEncoding::None ? -1 : t, src);

    // --- the readout ---
    QString text;
    if (r.requestedQuery != r.query)
        text += tr("Query %1 lies past the end of the %2-token sequence: showing position %3. ")
                    .arg(r.requestedQuery + 1)
                    .arg(length)
                    .arg(r.query + 1);
    const QString token = tokenName(r.tokens[std::size_t(t)], r.task.symbols);
    if (src >= 0) {
        const int target = r.targets[std::size_t(t)], answer = r.predictions[std::size_t(t)];
        text += tr("Query <b>%1</b> (%2) must output <b>'%3'</b>, the symbol at position %4: head %5 of layer %6 "
                   "puts <b>%7</b> of its weight there; the model answers '%8' %9.")
                    .arg(t + 1)
                    .arg(token, tokenName(target, r.task.symbols))
                    .arg(src + 1)
                    .arg(shownHead)
                    .arg(shownLayer)
                    .arg(r.weights[std::size_t(src)], 0, 'f', 2)
                    .arg(tokenName(answer, r.task.symbols),
                         answer == target ? QStringLiteral("✓") : QStringLiteral("✗"));
        // Another head is named only when it clearly looks there more (at low τ several reach 1.00).
        if (r.bestLayer >= 0 && r.bestWeight > r.weights[std::size_t(src)] + 0.005)
            text += tr(" (Head %1 of layer %2 puts the most there: %3.)")
                        .arg(r.bestHead + 1)
                        .arg(r.bestLayer + 1)
                        .arg(r.bestWeight, 0, 'f', 2);
    } else {
        text += tr("Query <b>%1</b> (%2) is an input position: nothing is copied here, and the causal mask lets it "
                   "see positions 1 to %1 only. Queries %3 to %4 copy.")
                    .arg(t + 1)
                    .arg(token)
                    .arg(r.task.length + 1)
                    .arg(length);
    }
    text += tr("<br>Copy accuracy of the trained model at τ = %1: <b>%2 %</b> (chance %3 %)")
                .arg(tau)
                .arg(100 * r.accuracy, 0, 'f', 1)
                .arg(100.0 / r.task.symbols, 0, 'f', 1);
    if (r.temperature != 1.0)
        text += tr("; at τ = 1: %1 %").arg(100 * r.accuracyAtOne, 0, 'f', 1);
    text += QLatin1Char('.');
    m_readout->setText(text);
}

std::optional<double> AttentionInsidePanel::readout(const QString& key) const
{
    if (!trained())
        return std::nullopt;
    const AttentionInsideResult& r = shownResult();
    if (key == QLatin1String("copy_accuracy"))
        return r.accuracy;
    if (key == QLatin1String("query_weight_on_source")) {
        if (r.source() < 0)
            return std::nullopt;
        return r.weights[std::size_t(r.source())];
    }
    if (key == QLatin1String("query_max_weight"))
        return *std::max_element(r.weights.begin(), r.weights.end());
    return std::nullopt;
}

QList<widgets::DataSeries> AttentionInsidePanel::dataSeries()
{
    QList<widgets::DataSeries> out = m_attention->dataSeries();
    if (!m_scoreValues.isEmpty()) {
        out.append({m_scores->chart()->title(), tr("score s_u"), tr("key position u"), tr("score"), m_scoreValues});
        out.append({m_weights->chart()->title(), tr("weight a_u"), tr("key position u"), tr("weight"),
                    m_weightValues});
    }
    if (!m_maskedKeys.isEmpty())
        out.append({m_weights->chart()->title(), tr("masked keys (u > t)"), tr("key position u"), tr("weight"),
                    m_maskedKeys});
    out += m_values->dataSeries();
    out += m_positions->dataSeries();
    out += m_similarity->dataSeries();
    return out;
}

QString AttentionInsidePanel::extraMetadata() const
{
    const AttentionInsideResult& r = shownResult();
    QString tokens;
    for (const int token : r.tokens)
        tokens += tokenName(token, r.task.symbols);
    QString text = tr("copy task: %1 symbols, delay %2; transformer: 2 layers, 2 heads, d = 32, %3 positions; "
                      "%4 Adam steps of %5 sequences; test sequence %6")
                       .arg(r.task.symbols)
                       .arg(r.task.length)
                       .arg(positionsName(r.positions))
                       .arg(r.steps)
                       .arg(kBatch)
                       .arg(tokens);
    if (r.trained)
        text += tr("\ncopy accuracy over %1 held-out sequences: %2 at τ = %3, %4 at τ = 1")
                    .arg(kTestSequences)
                    .arg(r.accuracy, 0, 'f', 3)
                    .arg(r.temperature)
                    .arg(r.accuracyAtOne, 0, 'f', 3);
    return text;
}

}  // namespace neuroai::chapters
