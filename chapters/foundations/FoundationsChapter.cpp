#include "chapters/foundations/FoundationsChapter.h"

#include "chapters/foundations/FiringPatterns.h"
#include "chapters/foundations/LifLab.h"

namespace neuroai::chapters {

QList<ExperimentPanel*> FoundationsChapter::createPanels()
{
    return {new LifLab(this), new FiringPatterns(this)};
}

}  // namespace neuroai::chapters
