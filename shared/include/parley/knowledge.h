// Parley — knowledge: the workspace pack's articles, searchable in every language the pack speaks.
//
// ICU-free on purpose: the same tokens and scores in the widget core, the full core and natively.
//
// Index
//   [SECTION] Tokens     folding and tokenisation (words; bigrams for CJK, Hangul, Thai runs)
//   [SECTION] Articles   what an article is, parsed with errors that name the field
//   [SECTION] Index      BM25 per locale, cross-locale fallback, snippets for citations
#pragma once
#include "parley/api.h"

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parley::knowledge {

//-----------------------------------------------------------------------------
// [SECTION] Tokens
//-----------------------------------------------------------------------------
struct Token {
  std::string term;   // folded: lower case, no diacritics, Arabic letter variants unified
  std::size_t start;  // UTF-8 byte span in the original text
  std::size_t end;
};

// Precondition: valid UTF-8. Words for space-separated scripts (with a light plural/article
// folding for Latin and Arabic); overlapping character bigrams for runs of Han/Kana, Hangul, Thai,
// Lao, Khmer and Myanmar, so no dictionary is needed. A one-character run is its own token.
// `light_folding` off keeps endings (the lint must tell Spanish "tienes" from "tiene").
std::vector<Token> tokenize(std::string_view text, bool light_folding = true);
std::vector<std::string> terms(std::string_view text);
// Hiragana-only terms are mostly grammar (です, ます, ください); queries drop them when they have
// other terms.
bool is_kana_only(std::string_view term);
// Function words (en, pt, es, fr, de, ar): queries drop them too when they have other terms.
bool is_stopword(const std::string& term);

//-----------------------------------------------------------------------------
// [SECTION] Articles
//-----------------------------------------------------------------------------
struct Article {
  std::string id, title, body, locale;  // locale is BCP-47 ("pt-BR")
  std::vector<std::string> tags;
  bool internal = false;  // audience "internal": agents only, never shown to customers
};

// `path` is the JSON pointer of `value` (for errors).
Article parse_article(const Json& value, const std::string& path);

//-----------------------------------------------------------------------------
// [SECTION] Index
//-----------------------------------------------------------------------------
struct Query {
  std::string text;
  std::string locale;        // "" searches every locale
  bool internal = false;     // true: agent view (internal and public articles)
  std::size_t k = 5;
  bool fallback = true;      // no hit in the locale: search the others (same language first, then en)
  std::vector<std::string> boost_tags;  // e.g. the triaged intent: matching articles rank higher
  double tag_boost = 1.5;    // score factor for an article carrying any of boost_tags
};

struct Hit {
  std::size_t doc;           // position in articles()
  double score;              // BM25, rounded to 1e-6 so native and wasm agree byte for byte
  std::string snippet;       // the sentence around the best match, for citing
  bool fallback;             // found in another locale than asked
};

class Index {
 public:
  explicit Index(std::vector<Article> articles);
  std::vector<Hit> search(const Query& query) const;
  const std::vector<Article>& articles() const { return articles_; }
  std::size_t memory_bytes() const;  // estimate of what the index holds (bench, stats)
  std::size_t term_count() const;

 private:
  struct Posting { std::uint32_t doc; std::uint32_t tf; };
  struct Partition {  // one locale: its own document frequencies and lengths
    std::string locale;
    std::vector<std::uint32_t> docs;                       // article positions
    std::unordered_map<std::uint32_t, std::uint32_t> len;  // doc -> token count
    std::unordered_map<std::string, std::vector<Posting>> postings;
    double avg_len = 0;
  };
  std::vector<Hit> search_partition(const Partition& p, const std::vector<std::string>& q, const Query& query) const;
  double idf(const Partition& p, const std::string& term) const;
  std::string snippet(const Article& a, const Partition& p, const std::vector<std::string>& q) const;

  std::vector<Article> articles_;
  std::vector<Partition> partitions_;
};

// Locales to try after `locale`: same language other regions, then English, then the rest.
std::vector<std::string> fallback_order(const std::string& locale, const std::vector<std::string>& available);

}  // namespace parley::knowledge
