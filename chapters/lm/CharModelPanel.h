#pragma once

#include "chapters/intro/IntroPanel.h"
#include "engine/lm/LiveTraining.h"
#include "widgets/FigureExporter.h"

#include <QWidget>

#include <memory>
#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QXYSeries;
QT_END_NAMESPACE

namespace neuroai::widgets {
class XYPlot;
}

namespace neuroai::chapters {

// The next-character distribution as horizontal bars, most probable first: for each character a grey bar (the
// model's own softmax, T = 1) and over it a coloured bar (the distribution sampling draws from, after temperature,
// top-k and top-p); characters the settings drop keep only their grey bar. Space and newline are drawn as ␣ and ⏎.
class TokenBarsView final : public QWidget {
    Q_OBJECT
public:
    struct Row {
        char character = ' ';
        double model = 0;     // probability under the model (T = 1)
        double sampling = 0;  // probability under the sampling pipeline
    };
    explicit TokenBarsView(QWidget* parent = nullptr);
    void setTitle(const QString& title);
    QString title() const { return m_title; }
    void setRows(std::vector<Row> rows);
    const std::vector<Row>& rows() const { return m_rows; }
    static QString glyph(char c);
    QList<widgets::DataSeries> dataSeries() const;
    QSize minimumSizeHint() const override { return {220, 200}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_title;
    std::vector<Row> m_rows;
};

// Chapter 12, panel 1: a character-level transformer learns the chapter's own prose, live on a job (loss on the
// training text and on a held-out tenth, and a fresh sample every few steps), then predicts the next character of a
// prompt: the model's distribution, what temperature, top-k and top-p leave of it, and a sampled continuation. The
// trained model is kept by its training parameters, so the sampling controls redraw in milliseconds. Engine:
// lm::trainCharModel (LiveTraining.h) and the sampling pipeline (Sampling.h).
class CharModelPanel final : public IntroPanel {
    Q_OBJECT
public:
    explicit CharModelPanel(QWidget* parent = nullptr);

    QString title() const override { return tr("A tiny language model"); }
    QList<widgets::DataSeries> dataSeries() override;
    std::optional<double> readout(const QString& key) const override;

    struct Result : IntroResult {
        bool trained = false;
        bool fromCache = false;  // trained earlier for these training parameters (a sampling change)
        std::shared_ptr<const lm::TrainedCharModel> model;
        std::string prompt, continuation;
        std::vector<double> modelDistribution, temperedDistribution, samplingDistribution;  // by token
        double entropyModel = 0, entropyTempered = 0, entropySampling = 0;
        int kept = 0, greedyToken = 0;
    };
    bool trained() const { return lastResult().trained; }
    const Result& lastResult() const { return static_cast<const Result&>(shownResult()); }

    TokenBarsView* barsView() const { return m_bars; }
    widgets::XYPlot* lossPlot() const { return m_lossPlot; }
    QXYSeries* trainingLossSeries() const { return m_trainingLoss; }
    QXYSeries* heldOutLossSeries() const { return m_heldOutLoss; }
    QLabel* sampleLabel() const { return m_sample; }
    QLabel* readoutLabel() const { return m_readout; }
    int liveFrames() const { return m_liveFrames; }

    static constexpr int kBars = 12;
    // How many models this process has trained (tests check that a sampling change does not train again).
    static int trainingCount();
    static void clearCache();
    static std::shared_ptr<IntroResult> compute(const ParamSet& parameters, std::uint64_t seed, Progress& progress);

protected:
    void draw(const IntroResult& result) override;
    void drawLive(std::shared_ptr<const LiveData> picture) override;
    QString extraMetadata() const override;

private:
    void drawCurves(const lm::LiveTrainingCurves& curves, long steps, double unigram);
    void showSample(const QString& prompt, const QString& continuation, const QString& caption);

    TokenBarsView* m_bars = nullptr;
    widgets::XYPlot* m_lossPlot = nullptr;
    QXYSeries* m_trainingLoss = nullptr;
    QXYSeries* m_heldOutLoss = nullptr;
    QXYSeries* m_unigram = nullptr;
    QLabel* m_sample = nullptr;
    QLabel* m_readout = nullptr;
    int m_liveFrames = 0;
};

}  // namespace neuroai::chapters
