// Gathering langid text: lingua (sentences, word pairs, single words) and xSID from ../shared,
// the project's own customer-style lines from data/langid. Every fifth line of a lingua or project
// file is held out; xSID's "valid" split trains and its "test" split is held out. zh-Hant text is
// made from the zh (Simplified) lines with ICU's Hans-Hant transliterator, as the datasets have no
// Traditional Chinese; the project lines add genuinely Traditional phrasing.
#include "langid_data.h"

#include "parley/command.h"

#include <bzlib.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
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

std::unique_ptr<icu::Transliterator> transliterator(const char* id) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU ") + id + " transliterator unavailable: " + u_errorName(status));
  return t;
}

std::string transliterate(icu::Transliterator& t, const std::string& s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  t.transliterate(u);
  std::string out;
  u.toUTF8String(out);
  return out;
}
std::string to_traditional(const std::string& s) {
  static const auto t = transliterator("Hans-Hant");
  return transliterate(*t, s);
}
std::string to_simplified(const std::string& s) {
  static const auto t = transliterator("Hant-Hans");
  return transliterate(*t, s);
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
namespace {
// Unihan's variant table (Debian unicode-data ships it bzip2-compressed), read whole.
std::string read_bz2(const fs::path& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot read " + path.string() + " (Debian package unicode-data)");
  int err = BZ_OK;
  BZFILE* bz = BZ2_bzReadOpen(&err, f, 0, 0, nullptr, 0);
  std::string out;
  char buf[1 << 16];
  while (err == BZ_OK) {
    const int n = BZ2_bzRead(&err, bz, buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
  }
  BZ2_bzReadClose(nullptr, bz);
  std::fclose(f);
  if (err != BZ_STREAM_END) throw std::runtime_error("cannot decompress " + path.string());
  return out;
}

// Characters only one script writes, from Unihan's kSimplifiedVariant / kTraditionalVariant: a
// character whose simplified form is another one, and that is nobody's simplified form, is
// Traditional-only (協, 後); the mirror rule gives Simplified-only (协). 后 lists itself among its
// traditional forms, so it is neither. Only the URO block (U+4E00–U+9FFF), where everyday text is.
void unihan_script_characters(std::set<char32_t>& simplified_only, std::set<char32_t>& traditional_only) {
  const char* dir = std::getenv("PARLEY_UCD_DIR");
  const std::string text = read_bz2(fs::path(dir && *dir ? dir : "/usr/share/unicode") / "Unihan_Variants.txt.bz2");
  std::map<char32_t, std::vector<char32_t>> simplified, traditional;
  std::set<char32_t> some_simplified, some_traditional;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream cols(line);
    std::string cp, key, value;
    if (!std::getline(cols, cp, '\t') || !std::getline(cols, key, '\t') || !std::getline(cols, value)) continue;
    const bool s = key == "kSimplifiedVariant", t = key == "kTraditionalVariant";
    if ((!s && !t) || cp.rfind("U+", 0) != 0) continue;
    const auto c = static_cast<char32_t>(std::stoul(cp.substr(2), nullptr, 16));
    std::istringstream vs(value);
    std::string v;
    while (vs >> v) {
      if (v.rfind("U+", 0) != 0) continue;
      const auto x = static_cast<char32_t>(std::stoul(v.substr(2), nullptr, 16));
      (s ? simplified : traditional)[c].push_back(x);
      (s ? some_simplified : some_traditional).insert(x);
    }
  }
  auto only = [](const auto& forms, const std::set<char32_t>& targets, std::set<char32_t>& out) {
    for (const auto& [c, xs] : forms)
      if (c >= 0x4E00 && c <= 0x9FFF && std::find(xs.begin(), xs.end(), c) == xs.end() && !targets.count(c)) out.insert(c);
  };
  only(simplified, some_simplified, traditional_only);
  only(traditional, some_traditional, simplified_only);
}
}  // namespace

void chinese_script_characters(const std::vector<langid::TrainingExample>& examples, std::vector<char32_t>& simplified_only,
                               std::vector<char32_t>& traditional_only) {
  std::set<char32_t> in_hans, in_hant;
  for (const auto& ex : examples) {
    if (ex.language != "zh-Hans" && ex.language != "zh-Hant") continue;
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(ex.text);
    for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) (ex.language == "zh-Hans" ? in_hans : in_hant).insert(static_cast<char32_t>(u.char32At(i)));
  }
  auto one_char = [](char32_t c) {
    std::string s;
    icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(s);
    return s;
  };
  std::set<char32_t> s_only, t_only;
  unihan_script_characters(s_only, t_only);
  for (char32_t c : in_hans)
    if (to_traditional(one_char(c)) != one_char(c)) s_only.insert(c);
  for (char32_t c : in_hant)
    if (to_simplified(one_char(c)) != one_char(c)) t_only.insert(c);
  // What the other script's own text uses is never "only" one script's.
  for (char32_t c : s_only)
    if (!in_hant.count(c) && !t_only.count(c)) simplified_only.push_back(c);
  for (char32_t c : t_only)
    if (!in_hans.count(c) && !s_only.count(c)) traditional_only.push_back(c);
}

std::vector<Line> short_lines() {
  const fs::path dir = fs::path(source_dir()) / "data" / "langid" / "short";
  std::vector<Line> out;
  auto labels = target_languages();
  labels["und"] = "";
  for (const auto& [language, scripts] : labels)
    for (auto& row : read_lines(dir / (language + ".txt"), true)) {
      // Chinese that is written the same in both scripts is right under either label.
      std::string also;
      if (language == "zh-Hans" && to_traditional(row) == row) also = "zh-Hant";
      if (language == "zh-Hant" && to_simplified(row) == row) also = "zh-Hans";
      out.push_back({language, std::move(row), "short", also});
    }
  return out;
}

bool correct(const std::string& predicted, const Line& line) {
  return predicted == line.language || (!line.also.empty() && predicted == line.also) ||
         (predicted == "zh" && line.language.rfind("zh-", 0) == 0);
}

void Tally::add(const Line& l, bool ok) {
  auto bump = [&](std::pair<int, int>& p) { p.first += ok, p.second += 1; };
  bump(by_source[l.source]);
  bump(by_language[l.language]);
  right += ok, total += 1;
}

double Tally::pct(std::pair<int, int> p) { return p.second ? std::round(1000.0 * p.first / p.second) / 10 : 0; }

Json Tally::to_json() const {
  Json s = Json::object(), g = Json::object();
  for (const auto& [k, v] : by_source) s[k] = pct(v);
  for (const auto& [k, v] : by_language) g[k] = pct(v);
  return Json{{"overall", pct({right, total})}, {"by_source", s}, {"by_language", g}};
}
Json score_peer(const Json& node, const std::string& name, const std::vector<Line>& lines) {
  const Json* peer = node.contains("peers") && node["peers"].contains(name) ? &node["peers"][name] : nullptr;
  if (!peer || !peer->contains("predictions") || (*peer)["predictions"].size() != lines.size())
    return Json{{"error", peer && peer->contains("error") ? (*peer)["error"] : Json("not run (tools/dev bench installs the peers)")}};
  Tally t;
  for (std::size_t i = 0; i < lines.size(); ++i) t.add(lines[i], correct((*peer)["predictions"][i].get<std::string>(), lines[i]));
  return t.to_json();
}
}  // namespace parley::cli::langid_data
