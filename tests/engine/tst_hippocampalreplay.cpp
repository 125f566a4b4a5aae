// Hippocampal replay on a linear track (engine/rl/HippocampalReplay.h) and its live model. Each check fails if the
// model were wrong:
// - a noiseless event (expected counts, not Poisson draws) decodes to the replayed position within one position bin
//   in every decoding bin (Zhang et al. 1998 Bayesian decoder, uniform prior);
// - 25 reverse events (seeded) all decode with a negative slope, R² > 0.4 and weighted r < −0.5, on average
//   r < −0.85 and at least 20 of them r < −0.8; 25 forward events with the mirror image; the mean |slope| is the replay speed v·c (25 cm/s · 20 = 5 m/s) within 15 %;
// - spike counts follow the rates: over 400 events the total count is within 3 % of the integral of the rates (the
//   Poisson standard error is 0.6 %), and with a single background cell rate the count per second matches it;
// - Mattar & Daw (2018) prioritisation on the track as a chain of 10 states: right after the first reward (only
//   Q(8, right) learned, need from the start) the backups are (8, right), (7, right), … one state back at a time
//   (reverse); with learned values and uniformly overestimated "turn back" values, they start at the agent's state
//   and run forward; need is a successor-representation row; bad arguments are refused;
// - the live model: fraction_reverse = 1 gives only reverse events, 0 only forward; the frame holds the raster,
//   posterior and path; bad input is refused with the parameter named.

#include "engine/core/Recording.h"
#include "engine/rl/HippocampalReplay.h"
#include "engine/rl/HippocampalReplayModel.h"
#include "engine/rl/MattarDawReplay.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace neuroai;
using namespace neuroai::rl;

class TestHippocampalReplay : public QObject {
    Q_OBJECT
private slots:
    void noiselessEventDecodesWithinOneBin()
    {
        HippocampalReplayConfig c;
        c.backgroundHz = 0.5;
        const HippocampalReplay replay(c);
        for (const ReplayDirection dir : {ReplayDirection::Reverse, ReplayDirection::Forward}) {
            const ReplayDecoding d = replay.decode(replay.expectedCounts(dir), dir);
            QCOMPARE(d.decodedBins, replay.binCount());
            for (std::size_t b = 0; b < d.decodedCm.size(); ++b)
                QVERIFY2(std::abs(d.decodedCm[b] - d.trueCm[b]) < c.positionBinCm(),
                         qPrintable(QStringLiteral("bin %1: decoded %2 cm, true %3 cm")
                                        .arg(b)
                                        .arg(d.decodedCm[b])
                                        .arg(d.trueCm[b])));
            QVERIFY(d.r2 > 0.99);
            QVERIFY(dir == ReplayDirection::Forward ? d.weightedR > 0.95 : d.weightedR < -0.95);
        }
    }

    void reverseAndForwardEventsDecodeWithTheirDirection()
    {
        HippocampalReplayConfig c;  // defaults: 40 cells, σ = 6 cm, 60 Hz peak, 1 Hz background, 20×
        const HippocampalReplay replay(c);
        const double speed = c.runSpeedCmS * c.compression;
        for (const ReplayDirection dir : {ReplayDirection::Reverse, ReplayDirection::Forward}) {
            Random rng(dir == ReplayDirection::Reverse ? 7 : 11);
            double slopeSum = 0, rSum = 0;
            int strong = 0;
            for (int e = 0; e < 25; ++e) {
                const ReplayEvent event = replay.generate(dir, rng);
                const ReplayDecoding& d = event.decoding;
                const double sign = dir == ReplayDirection::Forward ? 1.0 : -1.0;
                QVERIFY2(sign * d.slopeCmPerS > 0 && d.r2 > 0.4 && sign * d.weightedR > 0.5,
                         qPrintable(QStringLiteral("event %1: slope %2 cm/s, R² %3, r %4")
                                        .arg(e)
                                        .arg(d.slopeCmPerS)
                                        .arg(d.r2)
                                        .arg(d.weightedR)));
                QVERIFY(d.meanAbsErrorCm < 10);
                slopeSum += sign * d.slopeCmPerS;
                rSum += sign * d.weightedR;
                strong += sign * d.weightedR > 0.8 ? 1 : 0;
            }
            QVERIFY2(rSum / 25 > 0.85, qPrintable(QString::number(rSum / 25)));
            QVERIFY2(strong >= 20, qPrintable(QString::number(strong)));
            QVERIFY2(std::abs(slopeSum / 25 / speed - 1) < 0.15, qPrintable(QString::number(slopeSum / 25)));
        }
    }

    void spikeCountsFollowTheRates()
    {
        HippocampalReplayConfig c;
        const HippocampalReplay replay(c);
        Random rng(3);
        long total = 0;
        for (int e = 0; e < 400; ++e)
            total += replay.generate(ReplayDirection::Reverse, rng).spikeCount;
        const double expected = 400 * replay.expectedSpikeCount(ReplayDirection::Reverse);
        // Analytic cross-check of the integral: Σ_i ∫ peak·Gauss dt over the whole track ≈ cells · peak · σ√(2π)/v_replay
        // (fields near the ends are cut off a little) plus the background.
        const double vReplay = c.runSpeedCmS * c.compression / 1000.0;  // cm/ms
        const double analytic = c.cells * (c.peakRateHz / 1000.0) * c.fieldSigmaCm * std::sqrt(2 * M_PI) / vReplay +
                                c.cells * c.backgroundHz * c.eventMs() / 1000.0;
        QVERIFY(std::abs(expected / 400 - analytic) / analytic < 0.1);
        QVERIFY2(std::abs(total / expected - 1) < 0.03, qPrintable(QStringLiteral("%1 vs %2").arg(total).arg(expected)));

        // Background only: a peak of almost nothing, 20 Hz background, 30 cells × 40 events × 200 ms = 240 cell-s.
        HippocampalReplayConfig b;
        b.cells = 30;
        b.peakRateHz = 1e-9;
        b.backgroundHz = 20;
        const HippocampalReplay bg(b);
        long n = 0;
        for (int e = 0; e < 40; ++e)
            n += bg.generate(ReplayDirection::Forward, rng).spikeCount;
        const double seconds = 30 * 40 * b.eventMs() / 1000.0;
        QVERIFY2(std::abs(n / seconds / 20 - 1) < 0.05, qPrintable(QString::number(n / seconds)));
    }

    void poissonDeviateHasPoissonMoments()
    {
        Random rng(5);
        for (const double lambda : {0.05, 3.0, 40.0}) {
            double s = 0, s2 = 0;
            const int n = 20000;
            for (int k = 0; k < n; ++k) {
                const double x = double(poissonDeviate(lambda, rng));
                s += x;
                s2 += x * x;
            }
            const double mean = s / n, var = s2 / n - mean * mean;
            QVERIFY2(std::abs(mean / lambda - 1) < 0.05, qPrintable(QString::number(mean)));
            QVERIFY2(std::abs(var / lambda - 1) < 0.08, qPrintable(QString::number(var)));
        }
    }

    void badInputIsRejected()
    {
        auto throwsNaming = [](HippocampalReplayConfig c, const char* name) {
            try {
                HippocampalReplay r(c);
            } catch (const std::invalid_argument& e) {
                return QString::fromUtf8(e.what()).contains(QLatin1String(name));
            }
            return false;
        };
        HippocampalReplayConfig c;
        c.cells = 1;
        QVERIFY(throwsNaming(c, "cells"));
        c = HippocampalReplayConfig{};
        c.fieldSigmaCm = -1;
        QVERIFY(throwsNaming(c, "fieldSigmaCm"));
        c = HippocampalReplayConfig{};
        c.compression = std::nan("");
        QVERIFY(throwsNaming(c, "compression"));
        c = HippocampalReplayConfig{};
        c.binMs = 0.5;
        QVERIFY(throwsNaming(c, "binMs"));
        c = HippocampalReplayConfig{};
        c.backgroundHz = -2;
        QVERIFY(throwsNaming(c, "backgroundHz"));

        const HippocampalReplay replay{HippocampalReplayConfig{}};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 replay.decode({std::vector<double>(3, 1.0)}, ReplayDirection::Forward));
        std::vector<std::vector<double>> counts(1, std::vector<double>(40, 0.0));
        counts[0][0] = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, replay.decode(counts, ReplayDirection::Forward));

        HippocampalReplayModel model;
        QVERIFY_THROWS_EXCEPTION(ParameterError, model.setParameter("field_width", -3));
        QVERIFY_THROWS_EXCEPTION(ParameterError, model.setParameter("cells", 1));
        QVERIFY_THROWS_EXCEPTION(ParameterError, model.setParameter("compression", std::nan("")));
    }

    void liveModelFollowsFractionReverse()
    {
        HippocampalReplayModel model;
        QCOMPARE(model.parameters()["compression"], 20.0);
        QCOMPARE(model.parameters()["fraction_reverse"], 0.5);
        NullSink sink;
        model.setParameter("fraction_reverse", 1.0);
        model.reset(4);
        model.advance(20 * HippocampalReplayModel::kStepsPerEvent, sink);
        auto m = model.metrics();
        QCOMPARE(m["reverse_events"], 20.0);
        QCOMPARE(m["forward_events"], 0.0);
        QVERIFY(m["decoded_reverse"] >= 19);
        QCOMPARE(m["runs"], 1.0);  // one run to the reward, then it stays there
        QCOMPARE(m["animal_cm"], 100.0);
        model.setParameter("fraction_reverse", 0.0);
        model.reset(4);
        model.advance(20 * HippocampalReplayModel::kStepsPerEvent, sink);
        m = model.metrics();
        QCOMPARE(m["forward_events"], 20.0);
        QVERIFY(m["decoded_forward"] >= 19);
        QVERIFY(m["last_slope"] > 0);

        model.setParameter("fraction_reverse", 0.5);
        model.reset(9);
        model.advance(200 * HippocampalReplayModel::kStepsPerEvent, sink);
        m = model.metrics();
        QVERIFY(m["reverse_events"] > 75 && m["reverse_events"] < 125);  // binomial(200, ½): ±3.5 SD
        QVERIFY(m["runs"] > 20);
        QCOMPARE(m["events"], 200.0);
        QCOMPARE(model.timeMs(), 200 * HippocampalReplayModel::kEventIntervalMs);

        Frame frame;
        model.publish(frame);
        QCOMPARE(int(frame.matrices.size()), 3);
        QCOMPARE(frame.matrices[0].rows, 40);
        QCOMPARE(frame.matrices[0].columns, 300);  // 200 ms event + 2 × 50 ms
        double spikes = 0;
        for (const float v : frame.matrices[0].values)
            spikes += v;
        QVERIFY(spikes >= m["last_spikes"]);
        QCOMPARE(frame.matrices[1].columns, 20);  // 10 ms bins
        QCOMPARE(frame.matrices[2].rows, int(HippocampalReplayModel::PathRows));

        // Changing the cell count restarts the run.
        model.setParameter("cells", 60);
        QCOMPARE(model.metrics()["events"], 0.0);
    }

    // A replayed path through waypoints: position linear in time along each segment, clamped at the ends; a
    // noiseless event along a partial, reversed path decodes within one position bin of it, and its slope is the
    // path's speed (one 11.1 cm spacing per 22.2 ms segment: −5 m/s).
    void pathEventDecodesAlongItsWaypoints()
    {
        ReplayPath path{{100.0, 50.0, 50.0, 0.0}, 20.0};
        QCOMPARE(path.durationMs(), 60.0);
        QCOMPARE(path.at(-5), 100.0);
        QCOMPARE(path.at(10), 75.0);
        QCOMPARE(path.at(30), 50.0);
        QCOMPARE(path.at(50), 25.0);
        QCOMPARE(path.at(99), 0.0);
        QCOMPARE(path.netCm(), -100.0);

        HippocampalReplayConfig c;
        c.backgroundHz = 0;
        const HippocampalReplay replay(c);
        ReplayPath chain;
        for (int s = 8; s >= 0; --s)
            chain.waypointsCm.push_back(HippocampalReplayModel::chainStateCm(s));
        chain.segmentMs = 1000.0 * (100.0 / 9) / (c.runSpeedCmS * c.compression);
        QCOMPARE(replay.binCount(chain), int(std::ceil(8 * chain.segmentMs / c.binMs - 1e-9)));
        const ReplayDecoding d = replay.decode(replay.expectedCounts(chain), chain);
        QCOMPARE(d.decodedBins, replay.binCount(chain));
        for (int b = 0; b < d.decodedBins; ++b)
            QVERIFY2(std::abs(d.decodedCm[std::size_t(b)] - d.trueCm[std::size_t(b)]) <= c.positionBinCm(),
                     qPrintable(QStringLiteral("bin %1: %2 vs %3").arg(b).arg(d.decodedCm[std::size_t(b)])
                                    .arg(d.trueCm[std::size_t(b)])));
        QVERIFY2(std::abs(d.slopeCmPerS / 100.0 + 5.0) < 0.25, qPrintable(QString::number(d.slopeCmPerS)));
        Random rng(3);
        QCOMPARE(replay.generate(chain, rng).direction, ReplayDirection::Reverse);

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, replay.expectedCounts(ReplayPath{{50.0}, 10.0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, replay.expectedCounts(ReplayPath{{0.0, 120.0}, 10.0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, replay.expectedCounts(ReplayPath{{0.0, 50.0}, 0.0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 replay.expectedCounts(ReplayPath{{0.0, std::nan("")}, 10.0}));
    }

    // Replay chosen by gain × need among the animal's own memories (Mattar & Daw 2018): nothing before the first
    // reward; after the first run, one reverse sweep from the reward back to the start that carries the value along
    // the track; silence once nothing is left to gain; a reverse sweep again after the reward grows (1 → 2), none after
    // it shrinks (2 → 0.5): the asymmetry Ambrose, Pfeiffer & Foster (2016) found in rats.
    void gainNeedReplaysAfterNewOrLargerRewards()
    {
        HippocampalReplayModel model;
        NullSink sink;
        model.setParameter("replay_choice", 1);
        model.setParameter("fraction_reverse", 0.0);  // rests at the start: never runs
        model.reset(5);
        QVERIFY(model.gainNeed());
        model.advance(3, sink);
        auto m = model.metrics();
        QCOMPARE(m["silent_rests"], 3.0);
        QCOMPARE(m["runs"], 0.0);
        QCOMPARE(m["last_silent"], 1.0);

        const auto runThenRest = [&] {
            model.setParameter("fraction_reverse", 0.0);
            model.advance(1, sink);  // back at the start
            model.setParameter("fraction_reverse", 1.0);
            model.advance(1, sink);  // runs to the reward and rests there
            return model.metrics();
        };
        m = runThenRest();
        QCOMPARE(m["runs"], 1.0);
        QCOMPARE(m["last_silent"], 0.0);
        QCOMPARE(m["last_backups"], 9.0);
        const auto& backups = model.lastBackups();
        for (int k = 0; k < 9; ++k) {
            QCOMPARE(backups[std::size_t(k)].state, 8 - k);  // from the state next to the reward back to the start
            QCOMPARE(backups[std::size_t(k)].action, 1);
        }
        QCOMPARE(model.latestEvent()->direction, ReplayDirection::Reverse);
        QVERIFY2(m["last_slope"] < 0 && m["last_r2"] >= HippocampalReplayModel::kSignificantR2,
                 qPrintable(QStringLiteral("slope %1 m/s, R² %2").arg(m["last_slope"]).arg(m["last_r2"])));
        QCOMPARE(m["reverse_events"], 1.0);
        for (int s = 0; s < 9; ++s)  // the values are learned: Q(s, right) = γ^(8 − s)
            QVERIFY(std::abs(model.gainNeed()->q(s, 1) - std::pow(HippocampalReplayModel::kGamma, 8 - s)) < 1e-12);

        m = runThenRest();  // same reward: nothing to gain
        QCOMPARE(m["last_silent"], 1.0);

        model.setParameter("reward", 2.0);
        m = runThenRest();
        QCOMPARE(m["last_silent"], 0.0);
        QCOMPARE(model.lastBackups().front().state, 8);
        QCOMPARE(model.latestEvent()->direction, ReplayDirection::Reverse);
        QCOMPARE(m["reverse_events"], 2.0);

        model.setParameter("reward", 0.5);
        m = runThenRest();
        QCOMPARE(m["last_silent"], 1.0);
        QCOMPARE(m["reverse_events"], 2.0);
        QCOMPARE(m["forward_events"], 0.0);

        // A silent rest publishes only background spikes, and no decoded path.
        Frame frame;
        model.publish(frame);
        QCOMPARE(int(frame.matrices.size()), 3);
        for (const float v : frame.matrices[2].values)
            QVERIFY(std::isnan(v));

        // Switching back to the fixed protocol restarts the run.
        model.setParameter("replay_choice", 0);
        QVERIFY(!model.gainNeed());
        QCOMPARE(model.metrics()["events"], 0.0);
    }

    // World "Dyna maze": the fixed protocol replays the animal's 14-move route from S to G forwards while it rests at
    // S and backwards at G, as a path through the maze's squares; measured along the route from S, reverse events
    // decode with a negative slope and forward ones with a positive one (R² ≥ 0.5 for at least 18 of 20), at about
    // the replay speed (one 20 cm square per 40 ms: 5 m/s, within 15 %), and the decoded points in the plane stay
    // within one square of the replayed ones on average. The frame's raster rows cover the route in 5 cm rows and
    // hold every spike of the route's cells; the maze, route and planar path matrices have the maze's shape.
    void theMazeWorldReplaysTheRouteInThePlane()
    {
        HippocampalReplayModel model;
        NullSink sink;
        model.setParameter("world", 1);
        QCOMPARE(model.parameters()["maze_field_width"], 12.0);
        QVERIFY(model.mazeReplay());
        QCOMPARE(int(model.route().size()), 15);
        for (const double fraction : {1.0, 0.0}) {
            model.setParameter("fraction_reverse", fraction);
            model.reset(11);
            double slopeSum = 0, errorSum = 0;
            for (int k = 0; k < 20; ++k) {
                model.advance(1, sink);
                const auto m = model.metrics();
                slopeSum += m.at("last_slope");
                errorSum += model.latestMazeEvent().decoding.meanErrorCm;
                QCOMPARE(model.latestMazeEvent().route.front(), fraction > 0 ? model.route().back() : model.route().front());
            }
            const auto m = model.metrics();
            QCOMPARE(m.at("world"), 1.0);
            QCOMPARE(m.at("track_cm"), 280.0);
            QCOMPARE(m.at("event_ms"), 560.0);
            QCOMPARE(m.at("animal_cm"), fraction > 0 ? 280.0 : 0.0);
            const double slope = slopeSum / 20, error = errorSum / 20;
            qInfo("maze, %s: mean slope %.2f m/s along the route, mean error in the plane %.1f cm",
                  fraction > 0 ? "reverse" : "forward", slope, error);
            if (fraction > 0) {
                QCOMPARE(m.at("reverse_events"), 20.0);
                QVERIFY(m.at("decoded_reverse") >= 18);
                QVERIFY(std::abs(slope + 5) < 0.75);
            } else {
                QCOMPARE(m.at("forward_events"), 20.0);
                QVERIFY(m.at("decoded_forward") >= 18);
                QVERIFY(std::abs(slope - 5) < 0.75);
            }
            QVERIFY(error < 20);
        }

        Frame frame;
        model.publish(frame);
        QCOMPARE(int(frame.matrices.size()), 6);
        const MatrixImage& raster = frame.matrices[0];
        QCOMPARE(raster.rows, 56);  // 280 cm in 5 cm rows
        QCOMPARE(raster.rowMax, 280.0);
        double inRaster = 0, routeSpikes = 0;
        for (const float v : raster.values)
            inRaster += v;
        const MazeReplay& mr = *model.mazeReplay();
        const MazeReplayEvent& e = model.latestMazeEvent();
        for (int cell = 0; cell < mr.cellCount(); ++cell)
            if (std::find(model.route().begin(), model.route().end(), mr.cellState(cell)) != model.route().end())
                routeSpikes += double(e.spikeMs[std::size_t(cell)].size());
        QVERIFY(inRaster >= routeSpikes);  // plus the background spikes before and after the event
        QVERIFY(routeSpikes > 0.5 * double(e.spikeCount));
        QCOMPARE(frame.matrices[1].rows, 42);  // route bins of 20/3 cm
        QCOMPARE(frame.matrices[1].columns, 56);  // 560 ms in 10 ms bins
        const MatrixImage& layout = frame.matrices[3];
        QCOMPARE(layout.rows, 6);
        QCOMPARE(layout.columns, 9);
        int walls = 0;
        for (const float v : layout.values)
            walls += v == float(HippocampalReplayModel::WallCell);
        QCOMPARE(walls, 7);
        QCOMPARE(frame.matrices[4].columns, 15);
        QCOMPARE(frame.matrices[5].rows, int(HippocampalReplayModel::MazePathRows));
        QCOMPARE(frame.matrices[5].columns, 56);
    }

    // Gain × need in the maze: the route is a chain of its 15 squares. Nothing is replayed before the first reward;
    // right after it, one reverse sweep backs up every move of the route from G back to S, and the event replays
    // those squares from G to S (decoded reverse); then silence.
    void gainNeedInTheMazeReplaysTheRouteBackwards()
    {
        HippocampalReplayModel model;
        NullSink sink;
        model.setParameter("world", 1);
        model.setParameter("replay_choice", 1);
        model.setParameter("fraction_reverse", 0.0);
        model.reset(3);
        model.advance(2, sink);
        QCOMPARE(model.metrics().at("silent_rests"), 2.0);
        model.setParameter("fraction_reverse", 1.0);
        model.advance(1, sink);
        const auto m = model.metrics();
        QCOMPARE(m.at("runs"), 1.0);
        QCOMPARE(m.at("last_backups"), 14.0);
        QCOMPARE(model.latestMazeEvent().route, std::vector<int>(model.route().rbegin() + 1, model.route().rend()));
        QVERIFY2(m.at("last_slope") < 0 && m.at("last_r2") >= HippocampalReplayModel::kSignificantR2,
                 qPrintable(QStringLiteral("slope %1 m/s, R² %2, %3 bins decoded")
                                .arg(m.at("last_slope"))
                                .arg(m.at("last_r2"))
                                .arg(model.latestMazeEvent().decoding.decodedBins)));
        QCOMPARE(model.latestEvent()->direction, ReplayDirection::Reverse);
        model.advance(1, sink);
        QCOMPARE(model.metrics().at("last_silent"), 1.0);
    }

    void mattarDawReverseAfterTheFirstReward()
    {
        MattarDawReplay md(10, 0.9, 5.0, 1.0);
        for (int s = 0; s < md.goal(); ++s)  // the first run, learning online with α = 0.1: only Q(8, right) moves
            md.learn(s, 1, 0.1);
        QCOMPARE(md.q(8, 1), 0.1);
        QString seq;
        std::vector<int> states;
        for (int k = 0; k < 8; ++k) {
            const MattarDawReplay::Step step = md.replayStep(0);  // need from the start, where the next run begins
            states.push_back(step.state);
            seq += QStringLiteral("(%1,%2) ").arg(step.state).arg(step.action);
        }
        QCOMPARE(states.front(), 8);  // the state next to the goal
        for (std::size_t k = 1; k < states.size(); ++k)
            QVERIFY2(states[k] == states[k - 1] - 1, qPrintable(seq));  // chains backwards
    }

    void mattarDawForwardBeforeARun()
    {
        // After learning (Q(s, right) = γ^(8−s), the true values), but with every "turn back" value overestimated by
        // 0.05 above its true γ·V(s − 1): every backup of a left move improves the policy a little, so gain is spread
        // along the track and need decides. Need from the agent at the start falls off ahead of it, so the chosen
        // backups start at the agent's state and run forward. (With β = 20; with a softer policy, β = 3 … 10, the
        // chain still runs forward but starts one to four states ahead of the agent.)
        const double gamma = 0.9;
        MattarDawReplay md(10, gamma, 20.0, 1.0);
        for (int s = 0; s < md.goal(); ++s) {
            md.setQ(s, 1, std::pow(gamma, 8 - s));
            md.setQ(s, 0, gamma * std::pow(gamma, 8 - std::max(0, s - 1)) + 0.05);
        }
        QString seq;
        std::vector<int> states;
        for (int k = 0; k < 6; ++k) {
            const MattarDawReplay::Step step = md.replayStep(0);
            QCOMPARE(step.action, 0);
            QVERIFY(step.gain > 0 && step.need > 0);
            states.push_back(step.state);
            seq += QStringLiteral("(%1,%2) ").arg(step.state).arg(step.action);
        }
        QVERIFY2(states.front() == 0, qPrintable(seq));  // the agent's state
        for (std::size_t k = 1; k < states.size(); ++k)
            QVERIFY2(states[k] == states[k - 1] + 1, qPrintable(seq));  // chains forward

        // Need is the successor representation: from the start under this policy it is ≥ 1 at the start itself and
        // zero beyond the terminal goal; row sums of M are (1 − γ^steps)/(1 − γ) ≤ 1/(1 − γ).
        const std::vector<double> need = md.need(0);
        QVERIFY(need[0] >= 1.0);
        double sum = 0;
        for (const double m : need)
            sum += m;
        QVERIFY(sum <= 1 / (1 - gamma) + 1e-9);

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MattarDawReplay(2, 0.9, 5, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MattarDawReplay(10, 1.0, 5, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MattarDawReplay(10, 0.9, std::nan(""), 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, MattarDawReplay(10, 0.9, 5, 0));
    }
};

QTEST_MAIN(TestHippocampalReplay)
#include "tst_hippocampalreplay.moc"
