// Engine I/O and infrastructure: JSON writing, atomic files, the model registry and the random source.

#include "engine/core/ModelRegistry.h"
#include "engine/core/Random.h"
#include "engine/io/AtomicFile.h"
#include "engine/io/AtomicStream.h"
#include "engine/io/JsonWriter.h"

#include "SafeDevice.h"

#include <QtTest>

#include <cmath>
#include <csignal>
#include <set>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace neuroai;

class TestEngineIo : public QObject {
    Q_OBJECT
private slots:
    void jsonIsValidAndRoundTrips()
    {
        JsonWriter w(false);
        w.beginObject();
        w.key("text");
        w.value("quote \" backslash \\ newline \n tab \t bell \x07 µ");
        w.key("numbers");
        const std::vector<double> numbers{0.1, -54.0, 1e-300, 0.30000000000000004, std::nan("")};
        w.array(numbers);
        w.key("empty");
        w.beginObject();
        w.endObject();
        w.key("flag");
        w.value(true);
        w.endObject();
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(w.str()));
        QVERIFY2(doc.isObject(), w.str().c_str());
        QCOMPARE(doc["text"].toString(), QString::fromUtf8("quote \" backslash \\ newline \n tab \t bell \x07 µ"));
        const QJsonArray array = doc["numbers"].toArray();
        for (int i = 0; i < 4; ++i)
            QCOMPARE(array[i].toDouble(), numbers[std::size_t(i)]);  // shortest round-trip form, exact
        QVERIFY(array[4].isNull());                                  // NaN becomes null, never invalid JSON
        QVERIFY(doc["empty"].toObject().isEmpty());
        QCOMPARE(doc["flag"].toBool(), true);
    }

    void atomicWriteReplacesOrKeeps()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.json").toStdString();
        QVERIFY(writeFileAtomically(path, "first").empty());
        QVERIFY(writeFileAtomically(path, "second").empty());
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("second"));
        file.close();
        // A folder that is a file: fails with a message naming the path, leaves no temporary behind.
        const std::string bad = path + "/inside.json";
        const std::string error = writeFileAtomically(bad, "x");
        QVERIFY(QString::fromStdString(error).contains(QString::fromStdString(bad)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        QVERIFY(!writeFileAtomically(dir.path().toStdString(), "x").empty());  // a directory
    }

    void atomicStreamReplacesOnlyOnCommit()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.csv").toStdString();
        QVERIFY(writeFileAtomically(path, "old").empty());
        {
            AtomicStream stream;
            QVERIFY(stream.open(path).empty());
            stream.write("new, ");
            stream.write("half written");
        }  // destroyed without commit: the old file stays, no temporary is left
        QFile old(QString::fromStdString(path));
        QVERIFY(old.open(QIODevice::ReadOnly));
        QCOMPARE(old.readAll(), QByteArray("old"));
        old.close();
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);

        AtomicStream stream;
        QVERIFY(stream.open(path).empty());
        for (int i = 0; i < 1000; ++i)
            stream.write("0123456789\n");
        QVERIFY(stream.commit().empty());
        QFile replaced(QString::fromStdString(path));
        QVERIFY(replaced.open(QIODevice::ReadOnly));
        QCOMPARE(replaced.size(), 11000);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);

        AtomicStream blocked;
        const QString error = QString::fromStdString(blocked.open(path + "/below-a-file.csv"));
        QVERIFY2(error.contains("below-a-file.csv"), qPrintable(error));
    }

    void jsonWritesUnsigned64BitInFull()
    {
        // Defect: `neuroai-sim run --seed 18446744073709551615` was written as -1 (cast to long long).
        JsonWriter w(false);
        w.beginArray();
        w.value(std::uint64_t(18446744073709551615ULL));
        w.value(std::size_t(3));
        w.value(-5);
        w.endArray();
        QCOMPARE(w.str(), std::string("[18446744073709551615,3,-5]"));
    }

    // Regression, issue 8: "Output paths that are not regular files: a device node, FIFO or symlink target are
    // replaced by regular files today (as root `--out /dev/null` would clobber the system's)."
    void outputPathsThatAreNotRegularFilesWereReplaced()
    {
        QTemporaryDir dir;
        const auto refused = [](const std::string& path, const char* what) {
            struct stat before {};
            const bool existed = ::lstat(path.c_str(), &before) == 0;
            const std::string error = writeFileAtomically(path, "data");
            QVERIFY2(error.find(path) != std::string::npos && error.find(what) != std::string::npos, error.c_str());
            QCOMPARE(checkOutputPath(path), error);
            struct stat after {};
            QCOMPARE(::lstat(path.c_str(), &after) == 0, existed);
            if (existed) {
                QCOMPARE(after.st_mode, before.st_mode);
                QCOMPARE(after.st_ino, before.st_ino);
            }
        };
        const std::string device = test::characterDevice(dir.path());
        refused(device, "character device");
        const std::string fifo = dir.filePath("pipe").toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0644), 0);
        refused(fifo, "FIFO");
        refused(dir.path().toStdString(), "directory");
        const std::string toFifo = dir.filePath("to-pipe.csv").toStdString();
        QCOMPARE(::symlink("pipe", toFifo.c_str()), 0);
        refused(toFifo, "FIFO");
        const std::string toDevice = dir.filePath("to-null.csv").toStdString();
        QCOMPARE(::symlink(device.c_str(), toDevice.c_str()), 0);
        refused(toDevice, "character device");
        const std::string dangling = dir.filePath("dangling.csv").toStdString();
        QCOMPARE(::symlink("missing.csv", dangling.c_str()), 0);
        refused(dangling, "does not exist");
        const std::string loop = dir.filePath("loop.csv").toStdString();
        QCOMPARE(::symlink("loop.csv", loop.c_str()), 0);
        refused(loop, "too many levels");
        QVERIFY(!writeFileAtomically("", "x").empty());

        // A symbolic link to a regular file is written through: the target is replaced, the link stays a link.
        QVERIFY(QDir(dir.path()).mkdir("real"));
        const std::string target = dir.filePath("real/out.csv").toStdString();
        QVERIFY(writeFileAtomically(target, "old").empty());
        const std::string link = dir.filePath("link.csv").toStdString();
        QCOMPARE(::symlink("real/out.csv", link.c_str()), 0);
        std::string resolved;
        QVERIFY(checkOutputPath(link, &resolved).empty());
        QCOMPARE(resolved, dir.filePath("real/out.csv").toStdString());
        QVERIFY(writeFileAtomically(link, "new").empty());
        struct stat info {};
        QCOMPARE(::lstat(link.c_str(), &info), 0);
        QVERIFY(S_ISLNK(info.st_mode));
        QFile file(QString::fromStdString(target));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("new"));
        QCOMPARE(QDir(dir.filePath("real")).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    // Regression, issue 8 (the engine half of "SVG export is not atomic"): a write that fails half way (file size
    // limit, as `ulimit -f`) reports the system's reason and leaves the old file byte-identical. Run in a child
    // process so the limit cannot touch the test's own output.
    void failedWriteUnderAFileSizeLimitKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("out.csv").toStdString();
        QVERIFY(writeFileAtomically(path, "old contents").empty());
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = 1024;
            ::setrlimit(RLIMIT_FSIZE, &limit);
            const std::string error = writeFileAtomically(path, std::string(100000, 'x'));
            const bool ok = error.find(path) != std::string::npos && error.find("File too large") != std::string::npos;
            ::_exit(ok ? 0 : 1);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        QFile file(QString::fromStdString(path));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("old contents"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    // For data exports "-" means standard output.
    void dashWritesToStandardOutput()
    {
        int pipeFds[2];
        QCOMPARE(::pipe(pipeFds), 0);
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            ::dup2(pipeFds[1], STDOUT_FILENO);
            ::close(pipeFds[0]);
            ::_exit(writeFileAtomically("-", "to stdout\n").empty() ? 0 : 1);
        }
        ::close(pipeFds[1]);
        QByteArray received;
        char buffer[256];
        for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
            received.append(buffer, n);
        ::close(pipeFds[0]);
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        QCOMPARE(received, QByteArray("to stdout\n"));
        QVERIFY(!QFileInfo::exists("-"));
    }

    void registryCreatesEveryModel()
    {
        std::set<std::string> ids;
        for (const ModelEntry& entry : modelRegistry()) {
            QVERIFY(ids.insert(std::string(entry.id)).second);  // unique ids
            auto model = createModel(entry.id);
            QVERIFY(model);
            QCOMPARE(model->id(), std::string(entry.id));
            QCOMPARE(model->title(), std::string(entry.title));
            QVERIFY(!model->specs().empty());
            QVERIFY(!model->channels().empty());
        }
        QVERIFY(ids.count("lif"));
        QVERIFY(createModel("no-such-model") == nullptr);
    }

    void randomIsReproducibleAndStandardNormal()
    {
        Random a(123), b(123), c(124);
        for (int i = 0; i < 100; ++i) {
            const double x = a.normal();
            QCOMPARE(x, b.normal());
            Q_UNUSED(c.normal());
        }
        Random d(123);
        QVERIFY(d.normal() != c.normal());
        // Moments of 10^6 deviates: mean 0 ± 0.005, variance 1 ± 0.01 (≈ 5 standard errors).
        Random r(99);
        double sum = 0, sumSq = 0;
        const int n = 1000000;
        for (int i = 0; i < n; ++i) {
            const double x = r.normal();
            sum += x;
            sumSq += x * x;
        }
        QVERIFY(std::abs(sum / n) < 0.005);
        QVERIFY(std::abs(sumSq / n - 1.0) < 0.01);
        Random u(5);
        for (int i = 0; i < 10000; ++i) {
            const double x = u.uniform();
            QVERIFY(x >= 0.0 && x < 1.0);
        }
    }
};

QTEST_APPLESS_MAIN(TestEngineIo)
#include "tst_engineio.moc"
