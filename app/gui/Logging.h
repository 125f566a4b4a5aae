#pragma once

#include <QString>

namespace neuroai::app {

// Sets up spdlog on standard error at `level` (trace, debug, info, warn, error, off), falling back to the
// NEUROAI_LOG_LEVEL environment variable and then "warn", and routes Qt's own messages through it.
// Returns an empty string on success, otherwise the message for an unknown level.
QString setupLogging(const QString& level);

}  // namespace neuroai::app
