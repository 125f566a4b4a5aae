#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/nn/Sequence.h"
#include "widgets/HeatmapPlot.h"

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the "Inside attention" figure shows for one state, computed on the job's thread by
// AttentionInsidePanel::compute. `trained` is false only for the placeholder shown while the first training job runs
// (the panel never trains on the GUI thread). Positions and indices are 0-based here; the figure labels them 1-based.
struct AttentionInsideResult : IntroResult {
    bool trained = false;
    nn::CopyTask task;
    nn::PositionalEncoding positions = nn::PositionalEncoding::Learned;
    double temperature = 1;
    int layer = 0, head = 0;        // the block and head shown
    int requestedQuery = 0;         // the query the controls ask for (may lie past the sequence's end)
    int query = 0;                  // the query shown: requestedQuery clamped to the sequence
    int headDim = 0;                // d_h
    std::vector<int> tokens;        // the sequence taken apart (a fixed draw, not from the training stream)
    std::vector<int> targets;       // its targets (−1 where nothing is scored)
    std::vector<int> predictions;   // the model's answer at every position (argmax of the logits), at τ
    // The trained model after its forward pass over the test sequence at τ: the attention caches (queries, keys,
    // values, maps) of every block hold that pass.
    std::shared_ptr<const nn::SequenceTransformer> model;
    nn::Matrix attention;           // T × T map of the shown head (rows: queries, columns: keys)
    std::vector<double> scores;     // q_t·k_u / (√d_h τ) for u ≤ t; −∞ for the masked keys u > t
    std::vector<double> weights;    // softmax of the scores (0 for the masked keys)
    nn::Matrix weightedValues;      // d_h × T: a_u v_u
    std::vector<double> output;     // d_h: o_t = Σ_u a_u v_u
    nn::Matrix positionTable;       // d × T
    nn::Matrix positionCosine;      // T × T cosine similarity of the positions (NaN where a position is zero)
    double accuracy = 0;            // copy accuracy at τ over the 200 held-out sequences
    double accuracyAtOne = 0;       // the same at τ = 1 (the temperature the model was trained at)
    double trainingSeconds = 0;     // wall time of the training (when it ran; 0 for a cached model's first use)
    int steps = 0;
    // The head that puts the most weight on the query's source (the copy's answer), over all layers and heads.
    int bestLayer = -1, bestHead = -1;
    double bestWeight = 0;

    // Position of the symbol the query must copy (query − delay), or −1 when the query is an input position.
    int source() const { return query >= task.length ? query - task.length : -1; }
    int length() const { return int(tokens.size()); }
};

// The attention map of the figure with the chosen query row outlined and its source key marked; clicking a row asks
// for that query (rowClicked). It also serves the other heatmaps of the panel: a vertical separator before one column
// (the Σ column of the weighted values) and a message written over the plot (e.g. "no positional encoding").
class AttentionMapPlot final : public widgets::HeatmapPlot {
    Q_OBJECT
public:
    explicit AttentionMapPlot(QWidget* parent = nullptr);
    // Row to outline (−1: none) and a cell to mark in it (−1: none).
    void setHighlight(int row, int markedColumn);
    int highlightedRow() const { return m_row; }
    void setSeparatorBefore(int column);
    void setMessage(const QString& message);
    QString message() const { return m_message; }
    // Widget position of the centre of a cell (for tests and clicks).
    QPoint cellCentre(int row, int column) const;

signals:
    void rowClicked(int row);

protected:
    void paintOverlay(QPainter& painter, const QRect& plot) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    int m_row = -1, m_marked = -1, m_separator = -1;
    QString m_message;
};

// Chapter 11 (sequences), panel "Inside attention": a small causal transformer (2 blocks, 2 heads, d = 32) trained on
// the copy task, opened up on one held-out sequence. The attention map of a chosen layer and head (rows: queries),
// for a chosen query the scores q·k/(√d_h τ), their softmax and the weighted values with their sum, and the
// positional encodings (the table and the cosine similarity of positions). Training runs on a job and is cached by
// its parameters (TrainedCache), so temperature, layer, head and query redraw from the trained model in milliseconds.
class AttentionInsidePanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit AttentionInsidePanel(QWidget* parent = nullptr);

    QString title() const override { return tr("Inside attention"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    static std::vector<ParamSpec> specs();
    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

    // The trained models kept by the panels (shared by every panel of this kind in the process), and how many
    // trainings have run: tests check that a view control does not train again.
    static std::size_t cachedModels();
    static void clearCache();
    static int trainingCount();

    bool trained() const { return shownResult().trained; }
    const AttentionInsideResult& result() const { return shownResult(); }
    AttentionMapPlot* attentionPlot() const { return m_attention; }
    widgets::XYPlot* scorePlot() const { return m_scores; }
    widgets::XYPlot* weightPlot() const { return m_weights; }
    AttentionMapPlot* valuePlot() const { return m_values; }
    AttentionMapPlot* positionPlot() const { return m_positions; }
    AttentionMapPlot* similarityPlot() const { return m_similarity; }
    QLabel* readoutLabel() const { return m_readout; }
    // The plotted per-key values (x = key position, 1-based), for tests and the data export.
    const QList<QPointF>& plottedScores() const { return m_scoreValues; }
    const QList<QPointF>& plottedWeights() const { return m_weightValues; }

protected:
    void draw(const IntroResult& result) override;
    QString extraMetadata() const override;

private:
    const AttentionInsideResult& shownResult() const
    {
        return static_cast<const AttentionInsideResult&>(IntroPanel::shownResult());
    }
    void clearPlots(int length);

    QLabel* m_readout = nullptr;
    AttentionMapPlot* m_attention = nullptr;
    widgets::XYPlot* m_scores = nullptr;
    QXYSeries* m_scoreBars = nullptr;
    QXYSeries* m_scoreSource = nullptr;
    QXYSeries* m_scoreMasked = nullptr;
    widgets::XYPlot* m_weights = nullptr;
    QXYSeries* m_weightBars = nullptr;
    QXYSeries* m_weightSource = nullptr;
    QXYSeries* m_weightMasked = nullptr;
    AttentionMapPlot* m_values = nullptr;
    AttentionMapPlot* m_positions = nullptr;
    AttentionMapPlot* m_similarity = nullptr;
    QList<QPointF> m_scoreValues, m_weightValues, m_maskedKeys;
};

}  // namespace neuroai::chapters
