// Reading the Unicode Character Database files (Debian `unicode-data`, /usr/share/unicode) in
// tests. They are read where the package installs them, never copied into the repository.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace ucd_files {
inline std::string dir() {
  const char* d = std::getenv("PARLEY_UCD_DIR");
  return d && *d ? d : "/usr/share/unicode";
}
inline bool present() { return std::filesystem::exists(dir() + "/auxiliary/GraphemeBreakTest.txt"); }
inline const char* missing() { return "skipped: the Unicode Character Database is missing (apt-get install unicode-data)"; }

inline std::string strip_comment(std::string line) {
  if (auto h = line.find('#'); h != std::string::npos) line.erase(h);
  return line;
}

// Property value -> code points, from a "X..Y ; Value # comment" file. `only` keeps one value.
inline std::map<std::string, std::vector<char32_t>> property(const std::string& file, const std::string& only = "") {
  std::map<std::string, std::vector<char32_t>> out;
  std::ifstream in(dir() + "/" + file);
  for (std::string line; std::getline(in, line);) {
    line = strip_comment(line);
    auto semi = line.find(';');
    if (semi == std::string::npos) continue;
    std::string range = line.substr(0, semi), value = line.substr(semi + 1);
    value.erase(0, value.find_first_not_of(' '));
    value.erase(value.find_last_not_of(' ') + 1);
    if (!only.empty() && value != only) continue;
    auto dots = range.find("..");
    char32_t lo = static_cast<char32_t>(std::stoul(range.substr(0, dots), nullptr, 16));
    char32_t hi = dots == std::string::npos ? lo : static_cast<char32_t>(std::stoul(range.substr(dots + 2), nullptr, 16));
    for (char32_t cp = lo; cp <= hi; ++cp) out[value].push_back(cp);
  }
  return out;
}

// One line of a UAX #29 break test: code points, and whether a break comes before each one
// (breaks[i] for i < size) and at the end.
struct BreakCase {
  std::vector<char32_t> cps;
  std::vector<bool> breaks;  // size cps.size() + 1
  std::string line;
};

inline std::vector<BreakCase> break_test(const std::string& file) {
  std::vector<BreakCase> out;
  std::ifstream in(dir() + "/" + file);
  for (std::string line; std::getline(in, line);) {
    std::string body = strip_comment(line);
    std::istringstream words(body);
    BreakCase c;
    c.line = line;
    for (std::string w; words >> w;) {
      if (w == "\xC3\xB7") c.breaks.push_back(true);        // ÷
      else if (w == "\xC3\x97") c.breaks.push_back(false);  // ×
      else c.cps.push_back(static_cast<char32_t>(std::stoul(w, nullptr, 16)));
    }
    if (!c.cps.empty()) out.push_back(std::move(c));
  }
  return out;
}
}  // namespace ucd_files
