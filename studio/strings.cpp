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
    {S::tab_matrix, "Templates", "テンプレート", "القوالب"},
    {S::tab_replay, "Replay", "リプレイ", "إعادة العرض"},
    {S::tab_metrics, "Metrics", "指標", "المقاييس"},
    {S::menu_file, "File", "ファイル", "ملف"},
    {S::file_open, "Open evidence or metrics export…", "エビデンスまたは指標エクスポートを開く…", "فتح سجل أدلة أو تصدير مقاييس…"},
    {S::file_hint, "or drop a .jsonl file on the window", "または .jsonl ファイルをウィンドウにドロップ", "أو أسقط ملف ‎.jsonl‎ على النافذة"},
    {S::replay_title, "Case replay", "ケースのリプレイ", "إعادة عرض الحالة"},
    {S::replay_none, "No evidence chain loaded: open an exported .jsonl (File menu) or drop it here.", "エビデンスチェーンが読み込まれていません：エクスポートした .jsonl を開くか（ファイル）、ここにドロップしてください。", "لم تُحمَّل سلسلة أدلة: افتح ملف ‎.jsonl‎ مُصدَّرًا (قائمة ملف) أو أسقطه هنا."},
    {S::replay_valid, "Chain verified: every record matches its hash and links to the one before.", "チェーン検証済み：すべてのレコードがハッシュと一致し、前のレコードにつながっています。", "السلسلة سليمة: كل سجل يطابق بصمته ويرتبط بالسجل الذي قبله."},
    {S::replay_broken, "Chain broken", "チェーンが壊れています", "السلسلة مكسورة"},
    {S::replay_steps, "Steps", "ステップ", "الخطوات"},
    {S::replay_untrusted, "untrusted", "信頼できない", "غير موثوق"},
    {S::replay_stage_message, "Original message", "元のメッセージ", "الرسالة الأصلية"},
    {S::replay_stage_knowledge, "Knowledge used", "使用したナレッジ", "المعرفة المستخدمة"},
    {S::replay_stage_suggestion, "AI suggestion", "AI の提案", "اقتراح الذكاء الاصطناعي"},
    {S::replay_stage_approval, "Approval", "承認", "الموافقة"},
    {S::replay_stage_reply, "Final reply", "最終返信", "الرد النهائي"},
    {S::replay_diff, "Suggestion → final reply", "提案 → 最終返信", "الاقتراح ← الرد النهائي"},
    {S::replay_diff_counts, "words inserted / deleted / unchanged", "語 追加／削除／変更なし", "كلمات مضافة / محذوفة / دون تغيير"},
    {S::replay_record, "Record as exported", "エクスポートされたレコード", "السجل كما صُدِّر"},
    {S::replay_record_help, "Change any byte and apply: verification runs again and shows where the chain breaks.", "任意のバイトを変更して適用すると、検証が再実行され、チェーンが壊れた位置が表示されます。", "غيّر أي بايت ثم طبّق: يُعاد التحقق ويظهر أين تنكسر السلسلة."},
    {S::replay_apply_record, "Apply and verify", "適用して検証", "تطبيق وتحقق"},
    {S::replay_revert, "Revert to the loaded file", "読み込んだファイルに戻す", "الرجوع إلى الملف المُحمَّل"},
    {S::replay_hash_stored, "stored hash", "保存されたハッシュ", "البصمة المخزنة"},
    {S::replay_hash_computed, "computed", "再計算", "المحسوبة"},
    {S::replay_show_bad, "Show the first bad record", "最初の不正なレコードを表示", "اعرض أول سجل تالف"},
    {S::replay_hash_ok, "matches", "一致", "متطابقة"},
    {S::replay_hash_bad, "does not match", "不一致", "غير متطابقة"},
    {S::replay_changed_byte, "first changed byte at offset", "最初に変更されたバイトの位置", "أول بايت متغير عند الموضع"},
    {S::replay_step_of, "step", "ステップ", "الخطوة"},
    {S::replay_missing_stage, "not in this chain", "このチェーンにはありません", "غير موجود في هذه السلسلة"},
    {S::kind_message, "message", "メッセージ", "رسالة"},
    {S::kind_normalized, "normalised", "正規化", "تطبيع"},
    {S::kind_triage, "triage", "トリアージ", "فرز"},
    {S::kind_route, "route", "ルーティング", "توجيه"},
    {S::kind_knowledge, "knowledge", "ナレッジ", "معرفة"},
    {S::kind_draft, "AI draft", "AI の下書き", "مسودة الذكاء الاصطناعي"},
    {S::kind_edit, "edit", "編集", "تعديل"},
    {S::kind_approval, "approval", "承認", "موافقة"},
    {S::kind_reply, "reply", "返信", "رد"},
    {S::kind_attachment, "attachment", "添付", "مرفق"},
    {S::kind_summary, "summary", "要約", "ملخص"},
    {S::metrics_title, "Metrics per channel", "チャネル別の指標", "المقاييس لكل قناة"},
    {S::metrics_none, "No metrics export loaded: open the relay's event export (.jsonl).", "指標エクスポートが読み込まれていません：リレーのイベントエクスポート（.jsonl）を開いてください。", "لم يُحمَّل تصدير مقاييس: افتح تصدير أحداث المُرحِّل (‎.jsonl‎)."},
    {S::metrics_measure, "Measure", "指標", "المقياس"},
    {S::measure_first_response, "First response", "初回応答", "أول رد"},
    {S::measure_first_response_business, "First response (business hours)", "初回応答（営業時間）", "أول رد (ساعات العمل)"},
    {S::measure_response_time, "Response time", "応答時間", "زمن الرد"},
    {S::measure_resolution, "Resolution (full)", "解決（最終）", "الحل (كامل)"},
    {S::metrics_legend_median, "median", "中央値", "الوسيط"},
    {S::metrics_legend_band, "median–p90 band", "中央値〜p90 の帯", "نطاق الوسيط–p90"},
    {S::metrics_cases, "Cases", "ケース", "الحالات"},
    {S::metrics_pick, "Click a point (or focus it and press Enter) to list its cases.", "点をクリック（またはフォーカスして Enter）するとケースを一覧表示します。", "انقر نقطة (أو ركّز عليها واضغط Enter) لعرض حالاتها."},
    {S::metrics_conversations, "conversations", "件の会話", "محادثات"},
    {S::metrics_day, "day", "日", "اليوم"},
    {S::metrics_n, "n", "件数", "العدد"},
};
static_assert(sizeof(kRows) / sizeof(kRows[0]) == static_cast<std::size_t>(S::count_), "one row per string");

// The replay's step sentences: the core's reason codes (shared/src/evidence/replay.cpp), whose
// English it renders itself; ja and ar here, with the same {param} placeholders.
struct Reason { const char* code; const char* ja; const char* ar; };
const Reason kReasons[] = {
    {"evidence.message", "{actor} がメッセージを書きました", "كتب {actor} رسالة"},
    {"evidence.message.outbound", "{actor} がメッセージを送信しました", "أرسل {actor} رسالة"},
    {"evidence.normalized", "メッセージを正規化しました", "طُبِّعت الرسالة"},
    {"evidence.triage", "トリアージ：{intent}", "الفرز: {intent}"},
    {"evidence.route", "{queue} に振り分けました", "وُجِّهت إلى {queue}"},
    {"evidence.knowledge", "ナレッジを使用しました", "استُخدمت المعرفة"},
    {"evidence.draft", "{actor} が返信を下書きしました", "صاغ {actor} مسودة رد"},
    {"evidence.edit", "{actor} が下書きを編集しました（+{inserted} −{deleted} 語）", "عدّل {actor} المسودة (+{inserted} −{deleted} كلمات)"},
    {"evidence.approval", "{actor} が承認しました（{gate}）", "وافق {actor} ({gate})"},
    {"evidence.reply", "{actor} が返信を送信しました", "أرسل {actor} الرد"},
    {"evidence.attachment", "添付ファイルを参照しました", "أُشير إلى مرفق"},
    {"evidence.summary", "ケースの要約", "ملخص الحالة"},
    {"evidence.unknown", "不明なレコードの種類 {kind}", "نوع سجل غير معروف {kind}"},
};

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

bool ui_rtl() {
  for (const auto& l : ui_languages())
    if (g_language == l.code) return l.rtl;
  return false;
}

const char* reason_template(const std::string& code) {
  if (g_language == "en") return nullptr;
  for (const Reason& r : kReasons)
    if (code == r.code) return g_language == "ja" ? r.ja : r.ar;
  return nullptr;
}

std::vector<std::string> all_strings() {
  std::vector<std::string> out;
  for (const Row& r : kRows) { out.push_back(r.en); out.push_back(r.ja); out.push_back(r.ar); }
  for (const Reason& r : kReasons) { out.push_back(r.ja); out.push_back(r.ar); }
  for (const auto& l : ui_languages()) out.push_back(l.name);
  return out;
}
}  // namespace studio
