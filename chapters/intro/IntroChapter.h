#pragma once

#include "chapters/framework/Chapter.h"

namespace neuroai::chapters {

// Chapter 1, "What is NeuroAI": a perceptron and a LIF neuron given the same inputs — flash vs sustained input of
// equal charge, repeated stimulation through a dynamic synapse, and the energy of dense vs spiking computation.
class IntroChapter final : public Chapter {
    Q_OBJECT
public:
    using Chapter::Chapter;

protected:
    QList<ExperimentPanel*> createPanels() override;
};

}  // namespace neuroai::chapters
