#include "chapters/information/ChannelCapacityPanel.h"

#include "engine/core/Job.h"
#include "engine/information/InformationExperiments.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotAlignment.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QLabel>
#include <QVBoxLayout>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {
constexpr double kEdge = 0.02;  // beyond 0 and 1 on the probability axes, so the end dots are drawn whole

const char* const kCapacityTitle = QT_TRANSLATE_NOOP("ChannelCapacityPanel", "Capacity against noise");
const char* const kInputTitle = QT_TRANSLATE_NOOP("ChannelCapacityPanel", "Information against the input");
}  // namespace

ChannelCapacityPanel::ChannelCapacityPanel(QWidget* parent)
    : InformationPanel(QStringLiteral("channel-capacity"), QStringLiteral("information/channel-capacity"),
                 information::channelCapacitySpecs(), &ChannelCapacityPanel::compute, parent,
                 scalarReadouts(information::channelCapacityOutputs(), {QStringLiteral("share_of_capacity_pct")}))
{
    setObjectName(QStringLiteral("channelCapacityPanel"));
    figureWidget()->setObjectName(QStringLiteral("channelCapacityFigure"));
    using namespace widgets::palette;

    m_readout = makeReadout(QStringLiteral("channelCapacityReadout"));

    m_capacityPlot = new XYPlot(false, figureWidget());
    m_capacityPlot->setObjectName(QStringLiteral("channelCapacityPlot"));
    m_capacityPlot->setTitle(tr(kCapacityTitle));
    m_capacityPlot->setAxisTitles(tr("Error probability ε (probability)"), tr("Capacity C (bits per use)"));
    m_noiseLine = m_capacityPlot->addSeries(QString(), XYPlot::Style::Dashed, bluishGreen);
    m_closed = m_capacityPlot->addSeries(tr("closed form"), XYPlot::Style::Line, blue);
    m_ba = m_capacityPlot->addSeries(tr("Blahut–Arimoto"), XYPlot::Style::Markers, orange);
    m_currentNoise = m_capacityPlot->addSeries(tr("this ε"), XYPlot::Style::Diamond, vermillion);
    m_capacityPlot->setXRange(-kEdge, 1 + kEdge);
    m_capacityPlot->setYRange(0, 1.1);

    m_inputPlot = new XYPlot(false, figureWidget());
    m_inputPlot->setObjectName(QStringLiteral("channelInputPlot"));
    m_inputPlot->setTitle(tr(kInputTitle));
    m_inputPlot->setAxisTitles(tr("Input P(x=1) (probability)"), tr("Mutual information I(X;Y) (bits per use)"));
    m_capacityLine = m_inputPlot->addSeries(tr("capacity"), XYPlot::Style::Dashed, black);
    m_mi = m_inputPlot->addSeries(tr("I(X;Y)"), XYPlot::Style::Line, blue);
    m_optimum = m_inputPlot->addSeries(tr("optimum"), XYPlot::Style::Dashed, bluishGreen);
    m_currentInput = m_inputPlot->addSeries(tr("this input"), XYPlot::Style::Diamond, vermillion);
    m_inputPlot->setXRange(-kEdge, 1 + kEdge);

    for (XYPlot* p : {m_capacityPlot, m_inputPlot})
        p->setMinimumSize(150, 150);
    figureLayout()->addWidget(m_readout, 0);
    figureLayout()->addWidget(m_capacityPlot, 1);
    figureLayout()->addWidget(m_inputPlot, 1);
    // Both probability axes run from 0 to 1, one above the other: same plot-area edges.
    new widgets::PlotAreaAligner({m_capacityPlot, m_inputPlot}, this);
    for (XYPlot* p : {m_capacityPlot, m_inputPlot})
        widgets::FigureExporter::installContextMenu(p, [this] { return metadata(); });
    finishSetup();
}

std::shared_ptr<IntroResult> ChannelCapacityPanel::compute(const ParamSet& parameters, std::uint64_t /*seed*/,
                                                           Progress& progress)
{
    // Deterministic: no seed among the experiment's parameters.
    auto result = std::make_shared<InformationResult>();
    result->experiment = information::runChannelCapacity(parameters, progress);
    return result;
}

void ChannelCapacityPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const InformationResult&>(shown);
    const ParamSet& p = r.parameters;
    const bool z = std::lround(p["channel"]) == 1;
    const double eps = p["noise"], p1 = p["input_p1"];
    const double capacity = r.scalar("capacity_bits"), optimal = r.scalar("optimal_p1"), here = r.scalar("mi_bits");
    const ResultSeries* closed = r.series("capacity_closed");
    const QString formula = closed ? QString::fromStdString(closed->label) : tr("closed form");

    // --- capacity against ε ---
    m_closed->setName(tr("C = %1").arg(formula));
    m_capacityPlot->setPoints(m_closed, r.points("capacity_closed"));
    m_capacityPlot->setPoints(m_ba, r.points("capacity_ba"));
    m_currentNoise->setName(tr("this ε = %1").arg(eps, 0, 'g', 3));
    m_capacityPlot->setPoints(m_currentNoise, {{eps, capacity}});
    m_capacityPlot->setPoints(m_noiseLine, {{eps, 0.0}, {eps, 1.1}});

    // --- I(X;Y) against the input ---
    const QList<QPointF> mi = r.points("mi_vs_input");
    const double top = XYPlot::niceTop(std::max({capacity, largestY({&mi}), 0.01}) * 1.15);
    m_capacityLine->setName(tr("C = %1 bits").arg(capacity, 0, 'f', 3));
    m_inputPlot->setPoints(m_capacityLine, {{-kEdge, capacity}, {1 + kEdge, capacity}});
    m_inputPlot->setPoints(m_mi, mi);
    m_optimum->setName(tr("best P(x = 1) = %1").arg(optimal, 0, 'f', 3));
    // The best input as a dashed line up to the capacity: a marker would hide under the diamond when they agree.
    m_inputPlot->setPoints(m_optimum, {{optimal, 0.0}, {optimal, r.scalar("capacity_ba_bits")}});
    m_inputPlot->setPoints(m_currentInput, {{p1, here}});
    m_inputPlot->setYRange(0, top);

    const double share = capacity > 0 ? 100 * here / capacity : 100.0;
    m_readout->setText(tr("%1, ε = %2: capacity %3 = <b>%4 bits</b> per use (Blahut–Arimoto %5), reached at "
                          "P(x = 1) = <b>%6</b>. Sending 1s with P(x = 1) = %7 gets <b>%8 bits</b> through "
                          "(%9 % of capacity).")
                           .arg(z ? tr("Z channel") : tr("Binary symmetric channel"))
                           .arg(eps, 0, 'g', 3)
                           .arg(formula)
                           .arg(capacity, 0, 'f', 3)
                           .arg(r.scalar("capacity_ba_bits"), 0, 'f', 3)
                           .arg(optimal, 0, 'f', 3)
                           .arg(p1, 0, 'g', 3)
                           .arg(here, 0, 'f', 3)
                           .arg(share, 0, 'f', 0));
}

std::optional<double> ChannelCapacityPanel::readout(const QString& key) const
{
    const InformationResult& r = lastResult();
    if (key == QLatin1String("share_of_capacity_pct")) {
        const double capacity = r.scalar("capacity_bits");
        return capacity > 0 ? 100 * r.scalar("mi_bits") / capacity : 100.0;
    }
    return InformationPanel::readout(key);
}

QList<widgets::DataSeries> ChannelCapacityPanel::dataSeries()
{
    const QString capacity = tr(kCapacityTitle), input = tr(kInputTitle);
    const QString eps = tr("ε (probability)"), c = tr("C (bits per use)"), p1 = tr("P(x = 1) (probability)"),
                  mi = tr("I(X;Y) (bits per use)");
    return {{capacity, m_closed->name(), eps, c, m_closed->points()},
            {capacity, tr("Blahut–Arimoto"), eps, c, m_ba->points()},
            {input, tr("I(X;Y)"), p1, mi, m_mi->points()}};
}

}  // namespace neuroai::chapters
