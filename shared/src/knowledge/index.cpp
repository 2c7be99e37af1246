// BM25 over per-locale partitions: each language keeps its own document frequencies, so a term
// common in Japanese articles does not lose weight because English ones lack it.
#include "parley/encoder.h"
#include "parley/knowledge.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace parley::knowledge {
namespace {
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr int kTitleWeight = 2;
constexpr double kMinCosine = 0.1;  // a title term counts as two body terms (a cheap BM25F)

std::string language_of(const std::string& locale) { return locale.substr(0, locale.find_first_of("-_")); }

double round6(double x) { return std::round(x * 1e6) / 1e6; }
}  // namespace

std::vector<std::string> fallback_order(const std::string& locale, const std::vector<std::string>& available) {
  std::vector<std::string> order;
  auto add = [&](const std::string& l) {
    if (l != locale && std::find(order.begin(), order.end(), l) == order.end()) order.push_back(l);
  };
  for (const auto& l : available) if (language_of(l) == language_of(locale)) add(l);
  for (const auto& l : available) if (l == "en") add(l);
  for (const auto& l : available) if (language_of(l) == "en") add(l);
  for (const auto& l : available) add(l);
  return order;
}

Index::Index(std::vector<Article> articles, std::shared_ptr<const Encoder> encoder)
    : articles_(std::move(articles)), encoder_(std::move(encoder)) {
  for (std::uint32_t d = 0; d < articles_.size(); ++d) {
    const Article& a = articles_[d];
    auto it = std::find_if(partitions_.begin(), partitions_.end(), [&](const Partition& p) { return p.locale == a.locale; });
    if (it == partitions_.end()) {
      partitions_.push_back(Partition{});
      partitions_.back().locale = a.locale;
      it = partitions_.end() - 1;
    }
    Partition& p = *it;
    p.docs.push_back(d);
    std::map<std::string, std::uint32_t> tf;
    std::uint32_t length = 0;
    for (auto& t : terms(a.title, a.locale)) { tf[t] += kTitleWeight; length += kTitleWeight; }
    for (auto& t : terms(a.body, a.locale)) { ++tf[t]; ++length; }
    for (const auto& tag : a.tags) for (auto& t : terms(tag, a.locale)) { ++tf[t]; ++length; }
    p.len[d] = length;
    for (auto& [term, n] : tf) p.postings[term].push_back({d, n});
  }
  for (Partition& p : partitions_) {
    double total = 0;
    for (auto& [d, n] : p.len) total += n;
    p.avg_len = p.docs.empty() ? 0 : total / static_cast<double>(p.docs.size());
    build_grams(p);
    build_vectors(p);
  }
}

double Index::idf(const Partition& p, const std::string& term) const {
  auto it = p.postings.find(term);
  double df = it == p.postings.end() ? 0 : static_cast<double>(it->second.size());
  double n = static_cast<double>(p.docs.size());
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

std::vector<Hit> Index::search_partition(const Partition& p, const std::vector<std::string>& q, const std::vector<float>& qv,
                                         const Query& query) const {
  // Scores in an array over the articles, reused per thread and cleared through the list of the
  // articles touched: with the subword and encoder channels thousands of articles get a score, and
  // a map insertion each cost more than the scoring. Each article's additions come in the same
  // order as before, so the sums are the same to the bit.
  thread_local std::vector<double> total;
  thread_local std::vector<std::uint8_t> scored;
  if (total.size() < articles_.size()) {
    total.resize(articles_.size(), 0.0);
    scored.resize(articles_.size(), 0);
  }
  std::vector<std::uint32_t> touched;
  struct Clear {  // even when something throws half-way, the next query starts from zeros
    std::vector<std::uint32_t>& docs;
    ~Clear() {
      for (std::uint32_t d : docs) {
        total[d] = 0;
        scored[d] = 0;
      }
    }
  } clear{touched};
  auto add_to = [&](std::uint32_t doc, double v) {
    if (!scored[doc]) {
      scored[doc] = 1;
      touched.push_back(doc);
    }
    total[doc] += v;
  };
  std::map<std::uint32_t, double> asked;  // the part the pack's questions gave
  for (const auto& term : q) {
    auto it = p.postings.find(term);
    if (it == p.postings.end()) continue;
    double w = idf(p, term);
    for (const Posting& post : it->second) {
      if (articles_[post.doc].internal && !query.internal) continue;
      double tf = post.tf;
      double norm = kK1 * (1 - kB + kB * p.len.at(post.doc) / p.avg_len);
      add_to(post.doc, query.word_weight * w * tf * (kK1 + 1) / (tf + norm));
    }
  }
  // The subword channels add to the words' score; an article the words missed can still come in.
  // A cosine below the floor is shared "ing " and " th" noise, not evidence: it brings nothing in.
  for (const auto& [doc, c] : subword_scores(p, query.text, false))
    if (c >= kMinCosine && (!articles_[doc].internal || query.internal)) add_to(doc, query.subword_weight * c);
  if (query.example_weight > 0 && !p.example_doc.empty())
    for (const auto& [doc, c] : subword_scores(p, query.text, true))
      if (c >= kMinCosine && (!articles_[doc].internal || query.internal)) add_to(doc, query.example_weight * c);
  // The encoder's channel: only a cosine above the floor is evidence (unrelated messages sit at
  // 0.1–0.3), rescaled so the floor adds 0 and an identical meaning adds the weight.
  if (!qv.empty()) {
    DocScores pieces, questions, examples;
    semantic_scores(p, qv, query.semantic_floor, pieces, questions, examples);
    auto add = [&](const DocScores& channel, double weight, std::map<std::uint32_t, double>* part) {
      if (weight <= 0) return;
      for (const auto& [doc, c] : channel)
        if (c > query.semantic_floor && (!articles_[doc].internal || query.internal)) {
          const double v = weight * (c - query.semantic_floor) / (1 - query.semantic_floor);
          add_to(doc, v);
          if (part) (*part)[doc] += v;
        }
    };
    add(pieces, query.semantic_weight, nullptr);
    add(questions, query.semantic_question_weight, &asked);
    add(examples, query.semantic_example_weight, nullptr);
  }
  std::vector<Hit> hits;
  hits.reserve(touched.size());
  for (std::uint32_t doc : touched) {
    const double s = total[doc];
    // Only articles the words already found are boosted: a tag never brings in an unrelated one.
    const auto& tags = articles_[doc].tags;
    bool tagged = std::any_of(query.boost_tags.begin(), query.boost_tags.end(),
                              [&](const std::string& t) { return std::find(tags.begin(), tags.end(), t) != tags.end(); });
    const double factor = tagged ? query.tag_boost : 1.0;
    auto part = asked.find(doc);
    Hit h{doc, round6(s * factor), "", false};
    h.questions = part == asked.end() ? 0 : round6(part->second * factor);
    hits.push_back(std::move(h));
  }
  // Rounded scores and the article order break ties the same way in every build (a total order, so
  // the first k are the same as after a full sort).
  auto before = [](const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; };
  const std::size_t k = std::min(hits.size(), query.k);
  std::partial_sort(hits.begin(), hits.begin() + static_cast<long>(k), hits.end(), before);
  hits.resize(k);
  for (Hit& h : hits) h.snippet = snippet(articles_[h.doc], p, q);
  return hits;
}

std::vector<Hit> Index::search(const Query& query) const {
  Query wider = query;
  wider.k = std::max<std::size_t>(query.k, 2);  // the runner-up tells how clear the lead is
  std::vector<Hit> hits = ranked(wider);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    double other = 0;
    for (std::size_t j = 0; j < hits.size(); ++j) if (j != i) { other = hits[j].score; break; }
    hits[i].confidence = round6(confidence(hits[i].score, hits[i].score - other, hits[i].questions));
  }
  if (hits.size() > query.k) hits.resize(query.k);
  return hits;
}

namespace {
// The query's distinct terms as the partition of `locale` indexed its words (its stemmer, if any),
// without function words and grammar-only kana when something else is left.
std::vector<std::string> query_terms(std::string_view text, const std::string& locale) {
  std::vector<std::string> q;
  std::set<std::string> seen;
  for (auto& t : terms(text, locale)) if (seen.insert(t).second) q.push_back(std::move(t));
  std::vector<std::string> content;
  for (const auto& t : q) if (!is_kana_only(t) && !is_stopword(t, locale)) content.push_back(t);
  if (!content.empty()) q = std::move(content);
  return q;
}
}  // namespace

std::vector<Hit> Index::ranked(const Query& query) const {
  std::vector<Hit> hits;
  if (tokenize(query.text).empty() || query.k == 0) return hits;
  // Partitions of one language share the query's terms: computed once per language.
  std::map<std::string, std::vector<std::string>> by_language;
  auto search_in = [&](const Partition& p, const std::vector<float>& qv) {
    auto [it, fresh] = by_language.try_emplace(language_of(p.locale));
    if (fresh) it->second = query_terms(query.text, p.locale);
    return search_partition(p, it->second, qv, query);
  };
  std::vector<float> qv;
  if (encoder_ && (query.semantic_weight > 0 || query.semantic_question_weight > 0 || query.semantic_example_weight > 0))
    qv = encoder_->encode(query.text);
  if (query.locale.empty()) {
    for (const Partition& p : partitions_) for (Hit& h : search_in(p, qv)) hits.push_back(std::move(h));
    std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.score != b.score ? a.score > b.score : a.doc < b.doc; });
    if (hits.size() > query.k) hits.resize(query.k);
    return hits;
  }
  std::vector<std::string> locales;
  for (const Partition& p : partitions_) locales.push_back(p.locale);
  // The asked locale, or failing an exact match the first partition of the same language.
  std::vector<std::string> order;
  if (std::find(locales.begin(), locales.end(), query.locale) != locales.end()) order.push_back(query.locale);
  for (auto& l : fallback_order(query.locale, locales)) order.push_back(l);
  auto partition = [&](const std::string& l) -> const Partition& {
    return *std::find_if(partitions_.begin(), partitions_.end(), [&](const Partition& x) { return x.locale == l; });
  };
  // Same language first (exact locale, then its regional variants), in that order.
  for (const auto& locale : order) {
    if (language_of(locale) != language_of(query.locale)) continue;
    for (Hit& h : search_in(partition(locale), qv)) hits.push_back(std::move(h));
  }
  // Another language only fills an empty answer: a weak in-language hit beats a foreign one.
  if (hits.empty() && query.fallback) {
    for (const auto& locale : order) {
      if (language_of(locale) == language_of(query.locale)) continue;
      hits = search_in(partition(locale), qv);
      for (Hit& h : hits) h.fallback = true;
      if (!hits.empty()) break;
    }
  }
  if (hits.size() > query.k) hits.resize(query.k);
  return hits;
}

std::size_t Index::term_count() const {
  std::size_t n = 0;
  for (const Partition& p : partitions_) n += p.postings.size();
  return n;
}

std::size_t Index::memory_bytes() const {
  std::size_t bytes = sizeof(*this);
  for (const Article& a : articles_) {
    bytes += sizeof(Article) + a.id.capacity() + a.title.capacity() + a.body.capacity() + a.locale.capacity();
    for (const auto& t : a.tags) bytes += sizeof(std::string) + t.capacity();
  }
  for (const Partition& p : partitions_) {
    bytes += sizeof(Partition) + p.docs.capacity() * sizeof(std::uint32_t) + p.len.size() * 32;
    for (const auto& [term, list] : p.postings)
      bytes += 48 + sizeof(std::string) + term.capacity() + list.capacity() * sizeof(Posting);
    for (const auto* grams : {&p.grams, &p.example_grams})
      for (const auto& [g, list] : *grams) bytes += 48 + list.capacity() * sizeof(GramPosting);
    bytes += p.gram_idf.size() * 32 + p.example_doc.capacity() * sizeof(std::uint32_t);
    bytes += p.piece_vectors.bytes() + p.question_vectors.bytes() + p.example_vectors.bytes();
  }
  return bytes;
}
}  // namespace parley::knowledge
