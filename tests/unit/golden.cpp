#include "golden.h"

#include "parley/assets.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace parley::testing {
std::vector<GoldenCase> load_golden_cases() {
  std::vector<GoldenCase> cases;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(PARLEY_SOURCE_DIR) + "/tests/golden"))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      Json j = Json::parse(line);
      cases.push_back({f.filename().string(), j.at("name"), j.at("method"), j.value("request", Json::object()),
                       j.value("expect", Json::object())});
    }
  }
  return cases;
}

void load_model_assets() {
  const std::filesystem::path dir = std::string(PARLEY_SOURCE_DIR) + "/models";
  if (!std::filesystem::is_directory(dir)) return;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".bin") continue;
    std::ifstream in(e.path(), std::ios::binary);
    assets::put(e.path().stem().string(), std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  }
}

std::string mismatch(const Json& expect, const Json& answer, const std::string& path) {
  if (expect.is_object()) {
    if (!answer.is_object()) return path + ": expected an object, got " + answer.dump();
    for (const auto& [k, v] : expect.items()) {
      if (!answer.contains(k)) return path + "/" + k + ": missing";
      if (auto m = mismatch(v, answer[k], path + "/" + k); !m.empty()) return m;
    }
    return "";
  }
  if (expect.is_array()) {
    if (!answer.is_array() || answer.size() != expect.size())
      return path + ": expected " + expect.dump() + ", got " + answer.dump();
    for (std::size_t i = 0; i < expect.size(); ++i)
      if (auto m = mismatch(expect[i], answer[i], path + "/" + std::to_string(i)); !m.empty()) return m;
    return "";
  }
  return expect == answer ? "" : path + ": expected " + expect.dump() + ", got " + answer.dump();
}
}  // namespace parley::testing
