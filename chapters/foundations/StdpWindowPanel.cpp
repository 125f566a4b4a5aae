#include "chapters/foundations/StdpWindowPanel.h"

#include "engine/core/Job.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;
using plasticity::StdpWindowRule;

StdpWindowPanel::StdpWindowPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("stdp-window"), QStringLiteral("foundations/stdp-window"),
                 plasticity::stdpWindowSpecs(), &StdpWindowPanel::compute, parent,
                 {QStringLiteral("dw_neg10_pct"), QStringLiteral("dw_pos10_pct")})
{
    setObjectName(QStringLiteral("stdpWindowPanel"));
    figureWidget()->setObjectName(QStringLiteral("stdpWindowFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("stdpWindowReadout"));

    m_plot = new XYPlot(false, figureWidget());
    m_plot->setObjectName(QStringLiteral("stdpWindowPlot"));
    m_plot->setTitle(tr("Weight change after the pairing protocol"));
    m_plot->setAxisTitles(tr("Spike timing Δt = t_post − t_pre (ms)"), tr("Weight change Δw/w0 (%)"));
    m_zero = m_plot->addSeries(QString(), XYPlot::Style::Dashed, muted);
    m_biPoo = m_plot->addSeries(tr("Bi & Poo shape"), XYPlot::Style::Dashed, bluishGreen);
    m_prediction = m_plot->addSeries(tr("pair-rule sum"), XYPlot::Style::Line, blue);
    m_measured = m_plot->addSeries(tr("measured"), XYPlot::Style::Markers, vermillion);

    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_plot, 1);
    widgets::FigureExporter::installContextMenu(m_plot, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> StdpWindowPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                      Progress& progress)
{
    auto result = std::make_shared<StdpWindowResult>();
    result->setup = plasticity::StdpWindowSetup::fromParameters(parameters);
    progress.setStage("pairing protocol at each Δt");
    result->run = plasticity::runStdpWindow(result->setup, &progress);
    return result;
}

void StdpWindowPanel::draw(const IntroResult& shown)
{
    const auto& result = static_cast<const StdpWindowResult&>(shown);
    const plasticity::StdpWindowRun& run = result.run;
    const plasticity::StdpWindowSetup& s = result.setup;

    QList<QPointF> measured, prediction, biPoo;
    double extent = 1.0;
    for (std::size_t i = 0; i < run.deltaT.size(); ++i) {
        measured.append({run.deltaT[i], run.measuredPct[i]});
        extent = std::max(extent, std::abs(run.measuredPct[i]));
    }
    for (std::size_t i = 0; i < run.lineT.size(); ++i) {
        prediction.append({run.lineT[i], run.predictionPct[i]});
        biPoo.append({run.lineT[i], run.biPooPct[i]});
        extent = std::max({extent, std::abs(run.predictionPct[i]), std::abs(run.biPooPct[i])});
    }
    const double x0 = run.deltaT.front(), x1 = run.deltaT.back();
    m_plot->setPoints(m_measured, measured);
    m_plot->setPoints(m_prediction, prediction);
    m_plot->setPoints(m_biPoo, biPoo);
    m_plot->setPoints(m_zero, {{x0, 0.0}, {x1, 0.0}});
    m_plot->setXRange(x0, x1);
    const double top = XYPlot::niceTop(extent * 1.1);
    m_plot->setYRange(-top, top);

    const ParamSet& p = result.parameters;
    const QString rule = QString::fromStdString(p.spec("rule")->display(p["rule"]));
    const bool exact = s.rule != StdpWindowRule::Triplet && !s.multiplicative;
    // Additive weights stop at 0 and w_max: a change that would cross them is clipped.
    const bool clipped = std::any_of(run.measuredPct.begin(), run.measuredPct.end(), [&](double pct) {
        const double w = s.w0 * (1.0 + pct / 100.0);
        return w <= 1e-6 || w >= 1.0 - 1e-6;
    });
    QString note = exact ? tr("The line is this rule's exact sum over the protocol's pairs.")
                         : tr("The line is the additive pair rule, for comparison: this rule differs from it.");
    if (clipped)
        note += tr(" Some weights hit a bound (0 or w_max) and were clipped.");
    m_readout->setText(tr("<b>%1</b> rule, %2 pairings at %3 Hz: Δw/w0 = <b>%4 %</b> at Δt = +10 ms and "
                          "<b>%5 %</b> at Δt = −10 ms. %6")
                           .arg(rule)
                           .arg(s.pairings)
                           .arg(s.frequencyHz, 0, 'g', 3)
                           .arg(run.at(10), 0, 'f', 1)
                           .arg(run.at(-10), 0, 'f', 1)
                           .arg(note));
}

std::optional<double> StdpWindowPanel::readout(const QString& key) const
{
    if (key == QLatin1String("dw_neg10_pct"))
        return lastRun().at(-10);
    if (key == QLatin1String("dw_pos10_pct"))
        return lastRun().at(10);
    return std::nullopt;
}

QList<widgets::DataSeries> StdpWindowPanel::dataSeries()
{
    const QString plot = tr("Weight change after the pairing protocol");
    const QString x = tr("Δt (ms)"), y = tr("Δw/w0 (%)");
    return {{plot, tr("measured"), x, y, m_measured->points()},
            {plot, tr("pair-rule sum"), x, y, m_prediction->points()},
            {plot, tr("Bi & Poo shape"), x, y, m_biPoo->points()}};
}

}  // namespace neuroai::chapters
