// Loading a model from bytes and identifying the language of one text.
#include "format.h"
#include "parley/api.h"
#include "parley/langid.h"
#include "parley/text.h"
#include "prior.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace parley::langid {
namespace {
[[noreturn]] void bad(const std::string& what) { throw Error("invalid_model", "langid model: " + what); }

std::set<std::string> split_scripts(const std::string& s) {
  std::set<std::string> out;
  std::size_t from = 0;
  while (from <= s.size()) {
    std::size_t comma = s.find(',', from);
    if (comma == std::string::npos) comma = s.size();
    if (comma > from) out.insert(s.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

// Scripts whose letters say more than statistics can: any kana is Japanese, any Hangul Korean.
constexpr const char* kDecisive[] = {"Kana", "Hang"};
// Below this many letters an alphabetic text is "und"; one Han character, Hangul syllable or Thai word is enough.
constexpr int kMinLetters = 3;
constexpr int kMinIdeographs = 1;
constexpr double kMinTopScore = 0.5;
constexpr double kReliableScore = 0.9;
constexpr int kReliableLetters = 8;
constexpr double kTemperatureFeatures = 20.0;
// Per script-specific Han character (at most three count). The tables come from Unihan, so one such
// character says which script the writer uses; the n-grams only know transliterated training text.
constexpr double kScriptCharNats = 8.0;
}  // namespace

Model Model::from_bytes(std::string_view in) {
  if (in.size() < 24) bad("too short to be a model (" + std::to_string(in.size()) + " bytes)");
  if (in.substr(0, 4) != format::kMagic) bad("not a Parley langid model (bad magic)");
  if (format::get_u32(in, in.size() - 4) != format::checksum(in.substr(0, in.size() - 4))) bad("checksum mismatch (truncated or corrupt file)");
  if (format::get_u32(in, 4) != format::kVersion) bad("unsupported version " + std::to_string(format::get_u32(in, 4)));
  Model m;
  m.buckets_ = format::get_u32(in, 8);
  m.step_milli_ = format::get_u32(in, 12);
  const std::uint32_t L = format::get_u32(in, 16);
  if (m.buckets_ == 0 || (m.buckets_ & (m.buckets_ - 1)) != 0) bad("bucket count is not a power of two");
  if (L == 0 || L > 255) bad("language count out of range");
  std::size_t at = 20;
  auto read_string = [&](const char* what) {
    if (at >= in.size()) bad(std::string("truncated ") + what);
    std::size_t n = static_cast<unsigned char>(in[at++]);
    if (at + n > in.size()) bad(std::string("truncated ") + what);
    std::string s(in.substr(at, n));
    at += n;
    return s;
  };
  for (std::uint32_t l = 0; l < L; ++l) {
    m.languages_.push_back(read_string("language tag"));
    m.scripts_.push_back(read_string("script list"));
  }
  const std::size_t table = static_cast<std::size_t>(m.buckets_) * L;
  if (in.size() - 4 < at + table) bad("cost table has " + std::to_string(in.size() - 4 - at) + " bytes, expected " + std::to_string(table));
  m.costs_.assign(in.begin() + static_cast<std::ptrdiff_t>(at), in.begin() + static_cast<std::ptrdiff_t>(at + table));
  at += table;
  for (auto* list : {&m.simplified_only_, &m.traditional_only_}) {
    if (at + 4 > in.size() - 4) bad("truncated Chinese script lists");
    const std::uint32_t n = format::get_u32(in, at);
    at += 4;
    if (n > (in.size() - 4 - at) / 4) bad("truncated Chinese script lists");
    for (std::uint32_t k = 0; k < n; ++k, at += 4) list->push_back(static_cast<char32_t>(format::get_u32(in, at)));
    if (!std::is_sorted(list->begin(), list->end())) bad("Chinese script list is not sorted");
  }
  if (at != in.size() - 4) bad(std::to_string(in.size() - 4 - at) + " unexpected bytes after the Chinese script lists");
  return m;
}

Identification Model::identify(std::string_view text, const Hints& hints) const {
  Identification r;
  const std::size_t L = languages_.size();
  auto counts = script_counts(text);
  int letters = 0;
  std::string dominant;
  double best = 0;
  for (const auto& [script, n] : counts) {
    letters += n;
    // One Han, kana, Hangul or Thai character says about as much as a short Latin word, and Latin
    // brand names inside Chinese or Russian text ("我的 iPhone 坏了") should not make it Latin.
    const double weight = script == "Latn" ? 1.0 : (script == "Hani" || script == "Kana" || script == "Hang" || script == "Thai") ? 3.0 : 1.5;
    if (script != "Other" && n * weight > best) best = n * weight, dominant = script;
  }
  r.letters = letters;
  if (dominant.empty()) return r;

  // Which languages the writing system allows.
  std::vector<bool> allowed(L, false);
  const char* decisive = nullptr;
  for (const char* d : kDecisive)
    if (counts.count(d)) decisive = d;
  std::size_t n_allowed = 0;
  for (std::size_t l = 0; l < L; ++l) {
    auto scripts = split_scripts(scripts_[l]);
    allowed[l] = decisive ? scripts.count(decisive) > 0 : scripts.count(dominant) > 0;
    n_allowed += allowed[l];
  }
  if (n_allowed == 0) return r;

  // Integer sums first (identical in every build), then nats.
  std::vector<std::int64_t> cost(L, 0);
  const std::vector<std::uint32_t> feats = features(text, buckets_);
  for (std::uint32_t b : feats) {
    const std::uint8_t* row = &costs_[static_cast<std::size_t>(b) * L];
    for (std::size_t l = 0; l < L; ++l) cost[l] += row[l];
  }
  // Naive Bayes multiplies overlapping n-gram evidence as if independent, so raw posteriors are
  // certain after a few words. Tempering by length keeps scores usable for "close call" decisions
  // (and lets a prior matter there); they rank candidates, they are not calibrated probabilities.
  const double temperature = 1.0 + static_cast<double>(feats.size()) / kTemperatureFeatures;
  std::vector<double> logit(L, -INFINITY);
  double top_logit = -INFINITY;
  for (std::size_t l = 0; l < L; ++l) {
    if (!allowed[l]) continue;
    logit[l] = -static_cast<double>(cost[l]) * step_milli_ / 1000.0 / temperature + prior_bonus(languages_[l], hints);
    top_logit = std::max(top_logit, logit[l]);
  }
  // Simplified vs Traditional: characters only one script uses decide, when they all point one way.
  std::size_t hans = L, hant = L;
  for (std::size_t l = 0; l < L; ++l) {
    if (languages_[l] == "zh-Hans") hans = l;
    if (languages_[l] == "zh-Hant") hant = l;
  }
  if (hans < L && hant < L && allowed[hans] && allowed[hant]) {
    int only_s = 0, only_t = 0;
    for (std::size_t i = 0; i < text.size();) {
      const char32_t c = text::next_code_point(text, i);
      only_s += std::binary_search(simplified_only_.begin(), simplified_only_.end(), c);
      only_t += std::binary_search(traditional_only_.begin(), traditional_only_.end(), c);
    }
    const std::size_t loser = only_s > 0 && only_t == 0 ? hant : only_t > 0 && only_s == 0 ? hans : L;
    if (loser < L) {
      logit[loser] -= kScriptCharNats * std::min(only_s + only_t, 3);
      top_logit = -INFINITY;
      for (std::size_t l = 0; l < L; ++l)
        if (allowed[l]) top_logit = std::max(top_logit, logit[l]);
    }
  }
  double z = 0;
  for (std::size_t l = 0; l < L; ++l)
    if (allowed[l]) z += std::exp(logit[l] - top_logit);
  std::vector<Candidate> all;
  for (std::size_t l = 0; l < L; ++l)
    if (allowed[l]) all.push_back({languages_[l], round4(std::exp(logit[l] - top_logit) / z)});
  std::stable_sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (all.size() > 5) all.resize(5);
  r.top = all;

  const bool ideographic = dominant == "Hani" || dominant == "Kana" || dominant == "Hang" || dominant == "Thai";
  const int min_letters = n_allowed == 1 ? 1 : ideographic ? kMinIdeographs : kMinLetters;
  if (letters < min_letters || r.top[0].score < kMinTopScore) return r;
  r.language = r.top[0].language;
  r.reliable = r.top[0].score >= kReliableScore && (letters >= kReliableLetters || (ideographic && letters >= 3) || n_allowed == 1);
  return r;
}
}  // namespace parley::langid
