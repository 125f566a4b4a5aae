#pragma once

// Two small pieces the engine's modules share: the one-line message of a rejected value, and a progress callback
// called at a bounded rate.

#include <chrono>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace neuroai {

// A number as an error message shows it (iostream's default: "0.25", "1e-07", "nan", "inf").
inline std::string numberText(double value)
{
    std::ostringstream s;
    s << value;
    return s.str();
}

// Throws std::invalid_argument "<who>: <name> = <value> <what>" unless `ok`, e.g.
// require(sigma > 0, "RaoBallard", "sigma2", sigma, "must be > 0").
inline void require(bool ok, std::string_view who, std::string_view name, double value, std::string_view what)
{
    if (!ok)
        throw std::invalid_argument(std::string(who) + ": " + std::string(name) + " = " + numberText(value) + " " +
                                    std::string(what));
}

// Forwards a fraction to a progress callback (which returns false to cancel) at most every 5 ms; the first call,
// and any call with `force`, always reaches it. An empty callback never cancels.
class ProgressThrottle {
public:
    explicit ProgressThrottle(const std::function<bool(double)>& progress) : m_progress(progress) {}
    bool operator()(double fraction, bool force = false)
    {
        if (!m_progress)
            return true;
        const auto now = std::chrono::steady_clock::now();
        if (!force && !m_first && now - m_last < std::chrono::milliseconds(5))
            return true;
        m_first = false;
        m_last = now;
        return m_progress(fraction);
    }

private:
    const std::function<bool(double)>& m_progress;
    std::chrono::steady_clock::time_point m_last;
    bool m_first = true;
};

}  // namespace neuroai
