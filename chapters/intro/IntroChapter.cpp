#include "chapters/intro/IntroChapter.h"

#include "chapters/intro/EnergyPanel.h"
#include "chapters/intro/FlashPanel.h"
#include "chapters/intro/SynapsePanel.h"

namespace neuroai::chapters {

QList<ExperimentPanel*> IntroChapter::createPanels()
{
    return {new FlashPanel(this), new SynapsePanel(this), new EnergyPanel(this)};
}

}  // namespace neuroai::chapters
