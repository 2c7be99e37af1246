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
  // views (tabs) and the shell's file menu
  tab_matrix, tab_replay, tab_metrics, menu_file, file_open, file_hint,
  // replay
  replay_title, replay_none, replay_valid, replay_broken, replay_steps, replay_untrusted, replay_stage_message,
  replay_stage_knowledge, replay_stage_suggestion, replay_stage_approval, replay_stage_reply, replay_diff,
  replay_diff_counts, replay_record, replay_record_help, replay_apply_record, replay_revert, replay_hash_stored,
  replay_hash_computed, replay_show_bad, replay_hash_ok, replay_hash_bad, replay_changed_byte, replay_step_of, replay_missing_stage,
  kind_message, kind_normalized, kind_triage, kind_route, kind_knowledge, kind_draft, kind_edit, kind_approval,
  kind_reply, kind_attachment, kind_summary,
  // metrics
  metrics_title, metrics_none, metrics_measure, measure_first_response, measure_first_response_business,
  measure_response_time, measure_resolution, metrics_legend_median, metrics_legend_band, metrics_cases,
  metrics_pick, metrics_conversations, metrics_day, metrics_n,
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
// True when the UI language is written right to left (ar): the views mirror their layout.
bool ui_rtl();
// A replay step's sentence in the UI language: the core's reason `code` ("evidence.draft"; an
// outbound message is "evidence.message.outbound") as a template with {param} placeholders, or
// nullptr when the UI language is English or the code is not known (the core's English is shown).
const char* reason_template(const std::string& code);
// Every string of every language: the font atlas must hold their glyphs.
std::vector<std::string> all_strings();
}  // namespace studio
