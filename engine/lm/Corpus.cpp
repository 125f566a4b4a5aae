#include "engine/lm/Corpus.h"

#include "engine/core/Require.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace neuroai::lm {

const std::string& brainText()
{
    static const std::string text =
        "A neuron is a small cell with a long reach. It gathers signals through its dendrites, adds them up in the "
        "cell body, and when the sum crosses a threshold it fires a brief electrical pulse down its axon. That "
        "pulse, the spike, lasts about a millisecond and is much the same size every time. What carries the "
        "message is not the shape of the spike but its timing and its rate.\n"
        "Where one neuron meets another there is a synapse. The arriving spike releases a little chemical "
        "messenger, which crosses a narrow gap and opens channels in the next cell. Some synapses push the next "
        "neuron towards firing and some hold it back. The strength of a synapse is not fixed. When two neurons are "
        "active together again and again, the connection between them tends to grow stronger; when their activity "
        "is unrelated, it may grow weaker. This simple idea, that cells which fire together wire together, is one "
        "of the oldest theories of how the brain learns.\n"
        "Learning in the brain is spread across many places and many time scales. A new skill begins with effort "
        "and attention, and with practice it becomes smooth and automatic. The memory of a single day may be held "
        "first by the hippocampus and then, over weeks and months, settle into the cortex. During sleep the brain "
        "seems to replay the events of the day, as if it were rehearsing them, and this replay may help the memory "
        "to last.\n"
        "An artificial neural network borrows a few of these ideas and leaves most of them behind. Its units add up "
        "weighted inputs and pass the sum through a simple function. Its weights play the part of synapses. It "
        "learns by a rule that the brain probably does not use: the error at the output is sent backwards through "
        "the network, and every weight is nudged a little in the direction that makes the error smaller. Repeat "
        "this many thousands of times and the network can learn to recognise faces, to translate sentences, or to "
        "predict the next letter of a text.\n"
        "Predicting what comes next is a surprisingly rich task. To guess the next word of a sentence well, a model "
        "must know something about spelling, grammar, meaning and the world the sentence describes. The brain, too, "
        "is often described as a prediction machine: it is always guessing what it will see and hear next, and it "
        "learns most from the moments when its guess is wrong. A small model trained on a few paragraphs cannot "
        "learn much of the world, but it can learn which letters tend to follow which, which words are common, and "
        "where the spaces and full stops fall.\n"
        "This text is the whole of its experience. Everything it writes is built from pieces of these sentences, "
        "recombined by chance and by the patterns it has found.\n";
    return text;
}

const std::string& verseText()
{
    static const std::string text =
        "The neuron waits upon the wire,\n"
        "it counts its voices one by one,\n"
        "and when they rise above the line\n"
        "it sends a spark, and then is done.\n"
        "\n"
        "The synapse keeps a quiet score\n"
        "of every time two cells agree;\n"
        "the pairs that fire together grow,\n"
        "the strangers drift and let it be.\n"
        "\n"
        "By day we practise, slow and plain,\n"
        "by night the hippocampus plays\n"
        "the morning back, and back again,\n"
        "until it settles in for days.\n"
        "\n"
        "A model reads these lines like rain,\n"
        "one letter falling, then the next;\n"
        "it guesses, errs, and tries again,\n"
        "and slowly learns to write the text.\n"
        "\n"
        "So listen to the little hum\n"
        "of error sent from end to start:\n"
        "each weight is nudged, each guess is tuned,\n"
        "and habit settles into art.\n";
    return text;
}

Vocabulary::Vocabulary(std::string_view text)
{
    std::fill(std::begin(m_index), std::end(m_index), -1);
    require(!text.empty(), "Vocabulary", "vocabulary text length", 0, "must be ≥ 1");
    bool seen[128] = {};
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int code = static_cast<unsigned char>(text[i]);
        require(code == '\n' || (code >= 32 && code <= 126), "Vocabulary", "vocabulary character code", code,
                "is not printable ASCII (32–126) or a newline (10)");
        seen[code] = true;
    }
    for (int code = 0; code < 128; ++code)
        if (seen[code]) {
            m_index[code] = int(m_characters.size());
            m_characters.push_back(char(code));
        }
    require(m_characters.size() >= 2, "Vocabulary", "vocabulary size", double(m_characters.size()),
            "must be ≥ 2 distinct characters");
}

char Vocabulary::character(int token) const
{
    require(token >= 0 && token < size(), "Vocabulary", "token", token,
            "must be in [0, " + std::to_string(size()) + ")");
    return m_characters[std::size_t(token)];
}

int Vocabulary::token(char c) const
{
    const int code = static_cast<unsigned char>(c);
    return code < 128 ? m_index[code] : -1;
}

std::vector<int> Vocabulary::encode(std::string_view text, std::string_view what) const
{
    std::vector<int> tokens;
    tokens.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int t = token(text[i]);
        if (t < 0) {
            const int code = static_cast<unsigned char>(text[i]);
            const std::string shown = code >= 32 && code <= 126 ? std::string(1, text[i]) : std::string("?");
            throw std::invalid_argument(std::string(what) + ": character '" + shown + "' (code " +
                                        std::to_string(code) + ") at position " + std::to_string(i) +
                                        " is not in the vocabulary");
        }
        tokens.push_back(t);
    }
    return tokens;
}

std::string Vocabulary::decode(const std::vector<int>& tokens) const
{
    std::string text;
    text.reserve(tokens.size());
    for (const int t : tokens)
        text.push_back(character(t));
    return text;
}

const Vocabulary& builtInVocabulary()
{
    static const Vocabulary vocabulary(brainText() + verseText());
    return vocabulary;
}

double unigramEntropy(const std::vector<int>& tokens, int vocabulary)
{
    require(!tokens.empty(), "unigramEntropy", "tokens", 0, "must not be empty");
    require(vocabulary >= 1, "unigramEntropy", "vocabulary", vocabulary, "must be ≥ 1");
    std::vector<double> counts(static_cast<std::size_t>(vocabulary), 0.0);
    for (const int t : tokens) {
        require(t >= 0 && t < vocabulary, "unigramEntropy", "tokens entry", t,
                "must be in [0, " + std::to_string(vocabulary) + ")");
        counts[std::size_t(t)] += 1;
    }
    const double n = double(tokens.size());
    double h = 0;
    for (const double c : counts)
        if (c > 0)
            h -= c / n * std::log(c / n);
    return h;
}

std::string oneLine(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if (c == '\n')
            out += " / ";
        else
            out.push_back(c);
    }
    return out;
}

}  // namespace neuroai::lm
