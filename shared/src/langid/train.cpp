// Training: count hashed features per language, smooth, quantise -log p into one byte per
// (feature, language). Pure and deterministic: the CLI gathers the text, this makes the bytes.
#include "format.h"
#include "parley/api.h"
#include "parley/langid.h"

#include <algorithm>
#include <cmath>

namespace parley::langid {
std::string train(const std::vector<TrainingExample>& examples, const std::map<std::string, std::string>& language_scripts,
                  const TrainingOptions& options) {
  const std::uint32_t B = options.buckets;
  if (B == 0 || (B & (B - 1)) != 0) throw Error("invalid_option", "buckets must be a power of two", "/buckets");
  std::vector<std::string> languages;
  std::map<std::string, std::size_t> index;
  for (const auto& [lang, scripts] : language_scripts) {
    index[lang] = languages.size();
    languages.push_back(lang);
  }
  const std::size_t L = languages.size();
  std::vector<double> counts(static_cast<std::size_t>(B) * L, 0.0), totals(L, 0.0);
  for (const auto& ex : examples) {
    auto it = index.find(ex.language);
    if (it == index.end()) throw Error("unknown_language", "training example for unlisted language " + ex.language);
    for (std::uint32_t b : features(ex.text, B)) {
      counts[static_cast<std::size_t>(b) * L + it->second] += ex.weight;
      totals[it->second] += ex.weight;
    }
  }
  // -log p(bucket | language) with Lidstone smoothing; quantised with one step for the whole model.
  // Counts are rescaled to the same mass for every language, so a language with little text (hi-Latn,
  // ar-Latn) does not win unseen features merely because its smoothing share is larger.
  double mass = 0;
  for (double t : totals) mass += t / static_cast<double>(L);
  std::vector<double> cost(counts.size());
  double max_cost = 0;
  for (std::size_t b = 0; b < B; ++b)
    for (std::size_t l = 0; l < L; ++l) {
      const double scaled = totals[l] > 0 ? counts[b * L + l] * mass / totals[l] : 0;
      double p = (scaled + options.smoothing) / (mass + options.smoothing * B);
      cost[b * L + l] = -std::log(p);
      max_cost = std::max(max_cost, cost[b * L + l]);
    }
  const std::uint32_t step_milli = static_cast<std::uint32_t>(std::ceil(max_cost * 1000.0 / 255.0));

  std::string out(format::kMagic);
  format::put_u32(out, format::kVersion);
  format::put_u32(out, B);
  format::put_u32(out, step_milli);
  format::put_u32(out, static_cast<std::uint32_t>(L));
  for (const auto& lang : languages) {
    const std::string& scripts = language_scripts.at(lang);
    out += static_cast<char>(lang.size());
    out += lang;
    out += static_cast<char>(scripts.size());
    out += scripts;
  }
  for (double c : cost) {
    long q = std::lround(c * 1000.0 / step_milli);
    out += static_cast<char>(static_cast<unsigned char>(std::clamp(q, 0L, 255L)));
  }
  for (auto list : {options.simplified_only, options.traditional_only}) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    format::put_u32(out, static_cast<std::uint32_t>(list.size()));
    for (char32_t c : list) format::put_u32(out, static_cast<std::uint32_t>(c));
  }
  format::put_u32(out, format::checksum(out));
  return out;
}
}  // namespace parley::langid
