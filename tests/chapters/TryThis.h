#pragma once

// What the panel suites check of a chapter text: one panel's section, its place in the chapter table, and the
// presets its "Try this" links name.

#include "chapters/framework/Chapter.h"
#include "chapters/framework/Preset.h"

#include <QFile>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <algorithm>

namespace neuroai::testing {

// The section of :/chapters/<chapter>.md from the line starting with `heading` to the next "## " heading (or the
// end); empty if the heading is missing.
inline QString chapterSection(const QString& chapter, const QString& heading)
{
    QFile file(QStringLiteral(":/chapters/%1.md").arg(chapter));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    const qsizetype begin = text.indexOf(heading);
    if (begin < 0)
        return {};
    const qsizetype end = text.indexOf(QStringLiteral("\n## "), begin + heading.size());
    return text.mid(begin, end < 0 ? -1 : end - begin);
}

// The index of panel `id` in the chapter's entry of the chapter table (the number in its links), or −1.
inline int panelIndex(const QString& chapter, const QString& id)
{
    const chapters::ChapterInfo* info = chapters::findChapter(chapter);
    if (!info)
        return -1;
    for (std::size_t i = 0; i < info->panels.size(); ++i)
        if (QLatin1String(info->panels[i].id) == id)
            return int(i);
    return -1;
}

// The preset names of the links "(preset:<index>/<name>)" in `text`, in order.
inline QStringList presetLinks(const QString& text, int index)
{
    QStringList names;
    const QRegularExpression link(QStringLiteral("\\(preset:%1/([a-z0-9-]+)\\)").arg(index));
    for (auto it = link.globalMatch(text); it.hasNext();)
        names << it.next().captured(1);
    return names;
}

// What is wrong with a panel's Try-this links, one line each (empty = nothing): the chapter section under `heading`
// must have a "### Try this", and its links "(preset:<index>/<name>)" must name exactly the panel's presets.
inline QStringList tryThisProblems(const QList<chapters::Preset>& presets, const QString& chapter,
                                   const QString& heading, int index)
{
    QStringList problems;
    const QString own = chapterSection(chapter, heading);
    if (!own.contains(QStringLiteral("### Try this")))
        problems << QStringLiteral("%1 / %2: no \"### Try this\"").arg(chapter, heading);
    const QStringList links = presetLinks(own, index);
    for (const QString& name : links)
        if (std::none_of(presets.begin(), presets.end(), [&](const chapters::Preset& p) { return p.name == name; }))
            problems << QStringLiteral("a link names the unknown preset '%1'").arg(name);
    for (const chapters::Preset& p : presets)
        if (!links.contains(p.name))
            problems << QStringLiteral("no link names the preset '%1'").arg(p.name);
    return problems;
}

}  // namespace neuroai::testing
