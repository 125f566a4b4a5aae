#pragma once

// What the three panels of chapter 14 ("Where next") share: each runs one of the engine's batch experiments
// (engine/frontiers/FrontiersExperiments.h) on its job, keeps the whole ExperimentResult, plots its series and
// answers its readouts from its scalars, so the panel and `neuroai-sim run` report the same numbers. Helpers here
// build the plots (titled, unit-bearing axes, export menu), lay the figure out and mark values on an axis.

#include "chapters/information/InformationFigure.h"
#include "widgets/FigureExporter.h"
#include "widgets/PlotView.h"
#include "widgets/XYPlot.h"

#include <QColor>
#include <QGridLayout>
#include <QLabel>
#include <QList>
#include <QPointF>
#include <QString>
#include <QVBoxLayout>
#include <QXYSeries>

#include <cmath>
#include <initializer_list>
#include <memory>
#include <optional>
#include <utility>

namespace neuroai {
class Progress;
}

namespace neuroai::chapters {

// A chapter 14 figure: the experiment's result, or (computed = false) the placeholder a panel shows while its first
// result is computed on a job.
struct FrontiersResult : InformationResult {
    bool computed = true;
};

// Runs an engine experiment (parameters complete, seed included) into a FrontiersResult; the placeholder if asked.
inline std::shared_ptr<IntroResult> frontiersRun(ExperimentResult (*run)(const ParamSet&, Progress&),
                                                 const ParamSet& engine, Progress& progress, bool placeholder = false)
{
    auto result = std::make_shared<FrontiersResult>();
    result->computed = !placeholder;
    if (!placeholder)
        result->experiment = run(engine, progress);
    return result;
}

// A plot of a chapter 14 figure: titled, both axes titled with their units, a minimum size, the export menu.
inline widgets::XYPlot* frontiersPlot(IntroPanel& panel, const QString& objectName, const QString& title,
                                      const QString& xTitle, const QString& yTitle, bool logX = false,
                                      bool logY = false)
{
    auto* plot = new widgets::XYPlot(logX, panel.figureWidget(), logY);
    plot->setObjectName(objectName);
    plot->setTitle(title);
    plot->setAxisTitles(xTitle, yTitle);
    plot->setMinimumSize(150, 150);
    widgets::FigureExporter::installContextMenu(plot, [&panel] { return panel.metadata(); });
    return plot;
}

// A dashed reference or marker line (a dense network's level, a chosen value, a crossover): not pinned.
inline QXYSeries* referenceLine(widgets::XYPlot* plot, const QString& name, const QColor& colour)
{
    QXYSeries* series = plot->addSeries(name, widgets::XYPlot::Style::Dashed, colour);
    widgets::PlotView::excludeFromPins(series);
    return series;
}

// One plot of the figure's grid, with its place.
struct PlotCell {
    widgets::XYPlot* plot = nullptr;
    int row = 0, column = 0, rowSpan = 1, columnSpan = 1;
};

// The readout above a two-column grid of plots.
inline void layOutFigure(QVBoxLayout* figure, QLabel* readout, std::initializer_list<PlotCell> cells)
{
    auto* grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    for (const PlotCell& c : cells)
        grid->addWidget(c.plot, c.row, c.column, c.rowSpan, c.columnSpan);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    figure->addWidget(readout, 0);
    figure->addLayout(grid, 1);
}

// A vertical line at x from y0 to y1; none if x is not finite or, on a log axis, not positive.
inline QList<QPointF> verticalLine(double x, double y0, double y1, bool logAxis = false)
{
    if (!std::isfinite(x) || (logAxis && x <= 0))
        return {};
    return {{x, y0}, {x, y1}};
}

// A horizontal line at y from x0 to x1.
inline QList<QPointF> horizontalLine(double y, double x0, double x1) { return {{x0, y}, {x1, y}}; }

// Decade bounds around [low, high] for a log axis (both > 0).
inline std::pair<double, double> decades(double low, double high)
{
    const double lo = std::pow(10.0, std::floor(std::log10(low)));
    double hi = std::pow(10.0, std::ceil(std::log10(high)));
    if (hi <= lo)
        hi = 10 * lo;
    return {lo, hi};
}

// The readout a preset may predict: a declared scalar of the shown result; none before the first result.
inline std::optional<double> frontiersReadout(const IntroPanel& panel, const FrontiersResult& result,
                                              const QString& key)
{
    if (!result.computed || !panel.readoutNames().contains(key))
        return std::nullopt;
    return result.scalar(key.toStdString().c_str());
}

// The experiment's notes for the exported metadata (none for the placeholder).
inline QString frontiersNotes(const FrontiersResult& result)
{
    return result.computed ? notesText(result.experiment) : QString();
}

}  // namespace neuroai::chapters
