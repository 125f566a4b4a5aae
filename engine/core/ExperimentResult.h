#pragma once

#include <string>
#include <utility>
#include <vector>

namespace neuroai {

// What a batch experiment returns: plain data that the CLI writes as JSON/CSV and the GUI plots, with every
// number's unit stated next to it.
struct ResultSeries {
    std::string name;    // machine name, unique in a result, e.g. "peak_vs_duration"
    std::string label;   // human name, e.g. "Peak depolarisation vs pulse duration (simulated)"
    std::string xLabel;  // e.g. "pulse duration d"
    std::string xUnit;   // e.g. "ms" (empty = dimensionless)
    std::string yLabel;
    std::string yUnit;
    std::vector<double> x;
    std::vector<double> y;  // same length as x
};

// A series with its names and units and no points yet (the experiments fill x and y).
inline ResultSeries emptySeries(std::string name, std::string label, std::string xLabel, std::string xUnit,
                                std::string yLabel, std::string yUnit)
{
    return ResultSeries{std::move(name), std::move(label), std::move(xLabel), std::move(xUnit),
                        std::move(yLabel), std::move(yUnit), {}, {}};
}

struct ResultScalar {
    std::string key;    // machine name, e.g. "peak_mv"
    std::string label;  // human name
    std::string unit;   // empty = dimensionless
    double value = 0;
};

struct ExperimentResult {
    std::vector<ResultSeries> series;
    std::vector<ResultScalar> scalars;
    std::vector<std::string> notes;  // one sentence each, e.g. the verdicts

    const ResultSeries* findSeries(const std::string& name) const
    {
        for (const ResultSeries& s : series)
            if (s.name == name)
                return &s;
        return nullptr;
    }
    const ResultScalar* findScalar(const std::string& key) const
    {
        for (const ResultScalar& s : scalars)
            if (s.key == key)
                return &s;
        return nullptr;
    }
};

// Declared outputs of an experiment (what `describe` lists before anything has run).
struct OutputInfo {
    enum class Kind { Series, Scalar };
    Kind kind = Kind::Scalar;
    std::string key;   // series name or scalar key
    std::string label;
    std::string unit;   // scalar unit, or a series' y unit
    std::string xUnit;  // a series' x unit (empty for scalars)
};

}  // namespace neuroai
