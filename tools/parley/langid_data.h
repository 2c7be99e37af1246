// The labelled text `parley train langid` learns from and `parley bench text` measures on, split
// the same way for both so the benchmark never scores a line the model was trained on.
#pragma once
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
}  // namespace parley::cli::langid_data
