#pragma once

#include <string>
#include <string_view>

namespace neuroai {

// Checks that `path` may be replaced by a regular file, without writing anything. Returns an empty string if so,
// otherwise a one-line message naming the path and what it is. When `target` is given it receives the file that a
// write would replace.
//
// Policy for special paths (the same for engine and GUI exports):
//  * character and block devices, FIFOs, sockets and directories are refused: replacing /dev/null or a pipe by a
//    regular file would break whatever relies on it;
//  * a symbolic link (or a chain of them) is written *through*: the regular file it finally points to is replaced
//    atomically in that file's own folder and the link itself stays a link. A link to a special file is refused
//    like the special file; a dangling link, a link loop or a chain longer than 40 links is refused;
//  * a path that does not exist yet is fine (its folder must exist and be writable, checked when writing).
std::string checkOutputPath(const std::string& path, std::string* target = nullptr);

// Writes `contents` to `path` atomically: into a temporary file in the same folder, flushed to disk (fsync), then
// renamed over the target, so an existing file is either fully replaced or left byte-identical. Special paths
// follow checkOutputPath()'s policy. "-" writes to standard output instead (not atomic: there is nothing to
// replace). Returns an empty string on success, otherwise a one-line message naming the path and the reason in the
// system's words (e.g. "No space left on device", "File too large").
std::string writeFileAtomically(const std::string& path, std::string_view contents);

}  // namespace neuroai
