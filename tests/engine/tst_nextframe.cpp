// Next-frame prediction with PredNet-style error units (engine/predictive/NextFrame.h). Checks the moving-bar movies
// (deterministic, constant velocity, the events where they should be), the predictor's plumbing against hand-made
// extrapolation kernels, that the fitted filter beats the copy-last-frame baseline by a wide margin on held-out
// movies, that an unexpected event makes the error jump and concentrate on the changed bar, that a still scene is
// predicted exactly, and that bad input is rejected by name.

#include "engine/predictive/NextFrame.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace neuroai;
using namespace neuroai::predictive;
using neuroai::test::throwsNaming;

namespace {

// Held-out mean error and baseline, averaged over movies.
struct Score {
    double error = 0, baseline = 0, worstRatio = 0;
};

Score score(const NextFramePredictor& p, const std::vector<BarMovie>& movies)
{
    Score s;
    for (const BarMovie& m : movies) {
        const PredictionRun run = p.run(m);
        s.error += run.meanAbsError / double(movies.size());
        s.baseline += run.baselineMeanAbsError / double(movies.size());
        s.worstRatio = std::max(s.worstRatio, run.meanAbsError / run.baselineMeanAbsError);
    }
    return s;
}

}  // namespace

class TestNextFrame : public QObject {
    Q_OBJECT
private:
    std::vector<BarMovie> m_train;
    NextFramePredictor m_predictor;  // history 3, radius 2, trained on m_train

private slots:
    void initTestCase()
    {
        m_train = generateBarMovies({}, 30, 1000);
        const NextFrameTraining t = m_predictor.train(m_train);
        QVERIFY(!t.cancelled);
        QCOMPARE(t.samples, 30L * 17 * 24 * 24);  // frames t = 2 … 18 predict t + 1
        QVERIFY(m_predictor.trained());
    }

    void moviesAreDeterministicWithConstantVelocity()
    {
        const BarMovieConfig cfg;
        const BarMovie a = generateBarMovie(cfg, 77), b = generateBarMovie(cfg, 77), c = generateBarMovie(cfg, 78);
        QVERIFY(a.frames == b.frames);
        QVERIFY(a.frames != c.frames);
        QCOMPARE(int(a.frames.size()), cfg.frames);
        QCOMPARE(int(a.frames.front().size()), cfg.width * cfg.height);
        // Every bar moves by the same step each frame, at a speed in [0.25, 0.75] px/frame, its centre ≥ 3 px inside.
        for (const auto& centre : a.centres) {
            const double vx = centre[2] - centre[0], vy = centre[3] - centre[1];
            const double speed = std::hypot(vx, vy);
            QVERIFY(speed >= cfg.minSpeed - 1e-12 && speed <= cfg.maxSpeed + 1e-12);
            for (int t = 0; t + 1 < cfg.frames; ++t) {
                QVERIFY(std::abs(centre[std::size_t(2 * t + 2)] - centre[std::size_t(2 * t)] - vx) < 1e-9);
                QVERIFY(std::abs(centre[std::size_t(2 * t + 3)] - centre[std::size_t(2 * t + 1)] - vy) < 1e-9);
                QVERIFY(centre[std::size_t(2 * t)] >= cfg.marginPx - 1e-9);
                QVERIFY(centre[std::size_t(2 * t)] <= cfg.width - 1 - cfg.marginPx + 1e-9);
            }
        }
        // Reverse: at t* bar 0 is back where it was at t*−2; Appear: one more bar, absent before t*.
        BarMovieConfig rev = cfg;
        rev.event = MovieEvent::Reverse;
        const BarMovie r = generateBarMovie(rev, 77);
        const std::size_t ts = std::size_t(rev.eventFrame);
        QVERIFY(std::abs(r.centres[0][2 * ts] - r.centres[0][2 * ts - 4]) < 1e-9);
        QVERIFY(r.frames[ts - 1] == a.frames[ts - 1]);  // identical to the plain movie up to t*−1
        QVERIFY(r.frames[ts] != a.frames[ts]);
        BarMovieConfig app = cfg;
        app.event = MovieEvent::Appear;
        const BarMovie p = generateBarMovie(app, 77);
        QCOMPARE(int(p.centres.size()), cfg.bars + 1);
        QVERIFY(std::isnan(p.centres.back()[2 * ts - 2]) && !std::isnan(p.centres.back()[2 * ts]));
        QVERIFY(p.frames[ts - 1] == a.frames[ts - 1]);
    }

    void handMadeKernelsExtrapolate()
    {
        // Plumbing: a centre-only kernel must give exactly the temporal extrapolations, history 2: Â = 2A_t − A_{t−1};
        // history 3 (kernels 2δ and −δ): Â = 3A_t − 3A_{t−1} + A_{t−2}. Error units: E⁺ − E⁻ = A − Â, both ≥ 0,
        // mean(E⁺ + E⁻) is the frame's mean absolute error. Exact up to rounding (1e-12).
        const BarMovie m = generateBarMovie({}, 5);
        const std::size_t n = m.frames.front().size();
        for (const int history : {2, 3}) {
            NextFrameConfig cfg;
            cfg.history = history;
            cfg.radius = 1;
            NextFramePredictor p(cfg);
            std::vector<double> w(std::size_t(9 * (history - 1)), 0.0);
            w[4] = history == 2 ? 1.0 : 2.0;
            if (history == 3)
                w[9 + 4] = -1.0;
            p.setWeights(w);
            const PredictionRun run = p.run(m);
            QCOMPARE(run.firstScoredFrame, history);
            for (std::size_t t = 3; t < m.frames.size(); ++t) {
                const auto& f = m.frames;
                double mae = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    const double expected = history == 2 ? 2 * f[t - 1][i] - f[t - 2][i]
                                                         : 3 * f[t - 1][i] - 3 * f[t - 2][i] + f[t - 3][i];
                    const FramePrediction& fp = run.frames[t];
                    QVERIFY(std::abs(fp.prediction[i] - expected) < 1e-12);
                    QVERIFY(fp.errorPositive[i] >= 0 && fp.errorNegative[i] >= 0);
                    QVERIFY(std::abs(fp.errorPositive[i] - fp.errorNegative[i] - (f[t][i] - expected)) < 1e-12);
                    mae += fp.errorPositive[i] + fp.errorNegative[i];
                }
                QVERIFY(std::abs(mae / double(n) - run.frames[t].meanAbsError) < 1e-12);
            }
        }
    }

    void beatsCopyingTheLastFrame()
    {
        // 20 held-out movies (seeds disjoint from training). Mean absolute error over the scored frames relative to
        // copy-last-frame: history 3 (default) must be < 0.3× (measured ≈ 0.15×), and no single movie above 0.5×;
        // the two-frame filter (history 2), which cannot do better than first-order extrapolation, must still beat
        // the baseline (< 0.7×, measured ≈ 0.5×) but be clearly worse than history 3.
        const std::vector<BarMovie> test = generateBarMovies({}, 20, 5000);
        const Score s3 = score(m_predictor, test);
        NextFrameConfig two;
        two.history = 2;
        NextFramePredictor p2(two);
        p2.train(m_train);
        const Score s2 = score(p2, test);
        qInfo("held-out MAE: history 3 %.4f, history 2 %.4f, copy-last %.4f -> ratios %.3f and %.3f (worst movie "
              "%.3f, %.3f)", s3.error, s2.error, s3.baseline, s3.error / s3.baseline, s2.error / s2.baseline,
              s3.worstRatio, s2.worstRatio);
        QVERIFY(s3.error < 0.3 * s3.baseline);
        QVERIFY(s3.worstRatio < 0.5);
        QVERIFY(s2.error < 0.7 * s2.baseline);
        QVERIFY(s3.error < 0.6 * s2.error);
    }

    void unexpectedEventsStandOut()
    {
        // 10 movies per event kind (a bar reverses / a new bar appears at t* = 12). At t*, > 80 % of the error energy
        // Σ(E⁺² + E⁻²) lies inside the event mask (the changed bar at t*−1, t* and its expected place, dilated 1 px),
        // and the frame's mean absolute error exceeds 2.5× the largest of the scored frames before t*.
        for (const MovieEvent event : {MovieEvent::Reverse, MovieEvent::Appear}) {
            BarMovieConfig cfg;
            cfg.event = event;
            double minFraction = 1, minJump = 1e300, maskShare = 0;
            for (int k = 0; k < 10; ++k) {
                const BarMovie m = generateBarMovie(cfg, 9000 + std::uint64_t(k));
                const PredictionRun run = m_predictor.run(m);
                const FramePrediction& f = run.frames[std::size_t(m.eventFrame)];
                double inside = 0, total = 0, maskPixels = 0;
                for (std::size_t i = 0; i < f.prediction.size(); ++i) {
                    const double e2 = f.errorPositive[i] * f.errorPositive[i] + f.errorNegative[i] * f.errorNegative[i];
                    total += e2;
                    if (m.eventMask[i]) {
                        inside += e2;
                        maskPixels += 1;
                    }
                }
                QVERIFY(std::abs(total - f.errorEnergy) < 1e-9 * (1 + total));
                double before = 0;
                for (int t = run.firstScoredFrame; t < m.eventFrame; ++t)
                    before = std::max(before, run.frames[std::size_t(t)].meanAbsError);
                minFraction = std::min(minFraction, inside / total);
                minJump = std::min(minJump, f.meanAbsError / before);
                maskShare += maskPixels / double(f.prediction.size()) / 10;
            }
            qInfo("%s: error energy inside the mask >= %.3f (mask covers %.0f %% of the frame on average), frame "
                  "error at t* >= %.1fx the largest before",
                  event == MovieEvent::Reverse ? "reverse" : "appear", minFraction, 100 * maskShare, minJump);
            QVERIFY(minFraction > 0.8);
            QVERIFY(maskShare < 0.35);  // the mask is a small part of the frame, so the 80 % means something
            QVERIFY(minJump > 2.5);
        }
    }

    void aStillSceneIsPredictedExactly()
    {
        // Speed 0: every frame equals the first; the still-scene form predicts A_t itself, so every frame after the
        // first has zero error (1e-12: exact in fact). The unconstrained filter, fitted to the same moving movies,
        // has no such guarantee; its error is printed for comparison.
        BarMovieConfig still;
        still.minSpeed = still.maxSpeed = 0;
        const BarMovie m = generateBarMovie(still, 31);
        QVERIFY(m.frames[0] == m.frames.back());
        const PredictionRun run = m_predictor.run(m);
        double worst = 0;
        for (std::size_t t = 1; t < run.frames.size(); ++t)
            worst = std::max(worst, run.frames[t].meanAbsError);
        NextFrameConfig free;
        free.unconstrained = true;
        NextFramePredictor p(free);
        p.train(m_train);
        const PredictionRun freeRun = p.run(m);
        qInfo("still scene: largest frame error %.2e (unconstrained filter: %.2e at the last frame; copy-last 0)",
              worst, freeRun.frames.back().meanAbsError);
        QVERIFY(worst < 1e-12);
        QCOMPARE(run.frames.back().baselineMeanAbsError, 0.0);
    }

    void trainingCanBeCancelled()
    {
        NextFramePredictor p;
        const NextFrameTraining t = p.train(m_train, [](double) { return false; });
        QVERIFY(t.cancelled);
        QVERIFY(!p.trained());
    }

    void badInputIsRejected()
    {
        BarMovieConfig c;
        c.blurPx = -1;
        QVERIFY(throwsNaming([&] { (void)generateBarMovie(c, 1); }, "BarMovieConfig: blurPx = -1"));
        c = {};
        c.maxSpeed = 0.1;  // below minSpeed
        QVERIFY(throwsNaming([&] { (void)generateBarMovie(c, 1); }, "maxSpeed = 0.1"));
        c = {};
        c.event = MovieEvent::Reverse;
        c.eventFrame = 20;
        QVERIFY(throwsNaming([&] { (void)generateBarMovie(c, 1); }, "eventFrame = 20"));
        c = {};
        c.minSpeed = c.maxSpeed = 5;  // 19 frames × 5 px cannot stay inside 24 px
        QVERIFY(throwsNaming([&] { (void)generateBarMovie(c, 1); }, "no bar path fits"));
        NextFrameConfig nc;
        nc.history = 4;
        QVERIFY(throwsNaming([&] { NextFramePredictor p(nc); }, "history = 4"));
        nc = {};
        nc.ridge = std::nan("");
        QVERIFY(throwsNaming([&] { NextFramePredictor p(nc); }, "ridge"));
        NextFramePredictor untrained;
        const BarMovie m = generateBarMovie({}, 1);
        QVERIFY(throwsNaming([&] { (void)untrained.run(m); }, "not trained"));
        QVERIFY(throwsNaming([&] { (void)untrained.train({}); }, "movies is empty"));
        QVERIFY(throwsNaming([&] { (void)m_predictor.run(m.frames, 23, 24); }, "frame 0 has 576 pixels"));
        auto bad = m.frames;
        bad[3][10] = INFINITY;
        QVERIFY(throwsNaming([&] { (void)m_predictor.run(bad, 24, 24); }, "frame 3"));
        QVERIFY(throwsNaming([&] { untrained.setWeights({1.0}); }, "weights has 1 values"));
        std::vector<double> p, q;
        QVERIFY(throwsNaming([&] { errorUnits({1.0}, {1.0, 2.0}, p, q); }, "errorUnits"));
    }
};

QTEST_APPLESS_MAIN(TestNextFrame)
#include "tst_nextframe.moc"
