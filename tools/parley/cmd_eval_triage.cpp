// `parley eval triage --data FILE.jsonl|DIR [--model FILE] [--baseline fasttext] [--json]`:
// accuracy, macro-F1, per-language and per-intent F1, ECE and the confusion matrix of the shipped
// model (through triage.classify, as the product runs it), optionally beside Debian's fastText
// trained on the same training rows.
#include "cmd_triage_common.h"
#include "parley/assets.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <set>

namespace parley::cli {
namespace {
using namespace triage_tools;

Json by_language(const std::vector<Scored>& s) {
  std::map<std::string, std::vector<Scored>> groups;
  for (const auto& x : s) groups[x.lang.empty() ? "und" : x.lang].push_back(x);
  Json out = Json::object();
  for (const auto& [lang, g] : groups) {
    Metrics m = metrics(g);
    out[lang] = Json{{"n", m.n}, {"accuracy", r4(m.accuracy)}, {"macro_f1", r4(m.macro_f1)}};
  }
  return out;
}

// How the tiers of DESIGN §2 would split these messages and how often each tier's intent is right:
// "auto" answers without a person, so its accuracy is the figure a workspace sets its threshold by.
Json by_tier(const std::vector<Scored>& s, const std::vector<std::string>& tiers) {
  std::map<std::string, std::pair<std::size_t, std::size_t>> count;  // tier → (messages, right)
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto& c = count[tiers[i]];
    ++c.first;
    c.second += s[i].predicted == s[i].truth;
  }
  Json out = Json::object();
  for (const auto& [tier, c] : count)
    out[tier] = Json{{"n", c.first}, {"share", r4(double(c.first) / double(s.size()))}, {"accuracy", r4(double(c.second) / double(c.first))}};
  return out;
}

// A cue-based signal (sentiment, urgency, churn risk) against the file's labels, beside the
// simplest baseline: always answering the commonest label.
Json signal_json(const std::vector<Scored>& v) {
  Metrics m = metrics(v);
  std::map<std::string, std::size_t> count;
  for (const auto& x : v) ++count[x.truth];
  auto top = std::max_element(count.begin(), count.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  Json out = to_json(m, true);
  out.erase("ece");  // these answers carry no probability
  out["majority"] = top->first;
  out["majority_accuracy"] = r4(double(top->second) / double(v.size()));
  return out;
}

void print_text(const std::string& name, const Metrics& m, const Json& langs) {
  std::cout << std::fixed << std::setprecision(3);
  std::cout << name << ": n=" << m.n << " accuracy=" << m.accuracy << " macro_f1=" << m.macro_f1 << " ece=" << m.ece << "\n";
  std::cout << "  per language (accuracy / macro-F1):\n";
  for (const auto& [lang, v] : langs.items())
    std::cout << "    " << std::setw(9) << std::left << lang << std::right << v["accuracy"].get<double>() << "  " << v["macro_f1"].get<double>() << "  (n=" << v["n"] << ")\n";
  std::cout << "  per intent F1:\n";
  for (const auto& [l, f] : m.f1) std::cout << "    " << std::setw(18) << std::left << l << std::right << f << "\n";
}

void print_confusion(const Metrics& m) {
  std::set<std::string> labels;
  for (const auto& [t, row] : m.confusion) {
    labels.insert(t);
    for (const auto& [p, n] : row) labels.insert(p);
  }
  std::cout << "  confusion (rows = truth, columns = predicted, in this order):\n    ";
  std::size_t i = 0;
  for (const auto& l : labels) std::cout << i++ << "=" << l << " ";
  std::cout << "\n";
  i = 0;
  for (const auto& t : labels) {
    std::cout << "    " << std::setw(3) << i++ << ":";
    for (const auto& p : labels) {
      std::size_t n = 0;
      auto it = m.confusion.find(t);
      if (it != m.confusion.end() && it->second.count(p)) n = it->second.at(p);
      std::cout << std::setw(4) << n;
    }
    std::cout << "\n";
  }
}

int run_eval_triage(const Args& args) {
  const std::string root = source_dir();
  const std::string data = option(args, "--data", root + "/data/triage/heldout");
  const std::string model_path = option(args, "--model", root + "/models/triage.bin");
  const bool json = has_flag(args, "--json");
  const std::string baseline = option(args, "--baseline", "");
  try {
    std::vector<Row> rows = read_rows(data);
    assets::put("triage", read_file(model_path));
    std::vector<Scored> scored;
    std::vector<std::string> tiers;  // the tier each answer got, as the product would route it
    std::map<std::string, std::vector<Scored>> signals;  // sentiment, urgency, churn_risk: labelled vs answered
    for (const auto& r : rows) {
      Json req{{"text", r.text}};
      if (!r.channel.empty()) req["channel"] = r.channel;
      if (!r.lang.empty()) req["lang"] = r.lang;
      Json a = api::call("triage.classify", req);
      if (a.contains("error")) {
        scored.push_back(Scored{r.intent, "(error)", r.lang, 0});
        tiers.push_back("(error)");
        continue;
      }
      tiers.push_back(a["tier"].get<std::string>());
      // Sentiment and urgency are compared where the file labels them; churn risk everywhere, an
      // unlabelled message counting as "low" (the data's convention: no churn signal stated).
      auto label = [&](const char* key) { auto it = r.signals.find(key); return it == r.signals.end() ? std::string() : it->second; };
      if (auto t = label("sentiment"); !t.empty()) signals["sentiment"].push_back(Scored{t, a["sentiment"]["label"].get<std::string>(), r.lang, 0});
      if (auto t = label("urgency"); !t.empty()) signals["urgency"].push_back(Scored{t, a["urgency"]["level"].get<std::string>(), r.lang, 0});
      std::string churn = label("churn_risk");
      signals["churn_risk"].push_back(Scored{churn.empty() ? "low" : churn, a["churn_risk"]["level"].get<std::string>(), r.lang, 0});
      scored.push_back(Scored{r.intent, a["intent"].get<std::string>(), r.lang, a["confidence"].get<double>()});
    }
    Metrics m = metrics(scored);
    Json langs = by_language(scored);
    Json out = to_json(m, true);
    out["per_language"] = langs;
    out["tiers"] = by_tier(scored, tiers);
    out["signals"] = Json::object();
    for (const auto& [name, v] : signals) out["signals"][name] = signal_json(v);
    out["data"] = data;
    out["model"] = model_path;
    if (!json) {
      print_text("parley", m, langs);
      std::cout << "  tiers (share of messages / accuracy within; the pack's thresholds, escalation included):\n";
      for (const auto& [t, v] : out["tiers"].items())
        std::cout << "    " << std::setw(11) << std::left << t << std::right << v["share"].get<double>() << "  " << v["accuracy"].get<double>() << "  (n=" << v["n"] << ")\n";
      std::cout << "  signals (accuracy / macro-F1 against the labels; always answering the commonest label: accuracy):\n";
      for (const auto& [name, v] : out["signals"].items())
        std::cout << "    " << std::setw(11) << std::left << name << std::right << v["accuracy"].get<double>() << "  " << v["macro_f1"].get<double>()
                  << "  majority " << v["majority_accuracy"].get<double>() << " (" << v["majority"].get<std::string>() << ")  (n=" << v["n"] << ")\n";
      print_confusion(m);
    }
    if (baseline == "fasttext") {
      auto train = project_training_rows(option(args, "--train", root + "/data/triage/messages"), 40);
      auto ft = fasttext(train, rows, true);
      if (!ft) {
        out["fasttext"] = Json{{"error", "fasttext unavailable (/usr/bin/fasttext) or failed"}};
      } else {
        Metrics fm = metrics(ft->scored);
        Json fl = by_language(ft->scored);
        out["fasttext"] = to_json(fm, false);
        out["fasttext"]["per_language"] = fl;
        out["fasttext"]["model_bytes"] = ft->model_bytes;
        if (!json) print_text("fasttext (quantized, same training rows)", fm, fl);
      }
    } else if (!baseline.empty()) {
      std::cerr << "eval triage: unknown baseline \"" << baseline << "\" (only fasttext)\n";
      return 2;
    }
    if (json) std::cout << out.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eval triage: " << e.what() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("eval triage", run_eval_triage,
               "evaluate triage on labelled JSON Lines",
               "--data FILE|DIR     labelled messages (data/triage/heldout)\n"
               "--model FILE        model to evaluate (models/triage.bin)\n"
               "--baseline NAME     also measure a baseline trained on the same data: fasttext\n"
               "--train FILE|DIR    training data for the baseline (data/triage/messages)\n"
               "--json              print one JSON object with the figures\n");
}  // namespace
}  // namespace parley::cli
