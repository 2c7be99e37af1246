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
#include "bench_fts.h"
#include "parley/command.h"
#include "parley/knowledge.h"

#include <algorithm>
#include <cmath>
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

struct Query { std::string text, locale; std::set<std::string> relevant; };  // empty relevant: nothing fits
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

Dataset banking77() {
  Dataset d{"banking77", kb_articles(fs::path(source_dir()) / "data/knowledge-bench/banking77.json"), {}, {}};
  fs::path dir = fs::path(shared_dir()) / "data/intent/banking77";
  for (auto& r : csv_rows(dir / "test.csv")) d.queries.push_back({r.text, "en", {r.article_id}});
  d.train = csv_rows(dir / "train.csv");
  return d;
}

Dataset clinc150() {
  Dataset d{"clinc150", kb_articles(fs::path(source_dir()) / "data/knowledge-bench/clinc150.json"), {}, {}};
  Json data = Json::parse(slurp(fs::path(shared_dir()) / "data/intent/clinc150/data_full.json"));
  for (const auto& r : data["test"]) d.queries.push_back({r[0], "en", {r[1].get<std::string>()}});
  for (const auto& r : data["oos_test"]) d.queries.push_back({r[0], "en", {}});
  for (const auto& r : data["train"]) d.train.push_back({r[0], r[1]});
  return d;
}

Dataset demo_language(const std::string& locale) {
  fs::path root = source_dir();
  Dataset d{"demo-" + locale, kb_articles(root / "site/packs/demo/kb" / (locale + ".json")), {}, {}};
  std::istringstream in(slurp(root / "data/triage/heldout" / (locale + ".jsonl")));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json m = Json::parse(line);
    Query q{m["text"], locale, {}};
    for (const auto& a : d.articles)
      if (!a.internal && std::find(a.tags.begin(), a.tags.end(), m["intent"].get<std::string>()) != a.tags.end()) q.relevant.insert(a.id);
    d.queries.push_back(q);
  }
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

Json measure(const Dataset& d, bool with_fasttext) {
  knowledge::Index index(d.articles);
  Fts fts(false);
  Json rows = Json::array();
  for (const auto& a : d.articles)
    if (!a.internal) rows.push_back(Json{{"id", a.id}, {"locale", a.locale}, {"title", a.title}, {"body", a.body}});
  fts.add_all(rows);
  std::vector<knowledge::Article> public_articles;
  for (const auto& a : d.articles) if (!a.internal) public_articles.push_back(a);
  CharTfidf tfidf(public_articles);
  RetrievalTally parley, words, sqlite, ngram, fast, adapted;
  auto top3 = [&](const knowledge::Index& ix, const Query& q, bool words_only) {
    knowledge::Query kq;
    kq.text = q.text;
    kq.locale = q.locale;
    kq.k = 3;
    if (words_only) { kq.word_weight = 1; kq.subword_weight = 0; kq.example_weight = 0; }
    std::vector<std::string> ids;
    for (const auto& h : ix.search(kq)) ids.push_back(ix.articles()[h.doc].id);
    return ids;
  };
  Calibration calibration;
  double none_confidence = 0;
  for (const auto& q : d.queries) {
    parley.add(q, top3(index, q, false));
    knowledge::Query kq;
    kq.text = q.text;
    kq.locale = q.locale;
    kq.k = 3;
    auto hits = index.search(kq);
    calibration.add(q, hits, index);
    if (q.relevant.empty() && !hits.empty()) none_confidence += hits[0].confidence;
    words.add(q, top3(index, q, true));
    std::vector<std::string> ids;
    sqlite.add(q, fts.search(q.text, q.locale));
    ids.clear();
    for (std::size_t i : tfidf.search(q.text, 3)) ids.push_back(public_articles[i].id);
    ngram.add(q, ids);
  }
  Json out{{"articles", public_articles.size()}, {"parley", parley.json()}, {"parley_words_only", words.json()}, {"fts5", sqlite.json()}, {"char_ngram_tfidf", ngram.json()}};
  std::size_t none = std::count_if(d.queries.begin(), d.queries.end(), [](const Query& q) { return q.relevant.empty(); });
  out["queries_without_article"] = none;
  out["confidence"] = calibration.json();
  if (none) out["confidence"]["mean_top1_when_nothing_fits"] = std::round(1e4 * none_confidence / double(none)) / 1e4;
  if (with_fasttext) {
    knowledge::Index learnt(knowledge::with_history(d.articles, history_of(d)));
    for (const auto& q : d.queries) adapted.add(q, top3(learnt, q, false));
    out["adapted"] = Json{{"history", d.train.size()}, {"parley", adapted.json()}};
    if (auto pred = fasttext_top3(d)) {
      for (std::size_t i = 0; i < d.queries.size(); ++i) fast.add(d.queries[i], (*pred)[i]);
      out["adapted"]["fasttext"] = fast.json();
    } else {
      out["adapted"]["fasttext"] = Json{{"error", "fastText not available (/usr/bin/fasttext)"}};
    }
  }
  return out;
}

int run_bench_retrieval(const Args& args) {
  bool json = has_flag(args, "--json");
  try {
    Json out;
    out["banking77"] = measure(banking77(), true);
    out["clinc150"] = measure(clinc150(), true);
    Json demo = Json::object();
    for (const char* locale : {"en", "es", "pt-BR", "ja", "ko", "ar"}) demo[locale] = measure(demo_language(locale), false);
    out["demo"] = demo;
    if (json) {
      std::cout << out.dump() << "\n";
      return 0;
    }
    auto row = [](const std::string& name, const Json& m) {
      std::cout << name << " (" << m["parley"]["queries"] << " queries, " << m["articles"] << " articles)\n";
      for (const char* k : {"parley", "parley_words_only", "fts5", "char_ngram_tfidf"})
        std::cout << "  " << k << ": top1 " << m[k]["top1"] << ", top3 " << m[k]["top3"] << "\n";
      if (m.contains("adapted"))
        for (const char* k : {"parley", "fasttext"})
          if (m["adapted"][k].contains("top1"))
            std::cout << "  adapted " << k << ": top1 " << m["adapted"][k]["top1"] << ", top3 " << m["adapted"][k]["top3"] << "\n";
    };
    row("banking77", out["banking77"]);
    row("clinc150", out["clinc150"]);
    for (auto& [locale, m] : out["demo"].items()) row("demo " + locale, m);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench retrieval: " << e.what() << "\n";
    if (json) std::cout << Json{{"error", e.what()}}.dump() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("bench retrieval", run_bench_retrieval,
               "knowledge retrieval on customer messages nobody tuned for: Banking77, CLINC150, the demo pack's languages (Parley vs FTS5 vs char-n-gram TF-IDF; fastText adapted)",
               "--json   print one JSON object with the figures\n");
}  // namespace
}  // namespace parley::cli
