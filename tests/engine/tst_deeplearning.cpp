// Chapter 10 (engine/deep, the momentum optimiser in engine/nn/Optimizer.h). Checks the network's backpropagated
// gradient against central finite differences (tanh and ReLU), that feedback alignment's output-layer update is the
// true gradient while its hidden updates differ, that feedback alignment learns the spirals with the angle between
// its signal and backpropagation's falling well below 90° (backpropagation, which never uses B, stays near 90°);
// gradient descent on a quadratic converging for η just below 2/L and diverging just above, heavy-ball momentum's
// limit 2(1 + μ)/L, Adam's first bias-corrected step α·sign(g), momentum's first step equal to SGD's; the data sets;
// determinism; a diverging learning rate stopped with a message; and both experiments' outputs.

#include "engine/core/Job.h"
#include "engine/deep/DeepExperiments.h"
#include "engine/deep/FeedforwardNet.h"
#include "engine/nn/Optimizer.h"

#include "ThrowsNaming.h"

#include <QTest>

#include <cmath>
#include <vector>

using namespace neuroai;
using namespace neuroai::deep;
using neuroai::test::throwsNaming;

namespace {

double worstGradientError(Activation activation, LearningRule rule, Eigen::VectorXd* exact = nullptr)
{
    Random rng(4);
    NetworkShape shape;
    shape.width = 6;
    shape.depth = 3;
    shape.classes = 3;
    shape.activation = activation;
    FeedforwardNet net(shape, rng);
    for (Eigen::Index k = 0; k < net.parameters().size(); ++k)
        net.parameters()(k) += 0.1 * rng.normal();  // nonzero biases too
    Eigen::MatrixXd x(2, 9);
    std::vector<int> labels;
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
        x(0, j) = rng.normal();
        x(1, j) = rng.normal();
        labels.push_back(int(j % 3));
    }
    Eigen::VectorXd gradient;
    net.lossAndGradient(x, labels, rule, gradient);
    if (exact)
        *exact = gradient;
    // Relative error of the whole vector, ‖g − g_fd‖/‖g_fd‖ (single tiny components would measure the rounding of
    // the difference quotient rather than the gradient).
    Eigen::VectorXd fd(gradient.size());
    const double h = 1e-5;
    for (Eigen::Index k = 0; k < net.parameters().size(); ++k) {
        const double keep = net.parameters()(k);
        net.parameters()(k) = keep + h;
        const double up = net.loss(x, labels);
        net.parameters()(k) = keep - h;
        const double down = net.loss(x, labels);
        net.parameters()(k) = keep;
        fd(k) = (up - down) / (2 * h);
    }
    return (fd - gradient).norm() / fd.norm();
}

double finalLoss(nn::OptimizerSettings settings, double curvature, int steps)
{
    nn::Optimizer o(settings, 1);
    Eigen::VectorXd theta = Eigen::VectorXd::Ones(1), g(1);
    for (int t = 0; t < steps; ++t) {
        g(0) = curvature * theta(0);
        o.apply(theta, g);
    }
    return std::abs(theta(0));
}

}  // namespace

class TestDeepLearning : public QObject {
    Q_OBJECT

private slots:
    void backpropagatedGradientsMatchFiniteDifferences()
    {
        const double tanhError = worstGradientError(Activation::Tanh, LearningRule::Backprop);
        const double reluError = worstGradientError(Activation::Relu, LearningRule::Backprop);
        qInfo("relative error |g - g_fd|/|g_fd|: tanh %.2e, ReLU %.2e", tanhError, reluError);
        QVERIFY(tanhError < 1e-6);
        QVERIFY(reluError < 1e-6);
    }

    void feedbackAlignmentChangesOnlyTheHiddenUpdates()
    {
        Eigen::VectorXd bp, fa;
        worstGradientError(Activation::Tanh, LearningRule::Backprop, &bp);
        const double faError = worstGradientError(Activation::Tanh, LearningRule::FeedbackAlignment, &fa);
        // The output layer (the last 6·3 + 3 parameters) gets the true gradient; the hidden layers do not.
        const Eigen::Index output = 6 * 3 + 3;
        QVERIFY((bp.tail(output) - fa.tail(output)).norm() < 1e-15);
        QVERIFY((bp.head(bp.size() - output) - fa.head(fa.size() - output)).norm() > 1e-3);
        QVERIFY(faError > 1e-3);  // so it is not the gradient of the loss
    }

    void feedbackAlignmentLearnsAndAligns()
    {
        for (const LearningRule rule : {LearningRule::FeedbackAlignment, LearningRule::Backprop}) {
            TrainingSetup setup;
            setup.rule = rule;
            Trainer trainer(setup);
            QVERIFY(trainer.run(3000));
            const TrainingCurves& c = trainer.curves();
            qInfo("rule %d: loss %.3f -> %.4f, test accuracy %.3f, signal angle %.1f -> %.1f deg, weight angle %.1f "
                  "-> %.1f deg",
                  int(rule), c.trainingLoss.front(), c.trainingLoss.back(), c.testAccuracy.back(),
                  c.signalAngleDeg.front(), c.signalAngleDeg.back(), c.weightAngleDeg.front(), c.weightAngleDeg.back());
            QVERIFY(c.trainingLoss.back() < 0.1 * c.trainingLoss.front());
            QVERIFY(c.testAccuracy.back() > 0.9);
            if (rule == LearningRule::FeedbackAlignment) {
                QVERIFY(c.signalAngleDeg.back() < 60);
                QVERIFY(c.weightAngleDeg.back() < 75);
            } else {
                QVERIFY(c.signalAngleDeg.back() > 75);
            }
        }
    }

    void gradientDescentIsStableExactlyBelowTwoOverL()
    {
        for (const double l : {0.5, 1.0, 4.0}) {
            const std::vector<double> below = gradientDescentOnQuadratic({l, l / 10}, 0.99 * 2 / l, 2000);
            const std::vector<double> above = gradientDescentOnQuadratic({l, l / 10}, 1.01 * 2 / l, 2000);
            QVERIFY2(below.back() < 1e-6 * below.front(), qPrintable(QString::number(below.back())));
            QVERIFY2(above.back() > 1e6 * above.front(), qPrintable(QString::number(above.back())));
            // At exactly 2/L the steep coordinate flips sign forever: neither shrinks nor grows.
            const std::vector<double> edge = gradientDescentOnQuadratic({l}, 2 / l, 101);
            QVERIFY(std::abs(edge.back() - 1) < 1e-9);
        }
        // The optimiser gives the same: SGD at 0.99·2/L converges, at 1.01·2/L diverges.
        nn::OptimizerSettings sgd{nn::OptimizerSettings::Kind::Sgd, 0.99 * 2 / 3.0};
        QVERIFY(finalLoss(sgd, 3.0, 2000) < 1e-6);
        sgd.learningRate = 1.01 * 2 / 3.0;
        QVERIFY(finalLoss(sgd, 3.0, 2000) > 1e6);
    }

    void heavyBallMomentumIsStableBelowTwoOnePlusMuOverL()
    {
        nn::OptimizerSettings m{nn::OptimizerSettings::Kind::Momentum, 0.1};
        m.beta1 = 0.5;  // μ
        const double limit = 2 * (1 + m.beta1) / 2.0;  // L = 2
        m.learningRate = 0.98 * limit;
        QVERIFY(finalLoss(m, 2.0, 4000) < 1e-6);
        m.learningRate = 1.02 * limit;
        QVERIFY(finalLoss(m, 2.0, 4000) > 1e6);
        // Beyond SGD's own limit 2/L = 1 and still stable: momentum widens the stable range.
        QVERIFY(0.98 * limit > 1);
    }

    void firstStepsOfAdamAndMomentum()
    {
        const Eigen::VectorXd g = (Eigen::VectorXd(5) << 3.0, -1e-3, 250.0, -7.5, 0.02).finished();
        nn::OptimizerSettings adam{nn::OptimizerSettings::Kind::Adam, 0.05};
        nn::Optimizer a(adam, 5);
        Eigen::VectorXd theta = Eigen::VectorXd::Zero(5);
        a.apply(theta, g);
        for (Eigen::Index i = 0; i < 5; ++i) {
            const double expected = -0.05 * (g(i) > 0 ? 1 : -1);
            // m̂ = g and v̂ = g², so the step is α·g/(|g| + ε): α·sign(g) up to the relative ε/|g|.
            QVERIFY2(std::abs(theta(i) - expected) <= 0.05 * 1e-8 / std::abs(g(i)) + 1e-15,
                     qPrintable(QString::number(theta(i), 'g', 17)));
        }
        nn::OptimizerSettings momentum{nn::OptimizerSettings::Kind::Momentum, 0.1};
        nn::OptimizerSettings sgd{nn::OptimizerSettings::Kind::Sgd, 0.1};
        nn::Optimizer m(momentum, 5), s(sgd, 5);
        Eigen::VectorXd tm = Eigen::VectorXd::Ones(5), ts = tm;
        m.apply(tm, g);
        s.apply(ts, g);
        QCOMPARE(tm, ts);
        m.apply(tm, g);  // the second step carries 0.9 of the first
        QVERIFY((tm - (ts - 0.1 * (1 + momentum.beta1) * g)).norm() < 1e-12);
        nn::OptimizerSettings bad{nn::OptimizerSettings::Kind::Momentum, 0.1};
        bad.beta1 = 1;
        QVERIFY(throwsNaming([&] { nn::Optimizer(bad, 2); }, "momentum"));
    }

    void dataSetsAreBalancedAndShaped()
    {
        for (const Dataset2d kind : {Dataset2d::Spirals, Dataset2d::Moons, Dataset2d::Circles, Dataset2d::Xor}) {
            Random rng(2);
            const Points2d d = makeDataset(kind, 200, 0, rng);
            QCOMPARE(int(std::count(d.labels.begin(), d.labels.end(), 1)), 100);
            QVERIFY(d.x.cwiseAbs().maxCoeff() < 1.7);
        }
        Random rng(3);
        const Points2d circles = makeDataset(Dataset2d::Circles, 100, 0, rng);
        for (Eigen::Index j = 0; j < circles.x.cols(); ++j)
            QVERIFY(std::abs(circles.x.col(j).norm() - (circles.labels[std::size_t(j)] == 0 ? 0.5 : 1.0)) < 1e-12);
        Random again(3);
        QCOMPARE(makeDataset(Dataset2d::Circles, 100, 0, again).x, circles.x);
    }

    void trainingIsDeterministicAndDivergenceIsCaught()
    {
        TrainingSetup setup;
        setup.dataset = Dataset2d::Moons;
        Trainer a(setup), b(setup);
        a.run(200);
        b.run(200);
        QCOMPARE(a.net().parameters(), b.net().parameters());
        QCOMPARE(a.curves().trainingLoss, b.curves().trainingLoss);

        setup.shape.activation = Activation::Relu;
        setup.shape.width = 64;
        setup.shape.depth = 4;
        setup.optimizer = {nn::OptimizerSettings::Kind::Sgd, 10};
        Trainer wild(setup);
        QVERIFY(!wild.run(2000));
        QVERIFY(wild.diverged());
        QVERIFY(wild.net().parameters().allFinite() || wild.steps() > 0);

        ParamSet p(mlpTrainingSpecs());
        p.set("optimizer", 0);
        p.set("learning_rate", 10);
        p.set("activation", 1);
        p.set("width", 64);
        p.set("depth", 4);
        p.set("steps", 2000);
        Progress progress;
        const ExperimentResult r = runMlpTraining(p, progress);
        QCOMPARE(r.findScalar("diverged")->value, 1.0);
        QVERIFY(QString::fromStdString(r.notes.front()).contains(QStringLiteral("diverged")));
    }

    void experimentsReportTheirCurves()
    {
        Progress progress;
        ParamSet mlp(mlpTrainingSpecs());
        mlp.set("steps", 300);
        const ExperimentResult r = runMlpTraining(mlp, progress);
        QCOMPARE(r.findSeries("training_loss")->x.back(), 300.0);
        QVERIFY(r.findSeries("training_loss")->y.back() < r.findSeries("training_loss")->y.front());
        QCOMPARE(r.findSeries("class0_points")->x.size() + r.findSeries("class1_points")->x.size(), std::size_t(400));

        ParamSet paths(optimizerPathsSpecs());
        const ExperimentResult o = runOptimizerPaths(paths, progress);
        QCOMPARE(o.findScalar("stability_limit")->value, 2.0);
        // η = 0.3 < 2/L: all three approach the minimum.
        for (const char* key : {"final_loss_sgd", "final_loss_momentum", "final_loss_adam"})
            QVERIFY2(o.findScalar(key)->value < 0.1 * o.findSeries("loss_sgd")->y.front(), key);
        // The rate sweep: SGD's loss jumps once η passes 2/L.
        const ResultSeries* sweep = o.findSeries("sgd_loss_vs_rate");
        const double start = o.findSeries("loss_sgd")->y.front();
        for (std::size_t i = 0; i < sweep->x.size(); ++i) {
            if (sweep->x[i] < 1.95)
                QVERIFY2(sweep->y[i] < start, qPrintable(QString::number(sweep->x[i])));
            if (sweep->x[i] > 2.05)
                QVERIFY2(sweep->y[i] > 10 * start, qPrintable(QString::number(sweep->x[i])));
        }
        paths.set("learning_rate", 2.5);
        const ExperimentResult wild = runOptimizerPaths(paths, progress);
        QVERIFY(QString::fromStdString(wild.notes.front()).contains(QStringLiteral("diverges")));
    }

    void publishedTrainingEqualsTheBatchRun()
    {
        // The panel's path (snapshots, a pause between them) computes exactly what the batch experiment computes:
        // the same curves bit for bit, and its last snapshot is the final network.
        ParamSet p(mlpTrainingSpecs());
        p.set("steps", 200);
        Progress quiet, live;
        const MlpTrainingRun batch = trainMlp(p, quiet, false, 16);
        const MlpTrainingRun shown = trainMlp(p, live, true, 16, 1);
        QVERIFY(live.liveVersion() >= 100);  // step 0 and every evaluation (every 2 steps here)
        QCOMPARE(shown.final->curves.trainingLoss, batch.final->curves.trainingLoss);
        QCOMPARE(shown.final->curves.signalAngleDeg, batch.final->curves.signalAngleDeg);
        QCOMPARE(shown.final->probability, batch.final->probability);
        QCOMPARE(shown.result.findSeries("test_loss")->y, runMlpTraining(p, quiet).findSeries("test_loss")->y);
        const auto last = std::dynamic_pointer_cast<const MlpTrainingSnapshot>(live.live());
        QVERIFY(last);
        QCOMPARE(last->step, 200L);
        QCOMPARE(last->probability, shown.final->probability);
        QCOMPARE(int(last->probability.size()), 16 * 16);
        QCOMPARE(int(last->training->x.cols()), 400);
        // The map is P(class 1): inside [0, 1], and after training it classifies most training points right.
        for (double v : last->probability)
            QVERIFY(v >= 0 && v <= 1);
        QVERIFY(throwsNaming([&] { trainMlp(p, quiet, true, 1); }, "map cells"));
        QVERIFY(throwsNaming([&] { trainMlp(p, quiet, true, 16, -1); }, "pause"));
    }

    void badInputIsNamed()
    {
        Random rng(1);
        QVERIFY(throwsNaming([&] { makeDataset(Dataset2d::Spirals, 2, 0.1, rng); }, "points"));
        QVERIFY(throwsNaming([&] { makeDataset(Dataset2d::Spirals, 100, std::nan(""), rng); }, "noise"));
        NetworkShape shape;
        shape.depth = 0;
        QVERIFY(throwsNaming([&] { FeedforwardNet(shape, rng); }, "depth"));
        TrainingSetup setup;
        setup.batch = 1000;
        QVERIFY(throwsNaming([&] { Trainer t(setup); }, "batch"));
        QVERIFY(throwsNaming([] { gradientDescentOnQuadratic({1, -2}, 0.1, 10); }, "curvature"));
    }
};

QTEST_APPLESS_MAIN(TestDeepLearning)
#include "tst_deeplearning.moc"
