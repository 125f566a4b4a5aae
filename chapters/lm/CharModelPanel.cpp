#include "chapters/lm/CharModelPanel.h"

#include "chapters/framework/TrainedCache.h"
#include "chapters/vision/VisionFigure.h"
#include "engine/core/SpecSupport.h"
#include "engine/lm/LanguageModelExperiments.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QPalette>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {

const char* const kLossTitle = QT_TRANSLATE_NOOP("CharModelPanel", "Learning the prose");

std::atomic<int> g_trainings{0};

TrainedCache<lm::TrainedCharModel>& cache()
{
    static TrainedCache<lm::TrainedCharModel> models(4);
    return models;
}

// The sampling controls only redraw from the trained model; the model size, the steps and the seed train.
std::string trainingKeyOf(const ParamSet& parameters, std::uint64_t seed)
{
    return trainingKey(parameters, seed, {"prompt", "temperature", "top_k", "top_p", "sample_length", "draw"});
}

std::vector<ParamSpec> panelSpecs()
{
    std::vector<ParamSpec> specs{
        grouped(choiceSpec("model", "Model", {"tiny (3.9 k parameters)", "small (62 k parameters)"}, 0,
                           "Tiny: 1 block of width 16, context 16, about 1 ms a step. Small: 2 blocks of width 48 "
                           "with 4 heads, context 32, about 30 ms a step, and it learns whole phrases."),
                "Training"),
        ParamSpec{"steps", "Training steps", "", 0, 20000, 1500, Scale::Linear,
                  "Adam steps, each on 8 random windows of the training text. 0 leaves the model untrained.", 0, {},
                  {}, {}, "Training"}
            .asInteger(),
    };
    const std::vector<ParamSpec> sampling = lm::samplingSpecs();
    specs.insert(specs.end(), sampling.begin(), sampling.end());
    specs.insert(specs.end(), {
        ParamSpec{"sample_length", "Sample length", "characters", 0, 400, 120, Scale::Linear,
                  "Characters generated after the prompt, each drawn from the pipeline above.", 0, {}, {}, {},
                  "Sampling"}
            .asInteger(),
        ParamSpec{"draw", "Draw", "", 1, 1000, 1, Scale::Linear,
                  "Which random draw: change it for another sample with the same settings (no retraining).", 0, {},
                  {}, {}, "Sampling"}
            .asInteger(),
    });
    return specs;
}

int intParameter(const ParamSet& p, const char* key) { return int(std::lround(p[key])); }

double unigramOfTraining()
{
    static const double h = [] {
        const lm::Vocabulary& v = lm::builtInVocabulary();
        return lm::unigramEntropy(v.encode(lm::liveTrainingText()), v.size());
    }();
    return h;
}

std::vector<double> toVector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

}  // namespace

// --- the bars ---

TokenBarsView::TokenBarsView(QWidget* parent) : QWidget(parent) { setProperty("figurePlot", true); }

void TokenBarsView::setTitle(const QString& title)
{
    m_title = title;
    update();
}

void TokenBarsView::setRows(std::vector<Row> rows)
{
    m_rows = std::move(rows);
    update();
}

QString TokenBarsView::glyph(char c)
{
    if (c == ' ')
        return QStringLiteral("␣");
    if (c == '\n')
        return QStringLiteral("⏎");
    return QString(QChar(c));
}

void TokenBarsView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const QFont titleFont = PlotStyle::titleFont(), labelFont = PlotStyle::labelFont();
    const QFontMetricsF titleMetrics(titleFont), label(labelFont);
    const double margin = 6;
    painter.setFont(titleFont);
    painter.setPen(palette::black);
    const QRectF titleBox = titleMetrics.boundingRect(QRectF(margin, 0, width() - 2 * margin, 1e5),
                                                      Qt::AlignHCenter | Qt::TextWordWrap, m_title);
    painter.drawText(QRectF(margin, 2, width() - 2 * margin, titleBox.height()), Qt::AlignHCenter | Qt::TextWordWrap,
                     m_title);
    // A legend line, then one row per character; the probability axis runs from 0 to the largest bar.
    const double legendTop = titleBox.height() + 6;
    const double legendHeight = label.height() * 1.3;
    painter.setFont(labelFont);
    const double swatch = label.height() * 0.8;
    const QString modelText = tr("model (T = 1)"), samplingText = tr("after T, top-k, top-p");
    const double legendWidth = 3 * swatch + label.horizontalAdvance(modelText) + label.horizontalAdvance(samplingText) + 24;
    double x = std::max(margin, (width() - legendWidth) / 2);
    painter.fillRect(QRectF(x, legendTop + (legendHeight - swatch) / 2, swatch, swatch), QColor(200, 200, 200));
    x += swatch + 4;
    painter.drawText(QRectF(x, legendTop, label.horizontalAdvance(modelText) + 2, legendHeight), Qt::AlignVCenter,
                     modelText);
    x += label.horizontalAdvance(modelText) + 16;
    painter.fillRect(QRectF(x, legendTop + (legendHeight - swatch) / 2, swatch, swatch), palette::blue);
    x += swatch + 4;
    painter.drawText(QRectF(x, legendTop, label.horizontalAdvance(samplingText) + 2, legendHeight), Qt::AlignVCenter,
                     samplingText);
    if (m_rows.empty())
        return;

    const double top = legendTop + legendHeight + 4, bottom = height() - label.height() * 2.4;
    const double rowHeight = std::max(4.0, (bottom - top) / double(m_rows.size()));
    const double glyphWidth = label.horizontalAdvance(QStringLiteral("MM"));
    const double valueWidth = label.horizontalAdvance(QStringLiteral("0.000"));
    const double left = margin + glyphWidth + 4, right = width() - margin - valueWidth - 6;
    double largest = 0;
    for (const Row& r : m_rows)
        largest = std::max({largest, r.model, r.sampling});
    const double scaleMax = largest > 0 ? XYPlot::niceTop(largest) : 1.0;
    const auto xOf = [&](double p) { return left + (right - left) * p / scaleMax; };
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const Row& r = m_rows[i];
        const double y = top + rowHeight * double(i);
        const double h = rowHeight * 0.8;
        painter.setPen(palette::black);
        painter.drawText(QRectF(margin, y, glyphWidth, rowHeight), Qt::AlignCenter, glyph(r.character));
        painter.fillRect(QRectF(left, y + rowHeight * 0.1, xOf(r.model) - left, h), QColor(200, 200, 200));
        if (r.sampling > 0)
            painter.fillRect(QRectF(left, y + rowHeight * 0.3, xOf(r.sampling) - left, h * 0.5), palette::blue);
        painter.setPen(r.sampling > 0 ? palette::black : palette::muted);
        painter.drawText(QRectF(right + 4, y, valueWidth + 4, rowHeight), Qt::AlignVCenter | Qt::AlignLeft,
                         QString::number(std::max(r.sampling, 0.0), 'f', 3));
    }
    // The probability axis under the bars, with its title.
    painter.setPen(QPen(palette::black, 1));
    const double axisY = top + rowHeight * double(m_rows.size()) + 2;
    painter.drawLine(QPointF(left, axisY), QPointF(right, axisY));
    for (int k = 0; k <= 4; ++k) {
        const double p = scaleMax * k / 4, px = xOf(p);
        painter.drawLine(QPointF(px, axisY), QPointF(px, axisY + 4));
        painter.drawText(QRectF(px - 30, axisY + 4, 60, label.height()), Qt::AlignHCenter,
                         QString::number(p, 'g', 3));
    }
    painter.drawText(QRectF(margin, axisY + 4 + label.height(), width() - 2 * margin, label.height() * 1.2),
                     Qt::AlignHCenter, tr("Probability (fraction)"));
}

QList<widgets::DataSeries> TokenBarsView::dataSeries() const
{
    QList<QPointF> model, sampling;
    for (const Row& r : m_rows) {
        const double code = double(static_cast<unsigned char>(r.character));
        model.append({code, r.model});
        sampling.append({code, r.sampling});
    }
    return {{m_title, tr("model (T = 1)"), tr("character (ASCII code)"), tr("probability"), model},
            {m_title, tr("sampling distribution"), tr("character (ASCII code)"), tr("probability"), sampling}};
}

// --- the panel ---

CharModelPanel::CharModelPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("char-model"), QStringLiteral("language-models/char-model"), panelSpecs(),
                 &CharModelPanel::compute, parent,
                 {QStringLiteral("held_out_loss"), QStringLiteral("best_held_out_step"),
                  QStringLiteral("training_text_loss"), QStringLiteral("unigram_entropy"),
                  QStringLiteral("kept_characters"), QStringLiteral("top_probability"),
                  QStringLiteral("entropy_model"), QStringLiteral("entropy_sampling"),
                  QStringLiteral("greedy_code"), QStringLiteral("parameters")})
{
    setObjectName(QStringLiteral("charModelPanel"));
    figureWidget()->setObjectName(QStringLiteral("charModelFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("charModelReadout"));

    m_bars = new TokenBarsView(figureWidget());
    m_bars->setObjectName(QStringLiteral("charModelBars"));

    m_lossPlot = new XYPlot(false, figureWidget());
    m_lossPlot->setObjectName(QStringLiteral("charModelLoss"));
    m_lossPlot->setTitle(tr(kLossTitle));
    m_lossPlot->setAxisTitles(tr("Step (count)"), tr("Cross-entropy (nats)"));
    m_unigram = m_lossPlot->addSeries(tr("unigram"), XYPlot::Style::Dashed, muted);
    m_trainingLoss = m_lossPlot->addSeries(tr("training"), XYPlot::Style::Line, blue);
    m_heldOutLoss = m_lossPlot->addSeries(tr("held out"), XYPlot::Style::Line, vermillion);
    m_lossPlot->setMinimumSize(200, 180);

    m_sample = new QLabel(figureWidget());
    m_sample->setObjectName(QStringLiteral("charModelSample"));
    m_sample->setTextFormat(Qt::RichText);
    m_sample->setWordWrap(true);
    m_sample->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_sample->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sample->setMinimumHeight(60);
    // A light box around the text. Not a style sheet: that would cut the label off from the font presentation mode
    // gives the figure.
    m_sample->setFrameShape(QFrame::StyledPanel);
    m_sample->setMargin(6);
    m_sample->setAutoFillBackground(true);
    QPalette box = m_sample->palette();
    box.setColor(QPalette::Window, QColor(246, 246, 246));
    m_sample->setPalette(box);

    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_bars, 0, 0);
    grid->addWidget(m_lossPlot, 0, 1);
    grid->addWidget(m_sample, 1, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 0);  // the sample takes the lines it needs, the plots the rest
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    widgets::FigureExporter::installContextMenu(m_lossPlot, [this] { return metadata(); });

    finishSetupWithPlaceholder();
}

int CharModelPanel::trainingCount() { return g_trainings.load(); }

void CharModelPanel::clearCache() { cache().clear(); }

std::shared_ptr<IntroResult> CharModelPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                     Progress& progress)
{
    auto result = std::make_shared<Result>();
    lm::SamplingSettings sampling;
    sampling.temperature = parameters["temperature"];
    sampling.topK = intParameter(parameters, "top_k");
    sampling.topP = parameters["top_p"];
    sampling.validate();
    if (isPlaceholder())
        return result;
    const std::string key = trainingKeyOf(parameters, seed);
    std::shared_ptr<const lm::TrainedCharModel> trained = cache().find(key);
    result->fromCache = trained != nullptr;
    if (!trained) {
        lm::LiveTrainingSetup setup;
        setup.size = lm::ModelSize(intParameter(parameters, "model"));
        setup.steps = intParameter(parameters, "steps");
        setup.seed = seed;
        auto fresh = std::make_shared<const lm::TrainedCharModel>(lm::trainCharModel(setup, progress, true));
        ++g_trainings;
        cache().insert(key, fresh);
        trained = std::move(fresh);
    }
    progress.setStage("sampling");
    // A forward pass writes the model's caches: sample from a copy, never from the cached model itself.
    lm::CharLanguageModel model = trained->model;
    result->prompt = lm::nextTokenPrompts().at(std::size_t(intParameter(parameters, "prompt")));
    const Eigen::VectorXd logits = model.nextTokenLogits(result->prompt);
    const Eigen::VectorXd raw = lm::temperatureSoftmax(logits, 1.0);
    const Eigen::VectorXd tempered = lm::temperatureSoftmax(logits, sampling.temperature);
    const Eigen::VectorXd pipeline = lm::samplingDistribution(logits, sampling);
    result->modelDistribution = toVector(raw);
    result->temperedDistribution = toVector(tempered);
    result->samplingDistribution = toVector(pipeline);
    result->entropyModel = lm::entropyNats(raw);
    result->entropyTempered = lm::entropyNats(tempered);
    result->entropySampling = lm::entropyNats(pipeline);
    result->kept = lm::supportSize(pipeline);
    Eigen::Index greedy = 0;
    raw.maxCoeff(&greedy);
    result->greedyToken = int(greedy);
    Random rng(seed * 1000003ULL + std::uint64_t(intParameter(parameters, "draw")));
    result->continuation = model.generate(result->prompt, intParameter(parameters, "sample_length"), sampling, rng);
    result->model = std::move(trained);
    result->trained = true;
    return result;
}

void CharModelPanel::drawCurves(const lm::LiveTrainingCurves& c, long steps, double unigram)
{
    QList<QPointF> training, heldOut;
    for (std::size_t i = 0; i < c.step.size() && i < c.trainingLoss.size(); ++i)
        training.append({c.step[i], c.trainingLoss[i]});
    for (std::size_t i = 0; i < c.heldOutStep.size() && i < c.heldOutLoss.size(); ++i)
        heldOut.append({c.heldOutStep[i], c.heldOutLoss[i]});
    m_lossPlot->setPoints(m_trainingLoss, training);
    m_lossPlot->setPoints(m_heldOutLoss, heldOut);
    const double end = double(std::max(1L, steps));
    m_lossPlot->setPoints(m_unigram, {{0, unigram}, {end, unigram}});
    m_lossPlot->setXRange(0, end);
    double top = std::log(double(lm::builtInVocabulary().size()));  // a uniform guess: ln V
    for (const QList<QPointF>* list : {&training, &heldOut})
        for (const QPointF& p : *list)
            top = std::max(top, std::min(p.y(), 12.0));
    m_lossPlot->setYRange(0, XYPlot::niceTop(top));
}

void CharModelPanel::showSample(const QString& prompt, const QString& continuation, const QString& caption)
{
    // The label keeps the figure's font (presentation mode enlarges it); the text itself is set in a fixed-width face.
    const QString mono = QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
    QString body = QStringLiteral("<b>%1</b>%2").arg(prompt.toHtmlEscaped(), continuation.toHtmlEscaped());
    body.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    m_sample->setText(QStringLiteral("<span style=\"color:#6e6e6e\">%1</span><br><span style=\"font-family:'%2'\">%3"
                                     "</span>")
                          .arg(caption.toHtmlEscaped(), mono, body));
}

void CharModelPanel::drawLive(std::shared_ptr<const LiveData> picture)
{
    auto snapshot = std::dynamic_pointer_cast<const lm::LiveTrainingSnapshot>(std::move(picture));
    if (!snapshot)
        return;
    ++m_liveFrames;
    drawCurves(snapshot->curves, snapshot->steps, unigramOfTraining());
    const auto last = [](const std::vector<double>& v) { return v.empty() ? std::nan("") : v.back(); };
    m_readout->setText(tr("Training on a background job: step <b>%1</b> of %2, training loss %3 nats, held-out "
                          "loss <b>%4 nats</b> (unigram %5).")
                           .arg(snapshot->step)
                           .arg(snapshot->steps)
                           .arg(readoutNumber(last(snapshot->curves.trainingLoss), 2))
                           .arg(readoutNumber(last(snapshot->curves.heldOutLoss), 2))
                           .arg(readoutNumber(unigramOfTraining(), 2)));
    if (!snapshot->sample.empty())
        showSample(QString::fromLatin1(lm::kLivePrompt), QString::fromStdString(snapshot->sample),
                   tr("Sample at step %1 (T = 0.8, top-p 0.9):").arg(snapshot->step));
}

void CharModelPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const Result&>(shown);
    if (!r.trained) {
        drawCurves({}, intParameter(r.parameters, "steps"), unigramOfTraining());
        m_bars->setTitle(tr("Next character"));
        m_bars->setRows({});
        m_sample->setText(QString());
        m_readout->setText(tr("Training the model on a background job…"));
        return;
    }
    const lm::TrainedCharModel& t = *r.model;
    drawCurves(t.curves, intParameter(r.parameters, "steps"), t.unigramEntropy);

    const lm::Vocabulary& vocabulary = lm::builtInVocabulary();
    std::vector<int> order(r.modelDistribution.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return r.modelDistribution[std::size_t(a)] > r.modelDistribution[std::size_t(b)];
    });
    std::vector<TokenBarsView::Row> rows;
    for (int k = 0; k < kBars && k < int(order.size()); ++k) {
        const auto token = std::size_t(order[std::size_t(k)]);
        rows.push_back({vocabulary.character(int(token)), r.modelDistribution[token], r.samplingDistribution[token]});
    }
    m_bars->setTitle(tr("Next character after “%1”").arg(QString::fromStdString(lm::oneLine(r.prompt))));
    m_bars->setRows(std::move(rows));

    const ParamSet& p = r.parameters;
    showSample(QString::fromStdString(r.prompt), QString::fromStdString(r.continuation),
               tr("Sample (T = %1, top-k %2, top-p %3, draw %4):")
                   .arg(p["temperature"], 0, 'g', 3)
                   .arg(intParameter(p, "top_k") == 0 ? tr("off") : QString::number(intParameter(p, "top_k")))
                   .arg(p["top_p"] >= 1 ? tr("off") : QString::number(p["top_p"], 'g', 3))
                   .arg(intParameter(p, "draw")));
    const QString size = intParameter(p, "model") == 0 ? tr("tiny") : tr("small");
    const char greedy = vocabulary.character(r.greedyToken);
    m_readout->setText(
        tr("The %1 model (%2 parameters) after %3 steps: held-out loss <b>%4 nats</b> (best %5 at step %6), training "
           "text %7, unigram %8. Next character: most probably <b>%9</b>; the settings keep %10 of %11 characters, "
           "entropy %12 → %13 nats.")
            .arg(size)
            .arg(t.parameters)
            .arg(intParameter(p, "steps"))
            .arg(readoutNumber(t.heldOutLoss, 2))
            .arg(readoutNumber(t.bestHeldOutLoss, 2))
            .arg(t.bestHeldOutStep)
            .arg(readoutNumber(t.trainingTextLoss, 2))
            .arg(readoutNumber(t.unigramEntropy, 2))
            .arg(greedy == ' '    ? tr("a space")
                 : greedy == '\n' ? tr("a newline")
                                  : QStringLiteral("“%1”").arg(QString(QChar(greedy)).toHtmlEscaped()))
            .arg(r.kept)
            .arg(vocabulary.size())
            .arg(readoutNumber(r.entropyModel, 2))
            .arg(readoutNumber(r.entropySampling, 2)));
}

std::optional<double> CharModelPanel::readout(const QString& key) const
{
    if (!trained() || !readoutNames().contains(key))
        return std::nullopt;
    const Result& r = lastResult();
    const lm::TrainedCharModel& t = *r.model;
    if (key == QLatin1String("held_out_loss"))
        return t.heldOutLoss;
    if (key == QLatin1String("best_held_out_step"))
        return double(t.bestHeldOutStep);
    if (key == QLatin1String("training_text_loss"))
        return t.trainingTextLoss;
    if (key == QLatin1String("unigram_entropy"))
        return t.unigramEntropy;
    if (key == QLatin1String("kept_characters"))
        return double(r.kept);
    if (key == QLatin1String("top_probability"))
        return *std::max_element(r.samplingDistribution.begin(), r.samplingDistribution.end());
    if (key == QLatin1String("entropy_model"))
        return r.entropyModel;
    if (key == QLatin1String("entropy_sampling"))
        return r.entropySampling;
    if (key == QLatin1String("greedy_code"))
        return double(static_cast<unsigned char>(lm::builtInVocabulary().character(r.greedyToken)));
    if (key == QLatin1String("parameters"))
        return double(t.parameters);
    return std::nullopt;
}

QString CharModelPanel::extraMetadata() const
{
    if (!trained())
        return {};
    const Result& r = lastResult();
    return tr("prompt: %1\nsample: %2")
        .arg(QString::fromStdString(lm::oneLine(r.prompt)), QString::fromStdString(lm::oneLine(r.continuation)));
}

QList<widgets::DataSeries> CharModelPanel::dataSeries()
{
    const QString losses = tr(kLossTitle), step = tr("step");
    QList<widgets::DataSeries> out = m_bars->dataSeries();
    out.append({losses, tr("training"), step, tr("cross-entropy (nats)"), m_trainingLoss->points()});
    out.append({losses, tr("held out"), step, tr("cross-entropy (nats)"), m_heldOutLoss->points()});
    return out;
}

}  // namespace neuroai::chapters
