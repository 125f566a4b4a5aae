#include "engine/core/ParamSpec.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace neuroai {

std::string formatValue(double value, int decimals)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    // Huge values in fixed notation would print hundreds of digits that are mostly noise (and overflow the
    // buffer): the shortest form that reads back exactly, e.g. 1e+308.
    if (std::abs(value) >= 1e15) {
        char shortest[32];
        const auto result = std::to_chars(shortest, shortest + sizeof shortest, value);
        return std::string(shortest, result.ptr);
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", std::clamp(decimals, 0, 12), value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (!text.empty() && text.back() == '0')
            text.pop_back();
        if (!text.empty() && text.back() == '.')
            text.pop_back();
    }
    if (text == "-0")
        text = "0";
    // Tiny values would print as 0 at fixed precision: fall back to the shortest exact form.
    if (text == "0" && value != 0.0) {
        std::snprintf(buffer, sizeof buffer, "%.6g", value);
        text = buffer;
    }
    return text;
}

std::string ParamSpec::check(double value) const
{
    const std::string range = "[" + formatValue(min, 12) + ", " + formatValue(max, 12) + "]" +
                              (unit.empty() ? "" : " " + unit);
    if (!std::isfinite(value))
        return "parameter '" + key + "': value " + formatValue(value) + " is not a finite number (allowed " + range + ")";
    if (isChoice()) {
        if (value < 0 || value > double(choices.size() - 1) || value != std::floor(value)) {
            std::string names;
            for (const std::string& c : choices)
                names += (names.empty() ? "" : ", ") + c;
            return "parameter '" + key + "': value " + formatValue(value, 12) + " is not one of the choices (" + names +
                   ")";
        }
        return {};
    }
    if (value < min || value > max)
        return "parameter '" + key + "': value " + formatValue(value, 12) + " is outside the allowed range " + range;
    if (integer && value != std::floor(value))
        return "parameter '" + key + "': value " + formatValue(value, 12) + " is not a whole number (allowed: whole "
               "numbers in " + range + ")";
    return {};
}

std::string ParamSpec::display(double value) const
{
    if (isChoice() && value >= 0 && value < double(choices.size()) && value == std::floor(value))
        return choices[std::size_t(value)];
    return formatValue(value, integer ? 0 : decimals);
}

int ParamSpec::choiceIndex(std::string_view name) const
{
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == name)
            return int(i);
    return -1;
}

ParamSpec choiceSpec(std::string key, std::string label, std::vector<std::string> choices, int defaultIndex,
                     std::string description)
{
    ParamSpec s;
    s.key = std::move(key);
    s.label = std::move(label);
    s.min = 0;
    s.max = double(choices.size()) - 1;
    s.defaultValue = defaultIndex;
    s.description = std::move(description);
    s.decimals = 0;
    s.choices = std::move(choices);
    return s;
}

std::optional<double> parseNumber(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    if (text.empty())
        return std::nullopt;
    if (text.front() == '+')
        text.remove_prefix(1);
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

const std::vector<ParamSpec>& ParamSet::specs() const
{
    static const std::vector<ParamSpec> none;
    return m_specs ? *m_specs : none;
}

ParamSet::ParamSet(std::vector<ParamSpec> specs)
    : m_specs(std::make_shared<const std::vector<ParamSpec>>(std::move(specs)))
{
    restoreDefaults();
}

const ParamSpec* ParamSet::spec(std::string_view key) const
{
    const std::vector<ParamSpec>& all = specs();
    const auto it = std::find_if(all.begin(), all.end(), [&](const ParamSpec& s) { return s.key == key; });
    return it == all.end() ? nullptr : &*it;
}

static std::string knownKeys(const std::vector<ParamSpec>& specs)
{
    std::string keys;
    for (const ParamSpec& s : specs)
        keys += (keys.empty() ? "" : ", ") + s.key;
    return keys;
}

double ParamSet::get(std::string_view key) const
{
    const auto it = m_values.find(key);
    if (it == m_values.end())
        throw ParameterError("unknown parameter '" + std::string(key) + "' (known: " + knownKeys(specs()) + ")");
    return it->second;
}

void ParamSet::set(std::string_view key, double value)
{
    const ParamSpec* s = spec(key);
    if (!s)
        throw ParameterError("unknown parameter '" + std::string(key) + "' (known: " + knownKeys(specs()) + ")");
    if (std::string message = s->check(value); !message.empty())
        throw ParameterError(message);
    m_values.find(key)->second = value;
}

void ParamSet::setFromString(std::string_view assignment)
{
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw ParameterError("malformed assignment '" + std::string(assignment) + "': expected KEY=VALUE");
    const std::string_view key = assignment.substr(0, eq);
    const std::string_view text = assignment.substr(eq + 1);
    if (!contains(key))
        throw ParameterError("unknown parameter '" + std::string(key) + "' (known: " + knownKeys(specs()) + ")");
    const ParamSpec* s = spec(key);
    if (s->isChoice()) {
        std::string_view name = text;
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ')
            name.remove_suffix(1);
        if (const int index = s->choiceIndex(name); index >= 0) {
            set(key, index);
            return;
        }
    }
    const std::optional<double> value = parseNumber(text);
    if (!value) {
        if (s->isChoice()) {
            std::string names;
            for (const std::string& c : s->choices)
                names += (names.empty() ? "" : ", ") + c;
            throw ParameterError("parameter '" + std::string(key) + "': '" + std::string(text) +
                                 "' is not one of the choices (" + names + ")");
        }
        // Distinguish a non-finite number from text that is not a number at all.
        const std::string lower = [&] {
            std::string t(text);
            std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return char(std::tolower(c)); });
            return t;
        }();
        if (lower.find("nan") != std::string::npos || lower.find("inf") != std::string::npos)
            throw ParameterError("parameter '" + std::string(key) + "': value '" + std::string(text) +
                                 "' is not a finite number");
        throw ParameterError("parameter '" + std::string(key) + "': '" + std::string(text) + "' is not a number");
    }
    set(key, *value);
}

void ParamSet::restoreDefaults()
{
    m_values.clear();
    for (const ParamSpec& s : specs())
        m_values[s.key] = s.defaultValue;
}

bool ParamSet::isDefault(std::string_view key) const
{
    const ParamSpec* s = spec(key);
    return s && get(key) == s->defaultValue;
}

}  // namespace neuroai
