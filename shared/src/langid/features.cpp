// What the language model sees: folded letters, words, character n-grams 1–4 and whole words,
// hashed into a fixed number of buckets. Hand-written tables (no ICU) so the widget core has them.
#include "parley/langid.h"
#include "parley/text.h"

namespace parley::langid {
namespace {
char32_t fold(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if (c >= 0xFF01 && c <= 0xFF5E) return fold(c - 0xFEE0);               // fullwidth ASCII
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;                // Latin-1
  if (c == 0x130) return 'i';                                            // Turkish dotted capital I
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;  // Latin Extended-A pairs
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;
  if (c >= 0x1E00 && c <= 0x1EFF) return c | 1;                          // Vietnamese and other accents
  if (c >= 0x391 && c <= 0x3A9) return c + 32;                           // Greek
  if (c >= 0x410 && c <= 0x42F) return c + 32;                           // Cyrillic
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

bool is_letter(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'';
  if (c < 0xC0) return false;                         // Latin-1 punctuation and symbols
  if (c == 0xD7 || c == 0xF7 || c == 0x2019) return c == 0x2019;  // ’ joins words like '
  if (c >= 0x660 && c <= 0x669) return false;         // Arabic-Indic digits
  if (c >= 0x6F0 && c <= 0x6F9) return false;
  if (c == 0x60C || c == 0x61B || c == 0x61F || c == 0x6D4) return false;  // Arabic punctuation
  if (c == 0x964 || c == 0x965 || (c >= 0x966 && c <= 0x96F)) return false;  // danda, Devanagari digits
  if (c >= 0xE50 && c <= 0xE59) return false;         // Thai digits
  if (c >= 0x2000 && c <= 0x2BFF) return false;       // punctuation, symbols, arrows, math
  if (c >= 0x3000 && c <= 0x303F) return c == 0x3005;  // CJK punctuation (except 々)
  if (c >= 0xFE30 && c <= 0xFE4F) return false;
  if (c >= 0xFF00 && c <= 0xFF20) return false;       // fullwidth punctuation and digits
  if (c >= 0xFF3B && c <= 0xFF40) return false;
  if (c >= 0xFF5B && c <= 0xFF65) return false;
  if (c >= 0x1F000) return false;                     // emoji and pictographs
  if (c >= 0xFE00 && c <= 0xFE0F) return false;       // variation selectors
  return true;
}

const char* script_of(char32_t c) {
  if (c < 0x250 || (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0xFF21 && c <= 0xFF5A)) return "Latn";
  if (c >= 0x370 && c <= 0x3FF) return "Grek";
  if (c >= 0x400 && c <= 0x52F) return "Cyrl";
  if (c >= 0x590 && c <= 0x5FF) return "Hebr";
  if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0xFB50 && c <= 0xFEFC)) return "Arab";
  if (c >= 0x900 && c <= 0x97F) return "Deva";
  if (c >= 0xE00 && c <= 0xE7F) return "Thai";
  if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) || (c >= 0xAC00 && c <= 0xD7AF)) return "Hang";
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F) || c == 0x31F0) return "Kana";
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF) ||
      c == 0x3005)
    return "Hani";
  return "Other";
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
  for (std::size_t i = 0; i < s.size() && seen < kMaxCodePoints; ++seen) {
    char32_t c = text::next_code_point(s, i);
    if (!is_letter(c) || c == '\'' || c == 0x2019) continue;
    if (c >= 0x300 && c <= 0x36F) continue;  // combining marks belong to the letter before
    ++counts[script_of(c)];
  }
  return counts;
}
}  // namespace parley::langid
