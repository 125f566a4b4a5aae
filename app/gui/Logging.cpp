#include "app/gui/Logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <QtGlobal>

namespace neuroai::app {

namespace {
void qtMessageHandler(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    // The offscreen platform says this for every top-level window; it is not a problem of ours.
    if (message.contains(QLatin1String("does not support propagateSizeHints")))
        return;
    const std::string text = message.toStdString();
    switch (type) {
    case QtDebugMsg: spdlog::debug("qt: {}", text); break;
    case QtInfoMsg: spdlog::info("qt: {}", text); break;
    case QtWarningMsg: spdlog::warn("qt: {}", text); break;
    case QtCriticalMsg: spdlog::error("qt: {}", text); break;
    case QtFatalMsg: spdlog::critical("qt: {}", text); break;
    }
}
}  // namespace

QString setupLogging(const QString& level)
{
    QString chosen = level;
    if (chosen.isEmpty())
        chosen = qEnvironmentVariable("NEUROAI_LOG_LEVEL", QStringLiteral("warn"));
    const auto parsed = spdlog::level::from_str(chosen.toStdString());
    if (parsed == spdlog::level::off && chosen != QLatin1String("off"))
        return QStringLiteral("unknown log level '%1' (use trace, debug, info, warn, error or off)").arg(chosen);
    if (!spdlog::get("neuroai")) {
        auto logger = spdlog::stderr_color_mt("neuroai");
        spdlog::set_default_logger(logger);
    }
    spdlog::set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
    spdlog::set_level(parsed);
    qInstallMessageHandler(qtMessageHandler);
    return {};
}

}  // namespace neuroai::app
