// Studio — UI strings: one row per string, one column per UI language (en, ja, ar).
#include "strings.h"

namespace studio {
namespace {
struct Row { S id; const char* en; const char* ja; const char* ar; };
const Row kRows[] = {
    {S::app_title, "Parley Studio", "Parley Studio", "Parley Studio"},
    {S::menu_language, "Language", "言語", "اللغة"},
    {S::menu_fill, "Slots", "スロット", "الخانات"},
    {S::fill_sample, "Sample values", "サンプル値", "قيم نموذجية"},
    {S::fill_worst, "Worst-case values", "最悪ケースの値", "أسوأ الحالات"},
    {S::matrix_title, "Template matrix", "テンプレート一覧", "مصفوفة القوالب"},
    {S::matrix_help, "Each cell: the template rendered by the core for that channel and locale, its length in the channel's unit against the limit (sample / worst case).",
     "各セル：コアがそのチャネルとロケール向けに描画したテンプレート。チャネル単位の長さと上限（サンプル／最悪ケース）。",
     "كل خلية: القالب كما تعرضه النواة لتلك القناة واللغة، وطوله بوحدة القناة مقابل الحد (نموذجي / أسوأ حالة)."},
    {S::col_intent, "Intent", "用件", "الغرض"},
    {S::legend_over, "over the limit", "上限超過", "تجاوز الحد"},
    {S::legend_missing, "no template", "テンプレートなし", "لا قالب"},
    {S::legend_fallback, "missing variant (another channel's template shown)", "チャネル別の版なし（他チャネルの版を表示）", "لا نسخة لهذه القناة (معروض قالب قناة أخرى)"},
    {S::legend_error, "refused by the core", "コアが拒否", "رفضته النواة"},
    {S::legend_approximate, "approximate shaping (right-to-left)", "近似表示（右から左）", "تشكيل تقريبي (من اليمين لليسار)"},
    {S::cell_missing, "no template", "なし", "لا قالب"},
    {S::cell_fallback, "missing variant", "版なし", "نسخة مفقودة"},
    {S::cell_error, "error", "エラー", "خطأ"},
    {S::cell_over, "OVER", "超過", "تجاوز"},
    {S::cell_fits, "fits", "収まる", "ضمن الحد"},
    {S::cell_no_limit, "no limit", "上限なし", "بلا حد"},
    {S::cell_approximate, "approximate", "近似", "تقريبي"},
    {S::segments, "segments", "セグメント", "مقاطع"},
    {S::editor_title, "Template editor", "テンプレート編集", "محرر القوالب"},
    {S::editor_pick, "Click a cell to edit its template.", "セルをクリックするとテンプレートを編集できます。", "انقر خلية لتحرير قالبها."},
    {S::editor_apply, "Apply", "適用", "تطبيق"},
    {S::editor_save, "Save pack file", "パックファイルを保存", "حفظ ملف الحزمة"},
    {S::editor_saved, "Saved", "保存しました", "تم الحفظ"},
    {S::editor_template, "Template", "テンプレート", "القالب"},
    {S::detail_sample, "Sample", "サンプル", "نموذجي"},
    {S::detail_worst, "Worst case", "最悪ケース", "أسوأ حالة"},
    {S::detail_length, "Length", "長さ", "الطول"},
    {S::detail_missing_slots, "Missing slots", "未入力のスロット", "خانات ناقصة"},
    {S::detail_findings, "Lint", "チェック", "التدقيق"},
    {S::cells_over, "cells over the limit", "セルが上限超過", "خلايا تتجاوز الحد"},
};
static_assert(sizeof(kRows) / sizeof(kRows[0]) == static_cast<std::size_t>(S::count_), "one row per string");

std::string g_language = "en";
}  // namespace

const std::vector<UiLanguage>& ui_languages() {
  static const std::vector<UiLanguage> langs = {{"en", "English", false}, {"ja", "日本語", false}, {"ar", "العربية", true}};
  return langs;
}

void set_ui_language(const std::string& code) {
  g_language = "en";
  for (const auto& l : ui_languages())
    if (code == l.code) g_language = code;
}
const std::string& ui_language() { return g_language; }

const char* tr(S id) {
  const Row* row = &kRows[0];
  for (const Row& r : kRows) if (r.id == id) row = &r;
  const Row& r = *row;
  return g_language == "ja" ? r.ja : g_language == "ar" ? r.ar : r.en;
}

std::vector<std::string> all_strings() {
  std::vector<std::string> out;
  for (const Row& r : kRows) { out.push_back(r.en); out.push_back(r.ja); out.push_back(r.ar); }
  for (const auto& l : ui_languages()) out.push_back(l.name);
  return out;
}
}  // namespace studio
