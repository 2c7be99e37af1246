// Snowball stemming (libstemmer) for the index's words: "running"/"runs" → "run", "pedidos" →
// "pedid", "commandée" → "command", in the languages Snowball 2.2.0 has an algorithm for. Natively
// Debian's libstemmer-dev; in wasm the same algorithms generated from Debian's snowball source
// package (wasm/stemmer/build.sh), so both cores stem alike. The language list is fixed here, not
// asked of the library, so a library built with more or fewer algorithms cannot change the terms.
#include "parley/knowledge.h"
#include "parley/text.h"

#include <libstemmer.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <unordered_map>

namespace parley::knowledge {
namespace {
// Snowball 2.2.0's algorithms (libstemmer/modules.txt) for the languages Parley speaks (its
// language id's targets): ja, ko, zh, th, vi, ms and he have none. Others Snowball has (Nordic,
// Greek, Hungarian …) would only add bytes to the cores until a pack is written in them.
constexpr std::array<std::pair<std::string_view, const char*>, 12> kAlgorithms{{
    {"ar", "arabic"},  {"de", "german"},     {"en", "english"}, {"es", "spanish"}, {"fr", "french"},  {"hi", "hindi"},
    {"id", "indonesian"}, {"it", "italian"}, {"nl", "dutch"},   {"pt", "portuguese"}, {"ru", "russian"}, {"tr", "turkish"},
}};

const char* algorithm_of(std::string_view locale) {
  const std::size_t cut = locale.find_first_of("-_");
  const std::string_view language = locale.substr(0, cut);
  // A script subtag ("hi-Latn", "ar-Latn": romanised text) is not the script the algorithm knows.
  if (cut != std::string_view::npos) {
    const std::string_view next = locale.substr(cut + 1, locale.find_first_of("-_", cut + 1) - cut - 1);
    if (next.size() == 4) return nullptr;
  }
  for (const auto& [code, name] : kAlgorithms)
    if (code == language) return name;
  return nullptr;
}

constexpr std::size_t kMemoMax = 1 << 16;  // words remembered per thread (a few MB at most)

struct StemmerDeleter { void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); } };

// A stemmer holds its working buffer, so each thread keeps its own (the relay searches on several).
sb_stemmer* stemmer_for(const char* algorithm) {
  thread_local std::vector<std::pair<const char*, std::unique_ptr<sb_stemmer, StemmerDeleter>>> open;
  for (auto& [name, s] : open)
    if (name == algorithm) return s.get();
  open.emplace_back(algorithm, std::unique_ptr<sb_stemmer, StemmerDeleter>(sb_stemmer_new(algorithm, "UTF_8")));
  return open.back().second.get();
}
}  // namespace

bool has_stemmer(std::string_view locale) { return algorithm_of(locale) != nullptr; }

std::optional<std::string> snowball_stem(std::string_view lowered_word, std::string_view locale) {
  const char* algorithm = algorithm_of(locale);
  if (!algorithm || lowered_word.empty()) return std::nullopt;
  // Snippets stem every word of the top hits' sentences on each query, and the same words come back
  // query after query: remembering the answers costs a hash lookup instead of running the
  // algorithm (a pure function, so the terms do not change). Bounded: cleared when full.
  thread_local std::unordered_map<std::string, std::string> memo;
  std::string key(algorithm);
  key += '\0';
  key += lowered_word;
  if (auto hit = memo.find(key); hit != memo.end()) return hit->second;
  sb_stemmer* s = stemmer_for(algorithm);
  if (!s) return std::nullopt;  // the library lacks the algorithm: behave as for a language without one
  const sb_symbol* out = sb_stemmer_stem(s, reinterpret_cast<const sb_symbol*>(lowered_word.data()), static_cast<int>(lowered_word.size()));
  if (!out) return std::nullopt;  // out of memory
  std::string stem(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(s)));
  if (memo.size() >= kMemoMax) memo.clear();
  memo.emplace(std::move(key), stem);
  return stem;
}
}  // namespace parley::knowledge
