// Tests for the chapter framework: preset files (valid, and each kind of broken file with its message), the
// compiled-in presets of the LIF lab, the one chapter table, and a chapter that fails to build showing a readable
// error instead of a blank page.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Classroom.h"
#include "chapters/framework/ExperimentPanel.h"
#include "chapters/framework/Preset.h"
#include "engine/models/LifNeuron.h"

#include <QFile>
#include <QLabel>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QAbstractTextDocumentLayout>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>

#include <stdexcept>

using neuroai::LifNeuron;
using neuroai::ParamSpec;
using neuroai::chapters::Chapter;
using neuroai::chapters::ChapterInfo;
using neuroai::chapters::ExperimentPanel;
using neuroai::chapters::Preset;

namespace {

std::vector<ParamSpec> lifSpecs() { return LifNeuron().specs(); }

int g_throwingCalls = 0;

const ChapterInfo& foundationsInfo()
{
    const ChapterInfo* info = neuroai::chapters::findChapter(QStringLiteral("foundations"));
    if (!info)
        throw std::logic_error("no foundations chapter");
    return *info;
}

// The foundations chapter with one panel whose factory throws.
ChapterInfo throwingInfo()
{
    ChapterInfo info = foundationsInfo();
    info.panels = {{"boom", [](QWidget*) -> ExperimentPanel* {
                        ++g_throwingCalls;
                        throw std::runtime_error("the model table lost its <entry> & more");
                    }}};
    return info;
}

ChapterInfo emptyInfo()
{
    ChapterInfo info = foundationsInfo();
    info.panels.clear();
    return info;
}

neuroai::chapters::PanelSchema lifSchema()
{
    neuroai::chapters::PanelSchema schema;
    schema.panel = QStringLiteral("foundations/lif-lab");
    schema.models = {QStringLiteral("lif")};
    schema.specs = [](const QString& model) { return model == QLatin1String("lif") ? lifSpecs() : std::vector<ParamSpec>{}; };
    schema.readouts = neuroai::chapters::neuronReadoutKeys();  // what the LIF lab declares ("predict" blocks name them)
    return schema;
}

// A preset file in the scenario format around `state` (a JSON object's text).
QByteArray presetFile(const QByteArray& state, const QByteArray& extra = {})
{
    return R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/lif-lab", )" + extra +
           R"("state": )" + state + "}";
}

}  // namespace

class TestChapterFramework : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void validPreset();
    void presetTitleDefaultsToName();
    void brokenPresets_data();
    void brokenPresets();
    void missingPresetFile();
    void compiledInPresets();
    void registryIsConsistent();
    void findChapter();
    void failingChapterShowsError();
    void chapterWithoutPanelsShowsError();
    void chapterWithoutTextShowsError();
    void textFollowsTheTab();

private:
    QString write(const QString& name, const QByteArray& contents);
    QTemporaryDir m_dir;
};

void TestChapterFramework::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestChapterFramework::write(const QString& name, const QByteArray& contents)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(contents);
    return path;
}

void TestChapterFramework::validPreset()
{
    const QString path = write(QStringLiteral("strong-drive.json"),
                               presetFile(R"({"model": "lif", "parameters": {"i_ext": 4.0, "t_ref": 5, "tau_m": 12.5}})",
                                          R"("title": "Strong drive", "description": "I = 4 nA.", )"));
    QVERIFY(!path.isEmpty());
    Preset preset;
    QString error;
    QVERIFY2(neuroai::chapters::loadPreset(path, lifSchema(), preset, error), qPrintable(error));
    QVERIFY(error.isEmpty());
    QCOMPARE(preset.name, QStringLiteral("strong-drive"));
    QCOMPARE(preset.title, QStringLiteral("Strong drive"));
    QCOMPARE(preset.description, QStringLiteral("I = 4 nA."));
    QCOMPARE(preset.model, QStringLiteral("lif"));
    // Complete: every key of the model, listed ones set, the others at their defaults.
    QCOMPARE(preset.parameters.values().size(), lifSpecs().size());
    for (const ParamSpec& spec : lifSpecs())
        QVERIFY2(preset.parameters.contains(spec.key), spec.key.c_str());
    QCOMPARE(preset.parameters["i_ext"], 4.0);
    QCOMPARE(preset.parameters["t_ref"], 5.0);
    QCOMPARE(preset.parameters["tau_m"], 12.5);
    QCOMPARE(preset.parameters["v_th"], -54.0);
    QCOMPARE(preset.parameters["v_reset"], -80.0);
    QCOMPARE(preset.parameters["r_m"], 10.0);
    QCOMPARE(preset.parameters["dt"], 0.1);
}

void TestChapterFramework::presetTitleDefaultsToName()
{
    const QString path = write(QStringLiteral("bare.json"), presetFile(R"({"parameters": {}})"));
    Preset preset;
    QString error;
    QVERIFY2(neuroai::chapters::loadPreset(path, lifSchema(), preset, error), qPrintable(error));
    QCOMPARE(preset.name, QStringLiteral("bare"));
    QCOMPARE(preset.title, QStringLiteral("bare"));
    QVERIFY(preset.description.isEmpty());
    for (const ParamSpec& spec : lifSpecs())
        QCOMPARE(preset.parameters[spec.key], spec.defaultValue);
}

void TestChapterFramework::brokenPresets_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QStringList>("mentions");

    const auto row = [](const char* name, const QString& file, const QByteArray& contents, const QStringList& mentions) {
        QTest::newRow(name) << file << contents << mentions;
    };
    const QString number = QStringLiteral("number");
    row("malformed JSON", QStringLiteral("broken.json"), presetFile(R"({"parameters": {"i_ext": 2.0,}})"),
        {QStringLiteral("broken.json"), QStringLiteral("JSON")});
    row("truncated JSON", QStringLiteral("truncated.json"), presetFile(R"({"model": "lif", )").left(60),
        {QStringLiteral("truncated.json"), QStringLiteral("JSON")});
    row("not an object", QStringLiteral("array.json"), R"([1, 2, 3])",
        {QStringLiteral("array.json"), QStringLiteral("object")});
    row("not a scenario", QStringLiteral("old.json"), R"({"model": "lif", "parameters": {}})",
        {QStringLiteral("old.json"), QStringLiteral("format")});
    row("wrong model", QStringLiteral("other.json"), presetFile(R"({"model": "hodgkin-huxley", "parameters": {}})"),
        {QStringLiteral("other.json"), QStringLiteral("hodgkin-huxley"), QStringLiteral("lif")});
    row("no state", QStringLiteral("nostate.json"),
        R"({"format": "neuroai-explorer-scenario", "schema": 1, "panel": "foundations/lif-lab"})",
        {QStringLiteral("nostate.json"), QStringLiteral("state")});
    row("parameters not an object", QStringLiteral("list.json"), presetFile(R"({"parameters": [1]})"),
        {QStringLiteral("list.json"), QStringLiteral("parameters")});
    row("unknown key", QStringLiteral("unknown.json"), presetFile(R"({"parameters": {"i_ext": 2, "i_extt": 2.0}})"),
        {QStringLiteral("unknown.json"), QStringLiteral("i_extt")});
    row("out of range", QStringLiteral("range.json"), presetFile(R"({"parameters": {"i_ext": 99}})"),
        {QStringLiteral("range.json"), QStringLiteral("i_ext"), QStringLiteral("99"), QStringLiteral("[-2, 10]")});
    row("below a log minimum", QStringLiteral("tau.json"), presetFile(R"({"parameters": {"tau_m": 0.5}})"),
        {QStringLiteral("tau.json"), QStringLiteral("tau_m"), QStringLiteral("[1, 200]")});
    row("string value", QStringLiteral("string.json"), presetFile(R"({"parameters": {"i_ext": "2.0"}})"),
        {QStringLiteral("string.json"), QStringLiteral("i_ext"), number});
    row("null value", QStringLiteral("null.json"), presetFile(R"({"parameters": {"t_ref": null}})"),
        {QStringLiteral("null.json"), QStringLiteral("t_ref"), number});
    row("bool value", QStringLiteral("bool.json"), presetFile(R"({"parameters": {"t_ref": true}})"),
        {QStringLiteral("bool.json"), QStringLiteral("t_ref"), number});
}

void TestChapterFramework::brokenPresets()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, contents);
    QFETCH(QStringList, mentions);
    const QString path = write(file, contents);
    QVERIFY(!path.isEmpty());
    Preset preset;
    preset.name = QStringLiteral("untouched");
    QString error;
    QVERIFY(!neuroai::chapters::loadPreset(path, lifSchema(), preset, error));
    QVERIFY(!error.isEmpty());
    QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));  // one line
    for (const QString& mention : mentions)
        QVERIFY2(error.contains(mention), qPrintable(QStringLiteral("'%1' does not mention '%2'").arg(error, mention)));
    QCOMPARE(preset.name, QStringLiteral("untouched"));  // nothing half-assigned
}

void TestChapterFramework::missingPresetFile()
{
    Preset preset;
    QString error;
    QVERIFY(!neuroai::chapters::loadPreset(m_dir.filePath(QStringLiteral("absent.json")), lifSchema(), preset,
                                           error));
    QVERIFY2(error.contains(QStringLiteral("absent.json")), qPrintable(error));
}

void TestChapterFramework::compiledInPresets()
{
    QStringList errors;
    const QList<Preset> presets =
        neuroai::chapters::loadPresets(QStringLiteral("foundations/lif"), lifSchema(), &errors, QStringLiteral("lif"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QStringList names;
    for (const Preset& p : presets) {
        names << p.name;
        QVERIFY(!p.title.isEmpty());
        QVERIFY(!p.description.isEmpty());
        QCOMPARE(p.model, QStringLiteral("lif"));
        QCOMPARE(p.parameters.values().size(), lifSpecs().size());
    }
    // Sorted by their "order" field, "defaults" first.
    QCOMPARE(names, (QStringList{QStringLiteral("defaults"), QStringLiteral("near-rheobase"),
                                 QStringLiteral("refractory"), QStringLiteral("noisy-subthreshold"),
                                 QStringLiteral("fast-membrane")}));
    for (const ParamSpec& spec : lifSpecs())
        QCOMPARE(presets[0].parameters[spec.key], spec.defaultValue);
    QCOMPARE(presets[1].parameters["i_ext"], 1.65);
    QCOMPARE(presets[2].parameters["i_ext"], 4.0);
    QCOMPARE(presets[2].parameters["t_ref"], 5.0);

    // A folder that does not exist gives nothing, and no crash.
    QVERIFY(neuroai::chapters::loadPresets(QStringLiteral("nope/none"), lifSchema(), &errors)
                .isEmpty());
    // Presets for another model are reported, not loaded.
    errors.clear();
    QVERIFY(neuroai::chapters::loadPresets(QStringLiteral("foundations/lif"), lifSchema(), &errors,
                                           QStringLiteral("izhikevich"))
                .isEmpty());
    QCOMPARE(errors.size(), 5);
}

void TestChapterFramework::registryIsConsistent()
{
    const auto registry = neuroai::chapters::chapterRegistry();
    QVERIFY(!registry.empty());
    QSet<QString> ids;
    QSet<int> numbers;
    for (const ChapterInfo& info : registry) {
        const QString id = QString::fromLatin1(info.id);
        QVERIFY2(!id.isEmpty(), "empty chapter id");
        QVERIFY2(!ids.contains(id), qPrintable(QStringLiteral("duplicate chapter id '%1'").arg(id)));
        ids.insert(id);
        QVERIFY2(!numbers.contains(info.number), qPrintable(QStringLiteral("duplicate chapter number %1").arg(info.number)));
        numbers.insert(info.number);
        QVERIFY(info.title && *info.title);
        QVERIFY(info.part && *info.part);
        QVERIFY2(!info.panels.empty(), qPrintable(id));
        for (const auto& panel : info.panels) {
            QVERIFY(panel.id && *panel.id);
            QVERIFY(bool(panel.create));
        }
        const QString text = QStringLiteral(":/chapters/%1.md").arg(id);
        QFile file(text);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(text + QStringLiteral(" is missing")));
        QVERIFY2(file.size() > 100, qPrintable(text + QStringLiteral(" is almost empty")));
    }
    QVERIFY(ids.contains(QStringLiteral("foundations")));
    // Panel ids are unique and of the form chapter/panel in lower-case words (scenario files name them).
    const QStringList panels = neuroai::chapters::allPanelIds();
    QCOMPARE(QSet<QString>(panels.begin(), panels.end()).size(), panels.size());
    for (const QString& id : panels)
        QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9-]+/[a-z0-9-]+$")).match(id).hasMatch(), qPrintable(id));
    QVERIFY(panels.contains(QStringLiteral("foundations/lif-lab")));
}

void TestChapterFramework::findChapter()
{
    const ChapterInfo* info = neuroai::chapters::findChapter(QStringLiteral("foundations"));
    QVERIFY(info);
    QCOMPARE(QString::fromLatin1(info->id), QStringLiteral("foundations"));
    QCOMPARE(info->number, 2);
    QVERIFY(!neuroai::chapters::findChapter(QStringLiteral("nope")));
    QVERIFY(!neuroai::chapters::findChapter(QString()));
    QVERIFY(!neuroai::chapters::findChapter(QStringLiteral("Foundations")));
}

void TestChapterFramework::failingChapterShowsError()
{
    QWidget window;
    g_throwingCalls = 0;
    auto* chapter = new Chapter(throwingInfo(), &window);
    QVERIFY(!chapter->isBuilt());
    chapter->ensureBuilt();
    QVERIFY(chapter->isBuilt());
    QCOMPARE(chapter->buildError(), QStringLiteral("the model table lost its <entry> & more"));
    QVERIFY(chapter->panels().isEmpty());
    QVERIFY(!chapter->currentPanel());
    QVERIFY(!chapter->textBrowser());
    auto* label = chapter->findChild<QLabel*>(QStringLiteral("chapterError"));
    QVERIFY(label);
    // Rich text with the message escaped: the user sees it literally.
    QVERIFY2(label->text().contains(QStringLiteral("the model table lost its &lt;entry&gt; &amp; more")),
             qPrintable(label->text()));
    // The half-built page is gone: the error label is the only thing on it.
    QVERIFY(!chapter->findChild<QTextBrowser*>());
    QCOMPARE(chapter->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly).size(), 1);

    // Building again does nothing (no second attempt, no second label), and showing the page does not crash.
    chapter->ensureBuilt();
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(g_throwingCalls, 1);
    QCOMPARE(chapter->findChildren<QLabel*>(QStringLiteral("chapterError")).size(), 1);
    QVERIFY(label->isVisible());
    chapter->setCurrentPanel(0);  // harmless without tabs
}

void TestChapterFramework::chapterWithoutPanelsShowsError()
{
    QWidget window;
    auto* chapter = new Chapter(emptyInfo(), &window);
    chapter->ensureBuilt();
    QVERIFY(!chapter->buildError().isEmpty());
    QVERIFY(chapter->findChild<QLabel*>(QStringLiteral("chapterError")));
}

void TestChapterFramework::chapterWithoutTextShowsError()
{
    const ChapterInfo info{"no-such-chapter", 99, "Missing", "Part X", {}};
    QWidget window;
    auto* chapter = new Chapter(info, &window);
    chapter->ensureBuilt();
    QVERIFY2(chapter->buildError().contains(QStringLiteral(":/chapters/no-such-chapter.md")),
             qPrintable(chapter->buildError()));
    QVERIFY(chapter->findChild<QLabel*>(QStringLiteral("chapterError")));
}

void TestChapterFramework::textFollowsTheTab()
{
    for (const char* id : {"intro", "foundations"}) {
        const ChapterInfo* info = neuroai::chapters::findChapter(QLatin1String(id));
        QVERIFY(info);
        Chapter chapter(*info);
        chapter.resize(1100, 420);  // a short text column: the sections cannot all be in view at once
        chapter.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chapter));
        QTextBrowser* text = chapter.textBrowser();
        QVERIFY(text);
        if (!chapter.isTextShown())  // folded away beside a narrow experiment: the reader asks for it
            chapter.textToggle()->click();
        QVERIFY(chapter.isTextShown());
        const int panels = int(chapter.panels().size());
        QVERIFY(panels >= 2);
        for (int order : {panels - 1, 0, 1}) {
            chapter.setCurrentPanel(order);
            const QString title = chapter.sectionTitle(order);
            QVERIFY2(!title.isEmpty(), qPrintable(QStringLiteral("%1: no section for panel %2").arg(id).arg(order)));
            // Its heading is the panel's section: it names what the panel shows.
            QTextBlock heading;
            for (QTextBlock b = text->document()->begin(); b.isValid(); b = b.next())
                if (b.text() == title && b.blockFormat().headingLevel() == 2)
                    heading = b;
            QVERIFY(heading.isValid());
            // The heading is in view, at the top unless the text cannot scroll that far (or, for the first panel,
            // the chapter's introduction above it fits too).
            QTRY_VERIFY2([&] {
                const double top = text->document()->documentLayout()->blockBoundingRect(heading).top() -
                                   text->verticalScrollBar()->value();
                const bool inView = top >= -1 && top < text->viewport()->height() - 20;
                const bool atTop = top < 2 || text->verticalScrollBar()->value() == text->verticalScrollBar()->maximum() ||
                                   (order == 0 && text->verticalScrollBar()->value() == 0);
                return inView && atTop;
            }(), qPrintable(QStringLiteral("%1: section '%2' not shown for panel %3").arg(id, title).arg(order)));
        }
        // Away from the first section when the last panel is chosen.
        chapter.setCurrentPanel(panels - 1);
        QTRY_VERIFY(text->verticalScrollBar()->value() > 0);
    }
}

QTEST_MAIN(TestChapterFramework)
#include "tst_chapterframework.moc"
