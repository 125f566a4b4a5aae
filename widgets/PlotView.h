#pragma once

#include <QChartView>

#include <QList>
#include <QPointF>

#include <initializer_list>
#include <vector>

QT_BEGIN_NAMESPACE
class QValueAxis;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// Base of the app's plots: a QChartView with a chart styled by PlotStyle. applyStyle() re-applies fonts, line widths
// and marker sizes after PlotStyle's presentation scale changes (presentation mode); restyleAll() does it for every
// plot under a widget.
class PlotView : public QChartView {
    Q_OBJECT
public:
    explicit PlotView(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setAxisTitles(const QString& x, const QString& y);
    QValueAxis* xAxis() const { return m_x; }
    QValueAxis* yAxis() const { return m_y; }

    void applyStyle();
    static void restyleAll(QWidget* root);

    // --- pinned runs ("ghosts") ---
    // pinTraces() freezes the plot's current data series as thin light-grey copies, so a run can be compared with
    // the next. (They are drawn after the live series: Qt Charts draws in the order series were added, and taking
    // the live series out and back loses their legend entries; thin and light, they hide little.) Every visible series with at least two points is copied, except those a
    // plot marks with excludeFromPins() (threshold lines, operating points, budget rings). One legend entry per pin
    // carries `label`. `id` names the pin for removePin()/setPinLabel() (the panel pins all its plots under one id).
    // At most kMaxPins pins are kept: another drops the oldest. Returns the number of series copied (0: nothing
    // to pin, no pin added).
    static constexpr int kMaxPins = 5;
    int pinTraces(const QString& label, int id = 0);
    void removePin(int id);
    void clearPins();
    int pinCount() const { return int(m_pins.size()); }
    void setPinLabel(int id, const QString& label);
    struct PinnedTrace {
        QString label;          // the pin's label, e.g. "pinned: I=1.5 nA"
        QString source;         // the name of the series it was copied from
        QList<QPointF> points;  // as drawn now
    };
    QList<PinnedTrace> pinnedTraces() const;
    // The ghost series of every pin (oldest pin first), for tests and styling.
    QList<QXYSeries*> pinSeries() const;
    static void excludeFromPins(QXYSeries* series);

    // "Rate f (Hz)" → "f (Hz)": the symbol and unit of an axis title, shown instead of the full title when the axis
    // is too short for it (Qt Charts would elide it to "Rate f …"). Empty when there is no shorter form.
    static QString shortAxisTitle(const QString& title);

protected:
    // Pens and marker sizes of the derived plot's series, from PlotStyle. Called by applyStyle(); derived
    // constructors call it once after creating their series.
    virtual void styleSeries() = 0;
    // Adds the plot's series to the chart, attached to the x axis (bottom) and y axis (left).
    void addSeries(std::initializer_list<QXYSeries*> series);

    // Ghosts of a time plot follow its window: points are stored relative to pinOrigin() at pin time and redrawn
    // relative to the current one by placePins(). Default 0 (fixed x axes).
    virtual double pinOrigin() const { return 0.0; }
    void placePins();

    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;

private:
    struct Ghost {
        QXYSeries* series = nullptr;
        QString source;
        QList<QPointF> relative;  // points minus the origin at pin time
    };
    struct Pin {
        int id = 0;
        QString label;
        std::vector<Ghost> ghosts;
    };
    void styleGhosts();
    void fitAxisTitles();
    std::vector<Pin> m_pins;
    bool m_fittingTitles = false;
};

}  // namespace neuroai::widgets
