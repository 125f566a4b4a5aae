#include "engine/io/JsonWriter.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace neuroai {

std::string JsonWriter::escape(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                out += buffer;
            } else {
                out += ch;  // UTF-8 passes through unchanged
            }
        }
    }
    out += '"';
    return out;
}

std::string JsonWriter::number(double value)
{
    if (!std::isfinite(value))
        return "null";
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

void JsonWriter::newline()
{
    if (!m_pretty)
        return;
    m_out += '\n';
    m_out.append(2 * m_first.size(), ' ');
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back())
            m_out += ',';
        m_first.back() = false;
        newline();
    }
}

void JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_first.push_back(true);
}

void JsonWriter::endObject()
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out += '}';
}

void JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_first.push_back(true);
}

void JsonWriter::endArray()
{
    const bool empty = m_first.back();
    m_first.pop_back();
    if (!empty)
        newline();
    m_out += ']';
}

void JsonWriter::key(std::string_view name)
{
    beforeValue();
    m_out += escape(name);
    m_out += m_pretty ? ": " : ":";
    m_afterKey = true;
}

void JsonWriter::value(double number)
{
    beforeValue();
    m_out += JsonWriter::number(number);
}

void JsonWriter::value(long long number)
{
    beforeValue();
    m_out += std::to_string(number);
}

void JsonWriter::value(unsigned long long number)
{
    beforeValue();
    m_out += std::to_string(number);
}

void JsonWriter::value(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
}

void JsonWriter::value(std::string_view text)
{
    beforeValue();
    m_out += escape(text);
}

void JsonWriter::null()
{
    beforeValue();
    m_out += "null";
}

void JsonWriter::array(std::span<const double> numbers)
{
    beforeValue();
    m_out += '[';
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        if (i)
            m_out += ',';
        m_out += number(numbers[i]);
    }
    m_out += ']';
}

void JsonWriter::array(std::span<const int> numbers)
{
    beforeValue();
    m_out += '[';
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        if (i)
            m_out += ',';
        m_out += std::to_string(numbers[i]);
    }
    m_out += ']';
}

}  // namespace neuroai
