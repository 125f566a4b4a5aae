#include "chapters/sequences/RnnVsAttentionPanel.h"

#include "engine/core/Job.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QGridLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::PlotStyle;
using widgets::XYPlot;
namespace palette = widgets::palette;

namespace {


// Symbols are letters, the blank a middle dot.
QString tokenText(int token, int symbols)
{
    if (token < 0)
        return {};
    if (token >= symbols)
        return QStringLiteral("·");
    return QString(QChar(u'A' + token));
}

const char* const kModelNames[2] = {QT_TRANSLATE_NOOP("RnnVsAttentionPanel", "attention"),
                                    QT_TRANSLATE_NOOP("RnnVsAttentionPanel", "vanilla RNN")};

}  // namespace

// --- the copy strip ---

CopyStripView::CopyStripView(QWidget* parent) : QWidget(parent) { setProperty("figurePlot", true); }

void CopyStripView::setExample(const nn::CopyExample* example, int symbols)
{
    m_shown = example != nullptr;
    if (example)
        m_example = *example;
    m_symbols = symbols;
    update();
}

int CopyStripView::scored() const
{
    return int(std::count_if(m_example.targets.begin(), m_example.targets.end(), [](int t) { return t >= 0; }));
}

int CopyStripView::correct(int model) const
{
    int right = 0;
    const std::vector<int>& answers = m_example.predicted[model];
    for (std::size_t t = 0; t < m_example.targets.size() && t < answers.size(); ++t)
        right += m_example.targets[t] >= 0 && answers[t] == m_example.targets[t];
    return right;
}

QSize CopyStripView::minimumSizeHint() const
{
    const QFontMetricsF label(PlotStyle::labelFont());
    return {300, int(label.height() * 8)};
}

void CopyStripView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    const QFont titleFont = PlotStyle::axisTitleFont(), labelFont = PlotStyle::labelFont();
    const QFontMetricsF title(titleFont), label(labelFont);
    painter.setFont(titleFont);
    painter.setPen(palette::black);
    const double titleH = title.height() * 1.4;
    painter.drawText(QRectF(0, 0, width(), titleH), Qt::AlignCenter,
                     tr("One held-out sequence: what each model outputs at every position"));
    if (!m_shown) {
        painter.setFont(labelFont);
        painter.setPen(palette::muted);
        painter.drawText(QRectF(0, titleH, width(), height() - titleH), Qt::AlignCenter,
                         tr("The answers appear when training ends."));
        return;
    }
    const int n = int(m_example.inputs.size());
    const QString names[4] = {tr("input"), tr("target"), tr("attention"), tr("RNN")};
    double nameW = 0;
    for (const QString& name : names)
        nameW = std::max(nameW, label.horizontalAdvance(name));
    nameW += 10;
    const double axisH = label.height() * 1.3;
    const double cell = std::min((width() - nameW - 8) / std::max(1, n), (height() - titleH - axisH) / 4.4);
    const double left = nameW + (width() - nameW - 8 - cell * n) / 2;
    const double top = titleH + ((height() - titleH - axisH) - 4.4 * cell) / 2;
    QFont cellFont = labelFont;
    cellFont.setPixelSize(std::max(6, int(cell * 0.62)));
    const QColor right(200, 235, 205), wrong(250, 200, 190), unscored(240, 240, 240);
    for (int row = 0; row < 4; ++row) {
        const double y = top + row * cell * 1.1;
        painter.setFont(labelFont);
        painter.setPen(palette::black);
        painter.drawText(QRectF(0, y, nameW - 6, cell), Qt::AlignRight | Qt::AlignVCenter, names[row]);
        painter.setFont(cellFont);
        for (int t = 0; t < n; ++t) {
            const QRectF box(left + t * cell, y, cell - 1, cell - 1);
            const bool isScored = m_example.targets[std::size_t(t)] >= 0;
            int token = -1;
            QColor fill = Qt::white;
            if (row == 0) {
                token = m_example.inputs[std::size_t(t)];
                fill = token < m_symbols ? QColor(220, 232, 245) : Qt::white;
            } else if (row == 1) {
                token = m_example.targets[std::size_t(t)];
            } else {
                const std::vector<int>& answers = m_example.predicted[row - 2];
                token = std::size_t(t) < answers.size() ? answers[std::size_t(t)] : -1;
                fill = !isScored ? unscored : token == m_example.targets[std::size_t(t)] ? right : wrong;
            }
            painter.fillRect(box, fill);
            painter.setPen(QPen(palette::grid, 1));
            painter.drawRect(box);
            painter.setPen(row >= 2 && !isScored ? palette::muted : palette::black);
            painter.drawText(box, Qt::AlignCenter, tokenText(token, m_symbols));
        }
    }
    // Position ticks every 5 under the strip.
    painter.setFont(labelFont);
    painter.setPen(palette::muted);
    const double yAxis = top + 4 * cell * 1.1;
    for (int t = 0; t < n; t += 5)
        painter.drawText(QRectF(left + t * cell - 20, yAxis, cell + 40, axisH), Qt::AlignHCenter | Qt::AlignTop,
                         QString::number(t + 1));
    painter.drawText(QRectF(0, yAxis, left - 6, axisH), Qt::AlignRight | Qt::AlignTop, tr("position"));
}

QList<widgets::DataSeries> CopyStripView::dataSeries() const
{
    QList<widgets::DataSeries> out;
    if (!m_shown)
        return out;
    const QString plot = tr("One held-out copy-task sequence (tokens: 0…%1 symbols, %2 blank)")
                             .arg(m_symbols - 1)
                             .arg(m_symbols);
    const auto toPoints = [](const std::vector<int>& tokens) {
        QList<QPointF> points;
        for (std::size_t t = 0; t < tokens.size(); ++t)
            points.append({double(t + 1), double(tokens[t])});
        return points;
    };
    out.append({plot, tr("input"), tr("position"), tr("token"), toPoints(m_example.inputs)});
    out.append({plot, tr("target (−1: not scored)"), tr("position"), tr("token"), toPoints(m_example.targets)});
    out.append({plot, tr("attention's answer"), tr("position"), tr("token"), toPoints(m_example.predicted[0])});
    out.append({plot, tr("RNN's answer"), tr("position"), tr("token"), toPoints(m_example.predicted[1])});
    return out;
}

// --- the panel ---

RnnVsAttentionPanel::RnnVsAttentionPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("sequence-comparison"), QStringLiteral("sequences/rnn-vs-attention"),
                 nn::sequenceComparisonSpecs(), &RnnVsAttentionPanel::compute, parent,
                 {QStringLiteral("accuracy_attention"), QStringLiteral("accuracy_rnn")})
{
    setObjectName(QStringLiteral("rnnVsAttentionPanel"));
    figureWidget()->setObjectName(QStringLiteral("rnnVsAttentionFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("rnnVsAttentionReadout"));

    m_accuracyPlot = new XYPlot(false, figureWidget());
    m_accuracyPlot->setObjectName(QStringLiteral("sequenceAccuracy"));
    m_accuracyPlot->setTitle(tr("Symbols copied right (held out)"));
    m_accuracyPlot->setAxisTitles(tr("Training step (batches)"), tr("Accuracy (fraction)"));
    m_chance = m_accuracyPlot->addSeries(tr("chance"), XYPlot::Style::Dashed, muted);
    m_accuracy[1] = m_accuracyPlot->addSeries(tr("vanilla RNN"), XYPlot::Style::Line, blue);
    m_accuracy[0] = m_accuracyPlot->addSeries(tr("attention"), XYPlot::Style::Line, vermillion);

    m_lossPlot = new XYPlot(false, figureWidget());
    m_lossPlot->setObjectName(QStringLiteral("sequenceLoss"));
    m_lossPlot->setTitle(tr("Training loss on the blanks"));
    m_lossPlot->setAxisTitles(tr("Training step (batches)"), tr("Cross-entropy (nats)"));
    m_chanceLoss = m_lossPlot->addSeries(tr("guessing: ln(symbols)"), XYPlot::Style::Dashed, muted);
    m_loss[1] = m_lossPlot->addSeries(tr("vanilla RNN"), XYPlot::Style::Line, blue);
    m_loss[0] = m_lossPlot->addSeries(tr("attention"), XYPlot::Style::Line, vermillion);

    m_strip = new CopyStripView(figureWidget());
    m_strip->setObjectName(QStringLiteral("copyStrip"));

    for (XYPlot* p : {m_accuracyPlot, m_lossPlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_accuracyPlot, 0, 0);
    grid->addWidget(m_lossPlot, 0, 1);
    grid->addWidget(m_strip, 1, 0, 1, 2);
    grid->setRowStretch(0, 5);
    grid->setRowStretch(1, 2);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_accuracyPlot, m_lossPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });

    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> RnnVsAttentionPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                          Progress& progress)
{
    auto result = std::make_shared<RnnVsAttentionResult>();
    const ParamSet engine = withSeed(nn::sequenceComparisonSpecs(), parameters, seed);
    result->run.task.length = int(parameters["delay"]);
    result->run.task.symbols = int(parameters["symbols"]);
    if (isPlaceholder())
        return result;
    result->run = nn::trainSequenceModels(engine, progress, true);
    result->trained = true;
    return result;
}

void RnnVsAttentionPanel::drawCurves(const ResultSeries (&loss)[2], const ResultSeries (&accuracy)[2], int steps,
                                     double chance)
{
    double top = std::log(1.0 / chance);
    for (int m = 0; m < 2; ++m) {
        QList<QPointF> l, a;
        for (std::size_t k = 0; k < loss[m].x.size(); ++k) {
            l.append({loss[m].x[k], loss[m].y[k]});
            top = std::max(top, loss[m].y[k]);
        }
        for (std::size_t k = 0; k < accuracy[m].x.size(); ++k)
            a.append({accuracy[m].x[k], accuracy[m].y[k]});
        m_lossPlot->setPoints(m_loss[m], l);
        m_accuracyPlot->setPoints(m_accuracy[m], a);
    }
    const double end = std::max(1, steps);
    m_accuracyPlot->setPoints(m_chance, {{0, chance}, {end, chance}});
    m_lossPlot->setPoints(m_chanceLoss, {{0, std::log(1.0 / chance)}, {end, std::log(1.0 / chance)}});
    m_accuracyPlot->setXRange(0, end);
    m_accuracyPlot->setYRange(0, 1);
    m_lossPlot->setXRange(0, end);
    m_lossPlot->setYRange(0, XYPlot::niceTop(top * 1.02));
}

void RnnVsAttentionPanel::drawLive(std::shared_ptr<const LiveData> picture)
{
    auto live = std::dynamic_pointer_cast<const nn::SequenceComparisonLive>(std::move(picture));
    if (!live)
        return;
    ++m_liveCount;
    const double chance = 1.0 / parameters()["symbols"];
    drawCurves(live->loss, live->accuracy, live->steps, chance);
    const auto last = [](const ResultSeries& s) { return s.y.empty() ? 0.0 : 100 * s.y.back(); };
    m_readout->setText(tr("Training both models in turns on a background job: step <b>%1</b> of %2. Held-out "
                          "accuracy so far: attention <b>%3 %</b>, vanilla RNN <b>%4 %</b> (chance %5 %).")
                           .arg(live->step)
                           .arg(live->steps)
                           .arg(last(live->accuracy[0]), 0, 'f', 1)
                           .arg(last(live->accuracy[1]), 0, 'f', 1)
                           .arg(100 * chance, 0, 'f', 1));
}

void RnnVsAttentionPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const RnnVsAttentionResult&>(shown);
    const nn::SequenceComparisonRun& run = result.run;
    const int steps = int(result.parameters["steps"]);
    const double chance = 1.0 / run.task.symbols;
    if (!result.trained) {
        drawCurves({}, {}, steps, chance);
        m_strip->setExample(nullptr, run.task.symbols);
        m_readout->setText(tr("Training attention and a vanilla RNN on the copy task (delay %1) on a background "
                              "job…")
                               .arg(run.task.length));
        return;
    }
    drawCurves(run.loss, run.accuracy, steps, chance);
    m_strip->setExample(&run.example, run.task.symbols);
    const auto reached = [this](double step) {
        return std::isfinite(step) ? tr("95 % at step %1").arg(int(step)) : tr("never 95 %");
    };
    m_readout->setText(
        tr("Copying %1 symbols across a delay of <b>%2</b> after %3 steps: attention <b>%4 %</b> (%5, %6 "
           "parameters), vanilla RNN <b>%7 %</b> (%8, %9 parameters); chance %10 %.")
            .arg(run.task.symbols)
            .arg(run.task.length)
            .arg(steps)
            .arg(100 * run.accuracy[0].y.back(), 0, 'f', 1)
            .arg(reached(run.stepsTo95[0]))
            .arg(run.attentionParameters)
            .arg(100 * run.accuracy[1].y.back(), 0, 'f', 1)
            .arg(reached(run.stepsTo95[1]))
            .arg(run.rnnParameters)
            .arg(100 * chance, 0, 'f', 1));
}

std::optional<double> RnnVsAttentionPanel::readout(const QString& key) const
{
    if (!trained())
        return std::nullopt;
    const nn::SequenceComparisonRun& run = lastRun();
    if (key == QLatin1String("accuracy_attention"))
        return run.accuracy[0].y.back();
    if (key == QLatin1String("accuracy_rnn"))
        return run.accuracy[1].y.back();
    return std::nullopt;
}

QList<widgets::DataSeries> RnnVsAttentionPanel::dataSeries()
{
    QList<widgets::DataSeries> out;
    for (int m = 0; m < 2; ++m) {
        if (m_accuracy[m]->count() > 0)
            out.append({tr("Held-out accuracy on the copy task"), tr(kModelNames[m]), tr("step"), tr("accuracy"),
                        m_accuracy[m]->points()});
        if (m_loss[m]->count() > 0)
            out.append({tr("Training loss on the blanks"), tr(kModelNames[m]), tr("step"), tr("cross-entropy (nats)"),
                        m_loss[m]->points()});
    }
    out.append(m_strip->dataSeries());
    return out;
}

}  // namespace neuroai::chapters
