// The labelled text `parley train langid` learns from and `parley bench text` measures on, split
// the same way for both so the benchmark never scores a line the model was trained on.
#pragma once
#include "parley/api.h"
#include "parley/langid.h"

#include <map>
#include <string>
#include <vector>

namespace parley::cli::langid_data {
struct Line {
  std::string language;  // model label: "pt", "zh-Hant", "hi-Latn"
  std::string text;
  std::string source;    // "lingua-sentences", "lingua-word-pairs", "lingua-single-words", "xsid", "project"
  std::string also;      // another right answer: "zh-Hant" for Chinese text that is the same in both scripts
};

// Languages Parley must identify, with the scripts each is written in (model metadata).
const std::map<std::string, std::string>& target_languages();
// Targets plus same-script neighbours (uk, bg, fa, ur) so that their text is not forced into a target.
std::map<std::string, std::string> model_languages();

// Training lines (`train` = true) or held-out lines. Reads ../shared/data/langid and data/langid;
// throws std::runtime_error naming a missing file.
std::vector<Line> lines(bool train);

// Han characters of the zh-Hans / zh-Hant training text that ICU's Hans-Hant (Hant-Hans)
// transliterator changes and that never occur in the other script's training text.
void chinese_script_characters(const std::vector<langid::TrainingExample>& examples, std::vector<char32_t>& simplified_only,
                               std::vector<char32_t>& traditional_only);

// The short-message benchmark set (data/langid/short/<label>.txt, never trained on; und.txt holds
// text with no language, whose right answer is "und"). Source "short".
std::vector<Line> short_lines();

// Scoring shared by the benchmarks. Peers that only say "zh" get credit for either Chinese script;
// a zh-Hans line whose Traditional form is the same string is right as zh-Hant too.
bool correct(const std::string& predicted, const Line& line);

struct Tally {
  std::map<std::string, std::pair<int, int>> by_source, by_language;  // correct, total
  int right = 0, total = 0;
  void add(const Line& l, bool ok);
  static double pct(std::pair<int, int> p);  // percent with one decimal
  Json to_json() const;                      // {overall, by_source, by_language}
};

// A peer's predictions from tools/bench/text-peers.mjs (`node.peers[name].predictions`, one per
// line) scored like Parley's; {"error"} when the peer did not run.
Json score_peer(const Json& node, const std::string& name, const std::vector<Line>& lines);
}  // namespace parley::cli::langid_data
