#include "chapters/framework/Chapter.h"

#include "chapters/framework/ExperimentPanel.h"

#include <spdlog/spdlog.h>

#include <QFile>
#include <QLabel>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace neuroai::chapters {

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
        m_text->setMarkdown(QString::fromUtf8(text.readAll()));
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
        connect(m_tabs, &QTabWidget::currentChanged, this, [this] { emit currentPanelChanged(currentPanel()); });

        splitter->addWidget(m_text);
        splitter->addWidget(m_tabs);
        splitter->setStretchFactor(0, 0);
        splitter->setStretchFactor(1, 1);
        splitter->setSizes({220, 1000});
        m_text->setVisible(m_textVisible);
        layout()->addWidget(splitter);
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
    if (m_text)
        m_text->setVisible(visible);
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
