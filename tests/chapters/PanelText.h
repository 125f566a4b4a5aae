#pragma once

// Text checks the panel suites share: a readout as plain text, and an axis title ending in its unit.

#include <QChar>
#include <QLabel>
#include <QRegularExpression>
#include <QString>
#include <QTextDocumentFragment>

namespace neuroai::testing {

// A readout as plain text, no-break spaces as spaces.
inline QString plainText(const QLabel* label)
{
    return QTextDocumentFragment::fromHtml(label->text()).toPlainText().replace(QChar(0x00A0), QLatin1Char(' '));
}

// An axis title ends in a unit in parentheses, e.g. "Time t (ms)".
inline bool hasUnit(const QString& title)
{
    static const QRegularExpression unit(QStringLiteral("\\S \\([^()]+\\)$"));
    return unit.match(title).hasMatch();
}

}  // namespace neuroai::testing
