#pragma once

#include <QColor>
#include <QRgb>

namespace neuroai::widgets {

// Colour maps for image plots. Viridis (perceptually uniform, readable in grey and with the common colour-vision
// deficiencies) for magnitudes; a blue–white–red diverging map for signed data, white exactly at the middle.
enum class Colormap { Viridis, Diverging };

// Colour at `fraction` ∈ [0, 1] (clamped); NaN gives nanColour().
QRgb colormapRgb(Colormap map, double fraction);
// NaN cells: a neutral grey that neither map contains.
inline QRgb nanColour() { return qRgb(150, 150, 150); }

}  // namespace neuroai::widgets
