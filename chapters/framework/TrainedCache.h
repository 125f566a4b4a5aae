#pragma once

#include "engine/core/ParamSpec.h"

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace neuroai::chapters {

// Trained models of the panels that train (the Vision Transformer, the attention chapter's copy model), kept by the
// parameters they were trained with, so that a control that only changes the view (temperature, the image shown, the
// query token) redraws from the trained model in milliseconds instead of training again. Panels' compute functions
// run on job threads, so every access is locked; the values are immutable (a job copies the model it runs, because
// a forward pass writes the caches its backward pass would need). The least recently used entry goes first.
template <typename T>
class TrainedCache {
public:
    explicit TrainedCache(std::size_t capacity = 4) : m_capacity(capacity) {}

    std::shared_ptr<const T> find(const std::string& key)
    {
        const std::lock_guard lock(m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
            if (it->first == key) {
                m_entries.splice(m_entries.begin(), m_entries, it);
                return m_entries.front().second;
            }
        return nullptr;
    }

    void insert(const std::string& key, std::shared_ptr<const T> value)
    {
        const std::lock_guard lock(m_mutex);
        m_entries.remove_if([&](const auto& entry) { return entry.first == key; });
        m_entries.emplace_front(key, std::move(value));
        while (m_entries.size() > m_capacity)
            m_entries.pop_back();
    }

    void clear()
    {
        const std::lock_guard lock(m_mutex);
        m_entries.clear();
    }

    std::size_t size()
    {
        const std::lock_guard lock(m_mutex);
        return m_entries.size();
    }

private:
    std::mutex m_mutex;
    std::size_t m_capacity;
    std::list<std::pair<std::string, std::shared_ptr<const T>>> m_entries;
};

// The key of a training run: every parameter except the view-only ones (`viewKeys`), values exact (hexadecimal
// floating point), and the seed.
inline std::string trainingKey(const ParamSet& parameters, std::uint64_t seed,
                               std::initializer_list<std::string_view> viewKeys)
{
    std::string key;
    for (const auto& [name, value] : parameters.values()) {
        bool view = false;
        for (std::string_view v : viewKeys)
            view = view || v == name;
        if (view)
            continue;
        char text[64];
        std::snprintf(text, sizeof text, "=%a;", value);
        key += name;
        key += text;
    }
    return key + "seed=" + std::to_string(seed);
}

}  // namespace neuroai::chapters
