#include "chapters/framework/Chapter.h"

#include "chapters/framework/ExperimentPanel.h"

#include <spdlog/spdlog.h>

#include <QAbstractTextDocumentLayout>
#include <algorithm>

#include <QEvent>
#include <QFontMetrics>
#include <QFile>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocument>
#include <QLabel>
#include <QRegularExpression>
#include <QToolButton>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace neuroai::chapters {

namespace {

// A display formula is a paragraph of one line with an '=' and hardly any words ("τm · dV/dt = −(V − V_rest) + R·I").
// Its spaces become non-breaking so a narrow column never wraps it mid-expression; the formulas are returned so the
// column can be made wide enough to hold the widest.
QString keepFormulasWhole(const QString& markdown, QStringList* formulas)
{
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{4,}"));
    QStringList paragraphs = markdown.split(QStringLiteral("\n\n"));
    for (QString& paragraph : paragraphs) {
        const QString line = paragraph.trimmed();
        if (line.isEmpty() || line.contains(QLatin1Char('\n')) || !line.contains(QLatin1Char('=')) ||
            QStringLiteral("#-*|>`").contains(line.front()) || line.size() > 100)
            continue;
        int words = 0;
        for (auto it = word.globalMatch(line); it.hasNext(); it.next())
            ++words;
        if (words > 2)
            continue;
        QString whole = line;
        whole.replace(QLatin1Char(' '), QChar(0x00A0));
        *formulas << whole;
        paragraph = whole;
    }
    return paragraphs.join(QStringLiteral("\n\n"));
}

}  // namespace

const ChapterInfo* findChapter(const QString& id)
{
    for (const ChapterInfo& info : chapterRegistry())
        if (id == QLatin1String(info.id))
            return &info;
    return nullptr;
}

QStringList allPanelIds()
{
    QStringList ids;
    for (const ChapterInfo& chapter : chapterRegistry())
        for (const PanelInfo& panel : chapter.panels)
            ids << QStringLiteral("%1/%2").arg(QLatin1String(chapter.id), QLatin1String(panel.id));
    return ids;
}

Chapter::Chapter(const ChapterInfo& info, QWidget* parent)
    : QWidget(parent)
    , m_info(info)
{
    setObjectName(QStringLiteral("chapter_") + QString::fromLatin1(info.id));
    new QVBoxLayout(this);
    layout()->setContentsMargins(0, 0, 0, 0);
}

void Chapter::showEvent(QShowEvent* event)
{
    ensureBuilt();
    QWidget::showEvent(event);
}

void Chapter::ensureBuilt()
{
    if (m_built)
        return;
    m_built = true;
    try {
        auto* splitter = new QSplitter(Qt::Horizontal, this);
        splitter->setChildrenCollapsible(true);

        m_text = new QTextBrowser(splitter);
        m_text->setObjectName(QStringLiteral("chapterText"));
        m_text->setOpenLinks(false);
        m_text->setMinimumWidth(200);
        QFile text(QStringLiteral(":/chapters/%1.md").arg(id()));
        if (!text.open(QIODevice::ReadOnly))
            throw std::runtime_error("the chapter text :/chapters/" + id().toStdString() + ".md is missing");
        m_text->setMarkdown(keepFormulasWhole(QString::fromUtf8(text.readAll()), &m_formulas));
        connect(m_text, &QTextBrowser::anchorClicked, this, &Chapter::openLink);

        m_tabs = new QTabWidget(splitter);
        m_tabs->setDocumentMode(true);
        for (const PanelInfo& info : m_info.panels) {
            ExperimentPanel* panel = info.create(nullptr);
            panel->setPanelId(QStringLiteral("%1/%2").arg(id(), QLatin1String(info.id)));
            m_panels << panel;
        }
        if (m_panels.isEmpty())
            throw std::runtime_error("the chapter defines no experiment panel");
        for (ExperimentPanel* panel : m_panels)
            m_tabs->addTab(panel, panel->title());
        m_tabs->tabBar()->setVisible(m_panels.size() > 1);
        m_textToggle = new QToolButton(m_tabs);
        m_textToggle->setObjectName(QStringLiteral("chapterTextToggle"));
        m_textToggle->setText(tr("Chapter text"));
        m_textToggle->setCheckable(true);
        m_textToggle->setAutoRaise(true);
        m_textToggle->setToolTip(tr("Show or fold away the chapter's text beside the experiment"));
        m_tabs->setCornerWidget(m_textToggle, Qt::TopLeftCorner);
        connect(m_textToggle, &QToolButton::clicked, this, [this](bool show) {
            m_userChoseText = true;
            if (m_text)
                m_text->setVisible(show && m_textVisible);
            fitTextColumn();
            QTimer::singleShot(0, this, &Chapter::showSection);  // a text brought back opens at the panel's section
        });
        connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
            showSection();
            emit currentPanelChanged(currentPanel());
        });

        splitter->addWidget(m_text);
        splitter->addWidget(m_tabs);
        splitter->setStretchFactor(0, 0);
        splitter->setStretchFactor(1, 1);
        m_splitter = splitter;
        connect(splitter, &QSplitter::splitterMoved, this, [this] { m_userChoseText = true; });
        layout()->addWidget(splitter);
        fitTextColumn();
    } catch (const std::exception& error) {
        m_buildError = QString::fromStdString(error.what());
        spdlog::error("chapter '{}' could not be built: {}", m_info.id, error.what());
        qDeleteAll(findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
        m_panels.clear();
        m_tabs = nullptr;
        m_text = nullptr;
        auto* label = new QLabel(tr("<h3>This chapter could not be opened</h3><p>%1</p>"
                                    "<p>Please report this message; the other chapters are not affected.</p>")
                                     .arg(m_buildError.toHtmlEscaped()),
                                 this);
        label->setObjectName(QStringLiteral("chapterError"));
        label->setWordWrap(true);
        label->setAlignment(Qt::AlignCenter);
        layout()->addWidget(label);
    }
}

namespace {
// The level-2 heading blocks of a chapter text, in order.
QList<QTextBlock> sectionHeadings(const QTextDocument* document)
{
    QList<QTextBlock> headings;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next())
        if (block.blockFormat().headingLevel() == 2)
            headings << block;
    return headings;
}
}  // namespace

QString Chapter::sectionTitle(int index) const
{
    if (!m_text)
        return {};
    const QList<QTextBlock> headings = sectionHeadings(m_text->document());
    return index >= 0 && index < headings.size() ? headings[index].text() : QString();
}

void Chapter::showSection()
{
    if (!m_text || !m_tabs)
        return;
    const int index = m_tabs->currentIndex();
    const QList<QTextBlock> headings = sectionHeadings(m_text->document());
    if (index < 0 || index >= headings.size())
        return;
    QAbstractTextDocumentLayout* layout = m_text->document()->documentLayout();
    const double top = layout->blockBoundingRect(headings[index]).top();
    QScrollBar* bar = m_text->verticalScrollBar();
    // The first panel's section follows the chapter's introduction: when its heading is already in view from the
    // top, the introduction stays in view too.
    const bool introFits = index == 0 && top + 3 * m_text->fontMetrics().height() < m_text->viewport()->height();
    bar->setValue(introFits ? 0 : int(top));
}

ExperimentPanel* Chapter::currentPanel() const
{
    return m_tabs ? qobject_cast<ExperimentPanel*>(m_tabs->currentWidget()) : nullptr;
}

void Chapter::setCurrentPanel(int index)
{
    if (m_tabs && index >= 0 && index < m_tabs->count())
        m_tabs->setCurrentIndex(index);
}

ExperimentPanel* Chapter::panel(const QString& panelId)
{
    ensureBuilt();
    const QString full = panelId.contains(QLatin1Char('/')) ? panelId : id() + QLatin1Char('/') + panelId;
    for (ExperimentPanel* panel : m_panels)
        if (panel->panelId() == full)
            return panel;
    return nullptr;
}

bool Chapter::showPanel(ExperimentPanel* panel)
{
    const int index = m_panels.indexOf(panel);
    if (index < 0)
        return false;
    setCurrentPanel(index);
    return true;
}

void Chapter::setTextVisible(bool visible)
{
    m_textVisible = visible;
    fitTextColumn();
}

bool Chapter::isTextShown() const { return m_text && !m_text->isHidden(); }

int Chapter::textColumnWidth(int pageWidth) const
{
    const QFontMetrics metrics(m_text ? m_text->font() : font());
    const int ch = metrics.horizontalAdvance(QLatin1Char('n'));
    int formula = 0;
    for (const QString& f : m_formulas)
        formula = std::max(formula, metrics.horizontalAdvance(f));
    const int margins = 2 * ch + metrics.height();  // document margin and a scroll bar
    const int wanted = std::clamp(int(0.3 * pageWidth), 34 * ch, 62 * ch);
    return std::max(wanted, formula + margins);
}

void Chapter::fitTextColumn()
{
    if (!m_text || !m_splitter)
        return;
    const int page = width();
    const int textWidth = textColumnWidth(page);
    // The experiment needs about 1000 px at normal type (controls column and a figure of four plots).
    const double typeScale = QFontInfo(font()).pixelSize() / 12.0;
    const bool roomy = page - textWidth >= int(1000 * std::max(1.0, typeScale));
    const bool show = m_textVisible && (m_userChoseText ? m_textToggle->isChecked() : roomy);
    m_text->setVisible(show);
    m_textToggle->setVisible(m_textVisible);
    m_textToggle->setChecked(show);
    if (show && !m_userChoseText)
        m_splitter->setSizes({textWidth, std::max(page - textWidth, 1)});
    else if (show && m_splitter->sizes().value(0) < 200)
        m_splitter->setSizes({textWidth, std::max(page - textWidth, 1)});
}

void Chapter::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitTextColumn();
    // The text's layout moves with its width, which the splitter sets after this: place the section once it has.
    QTimer::singleShot(0, this, &Chapter::showSection);
}

void Chapter::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        fitTextColumn();
}

void Chapter::openLink(const QUrl& url)
{
    // "Try this" links: preset:<panel>/<preset name>, <panel> being the panel's id or tab index; the name may itself
    // hold a slash for panels with several models (preset:firing-patterns/izhikevich/ch resolves "izhikevich/ch").
    if (url.scheme() == QLatin1String("preset")) {
        const QStringList parts = url.path().split(QLatin1Char('/'));
        const QString name = parts.size() >= 2 ? parts.mid(1).join(QLatin1Char('/')) : parts.last();
        ExperimentPanel* target = m_panels.value(0);
        if (parts.size() >= 2) {
            bool isIndex = false;
            const int index = parts[0].toInt(&isIndex);
            target = isIndex ? m_panels.value(index) : panel(parts[0]);
        }
        if (!target) {
            emit statusMessage(tr("The link %1 names no panel of this chapter").arg(url.toString()));
            return;
        }
        showPanel(target);
        const QString error = target->applyPreset(name);
        if (error.isEmpty() && target->startExercise(name)) {
            emit statusMessage(tr("Preset “%1” applied: make your prediction, then run").arg(name));
            return;
        }
        emit statusMessage(error.isEmpty() ? tr("Preset “%1” applied").arg(name) : error);
        return;
    }
    emit statusMessage(tr("Links to %1 are not opened from the chapter text").arg(url.toString()));
}

}  // namespace neuroai::chapters
