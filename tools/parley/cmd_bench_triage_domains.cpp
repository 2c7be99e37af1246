// Unseen domains and adaptation for `parley bench triage` (see cmd_bench_triage_domains.h).
// Every answer goes through triage.classify, as the product runs it: tiers from the pack's
// thresholds and safe intents, escalation included.
#include "cmd_bench_triage_domains.h"
#include "parley/assets.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

namespace parley::cli::triage_tools {
std::vector<TierAnswer> classify_all(const std::string& model_bytes, const std::vector<Row>& rows) {
  assets::put("triage", model_bytes);
  std::vector<TierAnswer> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    Json req{{"text", r.text}};
    if (!r.lang.empty()) req["lang"] = r.lang;
    if (!r.channel.empty()) req["channel"] = r.channel;
    Json a = api::call("triage.classify", req);
    if (a.contains("error")) { out.push_back(TierAnswer{Scored{r.intent, "(error)", r.lang, 0}, "human"}); continue; }
    out.push_back(TierAnswer{Scored{r.intent, a["intent"].get<std::string>(), r.lang, a["confidence"].get<double>()}, a["tier"].get<std::string>()});
  }
  return out;
}

namespace {
// How well the confidence ranks right answers above wrong ones (Mann–Whitney, ties count half).
double auroc_right_wrong(const std::vector<TierAnswer>& v) {
  std::vector<std::pair<double, bool>> s;
  for (const auto& a : v) s.emplace_back(a.scored.confidence, a.scored.truth == a.scored.predicted);
  std::sort(s.begin(), s.end());
  double rank_sum = 0, pos = 0, neg = 0;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j].first == s[i].first) ++j;
    for (std::size_t q = i; q < j; ++q) {
      if (s[q].second) { rank_sum += double(i + j + 1) / 2; ++pos; } else { ++neg; }
    }
    i = j;
  }
  return pos > 0 && neg > 0 ? (rank_sum - pos * (pos + 1) / 2) / (pos * neg) : 0;
}

// The shipped recipe (linear, as `parley train triage` chooses for these rows) with the pack's taxonomy.
Selection train_base(const std::vector<Row>& rows, const triage::TrainOptions& o, const std::string& taxonomy, triage::Model& m) {
  Selection sel;
  m = train_calibrated(rows, {}, o, {0}, &sel);
  m.taxonomy = taxonomy;
  return sel;
}

std::string with_weights(triage::Model m, std::vector<double> w) {
  m.familiarity_weights = std::move(w);
  return triage::serialize(m);
}

void put_domain(Json& out, const std::string& name, const std::vector<Row>& test, const std::string& current, const std::string& familiar) {
  std::size_t outside = 0;
  for (const auto& r : test) outside += r.intent.empty();
  Json before = tier_figures(classify_all(current, test)), after = tier_figures(classify_all(familiar, test));
  out["unseen"][name] = Json{{"n", test.size()}, {"outside_taxonomy", outside}, {"current", before}, {"familiar", after}};
  out["unseen_auto_share"][name] = after["auto_share"];
  out["unseen_auto_precision"][name] = after["auto_precision"];
  out["unseen_ece"][name] = after["ece"];
  out["unseen_auroc"][name] = after["auroc"];
}
}  // namespace

Json tier_figures(const std::vector<TierAnswer>& v) {
  std::vector<Scored> s;
  std::size_t autos = 0, auto_right = 0, pre = 0, pre_right = 0, humans = 0;
  for (const auto& a : v) {
    s.push_back(a.scored);
    if (a.tier == "auto") { ++autos; auto_right += a.scored.truth == a.scored.predicted; }
    if (a.tier == "prequalify") { ++pre; pre_right += a.scored.truth == a.scored.predicted; }
    humans += a.tier == "human";
  }
  Metrics m = metrics(s);
  return Json{{"accuracy", r4(m.accuracy)}, {"auto_share", r4(v.empty() ? 0 : double(autos) / double(v.size()))},
              {"auto_precision", autos ? Json(r4(double(auto_right) / double(autos))) : Json(nullptr)}, {"auto_n", autos},
              {"prequalify_share", r4(v.empty() ? 0 : double(pre) / double(v.size()))},
              {"prequalify_precision", pre ? Json(r4(double(pre_right) / double(pre))) : Json(nullptr)},
              {"human_share", r4(v.empty() ? 0 : double(humans) / double(v.size()))},
              {"ece", r4(m.ece)}, {"auroc", r4(auroc_right_wrong(v))}};
}

void bench_unseen(const triage::TrainOptions& o, const std::string& taxonomy, double share, Json& out, const Log& log) {
  const std::string root = source_dir();
  auto domains = public_domains(3000);
  for (const char* k : {"unseen", "unseen_auto_share", "unseen_auto_precision", "unseen_ece", "unseen_auroc"}) out[k] = Json::object();
  // Banking77, its Arabic version and CLINC150: the shipped rows (own messages + Bitext); the
  // calibrator leaves the tested family out.
  triage::Model base;
  Selection sel = train_base(project_training_rows(root + "/data/triage/messages", 40), o, taxonomy, base);
  const std::string current = triage::serialize(base);
  for (const auto& d : domains) {
    auto w = familiarity_calibrator(*sel.probe, sel.held, calibration_families(domains, d.family), share);
    put_domain(out, d.name, d.test, current, with_weights(base, w));
    log("unseen " + d.name + ": " + out["unseen"][d.name].dump());
  }
  // Bitext: a base trained without it (own messages only), the calibrator on every other family —
  // exactly how the shipped model's calibrator is fitted.
  triage::Model own;
  Selection own_sel = train_base(project_training_rows(root + "/data/triage/messages", 0), o, taxonomy, own);
  auto w = familiarity_calibrator(*own_sel.probe, own_sel.held, calibration_families(domains, ""), share);
  put_domain(out, "bitext", bitext_domain(), triage::serialize(own), with_weights(own, w));
  log("unseen bitext: " + out["unseen"]["bitext"].dump());
}

void bench_adapted(const triage::TrainOptions& o, const std::string& taxonomy, std::size_t add_weight, bool with_fasttext, Json& out,
                   const Log& log) {
  const std::string root = source_dir();
  auto domains = public_domains(3000);
  auto base_rows = project_training_rows(root + "/data/triage/messages", 40);
  for (const char* k : {"adapted_accuracy", "adapted_before_accuracy", "adapted_fasttext_accuracy", "adapted_seconds", "adapted_rows",
                        "adapted_validation_accuracy"})
    out[k] = Json::object();
  triage::Model base;
  train_base(base_rows, o, taxonomy, base);
  for (const auto& d : domains) {
    if (d.name != "banking77") continue;  // one domain: each adaptation retrains on the union
    std::vector<Row> test;
    for (const auto& r : d.test) if (!r.intent.empty()) test.push_back(r);
    const double before = metrics(score(base, test)).accuracy;
    // The workspace's labelled history: the set's whole train split (messages in the taxonomy
    // only), and a small history of 20 messages per intent (the first by a hash of the text).
    for (std::size_t per_intent : {std::size_t(0), std::size_t(20)}) {
      std::vector<Row> all, history;
      for (const auto& r : d.train) if (!r.intent.empty()) all.push_back(r);
      if (per_intent == 0) {
        history = all;
      } else {
        std::stable_sort(all.begin(), all.end(), [](const Row& x, const Row& y) { return triage::hash_key('a', x.text) < triage::hash_key('a', y.text); });
        std::map<std::string, std::size_t> taken;
        for (const auto& r : all) if (taken[r.intent]++ < per_intent) history.push_back(r);
      }
      const std::string key = per_intent == 0 ? d.name : d.name + "_" + std::to_string(per_intent) + "_per_intent";
      std::vector<Row> uni = base_rows;
      for (std::size_t k = 0; k < std::max<std::size_t>(1, add_weight); ++k) uni.insert(uni.end(), history.begin(), history.end());
      auto t0 = std::chrono::steady_clock::now();
      triage::Model adapted;
      train_base(uni, o, taxonomy, adapted);
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      out["adapted_before_accuracy"][key] = r4(before);
      out["adapted_accuracy"][key] = r4(metrics(score(adapted, test)).accuracy);
      out["adapted_seconds"][key] = r4(secs);
      out["adapted_rows"][key] = history.size();
      if (per_intent > 0) {  // the rest of the train split: validation data for choosing --add-weight
        std::set<std::string> in_history;
        for (const auto& r : history) in_history.insert(r.text);
        std::vector<Row> rest;
        for (const auto& r : all) if (!in_history.count(r.text)) rest.push_back(r);
        out["adapted_validation_accuracy"][key] = r4(metrics(score(adapted, rest)).accuracy);
      }
      if (with_fasttext)
        if (auto f = fasttext(uni, test, true)) out["adapted_fasttext_accuracy"][key] = r4(metrics(f->scored).accuracy);
      log("adapted " + key + ": before " + out["adapted_before_accuracy"][key].dump() + ", after " + out["adapted_accuracy"][key].dump() +
          ", fastText " + (out["adapted_fasttext_accuracy"].contains(key) ? out["adapted_fasttext_accuracy"][key].dump() : std::string("-")));
    }
  }
}

void bench_heldout_tiers(const std::string& model_bytes, const std::vector<Row>& held, Json& out) {
  triage::Model m = triage::parse(model_bytes);
  Json after = tier_figures(classify_all(model_bytes, held));
  Json before = tier_figures(classify_all(with_weights(m, {}), held));
  out["heldout_tiers"] = Json{{"familiar", after}, {"top_probability", before}};
  out["heldout_auto_share"] = after["auto_share"];
  out["heldout_auto_precision"] = after["auto_precision"];
  out["heldout_ece"] = after["ece"];
}
}  // namespace parley::cli::triage_tools
