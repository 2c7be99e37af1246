// Public intent sets mapped to the taxonomy, as domains a model was not trained on: Banking77,
// its Arabic version and CLINC150 (data/triage/domains/), and Bitext.
#include "cmd_triage_common.h"

#include <algorithm>
#include <map>
#include <set>

namespace parley::cli::triage_tools {
namespace {
// The taxonomy intent of a set's label: "" when it has none ("-" or absent).
std::string mapped(const std::map<std::string, std::string>& mapping, const std::string& label) {
  auto it = mapping.find(label);
  return it == mapping.end() || it->second == "-" ? std::string() : it->second;
}

std::vector<Row> relabel(std::vector<Row> rows, const std::map<std::string, std::string>& mapping, const std::string& lang) {
  for (auto& r : rows) {
    r.intent = mapped(mapping, r.intent);
    r.lang = lang;
  }
  return rows;
}

// At most `n` rows, picked by a hash of the text (the same rows on every run).
std::vector<Row> sample(const std::vector<Row>& rows, std::size_t n) {
  if (rows.size() <= n) return rows;
  std::vector<std::pair<std::uint32_t, std::size_t>> keyed;
  for (std::size_t i = 0; i < rows.size(); ++i) keyed.emplace_back(triage::hash_key('d', rows[i].text), i);
  std::sort(keyed.begin(), keyed.end());
  keyed.resize(n);
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<Row> out;
  for (const auto& [h, i] : keyed) out.push_back(rows[i]);
  return out;
}
}  // namespace

std::vector<Domain> public_domains(std::size_t per_domain) {
  const std::string data = shared_dir() + "/data/intent/", maps = source_dir() + "/data/triage/domains/";
  std::vector<Domain> out;
  auto banking = read_mapping(maps + "banking77-mapping.tsv");
  auto add = [&](const char* name, const char* family, std::vector<Row> train, std::vector<Row> test) {
    std::vector<Row> calibration = sample(train, per_domain);
    out.push_back(Domain{name, family, std::move(train), std::move(test), std::move(calibration)});
  };
  add("banking77", "banking77", relabel(read_banking77(data + "banking77/train.csv"), banking, "en"),
      relabel(read_banking77(data + "banking77/test.csv"), banking, "en"));
  // The Arabic version labels in Arabic; Banking77_intents.csv gives the English name ("card arrival").
  std::map<std::string, std::string> arabic;
  {
    auto csv = read_csv(data + "arbanking77/Banking77_intents.csv");
    std::map<std::string, std::string> by_lower;
    for (const auto& [label, intent] : banking) {
      std::string l = label;
      for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      by_lower[l] = intent;
    }
    for (std::size_t r = 1; r < csv.size(); ++r) {
      if (csv[r].size() < 2) continue;
      std::string en = csv[r][0];
      for (char& c : en) c = c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto it = by_lower.find(en);
      arabic[csv[r][1]] = it == by_lower.end() ? "-" : it->second;
    }
  }
  add("arbanking77", "banking77", relabel(read_banking77(data + "arbanking77/Banking77_Arabized_MSA_PAL_train.csv"), arabic, "ar"),
      relabel(read_banking77(data + "arbanking77/Banking77_Arabized_MSA_test.csv"), arabic, "ar"));
  auto clinc = read_mapping(maps + "clinc150-mapping.tsv");
  const std::string c = data + "clinc150/data_full.json";
  add("clinc150", "clinc150", relabel(read_clinc(c, "train"), clinc, "en"), relabel(read_clinc(c, "test"), clinc, "en"));
  return out;
}

std::vector<Row> bitext_domain() {
  auto mapping = read_mapping(source_dir() + "/data/triage/bitext-mapping.tsv");
  std::vector<Row> rows;
  for (const char* f : {"Bitext_Sample_Customer_Support_Training_Dataset_v1_6480.csv", "Bitext_Sample_Customer_Support_Training_Dataset_v2_4514.csv"}) {
    auto csv = read_csv(shared_dir() + "/data/intent/bitext/" + f);
    std::size_t ii = 0, ti = 0;
    for (std::size_t i = 0; i < csv[0].size(); ++i) {
      if (csv[0][i] == "intent") ii = i;
      if (csv[0][i] == "instruction") ti = i;
    }
    for (std::size_t r = 1; r < csv.size(); ++r)
      if (csv[r].size() > std::max(ii, ti)) rows.push_back(Row{csv[r][ti], mapped(mapping, csv[r][ii]), "en", "webchat", {}});
  }
  return rows;
}

Families calibration_families(const std::vector<Domain>& domains, const std::string& excluded) {
  std::map<std::string, std::vector<Row>> by_family;
  for (const auto& d : domains)
    if (d.family != excluded) by_family[d.family].insert(by_family[d.family].end(), d.calibration.begin(), d.calibration.end());
  Families out;
  for (auto& [name, rows] : by_family) out.push_back(std::move(rows));
  return out;
}

std::vector<double> familiarity_calibrator(const triage::Model& m, const std::vector<Row>& in_domain, const Families& others,
                                           double share) {
  std::vector<std::vector<double>> x;
  std::vector<int> y;
  std::vector<double> w;
  auto add = [&](const std::vector<Row>& rows, double total) {
    for (const auto& r : rows) {
      auto p = triage::predict(m, r.text);
      x.push_back(triage::familiarity_inputs(p.probs, triage::familiarity(m, p)));
      y.push_back(!r.intent.empty() && m.labels[p.order[0]] == r.intent);
      w.push_back(total / double(rows.size()));
    }
  };
  add(in_domain, others.empty() ? 1.0 : share);
  for (const auto& f : others) add(f, (1 - share) / double(others.size()));
  return triage::fit_familiarity(x, y, w);
}
}  // namespace parley::cli::triage_tools
