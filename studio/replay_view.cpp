// Studio — case replay view.
//
// Index
//   [SECTION] Chain      load, edit a record, verify again (the core's evidence methods)
//   [SECTION] State      the JSON form tests and the shell read
//   [SECTION] Drawing    verdict banner, stage strip, steps, the step's record, the diff
#include "replay_view.h"

#include "layout.h"
#include "matrix_view.h"  // input_text_resize
#include "strings.h"
#include "text_shape.h"
#include "parley/evidence.h"
#include "parley/routing.h"

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

// A record kind in the UI language, logical order (the core's kinds; an unknown kind shows as it is).
std::string kind_label(const std::string& kind) {
  static const std::pair<const char*, S> kKinds[] = {
      {"message", S::kind_message}, {"normalized", S::kind_normalized}, {"triage", S::kind_triage}, {"route", S::kind_route},
      {"knowledge", S::kind_knowledge}, {"draft", S::kind_draft}, {"edit", S::kind_edit}, {"approval", S::kind_approval},
      {"reply", S::kind_reply}, {"attachment", S::kind_attachment}, {"summary", S::kind_summary}};
  for (const auto& [k, label] : kKinds)
    if (kind == k) return tr(label);
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

// The step's sentence in the UI language: the core's reason code and params, rendered with this
// language's template (strings.cpp); the core's English when there is none.
std::string sentence(const Json& step, const Json& record) {
  const Json& what = step["what"];
  std::string code = what.value("code", "");
  if (code == "evidence.message" && record.is_object() && record.contains("data") && record["data"].is_object() &&
      record["data"].value("direction", "inbound") == "outbound")
    code += ".outbound";
  const char* local = reason_template(code);
  return local ? parley::routing::render(local, what.value("params", Json::object())) : what.value("text", "");
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
  for (std::size_t i = 0; i < r.result["steps"].size(); ++i) {
    const Json& s = r.result["steps"][i];
    steps.push_back({{"seq", s["seq"]}, {"kind", s["kind"]}, {"actor", s["actor"]}, {"at", s["at"]}, {"trusted", s["trusted"]},
                     {"text", s["what"].value("text", "")}, {"sentence", i < r.records.size() ? sentence(s, r.records[i]) : ""}});
  }
  Json words = Json::array();
  for (const Replay::DiffWord& w : r.diff_words) words.push_back({{"text", w.text}, {"op", w.op}, {"x", w.x}, {"y", w.y}, {"width", w.width}});
  for (std::size_t i = 0; i < r.records.size(); ++i) {
    const std::string stored = r.records[i].is_object() ? r.records[i].value("hash", "") : "", computed = computed_hash(r.records[i]);
    hashes.push_back({{"stored", stored}, {"computed", computed}, {"ok", !stored.empty() && stored == computed}});
    if (long b = changed_byte(r, i); b >= 0) changed.push_back({{"index", i}, {"byte", b}});
  }
  for (const Stage& st : kStages) stages[st.kind] = stage_step(r, st.kind);
  return Json{{"open", true},       {"name", r.name},           {"count", r.records.size()}, {"verification", r.result["verification"]},
              {"step", r.step},     {"steps", steps},           {"stages", stages},          {"suggestion", r.suggestion},
              {"final", r.final_reply}, {"diff", r.diff},       {"hashes", hashes},          {"changed", changed},
              {"diff_layout", {{"rtl", r.diff_rtl}, {"words", words}}}};
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
  for (std::size_t i = 0; i < r.result["steps"].size() && i < r.records.size(); ++i) want_text(fonts, visual_line(sentence(r.result["steps"][i], r.records[i])));
  want_text(fonts, r.error + "→←−…⟦⟧•");
}

//-----------------------------------------------------------------------------
// [SECTION] Drawing
//-----------------------------------------------------------------------------
namespace {
void draw_verdict(Replay& r) {
  const Json& v = r.result["verification"];
  if (v.value("valid", false)) {
    label(tr(S::replay_valid), ImGui::GetColorU32(kGood));
    label_disabled("head " + v.value("head_hash", ""));
    return;
  }
  const std::string seq = v["first_bad_seq"].is_number() ? std::to_string(v["first_bad_seq"].get<long long>()) : "?";
  label(format("%s: %s · seq %s", tr(S::replay_broken), v.value("problem", "").c_str(), seq.c_str()), ImGui::GetColorU32(kBad));
  paragraph(v.value("detail", ""));
  if (v["position"].is_number() && v["position"].get<std::size_t>() < r.records.size()) {
    // After the detail on its line; in a right-to-left UI on a line of its own, at the right edge.
    const std::string text = rtext(S::replay_show_bad);
    if (rtl()) Row().place(ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2);
    else ImGui::SameLine();
    if (ImGui::SmallButton(text.c_str())) r.step = v["position"].get<int>();
  }
}

// The five stages from the start edge, joined by arrows that point the way the UI reads.
void draw_stages(Replay& r) {
  Row row;
  const char* arrow = rtl() ? "←" : "→";
  const float pad = ImGui::GetStyle().FramePadding.x * 2;
  for (std::size_t i = 0; i < std::size(kStages); ++i) {
    const int at = stage_step(r, kStages[i].kind);
    if (i) { row.place(ImGui::CalcTextSize(arrow).x); ImGui::TextUnformatted(arrow); }
    const std::string text = rtext(kStages[i].label);
    row.place(ImGui::CalcTextSize(text.c_str()).x + pad);
    ImGui::BeginDisabled(at < 0);
    const bool here = at >= 0 && r.step == at;
    if (here) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button((text + "##stage" + std::to_string(i)).c_str())) r.step = at;
    if (here) ImGui::PopStyleColor();
    ImGui::EndDisabled();
    note(std::string("replay.stage.") + kStages[i].kind);
  }
}

void draw_steps(Replay& r) {
  const Json& steps = r.result["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Json& s = steps[i];
    const bool trusted = s.value("trusted", false);
    std::string line = "#" + (s["seq"].is_number() ? std::to_string(s["seq"].get<long long>()) : std::string("?")) + "  " + kind_label(s.value("kind", "")) + "  " +
                       (s["actor"].is_string() ? s["actor"].get<std::string>() : "");
    if (!trusted) line += "  (" + std::string(tr(S::replay_untrusted)) + ")";
    if (!trusted) ImGui::PushStyleColor(ImGuiCol_Text, kBad);
    // Selectable labels follow the UI's side (layout_frame_start sets their alignment).
    if (ImGui::Selectable((visual_line(line) + "##step" + std::to_string(i)).c_str(), r.step == static_cast<int>(i))) r.step = static_cast<int>(i);
    // The selection follows the keyboard focus, as in a list box: arrow keys step through the case.
    if (ImGui::IsItemFocused() && ImGui::GetIO().NavVisible && r.step != static_cast<int>(i)) r.step = static_cast<int>(i);
    note("replay.step." + std::to_string(i));
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
      label("• " + a.value("article_id", "") + "  " + a.value("title", ""));
      paragraph(a.value("snippet", ""));
    }
  } else if (data.contains("text") && data["text"].is_string()) {
    paragraph(data["text"].get<std::string>());
  } else {
    for (auto it = data.begin(); it != data.end(); ++it)
      label("• " + it.key() + ": " + (it->is_string() ? it->get<std::string>() : it->dump()));
  }
}

void draw_record(Replay& r) {
  const int i = r.step;
  const Json& rec = r.records[i];
  const Json& step = r.result["steps"][i];
  label(format("%s %d / %zu · %s", tr(S::replay_step_of), i + 1, r.records.size(), sentence(step, rec).c_str()));
  note("replay.sentence");
  label_disabled(format("%s · %s", rec.is_object() && rec["at"].is_string() ? rec["at"].get<std::string>().c_str() : "",
                        step.value("trusted", false) ? "" : tr(S::replay_untrusted)));
  ImGui::Separator();
  draw_content(rec);
  ImGui::Separator();

  const std::string stored = rec.is_object() ? rec.value("hash", "") : "", computed = computed_hash(rec);
  const bool ok = !stored.empty() && stored == computed;
  label(format("%s: %.16s…", tr(S::replay_hash_stored), stored.c_str()));
  label(format("%s: %.16s… (%s)", tr(S::replay_hash_computed), computed.c_str(), tr(ok ? S::replay_hash_ok : S::replay_hash_bad)),
        ImGui::GetColorU32(ok ? kGood : kBad));
  if (long b = changed_byte(r, static_cast<std::size_t>(i)); b >= 0) {
    // The bytes around the first change, the changed one marked ⟦ ⟧ (cut at UTF-8 boundaries).
    // The record is JSON, left to right in any UI.
    const std::string& line = r.lines[i];
    std::size_t from = b > 24 ? static_cast<std::size_t>(b) - 24 : 0, to = std::min(line.size(), static_cast<std::size_t>(b) + 24);
    while (from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) --from;
    while (to < line.size() && (static_cast<unsigned char>(line[to]) & 0xC0) == 0x80) ++to;
    std::size_t next = static_cast<std::size_t>(b) + 1;
    while (next < line.size() && (static_cast<unsigned char>(line[next]) & 0xC0) == 0x80) ++next;
    next = std::min(next, to);
    const std::string before = line.substr(from, b - from), at = static_cast<std::size_t>(b) < line.size() ? line.substr(b, next - b) : "", after = line.substr(next, to - next);
    label(format("%s %ld:", tr(S::replay_changed_byte), b), ImGui::GetColorU32(kBad));
    ImGui::TextUnformatted(("…" + before).c_str());
    ImGui::SameLine(0, 0);
    ImGui::TextColored(kBad, "⟦%s⟧", at.c_str());
    ImGui::SameLine(0, 0);
    ImGui::TextUnformatted((after + "…").c_str());
  }

  ImGui::Separator();
  label(tr(S::replay_record));
  label_disabled(tr(S::replay_record_help));
  if (r.buffer_for != i) {
    r.buffer = r.lines[i];
    r.buffer_for = i;
  }
  ImGui::InputTextMultiline("##record", r.buffer.data(), r.buffer.capacity() + 1, ImVec2(-1, ImGui::GetTextLineHeight() * 5),
                            ImGuiInputTextFlags_CallbackResize, input_text_resize, &r.buffer);
  note_text_field("replay.record");
  const std::string apply = rtext(S::replay_apply_record), revert = rtext(S::replay_revert);
  const float pad = ImGui::GetStyle().FramePadding.x * 2;
  Row row;
  row.place(ImGui::CalcTextSize(apply.c_str()).x + pad);
  if (ImGui::Button(apply.c_str())) {
    try {
      replace_record(r, static_cast<std::size_t>(i), r.buffer.c_str());
    } catch (const parley::Error& e) {
      r.error = e.what();
    }
  }
  row.place(ImGui::CalcTextSize(revert.c_str()).x + pad);
  if (ImGui::Button(revert.c_str())) {
    Replay fresh;
    std::string text;
    for (const auto& l : r.loaded) text += l + "\n";
    load_evidence(fresh, r.name, text);
    fresh.step = r.step;
    r = std::move(fresh);
  }
  if (!r.error.empty()) label(r.error, ImGui::GetColorU32(kBad));
}

// The diff as running text: inserted words green and underlined, deleted ones red and struck
// through. Right-to-left text (Arabic) runs from the right edge leftwards, each word shaped on
// its own (a space ends an Arabic joining run, so word by word is what whole-line shaping gives;
// numbers and Latin words inside it keep their own order: approximate, as everywhere).
void draw_diff(Replay& r) {
  label(tr(S::replay_diff));
  r.diff_words.clear();
  r.diff_rtl = needs_shaping(r.suggestion + r.final_reply);
  if (!r.diff.is_object()) {
    label_disabled(tr(S::replay_missing_stage));
    return;
  }
  label_disabled(format("+%d / −%d / =%d %s", r.diff.value("inserted", 0), r.diff.value("deleted", 0), r.diff.value("unchanged", 0), tr(S::replay_diff_counts)));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float left = ImGui::GetCursorScreenPos().x, right = left + ImGui::GetContentRegionAvail().x, line_h = ImGui::GetTextLineHeight();
  const float space = ImGui::CalcTextSize(" ").x;
  const bool backwards = r.diff_rtl;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 pen(backwards ? right : left, origin.y);
  for (const Json& op : r.diff["ops"]) {
    const std::string kind = op.value("op", ""), text = op.value("text", "");
    const ImU32 colour = ImGui::GetColorU32(kind == "insert" ? kInsert : kind == "delete" ? kDelete : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    // Word by word (a space stays with the word before it), wrapping at the far edge.
    std::size_t p = 0;
    while (p < text.size()) {
      std::size_t q = text.find(' ', p);
      const bool spaced = q != std::string::npos;
      q = spaced ? q + 1 : text.size();
      const std::string word = visual_line(text.substr(p, q - p - (spaced ? 1 : 0)));
      const float ink = ImGui::CalcTextSize(word.c_str()).x, advance = ink + (spaced ? space : 0);
      float x;
      if (backwards) {
        if (pen.x - ink < left && pen.x < right) pen = ImVec2(right, pen.y + line_h + 2);
        x = pen.x - ink;
        pen.x -= advance;
      } else {
        if (pen.x + ink > right && pen.x > left) pen = ImVec2(left, pen.y + line_h + 2);
        x = pen.x;
        pen.x += advance;
      }
      dl->AddText(ImVec2(x, pen.y), colour, word.c_str());
      if (kind == "delete") dl->AddLine(ImVec2(x, pen.y + line_h * 0.55f), ImVec2(x + ink, pen.y + line_h * 0.55f), colour);
      if (kind == "insert") dl->AddLine(ImVec2(x, pen.y + line_h), ImVec2(x + ink, pen.y + line_h), colour);
      r.diff_words.push_back({word, kind, x, pen.y, ink});
      p = q;
    }
  }
  ImGui::Dummy(ImVec2(right - left, pen.y - origin.y + line_h + 4));
}
}  // namespace

void draw_replay_view(Replay& r, Fonts& fonts) {
  (void)fonts;
  if (!r.open()) {
    paragraph(tr(S::replay_none));
    if (!r.error.empty()) label(r.error, ImGui::GetColorU32(kBad));
    return;
  }
  label(format("%s · %s · %zu", tr(S::replay_title), r.name.c_str(), r.records.size()));
  note("replay.title");
  draw_verdict(r);
  draw_stages(r);
  ImGui::Separator();
  panes("replay", ImGui::GetContentRegionAvail().x * 0.28f, true, true,
        [&] {
          label(tr(S::replay_steps));
          draw_steps(r);
        },
        [&] {
          draw_record(r);
          ImGui::Separator();
          draw_diff(r);
        });
}
}  // namespace studio
