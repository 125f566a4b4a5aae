// JobController (GUI side of a background Job) and JobProgressBar: results, failures and cancellation arrive as
// signals; the latest job wins; the bar appears only for jobs longer than its delay and its Cancel button works.

#include "chapters/framework/JobController.h"
#include "widgets/JobProgressBar.h"

#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QVBoxLayout>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace neuroai;
using neuroai::chapters::JobController;
using neuroai::widgets::JobProgressBar;

namespace {

ExperimentResult answer(double value)
{
    ExperimentResult r;
    r.scalars.push_back({"answer", "answer", "", value});
    return r;
}

// Runs until cancelled, reporting slowly growing progress.
Job::Work untilCancelled(std::atomic<int>* returned = nullptr)
{
    return [returned](Progress& p) {
        for (int i = 0; !p.cancelled(); ++i) {
            p.setFraction(1.0 - 1.0 / (1.0 + i * 1e-3));
            p.setStage("waiting");
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (returned)
            ++*returned;
        return answer(-1);
    };
}

// Runs until it has been cancelled AND the test releases it (or 60 s pass, so that a failing check cannot hang the
// suite). While it runs on after a cancel, a caller that waited for it would still be waiting: that is how the tests
// below show that start(), cancel() and the destructor's cancel do not block, without timing anything.
Job::Work untilReleased(std::atomic<bool>* release, std::atomic<int>* returned)
{
    return [release, returned](Progress& p) {
        const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (!(p.cancelled() && release->load()) && std::chrono::steady_clock::now() < limit)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++*returned;
        return answer(-1);
    };
}

}  // namespace

class TestJobController : public QObject {
    Q_OBJECT
private slots:
    void finishedDeliversTheResultAndFullProgress()
    {
        JobController controller;
        QSignalSpy finished(&controller, &JobController::finished);
        QSignalSpy progress(&controller, &JobController::progress);
        QSignalSpy failed(&controller, &JobController::failed);
        controller.start([](Progress& p) {
            p.setStage("computing");
            p.setFraction(0.5);
            return answer(42);
        });
        QVERIFY(controller.isRunning());
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(failed.count(), 0);
        QVERIFY(!controller.isRunning());
        const auto result = finished.first().first().value<ExperimentResult>();
        QCOMPARE(result.findScalar("answer")->value, 42.0);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().first().toDouble(), 1.0);
        double previous = 0;
        for (const QList<QVariant>& args : progress) {
            QVERIFY(args.first().toDouble() >= previous);
            previous = args.first().toDouble();
        }
    }

    void anExceptionArrivesAsFailed()
    {
        JobController controller;
        QSignalSpy failed(&controller, &JobController::failed);
        QSignalSpy finished(&controller, &JobController::finished);
        controller.start([](Progress&) -> ExperimentResult { throw std::runtime_error("no such model 'x'"); });
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("no such model 'x'"));
        QCOMPARE(finished.count(), 0);
    }

    void liveDataReachesTheGuiThread()
    {
        // A job publishes a picture and then waits to be released: the controller signals it once per new picture,
        // hands out the newest one, and forgets it when the job is over.
        struct Picture : LiveData {
            int value = 0;
        };
        // Declared before the controller, so they outlive the job even when a failed check returns early (the
        // controller's destructor then cancels the job and joins it).
        std::atomic<bool> release{false};
        std::atomic<int> stage{0};
        JobController controller;
        QSignalSpy live(&controller, &JobController::liveData);
        QSignalSpy finished(&controller, &JobController::finished);
        controller.start([&](Progress& p) {
            for (int value : {1, 2}) {
                auto picture = std::make_shared<Picture>();
                picture->value = value;
                p.publish(std::move(picture));
                stage = value;
                // The test moves on to value + 10 once it has seen this picture (a failed check cancels the job).
                while (stage.load() == value && !p.cancelled())
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            while (!release.load() && !p.cancelled())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return answer(5);
        });
        QTRY_COMPARE(live.count(), 1);
        auto first = std::dynamic_pointer_cast<const Picture>(controller.live());
        QVERIFY(first && first->value == 1);
        stage = 11;
        QTRY_COMPARE(live.count(), 2);
        QCOMPARE(std::dynamic_pointer_cast<const Picture>(controller.live())->value, 2);
        QCOMPARE(first->value, 1);  // a picture already taken stays valid and unchanged
        stage = 12;
        release = true;
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(live.count(), 2);  // no new picture, no new signal
        QVERIFY(controller.live() == nullptr);
    }

    void theLatestJobWins()
    {
        JobController controller;
        QSignalSpy finished(&controller, &JobController::finished);
        QSignalSpy cancelled(&controller, &JobController::cancelled);
        std::atomic<int> firstReturned{0};
        std::atomic<bool> release{false};
        controller.start(untilReleased(&release, &firstReturned));
        controller.start([](Progress&) { return answer(2); });
        QVERIFY2(firstReturned.load() == 0, "starting a new job waited for the old one to return");
        release = true;
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<ExperimentResult>().findScalar("answer")->value, 2.0);
        QTRY_COMPARE(firstReturned.load(), 1);  // the first job was cancelled and stopped
        QTRY_COMPARE(controller.retiringCount(), 0);  // and its thread was joined
        QCOMPARE(finished.count(), 1);           // its result was never reported
        QCOMPARE(cancelled.count(), 0);
    }

    void cancelEmitsCancelledAndNoResult()
    {
        JobController controller;
        QSignalSpy finished(&controller, &JobController::finished);
        QSignalSpy cancelled(&controller, &JobController::cancelled);
        std::atomic<int> returned{0};
        std::atomic<bool> release{false};
        controller.start(untilReleased(&release, &returned));
        controller.cancel();
        QVERIFY2(returned.load() == 0, "cancel() waited for the job to return");
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!controller.isRunning());
        release = true;
        QTRY_COMPARE(returned.load(), 1);
        QTRY_COMPARE(controller.retiringCount(), 0);
        QCOMPARE(finished.count(), 0);
        controller.cancel();  // nothing running: no second signal
        QCOMPARE(cancelled.count(), 1);
    }

    void aStormOfStartsKeepsFewJobsAlive()
    {
        // A slider dragged at 60 Hz: 50 starts while the cancelled jobs have not noticed yet. Only the first
        // kMaxRetiring + 1 get a thread; the rest wait as one pending work, each start replacing the one before, and
        // the last one runs once the retired jobs stop. Without the bound all 50 would be running here.
        std::atomic<bool> release{false};
        std::atomic<int> returned{0};
        std::atomic<int> launched{0};
        JobController controller;
        QSignalSpy finished(&controller, &JobController::finished);
        QSignalSpy started(&controller, &JobController::started);
        const int starts = 50;
        for (int i = 0; i < starts; ++i) {
            controller.start([&, i](Progress& p) {
                ++launched;
                if (i == starts - 1)
                    return answer(i);
                return untilReleased(&release, &returned)(p);
            });
            QTest::qWait(2);
            QVERIFY2(controller.retiringCount() <= JobController::kMaxRetiring + 1,
                     qPrintable(QString::number(controller.retiringCount())));
            QVERIFY(controller.isRunning());
        }
        QCOMPARE(started.count(), starts);
        QCOMPARE(launched.load(), JobController::kMaxRetiring + 1);
        QVERIFY(controller.isPending());
        QTest::qWait(100);  // still held: nothing else launches, and no result arrives
        QCOMPARE(launched.load(), JobController::kMaxRetiring + 1);
        QCOMPARE(finished.count(), 0);
        release = true;
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().value<ExperimentResult>().findScalar("answer")->value, double(starts - 1));
        QCOMPARE(launched.load(), JobController::kMaxRetiring + 2);  // the waiting works in between never ran
        QCOMPARE(returned.load(), JobController::kMaxRetiring + 1);
        QVERIFY(!controller.isRunning());
        QTRY_COMPARE(controller.retiringCount(), 0);
    }

    void cancellingDropsThePendingWork()
    {
        std::atomic<bool> release{false};
        std::atomic<int> returned{0};
        std::atomic<bool> pendingRan{false};
        JobController controller;
        QSignalSpy cancelled(&controller, &JobController::cancelled);
        QSignalSpy finished(&controller, &JobController::finished);
        for (int i = 0; i <= JobController::kMaxRetiring + 1; ++i)
            controller.start(untilReleased(&release, &returned));
        controller.start([&](Progress&) {
            pendingRan = true;
            return answer(1);
        });
        QVERIFY(controller.isPending());
        controller.cancel();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!controller.isRunning());
        QVERIFY(!controller.isPending());
        release = true;
        QTRY_COMPARE(controller.retiringCount(), 0);
        QTest::qWait(100);  // polls after the retired jobs stopped launch nothing
        QVERIFY(!pendingRan.load());
        QCOMPARE(finished.count(), 0);
    }

    void destroyingWhileRunningJoinsPromptly()
    {
        std::atomic<int> returned{0};
        auto controller = std::make_unique<JobController>();
        controller->start(untilCancelled(&returned));
        controller->start(untilCancelled(&returned));  // one running, one retiring
        // Both jobs run until cancelled: a destructor that did not cancel them would never return (CTest's time
        // limit would fail the suite); one that returned without joining would leave them running.
        controller.reset();
        QCOMPARE(returned.load(), 2);
    }

    void progressBarStaysHiddenForShortJobs()
    {
        QWidget window;
        auto* bar = new JobProgressBar(&window);
        auto* layout = new QVBoxLayout(&window);
        layout->addWidget(bar);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        JobController controller;
        controller.attach(bar);
        QSignalSpy finished(&controller, &JobController::finished);
        controller.start([](Progress&) { return answer(1); });
        QVERIFY(bar->isActive());
        QVERIFY(bar->isPending());
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(!bar->isVisible());
        QVERIFY(!bar->isActive());
        QVERIFY(!bar->isPending());  // no timer left that could show it later
    }

    void progressBarAppearsAfterTheDelayAndCancels()
    {
        QWidget window;
        auto* bar = new JobProgressBar(&window);
        auto* layout = new QVBoxLayout(&window);
        layout->addWidget(bar);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(bar->showDelayMs(), 300);
        JobController controller;
        controller.attach(bar);
        QSignalSpy cancelled(&controller, &JobController::cancelled);
        QElapsedTimer timer;
        timer.start();
        controller.start(untilCancelled());
        QVERIFY(!bar->isVisible());
        QTRY_VERIFY(bar->isVisible());
        QVERIFY2(timer.elapsed() >= 290, qPrintable(QString::number(timer.elapsed())));
        QTRY_VERIFY(bar->fraction() > 0);
        QCOMPARE(bar->stageText(), QStringLiteral("waiting"));
        QTest::mouseClick(bar->cancelButton(), Qt::LeftButton);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!bar->isVisible());
        QVERIFY(!controller.isRunning());
        QTRY_COMPARE(controller.retiringCount(), 0);
    }
};

QTEST_MAIN(TestJobController)
#include "tst_jobcontroller.moc"
