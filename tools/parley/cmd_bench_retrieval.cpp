// `parley bench retrieval [--json]`: does knowledge search find the article that answers how
// customers actually write? The headline retrieval figure (replaces bench assist's judged nDCG).
//
//   banking77, clinc150  one help article per intent, written from the intent's name only
//                        (data/knowledge-bench/, see its README); the query is every test utterance,
//                        the right article is its intent's. CLINC150's out-of-scope test messages have
//                        no right article (for the "nothing fits" figures once confidence exists).
//   demo                 the demo pack's knowledge base per locale; queries are the project's held-out
//                        triage messages (data/triage/heldout) of that language; the right articles
//                        are the public ones the pack tags with the message's intent.
//   methods              Parley's knowledge index, SQLite FTS5 (unicode61), a character 3–5-gram
//                        TF-IDF cosine, all in the same run; fastText trained on the dataset's train
//                        split (article id as the label) is the adapted reference.
//   encoder              zero-shot: Parley with an encoder trained WITHOUT the tested dataset
//                        (trained in the run, cached by a hash of its data and options); adapted:
//                        models/retrieval.bin (trained on every train split) with the train split as
//                        history. The demo pack uses the shipped encoder (the held-out messages are
//                        never trained on) and, beside it, the triaged intent as a prior over the
//                        articles the pack tags with it.
//   --validation         the same on validation data (Banking77: every 5th train message, the rest as
//                        history; CLINC150: its val split; the demo pack: every 10th of the project's
//                        training messages, with a triage model and an encoder trained without them):
//                        what the channel weights and the triage prior's boost were chosen on.
#include "bench_fts.h"
#include "cmd_triage_common.h"
#include "parley/assets.h"
#include "parley/command.h"
#include "parley/encoder.h"
#include "parley/knowledge.h"
#include "parley/triage.h"
#include "retrieval_data.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include <unistd.h>

namespace parley::cli {
namespace {
namespace fs = std::filesystem;
using triage_tools::Row;
using triage_tools::read_rows;

struct Query { std::string text, locale; std::set<std::string> relevant; std::string intent = ""; };  // empty relevant: nothing fits
struct Labelled { std::string text, article_id; };
struct Dataset {
  std::string name;
  std::vector<knowledge::Article> articles;
  std::vector<Query> queries;
  std::vector<Labelled> train;  // history for the adapted figures
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<knowledge::Article> kb_articles(const fs::path& file) {
  Json kb = Json::parse(slurp(file));
  std::vector<knowledge::Article> out;
  for (std::size_t i = 0; i < kb["articles"].size(); ++i) {
    Json a = kb["articles"][i];
    if (!a.contains("locale")) a["locale"] = kb["locale"];
    out.push_back(knowledge::parse_article(a, "/articles/" + std::to_string(i)));
  }
  return out;
}

// Two-column CSV (text,label) with RFC 4180 quoting, as Banking77 ships.
std::vector<Labelled> csv_rows(const fs::path& file) {
  std::string s = slurp(file);
  std::vector<Labelled> out;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, header = true;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : '\n';
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') { field += '"'; ++i; }
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') { fields.push_back(field); field.clear(); }
    else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      fields.push_back(field); field.clear();
      if (fields.size() == 2 && !header) out.push_back({fields[0], fields[1]});
      if (fields.size() == 2) header = false;
      fields.clear();
    } else field += c;
  }
  return out;
}

Dataset banking77(bool validation) {
  Dataset d{"banking77", kb_articles(fs::path(source_dir()) / "data/knowledge-bench/banking77.json"), {}, {}};
  fs::path dir = fs::path(shared_dir()) / "data/intent/banking77";
  auto train = csv_rows(dir / "train.csv");
  if (!validation) {
    for (auto& r : csv_rows(dir / "test.csv")) d.queries.push_back({r.text, "en", {r.article_id}});
    d.train = train;
    return d;
  }
  for (std::size_t i = 0; i < train.size(); ++i) {
    if (i % 5 == 0) d.queries.push_back({train[i].text, "en", {train[i].article_id}});
    else d.train.push_back(train[i]);
  }
  return d;
}

Dataset clinc150(bool validation) {
  Dataset d{"clinc150", kb_articles(fs::path(source_dir()) / "data/knowledge-bench/clinc150.json"), {}, {}};
  Json data = Json::parse(slurp(fs::path(shared_dir()) / "data/intent/clinc150/data_full.json"));
  for (const auto& r : data[validation ? "val" : "test"]) d.queries.push_back({r[0], "en", {r[1].get<std::string>()}});
  for (const auto& r : data[validation ? "oos_val" : "oos_test"]) d.queries.push_back({r[0], "en", {}});
  for (const auto& r : data["train"]) d.train.push_back({r[0], r[1]});
  return d;
}

// The demo pack's articles in `locale`; the queries are `messages` (text + intent) of that language.
Dataset demo_language(const std::string& locale, const std::vector<Row>& messages) {
  fs::path root = source_dir();
  Dataset d{"demo-" + locale, kb_articles(root / "site/packs/demo/kb" / (locale + ".json")), {}, {}};
  for (const auto& m : messages) {
    Query q{m.text, locale, {}, m.intent};
    for (const auto& a : d.articles)
      if (!a.internal && std::find(a.tags.begin(), a.tags.end(), m.intent) != a.tags.end()) q.relevant.insert(a.id);
    d.queries.push_back(q);
  }
  return d;
}

const std::vector<std::string> kDemoLocales = {"en", "es", "pt-BR", "ja", "ko", "ar"};


// A pack with example questions, simulated: every other article (by a hash of its id) gets the
// first `n` train messages of its intent as `examples`, taken out of the history. Half, so that
// one confidence fit sees articles with and without questions, as real packs mix them.
Dataset with_questions(Dataset d, std::size_t n) {
  if (n == 0) return d;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < d.articles.size(); ++i)
    if (triage::hash_key('q', d.articles[i].id) % 2 == 0) index[d.articles[i].id] = i;
  std::vector<Labelled> rest;
  for (auto& r : d.train) {
    auto it = index.find(r.article_id);
    if (it != index.end() && d.articles[it->second].examples.size() < n) d.articles[it->second].examples.push_back(r.text);
    else rest.push_back(std::move(r));
  }
  d.train = std::move(rest);
  return d;
}

// Character 3–5-grams of the lower-cased text with word boundaries marked, sublinear TF, smoothed
// IDF, cosine: the classic strong lexical baseline for short, misspelt messages.
class CharTfidf {
 public:
  explicit CharTfidf(const std::vector<knowledge::Article>& articles) {
    for (const auto& a : articles) docs_.push_back(counts(a.title + " " + a.body));
    for (const auto& d : docs_) for (const auto& [g, n] : d) ++df_[g];
    for (auto& d : docs_) d = weigh(d);
  }
  std::vector<std::size_t> search(const std::string& text, std::size_t k) const {
    auto q = weigh(counts(text));
    std::vector<std::pair<double, std::size_t>> scored;
    for (std::size_t i = 0; i < docs_.size(); ++i) {
      double s = 0;
      for (const auto& [g, w] : q) if (auto it = docs_[i].find(g); it != docs_[i].end()) s += w * it->second;
      if (s > 0) scored.push_back({-s, i});
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < scored.size() && i < k; ++i) out.push_back(scored[i].second);
    return out;
  }

 private:
  using Vec = std::unordered_map<std::string, double>;
  static Vec counts(const std::string& text) {
    std::vector<std::string> chars{" "};
    for (std::size_t i = 0; i < text.size();) {
      unsigned char c = static_cast<unsigned char>(text[i]);
      std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      std::string ch = text.substr(i, n);
      if (n == 1) ch = std::isalnum(c) ? std::string(1, static_cast<char>(std::tolower(c))) : " ";
      if (!(ch == " " && chars.back() == " ")) chars.push_back(ch);
      i += n;
    }
    if (chars.back() != " ") chars.push_back(" ");
    Vec v;
    for (std::size_t n = 3; n <= 5; ++n)
      for (std::size_t i = 0; i + n <= chars.size(); ++i) {
        std::string g;
        for (std::size_t j = i; j < i + n; ++j) g += chars[j];
        v[g] += 1;
      }
    return v;
  }
  Vec weigh(const Vec& tf) const {
    Vec v;
    double norm = 0, n = static_cast<double>(docs_.size());
    for (const auto& [g, c] : tf) {
      auto it = df_.find(g);
      double df = it == df_.end() ? 0 : it->second;
      double w = (1 + std::log(c)) * (std::log((1 + n) / (1 + df)) + 1);
      v[g] = w;
      norm += w * w;
    }
    for (auto& [g, w] : v) w /= std::sqrt(std::max(norm, 1e-12));
    return v;
  }
  std::vector<Vec> docs_;
  std::unordered_map<std::string, double> df_;
};

std::string one_line(std::string s) {
  for (char& c : s) if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s.find_first_not_of(' ') == std::string::npos ? "_" : s;
}

// Debian's fastText with the flags of ../shared/DATA.md, labels = article ids; top 3 per query.
// Absent (nullopt) without /usr/bin/fasttext.
std::optional<std::vector<std::vector<std::string>>> fasttext_top3(const Dataset& d) {
  if (!fs::exists("/usr/bin/fasttext") || d.train.empty()) return std::nullopt;
  char tmpl[] = "/tmp/parley-retrieval-XXXXXX";
  if (!mkdtemp(tmpl)) return std::nullopt;
  std::string dir = tmpl;
  {
    std::ofstream tr(dir + "/train.txt"), te(dir + "/test.txt");
    for (const auto& r : d.train) tr << "__label__" << r.article_id << ' ' << one_line(r.text) << '\n';
    for (const auto& q : d.queries) te << one_line(q.text) << '\n';
  }
  std::string cmd = "cd " + dir + " && nice -n 10 /usr/bin/fasttext supervised -input train.txt -output model -dim 32 -minn 3 -maxn 5 "
                    "-wordNgrams 2 -bucket 100000 -epoch 100 -lr 1.0 -thread 2 >/dev/null 2>&1 && "
                    "/usr/bin/fasttext predict model.bin test.txt 3 > pred.txt 2>/dev/null";
  std::optional<std::vector<std::vector<std::string>>> out;
  if (std::system(cmd.c_str()) == 0) {
    out.emplace();
    std::ifstream in(dir + "/pred.txt");
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> ids;
      std::istringstream words(line);
      std::string w;
      while (words >> w) if (w.rfind("__label__", 0) == 0) ids.push_back(w.substr(9));
      out->push_back(ids);
    }
    if (out->size() != d.queries.size()) out.reset();
  }
  fs::remove_all(dir);
  return out;
}

// Is the top hit's confidence honest? Every query counts, a query with no right article as wrong.
struct Calibration {
  std::vector<std::pair<double, bool>> seen;  // top-1 confidence, top-1 right
  void add(const Query& q, const std::vector<knowledge::Hit>& hits, const knowledge::Index& ix) {
    if (hits.empty()) { seen.push_back({0.0, false}); return; }
    seen.push_back({hits[0].confidence, q.relevant.count(ix.articles()[hits[0].doc].id) > 0});
  }
  Json json() const {
    auto r = [](double x) { return std::round(1e4 * x) / 1e4; };
    double ece = 0;
    for (int b = 0; b < 10; ++b) {
      double conf = 0, right = 0, n = 0;
      for (const auto& [c, ok] : seen)
        if (std::min(int(c * 10), 9) == b) { conf += c; right += ok; ++n; }
      if (n > 0) ece += std::abs(conf / n - right / n) * n;
    }
    auto sorted = seen;
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    Json at = Json::object();
    for (double coverage : {0.25, 0.5, 0.8, 1.0}) {
      std::size_t n = std::max<std::size_t>(1, std::size_t(coverage * double(sorted.size())));
      double right = 0;
      for (std::size_t i = 0; i < n && i < sorted.size(); ++i) right += sorted[i].second;
      at[std::to_string(int(coverage * 100))] = r(right / double(n));
    }
    return Json{{"ece", r(seen.empty() ? 0 : ece / double(seen.size()))}, {"precision_at_coverage", at}, {"queries", seen.size()}};
  }
};

struct RetrievalTally {
  std::size_t n = 0, top1 = 0, top3 = 0;
  void add(const Query& q, const std::vector<std::string>& ranked) {
    if (q.relevant.empty()) return;
    ++n;
    for (std::size_t i = 0; i < ranked.size() && i < 3; ++i)
      if (q.relevant.count(ranked[i])) { top1 += i == 0; ++top3; break; }
  }
  Json json() const {
    auto r = [&](std::size_t x) { return n ? std::round(1e4 * double(x) / double(n)) / 1e4 : 0.0; };
    return Json{{"top1", r(top1)}, {"top3", r(top3)}, {"queries", n}};
  }
};

std::vector<knowledge::Learnt> history_of(const Dataset& d) {
  std::vector<knowledge::Learnt> out;
  for (const auto& r : d.train) out.push_back({r.text, r.article_id});
  return out;
}

// Channel weights under test (the defaults are knowledge::Query's) and what to measure.
struct Setup {
  knowledge::Query base;
  bool triage_prior = false;     // demo: boost the articles tagged with the triaged intent
  bool fit_confidence = false;   // report the confidence logistic refitted on these queries
};

knowledge::Query query_of(const Setup& setup, const Query& q) {
  knowledge::Query kq = setup.base;
  kq.text = q.text;
  kq.locale = q.locale;
  kq.k = 3;
  return kq;
}

std::vector<std::string> ids_of(const knowledge::Index& ix, const std::vector<knowledge::Hit>& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits) ids.push_back(ix.articles()[h.doc].id);
  return ids;
}

// The triage model's intent for a message (models/triage.bin through triage.classify).
std::string triaged_intent(const std::string& text) {
  Json r = api::call("triage.classify", Json{{"text", text}});
  return r.value("intent", "");
}

// Logistic fit of "top hit right" on (1, score, margin, questions): the coefficients
// confidence.cpp carries. Without any pack questions the last input is always 0 and left out.
Json fit_confidence(const std::vector<std::array<double, 4>>& seen) {
  const bool asked = std::any_of(seen.begin(), seen.end(), [](const auto& s) { return s[3] != 0; });
  std::vector<std::vector<double>> x;
  std::vector<int> y;
  for (const auto& [score, margin, right, questions] : seen) {
    x.push_back({1.0, score, margin});
    if (asked) x.back().push_back(questions);
    y.push_back(right > 0.5);
  }
  auto beta = triage::fit_familiarity(x, y, std::vector<double>(x.size(), 1.0));
  return Json{{"bias", beta[0]}, {"score", beta[1]}, {"margin", beta[2]}, {"questions", asked ? beta[3] : 0.0}, {"queries", x.size()}};
}

Json measure(const Dataset& d, const Setup& setup, std::shared_ptr<const knowledge::Encoder> zero_shot,
             std::shared_ptr<const knowledge::Encoder> adapted_encoder, bool with_fasttext) {
  knowledge::Index index(d.articles, zero_shot), plain(d.articles);
  Fts fts(false);
  Json rows = Json::array();
  for (const auto& a : d.articles)
    if (!a.internal) rows.push_back(Json{{"id", a.id}, {"locale", a.locale}, {"title", a.title}, {"body", a.body}});
  fts.add_all(rows);
  std::vector<knowledge::Article> public_articles;
  for (const auto& a : d.articles) if (!a.internal) public_articles.push_back(a);
  CharTfidf tfidf(public_articles);
  RetrievalTally parley, no_encoder, encoder_only, words, sqlite, ngram, prior, fast, adapted, adapted_no_encoder, knn;
  Calibration calibration, prior_calibration;
  std::vector<std::array<double, 4>> fit;
  double none_confidence = 0;
  for (const auto& q : d.queries) {
    knowledge::Query kq = query_of(setup, q);
    auto hits = index.search(kq);
    parley.add(q, ids_of(index, hits));
    calibration.add(q, hits, index);
    if (setup.fit_confidence && !hits.empty()) {
      double margin = hits[0].score - (hits.size() > 1 ? hits[1].score : 0);
      fit.push_back({hits[0].score, margin, q.relevant.count(index.articles()[hits[0].doc].id) ? 1.0 : 0.0, hits[0].questions});
    } else if (setup.fit_confidence) {
      fit.push_back({0, 0, 0, 0});
    }
    if (q.relevant.empty() && !hits.empty()) none_confidence += hits[0].confidence;
    no_encoder.add(q, ids_of(plain, plain.search(kq)));
    if (zero_shot) {
      knowledge::Query only = kq;
      only.word_weight = only.subword_weight = only.example_weight = 0;
      only.semantic_floor = -1;  // every article ranked by its cosine alone
      encoder_only.add(q, ids_of(index, index.search(only)));
    }
    knowledge::Query w = kq;
    w.word_weight = 1; w.subword_weight = 0; w.example_weight = 0; w.semantic_weight = 0; w.semantic_example_weight = 0;
    words.add(q, ids_of(plain, plain.search(w)));
    if (setup.triage_prior && !q.intent.empty()) {
      knowledge::Query boosted = kq;
      boosted.boost_tags = {triaged_intent(q.text)};
      auto b = index.search(boosted);
      prior.add(q, ids_of(index, b));
      prior_calibration.add(q, b, index);
    }
    sqlite.add(q, fts.search(q.text, q.locale));
    std::vector<std::string> ids;
    for (std::size_t i : tfidf.search(q.text, 3)) ids.push_back(public_articles[i].id);
    ngram.add(q, ids);
  }
  Json out{{"articles", public_articles.size()}, {"parley", parley.json()}, {"parley_no_encoder", no_encoder.json()},
           {"parley_words_only", words.json()}, {"fts5", sqlite.json()}, {"char_ngram_tfidf", ngram.json()}};
  if (zero_shot) out["encoder_only"] = encoder_only.json();
  if (setup.triage_prior) {
    out["parley_triage_prior"] = prior.json();
    out["parley_triage_prior"]["confidence"] = prior_calibration.json();
  }
  std::size_t none = std::count_if(d.queries.begin(), d.queries.end(), [](const Query& q) { return q.relevant.empty(); });
  out["queries_without_article"] = none;
  out["confidence"] = calibration.json();
  if (none) out["confidence"]["mean_top1_when_nothing_fits"] = std::round(1e4 * none_confidence / double(none)) / 1e4;
  if (setup.fit_confidence) out["confidence_fit"] = fit_confidence(fit);
  if (with_fasttext) {
    auto history = knowledge::with_history(d.articles, history_of(d));
    knowledge::Index learnt(history, adapted_encoder), learnt_plain(history);
    for (const auto& q : d.queries) {
      knowledge::Query kq = query_of(setup, q);
      adapted.add(q, ids_of(learnt, learnt.search(kq)));
      adapted_no_encoder.add(q, ids_of(learnt_plain, learnt_plain.search(kq)));
      if (adapted_encoder) {
        knowledge::Query only = kq;
        only.word_weight = only.subword_weight = only.example_weight = only.semantic_weight = 0;
        only.semantic_floor = -1;
        knn.add(q, ids_of(learnt, learnt.search(only)));
      }
    }
    out["adapted"] = Json{{"history", d.train.size()}, {"parley", adapted.json()}, {"parley_no_encoder", adapted_no_encoder.json()}};
    if (adapted_encoder) out["adapted"]["encoder_knn_only"] = knn.json();
    if (auto pred = fasttext_top3(d)) {
      for (std::size_t i = 0; i < d.queries.size(); ++i) fast.add(d.queries[i], (*pred)[i]);
      out["adapted"]["fasttext"] = fast.json();
    } else {
      out["adapted"]["fasttext"] = Json{{"error", "fastText not available (/usr/bin/fasttext)"}};
    }
  }
  return out;
}

// An encoder trained without `exclude`, from the cache when the same data and options were trained
// before ($PARLEY_CACHE or ~/.cache/parley, keyed by a hash of every message, label and option).
std::shared_ptr<const knowledge::Encoder> encoder_without(const std::set<std::string>& exclude, std::size_t steps, Json& report,
                                                          const std::set<std::string>& left_out = {}) {
  auto data = retrieval_training_data(exclude);
  if (!left_out.empty()) std::erase_if(data, [&](const knowledge::LabelledText& x) { return left_out.count(x.text) > 0; });
  auto o = retrieval_train_options();
  if (steps) o.steps = steps;
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&](std::string_view s) { for (unsigned char c : s) { h ^= c; h *= 0x100000001b3ULL; } h ^= 0xFF; h *= 0x100000001b3ULL; };
  mix("PRTE1");
  for (const auto& x : data) { mix(x.text); mix(x.label); mix(x.source); }
  for (const auto& [s, w] : retrieval_source_weights()) { mix(s); mix(std::to_string(w)); }
  mix(std::to_string(o.dim) + "/" + std::to_string(o.rows) + "/" + std::to_string(o.steps) + "/" + std::to_string(o.batch) + "/" +
      std::to_string(o.learning_rate) + "/" + std::to_string(o.temperature) + "/" + std::to_string(o.label_name_share) + "/" +
      std::to_string(o.seed) + "/" + std::to_string(o.min_count));
  const char* env = std::getenv("PARLEY_CACHE");
  const char* home = std::getenv("HOME");
  fs::path dir = env && *env ? fs::path(env) : fs::path(home ? home : "/tmp") / ".cache/parley";
  char name[64];
  std::snprintf(name, sizeof name, "retrieval-%016llx.bin", static_cast<unsigned long long>(h));
  fs::path file = dir / name;
  if (fs::exists(file)) {
    report["cached"] = true;
    return std::make_shared<const knowledge::Encoder>(knowledge::Encoder::parse(slurp(file)));
  }
  auto t0 = std::chrono::steady_clock::now();
  auto e = std::make_shared<const knowledge::Encoder>(knowledge::train_encoder(data, o, retrieval_source_weights()));
  report["cached"] = false;
  report["train_seconds"] = std::round(10 * std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()) / 10;
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::ofstream(file, std::ios::binary) << e->serialize();
  return e;
}

// Validation for the demo pack: every 10th of the project's training messages (by a hash of the
// text) is a query; a triage model and an encoder trained without them stand in for the shipped
// ones, so the triage prior is as wrong on them as the shipped model is on held-out messages.
Json demo_validation(const Setup& setup, std::size_t steps, Json& encoders) {
  std::vector<Row> train, val;
  for (const auto& r : read_rows(source_dir() + "/data/triage/messages"))
    (triage::hash_key('v', r.text) % 10 == 0 ? val : train).push_back(r);
  std::set<std::string> left_out;
  for (const auto& r : val) left_out.insert(r.text);
  triage::Model probe = triage_tools::train_calibrated(train, {}, triage::TrainOptions{}, triage_tools::hidden_choices("auto"));
  const std::string shipped_triage = assets::get("triage") ? *assets::get("triage") : std::string();
  assets::put("triage", triage::serialize(probe));
  auto encoder = encoder_without({}, steps, encoders["without_demo_validation"], left_out);
  Json demo = Json::object();
  for (const auto& locale : kDemoLocales) {
    std::vector<Row> mine;
    for (const auto& r : val) if (r.lang == locale) mine.push_back(r);
    demo[locale] = measure(demo_language(locale, mine), setup, encoder, encoder, false);
  }
  assets::put("triage", shipped_triage);
  return demo;
}

int run_bench_retrieval(const Args& args) {
  bool json = has_flag(args, "--json");
  try {
    Setup setup;
    setup.base.semantic_weight = std::stod(option(args, "--semantic-weight", std::to_string(setup.base.semantic_weight)));
    setup.base.semantic_example_weight =
        std::stod(option(args, "--semantic-example-weight", std::to_string(setup.base.semantic_example_weight)));
    setup.base.semantic_floor = std::stod(option(args, "--semantic-floor", std::to_string(setup.base.semantic_floor)));
    setup.base.tag_boost = std::stod(option(args, "--tag-boost", std::to_string(setup.base.tag_boost)));
    setup.fit_confidence = has_flag(args, "--fit-confidence");
    bool validation = has_flag(args, "--validation");
    const std::size_t questions = std::stoull(option(args, "--questions-per-article", "0"));
    bool no_encoder = has_flag(args, "--no-encoder");
    std::size_t steps = std::stoull(option(args, "--train-steps", "0"));
    std::string only = option(args, "--only", "");
    auto wanted = [&](const std::string& set) { return only.empty() || only == set; };
    const std::string model_path = option(args, "--model", source_dir() + "/models/retrieval.bin");
    std::shared_ptr<const knowledge::Encoder> shipped;
    if (!no_encoder) shipped = std::make_shared<const knowledge::Encoder>(knowledge::Encoder::parse(slurp(model_path)));
    assets::put("triage", slurp(fs::path(source_dir()) / "models/triage.bin"));
    Json out;
    Json encoders = Json::object();
    if (shipped) encoders["shipped"] = Json{{"file", model_path}, {"bytes", fs::file_size(model_path)}, {"rows", shipped->stored_rows()},
                                           {"dim", shipped->dim()}, {"info", Json::parse(shipped->info())}};
    if (wanted("banking77")) {
      std::shared_ptr<const knowledge::Encoder> zero;
      if (!no_encoder) zero = encoder_without({"banking77"}, steps, encoders["without_banking77"]);
      out["banking77"] = measure(with_questions(banking77(validation), questions), setup, zero, shipped, true);
    }
    if (wanted("clinc150")) {
      std::shared_ptr<const knowledge::Encoder> zero;
      if (!no_encoder) zero = encoder_without({"clinc150"}, steps, encoders["without_clinc150"]);
      out["clinc150"] = measure(with_questions(clinc150(validation), questions), setup, zero, shipped, true);
    }
    if (wanted("demo")) {
      Setup demo_setup = setup;
      demo_setup.triage_prior = true;
      if (validation) {
        out["demo"] = demo_validation(demo_setup, steps, encoders);
      } else {
        Json demo = Json::object();
        for (const auto& locale : kDemoLocales)
          demo[locale] = measure(demo_language(locale, read_rows(source_dir() + "/data/triage/heldout/" + locale + ".jsonl")), demo_setup, shipped,
                                 shipped, false);
        out["demo"] = demo;
      }
    }
    out["encoders"] = encoders;
    out["split"] = validation ? "validation" : "test";
    if (json) {
      std::cout << out.dump() << "\n";
      return 0;
    }
    auto row = [](const std::string& name, const Json& m) {
      std::cout << name << " (" << m["parley"]["queries"] << " queries, " << m["articles"] << " articles)\n";
      for (const char* k : {"parley", "parley_triage_prior", "parley_no_encoder", "encoder_only", "parley_words_only", "fts5", "char_ngram_tfidf"})
        if (m.contains(k)) std::cout << "  " << k << ": top1 " << m[k]["top1"] << ", top3 " << m[k]["top3"] << "\n";
      if (m.contains("adapted"))
        for (const char* k : {"parley", "parley_no_encoder", "encoder_knn_only", "fasttext"})
          if (m["adapted"].contains(k) && m["adapted"][k].contains("top1"))
            std::cout << "  adapted " << k << ": top1 " << m["adapted"][k]["top1"] << ", top3 " << m["adapted"][k]["top3"] << "\n";
      std::cout << "  confidence: ECE " << m["confidence"]["ece"] << ", precision at coverage " << m["confidence"]["precision_at_coverage"].dump();
      if (m["confidence"].contains("mean_top1_when_nothing_fits")) std::cout << ", mean when nothing fits " << m["confidence"]["mean_top1_when_nothing_fits"];
      std::cout << "\n";
      if (m.contains("confidence_fit")) std::cout << "  confidence fit: " << m["confidence_fit"].dump() << "\n";
    };
    for (const char* set : {"banking77", "clinc150"}) if (out.contains(set)) row(set, out[set]);
    if (out.contains("demo")) for (auto& [locale, m] : out["demo"].items()) row("demo " + locale, m);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench retrieval: " << e.what() << "\n";
    if (json) std::cout << Json{{"error", e.what()}}.dump() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("bench retrieval", run_bench_retrieval,
               "knowledge retrieval on customer messages nobody tuned for: Banking77, CLINC150, the demo pack's languages (Parley with its trained encoder, zero-shot and adapted, vs FTS5, char-n-gram TF-IDF and fastText)",
               "--json                       print one JSON object with the figures\n"
               "--validation                 measure on validation splits (what the weights were chosen on), not test\n"
               "--only SET                   one set: banking77, clinc150 or demo\n"
               "--tag-boost X                demo: score factor for the articles tagged with the triaged intent (Query default)\n"
               "--model FILE                 the shipped encoder, for adapted and the demo pack (models/retrieval.bin)\n"
               "--no-encoder                 without any encoder (the figures before it)\n"
               "--train-steps N              steps of the zero-shot encoders (the shipped recipe's)\n"
               "--semantic-weight X          weight of the encoder's best article piece (knowledge::Query's default)\n"
               "--semantic-example-weight X  weight of the encoder's history vote\n"
               "--semantic-floor X           cosine below which the encoder adds nothing\n"
               "--fit-confidence             also fit the confidence logistic on these queries (use with --validation)\n"
               "--questions-per-article N    Banking77/CLINC150: every other article gets N train messages as pack example questions (0)\n");
}  // namespace
}  // namespace parley::cli
