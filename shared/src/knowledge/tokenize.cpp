// Tokenisation without ICU: a small, explicit folding table and script classes, so the same text
// gives the same terms in every core. Bigrams for scripts written without spaces (and Hangul, whose
// particles glue onto words) avoid shipping a dictionary; BM25 makes the noisy bigrams cheap.
#include "parley/knowledge.h"
#include "parley/text.h"

#include <algorithm>
#include <map>
#include <set>

namespace parley::knowledge {
namespace {

enum class Kind { separator, word, cjk, hangul, thai, lao, khmer, myanmar };

// Latin Extended-A (U+0100..U+017F) to base letters, one per code point.
constexpr std::string_view kLatinExtA =
    "aaaaaacccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii" "jj" "jj" "kkk" "llllllllll"
    "nnnnnnn" "nn" "oooooo" "oo" "rrrrrr" "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static_assert(kLatinExtA.size() == 128);

// Latin-1 letters U+00C0..U+00FF to base letters ('*' = not a letter: × ÷).
constexpr std::string_view kLatin1 =
    "aaaaaaaceeeeiiiidnooooo*ouuuuyts" "aaaaaaaceeeeiiiidnooooo*ouuuuyty";
static_assert(kLatin1.size() == 64);

Kind kind_of(char32_t c) {
  if (c < 0x80) return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ? Kind::word : Kind::separator;
  if (c == 0xD7 || c == 0xF7) return Kind::separator;
  if (c >= 0xC0 && c <= 0x24F) return Kind::word;
  if (c >= 0x300 && c <= 0x36F) return Kind::word;  // combining marks stay inside their word
  if (c >= 0x370 && c <= 0x52F) return c == 0x37E || c == 0x387 ? Kind::separator : Kind::word;  // Greek, Cyrillic
  if (c >= 0x5D0 && c <= 0x5EA) return Kind::word;                                                  // Hebrew
  if (c >= 0x600 && c <= 0x6FF) {                                                                   // Arabic
    if (c == 0x60C || c == 0x61B || c == 0x61F || (c >= 0x66A && c <= 0x66D) || c == 0x6D4) return Kind::separator;
    return Kind::word;
  }
  if (c >= 0x900 && c <= 0x97F) return c == 0x964 || c == 0x965 ? Kind::separator : Kind::word;  // Devanagari
  if (c >= 0xE00 && c <= 0xE7F) return c == 0xE2F || c == 0xE5A || c == 0xE5B ? Kind::separator : Kind::thai;
  if (c >= 0xE80 && c <= 0xEFF) return Kind::lao;
  if (c >= 0x1000 && c <= 0x109F) return Kind::myanmar;
  if (c >= 0x1100 && c <= 0x11FF) return Kind::hangul;
  if (c >= 0x1780 && c <= 0x17FF) return Kind::khmer;
  if (c >= 0x1E00 && c <= 0x1EFF) return Kind::word;  // Vietnamese letters
  if (c == 0x3005 || c == 0x3006) return Kind::cjk;   // 々 〆
  if (c >= 0x3040 && c <= 0x30FF) return c == 0x30FB ? Kind::separator : Kind::cjk;
  if (c >= 0x3130 && c <= 0x318F) return Kind::hangul;
  if (c >= 0x3400 && c <= 0x4DBF) return Kind::cjk;
  if (c >= 0x4E00 && c <= 0x9FFF) return Kind::cjk;
  if (c >= 0xAC00 && c <= 0xD7AF) return Kind::hangul;
  if (c >= 0xF900 && c <= 0xFAFF) return Kind::cjk;
  if (c >= 0xFF10 && c <= 0xFF19) return Kind::word;  // fullwidth digits
  if ((c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A)) return Kind::word;
  if (c >= 0xFF66 && c <= 0xFF9F) return Kind::cjk;  // halfwidth katakana
  if (c >= 0x20000 && c <= 0x2FFFF) return Kind::cjk;
  return Kind::separator;
}

// Fold one code point for matching; appends nothing for marks that only decorate (diacritics,
// Arabic harakat and tatweel).
void fold(char32_t c, std::string& out) {
  if (c < 0x80) { out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); return; }
  if (c >= 0xC0 && c <= 0xFF) {
    if (c == 0xDF) { out += "ss"; return; }
    if (c == 0xC6 || c == 0xE6) { out += "ae"; return; }
    out += kLatin1[c - 0xC0];
    return;
  }
  if (c >= 0x100 && c <= 0x17F) { out += kLatinExtA[c - 0x100]; return; }
  if (c >= 0x300 && c <= 0x36F) return;
  if (c >= 0x391 && c <= 0x3A9) { text::append_utf8(out, c + 0x20); return; }
  if (c >= 0x410 && c <= 0x42F) { text::append_utf8(out, c + 0x20); return; }
  if (c >= 0x400 && c <= 0x40F) { text::append_utf8(out, c + 0x50); return; }
  if ((c >= 0x64B && c <= 0x65F) || c == 0x670 || c == 0x640) return;
  if (c == 0x622 || c == 0x623 || c == 0x625 || c == 0x671) { text::append_utf8(out, 0x627); return; }
  if (c == 0x629) { text::append_utf8(out, 0x647); return; }
  if (c == 0x649) { text::append_utf8(out, 0x64A); return; }
  if (c >= 0x660 && c <= 0x669) { out += static_cast<char>('0' + (c - 0x660)); return; }
  if (c >= 0x6F0 && c <= 0x6F9) { out += static_cast<char>('0' + (c - 0x6F0)); return; }
  if (c >= 0xFF10 && c <= 0xFF19) { out += static_cast<char>('0' + (c - 0xFF10)); return; }
  if (c >= 0xFF21 && c <= 0xFF3A) { out += static_cast<char>('a' + (c - 0xFF21)); return; }
  if (c >= 0xFF41 && c <= 0xFF5A) { out += static_cast<char>('a' + (c - 0xFF41)); return; }
  text::append_utf8(out, c);
}

bool is_latin_word(const std::string& w) {
  for (unsigned char ch : w) if (ch >= 0x80) return false;
  return true;
}

constexpr std::size_t kStemLength = 6;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Light folding so "returns" finds "return" and "الشحن" finds "شحن": no dictionary, only the most
// productive endings and prefixes.
std::string light_stem(std::string w) {
  if (is_latin_word(w)) {
    if (std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return w;  // codes, numbers
    if (w.size() >= 4 && w.back() == 's' && w[w.size() - 2] != 's' && w[w.size() - 2] != 'u' && w[w.size() - 2] != 'i') w.pop_back();
    // Truncation stemming: the first six letters carry most of a word's meaning in English and the
    // Romance languages ("cancelo", "cancelar", "cancellation" -> "cancel") without a dictionary.
    if (w.size() > kStemLength) w.resize(kStemLength);
    return w;
  }
  // Arabic definite article with its common clitics (each letter is 2 bytes in UTF-8).
  for (std::string_view p : {"وال", "بال", "كال", "فال", "لل", "ال"}) {
    if (starts_with(w, p) && w.size() >= p.size() + 4) return w.substr(p.size());
  }
  return w;
}

struct Cp { char32_t c; std::size_t start, end; Kind kind; };

// Lower case as Snowball's algorithms expect it: accents kept (Spanish "ción", French "ée" are
// their suffixes), combining marks dropped (the algorithms know precomposed letters only).
void append_lowered(char32_t c, std::string& out) {
  if (c >= 'A' && c <= 'Z') c += 32;
  else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 0x20;
  else if (c == 0x130) c = 'i';  // Turkish dotted capital I
  else if (c == 0x178) c = 0xFF;
  else if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) c |= 1;  // pairs: upper even, lower odd
  else if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) c += c & 1;  // pairs: upper odd
  else if (c >= 0x391 && c <= 0x3A9) c += 0x20;
  else if (c >= 0x410 && c <= 0x42F) c += 0x20;
  else if (c >= 0x400 && c <= 0x40F) c += 0x50;
  else if (c >= 0xFF21 && c <= 0xFF3A) c = 'a' + (c - 0xFF21);
  else if (c >= 0xFF41 && c <= 0xFF5A) c = 'a' + (c - 0xFF41);
  else if (c >= 0x300 && c <= 0x36F) return;
  text::append_utf8(out, c);
}

// A word in a language with a Snowball stemmer is indexed by its stem, folded like every term
// afterwards.
std::optional<std::string> stemmed(const std::vector<Cp>& run, std::string_view locale) {
  if (locale.empty() || !has_stemmer(locale)) return std::nullopt;
  std::string lowered;
  for (const Cp& cp : run) append_lowered(cp.c, lowered);
  auto stem = snowball_stem(lowered, locale);
  if (!stem) return std::nullopt;
  std::string folded;
  for (std::size_t i = 0; i < stem->size();) fold(text::next_code_point(*stem, i), folded);
  if (folded.empty()) return std::nullopt;
  return folded;
}

void emit_word(const std::vector<Cp>& run, bool light, std::string_view locale, std::vector<Token>& out) {
  std::string folded;
  for (const Cp& cp : run) fold(cp.c, folded);
  if (folded.empty()) return;
  // The stem replaces the light folding's term. Measured (docs/assist.md): the stem beside the
  // light term, or the stem cut to six letters, ranked no better on the demo pack and worse on
  // CLINC150 and adapted Banking77.
  // Codes and numbers (any digit, in any script, once folded) keep their letters.
  const bool has_digit = std::any_of(folded.begin(), folded.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (light && !has_digit) {
    if (auto stem = stemmed(run, locale)) {
      out.push_back({std::move(*stem), run.front().start, run.back().end});
      return;
    }
  }
  out.push_back({light ? light_stem(std::move(folded)) : std::move(folded), run.front().start, run.back().end});
}

bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

// Bigrams, plus (for search) each Han character on its own: a kanji carries meaning by itself and
// its bigrams break on conjugation (届きます / お届け share only 届).
void emit_bigrams(const std::vector<Cp>& run, bool han_unigrams, std::vector<Token>& out) {
  auto folded = [](const Cp& cp) { std::string s; fold(cp.c, s); return s; };
  if (run.size() == 1) { out.push_back({folded(run[0]), run[0].start, run[0].end}); return; }
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (han_unigrams && is_han(run[i].c)) out.push_back({folded(run[i]), run[i].start, run[i].end});
    if (i + 1 < run.size()) out.push_back({folded(run[i]) + folded(run[i + 1]), run[i].start, run[i + 1].end});
  }
}
}  // namespace

std::vector<Token> tokenize(std::string_view text, bool light_folding, std::string_view locale) {
  std::vector<Token> out;
  std::vector<Cp> run;
  auto flush = [&] {
    if (run.empty()) return;
    if (run.front().kind == Kind::word) emit_word(run, light_folding, locale, out);
    else emit_bigrams(run, light_folding, out);
    run.clear();
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t start = i;
    char32_t c = text::next_code_point(text, i);
    Kind k = kind_of(c);
    // Thai/Lao/Khmer/Myanmar vowel signs and Devanagari marks are inside their script ranges;
    // a Latin combining mark after a non-word character is dropped with the separator.
    if (k == Kind::separator || (!run.empty() && run.front().kind != k)) flush();
    if (k != Kind::separator) run.push_back({c, start, i, k});
  }
  flush();
  return out;
}

// Function words that only add noise to a query (small per-locale partitions make their idf
// unreliable). Kept through the same folding as every term, so the list is written naturally.
namespace {
std::set<std::string> stopword_set(std::string_view locale) {
  std::set<std::string> out;
  const char* lists =
      "a an the i my me we you your is are was it to of in on for and or at by with be do does did can will "
      "how when what where why which this that there hi hello please "
      "o os as um uma de do da dos das em no na nos nas e que para por com meu minha como qual quando oi ola "
      "ainda ja nao foi esta estou seu sua isso isto onde tem ter mas se "
      "el la los las un una del al y en mi me se es con por para como cual cuando hola "
      "lo le les su sus esta este esto estoy ha he han hay ya pero muy mas donde si sin tu te yo hace hice todavia "
      "le les des du et est je mon ma mes pour avec bonjour la un une il elle ne pas qui sur dans ou mais "
      "der die das ein eine und ist ich mein meine mit fur wie wann hallo nicht noch wo sie es auf zu den dem von bei aber "
      "ما هي هو في من على الى عن ان هل مع هذا هذه مرحبا";
  for (auto& t : terms(lists, locale)) out.insert(t);
  return out;
}
}  // namespace

bool is_stopword(const std::string& term, std::string_view locale) {
  // One set per stemmed language (its words stemmed as the query's are), one for every other locale.
  const std::string key = has_stemmer(locale) ? std::string(locale.substr(0, locale.find_first_of("-_"))) : "";
  thread_local std::map<std::string, std::set<std::string>> by_language;
  auto found = by_language.find(key);
  if (found == by_language.end()) found = by_language.emplace(key, stopword_set(key)).first;
  return found->second.count(term) > 0;
}

bool is_kana_only(std::string_view term) {
  for (std::size_t i = 0; i < term.size();) {
    char32_t c = text::next_code_point(term, i);
    if (c < 0x3040 || c > 0x309F) return false;
  }
  return !term.empty();
}

std::vector<std::string> terms(std::string_view text, std::string_view locale) {
  std::vector<std::string> out;
  for (auto& t : tokenize(text, true, locale)) out.push_back(std::move(t.term));
  return out;
}
}  // namespace parley::knowledge
