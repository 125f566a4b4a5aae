#include "engine/io/AtomicFile.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <unistd.h>

namespace neuroai {

std::string writeFileAtomically(const std::string& path, std::string_view contents)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path target(path);
    if (fs::is_directory(target, ec))
        return "cannot write '" + path + "': it is a directory";
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::random_device device;
    const fs::path temporary = folder / ("." + target.filename().string() + ".tmp-" + std::to_string(device()));

    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return "cannot write '" + path + "': " + std::strerror(errno);
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string reason = std::strerror(errno);
            ::close(fd);
            fs::remove(temporary, ec);
            return "cannot write '" + path + "': " + reason;
        }
        written += std::size_t(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string reason = std::strerror(errno);
        fs::remove(temporary, ec);
        return "cannot write '" + path + "': " + reason;
    }
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary, ec);
        return "cannot write '" + path + "': " + ec.message();
    }
    return {};
}

}  // namespace neuroai
