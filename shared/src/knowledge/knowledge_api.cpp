// knowledge.* methods. An index is state kept inside the core, built once from the pack's articles
// and searched many times by id; the id is a hash of the articles unless the caller names it, so
// the same pack gives the same id in every build.
//
// The retrieval encoder comes from the "retrieval" asset (models/retrieval.bin), which only Assist's
// full core is handed (the widget never loads it): with it, indexes carry the semantic channel. An
// index built before the asset arrived (or with an older one) is rebuilt on its next search.
#include "parley/api.h"
#include "parley/assets.h"
#include "parley/encoder.h"
#include "parley/knowledge.h"

#include <cstdint>
#include <cstdio>
#include <deque>

namespace parley::knowledge {
namespace {
constexpr std::size_t kMaxIndexes = 8;  // a few packs at once; the oldest is dropped

struct Registry {
  std::deque<std::pair<std::string, std::shared_ptr<const Index>>> entries;
  void put(const std::string& id, std::shared_ptr<const Index> index) {
    for (auto it = entries.begin(); it != entries.end(); ++it)
      if (it->first == id) { entries.erase(it); break; }
    entries.emplace_back(id, std::move(index));
    if (entries.size() > kMaxIndexes) entries.pop_front();
  }
  std::shared_ptr<const Index> get(const std::string& id) const {
    for (const auto& [k, v] : entries) if (k == id) return v;
    return nullptr;
  }
};
Registry& registry() {
  static Registry r;
  return r;
}

// The asset's encoder, parsed once per asset generation; null without the asset.
std::shared_ptr<const Encoder> asset_encoder() {
  static std::uint64_t generation = 0;
  static std::shared_ptr<const Encoder> encoder;
  std::uint64_t g = assets::generation("retrieval");
  if (g == 0) return nullptr;
  if (g != generation) {
    encoder = std::make_shared<const Encoder>(Encoder::parse(*assets::get("retrieval")));
    generation = g;
  }
  return encoder;
}

std::string fnv1a64_hex(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) { h ^= c; h *= 0x100000001b3ULL; }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::vector<Article> parse_articles(const Json& request) {
  const Json& list = require(request, "articles", Json::value_t::array);
  std::vector<Article> articles;
  std::map<std::string, std::size_t> ids;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string path = "/articles/" + std::to_string(i);
    Article a = parse_article(list[i], path);
    if (auto [it, fresh] = ids.emplace(a.id, i); !fresh)
      throw Error("duplicate_id", path + "/id \"" + a.id + "\" is already used by /articles/" + std::to_string(it->second), path + "/id");
    articles.push_back(std::move(a));
  }
  return articles;
}

// `history`: [{text, article_id}] lines, the workspace's messages with the article that answered them.
std::vector<Learnt> parse_history(const Json& list) {
  std::vector<Learnt> learnt;
  for (std::size_t i = 0; i < list.size(); ++i) {
    std::string p = "/history/" + std::to_string(i);
    require_object(list[i], p);
    learnt.push_back({require_string(list[i], "text", p), require_string(list[i], "article_id", p)});
  }
  return learnt;
}

Json build(const Json& request) {
  auto articles = parse_articles(request);
  std::string id = optional_string(request, "index_id", "kb-" + fnv1a64_hex(request.at("articles").dump()));
  // The workspace's history joins the index once, so every search of it learns from it.
  std::size_t learnt = 0, unknown = 0;
  if (const Json* h = optional(request, "history", Json::value_t::array)) {
    auto lines = parse_history(*h);
    articles = with_history(std::move(articles), lines, &unknown);
    learnt = lines.size() - unknown;
  }
  auto index = std::make_shared<const Index>(std::move(articles), asset_encoder());
  Json locales = Json::object();
  for (const Article& a : index->articles()) locales[a.locale] = locales.value(a.locale, 0) + 1;
  Json answer{{"index_id", id}, {"count", index->articles().size()}, {"locales", locales}, {"terms", index->term_count()},
              {"learnt", learnt}, {"history_unknown_articles", unknown}};
  registry().put(id, std::move(index));
  return answer;
}
PARLEY_METHOD("knowledge.index", build,
              "Index articles {articles:[{id,title,body,locale,tags?,audience?}], index_id?, history?:[{text,article_id}]} -> {index_id, count, locales, learnt, history_unknown_articles}");

Json search(const Json& request) {
  std::shared_ptr<const Index> index;
  if (request.is_object() && request.contains("articles")) {
    index = std::make_shared<const Index>(parse_articles(request), asset_encoder());  // one-off: nothing kept
  } else {
    std::string id = require_string(request, "index_id");
    index = registry().get(id);
    if (!index) throw Error("unknown_index", "/index_id \"" + id + "\" is not indexed (call knowledge.index first)", "/index_id");
    if (auto encoder = asset_encoder(); encoder != index->encoder()) {
      index = std::make_shared<const Index>(index->articles(), encoder);
      registry().put(id, index);
    }
  }
  Query q;
  q.text = require_string(request, "query");
  q.locale = optional_string(request, "locale", "");
  double k = optional_number(request, "k", 5);
  if (k < 0 || k > 100 || k != static_cast<double>(static_cast<int>(k)))
    throw Error("invalid_value", "/k must be a whole number from 0 to 100", "/k");
  q.k = static_cast<std::size_t>(k);
  std::string audience = optional_string(request, "audience", "public");
  if (audience != "public" && audience != "internal")
    throw Error("invalid_value", "/audience must be \"public\" or \"internal\"", "/audience");
  q.internal = audience == "internal";
  if (const Json* f = optional(request, "fallback", Json::value_t::boolean)) q.fallback = f->get<bool>();
  // "encoder": false ranks by words and n-grams only (the lexical channels on their own).
  if (const Json* e = optional(request, "encoder", Json::value_t::boolean); e && !e->get<bool>())
    q.semantic_weight = q.semantic_example_weight = 0;
  if (const Json* ex = optional(request, "history", Json::value_t::array))  // one-off learning for this query
    index = std::make_shared<const Index>(with_history(index->articles(), parse_history(*ex)), index->encoder());
  if (const Json* tags = optional(request, "boost_tags", Json::value_t::array)) {
    for (std::size_t i = 0; i < tags->size(); ++i) {
      if (!(*tags)[i].is_string()) throw Error("invalid_type", "/boost_tags/" + std::to_string(i) + " must be a string", "/boost_tags/" + std::to_string(i));
      q.boost_tags.push_back((*tags)[i].get<std::string>());
    }
  }
  double boost = optional_number(request, "tag_boost", q.tag_boost);
  if (!(boost >= 1 && boost <= 10)) throw Error("invalid_value", "/tag_boost must be from 1 to 10", "/tag_boost");
  q.tag_boost = boost;

  Json hits = Json::array();
  for (const Hit& h : index->search(q)) {
    const Article& a = index->articles()[h.doc];
    hits.push_back({{"article_id", a.id}, {"title", a.title}, {"locale", a.locale}, {"score", h.score},
                    {"confidence", h.confidence}, {"snippet", h.snippet}, {"fallback", h.fallback}, {"audience", a.internal ? "internal" : "public"}});
  }
  return Json{{"hits", hits}, {"query_terms", terms(q.text).size()}};
}
PARLEY_METHOD("knowledge.search", search,
              "BM25 + character n-gram + trained encoder (the \"retrieval\" asset, when loaded) search {index_id|articles, query, locale?, k?, audience?, fallback?, boost_tags?, tag_boost?, history?, encoder?} -> {hits:[{article_id,title,score,confidence,snippet,fallback}]}");

Json tokens(const Json& request) {
  std::string s = require_string(request, "text");
  // With a locale, the terms an article or a query of that locale is indexed by (its stems).
  std::string locale = optional_string(request, "locale", "", "");
  Json out = Json::array();
  for (const Token& t : tokenize(s, true, locale)) out.push_back(t.term);
  return Json{{"terms", out}};
}
PARLEY_METHOD("knowledge.terms", tokens, "The search terms of {text, locale?}: folded words (Snowball stems for a locale with a stemmer), CJK/Hangul/Thai bigrams");

Json stats(const Json& request) {
  std::string id = require_string(request, "index_id");
  auto index = registry().get(id);
  if (!index) throw Error("unknown_index", "/index_id \"" + id + "\" is not indexed", "/index_id");
  Json out{{"index_id", id}, {"count", index->articles().size()}, {"terms", index->term_count()}, {"bytes", index->memory_bytes()}};
  if (const auto& e = index->encoder()) out["encoder"] = Json{{"dim", e->dim()}, {"rows", e->stored_rows()}, {"bytes", e->memory_bytes()}};
  return out;
}
PARLEY_METHOD("knowledge.stats", stats, "Size of an index {index_id} -> {count, terms, bytes, encoder?}");
}  // namespace
}  // namespace parley::knowledge
