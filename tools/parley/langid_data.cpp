// Gathering langid text: lingua (sentences, word pairs, single words) and xSID from ../shared,
// the project's own customer-style lines from data/langid. Every fifth line of a lingua or project
// file is held out; xSID's "valid" split trains and its "test" split is held out. zh-Hant text is
// made from the zh (Simplified) lines with ICU's Hans-Hant transliterator, as the datasets have no
// Traditional Chinese; the project lines add genuinely Traditional phrasing.
#include "langid_data.h"

#include "parley/command.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace parley::cli::langid_data {
namespace {
namespace fs = std::filesystem;

bool held_out(std::size_t index) { return index % 5 == 4; }

std::vector<std::string> read_lines(const fs::path& path, bool required) {
  std::ifstream in(path);
  if (!in) {
    if (required) throw std::runtime_error("cannot read " + path.string());
    return {};
  }
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    out.push_back(line);
  }
  return out;
}

std::string to_traditional(const std::string& s) {
  static std::unique_ptr<icu::Transliterator> t = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU Hans-Hant transliterator unavailable: ") + u_errorName(status));
    return made;
  }();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  t->transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}

// A Simplified line whose Traditional form is the same string is Chinese in either script: it is
// kept once, as zh-Hans, rather than taught (and scored) under two labels.
void add(std::vector<Line>& out, const std::string& language, std::string text, const std::string& source) {
  if (language == "zh-Hans") {
    std::string traditional = to_traditional(text);
    if (traditional != text) {
      out.push_back({"zh-Hant", std::move(traditional), source, ""});
    } else {
      out.push_back({language, std::move(text), source, "zh-Hant"});
      return;
    }
  }
  out.push_back({language, std::move(text), source, ""});
}

// lingua file names are ISO 639-1 codes; zh is Simplified.
std::string lingua_code(const std::string& language) { return language == "zh-Hans" ? "zh" : language; }
}  // namespace

const std::map<std::string, std::string>& target_languages() {
  static const std::map<std::string, std::string> m = {
      {"en", "Latn"}, {"ja", "Kana,Hani"}, {"ko", "Hang"},     {"zh-Hans", "Hani"}, {"zh-Hant", "Hani"}, {"pt", "Latn"},
      {"es", "Latn"}, {"ar", "Arab"},      {"de", "Latn"},     {"fr", "Latn"},      {"id", "Latn"},      {"ms", "Latn"},
      {"hi", "Deva"}, {"hi-Latn", "Latn"}, {"ar-Latn", "Latn"}, {"th", "Thai"},     {"vi", "Latn"},      {"tr", "Latn"},
      {"it", "Latn"}, {"nl", "Latn"},      {"ru", "Cyrl"},     {"he", "Hebr"}};
  return m;
}

std::map<std::string, std::string> model_languages() {
  auto m = target_languages();
  m["uk"] = "Cyrl";
  m["bg"] = "Cyrl";
  m["fa"] = "Arab";
  m["ur"] = "Arab";
  return m;
}

std::vector<Line> lines(bool train) {
  const fs::path lingua = fs::path(shared_dir()) / "data" / "langid" / "lingua";
  const fs::path xsid = fs::path(shared_dir()) / "data" / "langid" / "xsid" / "xsid_0.7_utterances.tsv";
  const fs::path project = fs::path(source_dir()) / "data" / "langid";
  std::vector<Line> out;
  for (const auto& [language, scripts] : model_languages()) {
    if (language == "zh-Hant" || language == "hi-Latn" || language == "ar-Latn") continue;  // not in lingua
    for (const char* kind : {"sentences", "word-pairs", "single-words"}) {
      auto rows = read_lines(lingua / kind / (lingua_code(language) + ".txt"), true);
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (held_out(i) != train) add(out, language, rows[i], std::string("lingua-") + kind);
    }
  }
  // xSID: lang, split, id, intent, text, text_en
  const auto& targets = target_languages();
  for (const auto& row : read_lines(xsid, true)) {
    std::vector<std::string> cols;
    std::stringstream ss(row);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    if (cols.size() < 5 || cols[0] == "lang") continue;
    std::string language = cols[0] == "zh" ? "zh-Hans" : cols[0];
    if (!targets.count(language)) continue;
    if ((cols[1] == "valid") == train) add(out, language, cols[4], "xsid");
  }
  for (const auto& [language, scripts] : targets) {
    auto rows = read_lines(project / (language + ".txt"), false);
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (held_out(i) != train) out.push_back({language, rows[i], "project", ""});
  }
  return out;
}
}  // namespace parley::cli::langid_data
