// Debian's fastText as the baseline, trained on exactly the same rows in a temporary directory with
// the flags of ../shared/DATA.md (then quantized, as the shipped comparison in DATA.md is).
#include "cmd_triage_common.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace parley::cli::triage_tools {
namespace {
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (s.find_first_not_of(' ') == std::string::npos) s = "_";
  return s;
}
std::string label_token(std::string s) {
  for (char& c : s)
    if (c == ' ') c = '_';
  return "__label__" + s;
}
}  // namespace

std::optional<FastTextRun> fasttext(const std::vector<Row>& train, const std::vector<Row>& test, bool quantize) {
  namespace fs = std::filesystem;
  if (!fs::exists("/usr/bin/fasttext")) return std::nullopt;
  char tmpl[] = "/tmp/parley-fasttext-XXXXXX";
  if (!mkdtemp(tmpl)) return std::nullopt;
  std::string dir = tmpl;
  std::map<std::string, std::string> back;  // label token → label
  {
    std::ofstream tr(dir + "/train.txt"), te(dir + "/test.txt");
    for (const auto& r : train) {
      back[label_token(r.intent)] = r.intent;
      tr << label_token(r.intent) << ' ' << one_line(r.text) << '\n';
    }
    for (const auto& r : test) te << one_line(r.text) << '\n';
  }
  const std::string q = " >/dev/null 2>&1";
  auto t0 = std::chrono::steady_clock::now();
  std::string cmd = "cd " + dir + " && /usr/bin/fasttext supervised -input train.txt -output model -dim 32 -minn 3 -maxn 5 "
                    "-wordNgrams 2 -bucket 100000 -epoch 100 -lr 1.0 -thread 2" + q;
  if (std::system(cmd.c_str()) != 0) { fs::remove_all(dir); return std::nullopt; }
  std::string model = "model.bin";
  if (quantize) {
    cmd = "cd " + dir + " && /usr/bin/fasttext quantize -input train.txt -output model -qnorm -retrain -cutoff 50000 -thread 2" + q;
    if (std::system(cmd.c_str()) == 0) model = "model.ftz";
  }
  FastTextRun run;
  run.train_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.model_bytes = static_cast<std::size_t>(fs::file_size(dir + "/" + model));
  auto t1 = std::chrono::steady_clock::now();
  cmd = "cd " + dir + " && /usr/bin/fasttext predict-prob " + model + " test.txt 1 > pred.txt 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) { fs::remove_all(dir); return std::nullopt; }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  run.us_per_message = test.empty() ? 0 : secs * 1e6 / double(test.size());  // includes loading the model
  std::istringstream in(read_file(dir + "/pred.txt"));
  std::string line;
  std::size_t i = 0;
  while (std::getline(in, line) && i < test.size()) {
    std::istringstream l(line);
    std::string label;
    double p = 0;
    l >> label >> p;
    auto it = back.find(label);
    run.scored.push_back(Scored{test[i].intent, it == back.end() ? label : it->second, test[i].lang, std::min(1.0, p)});
    ++i;
  }
  fs::remove_all(dir);
  if (run.scored.size() != test.size()) return std::nullopt;
  return run;
}
}  // namespace parley::cli::triage_tools
