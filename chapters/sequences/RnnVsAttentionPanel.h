#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/nn/AttentionExperiments.h"
#include "widgets/FigureExporter.h"

#include <QWidget>

QT_BEGIN_NAMESPACE
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// What the figure shows, computed on the job's thread by RnnVsAttentionPanel::compute. `trained` is false only for
// the placeholder the constructor shows while the first training runs on a job.
struct RnnVsAttentionResult : IntroResult {
    bool trained = false;
    nn::SequenceComparisonRun run;
};

// One held-out copy-task sequence and what each model answers, as rows of token cells: the input (symbols A, B, …,
// then blanks ·), the target (the symbol each blank must recall), and the attention model's and the RNN's answers,
// green where right and red where wrong. Only the blank positions are scored; answers elsewhere are greyed.
class CopyStripView final : public QWidget {
    Q_OBJECT
public:
    explicit CopyStripView(QWidget* parent = nullptr);
    void setExample(const nn::CopyExample* example, int symbols);
    // Right answers of model m (0 attention, 1 RNN) among the scored positions.
    int correct(int model) const;
    int scored() const;
    QList<widgets::DataSeries> dataSeries() const;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    nn::CopyExample m_example;
    int m_symbols = 0;
    bool m_shown = false;
};

// Chapter 11, "RNN vs attention": a causal transformer and a vanilla RNN learn the copy task from the same
// sequences, taking turns step by step on a job, their learning curves growing side by side live; then both answer
// one held-out sequence. With a delay of 20 the RNN must carry each symbol through 20 steps of its own recurrence and
// stays at chance, while attention looks straight back to the symbol it needs.
class RnnVsAttentionPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit RnnVsAttentionPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("RNN vs attention"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    bool trained() const { return shownResult().trained; }
    const nn::SequenceComparisonRun& lastRun() const { return shownResult().run; }
    widgets::XYPlot* accuracyPlot() const { return m_accuracyPlot; }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    QXYSeries* accuracySeries(int model) const { return m_accuracy[model]; }
    QXYSeries* lossSeries(int model) const { return m_loss[model]; }
    CopyStripView* strip() const { return m_strip; }
    QLabel* readoutLabel() const { return m_readout; }
    // How many live pictures have been drawn (tests check that the curves grow while training).
    int liveCount() const { return m_liveCount; }

    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    void drawLive(std::shared_ptr<const LiveData> picture) override;

private:
    const RnnVsAttentionResult& shownResult() const
    {
        return static_cast<const RnnVsAttentionResult&>(IntroPanel::shownResult());
    }
    void drawCurves(const ResultSeries (&loss)[2], const ResultSeries (&accuracy)[2], int steps, double chance);

    widgets::XYPlot* m_accuracyPlot = nullptr;
    widgets::XYPlot* m_lossPlot = nullptr;
    QXYSeries* m_accuracy[2] = {nullptr, nullptr};
    QXYSeries* m_loss[2] = {nullptr, nullptr};
    QXYSeries* m_chance = nullptr;
    QXYSeries* m_chanceLoss = nullptr;
    CopyStripView* m_strip = nullptr;
    QLabel* m_readout = nullptr;
    int m_liveCount = 0;
};

}  // namespace neuroai::chapters
