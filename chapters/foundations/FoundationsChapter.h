#pragma once

#include "chapters/framework/Chapter.h"

namespace neuroai::chapters {

// Chapter 2, "Neuroscience foundations": the LIF lab and the firing-pattern panel (more follow: plasticity).
class FoundationsChapter final : public Chapter {
    Q_OBJECT
public:
    using Chapter::Chapter;

protected:
    QList<ExperimentPanel*> createPanels() override;
};

}  // namespace neuroai::chapters
