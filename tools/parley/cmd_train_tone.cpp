// `parley train tone`: the tone classifier (negative / neutral / positive) inside a triage model,
// reproducibly, from UMSAB train (real tweets in 8 languages, ../shared/data/sentiment/umsab) and
// the `sentiment` labels of the project's own messages, over n-grams plus the lexicon's and the
// rules' signals (triage::tone_features). `parley train triage` trains it the same way.
// `--validate` holds out 10% of each source (by hash, never UMSAB val or the held-out messages) and
// prints the figures on it instead of writing: what the options were chosen on.
#include "cmd_triage_common.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

namespace parley::cli::triage_tools {
namespace {
std::vector<std::string> lines_of(const std::string& path) {
  std::istringstream in(read_file(path));
  std::vector<std::string> out;
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}
}  // namespace

const std::vector<std::string>& umsab_languages() {
  static const std::vector<std::string> l = {"arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish"};
  return l;
}

std::vector<Row> umsab(const std::string& language, const std::string& split) {
  static const char* names[] = {"negative", "neutral", "positive"};
  const std::string dir = shared_dir() + "/data/sentiment/umsab/" + language;
  auto text = lines_of(dir + "/" + split + "_text.txt"), labels = lines_of(dir + "/" + split + "_labels.txt");
  std::vector<Row> rows;
  for (std::size_t i = 0; i < text.size() && i < labels.size(); ++i) {
    int l = std::atoi(labels[i].c_str());
    if (l < 0 || l > 2 || text[i].empty()) continue;
    rows.push_back(Row{text[i], names[l], language, "", {}});
  }
  return rows;
}

std::vector<Row> tone_rows(const std::vector<Row>& labelled) {
  std::vector<Row> out;
  for (const auto& r : labelled)
    if (auto it = r.signals.find("sentiment"); it != r.signals.end()) out.push_back(Row{r.text, it->second, r.lang, r.channel, {}});
  return out;
}

ToneRecipe::ToneRecipe() {
  options.epochs = 20;
  options.learning_rate = 1.0;
  options.dropout = 0;
  options.min_count = 3;
  options.max_bytes = 300000;
  options.vocabulary_bits = 0;
}

std::vector<Row> ToneRecipe::rows(const std::vector<Row>& umsab_train, const std::vector<Row>& project) const {
  std::vector<Row> out = umsab_train;
  for (std::size_t k = 0; k < project_weight; ++k) out.insert(out.end(), project.begin(), project.end());
  return out;
}

triage::Model train_tone(const triage::Model& lexicon, const std::vector<Row>& rows, const triage::TrainOptions& o) {
  auto features = [&](const std::vector<Row>& rs, std::vector<std::vector<triage::Feature>>& f, std::vector<std::string>& l) {
    for (const auto& r : rs) {
      f.push_back(triage::tone_features(lexicon, o.features, triage::normalize(r.text), r.text));
      l.push_back(r.intent);
    }
  };
  auto finish = [&](triage::Model m) {
    triage::prune(m, o.max_bytes);
    return triage::parse(triage::serialize(m));  // exactly what ships: int8 rows
  };
  // The temperature is fitted on 10% held back from a probe model, then everything is trained on.
  std::vector<Row> kept, held;
  split(rows, 10, kept, held);
  std::vector<std::vector<triage::Feature>> fk, fh, fa;
  std::vector<std::string> lk, lh, la;
  features(kept, fk, lk);
  features(held, fh, lh);
  features(rows, fa, la);
  triage::Model probe = finish(triage::train(fk, lk, o));
  double t = triage::calibrate(probe, fh, lh);
  triage::Model m = finish(triage::train(fa, la, o));
  m.temperature = t;
  return m;
}

std::string tone_label(const triage::Model& model, const std::string& text) {
  return triage::sentiment(model, triage::normalize(text), text).label;
}

namespace {
int run_train_tone(const Args& args) {
  const std::string root = source_dir();
  const std::string model_path = option(args, "--model", root + "/models/triage.bin");
  const std::string out = option(args, "--out", model_path);
  const std::string data = option(args, "--data", root + "/data/triage/messages");
  ToneRecipe recipe;
  triage::TrainOptions& o = recipe.options;
  try {
    o.seed = std::stoull(option(args, "--seed", "1"));
    o.epochs = std::stoi(option(args, "--epochs", std::to_string(o.epochs)));
    o.learning_rate = std::stod(option(args, "--lr", std::to_string(o.learning_rate)));
    o.dropout = std::stod(option(args, "--dropout", std::to_string(o.dropout)));
    o.min_count = std::stoi(option(args, "--min-count", std::to_string(o.min_count)));
    o.max_bytes = std::stoull(option(args, "--tone-bytes", std::to_string(o.max_bytes)));
    recipe.project_weight = std::stoull(option(args, "--project-weight", std::to_string(recipe.project_weight)));
    const bool validate = has_flag(args, "--validate");
    auto t0 = std::chrono::steady_clock::now();
    triage::Model m = triage::parse(read_file(model_path));
    if (m.lexicon_keys.empty()) throw std::runtime_error(model_path + " has no sentiment lexicon (train it with parley train triage)");
    std::vector<Row> project = tone_rows(read_rows(data)), umsab_train;
    for (const auto& l : umsab_languages()) {
      auto rs = umsab(l, "train");
      umsab_train.insert(umsab_train.end(), rs.begin(), rs.end());
    }
    if (has_flag(args, "--no-umsab")) umsab_train.clear();
    if (has_flag(args, "--no-project")) project.clear();
    if (umsab_train.empty() && project.empty()) throw std::runtime_error("no labelled rows to train on");
    if (!validate) {
      m.tone = std::make_shared<const triage::Model>(train_tone(m, recipe.rows(umsab_train, project), o));
      std::string bytes = triage::serialize(m);
      std::ofstream(out, std::ios::binary) << bytes;
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::cout << Json{{"out", out}, {"bytes", bytes.size()}, {"tone_bytes", triage::serialize(*m.tone).size()},
                        {"umsab_rows", umsab_train.size()}, {"project_rows", project.size()}, {"project_weight", recipe.project_weight},
                        {"temperature", m.tone->temperature}, {"seconds", secs}}.dump()
                << "\n";
      return 0;
    }
    // Validation on 10% of each source held out by hash (train splits only); with --folds N, on N
    // such tenths in turn (each by a model trained without it), which steadies the figures.
    const unsigned folds = static_cast<unsigned>(std::stoul(option(args, "--folds", "1")));
    if (folds < 1 || folds > 10) throw std::runtime_error("--folds takes 1 to 10");
    std::map<std::string, std::vector<Scored>> per_lang;
    std::vector<Scored> ps;
    triage::Model probe = m;
    for (unsigned fold = 0; fold < folds; ++fold) {
      std::vector<Row> ukept, uheld, pkept, pheld;
      split(umsab_train, 10, ukept, uheld, fold);
      split(project, 10, pkept, pheld, fold);
      probe.tone = std::make_shared<const triage::Model>(train_tone(m, recipe.rows(ukept, pkept), o));
      for (const auto& r : uheld) per_lang[r.lang].push_back(Scored{r.intent, tone_label(probe, r.text), r.lang, 1});
      for (const auto& r : pheld) ps.push_back(Scored{r.intent, tone_label(probe, r.text), r.lang, 1});
    }
    Json res = Json::object();
    double sum = 0, worst = 1;
    for (const auto& l : umsab_languages()) {
      double f1 = metrics(per_lang[l]).macro_f1;
      res["umsab_" + l + "_macro_f1"] = r4(f1);
      sum += f1;
      worst = std::min(worst, f1);
    }
    res["umsab_mean_macro_f1"] = r4(sum / double(umsab_languages().size()));
    res["umsab_min_macro_f1"] = r4(worst);
    Metrics pm = metrics(ps);
    res["project_accuracy"] = r4(pm.accuracy);
    res["project_macro_f1"] = r4(pm.macro_f1);
    res["tone_bytes"] = triage::serialize(*probe.tone).size();
    res["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << res.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "train tone: " << e.what() << "\n";
    return 1;
  }
}
}  // namespace
PARLEY_COMMAND("train tone", run_train_tone,
               "train the tone classifier (sentiment) inside a triage model from UMSAB train and the project's messages",
               "--model FILE          triage model whose lexicon it reads and whose tone classifier it replaces (models/triage.bin)\n"
               "--out FILE            where to write the model (--model)\n"
               "--data DIR|FILE       the project's labelled messages (data/triage/messages)\n"
               "--seed N              training seed (1)\n"
               "--epochs N            training epochs (20)\n"
               "--lr X                learning rate (1)\n"
               "--dropout X           input dropout (0)\n"
               "--min-count N         drop n-grams seen fewer times (3)\n"
               "--tone-bytes N        size budget of the tone classifier (300000)\n"
               "--project-weight N    how many times each project message counts (2)\n"
               "--no-umsab            without UMSAB train\n"
               "--no-project          without the project's messages\n"
               "--validate            train on 90% of each source and print the figures on the other 10%; write nothing\n"
               "--folds N             with --validate: repeat over N different tenths and pool the figures (1)\n");
}  // namespace parley::cli::triage_tools
