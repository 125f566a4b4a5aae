// Chapter 4's learned-filters panel (chapters/vision/LearnedFiltersPanel.h). Each check would fail if the panel's
// plumbing were wrong:
// - a new panel shows an untrained placeholder, learns on a job with live redraws, and its defaults give what the
//   engine tests measured: ≥ 50 % Gabor-like basis functions (measured 70 %) against none for the random start, and
//   a CNN above 90 % held-out accuracy (measured 99.25 %) whose filters' mean R rises by ≥ 0.3 (0.13 → 0.71);
// - the figure is the engine's: the tiles are the learned basis and the CNN's filters value for value, the frames are
//   FilterShape's verdicts, the curves are the experiment's series, and the registry's `learned-filters` run (what
//   `neuroai-sim run` executes) gives the same scalars to the last bit;
// - the white-noise and phase-randomised controls drop the Gabor-like fraction to ≤ 10 % (measured 0), white noise
//   with a held-out energy fall ≤ 15 %; a larger λ makes the code sparser;
// - the tile order only redraws (no training, the tiles a permutation of the same filters, Gabor-like first and
//   sorted by orientation), while the number of basis functions retrains;
// - bad values are refused by name; every preset loads and its prediction lands on the intended answer; the Try-this
//   links name this panel's presets; both charts have titles and axis titles with units.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/JobController.h"
#include "chapters/vision/LearnedFiltersPanel.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "tests/chapters/TryThis.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLabel>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 60000;

bool settle(LearnedFiltersPanel& panel) { return panel.runHeadless(0, kTimeoutMs); }

bool setAndWait(LearnedFiltersPanel& panel, const char* key, double value)
{
    const QString error = panel.setParameter(QLatin1String(key), value);
    if (!error.isEmpty()) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return settle(panel);
}

double readoutOf(const LearnedFiltersPanel& panel, const char* key)
{
    const std::optional<double> v = panel.readout(QLatin1String(key));
    return v ? *v : std::nan("");
}

}  // namespace

class TestLearnedFiltersPanel : public QObject {
    Q_OBJECT
private slots:
    void registeredAsTheFourthVisionPanel()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("vision"), QStringLiteral("learned-filters")), 3);
        QVERIFY(findExperiment("learned-filters"));
    }

    void defaultsLearnLiveAndShowTheEnginesFilters()
    {
        LearnedFiltersPanel::clearCache();
        LearnedFiltersPanel panel;
        QVERIFY(!panel.trained());
        QVERIFY(panel.isComputing());
        QVERIFY(!panel.readout(QStringLiteral("gabor_like_fraction")).has_value());
        QSignalSpy live(panel.jobController(), &JobController::liveData);
        // While it learns, the live pictures are drawn: the basis tiles and the energy curve grow before the result.
        int liveBasis = 0, liveCnn = 0;
        QObject::connect(panel.jobController(), &JobController::liveData, &panel, [&] {
            if (panel.trained())
                return;
            if (panel.sparseTiles()->tiles().size() == 64 && panel.energySeries()->count() > 0)
                ++liveBasis;
            if (!panel.cnnTiles()->tiles().empty())
                ++liveCnn;
        });
        QVERIFY(settle(panel));
        QVERIFY(panel.trained());
        QVERIFY(live.count() > 0);
        qInfo("live pictures: %lld, with the basis drawn %d, with the CNN's filters %d", qlonglong(live.count()),
              liveBasis, liveCnn);
        QVERIFY(liveBasis > 0);

        const vision::LearnedFiltersRun& run = *panel.lastResult().run;
        const double gabor = readoutOf(panel, "gabor_like_fraction");
        const double initial = readoutOf(panel, "initial_gabor_like_fraction");
        const double accuracy = readoutOf(panel, "cnn_final_accuracy");
        const double r0 = readoutOf(panel, "cnn_initial_mean_concentration"), r1 = readoutOf(panel, "cnn_mean_concentration");
        qInfo("defaults: Gabor-like %.3f (initial %.3f), active %.4f, energy fall %.3f; CNN accuracy %.4f, mean R %.3f → %.3f",
              gabor, initial, readoutOf(panel, "active_fraction"), readoutOf(panel, "energy_fall"), accuracy, r0, r1);
        QVERIFY(gabor >= 0.5);
        QVERIFY(initial <= 0.1);
        QVERIFY(readoutOf(panel, "energy_fall") >= 0.3);
        QVERIFY(accuracy >= 0.9);
        QVERIFY(r1 >= r0 + 0.3);

        // The tiles are the basis, in order, framed exactly where FilterShape says Gabor-like.
        const auto& tiles = panel.sparseTiles()->tiles();
        QCOMPARE(int(tiles.size()), 64);
        QCOMPARE(panel.sparseTiles()->columns(), 8);
        int framed = 0;
        for (std::size_t k = 0; k < tiles.size(); ++k) {
            QCOMPARE(tiles[k].size, 8);
            QCOMPARE(tiles[k].values, run.basis[k].pixels);
            QCOMPARE(tiles[k].frame.isValid(), bool(run.shapes.scores[k].gaborLike));
            framed += tiles[k].frame.isValid() ? 1 : 0;
        }
        QCOMPARE(framed, int(std::lround(gabor * 64)));
        // The CNN's tiles are its filters, captioned with orientationOf's angle and R.
        const auto& cnn = panel.cnnTiles()->tiles();
        QCOMPARE(int(cnn.size()), 8);
        for (std::size_t k = 0; k < cnn.size(); ++k) {
            QCOMPARE(cnn[k].size, 7);
            QCOMPARE(cnn[k].values, run.cnn.filters[k]);
            QVERIFY2(cnn[k].caption.startsWith(
                         QStringLiteral("θ %1°").arg(run.cnnOrientations[k].angleDeg, 0, 'f', 0)),
                     qPrintable(cnn[k].caption));
        }
        // The curves are the experiment's series; chance is at 25 %.
        QCOMPARE(panel.energySeries()->count(), qsizetype(run.energy.x.size()));
        QCOMPARE(panel.energySeries()->count(), qsizetype(21));
        for (qsizetype i = 0; i < panel.energySeries()->count(); ++i) {
            QCOMPARE(panel.energySeries()->at(i).x(), run.energy.x[std::size_t(i)]);
            QCOMPARE(panel.energySeries()->at(i).y(), run.energy.y[std::size_t(i)]);
            QVERIFY(std::abs(run.reconstruction.y[std::size_t(i)] + run.sparsity.y[std::size_t(i)] -
                             run.energy.y[std::size_t(i)]) < 1e-9);
        }
        QCOMPARE(panel.accuracySeries()->count(), qsizetype(run.cnn.testAccuracy.size()));
        QCOMPARE(panel.accuracySeries()->points().back().y(), accuracy);
        QCOMPARE(panel.chanceSeries()->points().front().y(), 0.25);

        // The registry's run (neuroai-sim run learned-filters) gives the same numbers.
        const ExperimentEntry* entry = findExperiment("learned-filters");
        ParamSet defaults(entry->specs());
        Progress progress;
        const ExperimentResult batch = entry->run(defaults, progress);
        for (const ResultScalar& s : batch.scalars) {
            const std::optional<double> shown = panel.readout(QString::fromStdString(s.key));
            QVERIFY2(shown, s.key.c_str());
            QCOMPARE(*shown, s.value);
        }
        QCOMPARE(batch.findSeries("energy")->y, run.energy.y);
        QCOMPARE(batch.findSeries("cnn_accuracy")->y, run.cnn.testAccuracy);
    }

    void theTileOrderOnlyRedraws()
    {
        LearnedFiltersPanel panel;  // the defaults come from the cache the previous test filled
        QVERIFY(settle(panel));
        const int trainings = LearnedFiltersPanel::trainingCount();
        const std::vector<FilterTileView::Tile> before = panel.sparseTiles()->tiles();
        QVERIFY(setAndWait(panel, "order", 1));
        QCOMPARE(LearnedFiltersPanel::trainingCount(), trainings);
        QVERIFY(panel.lastResult().fromCache);
        const vision::LearnedFiltersRun& run = *panel.lastResult().run;
        const auto& tiles = panel.sparseTiles()->tiles();
        const std::vector<int> order = LearnedFiltersPanel::sparseOrder(run, true);
        QCOMPARE(tiles.size(), before.size());
        int gaborLike = 0;
        for (const auto& score : run.shapes.scores)
            gaborLike += score.gaborLike ? 1 : 0;
        for (std::size_t k = 0; k < tiles.size(); ++k) {
            QCOMPARE(tiles[k].values, before[std::size_t(order[k])].values);  // a permutation of the same tiles
            QCOMPARE(tiles[k].frame.isValid(), int(k) < gaborLike);           // the Gabor-like ones first
            if (k > 0 && int(k) < gaborLike)
                QVERIFY(run.shapes.scores[std::size_t(order[k])].orientationRad >=
                        run.shapes.scores[std::size_t(order[k - 1])].orientationRad);
        }
        const auto& cnn = panel.cnnTiles()->tiles();
        const std::vector<int> cnnOrder = LearnedFiltersPanel::cnnOrder(run, true);
        for (std::size_t k = 1; k < cnn.size(); ++k)
            QVERIFY(run.cnnOrientations[std::size_t(cnnOrder[k])].angleDeg >=
                    run.cnnOrientations[std::size_t(cnnOrder[k - 1])].angleDeg);

        // The number of basis functions retrains: 32 tiles in 6 columns.
        QVERIFY(setAndWait(panel, "cnn_steps", 10));  // keeps the following runs short
        QCOMPARE(LearnedFiltersPanel::trainingCount(), trainings + 1);
        QVERIFY(setAndWait(panel, "bases", 32));
        QCOMPARE(LearnedFiltersPanel::trainingCount(), trainings + 2);
        QVERIFY(!panel.lastResult().fromCache);
        QCOMPARE(int(panel.sparseTiles()->tiles().size()), 32);
        QCOMPARE(panel.sparseTiles()->columns(), 6);
        QCOMPARE(int(panel.lastResult().run->cnn.step), 10);
    }

    void controlsWithoutEdgesGiveNoGaborLikeFilters()
    {
        LearnedFiltersPanel panel;
        QVERIFY(setAndWait(panel, "cnn_steps", 10));
        const double fallDefault = readoutOf(panel, "energy_fall");
        QVERIFY(readoutOf(panel, "gabor_like_fraction") >= 0.5);
        QVERIFY(setAndWait(panel, "images", 2));  // white noise
        const double noise = readoutOf(panel, "gabor_like_fraction");
        const double noiseFall = readoutOf(panel, "energy_fall");
        QVERIFY(setAndWait(panel, "images", 1));  // phase-randomised dead leaves
        const double phase = readoutOf(panel, "gabor_like_fraction");
        qInfo("Gabor-like: white noise %.3f (energy fall %.3f, dead leaves %.3f), phase-randomised %.3f", noise,
              noiseFall, fallDefault, phase);
        QVERIFY(noise <= 0.1);
        QVERIFY(noiseFall <= 0.15);
        QVERIFY(phase <= 0.1);
        QVERIFY(panel.readoutLabel()->text().contains(QStringLiteral("phase-randomised dead leaves")));
        // The frames follow: none (or almost none) framed.
        int framed = 0;
        for (const auto& tile : panel.sparseTiles()->tiles())
            framed += tile.frame.isValid() ? 1 : 0;
        QCOMPARE(framed, int(std::lround(phase * 64)));

        // A larger λ makes the code sparser (measured 13.7 % → 3.7 % non-zero at λ = 3).
        QVERIFY(setAndWait(panel, "images", 0));
        const double active = readoutOf(panel, "active_fraction");
        QVERIFY(setAndWait(panel, "lambda", 3));
        qInfo("active fraction: λ = 1 %.4f, λ = 3 %.4f", active, readoutOf(panel, "active_fraction"));
        QVERIFY(readoutOf(panel, "active_fraction") < 0.5 * active);
    }

    void badValuesAreRefusedByName()
    {
        LearnedFiltersPanel panel;
        for (const auto& [key, value] : std::initializer_list<std::pair<const char*, double>>{
                 {"lambda", 100}, {"lambda", std::nan("")}, {"bases", 4}, {"sparse_steps", 2.5},
                 {"cnn_noise", std::numeric_limits<double>::infinity()}, {"images", 7}}) {
            const QString error = panel.setParameter(QLatin1String(key), value);
            QVERIFY2(error.contains(QLatin1String(key)), qPrintable(QStringLiteral("%1: %2").arg(key, error)));
        }
    }

    void chartsHaveTitlesAndUnits()
    {
        LearnedFiltersPanel panel;
        static const QRegularExpression unit(QStringLiteral("\\S \\([^()]+\\)$"));
        const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
        QCOMPARE(plots.size(), 2);
        for (widgets::XYPlot* plot : plots) {
            QVERIFY(!plot->chart()->title().isEmpty());
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(unit.match(axis->titleText()).hasMatch(), qPrintable(axis->titleText()));
        }
        QVERIFY(!panel.sparseTiles()->legend().isEmpty());
        QVERIFY(!panel.cnnTiles()->legend().isEmpty());
        QVERIFY(settle(panel));
        QStringList exported;
        for (const widgets::DataSeries& s : panel.dataSeries())
            if (!exported.contains(s.plot))
                exported << s.plot;
        QVERIFY2(exported.size() >= 4, qPrintable(exported.join(QStringLiteral(", "))));
    }

    void presetsLoadAndPredictionsLandOnTheirAnswers()
    {
        LearnedFiltersPanel panel;
        const std::map<QString, int> answers = {{QStringLiteral("white-noise"), 0},
                                                {QStringLiteral("phase-randomised"), 0},
                                                {QStringLiteral("strong-sparsity"), 0},
                                                {QStringLiteral("noisy-gratings"), 1}};
        const QList<Preset> presets = panel.presets();
        QCOMPARE(presets.size(), qsizetype(5));
        QVERIFY(panel.findPreset(QStringLiteral("defaults")));
        int predictions = 0;
        for (const Preset& preset : presets) {
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
            QVERIFY2(settle(panel), qPrintable(preset.name));
            if (!preset.prediction)
                continue;
            ++predictions;
            const std::optional<double> outcome = panel.readout(preset.prediction->readout);
            QVERIFY2(outcome, qPrintable(preset.name));
            const auto expected = answers.find(preset.name);
            QVERIFY2(expected != answers.end(), qPrintable(preset.name));
            QVERIFY2(choiceOf(*preset.prediction, *outcome) == expected->second,
                     qPrintable(QStringLiteral("%1: %2 = %3").arg(preset.name, preset.prediction->readout).arg(*outcome)));
        }
        QCOMPARE(predictions, int(answers.size()));
    }

    void tryThisLinksNameThisPanelsPresets()
    {
        LearnedFiltersPanel panel;
        const QString section =
            testing::chapterSection(QStringLiteral("vision"), QStringLiteral("## Learned filters"));
        QVERIFY(!section.isEmpty());
        QVERIFY(section.contains(QStringLiteral("### What the plots show")));
        QVERIFY(section.contains(QStringLiteral("### Try this")));
        const QStringList names = testing::presetLinks(section, 3);
        QCOMPARE(names.size(), 5);
        for (const QString& name : names)
            QVERIFY2(panel.findPreset(name), qPrintable(name));
        for (int other = 0; other < 3; ++other)
            QVERIFY(testing::presetLinks(section, other).isEmpty());
    }
};

QTEST_MAIN(TestLearnedFiltersPanel)
#include "tst_learnedfilterspanel.moc"
