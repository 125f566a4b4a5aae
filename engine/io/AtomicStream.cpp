#include "engine/io/AtomicStream.h"

#include "engine/io/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fcntl.h>
#include <unistd.h>

namespace neuroai {

AtomicStream::~AtomicStream() { discard(); }

std::string AtomicStream::open(const std::string& path)
{
    namespace fs = std::filesystem;
    discard();
    m_error.clear();
    m_path = path;
    // The same policy for special paths as writeFileAtomically: devices, FIFOs, sockets and directories are refused,
    // a symbolic link is written through to its regular file.
    std::string resolved;
    if (std::string error = checkOutputPath(path, &resolved); !error.empty())
        return m_error = error;
    m_target = resolved.empty() ? path : resolved;
    const fs::path target(m_target);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::random_device device;
    m_temporary = (folder / ("." + target.filename().string() + ".tmp-" + std::to_string(device()))).string();
    const int fd = ::open(m_temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        m_error = "cannot write '" + path + "': " + std::strerror(errno);
        m_temporary.clear();
        return m_error;
    }
    m_file = ::fdopen(fd, "w");
    if (!m_file) {
        m_error = "cannot write '" + path + "': " + std::strerror(errno);
        ::close(fd);
        discard();
        return m_error;
    }
    return {};
}

void AtomicStream::write(std::string_view text)
{
    if (!m_file || !m_error.empty() || text.empty())
        return;
    if (std::fwrite(text.data(), 1, text.size(), m_file) != text.size())
        m_error = "cannot write '" + m_path + "': " + std::strerror(errno);
}

std::string AtomicStream::commit()
{
    if (!m_file) {
        const std::string error = m_error.empty() ? "cannot write '" + m_path + "': not open" : m_error;
        discard();
        return error;
    }
    if (m_error.empty() && (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0))
        m_error = "cannot write '" + m_path + "': " + std::strerror(errno);
    if (std::fclose(m_file) != 0 && m_error.empty())
        m_error = "cannot write '" + m_path + "': " + std::strerror(errno);
    m_file = nullptr;
    if (m_error.empty()) {
        std::error_code ec;
        std::filesystem::rename(m_temporary, m_target, ec);
        if (ec)
            m_error = "cannot write '" + m_path + "': " + ec.message();
        else
            m_temporary.clear();
    }
    const std::string error = m_error;
    discard();
    return error;
}

void AtomicStream::discard()
{
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    if (!m_temporary.empty()) {
        std::error_code ec;
        std::filesystem::remove(m_temporary, ec);
        m_temporary.clear();
    }
}

}  // namespace neuroai
