// Reading labelled data for triage tools: project JSON Lines, Banking77, CLINC150, Bitext.
#include "cmd_triage_common.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace parley::cli::triage_tools {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<Row> read_jsonl(const std::string& path) {
  std::istringstream in(read_file(path));
  std::vector<Row> rows;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    Json j = Json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
      throw std::runtime_error(path + ":" + std::to_string(n) + ": expected an object with \"text\"");
    Row r;
    r.text = j["text"].get<std::string>();
    for (auto [key, field] : {std::pair{"intent", &r.intent}, {"lang", &r.lang}, {"channel", &r.channel}})
      if (j.contains(key) && j[key].is_string()) *field = j[key].get<std::string>();
    for (const char* key : {"sentiment", "urgency", "churn_risk", "anger", "kind"})
      if (j.contains(key) && j[key].is_string()) r.signals[key] = j[key].get<std::string>();
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Row> read_jsonl_dir(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".jsonl") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  std::vector<Row> rows;
  for (const auto& f : files) {
    auto r = read_jsonl(f);
    rows.insert(rows.end(), r.begin(), r.end());
  }
  return rows;
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::string s = read_file(path);
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"' && i + 1 < s.size() && s[i + 1] == '"') { field += '"'; ++i; }
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
    } else {
      field += c;
    }
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(std::move(field));
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

std::vector<Row> read_banking77(const std::string& path) {
  auto csv = read_csv(path);
  if (csv.empty()) return {};
  // Columns by name: Banking77 has text,category; the Arabic version label,text.
  std::size_t ti = 0, li = 1;
  for (std::size_t i = 0; i < csv[0].size(); ++i) {
    if (csv[0][i] == "text") ti = i;
    if (csv[0][i] == "category" || csv[0][i] == "label") li = i;
  }
  std::vector<Row> rows;
  for (std::size_t r = 1; r < csv.size(); ++r)
    if (csv[r].size() > std::max(ti, li)) rows.push_back(Row{csv[r][ti], csv[r][li], "", "", {}});
  return rows;
}

std::vector<Row> read_clinc(const std::string& path, const std::string& split) {
  Json j = Json::parse(read_file(path));
  std::vector<Row> rows;
  for (const auto& [key, oos] : {std::pair{split, false}, {"oos_" + split, true}})
    for (const auto& item : j.at(key)) rows.push_back(Row{item[0].get<std::string>(), oos ? "oos" : item[1].get<std::string>(), "en", "", {}});
  return rows;
}

std::map<std::string, std::string> read_mapping(const std::string& tsv) {
  std::map<std::string, std::string> mapping;
  std::istringstream in(read_file(tsv));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab != std::string::npos) mapping[line.substr(0, tab)] = line.substr(tab + 1);
  }
  return mapping;
}

std::vector<Row> read_bitext(const std::string& csv_path, const std::string& mapping_tsv, std::size_t per_intent) {
  const std::map<std::string, std::string> mapping = read_mapping(mapping_tsv);
  auto csv = read_csv(csv_path);
  std::size_t ii = 0, ti = 0;
  for (std::size_t i = 0; i < csv[0].size(); ++i) {
    if (csv[0][i] == "intent") ii = i;
    if (csv[0][i] == "instruction") ti = i;
  }
  // Spread the picks over the file: every k-th row of each intent.
  std::map<std::string, std::vector<std::size_t>> by_intent;
  for (std::size_t r = 1; r < csv.size(); ++r)
    if (csv[r].size() > std::max(ii, ti)) by_intent[csv[r][ii]].push_back(r);
  std::vector<Row> rows;
  for (const auto& [intent, idx] : by_intent) {
    auto it = mapping.find(intent);
    if (it == mapping.end() || it->second == "-") continue;
    std::size_t step = std::max<std::size_t>(1, idx.size() / std::max<std::size_t>(1, per_intent));
    std::size_t taken = 0;
    for (std::size_t k = 0; k < idx.size() && taken < per_intent; k += step, ++taken)
      rows.push_back(Row{csv[idx[k]][ti], it->second, "en", "webchat", {}});
  }
  return rows;
}

std::vector<Row> read_rows(const std::string& path) {
  return std::filesystem::is_directory(path) ? read_jsonl_dir(path) : read_jsonl(path);
}

std::vector<Row> project_training_rows(const std::string& data, std::size_t per_intent, std::size_t* own) {
  std::vector<Row> rows = read_rows(data);
  if (own) *own = rows.size();
  if (per_intent == 0) return rows;
  const std::string mapping = source_dir() + "/data/triage/bitext-mapping.tsv";
  for (const char* f : {"Bitext_Sample_Customer_Support_Training_Dataset_v1_6480.csv", "Bitext_Sample_Customer_Support_Training_Dataset_v2_4514.csv"}) {
    auto b = read_bitext(shared_dir() + "/data/intent/bitext/" + f, mapping, per_intent);
    rows.insert(rows.end(), b.begin(), b.end());
  }
  return rows;
}

std::vector<triage::Example> examples(const std::vector<Row>& rows) {
  std::vector<triage::Example> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(triage::Example{r.text, r.intent});
  return out;
}

void split(const std::vector<Row>& rows, unsigned modulo, std::vector<Row>& kept, std::vector<Row>& held, unsigned residue) {
  for (const auto& r : rows) (triage::hash_key('s', r.text) % modulo == residue ? held : kept).push_back(r);
}
}  // namespace parley::cli::triage_tools
