#pragma once

// For tests of bad input: does `f` throw std::invalid_argument whose message names `name` (a field, a parameter or a
// phrase of the explanation)? A different exception, or none, is a failure.

#include <functional>
#include <stdexcept>
#include <string>

namespace neuroai::test {

inline bool throwsNaming(const std::function<void()>& f, const std::string& name)
{
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return std::string(e.what()).find(name) != std::string::npos;
    }
    return false;
}

}  // namespace neuroai::test
