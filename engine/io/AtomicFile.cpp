#include "engine/io/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace neuroai {

namespace {

std::string failure(const std::string& path, const std::string& reason)
{
    return "cannot write '" + path + "': " + reason;
}

std::string systemReason(int error) { return std::strerror(error); }

// What a non-regular file is, in words; empty for a regular file.
std::string specialKind(mode_t mode)
{
    if (S_ISREG(mode))
        return {};
    if (S_ISDIR(mode))
        return "it is a directory";
    if (S_ISCHR(mode))
        return "it is a character device, not a regular file";
    if (S_ISBLK(mode))
        return "it is a block device, not a regular file";
    if (S_ISFIFO(mode))
        return "it is a FIFO (named pipe), not a regular file";
    if (S_ISSOCK(mode))
        return "it is a socket, not a regular file";
    return "it is not a regular file";
}

bool writeAll(int fd, std::string_view contents, int& error)
{
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            error = errno;
            return false;
        }
        written += std::size_t(n);
    }
    return true;
}

}  // namespace

std::string checkOutputPath(const std::string& path, std::string* target)
{
    namespace fs = std::filesystem;
    if (path.empty())
        return "cannot write '': the file name is empty";
    fs::path current(path);
    for (int hops = 0;; ++hops) {
        struct stat info {};
        if (::lstat(current.c_str(), &info) != 0) {
            if (errno != ENOENT && errno != ENOTDIR)
                return failure(path, systemReason(errno));
            if (hops > 0)
                return failure(path, "it is a symbolic link to '" + current.string() + "', which does not exist");
            break;  // a new file
        }
        if (!S_ISLNK(info.st_mode)) {
            if (const std::string kind = specialKind(info.st_mode); !kind.empty())
                return failure(path, hops > 0 ? "it is a symbolic link to '" + current.string() + "': " + kind : kind);
            break;
        }
        if (hops >= 40)
            return failure(path, "too many levels of symbolic links");
        std::error_code ec;
        const fs::path link = fs::read_symlink(current, ec);
        if (ec)
            return failure(path, ec.message());
        current = link.is_absolute() ? link : current.parent_path() / link;
    }
    if (target)
        *target = current.string();
    return {};
}

std::string writeFileAtomically(const std::string& path, std::string_view contents)
{
    namespace fs = std::filesystem;
    if (path == "-") {
        if (std::fwrite(contents.data(), 1, contents.size(), stdout) != contents.size() || std::fflush(stdout) != 0)
            return "cannot write to standard output: " + systemReason(errno);
        return {};
    }
    std::string resolved;
    if (std::string error = checkOutputPath(path, &resolved); !error.empty())
        return error;
    const fs::path target(resolved);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::random_device device;
    const fs::path temporary = folder / ("." + target.filename().string() + ".tmp-" + std::to_string(device()));

    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return failure(path, systemReason(errno));
    std::error_code ec;
    int error = 0;
    if (!writeAll(fd, contents, error)) {
        ::close(fd);
        fs::remove(temporary, ec);
        return failure(path, systemReason(error));
    }
    if (::fsync(fd) != 0) {
        error = errno;
        ::close(fd);
        fs::remove(temporary, ec);
        return failure(path, systemReason(error));
    }
    if (::close(fd) != 0) {
        error = errno;
        fs::remove(temporary, ec);
        return failure(path, systemReason(error));
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        error = errno;
        fs::remove(temporary, ec);
        return failure(path, systemReason(error));
    }
    // Make the rename itself durable; a failure here cannot undo it and is not worth reporting.
    if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

}  // namespace neuroai
