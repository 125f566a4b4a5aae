#include "chapters/framework/Chapter.h"

#include "chapters/foundations/FoundationsChapter.h"
#include "chapters/intro/IntroChapter.h"

namespace neuroai::chapters {

// The one chapter table: adding a chapter is its own folder plus one line here. Chapters that are not built yet
// are simply absent, so the navigator never shows an empty page.
std::span<const ChapterInfo> chapterRegistry()
{
    static const ChapterInfo table[] = {
        {"intro", 1, "What is NeuroAI", "Part I · Foundations",
         [](const ChapterInfo& info, QWidget* parent) -> Chapter* { return new IntroChapter(info, parent); }},
        {"foundations", 2, "Neuroscience foundations", "Part I · Foundations",
         [](const ChapterInfo& info, QWidget* parent) -> Chapter* { return new FoundationsChapter(info, parent); }},
    };
    return table;
}

}  // namespace neuroai::chapters
