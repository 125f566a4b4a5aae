#pragma once

#include <QWidget>

#include <functional>
#include <vector>
#include <span>

QT_BEGIN_NAMESPACE
class QTabWidget;
class QTextBrowser;
class QSplitter;
class QToolButton;
QT_END_NAMESPACE

namespace neuroai::chapters {

class Chapter;
class ExperimentPanel;

// One experiment panel of a chapter, in the chapter table.
struct PanelInfo {
    const char* id;  // unique inside the chapter, e.g. "lif-lab"; the panel's stable id is "<chapter>/<id>"
    std::function<ExperimentPanel*(QWidget*)> create;
};

// An entry of the one chapter table (ChapterRegistry.cpp).
struct ChapterInfo {
    const char* id;       // e.g. "foundations"; also the name of the text resource and the preset folder
    int number;           // the handbook's chapter number
    const char* title;
    const char* part;     // the handbook part it is listed under in the navigator
    std::vector<PanelInfo> panels;  // in tab order
};

std::span<const ChapterInfo> chapterRegistry();
const ChapterInfo* findChapter(const QString& id);
// Every panel id ("<chapter>/<panel>"), in the order of the table.
QStringList allPanelIds();

// A chapter page: its introduction (Markdown from :/chapters/<id>.md, our own words, with "Try this" links of the
// form preset:<panel>/<preset-name>, where <panel> is the panel's id inside the chapter or its tab index; everything
// after the first slash is the name the panel resolves, e.g. preset:firing-patterns/izhikevich/ch) beside a tab per
// experiment panel.
//
// The page is built lazily, the first time ensureBuilt() is called (when it is first shown). If building throws,
// the page shows the error instead of going blank.
class Chapter : public QWidget {
    Q_OBJECT
public:
    explicit Chapter(const ChapterInfo& info, QWidget* parent = nullptr);

    const ChapterInfo& info() const { return m_info; }
    QString id() const { return QString::fromLatin1(m_info.id); }
    void ensureBuilt();
    bool isBuilt() const { return m_built; }
    QString buildError() const { return m_buildError; }

    QList<ExperimentPanel*> panels() const { return m_panels; }
    ExperimentPanel* currentPanel() const;
    void setCurrentPanel(int index);
    // The panel with id `id` ("lif-lab" or "foundations/lif-lab"); builds the page first. nullptr if none.
    ExperimentPanel* panel(const QString& id);
    bool showPanel(ExperimentPanel* panel);
    QTextBrowser* textBrowser() const { return m_text; }
    // Allows or forbids the chapter text (presentation mode shows the experiment alone). While allowed, the text
    // column is shown when the page leaves the experiment enough room (about 1000 px at normal type) and folded
    // away otherwise, until the user chooses with the "Chapter text" button beside the tabs.
    void setTextVisible(bool visible);
    // The text follows the tabs: the k-th level-2 heading ("## …") of the chapter text opens the section of the
    // k-th panel, and selecting a panel scrolls the text to it. The heading of panel `index`'s section ("" if the
    // text has fewer sections than the chapter has panels).
    QString sectionTitle(int index) const;
    bool isTextShown() const;
    QToolButton* textToggle() const { return m_textToggle; }
    // The width the text column takes on a page `pageWidth` wide: about 30% of it, at least the widest formula
    // and 34 characters, at most 62 characters (a comfortable reading measure).
    int textColumnWidth(int pageWidth) const;

signals:
    void currentPanelChanged(neuroai::chapters::ExperimentPanel* panel);
    // A message for the status bar (e.g. a preset applied from a "Try this" link).
    void statusMessage(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void openLink(const QUrl& url);
    void showSection();
    void fitTextColumn();

    ChapterInfo m_info;
    bool m_built = false;
    bool m_textVisible = true;
    bool m_userChoseText = false;  // the user showed or hid the text: no longer decided by the width
    QStringList m_formulas;        // display formulas of the text (kept on one line)
    QSplitter* m_splitter = nullptr;
    QToolButton* m_textToggle = nullptr;
    QString m_buildError;
    QList<ExperimentPanel*> m_panels;
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_text = nullptr;
};

}  // namespace neuroai::chapters
