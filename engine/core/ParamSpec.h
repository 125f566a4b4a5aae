#pragma once

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace neuroai {

// How a slider maps onto a parameter's range. Log is for quantities spanning decades (time constants, resistances);
// a log spec needs min > 0.
enum class Scale { Linear, Log };

// One model parameter, declared once by the model. Sliders, spin boxes, presets, the CLI's --set and `describe`
// and validation are all generated from this declaration, so each default exists in exactly one place.
struct ParamSpec {
    std::string key;         // machine name, e.g. "tau_m"
    std::string label;       // human name, e.g. "Membrane time constant τm"
    std::string unit;        // engine unit, e.g. "ms" (empty for dimensionless)
    double min = 0.0;
    double max = 1.0;
    double defaultValue = 0.0;
    Scale scale = Scale::Linear;
    std::string description;
    int decimals = 2;        // display precision for typed boxes and tables
    // A discrete choice (e.g. the stimulus protocol): the value is the index into `choices`, min = 0 and
    // max = choices.size() − 1. Shown as a combo box; --set and presets accept the name as well as the index.
    std::vector<std::string> choices = {};
    // Only meaningful when the parameter `shownWhenKey` holds one of `shownWhenValues` (e.g. the pulse width only
    // for pulse protocols). The GUI hides the control otherwise; the value is still kept and validated.
    std::string shownWhenKey = {};
    std::vector<double> shownWhenValues = {};
    // Heading under which the GUI groups this parameter (e.g. "Stimulus"); empty = the model's own parameters.
    std::string group = {};
    // Only whole numbers are allowed (counts, sizes, seeds): check() rejects 2.5, display() shows no decimals.
    bool integer = false;
    // Changing this value restarts the run (e.g. a network size or an integration method) rather than taking effect
    // in the running state. A declaration for the GUI and `describe`; the engine itself does not act on it.
    bool restartsRun = false;

    bool isChoice() const { return !choices.empty(); }
    // Chainable markers for spec tables: {…}.asInteger().asRestartingRun().
    ParamSpec& asInteger()
    {
        integer = true;
        decimals = 0;
        return *this;
    }
    ParamSpec& asRestartingRun()
    {
        restartsRun = true;
        return *this;
    }
    // Empty when `value` is allowed; otherwise a one-line message naming key, value and range.
    std::string check(double value) const;
    // The value as a user reads it: the choice name for a choice, else formatValue() with the spec's precision.
    std::string display(double value) const;
    // Index of the choice called `name`, or −1.
    int choiceIndex(std::string_view name) const;
};

// Builds a choice parameter (value = index into `choices`).
ParamSpec choiceSpec(std::string key, std::string label, std::vector<std::string> choices, int defaultIndex,
                     std::string description);

// Thrown when a parameter assignment is rejected. what() is the one-line message for the user.
class ParameterError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// A complete, validated assignment of values to a model's specs. Every key of the spec list is present; no other
// key is accepted; every value is finite and inside its range. Models only ever receive a ParamSet, so they never
// see bad values.
class ParamSet {
public:
    ParamSet() = default;
    explicit ParamSet(std::vector<ParamSpec> specs);  // all defaults

    const std::vector<ParamSpec>& specs() const;
    const ParamSpec* spec(std::string_view key) const;
    bool contains(std::string_view key) const { return spec(key) != nullptr; }

    double get(std::string_view key) const;  // throws ParameterError for an unknown key
    double operator[](std::string_view key) const { return get(key); }

    // Validates and assigns; throws ParameterError naming key, value and range. Leaves the set unchanged on error.
    void set(std::string_view key, double value);
    // Parses "KEY=VALUE" (as given to --set) and assigns it.
    void setFromString(std::string_view assignment);
    void restoreDefaults();
    bool isDefault(std::string_view key) const;

    const std::map<std::string, double, std::less<>>& values() const { return m_values; }

private:
    // Shared between copies: a set is copied for every frame, undo step and scenario, its specs never change.
    std::shared_ptr<const std::vector<ParamSpec>> m_specs;
    std::map<std::string, double, std::less<>> m_values;
};

// Parses a floating-point number the way the CLI and preset files accept it: the whole string must be a finite
// number ("1e-3", "-70", "2.5"); returns nullopt otherwise.
std::optional<double> parseNumber(std::string_view text);

// Formats a value with the spec's precision, trimming trailing zeros ("20", "0.1", "-54").
std::string formatValue(double value, int decimals = 6);

}  // namespace neuroai
