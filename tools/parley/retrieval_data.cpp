// Reading the intent corpora of ../shared/data and the project's own messages for the encoder.
#include "retrieval_data.h"

#include "cmd_triage_common.h"

#include <sstream>

namespace parley::cli {
using namespace triage_tools;

const std::vector<std::string> kRetrievalDatasets = {"banking77", "clinc150", "bitext", "project"};

std::vector<knowledge::LabelledText> retrieval_training_data(const std::set<std::string>& exclude, std::map<std::string, std::size_t>* counts) {
  for (const auto& x : exclude)
    if (std::find(kRetrievalDatasets.begin(), kRetrievalDatasets.end(), x) == kRetrievalDatasets.end())
      throw std::runtime_error("unknown dataset \"" + x + "\" (banking77, clinc150, bitext, project)");
  const std::string intent = shared_dir() + "/data/intent/";
  std::vector<knowledge::LabelledText> out;
  auto add = [&](const std::vector<Row>& rows, const std::string& source) {
    for (const auto& r : rows) {
      if (r.intent.empty() || r.intent == "oos" || r.text.empty()) continue;
      out.push_back({r.text, r.intent, source});
      if (counts) ++(*counts)[source];
    }
  };
  if (!exclude.count("banking77")) {
    add(read_banking77(intent + "banking77/train.csv"), "banking77");
    add(read_banking77(intent + "arbanking77/Banking77_Arabized_MSA_PAL_train.csv"), "banking77-ar");
  }
  if (!exclude.count("clinc150")) add(read_clinc(intent + "clinc150/data_full.json", "train"), "clinc150");
  if (!exclude.count("bitext")) {
    std::set<std::string> seen;
    std::vector<Row> rows;
    for (const char* f : {"Bitext_Sample_Customer_Support_Training_Dataset_v1_6480.csv", "Bitext_Sample_Customer_Support_Training_Dataset_v2_4514.csv"}) {
      auto csv = read_csv(intent + "bitext/" + f);
      std::size_t ii = 0, ti = 0;
      for (std::size_t i = 0; i < csv[0].size(); ++i) {
        if (csv[0][i] == "intent") ii = i;
        if (csv[0][i] == "instruction") ti = i;
      }
      for (std::size_t r = 1; r < csv.size(); ++r)
        if (csv[r].size() > std::max(ii, ti) && seen.insert(csv[r][ti]).second) rows.push_back(Row{csv[r][ti], csv[r][ii], "en", "", {}});
    }
    add(rows, "bitext");
  }
  if (!exclude.count("project")) add(read_rows(source_dir() + "/data/triage/messages"), "project");
  return out;
}

std::vector<knowledge::LabelledText> retrieval_history(const std::string& jsonl) {
  std::vector<knowledge::LabelledText> out;
  std::istringstream in(read_file(jsonl));
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Json j = Json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string() || !j.contains("article_id") || !j["article_id"].is_string())
      throw std::runtime_error(jsonl + ": line " + std::to_string(n) + " is not {\"text\",\"article_id\"}");
    out.push_back({j["text"], j["article_id"], "history"});
  }
  return out;
}

std::vector<std::pair<std::string, double>> retrieval_source_weights() {
  return {{"banking77", 1.0}, {"banking77-ar", 0.5}, {"clinc150", 1.0}, {"bitext", 0.6}, {"project", 1.0}, {"history", 2.0}};
}

knowledge::EncoderTrainOptions retrieval_train_options() { return knowledge::EncoderTrainOptions{}; }
}  // namespace parley::cli
