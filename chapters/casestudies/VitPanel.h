#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/core/ExperimentResult.h"
#include "widgets/FigureExporter.h"

#include <Eigen/Dense>

#include <QWidget>

#include <memory>
#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// One trained Vision Transformer with its training curves, as the panel's cache and a scenario keep it. The model
// is stored as VisionTransformer::save's text (exact hexadecimal floating point), so a copy is loaded wherever it is
// used and the entry itself never changes.
struct VitTrainedModel {
    std::string text;  // the saved model
    ResultSeries loss, accuracy;
    double stepsTo90 = 0;
    long long parameters = 0;
};

// What the figure shows for one state, computed on the job's thread by VitPanel::compute. `trained` is false only
// for the placeholder the constructor shows while the first training runs on a job.
struct VitResult : IntroResult {
    bool trained = false;
    bool fromCache = false;  // the model was already trained for these parameters (a view change, or a scenario's)
    std::shared_ptr<const VitTrainedModel> model;
    int patchesPerSide = 0, layers = 0, heads = 0, imageSize = 16;
    int imageIndex = 0;                 // 0-based index into the 400 held-out images
    int label = 0, predicted = 0;       // Shape values
    std::vector<double> probabilities;  // softmax of the logits, per class
    Eigen::MatrixXd image;              // the image shown (size × size, row 0 at the top)
    int query = 0;                      // the token whose attention is shown: 0 = [CLS], k = patch k (1-based)
    bool queryClamped = false;          // the requested patch does not exist at this patch size: [CLS] is shown
    // Attention of the query token over the patch tokens, per layer and head ([layer · heads + head], N values
    // each, the [CLS] column left out) and its weight on [CLS] itself.
    std::vector<std::vector<double>> maps;
    std::vector<double> clsWeight;
    std::vector<double> rollout;  // row `query` of the attention rollout over the patches
    double rolloutCls = 0;
};

// Grey-scale images with a per-patch attention map laid over them, in a row of tiles (e.g. one per layer and head).
// Each tile's colours are scaled to its own largest weight (named in its caption), so a head that spreads its
// attention thinly still shows its pattern; the query patch is outlined. Clicking a patch of any tile emits
// patchClicked(k) with k the 1-based patch index (row-major).
class PatchAttentionView final : public QWidget {
    Q_OBJECT
public:
    struct Tile {
        QString caption;
        std::vector<double> weights;  // one per patch; empty: the image alone
    };
    explicit PatchAttentionView(QWidget* parent = nullptr);
    void setTitle(const QString& title);
    // The line under the tiles explaining the colours and the click (shown by default).
    void setLegendShown(bool shown);
    // The image (size × size, row 0 at the top), the patch grid, the tiles, their number of columns, and the query
    // patch to outline (0: none, i.e. [CLS]).
    void setContent(const Eigen::MatrixXd& image, int patchesPerSide, std::vector<Tile> tiles, int columns, int query);
    void clear();
    const std::vector<Tile>& tiles() const { return m_tiles; }
    // Where tile `index` draws its image (widget coordinates), for tests and clicks.
    QRectF imageRect(int index) const;
    // The 1-based patch under a widget position, or 0.
    int patchAt(const QPointF& position) const;
    QList<widgets::DataSeries> dataSeries() const;
    QSize minimumSizeHint() const override { return {200, 160}; }

signals:
    void patchClicked(int patch);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QString m_title;
    Eigen::MatrixXd m_image;
    int m_side = 0, m_columns = 1, m_query = 0;
    bool m_legend = true;
    std::vector<Tile> m_tiles;
};

// Case study "Vision Transformer" (chapter Case studies): a tiny ViT (engine/nn/VisionTransformer.h) learns four
// shapes live on a job (loss and held-out accuracy grow while it trains); then, for a held-out image, the attention
// of [CLS] (or of a clicked patch) over the patches in every layer and head, and the attention rollout over the
// image. Patch size, heads, layers, width and training settings retrain; the image and the query token only redraw
// from the trained model (kept in a cache by its training parameters, and saved with a scenario, so a class need not
// wait for training).
class VitPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit VitPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Vision Transformer"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;
    QJsonObject captureExtras() const override;
    bool extrasHoldResults() const override { return true; }
    QString checkState(const PanelState& state) const override;
    void applyState(const PanelState& target, bool restart) override;

    bool trained() const { return shownResult().trained; }
    const VitResult& lastResult() const { return shownResult(); }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    widgets::XYPlot* accuracyPlot() const { return m_accuracyPlot; }
    QXYSeries* lossSeries() const { return m_loss; }
    QXYSeries* accuracySeries() const { return m_accuracy; }
    PatchAttentionView* headView() const { return m_heads; }
    PatchAttentionView* rolloutView() const { return m_rollout; }
    QLabel* readoutLabel() const { return m_readout; }

    // How many models this process has trained (not taken from the cache): tests check that a view change does not
    // train again.
    static int trainingCount();
    static void clearCache();

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    void drawLive(std::shared_ptr<const LiveData> picture) override;
    QString extraMetadata() const override;

private:
    const VitResult& shownResult() const { return static_cast<const VitResult&>(IntroPanel::shownResult()); }
    void drawCurves(const ResultSeries& loss, const ResultSeries& accuracy, int steps);

    // captureExtras() is asked for on every edit: the model's text is converted once per trained model, and the
    // copies share it. The entry is held (not just its address), so a new model can never be mistaken for it.
    mutable std::shared_ptr<const VitTrainedModel> m_extrasModel;
    mutable QJsonObject m_extras;

    widgets::XYPlot* m_lossPlot = nullptr;
    widgets::XYPlot* m_accuracyPlot = nullptr;
    QXYSeries* m_loss = nullptr;
    QXYSeries* m_accuracy = nullptr;
    QXYSeries* m_target = nullptr;
    QXYSeries* m_chance = nullptr;
    PatchAttentionView* m_heads = nullptr;
    PatchAttentionView* m_rollout = nullptr;
    QLabel* m_readout = nullptr;
};

}  // namespace neuroai::chapters
