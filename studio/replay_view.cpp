// Studio — case replay view.
//
// Index
//   [SECTION] Chain      load, edit a record, verify again (the core's evidence methods)
//   [SECTION] State      the JSON form tests and the shell read
//   [SECTION] Drawing    verdict banner, stage strip, steps, the step's record, the diff
#include "replay_view.h"

#include "matrix_view.h"  // input_text_resize
#include "strings.h"
#include "text_shape.h"
#include "parley/evidence.h"

#include <imgui.h>

#include <algorithm>
#include <cfloat>

namespace studio {
namespace {
const ImVec4 kGood(0.45f, 0.85f, 0.5f, 1.0f), kBad(1.0f, 0.45f, 0.45f, 1.0f), kInsert(0.5f, 0.9f, 0.55f, 1.0f),
    kDelete(1.0f, 0.5f, 0.5f, 1.0f);

std::string rtext(S id) { return visual_line(tr(id)); }

std::string text_of(const Json& record) {
  if (!record.is_object() || !record.contains("data") || !record["data"].is_object()) return "";
  const Json& d = record["data"];
  return d.contains("text") && d["text"].is_string() ? d["text"].get<std::string>() : "";
}

// The five stages a supervisor reads, each the first record of its kind (the message: the first
// inbound one).
struct Stage { S label; const char* kind; };
const Stage kStages[] = {{S::replay_stage_message, "message"}, {S::replay_stage_knowledge, "knowledge"},
                         {S::replay_stage_suggestion, "draft"}, {S::replay_stage_approval, "approval"},
                         {S::replay_stage_reply, "reply"}};

// A record kind in the UI language (the core's kinds; an unknown kind shows as it is).
std::string kind_label(const std::string& kind) {
  static const std::pair<const char*, S> kKinds[] = {
      {"message", S::kind_message}, {"normalized", S::kind_normalized}, {"triage", S::kind_triage}, {"route", S::kind_route},
      {"knowledge", S::kind_knowledge}, {"draft", S::kind_draft}, {"edit", S::kind_edit}, {"approval", S::kind_approval},
      {"reply", S::kind_reply}, {"attachment", S::kind_attachment}, {"summary", S::kind_summary}};
  for (const auto& [k, label] : kKinds)
    if (kind == k) return rtext(label);
  return kind;
}

int stage_step(const Replay& r, const char* kind) {
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    const Json& rec = r.records[i];
    if (!rec.is_object() || rec.value("kind", "") != kind) continue;
    if (std::string(kind) == "message" && rec.contains("data") && rec["data"].is_object() && rec["data"].value("direction", "inbound") == "outbound") continue;
    return static_cast<int>(i);
  }
  return -1;
}

std::string computed_hash(const Json& record) {
  try {
    return parley::evidence::record_hash(record);
  } catch (const parley::Error&) {
    return "";
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Chain
//-----------------------------------------------------------------------------
void verify_again(Replay& r) {
  Json records = Json::array();
  for (std::size_t i = 0; i < r.lines.size(); ++i) records.push_back(parse_line(r.lines[i], i + 1));
  Json result = call_core("evidence.replay", {{"records", records}});
  r.records = std::move(records);
  r.result = std::move(result);
  // The AI suggestion is the first draft (Assist's); later edits are the agent's, and the reply is what was sent.
  const int draft = stage_step(r, "draft"), reply = stage_step(r, "reply");
  r.suggestion = draft >= 0 ? text_of(r.records[draft]) : "";
  r.final_reply = reply >= 0 ? text_of(r.records[reply]) : "";
  r.diff = draft >= 0 && reply >= 0 ? call_core("evidence.diff", {{"before", r.suggestion}, {"after", r.final_reply}, {"unit", "word"}}) : Json();
  r.step = std::clamp(r.step, 0, std::max(0, static_cast<int>(r.records.size()) - 1));
  r.error.clear();
}
}  // namespace

void load_evidence(Replay& r, const std::string& name, const std::string& jsonl) {
  Replay next;
  next.name = name;
  next.lines = jsonl_lines(jsonl);
  if (next.lines.empty()) throw parley::Error("empty", name + ": no evidence records", "/line/1");
  next.loaded = next.lines;
  verify_again(next);
  r = std::move(next);
}

void replace_record(Replay& r, std::size_t index, const std::string& line) {
  if (index >= r.lines.size()) throw parley::Error("invalid_value", "no record at index " + std::to_string(index), "/index");
  Replay next = r;
  next.lines[index] = line;
  verify_again(next);  // throws before anything changes
  r = std::move(next);
  r.buffer_for = -1;
}

long changed_byte(const Replay& r, std::size_t index) {
  if (index >= r.lines.size() || index >= r.loaded.size()) return -1;
  const std::string &a = r.loaded[index], &b = r.lines[index];
  if (a == b) return -1;
  const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
  return static_cast<long>(ia - a.begin());
}

//-----------------------------------------------------------------------------
// [SECTION] State
//-----------------------------------------------------------------------------
Json to_json(const Replay& r) {
  if (!r.open()) return Json{{"open", false}};
  Json steps = Json::array(), hashes = Json::array(), changed = Json::array(), stages = Json::object();
  for (const Json& s : r.result["steps"])
    steps.push_back({{"seq", s["seq"]}, {"kind", s["kind"]}, {"actor", s["actor"]}, {"at", s["at"]}, {"trusted", s["trusted"]}, {"text", s["what"].value("text", "")}});
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    const std::string stored = r.records[i].is_object() ? r.records[i].value("hash", "") : "", computed = computed_hash(r.records[i]);
    hashes.push_back({{"stored", stored}, {"computed", computed}, {"ok", !stored.empty() && stored == computed}});
    if (long b = changed_byte(r, i); b >= 0) changed.push_back({{"index", i}, {"byte", b}});
  }
  for (const Stage& st : kStages) stages[st.kind] = stage_step(r, st.kind);
  return Json{{"open", true},       {"name", r.name},           {"count", r.records.size()}, {"verification", r.result["verification"]},
              {"step", r.step},     {"steps", steps},           {"stages", stages},          {"suggestion", r.suggestion},
              {"final", r.final_reply}, {"diff", r.diff},       {"hashes", hashes},          {"changed", changed}};
}

void want_replay_text(Fonts& fonts, const Replay& r) {
  for (const std::string& line : r.lines) want_text(fonts, line);
  for (const Json& rec : r.records) {
    const std::string t = text_of(rec);
    std::size_t start = 0;
    while (start <= t.size()) {  // the visual form of each line: shaped Arabic uses presentation forms
      std::size_t end = t.find('\n', start);
      if (end == std::string::npos) end = t.size();
      want_text(fonts, visual_line(t.substr(start, end - start)));
      start = end + 1;
    }
  }
  if (r.result.is_object() && r.result.contains("verification")) want_text(fonts, r.result["verification"].value("detail", ""));
  want_text(fonts, r.error + "→−…⟦⟧");
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing
//-----------------------------------------------------------------------------
namespace {
// Text wrapped to the available width; right-to-left text shaped, reordered and right-aligned
// (approximate, as in the matrix).
void wrapped(const std::string& text) {
  if (!needs_shaping(text)) {
    ImGui::TextWrapped("%s", text.c_str());
    return;
  }
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize(), width = ImGui::GetContentRegionAvail().x;
  auto measure = [&](const std::string& s) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, s.c_str()).x; };
  const float x0 = ImGui::GetCursorPosX();
  for (const std::string& line : visual_lines(text, width, measure)) {
    ImGui::SetCursorPosX(x0 + std::max(0.0f, width - measure(line)));
    ImGui::TextUnformatted(line.c_str());
  }
}

void draw_verdict(Replay& r) {
  const Json& v = r.result["verification"];
  if (v.value("valid", false)) {
    ImGui::TextColored(kGood, "%s", rtext(S::replay_valid).c_str());
    ImGui::TextDisabled("head %s", v.value("head_hash", "").c_str());
    return;
  }
  const std::string seq = v["first_bad_seq"].is_number() ? std::to_string(v["first_bad_seq"].get<long long>()) : "?";
  ImGui::TextColored(kBad, "%s: %s · seq %s", rtext(S::replay_broken).c_str(), v.value("problem", "").c_str(), seq.c_str());
  ImGui::TextWrapped("%s", v.value("detail", "").c_str());
  if (v["position"].is_number() && v["position"].get<std::size_t>() < r.records.size()) {
    ImGui::SameLine();
    if (ImGui::SmallButton(rtext(S::replay_show_bad).c_str())) r.step = v["position"].get<int>();
  }
}

void draw_stages(Replay& r) {
  for (std::size_t i = 0; i < std::size(kStages); ++i) {
    const int at = stage_step(r, kStages[i].kind);
    if (i) { ImGui::SameLine(); ImGui::TextUnformatted("→"); ImGui::SameLine(); }
    ImGui::BeginDisabled(at < 0);
    const bool here = at >= 0 && r.step == at;
    if (here) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button((rtext(kStages[i].label) + "##stage" + std::to_string(i)).c_str())) r.step = at;
    if (here) ImGui::PopStyleColor();
    ImGui::EndDisabled();
  }
}

void draw_steps(Replay& r) {
  const Json& steps = r.result["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Json& s = steps[i];
    const bool trusted = s.value("trusted", false);
    std::string label = "#" + (s["seq"].is_number() ? std::to_string(s["seq"].get<long long>()) : std::string("?")) + "  " + kind_label(s.value("kind", "")) + "  " +
                        (s["actor"].is_string() ? s["actor"].get<std::string>() : "");
    if (!trusted) label += "  (" + rtext(S::replay_untrusted) + ")";
    if (!trusted) ImGui::PushStyleColor(ImGuiCol_Text, kBad);
    if (ImGui::Selectable((label + "##step" + std::to_string(i)).c_str(), r.step == static_cast<int>(i))) r.step = static_cast<int>(i);
    // The selection follows the keyboard focus, as in a list box: arrow keys step through the case.
    if (ImGui::IsItemFocused() && ImGui::GetIO().NavVisible && r.step != static_cast<int>(i)) r.step = static_cast<int>(i);
    if (!trusted) ImGui::PopStyleColor();
    if (r.step == static_cast<int>(i) && ImGui::IsWindowAppearing()) ImGui::SetItemDefaultFocus();
  }
}

// The record's own content, by kind: what a supervisor reads before the bytes.
void draw_content(const Json& rec) {
  const Json data = rec.contains("data") && rec["data"].is_object() ? rec["data"] : Json::object();
  const std::string kind = rec.value("kind", "");
  if (kind == "knowledge") {
    const Json articles = data.contains("articles") && data["articles"].is_array() ? data["articles"] : Json::array({data});
    for (const Json& a : articles) {
      ImGui::BulletText("%s  %s", a.value("article_id", "").c_str(), a.value("title", "").c_str());
      wrapped(a.value("snippet", ""));
    }
  } else if (data.contains("text") && data["text"].is_string()) {
    wrapped(data["text"].get<std::string>());
  } else {
    for (auto it = data.begin(); it != data.end(); ++it)
      ImGui::BulletText("%s: %s", it.key().c_str(), it->is_string() ? it->get<std::string>().c_str() : it->dump().c_str());
  }
}

void draw_record(Replay& r) {
  const int i = r.step;
  const Json& rec = r.records[i];
  const Json& step = r.result["steps"][i];
  // The kind in the UI language and the actor; the core's sentence (English) only in the English UI.
  const std::string actor = rec.is_object() && rec["actor"].is_string() ? rec["actor"].get<std::string>() : "";
  const std::string what = ui_language() == "en" ? step["what"].value("text", "") : kind_label(rec.is_object() ? rec.value("kind", "") : "") + " · " + actor;
  ImGui::Text("%s %d / %zu · %s", rtext(S::replay_step_of).c_str(), i + 1, r.records.size(), what.c_str());
  ImGui::TextDisabled("%s · %s", rec.is_object() && rec["at"].is_string() ? rec["at"].get<std::string>().c_str() : "", step.value("trusted", false) ? "" : rtext(S::replay_untrusted).c_str());
  ImGui::Separator();
  draw_content(rec);
  ImGui::Separator();

  const std::string stored = rec.is_object() ? rec.value("hash", "") : "", computed = computed_hash(rec);
  const bool ok = !stored.empty() && stored == computed;
  ImGui::Text("%s: %.16s…", rtext(S::replay_hash_stored).c_str(), stored.c_str());
  ImGui::TextColored(ok ? kGood : kBad, "%s: %.16s… (%s)", rtext(S::replay_hash_computed).c_str(), computed.c_str(),
                     rtext(ok ? S::replay_hash_ok : S::replay_hash_bad).c_str());
  if (long b = changed_byte(r, static_cast<std::size_t>(i)); b >= 0) {
    // The bytes around the first change, the changed one marked ⟦ ⟧ (cut at UTF-8 boundaries).
    const std::string& line = r.lines[i];
    std::size_t from = b > 24 ? static_cast<std::size_t>(b) - 24 : 0, to = std::min(line.size(), static_cast<std::size_t>(b) + 24);
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
    while (to < line.size() && (static_cast<unsigned char>(line[to]) & 0xC0) == 0x80) ++to;
    std::size_t next = static_cast<std::size_t>(b) + 1;
    while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
    next = std::min(next, to);
    const std::string before = line.substr(from, b - from), at = static_cast<std::size_t>(b) < line.size() ? line.substr(b, next - b) : "", after = line.substr(next, to - next);
    ImGui::TextColored(kBad, "%s %ld:", rtext(S::replay_changed_byte).c_str(), b);
    ImGui::TextUnformatted(("…" + before).c_str());
    ImGui::SameLine(0, 0);
    ImGui::TextColored(kBad, "⟦%s⟧", at.c_str());
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted((after + "…").c_str());
  }

  ImGui::Separator();
  ImGui::TextUnformatted(rtext(S::replay_record).c_str());
  ImGui::TextDisabled("%s", rtext(S::replay_record_help).c_str());
  if (r.buffer_for != i) {
    r.buffer = r.lines[i];
    r.buffer_for = i;
  }
  ImGui::InputTextMultiline("##record", r.buffer.data(), r.buffer.capacity() + 1, ImVec2(-1, ImGui::GetTextLineHeight() * 5),
                            ImGuiInputTextFlags_CallbackResize, input_text_resize, &r.buffer);
  if (ImGui::Button(rtext(S::replay_apply_record).c_str())) {
    try {
      replace_record(r, static_cast<std::size_t>(i), r.buffer.c_str());
    } catch (const parley::Error& e) {
      r.error = e.what();
    }
  }
  ImGui::SameLine();
  if (ImGui::Button(rtext(S::replay_revert).c_str())) {
    Replay fresh;
    std::string text;
    for (const auto& l : r.loaded) text += l + "\n";
    load_evidence(fresh, r.name, text);
    fresh.step = r.step;
    r = std::move(fresh);
  }
  if (!r.error.empty()) ImGui::TextColored(kBad, "%s", r.error.c_str());
}

// The diff as running text: inserted words green and underlined, deleted ones red and struck through.
void draw_diff(const Replay& r) {
  ImGui::TextUnformatted(rtext(S::replay_diff).c_str());
  if (!r.diff.is_object()) {
    ImGui::TextDisabled("%s", rtext(S::replay_missing_stage).c_str());
    return;
  }
  ImGui::TextDisabled("+%d / −%d / =%d %s", r.diff.value("inserted", 0), r.diff.value("deleted", 0), r.diff.value("unchanged", 0),
                      rtext(S::replay_diff_counts).c_str());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float left = ImGui::GetCursorScreenPos().x, right = left + ImGui::GetContentRegionAvail().x, line_h = ImGui::GetTextLineHeight();
  ImVec2 pen = ImGui::GetCursorScreenPos();
  const ImVec2 origin = pen;
  for (const Json& op : r.diff["ops"]) {
    const std::string kind = op.value("op", ""), text = op.value("text", "");
    const ImU32 colour = ImGui::GetColorU32(kind == "insert" ? kInsert : kind == "delete" ? kDelete : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    // Word by word (a space stays with the word before it), wrapping at the right edge.
    std::size_t p = 0;
    while (p < text.size()) {
      std::size_t q = text.find(' ', p);
      q = q == std::string::npos ? text.size() : q + 1;
      const std::string word = text.substr(p, q - p);
      const float w = ImGui::CalcTextSize(word.c_str()).x;
      if (pen.x + w > right && pen.x > left) pen = ImVec2(left, pen.y + line_h + 2);
      dl->AddText(pen, colour, word.c_str());
      const float ink = ImGui::CalcTextSize(word.c_str(), nullptr).x - (word.back() == ' ' ? ImGui::CalcTextSize(" ").x : 0);
      if (kind == "delete") dl->AddLine(ImVec2(pen.x, pen.y + line_h * 0.55f), ImVec2(pen.x + ink, pen.y + line_h * 0.55f), colour);
      if (kind == "insert") dl->AddLine(ImVec2(pen.x, pen.y + line_h), ImVec2(pen.x + ink, pen.y + line_h), colour);
      pen.x += w;
      p = q;
    }
  }
  ImGui::Dummy(ImVec2(right - left, pen.y - origin.y + line_h + 4));
}
}  // namespace

void draw_replay_view(Replay& r, Fonts& fonts) {
  (void)fonts;
  if (!r.open()) {
    ImGui::TextWrapped("%s", rtext(S::replay_none).c_str());
    if (!r.error.empty()) ImGui::TextColored(kBad, "%s", r.error.c_str());
    return;
  }
  ImGui::Text("%s · %s · %zu", rtext(S::replay_title).c_str(), r.name.c_str(), r.records.size());
  draw_verdict(r);
  draw_stages(r);
  ImGui::Separator();
  const float list_width = ImGui::GetContentRegionAvail().x * 0.28f;
  ImGui::BeginChild("steps", ImVec2(list_width, 0), true);
  ImGui::TextUnformatted(rtext(S::replay_steps).c_str());
  draw_steps(r);
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("step", ImVec2(0, 0), true);
  draw_record(r);
  ImGui::Separator();
  draw_diff(r);
  ImGui::EndChild();
}
}  // namespace studio
