// Case study "Latent dynamics" (chapters/casestudies/LatentDynamicsPanel): the figure is drawn at construction with
// titled, unit-bearing axes; every plotted trajectory, PSTH and eigenvalue is the engine's number; at the defaults
// (seed 1) jPCA's frequency is within 5 % of the true 1.5 Hz and its plane within 5° of the true rotation plane,
// while the time-shuffled control has skew R² < 0.05 and a plane more than 10° off (the engine test's criteria,
// measured here: −0.3 %, 2.1°, 0.0008, 54°); a rotation of 4 Hz is recovered as 4 Hz (within 5 %) after the
// change has been computed on the job; the registry's run returns the panel's numbers; every preset loads and its
// prediction is answered; the Try-this links of the section name presets of this panel.

#include "chapters/casestudies/LatentDynamicsPanel.h"
#include "chapters/framework/Chapter.h"
#include "chapters/framework/PanelBinding.h"
#include "engine/core/Job.h"
#include "engine/core/ModelRegistry.h"
#include "tests/chapters/PanelText.h"
#include "tests/chapters/TryThis.h"
#include "widgets/ParameterPanel.h"
#include "widgets/XYPlot.h"

#include <QAbstractAxis>
#include <QChart>
#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QTest>
#include <QTextDocumentFragment>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

using namespace neuroai;
using namespace neuroai::chapters;

namespace {

constexpr int kTimeoutMs = 60000;

using testing::hasUnit;
using testing::plainText;

// Condition c's trajectory from a [(c·T + t)·stride + j] engine array.
QList<QPointF> trajectory(const std::vector<double>& values, int c, int timeBins, int stride)
{
    QList<QPointF> points;
    for (int t = 0; t < timeBins; ++t) {
        const std::size_t i = (std::size_t(c) * std::size_t(timeBins) + std::size_t(t)) * std::size_t(stride);
        points.append({values[i], values[i + 1]});
    }
    return points;
}

}  // namespace

#define WAIT_SHOWN(panel, updatesBefore)                                                                              \
    QTRY_VERIFY_WITH_TIMEOUT((panel).updateCount() > (updatesBefore) && !(panel).isComputing() &&                     \
                                 (panel).shownParameters().values() == (panel).parameters().values(),                 \
                             kTimeoutMs)

class TestLatentDynamicsPanel : public QObject {
    Q_OBJECT
private slots:
    void registered()
    {
        QCOMPARE(testing::panelIndex(QStringLiteral("case-studies"), QStringLiteral("latent-dynamics")),
                 int(findChapter(QStringLiteral("case-studies"))->panels.size()) - 1);
        const ExperimentEntry* e = findExperiment("latent-dynamics");
        QVERIFY(e && e->isBatch());
    }

    void defaultsDrawnWithTheEnginesNumbers()
    {
        LatentDynamicsPanel panel;
        panel.resize(1200, 800);
        QCOMPARE(panel.updateCount(), 1);

        // Titles and axis titles with units.
        const QList<widgets::XYPlot*> plots = panel.findChildren<widgets::XYPlot*>();
        QCOMPARE(plots.size(), 5);
        for (widgets::XYPlot* plot : plots) {
            QVERIFY2(!plot->chart()->title().isEmpty(), qPrintable(plot->objectName()));
            for (QAbstractAxis* axis : {plot->horizontalAxis(), plot->verticalAxis()})
                QVERIFY2(hasUnit(axis->titleText()),
                         qPrintable(plot->objectName() + QStringLiteral(": ") + axis->titleText()));
        }
        QCOMPARE(panel.psthPlot()->horizontalAxis()->titleText(), QStringLiteral("Time after onset t (ms)"));
        QCOMPARE(panel.psthPlot()->verticalAxis()->titleText(), QStringLiteral("Firing rate (Hz)"));
        QCOMPARE(panel.eigenPlot()->horizontalAxis()->titleText(), QStringLiteral("Decay rate (1/s)"));
        QCOMPARE(panel.eigenPlot()->verticalAxis()->titleText(), QStringLiteral("Frequency (Hz)"));

        // The plotted series are the engine's numbers.
        const latent::LatentDynamicsFigure& f = panel.lastResult().figure;
        const int C = 8, T = 40;
        QCOMPARE(f.population.observed.conditions, C);
        QCOMPARE(f.population.observed.timeBins, T);
        for (int c = 0; c < LatentDynamicsPanel::kMaxConditions; ++c) {
            if (c >= C) {
                QVERIFY(panel.pcSeries(c)->points().isEmpty() && panel.psthSeries(c)->points().isEmpty());
                continue;
            }
            QCOMPARE(panel.pcSeries(c)->points(), trajectory(f.real.pca.scores, c, T, 6));
            QCOMPARE(panel.jpcaSeries(c)->points(), trajectory(f.real.jpca.projection, c, T, 2));
            QCOMPARE(panel.shuffledSeries(c)->points(), trajectory(f.shuffled.jpca.projection, c, T, 2));
            const QList<QPointF> psth = panel.psthSeries(c)->points();
            QCOMPARE(psth.size(), T);
            for (int t = 0; t < T; ++t) {
                QCOMPARE(psth[t].x(), 10.0 * t);
                QCOMPARE(psth[t].y(), f.population.observed.at(c, t, 0));
            }
        }
        // The shuffled control really is this condition's states in another order (same set of rates).
        for (int c = 0; c < C; ++c) {
            std::vector<double> a, b;
            for (int t = 0; t < T; ++t) {
                a.push_back(f.population.observed.at(c, t, 3));
                b.push_back(f.shuffledData.at(c, t, 3));
            }
            QVERIFY(a != b);
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            QCOMPARE(a, b);
        }
        const QList<QPointF> modes = panel.eigenSeries()->points();
        QCOMPARE(modes.size(), 6);
        for (int j = 0; j < 6; ++j)
            QCOMPARE(modes[j], QPointF(f.real.lds.modes[std::size_t(j)].decayPerS,
                                       f.real.lds.modes[std::size_t(j)].frequencyHz));
        QCOMPARE(panel.trueModeSeries()->points(), QList<QPointF>{QPointF(0.5, 1.5)});

        // Recovery at the defaults, and the control that must not recover anything.
        const auto at = [&](const char* key) { return *panel.readout(QLatin1String(key)); };
        qInfo("defaults: jPCA %.4f Hz (%+.2f %%), LDS %.4f Hz, plane %.2f deg, PCs %.2f deg, R2 skew %.3f / full %.3f; "
              "shuffled: R2 skew %.4f / full %.4f, plane %.1f deg",
              at("jpca_hz"), at("jpca_error_pct"), at("lds_hz"), at("plane_angle_deg"), at("pc_plane_angle_deg"),
              at("r2_skew"), at("r2_full"), at("shuffled_r2_skew"), at("shuffled_r2_full"),
              at("shuffled_plane_angle_deg"));
        QCOMPARE(at("true_hz"), 1.5);
        QVERIFY(std::abs(at("jpca_hz") - 1.5) < 0.05 * 1.5);
        QVERIFY(std::abs(at("lds_hz") - 1.5) < 0.05 * 1.5);
        QVERIFY(at("plane_angle_deg") < 5);
        QVERIFY(at("r2_skew") > 0.75);
        QVERIFY(at("shuffled_r2_skew") < 0.05);
        QVERIFY(at("shuffled_plane_angle_deg") > 10);
        QCOMPARE(at("jpca_error_pct"), 100 * (at("jpca_hz") - 1.5) / 1.5);

        // The readout states the same numbers.
        const QString text = plainText(panel.readoutLabel());
        QVERIFY2(text.contains(QStringLiteral("jPCA %1 Hz").arg(at("jpca_hz"), 0, 'f', 3)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("jPC plane %1° off").arg(at("plane_angle_deg"), 0, 'f', 1)),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("skew R² %1").arg(at("shuffled_r2_skew"), 0, 'f', 3)) &&
                     text.contains(QStringLiteral("no rotation")),
                 qPrintable(text));

        // The registry's run (what `neuroai-sim run latent-dynamics --set seed=1` prints) gives the same numbers.
        const ExperimentEntry* e = findExperiment("latent-dynamics");
        ParamSet p(e->specs());
        for (const auto& [key, value] : panel.parameters().values())
            p.set(key, value);
        p.set("seed", double(panel.seed()));
        Progress progress;
        const ExperimentResult cli = e->run(p, progress);
        for (const ResultScalar& s : cli.scalars)
            QVERIFY2(at(s.key.c_str()) == s.value, s.key.c_str());
        QCOMPARE(cli.findSeries("lds_eigenvalues")->y.size(), std::size_t(6));
        QCOMPARE(cli.findSeries("jpca_trajectories")->x[std::size_t(T)], panel.jpcaSeries(1)->points().first().x());

        // A view change: another neuron's PSTH, the analysis unchanged.
        const double jpcaHz = at("jpca_hz");
        PanelState state = panel.captureState();
        state.parameters.set("shown_neuron", 12);
        int updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("neuron 12")).isEmpty());
        WAIT_SHOWN(panel, updates);
        QCOMPARE(panel.psthSeries(2)->points()[5].y(), panel.lastResult().figure.population.observed.at(2, 5, 11));
        QCOMPARE(at("jpca_hz"), jpcaHz);

        // Faster rotation (and fewer conditions): jPCA and the LDS follow it; the unused series empty.
        state = panel.captureState();
        state.parameters.set("rotation_hz", 4);
        state.parameters.set("conditions", 10);
        updates = panel.updateCount();
        QVERIFY(panel.binding().restoreState(state, QStringLiteral("4 Hz")).isEmpty());
        WAIT_SHOWN(panel, updates);
        qInfo("4 Hz: jPCA %.4f Hz, LDS %.4f Hz, plane %.2f deg, shuffled R2 skew %.4f", at("jpca_hz"), at("lds_hz"),
              at("plane_angle_deg"), at("shuffled_r2_skew"));
        QVERIFY(std::abs(at("jpca_hz") - 4) < 0.05 * 4);
        QVERIFY(std::abs(at("lds_hz") - 4) < 0.05 * 4);
        QVERIFY(at("plane_angle_deg") < 5);
        QVERIFY(at("shuffled_r2_skew") < 0.05);
        QCOMPARE(panel.trueModeSeries()->points(), QList<QPointF>{QPointF(0.5, 4.0)});
        QCOMPARE(panel.jpcaSeries(9)->points().size(), T);
        QVERIFY(panel.jpcaSeries(10)->points().isEmpty());

        // Bad combinations are refused with a message, never a crash: k = 16 PCs of 10 neurons.
        state = panel.captureState();
        state.parameters.set("neurons", 10);
        state.parameters.set("dimensions", 16);
        updates = panel.updateCount();
        panel.binding().restoreState(state, QStringLiteral("too few neurons"));
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isComputing(), kTimeoutMs);
        QCOMPARE(panel.shownParameters()["dimensions"], 6.0);  // the figure still shows the last good state
        QVERIFY2(panel.parameterPanel()->message().contains(QStringLiteral("dimensions = 16")),
                 qPrintable(panel.parameterPanel()->message()));
    }

    void presetsAndTryThis()
    {
        LatentDynamicsPanel panel;
        const QList<Preset> presets = panel.presets();
        QVERIFY(presets.size() >= 4);
        QVERIFY(std::any_of(presets.begin(), presets.end(),
                            [](const Preset& p) { return p.name == QStringLiteral("defaults"); }));
        int predicting = 0;
        for (const Preset& preset : presets) {
            QVERIFY2(panel.applyPreset(preset.name).isEmpty(), qPrintable(preset.name));
            QVERIFY2(panel.runHeadless(0, kTimeoutMs), qPrintable(preset.name));
            QCOMPARE(panel.shownParameters().values(), panel.parameters().values());
            const auto at = [&](const char* key) { return *panel.readout(QLatin1String(key)); };
            qInfo("%s: jPCA %.3f Hz (%+.1f %%), LDS %.3f Hz, plane %.1f deg, R2 skew %.3f / full %.3f, shuffled %.4f",
                  qPrintable(preset.name), at("jpca_hz"), at("jpca_error_pct"), at("lds_hz"), at("plane_angle_deg"),
                  at("r2_skew"), at("r2_full"), at("shuffled_r2_skew"));
            // Whatever the settings, the control finds no rotation.
            QVERIFY2(at("shuffled_r2_skew") < 0.05, qPrintable(preset.name));
            if (preset.name == QStringLiteral("too-many-pcs")) {
                QVERIFY(at("plane_angle_deg") > 30);  // smoothed noise wins jPCA's top pair
                QVERIFY(std::abs(at("lds_error_pct")) < 5);  // the LDS's rotation (most variance) is still right
            }
            if (preset.name == QStringLiteral("no-normalisation"))
                QVERIFY(panel.pcPlot()->horizontalAxis()->titleText().endsWith(QStringLiteral("(Hz)")));
            if (!preset.prediction)
                continue;
            ++predicting;
            const std::optional<double> value = panel.readout(preset.prediction->readout);
            QVERIFY2(value && std::isfinite(*value), qPrintable(preset.name));
            bool answered = false;
            for (const PredictionChoice& c : preset.prediction->choices)
                answered = answered || (*value >= c.min && *value < c.max);
            QVERIFY2(answered, qPrintable(QStringLiteral("%1: %2").arg(preset.name).arg(*value)));
        }
        QVERIFY(predicting >= 3);

        // The section: last of the chapter, its links name presets of this panel only.
        const QString heading = QStringLiteral("## Latent dynamics:");
        const QString own = testing::chapterSection(QStringLiteral("case-studies"), heading);
        QVERIFY(!own.isEmpty());
        QVERIFY(own.contains(QStringLiteral("### What the plots show")));
        QVERIFY(own.contains(QStringLiteral("### Try this")));
        QFile file(QStringLiteral(":/chapters/case-studies.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        const int index = testing::panelIndex(QStringLiteral("case-studies"), QStringLiteral("latent-dynamics"));
        QCOMPARE(text.left(text.indexOf(heading)).count(QRegularExpression(QStringLiteral("(^|\\n)## "))), index);
        const QStringList links = testing::presetLinks(own, index);
        QVERIFY2(links.size() >= 5, qPrintable(QString::number(links.size())));
        for (const QString& name : links)
            QVERIFY2(std::any_of(presets.begin(), presets.end(), [&](const Preset& p) { return p.name == name; }),
                     qPrintable(name));
        for (int other = 0; other < index; ++other)
            QVERIFY(testing::presetLinks(own, other).isEmpty());
    }
};

QTEST_MAIN(TestLatentDynamicsPanel)
#include "tst_latentdynamicspanel.moc"
