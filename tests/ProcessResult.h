#pragma once
// What a test saw of a program it ran: exit code, whether it finished, and its output. Shared by the suites that run
// the binaries (tst_cli, tst_exportall, tst_record).

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

struct ProcessResult {
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;

    // The non-blank lines of stderr.
    QStringList errorLines() const
    {
        QStringList lines;
        for (const QString& line : QString::fromUtf8(err).split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty())
                lines << line;
        return lines;
    }
};

// A private runtime folder (mode 0700) for the GUI processes: without XDG_RUNTIME_DIR Qt prints a warning on
// stderr, which would hide whether the app itself writes exactly one line there.
inline const QTemporaryDir& runtimeDir()
{
    static const QTemporaryDir dir;
    return dir;
}
