// `parley bench assist [--json] [--articles N] [--no-wasm]`: knowledge retrieval and drafting figures.
//
//   corpus   the demo pack's articles (site/packs/demo) + N generated product pages (default 10,000)
//            in the same six locales, as distractors a real store's knowledge base would have
//   judged   tools/bench/assist-judged.jsonl: queries with graded relevant articles (nDCG@5)
//   baseline SQLite FTS5 BM25 on the same articles and queries, twice: with its own unicode61
//            tokenizer (what a server would use) and fed Parley's terms (same tokens, so ranking
//            agreement isolates the BM25 implementations)
//   wasm     tools/bench/assist-wasm.mjs runs the same index and queries in the full wasm core
//            (node), reporting latency and the linear memory a worker would hold
#include "parley/assets.h"
#include "parley/command.h"
#include "parley/knowledge.h"

#include "bench_fts.h"
#include "cmd_triage_common.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <unistd.h>

namespace parley::cli {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Judged { std::string locale, query; std::map<std::string, int> relevant; };

std::string read_file(const fs::path& p) { return triage_tools::read_file(p.string()); }

Json demo_articles() {
  fs::path pack = fs::path(source_dir()) / "site/packs/demo";
  Json manifest = Json::parse(read_file(pack / "pack.json"));
  Json out = Json::array();
  for (const auto& f : manifest["files"]["kb"]) {
    Json kb = Json::parse(read_file(pack / f.get<std::string>()));
    for (Json a : kb["articles"]) {
      if (!a.contains("locale")) a["locale"] = kb["locale"];
      out.push_back(a);
    }
  }
  return out;
}

std::vector<Judged> judged_set() {
  std::vector<Judged> out;
  std::istringstream in(read_file(fs::path(source_dir()) / "tools/bench/assist-judged.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Json j = Json::parse(line);
    Judged q{j["locale"], j["query"], {}};
    for (const auto& [id, rel] : j["relevant"].items()) q.relevant[id] = rel.get<int>();
    out.push_back(q);
  }
  return out;
}

// Deterministic product pages (xorshift, fixed seed): sentence frames per locale with small
// vocabularies, so the distractors share the store's everyday words ("order", "days", "size").
struct Vocab {
  const char* locale;
  std::vector<const char*> product, colour, material, country;
  std::vector<const char*> frames;  // {P} product {C} colour {M} material {K} country {N} number
  const char* title;
};
const Vocab kVocab[] = {
    {"en", {"jacket", "sweater", "backpack", "sneakers", "scarf", "headphones", "wallet", "dress"},
     {"navy", "black", "olive", "sand", "red", "grey"}, {"wool", "cotton", "leather", "recycled nylon", "linen"},
     {"Portugal", "Japan", "Vietnam", "Italy"},
     {"The {C} {M} {P} is made in {K} and weighs {N} grams.", "Care: wash the {P} at 30 degrees and dry it flat.",
      "This {P} fits true to size; most customers order their usual size.", "Model {N} comes with a two-year warranty.",
      "Pair the {C} {P} with our {M} accessories.", "The {P} ships in recycled packaging within {N} hours."},
     "{C} {M} {P}"},
    {"ja", {"ジャケット", "セーター", "リュック", "スニーカー", "マフラー", "ヘッドホン", "財布", "ワンピース"},
     {"ネイビー", "ブラック", "オリーブ", "サンド", "レッド", "グレー"}, {"ウール", "コットン", "レザー", "再生ナイロン", "リネン"},
     {"ポルトガル", "日本", "ベトナム", "イタリア"},
     {"{C}の{M}{P}は{K}製で、重さは{N}グラムです。", "お手入れ：{P}は30度で洗濯し、平干ししてください。",
      "この{P}は標準的なサイズ感です。", "モデル{N}には2年間の保証が付いています。", "{C}の{P}は{M}の小物と相性抜群です。",
      "{P}は再生素材の梱包で{N}時間以内に出荷されます。"},
     "{C}の{M}{P}"},
    {"ko", {"재킷", "스웨터", "백팩", "스니커즈", "머플러", "헤드폰", "지갑", "원피스"},
     {"네이비", "블랙", "올리브", "샌드", "레드", "그레이"}, {"울", "면", "가죽", "재생 나일론", "리넨"},
     {"포르투갈", "일본", "베트남", "이탈리아"},
     {"{C} {M} {P}는 {K}에서 만들었으며 무게는 {N}그램입니다.", "세탁: {P}는 30도에서 세탁하고 뉘어서 말려 주세요.",
      "이 {P}는 정사이즈로 나옵니다.", "모델 {N}은 2년 품질 보증이 적용됩니다.", "{C} {P}는 {M} 액세서리와 잘 어울립니다.",
      "{P}는 재생 포장재로 {N}시간 이내에 출고됩니다."},
     "{C} {M} {P}"},
    {"pt-BR", {"jaqueta", "suéter", "mochila", "tênis", "cachecol", "fone de ouvido", "carteira", "vestido"},
     {"azul-marinho", "preto", "oliva", "areia", "vermelho", "cinza"}, {"lã", "algodão", "couro", "náilon reciclado", "linho"},
     {"Portugal", "Japão", "Vietnã", "Itália"},
     {"A {P} {C} de {M} é feita em {K} e pesa {N} gramas.", "Cuidados: lave a {P} a 30 graus e seque na horizontal.",
      "Esta {P} veste dentro do tamanho.", "O modelo {N} tem garantia de dois anos.", "Combine a {P} {C} com nossos acessórios de {M}.",
      "A {P} é enviada em embalagem reciclada em até {N} horas."},
     "{P} {C} de {M}"},
    {"es", {"chaqueta", "jersey", "mochila", "zapatillas", "bufanda", "auriculares", "cartera", "vestido"},
     {"azul marino", "negro", "oliva", "arena", "rojo", "gris"}, {"lana", "algodón", "piel", "nailon reciclado", "lino"},
     {"Portugal", "Japón", "Vietnam", "Italia"},
     {"La {P} {C} de {M} está fabricada en {K} y pesa {N} gramos.", "Cuidados: lava la {P} a 30 grados y sécala en plano.",
      "Esta {P} tiene la talla habitual.", "El modelo {N} tiene una garantía de dos años.", "Combina la {P} {C} con nuestros accesorios de {M}.",
      "La {P} se envía en embalaje reciclado en {N} horas."},
     "{P} {C} de {M}"},
    {"ar", {"جاكيت", "كنزة", "حقيبة ظهر", "حذاء رياضي", "وشاح", "سماعات", "محفظة", "فستان"},
     {"كحلي", "أسود", "زيتوني", "رملي", "أحمر", "رمادي"}, {"صوف", "قطن", "جلد", "نايلون معاد تدويره", "كتان"},
     {"البرتغال", "اليابان", "فيتنام", "إيطاليا"},
     {"{P} {C} من {M} مصنوع في {K} ويزن {N} غرامًا.", "العناية: اغسل {P} على 30 درجة وجففه بشكل مسطح.",
      "هذا {P} مطابق للمقاس المعتاد.", "الموديل {N} مشمول بضمان لمدة سنتين.", "نسق {P} {C} مع إكسسوارات {M} لدينا.",
      "يُشحن {P} في تغليف معاد تدويره خلال {N} ساعة."},
     "{P} {C} من {M}"},
};

struct Rng {
  std::uint64_t s = 0x9E3779B97F4A7C15ULL;
  std::uint64_t next() { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s; }
  template <class V> const auto& pick(const V& v) { return v[next() % v.size()]; }
};

std::string fill(std::string frame, const std::map<std::string, std::string>& values) {
  for (const auto& [k, v] : values)
    for (std::size_t at; (at = frame.find(k)) != std::string::npos;) frame.replace(at, k.size(), v);
  return frame;
}

Json generate(std::size_t n, Json& queries) {
  Rng rng;
  Json out = Json::array();
  for (std::size_t i = 0; i < n; ++i) {
    const Vocab& v = kVocab[i % std::size(kVocab)];
    std::map<std::string, std::string> values{{"{P}", rng.pick(v.product)}, {"{C}", rng.pick(v.colour)},
                                             {"{M}", rng.pick(v.material)}, {"{K}", rng.pick(v.country)},
                                             {"{N}", std::to_string(100 + rng.next() % 900)}};
    std::string body;
    for (int s = 0; s < 4; ++s) body += (body.empty() ? "" : " ") + fill(rng.pick(v.frames), values);
    out.push_back({{"id", "product-" + std::to_string(i) + "." + v.locale}, {"locale", v.locale},
                   {"title", fill(v.title, values)}, {"body", body}, {"tags", {"product"}}});
    if (i % 10 == 0) queries.push_back({{"locale", v.locale}, {"query", fill("{C} {P}", values)}});
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  std::size_t i = static_cast<std::size_t>(std::ceil(p * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}
double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }
double round3(double x) { return std::round(x * 1000) / 1000; }

double ndcg5(const std::vector<std::string>& ranked, const std::map<std::string, int>& rel) {
  double dcg = 0, idcg = 0;
  for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) {
    auto it = rel.find(ranked[i]);
    if (it != rel.end()) dcg += (std::pow(2.0, it->second) - 1) / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> ideal;
  for (const auto& [id, r] : rel) ideal.push_back(r);
  std::sort(ideal.rbegin(), ideal.rend());
  for (std::size_t i = 0; i < ideal.size() && i < 5; ++i) idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(static_cast<double>(i) + 2);
  return idcg > 0 ? dcg / idcg : 0;
}


std::vector<std::string> parley_search(const std::string& index_id, const std::string& q, const std::string& locale) {
  Json r = api::call("knowledge.search", {{"index_id", index_id}, {"query", q}, {"locale", locale}, {"k", 5}});
  std::vector<std::string> ids;
  for (const auto& h : r["hits"]) ids.push_back(h["article_id"]);
  return ids;
}

Json draft_request() {
  fs::path file = fs::path(source_dir()) / "site/packs/demo/templates/ja.json";
  Json t = Json::parse(read_file(file));
  for (const auto& tpl : t["templates"])
    if (tpl["id"] == "ja.line.order_status")
      return {{"template", tpl}, {"time_zone", "Asia/Tokyo"},
              {"slots", {{"name", "山田"}, {"order_number", "PD-104233"}, {"delivery_date", "2026-11-25"}, {"items", 2}}},
              {"citation", {{"article_id", "shipping-times.ja"}, {"title", "配送日数と送料"}, {"snippet", "通常配送は3〜5営業日でお届けします。"}}}};
  throw std::runtime_error("ja.line.order_status template missing");
}

Json run_wasm(const fs::path& corpus_file) {
  fs::path script = fs::path(source_dir()) / "tools/bench/assist-wasm.mjs";
  std::string cmd = "node '" + script.string() + "' '" + corpus_file.string() + "' 2>&1";
  int rc = 0;
  std::string out = run_command(cmd, &rc);
  if (rc == -1) return {{"error", "cannot run node"}};
  std::string last = out;
  while (!last.empty() && last.back() == '\n') last.pop_back();
  if (auto nl = last.rfind('\n'); nl != std::string::npos) last = last.substr(nl + 1);
  try {
    Json j = Json::parse(last);
    if (rc == 0) return j;
  } catch (...) {
  }
  return {{"error", out.substr(0, 400)}};
}

int run_bench_assist(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::size_t n = static_cast<std::size_t>(std::stoul(option(args, "--articles", "10000")));
  try {
    Json queries = Json::array();
    Json articles = demo_articles();
    const std::size_t demo_count = articles.size();
    for (auto& a : generate(n, queries)) articles.push_back(std::move(a));
    auto judged = judged_set();
    for (const auto& j : judged) queries.push_back({{"locale", j.locale}, {"query", j.query}});

    // Parley, natively, through the same JSON methods the wasm core answers: index as `id`, time
    // every query.
    auto index_and_time = [&](const std::string& id, std::vector<double>& query_ms) {
      auto t0 = Clock::now();
      Json built = api::call("knowledge.index", {{"index_id", id}, {"articles", articles}});
      const double index_ms = ms(Clock::now() - t0);
      if (built.contains("error")) throw std::runtime_error(built.dump());
      for (const auto& q : queries) {
        auto s = Clock::now();
        parley_search(id, q["query"], q["locale"]);
        query_ms.push_back(ms(Clock::now() - s));
      }
      return index_ms;
    };
    std::vector<double> native_ms;
    const double index_ms = index_and_time("bench", native_ms);

    Fts raw(false), tok(true);
    auto t0 = Clock::now();
    raw.add_all(articles);
    double fts_index_ms = ms(Clock::now() - t0);
    tok.add_all(articles);
    std::vector<double> fts_ms;
    for (const auto& q : queries) {
      auto s = Clock::now();
      raw.search(q["query"], q["locale"]);
      fts_ms.push_back(ms(Clock::now() - s));
    }

    double nd = 0, nd_raw = 0, nd_tok = 0, overlap = 0, top1_agree = 0;
    std::vector<std::vector<std::string>> native_top;
    for (const auto& j : judged) {
      auto p = parley_search("bench", j.query, j.locale);
      auto r = raw.search(j.query, j.locale);
      auto t = tok.search(j.query, j.locale);
      native_top.push_back(p);
      nd += ndcg5(p, j.relevant);
      nd_raw += ndcg5(r, j.relevant);
      nd_tok += ndcg5(t, j.relevant);
      std::set<std::string> a(p.begin(), p.end());
      std::size_t common = 0;
      for (const auto& id : t) common += a.count(id);
      overlap += p.empty() && t.empty() ? 1.0 : static_cast<double>(common) / static_cast<double>(std::max(p.size(), t.size()));
      top1_agree += (!p.empty() && !t.empty() && p[0] == t[0]) ? 1 : 0;
    }
    const double jn = static_cast<double>(judged.size());

    std::vector<double> draft_ms;
    Json dreq = draft_request();
    for (int i = 0; i < 200; ++i) {
      auto s = Clock::now();
      api::call("draft.render", dreq);
      draft_ms.push_back(ms(Clock::now() - s));
    }
    Json stats = api::call("knowledge.stats", {{"index_id", "bench"}});

    // The same again with the retrieval encoder loaded, as Assist runs (the pack's models.retrieval):
    // every article piece is a dense vector the query is compared with.
    const fs::path encoder_file = fs::path(source_dir()) / "models/retrieval.bin";
    Json with_encoder = Json::object();
    std::vector<std::vector<std::string>> native_encoder_top;
    if (fs::exists(encoder_file)) {
      assets::put("retrieval", read_file(encoder_file));
      std::vector<double> encoder_ms;
      const double encoder_index_ms = index_and_time("bench-encoder", encoder_ms);
      for (const auto& j : judged) native_encoder_top.push_back(parley_search("bench-encoder", j.query, j.locale));
      Json encoder_stats = api::call("knowledge.stats", {{"index_id", "bench-encoder"}});
      with_encoder = {{"native_index_ms", round3(encoder_index_ms)}, {"native_retrieval_p50_ms", round3(percentile(encoder_ms, .5))},
                      {"native_retrieval_p99_ms", round3(percentile(encoder_ms, .99))}, {"native_index_bytes", encoder_stats["bytes"]}};
    }

    Json out{{"articles", articles.size()}, {"demo_articles", demo_count}, {"generated_articles", n},
             {"queries", queries.size()}, {"judged_queries", judged.size()},
             {"ndcg5", round3(nd / jn)}, {"fts5_ndcg5", round3(nd_raw / jn)}, {"fts5_parley_terms_ndcg5", round3(nd_tok / jn)},
             {"top5_overlap_vs_fts5_same_terms", round3(overlap / jn)}, {"top1_agreement_vs_fts5_same_terms", round3(top1_agree / jn)},
             {"native_index_ms", round3(index_ms)}, {"native_retrieval_p50_ms", round3(percentile(native_ms, .5))},
             {"native_retrieval_p99_ms", round3(percentile(native_ms, .99))}, {"native_index_bytes", stats["bytes"]},
             {"fts5_index_ms", round3(fts_index_ms)}, {"fts5_p50_ms", round3(percentile(fts_ms, .5))},
             {"fts5_p99_ms", round3(percentile(fts_ms, .99))}, {"fts5_db_bytes", raw.bytes()},
             {"native_draft_p50_ms", round3(percentile(draft_ms, .5))}, {"native_draft_p99_ms", round3(percentile(draft_ms, .99))}};

    // The same corpus and queries in the wasm full core (what the Assist worker runs).
    Json wasm = Json::object();
    if (!has_flag(args, "--no-wasm")) {
      fs::path file = fs::temp_directory_path() / ("parley-bench-assist-" + std::to_string(::getpid()) + ".json");
      Json judged_queries = Json::array();
      for (const auto& j : judged) judged_queries.push_back({{"locale", j.locale}, {"query", j.query}});
      Json corpus{{"articles", articles}, {"queries", queries}, {"judged", judged_queries}, {"draft", dreq}};
      if (!with_encoder.empty()) corpus["encoder"] = encoder_file.string();
      std::ofstream(file) << corpus.dump();
      wasm = run_wasm(file);
      fs::remove(file);
    }
    if (wasm.contains("error") || wasm.empty()) {
      out["wasm_error"] = wasm.value("error", std::string("skipped (--no-wasm)"));
      out["retrieval_p50_ms"] = nullptr;
      out["retrieval_p99_ms"] = nullptr;
      out["worker_heap_bytes"] = nullptr;
    } else {
      // One index's wasm figures beside the native ones: latency, memory, the judged rankings.
      auto wasm_figures = [](const Json& w, const std::vector<std::vector<std::string>>& native, Json& into) {
        into["retrieval_p50_ms"] = w["retrieval_p50_ms"];
        into["retrieval_p99_ms"] = w["retrieval_p99_ms"];
        into["worker_heap_bytes"] = w["heap_bytes"];
        into["wasm_index_ms"] = w["index_ms"];
        bool same = w["judged_top5"].size() == native.size();
        for (std::size_t i = 0; same && i < native.size(); ++i) same = w["judged_top5"][i] == Json(native[i]);
        into["wasm_rankings_identical_to_native"] = same;
      };
      wasm_figures(wasm, native_top, out);
      out["draft_p50_ms"] = wasm["draft_p50_ms"];
      out["draft_p99_ms"] = wasm["draft_p99_ms"];
      if (wasm.contains("encoder")) wasm_figures(wasm["encoder"], native_encoder_top, with_encoder);
    }
    if (!with_encoder.empty()) out["with_encoder"] = with_encoder;

    if (json) {
      std::cout << out.dump() << "\n";
    } else {
      std::cout << "corpus: " << out["articles"] << " articles (" << demo_count << " demo + " << n << " generated), "
                << out["queries"] << " queries, " << out["judged_queries"] << " judged\n"
                << "                      Parley     FTS5 unicode61   FTS5 on Parley terms\n"
                << "nDCG@5               " << out["ndcg5"] << "      " << out["fts5_ndcg5"] << "           " << out["fts5_parley_terms_ndcg5"] << "\n"
                << "p50 / p99 ms native  " << out["native_retrieval_p50_ms"] << " / " << out["native_retrieval_p99_ms"]
                << "   " << out["fts5_p50_ms"] << " / " << out["fts5_p99_ms"] << "\n"
                << "p50 / p99 ms wasm    " << out["retrieval_p50_ms"] << " / " << out["retrieval_p99_ms"] << "\n"
                << "memory               index ~" << out["native_index_bytes"] << " B native, wasm heap " << out["worker_heap_bytes"]
                << " B; FTS5 db " << out["fts5_db_bytes"] << " B\n"
                << "draft.render p50 ms  native " << out["native_draft_p50_ms"] << ", wasm " << out.value("draft_p50_ms", Json()) << "\n";
      if (out.contains("with_encoder")) {
        const Json& e = out["with_encoder"];
        std::cout << "with the encoder      p50 / p99 ms native " << e["native_retrieval_p50_ms"] << " / " << e["native_retrieval_p99_ms"]
                  << ", wasm " << e.value("retrieval_p50_ms", Json()) << " / " << e.value("retrieval_p99_ms", Json()) << "\n";
      }
      if (out.contains("wasm_error")) std::cout << "wasm: " << out["wasm_error"] << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench assist: " << e.what() << "\n";
    if (json) std::cout << Json{{"error", e.what()}}.dump() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("bench assist", run_bench_assist,
               "knowledge retrieval (Parley BM25 vs SQLite FTS5, nDCG@5, latency, memory; native and wasm) and draft latency",
               "--json          print one JSON object with the figures\n"
               "--articles N    synthetic knowledge base size for the latency runs (10000)\n"
               "--no-wasm       skip the wasm measurements in node\n");
}  // namespace
}  // namespace parley::cli
