#include "chapters/lm/LoraRankPanel.h"

#include "chapters/vision/VisionFigure.h"
#include "engine/lm/LanguageModelExperiments.h"
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

const char* const kParameterTitle = QT_TRANSLATE_NOOP("LoraRankPanel", "Trainable parameters");
const char* const kLossTitle = QT_TRANSLATE_NOOP("LoraRankPanel", "Verse loss reached");
const char* const kCurveTitle = QT_TRANSLATE_NOOP("LoraRankPanel", "Fine-tuning");

// Batch losses are noisy (8 windows each): a running mean over `window` steps makes the two curves comparable.
QList<QPointF> smoothed(const QList<QPointF>& points, int window)
{
    QList<QPointF> out;
    double sum = 0;
    for (qsizetype i = 0; i < points.size(); ++i) {
        sum += points[i].y();
        if (i >= window)
            sum -= points[i - window].y();
        out.append({points[i].x(), sum / double(std::min<qsizetype>(i + 1, window))});
    }
    return out;
}

}  // namespace

LoraRankPanel::LoraRankPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("lora-rank"), QStringLiteral("language-models/lora-rank"), lm::loraRankSpecs(),
                 &LoraRankPanel::compute, parent, scalarReadouts(lm::loraRankOutputs()))
{
    setObjectName(QStringLiteral("loraRankPanel"));
    figureWidget()->setObjectName(QStringLiteral("loraRankFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("loraRankReadout"));

    m_parameterPlot = new XYPlot(false, figureWidget(), true);
    m_parameterPlot->setObjectName(QStringLiteral("loraParameterPlot"));
    m_parameterPlot->setTitle(tr(kParameterTitle));
    m_parameterPlot->setAxisTitles(tr("Rank r (count)"), tr("Parameters (count)"));
    m_fullParameters = m_parameterPlot->addSeries(tr("full"), XYPlot::Style::Dashed, black);
    m_loraParameters = m_parameterPlot->addSeries(tr("LoRA"), XYPlot::Style::Line, blue);

    m_lossPlot = new XYPlot(false, figureWidget());
    m_lossPlot->setObjectName(QStringLiteral("loraLossPlot"));
    m_lossPlot->setTitle(tr(kLossTitle));
    m_lossPlot->setAxisTitles(tr("Rank r (count)"), tr("Cross-entropy (nats)"));
    m_baseLoss = m_lossPlot->addSeries(tr("before"), XYPlot::Style::Dashed, muted);
    m_fullLoss = m_lossPlot->addSeries(tr("full"), XYPlot::Style::Dashed, black);
    m_loss = m_lossPlot->addSeries(tr("LoRA"), XYPlot::Style::Line, blue);

    m_curvePlot = new XYPlot(false, figureWidget());
    m_curvePlot->setObjectName(QStringLiteral("loraCurvePlot"));
    m_curvePlot->setTitle(tr(kCurveTitle));
    m_curvePlot->setAxisTitles(tr("Step (count)"), tr("Batch loss (nats)"));
    m_fullCurve = m_curvePlot->addSeries(tr("full"), XYPlot::Style::Line, black);
    m_loraCurve = m_curvePlot->addSeries(tr("LoRA, largest r"), XYPlot::Style::Line, vermillion);

    for (XYPlot* p : {m_parameterPlot, m_lossPlot, m_curvePlot})
        p->setMinimumSize(150, 150);
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    grid->addWidget(m_parameterPlot, 0, 0);
    grid->addWidget(m_lossPlot, 0, 1);
    grid->addWidget(m_curvePlot, 1, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addLayout(grid, 1);
    for (XYPlot* p : {m_parameterPlot, m_lossPlot, m_curvePlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> LoraRankPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                    Progress& progress)
{
    auto result = std::make_shared<InformationResult>();
    const ParamSet engine = withSeed(lm::loraRankSpecs(), parameters, seed);
    if (isPlaceholder())
        return result;
    result->experiment = lm::runLoraRank(engine, progress);
    return result;
}

void LoraRankPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const QList<QPointF> lora = r.points("lora_parameters");
    if (lora.isEmpty()) {  // the placeholder while the first run trains
        for (QXYSeries* s : {m_loraParameters, m_fullParameters})
            m_parameterPlot->setPoints(s, {});
        for (QXYSeries* s : {m_loss, m_fullLoss, m_baseLoss})
            m_lossPlot->setPoints(s, {});
        for (QXYSeries* s : {m_fullCurve, m_loraCurve})
            m_curvePlot->setPoints(s, {});
        m_readout->setText(tr("Pre-training and fine-tuning on a background job…"));
        return;
    }
    const double maxRank = lora.last().x();
    m_parameterPlot->setPoints(m_loraParameters, lora);
    m_parameterPlot->setPoints(m_fullParameters, r.points("full_parameters"));
    m_parameterPlot->setXRange(0, maxRank + 1);
    double low = lora.first().y(), high = r.scalar("full_parameter_count");
    for (const QPointF& p : lora)
        high = std::max(high, p.y());
    m_parameterPlot->setYRange(std::pow(10.0, std::floor(std::log10(low))), std::pow(10.0, std::ceil(std::log10(high))));

    const QList<QPointF> loss = r.points("loss_vs_rank");
    const double full = r.scalar("full_finetune_loss"), base = r.scalar("base_verse_loss");
    m_lossPlot->setPoints(m_loss, loss);
    m_lossPlot->setPoints(m_fullLoss, {{0, full}, {maxRank + 1, full}});
    m_lossPlot->setPoints(m_baseLoss, {{0, base}, {maxRank + 1, base}});
    m_lossPlot->setXRange(0, maxRank + 1);
    double bottom = full, top = base;
    for (const QPointF& p : loss) {
        bottom = std::min(bottom, p.y());
        top = std::max(top, p.y());
    }
    const double pad = 0.1 * std::max(0.05, top - bottom);
    m_lossPlot->setYRange(std::floor((bottom - pad) * 10) / 10, std::ceil((top + pad) * 10) / 10);

    const QList<QPointF> fullCurve = smoothed(r.points("full_finetune_curve"), 10);
    const QList<QPointF> loraCurve = smoothed(r.points("lora_curve"), 10);
    m_curvePlot->setPoints(m_fullCurve, fullCurve);
    m_curvePlot->setPoints(m_loraCurve, loraCurve);
    m_loraCurve->setName(tr("LoRA, r = %1").arg(int(maxRank)));
    m_curvePlot->setXRange(0, fullCurve.isEmpty() ? 1 : fullCurve.last().x());
    double lowest = largestY({&fullCurve, &loraCurve});
    for (const QList<QPointF>* curve : {&fullCurve, &loraCurve})
        for (const QPointF& p : *curve)
            lowest = std::min(lowest, p.y());
    m_curvePlot->setYRange(std::max(0.0, std::floor(lowest * 2 - 1) / 2),
                           XYPlot::niceTop(largestY({&fullCurve, &loraCurve})));

    m_readout->setText(tr("Before fine-tuning: <b>%1 nats</b> on the verse. LoRA at r = %2 trains <b>%3</b> "
                          "parameters (%4 % of the model's %5) and reaches <b>%6 nats</b>; full fine-tuning reaches "
                          "<b>%7 nats</b>.")
                           .arg(readoutNumber(base, 2))
                           .arg(int(maxRank))
                           .arg(int(lora.last().y()))
                           .arg(readoutNumber(r.scalar("largest_rank_fraction_pct"), 1))
                           .arg(int(r.scalar("full_parameter_count")))
                           .arg(readoutNumber(r.scalar("largest_rank_loss"), 2))
                           .arg(readoutNumber(full, 2)));
}

std::optional<double> LoraRankPanel::readout(const QString& key) const
{
    if (!readoutNames().contains(key) || lastResult().experiment.scalars.empty())
        return std::nullopt;
    return lastResult().scalar(key.toStdString().c_str());
}

QList<widgets::DataSeries> LoraRankPanel::dataSeries()
{
    const QString rank = tr("rank r");
    return {
        {tr(kParameterTitle), tr("LoRA"), rank, tr("trainable parameters"), m_loraParameters->points()},
        {tr(kParameterTitle), tr("full fine-tuning"), rank, tr("trainable parameters"), m_fullParameters->points()},
        {tr(kLossTitle), tr("LoRA"), rank, tr("verse loss (nats)"), m_loss->points()},
        {tr(kCurveTitle), tr("full fine-tuning"), tr("step"), tr("batch loss, running mean of 10 (nats)"),
         m_fullCurve->points()},
        {tr(kCurveTitle), m_loraCurve->name(), tr("step"), tr("batch loss, running mean of 10 (nats)"),
         m_loraCurve->points()},
    };
}

}  // namespace neuroai::chapters
