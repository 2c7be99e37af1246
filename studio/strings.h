// Studio — every string the UI shows, per UI language (en, ja, ar). Views never hold literals:
// they ask tr(S::…), so adding a language is adding one column in strings.cpp.
#pragma once
#include <string>
#include <vector>

namespace studio {
enum class S {
  app_title, menu_language, menu_fill, fill_sample, fill_worst, matrix_title, matrix_help,
  col_intent, legend_over, legend_missing, legend_fallback, legend_error, legend_approximate,
  cell_missing, cell_fallback, cell_error, cell_over, cell_fits, cell_no_limit, cell_approximate,
  segments, editor_title, editor_pick, editor_apply, editor_save, editor_saved, editor_template,
  detail_sample, detail_worst, detail_length, detail_missing_slots, detail_findings, cells_over,
  count_  // keep last
};

struct UiLanguage {
  const char* code;   // "en"
  const char* name;   // shown in the language menu, in itself ("日本語")
  bool rtl;
};
const std::vector<UiLanguage>& ui_languages();
void set_ui_language(const std::string& code);  // unknown codes fall back to English
const std::string& ui_language();
const char* tr(S id);
// Every string of every language: the font atlas must hold their glyphs.
std::vector<std::string> all_strings();
}  // namespace studio
