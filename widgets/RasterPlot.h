#pragma once

#include "engine/core/ImageData.h"
#include "widgets/ImagePlot.h"

#include <span>

namespace neuroai::widgets {

// A spike raster, neurons × time, drawn from a RasterImage the engine has already binned to pixels (binSpikes in
// engine/core/RasterBinning.h): one image column per time bin, rows stretched to the plot's height, neuron
// firstNeuron at the bottom. A pixel with spikes takes its population's colour (Okabe–Ito, or the colour the data
// give), lighter for fewer spikes: full colour at the image's largest count, 35 % of it for a single spike among
// many. A legend names the populations when the data name them. Drawing costs O(pixels), so 64 000 neurons draw as
// fast as 64; bin to plotSizeChanged()'s size for one texel per screen pixel.
class RasterPlot : public ImagePlot {
    Q_OBJECT
public:
    explicit RasterPlot(QWidget* parent = nullptr);

    void setRaster(const RasterImage& raster);
    const RasterImage& raster() const { return m_raster; }
    // Convenience for callers on the GUI thread: bins events to this plot's current pixel size and shows them.
    void setSpikes(std::span<const double> timesMs, std::span<const int> neurons, double t0Ms, double t1Ms,
                   int firstNeuron, int lastNeuron);

    QColor populationColour(int population) const;
    // The colour of a pixel holding `count` spikes when the image's largest count is `maxCount`.
    static QRgb countColour(const QColor& population, int count, int maxCount);

    QList<DataSeries> dataSeries() const override;

protected:
    double sideWidth() const override;
    void paintSide(QPainter& painter, const QRectF& side) override;

private:
    void setAxesFor(const RasterImage& raster);

    RasterImage m_raster;
    QImage m_buffers[2];
    int m_nextBuffer = 0;
};

}  // namespace neuroai::widgets
