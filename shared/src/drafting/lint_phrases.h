// Built-in lint phrases per language (private to drafting).
#pragma once
#include <string_view>
#include <vector>

namespace parley::drafting {
struct PhraseSet {
  std::string_view language;                         // BCP-47 language subtag
  std::vector<std::string_view> non_committal;       // promises to answer later instead of answering
  std::vector<std::string_view> refund_promise;      // commits money before a person approved it
  std::vector<std::string_view> compensation_promise;
  std::vector<std::string_view> informal_markers;    // wrong on a formal template (keigo, 존댓말, vous, Sie)
  std::vector<std::string_view> formal_markers;      // stiff on an informal template (pt-BR WhatsApp)
};
const PhraseSet* phrases_for(std::string_view language);
std::vector<std::string_view> lint_languages();
}  // namespace parley::drafting
