// Chapter 12's panels.
// "A tiny language model" (chapters/lm/CharModelPanel): registered as the chapter's first panel; a new
// panel shows an untrained placeholder and trains on a job, drawing live curves and samples; the trained tiny model
// beats the unigram entropy on the held-out tenth; the bars are the model's distribution, most probable first, and
// the blue bars are exactly samplingDistribution() of the model's logits (checked against the engine on a copy of
// the cached model); temperature 0 keeps one character (the greedy one) and top-k 5 keeps five; a sampling change
// redraws without training again and an identical draw gives an identical sample; every plot is titled with units;
// every preset loads and its prediction is answered; the Try-this links name this panel's presets.
// "LoRA fine-tuning" (chapters/lm/LoraRankPanel): the second panel; trains on a job (placeholder first); its curves
// are the engine's series; the adapters' count at each rank is exactly L·r·(4·2d + 2(d + h)) of the tiny model
// (lm::loraParameterCount), a straight line through the origin; the verse loss falls below the untuned model's at
// every rank; titles and units; presets and Try-this as above.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/JobController.h"
#include "chapters/framework/PanelBinding.h"
#include "chapters/lm/CharModelPanel.h"
#include "chapters/lm/LoraRankPanel.h"
#include "engine/lm/LanguageModelExperiments.h"
#include "engine/lm/Sampling.h"
#include "tests/chapters/PanelText.h"
#include "tests/chapters/PresetChecks.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLabel>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 240000;

}  // namespace

class TestLanguageModelPanels : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("language-models"), QStringLiteral("char-model")), 0);
        QCOMPARE(findChapter(QStringLiteral("language-models"))->number, 12);
    }

    void trainsLiveThenSamplesWithoutTraining()
    {
        CharModelPanel::clearCache();
        CharModelPanel panel;
        panel.resize(1200, 800);
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("held_out_loss")).has_value());
        int liveWhileTraining = 0;
        QObject::connect(panel.jobController(), &JobController::liveData, &panel, [&] {
            if (!panel.trained() && panel.heldOutLossSeries()->count() > 0)
                ++liveWhileTraining;
        });
        const int before = CharModelPanel::trainingCount();
        QVERIFY(testing::settle(panel, kTimeoutMs));
        QVERIFY(panel.trained());
        QCOMPARE(CharModelPanel::trainingCount(), before + 1);
        QVERIFY(liveWhileTraining > 0);

        const double heldOut = testing::readoutOf(panel, "held_out_loss"), unigram = testing::readoutOf(panel, "unigram_entropy");
        const double trainingText = testing::readoutOf(panel, "training_text_loss");
        qInfo("defaults: held-out %.3f nats (best %.3f at step %g), training text %.3f, unigram %.3f, "
              "%g parameters",
              heldOut, panel.lastResult().model->bestHeldOutLoss, testing::readoutOf(panel, "best_held_out_step"), trainingText,
              unigram, testing::readoutOf(panel, "parameters"));
        qInfo("after \"%s\": model entropy %.3f nats, sampling entropy %.3f nats, %g characters kept",
              panel.lastResult().prompt.c_str(), testing::readoutOf(panel, "entropy_model"), testing::readoutOf(panel, "entropy_sampling"),
              testing::readoutOf(panel, "kept_characters"));
        QVERIFY(heldOut < unigram);
        QVERIFY(trainingText < heldOut);
        QCOMPARE(testing::readoutOf(panel, "parameters"), 3898.0);

        // The bars: the model's twelve most probable characters, in order, and the pipeline's values.
        const CharModelPanel::Result& r = panel.lastResult();
        lm::CharLanguageModel copy = r.model->model;
        const Eigen::VectorXd logits = copy.nextTokenLogits(r.prompt);
        lm::SamplingSettings settings;
        settings.temperature = 0.8;
        settings.topP = 0.9;
        const Eigen::VectorXd expected = lm::samplingDistribution(logits, settings);
        const Eigen::VectorXd model = lm::temperatureSoftmax(logits, 1.0);
        const auto& rows = panel.barsView()->rows();
        QCOMPARE(int(rows.size()), CharModelPanel::kBars);
        const lm::Vocabulary& vocabulary = lm::builtInVocabulary();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const int token = vocabulary.token(rows[i].character);
            QVERIFY(token >= 0);
            QCOMPARE(rows[i].model, model(token));
            QCOMPARE(rows[i].sampling, expected(token));
            if (i > 0)
                QVERIFY(rows[i].model <= rows[i - 1].model);
        }
        QVERIFY(std::abs(expected.sum() - 1) < 1e-12);
        QVERIFY(panel.barsView()->title().contains(QString::fromStdString(r.prompt)));

        // Sampling controls redraw from the kept model (each change replaces the shown result: `r` is not used
        // after this point): greedy keeps exactly the most probable character.
        const QString sampleBefore = testing::plainText(panel.sampleLabel());
        QVERIFY(testing::setAndWait(panel, "temperature", 0, kTimeoutMs));
        QCOMPARE(CharModelPanel::trainingCount(), before + 1);
        QVERIFY(panel.lastResult().fromCache);
        QCOMPARE(testing::readoutOf(panel, "kept_characters"), 1.0);
        QCOMPARE(panel.barsView()->rows().front().sampling, 1.0);
        QVERIFY(testing::setAndWait(panel, "temperature", 1, kTimeoutMs));
        QVERIFY(testing::setAndWait(panel, "top_p", 1, kTimeoutMs));
        QVERIFY(testing::setAndWait(panel, "top_k", 5, kTimeoutMs));
        QCOMPARE(testing::readoutOf(panel, "kept_characters"), 5.0);
        for (std::size_t i = 0; i < panel.barsView()->rows().size(); ++i)
            QCOMPARE(panel.barsView()->rows()[i].sampling > 0, i < 5);
        // The same draw gives the same sample; another draw another one.
        QVERIFY(testing::setAndWait(panel, "top_k", 0, kTimeoutMs));
        QVERIFY(testing::setAndWait(panel, "top_p", 0.9, kTimeoutMs));
        QVERIFY(testing::setAndWait(panel, "temperature", 0.8, kTimeoutMs));
        QCOMPARE(testing::plainText(panel.sampleLabel()), sampleBefore);
        QVERIFY(testing::setAndWait(panel, "draw", 2, kTimeoutMs));
        QVERIFY(testing::plainText(panel.sampleLabel()) != sampleBefore);
        QCOMPARE(CharModelPanel::trainingCount(), before + 1);

        // Titles and units.
        QVERIFY(!panel.lossPlot()->chart()->title().isEmpty());
        for (QAbstractAxis* axis : {panel.lossPlot()->horizontalAxis(), panel.lossPlot()->verticalAxis()})
            QVERIFY2(testing::hasUnit(axis->titleText()), qPrintable(axis->titleText()));
        QCOMPARE(panel.heldOutLossSeries()->count(), qsizetype(panel.lastResult().model->curves.heldOutLoss.size()));
        QVERIFY(panel.dataSeries().size() >= 4);
    }

    void presetsAndTryThis()
    {
        CharModelPanel panel;
        QVERIFY(testing::settle(panel, kTimeoutMs));
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 8);
        int predicting = 0;
        const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(predicting >= 4);
        const QStringList tryThis = testing::tryThisProblems(
            presets, QStringLiteral("language-models"), QStringLiteral("## A tiny language model"), 0);
        QVERIFY2(tryThis.isEmpty(), qPrintable(tryThis.join(QLatin1Char('\n'))));
    }

    void loraRanksCountAndLearn()
    {
        LoraRankPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(testing::panelIndex(QStringLiteral("language-models"), QStringLiteral("lora-rank")), 1);
        QVERIFY(!panel.readout(QStringLiteral("largest_rank_loss")).has_value());  // the placeholder
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        const InformationResult& r = panel.lastResult();
        QCOMPARE(panel.loraParameterSeries()->points(), r.points("lora_parameters"));
        QCOMPARE(panel.lossSeries()->points(), r.points("loss_vs_rank"));
        const lm::LanguageModelConfig tiny = lm::tinyLanguageModelConfig();
        const QList<QPointF> counts = panel.loraParameterSeries()->points();
        QCOMPARE(counts.size(), 4);  // ranks 1, 2, 4, 8
        for (const QPointF& p : counts) {
            lm::LoraSettings lora;
            lora.rank = int(p.x());
            const long expected = long(tiny.layers) * lora.rank * (4 * 2 * tiny.dim + 2 * (tiny.dim + tiny.mlpHidden));
            QCOMPARE(long(p.y()), expected);
            QCOMPARE(long(p.y()), lm::loraParameterCount(tiny, lora));
        }
        const double base = testing::readoutOf(panel, "base_verse_loss");
        qInfo("LoRA: verse loss %.3f before; ranks 1-8 reach %.3f ... %.3f; full fine-tuning %.3f", base,
              panel.lossSeries()->points().first().y(), panel.lossSeries()->points().last().y(),
              testing::readoutOf(panel, "full_finetune_loss"));
        for (const QPointF& p : panel.lossSeries()->points())
            QVERIFY(p.y() < base);
        QVERIFY(testing::readoutOf(panel, "full_finetune_loss") < base);
        for (widgets::XYPlot* plot : {panel.parameterPlot(), panel.lossPlot(), panel.curvePlot()}) {
            QVERIFY(!plot->chart()->title().isEmpty());
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(testing::hasUnit(axis->titleText()), qPrintable(axis->titleText()));
        }
        QVERIFY(testing::plainText(panel.readoutLabel()).contains(QStringLiteral("1792")));
    }

    void loraPresetsAndTryThis()
    {
        LoraRankPanel panel;
        QVERIFY(panel.runHeadless(0, kTimeoutMs));
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 5);
        int predicting = 0;
        const QStringList problems = testing::answerEveryPreset(panel, kTimeoutMs, predicting);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(predicting >= 3);
        const QStringList tryThis = testing::tryThisProblems(
            presets, QStringLiteral("language-models"), QStringLiteral("## LoRA fine-tuning"), 1);
        QVERIFY2(tryThis.isEmpty(), qPrintable(tryThis.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestLanguageModelPanels)
#include "tst_languagemodelpanels.moc"
