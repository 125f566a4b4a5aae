// The Vision Transformer case study (chapters/casestudies/VitPanel.h). Each check would fail if the panel's plumbing
// were wrong:
// - a new panel shows an untrained placeholder, trains on a job while the curves grow live, and the defaults reach
//   ≥ 90 % held-out accuracy (the engine test states the margin; the panel shows the same run);
// - the maps are what the model computes: one tile per layer and head, and each tile's weights plus the query's weight
//   on [CLS] sum to 1 (a row of softmax attention), as does the rollout's row (a product of row-stochastic matrices);
// - the image and the query token only redraw: no training, the trained model comes from the cache; a click on a
//   patch makes it the query through the binding (undo brings [CLS] back); the patch size retrains;
// - the trained model travels with the panel's state: a fresh panel restores it without training and draws
//   bit-identical maps, also after a round trip through the scenario file format; a damaged model is refused with
//   the problem named;
// - every preset loads, the Try-this links name existing presets, and the export holds every plot.

#include "chapters/casestudies/VitPanel.h"
#include "tests/chapters/TryThis.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/JobController.h"
#include "chapters/framework/PanelBinding.h"
#include "engine/nn/ShapeImages.h"
#include "widgets/XYPlot.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>
#include <QXYSeries>

#include <numeric>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

// Waits until the panel shows a result for its current state.
bool settle(VitPanel& panel) { return panel.runHeadless(0, 120000); }

double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

}  // namespace

class TestVitPanel : public QObject {
    Q_OBJECT
private slots:
    void trainsTheDefaultsLiveOnAJob()
    {
        VitPanel::clearCache();
        VitPanel panel;
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("final_accuracy")).has_value());
        QSignalSpy live(panel.jobController(), &JobController::liveData);
        QVERIFY(settle(panel));
        QVERIFY(panel.trained());
        QVERIFY(live.count() > 0);  // the curves were drawn while it trained

        const VitResult& r = panel.lastResult();
        const double accuracy = *panel.readout(QStringLiteral("final_accuracy"));
        qInfo("ViT defaults: %.3f held-out accuracy, 90 %% at step %.0f", accuracy,
              *panel.readout(QStringLiteral("steps_to_90")));
        QVERIFY(accuracy >= 0.9);
        QCOMPARE(panel.lossSeries()->count(), qsizetype(200));
        QCOMPARE(panel.accuracySeries()->count(), qsizetype(r.model->accuracy.x.size()));
        QCOMPARE(panel.accuracySeries()->points().back().y(), accuracy);

        // One tile per layer and head, 16 patches each; every attention row sums to 1 with [CLS] included.
        QCOMPARE(r.layers, 2);
        QCOMPARE(r.heads, 2);
        QCOMPARE(int(panel.headView()->tiles().size()), 4);
        for (std::size_t i = 0; i < r.maps.size(); ++i) {
            QCOMPARE(int(r.maps[i].size()), 16);
            QVERIFY(std::abs(sum(r.maps[i]) + r.clsWeight[i] - 1) < 1e-12);
            QCOMPARE(panel.headView()->tiles()[i].weights, r.maps[i]);
        }
        QVERIFY(std::abs(sum(r.rollout) + r.rolloutCls - 1) < 1e-12);
        QCOMPARE(panel.rolloutView()->tiles().back().weights, r.rollout);
        // The image shown is held-out image 1, whose label cycles with the index.
        QCOMPARE(r.imageIndex, 0);
        QCOMPARE(r.label, 0);
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("ring")));
    }

    void viewChangesRedrawFromTheTrainedModel()
    {
        VitPanel panel;  // the defaults come from the cache the first test filled
        panel.resize(1280, 800);
        panel.show();
        QVERIFY(settle(panel));
        const int trainings = VitPanel::trainingCount();

        QVERIFY(panel.setParameter(QStringLiteral("image"), 7).isEmpty());
        QVERIFY(settle(panel));
        QCOMPARE(VitPanel::trainingCount(), trainings);
        QVERIFY(panel.lastResult().fromCache);
        QCOMPARE(panel.lastResult().imageIndex, 6);
        QCOMPARE(panel.lastResult().label, 6 % nn::kShapeCount);

        // Clicking patch 6 (row 1, column 1 of the 4 × 4 grid) of the first tile makes it the query.
        PatchAttentionView* view = panel.headView();
        QTRY_VERIFY(view->imageRect(0).width() > 20);
        const QRectF image = view->imageRect(0);
        const QPoint patch6 = (image.topLeft() + QPointF(1.5 * image.width() / 4, 1.5 * image.height() / 4)).toPoint();
        QCOMPARE(view->patchAt(patch6), 6);
        QTest::mouseClick(view, Qt::LeftButton, {}, patch6);
        QCOMPARE(panel.parameters()["query"], 6.0);
        QVERIFY(settle(panel));
        QCOMPARE(panel.lastResult().query, 6);
        QCOMPARE(VitPanel::trainingCount(), trainings);
        for (std::size_t i = 0; i < panel.lastResult().maps.size(); ++i)
            QVERIFY(std::abs(sum(panel.lastResult().maps[i]) + panel.lastResult().clsWeight[i] - 1) < 1e-12);
        // Undo returns to [CLS]; clicking the query patch again does too.
        panel.binding().undoStack()->undo();
        QCOMPARE(panel.parameters()["query"], 0.0);
        panel.binding().undoStack()->redo();
        QCOMPARE(panel.parameters()["query"], 6.0);
        QTest::mouseClick(view, Qt::LeftButton, {}, patch6);
        QCOMPARE(panel.parameters()["query"], 0.0);
        QVERIFY(settle(panel));

        // 8 × 8 px patches retrain: 2 × 2 patches, and a query beyond them falls back to [CLS] with a note.
        QVERIFY(panel.setParameter(QStringLiteral("query"), 10).isEmpty());
        const QString refused = panel.setParameter(QStringLiteral("patch_size"), 2);
        QVERIFY2(refused.isEmpty(), qPrintable(refused));
        QVERIFY(settle(panel));
        QCOMPARE(VitPanel::trainingCount(), trainings + 1);
        QCOMPARE(panel.lastResult().patchesPerSide, 2);
        QCOMPARE(int(panel.lastResult().maps.front().size()), 4);
        QVERIFY(panel.lastResult().queryClamped);
        QCOMPARE(panel.lastResult().query, 0);
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("does not exist")));
    }

    void theTrainedModelTravelsWithTheState()
    {
        PanelState saved;
        std::vector<std::vector<double>> maps;
        {
            VitPanel panel;
            panel.setPanelId(QStringLiteral("case-studies/vision-transformer"));
            QVERIFY(panel.setParameter(QStringLiteral("image"), 3).isEmpty());
            QVERIFY(settle(panel));
            saved = panel.captureState();
            maps = panel.lastResult().maps;
        }
        QVERIFY(saved.extras.value(QStringLiteral("vit_model")).toString().startsWith(
            QStringLiteral("neuroai-vision-transformer 1")));
        // Through the scenario file format and back, into a fresh panel with an empty cache: no training.
        const QByteArray json = scenarioToJson(saved, QStringLiteral("trained ViT"));
        QString error;
        const std::optional<ScenarioDocument> document = parseScenario(json, error);
        QVERIFY2(document, qPrintable(error));
        VitPanel::clearCache();
        VitPanel panel;  // starts training the defaults on a job; opening the scenario cancels it
        panel.setPanelId(QStringLiteral("case-studies/vision-transformer"));
        const int trainings = VitPanel::trainingCount();
        QVERIFY2(panel.binding().openScenario(*document).isEmpty(), "scenario refused");
        QVERIFY(settle(panel));
        QCOMPARE(VitPanel::trainingCount(), trainings);
        QVERIFY(panel.lastResult().fromCache);
        QCOMPARE(panel.lastResult().imageIndex, 2);
        QCOMPARE(panel.lastResult().maps, maps);  // bit-identical

        // A damaged model is refused with the problem named, and the state stays.
        PanelState broken = saved;
        broken.extras.insert(QStringLiteral("vit_model"), QStringLiteral("neuroai-vision-transformer 1\nnonsense"));
        const QString message = panel.checkState(broken);
        QVERIFY2(message.startsWith(QStringLiteral("extras.vit_model")), qPrintable(message));
        // A model whose configuration contradicts the settings it claims (heads edited by hand) is refused; a model
        // for other settings (an edit of a training parameter keeps the old extras) is accepted and not used.
        PanelState mismatched = saved;
        QString text = saved.extras.value(QStringLiteral("vit_model")).toString();
        text.replace(QStringLiteral("config 16 4 32 2 2 64 4"), QStringLiteral("config 16 4 32 4 2 64 4"));
        mismatched.extras.insert(QStringLiteral("vit_model"), text);
        QVERIFY2(panel.checkState(mismatched).contains(QStringLiteral("the saved model has")),
                 qPrintable(panel.checkState(mismatched)));
        PanelState other = saved;
        other.parameters.set("heads", 2);
        QCOMPARE(panel.checkState(other), QString());
        PanelState anonymous = saved;
        anonymous.extras.remove(QStringLiteral("trained_for"));
        QVERIFY(panel.checkState(anonymous).startsWith(QStringLiteral("extras.trained_for")));
        PanelState unknown = saved;
        unknown.extras.insert(QStringLiteral("weights"), 1);
        QVERIFY(panel.checkState(unknown).contains(QStringLiteral("weights")));
    }

    void presetsAndTryThisLinks()
    {
        VitPanel panel;
        QDir folder(QStringLiteral(":/presets/case-studies/vision-transformer"));
        QCOMPARE(panel.presets().size(), qsizetype(folder.entryList({QStringLiteral("*.json")}).size()));
        QVERIFY(panel.presets().size() >= 6);

        const QString own =
            testing::chapterSection(QStringLiteral("case-studies"), QStringLiteral("## Vision Transformer"));
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        const int index = testing::panelIndex(QStringLiteral("case-studies"), QStringLiteral("vision-transformer"));
        QVERIFY(index >= 0);
        const QStringList names = testing::presetLinks(own, index);
        for (const QString& name : names)
            QVERIFY2(panel.applyPreset(name).isEmpty(), qPrintable(name));
        const qsizetype links = names.size();
        QVERIFY(links >= 5);
    }

    void exportsEveryPlot()
    {
        VitPanel panel;
        QVERIFY(settle(panel));
        QStringList plots;
        for (const widgets::DataSeries& s : panel.dataSeries())
            if (!plots.contains(s.plot))
                plots << s.plot;
        QVERIFY2(plots.size() >= 4, qPrintable(plots.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestVitPanel)
#include "tst_vitpanel.moc"
