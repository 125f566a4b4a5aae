#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace neuroai {

// A small streaming JSON writer for the CLI's output (the engine has no Qt, so no QJsonDocument here).
// Numbers are written in the shortest form that reads back to the same double; NaN and ±Inf become null.
// Usage: w.beginObject(); w.key("a"); w.value(1.0); w.endObject(); w.str().
class JsonWriter {
public:
    explicit JsonWriter(bool pretty = true) : m_pretty(pretty) {}

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    void key(std::string_view name);
    void value(double number);
    void value(long long number);
    void value(int number) { value(static_cast<long long>(number)); }
    // Unsigned values are written in full: 18446744073709551615 stays that, not −1.
    void value(unsigned long long number);
    void value(unsigned long number) { value(static_cast<unsigned long long>(number)); }
    void value(unsigned int number) { value(static_cast<unsigned long long>(number)); }
    void value(bool flag);
    void value(std::string_view text);
    void value(const char* text) { value(std::string_view(text)); }
    void value(const std::string& text) { value(std::string_view(text)); }
    void null();
    // key(name) followed by value(v).
    template <typename T>
    void field(std::string_view name, const T& v)
    {
        key(name);
        value(v);
    }
    void array(std::span<const double> numbers);  // compact, on one line
    void array(std::span<const int> numbers);

    const std::string& str() const { return m_out; }

    static std::string escape(std::string_view text);
    static std::string number(double value);

private:
    void beforeValue();
    void newline();

    std::string m_out;
    std::vector<bool> m_first;  // per open container: no element written yet
    bool m_afterKey = false;
    bool m_pretty;
};

}  // namespace neuroai
