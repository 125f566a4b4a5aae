#include "chapters/framework/Chapter.h"

#include "chapters/casestudies/DopaminePanel.h"
#include "chapters/classical/BiasVariancePanel.h"
#include "chapters/classical/DecodingPanel.h"
#include "chapters/casestudies/EpisodicMemoryPanel.h"
#include "chapters/casestudies/HippocampalReplayPanel.h"
#include "chapters/foundations/FiringPatterns.h"
#include "chapters/foundations/LifLab.h"
#include "chapters/foundations/HebbianLabPanel.h"
#include "chapters/foundations/OjaBcmPanel.h"
#include "chapters/foundations/SongMillerAbbottPanel.h"
#include "chapters/foundations/StdpWindowPanel.h"
#include "chapters/casestudies/ReplayPanel.h"
#include "chapters/deep/NetworkTrainingPanel.h"
#include "chapters/diffusion/DiffusionPanel.h"
#include "chapters/frontiers/EventDrivenPanel.h"
#include "chapters/frontiers/ForgettingPanel.h"
#include "chapters/frontiers/SpikingEnergyPanel.h"
#include "chapters/deep/OptimizerPathsPanel.h"
#include "chapters/lm/CharModelPanel.h"
#include "chapters/lm/LoraRankPanel.h"
#include "chapters/casestudies/PredictiveCodingPanel.h"
#include "chapters/casestudies/LatentDynamicsPanel.h"
#include "chapters/casestudies/VitPanel.h"
#include "chapters/information/ChannelCapacityPanel.h"
#include "chapters/information/EfficientCodingPanel.h"
#include "chapters/information/PopulationInformationPanel.h"
#include "chapters/information/SpikeEntropyPanel.h"
#include "chapters/intro/EnergyPanel.h"
#include "chapters/intro/FlashPanel.h"
#include "chapters/intro/SynapsePanel.h"
#include "chapters/navigation/GridCellsPanel.h"
#include "chapters/navigation/PathIntegrationPanel.h"
#include "chapters/navigation/PlaceCellsPanel.h"
#include "chapters/networks/KuramotoPanel.h"
#include "chapters/networks/TwoNetworksPanel.h"
#include "chapters/networks/WilsonCowanPanel.h"
#include "chapters/pipeline/SpikeSortingPanel.h"
#include "chapters/sequences/AttentionInsidePanel.h"
#include "chapters/sequences/RnnVsAttentionPanel.h"
#include "chapters/stimulation/BalancedNetworkPanel.h"
#include "chapters/stimulation/LtpInductionPanel.h"
#include "chapters/vision/FilterBankPanel.h"
#include "chapters/vision/LearnedFiltersPanel.h"
#include "chapters/vision/ReceptiveFieldPanel.h"
#include "chapters/vision/SimpleComplexPanel.h"

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
        {"vision", 4, "Visual cortex and CNNs", "Part II · Brain and information",
         {{"receptive-fields", make<ReceptiveFieldPanel>},
          {"simple-complex", make<SimpleComplexPanel>},
          {"filter-bank", make<FilterBankPanel>},
          {"learned-filters", make<LearnedFiltersPanel>}}},
        {"networks", 5, "Brain networks", "Part II · Brain and information",
         {{"wilson-cowan", make<WilsonCowanPanel>},
          {"two-networks", make<TwoNetworksPanel>},
          {"kuramoto", make<KuramotoPanel>}}},
        {"stimulation", 6, "Neurostimulation & plasticity", "Part I · Foundations",
         {{"balanced-network", make<BalancedNetworkPanel>},
          {"ltp-ltd", make<LtpInductionPanel>}}},
        {"information", 7, "Information theory", "Part II · Brain and information",
         {{"spike-entropy", make<SpikeEntropyPanel>},
          {"population-information", make<PopulationInformationPanel>},
          {"efficient-coding", make<EfficientCodingPanel>},
          {"channel-capacity", make<ChannelCapacityPanel>}}},
        {"pipeline", 8, "Data-science pipeline", "Part III · Machine learning",
         {{"spike-sorting", make<SpikeSortingPanel>}}},
        {"classical-ml", 9, "Classical machine learning", "Part III · Machine learning",
         {{"population-decoding", make<DecodingPanel>}, {"bias-variance", make<BiasVariancePanel>}}},
        {"deep-learning", 10, "Deep learning", "Part III · Machine learning",
         {{"optimizer-paths", make<OptimizerPathsPanel>}, {"network-training", make<NetworkTrainingPanel>}}},
        {"sequences", 11, "Sequence models", "Part III · Machine learning",
         {{"rnn-vs-attention", make<RnnVsAttentionPanel>}, {"attention-inside", make<AttentionInsidePanel>}}},
        {"language-models", 12, "Large language models", "Part III · Machine learning",
         {{"char-model", make<CharModelPanel>}, {"lora-rank", make<LoraRankPanel>}}},
        {"diffusion", 13, "Multimodal & diffusion", "Part III · Machine learning", {{"diffusion", make<DiffusionPanel>}}},
        {"frontiers", 14, "Where next", "Part IV · Frontiers",
         {{"forgetting", make<ForgettingPanel>},
          {"spiking-energy", make<SpikingEnergyPanel>},
          {"event-driven", make<EventDrivenPanel>}}},
        {"case-studies", 20, "Case studies", "Part V · Case studies",
         {{"replay", make<ReplayPanel>},
          {"dopamine", make<DopaminePanel>},
          {"hippocampal-replay", make<HippocampalReplayPanel>},
          {"episodic-memory", make<EpisodicMemoryPanel>},
          {"vision-transformer", make<VitPanel>},
          {"predictive-coding", make<PredictiveCodingPanel>},
          {"latent-dynamics", make<LatentDynamicsPanel>}}},
    };
    return table;
}

}  // namespace neuroai::chapters
