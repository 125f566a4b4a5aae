#pragma once

// What the panels of chapter 4 ("vision") share: images with square pixels in degrees of visual angle (kernels,
// pictures, energy and orientation maps), and the result type that carries an engine batch experiment
// (engine/vision/VisionExperiments.h) to the GUI.

#include "chapters/intro/IntroPanel.h"
#include "engine/core/ExperimentResult.h"
#include "engine/core/ImageData.h"
#include "widgets/HeatmapPlot.h"

#include <QImage>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <vector>

namespace neuroai::vision {
struct Image;
}

namespace neuroai::chapters {

// A vision::Image (kernel or picture, row 0 at the top) as a heatmap matrix in degrees: x from −w/2 to w/2 to the
// right, y from −h/2 to h/2 upwards (the engine's kernel coordinates), at `pixelsPerDegree`.
MatrixImage visionMatrix(const vision::Image& image, double pixelsPerDegree, const std::string& valueLabel,
                         bool diverging);

// The readout names of an experiment: every scalar it declares.
QStringList scalarKeys(const std::vector<OutputInfo>& outputs);
// A scalar of an experiment result by key; nullopt if absent.
std::optional<double> scalarOf(const ExperimentResult& result, const QString& key);
// The experiment's notes, one per line (exported metadata).
QString notesOf(const ExperimentResult& result);
// A number for a readout: fixed decimals, a real minus sign, "—" for NaN, "∞" for infinity, no "−0".
QString readoutNumber(double value, int decimals);

// A heatmap whose cells are square (an image, not a table); the colour bar can be hidden.
class SquareHeatmap : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit SquareHeatmap(QWidget* parent = nullptr);
    void setColourBarShown(bool shown);
    // A dashed ellipse drawn over the image (data coordinates, deg): centre, semi-axes, angle of the first axis
    // counter-clockwise from +x. Cleared by clearEllipse().
    void setEllipse(QPointF centre, double a, double b, double angleDeg);
    void clearEllipse();
    bool hasEllipse() const { return m_ellipse; }

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    bool m_ellipse = false;
    QPointF m_centre;
    double m_a = 0, m_b = 0, m_angleDeg = 0;
};

// A grey-level picture (luminance in [low, high], black to white) with square pixels, a grey colour bar, and
// HeatmapPlot's tooltips and data export.
class GreyPicturePlot final : public SquareHeatmap {
    Q_OBJECT
public:
    explicit GreyPicturePlot(QWidget* parent = nullptr);
    void showPicture(MatrixImage picture, double low, double high);

protected:
    void paintSide(QPainter& painter, const QRectF& side) override;
};

// An orientation map: each pixel's hue is the orientation its filters prefer, its brightness the strength of that
// preference (the matrix, exported and shown in tooltips); a legend of bars in their hues beside the image.
class OrientationMapPlot final : public SquareHeatmap {
    Q_OBJECT
public:
    explicit OrientationMapPlot(QWidget* parent = nullptr);
    // `strength` carries values, axes and labels; `coloured` (same size) is what is drawn.
    void showMap(MatrixImage strength, QImage coloured);
    // The colour of filter orientation θ (deg; wave-vector direction, bars at θ + 90°) at full strength.
    static QColor orientationColour(double thetaDeg, double strength = 1.0);

protected:
    double sideWidth() const override;
    void paintSide(QPainter& painter, const QRectF& side) override;

private:
    QStringList legendLabels() const;
};

}  // namespace neuroai::chapters
