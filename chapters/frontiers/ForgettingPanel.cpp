#include "chapters/frontiers/ForgettingPanel.h"

#include "engine/core/Job.h"
#include "engine/frontiers/FrontiersExperiments.h"
#include "widgets/PlotStyle.h"
#include "widgets/XYPlot.h"

#include <QChart>
#include <QLabel>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace neuroai::chapters {

using widgets::XYPlot;

namespace {

const char* const kPlainTitle = QT_TRANSLATE_NOOP("ForgettingPanel", "Without EWC");
const char* const kEwcTitle = QT_TRANSLATE_NOOP("ForgettingPanel", "With EWC");
const char* const kLambdaTitle = QT_TRANSLATE_NOOP("ForgettingPanel", "Accuracy after B against λ");
const char* const kFisherTitle = QT_TRANSLATE_NOOP("ForgettingPanel", "Fisher diagonal after A");

// The engine's series of the two tasks over training, without and with EWC.
const char* const kPlainKeys[] = {"plain_accuracy_a", "plain_accuracy_b"};
const char* const kEwcKeys[] = {"ewc_accuracy_a", "ewc_accuracy_b"};
const char* const kSweepKeys[] = {"final_a_vs_lambda", "final_b_vs_lambda"};
const char* const kChosenKeys[] = {"ewc_accuracy_a_after_b", "ewc_accuracy_b_after_b"};

QColor taskColour(int task) { return task == 0 ? widgets::palette::blue : widgets::palette::vermillion; }

// λ as a reader would write it: "0.01", "3", "1000" (never "1e+03").
QString lambdaText(double lambda)
{
    return lambda >= 100 ? QString::number(lambda, 'f', 0) : QString::number(lambda, 'g', 3);
}

}  // namespace

ForgettingPanel::ForgettingPanel(QWidget* parent)
    : IntroPanel(QStringLiteral("ewc"), QStringLiteral("frontiers/forgetting"), frontiers::ewcSpecs(),
                 &ForgettingPanel::compute, parent, scalarReadouts(frontiers::ewcOutputs()))
{
    setObjectName(QStringLiteral("forgettingPanel"));
    figureWidget()->setObjectName(QStringLiteral("forgettingFigure"));
    using namespace widgets::palette;
    m_readout = makeReadout(QStringLiteral("forgettingReadout"));
    const QString tasks[] = {tr("task A"), tr("task B")};
    const QString epoch = tr("Epoch (count)"), accuracy = tr("Test accuracy (%)");

    m_plainPlot = frontiersPlot(*this, QStringLiteral("forgettingPlainPlot"), tr(kPlainTitle), epoch, accuracy);
    m_ewcPlot = frontiersPlot(*this, QStringLiteral("forgettingEwcPlot"), tr(kEwcTitle), epoch, accuracy);
    for (const bool ewc : {false, true}) {
        XYPlot* plot = ewc ? m_ewcPlot : m_plainPlot;
        std::array<QXYSeries*, 2>& curves = ewc ? m_ewcCurves : m_plainCurves;
        for (int task = 0; task < 2; ++task)
            curves[std::size_t(task)] = plot->addSeries(tasks[task], XYPlot::Style::Line, taskColour(task));
        (ewc ? m_ewcChance : m_plainChance) = referenceLine(plot, tr("chance"), muted);
        (ewc ? m_ewcSwitch : m_plainSwitch) = referenceLine(plot, QString(), black);  // A ends, B begins
        plot->setYRange(0, 100);
    }

    m_lambdaPlot = frontiersPlot(*this, QStringLiteral("forgettingLambdaPlot"), tr(kLambdaTitle),
                                 tr("EWC strength λ (a.u.)"), accuracy, true);
    for (int task = 0; task < 2; ++task)
        m_sweep[std::size_t(task)] = m_lambdaPlot->addSeries(tasks[task], XYPlot::Style::Line, taskColour(task));
    m_lambdaLine = referenceLine(m_lambdaPlot, tr("this λ"), bluishGreen);
    for (int task = 0; task < 2; ++task) {  // this λ's own run: its two final accuracies
        m_chosen[std::size_t(task)] = m_lambdaPlot->addSeries(QString(), XYPlot::Style::Diamond, taskColour(task));
        widgets::PlotView::excludeFromPins(m_chosen[std::size_t(task)]);
    }
    m_lambdaPlot->setYRange(0, 100);

    m_fisherPlot = frontiersPlot(*this, QStringLiteral("forgettingFisherPlot"), tr(kFisherTitle),
                                 tr("Parameter rank (count)"), tr("Fisher entry Fᵢ (a.u.)"), false, true);
    m_fisher = m_fisherPlot->addSeries(QString(), XYPlot::Style::Line, reddishPurple);  // the axis names it

    layOutFigure(figureLayout(), m_readout,
                 {{m_plainPlot, 0, 0}, {m_ewcPlot, 0, 1}, {m_lambdaPlot, 1, 0}, {m_fisherPlot, 1, 1}});
    // Half a second of training at the defaults (seconds with more epochs or seeds): never on the GUI thread.
    finishSetupWithPlaceholder();
}

std::shared_ptr<IntroResult> ForgettingPanel::compute(const ParamSet& parameters, std::uint64_t seed,
                                                      Progress& progress)
{
    return frontiersRun(frontiers::runEwc, withSeed(frontiers::ewcSpecs(), parameters, seed), progress,
                        isPlaceholder());
}

void ForgettingPanel::drawTraining(const FrontiersResult& r, int epochsA, int epochsB)
{
    const double chance = 100.0 / r.parameters["classes"];
    const double end = epochsA + epochsB;
    for (const bool ewc : {false, true}) {
        XYPlot* plot = ewc ? m_ewcPlot : m_plainPlot;
        for (int task = 0; task < 2; ++task)
            plot->setPoints(accuracySeries(ewc, task), r.points((ewc ? kEwcKeys : kPlainKeys)[task]));
        plot->setPoints(ewc ? m_ewcChance : m_plainChance, horizontalLine(chance, 0, end));
        plot->setPoints(switchSeries(ewc), verticalLine(epochsA, 0, 100));
        plot->setXRange(0, end);
    }
}

void ForgettingPanel::drawSweep(const FrontiersResult& r, double lambda)
{
    double low = lambda, high = lambda;
    for (int task = 0; task < 2; ++task) {
        const QList<QPointF> sweep = r.points(kSweepKeys[task]);
        m_lambdaPlot->setPoints(m_sweep[std::size_t(task)], sweep);
        for (const QPointF& p : sweep) {
            low = std::min(low, p.x());
            high = std::max(high, p.x());
        }
        const double chosen = r.scalar(kChosenKeys[task]);
        m_lambdaPlot->setPoints(m_chosen[std::size_t(task)],
                                r.computed && std::isfinite(chosen) ? QList<QPointF>{{lambda, chosen}}
                                                                    : QList<QPointF>{});
    }
    // Room on both sides, so this λ's line never sits on the plot's edge.
    const auto [left, right] = decades(low / 1.5, high * 1.5);
    m_lambdaPlot->setXRange(left, right);
    m_lambdaPlot->setPoints(m_lambdaLine, verticalLine(lambda, 0, 100, true));
}

void ForgettingPanel::drawFisher(const FrontiersResult& r)
{
    QList<QPointF> fisher = r.points("fisher_sorted");
    const double top = largestY({&fisher});
    if (top > 0) {
        const auto [bottom, ceiling] = decades(top * std::pow(10.0, -kFisherDecades), top);
        for (QPointF& p : fisher)
            p.setY(std::max(p.y(), bottom));  // zeros (dead units' weights) and tiny entries on the floor
        m_fisherPlot->setYRange(bottom, ceiling);
    } else {
        fisher.clear();
    }
    m_fisherPlot->setPoints(m_fisher, fisher);
    m_fisherPlot->setXRange(0, XYPlot::niceTop(std::max<double>(1.0, double(fisher.size()))));
}

void ForgettingPanel::draw(const IntroResult& shown)
{
    const auto& r = static_cast<const FrontiersResult&>(shown);
    const ParamSet& p = r.parameters;
    const int epochsA = int(std::lround(p["epochs_a"])), epochsB = int(std::lround(p["epochs_b"]));
    const double lambda = p["lambda"];
    m_ewcPlot->setTitle(tr("With EWC, λ = %1").arg(lambdaText(lambda)));
    drawTraining(r, epochsA, epochsB);
    drawSweep(r, lambda);
    drawFisher(r);
    if (!r.computed) {
        m_readout->setText(tr("Training on a background job: task A, then task B without and with EWC, then B again "
                              "for every λ of the sweep…"));
        return;
    }
    const int repeats = int(std::lround(p["repeats"]));
    const QString seeds = repeats == 1 ? tr("One seed (%1).").arg(r.seed)
                                       : tr("Means of %1 seeds (%2 to %3).").arg(repeats).arg(r.seed).arg(
                                             r.seed + std::uint64_t(repeats - 1));
    m_readout->setText(tr("After task A the network scores <b>%1 %</b> on A (chance %2 %). Learning B plainly leaves "
                          "<b>%3 %</b> on A (%4 points forgotten; B %5 %); with EWC at λ = %6 A keeps <b>%7 %</b> "
                          "(%8 points forgotten; B %9 %). %10")
                           .arg(QString::number(r.scalar("accuracy_a_after_a"), 'f', 1))
                           .arg(QString::number(r.scalar("chance_pct"), 'g', 3))
                           .arg(QString::number(r.scalar("plain_accuracy_a_after_b"), 'f', 1))
                           .arg(signedNumber(r.scalar("plain_forgetting"), 1))
                           .arg(QString::number(r.scalar("plain_accuracy_b_after_b"), 'f', 1))
                           .arg(lambdaText(lambda))
                           .arg(QString::number(r.scalar("ewc_accuracy_a_after_b"), 'f', 1))
                           .arg(signedNumber(r.scalar("ewc_forgetting"), 1))
                           .arg(QString::number(r.scalar("ewc_accuracy_b_after_b"), 'f', 1))
                           .arg(seeds));
}

std::optional<double> ForgettingPanel::readout(const QString& key) const
{
    return frontiersReadout(*this, lastResult(), key);
}

QString ForgettingPanel::extraMetadata() const { return frontiersNotes(lastResult()); }

QList<widgets::DataSeries> ForgettingPanel::dataSeries()
{
    const QString tasks[] = {tr("task A"), tr("task B")};
    const QString epoch = tr("epoch"), accuracy = tr("test accuracy (%)");
    QList<widgets::DataSeries> out;
    for (const bool ewc : {false, true})
        for (int task = 0; task < 2; ++task)
            out.append({tr(ewc ? kEwcTitle : kPlainTitle), tasks[task], epoch, accuracy,
                        accuracySeries(ewc, task)->points()});
    for (int task = 0; task < 2; ++task)
        out.append({tr(kLambdaTitle), tasks[task], tr("EWC strength λ"), accuracy,
                    m_sweep[std::size_t(task)]->points()});
    // The Fisher diagonal as computed (the plot puts the smallest entries on its floor).
    out.append({tr(kFisherTitle), tr("Fisher diagonal, largest first"), tr("rank"), tr("F_i"),
                lastResult().points("fisher_sorted")});
    return out;
}

}  // namespace neuroai::chapters
