// Hashed n-gram features: character n-grams inside words (and over runs of scripts written
// without spaces, so ja/zh/th need no segmenter) plus word uni/bigrams.
#include "parley/text.h"
#include "parley/triage.h"

#include <algorithm>
#include <cmath>

namespace parley::triage {
namespace {
enum class Kind { separator, word, unspaced, symbol };

Kind kind_of(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'') return Kind::word;
    return Kind::separator;
  }
  if ((c >= 0x80 && c <= 0xBF) || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFE30 && c <= 0xFE4F) || c == 0x30FB || c == 0x060C || c == 0x061F ||
      c == 0x06D4 || c == 0x0964 || c == 0x0965 || (c >= 0xFF1A && c <= 0xFF20) || c == 0xFE0F || c == 0x200D)
    return Kind::separator;
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) ||
      (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1000 && c <= 0x109F) || (c >= 0x1780 && c <= 0x17FF) ||
      (c >= 0xFF66 && c <= 0xFF9F))
    return Kind::unspaced;
  if ((c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2190 && c <= 0x2BFF)) return Kind::symbol;
  return Kind::word;
}

struct Token {
  std::vector<char32_t> cps;
  Kind kind;
};

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  Kind prev = Kind::separator;
  while (i < s.size()) {
    char32_t c = text::next_code_point(s, i);
    Kind k = kind_of(c);
    if (k == Kind::separator) { prev = k; continue; }
    if (c >= '0' && c <= '9') c = '0';  // order numbers, amounts: the shape matters, not the value
    if (k == Kind::symbol || k != prev || out.empty()) out.push_back(Token{{}, k});
    out.back().cps.push_back(c);
    prev = k;
  }
  return out;
}

std::string utf8(const char32_t* p, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) text::append_utf8(s, p[i]);
  return s;
}
}  // namespace

std::uint32_t hash_key(char kind, std::string_view textv) {
  std::uint32_t h = 2166136261u;
  h = (h ^ static_cast<unsigned char>(kind)) * 16777619u;
  for (unsigned char b : textv) h = (h ^ b) * 16777619u;
  return h;
}

std::vector<Feature> featurize(std::string_view normalized, const FeatureConfig& config, std::vector<std::string>* names,
                               std::vector<bool>* lexical) {
  std::vector<Token> tokens = tokenize(normalized);
  std::vector<std::pair<std::uint32_t, std::string>> raw;  // (id, name-or-empty)
  std::vector<std::uint32_t> wordish;  // ids of word uni/bigrams (weighted by config.word_weight)
  std::vector<std::uint32_t> words_of;  // ids of words of spaced scripts and bigrams of unspaced runs
  auto add = [&](char kind, const std::string& s, bool word_like = false) {
    raw.emplace_back(hash_key(kind, s), names ? std::string(1, kind) + ":" + s : std::string());
    if (kind == 'w' || kind == 'b') wordish.push_back(raw.back().first);
    if (lexical && word_like) words_of.push_back(raw.back().first);
  };

  std::vector<std::string> words;
  words.reserve(tokens.size());
  for (const auto& t : tokens) {
    std::vector<char32_t> cps = t.cps;
    if (cps.size() > 24) cps.resize(24);  // a pasted URL or hash is not language
    std::string w = utf8(cps.data(), cps.size());
    words.push_back(w);
    add('w', w, t.kind == Kind::word);
    if (t.kind == Kind::word) {
      std::vector<char32_t> b;
      b.push_back('<');
      b.insert(b.end(), cps.begin(), cps.end());
      b.push_back('>');
      for (std::size_t n = config.char_min; n <= config.char_max; ++n)
        for (std::size_t i = 0; i + n <= b.size(); ++i) {
          if (n == b.size()) continue;  // the whole word is already a word feature
          add('c', utf8(&b[i], n));
        }
    } else if (t.kind == Kind::unspaced) {
      for (std::size_t n = config.cjk_min; n <= config.cjk_max; ++n)
        for (std::size_t i = 0; i + n <= cps.size(); ++i) {
          if (n == cps.size()) continue;
          add('j', utf8(&cps[i], n), n == 2);
        }
    }
  }
  if (config.word_ngrams >= 2)
    for (std::size_t i = 0; i + 1 < words.size(); ++i) add('b', words[i] + " " + words[i + 1]);
  if (raw.empty()) add('e', "");  // every text has at least one feature ("empty")

  std::sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Feature> out;
  if (names) names->clear();
  for (const auto& [id, name] : raw) {
    if (!out.empty() && out.back().id == id) { out.back().value += 1; continue; }
    out.push_back(Feature{id, 1.0f});
    if (names) names->push_back(name);
  }
  // sqrt is exactly rounded in IEEE 754, so native and wasm agree (std::log need not).
  if (config.sublinear)
    for (auto& f : out) f.value = static_cast<float>(std::sqrt(double(f.value)));
  if (lexical) {
    std::sort(words_of.begin(), words_of.end());
    lexical->clear();
    for (const auto& f : out) lexical->push_back(std::binary_search(words_of.begin(), words_of.end(), f.id));
  }
  if (config.word_weight != 1.0f && !wordish.empty()) {
    std::sort(wordish.begin(), wordish.end());
    for (auto& f : out)
      if (std::binary_search(wordish.begin(), wordish.end(), f.id)) f.value *= config.word_weight;
  }
  double norm = 0;
  for (const auto& f : out) norm += double(f.value) * f.value;
  if (norm <= 0) return out;  // no features (or all zero): nothing to scale, and 1/0 would poison scores
  float inv = static_cast<float>(1.0 / std::sqrt(norm));
  for (auto& f : out) f.value *= inv;
  return out;
}

}  // namespace parley::triage
