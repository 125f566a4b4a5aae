#include "chapters/framework/Chapter.h"

#include "chapters/casestudies/DopaminePanel.h"
#include "chapters/casestudies/EpisodicMemoryPanel.h"
#include "chapters/casestudies/HippocampalReplayPanel.h"
#include "chapters/foundations/FiringPatterns.h"
#include "chapters/foundations/LifLab.h"
#include "chapters/foundations/HebbianLabPanel.h"
#include "chapters/foundations/OjaBcmPanel.h"
#include "chapters/foundations/SongMillerAbbottPanel.h"
#include "chapters/foundations/StdpWindowPanel.h"
#include "chapters/casestudies/ReplayPanel.h"
#include "chapters/casestudies/VitPanel.h"
#include "chapters/intro/EnergyPanel.h"
#include "chapters/intro/FlashPanel.h"
#include "chapters/intro/SynapsePanel.h"
#include "chapters/navigation/GridCellsPanel.h"
#include "chapters/navigation/PathIntegrationPanel.h"
#include "chapters/navigation/PlaceCellsPanel.h"
#include "chapters/sequences/AttentionInsidePanel.h"
#include "chapters/sequences/RnnVsAttentionPanel.h"
#include "chapters/stimulation/BalancedNetworkPanel.h"
#include "chapters/stimulation/LtpInductionPanel.h"

namespace neuroai::chapters {

namespace {
template <typename Panel>
ExperimentPanel* make(QWidget* parent)
{
    return new Panel(parent);
}
}  // namespace

// The one chapter table: adding a chapter is its own folder plus one entry here. Chapters that are not built yet
// are simply absent, so the navigator never shows an empty page. Panel ids are stable: scenario files, "Try this"
// links and --panel name them.
std::span<const ChapterInfo> chapterRegistry()
{
    static const ChapterInfo table[] = {
        {"intro", 1, "What is NeuroAI", "Part I · Foundations",
         {{"flash", make<FlashPanel>}, {"synapse", make<SynapsePanel>}, {"energy", make<EnergyPanel>}}},
        {"foundations", 2, "Neuroscience foundations", "Part I · Foundations",
         {{"lif-lab", make<LifLab>},
          {"firing-patterns", make<FiringPatterns>},
          {"stdp-window", make<StdpWindowPanel>},
          {"hebbian-lab", make<HebbianLabPanel>},
          {"oja-bcm", make<OjaBcmPanel>},
          {"song-miller-abbott", make<SongMillerAbbottPanel>}}},
        {"navigation", 3, "Spatial navigation", "Part I · Foundations",
         {{"place-cells", make<PlaceCellsPanel>},
          {"grid-cells", make<GridCellsPanel>},
          {"path-integration", make<PathIntegrationPanel>}}},
        {"stimulation", 6, "Neurostimulation & plasticity", "Part I · Foundations",
         {{"balanced-network", make<BalancedNetworkPanel>},
          {"ltp-ltd", make<LtpInductionPanel>}}},
        {"sequences", 11, "Sequence models", "Part III · Machine learning",
         {{"rnn-vs-attention", make<RnnVsAttentionPanel>}, {"attention-inside", make<AttentionInsidePanel>}}},
        {"case-studies", 20, "Case studies", "Part V · Case studies",
         {{"replay", make<ReplayPanel>},
          {"dopamine", make<DopaminePanel>},
          {"hippocampal-replay", make<HippocampalReplayPanel>},
          {"episodic-memory", make<EpisodicMemoryPanel>},
          {"vision-transformer", make<VitPanel>}}},
    };
    return table;
}

}  // namespace neuroai::chapters
