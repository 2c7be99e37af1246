// `parley eval triage-sentiment [--json]`: the tone of the triage model, each figure beside the
// lexicon alone (the model without its tone classifier) and the majority class, in one run:
//   - UMSAB validation tweets (ar, en, fr, de, hi, it, pt, es): accuracy and macro-F1 per language
//     and their mean, plus a classifier of the intent model's design trained on that language's
//     UMSAB train alone;
//   - the project's held-out support messages (data/triage/heldout, `sentiment` labels);
//   - anger: precision and recall at the pack's threshold (the model's taxonomy escalate.anger) on
//     messages written for it (data/triage/anger/test.jsonl: angry, sarcastic, polite but furious,
//     neutral complaints, calm, in each language).
// Nothing here is tuned on: the tone classifier is trained on UMSAB train and data/triage/messages.
#include "cmd_triage_common.h"

#include <cmath>
#include <iostream>

namespace parley::cli {
namespace {
using namespace triage_tools;

struct Binary {
  std::size_t tp = 0, fp = 0, fn = 0, tn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0; }
  Json json() const {
    return Json{{"precision", r4(precision())}, {"recall", r4(recall())}, {"tp", tp}, {"fp", fp}, {"fn", fn}, {"tn", tn}};
  }
  void add(bool truth, bool said) { (truth ? (said ? tp : fn) : (said ? fp : tn)) += 1; }
};

double anger_threshold(const triage::Model& m) {
  if (m.taxonomy.empty()) return 0.6;
  Json t = Json::parse(m.taxonomy, nullptr, false);
  if (t.is_object() && t.contains("escalate") && t["escalate"].is_object() && t["escalate"].contains("anger") &&
      t["escalate"]["anger"].is_number())
    return t["escalate"]["anger"].get<double>();
  return 0.6;
}

// Accuracy and macro-F1 of the tone, the lexicon alone and the majority class on labelled rows.
Json compare(const triage::Model& shipped, const triage::Model& lexicon, const std::vector<Row>& rows, const std::string& majority,
             std::size_t* covered = nullptr) {
  std::vector<Scored> tone, lex, maj;
  for (const auto& r : rows) {
    const std::string norm = triage::normalize(r.text);
    auto l = triage::sentiment(lexicon, norm, r.text);
    if (covered) *covered += !l.cues.empty();
    lex.push_back(Scored{r.intent, l.label, r.lang, 1});
    tone.push_back(Scored{r.intent, triage::sentiment(shipped, norm, r.text).label, r.lang, 1});
    maj.push_back(Scored{r.intent, majority, r.lang, 1});
  }
  Metrics t = metrics(tone), l = metrics(lex), m = metrics(maj);
  return Json{{"n", rows.size()},
              {"tone_accuracy", r4(t.accuracy)}, {"tone_macro_f1", r4(t.macro_f1)},
              {"lexicon_accuracy", r4(l.accuracy)}, {"lexicon_macro_f1", r4(l.macro_f1)},
              {"majority_accuracy", r4(m.accuracy)}, {"majority_macro_f1", r4(m.macro_f1)}};
}

std::string commonest(const std::vector<Row>& rows) {
  std::map<std::string, std::size_t> counts;
  for (const auto& r : rows) ++counts[r.intent];
  std::string best;
  for (const auto& [l, n] : counts)
    if (best.empty() || n > counts[best]) best = l;
  return best;
}

int run_eval_triage_sentiment(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::string root = source_dir();
  const std::string model_path = option(args, "--model", root + "/models/triage.bin");
  const std::string heldout = option(args, "--heldout", root + "/data/triage/heldout");
  const std::string anger_path = option(args, "--anger", root + "/data/triage/anger/test.jsonl");
  const bool learned_baseline = !has_flag(args, "--no-learned");
  try {
    const triage::Model shipped = triage::parse(read_file(model_path));
    triage::Model lexicon = shipped;  // the lexicon alone: without the tone classifier sentiment() falls back to it
    lexicon.tone.reset();
    Json out = Json::object();
    Json mean{{"tone_macro_f1", 0.0}, {"lexicon_macro_f1", 0.0}, {"majority_macro_f1", 0.0}};
    double tone_min = 1;
    if (learned_baseline) mean["learned_macro_f1"] = 0.0;
    const double langs = double(umsab_languages().size());
    for (const auto& lang : umsab_languages()) {
      auto val = umsab(lang, "val"), train = umsab(lang, "train");
      std::size_t covered = 0;
      Json j = compare(shipped, lexicon, val, commonest(train), &covered);
      j["lexicon_coverage"] = r4(val.empty() ? 0 : double(covered) / double(val.size()));
      if (learned_baseline) {
        triage::TrainOptions o;
        o.epochs = 20;
        o.min_count = 2;
        Metrics cm = metrics(score(train_calibrated(train, {}, o), val));
        j["learned_accuracy"] = r4(cm.accuracy);
        j["learned_macro_f1"] = r4(cm.macro_f1);
      }
      for (auto& [k, v] : mean.items()) v = v.get<double>() + j[k].get<double>() / langs;
      tone_min = std::min(tone_min, j["tone_macro_f1"].get<double>());
      if (!json) {
        std::cout << lang << ": tone F1 " << j["tone_macro_f1"] << " (acc " << j["tone_accuracy"] << "); lexicon F1 " << j["lexicon_macro_f1"]
                  << " (coverage " << j["lexicon_coverage"] << "); majority F1 " << j["majority_macro_f1"];
        if (learned_baseline) std::cout << "; learned on this language's UMSAB train F1 " << j["learned_macro_f1"];
        std::cout << "\n";
      }
      out[lang] = j;
    }
    for (auto& [k, v] : mean.items()) v = r4(v.get<double>());
    mean["tone_min_macro_f1"] = r4(tone_min);
    out["umsab_mean"] = mean;

    std::vector<Row> held;
    for (const auto& r : read_rows(heldout))
      if (auto it = r.signals.find("sentiment"); it != r.signals.end()) held.push_back(Row{r.text, it->second, r.lang, r.channel, {}});
    out["heldout"] = compare(shipped, lexicon, held, "neutral");

    const double threshold = anger_threshold(shipped);
    Binary tone, lex, majority;
    std::map<std::string, Binary> per_kind, per_lang;
    std::vector<Row> anger = read_rows(anger_path);
    std::size_t angry = 0;
    for (const auto& r : anger) angry += r.signals.count("anger") && r.signals.at("anger") == "angry";
    const bool majority_says = angry * 2 > anger.size();
    Json misses = Json::array();
    for (const auto& r : anger) {
      auto a = r.signals.find("anger");
      if (a == r.signals.end()) throw std::runtime_error(anger_path + ": a row without \"anger\" (angry or calm)");
      const bool truth = a->second == "angry";
      const std::string norm = triage::normalize(r.text);
      const double score = triage::sentiment(shipped, norm, r.text).anger;
      tone.add(truth, score >= threshold);
      lex.add(truth, triage::sentiment(lexicon, norm, r.text).anger >= threshold);
      majority.add(truth, majority_says);
      per_kind[r.signals.count("kind") ? r.signals.at("kind") : ""].add(truth, score >= threshold);
      per_lang[r.lang].add(truth, score >= threshold);
      if (truth != (score >= threshold)) misses.push_back(Json{{"text", r.text}, {"anger", score}, {"truth", a->second}});
    }
    Json kinds = Json::object(), by_lang = Json::object();
    for (const auto& [k, b] : per_kind) kinds[k] = Json{{"n", b.tp + b.fp + b.fn + b.tn}, {"flagged", b.tp + b.fp}};
    for (const auto& [k, b] : per_lang) by_lang[k] = b.json();
    out["anger"] = Json{{"n", anger.size()}, {"angry", angry}, {"threshold", threshold}, {"tone", tone.json()}, {"lexicon", lex.json()},
                        {"majority", majority.json()}, {"per_kind", kinds}, {"per_language", by_lang}};
    if (has_flag(args, "--misses")) out["anger"]["misses"] = misses;
    if (json) {
      std::cout << out.dump() << "\n";
    } else {
      std::cout << "UMSAB mean macro-F1: tone " << mean["tone_macro_f1"] << " (lowest " << mean["tone_min_macro_f1"] << "), lexicon "
                << mean["lexicon_macro_f1"] << ", majority " << mean["majority_macro_f1"] << "\n"
                << "held-out messages (" << held.size() << "): tone accuracy " << out["heldout"]["tone_accuracy"] << ", lexicon "
                << out["heldout"]["lexicon_accuracy"] << ", always neutral " << out["heldout"]["majority_accuracy"] << "\n"
                << "anger at " << threshold << " (" << anger.size() << " messages, " << angry << " angry): precision " << r4(tone.precision())
                << " recall " << r4(tone.recall()) << "; lexicon alone " << r4(lex.precision()) << " / " << r4(lex.recall()) << "; majority "
                << r4(majority.precision()) << " / " << r4(majority.recall()) << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eval triage-sentiment: " << e.what() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("eval triage-sentiment", run_eval_triage_sentiment,
               "tone on UMSAB val per language, the held-out support messages and the anger set, beside the lexicon alone and the majority class",
               "--json          print one JSON object with the figures\n"
               "--model FILE    model to evaluate (models/triage.bin)\n"
               "--heldout DIR   labelled support messages (data/triage/heldout)\n"
               "--anger FILE    messages labelled angry / calm (data/triage/anger/test.jsonl)\n"
               "--misses        list the anger set's misclassified messages\n"
               "--no-learned    skip the per-language classifiers trained on UMSAB train\n");
}  // namespace
}  // namespace parley::cli
