#pragma once

#include "engine/core/ImageData.h"
#include "widgets/ImagePlot.h"

namespace neuroai::widgets {

// A 2-D arena seen from above, in cm with y upwards and the aspect ratio preserved: an optional rate map under
// everything (viridis, its own colour bar), the walls, the trajectory fading from old (faint) to new, goals (green
// rings) and rewards (orange diamonds), the agent as a triangle pointing along its heading, and a scale bar in cm.
class ArenaView : public ImagePlot {
    Q_OBJECT
public:
    explicit ArenaView(QWidget* parent = nullptr);

    void setScene(const ArenaScene& scene);
    const ArenaScene& scene() const { return m_scene; }
    // Where the agent is drawn (widget coordinates); null when there is no agent.
    QPointF agentPosition() const;
    // The scale bar's length (cm) for the current size.
    double scaleBarCm() const;
    // The scale bar's card (widget coordinates): at least as wide as both the bar and its label, in the lower left
    // corner of the plot.
    QRectF scaleBarCard() const;
    // Where its label is drawn (centred in this rectangle) and the label itself.
    QRectF scaleBarLabelRect() const;
    QString scaleBarLabel() const;

    QList<DataSeries> dataSeries() const override;

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;

private:
    QRectF scaleBarCardIn(const QRect& plot) const;
    static QRectF scaleBarLabelRectIn(const QRectF& card);
    double scaleBarPixels() const;

    ArenaScene m_scene;
};

}  // namespace neuroai::widgets
