#pragma once

#include <QColor>
#include <QFont>
#include <QPen>
#include <QString>

#include <initializer_list>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QValueAxis;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {

// One visual language for every plot: the Okabe–Ito palette (safe for the common colour-vision deficiencies),
// white backgrounds, thin grids and fonts that survive being shrunk into a two-column paper figure.
namespace palette {
inline const QColor black{0, 0, 0};
inline const QColor orange{230, 159, 0};
inline const QColor skyBlue{86, 180, 233};
inline const QColor bluishGreen{0, 158, 115};
inline const QColor yellow{240, 228, 66};
inline const QColor blue{0, 114, 178};
inline const QColor vermillion{213, 94, 0};
inline const QColor reddishPurple{204, 121, 167};
inline const QColor grid{225, 225, 225};
inline const QColor muted{110, 110, 110};
}  // namespace palette

class PlotStyle {
public:
    // Presentation mode: larger type and thicker lines for a projector. Applies to plots styled afterwards and to
    // existing ones on restyle().
    static void setPresentationScale(double scale);
    static double presentationScale();

    static double lineWidth() { return 1.6 * presentationScale(); }
    // A pen `widthFactor` times the line width (so it follows presentation mode).
    static QPen pen(const QColor& color, double widthFactor = 1.0, Qt::PenStyle style = Qt::SolidLine)
    {
        QPen p(color);
        p.setWidthF(widthFactor * lineWidth());
        p.setStyle(style);
        return p;
    }
    static QFont titleFont();
    static QFont axisTitleFont();
    static QFont labelFont();

    // Applies background, margins, fonts and legend style to a chart.
    static void styleChart(QChart* chart);
    // Gives `view` a new styled chart (antialiased, no OpenGL: OpenGL series are left out of exports).
    static QChart* createChart(QChartView* view);
    // Adds `series` to the chart, a styled x axis at the bottom and y axis at the left, and attaches them.
    static void addSeriesWithAxes(QChart* chart, std::initializer_list<QXYSeries*> series, QValueAxis* x,
                                  QValueAxis* y, const QString& xTitle, const QString& yTitle);
    static void styleAxis(QValueAxis* axis, const QString& title);
    // Sets the range and places ticks at round multiples (1, 2, 2.5 or 5 × 10^k) inside it, about `targetTicks` of
    // them, so labels read 0, 100, 200 rather than 0, 112.5, 225.
    static void setNiceRange(QValueAxis* axis, double low, double high, int targetTicks = 6);
};

// The smallest "nice" step (1, 2, 2.5, 5 × 10^k) that is at least `raw`.
double niceStep(double raw);
// A "nice" upper bound for an axis starting at zero (1, 2, 2.5, 5 × 10^k above `value`).
double niceCeiling(double value);

}  // namespace neuroai::widgets
