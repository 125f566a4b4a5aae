#pragma once

// The texts of chapter 12's character-level language model and the character vocabulary it reads them with.
// Both texts are original and built in (no download): the model's whole experience is these few kilobytes.

#include <string>
#include <string_view>
#include <vector>

namespace neuroai::lm {

// Six paragraphs of plain English prose about neurons, synapses, learning and prediction (2 649 characters,
// printable ASCII and newlines; 42 distinct characters together with the verse). The pre-training text.
const std::string& brainText();

// Five short rhymed stanzas on the same subject (680 characters): a different style (short lines, rhyme, line breaks)
// for the LoRA fine-tuning experiment.
const std::string& verseText();

// A fixed set of characters, each a token: token i is the i-th character of characters() (sorted by code).
class Vocabulary {
public:
    // The distinct characters of `text`, sorted by code. Throws std::invalid_argument naming "vocabulary" for an
    // empty text, fewer than 2 distinct characters, or a character other than printable ASCII (32–126) and '\n'.
    explicit Vocabulary(std::string_view text);

    int size() const { return int(m_characters.size()); }
    const std::string& characters() const { return m_characters; }
    // The character of a token; throws std::invalid_argument naming "token" outside [0, size()).
    char character(int token) const;
    // The token of a character, or −1 if it is not in the vocabulary.
    int token(char c) const;
    bool contains(char c) const { return token(c) >= 0; }

    // The tokens of `text`. Throws std::invalid_argument "<what>: character 'c' (code n) at position i is not in
    // the vocabulary" for a character the vocabulary lacks.
    std::vector<int> encode(std::string_view text, std::string_view what = "text") const;
    // The text of tokens; throws as character() does.
    std::string decode(const std::vector<int>& tokens) const;

private:
    std::string m_characters;
    int m_index[128];
};

// The vocabulary of both built-in texts (their characters together): what every model of this module reads.
const Vocabulary& builtInVocabulary();

// Entropy of the character frequencies of `tokens` (the unigram model's cross-entropy on the text itself), in nats:
// H = −Σ_c f_c ln f_c. A language model that only learnt which characters are common would reach this loss;
// one below it has learnt something about order. Throws std::invalid_argument naming "tokens" for an empty list or
// a token outside [0, vocabulary).
double unigramEntropy(const std::vector<int>& tokens, int vocabulary);

// A printable form of a sample for a one-line note: newlines shown as " / ".
std::string oneLine(std::string_view text);

}  // namespace neuroai::lm
