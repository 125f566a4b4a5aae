#pragma once
// What a test saw of a program it ran: exit code, whether it finished, and its output. Shared by the suites that run
// the binaries (tst_cli, tst_exportall, tst_record).

#include <QByteArray>
#include <QProcess>
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

// Starts `program` in `process` (already given its environment), waits up to `finishMs` for it to finish (killing it
// after that) and collects what it did. A program that did not start gives finished = false, exit code −1.
inline ProcessResult runToEnd(QProcess& process, const QString& program, const QStringList& arguments, int startMs,
                              int finishMs)
{
    process.start(program, arguments);
    ProcessResult result;
    if (!process.waitForStarted(startMs))
        return result;
    result.finished = process.waitForFinished(finishMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

// A private runtime folder (mode 0700) for the GUI processes: without XDG_RUNTIME_DIR Qt prints a warning on
// stderr, which would hide whether the app itself writes exactly one line there.
inline const QTemporaryDir& runtimeDir()
{
    static const QTemporaryDir dir;
    return dir;
}
