#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace neuroai {

// Streams text into a file atomically, for outputs too large to assemble in memory first: the text goes into a
// temporary file in the target's folder; commit() flushes, fsyncs and renames it over the target. Without a
// successful commit() (an error, an exception, a destroyed stream) the temporary file is removed and an existing
// target is left untouched. Same guarantees as writeFileAtomically().
class AtomicStream {
public:
    AtomicStream() = default;
    ~AtomicStream();
    AtomicStream(const AtomicStream&) = delete;
    AtomicStream& operator=(const AtomicStream&) = delete;

    // Creates the temporary file. Returns an empty string, or a one-line message naming the path and the reason.
    std::string open(const std::string& path);
    // Buffered; a failure is remembered and reported by commit().
    void write(std::string_view text);
    // Returns an empty string on success, else the message (and the temporary file is gone).
    std::string commit();

private:
    void discard();

    std::string m_path;
    std::string m_target;  // the regular file replaced on commit (m_path, or where its symbolic link points)
    std::string m_temporary;
    std::FILE* m_file = nullptr;
    std::string m_error;
};

}  // namespace neuroai
