#pragma once

#include <cstdio>
#include <string>

namespace neuroai::network {

// A number for an error message, with every digit a double holds (17 significant), so the message names the exact
// value that was refused.
inline std::string exactNumber(double x)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", x);
    return text;
}

}  // namespace neuroai::network
