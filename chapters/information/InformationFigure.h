#pragma once

// What the panels that show one engine batch experiment share (chapter 7's, and spike sorting, decoding, bias and
// variance, the optimisers and LoRA in chapters 8-12): each runs the experiment on its job and plots the
// ExperimentResult's series.

#include "chapters/intro/IntroPanel.h"
#include "engine/core/ExperimentResult.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace neuroai::chapters {

// The figure of a chapter 7 panel: the engine experiment's whole result for one state.
struct InformationResult : IntroResult {
    ExperimentResult experiment;

    // A scalar of the result by key; NaN if the experiment did not report it.
    double scalar(const char* key) const
    {
        const ResultScalar* s = experiment.findScalar(key);
        return s ? s->value : std::numeric_limits<double>::quiet_NaN();
    }
    // A series' points (empty if absent).
    QList<QPointF> points(const char* name) const
    {
        QList<QPointF> out;
        if (const ResultSeries* s = experiment.findSeries(name))
            for (std::size_t i = 0; i < s->x.size() && i < s->y.size(); ++i)
                out.append({s->x[i], s->y[i]});
        return out;
    }
    const ResultSeries* series(const char* name) const { return experiment.findSeries(name); }
};

// A panel that shows one engine batch experiment's result (chapters 7-10 and 12): the result on screen as an
// InformationResult, every scalar of it as a readout a preset may predict, and its notes in the exported metadata.
// A panel with derived readouts answers those and passes the rest to InformationPanel::readout.
class InformationPanel : public IntroPanel {
public:
    // The result on screen (the placeholder's, empty, until the first computation finishes).
    const InformationResult& lastResult() const
    {
        return static_cast<const InformationResult&>(IntroPanel::shownResult());
    }
    std::optional<double> readout(const QString& key) const override
    {
        if (!readoutNames().contains(key))
            return std::nullopt;
        return lastResult().scalar(key.toStdString().c_str());
    }

protected:
    using IntroPanel::IntroPanel;
    QString extraMetadata() const override;
};

// The readout names a preset may predict: every scalar the experiment declares, then the panel's own extras.
inline QStringList scalarReadouts(const std::vector<OutputInfo>& outputs, const QStringList& extras = {})
{
    QStringList names;
    for (const OutputInfo& o : outputs)
        if (o.kind == OutputInfo::Kind::Scalar)
            names << QString::fromStdString(o.key);
    return names + extras;
}

// The largest y of some point lists (0 if all are empty); NaNs are skipped.
inline double largestY(std::initializer_list<const QList<QPointF>*> lists)
{
    double top = 0;
    for (const QList<QPointF>* list : lists)
        for (const QPointF& p : *list)
            if (std::isfinite(p.y()))
                top = std::max(top, p.y());
    return top;
}

// A number for a readout, with a real minus sign ("−1.2"; never "−0.0").
inline QString signedNumber(double value, int decimals)
{
    const QString text = QString::number(std::abs(value), 'f', decimals);
    return value < 0 && text != QString::number(0.0, 'f', decimals) ? QStringLiteral("−") + text : text;
}

// The experiment's notes, one per line (for the exported metadata).
inline QString notesText(const ExperimentResult& experiment)
{
    QStringList notes;
    for (const std::string& note : experiment.notes)
        notes << QString::fromStdString(note);
    return notes.join(QLatin1Char('\n'));
}

inline QString InformationPanel::extraMetadata() const { return notesText(lastResult().experiment); }

}  // namespace neuroai::chapters
