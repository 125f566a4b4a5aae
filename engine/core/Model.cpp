#include "engine/core/Model.h"

namespace neuroai {

void Model::initParameters()
{
    m_parameters = ParamSet(specs());
    applyParameters(m_parameters);
}

void Model::setParameters(const ParamSet& parameters)
{
    // A set built for another model (or an older spec list) is re-checked key by key against ours.
    ParamSet checked(specs());
    for (const auto& [key, value] : parameters.values())
        checked.set(key, value);
    if (std::string message = checkConstraints(checked); !message.empty())
        throw ParameterError(message);
    m_parameters = checked;
    applyParameters(m_parameters);
}

std::string Model::validate(const ParamSet& candidate) const
{
    try {
        ParamSet checked(specs());
        for (const auto& [key, value] : candidate.values())
            checked.set(key, value);
        return checkConstraints(checked);
    } catch (const ParameterError& error) {
        return error.what();
    }
}

void Model::setParameter(const std::string& key, double value)
{
    ParamSet next = m_parameters;
    next.set(key, value);
    setParameters(next);
}

}  // namespace neuroai
