// `parley eval triage-sentiment [--json]`: the lexicon sentiment of the triage model on the UMSAB
// validation tweets (ar, en, fr, de, hi, it, pt, es), beside the majority class and beside a
// classifier of the same design as the intent model trained on UMSAB train — to show where the
// lexicons help and where they do not.
#include "cmd_triage_common.h"

#include <cmath>
#include <iostream>
#include <sstream>

namespace parley::cli {
namespace {
using namespace triage_tools;

std::vector<std::string> lines(const std::string& path) {
  std::istringstream in(read_file(path));
  std::vector<std::string> out;
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

std::vector<Row> umsab(const std::string& dir, const std::string& split) {
  static const char* names[] = {"negative", "neutral", "positive"};
  auto text = lines(dir + "/" + split + "_text.txt"), labels = lines(dir + "/" + split + "_labels.txt");
  std::vector<Row> rows;
  for (std::size_t i = 0; i < text.size() && i < labels.size(); ++i) {
    int l = std::atoi(labels[i].c_str());
    if (l < 0 || l > 2) continue;
    rows.push_back(Row{text[i], names[l], "", "", {}});
  }
  return rows;
}


int run(const Args& args) {
  const bool json = has_flag(args, "--json");
  const std::string model_path = option(args, "--model", source_dir() + "/models/triage.bin");
  try {
    const triage::Model shipped = triage::parse(read_file(model_path));
    triage::Model m = shipped;  // the lexicon alone: without the tone classifier sentiment() falls back to it
    m.tone.reset();
    Json out = Json::object();
    for (const char* lang : {"arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish"}) {
      const std::string dir = shared_dir() + "/data/sentiment/umsab/" + lang;
      auto val = umsab(dir, "val"), train = umsab(dir, "train");
      std::vector<Scored> lex, tone;
      std::size_t covered = 0;
      std::map<std::string, std::size_t> counts;
      for (const auto& r : val) {
        auto s = triage::sentiment(m, triage::normalize(r.text), r.text);
        covered += !s.cues.empty();
        lex.push_back(Scored{r.intent, s.label, lang, 1.0});
        if (shipped.tone) tone.push_back(Scored{r.intent, triage::sentiment(shipped, triage::normalize(r.text), r.text).label, lang, 1.0});
      }
      for (const auto& r : train) ++counts[r.intent];
      std::string majority;
      for (const auto& [l, n] : counts) if (majority.empty() || n > counts[majority]) majority = l;
      std::vector<Scored> maj;
      for (const auto& r : val) maj.push_back(Scored{r.intent, majority, lang, 1.0});
      triage::TrainOptions o;
      o.epochs = 20;
      o.min_count = 2;
      triage::Model learned = train_calibrated(train, {}, o);
      Metrics lm = metrics(lex), mm = metrics(maj), cm = metrics(score(learned, val));
      out[lang] = Json{{"n", val.size()},
                       {"lexicon_accuracy", r4(lm.accuracy)}, {"lexicon_macro_f1", r4(lm.macro_f1)},
                       {"lexicon_coverage", r4(val.empty() ? 0 : double(covered) / double(val.size()))},
                       {"majority_accuracy", r4(mm.accuracy)}, {"majority_macro_f1", r4(mm.macro_f1)},
                       {"learned_accuracy", r4(cm.accuracy)}, {"learned_macro_f1", r4(cm.macro_f1)}};
      // The shipped tone classifier learned support messages, not tweets: this is its out-of-domain figure.
      const Metrics tm = shipped.tone ? metrics(tone) : Metrics{};
      if (shipped.tone) {
        out[lang]["tone_accuracy"] = r4(tm.accuracy);
        out[lang]["tone_macro_f1"] = r4(tm.macro_f1);
      }
      if (!json)
        std::cout << lang << ": lexicon acc " << r4(lm.accuracy) << " F1 " << r4(lm.macro_f1) << " (coverage " << out[lang]["lexicon_coverage"]
                  << "); majority acc " << r4(mm.accuracy) << " F1 " << r4(mm.macro_f1) << "; learned on UMSAB train acc "
                  << r4(cm.accuracy) << " F1 " << r4(cm.macro_f1);
      if (!json && shipped.tone) std::cout << "; shipped tone classifier acc " << r4(tm.accuracy) << " F1 " << r4(tm.macro_f1);
      if (!json) std::cout << "\n";
    }
    if (json) std::cout << out.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "eval triage-sentiment: " << e.what() << "\n";
    return 1;
  }
}
PARLEY_COMMAND("eval triage-sentiment", run, "sentiment on UMSAB val: the lexicon, the shipped tone classifier, the majority class and a classifier learned on UMSAB train",
               "--json        print one JSON object with the figures\n"
               "--model FILE  model to evaluate (models/triage.bin)\n");
}  // namespace
}  // namespace parley::cli
