#include "engine/lm/LiveTraining.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace neuroai::lm {

namespace {

struct Split {
    std::string training, heldOut;
};

const Split& split()
{
    static const Split s = [] {
        const std::string& text = brainText();
        std::size_t cut = text.size() * 9 / 10;
        while (cut < text.size() && text[cut] != ' ')
            ++cut;
        return Split{text.substr(0, cut), text.substr(cut)};
    }();
    return s;
}

SamplingSettings liveSampling()
{
    SamplingSettings s;
    s.temperature = 0.8;
    s.topP = 0.9;
    return s;
}

constexpr int kLiveSampleLength = 60;

}  // namespace

LanguageModelConfig configOf(ModelSize size)
{
    return size == ModelSize::Tiny ? tinyLanguageModelConfig() : LanguageModelConfig{};
}

void LiveTrainingSetup::validate() const
{
    require(steps >= 0 && steps <= 20000, "char-model training", "steps", steps, "must lie in [0, 20000]");
}

const std::string& liveTrainingText() { return split().training; }
const std::string& liveHeldOutText() { return split().heldOut; }

TrainedCharModel trainCharModel(const LiveTrainingSetup& setup, Progress& progress, bool publish)
{
    setup.validate();
    const Vocabulary& vocabulary = builtInVocabulary();
    const std::vector<int> training = vocabulary.encode(liveTrainingText());
    const std::vector<int> heldOut = vocabulary.encode(liveHeldOutText());
    TrainedCharModel out{CharLanguageModel(vocabulary, configOf(setup.size), setup.seed), {}, 0, 0, 0, 0, 0, 0, {}};
    out.unigramEntropy = unigramEntropy(training, vocabulary.size());
    out.parameters = out.model.parameterCount();

    TrainerSettings settings;
    settings.batch = 8;
    settings.learningRate = setup.size == ModelSize::Tiny ? 1e-2 : 3e-3;
    LanguageModelTrainer trainer(out.model, training, settings, setup.seed + 1);
    Random sampler(setup.seed + 2);

    const int every = std::max(1, setup.steps / 100);
    LiveTrainingCurves& c = out.curves;
    const auto recordHeldOut = [&](long step) {
        const double loss = out.model.evaluate(heldOut);
        c.heldOutStep.push_back(double(step));
        c.heldOutLoss.push_back(loss);
        if (c.heldOutLoss.size() == 1 || loss < out.bestHeldOutLoss) {
            out.bestHeldOutLoss = loss;
            out.bestHeldOutStep = step;
        }
    };
    const auto publishSnapshot = [&](long step) {
        if (!publish)
            return;
        out.lastSample = out.model.generate(kLivePrompt, kLiveSampleLength, liveSampling(), sampler);
        auto snapshot = std::make_shared<LiveTrainingSnapshot>();
        snapshot->step = step;
        snapshot->steps = setup.steps;
        snapshot->curves = c;
        snapshot->sample = out.lastSample;
        progress.publish(std::move(snapshot));
    };

    progress.setStage("training on the prose");
    recordHeldOut(0);
    publishSnapshot(0);
    double blockSum = 0;
    int blockCount = 0;
    for (int s = 1; s <= setup.steps; ++s) {
        progress.throwIfCancelled();
        blockSum += trainer.step();
        ++blockCount;
        if (s % every == 0 || s == setup.steps) {
            c.step.push_back(double(s));
            c.trainingLoss.push_back(blockSum / blockCount);
            blockSum = 0;
            blockCount = 0;
            recordHeldOut(s);
            publishSnapshot(s);
            progress.setFraction(double(s) / setup.steps);
        }
    }
    out.trainingTextLoss = out.model.evaluate(training);
    out.heldOutLoss = c.heldOutLoss.back();
    if (out.lastSample.empty() || !publish)
        out.lastSample = out.model.generate(kLivePrompt, kLiveSampleLength, liveSampling(), sampler);
    progress.setFraction(1);
    return out;
}

}  // namespace neuroai::lm
