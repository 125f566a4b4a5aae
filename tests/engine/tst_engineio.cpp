// Engine I/O and infrastructure: JSON writing, atomic files, the model registry and the random source.

#include "engine/core/ModelRegistry.h"
#include "engine/core/Random.h"
#include "engine/io/AtomicFile.h"
#include "engine/io/AtomicStream.h"
#include "engine/io/JsonWriter.h"

#include <QtTest>

#include <cmath>
#include <set>

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
