#include "engine/lm/LanguageModelExperiments.h"

#include "engine/core/Job.h"
#include "engine/core/Require.h"
#include "engine/core/SpecSupport.h"
#include "engine/lm/LanguageModel.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace neuroai::lm {

namespace {

ResultSeries series(const char* name, const char* label, const char* xLabel, const char* xUnit, const char* yLabel,
                    const char* yUnit)
{
    return ResultSeries{name, label, xLabel, xUnit, yLabel, yUnit, {}, {}};
}

ParamSpec seedSpec(const char* what)
{
    return ParamSpec{"seed", "Random seed", "", 1, 1e9, 1, Scale::Linear, what, 0}.asInteger();
}

// The pre-training settings of both experiments: batches of 8 windows, Adam.
TrainerSettings pretrainSettings(double learningRate)
{
    TrainerSettings s;
    s.batch = 8;
    s.learningRate = learningRate;
    return s;
}

// Trains `model` on `tokens` for `steps` steps, reporting the fraction from `from` to `to` and honouring
// cancellation; appends the batch losses to `curve` (x = step).
void trainWithProgress(LanguageModelTrainer& trainer, int steps, Progress& progress, double from, double to,
                       ResultSeries* curve)
{
    for (int s = 1; s <= steps; ++s) {
        progress.throwIfCancelled();
        const double loss = trainer.step();
        if (curve) {
            curve->x.push_back(double(trainer.steps()));
            curve->y.push_back(loss);
        }
        progress.setFraction(from + (to - from) * s / steps);
    }
}

std::string quoted(std::string_view text) { return "“" + oneLine(text) + "”"; }

std::string nats(double v) { return formatValue(v, 2) + " nats"; }

}  // namespace

// -------------------------------------------------------------------------------------------------- next-token

const std::vector<std::string>& nextTokenPrompts()
{
    static const std::vector<std::string> prompts = {
        "The brain",
        "When two neurons are a",
        "Its weights play the part of s",
        "Predicting what comes n",
        "The synapse keeps a q",
    };
    return prompts;
}

std::vector<ParamSpec> samplingSpecs()
{
    const int vocabulary = builtInVocabulary().size();
    return {
        grouped(choiceSpec("prompt", "Prompt", nextTokenPrompts(), 0,
                           "The text the model continues. The last one is a line of the verse, which the model never "
                           "saw: its guesses there come from the prose alone."),
                "Sampling"),
        grouped({"temperature", "Temperature T", "", 0, 5, 0.8, Scale::Linear,
                 "Logits are divided by T before the softmax: T = 1 is the model's own distribution, T > 1 flattens "
                 "it, T → 0 puts everything on the most probable character (0 = greedy).",
                 2},
                "Sampling"),
        ParamSpec{"top_k", "Top-k", "", 0, double(vocabulary), 0, Scale::Linear,
                  "Keep only the k most probable characters (renormalised). 0 = off.", 0, {}, {}, {}, "Sampling"}
            .asInteger(),
        grouped({"top_p", "Top-p (nucleus)", "", 0.01, 1, 0.9, Scale::Linear,
                 "Keep the smallest set of most probable characters whose probability adds up to p (after top-k), "
                 "renormalised. 1 = off.",
                 2},
                "Sampling"),
    };
}

std::vector<ParamSpec> nextTokenSpecs()
{
    std::vector<ParamSpec> specs = samplingSpecs();
    specs.insert(specs.end(), {
        ParamSpec{"train_steps", "Training steps", "", 0, 5000, 300, Scale::Linear,
                  "Adam steps (8 windows of 16 characters each, learning rate 0.01) of the tiny model on the prose "
                  "before it predicts. 0 = untrained (close to uniform).",
                  0, {}, {}, {}, "Model"}
            .asInteger(),
        ParamSpec{"draws", "Draws", "", 100, 100000, 2000, Scale::Log,
                  "Characters drawn from the sampling distribution to compare their frequencies with it.", 0, {}, {},
                  {}, "Output"}
            .asInteger(),
        ParamSpec{"sample_length", "Sample length", "characters", 0, 1000, 80, Scale::Linear,
                  "Characters generated after the prompt with these settings (shown in the notes).", 0, {}, {}, {},
                  "Output"}
            .asInteger(),
        seedSpec("Seeds the model's initial weights, its training windows, the draws and the sample."),
    });
    return specs;
}

std::vector<OutputInfo> nextTokenOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "model_distribution", "The model's next-character probabilities (softmax, T = 1)", "", ""},
        {K::Series, "tempered_distribution", "After the temperature", "", ""},
        {K::Series, "sampling_distribution", "After top-k and top-p: what the next character is drawn from", "", ""},
        {K::Series, "sampled_frequencies", "Relative frequencies of the draws", "", ""},
        {K::Series, "training_loss", "Mean cross-entropy of each training batch", "nats", ""},
        {K::Scalar, "greedy_code", "ASCII code of the most probable next character", "", ""},
        {K::Scalar, "top_probability", "Largest probability of the sampling distribution", "", ""},
        {K::Scalar, "kept_characters", "Characters the sampling distribution keeps (probability > 0)", "", ""},
        {K::Scalar, "entropy_model", "Entropy of the model's distribution", "nats", ""},
        {K::Scalar, "entropy_tempered", "Entropy after the temperature", "nats", ""},
        {K::Scalar, "entropy_sampling", "Entropy of the sampling distribution", "nats", ""},
        {K::Scalar, "sampled_distance", "Total variation distance between the draws' frequencies and it", "", ""},
        {K::Scalar, "text_loss", "Mean cross-entropy on the whole prose after training", "nats", ""},
        {K::Scalar, "unigram_entropy", "Entropy of the prose's character frequencies", "nats", ""},
    };
}

ExperimentResult runNextToken(const ParamSet& p, Progress& progress)
{
    SamplingSettings sampling;
    sampling.temperature = p["temperature"];
    sampling.topK = intOf(p, "top_k");
    sampling.topP = p["top_p"];
    sampling.validate();
    const std::string& prompt = nextTokenPrompts().at(std::size_t(intOf(p, "prompt")));
    const int steps = intOf(p, "train_steps"), draws = intOf(p, "draws"), length = intOf(p, "sample_length");
    const std::uint64_t seed = seedOf(p);

    const Vocabulary& vocabulary = builtInVocabulary();
    const std::vector<int> text = vocabulary.encode(brainText());
    CharLanguageModel model(vocabulary, tinyLanguageModelConfig(), seed);
    ResultSeries loss = series("training_loss", "training batches", "step", "", "cross-entropy", "nats");
    progress.setStage("training the tiny model on the prose");
    if (steps > 0) {
        LanguageModelTrainer trainer(model, text, pretrainSettings(1e-2), seed + 1);
        trainWithProgress(trainer, steps, progress, 0.0, 0.85, &loss);
    }
    progress.setStage("predicting and sampling");
    const Eigen::VectorXd logits = model.nextTokenLogits(prompt);
    const Eigen::VectorXd raw = temperatureSoftmax(logits, 1.0);
    const Eigen::VectorXd tempered = temperatureSoftmax(logits, sampling.temperature);
    const Eigen::VectorXd sampled = samplingDistribution(logits, sampling);
    Random rng(seed + 2);
    Eigen::VectorXd counts = Eigen::VectorXd::Zero(sampled.size());
    for (int i = 0; i < draws; ++i) {
        if (i % 4096 == 0)
            progress.throwIfCancelled();
        counts(sampleToken(sampled, rng)) += 1;
    }
    const Eigen::VectorXd frequencies = counts / double(draws);
    progress.setFraction(0.9);
    const std::string continuation = model.generate(prompt, length, sampling, rng);
    const double textLoss = model.evaluate(text), unigram = unigramEntropy(text, vocabulary.size());
    progress.setFraction(1.0);

    ResultSeries modelSeries =
        series("model_distribution", "model (T = 1)", "character (ASCII code)", "", "probability", "");
    ResultSeries temperedSeries =
        series("tempered_distribution", "after temperature", "character (ASCII code)", "", "probability", "");
    ResultSeries samplingSeries =
        series("sampling_distribution", "after top-k and top-p", "character (ASCII code)", "", "probability", "");
    ResultSeries drawSeries = series("sampled_frequencies", "draws", "character (ASCII code)", "", "frequency", "");
    for (int t = 0; t < vocabulary.size(); ++t) {
        const double code = double(static_cast<unsigned char>(vocabulary.character(t)));
        for (ResultSeries* s : {&modelSeries, &temperedSeries, &samplingSeries, &drawSeries})
            s->x.push_back(code);
        modelSeries.y.push_back(raw(t));
        temperedSeries.y.push_back(tempered(t));
        samplingSeries.y.push_back(sampled(t));
        drawSeries.y.push_back(frequencies(t));
    }
    Eigen::Index greedy = 0;
    raw.maxCoeff(&greedy);
    const char greedyChar = vocabulary.character(int(greedy));
    const double distance = 0.5 * (frequencies - sampled).cwiseAbs().sum();

    ExperimentResult r;
    r.series = {modelSeries, temperedSeries, samplingSeries, drawSeries, loss};
    r.scalars = {
        {"greedy_code", "Most probable next character (ASCII code)", "",
         double(static_cast<unsigned char>(greedyChar))},
        {"top_probability", "Largest probability of the sampling distribution", "", sampled.maxCoeff()},
        {"kept_characters", "Characters kept", "", double(supportSize(sampled))},
        {"entropy_model", "Entropy of the model's distribution", "nats", entropyNats(raw)},
        {"entropy_tempered", "Entropy after the temperature", "nats", entropyNats(tempered)},
        {"entropy_sampling", "Entropy of the sampling distribution", "nats", entropyNats(sampled)},
        {"sampled_distance", "Total variation distance, draws vs distribution", "", distance},
        {"text_loss", "Cross-entropy on the prose", "nats", textLoss},
        {"unigram_entropy", "Unigram entropy of the prose", "nats", unigram},
    };
    const std::string greedyText = greedyChar == '\n'  ? "a newline"
                                   : greedyChar == ' ' ? "a space"
                                                       : quoted(std::string(1, greedyChar));
    r.notes.push_back("After " + quoted(prompt) + " the model's most probable next character is " + greedyText +
                      " (p = " + formatValue(raw(greedy), 3) + "); the settings keep " +
                      std::to_string(supportSize(sampled)) + " of " + std::to_string(vocabulary.size()) +
                      " characters, entropy " + nats(entropyNats(raw)) + " → " + nats(entropyNats(sampled)) + ".");
    if (length > 0)
        r.notes.push_back("Sample: " + quoted(prompt + continuation) + ".");
    r.notes.push_back("After " + std::to_string(steps) + " training steps the loss on the prose is " + nats(textLoss) +
                      ", against " + nats(unigram) + " for a model that knows only how common each character is and " +
                      nats(std::log(double(vocabulary.size()))) + " for a uniform guess.");
    return r;
}

// ---------------------------------------------------------------------------------------------------- lora-rank

std::vector<int> loraRankSweep(int maxRank)
{
    require(maxRank >= 1, "loraRankSweep", "max_rank", maxRank, "must be ≥ 1");
    std::vector<int> ranks;
    for (int r = 1; r < maxRank; r *= 2)
        ranks.push_back(r);
    ranks.push_back(maxRank);
    return ranks;
}

namespace {
LanguageModelConfig loraModelConfig(int choice)
{
    return choice == 0 ? tinyLanguageModelConfig() : LanguageModelConfig{};
}
}  // namespace

std::vector<ParamSpec> loraRankSpecs()
{
    return {
        ParamSpec{"max_rank", "Largest rank r", "", 1, 48, 8, Scale::Linear,
                  "Ranks 1, 2, 4, … up to this are tried (at most the model's width d).", 0, {}, {}, {}, "LoRA"}
            .asInteger(),
        grouped({"alpha", "Scale α", "", 0.5, 64, 8, Scale::Log,
                 "The adapter's update is (α/r)·B·A, so α fixes its size whatever the rank.", 1},
                "LoRA"),
        grouped(choiceSpec("targets", "Adapted maps", {"attention and MLP", "attention only", "MLP only"}, 0,
                           "Which weight matrices get adapters: the query, key, value and output maps of the "
                           "attention, the MLP's two maps, or all six."),
                "LoRA"),
        grouped(choiceSpec("model", "Model", {"tiny (d = 16, 1 block)", "small (d = 48, 2 blocks)"}, 0,
                           "The tiny model runs the default in about a second; the small one is the chapter's "
                           "full model (about 30× slower per step)."),
                "Model"),
        ParamSpec{"pretrain_steps", "Pre-training steps", "", 0, 5000, 300, Scale::Linear,
                  "Adam steps (8 windows each) on the prose before fine-tuning.", 0, {}, {}, {}, "Training"}
            .asInteger(),
        ParamSpec{"finetune_steps", "Fine-tuning steps", "", 1, 5000, 80, Scale::Linear,
                  "Adam steps on the verse for every rank and for full fine-tuning.", 0, {}, {}, {}, "Training"}
            .asInteger(),
        grouped({"learning_rate", "Learning rate", "", 1e-4, 0.1, 1e-2, Scale::Log,
                 "Adam's step size in both phases.", 4},
                "Training"),
        seedSpec("Seeds the model, the adapters' A, and the training windows (the same for every rank)."),
    };
}

std::vector<OutputInfo> loraRankOutputs()
{
    using K = OutputInfo::Kind;
    return {
        {K::Series, "lora_parameters", "Trainable parameters with LoRA against the rank", "", ""},
        {K::Series, "full_parameters", "Trainable parameters of full fine-tuning (the same at every rank)", "", ""},
        {K::Series, "loss_vs_rank", "Loss on the verse after fine-tuning with LoRA against the rank", "nats", ""},
        {K::Series, "full_finetune_curve", "Batch loss during full fine-tuning", "nats", ""},
        {K::Series, "lora_curve", "Batch loss during LoRA fine-tuning at the largest rank", "nats", ""},
        {K::Scalar, "full_parameter_count", "Parameters of the model (all trained by full fine-tuning)", "", ""},
        {K::Scalar, "largest_rank_fraction_pct", "Adapter parameters at the largest rank, share of the model", "%",
         ""},
        {K::Scalar, "pretrain_loss", "Loss on the prose after pre-training", "nats", ""},
        {K::Scalar, "base_verse_loss", "Loss on the verse before fine-tuning", "nats", ""},
        {K::Scalar, "largest_rank_loss", "Loss on the verse after LoRA at the largest rank", "nats", ""},
        {K::Scalar, "full_finetune_loss", "Loss on the verse after full fine-tuning", "nats", ""},
    };
}

ExperimentResult runLoraRank(const ParamSet& p, Progress& progress)
{
    const LanguageModelConfig config = loraModelConfig(intOf(p, "model"));
    const int maxRank = intOf(p, "max_rank");
    if (maxRank > config.dim)
        throw ParameterError("max_rank = " + std::to_string(maxRank) + " must not exceed the model's width d = " +
                             std::to_string(config.dim) + " (at rank d, B·A can already be any d × d matrix)");
    LoraSettings lora;
    lora.alpha = p["alpha"];
    const int targets = intOf(p, "targets");
    lora.attention = targets != 2;
    lora.mlp = targets != 1;
    const int pretrainSteps = intOf(p, "pretrain_steps"), finetuneSteps = intOf(p, "finetune_steps");
    const double rate = p["learning_rate"];
    const std::uint64_t seed = seedOf(p);
    const std::vector<int> ranks = loraRankSweep(maxRank);

    const Vocabulary& vocabulary = builtInVocabulary();
    const std::vector<int> prose = vocabulary.encode(brainText()), verse = vocabulary.encode(verseText());
    const double runs = double(pretrainSteps) + double(finetuneSteps) * double(ranks.size() + 1);
    double done = 0;
    const auto span = [&](int steps) {
        const double from = done / runs;
        done += steps;
        return std::pair<double, double>(from, done / runs);
    };

    CharLanguageModel base(vocabulary, config, seed);
    progress.setStage("pre-training on the prose");
    if (pretrainSteps > 0) {
        LanguageModelTrainer trainer(base, prose, pretrainSettings(rate), seed + 1);
        const auto [from, to] = span(pretrainSteps);
        trainWithProgress(trainer, pretrainSteps, progress, from, to, nullptr);
    }
    const double pretrainLoss = base.evaluate(prose), baseVerse = base.evaluate(verse);
    const long fullCount = base.parameterCount();

    ResultSeries fullCurve = series("full_finetune_curve", "full fine-tuning", "step", "", "cross-entropy", "nats");
    progress.setStage("full fine-tuning on the verse");
    CharLanguageModel full = base;
    {
        LanguageModelTrainer trainer(full, verse, pretrainSettings(rate), seed + 2);
        const auto [from, to] = span(finetuneSteps);
        trainWithProgress(trainer, finetuneSteps, progress, from, to, &fullCurve);
    }
    const double fullLoss = full.evaluate(verse);

    ResultSeries counts = series("lora_parameters", "LoRA", "rank r", "", "trainable parameters", "");
    ResultSeries fullCounts = series("full_parameters", "full fine-tuning", "rank r", "", "trainable parameters", "");
    ResultSeries lossVsRank = series("loss_vs_rank", "LoRA", "rank r", "", "cross-entropy on the verse", "nats");
    ResultSeries loraCurve = series("lora_curve", "LoRA, largest rank", "step", "", "cross-entropy", "nats");
    std::string sample;
    for (const int rank : ranks) {
        progress.setStage("LoRA fine-tuning at rank " + std::to_string(rank));
        CharLanguageModel adapted = base;
        lora.rank = rank;
        adapted.addAdapters(lora, seed + 3);
        TrainerSettings s = pretrainSettings(rate);
        s.adaptersOnly = true;
        LanguageModelTrainer trainer(adapted, verse, s, seed + 2);
        const auto [from, to] = span(finetuneSteps);
        trainWithProgress(trainer, finetuneSteps, progress, from, to, rank == maxRank ? &loraCurve : nullptr);
        counts.x.push_back(rank);
        counts.y.push_back(double(trainer.trainableParameters()));
        fullCounts.x.push_back(rank);
        fullCounts.y.push_back(double(fullCount));
        lossVsRank.x.push_back(rank);
        lossVsRank.y.push_back(adapted.evaluate(verse));
        if (rank == maxRank) {
            Random rng(seed + 4);
            SamplingSettings greedyish;
            greedyish.temperature = 0.7;
            sample = "The neuron " + adapted.generate("The neuron ", 80, greedyish, rng);
        }
    }
    progress.setFraction(1.0);

    ExperimentResult r;
    r.series = {counts, fullCounts, lossVsRank, fullCurve, loraCurve};
    const double fraction = 100.0 * counts.y.back() / double(fullCount);
    r.scalars = {
        {"full_parameter_count", "Parameters of the model", "", double(fullCount)},
        {"largest_rank_fraction_pct", "Adapters at the largest rank, share of the model", "%", fraction},
        {"pretrain_loss", "Loss on the prose after pre-training", "nats", pretrainLoss},
        {"base_verse_loss", "Loss on the verse before fine-tuning", "nats", baseVerse},
        {"largest_rank_loss", "Loss on the verse, LoRA at the largest rank", "nats", lossVsRank.y.back()},
        {"full_finetune_loss", "Loss on the verse, full fine-tuning", "nats", fullLoss},
    };
    const auto atRank = [&](std::size_t i) {
        return nats(lossVsRank.y[i]) + " at rank " + std::to_string(ranks[i]) + " (" + formatValue(counts.y[i], 0) +
               " parameters, " + formatValue(100.0 * counts.y[i] / double(fullCount), 1) + " % of the model)";
    };
    std::string reached = "After " + std::to_string(finetuneSteps) + " steps LoRA reaches " + atRank(0);
    if (ranks.size() > 1)
        reached += " and " + atRank(ranks.size() - 1);
    r.notes.push_back("Before fine-tuning the model scores " + nats(baseVerse) + " on the verse. " + reached +
                      "; full fine-tuning of all " + std::to_string(fullCount) + " parameters reaches " +
                      nats(fullLoss) + ".");
    r.notes.push_back("Each adapted out × in matrix adds r·(in + out) parameters, against in·out for the matrix "
                      "itself; the embedding, the norms and the output layer stay frozen under LoRA.");
    r.notes.push_back("Sample after LoRA at rank " + std::to_string(maxRank) + " (T = 0.7): " + quoted(sample) + ".");
    return r;
}

}  // namespace neuroai::lm
