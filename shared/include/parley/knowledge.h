// Parley — knowledge: the workspace pack's articles, searchable in every language the pack speaks.
//
// ICU-free on purpose: the same tokens and scores in the widget core, the full core and natively.
//
// Index
//   [SECTION] Tokens     folding and tokenisation (words; bigrams for CJK, Hangul, Thai runs)
//   [SECTION] Articles   what an article is, parsed with errors that name the field
//   [SECTION] Index      BM25 + character n-gram cosine + the trained encoder (parley/encoder.h) per
//                        locale, cross-locale fallback, snippets
#pragma once
#include "parley/api.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace parley::knowledge {
class Encoder;

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
// With a `locale` that has a Snowball stemmer (has_stemmer), a word's term is its stem instead
// (see tokenize.cpp); other locales, and "", keep the light folding. The index passes the
// article's locale; the encoder's features and the n-grams use no locale.
std::vector<Token> tokenize(std::string_view text, bool light_folding = true, std::string_view locale = {});
std::vector<std::string> terms(std::string_view text, std::string_view locale = {});
// Snowball 2.2.0 (libstemmer) for the locale's language ("pt-BR": Portuguese): ar de en es fr hi
// id it nl pt ru tr; none with a script subtag ("hi-Latn"). `lowered_word` is one lower-case UTF-8
// word, accents kept; nullopt for a language without an algorithm.
bool has_stemmer(std::string_view locale);
std::optional<std::string> snowball_stem(std::string_view lowered_word, std::string_view locale);
// Hashed character 3–5-grams of the folded terms, with counts (the index's subword channel).
std::map<std::uint32_t, double> gram_counts(std::string_view text);
std::map<std::uint32_t, double> gram_counts(const std::vector<std::string>& folded_terms);  // of terms() already made
std::uint32_t fnv1a32(std::string_view s);  // the hash of n-grams and encoder features
// Hiragana-only terms are mostly grammar (です, ます, ください); queries drop them when they have
// other terms.
bool is_kana_only(std::string_view term);
// Function words (en, pt, es, fr, de, ar): queries drop them too when they have other terms.
// `locale` as for terms(): the list goes through the same stemmer as the query.
bool is_stopword(const std::string& term, std::string_view locale = {});
// The sentences of a text (., !, ?, 。, ؟, line ends), trimmed, in order.
std::vector<std::string_view> split_sentences(std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] Articles
//-----------------------------------------------------------------------------
struct Article {
  std::string id, title, body, locale;  // locale is BCP-47 ("pt-BR")
  std::vector<std::string> tags;
  std::vector<std::string> examples;  // questions the pack says this article answers
  std::vector<std::string> learnt;    // messages it answered in the workspace's history (with_history)
  bool internal = false;  // audience "internal": agents only, never shown to customers
};

// `path` is the JSON pointer of `value` (for errors).
Article parse_article(const Json& value, const std::string& path);

// The workspace's history: a message and the article that answered it (the agent inserted it, the
// customer said it helped, or an agent corrected the pick). It becomes the article's `learnt`.
struct Learnt { std::string text, article_id; };
// Articles with each history line appended to its article's `learnt` (unknown ids are skipped and
// counted in `unknown`, when given).
std::vector<Article> with_history(std::vector<Article> articles, const std::vector<Learnt>& history, std::size_t* unknown = nullptr);

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
  // Score factor for an article carrying any of boost_tags. 3 was chosen on validation (`parley bench
  // retrieval --only demo --validation --tag-boost X`, pooled top-1 / ECE: 1.5 → 0.827 / 0.191,
  // 2 → 0.846 / 0.168, 3 → 0.859 / 0.154, 5 → 0.846 / 0.182, 10 → 0.859 / 0.196).
  double tag_boost = 3;
  // Fusion of the two channels (see Index): BM25 over words and cosine over character n-grams.
  double word_weight = 0.05;     // per BM25 point
  double subword_weight = 1.0;   // per unit of cosine (title, body, tags)
  double example_weight = 1.0;   // per unit of cosine with the article's best-matching example
  // The encoder's channel (when the index has one): cosine of the message with the article's
  // best-matching piece (title, title + tags, a body sentence) and, separately, the mean of its
  // best few pack questions' and of its best few history messages' cosines; each rescaled from
  // the floor (0) to 1.
  double semantic_weight = 1.0;
  double semantic_question_weight = 1.0;  // 1, not 3: a pack's ~8 questions are not a history's ~100
  double semantic_example_weight = 3.0;  // 3, not 1: on validation the vote alone beat the weight-1 fusion
  double semantic_floor = 0.3;
};

struct Hit {
  std::size_t doc;           // position in articles()
  double score;              // fused score, rounded to 1e-6 so native and wasm agree byte for byte
  std::string snippet;       // the sentence around the best match, for citing
  bool fallback;             // found in another locale than asked
  // Probability that this article answers the message: a logistic over the fused score, its
  // lead over the best other hit and the part of the score the pack's example questions gave (see
  // confidence.cpp for how it was calibrated), rounded to 1e-6.
  double confidence = 0;
  double questions = 0;      // what the encoder's vote over the pack's questions added to `score`
};

// Confidence of a hit with fused `score` that leads the best other hit by `margin` (negative if
// behind), `questions` of the score coming from the pack's example questions.
double confidence(double score, double margin, double questions = 0);

class Index {
 public:
  // With `encoder`, every article's pieces are embedded at construction (see Query).
  explicit Index(std::vector<Article> articles, std::shared_ptr<const Encoder> encoder = nullptr);
  std::vector<Hit> search(const Query& query) const;  // with confidence filled
  const std::vector<Article>& articles() const { return articles_; }
  const std::shared_ptr<const Encoder>& encoder() const { return encoder_; }  // null: no semantic channel
  std::size_t memory_bytes() const;  // estimate of what the index holds (bench, stats)
  std::size_t term_count() const;

 private:
  struct Posting { std::uint32_t doc; std::uint32_t tf; };
  struct GramPosting { std::uint32_t doc; double weight; };  // doc: article, or example for examples
  struct Partition {  // one locale: its own document frequencies and lengths
    std::string locale;
    std::vector<std::uint32_t> docs;                       // article positions
    std::unordered_map<std::uint32_t, std::uint32_t> len;  // doc -> token count
    std::unordered_map<std::string, std::vector<Posting>> postings;
    double avg_len = 0;
    // Character 3–5-grams (hashed), TF-IDF weighted and L2-normalised per article and per example:
    // spelling variants, inflections and compounds meet without a stemmer for every language.
    std::unordered_map<std::uint32_t, std::vector<GramPosting>> grams, example_grams;
    std::unordered_map<std::uint32_t, double> gram_idf;
    std::vector<std::uint32_t> example_doc;  // example position -> article
    // The encoder's vectors, with their article: article pieces, the pack's example questions,
    // the history's messages. Stored as int8 with a scale each: a query scans every vector, and a
    // quarter of the floats' bytes is most of its time (10k articles: ~100k vectors); integer dot
    // products are exact, so every build ranks alike.
    struct Dense {
      std::vector<std::int8_t> values;  // size() × dim
      std::vector<float> scales;        // per vector: value × scale is the unit vector's component
      std::vector<std::uint32_t> doc;   // per vector: its article
      void add(const std::vector<float>& unit, std::uint32_t article);
      std::size_t size() const { return doc.size(); }
      std::size_t bytes() const { return values.capacity() + scales.capacity() * sizeof(float) + doc.capacity() * sizeof(std::uint32_t); }
    };
    Dense piece_vectors, question_vectors, example_vectors;
  };
  void build_vectors(Partition& p);
  // Per article, in article order: its best piece's cosine (only when above `floor`), and the mean
  // of its best kExampleVotes pack questions' and history messages' cosines.
  using DocScores = std::vector<std::pair<std::uint32_t, double>>;
  void semantic_scores(const Partition& p, const std::vector<float>& q, double floor, DocScores& pieces, DocScores& questions,
                       DocScores& examples) const;
  static std::unordered_map<std::uint32_t, double> gram_vector(const Partition& p, std::string_view text);
  void build_grams(Partition& p);
  // Cosine per article; with `examples`, each article's best cosine over its examples.
  std::vector<std::pair<std::uint32_t, double>> subword_scores(const Partition& p, std::string_view text, bool examples) const;
  std::vector<Hit> ranked(const Query& query) const;
  std::vector<Hit> search_partition(const Partition& p, const std::vector<std::string>& q, const std::vector<float>& qv,
                                    const Query& query) const;
  double idf(const Partition& p, const std::string& term) const;
  std::string snippet(const Article& a, const Partition& p, const std::vector<std::string>& q) const;

  std::vector<Article> articles_;
  std::vector<Partition> partitions_;
  std::shared_ptr<const Encoder> encoder_;
};

// Locales to try after `locale`: same language other regions, then English, then the rest.
std::vector<std::string> fallback_order(const std::string& locale, const std::vector<std::string>& available);

}  // namespace parley::knowledge
