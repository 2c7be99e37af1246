// What the language model sees: folded letters, words, character n-grams 1–4 and whole words,
// hashed into a fixed number of buckets. Letters, scripts and case folding come from the tables
// generated out of the UCD (parley/text/ucd.h; no ICU, so every core has them).
#include "parley/langid.h"
#include "parley/text.h"
#include "parley/text/ucd.h"

namespace parley::langid {
namespace {
// Fullwidth ASCII to ASCII (a width, not a case), then Unicode's simple case folding. The Turkish
// dotted capital I folds to i, as Turkish text needs (its Unicode folding is Turkic-only).
char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  if (c == 0x130) return 'i';
  return text::ucd::simple_fold(c);
}

// Letters and marks (General_Category L* and M*) make words; so do apostrophes inside them
// ("don't", "l’adresse"). Digits, punctuation, symbols and emoji do not.
bool is_letter(char32_t c) {
  return c == '\'' || c == 0x2019 || text::ucd::letter_script(c) != text::ucd::LetterScript::none;
}

const char* script_name(text::ucd::LetterScript s) {
  using L = text::ucd::LetterScript;
  switch (s) {
    case L::latin: return "Latn";
    case L::greek: return "Grek";
    case L::cyrillic: return "Cyrl";
    case L::hebrew: return "Hebr";
    case L::arabic: return "Arab";
    case L::devanagari: return "Deva";
    case L::thai: return "Thai";
    case L::hangul: return "Hang";
    case L::kana: return "Kana";
    case L::han: return "Hani";
    default: return "Other";
  }
}

// FNV-1a with the n-gram order mixed in, then folded onto the bucket range.
std::uint32_t bucket_of(std::uint32_t seed, const char32_t* cps, std::size_t n, std::uint32_t buckets) {
  std::uint32_t h = 2166136261u ^ seed;
  h *= 16777619u;
  for (std::size_t k = 0; k < n; ++k) {
    std::uint32_t c = cps[k];
    for (int b = 0; b < 3; ++b) {
      h ^= (c >> (8 * b)) & 0xFF;
      h *= 16777619u;
    }
  }
  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h & (buckets - 1);
}

// Tokens that carry no language: web addresses, e-mail addresses and ids like "PD-104233" or
// "#4521" ("https://shop.example/o/10023" must not read as English). Cut out before anything is
// counted, in training and identification alike. Arabizi words keep their digits ("3ayez").
bool non_language_token(std::string_view t) {
  if (t.find("://") != std::string_view::npos || t.rfind("www.", 0) == 0) return true;
  const auto at = t.find('@');
  if (at != std::string_view::npos && at > 0 && t.find('.', at) != std::string_view::npos) return true;
  std::size_t i = 0, letters = 0, digits = 0;
  if (i < t.size() && (t[i] == '#' || t[i] == '+')) ++i;
  while (i < t.size() && ((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z'))) ++i, ++letters;
  if (i < t.size() && (t[i] == '-' || t[i] == '_')) ++i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i, ++digits;
  return i == t.size() && digits >= 3 && letters <= 4;
}

std::string language_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
    std::string_view token = s.substr(i, j - i);
    // Trailing sentence punctuation does not make an address a word.
    while (!token.empty() && (token.back() == '.' || token.back() == ',' || token.back() == '!' || token.back() == '?' || token.back() == ')'))
      token.remove_suffix(1);
    if (!non_language_token(token)) out.append(s.substr(i, j - i));
    if (j < s.size()) out += ' ';
    i = j + (j < s.size());
  }
  return out;
}

bool letter_at(std::string_view s, std::size_t i) {
  return i < s.size() && is_letter(text::next_code_point(s, i));
}

constexpr std::size_t kMaxCodePoints = 2048;  // a message's language shows long before this
constexpr std::size_t kMaxWordFeature = 24;   // whole-word features only for word-sized runs
constexpr std::size_t kMaxOrder = 4;           // character n-grams 1..kMaxOrder
constexpr std::size_t kWordWeight = 2;         // a known word counts as much as two n-grams
}  // namespace

std::vector<std::uint32_t> features(std::string_view raw, std::uint32_t buckets) {
  const std::string kept = language_text(raw);
  const std::string_view s = kept;
  std::vector<std::uint32_t> out;
  std::vector<char32_t> word{' '};
  auto flush = [&] {
    if (word.size() > 1) {
      word.push_back(' ');
      const std::size_t m = word.size();
      for (std::size_t n = 1; n <= kMaxOrder; ++n)
        for (std::size_t i = 0; i + n <= m; ++i) {
          if (n == 1 && word[i] == ' ') continue;
          out.push_back(bucket_of(static_cast<std::uint32_t>(n), &word[i], n, buckets));
        }
      if (m - 2 <= kMaxWordFeature) out.insert(out.end(), kWordWeight, bucket_of(99, word.data(), m, buckets));
    }
    word.assign(1, ' ');
  };
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size() && seen < kMaxCodePoints; ++seen) {
    char32_t c = text::next_code_point(s, i);
    if (is_letter(c)) word.push_back(fold(c));
    else if (c >= '0' && c <= '9' && (word.size() > 1 || letter_at(s, i)))
      word.push_back(c);  // Arabizi writes letters as digits ("3ayez", "bsor3a"); a bare number is not a word
    else flush();
  }
  flush();
  return out;
}

std::map<std::string, int> script_counts(std::string_view raw) {
  const std::string kept = language_text(raw);
  const std::string_view s = kept;
  std::map<std::string, int> counts;
  std::size_t seen = 0;
  const char* last = nullptr;  // a mark counts with the letter it belongs to
  for (std::size_t i = 0; i < s.size() && seen < kMaxCodePoints; ++seen) {
    const char32_t c = text::next_code_point(s, i);
    const auto ls = text::ucd::letter_script(c);
    if (ls == text::ucd::LetterScript::none) {
      last = nullptr;
      continue;
    }
    if (ls == text::ucd::LetterScript::mark) {
      if (last) ++counts[last];
      continue;
    }
    last = script_name(ls);
    ++counts[last];
  }
  return counts;
}
}  // namespace parley::langid
