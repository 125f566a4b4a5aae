#pragma once

#include <string>
#include <string_view>

namespace neuroai {

// Writes `contents` to `path` atomically: into a temporary file in the same folder, flushed, then renamed over the
// target, so an existing file is either fully replaced or left untouched. Returns an empty string on success,
// otherwise a one-line message naming the path and the reason.
std::string writeFileAtomically(const std::string& path, std::string_view contents);

}  // namespace neuroai
