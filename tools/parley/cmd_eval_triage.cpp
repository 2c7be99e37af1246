// `parley eval triage --data FILE.jsonl|DIR [--model FILE] [--baseline fasttext] [--json]`:
// accuracy, macro-F1, per-language and per-intent F1, ECE and the confusion matrix of the shipped
// model (through triage.classify, as the product runs it), optionally beside Debian's fastText
// trained on the same training rows.
#include "cmd_triage_common.h"
#include "parley/assets.h"

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
    out[lang] = Json{{"n", m.n}, {"accuracy", std::round(m.accuracy * 10000) / 10000}, {"macro_f1", std::round(m.macro_f1 * 10000) / 10000}};
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
    out[tier] = Json{{"n", c.first}, {"share", std::round(double(c.first) / double(s.size()) * 10000) / 10000},
                     {"accuracy", std::round(double(c.second) / double(c.first) * 10000) / 10000}};
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
      scored.push_back(Scored{r.intent, a["intent"].get<std::string>(), r.lang, a["confidence"].get<double>()});
    }
    Metrics m = metrics(scored);
    Json langs = by_language(scored);
    Json out = to_json(m, true);
    out["per_language"] = langs;
    out["tiers"] = by_tier(scored, tiers);
    out["data"] = data;
    out["model"] = model_path;
    if (!json) {
      print_text("parley", m, langs);
      std::cout << "  tiers (share of messages / accuracy within; the pack's thresholds, escalation included):\n";
      for (const auto& [t, v] : out["tiers"].items())
        std::cout << "    " << std::setw(11) << std::left << t << std::right << v["share"].get<double>() << "  " << v["accuracy"].get<double>() << "  (n=" << v["n"] << ")\n";
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
               "evaluate triage on labelled JSON Lines: --data FILE|DIR [--model FILE] [--baseline fasttext] [--json]");
}  // namespace
}  // namespace parley::cli
