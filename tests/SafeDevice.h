#pragma once

// A character device for tests of "never replace a device": as root (CI) a private copy of /dev/null made in the
// test's temporary folder, so that a regression replaces that node and not the system's /dev/null (which happened
// once: a test of `--out /dev/null` ran against code that still renamed over it). As another user the system's
// /dev/null, which such a user cannot replace anyway.

#include <QString>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <string>

namespace neuroai::test {

inline std::string characterDevice(const QString& folder)
{
    if (::geteuid() != 0)
        return "/dev/null";
    const std::string path = (folder + QStringLiteral("/null-device")).toStdString();
    struct stat existing {};
    if (::lstat(path.c_str(), &existing) == 0 && S_ISCHR(existing.st_mode))
        return path;
    if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
        return "/dev/null";  // e.g. a container without CAP_MKNOD; a regression could not replace /dev/null as a
                             // regular file there either: rename over it needs the same capability
    return path;
}

}  // namespace neuroai::test
