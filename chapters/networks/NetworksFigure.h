#pragma once

// What the three panels of chapter 5 ("networks") share: each computes its engine figure on the job
// (engine/networks/NetworkExperiments.h), keeps it with the ExperimentResult the registry's run would return, and
// answers its readouts from that result's scalars, so the panel and `neuroai-sim run` report the same numbers.

#include "chapters/intro/IntroPanel.h"
#include "engine/core/ExperimentResult.h"

#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// Keeps a plot's legend as a card in one corner of its plot area while the plot is narrower than `wide` pixels (Qt
// Charts elides legend texts that do not fit in the one row above the plot); wider plots keep that row. The corner
// should be one the data leave empty. Owned by the plot.
class LegendCard final : public QObject {
    Q_OBJECT
public:
    LegendCard(widgets::XYPlot* plot, Qt::Corner corner, int wide = 600);
    // Places the legend for the plot's current size (also called after every resize and layout change).
    void place();
    bool isCard() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    widgets::XYPlot* m_plot;
    Qt::Corner m_corner;
    int m_wide;
    bool m_placing = false;
};

template <typename Figure>
struct NetworksResult : IntroResult {
    Figure figure;
    ExperimentResult experiment;

    // A scalar of the result by key; NaN if the experiment did not report it.
    double scalar(const char* key) const
    {
        const ResultScalar* s = experiment.findScalar(key);
        return s ? s->value : std::numeric_limits<double>::quiet_NaN();
    }
    QList<QPointF> points(const char* name) const
    {
        QList<QPointF> out;
        if (const ResultSeries* s = experiment.findSeries(name))
            for (std::size_t i = 0; i < s->x.size() && i < s->y.size(); ++i)
                out.append({s->x[i], s->y[i]});
        return out;
    }
};

// The readout names a preset may predict: every scalar the experiment declares.
inline QStringList networkReadouts(const std::vector<OutputInfo>& outputs)
{
    QStringList names;
    for (const OutputInfo& o : outputs)
        if (o.kind == OutputInfo::Kind::Scalar)
            names << QString::fromStdString(o.key);
    return names;
}

// A number with fixed decimals and a real minus sign ("−0.82"; never "−0.00").
inline QString fixedNumber(double value, int decimals)
{
    const QString text = QString::number(std::abs(value), 'f', decimals);
    return value < 0 && text != QString::number(0.0, 'f', decimals) ? QStringLiteral("−") + text : text;
}

// The experiment's notes, one per line (for the exported metadata).
inline QString notesOf(const ExperimentResult& experiment)
{
    QStringList notes;
    for (const std::string& note : experiment.notes)
        notes << QString::fromStdString(note);
    return notes.join(QLatin1Char('\n'));
}

}  // namespace neuroai::chapters
