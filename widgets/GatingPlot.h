#pragma once

#include "engine/core/Frame.h"
#include "widgets/PlotView.h"

#include <QList>
#include <QString>
#include <QStringList>

QT_BEGIN_NAMESPACE
class QLineSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// Gating variables against time: one line per channel named in setChannels() (Hodgkin–Huxley's m, h and n), on a
// fixed 0–1 axis (they are probabilities), over the same sliding window as the membrane trace. It is what a reader
// needs to "watch m rise first, then h fall and n rise" during a spike.
class GatingPlot : public PlotView {
    Q_OBJECT
public:
    explicit GatingPlot(QWidget* parent = nullptr);

    // The frame channels to draw (keys, e.g. "m", "h", "n") and their legend names; at most four.
    void setChannels(const QStringList& keys, const QStringList& names);
    QStringList channels() const { return m_keys; }
    // Draws the channels of `frame` that setChannels() named; a missing channel leaves its line empty.
    void showFrame(const Frame& frame);
    void clear();

    QList<QLineSeries*> lines() const { return m_lines; }

protected:
    void styleSeries() override;

private:
    QStringList m_keys;
    QList<QLineSeries*> m_lines;
};

}  // namespace neuroai::widgets
