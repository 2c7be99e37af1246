// The "why" an agent can read: the model's per-feature contributions (hashed character n-grams,
// words, word pairs) summed back onto the words the customer actually wrote, in their spelling.
// A feature found in several words is shared between them; word pairs go to both words.
#include "parley/text.h"
#include "parley/triage.h"

#include <algorithm>
#include <map>

namespace parley::triage {
namespace {
enum class Script { none, spaced, han, hiragana, katakana, thai };

Script script_of(char32_t c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return Script::han;
  if (c >= 0x3400 && c <= 0x4DBF) return Script::han;
  if (c >= 0x3040 && c <= 0x309F) return Script::hiragana;
  if ((c >= 0x30A0 && c <= 0x30FF) || c == 0x30FC) return Script::katakana;
  if (c >= 0x0E00 && c <= 0x0E7F) return Script::thai;
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? Script::spaced : Script::none;
  if ((c >= 0x00A1 && c <= 0x00BF) || c == 0x00D7 || c == 0x00F7 || c == 0x060C || c == 0x061B || c == 0x061F ||
      (c >= 0x066A && c <= 0x066D) || c == 0x06D4 || c == 0x0964 || c == 0x0965 ||
      (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
      (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0x1F000))
    return Script::none;  // punctuation, symbols, emoji
  return Script::spaced;  // other letters: Latin with diacritics, Cyrillic, Arabic, Hangul, Devanagari …
}

// Words of space-separated scripts; runs of one unspaced script (a kanji compound, a kana run),
// long runs cut in pieces of two so a sentence without spaces still yields readable parts.
std::vector<std::string> spans_of(std::string_view text) {
  std::vector<std::string> out;
  std::vector<char32_t> run;
  Script current = Script::none;
  auto flush = [&] {
    if (run.empty()) return;
    const bool unspaced = current != Script::spaced;
    const std::size_t piece = unspaced && run.size() > 4 ? 2 : run.size();
    for (std::size_t i = 0; i < run.size(); i += piece) {
      std::string s;
      for (std::size_t j = i; j < std::min(run.size(), i + piece); ++j) text::append_utf8(s, run[j]);
      out.push_back(std::move(s));
    }
    run.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t c = text::next_code_point(text, i);
    Script s = script_of(c);
    bool mark = current == Script::spaced && (c == '\'' || c == 0x2019 || c == '-' || (c >= 0x0300 && c <= 0x036F));
    if (mark && !run.empty()) { run.push_back(c); continue; }  // don't, e-mail, combining accents
    if (s != current || s == Script::none) flush();
    current = s;
    if (s != Script::none) run.push_back(c);
  }
  flush();
  return out;
}
}  // namespace

std::vector<std::pair<std::string, double>> explain(const Model& m, std::string_view text, const Prediction& p, std::size_t top) {
  if (p.order.empty() || top == 0) return {};
  const std::size_t win = p.order[0], second = p.order.size() > 1 ? p.order[1] : p.order[0];

  // What each of the message's features added to the winner's margin over the runner-up
  // (sorted by id, as featurize returns them).
  // Through the hidden layer too: with the active units fixed, a feature adds
  // value · Σ_active embed[j] · (out[j][win] − out[j][second]) — a ReLU layer is linear there.
  const std::size_t h = m.hidden, k = m.classes();
  std::vector<long> rows(p.features.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = m.row_index(p.features[i].id);
  std::vector<double> act(m.hidden_bias.begin(), m.hidden_bias.end()), through(h, 0.0);
  for (std::size_t i = 0; h && i < rows.size(); ++i) {
    if (rows[i] < 0) continue;
    const float* e = &m.embed[static_cast<std::size_t>(rows[i]) * h];
    for (std::size_t j = 0; j < h; ++j) act[j] += double(e[j]) * p.features[i].value;
  }
  for (std::size_t j = 0; j < h; ++j)
    if (act[j] > 0) through[j] = double(m.out[j * k + win]) - (win == second ? 0.0 : double(m.out[j * k + second]));
  std::vector<std::pair<std::uint32_t, double>> pushed;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i] < 0) continue;
    const std::size_t r = static_cast<std::size_t>(rows[i]);
    const float* w = &m.weights[r * k];
    double margin = double(w[win]) - (win == second ? 0.0 : double(w[second]));
    for (std::size_t j = 0; j < h; ++j) margin += double(m.embed[r * h + j]) * through[j];
    double v = margin * p.features[i].value;
    if (v > 0) pushed.emplace_back(p.features[i].id, v);
  }
  if (pushed.empty()) return {};
  auto find = [&](std::uint32_t id) -> std::pair<std::uint32_t, double>* {
    auto it = std::lower_bound(pushed.begin(), pushed.end(), id, [](const auto& e, std::uint32_t k) { return e.first < k; });
    return it != pushed.end() && it->first == id ? &*it : nullptr;
  };

  // Each word's own features by id; word pairs are the pair of neighbouring words.
  std::vector<std::string> spans = spans_of(text);
  if (spans.size() > 200) spans.resize(200);  // a pasted log: the first 200 words explain enough
  std::vector<std::string> norm(spans.size());
  std::vector<std::vector<std::uint32_t>> owns(spans.size());
  for (std::size_t i = 0; i < spans.size(); ++i) {
    norm[i] = normalize(spans[i]);
    for (const auto& f : featurize(norm[i], m.features))
      if (find(f.id)) owns[i].push_back(f.id);
  }
  std::map<std::uint32_t, std::size_t> holders;
  for (const auto& ids : owns)
    for (auto id : ids) ++holders[id];
  std::vector<double> weight(spans.size(), 0.0);
  for (std::size_t i = 0; i < spans.size(); ++i)
    for (auto id : owns[i]) weight[i] += find(id)->second / double(holders[id]);
  for (std::size_t i = 0; i + 1 < spans.size(); ++i)
    if (auto* pair = find(hash_key('b', norm[i] + " " + norm[i + 1]))) {
      weight[i] += pair->second / 2;
      weight[i + 1] += pair->second / 2;
    }

  // The same word written twice counts once (its larger share), in the customer's spelling.
  std::map<std::string, std::pair<std::string, double>> by_norm;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (weight[i] <= 0) continue;
    auto& slot = by_norm[norm[i]];
    if (weight[i] > slot.second) slot = {spans[i], weight[i]};
  }
  std::vector<std::pair<std::string, double>> out;
  for (auto& [n, sv] : by_norm) out.push_back(sv);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  if (out.size() > top) out.resize(top);
  return out;
}
}  // namespace parley::triage
