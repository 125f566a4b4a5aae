#pragma once

#include "chapters/vision/VisionFigure.h"
#include "engine/vision/VisionExperiments.h"

#include <QColor>
#include <QWidget>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the figure shows for one state, computed on the job's thread. `trained` is false only for the placeholder
// the constructor shows while the first training runs on a job.
struct LearnedFiltersResult : IntroResult {
    bool trained = false;
    bool fromCache = false;  // trained earlier for these parameters (a view change)
    std::shared_ptr<const vision::LearnedFiltersRun> run;
};

// A grid of small filters (kernels) in grey, each scaled symmetrically about zero to its own largest |value|
// (mid-grey = 0, white positive, black negative), with an optional caption under each and a frame whose colour
// carries a verdict. A legend line under the grid explains the frame colours.
class FilterTileView final : public QWidget {
    Q_OBJECT
public:
    struct Tile {
        int size = 0;                // side in pixels; values row-major, row 0 at the top
        std::vector<double> values;
        QString caption;             // empty: no caption row
        QColor frame;                // invalid: a thin grey frame
    };
    explicit FilterTileView(QWidget* parent = nullptr);
    void setTitle(const QString& title);
    void setLegend(const QString& legend);
    void setContent(std::vector<Tile> tiles, int columns);
    void clear();
    const std::vector<Tile>& tiles() const { return m_tiles; }
    int columns() const { return m_columns; }
    // The columns drawn: at most columns(), fewer when that gives larger tiles whose captions still fit.
    int shownColumns() const { return layoutGeometry().columns; }
    QString title() const { return m_title; }
    QString legend() const { return m_legend; }
    // Where tile `index` draws its image (widget coordinates).
    QRectF tileRect(int index) const;
    QList<widgets::DataSeries> dataSeries() const;
    QSize minimumSizeHint() const override { return {200, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    bool hasCaptions() const;
    double legendHeight() const;
    double titleHeight() const;
    double captionWidth() const;
    struct Geometry {
        int columns = 1, rows = 1;
        double top = 0, caption = 0, gap = 0, side = 0, pitchX = 0;
        bool fits = true;
    };
    Geometry geometry(int columns) const;
    Geometry layoutGeometry() const;
    QString m_title, m_legend;
    int m_columns = 1;
    std::vector<Tile> m_tiles;
};

// Chapter 4, panel 4: filters that are learned, not designed. Left, sparse coding (Olshausen & Field 1996) learns a
// basis of 8 × 8 filters from whitened dead-leaves patches (or from the controls without edges: phase-randomised
// dead leaves, white noise), each tile framed when it passes FilterShape.h's Gabor-like test, with its held-out
// energy against the step; right, a small CNN learns to tell four grating orientations apart, its first-layer
// filters labelled with their preferred orientation and concentration R, with its held-out accuracy. Engine: the
// batch experiment `learned-filters` (VisionExperiments.h), trained on a job with live redraws; a trained result is
// kept by its parameters, so the view option (tile order) only redraws.
class LearnedFiltersPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit LearnedFiltersPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Learned filters"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    bool trained() const { return shownResult().trained; }
    const LearnedFiltersResult& lastResult() const { return shownResult(); }
    FilterTileView* sparseTiles() const { return m_sparseTiles; }
    FilterTileView* cnnTiles() const { return m_cnnTiles; }
    widgets::XYPlot* energyPlot() const { return m_energyPlot; }
    widgets::XYPlot* accuracyPlot() const { return m_accuracyPlot; }
    QXYSeries* energySeries() const { return m_energy; }
    QXYSeries* reconstructionSeries() const { return m_reconstruction; }
    QXYSeries* sparsitySeries() const { return m_sparsity; }
    QXYSeries* accuracySeries() const { return m_accuracy; }
    QXYSeries* chanceSeries() const { return m_chance; }
    QLabel* readoutLabel() const { return m_readout; }

    // The tile order of a result under the view option (indices into the basis / the CNN's filters).
    static std::vector<int> sparseOrder(const vision::LearnedFiltersRun& run, bool byOrientation);
    static std::vector<int> cnnOrder(const vision::LearnedFiltersRun& run, bool byOrientation);

    // How many runs this process has trained (not taken from the cache): tests check that a view change does not
    // train again.
    static int trainingCount();
    static void clearCache();

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    void drawLive(std::shared_ptr<const LiveData> picture) override;
    QString extraMetadata() const override;

private:
    const LearnedFiltersResult& shownResult() const
    {
        return static_cast<const LearnedFiltersResult&>(IntroPanel::shownResult());
    }
    // randomStart ≥ 0: the Gabor-like count of the random initial basis, named in the title (trained results).
    void drawBasis(const std::vector<vision::Image>& basis, const vision::FilterShapeSummary& shapes,
                   const std::vector<int>& order, int randomStart = -1);
    void drawEnergy(const ResultSeries& energy, const ResultSeries* reconstruction, const ResultSeries* sparsity,
                    int steps);
    void drawCnn(const nn::SmallCnnSnapshot& cnn, const std::vector<int>& order, int steps);

    FilterTileView* m_sparseTiles = nullptr;
    FilterTileView* m_cnnTiles = nullptr;
    widgets::XYPlot* m_energyPlot = nullptr;
    widgets::XYPlot* m_accuracyPlot = nullptr;
    QXYSeries* m_energy = nullptr;
    QXYSeries* m_reconstruction = nullptr;
    QXYSeries* m_sparsity = nullptr;
    QXYSeries* m_accuracy = nullptr;
    QXYSeries* m_chance = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
